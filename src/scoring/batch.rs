//! Scoring many answers for scripts: JSON Lines in (`{"id": .., "text": .., "context": ..}`),
//! JSON Lines out with the four scores, the behaviours and the evidence with byte spans.

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
    /// The answer to score.
    pub text: String,
    /// What the customer said: a string, or `{"line": "...", "emotion": "Angry"}`.
    #[serde(default)]
    pub context: Option<RequestContext>,
}

/// What the customer said before the answer, in one of two shapes.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RequestContext {
    /// Just the customer's line.
    Line(String),
    /// The line and how the customer felt saying it.
    Detailed {
        /// The customer's line.
        #[serde(default)]
        line: String,
        /// How they felt (an [`Emotion`] name).
        #[serde(default)]
        emotion: Option<Emotion>,
    },
}

/// Scores one JSON line into its output line; the error says what is wrong with the line.
pub fn score_line(scorer: &Scorer, line: &str) -> Result<String, String> {
    let mut out = Vec::new();
    write_line(scorer, line, &mut out)?;
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Scores one JSON line and appends its output line (without a newline) to `out`; on a bad
/// line, `out` is left as it was and the error says what is wrong.
pub fn write_line(scorer: &Scorer, line: &str, out: &mut Vec<u8>) -> Result<(), String> {
    let request: Request = serde_json::from_str(line).map_err(|e| {
        format!("{e}; expected {{\"id\": ..., \"text\": \"...\", \"context\": \"what the customer said\"}}")
    })?;
    let ctx = match &request.context {
        None => Context::default(),
        Some(RequestContext::Line(line)) => Context::line(line),
        Some(RequestContext::Detailed { line, emotion }) => Context { customer_line: line, emotion: *emotion, ..Context::default() },
    };
    let score = scorer.score(&request.text, &ctx);
    write_json(out, &request.id, &score);
    Ok(())
}

/// A part of a batch, scored: its output lines, each ending in a newline, and the lines it
/// refused (index in the batch, why).
#[derive(Debug, Default)]
pub struct Scored {
    /// The output lines.
    pub output: Vec<u8>,
    /// The lines refused: index in the batch, and why.
    pub refused: Vec<(usize, String)>,
}

/// Scores lines on `threads` threads, each part into one buffer (no string per line), and
/// returns the parts in input order. Lines are independent, so a batch splits evenly across
/// cores.
pub fn score_lines(scorer: &Scorer, lines: &[String], threads: usize) -> Vec<Scored> {
    let chunk = lines.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let workers: Vec<_> = lines
            .chunks(chunk)
            .enumerate()
            .map(|(n, part)| {
                s.spawn(move || {
                    // About 400 bytes per output line, so the buffer rarely grows.
                    let mut scored = Scored { output: Vec::with_capacity(part.len() * 400), refused: Vec::new() };
                    for (i, line) in part.iter().enumerate() {
                        match write_line(scorer, line, &mut scored.output) {
                            Ok(()) => scored.output.push(b'\n'),
                            Err(e) => scored.refused.push((n * chunk + i, e)),
                        }
                    }
                    scored
                })
            })
            .collect();
        // A worker only panics on a bug; pass it on rather than lose lines silently.
        workers.into_iter().map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// Lines per block: big enough that starting threads costs nothing, small enough to keep
/// memory bounded on a stream of any length.
const BLOCK: usize = 16_384;

/// A line of a stream that could not be scored: its number (from 1) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Its line number, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub why: String,
}

/// Why a stream could not be scored to the end.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum StreamError {
    #[error("cannot read the lines: {0}")]
    Read(std::io::Error),
    #[error("cannot write the results: {0}")]
    Write(std::io::Error),
}

/// Scores a stream of JSON lines into a stream of result lines, in order, in bounded memory:
/// a block of lines is read, scored on `threads` threads, and written. Blank lines are
/// skipped; every other line gives an output line or a call to `refused`. Returns the number
/// of refused lines. (Reading and writing in threads of their own, overlapping the scoring,
/// was tried: no faster on two cores, where the scorers already use both.)
pub fn score_stream(
    scorer: &Scorer,
    input: impl std::io::BufRead,
    mut output: impl std::io::Write,
    threads: usize,
    mut refused: impl FnMut(Refused),
) -> Result<usize, StreamError> {
    let mut bad = 0;
    let mut lines = input.lines().enumerate();
    loop {
        let mut numbers = Vec::with_capacity(BLOCK);
        let mut block = Vec::with_capacity(BLOCK);
        for (n, line) in lines.by_ref() {
            let line = line.map_err(StreamError::Read)?;
            if !line.trim().is_empty() {
                numbers.push(n + 1);
                block.push(line);
                if block.len() == BLOCK {
                    break;
                }
            }
        }
        if block.is_empty() {
            break;
        }
        for part in score_lines(scorer, &block, threads) {
            output.write_all(&part.output).map_err(StreamError::Write)?;
            for (i, why) in part.refused {
                bad += 1;
                refused(Refused { line: numbers[i], why });
            }
        }
    }
    output.flush().map_err(StreamError::Write)?;
    Ok(bad)
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

/// The probability of each modelled dimension; the others are left out.
#[derive(Serialize)]
struct Likelihood {
    #[serde(skip_serializing_if = "Option::is_none")]
    clarification: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    empathy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patience: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<f64>,
}

/// The output line: written straight from the score, with no intermediate JSON tree (batches
/// of tens of thousands of lines spend most of their time here otherwise).
#[derive(Serialize)]
struct Out<'a> {
    id: &'a Value,
    scores: PerDimension<u8>,
    /// The dimensions a learned model rates, each with its probability (0-1).
    likelihood: Likelihood,
    points: PerDimension<i32>,
    behaviours: &'a [Behaviour],
    evidence: Vec<EvidenceOut<'a>>,
}

/// The output line for one scored answer.
pub fn to_json(id: &Value, score: &AnswerScore) -> String {
    let mut out = Vec::new();
    write_json(&mut out, id, score);
    String::from_utf8(out).unwrap_or_default()
}

/// Appends the output line for one scored answer to `out`.
fn write_json(out: &mut Vec<u8>, id: &Value, score: &AnswerScore) {
    let likely = |d: Dimension| score.likelihood[d.index()].map(|p| f64::from(p) / 100.0);
    let line = Out {
        id,
        scores: PerDimension::from_fn(|d| score.percent(d)),
        likelihood: Likelihood {
            clarification: likely(Dimension::Clarification),
            empathy: likely(Dimension::Empathy),
            patience: likely(Dimension::Patience),
            resolution: likely(Dimension::Resolution),
        },
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
    // Plain data with string keys into memory: serialising it cannot fail.
    let _ = serde_json::to_writer(out, &line);
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
        // The parts joined, and every refused line with its index in the batch.
        let run = |threads| {
            let parts = score_lines(&scorer, &lines, threads);
            let output: Vec<u8> = parts.iter().flat_map(|p| p.output.clone()).collect();
            let refused: Vec<usize> = parts.iter().flat_map(|p| p.refused.iter().map(|(i, _)| *i)).collect();
            (String::from_utf8(output).unwrap(), refused)
        };
        let (output, refused) = run(4);
        assert_eq!(refused, [7], "the bad line, by its index");
        let ids: Vec<Value> = output.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone()).collect();
        let expected: Vec<Value> = (0..50).filter(|i| *i != 7).map(|i| json!(i)).collect();
        assert_eq!(ids, expected, "every good line once, in its place");
        assert_eq!((output, refused), run(1), "the same on one thread");
    }

    #[test]
    fn a_stream_keeps_line_numbers_skips_blank_lines_and_reports_bad_ones() {
        let input = "{\"id\": 1, \"text\": \"Sorry.\"}\n\n   \nnot json\n{\"id\": 5, \"text\": \"What happened?\"}\n";
        let mut output = Vec::new();
        let mut refused = Vec::new();
        let bad = score_stream(&Scorer::bundled(), input.as_bytes(), &mut output, 2, |r| refused.push(r)).unwrap();
        assert_eq!(bad, 1);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].line, 4, "counted from 1, blank lines included");
        let ids: Vec<Value> = String::from_utf8(output).unwrap().lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone()).collect();
        assert_eq!(ids, [json!(1), json!(5)]);
    }

    #[test]
    fn a_bad_line_says_what_was_expected() {
        let err = score_line(&Scorer::bundled(), r#"{"txt": "hi"}"#).unwrap_err();
        assert!(err.contains("expected {\"id\""), "{err}");
    }
}
