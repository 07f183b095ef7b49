//! The database schema as a list of migrations, written once in SQL both engines take and given
//! to PostgreSQL in its column types ([`for_postgres`]). A database records how many have been
//! applied (SQLite: `PRAGMA user_version`; PostgreSQL: the table `cooldown_schema`); opening it
//! applies the rest, each in its own transaction, so a database is always at one whole version.
//! Never edit a released migration: add the next one.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Migration n (1-based) is `MIGRATIONS[n - 1]`.
pub const MIGRATIONS: &[&str] = &[
    // 1: people, sessions, turns, reviews.
    "CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('trainee', 'candidate')),
        external_id TEXT,
        created_ms INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        scenario_id TEXT NOT NULL,
        scenario_format INTEGER NOT NULL,
        scenario_hash TEXT NOT NULL,
        scenario_path TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('practice', 'screening')),
        seed INTEGER NOT NULL,
        started_ms INTEGER NOT NULL,
        ended_ms INTEGER,
        outcome TEXT,
        ending_id TEXT,
        patience INTEGER,
        empathy INTEGER,
        clarification INTEGER,
        resolution INTEGER,
        overall INTEGER,
        band TEXT,
        result_json TEXT
    );
    CREATE INDEX sessions_by_person ON sessions(person_id, started_ms);
    CREATE TABLE turns (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        node_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('choice', 'text', 'spoken')),
        choice INTEGER,
        text TEXT,
        patience INTEGER NOT NULL,
        empathy INTEGER NOT NULL,
        clarification INTEGER NOT NULL,
        resolution INTEGER NOT NULL,
        anger_before INTEGER NOT NULL,
        anger_after INTEGER NOT NULL,
        answered_ms INTEGER NOT NULL,
        response_json TEXT NOT NULL,
        turn_json TEXT NOT NULL,
        PRIMARY KEY (session_id, number)
    );
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        turn_number INTEGER,
        reviewer TEXT NOT NULL,
        note TEXT NOT NULL,
        created_ms INTEGER NOT NULL
    );",
    // 2: spoken answers: the recording and its measured delivery, and the session's folder of them.
    "ALTER TABLE turns ADD COLUMN audio TEXT;
    ALTER TABLE turns ADD COLUMN latency_s REAL;
    ALTER TABLE turns ADD COLUMN talk_s REAL;
    ALTER TABLE turns ADD COLUMN loudness_db REAL;
    ALTER TABLE sessions ADD COLUMN answers_dir TEXT;",
    // 3: screening assessments: one-time invitations, and the sessions sat under one.
    "CREATE TABLE invitations (
        code TEXT PRIMARY KEY,
        assessment_id TEXT NOT NULL,
        assessment_hash TEXT NOT NULL,
        assessment_path TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id),
        seed INTEGER NOT NULL,
        extra_time REAL NOT NULL,
        created_ms INTEGER NOT NULL,
        opened_ms INTEGER,
        finished_ms INTEGER
    );
    CREATE INDEX invitations_by_assessment ON invitations(assessment_id, person_id);
    ALTER TABLE sessions ADD COLUMN invitation TEXT REFERENCES invitations(code);",
    // 4: candidates' voluntary self-identification, kept apart from everything else, only for
    // checking an assessment for adverse impact.
    "CREATE TABLE self_identification (
        invitation TEXT NOT NULL REFERENCES invitations(code) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (invitation, field)
    );",
    // 5: what a screening player noticed while an answer was given (a refused paste, time away
    // from the window, typing speed): integrity signals, never proof.
    "CREATE TABLE observations (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        turn_number INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        amount REAL NOT NULL,
        PRIMARY KEY (session_id, turn_number, kind, at_ms)
    );",
    // 6: reviewers' ratings on the anchored scales (1-5 per dimension, blind, one per reviewer
    // and turn), the standing scores they give a session beside the automatic ones, and who
    // typed out a spoken answer's words.
    "CREATE TABLE ratings (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        turn_number INTEGER NOT NULL,
        reviewer TEXT NOT NULL,
        patience INTEGER CHECK (patience BETWEEN 1 AND 5),
        empathy INTEGER CHECK (empathy BETWEEN 1 AND 5),
        clarification INTEGER CHECK (clarification BETWEEN 1 AND 5),
        resolution INTEGER CHECK (resolution BETWEEN 1 AND 5),
        comment TEXT NOT NULL,
        scale_json TEXT NOT NULL,
        lead INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        UNIQUE (session_id, turn_number, reviewer)
    );
    ALTER TABLE sessions ADD COLUMN reviewed_json TEXT;
    ALTER TABLE turns ADD COLUMN transcribed_by TEXT;",
    // 7: each person's window settings (text size, caption speed, reduced motion, contrast).
    "CREATE TABLE settings (
        person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
        settings_json TEXT NOT NULL,
        updated_ms INTEGER NOT NULL
    );",
];

/// A migration in PostgreSQL's types: each whole number a BIGINT (the store reads and writes
/// 64-bit integers, and PostgreSQL will not pass one as a 32-bit INTEGER), each real a DOUBLE
/// PRECISION, and an `INTEGER PRIMARY KEY` (SQLite's row id) an identity column. Everything else
/// in the migrations is SQL both engines take, so each is written once.
pub fn for_postgres(step: &str) -> String {
    let step = step.replace("INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    let mut out = String::with_capacity(step.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(match word.as_str() {
            "INTEGER" => "BIGINT",
            "REAL" => "DOUBLE PRECISION",
            w => w,
        });
        word.clear();
    };
    for c in step.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The schema version this build writes.
pub const CURRENT: u32 = MIGRATIONS.len() as u32;


/// Whether a database found at schema `found` can be read by this build without changing it.
pub fn check_readable(at: &str, found: u32) -> Result<(), StoreError> {
    let at = at.to_string();
    match found {
        0 => Err(StoreError::NotResults { at }),
        f if f > CURRENT => Err(StoreError::TooNew { at, found: f, known: CURRENT }),
        f if f < CURRENT => Err(StoreError::TooOld { at, found: f, known: CURRENT }),
        _ => Ok(()),
    }
}

/// The schema version of an SQLite database (0: not a cooldown database yet).
pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies SQLite migrations up to `target`, each atomically with its version bump.
///
/// Another cooldown may be opening the same file at this moment, so each step takes the write
/// lock first (`BEGIN IMMEDIATE`) and reads the version under it: whoever comes second finds
/// the step done and skips it, rather than applying it twice.
pub fn migrate_to(conn: &mut Connection, target: u32) -> rusqlite::Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = version(&tx)?;
        if at >= target {
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[at as usize])?;
        tx.pragma_update(None, "user_version", at + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_gets_its_own_column_types_and_nothing_else_changes() {
        let sql = "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, real_one REAL, interval_s INTEGER);";
        assert_eq!(
            for_postgres(sql),
            "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT NOT NULL, real_one DOUBLE PRECISION, interval_s BIGINT);"
        );
        for step in MIGRATIONS {
            let pg = for_postgres(step);
            let words: Vec<&str> = pg.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').collect();
            assert!(!words.contains(&"INTEGER") && !words.contains(&"REAL"), "{pg}");
        }
    }
}
