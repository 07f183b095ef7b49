//! The title screen: practise or screening.

use bevy::prelude::*;

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

fn spawn(mut commands: Commands, fonts: Res<Fonts>) {
    commands.spawn(theme::screen_root(Screen::Title)).with_children(|root| {
        root.spawn(Node { height: px(90), ..default() });
        root.spawn(theme::bold(&fonts, "cooldown", theme::TITLE_SIZE, theme::TEXT));
        root.spawn(theme::text(&fonts, "Practise handling angry customers, and see where every point came from.", theme::BODY_SIZE, theme::MUTED));
        root.spawn(Node { height: px(40), ..default() });
        for (i, (mode, label, detail)) in MODES.iter().enumerate() {
            root.spawn((option_row(&fonts, &(i + 1).to_string(), label, detail), ModeButton(*mode)));
        }
        root.spawn(key_hints(&fonts, "1-2 choose  ·  Esc quit"));
    });
}

fn choose(mode: Mode, setup: &mut Setup, next: &mut NextState<Screen>) {
    setup.mode = mode;
    next.set(Screen::Picker);
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut setup: ResMut<Setup>, mut next: ResMut<NextState<Screen>>, mut exit: MessageWriter<AppExit>) {
    if let Some(i) = digit_pressed(&keys).filter(|i| *i < MODES.len()) {
        choose(MODES[i].0, &mut setup, &mut next);
    } else if keys.just_pressed(KeyCode::Escape) {
        exit.write(AppExit::Success);
    }
}

fn clicks(buttons: Query<(&Interaction, &ModeButton), Changed<Interaction>>, mut setup: ResMut<Setup>, mut next: ResMut<NextState<Screen>>) {
    for (interaction, button) in &buttons {
        if *interaction == Interaction::Pressed {
            choose(button.0, &mut setup, &mut next);
        }
    }
}
