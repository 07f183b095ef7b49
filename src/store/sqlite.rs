//! The embedded backend: one SQLite file (rusqlite, bundled), the default. The file is in WAL
//! mode, so reports and `history` read while a session writes, and every acknowledged write is
//! synced and moved out of the journal into the file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::database::{Database, DbError, Engine, Row, Value};
use super::{schema, StoreError};
use crate::clock::now_ms;

/// How long a connection waits for another writer (a report during a session) before failing.
const BUSY_WAIT: Duration = Duration::from_secs(5);

pub struct Sqlite {
    conn: Connection,
}

/// Opens `path` for writing (creating the file when missing, never its folder) and migrates it
/// to the current schema; also what was found wrong with its journal, if anything.
pub fn open(path: &Path) -> Result<(Sqlite, Option<String>), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
        return Err(StoreError::NoFolder { path: dir.to_path_buf() });
    }
    let warning = check_journal(path);
    let open = |source: rusqlite::Error| StoreError::Open { at: path.display().to_string(), reason: source.to_string() };
    let mut conn = Connection::open(path).map_err(open)?;
    // A writer and readers at once (a report during a session): WAL, and wait rather than fail.
    conn.busy_timeout(BUSY_WAIT).map_err(open)?;
    use_wal(&conn).map_err(open)?;
    // FULL: each commit is synced to disk before cooldown acknowledges the answer, so a kept
    // turn survives a crash of the machine, not only of the program (NORMAL would only promise
    // the latter in WAL mode).
    conn.pragma_update(None, "synchronous", "FULL").map_err(open)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(open)?;
    // Deleted rows are overwritten, not left in free pages: forgetting a person removes their
    // words from the file, not just from its index.
    conn.pragma_update(None, "secure_delete", true).map_err(open)?;
    let found = schema::version(&conn).map_err(open)?;
    if found > schema::CURRENT {
        return Err(StoreError::TooNew { at: path.display().to_string(), found, known: schema::CURRENT });
    }
    schema::migrate_to(&mut conn, schema::CURRENT).map_err(open)?;
    Ok((Sqlite { conn }, warning))
}

/// Opens an existing database for reading: never creates it or its folder, never changes it,
/// and works on a file the user may not write.
pub fn open_read_only(path: &Path) -> Result<(Sqlite, Option<String>), StoreError> {
    if !path.is_file() {
        return Err(StoreError::Missing { at: path.display().to_string() });
    }
    let warning = check_journal(path);
    let open = |source: rusqlite::Error| StoreError::Open { at: path.display().to_string(), reason: source.to_string() };
    let read_only = |immutable: bool| {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // `immutable`: for a folder we cannot write, where SQLite cannot make the WAL's
        // shared-memory file; nobody can be writing there either.
        let uri = format!("file:{}?mode=ro{}", uri_path(path), if immutable { "&immutable=1" } else { "" });
        let conn = Connection::open_with_flags(uri, flags)?;
        conn.busy_timeout(BUSY_WAIT)?;
        schema::version(&conn).map(|found| (conn, found))
    };
    let cannot_share =
        |e: &rusqlite::Error| matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly));
    let (conn, found) = match read_only(false) {
        Err(e) if cannot_share(&e) => read_only(true),
        other => other,
    }
    .map_err(open)?;
    schema::check_readable(&path.display().to_string(), found)?;
    Ok((Sqlite { conn }, warning))
}

fn failed(e: rusqlite::Error) -> DbError {
    DbError::Failed(e.to_string())
}

fn value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        // Text the store wrote is UTF-8; anything else was put there by hand and is shown
        // as best it can be, not refused.
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
    }
}

fn param(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Int(i) => V::Integer(*i),
        Value::Real(f) => V::Real(*f),
        Value::Text(t) => V::Text(t.clone()),
    }
}

impl Database for Sqlite {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(failed)?;
        let changed = stmt.execute(rusqlite::params_from_iter(params.iter().map(param))).map_err(failed)?;
        Ok(changed as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(failed)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter().map(param))).map_err(failed)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(failed)? {
            out.push((0..columns).map(|i| row.get_ref(i).map(value)).collect::<Result<Row, _>>().map_err(failed)?);
        }
        Ok(out)
    }

    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.conn.execute_batch(sql).map_err(failed)
    }

    /// Moves what the journal holds into the database file itself and empties the journal, so
    /// a journal lost or damaged later (a killed player, a disk problem) loses no kept answer.
    /// A reader holding an old snapshot can keep part of it in the journal for now; that part
    /// is synced there already and goes in at the next turn.
    fn settle(&mut self) {
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }

    fn integrity(&mut self) -> Result<String, DbError> {
        let lines: Vec<String> =
            self.conn.prepare("PRAGMA integrity_check").map_err(failed)?.query_map([], |r| r.get(0)).map_err(failed)?.collect::<Result<_, _>>().map_err(failed)?;
        Ok(lines.join("; "))
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
