//! The review queue: what in a session waits for a reviewer (spoken answers nobody typed out),
//! the notes already written, and adding one.

use crate::engine::GivenAnswer;
use crate::store::{Review, Store, StoreError, StoredSession};

/// A turn waiting for a reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// 1-based turn number.
    pub turn: usize,
    /// The recording to listen to, for a spoken answer.
    pub audio: Option<String>,
}

/// One session as a reviewer sees it.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The session under review.
    pub session: StoredSession,
    /// How many answers it has.
    pub answers: usize,
    /// Turns that need a review and have none yet, in order.
    pub waiting: Vec<Waiting>,
    /// The notes reviewers have left, oldest first.
    pub reviews: Vec<Review>,
}

/// What session `id` holds for a reviewer.
pub fn sheet(store: &Store, id: i64) -> Result<Sheet, StoreError> {
    let session = store.session(id)?;
    let turns = store.turns(id)?;
    let reviews = store.reviews(id)?;
    let waiting = turns
        .iter()
        .filter(|t| t.answer.needs_review() && !reviews.iter().any(|r| r.turn == Some(t.number)))
        .map(|t| Waiting {
            turn: t.number,
            audio: match &t.answer {
                GivenAnswer::Spoken { audio, .. } => Some(audio.clone()),
                _ => None,
            },
        })
        .collect();
    Ok(Sheet { session, answers: turns.len(), waiting, reviews })
}

/// Adds a reviewer's note on a session or one of its turns; the reviewer is the name given,
/// else the login name, else "reviewer".
pub fn add_note(store: &Store, session: i64, turn: Option<usize>, reviewer: Option<&str>, note: &str) -> Result<i64, StoreError> {
    let reviewer = reviewer.map(str::to_string).or_else(super::session::login_name).unwrap_or_else(|| "reviewer".into());
    store.add_review(session, turn, &reviewer, note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{scratch, session, trainee};
    use crate::engine::{Mode, Response, Session};
    use crate::store::ScenarioRef;
    use std::sync::Arc;

    #[test]
    fn typed_answers_wait_for_nobody_and_a_note_is_kept_with_its_reviewer() {
        let (_dir, store, loaded) = scratch();
        let id = session::begin(&store, &trainee("Di"), &ScenarioRef::of(&loaded), Mode::Practice, 1, None).unwrap().session;
        let (mut session, _) = Session::start(Arc::new(loaded.scenario), 1, Mode::Practice).unwrap();
        session.respond(Response::Choice(0)).unwrap();
        store.add_turn(id, &session.turns()[0], &session.responses()[0]).unwrap();

        let before = sheet(&store, id).unwrap();
        assert_eq!((before.answers, before.waiting.len(), before.reviews.len()), (1, 0, 0));
        add_note(&store, id, Some(1), Some("Lead"), "Warm opening.").unwrap();
        let after = sheet(&store, id).unwrap();
        assert_eq!(after.reviews.len(), 1);
        assert_eq!((after.reviews[0].reviewer.as_str(), after.reviews[0].note.as_str(), after.reviews[0].turn), ("Lead", "Warm opening.", Some(1)));
        assert!(matches!(sheet(&store, id + 99), Err(StoreError::NoSession(_))));
    }
}
