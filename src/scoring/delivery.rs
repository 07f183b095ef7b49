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
/// Speaking this many times as fast as one's own calibration read is rushing the customer.
pub const RUSHED: f32 = 1.3;
/// A silence this long between two words of an answer is a long pause (noted, not scored).
pub const LONG_PAUSE: f32 = 2.0;
/// This many filler words in one answer cost clarity (fewer are noted only).
pub const FILLERS_COST: u16 = 3;
/// Words that fill a pause rather than say something. Whisper often leaves them out of its
/// transcript, so the count is at least what was said, never more.
pub const FILLER_WORDS: &[&str] = &["um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "mm"];

/// The loudness of the speaker's ordinary voice, from reading a calibration sentence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// RMS of the voiced frames, 0-1 of full scale.
    pub voiced_rms: f32,
    /// The speaker's own rate reading [`Calibration::SENTENCE`]: its words over the seconds of
    /// speech (pauses left out, as for an answer's rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words_per_minute: Option<f32>,
}

impl Calibration {
    /// The sentence the trainee reads in their normal voice before the first spoken answer.
    pub const SENTENCE: &'static str = "Thanks for calling. Let me look into that for you right away.";

    /// The calibration of a reading of [`Calibration::SENTENCE`] with this loudness and these
    /// seconds of speech.
    pub fn of_reading(voiced_rms: f32, talk_time: f32) -> Calibration {
        let words = crate::vocab::text::word_count(Self::SENTENCE) as f32;
        Calibration { voiced_rms, words_per_minute: (talk_time > 0.5).then(|| words / talk_time * 60.0) }
    }
}

/// One word of a spoken answer as the transcriber heard it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// The word as written (with its punctuation).
    pub word: String,
    /// Seconds from the start of the recording.
    pub start: f32,
    /// Seconds from the start of the recording.
    pub end: f32,
    /// The transcriber's probability for the word, 0-1.
    pub confidence: f32,
}

// Timings and probabilities come from JSON, which has no NaN: equality is total.
impl Eq for Word {}

/// Below this mean word probability a transcript is still scored, but a person is asked to
/// check it (the answer is queued for every reviewer with the words filled in). Measured with
/// Whisper tiny.en on espeak-ng speech (tests/stt.rs): clean answers 0.78-0.95; at 10 dB of
/// noise the garbled ones (a third or more of the words wrong) 0.64-0.71.
pub const LOW_CONFIDENCE: f32 = 0.75;

/// The mean probability of `words` (0 without words).
pub fn confidence(words: &[Word]) -> f32 {
    if words.is_empty() {
        return 0.0;
    }
    words.iter().map(|w| w.confidence).sum::<f32>() / words.len() as f32
}

/// A spoken answer as the offline transcriber heard it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heard {
    /// Which engine ("whisper tiny.en").
    pub engine: String,
    /// The text it heard.
    pub text: String,
    /// Each word with its timing and probability.
    pub words: Vec<Word>,
}

impl Heard {
    /// Mean word probability (0 without words).
    pub fn confidence(&self) -> f32 {
        confidence(&self.words)
    }

    /// Whether a person should check the words.
    pub fn is_uncertain(&self) -> bool {
        self.confidence() < LOW_CONFIDENCE
    }

    /// Whether the words are the transcriber's own, not typed by a person since.
    pub fn made(&self, transcript: Option<&str>) -> bool {
        transcript == Some(self.text.as_str())
    }
}

/// What the words of a spoken answer and their timings show.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Speech {
    /// Words over the seconds of speech.
    pub words_per_minute: f32,
    /// The speaker's own rate, from the calibration read.
    pub usual_words_per_minute: Option<f32>,
    /// Filler words heard ("um", "uh").
    pub fillers: u16,
    /// Silences of [`LONG_PAUSE`] or more between words.
    pub long_pauses: u16,
    /// The longest silence between words (seconds).
    pub longest_pause: f32,
}

impl Speech {
    /// The figures of `words` (in order), spoken over `talk_time` seconds of speech.
    pub fn of(words: &[Word], talk_time: f32, calibration: Option<&Calibration>) -> Option<Speech> {
        if words.is_empty() || talk_time <= 0.0 {
            return None;
        }
        let is_filler = |w: &Word| {
            let bare: String = w.word.chars().filter(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
            FILLER_WORDS.contains(&bare.as_str())
        };
        let gaps: Vec<f32> = words.windows(2).map(|p| (p[1].start - p[0].end).max(0.0)).collect();
        Some(Speech {
            words_per_minute: words.iter().filter(|w| !is_filler(w)).count() as f32 / talk_time * 60.0,
            usual_words_per_minute: calibration.and_then(|c| c.words_per_minute),
            fillers: words.iter().filter(|w| is_filler(w)).count() as u16,
            long_pauses: gaps.iter().filter(|g| **g >= LONG_PAUSE).count() as u16,
            longest_pause: gaps.iter().copied().fold(0.0, f32::max),
        })
    }
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
    /// Rate, fillers and pauses, from a transcript's word timings; `None` without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speech: Option<Speech>,
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
        if let Some(speech) = self.speech {
            out.extend(speech.findings());
        }
        out
    }

    /// A word count for the customer's reaction when nothing was typed.
    pub fn estimated_words(&self) -> usize {
        (self.talk_time * WORDS_PER_SECOND).round() as usize
    }
}

impl Speech {
    /// What the words show: rate against the speaker's own, fillers, long pauses.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        let wpm = self.words_per_minute.round();
        match self.usual_words_per_minute {
            Some(usual) if usual > 0.0 && self.words_per_minute >= usual * RUSHED => out.push(Finding {
                points: patience(-1),
                why: format!("spoke at {wpm:.0} words a minute, {:.1} times your usual {usual:.0}: slow down for an upset customer", self.words_per_minute / usual),
            }),
            Some(usual) if usual > 0.0 => out.push(Finding { points: Points::default(), why: format!("spoke at {wpm:.0} words a minute (your usual {usual:.0})") }),
            _ => out.push(Finding { points: Points::default(), why: format!("spoke at {wpm:.0} words a minute") }),
        }
        if self.fillers >= FILLERS_COST {
            out.push(Finding {
                points: Points { clarification: -1, ..Points::default() },
                why: format!("{} filler words (um, uh): a short silence sounds surer", self.fillers),
            });
        } else if self.fillers > 0 {
            out.push(Finding { points: Points::default(), why: format!("{} filler word(s) (um, uh)", self.fillers) });
        }
        if self.long_pauses > 0 {
            out.push(Finding {
                points: Points::default(),
                why: format!("{} pause(s) of {LONG_PAUSE:.0} s or more mid-answer (longest {:.1} s)", self.long_pauses, self.longest_pause),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(latency: f32, loudness_db: Option<f32>) -> Delivery {
        Delivery { latency, talk_time: 4.0, loudness_db, speech: None }
    }

    fn words(text: &str, gap: f32) -> Vec<Word> {
        let mut at = 0.0;
        text.split(' ')
            .map(|w| {
                let word = Word { word: w.into(), start: at, end: at + 0.3, confidence: 0.9 };
                at += 0.3 + gap;
                word
            })
            .collect()
    }

    #[test]
    fn speech_figures_count_fillers_apart_and_pauses_between_words() {
        let said = words("um I can, uh, fix that um today", 0.1);
        let s = Speech::of(&said, 3.0, None).unwrap();
        assert_eq!((s.fillers, s.long_pauses), (3, 0));
        assert!((s.words_per_minute - 100.0).abs() < 1e-3, "5 words in 3 s: {}", s.words_per_minute);
        let f = s.findings();
        assert_eq!(f[0].why, "spoke at 100 words a minute");
        assert_eq!(f[1].points.clarification, -1);
        let slow = Speech::of(&words("sorry about that", 2.5), 1.0, None).unwrap();
        assert_eq!((slow.long_pauses, slow.longest_pause), (2, 2.5));
        assert!(slow.findings().last().unwrap().why.contains("2 pause(s) of 2 s or more mid-answer (longest 2.5 s)"));
        assert_eq!(Speech::of(&[], 3.0, None), None);
    }

    #[test]
    fn a_rate_well_above_the_speakers_own_costs_patience() {
        let usual = Calibration::of_reading(0.1, 4.0);
        let usual_wpm = usual.words_per_minute.unwrap();
        assert!((usual_wpm - 12.0 / 4.0 * 60.0).abs() < 1e-3, "twelve words in 4 s: {usual_wpm}");
        // 20 words in 5 s = 240 a minute, 1.33 times 180.
        let fast = Speech::of(&words(&["word"; 20].join(" "), 0.0), 5.0, Some(&usual)).unwrap();
        assert_eq!(fast.findings()[0].points.patience, -1);
        assert!(fast.findings()[0].why.contains("240 words a minute, 1.3 times your usual 180"), "{}", fast.findings()[0].why);
        let even = Speech::of(&words(&["word"; 15].join(" "), 0.0), 5.0, Some(&usual)).unwrap();
        assert_eq!(even.findings()[0].points, Points::default());
        assert_eq!(even.findings()[0].why, "spoke at 180 words a minute (your usual 180)");
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
