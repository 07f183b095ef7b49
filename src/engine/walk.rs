//! The random walker: plays a scenario many times with answers picked at random, by the
//! engine's own rules (points, the persona's mood, the hang-up limit, the turn limit; see
//! [`super::session::after`] and [`super::mood`]), and counts how the calls end. It answers
//! what no single play can: how often each ending is reached, which bands random play earns,
//! which answers are picked and which endings are never reached.
//!
//! A session keeps every line, turn and reason for the debrief; the walker keeps only counts,
//! so one answer is a few additions (well under a microsecond), and a million calls take
//! seconds. Answers in the trainee's own words are walked as their route as authored: the route's
//! points, no evidence from words, and a length ([`WORDS_OF_OWN_ANSWER`]) no persona minds.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use super::mood::{self, Answered};
use super::session::{after, After};
use crate::scenario::explore::{answers, AnswerRef, Graph, Target};
use crate::scenario::{Outcome, Points, Scenario};
use crate::vocab::text::word_count;
use crate::vocab::{Band, Dimension, Persona, Scores};

/// The length a walked free-text answer counts as: long enough for a languid customer, short
/// enough for a hurried one.
pub const WORDS_OF_OWN_ANSWER: usize = Persona::LANGUID_MIN_WORDS;

/// One answer, ready to walk.
#[derive(Debug, Clone, Copy)]
struct Step {
    points: Points,
    base: i32,
    words: usize,
    to: Option<Target>,
}

/// How a set of random calls went.
#[derive(Debug, Clone, Serialize)]
pub struct Walk {
    /// How many calls.
    pub calls: u64,
    /// How many answers they took together.
    pub answers: u64,
    /// Per outcome (Resolved, Escalated, HungUp, Unresolved), how many calls ended so.
    pub outcomes: [u64; 4],
    /// Per band (Bronze, Silver, Gold), how many calls.
    pub bands: [u64; 3],
    /// Per ending (the scenario's order), how many calls ended there.
    pub endings: Vec<u64>,
    /// Of the hang-ups, how many the customer's mood caused (not an answer leading there).
    pub hung_up_by_mood: u64,
    /// Calls the turn limit ended.
    pub turn_limit: u64,
    /// Per dimension, calls per score decile (0-9, ..., 90-100); empty where not measured.
    pub histograms: [Vec<u64>; 4],
    /// Per dimension, the mean score (None where not measured).
    pub means: [Option<f64>; 4],
    /// Per node, in how many calls it was reached (at least once).
    pub reached: Vec<u64>,
    /// Per node and answer (in `explore::answers` order), how many times it was picked.
    pub picks: Vec<Vec<u64>>,
}

/// The outcomes in the order [`Walk::outcomes`] counts them.
pub const OUTCOMES: [Outcome; 4] = [Outcome::Resolved, Outcome::Escalated, Outcome::HungUp, Outcome::Unresolved];

fn outcome_index(o: Outcome) -> usize {
    OUTCOMES.iter().position(|x| *x == o).unwrap_or(3)
}

/// A scenario compiled for walking: each node's answers with what they do.
pub struct Walker<'a> {
    scenario: &'a Scenario,
    steps: Vec<Vec<Step>>,
    start: Option<Target>,
    /// What 100 is on each dimension (`Graph::scale`).
    pub scale: Points,
}

/// How one walked call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    /// The ending reached (None: the turn limit, a dead end, or a hang-up without a hang-up ending).
    pub ending: Option<usize>,
    /// How it ended.
    pub outcome: Outcome,
    /// Whether the customer's mood ended it.
    pub by_mood: bool,
    /// Whether the turn limit ended it.
    pub turn_limit: bool,
    /// Every answer's points and the ending's.
    pub earned: Points,
    /// How many answers it took.
    pub turns: usize,
}

impl<'a> Walker<'a> {
    /// Compiles a scenario for walking.
    pub fn new(scenario: &'a Scenario) -> Self {
        let graph = Graph::new(scenario);
        let steps = scenario
            .nodes
            .iter()
            .map(|n| {
                answers(n)
                    .map(|(a, e)| Step {
                        points: e.points,
                        base: mood::base_change(e.anger, e.points),
                        words: match a {
                            AnswerRef::Choice(i) => word_count(&n.choices[i].text),
                            AnswerRef::Route(_) | AnswerRef::Fallback => WORDS_OF_OWN_ANSWER,
                        },
                        to: graph.resolve(e.next),
                    })
                    .collect()
            })
            .collect();
        Walker { scenario, steps, start: graph.start(), scale: graph.scale() }
    }

    /// How many answers node `n` has (choices, then routes, then the fallback).
    pub fn answers_at(&self, n: usize) -> usize {
        self.steps[n].len()
    }

    /// Plays one call; `pick(node, answers)` chooses the index of the answer given at each node.
    pub fn call(&self, mut pick: impl FnMut(usize, usize) -> usize) -> Call {
        let sc = self.scenario;
        let mut call = Call { ending: None, outcome: Outcome::Unresolved, by_mood: false, turn_limit: false, earned: Points::default(), turns: 0 };
        let Some(mut at) = self.start else { return call };
        let mut anger = sc.customer.anger.min(100);
        let mut empathy_shown = false;
        loop {
            let node = match at {
                Target::Ending(e) => {
                    call.earned += sc.endings[e].points;
                    call.ending = Some(e);
                    call.outcome = sc.endings[e].outcome;
                    return call;
                }
                Target::Node(n) => n,
            };
            let here = &self.steps[node];
            if here.is_empty() {
                // A dead end (lint C004): the call goes nowhere.
                return call;
            }
            let step = here[pick(node, here.len()).min(here.len() - 1)];
            call.earned += step.points;
            empathy_shown |= step.points.empathy > 0;
            let answered = Answered { base: step.base, words: step.words, empathy_shown };
            anger = mood::apply(anger, mood::bend(sc.customer.persona, answered).map_or(step.base, |b| b.delta(step.base)));
            call.turns += 1;
            match after(sc, anger, call.turns, step.to) {
                After::Go(next) => {
                    call.by_mood = anger >= sc.customer.hangs_up_at;
                    at = next;
                }
                After::HungUp => {
                    (call.outcome, call.by_mood) = (Outcome::HungUp, true);
                    return call;
                }
                After::TurnLimit => {
                    call.turn_limit = true;
                    return call;
                }
                After::Nowhere => return call,
            }
        }
    }
}

/// Plays `calls` random calls through `scenario`, answers picked uniformly among each question's
/// answers, from one seeded stream: the same seed gives the same counts.
pub fn walk(scenario: &Scenario, calls: u64, seed: u64) -> Walk {
    let walker = Walker::new(scenario);
    let scale = walker.scale;
    let nodes = scenario.nodes.len();
    let mut out = Walk {
        calls,
        answers: 0,
        outcomes: [0; 4],
        bands: [0; 3],
        endings: vec![0; scenario.endings.len()],
        hung_up_by_mood: 0,
        turn_limit: 0,
        histograms: Dimension::ALL.map(|d| if scale.get(d) > 0 { vec![0; 10] } else { Vec::new() }),
        means: [None; 4],
        reached: vec![0; nodes],
        picks: (0..nodes).map(|n| vec![0; walker.answers_at(n)]).collect(),
    };
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut sums = [0f64; 4];
    // Per node, the last call that reached it, so a loop is counted once per call.
    let mut seen_in: Vec<u64> = vec![u64::MAX; nodes];
    for number in 0..calls {
        let (picks, reached) = (&mut out.picks, &mut out.reached);
        let call = walker.call(|node, count| {
            if seen_in[node] != number {
                seen_in[node] = number;
                reached[node] += 1;
            }
            let k = rng.random_range(0..count);
            picks[node][k] += 1;
            k
        });
        out.answers += call.turns as u64;
        out.outcomes[outcome_index(call.outcome)] += 1;
        if let Some(e) = call.ending {
            out.endings[e] += 1;
        }
        out.hung_up_by_mood += u64::from(call.by_mood);
        out.turn_limit += u64::from(call.turn_limit);
        let scores = Scores::against_best(call.earned, scale);
        out.bands[Band::from_percent(scores.overall()) as usize] += 1;
        for d in Dimension::ALL {
            if let Some(s) = scores.get(d) {
                out.histograms[d.index()][usize::from(s / 10).min(9)] += 1;
                sums[d.index()] += f64::from(s);
            }
        }
    }
    for d in Dimension::ALL {
        if scale.get(d) > 0 && calls > 0 {
            out.means[d.index()] = Some(sums[d.index()] / calls as f64);
        }
    }
    out
}

impl Walk {
    /// Endings no call reached, by index.
    pub fn never_reached(&self) -> Vec<usize> {
        self.endings.iter().enumerate().filter(|(_, n)| **n == 0).map(|(i, _)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;
    use std::path::Path;

    const TWO_WAYS: &str = r#"Scenario(format: 1, id: "w", title: "W", difficulty: Easy,
    customer: (name: "C", persona: Reasonable, anger: 50, hangs_up_at: 100),
    start: "a",
    nodes: [
        Node(id: "a", lines: [], choices: [
            Choice(text: "kind words here for you", points: (empathy: 2), anger: -10, next: "win"),
            Choice(text: "rude", points: (empathy: -1), anger: 60, next: "lose"),
        ]),
    ],
    endings: [Ending(id: "win", outcome: Resolved), Ending(id: "lose", outcome: Escalated), Ending(id: "gone", outcome: HungUp)],
)"#;

    #[test]
    fn a_fair_coin_between_two_answers_splits_the_calls_and_the_mood_hangs_up_on_the_rude_one() {
        let sc = load_str(Path::new("w.ron"), TWO_WAYS).unwrap().scenario;
        let w = walk(&sc, 10_000, 3);
        assert_eq!(w.answers, 10_000);
        // The rude answer takes anger from 50 to 110 -> 100: the customer hangs up before "lose".
        assert_eq!(w.outcomes[0] + w.outcomes[2], 10_000);
        assert!((4_700..=5_300).contains(&w.outcomes[0]), "{:?}", w.outcomes);
        assert_eq!(w.hung_up_by_mood, w.outcomes[2]);
        assert_eq!(w.endings[1], 0, "no call reaches `lose`: the mood ends it first");
        assert_eq!(w.never_reached(), [1]);
        assert_eq!(w.bands[2], w.outcomes[0], "every resolved call is Gold (empathy 2 of 2)");
        assert_eq!(w.histograms[Dimension::Empathy.index()][9], w.outcomes[0]);
        assert!(w.histograms[Dimension::Patience.index()].is_empty(), "patience is not measured");
        assert_eq!(w.reached[0], 10_000);
        assert_eq!(w.picks[0].iter().sum::<u64>(), 10_000);
        // The same seed gives the same counts.
        assert_eq!(walk(&sc, 10_000, 3).outcomes, w.outcomes);
    }

    #[test]
    fn walked_calls_end_as_sessions_given_the_same_choices_do() {
        // Random choices through a choices-only scenario with an irate customer (whose mood
        // bends) and loops: each walked call, replayed as a session with the same choices, ends
        // at the same ending with the same points and the same number of answers.
        use crate::engine::{Event, Mode, Response, Session};
        use std::sync::Arc;
        const LOOPY: &str = r#"Scenario(format: 1, id: "l", title: "L", difficulty: Hard,
        customer: (name: "C", persona: Irate, anger: 40, hangs_up_at: 90),
        start: "a",
        nodes: [
            Node(id: "a", lines: [], choices: [
                Choice(text: "I'm so sorry, that sounds awful", points: (empathy: 2, patience: 1), next: "b"),
                Choice(text: "Order number?", points: (clarification: 1, empathy: -1), anger: 8, next: "b"),
                Choice(text: "Not our fault", points: (empathy: -2), anger: 15, next: "a"),
            ]),
            Node(id: "b", lines: [], choices: [
                Choice(text: "I'll refund you now", points: (resolution: 3), next: "win"),
                Choice(text: "Let me check again", points: (patience: -1), anger: 12, next: "a"),
                Choice(text: "Manager", points: (resolution: -1), next: "boss"),
            ]),
        ],
        endings: [Ending(id: "win", outcome: Resolved), Ending(id: "boss", outcome: Escalated, points: (resolution: -1)), Ending(id: "gone", outcome: HungUp, points: (resolution: -3))],
    )"#;
        let sc = load_str(Path::new("l.ron"), LOOPY).unwrap().scenario;
        let walker = Walker::new(&sc);
        let shared = Arc::new(sc.clone());
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        for _ in 0..300 {
            let mut picked = Vec::new();
            let call = walker.call(|_, n| {
                let k = rng.random_range(0..n);
                picked.push(k);
                k
            });
            let (mut s, _) = Session::start(Arc::clone(&shared), 1, Mode::Practice).unwrap();
            let mut ended = None;
            for k in &picked {
                for e in s.respond(Response::Choice(*k)).unwrap() {
                    if let Event::Ended(r) = e {
                        ended = Some(r);
                    }
                }
            }
            let r = ended.expect("the session ends where the walk did");
            assert_eq!(call.ending.map(|e| sc.endings[e].id.as_str()), Some(r.ending_id.as_str()), "{picked:?}");
            assert_eq!(call.outcome, r.outcome);
            assert_eq!(call.earned, r.earned);
            assert_eq!(call.turns, r.turns.len());
            assert_eq!(Band::from_percent(Scores::against_best(call.earned, walker.scale).overall()), r.band);
        }
    }
}
