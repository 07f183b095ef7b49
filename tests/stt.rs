//! Offline speech-to-text with the real engine (Whisper tiny.en, installed by `make stt`, which
//! `make test` runs and then sets COOLDOWN_TEST_STT so a missing engine fails rather than skips):
//! espeak-ng speech of known text in three voices, clean and with white noise at 10 dB SNR, each
//! case's word error rate reported and bounded; a spoken answer through the terminal player's
//! synthetic microphone transcribed, scored, routed and stored with its words; and without an
//! engine, spoken answers behave as before with one line on how to install it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use cooldown::audio::capture::{self, Recording, Stats, Summary};
use cooldown::audio::source::{LiveTake, Source, SourceError};
use cooldown::audio::stt::{self, word_error_rate, SttError, Transcriber};
use cooldown::audio::talk::Talk;
use cooldown::engine::{GivenAnswer, Mode, Response};
use cooldown::store::{Keeping, Kept, Location, Role, ScenarioRef, Store};
use cooldown::terminal::{Finish, Player, Style};

/// The real engine, or `None` (with a note) where it is not installed and `make test` did not
/// ask for it.
fn engine() -> Option<Box<dyn Transcriber>> {
    match stt::engine() {
        Ok(engine) => Some(engine),
        // `cargo test --no-default-features`: the pure core, built without the engine's code.
        Err(SttError::NotBuilt) => None,
        Err(e) if std::env::var_os("COOLDOWN_TEST_STT").is_some() => panic!("make test installs the engine: {e}"),
        Err(e) => {
            eprintln!("note: speech-to-text tests skipped ({e}); `make test` runs them");
            None
        }
    }
}

/// What a customer-service agent might say, as spoken answers.
const SAID: [&str; 6] = [
    "I'm really sorry this happened. Could you tell me the order number so I can look into it?",
    "That sounds frustrating. Let me pull up your account and see what went wrong with the delivery.",
    "I understand why you're upset. What would be the most helpful outcome for you right now?",
    "Let me confirm your address first, then I can arrange a replacement to go out by express.",
    "Please bear with me for a moment while I speak to the courier about where it actually is.",
    "Thank you for your patience. I will call you back before five o'clock with an answer.",
];
const VOICES: [&str; 3] = ["en-us", "en-gb", "en-us+f3"];

fn espeak(voice: &str, text: &str, out: &Path) {
    let ok = Command::new("espeak-ng").args(["-v", voice, "-w"]).arg(out).arg(text).status().expect("espeak-ng (make test installs it)").success();
    assert!(ok, "espeak-ng failed for {voice}");
}

fn read_wav(path: &Path) -> (Vec<f32>, u32) {
    let mut reader = hound::WavReader::open(path).unwrap();
    let rate = reader.spec().sample_rate;
    (reader.samples::<i16>().map(|s| f32::from(s.unwrap()) / 32768.0).collect(), rate)
}

fn write_wav(path: &Path, samples: &[f32], rate: u32) {
    let spec = hound::WavSpec { channels: 1, sample_rate: rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for s in samples {
        w.write_sample((s.clamp(-1.0, 1.0) * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
}

/// `speech` with white noise `snr_db` below the speech's own level (the RMS of its voiced
/// samples), from a fixed seed so every run hears the same noise.
fn with_noise(speech: &[f32], snr_db: f32, seed: u64) -> Vec<f32> {
    let voiced: Vec<f32> = speech.iter().copied().filter(|s| s.abs() > 0.01).collect();
    let rms = (voiced.iter().map(|s| s * s).sum::<f32>() / voiced.len().max(1) as f32).sqrt();
    let sigma = rms * 10f32.powf(-snr_db / 20.0);
    let mut state = seed;
    let mut uniform = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 11) as f32 / (1u64 << 53) as f32).max(f32::MIN_POSITIVE)
    };
    speech
        .iter()
        .map(|s| {
            // Box-Muller: a normal sample from two uniform ones.
            let (u, v) = (uniform(), uniform());
            s + sigma * (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
        })
        .collect()
}

#[test]
fn espeak_answers_are_transcribed_within_stated_word_error_rates_clean_and_at_10_db_noise() {
    let Some(mut engine) = engine() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (mut clean, mut noisy) = (Vec::new(), Vec::new());
    for (i, text) in SAID.iter().enumerate() {
        for voice in VOICES {
            let file = dir.path().join(format!("{i}-{voice}.wav"));
            espeak(voice, text, &file);
            let heard = engine.transcribe(&file).unwrap();
            let wer = word_error_rate(text, &heard.text);
            eprintln!("clean  {voice:9} WER {wer:.3} conf {:.2}  {:?}", heard.confidence(), heard.text);
            assert!(heard.words.iter().all(|w| w.start <= w.end && w.confidence > 0.0 && w.confidence <= 1.0), "{heard:?}");
            clean.push(wer);
            let (speech, rate) = read_wav(&file);
            let noisy_file = dir.path().join(format!("{i}-{voice}-noisy.wav"));
            write_wav(&noisy_file, &with_noise(&speech, 10.0, i as u64 * 31 + voice.len() as u64), rate);
            let heard = engine.transcribe(&noisy_file).unwrap();
            let wer = word_error_rate(text, &heard.text);
            eprintln!("10 dB  {voice:9} WER {wer:.3} conf {:.2}  {:?}", heard.confidence(), heard.text);
            noisy.push(wer);
        }
    }
    // Silence is no words at all (Whisper alone hears "You" in it; the voice-activity filter stops that).
    let silence = dir.path().join("silence.wav");
    write_wav(&silence, &vec![0.0; 16_000 * 3], 16_000);
    let heard = engine.transcribe(&silence).unwrap();
    assert!(heard.text.is_empty() && heard.words.is_empty(), "{heard:?}");
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    eprintln!("mean WER: clean {:.3}, 10 dB SNR {:.3} ({} cases each)", mean(&clean), mean(&noisy), clean.len());
    // Bounds: clean synthetic speech is nearly perfect (about 0.07 measured), no clean case
    // loses most of its words; white noise at 10 dB is hard for the tiny model (about 0.3).
    assert!(mean(&clean) <= 0.12, "clean mean WER {:.3}", mean(&clean));
    assert!(clean.iter().all(|w| *w <= 0.5), "{clean:?}");
    assert!(mean(&noisy) <= 0.45, "noisy mean WER {:.3}", mean(&noisy));
}

/// A synthetic microphone that plays recorded speech: take n is `takes[n]`.
struct SpeechVoice {
    takes: Vec<(Vec<f32>, u32)>,
    started: usize,
}

struct Take(Recording, u32);

impl LiveTake for Take {
    fn stats(&self) -> &Stats {
        self.0.stats()
    }
    fn sample_rate(&self) -> u32 {
        self.1
    }
    fn stop(self: Box<Self>) -> Result<Summary, SourceError> {
        Ok(self.0.finish()?)
    }
}

impl Source for SpeechVoice {
    fn start(&mut self, path: &Path) -> Result<Box<dyn LiveTake>, SourceError> {
        let (samples, rate) = self.takes[self.started.min(self.takes.len() - 1)].clone();
        self.started += 1;
        let (mut sink, recording) = capture::start(path, rate, 1, std::time::Duration::from_secs(20))?;
        // Half a second of silence either side, as a person takes a breath.
        let pad = vec![0.0; rate as usize / 2];
        sink.push_interleaved(&[pad.clone(), samples, pad].concat());
        Ok(Box::new(Take(recording, rate)))
    }
    fn describe(&self) -> String {
        "recorded speech".into()
    }
}

/// Plays patience-test with option 1, then the free-text question answered aloud, kept in a
/// store; returns what the player said, the store and the session.
fn play_aloud(talk: Talk, dir: &Path) -> (String, Store, i64) {
    let store = Store::open_at(&Location::File(dir.join("results.db"))).unwrap();
    let scenario = common::bundled("patience-test");
    let person = store.person("Ann", Role::Trainee, None).unwrap();
    let loaded = cooldown::scenario::load_file(&common::pack_dir().join("patience-test.ron")).unwrap();
    let id = store.begin(&person, &ScenarioRef::of(&loaded), Mode::Practice, 1, None).unwrap();
    let input = "1\n/v\n\n\n\n\n\n/quit\n";
    let mut out = Vec::new();
    let mut player = Player::new(input.as_bytes(), &mut out, Style::PLAIN).with_talk(talk);
    player.keep_in(Keeping { store, kept: Kept::new(id, 0) });
    let finish = player.play(scenario, 1, Mode::Practice).unwrap();
    let store = player.take_keeper().unwrap().store;
    drop(player);
    assert!(matches!(finish, Finish::Abandoned { turns: 2 }), "{finish:?}: {}", String::from_utf8_lossy(&out));
    (String::from_utf8(out).unwrap(), store, id)
}

fn speech(dir: &Path, voice: &str, text: &str) -> (Vec<f32>, u32) {
    let file: PathBuf = dir.join(format!("{}.wav", text.len()));
    espeak(voice, text, &file);
    read_wav(&file)
}

#[test]
fn a_spoken_answer_is_transcribed_scored_routed_and_stored_with_its_words() {
    if engine().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let said = "I am so sorry about that. I can repair yours today, or offer you a full refund if you prefer.";
    let voice = SpeechVoice {
        takes: vec![speech(dir.path(), "en-us", cooldown::scoring::delivery::Calibration::SENTENCE), speech(dir.path(), "en-us", said)],
        started: 0,
    };
    let talk = Talk::new(Box::new(move || Ok(Box::new(voice) as Box<dyn Source>)), dir.path().join("answers")).with_transcriber(Box::new(stt::engine));
    let (out, store, id) = play_aloud(talk, dir.path());
    assert!(out.contains("transcribing") && out.contains("heard: \u{201c}"), "{out}");
    assert!(!out.contains("Type what you said"), "the words were not asked for: {out}");
    let turns = store.turns(id).unwrap();
    let GivenAnswer::Spoken { transcript: Some(words), delivery, behaviours, .. } = &turns[1].answer else { panic!("{:?}", turns[1].answer) };
    assert!(word_error_rate(said, words) <= 0.25, "{words}");
    // Scored as words: the apology and the offer are found, and the reasons say who heard them.
    assert!(!behaviours.is_empty(), "{turns:?}");
    assert!(turns[1].reasons[0].why.starts_with("words as whisper tiny.en heard them (confidence"), "{:?}", turns[1].reasons);
    let speech = delivery.speech.expect("rate and pauses from the word timings");
    assert!(speech.words_per_minute > 60.0 && speech.usual_words_per_minute.is_some(), "{speech:?}");
    // Routed on them: the next node is the one the words lead to, as typed words would.
    let Response::Spoken(spoken) = &store.responses(id).unwrap()[1] else { panic!("a spoken response") };
    let heard = spoken.heard.as_ref().expect("the words and timings are kept");
    assert_eq!(heard.engine, "whisper tiny.en");
    assert!(heard.words.len() >= 15 && heard.words.windows(2).all(|p| p[0].start <= p[1].start), "{heard:?}");
    let typed = {
        let (mut s, _) = cooldown::engine::Session::start(common::bundled("patience-test"), 1, Mode::Practice).unwrap();
        s.respond(Response::Choice(0)).unwrap();
        s.respond(Response::Text(words.clone())).unwrap();
        s.prompt().map(|p| p.node_id.clone())
    };
    let replayed = store.reopen(store.session(id).unwrap()).unwrap();
    assert_eq!(replayed.session.prompt().map(|p| p.node_id.clone()), typed, "the route the same words take when typed");
    let rows: String = rusqlite::Connection::open(dir.path().join("results.db"))
        .unwrap()
        .query_row("SELECT transcribed_by FROM turns WHERE session_id = ?1 AND number = 2", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, "whisper tiny.en");
}

#[test]
fn without_an_engine_spoken_answers_wait_for_typed_words_and_the_player_says_how_to_install_one() {
    let dir = tempfile::tempdir().unwrap();
    let voice = common::ToneVoice::with_amplitudes(vec![0.2]);
    let talk = Talk::new(Box::new(move || Ok(Box::new(voice) as Box<dyn Source>)), dir.path().join("answers"))
        .with_transcriber(Box::new(|| Err(SttError::NotInstalled)));
    let (out, store, id) = play_aloud(talk, dir.path());
    assert_eq!(out.matches("run `make stt`").count(), 1, "said once, in one line: {out}");
    assert!(out.contains("Type what you said"), "{out}");
    let turns = store.turns(id).unwrap();
    assert!(matches!(&turns[1].answer, GivenAnswer::Spoken { transcript: None, .. }), "{:?}", turns[1].answer);
}

#[test]
fn cooldown_transcribe_prints_words_with_timings_and_says_how_to_install_an_engine() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answer.wav");
    espeak("en-gb", "Let me check that for you right away.", &file);
    let run = |python: Option<&str>, args: &[&str]| {
        let mut c = common::cooldown_on(&dir.path().join("r.db"));
        c.arg("transcribe").args(args).arg(&file);
        if let Some(p) = python {
            c.env("COOLDOWN_STT_PYTHON", p);
        }
        c.output().unwrap()
    };
    let none = run(Some("/nonexistent/python"), &[]);
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("make stt"), "{}", String::from_utf8_lossy(&none.stderr));
    if engine().is_none() {
        return;
    }
    let out = run(None, &["--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(word_error_rate("Let me check that for you right away.", value["text"].as_str().unwrap()) <= 0.25, "{value}");
    let words = value["words"].as_array().unwrap();
    assert!(words.len() >= 6 && words.iter().all(|w| w["start"].as_f64() <= w["end"].as_f64() && w["confidence"].as_f64().is_some()), "{value}");
    assert_eq!(value["engine"], "whisper tiny.en");
}

#[test]
fn cooldown_record_warns_when_a_take_misreads_its_line() {
    let Some(mut engine) = engine() else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::pack_dir().join("late-gift.ron"), dir.path().join("late-gift.ron")).unwrap();
    let loaded = cooldown::scenario::load_file(&dir.path().join("late-gift.ron")).unwrap();
    let jobs = cooldown::terminal::record::jobs(&loaded, None, cooldown::terminal::record::Speaker::Person).unwrap();
    let line = jobs[0].text.clone();
    let mut voice = SpeechVoice {
        takes: vec![speech(dir.path(), "en-gb", "Good morning, I would like to book a table for two at eight tonight."), speech(dir.path(), "en-gb", &line)],
        started: 0,
    };
    // Record (Enter), stop (Enter), redo; record, stop, keep; quit.
    let (tx, rx) = std::sync::mpsc::channel();
    for k in ["", "", "r", "", "", "k", "q"] {
        tx.send(k.to_string()).unwrap();
    }
    drop(tx);
    let mut screen = Vec::new();
    let pace = cooldown::terminal::record::Pace { beat: std::time::Duration::ZERO, meter: std::time::Duration::from_millis(1) };
    let report = cooldown::terminal::record::record(&loaded, &jobs, cooldown::terminal::record::Studio { source: &mut voice, checker: Some(engine.as_mut()) }, &rx, &mut screen, &Style::PLAIN, pace).unwrap();
    let screen = String::from_utf8(screen).unwrap();
    assert_eq!(report.kept, 1, "{screen}");
    assert_eq!(screen.matches("warning: misread? heard").count(), 1, "the wrong reading is caught: {screen}");
    assert!(screen.contains("heard \u{201c}Good morning"), "what was heard is shown: {screen}");
    assert_eq!(screen.matches("read as written").count(), 1, "the right reading passes: {screen}");
}
