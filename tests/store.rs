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
use cooldown::store::{schema, Location, Role, ScenarioRef, Store};

use common::{cooldown_at, cooldown_on as cooldown, fresh_databases, PATIENCE_SCRIPT as SCRIPT};

fn stored_turns(db: &Location) -> usize {
    Store::open_at(db).ok().and_then(|s| s.sessions(None).ok()).map_or(0, |v| v.iter().map(|s| s.turns).sum())
}

#[test]
fn a_session_killed_mid_way_resumes_with_every_answer_and_the_same_result() {
    let dir = tempfile::tempdir().unwrap();
    for db in fresh_databases(dir.path(), "killed") {
        killed_mid_way_then_resumed(dir.path(), &db);
    }
}

fn killed_mid_way_then_resumed(dir: &Path, db: &Location) {
    const KILLED_AFTER: usize = 3;
    let cooldown = |db: &Location| cooldown_at(db, dir);

    let mut child = cooldown(db)
        .args(["play", "patience-test", "--terminal", "--seed", "1", "--as", "Ann"])
        .stdin(Stdio::piped())
        .stdout(std::fs::File::create(dir.join("out.txt")).unwrap())
        .stderr(std::fs::File::create(dir.join("err.txt")).unwrap())
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
    while stored_turns(db) < KILLED_AFTER {
        if Instant::now() > deadline {
            let _ = child.kill();
            let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_default();
            panic!("the player never stored {KILLED_AFTER} answers:\n{}\n{}", read("out.txt"), read("err.txt"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(stdin);

    let store = Store::open_at(db).unwrap();
    let sessions = store.sessions(Some("Ann")).unwrap();
    assert_eq!(sessions.len(), 1);
    let killed = &sessions[0];
    assert!(!killed.is_complete(), "listed as incomplete");
    assert_eq!(killed.turns, KILLED_AFTER, "every scored answer survived the kill");
    assert_eq!(store.last_incomplete("Ann").unwrap().map(|s| s.id), Some(killed.id));
    drop(store);

    let history = cooldown(db).args(["history", "--person", "Ann"]).output().unwrap();
    let history = String::from_utf8(history.stdout).unwrap();
    assert!(history.contains(&format!("unfinished after 3 answers: `cooldown play --resume {}`", killed.id)), "{history}");

    let resumed = cooldown(db).args(["play", "--resume", "--as", "Ann"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let out = common::converse(resumed, &(SCRIPT[KILLED_AFTER..].join("\n") + "\n"));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Resuming after 3 answers"), "{stdout}");

    // The stored session is whole and scores as if it had never stopped.
    let store = Store::open_at(db).unwrap();
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
        for at in fresh_databases(dir.path(), "new") {
            let start = std::sync::Arc::new(std::sync::Barrier::new(8));
            let openers: Vec<_> = (0..8)
                .map(|_| {
                    let (at, start) = (at.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        Store::open_at(&at).map(|_| ()).map_err(|e| e.to_string())
                    })
                })
                .collect();
            for opener in openers {
                assert_eq!(opener.join().unwrap(), Ok(()), "round {round} on {at}");
            }
            // Migrated once: the schema is whole and usable.
            let store = Store::open_at(&at).unwrap();
            let ann = store.person("Ann", Role::Trainee, None).unwrap();
            assert_eq!(store.person("Ann", Role::Trainee, None).unwrap(), ann);
            if let Location::File(path) = &at {
                let conn = rusqlite::Connection::open(path).unwrap();
                assert_eq!(schema::version(&conn).unwrap(), schema::CURRENT);
            }
        }
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
    for db in fresh_databases(dir.path(), "busy") {
        reading_while_writing(&db);
    }
}

fn reading_while_writing(db: &Location) {
    let loaded = load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/patience-test.ron").as_path()).unwrap();
    let writer_store = Store::open_at(db).unwrap();
    const SESSIONS: usize = 40;

    let (reading, started) = std::sync::mpsc::channel();
    let reader = {
        let db = db.clone();
        std::thread::spawn(move || {
            let store = Store::read_at(&db).unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    for db in fresh_databases(dir.path(), "review") {
        spoken_answer_reviewed(dir.path(), &db);
    }
}

fn spoken_answer_reviewed(dir: &Path, db: &Location) {
    use cooldown::engine::Spoken;
    use cooldown::scoring::delivery::Delivery;
    let cooldown = |db: &Location| cooldown_at(db, dir);
    let store = Store::open_at(db).unwrap();
    let loaded = load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/patience-test.ron").as_path()).unwrap();
    let person = store.person("Ann", Role::Trainee, None).unwrap();
    let id = store.begin(&person, &ScenarioRef::of(&loaded), Mode::Practice, 1, None).unwrap();
    let (mut session, _) = Session::start(std::sync::Arc::new(loaded.scenario.clone()), 1, Mode::Practice).unwrap();
    let spoken = Response::Spoken(Spoken {
        audio: "answers/turn-2.wav".into(),
        delivery: Delivery { latency: 0.8, talk_time: 3.0, loudness_db: None, speech: None },
        transcript: None,
        heard: None,
    });
    for response in [Response::Choice(0), spoken] {
        session.respond(response.clone()).unwrap();
        store.add_turn(id, session.turns().last().unwrap(), &response).unwrap();
    }
    let list = |db: &Location| String::from_utf8(cooldown(db).args(["review", &id.to_string()]).output().unwrap().stdout).unwrap();
    let before = list(db);
    assert!(before.contains("turn 2: spoken, not typed out: listen to answers/turn-2.wav"), "{before}");
    let added = cooldown(db).args(["review", &id.to_string(), "--turn", "2", "--note", "Offered a repair, calmly.", "--by", "Lee"]).output().unwrap();
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let after = list(db);
    assert!(!after.contains("listen to"), "{after}");
    assert!(after.contains("turn 2: reviewed by Lee on ") && after.contains("Offered a repair, calmly."), "{after}");
    let bad = cooldown(db).args(["review", &id.to_string(), "--turn", "7", "--note", "x"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("has no turn 7; it has 2"));

    // Rated on the anchored scales and typed out, on this backend too.
    let said = |args: &[&str]| {
        let out = cooldown(db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let id = id.to_string();
    said(&["review", &id, "--turn", "2", "--transcript", "I can repair yours — or refund you today.", "--by", "Lee"]);
    let rated = said(&["review", "--rate", &id, "--turn", "2", "--patience", "4", "--resolution", "5", "--comment", "Calm, concrete.", "--by", "Lee"]);
    assert!(rated.contains("Lee: patience 4, resolution 5: \"Calm, concrete.\""), "{rated}");
    let store = Store::open_at(db).unwrap();
    assert_eq!(store.turns(id.parse().unwrap()).unwrap()[1].answer.text(), "I can repair yours — or refund you today.");
    let ratings = store.ratings(&cooldown::store::Selection::default()).unwrap();
    assert_eq!((ratings.len(), ratings[0].levels, ratings[0].scale.ceiling.resolution > 0), (1, [Some(4), None, None, Some(5)], true));
    assert!(said(&["agreement"]).starts_with("1 rating of 1 answer by 1 reviewer (Lee)"));
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
    let original = std::fs::read_to_string(common::pack_dir().join("patience-test.ron")).unwrap();
    for db in fresh_databases(dir.path(), "refused") {
        std::fs::write(&file, &original).unwrap();
        let store = Store::open_at(&db).unwrap();
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

/// A session of patience-test played through the engine and kept with `store`: the whole script,
/// or its first `answers` lines.
fn keep_scripted(store: &Store, loaded: &cooldown::scenario::LoadedScenario, person: &str, seed: u64, answers: usize) -> i64 {
    let who = cooldown::app::session::Player { name: person.into(), role: None, external_id: Some(format!("ext-{person}")) };
    let mut kept = cooldown::app::session::begin(store, &who, &ScenarioRef::of(loaded), Mode::Practice, seed, None).unwrap();
    let (mut session, _) = Session::start(std::sync::Arc::new(loaded.scenario.clone()), seed, Mode::Practice).unwrap();
    for line in &SCRIPT[..answers] {
        let response = match line.parse::<usize>() {
            Ok(n) => Response::Choice(n - 1),
            Err(_) => Response::Text(line.to_string()),
        };
        session.respond(response).unwrap();
        store.sync(&mut kept, &session).unwrap();
    }
    kept.session
}

/// Eight trainees at eight machines, one results database: every turn of every session is
/// there afterwards, numbered in order, and each session scores as its replay does.
#[test]
fn eight_players_at_once_keep_every_turn_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load_file(&common::pack_dir().join("patience-test.ron")).unwrap();
    for db in fresh_databases(dir.path(), "eight") {
        // Made before the players start, as `cooldown db migrate` does for a team.
        drop(Store::open_at(&db).unwrap());
        let players: Vec<_> = (0..8u64)
            .map(|i| {
                let mut child = cooldown_at(&db, dir.path())
                    .args(["play", "patience-test", "--terminal", "--seed", &i.to_string(), "--as", &format!("Player {i}")])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                child.stdin.take().unwrap().write_all((SCRIPT.join("\n") + "\n").as_bytes()).unwrap();
                child
            })
            .collect();
        for player in players {
            let out = common::finish(player);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let said = String::from_utf8_lossy(&out.stdout);
            assert!(said.contains("Kept as session"), "{said}");
        }
        let store = Store::open_at(&db).unwrap();
        let sessions = store.sessions(None).unwrap();
        assert_eq!(sessions.len(), 8, "{db}");
        for s in &sessions {
            assert!(s.is_complete(), "{db}: {s:?}");
            let turns = store.turns(s.id).unwrap();
            assert_eq!(turns.iter().map(|t| t.number).collect::<Vec<_>>(), (1..=SCRIPT.len()).collect::<Vec<_>>(), "{db}");
            let replay = Session::replay(std::sync::Arc::new(loaded.scenario.clone()), s.seed, Mode::Practice, &store.responses(s.id).unwrap()).unwrap();
            assert_eq!(turns, replay.turns(), "{db}: session {} is kept as its answers score", s.id);
            assert_eq!(s.overall, replay.result().map(|r| r.overall));
        }
    }
}

/// Everything a report shows, read back from `db` as `cooldown report` writes it, with the
/// generated date taken out.
fn reports(db: &Location, dir: &Path, name: &str) -> Vec<String> {
    let prefix = dir.join(name);
    let html = prefix.with_extension("html");
    let xapi = prefix.with_extension("json");
    let out = cooldown_at(db, dir).args(["report", "--cohort", "--out"]).arg(&html).arg("--csv").arg(&prefix).arg("--xapi").arg(&xapi).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&html).unwrap();
    let html: String = html.lines().filter(|l| !l.contains("cooldown report · generated")).collect::<Vec<_>>().join("\n");
    let (sessions, turns) = cooldown::app::export::csv_paths(&prefix);
    vec![html, std::fs::read_to_string(sessions).unwrap(), std::fs::read_to_string(turns).unwrap(), std::fs::read_to_string(xapi).unwrap()]
}

/// A team moving to a server: `db copy` from its SQLite file (200 sessions, some unfinished,
/// some reviewed) gives the same reports, byte for byte but the generated date, and the copy
/// goes on numbering new sessions after the copied ones.
#[test]
fn db_copy_of_200_sessions_gives_identical_reports() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load_file(&common::pack_dir().join("patience-test.ron")).unwrap();
    let source = Location::File(dir.path().join("team.db"));
    {
        let store = Store::open_at(&source).unwrap();
        for i in 0..200u64 {
            let answers = if i % 9 == 4 { 3 } else { SCRIPT.len() };
            let id = keep_scripted(&store, &loaded, &format!("Trainee {}", i % 23), i, answers);
            if i % 10 == 0 {
                store.add_review(id, Some(2), "Lee", &format!("Calm and clear — note {i}")).unwrap();
            }
        }
        // Two candidates invited to an assessment, one of whom has begun a session under it.
        let assessment = cooldown::store::AssessmentRef { id: "support-agent".into(), hash: "fnv1a64:0".into(), path: "a.ron".into() };
        for (n, name) in ["Cand One", "Cand Two"].into_iter().enumerate() {
            let person = store.person(name, Role::Candidate, None).unwrap();
            let invitation = store.invite(&format!("CODE-000{n}-AAAA"), &assessment, &person, 9, 1.0).unwrap();
            if n == 0 {
                let sitting = store.begin_sitting(&invitation, &ScenarioRef::of(&loaded), None).unwrap();
                store.observe(sitting, 1, cooldown::assessment::signals::Noticed::Away { seconds: 41.5 }).unwrap();
            }
        }
    }
    let expected = reports(&source, dir.path(), "before");
    for (n, target) in fresh_databases(dir.path(), "copy").into_iter().enumerate() {
        let out = cooldown_at(&target, dir.path()).args(["db", "migrate"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = cooldown_at(&target, dir.path()).args(["db", "copy", "--from"]).arg(dir.path().join("team.db")).arg("--to").arg(target.to_arg()).output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(said.contains("Copied 25 people, 201 sessions, ") && said.contains("and 20 reviews (and 2 invitations)"), "{said}");
        let copied_store = Store::open_at(&target).unwrap();
        let sat = copied_store.sitting("CODE-0000-AAAA").unwrap();
        assert_eq!(sat.len(), 1, "the session keeps its invitation");
        let observed = copied_store.observations(sat[0].id).unwrap();
        assert_eq!(observed.iter().map(|o| (o.turn, o.what)).collect::<Vec<_>>(), [(1, cooldown::assessment::signals::Noticed::Away { seconds: 41.5 })]);
        drop(copied_store);
        let copied = reports(&target, dir.path(), &format!("after-{n}"));
        for (what, (a, b)) in ["HTML", "sessions CSV", "turns CSV", "xAPI"].iter().zip(expected.iter().zip(&copied)) {
            assert!(a == b, "{what} differs after the copy to {target}");
        }
        // Copying twice would mix two teams' results: refused, and nothing changes.
        let again = cooldown_at(&target, dir.path()).args(["db", "copy", "--from"]).arg(dir.path().join("team.db")).arg("--to").arg(target.to_arg()).output().unwrap();
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("already holds results"), "{}", String::from_utf8_lossy(&again.stderr));
        let store = Store::open_at(&target).unwrap();
        let next = keep_scripted(&store, &loaded, "New Starter", 7, 1);
        assert!(next > 201, "new sessions are numbered after the copied ones: {next}");
    }
}

/// The server drops a player's connection mid-session (a restart, an administrator's kill):
/// the player connects again, tells the trainee, and every answer is kept.
#[cfg(feature = "postgres")]
#[test]
fn a_dropped_server_connection_is_made_again_and_nothing_is_lost() {
    let Some(db) = common::fresh_server_database("dropped") else {
        eprintln!("note: no test server (COOLDOWN_TEST_POSTGRES); `make test` runs this");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut child = cooldown_at(&db, dir.path())
        .args(["play", "patience-test", "--terminal", "--seed", "3", "--as", "Dee"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}\n{}", SCRIPT[0], SCRIPT[1]).unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    while stored_turns(&db) < 2 {
        assert!(Instant::now() < deadline, "the player never stored 2 answers");
        std::thread::sleep(Duration::from_millis(20));
    }
    let Location::Server(url) = &db else { unreachable!() };
    let mut admin = postgres::Client::connect(&std::env::var("COOLDOWN_TEST_POSTGRES").unwrap(), postgres::NoTls).unwrap();
    let name = url.rsplit('/').next().unwrap();
    let killed: bool = admin
        .query_one(
            "SELECT bool_or(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'cooldown'",
            &[&name],
        )
        .unwrap()
        .get(0);
    assert!(killed, "the player's connection was there to drop");
    stdin.write_all((SCRIPT[2..].join("\n") + "\n").as_bytes()).unwrap();
    drop(stdin);
    let out = common::finish(child);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("dropped; cooldown connected again and nothing was lost"), "the trainee is told:\n{said}");
    assert!(said.contains("Kept as session"), "{said}");
    let store = Store::open_at(&db).unwrap();
    let sessions = store.sessions(Some("Dee")).unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].is_complete());
    assert_eq!(sessions[0].turns, SCRIPT.len(), "every answer is kept");
}

/// A server database written by a newer cooldown is refused with the same advice as a file.
#[cfg(feature = "postgres")]
#[test]
fn a_newer_schema_on_a_server_is_refused_with_advice() {
    let Some(db) = common::fresh_server_database("future") else {
        eprintln!("note: no test server (COOLDOWN_TEST_POSTGRES); `make test` runs this");
        return;
    };
    drop(Store::open_at(&db).unwrap());
    let Location::Server(url) = &db else { unreachable!() };
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client.execute("UPDATE cooldown_schema SET version = version + 1", &[]).unwrap();
    for err in [Store::open_at(&db).err(), Store::read_at(&db).err()] {
        let err = err.expect("refused").to_string();
        assert!(err.contains("newer cooldown") && err.contains("--db"), "{err}");
    }
}
