//! The results store: people, their sessions, every turn as it happens, and reviews, in an
//! SQLite file (the default, [`sqlite`]) or on a PostgreSQL server shared by many machines
//! ([`postgres`], `--db postgres://...`). Each turn is its own committed write, so a session
//! killed at any moment keeps every answer it scored and can be resumed by replaying them (the
//! engine is deterministic); a session without an end is listed as incomplete, never
//! half-written.
//!
//! The statements are written once, here, in SQL both engines take; [`database::Database`] is
//! the seam a backend fills.

mod copy;
pub mod database;
mod forget;
mod invitations;
mod location;
mod observations;
mod ratings;
#[cfg(feature = "postgres")]
mod postgres;
mod resume;
mod settings;
pub mod schema;
mod sqlite;

pub use copy::{copy, Copied};
pub use forget::Forgotten;
pub use invitations::{AssessmentRef, Invitation};
pub use location::Location;
pub use observations::Observation;
pub use ratings::{NewRating, Rating};
pub use resume::{replay, ResumeError, Resumed};

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use database::read::{self, Unexpected};
use database::{Database, DbError, Engine, Row, Value};

use crate::clock::now_ms;
use crate::engine::{GivenAnswer, Mode, Response, Scores, Session, SessionResult, Spoken, Turn};
use crate::scenario::LoadedScenario;

/// Why the store could not do what was asked. `at` names the database: a file's path, or a
/// server's URL without its password.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum StoreError {
    #[error("cannot create {}: {source}; choose another file with --db PATH", path.display())]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("the folder {} does not exist; create it first, or choose another file with --db PATH", path.display())]
    NoFolder { path: PathBuf },
    #[error("there is no results database at {at} yet: sessions are kept there once someone plays; or name another file with --db PATH")]
    Missing { at: String },
    #[error("{at} is not a cooldown results database; name the right file with --db PATH")]
    NotResults { at: String },
    #[error("{at} was written by an older cooldown (schema {found}; this one reads {known}); play once with this cooldown to upgrade it, then read it again")]
    TooOld { at: String, found: u32, known: u32 },
    #[error("cannot open the results database {at}: {reason}; choose another file with --db PATH")]
    Open { at: String, reason: String },
    #[error("{at} was written by a newer cooldown (schema {found}; this one knows up to {known}); update cooldown, or use another file with --db PATH")]
    TooNew { at: String, found: u32, known: u32 },
    #[error("the results server {at} cannot be reached: {reason}; check that it is running and the URL is right (`cooldown db migrate --db URL` tries it)")]
    Unreachable { at: String, reason: String },
    #[error("{at} is a PostgreSQL URL, but this cooldown was built without PostgreSQL support (the `postgres` feature)")]
    NoPostgres { at: String },
    #[error("{at} already holds results; copy into a new, empty database")]
    NotEmpty { at: String },
    #[error("the results database failed: {0}")]
    Database(String),
    #[error("lost the connection to the results server: {0}; what was not kept is kept once it is back")]
    Lost(String),
    #[error("a stored answer is unreadable ({0}); the database was edited by hand or is damaged")]
    Corrupt(#[from] serde_json::Error),
    #[error("a stored value is unreadable (column {} holds {}); the database was edited by hand or is damaged", .0.column + 1, .0.found)]
    Unreadable(Unexpected),
    #[error("no session {0} in the results; `cooldown history` lists them")]
    NoSession(i64),
    #[error("session {session} has no turn {turn}; it has {turns}")]
    NoTurn { session: i64, turn: usize, turns: usize },
    #[error("{reviewer} has already rated turn {turn} of session {session}; a rating is given once, before the automatic score and the other ratings are seen (add a note with --note instead)")]
    AlreadyRated { session: i64, turn: usize, reviewer: String },
}

impl From<Unexpected> for StoreError {
    fn from(u: Unexpected) -> StoreError {
        StoreError::Unreadable(u)
    }
}

impl From<DbError> for StoreError {
    fn from(e: DbError) -> StoreError {
        match e {
            DbError::Failed(words) => StoreError::Database(words),
            DbError::Lost(words) => StoreError::Lost(words),
            // Only reaches here when a retry lost the connection again at once.
            DbError::Reconnected => StoreError::Lost("the connection dropped twice in a row".into()),
        }
    }
}

/// A reviewer's note on a session, or on one of its turns (a spoken answer nobody typed out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The review's own id.
    pub id: i64,
    /// The session reviewed.
    pub session: i64,
    /// 1-based; `None` for the session as a whole.
    pub turn: Option<usize>,
    /// Who reviewed.
    pub reviewer: String,
    /// What they wrote, exactly as written.
    pub note: String,
    /// When (Unix ms).
    pub created_ms: i64,
}

/// Whether a person is training or being assessed for a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Practising.
    Trainee,
    /// Being screened for a job.
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

    /// The role's name as stored.
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

/// Someone who plays, as the store knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Their id in the store.
    pub id: i64,
    /// The name sessions are kept under (unique).
    pub name: String,
    /// Trainee or candidate.
    pub role: Role,
    /// Their id elsewhere (HR, LMS), when given.
    pub external_id: Option<String>,
}

/// Which exact scenario a session plays: enough to find and check it again on resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioRef {
    /// The scenario's id.
    pub id: String,
    /// Its file format version.
    pub format: u32,
    /// [`LoadedScenario::content_hash`]: an edited file no longer matches.
    pub hash: String,
    /// Its file (absolute, so it is found again from any folder).
    pub path: PathBuf,
}

impl ScenarioRef {
    /// The reference to a loaded scenario.
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
    /// The session's id.
    pub id: i64,
    /// Who played.
    pub person: String,
    /// As trainee or candidate.
    pub role: Role,
    /// The scenario's id.
    pub scenario_id: String,
    /// Its content hash when the session began.
    pub scenario_hash: String,
    /// Its file.
    pub scenario_path: String,
    /// Practice or screening.
    pub mode: Mode,
    /// The seed that chose wording and option order.
    pub seed: u64,
    /// When it began (Unix ms).
    pub started_ms: i64,
    /// `None` while (or because) the session never reached an ending.
    pub ended_ms: Option<i64>,
    /// How it ended (`Resolved`, `HungUp`, ...), once it has.
    pub outcome: Option<String>,
    /// Each dimension's score, once it has ended.
    pub scores: Scores,
    /// The overall score, once it has ended.
    pub overall: Option<u8>,
    /// The band's name, once it has ended.
    pub band: Option<String>,
    /// How many answers are kept.
    pub turns: usize,
    /// The folder of its spoken answers, when it had any.
    pub answers_dir: Option<String>,
    /// The person's id elsewhere (HR, LMS), when given.
    pub external_id: Option<String>,
    /// Where reviewers rated some of its turns: which, by how many, and the automatic scores
    /// beside the standing ones (`scores`, `overall` and `band` are what stands).
    pub reviewed: Option<crate::engine::Reviewed>,
}

impl StoredSession {
    /// Whether the session reached an ending.
    pub fn is_complete(&self) -> bool {
        self.ended_ms.is_some()
    }
}

/// The columns of a listed session, in the order [`stored_session`] reads them. The filters
/// (person, session id, scenario id) take NULL for "any".
const SESSIONS: &str = "SELECT s.id, p.name, p.role, s.scenario_id, s.scenario_hash, s.scenario_path, s.mode, s.seed, s.started_ms, s.ended_ms,
        s.outcome, s.patience, s.empathy, s.clarification, s.resolution, s.overall, s.band,
        (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id), s.answers_dir, p.external_id, s.reviewed_json
     FROM sessions s JOIN people p ON p.id = s.person_id";

/// Which sessions a read selects: `?1` person, `?2` session id, `?3` scenario id, `?4` the
/// invitation sat under; NULL for any. The casts tell PostgreSQL the parameters' types where NULL
/// alone would not.
const SELECTED: &str = "(CAST(?1 AS TEXT) IS NULL OR p.name = ?1) AND (CAST(?2 AS BIGINT) IS NULL OR s.id = ?2) \
     AND (CAST(?3 AS TEXT) IS NULL OR s.scenario_id = ?3) AND (CAST(?4 AS TEXT) IS NULL OR s.invitation = ?4)";

fn stored_session(r: &Row) -> Result<StoredSession, StoreError> {
    Ok(StoredSession {
        id: read::int(r, 0)?,
        person: read::text(r, 1)?,
        role: Role::parse(&read::text(r, 2)?),
        scenario_id: read::text(r, 3)?,
        scenario_hash: read::text(r, 4)?,
        scenario_path: read::text(r, 5)?,
        // The schema allows only the two names, so anything else is Practice's default.
        mode: read::text(r, 6)?.parse().unwrap_or_default(),
        seed: read::int(r, 7)? as u64,
        started_ms: read::int(r, 8)?,
        ended_ms: read::opt_int(r, 9)?,
        outcome: read::opt_text(r, 10)?,
        scores: Scores {
            patience: read::opt_small(r, 11)?,
            empathy: read::opt_small(r, 12)?,
            clarification: read::opt_small(r, 13)?,
            resolution: read::opt_small(r, 14)?,
        },
        overall: read::opt_small(r, 15)?,
        band: read::opt_text(r, 16)?,
        turns: read::small(r, 17)?,
        answers_dir: read::opt_text(r, 18)?,
        external_id: read::opt_text(r, 19)?,
        reviewed: read::opt_text(r, 20)?.map(|j| serde_json::from_str(&j)).transpose()?,
    })
}

fn review(r: &Row) -> Result<Review, StoreError> {
    Ok(Review {
        id: read::int(r, 0)?,
        session: read::int(r, 1)?,
        turn: read::opt_small(r, 2)?,
        reviewer: read::text(r, 3)?,
        note: read::text(r, 4)?,
        created_ms: read::int(r, 5)?,
    })
}

/// Parses stored JSON texts on every core: most of a big report's reading time is parsing.
fn parse_all<T: serde::de::DeserializeOwned + Send>(texts: &[String]) -> Result<Vec<T>, serde_json::Error> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores == 1 || texts.len() < 256 {
        return texts.iter().map(|t| serde_json::from_str(t)).collect();
    }
    let chunk = texts.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let parts: Vec<_> = texts.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(|t| serde_json::from_str(t)).collect::<Result<Vec<T>, _>>())).collect();
        let mut all = Vec::with_capacity(texts.len());
        for part in parts {
            all.extend(part.join().expect("parsing JSON does not panic")?);
        }
        Ok(all)
    })
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, text)
}

fn opt_int(i: Option<i64>) -> Value {
    i.map_or(Value::Null, Value::Int)
}

/// Who is being read: everyone (`None`) or one person, one session, one scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only this person's sessions.
    pub person: Option<String>,
    /// Only this session.
    pub session: Option<i64>,
    /// Only sessions of this scenario.
    pub scenario: Option<String>,
    /// Only sessions sat under this invitation (an assessment).
    pub invitation: Option<String>,
}

impl Selection {
    fn params(&self) -> [Value; 4] {
        [opt_text(self.person.as_deref()), opt_int(self.session), opt_text(self.scenario.as_deref()), opt_text(self.invitation.as_deref())]
    }
}

/// Everything kept of one session, for reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The session as listed.
    pub meta: StoredSession,
    /// Its scored turns in order, each with when it was answered (Unix ms). Its result (the
    /// scores, band and outcome) is in `meta`; the engine's whole result is [`Store::result`].
    pub turns: Vec<(Turn, i64)>,
    /// Reviewers' notes on it, oldest first.
    pub reviews: Vec<Review>,
    /// What the player noticed while answers were given (screening assessments), in order.
    pub observed: Vec<Observation>,
    /// Reviewers' ratings of its turns, by turn.
    pub ratings: Vec<Rating>,
}

/// Something to do on the database, as a retry does it.
type Work<'a, T> = dyn FnMut(&mut dyn Database) -> Result<T, DbError> + 'a;

/// An open results database.
pub struct Store {
    db: RefCell<Box<dyn Database>>,
    location: Location,
    /// What was found wrong on opening and should be said (a journal cut short).
    warning: Option<String>,
    /// What happened since the caller last asked that the user should hear of (a dropped
    /// connection made again).
    notices: RefCell<Vec<String>>,
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

    /// Opens an SQLite file for writing (creating the file when missing, never its folder) and
    /// migrates it to the current schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let (db, warning) = sqlite::open(path)?;
        Ok(Store::new(Box::new(db), Location::File(path.to_path_buf()), warning))
    }

    /// Opens an existing SQLite file for reading (history, reports, the review listing): never
    /// creates it or its folder, never changes it, and works on a file the user may not write.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let (db, warning) = sqlite::open_read_only(path)?;
        Ok(Store::new(Box::new(db), Location::File(path.to_path_buf()), warning))
    }

    /// Opens the database at `location` for writing, migrating it to the current schema.
    pub fn open_at(location: &Location) -> Result<Store, StoreError> {
        match location {
            Location::File(path) => Store::open(path),
            Location::Server(url) => Store::open_server(url, false),
        }
    }

    /// Opens the database at `location` for reading only.
    pub fn read_at(location: &Location) -> Result<Store, StoreError> {
        match location {
            Location::File(path) => Store::open_read_only(path),
            Location::Server(url) => Store::open_server(url, true),
        }
    }

    #[cfg(feature = "postgres")]
    fn open_server(url: &str, read_only: bool) -> Result<Store, StoreError> {
        let db = if read_only { postgres::open_read_only(url)? } else { postgres::open(url)? };
        Ok(Store::new(Box::new(db), Location::Server(url.to_string()), None))
    }

    #[cfg(not(feature = "postgres"))]
    fn open_server(url: &str, _read_only: bool) -> Result<Store, StoreError> {
        Err(StoreError::NoPostgres { at: Location::Server(url.to_string()).to_string() })
    }

    fn new(db: Box<dyn Database>, location: Location, warning: Option<String>) -> Store {
        Store { db: RefCell::new(db), location, warning, notices: RefCell::new(Vec::new()) }
    }

    /// Something found on opening that the user should hear about, though the store works.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Where the results are: shown to users as where their session is kept.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The engine behind the store.
    pub fn engine(&self) -> Engine {
        self.db.borrow().engine()
    }

    /// What happened since the last call that the user should be told (a dropped connection
    /// made again, with nothing lost); empties the list.
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.borrow_mut())
    }

    /// Runs `work`; when the connection dropped and was made again, says so and runs `again`
    /// once: `work` itself where running it twice is harmless, or a version that first checks
    /// whether the write took effect.
    fn retrying<T>(&self, mut work: impl FnMut(&mut dyn Database) -> Result<T, DbError>, again: Option<&mut Work<'_, T>>) -> Result<T, StoreError> {
        let mut db = self.db.borrow_mut();
        match work(db.as_mut()) {
            Err(DbError::Reconnected) => {
                self.notices.borrow_mut().push(format!(
                    "The connection to the results server {} dropped; cooldown connected again and nothing was lost.",
                    self.location
                ));
                Ok(match again {
                    Some(again) => again(db.as_mut())?,
                    None => work(db.as_mut())?,
                })
            }
            other => Ok(other?),
        }
    }

    /// Runs a statement that may be run twice (a read, an update to the same values).
    fn idempotent<T>(&self, work: impl FnMut(&mut dyn Database) -> Result<T, DbError>) -> Result<T, StoreError> {
        self.retrying(work, None)
    }

    fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        self.idempotent(|db| db.query(sql, params))
    }

    /// Runs `work` in one transaction: committed whole, or rolled back on its first error
    /// (the connection may be gone with the error; then the server has rolled back already).
    fn transaction<T>(&self, work: impl FnOnce(&mut dyn Database) -> Result<T, DbError>) -> Result<T, StoreError> {
        let mut db = self.db.borrow_mut();
        db.batch("BEGIN")?;
        match work(db.as_mut()) {
            Ok(done) => {
                db.batch("COMMIT")?;
                db.settle();
                Ok(done)
            }
            Err(e) => {
                let _ = db.batch("ROLLBACK");
                Err(e.into())
            }
        }
    }

    /// An answer's words for the turns table's readable `text` column. PostgreSQL's text cannot
    /// hold a NUL character; the answer is kept exactly in `turn_json` and `response_json`
    /// (where JSON escapes it), so this copy is left empty there rather than changed.
    fn readable_words(&self, words: Option<&str>) -> Value {
        opt_text(words.filter(|w| !(w.contains('\0') && self.engine() == Engine::Postgres)))
    }

    /// The person called `name`, created with `role` if new (an existing person keeps theirs).
    pub fn person(&self, name: &str, role: Role, external_id: Option<&str>) -> Result<Person, StoreError> {
        let rows = self.idempotent(|db| {
            db.query(
                "INSERT INTO people (name, role, external_id, created_ms) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET external_id = COALESCE(excluded.external_id, people.external_id)
                 RETURNING id, name, role, external_id",
                &[text(name), text(role.as_str()), opt_text(external_id), Value::Int(now_ms())],
            )
        })?;
        let r = rows.first().ok_or_else(|| StoreError::Database("the new person was not returned".into()))?;
        Ok(Person { id: read::int(r, 0)?, name: read::text(r, 1)?, role: Role::parse(&read::text(r, 2)?), external_id: read::opt_text(r, 3)? })
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
        self.begin_under(None, person, scenario, mode, seed, answers_dir)
    }

    /// Records that `person` started a session, sat under `invitation` when given.
    fn begin_under(
        &self,
        invitation: Option<&str>,
        person: &Person,
        scenario: &ScenarioRef,
        mode: Mode,
        seed: u64,
        answers_dir: Option<&Path>,
    ) -> Result<i64, StoreError> {
        let params = [
            Value::Int(person.id),
            text(&scenario.id),
            Value::Int(scenario.format.into()),
            text(&scenario.hash),
            text(&scenario.path.display().to_string()),
            text(mode.name()),
            Value::Int(seed as i64),
            Value::Int(now_ms()),
            opt_text(answers_dir.map(|d| d.display().to_string()).as_deref()),
            opt_text(invitation),
        ];
        // Begun twice after a dropped connection at worst: one unanswered session, which is
        // listed as unfinished and holds nothing.
        let rows = self.idempotent(|db| {
            db.query(
                "INSERT INTO sessions (person_id, scenario_id, scenario_format, scenario_hash, scenario_path, mode, seed, started_ms, answers_dir, invitation)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                &params,
            )
        })?;
        let id = rows.first().map(|r| read::int(r, 0)).transpose()?.ok_or_else(|| StoreError::Database("the new session was not returned".into()))?;
        self.db.borrow_mut().settle();
        Ok(id)
    }

    /// Keeps one scored answer (one committed write).
    pub fn add_turn(&self, session: i64, turn: &Turn, response: &Response) -> Result<(), StoreError> {
        let (kind, choice, words, audio, delivery) = match &turn.answer {
            GivenAnswer::Choice { index, text } => ("choice", Some(*index as i64), Some(text.as_str()), None, None),
            GivenAnswer::Text { text, .. } => ("text", None, Some(text.as_str()), None, None),
            GivenAnswer::Spoken { audio, transcript, delivery, .. } => ("spoken", None, transcript.as_deref(), Some(audio.as_str()), Some(delivery)),
        };
        let p = turn.points;
        let real = |x: Option<f64>| x.map_or(Value::Null, Value::Real);
        let params = [
            Value::Int(session),
            Value::Int(turn.number as i64),
            text(&turn.node_id),
            text(kind),
            opt_int(choice),
            self.readable_words(words),
            Value::Int(p.patience.into()),
            Value::Int(p.empathy.into()),
            Value::Int(p.clarification.into()),
            Value::Int(p.resolution.into()),
            Value::Int(turn.anger_before.into()),
            Value::Int(turn.anger_after.into()),
            Value::Int(now_ms()),
            Value::Text(serde_json::to_string(response)?),
            Value::Text(serde_json::to_string(turn)?),
            opt_text(audio),
            real(delivery.map(|d| f64::from(d.latency))),
            real(delivery.map(|d| f64::from(d.talk_time))),
            real(delivery.and_then(|d| d.loudness_db).map(f64::from)),
            // Words the transcriber made are marked as its own, as a reviewer's are with their name.
            opt_text(match response {
                Response::Spoken(Spoken { heard: Some(heard), transcript, .. }) if heard.made(transcript.as_deref()) => Some(heard.engine.as_str()),
                _ => None,
            }),
        ];
        let insert = |db: &mut dyn Database| {
            db.execute(
                "INSERT INTO turns (session_id, number, node_id, kind, choice, text, patience, empathy, clarification, resolution,
                                    anger_before, anger_after, answered_ms, response_json, turn_json, audio, latency_s, talk_s, loudness_db,
                                    transcribed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
                &params,
            )
            .map(drop)
        };
        // After a dropped connection the insert may have been committed or not: look first.
        let mut unless_kept = |db: &mut dyn Database| {
            let kept = db.query("SELECT 1 FROM turns WHERE session_id = ?1 AND number = ?2", &params[..2])?;
            if kept.is_empty() { insert(db) } else { Ok(()) }
        };
        self.retrying(insert, Some(&mut unless_kept))?;
        self.db.borrow_mut().settle();
        Ok(())
    }

    /// The engine's own check of the stored data: "ok", or what is wrong.
    pub fn integrity(&self) -> Result<String, StoreError> {
        self.idempotent(|db| db.integrity())
    }

    /// Removes a session nobody answered in (left at the first question): nothing to resume,
    /// nothing to report. A session with any turn is never removed here.
    pub fn discard_if_empty(&self, session: i64) -> Result<bool, StoreError> {
        let removed = self.idempotent(|db| {
            db.execute(
                "DELETE FROM sessions WHERE id = ?1 AND ended_ms IS NULL
                   AND NOT EXISTS (SELECT 1 FROM turns WHERE session_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM reviews WHERE session_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM observations WHERE session_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM ratings WHERE session_id = ?1)",
                &[Value::Int(session)],
            )
        })?;
        Ok(removed > 0)
    }

    /// Marks the session ended with its result.
    pub fn finish(&self, session: i64, result: &SessionResult) -> Result<(), StoreError> {
        let s = result.scores;
        let score = |v: Option<u8>| opt_int(v.map(i64::from));
        let params = [
            Value::Int(session),
            Value::Int(now_ms()),
            text(&format!("{:?}", result.outcome)),
            text(&result.ending_id),
            score(s.patience),
            score(s.empathy),
            score(s.clarification),
            score(s.resolution),
            Value::Int(result.overall.into()),
            text(result.band.name()),
            Value::Text(serde_json::to_string(result)?),
        ];
        let changed = self.idempotent(|db| {
            db.execute(
                "UPDATE sessions SET ended_ms = ?2, outcome = ?3, ending_id = ?4, patience = ?5, empathy = ?6, clarification = ?7,
                                     resolution = ?8, overall = ?9, band = ?10, result_json = ?11
                 WHERE id = ?1",
                &params,
            )
        })?;
        if changed == 0 {
            return Err(StoreError::NoSession(session));
        }
        self.db.borrow_mut().settle();
        Ok(())
    }

    /// Sessions, oldest first; only `person`'s when given.
    pub fn sessions(&self, person: Option<&str>) -> Result<Vec<StoredSession>, StoreError> {
        self.select(&Selection { person: person.map(str::to_string), ..Selection::default() })
    }

    /// The session with id `id`.
    pub fn session(&self, id: i64) -> Result<StoredSession, StoreError> {
        self.select(&Selection { session: Some(id), ..Selection::default() })?.pop().ok_or(StoreError::NoSession(id))
    }

    /// The sessions `which` selects, oldest first.
    pub fn select(&self, which: &Selection) -> Result<Vec<StoredSession>, StoreError> {
        let sql = format!("{SESSIONS} WHERE {SELECTED} ORDER BY s.started_ms, s.id");
        self.query(&sql, &which.params())?.iter().map(stored_session).collect()
    }

    /// Everything kept of the sessions `which` selects, oldest first, read in a few statements
    /// whatever their number (a cohort report of thousands of sessions on a server far away).
    pub fn records(&self, which: &Selection) -> Result<Vec<Record>, StoreError> {
        let metas = self.select(which)?;
        let params = which.params();
        let from = format!("FROM sessions s JOIN people p ON p.id = s.person_id WHERE {SELECTED}");
        let index: std::collections::HashMap<i64, usize> = metas.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        let mut records: Vec<Record> =
            metas.into_iter().map(|meta| Record { meta, turns: Vec::new(), reviews: Vec::new(), observed: Vec::new(), ratings: Vec::new() }).collect();

        let sql = format!("SELECT t.session_id, t.turn_json, t.answered_ms FROM turns t WHERE t.session_id IN (SELECT s.id {from}) ORDER BY t.session_id, t.number");
        let rows = self.query(&sql, &params)?;
        let turns: Vec<Turn> = parse_all(&rows.iter().map(|r| read::text(r, 1)).collect::<Result<Vec<_>, _>>()?)?;
        for (r, turn) in rows.iter().zip(turns) {
            if let Some(&i) = index.get(&read::int(r, 0)?) {
                records[i].turns.push((turn, read::int(r, 2)?));
            }
        }
        let sql = format!(
            "SELECT id, session_id, turn_number, reviewer, note, created_ms FROM reviews WHERE session_id IN (SELECT s.id {from}) ORDER BY created_ms, id"
        );
        for r in self.query(&sql, &params)? {
            let review = review(&r)?;
            if let Some(&i) = index.get(&review.session) {
                records[i].reviews.push(review);
            }
        }
        let sql = format!("{} WHERE session_id IN (SELECT s.id {from}) ORDER BY session_id, at_ms", observations::SELECT);
        for r in self.query(&sql, &params)? {
            if let (Some(&i), Some(o)) = (index.get(&read::int(&r, 0)?), observations::observation(&r)?) {
                records[i].observed.push(o);
            }
        }
        for rating in self.ratings(which)? {
            if let Some(&i) = index.get(&rating.session) {
                records[i].ratings.push(rating);
            }
        }
        Ok(records)
    }

    /// The answers of a session in order, to replay it.
    pub fn responses(&self, session: i64) -> Result<Vec<Response>, StoreError> {
        let rows = self.query("SELECT response_json FROM turns WHERE session_id = ?1 ORDER BY number", &[Value::Int(session)])?;
        rows.iter().map(|r| Ok(serde_json::from_str(&read::text(r, 0)?)?)).collect()
    }

    /// The scored turns of a session, as the engine produced them.
    pub fn turns(&self, session: i64) -> Result<Vec<Turn>, StoreError> {
        Ok(self.timed_turns(session)?.into_iter().map(|(turn, _)| turn).collect())
    }

    /// The scored turns of a session with when each was answered (Unix ms), in order.
    pub fn timed_turns(&self, session: i64) -> Result<Vec<(Turn, i64)>, StoreError> {
        let rows = self.query("SELECT turn_json, answered_ms FROM turns WHERE session_id = ?1 ORDER BY number", &[Value::Int(session)])?;
        rows.iter().map(|r| Ok((serde_json::from_str(&read::text(r, 0)?)?, read::int(r, 1)?))).collect()
    }

    /// Adds a reviewer's note; the session (and the turn, when given) must exist.
    pub fn add_review(&self, session: i64, turn: Option<usize>, reviewer: &str, note: &str) -> Result<i64, StoreError> {
        let stored = self.session(session)?;
        if let Some(t) = turn.filter(|t| *t == 0 || *t > stored.turns) {
            return Err(StoreError::NoTurn { session, turn: t, turns: stored.turns });
        }
        let params = [Value::Int(session), opt_int(turn.map(|t| t as i64)), text(reviewer), text(note), Value::Int(now_ms())];
        let rows = self.idempotent(|db| {
            db.query("INSERT INTO reviews (session_id, turn_number, reviewer, note, created_ms) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", &params)
        })?;
        rows.first().map(|r| read::int(r, 0)).transpose()?.ok_or_else(|| StoreError::Database("the new review was not returned".into()))
    }

    /// A session's reviews, oldest first.
    pub fn reviews(&self, session: i64) -> Result<Vec<Review>, StoreError> {
        let rows = self.query(
            "SELECT id, session_id, turn_number, reviewer, note, created_ms FROM reviews WHERE session_id = ?1 ORDER BY created_ms, id",
            &[Value::Int(session)],
        )?;
        rows.iter().map(review).collect()
    }

    /// The full result of an ended session (mood curve, every turn), as the engine gave it.
    pub fn result(&self, session: i64) -> Result<Option<SessionResult>, StoreError> {
        let rows = self.query("SELECT result_json FROM sessions WHERE id = ?1", &[Value::Int(session)])?;
        let json = rows.first().map(|r| read::opt_text(r, 0)).transpose()?.flatten();
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    /// The newest unfinished session of `person`, if any.
    pub fn last_incomplete(&self, person: &str) -> Result<Option<StoredSession>, StoreError> {
        let rows = self.query(
            "SELECT s.id FROM sessions s JOIN people p ON p.id = s.person_id
             WHERE p.name = ?1 AND s.ended_ms IS NULL ORDER BY s.started_ms DESC, s.id DESC LIMIT 1",
            &[text(person)],
        )?;
        rows.first().map(|r| read::int(r, 0)).transpose()?.map(|id| self.session(id)).transpose()
    }
}

/// How much of a session the store has: its id, how many turns are written, and whether its
/// result is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// The session's id.
    pub session: i64,
    turns: usize,
    finished: bool,
}

impl Kept {
    /// A session begun with [`Store::begin`], or resumed with `turns` answers already stored.
    pub fn new(session: i64, turns: usize) -> Kept {
        Kept { session, turns, finished: false }
    }

    /// Whether the result is written too.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// How many of the session's turns are written.
    pub fn turns(&self) -> usize {
        self.turns
    }
}

impl Store {
    /// Writes what `session` has and the store lacks: its new turns in order (one committed
    /// write each), then its result once it has one. Call it after every answer; after a
    /// failure, the next call writes what the failed one did not.
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
    /// The store written to.
    pub store: Store,
    /// How much of the session it has.
    pub kept: Kept,
}

impl Keeping {
    /// Writes what the store lacks of `session` (see [`Store::sync`]).
    pub fn sync(&mut self, session: &Session) -> Result<(), StoreError> {
        self.store.sync(&mut self.kept, session)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::Arc;

    use super::*;
    use crate::engine::Response;

    /// What the next writes meet, in order: a connection lost before the statement ran, or one
    /// that dropped just after the statement committed (the worst case for a retry).
    #[derive(Clone, Copy)]
    enum Trouble {
        LostBefore,
        DroppedAfterCommit,
    }

    /// An SQLite database whose writes meet [`Trouble`] as planned: the store's retry and
    /// catch-up, tested without a server to break.
    struct Flaky {
        inner: sqlite::Sqlite,
        plan: VecDeque<Option<Trouble>>,
    }

    impl Database for Flaky {
        fn engine(&self) -> Engine {
            Engine::Postgres
        }
        fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
            match self.plan.pop_front().flatten() {
                Some(Trouble::LostBefore) => Err(DbError::Lost("the server went away".into())),
                Some(Trouble::DroppedAfterCommit) => self.inner.execute(sql, params).and(Err(DbError::Reconnected)),
                None => self.inner.execute(sql, params),
            }
        }
        fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
            self.inner.query(sql, params)
        }
        fn batch(&mut self, sql: &str) -> Result<(), DbError> {
            self.inner.batch(sql)
        }
        fn integrity(&mut self) -> Result<String, DbError> {
            self.inner.integrity()
        }
    }

    fn patience_test() -> crate::scenario::LoadedScenario {
        crate::scenario::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/patience-test.ron")).unwrap()
    }

    #[test]
    fn a_write_lost_mid_session_is_made_by_the_next_sync_and_a_committed_one_is_not_made_twice() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = patience_test();
        let (inner, _) = sqlite::open(&dir.path().join("r.db")).unwrap();
        // Turn writes are the only executes: turn 2 is lost, turn 4 commits but its
        // acknowledgement is lost with the connection.
        let plan = [None, Some(Trouble::LostBefore), None, None, Some(Trouble::DroppedAfterCommit)].into();
        let store = Store::new(Box::new(Flaky { inner, plan }), Location::Server("postgres://test/r".into()), None);
        let person = store.person("Ann", Role::Trainee, None).unwrap();
        let mut kept = Kept::new(store.begin(&person, &ScenarioRef::of(&loaded), Mode::Practice, 1, None).unwrap(), 0);
        let (mut session, _) = Session::start(Arc::new(loaded.scenario.clone()), 1, Mode::Practice).unwrap();
        let script = [
            Response::Choice(0),
            Response::Text("The 3000 isn't made any more, but I can repair yours or offer you a refund.".into()),
            Response::Choice(0),
            Response::Text("I'm sorry. I understand how frustrating that is after eleven years.".into()),
        ];
        let mut failures = 0;
        for response in script {
            session.respond(response).unwrap();
            if store.sync(&mut kept, &session).is_err() {
                failures += 1;
            }
        }
        assert_eq!(failures, 1, "only the lost write failed");
        assert_eq!(kept.turns(), 4, "the next answer's sync wrote the lost turn too");
        let turns = store.turns(kept.session).unwrap();
        assert_eq!(turns, session.turns(), "every turn once, in order, as scored");
        let notices = store.take_notices();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("nothing was lost"), "{notices:?}");
        assert!(store.take_notices().is_empty(), "told once");
    }
}
