//! Screening assessments: a fixed sequence of scenarios every candidate sits under equal
//! conditions ([`model`]), read with positioned errors and linted with coded findings (A001 to
//! A006) like scenarios are.

pub mod code;
pub mod impact;
pub mod model;
pub mod signals;

use std::path::{Path, PathBuf};


pub use model::{Accommodations, AnswerKind, Assessment, CutScore, Question, SeedPolicy, Standing, Status, TimeLimits, FORMAT_VERSION};

use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::scenario::explore::answers;
use crate::scenario::lint::lint_scenario;
use crate::scenario::pack::load_pack;
use crate::scenario::source_map::SourceMap;
use crate::scenario::{closest, LoadedScenario};

/// An assessment and the text it came from.
#[derive(Debug, Clone)]
pub struct LoadedAssessment {
    /// The assessment as read.
    pub assessment: Assessment,
    /// Its file's text, for findings to point into.
    pub source: SourceText,
}

impl LoadedAssessment {
    /// The folder its scenarios come from.
    pub fn pack_dir(&self) -> PathBuf {
        tidy(&self.source.path.parent().unwrap_or(Path::new(".")).join(&self.assessment.pack))
    }

    /// A hash of the file's text: which exact assessment an invitation and its results are for.
    pub fn content_hash(&self) -> String {
        crate::scenario::takes::text_hash(&self.source.text)
    }

    fn at(&self, code: Code, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(code, &self.source, SourceMap::index(&self.source.text).nearest(path), message)
    }
}

/// `a/b/../c/./d` as `a/c/d`, without touching the file system: for paths shown to people.
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() { PathBuf::from(".") } else { out }
}

/// Whether a file holds an assessment rather than a scenario: its value is `Assessment(...)`.
pub fn is_assessment(text: &str) -> bool {
    SourceMap::opens_with(text, "Assessment")
}

/// Reads and parses an assessment file.
pub fn load_file(path: &Path) -> Result<LoadedAssessment, Box<Diagnostic>> {
    load_str(path, &Diagnostic::read_file(path, "the file", "check that the path exists and is readable")?)
}

/// Parses assessment text; `path` names it in errors and anchors its pack.
pub fn load_str(path: &Path, text: &str) -> Result<LoadedAssessment, Box<Diagnostic>> {
    let source = SourceText::new(path, text);
    let assessment: Assessment = Diagnostic::parse_ron(&source, field_example)?;
    if assessment.format != FORMAT_VERSION {
        let span = SourceMap::index(text).nearest("format");
        return Err(Box::new(
            Diagnostic::at(Code::C000, &source, span, format!("assessment format {} is not one this cooldown reads ({FORMAT_VERSION})", assessment.format))
                .with_label("unsupported format version")
                .with_help(format!("write the assessment in format {FORMAT_VERSION}, or update cooldown")),
        ));
    }
    Ok(LoadedAssessment { assessment, source })
}

fn field_example(field: &str) -> &'static str {
    match field {
        "format" => "1",
        "id" => "\"support-agent\"",
        "title" => "\"...\"",
        "scenarios" => "[\"late-gift\", \"patience-test\"]",
        "retention_days" => "180",
        _ => "...",
    }
}

/// Loads an assessment with its scenarios, in order; findings when it cannot be sat as written.
pub fn open(path: &Path) -> Result<(LoadedAssessment, Vec<LoadedScenario>), Vec<Diagnostic>> {
    let loaded = load_file(path).map_err(|d| vec![*d])?;
    let (pack, _) = load_pack(&loaded.pack_dir());
    let findings: Vec<Diagnostic> = lint_with(&loaded, &pack).into_iter().filter(Diagnostic::is_error).collect();
    if !findings.is_empty() {
        return Err(findings);
    }
    let scenarios = loaded
        .assessment
        .scenarios
        .iter()
        .filter_map(|id| pack.iter().find(|s| &s.scenario.id == id).cloned())
        .collect();
    Ok((loaded, scenarios))
}

/// Every finding on an assessment file: its own settings, and whether each of its scenarios can
/// be sat with the answers it allows.
pub fn lint(path: &Path) -> Vec<Diagnostic> {
    match load_file(path) {
        Ok(loaded) => {
            let (pack, _) = load_pack(&loaded.pack_dir());
            lint_with(&loaded, &pack)
        }
        Err(d) => vec![*d],
    }
}

/// The checks on `loaded` against the scenarios of its pack.
pub fn lint_with(loaded: &LoadedAssessment, pack: &[LoadedScenario]) -> Vec<Diagnostic> {
    let a = &loaded.assessment;
    let mut out = Vec::new();
    if a.scenarios.is_empty() {
        out.push(
            loaded
                .at(Code::A001, "scenarios", "the assessment has no scenarios")
                .with_label("nothing to sit")
                .with_help("list the scenario ids candidates sit, e.g. `scenarios: [\"late-gift\", \"patience-test\"]`"),
        );
    }
    for (i, id) in a.scenarios.iter().enumerate() {
        let path = format!("scenarios[{i}]");
        if a.scenarios[..i].contains(id) {
            out.push(
                loaded
                    .at(Code::A004, &path, format!("`{id}` is already in the assessment"))
                    .with_label("listed twice")
                    .with_help("sit each scenario once; add another scenario for more evidence"),
            );
            continue;
        }
        let Some(scenario) = pack.iter().find(|s| &s.scenario.id == id) else {
            let hint = closest(id, pack.iter().map(|s| s.scenario.id.as_str())).map_or(String::new(), |c| format!("did you mean `{c}`? "));
            out.push(
                loaded
                    .at(Code::A001, &path, format!("no scenario `{id}` in {}", loaded.pack_dir().display()))
                    .with_label("no such scenario")
                    .with_help(format!("{hint}name a scenario of the pack, or point `pack:` at the folder that has it")),
            );
            continue;
        };
        if lint_scenario(scenario).iter().any(Diagnostic::is_error) {
            out.push(
                loaded
                    .at(Code::A005, &path, format!("scenario `{id}` has errors"))
                    .with_label("cannot be sat")
                    .with_help(format!("fix them first: `cooldown lint {}`", scenario.source.path.display())),
            );
            continue;
        }
        for node in &scenario.scenario.nodes {
            let choices = !node.choices.is_empty() && a.answers.contains(&AnswerKind::Choice);
            let words = node.free_text.is_some() && (a.answers.contains(&AnswerKind::Typed) || a.answers.contains(&AnswerKind::Spoken));
            if !choices && !words && answers(node).next().is_some() {
                let takes = if node.choices.is_empty() { "only the candidate's own words" } else { "only a choice" };
                out.push(
                    loaded
                        .at(Code::A003, "answers", format!("`{id}` asks a question at `{}` that takes {takes}, which `answers` does not allow", node.id))
                        .with_label("unanswerable question")
                        .with_help(if node.choices.is_empty() { "allow `Typed` (or `Spoken`) answers" } else { "allow `Choice` answers" }),
                );
                break;
            }
        }
    }
    if a.answers.is_empty() {
        out.push(loaded.at(Code::A003, "answers", "no answer kind is allowed").with_label("nothing to answer with").with_help("allow at least `Choice` or `Typed`"));
    }
    let mut range = |path: &str, value: f64, low: f64, high: f64, what: &str| {
        if !(low..=high).contains(&value) {
            out.push(
                loaded
                    .at(Code::A002, path, format!("{value} is out of range: {what} runs from {low} to {high}"))
                    .with_label("out of range")
                    .with_help(format!("use a value from {low} to {high}")),
            );
        }
    };
    if let Some(s) = a.time.per_turn_s {
        range("time.per_turn_s", s.into(), 10.0, 3600.0, "seconds for one answer");
    }
    if let Some(m) = a.time.total_min {
        range("time.total_min", m.into(), 1.0, 600.0, "minutes for the whole assessment");
    }
    if let Some(c) = a.cut.overall {
        range("cut.overall", c.into(), 0.0, 100.0, "a score");
    }
    for (d, c) in &a.cut.dimensions {
        range(&format!("cut.dimensions.{d:?}"), (*c).into(), 0.0, 100.0, "a score");
    }
    for (i, f) in a.accommodations.extra_time.iter().enumerate() {
        range(&format!("accommodations.extra_time[{i}]"), f64::from(*f), 1.0, 4.0, "a time factor");
    }
    range("retention_days", a.retention_days.into(), 1.0, 3650.0, "the days results are kept");
    for (i, b) in a.bands.iter().enumerate() {
        range(&format!("bands[{i}].from"), b.from.into(), 0.0, 100.0, "a score");
    }
    let descending = a.bands.windows(2).all(|w| w[0].from > w[1].from);
    if !a.bands.is_empty() && (!descending || a.bands.last().is_some_and(|b| b.from != 0)) {
        let order: Vec<String> = a.bands.iter().map(|b| format!("{} from {}", b.name, b.from)).collect();
        out.push(
            loaded
                .at(Code::A006, "bands", format!("the bands ({}) leave a score without a band or with two", order.join(", ")))
                .with_label("bands out of order")
                .with_help("list them from the highest down, each starting lower than the one before, and the last `from: 0`"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overall_score_falls_in_exactly_one_of_the_assessments_bands() {
        let (loaded, _) = open(&bundled()).unwrap();
        let a = &loaded.assessment;
        assert_eq!([a.band_of(100), a.band_of(80), a.band_of(79), a.band_of(60), a.band_of(59), a.band_of(0)], ["Strong", "Strong", "Meets the bar", "Meets the bar", "Below the bar", "Below the bar"]);
        let plain = Assessment { bands: Vec::new(), ..a.clone() };
        assert_eq!(plain.band_of(95), crate::engine::Band::from_percent(95).name(), "without bands, the practice bands");
    }

    fn bundled() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assessments/support-agent.ron")
    }

    #[test]
    fn the_bundled_assessment_is_clean_and_opens_its_scenarios_in_order() {
        let findings = lint(&bundled());
        assert!(findings.is_empty(), "{findings:#?}");
        let (loaded, scenarios) = open(&bundled()).unwrap();
        let ids: Vec<&str> = scenarios.iter().map(|s| s.scenario.id.as_str()).collect();
        assert_eq!(ids, loaded.assessment.scenarios.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(ids.contains(&"patience-test"), "the unsolvable-issue patience test is in it");
        assert!(is_assessment(&loaded.source.text));
    }

    #[test]
    fn findings_name_the_setting_and_suggest_the_fix() {
        let text = std::fs::read_to_string(bundled()).unwrap();
        let broken = text.replace("\"late-gift\"", "\"late-gfit\"").replace("retention_days: 180", "retention_days: 0").replace("[Choice, Typed, Spoken]", "[Choice]");
        let loaded = load_str(&bundled(), &broken).unwrap();
        let (pack, _) = load_pack(&loaded.pack_dir());
        let found = lint_with(&loaded, &pack);
        let codes: Vec<Code> = found.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::A001) && codes.contains(&Code::A002) && codes.contains(&Code::A003), "{found:#?}");
        let typo = found.iter().find(|d| d.code == Code::A001).unwrap();
        assert!(typo.help.as_deref().unwrap().contains("did you mean `late-gift`?"), "{typo:?}");
        assert!(typo.position().ends_with(":11:17"), "{}", typo.position());
        assert!(open(&bundled()).is_ok());
    }

    #[test]
    fn scenario_files_are_not_assessments() {
        assert!(!is_assessment("// a call\nScenario(format: 1)"));
        assert!(is_assessment("#![enable(implicit_some)]\n// x\nAssessment(format: 1)"));
    }
}
