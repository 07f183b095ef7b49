//! The `cooldown` command line: its commands and where each goes. The commands themselves are
//! in `cli/`, and what they do in `cooldown::app`.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::assess::{AssessCommand, KeysCommand};
use cli::authoring::{ExploreArgs, GraphArgs, LintArgs, RecordArgs, ScoreArgs, ScriptArgs, TestArgs, WalkArgs};
use cli::play::{PlayArgs, Setting};
use cli::results::{AgreementArgs, CalibrateArgs, DbCommand, HistoryArgs, ReportArgs, ReviewArgs};
use cooldown::scenario::pack;
use cooldown::store::Location;

#[derive(Parser)]
#[command(name = "cooldown", version, about = "Practise handling angry customers.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Folder of scenarios to play from (default: the bundled pack in scenarios/).
    #[arg(long, global = true, value_name = "DIR")]
    pack: Option<PathBuf>,
    /// The results database: a file, or a PostgreSQL server's postgres://user@host/db (default:
    /// $COOLDOWN_DB, else cooldown.db in the data folder, ~/.local/share/cooldown).
    #[arg(long, global = true, value_name = "PATH|URL", value_parser = cli::results::location_parser())]
    db: Option<Location>,
}

#[derive(Subcommand)]
enum Command {
    /// Play a scenario (picked from the pack when none is named).
    Play(PlayArgs),
    /// Check scenario files for mistakes; exits 1 when any error is found.
    Lint(LintArgs),
    /// What a scenario's paths can score: per dimension the least and most, per ending the best
    /// and worst call that reaches it, the path count, and findings about paths.
    Explore(ExploreArgs),
    /// Draw a scenario's branch graph: Graphviz DOT, Mermaid, or a self-contained SVG.
    Graph(GraphArgs),
    /// Run test plans (NAME.plan.ron beside NAME.ron): scripted calls and how each must end;
    /// exits 1 when any fails.
    Test(TestArgs),
    /// Play a scenario many times with random answers: how the calls end, bands, each
    /// dimension's spread, how often each answer is picked, endings never reached.
    Walk(WalkArgs),
    /// Start a scenario: writes ID.ron (commented, lints clean) and its test plan ID.plan.ron
    /// into the pack folder (--pack, default the bundled one); never over an existing file.
    New {
        /// The new scenario's id: letters, digits, `-` and `_`.
        id: String,
    },
    /// Score free-text answers: one, or a batch of JSON lines.
    Score(ScoreArgs),
    /// Voice the customer's lines: record every line without a (current) recording, or take a
    /// folder of recordings made elsewhere (--import DIR, files named as `cooldown script` lists).
    Record(RecordArgs),
    /// The voice actor's script: every take to record (each line's text and variants) with who
    /// says it, how, and its recording status; CSV (default, to standard output) or HTML.
    Script(ScriptArgs),
    /// List the microphones cooldown can record from.
    Devices,
    /// Transcribe WAV recordings offline (Whisper, after `make stt`): the words, or with --json
    /// each word's timing and confidence.
    Transcribe {
        /// The recordings (.wav).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// One JSON object per file: text, words with start, end and confidence, engine.
        #[arg(long)]
        json: bool,
    },
    /// Past sessions with their scores, and first against best attempts.
    History(HistoryArgs),
    /// Reports from the results: a self-contained HTML page, CSV, or xAPI statements.
    Report(ReportArgs),
    /// Review answers: rate a turn on the anchored scales (blind), type out a spoken answer, add
    /// a note, or list what waits for you (--queue).
    Review(ReviewArgs),
    /// How well reviewers agree, and how well the automatic scorer agrees with them.
    Agreement(AgreementArgs),
    /// Fit the learned layer to your reviewers' ratings (cross-validated); --apply to use it.
    Calibrate(CalibrateArgs),
    /// The results database itself: bring it to this version, or copy it into another.
    #[command(subcommand)]
    Db(DbCommand),
    /// Screening assessments: invite candidates, sit one, seal a result.
    #[command(subcommand)]
    Assess(AssessCommand),
    /// The organisation's key that signs screening results.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Delete a person and everything kept about them (sessions, answers, recordings, reviews, invitations).
    Forget {
        /// Who.
        #[arg(long = "person", value_name = "NAME")]
        person: String,
    },
    /// Everything held about a person, for them: a JSON file and their recordings.
    Export {
        /// Who.
        #[arg(long = "person", value_name = "NAME")]
        person: String,
        /// A new folder to write into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Check a sealed screening result: its signature, and that the database still agrees.
    Verify {
        /// The sealed result (a .json file).
        file: PathBuf,
    },
}

/// When the process started (the window reports its start-up time from here).
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn main() -> ExitCode {
    STARTED.get_or_init(std::time::Instant::now);
    end_quietly_when_output_closes();
    let cli = Cli::parse();
    let pack_dir = cli.pack.clone().unwrap_or_else(pack::default_pack_dir);
    let db = cli.db.clone().unwrap_or_else(Location::from_env_or_default);
    let setting = Setting { pack_dir: &pack_dir, db: &db, started: STARTED.get().copied() };
    // An organisation's recalibrated weights, before anything is scored.
    match cooldown::app::calibrate::install_organisation(&cooldown::paths::data_dir()) {
        Ok(_) => {}
        Err(d) => eprintln!("warning: {}: {}; scoring with the bundled weights (fix or delete the file)", d.position(), d.message),
    }
    let result = match cli.command {
        Some(Command::Play(args)) => cli::play::run(&setting, &args),
        Some(Command::Lint(args)) => cli::authoring::lint(&pack_dir, &args),
        Some(Command::Explore(args)) => cli::authoring::explore(&pack_dir, &args),
        Some(Command::Graph(args)) => cli::authoring::graph(&pack_dir, &args),
        Some(Command::Test(args)) => cli::authoring::test(&pack_dir, &args),
        Some(Command::Walk(args)) => cli::authoring::walk(&pack_dir, &args),
        Some(Command::New { id }) => cli::authoring::new(&pack_dir, &id),
        Some(Command::Score(args)) => cli::authoring::score(&pack_dir, &args),
        Some(Command::Record(args)) => cli::authoring::record(&pack_dir, &args),
        Some(Command::Script(args)) => cli::authoring::script(&pack_dir, &args),
        Some(Command::Devices) => cli::authoring::devices(),
        Some(Command::Transcribe { files, json }) => cli::authoring::transcribe(&files, json),
        Some(Command::History(args)) => cli::results::history(&db, &args),
        Some(Command::Report(args)) => cli::results::report(&db, &args),
        Some(Command::Review(args)) => cli::results::review(&db, &args),
        Some(Command::Agreement(args)) => cli::results::agreement(&db, &args),
        Some(Command::Calibrate(args)) => cli::results::calibrate(&db, &args),
        Some(Command::Db(command)) => cli::results::db(&db, &command),
        Some(Command::Assess(command)) => cli::assess::run(&db, &command),
        Some(Command::Keys(command)) => cli::assess::keys(&command),
        Some(Command::Verify { file }) => cli::assess::verify(&db, &file),
        Some(Command::Forget { person }) => cli::assess::forget(&db, &person),
        Some(Command::Export { person, out }) => cli::assess::export(&db, &person, &out),
        None => cli::play::run(&setting, &PlayArgs::default()),
    };
    result.unwrap_or_else(|failure| {
        eprint!("{}", failure.render());
        ExitCode::FAILURE
    })
}

/// Like other command-line tools, end without a word when the reader of our output goes away
/// (`| head`). Rust ignores SIGPIPE, so every `println!` after that would panic instead.
#[cfg(unix)]
fn end_quietly_when_output_closes() {
    // SAFETY: restoring the default action of one signal at start, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn end_quietly_when_output_closes() {}
