//! Reviewing answers: the queue of turns waiting for a reviewer, one turn as a reviewer sees it
//! (blind: no automatic score and no other rating until they have rated it), rating it on the
//! anchored scales, typing out a spoken answer's words (which scores the turn again), notes,
//! and the standing scores reviewers' consensus gives a session, the automatic ones kept beside.

use std::collections::BTreeMap;

use crate::engine::{CustomerLine, Event, GivenAnswer, Response, ReviewedTurn, Turn};
use crate::scoring::agreement::median;
use crate::scoring::scales::{Scale, LEVELS};
use crate::store::{NewRating, Rating, ResumeError, Review, Selection, Store, StoreError, StoredSession};
use crate::vocab::{Dimension, Points};

/// Why a review failed.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum ReviewError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The session's scenario is needed to hear the customer and to map levels to points.
    #[error(transparent)]
    Replay(#[from] ResumeError),
    #[error("give at least one level (--patience, --empathy, --clarification or --resolution, 1-5)")]
    NoLevels,
    #[error("{dimension} {level} is not a level; levels run from 1 to 5 (see the anchors with `cooldown review SESSION --turn N`)")]
    NotALevel { dimension: &'static str, level: u8 },
    #[error("turn {turn} of session {session} is a chosen option, scored by its author; only answers in the trainee's own words are rated")]
    Authored { session: i64, turn: usize },
    #[error("turn {turn} of session {session} is not a spoken answer; only a recording's words are typed out")]
    NotSpoken { session: i64, turn: usize },
    #[error("turn {turn} of session {session} is already typed out; its words are kept as given")]
    AlreadyTyped { session: i64, turn: usize },
    #[error("the words are empty; type what the recording says")]
    NoWords,
}

/// Why a turn is in a reviewer's queue, in the order the queue takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// Rated by a lead reviewer: the calibration set every reviewer rates first.
    Calibration,
    /// A spoken answer: nothing but delivery is scored until someone reviews it.
    Spoken,
    /// One of a sample of typed answers, to check the automatic scorer against people.
    Sampled,
    /// Something was noticed while it was given (a refused paste, time away).
    Flagged,
}

impl Why {
    /// How the queue says it.
    pub fn describe(self) -> &'static str {
        match self {
            Why::Calibration => "calibration (rated by a lead reviewer)",
            Why::Spoken => "spoken answer",
            Why::Sampled => "typed answer, sampled",
            Why::Flagged => "flagged while answered",
        }
    }
}

/// One typed answer in this many is sampled for review (chosen by session and turn, so the
/// sample is the same for every reviewer and every run).
pub const SAMPLE_EVERY: u64 = 5;

/// A turn waiting for a reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// The session.
    pub session: i64,
    /// The turn (1-based).
    pub turn: usize,
    /// Why it is queued.
    pub why: Why,
    /// How many reviewers have rated it.
    pub ratings: usize,
}

/// Whether a typed answer is in the review sample: a fixed mix of session and turn.
fn sampled(session: i64, turn: usize) -> bool {
    let mut x = (session as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (turn as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x ^= x >> 31;
    x.wrapping_mul(0xFF51_AFD7_ED55_8CCD).is_multiple_of(SAMPLE_EVERY)
}

/// The turns `reviewer` has still to rate among the sessions `which` selects: the calibration
/// set first, then spoken answers (the least-rated first), then sampled typed answers, then
/// flagged ones. Chosen options are never queued: their points are the author's.
pub fn queue(store: &Store, reviewer: &str, which: &Selection) -> Result<Vec<Queued>, StoreError> {
    let mut out = Vec::new();
    for record in store.records(which)? {
        let spoken = record.turns.iter().any(|(t, _)| matches!(t.answer, GivenAnswer::Spoken { .. }));
        let responses = if spoken { store.responses(record.meta.id)? } else { Vec::new() };
        for (turn, _) in &record.turns {
            let rated: Vec<&Rating> = record.ratings.iter().filter(|r| r.turn == turn.number).collect();
            if rated.iter().any(|r| r.reviewer == reviewer) || matches!(turn.answer, GivenAnswer::Choice { .. }) {
                continue;
            }
            let why = if rated.iter().any(|r| r.lead) {
                Why::Calibration
            } else if matches!(turn.answer, GivenAnswer::Spoken { .. }) && !responses.get(turn.number - 1).is_some_and(confidently_heard) {
                Why::Spoken
            } else if sampled(record.meta.id, turn.number) {
                Why::Sampled
            } else if record.observed.iter().any(|o| o.turn == turn.number) {
                Why::Flagged
            } else {
                continue;
            };
            out.push(Queued { session: record.meta.id, turn: turn.number, why, ratings: rated.len() });
        }
    }
    out.sort_by_key(|q| (q.why, q.ratings, q.session, q.turn));
    Ok(out)
}

/// One turn as a reviewer sees it. Blind: `revealed` (the automatic score and the other
/// ratings) is there only once this reviewer has rated the turn.
#[derive(Debug, Clone)]
pub struct Card {
    /// The session.
    pub session: StoredSession,
    /// The turn (1-based).
    pub turn: usize,
    /// The question answered.
    pub node_id: String,
    /// What the customer said just before the answer, with its recordings.
    pub customer: Vec<CustomerLine>,
    /// The answer's words: typed, or a spoken answer's transcript; `None` for a spoken answer
    /// nobody has typed out.
    pub words: Option<String>,
    /// A spoken answer's recording (relative to the session's answers folder).
    pub audio: Option<String>,
    /// The transcriber that made `words`, while they are its own: a reviewer may correct them.
    pub heard_by: Option<String>,
    /// What the question's answers can earn and cost.
    pub scale: Scale,
    /// Whether the answer is a chosen option (not rated).
    pub authored: bool,
    /// This reviewer's rating, once given.
    pub mine: Option<Rating>,
    /// What is shown after rating.
    pub revealed: Option<Revealed>,
}

/// What a reviewer sees once they have rated a turn.
#[derive(Debug, Clone)]
pub struct Revealed {
    /// The automatic scorer's points for the answer.
    pub automatic: Points,
    /// Those points as levels on this question's scale (1.0-5.0).
    pub automatic_levels: [f64; 4],
    /// Every rating of the turn, this reviewer's included, oldest first.
    pub ratings: Vec<Rating>,
    /// The reviewers' consensus and what it stands at.
    pub consensus: ReviewedTurn,
}

impl Card {
    /// Where a spoken answer's recording is: players keep its whole path; an older relative
    /// one is found in the session's answers folder.
    pub fn recording(&self) -> Option<std::path::PathBuf> {
        let audio = std::path::Path::new(self.audio.as_deref()?);
        Some(match &self.session.answers_dir {
            Some(dir) if audio.is_relative() => std::path::Path::new(dir).join(audio),
            _ => audio.to_path_buf(),
        })
    }
}

/// A session's turn `turn` (1-based), with the session and every stored answer.
struct Answered {
    session: StoredSession,
    turn: Turn,
    responses: Vec<Response>,
}

fn answered(store: &Store, id: i64, turn: usize) -> Result<Answered, StoreError> {
    let session = store.session(id)?;
    let mut turns = store.turns(id)?;
    let count = turns.len();
    if turn == 0 || turn > count {
        return Err(StoreError::NoTurn { session: id, turn, turns: count });
    }
    Ok(Answered { session, turn: turns.swap_remove(turn - 1), responses: store.responses(id)? })
}

/// Turn `turn` of session `id` for `reviewer`.
pub fn card(store: &Store, id: i64, turn: usize, reviewer: &str) -> Result<Card, ReviewError> {
    let (card, scored) = unrated_card(store, id, turn)?;
    Ok(with_ratings(store, card, &scored, reviewer)?)
}

/// The card without its ratings (replaying the session to hear what the customer said), and
/// the turn as scored.
fn unrated_card(store: &Store, id: i64, turn: usize) -> Result<(Card, Turn), ReviewError> {
    let Answered { session, turn: scored, responses } = answered(store, id, turn)?;
    let replayed = crate::store::replay(&session, &responses[..turn - 1])?;
    let customer = replayed
        .events_since_last_answer()
        .iter()
        .filter_map(|e| match e {
            Event::CustomerSays(line) => Some(line.clone()),
            _ => None,
        })
        .collect();
    let scale = replayed.scenario().nodes.iter().find(|n| n.id == scored.node_id).map(Scale::of).unwrap_or_default();
    let (words, audio) = match &scored.answer {
        GivenAnswer::Spoken { audio, transcript, .. } => (transcript.clone(), Some(audio.clone())),
        other => (Some(other.text().to_string()), None),
    };
    let heard_by = match responses.get(turn - 1) {
        Some(Response::Spoken(spoken)) if machine_words(spoken) => spoken.heard.as_ref().map(|h| h.engine.clone()),
        _ => None,
    };
    let card = Card {
        node_id: scored.node_id.clone(),
        authored: matches!(scored.answer, GivenAnswer::Choice { .. }),
        session,
        turn,
        customer,
        words,
        audio,
        heard_by,
        scale,
        mine: None,
        revealed: None,
    };
    Ok((card, scored))
}

/// The card with this reviewer's rating and, once they have rated, everything revealed.
fn with_ratings(store: &Store, mut card: Card, scored: &Turn, reviewer: &str) -> Result<Card, StoreError> {
    let ratings: Vec<Rating> =
        store.ratings(&Selection { session: Some(card.session.id), ..Selection::default() })?.into_iter().filter(|r| r.turn == card.turn).collect();
    card.mine = ratings.iter().find(|r| r.reviewer == reviewer).cloned();
    card.revealed = card.mine.as_ref().map(|_| reveal(scored, &card.scale, ratings));
    Ok(card)
}

fn reveal(turn: &Turn, scale: &Scale, ratings: Vec<Rating>) -> Revealed {
    let automatic_levels = Dimension::ALL.map(|d| scale.level(d, turn.points.get(d)));
    Revealed { automatic: turn.points, automatic_levels, consensus: consensus(turn, &ratings), ratings }
}

/// The reviewers' consensus on one turn: on each dimension anyone rated, the median level
/// mapped to points on the question's scale; the automatic points on the rest.
pub fn consensus(turn: &Turn, ratings: &[Rating]) -> ReviewedTurn {
    let mut points = turn.points;
    for d in Dimension::ALL {
        let levels: Vec<u8> = ratings.iter().filter_map(|r| r.level(d)).collect();
        if let (Some(level), Some(first)) = (median(&levels), ratings.first()) {
            *points.get_mut(d) = first.scale.points(d, level);
        }
    }
    ReviewedTurn { number: turn.number, reviewers: ratings.len(), automatic: turn.points, consensus: points }
}

/// A rating as given: levels 1-5 per dimension (in [`Dimension::ALL`] order) and a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    /// Levels per dimension; `None` where not rated.
    pub levels: [Option<u8>; 4],
    /// The comment, kept exactly as written.
    pub comment: String,
    /// Whether the reviewer rates as a lead (their ratings become the calibration set).
    pub lead: bool,
}

/// Keeps `reviewer`'s rating of turn `turn` of session `id`, sets the session's standing scores
/// from every rating of it, and returns the card with what is now revealed.
pub fn rate(store: &Store, id: i64, turn: usize, reviewer: &str, given: &Given) -> Result<Card, ReviewError> {
    if given.levels.iter().all(Option::is_none) {
        return Err(ReviewError::NoLevels);
    }
    for (d, level) in Dimension::ALL.iter().zip(given.levels) {
        if let Some(level) = level.filter(|l| !(1..=LEVELS).contains(l)) {
            return Err(ReviewError::NotALevel { dimension: d.name(), level });
        }
    }
    let (card, scored) = unrated_card(store, id, turn)?;
    if card.authored {
        return Err(ReviewError::Authored { session: id, turn });
    }
    let new = NewRating { session: id, turn, reviewer, levels: given.levels, comment: &given.comment, scale: card.scale, lead: given.lead };
    store.rate(&new)?;
    restand(store, id)?;
    Ok(with_ratings(store, card, &scored, reviewer)?)
}

/// Writes session `id`'s standing scores from its ratings (none: the automatic ones stand).
/// A session that has not ended has no scores yet; its ratings count once it has one.
pub fn restand(store: &Store, id: i64) -> Result<(), StoreError> {
    let Some(result) = store.result(id)? else { return Ok(()) };
    let ratings = store.ratings(&Selection { session: Some(id), ..Selection::default() })?;
    let mut by_turn: BTreeMap<usize, Vec<Rating>> = BTreeMap::new();
    for r in ratings {
        by_turn.entry(r.turn).or_default().push(r);
    }
    let reviewed: Vec<ReviewedTurn> = result
        .turns
        .iter()
        .filter_map(|t| by_turn.get(&t.number).map(|rs| consensus(t, rs)))
        .collect();
    let reviewed = (!reviewed.is_empty()).then(|| result.reviewed(reviewed));
    store.set_reviewed(id, &result, reviewed.as_ref())
}

/// Keeps the words of spoken turn `turn` as `by` typed them out (exactly) and scores the turn
/// again on them as the engine scores typed words at that moment; the delivery still counts.
/// The route the call took stays what happened. Returns the turn as now scored.
pub fn transcribe(store: &Store, id: i64, turn: usize, by: &str, words: &str) -> Result<Turn, ReviewError> {
    if words.trim().is_empty() {
        return Err(ReviewError::NoWords);
    }
    let Answered { session, turn: old, responses } = answered(store, id, turn)?;
    let Some(Response::Spoken(spoken)) = responses.get(turn - 1) else { return Err(ReviewError::NotSpoken { session: id, turn }) };
    // A person's words are never overwritten; the transcriber's may be corrected.
    if spoken.transcript.is_some() && !machine_words(spoken) {
        return Err(ReviewError::AlreadyTyped { session: id, turn });
    }
    let mut spoken = spoken.clone();
    spoken.transcript = Some(words.to_string());
    let response = Response::Spoken(spoken);
    let mut replayed = crate::store::replay(&session, &responses[..turn - 1])?;
    replayed.respond(response.clone()).map_err(|source| ResumeError::Replay { id, source })?;
    let scored = replayed.turns().last().cloned().ok_or(StoreError::NoTurn { session: id, turn, turns: responses.len() })?;
    let mut reasons = vec![crate::engine::Reason { points: Points::default(), why: format!("words typed out by {by} from the recording, scored as typed words") }];
    reasons.extend(scored.reasons);
    let rescored = Turn { answer: scored.answer, points: scored.points, reasons, feedback: scored.feedback, ..old.clone() };
    let result = store.result(id)?.map(|r| r.rescored(rescored.clone()));
    store.transcribe(id, &rescored, &response, by, result.as_ref())?;
    restand(store, id)?;
    Ok(rescored)
}

/// Whether a spoken answer's words are the transcriber's and it was sure of them: such an
/// answer is sampled like a typed one rather than queued for every reviewer.
fn confidently_heard(response: &Response) -> bool {
    matches!(response, Response::Spoken(spoken) if machine_words(spoken) && spoken.heard.as_ref().is_some_and(|h| !h.is_uncertain()))
}

/// Whether a spoken answer's words are the transcriber's, not typed by a person since.
fn machine_words(spoken: &crate::engine::Spoken) -> bool {
    spoken.heard.as_ref().is_some_and(|h| h.made(spoken.transcript.as_deref()))
}

/// A turn waiting for its words: a spoken answer nobody typed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// 1-based turn number.
    pub turn: usize,
    /// The recording to listen to, for a spoken answer.
    pub audio: Option<String>,
}

/// One session as a reviewer sees it.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The session under review.
    pub session: StoredSession,
    /// How many answers it has.
    pub answers: usize,
    /// Spoken turns nobody has typed out, in order.
    pub waiting: Vec<Waiting>,
    /// The notes reviewers have left, oldest first.
    pub reviews: Vec<Review>,
    /// How many reviewers rated each rated turn.
    pub rated: BTreeMap<usize, usize>,
}

/// What session `id` holds for a reviewer.
pub fn sheet(store: &Store, id: i64) -> Result<Sheet, StoreError> {
    let session = store.session(id)?;
    let turns = store.turns(id)?;
    let reviews = store.reviews(id)?;
    let mut rated = BTreeMap::new();
    for r in store.ratings(&Selection { session: Some(id), ..Selection::default() })? {
        *rated.entry(r.turn).or_default() += 1;
    }
    let waiting = turns
        .iter()
        .filter(|t| t.answer.needs_review() && !reviews.iter().any(|r| r.turn == Some(t.number)) && !rated.contains_key(&t.number))
        .map(|t| Waiting {
            turn: t.number,
            audio: match &t.answer {
                GivenAnswer::Spoken { audio, .. } => Some(audio.clone()),
                _ => None,
            },
        })
        .collect();
    Ok(Sheet { session, answers: turns.len(), waiting, reviews, rated })
}

/// The name a reviewer goes by: the name given, else the login name, else "reviewer".
pub fn reviewer_name(given: Option<&str>) -> String {
    given.map(str::to_string).or_else(super::session::login_name).unwrap_or_else(|| "reviewer".into())
}

/// Adds a reviewer's note on a session or one of its turns.
pub fn add_note(store: &Store, session: i64, turn: Option<usize>, reviewer: Option<&str>, note: &str) -> Result<i64, StoreError> {
    store.add_review(session, turn, &reviewer_name(reviewer), note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{scratch, session, trainee};
    use crate::engine::{Mode, Session};
    use crate::store::ScenarioRef;
    use std::sync::Arc;

    #[test]
    fn typed_answers_wait_for_nobody_and_a_note_is_kept_with_its_reviewer() {
        let (_dir, store, loaded) = scratch();
        let id = session::begin(&store, &trainee("Di"), &ScenarioRef::of(&loaded), Mode::Practice, 1, None).unwrap().session;
        let (mut session, _) = Session::start(Arc::new(loaded.scenario), 1, Mode::Practice).unwrap();
        session.respond(Response::Choice(0)).unwrap();
        store.add_turn(id, &session.turns()[0], &session.responses()[0]).unwrap();

        let before = sheet(&store, id).unwrap();
        assert_eq!((before.answers, before.waiting.len(), before.reviews.len()), (1, 0, 0));
        add_note(&store, id, Some(1), Some("Lead"), "Warm opening.").unwrap();
        let after = sheet(&store, id).unwrap();
        assert_eq!(after.reviews.len(), 1);
        assert_eq!((after.reviews[0].reviewer.as_str(), after.reviews[0].note.as_str(), after.reviews[0].turn), ("Lead", "Warm opening.", Some(1)));
        assert!(matches!(sheet(&store, id + 99), Err(StoreError::NoSession(_))));
    }

    #[test]
    fn the_sample_of_typed_answers_is_fixed_and_about_one_in_five() {
        let picked = (1..=200).flat_map(|s| (1..=5).map(move |t| (s, t))).filter(|&(s, t)| sampled(s, t)).count();
        assert!((150..=250).contains(&picked), "{picked} of 1000");
        assert_eq!(sampled(7, 3), sampled(7, 3));
    }
}
