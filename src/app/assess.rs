//! Screening assessments for hiring managers: inviting candidates (one-time codes, their ids in
//! the applicant tracking system, accommodations).

use std::path::{Path, PathBuf};

use crate::assessment::{self, code, LoadedAssessment, SeedPolicy};
use crate::store::{AssessmentRef, Invitation, Role, Store, StoreError};

/// Why candidates could not be invited.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum InviteError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read {}: {why}", path.display())]
    Candidates { path: PathBuf, why: String },
    #[error("{}:{line}: {why}", path.display())]
    Row { path: PathBuf, line: u64, why: String },
    #[error("no random source for the codes: {0}")]
    Random(#[from] getrandom::Error),
}

/// One candidate to invite, as the list gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Their name: their results are kept under it.
    pub name: String,
    /// Their id in the applicant tracking system, if given.
    pub external_id: Option<String>,
    /// Their time factor (an accommodation the assessment allows); 1.0 for none.
    pub extra_time: f32,
}

/// Reads a candidates list: a CSV file with a `name` column and, optionally, `external_id` and
/// `extra_time` (a factor the assessment's `accommodations` allow).
pub fn read_candidates(path: &Path, loaded: &LoadedAssessment) -> Result<Vec<Candidate>, InviteError> {
    let cannot = |why: String| InviteError::Candidates { path: path.to_path_buf(), why };
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_path(path).map_err(|e| cannot(e.to_string()))?;
    let headers = reader.headers().map_err(|e| cannot(e.to_string()))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let name_at = column("name").ok_or_else(|| cannot("it has no `name` column; the first line names the columns: name,external_id,extra_time".into()))?;
    let (id_at, time_at) = (column("external_id"), column("extra_time"));
    let allowed = &loaded.assessment.accommodations.extra_time;
    let mut out: Vec<Candidate> = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| cannot(e.to_string()))?;
        let line = row.position().map_or(0, |p| p.line());
        let bad = |why: String| InviteError::Row { path: path.to_path_buf(), line, why };
        let name = row.get(name_at).unwrap_or("").to_string();
        if name.is_empty() {
            return Err(bad("the name is empty".into()));
        }
        if out.iter().any(|c| c.name == name) {
            return Err(bad(format!("`{name}` is listed twice; give each candidate a name of their own")));
        }
        let external_id = id_at.and_then(|i| row.get(i)).filter(|s| !s.is_empty()).map(str::to_string);
        let extra_time = match time_at.and_then(|i| row.get(i)).filter(|s| !s.is_empty()) {
            None => 1.0,
            Some(t) => {
                let f: f32 = t.parse().map_err(|_| bad(format!("extra_time `{t}` is not a number (e.g. 1.5)")))?;
                if f != 1.0 && !allowed.contains(&f) {
                    let offered: Vec<String> = allowed.iter().map(|a| a.to_string()).collect();
                    return Err(bad(format!(
                        "extra_time {f} is not one the assessment allows ({}); add it to `accommodations` first",
                        if offered.is_empty() { "none".into() } else { offered.join(", ") }
                    )));
                }
                f
            }
        };
        out.push(Candidate { name, external_id, extra_time });
    }
    Ok(out)
}

/// An invitation made (or found already open) for a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Invited {
    /// The invitation.
    pub invitation: Invitation,
    /// True when the candidate already had an open invitation to this assessment, now reused.
    pub again: bool,
}

/// Invites every candidate to the assessment: a new one-time code each, or their open one.
pub fn invite(store: &Store, loaded: &LoadedAssessment, candidates: &[Candidate]) -> Result<Vec<Invited>, InviteError> {
    let a = &loaded.assessment;
    let reference = AssessmentRef {
        id: a.id.clone(),
        hash: loaded.content_hash(),
        path: std::fs::canonicalize(&loaded.source.path).unwrap_or_else(|_| loaded.source.path.clone()).display().to_string(),
    };
    let open = store.invitations(&a.id)?;
    let mut out = Vec::new();
    for c in candidates {
        if let Some(existing) = open.iter().find(|i| i.person.name == c.name && i.finished_ms.is_none()) {
            out.push(Invited { invitation: existing.clone(), again: true });
            continue;
        }
        let person = store.person(&c.name, Role::Candidate, c.external_id.as_deref())?;
        let seed = match a.seed {
            SeedPolicy::Shared(seed) => seed,
            // Kept below 2^53 so it survives any spreadsheet or JSON reader unchanged.
            SeedPolicy::PerCandidate => getrandom::u64()? >> 11,
        };
        let invitation = store.invite(&code::new_code()?, &reference, &person, seed, c.extra_time)?;
        out.push(Invited { invitation, again: false });
    }
    Ok(out)
}

/// Writes the codes for the manager to send: name, external id, code, extra time.
pub fn write_codes(path: &Path, invited: &[Invited]) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["name", "external_id", "code", "extra_time"])?;
    for i in invited {
        let inv = &i.invitation;
        out.write_record([
            crate::report::csv::text_cell(&inv.person.name).as_ref(),
            crate::report::csv::text_cell(inv.person.external_id.as_deref().unwrap_or("")).as_ref(),
            inv.code.as_str(),
            inv.extra_time.to_string().as_str(),
        ])?;
    }
    let bytes = out.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?;
    crate::paths::write_whole(path, |tmp| std::fs::write(tmp, &bytes))
}

/// Opens the assessment for inviting: it must lint clean.
pub fn open(path: &Path) -> Result<LoadedAssessment, Vec<crate::diagnostic::Diagnostic>> {
    assessment::open(path).map(|(loaded, _)| loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_invited_once_each_with_codes_and_their_accommodations() {
        let (dir, store, _) = super::super::scratch();
        let loaded = open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/support-agent.ron")).unwrap();
        let list = dir.path().join("candidates.csv");
        std::fs::write(&list, "name,external_id,extra_time\nAda Lovelace,ATS-1,\n=cmd,ATS-2,1.5\n").unwrap();
        let candidates = read_candidates(&list, &loaded).unwrap();
        assert_eq!(candidates[1], Candidate { name: "=cmd".into(), external_id: Some("ATS-2".into()), extra_time: 1.5 });
        let invited = invite(&store, &loaded, &candidates).unwrap();
        assert_eq!(invited.len(), 2);
        assert!(invited.iter().all(|i| !i.again && i.invitation.person.role == Role::Candidate));
        assert_ne!(invited[0].invitation.code, invited[1].invitation.code);
        assert_ne!(invited[0].invitation.seed, invited[1].invitation.seed, "a seed per candidate");
        let found = store.invitation(&invited[1].invitation.code).unwrap().unwrap();
        assert_eq!((found.extra_time, found.person.external_id.as_deref()), (1.5, Some("ATS-2")));
        // Inviting again reuses the open invitation rather than making a second code.
        let again = invite(&store, &loaded, &candidates[..1]).unwrap();
        assert!(again[0].again && again[0].invitation.code == invited[0].invitation.code);
        // The codes file keeps a spreadsheet from running a name.
        let codes = dir.path().join("codes.csv");
        write_codes(&codes, &invited).unwrap();
        let text = std::fs::read_to_string(&codes).unwrap();
        assert!(text.contains("'=cmd,ATS-2,") && text.contains(&invited[0].invitation.code), "{text}");
    }

    #[test]
    fn a_bad_candidates_list_names_the_line_and_the_fix() {
        let (dir, _store, _) = super::super::scratch();
        let loaded = open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/support-agent.ron")).unwrap();
        let list = dir.path().join("c.csv");
        std::fs::write(&list, "name,extra_time\nAda,1.5\nBo,3\n").unwrap();
        let err = read_candidates(&list, &loaded).unwrap_err().to_string();
        assert!(err.ends_with("c.csv:3: extra_time 3 is not one the assessment allows (1.25, 1.5, 2); add it to `accommodations` first"), "{err}");
        std::fs::write(&list, "who\nAda\n").unwrap();
        assert!(read_candidates(&list, &loaded).unwrap_err().to_string().contains("no `name` column"));
    }
}
