//! Scores 0-100 per dimension and the band they give: how points become what a trainee sees.

use serde::{Deserialize, Serialize};

use super::points::{Dimension, Points};

/// Bronze / Silver / Gold, as in the classic 30-point self-evaluation (0-12, 13-22, 23-30).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Band {
    /// Below 43%: work to do.
    Bronze,
    /// 43% to 76%.
    Silver,
    /// 77% and up.
    Gold,
}

impl Band {
    /// The band for an overall score in percent: below 43 Bronze, below 77 Silver, else Gold.
    pub fn from_percent(percent: u8) -> Band {
        match percent {
            0..=42 => Band::Bronze,
            43..=76 => Band::Silver,
            _ => Band::Gold,
        }
    }

    /// The band's name as shown and stored.
    pub fn name(self) -> &'static str {
        match self {
            Band::Bronze => "Bronze",
            Band::Silver => "Silver",
            Band::Gold => "Gold",
        }
    }
}

/// Per-dimension scores, 0-100: the points earned as a share of the most any path through the
/// scenario earns on that dimension; `None` where no path earns any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scores {
    /// Patience, 0-100.
    pub patience: Option<u8>,
    /// Empathy, 0-100.
    pub empathy: Option<u8>,
    /// Clarification, 0-100.
    pub clarification: Option<u8>,
    /// Resolution, 0-100.
    pub resolution: Option<u8>,
}

impl Scores {
    /// Each dimension's earned points as a percentage of `best` (the scenario's scale: what
    /// 100 is on it), clamped to 0-100; `None` where `best` is 0 or less.
    pub fn against_best(earned: Points, best: Points) -> Scores {
        let pct = |d: Dimension| {
            let b = best.get(d);
            (b > 0).then(|| (f64::from(earned.get(d)) * 100.0 / f64::from(b)).round().clamp(0.0, 100.0) as u8)
        };
        Scores {
            patience: pct(Dimension::Patience),
            empathy: pct(Dimension::Empathy),
            clarification: pct(Dimension::Clarification),
            resolution: pct(Dimension::Resolution),
        }
    }

    /// One dimension's score.
    pub fn get(&self, d: Dimension) -> Option<u8> {
        match d {
            Dimension::Patience => self.patience,
            Dimension::Empathy => self.empathy,
            Dimension::Clarification => self.clarification,
            Dimension::Resolution => self.resolution,
        }
    }

    /// The mean of the measured dimensions, rounded; 0 when none is measured.
    pub fn overall(&self) -> u8 {
        let measured: Vec<u8> = Dimension::ALL.iter().filter_map(|d| self.get(*d)).collect();
        if measured.is_empty() {
            return 0;
        }
        let sum: u32 = measured.iter().map(|s| u32::from(*s)).sum();
        ((f64::from(sum) / measured.len() as f64).round()) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_thirty_point_scale() {
        // 12/30 = 40 %, 13/30 = 43 %, 22/30 = 73 %, 23/30 = 77 %.
        assert_eq!(Band::from_percent(40), Band::Bronze);
        assert_eq!(Band::from_percent(43), Band::Silver);
        assert_eq!(Band::from_percent(73), Band::Silver);
        assert_eq!(Band::from_percent(77), Band::Gold);
    }

    #[test]
    fn scores_are_relative_to_the_best_and_skip_unmeasured_dimensions() {
        let earned = Points { patience: 3, empathy: -2, clarification: 9, resolution: 0 };
        let best = Points { patience: 6, empathy: 4, clarification: 6, resolution: 0 };
        let s = Scores::against_best(earned, best);
        assert_eq!(s, Scores { patience: Some(50), empathy: Some(0), clarification: Some(100), resolution: None });
        assert_eq!(s.overall(), 50);
    }
}
