//! Picking up an unfinished session: its scenario file, checked unchanged since the session
//! began, and its stored answers replayed through the deterministic engine. The terminal
//! (`play --resume`) and the window share it.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Kept, Store, StoreError, StoredSession};
use crate::engine::{EngineError, Session};
use crate::scenario::{self, LoadError};

/// An unfinished session, rebuilt to where it stopped.
pub struct Resumed {
    /// The session as listed.
    pub stored: StoredSession,
    /// The session after its stored answers: the next prompt is the one it stopped at.
    pub session: Session,
    /// What the store already has, for keeping the rest.
    pub kept: Kept,
}

/// Why a session cannot be picked up.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum ResumeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{person} has no unfinished session")]
    NoneUnfinished { person: String },
    #[error("session {id} already ended ({outcome}); start a new one with `cooldown play {}`", shell_word(scenario))]
    Ended { id: i64, outcome: String, scenario: PathBuf },
    /// The scenario file is gone or no longer loads; the load error says where and why.
    #[error("session {id} cannot go on: {source}")]
    Load { id: i64, source: LoadError },
    #[error(
        "{} changed since session {id} started, so its answers cannot be replayed exactly; play it afresh with `cooldown play {}`",
        path.display(), shell_word(path)
    )]
    Changed { id: i64, path: PathBuf },
    #[error("session {id} cannot be replayed: {source}")]
    Replay { id: i64, source: EngineError },
}

/// A path as one word for a shell command a user can paste: the scenario's own file, which
/// plays wherever it lives (its id alone would only be found in the pack it came from).
fn shell_word(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    if text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c)) {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

impl Store {
    /// Rebuilds `stored` (an unfinished session) from its scenario file and stored answers.
    pub fn reopen(&self, stored: StoredSession) -> Result<Resumed, ResumeError> {
        let id = stored.id;
        if stored.is_complete() {
            let outcome = stored.outcome.clone().unwrap_or_else(|| "ended".into());
            return Err(ResumeError::Ended { id, outcome, scenario: PathBuf::from(&stored.scenario_path) });
        }
        let responses = self.responses(id)?;
        let session = replay(&stored, &responses)?;
        let mut kept = Kept::new(id, responses.len());
        // A session stopped between its last answer and its result (the two are written one
        // after the other) replays to its end: the result is written now, so that nobody is
        // sent back into a call that is over (and a sitting moves on to its next call).
        self.sync(&mut kept, &session)?;
        Ok(Resumed { kept, stored, session })
    }
}

/// Session `stored` (ended or not) replayed through `responses` (its stored answers, or the
/// first of them), from its scenario file checked unchanged: what the trainee had heard when
/// they gave the next one.
pub fn replay(stored: &StoredSession, responses: &[crate::engine::Response]) -> Result<Session, ResumeError> {
    let id = stored.id;
    let path = PathBuf::from(&stored.scenario_path);
    let loaded = scenario::load_file(&path).map_err(|source| ResumeError::Load { id, source })?;
    if loaded.content_hash() != stored.scenario_hash {
        return Err(ResumeError::Changed { id, path });
    }
    Session::replay(Arc::new(loaded.scenario), stored.seed, stored.mode, responses).map_err(|source| ResumeError::Replay { id, source })
}
