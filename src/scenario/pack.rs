//! A pack is a folder of scenario files and their audio. The bundled one is `scenarios/`.

use std::path::{Path, PathBuf};

use super::load::{load_file, LoadedScenario};
use super::takes::TAKES_FILE;
use crate::diagnostic::Diagnostic;

/// The bundled pack: `./scenarios` when run from a checkout, else the one beside the sources
/// this binary was built from.
pub fn default_pack_dir() -> PathBuf {
    let here = PathBuf::from("scenarios");
    if here.is_dir() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Every `.ron` file under a folder (recursively: scenarios, test plans, the recordings
/// manifest), sorted so output is stable.
pub fn ron_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let p = entry?.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "ron") {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The scenario files a path names: the file itself, or every `.ron` file under a folder
/// (recursively, leaving out the recordings manifest and test plans), sorted so output is stable.
pub fn scenario_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        // Surface a missing file as the read error it is.
        std::fs::metadata(path)?;
        return Ok(vec![path.to_path_buf()]);
    }
    Ok(ron_files(path)?.into_iter().filter(|p| !p.ends_with(TAKES_FILE) && !super::plan::is_plan(p)).collect())
}

/// Loads every scenario a path names (a file, or a folder's `.ron` files); files that fail are
/// returned as diagnostics, not dropped silently, so a picker or the linter can say what is wrong.
pub fn load_pack(dir: &Path) -> (Vec<LoadedScenario>, Vec<Diagnostic>) {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    match scenario_files(dir) {
        Ok(files) => {
            for f in files {
                match load_file(&f) {
                    Ok(l) => loaded.push(l),
                    Err(e) => errors.push(e.into_diagnostic()),
                }
            }
        }
        Err(e) => errors.push(
            Diagnostic::new(crate::diagnostic::Code::C000, dir, format!("cannot read: {e}"))
                .with_help("give a scenario file (.ron) or a folder of them"),
        ),
    }
    (loaded, errors)
}
