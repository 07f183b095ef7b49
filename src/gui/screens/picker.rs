//! The scenario picker: title, customer and persona, difficulty, best band so far.

use bevy::prelude::*;

use super::{digit_pressed, key_hints, option_row, Screen};
use crate::engine::Mode;
use crate::gui::theme::{self, Fonts};
use crate::gui::{History, Pack, Setup};

/// The picker's systems.
pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Picker), spawn)
        .add_systems(Update, (keys, clicks).run_if(in_state(Screen::Picker)));
}

#[derive(Component)]
struct ScenarioButton(usize);

fn spawn(mut commands: Commands, fonts: Res<Fonts>, pack: Res<Pack>, setup: Res<Setup>, history: Res<History>) {
    let mode = match setup.mode {
        Mode::Practice => "Practice: feedback after every answer",
        Mode::Screening => "Screening: results at the end",
    };
    commands.spawn(theme::screen_root(Screen::Picker)).with_children(|root| {
        root.spawn(Node { justify_content: JustifyContent::SpaceBetween, align_items: AlignItems::Baseline, ..default() })
            .with_children(|row| {
                row.spawn(theme::bold(&fonts, "Choose a call", theme::HEADING_SIZE, theme::TEXT));
                row.spawn(theme::text(&fonts, mode, theme::SMALL_SIZE, theme::ACCENT));
            });
        for (i, s) in pack.scenarios.iter().enumerate().take(9) {
            let best = history.best.get(&s.id).map_or(String::new(), |b| format!("  ·  best so far: {}", b.name()));
            let detail = format!(
                "{}, {}  ·  {:?}{best}",
                s.customer.name,
                s.customer.persona.describe(),
                s.difficulty
            );
            root.spawn((option_row(&fonts, &(i + 1).to_string(), &s.title, &detail), ScenarioButton(i)));
        }
        for problem in pack.problems.iter().take(3) {
            root.spawn(theme::text(&fonts, format!("Not playable: {problem}"), theme::SMALL_SIZE, theme::BAD));
        }
        let last = pack.scenarios.len().min(9);
        root.spawn(key_hints(&fonts, &format!("1-{last} choose  ·  Esc back")));
    });
}

fn keys(keys: Res<ButtonInput<KeyCode>>, pack: Res<Pack>, mut setup: ResMut<Setup>, mut next: ResMut<NextState<Screen>>) {
    if let Some(i) = digit_pressed(&keys).filter(|i| *i < pack.scenarios.len()) {
        setup.scenario = i;
        next.set(Screen::Session);
    } else if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
    }
}

fn clicks(buttons: Query<(&Interaction, &ScenarioButton), Changed<Interaction>>, mut setup: ResMut<Setup>, mut next: ResMut<NextState<Screen>>) {
    for (interaction, button) in &buttons {
        if *interaction == Interaction::Pressed {
            setup.scenario = button.0;
            next.set(Screen::Session);
        }
    }
}
