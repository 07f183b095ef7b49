//! Reading scenario files: RON text -> [`Scenario`], with errors that name the file, line and
//! column and say how to fix the problem.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ron::extensions::Extensions;
use serde::Deserialize;

use super::model::{Scenario, FORMAT_VERSION};
use super::source_map::SourceMap;
use super::takes::Takes;
use crate::diagnostic::{Code, Diagnostic, SourceText};

/// A parsed scenario and the text it came from, so findings can point into the file.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The scenario as read.
    pub scenario: Scenario,
    /// Its file's text, for findings to point into.
    pub source: SourceText,
    /// Built on first use: only findings need positions, and a clean file has none.
    map: OnceLock<SourceMap>,
    /// The pack's recordings (empty for text not read from a pack).
    pub takes: Takes,
}

impl LoadedScenario {
    /// A hash of the file's text: which exact version of the scenario a stored session played.
    pub fn content_hash(&self) -> String {
        super::takes::text_hash(&self.source.text)
    }

    /// Where each value sits in the file.
    pub fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| SourceMap::index(&self.source.text))
    }

    /// The folder the scenario's audio paths are relative to.
    pub fn pack_dir(&self) -> &Path {
        self.source.path.parent().unwrap_or(Path::new("."))
    }

    /// Takes the pack's recordings and works out which WAV each spoken line plays.
    pub fn attach(&mut self, takes: Takes) {
        let dir = self.pack_dir().to_path_buf();
        let sc = &mut self.scenario;
        for line in sc.nodes.iter_mut().flat_map(|n| n.lines.iter_mut()).chain(sc.endings.iter_mut().flat_map(|e| e.lines.iter_mut())) {
            line.recordings = takes.recordings(&dir, line);
        }
        self.takes = takes;
    }

    /// A diagnostic pointing at the value at `path` (see [`SourceMap`]).
    pub fn diagnostic(&self, code: Code, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(code, &self.source, self.map().nearest(path), message)
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum LoadError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The file was read but is not a valid scenario; the diagnostic says where and why.
    #[error("{0}")]
    Invalid(Box<Diagnostic>),
}

impl LoadError {
    /// The error as a lint finding (code C000).
    pub fn into_diagnostic(self) -> Diagnostic {
        match self {
            LoadError::Io { path, source } => Diagnostic::new(Code::C000, &path, format!("cannot read the file: {source}"))
                .with_help("check that the path exists and is readable"),
            LoadError::Invalid(d) => *d,
        }
    }
}

/// Reads and parses one scenario file.
pub fn load_file(path: &Path) -> Result<LoadedScenario, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io { path: path.to_path_buf(), source })?;
    let mut loaded = load_str(path, &text)?;
    loaded.attach(Takes::load(loaded.pack_dir())?);
    Ok(loaded)
}

/// Parses scenario text; `path` names it in errors and anchors its audio paths.
pub fn load_str(path: &Path, text: &str) -> Result<LoadedScenario, LoadError> {
    let source = SourceText::new(path, text);
    let invalid = |d: Diagnostic| LoadError::Invalid(Box::new(d));
    let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);

    match options.from_str::<Scenario>(text) {
        Ok(scenario) if scenario.format == FORMAT_VERSION => {
            let mut loaded = LoadedScenario { scenario, source, map: OnceLock::new(), takes: Takes::default() };
            loaded.attach(Takes::default());
            Ok(loaded)
        }
        Ok(scenario) => Err(invalid(format_error(&source, scenario.format))),
        Err(e) => {
            // A file in another format version usually fails on its new fields; report the
            // version, which is the real cause, rather than the field.
            match options.from_str::<Header>(text) {
                Ok(Header { format: Some(format) }) if format != FORMAT_VERSION => {
                    Err(invalid(format_error(&source, format)))
                }
                _ => Err(invalid(Diagnostic::from_ron(&source, &e, field_example))),
            }
        }
    }
}

fn format_error(source: &SourceText, format: u32) -> Diagnostic {
    let span = SourceMap::index(&source.text).nearest("format");
    let message = if format > FORMAT_VERSION {
        format!("this scenario uses format {format}, but this version of cooldown reads format {FORMAT_VERSION}")
    } else {
        format!("format {format} does not exist; this version of cooldown reads format {FORMAT_VERSION}")
    };
    Diagnostic::at(Code::C000, source, span, message)
        .with_label("unsupported format version")
        .with_help(format!("update cooldown to open it, or write the scenario in format {FORMAT_VERSION}"))
}

/// The part of a scenario read before everything else.
#[derive(Deserialize)]
#[serde(rename = "Scenario")]
struct Header {
    format: Option<u32>,
}

/// What a value for a commonly forgotten field looks like.
fn field_example(field: &str) -> &'static str {
    match field {
        "format" => "1",
        "id" => "\"some-id\"",
        "next" | "start" => "\"<node or ending id>\"",
        "text" | "title" | "name" => "\"...\"",
        "lines" => "[Line(id: \"...\", text: \"...\")]",
        "nodes" => "[Node(...)]",
        "endings" => "[Ending(id: \"...\", outcome: Resolved)]",
        "difficulty" => "Easy",
        "persona" => "Reasonable",
        "anger" => "50",
        "outcome" => "Resolved",
        "when" => "Has(Question)",
        "customer" => "(name: \"...\", persona: Reasonable, anger: 50)",
        _ => "...",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"Scenario(
    format: 1,
    id: "mini",
    title: "Mini",
    difficulty: Easy,
    customer: (name: "Sam", persona: Reasonable, anger: 40),
    start: "a",
    nodes: [
        Node(id: "a", lines: [Line(id: "mini-1", text: "Hello?", audio: "a.wav")],
             choices: [Choice(text: "Hi", next: "done")]),
    ],
    endings: [Ending(id: "done", outcome: Resolved)],
)"#;

    fn error(text: &str) -> Diagnostic {
        match load_str(Path::new("x.ron"), text) {
            Err(LoadError::Invalid(d)) => *d,
            other => panic!("expected an invalid-scenario error, got {other:?}"),
        }
    }

    #[test]
    fn loads_a_minimal_scenario_with_implicit_some() {
        let loaded = load_str(Path::new("pack/mini.ron"), MINIMAL).unwrap();
        assert_eq!(loaded.scenario.nodes[0].lines[0].audio.as_deref(), Some("a.wav"));
        assert_eq!(loaded.scenario.customer.hangs_up_at, 100);
        assert_eq!(loaded.pack_dir(), Path::new("pack"));
    }

    #[test]
    fn unknown_format_version_is_rejected_with_its_position() {
        let d = error(&MINIMAL.replace("format: 1", "format: 7"));
        assert!(d.message.contains("format 7"), "{}", d.message);
        assert_eq!(d.position(), "x.ron:2:13");
    }

    #[test]
    fn a_typo_in_a_field_suggests_the_right_name() {
        let d = error(&MINIMAL.replace("title:", "titel:"));
        assert_eq!(d.message, "`Scenario` has no field `titel`");
        assert!(d.help.as_deref().unwrap().starts_with("did you mean `title`?"));
        assert_eq!(d.position(), "x.ron:4:5");
    }

    #[test]
    fn an_unknown_persona_lists_the_valid_ones() {
        let d = error(&MINIMAL.replace("Reasonable", "Grumpy"));
        assert!(d.message.contains("`Grumpy` is not a valid value"), "{}", d.message);
        assert!(d.help.as_deref().unwrap().contains("Hurried"));
    }

    #[test]
    fn a_missing_field_says_what_to_add() {
        let d = error(&MINIMAL.replace(r#", next: "done""#, ""));
        assert_eq!(d.message, "`Choice` is missing the field `next`");
        assert!(d.help.as_deref().unwrap().contains("next: \"<node or ending id>\""));
        assert!(d.position().starts_with("x.ron:10:"), "{}", d.position());
    }
}
