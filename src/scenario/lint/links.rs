//! C002: the start and every answer's `next` name a node or ending of the scenario.

use crate::scenario::explore::answers;
use crate::vocab::closest;

use crate::diagnostic::{Code, Diagnostic};

use super::{answer_path, Check};

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, sc, graph) = (c.s, &c.s.scenario, &c.graph);
    // C002: every `next` and the start must resolve.
    let missing = |path: &str, id: &str| {
        let hint = match closest(id, graph.ids()) {
            Some(best) => format!("did you mean `{best}`? "),
            None => String::new(),
        };
        s.diagnostic(Code::C002, path, format!("`{id}` is not a node or ending in this scenario"))
            .with_label("no such node or ending")
            .with_help(format!("{hint}add a node or ending with this id, or point to an existing one"))
    };
    if graph.start().is_none() {
        out.push(missing("start", &sc.start));
    }
    for (i, node) in sc.nodes.iter().enumerate() {
        for (answer, effect) in answers(node) {
            if graph.resolve(effect.next).is_none() {
                out.push(missing(&format!("{}.next", answer_path(i, answer)), effect.next));
            }
        }
    }
}
