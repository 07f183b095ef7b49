//! Integrity signals for a screening assessment: things worth a human look, never proof. Each
//! candidate gets a level (none, some, major) and the reasons in words.
//!
//! - Near-identical answers: a typed answer that shares most of its three-word runs (shingles)
//!   with another candidate's answer to the same question.
//! - Too fast: an answer given sooner than the customer's line could have been read.
//! - Pasting: an attempt to paste into a typed answer (the player refuses it and notes it).
//! - Typing rhythm: a typed answer that came faster than people type, or a candidate whose
//!   typing is far faster than the rest of the cohort's.
//! - Absence: time away from the assessment's window while it was running.

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

/// Characters a second that sustained typing does not reach (about 180 words a minute; fast
/// typists keep up 6-8): a typed answer that came faster was not typed as it was answered.
pub const MAX_TYPING_CHARS_PER_SECOND: f64 = 15.0;

/// Typed answers shorter than this are not timed: a short answer can be typed ahead.
pub const MIN_TIMED_CHARS: usize = 40;

/// Seconds away from the window, in all, that are worth a look.
pub const AWAY_SECONDS: f64 = 30.0;

/// A candidate whose median typing speed is this many robust standard deviations (from the
/// median absolute deviation) above the cohort's median is a typing-rhythm outlier.
pub const RHYTHM_OUTLIER_Z: f64 = 3.5;

/// Candidates with measured typing needed before anyone is compared with the cohort.
pub const RHYTHM_MIN_COHORT: usize = 5;

/// Something the player noticed while an answer was being given, kept with the answer's turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Noticed {
    /// A paste into the answer box, refused; how many characters it would have put there
    /// (0 where the player cannot know).
    Paste {
        /// Characters the paste held.
        chars: usize,
    },
    /// The window lost the focus for a while.
    Away {
        /// How long.
        seconds: f64,
    },
    /// How fast a typed answer was typed, from its first key to Enter.
    Typing {
        /// Characters a second.
        chars_per_second: f64,
    },
}

impl Noticed {
    /// The kind's name as kept in the store.
    pub fn kind(&self) -> &'static str {
        match self {
            Noticed::Paste { .. } => "paste",
            Noticed::Away { .. } => "away",
            Noticed::Typing { .. } => "typing",
        }
    }

    /// The kind's measure as kept in the store.
    pub fn amount(&self) -> f64 {
        match *self {
            Noticed::Paste { chars } => chars as f64,
            Noticed::Away { seconds } => seconds,
            Noticed::Typing { chars_per_second } => chars_per_second,
        }
    }

    /// Back from the store's kind and measure; `None` for a kind this build does not know.
    pub fn from_kept(kind: &str, amount: f64) -> Option<Noticed> {
        match kind {
            "paste" => Some(Noticed::Paste { chars: amount.max(0.0) as usize }),
            "away" => Some(Noticed::Away { seconds: amount }),
            "typing" => Some(Noticed::Typing { chars_per_second: amount }),
            _ => None,
        }
    }
}

/// One thing noticed, and whose.
#[derive(Debug, Clone)]
pub struct Observed {
    /// Whose.
    pub candidate: String,
    /// What.
    pub what: Noticed,
}

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
    /// Characters of the answer, where it was typed (0 for a choice or a spoken answer).
    pub chars_typed: usize,
}

/// Every candidate's signals, by candidate.
pub fn signals(candidates: &[String], typed: &[Typed], timed: &[Timed], observed: &[Observed]) -> BTreeMap<String, Signals> {
    let mut reasons: BTreeMap<&str, Vec<String>> = candidates.iter().map(|c| (c.as_str(), Vec::new())).collect();
    // Reasons are kept for the candidates asked about; anyone else's are dropped.
    let mut say = |who: &str, why: String| {
        if let Some(r) = reasons.get_mut(who) {
            r.push(why);
        }
    };
    let mut by_question: BTreeMap<&str, Vec<(&Typed, HashSet<String>)>> = BTreeMap::new();
    for t in typed.iter().filter(|t| t.text.split_whitespace().count() >= MIN_WORDS) {
        by_question.entry(t.question.as_str()).or_default().push((t, shingles(&t.text)));
    }
    // Per pair of candidates: how many questions they answered alike, and the closest share.
    let mut alike: BTreeMap<(&str, &str), (usize, f64, &str)> = BTreeMap::new();
    for (question, answers) in &by_question {
        for (i, (a, sa)) in answers.iter().enumerate() {
            for (b, sb) in &answers[i + 1..] {
                if a.candidate == b.candidate {
                    continue;
                }
                let share = jaccard(sa, sb);
                if share >= NEAR_IDENTICAL {
                    for (me, other) in [(a, b), (b, a)] {
                        let e = alike.entry((me.candidate.as_str(), other.candidate.as_str())).or_insert((0, 0.0, question));
                        *e = (e.0 + 1, e.1.max(share), e.2);
                    }
                }
            }
        }
    }
    for ((me, other), (n, share, first)) in alike {
        let which = if n == 1 { format!("the answer to {first} is") } else { format!("{n} answers (the first to {first}) are") };
        say(me, format!("{which} up to {:.0}% the same as {other}'s", share * 100.0));
    }
    let mut fast: BTreeMap<&str, usize> = BTreeMap::new();
    for t in timed {
        if t.seconds < t.words_heard as f64 / READING_WORDS_PER_SECOND {
            *fast.entry(t.candidate.as_str()).or_default() += 1;
        }
    }
    for (candidate, n) in fast {
        say(candidate, format!("{n} answer(s) given before the customer's line could have been read"));
    }
    // Typing: measured from the first key (the window), or from the question (the terminal,
    // which sees only the finished line; a slower bound, so never a false alarm of speed).
    let mut speeds: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for t in timed.iter().filter(|t| t.chars_typed >= MIN_TIMED_CHARS && t.seconds > 0.0) {
        speeds.entry(t.candidate.as_str()).or_default().push(t.chars_typed as f64 / t.seconds);
    }
    let mut measured: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut pastes: BTreeMap<&str, usize> = BTreeMap::new();
    // Per candidate: how many absences, and their seconds in all.
    let mut away: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for o in observed {
        let who = o.candidate.as_str();
        match o.what {
            Noticed::Paste { .. } => *pastes.entry(who).or_default() += 1,
            Noticed::Away { seconds } => {
                let a = away.entry(who).or_default();
                *a = (a.0 + 1, a.1 + seconds);
            }
            Noticed::Typing { chars_per_second } => {
                measured.entry(who).or_default().push(chars_per_second);
                speeds.entry(who).or_default().push(chars_per_second);
            }
        }
    }
    for (candidate, n) in pastes {
        say(candidate, format!("tried to paste into a typed answer {n} time(s); refused, so the answers are typed"));
    }
    for (candidate, (n, seconds)) in away.into_iter().filter(|(_, (_, seconds))| *seconds >= AWAY_SECONDS) {
        say(candidate, format!("away from the assessment window {n} time(s), {seconds:.0} s in all"));
    }
    for (candidate, s) in &speeds {
        let fastest = s.iter().copied().fold(0.0, f64::max);
        let over = s.iter().filter(|v| **v > MAX_TYPING_CHARS_PER_SECOND).count();
        if over > 0 {
            say(candidate, format!("{over} typed answer(s) came faster than people type (up to {fastest:.0} characters a second)"));
        }
    }
    for (candidate, median, cohort) in rhythm_outliers(&measured) {
        say(candidate, format!("typed at {median:.1} characters a second, far from the cohort's {cohort:.1}"));
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

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

/// Candidates whose median measured typing speed is far from the cohort's (a robust z-score:
/// the distance from the median of medians over 1.4826 times their median absolute deviation),
/// with their median and the cohort's.
fn rhythm_outliers<'a>(measured: &BTreeMap<&'a str, Vec<f64>>) -> Vec<(&'a str, f64, f64)> {
    if measured.len() < RHYTHM_MIN_COHORT {
        return Vec::new();
    }
    let medians: Vec<(&str, f64)> = measured.iter().map(|(c, v)| (*c, median(&mut v.clone()))).collect();
    let centre = median(&mut medians.iter().map(|(_, m)| *m).collect::<Vec<_>>());
    let mad = median(&mut medians.iter().map(|(_, m)| (m - centre).abs()).collect::<Vec<_>>());
    // All alike (a scripted cohort): no spread to be far from; one tenth of the centre stands in.
    let spread = (1.4826 * mad).max(centre * 0.1).max(f64::EPSILON);
    medians.into_iter().filter(|(_, m)| (m - centre).abs() / spread > RHYTHM_OUTLIER_Z).map(|(c, m)| (c, m, centre)).collect()
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
        let found = signals(&["Ann".into(), "Bo".into(), "Cy".into()], &typed, &[], &[]);
        assert_eq!(found["Ann"].level, Level::Some);
        assert!(found["Ann"].reasons[0].contains("the same as Bo's"), "{:?}", found["Ann"]);
        assert_eq!(found["Cy"].level, Level::None);
    }

    #[test]
    fn answers_faster_than_reading_are_a_signal() {
        let timed = [
            Timed { candidate: "Ann".into(), seconds: 0.5, words_heard: 30, chars_typed: 0 },
            Timed { candidate: "Bo".into(), seconds: 12.0, words_heard: 30, chars_typed: 0 },
        ];
        let found = signals(&["Ann".into(), "Bo".into()], &[], &timed, &[]);
        assert_eq!(found["Ann"].level, Level::Some);
        assert_eq!(found["Bo"].level, Level::None);
    }

    fn seen(candidate: &str, what: Noticed) -> Observed {
        Observed { candidate: candidate.into(), what }
    }

    #[test]
    fn pastes_long_absences_and_impossible_typing_are_signals_and_short_ones_are_not() {
        let who: Vec<String> = ["Ann", "Bo", "Cy", "Di"].map(String::from).to_vec();
        let observed = [
            seen("Ann", Noticed::Paste { chars: 120 }),
            seen("Bo", Noticed::Away { seconds: 20.0 }),
            seen("Bo", Noticed::Away { seconds: 25.0 }),
            seen("Cy", Noticed::Away { seconds: 4.0 }),
        ];
        // Di's 200 characters came 5 s after the question: 40 a second.
        let timed = [
            Timed { candidate: "Di".into(), seconds: 5.0, words_heard: 10, chars_typed: 200 },
            Timed { candidate: "Cy".into(), seconds: 40.0, words_heard: 10, chars_typed: 200 },
        ];
        let found = signals(&who, &[], &timed, &observed);
        assert!(found["Ann"].reasons[0].contains("tried to paste"), "{:?}", found["Ann"]);
        assert!(found["Bo"].reasons[0].contains("2 time(s), 45 s"), "{:?}", found["Bo"]);
        assert_eq!(found["Cy"].level, Level::None, "four seconds away and typing at 5 a second are nothing");
        assert!(found["Di"].reasons[0].contains("faster than people type (up to 40"), "{:?}", found["Di"]);
    }

    #[test]
    fn a_typing_rhythm_far_from_the_cohort_is_an_outlier_and_a_spread_cohort_has_none() {
        let speeds = [("A", 4.0), ("B", 4.6), ("C", 5.1), ("D", 3.8), ("E", 5.4), ("F", 13.0)];
        let observed: Vec<Observed> = speeds.iter().map(|(c, v)| seen(c, Noticed::Typing { chars_per_second: *v })).collect();
        let who: Vec<String> = speeds.iter().map(|(c, _)| c.to_string()).collect();
        let found = signals(&who, &[], &[], &observed);
        assert!(found["F"].reasons.iter().any(|r| r.contains("far from the cohort's")), "{:?}", found["F"]);
        assert!(["A", "B", "C", "D", "E"].iter().all(|c| found[*c].level == Level::None));
        // Too few to compare: nobody is an outlier.
        let found = signals(&who[4..], &[], &[], &observed[4..]);
        assert_eq!(found["F"].level, Level::None);
    }

    #[test]
    fn what_is_noticed_survives_the_store() {
        for n in [Noticed::Paste { chars: 42 }, Noticed::Away { seconds: 12.5 }, Noticed::Typing { chars_per_second: 6.25 }] {
            assert_eq!(Noticed::from_kept(n.kind(), n.amount()), Some(n));
        }
        assert_eq!(Noticed::from_kept("telepathy", 1.0), None);
    }
}
