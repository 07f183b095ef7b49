//! The results database under kill -9: scripted sessions of the terminal player are killed at
//! random points (between answers, while an answer is being kept, at the end), sometimes with
//! the journal then deleted or cut short, and every time the database must pass SQLite's
//! integrity check and hold every answer the player had acknowledged (shown its feedback
//! for, which it does only after keeping it). `make test` runs 16 sessions; `make torture`
//! runs 200 (COOLDOWN_TORTURE_SESSIONS).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use cooldown::store::Store;

mod common;

use common::{cooldown_on, PATIENCE_SCRIPT as SCRIPT};

/// What happens to the journal after the kill.
#[derive(Debug, Clone, Copy)]
enum Journal {
    Kept,
    Deleted,
    CutShort,
}

fn journal_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

/// Plays `person`'s session, acknowledges `answers` of it (or all, and lets it end), sends one
/// more and kills the player after `delay`; returns how many answers were acknowledged.
fn play_and_kill(db: &Path, person: &str, seed: u64, answers: usize, delay: Duration) -> usize {
    let mut child = cooldown_on(db)
        .args(["play", "patience-test", "--terminal", "--seed", &seed.to_string(), "--as", person])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cooldown starts");
    let screen = Arc::new(Mutex::new(String::new()));
    let mut stdout = child.stdout.take().unwrap();
    let reader = {
        let screen = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    // Feedback (`↳`) is shown only after the answer is kept.
    let acknowledged = || screen.lock().unwrap().matches('↳').count();
    let mut stdin = child.stdin.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    for (k, line) in SCRIPT.iter().enumerate().take(answers) {
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
        while acknowledged() <= k {
            assert!(Instant::now() < deadline, "answer {} never acknowledged:\n{}", k + 1, screen.lock().unwrap());
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    if let Some(next) = SCRIPT.get(answers) {
        let _ = writeln!(stdin, "{next}");
        let _ = stdin.flush();
    }
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    drop(stdin);
    reader.join().unwrap();
    acknowledged()
}

#[test]
fn killed_players_lose_no_acknowledged_answer_and_leave_a_sound_database() {
    let sessions: usize = std::env::var("COOLDOWN_TORTURE_SESSIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(16);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("torture.db");
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(20261130);
    let mut expected: Vec<(String, usize)> = Vec::new();
    let mut damaged_reported = 0;
    for i in 0..sessions {
        let person = format!("p{i}");
        let answers = rng.random_range(0..=SCRIPT.len());
        let delay = Duration::from_micros(rng.random_range(0..20_000));
        let acknowledged = play_and_kill(&db, &person, i as u64, answers, delay);
        assert!(acknowledged >= answers, "{person}: {acknowledged} of {answers}");
        expected.push((person, acknowledged));

        let journal = match rng.random_range(0..4) {
            0 => Journal::Deleted,
            1 => Journal::CutShort,
            _ => Journal::Kept,
        };
        let wal = journal_of(&db);
        match journal {
            Journal::Kept => {}
            Journal::Deleted => {
                let _ = std::fs::remove_file(&wal);
            }
            Journal::CutShort => {
                if let Ok(bytes) = std::fs::read(&wal) {
                    if !bytes.is_empty() {
                        std::fs::write(&wal, &bytes[..bytes.len().saturating_sub(7)]).unwrap();
                        // A journal cut short is said, with a copy kept, not silently dropped.
                        let store = Store::open(&db).unwrap();
                        let said = store.warning().expect("a cut journal is reported");
                        assert!(said.contains("cut short") && said.contains("copy"), "{said}");
                        damaged_reported += 1;
                    }
                }
            }
        }

        // What the next player or reader would find.
        let store = Store::open(&db).unwrap_or_else(|e| panic!("after killing {i} ({journal:?}): {e}"));
        assert_eq!(store.integrity().unwrap(), "ok", "after killing {i} ({journal:?})");
        let kept = store.sessions(None).unwrap();
        for (person, acknowledged) in &expected {
            let stored: usize = kept.iter().filter(|s| &s.person == person).map(|s| s.turns).sum();
            assert!(stored >= *acknowledged, "{person}: {acknowledged} acknowledged, {stored} kept (after killing {i}, {journal:?})");
        }
    }
    let total: usize = expected.iter().map(|(_, n)| n).sum();
    eprintln!("{sessions} sessions killed, {total} acknowledged answers, 0 lost; {damaged_reported} cut journals reported");
}
