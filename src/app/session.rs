//! Keeping sessions: who is playing, beginning a kept session, and finding an unfinished one to
//! pick up again. The terminal and the window both begin sessions through [`begin`].

use std::path::Path;

use crate::engine::Mode;
use crate::store::{Kept, ResumeError, Resumed, Role, ScenarioRef, Store, StoreError};

/// The login name (Unix `USER`, Windows `USERNAME`), when there is one.
pub fn login_name() -> Option<String> {
    ["USER", "USERNAME"].iter().find_map(|v| std::env::var(v).ok()).filter(|n| !n.trim().is_empty())
}

/// Who is playing: the name given (trimmed), else the login name, else "trainee".
pub fn player_name(given: Option<&str>) -> String {
    given.map(str::trim).filter(|n| !n.is_empty()).map(str::to_string).or_else(login_name).unwrap_or_else(|| "trainee".into())
}

/// Who plays, and as what: a role given explicitly wins; otherwise screening makes a
/// candidate and practice a trainee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    /// The name sessions are kept under.
    pub name: String,
    /// Trainee or candidate, when given; otherwise it follows the mode.
    pub role: Option<Role>,
    /// An applicant-tracking or LMS id, kept for exports.
    pub external_id: Option<String>,
}

/// Begins keeping a session of `scenario`: the person (created with the role if new) and the
/// session itself, with the folder its spoken answers go to.
pub fn begin(store: &Store, who: &Player, scenario: &ScenarioRef, mode: Mode, seed: u64, answers: Option<&Path>) -> Result<Kept, StoreError> {
    let role = who.role.unwrap_or_else(|| Role::for_mode(mode));
    let person = store.person(&who.name, role, who.external_id.as_deref())?;
    let session = store.begin(&person, scenario, mode, seed, answers)?;
    Ok(Kept::new(session, 0))
}

/// An unfinished session rebuilt to where it stopped: session `id`, else `name`'s latest.
pub fn resume(store: &Store, name: &str, id: Option<i64>) -> Result<Resumed, ResumeError> {
    let stored = match id {
        Some(id) => store.session(id)?,
        None => store.last_incomplete(name)?.ok_or_else(|| ResumeError::NoneUnfinished { person: name.to_string() })?,
    };
    store.reopen(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_name_wins_and_a_blank_one_falls_back() {
        assert_eq!(player_name(Some("  Ann ")), "Ann");
        assert_eq!(player_name(Some("   ")), login_name().unwrap_or_else(|| "trainee".into()));
    }

    #[test]
    fn begin_keeps_the_person_with_the_mode_s_role_and_resume_finds_the_session() {
        let (_dir, store, loaded) = crate::app::scratch();
        let who = Player { name: "Cy".into(), role: None, external_id: Some("HR-7".into()) };
        let kept = begin(&store, &who, &ScenarioRef::of(&loaded), Mode::Screening, 3, None).unwrap();
        let stored = store.session(kept.session).unwrap();
        assert_eq!((stored.person.as_str(), stored.seed), ("Cy", 3));
        assert_eq!(store.sessions(Some("Cy")).unwrap().len(), 1);
        let resumed = resume(&store, "Cy", None).unwrap();
        assert_eq!(resumed.stored.id, kept.session);
        assert!(matches!(resume(&store, "Nobody", None), Err(ResumeError::NoneUnfinished { .. })));
    }
}
