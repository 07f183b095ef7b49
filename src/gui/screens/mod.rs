//! The screens, as a `States` enum, one plugin per file.

pub mod debrief;
pub mod picker;
pub mod review;
pub mod session;
pub mod settings;
pub mod sitting;
pub mod title;

use bevy::prelude::*;

use super::theme;

/// Where the player is.
#[derive(States, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// The name and the mode.
    #[default]
    Title,
    /// Choosing a scenario.
    Picker,
    /// On the call.
    Session,
    /// The result and its transcript.
    Debrief,
    /// A screening assessment: its code, notice and questions, between and after its calls.
    Assessment,
    /// Rating answers on the anchored scales, blind.
    Review,
    /// Text size, caption speed, reduced motion, contrast.
    Settings,
}

/// Every screen's systems.
pub fn plugin(app: &mut App) {
    app.add_plugins((title::plugin, picker::plugin, session::plugin, debrief::plugin, sitting::plugin, review::plugin, settings::plugin))
        .add_systems(Update, highlight_hovered);
}

/// The option number a key stands for: 1-9 on the main row or the keypad, as 0-8.
pub fn digit_pressed(keys: &ButtonInput<KeyCode>) -> Option<usize> {
    const DIGITS: [(KeyCode, KeyCode); 9] = [
        (KeyCode::Digit1, KeyCode::Numpad1),
        (KeyCode::Digit2, KeyCode::Numpad2),
        (KeyCode::Digit3, KeyCode::Numpad3),
        (KeyCode::Digit4, KeyCode::Numpad4),
        (KeyCode::Digit5, KeyCode::Numpad5),
        (KeyCode::Digit6, KeyCode::Numpad6),
        (KeyCode::Digit7, KeyCode::Numpad7),
        (KeyCode::Digit8, KeyCode::Numpad8),
        (KeyCode::Digit9, KeyCode::Numpad9),
    ];
    DIGITS.iter().position(|(a, b)| keys.just_pressed(*a) || keys.just_pressed(*b))
}

/// The button under the pointer lights up; everything clickable is also reachable by keys.
fn highlight_hovered(mut buttons: Query<(&Interaction, &mut BackgroundColor), (Changed<Interaction>, With<Button>)>) {
    for (interaction, mut color) in &mut buttons {
        color.0 = match interaction {
            Interaction::Hovered | Interaction::Pressed => theme::PANEL_HIGHLIGHT,
            Interaction::None => theme::PANEL,
        };
    }
}

/// A clickable row: a key badge and a label, with optional detail underneath.
pub fn option_row(fonts: &theme::Fonts, key: &str, label: &str, detail: &str) -> impl Bundle {
    let detail = detail.to_string();
    (
        Button,
        Interaction::default(),
        Node {
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Center,
            column_gap: px(18),
            padding: UiRect::axes(px(18), px(12)),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        },
        BackgroundColor(theme::PANEL),
        children![
            (
                Node {
                    width: px(40),
                    height: px(40),
                    // Long option text wraps beside the badge; the badge keeps its size.
                    flex_shrink: 0.0,
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::all(px(8)),
                    ..default()
                },
                BackgroundColor(theme::ACCENT),
                children![theme::bold(fonts, key.to_string(), theme::BODY_SIZE, theme::BACKGROUND)],
            ),
            (
                Node { flex_direction: FlexDirection::Column, row_gap: px(4), flex_shrink: 1.0, ..default() },
                children![
                    (theme::text(fonts, label.to_string(), theme::BODY_SIZE, theme::TEXT), OptionLabel),
                    theme::text(fonts, detail, theme::SMALL_SIZE, theme::MUTED),
                ],
            ),
        ],
    )
}

/// The label text of an option row (tests read what the screen offers through it).
#[derive(Component)]
pub struct OptionLabel;

/// A line of key hints at the bottom of a screen.
pub fn key_hints(fonts: &theme::Fonts, hints: &str) -> impl Bundle {
    (
        Node { margin: UiRect::top(auto()), ..default() },
        children![(theme::text(fonts, hints.to_string(), theme::SMALL_SIZE, theme::MUTED), KeyHints)],
    )
}

/// The key hints' text (a screen whose keys change with what it shows rewrites it).
#[derive(Component)]
pub struct KeyHints;
