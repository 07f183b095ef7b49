//! The bundled pack, played to every ending by the scripted calls of its test plans
//! (`scenarios/NAME.plan.ron`, what `cooldown test` runs).
//!
//! Each script is a specification: a trainee who answers like this reaches this ending with
//! these scores. The best path of every scenario scores 100 in each dimension (Gold); careless
//! answers end in a hang-up with a Bronze band.

mod common;

use std::collections::BTreeSet;

use common::{bundled, pack_dir, play, try_play, Say, Say::*};
use cooldown::engine::{Band, Mode, SessionResult};
use cooldown::scenario::plan::{load_plan, Scripted};
use cooldown::scenario::{lint, Dimension, Outcome};

/// One scripted call of a bundled plan (`scenarios/NAME.plan.ron`), read for the checks below
/// that look across plans.
struct Case {
    scenario: String,
    name: String,
    script: Vec<Say>,
    ending: String,
    outcome: Outcome,
    band: Band,
    /// patience, empathy, clarification, resolution
    scores: [u8; 4],
}

/// Every scripted call of the bundled plans. Each names its ending, outcome, band and exact
/// scores: the plans are the pack's specification.
fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for file in cooldown::app::plan::plan_files(&pack_dir()) {
        let plan = load_plan(&file).unwrap();
        let scenario = cooldown::scenario::load_file(&plan.scenario_path()).unwrap().scenario.id;
        for t in plan.plan.tests {
            let exact = |d: Dimension| t.expect.dimension(d).and_then(|b| b.min.filter(|m| Some(*m) == b.max));
            let what = format!("{scenario} / {}", t.name);
            out.push(Case {
                script: t
                    .answers
                    .iter()
                    .map(|a| match a {
                        Scripted::Pick(n) => Pick(*n),
                        // The scripts outlive every test; leaking a few lines of text is fine here.
                        Scripted::Type(words) => Type(Box::leak(words.clone().into_boxed_str())),
                    })
                    .collect(),
                ending: t.expect.ending.clone().unwrap_or_else(|| panic!("{what}: names its ending")),
                outcome: t.expect.outcome.unwrap_or_else(|| panic!("{what}: names its outcome")),
                band: t.expect.band.unwrap_or_else(|| panic!("{what}: names its band")),
                scores: Dimension::ALL.map(|d| exact(d).unwrap_or_else(|| panic!("{what}: gives an exact {} score", d.name()))),
                name: t.name,
                scenario: scenario.clone(),
            });
        }
    }
    assert!(out.len() >= 20, "the bundled plans script at least 20 calls");
    out
}

fn scores_of(r: &SessionResult) -> [u8; 4] {
    let s = r.scores;
    [s.patience, s.empathy, s.clarification, s.resolution].map(|v| v.expect("every bundled scenario measures all four"))
}

#[test]
fn every_bundled_plan_passes() {
    // What `cooldown test` runs (and `make test`): every scripted call ends as its plan says.
    let run = cooldown::app::plan::run(&[pack_dir()]);
    assert!(run.passed(), "{}", run.to_text(false));
}

#[test]
fn every_script_reaches_its_ending_with_its_scores() {
    // The same calls played by the tests' own driver (authored choice numbers, whatever order
    // they are shown in), so the plan runner is checked too.
    let mut failures = Vec::new();
    for case in cases() {
        let scenario = bundled(&case.scenario);
        let result = match try_play(&scenario, 7, Mode::Practice, &case.script) {
            Ok((result, _)) => result,
            Err(e) => {
                failures.push(format!("{} / {}: {e}", case.scenario, case.name));
                continue;
            }
        };
        let got = (result.ending_id.as_str(), result.outcome, result.band, scores_of(&result));
        let want = (case.ending.as_str(), case.outcome, case.band, case.scores);
        if got != want {
            failures.push(format!("{} / {}: got {got:?}, want {want:?}", case.scenario, case.name));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_same_scripts_score_the_same_in_screening_mode() {
    // Screening shuffles the options; picking the same authored answers must not change anything
    // but their order.
    for case in cases() {
        let scenario = bundled(&case.scenario);
        let (practice, _) = play(&scenario, 11, Mode::Practice, &case.script);
        let (screening, _) = play(&scenario, 11, Mode::Screening, &case.script);
        assert_eq!(practice.scores, screening.scores, "{} / {}", case.scenario, case.name);
        assert_eq!(practice.ending_id, screening.ending_id);
    }
}

#[test]
fn every_ending_of_every_bundled_scenario_is_played() {
    let cases = cases();
    let files = cooldown::scenario::pack::scenario_files(&pack_dir()).unwrap();
    assert!(files.len() >= 5, "the pack has at least five scenarios");
    for file in files {
        let scenario = cooldown::scenario::load_file(&file).unwrap().scenario;
        let all: BTreeSet<&str> = scenario.endings.iter().map(|e| e.id.as_str()).collect();
        let played: BTreeSet<&str> = cases.iter().filter(|c| c.scenario == scenario.id).map(|c| c.ending.as_str()).collect();
        assert_eq!(played, all, "{}: scripts must reach every ending", scenario.id);
    }
}

#[test]
fn the_best_path_is_gold_and_a_hang_up_is_bronze_everywhere() {
    let cases = cases();
    for id in cases.iter().map(|c| c.scenario.as_str()).collect::<BTreeSet<_>>() {
        let best = cases.iter().filter(|c| c.scenario == id).map(|c| c.scores.iter().map(|s| u32::from(*s)).sum::<u32>()).max();
        assert_eq!(best, Some(400), "{id}: some script plays the best path");
        assert!(cases.iter().any(|c| c.scenario == id && c.outcome == Outcome::HungUp && c.band == Band::Bronze));
    }
}

#[test]
fn every_bundled_scenario_mixes_choices_and_free_text() {
    let (scenarios, errors) = cooldown::scenario::pack::load_pack(&pack_dir());
    assert!(errors.is_empty(), "{errors:?}");
    for s in &scenarios {
        let sc = &s.scenario;
        assert!(sc.nodes.iter().any(|n| !n.choices.is_empty()), "{}: has choice nodes", sc.id);
        assert!(sc.nodes.iter().any(|n| n.free_text.is_some()), "{}: has free-text nodes", sc.id);
    }
}

#[test]
fn the_bundled_pack_lints_clean() {
    let diagnostics = lint::lint_paths(&[pack_dir()]);
    let rendered: Vec<String> = diagnostics.iter().map(|d| d.render(false)).collect();
    assert!(diagnostics.is_empty(), "{}", rendered.join("\n"));
}

#[test]
fn mood_rule_hang_up_leaves_the_customer_at_their_limit() {
    let scenario = bundled("late-gift");
    let (result, _) = play(&scenario, 1, Mode::Practice, &[Pick(2), Type("What is the order number?")]);
    let last = *result.mood.last().unwrap();
    assert!(last >= scenario.customer.hangs_up_at, "anger {last} reached the limit");
    assert_eq!(result.mood.len(), result.turns.len() + 1);
}

#[test]
fn personas_bend_the_mood_and_say_why() {
    // The hurried customer punishes the 40-word apology even though it is authored as neutral.
    let (result, _) = play(&bundled("hurried-billing"), 1, Mode::Practice, &[Pick(2), Type("What is your email?"), Pick(3)]);
    let first = &result.turns[0];
    assert!(first.anger_after > first.anger_before, "{first:?}");
    assert!(first.mood_notes[0].starts_with("Hurried customer"), "{:?}", first.mood_notes);

    // The upset customer calms only half as much before empathy: the same verifying answer
    // calms Tom twice as much after an empathic opening as after a policy-number-first one.
    let verify = Type("Policy 4471-C at Northside, let me clear it now.");
    let delta = |opening: Say| {
        let (result, _) = play(&bundled("vet-emergency"), 1, Mode::Practice, &[opening, verify, Pick(1), Type("Thanks, Tom.")]);
        let second = result.turns[1].clone();
        (i32::from(second.anger_after) - i32::from(second.anger_before), second.mood_notes)
    };
    let (cold, cold_notes) = delta(Pick(2));
    let (warm, warm_notes) = delta(Pick(1));
    assert!(cold < 0 && warm == 2 * cold, "cold {cold}, warm {warm}");
    assert!(cold_notes[0].starts_with("Upset customer"), "{cold_notes:?}");
    assert!(warm_notes.is_empty());
}
