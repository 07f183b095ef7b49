//! The learned layer: per dimension, a logistic model fitted to human ratings (see
//! `docs/scoring.md`), over the rubric's points on that dimension and the answer's words and
//! word pairs. Its weights are data (`assets/learned.ron`, bundled into the binary, versioned by
//! a hash); `make train` rebuilds them.
//!
//! The model's log-odds are `bias + per_rule_point * rubric points + sum of phrase weights`; its
//! probability is the answer's 0-100 score on that dimension. Where the model and the rules
//! disagree at the shipped threshold (people would call the answer caring, no rule found
//! anything), the answer's points move by one, shown as evidence with the phrases that weighed
//! most ("not alone" +0.8, in log-odds).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::hash::FastMap;
use super::text::{word_key, Text, Word};
use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::hash::{fnv1a64, FNV_BASIS};
use crate::scenario::{Dimension, Points};

/// The weights format this program reads.
pub const LEARNED_FORMAT: u32 = 1;

/// The bundled weights, compiled into the binary.
pub const BUNDLED: &str = include_str!("../../assets/learned.ron");

/// From this probability on (2 to 1 for) an answer clearly shows the quality, and gains a point
/// where the rules found nothing; the 0.5 threshold alone let second-person wording ("your
/// postcode") pass for warmth. The readable rules stay in charge; the model settles what they missed.
pub const LIKELY: f64 = 2.0 / 3.0;

/// Below this probability (4 to 1 against) an answer clearly lacks the quality, and loses a
/// point where the rules found nothing wrong.
pub const UNLIKELY: f64 = 0.2;

/// Words that make the next words of their clause negated ("not sorry" is read as `not_sorry`).
pub const NEGATORS: [&str; 6] = ["not", "never", "no", "nothing", "hardly", "without"];

/// Where an organisation's recalibrated weights are kept, in the data folder
/// (`cooldown calibrate --from-reviews --apply` writes them).
pub const ORGANISATION_FILE: &str = "learned.ron";

/// The organisation's weights and their file's text, once installed.
static ORGANISATION: OnceLock<(Learned, String)> = OnceLock::new();

/// Makes an organisation's weights (the text of their file) the ones this process scores
/// with, from here on; the program does this at start-up, before anything is scored. The
/// first install stands: a process never changes weights half-way.
pub fn install(path: &Path, text: &str) -> Result<(), Box<Diagnostic>> {
    let weights = load_str(path, text)?;
    let learned = Learned::new(weights, fnv1a64(text.as_bytes(), FNV_BASIS));
    let _ = ORGANISATION.set((learned, text.to_string()));
    Ok(())
}

/// The text of the weights in use: the organisation's file when installed, else the bundled.
pub fn in_use_text() -> &'static str {
    ORGANISATION.get().map_or(BUNDLED, |(_, text)| text.as_str())
}

/// The learned weights as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnedWeights {
    /// The file format's version.
    pub format: u32,
    /// What the weights were fitted to, in one line (the model card has the details).
    pub trained_on: String,
    /// One model per dimension.
    pub models: Vec<DimensionWeights>,
}

/// One dimension's logistic model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionWeights {
    /// The dimension this model judges.
    pub dimension: Dimension,
    /// What people rated, in a few words.
    pub construct: String,
    /// Log-odds of an answer with no features.
    pub bias: f64,
    /// Log-odds per rubric point on this dimension (positive).
    pub per_rule_point: f64,
    /// Phrase (a word, a word pair, or `not_word`) to log-odds per unit of feature value.
    pub phrases: BTreeMap<String, f64>,
}

/// One phrase of an answer as the learned layer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature<'a> {
    /// Its (first) word.
    pub first: &'a str,
    /// The second word of a word pair.
    pub second: Option<&'a str>,
    /// A unigram after a negator in its clause.
    pub negated: bool,
    /// Word indices it covers.
    pub start: usize,
    /// One past the last word index it covers.
    pub end: usize,
    /// Its key in the compiled weights: [`name_key`] of its name, from hashes of its words.
    pub key: u64,
}

impl Feature<'_> {
    /// The name stored in the weights: `word`, `word word`, `not_word`.
    pub fn name(&self) -> String {
        match (self.negated, self.second) {
            (_, Some(second)) => format!("{} {second}", self.first),
            (true, None) => format!("not_{}", self.first),
            (false, None) => self.first.to_string(),
        }
    }

}



/// Two word keys as one (order matters), so each word of an answer is hashed once.
fn pair_key(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Marks a negated word's key.
const NEGATED: u64 = 0x6e6f_745f_6e6f_745f;

/// The key of a phrase name as stored in the weights (`word`, `word word`, `not_word`).
pub fn name_key(name: &str) -> u64 {
    match (name.split_once(' '), name.strip_prefix("not_")) {
        (Some((a, b)), _) => pair_key(word_key(a), word_key(b)),
        (None, Some(w)) => pair_key(NEGATED, word_key(w)),
        (None, None) => word_key(name),
    }
}

/// Every feature of an answer: each word and each pair of neighbouring words in one sentence,
/// outside quotes (someone else's words), with negation marked on words after a negator.
pub fn each_feature<'a>(text: &'a Text, mut each: impl FnMut(Feature<'a>)) {
    let words = &text.words;
    let mut negated = false;
    for (i, w) in words.iter().enumerate() {
        if w.clause_start {
            negated = false;
        }
        let here = w.key;
        if w.quoted {
            continue;
        }
        let key = if negated { pair_key(NEGATED, here) } else { here };
        each(Feature { first: &w.text, second: None, negated, start: i, end: i + 1, key });
        if let Some(next) = words.get(i + 1).filter(|n| !n.sentence_start && !n.quoted) {
            each(Feature { first: &w.text, second: Some(&next.text), negated: false, start: i, end: i + 2, key: pair_key(here, next.key) });
        }
        if is_negator(w) {
            negated = true;
        }
    }
}

fn is_negator(w: &Word) -> bool {
    // By key: a comparison of numbers per word, not of strings.
    static KEYS: OnceLock<[u64; NEGATORS.len()]> = OnceLock::new();
    KEYS.get_or_init(|| NEGATORS.map(word_key)).contains(&w.key)
}

/// The number of features of an answer, for scaling them to unit length.
pub fn feature_count(text: &Text) -> usize {
    let mut n = 0;
    each_feature(text, |_| n += 1);
    n
}

/// How much one feature weighs in an answer with `count` features: all features together have
/// unit length, so a long text does not outvote a short one by length alone.
pub fn feature_value(count: usize) -> f64 {
    1.0 / (count.max(1) as f64).sqrt()
}

/// The logistic function.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// What the learned layer says about one dimension of one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// The dimension judged.
    pub dimension: Dimension,
    /// Probability that a person would rate the answer as showing this dimension, at even odds
    /// (the classes were weighted equally in training), so 0.5 is the shipped threshold.
    pub probability: f64,
    /// What the words add to the log-odds, all phrases together.
    pub words: f64,
}


/// At most this many modelled dimensions (one weight each per phrase, in one lookup).
const SLOTS: usize = 4;

/// The weights compiled for scoring: one hash lookup per feature for every dimension at once.
pub struct Learned {
    weights: LearnedWeights,
    /// Weight per model, in `weights.models` order.
    phrases: FastMap<u64, [f32; SLOTS]>,
    /// A hash of the weights file, to say which weights scored an answer.
    pub version: u64,
}

impl std::fmt::Debug for Learned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Learned").field("version", &format_args!("{:016x}", self.version)).finish_non_exhaustive()
    }
}

impl Learned {
    /// The layer for `weights`; `version` identifies them in stored results.
    pub fn new(weights: LearnedWeights, version: u64) -> Learned {
        let mut phrases: FastMap<u64, [f32; SLOTS]> = FastMap::default();
        for (slot, model) in weights.models.iter().enumerate().take(SLOTS) {
            for (name, w) in &model.phrases {
                phrases.entry(name_key(name)).or_default()[slot] = *w as f32;
            }
        }
        Learned { weights, phrases, version }
    }

    /// The bundled weights, loaded once.
    pub fn bundled() -> &'static Learned {
        static BUNDLED_MODEL: OnceLock<Learned> = OnceLock::new();
        BUNDLED_MODEL.get_or_init(|| {
            // A broken bundled file is a build defect, caught by this module's tests.
            let weights = load_str(Path::new("assets/learned.ron"), BUNDLED).unwrap_or_else(|d| panic!("bundled weights: {d}"));
            Learned::new(weights, fnv1a64(BUNDLED.as_bytes(), FNV_BASIS))
        })
    }

    /// The organisation's weights, when [`install`]ed.
    pub fn organisation() -> Option<&'static Learned> {
        ORGANISATION.get().map(|(learned, _)| learned)
    }

    /// The weights in use: the organisation's when installed, else the bundled.
    pub fn in_use() -> &'static Learned {
        Learned::organisation().unwrap_or_else(Learned::bundled)
    }

    /// The weights as read.
    pub fn weights(&self) -> &LearnedWeights {
        &self.weights
    }

    /// The model for a dimension, if there is one.
    pub fn model(&self, d: Dimension) -> Option<&DimensionWeights> {
        self.weights.models.iter().find(|m| m.dimension == d)
    }

    /// Judges an answer on every modelled dimension, given the rubric's points for it. One pass
    /// over the features: every feature has the same value in one answer, so the raw weights
    /// are summed and scaled once at the end.
    pub fn judge(&self, text: &Text, rule_points: Points) -> Vec<Judgement> {
        let mut sums = [0.0f64; SLOTS];
        let mut count = 0;
        each_feature(text, |f| {
            count += 1;
            if let Some(ws) = self.phrases.get(&f.key) {
                for (sum, w) in sums.iter_mut().zip(ws) {
                    *sum += f64::from(*w);
                }
            }
        });
        let value = feature_value(count);
        self.weights
            .models
            .iter()
            .zip(sums)
            .map(|(m, sum)| {
                let words = sum * value;
                let logit = m.bias + m.per_rule_point * f64::from(rule_points.get(m.dimension)) + words;
                Judgement { dimension: m.dimension, probability: sigmoid(logit), words }
            })
            .collect()
    }

    /// Each phrase's share of what the words add on `d`, strongest first: word indices and
    /// log-odds. Only needed for the evidence, so computed apart from [`Learned::judge`].
    pub fn contributions(&self, text: &Text, d: Dimension) -> Vec<(Range<usize>, f64)> {
        let Some(slot) = self.weights.models.iter().position(|m| m.dimension == d).filter(|s| *s < SLOTS) else { return Vec::new() };
        let value = feature_value(feature_count(text));
        let mut parts = Vec::new();
        each_feature(text, |f| {
            if let Some(ws) = self.phrases.get(&f.key).filter(|ws| ws[slot] != 0.0) {
                parts.push((f.start..f.end, f64::from(ws[slot]) * value));
            }
        });
        parts.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.start.cmp(&b.0.start)));
        parts
    }
}

/// Parses weights text and checks it can be used.
pub fn load_str(path: &Path, text: &str) -> Result<LearnedWeights, Box<Diagnostic>> {
    let source = SourceText::new(path, text);
    let weights: LearnedWeights = ron::from_str(text).map_err(|e| Box::new(Diagnostic::from_ron(&source, &e, |_| "...")))?;
    let bad = |message: String| Box::new(Diagnostic::new(Code::C000, path, message).with_help("rebuild the weights with `make train`"));
    if weights.format != LEARNED_FORMAT {
        return Err(bad(format!("learned weights format {} is not supported; this version reads format {LEARNED_FORMAT}", weights.format)));
    }
    if weights.models.len() > SLOTS {
        return Err(bad(format!("{} models; at most {SLOTS}, one per dimension", weights.models.len())));
    }
    for m in &weights.models {
        // The adjustment is the phrase part divided by this weight: it must be a positive number.
        if !(m.per_rule_point.is_finite() && m.per_rule_point > 0.0) {
            return Err(bad(format!("{}: per_rule_point must be a positive number, not {}", m.dimension.name(), m.per_rule_point)));
        }
        if let Some((name, _)) = m.phrases.iter().find(|(_, w)| !w.is_finite()) {
            return Err(bad(format!("{}: the weight of `{name}` is not a number", m.dimension.name())));
        }
    }
    if let Some(d) = Dimension::ALL.into_iter().find(|d| weights.models.iter().filter(|m| m.dimension == *d).count() > 1) {
        return Err(bad(format!("two models for {}", d.name())));
    }
    Ok(weights)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::text::split;

    fn names(answer: &str) -> Vec<String> {
        let text = split(answer);
        let mut out = Vec::new();
        each_feature(&text, |f| out.push(f.name()));
        out
    }

    #[test]
    fn features_are_words_and_pairs_within_a_sentence_with_negation_marked() {
        assert_eq!(names("Not alone. Stay"), ["not", "not alone", "not_alone", "stay"]);
        assert_eq!(names("I'm not sorry, friend"), ["i", "i am", "am", "am not", "not", "not sorry", "not_sorry", "sorry friend", "friend"]);
        assert!(names("You said \"calm down\"").iter().all(|n| !n.contains("calm")), "quoted words are someone else's");
    }

    #[test]
    fn a_feature_key_is_the_key_of_its_name() {
        let text = split("I'm not sorry at all, \"not\" sorry. Not at all");
        let mut keys = std::collections::BTreeSet::new();
        each_feature(&text, |f| {
            assert_eq!(f.key, name_key(&f.name()), "{}", f.name());
            keys.insert((f.name(), f.key));
        });
        let distinct_names: std::collections::BTreeSet<_> = keys.iter().map(|k| &k.0).collect();
        let distinct_keys: std::collections::BTreeSet<_> = keys.iter().map(|k| k.1).collect();
        assert_eq!(distinct_names.len(), distinct_keys.len(), "different phrases, different keys");
    }

    #[test]
    fn the_bundled_weights_load_with_a_model_for_empathy_and_patience() {
        let learned = Learned::bundled();
        assert!(learned.model(Dimension::Empathy).is_some_and(|m| !m.phrases.is_empty()));
        assert!(learned.model(Dimension::Patience).is_some_and(|m| !m.phrases.is_empty()));
    }

    #[test]
    fn judgements_explain_their_adjustment() {
        let learned = Learned::bundled();
        let text = split("You're not alone in this, I hope things get better soon.");
        for j in learned.judge(&text, Points::default()) {
            let sum: f64 = learned.contributions(&text, j.dimension).iter().map(|c| c.1).sum();
            assert!((sum - j.words).abs() < 1e-6, "{:?}: contributions add up to what the words add", j.dimension);
            assert!((0.0..=1.0).contains(&j.probability));
        }
    }

    #[test]
    fn bad_weights_are_refused_with_the_reason() {
        let text = BUNDLED.replacen("format: 1", "format: 9", 1);
        let d = load_str(Path::new("w.ron"), &text).unwrap_err();
        assert!(d.message.contains("format 9 is not supported"), "{}", d.message);
    }
}
