//! Turning an answer into words the detectors can match: lower case, straight apostrophes,
//! contractions spelled out ("I'll" -> "i will", "can't" -> "can not"). Every word keeps the
//! byte span of the text it came from, so evidence can point at what the trainee wrote.

use std::hash::Hasher;
use std::ops::Range;

pub use smol_str::SmolStr;

use crate::hash::FastHasher;

/// One normalised word and where it came from in the original answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Normalised: lower case, straight apostrophes. Inline (no allocation) up to 23 bytes.
    pub text: SmolStr,
    /// Byte span in the original text.
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
    /// Whether it ends with a question mark.
    pub question_mark: bool,
}

/// An answer split into words and sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// Every word, in order.
    pub words: Vec<Word>,
    /// The sentences, in order.
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

/// What an ASCII byte is, one bit each, looked up rather than tested: any bit set means the
/// byte is part of a word. Bytes of other characters are 0 here and decoded.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
const APOSTROPHE: u8 = 8;

const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c == b'\'' {
            APOSTROPHE
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The word being read: where it began, the classes of its ASCII bytes, and whether it has
/// other characters too.
struct Pending {
    start: usize,
    classes: u8,
    ascii: bool,
}

/// Splits an answer into normalised words and sentences.
pub fn split(answer: &str) -> Text {
    // About one word per five bytes of English: one allocation for most answers.
    let mut text = Text { words: Vec::with_capacity(answer.len() / 5 + 2), ..Text::default() };
    // (sentence start, clause start) for the next word.
    let mut starts = (true, true);
    let mut quoted = false;
    let mut word: Option<Pending> = None;
    let mut sentence_first_word = 0;
    let mut sentence_start_byte: Option<usize> = None;

    let close_sentence = |text: &mut Text, first: &mut usize, start: &mut Option<usize>, end: usize, question: bool| {
        if let Some(s) = start.take() {
            text.sentences.push(Sentence { words: *first..text.words.len(), span: s..end, question_mark: question });
        }
        *first = text.words.len();
    };

    let bytes = answer.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if BYTE_CLASS[usize::from(b)] != 0 {
            // A run of ASCII word bytes, most of any answer, in a tight loop.
            let w = word.get_or_insert(Pending { start: i, classes: 0, ascii: true });
            sentence_start_byte.get_or_insert(i);
            while let Some(class) = bytes.get(i).map(|b| BYTE_CLASS[usize::from(*b)]).filter(|c| *c != 0) {
                w.classes |= class;
                i += 1;
            }
            continue;
        }
        let (c, len) = if b.is_ascii() {
            (char::from(b), 1)
        } else {
            match answer[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        if !c.is_ascii() && (c.is_alphanumeric() || c == '\u{2019}') {
            word.get_or_insert(Pending { start: i, classes: 0, ascii: true }).ascii = false;
            sentence_start_byte.get_or_insert(i);
            i += len;
            continue;
        }
        if let Some(w) = word.take() {
            push_word(&mut text, answer, w, i, &mut starts, quoted);
        }
        match c {
            '.' | '?' | '!' | '\n' => {
                close_sentence(&mut text, &mut sentence_first_word, &mut sentence_start_byte, i + len, c == '?');
                starts = (true, true);
            }
            ',' | ';' | ':' | '(' | ')' | '\u{2014}' | '\u{2013}' => starts.1 = true,
            '"' => quoted = !quoted,
            '\u{201c}' => quoted = true,
            '\u{201d}' => quoted = false,
            _ => {}
        }
        i += len;
    }
    if let Some(w) = word {
        push_word(&mut text, answer, w, answer.len(), &mut starts, quoted);
    }
    close_sentence(&mut text, &mut sentence_first_word, &mut sentence_start_byte, answer.len(), false);
    text
}

fn push_word(text: &mut Text, answer: &str, word: Pending, end: usize, starts: &mut (bool, bool), quoted: bool) {
    text.word_count += 1;
    let span = word.start..end;
    let raw = &answer[span.clone()];
    let (lowered, caps, apostrophe, digit) = if word.ascii {
        // Most words: no character decoding, lowered only when they have a capital.
        let flags = word.classes;
        let caps = flags & LOWER == 0 && raw.bytes().filter(u8::is_ascii_uppercase).count() >= 3;
        let lowered = if flags & UPPER == 0 { short(raw) } else { lowered_ascii(raw) };
        (lowered, caps, flags & APOSTROPHE != 0, flags & DIGIT != 0)
    } else {
        // One pass: lower case with straight apostrophes.
        let (mut letters, mut lower, mut apostrophe) = (0, false, false);
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
        let digit = lowered.bytes().any(|b| b.is_ascii_digit());
        (SmolStr::new(lowered), letters >= 3 && !lower, apostrophe, digit)
    };
    let mut push = |word: SmolStr, digit: bool, starts: &mut (bool, bool)| {
        if word.is_empty() {
            return;
        }
        let number = digit || is_number_word(&word);
        let key = word_key(&word);
        text.words.push(Word { text: word, span: span.clone(), sentence_start: starts.0, clause_start: starts.1, quoted, number, caps, key });
        *starts = (false, false);
    };
    if apostrophe {
        let (first, second) = expand_contraction(lowered.trim_matches('\''));
        push(short(first), digit, starts);
        if let Some(second) = second {
            push(SmolStr::new_inline(second), false, starts);
        }
    } else {
        push(lowered, digit, starts);
    }
}

/// A word as a [`SmolStr`]: copied byte by byte when it fits inline (most words are a few
/// bytes, and a call to `memcpy` costs more than the copy).
fn short(word: &str) -> SmolStr {
    if word.len() <= INLINE {
        SmolStr::new_inline(word)
    } else {
        SmolStr::new(word)
    }
}

/// The longest word kept inline by [`SmolStr`].
const INLINE: usize = 23;

/// An ASCII word in lower case, lowered on the stack when it fits inline.
fn lowered_ascii(word: &str) -> SmolStr {
    let mut buf = [0u8; INLINE];
    match buf.get_mut(..word.len()) {
        Some(short) => {
            short.copy_from_slice(word.as_bytes());
            short.make_ascii_lowercase();
            // Lowering ASCII keeps it ASCII, so this is always Ok.
            std::str::from_utf8(short).map_or_else(|_| SmolStr::new(word.to_ascii_lowercase()), SmolStr::new_inline)
        }
        None => SmolStr::new(word.to_ascii_lowercase()),
    }
}

/// Spells out an English contraction so "I'll" and "I will" match the same phrase: the word
/// itself, or its stem and what the ending stands for.
fn expand_contraction(word: &str) -> (&str, Option<&'static str>) {
    let whole = match word {
        "can't" | "cannot" => Some(("can", "not")),
        "won't" => Some(("will", "not")),
        "shan't" => Some(("shall", "not")),
        "i'm" => Some(("i", "am")),
        "let's" => Some(("let", "us")),
        "ain't" => Some(("is", "not")),
        _ => None,
    };
    if let Some((first, second)) = whole {
        return (first, Some(second));
    }
    for (suffix, expansion) in
        [("n't", "not"), ("'ll", "will"), ("'re", "are"), ("'ve", "have"), ("'d", "would"), ("'m", "am")]
    {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (stem, Some(expansion));
            }
        }
    }
    // "it's", "that's", "there's": the 's is "is" after these pronouns; elsewhere a possessive.
    if let Some(stem) = word.strip_suffix("'s") {
        if matches!(stem, "it" | "that" | "there" | "what" | "he" | "she" | "who" | "here" | "where" | "how") {
            return (stem, Some("is"));
        }
        return (stem, None);
    }
    (word, None)
}

/// Normalised words of a phrase or answer, for comparisons ("I'll" -> ["i", "will"]).
pub fn normalised(text: &str) -> Vec<String> {
    split(text).words.into_iter().map(|w| w.text.into()).collect()
}

/// `n` of something, as a person writes it: "1 answer", "3 answers" (`noun` takes an "s").
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Number of words in the answer as a person would count them (contractions count once).
pub fn word_count(answer: &str) -> usize {
    split(answer).word_count
}

/// Text made safe inside HTML, SVG or XML, as element content or an attribute value.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text cut to `chars` characters, an ellipsis marking the cut (captions in a drawing, a
/// table's column).
pub fn clip(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars { text.to_string() } else { format!("{}…", text.chars().take(chars.saturating_sub(1)).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!((counted(1, "answer"), counted(0, "answer"), counted(3, "attempt")), ("1 answer".into(), "0 answers".into(), "3 attempts".into()));
    }

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
