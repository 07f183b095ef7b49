//! Typing into the window's answer box through Bevy's own keyboard pipeline (input, focus
//! dispatch, the text widget, its edits applied), with no renderer: many keys in one frame, Shift
//! and Space interleaved, Enter in the same frame as the last letter. What is typed is what is
//! kept, to the character: a slow frame must not change a trainee's words.
#![cfg(feature = "gui")]

use std::path::Path;

use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::{ButtonState, InputPlugin};
use bevy::input_focus::{InputDispatchPlugin, InputFocus};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::text::{EditableText, TextPlugin};
use bevy::ui_widgets::EditableTextInputPlugin;
use bevy::window::{ExitCondition, PrimaryWindow, WindowPlugin};

use cooldown::engine::GivenAnswer;
use cooldown::gui::screens::session::{AnswerBox, Live, Phase};
use cooldown::gui::typing::{key_press, keystrokes};
use cooldown::gui::{logic_plugin, Pack, Pacing, Screen, Setup};

/// The window's logic with Bevy's real keyboard and text input, and no window or renderer.
fn typing_app() -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        AssetPlugin::default(),
        InputPlugin,
        WindowPlugin { primary_window: Some(Window::default()), exit_condition: ExitCondition::DontExit, close_when_requested: false, ..default() },
        TextPlugin,
        InputDispatchPlugin,
        EditableTextInputPlugin,
    ))
    .init_resource::<InputFocus>()
    .init_resource::<bevy::ui::UiScale>()
    .add_message::<bevy::picking::events::Pointer<bevy::picking::events::Release>>()
    .insert_resource(Pack::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")))
    .add_plugins(logic_plugin)
    .insert_resource(Pacing::INSTANT);
    let mut setup = app.world_mut().resource_mut::<Setup>();
    setup.seed = Some(3);
    setup.person = "Typist".into();
    app.update();
    app
}

fn window(app: &mut App) -> Entity {
    let world = app.world_mut();
    world.query_filtered::<Entity, With<PrimaryWindow>>().single(world).unwrap()
}

fn enter(window: Entity) -> [KeyboardInput; 2] {
    key_press(window, KeyCode::Enter, Key::Enter)
}

fn send(app: &mut App, keys: impl IntoIterator<Item = KeyboardInput>) {
    for k in keys {
        app.world_mut().write_message(k);
    }
}

fn until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    for _ in 0..300 {
        if done(app) {
            return;
        }
        app.update();
    }
    panic!("never: {what}");
}

fn answering_words(app: &App) -> bool {
    app.world().get_resource::<Live>().is_some_and(|l| matches!(&l.phase, Phase::Answering(p) if p.free_text.is_some()))
}

fn answer_box(app: &mut App) -> String {
    let world = app.world_mut();
    world.query_filtered::<&EditableText, With<AnswerBox>>().single(world).map(|b| b.value().to_string()).unwrap_or_default()
}

/// Into the late-gift call by keys (practice, the first call), up to its first question.
fn to_the_first_question(app: &mut App) {
    let w = window(app);
    send(app, keystrokes(w, "1"));
    until(app, "the picker", |a| *a.world().resource::<State<Screen>>().get() == Screen::Picker);
    app.update();
    send(app, keystrokes(w, "1"));
    until(app, "a question", |a| a.world().get_resource::<Live>().is_some_and(|l| matches!(l.phase, Phase::Answering(_))));
    app.update();
}

/// Into the late-gift call by keys, up to its first question that takes words.
fn to_the_first_typed_question(app: &mut App) {
    to_the_first_question(app);
    let w = window(app);
    send(app, keystrokes(w, "1"));
    until(app, "a question that takes words", answering_words);
    app.update();
}

#[test]
fn spaces_before_capitals_survive_when_a_frame_holds_many_keys() {
    let mut app = typing_app();
    to_the_first_typed_question(&mut app);
    let w = window(&mut app);
    // Slow frames, each ending while Shift is still held for a capital: the space typed just
    // before it in the same frame was dropped ("sorry the LEGO" kept as "sorrytheLEGO").
    let said = "I'm sorry the LEGO castle is late, Tom. Can I confirm the order? Animal Hospital";
    let keys = keystrokes(w, said);
    let mut frame = Vec::new();
    for k in keys {
        let capital = k.state == ButtonState::Pressed && matches!(&k.logical_key, Key::Character(c) if c.chars().any(char::is_uppercase));
        frame.push(k);
        if capital {
            send(&mut app, frame.drain(..));
            app.update();
        }
    }
    send(&mut app, frame);
    app.update();
    assert_eq!(answer_box(&mut app), said);
}

#[test]
fn enter_in_the_same_frame_as_the_last_letters_sends_them_all() {
    let mut app = typing_app();
    to_the_first_typed_question(&mut app);
    let w = window(&mut app);
    let said = "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?";
    // Typed over a few frames, the last word and Enter in one.
    let (head, tail) = said.split_at(said.len() - 8);
    send(&mut app, keystrokes(w, head));
    app.update();
    send(&mut app, keystrokes(w, tail).into_iter().chain(enter(w)));
    until(&mut app, "the answer scored", |a| a.world().get_resource::<Live>().is_some_and(|l| l.session.turns().len() == 2));
    let live = app.world().resource::<Live>();
    let GivenAnswer::Text { text, .. } = &live.session.turns()[1].answer else { panic!("a typed answer: {:?}", live.session.turns()[1].answer) };
    assert_eq!(text, said, "every character, as typed");
}


#[test]
fn an_invitation_code_typed_with_enter_in_one_frame_is_read_whole() {
    use cooldown::app::assess;
    use cooldown::gui::screens::sitting::Step;
    let dir = tempfile::tempdir().unwrap();
    let store = cooldown::store::Store::open(&dir.path().join("r.db")).unwrap();
    let loaded = assess::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/support-agent.ron")).unwrap();
    let candidate = assess::Candidate { name: "Quick Typist".into(), external_id: None, extra_time: 1.0 };
    let code = assess::invite(&store, &loaded, &[candidate]).unwrap()[0].invitation.code.clone();
    let mut app = typing_app();
    app.world_mut().insert_non_send(cooldown::gui::results::Results::new(store));
    let w = window(&mut app);
    send(&mut app, keystrokes(w, "3"));
    until(&mut app, "the code screen", |a| *a.world().resource::<State<Screen>>().get() == Screen::Assessment);
    app.update();
    send(&mut app, keystrokes(w, &code).into_iter().chain(enter(w)));
    app.update();
    assert_eq!(*app.world().resource::<Step>(), Step::Notice, "{:?}", app.world().resource::<cooldown::gui::screens::sitting::Message>().0);
}

/// Letters typed at a question that takes only options went into the hidden box, and then the
/// digits did too: about twelve Backspaces to get out. Now they go nowhere, the screen says
/// which keys answer, and 1 picks the first option.
#[test]
fn typing_at_a_question_of_options_is_refused_and_the_digits_still_answer() {
    let mut app = typing_app();
    to_the_first_question(&mut app);
    app.update();
    app.update();
    let w = window(&mut app);
    let live = app.world().resource::<Live>();
    let Phase::Answering(prompt) = &live.phase else { unreachable!() };
    assert!(prompt.free_text.is_none() && prompt.choices.len() == 3, "late-gift opens with options only");
    send(&mut app, keystrokes(w, "hello"));
    app.update();
    app.update();
    assert_eq!(answer_box(&mut app), "", "nothing piles up in the hidden box");
    assert_eq!(app.world().resource::<Live>().feedback, "This question takes one of the options: press 1 to 3.");
    send(&mut app, keystrokes(w, "1"));
    until(&mut app, "the option taken", |a| a.world().get_resource::<Live>().is_some_and(|l| l.session.turns().len() == 1));
}
