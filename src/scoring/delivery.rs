//! How a spoken answer was delivered, measured from its recording: when the trainee started
//! (before or after the customer finished), how long they talked, and how loud against their
//! own calibration. Patience is also about not talking over an angry customer and not raising
//! your voice; these findings carry its points, each with the figure that earned it.

use serde::{Deserialize, Serialize};

use crate::vocab::Points;

/// Starting this much before the customer finished is only the natural overlap of a
/// conversation; more is talking over them.
pub const INTERRUPT_GRACE: f32 = 0.3;
/// Speech this much louder than the speaker's calibration is a raised voice...
pub const RAISED_DB: f32 = 6.0;
/// ...and this much louder is shouting.
pub const SHOUTING_DB: f32 = 10.0;
/// Longer than this before answering is dead air on a call.
pub const DEAD_AIR: f32 = 8.0;
/// Speaking rate used to estimate words when there is no transcript (conversational English).
pub const WORDS_PER_SECOND: f32 = 2.5;

/// The loudness of the speaker's ordinary voice, from reading a calibration sentence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// RMS of the voiced frames, 0-1 of full scale.
    pub voiced_rms: f32,
}

impl Calibration {
    /// The sentence the trainee reads in their normal voice before the first spoken answer.
    pub const SENTENCE: &'static str = "Thanks for calling. Let me look into that for you right away.";
}

/// Where an answer's recording sits against the customer's last line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cue {
    /// Seconds from the start of the customer's line to the start of the recording.
    pub recording_started: f32,
    /// How long the customer's line plays (seconds).
    pub prompt_length: f32,
}

/// The measured delivery of one spoken answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// Seconds from the end of the customer's line to the trainee's first speech; negative
    /// when they started while the customer was still talking.
    pub latency: f32,
    /// Seconds of speech.
    pub talk_time: f32,
    /// Speech loudness against the speaker's calibration in dB (positive: louder); `None`
    /// without a calibration.
    pub loudness_db: Option<f32>,
}

// Every field comes from finite arithmetic on sample counts (or from JSON, which has no NaN),
// so equality is total; sessions and their events compare answers with `Eq`.
impl Eq for Delivery {}

/// One observation about the delivery, with the points it carries (often none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it earns or costs.
    pub points: Points,
    /// The observation in words.
    pub why: String,
}

fn patience(points: i32) -> Points {
    Points { patience: points, ..Points::default() }
}

impl Delivery {
    /// What the delivery shows, in the order a reviewer would mention it.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        if self.latency < -INTERRUPT_GRACE {
            out.push(Finding {
                points: patience(-2),
                why: format!("interrupted the customer {:.1} s before they finished", -self.latency),
            });
        } else if self.latency > DEAD_AIR {
            out.push(Finding {
                points: Points::default(),
                why: format!("{:.1} s of silence before answering: on a call, say you are there (\"let me check that\")", self.latency),
            });
        } else {
            out.push(Finding {
                points: Points::default(),
                why: format!("let the customer finish, then answered after {:.1} s", self.latency.max(0.0)),
            });
        }
        match self.loudness_db {
            Some(db) if db >= SHOUTING_DB => out.push(Finding {
                points: patience(-2),
                why: format!("spoke {db:.0} dB louder than your calibration: that is shouting"),
            }),
            Some(db) if db >= RAISED_DB => out.push(Finding {
                points: patience(-1),
                why: format!("spoke {db:.0} dB louder than your calibration: a raised voice"),
            }),
            Some(db) => {
                // Rounded first, so a hair under zero does not read "-0 dB".
                let db = db.round();
                let level = if db == 0.0 { "the same level as".to_string() } else { format!("{db:+.0} dB against") };
                out.push(Finding { points: Points::default(), why: format!("kept your normal voice ({level} your calibration)") })
            }
            None => {}
        }
        out
    }

    /// A word count for the customer's reaction when nothing was typed.
    pub fn estimated_words(&self) -> usize {
        (self.talk_time * WORDS_PER_SECOND).round() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(latency: f32, loudness_db: Option<f32>) -> Delivery {
        Delivery { latency, talk_time: 4.0, loudness_db }
    }

    #[test]
    fn talking_over_the_customer_costs_patience_with_the_overlap_in_the_reason() {
        let f = delivery(-1.24, None).findings();
        assert_eq!(f[0].points.patience, -2);
        assert_eq!(f[0].why, "interrupted the customer 1.2 s before they finished");
    }

    #[test]
    fn a_small_overlap_is_conversation_not_interruption() {
        let f = delivery(-0.2, None).findings();
        assert_eq!(f[0].points, Points::default());
        assert!(f[0].why.starts_with("let the customer finish"), "{}", f[0].why);
    }

    #[test]
    fn loudness_is_judged_against_the_speakers_own_voice() {
        assert_eq!(delivery(1.0, Some(7.0)).findings()[1].points.patience, -1);
        assert_eq!(delivery(1.0, Some(12.0)).findings()[1].points.patience, -2);
        assert_eq!(delivery(1.0, Some(2.0)).findings()[1].points, Points::default());
        assert_eq!(delivery(1.0, Some(-0.2)).findings()[1].why, "kept your normal voice (the same level as your calibration)");
        assert_eq!(delivery(1.0, Some(-3.4)).findings()[1].why, "kept your normal voice (-3 dB against your calibration)");
        assert_eq!(delivery(1.0, None).findings().len(), 1, "no calibration, no loudness finding");
    }

    #[test]
    fn dead_air_is_noted_without_points() {
        let f = delivery(9.5, None).findings();
        assert_eq!(f[0].points, Points::default());
        assert!(f[0].why.contains("9.5 s of silence"));
    }
}
