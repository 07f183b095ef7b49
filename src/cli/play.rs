//! `cooldown play`: in the window where one can open, else in the terminal; `--resume` picks up
//! an unfinished session.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use cooldown::app;
use cooldown::audio::talk::Talk;
use cooldown::engine::Mode;
use cooldown::scenario::LoadedScenario;
use cooldown::store::{Keeping, Location, ResumeError, Resumed, Role, ScenarioRef};
use cooldown::terminal::{Finish, Player, Style};

use super::{find_scenario, warn_about, Failure};

#[derive(clap::Args, Default)]
pub struct PlayArgs {
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
    /// The window's size, WIDTHxHEIGHT (default 1280x720).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    window_size: Option<(u32, u32)>,
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
    /// For trainers writing a scenario: the window watches the pack folder, lints a saved file
    /// (errors in an overlay) and restarts the call with the answers given so far. F2 shows the
    /// branch graph. Sessions played while watching are drafts and are not kept.
    #[arg(long, conflicts_with_all = ["terminal", "resume"])]
    watch: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    Trainee,
    Candidate,
}

fn parse_mode(s: &str) -> Result<Mode, String> {
    s.parse()
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("`{s}` is not a window size; write WIDTHxHEIGHT, like 1280x720");
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (w.trim().parse().map_err(|_| bad())?, h.trim().parse().map_err(|_| bad())?);
    if !(640..=7680).contains(&w) || !(480..=4320).contains(&h) {
        return Err(format!("{w}x{h} is outside what the window lays out (640x480 to 7680x4320)"));
    }
    Ok((w, h))
}

/// Where the window and the terminal player start from.
pub struct Setting<'a> {
    pub pack_dir: &'a Path,
    pub db: &'a Location,
    /// When the process started (the window reports its start-up time from here).
    #[cfg_attr(not(feature = "gui"), allow(dead_code))]
    pub started: Option<std::time::Instant>,
}

pub fn run(at: &Setting, args: &PlayArgs) -> Result<ExitCode, Failure> {
    if args.resume.is_some() {
        return resume(at.db, args);
    }
    if !args.terminal {
        if let Some(code) = in_window(at, args)? {
            return Ok(code);
        }
    }
    in_terminal(at, args)
}

/// Who is playing: `--as`, else the login name.
fn player_name(args: &PlayArgs) -> String {
    app::session::player_name(args.person.as_deref())
}

/// Starts keeping a session in the store; without a store, says so and plays anyway.
fn keeping(db: &Location, args: &PlayArgs, loaded: &LoadedScenario, seed: u64, answers: &Path) -> Option<Keeping> {
    let start = || -> Result<Keeping, cooldown::store::StoreError> {
        let store = app::results::for_keeping(db)?;
        warn_about(&store);
        let role = args.role.map(|r| match r {
            RoleArg::Candidate => Role::Candidate,
            RoleArg::Trainee => Role::Trainee,
        });
        let who = app::session::Player { name: player_name(args), role, external_id: args.external_id.clone() };
        let kept = app::session::begin(&store, &who, &ScenarioRef::of(loaded), args.mode, seed, Some(answers))?;
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
fn resume(db: &Location, args: &PlayArgs) -> Result<ExitCode, Failure> {
    let store = super::adding_to(db)?;
    let resumed = app::session::resume(&store, &player_name(args), args.resume.flatten()).map_err(|e| match e {
        ResumeError::NoneUnfinished { person } => Failure::NoneUnfinished { person, at: db.clone() },
        e => e.into(),
    })?;
    let mut player = stdin_player();
    if let Some(dir) = &resumed.stored.answers_dir {
        player = player.with_talk(talk(args, dir.into()));
    }
    let Resumed { session, kept, .. } = resumed;
    let mut player = player.with_keeper(Keeping { store, kept });
    player.resume(session)?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the window when one can be opened; `None` means "use the terminal instead".
#[cfg(feature = "gui")]
fn in_window(at: &Setting, args: &PlayArgs) -> Result<Option<ExitCode>, Failure> {
    let wanted = args.gui || args.screenshots.is_some() || args.watch;
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
            let loaded = find_scenario(at.pack_dir, name)?;
            (loaded.pack_dir().to_path_buf(), Some(loaded.scenario.id))
        }
        None => (at.pack_dir.to_path_buf(), None),
    };
    cooldown::gui::run(cooldown::gui::GuiConfig {
        pack_dir,
        start_with,
        mode: args.mode,
        seed: args.seed,
        screenshots: args.screenshots.clone(),
        started: at.started,
        device: args.device.clone(),
        person: player_name(args),
        size: args.window_size.unwrap_or((1280, 720)),
        // A candidate screened straight into a scenario is kept under the name they type, not
        // the login name of the machine they sit at.
        ask_name: args.mode == Mode::Screening && args.person.is_none() && args.scenario.is_some(),
        db: at.db.clone(),
        watch: args.watch,
    })?;
    Ok(Some(ExitCode::SUCCESS))
}

#[cfg(not(feature = "gui"))]
fn in_window(_at: &Setting, args: &PlayArgs) -> Result<Option<ExitCode>, Failure> {
    if args.gui || args.screenshots.is_some() {
        return Err("this cooldown was built without the window (feature `gui`); play in the terminal instead".into());
    }
    Ok(None)
}

fn in_terminal(at: &Setting, args: &PlayArgs) -> Result<ExitCode, Failure> {
    let style = Style::for_stdout();
    let mut player = stdin_player();

    let loaded = match &args.scenario {
        // The lint gate: a scenario with errors would leave the trainee at a dead end mid-call.
        Some(name) => app::pack::playable(find_scenario(at.pack_dir, name)?)?,
        None => {
            let open = app::pack::open_pack(at.pack_dir);
            for e in &open.problems {
                eprint!("{}", e.render(style.color));
            }
            let mut scenarios = open.playable;
            if scenarios.is_empty() {
                return Err(format!(
                    "no playable scenarios in {}; name one with `cooldown play FILE` or choose a folder with --pack",
                    at.pack_dir.display()
                )
                .into());
            }
            player.say(&style.bold(&format!("Scenarios in {}:", at.pack_dir.display())))?;
            for (i, s) in scenarios.iter().enumerate() {
                let sc = &s.scenario;
                player.say(&format!(
                    "  {}  {}  ({:?} · {} · {})",
                    i + 1,
                    sc.title,
                    sc.difficulty,
                    sc.customer.name,
                    sc.customer.persona.describe()
                ))?;
            }
            match player.pick("Pick a scenario", scenarios.len())? {
                Some(i) => scenarios.swap_remove(i),
                None => return Ok(ExitCode::SUCCESS),
            }
        }
    };

    let seed = args.seed.unwrap_or_else(cooldown::engine::fresh_seed);
    let answers = cooldown::paths::answers_root().join(cooldown::paths::session_folder(&loaded.scenario.id, seed));
    let keeper = keeping(at.db, args, &loaded, seed, &answers);
    let mut player = player.with_talk(talk(args, answers));
    if let Some(keeper) = keeper {
        player = player.with_keeper(keeper);
    }
    // Leaving early is the trainee's choice, not a failure.
    match player.play(Arc::new(loaded.scenario), seed, args.mode)? {
        Finish::Ended(_) | Finish::Abandoned { .. } => Ok(ExitCode::SUCCESS),
    }
}

/// The terminal player on standard input and output; piped input is echoed, so the output
/// still reads as a transcript.
pub fn stdin_player() -> Player<io::StdinLock<'static>, io::Stdout> {
    let stdin = io::stdin();
    let echo = !stdin.is_terminal();
    Player::new(stdin.lock(), io::stdout(), Style::for_stdout()).with_echo(echo)
}

/// Answering aloud with `--device` (opened on first use), saving answers into `dir`.
fn talk(args: &PlayArgs, dir: PathBuf) -> Talk {
    talk_with(args.device.clone(), dir)
}

/// Answering aloud with the microphone `device` (the default when `None`), opened on first use.
pub fn talk_with(device: Option<String>, dir: PathBuf) -> Talk {
    Talk::new(Box::new(move || answer_microphone(device.as_deref())), dir).with_transcriber(Box::new(cooldown::audio::stt::engine))
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
