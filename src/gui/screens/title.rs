//! The title screen: who is playing, and practise or screening.

use bevy::input_focus::{AutoFocus, InputFocus};
use bevy::prelude::*;
use bevy::text::EditableText;
use bevy::ui_widgets::SelectAllOnFocus;

use super::{digit_pressed, option_row, Screen};
use crate::engine::Mode;
use crate::gui::theme::{self, Fonts};
use crate::gui::Setup;

/// The title screen's systems.
pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn)
        .add_systems(Update, (keys, clicks, show_editing).chain().run_if(in_state(Screen::Title)));
}

/// The two ways in, in the order shown.
const MODES: [(Mode, &str, &str); 2] = [
    (Mode::Practice, "Practise", "Feedback after every answer. Retry as often as you like."),
    (Mode::Screening, "Screening", "Equal conditions for every candidate: options shuffled, results at the end."),
];

#[derive(Component)]
struct ModeButton(Mode);

/// The way into a screening assessment, by invitation code (key 3).
#[derive(Component)]
struct SitButton;

/// The digit of the way into an assessment, after the modes.
const SIT: usize = MODES.len();

/// The way to review answers (key 4), for reviewers and hiring teams.
#[derive(Component)]
struct ReviewButton;

/// The digit of the way to review, after the assessment's.
const REVIEW: usize = SIT + 1;

/// The way to the settings (key 5).
#[derive(Component)]
struct SettingsButton;

/// The digit of the settings, last.
const SETTINGS: usize = REVIEW + 1;

/// The "your name" box: sessions are kept under this name.
#[derive(Component)]
pub struct NameBox;

/// The key hints, which change while the name is being edited.
#[derive(Component)]
pub struct TitleHint;

const HINT_CHOOSING: &str = "1-5 choose  ·  Tab move (your name first), Enter press  ·  Esc quit";
const HINT_EDITING: &str = "Enter done, then 1-5 choose";

fn spawn(mut commands: Commands, fonts: Res<Fonts>, setup: Res<Setup>) {
    commands.spawn(theme::screen_root(Screen::Title)).with_children(|root| {
        root.spawn(Node { height: px(90), ..default() });
        root.spawn(theme::bold(&fonts, "cooldown", theme::TITLE_SIZE, theme::TEXT));
        root.spawn(theme::text(&fonts, "Practise handling angry customers, and see where every point came from.", theme::BODY_SIZE, theme::MUTED));
        root.spawn(Node { height: px(28), ..default() });
        root.spawn(Node { column_gap: px(14), align_items: AlignItems::Center, ..default() }).with_children(|row| {
            row.spawn(theme::text(&fonts, "Your name", theme::BODY_SIZE, theme::MUTED));
            let mut name = row.spawn((
                Node { width: px(360), padding: UiRect::axes(px(12), px(8)), border: px(2).all(), border_radius: BorderRadius::all(px(8)), ..default() },
                BorderColor::all(theme::PANEL_HIGHLIGHT),
                BackgroundColor(theme::PANEL),
                EditableText { allow_newlines: false, max_characters: Some(60), ..EditableText::new(&setup.person) },
                TextFont { font: fonts.regular.clone().into(), font_size: FontSize::Px(theme::BODY_SIZE), ..default() },
                TextColor(theme::TEXT),
                theme::cursor(),
                SelectAllOnFocus,
                AccessibleLabel::new("Your name"),
                NameBox,
            ));
            // A known name (--as, or the login name) is kept and 1-2 start at once; with none,
            // the box takes the keys straight away.
            if setup.person.trim().is_empty() {
                name.insert(AutoFocus);
            }
            row.spawn(theme::text(&fonts, "your sessions are kept under it", theme::SMALL_SIZE, theme::MUTED));
        });
        root.spawn(Node { height: px(24), ..default() });
        for (i, (mode, label, detail)) in MODES.iter().enumerate() {
            root.spawn((option_row(&fonts, &(i + 1).to_string(), label, detail), ModeButton(*mode)));
        }
        root.spawn((
            option_row(&fonts, &(SIT + 1).to_string(), "Sit an assessment", "You were invited by a hiring team and have a code."),
            SitButton,
        ));
        root.spawn((
            option_row(&fonts, &(REVIEW + 1).to_string(), "Review answers", "Rate answers on the anchored scales, blind; spoken answers first."),
            ReviewButton,
        ));
        root.spawn((
            option_row(&fonts, &(SETTINGS + 1).to_string(), "Settings", "Text size, caption speed, reduced motion, high contrast."),
            SettingsButton,
        ));
        root.spawn((Node { margin: UiRect::top(auto()), ..default() }, children![(theme::text(&fonts, HINT_CHOOSING, theme::SMALL_SIZE, theme::MUTED), TitleHint)]));
    });
}

/// The name in the box becomes who plays (or reviews); the digit that chose is not part of it.
fn take_name(setup: &mut Setup, names: &mut Query<&mut EditableText, With<NameBox>>) {
    for mut name in names.iter_mut() {
        name.pending_edits.clear();
        let typed = name.value().to_string();
        if !typed.trim().is_empty() {
            setup.person = typed.trim().to_string();
        }
    }
}

/// Takes the mode and the name.
fn choose(mode: Mode, setup: &mut Setup, names: &mut Query<&mut EditableText, With<NameBox>>, next: &mut NextState<Screen>) {
    take_name(setup, names);
    // Straight into a screening: nobody is kept under an empty name (the box keeps the keys).
    if setup.straight_to.is_some() && setup.person.trim().is_empty() {
        return;
    }
    setup.mode = mode;
    match setup.straight_to.take() {
        Some(scenario) => {
            setup.scenario = scenario;
            next.set(Screen::Session);
        }
        None => next.set(Screen::Picker),
    }
}

/// While the name box has the keys, digits are part of the name (a candidate number, "Ann 2");
/// Enter or Esc give the keys back to the screen, where 1-5 choose and Esc quits (Tab, which
/// moves on to the options, is the focus ring's: see `gui::focus`).
fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut setup: ResMut<Setup>,
    mut names: Query<&mut EditableText, With<NameBox>>,
    boxes: Query<Entity, With<NameBox>>,
    focus: Option<ResMut<InputFocus>>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
) {
    let name_box = boxes.single().ok();
    if let Some(mut focus) = focus {
        if name_box.is_some() && focus.get() == name_box {
            if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter, KeyCode::Escape]) {
                focus.clear();
            }
            return;
        }
    }
    if let Some(i) = digit_pressed(&keys).filter(|i| *i < MODES.len()) {
        choose(MODES[i].0, &mut setup, &mut names, &mut next);
    } else if digit_pressed(&keys) == Some(SIT) {
        next.set(Screen::Assessment);
    } else if digit_pressed(&keys) == Some(REVIEW) {
        take_name(&mut setup, &mut names);
        next.set(Screen::Review);
    } else if digit_pressed(&keys) == Some(SETTINGS) {
        take_name(&mut setup, &mut names);
        next.set(Screen::Settings);
    } else if keys.just_pressed(KeyCode::Escape) {
        exit.write(AppExit::Success);
    }
}

/// The box's border lights up and the hints change while the name is being edited.
fn show_editing(
    focus: Option<Res<InputFocus>>,
    mut boxes: Query<(Entity, &mut BorderColor), With<NameBox>>,
    mut hints: Query<&mut Text, With<TitleHint>>,
) {
    let Some(focus) = focus.filter(|f| f.is_changed()) else { return };
    for (entity, mut border) in &mut boxes {
        let editing = focus.get() == Some(entity);
        *border = BorderColor::all(if editing { theme::ACCENT } else { theme::PANEL_HIGHLIGHT });
        for mut hint in &mut hints {
            hint.0 = (if editing { HINT_EDITING } else { HINT_CHOOSING }).to_string();
        }
    }
}

fn clicks(
    sit: Query<&Interaction, (Changed<Interaction>, With<SitButton>)>,
    review: Query<&Interaction, (Changed<Interaction>, With<ReviewButton>)>,
    settings: Query<&Interaction, (Changed<Interaction>, With<SettingsButton>)>,
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
    if sit.iter().any(|i| *i == Interaction::Pressed) {
        next.set(Screen::Assessment);
    }
    if review.iter().any(|i| *i == Interaction::Pressed) {
        take_name(&mut setup, &mut names);
        next.set(Screen::Review);
    }
    if settings.iter().any(|i| *i == Interaction::Pressed) {
        take_name(&mut setup, &mut names);
        next.set(Screen::Settings);
    }
}
