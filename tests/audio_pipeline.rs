//! The capture pipeline with a synthetic source (no sound card): every sample of a long stream
//! arrives in order, and a WAV from a writer killed mid-recording still opens.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use cooldown::audio::capture::{self, to_i16};

const RATE: u32 = 48_000;

/// The n-th sample of the synthetic stream: a sequence that survives 16-bit conversion exactly.
fn sample(n: u64) -> f32 {
    ((n * 7919 % 65_535) as f32 - 32_767.0) / 32_767.0
}

/// Pushes `seconds` of stereo audio (both channels equal) in 10 ms callbacks, as fast as the
/// ring has room: faster than real time, without ever overrunning.
fn feed(sink: &mut capture::CaptureSink, seconds: u64, realtime: bool) {
    let per_callback = (RATE / 100) as u64;
    let mut frame = Vec::with_capacity(per_callback as usize * 2);
    let mut n = 0u64;
    while n < seconds * u64::from(RATE) {
        frame.clear();
        for k in n..n + per_callback {
            frame.push(sample(k));
            frame.push(sample(k));
        }
        while sink.room() < per_callback as usize {
            std::thread::yield_now();
        }
        sink.push_interleaved(&frame);
        n += per_callback;
        if realtime {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn check_prefix(path: &Path, at_least: u64) -> u64 {
    let reader = hound::WavReader::open(path).expect("the WAV opens");
    assert_eq!(reader.spec().channels, 1);
    assert_eq!(reader.spec().bits_per_sample, 16);
    let mut count = 0u64;
    for (n, s) in reader.into_samples::<i16>().enumerate() {
        let s = s.expect("every sample reads");
        assert_eq!(s, to_i16(sample(n as u64)), "sample {n} is the one sent, in order");
        count += 1;
    }
    assert!(count >= at_least, "{count} samples, expected at least {at_least}");
    count
}

#[test]
fn ten_minutes_at_48_khz_arrive_complete_and_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.wav");
    let (mut sink, recording) = capture::start(&path, RATE, 2, Duration::from_millis(500)).unwrap();
    let started = std::time::Instant::now();
    feed(&mut sink, 600, false);
    let summary = recording.finish().unwrap();
    assert!(started.elapsed() < Duration::from_secs(600), "faster than real time");
    assert_eq!(summary.dropped, 0);
    assert_eq!(summary.samples, 600 * u64::from(RATE));
    assert_eq!(check_prefix(&path, summary.samples), summary.samples);
}

/// Run by the test below in a child process, which it then kills.
#[test]
#[ignore = "a helper: runs only as the child of killed_writer_leaves_a_readable_wav"]
fn record_until_killed() {
    let Some(path) = std::env::var_os("COOLDOWN_KILL_TEST_WAV") else { return };
    let (mut sink, _recording) = capture::start(Path::new(&path), RATE, 2, Duration::from_secs(1)).unwrap();
    feed(&mut sink, 3600, true);
}

#[test]
fn killed_writer_leaves_a_readable_wav() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("killed.wav");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "record_until_killed", "--ignored", "--nocapture"])
        .env("COOLDOWN_KILL_TEST_WAV", &path)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    child.kill().unwrap(); // SIGKILL: no destructor, no finalize
    child.wait().unwrap();
    // At least the audio up to the last header refresh is there, intact.
    let samples = check_prefix(&path, u64::from(RATE) / 2);
    println!("{samples} samples ({:.2} s) survived the kill", samples as f64 / f64::from(RATE));
}
