//! Invitations to screening assessments: a one-time code per candidate, and the sessions the
//! candidate sits under it.

use std::path::Path;

use super::database::read;
use super::database::{Row, Value};
use super::{opt_int, text, Person, Role, ScenarioRef, Selection, Store, StoreError, StoredSession};
use crate::clock::now_ms;
use crate::engine::Mode;

/// Which exact assessment an invitation is for: enough to find and check it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRef {
    /// The assessment's id.
    pub id: String,
    /// A hash of its file when the invitation was made: an edited file no longer matches.
    pub hash: String,
    /// Its file.
    pub path: String,
}

/// One candidate's invitation.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    /// The one-time code the candidate enters.
    pub code: String,
    /// The assessment it is for.
    pub assessment: AssessmentRef,
    /// The candidate.
    pub person: Person,
    /// The seed of every session they sit.
    pub seed: u64,
    /// Their time factor (1.0 without an accommodation).
    pub extra_time: f32,
    /// When it was made (Unix ms).
    pub created_ms: i64,
    /// When the candidate first entered the code and accepted the notice.
    pub opened_ms: Option<i64>,
    /// When they finished the last scenario.
    pub finished_ms: Option<i64>,
}

const INVITATIONS: &str = "SELECT i.code, i.assessment_id, i.assessment_hash, i.assessment_path, p.id, p.name, p.role, p.external_id,
        i.seed, i.extra_time, i.created_ms, i.opened_ms, i.finished_ms
     FROM invitations i JOIN people p ON p.id = i.person_id";

fn invitation(r: &Row) -> Result<Invitation, StoreError> {
    Ok(Invitation {
        code: read::text(r, 0)?,
        assessment: AssessmentRef { id: read::text(r, 1)?, hash: read::text(r, 2)?, path: read::text(r, 3)? },
        person: Person { id: read::int(r, 4)?, name: read::text(r, 5)?, role: Role::parse(&read::text(r, 6)?), external_id: read::opt_text(r, 7)? },
        seed: read::int(r, 8)? as u64,
        extra_time: read::real(r, 9)? as f32,
        created_ms: read::int(r, 10)?,
        opened_ms: read::opt_int(r, 11)?,
        finished_ms: read::opt_int(r, 12)?,
    })
}

impl Store {
    /// Invites `person` to sit `assessment` with the one-time `code`.
    pub fn invite(&self, code: &str, assessment: &AssessmentRef, person: &Person, seed: u64, extra_time: f32) -> Result<Invitation, StoreError> {
        let params = [
            text(code),
            text(&assessment.id),
            text(&assessment.hash),
            text(&assessment.path),
            Value::Int(person.id),
            Value::Int(seed as i64),
            Value::Real(f64::from(extra_time)),
            Value::Int(now_ms()),
        ];
        self.idempotent(|db| {
            db.execute(
                "INSERT INTO invitations (code, assessment_id, assessment_hash, assessment_path, person_id, seed, extra_time, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (code) DO NOTHING",
                &params,
            )
        })?;
        self.invitation(code)?.ok_or_else(|| StoreError::Database(format!("invitation {code} was not kept")))
    }

    /// The invitation with this code, if there is one.
    pub fn invitation(&self, code: &str) -> Result<Option<Invitation>, StoreError> {
        let rows = self.query(&format!("{INVITATIONS} WHERE i.code = ?1"), &[text(code)])?;
        rows.first().map(invitation).transpose()
    }

    /// The invitations to an assessment, oldest first.
    pub fn invitations(&self, assessment_id: &str) -> Result<Vec<Invitation>, StoreError> {
        let rows = self.query(&format!("{INVITATIONS} WHERE i.assessment_id = ?1 ORDER BY i.created_ms, i.code"), &[text(assessment_id)])?;
        rows.iter().map(invitation).collect()
    }

    /// The invitations of the person called `name`, oldest first.
    pub fn invitations_of(&self, name: &str) -> Result<Vec<Invitation>, StoreError> {
        let rows = self.query(&format!("{INVITATIONS} WHERE p.name = ?1 ORDER BY i.created_ms, i.code"), &[text(name)])?;
        rows.iter().map(invitation).collect()
    }

    /// A candidate's self-identification answers under one invitation: (field, value).
    pub fn identification(&self, code: &str) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self.query("SELECT field, value FROM self_identification WHERE invitation = ?1 ORDER BY field", &[text(code)])?;
        rows.iter().map(|r| Ok((read::text(r, 0)?, read::text(r, 1)?))).collect()
    }

    /// Marks the invitation opened (the first time only) or finished.
    pub fn mark_invitation(&self, code: &str, finished: bool) -> Result<(), StoreError> {
        let column = if finished { "finished_ms" } else { "opened_ms" };
        let sql = format!("UPDATE invitations SET {column} = ?2 WHERE code = ?1 AND {column} IS NULL");
        self.idempotent(|db| db.execute(&sql, &[text(code), opt_int(Some(now_ms()))]))?;
        Ok(())
    }

    /// Begins a session of `scenario` sat under `invitation` (screening, the invitation's seed).
    pub fn begin_sitting(&self, invitation: &Invitation, scenario: &ScenarioRef, answers_dir: Option<&Path>) -> Result<i64, StoreError> {
        self.begin_under(Some(&invitation.code), &invitation.person, scenario, Mode::Screening, invitation.seed, answers_dir)
    }

    /// Keeps a candidate's voluntary answer to a self-identification question (replacing an
    /// earlier one). Kept apart: nothing that ranks or shows scores reads it.
    pub fn identify(&self, code: &str, field: &str, value: &str) -> Result<(), StoreError> {
        self.idempotent(|db| {
            db.execute(
                "INSERT INTO self_identification (invitation, field, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT (invitation, field) DO UPDATE SET value = excluded.value",
                &[text(code), text(field), text(value)],
            )
        })?;
        Ok(())
    }

    /// Every candidate's answer to `field` for an assessment, by invitation code; only for
    /// the adverse-impact check.
    pub fn identifications(&self, assessment_id: &str, field: &str) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self.query(
            "SELECT x.invitation, x.value FROM self_identification x JOIN invitations i ON i.code = x.invitation
             WHERE i.assessment_id = ?1 AND x.field = ?2 ORDER BY x.invitation",
            &[text(assessment_id), text(field)],
        )?;
        rows.iter().map(|r| Ok((read::text(r, 0)?, read::text(r, 1)?))).collect()
    }

    /// The sessions sat under an invitation, in the order they were begun.
    pub fn sitting(&self, code: &str) -> Result<Vec<StoredSession>, StoreError> {
        self.select(&Selection { invitation: Some(code.to_string()), ..Selection::default() })
    }
}
