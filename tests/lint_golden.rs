//! Golden output of the linter on broken fixtures: one fixture per code, in
//! `tests/fixtures/lint/CODE-what.ron` (or a folder, for pack-wide codes), with the exact
//! human output beside it in `CODE-what.expected`. Run with `UPDATE_GOLDEN=1` to rewrite the
//! expected files after an intended change, then review the diff.

use std::path::{Path, PathBuf};

use cooldown::diagnostic::Code;
use cooldown::app::lint::lint_paths;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new("tests/fixtures/lint");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "ron"))
        .collect();
    out.sort();
    out
}

fn code_of(fixture: &Path) -> Code {
    let name = fixture.file_name().unwrap().to_str().unwrap();
    name.split('-').next().unwrap().parse().unwrap()
}

#[test]
fn lint_output_matches_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for fixture in fixtures() {
        let diagnostics = lint_paths(std::slice::from_ref(&fixture));
        let rendered: String = diagnostics.iter().map(|d| d.render(false)).collect();
        let golden = fixture.with_extension("expected");
        if update {
            std::fs::write(&golden, &rendered).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1", golden.display()));
        if rendered != expected {
            mismatches.push(format!("── {} ──\n{rendered}", fixture.display()));
        }
    }
    assert!(mismatches.is_empty(), "lint output changed:\n{}", mismatches.join("\n"));
}

#[test]
fn every_fixture_reports_its_own_code_with_a_position() {
    for fixture in fixtures() {
        let code = code_of(&fixture);
        let diagnostics = lint_paths(std::slice::from_ref(&fixture));
        let found = diagnostics.iter().find(|d| d.code == code);
        let found = found.unwrap_or_else(|| panic!("{}: no {code} in {diagnostics:#?}", fixture.display()));
        let position = found.position();
        let parts: Vec<&str> = position.rsplitn(3, ':').collect();
        assert_eq!(parts.len(), 3, "{}: `{position}` has file:line:col", fixture.display());
        assert!(parts[0].parse::<usize>().is_ok() && parts[1].parse::<usize>().is_ok(), "{position}");
    }
}

#[test]
fn there_is_a_fixture_for_every_code() {
    let covered: Vec<Code> = fixtures().iter().map(|f| code_of(f)).collect();
    for code in Code::ALL {
        assert!(covered.contains(&code), "no fixture for {code}");
    }
}
