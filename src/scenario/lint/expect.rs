//! C015 an invalid phrase, C016 expectations on a node nobody can type at: the scorer's per-node
//! expectations.

use crate::scenario::model::Expect;
use crate::vocab::{Pattern, PHRASE_HELP};

use crate::diagnostic::{Code, Diagnostic};

use super::Check;

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, sc) = (c.s, &c.s.scenario);
    // C015 / C016: the scorer's per-node expectations.
    for (i, node) in sc.nodes.iter().enumerate() {
        let expect = &node.expect;
        if *expect != Expect::default() && node.free_text.is_none() {
            out.push(
                s.diagnostic(Code::C016, &format!("nodes[{i}].expect"), format!("node `{}` has `expect` but no free-text answer", node.id))
                    .with_label("never used")
                    .with_help("add `free_text: (...)` to the node, or remove `expect`"),
            );
        }
        let phrases = expect.phrases.iter().enumerate().map(|(k, (_, p))| (format!("phrases[{k}][1]"), p));
        let avoid = expect.avoid.iter().enumerate().map(|(k, p)| (format!("avoid[{k}]"), p));
        let facts = expect.facts.iter().enumerate().flat_map(|(k, f)| {
            let ask = f.ask.iter().enumerate().map(move |(m, p)| (format!("facts[{k}].ask[{m}]"), p));
            ask.chain(f.given.iter().enumerate().map(move |(m, p)| (format!("facts[{k}].given[{m}]"), p)))
        });
        for (path, phrase) in phrases.chain(avoid).chain(facts) {
            if let Err(why) = Pattern::parse(phrase) {
                out.push(
                    s.diagnostic(Code::C015, &format!("nodes[{i}].expect.{path}"), format!("invalid phrase: {why}"))
                        .with_label("invalid phrase")
                        .with_help(PHRASE_HELP),
                );
            }
        }
    }
}
