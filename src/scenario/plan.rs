//! Test plans: `NAME.plan.ron` beside `NAME.ron` scripts calls through the scenario (choice
//! numbers, words, a seed) and says how each must end (ending, outcome, band, score bounds).
//! `cooldown test` plays them on the real engine (see `app::plan`), so a trainer who edits a
//! scenario learns at once which calls no longer end as intended.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::model::Outcome;
use super::source_map::SourceMap;
use crate::diagnostic::{Diagnostic, SourceText};
use crate::vocab::{Band, Dimension};

/// What a plan file's name ends with.
pub const PLAN_SUFFIX: &str = ".plan.ron";

/// A scenario's test plan.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The scripted calls.
    pub tests: Vec<PlanTest>,
}

/// One scripted call and how it must end (`Test(...)` in the file).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Test", deny_unknown_fields)]
pub struct PlanTest {
    /// What the call checks, shown in the output.
    pub name: String,
    /// The seed that picks the customer's wording (and, in screening, the option order).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Play it as a screening (options shuffled by the seed) instead of practice.
    #[serde(default)]
    pub screening: bool,
    /// The answers, in order.
    pub answers: Vec<Scripted>,
    /// How the call must end.
    #[serde(default)]
    pub expect: Expected,
}

fn default_seed() -> u64 {
    1
}

/// One scripted answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Scripted {
    /// The option with this number, as shown (1 is the first).
    Pick(usize),
    /// These words, typed.
    Type(String),
}

/// How a scripted call must end; every part is optional.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Expected {
    /// The ending's id.
    pub ending: Option<String>,
    /// The ending's outcome.
    pub outcome: Option<Outcome>,
    /// The band.
    pub band: Option<Band>,
    /// Bounds on the overall score.
    pub overall: Option<Bounds>,
    /// Bounds on each dimension's score.
    pub patience: Option<Bounds>,
    /// See `patience`.
    pub empathy: Option<Bounds>,
    /// See `patience`.
    pub clarification: Option<Bounds>,
    /// See `patience`.
    pub resolution: Option<Bounds>,
}

impl Expected {
    /// The bounds on one dimension's score.
    pub fn dimension(&self, d: Dimension) -> Option<Bounds> {
        match d {
            Dimension::Patience => self.patience,
            Dimension::Empathy => self.empathy,
            Dimension::Clarification => self.clarification,
            Dimension::Resolution => self.resolution,
        }
    }
}

/// A score's bounds, both included: `(min: 80)`, `(max: 40)`, `(min: 100, max: 100)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bounds {
    /// The least it may be.
    pub min: Option<u8>,
    /// The most it may be.
    pub max: Option<u8>,
}

impl Bounds {
    /// Whether `score` is within them.
    pub fn holds(&self, score: u8) -> bool {
        self.min.is_none_or(|m| score >= m) && self.max.is_none_or(|m| score <= m)
    }

    /// The bounds in words: "at least 80", "80 to 100", "at most 40".
    pub fn describe(&self) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => format!("exactly {a}"),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => "any score".to_string(),
        }
    }
}

/// A plan and the text it came from, for failures to point into.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    /// The plan as read.
    pub plan: Plan,
    /// Its file's text.
    pub source: SourceText,
    map: SourceMap,
}

impl LoadedPlan {
    /// `file:line:col` of the value at `path` (e.g. `tests[1].expect.band`), or the nearest
    /// enclosing one.
    pub fn position(&self, path: &str) -> String {
        let (line, col) = self.source.line_col(self.map.nearest(path).start);
        format!("{}:{line}:{col}", self.source.path.display())
    }

    /// The scenario file the plan is for: `NAME.ron` beside `NAME.plan.ron`.
    pub fn scenario_path(&self) -> PathBuf {
        scenario_of(&self.source.path)
    }
}

/// Whether a file is a test plan.
pub fn is_plan(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(PLAN_SUFFIX))
}

/// The scenario `NAME.ron` a plan `NAME.plan.ron` is for.
pub fn scenario_of(plan: &Path) -> PathBuf {
    let name = plan.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    plan.with_file_name(format!("{}.ron", name.strip_suffix(PLAN_SUFFIX).unwrap_or(name)))
}

/// The plan `NAME.plan.ron` beside a scenario `NAME.ron`.
pub fn plan_of(scenario: &Path) -> PathBuf {
    let stem = scenario.file_stem().and_then(|n| n.to_str()).unwrap_or_default();
    scenario.with_file_name(format!("{stem}{PLAN_SUFFIX}"))
}

/// Reads a plan file; a diagnostic with the position and a fix when it cannot be read.
pub fn load_plan(path: &Path) -> Result<LoadedPlan, Box<Diagnostic>> {
    let text = Diagnostic::read_file(path, "the test plan", "name a NAME.plan.ron file beside its scenario NAME.ron")?;
    let source = SourceText::new(path, text);
    let plan: Plan = Diagnostic::parse_ron(&source, example)?;
    let map = SourceMap::index(&source.text);
    Ok(LoadedPlan { plan, source, map })
}

fn example(field: &str) -> &'static str {
    match field {
        "tests" => "[Test(name: \"the model call\", answers: [Pick(1), Type(\"I'm sorry\")], expect: (band: Gold))]",
        "name" => "\"the model call\"",
        "answers" => "[Pick(1), Type(\"I'm so sorry about that\")]",
        _ => "...",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_reads_with_defaults_and_names_its_scenario() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("late-gift.plan.ron");
        std::fs::write(
            &path,
            r#"Plan(tests: [
                Test(name: "model", answers: [Pick(1), Type("sorry")], expect: (band: Gold, overall: (min: 90))),
                Test(name: "bare", seed: 9, screening: true, answers: []),
            ])"#,
        )
        .unwrap();
        let loaded = load_plan(&path).unwrap();
        let t = &loaded.plan.tests;
        assert_eq!(t[0].seed, 1);
        assert_eq!(t[0].answers, [Scripted::Pick(1), Scripted::Type("sorry".into())]);
        assert_eq!(t[0].expect.overall, Some(Bounds { min: Some(90), max: None }));
        assert!(t[1].screening && t[1].expect == Expected::default());
        assert_eq!(loaded.scenario_path(), dir.path().join("late-gift.ron"));
        assert!(loaded.position("tests[1].seed").ends_with(":3:42"), "{}", loaded.position("tests[1].seed"));
        assert!(is_plan(&path) && !is_plan(&dir.path().join("late-gift.ron")));
        assert_eq!(plan_of(&dir.path().join("late-gift.ron")), path);
    }

    #[test]
    fn a_misspelt_field_is_refused_with_its_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.plan.ron");
        std::fs::write(&path, "Plan(tests: [Test(name: \"a\", answers: [], expect: (bnad: Gold))])").unwrap();
        let err = load_plan(&path).unwrap_err();
        assert!(err.message.contains("bnad"), "{}", err.message);
        assert!(err.position().contains(":1:"), "{}", err.position());
    }
}
