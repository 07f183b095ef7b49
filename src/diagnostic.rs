//! Diagnostics about scenario files: one type for loading errors and lint findings, rendered
//! like rustc (`file:line:col`, the offending text underlined, a help line) or as JSON.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use serde::Serialize;

use crate::vocab::closest;

/// How bad a finding is: errors make `cooldown lint` exit 1 and stop a scenario from playing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing; the scenario still plays.
    Warning,
    /// The scenario cannot be played until it is fixed.
    Error,
}

/// Stable diagnostic codes. Never renumber: trainers search for them and CI scripts match them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// The file cannot be read (syntax, an unknown field, an unsupported format version).
    C000,
    /// An id defined twice.
    C001,
    /// A `next` (or the start) that names no node or ending.
    C002,
    /// A node the start cannot reach.
    C003,
    /// A node with no choices and no free-text answer.
    C004,
    /// An ending nothing reaches.
    C005,
    /// A missing audio file.
    C006,
    /// An audio path that leaves the pack.
    C007,
    /// Free text without a fallback.
    C008,
    /// A line id used twice in the pack.
    C009,
    /// A choice with no points and no feedback (warning).
    C010,
    /// A customer angry enough to hang up at once.
    C011,
    /// No hang-up ending (warning).
    C012,
    /// An id that cannot be used as a file name or on the command line.
    C013,
    /// A dimension no path scores (warning).
    C014,
    /// A phrase in `expect` that cannot be used.
    C015,
    /// `expect` on a node without free text (warning).
    C016,
    /// Lines without a recording (warning).
    C017,
    /// A recording made from a line's earlier text (warning).
    C018,
    /// A number out of range.
    C019,
    /// A node from which no answer leads to an ending.
    C020,
    /// No path reaches a Resolved ending (warning).
    C021,
    /// A Resolved ending only bad play reaches (warning).
    C022,
    /// Feedback praises an answer that is not the best from its question (warning).
    C023,
    /// An assessment names a scenario its pack does not have.
    A001,
    /// An assessment setting out of range.
    A002,
    /// A question in an assessment's scenario that none of its answer kinds can answer.
    A003,
    /// A scenario listed twice in an assessment (warning).
    A004,
    /// A scenario of an assessment that has errors of its own.
    A005,
    /// An assessment's bands not in order from the highest down to one from 0.
    A006,
    /// A rating scale without exactly five anchored levels for each dimension.
    R001,
}

impl Code {
    /// Every code, in order, for `cooldown lint --explain` and documentation.
    pub const ALL: [Code; 31] = [
        Code::C000,
        Code::C001,
        Code::C002,
        Code::C003,
        Code::C004,
        Code::C005,
        Code::C006,
        Code::C007,
        Code::C008,
        Code::C009,
        Code::C010,
        Code::C011,
        Code::C012,
        Code::C013,
        Code::C014,
        Code::C015,
        Code::C016,
        Code::C017,
        Code::C018,
        Code::C019,
        Code::C020,
        Code::C021,
        Code::C022,
        Code::C023,
        Code::A001,
        Code::A002,
        Code::A003,
        Code::A004,
        Code::A005,
        Code::A006,
        Code::R001,
    ];

    /// The severity a finding with this code has.
    pub fn severity(self) -> Severity {
        match self {
            Code::C010 | Code::C012 | Code::C014 | Code::C016 | Code::C017 | Code::C018 | Code::C021 | Code::C022 | Code::C023 | Code::A004 => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// One line saying what the code means.
    pub fn explanation(self) -> &'static str {
        match self {
            Code::C000 => "the file cannot be read (RON syntax, a missing or unknown field, an unsupported format version)",
            Code::C001 => "two nodes, endings or scenarios share an id; every `next` must point to exactly one place",
            Code::C002 => "a `next` or `start` names a node or ending that does not exist",
            Code::C003 => "a node can never be reached from the start node; the trainee will never see it",
            Code::C004 => "a node has no choices and no free-text answer, so the conversation gets stuck there; point it somewhere or make it an ending",
            Code::C005 => "an ending can never be reached; no path from the start leads to it",
            Code::C006 => "a line's audio file, or a recording listed in the pack's audio/takes.ron, does not exist",
            Code::C007 => "a line's audio path, or a recording listed in audio/takes.ron, leaves the scenario pack (absolute path, `..`, or a link out); packs must be movable as one folder, and a pack from someone else must not read your files",
            Code::C008 => "a free-text answer has no `fallback`, so an answer that matches no route has nowhere to go",
            Code::C009 => "two lines in the pack share a line id; ids key the recorded audio, so each must be unique",
            Code::C010 => "a choice carries no points and no feedback, so the debrief cannot say why it was good or bad",
            Code::C011 => "the customer would hang up at the start: `anger` is at or above `hangs_up_at`",
            Code::C012 => "no ending has `outcome: HungUp`, so when the customer's patience runs out a generic hang-up is used",
            Code::C013 => "a node, line or ending id is empty or has characters other than letters, digits, `-` and `_`",
            Code::C014 => "no path through the call earns anything in a dimension, so that dimension is left out of the score",
            Code::C015 => "a phrase in `expect` cannot be used: `word*` matches a prefix, `#` a number, `^` the start of a sentence",
            Code::C016 => "a node has `expect` but no free-text answer, so nothing is scored against it",
            Code::C017 => "lines have no recording, so the customer is only read, not heard; record them with `cooldown record`",
            Code::C018 => "a line's text changed since it was recorded, so its recording (which says the old words) is not played; record it again",
            Code::C019 => "a number is out of range: points and anger changes run from -100 to 100, `anger` from 0 to 100, `hangs_up_at` from 1 to 100",
            Code::C020 => "no ending can be reached from a node by any answer, so once there the call could go on for ever (the mood alone may never end it)",
            Code::C021 => "no path through the call reaches an ending with `outcome: Resolved`, so nobody can solve the customer's problem; tag a deliberate patience test `unsolvable`",
            Code::C022 => "an ending marked Resolved is only reached by calls that score Bronze: the outcome tells a trainee they did well where the scores say they did not",
            Code::C023 => "an answer's feedback praises it (\"good\", \"well done\", ...) although another answer at the same question leads to a better-scoring call; the trainee is taught the wrong lesson (see `cooldown explore`)",
            Code::A001 => "an assessment names a scenario that is not in its pack (`pack:`, relative to the assessment file); every candidate would be stopped there",
            Code::A002 => "an assessment setting is out of range: cut scores 0-100, a turn 10-3600 s, the whole 1-600 min, extra time 1.0-4.0, retention 1-3650 days",
            Code::A003 => "a question in one of the assessment's scenarios takes only answers the assessment does not allow (e.g. typed words when only choices are), so no candidate could answer it",
            Code::A004 => "a scenario appears twice in an assessment; the second sitting is not independent of the first",
            Code::A005 => "a scenario of the assessment has errors of its own (see `cooldown lint` on it); nobody can sit it until they are fixed",
            Code::R001 => "a rating scales file must give each of the four dimensions exactly five levels (5 down to 1), each with a name and a behavioural anchor, so every reviewer rates on the same levels",
            Code::A006 => "the assessment's bands must run from the highest score down, each starting lower than the one before, the last from 0, so every score has exactly one band",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl std::str::FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .into_iter()
            .find(|c| c.to_string().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown code `{s}`; scenario codes run from C000 to C023, assessment codes from A001 to A006, rating-scale codes R001 (`all` explains every code, `format` prints the scenario format)"))
    }
}

/// A source file's text, shared by every diagnostic that points into it.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The file's path, as shown in findings.
    pub path: PathBuf,
    /// The file's whole text.
    pub text: Arc<str>,
}

impl SourceText {
    /// A file's text, for findings to point into.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        Self { path: path.into(), text: text.into() }
    }

    /// 1-based line and column (in characters) of a byte offset, as editors count them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// Byte offset of a 1-based line and character column; clamps to the text.
    pub fn offset(&self, line: usize, col: usize) -> usize {
        let mut start = 0;
        for _ in 1..line {
            match self.text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return self.text.len(),
            }
        }
        let rest = &self.text[start..];
        let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
        start + line_text.char_indices().nth(col.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i)
    }
}

/// Lines longer than this are not printed whole under a finding (see `Diagnostic::excerpt`).
const LONGEST_LINE_SHOWN: usize = 300;

/// One finding about a scenario file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The stable code (see [`Code::explanation`]).
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// The file the finding is about.
    pub file: PathBuf,
    /// The text the finding is about, when it has a place in a file.
    pub location: Option<Location>,
    /// How to fix it.
    pub help: Option<String>,
}

/// Where in a file a diagnostic points.
#[derive(Debug, Clone)]
pub struct Location {
    /// The text the span points into.
    pub source: SourceText,
    /// The bytes of `source` the finding is about.
    pub span: Range<usize>,
    /// Short text shown under the underlined span.
    pub label: String,
}

impl Location {
    /// The 1-based line and column where the span starts.
    pub fn line_col(&self) -> (usize, usize) {
        self.source.line_col(self.span.start)
    }
}

impl Diagnostic {
    /// A diagnostic about a whole file (no position), with the code's own severity.
    pub fn new(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            file: file.into(),
            location: None,
            help: None,
        }
    }

    /// A diagnostic that underlines `span` in `source`. A span over several lines is cut at
    /// the end of its first line: the position is what matters, and a whole node underlined
    /// would bury the message.
    pub fn at(code: Code, source: &SourceText, span: Range<usize>, message: impl Into<String>) -> Self {
        let mut span = span;
        if let Some(newline) = source.text.get(span.clone()).and_then(|t| t.find('\n')) {
            span.end = span.start + newline;
        }
        let mut d = Self::new(code, source.path.clone(), message);
        d.location = Some(Location { source: source.clone(), span, label: String::new() });
        d
    }

    /// Adds the short label drawn under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        if let Some(loc) = &mut self.location {
            loc.label = label.into();
        }
        self
    }

    /// Adds the help line: how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether the finding stops the scenario from being played.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` (or just the path when the finding has no position).
    pub fn position(&self) -> String {
        match &self.location {
            Some(loc) => {
                let (line, col) = loc.line_col();
                format!("{}:{line}:{col}", self.file.display())
            }
            None => self.file.display().to_string(),
        }
    }

    /// Human rendering like rustc: a header with code and message, the file position, the
    /// offending source underlined, and the help. `color` adds ANSI colours for terminals.
    pub fn render(&self, color: bool) -> String {
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
        let mut out = String::new();
        let report = Report(self);
        if handler.render_report(&mut out, &report).is_err() {
            // Rendering into a String only fails on a broken Display impl; fall back to one line.
            out = format!("{}: {}[{}]: {}\n", self.position(), self.severity_word(), self.code, self.message);
        }
        out
    }

    /// Parses a data file's RON as every cooldown file is read (`Some(...)` may be left out
    /// around optional values), or the diagnostic for where it fails.
    pub fn parse_ron<T: serde::de::DeserializeOwned>(source: &SourceText, example: fn(&str) -> &'static str) -> Result<T, Box<Diagnostic>> {
        let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        options.from_str(&source.text).map_err(|e| Box::new(Diagnostic::from_ron(source, &e, example)))
    }

    /// Reads a data file; when it cannot be read, a C000 finding "cannot read `what`" with `help`.
    pub fn read_file(path: &std::path::Path, what: &str, help: &str) -> Result<String, Box<Diagnostic>> {
        std::fs::read_to_string(path).map_err(|e| Box::new(Diagnostic::new(Code::C000, path, format!("cannot read {what}: {e}")).with_help(help.to_string())))
    }

    /// A RON parse error as a C000 diagnostic with a position and a suggested fix.
    /// `example` gives a sample value for a missing field, e.g. `"next"` -> `"\"<node id>\""`.
    pub fn from_ron(source: &SourceText, e: &ron::error::SpannedError, example: fn(&str) -> &'static str) -> Diagnostic {
        use ron::Error as E;
        let mut start = source.offset(e.span.start.line, e.span.start.col);
        let mut end = source.offset(e.span.end.line, e.span.end.col).max(start);
        if e.code == E::ExpectedComma {
            // RON notices the missing comma at the next token; point where it belongs instead.
            start = source.text[..start].trim_end().len();
            end = start;
        }
        let span: Range<usize> = start..end;
        let (message, label, help): (String, &str, String) = match &e.code {
            E::MissingStructField { field, outer } => {
                let owner = outer.as_deref().unwrap_or("value");
                (
                    format!("`{owner}` is missing the field `{field}`"),
                    "this needs more fields",
                    format!("add `{field}: {}` to this `{owner}`", example(field)),
                )
            }
            E::NoSuchStructField { expected, found, outer } => {
                let owner = outer.as_deref().unwrap_or("value");
                let hint = match closest(found, expected.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`? "),
                    None => String::new(),
                };
                (
                    format!("`{owner}` has no field `{found}`"),
                    "unknown field",
                    format!("{hint}the fields of `{owner}` are: {}", expected.join(", ")),
                )
            }
            E::NoSuchEnumVariant { expected, found, outer } => {
                let owner = outer.as_deref().map_or(String::new(), |o| format!(" for `{o}`"));
                let hint = match closest(found, expected.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`? "),
                    None => String::new(),
                };
                (format!("`{found}` is not a valid value{owner}"), "unknown value", format!("{hint}use one of: {}", expected.join(", ")))
            }
            E::DuplicateStructField { field, outer } => {
                let owner = outer.as_deref().unwrap_or("value");
                (format!("`{owner}` sets `{field}` twice"), "second one here", "remove one of the two".to_string())
            }
            E::ExpectedDifferentStructName { expected, found } => (
                format!("expected `{expected}(...)` here, found `{found}(...)`"),
                "wrong name",
                format!("rename it to `{expected}`, or leave the name out: `(...)`"),
            ),
            E::Eof => (
                "the file ends before its value is complete".to_string(),
                "file ends here",
                "a `(`, `[` or `\"` is not closed; check the last lines you edited".to_string(),
            ),
            E::ExpectedComma => {
                ("expected a comma".to_string(), "add a comma here", "separate fields and list items with `,`".to_string())
            }
            E::ExpectedString | E::ExpectedStringEnd => (
                e.code.to_string(),
                "not text",
                "text goes in double quotes: \"like this\"; a quote inside text is written \\\"".to_string(),
            ),
            E::ExpectedInteger | E::IntegerOutOfBounds => (
                e.code.to_string(),
                "not a whole number in range",
                "use a whole number in range (anger and hang-up levels run from 0 to 100)".to_string(),
            ),
            E::ExceededRecursionLimit => (
                "values are nested too deeply to read".to_string(),
                "nested too deeply",
                "a scenario nests a few levels at most; flatten `Not(Not(...))` and `All([All([...])])`, or split the condition over several routes".to_string(),
            ),
            E::TrailingCharacters => (
                "unexpected text after the end of the file's value".to_string(),
                "after the closing `)`",
                "the file holds one value, e.g. `Scenario(...)`; remove what follows or check the brackets before it".to_string(),
            ),
            other => (
                other.to_string(),
                "here",
                "check the syntax against a bundled file (scenarios/, assets/)".to_string(),
            ),
        };
        Diagnostic::at(Code::C000, source, span, message).with_label(label).with_help(help)
    }

    /// For a place on a line too long to print (over [`LONGEST_LINE_SHOWN`] bytes): a little
    /// of the text before it, the text at it, and a little after, with `…` where cut.
    fn excerpt(&self) -> Option<(String, String, String)> {
        let loc = self.location.as_ref()?;
        let text = &loc.source.text;
        let start = loc.span.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if line_end - line_start <= LONGEST_LINE_SHOWN {
            return None;
        }
        let end = loc.span.end.clamp(start, line_end);
        let before: String = text[line_start..start].chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
        let at: String = text[start..end].chars().take(40).collect();
        let after: String = text[end..line_end].chars().take(40).collect();
        let cut_before = if before.len() < start - line_start { "…" } else { "" };
        let cut_after = if at.len() + after.len() < line_end - start { "…" } else { "" };
        Some((format!("{cut_before}{before}"), at, format!("{after}{cut_after}")))
    }

    fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The JSON object `cooldown lint --format json` prints per finding.
    pub fn to_json(&self) -> serde_json::Value {
        let (line, column, end_line, end_column) = match &self.location {
            Some(loc) => {
                let (l, c) = loc.source.line_col(loc.span.start);
                let (el, ec) = loc.source.line_col(loc.span.end);
                (Some(l), Some(c), Some(el), Some(ec))
            }
            None => (None, None, None, None),
        };
        serde_json::json!({
            "code": self.code.to_string(),
            "severity": self.severity,
            "message": self.message,
            "file": self.file.display().to_string(),
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "help": self.help,
            "explanation": self.code.explanation(),
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}[{}]: {}", self.position(), self.severity_word(), self.code, self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// Adapter so miette's graphical handler can draw our diagnostic. The header carries the
/// position too, so the location is visible even in a one-line log grep.
struct Report<'a>(&'a Diagnostic);

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.0.severity_word(), self.0.code, self.0.message)?;
        match (&self.0.location, self.0.excerpt()) {
            (None, _) => write!(f, "\n  --> {}", self.0.file.display())?,
            // A line too long to show whole (generated or damaged files): the position, and a
            // few words either side of the place.
            (Some(loc), Some((before, at, after))) => {
                let width = before.chars().count();
                write!(f, "\n  --> {}\n   | {before}{at}{after}\n   | {}^ {}", self.0.position(), " ".repeat(width), loc.label)?
            }
            (Some(_), None) => {}
        }
        Ok(())
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.0.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.0.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.0.excerpt().is_some() {
            return None;
        }
        self.0.location.as_ref().map(|loc| &loc.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.0.excerpt().is_some() {
            return None;
        }
        let loc = self.0.location.as_ref()?;
        let len = loc.span.end.saturating_sub(loc.span.start).max(1);
        let label = (!loc.label.is_empty()).then(|| loc.label.clone());
        let span = SourceSpan::new(loc.span.start.into(), len);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(label, span))))
    }
}

impl miette::SourceCode for SourceText {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.read_span(span, context_lines_before, context_lines_after)?;
        // Named, so miette's frame header reads `path:line:col` of the primary span.
        let contents = miette::MietteSpanContents::new_named(
            self.path.display().to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        );
        Ok(Box::new(contents))
    }
}
