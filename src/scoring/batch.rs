//! Scoring many answers for scripts: JSON Lines in (`{"id": .., "text": .., "context": ..}`),
//! JSON Lines out with the four scores, the behaviours and the evidence with byte spans.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{AnswerScore, Behaviour, Context, Scorer};
use crate::scenario::{Dimension, Emotion};

/// One input line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Echoed back so results can be joined to inputs; any JSON value.
    #[serde(default)]
    pub id: Value,
    pub text: String,
    /// What the customer said: a string, or `{"line": "...", "emotion": "Angry"}`.
    #[serde(default)]
    pub context: Option<RequestContext>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RequestContext {
    Line(String),
    Detailed {
        #[serde(default)]
        line: String,
        #[serde(default)]
        emotion: Option<Emotion>,
    },
}

/// Scores one JSON line into its output line; the error says what is wrong with the line.
pub fn score_line(scorer: &Scorer, line: &str) -> Result<String, String> {
    let request: Request = serde_json::from_str(line).map_err(|e| {
        format!("{e}; expected {{\"id\": ..., \"text\": \"...\", \"context\": \"what the customer said\"}}")
    })?;
    let ctx = match &request.context {
        None => Context::default(),
        Some(RequestContext::Line(line)) => Context::line(line),
        Some(RequestContext::Detailed { line, emotion }) => Context { customer_line: line, emotion: *emotion, ..Context::default() },
    };
    let score = scorer.score(&request.text, &ctx);
    Ok(to_json(&request.id, &score))
}

/// Scores lines on `threads` threads and returns, in input order, each output line or why its
/// input line was refused. Lines are independent, so a batch splits evenly across cores.
pub fn score_lines(scorer: &Scorer, lines: &[String], threads: usize) -> Vec<Result<String, String>> {
    let chunk = lines.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let workers: Vec<_> =
            lines.chunks(chunk).map(|part| s.spawn(move || part.iter().map(|l| score_line(scorer, l)).collect::<Vec<_>>())).collect();
        // A worker only panics on a bug; pass it on rather than lose lines silently.
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// One value per dimension, named.
#[derive(Serialize)]
struct PerDimension<T> {
    patience: T,
    empathy: T,
    clarification: T,
    resolution: T,
}

impl<T> PerDimension<T> {
    fn from_fn(f: impl Fn(Dimension) -> T) -> Self {
        PerDimension {
            patience: f(Dimension::Patience),
            empathy: f(Dimension::Empathy),
            clarification: f(Dimension::Clarification),
            resolution: f(Dimension::Resolution),
        }
    }
}

#[derive(Serialize)]
struct LearnedOut<'a> {
    words: &'a str,
    start: usize,
    end: usize,
    points: f64,
}

#[derive(Serialize)]
struct EvidenceOut<'a> {
    behaviour: Option<Behaviour>,
    dimension: &'static str,
    points: i32,
    start: usize,
    end: usize,
    words: &'a str,
    missing: bool,
    note: &'a Option<String>,
    learned: Vec<LearnedOut<'a>>,
}

/// The output line: written straight from the score, with no intermediate JSON tree (batches
/// of tens of thousands of lines spend most of their time here otherwise).
#[derive(Serialize)]
struct Out<'a> {
    id: &'a Value,
    scores: PerDimension<u8>,
    /// The dimensions a learned model rates, each with its probability (0-1).
    likelihood: BTreeMap<&'static str, f64>,
    points: PerDimension<i32>,
    behaviours: &'a [Behaviour],
    evidence: Vec<EvidenceOut<'a>>,
}

/// The output line for one scored answer.
pub fn to_json(id: &Value, score: &AnswerScore) -> String {
    let out = Out {
        id,
        scores: PerDimension::from_fn(|d| score.percent(d)),
        likelihood: Dimension::ALL
            .iter()
            .filter_map(|d| score.likelihood[d.index()].map(|p| (d.name(), f64::from(p) / 100.0)))
            .collect(),
        points: PerDimension::from_fn(|d| score.points.get(d)),
        behaviours: &score.behaviours,
        evidence: score
            .evidence
            .iter()
            .map(|e| EvidenceOut {
                behaviour: e.behaviour,
                dimension: e.dimension.name(),
                points: e.points,
                start: e.span.start,
                end: e.span.end,
                words: &e.words,
                missing: e.missing,
                note: &e.note,
                learned: e
                    .learned
                    .iter()
                    .map(|c| LearnedOut { words: &c.words, start: c.span.start, end: c.span.end, points: f64::from(c.tenths) / 10.0 })
                    .collect(),
            })
            .collect(),
    };
    // Plain data with string keys: serialising it cannot fail.
    serde_json::to_string(&out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_line_is_scored_with_spans_into_its_text() {
        let scorer = Scorer::bundled();
        let line = r#"{"id": 7, "text": "I'm so sorry. What happened?", "context": "WHERE IS MY PARCEL?!"}"#;
        let out: Value = serde_json::from_str(&score_line(&scorer, line).unwrap()).unwrap();
        assert_eq!(out["id"], 7);
        let text = "I'm so sorry. What happened?";
        let apology = out["evidence"].as_array().unwrap().iter().find(|e| e["behaviour"] == "Apology").unwrap();
        let (start, end) = (apology["start"].as_u64().unwrap() as usize, apology["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[start..end], "sorry");
        let plain: Value = serde_json::from_str(&score_line(&scorer, r#"{"text": "The parcel left on Monday."}"#).unwrap()).unwrap();
        assert!(out["scores"]["empathy"].as_u64().unwrap() > plain["scores"]["empathy"].as_u64().unwrap());
        let likelihood = out["likelihood"]["empathy"].as_f64().unwrap();
        assert_eq!((likelihood * 100.0).round() as u64, out["scores"]["empathy"].as_u64().unwrap(), "the score is the likelihood");
        assert!(out["behaviours"].as_array().unwrap().contains(&json!("OpenQuestion")));
    }

    #[test]
    fn a_context_object_sets_the_emotion() {
        let scorer = Scorer::bundled();
        let parse = |line: &str| -> Value { serde_json::from_str(&score_line(&scorer, line).unwrap()).unwrap() };
        let calm = parse(r#"{"text": "I will refund you today.", "context": {"line": "Hello.", "emotion": "Neutral"}}"#);
        let angry = parse(r#"{"text": "I will refund you today.", "context": {"line": "Hello.", "emotion": "Furious"}}"#);
        let has = |v: &Value| v["behaviours"].as_array().unwrap().contains(&json!("SolvingBeforeAcknowledging"));
        assert!(!has(&calm) && has(&angry));
    }

    #[test]
    fn many_lines_on_many_threads_come_back_in_order() {
        let scorer = Scorer::bundled();
        let lines: Vec<String> = (0..50).map(|i| if i == 7 { "oops".to_string() } else { format!(r#"{{"id": {i}, "text": "Sorry, {i} days."}}"#) }).collect();
        let out = score_lines(&scorer, &lines, 4);
        assert_eq!(out.len(), 50);
        assert!(out[7].is_err());
        for (i, o) in out.iter().enumerate().filter(|(i, _)| *i != 7) {
            let v: Value = serde_json::from_str(o.as_ref().unwrap()).unwrap();
            assert_eq!(v["id"], i, "line {i} in its place");
        }
        assert_eq!(out, score_lines(&scorer, &lines, 1), "the same on one thread");
    }

    #[test]
    fn a_bad_line_says_what_was_expected() {
        let err = score_line(&Scorer::bundled(), r#"{"txt": "hi"}"#).unwrap_err();
        assert!(err.contains("expected {\"id\""), "{err}");
    }
}
