//! Sitting a screening assessment in the window: the invitation code, the notice of what is
//! recorded and why, the voluntary questions, then every call in order under the assessment's
//! rules (a visible clock, no feedback, no paste), and a word of thanks at the end. Every step
//! is the application layer's (`app::assess`), as in the terminal; this screen only shows them.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;
use bevy::text::EditableText;

use super::{digit_pressed, key_hints, option_row, Screen};
use crate::app::assess::{self, Entry, Next, Rules};
use crate::gui::results::Results;
use crate::gui::theme::{self, Fonts};

/// Where the candidate is before, between and after the calls.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub enum Step {
    /// Typing the invitation code.
    #[default]
    Code,
    /// Reading what is recorded and why.
    Notice,
    /// Answering (or skipping) voluntary question `n`.
    Question(usize),
    /// Every call done, or the time up: the last word.
    Done,
}

/// What the screen says under its content: why a code was refused, how the last sitting ended.
#[derive(Resource, Debug, Clone, Default)]
pub struct Message(pub String);

/// The assessment being sat: the invitation and its calls, the rules once the calls have
/// begun, and the call the session screen is to open next.
#[derive(Resource)]
pub struct Sitting {
    /// The invitation, the assessment as set, its scenarios.
    pub entry: Entry,
    /// The rules the calls run under (from the first call on).
    pub rules: Option<Rules>,
    /// The next call, begun or resumed in the store, for the session screen to open.
    pub call: Option<Next>,
    /// Which call is on (from 0), of how many.
    pub index: usize,
}

impl Sitting {
    /// The clock line for the call on screen: time used of the whole, call n of m.
    pub fn clock(&self) -> String {
        let calls = self.entry.scenarios.len();
        // The window's font has no stopwatch sign: the clock says it in words.
        let clock = self.rules.as_ref().map(Rules::clock).unwrap_or_default();
        // Two short lines rather than one long one, so the header fits a narrow window.
        let clock = clock.trim_start_matches("⏱ ").replacen(" · answer within", "\nanswer within", 1);
        format!("Call {} of {calls}  ·  time used {clock}", self.index + 1)
    }
}

/// The code box.
#[derive(Component)]
pub struct CodeBox;
/// The screen's main text (the notice, a question, the last word).
#[derive(Component)]
pub struct DeskText;
/// The line under it: a refused code, how the last sitting ended.
#[derive(Component)]
pub struct DeskMessage;

/// The screen's systems.
pub fn plugin(app: &mut App) {
    app.init_resource::<Step>()
        .init_resource::<Message>()
        .add_systems(OnEnter(Screen::Assessment), arrive)
        .add_systems(Update, (clicks, show).chain().run_if(in_state(Screen::Assessment)))
        // After the frame's keys are in the code box, so an Enter typed with them reads them all.
        .add_systems(PostUpdate, keys.after(bevy::text::EditableTextSystems).run_if(in_state(Screen::Assessment)));
}

/// On arriving: between calls, on to the next one; otherwise the step as it stands.
fn arrive(world: &mut World) {
    if world.get_resource::<Sitting>().is_some_and(|s| s.rules.is_some()) {
        advance(world);
    }
    world.resource_mut::<Step>().set_changed();
}

/// Rebuilds the screen when the step or the message changes.
fn show(mut commands: Commands, step: Res<Step>, message: Res<Message>, fonts: Res<Fonts>, sitting: Option<Res<Sitting>>, roots: Query<Entity, With<DeskRoot>>) {
    if !step.is_changed() && !message.is_changed() {
        return;
    }
    for root in &roots {
        commands.entity(root).despawn();
    }
    let (heading, body, hints) = match (&*step, sitting.as_deref()) {
        (Step::Done, _) => ("Thank you".to_string(), String::new(), "Esc back to the title"),
        (Step::Code, _) | (_, None) => (
            "Screening assessment".to_string(),
            "Type the invitation code you were sent (12 letters and digits, like K7QF-2M9D-XR3P), then press Enter.".to_string(),
            "Enter go on  ·  Esc back",
        ),
        // The notice opens with the assessment's title.
        (Step::Notice, Some(s)) => ("Before you begin".to_string(), assess::notice(&s.entry), "Enter begin  ·  Esc leave"),
        (Step::Question(n), Some(s)) => {
            let q = &s.entry.loaded.assessment.self_identification[*n];
            (q.question.clone(), assess::QUESTIONS_NOTE.to_string(), "1-9 answer  ·  Enter skip")
        }
    };
    let question = match (&*step, sitting.as_deref()) {
        (Step::Question(n), Some(s)) => s.entry.loaded.assessment.self_identification.get(*n).cloned(),
        _ => None,
    };
    commands.spawn((theme::screen_root(Screen::Assessment), DeskRoot)).with_children(|root| {
        root.spawn(theme::bold(&fonts, heading, theme::HEADING_SIZE, theme::TEXT));
        root.spawn((theme::text(&fonts, body, theme::BODY_SIZE - 2.0, theme::TEXT), DeskText));
        if *step == Step::Code {
            root.spawn((
                Node { width: px(420), padding: UiRect::axes(px(14), px(10)), border: px(2).all(), border_radius: BorderRadius::all(px(8)), ..default() },
                BorderColor::all(theme::ACCENT),
                BackgroundColor(theme::PANEL),
                EditableText { allow_newlines: false, max_characters: Some(40), ..default() },
                TextFont { font: fonts.regular.clone().into(), font_size: FontSize::Px(theme::BODY_SIZE), ..default() },
                TextColor(theme::TEXT),
                theme::cursor(),
                AutoFocus,
                AccessibleLabel::new("Your invitation code"),
                CodeBox,
            ));
        }
        for (i, option) in question.iter().flat_map(|q| q.options.iter()).enumerate() {
            root.spawn((option_row(&fonts, &(i + 1).to_string(), option, ""), QuestionOption(i)));
        }
        root.spawn((theme::text(&fonts, message.0.clone(), theme::BODY_SIZE - 2.0, theme::WARN), DeskMessage));
        root.spawn(key_hints(&fonts, hints));
    });
}

/// The screen's root, rebuilt with each step.
#[derive(Component)]
struct DeskRoot;

/// Enter, digits and Esc, by step.
fn keys(world: &mut World) {
    let (enter, escape, digit) = {
        let keys = world.resource::<ButtonInput<KeyCode>>();
        (keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]), keys.just_pressed(KeyCode::Escape), digit_pressed(keys))
    };
    let step = world.resource::<Step>().clone();
    match step {
        _ if escape => leave(world),
        Step::Code if enter => enter_code(world),
        Step::Notice if enter => {
            if world.get_resource::<Sitting>().is_some_and(|s| s.entry.asks_questions()) {
                *world.resource_mut::<Step>() = Step::Question(0);
            } else {
                begin_calls(world);
            }
        }
        Step::Question(n) if enter || digit.is_some() => answer_and_go_on(world, n, digit),
        _ => {}
    }
}

/// A voluntary question's option, answered by its digit, a click, or Enter with the focus on it.
#[derive(Component)]
struct QuestionOption(usize);

/// A click on an option answers the question on screen.
fn clicks(mut commands: Commands, options: Query<(&Interaction, &QuestionOption), Changed<Interaction>>, step: Res<Step>) {
    let Step::Question(n) = *step else { return };
    if let Some((_, option)) = options.iter().find(|(i, _)| **i == Interaction::Pressed) {
        let d = option.0;
        commands.queue(move |world: &mut World| answer_and_go_on(world, n, Some(d)));
    }
}

/// Keeps option `d` of question `n` (none: skipped), then the next question, or the calls.
fn answer_and_go_on(world: &mut World, n: usize, d: Option<usize>) {
    if let Some(d) = d {
        answer_question(world, n, d);
    }
    let count = world.get_resource::<Sitting>().map_or(0, |s| s.entry.loaded.assessment.self_identification.len());
    if n + 1 < count {
        *world.resource_mut::<Step>() = Step::Question(n + 1);
    } else {
        begin_calls(world);
    }
}

/// Esc: back to the title; a sitting left between steps is kept as it is (the code goes on).
fn leave(world: &mut World) {
    world.remove_resource::<Sitting>();
    *world.resource_mut::<Step>() = Step::Code;
    world.resource_mut::<Message>().0.clear();
    world.resource_mut::<NextState<Screen>>().set(Screen::Title);
}

/// The typed code: the invitation it names, or why not.
fn enter_code(world: &mut World) {
    let typed = {
        let mut q = world.query_filtered::<&EditableText, With<CodeBox>>();
        q.iter(world).next().map(|b| b.value().to_string()).unwrap_or_default()
    };
    let entered = match world.get_non_send::<Results>() {
        Some(results) => assess::enter(&results.store, &typed).map_err(|e| e.to_string()),
        None => Err("the results database could not be opened, so no assessment can be sat here; ask the hiring team".to_string()),
    };
    match entered {
        Ok(entry) => {
            world.insert_resource(Sitting { entry, rules: None, call: None, index: 0 });
            world.resource_mut::<Message>().0.clear();
            *world.resource_mut::<Step>() = Step::Notice;
        }
        Err(why) => world.resource_mut::<Message>().0 = why,
    }
}

/// Keeps a voluntary answer (option `d` of question `n`).
fn answer_question(world: &mut World, n: usize, d: usize) {
    let Some((code, field, value)) = world.get_resource::<Sitting>().and_then(|s| {
        let q = s.entry.loaded.assessment.self_identification.get(n)?;
        Some((s.entry.invitation.code.clone(), q.field.clone(), q.options.get(d)?.clone()))
    }) else {
        return;
    };
    if let Some(results) = world.get_non_send::<Results>() {
        if let Err(e) = results.store.identify(&code, &field, &value) {
            warn!("a voluntary answer was not kept: {e}");
        }
    }
}

/// The clock starts (counting earlier sittings), and the first call not finished opens.
fn begin_calls(world: &mut World) {
    let rules = {
        let (Some(sitting), Some(results)) = (world.get_resource::<Sitting>(), world.get_non_send::<Results>()) else { return };
        assess::rules(&results.store, &sitting.entry)
    };
    match rules {
        Ok(rules) => {
            world.resource_mut::<Sitting>().rules = Some(rules);
            advance(world);
        }
        Err(e) => world.resource_mut::<Message>().0 = e.to_string(),
    }
}

/// The next call, or the end: time up, or every call done (and the result sealed where this
/// machine holds the organisation's key).
fn advance(world: &mut World) {
    let Some(sitting) = world.remove_resource::<Sitting>() else { return };
    let Some(mut results) = world.remove_non_send::<Results>() else {
        world.insert_resource(sitting);
        return;
    };
    let code = sitting.entry.invitation.code.clone();
    let time_up = sitting.rules.as_ref().is_some_and(Rules::time_is_up);
    let next = if time_up { Ok(Next::Done) } else { assess::next(&results.store, &sitting.entry, Some(&sitting.entry.answers_dir())) };
    match next {
        Ok(next) => match next.call().map(|(index, kept)| (index, kept.clone())) {
            Some((index, kept)) => {
                results.keep_as(kept);
                world.insert_resource(Sitting { index, call: Some(next), ..sitting });
                world.resource_mut::<NextState<Screen>>().set(Screen::Session);
            }
            None => {
                if time_up {
                    if let Err(e) = results.store.mark_invitation(&code, true) {
                        warn!("the assessment could not be marked finished: {e}");
                    }
                }
                if let Err(e) = assess::seal_finished(&results.store, &code, &assess::results_dir()) {
                    warn!("the result could not be sealed here: {e}; the hiring team can seal it with `cooldown assess seal {code}`");
                }
                world.resource_mut::<Message>().0 = (if time_up { assess::TIME_UP } else { assess::FINISHED }).to_string();
                *world.resource_mut::<Step>() = Step::Done;
            }
        },
        Err(e) => {
            world.resource_mut::<Message>().0 = e.to_string();
            *world.resource_mut::<Step>() = Step::Code;
        }
    }
    world.insert_non_send(results);
}
