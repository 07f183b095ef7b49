//! Scoring many answers for scripts: JSON Lines in (`{"id": .., "text": .., "context": ..}`),
//! JSON Lines out with the four scores, the behaviours and the evidence with byte spans.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{AnswerScore, Context, Scorer};
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

/// Scores one JSON line; the error says what is wrong with the line.
pub fn score_line(scorer: &Scorer, line: &str) -> Result<Value, String> {
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

/// The output object for one scored answer.
pub fn to_json(id: &Value, score: &AnswerScore) -> Value {
    let mut scores = serde_json::Map::new();
    let mut points = serde_json::Map::new();
    for d in Dimension::ALL {
        scores.insert(d.name().to_string(), json!(score.percent(d)));
        points.insert(d.name().to_string(), json!(score.points.get(d)));
    }
    let evidence: Vec<Value> = score
        .evidence
        .iter()
        .map(|e| {
            json!({
                "behaviour": e.behaviour,
                "dimension": e.dimension.name(),
                "points": e.points,
                "start": e.span.start,
                "end": e.span.end,
                "words": e.words,
                "missing": e.missing,
                "note": e.note,
                "learned": e.learned.iter().map(|c| json!({"words": c.words, "start": c.span.start, "end": c.span.end, "points": f64::from(c.tenths) / 10.0})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut likelihood = serde_json::Map::new();
    for (d, p) in Dimension::ALL.iter().zip(score.likelihood) {
        if let Some(p) = p {
            likelihood.insert(d.name().to_string(), json!(f64::from(p) / 100.0));
        }
    }
    json!({
        "id": id,
        "scores": scores,
        "likelihood": likelihood,
        "points": points,
        "behaviours": score.behaviours,
        "evidence": evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_scored_with_spans_into_its_text() {
        let scorer = Scorer::bundled();
        let line = r#"{"id": 7, "text": "I'm so sorry. What happened?", "context": "WHERE IS MY PARCEL?!"}"#;
        let out = score_line(&scorer, line).unwrap();
        assert_eq!(out["id"], 7);
        let text = "I'm so sorry. What happened?";
        let apology = out["evidence"].as_array().unwrap().iter().find(|e| e["behaviour"] == "Apology").unwrap();
        let (start, end) = (apology["start"].as_u64().unwrap() as usize, apology["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[start..end], "sorry");
        let plain = score_line(&scorer, r#"{"text": "The parcel left on Monday."}"#).unwrap();
        assert!(out["scores"]["empathy"].as_u64().unwrap() > plain["scores"]["empathy"].as_u64().unwrap());
        let likelihood = out["likelihood"]["empathy"].as_f64().unwrap();
        assert_eq!((likelihood * 100.0).round() as u64, out["scores"]["empathy"].as_u64().unwrap(), "the score is the likelihood");
        assert!(out["behaviours"].as_array().unwrap().contains(&json!("OpenQuestion")));
    }

    #[test]
    fn a_context_object_sets_the_emotion() {
        let scorer = Scorer::bundled();
        let calm = score_line(&scorer, r#"{"text": "I will refund you today.", "context": {"line": "Hello.", "emotion": "Neutral"}}"#).unwrap();
        let angry = score_line(&scorer, r#"{"text": "I will refund you today.", "context": {"line": "Hello.", "emotion": "Furious"}}"#).unwrap();
        let has = |v: &Value| v["behaviours"].as_array().unwrap().contains(&json!("SolvingBeforeAcknowledging"));
        assert!(!has(&calm) && has(&angry));
    }

    #[test]
    fn a_bad_line_says_what_was_expected() {
        let err = score_line(&Scorer::bundled(), r#"{"txt": "hi"}"#).unwrap_err();
        assert!(err.contains("expected {\"id\""), "{err}");
    }
}
