//! Human review of answers, end to end through the use cases: a spoken answer rated blind on the
//! anchored scales, typed out and scored again, the reviewers' consensus standing over the
//! automatic score (both kept), and the agreement figures over a team of reviewers.

mod common;

use std::path::Path;
use std::sync::Arc;

use cooldown::app::agreement::agreement;
use cooldown::app::review::{self, Given, ReviewError, Why};
use cooldown::engine::{GivenAnswer, Heard, Mode, Response, Session, Spoken};
use cooldown::scenario::load_file;
use cooldown::scoring::delivery::Delivery;
use cooldown::scoring::Behaviour;
use cooldown::store::{Kept, Location, Role, ScenarioRef, Selection, Store, StoreError};
use cooldown::vocab::Dimension;

/// Plays late-gift to its end as `name`: a warm opening (choice), a spoken answer nobody typed
/// out (turn 2), the express option (choice), and `closing` typed (turn 4).
fn played(store: &Store, name: &str, closing: &str) -> i64 {
    played_with(store, name, closing, None, None)
}

/// As [`played`], with the spoken answer's words: `transcript`, and what the transcriber heard.
fn played_with(store: &Store, name: &str, closing: &str, transcript: Option<&str>, heard: Option<Heard>) -> i64 {
    let loaded = load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/late-gift.ron")).unwrap();
    let person = store.person(name, Role::Trainee, None).unwrap();
    let mut kept = Kept::new(store.begin(&person, &ScenarioRef::of(&loaded), Mode::Practice, 3, None).unwrap(), 0);
    let (mut session, _) = Session::start(Arc::new(loaded.scenario), 3, Mode::Practice).unwrap();
    let spoken = Response::Spoken(Spoken {
        audio: "answers/turn-2.wav".into(),
        delivery: Delivery { latency: 0.9, talk_time: 4.0, loudness_db: None, speech: None },
        transcript: transcript.map(str::to_string),
        heard,
    });
    for response in [Response::Choice(0), spoken, Response::Choice(0), Response::Text(closing.into())] {
        session.respond(response).unwrap();
        store.sync(&mut kept, &session).unwrap();
    }
    assert!(session.is_over());
    kept.session
}

fn levels(p: u8, e: u8, c: u8, r: u8) -> Given {
    Given { levels: [Some(p), Some(e), Some(c), Some(r)], ..Given::default() }
}

#[test]
fn a_spoken_answer_is_rated_blind_then_typed_out_and_the_reviewers_consensus_stands() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let id = played(&store, "Tom", "Thanks for bearing with me. Is there anything else I can do?");
    let automatic = store.result(id).unwrap().unwrap();

    // The queue leads with the spoken answer; chosen options are never queued.
    let queue = review::queue(&store, "Ana", &Selection::default()).unwrap();
    assert_eq!((queue[0].session, queue[0].turn, queue[0].why), (id, 2, Why::Spoken), "{queue:?}");
    assert!(queue.iter().all(|q| q.turn != 1 && q.turn != 3));

    // Blind: the reviewer hears the customer and the answer, and sees no score.
    let card = review::card(&store, id, 2, "Ana").unwrap();
    assert!(card.customer.iter().any(|l| l.text.contains("58213")), "{:?}", card.customer);
    assert_eq!((card.words.as_deref(), card.audio.as_deref()), (None, Some("answers/turn-2.wav")));
    assert!(card.revealed.is_none() && card.mine.is_none());
    assert_eq!(card.scale.ceiling.clarification, 3, "the best route here earns 3 clarification");

    let rated = review::rate(&store, id, 2, "Ana", &Given { comment: "Repeated the order back — calmly.".into(), ..levels(4, 3, 5, 3) }).unwrap();
    let shown = rated.revealed.expect("revealed once rated");
    assert_eq!(shown.automatic, automatic.turns[1].points);
    assert_eq!(shown.consensus.consensus.clarification, 3, "a 5 earns what the best answer here earns");
    assert_eq!(rated.mine.unwrap().comment, "Repeated the order back — calmly.");

    // The consensus stands in every listing; the automatic result is kept whole.
    let standing = store.session(id).unwrap();
    assert!(standing.scores.clarification > automatic.scores.clarification, "{:?} vs {:?}", standing.scores, automatic.scores);
    let reviewed = store.session(id).unwrap().reviewed.unwrap();
    assert_eq!((reviewed.turns.len(), reviewed.turns[0].number, reviewed.turns[0].reviewers), (1, 2, 1));
    assert_eq!(store.result(id).unwrap().unwrap(), automatic);

    // The reports say which turns reviewers set, and by how many.
    let filter = cooldown::report::Filter { person: Some("Tom".into()), scenario: None };
    let sessions = cooldown::report::gather(&store, &filter, |_, _| ()).unwrap();
    let page = cooldown::report::html::person(&filter, &sessions, 0);
    assert!(page.contains(&format!("Reviewed: turn 2 by 1 reviewer (automatic {})", automatic.overall)), "{page}");
    assert!(page.contains("Rated by 1 reviewer: their consensus stands, +1 patience, +3 clarification (the automatic score was no points)"), "{page}");
    let mut csv = Vec::new();
    cooldown::report::csv::sessions(&mut csv, &sessions).unwrap();
    let row = String::from_utf8(csv).unwrap().lines().nth(1).unwrap().to_string();
    assert!(row.ends_with(&format!(",{},1,{}", standing.turns, automatic.overall)), "{row}");
    let listed = cooldown::terminal::history::render(&cooldown::terminal::Style { color: false, width: 200 }, &store.sessions(None).unwrap());
    assert!(listed.contains("reviewed: turn 2 by 1 reviewer"), "{listed}");

    // Once only, and never on an authored choice or with no level.
    assert!(matches!(review::rate(&store, id, 2, "Ana", &levels(1, 1, 1, 1)), Err(ReviewError::Store(StoreError::AlreadyRated { .. }))));
    assert!(matches!(review::rate(&store, id, 1, "Ana", &levels(3, 3, 3, 3)), Err(ReviewError::Authored { .. })));
    assert!(matches!(review::rate(&store, id, 4, "Ana", &Given::default()), Err(ReviewError::NoLevels)));
    assert!(matches!(review::rate(&store, id, 4, "Ana", &levels(3, 6, 3, 3)), Err(ReviewError::NotALevel { level: 6, .. })));

    // Typed out by a reviewer, the words are kept exactly and scored as typed words.
    let words = "So the LEGO castle, order 58213, was due last Tuesday and never came. I'm so sorry about the party.";
    let turn = review::transcribe(&store, id, 2, "Ana", words).unwrap();
    let GivenAnswer::Spoken { transcript: Some(kept), behaviours, .. } = &store.turns(id).unwrap()[1].answer else { panic!("still spoken") };
    assert_eq!(kept, words);
    assert!(behaviours.contains(&Behaviour::Paraphrase) && behaviours.contains(&Behaviour::Apology), "{behaviours:?}");
    assert!(turn.points.clarification > automatic.turns[1].points.clarification, "{:?}", turn.points);
    assert!(turn.reasons[0].why.contains("typed out by Ana"));
    let rescored = store.result(id).unwrap().unwrap();
    assert!(rescored.earned.clarification > automatic.earned.clarification);
    assert_eq!(rescored.mood, automatic.mood, "the call itself happened as it happened");
    assert!(matches!(review::transcribe(&store, id, 2, "Ben", "other words"), Err(ReviewError::AlreadyTyped { .. })));
    assert!(matches!(review::transcribe(&store, id, 4, "Ben", "x"), Err(ReviewError::NotSpoken { .. })));
    // Ana's rating still stands over the rescored turn.
    assert_eq!(store.session(id).unwrap().reviewed.unwrap().turns[0].automatic, turn.points);
}

#[test]
fn three_reviewers_one_of_whom_drifts_and_a_newcomer_calibrated_against_the_lead() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let closings = [
        "Thank you so much for your patience. Is there anything else I can help with?",
        "ok bye",
        "Sorry again. Thanks for calling.",
        "Whatever. It's sorted now isn't it.",
        "Thanks, and I'm sorry this spoiled the party. Is there anything else?",
        "Fine.",
    ];
    let ids: Vec<i64> = closings.iter().enumerate().map(|(i, c)| played(&store, &format!("P{i}"), c)).collect();
    // Ana and Ben broadly agree; Cy rates every answer two levels above them.
    let base = [[4, 4, 3, 4], [2, 1, 3, 2], [3, 4, 3, 3], [1, 1, 2, 2], [5, 5, 3, 4], [2, 2, 3, 2]];
    for (id, b) in ids.iter().zip(base) {
        let given = |shift: i8| {
            let l = |x: u8| Some((x as i8 + shift).clamp(1, 5) as u8);
            Given { levels: [l(b[0]), l(b[1]), l(b[2]), l(b[3])], ..Given::default() }
        };
        let lead = Given { lead: true, ..given(0) };
        review::rate(&store, *id, 4, "Ana", &lead).unwrap();
        review::rate(&store, *id, 4, "Ben", &given(if id % 2 == 0 { 1 } else { 0 })).unwrap();
        review::rate(&store, *id, 4, "Cy", &given(2)).unwrap();
    }
    // A newcomer's queue starts with the calibration set the lead rated.
    let queue = review::queue(&store, "Dee", &Selection::default()).unwrap();
    assert!(queue.iter().take(ids.len()).all(|q| q.why == Why::Calibration && q.turn == 4), "{queue:?}");
    for id in &ids[..3] {
        review::rate(&store, *id, 4, "Dee", &levels(3, 3, 3, 3)).unwrap();
    }

    let figures = agreement(&store, &cooldown::report::Filter::default()).unwrap();
    assert_eq!((figures.turns, figures.ratings, figures.reviewers.len()), (6, 21, 4));
    let drift = |name: &str| figures.drift.iter().find(|d| d.rater == name).unwrap().clone();
    assert!(drift("Cy").drifting && drift("Cy").mean_difference > 1.0, "{:?}", figures.drift);
    for calm in ["Ana", "Ben", "Dee"] {
        assert!(!drift(calm).drifting, "{:?}", drift(calm));
    }
    let empathy = &figures.dimensions[Dimension::Empathy.index()];
    assert_eq!((empathy.turns, empathy.shared), (6, 6));
    let alpha = empathy.alpha.unwrap();
    assert!(alpha < 0.8, "Cy's drift costs reliability: {alpha}");
    let scorer = empathy.scorer.unwrap();
    assert_eq!(scorer.turns, 6);
    assert!((0.0..=1.0).contains(&scorer.within_one));
    let dee = figures.calibration.iter().find(|c| c.reviewer == "Dee").unwrap();
    assert_eq!(dee.rated, 12, "three answers, four dimensions each");
    assert!(figures.calibration.iter().all(|c| c.reviewer != "Ana"), "the lead is the reference, not calibrated");

    // Every rated session stands at its reviewers' median, and says by how many.
    for id in &ids {
        let reviewed = store.session(*id).unwrap().reviewed.unwrap();
        assert!(reviewed.turns.iter().all(|t| t.number == 4 && t.reviewers >= 3));
        assert_eq!(store.session(*id).unwrap().overall, Some(reviewed.overall));
    }
}

#[test]
fn the_command_line_shows_an_answer_blind_until_the_reviewer_has_rated_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = Location::File(dir.path().join("r.db"));
    let store = Store::open_at(&db).unwrap();
    let id = played(&store, "Tom", "Thanks for bearing with me. Is there anything else I can do?").to_string();
    drop(store);
    let run = |args: &[&str]| {
        let out = common::cooldown_at(&db, dir.path()).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
    };

    let (code, queue) = run(&["review", "--queue", "--by", "Lee"]);
    assert_eq!(code, Some(0), "{queue}");
    assert!(queue.lines().next().unwrap().starts_with(&format!("session {id} turn 2: spoken answer")), "{queue}");

    let (code, blind) = run(&["review", &id, "--turn", "4", "--by", "Lee"]);
    assert_eq!(code, Some(0), "{blind}");
    assert!(blind.contains("Answer: \"Thanks for bearing with me."), "{blind}");
    assert!(blind.contains("5 Empathic: Names the customer's feeling"), "the anchors are shown: {blind}");
    assert!(blind.contains("Blind:") && !blind.contains("Automatic score") && !blind.contains("Ratings ("), "{blind}");

    let (code, rated) = run(&["review", "--rate", &id, "--turn", "4", "--empathy", "4", "--resolution", "3", "--comment", "Warm close.", "--by", "Lee"]);
    assert_eq!(code, Some(0), "{rated}");
    assert!(rated.contains("Rating of turn 4") && rated.contains("Automatic score: patience"), "{rated}");
    assert!(rated.contains("Lee: empathy 4, resolution 3: \"Warm close.\""), "{rated}");
    assert!(rated.contains("now stands at"), "{rated}");

    // Another reviewer is still blind to Lee's rating.
    let (_, other) = run(&["review", &id, "--turn", "4", "--by", "Kim"]);
    assert!(!other.contains("Lee") && !other.contains("Automatic score"), "{other}");

    let (code, again) = run(&["review", "--rate", &id, "--turn", "4", "--empathy", "1", "--by", "Lee"]);
    assert_eq!(code, Some(1));
    assert!(again.contains("Lee has already rated turn 4"), "{again}");
    let (code, out_of_range) = run(&["review", "--rate", &id, "--turn", "4", "--empathy", "7"]);
    assert_eq!(code, Some(2), "clap refuses a level outside 1-5: {out_of_range}");

    let (code, typed) = run(&["review", &id, "--turn", "2", "--transcript", "So order 58213, the castle, was due Tuesday.", "--by", "Kim"]);
    assert_eq!(code, Some(0), "{typed}");
    assert!(!typed.contains("points") && !typed.contains("+"), "typing the words reveals no score: {typed}");

    let (code, figures) = run(&["agreement"]);
    assert_eq!(code, Some(0), "{figures}");
    assert!(figures.starts_with("1 rating of 1 answer by 1 reviewer (Lee)"), "{figures}");
    assert!(figures.contains("alpha: 1 is perfect agreement"), "{figures}");
}

#[test]
fn the_learned_layer_is_fitted_to_reviewers_and_used_only_once_applied() {
    let dir = tempfile::tempdir().unwrap();
    let db = Location::File(dir.path().join("r.db"));
    let store = Store::open_at(&db).unwrap();
    // This organisation's reviewers hear warmth in plain, courteous closings the bundled
    // layer reads as neutral.
    let closings = [
        "Thanks for your patience today.",
        "Thank you, that's all sorted for you now.",
        "Thanks for calling us about this.",
        "Right, that is done; thanks.",
        "Thank you for bearing with me.",
        "It's sorted. Thanks again.",
        "Thanks, the new one leaves today.",
        "All done on my side, thank you.",
        "Thanks for letting me put it right.",
        "Thank you. Anything else today?",
        "That's booked in now, thanks.",
        "Thanks so much for your time.",
    ];
    for (i, closing) in closings.iter().enumerate() {
        let id = played(&store, &format!("T{i}"), closing);
        for reviewer in ["Ana", "Ben"] {
            review::rate(&store, id, 4, reviewer, &Given { levels: [None, Some(5), None, None], ..Given::default() }).unwrap();
        }
    }
    drop(store);
    let run = |args: &[&str], stdin: Option<&str>| {
        let child = common::cooldown_at(&db, dir.path())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let out = common::converse(child, stdin.unwrap_or(""));
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
    };
    let empathy = |out: &str| -> f64 {
        let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        v["likelihood"]["empathy"].as_f64().unwrap_or_else(|| panic!("{out}"))
    };
    let line = r#"{"id": 1, "text": "Thanks for waiting while I sorted that out."}"#;
    let (_, before) = run(&["score", "--batch", "-"], Some(line));

    let (code, shown) = run(&["calibrate", "--from-reviews"], None);
    assert_eq!(code, Some(0), "{shown}");
    let empathy_row = shown.lines().find(|l| l.trim_start().starts_with("empathy")).unwrap_or_else(|| panic!("{shown}"));
    assert!(empathy_row.contains("12 answers") && empathy_row.contains("shift +"), "{shown}");
    assert!(shown.contains("Nothing changed"), "{shown}");
    assert!(!dir.path().join("learned.ron").exists(), "not applied unless asked");

    let (code, applied) = run(&["calibrate", "--from-reviews", "--apply"], None);
    assert_eq!(code, Some(0), "{applied}");
    let written = std::fs::read_to_string(dir.path().join("learned.ron")).unwrap();
    assert!(written.contains("Recalibrated on") && written.contains("12 reviewed answers"), "{}", &written[..400]);
    cooldown::scoring::learned::load_str(Path::new("learned.ron"), &written).expect("the written weights load");
    // From the next start, scores use them: warmth is now heard where the reviewers hear it.
    let (_, after) = run(&["score", "--batch", "-"], Some(line));
    assert!(empathy(&after) > empathy(&before) + 0.1, "{before} -> {after}");
}

/// What a transcriber heard: `text`, every word with probability `confidence`.
fn heard(text: &str, confidence: f32) -> Heard {
    let words = text.split(' ').enumerate().map(|(i, w)| cooldown::scoring::delivery::Word { word: w.into(), start: i as f32 * 0.3, end: i as f32 * 0.3 + 0.25, confidence }).collect();
    Heard { engine: "whisper tiny.en".into(), text: text.into(), words }
}

#[test]
fn the_transcribers_words_go_to_reviewers_when_unsure_and_may_be_corrected_but_a_trainees_never() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db")).unwrap();
    let closing = "Thanks for bearing with me. Is there anything else I can do?";
    let words = "So the order was five eight two one three?";
    let sure = played_with(&store, "Sure", closing, Some(words), Some(heard(words, 0.9)));
    let unsure = played_with(&store, "Unsure", closing, Some(words), Some(heard(words, 0.5)));
    let typed = played_with(&store, "Typed", closing, Some(words), None);
    let queue = review::queue(&store, "Ana", &Selection::default()).unwrap();
    let why = |id: i64| queue.iter().find(|q| q.session == id && q.turn == 2).map(|q| q.why);
    assert_eq!(why(unsure), Some(Why::Spoken), "unsure words wait for every reviewer: {queue:?}");
    assert_ne!(why(sure), Some(Why::Spoken), "sure words are sampled like typed ones: {queue:?}");
    assert_eq!(why(typed), Some(Why::Spoken), "a trainee's own words for a recording are still checked");
    // Stored as the transcriber's, with its words and timings in the answer.
    let by: Option<String> = rusqlite::Connection::open(dir.path().join("r.db"))
        .unwrap()
        .query_row("SELECT transcribed_by FROM turns WHERE session_id = ?1 AND number = 2", [unsure], |r| r.get(0))
        .unwrap();
    assert_eq!(by.as_deref(), Some("whisper tiny.en"));
    // The card says whose words they are; a reviewer corrects them once, then they are a person's.
    let card = review::card(&store, unsure, 2, "Ana").unwrap();
    assert_eq!((card.words.as_deref(), card.heard_by.as_deref()), (Some(words), Some("whisper tiny.en")));
    let corrected = "So the order was 58213, was it?";
    review::transcribe(&store, unsure, 2, "Ana", corrected).unwrap();
    let card = review::card(&store, unsure, 2, "Ben").unwrap();
    assert_eq!((card.words.as_deref(), card.heard_by), (Some(corrected), None));
    let GivenAnswer::Spoken { transcript, .. } = &store.turns(unsure).unwrap()[1].answer else { panic!("spoken") };
    assert_eq!(transcript.as_deref(), Some(corrected), "kept exactly");
    assert!(matches!(review::transcribe(&store, unsure, 2, "Ben", "other words"), Err(ReviewError::AlreadyTyped { .. })));
    assert!(matches!(review::transcribe(&store, typed, 2, "Ana", "other words"), Err(ReviewError::AlreadyTyped { .. })), "the trainee's own words stay");
}
