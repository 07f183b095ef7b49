//! CSV for spreadsheets: one row per session, and one row per turn.

use std::io::Write;

use super::Session;
use crate::clock::iso8601;
use crate::engine::GivenAnswer;

/// The columns of `sessions.csv`.
/// The scores are what stands: the reviewers' consensus where they rated turns
/// (`reviewed_turns` of them), the automatic overall beside it.
pub const SESSION_HEADER: [&str; 19] = [
    "session", "person", "role", "scenario", "mode", "seed", "started", "ended", "complete", "outcome", "patience", "empathy",
    "clarification", "resolution", "overall", "band", "turns", "reviewed_turns", "automatic_overall",
];

/// The columns of `turns.csv`.
/// The points are the automatic scorer's; where reviewers rated the turn, `reviewers` says how
/// many and the `reviewed_` columns hold the points their consensus stands at.
pub const TURN_HEADER: [&str; 26] = [
    "session", "person", "scenario", "turn", "node", "kind", "answer", "patience", "empathy", "clarification", "resolution",
    "anger_before", "anger_after", "answered", "needs_review", "audio", "latency_s", "talk_s", "loudness_db", "reasons",
    "feedback", "reviewers", "reviewed_patience", "reviewed_empathy", "reviewed_clarification", "reviewed_resolution",
];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

/// Text as a spreadsheet should show it, never run it: a cell that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be read as a formula ("CSV injection"), so it gets a
/// leading `'`, as OWASP recommends. Only text cells pass through here (numbers keep their
/// sign); the store and the JSON exports keep the words exactly.
pub fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// One row per session.
pub fn sessions(out: impl Write, sessions: &[Session]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SESSION_HEADER)?;
    for s in sessions {
        let m = &s.meta;
        w.write_record([
            m.id.to_string(),
            text_cell(&m.person),
            m.role.as_str().to_string(),
            text_cell(&m.scenario_id),
            m.mode.name().to_string(),
            m.seed.to_string(),
            iso8601(m.started_ms),
            opt(m.ended_ms.map(iso8601)),
            m.is_complete().to_string(),
            opt(m.outcome.as_deref().map(text_cell)),
            opt(m.scores.patience),
            opt(m.scores.empathy),
            opt(m.scores.clarification),
            opt(m.scores.resolution),
            opt(m.overall),
            opt(m.band.as_deref().map(text_cell)),
            m.turns.to_string(),
            m.reviewed.as_ref().map_or(0, |r| r.turns.len()).to_string(),
            opt(m.reviewed.as_ref().map_or(m.overall, |r| Some(r.automatic_overall))),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// One row per turn.
pub fn turns(out: impl Write, sessions: &[Session]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(TURN_HEADER)?;
    for s in sessions {
        for (i, t) in s.turns.iter().enumerate() {
            let (kind, audio, delivery) = match &t.answer {
                GivenAnswer::Choice { .. } => ("choice", None, None),
                GivenAnswer::Text { .. } => ("text", None, None),
                GivenAnswer::Spoken { audio, delivery, .. } => ("spoken", Some(audio.clone()), Some(*delivery)),
            };
            let reasons: Vec<String> = t.reasons.iter().map(|r| r.why.clone()).collect();
            let reviewed = s.meta.reviewed.as_ref().and_then(|r| r.turns.iter().find(|r| r.number == t.number));
            let stands = |d: crate::vocab::Dimension| opt(reviewed.map(|r| r.consensus.get(d)));
            w.write_record([
                s.meta.id.to_string(),
                text_cell(&s.meta.person),
                text_cell(&s.meta.scenario_id),
                t.number.to_string(),
                text_cell(&t.node_id),
                kind.to_string(),
                text_cell(t.answer.text()),
                t.points.patience.to_string(),
                t.points.empathy.to_string(),
                t.points.clarification.to_string(),
                t.points.resolution.to_string(),
                t.anger_before.to_string(),
                t.anger_after.to_string(),
                opt(s.times.get(i).copied().map(iso8601)),
                t.answer.needs_review().to_string(),
                opt(audio.as_deref().map(text_cell)),
                opt(delivery.map(|d| format!("{:.2}", d.latency))),
                opt(delivery.map(|d| format!("{:.2}", d.talk_time))),
                opt(delivery.and_then(|d| d.loudness_db).map(|db| format!("{db:.1}"))),
                text_cell(&reasons.join(" | ")),
                text_cell(&t.feedback),
                reviewed.map_or(0, |r| r.reviewers).to_string(),
                stands(crate::vocab::Dimension::Patience),
                stands(crate::vocab::Dimension::Empathy),
                stands(crate::vocab::Dimension::Clarification),
                stands(crate::vocab::Dimension::Resolution),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The columns of an assessment's standings CSV.
pub const STANDING_HEADER: [&str; 16] = [
    "rank", "name", "external_id", "code", "status", "calls_finished", "calls", "overall", "band", "patience", "empathy", "clarification",
    "resolution", "result", "integrity", "integrity_reasons",
];

/// An assessment's candidates, ranked, one row each.
pub fn standings(out: impl Write, standings: &[crate::assessment::Standing]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(STANDING_HEADER)?;
    let number = |v: Option<u8>| v.map_or(String::new(), |v| v.to_string());
    for (i, s) in standings.iter().enumerate() {
        let result = match s.pass {
            Some(true) => "pass".to_string(),
            Some(false) => format!("below the cut: {}", s.short_of.join(", ")),
            None => "not finished".to_string(),
        };
        w.write_record([
            (i + 1).to_string(),
            text_cell(&s.name),
            text_cell(s.external_id.as_deref().unwrap_or("")),
            s.code.clone(),
            s.status.describe().to_string(),
            s.calls.0.to_string(),
            s.calls.1.to_string(),
            number(s.overall),
            s.band.clone().unwrap_or_default(),
            number(s.dimensions[0]),
            number(s.dimensions[1]),
            number(s.dimensions[2]),
            number(s.dimensions[3]),
            result,
            s.integrity.level.describe().to_string(),
            text_cell(&s.integrity.reasons.join("; ")),
        ])?;
    }
    w.flush()?;
    Ok(())
}
