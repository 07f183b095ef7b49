//! The scenario linter: coded findings (see [`Code`]) that point at the text to fix. Each check
//! is a named pass in its own file; [`PASSES`] runs them in order over one scenario, and
//! [`pack::run`] checks what the scenarios of one folder share.

mod answers;
mod audio;
mod endings;
mod expect;
mod ids;
mod links;
mod numbers;
mod pack;
mod paths;
mod reach;

use std::path::PathBuf;

use super::explore::{AnswerRef, Graph};
use super::load::LoadedScenario;
use super::model::Line;
use super::pack::load_pack;

pub use paths::UNSOLVABLE_TAG;
use crate::diagnostic::Diagnostic;

/// What every pass over one scenario reads.
pub struct Check<'a> {
    /// The scenario checked.
    pub s: &'a LoadedScenario,
    /// Its graph of nodes and endings.
    pub graph: Graph<'a>,
    /// Every line of the scenario with its source-map path.
    pub lines: Vec<(String, &'a Line)>,
}

/// One named check: it adds its findings to what the passes before it found (a pass may hold
/// back while an earlier finding makes its own meaningless, as reachability does for broken links).
pub struct Pass {
    /// What the pass checks, in a word.
    pub name: &'static str,
    /// Adds its findings to the list.
    pub run: fn(&Check, &mut Vec<Diagnostic>),
}

/// The passes over one scenario, in the order they run.
pub const PASSES: &[Pass] = &[
    Pass { name: "ids", run: ids::run },
    Pass { name: "links", run: links::run },
    Pass { name: "reach", run: reach::run },
    Pass { name: "answers", run: answers::run },
    Pass { name: "expect", run: expect::run },
    Pass { name: "audio", run: audio::run },
    Pass { name: "numbers", run: numbers::run },
    Pass { name: "endings", run: endings::run },
    Pass { name: "paths", run: paths::run },
];

/// Lints files and folders (folders: every `.ron` file inside, recursively). Files that do not
/// load are reported as C000; pack-wide checks run over the files of each folder together.
pub fn lint_paths(paths: &[PathBuf]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut loaded = Vec::new();
    for path in paths {
        let (found, errors) = load_pack(path);
        loaded.extend(found);
        out.extend(errors);
    }
    // Pack-wide checks per folder: a pack is the folder its scenarios (and audio) live in.
    let mut packs: Vec<(PathBuf, Vec<&LoadedScenario>)> = Vec::new();
    for l in &loaded {
        let dir = l.pack_dir().to_path_buf();
        match packs.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, members)) => members.push(l),
            None => packs.push((dir, vec![l])),
        }
    }
    for (_, members) in &packs {
        out.extend(lint_pack(members));
    }
    sort(&mut out);
    out
}

/// Every check on a set of scenarios that share a pack folder.
pub fn lint_pack(scenarios: &[&LoadedScenario]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = scenarios.iter().flat_map(|s| lint_scenario(s)).collect();
    pack::run(scenarios, &mut out);
    sort(&mut out);
    out
}

/// Checks that need only one scenario: every pass of [`PASSES`].
pub fn lint_scenario(s: &LoadedScenario) -> Vec<Diagnostic> {
    let check = Check { s, graph: Graph::new(&s.scenario), lines: line_paths(s) };
    let mut out = Vec::new();
    for pass in PASSES {
        (pass.run)(&check, &mut out);
    }
    out
}

/// The source-map path of an answer of node `i`.
pub fn answer_path(i: usize, answer: AnswerRef) -> String {
    match answer {
        AnswerRef::Choice(j) => format!("nodes[{i}].choices[{j}]"),
        AnswerRef::Route(j) => format!("nodes[{i}].free_text.routes[{j}]"),
        AnswerRef::Fallback => format!("nodes[{i}].free_text.fallback"),
    }
}

/// Every line of a scenario with its source-map path.
fn line_paths(s: &LoadedScenario) -> Vec<(String, &Line)> {
    let sc = &s.scenario;
    let nodes = sc.nodes.iter().enumerate().flat_map(|(i, n)| n.lines.iter().enumerate().map(move |(k, l)| (format!("nodes[{i}].lines[{k}]"), l)));
    let endings = sc.endings.iter().enumerate().flat_map(|(i, e)| e.lines.iter().enumerate().map(move |(k, l)| (format!("endings[{i}].lines[{k}]"), l)));
    nodes.chain(endings).collect()
}

/// Stable order: by file, then position, then code.
fn sort(ds: &mut [Diagnostic]) {
    ds.sort_by(|a, b| {
        let pos = |d: &Diagnostic| d.location.as_ref().map_or(0, |l| l.span.start);
        (&a.file, pos(a), a.code).cmp(&(&b.file, pos(b), b.code))
    });
}

/// True when any finding is an error.
pub fn has_errors(ds: &[Diagnostic]) -> bool {
    ds.iter().any(Diagnostic::is_error)
}
