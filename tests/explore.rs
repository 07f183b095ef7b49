//! Path analysis on a generated 200-node scenario, checked against ranges and counts worked out
//! here another way (relaxing every answer until nothing changes, instead of one pass in
//! topological order), and `cooldown explore` on the bundled pack.

use std::fmt::Write as _;
use std::path::Path;

use cooldown::scenario::explore::Graph;
use cooldown::scenario::{load_str, Dimension, Points};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

const NODES: usize = 200;

/// Per node, its answers as (points, target): `Some(node)` or `None` for the ending `win`.
type Answers = Vec<Vec<(Points, Option<usize>)>>;

/// A random 200-node scenario: 2-4 answers a node to a later node (up to 8 on) or the ending,
/// and now and then one back to the start (a loop).
fn generated(seed: u64) -> (String, Answers) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut answers: Answers = Vec::new();
    let mut s = String::from("Scenario(format: 1, id: \"gen\", title: \"Gen\", difficulty: Hard,\n customer: (name: \"G\", persona: Reasonable, anger: 0),\n start: \"n0\",\n nodes: [\n");
    for i in 0..NODES {
        let k = rng.random_range(2..5usize);
        let mut mine = Vec::new();
        let _ = writeln!(s, "  Node(id: \"n{i}\", lines: [Line(id: \"l{i}\", text: \"Line {i}\")], choices: [");
        for _ in 0..k {
            let p = Points {
                patience: rng.random_range(-3..4),
                empathy: rng.random_range(-3..4),
                clarification: rng.random_range(-3..4),
                resolution: rng.random_range(-3..4),
            };
            let to = if i > 0 && rng.random_bool(0.05) {
                Some(0)
            } else if i + 1 < NODES && rng.random_bool(0.9) {
                Some(rng.random_range(i + 1..(i + 9).min(NODES)))
            } else {
                None
            };
            let next = to.map_or("win".to_string(), |n| format!("n{n}"));
            let _ = writeln!(
                s,
                "    Choice(text: \"c\", points: (patience: {}, empathy: {}, clarification: {}, resolution: {}), anger: 0, next: \"{next}\", feedback: \"f\"),",
                p.patience, p.empathy, p.clarification, p.resolution
            );
            mine.push((p, to));
        }
        s.push_str("  ]),\n");
        answers.push(mine);
    }
    s.push_str(" ],\n endings: [Ending(id: \"win\", outcome: Resolved), Ending(id: \"gone\", outcome: HungUp)],\n)\n");
    (s, answers)
}

/// The least and most on dimension `d` from every node to the ending, by relaxing every answer
/// (except those back to the start, which close a loop) until nothing changes.
fn relaxed(answers: &Answers, d: Dimension) -> (Option<i32>, Option<i32>) {
    let mut lo: Vec<Option<i32>> = vec![None; NODES];
    let mut hi: Vec<Option<i32>> = vec![None; NODES];
    loop {
        let mut changed = false;
        for (n, mine) in answers.iter().enumerate() {
            for (p, to) in mine {
                let rest = match to {
                    Some(0) => continue,
                    Some(m) => (lo[*m], hi[*m]),
                    None => (Some(0), Some(0)),
                };
                if let (Some(l), Some(h)) = rest {
                    let (l, h) = (l + p.get(d), h + p.get(d));
                    if lo[n].is_none_or(|x| l < x) {
                        lo[n] = Some(l);
                        changed = true;
                    }
                    if hi[n].is_none_or(|x| h > x) {
                        hi[n] = Some(h);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return (lo[0], hi[0]);
        }
    }
}

/// Paths from the start to the ending, by the same relaxation (None: more than a u128 holds).
fn counted(answers: &Answers) -> Option<u128> {
    let mut count: Vec<Option<u128>> = vec![Some(0); NODES];
    for _ in 0..=NODES {
        for n in (0..NODES).rev() {
            let mut sum = Some(0u128);
            for (_, to) in &answers[n] {
                sum = match to {
                    Some(0) => sum,
                    Some(m) => sum.zip(count[*m]).and_then(|(a, b)| a.checked_add(b)),
                    None => sum.and_then(|a| a.checked_add(1)),
                };
            }
            count[n] = sum;
        }
    }
    count[0]
}

#[test]
fn ranges_and_counts_of_a_generated_200_node_scenario_match_an_independent_computation() {
    for seed in [1, 2, 3] {
        let (text, answers) = generated(seed);
        let loaded = load_str(Path::new("gen.ron"), &text).expect("generated scenario loads");
        let analysis = Graph::new(&loaded.scenario).analyse();
        for d in Dimension::ALL {
            let (lo, hi) = relaxed(&answers, d);
            assert_eq!(Some(analysis.range.min.get(d)), lo, "seed {seed}: least {}", d.name());
            assert_eq!(Some(analysis.range.max.get(d)), hi, "seed {seed}: most {}", d.name());
        }
        match counted(&answers) {
            Some(n) => assert_eq!((analysis.paths.count, analysis.paths.exact), (n, true), "seed {seed}"),
            None => assert!(!analysis.paths.exact, "seed {seed}: the count overflows"),
        }
        // Every answer back to the start from a node the start reaches closes a loop, and only those.
        let mut reached = [false; NODES];
        let mut todo = vec![0];
        while let Some(n) = todo.pop() {
            if !std::mem::replace(&mut reached[n], true) {
                todo.extend(answers[n].iter().filter_map(|(_, to)| *to));
            }
        }
        let back = (0..NODES).filter(|n| reached[*n]).flat_map(|n| &answers[n]).filter(|(_, to)| *to == Some(0)).count();
        assert_eq!(analysis.loops.len(), back, "seed {seed}");
        // The best path reaches the ending and earns no more than the range allows.
        let best = analysis.best.expect("a best path");
        for d in Dimension::ALL {
            assert!(best.points.get(d) <= analysis.range.max.get(d));
        }
    }
}

/// The best call (highest total) loses empathy; another call earns it. Empathy is measured,
/// against the most any call earns on it, instead of being left out of the score.
const EMPATHY_OFF_THE_BEST_CALL: &str = r#"Scenario(format: 1, id: "e", title: "E", difficulty: Easy,
    customer: (name: "C", persona: Reasonable, anger: 10),
    start: "a",
    nodes: [
        Node(id: "a", lines: [Line(id: "e1", text: "Fix it.")], choices: [
            Choice(text: "Done, refunded.", points: (patience: 1, clarification: 1, empathy: -1, resolution: 9), anger: 0, next: "win", feedback: "f"),
            Choice(text: "That sounds awful, I'm sorry.", points: (patience: 1, clarification: 1, empathy: 4, resolution: 1), anger: 0, next: "win", feedback: "f"),
        ]),
    ],
    endings: [Ending(id: "win", outcome: Resolved), Ending(id: "gone", outcome: HungUp)],
)"#;

#[test]
fn a_dimension_the_best_call_loses_is_measured_against_what_other_calls_earn() {
    use cooldown::engine::{Event, Mode, Response, Session};
    use std::sync::Arc;
    let loaded = load_str(Path::new("e.ron"), EMPATHY_OFF_THE_BEST_CALL).unwrap();
    let graph = Graph::new(&loaded.scenario);
    assert_eq!(graph.scale(), Points { patience: 1, empathy: 4, clarification: 1, resolution: 9 });
    let scenario = Arc::new(loaded.scenario);
    let ended = |choice: usize| {
        let (mut s, _) = Session::start(Arc::clone(&scenario), 1, Mode::Practice).unwrap();
        let events = s.respond(Response::Choice(choice)).unwrap();
        events.into_iter().find_map(|e| match e { Event::Ended(r) => Some(r), _ => None }).unwrap()
    };
    assert_eq!(ended(1).scores.empathy, Some(100), "the empathic call earns all the empathy there is");
    assert_eq!(ended(0).scores.empathy, Some(0), "the refund-only call is measured on empathy too, at 0");
    assert_eq!(ended(0).scores.resolution, Some(100));
}
