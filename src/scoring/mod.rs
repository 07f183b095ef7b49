//! Scoring free-text answers: behaviours found in the words (rubric in `assets/rubric.ron`),
//! points per dimension with the evidence for each, and the conditions scenarios route on.

pub mod agreement;
pub mod batch;
pub mod calibration;
mod condition;
pub mod delivery;
pub mod learned;
mod matcher;
pub mod metrics;
pub mod ratings;
pub mod recalibrate;
pub mod scales;
pub mod rubric;
mod scorer;
pub mod train;

pub use crate::vocab::{text, Behaviour};
pub use rubric::Rubric;
pub use scorer::{grouped, AnswerScore, Context, Contribution, Evidence, EvidenceGroup, Scorer};
