//! Reports and exports of kept sessions: the HTML page (one person's, or the cohort's), CSV
//! rows per session and per turn, xAPI statements. Each file is written whole or not at all,
//! and only where asked.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::report::{self, Filter};
use crate::store::{Store, StoreError};

/// What to write, and where.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// The HTML page, and whether it is the cohort's (else one person's).
    pub html: Option<PathBuf>,
    /// Whether the HTML page is the cohort page (everyone) rather than one person's.
    pub cohort: bool,
    /// `PREFIX.sessions.csv` and `PREFIX.turns.csv`.
    pub csv_prefix: Option<PathBuf>,
    /// Write xAPI statements (a JSON array) here.
    pub xapi: Option<PathBuf>,
}

/// One file written, and how many sessions, turns or statements it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file written.
    pub path: PathBuf,
    /// How many things it holds (sessions, rows, statements).
    pub count: usize,
    /// "session(s)", "turn(s)", "xAPI statement(s)".
    pub what: &'static str,
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no sessions for {} in {}", person.as_deref().map_or("anyone".to_string(), |p| format!("`{p}`")), db)]
    NoSessions { person: Option<String>, db: String },
    /// `dir/` would write hidden `dir/.sessions.csv`: a prefix names files, not a folder.
    #[error("the CSV prefix {} is a folder; give the start of a file name, e.g. {}", prefix.display(), prefix.join("cohort").display())]
    PrefixIsFolder { prefix: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// The CSV files a prefix names.
pub fn csv_paths(prefix: &Path) -> (PathBuf, PathBuf) {
    let name = |suffix: &str| PathBuf::from(format!("{}.{suffix}.csv", prefix.display()));
    (name("sessions"), name("turns"))
}

/// Reads the sessions `filter` selects and writes the `outputs`; `progress(done, total)` is
/// told as sessions are read. Nothing is written when the prefix is a folder or no session
/// matches.
pub fn export(store: &Store, filter: &Filter, outputs: &Outputs, now_ms: i64, progress: impl FnMut(usize, usize)) -> Result<Vec<Written>, ExportError> {
    if let Some(prefix) = &outputs.csv_prefix {
        if prefix.is_dir() || prefix.as_os_str().to_string_lossy().ends_with(std::path::MAIN_SEPARATOR) {
            return Err(ExportError::PrefixIsFolder { prefix: prefix.clone() });
        }
    }
    let sessions = report::gather(store, filter, progress)?;
    if sessions.is_empty() {
        return Err(ExportError::NoSessions { person: filter.person.clone(), db: store.location().to_string() });
    }
    let mut written = Vec::new();
    if let Some(out) = &outputs.html {
        let html = if outputs.cohort { report::html::cohort(filter, &sessions, now_ms) } else { report::html::person(filter, &sessions, now_ms) };
        write_whole(out, |f| f.write_all(html.as_bytes()))?;
        written.push(Written { path: out.clone(), count: sessions.len(), what: "session(s)" });
    }
    if let Some(prefix) = &outputs.csv_prefix {
        let (s_path, t_path) = csv_paths(prefix);
        write_whole(&s_path, |f| report::csv::sessions(f, &sessions).map_err(std::io::Error::other))?;
        write_whole(&t_path, |f| report::csv::turns(f, &sessions).map_err(std::io::Error::other))?;
        written.push(Written { path: s_path, count: sessions.len(), what: "session(s)" });
        written.push(Written { path: t_path, count: sessions.iter().map(|s| s.turns.len()).sum(), what: "turn(s)" });
    }
    if let Some(out) = &outputs.xapi {
        let statements = report::xapi::statements(&sessions);
        write_whole(out, |f| serde_json::to_writer_pretty(f, &statements).map_err(std::io::Error::other))?;
        written.push(Written { path: out.clone(), count: statements.len(), what: "xAPI statement(s)" });
    }
    Ok(written)
}

/// Writes a whole file or nothing (see [`crate::paths::write_whole`]) through a buffer.
fn write_whole(path: &Path, write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>) -> Result<(), ExportError> {
    crate::paths::write_whole(path, |temp| {
        let mut file = BufWriter::new(std::fs::File::create(temp)?);
        write(&mut file)?;
        file.flush()
    })
    .map_err(|source| ExportError::Write { path: path.to_path_buf(), source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{scratch, session, trainee};
    use crate::engine::Mode;
    use crate::store::ScenarioRef;

    #[test]
    fn exports_write_only_what_is_asked_and_say_how_much() {
        let (dir, store, loaded) = scratch();
        session::begin(&store, &trainee("Ed"), &ScenarioRef::of(&loaded), Mode::Practice, 1, None).unwrap();

        let outputs = Outputs { html: Some(dir.path().join("ed.html")), csv_prefix: Some(dir.path().join("ed")), ..Outputs::default() };
        let filter = Filter { person: Some("Ed".into()), scenario: None };
        let written = export(&store, &filter, &outputs, 0, |_, _| {}).unwrap();
        let names: Vec<String> = written.iter().map(|w| w.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["ed.html", "ed.sessions.csv", "ed.turns.csv"]);
        assert!(written.iter().all(|w| w.path.is_file()));
        assert!(!dir.path().join("ed.json").exists(), "no xAPI file unless asked");

        let nobody = Filter { person: Some("Nobody".into()), scenario: None };
        assert!(matches!(export(&store, &nobody, &outputs, 0, |_, _| {}), Err(ExportError::NoSessions { .. })));
        let folder = Outputs { csv_prefix: Some(dir.path().to_path_buf()), ..Outputs::default() };
        assert!(matches!(export(&store, &filter, &folder, 0, |_, _| {}), Err(ExportError::PrefixIsFolder { .. })));
    }
}
