//! Same scenario + seed + responses = same transcript and scores; different seeds vary the
//! customer's wording and, in screening mode, the order of the options.

mod common;

use std::collections::BTreeSet;

use common::{bundled, play, Say::*};
use cooldown::engine::{Event, Mode, Response, Session};

const SCRIPT: &[common::Say] = &[
    Pick(1),
    Type("So just to confirm: the LEGO castle, order 58213, was due on Tuesday?"),
    Pick(1),
    Type("Thank you, Dana. Is there anything else I can help with?"),
];

#[test]
fn the_same_seed_gives_the_same_events_twice() {
    let scenario = bundled("late-gift");
    for mode in [Mode::Practice, Mode::Screening] {
        for seed in [0, 1, 42, u64::MAX] {
            let (a, events_a) = play(&scenario, seed, mode, SCRIPT);
            let (b, events_b) = play(&scenario, seed, mode, SCRIPT);
            assert_eq!(events_a, events_b, "seed {seed} {mode:?}");
            assert_eq!(a, b);
        }
    }
}

#[test]
fn replaying_responses_rebuilds_the_same_session() {
    let scenario = bundled("vet-emergency");
    let (mut live, _) = Session::start(scenario.clone(), 9, Mode::Screening).unwrap();
    let empathic = &scenario.nodes[0].choices[0].text;
    let shown = live.prompt().unwrap().choices.iter().position(|c| c == empathic).unwrap();
    live.respond(Response::Choice(shown)).unwrap();
    live.respond(Response::Text("Policy 4471-C at Northside, I'll call them now.".into())).unwrap();
    let replayed = Session::replay(scenario, 9, Mode::Screening, live.responses()).unwrap();
    assert_eq!(replayed.events(), live.events());
    assert_eq!(replayed.anger(), live.anger());
}

fn opening_variant(seed: u64) -> usize {
    let (_, events) = Session::start(bundled("late-gift"), seed, Mode::Practice).unwrap();
    match &events[0] {
        Event::CustomerSays(line) => line.variant,
        other => panic!("first event is the customer speaking, got {other:?}"),
    }
}

#[test]
fn different_seeds_pick_different_wordings() {
    // gift-01 has two variants besides its own text: over 20 seeds all three should appear.
    let seen: BTreeSet<usize> = (0..20).map(opening_variant).collect();
    assert_eq!(seen, BTreeSet::from([0, 1, 2]));
}

fn first_options(seed: u64, mode: Mode) -> Vec<String> {
    let (_, events) = Session::start(bundled("late-gift"), seed, mode).unwrap();
    events
        .into_iter()
        .find_map(|e| match e {
            Event::AwaitingResponse(p) => Some(p.choices),
            _ => None,
        })
        .unwrap()
}

#[test]
fn screening_shuffles_options_by_seed_and_practice_keeps_them_in_order() {
    let authored: Vec<String> = bundled("late-gift").nodes[0].choices.iter().map(|c| c.text.clone()).collect();
    let orders: BTreeSet<Vec<String>> = (0..20).map(|seed| first_options(seed, Mode::Screening)).collect();
    assert!(orders.len() >= 3, "20 seeds gave only {} orders of 3 options", orders.len());
    for order in &orders {
        let mut sorted = order.clone();
        sorted.sort();
        let mut expected = authored.clone();
        expected.sort();
        assert_eq!(sorted, expected, "a shuffle keeps every option");
    }
    for seed in 0..5 {
        assert_eq!(first_options(seed, Mode::Practice), authored);
    }
}

#[test]
fn scores_do_not_depend_on_the_seed() {
    let scenario = bundled("late-gift");
    let scores: BTreeSet<_> = (0..10).map(|seed| {
        let (r, _) = play(&scenario, seed, Mode::Screening, SCRIPT);
        (r.overall, r.band, r.ending_id)
    }).collect();
    assert_eq!(scores.len(), 1, "{scores:?}");
}
