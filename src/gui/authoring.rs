//! The trainer's tools in the window. F2 on a practice call shows the scenario's branch graph
//! (the same drawing as `cooldown graph`) with the path the call has taken and the question on
//! screen outlined. With `cooldown play --watch`, the pack folder is watched: when a scenario
//! file is saved the pack is linted again; errors show in an overlay (the call goes on as it
//! was), and a clean file restarts the call and gives the answers so far again
//! (see `screens::session::FastForward`), as inky replays a story as you type.
//!
//! Watching reads the pack's files a few times a second and compares their contents (a hash):
//! no file-system events to miss on network folders or editors that save by renaming, and the
//! window only wakes that often while watching.

use std::path::PathBuf;
use std::time::Duration;

use bevy::prelude::*;

use super::screens::session::{FastForward, FastForwarded, Live};
use super::screens::sitting::Sitting;
use super::screens::Screen;
use super::theme::{self, Fonts};
use super::{Pack, Setup};
use crate::engine::{GivenAnswer, Mode};
use crate::scenario::explore::{answers, AnswerRef};
use crate::scenario::graph::{self, Drawing, BOX_H, BOX_W};
use crate::scenario::Scenario;
use crate::vocab::text::clip;

/// How often a watched pack is read.
pub const WATCH_EVERY: Duration = Duration::from_millis(250);

/// The graph view and the watcher.
pub fn plugin(app: &mut App) {
    app.init_resource::<GraphShown>()
        .add_systems(Update, (toggle_graph, show_graph).chain().run_if(in_state(Screen::Session)))
        .add_systems(OnExit(Screen::Session), |mut shown: ResMut<GraphShown>| *shown = GraphShown::default())
        .add_systems(Update, (watch, show_status).chain().run_if(resource_exists::<Watch>));
}

/// Whether the branch graph is up, and how far it is moved sideways (Left/Right, in pixels)
/// from where it starts (the question on screen in the middle).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct GraphShown(pub bool, pub f32);

/// How far Left or Right moves a graph wider than the window.
const PAN_STEP: f32 = 320.0;

/// Below this the graph would be too small to read: it is drawn at full size and moved instead.
const SMALLEST_FIT: f32 = 0.75;

/// The graph view's root.
#[derive(Component)]
pub struct GraphView;

/// A box of the graph view: the node or ending id it shows.
#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub struct GraphBox {
    /// The id.
    pub id: String,
    /// The question on screen now.
    pub current: bool,
}

/// A segment of an arrow of the graph view (highlighted: on the call's path).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphSegment {
    /// On the path the call has taken.
    pub highlighted: bool,
}

/// F2 shows or hides the graph, on practice calls only: in screening it would give the answers
/// away.
fn toggle_graph(keys: Res<ButtonInput<KeyCode>>, live: Option<Res<Live>>, sitting: Option<Res<Sitting>>, mut shown: ResMut<GraphShown>) {
    let practice = live.is_some_and(|l| l.session.mode() == Mode::Practice) && sitting.is_none();
    if keys.just_pressed(KeyCode::F2) && practice {
        *shown = GraphShown(!shown.0, 0.0);
    }
    if shown.0 {
        if keys.just_pressed(KeyCode::ArrowLeft) {
            shown.1 -= PAN_STEP;
        }
        if keys.just_pressed(KeyCode::ArrowRight) {
            shown.1 += PAN_STEP;
        }
    }
}

/// The path a call has taken, as (node, answer): a choice by its number, words by the route that
/// leads where the call went next.
pub fn path_of(sc: &Scenario, session: &crate::engine::Session) -> Vec<(usize, AnswerRef)> {
    let turns = session.turns();
    let mut out = Vec::new();
    for (i, turn) in turns.iter().enumerate() {
        let Some(n) = sc.nodes.iter().position(|x| x.id == turn.node_id) else { continue };
        let answer = match &turn.answer {
            GivenAnswer::Choice { index, .. } => Some(AnswerRef::Choice(*index)),
            _ => {
                let went = turns.get(i + 1).map(|t| t.node_id.as_str()).or_else(|| session.result().map(|r| r.ending_id.as_str()));
                answers(&sc.nodes[n]).filter(|(a, _)| !matches!(a, AnswerRef::Choice(_))).find(|(_, e)| Some(e.next) == went).map(|(a, _)| a)
            }
        };
        out.extend(answer.map(|a| (n, a)));
    }
    out
}

/// Builds (or removes) the graph view when it is toggled or the call moves on.
fn show_graph(
    mut commands: Commands,
    shown: Res<GraphShown>,
    live: Option<Res<Live>>,
    fonts: Res<Fonts>,
    windows: Query<&Window>,
    view: Query<Entity, With<GraphView>>,
    mut drawn: Local<Option<(usize, bool, i32)>>,
) {
    let state = live.as_ref().filter(|_| shown.0).map(|l| (l.session.turns().len(), l.session.is_over(), shown.1 as i32));
    // Nothing to do when the drawing is of this state and is on screen exactly when wanted.
    let on_screen = !view.is_empty();
    if *drawn == state && state.is_some() == on_screen {
        return;
    }
    *drawn = state;
    for e in &view {
        commands.entity(e).despawn();
    }
    let Some(live) = live.filter(|_| shown.0) else { return };
    let sc = live.session.scenario();
    let path = path_of(sc, &live.session);
    let d = graph::drawing(sc, &path);
    let current = live.session.prompt().map(|p| p.node_id.clone());
    // Fit the drawing in the window where it stays readable; otherwise draw it at full size
    // with the question on screen in the middle, and let Left/Right move it.
    let room = windows.iter().next().map_or((1240.0, 610.0), |w| (w.width() - 40.0, w.height() - 110.0));
    let fit = (room.0 / d.width as f32).min(room.1 / d.height as f32).min(1.0);
    let place = if fit >= SMALLEST_FIT {
        Place { scale: fit, left: None }
    } else {
        let focus = current
            .as_ref()
            .and_then(|id| d.layout.boxes.iter().position(|b| b.id == *id))
            .map_or(0.0, |i| d.corners[i].0 as f32 + BOX_W as f32 / 2.0);
        let left = (focus - room.0 / 2.0 + shown.1).clamp(0.0, (d.width as f32 - room.0).max(0.0));
        Place { scale: 1.0, left: Some(left) }
    };
    spawn_graph(&mut commands, &fonts, sc, &d, current.as_deref(), place);
}

/// How the drawing sits in the window: scaled to fit (centred), or at full size moved `left`.
struct Place {
    scale: f32,
    left: Option<f32>,
}

fn spawn_graph(commands: &mut Commands, fonts: &Fonts, sc: &Scenario, d: &Drawing, current: Option<&str>, place: Place) {
    let (w, h) = (d.width as f32, d.height as f32);
    let hint = if place.left.is_some() { "  ·  Left/Right: move" } else { "" };
    commands
        .spawn((
            Node { padding: UiRect::all(px(16)), row_gap: px(8), overflow: Overflow::clip(), ..theme::cover() },
            BackgroundColor(theme::BACKGROUND),
            GlobalZIndex(20),
            DespawnOnExit(Screen::Session),
            crate::gui::focus::Modal,
            GraphView,
        ))
        .with_children(|root| {
            root.spawn(theme::bold(fonts, format!("Branch graph: {}", sc.title), theme::BODY_SIZE, theme::TEXT));
            root.spawn(theme::text(fonts, format!("{}  ·  your path in blue, the question on screen outlined  ·  F2: back to the call{hint}", graph::KEY), theme::SMALL_SIZE - 3.0, theme::MUTED));
            let justify = if place.left.is_some() { JustifyContent::Start } else { JustifyContent::Center };
            root.spawn(Node { flex_grow: 1.0, width: percent(100), justify_content: justify, align_items: AlignItems::Center, overflow: Overflow::clip(), ..default() })
                .with_children(|frame| {
                    frame
                        .spawn((
                            Node { width: px(w), height: px(h), flex_shrink: 0.0, margin: UiRect::left(px(-place.left.unwrap_or(0.0))), ..default() },
                            BackgroundColor(Color::WHITE),
                            UiTransform::from_scale(Vec2::splat(place.scale)),
                        ))
                        .with_children(|canvas| draw(canvas, fonts, d, current));
                });
        });
}

/// A straight piece of an arrow from `a` to `b`: a thin node turned to the line's angle.
fn segment(a: (f64, f64), b: (f64, f64), thick: f32, colour: Color, highlighted: bool) -> impl Bundle {
    let (dx, dy) = ((b.0 - a.0) as f32, (b.1 - a.1) as f32);
    let length = (dx * dx + dy * dy).sqrt();
    let (mx, my) = (((a.0 + b.0) / 2.0) as f32, ((a.1 + b.1) / 2.0) as f32);
    (
        Node { position_type: PositionType::Absolute, left: px(mx - length / 2.0), top: px(my - thick / 2.0), width: px(length), height: px(thick), ..default() },
        BackgroundColor(colour),
        UiTransform::from_rotation(Rot2::radians(dy.atan2(dx))),
        GraphSegment { highlighted },
    )
}

fn hex(colour: &str) -> Color {
    Srgba::hex(colour).map_or(Color::BLACK, Color::from)
}

fn draw(canvas: &mut ChildSpawnerCommands, fonts: &Fonts, d: &Drawing, current: Option<&str>) {
    let ink = Color::srgb(0.122, 0.141, 0.188);
    let grey = Color::srgb(0.478, 0.506, 0.580);
    let blue = Color::srgb(0.220, 0.404, 0.839);
    for (a, line) in d.layout.arrows.iter().zip(&d.lines) {
        let (colour, thick) = if a.highlighted { (blue, 4.0) } else { (grey, 1.5) };
        for pair in line.points.windows(2) {
            canvas.spawn(segment(pair[0], pair[1], thick, colour, a.highlighted));
        }
        // The arrow's end: a dot where it meets the box.
        if let Some(&(x, y)) = line.points.last() {
            canvas.spawn((
                Node { position_type: PositionType::Absolute, left: px(x as f32 - 4.0), top: px(y as f32 - 4.0), width: px(8), height: px(8), border_radius: BorderRadius::all(px(4)), ..default() },
                BackgroundColor(colour),
            ));
        }
        canvas.spawn((
            theme::text(fonts, clip(&a.labels.join("; "), 30), 10.0, colour),
            Node { position_type: PositionType::Absolute, left: px(line.label.0 as f32), top: px(line.label.1 as f32 - 11.0), ..default() },
        ));
    }
    for (b, &(x, y)) in d.layout.boxes.iter().zip(&d.corners) {
        let is_current = current == Some(b.id.as_str());
        let (fill, text_colour, border) = match b.outcome {
            Some(o) => (hex(graph::outcome_colour(o)), Color::WHITE, hex(graph::outcome_colour(o))),
            None => (Color::srgb(0.957, 0.965, 0.984), ink, if is_current { blue } else { Color::srgb(0.667, 0.698, 0.773) }),
        };
        let width = if is_current { 4.0 } else if b.free_text { 2.5 } else { 1.0 };
        canvas
            .spawn((
                Node {
                    position_type: PositionType::Absolute,
                    left: px(x as f32),
                    top: px(y as f32),
                    width: px(BOX_W as f32),
                    height: px(BOX_H as f32),
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::axes(px(10), px(6)),
                    row_gap: px(4),
                    border: px(width).all(),
                    border_radius: BorderRadius::all(px(8)),
                    overflow: Overflow::clip(),
                    ..default()
                },
                BackgroundColor(fill),
                BorderColor::all(border),
                GraphBox { id: b.id.clone(), current: is_current },
            ))
            .with_children(|inside| {
                inside.spawn(theme::bold(fonts, clip(&b.id, 22), 13.0, text_colour));
                inside.spawn((theme::text(fonts, clip(&b.caption, 30), 10.0, text_colour), TextLayout::no_wrap()));
            });
    }
}

/// A pack folder being watched, and what its last reload found.
#[derive(Resource, Debug)]
pub struct Watch {
    /// The pack folder.
    pub dir: PathBuf,
    /// How often to read it (tests read it every frame).
    pub every: Duration,
    seen: Vec<(PathBuf, u64)>,
    changed: bool,
    last: Option<Duration>,
    /// The lint errors that keep the scenario on screen from reloading, rendered.
    pub problems: Option<String>,
    /// What the last reload did, for the status line.
    pub status: Option<String>,
}

impl Watch {
    /// Watches `dir`, as it is now.
    pub fn new(dir: PathBuf) -> Watch {
        let seen = fingerprint(&dir);
        Watch { dir, every: WATCH_EVERY, seen, changed: false, last: None, problems: None, status: None }
    }
}

/// Every file of the pack that can change what is played (scenarios and the recordings'
/// manifest; not test plans) with a hash of its contents.
fn fingerprint(dir: &std::path::Path) -> Vec<(PathBuf, u64)> {
    crate::scenario::pack::ron_files(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|f| !crate::scenario::plan::is_plan(f))
        .map(|f| {
            let hash = std::fs::read(&f).map_or(0, |bytes| crate::hash::fnv1a64(&bytes, crate::hash::FNV_BASIS));
            (f, hash)
        })
        .collect()
}

/// Reads the pack when it is time; once a change has settled (the same on two reads, so a
/// half-written save is not taken), reloads it.
fn watch(
    mut commands: Commands,
    time: Res<Time<Real>>,
    mut watch: ResMut<Watch>,
    mut pack: ResMut<Pack>,
    mut setup: ResMut<Setup>,
    live: Option<Res<Live>>,
    sitting: Option<Res<Sitting>>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    // The reading's own bookkeeping does not count as a change: the status line is redrawn
    // only when what it says changes.
    let reading = watch.bypass_change_detection();
    let now = time.elapsed();
    if reading.last.is_some_and(|last| now < last + reading.every) {
        return;
    }
    reading.last = Some(now);
    let seen = fingerprint(&reading.dir);
    if seen != reading.seen {
        reading.seen = seen;
        reading.changed = true;
        return;
    }
    if !std::mem::take(&mut reading.changed) {
        return;
    }
    let open = crate::app::pack::open_pack(&watch.dir);
    let playing = pack.scenarios.get(setup.scenario).map(|s| s.id.clone());
    let rendered: Vec<String> = open.problems.iter().map(|d| d.render(false)).collect();
    let still_playable = playing.as_ref().is_none_or(|id| open.playable.iter().any(|l| l.scenario.id == *id));
    if !still_playable {
        // The call goes on as it was until the file is fixed.
        watch.problems = Some(rendered.join("\n"));
        watch.status = None;
        return;
    }
    watch.problems = (!rendered.is_empty()).then(|| rendered.join("\n"));
    *pack = Pack::from_open(open);
    if let Some(id) = playing {
        setup.scenario = pack.scenarios.iter().position(|s| s.id == id).unwrap_or(0);
    }
    match live {
        Some(live) if *screen.get() == Screen::Session && sitting.is_none() => {
            commands.insert_resource(FastForward { seed: live.session.seed(), responses: live.session.responses().to_vec() });
            next.set(Screen::Session);
            watch.status = None;
        }
        _ => watch.status = Some("reloaded".to_string()),
    }
}

/// The overlay with the lint errors, and a line saying what the last reload did.
#[derive(Component)]
pub struct WatchStatus;

fn show_status(
    mut commands: Commands,
    fonts: Res<Fonts>,
    mut watch: ResMut<Watch>,
    forwarded: Option<Res<FastForwarded>>,
    mut shown: Query<(&mut Text, &mut TextColor), With<WatchStatus>>,
    frames: Query<Entity, With<WatchFrame>>,
) {
    let forwarded = forwarded.filter(|f| f.is_changed());
    if !watch.is_changed() && forwarded.is_none() && !shown.is_empty() {
        return;
    }
    if let Some(f) = forwarded {
        watch.status = Some(f.describe());
    }
    let (words, colour) = match (&watch.problems, &watch.status) {
        (Some(p), _) => (format!("The file has errors; the call goes on as it was. Fix it and save to reload.\n\n{p}"), theme::BAD),
        (None, Some(s)) => (format!("Watching {}: {s}", watch.dir.display()), theme::MUTED),
        (None, None) => (format!("Watching {}: save a scenario to reload it", watch.dir.display()), theme::MUTED),
    };
    let big = watch.problems.is_some();
    if let Ok((mut text, mut ink)) = shown.single_mut() {
        text.0 = words;
        ink.0 = colour;
        for frame in &frames {
            commands.entity(frame).insert(frame_node(big));
        }
        return;
    }
    commands.spawn((frame_node(big), BackgroundColor(theme::PANEL), GlobalZIndex(30), WatchFrame)).with_child((
        theme::text(&fonts, words, theme::SMALL_SIZE - 3.0, colour),
        WatchStatus,
    ));
}

/// The status line's frame: a small strip at the top right, or most of the window while there
/// are errors.
#[derive(Component)]
pub struct WatchFrame;

fn frame_node(big: bool) -> Node {
    let (left, top, max_height) = if big { (px(12), px(48), percent(75)) } else { (auto(), px(4), px(30)) };
    Node {
        position_type: PositionType::Absolute,
        left,
        right: px(12),
        top,
        max_height,
        padding: UiRect::axes(px(12), px(6)),
        border_radius: BorderRadius::all(px(6)),
        overflow: Overflow::clip(),
        ..default()
    }
}
