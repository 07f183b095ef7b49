//! The scenario linter: coded findings (see [`Code`]) that point at the text to fix.

use std::collections::HashMap;
use std::path::PathBuf;

use super::explore::{answers, AnswerRef, Graph};
use super::load::LoadedScenario;
use super::model::{Expect, Line, Outcome};
use crate::vocab::{Dimension, Points};
use super::pack::load_pack;
use crate::vocab::closest;
use super::takes::{self, spoken_forms, TakeState};
use crate::diagnostic::{Code, Diagnostic};
use crate::vocab::{Pattern, PHRASE_HELP};

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

    let mut scenario_ids: HashMap<&str, &LoadedScenario> = HashMap::new();
    for s in scenarios {
        match scenario_ids.get(s.scenario.id.as_str()) {
            Some(first) => out.push(
                s.diagnostic(Code::C001, "id", format!("scenario id `{}` is also used by {}", s.scenario.id, first.source.path.display()))
                    .with_label("duplicate scenario id")
                    .with_help("give each scenario in the pack its own id"),
            ),
            None => {
                scenario_ids.insert(&s.scenario.id, s);
            }
        }
    }

    let mut line_ids: HashMap<&str, (&LoadedScenario, String)> = HashMap::new();
    for s in scenarios {
        for (path, line) in line_paths(s) {
            match line_ids.get(line.id.as_str()) {
                Some((first, first_path)) => {
                    let (l, c) = first.source.line_col(first.map().nearest(&format!("{first_path}.id")).start);
                    out.push(
                        s.diagnostic(Code::C009, &format!("{path}.id"), format!("line id `{}` is already used", line.id))
                            .with_label("duplicate line id")
                            .with_help(format!(
                                "first used at {}:{l}:{c}; give this line its own id (ids key the recorded audio)",
                                first.source.path.display()
                            )),
                    );
                }
                None => {
                    line_ids.insert(&line.id, (s, path));
                }
            }
        }
    }
    sort(&mut out);
    out
}

/// Checks that need only one scenario.
pub fn lint_scenario(s: &LoadedScenario) -> Vec<Diagnostic> {
    let sc = &s.scenario;
    let graph = Graph::new(sc);
    let mut out = Vec::new();

    // C013: ids must be simple so they work as file names and on the command line.
    let mut ids: Vec<(String, &str)> = vec![("id".into(), sc.id.as_str())];
    ids.extend(sc.nodes.iter().enumerate().map(|(i, n)| (format!("nodes[{i}].id"), n.id.as_str())));
    ids.extend(sc.endings.iter().enumerate().map(|(i, e)| (format!("endings[{i}].id"), e.id.as_str())));
    let lines = line_paths(s);
    ids.extend(lines.iter().map(|(p, l)| (format!("{p}.id"), l.id.as_str())));
    for (path, id) in &ids {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            out.push(
                s.diagnostic(Code::C013, path, format!("`{id}` is not a usable id"))
                    .with_label("bad id")
                    .with_help("use letters, digits, `-` and `_` only, e.g. `refund-offer`"),
            );
        }
    }

    // C001: nodes and endings share one namespace, since `next` can name either.
    let mut seen: HashMap<&str, String> = HashMap::new();
    let places = sc.nodes.iter().enumerate().map(|(i, n)| (format!("nodes[{i}].id"), n.id.as_str()));
    let places = places.chain(sc.endings.iter().enumerate().map(|(i, e)| (format!("endings[{i}].id"), e.id.as_str())));
    for (path, id) in places {
        if let Some(first) = seen.get(id) {
            let (l, c) = s.source.line_col(s.map().nearest(first).start);
            out.push(
                s.diagnostic(Code::C001, &path, format!("id `{id}` is defined twice"))
                    .with_label("second definition")
                    .with_help(format!("the first is at line {l}, column {c}; rename one of them")),
            );
        } else {
            seen.insert(id, path);
        }
    }

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

    // C006 / C007: audio files.
    for (path, line) in &lines {
        if let Some(audio) = &line.audio {
            if crate::paths::inside_pack(s.pack_dir(), audio).is_none() {
                out.push(
                    s.diagnostic(Code::C007, &format!("{path}.audio"), format!("audio path `{audio}` leaves the pack"))
                        .with_label("outside the pack")
                        .with_help("use a path relative to the scenario's folder, without `..`, e.g. \"audio/line-id.wav\""),
                );
            } else if !s.pack_dir().join(audio).is_file() {
                out.push(
                    s.diagnostic(Code::C006, &format!("{path}.audio"), format!("audio file `{audio}` does not exist"))
                        .with_label("missing file")
                        .with_help(format!(
                            "put the WAV file at {}, or fix the path (it is relative to the scenario's folder)",
                            s.pack_dir().join(audio).display()
                        )),
                );
            }
        }
    }

    // C006 / C017 / C018: the pack's recordings of each spoken form.
    let mut unrecorded = Vec::new();
    let mut spoken = 0;
    for (path, line) in &lines {
        for (variant, text) in spoken_forms(line) {
            spoken += 1;
            if variant == 0 && line.audio.is_some() {
                continue; // its own `audio` field, checked above
            }
            let at = if variant == 0 { format!("{path}.text") } else { format!("{path}.variants[{}]", variant - 1) };
            let key = takes::key(&line.id, variant);
            let again = format!("record it again: `cooldown record {} --line {}`", s.source.path.display(), line.id);
            match s.takes.state(s.pack_dir(), line, variant, text) {
                TakeState::Missing => unrecorded.push((at, key)),
                TakeState::Stale(_) => out.push(
                    s.diagnostic(Code::C018, &at, format!("`{key}` was recorded saying other words; its recording is not played"))
                        .with_label("text changed since it was recorded")
                        .with_help(again),
                ),
                TakeState::FileMissing(take) => out.push(
                    s.diagnostic(Code::C006, &at, format!("the recording of `{key}`, `{}`, does not exist", take.file))
                        .with_label("recording missing")
                        .with_help(again),
                ),
                TakeState::Outside(take) => out.push(
                    s.diagnostic(Code::C007, &at, format!("the recording of `{key}` is listed as `{}`, outside the pack; it is never played", take.file))
                        .with_label("recording outside the pack")
                        .with_help(format!("{again} (it is kept in the pack's audio/ folder)")),
                ),
                TakeState::Fresh(_) => {}
            }
        }
    }
    if let Some((first, _)) = unrecorded.first() {
        let keys: Vec<&str> = unrecorded.iter().map(|(_, k)| k.as_str()).collect();
        let listed = if keys.len() > 6 { format!("{}, ...", keys[..6].join(", ")) } else { keys.join(", ") };
        out.push(
            s.diagnostic(Code::C017, first, format!("{} of {spoken} spoken lines {} no recording: {listed}", keys.len(), if keys.len() == 1 { "has" } else { "have" }))
                .with_label("no recording")
                .with_help(format!(
                    "record them with `cooldown record {}` (or `--synthesise` for placeholder voices); until then they are captions only",
                    s.source.path.display()
                )),
        );
    }

    // C019: numbers beyond what a scenario needs, which would otherwise swamp every score.
    let mut numbers: Vec<(String, i64, i64, i64)> = vec![
        ("customer.anger".into(), i64::from(sc.customer.anger), 0, 100),
        ("customer.hangs_up_at".into(), i64::from(sc.customer.hangs_up_at), 1, 100),
    ];
    let limit = i64::from(Points::LIMIT);
    let mut points = |path: String, p: &Points, anger: Option<i32>| {
        for d in Dimension::ALL {
            numbers.push((format!("{path}.points.{}", d.name()), i64::from(p.get(d)), -limit, limit));
        }
        if let Some(a) = anger {
            numbers.push((format!("{path}.anger"), i64::from(a), -limit, limit));
        }
    };
    for (i, node) in sc.nodes.iter().enumerate() {
        for (answer, effect) in answers(node) {
            points(answer_path(i, answer), &effect.points, effect.anger);
        }
    }
    for (i, ending) in sc.endings.iter().enumerate() {
        points(format!("endings[{i}]"), &ending.points, None);
    }
    for (path, value, low, high) in numbers {
        if !(low..=high).contains(&value) {
            out.push(
                s.diagnostic(Code::C019, &path, format!("{value} is out of range: {} runs from {low} to {high}", path.rsplit('.').next().unwrap_or(&path)))
                    .with_label("out of range")
                    .with_help(format!("use a number from {low} to {high}; points and anger changes are small steps (a strong answer earns 2 or 3)")),
            );
        }
    }

    // C011: the call would end before it starts.
    if sc.customer.anger >= sc.customer.hangs_up_at {
        out.push(
            s.diagnostic(Code::C011, "customer.anger", format!("starting anger {} is at or above hangs_up_at {}", sc.customer.anger, sc.customer.hangs_up_at))
                .with_label("hangs up at once")
                .with_help("lower `anger` or raise `hangs_up_at` (both 0-100)"),
        );
    }

    // C012: the mood rule needs an ending to go to.
    if !sc.endings.iter().any(|e| e.outcome == Outcome::HungUp) {
        out.push(
            s.diagnostic(Code::C012, "endings[0]", "no ending has `outcome: HungUp`")
                .with_label("no hang-up ending")
                .with_help("add `Ending(id: \"hung-up\", outcome: HungUp, lines: [...])` with what the customer says as they hang up"),
        );
    }

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
