//! Reviewers' ratings of answers on the anchored scales: one row per reviewer and turn, levels
//! 1-5 on the dimensions they rated, a comment, and the question's scale at the time (so the
//! consensus maps to points without the scenario file). A session's standing scores, once
//! reviewers have rated some of its turns, are written beside its automatic ones.

use super::database::{read, Row, Value};
use super::{text, Selection, Store, StoreError, SELECTED};
use crate::clock::now_ms;
use crate::engine::{Response, Reviewed, SessionResult, Turn};
use crate::scoring::scales::Scale;
use crate::vocab::Dimension;

/// One reviewer's rating of one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// The rating's own id.
    pub id: i64,
    /// The session rated.
    pub session: i64,
    /// The turn rated (1-based).
    pub turn: usize,
    /// Who rated.
    pub reviewer: String,
    /// Levels 1-5 per dimension, in [`Dimension::ALL`] order; `None` where not rated.
    pub levels: [Option<u8>; 4],
    /// What they wrote, exactly as written.
    pub comment: String,
    /// What the question's answers could earn and cost when it was rated.
    pub scale: Scale,
    /// A lead reviewer's rating: the reference new reviewers calibrate against.
    pub lead: bool,
    /// When (Unix ms).
    pub created_ms: i64,
}

impl Rating {
    /// The level given on `d`, if rated.
    pub fn level(&self, d: Dimension) -> Option<u8> {
        self.levels[d.index()]
    }
}

/// A rating to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRating<'a> {
    /// The session.
    pub session: i64,
    /// The turn (1-based).
    pub turn: usize,
    /// Who rates.
    pub reviewer: &'a str,
    /// Levels 1-5 per dimension, in [`Dimension::ALL`] order.
    pub levels: [Option<u8>; 4],
    /// Their comment (may be empty).
    pub comment: &'a str,
    /// The question's scale.
    pub scale: Scale,
    /// Whether the reviewer is a lead (their ratings form the calibration set).
    pub lead: bool,
}

const COLUMNS: &str = "r.id, r.session_id, r.turn_number, r.reviewer, r.patience, r.empathy, r.clarification, r.resolution, r.comment, r.scale_json, r.lead, r.created_ms";

fn rating(r: &Row) -> Result<Rating, StoreError> {
    let level = |i: usize| read::opt_small(r, i);
    Ok(Rating {
        id: read::int(r, 0)?,
        session: read::int(r, 1)?,
        turn: read::small(r, 2)?,
        reviewer: read::text(r, 3)?,
        levels: [level(4)?, level(5)?, level(6)?, level(7)?],
        comment: read::text(r, 8)?,
        scale: serde_json::from_str(&read::text(r, 9)?)?,
        lead: read::int(r, 10)? != 0,
        created_ms: read::int(r, 11)?,
    })
}

impl Store {
    /// Keeps a rating. A reviewer rates a turn once: after submitting they have seen the
    /// automatic score and the others' ratings, so a second rating would not be blind.
    pub fn rate(&self, new: &NewRating<'_>) -> Result<i64, StoreError> {
        let stored = self.session(new.session)?;
        if new.turn == 0 || new.turn > stored.turns {
            return Err(StoreError::NoTurn { session: new.session, turn: new.turn, turns: stored.turns });
        }
        let level = |l: Option<u8>| l.map_or(Value::Null, |l| Value::Int(l.into()));
        let params = [
            Value::Int(new.session),
            Value::Int(new.turn as i64),
            text(new.reviewer),
            level(new.levels[0]),
            level(new.levels[1]),
            level(new.levels[2]),
            level(new.levels[3]),
            text(new.comment),
            Value::Text(serde_json::to_string(&new.scale)?),
            Value::Int(new.lead.into()),
            Value::Int(now_ms()),
        ];
        let rows = self.idempotent(|db| {
            db.query(
                "INSERT INTO ratings (session_id, turn_number, reviewer, patience, empathy, clarification, resolution, comment, scale_json, lead, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (session_id, turn_number, reviewer) DO NOTHING RETURNING id",
                &params,
            )
        })?;
        match rows.first() {
            Some(r) => Ok(read::int(r, 0)?),
            None => Err(StoreError::AlreadyRated { session: new.session, turn: new.turn, reviewer: new.reviewer.to_string() }),
        }
    }

    /// The ratings of the sessions `which` selects, by session, turn and time.
    pub fn ratings(&self, which: &Selection) -> Result<Vec<Rating>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM ratings r WHERE r.session_id IN (SELECT s.id FROM sessions s JOIN people p ON p.id = s.person_id WHERE {SELECTED})
             ORDER BY r.session_id, r.turn_number, r.created_ms, r.id"
        );
        self.query(&sql, &which.params())?.iter().map(rating).collect()
    }

    /// Writes the standing scores of a session its reviewers give (or, with `None`, none
    /// stand and the automatic ones are back): the score columns every listing reads hold
    /// what stands, and the automatic result stays whole in the session's result.
    pub fn set_reviewed(&self, session: i64, automatic: &SessionResult, reviewed: Option<&Reviewed>) -> Result<(), StoreError> {
        let (scores, overall, band) = match reviewed {
            Some(r) => (r.scores, r.overall, r.band),
            None => (automatic.scores, automatic.overall, automatic.band),
        };
        let score = |v: Option<u8>| v.map_or(Value::Null, |v| Value::Int(v.into()));
        let params = [
            Value::Int(session),
            score(scores.patience),
            score(scores.empathy),
            score(scores.clarification),
            score(scores.resolution),
            Value::Int(overall.into()),
            text(band.name()),
            reviewed.map(serde_json::to_string).transpose()?.map_or(Value::Null, Value::Text),
        ];
        self.idempotent(|db| {
            db.execute(
                "UPDATE sessions SET patience = ?2, empathy = ?3, clarification = ?4, resolution = ?5, overall = ?6, band = ?7, reviewed_json = ?8
                 WHERE id = ?1",
                &params,
            )
        })?;
        self.db.borrow_mut().settle();
        Ok(())
    }

    /// Keeps the words of a spoken answer as someone typed them out, with the turn scored
    /// again on them and, for an ended session, its result; in one transaction.
    pub fn transcribe(&self, session: i64, turn: &Turn, response: &Response, by: &str, result: Option<&SessionResult>) -> Result<(), StoreError> {
        let p = turn.points;
        let turn_params = [
            Value::Int(session),
            Value::Int(turn.number as i64),
            self.readable_words(Some(turn.answer.text())),
            Value::Int(p.patience.into()),
            Value::Int(p.empathy.into()),
            Value::Int(p.clarification.into()),
            Value::Int(p.resolution.into()),
            Value::Text(serde_json::to_string(response)?),
            Value::Text(serde_json::to_string(turn)?),
            text(by),
        ];
        let result_json = result.map(serde_json::to_string).transpose()?;
        self.transaction(|db| {
            db.execute(
                "UPDATE turns SET text = ?3, patience = ?4, empathy = ?5, clarification = ?6, resolution = ?7, response_json = ?8, turn_json = ?9,
                                  transcribed_by = ?10
                 WHERE session_id = ?1 AND number = ?2",
                &turn_params,
            )?;
            if let Some(json) = result_json {
                db.execute("UPDATE sessions SET result_json = ?2 WHERE id = ?1", &[Value::Int(session), Value::Text(json)])?;
            }
            Ok(())
        })
    }
}
