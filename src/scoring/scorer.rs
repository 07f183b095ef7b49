//! The free-text scorer: finds behaviours in an answer, in the context of what the customer just
//! said and what the node expects, and turns them into points with evidence. Every point names
//! its behaviour, the words (byte span) that earned it, and its dimension.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::learned::{Judgement, Learned, LIKELY, UNLIKELY};
use super::matcher::{Hit, PhraseSet, Vocab, WordClass};
use super::rubric::Rubric;
use crate::vocab::Pattern;
use super::text::{self, Sentence, Text, Word};
use super::Behaviour;
use crate::scenario::{Dimension, Emotion, Expect, Persona, Points};

/// What the scorer knows of the moment an answer was given.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// What the customer just said.
    pub customer_line: &'a str,
    /// How they said it; `None` when unknown (then guessed from the line).
    pub emotion: Option<Emotion>,
    /// The node's expectations, if the answer belongs to a scenario node.
    pub expect: Option<&'a Expect>,
    /// Who the customer is: a hurried one wants brevity, a languid one wants time.
    pub persona: Option<Persona>,
}

impl<'a> Context<'a> {
    /// A context from the customer's line alone.
    pub fn line(customer_line: &'a str) -> Self {
        Context { customer_line, ..Context::default() }
    }
}

/// One contribution to an answer's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The behaviour found (or missed); `None` for the learned layer's adjustment, whose
    /// phrases are in `learned`.
    pub behaviour: Option<Behaviour>,
    /// Byte span of the words in the answer (empty for a missed expectation).
    pub span: Range<usize>,
    /// The words themselves.
    pub words: String,
    /// The dimension this row's points are on.
    pub dimension: Dimension,
    /// Points on that dimension.
    pub points: i32,
    /// True when the node expected this behaviour and the answer lacks it.
    pub missing: bool,
    /// Advice for negative behaviours, or why the points were capped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For the learned adjustment: the phrases that moved it, strongest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learned: Vec<Contribution>,
}

/// One phrase's share of a learned adjustment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// The phrase's words.
    pub words: String,
    /// Byte span of the words in the answer.
    pub span: Range<usize>,
    /// Its weight in the model's log-odds for this answer, in tenths (+8 is +0.8).
    pub tenths: i32,
}

impl Evidence {
    /// What this row says, in the debrief's words: `apologised: "sorry"`, or for the learned
    /// layer, how the answer read to people who rated replies like it, with the phrases.
    pub fn headline(&self) -> String {
        match self.behaviour {
            Some(b) if self.missing => format!("missed: {}", b.instruction()),
            Some(b) => format!("{}: \"{}\"", b.describe(), self.words),
            None => {
                let phrases: Vec<String> =
                    self.learned.iter().map(|c| format!("\"{}\" {:+.1}", c.words, f64::from(c.tenths) / 10.0)).collect();
                format!("{} to people who rated replies like it: {}", learned_reading(self.dimension, self.points), phrases.join(", "))
            }
        }
    }
}

/// How a learned adjustment reads, by dimension and direction.
fn learned_reading(d: Dimension, points: i32) -> &'static str {
    match (d, points >= 0) {
        (Dimension::Empathy, true) => "sounded warm and caring",
        (Dimension::Empathy, false) => "sounded cold",
        (Dimension::Patience, true) => "sounded polite and open",
        (Dimension::Patience, false) => "sounded curt or hostile",
        (Dimension::Clarification, true) => "read as exploring the situation",
        (Dimension::Clarification, false) => "read as not exploring the situation",
        (Dimension::Resolution, true) => "read as solving the problem",
        (Dimension::Resolution, false) => "read as not solving the problem",
    }
}

/// A scored answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AnswerScore {
    /// Every contribution, in the order of the answer's words.
    pub evidence: Vec<Evidence>,
    /// Behaviours found (whether or not they carry points), sorted.
    pub behaviours: Vec<Behaviour>,
    /// Points per dimension, after saturation.
    pub points: Points,
    /// Where a learned model exists: the chance, in percent, that a person would say the answer
    /// shows the dimension (at even odds; 50 is the shipped threshold), by `Dimension::ALL` order.
    #[serde(skip)]
    pub likelihood: [Option<u8>; 4],
    /// Normalised words, for `Mentions` conditions.
    #[serde(skip)]
    pub words: Vec<crate::vocab::text::SmolStr>,
    /// How many words the answer has.
    pub word_count: usize,
}

/// The rows of one match together: a behaviour at some words, with its points on every dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceGroup<'a> {
    /// The first row (behaviour, span, words, note are the same for all rows of the match).
    pub evidence: &'a Evidence,
    /// The match's points on every dimension.
    pub points: Points,
}

/// Groups evidence rows by match. The scorer lists the rows of one match next to each other,
/// one per dimension, so grouping neighbours is enough.
pub fn grouped(evidence: &[Evidence]) -> Vec<EvidenceGroup<'_>> {
    let mut groups: Vec<EvidenceGroup<'_>> = Vec::new();
    for e in evidence {
        let same = groups.last().is_some_and(|g| {
            let f = g.evidence;
            (f.behaviour, &f.span, f.missing, f.dimension == e.dimension || f.behaviour.is_some())
                == (e.behaviour, &e.span, e.missing, true)
        });
        if !same {
            groups.push(EvidenceGroup { evidence: e, points: Points::default() });
        }
        if let Some(g) = groups.last_mut() {
            *g.points.get_mut(e.dimension) += e.points;
        }
    }
    groups
}

impl AnswerScore {
    /// Whether the answer shows behaviour `b`.
    pub fn shows(&self, b: Behaviour) -> bool {
        self.behaviours.binary_search(&b).is_ok()
    }

    /// The answer's score on a dimension, 0-100: where a learned model exists, the chance that
    /// a person would say the answer shows it; elsewhere 50 is neutral and each point moves it by 10.
    pub fn percent(&self, d: Dimension) -> u8 {
        self.likelihood[d.index()].unwrap_or_else(|| (50 + 10 * self.points.get(d)).clamp(0, 100) as u8)
    }
}

/// Helper lists the structural detectors use, tagged in one phrase set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aux {
    /// An action word of the `ConcreteAction` rule.
    Action,
    Time,
    Amount,
    Open,
    Closed,
    AfterThanks,
}

/// A rubric compiled for fast matching.
pub struct Scorer {
    rubric: Rubric,
    vocab: Vocab,
    /// Rubric phrases by behaviour; `None` for the neutral phrases that only use words up.
    behaviours: PhraseSet<Option<Behaviour>>,
    aux: PhraseSet<Aux>,
    negators: Vec<String>,
    /// The learned layer, when there is one.
    learned: Option<&'static Learned>,
}

impl std::fmt::Debug for Scorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scorer").finish_non_exhaustive()
    }
}

/// A behaviour found at some words, before points.
#[derive(Debug, Clone)]
struct Found {
    behaviour: Behaviour,
    span: Range<usize>,
    /// Word index it starts at, to order evidence.
    at: usize,
}

impl Scorer {
    /// Compiles a rubric (already validated by its loader).
    pub fn new(rubric: Rubric) -> Scorer {
        let mut vocab = Vocab::default();
        let mut behaviours = PhraseSet::new();
        let mut aux = PhraseSet::new();
        // Neutral phrases first, so they win ties: they exist to override.
        for phrase in &rubric.neutral {
            if let Ok(p) = Pattern::parse(phrase) {
                behaviours.add(&mut vocab, &p, None);
            }
        }
        for (b, rule) in &rubric.behaviours {
            for phrase in &rule.phrases {
                let Ok(p) = Pattern::parse(phrase) else { continue };
                // Action words are looked for beside other phrases, not instead of them:
                // "call you back today" is a follow-up and a concrete action.
                if *b == Behaviour::ConcreteAction {
                    aux.add(&mut vocab, &p, Aux::Action);
                } else {
                    behaviours.add(&mut vocab, &p, Some(*b));
                }
            }
        }
        let lists = [
            (Aux::Time, &rubric.concrete.times),
            (Aux::Amount, &rubric.concrete.amounts),
            (Aux::Open, &rubric.question.open),
            (Aux::Closed, &rubric.question.closed),
            (Aux::AfterThanks, &rubric.after_customer_thanks),
        ];
        for (tag, list) in lists {
            for phrase in list {
                if let Ok(p) = Pattern::parse(phrase) {
                    aux.add(&mut vocab, &p, tag);
                }
            }
        }
        let negators = rubric.negators.iter().flat_map(|n| text::normalised(n)).collect();
        Scorer { rubric, vocab, behaviours, aux, negators, learned: None }
    }

    /// Adds a learned layer (the bundled one: [`Learned::bundled`]).
    pub fn with_learned(mut self, learned: &'static Learned) -> Scorer {
        self.learned = Some(learned);
        self
    }

    /// The scorer for the bundled rubric and learned weights, built once.
    pub fn bundled() -> Arc<Scorer> {
        static BUNDLED: OnceLock<Arc<Scorer>> = OnceLock::new();
        Arc::clone(BUNDLED.get_or_init(|| Arc::new(Scorer::new(Rubric::bundled()).with_learned(Learned::bundled()))))
    }

    /// The scorer sessions are scored with: the bundled rubric with the learned weights in use
    /// (an organisation's recalibrated ones where installed, see [`super::learned::install`]).
    pub fn in_use() -> Arc<Scorer> {
        static ORGANISATION: OnceLock<Arc<Scorer>> = OnceLock::new();
        match Learned::organisation() {
            Some(learned) => Arc::clone(ORGANISATION.get_or_init(|| Arc::new(Scorer::new(Rubric::bundled()).with_learned(learned)))),
            None => Scorer::bundled(),
        }
    }

    /// The learned layer in use, if any.
    pub fn learned(&self) -> Option<&'static Learned> {
        self.learned
    }

    /// The rubric this scorer uses.
    pub fn rubric(&self) -> &Rubric {
        &self.rubric
    }

    /// Scores one answer.
    pub fn score(&self, answer: &str, ctx: &Context<'_>) -> AnswerScore {
        let text = text::split(answer);
        let classes = self.vocab.classify(&text.words);
        let mut found = self.phrase_behaviours(&text, &classes, ctx);
        let aux = self.aux.all(&classes, &text.words);

        self.questions(&text, &aux, &mut found);
        concrete_actions(&text, &aux, &mut found);
        length_for_persona(answer, &text, ctx.persona, &mut found);
        count_alternatives(&text, &mut found);
        references(answer, &text, &mut found);
        shouting(answer, &text, &mut found);
        but_after_apology(&text, &mut found);
        if ctx.customer_line.as_bytes().windows(5).any(|w| w.eq_ignore_ascii_case(b"thank")) {
            for hit in aux.iter().filter(|h| h.tag == Aux::AfterThanks) {
                found.push(found_at(&text, hit.start, hit.end, Behaviour::BannedPhrase));
            }
        }
        if let Some(expect) = ctx.expect {
            facts(&text, expect, &mut found);
        }
        if self.is_outburst(ctx) {
            solving_before_acknowledging(&mut found);
        }
        found.sort_by_key(|f| (f.at, f.behaviour));

        let behaviours: BTreeSet<Behaviour> = found.iter().map(|f| f.behaviour).collect();
        let mut evidence = self.evidence(answer, &found);
        if let Some(expect) = ctx.expect {
            for b in &expect.behaviours {
                if !behaviours.contains(b) {
                    evidence.extend(self.missed(*b));
                }
            }
        }
        let contempt = found.iter().find(|f| matches!(f.behaviour, Behaviour::Insult | Behaviour::Sarcasm)).map(|f| f.behaviour);
        match contempt {
            Some(b) => cancel_credit(b, &mut evidence),
            None => stuffing(&text, &found, &mut evidence),
        }
        let mut points = self.cap(&mut evidence);
        let mut likelihood = [None; 4];
        if let Some(learned) = self.learned {
            for j in learned.judge(&text, points) {
                likelihood[j.dimension.index()] = Some((j.probability * 100.0).round().clamp(0.0, 100.0) as u8);
                if let Some(row) = self.learned_row(learned, answer, &text, &j, points, contempt.is_some()) {
                    *points.get_mut(row.dimension) += row.points;
                    evidence.push(row);
                }
            }
        }
        AnswerScore {
            evidence,
            behaviours: behaviours.into_iter().collect(),
            points,
            likelihood,
            word_count: text.word_count,
            words: text.words.into_iter().map(|w| w.text).collect(),
        }
    }

    /// Rubric phrases (and the node's own), minus quoted and negated ones.
    fn phrase_behaviours(&self, text: &Text, classes: &[WordClass], ctx: &Context<'_>) -> Vec<Found> {
        let words = &text.words;
        let mut hits: Vec<Hit<Behaviour>> = self
            .behaviours
            .longest(classes, words, |w| w.quoted)
            .into_iter()
            .filter_map(|h| h.tag.map(|tag| Hit { tag, start: h.start, end: h.end }))
            .collect();
        if let Some(expect) = ctx.expect {
            hits.extend(node_phrases(expect, words));
        }
        hits.into_iter()
            .filter(|h| !(self.rubric.rule(h.tag).negatable && self.negated(words, h.start, h.end)))
            .map(|h| found_at(text, h.start, h.end, h.tag))
            .collect()
    }

    /// A negator in the few words before (same clause), or "not" right after ("I will not").
    fn negated(&self, words: &[Word], start: usize, end: usize) -> bool {
        if words.get(end).is_some_and(|w| w.text == "not") {
            return true;
        }
        for k in (start.saturating_sub(self.rubric.negation_window)..start).rev() {
            if words[k + 1].clause_start {
                return false;
            }
            if self.negators.iter().any(|n| *n == words[k].text) {
                return true;
            }
        }
        false
    }

    /// Question sentences: open when they use an open word anywhere, else closed.
    fn questions(&self, text: &Text, aux: &[Hit<Aux>], found: &mut Vec<Found>) {
        for s in &text.sentences {
            let in_sentence = |tag: Aux| aux.iter().find(|h| h.tag == tag && s.words.contains(&h.start));
            let opener = aux.iter().find(|h| h.start == s.words.start && matches!(h.tag, Aux::Open | Aux::Closed));
            if !s.question_mark && opener.is_none_or(|o| !opens_question(text, s, o.end)) {
                continue;
            }
            let kind = if in_sentence(Aux::Open).is_some() && !asks_for_a_detail(text, s) {
                Behaviour::OpenQuestion
            } else {
                Behaviour::ClosedQuestion
            };
            let first = s.words.start;
            found.push(Found { behaviour: Behaviour::Question, span: s.span.clone(), at: first });
            found.push(Found { behaviour: kind, span: s.span.clone(), at: first });
        }
    }

    fn is_outburst(&self, ctx: &Context<'_>) -> bool {
        let emotion = ctx.emotion.unwrap_or_else(|| guess_emotion(ctx.customer_line));
        self.rubric.outburst_emotions.contains(&emotion)
    }

    /// Points for each found behaviour, up to its rule's `max_count` matches.
    fn evidence(&self, answer: &str, found: &[Found]) -> Vec<Evidence> {
        let mut counts = [0u32; Behaviour::ALL.len()];
        let mut out = Vec::new();
        for f in found {
            let rule = self.rubric.rule(f.behaviour);
            let count = &mut counts[f.behaviour as usize];
            *count += 1;
            if *count > rule.max_count {
                continue;
            }
            let note = (!rule.advice.is_empty()).then(|| rule.advice.clone());
            for d in Dimension::ALL {
                let points = rule.points.get(d);
                if points != 0 {
                    out.push(Evidence {
                        behaviour: Some(f.behaviour),
                        span: f.span.clone(),
                        words: answer[f.span.clone()].to_string(),
                        dimension: d,
                        points,
                        missing: false,
                        note: note.clone(),
                        learned: Vec::new(),
                    });
                }
            }
        }
        out
    }

    /// A point lost on the behaviour's main dimension for an expectation the answer missed.
    fn missed(&self, b: Behaviour) -> Option<Evidence> {
        let rule = self.rubric.rule(match b {
            Behaviour::Question => Behaviour::OpenQuestion,
            other => other,
        });
        let dimension = Dimension::ALL.into_iter().max_by_key(|d| (rule.points.get(*d), std::cmp::Reverse(*d)))?;
        (rule.points.get(dimension) > 0).then(|| Evidence {
            behaviour: Some(b),
            span: 0..0,
            words: String::new(),
            dimension,
            points: -1,
            missing: true,
            note: Some(format!("expected here: {}", b.instruction())),
            learned: Vec::new(),
        })
    }

    /// The learned layer as evidence, where it settles what the rules missed: +1 when people
    /// would clearly say the answer shows the dimension (probability [`LIKELY`] or more) and no
    /// rule gave it a point there (never after contempt); -1 when it clearly lacks it
    /// (probability under [`UNLIKELY`]) and no rule took a point off.
    fn learned_row(&self, learned: &Learned, answer: &str, text: &Text, j: &Judgement, points: Points, contempt: bool) -> Option<Evidence> {
        let before = points.get(j.dimension);
        let adjustment = if j.probability >= LIKELY && before <= 0 && !contempt {
            1
        } else if j.probability < UNLIKELY && before >= 0 && j.words < 0.0 {
            -1
        } else {
            return None;
        };
        // The phrases pulling the way the adjustment goes, strongest first, as the reasons. A
        // lone function word ("your", "for") weighs in the model but explains nothing to a
        // trainee, so it is shown only when nothing else pulls that way.
        let pulling: Vec<(Range<usize>, f64)> = learned
            .contributions(text, j.dimension)
            .into_iter()
            .filter(|(_, c)| (*c > 0.0) == (adjustment > 0) && c.abs() >= 0.05)
            .collect();
        let telling = |(words, _): &&(Range<usize>, f64)| words.len() > 1 || !is_function_word(&text.words[words.start].text);
        let shown: Vec<&(Range<usize>, f64)> =
            if pulling.iter().any(|p| telling(&p)) { pulling.iter().filter(telling).collect() } else { pulling.iter().collect() };
        let learned: Vec<Contribution> = shown
            .into_iter()
            .take(3)
            .map(|(words, c)| {
                let span = text.words[words.start].span.start..text.words[words.end - 1].span.end;
                Contribution { words: answer[span.clone()].to_string(), span, tenths: (c * 10.0).round() as i32 }
            })
            .collect();
        let span = learned.iter().map(|c| c.span.clone()).reduce(|a, b| a.start.min(b.start)..a.end.max(b.end)).unwrap_or(0..0);
        Some(Evidence {
            behaviour: None,
            words: answer[span.clone()].to_string(),
            span,
            dimension: j.dimension,
            points: adjustment,
            missing: false,
            note: Some(format!("The chance a person would say so: {:.0}%.", j.probability * 100.0)),
            learned,
        })
    }

    /// Caps each dimension at ±`max_points_per_dimension`, trimming the contributions that
    /// go past it, so stuffing many different keywords does not pay either.
    fn cap(&self, evidence: &mut [Evidence]) -> Points {
        let max = self.rubric.max_points_per_dimension;
        let mut totals = Points::default();
        let mut positive = Points::default();
        let mut negative = Points::default();
        for e in evidence.iter_mut() {
            let (sum, limit) = if e.points > 0 { (&mut positive, max) } else { (&mut negative, -max) };
            let so_far = sum.get(e.dimension);
            let allowed = if e.points > 0 { e.points.min(limit - so_far) } else { e.points.max(limit - so_far) };
            if allowed != e.points {
                // Kept with what is left (maybe nothing), so the debrief still shows it.
                e.points = allowed;
                let capped = format!("Capped: at most {max} points per dimension in one answer.");
                e.note = Some(e.note.take().map_or(capped.clone(), |n| format!("{n} {capped}")));
            }
            *sum.get_mut(e.dimension) += e.points;
            *totals.get_mut(e.dimension) += e.points;
        }
        totals
    }
}

/// Words that carry grammar rather than meaning.
fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an" | "the" | "and" | "or" | "but" | "of" | "to" | "for" | "in" | "on" | "at" | "by" | "with" | "from"
            | "i" | "you" | "your" | "yours" | "me" | "my" | "we" | "us" | "our" | "it" | "its" | "this" | "that"
            | "is" | "am" | "are" | "was" | "were" | "be" | "been" | "have" | "has" | "had" | "do" | "does" | "did"
            | "will" | "would" | "can" | "could" | "should" | "so" | "if" | "as" | "there" | "here" | "then"
    )
}

/// Contempt undoes the rest of an answer: "I'll refund you today, you idiot" earns nothing for
/// the refund. The rows stay, at zero, so the debrief shows what was cancelled and why.
fn cancel_credit(cause: Behaviour, evidence: &mut [Evidence]) {
    for e in evidence.iter_mut().filter(|e| e.points > 0) {
        e.points = 0;
        e.note = Some(format!("Cancelled: the answer {}, which undoes the rest of it.", cause.describe()));
    }
}

/// Stock phrases strung together ("Thanks, I'll fix it now, sorry, I understand, let me check,
/// is that right?") earn half: five or more good behaviours, reaching three or more dimensions,
/// whose phrases make up most of the words, read as a checklist, not as an answer to this
/// customer. (A dense answer about one thing, such as a fix with its options, is not that.)
fn stuffing(text: &Text, found: &[Found], evidence: &mut [Evidence]) {
    // Most answers show a behaviour or two: settle them before collecting anything.
    if found.iter().filter(|f| f.behaviour.is_positive()).count() < 5 {
        return;
    }
    let phrases: Vec<&Found> = found
        .iter()
        .filter(|f| f.behaviour.is_positive())
        .filter(|f| !matches!(f.behaviour, Behaviour::Question | Behaviour::OpenQuestion | Behaviour::ClosedQuestion))
        .collect();
    let kinds: BTreeSet<Behaviour> = phrases.iter().map(|f| f.behaviour).collect();
    let dimensions: BTreeSet<Dimension> =
        evidence.iter().filter(|e| e.points > 0 && e.behaviour.is_some_and(|b| kinds.contains(&b))).map(|e| e.dimension).collect();
    let covered = text.words.iter().filter(|w| phrases.iter().any(|f| f.span.start <= w.span.start && w.span.end <= f.span.end)).count();
    if kinds.len() < 5 || dimensions.len() < 3 || covered * 2 <= text.words.len() {
        return;
    }
    for e in evidence.iter_mut().filter(|e| e.points > 0) {
        e.points /= 2;
        let why = "Halved: a string of stock phrases; say it as one answer to this customer.";
        e.note = Some(e.note.take().map_or(why.to_string(), |n| format!("{n} {why}")));
    }
}

/// A statement-shaped opener ("Can you send ...") asks something only when "you" follows.
fn opens_question(text: &Text, s: &Sentence, after_opener: usize) -> bool {
    after_opener < s.words.end && text.words[after_opener].text.starts_with("you")
        || text.words.get(s.words.start).is_some_and(|w| matches!(w.text.as_str(), "what" | "how" | "why" | "where" | "when" | "which" | "who"))
}

/// "What's your postcode?": a short what-question about one of the customer's details has one
/// right answer, so it is closed however it opens.
fn asks_for_a_detail(text: &Text, s: &Sentence) -> bool {
    let words: Vec<&str> = text.words[s.words.clone()].iter().map(|w| w.text.as_str()).collect();
    matches!(words.as_slice(), ["what", "is" | "was" | "are", "your", ..] if words.len() <= 5)
}

fn found_at(text: &Text, start: usize, end: usize, behaviour: Behaviour) -> Found {
    let span = text.words[start].span.start..text.words[end - 1].span.end;
    Found { behaviour, span, at: start }
}

fn sentence_of(text: &Text, word: usize) -> Option<&Sentence> {
    text.sentences.iter().find(|s| s.words.contains(&word))
}

/// The node's extra phrases, matched directly (there are only a few).
fn node_phrases(expect: &Expect, words: &[Word]) -> Vec<Hit<Behaviour>> {
    let tagged = expect
        .phrases
        .iter()
        .map(|(b, p)| (*b, p.as_str()))
        .chain(expect.avoid.iter().map(|p| (Behaviour::BannedPhrase, p.as_str())));
    let mut vocab = Vocab::default();
    let mut set = PhraseSet::new();
    for (b, phrase) in tagged {
        if let Ok(p) = Pattern::parse(phrase) {
            set.add(&mut vocab, &p, b);
        }
    }
    set.all(&vocab.classify(words), words).into_iter().filter(|h| !words[h.start].quoted).collect()
}

/// An action word is concrete with a time or an amount, and "I" or "we", in its sentence.
fn concrete_actions(text: &Text, aux: &[Hit<Aux>], found: &mut Vec<Found>) {
    for hit in aux.iter().filter(|h| h.tag == Aux::Action) {
        let Some(s) = sentence_of(text, hit.start) else { continue };
        let words = &text.words[s.words.clone()];
        let when_or_how_much = aux.iter().any(|h| matches!(h.tag, Aux::Time | Aux::Amount) && s.words.contains(&h.start))
            || words.iter().any(|w| w.number);
        let by_us = words.iter().any(|w| matches!(w.text.as_str(), "i" | "we" | "let"));
        if when_or_how_much && by_us {
            found.push(found_at(text, hit.start, hit.end, Behaviour::ConcreteAction));
            return;
        }
    }
}

/// Too long for a hurried customer, too short for a languid one.
fn length_for_persona(answer: &str, text: &Text, persona: Option<Persona>, found: &mut Vec<Found>) {
    let words = text.word_count;
    let behaviour = match persona {
        Some(Persona::Hurried) if words > Persona::HURRIED_MAX_WORDS => Behaviour::Rambling,
        Some(Persona::Languid) if words < Persona::LANGUID_MIN_WORDS && words > 0 => Behaviour::Curt,
        _ => return,
    };
    let at = text.words.len().saturating_sub(1);
    found.push(Found { behaviour, span: 0..answer.len(), at });
}

/// Each further "or" in a sentence that offers a choice is one more option.
fn count_alternatives(text: &Text, found: &mut Vec<Found>) {
    let offers: Vec<usize> = found.iter().filter(|f| f.behaviour == Behaviour::Alternatives).map(|f| f.at).collect();
    for at in offers {
        let Some(s) = sentence_of(text, at) else { continue };
        for i in s.words.clone().filter(|&i| i != at && text.words[i].text == "or") {
            if !found.iter().any(|f| f.behaviour == Behaviour::Alternatives && f.at == i) {
                found.push(found_at(text, i, i + 1, Behaviour::Alternatives));
            }
        }
    }
}

/// A reference like "R-2291" or "#48213": letters and digits the customer can quote back.
fn references(answer: &str, text: &Text, found: &mut Vec<Found>) {
    // Every reference has a word with three digits or more: most answers have none, and are
    // not scanned byte by byte.
    if !text.words.iter().any(|w| w.number && w.text.bytes().filter(u8::is_ascii_digit).nth(2).is_some()) {
        return;
    }
    let bytes = answer.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_uppercase() {
            i += 1;
        }
        let letters = i - start;
        let hash = letters == 0 && bytes.get(i) == Some(&b'#');
        if (1..=4).contains(&letters) || hash {
            let mut j = i;
            if j < bytes.len() && (bytes[j] == b'-' || bytes[j] == b'#') {
                j += 1;
            }
            let digits_start = j;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if j - digits_start >= 3 {
                let at = text.words.iter().position(|w| w.span.end > start).unwrap_or(0);
                found.push(Found { behaviour: Behaviour::FollowUp, span: start..j, at });
                i = j;
                continue;
            }
        }
        i = start + answer[start..].chars().next().map_or(1, char::len_utf8);
    }
}

/// Two or more words in capitals in a row ("I SAID NO"), or a run of exclamation marks. A lone
/// capitalised word is usually an acronym (SMS, PIN), so it does not count.
fn shouting(answer: &str, text: &Text, found: &mut Vec<Found>) {
    let words = &text.words;
    let run = (1..words.len()).find(|&i| {
        let (a, b) = (&words[i - 1], &words[i]);
        a.caps && b.caps && !a.quoted && a.span != b.span
    });
    if let Some(i) = run {
        let mut end = i;
        while end + 1 < words.len() && words[end + 1].caps {
            end += 1;
        }
        found.push(Found { behaviour: Behaviour::Shouting, span: words[i - 1].span.start..words[end].span.end, at: i - 1 });
    } else if let Some(i) = answer.match_indices('!').map(|(i, _)| i).find(|i| answer.as_bytes().get(i + 1) == Some(&b'!')) {
        let at = words.iter().position(|w| w.span.start > i).unwrap_or(words.len().saturating_sub(1));
        found.push(Found { behaviour: Behaviour::Shouting, span: i..i + 2, at });
    }
}

/// "But"-words only count when an apology came before them in the same sentence.
fn but_after_apology(text: &Text, found: &mut Vec<Found>) {
    let apologies: Vec<usize> = found.iter().filter(|f| f.behaviour == Behaviour::Apology).map(|f| f.at).collect();
    found.retain(|f| {
        f.behaviour != Behaviour::ButAfterApology
            || apologies.iter().any(|&a| a < f.at && sentence_of(text, a).is_some_and(|s| s.words.contains(&f.at)))
    });
}

/// Facts the customer gave: asking for them again, or repeating them back.
fn facts(text: &Text, expect: &Expect, found: &mut Vec<Found>) {
    let words = &text.words;
    let find = |phrase: &str| -> Option<(usize, usize)> {
        let wanted = text::normalised(phrase);
        if wanted.is_empty() {
            return None;
        }
        (0..words.len()).find(|&i| {
            i + wanted.len() <= words.len() && !words[i].quoted && words[i..i + wanted.len()].iter().zip(&wanted).all(|(w, t)| w.text == *t)
        })
        .map(|i| (i, i + wanted.len()))
    };
    for fact in &expect.facts {
        let given = fact.given.iter().find_map(|g| find(g));
        if let Some((start, end)) = given {
            if !found.iter().any(|f| f.behaviour == Behaviour::Paraphrase) {
                found.push(found_at(text, start, end, Behaviour::Paraphrase));
            }
            continue;
        }
        let asked = fact.ask.iter().find_map(|a| find(a)).filter(|(start, _)| {
            sentence_of(text, *start).is_some_and(|s| s.question_mark || words[s.words.start].sentence_start && is_question_start(&words[s.words.start].text))
        });
        if let Some((start, end)) = asked {
            found.push(found_at(text, start, end, Behaviour::AskingAgain));
        }
    }
}

fn is_question_start(word: &str) -> bool {
    matches!(word, "what" | "which" | "can" | "could" | "would" | "may" | "do" | "is")
}

/// At an outburst, a fix offered before (or without) acknowledging the feeling.
fn solving_before_acknowledging(found: &mut Vec<Found>) {
    let first = |kinds: &[Behaviour]| found.iter().filter(|f| kinds.contains(&f.behaviour)).map(|f| f.at).min();
    let fix = first(&[Behaviour::Ownership, Behaviour::ConcreteAction, Behaviour::Alternatives]);
    let ack = first(&[Behaviour::Empathy, Behaviour::Apology, Behaviour::Validation]);
    if let Some(fix_at) = fix {
        if ack.is_none_or(|a| a > fix_at) {
            let f = found.iter().find(|f| f.at == fix_at).cloned();
            if let Some(f) = f {
                found.push(Found { behaviour: Behaviour::SolvingBeforeAcknowledging, ..f });
            }
        }
    }
}

/// Without an authored emotion, an exclamation mark or words in capitals mark an outburst.
fn guess_emotion(line: &str) -> Emotion {
    if line.is_empty() {
        return Emotion::Neutral;
    }
    let caps = text::split(line).words.iter().filter(|w| w.caps).count();
    if line.contains('!') || caps >= 2 {
        Emotion::Angry
    } else {
        Emotion::Neutral
    }
}
