//! Tamper-evident screening results: a finished assessment's record (the candidate, every
//! answer, every score, the scenarios' and the scorer's hashes, the seed and the times), signed
//! with the organisation's key. `cooldown verify` checks the signature and compares the record
//! with what the results database holds now, naming every value that differs.

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde_json::{json, Value};

use super::keys::{hex, unhex};
use crate::store::{Selection, Store, StoreError};

/// The record's format.
pub const FORMAT: u32 = 1;

/// Why a result could not be sealed or read.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum SealError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no invitation has the code {code}")]
    NoSuchCode { code: String },
    #[error("the assessment for {code} is not finished yet; its result is sealed when the candidate finishes")]
    NotFinished { code: String },
    #[error("{} is not a sealed cooldown result: {why}", path.display())]
    NotSealed { path: std::path::PathBuf, why: String },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: std::path::PathBuf, source: std::io::Error },
}

/// A hash of the rubric and the learned weights in use (the bundled ones, or an organisation's
/// recalibrated ones): which scorer gave the scores.
pub fn scorer_hash() -> String {
    crate::scenario::takes::text_hash(&format!("{}{}", crate::scoring::rubric::BUNDLED, crate::scoring::learned::in_use_text()))
}

/// The record of the assessment sat under `code`, as the results database holds it now. As a
/// JSON value, whose object keys are sorted: the same record always gives the same bytes.
pub fn record(store: &Store, code: &str) -> Result<Value, SealError> {
    let inv = store.invitation(code)?.ok_or_else(|| SealError::NoSuchCode { code: code.to_string() })?;
    let mut sessions = Vec::new();
    for record in store.records(&Selection { invitation: Some(code.to_string()), ..Selection::default() })? {
        let s = &record.meta;
        let turns: Vec<Value> = record.turns.iter().map(|(turn, at)| json!({ "answered_ms": at, "turn": turn })).collect();
        let mut session = json!({
            "session": s.id,
            "scenario": s.scenario_id,
            "scenario_hash": s.scenario_hash,
            "mode": s.mode.name(),
            "seed": s.seed,
            "started_ms": s.started_ms,
            "ended_ms": s.ended_ms,
            "outcome": s.outcome,
            "scores": s.scores,
            "overall": s.overall,
            "band": s.band,
            "turns": turns,
        });
        // Reviewers' consensus, where it stands over the automatic scores: which turns, by how
        // many, and the automatic scores beside. Absent for an unreviewed session, so results
        // sealed before reviewing existed read the same.
        if let Some(reviewed) = &s.reviewed {
            session["reviewed"] = serde_json::to_value(reviewed).expect("a review serialises");
        }
        sessions.push(session);
    }
    // Through `Value` (keys sorted) so the bytes signed are the bytes checked.
    Ok(serde_json::to_value(json!({
        "format": FORMAT,
        "assessment": { "id": inv.assessment.id, "hash": inv.assessment.hash },
        "code": inv.code,
        "candidate": { "name": inv.person.name, "external_id": inv.person.external_id },
        "seed": inv.seed,
        "extra_time": inv.extra_time,
        "invited_ms": inv.created_ms,
        "finished_ms": inv.finished_ms,
        "scorer": scorer_hash(),
        "sessions": sessions,
    }))
    .expect("a JSON value is JSON"))
}

fn bytes(record: &Value) -> Vec<u8> {
    serde_json::to_vec(record).expect("a JSON value serialises")
}

/// Seals the finished assessment under `code`: its record, the signature and the public key.
pub fn seal(store: &Store, code: &str, key: &SigningKey) -> Result<Value, SealError> {
    let inv = store.invitation(code)?.ok_or_else(|| SealError::NoSuchCode { code: code.to_string() })?;
    if inv.finished_ms.is_none() {
        return Err(SealError::NotFinished { code: code.to_string() });
    }
    let record = record(store, code)?;
    let signature = key.sign(&bytes(&record));
    Ok(json!({ "record": record, "signature": hex(&signature.to_bytes()), "key": hex(key.verifying_key().as_bytes()) }))
}

/// Writes a sealed result, whole.
pub fn write(path: &Path, sealed: &Value) -> Result<(), SealError> {
    let text = serde_json::to_string_pretty(sealed).expect("a JSON value serialises") + "\n";
    crate::paths::write_whole(path, |tmp| std::fs::write(tmp, &text)).map_err(|source| SealError::Write { path: path.to_path_buf(), source })
}

/// What checking a sealed result found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The record is exactly what was signed.
    pub signature_valid: bool,
    /// It was signed with the organisation's key (the one given to check against).
    pub our_key: bool,
    /// Every value that differs between the signed record and the database now, named.
    pub differences: Vec<String>,
}

impl Verdict {
    /// Nothing was changed anywhere.
    pub fn holds(&self) -> bool {
        self.signature_valid && self.our_key && self.differences.is_empty()
    }
}

/// Checks a sealed result read from `path` against `public` and the database.
pub fn verify(store: &Store, path: &Path, public: &VerifyingKey) -> Result<Verdict, SealError> {
    let not = |why: String| SealError::NotSealed { path: path.to_path_buf(), why };
    let text = std::fs::read_to_string(path).map_err(|e| not(e.to_string()))?;
    let sealed: Value = serde_json::from_str(&text).map_err(|e| not(e.to_string()))?;
    let record = sealed.get("record").ok_or_else(|| not("it has no `record`".into()))?;
    let signature = sealed.get("signature").and_then(Value::as_str).and_then(unhex::<64>).ok_or_else(|| not("it has no readable `signature`".into()))?;
    let key = sealed
        .get("key")
        .and_then(Value::as_str)
        .and_then(unhex::<32>)
        .and_then(|k| VerifyingKey::from_bytes(&k).ok())
        .ok_or_else(|| not("it has no readable `key`".into()))?;
    let signature_valid = key.verify(&bytes(record), &Signature::from_bytes(&signature)).is_ok();
    let code = record.get("code").and_then(Value::as_str).ok_or_else(|| not("its record has no `code`".into()))?;
    let now = record_or_gone(store, code)?;
    let mut differences = Vec::new();
    diff("", record, &now, &mut differences);
    Ok(Verdict { signature_valid, our_key: &key == public, differences })
}

/// The record as the database holds it now; `null` when the invitation is gone.
fn record_or_gone(store: &Store, code: &str) -> Result<Value, SealError> {
    match record(store, code) {
        Ok(v) => Ok(v),
        Err(SealError::NoSuchCode { .. }) => Ok(Value::Null),
        Err(e) => Err(e),
    }
}

/// Names every leaf that differs between `signed` and `now` (`sessions[2].overall: 71 when
/// signed, 54 in the database`).
fn diff(at: &str, signed: &Value, now: &Value, out: &mut Vec<String>) {
    let here = |key: &str| if at.is_empty() { key.to_string() } else { format!("{at}.{key}") };
    match (signed, now) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                diff(&here(key), a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                diff(&format!("{at}[{i}]"), a.get(i).unwrap_or(&Value::Null), b.get(i).unwrap_or(&Value::Null), out);
            }
        }
        (a, b) if a != b => {
            let show = |v: &Value| if v.is_null() { "nothing".to_string() } else { v.to_string() };
            out.push(format!("{at}: {} when signed, {} in the database", show(a), show(b)));
        }
        _ => {}
    }
}
