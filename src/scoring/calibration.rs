//! The scorer against human ratings: which data set trains which dimension, the k-fold figures
//! of fitting, the figures of the shipped scorer, and the fit of the weights that ship. Used by
//! `make train` / `make calibrate` (examples/calibrate.rs) and by the test that holds the
//! model card's figures (tests/model_card.rs). The data sets are described in `docs/scoring.md`.

use std::path::Path;

use super::learned::{DimensionWeights, LearnedWeights, LEARNED_FORMAT};
use super::metrics::{auc, f1, pearson, quartile_accuracy, spearman};
use super::ratings::{read_goemotions, read_rated, Labelled, Rated, RatingsError};
use super::rubric::Rubric;
use super::text::{split, Text};
use super::train::{balance, fit, folds, Options, Prepared, Vocabulary};
use super::{Context, Scorer};
use crate::scenario::Dimension;

/// Folds for cross-validation.
pub const FOLDS: usize = 5;

/// GoEmotions labels that mean expressed warmth: concern, reassurance, wishing well.
pub const WARMTH: [&str; 1] = ["caring"];
/// GoEmotions labels that mean asking or wondering about something.
pub const ASKING: [&str; 2] = ["curiosity", "confusion"];
/// GoEmotions labels of hostility.
pub const HOSTILE: [&str; 4] = ["anger", "annoyance", "disapproval", "disgust"];

/// One measured figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The data set (and split).
    pub data: String,
    /// The dimension the figure is about.
    pub dimension: Dimension,
    /// `spearman`, `pearson`, `quartile accuracy`, `auc`, `f1`.
    pub measure: &'static str,
    /// The figure itself.
    pub value: f64,
}

/// Every data set the scorer is checked on, read and split into words once.
pub struct Data {
    /// Wikipedia talk-page requests rated for politeness.
    pub wikipedia: Vec<Rated>,
    /// Stack Exchange requests rated for politeness.
    pub stack_exchange: Vec<Rated>,
    /// Replies rated for receptiveness to the other side.
    pub receptiveness: Vec<Rated>,
    /// GoEmotions comments with raters' emotion labels: the split fitted on.
    pub goemotions_train: Vec<Labelled>,
    /// The held-out GoEmotions split, never fitted on.
    pub goemotions_test: Vec<Labelled>,
}

impl Data {
    /// Reads the data folder (the layout of `../shared/data/scoring-dev`).
    pub fn read(dir: &Path) -> Result<Data, RatingsError> {
        Ok(Data {
            wikipedia: read_rated(&dir.join("wikipedia.annotated.csv"), "Request", "Normalized Score")?,
            stack_exchange: read_rated(&dir.join("stack-exchange.annotated.csv"), "Request", "Normalized Score")?,
            receptiveness: read_rated(&dir.join("receptiveness.csv"), "text", "receptive")?,
            goemotions_train: read_goemotions(&dir.join("goemotions/train.tsv"))?,
            goemotions_test: read_goemotions(&dir.join("goemotions/test.tsv"))?,
        })
    }
}

fn has_any(item: &Labelled, labels: &[&str]) -> bool {
    item.labels.iter().any(|l| labels.contains(&l.as_str()))
}

/// One training set for one dimension: texts, labels, and how to report it.
struct Set<'a> {
    name: &'static str,
    texts: Vec<&'a str>,
    labels: Vec<bool>,
    /// Continuous ratings, where there are any.
    ratings: Option<Vec<f64>>,
    /// How much each text counts: a rating far from the median is a surer label.
    weights: Vec<f64>,
}

impl<'a> Set<'a> {
    /// Ratings above the set's median are the positive class.
    fn rated(name: &'static str, items: &'a [Rated]) -> Set<'a> {
        let ratings: Vec<f64> = items.iter().map(|i| i.rating).collect();
        let mut sorted = ratings.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        let spread = (ratings.iter().map(|r| (r - median).powi(2)).sum::<f64>() / ratings.len() as f64).sqrt().max(f64::MIN_POSITIVE);
        let weights = ratings.iter().map(|r| ((r - median).abs() / spread).min(3.0)).collect();
        let labels = ratings.iter().map(|r| *r > median).collect();
        Set { name, texts: items.iter().map(|i| i.text.as_str()).collect(), labels, ratings: Some(ratings), weights }
    }

    fn labelled(name: &'static str, items: &'a [Labelled], wanted: &[&str]) -> Set<'a> {
        Set {
            name,
            texts: items.iter().map(|i| i.text.as_str()).collect(),
            labels: items.iter().map(|i| has_any(i, wanted)).collect(),
            ratings: None,
            weights: vec![1.0; items.len()],
        }
    }
}

/// What a dimension's model learns from.
struct Spec<'a> {
    dimension: Dimension,
    construct: &'static str,
    /// Phrases may only raise the score (see [`Options::nonnegative`]).
    nonnegative: bool,
    /// The least a rubric point is worth in log-odds (see [`Options::min_rule_weight`]).
    min_rule_weight: f64,
    sets: Vec<Set<'a>>,
}

fn specs(data: &Data) -> Vec<Spec<'_>> {
    vec![
        Spec {
            dimension: Dimension::Empathy,
            construct: "expressed warmth: concern, reassurance, wishing well (GoEmotions `caring`)",
            // GoEmotions comments that name fear or frustration are mostly the writer's own
            // feelings, so unconstrained weights learn "frustrating" and "I understand" as
            // signs of *not* caring: the opposite of what they mean in a reply. Only warmth
            // is learned here; what costs empathy is the rubric's (blame, minimising, ...).
            nonnegative: true,
            // In a reply to a customer the rubric's feeling words ("that sounds frustrating")
            // address the customer; on Reddit they are mostly the writer's own, so the data
            // alone would rate them low. A rubric point is held at one log-odds at least.
            min_rule_weight: 1.0,
            sets: vec![Set::labelled("goemotions caring", &data.goemotions_train, &WARMTH)],
        },
        Spec {
            dimension: Dimension::Patience,
            construct: "courtesy and openness: politeness of requests, receptiveness in disagreement (above each set's median rating)",
            nonnegative: false,
            min_rule_weight: 0.05,
            sets: vec![
                Set::rated("wikipedia", &data.wikipedia),
                Set::rated("stack-exchange", &data.stack_exchange),
                Set::rated("receptiveness", &data.receptiveness),
            ],
        },
    ]
}

/// Figures for scores against a set: AUC (and F1 of `decided`) against its labels, and the
/// correlations and quartile accuracy against its ratings where it has them.
fn measure(name: &str, dimension: Dimension, scores: &[f64], decided: &[bool], labels: &[bool], ratings: Option<&[f64]>) -> Vec<Figure> {
    let figure = |measure: &'static str, value: f64| Figure { data: name.to_string(), dimension, measure, value };
    match ratings {
        Some(r) => vec![figure("spearman", spearman(scores, r)), figure("pearson", pearson(scores, r)), figure("quartile accuracy", quartile_accuracy(scores, r))],
        None => vec![figure("auc", auc(scores, labels)), figure("f1", f1(decided, labels))],
    }
}

/// The rubric alone (no learned layer): the points the learned layer builds on.
fn rule_scorer() -> Scorer {
    Scorer::new(Rubric::bundled())
}

/// K-fold figures: for each set, every text is scored by a model fitted without its fold (the
/// dimension's other sets are always in training).
pub fn cross_validated(data: &Data, options: &Options) -> Vec<Figure> {
    let rules = rule_scorer();
    let mut figures = Vec::new();
    for spec in specs(data) {
        let options = &Options { nonnegative: spec.nonnegative, min_rule_weight: spec.min_rule_weight, ..*options };
        let texts: Vec<Vec<Text>> = spec.sets.iter().map(|s| s.texts.iter().map(|t| split(t)).collect()).collect();
        let rule: Vec<Vec<f64>> = spec
            .sets
            .iter()
            .map(|s| s.texts.iter().map(|t| f64::from(rules.score(t, &Context::default()).points.get(spec.dimension))).collect())
            .collect();
        for (k, set) in spec.sets.iter().enumerate() {
            let fold = folds(set.texts.len(), FOLDS, options.seed);
            let mut out_of_fold = vec![0.0; set.texts.len()];
            for f in 0..FOLDS {
                let mut train_texts: Vec<&Text> = Vec::new();
                let mut train_rows: Vec<(usize, usize)> = Vec::new();
                for (s, set_texts) in texts.iter().enumerate() {
                    for i in 0..set_texts.len() {
                        if s != k || fold[i] != f {
                            train_texts.push(&set_texts[i]);
                            train_rows.push((s, i));
                        }
                    }
                }
                let vocab = Vocabulary::build(train_texts.iter().copied(), options.min_count);
                let mut prepared: Vec<Prepared> = train_rows
                    .iter()
                    .map(|&(s, i)| Prepared { weight: spec.sets[s].weights[i], ..vocab.prepare(&texts[s][i], rule[s][i], spec.sets[s].labels[i]) })
                    .collect();
                balance(&mut prepared);
                let model = fit(&prepared, vocab.names.len(), options).pruned(options.keep);
                for i in (0..set.texts.len()).filter(|&i| fold[i] == f) {
                    out_of_fold[i] = model.logit(&vocab.prepare(&texts[k][i], rule[k][i], set.labels[i]));
                }
            }
            let decided: Vec<bool> = out_of_fold.iter().map(|l| *l > 0.0).collect();
            figures.extend(measure(set.name, spec.dimension, &out_of_fold, &decided, &set.labels, set.ratings.as_deref()));
        }
    }
    figures
}

/// Fits every dimension's model on all its data: the weights that ship.
pub fn train(data: &Data, options: &Options) -> LearnedWeights {
    let rules = rule_scorer();
    let mut models: Vec<DimensionWeights> = Vec::new();
    for spec in specs(data) {
        let options = &Options { nonnegative: spec.nonnegative, min_rule_weight: spec.min_rule_weight, ..*options };
        let texts: Vec<(Text, f64, bool, f64)> = spec
            .sets
            .iter()
            .flat_map(|s| s.texts.iter().zip(&s.labels).zip(&s.weights))
            .map(|((t, l), w)| (split(t), f64::from(rules.score(t, &Context::default()).points.get(spec.dimension)), *l, *w))
            .collect();
        let vocab = Vocabulary::build(texts.iter().map(|t| &t.0), options.min_count);
        let mut prepared: Vec<Prepared> = texts.iter().map(|(t, r, l, w)| Prepared { weight: *w, ..vocab.prepare(t, *r, *l) }).collect();
        balance(&mut prepared);
        let model = fit(&prepared, vocab.names.len(), options).pruned(options.keep);
        models.push(model.to_weights(&vocab, spec.dimension, spec.construct));
    }
    let sets: Vec<&str> = specs(data).iter().flat_map(|s| s.sets.iter().map(|x| x.name)).collect();
    LearnedWeights {
        format: LEARNED_FORMAT,
        trained_on: format!(
            "{} (seed {}, L2 {}, {} epochs, phrases seen {}+ times, strongest {} kept)",
            sets.join(", "),
            options.seed,
            options.l2,
            options.epochs,
            options.min_count,
            options.keep
        ),
        models,
    }
}

/// The shipped scorer's figures: its 0-100 score per dimension against every set (the training
/// sets in-sample; GoEmotions test held out), and on GoEmotions test the rubric's decision
/// (points above zero) for warmth, asking and hostility.
pub fn shipped(data: &Data, scorer: &Scorer) -> Vec<Figure> {
    let mut figures = Vec::new();
    let ctx = Context::default();
    let score_all = |texts: &[&str], d: Dimension| -> (Vec<f64>, Vec<bool>) {
        texts
            .iter()
            .map(|t| {
                let s = scorer.score(t, &ctx);
                (f64::from(s.percent(d)) + f64::from(s.points.get(d)) / 100.0, s.points.get(d) > 0)
            })
            .unzip()
    };
    for spec in specs(data) {
        for set in &spec.sets {
            let (scores, decided) = score_all(&set.texts, spec.dimension);
            figures.extend(measure(set.name, spec.dimension, &scores, &decided, &set.labels, set.ratings.as_deref()));
        }
    }
    let test: Vec<&str> = data.goemotions_test.iter().map(|i| i.text.as_str()).collect();
    for (name, labels, d, positive) in [
        ("goemotions test caring", &WARMTH[..], Dimension::Empathy, true),
        ("goemotions test asking", &ASKING[..], Dimension::Clarification, true),
        ("goemotions test hostile", &HOSTILE[..], Dimension::Patience, false),
    ] {
        let labels: Vec<bool> = data.goemotions_test.iter().map(|i| has_any(i, labels) == positive).collect();
        let (scores, decided) = score_all(&test, d);
        figures.extend(measure(name, d, &scores, &decided, &labels, None));
    }
    figures
}

/// Figures as the model card's table rows: `| data | dimension | measure | 0.000 |`.
pub fn table(figures: &[Figure]) -> String {
    let mut out = String::from("| data | dimension | measure | value |\n|---|---|---|---|\n");
    for f in figures {
        out.push_str(&format!("| {} | {} | {} | {:.3} |\n", f.data, f.dimension.name(), f.measure, f.value));
    }
    out
}

/// Reads rows written by [`table`] back (for the test that holds the card's figures).
pub fn parse_table(text: &str) -> Vec<(String, String, String, f64)> {
    text.lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').map(str::trim).collect();
            let [data, dimension, measure, value] = cells.as_slice() else { return None };
            Some((data.to_string(), dimension.to_string(), measure.to_string(), value.parse().ok()?))
        })
        .collect()
}
