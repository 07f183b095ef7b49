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

/// The anger change an answer causes for a customer with this persona.
pub fn react(persona: Persona, a: Answered) -> MoodChange {
    let mut notes = Vec::new();
    let mut delta = a.base;
    match persona {
        Persona::Reasonable => {}
        Persona::Irate => {
            if delta > 0 {
                let bigger = delta.saturating_mul(3).saturating_add(1) / 2;
                notes.push(format!("Irate customer: the rise in anger is half again as large ({delta:+} became {bigger:+})"));
                delta = bigger;
            }
        }
        Persona::Hurried => {
            if a.words > Persona::HURRIED_MAX_WORDS {
                let over = i32::try_from(a.words - Persona::HURRIED_MAX_WORDS).unwrap_or(i32::MAX);
                let extra = (over.saturating_add(4) / 5).min(HURRIED_MAX_PENALTY);
                notes.push(format!("Hurried customer: {} words is too long ({extra:+} anger); keep it brief", a.words));
                delta = delta.saturating_add(extra);
            }
        }
        Persona::Languid => {
            if a.words < Persona::LANGUID_MIN_WORDS {
                notes.push(format!(
                    "Languid customer: a {}-word answer felt curt ({LANGUID_PENALTY:+} anger); give them time",
                    a.words
                ));
                delta = delta.saturating_add(LANGUID_PENALTY);
            }
        }
        Persona::Upset => {
            if delta < 0 && !a.empathy_shown {
                let halved = delta / 2;
                notes.push(format!(
                    "Upset customer: calms only half as much until you show empathy ({delta:+} became {halved:+})"
                ));
                delta = halved;
            }
        }
    }
    MoodChange { delta, notes }
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
