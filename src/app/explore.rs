//! `cooldown explore`: what a scenario's paths can score, before anyone plays it. The analysis is
//! `scenario::explore::paths`; this names everything by its ids and texts, scores the paths the
//! way a session is scored, and adds the linter's findings about paths, for the command line
//! (text or JSON) and the window's authoring view alike.

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::scenario::explore::paths::Walked;
use crate::scenario::explore::{AnswerRef, Graph};
use crate::scenario::{lint, LoadedScenario, Scenario};
use crate::vocab::{Band, Dimension, Points, Scores};

/// The linter's codes that are about paths, shown with the exploration.
pub const PATH_CODES: [Code; 5] = [Code::C005, Code::C014, Code::C021, Code::C022, Code::C023];

/// Everything `cooldown explore` says about one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Exploration {
    /// The scenario's id.
    pub scenario: String,
    /// Its title.
    pub title: String,
    /// Per dimension, the least and most a path earns.
    pub dimensions: Vec<DimensionRange>,
    /// Paths from the start to an ending, loops not taken.
    pub paths: u128,
    /// Whether `paths` is exact (else it is a lower bound: the count overflowed).
    pub paths_exact: bool,
    /// The best call, by overall score.
    pub best: Option<PathSummary>,
    /// Per ending, in the file's order.
    pub endings: Vec<EndingSummary>,
    /// Answers that close a loop (no path here takes them; the engine allows them).
    pub loops: Vec<AnswerAt>,
    /// The linter's findings about paths (codes [`PATH_CODES`]).
    pub findings: Vec<Finding>,
}

/// The range of one dimension.
#[derive(Debug, Clone, Serialize)]
pub struct DimensionRange {
    /// Its name.
    pub dimension: &'static str,
    /// The least any path earns.
    pub min: i32,
    /// The most any path earns.
    pub max: i32,
    /// What a score of 100 is: the best call's points, or `max` where the best call earns none.
    pub scale: i32,
    /// Whether the score measures it (some path earns it).
    pub measured: bool,
}

/// A path through the call, scored as a session would be.
#[derive(Debug, Clone, Serialize)]
pub struct PathSummary {
    /// Overall score, 0-100.
    pub overall: u8,
    /// Its band.
    pub band: Band,
    /// Per dimension.
    pub scores: Scores,
    /// What the path earns.
    pub points: Points,
    /// Each answer, in order.
    pub answers: Vec<AnswerAt>,
}

/// One answer at one node.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerAt {
    /// The node's id.
    pub node: String,
    /// The answer, as a trainer finds it in the file: `choice 2`, `route 1`, `fallback`.
    pub answer: String,
    /// What it says (a choice's text) or takes (a route's condition).
    pub text: String,
}

/// One ending, as the paths reach it.
#[derive(Debug, Clone, Serialize)]
pub struct EndingSummary {
    /// Its id.
    pub id: String,
    /// Its outcome.
    pub outcome: String,
    /// Whether any run of answers gets there.
    pub reachable: bool,
    /// The hang-up ending, which the customer's mood can reach from anywhere.
    pub by_mood: bool,
    /// The best call that reaches it.
    pub best: Option<PathSummary>,
    /// The worst.
    pub worst: Option<PathSummary>,
}

/// A finding of the linter about paths.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Its code.
    pub code: String,
    /// `file:line:col`.
    pub position: String,
    /// What it says.
    pub message: String,
}

/// Explores one loaded scenario.
pub fn explore(loaded: &LoadedScenario) -> Exploration {
    let sc = &loaded.scenario;
    let graph = Graph::new(sc);
    let analysis = graph.analyse();
    let scale = analysis.scale;
    let summary = |w: &Walked| summarise(sc, w, scale);
    let findings = lint::lint_scenario(loaded)
        .iter()
        .filter(|d| PATH_CODES.contains(&d.code))
        .map(|d: &Diagnostic| Finding { code: d.code.to_string(), position: d.position(), message: d.message.clone() })
        .collect();
    Exploration {
        scenario: sc.id.clone(),
        title: sc.title.clone(),
        dimensions: Dimension::ALL
            .iter()
            .map(|&d| DimensionRange {
                dimension: d.name(),
                min: analysis.range.min.get(d),
                max: analysis.range.max.get(d),
                scale: scale.get(d),
                measured: scale.get(d) > 0,
            })
            .collect(),
        paths: analysis.paths.count,
        paths_exact: analysis.paths.exact,
        best: analysis.best.as_ref().map(summary),
        endings: analysis
            .endings
            .iter()
            .zip(&sc.endings)
            .map(|(e, ending)| {
                EndingSummary {
                    id: ending.id.clone(),
                    outcome: format!("{:?}", ending.outcome),
                    reachable: e.reachable,
                    by_mood: e.by_mood,
                    best: e.best.as_ref().map(summary),
                    worst: e.worst.as_ref().map(summary),
                }
            })
            .collect(),
        loops: analysis.loops.iter().map(|&(n, a)| answer_at(sc, n, a)).collect(),
        findings,
    }
}

fn summarise(sc: &Scenario, walked: &Walked, scale: Points) -> PathSummary {
    let scores = Scores::against_best(walked.points, scale);
    let overall = scores.overall();
    PathSummary {
        overall,
        band: Band::from_percent(overall),
        scores,
        points: walked.points,
        answers: walked.answers.iter().map(|&(n, a)| answer_at(sc, n, a)).collect(),
    }
}

/// An answer named as a trainer finds it in the file.
pub fn answer_at(sc: &Scenario, node: usize, answer: AnswerRef) -> AnswerAt {
    let n = &sc.nodes[node];
    let free = n.free_text.as_ref();
    let (label, text) = match answer {
        AnswerRef::Choice(i) => (format!("choice {}", i + 1), n.choices[i].text.clone()),
        AnswerRef::Route(i) => (format!("route {}", i + 1), free.map_or(String::new(), |f| format!("own words that {}", f.routes[i].when.describe()))),
        AnswerRef::Fallback => ("fallback".to_string(), "own words that match no route".to_string()),
    };
    AnswerAt { node: n.id.clone(), answer: label, text }
}

impl Exploration {
    /// The exploration as a person reads it in a terminal.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out, "{}: {}", self.scenario, self.title);
        let count = crate::scenario::explore::PathCount { count: self.paths, exact: self.paths_exact };
        let _ = writeln!(out, "paths from the start to an ending: {count}{}", match self.loops.len() {
            0 => String::new(),
            n => format!(" (not going round a loop; {} close one)", crate::vocab::text::counted(n, "answer")),
        });
        let _ = writeln!(out, "\n{:<14} {:>6} {:>6} {:>6}", "dimension", "least", "most", "= 100");
        for d in &self.dimensions {
            let note = if d.measured { "" } else { "  not measured: no path earns any" };
            let _ = writeln!(out, "{:<14} {:>+6} {:>+6} {:>6}{note}", d.dimension, d.min, d.max, d.scale);
        }
        let _ = writeln!(out, "(= 100: what the best call earns; where it earns nothing, the most any call does)");
        if let Some(best) = &self.best {
            let _ = writeln!(out, "\nbest call: {}", headline(best));
            let _ = writeln!(out, "{}", route(best));
        }
        let _ = writeln!(out, "\nendings:");
        for e in &self.endings {
            let reach = match (e.reachable, e.by_mood, &e.best) {
                (false, _, _) => "never reached".to_string(),
                (true, true, None) => "reached only when the customer's mood runs out".to_string(),
                (true, true, Some(_)) => "reached (and whenever the customer's mood runs out)".to_string(),
                (true, false, _) => "reached".to_string(),
            };
            let _ = writeln!(out, "  {} ({}): {reach}", e.id, e.outcome);
            for (which, path) in [("best ", &e.best), ("worst", &e.worst)] {
                if let Some(p) = path {
                    let _ = writeln!(out, "    {which} {}", headline(p));
                    let _ = writeln!(out, "      {}", route(p));
                }
            }
        }
        if !self.loops.is_empty() {
            let _ = writeln!(out, "\nloops (answers that lead back; the ranges above do not go round them):");
            for l in &self.loops {
                let _ = writeln!(out, "  {} {}: \"{}\"", l.node, l.answer, l.text);
            }
        }
        let _ = writeln!(out);
        if self.findings.is_empty() {
            let _ = writeln!(out, "no findings about paths");
        }
        for f in &self.findings {
            let _ = writeln!(out, "{}: {}: {}", f.code, f.position, f.message);
        }
        out
    }
}

fn headline(p: &PathSummary) -> String {
    let dims: Vec<String> = Dimension::ALL
        .iter()
        .filter_map(|&d| p.scores.get(d).map(|s| format!("{} {s}", d.name())))
        .collect();
    format!("overall {} {} ({}), {}", p.overall, p.band.name(), dims.join(", "), crate::vocab::text::counted(p.answers.len(), "answer"))
}

fn route(p: &PathSummary) -> String {
    p.answers.iter().map(|a| format!("{} {}", a.node, a.answer)).collect::<Vec<_>>().join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_late_gift_call_has_a_reachable_resolution_and_no_findings() {
        let (_dir, _store, loaded) = super::super::scratch();
        let e = explore(&loaded);
        assert!(e.dimensions.iter().all(|d| d.measured && d.min < d.max), "{:?}", e.dimensions);
        let resolved = e.endings.iter().find(|x| x.outcome == "Resolved").unwrap();
        assert!(resolved.reachable);
        let best = e.best.as_ref().unwrap();
        assert!(best.overall >= resolved.best.as_ref().unwrap().overall);
        assert!(best.overall > resolved.worst.as_ref().unwrap().overall);
        assert!(e.findings.is_empty(), "{:?}", e.findings);
        assert!(e.to_text().contains("endings:"));
    }
}
