//! What a screening player noticed while an answer was being given: a refused paste, time away
//! from the window, how fast an answer was typed. Kept beside the session, one row each, for
//! the integrity signals; never part of a score.

use super::database::{read, Row, Value};
use super::{text, Store, StoreError};
use crate::assessment::signals::Noticed;
use crate::clock::now_ms;

/// One thing noticed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// The answer it happened during (1-based: the turn being answered).
    pub turn: usize,
    /// What it was.
    pub what: Noticed,
    /// When (Unix ms).
    pub at_ms: i64,
}

/// The columns [`observation`] reads, session first.
pub(super) const SELECT: &str = "SELECT session_id, turn_number, kind, at_ms, amount FROM observations";

/// An observation from a row of [`SELECT`]; `None` for a kind a newer cooldown wrote.
pub(super) fn observation(r: &Row) -> Result<Option<Observation>, StoreError> {
    let (turn, at_ms, amount) = (read::int(r, 1)?.max(0) as usize, read::int(r, 3)?, read::real(r, 4)?);
    Ok(Noticed::from_kept(&read::text(r, 2)?, amount).map(|what| Observation { turn, what, at_ms }))
}

impl Store {
    /// Keeps something noticed while answer `turn` of `session` was being given. Kept once
    /// even when a dropped connection makes the store try again.
    pub fn observe(&self, session: i64, turn: usize, what: Noticed) -> Result<(), StoreError> {
        let params = [Value::Int(session), Value::Int(turn as i64), text(what.kind()), Value::Int(now_ms()), Value::Real(what.amount())];
        self.idempotent(|db| {
            db.execute(
                "INSERT INTO observations (session_id, turn_number, kind, at_ms, amount) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (session_id, turn_number, kind, at_ms) DO NOTHING",
                &params,
            )
        })?;
        Ok(())
    }

    /// Everything noticed in a session, in order.
    pub fn observations(&self, session: i64) -> Result<Vec<Observation>, StoreError> {
        let rows = self.query(&format!("{SELECT} WHERE session_id = ?1 ORDER BY at_ms"), &[Value::Int(session)])?;
        Ok(rows.iter().map(observation).collect::<Result<Vec<_>, _>>()?.into_iter().flatten().collect())
    }
}
