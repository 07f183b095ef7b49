//! A person's data on request: forgetting them (every row, recording and sealed result), and
//! what an assessment's retention period says must go.

use std::path::Path;

use serde_json::{json, Value};

use crate::assessment::LoadedAssessment;
use crate::store::{Forgotten, Invitation, Selection, Store, StoreError};

/// Forgets the person called `name`: their rows in the store, the folders of their spoken
/// answers (only inside the data folder's answers), their sealed results in `results`.
pub fn forget(store: &Store, name: &str, results: &Path) -> Result<Option<Forgotten>, StoreError> {
    let Some(gone) = store.forget(name)? else { return Ok(None) };
    let answers = crate::paths::answers_root();
    for folder in &gone.answer_folders {
        // A folder is removed only where cooldown keeps answers: a database edited to point
        // elsewhere cannot make it delete anything else.
        let path = Path::new(folder);
        if path.starts_with(&answers) && path != answers {
            let _ = std::fs::remove_dir_all(path);
        }
    }
    if let Ok(entries) = std::fs::read_dir(results) {
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if gone.codes.iter().any(|code| file.ends_with(&format!("-{code}.json"))) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(Some(gone))
}

/// The candidates whose data the assessment's retention period says must go by `now_ms`: those
/// who finished more than `retention_days` ago.
pub fn expired(store: &Store, loaded: &LoadedAssessment, now_ms: i64) -> Result<Vec<Invitation>, StoreError> {
    let keep_ms = i64::from(loaded.assessment.retention_days) * 24 * 60 * 60 * 1000;
    Ok(store.invitations(&loaded.assessment.id)?.into_iter().filter(|i| i.finished_ms.is_some_and(|f| f + keep_ms < now_ms)).collect())
}

/// Why a person's data could not be exported.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("nobody called `{name}` has anything kept")]
    Nobody { name: String },
    #[error("{} already exists; export into a new folder", path.display())]
    Exists { path: std::path::PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: std::path::PathBuf, source: std::io::Error },
}

/// What was exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The JSON file of everything held.
    pub file: std::path::PathBuf,
    /// Sessions in it.
    pub sessions: usize,
    /// Recordings copied beside it.
    pub recordings: usize,
}

/// Everything held about the person called `name`, for them: a JSON file (who they are, their
/// invitations and self-identification, every session with every answer exactly as given, its
/// scores and reasons, reviewers' notes and ratings, and what the player noticed while they answered) and their recordings, in the new folder `out`.
pub fn export(store: &Store, name: &str, out: &Path) -> Result<Exported, ExportError> {
    let records = store.records(&Selection { person: Some(name.to_string()), ..Selection::default() })?;
    let invitations = store.invitations_of(name)?;
    if records.is_empty() && invitations.is_empty() {
        return Err(ExportError::Nobody { name: name.to_string() });
    }
    if out.exists() {
        return Err(ExportError::Exists { path: out.to_path_buf() });
    }
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Write { path, source }
    };
    crate::paths::create_private_dir(&out.join("recordings")).map_err(write_err(out))?;
    let mut recordings = 0;
    let mut sessions = Vec::new();
    for r in &records {
        if let Some(dir) = r.meta.answers_dir.as_deref().map(Path::new).filter(|d| d.is_dir()) {
            let target = out.join("recordings").join(r.meta.id.to_string());
            std::fs::create_dir_all(&target).map_err(write_err(&target))?;
            for entry in std::fs::read_dir(dir).map_err(write_err(dir))?.flatten() {
                if entry.path().is_file() {
                    std::fs::copy(entry.path(), target.join(entry.file_name())).map_err(write_err(&target))?;
                    recordings += 1;
                }
            }
        }
        let m = &r.meta;
        sessions.push(json!({
            "session": m.id, "scenario": m.scenario_id, "mode": m.mode.name(), "seed": m.seed,
            "started_ms": m.started_ms, "ended_ms": m.ended_ms, "outcome": m.outcome,
            "scores": m.scores, "overall": m.overall, "band": m.band,
            "turns": r.turns.iter().map(|(t, at)| json!({ "answered_ms": at, "turn": t })).collect::<Vec<_>>(),
            "reviews": r.reviews.iter().map(|v| json!({ "turn": v.turn, "reviewer": v.reviewer, "note": v.note, "created_ms": v.created_ms })).collect::<Vec<_>>(),
            "ratings": r.ratings.iter().map(|v| json!({
                "turn": v.turn, "reviewer": v.reviewer, "comment": v.comment, "created_ms": v.created_ms,
                "levels": crate::vocab::Dimension::ALL.iter().map(|d| (d.name(), v.level(*d))).collect::<std::collections::BTreeMap<_, _>>(),
            })).collect::<Vec<_>>(),
            "reviewed": m.reviewed,
            "observed": r.observed.iter().map(|o| json!({ "turn": o.turn, "kind": o.what.kind(), "amount": o.what.amount(), "at_ms": o.at_ms })).collect::<Vec<_>>(),
        }));
    }
    let mut invited = Vec::new();
    for i in &invitations {
        invited.push(json!({
            "code": i.code, "assessment": i.assessment.id, "seed": i.seed, "extra_time": i.extra_time,
            "invited_ms": i.created_ms, "opened_ms": i.opened_ms, "finished_ms": i.finished_ms,
            "self_identification": store.identification(&i.code)?.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
        }));
    }
    let person = records.first().map(|r| (r.meta.role.as_str(), r.meta.external_id.clone())).or_else(|| invitations.first().map(|i| (i.person.role.as_str(), i.person.external_id.clone())));
    let document: Value = json!({
        "name": name,
        "role": person.as_ref().map(|p| p.0),
        "external_id": person.and_then(|p| p.1),
        "invitations": invited,
        "sessions": sessions,
        "settings": store.settings_of(name)?.map(|j| serde_json::from_str::<Value>(&j)).transpose().map_err(StoreError::from)?,
    });
    let file = out.join("cooldown-data.json");
    let text = serde_json::to_string_pretty(&document).expect("a JSON value serialises") + "\n";
    crate::paths::write_whole(&file, |tmp| std::fs::write(tmp, &text)).map_err(write_err(&file))?;
    Ok(Exported { file, sessions: records.len(), recordings })
}
