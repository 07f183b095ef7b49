//! The debrief: outcome and band, the four dimensions, the mood over the call as a line, and
//! every turn with what earned or cost points.

use bevy::input::mouse::MouseWheel;
use bevy::prelude::*;

use super::session::Finished;
use super::{key_hints, Screen};
use crate::engine::SessionResult;
use crate::gui::theme::{self, Fonts};
use crate::gui::{Pack, Setup};
use crate::scenario::Dimension;
use crate::terminal::render::points;
use crate::terminal::Style;

/// The debrief screen's systems.
pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Debrief), spawn)
        .add_systems(OnExit(Screen::Debrief), |mut commands: Commands| commands.remove_resource::<Playback>())
        .add_systems(Update, (keys, clicks, scroll, play_turn, play_back).run_if(in_state(Screen::Debrief)));
}

/// Recordings being played back, one after another: the customer's line, then the answer.
#[derive(Resource, Debug, Default)]
pub struct Playback {
    /// What is still to play, in order.
    pub clips: std::collections::VecDeque<std::path::PathBuf>,
    /// Seconds until the next clip starts (the one playing has that long to run).
    pub wait: f32,
}

impl Playback {
    /// Whether anything is playing or waiting to.
    pub fn playing(&self) -> bool {
        !self.clips.is_empty() || self.wait > 0.0
    }
}

/// A spoken turn's "play" row (its number).
#[derive(Component, Clone, Copy)]
pub struct PlayTurn(pub usize);

/// A digit (or a click on a play row) plays back spoken turn n: the customer's line before it,
/// then the answer as recorded.
fn play_turn(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    rows: Query<(&Interaction, &PlayTurn), Changed<Interaction>>,
    finished: Option<Res<Finished>>,
) {
    let Some(finished) = finished else { return };
    let clicked = rows.iter().find(|(i, _)| **i == Interaction::Pressed).map(|(_, t)| t.0);
    let Some(n) = clicked.or_else(|| super::digit_pressed(&keys).map(|d| d + 1)) else { return };
    let Some(turn) = finished.0.turns.iter().find(|t| t.number == n) else { return };
    let crate::engine::GivenAnswer::Spoken { audio, .. } = &turn.answer else { return };
    let line = finished.1.get(n - 1).cloned().flatten();
    let clips = line.into_iter().chain(std::iter::once(std::path::PathBuf::from(audio))).collect();
    commands.insert_resource(Playback { clips, wait: 0.0 });
}

/// Starts the next clip once the one before has had its length (from the WAV's header).
fn play_back(mut commands: Commands, playback: Option<ResMut<Playback>>, time: Res<Time>, mut sources: Option<ResMut<Assets<AudioSource>>>) {
    let Some(mut playback) = playback else { return };
    playback.wait -= time.delta_secs();
    if playback.wait > 0.0 {
        return;
    }
    playback.wait = 0.0;
    let Some(path) = playback.clips.pop_front() else { return };
    match std::fs::read(&path) {
        Ok(bytes) => {
            let seconds = crate::audio::wav::duration_of_bytes(&bytes).map_or(0.0, |d| d.as_secs_f32());
            if let Some(sources) = sources.as_deref_mut() {
                commands.spawn(crate::gui::sound(sources, bytes, Screen::Debrief));
            }
            // A short breath between the line and the answer, as on the call.
            playback.wait = seconds + 0.3;
        }
        Err(e) => warn!("cannot play {}: {e}", path.display()),
    }
}

/// How the call ended, on the debrief.
#[derive(Component)]
pub struct OutcomeText;
/// The band reached, on the debrief.
#[derive(Component)]
pub struct BandText;
/// A dimension's line: name and score.
#[derive(Component)]
pub struct DimensionText(pub Dimension);
/// One line of the turn-by-turn transcript.
#[derive(Component)]
pub struct TurnText;
#[derive(Component)]
struct Transcript;

#[derive(Component, Clone, Copy)]
enum Action {
    Retry,
    PickAnother,
    Title,
}

/// The mood chart's widest (at 1280x720 and up); narrower windows get what is left.
const CHART_WIDTH: f32 = 740.0;
/// Its narrowest.
const CHART_MIN_WIDTH: f32 = 220.0;
/// The score panel's width, in UI units.
const SCORE_WIDTH: f32 = 360.0;
const CHART_HEIGHT: f32 = 150.0;

/// The ending's summary (and where the session was kept).
#[derive(Component)]
pub struct SummaryText;

fn spawn(
    mut commands: Commands,
    fonts: Res<Fonts>,
    finished: Option<Res<Finished>>,
    pack: Res<Pack>,
    setup: Res<Setup>,
    results: Option<NonSend<crate::gui::results::Results>>,
    windows: Query<&Window>,
    ui_scale: Option<Res<UiScale>>,
) {
    let Some(finished) = finished else { return };
    // What the row beside the score panel leaves for the chart, in UI units; where that is too
    // little (large text in a small window), the chart goes under the score, as wide as the row.
    let chart_width = windows.iter().next().map_or(CHART_WIDTH, |w| {
        let scale = ui_scale.as_ref().map_or(1.0, |s| s.0).max(0.1);
        let row = w.width() / scale - 2.0 * 56.0;
        let beside = row - SCORE_WIDTH - 20.0 - 44.0;
        if beside >= CHART_MIN_WIDTH { beside.min(CHART_WIDTH) } else { (row - 44.0).clamp(CHART_MIN_WIDTH, CHART_WIDTH) }
    });
    let r = &finished.0;
    let kept = results.and_then(|r| r.last_finished()).map_or(String::new(), |id| format!("  ·  kept as session {id} for {}", setup.person));
    let hangs_up_at = pack.scenarios.get(setup.scenario).map_or(100, |s| s.customer.hangs_up_at);
    commands.spawn(theme::screen_root(Screen::Debrief)).with_children(|root| {
        root.spawn(theme::header_row(AlignItems::Center)).with_children(|row| {
            // The summary wraps; the buttons keep their size.
            row.spawn(theme::header_main()).with_children(|col| {
                col.spawn((theme::bold(&fonts, capitalise(r.outcome.describe()), theme::HEADING_SIZE, theme::TEXT), OutcomeText));
                col.spawn((theme::text(&fonts, format!("{}{kept}", r.ending_summary), theme::SMALL_SIZE, theme::MUTED), SummaryText));
            });
            row.spawn(Node { column_gap: px(10), flex_shrink: 0.0, ..default() }).with_children(|buttons| {
                for (label, action) in [("R  Retry", Action::Retry), ("P  Pick another", Action::PickAnother)] {
                    buttons.spawn(button(&fonts, label, action));
                }
            });
        });
        root.spawn(Node { column_gap: px(20), row_gap: px(20), align_items: AlignItems::Start, flex_wrap: FlexWrap::Wrap, flex_shrink: 0.0, ..default() }).with_children(|row| {
            // The score: band and the four dimensions.
            row.spawn(panel_node(SCORE_WIDTH)).with_children(|p| {
                let color = theme::score_color(r.overall);
                p.spawn((theme::bold(&fonts, format!("{}  ·  {} overall", r.band.name(), r.overall), theme::HEADING_SIZE - 4.0, color), BandText));
                for d in Dimension::ALL {
                    p.spawn(Node { column_gap: px(12), align_items: AlignItems::Center, ..default() }).with_children(|line| {
                        let (label, value) = match r.scores.get(d) {
                            Some(s) => (format!("{s}"), s),
                            None => ("n/a".to_string(), 0),
                        };
                        line.spawn((Node { width: px(120), ..default() }, children![theme::text(&fonts, d.name().to_string(), theme::SMALL_SIZE, theme::TEXT)]));
                        line.spawn((
                            Node { width: px(36), justify_content: JustifyContent::End, ..default() },
                            children![(theme::bold(&fonts, label, theme::SMALL_SIZE, theme::TEXT), DimensionText(d))],
                        ));
                        line.spawn(theme::bar(value, 140.0, 12.0, theme::score_color(value)));
                    });
                }
            });
            // The mood over the call.
            row.spawn(panel_node(chart_width + 44.0)).with_children(|p| {
                // The hang-up line is named here, where no point of the chart can cover it.
                let said = format!("Mood over the call: {}  ·  dashed: hangs up at {hangs_up_at}", mood_summary(r));
                p.spawn(theme::text(&fonts, said, theme::SMALL_SIZE, theme::MUTED));
                p.spawn(Node { width: px(chart_width), height: px(CHART_HEIGHT), ..default() }).with_children(|chart| {
                    mood_chart(chart, &r.mood, hangs_up_at, chart_width);
                });
            });
        });
        // Turn by turn.
        root.spawn(theme::bold(&fonts, "Turn by turn", theme::BODY_SIZE, theme::TEXT));
        root.spawn((
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(4),
                flex_grow: 1.0,
                flex_basis: px(0),
                // A few lines always show: where the screen is taller than the window, it scrolls
                // (Page Up/Down) rather than squeezing the transcript to nothing.
                min_height: px(180),
                overflow: Overflow::scroll_y(),
                ..default()
            },
            ScrollPosition::default(),
            Transcript,
            crate::gui::scroll::OwnScrolling { wheel: true, page_keys: false },
        ))
        .with_children(|list| {
            for line in transcript_lines(r) {
                let (text, color, size, indent) = match line {
                    Line::Said(t) => (t, theme::TEXT, theme::SMALL_SIZE + 1.0, 0.0),
                    Line::Reason(t, pts) => (t, points_color(pts), theme::SMALL_SIZE, 28.0),
                    Line::Note(t) => (t, theme::MUTED, theme::SMALL_SIZE, 28.0),
                    Line::Play(n) => {
                        let label = format!("▶ {n}  hear the customer's line, then your answer");
                        list.spawn((
                            Button,
                            Interaction::default(),
                            PlayTurn(n),
                            Node { padding: UiRect::axes(px(10), px(4)), margin: UiRect::left(px(28)), border_radius: BorderRadius::all(px(6)), flex_shrink: 0.0, align_self: AlignSelf::Start, ..default() },
                            BackgroundColor(theme::PANEL),
                        ))
                        .with_child((theme::text(&fonts, label, theme::SMALL_SIZE, theme::ACCENT), TurnText));
                        continue;
                    }
                };
                list.spawn(Node { padding: UiRect::left(px(indent)), flex_shrink: 0.0, ..default() })
                    .with_child((theme::text(&fonts, text, size, color), TurnText));
            }
        });
        let spoken = r.turns.iter().any(|t| matches!(t.answer, crate::engine::GivenAnswer::Spoken { .. }));
        let hints = if spoken { "R retry  ·  P pick another  ·  1-9 hear a spoken turn  ·  ↑↓ scroll  ·  Esc title" } else { "R retry  ·  P pick another  ·  ↑↓ scroll  ·  Esc title" };
        root.spawn(key_hints(&fonts, hints));
    });
}

fn panel_node(width: f32) -> impl Bundle {
    (
        Node {
            width: px(width),
            // Fixed, so the chart's absolutely placed marks cannot stretch the row.
            height: px(CHART_HEIGHT + 64.0),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(22), px(16)),
            row_gap: px(10),
            border_radius: BorderRadius::all(px(10)),
            ..default()
        },
        BackgroundColor(theme::PANEL),
    )
}

fn button(fonts: &Fonts, label: &str, action: Action) -> impl Bundle {
    (
        Button,
        Interaction::default(),
        Node { padding: UiRect::axes(px(16), px(10)), border_radius: BorderRadius::all(px(8)), ..default() },
        BackgroundColor(theme::PANEL),
        action,
        // "R  Retry" on one line, however long the summary beside it.
        children![(theme::text(fonts, label.to_string(), theme::SMALL_SIZE + 1.0, theme::TEXT), TextLayout::no_wrap())],
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

fn mood_summary(r: &SessionResult) -> String {
    match (r.mood.first(), r.mood.last()) {
        (Some(a), Some(b)) => format!("anger {a} to {b}"),
        _ => String::new(),
    }
}

fn points_color(total: i32) -> Color {
    match total.signum() {
        1 => theme::GOOD,
        -1 => theme::BAD,
        _ => theme::MUTED,
    }
}

/// A line of the transcript.
enum Line {
    Said(String),
    Reason(String, i32),
    Note(String),
    /// A spoken turn's recordings, to play (its number).
    Play(usize),
}

fn transcript_lines(r: &SessionResult) -> Vec<Line> {
    let mut out = Vec::new();
    for t in &r.turns {
        out.push(Line::Said(format!("{}. You {} \u{201c}{}\u{201d}", t.number, t.answer.verb(), t.answer.text())));
        out.extend(t.answer.recording_note().map(Line::Note));
        if matches!(t.answer, crate::engine::GivenAnswer::Spoken { .. }) {
            out.push(Line::Play(t.number));
        }
        for reason in &t.reasons {
            out.push(Line::Reason(format!("{}: {}", points(&Style::PLAIN, &reason.points), reason.why), reason.points.total()));
        }
        out.push(Line::Note(format!("mood {} → {}", t.anger_before, t.anger_after)));
        for note in &t.mood_notes {
            out.push(Line::Note(note.clone()));
        }
    }
    if !r.ending_points.is_zero() {
        out.push(Line::Reason(format!("Ending: {}", points(&Style::PLAIN, &r.ending_points)), r.ending_points.total()));
    }
    out.push(Line::Note(format!("Seed {}: the same seed replays the same wording and order.", r.seed)));
    out
}

/// Dots for anger after each turn, joined by lines, over a dashed hang-up threshold.
fn mood_chart(chart: &mut ChildSpawnerCommands, mood: &[u8], hangs_up_at: u8, width: f32) {
    let y = |anger: u8| CHART_HEIGHT - f32::from(anger.min(100)) / 100.0 * CHART_HEIGHT;
    let n = mood.len().max(2) - 1;
    let x = |i: usize| i as f32 / n as f32 * width;
    // The threshold, in short dashes.
    let limit = y(hangs_up_at);
    for k in (0..width as usize).step_by(14) {
        chart.spawn((
            Node { position_type: PositionType::Absolute, left: px(k as f32), top: px(limit), width: px(7), height: px(2), ..default() },
            BackgroundColor(theme::BAD.with_alpha(0.6)),
        ));
    }
    for (i, pair) in mood.windows(2).enumerate() {
        let (x1, y1, x2, y2) = (x(i), y(pair[0]), x(i + 1), y(pair[1]));
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt();
        chart.spawn((
            Node {
                position_type: PositionType::Absolute,
                left: px((x1 + x2) / 2.0 - length / 2.0),
                top: px((y1 + y2) / 2.0 - 1.5),
                width: px(length),
                height: px(3),
                ..default()
            },
            UiTransform::from_rotation(Rot2::radians(dy.atan2(dx))),
            BackgroundColor(theme::ACCENT),
        ));
    }
    for (i, anger) in mood.iter().enumerate() {
        chart.spawn((
            Node {
                position_type: PositionType::Absolute,
                left: px(x(i) - 5.0),
                top: px(y(*anger) - 5.0),
                width: px(10),
                height: px(10),
                border_radius: BorderRadius::all(px(5)),
                ..default()
            },
            BackgroundColor(theme::anger_color(*anger)),
        ));
    }
}

fn act(action: Action, next: &mut NextState<Screen>) {
    next.set(match action {
        Action::Retry => Screen::Session,
        Action::PickAnother => Screen::Picker,
        Action::Title => Screen::Title,
    });
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut next: ResMut<NextState<Screen>>) {
    let action = if keys.just_pressed(KeyCode::KeyR) {
        Action::Retry
    } else if keys.just_pressed(KeyCode::KeyP) {
        Action::PickAnother
    } else if keys.just_pressed(KeyCode::Escape) {
        Action::Title
    } else {
        return;
    };
    act(action, &mut next);
}

fn clicks(buttons: Query<(&Interaction, &Action), Changed<Interaction>>, mut next: ResMut<NextState<Screen>>) {
    for (interaction, action) in &buttons {
        if *interaction == Interaction::Pressed {
            act(*action, &mut next);
        }
    }
}

/// The transcript scrolls with the wheel and the arrow keys.
fn scroll(keys: Res<ButtonInput<KeyCode>>, mut wheel: MessageReader<MouseWheel>, mut list: Query<&mut ScrollPosition, With<Transcript>>) {
    let mut dy: f32 = wheel.read().map(|w| -w.y * 40.0).sum();
    if keys.pressed(KeyCode::ArrowDown) {
        dy += 12.0;
    }
    if keys.pressed(KeyCode::ArrowUp) {
        dy -= 12.0;
    }
    if dy != 0.0 {
        for mut pos in &mut list {
            pos.0.y = (pos.0.y + dy).max(0.0);
        }
    }
}
