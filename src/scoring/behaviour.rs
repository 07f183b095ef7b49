//! Behaviours an answer can show. Scenario conditions route on them (`Has(Empathy)`), and the
//! scorer attaches points to them.

use serde::{Deserialize, Serialize};

/// Something a trainee's answer does, good or bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Behaviour {
    /// Asks something: a question mark, or a sentence opening with a question word.
    Question,
    /// Says sorry or apologises, without negating it.
    Apology,
    /// Names or acknowledges the customer's feeling ("I understand how frustrating").
    Empathy,
    /// Repeats back to check understanding ("just to confirm", "so you're saying").
    Paraphrase,
    /// Takes ownership of the next step ("I will", "let me").
    Ownership,
    /// Offers the customer a choice between options.
    Alternatives,
    /// Thanks the customer.
    Thanks,
    /// Blames the customer ("you should have", "your fault").
    Blame,
    /// Hides behind rules ("it's our policy", "there's nothing I can do").
    PolicyHiding,
    /// Belittles the problem or the feeling ("calm down", "it's just").
    Minimising,
    /// Shouts: words in capitals or repeated exclamation marks.
    Shouting,
}

impl Behaviour {
    pub const ALL: [Behaviour; 11] = [
        Behaviour::Question,
        Behaviour::Apology,
        Behaviour::Empathy,
        Behaviour::Paraphrase,
        Behaviour::Ownership,
        Behaviour::Alternatives,
        Behaviour::Thanks,
        Behaviour::Blame,
        Behaviour::PolicyHiding,
        Behaviour::Minimising,
        Behaviour::Shouting,
    ];

    /// A few words for the debrief.
    pub fn describe(self) -> &'static str {
        match self {
            Behaviour::Question => "asked a question",
            Behaviour::Apology => "apologised",
            Behaviour::Empathy => "acknowledged the feeling",
            Behaviour::Paraphrase => "checked understanding",
            Behaviour::Ownership => "took ownership",
            Behaviour::Alternatives => "offered a choice",
            Behaviour::Thanks => "thanked the customer",
            Behaviour::Blame => "blamed the customer",
            Behaviour::PolicyHiding => "hid behind policy",
            Behaviour::Minimising => "minimised the problem",
            Behaviour::Shouting => "shouted",
        }
    }

    /// Whether the behaviour helps the conversation.
    pub fn is_positive(self) -> bool {
        !matches!(self, Behaviour::Blame | Behaviour::PolicyHiding | Behaviour::Minimising | Behaviour::Shouting)
    }
}
