//! The command line's commands (the binary only): each file holds a group of commands with
//! their arguments, calls the use cases in `cooldown::app`, and words the outcome. Errors
//! travel typed to [`Failure::render`], which adds the advice that belongs to the command line.

pub mod assess;
pub mod authoring;
pub mod play;
pub mod results;

use std::io;
use std::path::Path;

use cooldown::app::export::ExportError;
use cooldown::app::pack::OpenError;
use cooldown::scenario::LoadedScenario;
use cooldown::store::{Location, ResumeError, StoreError};
use cooldown::terminal::{PlayError, Style};

/// Why a command failed, kept typed until it is printed.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum Failure {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Resume(#[from] ResumeError),
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Review(#[from] cooldown::app::review::ReviewError),
    #[error("{person} has no unfinished session in {at}; `cooldown history` lists them")]
    NoneUnfinished { person: String, at: Location },
    #[error(transparent)]
    Play(#[from] PlayError),
    #[error(transparent)]
    Invite(#[from] cooldown::app::assess::InviteError),
    #[error(transparent)]
    Sit(#[from] cooldown::app::assess::SitError),
    #[error(transparent)]
    Key(#[from] cooldown::app::keys::KeyError),
    #[error(transparent)]
    Seal(#[from] cooldown::app::sealed::SealError),
    #[error(transparent)]
    PersonalData(#[from] cooldown::app::privacy::ExportError),
    #[error(transparent)]
    Record(#[from] cooldown::terminal::record::RecordError),
    #[cfg(feature = "audio")]
    #[error(transparent)]
    Mic(#[from] cooldown::audio::mic::MicError),
    #[error("terminal I/O failed: {0}")]
    Io(#[from] io::Error),
    /// Worded where it happened (a usage mistake, a missing device).
    #[error("{0}")]
    Said(String),
    /// Findings already drawn like rustc's, header and all.
    #[error("{0}")]
    Rendered(String),
}

impl From<String> for Failure {
    fn from(s: String) -> Failure {
        Failure::Said(s)
    }
}

impl From<&str> for Failure {
    fn from(s: &str) -> Failure {
        Failure::Said(s.to_string())
    }
}

impl Failure {
    /// The failure as the terminal shows it: scenario findings drawn like rustc's (they carry
    /// their own header), everything else as one `error:` line with the command-line advice.
    pub fn render(self) -> String {
        let color = Style::for_stdout().color;
        match self {
            Failure::Open(OpenError::Load(l)) | Failure::Resume(ResumeError::Load { source: l, .. }) => l.into_diagnostic().render(color),
            Failure::Open(OpenError::HasErrors { path, findings }) => {
                let mut out: String = findings.iter().map(|d| d.render(color)).collect();
                out.push_str(&format!("error: {} has errors; fix them (see `cooldown lint`) before playing\n", path.display()));
                out
            }
            Failure::Export(e @ ExportError::NoSessions { .. }) => format!("error: {e}; `cooldown history` lists who has played\n"),
            Failure::Export(ExportError::PrefixIsFolder { prefix }) => {
                let example = prefix.join("cohort");
                let (s, t) = cooldown::app::export::csv_paths(&example);
                format!(
                    "error: --csv takes the start of a file name, not a folder: e.g. `--csv {}` writes {} and {}\n",
                    example.display(),
                    s.display(),
                    t.display()
                )
            }
            Failure::Rendered(findings) => findings,
            other => format!("error: {other}\n"),
        }
    }
}

/// A scenario named on the command line: a file path, or a scenario id in the pack.
pub fn find_scenario(pack_dir: &Path, name: &str) -> Result<LoadedScenario, Failure> {
    Ok(cooldown::app::pack::find_scenario(pack_dir, name)?)
}

/// The results database, to read from (it must exist), with any warning said.
pub fn reading(db: &Location) -> Result<cooldown::store::Store, Failure> {
    let store = cooldown::app::results::for_reading(db)?;
    warn_about(&store);
    Ok(store)
}

/// The results database, to add to (it must exist), with any warning said.
pub fn adding_to(db: &Location) -> Result<cooldown::store::Store, Failure> {
    let store = cooldown::app::results::existing(db)?;
    warn_about(&store);
    Ok(store)
}

/// Says what the store found wrong on opening, if anything.
pub fn warn_about(store: &cooldown::store::Store) {
    if let Some(w) = store.warning() {
        eprintln!("warning: {w}");
    }
}
