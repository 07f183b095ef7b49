//! How far reviewers' ratings can be trusted, and how far the automatic scorer agrees with them:
//! per dimension Krippendorff's alpha (ordinal) and exact / within-one agreement between
//! reviewers, the scorer against the reviewers' median, each reviewer's drift from the group,
//! and each reviewer's agreement with the lead on the calibration set. `cooldown agreement`
//! prints it; the cohort report has a section of it.

use std::collections::BTreeMap;

use crate::scoring::agreement::{self, alpha, drift, median, pairwise, Drift, Metric, Pairwise};
use crate::scoring::metrics::spearman;
use crate::store::Rating;
use crate::vocab::Dimension;

use super::Session;

/// Agreement on one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct OnDimension {
    /// The dimension.
    pub dimension: Dimension,
    /// Turns rated on it.
    pub turns: usize,
    /// Of those, rated by two reviewers or more.
    pub shared: usize,
    /// Krippendorff's alpha (ordinal) between reviewers, where measurable.
    pub alpha: Option<f64>,
    /// Exact and within-one agreement between pairs of reviewers.
    pub pairwise: Option<Pairwise>,
    /// The automatic scorer against the reviewers' median.
    pub scorer: Option<ScorerAgreement>,
}

/// The automatic scorer set beside reviewers on one dimension.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScorerAgreement {
    /// Turns compared.
    pub turns: usize,
    /// Spearman's rank correlation between the scorer's points (as a level on each question's
    /// scale) and the reviewers' median level; `None` when either side never varies.
    pub spearman: Option<f64>,
    /// The share of turns where the scorer's level is within one of the reviewers' median.
    pub within_one: f64,
}

/// A reviewer against the lead reviewer on the calibration set.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibrated {
    /// The reviewer.
    pub reviewer: String,
    /// Calibration answers they have rated (dimension by dimension).
    pub rated: usize,
    /// Exact and within-one agreement with the lead's levels.
    pub agreement: Option<Pairwise>,
}

/// Every figure, for the sessions selected.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// Ratings counted.
    pub ratings: usize,
    /// Turns rated.
    pub turns: usize,
    /// Reviewers who rated, by name.
    pub reviewers: Vec<String>,
    /// Per dimension, in [`Dimension::ALL`] order.
    pub dimensions: Vec<OnDimension>,
    /// Each reviewer against the group, over every dimension.
    pub drift: Vec<Drift>,
    /// Each non-lead reviewer against the lead on the calibration set.
    pub calibration: Vec<Calibrated>,
}

/// The figures over the ratings of `sessions`.
pub fn of(sessions: &[Session]) -> Agreement {
    let mut by_turn: BTreeMap<(i64, usize), Vec<&Rating>> = BTreeMap::new();
    for r in sessions.iter().flat_map(|s| &s.ratings) {
        by_turn.entry((r.session, r.turn)).or_default().push(r);
    }
    let automatic: BTreeMap<(i64, usize), crate::vocab::Points> =
        sessions.iter().flat_map(|s| s.turns.iter().map(move |t| ((s.meta.id, t.number), t.points))).collect();

    let dimensions = Dimension::ALL
        .iter()
        .map(|&d| {
            let units: Vec<Vec<u8>> = by_turn.values().map(|rs| rs.iter().filter_map(|r| r.level(d)).collect::<Vec<u8>>()).filter(|v| !v.is_empty()).collect();
            let (mut scorer_levels, mut group_levels) = (Vec::new(), Vec::new());
            for (key, rs) in &by_turn {
                let levels: Vec<u8> = rs.iter().filter_map(|r| r.level(d)).collect();
                if let (Some(group), Some(points)) = (median(&levels), automatic.get(key)) {
                    scorer_levels.push(rs[0].scale.level(d, points.get(d)));
                    group_levels.push(group);
                }
            }
            let scorer = (!group_levels.is_empty()).then(|| {
                let varies = |v: &[f64]| v.iter().any(|x| *x != v[0]);
                let within = scorer_levels.iter().zip(&group_levels).filter(|(s, g)| (s.round() - **g).abs() <= 1.0).count();
                ScorerAgreement {
                    turns: group_levels.len(),
                    spearman: (group_levels.len() >= 3 && varies(&scorer_levels) && varies(&group_levels)).then(|| spearman(&scorer_levels, &group_levels)),
                    within_one: within as f64 / group_levels.len() as f64,
                }
            });
            OnDimension {
                dimension: d,
                turns: units.len(),
                shared: units.iter().filter(|u| u.len() >= 2).count(),
                alpha: alpha(&units, Metric::Ordinal),
                pairwise: pairwise(&units),
                scorer,
            }
        })
        .collect();

    // Drift over every (turn, dimension) as a unit.
    let units: Vec<Vec<(String, u8)>> = by_turn
        .values()
        .flat_map(|rs| Dimension::ALL.map(|d| rs.iter().filter_map(|r| r.level(d).map(|l| (r.reviewer.clone(), l))).collect::<Vec<_>>()))
        .filter(|u| !u.is_empty())
        .collect();

    let mut reviewers: Vec<String> = by_turn.values().flatten().map(|r| r.reviewer.clone()).collect();
    reviewers.sort();
    reviewers.dedup();
    let calibration = reviewers
        .iter()
        .filter(|name| !by_turn.values().flatten().any(|r| r.lead && &r.reviewer == *name))
        .map(|name| {
            let mut pairs = Vec::new();
            for rs in by_turn.values() {
                let (Some(lead), Some(mine)) = (rs.iter().find(|r| r.lead), rs.iter().find(|r| &r.reviewer == name)) else { continue };
                pairs.extend(Dimension::ALL.iter().filter_map(|&d| Some(vec![lead.level(d)?, mine.level(d)?])));
            }
            Calibrated { reviewer: name.clone(), rated: pairs.len(), agreement: pairwise(&pairs) }
        })
        .filter(|c| c.rated > 0)
        .collect();

    Agreement {
        ratings: by_turn.values().map(Vec::len).sum(),
        turns: by_turn.len(),
        reviewers,
        dimensions,
        drift: drift(&units),
        calibration,
    }
}

/// A share as a whole percentage: "83%".
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A coefficient (alpha, rho) to two places, or `none` where it cannot be measured.
pub fn coefficient(x: Option<f64>, none: &str) -> String {
    x.map_or_else(|| none.to_string(), |x| format!("{x:.2}"))
}

/// Exact and within-one agreement as percentages, or `none` twice where no answer was rated twice.
pub fn shares(pairwise: Option<Pairwise>, none: &str) -> (String, String) {
    pairwise.map_or_else(|| (none.to_string(), none.to_string()), |p| (percent(p.exact), percent(p.within_one)))
}

/// The scorer's rho and within-one share beside reviewers, or `none` twice.
pub fn scorer_figures(scorer: Option<ScorerAgreement>, none: &str) -> (String, String) {
    scorer.map_or_else(|| (none.to_string(), none.to_string()), |s| (coefficient(s.spearman, none), percent(s.within_one)))
}

/// The thresholds a reader needs beside the figures, worded once for the terminal and the page.
pub fn reading_guide() -> String {
    format!(
        "alpha: 1 is perfect agreement, 0 is chance; 0.80 and above can be relied on, 0.667-0.80 only for tentative conclusions (Krippendorff). \
         A reviewer drifts when they rate {} level or more from the group's median on average, or are within one level of it on less than {:.0}% of answers (at least {} shared answers).",
        agreement::DRIFT_LEVELS,
        agreement::DRIFT_WITHIN_ONE * 100.0,
        agreement::DRIFT_MIN_SHARED
    )
}
