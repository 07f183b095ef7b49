//! The voice actor's round trip: `cooldown script` lists every take to record, the actor's WAVs
//! named by take come back with `cooldown record --import`, and the script then shows them
//! recorded and the session plays them.

use std::path::Path;
use std::process::Command;

use cooldown::app::script::{script, Status};
use cooldown::audio::wav;
use cooldown::scenario::load_file;

/// Half a second of silence, a second of a voice-like tone, half a second of silence.
fn spoken(path: &Path) {
    let rate = 16_000;
    let samples: Vec<f32> = (0..rate * 2)
        .map(|i| {
            let t = i as f32 / rate as f32;
            if (0.5..1.5).contains(&t) { 0.4 * (0.6 + 0.4 * (t * 4.0 * std::f32::consts::TAU).sin()) * (t * 200.0 * std::f32::consts::TAU).sin() } else { 0.0 }
        })
        .collect();
    wav::write_mono(path, &samples, rate as u32).unwrap();
}

#[test]
fn takes_named_by_the_script_are_imported_as_recordings() {
    let pack = tempfile::tempdir().unwrap();
    std::fs::copy("scenarios/late-gift.ron", pack.path().join("late-gift.ron")).unwrap();
    let scenario = pack.path().join("late-gift.ron");
    let before = script(&[load_file(&scenario).unwrap()]);
    assert!(before.iter().all(|l| l.status == Status::None));

    let studio = tempfile::tempdir().unwrap();
    spoken(&studio.path().join("gift-01.wav"));
    spoken(&studio.path().join("gift-01.1.wav"));
    spoken(&studio.path().join("gift-1.wav")); // a typo
    wav::write_mono(&studio.path().join("gift-02.wav"), &[0.0; 16_000], 16_000).unwrap(); // silence
    std::fs::write(studio.path().join("notes.txt"), "not a take").unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_cooldown"))
        .args(["record", scenario.to_str().unwrap(), "--import", studio.path().to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("gift-01.wav: kept as gift-01"), "{said}");
    assert!(said.contains("gift-1.wav: no take `gift-1`; did you mean `gift-01`?"), "{said}");
    assert!(said.contains("gift-02.wav: not imported: it holds no speech"), "{said}");
    assert!(said.contains("2 imported, 2 not"), "{said}");

    let loaded = load_file(&scenario).unwrap();
    let after = script(std::slice::from_ref(&loaded));
    let status = |take: &str| after.iter().find(|l| l.take == take).unwrap().status;
    assert_eq!((status("gift-01"), status("gift-01.1"), status("gift-02")), (Status::Recorded, Status::Recorded, Status::None));
    // The session plays the imported take for the line's text.
    assert_eq!(loaded.scenario.nodes[0].lines[0].recordings[0].as_deref(), Some("audio/gift-01.wav"));

    // The script as files.
    let csv = pack.path().join("script.csv");
    let html = pack.path().join("script.html");
    let made = Command::new(env!("CARGO_BIN_EXE_cooldown"))
        .args(["script", scenario.to_str().unwrap(), "--csv", csv.to_str().unwrap(), "--html", html.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let csv = std::fs::read_to_string(csv).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("gift-01,") && l.ends_with(",recorded")), "{csv}");
    assert!(std::fs::read_to_string(html).unwrap().contains("<h1>Voice script</h1>"));
}
