//! The `cooldown` command line.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use cooldown::app::{self, pack::OpenError};
use cooldown::diagnostic::{Code, Diagnostic};
use cooldown::engine::Mode;
use cooldown::store::{Keeping, ResumeError, Resumed, Role, ScenarioRef, Store};
use cooldown::scenario::{self, lint, pack, LoadedScenario};
use cooldown::scoring::{batch, rubric, Context, Scorer};
use cooldown::audio::talk::Talk;
use cooldown::terminal::{render, Finish, Player, Style};

#[derive(Parser)]
#[command(name = "cooldown", version, about = "Practise handling angry customers.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Folder of scenarios to play from (default: the bundled pack in scenarios/).
    #[arg(long, global = true, value_name = "DIR")]
    pack: Option<PathBuf>,
    /// The results database (default: cooldown.db in the data folder, ~/.local/share/cooldown).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Play a scenario (picked from the pack when none is named).
    Play(PlayArgs),
    /// Check scenario files for mistakes; exits 1 when any error is found.
    Lint(LintArgs),
    /// Score free-text answers: one, or a batch of JSON lines.
    Score(ScoreArgs),
    /// Voice the customer's lines: record every line without a (current) recording.
    Record(RecordArgs),
    /// List the microphones cooldown can record from.
    Devices,
    /// Past sessions with their scores, and first against best attempts.
    History(HistoryArgs),
    /// Reports from the results: a self-contained HTML page, CSV, or xAPI statements.
    Report(ReportArgs),
    /// A reviewer's note on a session or one of its turns; without --note, what awaits review.
    Review(ReviewArgs),
}

#[derive(clap::Args)]
struct ReviewArgs {
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

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("outputs").required(true).multiple(true).args(["out", "csv", "xapi"])))]
struct ReportArgs {
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
struct HistoryArgs {
    /// Only this person's sessions.
    #[arg(long, value_name = "NAME")]
    person: Option<String>,
}

#[derive(clap::Args)]
struct RecordArgs {
    /// A scenario file, the id of a scenario in the pack, or a folder of scenarios.
    scenario: String,
    /// Record only this line (every wording of it), even if it already has a recording.
    #[arg(long, value_name = "ID")]
    line: Option<String>,
    /// The microphone to use (see `cooldown devices`); default: the system's default input.
    #[arg(long, value_name = "NAME", conflicts_with = "synthesise")]
    device: Option<String>,
    /// Fill lines that have no recording with espeak-ng placeholder voices instead (one voice
    /// per persona); people's recordings are never overwritten.
    #[arg(long)]
    synthesise: bool,
    /// With --synthesise: replace people's recordings too (with --line, just that line's).
    #[arg(long, requires = "synthesise")]
    replace_recordings: bool,
}

#[derive(clap::Args)]
struct ScoreArgs {
    /// The answer to score (leave out with --batch).
    text: Option<String>,
    /// Score as an answer at a node of this scenario (a file or an id in the pack)...
    #[arg(long, requires = "node")]
    scenario: Option<String>,
    /// ...at this node: its customer line, emotion and expectations are the context.
    #[arg(long, requires = "scenario")]
    node: Option<String>,
    /// What the customer just said, when no scenario is given.
    #[arg(long, conflicts_with = "scenario")]
    context: Option<String>,
    /// JSON Lines to score (`-` for standard input): {"id": .., "text": .., "context": ..} per line.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["text", "scenario"])]
    batch: Option<PathBuf>,
    /// A rubric file to use instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    rubric: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(clap::Args, Default)]
struct PlayArgs {
    /// A scenario file, or the id of a scenario in the pack.
    scenario: Option<String>,
    /// Play in the terminal, even where a window could open.
    #[arg(long, conflicts_with = "gui")]
    terminal: bool,
    /// Open the window even where no display is detected.
    #[arg(long)]
    gui: bool,
    /// Walk through every screen of the window, save PNGs and timings into DIR, and exit.
    #[arg(long, value_name = "DIR", hide = true)]
    screenshots: Option<PathBuf>,
    /// Seed for the customer's wording and the order of options; the same seed replays the same session.
    #[arg(long)]
    seed: Option<u64>,
    /// The microphone for spoken answers (see `cooldown devices`); default: the system's default input.
    #[arg(long, value_name = "NAME")]
    device: Option<String>,
    /// Who is playing: the session is kept under this name (default: your login name).
    #[arg(long = "as", value_name = "NAME")]
    person: Option<String>,
    /// For a new name: a trainee practising, or a candidate being screened (default: candidate
    /// in screening mode, trainee otherwise).
    #[arg(long, value_enum)]
    role: Option<RoleArg>,
    /// The person's id elsewhere (an HR or LMS id), kept with their name for exports.
    #[arg(long, value_name = "ID")]
    external_id: Option<String>,
    /// Go on with an unfinished session: the given one, or this person's latest.
    #[arg(long, value_name = "SESSION", num_args = 0..=1, conflicts_with_all = ["scenario", "seed"])]
    resume: Option<Option<i64>>,
    /// practice: feedback after each answer; screening: shuffled options, feedback only at the end.
    #[arg(long, default_value = "practice", value_parser = parse_mode)]
    mode: Mode,
}

#[derive(clap::Args)]
struct LintArgs {
    /// Scenario files or folders (default: the bundled pack).
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Explain a diagnostic code (e.g. C002), or every code with `all`.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Trainee,
    Candidate,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// When the process started (the window reports its start-up time from here).
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn parse_mode(s: &str) -> Result<Mode, String> {
    s.parse()
}

fn main() -> ExitCode {
    STARTED.get_or_init(std::time::Instant::now);
    end_quietly_when_output_closes();
    let cli = Cli::parse();
    let pack_dir = cli.pack.clone().unwrap_or_else(pack::default_pack_dir);
    let result = match cli.command {
        Some(Command::Play(args)) => play(&pack_dir, cli.db.as_deref(), &args),
        Some(Command::Lint(args)) => run_lint(&pack_dir, &args),
        Some(Command::Score(args)) => run_score(&pack_dir, &args),
        Some(Command::Record(args)) => run_record(&pack_dir, &args),
        Some(Command::Devices) => list_devices(),
        Some(Command::History(args)) => history(cli.db.as_deref(), &args),
        Some(Command::Report(args)) => report(cli.db.as_deref(), &args),
        Some(Command::Review(args)) => review(cli.db.as_deref(), &args),
        None => play(&pack_dir, cli.db.as_deref(), &PlayArgs::default()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            if is_rendered_finding(&message) {
                eprint!("{message}");
            } else {
                eprintln!("error: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

/// A finding rendered by [`Diagnostic::render`] carries its own `× error[C...]` header (after
/// any colour codes), so it is printed as it is, not after a second "error:".
fn is_rendered_finding(message: &str) -> bool {
    let colour = |c: char| c == '\x1b' || c == '[' || c == ';' || c == 'm' || c.is_ascii_digit();
    message.trim_start().trim_start_matches(colour).starts_with(['×', '⚠'])
}

fn run_lint(pack_dir: &Path, args: &LintArgs) -> Result<ExitCode, String> {
    if let Some(code) = &args.explain {
        let codes: Vec<Code> =
            if code.eq_ignore_ascii_case("all") { Code::ALL.to_vec() } else { vec![code.parse::<Code>()?] };
        for c in codes {
            println!("{c} ({:?}): {}", c.severity(), c.explanation());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let paths = if args.paths.is_empty() { vec![pack_dir.to_path_buf()] } else { args.paths.clone() };
    if let Some(empty) = paths.iter().find(|p| p.is_dir() && pack::scenario_files(p).is_ok_and(|f| f.is_empty())) {
        return Err(format!("no scenario files (*.ron) in {}; name a scenario file or a folder that holds some", empty.display()));
    }
    let diagnostics = lint::lint_paths(&paths);
    match args.format {
        Format::Json => {
            let all: Vec<_> = diagnostics.iter().map(Diagnostic::to_json).collect();
            println!("{}", serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?);
        }
        Format::Human => {
            let color = Style::for_stdout().color;
            for d in &diagnostics {
                print!("{}", d.render(color));
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            let files: usize = paths.iter().filter_map(|p| pack::scenario_files(p).ok()).map(|f| f.len()).sum();
            println!("{files} scenario file(s) checked: {errors} error(s), {warnings} warning(s)");
        }
    }
    Ok(if lint::has_errors(&diagnostics) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

#[cfg(feature = "audio")]
fn list_devices() -> Result<ExitCode, String> {
    use cooldown::audio::mic::{input_devices, Mic, MicError};
    let names = input_devices().map_err(|e| e.to_string())?;
    if names.is_empty() {
        return Err(MicError::NoInputDevice.to_string());
    }
    let default = Mic::open(None).ok().map(|m| m.name().to_string());
    for name in names {
        let mark = if default.as_deref() == Some(name.as_str()) { "  (default)" } else { "" };
        println!("{name}{mark}");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "audio"))]
fn list_devices() -> Result<ExitCode, String> {
    Err("this cooldown was built without microphone support (feature `audio`); answers can be typed".into())
}

fn run_record(pack_dir: &Path, args: &RecordArgs) -> Result<ExitCode, String> {
    use cooldown::terminal::record::{self, Speaker};
    let style = Style::for_stdout();
    let scenarios = if Path::new(&args.scenario).is_dir() {
        let (found, errors) = pack::load_pack(Path::new(&args.scenario));
        if let Some(e) = errors.first() {
            return Err(e.render(style.color));
        }
        found
    } else {
        vec![find_scenario(pack_dir, &args.scenario)?]
    };
    let speaker = match (args.synthesise, args.replace_recordings) {
        (false, _) => Speaker::Person,
        (true, false) => Speaker::Synthesiser,
        (true, true) => Speaker::SynthesiserOverPeople,
    };
    let mut source = None;
    let input = stdin_lines();
    for loaded in &scenarios {
        let jobs = record::jobs(loaded, args.line.as_deref(), speaker).map_err(|e| e.to_string())?;
        if jobs.is_empty() {
            println!("{}: every line has a current recording.", loaded.source.path.display());
            continue;
        }
        let mut out = io::stdout();
        let report = if speaker != Speaker::Person {
            println!("{}: synthesising {} take(s)", loaded.source.path.display(), jobs.len());
            record::synthesise(loaded, &jobs, &mut out)
        } else {
            let source = match &mut source {
                Some(s) => s,
                None => source.insert(open_microphone(args.device.as_deref(), &args.scenario)?),
            };
            record::record(loaded, &jobs, source.as_mut(), &input, &mut out, &style, record::Pace::default())
        }
        .map_err(|e| e.to_string())?;
        println!("{} kept, {} skipped.", report.kept, report.skipped);
        if report.quit {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Standard input as a channel of lines, so a screen can wait for Enter while it redraws.
fn stdin_lines() -> std::sync::mpsc::Receiver<String> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in io::stdin().lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

#[cfg(feature = "audio")]
fn open_microphone(name: Option<&str>, scenario: &str) -> Result<Box<dyn cooldown::audio::source::Source>, String> {
    use cooldown::audio::mic::{open_source, MicError};
    // MicError's own advice (type your answers) is for a trainee; a trainer voicing lines has
    // the synthesiser as the alternative.
    open_source(name).map_err(|e| match e {
        MicError::NoHost | MicError::NoInputDevice => format!(
            "no microphone was found; plug one in (then check `cooldown devices`), or give the lines \
             placeholder voices with `cooldown record {scenario} --synthesise`"
        ),
        e => e.to_string(),
    })
}

#[cfg(not(feature = "audio"))]
fn open_microphone(_name: Option<&str>, scenario: &str) -> Result<Box<dyn cooldown::audio::source::Source>, String> {
    Err(format!(
        "this cooldown was built without microphone support (feature `audio`); use `cooldown record {scenario} --synthesise` for placeholder voices"
    ))
}

fn run_score(pack_dir: &Path, args: &ScoreArgs) -> Result<ExitCode, String> {
    let scorer = match &args.rubric {
        Some(path) => Arc::new(Scorer::new(rubric::load_file(path).map_err(|d| d.render(Style::for_stdout().color))?)),
        None => Scorer::bundled(),
    };
    if let Some(batch) = &args.batch {
        return score_batch(&scorer, batch);
    }
    let text = args.text.as_deref().ok_or("give the answer to score, or --batch FILE")?;
    let loaded = match &args.scenario {
        Some(name) => Some(find_scenario(pack_dir, name)?),
        None => None,
    };
    let persona = loaded.as_ref().map(|l| l.scenario.customer.persona);
    let (line, emotion, expect) = match (&loaded, &args.node) {
        (Some(l), Some(node_id)) => {
            let node = l.scenario.node(node_id).ok_or_else(|| {
                let ids = l.scenario.nodes.iter().map(|n| n.id.as_str());
                let hint = scenario::closest(node_id, ids).map_or(String::new(), |c| format!(" Did you mean `{c}`?"));
                format!("scenario `{}` has no node `{node_id}`.{hint}", l.scenario.id)
            })?;
            let last = node.lines.last();
            (last.map_or("", |l| l.text.as_str()), last.map(|l| l.emotion), Some(&node.expect))
        }
        _ => (args.context.as_deref().unwrap_or(""), None, None),
    };
    let score = scorer.score(text, &Context { customer_line: line, emotion, expect, persona });
    match args.format {
        Format::Json => println!("{}", batch::to_json(&serde_json::Value::Null, &score)),
        Format::Human => print!("{}", render::answer_score(&Style::for_stdout(), &score)),
    }
    Ok(ExitCode::SUCCESS)
}

/// Scores JSON lines, writing one result line per input line. A bad line is reported on
/// stderr with its number and skipped; the exit code is 1 if any line was bad.
fn score_batch(scorer: &Scorer, path: &Path) -> Result<ExitCode, String> {
    let input: Box<dyn io::BufRead> = if path == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Box::new(io::BufReader::new(file))
    };
    let output = io::BufWriter::new(io::stdout().lock());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let report = |r: batch::Refused| eprintln!("{}:{}: {}", path.display(), r.line, r.why);
    let bad = batch::score_stream(scorer, input, output, threads, report).map_err(|e| match e {
        batch::StreamError::Read(e) => format!("cannot read {}: {e}", path.display()),
        write => write.to_string(),
    })?;
    Ok(if bad > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn play(pack_dir: &Path, db: Option<&Path>, args: &PlayArgs) -> Result<ExitCode, String> {
    if args.resume.is_some() {
        return resume(db, args);
    }
    if !args.terminal {
        if let Some(code) = play_in_window(pack_dir, db, args)? {
            return Ok(code);
        }
    }
    play_in_terminal(pack_dir, db, args)
}

/// The results database to write to, or why not (the caller decides whether to go on without
/// it): created when missing, with the data folder only at the default place.
fn open_store(db: Option<&Path>) -> Result<Store, String> {
    let store = match db {
        Some(path) => Store::open(path),
        None => Store::open_default(),
    }
    .map_err(|e| e.to_string())?;
    warn_about(&store);
    Ok(store)
}

/// Says what the store found wrong on opening, if anything.
fn warn_about(store: &Store) {
    if let Some(w) = store.warning() {
        eprintln!("warning: {w}");
    }
}

/// An existing results database, to add to (a review, a resumed session): a mistyped --db is
/// an error, not a new empty file.
fn open_existing(db: Option<&Path>) -> Result<Store, String> {
    let path = db.map_or_else(Store::default_path, Path::to_path_buf);
    if !path.is_file() {
        return Err(cooldown::store::StoreError::Missing { path }.to_string());
    }
    open_store(Some(&path))
}

/// The results database, to read from: it must exist; nothing is created or changed.
fn read_store(db: Option<&Path>) -> Result<Store, String> {
    let store = Store::open_read_only(&db.map_or_else(Store::default_path, Path::to_path_buf)).map_err(|e| e.to_string())?;
    warn_about(&store);
    Ok(store)
}

/// Who is playing: `--as`, else the login name.
fn player_name(args: &PlayArgs) -> String {
    app::session::player_name(args.person.as_deref())
}

/// Starts keeping a session in the store; without a store, says so and plays anyway.
fn keeping(db: Option<&Path>, args: &PlayArgs, loaded: &LoadedScenario, seed: u64, answers: &Path) -> Option<Keeping> {
    let start = || -> Result<Keeping, String> {
        let store = open_store(db)?;
        let role = args.role.map(|r| match r {
            RoleArg::Candidate => Role::Candidate,
            RoleArg::Trainee => Role::Trainee,
        });
        let who = app::session::Player { name: player_name(args), role, external_id: args.external_id.clone() };
        let kept = app::session::begin(&store, &who, &ScenarioRef::of(loaded), args.mode, seed, Some(answers)).map_err(|e| e.to_string())?;
        Ok(Keeping { store, kept })
    };
    match start() {
        Ok(k) => Some(k),
        Err(e) => {
            eprintln!("warning: this session will not be kept: {e}");
            None
        }
    }
}

/// `play --resume`: rebuilds an unfinished session from its stored answers and goes on.
fn resume(db: Option<&Path>, args: &PlayArgs) -> Result<ExitCode, String> {
    let store = open_existing(db)?;
    let resumed = app::session::resume(&store, &player_name(args), args.resume.flatten()).map_err(|e| match e {
        ResumeError::Load { source, .. } => source.into_diagnostic().render(Style::for_stdout().color),
        e @ ResumeError::NoneUnfinished { .. } => format!("{e} in {}; `cooldown history` lists them", store.path().display()),
        e => e.to_string(),
    })?;
    let mut player = stdin_player();
    if let Some(dir) = &resumed.stored.answers_dir {
        player = player.with_talk(talk(args, dir.into()));
    }
    let Resumed { session, kept, .. } = resumed;
    let mut player = player.with_keeper(Keeping { store, kept });
    player.resume(session).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}


fn report(db: Option<&Path>, args: &ReportArgs) -> Result<ExitCode, String> {
    use cooldown::app::export::{self, ExportError, Outputs};
    let store = read_store(db)?;
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
    let written = export::export(&store, &filter, &outputs, cooldown::clock::now_ms(), progress).map_err(|e| match e {
        e @ ExportError::NoSessions { .. } => format!("{e}; `cooldown history` lists who has played"),
        ExportError::PrefixIsFolder { prefix } => {
            let (s, t) = export::csv_paths(&prefix.join("cohort"));
            format!("--csv takes the start of a file name, not a folder: e.g. `--csv {}` writes {} and {}", prefix.join("cohort").display(), s.display(), t.display())
        }
        e => e.to_string(),
    })?;
    bar.finish_and_clear();
    for w in written {
        println!("{}: {} {}", w.path.display(), w.count, w.what);
    }
    Ok(ExitCode::SUCCESS)
}

fn review(db: Option<&Path>, args: &ReviewArgs) -> Result<ExitCode, String> {
    if let Some(note) = args.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let store = open_existing(db)?;
        app::review::add_note(&store, args.session, args.turn, args.reviewer.as_deref(), note).map_err(|e| e.to_string())?;
        let what = args.turn.map_or(String::new(), |t| format!("turn {t} of "));
        println!("Review of {what}session {} kept.", args.session);
        return Ok(ExitCode::SUCCESS);
    }
    let sheet = app::review::sheet(&read_store(db)?, args.session).map_err(|e| e.to_string())?;
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

fn history(db: Option<&Path>, args: &HistoryArgs) -> Result<ExitCode, String> {
    let store = read_store(db)?;
    let sessions = store.sessions(args.person.as_deref()).map_err(|e| e.to_string())?;
    print!("{}", cooldown::terminal::history::render(&Style::for_stdout(), &sessions));
    Ok(ExitCode::SUCCESS)
}

/// Opens the window when one can be opened; `None` means "use the terminal instead".
#[cfg(feature = "gui")]
fn play_in_window(pack_dir: &Path, db: Option<&Path>, args: &PlayArgs) -> Result<Option<ExitCode>, String> {
    let wanted = args.gui || args.screenshots.is_some();
    if !cooldown::gui::display_available() {
        if wanted {
            // winit would fail to connect (and Bevy panic); say what to do instead.
            return Err("no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open; \
                        play in the terminal with `cooldown play --terminal`, or run under `xvfb-run`"
                .into());
        }
        eprintln!("No display found (DISPLAY and WAYLAND_DISPLAY are unset): playing in the terminal.");
        return Ok(None);
    }
    // A named scenario opens straight into its session; its folder is the pack.
    let (pack_dir, start_with) = match &args.scenario {
        Some(name) => {
            let loaded = find_scenario(pack_dir, name)?;
            (loaded.pack_dir().to_path_buf(), Some(loaded.scenario.id))
        }
        None => (pack_dir.to_path_buf(), None),
    };
    cooldown::gui::run(cooldown::gui::GuiConfig {
        pack_dir,
        start_with,
        mode: args.mode,
        seed: args.seed,
        screenshots: args.screenshots.clone(),
        started: STARTED.get().copied(),
        device: args.device.clone(),
        person: player_name(args),
        db: db.map(Path::to_path_buf),
    })?;
    Ok(Some(ExitCode::SUCCESS))
}

#[cfg(not(feature = "gui"))]
fn play_in_window(_pack_dir: &Path, _db: Option<&Path>, args: &PlayArgs) -> Result<Option<ExitCode>, String> {
    if args.gui || args.screenshots.is_some() {
        return Err("this cooldown was built without the window (feature `gui`); play in the terminal instead".into());
    }
    Ok(None)
}

fn play_in_terminal(pack_dir: &Path, db: Option<&Path>, args: &PlayArgs) -> Result<ExitCode, String> {
    let style = Style::for_stdout();
    let mut player = stdin_player();

    let loaded = match &args.scenario {
        // The lint gate: a scenario with errors would leave the trainee at a dead end mid-call.
        Some(name) => app::pack::playable(find_scenario(pack_dir, name)?).map_err(open_error)?,
        None => {
            let open = app::pack::open_pack(pack_dir);
            for e in &open.problems {
                eprint!("{}", e.render(style.color));
            }
            let mut scenarios = open.playable;
            if scenarios.is_empty() {
                return Err(format!(
                    "no playable scenarios in {}; name one with `cooldown play FILE` or choose a folder with --pack",
                    pack_dir.display()
                ));
            }
            player.say(&style.bold(&format!("Scenarios in {}:", pack_dir.display()))).map_err(io_err)?;
            for (i, s) in scenarios.iter().enumerate() {
                let sc = &s.scenario;
                let line = format!(
                    "  {}  {}  ({:?} · {} · {})",
                    i + 1,
                    sc.title,
                    sc.difficulty,
                    sc.customer.name,
                    sc.customer.persona.describe()
                );
                player.say(&line).map_err(io_err)?;
            }
            match player.pick("Pick a scenario", scenarios.len()).map_err(io_err)? {
                Some(i) => scenarios.swap_remove(i),
                None => return Ok(ExitCode::SUCCESS),
            }
        }
    };

    let seed = args.seed.unwrap_or_else(cooldown::engine::fresh_seed);
    let answers = cooldown::paths::answers_root().join(cooldown::paths::session_folder(&loaded.scenario.id, seed));
    let keeper = keeping(db, args, &loaded, seed, &answers);
    let mut player = player.with_talk(talk(args, answers));
    if let Some(keeper) = keeper {
        player = player.with_keeper(keeper);
    }
    let scenario = Arc::new(loaded.scenario);
    // Leaving early is the trainee's choice, not a failure.
    match player.play(scenario, seed, args.mode).map_err(|e| e.to_string())? {
        Finish::Ended(_) | Finish::Abandoned { .. } => Ok(ExitCode::SUCCESS),
    }
}

/// The terminal player on standard input and output; piped input is echoed, so the output
/// still reads as a transcript.
fn stdin_player() -> Player<io::StdinLock<'static>, io::Stdout> {
    let stdin = io::stdin();
    let echo = !stdin.is_terminal();
    Player::new(stdin.lock(), io::stdout(), Style::for_stdout()).with_echo(echo)
}

/// Answering aloud with `--device` (opened on first use), saving answers into `dir`.
fn talk(args: &PlayArgs, dir: PathBuf) -> Talk {
    let device = args.device.clone();
    Talk::new(Box::new(move || answer_microphone(device.as_deref())), dir)
}

/// The microphone for spoken answers; the error suggests typing instead.
#[cfg(feature = "audio")]
fn answer_microphone(name: Option<&str>) -> Result<Box<dyn cooldown::audio::source::Source>, String> {
    cooldown::audio::mic::open_source(name).map_err(|e| e.to_string())
}

#[cfg(not(feature = "audio"))]
fn answer_microphone(_name: Option<&str>) -> Result<Box<dyn cooldown::audio::source::Source>, String> {
    Err("this cooldown was built without microphone support (feature `audio`); type your answers".into())
}

/// A scenario named on the command line: a file path, or a scenario id in the pack.
fn find_scenario(pack_dir: &Path, name: &str) -> Result<LoadedScenario, String> {
    app::pack::find_scenario(pack_dir, name).map_err(open_error)
}

/// An [`OpenError`] for the terminal: findings rendered like rustc, with the CLI's advice.
fn open_error(e: OpenError) -> String {
    let color = Style::for_stdout().color;
    match e {
        OpenError::Load(l) => l.into_diagnostic().render(color),
        OpenError::HasErrors { path, findings } => {
            for d in &findings {
                eprint!("{}", d.render(color));
            }
            format!("{} has errors; fix them (see `cooldown lint`) before playing", path.display())
        }
        other => other.to_string(),
    }
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

fn io_err(e: io::Error) -> String {
    format!("terminal I/O failed: {e}")
}
