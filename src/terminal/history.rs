//! `cooldown history`: past sessions with their scores, and each person's first against best
//! attempt at every scenario they played.

use std::fmt::Write as _;

use super::render::Style;
use crate::clock::date;
use crate::store::StoredSession;

/// The history table and the first-versus-best summary.
pub fn render(style: &Style, sessions: &[StoredSession]) -> String {
    let mut out = String::new();
    if sessions.is_empty() {
        out.push_str("No sessions yet: play one with `cooldown play --as NAME`.\n");
        return out;
    }
    let _ = writeln!(out, "{}", style.bold(&format!("{:>4}  {:<16}  {:<12}  {:<16}  {:<9}  {:<10}  {:>7}  band", "#", "when (UTC)", "person", "scenario", "mode", "outcome", "overall")));
    for s in sessions {
        let mode = s.mode.name();
        let tail = match (&s.outcome, s.overall, &s.band) {
            (Some(outcome), Some(overall), Some(band)) => format!("{outcome:<10}  {overall:>7}  {band}"),
            _ => style.dim(&format!("unfinished after {} answer(s): `cooldown play --resume {}`", s.turns, s.id)),
        };
        let _ = writeln!(out, "{:>4}  {:<16}  {:<12}  {:<16}  {:<9}  {tail}", s.id, date(s.started_ms), s.person, s.scenario_id, mode);
    }
    let attempts = crate::report::attempts(sessions);
    if !attempts.is_empty() {
        let _ = writeln!(out, "\n{}", style.bold("First attempt → best attempt"));
        let show = |s: &StoredSession| format!("{} {}", s.overall.unwrap_or(0), s.band.as_deref().unwrap_or(""));
        for a in &attempts {
            let (first, best, gain, count) = (show(a.first), show(a.best), a.gain(), a.count);
            let _ = writeln!(out, "  {:<12}  {:<16}  {first} → {best} ({gain:+}, {count} attempt(s))", a.person, a.scenario);
        }
    }
    out
}
