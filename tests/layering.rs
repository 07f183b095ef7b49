//! The top-level modules of `src/` form a strict stack: each may use only the layers below it,
//! so there are no import cycles and a newcomer can read the code bottom-up. This test reads
//! every `crate::X` (and, in a module's own root file, `super::X`) reference outside unit tests
//! and fails on any that points sideways or up, or on a module missing from the table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Lowest first. A module may use any module in a lower row, none in its own row or above.
const LAYERS: &[&[&str]] = &[
    &["hash", "clock"],
    &["paths", "vocab"],
    &["diagnostic"],
    &["scenario"],
    &["scoring"],
    &["engine", "audio"],
    // Assessments read engine bands and results; the store keeps what they define.
    &["assessment"],
    &["store"],
    &["report"],
    &["app"],
    &["terminal"],
    &["gui"],
    // The binary's commands (src/main.rs and src/cli/): they use the library, never the reverse.
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|row| row.contains(&module))
}

/// The module names after `prefix` in `text` (`crate::scoring::Scorer` -> `scoring`).
fn references<'a>(text: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text.match_indices(prefix).map(move |(at, _)| {
        let rest = &text[at + prefix.len()..];
        let end = rest.find(|c: char| !(c.is_ascii_lowercase() || c == '_')).unwrap_or(rest.len());
        &rest[..end]
    })
}

/// Source files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn top_level_modules_form_a_strict_stack() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if name != "main" && name != "lib" && (path.is_dir() || path.extension().is_some_and(|e| e == "rs")) {
            modules.insert(name);
        }
    }
    for m in &modules {
        assert!(layer_of(m).is_some(), "`{m}` is not in the layer table of tests/layering.rs: place it in the stack");
    }

    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let me = relative.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if !modules.contains(&me) {
            continue; // main.rs and lib.rs sit above everything
        }
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests may reach anywhere.
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(&text);
        let root_file = relative.components().count() == 1 || relative.ends_with("mod.rs") && relative.components().count() == 2;
        let mut used: Vec<&str> = references(text, "crate::").collect();
        if root_file {
            used.extend(references(text, "super::"));
        }
        for other in used {
            if modules.contains(other) && other != me {
                edges.entry(me.clone()).or_default().insert(other.to_string());
            }
        }
    }

    let mut wrong = Vec::new();
    for (from, tos) in &edges {
        for to in tos {
            let (f, t) = (layer_of(from).unwrap(), layer_of(to).unwrap());
            if t >= f {
                wrong.push(format!("{from} (layer {f}) uses {to} (layer {t})"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports that go sideways or up the stack:\n{}", wrong.join("\n"));
    // The table is not vacuous: the stack is really used.
    assert!(edges.values().map(BTreeSet::len).sum::<usize>() >= 20, "{edges:?}");
}
