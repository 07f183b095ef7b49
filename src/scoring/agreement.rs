//! How well raters agree: Krippendorff's alpha (any number of raters, missing ratings allowed),
//! exact and within-one agreement between pairs of raters, and each rater's drift from the
//! rest of the group. The figures reviewers of spoken and typed answers are held to, and the
//! figures the automatic scorer is checked against them with.

use std::collections::BTreeMap;

/// How far apart two values are for Krippendorff's alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Values are names: equal or not.
    Nominal,
    /// Values are ordered levels (a 1-5 scale): the distance between two levels grows with how
    /// many ratings fall between them, not with their numeric gap.
    Ordinal,
    /// Values are numbers on an interval scale: the squared difference.
    Interval,
}

/// Krippendorff's alpha over `units`, each the values the raters gave it (a rater who did not
/// rate a unit is simply absent). 1 is perfect agreement, 0 is what chance gives; `None` when
/// fewer than two units have two ratings, or every pairable rating is the same value (no
/// disagreement is possible, so none can be measured).
///
/// Computed from the coincidence matrix as in Krippendorff (2011), "Computing Krippendorff's
/// Alpha-Reliability", sections A-E.
pub fn alpha(units: &[Vec<u8>], metric: Metric) -> Option<f64> {
    // Coincidences o[c][k]: each ordered pair of values within a unit, weighted 1/(m_u - 1).
    let mut o: BTreeMap<(u8, u8), f64> = BTreeMap::new();
    let mut pairable_units = 0;
    for values in units.iter().filter(|v| v.len() >= 2) {
        pairable_units += 1;
        let weight = 1.0 / (values.len() - 1) as f64;
        for (i, &a) in values.iter().enumerate() {
            for (j, &b) in values.iter().enumerate() {
                if i != j {
                    *o.entry((a, b)).or_default() += weight;
                }
            }
        }
    }
    if pairable_units < 2 {
        return None;
    }
    let mut n_c: BTreeMap<u8, f64> = BTreeMap::new();
    for (&(c, _), &count) in &o {
        *n_c.entry(c).or_default() += count;
    }
    let n: f64 = n_c.values().sum();
    let values: Vec<u8> = n_c.keys().copied().collect();
    let delta = |c: u8, k: u8| -> f64 {
        match metric {
            Metric::Nominal => f64::from(u8::from(c != k)),
            Metric::Interval => (f64::from(c) - f64::from(k)).powi(2),
            Metric::Ordinal => {
                let (lo, hi) = (c.min(k), c.max(k));
                let between: f64 = values.iter().filter(|&&g| g >= lo && g <= hi).map(|g| n_c[g]).sum();
                (between - (n_c[&c] + n_c[&k]) / 2.0).powi(2)
            }
        }
    };
    let observed: f64 = o.iter().map(|(&(c, k), &count)| count * delta(c, k)).sum();
    let mut expected = 0.0;
    for &c in &values {
        for &k in &values {
            expected += n_c[&c] * n_c[&k] * delta(c, k);
        }
    }
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// Agreement between pairs of raters rating the same unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pairwise {
    /// How many pairs of ratings of one unit there were.
    pub pairs: usize,
    /// The share of those pairs that gave the same level.
    pub exact: f64,
    /// The share that were at most one level apart.
    pub within_one: f64,
}

/// Exact and within-one agreement over every pair of ratings of the same unit; `None` when no
/// unit was rated twice.
pub fn pairwise(units: &[Vec<u8>]) -> Option<Pairwise> {
    let (mut pairs, mut exact, mut near) = (0usize, 0usize, 0usize);
    for values in units {
        for (i, &a) in values.iter().enumerate() {
            for &b in &values[i + 1..] {
                pairs += 1;
                exact += usize::from(a == b);
                near += usize::from(a.abs_diff(b) <= 1);
            }
        }
    }
    (pairs > 0).then(|| Pairwise { pairs, exact: exact as f64 / pairs as f64, within_one: near as f64 / pairs as f64 })
}

/// The median of some levels; the mean of the middle two when there is an even count, so a
/// 3 and a 4 give 3.5.
pub fn median(levels: &[u8]) -> Option<f64> {
    let mut sorted = levels.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

/// One rater against the rest of the group.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    /// The rater.
    pub rater: String,
    /// Units they rated that at least two others rated too.
    pub shared: usize,
    /// Their level minus the group's median, on average: above 0 they rate higher than the group.
    pub mean_difference: f64,
    /// The share of those units where they were within one level of the group's median.
    pub within_one: f64,
    /// Whether they have drifted: [`DRIFT_LEVELS`] or more on average, or within one level less
    /// often than [`DRIFT_WITHIN_ONE`], over at least [`DRIFT_MIN_SHARED`] shared units.
    pub drifting: bool,
}

/// A mean difference from the group of a whole level or more marks a rater as drifting.
pub const DRIFT_LEVELS: f64 = 1.0;
/// Being within one level of the group on less than this share of units marks a drift.
pub const DRIFT_WITHIN_ONE: f64 = 0.6;
/// Fewer shared units than this say nothing about a rater either way.
pub const DRIFT_MIN_SHARED: usize = 3;

/// Each rater against the group's consensus (the median of every rating of the unit, theirs
/// included) on units rated by at least three people, in name order. With two raters nobody
/// can be singled out, so such units are left out. `units` holds, per unit, who gave which level.
pub fn drift(units: &[Vec<(String, u8)>]) -> Vec<Drift> {
    let mut differences: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for ratings in units.iter().filter(|r| r.len() >= 3) {
        let levels: Vec<u8> = ratings.iter().map(|(_, l)| *l).collect();
        let Some(group) = median(&levels) else { continue };
        for (rater, level) in ratings {
            differences.entry(rater).or_default().push(f64::from(*level) - group);
        }
    }
    differences
        .into_iter()
        .map(|(rater, diffs)| {
            let shared = diffs.len();
            let mean_difference = diffs.iter().sum::<f64>() / shared as f64;
            let within_one = diffs.iter().filter(|d| d.abs() <= 1.0).count() as f64 / shared as f64;
            let drifting = shared >= DRIFT_MIN_SHARED && (mean_difference.abs() >= DRIFT_LEVELS || within_one < DRIFT_WITHIN_ONE);
            Drift { rater: rater.to_string(), shared, mean_difference, within_one, drifting }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the reliability data of
    /// sections C-E: four observers, twelve units, some values missing (0 here). Published:
    /// nominal 0.743, ordinal 0.815, interval 0.849.
    fn krippendorff_2011() -> Vec<Vec<u8>> {
        let observers: [[u8; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        (0..12).map(|u| observers.iter().map(|o| o[u]).filter(|&v| v != 0).collect()).collect()
    }

    #[test]
    fn alpha_matches_krippendorffs_worked_example_on_every_metric() {
        let units = krippendorff_2011();
        let round3 = |a: Option<f64>| (a.unwrap() * 1000.0).round() / 1000.0;
        assert_eq!(round3(alpha(&units, Metric::Nominal)), 0.743);
        assert_eq!(round3(alpha(&units, Metric::Ordinal)), 0.815);
        assert_eq!(round3(alpha(&units, Metric::Interval)), 0.849);
    }

    /// Wikipedia, "Krippendorff's alpha", the computational example: three coders, fifteen
    /// units; published nominal 0.691 and interval 0.811.
    #[test]
    fn alpha_matches_the_encyclopedia_example() {
        let coders: [[u8; 15]; 3] = [
            [0, 0, 0, 0, 0, 3, 4, 1, 2, 1, 1, 3, 3, 0, 3],
            [1, 0, 2, 1, 3, 3, 4, 3, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 2, 1, 3, 4, 4, 0, 2, 1, 1, 3, 3, 0, 4],
        ];
        let units: Vec<Vec<u8>> = (0..15).map(|u| coders.iter().map(|c| c[u]).filter(|&v| v != 0).collect()).collect();
        assert_eq!((alpha(&units, Metric::Nominal).unwrap() * 1000.0).round() / 1000.0, 0.691);
        assert_eq!((alpha(&units, Metric::Interval).unwrap() * 1000.0).round() / 1000.0, 0.811);
    }

    #[test]
    fn alpha_is_one_for_perfect_agreement_and_unmeasurable_without_variation() {
        let perfect = vec![vec![1, 1], vec![3, 3, 3], vec![5, 5]];
        assert_eq!(alpha(&perfect, Metric::Ordinal), Some(1.0));
        assert_eq!(alpha(&[vec![4, 4], vec![4, 4]], Metric::Ordinal), None);
        assert_eq!(alpha(&[vec![1, 5]], Metric::Ordinal), None, "one unit is not enough");
        // Systematic disagreement is worse than chance.
        assert!(alpha(&[vec![1, 5], vec![5, 1], vec![1, 5]], Metric::Ordinal).unwrap() < 0.0);
    }

    /// Wikipedia, "Cohen's kappa", the worked example: two readers of 50 grant proposals agree
    /// on 20 yes and 15 no, so the observed (exact) agreement is 0.7.
    #[test]
    fn exact_agreement_matches_the_cohens_kappa_example() {
        let mut units = Vec::new();
        units.extend(std::iter::repeat_n(vec![2, 2], 20));
        units.extend(std::iter::repeat_n(vec![1, 1], 15));
        units.extend(std::iter::repeat_n(vec![2, 1], 5));
        units.extend(std::iter::repeat_n(vec![1, 2], 10));
        let p = pairwise(&units).unwrap();
        assert_eq!(p.pairs, 50);
        assert!((p.exact - 0.7).abs() < 1e-12);
        assert_eq!(p.within_one, 1.0, "yes and no are one level apart");
    }

    #[test]
    fn within_one_counts_neighbouring_levels_and_every_pair_of_a_unit() {
        // Unit 1: pairs (3,4) (3,5) (4,5), none exact, two within one; unit 2: (2,2), exact.
        let p = pairwise(&[vec![3, 4, 5], vec![2, 2], vec![1]]).unwrap();
        assert_eq!(p.pairs, 4);
        assert_eq!(p.exact, 0.25);
        assert_eq!(p.within_one, 0.75);
        assert_eq!(pairwise(&[vec![4], vec![]]), None);
    }

    #[test]
    fn medians_split_even_counts() {
        assert_eq!(median(&[4, 1, 5]), Some(4.0));
        assert_eq!(median(&[3, 4]), Some(3.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn a_rater_who_rates_two_levels_high_is_flagged_and_the_others_are_not() {
        let units: Vec<Vec<(String, u8)>> = [[2, 2, 4], [3, 3, 5], [1, 2, 4], [4, 4, 5], [2, 3, 5]]
            .iter()
            .map(|levels| ["Ana", "Ben", "Cy"].iter().zip(levels).map(|(r, l)| (r.to_string(), *l)).collect())
            .collect();
        let d = drift(&units);
        let of = |name: &str| d.iter().find(|x| x.rater == name).unwrap();
        assert!(of("Cy").drifting, "{:?}", of("Cy"));
        assert!(of("Cy").mean_difference >= 1.5);
        assert!(!of("Ana").drifting && !of("Ben").drifting, "{d:?}");
        assert_eq!(of("Ana").shared, 5);
        // Two shared units say nothing yet.
        assert!(drift(&units[..2]).iter().all(|x| !x.drifting));
    }
}
