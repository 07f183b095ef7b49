//! Points per dimension: what every answer earns or loses.

use std::ops::{Add, AddAssign, Sub};

use serde::{Deserialize, Serialize};

/// Points an answer earns (or loses) on each dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Points {
    /// Staying calm and letting the customer finish.
    pub patience: i32,
    /// Naming and acknowledging the customer's feelings.
    pub empathy: i32,
    /// Asking the questions that find the real problem.
    pub clarification: i32,
    /// Solving it, concretely.
    pub resolution: i32,
}

/// The four things every answer is scored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Dimension {
    /// Staying calm and letting the customer finish.
    Patience,
    /// Naming and acknowledging the customer's feelings.
    Empathy,
    /// Asking the questions that find the real problem.
    Clarification,
    /// Solving it, concretely.
    Resolution,
}

impl Dimension {
    /// The four dimensions, in the order they are shown.
    pub const ALL: [Dimension; 4] =
        [Dimension::Patience, Dimension::Empathy, Dimension::Clarification, Dimension::Resolution];

    /// Its place in [`Dimension::ALL`], for arrays kept per dimension.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The dimension's name in lower case, as in files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Patience => "patience",
            Dimension::Empathy => "empathy",
            Dimension::Clarification => "clarification",
            Dimension::Resolution => "resolution",
        }
    }
}

impl Points {
    /// The points on one dimension.
    pub fn get(&self, d: Dimension) -> i32 {
        match d {
            Dimension::Patience => self.patience,
            Dimension::Empathy => self.empathy,
            Dimension::Clarification => self.clarification,
            Dimension::Resolution => self.resolution,
        }
    }

    /// The points on one dimension, to change.
    pub fn get_mut(&mut self, d: Dimension) -> &mut i32 {
        match d {
            Dimension::Patience => &mut self.patience,
            Dimension::Empathy => &mut self.empathy,
            Dimension::Clarification => &mut self.clarification,
            Dimension::Resolution => &mut self.resolution,
        }
    }

    /// The sum of the four dimensions. Sums saturate (here and in `+`), so numbers from a
    /// file, however large, cannot overflow; the linter keeps them small (C019).
    pub fn total(&self) -> i32 {
        Dimension::ALL.iter().fold(0i32, |sum, d| sum.saturating_add(self.get(*d)))
    }

    /// The largest number of points an answer may carry on one dimension, either way, and the
    /// largest anger change: far beyond any sensible scenario, far below overflow.
    pub const LIMIT: i32 = 100;

    /// Whether every dimension is 0.
    pub fn is_zero(&self) -> bool {
        Dimension::ALL.iter().all(|d| self.get(*d) == 0)
    }

    /// The smaller of each dimension.
    pub fn min_each(self, other: Points) -> Points {
        let mut out = self;
        for d in Dimension::ALL {
            *out.get_mut(d) = self.get(d).min(other.get(d));
        }
        out
    }

    /// The larger of each dimension.
    pub fn max_each(self, other: Points) -> Points {
        let mut out = self;
        for d in Dimension::ALL {
            *out.get_mut(d) = self.get(d).max(other.get(d));
        }
        out
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        let mut out = self;
        out += rhs;
        out
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        let mut out = self;
        for d in Dimension::ALL {
            *out.get_mut(d) -= rhs.get(d);
        }
        out
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        for d in Dimension::ALL {
            let sum = self.get(d).saturating_add(rhs.get(d));
            *self.get_mut(d) = sum;
        }
    }
}
