//! `cooldown walk`: many random calls through a scenario (see `engine::walk`), told by the
//! scenario's own names: how the calls end, the bands they earn, each dimension's spread, how
//! often each question is reached and each answer picked, and endings no call reached.

use serde::Serialize;

use crate::engine::walk::{self, Walk, OUTCOMES};
use crate::scenario::explore::answers;
use crate::vocab::text::clip;
use crate::scenario::Scenario;
use crate::vocab::{Band, Dimension};

use super::explore::{answer_at, AnswerAt};

/// A walk, named for people and scripts.
#[derive(Debug, Clone, Serialize)]
pub struct WalkReport {
    /// The scenario's id.
    pub scenario: String,
    /// The seed of the random answers.
    pub seed: u64,
    /// The counts.
    #[serde(flatten)]
    pub walk: Walk,
    /// Ending ids, in the order of `walk.endings`.
    pub ending_ids: Vec<String>,
    /// Per node and answer, what the answer is (in the order of `walk.picks`).
    pub answer_names: Vec<Vec<AnswerAt>>,
    /// Endings no call reached.
    pub never_reached: Vec<String>,
}

/// Walks `calls` random calls through `scenario` from `seed`.
pub fn walk(scenario: &Scenario, calls: u64, seed: u64) -> WalkReport {
    let walk = walk::walk(scenario, calls, seed);
    let never_reached = walk.never_reached().into_iter().map(|e| scenario.endings[e].id.clone()).collect();
    WalkReport {
        scenario: scenario.id.clone(),
        seed,
        ending_ids: scenario.endings.iter().map(|e| e.id.clone()).collect(),
        answer_names: scenario.nodes.iter().enumerate().map(|(n, node)| answers(node).map(|(a, _)| answer_at(scenario, n, a)).collect()).collect(),
        never_reached,
        walk,
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 { "0%".to_string() } else { format!("{:.1}%", part as f64 * 100.0 / whole as f64) }
}

/// A row of bars, one per count, from the lowest block to the full one.
fn sparkline(counts: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = counts.iter().copied().max().unwrap_or(0).max(1);
    counts.iter().map(|&c| if c == 0 { ' ' } else { BARS[((c * 7) / top) as usize] }).collect()
}

impl WalkReport {
    /// The walk as a person reads it.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let w = &self.walk;
        let mut out = String::new();
        let _ = writeln!(out, "{} random calls through {} (seed {}): {} answers", w.calls, self.scenario, self.seed, w.answers);
        let outcomes: Vec<String> = OUTCOMES.iter().zip(w.outcomes).filter(|(_, n)| *n > 0).map(|(o, n)| format!("{o:?} {}", percent(n, w.calls))).collect();
        let _ = writeln!(out, "outcomes: {}", outcomes.join(", "));
        let bands: Vec<String> = [Band::Gold, Band::Silver, Band::Bronze].iter().map(|b| format!("{} {}", b.name(), percent(w.bands[*b as usize], w.calls))).collect();
        let _ = writeln!(out, "bands: {}", bands.join(", "));
        let endings: Vec<String> = self.ending_ids.iter().zip(&w.endings).map(|(id, n)| format!("{id} {}", percent(*n, w.calls))).collect();
        let _ = writeln!(out, "endings: {}", endings.join(", "));
        if w.hung_up_by_mood > 0 {
            let _ = writeln!(out, "  the customer's mood ended {} of the calls", percent(w.hung_up_by_mood, w.calls));
        }
        if w.turn_limit > 0 {
            let _ = writeln!(out, "  the turn limit ended {} of the calls (a loop the mood never breaks)", percent(w.turn_limit, w.calls));
        }
        let _ = writeln!(out, "never reached: {}", if self.never_reached.is_empty() { "none".to_string() } else { self.never_reached.join(", ") });
        let _ = writeln!(out, "\nscores (calls per tenth, 0-9 to 90-100):");
        for d in Dimension::ALL {
            match w.means[d.index()] {
                Some(mean) => {
                    let _ = writeln!(out, "  {:<14} |{}|  mean {mean:.0}", d.name(), sparkline(&w.histograms[d.index()]));
                }
                None => {
                    let _ = writeln!(out, "  {:<14} not measured", d.name());
                }
            }
        }
        let _ = writeln!(out, "\nquestions (share of calls that reach each) and answers (share of calls that pick each):");
        for (n, names) in self.answer_names.iter().enumerate() {
            let Some(first) = names.first() else { continue };
            let _ = writeln!(out, "  {} {}", first.node, percent(w.reached[n], w.calls));
            for (name, picks) in names.iter().zip(&w.picks[n]) {
                let _ = writeln!(out, "    {:<10} {:>6}  {}", name.answer, percent(*picks, w.calls), clip(&name.text, 60));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_of_the_bundled_late_gift_reaches_every_ending_and_names_them() {
        let (_dir, _store, loaded) = super::super::scratch();
        let r = walk(&loaded.scenario, 20_000, 1);
        assert!(r.never_reached.is_empty(), "{:?}", r.never_reached);
        assert_eq!(r.walk.endings.iter().sum::<u64>() + r.walk.turn_limit, 20_000);
        let text = r.to_text();
        assert!(text.contains("never reached: none"), "{text}");
        assert!(text.contains("outburst 100.0%"), "{text}");
        assert_eq!(sparkline(&[0, 1, 7]), " ▂█");
    }
}
