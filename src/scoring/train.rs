//! Fitting the learned layer (`make train`): L2-regularised logistic regression by AdaGrad
//! stochastic gradient descent, with a fixed seed, over the rubric's points and the answer's
//! phrases (see [`super::learned`]). Deterministic: the same data and options give the same
//! weights, bit for bit.

use std::collections::{BTreeMap, HashMap};

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::learned::{each_feature, feature_count, feature_value, sigmoid, DimensionWeights};
use super::text::Text;
use crate::scenario::Dimension;

/// How a model is fitted.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// L2 penalty per update of a phrase weight.
    pub l2: f64,
    /// Passes over the training data.
    pub epochs: usize,
    /// Step size of each update.
    pub learning_rate: f64,
    /// A phrase must occur in this many training texts to get a weight.
    pub min_count: usize,
    /// Only the strongest phrases are kept (and shipped).
    pub keep: usize,
    /// Phrase weights may only raise the score (projected to zero or above after each step):
    /// the model learns what signals the quality, and its absence is the baseline.
    pub nonnegative: bool,
    /// The least log-odds one rubric point is worth: the rubric encodes practice the data may
    /// not show (see calibration.rs for where it is raised).
    pub min_rule_weight: f64,
    /// Seed of the shuffling between passes (fits are reproducible).
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options { l2: 3e-3, epochs: 15, learning_rate: 0.1, min_count: 3, keep: 4000, nonnegative: false, min_rule_weight: 0.05, seed: 20261129 }
    }
}

/// One rated text, read for fitting.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Phrase ids with their values.
    pub features: Vec<(u32, f32)>,
    /// The rubric's points on the modelled dimension.
    pub rule: f64,
    /// Whether people rated it as showing the dimension.
    pub label: bool,
    /// Class weight, so both classes count equally.
    pub weight: f64,
}

/// Phrase names and their ids.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Phrase names by id.
    pub names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Vocabulary {
    /// Every phrase found in at least `min_count` of the texts.
    pub fn build<'a>(texts: impl IntoIterator<Item = &'a Text>, min_count: usize) -> Vocabulary {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for text in texts {
            let mut seen = std::collections::BTreeSet::new();
            each_feature(text, |f| {
                seen.insert(f.name());
            });
            for name in seen {
                *counts.entry(name).or_insert(0) += 1;
            }
        }
        let names: Vec<String> = counts.into_iter().filter(|(_, c)| *c >= min_count).map(|(n, _)| n).collect();
        let index = names.iter().enumerate().map(|(i, n)| (n.clone(), i as u32)).collect();
        Vocabulary { names, index }
    }

    /// A text's features in this vocabulary (phrases outside it still count towards the scaling,
    /// as they do when the shipped weights score an answer).
    pub fn prepare(&self, text: &Text, rule: f64, label: bool) -> Prepared {
        let value = feature_value(feature_count(text)) as f32;
        let mut features: Vec<(u32, f32)> = Vec::new();
        each_feature(text, |f| {
            if let Some(&id) = self.index.get(&f.name()) {
                features.push((id, value));
            }
        });
        features.sort_by_key(|f| f.0);
        features.dedup_by(|a, b| {
            if a.0 == b.0 {
                b.1 += a.1;
                true
            } else {
                false
            }
        });
        Prepared { features, rule, label, weight: 1.0 }
    }
}

/// Gives each class the same total weight (keeping each example's weight relative to the
/// others of its class).
pub fn balance(data: &mut [Prepared]) {
    let positives: f64 = data.iter().filter(|p| p.label).map(|p| p.weight).sum();
    let negatives: f64 = data.iter().filter(|p| !p.label).map(|p| p.weight).sum();
    if positives == 0.0 || negatives == 0.0 {
        return;
    }
    let half = data.len() as f64 / 2.0;
    for p in data.iter_mut() {
        p.weight *= half / if p.label { positives } else { negatives };
    }
}

/// A fitted model.
#[derive(Debug, Clone)]
pub struct Fit {
    /// Log-odds of a text with no features.
    pub bias: f64,
    /// Log-odds per rubric point.
    pub per_rule_point: f64,
    /// By phrase id.
    pub weights: Vec<f64>,
}

impl Fit {
    /// The model's log-odds for `p`.
    pub fn logit(&self, p: &Prepared) -> f64 {
        self.bias + self.per_rule_point * p.rule + p.features.iter().map(|&(id, x)| self.weights[id as usize] * f64::from(x)).sum::<f64>()
    }

    /// Keeps only the `keep` strongest phrase weights (ties broken by id), zeroing the rest.
    pub fn pruned(mut self, keep: usize) -> Fit {
        let mut order: Vec<usize> = (0..self.weights.len()).filter(|&i| self.weights[i] != 0.0).collect();
        order.sort_by(|&a, &b| self.weights[b].abs().total_cmp(&self.weights[a].abs()).then(a.cmp(&b)));
        for &i in order.iter().skip(keep) {
            self.weights[i] = 0.0;
        }
        self
    }

    /// The model as shipped: named phrases, rounded to 4 decimals (enough, and a readable file).
    pub fn to_weights(&self, vocab: &Vocabulary, dimension: Dimension, construct: &str) -> DimensionWeights {
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        let phrases = self
            .weights
            .iter()
            .enumerate()
            .filter(|(_, w)| round(**w) != 0.0)
            .map(|(i, w)| (vocab.names[i].clone(), round(*w)))
            .collect();
        DimensionWeights {
            dimension,
            construct: construct.to_string(),
            bias: round(self.bias),
            per_rule_point: round(self.per_rule_point),
            phrases,
        }
    }
}

/// Fits a logistic model to `data` over `n_features` phrase ids.
pub fn fit(data: &[Prepared], n_features: usize, options: &Options) -> Fit {
    let mut fit = Fit { bias: 0.0, per_rule_point: options.min_rule_weight.max(0.5), weights: vec![0.0; n_features] };
    // AdaGrad's running sums of squared gradients, started at 1 so the first steps are moderate.
    let (mut g_bias, mut g_rule) = (1.0f64, 1.0f64);
    let mut g = vec![1.0f64; n_features];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(options.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let lr = options.learning_rate;
    for _ in 0..options.epochs {
        for i in (1..order.len()).rev() {
            let j = rng.random_range(0..=i);
            order.swap(i, j);
        }
        for &i in &order {
            let p = &data[i];
            let y = if p.label { 1.0 } else { 0.0 };
            let err = p.weight * (sigmoid(fit.logit(p)) - y);
            g_bias += err * err;
            fit.bias -= lr * err / g_bias.sqrt();
            let gr = err * p.rule;
            g_rule += gr * gr;
            fit.per_rule_point = (fit.per_rule_point - lr * gr / g_rule.sqrt()).max(options.min_rule_weight);
            for &(id, x) in &p.features {
                let id = id as usize;
                let grad = err * f64::from(x) + options.l2 * fit.weights[id];
                g[id] += grad * grad;
                fit.weights[id] -= lr * grad / g[id].sqrt();
                if options.nonnegative {
                    fit.weights[id] = fit.weights[id].max(0.0);
                }
            }
        }
    }
    fit
}

/// Which of `k` folds each of `n` items is in, shuffled by `seed`.
pub fn folds(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let mut fold = vec![0; n];
    for (rank, &i) in order.iter().enumerate() {
        fold[i] = rank % k;
    }
    fold
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::text::split;

    fn data(texts: &[(&str, bool)]) -> (Vocabulary, Vec<Prepared>) {
        let split: Vec<Text> = texts.iter().map(|(t, _)| split(t)).collect();
        let vocab = Vocabulary::build(&split, 1);
        let mut prepared: Vec<Prepared> = split.iter().zip(texts).map(|(t, (_, l))| vocab.prepare(t, 0.0, *l)).collect();
        balance(&mut prepared);
        (vocab, prepared)
    }

    #[test]
    fn a_fit_separates_what_it_was_shown_and_is_reproducible() {
        let texts = [
            ("I hope you feel better", true),
            ("hope it gets better soon", true),
            ("you are not alone", true),
            ("the meeting is at noon", false),
            ("the parcel is late", false),
            ("send the invoice", false),
        ];
        let (vocab, prepared) = data(&texts);
        let options = Options::default();
        let a = fit(&prepared, vocab.names.len(), &options);
        let b = fit(&prepared, vocab.names.len(), &options);
        assert_eq!(a.weights, b.weights, "same data, same seed, same weights");
        for p in &prepared {
            assert_eq!(a.logit(p) > 0.0, p.label);
        }
        let hope = vocab.names.iter().position(|n| n == "hope").unwrap();
        assert!(a.weights[hope] > 0.0);
    }

    #[test]
    fn pruning_keeps_the_strongest_weights() {
        let fit = Fit { bias: 0.0, per_rule_point: 1.0, weights: vec![0.1, -0.9, 0.5, 0.0] }.pruned(2);
        assert_eq!(fit.weights, [0.0, -0.9, 0.5, 0.0]);
    }

    #[test]
    fn folds_are_balanced_and_seeded() {
        let f = folds(10, 5, 1);
        for k in 0..5 {
            assert_eq!(f.iter().filter(|&&x| x == k).count(), 2);
        }
        assert_eq!(f, folds(10, 5, 1));
    }
}
