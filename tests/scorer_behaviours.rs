//! Each behaviour the scorer knows, with answers that show it and tricky ones that must not:
//! negation, quotation, sarcasm, look-alike words. Plus the rules that stop keyword stuffing
//! from paying, and evidence that points at the right words.

use cooldown::scenario::{Dimension, Emotion, Expect, Fact, Persona};
use cooldown::scoring::{Behaviour, Behaviour::*, Context, Scorer};

/// Where an answer is given.
#[derive(Clone, Copy)]
enum At {
    Plain,
    /// The customer has just shouted.
    Outburst,
    /// The customer has just said thank you.
    Thanked,
    /// The customer gave order 58213 (a LEGO castle).
    FactsGiven,
    Hurried,
    Languid,
}

fn expect_facts() -> Expect {
    Expect {
        facts: vec![Fact { ask: vec!["order number".into(), "which order".into()], given: vec!["58213".into(), "castle".into()] }],
        ..Expect::default()
    }
}

fn behaviours(at: At, answer: &str) -> Vec<Behaviour> {
    let facts = expect_facts();
    let ctx = match at {
        At::Plain => Context::default(),
        At::Outburst => Context { customer_line: "Where is my parcel?!", emotion: Some(Emotion::Furious), ..Context::default() },
        At::Thanked => Context::line("Oh, thank you so much."),
        At::FactsGiven => Context { customer_line: "It's order 58213, the castle.", expect: Some(&facts), ..Context::default() },
        At::Hurried => Context { persona: Some(Persona::Hurried), ..Context::default() },
        At::Languid => Context { persona: Some(Persona::Languid), ..Context::default() },
    };
    Scorer::bundled().score(answer, &ctx).behaviours
}

/// (behaviour, where, answer, shown?)
const CASES: &[(Behaviour, At, &str, bool)] = &[
    (Empathy, At::Plain, "That must be so frustrating.", true),
    (Empathy, At::Plain, "I can imagine how worrying this is.", true),
    (Empathy, At::Plain, "I don't understand what you want.", false),
    (Empathy, At::Plain, "Don't worry about it.", false),
    (Apology, At::Plain, "I'm really sorry about the wait.", true),
    (Apology, At::Plain, "I apologise for the confusion.", true),
    (Apology, At::Plain, "I'm not sorry, you broke it.", false),
    (Apology, At::Plain, "I am not at all sorry.", false),
    (Apology, At::Plain, "You said \"sorry doesn't cut it\", and I hear you.", false),
    (Validation, At::Plain, "You're absolutely right to ask.", true),
    (Validation, At::Plain, "It's not your fault at all.", true),
    (Validation, At::Plain, "You're right there in the queue.", false),
    (Paraphrase, At::Plain, "Just to confirm, the parcel never arrived?", true),
    (Paraphrase, At::Plain, "So you're saying it stops after a minute?", true),
    (Paraphrase, At::FactsGiven, "The castle, order 58213: I'm on it.", true),
    (Paraphrase, At::Plain, "I confirmed it.", false),
    (OpenQuestion, At::Plain, "What happened when you opened it?", true),
    (OpenQuestion, At::Plain, "Could you tell me more about the noise?", true),
    (OpenQuestion, At::Plain, "Is it plugged in?", false),
    (ClosedQuestion, At::Plain, "Is it plugged in?", true),
    (ClosedQuestion, At::Plain, "Can you read me the number on the back.", true),
    (ClosedQuestion, At::Plain, "Can do, it's done.", false),
    (Question, At::Plain, "Which one was it?", true),
    (Question, At::Plain, "I will check which one it was.", false),
    (Ownership, At::Plain, "Let me sort this out for you.", true),
    (Ownership, At::Plain, "I'll take care of it myself.", true),
    (Ownership, At::Plain, "I will not refund that.", false),
    (Ownership, At::Plain, "You will have to call the courier.", false),
    (ConcreteAction, At::Plain, "I'll send a replacement today.", true),
    (ConcreteAction, At::Plain, "I've refunded the 49 euros just now.", true),
    (ConcreteAction, At::Plain, "I'll send a replacement.", false),
    (ConcreteAction, At::Plain, "Refunds take ten working days.", false),
    (Alternatives, At::Plain, "Would you prefer a refund or a replacement?", true),
    (Alternatives, At::Plain, "I can either repair it or replace it.", true),
    (Alternatives, At::Plain, "Is it red or blue?", false),
    (FollowUp, At::Plain, "Your reference is R-2291.", true),
    (FollowUp, At::Plain, "I'll call you back at ten to check.", true),
    (FollowUp, At::Plain, "Call me back if you like.", false),
    (CheckSatisfaction, At::Plain, "Is there anything else I can help with?", true),
    (CheckSatisfaction, At::Plain, "Does that work for you?", true),
    (CheckSatisfaction, At::Plain, "Nothing else is available.", false),
    (Thanks, At::Plain, "Thank you for your patience.", true),
    (Thanks, At::Plain, "Thanks so much for bearing with me.", true),
    (Thanks, At::Plain, "Thanks for nothing.", false),
    (Thanks, At::Plain, "Thanks to the courier, it's late.", false),
    (Courtesy, At::Plain, "Could you please read me the code?", true),
    (Courtesy, At::Plain, "Take your time, there's no rush.", true),
    (Courtesy, At::Plain, "Please see the FAQ.", false),
    (Blame, At::Plain, "You should have read the terms.", true),
    (Blame, At::Plain, "Why did you open the box?", true),
    (Blame, At::Plain, "That's not our fault, it's the courier.", true),
    (Blame, At::Plain, "It's not your fault.", false),
    (Blame, At::Plain, "I don't blame you one bit.", false),
    (PolicyHiding, At::Plain, "It's company policy, I'm afraid.", true),
    (PolicyHiding, At::Plain, "There's nothing I can do.", true),
    (PolicyHiding, At::Plain, "I'll check what we can do.", false),
    (Minimising, At::Plain, "Calm down, it's just a parcel.", true),
    (Minimising, At::Plain, "These things happen.", true),
    (Minimising, At::Plain, "You told me to \"calm down\" earlier; sorry.", false),
    (Minimising, At::Plain, "Just a moment while I check.", false),
    (Command, At::Plain, "Listen. You need to restart it.", true),
    (Command, At::Plain, "Wait there.", true),
    (Command, At::Plain, "I'll listen to the recording.", false),
    (Shouting, At::Plain, "I SAID I WOULD FIX IT.", true),
    (Shouting, At::Plain, "Fine!!", true),
    (Shouting, At::Plain, "Your SMS code and PIN are on the way.", false),
    (Sarcasm, At::Plain, "Oh great, another one.", true),
    (Sarcasm, At::Plain, "Yeah right, like that happened.", true),
    (Sarcasm, At::Plain, "That's great news.", false),
    (Insult, At::Plain, "That's a stupid question.", true),
    (Insult, At::Plain, "Are you kidding me?", true),
    (Insult, At::Plain, "That's a great question.", false),
    (Insult, At::Plain, "Hello, how can I help?", false),
    (BannedPhrase, At::Plain, "To be honest, you guys should know.", true),
    (BannedPhrase, At::Thanked, "No problem!", true),
    (BannedPhrase, At::Plain, "No problem, I'll fix that.", false),
    (BannedPhrase, At::Plain, "I'd love to help.", false),
    (ButAfterApology, At::Plain, "I'm sorry, but that's the rule.", true),
    (ButAfterApology, At::Plain, "I'm sorry. But I can fix it now.", false),
    (ButAfterApology, At::Plain, "It's slow, but I'll fix it.", false),
    (Jargon, At::Plain, "It's in the provisioning queue per the SLA.", true),
    (Jargon, At::Plain, "It's on its way to you.", false),
    (NegativePhrasing, At::Plain, "Unfortunately we can't do that.", true),
    (NegativePhrasing, At::Plain, "That arrives next month, and I can order it now.", false),
    (SolvingBeforeAcknowledging, At::Outburst, "I'll send a new one today.", true),
    (SolvingBeforeAcknowledging, At::Outburst, "I'm so sorry. I'll send a new one today.", false),
    (SolvingBeforeAcknowledging, At::Plain, "I'll send a new one today.", false),
    (AskingAgain, At::FactsGiven, "What's the order number?", true),
    (AskingAgain, At::FactsGiven, "Which order was it?", true),
    (AskingAgain, At::FactsGiven, "Order number 58213, the castle, right?", false),
    (AskingAgain, At::Plain, "What's the order number?", false),
    (Rambling, At::Hurried, "I'm so very sorry to hear that, I completely understand how frustrating and stressful that must be, especially when you're travelling, and I want you to know that we take this extremely seriously.", true),
    (Rambling, At::Hurried, "Sorry. Refunded now; reference R-2291.", false),
    (Rambling, At::Plain, "I'm so very sorry to hear that, I completely understand how frustrating and stressful that must be, especially when you're travelling, and I want you to know that we take this extremely seriously.", false),
    (Curt, At::Languid, "Which product?", true),
    (Curt, At::Languid, "Could you tell me a little about it?", false),
    // Warmth: wishes, solidarity, encouragement, sympathy; and what only looks like it.
    (Warmth, At::Plain, "I hope things get better for you.", true),
    (Warmth, At::Plain, "You're not alone in this.", true),
    (Warmth, At::Plain, "I feel bad for you.", true),
    (Warmth, At::Plain, "Stay strong.", true),
    (Warmth, At::Plain, "That sucks, I'm sorry.", true),
    (Warmth, At::Plain, "Not my problem, good luck with that.", false),
    (Warmth, At::Plain, "I'll take care of the payment first.", false),
    // Swearing about the situation is not an insult; at the person it is.
    (Swearing, At::Plain, "Damn, that's rough.", true),
    (Swearing, At::Plain, "That's a great question.", false),
    (Insult, At::Plain, "Damn, that's rough.", false),
    (Insult, At::Plain, "That fucking sucks, I'm so sorry.", false),
    (Insult, At::Plain, "I'll refund you today, you idiot.", true),
    (Insult, At::Plain, "You're being ridiculous.", true),
    // Understanding: "I know how that feels" is, "I know, I know" is not.
    (Empathy, At::Plain, "I know how that feels.", true),
    (Empathy, At::Plain, "I know, I know.", false),
    (Empathy, At::Plain, "I can hear how small that waiter made you feel.", true),
    (Empathy, At::Plain, "I've been there myself, it's exhausting.", true),
    (Validation, At::Plain, "That's not acceptable.", true),
    (Minimising, At::Plain, "I'm so sorry you feel that way.", true),
    (Apology, At::Plain, "I'm so sorry you feel that way.", false),
    (Minimising, At::Plain, "Don't worry, it's probably nothing.", true),
    (Minimising, At::Plain, "It's just not fair on you.", false),
    (BannedPhrase, At::Plain, "As I already explained, per my last message, it ships Monday.", true),
    (Sarcasm, At::Plain, "Two whole weeks, how will you ever survive.", true),
    (Sarcasm, At::Plain, "Whatever you decide, I'll support it.", false),
    (Sarcasm, At::Plain, "Congratulations on the new job!", false),
    (Blame, At::Plain, "Maybe if you actually read the documentation.", true),
    (Courtesy, At::Plain, "Maybe if you actually read the documentation.", false),
    (Ownership, At::Plain, "I'll do nothing about it.", false),
    (Ownership, At::Plain, "Let me be clear: you are wrong.", false),
    (Blame, At::Plain, "Let me be clear: you are wrong.", true),
    (Paraphrase, At::Plain, "So the kitchen was behind.", false),
    (Paraphrase, At::Plain, "So you're saying the kitchen was behind?", true),
    (Paraphrase, At::Plain, "It sounds like you're feeling stuck.", true),
    (OpenQuestion, At::Plain, "What's your postcode?", false),
    (ClosedQuestion, At::Plain, "What's your postcode?", true),
    (Jargon, At::Plain, "The k8s etcd quorum dropped, so the CNI broke our SLO and RTO.", true),
];

#[test]
fn every_behaviour_is_found_where_it_is_and_not_where_it_is_not() {
    let mut failures = Vec::new();
    for &(b, at, answer, shown) in CASES {
        let found = behaviours(at, answer);
        if found.contains(&b) != shown {
            failures.push(format!("{b:?} {} in {answer:?} (found {found:?})", if shown { "missed" } else { "wrongly found" }));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn every_behaviour_has_a_positive_and_a_negative_case() {
    for b in Behaviour::ALL {
        assert!(CASES.iter().any(|c| c.0 == b && c.3), "no case showing {b:?}");
        assert!(CASES.iter().any(|c| c.0 == b && !c.3), "no tricky case for {b:?}");
    }
}

#[test]
fn repeating_a_keyword_does_not_pay() {
    let scorer = Scorer::bundled();
    let once = scorer.score("I'm sorry.", &Context::default());
    let stuffed = scorer.score("Sorry, sorry, so sorry, I apologise, my apologies, sorry!", &Context::default());
    assert_eq!(once.points, stuffed.points);
}

#[test]
fn stuffing_many_keywords_is_capped_per_dimension() {
    let scorer = Scorer::bundled();
    let max = scorer.rubric().max_points_per_dimension;
    let stuffed = scorer.score(
        "I'll send it today, or refund you in full, or would you prefer a credit? Reference R-1234. \
         I will call you back. Is there anything else?",
        &Context::default(),
    );
    assert_eq!(stuffed.points.get(Dimension::Resolution), max);
    assert!(stuffed.evidence.iter().any(|e| e.note.as_deref().is_some_and(|n| n.contains("Capped"))));
}

#[test]
fn evidence_points_at_the_words_that_earned_it() {
    let answer = "Honestly, I'm so sorry, that sounds awful.";
    let score = Scorer::bundled().score(answer, &Context::default());
    for e in &score.evidence {
        assert_eq!(&answer[e.span.clone()], e.words, "{e:?}");
    }
    let apology = score.evidence.iter().find(|e| e.behaviour == Some(Apology)).unwrap();
    assert_eq!(apology.words, "sorry");
    let banned = score.evidence.iter().find(|e| e.behaviour == Some(BannedPhrase)).unwrap();
    assert_eq!((banned.words.as_str(), banned.points, banned.dimension), ("Honestly", -1, Dimension::Patience));
    let total: i32 = score.evidence.iter().map(|e| e.points).sum();
    assert_eq!(total, score.points.total(), "points are exactly the sum of their evidence");
}

#[test]
fn an_expected_behaviour_that_is_missing_costs_a_point() {
    let expect = Expect { behaviours: vec![Empathy], ..Expect::default() };
    let ctx = Context { expect: Some(&expect), ..Context::default() };
    let scorer = Scorer::bundled();
    let without = scorer.score("I'll look into it.", &ctx);
    let missed = without.evidence.iter().find(|e| e.missing).expect("a missed expectation");
    assert_eq!((missed.behaviour, missed.dimension, missed.points), (Some(Empathy), Dimension::Empathy, -1));
    let with = scorer.score("That sounds so frustrating. I'll look into it.", &ctx);
    assert!(with.evidence.iter().all(|e| !e.missing));
}

#[test]
fn node_phrases_extend_the_rubric() {
    let expect = Expect { phrases: vec![(Empathy, "poor miso".into())], avoid: vec!["surgical cover".into()], ..Expect::default() };
    let ctx = Context { expect: Some(&expect), ..Context::default() };
    let found = Scorer::bundled().score("Poor Miso. Did you add surgical cover?", &ctx).behaviours;
    assert!(found.contains(&Empathy) && found.contains(&BannedPhrase), "{found:?}");
}

/// The answers a trainer tried, with the direction a trainer expects on the named dimension:
/// (answer, dimension, +1 above zero / -1 below zero / 0 not above zero).
const TRAINER_EXPECTS: &[(&str, Dimension, i32)] = &[
    ("I hope things get better for you.", Dimension::Empathy, 1),
    ("You're not alone in this.", Dimension::Empathy, 1),
    ("I feel bad for you.", Dimension::Empathy, 1),
    ("Stay strong.", Dimension::Empathy, 1),
    ("That sucks, I'm sorry.", Dimension::Empathy, 1),
    ("That's fucking awful, I'm so sorry.", Dimension::Empathy, 1),
    ("You're a fucking idiot.", Dimension::Empathy, -1),
    ("I'm so sorry you feel that way.", Dimension::Empathy, -1),
    ("As I already explained, the refund takes a week. Per my last message.", Dimension::Patience, -1),
    ("As I already explained, the refund takes a week. Per my last message.", Dimension::Empathy, 0),
    ("Two whole weeks, how will you ever survive.", Dimension::Patience, -1),
    ("Maybe if you actually read the documentation.", Dimension::Patience, -1),
    ("I'll do nothing about it.", Dimension::Resolution, -1),
    ("Let me be clear: you are wrong.", Dimension::Resolution, 0),
    ("Let me be clear: you are wrong.", Dimension::Patience, -1),
    ("I'll refund you today, you idiot.", Dimension::Resolution, 0),
    ("I'll refund you today, you idiot.", Dimension::Patience, -1),
    ("So the kitchen was behind.", Dimension::Clarification, 0),
    ("The k8s etcd quorum dropped, so the CNI broke our SLO and RTO; failover to the replica cluster is pending.", Dimension::Clarification, -1),
    ("I can hear how small that waiter made you feel. That's not acceptable.", Dimension::Empathy, 1),
];

#[test]
fn the_examples_a_trainer_tried_score_the_way_a_trainer_expects() {
    let scorer = Scorer::bundled();
    let mut failures = Vec::new();
    for &(answer, d, want) in TRAINER_EXPECTS {
        let got = scorer.score(answer, &Context::default()).points.get(d);
        let ok = match want {
            1 => got > 0,
            -1 => got < 0,
            _ => got <= 0,
        };
        if !ok {
            failures.push(format!("{answer:?}: {} {got:+}, expected {}", d.name(), ["below zero", "not above zero", "above zero"][(want + 1) as usize]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_closed_question_for_a_detail_earns_less_than_an_open_one() {
    let scorer = Scorer::bundled();
    let detail = scorer.score("What's your postcode?", &Context::default());
    let open = scorer.score("What happened when the engineer came?", &Context::default());
    assert!(detail.shows(ClosedQuestion) && !detail.shows(OpenQuestion));
    assert!(detail.points.clarification < open.points.clarification);
}

#[test]
fn a_keyword_salad_earns_less_than_one_well_formed_answer() {
    let scorer = Scorer::bundled();
    let ctx = Context { customer_line: "My order never came!", emotion: Some(Emotion::Angry), ..Context::default() };
    let salad = scorer.score("Thanks for your patience, I'll fix it now, sorry, I understand, let me check, is that right?", &ctx);
    let good = scorer.score(
        "I'm so sorry your order never arrived, that must be really frustrating. I'll send a replacement today by express. Does that work for you?",
        &ctx,
    );
    assert!(salad.points.total() < good.points.total(), "salad {:?} vs good {:?}", salad.points, good.points);
    assert!(salad.evidence.iter().any(|e| e.note.as_deref().is_some_and(|n| n.contains("Halved"))), "the debrief says why");
}

#[test]
fn contempt_cancels_the_credit_of_the_rest_and_says_so() {
    let score = Scorer::bundled().score("I'll refund you today, you idiot.", &Context::default());
    let cancelled: Vec<_> = score.evidence.iter().filter(|e| e.note.as_deref().is_some_and(|n| n.starts_with("Cancelled"))).collect();
    assert!(!cancelled.is_empty() && cancelled.iter().all(|e| e.points == 0), "{:?}", score.evidence);
}

#[test]
fn learned_evidence_names_the_phrases_and_adds_up() {
    let answer = "You're not alone in this, and I really hope things get better for you soon.";
    let score = Scorer::bundled().score(answer, &Context::default());
    let total: i32 = score.evidence.iter().map(|e| e.points).sum();
    assert_eq!(total, score.points.total(), "points are exactly the sum of their evidence");
    for e in score.evidence.iter().filter(|e| e.behaviour.is_none()) {
        assert!(!e.learned.is_empty(), "a learned adjustment names its phrases: {e:?}");
        for c in &e.learned {
            assert_eq!(&answer[c.span.clone()], c.words);
        }
        assert!(e.headline().contains("to people who rated replies like it"), "{}", e.headline());
    }
    assert!(score.percent(Dimension::Empathy) > 50, "warm words read as caring: {}", score.percent(Dimension::Empathy));
}

#[test]
fn warmth_no_rule_names_earns_a_point_from_what_people_rated() {
    // The README's example: no rubric phrase, but people call replies like it caring.
    let score = Scorer::bundled().score("Be careful and stay safe out there.", &Context::default());
    let row = score.evidence.iter().find(|e| e.behaviour.is_none()).expect("a learned row");
    assert_eq!((row.dimension, row.points), (Dimension::Empathy, 1));
    assert!(row.learned.iter().any(|c| c.words == "safe"), "{:?}", row.learned);
    assert!(score.percent(Dimension::Empathy) >= 67);
}

#[test]
fn a_good_answer_outscores_a_bad_one_on_every_dimension_it_touches() {
    let scorer = Scorer::bundled();
    let ctx = Context { customer_line: "This is the third time I've called!", emotion: Some(Emotion::Angry), ..Context::default() };
    let good = scorer.score(
        "I'm so sorry, that must be exhausting. Just to confirm, the engineer never came on Monday? \
         I'll book one for tomorrow at eight and call you at ten to check.",
        &ctx,
    );
    let bad = scorer.score("Calm down. You should have been in when the engineer came. It's policy.", &ctx);
    for d in Dimension::ALL {
        assert!(good.percent(d) >= bad.percent(d), "{d:?}: {} vs {}", good.percent(d), bad.percent(d));
    }
    assert!(good.points.total() >= 8 && bad.points.total() <= -5, "{:?} / {:?}", good.points, bad.points);
}
