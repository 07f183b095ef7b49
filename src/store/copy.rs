//! `cooldown db copy`: moves a team's results from one database to another (an SQLite file to
//! a new PostgreSQL database, above all) row for row, ids and times kept, so every report reads
//! the same afterwards. The copy is one transaction: it lands whole or not at all.

use super::database::{Database, DbError, Engine, Value};
use super::{Store, StoreError};

/// Each table with its columns, parents before children (the foreign keys hold at every row).
const TABLES: [(&str, &str); 9] = [
    ("people", "id, name, role, external_id, created_ms"),
    (
        "invitations",
        "code, assessment_id, assessment_hash, assessment_path, person_id, seed, extra_time, created_ms, opened_ms, finished_ms",
    ),
    (
        "sessions",
        "id, person_id, scenario_id, scenario_format, scenario_hash, scenario_path, mode, seed, started_ms, ended_ms, outcome, ending_id, \
         patience, empathy, clarification, resolution, overall, band, result_json, answers_dir, invitation, reviewed_json",
    ),
    (
        "turns",
        "session_id, number, node_id, kind, choice, text, patience, empathy, clarification, resolution, anger_before, anger_after, \
         answered_ms, response_json, turn_json, audio, latency_s, talk_s, loudness_db, transcribed_by",
    ),
    ("reviews", "id, session_id, turn_number, reviewer, note, created_ms"),
    ("self_identification", "invitation, field, value"),
    ("observations", "session_id, turn_number, kind, at_ms, amount"),
    ("settings", "person_id, settings_json, updated_ms"),
    ("ratings", "id, session_id, turn_number, reviewer, patience, empathy, clarification, resolution, comment, scale_json, lead, created_ms"),
];

/// How many rows of each kind were copied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Copied {
    /// People copied.
    pub people: usize,
    /// Invitations to assessments copied.
    pub invitations: usize,
    /// Sessions copied.
    pub sessions: usize,
    /// Turns copied.
    pub turns: usize,
    /// Reviews copied.
    pub reviews: usize,
    /// Reviewers' ratings copied.
    pub ratings: usize,
}

/// Copies everything in `from` into `to`, which must hold no sessions or people yet.
pub fn copy(from: &Store, to: &Store) -> Result<Copied, StoreError> {
    let held = to.query("SELECT (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM sessions)", &[])?;
    if held.first().and_then(|r| r.first()) != Some(&Value::Int(0)) {
        return Err(StoreError::NotEmpty { at: to.location().to_string() });
    }
    let mut source = from.db.borrow_mut();
    let mut target = to.db.borrow_mut();
    target.batch("BEGIN")?;
    match copy_rows(source.as_mut(), target.as_mut()) {
        Ok(copied) => {
            target.batch("COMMIT")?;
            target.settle();
            Ok(copied)
        }
        Err(e) => {
            // The connection may be gone with the error; then the server has rolled back already.
            let _ = target.batch("ROLLBACK");
            Err(e.into())
        }
    }
}

fn copy_rows(source: &mut dyn Database, target: &mut dyn Database) -> Result<Copied, DbError> {
    let mut counts = [0usize; 9];
    for (count, (table, columns)) in counts.iter_mut().zip(TABLES) {
        let order = match table {
            "turns" => "session_id, number",
            "invitations" => "code",
            "self_identification" => "invitation, field",
            "observations" => "session_id, at_ms, turn_number, kind",
            "settings" => "person_id",
            _ => "id",
        };
        let rows = source.query(&format!("SELECT {columns} FROM {table} ORDER BY {order}"), &[])?;
        let width = columns.split(',').count();
        let marks: Vec<String> = (1..=width).map(|i| format!("?{i}")).collect();
        let insert = format!("INSERT INTO {table} ({columns}) VALUES ({})", marks.join(", "));
        let text_column = columns.split(", ").position(|c| c == "text");
        for mut row in rows {
            // PostgreSQL's text cannot hold NUL; the answer stays exact in the turn's JSON.
            if let (Some(i), Engine::Postgres) = (text_column.filter(|_| table == "turns"), target.engine()) {
                if matches!(&row[i], Value::Text(t) if t.contains('\0')) {
                    row[i] = Value::Null;
                }
            }
            target.execute(&insert, &row)?;
            *count += 1;
        }
    }
    if target.engine() == Engine::Postgres {
        // Ids were given, not drawn: the next new row must be numbered after the copied ones.
        for table in ["people", "sessions", "reviews", "ratings"] {
            target.query(
                &format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"),
                &[],
            )?;
        }
    }
    let [people, invitations, sessions, turns, reviews, _identification, _observations, _settings, ratings] = counts;
    Ok(Copied { people, invitations, sessions, turns, reviews, ratings })
}
