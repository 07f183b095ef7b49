//! A session's result cannot be gamed: free-text bonuses stop at what the best answer to that
//! question earns, so they cannot erase a mistake made elsewhere.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{play, Say::*};
use cooldown::engine::Mode;
use cooldown::scenario::{explore::Graph, load_str, Dimension, Points};

/// A frightened customer, then a question in the trainee's own words.
const FRIGHTENED: &str = r#"Scenario(
    format: 1,
    id: "frightened",
    title: "Frightened",
    difficulty: Easy,
    customer: (name: "Ana", persona: Upset, anger: 40, hangs_up_at: 95),
    start: "fear",
    nodes: [
        Node(
            id: "fear",
            lines: [Line(id: "ana-01", text: "There's smoke coming out of the boiler, I'm scared.", emotion: Upset)],
            choices: [
                Choice(text: "That sounds frightening. Please leave the room, I'll send an engineer now.",
                       points: (empathy: 3, resolution: 2), next: "address", feedback: "Feeling first, then safety."),
                Choice(text: "Don't worry, it's probably nothing.",
                       points: (empathy: -2, resolution: -2), next: "address", feedback: "Dismisses a real fear."),
            ],
        ),
        Node(
            id: "address",
            lines: [Line(id: "ana-02", text: "It's 4 Elm Road. Please hurry.", emotion: Anxious)],
            free_text: (
                routes: [Route(when: Has(Ownership), points: (resolution: 1), next: "done")],
                fallback: (next: "done"),
            ),
        ),
    ],
    endings: [
        Ending(id: "done", outcome: Resolved, summary: "An engineer is on the way."),
        Ending(id: "gone", outcome: HungUp),
    ],
)"#;

#[test]
fn free_text_bonuses_cannot_erase_a_mistake_made_elsewhere() {
    let scenario = Arc::new(load_str(Path::new("frightened.ron"), FRIGHTENED).unwrap().scenario);
    let superb = "I'm so sorry, that must be so frightening, you're right to call. Just to confirm, 4 Elm Road? \
                  I'll send an engineer right now, they'll be there within the hour, and I'll call you back at ten. \
                  Is there anything else?";
    let (result, _) = play(&scenario, 1, Mode::Practice, &[Pick(2), Type(superb)]);
    let free = &result.turns[1];
    let ceiling = scenario.nodes[1].ceiling();
    for d in Dimension::ALL {
        assert!(free.points.get(d) <= ceiling.get(d), "{d:?}: {} above the ceiling {}", free.points.get(d), ceiling.get(d));
    }
    assert!(free.reasons.iter().any(|r| r.why.starts_with("capped")), "the debrief says the words were capped");
    assert!(result.scores.empathy.is_none_or(|e| e < 100), "the dismissive choice still shows: {:?}", result.scores);
    assert!(result.overall < 77, "a clear mistake cannot finish Gold: {}", result.overall);
}

#[test]
fn the_ceiling_is_the_best_authored_answer_on_each_dimension() {
    let scenario = load_str(Path::new("frightened.ron"), FRIGHTENED).unwrap().scenario;
    assert_eq!(scenario.nodes[1].ceiling(), Points { resolution: 1, ..Points::default() });
    assert_eq!(scenario.nodes[0].ceiling(), Points { empathy: 3, resolution: 2, ..Points::default() }, "never below zero");
    // The most each dimension allows: the best choice (empathy 3, resolution 2), then the route
    // (resolution 1).
    assert_eq!(Graph::new(&scenario).range().max, Points { empathy: 3, resolution: 3, ..Points::default() });
}
