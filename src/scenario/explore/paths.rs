//! What the paths through a scenario can score, worked out once per scenario by dynamic
//! programming over its branch graph: per dimension the least and the most any path earns,
//! per ending whether it can be reached and the best and worst call that reaches it, how many
//! paths there are, and answers whose feedback praises them although a better path goes on from
//! the same question.
//!
//! Loops: the engine lets a call go round a loop (until the customer hangs up or the turn
//! limit ends it), so a loop could be farmed for points for ever. Here, as for scaling, a path
//! never takes a loop's closing answer: the graph is walked depth-first from the start, answers
//! in file order, and an answer that leads back to a node on the current path is left out. What
//! is left has no cycles, so every figure below is exact over it, and fast: one pass per figure
//! over the nodes in topological order, whatever the number of paths.
//!
//! The customer's mood can also end a call at the hang-up ending after any answer; that ending
//! counts as reachable through the mood whenever the start is, and the scores below are over
//! the authored paths (the random walker, `cooldown walk`, plays the mood too). Answers count
//! with their authored points; words can add to a free-text answer's (up to the question's best
//! answer) or take away.

use super::{AnswerRef, Graph, Target};
use crate::scenario::model::Outcome;
use crate::vocab::text::normalised;
use crate::vocab::{Dimension, Points};

/// One answer kept in the loop-free graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Which answer.
    pub answer: AnswerRef,
    /// What it earns as authored.
    pub points: Points,
    /// Where it leads.
    pub to: Target,
}

/// The scenario's graph with each loop's closing answer left out (see the module's comment).
#[derive(Debug, Clone)]
pub struct Dag {
    /// The nodes reachable from the start, in topological order (the start first).
    pub order: Vec<usize>,
    /// Per node (indexed like the scenario's nodes), its kept answers in file order.
    pub steps: Vec<Vec<Step>>,
    /// The loop-closing answers left out, as (node, answer).
    pub loops: Vec<(usize, AnswerRef)>,
    /// The start node, if the start names a node.
    pub start: Option<usize>,
}

impl Graph<'_> {
    /// The loop-free graph the analysis works on.
    pub fn dag(&self) -> Dag {
        let nodes = self.scenario.nodes.len();
        let mut steps: Vec<Vec<Step>> = vec![Vec::new(); nodes];
        let mut loops = Vec::new();
        let mut post = Vec::new();
        let Some(Target::Node(start)) = self.start() else {
            return Dag { order: Vec::new(), steps, loops, start: None };
        };
        // 0: not seen, 1: on the current path, 2: done.
        let mut state = vec![0u8; nodes];
        // A frame is a node with its answers and how many are looked at; its own stack instead
        // of recursion, so a chain of any length cannot overflow the thread's stack.
        let all = |n: usize| -> Vec<Step> { self.successors(n).map(|(answer, e, to)| Step { answer, points: e.points, to }).collect() };
        let mut stack = vec![(start, all(start), 0usize)];
        state[start] = 1;
        while let Some((node, answers, done)) = stack.last_mut() {
            let node = *node;
            let Some(&step) = answers.get(*done) else {
                state[node] = 2;
                post.push(node);
                stack.pop();
                continue;
            };
            *done += 1;
            match step.to {
                Target::Node(n) if state[n] == 1 => loops.push((node, step.answer)),
                Target::Node(n) => {
                    steps[node].push(step);
                    if state[n] == 0 {
                        state[n] = 1;
                        stack.push((n, all(n), 0));
                    }
                }
                Target::Ending(_) => steps[node].push(step),
            }
        }
        post.reverse();
        Dag { order: post, steps, loops, start: Some(start) }
    }
}

/// The least and the most the paths through a scenario earn on each dimension (each dimension
/// on its own: the most empathy and the most resolution may be on different paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range {
    /// The least any path earns, per dimension (answers as authored).
    pub min: Points,
    /// The most any path earns, per dimension (answers as authored).
    pub max: Points,
}

/// How many paths lead from the start to an ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathCount {
    /// The count, or where it overflowed, the largest number that fits (a lower bound).
    pub count: u128,
    /// Whether `count` is the exact number.
    pub exact: bool,
}

impl std::fmt::Display for PathCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.exact, self.count) {
            (true, n) if n < 1_000_000 => write!(f, "{n}"),
            (true, n) => write!(f, "{n} (about {:.1e})", n as f64),
            (false, n) => write!(f, "more than {:.1e}", n as f64),
        }
    }
}

/// A path from the start to an ending: each answer given, and what the whole path earns.
#[derive(Debug, Clone, PartialEq)]
pub struct Walked {
    /// (node, answer) per turn, in order.
    pub answers: Vec<(usize, AnswerRef)>,
    /// Every answer's points and the ending's.
    pub points: Points,
}

/// One ending, as the paths reach it.
#[derive(Debug, Clone, PartialEq)]
pub struct EndingPaths {
    /// Whether some run of answers reaches it.
    pub reachable: bool,
    /// The hang-up ending: the mood can end any call here, whatever the answers lead to.
    pub by_mood: bool,
    /// The best-scoring path that reaches it (by [`overall`]).
    pub best: Option<Walked>,
    /// The worst-scoring path that reaches it.
    pub worst: Option<Walked>,
}

/// Everything the analysis finds in one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Per dimension, the least and the most any path earns.
    pub range: Range,
    /// What a score of 100 is on each dimension (see [`Graph::scale`]).
    pub scale: Points,
    /// Per ending, in the scenario's order (index `i` is `scenario.endings[i]`).
    pub endings: Vec<EndingPaths>,
    /// Paths from the start to an ending (loops not taken).
    pub paths: PathCount,
    /// Loop-closing answers, which no path here takes (the engine allows them).
    pub loops: Vec<(usize, AnswerRef)>,
    /// The best path from the start, by overall score (against [`Analysis::scale`]).
    pub best: Option<Walked>,
    /// Answers whose feedback praises them although another answer at the same question
    /// leads to a better call from there: (node, answer).
    pub praised_off_best: Vec<(usize, AnswerRef)>,
}

/// A path's overall score before rounding and clamping: the mean over the measured dimensions
/// of its points as a percentage of the scale (see [`Graph::scale`]). A path that loses more counts
/// as worse even where the shown score stops at 0, so "worst" is the path that loses most.
pub fn overall(points: Points, scale: Points) -> f64 {
    let weights = weights(scale);
    value(points, &weights)
}

/// Per dimension, what one point is worth in the unclamped overall score.
fn weights(scale: Points) -> [f64; 4] {
    let measured = Dimension::ALL.iter().filter(|d| scale.get(**d) > 0).count().max(1) as f64;
    Dimension::ALL.map(|d| match scale.get(d) {
        m if m > 0 => 100.0 / (f64::from(m) * measured),
        _ => 0.0,
    })
}

fn value(points: Points, weights: &[f64; 4]) -> f64 {
    Dimension::ALL.iter().map(|d| f64::from(points.get(*d)) * weights[d.index()]).sum()
}

/// Tie tolerance for comparing path values (sums of at most a few hundred terms).
const EPSILON: f64 = 1e-9;

/// Words in feedback that praise the answer (checked as whole words, any case), and words that
/// temper it ("good, but ...", "good; X would have been better", "good. Add ...": then the
/// feedback already says a better answer exists, and it is not flagged).
const PRAISE: &[&str] = &["good", "great", "well done", "excellent", "perfect", "nice", "strong", "best", "ideal", "spot on"];
const BUT: &[&str] = &[
    "but", "however", "though", "although", "yet", "except", "still", "would have", "could have", "even", "better", "next time",
    "instead", "add", "almost", "nearly", "try",
];

/// Whether a feedback text praises its answer without reservation.
pub fn praises(feedback: &str) -> bool {
    let words = normalised(feedback);
    let has = |list: &[&str]| {
        list.iter().any(|phrase| {
            let phrase = normalised(phrase);
            words.windows(phrase.len()).any(|w| w == phrase.as_slice())
        })
    };
    has(PRAISE) && !has(BUT)
}

impl Graph<'_> {
    /// The per-dimension range alone.
    pub fn range(&self) -> Range {
        range(&self.dag(), self)
    }

    /// What a score of 100 is on each dimension, which a session's points are measured against:
    /// what the best call earns on it (the path with the highest total, ties going to the answer
    /// written first; the call the author wrote as the model), and where the best call earns
    /// nothing on a dimension, the most any path earns on it, so that a dimension is measured
    /// whenever some call can earn it.
    ///
    /// Why not each dimension's own maximum everywhere: a path that makes a mistake and then
    /// recovers often earns more on one dimension (the apology after the mistake) than the model
    /// call, which would then score below 100 for being right first time.
    pub fn scale(&self) -> Points {
        let dag = self.dag();
        scale(&dag, &range(&dag, self), self.scenario)
    }

    /// The whole analysis (see the module's comment).
    pub fn analyse(&self) -> Analysis {
        let dag = self.dag();
        let range = range(&dag, self);
        let scale = scale(&dag, &range, self.scenario);
        let weights = weights(scale);
        let scenario = self.scenario;
        let ending_points = |e: usize| scenario.endings[e].points;

        // Per ending: the best and worst value from each node to it, with the step taken.
        let hang_up = scenario.endings.iter().position(|x| x.outcome == Outcome::HungUp);
        let mut endings = Vec::new();
        for e in 0..scenario.endings.len() {
            let this = |to: Target| match to {
                Target::Ending(x) if x == e => Some(value(ending_points(x), &weights)),
                _ => None,
            };
            let hi = extreme(&dag, this, &weights, true);
            let lo = extreme(&dag, this, &weights, false);
            let best = dag.start.and_then(|s| walk(&dag, &hi, s, scenario));
            let worst = dag.start.and_then(|s| walk(&dag, &lo, s, scenario));
            let by_mood = dag.start.is_some() && hang_up == Some(e);
            endings.push(EndingPaths { reachable: best.is_some() || by_mood, by_mood, best, worst });
        }

        // The best path to any ending, and praised answers that are not on a best path from
        // their own question.
        let any = extreme(&dag, |to| match to {
            Target::Ending(x) => Some(value(ending_points(x), &weights)),
            Target::Node(_) => None,
        }, &weights, true);
        let best = dag.start.and_then(|s| walk(&dag, &any, s, scenario));
        let mut praised_off_best = Vec::new();
        for &n in &dag.order {
            let Some((top, _)) = any[n] else { continue };
            for step in &dag.steps[n] {
                let feedback = super::answers(&scenario.nodes[n]).find(|(a, _)| *a == step.answer).map(|(_, e)| e.feedback).unwrap_or("");
                let Some(through) = step_value(step, &any, &weights, scenario) else { continue };
                if praises(feedback) && through < top - EPSILON {
                    praised_off_best.push((n, step.answer));
                }
            }
        }

        Analysis { range, scale, endings, paths: count_paths(&dag), loops: dag.loops.clone(), best, praised_off_best }
    }
}

/// See [`Graph::scale`].
fn scale(dag: &Dag, range: &Range, scenario: &crate::scenario::Scenario) -> Points {
    let total = [1.0; 4];
    let table = extreme(dag, |to| match to {
        Target::Ending(x) => Some(value(scenario.endings[x].points, &total)),
        Target::Node(_) => None,
    }, &total, true);
    let mut out = dag.start.and_then(|s| walk(dag, &table, s, scenario)).map_or(Points::default(), |w| w.points);
    for d in Dimension::ALL {
        if out.get(d) <= 0 {
            *out.get_mut(d) = range.max.get(d).max(0);
        }
    }
    out
}

/// The value of taking `step`: its points and the best (per `table`) from where it leads.
fn step_value(step: &Step, table: &[Option<(f64, usize)>], weights: &[f64; 4], scenario: &crate::scenario::Scenario) -> Option<f64> {
    let rest = match step.to {
        Target::Ending(e) => value(scenario.endings[e].points, weights),
        Target::Node(m) => table[m]?.0,
    };
    Some(value(step.points, weights) + rest)
}

/// Per node, the highest (or lowest) value of a path from it to a target `end` accepts, and
/// the index of the step that starts it; `None` where no such path exists.
fn extreme(dag: &Dag, end: impl Fn(Target) -> Option<f64>, weights: &[f64; 4], highest: bool) -> Vec<Option<(f64, usize)>> {
    let mut table: Vec<Option<(f64, usize)>> = vec![None; dag.steps.len()];
    for &n in dag.order.iter().rev() {
        let mut best: Option<(f64, usize)> = None;
        for (k, step) in dag.steps[n].iter().enumerate() {
            let rest = match step.to {
                Target::Ending(_) => end(step.to),
                Target::Node(m) => table[m].map(|(v, _)| v),
            };
            let Some(rest) = rest else { continue };
            let v = value(step.points, weights) + rest;
            let better = match best {
                None => true,
                Some((b, _)) if highest => v > b + EPSILON,
                Some((b, _)) => v < b - EPSILON,
            };
            if better {
                best = Some((v, k));
            }
        }
        table[n] = best;
    }
    table
}

/// The path a table of [`extreme`] chooses from `node`, with its points.
fn walk(dag: &Dag, table: &[Option<(f64, usize)>], start: usize, scenario: &crate::scenario::Scenario) -> Option<Walked> {
    let mut node = start;
    let mut answers = Vec::new();
    let mut points = Points::default();
    loop {
        let (_, k) = table[node]?;
        let step = dag.steps[node][k];
        answers.push((node, step.answer));
        points += step.points;
        match step.to {
            Target::Node(m) => node = m,
            Target::Ending(e) => {
                points += scenario.endings[e].points;
                return Some(Walked { answers, points });
            }
        }
    }
}

/// Per dimension, the least and most a path earns, each dimension on its own.
fn range(dag: &Dag, graph: &Graph<'_>) -> Range {
    let Some(start) = dag.start else { return Range::default() };
    let endings = &graph.scenario.endings;
    let mut out = Range::default();
    for d in Dimension::ALL {
        let mut lo: Vec<Option<i32>> = vec![None; dag.steps.len()];
        let mut hi: Vec<Option<i32>> = vec![None; dag.steps.len()];
        for &n in dag.order.iter().rev() {
            for step in &dag.steps[n] {
                let (rest_lo, rest_hi) = match step.to {
                    Target::Ending(e) => (Some(endings[e].points.get(d)), Some(endings[e].points.get(d))),
                    Target::Node(m) => (lo[m], hi[m]),
                };
                if let Some(r) = rest_lo {
                    let v = step.points.get(d).saturating_add(r);
                    lo[n] = Some(lo[n].map_or(v, |x| x.min(v)));
                }
                if let Some(r) = rest_hi {
                    let v = step.points.get(d).saturating_add(r);
                    hi[n] = Some(hi[n].map_or(v, |x| x.max(v)));
                }
            }
        }
        *out.min.get_mut(d) = lo[start].unwrap_or(0);
        *out.max.get_mut(d) = hi[start].unwrap_or(0);
    }
    out
}

/// Paths from the start to any ending, counted from the endings back.
fn count_paths(dag: &Dag) -> PathCount {
    let Some(start) = dag.start else { return PathCount { count: 0, exact: true } };
    let mut count: Vec<Option<u128>> = vec![Some(0); dag.steps.len()];
    for &n in dag.order.iter().rev() {
        let mut sum = Some(0u128);
        for step in &dag.steps[n] {
            let here = match step.to {
                Target::Ending(_) => Some(1),
                Target::Node(m) => count[m],
            };
            sum = sum.zip(here).and_then(|(a, b)| a.checked_add(b));
        }
        count[n] = sum;
    }
    match count[start] {
        Some(c) => PathCount { count: c, exact: true },
        None => PathCount { count: u128::MAX, exact: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::{Choice, Customer, Difficulty, Ending, Expect, Node, Scenario};
    use crate::vocab::{Persona, Scores};

    fn pts(p: i32, e: i32, c: i32, r: i32) -> Points {
        Points { patience: p, empathy: e, clarification: c, resolution: r }
    }

    /// A scenario from `(node, [(points, next)])`; endings `win` (Resolved), `lose` (Escalated)
    /// and `gone` (HungUp), unless `endings` says otherwise.
    fn graph(nodes: &[(&str, Vec<(Points, &str)>)], endings: &[(&str, Outcome, Points)]) -> Scenario {
        let node = |(id, answers): &(&str, Vec<(Points, &str)>)| Node {
            id: id.to_string(),
            lines: Vec::new(),
            choices: answers
                .iter()
                .map(|(points, next)| Choice { text: format!("to {next}"), points: *points, anger: Some(0), next: next.to_string(), feedback: String::new() })
                .collect(),
            free_text: None,
            expect: Expect::default(),
        };
        let ending = |(id, outcome, points): &(&str, Outcome, Points)| Ending { id: id.to_string(), outcome: *outcome, lines: Vec::new(), summary: String::new(), points: *points };
        Scenario {
            format: 1,
            id: "t".into(),
            title: "T".into(),
            summary: String::new(),
            difficulty: Difficulty::Easy,
            tags: Vec::new(),
            customer: Customer { name: "C".into(), persona: Persona::Reasonable, anger: 10, hangs_up_at: 100 },
            start: nodes[0].0.to_string(),
            nodes: nodes.iter().map(node).collect(),
            endings: endings.iter().map(ending).collect(),
        }
    }

    fn three_endings() -> Vec<(&'static str, Outcome, Points)> {
        vec![("win", Outcome::Resolved, Points::default()), ("lose", Outcome::Escalated, pts(0, 0, 0, -2)), ("gone", Outcome::HungUp, pts(0, 0, 0, -3))]
    }

    #[test]
    fn ranges_take_each_dimension_on_its_own_and_endings_know_their_best_and_worst() {
        // a -(empathy 3)-> b -(resolution 1)-> win
        //   \-(resolution 2)-> c -(patience 1)-> win
        //                       \-(empathy -1)-> lose (-2 resolution)
        let sc = graph(
            &[
                ("a", vec![(pts(0, 3, 0, 0), "b"), (pts(0, 0, 0, 2), "c")]),
                ("b", vec![(pts(0, 0, 0, 1), "win")]),
                ("c", vec![(pts(1, 0, 0, 0), "win"), (pts(0, -1, 0, 0), "lose")]),
            ],
            &three_endings(),
        );
        let a = Graph::new(&sc).analyse();
        // Most empathy (3) is on a->b, most resolution (2) and patience (1) on a->c->win.
        assert_eq!(a.range.max, pts(1, 3, 0, 2));
        // Least: a->c->lose earns -1 empathy and 2-2 = 0 resolution; a->b->win 0 patience.
        assert_eq!(a.range.min, pts(0, -1, 0, 0));
        assert_eq!(a.paths, PathCount { count: 3, exact: true });
        // The best call (highest total) is a->b->win, (0, 3, 0, 1); it earns no patience, so
        // patience is scaled to the most a path earns (1); no path earns clarification.
        assert_eq!(a.scale, pts(1, 3, 0, 1));
        // Unclamped overall: a->b->win = (0 + 100 + 100)/3 = 66.7; a->c->win = (100 + 0 + 200)/3 = 100.
        let win = &a.endings[0];
        assert_eq!(win.best.as_ref().unwrap().answers, [(0, AnswerRef::Choice(1)), (2, AnswerRef::Choice(0))]);
        assert_eq!(win.worst.as_ref().unwrap().answers, [(0, AnswerRef::Choice(0)), (1, AnswerRef::Choice(0))]);
        assert!((overall(win.best.as_ref().unwrap().points, a.scale) - 100.0).abs() < 1e-9);
        let lose = &a.endings[1];
        assert_eq!(lose.best.as_ref().unwrap().points, pts(0, -1, 0, 0));
        assert!(lose.reachable && !lose.by_mood);
        // The hang-up ending: no answer leads there, the mood can.
        let gone = &a.endings[2];
        assert!(gone.reachable && gone.by_mood && gone.best.is_none());
        assert_eq!(a.best, win.best);
        // Shown clamped, both calls to `win` score 67.
        assert_eq!(Scores::against_best(win.best.as_ref().unwrap().points, a.scale).overall(), 67);
    }

    #[test]
    fn a_loop_is_not_farmed_and_its_closing_answer_is_named() {
        // a -> b; b -(patience 5)-> a closes a loop; b -> win. Going round would earn 5 patience
        // a time; no path here takes it.
        let sc = graph(
            &[("a", vec![(pts(0, 1, 0, 0), "b")]), ("b", vec![(pts(5, 0, 0, 0), "a"), (pts(0, 0, 1, 0), "win")])],
            &three_endings(),
        );
        let a = Graph::new(&sc).analyse();
        assert_eq!(a.loops, [(1, AnswerRef::Choice(0))]);
        assert_eq!(a.range.max, pts(0, 1, 1, 0));
        assert_eq!(a.paths.count, 1);
        // Three endings; "lose" is reached by nothing.
        assert!(!a.endings[1].reachable);
    }

    #[test]
    fn a_loop_entered_midway_keeps_what_comes_after_it() {
        // start -> x <-> y, both leading on to win; the DFS walks start, x, y; y->x closes it.
        let sc = graph(
            &[
                ("start", vec![(pts(1, 0, 0, 0), "x")]),
                ("x", vec![(pts(0, 2, 0, 0), "y"), (pts(0, 0, 0, 1), "win")]),
                ("y", vec![(pts(0, 0, 3, 0), "x"), (pts(0, -1, 0, 4), "win")]),
            ],
            &three_endings(),
        );
        let a = Graph::new(&sc).analyse();
        assert_eq!(a.loops, [(2, AnswerRef::Choice(0))]);
        // Paths: start-x-win, start-x-y-win.
        assert_eq!(a.paths.count, 2);
        // start-x-win earns (1, 0, 0, 1); start-x-y-win (1, 2 - 1, 0, 4).
        assert_eq!(a.range.max, pts(1, 1, 0, 4));
        assert_eq!(a.range.min, pts(1, 0, 0, 1));
    }

    #[test]
    fn path_counts_that_overflow_say_they_are_a_bound() {
        // A chain of 140 diamonds: 2^140 paths, more than a u128 holds.
        let mut nodes = Vec::new();
        let names: Vec<String> = (0..=140).map(|i| format!("n{i}")).collect();
        for i in 0..140 {
            nodes.push((names[i].as_str(), vec![(pts(0, 1, 0, 0), names[i + 1].as_str()), (pts(0, 0, 1, 0), names[i + 1].as_str())]));
        }
        nodes.push((names[140].as_str(), vec![(Points::default(), "win")]));
        let sc = graph(&nodes, &three_endings());
        let a = Graph::new(&sc).analyse();
        assert!(!a.paths.exact);
        assert!(a.paths.to_string().starts_with("more than"));
        assert_eq!(a.range.max, pts(0, 140, 140, 0));
    }

    #[test]
    fn praise_is_told_apart_from_tempered_praise() {
        assert!(praises("Good: you named her feeling."));
        assert!(praises("Well done, spot on."));
        assert!(!praises("Good intent, but it came too late."));
        assert!(!praises("A good question. Repeating back would have been even clearer."));
        assert!(!praises("Blaming the courier sounds defensive."));
    }

    #[test]
    fn praised_answers_off_the_best_path_from_their_question_are_found() {
        let mut sc = graph(&[("a", vec![(pts(0, 1, 0, 0), "win"), (pts(0, 3, 0, 0), "win")])], &three_endings());
        sc.nodes[0].choices[0].feedback = "Great answer!".into();
        sc.nodes[0].choices[1].feedback = "Great answer!".into();
        let a = Graph::new(&sc).analyse();
        assert_eq!(a.praised_off_best, [(0, AnswerRef::Choice(0))]);
    }

    /// Every path of a loop-free graph, enumerated: the figures the dynamic programme must match.
    fn enumerate(sc: &Scenario) -> Vec<(Points, usize)> {
        let g = Graph::new(sc);
        let mut out = Vec::new();
        let mut stack = vec![(0usize, Points::default())];
        while let Some((n, acc)) = stack.pop() {
            for (_, e, t) in g.successors(n) {
                match t {
                    Target::Node(m) => stack.push((m, acc + e.points)),
                    Target::Ending(x) => out.push((acc + e.points + sc.endings[x].points, x)),
                }
            }
        }
        out
    }

    #[test]
    fn on_random_small_graphs_the_figures_match_every_path_enumerated() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(17);
        for case in 0..200 {
            let n = rng.random_range(1..9usize);
            let ids: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
            let targets = ["win", "lose", "gone"];
            let mut nodes = Vec::new();
            for i in 0..n {
                let k = rng.random_range(1..4usize);
                let answers: Vec<(Points, &str)> = (0..k)
                    .map(|_| {
                        let p = pts(rng.random_range(-3..4), rng.random_range(-3..4), rng.random_range(-3..4), rng.random_range(-3..4));
                        // Forward only (no loops), or to an ending.
                        let to = if i + 1 < n && rng.random_bool(0.7) { ids[rng.random_range(i + 1..n)].as_str() } else { targets[rng.random_range(0..3)] };
                        (p, to)
                    })
                    .collect();
                nodes.push((ids[i].as_str(), answers));
            }
            let sc = graph(&nodes, &three_endings());
            let a = Graph::new(&sc).analyse();
            let all = enumerate(&sc);
            assert_eq!(a.paths, PathCount { count: all.len() as u128, exact: true }, "case {case}");
            for d in Dimension::ALL {
                assert_eq!(a.range.max.get(d), all.iter().map(|(p, _)| p.get(d)).max().unwrap(), "case {case} {d:?}");
                assert_eq!(a.range.min.get(d), all.iter().map(|(p, _)| p.get(d)).min().unwrap(), "case {case} {d:?}");
            }
            for (i, e) in a.endings.iter().enumerate() {
                let here: Vec<f64> = all.iter().filter(|(_, x)| *x == i).map(|(p, _)| overall(*p, a.scale)).collect();
                let best = here.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let worst = here.iter().cloned().fold(f64::INFINITY, f64::min);
                match (&e.best, &e.worst) {
                    (Some(b), Some(w)) => {
                        assert!((overall(b.points, a.scale) - best).abs() < 1e-6, "case {case}");
                        assert!((overall(w.points, a.scale) - worst).abs() < 1e-6, "case {case}");
                    }
                    _ => assert!(here.is_empty(), "case {case}: ending {i} has paths"),
                }
            }
        }
    }
}
