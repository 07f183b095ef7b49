//! Opening scenarios to play: a pack folder, or one scenario named by file or id, and the lint
//! gate that keeps a scenario with errors from reaching a trainee (who would hit a dead end
//! mid-call).

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::scenario::{self, lint, pack, LoadError, LoadedScenario};

/// A pack folder's scenarios: those fit to play, and what is wrong with the rest.
#[derive(Debug, Default)]
pub struct OpenPack {
    /// The pack's folder.
    pub dir: PathBuf,
    /// Scenarios that load and lint without errors, in the pack's order.
    pub playable: Vec<LoadedScenario>,
    /// Files that do not load, and the lint errors of those that do but cannot be played.
    pub problems: Vec<Diagnostic>,
}

/// Why a scenario cannot be played.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum OpenError {
    /// The file does not load; the diagnostic says where and why.
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("no scenario `{name}` in {}.{} Scenarios there: {}", dir.display(), suggestion.as_ref().map_or(String::new(), |s| format!(" Did you mean `{s}`?")), ids.join(", "))]
    NotInPack { name: String, dir: PathBuf, suggestion: Option<String>, ids: Vec<String> },
    /// It loads but has lint errors (each in `findings`).
    #[error("{} has errors; fix them before playing", path.display())]
    HasErrors { path: PathBuf, findings: Vec<Diagnostic> },
}

/// Loads every scenario of a pack folder and keeps those without lint errors.
pub fn open_pack(dir: &Path) -> OpenPack {
    let (loaded, errors) = pack::load_pack(dir);
    let mut open = OpenPack { dir: dir.to_path_buf(), problems: errors, playable: Vec::new() };
    for l in loaded {
        let findings = lint_errors(&l);
        if findings.is_empty() {
            open.playable.push(l);
        } else {
            open.problems.extend(findings);
        }
    }
    open
}

fn lint_errors(loaded: &LoadedScenario) -> Vec<Diagnostic> {
    lint::lint_scenario(loaded).into_iter().filter(Diagnostic::is_error).collect()
}

/// A scenario named by the user: a `.ron` file (or any existing file), else a scenario id in
/// the pack at `dir`. Not linted; see [`playable`].
pub fn find_scenario(dir: &Path, name: &str) -> Result<LoadedScenario, OpenError> {
    let path = Path::new(name);
    if path.extension().is_some_and(|e| e == "ron") || path.is_file() {
        return Ok(scenario::load_file(path)?);
    }
    let (scenarios, _) = pack::load_pack(dir);
    let ids: Vec<String> = scenarios.iter().map(|s| s.scenario.id.clone()).collect();
    scenarios.into_iter().find(|s| s.scenario.id == name).ok_or_else(|| OpenError::NotInPack {
        name: name.to_string(),
        dir: dir.to_path_buf(),
        suggestion: scenario::closest(name, ids.iter().map(String::as_str)).map(str::to_string),
        ids,
    })
}

/// The lint gate: the scenario back if it has no lint errors, else the errors.
pub fn playable(loaded: LoadedScenario) -> Result<LoadedScenario, OpenError> {
    let findings = lint_errors(&loaded);
    if findings.is_empty() {
        Ok(loaded)
    } else {
        Err(OpenError::HasErrors { path: loaded.source.path.clone(), findings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
    }

    #[test]
    fn the_bundled_pack_is_all_playable() {
        let open = open_pack(&bundled());
        assert_eq!(open.playable.len(), 6);
        assert!(open.problems.is_empty(), "{:?}", open.problems);
    }

    #[test]
    fn a_scenario_is_found_by_id_or_file_and_a_typo_gets_a_suggestion() {
        assert_eq!(find_scenario(&bundled(), "late-gift").unwrap().scenario.id, "late-gift");
        let file = bundled().join("callback.ron");
        assert_eq!(find_scenario(&bundled(), file.to_str().unwrap()).unwrap().scenario.id, "callback");
        let err = find_scenario(&bundled(), "late-gif").unwrap_err();
        assert!(matches!(&err, OpenError::NotInPack { suggestion: Some(s), .. } if s == "late-gift"), "{err}");
    }

    #[test]
    fn the_lint_gate_refuses_a_scenario_with_errors() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint/C020-call-cannot-end.ron");
        let loaded = crate::scenario::load_file(&fixture).unwrap();
        match playable(loaded) {
            Err(OpenError::HasErrors { findings, .. }) => assert!(findings.iter().any(|d| d.code == crate::diagnostic::Code::C020)),
            other => panic!("played a scenario that cannot end: {:?}", other.map(|l| l.scenario.id)),
        }
    }
}
