//! C014: a dimension the best path earns nothing on is left out of the score.

use crate::vocab::Dimension;

use crate::diagnostic::{Code, Diagnostic};

use super::Check;

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, graph) = (c.s, &c.graph);
    // C014: a dimension nobody can earn is left out of the score; say so. Skipped while links
    // are broken (C002): the best path is meaningless then.
    if !out.iter().any(|d| d.code == Code::C002) {
        let best = graph.best_points();
        for d in Dimension::ALL {
            if best.get(d) <= 0 {
                out.push(
                    s.diagnostic(Code::C014, "start", format!("the best path earns no {} points", d.name()))
                        .with_label("dimension never scored")
                        .with_help(format!("give answers on the best path `points: ({}: 1)` or more, so {} is measured", d.name(), d.name())),
                );
            }
        }
    }
}
