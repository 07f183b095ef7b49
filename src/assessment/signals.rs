//! Integrity signals for a screening assessment: things worth a human look, never proof. Each
//! candidate gets a level (none, some, major) and the reasons in words.
//!
//! - Near-identical answers: a typed answer that shares most of its three-word runs (shingles)
//!   with another candidate's answer to the same question.
//! - Too fast: an answer given sooner than the customer's line could have been read.

use std::collections::{BTreeMap, HashSet};

/// How much a signal weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing seen.
    None,
    /// One thing worth a look.
    Some,
    /// Several, or a strong one.
    Major,
}

impl Level {
    /// The level in words.
    pub fn describe(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Some => "some",
            Level::Major => "major",
        }
    }
}

/// A candidate's signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signals {
    /// How much they weigh together.
    pub level: Level,
    /// Each one, in words.
    pub reasons: Vec<String>,
}

/// Answers shorter than this many words are not compared: "Thank you, goodbye" is said by many.
pub const MIN_WORDS: usize = 8;

/// Two answers sharing at least this share of their shingles (Jaccard) are near-identical.
pub const NEAR_IDENTICAL: f64 = 0.7;

/// Words a second a quick reader reads; an answer sooner than the line takes at this pace is
/// too fast to have been read.
pub const READING_WORDS_PER_SECOND: f64 = 6.0;

/// The three-word runs of a text, lower-cased, punctuation dropped.
pub fn shingles(text: &str) -> HashSet<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(3).map(|w| w.join(" ")).collect()
}

/// The share of shingles two sets have in common (Jaccard); 0 when either is empty.
pub fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

/// One typed answer, for comparing across candidates.
#[derive(Debug, Clone)]
pub struct Typed {
    /// Whose.
    pub candidate: String,
    /// Which question (scenario and node).
    pub question: String,
    /// The words.
    pub text: String,
}

/// One answer's timing.
#[derive(Debug, Clone)]
pub struct Timed {
    /// Whose.
    pub candidate: String,
    /// Seconds from the question to the answer.
    pub seconds: f64,
    /// Words the customer said before it.
    pub words_heard: usize,
}

/// Every candidate's signals, by candidate.
pub fn signals(candidates: &[String], typed: &[Typed], timed: &[Timed]) -> BTreeMap<String, Signals> {
    let mut reasons: BTreeMap<&str, Vec<String>> = candidates.iter().map(|c| (c.as_str(), Vec::new())).collect();
    let mut by_question: BTreeMap<&str, Vec<(&Typed, HashSet<String>)>> = BTreeMap::new();
    for t in typed.iter().filter(|t| t.text.split_whitespace().count() >= MIN_WORDS) {
        by_question.entry(t.question.as_str()).or_default().push((t, shingles(&t.text)));
    }
    for (question, answers) in &by_question {
        for (i, (a, sa)) in answers.iter().enumerate() {
            for (b, sb) in &answers[i + 1..] {
                if a.candidate == b.candidate {
                    continue;
                }
                let share = jaccard(sa, sb);
                if share >= NEAR_IDENTICAL {
                    for (me, other) in [(a, b), (b, a)] {
                        if let Some(r) = reasons.get_mut(me.candidate.as_str()) {
                            r.push(format!("answer to {question} is {:.0}% the same as {}'s", share * 100.0, other.candidate));
                        }
                    }
                }
            }
        }
    }
    let mut fast: BTreeMap<&str, usize> = BTreeMap::new();
    for t in timed {
        if t.seconds < t.words_heard as f64 / READING_WORDS_PER_SECOND {
            *fast.entry(t.candidate.as_str()).or_default() += 1;
        }
    }
    for (candidate, n) in fast {
        if let Some(r) = reasons.get_mut(candidate) {
            r.push(format!("{n} answer(s) given before the customer's line could have been read"));
        }
    }
    reasons
        .into_iter()
        .map(|(c, reasons)| {
            let level = match reasons.len() {
                0 => Level::None,
                1 => Level::Some,
                _ => Level::Major,
            };
            (c.to_string(), Signals { level, reasons })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_identical_answers_are_found_and_different_ones_are_not() {
        let a = "I'm so sorry about the castle, let me send a new one by express today at no cost";
        let b = "I'm so sorry about the castle, let me send a new one by express today, at no cost to you";
        let c = "That sounds really frustrating; could you tell me the order number so I can check what happened?";
        assert!(jaccard(&shingles(a), &shingles(b)) >= NEAR_IDENTICAL);
        assert!(jaccard(&shingles(a), &shingles(c)) < 0.1);
        let typed = [
            Typed { candidate: "Ann".into(), question: "late-gift/solve".into(), text: a.into() },
            Typed { candidate: "Bo".into(), question: "late-gift/solve".into(), text: b.into() },
            Typed { candidate: "Cy".into(), question: "late-gift/solve".into(), text: c.into() },
        ];
        let found = signals(&["Ann".into(), "Bo".into(), "Cy".into()], &typed, &[]);
        assert_eq!(found["Ann"].level, Level::Some);
        assert!(found["Ann"].reasons[0].contains("the same as Bo's"), "{:?}", found["Ann"]);
        assert_eq!(found["Cy"].level, Level::None);
    }

    #[test]
    fn answers_faster_than_reading_are_a_signal() {
        let timed = [
            Timed { candidate: "Ann".into(), seconds: 0.5, words_heard: 30 },
            Timed { candidate: "Bo".into(), seconds: 12.0, words_heard: 30 },
        ];
        let found = signals(&["Ann".into(), "Bo".into()], &[], &timed);
        assert_eq!(found["Ann"].level, Level::Some);
        assert_eq!(found["Bo"].level, Level::None);
    }
}
