//! The Bevy window (feature `gui`). It only presents engine events and sends responses back:
//! every rule lives in the engine. One plugin per screen; the screens are a `States` enum.

// Bevy systems name their data in query types; splitting those into aliases hides it.
#![allow(clippy::type_complexity, clippy::too_many_arguments)]

pub mod access;
pub mod authoring;
pub mod focus;
pub mod redraw;
pub mod results;
pub mod screens;
pub mod screenshots;
pub mod scroll;
pub mod theme;
pub mod typing;
pub mod voice;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::window::{WindowMode, WindowResolution};

use crate::engine::Mode;
use crate::scenario::Scenario;
use crate::store::ScenarioRef;

pub use screens::Screen;

/// What the window starts with.
#[derive(Debug, Clone, Default)]
pub struct GuiConfig {
    /// The folder of scenarios on offer.
    pub pack_dir: PathBuf,
    /// Practice or screening, for a session opened straight away.
    pub mode: Mode,
    /// Seed for every session (a fresh one per session when `None`).
    pub seed: Option<u64>,
    /// Walk through every screen, save PNGs into this folder, then exit.
    pub screenshots: Option<PathBuf>,
    /// When the program started, for the start-up time the screenshot tour reports.
    pub started: Option<Instant>,
    /// Go straight into this scenario (by id) instead of the title screen.
    pub start_with: Option<String>,
    /// The microphone for spoken answers (default input when `None`).
    pub device: Option<String>,
    /// Who is playing (the title screen lets them change it).
    pub person: String,
    /// The window's size in logical pixels.
    pub size: (u32, u32),
    /// Open on the title with an empty name box even when a scenario is named, then go
    /// straight into it: a candidate in screening must say who they are.
    pub ask_name: bool,
    /// Where sessions are kept.
    pub db: crate::store::Location,
    /// Watch the pack folder: a saved scenario is linted and the call restarts with the answers
    /// so far (authoring; sessions are then not kept).
    pub watch: bool,
}

/// The scenarios on offer, loaded once at start.
#[derive(Resource, Debug, Clone, Default)]
pub struct Pack {
    /// The pack folder; audio paths are relative to it.
    pub dir: PathBuf,
    /// Every playable scenario, in the picker's order.
    pub scenarios: Vec<Arc<Scenario>>,
    /// For each scenario, which file and version it is (what the results store records).
    pub refs: Vec<ScenarioRef>,
    /// Files that could not be played, with why (shown on the picker).
    pub problems: Vec<String>,
}

impl Pack {
    /// Loads a pack folder, keeping only scenarios without lint errors, easiest first (then by
    /// title), as a trainee would take them.
    pub fn load(dir: &std::path::Path) -> Pack {
        Pack::from_open(crate::app::pack::open_pack(dir))
    }

    /// The pack from an opened folder (see [`Pack::load`]).
    pub fn from_open(open: crate::app::pack::OpenPack) -> Pack {
        let mut pack = Pack { dir: open.dir.clone(), problems: open.problems.iter().map(ToString::to_string).collect(), ..Pack::default() };
        let mut playable = open.playable;
        playable.sort_by(|a, b| (a.scenario.difficulty, &a.scenario.title).cmp(&(b.scenario.difficulty, &b.scenario.title)));
        for l in playable {
            pack.refs.push(ScenarioRef::of(&l));
            pack.scenarios.push(Arc::new(l.scenario));
        }
        pack
    }
}

/// Choices made before a session: mode, scenario and seed.
#[derive(Resource, Debug, Clone, Default)]
pub struct Setup {
    /// Practice or screening.
    pub mode: Mode,
    /// Index into [`Pack::scenarios`].
    pub scenario: usize,
    /// The seed to play with; a fresh one each session when `None`.
    pub seed: Option<u64>,
    /// Who is playing: sessions are kept under this name.
    pub person: String,
    /// The scenario to open as soon as the title is done with (instead of the picker).
    pub straight_to: Option<usize>,
}

/// A recording (a WAV's bytes, read once by the caller, who often needs its length too) played
/// once on `screen`, gone when it ends or the screen is left.
pub fn sound(sources: &mut Assets<AudioSource>, bytes: Vec<u8>, screen: Screen) -> impl Bundle {
    (AudioPlayer(sources.add(AudioSource { bytes: bytes.into() })), PlaybackSettings::DESPAWN, DespawnOnExit(screen))
}

/// The settings of the person named on the title (text size, captions, motion, contrast), for
/// every screen; the settings screen changes and keeps them.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct Preferences(pub crate::app::settings::Settings);

/// Best band per scenario id over this run, for the picker.
#[derive(Resource, Debug, Clone, Default)]
pub struct History {
    /// The best band reached in each scenario this run, by scenario id.
    pub best: std::collections::HashMap<String, crate::engine::Band>,
}

/// How fast captions appear and lines follow each other. Tests make it instant.
#[derive(Resource, Debug, Clone, Copy)]
pub struct Pacing {
    /// Characters of caption revealed per second (about 170 words a minute).
    pub chars_per_second: f32,
    /// Pause after a line before the next one starts.
    pub pause_seconds: f32,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing { chars_per_second: 15.0, pause_seconds: 0.6 }
    }
}

impl Pacing {
    /// No pacing at all: for tests and the screenshot tour.
    pub const INSTANT: Pacing = Pacing { chars_per_second: f32::INFINITY, pause_seconds: 0.0 };

    /// How fast a line's caption appears: in step with its recording when it has one (the
    /// WAV's length, read from its header: with no sound card Bevy never reports playback as
    /// finished), else at reading pace.
    pub fn caption_speed(&self, chars: usize, audio_seconds: Option<f32>) -> f32 {
        match audio_seconds {
            Some(secs) if secs > 0.0 && self.chars_per_second.is_finite() => chars as f32 / secs,
            _ => self.chars_per_second,
        }
    }
}

/// Everything but rendering: states, screens, input handling. Headless tests add this to
/// `MinimalPlugins` + `StatesPlugin`; the real app adds it to `DefaultPlugins`.
pub fn logic_plugin(app: &mut App) {
    app.init_resource::<Setup>()
        .init_resource::<History>()
        .init_resource::<Pacing>()
        .init_resource::<theme::Fonts>()
        .init_state::<Screen>()
        .add_plugins((screens::plugin, results::plugin, typing::plugin, authoring::plugin, access::plugin, focus::plugin, scroll::plugin))
        .add_systems(
            PostUpdate,
            (theme::repaint_all.run_if(resource_changed::<Preferences>), theme::repaint_new.run_if(|p: Res<Preferences>| p.0.high_contrast)),
        );
}

/// Whether a window can be opened here: on Linux a display server must be named.
pub fn display_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Opens the window and runs until it is closed.
pub fn run(config: GuiConfig) -> Result<(), String> {
    let pack = Pack::load(&config.pack_dir);
    if pack.scenarios.is_empty() {
        return Err(format!(
            "no playable scenarios in {}; check them with `cooldown lint {}`",
            config.pack_dir.display(),
            config.pack_dir.display()
        ));
    }
    let started = config.started.unwrap_or_else(Instant::now);
    let first = match &config.start_with {
        Some(id) => Some(
            pack.scenarios
                .iter()
                .position(|s| s.id == *id)
                .ok_or_else(|| format!("scenario `{id}` is not playable from {}", config.pack_dir.display()))?,
        ),
        None => None,
    };
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "cooldown".into(),
                    resolution: WindowResolution::new(config.size.0, config.size.1),
                    mode: WindowMode::Windowed,
                    ..default()
                }),
                ..default()
            })
            .set(bevy::log::LogPlugin { filter: "wgpu=error,naga=warn,bevy_render=warn".into(), ..default() }),
    )
    .insert_resource(ClearColor(theme::BACKGROUND))
    .insert_resource(pack)
    .insert_resource(Setup {
        mode: config.mode,
        scenario: first.unwrap_or(0),
        seed: config.seed,
        person: if config.ask_name { String::new() } else { config.person.clone() },
        straight_to: first.filter(|_| config.ask_name),
    })
    .add_plugins(logic_plugin)
    .add_systems(Startup, spawn_camera)
    .add_systems(Update, theme::scale_with_window);
    let fonts = theme::Fonts::load(&mut app.world_mut().resource_mut::<Assets<Font>>());
    app.insert_resource(fonts);
    match theme::FallbackFont::load(&mut app.world_mut().resource_mut::<Assets<Font>>()) {
        Some(fallback) => {
            app.insert_resource(fallback).add_systems(Update, theme::use_fallback_font.run_if(resource_exists::<theme::FallbackFont>));
        }
        None => info!("no fallback font for Chinese, Japanese or Korean is installed (e.g. Debian's fonts-wqy-microhei); such text shows as boxes"),
    }
    if first.is_some() && !config.ask_name {
        app.insert_state(Screen::Session);
    }
    #[cfg(feature = "audio")]
    if config.screenshots.is_none() {
        let device = config.device.clone();
        let open: crate::audio::talk::OpenSource =
            Box::new(move || crate::audio::mic::open_source(device.as_deref()).map_err(|e| e.to_string()));
        let root = crate::paths::answers_root();
        let talk = crate::audio::talk::Talk::new(open, root.clone()).with_transcriber(Box::new(crate::audio::stt::engine));
        app.insert_non_send(voice::Voice::new(talk, root));
    }
    match config.screenshots {
        // The tour is a demonstration, not a session anyone played: it brings its own store.
        Some(dir) => {
            app.add_plugins(screenshots::plugin(dir, started, config.pack_dir.clone()));
        }
        // A trainer previewing edits: the calls are drafts, not anyone's results.
        None if config.watch => {
            info!("watching {} for changes; sessions are not kept while watching", config.pack_dir.display());
            app.insert_resource(authoring::Watch::new(config.pack_dir.clone())).add_plugins(redraw::plugin);
        }
        None => {
            match crate::app::results::for_keeping(&config.db) {
                Ok(store) => {
                    if let Some(w) = store.warning() {
                        warn!("{w}");
                    }
                    app.insert_non_send(results::Results::new(store));
                }
                Err(e) => warn!("sessions will not be kept: {e}"),
            }
            app.add_plugins(redraw::plugin);
        }
    }
    let ran = app.run();
    match ran {
        AppExit::Success => Ok(()),
        // Only the screenshot tour's own checks end the app this way.
        AppExit::Error(code) => Err(format!("the window's run failed (exit code {code}); its log above says why")),
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// A headless app for tests: the logic without a window or renderer.
pub fn headless_app(pack: Pack) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(ButtonInput::<KeyCode>::default())
        // The window's input dispatch keeps which box has the keys; the logic reads it.
        .init_resource::<bevy::input_focus::InputFocus>()
        .add_message::<bevy::input::mouse::MouseWheel>()
        .add_message::<bevy::window::WindowFocused>()
        .add_message::<bevy::input::keyboard::KeyboardInput>()
        .insert_resource(pack)
        .add_plugins(logic_plugin)
        .insert_resource(Pacing::INSTANT);
    app
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_keep_step_with_the_recording() {
        let pacing = Pacing::default();
        assert_eq!(pacing.caption_speed(60, Some(4.0)), 15.0);
        assert_eq!(pacing.caption_speed(60, Some(2.0)), 30.0);
        assert_eq!(pacing.caption_speed(60, None), pacing.chars_per_second);
        assert!(Pacing::INSTANT.caption_speed(60, Some(2.0)).is_infinite(), "tests stay instant");
    }
}
