//! The window's logic, driven headless (`MinimalPlugins` + `StatesPlugin`, no renderer):
//! whole sessions by keyboard and typed text, asserting on the state and on what the screen's
//! text entities say.
#![cfg(feature = "gui")]

use std::path::Path;

use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::text::EditableText;

mod common;

use cooldown::audio::talk::Talk;
use cooldown::engine::{GivenAnswer, Mode};
use cooldown::gui::voice::Voice;
use cooldown::gui::screens::debrief::{BandText, DimensionText, OutcomeText, TurnText};
use cooldown::gui::screens::title::{NameBox, TitleHint};
use cooldown::gui::screens::session::{option_labels, AnswerBox, Call, CaptionText, ClockText, FeedbackText, Live, MoodText, Phase};
use cooldown::gui::{headless_app, History, Pack, Screen, Setup};

fn app() -> App {
    let pack = Pack::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"));
    let mut app = headless_app(pack);
    let mut setup = app.world_mut().resource_mut::<Setup>();
    setup.seed = Some(3);
    // As `cooldown play` does: the login name (or --as) is known before the title appears.
    setup.person = "Tester".into();
    app.update();
    app
}

fn name_box(app: &mut App) -> (Entity, String) {
    let world = app.world_mut();
    let mut q = world.query_filtered::<(Entity, &EditableText), With<NameBox>>();
    let (entity, text) = q.single(world).expect("a name box on the title screen");
    (entity, text.value().to_string())
}

fn has_the_keys(app: &App, entity: Entity) -> bool {
    app.world().resource::<InputFocus>().get() == Some(entity)
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Presses and releases a key, with the frames a person's keystroke takes.
fn press(app: &mut App, key: KeyCode) {
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().press(key);
    app.update();
    let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
    input.release(key);
    input.clear();
    app.update();
}

/// Holds a key down for a few frames, then lets go (a release is seen by the frame after it).
fn hold(app: &mut App, key: KeyCode) {
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().press(key);
    app.update();
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().clear();
    app.update();
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().release(key);
    app.update();
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().clear();
    app.update();
}

fn text_of<C: Component>(app: &mut App) -> Vec<String> {
    let world = app.world_mut();
    let mut q = world.query_filtered::<&Text, With<C>>();
    q.iter(world).map(|t| t.0.clone()).collect()
}

fn one_text<C: Component>(app: &mut App) -> String {
    let texts = text_of::<C>(app);
    assert_eq!(texts.len(), 1, "one {} on screen, found {texts:?}", std::any::type_name::<C>());
    texts[0].clone()
}

/// Runs frames until the session waits for an answer.
fn until_answering(app: &mut App) {
    for _ in 0..200 {
        let answering = app.world().get_resource::<Live>().is_some_and(|l| matches!(l.phase, Phase::Answering(_)));
        if answering {
            app.update(); // let the screen show the prompt
            return;
        }
        app.update();
    }
    panic!("the session never asked for an answer (screen {:?})", screen(app));
}

fn until_screen(app: &mut App, wanted: Screen) {
    for _ in 0..200 {
        if screen(app) == wanted {
            app.update();
            return;
        }
        app.update();
    }
    panic!("never reached {wanted:?}; stuck at {:?}", screen(app));
}

/// Title -> picker -> session, by keys: `mode` picks practice (Digit1) or screening (Digit2),
/// `scenario` the call; returns once the customer waits for the first answer.
fn open_session(app: &mut App, mode: KeyCode, scenario: KeyCode) {
    press(app, mode);
    until_screen(app, Screen::Picker);
    press(app, scenario);
    until_screen(app, Screen::Session);
    until_answering(app);
}

/// Types into the answer box, as the text widget would.
fn type_answer(app: &mut App, text: &str) {
    let world = app.world_mut();
    let mut q = world.query_filtered::<&mut EditableText, With<AnswerBox>>();
    let mut answer = q.single_mut(world).expect("an answer box on screen");
    *answer = EditableText { allow_newlines: false, ..EditableText::new(text) };
}

#[test]
fn a_whole_practice_session_by_keys_and_typed_text() {
    let mut app = app();
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(option_labels(app.world_mut()), ["Practise", "Screening", "Sit an assessment", "Review answers", "Settings"]);

    press(&mut app, KeyCode::Digit1);
    until_screen(&mut app, Screen::Picker);
    let offered = option_labels(app.world_mut());
    assert_eq!(offered.len(), 6, "{offered:?}");
    assert_eq!(offered[0], "The birthday present that didn't arrive", "the easiest call first");
    assert_eq!(offered[5], "The customer hung up. Call back.", "the hardest last, by title");

    press(&mut app, KeyCode::Digit1);
    until_screen(&mut app, Screen::Session);
    until_answering(&mut app);
    let opening = one_text::<CaptionText>(&mut app);
    assert!(opening.contains("LEGO castle"), "the customer's opening line is captioned: {opening}");
    assert_eq!(one_text::<MoodText>(&mut app), "70 angry");
    let choices = option_labels(app.world_mut());
    assert_eq!(choices.len(), 3);
    assert!(choices[0].starts_with("I'm so sorry."), "practice keeps the authored order: {choices:?}");

    // Answer by key: the empathic option.
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    assert!(one_text::<FeedbackText>(&mut app).contains("Empathy before solutions"));
    assert_eq!(one_text::<CaptionText>(&mut app), "It's order 58213. The LEGO castle. It was meant to come last Tuesday. Now what?");
    assert_eq!(one_text::<MoodText>(&mut app), "55 annoyed");
    assert!(option_labels(app.world_mut()).is_empty(), "a free-text node offers no options");

    // Answer by typing.
    type_answer(&mut app, "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?");
    press(&mut app, KeyCode::Enter);
    until_answering(&mut app);
    assert!(one_text::<FeedbackText>(&mut app).contains("shows you listened"));
    // The conversation so far sits above the line on screen: each earlier line and every
    // answer as kept, in order.
    use cooldown::gui::screens::session::ConversationLine;
    let so_far = text_of::<ConversationLine>(&mut app);
    assert_eq!(so_far.len(), 4, "{so_far:#?}");
    assert!(so_far[0].starts_with("Dana: ") && so_far[0].contains("LEGO castle"), "{so_far:#?}");
    assert!(so_far[1].starts_with("You: I'm so sorry."), "{so_far:#?}");
    assert_eq!(so_far[2], "Dana: It's order 58213. The LEGO castle. It was meant to come last Tuesday. Now what?");
    assert_eq!(so_far[3], "You: So just to confirm: the LEGO castle, order 58213, was due on Tuesday?");
    assert!(!so_far.iter().any(|l| l.contains(&one_text::<CaptionText>(&mut app))), "the line on screen is not repeated");
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    type_answer(&mut app, "Thank you for bearing with me, Dana. Is there anything else I can help with?");
    press(&mut app, KeyCode::Enter);

    until_screen(&mut app, Screen::Debrief);
    assert_eq!(one_text::<OutcomeText>(&mut app), "Resolved");
    assert_eq!(one_text::<BandText>(&mut app), "Gold  ·  100 overall");
    assert_eq!(text_of::<DimensionText>(&mut app), ["100", "100", "100", "100"]);
    let transcript = text_of::<TurnText>(&mut app).join("\n");
    assert!(transcript.contains("2. You typed \u{201c}So just to confirm"), "{transcript}");
    assert!(transcript.contains("checked understanding: \"just to confirm\""), "evidence is listed:\n{transcript}");
    assert_eq!(app.world().resource::<History>().best["late-gift"], cooldown::engine::Band::Gold);

    // Retry starts the same scenario afresh.
    press(&mut app, KeyCode::KeyR);
    until_screen(&mut app, Screen::Session);
    until_answering(&mut app);
    assert_eq!(one_text::<MoodText>(&mut app), "70 angry");
}

#[test]
fn a_typed_answer_on_a_choice_only_node_is_refused_with_a_reason() {
    let mut app = app();
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    // The opening node takes choices only: its box is hidden, and Enter does nothing.
    type_answer(&mut app, "hello");
    press(&mut app, KeyCode::Enter);
    assert!(app.world().resource::<Live>().session.turns().is_empty());
    // Option 7 does not exist: nothing happens either.
    press(&mut app, KeyCode::Digit7);
    assert!(app.world().resource::<Live>().session.turns().is_empty());
}

#[test]
fn escape_pauses_and_q_leaves_the_call_without_a_result() {
    let mut app = app();
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    let paused = |app: &App| *app.world().resource::<State<Call>>().get() == Call::Paused;
    press(&mut app, KeyCode::Escape);
    assert!(paused(&app));
    // Keys do not answer while paused.
    press(&mut app, KeyCode::Digit1);
    assert!(app.world().resource::<Live>().session.turns().is_empty());
    press(&mut app, KeyCode::Escape);
    assert!(!paused(&app), "Esc again resumes");
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::KeyQ);
    until_screen(&mut app, Screen::Title);
    assert!(app.world().get_resource::<Live>().is_none());
    assert!(app.world().resource::<History>().best.is_empty(), "an abandoned call is not scored");
}

#[test]
fn enter_on_the_pause_overlay_resumes_the_call_without_sending_the_answer() {
    let mut app = app();
    let paused = |app: &App| *app.world().resource::<State<Call>>().get() == Call::Paused;
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    assert!(
        matches!(&app.world().resource::<Live>().phase, Phase::Answering(p) if p.free_text.is_some()),
        "the question takes typed words, so an Enter that got through would send them"
    );
    type_answer(&mut app, "So just to confirm: the LEGO castle, order 58213?");
    press(&mut app, KeyCode::Escape);
    assert!(paused(&app));
    press(&mut app, KeyCode::Enter);
    assert!(!paused(&app), "Enter resumes");
    assert_eq!(app.world().resource::<Live>().session.turns().len(), 1, "the resuming Enter sent nothing");
    // Back on the call, Enter sends the words as typed.
    press(&mut app, KeyCode::Enter);
    let live = app.world().resource::<Live>();
    assert_eq!(live.session.turns().len(), 2);
    assert_eq!(live.session.turns()[1].answer.text(), "So just to confirm: the LEGO castle, order 58213?");
}

#[test]
fn screening_shows_turn_and_timer_and_keeps_feedback_for_the_end() {
    let mut app = app();
    open_session(&mut app, KeyCode::Digit2, KeyCode::Digit2);
    assert_eq!(app.world().resource::<Setup>().mode, Mode::Screening);
    assert!(one_text::<ClockText>(&mut app).starts_with("Turn 1  ·  00:"));
    let mood_before = one_text::<MoodText>(&mut app);
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    assert_eq!(one_text::<FeedbackText>(&mut app), "Answer recorded.");
    assert!(one_text::<ClockText>(&mut app).starts_with("Turn 2"));
    assert_eq!(one_text::<MoodText>(&mut app), mood_before, "in screening the mood meter gives nothing away");
    assert_ne!(app.world().resource::<Live>().session.anger(), app.world().resource::<Live>().session.scenario().customer.anger, "though the anger did move");
}

/// A practice call of the first scenario answering aloud through `talk` (answers under
/// `answers`), at its question that takes the trainee's own words.
fn at_the_free_text_question(talk: Talk, answers: &Path) -> App {
    let mut app = app();
    app.world_mut().insert_non_send(Voice::new(talk, answers.into()));
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    app
}

#[test]
fn holding_space_answers_aloud_after_a_calibration() {
    let answers = tempfile::tempdir().unwrap();
    let source = common::ToneVoice::with_amplitudes(vec![0.1, 0.4]);
    let talk = Talk::new(Box::new(move || Ok(Box::new(source) as Box<dyn cooldown::audio::source::Source>)), answers.path().into());
    let mut app = at_the_free_text_question(talk, answers.path());

    // The first hold is the calibration; the second, four times louder, is the answer.
    hold(&mut app, KeyCode::Space);
    assert!(one_text::<FeedbackText>(&mut app).starts_with("Calibrated."), "{}", one_text::<FeedbackText>(&mut app));
    hold(&mut app, KeyCode::Space);
    let said = one_text::<FeedbackText>(&mut app);
    assert!(said.starts_with("Heard 1.5 s."), "{said}");
    type_answer(&mut app, "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?");
    press(&mut app, KeyCode::Enter);
    until_answering(&mut app);

    let live = app.world().resource::<Live>();
    let turn = &live.session.turns()[1];
    let GivenAnswer::Spoken { audio, transcript, delivery, .. } = &turn.answer else { panic!("{:?}", turn.answer) };
    assert!(transcript.as_deref().unwrap().starts_with("So just to confirm"));
    assert!((delivery.loudness_db.unwrap() - 12.0).abs() < 0.5, "{delivery:?}");
    assert!(turn.reasons.iter().any(|r| r.why.contains("that is shouting")), "{:?}", turn.reasons);
    assert!(turn.reasons.iter().any(|r| r.why.contains("just to confirm")), "the words were scored too");
    let audio = std::path::Path::new(audio);
    assert!(audio.starts_with(answers.path()) && audio.ends_with("turn-2.wav") && audio.exists(), "{}", audio.display());
    assert!(audio.parent().unwrap().join("calibration.wav").exists());
    let audio = audio.to_path_buf();

    // On to the end; the debrief plays the spoken turn back: the customer's line, then the answer.
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    type_answer(&mut app, "Thank you for bearing with me. Is there anything else I can help with?");
    press(&mut app, KeyCode::Enter);
    until_screen(&mut app, Screen::Debrief);
    use cooldown::gui::screens::debrief::Playback;
    use cooldown::gui::screens::session::Finished;
    assert!(text_of::<TurnText>(&mut app).iter().any(|t| t.starts_with("▶ 2  hear the customer's line")), "a play row for the spoken turn");
    let line = app.world().resource::<Finished>().1[1].clone().expect("the line before turn 2 has a recording");
    assert!(line.ends_with("gift-03.wav") || line.to_string_lossy().contains("gift-03"), "{}", line.display());
    press(&mut app, KeyCode::Digit1);
    assert!(app.world().get_resource::<Playback>().is_none(), "turn 1 was a chosen option: nothing to hear");
    press(&mut app, KeyCode::Digit2);
    let playback = app.world().resource::<Playback>();
    assert_eq!(playback.clips, [audio], "the line is playing; the answer follows it");
    assert!(playback.wait > 0.5, "the line's length from its recording: {}", playback.wait);
}

/// A transcriber that hears the same words in every recording: the window's wiring, without
/// the real engine (tests/stt.rs runs that).
/// A transcriber that hears the given words, once the test lets it (its gate), so the test can
/// see what the window shows while it works however fast its thread runs.
struct Scripted(&'static str, std::sync::mpsc::Receiver<()>);

impl cooldown::audio::stt::Transcriber for Scripted {
    fn transcribe(&mut self, _wav: &Path) -> Result<cooldown::audio::stt::Transcript, cooldown::audio::stt::SttError> {
        let _ = self.1.recv();
        let words = self.0.split(' ').enumerate().map(|(i, w)| cooldown::audio::stt::Word { word: w.into(), start: i as f32 * 0.3, end: i as f32 * 0.3 + 0.25, confidence: 0.9 }).collect();
        Ok(cooldown::audio::stt::Transcript { text: self.0.into(), words, language: "en".into(), engine: "scripted".into() })
    }
}

#[test]
fn a_spoken_answer_is_transcribed_in_the_window_and_scored_on_its_words() {
    let answers = tempfile::tempdir().unwrap();
    let source = common::ToneVoice::with_amplitudes(vec![0.2]);
    let said = "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?";
    let (open_gate, gate) = std::sync::mpsc::channel();
    let talk = Talk::new(Box::new(move || Ok(Box::new(source) as Box<dyn cooldown::audio::source::Source>)), answers.path().into())
        .with_transcriber(Box::new(move || Ok(Box::new(Scripted(said, gate)) as Box<dyn cooldown::audio::stt::Transcriber>)));
    let mut app = at_the_free_text_question(talk, answers.path());
    hold(&mut app, KeyCode::Space);
    assert!(one_text::<FeedbackText>(&mut app).starts_with("Calibrated."), "{}", one_text::<FeedbackText>(&mut app));
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().press(KeyCode::Space);
    app.update();
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().clear();
    app.update();
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().release(KeyCode::Space);
    app.update();
    assert_eq!(one_text::<FeedbackText>(&mut app), "Transcribing…", "said before the engine takes its time");
    app.update();
    assert_eq!(one_text::<FeedbackText>(&mut app), "Transcribing…", "and still said while it works");
    open_gate.send(()).unwrap();
    // The words come from the transcriber's own thread; the window keeps drawing meanwhile.
    for _ in 0..500 {
        if app.world().resource::<Live>().session.turns().len() == 2 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
        app.update();
    }
    let live = app.world().resource::<Live>();
    let turn = &live.session.turns()[1];
    let GivenAnswer::Spoken { transcript, delivery, .. } = &turn.answer else { panic!("{:?}", turn.answer) };
    assert_eq!(transcript.as_deref(), Some(said), "no typing asked for");
    assert!(delivery.speech.is_some_and(|s| s.words_per_minute > 0.0), "{delivery:?}");
    assert!(turn.reasons[0].why.starts_with("words as scripted heard them"), "{:?}", turn.reasons);
    assert!(turn.reasons.iter().any(|r| r.why.contains("just to confirm")), "the words were scored");
}

/// A candidate number or "Ann 2" must be typeable: while the name box has the keys, digits
/// are part of the name and choose nothing; Enter gives the keys back, then 1-2 choose.
#[test]
fn digits_typed_into_the_name_are_part_of_it_and_choose_no_mode() {
    let mut app = app();
    let (name, typed) = name_box(&mut app);
    assert_eq!(typed, "Tester");
    assert!(!has_the_keys(&app, name), "a known name is kept: 1-2 start at once");
    assert!(one_text::<TitleHint>(&mut app).contains("Tab move (your name first)"));

    press(&mut app, KeyCode::Tab);
    assert!(has_the_keys(&app, name));
    assert!(one_text::<TitleHint>(&mut app).starts_with("Enter done"));
    press(&mut app, KeyCode::Digit2);
    assert_eq!(screen(&app), Screen::Title, "the digit went into the name");
    {
        let world = app.world_mut();
        let mut q = world.query_filtered::<&mut EditableText, With<NameBox>>();
        *q.single_mut(world).unwrap() = EditableText::new("Candidate 27");
    }
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title, "Esc leaves the box, not the app");
    assert!(!has_the_keys(&app, name));
    assert!(app.world().resource::<Messages<AppExit>>().is_empty());

    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    assert!(!has_the_keys(&app, name));
    press(&mut app, KeyCode::Digit2);
    until_screen(&mut app, Screen::Picker);
    let setup = app.world().resource::<Setup>();
    assert_eq!((setup.person.as_str(), setup.mode), ("Candidate 27", Mode::Screening));
}

#[test]
fn with_no_name_known_the_name_box_has_the_keys_from_the_start() {
    let pack = Pack::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"));
    let mut app = headless_app(pack);
    app.update();
    let (name, typed) = name_box(&mut app);
    assert_eq!(typed, "");
    assert!(has_the_keys(&app, name));
    press(&mut app, KeyCode::Digit1);
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn the_name_on_the_title_screen_keeps_every_answer_and_the_result_in_the_store() {
    let mut app = app();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("results.db");
    app.world_mut().insert_non_send(cooldown::gui::results::Results::new(cooldown::store::Store::open(&db).unwrap()));
    {
        let world = app.world_mut();
        let mut q = world.query_filtered::<&mut EditableText, With<NameBox>>();
        *q.single_mut(world).expect("a name box on the title screen") = EditableText::new("Dana Tester");
    }
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    assert_eq!(app.world().resource::<Setup>().person, "Dana Tester");
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    // Kept as it happens: the first answer is in the store before the call ends.
    let store = cooldown::store::Store::open(&db).unwrap();
    let sessions = store.sessions(Some("Dana Tester")).unwrap();
    assert_eq!((sessions.len(), sessions[0].turns, sessions[0].is_complete()), (1, 1, false));

    type_answer(&mut app, "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?");
    press(&mut app, KeyCode::Enter);
    until_answering(&mut app);
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    type_answer(&mut app, "Thank you for bearing with me, Dana. Is there anything else I can help with?");
    press(&mut app, KeyCode::Enter);
    until_screen(&mut app, Screen::Debrief);

    let done = &store.sessions(Some("Dana Tester")).unwrap()[0];
    let summary = one_text::<cooldown::gui::screens::debrief::SummaryText>(&mut app);
    assert!(summary.ends_with(&format!("kept as session {} for Dana Tester", done.id)), "{summary}");
    assert!(done.is_complete());
    assert_eq!((done.turns, done.overall, done.band.as_deref(), done.outcome.as_deref()), (4, Some(100), Some("Gold"), Some("Resolved")));
    assert_eq!(done.seed, 3);
    assert!(done.scenario_path.ends_with("late-gift.ron"));
}

/// Sets the text of the one box of kind `C` (as the text widget would leave it).
fn set_box<C: Component>(app: &mut App, text: &str) {
    let world = app.world_mut();
    let mut q = world.query_filtered::<&mut EditableText, With<C>>();
    *q.single_mut(world).expect("the box on screen") = EditableText { allow_newlines: false, ..EditableText::new(text) };
}

/// Answers every question (an option where there are options, words where only words are
/// taken) until the assessment's call `index` (from 0) is on screen.
fn answer_until_call(app: &mut App, index: usize) {
    let on = |app: &App| app.world().get_resource::<cooldown::gui::screens::sitting::Sitting>().map_or(usize::MAX, |s| s.index);
    for _ in 0..60 {
        if on(app) >= index {
            return;
        }
        until_answering_or_left(app);
        let Some(prompt) = app.world().get_resource::<Live>().and_then(|l| match &l.phase {
            Phase::Answering(p) => Some(p.clone()),
            _ => None,
        }) else {
            continue;
        };
        if prompt.choices.is_empty() {
            type_answer(app, "I'm so sorry about this; could you tell me a little more so I can put it right?");
            press(app, KeyCode::Enter);
        } else {
            press(app, KeyCode::Digit1);
        }
    }
    let live = app.world().get_resource::<Live>().map(|l| format!("seed {} phase {:?} feedback {:?} turns {}", l.session.seed(), l.phase, l.feedback, l.session.turns().len()));
    panic!("call {index} never came: {live:?}");
}

fn until_answering_or_left(app: &mut App) {
    for _ in 0..200 {
        if screen(app) != Screen::Session || app.world().get_resource::<Live>().is_some_and(|l| matches!(l.phase, Phase::Answering(_))) {
            app.update();
            return;
        }
        app.update();
    }
}

#[test]
fn an_assessment_is_sat_by_code_with_its_notice_a_clock_no_paste_and_leaving_resumes() {
    use bevy::text::TextEdit;
    use cooldown::app::assess;
    use cooldown::assessment::signals::Noticed;
    use cooldown::gui::screens::sitting::{DeskMessage, DeskText, Step, CodeBox};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("results.db");
    let store = cooldown::store::Store::open(&db).unwrap();
    let loaded = assess::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/support-agent.ron")).unwrap();
    let candidate = assess::Candidate { name: "Robin Candidate".into(), external_id: None, extra_time: 1.5 };
    let code = assess::invite(&store, &loaded, &[candidate]).unwrap()[0].invitation.code.clone();
    let mut app = app();
    app.world_mut().insert_non_send(cooldown::gui::results::Results::new(store));

    // From the title, key 3; a code that is not one is refused with the reason.
    press(&mut app, KeyCode::Digit3);
    until_screen(&mut app, Screen::Assessment);
    set_box::<CodeBox>(&mut app, "hello");
    press(&mut app, KeyCode::Enter);
    assert!(one_text::<DeskMessage>(&mut app).contains("is not an invitation code"), "{}", one_text::<DeskMessage>(&mut app));
    // The real code (typed in lower case, without dashes): the notice says what is recorded.
    set_box::<CodeBox>(&mut app, &code.replace('-', "").to_lowercase());
    press(&mut app, KeyCode::Enter);
    assert_eq!(*app.world().resource::<Step>(), Step::Notice);
    let notice = one_text::<DeskText>(&mut app);
    assert!(notice.contains("What is recorded") && notice.contains("180 days") && notice.contains("extra time you were granted (×1.5)"), "{notice}");
    // Enter begins; the voluntary question comes first, answered with 2.
    press(&mut app, KeyCode::Enter);
    assert_eq!(*app.world().resource::<Step>(), Step::Question(0));
    press(&mut app, KeyCode::Digit2);
    until_screen(&mut app, Screen::Session);
    until_answering(&mut app);
    let probe = cooldown::store::Store::open(&db).unwrap();
    assert_eq!(probe.identification(&code).unwrap(), [("age".to_string(), "40 or over".to_string())]);

    // The clock: call 1 of 5, the time used of 60 minutes (40 with extra time 1.5).
    let clock = one_text::<ClockText>(&mut app);
    assert!(clock.starts_with("Call 1 of 5") && clock.contains("of 60:00") && clock.contains("answer within 03:00"), "{clock}");
    // A paste is refused, said and noted; the box is untouched.
    for mut b in app.world_mut().query_filtered::<&mut EditableText, With<AnswerBox>>().iter_mut(app.world_mut()) {
        b.queue_edit(TextEdit::Paste);
    }
    app.update();
    assert_eq!(one_text::<FeedbackText>(&mut app), cooldown::app::assess::PASTE_REFUSED);
    let pending: usize = app.world_mut().query_filtered::<&EditableText, With<AnswerBox>>().iter(app.world()).map(|b| b.pending_edits.len()).sum();
    assert_eq!(pending, 0, "the paste never reaches the box");
    // Away from the window for a while (time runs 3 s a frame here).
    app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(std::time::Duration::from_secs(3)));
    let window = Entity::PLACEHOLDER;
    app.world_mut().write_message(bevy::window::WindowFocused { window, focused: false });
    for _ in 0..4 {
        app.update();
    }
    app.world_mut().write_message(bevy::window::WindowFocused { window, focused: true });
    app.update();
    app.insert_resource(bevy::time::TimeUpdateStrategy::Automatic);
    // A typed answer is timed from its first key: options until a question takes words (the
    // candidate's own seed orders the options, and so decides the path).
    let takes_words = |app: &App| app.world().get_resource::<Live>().is_some_and(|l| matches!(&l.phase, Phase::Answering(p) if p.free_text.is_some()));
    for _ in 0..10 {
        if takes_words(&app) {
            break;
        }
        press(&mut app, KeyCode::Digit1);
        until_answering(&mut app);
    }
    assert!(takes_words(&app), "a question that takes words");
    for mut b in app.world_mut().query_filtered::<&mut EditableText, With<AnswerBox>>().iter_mut(app.world_mut()) {
        b.queue_edit(TextEdit::Insert("S".into()));
    }
    for _ in 0..3 {
        app.update();
    }
    type_answer(&mut app, "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?");
    press(&mut app, KeyCode::Enter);

    // The first call to its end: no result on screen, straight on to call 2.
    answer_until_call(&mut app, 1);
    until_screen(&mut app, Screen::Session);
    until_answering(&mut app);
    assert!(one_text::<ClockText>(&mut app).starts_with("Call 2 of 5"));
    let sat = probe.sitting(&code).unwrap();
    assert!(sat[0].is_complete() && sat.len() == 2, "{sat:?}");
    // (The typed answer may have come in the second call, where the first took options only.)
    let noticed: Vec<Noticed> = sat.iter().flat_map(|s| probe.observations(s.id).unwrap()).map(|o| o.what).collect();
    assert!(noticed.contains(&Noticed::Paste { chars: 0 }), "{noticed:?}");
    assert!(noticed.iter().any(|n| matches!(n, Noticed::Away { seconds } if *seconds >= 9.0)), "{noticed:?}");
    assert!(noticed.iter().any(|n| matches!(n, Noticed::Typing { chars_per_second } if *chars_per_second > 0.0)), "{noticed:?}");

    // Leaving from the pause: the question is hidden, the answers kept, the code goes on.
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::KeyQ);
    until_screen(&mut app, Screen::Assessment);
    assert!(one_text::<DeskMessage>(&mut app).contains("You left the assessment"));
    set_box::<CodeBox>(&mut app, &code);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // the notice again; the question is not asked twice
    until_screen(&mut app, Screen::Session);
    until_answering(&mut app);
    assert!(one_text::<ClockText>(&mut app).starts_with("Call 2 of 5"), "back where they stopped");
    assert_eq!(probe.sitting(&code).unwrap().iter().filter(|s| s.is_complete()).count(), 1);

    // The time runs out mid-call: the call stops, the assessment ends, the answers are kept.
    press(&mut app, KeyCode::Digit1);
    let answered = probe.sitting(&code).unwrap().iter().map(|s| s.turns).sum::<usize>();
    app.world_mut().resource_mut::<cooldown::gui::screens::sitting::Sitting>().rules.as_mut().unwrap().total = Some(std::time::Duration::ZERO);
    until_screen(&mut app, Screen::Assessment);
    assert_eq!(*app.world().resource::<Step>(), Step::Done);
    assert!(one_text::<DeskMessage>(&mut app).starts_with("Time is up"), "{}", one_text::<DeskMessage>(&mut app));
    assert!(probe.invitation(&code).unwrap().unwrap().finished_ms.is_some(), "the code no longer opens");
    assert_eq!(probe.sitting(&code).unwrap().iter().map(|s| s.turns).sum::<usize>(), answered);
}

/// No microphone: the first try says so in one plain line, Space is a space from then on, and
/// the hints stop offering to answer aloud.
#[test]
fn push_to_talk_without_a_microphone_says_so_once_and_stops_offering_it() {
    use cooldown::gui::screens::KeyHints;
    let mut app = app();
    let answers = tempfile::tempdir().unwrap();
    let talk = Talk::new(Box::new(|| Err("the microphone `Default Audio Device` failed: disconnected..".to_string())), answers.path().into());
    app.world_mut().insert_non_send(Voice::new(talk, answers.path().into()));
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    assert!(one_text::<KeyHints>(&mut app).contains("hold Space to say it"), "offered while a microphone may work");

    hold(&mut app, KeyCode::Space);
    assert_eq!(one_text::<FeedbackText>(&mut app), cooldown::gui::voice::NO_MICROPHONE, "plain words, not the device's error");
    // Typing on, with spaces: no second attempt, no message over the typing.
    app.world_mut().resource_mut::<Live>().feedback.clear();
    hold(&mut app, KeyCode::Space);
    assert_eq!(one_text::<FeedbackText>(&mut app), "");
    type_answer(&mut app, "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?");
    press(&mut app, KeyCode::Enter);
    until_answering(&mut app);
    assert!(matches!(app.world().resource::<Live>().session.turns()[1].answer, GivenAnswer::Text { .. }));
    assert!(!one_text::<KeyHints>(&mut app).contains("Space"), "{}", one_text::<KeyHints>(&mut app));
}

#[test]
fn the_key_hints_say_which_keys_answer_the_question_on_screen() {
    use cooldown::gui::screens::session::key_hints_for;
    assert_eq!(key_hints_for(3, false, true), "1-3 pick an answer  ·  R hear it again  ·  Esc pause", "no typing or speaking where only options are taken");
    assert_eq!(key_hints_for(0, true, false), "Type your answer and press Enter  ·  Ctrl+R hear it again  ·  Esc pause");
    assert_eq!(
        key_hints_for(2, true, true),
        "1-2 pick an answer  ·  or type yours and press Enter  ·  Ctrl+R hear it again  ·  hold Space to say it  ·  Esc pause"
    );
}

/// `play SCENARIO --gui --mode screening` without `--as` opened straight into the call, kept
/// under the machine's login name as a trainee. Now the title asks who is playing first, then
/// goes straight into that call, and the candidate is kept under the name they typed.
#[test]
fn screening_straight_into_a_scenario_asks_the_candidate_s_name_first() {
    use cooldown::gui::screens::title::NameBox;
    let pack = Pack::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"));
    let late_gift = pack.scenarios.iter().position(|s| s.id == "late-gift").unwrap();
    let mut app = headless_app(pack);
    *app.world_mut().resource_mut::<Setup>() = Setup { mode: Mode::Screening, scenario: late_gift, seed: Some(3), person: String::new(), straight_to: Some(late_gift) };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("results.db");
    app.world_mut().insert_non_send(cooldown::gui::results::Results::new(cooldown::store::Store::open(&db).unwrap()));
    app.update();
    assert_eq!(screen(&app), Screen::Title);
    let (name, typed) = name_box(&mut app);
    assert!(has_the_keys(&app, name) && typed.is_empty(), "the name box asks first");
    // Without a name, choosing does nothing.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Digit2);
    assert_eq!(screen(&app), Screen::Title);
    {
        let world = app.world_mut();
        let mut q = world.query_filtered::<&mut EditableText, With<NameBox>>();
        *q.single_mut(world).unwrap() = EditableText::new("Robin Applicant");
    }
    press(&mut app, KeyCode::Digit2);
    until_screen(&mut app, Screen::Session);
    until_answering(&mut app);
    assert_eq!(app.world().resource::<Live>().session.scenario().id, "late-gift", "straight into the named call");
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    let store = cooldown::store::Store::open(&db).unwrap();
    let kept = store.sessions(Some("Robin Applicant")).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].role, cooldown::store::Role::Candidate);
}

/// Enter while the customer speaks shows the whole line at once; the question follows.
#[test]
fn enter_skips_the_rest_of_the_customer_s_line() {
    let mut app = app();
    // Real pacing: fifteen characters a second, so the opening line takes seconds to reveal.
    app.insert_resource(cooldown::gui::Pacing::default());
    press(&mut app, KeyCode::Digit1);
    until_screen(&mut app, Screen::Picker);
    press(&mut app, KeyCode::Digit1);
    until_screen(&mut app, Screen::Session);
    app.update();
    let speaking = |app: &App| app.world().get_resource::<Live>().is_some_and(|l| matches!(l.phase, Phase::Speaking { .. }));
    assert!(speaking(&app), "the customer is still speaking");
    let full = match &app.world().resource::<Live>().phase {
        Phase::Speaking { line, .. } => line.text.clone(),
        _ => unreachable!(),
    };
    let shown = one_text::<CaptionText>(&mut app);
    assert!(shown.chars().count() < full.chars().count(), "part of the line so far: {shown:?}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(one_text::<CaptionText>(&mut app), full, "the whole line at once");
    until_answering(&mut app);
    assert!(app.world().resource::<Live>().session.turns().is_empty(), "the Enter that skipped sent no answer");
}

/// R at a question of options says the customer's line again, then asks the same question;
/// nothing is answered by it.
#[test]
fn r_replays_the_customer_s_line_and_asks_again() {
    let mut app = app();
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    let line = one_text::<CaptionText>(&mut app);
    let options = option_labels(app.world_mut());
    // At speaking pace, so the line can be seen being said again.
    app.insert_resource(cooldown::gui::Pacing::default());
    press(&mut app, KeyCode::KeyR);
    let speaking = |app: &App| app.world().get_resource::<Live>().is_some_and(|l| matches!(&l.phase, Phase::Speaking { line: said, .. } if said.text == line));
    assert!(speaking(&app), "the line is said again");
    press(&mut app, KeyCode::Enter); // and skipped to its end
    until_answering(&mut app);
    assert_eq!(one_text::<CaptionText>(&mut app), line);
    assert_eq!(option_labels(app.world_mut()), options, "the same question, the same options");
    assert!(app.world().resource::<Live>().session.turns().is_empty(), "R answers nothing");
    assert_eq!(one_text::<FeedbackText>(&mut app), "", "and is not taken for stray typing");
}

#[test]
fn a_reviewer_rates_a_spoken_answer_by_keys_and_sees_no_score_before_submitting() {
    use cooldown::gui::screens::review::{AnchorsText, CommentBox, LevelsText, RevealText, ReviewAnswer};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("results.db");
    let store = cooldown::store::Store::open(&db).unwrap();
    let id = cooldown::gui::screenshots::call_with_a_spoken_answer(&store, &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap();
    let mut app = app();
    app.world_mut().insert_non_send(cooldown::gui::results::Results::new(store));

    press(&mut app, KeyCode::Digit4);
    until_screen(&mut app, Screen::Review);
    let answer = one_text::<ReviewAnswer>(&mut app);
    assert!(answer.contains("58213") && answer.contains("spoken, not typed out"), "{answer}");
    let everything = |app: &mut App| text_of::<Text>(app).join("\n");
    // Blind: nothing on screen says what the scorer or anyone else made of it.
    let before = everything(&mut app);
    assert!(!before.contains("Automatic") && !before.contains("Stands at") && text_of::<RevealText>(&mut app).is_empty(), "{before}");
    assert!(one_text::<AnchorsText>(&mut app).contains("5 Unhurried: Lets the customer finish"), "patience's anchors first");

    // T opens a box for the recording's words, with the keys in it; Enter keeps them exactly
    // and the answer is scored on them, still without showing a score.
    use cooldown::gui::screens::review::WordsBox;
    assert!(app.world_mut().query_filtered::<Entity, With<WordsBox>>().iter(app.world()).next().is_none());
    press(&mut app, KeyCode::KeyT);
    app.update();
    let words_box = app.world_mut().query_filtered::<Entity, With<WordsBox>>().single(app.world()).expect("the words box is open");
    assert!(has_the_keys(&app, words_box));
    set_box::<WordsBox>(&mut app, "So the castle, order 58213, was due Tuesday — I'm sorry.");
    press(&mut app, KeyCode::Enter);
    let typed = cooldown::store::Store::open(&db).unwrap().turns(id).unwrap()[1].answer.text().to_string();
    assert_eq!(typed, "So the castle, order 58213, was due Tuesday — I'm sorry.");
    assert!(one_text::<ReviewAnswer>(&mut app).contains("Answer: “So the castle"), "{}", one_text::<ReviewAnswer>(&mut app));
    assert!(!everything(&mut app).contains("Automatic"), "typing the words reveals nothing");

    // 4, 3, 5, 3: one level per dimension, moving down the scales.
    press(&mut app, KeyCode::Digit4);
    assert!(one_text::<AnchorsText>(&mut app).contains("5 Empathic: Names the customer's feeling"), "then empathy's");
    for key in [KeyCode::Digit3, KeyCode::Digit5, KeyCode::Digit3] {
        press(&mut app, key);
    }
    assert_eq!(text_of::<LevelsText>(&mut app), ["4 Calm", "3 Neutral", "5 Verifies", "3 Promises"]);
    set_box::<CommentBox>(&mut app, "Calm; repeated the order back.");
    assert!(!everything(&mut app).contains("Automatic"), "still blind until submitted");
    press(&mut app, KeyCode::Enter);

    let probe = cooldown::store::Store::open(&db).unwrap();
    let ratings = probe.ratings(&cooldown::store::Selection { session: Some(id), ..Default::default() }).unwrap();
    assert_eq!(ratings.len(), 1);
    assert_eq!((ratings[0].turn, ratings[0].reviewer.as_str(), ratings[0].levels), (2, "Tester", [Some(4), Some(3), Some(5), Some(3)]));
    assert_eq!(ratings[0].comment, "Calm; repeated the order back.");
    let shown = one_text::<RevealText>(&mut app);
    assert!(shown.contains("Automatic score: patience") && shown.contains("Tester: patience 4, empathy 3, clarification 5, resolution 3"), "{shown}");
    assert!(probe.session(id).unwrap().reviewed.is_some(), "the consensus stands");
}

#[test]
fn settings_are_changed_by_digits_kept_for_the_person_and_high_contrast_repaints_every_screen() {
    use cooldown::app::settings::{Captions, Settings};
    use cooldown::gui::Preferences;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("results.db");
    let mut app = app();
    app.world_mut().insert_non_send(cooldown::gui::results::Results::new(cooldown::store::Store::open(&db).unwrap()));
    press(&mut app, KeyCode::Digit5);
    until_screen(&mut app, Screen::Settings);
    let rows = option_labels(app.world_mut());
    assert_eq!(rows, ["Text size: 100%", "Captions: normal (about 170 words a minute)", "Reduced motion: off", "High contrast: off"]);
    for key in [KeyCode::Digit1, KeyCode::Digit1, KeyCode::Digit2, KeyCode::Digit4] {
        press(&mut app, key);
    }
    let wanted = Settings { text_scale: 1.5, captions: Captions::Fast, reduced_motion: false, high_contrast: true };
    assert_eq!(app.world().resource::<Preferences>().0, wanted);
    assert_eq!(option_labels(app.world_mut())[0], "Text size: 150%");
    let kept = cooldown::app::settings::load(&cooldown::store::Store::open(&db).unwrap(), "Tester").unwrap();
    assert_eq!(kept, wanted, "kept for the person on the title at once");
    // High contrast: the text on screen is white and yellow, on black panels, here and on the
    // next screen as it appears.
    let colours = |app: &mut App| -> Vec<Color> { app.world_mut().query::<&TextColor>().iter(app.world()).map(|c| c.0).collect() };
    let theme_text = [cooldown::gui::theme::TEXT, cooldown::gui::theme::MUTED];
    assert!(colours(&mut app).iter().all(|c| !theme_text.contains(c)), "{:?}", colours(&mut app));
    press(&mut app, KeyCode::Escape);
    until_screen(&mut app, Screen::Title);
    assert!(colours(&mut app).contains(&Color::WHITE) && colours(&mut app).iter().all(|c| !theme_text.contains(c)));
    // The name box's text cursor too: a light bar in either theme (Bevy's own is dark grey).
    let cursor = |app: &mut App| app.world_mut().query::<&bevy::text::TextCursorStyle>().single(app.world()).unwrap().color;
    assert_eq!(cursor(&mut app), Color::WHITE);
    // Off again: the theme's own colours come back.
    press(&mut app, KeyCode::Digit5);
    until_screen(&mut app, Screen::Settings);
    press(&mut app, KeyCode::Digit4);
    assert!(colours(&mut app).contains(&cooldown::gui::theme::TEXT) && !colours(&mut app).contains(&Color::WHITE));
    press(&mut app, KeyCode::Escape);
    until_screen(&mut app, Screen::Title);
    assert_eq!(cursor(&mut app), cooldown::gui::theme::TEXT);
}

/// A pack in a scratch folder with the bundled late-gift scenario, open on its first question.
fn watched_late_gift() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/late-gift.ron"), dir.path().join("late-gift.ron")).unwrap();
    let mut app = headless_app(Pack::load(dir.path()));
    let mut watch = cooldown::gui::authoring::Watch::new(dir.path().to_path_buf());
    watch.every = std::time::Duration::ZERO;
    app.insert_resource(watch);
    let mut setup = app.world_mut().resource_mut::<Setup>();
    setup.seed = Some(3);
    setup.person = "Trainer".into();
    app.update();
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    (dir, app)
}

/// Runs frames until the watcher has read the pack twice (a change settles) and the screen
/// has caught up.
fn settle(app: &mut App) {
    for _ in 0..6 {
        app.update();
    }
}

#[test]
fn a_saved_scenario_reloads_and_the_call_fast_forwards_through_the_answers_so_far() {
    use cooldown::gui::authoring::{WatchStatus, Watch};
    use cooldown::gui::screens::session::FastForwarded;
    let (dir, mut app) = watched_late_gift();
    let file = dir.path().join("late-gift.ron");
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    assert_eq!(app.world().resource::<Live>().session.turns().len(), 1);

    // The trainer rewords the question on screen and saves: the call restarts on the new text
    // with the first answer given again.
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen("It's order 58213", "It's order 99999", 1);
    assert_ne!(text, edited, "the edit changes the line on screen");
    std::fs::write(&file, &edited).unwrap();
    settle(&mut app);
    until_answering(&mut app);
    let live = app.world().resource::<Live>();
    assert_eq!(live.session.turns().len(), 1, "the answer so far was given again");
    assert!(live.caption.contains("99999"), "the new words are on screen: {}", live.caption);
    assert_eq!(live.conversation.len(), 2, "the conversation so far is there: {:?}", live.conversation);
    assert_eq!(app.world().resource::<FastForwarded>(), &FastForwarded { given: 1, of: 1, stopped: None });
    assert!(one_text::<WatchStatus>(&mut app).contains("1 answer given again"));

    // A broken save is shown, not played: the call stays where it was.
    std::fs::write(&file, edited.replacen("next: \"facts\"", "next: \"factz\"", 1)).unwrap();
    settle(&mut app);
    let problems = app.world().resource::<Watch>().problems.clone().expect("the errors are shown");
    assert!(problems.contains("C002") && problems.contains("factz"), "{problems}");
    assert!(one_text::<WatchStatus>(&mut app).contains("Fix it and save"));
    assert_eq!(app.world().resource::<Live>().session.turns().len(), 1);
    assert_eq!(screen(&app), Screen::Session);

    // Fixed again: the overlay goes, the call reloads.
    std::fs::write(&file, &edited).unwrap();
    settle(&mut app);
    until_answering(&mut app);
    assert!(app.world().resource::<Watch>().problems.is_none());
    assert_eq!(app.world().resource::<Live>().session.turns().len(), 1);
}

#[test]
fn f2_shows_the_branch_graph_with_the_path_taken_in_practice() {
    use cooldown::gui::authoring::{GraphBox, GraphSegment, GraphView};
    let mut app = app();
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    press(&mut app, KeyCode::F2);
    app.update();
    let world = app.world_mut();
    assert_eq!(world.query_filtered::<Entity, With<GraphView>>().iter(world).count(), 1);
    let boxes: Vec<GraphBox> = world.query::<&GraphBox>().iter(world).cloned().collect();
    let scenario = world.resource::<Live>().session.scenario().clone();
    assert_eq!(boxes.len(), scenario.nodes.len() + scenario.endings.len());
    let current = world.resource::<Live>().session.prompt().unwrap().node_id.clone();
    assert_eq!(boxes.iter().filter(|b| b.current).map(|b| b.id.clone()).collect::<Vec<_>>(), [current]);
    let highlighted = world.query::<&GraphSegment>().iter(world).filter(|s| s.highlighted).count();
    assert!(highlighted >= 1, "the first answer's arrow is drawn as the path");
    press(&mut app, KeyCode::F2);
    app.update();
    let world = app.world_mut();
    assert_eq!(world.query_filtered::<Entity, With<GraphView>>().iter(world).count(), 0, "F2 again hides it");
}

/// Every text, button and text box on screen, as a screen reader gets them from the AccessKit
/// tree: texts are labels with their words, buttons and boxes have a role and a name.
fn check_the_accessibility_tree(app: &mut App, what: &str) -> usize {
    use accesskit::Role;
    use bevy::a11y::AccessibilityNode;
    app.update();
    let world = app.world_mut();
    let mut checked = 0;
    let mut texts = world.query_filtered::<(&Text, Option<&AccessibilityNode>), Without<EditableText>>();
    for (text, node) in texts.iter(world) {
        let node = node.unwrap_or_else(|| panic!("{what}: the text {:?} is not in the tree", text.0));
        assert_eq!(node.role(), Role::Label, "{what}: {:?}", text.0);
        assert_eq!(node.value(), Some(text.0.as_str()), "{what}: a label says the text's words");
        checked += 1;
    }
    let mut buttons = world.query_filtered::<Option<&AccessibilityNode>, With<Button>>();
    for node in buttons.iter(world) {
        let node = node.unwrap_or_else(|| panic!("{what}: a button is not in the tree"));
        assert_eq!(node.role(), Role::Button, "{what}");
        assert!(node.label().is_some_and(|l| !l.trim().is_empty()), "{what}: every button is named: {:?}", node.label());
        checked += 1;
    }
    let mut boxes = world.query::<(&EditableText, Option<&AccessibilityNode>)>();
    for (edit, node) in boxes.iter(world) {
        let node = node.unwrap_or_else(|| panic!("{what}: a text box is not in the tree"));
        assert!(matches!(node.role(), Role::TextInput | Role::MultilineTextInput), "{what}: {:?}", node.role());
        assert!(node.label().is_some_and(|l| l != "text box"), "{what}: every box has its own name: {:?}", node.label());
        assert_eq!(node.value(), Some(edit.value().to_string().as_str()), "{what}: a box's value is what is typed in it");
        checked += 1;
    }
    checked
}

#[test]
fn every_text_button_and_text_box_has_a_role_and_a_name_for_screen_readers() {
    use accesskit::Role;
    use bevy::a11y::AccessibilityNode;
    use cooldown::gui::screens::session::AnswerBox;
    let mut app = app();
    assert!(check_the_accessibility_tree(&mut app, "title") > 8);
    let world = app.world_mut();
    let name = world.query_filtered::<&AccessibilityNode, With<NameBox>>().single(world).unwrap().clone();
    assert_eq!((name.role(), name.label(), name.value()), (Role::TextInput, Some("Your name"), Some("Tester")));
    let practise = world.query_filtered::<&AccessibilityNode, With<Button>>().iter(world).find_map(|n| n.label().filter(|l| l.starts_with("1 ")).map(str::to_string));
    assert!(practise.is_some_and(|l| l.contains("Practi")), "the first mode button is named by its number and words");

    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    assert!(check_the_accessibility_tree(&mut app, "session") > 5);
    press(&mut app, KeyCode::Digit1);
    until_answering(&mut app);
    let world = app.world_mut();
    let answer = world.query_filtered::<&AccessibilityNode, With<AnswerBox>>().single(world).unwrap().clone();
    assert_eq!((answer.role(), answer.label()), (Role::MultilineTextInput, Some("Your answer")), "the answer box shows four lines");
    type_answer(&mut app, "So the castle, order 58213?");
    check_the_accessibility_tree(&mut app, "session, typing");
    let world = app.world_mut();
    let answer = world.query_filtered::<&AccessibilityNode, With<AnswerBox>>().single(world).unwrap().clone();
    assert_eq!((answer.label(), answer.value()), (Some("Your answer"), Some("So the castle, order 58213?")), "what is typed is read out");
}

/// The control that has the keys, and whether the ring is drawn round it.
fn focused(app: &App) -> Option<(Entity, bool)> {
    let entity = app.world().resource::<InputFocus>().get()?;
    Some((entity, app.world().get::<Outline>(entity).is_some()))
}

fn rings(app: &mut App) -> usize {
    let world = app.world_mut();
    world.query_filtered::<Entity, With<Outline>>().iter(world).count()
}

/// The label of the option row that has the keys.
fn focused_label(app: &mut App) -> String {
    let (row, _) = focused(app).expect("a control has the keys");
    let world = app.world_mut();
    let mut labels = world.query_filtered::<(Entity, &Text), With<cooldown::gui::screens::OptionLabel>>();
    let found: Vec<(Entity, String)> = labels.iter(world).map(|(e, t)| (e, t.0.clone())).collect();
    let parents = |e: Entity| world.get::<ChildOf>(e).map(ChildOf::parent);
    found
        .into_iter()
        .find(|(label, _)| std::iter::successors(Some(*label), |e| parents(*e)).any(|e| e == row))
        .map(|(_, t)| t)
        .unwrap_or_else(|| panic!("{row:?} is not an option row"))
}

fn shift_tab(app: &mut App) {
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().press(KeyCode::ShiftLeft);
    press(app, KeyCode::Tab);
    app.world_mut().resource_mut::<ButtonInput<KeyCode>>().release(KeyCode::ShiftLeft);
}

#[test]
fn tab_moves_the_keys_round_every_control_with_a_ring_and_enter_presses_the_one_that_has_them() {
    let mut app = app();
    app.insert_resource(ButtonInput::<MouseButton>::default());
    let (name, _) = name_box(&mut app);
    assert_eq!(focused(&app), None);
    // The name box first, then the options in the order shown; Shift-Tab goes back, and the
    // ring follows the keys (one ring at a time).
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused(&app), Some((name, true)));
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused_label(&mut app), "Practise");
    assert_eq!(rings(&mut app), 1);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused_label(&mut app), "Screening");
    shift_tab(&mut app);
    assert_eq!(focused_label(&mut app), "Practise");
    shift_tab(&mut app);
    shift_tab(&mut app);
    assert_eq!(focused_label(&mut app), "Settings", "round the start to the last control");
    assert_eq!(screen(&app), Screen::Title, "Tab chooses nothing");
    // A mouse press hides the ring (the keys stay where they were).
    app.world_mut().resource_mut::<ButtonInput<MouseButton>>().press(MouseButton::Left);
    app.update();
    app.world_mut().resource_mut::<ButtonInput<MouseButton>>().release(MouseButton::Left);
    app.world_mut().resource_mut::<ButtonInput<MouseButton>>().clear();
    app.update();
    assert_eq!(rings(&mut app), 0);

    // Enter presses the option that has the keys: the settings, where Tab and Enter change a
    // row in place, so the keys stay on it.
    press(&mut app, KeyCode::Enter);
    until_screen(&mut app, Screen::Settings);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused_label(&mut app), "Text size: 100%");
    press(&mut app, KeyCode::Enter);
    assert_eq!(focused_label(&mut app), "Text size: 125%", "the row changed and kept the keys");
    assert_eq!(focused(&app).map(|f| f.1), Some(true));
    press(&mut app, KeyCode::Escape);
    until_screen(&mut app, Screen::Title);

    // On a call: the options in turn (the box is hidden at a question of options only), and
    // Enter picks the one with the keys, once.
    open_session(&mut app, KeyCode::Digit1, KeyCode::Digit1);
    let choices = option_labels(app.world_mut());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused_label(&mut app), choices[1]);
    // Paused, the call's options are out of reach: Tab finds nothing, and Enter resumes
    // rather than pressing the option under the overlay.
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused_label(&mut app), choices[1]);
    press(&mut app, KeyCode::Enter);
    assert_eq!(*app.world().resource::<State<Call>>().get(), Call::Running);
    for _ in 0..3 {
        app.update();
    }
    assert!(app.world().resource::<Live>().session.turns().is_empty(), "the resuming Enter picked nothing");
    press(&mut app, KeyCode::Enter);
    let live = app.world().resource::<Live>();
    assert_eq!(live.session.turns().len(), 1);
    assert_eq!(live.session.turns()[0].answer.text(), choices[1]);
    // At a question that takes words, the box has the keys; Tab leaves it and comes back.
    until_answering(&mut app);
    let (answer_box, _) = focused(&app).expect("the answer box has the keys");
    assert!(app.world().get::<AnswerBox>(answer_box).is_some());
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused(&app).map(|f| f.0), Some(answer_box), "the box is the only control here");
}

#[test]
fn every_screen_has_one_scrollbar_hidden_until_the_screen_is_taller_than_the_window() {
    use bevy::ui_widgets::Scrollbar;
    use cooldown::gui::scroll::{ScreenRoot, ScreenScrollbar};
    fn bars(app: &mut App) -> Vec<(Entity, Visibility)> {
        let world = app.world_mut();
        world.query_filtered::<(&Scrollbar, &Visibility), With<ScreenScrollbar>>().iter(world).map(|(s, v)| (s.target, *v)).collect()
    }
    fn root(app: &mut App) -> Entity {
        let world = app.world_mut();
        world.query_filtered::<Entity, With<ScreenRoot>>().single(world).expect("one screen root")
    }
    let mut app = app();
    let title = root(&mut app);
    // Headless there is no layout, so nothing is taller than the window.
    assert_eq!(bars(&mut app), [(title, Visibility::Hidden)]);
    press(&mut app, KeyCode::Digit5);
    until_screen(&mut app, Screen::Settings);
    let settings = root(&mut app);
    assert_ne!(settings, title);
    assert_eq!(bars(&mut app), [(settings, Visibility::Hidden)], "the title's bar went with it");
}
