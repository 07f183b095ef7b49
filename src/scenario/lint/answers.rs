//! C004 a node with no way to answer, C008 free text without a fallback, C010 a choice with
//! nothing to learn from.

use crate::diagnostic::{Code, Diagnostic};

use super::Check;

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, sc) = (c.s, &c.s.scenario);
    for (i, node) in sc.nodes.iter().enumerate() {
        // C004: a node must lead somewhere.
        if node.choices.is_empty() && node.free_text.is_none() {
            out.push(
                s.diagnostic(Code::C004, &format!("nodes[{i}].id"), format!("node `{}` has no choices and no free-text answer", node.id))
                    .with_label("dead end")
                    .with_help("add `choices: [...]` or `free_text: (...)`, or turn it into an `Ending`"),
            );
        }
        // C008: free text needs a fallback.
        if let Some(free) = &node.free_text {
            if free.fallback.is_none() {
                out.push(
                    s.diagnostic(Code::C008, &format!("nodes[{i}].free_text"), format!("the free-text answer at `{}` has no fallback", node.id))
                        .with_label("no fallback")
                        .with_help("add `fallback: (next: \"...\", feedback: \"...\")` for answers that match no route"),
                );
            }
        }
        // C010: a choice must explain itself.
        for (j, choice) in node.choices.iter().enumerate() {
            if choice.points.is_zero() && choice.feedback.trim().is_empty() {
                out.push(
                    s.diagnostic(Code::C010, &format!("nodes[{i}].choices[{j}]"), "this choice has no points and no feedback")
                        .with_label("nothing to learn from")
                        .with_help("add `points: (...)` or `feedback: \"...\"` so the debrief can explain it"),
                );
            }
        }
    }
}
