//! Records through the real cpal path from a fake microphone: ALSA's `file` plugin, set up in a
//! private `HOME/.asoundrc`, plays a known raw file as if it were a microphone. The recorded WAV
//! must hold that signal.
#![cfg(all(feature = "audio", target_os = "linux"))]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use cooldown::audio::mic::Mic;
use cooldown::audio::wav;

/// Run as the child of the test below, with HOME pointing at the fake microphone's config.
#[test]
#[ignore = "a helper: runs only as the child of records_a_known_signal_from_a_fake_microphone"]
fn record_from_default_microphone() {
    let Some(out) = std::env::var_os("COOLDOWN_FAKE_MIC_OUT") else { return };
    let mic = Mic::open(None).expect("the fake microphone opens");
    eprintln!("config: {:?}", mic.describe());
    // ALSA's null device has no clock, so the fake microphone runs as fast as it is read: a
    // ring larger than the source keeps every sample of it, and the recording stops once the
    // source's three seconds are in.
    let (stream, recording) = mic.record_buffered(Path::new(&out), Duration::from_secs(10)).expect("recording starts");
    let wanted = 3 * u64::from(mic.sample_rate());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while recording.stats().received.load(std::sync::atomic::Ordering::Relaxed) < wanted && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(stream);
    let summary = recording.finish().expect("recording finishes");
    println!("recorded {} samples at {} Hz, {} dropped", summary.samples, summary.sample_rate, summary.dropped);
}

#[test]
fn records_a_known_signal_from_a_fake_microphone() {
    let dir = tempfile::tempdir().unwrap();
    // Source: 0.5 s of silence, then a 440 Hz tone at half scale, 16-bit mono 48 kHz, raw.
    let rate = 48_000usize;
    let mut raw = Vec::new();
    for i in 0..rate * 3 {
        let s = if i < rate / 2 { 0.0 } else { 0.5 * (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() };
        raw.extend_from_slice(&((s * 32767.0) as i16).to_le_bytes());
    }
    let source = dir.path().join("source.raw");
    std::fs::write(&source, &raw).unwrap();
    let asoundrc = format!(
        "pcm.!default {{\n  type file\n  slave.pcm \"null\"\n  file \"/dev/null\"\n  infile \"{}\"\n  format \"raw\"\n}}\n",
        source.display()
    );
    std::fs::write(dir.path().join(".asoundrc"), asoundrc).unwrap();

    let recorded = dir.path().join("recorded.wav");
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "record_from_default_microphone", "--ignored", "--nocapture"])
        .env("HOME", dir.path())
        .env("COOLDOWN_FAKE_MIC_OUT", &recorded)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));

    let a = wav::analyse(&recorded).unwrap();
    assert!(a.duration >= Duration::from_millis(1000), "recorded {:?}", a.duration);
    assert!((a.peak - 0.5).abs() < 0.05, "peak {}", a.peak);
    assert!((a.voiced_rms - 0.5 / 2f32.sqrt()).abs() < 0.03, "voiced rms {}", a.voiced_rms);

    // Sample for sample, the recording is the source: ALSA's file plugin reads a little ahead
    // when the stream starts, so the recording may begin a moment into it; from there on every
    // sample of the source must arrive, in order, to its end.
    let source: Vec<i16> = raw.chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]])).collect();
    let got: Vec<i16> = hound::WavReader::open(&recorded).unwrap().samples::<i16>().map(Result::unwrap).collect();
    let tone = |v: &[i16]| v.iter().position(|s| s.abs() > 100).expect("the tone is there");
    let skipped = tone(&source) - tone(&got);
    assert!(skipped < rate / 2, "the recording starts {skipped} samples into the source");
    let rest = &source[skipped..];
    let matching = got.iter().zip(rest).take_while(|(a, b)| (**a - **b).abs() <= 1).count();
    assert_eq!(matching, rest.len(), "every sample from there on arrives, in order ({matching} of {})", rest.len());
}
