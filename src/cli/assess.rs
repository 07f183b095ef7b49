//! `cooldown assess`: screening assessments for hiring managers.

use std::path::PathBuf;
use std::process::ExitCode;

use cooldown::app::{self, assess};
use cooldown::store::Location;
use cooldown::terminal::Style;

use super::{warn_about, Failure};

#[derive(clap::Subcommand)]
pub enum AssessCommand {
    /// Give each candidate on a list a one-time code for the assessment.
    Invite {
        /// The assessment file (e.g. assessments/support-agent.ron).
        file: PathBuf,
        /// A CSV of candidates: a `name` column, and optionally `external_id` (the applicant
        /// tracking system's id) and `extra_time` (a factor the assessment allows).
        #[arg(long, value_name = "FILE.csv")]
        candidates: PathBuf,
        /// Write the codes to send here (name, external_id, code, extra_time).
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
    },
}

pub fn run(db: &Location, command: &AssessCommand) -> Result<ExitCode, Failure> {
    match command {
        AssessCommand::Invite { file, candidates, out } => {
            let loaded = assess::open(file).map_err(|findings| {
                let color = Style::for_stdout().color;
                let mut text: String = findings.iter().map(|d| d.render(color)).collect();
                text.push_str(&format!("error: {} has errors; fix them (see `cooldown lint {}`) before inviting\n", file.display(), file.display()));
                Failure::Rendered(text)
            })?;
            let list = assess::read_candidates(candidates, &loaded)?;
            let store = app::results::for_keeping(db)?;
            warn_about(&store);
            let invited = assess::invite(&store, &loaded, &list)?;
            for i in &invited {
                let inv = &i.invitation;
                let again = if i.again { "  (already invited: the same code)" } else { "" };
                println!("{}  {}{again}", inv.code, inv.person.name);
            }
            let new = invited.iter().filter(|i| !i.again).count();
            println!("{new} candidate(s) invited to {} ({} already were), kept in {}.", loaded.assessment.id, invited.len() - new, store.location());
            if let Some(out) = out {
                assess::write_codes(out, &invited).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
                println!("Codes written to {}: send each candidate theirs; it works once.", out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
