//! C014: a dimension no path earns anything on is left out of the score.

use crate::vocab::Dimension;

use crate::diagnostic::{Code, Diagnostic};

use super::Check;

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, graph) = (c.s, &c.graph);
    // C014: a dimension nobody can earn is left out of the score; say so. Skipped while links
    // are broken (C002) or the call can get stuck (C004, C020): the paths are meaningless then.
    if !out.iter().any(|d| matches!(d.code, Code::C002 | Code::C004 | Code::C020)) {
        let most = graph.range().max;
        for d in Dimension::ALL {
            if most.get(d) <= 0 {
                out.push(
                    s.diagnostic(Code::C014, "start", format!("no path earns any {} points", d.name()))
                        .with_label("dimension never scored")
                        .with_help(format!("give a good answer `points: ({}: 1)` or more, so {} is measured", d.name(), d.name())),
                );
            }
        }
    }
}
