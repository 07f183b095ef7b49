//! Path analysis over a scenario's branch graph: what `next` ids resolve to, what can be
//! reached from the start, and (in [`paths`]) what the paths through it can score.

pub mod paths;

pub use paths::{Analysis, EndingPaths, PathCount, Range, Walked};

use std::collections::HashMap;

use super::model::{Effect, Node, Scenario};

/// Where a `next` id leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A node, by its index in the scenario.
    Node(usize),
    /// An ending, by its index.
    Ending(usize),
}

/// Which of a node's answers was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerRef {
    /// Authored choice, by its index in the file (not the shuffled display order).
    Choice(usize),
    /// Free-text route, by index.
    Route(usize),
    /// Free-text fallback.
    Fallback,
}

/// Every answer of a node with what it does, in file order.
pub fn answers(node: &Node) -> impl Iterator<Item = (AnswerRef, Effect<'_>)> {
    let choices = node.choices.iter().enumerate().map(|(i, c)| (AnswerRef::Choice(i), c.effect()));
    let free = node.free_text.iter().flat_map(|f| {
        let routes = f.routes.iter().enumerate().map(|(i, r)| (AnswerRef::Route(i), r.effect()));
        routes.chain(f.fallback.iter().map(|fb| (AnswerRef::Fallback, fb.effect())))
    });
    choices.chain(free)
}

/// The branch graph of one scenario. Ids that appear twice resolve to their first definition
/// (the linter reports the duplicate).
#[derive(Debug, Clone)]
pub struct Graph<'a> {
    /// The scenario the graph is of.
    pub scenario: &'a Scenario,
    index: HashMap<&'a str, Target>,
}

impl<'a> Graph<'a> {
    /// The graph of `scenario`: ids resolved once.
    pub fn new(scenario: &'a Scenario) -> Self {
        let mut index = HashMap::new();
        for (i, n) in scenario.nodes.iter().enumerate() {
            index.entry(n.id.as_str()).or_insert(Target::Node(i));
        }
        for (i, e) in scenario.endings.iter().enumerate() {
            index.entry(e.id.as_str()).or_insert(Target::Ending(i));
        }
        Graph { scenario, index }
    }

    /// The id index with owned keys, for holders that outlive the borrow (a running session).
    pub fn owned_index(&self) -> HashMap<String, Target> {
        self.index.iter().map(|(id, t)| (id.to_string(), *t)).collect()
    }

    /// The node or ending called `id`.
    pub fn resolve(&self, id: &str) -> Option<Target> {
        self.index.get(id).copied()
    }

    /// Where the call starts, if the start names something.
    pub fn start(&self) -> Option<Target> {
        self.resolve(&self.scenario.start)
    }

    /// Ids a `next` could name, for "did you mean".
    pub fn ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.index.keys().copied()
    }

    /// The targets a node's answers lead to (resolvable ones only).
    fn successors(&self, node: usize) -> impl Iterator<Item = (AnswerRef, Effect<'a>, Target)> + '_ {
        answers(&self.scenario.nodes[node]).filter_map(|(a, e)| self.resolve(e.next).map(|t| (a, e, t)))
    }

    /// Which nodes and endings can be reached from the start. The hang-up ending counts as
    /// reachable whenever any node is, since the mood rule can end any conversation.
    pub fn reachable(&self) -> Reach {
        let mut reach = Reach {
            nodes: vec![false; self.scenario.nodes.len()],
            endings: vec![false; self.scenario.endings.len()],
        };
        let mut stack: Vec<Target> = self.start().into_iter().collect();
        while let Some(t) = stack.pop() {
            let seen = match t {
                Target::Node(i) => std::mem::replace(&mut reach.nodes[i], true),
                Target::Ending(i) => std::mem::replace(&mut reach.endings[i], true),
            };
            if let (Target::Node(i), false) = (t, seen) {
                stack.extend(self.successors(i).map(|(_, _, next)| next));
            }
        }
        if reach.nodes.iter().any(|r| *r) {
            if let Some(i) = self.scenario.endings.iter().position(|e| e.outcome == super::Outcome::HungUp) {
                reach.endings[i] = true;
            }
        }
        reach
    }

    /// For each node, whether some run of answers leads from it to an ending (the mood rule
    /// aside). Worked backwards from the endings, without recursion, so a chain of any length
    /// is fine.
    pub fn can_end(&self) -> Vec<bool> {
        let nodes = self.scenario.nodes.len();
        let mut leads_here: Vec<Vec<usize>> = vec![Vec::new(); nodes];
        let mut ends = vec![false; nodes];
        let mut queue = Vec::new();
        for (i, end) in ends.iter_mut().enumerate() {
            for (_, _, next) in self.successors(i) {
                match next {
                    Target::Ending(_) if !*end => {
                        *end = true;
                        queue.push(i);
                    }
                    Target::Ending(_) => {}
                    Target::Node(n) => leads_here[n].push(i),
                }
            }
        }
        while let Some(n) = queue.pop() {
            for &before in &leads_here[n] {
                if !std::mem::replace(&mut ends[before], true) {
                    queue.push(before);
                }
            }
        }
        ends
    }
}

/// Result of [`Graph::reachable`], indexed like the scenario's nodes and endings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// Per node, whether the start reaches it.
    pub nodes: Vec<bool>,
    /// Per ending, whether the start reaches it.
    pub endings: Vec<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;
    use std::path::Path;

    const BRANCHY: &str = r#"Scenario(format: 1, id: "b", title: "B", difficulty: Easy,
    customer: (name: "C", persona: Reasonable, anger: 50),
    start: "a",
    nodes: [
        Node(id: "a", lines: [], choices: [
            Choice(text: "kind", points: (empathy: 3), next: "b"),
            Choice(text: "fix", points: (resolution: 2), next: "c"),
        ]),
        Node(id: "b", lines: [], choices: [
            Choice(text: "fix", points: (resolution: 1), next: "done"),
            Choice(text: "again", points: (patience: 5), next: "a"),
        ]),
        Node(id: "c", lines: [], choices: [Choice(text: "ok", points: (patience: 1), next: "done")]),
        Node(id: "island", lines: [], choices: [Choice(text: "x", next: "done")]),
    ],
    endings: [Ending(id: "done", outcome: Resolved), Ending(id: "gone", outcome: HungUp), Ending(id: "never", outcome: Escalated)],
)"#;

    #[test]
    fn reachability_from_the_start() {
        let loaded = load_str(Path::new("b.ron"), BRANCHY).unwrap();
        let g = Graph::new(&loaded.scenario);
        let reach = g.reachable();
        assert_eq!(reach.nodes, [true, true, true, false]);
        // "gone" is the hang-up ending, reachable by the mood rule.
        assert_eq!(reach.endings, [true, true, false]);
    }
}
