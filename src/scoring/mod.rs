//! Scoring answers: behaviours found in free text, and the conditions scenarios route on.

mod behaviour;
mod condition;
pub mod detect;
pub mod text;

pub use behaviour::Behaviour;
pub use detect::Detection;

/// What the scorer found in one free-text answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub text: String,
    pub detections: Vec<Detection>,
    /// Normalised words, for phrase conditions.
    pub words: Vec<String>,
    pub word_count: usize,
}

impl Analysis {
    pub fn of(answer: &str) -> Self {
        Self {
            text: answer.to_string(),
            detections: detect::detect(answer),
            words: text::words(answer).into_iter().map(|w| w.text).collect(),
            word_count: text::word_count(answer),
        }
    }

    pub fn shows(&self, behaviour: Behaviour) -> bool {
        detect::shows(&self.detections, behaviour)
    }
}
