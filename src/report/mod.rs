//! Reports from the results store, for a trainee (their sessions, progress, transcripts) or a
//! hiring manager (a cohort ranked, and how it spreads on each dimension): a self-contained
//! HTML page (inline SVG, no network), CSV for spreadsheets, and xAPI statements for an LMS.

pub mod agreement;
pub mod csv;
pub mod html;
pub mod xapi;

use crate::engine::Turn;
use crate::store::{Rating, Record, Review, Selection, Store, StoreError, StoredSession};
use crate::vocab::{Dimension, Points};

/// Points in words, one clause per dimension that moved ("-1 patience, +2 empathy"), each
/// passed through `paint` (colour in a terminal, nothing in a file); "no points" when none did.
/// The terminal, the window and the HTML report all word points this way.
pub fn points_in_words(p: &Points, paint: impl Fn(i32, &str) -> String) -> String {
    let parts: Vec<String> =
        Dimension::ALL.iter().filter(|d| p.get(**d) != 0).map(|d| paint(p.get(*d), &format!("{:+} {}", p.get(*d), d.name()))).collect();
    if parts.is_empty() {
        "no points".to_string()
    } else {
        parts.join(", ")
    }
}

/// How to read adverse-impact figures, said the same on the terminal and on the page.
pub const IMPACT_READING: &str = "A ratio below 0.80 (the four-fifths rule) means the group is selected noticeably less often than \
     the group selected most. The figures are descriptive, not causal: they say where to look (the scenarios, the cut score, \
     who was invited), not why. With small groups one candidate moves a rate a lot; Fisher's exact p-value says how often a \
     difference this large would arise by chance alone.";

/// Said of a measure at whose cut nobody was selected: a ratio of zero rates means nothing.
pub const NOBODY_SELECTED: &str = "nobody reached this cut, so there are no selection rates to compare";

/// What the adverse-impact figures say, in plain words: per measure, each group's size,
/// selection rate, ratio to the highest group, the four-fifths flag and Fisher's p-value.
pub fn impact_text(title: &str, field: &str, by_measure: &[(String, Vec<crate::assessment::impact::Group>)], unanswered: usize) -> String {
    use std::fmt::Write as _;
    let mut out = format!("{title}: adverse impact by `{field}`\n");
    for (measure, groups) in by_measure {
        let _ = writeln!(out, "\n{measure}:");
        if groups.is_empty() {
            let _ = writeln!(out, "  no finished candidate has answered `{field}`");
        }
        if !groups.is_empty() && groups.iter().all(|g| g.selected == 0) {
            let _ = writeln!(out, "  {NOBODY_SELECTED}");
            continue;
        }
        for g in groups {
            let p = g.p_value.map_or("(highest rate)".to_string(), |p| format!("Fisher p = {p:.3}"));
            let flag = if g.flagged { "  ✗ below four fifths" } else { "" };
            let small = if g.small { "  (small group: read with care)" } else { "" };
            let _ = writeln!(
                out,
                "  {:<20} {:>4} candidates  {:>3} selected  rate {:.2}  ratio {:.2}  {p}{flag}{small}",
                g.name, g.size, g.selected, g.rate, g.ratio
            );
        }
    }
    if unanswered > 0 {
        let _ = writeln!(out, "\n{unanswered} finished candidate(s) did not answer `{field}` and are left out.");
    }
    out.push_str(&format!("\nHow to read it: {IMPACT_READING}\n"));
    out
}

/// Which sessions a report covers.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// One person's sessions; everyone's (a cohort) when `None`.
    pub person: Option<String>,
    /// Only this scenario's sessions.
    pub scenario: Option<String>,
}

impl Filter {
    /// "Ann", "cohort", "cohort · late-gift".
    pub fn title(&self) -> String {
        let who = self.person.clone().unwrap_or_else(|| "Cohort".into());
        match &self.scenario {
            Some(s) => format!("{who} · {s}"),
            None => who,
        }
    }
}

/// One session with everything a report shows of it.
#[derive(Debug, Clone)]
pub struct Session {
    /// The session as listed (person, scenario, scores).
    pub meta: StoredSession,
    /// Its scored turns, in order.
    pub turns: Vec<Turn>,
    /// When each turn was answered (Unix ms).
    pub times: Vec<i64>,
    /// Reviewers' notes on it.
    pub reviews: Vec<Review>,
    /// Reviewers' ratings of its turns.
    pub ratings: Vec<Rating>,
}

/// The sessions a filter selects, oldest first; `progress` is told of each one read. The store
/// reads them all in a few statements, so a cohort of thousands is quick even from a server.
pub fn gather(store: &Store, filter: &Filter, mut progress: impl FnMut(usize, usize)) -> Result<Vec<Session>, StoreError> {
    let which = Selection { person: filter.person.clone(), scenario: filter.scenario.clone(), ..Selection::default() };
    let records = store.records(&which)?;
    let total = records.len();
    let mut out = Vec::with_capacity(total);
    for (i, record) in records.into_iter().enumerate() {
        out.push(Session::from(record));
        progress(i + 1, total);
    }
    Ok(out)
}

impl From<Record> for Session {
    fn from(Record { meta, turns, reviews, ratings, .. }: Record) -> Session {
        let (turns, times) = turns.into_iter().unzip();
        Session { meta, turns, times, reviews, ratings }
    }
}

/// One person's finished attempts at one scenario: the first and the best (the earliest of
/// equals), for history and reports.
#[derive(Debug, Clone, Copy)]
pub struct Attempts<'a> {
    /// Who.
    pub person: &'a str,
    /// Which scenario.
    pub scenario: &'a str,
    /// How many finished attempts.
    pub count: usize,
    /// The first finished attempt.
    pub first: &'a StoredSession,
    /// The best one (the earliest of equals).
    pub best: &'a StoredSession,
}

impl Attempts<'_> {
    /// Best overall minus first overall.
    pub fn gain(&self) -> i32 {
        i32::from(self.best.overall.unwrap_or(0)) - i32::from(self.first.overall.unwrap_or(0))
    }
}

/// Attempts per person and scenario (sorted by both), from sessions oldest first; unfinished
/// sessions do not count.
pub fn attempts<'a>(sessions: impl IntoIterator<Item = &'a StoredSession>) -> Vec<Attempts<'a>> {
    let mut grouped: std::collections::BTreeMap<(&str, &str), Vec<&StoredSession>> = Default::default();
    for s in sessions.into_iter().filter(|s| s.is_complete()) {
        grouped.entry((s.person.as_str(), s.scenario_id.as_str())).or_default().push(s);
    }
    grouped
        .into_iter()
        .map(|((person, scenario), list)| Attempts {
            person,
            scenario,
            count: list.len(),
            first: list[0],
            best: list.iter().copied().max_by_key(|s| (s.overall, std::cmp::Reverse(s.started_ms))).expect("a non-empty group"),
        })
        .collect()
}

/// A stable UUID-formatted id from text (xAPI statement ids, registrations): the same session
/// exported twice gives the same ids, so an LMS does not count it twice.
pub fn stable_uuid(text: &str) -> String {
    use crate::hash::{fnv1a64, FNV_BASIS};
    // Two independent 64-bit hashes (the standard basis, and its halves swapped) make 128 bits.
    let (hi, lo) = (fnv1a64(text.as_bytes(), FNV_BASIS), fnv1a64(text.as_bytes(), FNV_BASIS.rotate_left(32)));
    // Version 4 and the RFC 4122 variant, so validators that check the shape accept it.
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_uuids_are_stable_distinct_and_shaped_like_v4() {
        let a = stable_uuid("session 1 turn 1");
        assert_eq!(a, stable_uuid("session 1 turn 1"));
        assert_ne!(a, stable_uuid("session 1 turn 2"));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].chars().next(), Some('8' | '9' | 'a' | 'b')));
    }
}
