//! The use cases that the command line, the terminal player and the window share, each written
//! once here: they take and return typed values and errors, and each front end words them its
//! own way (the CLI adds its commands as advice, the window shows them on the picker).

pub mod agreement;
pub mod assess;
pub mod calibrate;
pub mod explore;
pub mod export;
pub mod keys;
pub mod lint;
pub mod pack;
pub mod plan;
pub mod privacy;
pub mod results;
pub mod review;
pub mod scaffold;
pub mod script;
pub mod sealed;
pub mod session;
pub mod settings;
pub mod walk;

/// For the use cases' tests: a scratch results database (kept while the folder lives) and the
/// bundled late-gift scenario.
#[cfg(test)]
fn scratch() -> (tempfile::TempDir, crate::store::Store, crate::scenario::LoadedScenario) {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(&dir.path().join("r.db")).unwrap();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/late-gift.ron");
    (dir, store, crate::scenario::load_file(&file).unwrap())
}

/// A trainee called `name`, as the tests begin sessions for.
#[cfg(test)]
fn trainee(name: &str) -> session::Player {
    session::Player { name: name.into(), role: None, external_id: None }
}
