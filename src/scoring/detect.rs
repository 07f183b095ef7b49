//! A first, small set of behaviour detectors over an answer's words. They are enough to route
//! free-text answers in scenarios; each detection carries the span of the words that showed it.

use std::ops::Range;

use super::text::{words, Word};
use super::Behaviour;

/// A behaviour found in an answer, with the words that showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub behaviour: Behaviour,
    /// Byte span in the answer.
    pub span: Range<usize>,
}

/// Phrases (in normalised words) that show each behaviour.
const PHRASES: &[(Behaviour, &[&str])] = &[
    (Behaviour::Apology, &["sorry", "apologise", "apologize", "apologies", "apologise for", "i regret"]),
    (
        Behaviour::Empathy,
        &[
            "i understand",
            "i can understand",
            "i can imagine",
            "i can see why",
            "i see why",
            "that must be",
            "must be so",
            "i hear you",
            "i would feel",
            "i would be",
            "that sounds",
            "frustrating",
            "frustrated",
            "frustration",
            "upsetting",
            "upset",
            "worried",
            "worrying",
            "stressful",
            "disappointing",
            "disappointed",
            "annoying",
            "scary",
            "understandable",
            "makes sense",
        ],
    ),
    (
        Behaviour::Paraphrase,
        &[
            "so you are saying",
            "so what you are saying",
            "just to confirm",
            "to confirm",
            "just to check",
            "if i understand",
            "if i have understood",
            "let me make sure",
            "to make sure i",
            "do i have that right",
            "is that right",
            "is that correct",
            "so you",
        ],
    ),
    (Behaviour::Ownership, &["i will", "let me", "i am going to", "i shall", "i will personally", "i have just"]),
    (
        Behaviour::Alternatives,
        &["either", "would you prefer", "would you rather", "you can choose", "options", "or if you prefer", "or i can", "or we can"],
    ),
    (Behaviour::Thanks, &["thank you", "thanks", "i appreciate", "appreciate your"]),
    (
        Behaviour::Blame,
        &[
            "you should have",
            "your fault",
            "you must have",
            "you failed to",
            "you were supposed to",
            "you did not read",
            "you need to read",
            "that is on you",
            "if you had",
        ],
    ),
    (
        Behaviour::PolicyHiding,
        &[
            "our policy",
            "company policy",
            "it is policy",
            "the policy",
            "nothing i can do",
            "not my department",
            "not my job",
            "rules are rules",
            "out of my hands",
        ],
    ),
    (
        Behaviour::Minimising,
        &["calm down", "it is just", "it is only", "no big deal", "not a big deal", "relax", "overreacting", "chill"],
    ),
];

/// Words that open a question even without a question mark.
const QUESTION_OPENERS: &[&str] = &[
    "what", "when", "where", "which", "who", "whose", "why", "how", "could", "can", "would", "will", "do",
    "does", "did", "is", "are", "may", "have", "has", "should", "shall",
];

/// Behaviours whose phrases a preceding "not"/"never" turns around ("I'm not sorry").
fn negatable(b: Behaviour) -> bool {
    matches!(b, Behaviour::Apology | Behaviour::Empathy | Behaviour::Thanks)
}

/// Every behaviour the answer shows, in the order first seen; one detection per behaviour.
pub fn detect(answer: &str) -> Vec<Detection> {
    let ws = words(answer);
    let mut found: Vec<Detection> = Vec::new();
    let mut add = |behaviour: Behaviour, span: Range<usize>| {
        if !found.iter().any(|d| d.behaviour == behaviour) {
            found.push(Detection { behaviour, span });
        }
    };

    for i in 0..ws.len() {
        for (behaviour, phrases) in PHRASES {
            for phrase in *phrases {
                let Some(end) = matches_at(&ws, i, phrase) else { continue };
                if negatable(*behaviour) && negated(&ws, i) {
                    continue;
                }
                // "I will not" is a refusal, not ownership.
                if *behaviour == Behaviour::Ownership && ws.get(end).is_some_and(|w| w.text == "not") {
                    continue;
                }
                add(*behaviour, ws[i].span.start..ws[end - 1].span.end);
            }
        }
    }

    if let Some(span) = question_span(answer, &ws) {
        add(Behaviour::Question, span);
    }
    if let Some(span) = shouting_span(answer) {
        add(Behaviour::Shouting, span);
    }
    found.sort_by_key(|d| d.span.start);
    found
}

/// If `phrase` (space-separated words) starts at word `i`, the index after its last word.
fn matches_at(ws: &[Word], i: usize, phrase: &str) -> Option<usize> {
    let mut j = i;
    for part in phrase.split(' ') {
        if ws.get(j)?.text != part {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// A "not", "never" or "no" among the three words before, within the same clause.
fn negated(ws: &[Word], i: usize) -> bool {
    for k in (i.saturating_sub(3)..i).rev() {
        if ws[k + 1].clause_start {
            return false;
        }
        if matches!(ws[k].text.as_str(), "not" | "never" | "no") {
            return true;
        }
    }
    false
}

/// The first sentence that asks something.
fn question_span(answer: &str, ws: &[Word]) -> Option<Range<usize>> {
    if let Some(q) = answer.find('?') {
        let start = answer[..q].rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
        let start = start + (answer[start..q].len() - answer[start..q].trim_start().len());
        return Some(start..q + 1);
    }
    let opener = ws.iter().find(|w| w.sentence_start && QUESTION_OPENERS.contains(&w.text.as_str()))?;
    // Only count a statement-shaped opener as a question when a "you" follows it
    // ("Can you send me the number." is a request that asks).
    let rest = &answer[opener.span.start..];
    let end = rest.find(['.', '!', '\n']).map_or(answer.len(), |i| opener.span.start + i);
    let sentence = &answer[opener.span.start..end];
    sentence.to_lowercase().split_whitespace().nth(1).filter(|w| w.starts_with("you")).map(|_| opener.span.start..end)
}

/// Repeated exclamation marks, or two or more words of three or more capital letters.
fn shouting_span(answer: &str) -> Option<Range<usize>> {
    if let Some(i) = answer.find("!!") {
        return Some(i..i + 2);
    }
    let mut caps = answer.split(|c: char| !c.is_alphabetic()).filter(|w| {
        w.chars().count() >= 3 && w.chars().all(|c| c.is_uppercase())
    });
    let first = caps.next()?;
    caps.next()?;
    let start = first.as_ptr() as usize - answer.as_ptr() as usize;
    Some(start..start + first.len())
}

/// True when the answer shows the behaviour.
pub fn shows(detections: &[Detection], behaviour: Behaviour) -> bool {
    detections.iter().any(|d| d.behaviour == behaviour)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(answer: &str) -> Vec<Behaviour> {
        detect(answer).into_iter().map(|d| d.behaviour).collect()
    }

    #[test]
    fn apology_and_empathy_are_found_with_their_words() {
        let answer = "I'm so sorry, that must be really frustrating.";
        let ds = detect(answer);
        let apology = ds.iter().find(|d| d.behaviour == Behaviour::Apology).unwrap();
        assert_eq!(&answer[apology.span.clone()], "sorry");
        assert!(shows(&ds, Behaviour::Empathy));
        assert!(!shows(&ds, Behaviour::Question));
    }

    #[test]
    fn negation_turns_an_apology_around() {
        assert!(!found("I'm not sorry, you did it.").contains(&Behaviour::Apology));
        assert!(!found("I am not at all sorry").contains(&Behaviour::Apology));
        // A clause boundary ends the negation's reach.
        assert!(found("I can't change it, but I'm sorry").contains(&Behaviour::Apology));
        // A "no" in an earlier sentence negates nothing.
        assert!(found("No. Sorry about that.").contains(&Behaviour::Apology));
    }

    #[test]
    fn questions_with_and_without_a_question_mark() {
        assert!(found("What was in the parcel?").contains(&Behaviour::Question));
        assert!(found("Could you read me the order number.").contains(&Behaviour::Question));
        assert!(!found("I will look into it.").contains(&Behaviour::Question));
        assert!(!found("Do it yourself.").contains(&Behaviour::Question));
    }

    #[test]
    fn ownership_but_not_refusal() {
        assert!(found("I'll send a replacement today.").contains(&Behaviour::Ownership));
        assert!(!found("I will not refund that.").contains(&Behaviour::Ownership));
    }

    #[test]
    fn negatives() {
        assert!(found("Please calm down.").contains(&Behaviour::Minimising));
        assert!(found("It's our policy, sorry.").contains(&Behaviour::PolicyHiding));
        assert!(found("You should have checked the address.").contains(&Behaviour::Blame));
        assert!(found("I SAID I WOULD fix it").contains(&Behaviour::Shouting));
        assert!(found("Fine!!").contains(&Behaviour::Shouting));
        assert!(!found("Your UPS parcel is late").contains(&Behaviour::Shouting));
    }
}
