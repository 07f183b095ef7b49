//! Who the customer is, and how a line is delivered: words the scenario, the scorer and the
//! voices all use.

use serde::{Deserialize, Serialize};

/// How the customer's anger reacts to answers, beyond the points they earn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Persona {
    /// No extra reaction: anger moves exactly as the answer earns.
    Reasonable,
    /// Angry at everything: every increase in anger is half again as large.
    Irate,
    /// Wants brevity: long answers add anger.
    Hurried,
    /// Wants time and a chat: curt answers add anger.
    Languid,
    /// Distressed: calms only half as fast until the trainee has shown empathy.
    Upset,
}

impl Persona {
    /// Answers longer than this tire a hurried customer.
    pub const HURRIED_MAX_WORDS: usize = 30;
    /// Answers shorter than this feel curt to a languid customer.
    pub const LANGUID_MIN_WORDS: usize = 6;

    /// A short phrase for players and pickers.
    pub fn describe(self) -> &'static str {
        match self {
            Persona::Reasonable => "reasonable",
            Persona::Irate => "irate: every slip costs more",
            Persona::Hurried => "hurried: keep it short",
            Persona::Languid => "languid: take your time",
            Persona::Upset => "upset: empathy before anything else",
        }
    }
}

/// How a line is delivered; guides the voice recording and the GUI's portrait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Emotion {
    /// Calm, matter-of-fact.
    #[default]
    Neutral,
    /// Irritated.
    Annoyed,
    /// Angry.
    Angry,
    /// Shouting angry.
    Furious,
    /// Hurt or distressed.
    Upset,
    /// Worried.
    Anxious,
    /// Lost in the problem.
    Confused,
    /// In a hurry.
    Impatient,
    /// Biting, mocking.
    Sarcastic,
    /// Cooling down.
    Calmer,
    /// The worry is gone.
    Relieved,
    /// Thankful.
    Grateful,
}
