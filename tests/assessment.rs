//! Screening assessments end to end through the real binary: a manager invites candidates from
//! a list, candidates sit every call in order in the terminal player with no feedback, an
//! interrupted candidate goes on where they stopped, and codes are checked.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use cooldown::engine::{Mode, Session};
use cooldown::store::{Location, Store};
use cooldown::terminal::{PASTE_END, PASTE_START};

use common::{cooldown_at, fresh_databases};

/// Answers for any call: an option, then words, over and over. A line a question does not take
/// is refused and the next one read, so every question gets an answer and every call ends.
fn answers(pairs: usize) -> String {
    (0..pairs).map(|i| format!("1\nI'm sorry about that. So just to confirm, what happened with the order {i}?\n")).collect()
}

fn sit(db: &Location, dir: &Path, input: &str) -> Output {
    let child = cooldown_at(db, dir).args(["assess", "sit"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    common::converse(child, input)
}

/// Edits a session's overall score behind cooldown's back, as someone with database access could.
fn edit_score(db: &Location, session: i64, overall: u64) {
    match db {
        Location::File(path) => {
            rusqlite::Connection::open(path).unwrap().execute("UPDATE sessions SET overall = ?1 WHERE id = ?2", rusqlite::params![overall as i64, session]).unwrap();
        }
        #[cfg(feature = "postgres")]
        Location::Server(url) => {
            let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
            client.execute("UPDATE sessions SET overall = $1 WHERE id = $2", &[&(overall as i64), &session]).unwrap();
        }
        #[cfg(not(feature = "postgres"))]
        Location::Server(_) => unreachable!("no server without the postgres feature"),
    }
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn candidates_are_invited_and_sit_every_call_in_order_picking_up_where_they_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let assessment = dir.path().join("support-agent.ron");
    let bundled = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/support-agent.ron")).unwrap();
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    // One seed for everyone, so the scores (and so who reaches the cut, which the impact
    // figures below need) are the same on every run; with a seed per candidate, a run where
    // nobody reaches any cut leaves no groups to show.
    let copy = bundled.replace("\"../scenarios\"", &format!("{:?}", pack.display().to_string())).replace("seed: PerCandidate,", "seed: Shared(3),");
    std::fs::write(&assessment, copy).unwrap();
    std::fs::write(dir.path().join("list.csv"), "name,external_id,extra_time\nAda,ATS-1,\nBo,ATS-2,1.5\nCy,ATS-3,\n").unwrap();

    // The organisation's key, made once, so a finished assessment is sealed as it ends.
    let keys = cooldown_at(&Location::File(dir.path().join("unused.db")), dir.path()).args(["keys", "init"]).output().unwrap();
    assert!(keys.status.success(), "{}", text(&keys));
    let again = cooldown_at(&Location::File(dir.path().join("unused.db")), dir.path()).args(["keys", "init"]).output().unwrap();
    assert!(!again.status.success() && text(&again).contains("never replaced"), "{}", text(&again));

    for db in fresh_databases(dir.path(), "assess") {
        let out = cooldown_at(&db, dir.path())
            .args(["assess", "invite"])
            .arg(&assessment)
            .arg("--candidates")
            .arg(dir.path().join("list.csv"))
            .arg("--out")
            .arg(dir.path().join("codes.csv"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        let codes: Vec<String> =
            std::fs::read_to_string(dir.path().join("codes.csv")).unwrap().lines().skip(1).map(|l| l.split(',').nth(2).unwrap().to_string()).collect();
        assert_eq!(codes.len(), 3);

        // Ada sits everything at once, typing her code in lower case without dashes.
        let typed = codes[0].replace('-', "").to_lowercase();
        let out = sit(&db, dir.path(), &format!("{typed}\n\n{}", answers(120)));
        let said = text(&out);
        assert!(out.status.success(), "{said}");
        let flat = said.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("What is recorded:") && flat.contains("How long: 180 days after you finish"), "the notice comes first:\n{said}");
        assert!(said.contains("Call 5 of 5") && said.contains("You have finished the assessment"), "{said}");
        assert!(said.contains("⏱ 00:00 of 40:00 · answer within 02:00"), "a visible clock:\n{said}");
        assert!(!said.contains("overall") && !said.contains("Gold") && !said.contains("↳"), "no scores or feedback for a candidate:\n{said}");

        let store = Store::open_at(&db).unwrap();
        let order: Vec<String> = cooldown::assessment::load_file(&assessment).unwrap().assessment.scenarios;
        let sat = store.sitting(&codes[0]).unwrap();
        assert_eq!(sat.iter().map(|s| s.scenario_id.clone()).collect::<Vec<_>>(), order, "every call, once, in order");
        assert!(sat.iter().all(|s| s.is_complete() && s.mode == Mode::Screening && s.person == "Ada"));
        assert!(store.invitation(&codes[0]).unwrap().unwrap().finished_ms.is_some());
        drop(store);
        let again = sit(&db, dir.path(), &format!("{}\n", codes[0]));
        assert!(text(&again).contains("is finished"), "a code works once: {}", text(&again));

        // Sealed as it ended; the seal holds until a score is edited, in the file or the database.
        let sealed = dir.path().join(format!("results/support-agent-{}.json", codes[0]));
        let verify = |file: &Path| cooldown_at(&db, dir.path()).arg("verify").arg(file).output().unwrap();
        let ok = verify(&sealed);
        assert!(ok.status.success() && text(&ok).contains("✓"), "{}", text(&ok));
        let record = std::fs::read_to_string(&sealed).unwrap();
        let forged = dir.path().join("forged.json");
        let overall = serde_json::from_str::<serde_json::Value>(&record).unwrap()["record"]["sessions"][2]["overall"].as_u64().unwrap();
        let mut doc: serde_json::Value = serde_json::from_str(&record).unwrap();
        doc["record"]["sessions"][2]["overall"] = serde_json::json!(overall + 10);
        std::fs::write(&forged, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        let caught = verify(&forged);
        assert!(!caught.status.success(), "{}", text(&caught));
        assert!(text(&caught).contains("changed after it was signed"), "{}", text(&caught));
        assert!(
            text(&caught).contains(&format!("sessions[2].overall: {} when signed, {overall} in the database", overall + 10)),
            "the edited score is named: {}",
            text(&caught)
        );
        let session = Store::open_at(&db).unwrap().sitting(&codes[0]).unwrap()[2].id;
        edit_score(&db, session, overall + 7);
        let caught = verify(&sealed);
        assert!(!caught.status.success(), "{}", text(&caught));
        assert!(
            text(&caught).contains(&format!("sessions[2].overall: {overall} when signed, {} in the database", overall + 7)),
            "an edit in the database is named: {}",
            text(&caught)
        );

        // Bo (extra time 1.5) leaves during the second call, then comes back.
        let out = sit(&db, dir.path(), &format!("{}\n\n{}/quit\n", codes[1], answers(4)));
        let said = text(&out);
        assert!(said.contains("of 60:00 · answer within 03:00"), "extra time on the clock:\n{said}");
        assert!(said.contains("Enter your code again to go on where you stopped"), "{said}");
        let store = Store::open_at(&db).unwrap();
        let before = store.sitting(&codes[1]).unwrap();
        assert!(!before.is_empty() && before.len() < 5, "{before:?}");
        drop(store);
        let out = sit(&db, dir.path(), &format!("{}\n\n{}", codes[1], answers(120)));
        let said = text(&out);
        assert!(said.contains("where you stopped") && said.contains("You have finished the assessment"), "{said}");
        let store = Store::open_at(&db).unwrap();
        let sat = store.sitting(&codes[1]).unwrap();
        assert_eq!(sat.len(), 5, "no call sat twice");
        for s in &sat {
            let scenario = cooldown::scenario::load_file(Path::new(&s.scenario_path)).unwrap();
            let replay = Session::replay(std::sync::Arc::new(scenario.scenario), s.seed, Mode::Screening, &store.responses(s.id).unwrap()).unwrap();
            assert_eq!(store.turns(s.id).unwrap(), replay.turns(), "an interrupted call kept exactly what was answered");
            assert_eq!(s.seed, store.invitation(&codes[1]).unwrap().unwrap().seed);
        }
        drop(store);

        // Codes that are not codes, and codes nobody was given.
        assert!(text(&sit(&db, dir.path(), "hello\n")).contains("is not an invitation code"));
        assert!(text(&sit(&db, dir.path(), "0000-0000-0000\n")).contains("no invitation has the code 0000-0000-0000"));

        // The hiring team's ranking: the two who finished first, by score, with pass or fail
        // exactly at the cut score (60 overall and 50 empathy); the one who never began last.
        let (html, csv) = (dir.path().join("ranking.html"), dir.path().join("ranking.csv"));
        let out = cooldown_at(&db, dir.path()).args(["assess", "results"]).arg(&assessment).arg("--out").arg(&html).arg("--csv").arg(&csv).output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
        let rows: Vec<Vec<String>> =
            std::fs::read_to_string(&csv).unwrap().lines().skip(1).map(|l| l.split(',').map(str::to_string).collect()).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2][1], "Cy");
        assert_eq!(rows[2][4], "not started");
        let overall = |r: &Vec<String>| r[7].parse::<u8>().unwrap();
        assert!(overall(&rows[0]) >= overall(&rows[1]), "best first: {rows:?}");
        for r in &rows[..2] {
            let passes = overall(r) >= 60 && r[10].parse::<u8>().unwrap() >= 50;
            assert_eq!(r[13] == "pass", passes, "pass or fail at the cut score: {r:?}");
        }
        assert!(rows[0][14] != "none" && rows[0].join(",").contains("before the customer's line could have been read"), "a scripted candidate answers faster than anyone reads: {rows:?}");
        assert_eq!(rows[2][14], "none", "nothing seen of someone who never began");
        let page = std::fs::read_to_string(&html).unwrap();
        assert!(page.contains("cut score 60") && page.contains(">Ada</a></td>") && page.contains("not started"), "{page}");

        // Adverse impact by the voluntary age question: Ada answered it while sitting; Bo's
        // answer is set here so there are two groups. Two candidates are a small sample, and the
        // figures say so.
        let store = Store::open_at(&db).unwrap();
        let mut expected = vec![(codes[0].clone(), "under 40".to_string()), (codes[1].clone(), "under 40".to_string())];
        expected.sort();
        assert_eq!(store.identifications("support-agent", "age").unwrap(), expected, "asked once each, as they began");
        store.identify(&codes[1], "age", "40 or over").unwrap();
        drop(store);
        let page = dir.path().join("impact.html");
        let out = cooldown_at(&db, dir.path()).args(["assess", "impact"]).arg(&assessment).args(["--by", "age", "--out"]).arg(&page).output().unwrap();
        let said = text(&out);
        assert!(out.status.success(), "{said}");
        assert!(said.contains("under 40") && said.contains("40 or over") && said.contains("small group"), "{said}");
        assert!(said.contains("empathy (cut 50)") && said.contains("descriptive, not causal"), "{said}");
        let page = std::fs::read_to_string(&page).unwrap();
        assert!(page.contains("four-fifths") && !page.contains(&codes[0]) && !page.contains("Ada"), "no candidate is named beside their group: {page}");

        // An assessment edited after the invitations went out is not sat as something else.
        let original = std::fs::read_to_string(&assessment).unwrap();
        std::fs::write(&assessment, original.replace("total_min: 40", "total_min: 30")).unwrap();
        let said = text(&sit(&db, dir.path(), &format!("{}\n", codes[2])));
        assert!(said.contains("has changed since you were invited"), "{said}");
        std::fs::write(&assessment, original).unwrap();
    }
}

/// The tables of the results database, read from the schema itself, so a table added later is
/// checked too.
fn every_table(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn forget_leaves_no_trace_of_the_person_in_any_table_folder_or_byte_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("r.db");
    let db = Location::File(db_path.clone());
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "name,external_id\nZebulon Quartermain,ATS-77\nKeep Me,ATS-78\n").unwrap();
    let assessment = Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/support-agent.ron");
    let out = cooldown_at(&db, dir.path()).args(["assess", "invite"]).arg(&assessment).arg("--candidates").arg(&list).arg("--out").arg(dir.path().join("codes.csv")).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let codes = std::fs::read_to_string(dir.path().join("codes.csv")).unwrap();
    let code = |n: usize| codes.lines().nth(n).unwrap().split(',').nth(2).unwrap().to_string();
    let secret = "my unmistakable answer xyzzy-plugh";
    for n in [1, 2] {
        let words = answers(120).replace("I'm sorry about that", secret);
        // A refused paste first, so what the player noticed is kept of them too.
        let out = sit(&db, dir.path(), &format!("{}\n\n1\n{PASTE_START}pasted{PASTE_END}\n{words}", code(n)));
        assert!(out.status.success(), "{}", text(&out));
    }
    let store = Store::open_at(&db).unwrap();
    let first = store.sitting(&code(1)).unwrap()[0].id;
    store.add_review(first, None, "Lee", "Steady throughout.").unwrap();
    // An answer in their own words, rated (which call has one depends on the candidate's seed).
    let (rated, typed) = store
        .sitting(&code(1))
        .unwrap()
        .iter()
        .find_map(|s| store.turns(s.id).unwrap().iter().find(|t| !matches!(t.answer, cooldown::engine::GivenAnswer::Choice { .. })).map(|t| (s.id, t.number)))
        .expect("an answer in their own words");
    let rating = cooldown::app::review::Given { levels: [None, Some(4), None, None], comment: "Kind.".into(), lead: false };
    cooldown::app::review::rate(&store, rated, typed, "Lee", &rating).unwrap();
    let settings = cooldown::app::settings::Settings { high_contrast: true, ..Default::default() };
    cooldown::app::settings::save(&store, "Zebulon Quartermain", &settings).unwrap();
    let before: Vec<(&str, usize)> = store.traces("Zebulon Quartermain").unwrap();
    assert!(before.iter().all(|(_, n)| *n > 0), "every table holds something of them first: {before:?}");
    drop(store);
    // Every table of the schema is among those forgetting clears.
    let checked: Vec<&str> = before.iter().map(|(t, _)| *t).collect();
    for table in every_table(&db_path) {
        assert!(checked.contains(&table.as_str()), "forget does not look at table `{table}`");
    }

    // First, everything held about them, for them: their words exactly, their answers to the
    // voluntary question, every session.
    let export = dir.path().join("export");
    let out = cooldown_at(&db, dir.path()).args(["export", "--person", "Zebulon Quartermain", "--out"]).arg(&export).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let held: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(export.join("cooldown-data.json")).unwrap()).unwrap();
    assert_eq!(held["sessions"].as_array().unwrap().len(), 5);
    assert_eq!(held["external_id"], "ATS-77");
    assert_eq!(held["invitations"][0]["self_identification"]["age"], "under 40");
    assert!(held.to_string().contains(secret), "their words, exactly");
    assert!(held["sessions"][0]["reviews"][0]["note"] == "Steady throughout.");
    let rated = held["sessions"].as_array().unwrap().iter().find(|s| s["session"] == rated).expect("the rated session");
    assert_eq!(rated["ratings"][0]["levels"]["empathy"], 4);
    assert_eq!(rated["reviewed"]["turns"][0]["reviewers"], 1);
    assert_eq!(held["settings"]["high_contrast"], true);
    let again = cooldown_at(&db, dir.path()).args(["export", "--person", "Zebulon Quartermain", "--out"]).arg(&export).output().unwrap();
    assert!(!again.status.success() && text(&again).contains("already exists"), "{}", text(&again));

    let out = cooldown_at(&db, dir.path()).args(["forget", "--person", "Zebulon Quartermain"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Forgot Zebulon Quartermain: 5 session(s)"), "{}", text(&out));
    let store = Store::open_at(&db).unwrap();
    assert!(store.traces("Zebulon Quartermain").unwrap().iter().all(|(_, n)| *n == 0));
    assert_eq!(store.sitting(&code(2)).unwrap().len(), 5, "the other candidate is untouched");
    drop(store);
    // Not in the file's bytes either (deleted rows are overwritten), nor the journal.
    for file in [db_path.clone(), dir.path().join("r.db-wal")] {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let holds = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(!holds("Zebulon Quartermain") && !holds("ATS-77") && !holds(&code(1)), "{} still holds them", file.display());
        assert!(holds("Keep Me") || file.ends_with("r.db-wal"), "the other candidate is still there");
    }
    let again = cooldown_at(&db, dir.path()).args(["forget", "--person", "Zebulon Quartermain"]).output().unwrap();
    assert!(!again.status.success() && text(&again).contains("nobody called"), "{}", text(&again));

    // Retention: nobody is past 180 days yet, so purge deletes no one.
    let out = cooldown_at(&db, dir.path()).args(["assess", "purge"]).arg(&assessment).arg("--yes").output().unwrap();
    assert!(text(&out).contains("Nobody's retention period"), "{}", text(&out));
}

/// Twelve ways of saying something helpful, no two alike.
const WORDINGS: [&str; 12] = [
    "I'm really sorry this happened; could you tell me the order number so I can look into it?",
    "That sounds frustrating. Let me pull up your account and see what went wrong with the delivery.",
    "Thank you for your patience while I check the details of what you ordered and when.",
    "I understand why you're upset. What would be the most helpful outcome for you right now?",
    "Apologies for the trouble caused; I will personally make sure we sort this out before we finish.",
    "So, to make sure I have it right, the parcel never arrived and the tracking still shows transit?",
    "I hear you, and it's completely fair to be annoyed about a missed birthday surprise like that.",
    "Let me confirm your address first, then I can arrange a replacement to go out by express.",
    "Would a full refund today or a free replacement tomorrow suit you better, given everything?",
    "Please bear with me for a moment while I speak to the courier about where it actually is.",
    "I can see exactly where things slipped here, and I am going to put them right for you.",
    "Before anything else, I want to say how sorry I am that your day was spoiled by us.",
];

/// A candidate's answers: an option, then their own wording, over and over.
fn answers_of(wording: &str, pairs: usize) -> String {
    (0..pairs).map(|_| format!("1\n{wording}\n")).collect()
}

/// Twelve candidates through the real binary: one killed with SIGKILL mid-way and resumed, two
/// answering word for word alike, one pasting; every result sealed and verified, one score edited and caught;
/// the ranking and the impact figures agree with each other.
#[test]
fn twelve_candidates_sit_one_killed_and_resumed_two_alike_one_pasting_all_sealed_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("cohort.db");
    let db = Location::File(db_path.clone());
    let assessment = Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/support-agent.ron");
    assert!(cooldown_at(&db, dir.path()).args(["keys", "init"]).output().unwrap().status.success());
    let names: Vec<String> = (1..=12).map(|i| format!("Candidate {i:02}")).collect();
    std::fs::write(dir.path().join("list.csv"), format!("name\n{}\n", names.join("\n"))).unwrap();
    let out = cooldown_at(&db, dir.path()).args(["assess", "invite"]).arg(&assessment).arg("--candidates").arg(dir.path().join("list.csv")).arg("--out").arg(dir.path().join("codes.csv")).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let codes: Vec<String> = std::fs::read_to_string(dir.path().join("codes.csv")).unwrap().lines().skip(1).map(|l| l.split(',').nth(2).unwrap().to_string()).collect();

    for (i, code) in codes.iter().enumerate() {
        // Age group: the first six "under 40", the rest "40 or over".
        let age = if i < 6 { 1 } else { 2 };
        // Candidates 05 and 06 answer word for word alike; candidate 09 tries to paste each
        // answer first (as a terminal in bracketed-paste mode sends it), then types it.
        let words = match i {
            5 => answers_of(WORDINGS[4], 120),
            8 => (0..120).map(|_| format!("1\n{PASTE_START}{w}{PASTE_END}\n{w}\n", w = WORDINGS[8])).collect(),
            _ => answers_of(WORDINGS[i], 120),
        };
        if i == 2 {
            // Killed part-way through, then back with the same code.
            let mut child = cooldown_at(&db, dir.path()).args(["assess", "sit", "--code", code]).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
            let mut stdin = child.stdin.take().unwrap();
            write!(stdin, "\n{age}\n{}", answers_of(WORDINGS[i], 3)).unwrap();
            stdin.flush().unwrap();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
            let kept = || Store::open_at(&db).ok().and_then(|s| s.sitting(code).ok()).map_or(0, |v| v.iter().map(|s| s.turns).sum::<usize>());
            while kept() < 3 {
                assert!(std::time::Instant::now() < deadline, "the candidate never kept 3 answers");
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            drop(stdin);
            let out = sit(&db, dir.path(), &format!("{code}\n\n{words}"));
            assert!(text(&out).contains("where you stopped") && text(&out).contains("You have finished"), "{}", text(&out));
            continue;
        }
        let out = sit(&db, dir.path(), &format!("{code}\n\n{age}\n{words}"));
        assert!(text(&out).contains("You have finished"), "{}: {}", names[i], text(&out));
    }

    let store = Store::open_at(&db).unwrap();
    for code in &codes {
        let sat = store.sitting(code).unwrap();
        assert_eq!(sat.len(), 5, "{code}: every call once");
        assert!(sat.iter().all(|s| s.is_complete()));
    }
    drop(store);
    // Every result was sealed as it ended, and holds.
    for code in &codes {
        let file = dir.path().join(format!("results/support-agent-{code}.json"));
        let out = cooldown_at(&db, dir.path()).arg("verify").arg(&file).output().unwrap();
        assert!(out.status.success(), "{code}: {}", text(&out));
    }
    // Someone changes a candidate's empathy score in the database: verify names it. (The new
    // value differs from the kept one whatever the seeds made it.)
    let first = Store::open_at(&db).unwrap().sitting(&codes[7]).unwrap()[0].clone();
    let changed = if first.scores.empathy == Some(100) { 99 } else { 100 };
    rusqlite::Connection::open(&db_path).unwrap().execute("UPDATE sessions SET empathy = ?1 WHERE id = ?2", [changed, first.id]).unwrap();
    let out = cooldown_at(&db, dir.path()).arg("verify").arg(dir.path().join(format!("results/support-agent-{}.json", codes[7]))).output().unwrap();
    assert!(
        !out.status.success() && text(&out).contains("sessions[0].scores.empathy:") && text(&out).contains(&format!("{changed} in the database")),
        "{}",
        text(&out)
    );

    // The ranking: twelve rows; the two who answered alike are each flagged with the other.
    let csv = dir.path().join("ranking.csv");
    let page = dir.path().join("ranking.html");
    let out = cooldown_at(&db, dir.path()).args(["assess", "results"]).arg(&assessment).arg("--csv").arg(&csv).arg("--out").arg(&page).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    // The page links every candidate's scores to their calls, and never shows self-identification.
    let html = std::fs::read_to_string(&page).unwrap();
    for code in &codes {
        assert!(html.contains(&format!("href=\"#evidence-{code}\"")) && html.contains(&format!("<section id=\"evidence-{code}\">")), "{code}");
    }
    assert!(html.contains(WORDINGS[1]), "the evidence holds the answers as given");
    assert!(!html.contains("under 40") && !html.contains("40 or over"), "self-identification stays off the ranking");
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12);
    let row = |name: &str| rows.iter().find(|r| &r[1] == name).unwrap().clone();
    assert!(row("Candidate 05")[15].contains("the same as Candidate 06's"), "{:?}", row("Candidate 05"));
    assert!(row("Candidate 06")[15].contains("the same as Candidate 05's"), "{:?}", row("Candidate 06"));
    assert!(!row("Candidate 01")[15].contains("the same as"), "{:?}", row("Candidate 01"));
    // The paster: every attempt refused and noted, the answers kept as typed, no marker in them.
    assert!(row("Candidate 09")[15].contains("tried to paste into a typed answer"), "{:?}", row("Candidate 09"));
    assert!(rows.iter().filter(|r| r[15].contains("tried to paste")).count() == 1, "only the paster");
    let store = Store::open_at(&db).unwrap();
    let mut typed_in_all = 0;
    for s in store.sitting(&codes[8]).unwrap() {
        let turns = store.turns(s.id).unwrap();
        let observed = store.observations(s.id).unwrap();
        let typed: Vec<&cooldown::engine::Turn> = turns.iter().filter(|t| matches!(t.answer, cooldown::engine::GivenAnswer::Text { .. })).collect();
        // Every typed answer came after a refused paste (a paste where an option was wanted is
        // refused and noted too).
        assert!(observed.len() >= typed.len(), "{} pastes, {} typed in {}", observed.len(), typed.len(), s.scenario_id);
        typed_in_all += typed.len();
        assert!(observed.iter().all(|o| matches!(o.what, cooldown::assessment::signals::Noticed::Paste { chars } if chars == WORDINGS[8].chars().count())));
        for t in typed {
            let cooldown::engine::GivenAnswer::Text { text, .. } = &t.answer else { unreachable!() };
            assert_eq!(text, WORDINGS[8], "kept exactly as typed");
        }
    }
    assert!(typed_in_all > 0, "the paster typed answers in the end");
    drop(store);

    // Impact by age: each group's selection rate is its share of passes in the ranking.
    let out = cooldown_at(&db, dir.path()).args(["assess", "impact"]).arg(&assessment).args(["--by", "age"]).output().unwrap();
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    // (The seeds are each candidate's own, so how many pass varies from run to run.)
    if !rows.iter().any(|r| &r[13] == "pass") {
        let overall: Vec<&str> = said.lines().skip_while(|l| !l.starts_with("overall")).take(2).collect();
        assert!(overall[1].contains(cooldown::report::NOBODY_SELECTED), "{said}");
        return;
    }
    for (group, members) in [("under 40", 0..6), ("40 or over", 6..12)] {
        let passed = members.clone().filter(|i| &row(&names[*i])[13] == "pass").count();
        let line = said.lines().skip_while(|l| !l.starts_with("overall")).find(|l| l.trim_start().starts_with(group)).unwrap_or_else(|| panic!("{said}"));
        assert!(line.contains(&format!("   6 candidates  {passed:>3} selected")), "{group}: {line}");
    }
}
