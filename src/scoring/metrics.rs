//! Agreement between scores and human ratings, as the model card reports it: Pearson and
//! Spearman correlation, top-vs-bottom quartile accuracy, ROC AUC and F1.

/// Pearson correlation; 0 when either side is constant.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    if vx == 0.0 || vy == 0.0 {
        return 0.0;
    }
    cov / (vx * vy).sqrt()
}

/// Ranks from 1, ties averaged.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation: Pearson's on the ranks (ties share their mean rank).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

/// Of the items rated in the top or bottom quarter, the share the scores put on the right
/// side of their own median (ties at the median count half).
pub fn quartile_accuracy(scores: &[f64], ratings: &[f64]) -> f64 {
    let mut sorted = ratings.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (q1, q3) = (sorted[sorted.len() / 4], sorted[sorted.len() * 3 / 4]);
    let picked: Vec<(f64, bool)> =
        scores.iter().zip(ratings).filter(|(_, r)| **r <= q1 || **r >= q3).map(|(s, r)| (*s, *r >= q3)).collect();
    let mut s: Vec<f64> = picked.iter().map(|p| p.0).collect();
    s.sort_by(f64::total_cmp);
    let threshold = s[s.len() / 2];
    let correct: f64 = picked
        .iter()
        .map(|&(score, top)| if score == threshold { 0.5 } else if (score > threshold) == top { 1.0 } else { 0.0 })
        .sum();
    correct / picked.len() as f64
}

/// Area under the ROC curve: the chance a random positive scores above a random negative
/// (ties count half). 0.5 when a class is empty.
pub fn auc(scores: &[f64], labels: &[bool]) -> f64 {
    let r = ranks(scores);
    let positives = labels.iter().filter(|l| **l).count() as f64;
    let negatives = labels.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return 0.5;
    }
    let rank_sum: f64 = r.iter().zip(labels).filter(|(_, l)| **l).map(|(r, _)| r).sum();
    (rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}

/// F1 of the predictions `predicted` against `labels`.
pub fn f1(predicted: &[bool], labels: &[bool]) -> f64 {
    let tp = predicted.iter().zip(labels).filter(|(p, l)| **p && **l).count() as f64;
    let fp = predicted.iter().zip(labels).filter(|(p, l)| **p && !**l).count() as f64;
    let fneg = predicted.iter().zip(labels).filter(|(p, l)| !**p && **l).count() as f64;
    if tp == 0.0 {
        return 0.0;
    }
    2.0 * tp / (2.0 * tp + fp + fneg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ordered_pairs_and_ties_half() {
        assert_eq!(auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]), 0.75);
        assert_eq!(auc(&[1.0, 1.0], &[true, false]), 0.5);
    }

    #[test]
    fn f1_and_correlations() {
        assert!((f1(&[true, true, false, false], &[true, false, true, false]) - 0.5).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 90.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&[1.0, 1.0], &[1.0, 2.0]), 0.0);
    }
}
