//! The trainer's and the integrator's commands: `lint`, `explore`, `graph`, `test`, `walk`,
//! `new`, `record`, `devices`, `score`.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use cooldown::diagnostic::{Code, Diagnostic};
use cooldown::scenario::{self, lint, pack};
use cooldown::scoring::{batch, rubric, Context, Scorer};
use cooldown::terminal::{render, Style};

use super::{find_scenario, Failure};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(clap::Args)]
pub struct LintArgs {
    /// Scenario files or folders (default: the bundled pack).
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Explain a diagnostic code (e.g. C002), every code with `all`, or with `format` print the
    /// scenario format reference (every field, type, default and value).
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
}

#[derive(clap::Args)]
pub struct ExploreArgs {
    /// A scenario file, or the id of a scenario in the pack.
    scenario: String,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Svg,
}

#[derive(clap::Args)]
pub struct GraphArgs {
    /// A scenario file, or the id of a scenario in the pack.
    scenario: String,
    #[arg(long, value_enum, default_value_t = GraphFormat::Svg)]
    format: GraphFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct TestArgs {
    /// Plan files, scenario files (their plan beside them) or folders (default: the bundled pack).
    paths: Vec<PathBuf>,
}

#[derive(clap::Args)]
pub struct WalkArgs {
    /// A scenario file, or the id of a scenario in the pack.
    scenario: String,
    /// How many calls.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    n: u64,
    /// The seed of the random answers (the same seed gives the same counts).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(clap::Args)]
pub struct RecordArgs {
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
    /// Take recordings made elsewhere: every TAKE.wav in this folder, named as in `cooldown
    /// script` (e.g. gift-01.wav, gift-01.1.wav), becomes that line's recording.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["synthesise", "line", "device"])]
    import: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ScriptArgs {
    /// A scenario file, the id of a scenario in the pack, or a folder of scenarios (default:
    /// the bundled pack).
    scenario: Option<String>,
    /// Write the script as CSV (one row per take) to this file.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Write the script as a printable HTML page to this file.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ScoreArgs {
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

pub fn lint(pack_dir: &Path, args: &LintArgs) -> Result<ExitCode, Failure> {
    if let Some(code) = &args.explain {
        if code.eq_ignore_ascii_case("format") {
            print!("{}", include_str!("../../docs/scenario-format.md"));
            return Ok(ExitCode::SUCCESS);
        }
        let codes: Vec<Code> = if code.eq_ignore_ascii_case("all") { Code::ALL.to_vec() } else { vec![code.parse::<Code>()?] };
        for c in codes {
            println!("{c} ({:?}): {}", c.severity(), c.explanation());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let paths = if args.paths.is_empty() { vec![pack_dir.to_path_buf()] } else { args.paths.clone() };
    if let Some(empty) = paths.iter().find(|p| p.is_dir() && pack::scenario_files(p).is_ok_and(|f| f.is_empty())) {
        return Err(format!("no scenario files (*.ron) in {}; name a scenario file or a folder that holds some", empty.display()).into());
    }
    let diagnostics = cooldown::app::lint::lint_paths(&paths);
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
            println!("{files} file(s) checked: {errors} error(s), {warnings} warning(s)");
        }
    }
    Ok(if lint::has_errors(&diagnostics) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

pub fn explore(pack_dir: &Path, args: &ExploreArgs) -> Result<ExitCode, Failure> {
    let loaded = find_scenario(pack_dir, &args.scenario)?;
    let exploration = cooldown::app::explore::explore(&loaded);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&exploration).map_err(|e| e.to_string())?),
        Format::Human => print!("{}", exploration.to_text()),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn graph(pack_dir: &Path, args: &GraphArgs) -> Result<ExitCode, Failure> {
    use cooldown::scenario::graph;
    let loaded = find_scenario(pack_dir, &args.scenario)?;
    let sc = &loaded.scenario;
    let text = match args.format {
        GraphFormat::Dot => graph::dot(sc, &[]),
        GraphFormat::Mermaid => graph::mermaid(sc, &[]),
        GraphFormat::Svg => graph::svg(sc, &[]),
    };
    match &args.out {
        Some(file) => {
            std::fs::write(file, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            println!("wrote {}", file.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The scenarios a name stands for: every one in a folder (the first that does not load stops
/// it), or one scenario by file or id.
fn scenarios_named(pack_dir: &Path, name: &str) -> Result<Vec<cooldown::scenario::LoadedScenario>, Failure> {
    if !Path::new(name).is_dir() {
        return Ok(vec![find_scenario(pack_dir, name)?]);
    }
    let (found, errors) = pack::load_pack(Path::new(name));
    match errors.first() {
        Some(e) => Err(Failure::Rendered(e.render(Style::for_stdout().color))),
        None => Ok(found),
    }
}

pub fn script(pack_dir: &Path, args: &ScriptArgs) -> Result<ExitCode, Failure> {
    let named = args.scenario.clone().unwrap_or_else(|| pack_dir.display().to_string());
    let scenarios = scenarios_named(pack_dir, &named)?;
    let lines = cooldown::app::script::script(&scenarios);
    let write = |file: &Path, bytes: &[u8]| std::fs::write(file, bytes).map_err(|e| format!("cannot write {}: {e}", file.display()));
    if let Some(file) = &args.html {
        write(file, cooldown::app::script::html(&lines).as_bytes())?;
        println!("wrote {}", file.display());
    }
    let mut csv = Vec::new();
    cooldown::app::script::write_csv(&mut csv, &lines).map_err(|e| e.to_string())?;
    match &args.csv {
        Some(file) => {
            write(file, &csv)?;
            println!("wrote {}", file.display());
        }
        // With neither file named, the CSV goes to standard output.
        None if args.html.is_none() => io::Write::write_all(&mut io::stdout(), &csv).map_err(|e| e.to_string())?,
        None => {}
    }
    let to_record = lines.iter().filter(|l| l.status.to_record()).count();
    eprintln!("{} takes, {to_record} to record", lines.len());
    Ok(ExitCode::SUCCESS)
}

pub fn test(pack_dir: &Path, args: &TestArgs) -> Result<ExitCode, Failure> {
    let paths = if args.paths.is_empty() { vec![pack_dir.to_path_buf()] } else { args.paths.clone() };
    let run = cooldown::app::plan::run(&paths);
    if run.plans == 0 {
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!("no test plans in {}; a plan is NAME.plan.ron beside the scenario NAME.ron (see docs/scenario-format.md)", named.join(", ")).into());
    }
    print!("{}", run.to_text(Style::for_stdout().color));
    Ok(if run.passed() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub fn walk(pack_dir: &Path, args: &WalkArgs) -> Result<ExitCode, Failure> {
    // The lint gate: a scenario with errors (a broken link, a dead end) is not walked.
    let loaded = cooldown::app::pack::playable(find_scenario(pack_dir, &args.scenario)?)?;
    let started = std::time::Instant::now();
    let report = cooldown::app::walk::walk(&loaded.scenario, args.n, args.seed);
    let took = started.elapsed().as_secs_f64();
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?),
        Format::Human => {
            print!("{}", report.to_text());
            let rate = report.walk.answers as f64 / took.max(1e-9);
            println!("\n{:.2} s, {:.1} million answers a second", took, rate / 1e6);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn new(pack_dir: &Path, id: &str) -> Result<ExitCode, Failure> {
    let [scenario, plan] = cooldown::app::scaffold::new_scenario(pack_dir, id).map_err(|e| e.to_string())?;
    println!("wrote {} and its test plan {}", scenario.display(), plan.display());
    println!("next: edit it, then `cooldown lint {0}`, `cooldown explore {0}`, `cooldown test {0}`", scenario.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "audio")]
pub fn devices() -> Result<ExitCode, Failure> {
    use cooldown::audio::mic::{input_devices, Mic, MicError};
    let names = input_devices()?;
    if names.is_empty() {
        return Err(MicError::NoInputDevice.into());
    }
    let default = Mic::open(None).ok().map(|m| m.name().to_string());
    for name in names {
        let mark = if default.as_deref() == Some(name.as_str()) { "  (default)" } else { "" };
        println!("{name}{mark}");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "audio"))]
pub fn devices() -> Result<ExitCode, Failure> {
    Err("this cooldown was built without microphone support (feature `audio`); answers can be typed".into())
}

pub fn record(pack_dir: &Path, args: &RecordArgs) -> Result<ExitCode, Failure> {
    use cooldown::terminal::record::{self, Speaker};
    let style = Style::for_stdout();
    let scenarios = scenarios_named(pack_dir, &args.scenario)?;
    if let Some(dir) = &args.import {
        use cooldown::terminal::record::Imported;
        let results = record::import(&scenarios, dir)?;
        if results.is_empty() {
            return Err(format!("no .wav files in {}; name each TAKE.wav as `cooldown script` lists them", dir.display()).into());
        }
        let mut kept = 0;
        for r in &results {
            match r {
                Imported::Kept { take, scenario } => {
                    kept += 1;
                    println!("{take}.wav: kept as {take} ({scenario})");
                }
                Imported::Unknown { file, suggestion } => {
                    let stem = file.strip_suffix(".wav").unwrap_or(file);
                    let hint = suggestion.as_ref().map_or(String::new(), |s| format!("; did you mean `{s}`?"));
                    println!("{file}: no take `{stem}`{hint}");
                }
                Imported::Refused { file, why } => println!("{file}: not imported: {why}"),
            }
        }
        println!("{kept} imported, {} not.", results.len() - kept);
        return Ok(ExitCode::SUCCESS);
    }
    let speaker = match (args.synthesise, args.replace_recordings) {
        (false, _) => Speaker::Person,
        (true, false) => Speaker::Synthesiser,
        (true, true) => Speaker::SynthesiserOverPeople,
    };
    let mut source = None;
    let input = stdin_lines();
    let mut checker = None;
    for loaded in &scenarios {
        let jobs = record::jobs(loaded, args.line.as_deref(), speaker)?;
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
            // Each take is checked against its line where speech-to-text is installed.
            let checker = checker.get_or_insert_with(|| {
                cooldown::audio::stt::engine().map_err(|e| println!("{}", style.dim(&format!("(takes are not checked against their lines: {e})"))))
            });
            let checker = checker.as_mut().ok().map(|engine| -> &mut dyn cooldown::audio::stt::Transcriber { engine.as_mut() });
            record::record(loaded, &jobs, record::Studio { source: source.as_mut(), checker }, &input, &mut out, &style, record::Pace::default())
        }?;
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
fn open_microphone(name: Option<&str>, scenario: &str) -> Result<Box<dyn cooldown::audio::source::Source>, Failure> {
    use cooldown::audio::mic::{open_source, MicError};
    // MicError's own advice (type your answers) is for a trainee; a trainer voicing lines has
    // the synthesiser as the alternative.
    open_source(name).map_err(|e| {
        Failure::Said(match e {
            MicError::NoHost | MicError::NoInputDevice => format!(
                "no microphone was found; plug one in (then check `cooldown devices`), or give the lines \
                 placeholder voices with `cooldown record {scenario} --synthesise`"
            ),
            e => e.to_string(),
        })
    })
}

#[cfg(not(feature = "audio"))]
fn open_microphone(_name: Option<&str>, scenario: &str) -> Result<Box<dyn cooldown::audio::source::Source>, Failure> {
    Err(format!(
        "this cooldown was built without microphone support (feature `audio`); use `cooldown record {scenario} --synthesise` for placeholder voices"
    )
    .into())
}

/// `cooldown transcribe`: each recording's words, through one start of the engine.
pub fn transcribe(files: &[PathBuf], json: bool) -> Result<ExitCode, Failure> {
    if let Some(missing) = files.iter().find(|f| !f.is_file()) {
        return Err(format!("{} is not a file; give the path of a .wav recording", missing.display()).into());
    }
    let mut engine = cooldown::audio::stt::engine().map_err(|e| e.to_string())?;
    let style = Style::for_stdout();
    for file in files {
        let heard = engine.transcribe(file).map_err(|e| e.to_string())?;
        if json {
            let mut value = serde_json::to_value(&heard).map_err(|e| e.to_string())?;
            value["file"] = file.display().to_string().into();
            value["confidence"] = f64::from(heard.confidence()).into();
            println!("{value}");
        } else {
            if files.len() > 1 {
                println!("{}", style.bold(&file.display().to_string()));
            }
            println!("{}", heard.text);
            let check = if heard.is_uncertain() { ": low, have a person check it" } else { "" };
            println!("{}", style.dim(&format!("{} · {} words · confidence {:.2}{check}", heard.engine, heard.words.len(), heard.confidence())));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn score(pack_dir: &Path, args: &ScoreArgs) -> Result<ExitCode, Failure> {
    let scorer = match &args.rubric {
        Some(path) => Arc::new(Scorer::new(rubric::load_file(path).map_err(|d| Failure::Rendered(d.render(Style::for_stdout().color)))?)),
        None => Scorer::in_use(),
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
fn score_batch(scorer: &Scorer, path: &Path) -> Result<ExitCode, Failure> {
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
