//! Behaviours an answer can show. Scenario conditions route on them (`Has(Empathy)`), and the
//! rubric (`assets/rubric.ron`) gives each its words and its points.

use serde::{Deserialize, Serialize};

/// Something a trainee's answer does, good or bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Behaviour {
    /// Names or acknowledges the customer's feeling ("that must be so frustrating").
    Empathy,
    /// Offers warmth: sympathy, a kind wish, solidarity or encouragement ("I hope it gets
    /// better", "you're not alone", "that sucks, I'm sorry to hear it").
    Warmth,
    /// Says sorry, without negating it.
    Apology,
    /// Says the customer is right to feel or ask as they do ("you're right", "not your fault").
    Validation,
    /// Repeats back to check understanding ("just to confirm", or the facts the customer gave).
    Paraphrase,
    /// Asks anything: a question mark, or a sentence opening like a question.
    Question,
    /// Asks an open question ("what happened?", "tell me more").
    OpenQuestion,
    /// Asks a yes/no question ("is it the radio?").
    ClosedQuestion,
    /// Takes ownership of the next step ("I will", "let me").
    Ownership,
    /// An action with a time or an amount ("I'll send it today", "a refund of 49 euros").
    ConcreteAction,
    /// Offers the customer a choice; each further option counts.
    Alternatives,
    /// Gives a reference or promises to follow up ("I'll call you at ten").
    FollowUp,
    /// Checks the customer is satisfied ("is there anything else?").
    CheckSatisfaction,
    /// Thanks the customer.
    Thanks,
    /// Polite, unhurried wording ("please", "of course", "take your time").
    Courtesy,
    /// Blames the customer or deflects fault ("you should have", "not our fault").
    Blame,
    /// Hides behind rules ("it's our policy", "there's nothing I can do").
    PolicyHiding,
    /// Belittles the problem or the feeling ("calm down", "it's just").
    Minimising,
    /// Orders the customer about ("listen", "you need to").
    Command,
    /// Shouts: words in capitals or repeated exclamation marks.
    Shouting,
    /// Sarcasm ("yeah right", "good luck with that").
    Sarcasm,
    /// Insults the person ("you idiot", "stupid question", "shut up").
    Insult,
    /// Swears or uses harsh words about the situation, not at the person ("that's crap").
    Swearing,
    /// A phrase to avoid on calls ("to be honest", "you guys", "no problem" after thanks).
    BannedPhrase,
    /// "But" or "however" right after an apology, taking it back.
    ButAfterApology,
    /// Company words the customer may not know ("SLA", "provisioning").
    Jargon,
    /// Says what can't be done instead of what can ("unfortunately", "I can't").
    NegativePhrasing,
    /// At an outburst, offers a fix before acknowledging the feeling.
    SolvingBeforeAcknowledging,
    /// Asks for something the customer already said.
    AskingAgain,
    /// A long answer to a customer in a hurry.
    Rambling,
    /// A clipped answer to a customer who wants time.
    Curt,
}

impl Behaviour {
    /// Every behaviour, in order.
    pub const ALL: [Behaviour; 31] = [
        Behaviour::Empathy,
        Behaviour::Warmth,
        Behaviour::Apology,
        Behaviour::Validation,
        Behaviour::Paraphrase,
        Behaviour::Question,
        Behaviour::OpenQuestion,
        Behaviour::ClosedQuestion,
        Behaviour::Ownership,
        Behaviour::ConcreteAction,
        Behaviour::Alternatives,
        Behaviour::FollowUp,
        Behaviour::CheckSatisfaction,
        Behaviour::Thanks,
        Behaviour::Courtesy,
        Behaviour::Blame,
        Behaviour::PolicyHiding,
        Behaviour::Minimising,
        Behaviour::Command,
        Behaviour::Shouting,
        Behaviour::Sarcasm,
        Behaviour::Insult,
        Behaviour::Swearing,
        Behaviour::BannedPhrase,
        Behaviour::ButAfterApology,
        Behaviour::Jargon,
        Behaviour::NegativePhrasing,
        Behaviour::SolvingBeforeAcknowledging,
        Behaviour::AskingAgain,
        Behaviour::Rambling,
        Behaviour::Curt,
    ];

    /// A few words for the debrief, in the past tense.
    pub fn describe(self) -> &'static str {
        match self {
            Behaviour::Empathy => "acknowledged the feeling",
            Behaviour::Warmth => "offered warmth",
            Behaviour::Apology => "apologised",
            Behaviour::Validation => "validated the customer",
            Behaviour::Paraphrase => "checked understanding",
            Behaviour::Question => "asked a question",
            Behaviour::OpenQuestion => "asked an open question",
            Behaviour::ClosedQuestion => "asked a yes/no question",
            Behaviour::Ownership => "took ownership",
            Behaviour::ConcreteAction => "named a concrete action",
            Behaviour::Alternatives => "offered a choice",
            Behaviour::FollowUp => "promised a follow-up",
            Behaviour::CheckSatisfaction => "checked the customer is satisfied",
            Behaviour::Thanks => "thanked the customer",
            Behaviour::Courtesy => "was courteous",
            Behaviour::Blame => "blamed the customer",
            Behaviour::PolicyHiding => "hid behind policy",
            Behaviour::Minimising => "minimised the problem",
            Behaviour::Command => "gave orders",
            Behaviour::Shouting => "shouted",
            Behaviour::Sarcasm => "was sarcastic",
            Behaviour::Insult => "insulted the customer",
            Behaviour::Swearing => "swore",
            Behaviour::BannedPhrase => "used a phrase to avoid",
            Behaviour::ButAfterApology => "took the apology back with \"but\"",
            Behaviour::Jargon => "used jargon",
            Behaviour::NegativePhrasing => "said what can't be done",
            Behaviour::SolvingBeforeAcknowledging => "solved before acknowledging the feeling",
            Behaviour::AskingAgain => "asked again for what the customer already said",
            Behaviour::Rambling => "went on too long for a customer in a hurry",
            Behaviour::Curt => "was curt with a customer who wants time",
        }
    }

    /// What to do, said as an instruction ("acknowledge the feeling"), for missed expectations.
    pub fn instruction(self) -> &'static str {
        match self {
            Behaviour::Empathy => "acknowledge the feeling",
            Behaviour::Warmth => "offer a kind word",
            Behaviour::Apology => "apologise",
            Behaviour::Validation => "validate the customer",
            Behaviour::Paraphrase => "check your understanding",
            Behaviour::Question => "ask a question",
            Behaviour::OpenQuestion => "ask an open question",
            Behaviour::ClosedQuestion => "ask a yes/no question",
            Behaviour::Ownership => "take ownership",
            Behaviour::ConcreteAction => "name a concrete action with a time",
            Behaviour::Alternatives => "offer a choice",
            Behaviour::FollowUp => "promise a follow-up",
            Behaviour::CheckSatisfaction => "check the customer is satisfied",
            Behaviour::Thanks => "thank the customer",
            Behaviour::Courtesy => "be courteous",
            Behaviour::Blame => "blame the customer",
            Behaviour::PolicyHiding => "hide behind policy",
            Behaviour::Minimising => "minimise the problem",
            Behaviour::Command => "give orders",
            Behaviour::Shouting => "shout",
            Behaviour::Sarcasm => "be sarcastic",
            Behaviour::Insult => "insult",
            Behaviour::Swearing => "swear",
            Behaviour::BannedPhrase => "use a phrase to avoid",
            Behaviour::ButAfterApology => "take the apology back",
            Behaviour::Jargon => "use jargon",
            Behaviour::NegativePhrasing => "say what can't be done",
            Behaviour::SolvingBeforeAcknowledging => "solve before acknowledging",
            Behaviour::AskingAgain => "ask again",
            Behaviour::Rambling => "go on too long",
            Behaviour::Curt => "be curt",
        }
    }

    /// Whether the behaviour helps the conversation.
    pub fn is_positive(self) -> bool {
        !matches!(
            self,
            Behaviour::Blame
                | Behaviour::PolicyHiding
                | Behaviour::Minimising
                | Behaviour::Command
                | Behaviour::Shouting
                | Behaviour::Sarcasm
                | Behaviour::Insult
                | Behaviour::Swearing
                | Behaviour::BannedPhrase
                | Behaviour::ButAfterApology
                | Behaviour::Jargon
                | Behaviour::NegativePhrasing
                | Behaviour::SolvingBeforeAcknowledging
                | Behaviour::AskingAgain
                | Behaviour::Rambling
                | Behaviour::Curt
        )
    }
}
