//! What the paths through a scenario can score (see `explore::paths`): C021 no path resolves
//! the customer's problem, C022 a Resolved ending only bad play reaches, C023 feedback that
//! praises an answer a better path goes on past.

use crate::diagnostic::{Code, Diagnostic};
use crate::scenario::model::Outcome;
use crate::vocab::{Band, Scores};

use super::{answer_path, Check};

/// The tag that says a scenario is meant to have no solution (a patience test), so C021 holds back.
pub const UNSOLVABLE_TAG: &str = "unsolvable";

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, sc, graph) = (c.s, &c.s.scenario, &c.graph);
    // Meaningless while links are broken (C002), the start is missing or the call can get stuck.
    if graph.start().is_none() || out.iter().any(|d| matches!(d.code, Code::C002 | Code::C004 | Code::C020)) {
        return;
    }
    let analysis = graph.analyse();
    let shown = |points| Scores::against_best(points, analysis.scale).overall();

    let resolved: Vec<_> = analysis.endings.iter().filter(|e| sc.endings[e.index].outcome == Outcome::Resolved).collect();
    if !resolved.iter().any(|e| e.reachable) && !sc.tags.iter().any(|t| t == UNSOLVABLE_TAG) {
        out.push(
            s.diagnostic(Code::C021, "endings", "no path through the call reaches a Resolved ending")
                .with_label("unwinnable")
                .with_help(format!("point a good answer at an ending with `outcome: Resolved`; if the call is meant to have no solution (a patience test), add `\"{UNSOLVABLE_TAG}\"` to its `tags`")),
        );
    }
    for e in resolved {
        let Some(best) = &e.best else { continue };
        let score = shown(best.points);
        if Band::from_percent(score) == Band::Bronze {
            out.push(
                s.diagnostic(Code::C022, &format!("endings[{}].outcome", e.index), format!("ending `{}` is Resolved, but the best call that reaches it scores {score} (Bronze)", sc.endings[e.index].id))
                    .with_label("only bad play gets here")
                    .with_help("make it `outcome: Unresolved` or `Escalated`, or lead a good answer here"),
            );
        }
    }
    for &(n, answer) in &analysis.praised_off_best {
        out.push(
            s.diagnostic(Code::C023, &format!("{}.feedback", answer_path(n, answer)), format!("this feedback praises the answer, but another answer at `{}` leads to a better call", sc.nodes[n].id))
                .with_label("praised, not the best from here")
                .with_help("temper the feedback (\"good, but ...\"), or give this answer the points of the best one"),
        );
    }
}
