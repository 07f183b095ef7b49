//! The scenario file's data model: what a trainer writes in RON.
//!
//! Field names are chosen to read well to a non-programmer; optional fields have defaults so a
//! short scenario stays short. Unknown fields are rejected so a typo never silently does nothing.

use serde::{Deserialize, Serialize};

use crate::vocab::{Behaviour, Emotion, Persona, Points};

/// The scenario format this program reads. A file declares its own in `format:`.
pub const FORMAT_VERSION: u32 = 1;

/// One branching conversation with one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version of the file; must be [`FORMAT_VERSION`].
    pub format: u32,
    /// Stable id, unique in the pack; used in the store and on the command line.
    pub id: String,
    /// Shown in the picker and on reports.
    pub title: String,
    /// One or two sentences on what the call practises.
    #[serde(default)]
    pub summary: String,
    /// How hard the call is.
    pub difficulty: Difficulty,
    /// Free labels for finding scenarios (e.g. "refund", "delivery").
    #[serde(default)]
    pub tags: Vec<String>,
    /// Who calls.
    pub customer: Customer,
    /// Id of the node the conversation starts at.
    pub start: String,
    /// The points of the conversation.
    pub nodes: Vec<Node>,
    /// How it can end.
    pub endings: Vec<Ending>,
}

/// How hard a scenario is, as the picker shows it (and orders it: easiest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    /// For a first call.
    Easy,
    /// Needs the basics to be steady.
    Medium,
    /// A customer that tests patience and empathy hard.
    Hard,
}

/// Who is on the other end of the line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// What the customer is called.
    pub name: String,
    /// How they react to what is said (see [`Persona`]).
    pub persona: Persona,
    /// Anger at the start of the call, 0 (calm) to 100 (furious).
    pub anger: u8,
    /// The customer hangs up once anger reaches this level.
    #[serde(default = "default_hangs_up_at")]
    pub hangs_up_at: u8,
}

impl Customer {
    /// How captions name the customer: "Dana" for "Dana Whitfield".
    pub fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or(&self.name)
    }
}

fn default_hangs_up_at() -> u8 {
    100
}

/// One point in the conversation: the customer speaks, the trainee answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Stable id, unique in the scenario (shared with endings: `next` can name either).
    pub id: String,
    /// What the customer says on arriving here, in order.
    pub lines: Vec<Line>,
    /// Authored answers the trainee can pick.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// An answer in the trainee's own words, routed by what it does.
    #[serde(default)]
    pub free_text: Option<FreeText>,
    /// What a good answer does here, for the free-text scorer.
    #[serde(default)]
    pub expect: Expect,
}

/// What a good answer does at a node: the scorer's per-node additions to the rubric.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Expect {
    /// Behaviours a good answer shows here; an answer without one loses a point for it.
    pub behaviours: Vec<Behaviour>,
    /// Facts the customer has already given: asking for them again costs points, repeating
    /// them back counts as checking understanding.
    pub facts: Vec<Fact>,
    /// Phrases to avoid here, on top of the rubric's.
    pub avoid: Vec<String>,
    /// Extra phrases that show a behaviour here, e.g. `(Empathy, "poor Miso")`.
    pub phrases: Vec<(Behaviour, String)>,
}

/// Something the customer has said, and how a trainee would ask for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Words that ask for it ("order number", "which order").
    pub ask: Vec<String>,
    /// Words that give it back ("58213", "castle").
    pub given: Vec<String>,
}

/// One thing the customer says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Stable id, unique in the pack; keys the recorded audio, so keep it when editing the text.
    pub id: String,
    /// What the customer says.
    pub text: String,
    /// WAV file relative to the pack folder.
    #[serde(default)]
    pub audio: Option<String>,
    /// How they say it (the voice and the caption's tone).
    #[serde(default)]
    pub emotion: Emotion,
    /// Other ways of saying the same thing; the session's seed picks one, so memorising fails.
    #[serde(default)]
    pub variants: Vec<String>,
    /// The WAV to play for each spoken form (0: `text`, then `variants`), filled in by the
    /// loader from `audio` and the pack's recordings (see [`super::takes`]); never written.
    #[serde(skip)]
    pub recordings: Vec<Option<String>>,
}

/// An authored answer the trainee can pick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the trainee says.
    pub text: String,
    /// What picking it earns on each dimension.
    #[serde(default)]
    pub points: Points,
    /// Change in the customer's anger; when left out it follows from the points.
    #[serde(default)]
    pub anger: Option<i32>,
    /// Node or ending this answer leads to.
    pub next: String,
    /// Why this answer helped or hurt, shown in the debrief (and after the answer in practice).
    #[serde(default)]
    pub feedback: String,
}

/// The trainee answers in their own words; the first route whose condition holds is taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeText {
    /// A hint shown by the text box, e.g. "Ask what was in the parcel".
    #[serde(default)]
    pub prompt: String,
    /// Branches for answers that meet a condition, tried in order.
    #[serde(default)]
    pub routes: Vec<Route>,
    /// Taken when no route matches.
    #[serde(default)]
    pub fallback: Option<Fallback>,
}

/// A branch for free-text answers that meet a condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// What the answer must show (phrases, behaviours; see the README).
    pub when: Condition,
    /// What an answer taking this route earns on each dimension.
    #[serde(default)]
    pub points: Points,
    /// Change in the customer's anger; when left out it follows from the points.
    #[serde(default)]
    pub anger: Option<i32>,
    /// Node or ending this route leads to.
    pub next: String,
    /// Why this answer helped or hurt, shown in the debrief.
    #[serde(default)]
    pub feedback: String,
}

/// Where a free-text answer that matches no route goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    /// What an answer that matches no route earns.
    #[serde(default)]
    pub points: Points,
    /// Change in the customer's anger; when left out it follows from the points.
    #[serde(default)]
    pub anger: Option<i32>,
    /// Node or ending it leads to.
    pub next: String,
    /// Feedback for such an answer, shown in the debrief.
    #[serde(default)]
    pub feedback: String,
}

/// What an answer does, whichever way it was given: the part the engine acts on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect<'a> {
    /// What the answer earns on each dimension.
    pub points: Points,
    /// Change in the customer's anger, when authored.
    pub anger: Option<i32>,
    /// Node or ending it leads to.
    pub next: &'a str,
    /// The author's feedback on it.
    pub feedback: &'a str,
}

impl Node {
    /// The most an answer in the trainee's own words can earn here on each dimension: what the
    /// node's best authored answer (choice, route or fallback) earns on it, and never below 0.
    /// Free-text bonuses stop there, so they cannot lift a session above what authored answers
    /// allow or make up for a mistake made elsewhere.
    pub fn ceiling(&self) -> Points {
        super::explore::answers(self).map(|(_, effect)| effect.points).fold(Points::default(), Points::max_each)
    }

    /// The most this node's worst authored answer costs on each dimension, never above 0.
    pub fn floor(&self) -> Points {
        super::explore::answers(self).map(|(_, effect)| effect.points).fold(Points::default(), Points::min_each)
    }
}

impl Choice {
    /// What picking this choice does.
    pub fn effect(&self) -> Effect<'_> {
        Effect { points: self.points, anger: self.anger, next: &self.next, feedback: &self.feedback }
    }
}

impl Route {
    /// What an answer taking this route does.
    pub fn effect(&self) -> Effect<'_> {
        Effect { points: self.points, anger: self.anger, next: &self.next, feedback: &self.feedback }
    }
}

impl Fallback {
    /// What an answer that matches no route does.
    pub fn effect(&self) -> Effect<'_> {
        Effect { points: self.points, anger: self.anger, next: &self.next, feedback: &self.feedback }
    }
}

/// A test on a free-text answer. Conditions nest: `All([Has(Empathy), Not(Has(Blame))])`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The answer shows this behaviour.
    Has(Behaviour),
    /// The answer contains one of these words or phrases (whole words, any case).
    Mentions(Vec<String>),
    /// Every inner condition holds.
    All(Vec<Condition>),
    /// At least one inner condition holds.
    Any(Vec<Condition>),
    /// The inner condition does not hold.
    Not(Box<Condition>),
    /// The answer has at most this many words.
    AtMostWords(u32),
}

/// How a conversation ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Stable id, unique in the scenario (shared with nodes).
    pub id: String,
    /// How the call ended, for scores and reports.
    pub outcome: Outcome,
    /// What the customer says last, if anything.
    #[serde(default)]
    pub lines: Vec<Line>,
    /// One sentence for the debrief: what happened and why.
    #[serde(default)]
    pub summary: String,
    /// Points for ending here: a hang-up usually costs resolution, whatever came before.
    #[serde(default)]
    pub points: Points,
}

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// The problem is solved and the customer leaves satisfied.
    Resolved,
    /// Passed to a manager or specialist.
    Escalated,
    /// The customer ended the call in anger.
    HungUp,
    /// The call ended with the problem still open.
    Unresolved,
}

impl Outcome {
    /// The outcome in words, as the debrief says it.
    pub fn describe(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
            Outcome::HungUp => "customer hung up",
            Outcome::Unresolved => "unresolved",
        }
    }
}

impl Scenario {
    /// The node called `id`.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The ending used when the customer's anger reaches `hangs_up_at`.
    pub fn hang_up_ending(&self) -> Option<&Ending> {
        self.endings.iter().find(|e| e.outcome == Outcome::HungUp)
    }

    /// Every line the customer says, in file order, with the id of the node or ending saying it.
    pub fn spoken_lines(&self) -> impl Iterator<Item = (&str, &Line)> {
        let nodes = self.nodes.iter().flat_map(|n| n.lines.iter().map(move |l| (n.id.as_str(), l)));
        nodes.chain(self.endings.iter().flat_map(|e| e.lines.iter().map(move |l| (e.id.as_str(), l))))
    }
}
