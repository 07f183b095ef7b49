//! Helpers shared by the integration tests: load a bundled scenario, play a script.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cooldown::audio::capture::{self, Recording, Stats, Summary};
use cooldown::audio::source::{LiveTake, Source, SourceError};
use cooldown::engine::{Event, Mode, Response, Session, SessionResult};
use cooldown::scenario::{load_file, Scenario};
use cooldown::store::Location;

/// patience-test from start to its Gold ending, one answer per line.
pub const PATIENCE_SCRIPT: [&str; 6] = [
    "1",
    "The 3000 isn't made any more, but I can repair yours or offer you a refund.",
    "1",
    "I'm sorry. I understand how frustrating that is after eleven years. What would help most right now?",
    "1",
    "Thank you for your patience today, Victor.",
];

/// The `cooldown` binary on the results database `db`, as on CI: no colour, no display (so
/// `play` uses the terminal), its data folder beside `db`, never the tester's own.
pub fn cooldown_on(db: &Path) -> std::process::Command {
    cooldown_at(&Location::File(db.to_path_buf()), db.parent().unwrap())
}

/// The `cooldown` binary on the results database `at` (a file or a server), with `data` as its
/// data folder; otherwise as [`cooldown_on`].
pub fn cooldown_at(at: &Location, data: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_cooldown"));
    c.arg("--db").arg(at.to_arg());
    c.env("NO_COLOR", "1").env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY").env_remove("COOLDOWN_DB");
    c.env("COOLDOWN_DATA_DIR", data);
    c
}

/// The longest a `cooldown` run by a test may take: far beyond a slow, loaded CI machine, and
/// far short of the run's own limit, so a player that never ends fails its one test.
pub const CHILD_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Writes `input` to a spawned `cooldown` (from a thread: the player may fill its output pipe
/// before reading everything) and waits for it to end, as [`finish`].
pub fn converse(mut child: std::process::Child, input: &str) -> std::process::Output {
    let stdin = child.stdin.take();
    let input = input.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        // The player may end before reading everything: a closed pipe is not an error here.
        if let Some(mut stdin) = stdin {
            let _ = std::io::Write::write_all(&mut stdin, &input);
        }
    });
    let out = finish(child);
    writer.join().unwrap();
    out
}

/// Waits for a spawned `cooldown` to end and collects what it said; one still running after
/// [`CHILD_LIMIT`] is killed and fails the test with its output, rather than hang the run.
pub fn finish(child: std::process::Child) -> std::process::Output {
    let pid = child.id().to_string();
    let (ended, waiting) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let late = waiting.recv_timeout(CHILD_LIMIT).is_err();
        if late {
            let _ = std::process::Command::new("kill").args(["-KILL", &pid]).status();
        }
        late
    });
    let out = child.wait_with_output().unwrap();
    let _ = ended.send(());
    let late = watchdog.join().unwrap();
    assert!(!late, "cooldown was still running after {CHILD_LIMIT:?}; it said:\n{}", String::from_utf8_lossy(&out.stdout));
    out
}

/// A new, empty results database on every backend this run can reach, for the same test to run
/// on each: an SQLite file in `dir` always, and a new database on the PostgreSQL server that
/// `COOLDOWN_TEST_POSTGRES` names (`make test` starts a throw-away one and sets it).
pub fn fresh_databases(dir: &Path, name: &str) -> Vec<Location> {
    let mut all = vec![Location::File(dir.join(format!("{name}.db")))];
    match fresh_server_database(name) {
        Some(server) => all.push(server),
        None => eprintln!("note: {name} ran on SQLite only; `make test` runs it on PostgreSQL too"),
    }
    all
}

/// A new database on the test server, named after `name`, the process and a counter.
#[cfg(feature = "postgres")]
pub fn fresh_server_database(name: &str) -> Option<Location> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static MADE: AtomicUsize = AtomicUsize::new(0);
    let admin = std::env::var("COOLDOWN_TEST_POSTGRES").ok().filter(|u| !u.is_empty())?;
    let clean: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).take(40).collect();
    let db = format!("{clean}_{}_{}", std::process::id(), MADE.fetch_add(1, Ordering::Relaxed));
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap_or_else(|e| panic!("the test server {admin}: {e}"));
    client.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let (server, _) = admin.rsplit_once('/').expect("a URL with a database");
    Some(Location::Server(format!("{server}/{db}")))
}

#[cfg(not(feature = "postgres"))]
pub fn fresh_server_database(_name: &str) -> Option<Location> {
    None
}

pub fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// A bundled scenario by id (its file is `scenarios/<id>.ron`).
pub fn bundled(id: &str) -> Arc<Scenario> {
    let path = pack_dir().join(format!("{id}.ron"));
    Arc::new(load_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).scenario)
}

/// One scripted answer.
#[derive(Debug, Clone, Copy)]
pub enum Say {
    /// The authored choice with this 1-based number in the file, wherever it is shown.
    Pick(usize),
    /// A typed answer.
    Type(&'static str),
}

/// Plays a script to its end and returns the result; fails if the script ends early or late.
pub fn play(scenario: &Arc<Scenario>, seed: u64, mode: Mode, script: &[Say]) -> (SessionResult, Vec<Event>) {
    try_play(scenario, seed, mode, script).unwrap_or_else(|e| panic!("{e}"))
}

/// Like [`play`], but says what went wrong instead of panicking.
pub fn try_play(scenario: &Arc<Scenario>, seed: u64, mode: Mode, script: &[Say]) -> Result<(SessionResult, Vec<Event>), String> {
    let (mut session, mut events) = Session::start(Arc::clone(scenario), seed, mode).map_err(|e| e.to_string())?;
    for (i, say) in script.iter().enumerate() {
        if session.is_over() {
            let ending = &session.result().unwrap().ending_id;
            return Err(format!("session ended at `{ending}` after {i} answers, before {say:?}"));
        }
        let response = match *say {
            Say::Pick(n) => Response::Choice(shown_position(scenario, &session, n)?),
            Say::Type(text) => Response::Text(text.to_string()),
        };
        let more = session.respond(response).map_err(|e| format!("answer {} ({say:?}) refused: {e}", i + 1))?;
        events.extend(more);
    }
    match session.result() {
        Some(result) => Ok((result.clone(), events)),
        None => Err(format!("script ended but the session waits at {:?}", session.prompt().map(|p| &p.node_id))),
    }
}

/// Where the authored choice `n` (1-based) is shown in the current prompt.
fn shown_position(scenario: &Scenario, session: &Session, n: usize) -> Result<usize, String> {
    let prompt = session.prompt().ok_or("session does not wait for an answer")?;
    let node = scenario.node(&prompt.node_id).ok_or("prompt names no node")?;
    let choice = node.choices.get(n - 1).ok_or_else(|| format!("node `{}` has no choice {n}", node.id))?;
    prompt.choices.iter().position(|c| *c == choice.text).ok_or_else(|| "authored choice is not shown".to_string())
}

/// The sample rate of [`ToneVoice`].
pub const RATE: u32 = 16_000;

/// A synthetic microphone that speaks each take the instant it starts: `silence` seconds, a
/// 440 Hz tone of `tone` seconds, `silence` seconds again. Every sample is in the ring before
/// `start` returns, so a test needs no clock. Take n uses `amplitudes[n]` (the last one repeats).
pub struct ToneVoice {
    pub silence: f32,
    pub tone: f32,
    pub amplitudes: Vec<f32>,
    pub takes_started: usize,
}

impl ToneVoice {
    pub fn new(amplitude: f32) -> Self {
        ToneVoice::with_amplitudes(vec![amplitude])
    }

    pub fn with_amplitudes(amplitudes: Vec<f32>) -> Self {
        ToneVoice { silence: 1.0, tone: 1.5, amplitudes, takes_started: 0 }
    }

    fn samples(&self, amplitude: f32) -> Vec<f32> {
        let n = |s: f32| (s * RATE as f32) as usize;
        let mut out = vec![0.0; n(self.silence)];
        out.extend((0..n(self.tone)).map(|i| amplitude * (i as f32 * 440.0 * std::f32::consts::TAU / RATE as f32).sin()));
        out.extend(std::iter::repeat_n(0.0, n(self.silence)));
        out
    }
}

struct ToneTake(Recording);

impl LiveTake for ToneTake {
    fn stats(&self) -> &Stats {
        self.0.stats()
    }
    fn sample_rate(&self) -> u32 {
        RATE
    }
    fn stop(self: Box<Self>) -> Result<Summary, SourceError> {
        Ok(self.0.finish()?)
    }
}

impl Source for ToneVoice {
    fn start(&mut self, path: &Path) -> Result<Box<dyn LiveTake>, SourceError> {
        let amplitude = self.amplitudes[self.takes_started.min(self.amplitudes.len() - 1)];
        self.takes_started += 1;
        let (mut sink, recording) = capture::start(path, RATE, 1, std::time::Duration::from_secs(10))?;
        sink.push_interleaved(&self.samples(amplitude));
        Ok(Box::new(ToneTake(recording)))
    }
    fn describe(&self) -> String {
        "synthetic 440 Hz voice".into()
    }
}
