//! The scoring rubric as data: `assets/rubric.ron` (bundled into the binary) or a trainer's own
//! file. Loading checks every phrase pattern and points errors at the file, line and column.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::vocab::{Pattern, PHRASE_HELP};
use super::Behaviour;
use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::scenario::source_map::SourceMap;
use crate::scenario::{Emotion, Points};

/// The rubric format this program reads.
pub const RUBRIC_FORMAT: u32 = 1;

/// The bundled rubric's text, compiled into the binary so scoring works from anywhere.
pub const BUNDLED: &str = include_str!("../../assets/rubric.ron");

/// Words, patterns and weights for the free-text scorer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// The file format's version.
    pub format: u32,
    /// Words that cancel a negatable behaviour just after them ("not sorry").
    pub negators: Vec<String>,
    /// How many words before a phrase a negator reaches.
    pub negation_window: usize,
    /// The most one answer earns or loses on one dimension.
    pub max_points_per_dimension: i32,
    /// Emotions of a customer line that make it an outburst.
    pub outburst_emotions: Vec<Emotion>,
    /// How each behaviour is recognised and what it earns.
    pub behaviours: BTreeMap<Behaviour, Rule>,
    /// Words that make a sentence a question.
    pub question: QuestionWords,
    /// Times and amounts that make an offer concrete.
    pub concrete: ConcreteWords,
    /// Phrases that show nothing: they use their words up so no shorter phrase inside counts.
    #[serde(default)]
    pub neutral: Vec<String>,
    /// Phrases that are to be avoided when the customer has just said thank you.
    #[serde(default)]
    pub after_customer_thanks: Vec<String>,
}

/// How one behaviour is recognised and scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Phrases that show the behaviour (see the README for their syntax).
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Points per match.
    #[serde(default)]
    pub points: Points,
    /// Matches counted at most this many times per answer.
    #[serde(default = "one")]
    pub max_count: u32,
    /// A negator just before (or "not" just after) cancels a match.
    #[serde(default)]
    pub negatable: bool,
    /// What to do instead, for the debrief of negative behaviours.
    #[serde(default)]
    pub advice: String,
}

fn one() -> u32 {
    1
}

/// Words that make a sentence a question, and of which kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionWords {
    /// Words that start an open question ("what", "how").
    pub open: Vec<String>,
    /// Words that start a yes/no question ("is", "did").
    pub closed: Vec<String>,
}

/// Times and amounts that make an action concrete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcreteWords {
    /// Words for when ("today", "by Friday").
    pub times: Vec<String>,
    /// Words for how much ("refund", "pounds").
    pub amounts: Vec<String>,
}

impl Rubric {
    /// The rubric shipped in `assets/rubric.ron`.
    pub fn bundled() -> Rubric {
        // A broken bundled rubric is a build defect, caught by this module's tests.
        load_str(Path::new("assets/rubric.ron"), BUNDLED).unwrap_or_else(|d| panic!("bundled rubric: {d}"))
    }

    /// The rule for a behaviour (an empty one if the rubric has none).
    pub fn rule(&self, b: Behaviour) -> &Rule {
        static EMPTY: Rule = Rule { phrases: Vec::new(), points: Points { patience: 0, empathy: 0, clarification: 0, resolution: 0 }, max_count: 0, negatable: false, advice: String::new() };
        self.behaviours.get(&b).unwrap_or(&EMPTY)
    }
}

/// Reads a rubric file.
pub fn load_file(path: &Path) -> Result<Rubric, Box<Diagnostic>> {
    load_str(path, &Diagnostic::read_file(path, "the rubric", "check the path given to --rubric")?)
}

/// Parses rubric text and checks every phrase pattern.
pub fn load_str(path: &Path, text: &str) -> Result<Rubric, Box<Diagnostic>> {
    let source = SourceText::new(path, text);
    let rubric: Rubric = Diagnostic::parse_ron(&source, example)?;
    let at = |path: &str, message: String| Diagnostic::at(Code::C000, &source, SourceMap::index(text).nearest(path), message);
    if rubric.format != RUBRIC_FORMAT {
        let message = format!("rubric format {} is not supported; this version reads format {RUBRIC_FORMAT}", rubric.format);
        return Err(Box::new(at("format", message).with_label("unsupported format")));
    }
    let lists = rubric
        .behaviours
        .iter()
        .map(|(b, r)| (format!("behaviours.{b:?}.phrases"), &r.phrases))
        .chain([
            ("question.open".to_string(), &rubric.question.open),
            ("question.closed".to_string(), &rubric.question.closed),
            ("concrete.times".to_string(), &rubric.concrete.times),
            ("concrete.amounts".to_string(), &rubric.concrete.amounts),
            ("after_customer_thanks".to_string(), &rubric.after_customer_thanks),
            ("neutral".to_string(), &rubric.neutral),
            ("negators".to_string(), &rubric.negators),
        ]);
    for (list, phrases) in lists {
        for (i, phrase) in phrases.iter().enumerate() {
            if let Err(why) = Pattern::parse(phrase) {
                return Err(Box::new(
                    at(&format!("{list}[{i}]"), format!("invalid phrase: {why}"))
                        .with_label("invalid phrase")
                        .with_help(PHRASE_HELP),
                ));
            }
        }
    }
    Ok(rubric)
}

fn example(field: &str) -> &'static str {
    match field {
        "format" => "1",
        "phrases" | "negators" | "open" | "closed" | "times" | "amounts" => "[\"...\"]",
        "points" => "(empathy: 1)",
        "negation_window" => "3",
        "max_points_per_dimension" => "5",
        "outburst_emotions" => "[Angry, Furious]",
        _ => "...",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_rubric_loads_and_covers_every_behaviour() {
        let rubric = Rubric::bundled();
        for b in Behaviour::ALL {
            assert!(rubric.behaviours.contains_key(&b), "no rule for {b:?}");
        }
        for (b, rule) in &rubric.behaviours {
            let total = rule.points.total();
            if b.is_positive() {
                assert!(total >= 0, "{b:?} is positive but costs points");
            } else {
                assert!(total < 0, "{b:?} is negative but costs nothing");
                assert!(!rule.advice.is_empty(), "{b:?} needs advice for the debrief");
            }
        }
    }

    #[test]
    fn a_bad_phrase_is_reported_at_its_position() {
        let text = BUNDLED.replace("\"sorry\", \"apologi*\"", "\"sorry\", \"apo*logi\"");
        let d = load_str(Path::new("rubric.ron"), &text).unwrap_err();
        assert!(d.message.starts_with("invalid phrase: `apo*logi`"), "{}", d.message);
        let line = BUNDLED.lines().position(|l| l.contains("\"sorry\", \"apologi*\"")).unwrap() + 1;
        assert!(d.position().starts_with(&format!("rubric.ron:{line}:")), "{}", d.position());
    }

    #[test]
    fn a_misspelt_behaviour_is_reported_with_the_valid_names() {
        let text = BUNDLED.replace("        Apology: (", "        Apologie: (");
        let d = load_str(Path::new("rubric.ron"), &text).unwrap_err();
        assert!(d.message.contains("`Apologie` is not a valid value"), "{}", d.message);
        assert!(d.help.as_deref().unwrap().contains("did you mean `Apology`?"));
    }
}
