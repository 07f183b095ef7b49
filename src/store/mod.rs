//! The results store: one SQLite file (rusqlite, bundled) with people, their sessions, every
//! turn as it happens, and reviews. Each turn is its own committed write, so a session killed at
//! any moment keeps every answer it scored and can be resumed by replaying them (the engine is
//! deterministic); a session without an end is listed as incomplete, never half-written.
//!
//! The file is in WAL mode: reports and `history` read while a session writes.

mod resume;
pub mod schema;

pub use resume::{ResumeError, Resumed};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::now_ms;
use crate::engine::{GivenAnswer, Mode, Response, Scores, Session, SessionResult, Turn};
use crate::scenario::LoadedScenario;

/// How long a connection waits for another writer (a report during a session) before failing.
const BUSY_WAIT: Duration = Duration::from_secs(5);

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create {}: {source}; choose another file with --db PATH", path.display())]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("the folder {} does not exist; create it first, or choose another file with --db PATH", path.display())]
    NoFolder { path: PathBuf },
    #[error("there is no results database at {} yet: sessions are kept there once someone plays; or name another file with --db PATH", path.display())]
    Missing { path: PathBuf },
    #[error("{} is not a cooldown results database; name the right file with --db PATH", path.display())]
    NotResults { path: PathBuf },
    #[error(
        "{} was written by an older cooldown (schema {found}; this one reads {known}); play once with this cooldown to upgrade it, then read it again",
        path.display()
    )]
    TooOld { path: PathBuf, found: u32, known: u32 },
    #[error("cannot open the results database {}: {source}; choose another file with --db PATH", path.display())]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error(
        "{} was written by a newer cooldown (schema {found}; this one knows up to {known}); update cooldown, or use another file with --db PATH",
        path.display()
    )]
    TooNew { path: PathBuf, found: u32, known: u32 },
    #[error("the results database failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("a stored answer is unreadable ({0}); the database was edited by hand or is damaged")]
    Corrupt(#[from] serde_json::Error),
    #[error("no session {0} in the results; `cooldown history` lists them")]
    NoSession(i64),
    #[error("session {session} has no turn {turn}; it has {turns}")]
    NoTurn { session: i64, turn: usize, turns: usize },
}

/// A reviewer's note on a session, or on one of its turns (a spoken answer nobody typed out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: i64,
    pub session: i64,
    /// 1-based; `None` for the session as a whole.
    pub turn: Option<usize>,
    pub reviewer: String,
    pub note: String,
    pub created_ms: i64,
}

/// Whether a person is training or being assessed for a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Trainee,
    Candidate,
}

impl Role {
    /// A new person's role when none is given: screening is for candidates, practice for trainees.
    pub fn for_mode(mode: Mode) -> Role {
        match mode {
            Mode::Practice => Role::Trainee,
            Mode::Screening => Role::Candidate,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Trainee => "trainee",
            Role::Candidate => "candidate",
        }
    }

    fn parse(s: &str) -> Role {
        if s == "candidate" { Role::Candidate } else { Role::Trainee }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub external_id: Option<String>,
}

/// Which exact scenario a session plays: enough to find and check it again on resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioRef {
    pub id: String,
    pub format: u32,
    /// [`LoadedScenario::content_hash`]: an edited file no longer matches.
    pub hash: String,
    pub path: PathBuf,
}

impl ScenarioRef {
    pub fn of(loaded: &LoadedScenario) -> ScenarioRef {
        ScenarioRef {
            id: loaded.scenario.id.clone(),
            format: loaded.scenario.format,
            hash: loaded.content_hash(),
            // Absolute, so `--resume` finds the file from any folder.
            path: std::fs::canonicalize(&loaded.source.path).unwrap_or_else(|_| loaded.source.path.clone()),
        }
    }
}

/// One session as listed in history and reports.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSession {
    pub id: i64,
    pub person: String,
    pub role: Role,
    pub scenario_id: String,
    pub scenario_hash: String,
    pub scenario_path: String,
    pub mode: Mode,
    pub seed: u64,
    pub started_ms: i64,
    /// `None` while (or because) the session never reached an ending.
    pub ended_ms: Option<i64>,
    pub outcome: Option<String>,
    pub scores: Scores,
    pub overall: Option<u8>,
    pub band: Option<String>,
    pub turns: usize,
    pub answers_dir: Option<String>,
    /// The person's id elsewhere (HR, LMS), when given.
    pub external_id: Option<String>,
}

impl StoredSession {
    pub fn is_complete(&self) -> bool {
        self.ended_ms.is_some()
    }
}

/// Switches the file to WAL (it stays so). Switching needs the file to itself for a moment and
/// SQLite does not wait for that through the busy timeout, so when another cooldown is opening
/// the same new file at this instant, try again for as long as the busy timeout would wait.
fn use_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + BUSY_WAIT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            done => return done,
        }
    }
}

/// A write-ahead journal left cut short (its length is not its header plus whole frames), as
/// a crash mid-write or a damaged disk leaves it: SQLite drops the cut frame and what follows.
/// Every answer cooldown acknowledged is in the database file already (it checkpoints after
/// each), so only a write nobody was told about can be lost; still it is said, not ignored,
/// and a copy of the journal is kept beside it. A journal that another process is writing can
/// look cut for an instant, so the finding must hold for a moment before it counts.
fn check_journal(db: &Path) -> Option<String> {
    let mut name = db.as_os_str().to_os_string();
    name.push("-wal");
    let wal = PathBuf::from(name);
    // Its length and header say it all: the rest of the file is not read.
    let look = || -> Option<(u64, [u8; 12])> {
        let mut file = std::fs::File::open(&wal).ok()?;
        let len = file.metadata().ok()?.len();
        let mut header = [0u8; 12];
        let got = std::io::Read::read(&mut file, &mut header).ok()?;
        header[got..].fill(0);
        Some((len, header))
    };
    let first = look()?;
    if !cut_short(first.0, &first.1) {
        return None;
    }
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(20));
        let again = look()?;
        if again != first || !cut_short(again.0, &again.1) {
            return None; // being written: not a crash's leftover
        }
    }
    let mut copy = wal.as_os_str().to_os_string();
    copy.push(format!(".damaged-{}", now_ms()));
    let copy = PathBuf::from(copy);
    let kept = match std::fs::copy(&wal, &copy) {
        Ok(_) => format!("a copy of it is kept as {}", copy.display()),
        Err(e) => format!("no copy of it could be kept ({e})"),
    };
    Some(format!(
        "the results database's journal {} was cut short (by a crash or a disk problem): what it held past the cut is dropped, \
         but every answer cooldown acknowledged is in the database itself; {kept}",
        wal.display()
    ))
}

/// Whether a journal of `len` bytes, starting with `header`, stops part-way through its
/// header or a frame.
fn cut_short(len: u64, header: &[u8; 12]) -> bool {
    const HEADER: u64 = 32;
    const FRAME_HEADER: u64 = 24;
    if len == 0 {
        return false;
    }
    let magic = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
    if len < HEADER || !matches!(magic, 0x377f_0682 | 0x377f_0683) {
        return true;
    }
    // Page sizes are powers of two from 512 to 65536 (stored as 1 for 65536).
    let page = match u32::from_be_bytes([header[8], header[9], header[10], header[11]]) {
        1 => 65_536,
        p => u64::from(p),
    };
    !(512..=65_536).contains(&page) || !page.is_power_of_two() || !(len - HEADER).is_multiple_of(FRAME_HEADER + page)
}

/// A path in an SQLite `file:` URI: `?` and `#` (and `%`) would end or change it, so they are
/// percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// An open results database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// What was found wrong on opening and should be said (a journal cut short).
    warning: Option<String>,
}

impl Store {
    /// `cooldown.db` in the user's data folder.
    pub fn default_path() -> PathBuf {
        crate::paths::data_dir().join("cooldown.db")
    }

    /// Opens the database at the default place, creating the data folder when missing (the
    /// one folder cooldown makes on its own).
    pub fn open_default() -> Result<Store, StoreError> {
        let path = Store::default_path();
        if let Some(dir) = path.parent() {
            crate::paths::create_private_dir(dir).map_err(|source| StoreError::Folder { path: dir.to_path_buf(), source })?;
        }
        Store::open(&path)
    }

    /// Opens for writing (creating the file when missing, never its folder) and migrates to
    /// the current schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
            return Err(StoreError::NoFolder { path: dir.to_path_buf() });
        }
        let warning = check_journal(path);
        let open = |source| StoreError::Open { path: path.to_path_buf(), source };
        let mut conn = Connection::open(path).map_err(open)?;
        // A writer and readers at once (a report during a session): WAL, and wait rather than fail.
        conn.busy_timeout(BUSY_WAIT).map_err(open)?;
        use_wal(&conn).map_err(open)?;
        // FULL: each commit is synced to disk before cooldown acknowledges the answer, so a
        // kept turn survives a crash of the machine, not only of the program (NORMAL would
        // only promise the latter in WAL mode).
        conn.pragma_update(None, "synchronous", "FULL").map_err(open)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(open)?;
        let found = schema::version(&conn).map_err(open)?;
        if found > schema::CURRENT {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found, known: schema::CURRENT });
        }
        schema::migrate_to(&mut conn, schema::CURRENT).map_err(open)?;
        Ok(Store { conn, path: path.to_path_buf(), warning })
    }

    /// Opens an existing database for reading (history, reports, the review listing): never
    /// creates it or its folder, never changes it, and works on a file the user may not write.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        let warning = check_journal(path);
        let open = |source| StoreError::Open { path: path.to_path_buf(), source };
        let read_only = |immutable: bool| {
            use rusqlite::OpenFlags;
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            // `immutable`: for a folder we cannot write, where SQLite cannot make the WAL's
            // shared-memory file; nobody can be writing there either.
            let uri = format!("file:{}?mode=ro{}", uri_path(path), if immutable { "&immutable=1" } else { "" });
            let conn = Connection::open_with_flags(uri, flags)?;
            conn.busy_timeout(BUSY_WAIT)?;
            schema::version(&conn).map(|found| (conn, found))
        };
        let cannot_share = |e: &rusqlite::Error| {
            matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly))
        };
        let (conn, found) = match read_only(false) {
            Err(e) if cannot_share(&e) => read_only(true),
            other => other,
        }
        .map_err(open)?;
        match found {
            0 => Err(StoreError::NotResults { path: path.to_path_buf() }),
            f if f > schema::CURRENT => Err(StoreError::TooNew { path: path.to_path_buf(), found: f, known: schema::CURRENT }),
            f if f < schema::CURRENT => Err(StoreError::TooOld { path: path.to_path_buf(), found: f, known: schema::CURRENT }),
            _ => Ok(Store { conn, path: path.to_path_buf(), warning }),
        }
    }

    /// Something found on opening that the user should hear about, though the store works.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The person called `name`, created with `role` if new (an existing person keeps theirs).
    pub fn person(&self, name: &str, role: Role, external_id: Option<&str>) -> Result<Person, StoreError> {
        self.conn.execute(
            "INSERT INTO people (name, role, external_id, created_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(name) DO UPDATE SET external_id = COALESCE(excluded.external_id, external_id)",
            params![name, role.as_str(), external_id, now_ms()],
        )?;
        Ok(self.conn.query_row("SELECT id, name, role, external_id FROM people WHERE name = ?1", [name], |r| {
            Ok(Person { id: r.get(0)?, name: r.get(1)?, role: Role::parse(&r.get::<_, String>(2)?), external_id: r.get(3)? })
        })?)
    }

    /// Records that `person` started a session; returns its id.
    pub fn begin(
        &self,
        person: &Person,
        scenario: &ScenarioRef,
        mode: Mode,
        seed: u64,
        answers_dir: Option<&Path>,
    ) -> Result<i64, StoreError> {
        self.conn.execute(
            "INSERT INTO sessions (person_id, scenario_id, scenario_format, scenario_hash, scenario_path, mode, seed, started_ms, answers_dir)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                person.id,
                scenario.id,
                scenario.format,
                scenario.hash,
                scenario.path.display().to_string(),
                mode.name(),
                seed as i64,
                now_ms(),
                answers_dir.map(|d| d.display().to_string()),
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        self.settle();
        Ok(id)
    }

    /// Keeps one scored answer (one committed write).
    pub fn add_turn(&self, session: i64, turn: &Turn, response: &Response) -> Result<(), StoreError> {
        let (kind, choice, text, audio, delivery) = match &turn.answer {
            GivenAnswer::Choice { index, text } => ("choice", Some(*index as i64), Some(text.as_str()), None, None),
            GivenAnswer::Text { text, .. } => ("text", None, Some(text.as_str()), None, None),
            GivenAnswer::Spoken { audio, transcript, delivery, .. } => ("spoken", None, transcript.as_deref(), Some(audio.as_str()), Some(delivery)),
        };
        let p = turn.points;
        self.conn.execute(
            "INSERT INTO turns (session_id, number, node_id, kind, choice, text, patience, empathy, clarification, resolution,
                                anger_before, anger_after, answered_ms, response_json, turn_json, audio, latency_s, talk_s, loudness_db)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            params![
                session,
                turn.number as i64,
                turn.node_id,
                kind,
                choice,
                text,
                p.patience,
                p.empathy,
                p.clarification,
                p.resolution,
                turn.anger_before,
                turn.anger_after,
                now_ms(),
                serde_json::to_string(response)?,
                serde_json::to_string(turn)?,
                audio,
                delivery.map(|d| f64::from(d.latency)),
                delivery.map(|d| f64::from(d.talk_time)),
                delivery.and_then(|d| d.loudness_db).map(f64::from),
            ],
        )?;
        self.settle();
        Ok(())
    }

    /// Moves what the journal holds into the database file itself and empties the journal, so
    /// a journal lost or damaged later (a killed player, a disk problem) loses no kept answer.
    /// A reader holding an old snapshot can keep part of it in the journal for now; that part
    /// is synced there already and goes in at the next turn.
    fn settle(&self) {
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }

    /// SQLite's own check of the whole file: "ok", or what is wrong.
    pub fn integrity(&self) -> Result<String, StoreError> {
        let lines: Vec<String> = self.conn.prepare("PRAGMA integrity_check")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(lines.join("; "))
    }

    /// Removes a session nobody answered in (left at the first question): nothing to resume,
    /// nothing to report. A session with any turn is never removed here.
    pub fn discard_if_empty(&self, session: i64) -> Result<bool, StoreError> {
        let removed = self.conn.execute(
            "DELETE FROM sessions WHERE id = ?1 AND ended_ms IS NULL
               AND NOT EXISTS (SELECT 1 FROM turns WHERE session_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM reviews WHERE session_id = ?1)",
            params![session],
        )?;
        Ok(removed > 0)
    }

    /// Marks the session ended with its result.
    pub fn finish(&self, session: i64, result: &SessionResult) -> Result<(), StoreError> {
        let s = result.scores;
        let changed = self.conn.execute(
            "UPDATE sessions SET ended_ms = ?2, outcome = ?3, ending_id = ?4, patience = ?5, empathy = ?6, clarification = ?7,
                                 resolution = ?8, overall = ?9, band = ?10, result_json = ?11
             WHERE id = ?1",
            params![
                session,
                now_ms(),
                format!("{:?}", result.outcome),
                result.ending_id,
                s.patience,
                s.empathy,
                s.clarification,
                s.resolution,
                result.overall,
                result.band.name(),
                serde_json::to_string(result)?,
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSession(session));
        }
        self.settle();
        Ok(())
    }

    /// Sessions, oldest first; only `person`'s when given.
    pub fn sessions(&self, person: Option<&str>) -> Result<Vec<StoredSession>, StoreError> {
        self.query_sessions(person, None)
    }

    pub fn session(&self, id: i64) -> Result<StoredSession, StoreError> {
        self.query_sessions(None, Some(id))?.pop().ok_or(StoreError::NoSession(id))
    }

    fn query_sessions(&self, person: Option<&str>, id: Option<i64>) -> Result<Vec<StoredSession>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, p.name, p.role, s.scenario_id, s.scenario_hash, s.scenario_path, s.mode, s.seed, s.started_ms, s.ended_ms,
                    s.outcome, s.patience, s.empathy, s.clarification, s.resolution, s.overall, s.band,
                    (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id), s.answers_dir, p.external_id
             FROM sessions s JOIN people p ON p.id = s.person_id
             WHERE (?1 IS NULL OR p.name = ?1) AND (?2 IS NULL OR s.id = ?2)
             ORDER BY s.started_ms, s.id",
        )?;
        let rows = stmt.query_map(params![person, id], |r| {
            Ok(StoredSession {
                id: r.get(0)?,
                person: r.get(1)?,
                role: Role::parse(&r.get::<_, String>(2)?),
                scenario_id: r.get(3)?,
                scenario_hash: r.get(4)?,
                scenario_path: r.get(5)?,
                // The schema allows only the two names, so anything else is Practice's default.
                mode: r.get::<_, String>(6)?.parse().unwrap_or_default(),
                seed: r.get::<_, i64>(7)? as u64,
                started_ms: r.get(8)?,
                ended_ms: r.get(9)?,
                outcome: r.get(10)?,
                scores: Scores { patience: r.get(11)?, empathy: r.get(12)?, clarification: r.get(13)?, resolution: r.get(14)? },
                overall: r.get(15)?,
                band: r.get(16)?,
                turns: r.get::<_, i64>(17)? as usize,
                answers_dir: r.get(18)?,
                external_id: r.get(19)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The answers of a session in order, to replay it.
    pub fn responses(&self, session: i64) -> Result<Vec<Response>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT response_json FROM turns WHERE session_id = ?1 ORDER BY number")?;
        let json: Vec<String> = stmt.query_map([session], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(json.iter().map(|j| serde_json::from_str(j)).collect::<Result<_, _>>()?)
    }

    /// The scored turns of a session, as the engine produced them.
    pub fn turns(&self, session: i64) -> Result<Vec<Turn>, StoreError> {
        Ok(self.timed_turns(session)?.into_iter().map(|(turn, _)| turn).collect())
    }

    /// The scored turns of a session with when each was answered (Unix ms), in order.
    pub fn timed_turns(&self, session: i64) -> Result<Vec<(Turn, i64)>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT turn_json, answered_ms FROM turns WHERE session_id = ?1 ORDER BY number")?;
        let rows: Vec<(String, i64)> = stmt.query_map([session], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        Ok(rows.into_iter().map(|(json, at)| Ok((serde_json::from_str(&json)?, at))).collect::<Result<_, serde_json::Error>>()?)
    }

    /// Adds a reviewer's note; the session (and the turn, when given) must exist.
    pub fn add_review(&self, session: i64, turn: Option<usize>, reviewer: &str, note: &str) -> Result<i64, StoreError> {
        let stored = self.session(session)?;
        if let Some(t) = turn.filter(|t| *t == 0 || *t > stored.turns) {
            return Err(StoreError::NoTurn { session, turn: t, turns: stored.turns });
        }
        self.conn.execute(
            "INSERT INTO reviews (session_id, turn_number, reviewer, note, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![session, turn.map(|t| t as i64), reviewer, note, now_ms()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// A session's reviews, oldest first.
    pub fn reviews(&self, session: i64) -> Result<Vec<Review>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, session_id, turn_number, reviewer, note, created_ms FROM reviews WHERE session_id = ?1 ORDER BY created_ms, id",
        )?;
        let rows = stmt.query_map([session], |r| {
            Ok(Review {
                id: r.get(0)?,
                session: r.get(1)?,
                turn: r.get::<_, Option<i64>>(2)?.map(|t| t as usize),
                reviewer: r.get(3)?,
                note: r.get(4)?,
                created_ms: r.get(5)?,
            })
        })?;
        let reviews = rows.collect::<Result<_, _>>()?;
        Ok(reviews)
    }

    /// The full result of an ended session (mood curve, every turn), as the engine gave it.
    pub fn result(&self, session: i64) -> Result<Option<SessionResult>, StoreError> {
        let json: Option<String> = self.conn.query_row("SELECT result_json FROM sessions WHERE id = ?1", [session], |r| r.get(0)).optional()?.flatten();
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// The newest unfinished session of `person`, if any.
    pub fn last_incomplete(&self, person: &str) -> Result<Option<StoredSession>, StoreError> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT s.id FROM sessions s JOIN people p ON p.id = s.person_id
                 WHERE p.name = ?1 AND s.ended_ms IS NULL ORDER BY s.started_ms DESC, s.id DESC LIMIT 1",
                [person],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.session(id)).transpose()
    }
}

/// How much of a session the store has: its id, how many turns are written, and whether its
/// result is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub session: i64,
    turns: usize,
    finished: bool,
}

impl Kept {
    /// A session begun with [`Store::begin`], or resumed with `turns` answers already stored.
    pub fn new(session: i64, turns: usize) -> Kept {
        Kept { session, turns, finished: false }
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

impl Store {
    /// Writes what `session` has and the store lacks: its new turns in order (one committed
    /// write each), then its result once it has one. Call it after every answer.
    pub fn sync(&self, kept: &mut Kept, session: &Session) -> Result<(), StoreError> {
        for (turn, response) in session.turns().iter().zip(session.responses()).skip(kept.turns) {
            self.add_turn(kept.session, turn, response)?;
            kept.turns += 1;
        }
        if let (Some(result), false) = (session.result(), kept.finished) {
            self.finish(kept.session, result)?;
            kept.finished = true;
        }
        Ok(())
    }
}

/// A store and the session being kept in it, for a player that owns both.
pub struct Keeping {
    pub store: Store,
    pub kept: Kept,
}

impl Keeping {
    pub fn sync(&mut self, session: &Session) -> Result<(), StoreError> {
        self.store.sync(&mut self.kept, session)
    }
}
