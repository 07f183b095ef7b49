//! Text rendering for the terminal player: meters, wrapped captions, the debrief.

use std::fmt::Write as _;

use crate::engine::{mood, SessionResult, Turn};
use crate::scenario::{Dimension, Points};
use crate::scoring::{grouped, AnswerScore};

/// How output looks: colours only on a terminal, width for wrapping.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Whether to colour the output.
    pub color: bool,
    /// Columns to wrap at.
    pub width: usize,
}

impl Style {
    /// No colour, 80 columns: for pipes, files and tests.
    pub const PLAIN: Style = Style { color: false, width: 80 };

    /// Colour for terminals that want it (respects `NO_COLOR`), width 80.
    pub fn for_stdout() -> Style {
        use std::io::IsTerminal;
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Style { color, width: 80 }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// `text` in bold (when colouring).
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// `text` dimmed (when colouring).
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// Green for good, red for bad, as terminals conventionally show them.
    pub fn signed(&self, value: i32, text: &str) -> String {
        match value.signum() {
            1 => self.paint("32", text),
            -1 => self.paint("31", text),
            _ => text.to_string(),
        }
    }

    /// Colour for an anger level: green when calm through red when furious.
    fn anger(&self, anger: u8, text: &str) -> String {
        let code = match anger {
            0..=39 => "32",
            40..=69 => "33",
            _ => "31",
        };
        self.paint(code, text)
    }
}

/// A horizontal bar of `width` cells filled to `value` out of 100.
pub fn bar(value: u8, width: usize) -> String {
    let filled = (usize::from(value.min(100)) * width + 50) / 100;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// `Mood  ██████░░░░  62 angry`
pub fn mood_meter(style: &Style, anger: u8) -> String {
    let meter = style.anger(anger, &bar(anger, 20));
    format!("Mood  {meter}  {anger:>3} {}", mood::describe(anger))
}

/// Points as `+2 empathy, -1 patience`, or `no points`.
pub fn points(style: &Style, p: &Points) -> String {
    crate::report::points_in_words(p, |value, text| style.signed(value, text))
}

/// Wraps text to `width` columns, indenting continuation lines by `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    for word in text.split_whitespace() {
        let len = visible_len(word);
        if col > indent && col + 1 + len > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
    }
    out
}

/// Characters a word takes on screen: ANSI colour codes take none.
fn visible_len(word: &str) -> usize {
    let mut len = 0;
    let mut in_escape = false;
    for c in word.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => len += 1,
        }
    }
    len
}

/// Indents every line of `text` by `n` spaces.
pub fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n")
}

/// The end-of-session debrief: outcome, band, the four dimensions, and every turn with what
/// earned or cost points.
pub fn debrief(style: &Style, result: &SessionResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n{}", style.bold("═══ Debrief ═══"));
    let _ = writeln!(out, "Outcome  {}", style.bold(result.outcome.describe()));
    if !result.ending_summary.is_empty() {
        let _ = writeln!(out, "{}", indent(&wrap(&result.ending_summary, style.width - 9, 0), 9));
    }
    if !result.ending_points.is_zero() {
        let _ = writeln!(out, "         Ending: {}", points(style, &result.ending_points));
    }
    let _ = writeln!(out, "Band     {} (overall {})\n", style.bold(result.band.name()), result.overall);
    for d in Dimension::ALL {
        let line = match result.scores.get(d) {
            Some(s) => format!("{}  {s:>3}", bar(s, 20)),
            None => style.dim("not measured in this scenario"),
        };
        let _ = writeln!(out, "  {:<14} {line}", d.name());
    }
    let _ = writeln!(out, "\n{}", style.bold("Turn by turn"));
    for turn in &result.turns {
        out.push_str(&turn_summary(style, turn));
    }
    let mood: Vec<String> = result.mood.iter().map(u8::to_string).collect();
    let _ = writeln!(out, "\nMood over the call: {}", mood.join(" → "));
    let _ = writeln!(out, "{}", style.dim(&format!("Replay this exact session with --seed {}", result.seed)));
    out
}

/// One scored answer: the four dimensions and every piece of evidence.
pub fn answer_score(style: &Style, score: &AnswerScore) -> String {
    let mut out = String::new();
    for d in Dimension::ALL {
        let p = score.points.get(d);
        let pts = if p == 0 { String::new() } else { style.signed(p, &format!("({p:+})")) };
        let _ = writeln!(out, "  {:<14} {}  {:>3} {pts}", d.name(), bar(score.percent(d), 20), score.percent(d));
    }
    let rated: Vec<&str> = Dimension::ALL.iter().zip(score.likelihood).filter(|(_, l)| l.is_some()).map(|(d, _)| d.name()).collect();
    if !rated.is_empty() {
        let why = format!("{}: the chance in % that a person would say the answer shows it; the rest: 50 is neutral.", rated.join(", "));
        let _ = writeln!(out, "  {}", style.dim(&wrap(&why, style.width - 2, 2)));
    }
    if score.evidence.is_empty() {
        let _ = writeln!(out, "\n  {}", style.dim("No behaviour found: a neutral answer."));
    } else {
        let _ = writeln!(out);
    }
    for g in grouped(&score.evidence) {
        let e = g.evidence;
        let what = if e.missing || e.behaviour.is_none() {
            e.headline()
        } else {
            format!("{} ({}..{})", e.headline(), e.span.start, e.span.end)
        };
        let _ = writeln!(out, "  {}", wrap(&format!("{}  {what}", points(style, &g.points)), style.width - 2, 4));
        if let Some(note) = e.note.as_deref().filter(|_| !e.missing) {
            let _ = writeln!(out, "    {}", style.dim(&wrap(note, style.width - 4, 4)));
        }
    }
    out
}

fn turn_summary(style: &Style, turn: &Turn) -> String {
    let mut out = String::new();
    let extra = turn.answer.recording_note().map_or(String::new(), |note| format!("\n     {}", style.dim(&note)));
    let said = wrap(&format!("{} \"{}\"", turn.answer.verb(), turn.answer.text()), style.width, 5);
    let _ = writeln!(out, "  {:>2}. {said}{extra}", turn.number);
    for reason in &turn.reasons {
        let why = wrap(&format!("{}: {}", points(style, &reason.points), reason.why), style.width, 5);
        let _ = writeln!(out, "     {why}");
    }
    let _ = writeln!(out, "     mood {} → {}", turn.anger_before, turn.anger_after);
    for note in &turn.mood_notes {
        let _ = writeln!(out, "     {}", style.dim(&wrap(note, style.width, 5)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_proportion() {
        assert_eq!(bar(0, 10), "░░░░░░░░░░");
        assert_eq!(bar(50, 10), "█████░░░░░");
        assert_eq!(bar(100, 10), "██████████");
    }

    #[test]
    fn wrapping_keeps_lines_within_width() {
        let text = "the quick brown fox jumps over the lazy dog again and again";
        let wrapped = wrap(text, 20, 2);
        assert!(wrapped.lines().all(|l| l.chars().count() <= 20), "{wrapped}");
        assert_eq!(wrapped.split_whitespace().collect::<Vec<_>>().join(" "), text);
    }

    #[test]
    fn colour_codes_do_not_count_towards_the_width() {
        let coloured = Style { color: true, width: 80 }.signed(1, "+1 patience");
        assert_eq!(visible_len(&coloured.replace(' ', "")), "+1patience".len());
        let text = format!("{coloured} {coloured} {coloured}");
        assert!(!wrap(&text, 40, 0).contains('\n'));
    }

    #[test]
    fn points_read_as_signed_dimensions() {
        let p = Points { patience: -1, empathy: 2, ..Points::default() };
        assert_eq!(points(&Style::PLAIN, &p), "-1 patience, +2 empathy");
        assert_eq!(points(&Style::PLAIN, &Points::default()), "no points");
    }
}
