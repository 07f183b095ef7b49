//! The session screen: the customer's name, persona and mood, their line as captions revealed
//! at speaking pace, numbered choices and a text box, feedback in practice mode, turn and
//! timer in screening mode, and Esc to pause.

use std::collections::VecDeque;
use std::sync::Arc;

use bevy::input_focus::{AutoFocus, FocusCause, InputFocus};
use bevy::prelude::*;
use bevy::text::{EditableText, TextEdit};

use super::sitting::{self, Sitting};
use super::{digit_pressed, key_hints, option_row, KeyHints, OptionLabel, Screen};
use crate::app::assess::{Next, Rules};
use crate::assessment::AnswerKind;
use crate::assessment::signals::Noticed;
use crate::engine::{mood, CustomerLine, Event, Mode, Prompt, Response, Session, SessionResult, Spoken};
use crate::gui::voice::{self, Heard, Voice};
use crate::scoring::delivery::Delivery;
use crate::gui::theme::{self, Fonts};
use crate::gui::{History, Pacing, Pack, Setup};
use crate::terminal::render::points;
use crate::terminal::Style;

/// Whether the call runs or is paused (Esc): a state that exists only on the session screen,
/// so the call's systems simply do not run while it is paused, and a new call starts running.
#[derive(SubStates, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[source(Screen = Screen::Session)]
pub enum Call {
    /// The call goes on.
    #[default]
    Running,
    /// Paused: the overlay is up and nothing moves.
    Paused,
}

/// The session screen's systems, and the pause state.
pub fn plugin(app: &mut App) {
    app.add_sub_state::<Call>()
        .add_systems(OnEnter(Screen::Session), start)
        .add_systems(OnExit(Screen::Session), |mut commands: Commands| commands.remove_resource::<Live>())
        .add_systems(OnEnter(Call::Paused), |mut overlay: Query<&mut Node, With<PauseOverlay>>| show_pause(&mut overlay, true))
        .add_systems(OnExit(Call::Paused), |mut overlay: Query<&mut Node, With<PauseOverlay>>| show_pause(&mut overlay, false))
        .add_systems(
            Update,
            (
                pause,
                (refuse_paste, refuse_stray_typing, skip_line, replay_line, pump, speak, answer_by_key, answer_aloud, transcribe_answer, answer_by_click, finish, time_up)
                    .chain()
                    .run_if(in_state(Call::Running)),
                note_absence,
                (show_texts, show_mood, show_prompt, show_count, show_conversation, scroll_conversation),
            )
                .chain()
                .run_if(in_state(Screen::Session)),
        )
        // Enter sends the box's text once this frame's keys are in it: read earlier, an Enter
        // typed in the same frame as the last letters cut them off ("...due on Tuesda").
        .add_systems(
            PostUpdate,
            answer_by_text.after(bevy::text::EditableTextSystems).run_if(in_state(Call::Running)),
        );
}

/// Where the conversation stands on screen.
#[derive(Debug, Clone)]
pub enum Phase {
    /// Ready for the next engine event.
    Idle,
    /// The customer is speaking: `shown` characters revealed at `speed` a second, then `hold`
    /// seconds of pause.
    Speaking {
        /// What is being said.
        line: CustomerLine,
        /// Characters revealed so far.
        shown: f32,
        /// Characters a second.
        speed: f32,
        /// Seconds to wait after the last character.
        hold: f32,
    },
    /// Waiting for the trainee.
    Answering(Prompt),
    /// The call is over; the debrief follows after `hold` seconds.
    Ending {
        /// How the call went.
        result: Box<SessionResult>,
        /// Seconds before the debrief.
        hold: f32,
    },
}

/// The running session and what the screen shows of it.
#[derive(Resource)]
pub struct Live {
    /// The engine's session.
    pub session: Session,
    queue: VecDeque<Event>,
    /// Where the conversation stands on screen.
    pub phase: Phase,
    /// The last line the customer said (stays up while the trainee answers).
    pub caption: String,
    /// The line under the answer: its points and the author's feedback (practice).
    pub feedback: String,
    /// Whether the last answer earned (true) or lost points, for the feedback's colour.
    pub feedback_good: bool,
    /// Seconds on the call, pauses left out.
    pub elapsed: f32,
    /// Set when a prompt comes or goes, so the option rows are rebuilt once.
    prompt_changed: bool,
    /// When the customer's last line started on the session clock, and how long it plays:
    /// what a spoken answer's timing is measured against.
    line_started: f32,
    line_length: f32,
    /// A spoken answer waiting for its words to be typed (or not) and Enter.
    pub spoken: Option<(std::path::PathBuf, Delivery)>,
    /// A spoken answer is being transcribed (on its own thread; the window keeps drawing).
    pub transcribing: bool,
    /// Sat under an assessment's rules: no paste, and what is noticed is kept.
    pub sitting: bool,
    /// What was noticed while answers were given (answer number, what), for the store.
    pub noticed: Vec<(usize, Noticed)>,
    /// When the first key of the answer being typed came (session clock).
    first_key: Option<f32>,
    /// When the window lost the focus (real seconds since start), while it is away.
    away_since: Option<f64>,
    /// The Space held now was pressed to answer aloud (its repeats are not typing).
    space_for_voice: bool,
    /// The customer's last line, for R to replay it.
    last_line: Option<CustomerLine>,
    /// Whether that line is in `conversation` yet (it joins it once answered or followed).
    line_kept: bool,
    /// The conversation so far, oldest first: what the customer said before the line on
    /// screen, and every answer as kept.
    pub conversation: Vec<Said>,
}

/// One thing said in the call, for the conversation column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// The customer's words.
    Customer(String),
    /// The trainee's answer, as kept.
    You(String),
}

impl Live {
    /// Moves the customer's line on screen into the conversation, once.
    fn keep_line(&mut self) {
        if let (Some(line), false) = (&self.last_line, self.line_kept) {
            self.conversation.push(Said::Customer(line.text.clone()));
            self.line_kept = true;
        }
    }

    /// The number of the answer being given (1-based).
    fn answering(&self) -> usize {
        self.session.turns().len() + 1
    }

    /// Notes something for the integrity signals, against the answer being given.
    fn notice(&mut self, what: Noticed) {
        let turn = self.answering();
        self.noticed.push((turn, what));
    }

    /// Whether the call moves on its own (a line being said, engine events not yet shown, the
    /// ending, prompt rows to rebuild), rather than waiting on the trainee.
    pub fn moving(&self) -> bool {
        !self.queue.is_empty() || self.prompt_changed || self.transcribing || !matches!(self.phase, Phase::Answering(_))
    }
}

/// The finished session, for the debrief.
#[derive(Resource, Debug, Clone)]
pub struct Finished(pub SessionResult, pub Vec<Option<std::path::PathBuf>>);

/// For each turn of a session (in order), the recording of the customer's line just before it,
/// where the line has one: what the debrief plays back before a spoken answer.
fn lines_before_turns(session: &Session, pack_dir: &std::path::Path) -> Vec<Option<std::path::PathBuf>> {
    let mut heard = None;
    let mut out = Vec::new();
    for event in session.events() {
        match event {
            Event::CustomerSays(line) => heard = line.audio.as_ref().map(|a| pack_dir.join(a)),
            Event::TurnScored(_) => out.push(heard.clone()),
            _ => {}
        }
    }
    out
}

/// The customer's line, as captions.
#[derive(Component)]
pub struct CaptionText;
/// The mood meter's words.
#[derive(Component)]
pub struct MoodText;
#[derive(Component)]
struct MoodFill;
/// The feedback line.
#[derive(Component)]
pub struct FeedbackText;
/// Turn and timer (screening).
#[derive(Component)]
pub struct ClockText;
#[derive(Component)]
struct Options;
#[derive(Component)]
struct ChoiceButton(usize);
/// The box the trainee types an answer into.
#[derive(Component)]
pub struct AnswerBox;
#[derive(Component)]
struct AnswerArea;
#[derive(Component)]
struct AnswerHint;
/// How many characters the answer has, of how many the box takes.
#[derive(Component)]
pub struct AnswerCount;
#[derive(Component)]
struct PauseOverlay;
/// The customer's line being played.
#[derive(Component)]
struct LineAudio;

/// The conversation-so-far column.
#[derive(Component)]
pub struct Conversation;
/// One line of it.
#[derive(Component)]
pub struct ConversationLine;

/// How far the wheel or Page Up/Down scrolls the conversation, in logical pixels.
const SCROLL_STEP: f32 = 40.0;

/// Rebuilds the conversation column when it grows, scrolled to its newest line.
fn show_conversation(
    mut commands: Commands,
    live: Option<Res<Live>>,
    fonts: Res<Fonts>,
    mut column: Query<(Entity, &mut Node, &mut ScrollPosition), With<Conversation>>,
    mut shown: Local<usize>,
) {
    let Some(live) = live else { return };
    let Ok((entity, mut node, mut scroll)) = column.single_mut() else { return };
    if live.conversation.len() == *shown {
        return;
    }
    *shown = live.conversation.len();
    let name = live.session.scenario().customer.first_name().to_string();
    commands.entity(entity).despawn_related::<Children>().with_children(|c| {
        for said in &live.conversation {
            let (text, colour) = match said {
                Said::Customer(t) => (format!("{name}: {t}"), theme::MUTED),
                Said::You(t) => (format!("You: {t}"), theme::ACCENT),
            };
            c.spawn((theme::text(&fonts, text, theme::SMALL_SIZE, colour), ConversationLine));
        }
    });
    node.display = if live.conversation.is_empty() { Display::None } else { Display::Flex };
    // Past the end: the layout clamps it to the last line.
    scroll.0.y = f32::MAX;
}

/// The wheel over the window, or Page Up/Down, scroll the conversation.
fn scroll_conversation(
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    keys: Res<ButtonInput<KeyCode>>,
    mut column: Query<&mut ScrollPosition, With<Conversation>>,
) {
    let mut by: f32 = wheel.read().map(|w| -w.y * SCROLL_STEP).sum();
    if keys.just_pressed(KeyCode::PageUp) {
        by -= SCROLL_STEP * 2.0;
    }
    if keys.just_pressed(KeyCode::PageDown) {
        by += SCROLL_STEP * 2.0;
    }
    if by != 0.0 {
        for mut scroll in &mut column {
            scroll.0.y = (scroll.0.y + by).max(0.0);
        }
    }
}

const MOOD_WIDTH: f32 = 200.0;

/// The longest answer the box takes: far more than anyone says in one turn (a long spoken
/// answer is about 600 characters a minute), so no one's words are cut off.
pub const MAX_ANSWER_CHARS: usize = 4000;

/// The session to open: an assessment's next call (begun, or resumed where it stopped), or
/// the scenario and mode chosen on the picker, with `seed` (a fresh one when `None`).
fn opening(pack: &Pack, setup: &Setup, seed: Option<u64>, sitting: Option<&mut Sitting>) -> Result<(Session, Vec<Event>, String), String> {
    if let Some(sitting) = sitting {
        let folder = sitting.entry.answers_folder();
        return match sitting.call.take() {
            Some(Next::Begin { index, .. }) => {
                let scenario = Arc::new(sitting.entry.scenarios[index].scenario.clone());
                let (session, events) = Session::start(scenario, sitting.entry.invitation.seed, Mode::Screening).map_err(|e| e.to_string())?;
                Ok((session, events, folder))
            }
            Some(Next::Resume { resumed, .. }) => {
                let events = resumed.session.events_since_last_answer().to_vec();
                Ok((resumed.session, events, folder))
            }
            Some(Next::Done) | None => Err("no call of the assessment is waiting".to_string()),
        };
    }
    let scenario = pack.scenarios.get(setup.scenario).map(Arc::clone).ok_or("no scenario chosen")?;
    let seed = seed.unwrap_or_else(crate::engine::fresh_seed);
    let folder = crate::paths::session_folder(&scenario.id, seed);
    let (session, events) = Session::start(scenario, seed, setup.mode).map_err(|e| e.to_string())?;
    Ok((session, events, folder))
}

/// The answers of a call that is being started again (its scenario file changed under the
/// window, see `gui::authoring`): the new session is given them at once, as inky replays a story
/// as you type.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct FastForward {
    /// The seed the call was played with (the same wording, the same option order).
    pub seed: u64,
    /// Its answers so far.
    pub responses: Vec<Response>,
}

/// How a fast-forward went: answers given again, and why it stopped short if it did.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct FastForwarded {
    /// Answers given again.
    pub given: usize,
    /// Of how many.
    pub of: usize,
    /// Why the rest could not be given (an option gone, the call ending sooner).
    pub stopped: Option<String>,
}

impl FastForwarded {
    /// What happened, in a sentence.
    pub fn describe(&self) -> String {
        match &self.stopped {
            None => format!("reloaded; {} given again", crate::vocab::text::counted(self.given, "answer")),
            Some(why) => format!("reloaded; {} of {} given again: answer {} {why}", self.given, self.of, self.given + 1),
        }
    }
}

/// Gives `responses` to a fresh session, stopping at the first that no longer fits.
fn fast_forward(session: &mut Session, responses: &[Response]) -> FastForwarded {
    let mut out = FastForwarded { given: 0, of: responses.len(), stopped: None };
    for r in responses {
        if session.is_over() {
            out.stopped = Some("came after the call had ended".to_string());
            break;
        }
        if let Err(e) = session.respond(r.clone()) {
            out.stopped = Some(format!("no longer fits ({e})"));
            break;
        }
        out.given += 1;
    }
    out
}

/// The conversation up to the last answer, as the column shows it.
fn conversation_so_far(session: &Session) -> Vec<Said> {
    let since = session.events().len() - session.events_since_last_answer().len();
    session.events()[..since]
        .iter()
        .filter_map(|e| match e {
            Event::CustomerSays(line) => Some(Said::Customer(line.text.clone())),
            Event::TurnScored(turn) => Some(Said::You(turn.answer.text().to_string())),
            _ => None,
        })
        .collect()
}

fn start(
    mut commands: Commands,
    fonts: Res<Fonts>,
    pack: Res<Pack>,
    setup: Res<Setup>,
    mut sitting: Option<ResMut<Sitting>>,
    voice: Option<NonSendMut<Voice>>,
    forward: Option<Res<FastForward>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let sat = sitting.is_some();
    // A call started again after its file changed keeps its seed: the same wording, the same order.
    let seed = forward.as_ref().map(|f| f.seed).or(setup.seed);
    let (mut session, mut events, folder) = match opening(&pack, &setup, seed, sitting.as_deref_mut()) {
        Ok(opened) => opened,
        Err(e) => {
            // The pack and the assessment are linted on load, so this is a defect; go back
            // rather than crash.
            error!("cannot start the call: {e}");
            next.set(if sat { Screen::Assessment } else { Screen::Picker });
            return;
        }
    };
    let mut conversation = Vec::new();
    if let Some(f) = forward {
        commands.remove_resource::<FastForward>();
        let went = fast_forward(&mut session, &f.responses);
        info!("{}", went.describe());
        events = session.events_since_last_answer().to_vec();
        conversation = conversation_so_far(&session);
        commands.insert_resource(went);
    }
    let scenario = Arc::clone(session.scenario());
    let anger = session.anger();
    if let Some(mut voice) = voice {
        voice.begin_session(&folder);
    }
    commands.insert_resource(Live {
        session,
        queue: events.into(),
        phase: Phase::Idle,
        caption: String::new(),
        feedback: String::new(),
        feedback_good: true,
        elapsed: 0.0,
        prompt_changed: false,
        line_started: 0.0,
        line_length: 0.0,
        spoken: None,
        transcribing: false,
        sitting: sat,
        noticed: Vec::new(),
        first_key: None,
        away_since: None,
        space_for_voice: false,
        last_line: None,
        line_kept: false,
        conversation,
    });

    let customer = &scenario.customer;
    commands.spawn(theme::screen_root(Screen::Session)).with_children(|root| {
        // Header: who, and how angry. The meter keeps its size; the name's side takes what is
        // left, one line each, clipped in a narrow window (text that wraps there is measured
        // at its narrowest and would make the header many lines tall); with large text in a
        // small window the meter goes under the name.
        root.spawn(theme::header_row(AlignItems::Start))
            .with_children(|row| {
                row.spawn(Node { overflow: Overflow::clip_x(), ..theme::header_main() })
                .with_children(|who| {
                    who.spawn((theme::bold(&fonts, customer.name.clone(), theme::HEADING_SIZE, theme::TEXT), TextLayout::no_wrap()));
                    let about = format!("{}  ·  {}", scenario.title, customer.persona.describe());
                    who.spawn((theme::text(&fonts, about, theme::SMALL_SIZE, theme::MUTED), TextLayout::no_wrap()));
                });
                row.spawn(Node { flex_direction: FlexDirection::Column, align_items: AlignItems::End, row_gap: px(6), flex_shrink: 0.0, ..default() })
                    .with_children(|right| {
                        right.spawn(Node { column_gap: px(12), align_items: AlignItems::Center, ..default() }).with_children(|mood_row| {
                            mood_row.spawn(theme::text(&fonts, "Mood", theme::SMALL_SIZE, theme::MUTED));
                            mood_row
                                .spawn((
                                    Node { width: px(MOOD_WIDTH), height: px(16), border_radius: BorderRadius::all(px(8)), ..default() },
                                    BackgroundColor(theme::PANEL_HIGHLIGHT),
                                ))
                                .with_child((
                                    Node { width: px(mood_width(anger)), height: percent(100), border_radius: BorderRadius::all(px(8)), ..default() },
                                    BackgroundColor(theme::anger_color(anger)),
                                    MoodFill,
                                ));
                            mood_row.spawn((theme::text(&fonts, mood_label(anger), theme::SMALL_SIZE, theme::TEXT), MoodText));
                        });
                        right.spawn((theme::text(&fonts, "", theme::SMALL_SIZE, theme::MUTED), ClockText));
                    });
            });
        // The conversation so far, above the line on screen: scrolls (wheel, Page Up/Down),
        // shows its newest at the bottom, and gives up its room first in a small window.
        root.spawn((
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(4),
                max_height: px(110),
                // At least the last line, however small the window.
                min_height: px(24),
                flex_shrink: 1.0,
                overflow: Overflow::scroll_y(),
                display: Display::None,
                ..default()
            },
            ScrollPosition::default(),
            Conversation,
            crate::gui::scroll::OwnScrolling { wheel: true, page_keys: true },
        ));
        // What the customer says.
        root.spawn((
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(8),
                min_height: px(150),
                flex_shrink: 0.0,
                padding: UiRect::axes(px(26), px(20)),
                border_radius: BorderRadius::all(px(10)),
                ..default()
            },
            BackgroundColor(theme::PANEL),
        ))
        .with_children(|p| {
                p.spawn(theme::text(&fonts, format!("{} says", customer.first_name()), theme::SMALL_SIZE, theme::ACCENT));
                p.spawn((theme::text(&fonts, "", theme::BODY_SIZE + 4.0, theme::TEXT), CaptionText));
            });
        // The trainee's options, rebuilt for every prompt.
        root.spawn((Node { flex_direction: FlexDirection::Column, row_gap: px(8), flex_shrink: 0.0, ..default() }, Options));
        // The text box, shown when the node takes free text.
        root.spawn((Node { flex_direction: FlexDirection::Column, row_gap: px(6), display: Display::None, ..default() }, AnswerArea))
            .with_children(|area| {
                area.spawn((theme::text(&fonts, "", theme::SMALL_SIZE, theme::MUTED), AnswerHint));
                area.spawn((
                    Node { width: percent(100), padding: UiRect::axes(px(14), px(10)), border: px(2).all(), border_radius: BorderRadius::all(px(8)), ..default() },
                    BorderColor::all(theme::ACCENT),
                    BackgroundColor(theme::PANEL),
                    // Four lines that wrap, and scroll past them: a long answer can be read over.
                    EditableText { allow_newlines: false, max_characters: Some(MAX_ANSWER_CHARS), visible_lines: Some(4.0), ..default() },
                    TextFont { font: fonts.regular.clone().into(), font_size: FontSize::Px(theme::BODY_SIZE), ..default() },
                    TextColor(theme::TEXT),
                    theme::cursor(),
                    AutoFocus,
                    AccessibleLabel::new("Your answer"),
                    AnswerBox,
                ));
                area.spawn((theme::text(&fonts, "", theme::SMALL_SIZE, theme::MUTED), AnswerCount));
            });
        root.spawn((theme::text(&fonts, "", theme::BODY_SIZE - 2.0, theme::GOOD), FeedbackText));
        root.spawn(key_hints(&fonts, "Esc pause"));
        // Pause overlay, hidden until Esc.
        root.spawn((
            Node { justify_content: JustifyContent::Center, row_gap: px(12), display: Display::None, ..theme::cover() },
            // Opaque: text showing through is unreadable, and in screening the question must not
            // be readable while the call is paused.
            BackgroundColor(theme::BACKGROUND),
            GlobalZIndex(10),
            crate::gui::focus::Modal,
            PauseOverlay,
            children![
                theme::bold(&fonts, "Paused", theme::HEADING_SIZE, theme::TEXT),
                theme::text(&fonts, if sat { PAUSED_SITTING } else { PAUSED }, theme::BODY_SIZE, theme::MUTED),
            ],
        ));
    });
}

const PAUSED: &str = "Enter or Esc: back to the call  ·  Q: leave it (nothing is scored)";
const PAUSED_SITTING: &str = "Enter or Esc: back to the call  ·  Q: leave the assessment (your answers are kept; your code goes on later)";

fn mood_width(anger: u8) -> f32 {
    f32::from(anger.min(100)) / 100.0 * MOOD_WIDTH
}

fn mood_label(anger: u8) -> String {
    format!("{anger} {}", mood::describe(anger))
}

/// Esc pauses and resumes (Enter resumes too); Q while paused leaves the call. The new state
/// takes effect from the next frame, so the key that resumes is never also read as an answer.
/// Leaving an assessment's call goes back to its code screen, saying how to go on.
fn pause(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    call: Res<State<Call>>,
    sitting: Option<Res<Sitting>>,
    mut message: ResMut<sitting::Message>,
    mut next_call: ResMut<NextState<Call>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let paused = *call.get() == Call::Paused;
    if keys.just_pressed(KeyCode::Escape) || (paused && keys.just_pressed(KeyCode::Enter)) {
        next_call.set(if paused { Call::Running } else { Call::Paused });
    } else if paused && keys.just_pressed(KeyCode::KeyQ) {
        if sitting.is_some() {
            commands.remove_resource::<Sitting>();
            commands.insert_resource(sitting::Step::Code);
            message.0 = crate::app::assess::LEFT.into();
            next.set(Screen::Assessment);
        } else {
            next.set(Screen::Title);
        }
    }
}

/// Takes the next engine event when the screen is ready for it.
fn pump(
    mut commands: Commands,
    live: Option<ResMut<Live>>,
    pacing: Res<Pacing>,
    preferences: Res<crate::gui::Preferences>,
    pack: Res<Pack>,
    audio: Option<ResMut<Assets<AudioSource>>>,
) {
    let mut audio = audio;
    let Some(mut live) = live else { return };
    while matches!(live.phase, Phase::Idle) {
        let Some(event) = live.queue.pop_front() else { return };
        match event {
            Event::CustomerSays(line) => {
                live.caption.clear();
                live.keep_line();
                live.last_line = Some(line.clone());
                live.line_kept = false;
                // The recording is read once: its header times the captions, its bytes play.
                let recording = line.audio.as_ref().map(|a| pack.dir.join(a)).and_then(|path| match std::fs::read(&path) {
                    Ok(bytes) => Some(bytes),
                    Err(e) => {
                        warn!("cannot read {}: {e}", path.display());
                        None
                    }
                });
                let seconds = recording
                    .as_deref()
                    .and_then(|b| crate::audio::wav::duration_of_bytes(b).ok())
                    .map(|d| d.as_secs_f32());
                if let (Some(bytes), Some(assets)) = (recording, audio.as_deref_mut()) {
                    commands.spawn((crate::gui::sound(assets, bytes, Screen::Session), LineAudio));
                }
                let chars = line.text.chars().count();
                // A recording sets the pace (the words keep step with the voice) unless the
                // person wants lines whole; without one, their caption speed does.
                let factor = preferences.0.caption_factor();
                let speed = match seconds {
                    Some(_) if factor.is_finite() => pacing.caption_speed(chars, seconds),
                    _ => pacing.caption_speed(chars, seconds) * factor,
                };
                live.line_started = live.elapsed;
                live.line_length = seconds.unwrap_or(if speed.is_finite() { chars as f32 / speed } else { 0.0 });
                live.phase = Phase::Speaking { line, shown: 0.0, speed, hold: pacing.pause_seconds };
            }
            Event::AwaitingResponse(prompt) => {
                live.prompt_changed = true;
                live.phase = Phase::Answering(prompt);
            }
            Event::TurnScored(turn) => {
                live.feedback_good = turn.points.total() >= 0 || live.session.mode() == Mode::Screening;
                live.feedback = match live.session.mode() {
                    Mode::Practice => {
                        let pts = points(&Style::PLAIN, &turn.points);
                        if turn.feedback.is_empty() { pts } else { format!("{pts}: {}", turn.feedback) }
                    }
                    Mode::Screening => "Answer recorded.".to_string(),
                };
            }
            Event::Ended(result) => {
                live.phase = Phase::Ending { result: Box::new(result), hold: pacing.pause_seconds * 3.0 };
            }
        }
    }
}

/// Enter while the customer is speaking shows the whole line at once and stops its recording:
/// a reader need not wait for the speaking pace.
fn skip_line(mut commands: Commands, keys: Res<ButtonInput<KeyCode>>, live: Option<ResMut<Live>>, playing: Query<Entity, With<LineAudio>>) {
    let Some(mut live) = live else { return };
    if !keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]) {
        return;
    }
    let Phase::Speaking { line, shown, hold, .. } = &mut live.phase else { return };
    *shown = line.text.chars().count() as f32;
    *hold = 0.0;
    let whole = line.text.clone();
    live.caption = whole;
    for entity in &playing {
        commands.entity(entity).despawn();
    }
}

/// R (Ctrl+R where the box has the keys, since there R is a letter) says the customer's last
/// line again, captions and recording, then asks the same question. Only with the box empty:
/// asking again starts with an empty box, and nothing typed may be lost.
fn replay_line(
    keys: Res<ButtonInput<KeyCode>>,
    live: Option<ResMut<Live>>,
    boxes: Query<(Entity, &EditableText), With<AnswerBox>>,
    focus: Option<Res<InputFocus>>,
) {
    let Some(mut live) = live else { return };
    if !keys.just_pressed(KeyCode::KeyR) {
        return;
    }
    let Phase::Answering(prompt) = &live.phase else { return };
    let control = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    let typing_here = boxes.iter().any(|(entity, _)| focus.as_ref().is_some_and(|f| f.get() == Some(entity)));
    if (typing_here && !control) || boxes.iter().any(|(_, b)| holds_words(b)) || live.spoken.is_some() {
        return;
    }
    let (Some(line), prompt) = (live.last_line.clone(), prompt.clone()) else { return };
    live.queue.push_front(Event::AwaitingResponse(prompt));
    live.queue.push_front(Event::CustomerSays(line));
    live.phase = Phase::Idle;
    live.prompt_changed = true;
    live.feedback.clear();
}

/// Reveals the caption at speaking pace, then holds briefly.
fn speak(live: Option<ResMut<Live>>, time: Res<Time>) {
    let Some(mut live) = live else { return };
    live.elapsed += time.delta_secs();
    let dt = time.delta_secs();
    let mut done = false;
    let mut caption = None;
    if let Phase::Speaking { line, shown, speed, hold } = &mut live.phase {
        let total = line.text.chars().count() as f32;
        if *shown < total {
            *shown = (*shown + dt * *speed).min(total);
            caption = Some(line.text.chars().take(*shown as usize).collect::<String>());
        } else {
            *hold -= dt;
        }
        done = *shown >= total && *hold <= 0.0;
    }
    if let Some(c) = caption {
        live.caption = c;
    }
    if done {
        live.phase = Phase::Idle;
    }
}

fn respond(live: &mut Live, response: Response) {
    match live.session.respond(response) {
        Ok(events) => {
            live.keep_line();
            if let Some(turn) = live.session.turns().last() {
                let answer = Said::You(turn.answer.text().to_string());
                live.conversation.push(answer);
            }
            live.spoken = None;
            live.first_key = None;
            live.queue.extend(events);
            live.phase = Phase::Idle;
            // The options go while the customer replies.
            live.prompt_changed = true;
        }
        // Not an answer this node takes: say why; the prompt stays.
        Err(e) => {
            live.feedback = e.to_string();
            live.feedback_good = false;
        }
    }
}

/// Whether answers of this kind are taken (an assessment may allow fewer).
fn allowed(sitting: Option<&Sitting>, kind: AnswerKind) -> bool {
    Rules::allow(sitting.and_then(|s| s.rules.as_ref()), kind)
}

/// Digits pick an option, unless the trainee has started typing words.
fn answer_by_key(
    keys: Res<ButtonInput<KeyCode>>,
    live: Option<ResMut<Live>>,
    sitting: Option<Res<Sitting>>,
    mut boxes: Query<&mut EditableText, With<AnswerBox>>,
) {
    let Some(mut live) = live else { return };
    if !allowed(sitting.as_deref(), AnswerKind::Choice) {
        return;
    }
    let Phase::Answering(prompt) = &live.phase else { return };
    let typing = boxes.iter().any(|b| {
        let text = b.value().to_string();
        !text.trim().is_empty() && !digits_only(&text)
    });
    if typing {
        return;
    }
    if let Some(i) = digit_pressed(&keys).filter(|i| *i < prompt.choices.len()) {
        for mut b in &mut boxes {
            clear_box(&mut b);
        }
        respond(&mut live, Response::Choice(i));
    }
}

/// Whether the box holds words, counting keys typed this frame and not yet applied.
fn holds_words(answer: &EditableText) -> bool {
    !answer.value().to_string().trim().is_empty() || answer.pending_edits.iter().any(|e| matches!(e, TextEdit::Insert(t) if !t.trim().is_empty()))
}

/// Empties the box when all it holds is spaces (what a Space held to answer aloud typed).
fn clear_spaces(answer: &mut EditableText) {
    if answer.value().to_string().trim().is_empty() {
        clear_box(answer);
    }
}

/// Empties the text box, including keystrokes not yet applied.
fn clear_box(answer: &mut EditableText) {
    answer.pending_edits.clear();
    answer.clear();
}

/// A digit typed into the box is also the shortcut for an option; it is not an answer.
fn digits_only(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// Whether a free-text question is being asked, or is next once the customer finishes.
fn free_text_now_or_next(live: &Live) -> bool {
    match &live.phase {
        Phase::Answering(p) => p.free_text.is_some(),
        Phase::Speaking { .. } => live.queue.iter().find_map(|e| match e {
            Event::AwaitingResponse(p) => Some(p.free_text.is_some()),
            _ => None,
        }) == Some(true),
        _ => false,
    }
}

/// Hold Space (with the box empty) to answer aloud, even over the customer; let go to stop.
fn answer_aloud(
    keys: Res<ButtonInput<KeyCode>>,
    live: Option<ResMut<Live>>,
    sitting: Option<Res<Sitting>>,
    voice: Option<NonSendMut<Voice>>,
    mut boxes: Query<&mut EditableText, With<AnswerBox>>,
) {
    let (Some(mut live), Some(mut voice)) = (live, voice) else { return };
    // The Space held to answer aloud (and its key repeat) types no spaces into the box, even
    // when the microphone failed to start.
    if live.space_for_voice {
        if keys.pressed(KeyCode::Space) {
            for mut b in &mut boxes {
                clear_spaces(&mut b);
            }
        } else {
            live.space_for_voice = false;
        }
    }
    // Without a working microphone (found out at the first try) Space is just a space.
    if !allowed(sitting.as_deref(), AnswerKind::Spoken) || !voice.available() {
        return;
    }
    if keys.just_pressed(KeyCode::Space) && !voice.recording() && live.spoken.is_none() && !live.transcribing && free_text_now_or_next(&live) {
        // This frame's keys count: typing "I am" fast must not start a recording at its space.
        if !boxes.iter().any(holds_words) {
            let turn = live.answering();
            live.feedback = voice::start(&mut voice, turn, live.elapsed);
            live.feedback_good = voice.recording();
            live.space_for_voice = true;
        }
    }
    if voice.recording() {
        // What the held Space typed into the box.
        for mut b in &mut boxes {
            clear_spaces(&mut b);
        }
    }
    if !keys.just_released(KeyCode::Space) {
        return;
    }
    let Some(heard) = voice::stop(&mut voice, live.line_started, live.line_length) else { return };
    match heard {
        Heard::Calibrated(message) => (live.feedback, live.feedback_good) = (message, true),
        Heard::Nothing(message) => (live.feedback, live.feedback_good) = (message, false),
        Heard::Answer { file, delivery } if voice.talk.transcribes() => match voice.talk.start_transcribing(&file, delivery) {
            Ok(job) => {
                voice.transcribing = Some(job);
                live.transcribing = true;
                live.feedback = "Transcribing…".into();
                live.feedback_good = true;
            }
            Err(why) => live.ask_for_words(&why, file, delivery),
        },
        Heard::Answer { file, delivery } => {
            live.feedback = format!(
                "Heard {:.1} s. {TYPE_WHAT_YOU_SAID}",
                delivery.talk_time
            );
            live.feedback_good = true;
            live.spoken = Some((file, delivery));
            // Talked over: the customer stops mid-sentence.
            if let Phase::Speaking { line, shown, hold, .. } = &mut live.phase {
                *shown = line.text.chars().count() as f32;
                *hold = 0.0;
            }
        }
    }
}

/// What a trainee is asked when a spoken answer's words are theirs to give.
const TYPE_WHAT_YOU_SAID: &str = "Type what you said and press Enter, or press Enter alone to leave the words for a reviewer.";

impl Live {
    /// The recording is kept as the answer; its words are asked for, after `why` there are none.
    fn ask_for_words(&mut self, why: &str, file: std::path::PathBuf, delivery: Delivery) {
        self.feedback = format!("{why}. {TYPE_WHAT_YOU_SAID}");
        self.feedback_good = false;
        self.spoken = Some((file, delivery));
    }
}

/// A spoken answer's words from the transcriber, once its thread has them: scored and routed
/// at once, as the terminal does; without words, the trainee is asked to type them.
fn transcribe_answer(live: Option<ResMut<Live>>, voice: Option<NonSendMut<Voice>>) {
    let (Some(mut live), Some(mut voice)) = (live, voice) else { return };
    let voice = &mut *voice;
    let Some(job) = voice.transcribing.as_ref() else { return };
    let Some(outcome) = voice.talk.transcribed(job) else { return };
    let (file, measured) = (job.recording().to_path_buf(), job.delivery());
    voice.transcribing = None;
    live.transcribing = false;
    match outcome {
        Ok((heard, delivery)) if !heard.text.trim().is_empty() => {
            let spoken = Spoken { audio: file.display().to_string(), delivery, transcript: Some(heard.text.clone()), heard: Some(heard) };
            live.feedback.clear();
            respond(&mut live, Response::Spoken(spoken));
        }
        outcome => {
            let why = outcome.err().unwrap_or_else(|| "No words were recognised".into());
            live.ask_for_words(&why, file, measured);
        }
    }
}

/// Enter sends the typed answer (or a spoken answer with what was typed as its words).
fn answer_by_text(
    keys: Res<ButtonInput<KeyCode>>,
    live: Option<ResMut<Live>>,
    sitting: Option<Res<Sitting>>,
    mut boxes: Query<&mut EditableText, With<AnswerBox>>,
) {
    let Some(mut live) = live else { return };
    let Phase::Answering(prompt) = &live.phase else { return };
    if !keys.just_pressed(KeyCode::Enter) || prompt.free_text.is_none() || live.transcribing {
        return;
    }
    if live.spoken.is_none() && !allowed(sitting.as_deref(), AnswerKind::Typed) {
        live.feedback = "This assessment takes no typed answers; pick an option or answer aloud.".into();
        live.feedback_good = false;
        return;
    }
    if let Some((file, delivery)) = live.spoken.clone() {
        let typed = boxes.iter().map(|b| b.value().to_string()).find(|t| !t.trim().is_empty());
        for mut b in &mut boxes {
            clear_box(&mut b);
        }
        let spoken = Spoken { audio: file.display().to_string(), delivery, transcript: typed, heard: None };
        respond(&mut live, Response::Spoken(spoken));
        return;
    }
    for mut answer in &mut boxes {
        let text = answer.value().to_string();
        if text.trim().is_empty() || digits_only(&text) {
            continue;
        }
        clear_box(&mut answer);
        if let (true, Some(first)) = (live.sitting, live.first_key) {
            let seconds = live.elapsed - first;
            if seconds > 0.0 {
                live.notice(Noticed::Typing { chars_per_second: f64::from(text.chars().count() as f32 / seconds) });
            }
        }
        respond(&mut live, Response::Text(text));
    }
}

/// A click on an option (or Enter with the focus on it) picks it, where options are taken.
fn answer_by_click(buttons: Query<(&Interaction, &ChoiceButton), Changed<Interaction>>, live: Option<ResMut<Live>>, sitting: Option<Res<Sitting>>) {
    let Some(mut live) = live else { return };
    if !matches!(live.phase, Phase::Answering(_)) || !allowed(sitting.as_deref(), AnswerKind::Choice) {
        return;
    }
    for (interaction, button) in &buttons {
        if *interaction == Interaction::Pressed {
            respond(&mut live, Response::Choice(button.0));
            return;
        }
    }
}

/// After the last line, on to the debrief.
fn finish(
    mut commands: Commands,
    live: Option<ResMut<Live>>,
    pack: Res<Pack>,
    time: Res<Time>,
    mut history: ResMut<History>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(mut live) = live else { return };
    let sitting = live.sitting;
    let Phase::Ending { result, hold } = &mut live.phase else { return };
    *hold -= time.delta_secs();
    if *hold > 0.0 {
        return;
    }
    // An assessment's call ends without a result on screen: on to the next call.
    if sitting {
        next.set(Screen::Assessment);
        return;
    }
    let result = (**result).clone();
    let best = history.best.entry(result.scenario_id.clone()).or_insert(result.band);
    *best = (*best).max(result.band);
    let lines = lines_before_turns(&live.session, &pack.dir);
    commands.insert_resource(Finished(result, lines));
    next.set(Screen::Debrief);
}

/// The assessment's time is up: the call stops where it is (every answer so far is kept) and
/// the assessment ends.
fn time_up(sitting: Option<Res<Sitting>>, mut next: ResMut<NextState<Screen>>) {
    if sitting.is_some_and(|s| s.rules.as_ref().is_some_and(|r| r.time_is_up())) {
        next.set(Screen::Assessment);
    }
}

/// In an assessment a paste into the answer box is refused, said, and noted; the first key of
/// an answer starts its typing time.
fn refuse_paste(live: Option<ResMut<Live>>, mut boxes: Query<&mut EditableText, With<AnswerBox>>) {
    let Some(mut live) = live else { return };
    if !live.sitting {
        return;
    }
    for mut answer in &mut boxes {
        if answer.pending_edits.iter().any(|e| matches!(e, TextEdit::Insert(_))) && live.first_key.is_none() {
            live.first_key = Some(live.elapsed);
        }
        let before = answer.pending_edits.len();
        answer.pending_edits.retain(|e| *e != TextEdit::Paste);
        if answer.pending_edits.len() < before {
            // The clipboard is never read, so what it held stays unknown (0).
            live.notice(Noticed::Paste { chars: 0 });
            live.feedback = crate::app::assess::PASTE_REFUSED.to_string();
            live.feedback_good = false;
        }
    }
}

/// Away from an assessment's window: noted when the focus comes back, if it was gone long
/// enough to be more than a glance (two seconds).
fn note_absence(live: Option<ResMut<Live>>, mut focus: MessageReader<bevy::window::WindowFocused>, time: Res<Time<Real>>) {
    let Some(mut live) = live else {
        focus.clear();
        return;
    };
    for event in focus.read() {
        if !live.sitting {
            continue;
        }
        let now = time.elapsed_secs_f64();
        match (event.focused, live.away_since) {
            (false, None) => live.away_since = Some(now),
            (true, Some(since)) => {
                live.away_since = None;
                if now - since >= 2.0 {
                    live.notice(Noticed::Away { seconds: now - since });
                }
            }
            _ => {}
        }
    }
}

/// Captions, mood, feedback and clock follow the session.
fn show_texts(
    live: Option<Res<Live>>,
    sitting: Option<Res<Sitting>>,
    mut texts: ParamSet<(
        Query<&mut Text, With<CaptionText>>,
        Query<&mut Text, With<MoodText>>,
        Query<(&mut Text, &mut TextColor), With<FeedbackText>>,
        Query<&mut Text, With<ClockText>>,
    )>,
) {
    let Some(live) = live else { return };
    let set = |text: &mut Text, value: &str| {
        if text.0 != value {
            text.0 = value.to_string();
        }
    };
    for mut t in &mut texts.p0() {
        set(&mut t, &live.caption);
    }
    for mut t in &mut texts.p1() {
        set(&mut t, &mood_label(shown_anger(&live)));
    }
    let feedback_color = if live.feedback_good { theme::GOOD } else { theme::BAD };
    for (mut t, mut color) in &mut texts.p2() {
        set(&mut t, &live.feedback);
        // Written only on change: a write marks the entity changed and costs a re-render.
        color.set_if_neq(TextColor(feedback_color));
    }
    if let Some(sitting) = sitting {
        for mut t in &mut texts.p3() {
            set(&mut t, &sitting.clock());
        }
    } else if live.session.mode() == Mode::Screening {
        let turn = live.answering();
        let secs = live.elapsed as u32;
        for mut t in &mut texts.p3() {
            set(&mut t, &format!("Turn {turn}  ·  {:02}:{:02}", secs / 60, secs % 60));
        }
    }
}

/// The mood meter fills and changes colour with the customer's anger.
/// The anger the meter shows: the customer's now in practice; in screening the anger they
/// started with, since a meter that moves after each answer would be feedback on it.
fn shown_anger(live: &Live) -> u8 {
    match live.session.mode() {
        Mode::Practice => live.session.anger(),
        Mode::Screening => live.session.scenario().customer.anger,
    }
}

fn show_mood(live: Option<Res<Live>>, mut fill: Query<(&mut Node, &mut BackgroundColor), With<MoodFill>>) {
    let Some(live) = live else { return };
    let anger = shown_anger(&live);
    for (mut node, mut color) in &mut fill {
        // Only on change: a changed node width means a new layout pass.
        if node.width != px(mood_width(anger)) {
            node.width = px(mood_width(anger));
        }
        color.set_if_neq(BackgroundColor(theme::anger_color(anger)));
    }
}

fn show_pause(overlay: &mut Query<&mut Node, With<PauseOverlay>>, paused: bool) {
    let display = if paused { Display::Flex } else { Display::None };
    for mut node in overlay.iter_mut() {
        node.display = display;
    }
}

/// Rebuilds the option rows and the text box when a prompt comes or goes, and says which keys
/// answer this question: the box has the keys only where words are taken, so letters typed at
/// a question of options cannot pile up in a hidden box and swallow the digits.
fn show_prompt(
    mut commands: Commands,
    live: Option<ResMut<Live>>,
    fonts: Res<Fonts>,
    voice: Option<NonSend<Voice>>,
    options: Query<Entity, With<Options>>,
    mut area: Query<&mut Node, With<AnswerArea>>,
    mut texts: ParamSet<(Query<&mut Text, With<AnswerHint>>, Query<&mut Text, With<KeyHints>>)>,
    mut answer_box: Query<(Entity, &mut EditableText), With<AnswerBox>>,
    focus: Option<ResMut<InputFocus>>,
) {
    let Some(mut live) = live else { return };
    if !live.prompt_changed {
        return;
    }
    live.prompt_changed = false;
    let prompt = match &live.phase {
        Phase::Answering(p) => Some(p.clone()),
        _ => None,
    };
    for entity in &options {
        commands.entity(entity).despawn_children();
        if let Some(p) = &prompt {
            commands.entity(entity).with_children(|list| {
                for (i, choice) in p.choices.iter().enumerate() {
                    list.spawn((option_row(&fonts, &(i + 1).to_string(), choice, ""), ChoiceButton(i)));
                }
            });
        }
    }
    let free = prompt.as_ref().and_then(|p| p.free_text.clone());
    let count = prompt.as_ref().map_or(0, |p| p.choices.len());
    for mut node in &mut area {
        node.display = if free.is_some() { Display::Flex } else { Display::None };
    }
    for mut t in &mut texts.p0() {
        t.0 = match (&free, count == 0) {
            (Some(hint), _) if !hint.is_empty() => format!("Your answer: {hint}"),
            (Some(_), true) => "Type your answer and press Enter.".to_string(),
            (Some(_), false) => "Or type your own answer and press Enter.".to_string(),
            (None, _) => String::new(),
        };
    }
    let aloud = voice.as_ref().is_some_and(|v| v.available());
    for mut t in &mut texts.p1() {
        t.0 = key_hints_for(count, free.is_some(), aloud);
    }
    // A fresh prompt starts with an empty box (a digit shortcut may have left one behind),
    // which has the keys only where words are taken.
    if let Ok((entity, mut answer)) = answer_box.single_mut() {
        clear_box(&mut answer);
        if let Some(mut focus) = focus {
            if free.is_some() {
                focus.set(entity, FocusCause::Navigated);
            } else if focus.get() == Some(entity) {
                focus.clear();
            }
        }
    }
}

/// The answer's length under the box, as it is typed.
fn show_count(boxes: Query<&EditableText, (With<AnswerBox>, Changed<EditableText>)>, mut count: Query<&mut Text, With<AnswerCount>>) {
    for answer in &boxes {
        let n = answer.value().chars().count();
        let said = if n == 0 { String::new() } else { format!("{n} / {MAX_ANSWER_CHARS} characters") };
        for mut t in &mut count {
            if t.0 != said {
                t.0 = said.clone();
            }
        }
    }
}

/// The key hints for a question with `choices` options that does or does not take words.
pub fn key_hints_for(choices: usize, words: bool, aloud: bool) -> String {
    let mut hints = Vec::new();
    match choices {
        0 => {}
        1 => hints.push("1 picks the answer".to_string()),
        n => hints.push(format!("1-{n} pick an answer")),
    }
    match (choices, words) {
        (0, true) => hints.push("Type your answer and press Enter".into()),
        (_, true) => hints.push("or type yours and press Enter".into()),
        _ => {}
    }
    // Where the box has the keys, R is a letter.
    hints.push((if words { "Ctrl+R hear it again" } else { "R hear it again" }).into());
    // Spoken answers are words: only where words are taken.
    if aloud && words {
        hints.push("hold Space to say it".into());
    }
    hints.push("Esc pause".into());
    hints.join("  ·  ")
}

/// Letters typed at a question that takes only options go nowhere: the screen says so, and
/// which keys do answer it.
fn refuse_stray_typing(live: Option<ResMut<Live>>, mut keys: MessageReader<bevy::input::keyboard::KeyboardInput>) {
    let Some(mut live) = live else {
        keys.clear();
        return;
    };
    let Phase::Answering(prompt) = &live.phase else {
        keys.clear();
        return;
    };
    if prompt.free_text.is_some() {
        keys.clear();
        return;
    }
    let count = prompt.choices.len();
    // (R replays the customer's line.)
    let stray = keys
        .read()
        .any(|k| k.state.is_pressed() && k.key_code != KeyCode::KeyR && k.text.as_ref().is_some_and(|t| t.chars().any(char::is_alphabetic)));
    if stray {
        live.feedback = format!("This question takes one of the options: press {}.", if count == 1 { "1".to_string() } else { format!("1 to {count}") });
        live.feedback_good = false;
    }
}

/// What the option rows of the current prompt say (for tests and screenshots).
pub fn option_labels(world: &mut World) -> Vec<String> {
    let mut q = world.query_filtered::<&Text, With<OptionLabel>>();
    q.iter(world).map(|t| t.0.clone()).collect()
}
