//! Bad input from a trainer's file never crashes cooldown (issue 12): numbers far out of range,
//! chains far longer than any real scenario, and loops that never reach an ending. Each case
//! once panicked, overflowed the stack or ran for ever.

use std::path::Path;
use std::sync::Arc;

use cooldown::diagnostic::Code;
use cooldown::engine::{Event, Mode, Response, Session, MAX_TURNS, TURN_LIMIT_ENDING};
use cooldown::scenario::explore::Graph;
use cooldown::scenario::lint::lint_scenario;
use cooldown::scenario::{load_str, Outcome};

/// A scenario around `nodes` (RON node list) with the usual two endings.
fn scenario(customer: &str, nodes: &str) -> String {
    format!(
        r#"Scenario(format: 1, id: "s", title: "S", difficulty: Easy, customer: ({customer}), start: "n0",
        nodes: [{nodes}],
        endings: [Ending(id: "done", outcome: Resolved, points: (resolution: 1)), Ending(id: "gone", outcome: HungUp)])"#
    )
}

/// Plays the first choice (or a typed answer) until the call ends or `limit` answers.
fn play_through(text: &str, limit: usize) -> (Vec<Event>, usize) {
    let loaded = load_str(Path::new("s.ron"), text).expect("loads");
    let (mut session, mut events) = Session::start(Arc::new(loaded.scenario), 1, Mode::Practice).expect("starts");
    let mut answers = 0;
    while session.result().is_none() && answers < limit {
        let more = session.respond(Response::Choice(0)).or_else(|_| session.respond(Response::Text("I am so sorry, let me fix that now.".into())));
        events.extend(more.expect("an answer is taken"));
        answers += 1;
    }
    (events, answers)
}

#[test]
fn extreme_numbers_are_refused_by_lint_and_never_overflow_the_engine() {
    let nodes = r#"Node(id: "n0", lines: [Line(id: "l0", text: "Well?")], choices: [
            Choice(text: "Sorry.", points: (patience: 2147483647, empathy: 2147483647, clarification: 2147483647, resolution: 2147483647), anger: -2147483648, next: "n1")]),
        Node(id: "n1", lines: [Line(id: "l1", text: "And?")], choices: [
            Choice(text: "Fixed.", points: (patience: 2147483647, resolution: -2147483648), anger: 2147483647, next: "done")])"#;
    let text = scenario(r#"name: "C", persona: Irate, anger: 255, hangs_up_at: 255"#, nodes);
    let loaded = load_str(Path::new("s.ron"), &text).unwrap();
    let found = lint_scenario(&loaded);
    let out_of_range = found.iter().filter(|d| d.code == Code::C019).count();
    // anger, hangs_up_at, four points and the anger change of the first choice, two points
    // and the anger change of the second.
    assert_eq!(out_of_range, 2 + 5 + 3, "{found:#?}");
    let best = Graph::new(&loaded.scenario).range().max;
    assert_eq!(best.patience, i32::MAX, "sums saturate");
    // The engine, given the file anyway, plays it to an ending.
    let (events, _) = play_through(&text, 10);
    assert!(events.iter().any(|e| matches!(e, Event::Ended(_))), "the call ends");
}

#[test]
fn a_chain_of_twenty_thousand_nodes_lints_and_plays_without_recursion() {
    let n = 20_000;
    let nodes: Vec<String> = (0..n)
        .map(|i| {
            let next = if i + 1 == n { "done".to_string() } else { format!("n{}", i + 1) };
            format!(r#"Node(id: "n{i}", lines: [], choices: [Choice(text: "On.", points: (patience: 1), next: "{next}")])"#)
        })
        .collect();
    let text = scenario(r#"name: "C", persona: Reasonable, anger: 10"#, &nodes.join(",\n"));
    let loaded = load_str(Path::new("s.ron"), &text).unwrap();
    let found = lint_scenario(&loaded);
    assert!(!found.iter().any(|d| d.is_error()), "{:?}", found.iter().map(|d| d.code).collect::<Vec<_>>());
    assert_eq!(Graph::new(&loaded.scenario).range().max.patience, n);
    // A real call stops at the turn limit long before the chain's end.
    let (events, answers) = play_through(&text, n as usize);
    assert_eq!(answers, MAX_TURNS);
    assert!(events.iter().any(|e| matches!(e, Event::Ended(r) if r.ending_id == TURN_LIMIT_ENDING)));
}

#[test]
fn a_loop_that_never_reaches_an_ending_is_flagged_and_ends_at_the_turn_limit() {
    // A -> B -> A, calming every time: the mood can never reach the hang-up.
    let nodes = r#"Node(id: "n0", lines: [Line(id: "l0", text: "Hello?")], choices: [Choice(text: "Hi.", points: (patience: 1), next: "n1")]),
        Node(id: "n1", lines: [Line(id: "l1", text: "Still there?")], free_text: (routes: [], fallback: (points: (empathy: 1), next: "n0")))"#;
    let text = scenario(r#"name: "C", persona: Reasonable, anger: 10"#, nodes);
    let loaded = load_str(Path::new("s.ron"), &text).unwrap();
    let stuck: Vec<_> = lint_scenario(&loaded).into_iter().filter(|d| d.code == Code::C020).collect();
    assert_eq!(stuck.len(), 2, "both nodes of the loop");
    let (events, answers) = play_through(&text, 10_000);
    assert_eq!(answers, MAX_TURNS, "ended by the limit, not by the test");
    let result = events.iter().find_map(|e| match e {
        Event::Ended(r) => Some(r),
        _ => None,
    });
    let result = result.expect("the call ended cleanly");
    assert_eq!(result.outcome, Outcome::Unresolved);
    assert!(result.ending_summary.contains(&MAX_TURNS.to_string()), "{}", result.ending_summary);
}

#[test]
fn deep_nesting_is_a_plain_error_and_a_huge_line_is_not_printed_whole() {
    let depth = 50_000;
    let condition = format!("{}Has(Empathy){}", "Not(".repeat(depth), ")".repeat(depth));
    let nodes = format!(r#"Node(id: "n0", lines: [], free_text: (routes: [Route(when: {condition}, next: "done")], fallback: (next: "done")))"#);
    let text = scenario(r#"name: "C", persona: Reasonable, anger: 10"#, &nodes);
    let error = match load_str(Path::new("deep.ron"), &text) {
        Err(e) => e.into_diagnostic(),
        Ok(_) => panic!("a 50,000-deep condition loaded"),
    };
    assert_eq!(error.code, Code::C000);
    let shown = error.render(false);
    assert!(shown.contains("nested too deeply") && shown.contains("deep.ron:2:"), "{shown}");
    assert!(!shown.contains("ron::Options"), "no advice meant for programmers: {shown}");
    assert!(shown.len() < 1_000, "the 400 kB line is cut to a few words, not printed: {} bytes", shown.len());
}
