//! xAPI (Experience API 1.0.3) statements for a learning record store: one "answered"
//! statement per turn (the node as a cmi.interaction, the points as the result), and one
//! "completed" statement per ended session (the scenario, the overall score).

use serde_json::{json, Value};

use super::{stable_uuid, Session};
use crate::clock::iso8601;
use crate::scenario::Dimension;

/// Where cooldown's activity and extension ids live. IRIs only name things; nothing is fetched.
pub const BASE: &str = "https://cooldown.invalid/xapi";

fn verb(name: &str) -> Value {
    json!({ "id": format!("http://adlnet.gov/expapi/verbs/{name}"), "display": { "en-US": name } })
}

fn actor(s: &Session) -> Value {
    json!({
        "objectType": "Agent",
        "name": s.meta.person,
        // An LMS matches people by account: their id there when known, else their name here.
        "account": { "homePage": format!("{BASE}/people"), "name": s.meta.external_id.as_deref().unwrap_or(&s.meta.person) },
    })
}

fn scenario_activity(s: &Session) -> Value {
    json!({
        "objectType": "Activity",
        "id": format!("{BASE}/scenarios/{}", s.meta.scenario_id),
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/simulation",
            "name": { "en-US": s.meta.scenario_id },
        },
    })
}

fn context(s: &Session) -> Value {
    json!({
        "registration": stable_uuid(&format!("session {} {}", s.meta.id, s.meta.started_ms)),
        "contextActivities": { "parent": [scenario_activity(s)] },
        "extensions": {
            format!("{BASE}/mode"): s.meta.mode.name(),
            format!("{BASE}/seed"): s.meta.seed,
            format!("{BASE}/role"): s.meta.role.as_str(),
        },
    })
}

/// Every statement for these sessions.
pub fn statements(sessions: &[Session]) -> Vec<Value> {
    let mut out = Vec::new();
    for s in sessions {
        for (i, t) in s.turns.iter().enumerate() {
            let points: serde_json::Map<String, Value> =
                Dimension::ALL.iter().map(|d| (d.name().to_string(), json!(t.points.get(*d)))).collect();
            let reasons: Vec<&str> = t.reasons.iter().map(|r| r.why.as_str()).collect();
            out.push(json!({
                "id": stable_uuid(&format!("session {} {} turn {}", s.meta.id, s.meta.started_ms, t.number)),
                "actor": actor(s),
                "verb": verb("answered"),
                "object": {
                    "objectType": "Activity",
                    "id": format!("{BASE}/scenarios/{}/nodes/{}", s.meta.scenario_id, t.node_id),
                    "definition": {
                        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                        "interactionType": "other",
                        "name": { "en-US": format!("{}: {}", s.meta.scenario_id, t.node_id) },
                    },
                },
                "result": {
                    "response": t.answer.text(),
                    "score": { "raw": t.points.total() },
                    "extensions": {
                        format!("{BASE}/points"): points,
                        format!("{BASE}/reasons"): reasons,
                        format!("{BASE}/anger"): { "before": t.anger_before, "after": t.anger_after },
                        format!("{BASE}/needs-review"): t.answer.needs_review(),
                        format!("{BASE}/reviewed"): s.meta.reviewed.as_ref().and_then(|r| r.turns.iter().find(|r| r.number == t.number))
                            .map(|r| json!({ "reviewers": r.reviewers, "points": r.consensus })),
                    },
                },
                "context": context(s),
                "timestamp": iso8601(s.times.get(i).copied().unwrap_or(s.meta.started_ms)),
            }));
        }
        // An ended session's result is in its listing: the store writes both at once.
        if let (Some(ended), Some(overall), Some(band), Some(outcome)) = (s.meta.ended_ms, s.meta.overall, &s.meta.band, &s.meta.outcome) {
            out.push(json!({
                "id": stable_uuid(&format!("session {} {} completed", s.meta.id, s.meta.started_ms)),
                "actor": actor(s),
                "verb": verb("completed"),
                "object": scenario_activity(s),
                "result": {
                    "completion": true,
                    "success": band != crate::engine::Band::Bronze.name(),
                    "score": { "scaled": f64::from(overall) / 100.0, "raw": overall, "min": 0, "max": 100 },
                    "extensions": {
                        format!("{BASE}/outcome"): outcome,
                        format!("{BASE}/band"): band,
                        format!("{BASE}/scores"): s.meta.scores,
                        format!("{BASE}/reviewed"): s.meta.reviewed.as_ref().map(|r| json!({
                            "turns": r.turns.iter().map(|t| json!({ "turn": t.number, "reviewers": t.reviewers })).collect::<Vec<_>>(),
                            "automatic_scores": r.automatic,
                            "automatic_overall": r.automatic_overall,
                        })),
                    },
                },
                "context": context(s),
                "timestamp": iso8601(ended),
            }));
        }
    }
    out
}
