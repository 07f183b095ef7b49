//! `cooldown lint` over scenarios and assessments alike: each file is checked as what it holds,
//! and findings come back in one stable order.

use std::path::{Path, PathBuf};

use crate::assessment;
use crate::diagnostic::Diagnostic;
use crate::scenario::{lint, pack};
use crate::scoring::scales;

/// Whether the file at `path` holds an assessment.
fn holds_assessment(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| assessment::is_assessment(&text))
}

/// The text of `path` when it is a rating scales file.
fn scales_text(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok().filter(|text| scales::is_scales(text))
}

/// Lints files and folders: an assessment file as an assessment, a rating scales file as
/// scales, a test plan as a plan (it must read; `cooldown test` runs it), anything else as
/// scenarios (a folder of assessments checks each of them; any other folder is a pack, and its
/// plans are read too).
pub fn lint_paths(paths: &[PathBuf]) -> Vec<Diagnostic> {
    let mut scenarios = Vec::new();
    let mut out = Vec::new();
    for path in paths {
        for plan in super::plan::plan_files(path).into_iter().filter(|p| path.is_dir() || p == path) {
            if let Err(d) = crate::scenario::plan::load_plan(&plan) {
                out.push(*d);
            }
        }
        if crate::scenario::plan::is_plan(path) {
            continue;
        }
        if let Some(text) = scales_text(path) {
            out.extend(scales::lint_str(path, &text));
            continue;
        }
        let files = pack::scenario_files(path).unwrap_or_default();
        let assessments: Vec<&PathBuf> = files.iter().filter(|f| holds_assessment(f)).collect();
        if !assessments.is_empty() && assessments.len() == files.len() {
            for file in assessments {
                out.extend(assessment::lint(file));
            }
        } else {
            scenarios.push(path.clone());
        }
    }
    if !scenarios.is_empty() {
        out.extend(lint::lint_paths(&scenarios));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assessments_and_scenarios_are_each_checked_as_what_they_are() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let clean = lint_paths(&[root.join("assessments"), root.join("scenarios"), root.join("assessments/support-agent.ron")]);
        assert!(clean.iter().all(|d| !d.is_error()), "{clean:#?}");
        let dir = tempfile::tempdir().unwrap();
        let broken = std::fs::read_to_string(root.join("assessments/support-agent.ron")).unwrap().replace("\"../scenarios\"", "\"nowhere\"");
        std::fs::write(dir.path().join("a.ron"), broken).unwrap();
        let found = lint_paths(&[dir.path().to_path_buf()]);
        assert!(found.iter().any(|d| d.code == crate::diagnostic::Code::A001), "{found:#?}");
        assert!(lint_paths(&[root.join("assets/scales.ron")]).is_empty());
        std::fs::write(dir.path().join("scales.ron"), "RatingScales(format: 1, scales: {})").unwrap();
        let found = lint_paths(&[dir.path().join("scales.ron")]);
        assert_eq!(found.len(), 4, "one finding per dimension without a scale: {found:#?}");
    }
}
