//! The database schema as a list of migrations. `PRAGMA user_version` holds how many have
//! been applied; opening a database applies the rest, each in its own transaction, so a file
//! is always at one whole version. Never edit a released migration: add the next one.

use rusqlite::{Connection, TransactionBehavior};

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
];

/// The schema version this build writes.
pub const CURRENT: u32 = MIGRATIONS.len() as u32;

pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies migrations up to `target`, each atomically with its version bump.
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
