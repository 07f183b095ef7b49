//! The session state machine. Start it with a scenario and a seed, give it the trainee's
//! responses, and it returns what happens as events. It never calls out, never reads a clock,
//! and draws randomness only from the seeded RNG: the same scenario, seed and responses always
//! give the same events.

use std::collections::HashMap;
use std::sync::Arc;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::mood::{self, Answered};
use super::result::{Band, GivenAnswer, Reason, Scores, SessionResult, Turn};
use crate::scenario::explore::{answers, Graph, Target};
use crate::scenario::{Dimension, Effect, Emotion, Line, Node, Outcome, Points, Scenario};
use crate::scoring::delivery::Delivery;
use crate::scoring::{grouped, AnswerScore, Behaviour, Context, Evidence, Scorer};

/// Practice shows feedback after each answer; screening shuffles the choices and keeps all
/// feedback for the end, so every candidate gets equal conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Mode {
    /// Feedback after every answer.
    #[default]
    Practice,
    /// Options shuffled by the seed; feedback only at the end.
    Screening,
}

impl Mode {
    /// The name on the command line, in the store and in exports (what [`str::parse`] reads).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Screening => "screening",
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "practice" | "practise" => Ok(Mode::Practice),
            "screening" => Ok(Mode::Screening),
            _ => Err(format!("unknown mode `{s}`; use `practice` or `screening`")),
        }
    }
}

/// What the trainee does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    /// Picks an option by its position in the last [`Prompt`]'s `choices` (0-based).
    Choice(usize),
    /// Answers in their own words.
    Text(String),
    /// Answers aloud (free-text questions only).
    Spoken(Spoken),
}

/// A spoken answer: its recording, how it was delivered, and what was said if the trainee
/// typed it out. Without a transcript the words await a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spoken {
    /// The WAV saved with the session.
    pub audio: String,
    /// Latency, talk time and loudness of the take.
    pub delivery: Delivery,
    /// The words: the transcriber's, or the trainee's (or a reviewer's) typed out.
    pub transcript: Option<String>,
    /// What the transcriber heard, when it made the transcript (a person's typed words
    /// replace the text but leave this as it was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heard: Option<crate::scoring::delivery::Heard>,
}

/// One line the customer says, as delivered in this session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerLine {
    /// The line's id (keys its recording).
    pub line_id: String,
    /// The text as spoken: the line's own text or one of its variants.
    pub text: String,
    /// Which variant was picked: 0 is the line's own text.
    pub variant: usize,
    /// WAV path relative to the pack folder.
    pub audio: Option<String>,
    /// How the customer sounds saying it.
    pub emotion: Emotion,
    /// The customer's anger as they say it (0-100).
    pub anger: u8,
}

/// The session waits for an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    /// The node asking.
    pub node_id: String,
    /// Options in display order (shuffled in screening mode).
    pub choices: Vec<String>,
    /// Present when the node takes a free-text answer: the hint for the text box.
    pub free_text: Option<String>,
    /// The customer's anger now (0-100).
    pub anger: u8,
}

/// Something that happened in the session, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// The customer says a line.
    CustomerSays(CustomerLine),
    /// The trainee's turn to answer.
    AwaitingResponse(Prompt),
    /// An answer was scored.
    TurnScored(Turn),
    /// The call is over.
    Ended(SessionResult),
}

/// Why a response was not accepted. The session is unchanged after any of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum EngineError {
    #[error("the scenario cannot be played: {0}; run `cooldown lint` on it")]
    BrokenScenario(String),
    #[error("the session has ended")]
    Ended,
    #[error("there is no option {number}; pick 1 to {count}")]
    NoSuchChoice { number: usize, count: usize },
    #[error("this question has no options; type your answer")]
    NoChoices,
    #[error("this question takes one of the options, not an answer in your own words")]
    TextNotAccepted,
    #[error("the answer is empty")]
    EmptyAnswer,
    #[error("no route at `{0}` fits that answer and the node has no fallback; run `cooldown lint`")]
    NoRoute(String),
}

/// A session in progress (or finished).
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    scorer: Arc<Scorer>,
    seed: u64,
    mode: Mode,
    rng: Xoshiro256PlusPlus,
    index: HashMap<String, Target>,
    best: Points,
    /// Current node, while the session is waiting for an answer.
    node: Option<usize>,
    /// Authored indices of the current node's choices, in display order.
    shown: Vec<usize>,
    anger: u8,
    empathy_shown: bool,
    turns: Vec<Turn>,
    mood: Vec<u8>,
    responses: Vec<Response>,
    events: Vec<Event>,
    result: Option<SessionResult>,
}

/// The most answers one call takes: a scenario whose loop never reaches an ending (lint C020)
/// ends here, unresolved, instead of running for ever. Far above any real call (the bundled
/// scenarios take under a dozen).
pub const MAX_TURNS: usize = 200;

/// The ending id recorded for a call ended by [`MAX_TURNS`].
pub const TURN_LIMIT_ENDING: &str = "turn-limit";

impl Session {
    /// Starts a session: the customer's opening lines and the first prompt. Free text is
    /// scored with the scorer in use ([`Scorer::in_use`]: the bundled rubric and learned
    /// weights, or an organisation's recalibrated weights where the program installed them).
    pub fn start(scenario: Arc<Scenario>, seed: u64, mode: Mode) -> Result<(Session, Vec<Event>), EngineError> {
        Session::start_with(scenario, Scorer::in_use(), seed, mode)
    }

    /// Starts a session that scores free text with the given scorer (a trainer's rubric).
    pub fn start_with(
        scenario: Arc<Scenario>,
        scorer: Arc<Scorer>,
        seed: u64,
        mode: Mode,
    ) -> Result<(Session, Vec<Event>), EngineError> {
        let graph = Graph::new(&scenario);
        let start = check_links(&graph)?;
        // What 100 is on each dimension: the best call's points, topped up where it earns nothing.
        let best = graph.scale();
        let index = graph.owned_index();
        let anger = scenario.customer.anger.min(100);
        let mut session = Session {
            seed,
            mode,
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            index,
            best,
            node: None,
            shown: Vec::new(),
            anger,
            empathy_shown: false,
            turns: Vec::new(),
            mood: vec![anger],
            responses: Vec::new(),
            events: Vec::new(),
            result: None,
            scenario,
            scorer,
        };
        let mut events = Vec::new();
        session.enter(start, &mut events);
        session.events.extend(events.iter().cloned());
        Ok((session, events))
    }

    /// Starts a session and replays earlier responses, e.g. to resume after a crash.
    pub fn replay(scenario: Arc<Scenario>, seed: u64, mode: Mode, responses: &[Response]) -> Result<Session, EngineError> {
        let (mut session, _) = Session::start(scenario, seed, mode)?;
        session.replay_responses(responses)?;
        Ok(session)
    }

    fn replay_responses(&mut self, responses: &[Response]) -> Result<(), EngineError> {
        for r in responses {
            self.respond(r.clone())?;
        }
        Ok(())
    }

    /// Gives the trainee's answer; returns what follows.
    pub fn respond(&mut self, response: Response) -> Result<Vec<Event>, EngineError> {
        let node_index = self.node.ok_or(EngineError::Ended)?;
        let scenario = Arc::clone(&self.scenario);
        let node = &scenario.nodes[node_index];

        let (answer, effect, extra, reasons) = match &response {
            Response::Choice(k) => {
                if self.shown.is_empty() {
                    return Err(EngineError::NoChoices);
                }
                let authored = *self
                    .shown
                    .get(*k)
                    .ok_or(EngineError::NoSuchChoice { number: k + 1, count: self.shown.len() })?;
                let choice = &node.choices[authored];
                let effect = choice.effect();
                let why = if choice.feedback.is_empty() { format!("chose \"{}\"", choice.text) } else { choice.feedback.clone() };
                let answer = GivenAnswer::Choice { index: authored, text: choice.text.clone() };
                (answer, effect, Points::default(), vec![Reason { points: effect.points, why }])
            }
            Response::Text(text) => {
                let text = text.trim();
                if text.is_empty() {
                    return Err(EngineError::EmptyAnswer);
                }
                let (effect, mut reasons, score) = self.judge_words(node_index, node, text)?;
                let points = capped(node, effect.points, score.points, &mut reasons);
                let answer = GivenAnswer::Text { text: text.to_string(), behaviours: score.behaviours, evidence: score.evidence };
                (answer, effect, points, reasons)
            }
            Response::Spoken(spoken) => {
                let transcript = spoken.transcript.as_deref().map(str::trim).filter(|t| !t.is_empty());
                let (effect, mut reasons, score) = match transcript {
                    Some(text) => self.judge_words(node_index, node, text)?,
                    None => unheard(node)?,
                };
                let mut points = capped(node, effect.points, score.points, &mut reasons);
                if let Some(heard) = spoken.heard.as_ref().filter(|h| h.made(transcript)) {
                    let check = if heard.is_uncertain() { "; unsure, so a reviewer checks them" } else { "" };
                    let why = format!("words as {} heard them (confidence {:.2}){check}", heard.engine, heard.confidence());
                    reasons.insert(0, Reason { points: Points::default(), why });
                }
                for finding in spoken.delivery.findings() {
                    points += finding.points;
                    reasons.push(Reason { points: finding.points, why: finding.why });
                }
                let answer = GivenAnswer::Spoken {
                    audio: spoken.audio.clone(),
                    transcript: transcript.map(str::to_string),
                    delivery: spoken.delivery,
                    behaviours: score.behaviours,
                    evidence: score.evidence,
                };
                (answer, effect, points, reasons)
            }
        };

        let mut events = Vec::new();
        self.score_turn(node_index, answer, effect, extra, reasons, &mut events);
        self.responses.push(response);
        self.events.extend(events.iter().cloned());
        Ok(events)
    }

    /// Scores words (typed, or a spoken answer's transcript) and picks the route they take.
    fn judge_words<'n>(&mut self, node_index: usize, node: &'n Node, text: &str) -> Result<Judged<'n>, EngineError> {
        let free = node.free_text.as_ref().ok_or(EngineError::TextNotAccepted)?;
        let score = self.score_text(node_index, text);
        let route = free.routes.iter().find(|r| r.when.holds(&score));
        let (effect, why) = match (route, &free.fallback) {
            (Some(r), _) => (r.effect(), format!("your answer {}", r.when.describe())),
            (None, Some(f)) => (f.effect(), "your answer matched none of the expected moves".to_string()),
            (None, None) => return Err(EngineError::NoRoute(node.id.clone())),
        };
        let why = if effect.feedback.is_empty() { why } else { format!("{why}: {}", effect.feedback) };
        let mut reasons = vec![Reason { points: effect.points, why }];
        reasons.extend(evidence_reasons(&score.evidence));
        if score.shows(Behaviour::Empathy) {
            self.empathy_shown = true;
        }
        Ok((effect, reasons, score))
    }

    /// Scores free text against what the customer just said here and what the node expects.
    fn score_text(&self, node_index: usize, text: &str) -> AnswerScore {
        let node = &self.scenario.nodes[node_index];
        let said = self.events.iter().rev().find_map(|e| match e {
            Event::CustomerSays(line) => Some(line),
            _ => None,
        });
        let ctx = Context {
            customer_line: said.map_or("", |l| l.text.as_str()),
            emotion: said.map(|l| l.emotion),
            expect: Some(&node.expect),
            persona: Some(self.scenario.customer.persona),
        };
        self.scorer.score(text, &ctx)
    }

    /// Records a turn: the effect's authored points plus `evidence` points from free text.
    fn score_turn(
        &mut self,
        node_index: usize,
        answer: GivenAnswer,
        effect: Effect<'_>,
        evidence: Points,
        reasons: Vec<Reason>,
        events: &mut Vec<Event>,
    ) {
        let points = effect.points + evidence;
        if points.empathy > 0 {
            self.empathy_shown = true;
        }
        let words = answer.words();
        let base = mood::base_change(effect.anger, effect.points)
            .saturating_sub(evidence.total().saturating_mul(mood::EVIDENCE_ANGER_PER_POINT));
        let change = mood::react(self.scenario.customer.persona, Answered { base, words, empathy_shown: self.empathy_shown });
        let before = self.anger;
        self.anger = mood::apply(before, change.delta);
        self.mood.push(self.anger);
        let turn = Turn {
            number: self.turns.len() + 1,
            node_id: self.scenario.nodes[node_index].id.clone(),
            answer,
            points,
            reasons,
            feedback: effect.feedback.to_string(),
            anger_before: before,
            anger_after: self.anger,
            mood_notes: change.notes,
        };
        self.turns.push(turn.clone());
        events.push(Event::TurnScored(turn));

        match after(&self.scenario, self.anger, self.turns.len(), self.index.get(effect.next).copied()) {
            After::Go(target) => self.enter(target, events),
            // No hang-up ending authored (lint C012): end with a generic one.
            After::HungUp => self.finish(Outcome::HungUp, "hung-up", "The customer ran out of patience and hung up.", Points::default(), events),
            After::TurnLimit => {
                let why = format!("The call was ended after {MAX_TURNS} answers without reaching an ending.");
                self.finish(Outcome::Unresolved, TURN_LIMIT_ENDING, &why, Points::default(), events);
            }
            // Links are checked when the session starts, so this is unreachable in practice;
            // ending the call beats panicking in front of a trainee.
            After::Nowhere => self.finish(
                Outcome::Unresolved,
                effect.next,
                "The conversation went somewhere the scenario does not define.",
                Points::default(),
                events,
            ),
        }
    }

    /// Arrives at a node (the customer speaks, then the prompt) or an ending.
    fn enter(&mut self, target: Target, events: &mut Vec<Event>) {
        let scenario = Arc::clone(&self.scenario);
        match target {
            Target::Node(i) => {
                let node = &scenario.nodes[i];
                for line in &node.lines {
                    events.push(Event::CustomerSays(self.deliver(line)));
                }
                self.shown = (0..node.choices.len()).collect();
                if self.mode == Mode::Screening {
                    shuffle(&mut self.shown, &mut self.rng);
                }
                self.node = Some(i);
                events.push(Event::AwaitingResponse(Prompt {
                    node_id: node.id.clone(),
                    choices: self.shown.iter().map(|&c| node.choices[c].text.clone()).collect(),
                    free_text: node.free_text.as_ref().map(|f| f.prompt.clone()),
                    anger: self.anger,
                }));
            }
            Target::Ending(i) => {
                let ending = &scenario.endings[i];
                for line in &ending.lines {
                    events.push(Event::CustomerSays(self.deliver(line)));
                }
                self.finish(ending.outcome, &ending.id, &ending.summary, ending.points, events);
            }
        }
    }

    /// Picks the line's wording for this session.
    fn deliver(&mut self, line: &Line) -> CustomerLine {
        let variant = if line.variants.is_empty() { 0 } else { self.rng.random_range(0..=line.variants.len()) };
        let text = if variant == 0 { line.text.clone() } else { line.variants[variant - 1].clone() };
        CustomerLine { line_id: line.id.clone(), text, variant, audio: line.recordings.get(variant).cloned().flatten(), emotion: line.emotion, anger: self.anger }
    }

    fn finish(&mut self, outcome: Outcome, ending_id: &str, summary: &str, ending_points: Points, events: &mut Vec<Event>) {
        self.node = None;
        self.shown.clear();
        let earned = self.turns.iter().fold(ending_points, |acc, t| acc + t.points);
        let scores = Scores::against_best(earned, self.best);
        let overall = scores.overall();
        let result = SessionResult {
            scenario_id: self.scenario.id.clone(),
            seed: self.seed,
            outcome,
            ending_id: ending_id.to_string(),
            ending_summary: summary.to_string(),
            ending_points,
            earned,
            best: self.best,
            scores,
            overall,
            band: Band::from_percent(overall),
            turns: self.turns.clone(),
            mood: self.mood.clone(),
        };
        self.result = Some(result.clone());
        events.push(Event::Ended(result));
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The seed that chose its wording and option order.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Practice or screening.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Current anger, 0-100.
    pub fn anger(&self) -> u8 {
        self.anger
    }

    /// The prompt the session is waiting on, if it has not ended.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.node?;
        self.events.iter().rev().find_map(|e| match e {
            Event::AwaitingResponse(p) => Some(p),
            _ => None,
        })
    }

    /// Whether the call has ended.
    pub fn is_over(&self) -> bool {
        self.result.is_some()
    }

    /// The result, once the call has ended.
    pub fn result(&self) -> Option<&SessionResult> {
        self.result.as_ref()
    }

    /// The turns scored so far, in order.
    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// Every response accepted so far, for saving and [`Session::replay`].
    pub fn responses(&self) -> &[Response] {
        &self.responses
    }

    /// The whole session so far as events: the transcript.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The events since the last scored answer: for a resumed session, the customer's line and
    /// the prompt it stopped at, to show again so the trainee knows where the call stands.
    pub fn events_since_last_answer(&self) -> &[Event] {
        let since = self.events.iter().rposition(|e| matches!(e, Event::TurnScored(_))).map_or(0, |i| i + 1);
        &self.events[since..]
    }
}

/// What follows an answer, by the engine's rules in their order: the customer hangs up once
/// anger reaches their limit, a call at [`MAX_TURNS`] ends, else the answer's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum After {
    /// To the node or ending the answer leads to (the hang-up ending when the mood ends the call).
    Go(Target),
    /// The customer hangs up and the scenario has no hang-up ending (lint C012).
    HungUp,
    /// The turn limit ends the call.
    TurnLimit,
    /// The answer leads to an id the scenario does not define.
    Nowhere,
}

/// See [`After`]: `anger` after the answer, `turns` answers given so far including it, `next`
/// the answer's resolved target.
pub(crate) fn after(scenario: &Scenario, anger: u8, turns: usize, next: Option<Target>) -> After {
    if anger >= scenario.customer.hangs_up_at {
        let ending = scenario.endings.iter().position(|e| e.outcome == Outcome::HungUp);
        return ending.map_or(After::HungUp, |i| After::Go(Target::Ending(i)));
    }
    if turns >= MAX_TURNS {
        // A loop the mood never breaks (lint C020) must not keep a trainee for ever.
        return After::TurnLimit;
    }
    next.map_or(After::Nowhere, After::Go)
}

/// The words' evidence points, cut so that the route's points and the words together earn on no
/// dimension more than the node's best authored answer (see `Node::ceiling`); the cut is a
/// reason of its own. A spoken answer's delivery is judged after this, uncapped.
fn capped(node: &Node, route: Points, words: Points, reasons: &mut Vec<Reason>) -> Points {
    let ceiling = node.ceiling();
    let mut cut = Points::default();
    for d in Dimension::ALL {
        let room = ceiling.get(d).saturating_sub(route.get(d)).saturating_sub(words.get(d));
        *cut.get_mut(d) = room.min(0).max(-words.get(d).max(0));
    }
    if cut == Points::default() {
        return words;
    }
    let why = "capped: your own words earn at most what the best answer to this question earns".to_string();
    reasons.push(Reason { points: cut, why });
    words + cut
}

/// Evidence as reasons: one per behaviour found (or missed).
fn evidence_reasons(evidence: &[Evidence]) -> Vec<Reason> {
    grouped(evidence)
        .into_iter()
        .map(|g| {
            let e = g.evidence;
            let why = match (&e.note, e.missing) {
                (Some(note), true) => note.clone(),
                (Some(note), false) => format!("{} ({note})", e.headline()),
                (None, _) => e.headline(),
            };
            Reason { points: g.points, why }
        })
        .collect()
}

/// A spoken answer nobody has transcribed: the call goes on along the fallback route, but its
/// words earn nothing, cost nothing and do not move the customer until a reviewer has listened.
fn unheard(node: &Node) -> Result<Judged<'_>, EngineError> {
    let free = node.free_text.as_ref().ok_or(EngineError::TextNotAccepted)?;
    let fallback = free.fallback.as_ref().ok_or_else(|| EngineError::NoRoute(node.id.clone()))?;
    let effect = Effect { points: Points::default(), anger: Some(0), next: &fallback.next, feedback: "" };
    let why = "spoken, not typed out: the words await a reviewer (the call took the fallback route)".to_string();
    Ok((effect, vec![Reason { points: Points::default(), why }], AnswerScore::default()))
}

/// An answer's route, the reasons for its points, and the scored words.
type Judged<'n> = (Effect<'n>, Vec<Reason>, AnswerScore);

/// The start target, once every link in the scenario is known to resolve.
fn check_links(graph: &Graph<'_>) -> Result<Target, EngineError> {
    let scenario = graph.scenario;
    let mut broken: Vec<String> = scenario
        .nodes
        .iter()
        .flat_map(|n| answers(n).map(move |(_, e)| (n, e)))
        .filter(|(_, e)| graph.resolve(e.next).is_none())
        .map(|(n, e)| format!("`{}` leads to missing `{}`", n.id, e.next))
        .collect();
    let start = graph.start();
    if start.is_none() {
        broken.insert(0, format!("start node `{}` does not exist", scenario.start));
    }
    match start {
        Some(t) if broken.is_empty() => Ok(t),
        _ => Err(EngineError::BrokenScenario(broken.join("; "))),
    }
}

/// Fisher-Yates with the session's RNG, written out so the order depends only on the seed.
fn shuffle(items: &mut [usize], rng: &mut Xoshiro256PlusPlus) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}
