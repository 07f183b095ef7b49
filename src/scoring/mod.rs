//! Scoring free-text answers: behaviours found in the words (rubric in `assets/rubric.ron`),
//! points per dimension with the evidence for each, and the conditions scenarios route on.

pub mod batch;
mod behaviour;
mod condition;
pub mod delivery;
mod matcher;
pub mod rubric;
mod scorer;
pub mod text;

pub use behaviour::Behaviour;
pub use rubric::Rubric;
pub use scorer::{grouped, AnswerScore, Context, Evidence, EvidenceGroup, Scorer};
