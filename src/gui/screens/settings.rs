//! The settings screen (key 5 on the title): text size, caption speed, reduced motion and high
//! contrast, each changed by its digit and kept at once for the person named on the title.
//! [`Preferences`] holds them for every screen; the theme applies size and contrast.

use bevy::prelude::*;

use super::{digit_pressed, key_hints, option_row, Screen};
use crate::app::settings::{self, Settings};
use crate::gui::results::Results;
use crate::gui::theme::{self, Fonts};
use crate::gui::{Preferences, Setup};

/// The screen's root, rebuilt when a setting changes.
#[derive(Component)]
pub struct SettingsRoot;

/// Where the settings were kept, or why not.
#[derive(Component)]
pub struct SettingsMessage;

/// The screen's systems, and loading a person's settings when the name on the title changes.
pub fn plugin(app: &mut App) {
    app.init_resource::<Preferences>()
        .add_systems(Update, load_for_person.run_if(resource_changed::<Setup>))
        .add_systems(OnEnter(Screen::Settings), |mut p: ResMut<Preferences>| p.set_changed())
        .add_systems(Update, (keys, show).chain().run_if(in_state(Screen::Settings)));
}

/// The name on the title changed: that person's settings take over.
fn load_for_person(setup: Res<Setup>, results: Option<NonSend<Results>>, mut preferences: ResMut<Preferences>, mut last: Local<Option<String>>) {
    let name = setup.person.trim();
    if name.is_empty() || last.as_deref() == Some(name) {
        return;
    }
    *last = Some(name.to_string());
    let Some(results) = results else { return };
    match settings::load(&results.store, name) {
        Ok(s) => preferences.set_if_neq(Preferences(s)),
        Err(e) => {
            warn!("{name}'s settings could not be read: {e}");
            false
        }
    };
}

/// The rows: what each digit changes, and its value now.
fn rows(s: &Settings) -> [(String, &'static str); 4] {
    let on = |b: bool| if b { "on" } else { "off" };
    [
        (format!("Text size: {:.0}%", s.text_scale() * 100.0), "Everything on screen grows with it, up to twice the size."),
        (format!("Captions: {}", s.captions.describe()), "How fast the customer's words appear where a line has no recording to keep pace with."),
        (format!("Reduced motion: {}", on(s.reduced_motion)), "Captions appear whole; nothing moves on its own."),
        (format!("High contrast: {}", on(s.high_contrast)), "White and yellow on black."),
    ]
}

fn show(mut commands: Commands, preferences: Res<Preferences>, setup: Res<Setup>, fonts: Res<Fonts>, roots: Query<Entity, With<SettingsRoot>>, results: Option<NonSend<Results>>) {
    if !preferences.is_changed() {
        return;
    }
    for root in &roots {
        commands.entity(root).despawn();
    }
    let who = setup.person.trim();
    let kept = match (who.is_empty(), results.is_some()) {
        (true, _) => "Type your name on the title screen first: settings are kept with it.".to_string(),
        (false, true) => format!("Kept for {who}, on this machine's results."),
        (false, false) => "The results database is not open, so these last until the window closes.".to_string(),
    };
    commands.spawn((theme::screen_root(Screen::Settings), SettingsRoot)).with_children(|root| {
        root.spawn(theme::bold(&fonts, "Settings", theme::HEADING_SIZE, theme::TEXT));
        for (i, (label, detail)) in rows(&preferences.0).iter().enumerate() {
            root.spawn(option_row(&fonts, &(i + 1).to_string(), label, detail));
        }
        root.spawn((theme::text(&fonts, kept, theme::SMALL_SIZE, theme::MUTED), SettingsMessage));
        root.spawn(key_hints(&fonts, "1-4 change  ·  Esc back"));
    });
}

/// A digit changes its row; the settings are kept at once.
fn keys(keys: Res<ButtonInput<KeyCode>>, mut preferences: ResMut<Preferences>, setup: Res<Setup>, results: Option<NonSend<Results>>, mut next: ResMut<NextState<Screen>>) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
        return;
    }
    let Some(d) = digit_pressed(&keys) else { return };
    let mut s = preferences.0;
    match d {
        0 => s.next_text_scale(),
        1 => s.captions = s.captions.next(),
        2 => s.reduced_motion = !s.reduced_motion,
        3 => s.high_contrast = !s.high_contrast,
        _ => return,
    }
    preferences.0 = s;
    let who = setup.person.trim();
    if let (false, Some(results)) = (who.is_empty(), results) {
        if let Err(e) = settings::save(&results.store, who, &s) {
            warn!("the settings were not kept: {e}");
        }
    }
}
