//! The results store: a session killed mid-way keeps every scored answer and resumes to the
//! same result; a database made by the first schema migrates with its data; readers go on
//! while a session writes.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use cooldown::engine::{Mode, Response, Session};
use cooldown::scenario::load_file;
use cooldown::store::{schema, Role, ScenarioRef, Store};

use common::{cooldown_on as cooldown, PATIENCE_SCRIPT as SCRIPT};

fn stored_turns(db: &Path) -> usize {
    Store::open(db).ok().and_then(|s| s.sessions(None).ok()).map_or(0, |v| v.iter().map(|s| s.turns).sum())
}

#[test]
fn a_session_killed_mid_way_resumes_with_every_answer_and_the_same_result() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("results.db");
    const KILLED_AFTER: usize = 3;

    let mut child = cooldown(&db)
        .args(["play", "patience-test", "--terminal", "--seed", "1", "--as", "Ann"])
        .stdin(Stdio::piped())
        .stdout(std::fs::File::create(dir.path().join("out.txt")).unwrap())
        .stderr(std::fs::File::create(dir.path().join("err.txt")).unwrap())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for line in &SCRIPT[..KILLED_AFTER] {
        writeln!(stdin, "{line}").unwrap();
    }
    stdin.flush().unwrap();
    // Keep stdin open (the player waits for answer 4), and kill it once 3 answers are stored.
    // Generous: a freshly linked debug binary can take a while to load on a busy machine.
    let deadline = Instant::now() + Duration::from_secs(90);
    while stored_turns(&db) < KILLED_AFTER {
        if Instant::now() > deadline {
            let _ = child.kill();
            let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap_or_default();
            panic!("the player never stored {KILLED_AFTER} answers:\n{}\n{}", read("out.txt"), read("err.txt"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(stdin);

    let store = Store::open(&db).unwrap();
    let sessions = store.sessions(Some("Ann")).unwrap();
    assert_eq!(sessions.len(), 1);
    let killed = &sessions[0];
    assert!(!killed.is_complete(), "listed as incomplete");
    assert_eq!(killed.turns, KILLED_AFTER, "every scored answer survived the kill");
    assert_eq!(store.last_incomplete("Ann").unwrap().map(|s| s.id), Some(killed.id));
    drop(store);

    let history = cooldown(&db).args(["history", "--person", "Ann"]).output().unwrap();
    let history = String::from_utf8(history.stdout).unwrap();
    assert!(history.contains(&format!("unfinished after 3 answer(s): `cooldown play --resume {}`", killed.id)), "{history}");

    let mut resumed = cooldown(&db).args(["play", "--resume", "--as", "Ann"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let rest = SCRIPT[KILLED_AFTER..].join("\n") + "\n";
    resumed.stdin.take().unwrap().write_all(rest.as_bytes()).unwrap();
    let out = resumed.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Resuming after 3 answer(s)"), "{stdout}");

    // The stored session is whole and scores as if it had never stopped.
    let store = Store::open(&db).unwrap();
    let done = store.session(killed.id).unwrap();
    assert!(done.is_complete());
    assert_eq!(done.turns, SCRIPT.len());
    let loaded = load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/patience-test.ron").as_path()).unwrap();
    let responses = store.responses(killed.id).unwrap();
    assert!(matches!(responses[1], Response::Text(ref t) if t == SCRIPT[1]));
    let straight = Session::replay(std::sync::Arc::new(loaded.scenario), 1, Mode::Practice, &responses).unwrap();
    let result = straight.result().expect("the replay ends");
    assert_eq!(done.overall, Some(result.overall));
    assert_eq!(done.scores, result.scores);
    assert_eq!(done.outcome.as_deref(), Some("Unresolved"));
    assert_eq!(store.turns(killed.id).unwrap(), straight.turns(), "every turn as the engine scored it");
}

#[test]
fn a_database_of_the_first_schema_migrates_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, 1).unwrap();
        assert_eq!(schema::version(&conn).unwrap(), 1);
        conn.execute_batch(
            "INSERT INTO people (name, role, created_ms) VALUES ('Bo', 'candidate', 1);
             INSERT INTO sessions (person_id, scenario_id, scenario_format, scenario_hash, scenario_path, mode, seed, started_ms, ended_ms,
                                   outcome, patience, empathy, clarification, resolution, overall, band)
             VALUES (1, 'late-gift', 1, 'fnv1a64:0', 'scenarios/late-gift.ron', 'screening', 9, 1000, 2000,
                     'Resolved', 80, 90, 70, 60, 75, 'Silver');
             INSERT INTO turns (session_id, number, node_id, kind, choice, text, patience, empathy, clarification, resolution,
                                anger_before, anger_after, answered_ms, response_json, turn_json)
             VALUES (1, 1, 'open', 'choice', 0, 'Sorry', 1, 2, 0, 0, 70, 60, 1500, '{\"Choice\":0}', '{}');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let sessions = store.sessions(None).unwrap();
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!((s.person.as_str(), s.role, s.mode), ("Bo", Role::Candidate, Mode::Screening));
    assert_eq!((s.overall, s.band.as_deref(), s.turns), (Some(75), Some("Silver"), 1));
    assert_eq!(s.answers_dir, None, "a column added by migration 2, empty for old rows");
    assert_eq!(store.responses(s.id).unwrap(), [Response::Choice(0)]);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(schema::version(&conn).unwrap(), schema::CURRENT);
    let columns: Vec<String> =
        conn.prepare("SELECT name FROM pragma_table_info('turns')").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(columns.iter().any(|c| c == "latency_s"), "{columns:?}");
}

/// Two cooldowns started at once on a new file (a report run as a session begins) must not
/// both apply the same migration: CI once saw "duplicate column name: audio" from exactly this.
#[test]
fn many_processes_opening_a_new_database_at_once_all_get_the_current_schema() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let start = std::sync::Arc::new(std::sync::Barrier::new(8));
        let openers: Vec<_> = (0..8)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&path).map(|_| ()).map_err(|e| e.to_string())
                })
            })
            .collect();
        for opener in openers {
            assert_eq!(opener.join().unwrap(), Ok(()), "round {round}");
        }
        let conn = rusqlite::Connection::open(&path).unwrap();
        assert_eq!(schema::version(&conn).unwrap(), schema::CURRENT);
    }
}

#[test]
fn a_newer_schema_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", schema::CURRENT + 1).unwrap();
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(err.contains("newer cooldown") && err.contains("--db"), "{err}");
}

#[test]
fn readers_go_on_while_a_session_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("busy.db");
    let loaded = load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/patience-test.ron").as_path()).unwrap();
    let writer_store = Store::open(&db).unwrap();
    const SESSIONS: usize = 40;

    let (reading, started) = std::sync::mpsc::channel();
    let reader = {
        let db = db.clone();
        std::thread::spawn(move || {
            let store = Store::open(&db).unwrap();
            let mut seen = Vec::new();
            while seen.last().is_none_or(|n: &usize| *n < SESSIONS * 2) {
                let sessions = store.sessions(None).expect("a read never fails while writing");
                let turns: usize = sessions.iter().map(|s| s.turns).sum();
                seen.push(turns);
                let _ = reading.send(());
            }
            seen
        })
    };
    // The writer starts once the reader is reading, and paces itself a little like a real
    // session, so the two truly overlap however busy the machine is.
    started.recv().unwrap();
    let person = writer_store.person("Cy", Role::Trainee, None).unwrap();
    for seed in 0..SESSIONS as u64 {
        let (mut session, _) = Session::start(std::sync::Arc::new(loaded.scenario.clone()), seed, Mode::Practice).unwrap();
        let id = writer_store.begin(&person, &ScenarioRef::of(&loaded), Mode::Practice, seed, None).unwrap();
        for response in [Response::Choice(0), Response::Text(SCRIPT[1].into())] {
            session.respond(response.clone()).unwrap();
            writer_store.add_turn(id, session.turns().last().unwrap(), &response).unwrap();
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let seen = reader.join().unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "reads only ever see committed turns, in order");
    assert_eq!(*seen.last().unwrap(), SESSIONS * 2);
    assert!(seen.iter().any(|&n| n > 0 && n < SESSIONS * 2), "the reader read while the writer wrote: {seen:?}");
}

#[test]
fn a_spoken_answer_nobody_typed_out_is_listed_for_review_until_reviewed() {
    use cooldown::engine::Spoken;
    use cooldown::scoring::delivery::Delivery;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    let store = Store::open(&db).unwrap();
    let loaded = load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/patience-test.ron").as_path()).unwrap();
    let person = store.person("Ann", Role::Trainee, None).unwrap();
    let id = store.begin(&person, &ScenarioRef::of(&loaded), Mode::Practice, 1, None).unwrap();
    let (mut session, _) = Session::start(std::sync::Arc::new(loaded.scenario.clone()), 1, Mode::Practice).unwrap();
    let spoken = Response::Spoken(Spoken {
        audio: "answers/turn-2.wav".into(),
        delivery: Delivery { latency: 0.8, talk_time: 3.0, loudness_db: None },
        transcript: None,
    });
    for response in [Response::Choice(0), spoken] {
        session.respond(response.clone()).unwrap();
        store.add_turn(id, session.turns().last().unwrap(), &response).unwrap();
    }
    let list = |db: &Path| String::from_utf8(cooldown(db).args(["review", &id.to_string()]).output().unwrap().stdout).unwrap();
    let before = list(&db);
    assert!(before.contains("turn 2: spoken, not typed out: listen to answers/turn-2.wav"), "{before}");
    let added = cooldown(&db).args(["review", &id.to_string(), "--turn", "2", "--note", "Offered a repair, calmly.", "--by", "Lee"]).output().unwrap();
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let after = list(&db);
    assert!(!after.contains("listen to"), "{after}");
    assert!(after.contains("turn 2: reviewed by Lee on ") && after.contains("Offered a repair, calmly."), "{after}");
    let bad = cooldown(&db).args(["review", &id.to_string(), "--turn", "7", "--note", "x"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("has no turn 7; it has 2"));
}

#[test]
fn readers_never_create_a_database_or_a_folder_and_writers_make_only_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo/x.db");
    let err = Store::open_read_only(&typo).err().expect("nothing to read").to_string();
    assert!(err.contains("no results database"), "{err}");
    let err = Store::open(&typo).err().expect("no such folder").to_string();
    assert!(err.contains("does not exist"), "{err}");
    assert!(!dir.path().join("typo").exists(), "no folder made by mistake");

    // The commands that only read say so, and leave nothing behind.
    for args in [&["history"][..], &["report", "--cohort", "--out", "r.html"], &["review", "1"]] {
        let out = cooldown(&typo).args(args).current_dir(dir.path()).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no results database"), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(!dir.path().join("typo").exists() && !dir.path().join("r.html").exists());

    // A real database: readable when nobody may write it, and a reader changes nothing.
    let db = dir.path().join("r.db");
    {
        let store = Store::open(&db).unwrap();
        let ann = store.person("Ann", Role::Trainee, None).unwrap();
        let loaded = load_file(&common::pack_dir().join("patience-test.ron")).unwrap();
        store.begin(&ann, &ScenarioRef::of(&loaded), Mode::Practice, 1, None).unwrap();
    }
    let mut perms = std::fs::metadata(&db).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&db, perms.clone()).unwrap();
    let before = std::fs::read(&db).unwrap();
    let reader = Store::open_read_only(&db).unwrap();
    assert_eq!(reader.sessions(None).unwrap().len(), 1);
    assert!(reader.person("Bo", Role::Trainee, None).is_err(), "a reader cannot write");
    drop(reader);
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is unchanged");
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&db, perms).unwrap();

    // Report outputs go only where asked: a missing folder is an error, a folder is not a prefix.
    let out = cooldown(&db).args(["report", "--cohort", "--out"]).arg(dir.path().join("no-such-dir/x.html")).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!dir.path().join("no-such-dir").exists(), "no folder made by mistake");
    let out = cooldown(&db).args(["report", "--cohort", "--csv"]).arg(format!("{}/", dir.path().display())).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a folder"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!dir.path().join(".sessions.csv").exists());
}

#[test]
fn a_journal_cut_short_is_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    drop(Store::open(&db).unwrap());
    // A crash image: the database and its journal copied while a writer still holds frames
    // in the journal (no checkpoint yet).
    let crash = dir.path().join("crash");
    std::fs::create_dir(&crash).unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute("INSERT INTO people (name, role, created_ms) VALUES ('Zoe', 'trainee', 0)", []).unwrap();
        std::fs::copy(&db, crash.join("a.db")).unwrap();
        std::fs::copy(dir.path().join("a.db-wal"), crash.join("a.db-wal")).unwrap();
    }
    let wal = crash.join("a.db-wal");
    let bytes = std::fs::read(&wal).unwrap();
    assert!(bytes.len() > 32, "the journal holds frames");
    std::fs::write(&wal, &bytes[..bytes.len() - 100]).unwrap();
    let image = crash.join("a.db");
    let reader = Store::open_read_only(&image).unwrap();
    let said = reader.warning().expect("a reader is told").to_string();
    drop(reader);
    assert!(said.contains("cut short") && said.contains("copy of it is kept"), "{said}");
    let store = Store::open(&image).unwrap();
    assert!(store.warning().is_some(), "a writer is told too");
    let copies = std::fs::read_dir(&crash).unwrap().filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains(".damaged-")).count();
    assert!(copies >= 1, "the cut journal is kept for whoever looks into it");
    assert_eq!(store.integrity().unwrap(), "ok");
}

#[test]
fn history_columns_stay_aligned_with_long_names() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("h.db")).unwrap();
    let loaded = load_file(&common::pack_dir().join("patience-test.ron")).unwrap();
    for name in ["Al", "Bartholomew-Alexander Featherstonehaugh-Smythe the Third", "Zoë"] {
        let person = store.person(name, Role::Trainee, None).unwrap();
        store.begin(&person, &ScenarioRef::of(&loaded), Mode::Practice, 1, None).unwrap();
    }
    let table = cooldown::terminal::history::render(&cooldown::terminal::Style::PLAIN, &store.sessions(None).unwrap());
    let columns: Vec<usize> = table
        .lines()
        .filter(|l| l.contains("patience-test"))
        .map(|l| l.chars().collect::<String>().find("patience-test").map(|b| l[..b].chars().count()).unwrap())
        .collect();
    assert_eq!(columns.len(), 3, "{table}");
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "the scenario column starts at one place:\n{table}");
    assert!(table.contains('…'), "a very long name is cut:\n{table}");
}

#[test]
fn a_refused_resume_suggests_a_command_that_works_for_a_file_outside_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("my copy.ron");
    std::fs::copy(common::pack_dir().join("patience-test.ron"), &file).unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let ann = store.person("Ann", Role::Trainee, None).unwrap();
    let id = store.begin(&ann, &ScenarioRef::of(&load_file(&file).unwrap()), Mode::Practice, 1, None).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("Nothing will fix this", "Nothing fixes this", 1)).unwrap();
    let err = match store.reopen(store.session(id).unwrap()) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("an edited scenario was replayed"),
    };
    let real = std::fs::canonicalize(&file).unwrap();
    assert!(err.contains(&format!("`cooldown play '{}'`", real.display())), "the file itself, quoted: {err}");
    assert!(!err.contains("cooldown play patience-test"), "{err}");
}

#[cfg(unix)]
#[test]
fn the_data_folder_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data/cooldown");
    cooldown::paths::create_private_dir(&data).unwrap();
    let mode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{mode:o}");
}
