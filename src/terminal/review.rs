//! Reviewing in the terminal: one answer as a reviewer sees it (blind until rated, then with the
//! automatic score, every rating and the consensus), and the agreement figures.

use std::fmt::Write as _;

use crate::report::agreement::{coefficient, percent, reading_guide, scorer_figures, shares, Agreement};
use crate::app::review::{Card, Revealed};
use crate::scoring::scales::RatingScales;
use crate::vocab::Dimension;

/// What a reviewer hears and reads, the anchors to rate on, and (only once they have rated
/// it) the scores. `scales` words the anchors.
pub fn card(card: &Card, scales: &RatingScales) -> String {
    let mut out = String::new();
    let s = &card.session;
    let _ = writeln!(out, "Session {}, turn {} ({} playing {}, question `{}`)", s.id, card.turn, s.person, s.scenario_id, card.node_id);
    for line in &card.customer {
        let _ = writeln!(out, "  Customer ({:?}): \"{}\"", line.emotion, line.text);
    }
    match (&card.words, card.recording()) {
        (Some(words), Some(recording)) => {
            let how = card.heard_by.as_ref().map_or("typed out".to_string(), |engine| format!("as {engine} heard it"));
            let _ = writeln!(out, "  Answer (spoken, {how}): \"{words}\"\n  Recording: {}", recording.display());
            if card.heard_by.is_some() {
                let _ = writeln!(out, "  Correct its words with `cooldown review {} --turn {} --transcript \"...\"`.", s.id, card.turn);
            }
        }
        (None, Some(recording)) => {
            let _ = writeln!(
                out,
                "  Answer: spoken, not typed out. Listen to {}\n  Type its words with `cooldown review {} --turn {} --transcript \"...\"` to score them.",
                recording.display(),
                s.id,
                card.turn
            );
        }
        (words, None) => {
            let _ = writeln!(out, "  Answer: \"{}\"", words.as_deref().unwrap_or(""));
        }
    }
    if card.authored {
        let _ = writeln!(out, "  A chosen option: its points are the author's, so it is not rated.");
        return out;
    }
    let Some(shown) = &card.revealed else {
        let _ = writeln!(out, "\nRate on these anchors (5 best, 3 neither helps nor hurts):");
        for d in Dimension::ALL {
            let _ = writeln!(out, "  {}", capitalised(d.name()));
            for level in (1..=crate::scoring::scales::LEVELS).rev() {
                if let Some(l) = scales.level(d, level) {
                    let _ = writeln!(out, "    {level} {}: {}", l.name, l.anchor);
                }
            }
        }
        let _ = writeln!(
            out,
            "\nBlind: the automatic score and other reviewers' ratings are shown once you have rated this answer.\n\
             Rate with `cooldown review {} --turn {} --rate --patience N --empathy N --clarification N --resolution N [--comment TEXT]`.",
            s.id, card.turn
        );
        return out;
    };
    out.push('\n');
    out.push_str(&revealed(shown));
    out
}

/// What a reviewer sees once they have rated an answer: every rating, the automatic score
/// (points, and as a level on the question's scale) and what stands; the terminal and the
/// window word it the same.
pub fn revealed(shown: &Revealed) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Ratings ({}):", shown.ratings.len());
    for r in &shown.ratings {
        let levels: Vec<String> = Dimension::ALL.iter().filter_map(|d| r.level(*d).map(|l| format!("{} {l}", d.name()))).collect();
        let comment = if r.comment.is_empty() { String::new() } else { format!(": \"{}\"", r.comment) };
        let lead = if r.lead { " (lead)" } else { "" };
        let _ = writeln!(out, "  {}{lead}: {}{comment}", r.reviewer, levels.join(", "));
    }
    let automatic: Vec<String> = Dimension::ALL
        .iter()
        .map(|&d| format!("{} {:+} (level {:.1})", d.name(), shown.automatic.get(d), shown.automatic_levels[d.index()]))
        .collect();
    let _ = writeln!(out, "Automatic score: {}", automatic.join(", "));
    let standing: Vec<String> = Dimension::ALL.iter().map(|&d| format!("{} {:+}", d.name(), shown.consensus.consensus.get(d))).collect();
    let _ = writeln!(out, "Stands at (the reviewers' median level as points): {}", standing.join(", "));
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The agreement figures as a table, with how to read them.
pub fn agreement(figures: &Agreement) -> String {
    let mut out = String::new();
    if figures.ratings == 0 {
        out.push_str("No ratings yet: reviewers rate answers from `cooldown review --queue` (or the window's Review screen).\n");
        return out;
    }
    let count = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    let _ = writeln!(
        out,
        "{} of {} by {} ({})\n",
        count(figures.ratings, "rating"),
        count(figures.turns, "answer"),
        count(figures.reviewers.len(), "reviewer"),
        figures.reviewers.join(", ")
    );
    let _ = writeln!(out, "{:<14} {:>7} {:>6} {:>6} {:>6} {:>7}   {:>10} {:>7}", "", "answers", "shared", "alpha", "exact", "within1", "scorer rho", "within1");
    for d in &figures.dimensions {
        let (exact, within) = shares(d.pairwise, "-");
        let (rho, scorer_within) = scorer_figures(d.scorer, "-");
        let _ = writeln!(
            out,
            "{:<14} {:>7} {:>6} {:>6} {:>6} {:>7}   {:>10} {:>7}",
            d.dimension.name(),
            d.turns,
            d.shared,
            coefficient(d.alpha, "-"),
            exact,
            within,
            rho,
            scorer_within
        );
    }
    if !figures.drift.is_empty() {
        let _ = writeln!(out, "\nEach reviewer against the group's median (answers rated by three or more):");
        for d in &figures.drift {
            let flag = if d.drifting { "  DRIFTING: recalibrate on the calibration set" } else { "" };
            let _ = writeln!(out, "  {:<20} {:>4} shared  {:+.2} levels  within one {:>4}{flag}", d.rater, d.shared, d.mean_difference, percent(d.within_one));
        }
    }
    if !figures.calibration.is_empty() {
        let _ = writeln!(out, "\nCalibration: each reviewer against the lead's ratings:");
        for c in &figures.calibration {
            let (exact, within) = shares(c.agreement, "-");
            let _ = writeln!(out, "  {:<20} {:>4} ratings  exact {exact:>4}  within one {within:>4}", c.reviewer, c.rated);
        }
    }
    let _ = writeln!(out, "\n{}", reading_guide());
    out
}
