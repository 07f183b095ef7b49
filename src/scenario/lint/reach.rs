//! C003 unreachable nodes, C005 unreachable endings, C020 nodes the call can reach but never
//! leave for an ending.

use crate::diagnostic::{Code, Diagnostic};

use super::Check;

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, sc, graph) = (c.s, &c.s.scenario, &c.graph);
    // C003 / C005: reachability from the start (only meaningful when the start exists).
    if graph.start().is_some() {
        let reach = graph.reachable();
        for (i, node) in sc.nodes.iter().enumerate() {
            if !reach.nodes[i] {
                out.push(
                    s.diagnostic(Code::C003, &format!("nodes[{i}].id"), format!("node `{}` cannot be reached from `{}`", node.id, sc.start))
                        .with_label("unreachable")
                        .with_help("point a choice or route's `next` here, or remove the node"),
                );
            }
        }
        // C020: a node the call can reach but never leave for an ending. Skipped while links
        // are broken (C002) or a node is a dead end (C004): those are the first thing to fix.
        let can_end = graph.can_end();
        let dead_end = sc.nodes.iter().any(|n| n.choices.is_empty() && n.free_text.is_none());
        let broken = dead_end || out.iter().any(|d| d.code == Code::C002);
        for (i, node) in sc.nodes.iter().enumerate() {
            if !broken && reach.nodes[i] && !can_end[i] {
                out.push(
                    s.diagnostic(Code::C020, &format!("nodes[{i}].id"), format!("no answer at `{}` or after it leads to an ending", node.id))
                        .with_label("the call cannot end from here")
                        .with_help("point some answer here or further on to an ending, e.g. `next: \"resolved\"`; the customer's mood alone may never end the call"),
                );
            }
        }
        for (i, ending) in sc.endings.iter().enumerate() {
            if !reach.endings[i] {
                out.push(
                    s.diagnostic(Code::C005, &format!("endings[{i}].id"), format!("ending `{}` cannot be reached", ending.id))
                        .with_label("unreachable")
                        .with_help("point a choice or route's `next` here, or remove the ending"),
                );
            }
        }
    }
}
