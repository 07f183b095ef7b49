//! Reports from a store filled with scripted sessions of the bundled pack: the CSV parses back
//! to the stored figures, the xAPI statements carry the required fields (one per turn), and the
//! HTML page is self-contained and escapes what people type.

mod common;

use std::sync::Arc;

use common::Say::{self, Pick, Type};
use cooldown::engine::{Mode, Response, Session};
use cooldown::report::{self, csv as report_csv, html, xapi, Filter};
use cooldown::scenario::load_file;
use cooldown::store::{Role, ScenarioRef, Store};

/// Plays a script into the store as the player would: turn by turn, then the result.
fn keep(store: &Store, person: &str, role: Role, scenario: &str, seed: u64, script: &[Say], finish: bool) {
    let loaded = load_file(&common::pack_dir().join(format!("{scenario}.ron"))).unwrap();
    let person = store.person(person, role, (role == Role::Candidate).then_some("HR-0042")).unwrap();
    let mode = if role == Role::Candidate { Mode::Screening } else { Mode::Practice };
    let id = store.begin(&person, &ScenarioRef::of(&loaded), mode, seed, None).unwrap();
    let (mut session, _) = Session::start(Arc::new(loaded.scenario), seed, Mode::Practice).unwrap();
    for say in script {
        let response = match say {
            // Practice keeps the authored order, so the shown position is the authored one.
            Pick(n) => Response::Choice(n - 1),
            Type(t) => Response::Text((*t).to_string()),
        };
        session.respond(response.clone()).unwrap();
        store.add_turn(id, session.turns().last().unwrap(), &response).unwrap();
    }
    if finish {
        store.finish(id, session.result().expect("the script reaches an ending")).unwrap();
    }
}

const GOLD: &[Say] = &[
    Pick(1),
    Type("So just to confirm: the LEGO castle, order 58213, was due on Tuesday?"),
    Pick(1),
    Type("Thank you for bearing with me, Dana. Is there anything else I can help with?"),
];
const HUNG_UP: &[Say] = &[Pick(2), Type("What is the order number?")];

fn cohort_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    keep(&store, "Ann", Role::Trainee, "late-gift", 1, HUNG_UP, true);
    keep(&store, "Ann", Role::Trainee, "late-gift", 2, GOLD, true);
    keep(&store, "<Eve & co>", Role::Candidate, "late-gift", 3, GOLD, true);
    keep(&store, "Bo", Role::Trainee, "late-gift", 4, &GOLD[..2], false);
    (dir, store)
}

#[test]
fn csv_has_a_row_per_session_and_per_turn_that_read_back_as_stored() {
    let (_dir, store) = cohort_store();
    let sessions = report::gather(&store, &Filter::default(), |_, _| {}).unwrap();
    let mut out = Vec::new();
    report_csv::sessions(&mut out, &sessions).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), report_csv::SESSION_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let col = |name: &str| report_csv::SESSION_HEADER.iter().position(|h| *h == name).unwrap();
    for (row, s) in rows.iter().zip(&sessions) {
        assert_eq!(row[col("person")], s.meta.person);
        assert_eq!(row[col("overall")], s.meta.overall.map_or(String::new(), |o| o.to_string()));
        assert_eq!(row[col("turns")], s.turns.len().to_string());
    }
    assert_eq!(&rows[1][col("band")], "Gold");
    assert_eq!(&rows[0][col("outcome")], "HungUp");
    assert_eq!(&rows[3][col("complete")], "false", "Bo's unfinished session is listed, not lost");

    let mut out = Vec::new();
    report_csv::turns(&mut out, &sessions).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), report_csv::TURN_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2 + 4 + 4 + 2);
    let answer = report_csv::TURN_HEADER.iter().position(|h| *h == "answer").unwrap();
    assert_eq!(&rows[3][answer], "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?", "commas survive quoting");
}

#[test]
fn xapi_statements_have_the_required_fields_one_per_turn() {
    let (_dir, store) = cohort_store();
    let sessions = report::gather(&store, &Filter::default(), |_, _| {}).unwrap();
    let text = serde_json::to_string_pretty(&xapi::statements(&sessions)).unwrap();
    let statements: Vec<serde_json::Value> = serde_json::from_str(&text).expect("valid JSON");
    let turns: usize = sessions.iter().map(|s| s.turns.len()).sum();
    let verb = |s: &serde_json::Value| s["verb"]["id"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
    assert_eq!(statements.iter().filter(|s| verb(s) == "answered").count(), turns, "one statement per turn");
    assert_eq!(statements.iter().filter(|s| verb(s) == "completed").count(), 3, "one per finished session");
    assert_eq!(statements.len(), turns + 3);

    let mut ids = std::collections::HashSet::new();
    for s in &statements {
        let id = s["id"].as_str().expect("an id");
        assert!(ids.insert(id.to_string()), "ids are unique");
        assert_eq!(id.len(), 36);
        assert_eq!(s["actor"]["objectType"], "Agent");
        assert!(s["actor"]["account"]["homePage"].as_str().unwrap().starts_with("https://"));
        assert!(s["actor"]["account"]["name"].is_string());
        assert!(s["verb"]["id"].as_str().unwrap().starts_with("http://adlnet.gov/expapi/verbs/"));
        assert!(s["verb"]["display"]["en-US"].is_string());
        assert!(s["object"]["id"].as_str().unwrap().starts_with("https://"));
        let stamp = s["timestamp"].as_str().unwrap();
        assert!(stamp.len() == 24 && stamp.ends_with('Z') && &stamp[10..11] == "T", "ISO 8601: {stamp}");
        assert!(s["context"]["registration"].as_str().unwrap().len() == 36);
        if verb(s) == "completed" {
            let scaled = s["result"]["score"]["scaled"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&scaled));
            assert_eq!(s["result"]["completion"], true);
        } else {
            assert!(s["result"]["response"].is_string());
            assert!(s["result"]["score"]["raw"].is_i64());
        }
    }
    let eve = statements.iter().find(|s| s["actor"]["name"] == "<Eve & co>").unwrap();
    assert_eq!(eve["actor"]["account"]["name"], "HR-0042", "the external id identifies a candidate to the LMS");
    // Exported again, the same statements: an LMS will not count them twice.
    assert_eq!(serde_json::to_string_pretty(&xapi::statements(&sessions)).unwrap(), text);
}

#[test]
fn the_html_pages_are_self_contained_and_escape_names() {
    let (_dir, store) = cohort_store();
    let everyone = report::gather(&store, &Filter::default(), |_, _| {}).unwrap();
    let page = html::cohort(&Filter::default(), &everyone, 0);
    for forbidden in ["<script", "<link", "src=", "url(", "@import"] {
        assert!(!page.contains(forbidden), "the page loads nothing: found {forbidden}");
    }
    assert!(page.contains("&lt;Eve &amp; co&gt;") && !page.contains("<Eve & co>"));
    assert_eq!(page.matches("<section class=\"session\">").count(), 4);
    assert_eq!(page.matches("<svg").count(), 4 + 4 * 2, "4 distributions, and bars + mood per session");
    assert!(page.contains("cooldown play --resume"), "the unfinished session says how to resume");
    // Ann: mean of 0 (hung up) and 100 (Gold) is 50; Eve's one Gold session ranks her first.
    let ranking = &page[page.find("<h2>Ranking").unwrap()..page.find("<h2>Distribution").unwrap()];
    let eve = ranking.find("&lt;Eve").unwrap();
    let ann = ranking.find(">Ann<").unwrap();
    assert!(eve < ann, "ranked by mean");
    assert!(ranking.contains("<b>50</b>"), "{ranking}");

    let ann_only = Filter { person: Some("Ann".into()), scenario: None };
    let first = store.sessions(Some("Ann")).unwrap()[0].id;
    store.add_review(first, Some(2), "Lee <QA>", "Asked for the order number she had just given.").unwrap();
    assert!(store.add_review(first, Some(9), "Lee", "no such turn").is_err(), "a turn that does not exist is refused");
    let sessions = report::gather(&store, &ann_only, |_, _| {}).unwrap();
    let page = html::person(&ann_only, &sessions, 0);
    assert!(page.contains("<title>Ann: customer calls</title>"));
    assert!(page.contains("Progress over attempts"));
    assert!(page.contains("+100"), "first 0, best 100");
    assert_eq!(page.matches("<section class=\"session\">").count(), 2);
    assert!(page.contains("Reviewed by Lee &lt;QA&gt;") && page.contains("Asked for the order number"), "reviews show under their turn");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_the_store_keeps_the_words() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let name = "=HYPERLINK(\"http://evil\",\"x\")";
    let typed = "-2+3 days late, and I'm sorry. @once: I will fix it today.";
    keep(&store, name, Role::Trainee, "late-gift", 1, &[Pick(1), Type(typed)], false);
    let sessions = report::gather(&store, &Filter::default(), |_, _| {}).unwrap();
    assert_eq!(sessions[0].meta.person, name, "stored exactly");
    assert_eq!(sessions[0].turns[1].answer.text(), typed, "stored exactly");

    let mut out = Vec::new();
    report_csv::turns(&mut out, &sessions).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_slice()).records().map(Result::unwrap).collect();
    let col = |name: &str| report_csv::TURN_HEADER.iter().position(|h| *h == name).unwrap();
    assert_eq!(&rows[1][col("person")], format!("'{name}"));
    assert_eq!(&rows[1][col("answer")], format!("'{typed}"));
    assert!(rows[1][col("patience")].parse::<i32>().is_ok(), "numbers keep their sign, unquoted");
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "a cell a spreadsheet would run: {cell}");
            assert!(!cell.starts_with('-') || cell.parse::<f64>().is_ok(), "only numbers start with -: {cell}");
        }
    }
    let mut out = Vec::new();
    report_csv::sessions(&mut out, &sessions).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_slice()).records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][1], format!("'{name}"));
}
