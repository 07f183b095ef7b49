//! The commands on kept results: `history`, `report`, `review`, and `db` (migrate a database,
//! copy one into another).

use std::path::PathBuf;
use std::process::ExitCode;

use cooldown::app::{self, export::Outputs};
use cooldown::scoring;
use cooldown::store::{Location, Selection};
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
    /// The session (see `cooldown history`); not needed with --queue.
    #[arg(required_unless_present = "queue")]
    session: Option<i64>,
    /// The turn (1-based): shown blind (no automatic score) until you have rated it.
    #[arg(long, value_name = "N")]
    turn: Option<usize>,
    /// A note on the session (or the turn): what the trainee said, and what it earns or misses.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// Who reviews (default: your login name).
    #[arg(long = "by", value_name = "NAME")]
    reviewer: Option<String>,
    /// Rate the turn on the anchored scales: give at least one of --patience, --empathy,
    /// --clarification, --resolution (1-5). A turn is rated once per reviewer.
    #[arg(long, requires = "turn")]
    rate: bool,
    /// Patience level, 1-5.
    #[arg(long, value_name = "1-5", requires = "rate", value_parser = clap::value_parser!(u8).range(1..=5))]
    patience: Option<u8>,
    /// Empathy level, 1-5.
    #[arg(long, value_name = "1-5", requires = "rate", value_parser = clap::value_parser!(u8).range(1..=5))]
    empathy: Option<u8>,
    /// Clarification level, 1-5.
    #[arg(long, value_name = "1-5", requires = "rate", value_parser = clap::value_parser!(u8).range(1..=5))]
    clarification: Option<u8>,
    /// Resolution level, 1-5.
    #[arg(long, value_name = "1-5", requires = "rate", value_parser = clap::value_parser!(u8).range(1..=5))]
    resolution: Option<u8>,
    /// A comment kept with the rating.
    #[arg(long, value_name = "TEXT", requires = "rate")]
    comment: Option<String>,
    /// Rate as a lead reviewer: your ratings become the calibration set new reviewers rate
    /// first and are checked against.
    #[arg(long, requires = "rate")]
    lead: bool,
    /// Type out what a spoken answer says: the words are kept exactly and the turn is scored
    /// on them as typed words (its delivery still counts).
    #[arg(long, value_name = "WORDS", requires = "turn", conflicts_with_all = ["rate", "note"])]
    transcript: Option<String>,
    /// List the answers waiting for you: the calibration set first, then spoken answers, a
    /// sample of typed ones, and flagged ones.
    #[arg(long, conflicts_with_all = ["rate", "note", "transcript"])]
    queue: bool,
    /// The rating scales (default: scales.ron in the data folder, else the bundled ones).
    #[arg(long, value_name = "FILE")]
    scales: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct AgreementArgs {
    /// Only sessions of this scenario.
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
    /// Only this person's sessions.
    #[arg(long, value_name = "NAME")]
    person: Option<String>,
}

#[derive(clap::Args)]
pub struct CalibrateArgs {
    /// Fit to the ratings reviewers gave answers in the trainee's own words (the only source
    /// there is today; required so the command says what it learns from).
    #[arg(long, required = true)]
    from_reviews: bool,
    /// Write the fitted weights into the data folder, for the dimensions where they agree
    /// better with reviewers on held-out answers; cooldown scores with them from its next start.
    #[arg(long)]
    apply: bool,
    /// Only sessions of this scenario.
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
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
    let reviewer = app::review::reviewer_name(args.reviewer.as_deref());
    if args.queue {
        let queue = app::review::queue(&reading(db)?, &reviewer, &Selection::default())?;
        if queue.is_empty() {
            println!("Nothing waits for {reviewer}.");
        }
        for q in &queue {
            let others = match q.ratings {
                0 => String::new(),
                n => format!(", rated by {n} so far"),
            };
            println!("session {} turn {}: {}{others}  (`cooldown review {} --turn {}`)", q.session, q.turn, q.why.describe(), q.session, q.turn);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(session) = args.session else { return Err("name a session, or list what waits with --queue".into()) };
    if let Some(note) = args.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let store = adding_to(db)?;
        app::review::add_note(&store, session, args.turn, Some(&reviewer), note)?;
        let what = args.turn.map_or(String::new(), |t| format!("turn {t} of "));
        println!("Review of {what}session {session} kept.");
        return Ok(ExitCode::SUCCESS);
    }
    if let (Some(turn), Some(words)) = (args.turn, &args.transcript) {
        app::review::transcribe(&adding_to(db)?, session, turn, &reviewer, words)?;
        // Blind: the new score is shown only once this reviewer has rated the turn.
        println!("The words of turn {turn} are kept and the turn is scored on them. Rate it with `cooldown review {session} --turn {turn} --rate --empathy N ...`.");
        return Ok(ExitCode::SUCCESS);
    }
    let Some(turn) = args.turn else {
        print_sheet(&app::review::sheet(&reading(db)?, session)?);
        return Ok(ExitCode::SUCCESS);
    };
    // One store for the rating and what it now stands at; only reading without --rate.
    let store = if args.rate { adding_to(db)? } else { reading(db)? };
    let card = if args.rate {
        let given = app::review::Given {
            levels: [args.patience, args.empathy, args.clarification, args.resolution],
            comment: args.comment.clone().unwrap_or_default(),
            lead: args.lead,
        };
        let card = app::review::rate(&store, session, turn, &reviewer, &given)?;
        println!("Rating of turn {turn} of session {session} by {reviewer} kept.");
        card
    } else {
        app::review::card(&store, session, turn, &reviewer)?
    };
    let (scales, _) = scoring::scales::for_organisation(args.scales.as_deref(), &cooldown::paths::data_dir())
        .map_err(|d| Failure::Rendered(d.render(Style::for_stdout().color)))?;
    print!("{}", cooldown::terminal::review::card(&card, &scales));
    if card.revealed.is_some() {
        let standing = store.session(session)?;
        if let Some(overall) = standing.overall {
            println!("Session {session} now stands at {overall} overall ({}).", standing.band.as_deref().unwrap_or("-"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_sheet(sheet: &app::review::Sheet) {
    let s = &sheet.session;
    println!("Session {}: {} playing {} ({} answers)", s.id, s.person, s.scenario_id, sheet.answers);
    for w in &sheet.waiting {
        if let Some(audio) = &w.audio {
            println!("  turn {}: spoken, not typed out: listen to {audio}", w.turn);
        }
    }
    for (turn, n) in &sheet.rated {
        println!("  turn {turn}: rated by {n} reviewer{}", if *n == 1 { "" } else { "s" });
    }
    for r in &sheet.reviews {
        let what = r.turn.map_or("session".to_string(), |t| format!("turn {t}"));
        println!("  {what}: reviewed by {} on {}: {}", r.reviewer, cooldown::clock::date(r.created_ms), r.note);
    }
    if !sheet.waiting.is_empty() {
        println!("Rate a turn with `cooldown review {} --turn N` (shown blind first), or add a note with --note TEXT.", s.id);
    } else if sheet.reviews.is_empty() && sheet.rated.is_empty() {
        println!("Nothing awaits review.");
    }
}

pub fn agreement(db: &Location, args: &AgreementArgs) -> Result<ExitCode, Failure> {
    let filter = cooldown::report::Filter { person: args.person.clone(), scenario: args.scenario.clone() };
    let figures = app::agreement::agreement(&reading(db)?, &filter)?;
    print!("{}", cooldown::terminal::review::agreement(&figures));
    Ok(ExitCode::SUCCESS)
}

pub fn calibrate(db: &Location, args: &CalibrateArgs) -> Result<ExitCode, Failure> {
    let filter = cooldown::report::Filter { person: None, scenario: args.scenario.clone() };
    let fitted = app::calibrate::from_reviews(&reading(db)?, &filter)?;
    let percent = |x: f64| format!("{:.0}%", x * 100.0);
    println!("The learned layer against your reviewers ({}-fold cross-validated; after = each answer judged by a fit made without it):", cooldown::scoring::recalibrate::FOLDS);
    for f in &fitted.fits {
        println!(
            "  {:<14} {:>4} answers  shift {:+.2}  verdicts {} -> {}  distance {:.2} -> {:.2}{}",
            f.dimension.name(),
            f.before.answers,
            f.shift,
            percent(f.before.verdicts),
            percent(f.after.verdicts),
            f.before.distance,
            f.after.distance,
            if f.helps() { "" } else { "  (no better: left as it is)" }
        );
    }
    for (d, n) in &fitted.too_few {
        println!("  {:<14} {n:>4} answers: too few to fit (at least {} needed)", d.name(), cooldown::scoring::recalibrate::MIN_ANSWERS);
    }
    println!("Verdicts: the share of answers where the layer's call (shows the quality, lacks it, neither) is the reviewers' (above, below or at level 3); distance: how far its probability is from the reviewers' level, 0-1.");
    if !args.apply {
        println!("Nothing changed. Run again with --apply to score with the fitted weights.");
        return Ok(ExitCode::SUCCESS);
    }
    let date = cooldown::clock::date(cooldown::clock::now_ms());
    match app::calibrate::apply(&fitted, &cooldown::paths::data_dir(), &date) {
        Ok(path) => {
            println!("Applied: {}. cooldown scores with it from its next start; delete it to go back to the bundled weights.", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(e.to_string().into()),
    }
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
