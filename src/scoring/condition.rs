//! Evaluating a scenario's free-text conditions against an analysed answer.

use super::text::normalised;
use super::AnswerScore;
use crate::scenario::Condition;

impl Condition {
    /// Whether the answer meets this condition.
    pub fn holds(&self, answer: &AnswerScore) -> bool {
        match self {
            Condition::Has(b) => answer.shows(*b),
            Condition::Mentions(phrases) => phrases.iter().any(|p| mentions(answer, p)),
            Condition::All(cs) => cs.iter().all(|c| c.holds(answer)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(answer)),
            Condition::Not(c) => !c.holds(answer),
            Condition::AtMostWords(n) => answer.word_count <= *n as usize,
        }
    }

    /// The condition in words, for the debrief: "acknowledged the feeling and asked a question".
    pub fn describe(&self) -> String {
        match self {
            Condition::Has(b) => b.describe().to_string(),
            Condition::Mentions(phrases) => {
                let quoted: Vec<String> = phrases.iter().map(|p| format!("\"{p}\"")).collect();
                format!("mentioned {}", quoted.join(" or "))
            }
            Condition::All(cs) => join(cs, " and "),
            Condition::Any(cs) => join(cs, " or "),
            Condition::Not(c) => match c.as_ref() {
                Condition::Has(b) => negative_phrase(*b),
                other => format!("did not do this: {}", other.describe()),
            },
            Condition::AtMostWords(n) => format!("kept it to {n} words or fewer"),
        }
    }
}

fn join(cs: &[Condition], sep: &str) -> String {
    cs.iter().map(Condition::describe).collect::<Vec<_>>().join(sep)
}

/// The behaviour's description negated: "did not blame the customer", "was not sarcastic".
fn negative_phrase(b: crate::scoring::Behaviour) -> String {
    let d = b.describe();
    let (verb, rest) = d.split_once(' ').unwrap_or((d, ""));
    if verb == "was" {
        return format!("was not {rest}");
    }
    let base = match verb {
        "acknowledged" => "acknowledge",
        "apologised" => "apologise",
        "asked" => "ask",
        "blamed" => "blame",
        "checked" => "check",
        "gave" => "give",
        "hid" => "hide",
        "insulted" => "insult",
        "minimised" => "minimise",
        "named" => "name",
        "offered" => "offer",
        "promised" => "promise",
        "said" => "say",
        "shouted" => "shout",
        "solved" => "solve",
        "swore" => "swear",
        "thanked" => "thank",
        "took" => "take",
        "used" => "use",
        "validated" => "validate",
        "went" => "go",
        other => other,
    };
    let phrase = if rest.is_empty() { base.to_string() } else { format!("{base} {rest}") };
    format!("did not {phrase}")
}

/// The phrase's words appear in a row in the answer (normalised the same way).
fn mentions(answer: &AnswerScore, phrase: &str) -> bool {
    let wanted = normalised(phrase);
    !wanted.is_empty() && answer.words.windows(wanted.len()).any(|w| w == wanted.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{Behaviour, Context, Scorer};

    fn score(answer: &str) -> AnswerScore {
        Scorer::bundled().score(answer, &Context::default())
    }

    #[test]
    fn conditions_nest() {
        let a = score("I'm sorry. What was the order number?");
        let c = Condition::All(vec![Condition::Has(Behaviour::Apology), Condition::Has(Behaviour::Question)]);
        assert!(c.holds(&a));
        assert!(!Condition::Not(Box::new(c)).holds(&a));
        assert!(Condition::Any(vec![Condition::Has(Behaviour::Blame), Condition::AtMostWords(7)]).holds(&a));
        assert!(!Condition::AtMostWords(6).holds(&a));
    }

    #[test]
    fn conditions_read_as_words() {
        let c = Condition::All(vec![
            Condition::Has(Behaviour::Empathy),
            Condition::Not(Box::new(Condition::Has(Behaviour::Blame))),
        ]);
        assert_eq!(c.describe(), "acknowledged the feeling and did not blame the customer");
        assert_eq!(Condition::Not(Box::new(Condition::Has(Behaviour::Sarcasm))).describe(), "was not sarcastic");
        // Every behaviour reads as English when negated: a base verb after "did not".
        for b in Behaviour::ALL {
            let said = Condition::Not(Box::new(Condition::Has(b))).describe();
            let verb = said.strip_prefix("did not ").map(|r| r.split(' ').next().unwrap_or(""));
            if let Some(verb) = verb {
                let past = verb.ends_with("ed") || ["was", "gave", "hid", "swore", "said", "went", "took"].contains(&verb);
                assert!(!past, "{b:?}: {said}");
            } else {
                assert!(said.starts_with("was not "), "{b:?}: {said}");
            }
        }
    }

    #[test]
    fn mentions_matches_whole_words_in_any_case() {
        let a = score("We can Refund you today");
        assert!(Condition::Mentions(vec!["refund".into()]).holds(&a));
        assert!(!Condition::Mentions(vec!["fund".into()]).holds(&a));
        assert!(Condition::Mentions(vec!["refund you".into()]).holds(&a));
    }
}
