//! Generated bad scenarios (issue 12): cooldown must survive any file a trainer or a stranger
//! writes. Three kinds of input, with a fixed seed so a run can be repeated:
//! - random graphs with cycles, dead ends, broken links and extreme numbers, written as RON;
//! - the bundled scenarios with bytes flipped, lines deleted or doubled, text inserted
//!   (quotes, brackets, huge numbers, right-to-left marks) and the file cut short;
//! - chains of up to 15,000 nodes.
//!
//! Properties: linting never panics; every file that lints without errors plays to an ending
//! under a random answerer; the same seed and answers replay identically. `make test` runs a
//! few dozen cases of each; `make fuzz` runs thousands (COOLDOWN_FUZZ_CASES). A failing case
//! is shrunk and kept in tests/fixtures/fuzz/regressions.txt; files found by hand live beside
//! it and are replayed here every run.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, RngSeed};

use cooldown::engine::{Event, Mode, Response, Session, MAX_TURNS};
use cooldown::scenario::lint::{has_errors, lint_paths};
use cooldown::scenario::load_file;

const CORPUS: &str = "tests/fixtures/fuzz";

/// `default_cases` per property, or COOLDOWN_FUZZ_CASES divided by `share` (long chains are
/// slow, so they get a share of the budget).
fn config(default_cases: u32, share: u32) -> ProptestConfig {
    let asked: Option<u32> = std::env::var("COOLDOWN_FUZZ_CASES").ok().and_then(|n| n.parse().ok());
    let cases = asked.map_or(default_cases, |n| (n / share).max(default_cases));
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(20_261_130),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("tests/fixtures/fuzz/regressions.txt"))),
        ..ProptestConfig::default()
    }
}

/// Lints `text` as a scenario file of its own folder; plays it when it lints clean.
fn lint_and_play(text: &[u8], answers: &[u16]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzzed.ron");
    std::fs::write(&path, text).unwrap();
    check_file(&path, answers)
}

fn check_file(path: &Path, answers: &[u16]) -> Result<(), TestCaseError> {
    let found = lint_paths(&[path.to_path_buf()]);
    for d in &found {
        // Every finding renders, with a position when it has one.
        let shown = d.render(false);
        prop_assert!(shown.contains(&d.code.to_string()), "{shown}");
    }
    if has_errors(&found) {
        return Ok(());
    }
    let loaded = load_file(path).map_err(|e| TestCaseError::fail(format!("lints clean but does not load: {e}")))?;
    let scenario = Arc::new(loaded.scenario);
    let (mut session, _) = Session::start(scenario.clone(), 7, Mode::Practice).map_err(|e| TestCaseError::fail(format!("lints clean but does not start: {e}")))?;
    let words = ["I'm so sorry, that sounds awful.", "What happened?", "-2147483648 !!!", "Calm down.", "Thank you for waiting.", "\u{202e}ok"];
    let mut k = 0;
    let mut refused = 0;
    let mut last_typed = false;
    while session.result().is_none() {
        prop_assert!(session.turns().len() <= MAX_TURNS, "the call outlived the turn limit");
        let pick = usize::from(answers[k % answers.len()]) + k;
        k += 1;
        let choices = session.prompt().map_or(0, |p| p.choices.len());
        // Mostly a choice where there are some; after a refusal, the other kind of answer.
        let typed = choices == 0 || if refused > 0 { !last_typed } else { pick % 3 == 0 };
        last_typed = typed;
        let response = if typed { Response::Text(words[pick % words.len()].to_string()) } else { Response::Choice(pick % choices) };
        // A response the node does not take is refused and the session unchanged.
        if session.respond(response).is_err() {
            refused += 1;
            prop_assert!(refused < 3, "neither a choice nor typed words are accepted at {:?}", session.prompt());
        } else {
            refused = 0;
        }
    }
    // The same seed and answers replay to the same call.
    let again = Session::replay(scenario, 7, Mode::Practice, session.responses()).map_err(|e| TestCaseError::fail(format!("replay failed: {e}")))?;
    prop_assert_eq!(again.events(), session.events());
    prop_assert!(session.events().iter().any(|e| matches!(e, Event::Ended(_))));
    Ok(())
}

/// A number as a trainer might write it, or (when `wild`) far beyond.
fn number(wild: bool) -> BoxedStrategy<i64> {
    if wild {
        prop_oneof![4 => -5i64..=5, 1 => any::<i32>().prop_map(i64::from), 1 => Just(i64::from(i32::MAX)), 1 => Just(i64::from(i32::MIN))].boxed()
    } else {
        (-4i64..=4).boxed()
    }
}

fn points(wild: bool) -> impl Strategy<Value = String> {
    proptest::collection::vec(number(wild), 4).prop_map(|p| format!("(patience: {}, empathy: {}, clarification: {}, resolution: {})", p[0], p[1], p[2], p[3]))
}

fn condition() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(vec!["Empathy", "Apology", "Blame", "Question", "OpenQuestion", "Sarcasm"]).prop_map(|b| format!("Has({b})")),
        prop::sample::select(vec!["sorry", "refund", "order number", ""]).prop_map(|w| format!("Mentions([\"{w}\"])")),
        (0u32..40).prop_map(|n| format!("AtMostWords({n})")),
    ];
    leaf.prop_recursive(4, 16, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| format!("Not({c})")),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(|cs| format!("All([{}])", cs.join(", "))),
            proptest::collection::vec(inner, 0..3).prop_map(|cs| format!("Any([{}])", cs.join(", "))),
        ]
    })
}

/// Where an answer leads: a node (by index), an ending, or (when `wild`) nowhere.
fn target(nodes: usize, wild: bool) -> BoxedStrategy<String> {
    let node = (0..nodes).prop_map(|i| format!("n{i}"));
    let ending = prop::sample::select(vec!["done", "gone", "away"]).prop_map(str::to_string);
    if wild {
        prop_oneof![5 => node, 3 => ending, 1 => Just("nowhere".to_string())].boxed()
    } else {
        prop_oneof![2 => node, 1 => ending].boxed()
    }
}

fn anger(wild: bool) -> impl Strategy<Value = String> {
    prop_oneof![3 => Just(String::new()), 1 => number(wild).prop_map(move |a| format!(", anger: {}", a * if wild { 1 } else { 5 }))]
}

/// Node `i` of `nodes`. Tame nodes always have a way on: their first answer leads to the
/// next node (the last one's to an ending), so every node is reachable and can end.
fn node(i: usize, nodes: usize, wild: bool) -> impl Strategy<Value = String> {
    let onward = if i + 1 < nodes { format!("n{}", i + 1) } else { "done".to_string() };
    let choice = (points(wild), anger(wild), target(nodes, wild)).prop_map(|(p, a, t)| format!("Choice(text: \"Option\", points: {p}{a}, next: \"{t}\", feedback: \"why\")"));
    let route = (condition(), points(wild), target(nodes, wild)).prop_map(|(c, p, t)| format!("Route(when: {c}, points: {p}, next: \"{t}\")"));
    let fallback_points = points(wild);
    let fallback = if wild { proptest::option::weighted(0.7, fallback_points).boxed() } else { fallback_points.prop_map(Some).boxed() };
    let free = proptest::option::of((proptest::collection::vec(route, 0..3), fallback));
    (proptest::collection::vec(choice, 0..4), free, any::<bool>()).prop_map(move |(mut choices, free, by_choice)| {
        let free_text = match free {
            Some((routes, fallback)) => {
                let fallback = fallback.map_or(String::new(), |p| {
                    let next = if !wild && !by_choice { onward.clone() } else { "done".to_string() };
                    format!(", fallback: (points: {p}, next: \"{next}\")")
                });
                format!(", free_text: (routes: [{}]{fallback})", routes.join(", "))
            }
            None => String::new(),
        };
        if !wild && (by_choice || free_text.is_empty()) {
            choices.insert(0, format!("Choice(text: \"On\", points: (patience: 1, empathy: 1, clarification: 1, resolution: 1), next: \"{onward}\", feedback: \"on\")"));
        }
        format!(
            "Node(id: \"n{i}\", lines: [Line(id: \"l{i}\", text: \"Line {i}?\", variants: [\"Again {i}?\"])], choices: [{}]{free_text})",
            choices.join(", ")
        )
    })
}

/// A whole scenario: 1-12 nodes wired at random; one in four is wild (extreme numbers,
/// broken links, no fallback), the rest tame enough to lint clean often and be played.
fn scenario() -> impl Strategy<Value = String> {
    (1usize..12, proptest::bool::weighted(0.25)).prop_flat_map(|(n, wild)| {
        let nodes: Vec<_> = (0..n).map(|i| node(i, n, wild)).collect();
        let limits = if wild { (0u32..=255).boxed() } else { (0u32..=60).boxed() };
        let customer = (limits, if wild { (0u32..=255).boxed() } else { (70u32..=100).boxed() }, prop::sample::select(vec!["Reasonable", "Irate", "Hurried", "Languid", "Upset"]));
        let endings = (prop::sample::select(vec!["Resolved", "Escalated", "Unresolved"]), points(wild), points(wild), points(wild));
        (nodes, customer, endings).prop_map(move |(nodes, (anger, hangs_up_at, persona), (outcome, p0, p1, p2))| {
            // Only the endings some answer names (and the hang-up, which the mood reaches).
            let text = nodes.join(",\n");
            let mut endings = vec![format!("Ending(id: \"gone\", outcome: HungUp, points: {p1})")];
            if text.contains("\"done\"") {
                endings.push(format!("Ending(id: \"done\", outcome: {outcome}, points: {p0})"));
            }
            if text.contains("\"away\"") {
                endings.push(format!("Ending(id: \"away\", outcome: Escalated, points: {p2})"));
            }
            format!(
                "Scenario(format: 1, id: \"fz\", title: \"Fuzz\", difficulty: Easy,\n customer: (name: \"Cy\", persona: {persona}, anger: {anger}, hangs_up_at: {hangs_up_at}),\n start: \"n0\",\n nodes: [\n{text}\n],\n endings: [{}])\n",
                endings.join(", ")
            )
        })
    })
}

/// What is done to a bundled file.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    DoubleLine { at: usize },
    Insert { at: usize, text: &'static str },
    CutAt { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let inserts = vec!["\"", "(", ")", "[", "]", ",", "99999999999999999999", "-2147483649", "Not(", "\u{202e}", "é", "\u{0}", "//", "/*", "r#\"", "\n"];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        any::<usize>().prop_map(|at| Mutation::DoubleLine { at }),
        (any::<usize>(), prop::sample::select(inserts)).prop_map(|(at, text)| Mutation::Insert { at, text }),
        any::<usize>().prop_map(|at| Mutation::CutAt { at }),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip { at, byte } => {
                if !bytes.is_empty() {
                    bytes[at % len] = byte;
                }
            }
            Mutation::Delete { at, len: n } => {
                let start = at % len;
                let end = (start + n).min(bytes.len());
                bytes.drain(start.min(end)..end);
            }
            Mutation::DoubleLine { at } => {
                let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
                let k = at % lines.len();
                let mut out = Vec::with_capacity(bytes.len() * 2);
                for (i, line) in lines.iter().enumerate() {
                    out.extend_from_slice(line);
                    out.push(b'\n');
                    if i == k {
                        out.extend_from_slice(line);
                        out.push(b'\n');
                    }
                }
                bytes = out;
            }
            Mutation::Insert { at, text } => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, text.bytes());
            }
            Mutation::CutAt { at } => bytes.truncate(at % len),
        }
    }
    bytes
}

fn bundled() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "ron")).collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

proptest! {
    #![proptest_config(config(48, 1))]

    #[test]
    fn random_graphs_lint_without_panicking_and_clean_ones_play_to_an_ending(text in scenario(), answers in proptest::collection::vec(any::<u16>(), 1..20)) {
        lint_and_play(text.as_bytes(), &answers)?;
    }

    #[test]
    fn mutated_bundled_scenarios_lint_without_panicking_and_clean_ones_play(file in 0usize..6, mutations in proptest::collection::vec(mutation(), 1..5), answers in proptest::collection::vec(any::<u16>(), 1..20)) {
        let files = bundled();
        let original = files[file % files.len()].clone();
        lint_and_play(&mutate(original, &mutations), &answers)?;
    }
}

proptest! {
    #![proptest_config(config(4, 50))]

    #[test]
    fn long_chains_lint_and_play_without_recursion(n in 1usize..15_000, back in any::<bool>()) {
        // A chain, optionally closed back to its start (a loop with one way out).
        let nodes: Vec<String> = (0..n)
            .map(|i| {
                let next = if i + 1 < n { format!("n{}", i + 1) } else if back { "n0".to_string() } else { "done".to_string() };
                format!("Node(id: \"n{i}\", lines: [], choices: [Choice(text: \"On.\", points: (patience: 1), next: \"{next}\"), Choice(text: \"Bye.\", points: (resolution: 1), next: \"done\")])")
            })
            .collect();
        let text = format!(
            "Scenario(format: 1, id: \"c\", title: \"C\", difficulty: Easy, customer: (name: \"C\", persona: Reasonable, anger: 10), start: \"n0\", nodes: [{}], endings: [Ending(id: \"done\", outcome: Resolved), Ending(id: \"gone\", outcome: HungUp)])",
            nodes.join(",\n")
        );
        lint_and_play(text.as_bytes(), &[1, 1, 1, 2])?;
    }
}

#[test]
fn the_corpus_of_found_cases_still_passes() {
    let mut checked = 0;
    for entry in std::fs::read_dir(CORPUS).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            check_file(&path, &[0, 1, 2, 3]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            checked += 1;
        }
    }
    assert!(checked >= 3, "the corpus is there ({checked} files)");
}
