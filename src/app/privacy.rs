//! A person's data on request: forgetting them (every row, recording and sealed result), and
//! what an assessment's retention period says must go.

use std::path::Path;

use crate::assessment::LoadedAssessment;
use crate::store::{Forgotten, Invitation, Store, StoreError};

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
