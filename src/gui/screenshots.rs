//! A scripted tour of the real window for documentation and checks: title (a name typed in)
//! -> picker -> session (after one answer, with a typed answer in the box) -> debrief, then a
//! screening assessment (its code typed, the notice, a call with its clock and a refused
//! paste), then the review screen (an answer rated blind, then submitted), the settings (as
//! they are, then high contrast at 200% text), the title at 200% scrolled by Tab to its last
//! option and a call at 200% (each checked to show the control with the keys whole) with its
//! debrief, and a trainer's practice call with the branch graph (F2) and a watched scenario
//! saved with a mistake (the errors overlay), saving a PNG of each with Bevy's `Screenshot`
//! API, and timing the start-up and the frames. It drives the app with the same keyboard
//! messages a person would produce.

use std::path::PathBuf;
use std::time::Instant;

use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::render::view::screenshot::{save_to_disk, Screenshot};
use bevy::text::{EditableText, TextEdit};
use bevy::window::PrimaryWindow;

use super::screens::session::{AnswerBox, Live, Phase};
use super::screens::Screen;
use super::{typing, Setup};

/// Frames to let a screen settle (fonts, layout) before its picture is taken.
const SETTLE_FRAMES: u32 = 40;

/// The tour's plugin: where to write, when the program started, and the pack (beside which the
/// bundled assessment is found). The tour keeps its sessions in a throw-away database, sits the
/// assessment under a code invited there, and draws every frame (it times them).
pub fn plugin(dir: PathBuf, started: Instant, pack_dir: PathBuf) -> impl Fn(&mut App) {
    move |app: &mut App| {
        let code = match tour_database(&pack_dir) {
            Ok((store, code)) => {
                app.insert_non_send(super::results::Results::new(store));
                code
            }
            Err(e) => {
                warn!("the tour's sessions will not be kept: {e}");
                None
            }
        };
        let state = Tour { dir: dir.clone(), started, code, step: 0, wait: SETTLE_FRAMES, screen: None, first_frame: None, frame_ms: Vec::new(), answering_for: 0 };
        app.insert_resource(state).insert_resource(bevy::winit::WinitSettings::continuous()).add_systems(Update, tour);
    }
}

#[derive(Resource)]
struct Tour {
    dir: PathBuf,
    started: Instant,
    /// An invitation code to a screening assessment, for the assessment's part of the tour.
    code: Option<String>,
    step: usize,
    wait: u32,
    /// The screen the tour last saw.
    screen: Option<Screen>,
    first_frame: Option<f64>,
    frame_ms: Vec<f64>,
    /// Frames the session has been waiting for an answer: the tour answers only once the
    /// screen has shown the prompt (the box is emptied when a prompt appears).
    answering_for: u32,
}

/// A key pressed and released: a character typed, or a key that types nothing.
fn press(keys: &mut MessageWriter<KeyboardInput>, window: Entity, key_code: KeyCode, character: Option<&str>) {
    let logical = match (character, key_code) {
        (Some(c), _) => return type_text(keys, window, c),
        (None, KeyCode::Tab) => Key::Tab,
        (None, KeyCode::Escape) => Key::Escape,
        (None, _) => Key::Enter,
    };
    keys.write_batch(typing::key_press(window, key_code, logical));
}

/// Types `text` a key at a time, as a keyboard would.
fn type_text(keys: &mut MessageWriter<KeyboardInput>, window: Entity, text: &str) {
    keys.write_batch(typing::keystrokes(window, text));
}

/// The name the tour types on the title screen: with digits, as a candidate number would be.
const TOUR_NAME: &str = "Candidate 27";

/// The name the tour reviews under.
const REVIEWER: &str = "Lee Okafor";

/// The name the tour writes a scenario under.
const TRAINER: &str = "Sam Trainer";

/// Where the tour copies the scenario it edits while watching (removed when it ends).
fn watched_dir() -> PathBuf {
    std::env::temp_dir().join(format!("cooldown-tour-pack-{}", std::process::id()))
}

/// The scenario on screen, copied into a folder of its own, watched (read every frame).
fn watched_copy(setup: &Setup, pack: &super::Pack) -> std::io::Result<super::authoring::Watch> {
    let dir = watched_dir();
    std::fs::create_dir_all(&dir)?;
    let id = pack.scenarios.get(setup.scenario).map_or("late-gift", |s| s.id.as_str());
    std::fs::copy(pack.dir.join(format!("{id}.ron")), dir.join(format!("{id}.ron")))?;
    let mut watch = super::authoring::Watch::new(dir);
    watch.every = std::time::Duration::ZERO;
    Ok(watch)
}

/// Saves the watched copy with a mistake a trainer makes: a `next` to a node that is not there.
fn break_watched_copy(setup: &Setup, pack: &super::Pack) -> std::io::Result<()> {
    let id = pack.scenarios.get(setup.scenario).map_or("late-gift", |s| s.id.as_str());
    let file = watched_dir().join(format!("{id}.ron"));
    let text = std::fs::read_to_string(&file)?;
    let broken = match text.find("next: \"") {
        Some(at) => format!("{}next: \"fact\", //{}", &text[..at], &text[at + 6..]),
        None => text,
    };
    std::fs::write(file, broken)
}

fn tour(
    mut commands: Commands,
    mut tour: ResMut<Tour>,
    time: Res<Time>,
    screen: Res<State<Screen>>,
    live: Option<Res<Live>>,
    window: Query<(Entity, &Window), With<PrimaryWindow>>,
    focus: Res<bevy::input_focus::InputFocus>,
    placed: Query<(&ComputedNode, &UiGlobalTransform)>,
    mut keys: MessageWriter<KeyboardInput>,
    mut boxes: Query<&mut EditableText, With<AnswerBox>>,
    setup: Res<Setup>,
    pack: Res<super::Pack>,
    mut exit: MessageWriter<AppExit>,
) {
    // The first frame is on screen once the second update begins.
    if tour.first_frame.is_none() && tour.frame_ms.len() == 1 {
        tour.first_frame = Some(tour.started.elapsed().as_secs_f64());
    }
    tour.frame_ms.push(f64::from(time.delta_secs()) * 1000.0);
    let answering_now = live.as_ref().is_some_and(|l| matches!(l.phase, Phase::Answering(_)));
    tour.answering_for = if answering_now { tour.answering_for + 1 } else { 0 };
    // A new screen settles before the tour acts on it (or pictures it): its scrollbar, like
    // everything placed after the layout, shows from its second frame.
    if tour.screen != Some(*screen.get()) {
        tour.screen = Some(*screen.get());
        tour.wait = tour.wait.max(SETTLE_FRAMES);
    }
    if tour.wait > 0 {
        tour.wait -= 1;
        return;
    }
    let Ok((window, size)) = window.single() else { return };
    let answering = tour.answering_for > 3;
    let shot = |commands: &mut Commands, dir: &PathBuf, name: &str| {
        commands.spawn(Screenshot::primary_window()).observe(save_to_disk(dir.join(name)));
    };
    let dir = tour.dir.clone();
    match (tour.step, *screen.get()) {
        (0, Screen::Title) => press(&mut keys, window, KeyCode::Tab, None),
        (1, Screen::Title) => type_text(&mut keys, window, TOUR_NAME),
        (2, Screen::Title) => shot(&mut commands, &dir, "1-title.png"),
        (3, Screen::Title) => press(&mut keys, window, KeyCode::Enter, None),
        (4, Screen::Title) => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (5, Screen::Picker) => {
            // The tour is also a check of the real window's text input: the name typed, digits
            // and all, is who plays; a mode chosen by a digit of the name would have come earlier.
            if setup.person != TOUR_NAME {
                error!("the name typed on the title screen was not taken: {:?}", setup.person);
                exit.write(AppExit::error());
                return;
            }
            shot(&mut commands, &dir, "2-picker.png")
        }
        (6, Screen::Picker) => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (7, Screen::Session) if answering => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        // Long enough to wrap: the box shows four lines and counts the characters.
        (8, Screen::Session) if answering => answer_with(&mut boxes, "So just to confirm: the LEGO castle, order 58213, was due on Tuesday? I'm so sorry it didn't arrive in time for \
                     the party; I can see how upsetting that must have been for you both, and I want to put it right today."),
        (9, Screen::Session) => shot(&mut commands, &dir, "3-session.png"),
        (10, Screen::Session) => press(&mut keys, window, KeyCode::Enter, None),
        (11, Screen::Session) if answering => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (12, Screen::Session) if answering => answer_with(&mut boxes, "Thank you for bearing with me, Dana. Is there anything else I can help with?"),
        (13, Screen::Session) => press(&mut keys, window, KeyCode::Enter, None),
        (14, Screen::Debrief) => shot(&mut commands, &dir, "4-debrief.png"),
        (15, Screen::Debrief) if tour.code.is_some() => press(&mut keys, window, KeyCode::Escape, None),
        (16, Screen::Title) => press(&mut keys, window, KeyCode::Digit3, Some("3")),
        (17, Screen::Assessment) => type_text(&mut keys, window, &tour.code.clone().unwrap_or_default()),
        (18, Screen::Assessment) => shot(&mut commands, &dir, "5-assessment-code.png"),
        (19, Screen::Assessment) => press(&mut keys, window, KeyCode::Enter, None),
        (20, Screen::Assessment) => shot(&mut commands, &dir, "6-assessment-notice.png"),
        (21, Screen::Assessment) => press(&mut keys, window, KeyCode::Enter, None),
        (22, Screen::Assessment) => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (23, Screen::Session) if answering => {
            // The refusal shows under the question, with the clock above.
            for mut b in &mut boxes {
                b.queue_edit(TextEdit::Paste);
            }
        }
        (24, Screen::Session) => shot(&mut commands, &dir, "7-assessment-call.png"),
        // Out of the call (Esc, Q) and the assessment (Esc), to review answers as a reviewer.
        (25, Screen::Session) => press(&mut keys, window, KeyCode::Escape, None),
        (26, Screen::Session) => {
            keys.write_batch(typing::key_press(window, KeyCode::KeyQ, Key::Character("q".into())));
        }
        (27, Screen::Assessment) => press(&mut keys, window, KeyCode::Escape, None),
        // A reviewer signs in by name (Tab, the name, Enter), then 4.
        (28, Screen::Title) => press(&mut keys, window, KeyCode::Tab, None),
        (29, Screen::Title) => type_text(&mut keys, window, REVIEWER),
        (30, Screen::Title) => press(&mut keys, window, KeyCode::Enter, None),
        (31, Screen::Title) => press(&mut keys, window, KeyCode::Digit4, Some("4")),
        (32..=34, Screen::Review) => {
            let digit = [(KeyCode::Digit4, "4"), (KeyCode::Digit3, "3"), (KeyCode::Digit5, "5")][tour.step - 32];
            press(&mut keys, window, digit.0, Some(digit.1));
        }
        (35, Screen::Review) => shot(&mut commands, &dir, "8-review.png"),
        (36, Screen::Review) => press(&mut keys, window, KeyCode::Digit3, Some("3")),
        (37, Screen::Review) => press(&mut keys, window, KeyCode::Enter, None),
        (38, Screen::Review) => shot(&mut commands, &dir, "9-review-submitted.png"),
        // The settings: as they are, then high contrast at 200% text, then a call in them.
        (39, Screen::Review) => press(&mut keys, window, KeyCode::Escape, None),
        (40, Screen::Title) => press(&mut keys, window, KeyCode::Digit5, Some("5")),
        (41, Screen::Settings) => shot(&mut commands, &dir, "10-settings.png"),
        (42, Screen::Settings) => press(&mut keys, window, KeyCode::Digit4, Some("4")),
        (43..=46, Screen::Settings) => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (47, Screen::Settings) => shot(&mut commands, &dir, "11-settings-high-contrast-200.png"),
        (48, Screen::Settings) => press(&mut keys, window, KeyCode::Escape, None),
        // Tab through the title to its last option: at 200% text in a small window the screen
        // scrolls it into view, ringed.
        (49..=54, Screen::Title) => press(&mut keys, window, KeyCode::Tab, None),
        (55 | 59, _) if (tour.step == 55 || answering) && !keys_in_view(&focus, &placed, size) => {
            error!("at 200% text the control with the keys is not wholly in the window (step {})", tour.step);
            exit.write(AppExit::error());
            return;
        }
        (55, Screen::Title) => shot(&mut commands, &dir, "12-title-high-contrast-200.png"),
        // A call at 200% text in high contrast.
        (56, Screen::Title) => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (57, Screen::Picker) => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (58, Screen::Session) if answering => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (59, Screen::Session) if answering => shot(&mut commands, &dir, "15-session-high-contrast-200.png"),
        // On to the end of that call, and its debrief at 200%.
        (60, Screen::Session) => answer_with(&mut boxes, "So just to confirm: the LEGO castle, order 58213, was due on Tuesday?"),
        (61, Screen::Session) => press(&mut keys, window, KeyCode::Enter, None),
        (62, Screen::Session) if answering => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (63, Screen::Session) if answering => answer_with(&mut boxes, "Thank you for bearing with me, Dana. Is there anything else I can help with?"),
        (64, Screen::Session) => press(&mut keys, window, KeyCode::Enter, None),
        (65, Screen::Debrief) => shot(&mut commands, &dir, "16-debrief-high-contrast-200.png"),
        (66, Screen::Debrief) => press(&mut keys, window, KeyCode::Escape, None),
        // A trainer (default settings) on a practice call: the branch graph (F2), then the
        // pack watched and a broken save shown in the overlay.
        (67, Screen::Title) => press(&mut keys, window, KeyCode::Tab, None),
        (68, Screen::Title) => type_text(&mut keys, window, TRAINER),
        (69, Screen::Title) => press(&mut keys, window, KeyCode::Enter, None),
        (70, Screen::Title) => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (71, Screen::Picker) => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (72, Screen::Session) if answering => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (73, Screen::Session) if answering => {
            keys.write_batch(typing::key_press(window, KeyCode::F2, Key::F2));
        }
        (74, Screen::Session) => shot(&mut commands, &dir, "13-graph.png"),
        (75, Screen::Session) => {
            keys.write_batch(typing::key_press(window, KeyCode::F2, Key::F2));
            match watched_copy(&setup, &pack) {
                Ok(watch) => {
                    commands.insert_resource(watch);
                }
                Err(e) => {
                    error!("cannot set up the watched pack: {e}");
                    exit.write(AppExit::error());
                    return;
                }
            }
        }
        (76, Screen::Session) => {
            if let Err(e) = break_watched_copy(&setup, &pack) {
                error!("cannot edit the watched pack: {e}");
                exit.write(AppExit::error());
                return;
            }
        }
        (77, Screen::Session) => shot(&mut commands, &dir, "14-watch-errors.png"),
        (15 | 78, _) => {
            write_timings(&tour);
            remove_tour_database();
            let _ = std::fs::remove_dir_all(watched_dir());
            exit.write(AppExit::Success);
        }
        _ => return,
    }
    tour.step += 1;
    tour.wait = SETTLE_FRAMES;
}

/// Puts `text` into the answer box, as typing it would.
fn answer_with(boxes: &mut Query<&mut EditableText, With<AnswerBox>>, text: &str) {
    for mut b in boxes.iter_mut() {
        b.queue_edit(TextEdit::Insert(text.into()));
    }
}

/// Whether the control with the keys shows whole in the window (the tour checks that a screen
/// taller than the window scrolls it into view).
fn keys_in_view(focus: &bevy::input_focus::InputFocus, placed: &Query<(&ComputedNode, &UiGlobalTransform)>, window: &Window) -> bool {
    let Some((node, at)) = focus.get().and_then(|e| placed.get(e).ok()) else { return false };
    let (top, bottom) = (at.translation.y - node.size.y / 2.0, at.translation.y + node.size.y / 2.0);
    node.size.y > 0.0 && top >= 0.0 && bottom <= window.physical_height() as f32
}

/// A throw-away results database for the tour (in the system's temporary folder, removed when
/// the tour ends), with a candidate invited to the bundled assessment beside the
/// pack and a call with a spoken answer for the review screen: the tour's sessions touch
/// nobody's results. The code is `None` where there is no such assessment.
fn tour_database(pack_dir: &std::path::Path) -> Result<(crate::store::Store, Option<String>), String> {
    let path = tour_database_path();
    remove_tour_database();
    let store = crate::store::Store::open(&path).map_err(|e| e.to_string())?;
    if let Err(e) = call_with_a_spoken_answer(&store, pack_dir) {
        warn!("the review screen will have nothing to show: {e}");
    }
    let assessment = pack_dir.join("../assessments/support-agent.ron");
    let code = match crate::app::assess::open(&assessment) {
        Ok(loaded) => {
            let candidate = crate::app::assess::Candidate { name: TOUR_NAME.into(), external_id: None, extra_time: 1.0 };
            let invited = crate::app::assess::invite(&store, &loaded, &[candidate]).map_err(|e| e.to_string())?;
            invited.first().map(|i| i.invitation.code.clone())
        }
        Err(_) => None,
    };
    Ok((store, code))
}

/// Keeps a finished late-gift call in `store` whose turn 2 is a spoken answer nobody typed out
/// (a warm opening, the recording, the express option, a typed close): what a reviewer's queue
/// starts with. Returns the session's id.
pub fn call_with_a_spoken_answer(store: &crate::store::Store, pack_dir: &std::path::Path) -> Result<i64, String> {
    use crate::engine::{Mode, Response, Session, Spoken};
    let loaded = crate::scenario::load_file(&pack_dir.join("late-gift.ron")).map_err(|e| e.to_string())?;
    let person = store.person("王小明 (Wang Xiaoming)", crate::store::Role::Trainee, None).map_err(|e| e.to_string())?;
    let id = store.begin(&person, &crate::store::ScenarioRef::of(&loaded), Mode::Practice, 3, None).map_err(|e| e.to_string())?;
    let mut kept = crate::store::Kept::new(id, 0);
    let (mut session, _) = Session::start(std::sync::Arc::new(loaded.scenario), 3, Mode::Practice).map_err(|e| e.to_string())?;
    let spoken = Response::Spoken(Spoken {
        audio: "turn-2.wav".into(),
        delivery: crate::scoring::delivery::Delivery { latency: 0.9, talk_time: 4.0, loudness_db: None, speech: None },
        transcript: None,
        heard: None,
    });
    for response in [Response::Choice(0), spoken, Response::Choice(0), Response::Text("Thanks for bearing with me.".into())] {
        session.respond(response).map_err(|e| e.to_string())?;
        store.sync(&mut kept, &session).map_err(|e| e.to_string())?;
    }
    Ok(id)
}

fn tour_database_path() -> PathBuf {
    std::env::temp_dir().join(format!("cooldown-tour-{}.db", std::process::id()))
}

/// Deletes the tour's database and its journal files.
fn remove_tour_database() {
    let path = tour_database_path();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Start-up to first frame, and frame times, beside the pictures.
fn write_timings(tour: &Tour) {
    // The first few frames include start-up work (shaders, font atlases); leave them out.
    let mut frames: Vec<f64> = tour.frame_ms.iter().skip(5).copied().collect();
    frames.sort_by(f64::total_cmp);
    let mean = frames.iter().sum::<f64>() / frames.len().max(1) as f64;
    let p95 = frames.get(frames.len() * 95 / 100).copied().unwrap_or(0.0);
    let report = format!(
        "startup to first frame: {:.2} s\nframes: {}\nframe time: mean {mean:.1} ms, median {:.1} ms, 95th percentile {p95:.1} ms\n",
        tour.first_frame.unwrap_or(0.0),
        frames.len(),
        frames.get(frames.len() / 2).copied().unwrap_or(0.0),
    );
    if let Err(e) = std::fs::write(tour.dir.join("timings.txt"), &report) {
        error!("cannot write timings: {e}");
    }
    info!("{report}");
}
