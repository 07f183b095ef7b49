//! The commands on kept results: `history`, `report`, `review`, and `db` (migrate a database,
//! copy one into another).

use std::path::PathBuf;
use std::process::ExitCode;

use cooldown::app::{self, export::Outputs};
use cooldown::store::Location;
use cooldown::terminal::Style;

use super::{adding_to, reading, warn_about, Failure};

#[derive(clap::Args)]
pub struct HistoryArgs {
    /// Only this person's sessions.
    #[arg(long, value_name = "NAME")]
    person: Option<String>,
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("outputs").required(true).multiple(true).args(["out", "csv", "xapi"])))]
pub struct ReportArgs {
    /// One person's report: progress over attempts, every session's transcript.
    #[arg(long, value_name = "NAME", conflicts_with = "cohort", required_unless_present = "cohort")]
    person: Option<String>,
    /// Everyone: a ranking with bands and the spread on each dimension.
    #[arg(long)]
    cohort: bool,
    /// Only sessions of this scenario.
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
    /// Write the HTML report here.
    #[arg(long, value_name = "FILE.html")]
    out: Option<PathBuf>,
    /// Write PREFIX.sessions.csv (a row per session) and PREFIX.turns.csv (a row per turn).
    #[arg(long, value_name = "PREFIX")]
    csv: Option<PathBuf>,
    /// Write xAPI statements (a JSON array) for a learning record store.
    #[arg(long, value_name = "FILE.json")]
    xapi: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// The session (see `cooldown history`).
    session: i64,
    /// The turn the note is about (1-based); the whole session when left out.
    #[arg(long, value_name = "N")]
    turn: Option<usize>,
    /// The note: what the trainee said, and what it earns or misses.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// Who reviewed (default: your login name).
    #[arg(long = "by", value_name = "NAME")]
    reviewer: Option<String>,
}

#[derive(clap::Subcommand)]
pub enum DbCommand {
    /// Create the results database, or bring it to this cooldown's schema (--db, COOLDOWN_DB or
    /// the default file); on a server, every machine can then keep sessions there.
    Migrate,
    /// Copy every person, session, turn and review from one database into a new, empty one
    /// (e.g. a team's SQLite file onto a PostgreSQL server); ids and times are kept.
    Copy {
        /// The database to copy from: a file, or postgres://...
        #[arg(long, value_name = "PATH|URL", value_parser = location_parser())]
        from: Location,
        /// The database to copy into: a file, or postgres://...; it must hold no results yet.
        #[arg(long, value_name = "PATH|URL", value_parser = location_parser())]
        to: Location,
    },
}

/// A `--db`-like value: a PostgreSQL URL, or a file path (any bytes a path may hold).
pub fn location_parser() -> impl clap::builder::TypedValueParser<Value = Location> {
    use clap::builder::TypedValueParser;
    clap::builder::OsStringValueParser::new().map(|s| Location::parse(&s))
}

pub fn history(db: &Location, args: &HistoryArgs) -> Result<ExitCode, Failure> {
    let sessions = reading(db)?.sessions(args.person.as_deref())?;
    print!("{}", cooldown::terminal::history::render(&Style::for_stdout(), &sessions));
    Ok(ExitCode::SUCCESS)
}

pub fn report(db: &Location, args: &ReportArgs) -> Result<ExitCode, Failure> {
    let store = reading(db)?;
    let filter = cooldown::report::Filter { person: args.person.clone(), scenario: args.scenario.clone() };
    let outputs = Outputs { html: args.out.clone(), cohort: args.cohort, csv_prefix: args.csv.clone(), xapi: args.xapi.clone() };
    // Long exports show progress (on a terminal only; indicatif hides it otherwise).
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("reading sessions {bar:30} {pos}/{len}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let written = app::export::export(&store, &filter, &outputs, cooldown::clock::now_ms(), progress)?;
    bar.finish_and_clear();
    for w in written {
        println!("{}: {} {}", w.path.display(), w.count, w.what);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn review(db: &Location, args: &ReviewArgs) -> Result<ExitCode, Failure> {
    if let Some(note) = args.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let store = adding_to(db)?;
        app::review::add_note(&store, args.session, args.turn, args.reviewer.as_deref(), note)?;
        let what = args.turn.map_or(String::new(), |t| format!("turn {t} of "));
        println!("Review of {what}session {} kept.", args.session);
        return Ok(ExitCode::SUCCESS);
    }
    let sheet = app::review::sheet(&reading(db)?, args.session)?;
    let s = &sheet.session;
    println!("Session {}: {} playing {} ({} answers)", s.id, s.person, s.scenario_id, sheet.answers);
    for w in &sheet.waiting {
        if let Some(audio) = &w.audio {
            println!("  turn {}: spoken, not typed out: listen to {audio}", w.turn);
        }
    }
    for r in &sheet.reviews {
        let what = r.turn.map_or("session".to_string(), |t| format!("turn {t}"));
        println!("  {what}: reviewed by {} on {}: {}", r.reviewer, cooldown::clock::date(r.created_ms), r.note);
    }
    if !sheet.waiting.is_empty() {
        println!("Add a note with `cooldown review {} --turn N --note TEXT`.", s.id);
    } else if sheet.reviews.is_empty() {
        println!("Nothing awaits review.");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn db(db: &Location, command: &DbCommand) -> Result<ExitCode, Failure> {
    match command {
        DbCommand::Migrate => {
            let store = app::results::migrate(db)?;
            warn_about(&store);
            let sessions = store.sessions(None)?.len();
            println!("{} is at schema {} ({sessions} session(s) kept).", store.location(), cooldown::store::schema::CURRENT);
        }
        DbCommand::Copy { from, to } => {
            let copied = app::results::copy(from, to)?;
            let invitations = if copied.invitations > 0 { format!(" (and {} invitations)", copied.invitations) } else { String::new() };
            println!(
                "Copied {} people, {} sessions, {} turns and {} reviews{invitations} from {from} to {to}.",
                copied.people, copied.sessions, copied.turns, copied.reviews
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
