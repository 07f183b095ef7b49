//! Calibrating the learned layer to an organisation's reviewers: per modelled dimension, one
//! shift of the model's log-odds (its bias, which moves where the shipped thresholds fall),
//! fitted to the levels the organisation's reviewers gave answers, with cross-validated figures
//! before and after. Nothing else in the model changes, so the evidence reads as before.

use super::learned::{sigmoid, LearnedWeights, LIKELY, UNLIKELY};
use crate::scenario::Dimension;

/// Folds of the cross-validation.
pub const FOLDS: usize = 5;

/// Fewer reviewed answers than this on a dimension are not enough to move its model.
pub const MIN_ANSWERS: usize = 10;

/// The largest shift fitted, in log-odds either way: past it the model would say the same of
/// every answer, which no amount of reviewing should make it do.
pub const MAX_SHIFT: f64 = 4.0;

/// One reviewed answer on one dimension: what the model makes of the words, and what the
/// reviewers said.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// The model's log-odds that the answer shows the quality.
    pub logit: f64,
    /// The reviewers' median level, 1-5.
    pub level: f64,
}

impl Sample {
    /// The level as a probability-like target: 1 is 0, 3 is 0.5, 5 is 1.
    pub fn target(&self) -> f64 {
        ((self.level - 1.0) / 4.0).clamp(0.0, 1.0)
    }
}

/// The log-odds of a probability given in percent (as scores report it), kept off the ends.
pub fn logit_of_percent(percent: u8) -> f64 {
    let p = (f64::from(percent) / 100.0).clamp(0.005, 0.995);
    (p / (1.0 - p)).ln()
}

/// What the learned layer says of an answer at probability `p`: it shows the quality (1), it
/// lacks it (-1), or the layer leaves the rules alone (0); the same thresholds the scorer uses.
pub fn verdict(p: f64) -> i8 {
    if p >= LIKELY {
        1
    } else if p < UNLIKELY {
        -1
    } else {
        0
    }
}

/// What reviewers said: above level 3 shows the quality, below lacks it, 3 neither.
pub fn reviewers_verdict(level: f64) -> i8 {
    if level > 3.0 {
        1
    } else if level < 3.0 {
        -1
    } else {
        0
    }
}

/// The shift of the log-odds that makes the model's mean probability over `samples` equal the
/// reviewers' mean target (the maximum-likelihood shift for soft targets), within
/// [`MAX_SHIFT`]; 0 for no samples.
pub fn fit_shift(samples: &[Sample]) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let goal: f64 = samples.iter().map(Sample::target).sum();
    let mean_at = |shift: f64| samples.iter().map(|s| sigmoid(s.logit + shift)).sum::<f64>() - goal;
    // Increasing in the shift: bisection finds the root, or stops at a bound.
    let (mut lo, mut hi) = (-MAX_SHIFT, MAX_SHIFT);
    if mean_at(lo) >= 0.0 {
        return lo;
    }
    if mean_at(hi) <= 0.0 {
        return hi;
    }
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if mean_at(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

/// How well the model agrees with reviewers on some answers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Agreement {
    /// Answers compared.
    pub answers: usize,
    /// The share where the model's verdict (shows, lacks, neither) is the reviewers'.
    pub verdicts: f64,
    /// The mean distance between the model's probability and the reviewers' level as a
    /// target (0 to 1; lower is closer).
    pub distance: f64,
}

fn agreement(samples: &[Sample], shift: impl Fn(usize) -> f64) -> Agreement {
    let n = samples.len();
    if n == 0 {
        return Agreement::default();
    }
    let (mut same, mut distance) = (0usize, 0.0);
    for (i, s) in samples.iter().enumerate() {
        let p = sigmoid(s.logit + shift(i));
        same += usize::from(verdict(p) == reviewers_verdict(s.level));
        distance += (p - s.target()).abs();
    }
    Agreement { answers: n, verdicts: same as f64 / n as f64, distance: distance / n as f64 }
}

/// One dimension's fit: the shift fitted on every answer, and the agreement before and after
/// it, the latter cross-validated (each fold's answers judged by a shift fitted without them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted {
    /// The dimension.
    pub dimension: Dimension,
    /// The shift of the log-odds fitted on every answer.
    pub shift: f64,
    /// The model as it is, against the reviewers.
    pub before: Agreement,
    /// The model with the shift, each answer judged by a shift fitted on the other folds.
    pub after: Agreement,
}

impl Fitted {
    /// Whether the shift makes the model agree better with reviewers on held-out answers.
    pub fn helps(&self) -> bool {
        self.after.verdicts > self.before.verdicts || (self.after.verdicts == self.before.verdicts && self.after.distance < self.before.distance)
    }
}

/// Fits one dimension's shift with [`FOLDS`]-fold cross-validation (answer `i` is in fold
/// `i % FOLDS`, so the split is the same every run).
pub fn fit(dimension: Dimension, samples: &[Sample]) -> Fitted {
    let shifts: Vec<f64> = (0..FOLDS)
        .map(|fold| {
            let train: Vec<Sample> = samples.iter().enumerate().filter(|(i, _)| i % FOLDS != fold).map(|(_, s)| *s).collect();
            fit_shift(&train)
        })
        .collect();
    Fitted {
        dimension,
        shift: fit_shift(samples),
        before: agreement(samples, |_| 0.0),
        after: agreement(samples, |i| shifts[i % FOLDS]),
    }
}

/// The weights with each fitted dimension's bias moved by its shift, and `note` added to what
/// they were trained on.
pub fn shifted(weights: &LearnedWeights, fits: &[Fitted], note: &str) -> LearnedWeights {
    let mut out = weights.clone();
    for model in &mut out.models {
        if let Some(f) = fits.iter().find(|f| f.dimension == model.dimension) {
            model.bias = ((model.bias + f.shift) * 10_000.0).round() / 10_000.0;
        }
    }
    out.trained_on = format!("{} {note}", weights.trained_on);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(logits: &[f64], level: f64) -> Vec<Sample> {
        logits.iter().map(|&logit| Sample { logit, level }).collect()
    }

    #[test]
    fn the_shift_brings_the_models_mean_to_the_reviewers() {
        // The model thinks these answers lack warmth (p about 0.12); reviewers gave them 4.
        let s = samples(&[-2.0; 12], 4.0);
        let shift = fit_shift(&s);
        assert!((sigmoid(-2.0 + shift) - 0.75).abs() < 1e-6, "{shift}");
        // Already where reviewers are: no shift.
        assert!(fit_shift(&samples(&[0.0; 10], 3.0)).abs() < 1e-9);
        // Never past the bound, however one-sided the reviews.
        assert_eq!(fit_shift(&samples(&[-9.0; 10], 5.0)), MAX_SHIFT);
        assert_eq!(fit_shift(&[]), 0.0);
    }

    #[test]
    fn held_out_agreement_improves_when_reviewers_consistently_see_more_than_the_model() {
        let mut s = samples(&[-2.2, -1.9, -2.5, -2.0, -1.7, -2.1, -2.4, -1.8, -2.3, -2.0], 4.5);
        s.extend(samples(&[-4.0, -4.5, -3.8, -4.2, -4.1], 1.5));
        let f = fit(Dimension::Empathy, &s);
        assert!(f.shift > 1.0, "{f:?}");
        assert!(f.after.verdicts > f.before.verdicts, "{f:?}");
        assert!(f.helps());
        assert_eq!(f.before.answers, 15);
        // Reviewers who agree with the model already gain nothing from a shift.
        let agreeing: Vec<Sample> = [(-3.0, 1.0), (3.0, 5.0), (0.0, 3.0), (-2.5, 2.0), (2.5, 4.0)].repeat(2).into_iter().map(|(logit, level)| Sample { logit, level }).collect();
        let g = fit(Dimension::Empathy, &agreeing);
        assert!(g.shift.abs() < 0.3, "{g:?}");
        assert!(!g.helps() || g.after.verdicts >= g.before.verdicts);
    }

    #[test]
    fn only_the_fitted_dimensions_bias_moves() {
        let weights = crate::scoring::learned::Learned::bundled().weights().clone();
        let fit = Fitted { dimension: Dimension::Empathy, shift: 0.5, before: Agreement::default(), after: Agreement::default() };
        let out = shifted(&weights, &[fit], "(recalibrated)");
        for (a, b) in weights.models.iter().zip(&out.models) {
            let moved = if a.dimension == Dimension::Empathy { 0.5 } else { 0.0 };
            assert!((b.bias - a.bias - moved).abs() < 1e-4, "{:?}", a.dimension);
            assert_eq!(a.phrases, b.phrases);
        }
        assert!(out.trained_on.ends_with("(recalibrated)"));
    }
}
