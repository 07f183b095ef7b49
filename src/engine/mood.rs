//! How the customer's anger reacts to an answer. The answer's points set the base change; the
//! persona bends it (the hurried customer punishes long answers, and so on), and every bend is
//! written down so the debrief can say why the mood moved.

use crate::scenario::{Persona, Points};

/// Anger change per point an answer earns, when the scenario does not set `anger:` itself.
pub const ANGER_PER_POINT: i32 = 3;
/// Anger change per point of free-text evidence (the words themselves), on top of the route's.
pub const EVIDENCE_ANGER_PER_POINT: i32 = 2;

/// The most a long answer can add for a hurried customer: one anger per five words over
/// [`Persona::HURRIED_MAX_WORDS`].
pub const HURRIED_MAX_PENALTY: i32 = 15;
/// What a curt answer (under [`Persona::LANGUID_MIN_WORDS`]) adds for a languid customer.
pub const LANGUID_PENALTY: i32 = 5;

/// A change in anger with the reasons for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoodChange {
    /// How much the anger moves (negative: calmer).
    pub delta: i32,
    /// Why it moved beyond the points, for the debrief.
    pub notes: Vec<String>,
}

/// What the mood model needs to know about one answer.
#[derive(Debug, Clone, Copy)]
pub struct Answered {
    /// The change before the persona bends it (see [`base_change`]).
    pub base: i32,
    /// How many words the answer had.
    pub words: usize,
    /// Whether empathy has been shown in this answer or an earlier one.
    pub empathy_shown: bool,
}

/// The change an answer causes before persona: as authored, or following from its points.
pub fn base_change(authored: Option<i32>, points: Points) -> i32 {
    authored.unwrap_or_else(|| points.total().saturating_mul(-ANGER_PER_POINT))
}

/// How a persona bent an answer's anger change, when it did (`from`/`to`: the change before and
/// after; `words`: the answer's length; `extra`: anger added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Bend {
    /// Irate: a rise is half again as large.
    Irate { from: i32, to: i32 },
    /// Hurried: a long answer adds anger.
    Hurried { words: usize, extra: i32 },
    /// Languid: a curt answer adds anger.
    Languid { words: usize },
    /// Upset: calming is halved until empathy is shown.
    Upset { from: i32, to: i32 },
}

impl Bend {
    /// The change once bent.
    pub fn delta(self, base: i32) -> i32 {
        match self {
            Bend::Irate { to, .. } | Bend::Upset { to, .. } => to,
            Bend::Hurried { extra, .. } => base.saturating_add(extra),
            Bend::Languid { .. } => base.saturating_add(LANGUID_PENALTY),
        }
    }

    /// Why the mood moved, for the debrief.
    pub fn note(self) -> String {
        match self {
            Bend::Irate { from, to } => format!("Irate customer: the rise in anger is half again as large ({from:+} became {to:+})"),
            Bend::Hurried { words, extra } => format!("Hurried customer: {words} words is too long ({extra:+} anger); keep it brief"),
            Bend::Languid { words } => format!("Languid customer: a {words}-word answer felt curt ({LANGUID_PENALTY:+} anger); give them time"),
            Bend::Upset { from, to } => format!("Upset customer: calms only half as much until you show empathy ({from:+} became {to:+})"),
        }
    }
}

/// How this persona bends an answer's change, if at all. Nothing is allocated, so the random
/// walker can take millions of answers a second through the same rules.
pub fn bend(persona: Persona, a: Answered) -> Option<Bend> {
    let base = a.base;
    match persona {
        Persona::Reasonable => None,
        Persona::Irate => (base > 0).then(|| Bend::Irate { from: base, to: base.saturating_mul(3).saturating_add(1) / 2 }),
        Persona::Hurried => (a.words > Persona::HURRIED_MAX_WORDS).then(|| {
            let over = i32::try_from(a.words - Persona::HURRIED_MAX_WORDS).unwrap_or(i32::MAX);
            Bend::Hurried { words: a.words, extra: (over.saturating_add(4) / 5).min(HURRIED_MAX_PENALTY) }
        }),
        Persona::Languid => (a.words < Persona::LANGUID_MIN_WORDS).then_some(Bend::Languid { words: a.words }),
        Persona::Upset => (base < 0 && !a.empathy_shown).then_some(Bend::Upset { from: base, to: base / 2 }),
    }
}

/// The anger change an answer causes for a customer with this persona, with the reasons.
pub fn react(persona: Persona, a: Answered) -> MoodChange {
    match bend(persona, a) {
        Some(b) => MoodChange { delta: b.delta(a.base), notes: vec![b.note()] },
        None => MoodChange { delta: a.base, notes: Vec::new() },
    }
}

/// Applies a change to an anger level, keeping it within 0-100.
pub fn apply(anger: u8, delta: i32) -> u8 {
    i32::from(anger).saturating_add(delta).clamp(0, 100) as u8
}

/// A word for an anger level, for meters and captions.
pub fn describe(anger: u8) -> &'static str {
    match anger {
        0..=19 => "calm",
        20..=39 => "uneasy",
        40..=59 => "annoyed",
        60..=79 => "angry",
        _ => "furious",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(authored: Option<i32>, total: i32, words: usize, empathy_shown: bool) -> Answered {
        let base = base_change(authored, Points { patience: total, ..Points::default() });
        Answered { base, words, empathy_shown }
    }

    #[test]
    fn points_set_the_base_change_unless_authored() {
        assert_eq!(react(Persona::Reasonable, answered(None, 4, 10, false)).delta, -12);
        assert_eq!(react(Persona::Reasonable, answered(Some(7), 4, 10, false)).delta, 7);
    }

    #[test]
    fn irate_customers_anger_faster_but_calm_normally() {
        let up = react(Persona::Irate, answered(Some(10), 0, 10, false));
        assert_eq!(up.delta, 15);
        assert_eq!(up.notes.len(), 1);
        assert_eq!(react(Persona::Irate, answered(Some(-10), 0, 10, false)).delta, -10);
    }

    #[test]
    fn hurried_customers_punish_long_answers() {
        assert_eq!(react(Persona::Hurried, answered(Some(-5), 0, 30, false)).delta, -5);
        assert_eq!(react(Persona::Hurried, answered(Some(-5), 0, 41, false)).delta, -2);
        assert_eq!(react(Persona::Hurried, answered(Some(0), 0, 500, false)).delta, HURRIED_MAX_PENALTY);
    }

    #[test]
    fn languid_customers_dislike_curt_answers() {
        assert_eq!(react(Persona::Languid, answered(Some(-5), 0, 3, false)).delta, 0);
        assert_eq!(react(Persona::Languid, answered(Some(-5), 0, 12, false)).delta, -5);
    }

    #[test]
    fn upset_customers_need_empathy_first() {
        assert_eq!(react(Persona::Upset, answered(Some(-10), 0, 10, false)).delta, -5);
        assert_eq!(react(Persona::Upset, answered(Some(-10), 0, 10, true)).delta, -10);
    }

    #[test]
    fn anger_stays_in_range() {
        assert_eq!(apply(95, 20), 100);
        assert_eq!(apply(5, -20), 0);
    }

    #[test]
    fn extreme_numbers_saturate_instead_of_overflowing() {
        assert_eq!(apply(50, i32::MAX), 100);
        assert_eq!(apply(50, i32::MIN), 0);
        assert_eq!(react(Persona::Irate, answered(Some(i32::MAX), 0, 10, false)).delta, i32::MAX / 2);
        assert_eq!(react(Persona::Hurried, answered(Some(i32::MAX), 0, usize::MAX, false)).delta, i32::MAX);
        assert_eq!(react(Persona::Languid, answered(Some(i32::MAX), 0, 1, false)).delta, i32::MAX);
        assert_eq!(base_change(None, Points { patience: i32::MAX, empathy: i32::MAX, ..Points::default() }), i32::MIN);
        assert_eq!(base_change(None, Points { patience: i32::MIN, ..Points::default() }), i32::MAX);
    }
}
