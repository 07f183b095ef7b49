//! The settings screen (key 5 on the title): text size, caption speed, reduced motion and high
//! contrast, each changed by its digit (or a click, or Tab to it and Enter) and kept at once for
//! the person named on the title.
//! [`Preferences`] holds them for every screen; the theme applies size and contrast.

use bevy::prelude::*;

use super::{digit_pressed, key_hints, option_row, OptionLabel, Screen};
use crate::app::settings::{self, Settings};
use crate::gui::results::Results;
use crate::gui::theme::{self, Fonts};
use crate::gui::{Preferences, Setup};

/// The screen's systems, and loading a person's settings when the name on the title changes.
pub fn plugin(app: &mut App) {
    app.init_resource::<Preferences>()
        .add_systems(Update, load_for_person.run_if(resource_changed::<Setup>))
        .add_systems(OnEnter(Screen::Settings), spawn)
        .add_systems(Update, (keys, clicks, show).chain().run_if(in_state(Screen::Settings)));
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

/// One setting's row; its digit (and a click, or Enter with the focus on it) changes it.
#[derive(Component)]
struct SettingRow(usize);

/// Where the settings are kept, said under the rows.
fn kept_where(setup: &Setup, stored: bool) -> String {
    let who = setup.person.trim();
    match (who.is_empty(), stored) {
        (true, _) => "Type your name on the title screen first: settings are kept with it.".to_string(),
        (false, true) => format!("Kept for {who}, on this machine's results."),
        (false, false) => "The results database is not open, so these last until the window closes.".to_string(),
    }
}

fn spawn(mut commands: Commands, preferences: Res<Preferences>, setup: Res<Setup>, fonts: Res<Fonts>, results: Option<NonSend<Results>>) {
    commands.spawn(theme::screen_root(Screen::Settings)).with_children(|root| {
        root.spawn(theme::bold(&fonts, "Settings", theme::HEADING_SIZE, theme::TEXT));
        for (i, (label, detail)) in rows(&preferences.0).iter().enumerate() {
            root.spawn((option_row(&fonts, &(i + 1).to_string(), label, detail), SettingRow(i)));
        }
        root.spawn(theme::text(&fonts, kept_where(&setup, results.is_some()), theme::SMALL_SIZE, theme::MUTED));
        root.spawn(key_hints(&fonts, "1-4 change  ·  Tab move, Enter change  ·  Esc back"));
    });
}

/// A changed setting shows its new value in place: the rows stay, and so do the keyboard focus
/// and the scroll position.
fn show(preferences: Res<Preferences>, rows_on_screen: Query<&SettingRow>, mut labels: Query<(Entity, &mut Text), With<OptionLabel>>, parents: Query<&ChildOf>) {
    if !preferences.is_changed() {
        return;
    }
    let now = rows(&preferences.0);
    for (label, mut text) in &mut labels {
        if let Some(SettingRow(i)) = parents.iter_ancestors(label).find_map(|e| rows_on_screen.get(e).ok()) {
            text.set_if_neq(Text::new(now[*i].0.clone()));
        }
    }
}

/// A digit changes its row; the settings are kept at once.
fn keys(keys: Res<ButtonInput<KeyCode>>, mut preferences: ResMut<Preferences>, setup: Res<Setup>, results: Option<NonSend<Results>>, mut next: ResMut<NextState<Screen>>) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
        return;
    }
    if let Some(d) = digit_pressed(&keys) {
        change(d, &mut preferences, &setup, results.as_deref());
    }
}

/// A click on a row (or Enter with the focus on it) changes it, as its digit does.
fn clicks(rows: Query<(&Interaction, &SettingRow), Changed<Interaction>>, mut preferences: ResMut<Preferences>, setup: Res<Setup>, results: Option<NonSend<Results>>) {
    for (interaction, row) in &rows {
        if *interaction == Interaction::Pressed {
            change(row.0, &mut preferences, &setup, results.as_deref());
        }
    }
}

/// Changes setting `d` (0-3) and keeps the settings at once for the person on the title.
fn change(d: usize, preferences: &mut Preferences, setup: &Setup, results: Option<&Results>) {
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
