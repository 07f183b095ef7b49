//! Screening assessments for hiring managers: inviting candidates (one-time codes, their ids in
//! the applicant tracking system, accommodations).

use std::path::{Path, PathBuf};

use std::time::Duration;

use crate::assessment::signals::{self, Level, Noticed, Observed, Signals, Timed, Typed};
use crate::assessment::{self, code, AnswerKind, LoadedAssessment, SeedPolicy, Standing, Status};
use crate::vocab::Dimension;
use crate::scenario::LoadedScenario;
use crate::store::{AssessmentRef, Invitation, Kept, Record, ResumeError, Resumed, Role, ScenarioRef, Selection, Store, StoreError};

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

/// What a screening assessment changes in the player: which answers it takes, a visible clock,
/// and no result at the end of a call (the hiring team reads the results).
#[derive(Debug, Clone)]
pub struct Rules {
    /// The ways of answering the assessment allows.
    pub answers: Vec<AnswerKind>,
    /// When this player's part of the assessment started, and how much was used before it.
    pub started: std::time::Instant,
    /// Time used in earlier sittings of this assessment (up to the last kept answer).
    pub used_before: std::time::Duration,
    /// The whole assessment's limit, extra time included.
    pub total: Option<std::time::Duration>,
    /// One answer's limit, extra time included (shown as guidance; the time is recorded).
    pub per_turn: Option<std::time::Duration>,
}

impl Rules {
    /// Whether answers of this kind are taken.
    pub fn allows(&self, kind: AnswerKind) -> bool {
        self.answers.contains(&kind)
    }

    /// Whether answers of this kind are taken under `rules` (any answer, outside an assessment).
    pub fn allow(rules: Option<&Rules>, kind: AnswerKind) -> bool {
        rules.is_none_or(|r| r.allows(kind))
    }

    /// Time used so far, this sitting and earlier ones.
    pub fn used(&self) -> std::time::Duration {
        self.used_before + self.started.elapsed()
    }

    /// Whether the whole assessment's time is up.
    pub fn time_is_up(&self) -> bool {
        self.total.is_some_and(|t| self.used() >= t)
    }

    /// The clock line shown before each answer.
    pub fn clock(&self) -> String {
        let mmss = |d: std::time::Duration| format!("{:02}:{:02}", d.as_secs() / 60, d.as_secs() % 60);
        let mut out = format!("⏱ {}", mmss(self.used()));
        if let Some(total) = self.total {
            out.push_str(&format!(" of {}", mmss(total)));
        }
        if let Some(turn) = self.per_turn {
            out.push_str(&format!(" · answer within {}", mmss(turn)));
        }
        out
    }
}

/// Why a candidate cannot sit (or go on with) an assessment.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum SitError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("`{typed}` is not an invitation code; a code has 12 letters and digits, like K7QF-2M9D-XR3P")]
    NotACode { typed: String },
    #[error("no invitation has the code {code}; check it against the message you were sent")]
    NoSuchCode { code: String },
    #[error("the assessment for {code} is finished; thank you, your answers are with the hiring team")]
    Finished { code: String },
    #[error("the assessment {path} has changed since you were invited, so it cannot be sat as it was set; ask the hiring team")]
    Changed { path: String },
    #[error("the assessment {path} cannot be opened: {why}")]
    Unusable { path: String, why: String },
    #[error(transparent)]
    Resume(#[from] ResumeError),
}

/// A candidate's way into their assessment: the invitation, the assessment as it was set, its
/// scenarios in order.
pub struct Entry {
    /// The invitation the code names.
    pub invitation: Invitation,
    /// The assessment, checked unchanged since the invitation.
    pub loaded: LoadedAssessment,
    /// Its scenarios, in the order they are sat.
    pub scenarios: Vec<LoadedScenario>,
}

impl Entry {
    /// The folder a candidate's spoken answers go into, under the answers folder.
    pub fn answers_folder(&self) -> String {
        format!("assessment-{}", self.invitation.code)
    }

    /// Where a candidate's spoken answers go.
    pub fn answers_dir(&self) -> PathBuf {
        crate::paths::answers_root().join(self.answers_folder())
    }

    /// Whether the voluntary questions are asked: once, when the candidate first opens it.
    pub fn asks_questions(&self) -> bool {
        self.invitation.opened_ms.is_none() && !self.loaded.assessment.self_identification.is_empty()
    }
}

/// What the candidate is told before the voluntary questions.
pub const QUESTIONS_NOTE: &str = "These questions are voluntary. Your answers are kept apart from your answers and scores, never \
     shown beside them, and used only to check that the assessment treats every group fairly.";

/// What the candidate is told when a paste is refused.
pub const PASTE_REFUSED: &str = "Pasting is turned off in this assessment: type your answer yourself. (The attempt is noted.)";

/// What the candidate is told on leaving part-way.
pub const LEFT: &str = "You left the assessment; every answer so far is kept. Enter your code again to go on where you stopped.";

/// What the candidate is told at the end.
pub const FINISHED: &str = "You have finished the assessment. Thank you: your answers are with the hiring team.";

/// What the candidate is told when the time is up.
pub const TIME_UP: &str = "Time is up. Your answers so far are kept and are with the hiring team.";

/// Looks up a typed code: the invitation, still open, for an assessment unchanged since.
pub fn enter(store: &Store, typed: &str) -> Result<Entry, SitError> {
    let code = code::normalise(typed).ok_or_else(|| SitError::NotACode { typed: typed.to_string() })?;
    let invitation = store.invitation(&code)?.ok_or(SitError::NoSuchCode { code: code.clone() })?;
    if invitation.finished_ms.is_some() {
        return Err(SitError::Finished { code });
    }
    let path = invitation.assessment.path.clone();
    let (loaded, scenarios) = assessment::open(Path::new(&path)).map_err(|findings| SitError::Unusable {
        path: path.clone(),
        why: findings.first().map_or_else(|| "it has errors".to_string(), |d| d.message.clone()),
    })?;
    if loaded.content_hash() != invitation.assessment.hash {
        return Err(SitError::Changed { path });
    }
    Ok(Entry { invitation, loaded, scenarios })
}

/// What the candidate reads before starting: what is recorded, why, who sees it, for how long.
pub fn notice(entry: &Entry) -> String {
    let a = &entry.loaded.assessment;
    let calls = entry.scenarios.len();
    let mut time = String::new();
    if let Some(total) = total_limit(entry) {
        time.push_str(&format!(" You have {} minutes in all", total.as_secs().div_ceil(60)));
        if let Some(turn) = turn_limit(entry) {
            time.push_str(&format!(", about {} seconds for each answer", turn.as_secs()));
        }
        time.push('.');
    }
    let extra = if entry.invitation.extra_time > 1.0 { format!(" Your time includes the extra time you were granted (×{}).", entry.invitation.extra_time) } else { String::new() };
    format!(
        "{title}\n\nYou will take {calls} customer call(s), one after another, as {name}.{time}{extra} There is no feedback \
         during the assessment and no second attempt; if you are interrupted, enter your code again to go on where you stopped.\n\n\
         What is recorded: every answer you give (the option, your words exactly as typed, or your voice if you answer aloud), when \
         you gave it, and the scores cooldown computes from it. Why: so the hiring team can compare candidates fairly on the \
         same calls. Who sees it: the hiring team that invited you. How long: {days} days after you finish, then it is deleted. \
         You can ask the hiring team for a copy of everything held about you, or for it to be deleted.",
        title = a.title,
        name = entry.invitation.person.name,
        days = a.retention_days,
    )
}

fn total_limit(entry: &Entry) -> Option<Duration> {
    entry.loaded.assessment.time.total_min.map(|m| Duration::from_secs_f32(m as f32 * 60.0 * entry.invitation.extra_time))
}

fn turn_limit(entry: &Entry) -> Option<Duration> {
    entry.loaded.assessment.time.per_turn_s.map(|s| Duration::from_secs_f32(s as f32 * entry.invitation.extra_time))
}

/// What comes next for the candidate.
pub enum Next {
    /// A call not begun yet: its position in the assessment, and where it is kept.
    Begin {
        /// Which call, from 0.
        index: usize,
        /// The new session in the store.
        kept: Kept,
    },
    /// A call interrupted part-way, rebuilt to where it stopped.
    Resume {
        /// Which call, from 0.
        index: usize,
        /// The session rebuilt from its kept answers.
        resumed: Box<Resumed>,
    },
    /// Every call is done.
    Done,
}

impl Next {
    /// For a call to sit (begun or resumed): which one, and where it is kept.
    pub fn call(&self) -> Option<(usize, &Kept)> {
        match self {
            Next::Begin { index, kept } => Some((*index, kept)),
            Next::Resume { index, resumed } => Some((*index, &resumed.kept)),
            Next::Done => None,
        }
    }
}

/// The next call: the first one not finished, resumed if it was begun. The candidate's first
/// `next` marks the invitation opened; the last one marks it finished.
pub fn next(store: &Store, entry: &Entry, answers_dir: Option<&Path>) -> Result<Next, SitError> {
    store.mark_invitation(&entry.invitation.code, false)?;
    let sat = store.sitting(&entry.invitation.code)?;
    for (index, scenario) in entry.scenarios.iter().enumerate() {
        let id = &scenario.scenario.id;
        match sat.iter().rfind(|s| &s.scenario_id == id) {
            Some(s) if s.is_complete() => continue,
            Some(s) => {
                let resumed = store.reopen(s.clone())?;
                // Its last answer ended it, and reopening wrote the result it lacked.
                if resumed.session.is_over() {
                    continue;
                }
                return Ok(Next::Resume { index, resumed: Box::new(resumed) });
            }
            None => {
                let session = store.begin_sitting(&entry.invitation, &ScenarioRef::of(scenario), answers_dir)?;
                return Ok(Next::Begin { index, kept: Kept::new(session, 0) });
            }
        }
    }
    store.mark_invitation(&entry.invitation.code, true)?;
    Ok(Next::Done)
}

/// The rules the candidate sits under, counting the time used in earlier sittings up to their
/// last kept answer: a gap while the candidate was away (a crash, a lost connection) is not
/// held against them.
pub fn rules(store: &Store, entry: &Entry) -> Result<Rules, SitError> {
    let mut used_ms = 0i64;
    for s in store.sitting(&entry.invitation.code)? {
        let last = store.timed_turns(s.id)?.last().map(|(_, at)| *at);
        let end = s.ended_ms.or(last).unwrap_or(s.started_ms);
        used_ms += (end - s.started_ms).max(0);
    }
    Ok(Rules {
        answers: entry.loaded.assessment.answers.clone(),
        started: std::time::Instant::now(),
        used_before: Duration::from_millis(used_ms as u64),
        total: total_limit(entry),
        per_turn: turn_limit(entry),
    })
}

/// Every invited candidate's standing, best first (finished candidates by overall score, then
/// those still sitting, then those not started).
pub fn standings(store: &Store, loaded: &LoadedAssessment) -> Result<Vec<Standing>, StoreError> {
    Ok(ranking(store, loaded)?.standings)
}

/// The hiring team's ranking: every candidate's standing, and the evidence behind it.
pub struct Ranking {
    /// Every invited candidate, best first (as [`standings`]).
    pub standings: Vec<Standing>,
    /// Each candidate's calls as the reports show them (every answer with the reasons for its
    /// points), by invitation code.
    pub evidence: std::collections::HashMap<String, Vec<crate::report::Session>>,
}

/// The standings and their evidence, each candidate's sittings read once for both.
pub fn ranking(store: &Store, loaded: &LoadedAssessment) -> Result<Ranking, StoreError> {
    let a = &loaded.assessment;
    let (pack, _) = crate::scenario::pack::load_pack(&loaded.pack_dir());
    let (mut typed, mut timed, mut observed) = (Vec::new(), Vec::new(), Vec::new());
    let mut out = Vec::new();
    let mut evidence = std::collections::HashMap::new();
    for inv in store.invitations(&a.id)? {
        // Each sitting read once, turns and reviews with it, for the scores, the review count,
        // the signals and the evidence alike.
        let sat = store.records(&Selection { invitation: Some(inv.code.clone()), ..Selection::default() })?;
        let done: Vec<_> = sat.iter().map(|r| &r.meta).filter(|s| s.is_complete()).collect();
        let mean = |values: Vec<u8>| (!values.is_empty()).then(|| (values.iter().map(|v| u32::from(*v)).sum::<u32>() as f64 / values.len() as f64).round() as u8);
        let overall = mean(done.iter().filter_map(|s| s.overall).collect());
        let dimensions = Dimension::ALL.map(|d| mean(done.iter().filter_map(|s| s.scores.get(d)).collect()));
        let status = match (inv.finished_ms, inv.opened_ms) {
            (Some(_), _) => Status::Finished,
            (None, Some(_)) => Status::InProgress,
            (None, None) => Status::NotStarted,
        };
        let mut short_of = Vec::new();
        if let (Some(cut), Some(o)) = (a.cut.overall, overall) {
            if o < cut {
                short_of.push(format!("overall {o} < {cut}"));
            }
        }
        for (d, cut) in &a.cut.dimensions {
            match dimensions[d.index()] {
                Some(v) if v < *cut => short_of.push(format!("{} {v} < {cut}", d.name())),
                None if status == Status::Finished => short_of.push(format!("{} not measured", d.name())),
                _ => {}
            }
        }
        let awaiting_review = sat
            .iter()
            .map(|r| {
                let reviewed = |n: usize| r.reviews.iter().any(|v| v.turn == Some(n)) || r.ratings.iter().any(|v| v.turn == n);
                r.turns.iter().filter(|(t, _)| t.answer.needs_review() && !reviewed(t.number)).count()
            })
            .sum();
        collect_for_signals(&inv.person.name, &sat, &pack, &mut typed, &mut timed, &mut observed);
        out.push(Standing {
            name: inv.person.name.clone(),
            external_id: inv.person.external_id.clone(),
            code: inv.code.clone(),
            status,
            calls: (done.len(), a.scenarios.len()),
            overall,
            dimensions,
            band: overall.map(|o| a.band_of(o)),
            pass: (status == Status::Finished).then_some(short_of.is_empty()),
            short_of,
            awaiting_review,
            reviewed: sat.iter().filter_map(|r| r.meta.reviewed.as_ref()).map(|r| r.turns.len()).sum(),
            integrity: Signals { level: Level::None, reasons: Vec::new() },
        });
        evidence.insert(inv.code.clone(), sat.into_iter().map(crate::report::Session::from).collect());
    }
    let found = signals::signals(&out.iter().map(|s| s.name.clone()).collect::<Vec<_>>(), &typed, &timed, &observed);
    for s in &mut out {
        if let Some(f) = found.get(&s.name) {
            s.integrity = f.clone();
        }
    }
    let rank = |s: &Standing| match s.status {
        Status::Finished => 0,
        Status::InProgress => 1,
        Status::NotStarted => 2,
    };
    out.sort_by(|a, b| rank(a).cmp(&rank(b)).then(b.overall.cmp(&a.overall)).then(a.name.cmp(&b.name)));
    Ok(Ranking { standings: out, evidence })
}

/// The adverse-impact figures of an assessment by the self-identified `field`: for the cut
/// score as a whole, then per dimension (at its own cut, or the overall cut where it has none).
/// Only finished candidates who answered the question count; how many did not answer is said.
pub struct Impact {
    /// What was selected on ("overall", "empathy", ...), with each group's figures.
    pub by_measure: Vec<(String, Vec<crate::assessment::impact::Group>)>,
    /// Finished candidates who did not answer the question (left out of the figures).
    pub unanswered: usize,
}

/// Computes [`Impact`] for `field`.
pub fn impact(store: &Store, loaded: &LoadedAssessment, field: &str) -> Result<Impact, StoreError> {
    use crate::assessment::impact::groups;
    let a = &loaded.assessment;
    let answers: std::collections::HashMap<String, String> = store.identifications(&a.id, field)?.into_iter().collect();
    let finished: Vec<Standing> = standings(store, loaded)?.into_iter().filter(|s| s.status == Status::Finished).collect();
    let unanswered = finished.iter().filter(|s| !answers.contains_key(&s.code)).count();
    let counted: Vec<(&Standing, &String)> = finished.iter().filter_map(|s| answers.get(&s.code).map(|g| (s, g))).collect();
    let mut by_measure = vec![("overall".to_string(), groups(&counted.iter().map(|(s, g)| ((*g).clone(), s.pass == Some(true))).collect::<Vec<_>>()))];
    for d in Dimension::ALL {
        let Some(cut) = a.cut.dimensions.get(&d).copied().or(a.cut.overall) else { continue };
        let selected = counted.iter().map(|(s, g)| ((*g).clone(), s.dimensions[d.index()].is_some_and(|v| v >= cut))).collect::<Vec<_>>();
        by_measure.push((format!("{} (cut {cut})", d.name()), groups(&selected)));
    }
    Ok(Impact { by_measure, unanswered })
}

/// A candidate's typed answers (by question), how long each answer took against what the
/// customer had said, and what the player noticed, for the integrity signals.
fn collect_for_signals(
    candidate: &str,
    sat: &[Record],
    pack: &[LoadedScenario],
    typed: &mut Vec<Typed>,
    timed: &mut Vec<Timed>,
    observed: &mut Vec<Observed>,
) {
    for Record { meta: s, turns, observed: noticed, .. } in sat {
        observed.extend(noticed.iter().map(|o| Observed { candidate: candidate.to_string(), what: o.what }));
        let scenario = pack.iter().find(|p| p.scenario.id == s.scenario_id);
        let mut since = s.started_ms;
        for (turn, at) in turns {
            let words: Option<&str> = match &turn.answer {
                crate::engine::GivenAnswer::Text { text, .. } => Some(text),
                crate::engine::GivenAnswer::Spoken { transcript, .. } => transcript.as_deref(),
                crate::engine::GivenAnswer::Choice { .. } => None,
            };
            if let Some(text) = words {
                typed.push(Typed { candidate: candidate.to_string(), question: format!("{}/{}", s.scenario_id, turn.node_id), text: text.to_string() });
            }
            let heard = scenario
                .and_then(|l| l.scenario.node(&turn.node_id))
                .map_or(0, |n| n.lines.iter().map(|l| l.text.split_whitespace().count()).sum());
            // Typing the player timed from the first key is counted from that; the time from
            // the question is only for answers it did not time.
            let timed_by_player = noticed.iter().any(|o| o.turn == turn.number && matches!(o.what, Noticed::Typing { .. }));
            let chars_typed = match &turn.answer {
                crate::engine::GivenAnswer::Text { text, .. } if !timed_by_player => text.chars().count(),
                _ => 0,
            };
            timed.push(Timed { candidate: candidate.to_string(), seconds: (at - since).max(0) as f64 / 1000.0, words_heard: heard, chars_typed });
            since = *at;
        }
    }
}

/// Where sealed results are written: `results/` in the data folder.
pub fn results_dir() -> PathBuf {
    crate::paths::data_dir().join("results")
}

/// Seals a finished assessment with the organisation's key, when this machine has it, into
/// `dir` (made owner-only when missing); where it went, or `None` without a key.
pub fn seal_finished(store: &Store, code: &str, dir: &Path) -> Result<Option<PathBuf>, super::sealed::SealError> {
    let Ok(key) = super::keys::signing(&super::keys::dir()) else { return Ok(None) };
    seal_into(store, code, &key, dir, None).map(Some)
}

/// Seals the finished assessment under `code` with `key` into `out`, or by default into
/// `dir/ASSESSMENT-CODE.json` (`dir` made owner-only when missing); where it went.
pub fn seal_into(store: &Store, code: &str, key: &ed25519_dalek::SigningKey, dir: &Path, out: Option<&Path>) -> Result<PathBuf, super::sealed::SealError> {
    let sealed = super::sealed::seal(store, code, key)?;
    let path = match out {
        Some(path) => path.to_path_buf(),
        None => {
            crate::paths::create_private_dir(dir).map_err(|source| super::sealed::SealError::Write { path: dir.to_path_buf(), source })?;
            let assessment = sealed["record"]["assessment"]["id"].as_str().unwrap_or("assessment");
            dir.join(format!("{assessment}-{code}.json"))
        }
    };
    super::sealed::write(&path, &sealed)?;
    Ok(path)
}

/// Opens the assessment for inviting: it must lint clean.
pub fn open(path: &Path) -> Result<LoadedAssessment, Vec<crate::diagnostic::Diagnostic>> {
    assessment::open(path).map(|(loaded, _)| loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Mode, Response, Session};
    use std::sync::Arc;

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
    fn a_call_stopped_between_its_last_answer_and_its_result_is_finished_not_sat_again() {
        let (dir, store, _) = super::super::scratch();
        let loaded = open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/support-agent.ron")).unwrap();
        let invited = invite(&store, &loaded, &[Candidate { name: "Ada".into(), external_id: None, extra_time: 1.0 }]).unwrap();
        let entry = enter(&store, &invited[0].invitation.code).unwrap();
        let answers = dir.path().join("answers");
        let Next::Begin { index: 0, kept } = next(&store, &entry, Some(&answers)).unwrap() else { panic!("the first call begins") };
        // The first call answered to its end, every turn kept, then the process killed before
        // its result was written (the store writes them one after the other).
        let scenario = Arc::new(entry.scenarios[0].scenario.clone());
        let (mut session, _) = Session::start(scenario, entry.invitation.seed, Mode::Screening).unwrap();
        while let Some(prompt) = session.prompt() {
            let answer = if prompt.choices.is_empty() { Response::Text("I'm sorry; let me put this right.".into()) } else { Response::Choice(0) };
            session.respond(answer).unwrap();
        }
        for (turn, response) in session.turns().iter().zip(session.responses()) {
            store.add_turn(kept.session, turn, response).unwrap();
        }
        assert!(!store.session(kept.session).unwrap().is_complete());
        // Coming back: the second call is next, and the first holds the result its answers made.
        let Next::Begin { index: 1, .. } = next(&store, &entry, Some(&answers)).unwrap() else { panic!("the second call is next") };
        let first = store.session(kept.session).unwrap();
        assert!(first.is_complete());
        assert_eq!(first.overall, Some(session.result().unwrap().overall));
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
