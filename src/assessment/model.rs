//! An assessment as a hiring team writes it: a fixed set of scenarios every candidate sits under
//! the same conditions, with its time limits, answer kinds, seed policy, cut score,
//! accommodations and how long candidates' data is kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::vocab::Dimension;

/// The assessment file format this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// One assessment file (`assessments/NAME.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Format version of the file; must be [`FORMAT_VERSION`].
    pub format: u32,
    /// Stable id: results and invitations are kept under it.
    pub id: String,
    /// What candidates and managers see it called.
    pub title: String,
    /// The folder of scenarios it draws on, relative to this file.
    #[serde(default = "default_pack")]
    pub pack: String,
    /// The scenario ids every candidate sits, in this order.
    pub scenarios: Vec<String>,
    /// How candidates may answer; a question must take at least one of them.
    #[serde(default = "every_kind")]
    pub answers: Vec<AnswerKind>,
    /// Time allowed.
    #[serde(default)]
    pub time: TimeLimits,
    /// Which wording and option order each candidate gets.
    #[serde(default)]
    pub seed: SeedPolicy,
    /// What it takes to pass.
    #[serde(default)]
    pub cut: CutScore,
    /// Named bands of the overall score for the ranking, highest first, the last from 0
    /// (without them, the practice bands: Gold, Silver, Bronze).
    #[serde(default)]
    pub bands: Vec<BandEdge>,
    /// Adjustments a candidate may be given at invitation.
    #[serde(default)]
    pub accommodations: Accommodations,
    /// Days a candidate's sessions, recordings and identity are kept after they finish.
    pub retention_days: u32,
    /// Voluntary questions a candidate may answer, kept apart from their answers and scores and
    /// used only to check the assessment for adverse impact.
    #[serde(default)]
    pub self_identification: Vec<Question>,
}

/// A voluntary self-identification question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The name the answers are kept and grouped under (`cooldown assess impact --by FIELD`).
    pub field: String,
    /// What the candidate is asked.
    pub question: String,
    /// The answers offered.
    pub options: Vec<String>,
}

fn default_pack() -> String {
    "../scenarios".into()
}

fn every_kind() -> Vec<AnswerKind> {
    vec![AnswerKind::Choice, AnswerKind::Typed, AnswerKind::Spoken]
}

/// A way of answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AnswerKind {
    /// Picking an authored option.
    Choice,
    /// Typing one's own words.
    Typed,
    /// Saying them aloud.
    Spoken,
}

/// Time limits; `None` is no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimits {
    /// Seconds for one answer, from the end of the customer's line.
    #[serde(default)]
    pub per_turn_s: Option<u32>,
    /// Minutes for the whole assessment.
    #[serde(default)]
    pub total_min: Option<u32>,
}

/// Which seed a candidate's sessions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeedPolicy {
    /// Everyone the same wording and option order: the most comparable.
    Shared(u64),
    /// A seed of their own per candidate, from the scenarios' equivalent wordings: answers
    /// cannot be passed on word for word.
    PerCandidate,
}

impl Default for SeedPolicy {
    fn default() -> SeedPolicy {
        SeedPolicy::Shared(1)
    }
}

/// The scores a candidate must reach (0-100, the mean over the assessment's scenarios).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CutScore {
    /// Overall.
    #[serde(default)]
    pub overall: Option<u8>,
    /// Per dimension, where one matters on its own.
    #[serde(default)]
    pub dimensions: BTreeMap<Dimension, u8>,
}

/// A band: its name and the lowest overall score in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandEdge {
    /// What the ranking calls it ("Strong", "Meets the bar").
    pub name: String,
    /// The lowest overall score (0-100) in it.
    pub from: u8,
}

impl Assessment {
    /// The band an overall score falls in: the assessment's own, else the practice bands.
    pub fn band_of(&self, overall: u8) -> String {
        match self.bands.iter().find(|b| overall >= b.from) {
            Some(b) => b.name.clone(),
            None if self.bands.is_empty() => crate::engine::Band::from_percent(overall).name().to_string(),
            None => "below every band".to_string(),
        }
    }
}

/// Adjustments for candidates who need them, granted per invitation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accommodations {
    /// Time factors an invitation may grant (e.g. 1.5: half as much time again).
    #[serde(default)]
    pub extra_time: Vec<f32>,
}

/// Where a candidate stands in an assessment, for the hiring team's ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    /// The candidate's name.
    pub name: String,
    /// Their id in the applicant tracking system.
    pub external_id: Option<String>,
    /// Their invitation code.
    pub code: String,
    /// How far they are.
    pub status: Status,
    /// Calls finished, of how many.
    pub calls: (usize, usize),
    /// The mean overall score of the finished calls (0-100).
    pub overall: Option<u8>,
    /// The mean of each dimension over the finished calls, in [`Dimension::ALL`]'s order.
    pub dimensions: [Option<u8>; 4],
    /// The band of `overall`.
    pub band: Option<String>,
    /// Whether they reach the cut score; `None` until they have finished.
    pub pass: Option<bool>,
    /// Why they do not, in words (`empathy 41 < 50`).
    pub short_of: Vec<String>,
    /// Spoken answers nobody has typed out or reviewed yet.
    pub awaiting_review: usize,
    /// Answers whose scores reviewers set (their consensus stands in the scores above).
    pub reviewed: usize,
    /// What is worth a human look (never proof): near-identical answers, answers too fast.
    pub integrity: super::signals::Signals,
}

/// How far a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Invited; the code was never entered.
    NotStarted,
    /// Begun, not finished.
    InProgress,
    /// Every call done (or the time ran out).
    Finished,
}

impl Status {
    /// The status in words.
    pub fn describe(self) -> &'static str {
        match self {
            Status::NotStarted => "not started",
            Status::InProgress => "in progress",
            Status::Finished => "finished",
        }
    }
}
