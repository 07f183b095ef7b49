//! The title screen: who is playing, and practise or screening.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::text::{EditableText, TextCursorStyle};

use super::{digit_pressed, key_hints, option_row, Screen};
use crate::engine::Mode;
use crate::gui::theme::{self, Fonts};
use crate::gui::Setup;

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn)
        .add_systems(Update, (keys, clicks).run_if(in_state(Screen::Title)));
}

/// The two ways in, in the order shown.
const MODES: [(Mode, &str, &str); 2] = [
    (Mode::Practice, "Practise", "Feedback after every answer. Retry as often as you like."),
    (Mode::Screening, "Screening", "Equal conditions for every candidate: options shuffled, results at the end."),
];

#[derive(Component)]
struct ModeButton(Mode);

/// The "your name" box: sessions are kept under this name.
#[derive(Component)]
pub struct NameBox;

fn spawn(mut commands: Commands, fonts: Res<Fonts>, setup: Res<Setup>) {
    commands.spawn(theme::screen_root(Screen::Title)).with_children(|root| {
        root.spawn(Node { height: px(90), ..default() });
        root.spawn(theme::bold(&fonts, "cooldown", theme::TITLE_SIZE, theme::TEXT));
        root.spawn(theme::text(&fonts, "Practise handling angry customers, and see where every point came from.", theme::BODY_SIZE, theme::MUTED));
        root.spawn(Node { height: px(28), ..default() });
        root.spawn(Node { column_gap: px(14), align_items: AlignItems::Center, ..default() }).with_children(|row| {
            row.spawn(theme::text(&fonts, "Your name", theme::BODY_SIZE, theme::MUTED));
            row.spawn((
                Node { width: px(360), padding: UiRect::axes(px(12), px(8)), border: px(2).all(), border_radius: BorderRadius::all(px(8)), ..default() },
                BorderColor::all(theme::ACCENT),
                BackgroundColor(theme::PANEL),
                EditableText { allow_newlines: false, max_characters: Some(60), ..EditableText::new(&setup.person) },
                TextFont { font: fonts.regular.clone().into(), font_size: FontSize::Px(theme::BODY_SIZE), ..default() },
                TextColor(theme::TEXT),
                TextCursorStyle::default(),
                AutoFocus,
                NameBox,
            ));
            row.spawn(theme::text(&fonts, "your sessions are kept under it", theme::SMALL_SIZE, theme::MUTED));
        });
        root.spawn(Node { height: px(24), ..default() });
        for (i, (mode, label, detail)) in MODES.iter().enumerate() {
            root.spawn((option_row(&fonts, &(i + 1).to_string(), label, detail), ModeButton(*mode)));
        }
        root.spawn(key_hints(&fonts, "1-2 choose  ·  Esc quit"));
    });
}

/// Takes the mode and the name (the digit that chose the mode is not part of the name).
fn choose(mode: Mode, setup: &mut Setup, names: &mut Query<&mut EditableText, With<NameBox>>, next: &mut NextState<Screen>) {
    for mut name in names.iter_mut() {
        name.pending_edits.clear();
        let typed = name.value().to_string();
        if !typed.trim().is_empty() {
            setup.person = typed.trim().to_string();
        }
    }
    setup.mode = mode;
    next.set(Screen::Picker);
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut setup: ResMut<Setup>,
    mut names: Query<&mut EditableText, With<NameBox>>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
) {
    if let Some(i) = digit_pressed(&keys).filter(|i| *i < MODES.len()) {
        choose(MODES[i].0, &mut setup, &mut names, &mut next);
    } else if keys.just_pressed(KeyCode::Escape) {
        exit.write(AppExit::Success);
    }
}

fn clicks(
    buttons: Query<(&Interaction, &ModeButton), Changed<Interaction>>,
    mut setup: ResMut<Setup>,
    mut names: Query<&mut EditableText, With<NameBox>>,
    mut next: ResMut<NextState<Screen>>,
) {
    for (interaction, button) in &buttons {
        if *interaction == Interaction::Pressed {
            choose(button.0, &mut setup, &mut names, &mut next);
        }
    }
}
