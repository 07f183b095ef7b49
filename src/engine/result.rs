//! What a session produces: scored turns with their reasons, and the final result with
//! per-dimension scores against the best the scenario allows.

use serde::{Deserialize, Serialize};

use crate::scenario::{Outcome, Points};
pub use crate::vocab::{Band, Scores};
use crate::scoring::delivery::Delivery;
use crate::scoring::{Behaviour, Evidence};

/// One reason an answer earned or lost points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// What the reason earned or cost.
    pub points: Points,
    /// Why, in words (the evidence quoted where there is some).
    pub why: String,
}

/// The trainee's answer as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GivenAnswer {
    /// An authored choice, by its index in the file, with its text.
    Choice {
        /// Its index among the node's choices in the file.
        index: usize,
        /// What it says.
        text: String,
    },
    /// Free text, with the behaviours found in it and the evidence for its points.
    Text {
        /// The words exactly as typed.
        text: String,
        /// The behaviours the scorer found.
        behaviours: Vec<Behaviour>,
        /// The words that showed them, with their points.
        evidence: Vec<Evidence>,
    },
    /// Spoken: the recording, its delivery, and the words when typed out (scored as text).
    Spoken {
        /// The recording, relative to the data folder's answers.
        audio: String,
        /// The words, when someone typed them out.
        transcript: Option<String>,
        /// Latency, talk time and loudness.
        delivery: Delivery,
        /// The behaviours the scorer found in the transcript.
        behaviours: Vec<Behaviour>,
        /// The words that showed them.
        evidence: Vec<Evidence>,
    },
}

impl GivenAnswer {
    /// What was said, for transcripts and the debrief.
    pub fn text(&self) -> &str {
        match self {
            GivenAnswer::Choice { text, .. } | GivenAnswer::Text { text, .. } => text,
            GivenAnswer::Spoken { transcript: Some(text), .. } => text,
            GivenAnswer::Spoken { transcript: None, .. } => "(spoken; not typed out, for a reviewer)",
        }
    }

    /// How the answer was given, for "You chose / typed / said ...".
    pub fn verb(&self) -> &'static str {
        match self {
            GivenAnswer::Choice { .. } => "chose",
            GivenAnswer::Text { .. } => "typed",
            GivenAnswer::Spoken { .. } => "said",
        }
    }

    /// How many words the customer heard (estimated from talk time for an untyped spoken answer).
    pub fn words(&self) -> usize {
        match self {
            GivenAnswer::Spoken { transcript: None, delivery, .. } => delivery.estimated_words(),
            other => crate::scoring::text::word_count(other.text()),
        }
    }

    /// For a spoken answer, where its recording is (and whether its words await a reviewer).
    pub fn recording_note(&self) -> Option<String> {
        let GivenAnswer::Spoken { audio, transcript, .. } = self else { return None };
        let review = if transcript.is_none() { "; its words need a reviewer" } else { "" };
        Some(format!("recording: {audio}{review}"))
    }

    /// A spoken answer nobody has typed out: its words still need a reviewer.
    pub fn needs_review(&self) -> bool {
        matches!(self, GivenAnswer::Spoken { transcript: None, .. })
    }
}

/// One scored answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    /// 1-based.
    pub number: usize,
    /// The node answered.
    pub node_id: String,
    /// What the trainee gave.
    pub answer: GivenAnswer,
    /// What the answer earned on each dimension.
    pub points: Points,
    /// Where the points came from.
    pub reasons: Vec<Reason>,
    /// The author's feedback for this answer (shown after it in practice mode).
    pub feedback: String,
    /// The customer's anger before the answer (0-100).
    pub anger_before: u8,
    /// The customer's anger after it.
    pub anger_after: u8,
    /// Why the mood moved beyond the points (persona reactions).
    pub mood_notes: Vec<String>,
}

/// The end of a session: how it ended and how well it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionResult {
    /// The scenario played.
    pub scenario_id: String,
    /// The seed that chose its wording and option order.
    pub seed: u64,
    /// How the call ended.
    pub outcome: Outcome,
    /// The ending reached.
    pub ending_id: String,
    /// The ending's summary for the debrief.
    pub ending_summary: String,
    /// Points for the ending itself (included in `earned`).
    pub ending_points: Points,
    /// Everything earned: every turn's points and the ending's.
    pub earned: Points,
    /// What 100 is on each dimension, which the scores are measured against: the best call's
    /// points (the path with the highest total), and on a dimension the best call earns nothing
    /// on, the most any path earns (`Graph::scale`). Results kept before that rule hold the best
    /// call's points alone, and keep them.
    pub best: Points,
    /// Each dimension, 0-100.
    pub scores: Scores,
    /// The mean of the measured dimensions, 0-100.
    pub overall: u8,
    /// Bronze, Silver or Gold by `overall`.
    pub band: Band,
    /// Every scored turn, in order.
    pub turns: Vec<Turn>,
    /// Anger at the start and after each turn.
    pub mood: Vec<u8>,
}

/// One turn whose dimension scores human reviewers set: their consensus stands, the automatic
/// points are kept beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewedTurn {
    /// 1-based turn number.
    pub number: usize,
    /// How many reviewers rated it.
    pub reviewers: usize,
    /// What the automatic scorer gave it.
    pub automatic: Points,
    /// What stands: the reviewers' median level mapped to points on each dimension they
    /// rated, the automatic points on any they did not.
    pub consensus: Points,
}

/// A session's standing scores where reviewers rated some of its turns, with the automatic
/// ones kept beside them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reviewed {
    /// The reviewed turns, in order.
    pub turns: Vec<ReviewedTurn>,
    /// The scores with the reviewers' consensus in place of the automatic points.
    pub scores: Scores,
    /// Their overall score.
    pub overall: u8,
    /// Its band.
    pub band: Band,
    /// The automatic scores, kept beside.
    pub automatic: Scores,
    /// The automatic overall score.
    pub automatic_overall: u8,
}

impl Reviewed {
    /// Which turns reviewers set and by how many, and the automatic score beside:
    /// "turn 2 by 3 reviewers, turn 4 by 1 (automatic 58)".
    pub fn summary(&self) -> String {
        let turns: Vec<String> = self
            .turns
            .iter()
            .enumerate()
            .map(|(i, t)| match (i, t.reviewers) {
                (0, 1) => format!("turn {} by 1 reviewer", t.number),
                (0, n) => format!("turn {} by {n} reviewers", t.number),
                (_, n) => format!("turn {} by {n}", t.number),
            })
            .collect();
        format!("{} (automatic {})", turns.join(", "), self.automatic_overall)
    }
}

impl SessionResult {
    /// The scores this session stands at once `turns` take their reviewers' consensus: every
    /// other point (other turns, the ending) as scored, measured on the same scale.
    pub fn reviewed(&self, turns: Vec<ReviewedTurn>) -> Reviewed {
        let earned = turns.iter().fold(self.earned, |acc, t| acc + t.consensus - t.automatic);
        let scores = Scores::against_best(earned, self.best);
        let overall = scores.overall();
        Reviewed { turns, scores, overall, band: Band::from_percent(overall), automatic: self.scores, automatic_overall: self.overall }
    }

    /// This result with one turn scored again (its words typed out by a reviewer, say): the
    /// turn replaces the one with its number and the totals follow. The route the call took and
    /// the customer's mood are what happened, so they stay.
    pub fn rescored(&self, turn: Turn) -> SessionResult {
        let mut out = self.clone();
        if let Some(old) = out.turns.iter_mut().find(|t| t.number == turn.number) {
            out.earned = out.earned + turn.points - old.points;
            *old = turn;
        }
        out.scores = Scores::against_best(out.earned, out.best);
        out.overall = out.scores.overall();
        out.band = Band::from_percent(out.overall);
        out
    }
}
