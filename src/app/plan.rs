//! `cooldown test`: plays every scripted call of the test plans found (`NAME.plan.ron` beside
//! `NAME.ron`, see `scenario::plan`) on the real engine, and says which ended as their plan
//! expects and which did not, with the position in the plan to look at.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::engine::{Event, Mode, Response, Session, SessionResult};
use crate::scenario::plan::{self, LoadedPlan, PlanTest, Scripted};
use crate::scenario::{pack, LoadedScenario};
use crate::vocab::Dimension;

use super::pack::{playable, OpenError};

/// One scripted call's outcome.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The scenario's id.
    pub scenario: String,
    /// The test's name.
    pub name: String,
    /// What did not hold, each with where in the plan (empty: it passed).
    pub failures: Vec<Miss>,
    /// How the call went: ending, band and scores, and the answers' route.
    pub summary: String,
}

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// `file:line:col` in the plan.
    pub position: String,
    /// What was expected and what happened.
    pub message: String,
}

impl Checked {
    /// Whether everything held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// What running the plans found: each call checked, and plans that could not run at all.
#[derive(Debug, Default)]
pub struct Run {
    /// Every scripted call, in plan order.
    pub checked: Vec<Checked>,
    /// Plans (or their scenarios) that could not be read or played.
    pub broken: Vec<Diagnostic>,
    /// How many plan files were found.
    pub plans: usize,
}

impl Run {
    /// Whether every call passed and every plan ran.
    pub fn passed(&self) -> bool {
        self.broken.is_empty() && self.checked.iter().all(Checked::passed)
    }
}

/// The plan files a path names: a plan itself, the plan beside a scenario file, or every plan
/// under a folder.
pub fn plan_files(path: &Path) -> Vec<PathBuf> {
    if plan::is_plan(path) {
        return vec![path.to_path_buf()];
    }
    if path.is_dir() {
        return pack::ron_files(path).unwrap_or_default().into_iter().filter(|p| plan::is_plan(p)).collect();
    }
    let beside = plan::plan_of(path);
    if beside.is_file() { vec![beside] } else { Vec::new() }
}

/// Runs every plan the paths name.
pub fn run(paths: &[PathBuf]) -> Run {
    let mut out = Run::default();
    for file in paths.iter().flat_map(|p| plan_files(p)) {
        out.plans += 1;
        let loaded = match plan::load_plan(&file) {
            Ok(l) => l,
            Err(d) => {
                out.broken.push(*d);
                continue;
            }
        };
        let scenario = match open_scenario(&loaded) {
            Ok(s) => s,
            Err(d) => {
                out.broken.extend(d);
                continue;
            }
        };
        let scenario = Arc::new(scenario.scenario);
        for (i, test) in loaded.plan.tests.iter().enumerate() {
            out.checked.push(check(&loaded, i, test, &scenario));
        }
    }
    out
}

fn open_scenario(loaded: &LoadedPlan) -> Result<LoadedScenario, Vec<Diagnostic>> {
    let path = loaded.scenario_path();
    let scenario = crate::scenario::load_file(&path).map_err(|e| {
        let beside = Diagnostic::new(crate::diagnostic::Code::C000, &loaded.source.path, format!("its scenario {} cannot be read", path.display()))
            .with_help("a plan NAME.plan.ron tests the scenario NAME.ron beside it");
        vec![e.into_diagnostic(), beside]
    })?;
    match playable(scenario) {
        Ok(s) => Ok(s),
        Err(OpenError::HasErrors { findings, .. }) => Err(findings),
        Err(other) => Err(vec![Diagnostic::new(crate::diagnostic::Code::C000, &path, other.to_string())]),
    }
}

/// Plays one scripted call and checks how it ended.
fn check(plan: &LoadedPlan, i: usize, test: &PlanTest, scenario: &Arc<crate::scenario::Scenario>) -> Checked {
    let mut failures = Vec::new();
    let miss = |path: String, message: String| Miss { position: plan.position(&path), message };
    let mode = if test.screening { Mode::Screening } else { Mode::Practice };
    let mut checked = Checked { scenario: scenario.id.clone(), name: test.name.clone(), failures: Vec::new(), summary: String::new() };
    let (mut session, mut events) = match Session::start(Arc::clone(scenario), test.seed, mode) {
        Ok(s) => s,
        Err(e) => {
            checked.failures.push(miss(format!("tests[{i}]"), e.to_string()));
            return checked;
        }
    };
    for (k, answer) in test.answers.iter().enumerate() {
        let at = format!("tests[{i}].answers[{k}]");
        if session.is_over() {
            failures.push(miss(at, format!("the call had already ended after {}; this answer and any after it were not given", crate::vocab::text::counted(k, "answer"))));
            break;
        }
        let node = session.prompt().map(|p| p.node_id.clone()).unwrap_or_default();
        let response = match answer {
            Scripted::Pick(0) => {
                failures.push(miss(at, "options are numbered from 1".to_string()));
                break;
            }
            Scripted::Pick(n) => Response::Choice(n - 1),
            Scripted::Type(words) => Response::Text(words.clone()),
        };
        match session.respond(response) {
            Ok(e) => events = e,
            Err(e) => {
                failures.push(miss(at, format!("at `{node}`: {e}")));
                break;
            }
        }
    }
    let ended = events.iter().rev().find_map(|e| match e {
        Event::Ended(r) => Some(r.clone()),
        _ => None,
    });
    match (ended.or_else(|| session.result().cloned()), failures.is_empty()) {
        (Some(result), _) => {
            checked.summary = summary(&result);
            failures.extend(expectations(plan, i, test, &result));
        }
        (None, true) => {
            let at = session.prompt().map(|p| p.node_id.clone()).unwrap_or_default();
            failures.push(miss(format!("tests[{i}].answers"), format!("the call is still going after the last answer: it waits at `{at}`")));
        }
        (None, false) => {}
    }
    checked.failures = failures;
    checked
}

/// Each expectation that the result does not meet.
fn expectations(plan: &LoadedPlan, i: usize, test: &PlanTest, r: &SessionResult) -> Vec<Miss> {
    let mut out = Vec::new();
    let e = &test.expect;
    let mut miss = |field: &str, message: String| out.push(Miss { position: plan.position(&format!("tests[{i}].expect.{field}")), message });
    if let Some(ending) = e.ending.as_ref().filter(|x| **x != r.ending_id) {
        miss("ending", format!("expected the ending `{ending}`, the call reached `{}`", r.ending_id));
    }
    if let Some(outcome) = e.outcome.filter(|o| *o != r.outcome) {
        miss("outcome", format!("expected the outcome {outcome:?}, got {:?}", r.outcome));
    }
    if let Some(band) = e.band.filter(|b| *b != r.band) {
        miss("band", format!("expected the band {}, got {} (overall {})", band.name(), r.band.name(), r.overall));
    }
    if let Some(b) = e.overall.filter(|b| !b.holds(r.overall)) {
        miss("overall", format!("expected an overall score of {}, got {}", b.describe(), r.overall));
    }
    for d in Dimension::ALL {
        let Some(b) = e.dimension(d) else { continue };
        match r.scores.get(d) {
            Some(s) if b.holds(s) => {}
            Some(s) => miss(d.name(), format!("expected a {} score of {}, got {s}", d.name(), b.describe())),
            None => miss(d.name(), format!("expected a {} score of {}, but this scenario does not measure {}", d.name(), b.describe(), d.name())),
        }
    }
    out
}

fn summary(r: &SessionResult) -> String {
    let route: Vec<&str> = r.turns.iter().map(|t| t.node_id.as_str()).collect();
    format!(
        "ended `{}` ({:?}), overall {} {} (patience {}, empathy {}, clarification {}, resolution {}) via {}",
        r.ending_id,
        r.outcome,
        r.overall,
        r.band.name(),
        show(r.scores.patience),
        show(r.scores.empathy),
        show(r.scores.clarification),
        show(r.scores.resolution),
        route.join(" → ")
    )
}

fn show(score: Option<u8>) -> String {
    score.map_or("-".to_string(), |s| s.to_string())
}

impl Run {
    /// The run as `cargo test` words it: a line per call, then each failure with its position,
    /// then the totals.
    pub fn to_text(&self, color: bool) -> String {
        use std::fmt::Write;
        let paint = |s: &str, code: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
        let mut out = String::new();
        let _ = writeln!(out, "running {} from {}", crate::vocab::text::counted(self.checked.len(), "scripted call"), crate::vocab::text::counted(self.plans, "plan"));
        for c in &self.checked {
            let verdict = if c.passed() { paint("ok", "32") } else { paint("FAILED", "31") };
            let _ = writeln!(out, "test {} / {} ... {verdict}", c.scenario, c.name);
        }
        let failed: Vec<&Checked> = self.checked.iter().filter(|c| !c.passed()).collect();
        if !failed.is_empty() || !self.broken.is_empty() {
            let _ = writeln!(out, "\nfailures:");
        }
        for c in &failed {
            for m in &c.failures {
                let _ = writeln!(out, "\n{}: {} / {}: {}", paint("error", "31;1"), c.scenario, c.name, m.message);
                let _ = writeln!(out, "  --> {}", m.position);
            }
            if !c.summary.is_empty() {
                let _ = writeln!(out, "  = the call {}", c.summary);
            }
        }
        for d in &self.broken {
            out.push('\n');
            out.push_str(&d.render(color));
        }
        let passed = self.checked.len() - failed.len();
        let verdict = if self.passed() { paint("ok", "32") } else { paint("FAILED", "31") };
        let broken = if self.broken.is_empty() { String::new() } else { format!("; {} could not run", crate::vocab::text::counted(self.broken.len(), "problem")) };
        let _ = writeln!(out, "\ntest result: {verdict}. {passed} passed; {} failed{broken}", failed.len());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_beside_late_gift(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(root.join("scenarios/late-gift.ron"), dir.path().join("late-gift.ron")).unwrap();
        let plan = dir.path().join("late-gift.plan.ron");
        std::fs::write(&plan, text).unwrap();
        (dir, plan)
    }

    #[test]
    fn a_plan_that_holds_passes_and_one_that_does_not_points_at_the_expectation() {
        let (dir, _) = plan_beside_late_gift(
            r#"Plan(tests: [
    Test(name: "blames the courier, escalates", answers: [Pick(3), Pick(2)], expect: (ending: "escalated", outcome: Escalated, band: Bronze)),
    Test(name: "wrongly hopes for gold", answers: [Pick(3), Pick(2)], expect: (band: Gold, empathy: (min: 50))),
    Test(name: "stops early", answers: [Pick(1)]),
    Test(name: "too many", answers: [Pick(3), Pick(2), Pick(1)]),
    Test(name: "no such option", answers: [Pick(9)]),
])"#,
        );
        let run = run(&[dir.path().to_path_buf()]);
        assert_eq!(run.plans, 1);
        assert!(run.broken.is_empty(), "{:?}", run.broken);
        let c = &run.checked;
        assert_eq!(c.len(), 5);
        assert!(c[0].passed(), "{:?}", c[0].failures);
        assert_eq!(c[1].failures.len(), 2, "{:?}", c[1].failures);
        assert!(c[1].failures[0].message.starts_with("expected the band Gold, got Bronze"), "{:?}", c[1].failures);
        assert!(c[1].failures[0].position.ends_with("late-gift.plan.ron:3:86"), "{}", c[1].failures[0].position);
        assert!(c[2].failures[0].message.contains("still going"), "{:?}", c[2].failures);
        assert!(c[3].failures[0].message.contains("already ended after 2 answers"), "{:?}", c[3].failures);
        assert!(c[4].failures[0].message.contains("there is no option 9"), "{:?}", c[4].failures);
        assert!(!run.passed());
        let text = run.to_text(false);
        assert!(text.contains("test late-gift / blames the courier, escalates ... ok"), "{text}");
        assert!(text.contains("test result: FAILED. 1 passed; 4 failed"), "{text}");
    }

    #[test]
    fn a_plan_beside_a_missing_scenario_is_reported_not_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gone.plan.ron"), "Plan(tests: [])").unwrap();
        let run = run(&[dir.path().to_path_buf()]);
        assert_eq!(run.broken.len(), 2, "{:?}", run.broken);
        assert!(!run.passed());
    }
}
