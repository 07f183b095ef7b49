//! A person's window settings, as JSON beside them (the app layer owns their shape).

use super::database::{read, Value};
use super::{text, Role, Store, StoreError};
use crate::clock::now_ms;

impl Store {
    /// The settings kept for the person called `name`, if any.
    pub fn settings_of(&self, name: &str) -> Result<Option<String>, StoreError> {
        let rows = self.query("SELECT s.settings_json FROM settings s JOIN people p ON p.id = s.person_id WHERE p.name = ?1", &[text(name)])?;
        rows.first().map(|r| read::text(r, 0)).transpose().map_err(Into::into)
    }

    /// Keeps settings for the person called `name` (added as a trainee when new).
    pub fn keep_settings(&self, name: &str, json: &str) -> Result<(), StoreError> {
        let person = self.person(name, Role::Trainee, None)?;
        let params = [Value::Int(person.id), text(json), Value::Int(now_ms())];
        self.idempotent(|db| {
            db.execute(
                "INSERT INTO settings (person_id, settings_json, updated_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (person_id) DO UPDATE SET settings_json = excluded.settings_json, updated_ms = excluded.updated_ms",
                &params,
            )
        })?;
        self.db.borrow_mut().settle();
        Ok(())
    }
}
