//! `cooldown new ID`: a commented scenario and its test plan to start from, which lint clean and
//! pass as written, so a trainer edits something that works instead of a blank page.

use std::path::{Path, PathBuf};

const SCENARIO: &str = include_str!("../../assets/scaffold/scenario.ron");
const PLAN: &str = include_str!("../../assets/scaffold/scenario.plan.ron");

/// Why no scaffold was written.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum ScaffoldError {
    #[error("`{0}` is not a usable id: use letters, digits, `-` and `_` only, e.g. `double-charge`")]
    BadId(String),
    #[error("{} already exists; pick another id, or edit that file", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// Writes `ID.ron` and `ID.plan.ron` into `dir`; never over an existing file.
pub fn new_scenario(dir: &Path, id: &str) -> Result<[PathBuf; 2], ScaffoldError> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(ScaffoldError::BadId(id.to_string()));
    }
    let scenario = dir.join(format!("{id}.ron"));
    let plan = crate::scenario::plan::plan_of(&scenario);
    if let Some(there) = [&scenario, &plan].into_iter().find(|p| p.exists()) {
        return Err(ScaffoldError::Exists(there.clone()));
    }
    for (path, text) in [(&scenario, SCENARIO), (&plan, PLAN)] {
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(dir)?;
            // `create_new`: a file that appeared meanwhile is still never overwritten.
            use std::io::Write;
            std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(text.replace("{id}", id).as_bytes())
        };
        write().map_err(|source| ScaffoldError::Write { path: path.clone(), source })?;
    }
    Ok([scenario, plan])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn the_scaffold_lints_clean_and_its_plan_passes() {
        let dir = tempfile::tempdir().unwrap();
        let [scenario, plan] = new_scenario(dir.path(), "double-charge").unwrap();
        let findings = super::super::lint::lint_paths(&[dir.path().to_path_buf()]);
        // Only the lines' missing recordings are left to do.
        assert!(findings.iter().all(|d| d.code == Code::C017), "{findings:#?}");
        let run = super::super::plan::run(std::slice::from_ref(&scenario));
        assert!(run.passed() && run.checked.len() == 2, "{}", run.to_text(false));
        assert!(std::fs::read_to_string(&plan).unwrap().contains("double-charge.ron"));
        assert!(matches!(new_scenario(dir.path(), "double-charge"), Err(ScaffoldError::Exists(_))));
        assert!(matches!(new_scenario(dir.path(), "café"), Err(ScaffoldError::BadId(_))));
    }
}
