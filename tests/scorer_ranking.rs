//! The free-text scorer must agree with the authors: for every choice node of the bundled pack,
//! scoring each option's text as if typed must rank the options as their authored points do.

mod common;

use common::pack_dir;
use cooldown::scenario::pack::load_pack;
use cooldown::scoring::{Context, Scorer};

#[test]
fn typed_options_rank_like_their_authored_points() {
    let scorer = Scorer::bundled();
    let (scenarios, errors) = load_pack(&pack_dir());
    assert!(errors.is_empty());
    let (mut pairs, mut agree, mut nodes, mut nodes_agreeing) = (0, 0, 0, 0);
    let mut disagreements = Vec::new();
    for s in &scenarios {
        for node in s.scenario.nodes.iter().filter(|n| n.choices.len() >= 2) {
            let line = node.lines.last();
            let ctx = Context {
                customer_line: line.map_or("", |l| l.text.as_str()),
                emotion: line.map(|l| l.emotion),
                expect: Some(&node.expect),
                persona: Some(s.scenario.customer.persona),
            };
            let scored: Vec<(i32, i32, &str)> = node
                .choices
                .iter()
                .map(|c| (c.points.total(), scorer.score(&c.text, &ctx).points.total(), c.text.as_str()))
                .collect();
            nodes += 1;
            let mut all = true;
            for (i, a) in scored.iter().enumerate() {
                for b in &scored[i + 1..] {
                    if a.0 == b.0 {
                        continue;
                    }
                    pairs += 1;
                    if (a.0 > b.0) == (a.1 > b.1) && a.1 != b.1 {
                        agree += 1;
                    } else {
                        all = false;
                        disagreements.push(format!(
                            "{}/{}: authored {} vs {}, scored {} vs {}\n    {:?}\n    {:?}",
                            s.scenario.id, node.id, a.0, b.0, a.1, b.1, a.2, b.2
                        ));
                    }
                }
            }
            nodes_agreeing += usize::from(all);
        }
    }
    println!("ranking agreement: {agree}/{pairs} pairs, {nodes_agreeing}/{nodes} choice nodes in full agreement");
    assert!(nodes >= 15, "the pack has plenty of choice nodes ({nodes})");
    assert!(disagreements.is_empty(), "{agree}/{pairs} pairs agree; these do not:\n{}", disagreements.join("\n"));
}
