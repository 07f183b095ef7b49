//! Turning an answer into words the detectors can match: lower case, straight apostrophes,
//! contractions spelled out ("I'll" -> "i will", "can't" -> "can not"). Every word keeps the
//! byte span of the text it came from, so evidence can point at what the trainee wrote.

use std::hash::Hasher;
use std::ops::Range;

use crate::hash::FastHasher;

/// One normalised word and where it came from in the original answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Range<usize>,
    /// The first word of a sentence.
    pub sentence_start: bool,
    /// The first word of a clause (after a comma, colon, semicolon or sentence end).
    pub clause_start: bool,
    /// Inside double quotes: someone else's words, reported.
    pub quoted: bool,
    /// Digits ("58213", "49") or a number word ("three").
    pub number: bool,
    /// Written in capitals, three letters or more ("NEVER").
    pub caps: bool,
    /// A 64-bit hash of `text` ([`word_key`]), computed once, so the phrase matcher and the
    /// learned layer look the word up without hashing it again.
    pub key: u64,
}

/// A word's key: its bytes through the scorer's [`FastHasher`], eight at a time (most words
/// are one step), then its length, so "ab" and "ab\0" differ.
pub fn word_key(word: &str) -> u64 {
    let mut h = FastHasher::default();
    h.write(word.as_bytes());
    h.write_usize(word.len());
    h.finish()
}

/// A sentence: a run of words, and whether it ends with a question mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Indices into the word list.
    pub words: Range<usize>,
    /// Byte span in the answer, from the first word to the end punctuation.
    pub span: Range<usize>,
    pub question_mark: bool,
}

/// An answer split into words and sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub words: Vec<Word>,
    pub sentences: Vec<Sentence>,
    /// Words as a person counts them: "I'll" is one word here, two in `words`.
    pub word_count: usize,
}

fn is_number_word(word: &str) -> bool {
    matches!(
        word,
        "zero" | "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten" | "eleven"
            | "twelve" | "thirteen" | "fourteen" | "fifteen" | "sixteen" | "seventeen" | "eighteen" | "nineteen"
            | "twenty" | "thirty" | "forty" | "fifty" | "sixty" | "seventy" | "eighty" | "ninety" | "hundred"
            | "thousand" | "million"
    )
}

/// Splits an answer into normalised words and sentences.
pub fn split(answer: &str) -> Text {
    let mut text = Text::default();
    // (sentence start, clause start) for the next word.
    let mut starts = (true, true);
    let mut quoted = false;
    let mut word_start: Option<usize> = None;
    let mut sentence_first_word = 0;
    let mut sentence_start_byte: Option<usize> = None;

    let close_sentence = |text: &mut Text, first: &mut usize, start: &mut Option<usize>, end: usize, question: bool| {
        if let Some(s) = start.take() {
            text.sentences.push(Sentence { words: *first..text.words.len(), span: s..end, question_mark: question });
        }
        *first = text.words.len();
    };

    for (i, c) in answer.char_indices() {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
        match (in_word, word_start) {
            (true, None) => {
                word_start = Some(i);
                sentence_start_byte.get_or_insert(i);
            }
            (false, Some(s)) => {
                push_word(&mut text, answer, s..i, &mut starts, quoted);
                word_start = None;
            }
            _ => {}
        }
        if in_word {
            continue;
        }
        match c {
            '.' | '?' | '!' | '\n' => {
                close_sentence(&mut text, &mut sentence_first_word, &mut sentence_start_byte, i + c.len_utf8(), c == '?');
                starts = (true, true);
            }
            ',' | ';' | ':' | '(' | ')' | '\u{2014}' | '\u{2013}' => starts.1 = true,
            '"' => quoted = !quoted,
            '\u{201c}' => quoted = true,
            '\u{201d}' => quoted = false,
            _ => {}
        }
    }
    if let Some(s) = word_start {
        push_word(&mut text, answer, s..answer.len(), &mut starts, quoted);
    }
    close_sentence(&mut text, &mut sentence_first_word, &mut sentence_start_byte, answer.len(), false);
    text
}

fn push_word(text: &mut Text, answer: &str, span: Range<usize>, starts: &mut (bool, bool), quoted: bool) {
    text.word_count += 1;
    let words = &mut text.words;
    let raw = &answer[span.clone()];
    let mut letters = 0;
    let mut lower = false;
    let mut apostrophe = false;
    let lowered = if raw.is_ascii() {
        // Most words: bytes, no character decoding.
        for b in raw.bytes() {
            letters += usize::from(b.is_ascii_alphabetic());
            lower |= b.is_ascii_lowercase();
            apostrophe |= b == b'\'';
        }
        raw.to_ascii_lowercase()
    } else {
        // One pass, one allocation: lower case with straight apostrophes.
        let mut lowered = String::with_capacity(raw.len());
        for c in raw.chars() {
            if c.is_alphabetic() {
                letters += 1;
                lower |= c.is_lowercase();
            }
            match c {
                '\'' | '\u{2019}' => {
                    apostrophe = true;
                    lowered.push('\'');
                }
                c if c.is_ascii() => lowered.push(c.to_ascii_lowercase()),
                c => lowered.extend(c.to_lowercase()),
            }
        }
        lowered
    };
    let caps = letters >= 3 && !lower;
    let mut push = |text: String, starts: &mut (bool, bool)| {
        if text.is_empty() {
            return;
        }
        let number = text.bytes().any(|b| b.is_ascii_digit()) || is_number_word(&text);
        let key = word_key(&text);
        words.push(Word { text, span: span.clone(), sentence_start: starts.0, clause_start: starts.1, quoted, number, caps, key });
        *starts = (false, false);
    };
    if apostrophe {
        for part in expand_contraction(lowered.trim_matches('\'')) {
            push(part, starts);
        }
    } else {
        push(lowered, starts);
    }
}

/// Spells out an English contraction so "I'll" and "I will" match the same phrase.
fn expand_contraction(word: &str) -> Vec<String> {
    let whole = match word {
        "can't" | "cannot" => Some(["can", "not"]),
        "won't" => Some(["will", "not"]),
        "shan't" => Some(["shall", "not"]),
        "i'm" => Some(["i", "am"]),
        "let's" => Some(["let", "us"]),
        "ain't" => Some(["is", "not"]),
        _ => None,
    };
    if let Some(parts) = whole {
        return parts.iter().map(|p| p.to_string()).collect();
    }
    for (suffix, expansion) in
        [("n't", "not"), ("'ll", "will"), ("'re", "are"), ("'ve", "have"), ("'d", "would"), ("'m", "am")]
    {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return vec![stem.to_string(), expansion.to_string()];
            }
        }
    }
    // "it's", "that's", "there's": the 's is "is" after these pronouns; elsewhere a possessive.
    if let Some(stem) = word.strip_suffix("'s") {
        if matches!(stem, "it" | "that" | "there" | "what" | "he" | "she" | "who" | "here" | "where" | "how") {
            return vec![stem.to_string(), "is".to_string()];
        }
        return vec![stem.to_string()];
    }
    vec![word.to_string()]
}

/// Normalised words of a phrase or answer, for comparisons ("I'll" -> ["i", "will"]).
pub fn normalised(text: &str) -> Vec<String> {
    split(text).words.into_iter().map(|w| w.text).collect()
}

/// Number of words in the answer as a person would count them (contractions count once).
pub fn word_count(answer: &str) -> usize {
    split(answer).word_count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        normalised(s)
    }

    #[test]
    fn contractions_are_spelled_out() {
        assert_eq!(texts("I'll check, I can't promise."), ["i", "will", "check", "i", "can", "not", "promise"]);
        assert_eq!(texts("It\u{2019}s our policy"), ["it", "is", "our", "policy"]);
        assert_eq!(texts("the customer's parcel"), ["the", "customer", "parcel"]);
    }

    #[test]
    fn spans_point_at_the_original_text() {
        let answer = "Sorry, I'll fix it";
        let ws = split(answer).words;
        assert_eq!(&answer[ws[0].span.clone()], "Sorry");
        assert_eq!(&answer[ws[2].span.clone()], "I'll");
        assert_eq!(ws[2].text, "will");
    }

    #[test]
    fn sentences_clauses_quotes_numbers_and_capitals() {
        let t = split("Fine. Can you tell me more? You said \"calm down\", NEVER again, 3 days");
        assert_eq!(t.sentences.len(), 3);
        assert!(!t.sentences[0].question_mark && t.sentences[1].question_mark);
        let w = |s: &str| t.words.iter().find(|w| w.text == s).unwrap();
        assert!(w("can").sentence_start);
        assert!(w("calm").quoted && w("down").quoted && !w("again").quoted);
        assert!(w("never").caps && w("never").clause_start);
        assert!(w("3").number && !w("days").number);
    }

    #[test]
    fn hyphens_split_words() {
        assert_eq!(texts("a follow-up call"), ["a", "follow", "up", "call"]);
    }

    #[test]
    fn word_count_counts_contractions_once() {
        assert_eq!(word_count("I'll fix it — today!"), 4);
        assert_eq!(word_count("a follow-up"), 3);
    }
}
