//! The bundled pack, played to every ending by scripted answers.
//!
//! Each script is a specification: a trainee who answers like this reaches this ending with
//! these scores. The best path of every scenario scores 100 in each dimension (Gold); careless
//! answers end in a hang-up with a Bronze band.

mod common;

use std::collections::BTreeSet;

use common::{bundled, pack_dir, play, try_play, Say, Say::*};
use cooldown::engine::{Band, Mode, SessionResult};
use cooldown::scenario::{lint, Outcome};

struct Case {
    scenario: &'static str,
    name: &'static str,
    script: &'static [Say],
    ending: &'static str,
    outcome: Outcome,
    band: Band,
    /// patience, empathy, clarification, resolution
    scores: [u8; 4],
}

const CASES: &[Case] = &[
    // ── late-gift: HEARD in order ──
    Case {
        scenario: "late-gift",
        name: "empathy, verify, choice, warm close",
        script: &[
            Pick(1),
            Type("So just to confirm: the LEGO castle, order 58213, was due on Tuesday?"),
            Pick(1),
            Type("Thank you for bearing with me, Dana. Is there anything else I can help with?"),
        ],
        ending: "resolved",
        outcome: Outcome::Resolved,
        band: Band::Gold,
        scores: [100, 100, 100, 100],
    },
    Case {
        scenario: "late-gift",
        name: "defensive, then hands off to a manager",
        script: &[Pick(3), Pick(2)],
        ending: "escalated",
        outcome: Outcome::Escalated,
        band: Band::Bronze,
        scores: [0, 0, 0, 0],
    },
    Case {
        scenario: "late-gift",
        name: "kind start, skips verifying, offers an investigation, then escalates",
        script: &[Pick(1), Type("I will look into it."), Pick(2), Pick(2)],
        ending: "escalated",
        outcome: Outcome::Escalated,
        band: Band::Bronze,
        // Since free-text bonuses stop at the best authored answer: the typed "I will look into it" earned resolution beyond the question's best answer (capped).
        scores: [40, 75, 0, 0],
    },
    Case {
        scenario: "late-gift",
        name: "process first, then asks again for the order number she just gave",
        script: &[Pick(2), Type("What is the order number?")],
        ending: "hung-up",
        outcome: Outcome::HungUp,
        band: Band::Bronze,
        scores: [0, 0, 0, 0],
    },
    // ── patience-test: every fix rejected ──
    Case {
        scenario: "patience-test",
        name: "patience holds through three rejections",
        script: &[
            Pick(1),
            // Acknowledge before the fix: "solving before acknowledging" at his outburst costs
            // empathy that later free text can no longer make up.
            Type("I'm sorry, I know how much you liked it. The 3000 isn't made any more, but I can repair yours or offer you a refund."),
            Pick(1),
            Type("I'm sorry. I understand how frustrating that is after eleven years. What would help most right now?"),
            Pick(1),
            Type("Thank you for your patience today, Victor."),
        ],
        ending: "heard-out",
        outcome: Outcome::Unresolved,
        band: Band::Gold,
        scores: [100, 100, 100, 100],
    },
    Case {
        scenario: "patience-test",
        name: "patient until the end, then passes him to a supervisor",
        script: &[
            Pick(1),
            Type("I can offer you a repair or a refund."),
            Pick(1),
            Type("I understand, that's frustrating."),
            Pick(3),
        ],
        ending: "escalated",
        outcome: Outcome::Escalated,
        band: Band::Silver,
        // Since free-text bonuses stop at the best authored answer: free-text empathy above the question's best answer no longer makes up for the weaker path.
        scores: [64, 75, 50, 20],
    },
    Case {
        scenario: "patience-test",
        name: "loses patience on the third no and refuses to escalate",
        script: &[Pick(1), Type("I can offer a repair."), Pick(1), Type("Okay."), Pick(2), Pick(2)],
        ending: "hung-up",
        outcome: Outcome::HungUp,
        band: Band::Bronze,
        scores: [0, 25, 50, 0],
    },
    Case {
        scenario: "patience-test",
        name: "patient until the refund, then snaps and escalates warmly",
        script: &[Pick(1), Type("I can repair it or refund you."), Pick(1), Type("I'm sorry, that's frustrating."), Pick(2), Pick(1)],
        ending: "escalated",
        outcome: Outcome::Escalated,
        band: Band::Silver,
        // Since free-text bonuses stop at the best authored answer: free-text empathy and patience above the question's best answer no longer make up for the snap.
        scores: [45, 75, 50, 60],
    },
    Case {
        scenario: "patience-test",
        name: "flat facts and policy: he hangs up at once",
        script: &[Pick(2), Type("It's company policy, there's nothing I can do.")],
        ending: "hung-up",
        outcome: Outcome::HungUp,
        band: Band::Bronze,
        scores: [0, 0, 0, 0],
    },
    // ── vague-customer: clarification ──
    Case {
        scenario: "vague-customer",
        name: "open question, paraphrase, patient fix",
        script: &[
            Pick(1),
            Type("So just to check, it's the radio that stops after a minute?"),
            Pick(1),
            Type("Thank you, Margaret, it was a pleasure. Is there anything else I can help with?"),
        ],
        ending: "resolved",
        outcome: Outcome::Resolved,
        band: Band::Gold,
        scores: [100, 100, 100, 100],
    },
    Case {
        scenario: "vague-customer",
        name: "guesses, guesses again, and sends a working device back",
        script: &[Pick(2), Pick(2), Pick(2)],
        ending: "returned",
        outcome: Outcome::Unresolved,
        band: Band::Bronze,
        scores: [0, 0, 0, 0],
    },
    Case {
        scenario: "vague-customer",
        name: "curt, assumes, corrects her, then offers a choice",
        script: &[Pick(3), Type("Okay, I'll reset it for you."), Pick(2), Pick(1), Pick(2), Type("Bye.")],
        ending: "resolved",
        outcome: Outcome::Resolved,
        band: Band::Bronze,
        // Since free-text bonuses stop at the best authored answer: "I'll reset it" earns no resolution where no authored answer does (capped).
        scores: [0, 0, 0, 75],
    },
    Case {
        scenario: "vague-customer",
        name: "guessing and indifference: she gives up",
        script: &[Pick(2), Pick(2), Pick(3)],
        ending: "hung-up",
        outcome: Outcome::HungUp,
        band: Band::Bronze,
        scores: [0, 0, 0, 0],
    },
    // ── hurried-billing: brevity ──
    Case {
        scenario: "hurried-billing",
        name: "brief, owning, verified in one line, concrete refund",
        script: &[Pick(1), Type("So two charges on the 3rd, and one to refund?"), Pick(1), Type("Thanks, Priya. Safe flight!")],
        ending: "resolved",
        outcome: Outcome::Resolved,
        band: Band::Gold,
        scores: [100, 100, 100, 100],
    },
    Case {
        scenario: "hurried-billing",
        name: "transfers, then says what cannot be done",
        script: &[Pick(3), Pick(2)],
        ending: "escalated",
        outcome: Outcome::Escalated,
        band: Band::Bronze,
        scores: [0, 0, 0, 0],
    },
    Case {
        scenario: "hurried-billing",
        name: "a long apology, asks again, cites policy",
        script: &[Pick(2), Type("What is your email?"), Pick(3)],
        ending: "hung-up",
        outcome: Outcome::HungUp,
        band: Band::Bronze,
        scores: [0, 0, 0, 0],
    },
    // ── vet-emergency: empathy first ──
    Case {
        scenario: "vet-emergency",
        name: "empathy, verify and own, explain without blame, kind close",
        script: &[
            Pick(1),
            Type("Just to confirm, policy 4471-C at Northside. I'll call them right now."),
            Pick(1),
            Type("I'm so glad. Thank you, Tom, and give Miso our best."),
        ],
        ending: "resolved",
        outcome: Outcome::Resolved,
        band: Band::Gold,
        scores: [100, 100, 100, 100],
    },
    Case {
        scenario: "vet-emergency",
        name: "kind start, sends the claim to another team",
        script: &[Pick(1), Type("I'm so sorry, I'll look at it now."), Pick(2)],
        ending: "escalated",
        outcome: Outcome::Escalated,
        band: Band::Bronze,
        // Since free-text bonuses stop at the best authored answer: the apology's patience and empathy at a question whose best answer earns none (capped).
        scores: [50, 80, 0, 33],
    },
    Case {
        scenario: "vet-emergency",
        name: "the obstacle first, then \"calm down\"",
        script: &[Pick(3), Pick(2)],
        ending: "hung-up",
        outcome: Outcome::HungUp,
        band: Band::Bronze,
        scores: [0, 0, 0, 0],
    },
    // ── callback: recovery after a hang-up ──
    Case {
        scenario: "callback",
        name: "acknowledges, calls back at once, owns it, concrete plan",
        script: &[
            Pick(1),
            Pick(1),
            Type("I'm sorry, Alex. I'm calling back because I will fix this myself. Can I have two minutes?"),
            Pick(1),
            Type("Thank you for giving us another chance."),
        ],
        ending: "resolved",
        outcome: Outcome::Resolved,
        band: Band::Gold,
        scores: [100, 100, 100, 100],
    },
    Case {
        scenario: "callback",
        name: "sends an email and waits",
        script: &[Pick(1), Pick(2)],
        ending: "lost",
        outcome: Outcome::Unresolved,
        band: Band::Bronze,
        scores: [20, 33, 50, 0],
    },
    Case {
        scenario: "callback",
        name: "calls back but promises days, then escalates",
        script: &[Pick(1), Pick(1), Type("Sorry, I will sort it."), Pick(2), Pick(1)],
        ending: "escalated",
        outcome: Outcome::Escalated,
        band: Band::Silver,
        // Since free-text bonuses stop at the best authored answer: "Sorry, I will sort it" earned above the question's best answer (capped).
        scores: [100, 67, 50, 29],
    },
    Case {
        scenario: "callback",
        name: "the script, then a call-back with nothing to say",
        script: &[Pick(2), Pick(1), Type("Hello, it's the support team calling about your case.")],
        ending: "hung-up",
        outcome: Outcome::HungUp,
        band: Band::Bronze,
        scores: [40, 0, 0, 0],
    },
];

fn scores_of(r: &SessionResult) -> [u8; 4] {
    let s = r.scores;
    [s.patience, s.empathy, s.clarification, s.resolution].map(|v| v.expect("every bundled scenario measures all four"))
}

#[test]
fn every_script_reaches_its_ending_with_its_scores() {
    let mut failures = Vec::new();
    for case in CASES {
        let scenario = bundled(case.scenario);
        let result = match try_play(&scenario, 7, Mode::Practice, case.script) {
            Ok((result, _)) => result,
            Err(e) => {
                failures.push(format!("{} / {}: {e}", case.scenario, case.name));
                continue;
            }
        };
        let got = (result.ending_id.as_str(), result.outcome, result.band, scores_of(&result));
        let want = (case.ending, case.outcome, case.band, case.scores);
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
    for case in CASES {
        let scenario = bundled(case.scenario);
        let (practice, _) = play(&scenario, 11, Mode::Practice, case.script);
        let (screening, _) = play(&scenario, 11, Mode::Screening, case.script);
        assert_eq!(practice.scores, screening.scores, "{} / {}", case.scenario, case.name);
        assert_eq!(practice.ending_id, screening.ending_id);
    }
}

#[test]
fn every_ending_of_every_bundled_scenario_is_played() {
    let files = cooldown::scenario::pack::scenario_files(&pack_dir()).unwrap();
    assert!(files.len() >= 5, "the pack has at least five scenarios");
    for file in files {
        let scenario = cooldown::scenario::load_file(&file).unwrap().scenario;
        let all: BTreeSet<&str> = scenario.endings.iter().map(|e| e.id.as_str()).collect();
        let played: BTreeSet<&str> = CASES.iter().filter(|c| c.scenario == scenario.id).map(|c| c.ending).collect();
        assert_eq!(played, all, "{}: scripts must reach every ending", scenario.id);
    }
}

#[test]
fn the_best_path_is_gold_and_a_hang_up_is_bronze_everywhere() {
    for id in CASES.iter().map(|c| c.scenario).collect::<BTreeSet<_>>() {
        let best = CASES.iter().filter(|c| c.scenario == id).map(|c| c.scores.iter().map(|s| u32::from(*s)).sum::<u32>()).max();
        assert_eq!(best, Some(400), "{id}: some script plays the best path");
        assert!(CASES.iter().any(|c| c.scenario == id && c.outcome == Outcome::HungUp && c.band == Band::Bronze));
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
