//! What the paths through a scenario can score (see `explore::paths`), from one analysis:
//! C014 a dimension no path earns anything on (it is left out of the score), C021 no path
//! resolves the customer's problem, C022 a Resolved ending only bad play reaches, C023 feedback
//! that praises an answer a better path goes on past.

use crate::diagnostic::{Code, Diagnostic};
use crate::scenario::model::Outcome;
use crate::vocab::{Band, Dimension, Scores};

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

    for d in Dimension::ALL.into_iter().filter(|d| analysis.range.max.get(*d) <= 0) {
        out.push(
            s.diagnostic(Code::C014, "start", format!("no path earns any {} points", d.name()))
                .with_label("dimension never scored")
                .with_help(format!("give a good answer `points: ({}: 1)` or more, so {} is measured", d.name(), d.name())),
        );
    }

    let resolved: Vec<_> = analysis.endings.iter().enumerate().filter(|(i, _)| sc.endings[*i].outcome == Outcome::Resolved).collect();
    if !resolved.iter().any(|(_, e)| e.reachable) && !sc.tags.iter().any(|t| t == UNSOLVABLE_TAG) {
        out.push(
            s.diagnostic(Code::C021, "endings", "no path through the call reaches a Resolved ending")
                .with_label("unwinnable")
                .with_help(format!("point a good answer at an ending with `outcome: Resolved`; if the call is meant to have no solution (a patience test), add `\"{UNSOLVABLE_TAG}\"` to its `tags`")),
        );
    }
    for (i, e) in resolved {
        let Some(best) = &e.best else { continue };
        let score = shown(best.points);
        if Band::from_percent(score) == Band::Bronze {
            out.push(
                s.diagnostic(Code::C022, &format!("endings[{i}].outcome"), format!("ending `{}` is Resolved, but the best call that reaches it scores {score} (Bronze)", sc.endings[i].id))
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
