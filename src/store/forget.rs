//! Forgetting a person: everything kept about them, in one transaction (a person is forgotten
//! whole or not at all). SQLite overwrites what it deletes (`secure_delete`), so the words are
//! not left in free pages of the file either.

use super::database::{read, Value};
use super::{text, Store, StoreError};

/// What was deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Forgotten {
    /// Their sessions (with every turn).
    pub sessions: usize,
    /// Their answers.
    pub turns: usize,
    /// Reviews and ratings of their sessions.
    pub reviews: usize,
    /// Their invitations (with any self-identification).
    pub invitations: usize,
    /// The folders of their spoken answers, for the caller to delete.
    pub answer_folders: Vec<String>,
    /// Their invitation codes (sealed results are named by them).
    pub codes: Vec<String>,
}

/// Every table, and how a row in it belongs to the person `?1` (by name).
const BELONGS: [(&str, &str); 9] = [
    ("self_identification", "invitation IN (SELECT i.code FROM invitations i JOIN people p ON p.id = i.person_id WHERE p.name = ?1)"),
    ("reviews", "session_id IN (SELECT s.id FROM sessions s JOIN people p ON p.id = s.person_id WHERE p.name = ?1)"),
    ("ratings", "session_id IN (SELECT s.id FROM sessions s JOIN people p ON p.id = s.person_id WHERE p.name = ?1)"),
    ("observations", "session_id IN (SELECT s.id FROM sessions s JOIN people p ON p.id = s.person_id WHERE p.name = ?1)"),
    ("turns", "session_id IN (SELECT s.id FROM sessions s JOIN people p ON p.id = s.person_id WHERE p.name = ?1)"),
    ("sessions", "person_id IN (SELECT id FROM people WHERE name = ?1)"),
    ("settings", "person_id IN (SELECT id FROM people WHERE name = ?1)"),
    ("invitations", "person_id IN (SELECT id FROM people WHERE name = ?1)"),
    ("people", "name = ?1"),
];

impl Store {
    /// Deletes the person called `name` and everything kept about them; `None` when there is
    /// nobody of that name.
    pub fn forget(&self, name: &str) -> Result<Option<Forgotten>, StoreError> {
        let who = [text(name)];
        if self.query("SELECT id FROM people WHERE name = ?1", &who)?.is_empty() {
            return Ok(None);
        }
        let folders = self.query(
            "SELECT DISTINCT s.answers_dir FROM sessions s JOIN people p ON p.id = s.person_id WHERE p.name = ?1 AND s.answers_dir IS NOT NULL",
            &who,
        )?;
        let codes = self.query("SELECT i.code FROM invitations i JOIN people p ON p.id = i.person_id WHERE p.name = ?1", &who)?;
        let counts = self.transaction(|db| {
            BELONGS.iter().map(|(table, belongs)| Ok(db.execute(&format!("DELETE FROM {table} WHERE {belongs}"), &who)? as usize)).collect::<Result<Vec<_>, _>>()
        })?;
        let text_of = |rows: Vec<super::database::Row>| rows.iter().map(|r| read::text(r, 0)).collect::<Result<Vec<_>, _>>();
        Ok(Some(Forgotten {
            reviews: counts[1] + counts[2],
            turns: counts[4],
            sessions: counts[5],
            invitations: counts[7],
            answer_folders: text_of(folders)?,
            codes: text_of(codes)?,
        }))
    }

    /// How many rows of each table mention the person called `name`: what `forget` must
    /// leave at zero.
    pub fn traces(&self, name: &str) -> Result<Vec<(&'static str, usize)>, StoreError> {
        let mut out = Vec::new();
        for (table, belongs) in BELONGS {
            let rows = self.query(&format!("SELECT COUNT(*) FROM {table} WHERE {belongs}"), &[Value::Text(name.to_string())])?;
            out.push((table, rows.first().map(|r| read::small(r, 0)).transpose()?.unwrap_or(0)));
        }
        Ok(out)
    }
}
