//! Turning an answer into words the detectors can match: lower case, straight apostrophes,
//! contractions spelled out ("I'll" -> "i will", "can't" -> "can not"). Every word keeps the
//! byte span of the text it came from, so evidence can point at what the trainee wrote.

use std::ops::Range;

/// One normalised word and where it came from in the original answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Range<usize>,
    /// True when the word is the first of a sentence.
    pub sentence_start: bool,
    /// True when the word is the first of a clause (after a comma, colon or sentence end).
    pub clause_start: bool,
}

/// Splits an answer into normalised words.
pub fn words(answer: &str) -> Vec<Word> {
    let mut out = Vec::new();
    // (sentence start, clause start) for the next word.
    let mut starts = (true, true);
    let mut start: Option<usize> = None;
    let flush = |start: usize, end: usize, starts: &mut (bool, bool), out: &mut Vec<Word>| {
        let raw = &answer[start..end];
        let lowered = raw.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
        for part in expand_contraction(lowered.trim_matches('\'')) {
            out.push(Word { text: part, span: start..end, sentence_start: starts.0, clause_start: starts.1 });
            *starts = (false, false);
        }
    };
    for (i, c) in answer.char_indices() {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                flush(s, i, &mut starts, &mut out);
                start = None;
            }
            _ => {}
        }
        if matches!(c, '.' | '?' | '!' | '\n') {
            starts = (true, true);
        } else if matches!(c, ',' | ';' | ':') {
            starts.1 = true;
        }
    }
    if let Some(s) = start {
        flush(s, answer.len(), &mut starts, &mut out);
    }
    out.retain(|w| !w.text.is_empty());
    out
}

/// Spells out an English contraction so "I'll" and "I will" match the same phrase.
fn expand_contraction(word: &str) -> Vec<String> {
    let whole = match word {
        "can't" | "cannot" => Some(["can", "not"]),
        "won't" => Some(["will", "not"]),
        "shan't" => Some(["shall", "not"]),
        "i'm" => Some(["i", "am"]),
        "let's" => Some(["let", "us"]),
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
        if matches!(stem, "it" | "that" | "there" | "what" | "he" | "she" | "who" | "here") {
            return vec![stem.to_string(), "is".to_string()];
        }
        return vec![stem.to_string()];
    }
    vec![word.to_string()]
}

/// Number of words in the answer as a person would count them (contractions count once).
pub fn word_count(answer: &str) -> usize {
    answer.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        words(s).into_iter().map(|w| w.text).collect()
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
        let ws = words(answer);
        assert_eq!(&answer[ws[0].span.clone()], "Sorry");
        assert_eq!(&answer[ws[2].span.clone()], "I'll");
        assert_eq!(ws[2].text, "will");
    }

    #[test]
    fn sentence_starts_are_marked() {
        let ws = words("Fine. Can you tell me more?");
        assert!(ws[0].sentence_start);
        assert!(ws[1].sentence_start);
        assert!(!ws[2].sentence_start);
    }

    #[test]
    fn word_count_counts_contractions_once() {
        assert_eq!(word_count("I'll fix it — today!"), 4);
    }
}
