//! `cooldown record`'s interactive flow with a synthetic voice instead of a microphone: the take
//! is trimmed and normalised, kept beside the scenario, entered in the manifest with its text
//! hash, and the lint no longer lists the line; redo, skip, quit and silence behave.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

mod common;

use common::{ToneVoice, RATE};
use cooldown::audio::wav;
use cooldown::diagnostic::Code;
use cooldown::scenario::takes::{self, Takes, Voice};
use cooldown::scenario::{lint, load_file, LoadedScenario};
use cooldown::terminal::record::{self, Pace, Report, Speaker, Why};
use cooldown::terminal::Style;

/// A private pack holding a copy of one bundled scenario (without its recordings).
fn private_pack(id: &str) -> (tempfile::TempDir, LoadedScenario) {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{id}.ron"));
    let to = dir.path().join(format!("{id}.ron"));
    std::fs::copy(from, &to).unwrap();
    let loaded = load_file(&to).unwrap();
    (dir, loaded)
}

/// Runs the flow with the trainer's keys queued up; returns the report and the screen.
fn run(loaded: &LoadedScenario, jobs: &[record::Job], source: &mut ToneVoice, keys: &[&str]) -> (Report, String) {
    let (tx, rx) = mpsc::channel();
    for k in keys {
        tx.send(k.to_string()).unwrap();
    }
    drop(tx);
    let mut screen = Vec::new();
    let pace = Pace { beat: Duration::ZERO, meter: Duration::from_millis(1) };
    let report = record::record(loaded, jobs, record::Studio { source, checker: None }, &rx, &mut screen, &Style::PLAIN, pace).unwrap();
    (report, String::from_utf8(screen).unwrap())
}

#[test]
fn a_kept_take_is_trimmed_normalised_and_entered_in_the_manifest() {
    let (dir, loaded) = private_pack("late-gift");
    let jobs = record::jobs(&loaded, None, Speaker::Person).unwrap();
    assert!(jobs.len() >= 3, "late-gift has several spoken lines");
    assert!(jobs.iter().all(|j| j.why == Why::Missing));
    let mut voice = ToneVoice::new(0.2);
    // Job 1: record, stop, redo; record, stop, keep. Job 2: skip. Job 3: quit.
    let (report, screen) = run(&loaded, &jobs, &mut voice, &["", "", "r", "", "", "k", "s", "q"]);
    assert_eq!(report, Report { kept: 1, skipped: 1, quit: true }, "{screen}");
    assert_eq!(voice.takes_started, 2, "the redo recorded again");
    assert!(screen.contains(&jobs[0].text) || screen.contains(&jobs[0].text[..40]), "the line is shown:\n{screen}");
    assert!(screen.contains("● REC"), "a level meter ran:\n{screen}");

    // The WAV: 0.15 s lead + 1.5 s tone + 0.3 s tail, peak raised to about -1 dB.
    let file = dir.path().join(format!("audio/{}.wav", jobs[0].key));
    let (samples, rate) = wav::read_mono(&file).unwrap();
    assert_eq!(rate, RATE);
    let seconds = samples.len() as f32 / RATE as f32;
    assert!((1.8..2.1).contains(&seconds), "trimmed to {seconds:.2} s");
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    assert!((0.85..0.92).contains(&peak), "normalised peak {peak}");
    assert!(samples[..(0.1 * RATE as f32) as usize].iter().all(|s| s.abs() < 0.01), "the lead-in is quiet");

    // The manifest and the lint agree the line is voiced, by a person, from this text.
    let manifest = Takes::load(dir.path()).unwrap();
    let take = &manifest.takes[&jobs[0].key];
    assert_eq!(take.by, Voice::Recorded);
    assert_eq!(take.text, takes::text_hash(&jobs[0].text));
    let reloaded = load_file(&loaded.source.path).unwrap();
    let left = record::jobs(&reloaded, None, Speaker::Person).unwrap();
    assert_eq!(left.len(), jobs.len() - 1);
    assert!(!left.iter().any(|j| j.key == jobs[0].key));
    let c017 = lint::lint_scenario(&reloaded).into_iter().find(|d| d.code == Code::C017).expect("others still missing");
    assert!(c017.message.starts_with(&format!("{} of {}", jobs.len() - 1, jobs.len())), "{}", c017.message);
    // Nothing half-written is left behind.
    let stray: Vec<_> = std::fs::read_dir(dir.path().join("audio")).unwrap().map(|e| e.unwrap().file_name()).filter(|n| n.to_string_lossy().starts_with('.')).collect();
    assert!(stray.is_empty(), "temporary files left: {stray:?}");
}

#[test]
fn editing_a_line_makes_its_take_stale() {
    let (dir, loaded) = private_pack("late-gift");
    let jobs = record::jobs(&loaded, None, Speaker::Person).unwrap();
    run(&loaded, &jobs, &mut ToneVoice::new(0.5), &["", "", "k", "q"]);
    let path = &loaded.source.path;
    let text = std::fs::read_to_string(path).unwrap();
    let edited = text.replacen(&jobs[0].text, "I ordered a LEGO castle and it never came.", 1);
    assert_ne!(text, edited);
    std::fs::write(path, edited).unwrap();
    let reloaded = load_file(path).unwrap();
    let again = record::jobs(&reloaded, None, Speaker::Person).unwrap();
    assert_eq!(again[0].key, jobs[0].key);
    assert_eq!(again[0].why, Why::Stale);
    let stale = lint::lint_scenario(&reloaded).into_iter().filter(|d| d.code == Code::C018).count();
    assert_eq!(stale, 1);
    drop(dir);
}

#[test]
fn a_silent_take_is_not_kept_and_says_why() {
    let (dir, loaded) = private_pack("late-gift");
    let jobs = record::jobs(&loaded, None, Speaker::Person).unwrap();
    let (report, screen) = run(&loaded, &jobs, &mut ToneVoice::new(0.0), &["", "", "q"]);
    assert_eq!(report, Report { kept: 0, skipped: 0, quit: true });
    assert!(screen.contains("Heard nothing"), "{screen}");
    assert!(Takes::load(dir.path()).unwrap().takes.is_empty());
}

#[test]
fn a_person_replaces_placeholders_but_the_synthesiser_never_overwrites() {
    let (_dir, loaded) = private_pack("late-gift");
    let jobs = record::jobs(&loaded, None, Speaker::Person).unwrap();
    let voice = Voice::Synthesised("espeak-ng test".into());
    record::keep(loaded.pack_dir(), &jobs[0], &[0.5; 1600], RATE, voice).unwrap();
    let reloaded = load_file(&loaded.source.path).unwrap();
    let person = record::jobs(&reloaded, None, Speaker::Person).unwrap();
    assert_eq!(person[0].why, Why::Placeholder);
    assert_eq!(person.len(), jobs.len());
    let synth = record::jobs(&reloaded, None, Speaker::Synthesiser).unwrap();
    assert_eq!(synth.len(), jobs.len() - 1);
}

#[test]
fn an_unknown_line_is_an_error_that_suggests_the_closest() {
    let (_dir, loaded) = private_pack("late-gift");
    let err = record::jobs(&loaded, Some("gift-1"), Speaker::Person).unwrap_err().to_string();
    assert!(err.contains("no line `gift-1`") && err.contains("did you mean `gift-01`"), "{err}");
}

#[test]
fn the_synthesiser_never_replaces_a_persons_take_unless_asked_to() {
    let (_dir, loaded) = private_pack("late-gift");
    let jobs = record::jobs(&loaded, None, Speaker::Person).unwrap();
    let kept = record::keep(loaded.pack_dir(), &jobs[0], &[0.5; 1600], RATE, Voice::Recorded).unwrap();
    let before = std::fs::read(&kept).unwrap();
    let reloaded = load_file(&loaded.source.path).unwrap();
    let line = jobs[0].line_id.as_str();

    // `record --line ID --synthesise` refuses, and the person's WAV is untouched.
    let err = record::jobs(&reloaded, Some(line), Speaker::Synthesiser).unwrap_err().to_string();
    assert!(err.contains("person's recording") && err.contains("--replace-recordings"), "{err}");
    assert_eq!(std::fs::read(&kept).unwrap(), before);
    // Filling gaps passes over it.
    let synth = record::jobs(&reloaded, None, Speaker::Synthesiser).unwrap();
    assert!(!synth.iter().any(|j| j.key == jobs[0].key), "the person's take is not on the list");
    // Asked explicitly, it is replaced.
    let over = record::jobs(&reloaded, Some(line), Speaker::SynthesiserOverPeople).unwrap();
    assert!(over.iter().any(|j| j.key == jobs[0].key && j.why == Why::Asked));
}

#[test]
fn a_manifest_entry_outside_the_pack_is_never_played_and_is_flagged() {
    let (dir, loaded) = private_pack("late-gift");
    let jobs = record::jobs(&loaded, None, Speaker::Person).unwrap();
    let mut manifest = Takes::default();
    for (job, file) in jobs.iter().zip(["/etc/passwd", "../../../../etc/passwd"]) {
        let take = takes::Take { file: file.into(), text: takes::text_hash(&job.text), by: Voice::Recorded };
        manifest.takes.insert(job.key.clone(), take);
    }
    manifest.save(dir.path()).unwrap();
    let reloaded = load_file(&loaded.source.path).unwrap();
    let mut with_takes = reloaded.clone();
    with_takes.attach(Takes::load(dir.path()).unwrap());
    let played: Vec<_> = with_takes.scenario.nodes.iter().flat_map(|n| &n.lines).flat_map(|l| l.recordings.iter().flatten()).collect();
    assert!(played.is_empty(), "nothing outside the pack is played: {played:?}");
    let found = lint::lint_paths(std::slice::from_ref(&loaded.source.path));
    let outside: Vec<_> = found.iter().filter(|d| d.code == Code::C007).collect();
    assert_eq!(outside.len(), 2, "{found:#?}");
    assert!(outside.iter().all(|d| d.is_error()));
    let again = record::jobs(&with_takes, None, Speaker::Person).unwrap();
    assert_eq!(again.iter().filter(|j| j.why == Why::Outside).count(), 2, "the recorder puts them back in the pack");
}

#[cfg(unix)]
#[test]
fn takes_are_never_written_through_an_audio_folder_that_links_out_of_the_pack() {
    let (dir, loaded) = private_pack("late-gift");
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("audio")).unwrap();
    let jobs = record::jobs(&loaded, None, Speaker::Person).unwrap();
    let err = record::keep(loaded.pack_dir(), &jobs[0], &[0.5; 1600], RATE, Voice::Recorded).unwrap_err().to_string();
    assert!(err.contains("outside the pack"), "{err}");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0, "nothing written outside the pack");
}
