//! Colours, fonts and the few widgets every screen uses. Sizes are for a 1280x720 window; the
//! whole UI scales with the window's height (see [`scale_with_window`]).

use bevy::prelude::*;
use bevy::text::TextCursorStyle;
use bevy::window::{PrimaryWindow, WindowResized};

/// The window's background.
pub const BACKGROUND: Color = Color::srgb(0.067, 0.075, 0.102);
/// Panels and option rows.
pub const PANEL: Color = Color::srgb(0.118, 0.129, 0.173);
/// A panel under the pointer or keyboard.
pub const PANEL_HIGHLIGHT: Color = Color::srgb(0.165, 0.184, 0.251);
/// Body text.
pub const TEXT: Color = Color::srgb(0.925, 0.933, 0.953);
/// Secondary text.
pub const MUTED: Color = Color::srgb(0.620, 0.651, 0.722);
/// Highlights and keys.
pub const ACCENT: Color = Color::srgb(0.404, 0.639, 1.0);
/// Points earned, a calm customer.
pub const GOOD: Color = Color::srgb(0.345, 0.773, 0.525);
/// A customer getting angry.
pub const WARN: Color = Color::srgb(0.957, 0.722, 0.286);
/// Points lost, a furious customer.
pub const BAD: Color = Color::srgb(0.937, 0.408, 0.408);

/// Heights the layout is designed for.
pub const DESIGN_HEIGHT: f32 = 720.0;

/// The title.
pub const TITLE_SIZE: f32 = 56.0;
/// Screen headings.
pub const HEADING_SIZE: f32 = 30.0;
/// Body text.
pub const BODY_SIZE: f32 = 22.0;
/// Hints and labels.
pub const SMALL_SIZE: f32 = 17.0;

/// Fonts for the scripts DejaVu Sans lacks (Chinese, Japanese, Korean), from Debian's font
/// packages (`fonts-wqy-microhei`, `fonts-noto-cjk`, `fonts-droid-fallback`): used where one is
/// installed, never bundled (they are megabytes), so a name or an answer in those scripts shows
/// as words rather than boxes.
pub const FALLBACK_FONTS: [&str; 4] = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
];

/// The scripts the fallback font is used for: Han, Hiragana, Katakana, Hangul, Bopomofo.
const FALLBACK_SCRIPTS: [[u8; 4]; 5] = [*b"Hani", *b"Hira", *b"Kana", *b"Hang", *b"Bopo"];

/// A fallback font loaded from one of [`FALLBACK_FONTS`], until the text layout knows it.
#[derive(Resource)]
pub struct FallbackFont {
    handle: Handle<Font>,
    /// The file it came from.
    pub path: std::path::PathBuf,
}

impl FallbackFont {
    /// The first of [`FALLBACK_FONTS`] that is installed, added to the app's fonts.
    pub fn load(fonts: &mut Assets<Font>) -> Option<FallbackFont> {
        let (path, bytes) = FALLBACK_FONTS.iter().find_map(|p| std::fs::read(p).ok().map(|b| (std::path::PathBuf::from(p), b)))?;
        Some(FallbackFont { handle: fonts.add(Font::from_bytes(bytes)), path })
    }
}

/// Once the text layout has registered the fallback font (a frame or two after it is added),
/// makes it the fallback for the CJK scripts; then the resource goes, and this system with it.
pub fn use_fallback_font(mut commands: Commands, fallback: Res<FallbackFont>, fonts: Res<Assets<Font>>, font_cx: Option<ResMut<bevy::text::FontCx>>) {
    let Some(mut font_cx) = font_cx else { return };
    let Some(family) = fonts.get(&fallback.handle).and_then(|f| font_cx.collection.family_id(&f.alias)) else { return };
    for script in FALLBACK_SCRIPTS {
        let key = parley::fontique::FallbackKey::new(parley::fontique::Script::from_bytes(script), None);
        font_cx.collection.append_fallbacks(key, std::iter::once(family));
    }
    info!("text in Chinese, Japanese and Korean uses {}", fallback.path.display());
    commands.remove_resource::<FallbackFont>();
}

/// The bundled fonts (DejaVu Sans), loaded from bytes compiled into the binary so the window
/// never depends on where it is started from. Headless tests keep the default handles.
#[derive(Resource, Default, Clone)]
pub struct Fonts {
    /// The regular face.
    pub regular: Handle<Font>,
    /// The bold face.
    pub bold: Handle<Font>,
}

impl Fonts {
    /// Adds the bundled fonts to the app's font assets.
    pub fn load(fonts: &mut Assets<Font>) -> Fonts {
        Fonts {
            regular: fonts.add(Font::from_bytes(include_bytes!("../../assets/fonts/DejaVuSans.ttf").to_vec())),
            bold: fonts.add(Font::from_bytes(include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf").to_vec())),
        }
    }
}

/// A text bundle in the regular font.
pub fn text(fonts: &Fonts, value: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    (
        Text::new(value),
        TextFont { font: fonts.regular.clone().into(), font_size: FontSize::Px(size), ..default() },
        TextColor(color),
    )
}

/// A text bundle in the bold font.
pub fn bold(fonts: &Fonts, value: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    (
        Text::new(value),
        TextFont { font: fonts.bold.clone().into(), font_size: FontSize::Px(size), ..default() },
        TextColor(color),
    )
}

/// A full-window column that despawns when its screen is left, and scrolls when what it shows
/// is taller than the window (large text in a small window; see `gui::scroll`).
pub fn screen_root<S: States>(screen: S) -> impl Bundle {
    (
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(56), px(36)),
            row_gap: px(14),
            overflow: Overflow::scroll_y(),
            ..default()
        },
        ScrollPosition::default(),
        super::scroll::ScreenRoot,
        BackgroundColor(BACKGROUND),
        DespawnOnExit(screen),
    )
}

/// A screen's header row: its main column (see [`header_main`]) on the left and something of
/// fixed size on the right (the mood meter, the debrief's buttons), which goes under the main
/// column where that would leave it too narrow to read (large text in a small window).
pub fn header_row(align_items: AlignItems) -> Node {
    Node { justify_content: JustifyContent::SpaceBetween, align_items, flex_wrap: FlexWrap::Wrap, row_gap: px(8), flex_shrink: 0.0, ..default() }
}

/// The main column of a [`header_row`]: it takes the room the right side leaves, and never less
/// than a readable width.
pub fn header_main() -> Node {
    Node { flex_direction: FlexDirection::Column, row_gap: px(4), flex_grow: 1.0, flex_basis: px(0), min_width: px(240), margin: UiRect::right(px(16)), ..default() }
}

/// A column over the whole window, above the screen under it (the pause overlay, the branch
/// graph): lay it out further with `Node { row_gap: .., ..cover() }`.
pub fn cover() -> Node {
    Node {
        position_type: PositionType::Absolute,
        left: px(0),
        top: px(0),
        width: percent(100),
        height: percent(100),
        flex_direction: FlexDirection::Column,
        align_items: AlignItems::Center,
        ..default()
    }
}

/// The text cursor and selection of a text box, in the theme's colours (Bevy's own cursor is
/// dark grey, nearly invisible on a panel): a light bar, and selected words dark on the accent.
pub fn cursor() -> TextCursorStyle {
    TextCursorStyle { color: TEXT, selection_color: ACCENT, unfocused_selection_color: PANEL_HIGHLIGHT, selected_text_color: Some(BACKGROUND) }
}

/// A rounded panel.
pub fn panel() -> impl Bundle {
    (
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(22), px(16)),
            row_gap: px(8),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        },
        BackgroundColor(PANEL),
    )
}

/// A horizontal bar, `value` of 100 filled, in `color`.
pub fn bar(value: u8, width: f32, height: f32, color: Color) -> impl Bundle {
    let filled = f32::from(value.min(100)) / 100.0 * width;
    (
        Node { width: px(width), height: px(height), border_radius: BorderRadius::all(px(height / 2.0)), ..default() },
        BackgroundColor(PANEL_HIGHLIGHT),
        children![(
            Node { width: px(filled), height: percent(100), border_radius: BorderRadius::all(px(height / 2.0)), ..default() },
            BackgroundColor(color),
        )],
    )
}

/// Green, amber or red for a score out of 100.
pub fn score_color(score: u8) -> Color {
    match score {
        0..=42 => BAD,
        43..=76 => WARN,
        _ => GOOD,
    }
}

/// Green through red for an anger level.
pub fn anger_color(anger: u8) -> Color {
    match anger {
        0..=39 => GOOD,
        40..=69 => WARN,
        _ => BAD,
    }
}

/// Keeps text readable and proportions right at any window size, times the person's text size.
pub fn scale_with_window(
    mut resized: MessageReader<WindowResized>,
    windows: Query<&Window, With<PrimaryWindow>>,
    preferences: Res<super::Preferences>,
    mut scale: ResMut<UiScale>,
) {
    if resized.read().last().is_some() || preferences.is_changed() {
        if let Ok(window) = windows.single() {
            scale.0 = (window.height() / DESIGN_HEIGHT * preferences.0.text_scale()).clamp(0.5, 6.0);
        }
    }
}

/// The high-contrast counterpart of each theme colour: white and yellow on black.
const CONTRAST: [(Color, Color); 9] = [
    (BACKGROUND, Color::BLACK),
    (PANEL, Color::srgb(0.06, 0.06, 0.06)),
    (PANEL_HIGHLIGHT, Color::srgb(0.3, 0.3, 0.3)),
    (TEXT, Color::WHITE),
    (MUTED, Color::srgb(0.92, 0.92, 0.92)),
    (ACCENT, Color::srgb(1.0, 0.9, 0.0)),
    (GOOD, Color::srgb(0.45, 1.0, 0.55)),
    (WARN, Color::srgb(1.0, 0.8, 0.2)),
    (BAD, Color::srgb(1.0, 0.55, 0.55)),
];

/// A theme colour in the contrast wanted (`high`), or the colour itself where it is none of them.
pub fn in_contrast(color: Color, high: bool) -> Color {
    CONTRAST
        .iter()
        .find_map(|(normal, strong)| if high && color == *normal { Some(*strong) } else if !high && color == *strong { Some(*normal) } else { None })
        .unwrap_or(color)
}

/// Repaints everything (text, panels, borders, text cursors, the background) when the contrast
/// setting changes, either way.
pub fn repaint_all(
    preferences: Res<super::Preferences>,
    clear: Option<ResMut<ClearColor>>,
    mut texts: Query<&mut TextColor>,
    mut fills: Query<&mut BackgroundColor>,
    mut borders: Query<&mut BorderColor>,
    mut cursors: Query<&mut TextCursorStyle>,
) {
    let high = preferences.0.high_contrast;
    if let Some(mut clear) = clear {
        let want = in_contrast(clear.0, high);
        if clear.0 != want {
            clear.0 = want;
        }
    }
    repaint(high, texts.iter_mut(), fills.iter_mut(), borders.iter_mut(), cursors.iter_mut());
}

/// While high contrast is on, repaints what a screen adds, as it adds it.
pub fn repaint_new(
    mut texts: Query<&mut TextColor, Added<TextColor>>,
    mut fills: Query<&mut BackgroundColor, Added<BackgroundColor>>,
    mut borders: Query<&mut BorderColor, Added<BorderColor>>,
    mut cursors: Query<&mut TextCursorStyle, Added<TextCursorStyle>>,
) {
    repaint(true, texts.iter_mut(), fills.iter_mut(), borders.iter_mut(), cursors.iter_mut());
}

/// Each colour in the contrast wanted; only colours that differ are written, so nothing is
/// redrawn for nothing.
fn repaint<'a>(
    high: bool,
    texts: impl Iterator<Item = Mut<'a, TextColor>>,
    fills: impl Iterator<Item = Mut<'a, BackgroundColor>>,
    borders: impl Iterator<Item = Mut<'a, BorderColor>>,
    cursors: impl Iterator<Item = Mut<'a, TextCursorStyle>>,
) {
    for mut c in texts {
        let want = TextColor(in_contrast(c.0, high));
        c.set_if_neq(want);
    }
    for mut c in fills {
        let want = BackgroundColor(in_contrast(c.0, high));
        c.set_if_neq(want);
    }
    for mut b in borders {
        let want = BorderColor { top: in_contrast(b.top, high), right: in_contrast(b.right, high), bottom: in_contrast(b.bottom, high), left: in_contrast(b.left, high) };
        b.set_if_neq(want);
    }
    for mut c in cursors {
        let want = TextCursorStyle {
            color: in_contrast(c.color, high),
            selection_color: in_contrast(c.selection_color, high),
            unfocused_selection_color: in_contrast(c.unfocused_selection_color, high),
            selected_text_color: c.selected_text_color.map(|t| in_contrast(t, high)),
        };
        c.set_if_neq(want);
    }
}
