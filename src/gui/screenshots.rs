//! A scripted tour of the real window for documentation and checks: title -> picker -> session
//! (after one answer, with a typed answer in the box) -> debrief, saving a PNG of each with
//! Bevy's `Screenshot` API, and timing the start-up and the frames. It drives the app with the
//! same keyboard messages a person would produce.

use std::path::PathBuf;
use std::time::Instant;

use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::ButtonState;
use bevy::prelude::*;
use bevy::render::view::screenshot::{save_to_disk, Screenshot};
use bevy::text::{EditableText, TextEdit};
use bevy::window::PrimaryWindow;

use super::screens::session::{AnswerBox, Live, Phase};
use super::screens::Screen;

/// Frames to let a screen settle (fonts, layout) before its picture is taken.
const SETTLE_FRAMES: u32 = 40;

/// The tour's plugin: where to write, and when the program started.
pub fn plugin(dir: PathBuf, started: Instant) -> impl Fn(&mut App) {
    move |app: &mut App| {
        let state = Tour { dir: dir.clone(), started, step: 0, wait: SETTLE_FRAMES, first_frame: None, frame_ms: Vec::new(), answering_for: 0 };
        app.insert_resource(state)
            .add_systems(Update, tour);
    }
}

#[derive(Resource)]
struct Tour {
    dir: PathBuf,
    started: Instant,
    step: usize,
    wait: u32,
    first_frame: Option<f64>,
    frame_ms: Vec<f64>,
    /// Frames the session has been waiting for an answer: the tour answers only once the
    /// screen has shown the prompt (the box is emptied when a prompt appears).
    answering_for: u32,
}

fn press(keys: &mut MessageWriter<KeyboardInput>, window: Entity, key_code: KeyCode, character: Option<&str>) {
    for state in [ButtonState::Pressed, ButtonState::Released] {
        keys.write(KeyboardInput {
            key_code,
            logical_key: character.map_or(Key::Enter, |c| Key::Character(c.into())),
            state,
            text: if state == ButtonState::Pressed { character.map(Into::into) } else { None },
            repeat: false,
            window,
        });
    }
}

fn tour(
    mut commands: Commands,
    mut tour: ResMut<Tour>,
    time: Res<Time>,
    screen: Res<State<Screen>>,
    live: Option<Res<Live>>,
    window: Query<Entity, With<PrimaryWindow>>,
    mut keys: MessageWriter<KeyboardInput>,
    mut boxes: Query<&mut EditableText, With<AnswerBox>>,
    mut exit: MessageWriter<AppExit>,
) {
    // The first frame is on screen once the second update begins.
    if tour.first_frame.is_none() && tour.frame_ms.len() == 1 {
        tour.first_frame = Some(tour.started.elapsed().as_secs_f64());
    }
    tour.frame_ms.push(f64::from(time.delta_secs()) * 1000.0);
    let answering_now = live.as_ref().is_some_and(|l| matches!(l.phase, Phase::Answering(_)));
    tour.answering_for = if answering_now { tour.answering_for + 1 } else { 0 };
    if tour.wait > 0 {
        tour.wait -= 1;
        return;
    }
    let Ok(window) = window.single() else { return };
    let answering = tour.answering_for > 3;
    let shot = |commands: &mut Commands, dir: &PathBuf, name: &str| {
        commands.spawn(Screenshot::primary_window()).observe(save_to_disk(dir.join(name)));
    };
    let dir = tour.dir.clone();
    match (tour.step, *screen.get()) {
        (0, Screen::Title) => shot(&mut commands, &dir, "1-title.png"),
        (1, Screen::Title) => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (2, Screen::Picker) => shot(&mut commands, &dir, "2-picker.png"),
        (3, Screen::Picker) => press(&mut keys, window, KeyCode::Digit3, Some("3")),
        (4, Screen::Session) if answering => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (5, Screen::Session) if answering => {
            for mut b in &mut boxes {
                b.queue_edit(TextEdit::Insert("So just to confirm: the LEGO castle, order 58213, was due on Tuesday?".into()));
            }
        }
        (6, Screen::Session) => shot(&mut commands, &dir, "3-session.png"),
        (7, Screen::Session) => press(&mut keys, window, KeyCode::Enter, None),
        (8, Screen::Session) if answering => press(&mut keys, window, KeyCode::Digit1, Some("1")),
        (9, Screen::Session) if answering => {
            for mut b in &mut boxes {
                b.queue_edit(TextEdit::Insert("Thank you for bearing with me, Dana. Is there anything else I can help with?".into()));
            }
        }
        (10, Screen::Session) => press(&mut keys, window, KeyCode::Enter, None),
        (11, Screen::Debrief) => shot(&mut commands, &dir, "4-debrief.png"),
        (12, _) => {
            write_timings(&tour);
            exit.write(AppExit::Success);
        }
        _ => return,
    }
    tour.step += 1;
    tour.wait = SETTLE_FRAMES;
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
