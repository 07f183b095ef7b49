//! `cooldown history`: past sessions with their scores, and each person's first against best
//! attempt at every scenario they played.

use std::fmt::Write as _;

use super::render::Style;
use crate::clock::date;
use crate::store::StoredSession;
use crate::vocab::text::counted;

/// The widest a name column grows before long names are cut (with `…`).
const WIDEST: usize = 28;

/// `text` padded to `width` characters, or cut to it with `…`.
fn fit(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        format!("{text}{}", " ".repeat(width - count))
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// A column's width: its widest value (or its heading), at most [`WIDEST`].
fn width<'a>(heading: &str, values: impl Iterator<Item = &'a str>) -> usize {
    values.map(|v| v.chars().count()).chain([heading.chars().count()]).max().unwrap_or(0).min(WIDEST)
}

/// The history table and the first-versus-best summary. Columns are as wide as their
/// contents (long names are cut), so rows stay aligned.
pub fn render(style: &Style, sessions: &[StoredSession]) -> String {
    let mut out = String::new();
    if sessions.is_empty() {
        out.push_str("No sessions yet: play one with `cooldown play --as NAME`.\n");
        return out;
    }
    let id_w = sessions.iter().map(|s| s.id.to_string().len()).max().unwrap_or(1).max(1);
    let person_w = width("person", sessions.iter().map(|s| s.person.as_str()));
    let scenario_w = width("scenario", sessions.iter().map(|s| s.scenario_id.as_str()));
    let outcome_w = width("outcome", sessions.iter().filter_map(|s| s.outcome.as_deref()));
    let heading = format!(
        "{:>id_w$}  {:<16}  {}  {}  {:<9}  {}  {:>7}  band",
        "#",
        "when (UTC)",
        fit("person", person_w),
        fit("scenario", scenario_w),
        "mode",
        fit("outcome", outcome_w),
        "overall"
    );
    let _ = writeln!(out, "{}", style.bold(&heading));
    for s in sessions {
        let mode = s.mode.name();
        let tail = match (&s.outcome, s.overall, &s.band) {
            (Some(outcome), Some(overall), Some(band)) => {
                let reviewed = s.reviewed.as_ref().map_or(String::new(), |r| format!("  reviewed: {}", r.summary()));
                format!("{}  {overall:>7}  {band}{reviewed}", fit(outcome, outcome_w))
            }
            _ => style.dim(&format!("unfinished after {}: `cooldown play --resume {}`", counted(s.turns, "answer"), s.id)),
        };
        let (person, scenario) = (fit(&s.person, person_w), fit(&s.scenario_id, scenario_w));
        let _ = writeln!(out, "{:>id_w$}  {:<16}  {person}  {scenario}  {mode:<9}  {tail}", s.id, date(s.started_ms));
    }
    let attempts = crate::report::attempts(sessions);
    if !attempts.is_empty() {
        let _ = writeln!(out, "\n{}", style.bold("First attempt → best attempt"));
        let show = |s: &StoredSession| format!("{} {}", s.overall.unwrap_or(0), s.band.as_deref().unwrap_or(""));
        let person_w = width("", attempts.iter().map(|a| a.person));
        let scenario_w = width("", attempts.iter().map(|a| a.scenario));
        for a in &attempts {
            let (first, best, gain, count) = (show(a.first), show(a.best), a.gain(), a.count);
            let (person, scenario) = (fit(a.person, person_w), fit(a.scenario, scenario_w));
            let _ = writeln!(out, "  {person}  {scenario}  {first} → {best} ({gain:+}, {})", counted(count, "attempt"));
        }
    }
    out
}
