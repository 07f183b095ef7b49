//! Timing metrics of spoken answers, measured from constructed WAVs with a known onset and a
//! known loudness, and how a spoken answer scores in a session.

mod common;

use std::path::Path;

use cooldown::audio::wav;
use cooldown::engine::{Event, GivenAnswer, Mode, Response, Session, Spoken};
use cooldown::scoring::delivery::{Cue, Delivery};
use cooldown::audio::talk::Talk;
use cooldown::terminal::{Finish, Player, Style};

use common::{ToneVoice, RATE};

/// `onset` seconds of silence (with faint hiss, as a real room has), then `speech` seconds of a
/// voice-like signal at `amplitude` (a 200 Hz tone, amplitude-modulated at 4 Hz like
/// syllables), then half a second of hiss.
fn speech_wav(path: &Path, onset: f32, speech: f32, amplitude: f32) {
    let n = |s: f32| (s * RATE as f32) as usize;
    let hiss = |i: usize| if i % 7 < 3 { 0.001 } else { -0.001 };
    let mut samples: Vec<f32> = (0..n(onset)).map(hiss).collect();
    samples.extend((0..n(speech)).map(|i| {
        let t = i as f32 / RATE as f32;
        let syllables = 0.6 + 0.4 * (t * 4.0 * std::f32::consts::TAU).sin();
        amplitude * syllables * (t * 200.0 * std::f32::consts::TAU).sin()
    }));
    samples.extend((0..n(0.5)).map(hiss));
    wav::write_mono(path, &samples, RATE).unwrap();
}

fn measured(onset: f32, amplitude: f32, cue: Cue, calibration_amplitude: Option<f32>) -> Delivery {
    let dir = tempfile::tempdir().unwrap();
    let calibration = calibration_amplitude.map(|a| {
        let path = dir.path().join("calibration.wav");
        speech_wav(&path, 0.5, 3.0, a);
        wav::analyse(&path).unwrap().calibration().expect("the calibration holds speech")
    });
    let path = dir.path().join("answer.wav");
    speech_wav(&path, onset, 2.0, amplitude);
    wav::analyse(&path).unwrap().delivery(cue, calibration).expect("the answer holds speech")
}

/// One analysis frame: the resolution of every timing.
const FRAME: f32 = 0.02;

#[test]
fn starting_before_the_customer_finishes_is_measured_as_an_interruption() {
    // The customer's line runs 4.5 s; recording started 3.0 s into it; speech 0.8 s later:
    // the trainee spoke 0.7 s before the customer finished.
    let d = measured(0.8, 0.3, Cue { recording_started: 3.0, prompt_length: 4.5 }, None);
    assert!((d.latency + 0.7).abs() <= FRAME, "latency {}", d.latency);
    assert!((d.talk_time - 2.0).abs() <= 2.0 * FRAME, "talk time {}", d.talk_time);
    let findings = d.findings();
    assert_eq!(findings[0].points.patience, -2);
    assert_eq!(findings[0].why, "interrupted the customer 0.7 s before they finished");
}

#[test]
fn waiting_for_the_customer_is_measured_as_latency() {
    // Recording started as the line ended; speech 1.2 s later.
    let d = measured(1.2, 0.3, Cue { recording_started: 4.5, prompt_length: 4.5 }, None);
    assert!((d.latency - 1.2).abs() <= FRAME, "latency {}", d.latency);
    assert_eq!(d.findings()[0].points.patience, 0);
    assert_eq!(d.loudness_db, None);
}

#[test]
fn loudness_is_measured_against_the_calibration() {
    let cue = Cue { recording_started: 5.0, prompt_length: 4.0 };
    // Twice the calibration's amplitude is +6.0 dB: a raised voice.
    let raised = measured(0.5, 0.4, cue, Some(0.2));
    let db = raised.loudness_db.unwrap();
    assert!((db - 6.02).abs() < 0.3, "{db} dB");
    assert_eq!(raised.findings()[1].points.patience, -1);
    // Four times is +12 dB: shouting.
    let shouting = measured(0.5, 0.8, cue, Some(0.2));
    assert!((shouting.loudness_db.unwrap() - 12.04).abs() < 0.3);
    assert_eq!(shouting.findings()[1].points.patience, -2);
    // The same level is the speaker's normal voice, whatever that level is.
    let normal = measured(0.5, 0.05, cue, Some(0.05));
    assert!(normal.loudness_db.unwrap().abs() < 0.3);
    assert_eq!(normal.findings()[1].points.patience, 0);
}

#[test]
fn a_silent_recording_measures_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("silence.wav");
    speech_wav(&path, 2.0, 0.0, 0.0);
    let analysis = wav::analyse(&path).unwrap();
    assert_eq!(analysis.delivery(Cue { recording_started: 0.0, prompt_length: 1.0 }, None), None);
    assert_eq!(analysis.calibration(), None);
}

fn at_free_text_node() -> Session {
    let scenario = common::bundled("patience-test");
    let (mut session, _) = Session::start(scenario, 1, Mode::Practice).unwrap();
    session.respond(Response::Choice(0)).unwrap();
    assert!(session.prompt().unwrap().free_text.is_some());
    session
}

fn spoken(transcript: Option<&str>, latency: f32) -> Response {
    Response::Spoken(Spoken {
        audio: "answers/turn-2.wav".into(),
        delivery: Delivery { latency, talk_time: 3.0, loudness_db: Some(1.0), speech: None },
        transcript: transcript.map(str::to_string),
        heard: None,
    })
}

fn scored(events: &[Event]) -> &cooldown::engine::Turn {
    events.iter().find_map(|e| if let Event::TurnScored(t) = e { Some(t) } else { None }).unwrap()
}

#[test]
fn a_transcribed_spoken_answer_scores_its_words_and_its_delivery() {
    let words = "I'm sorry, that model isn't made any more, but I can offer you a repair or a refund today.";
    let typed = at_free_text_node().respond(Response::Text(words.into())).unwrap();
    let calm = at_free_text_node().respond(spoken(Some(words), 0.8)).unwrap();
    let rude = at_free_text_node().respond(spoken(Some(words), -1.5)).unwrap();
    let (typed, calm, rude) = (scored(&typed), scored(&calm), scored(&rude));
    assert_eq!(calm.points, typed.points, "a calm delivery adds nothing to the words' points");
    assert_eq!(rude.points.patience, typed.points.patience - 2, "talking over the customer costs patience");
    assert!(rude.reasons.iter().any(|r| r.why == "interrupted the customer 1.5 s before they finished"));
    assert!(rude.anger_after > calm.anger_after, "the customer minds being talked over");
    assert!(!calm.answer.needs_review());
}

#[test]
fn an_untranscribed_spoken_answer_takes_the_fallback_and_awaits_a_reviewer() {
    let mut session = at_free_text_node();
    let events = session.respond(spoken(None, 0.8)).unwrap();
    let turn = scored(&events);
    assert!(turn.answer.needs_review());
    assert!(matches!(&turn.answer, GivenAnswer::Spoken { audio, .. } if audio == "answers/turn-2.wav"));
    assert_eq!(turn.points, Default::default(), "no points either way until someone listens");
    assert!(turn.reasons.iter().any(|r| r.why.contains("await a reviewer")));
    assert_eq!(turn.anger_after, turn.anger_before);
    // The session replays the spoken answer exactly.
    let again = Session::replay(session.scenario().clone(), 1, Mode::Practice, session.responses()).unwrap();
    assert_eq!(again.events(), session.events());
}

#[test]
fn a_question_with_only_options_refuses_a_spoken_answer() {
    let scenario = common::bundled("patience-test");
    let (mut session, _) = Session::start(scenario, 1, Mode::Practice).unwrap();
    let err = session.respond(spoken(Some("hello"), 1.0)).unwrap_err();
    assert_eq!(err.to_string(), "this question takes one of the options, not an answer in your own words");
}

/// Plays patience-test in the terminal player with a synthetic microphone: option 1, then the
/// free-text question answered aloud (`/v`): calibration, answer, transcript.
fn play_aloud(amplitudes: Vec<f32>, transcript: &str) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let voice = ToneVoice::with_amplitudes(amplitudes);
    let talk = Talk::new(Box::new(move || Ok(Box::new(voice) as Box<dyn cooldown::audio::source::Source>)), dir.path().join("answers"));
    let input = format!("1\n/v\n\n\n\n\n{transcript}\n/quit\n");
    let mut out = Vec::new();
    let finish = Player::new(input.as_bytes(), &mut out, Style::PLAIN)
        .with_talk(talk)
        .play(common::bundled("patience-test"), 1, Mode::Practice)
        .unwrap();
    assert!(matches!(finish, Finish::Abandoned { turns: 2 }), "{finish:?}");
    (String::from_utf8(out).unwrap(), dir)
}

#[test]
fn the_terminal_player_records_a_spoken_answer_after_a_calibration() {
    let words = "I'm sorry, that model isn't made any more, but I can offer you a repair or a refund today.";
    let (calm, dir) = play_aloud(vec![0.2, 0.2], words);
    assert!(calm.contains("read this in your normal voice") && calm.contains("Calibrated."), "{calm}");
    assert!(calm.contains("1.5 s of speech, saved as"), "{calm}");
    for file in ["calibration.wav", "turn-2.wav"] {
        let a = wav::analyse(&dir.path().join("answers").join(file)).unwrap();
        assert!((a.talk_time() - 1.5).abs() <= 2.0 * FRAME, "{file}: {} s of speech", a.talk_time());
    }
    // Four times louder than the calibration: shouting, which costs patience on top of the
    // same words' points.
    let (loud_out, _dir) = play_aloud(vec![0.1, 0.4], words);
    let loud = loud_out.clone();
    let feedback = |out: &str| out.lines().filter_map(|l| l.split_once('↳')).nth(1).unwrap().1.to_string();
    let (calm, loud) = (feedback(&calm), feedback(&loud));
    let patience = |line: &str| line.split(',').find_map(|p| p.trim().strip_suffix(" patience")?.parse::<i32>().ok()).unwrap_or(0);
    assert_eq!(patience(&loud), patience(&calm) - 2, "calm: {calm}\nloud: {loud}");
    assert!(loud_out.contains("spoke 12 dB louder than your calibration: that is shouting"), "{loud_out}");
}

#[test]
fn without_a_microphone_the_player_says_so_and_the_answer_can_be_typed() {
    let talk = Talk::new(Box::new(|| Err("no microphone was found; plug one in, or type your answers instead".into())), "unused".into());
    let input = "1\n/v\n/v\nI can offer you a repair or a refund.\n/quit\n";
    let mut out = Vec::new();
    let finish = Player::new(input.as_bytes(), &mut out, Style::PLAIN).with_talk(talk).play(common::bundled("patience-test"), 1, Mode::Practice).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.matches("no microphone was found").count(), 2, "asked twice, told twice: {out}");
    assert!(out.contains("Type your answer instead."), "{out}");
    assert!(matches!(finish, Finish::Abandoned { turns: 2 }), "the typed answer was taken: {out}");
    assert!(!Path::new("unused").exists(), "no folder is made when nothing is recorded");
}
