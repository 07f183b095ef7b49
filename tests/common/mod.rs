//! Helpers shared by the integration tests: load a bundled scenario, play a script.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cooldown::engine::{Event, Mode, Response, Session, SessionResult};
use cooldown::scenario::{load_file, Scenario};

pub fn pack_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// A bundled scenario by id (its file is `scenarios/<id>.ron`).
pub fn bundled(id: &str) -> Arc<Scenario> {
    let path = pack_dir().join(format!("{id}.ron"));
    Arc::new(load_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).scenario)
}

/// One scripted answer.
#[derive(Debug, Clone, Copy)]
pub enum Say {
    /// The authored choice with this 1-based number in the file, wherever it is shown.
    Pick(usize),
    /// A typed answer.
    Type(&'static str),
}

/// Plays a script to its end and returns the result; fails if the script ends early or late.
pub fn play(scenario: &Arc<Scenario>, seed: u64, mode: Mode, script: &[Say]) -> (SessionResult, Vec<Event>) {
    try_play(scenario, seed, mode, script).unwrap_or_else(|e| panic!("{e}"))
}

/// Like [`play`], but says what went wrong instead of panicking.
pub fn try_play(scenario: &Arc<Scenario>, seed: u64, mode: Mode, script: &[Say]) -> Result<(SessionResult, Vec<Event>), String> {
    let (mut session, mut events) = Session::start(Arc::clone(scenario), seed, mode).map_err(|e| e.to_string())?;
    for (i, say) in script.iter().enumerate() {
        if session.is_over() {
            let ending = &session.result().unwrap().ending_id;
            return Err(format!("session ended at `{ending}` after {i} answers, before {say:?}"));
        }
        let response = match *say {
            Say::Pick(n) => Response::Choice(shown_position(scenario, &session, n)?),
            Say::Type(text) => Response::Text(text.to_string()),
        };
        let more = session.respond(response).map_err(|e| format!("answer {} ({say:?}) refused: {e}", i + 1))?;
        events.extend(more);
    }
    match session.result() {
        Some(result) => Ok((result.clone(), events)),
        None => Err(format!("script ended but the session waits at {:?}", session.prompt().map(|p| &p.node_id))),
    }
}

/// Where the authored choice `n` (1-based) is shown in the current prompt.
fn shown_position(scenario: &Scenario, session: &Session, n: usize) -> Result<usize, String> {
    let prompt = session.prompt().ok_or("session does not wait for an answer")?;
    let node = scenario.node(&prompt.node_id).ok_or("prompt names no node")?;
    let choice = node.choices.get(n - 1).ok_or_else(|| format!("node `{}` has no choice {n}", node.id))?;
    prompt.choices.iter().position(|c| *c == choice.text).ok_or_else(|| "authored choice is not shown".to_string())
}
