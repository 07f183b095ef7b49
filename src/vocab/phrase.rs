//! Phrase patterns as trainers write them in the rubric and in scenarios (`"i will"`,
//! `"frustrat*"`, `"within # days"`, `"^listen"`), parsed into elements the matcher compiles.

use super::text;

/// One element of a phrase pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Element {
    /// This normalised word.
    Word(String),
    /// Any word starting with this.
    Prefix(String),
    /// Any number.
    Number,
    /// Any one word.
    Any,
}

/// A parsed phrase: `"i will"`, `"frustrat*"`, `"within # days"`, `"^listen"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The words and wildcards, in order.
    pub elements: Vec<Element>,
    /// Only at the start of a sentence.
    pub sentence_start: bool,
}

impl Pattern {
    /// Parses a phrase; the error says what is wrong with it.
    pub fn parse(phrase: &str) -> Result<Pattern, String> {
        let mut rest = phrase.trim();
        let sentence_start = rest.starts_with('^');
        if sentence_start {
            rest = &rest[1..];
        }
        let mut elements = Vec::new();
        for piece in rest.split_whitespace() {
            if piece == "#" {
                elements.push(Element::Number);
                continue;
            }
            if piece == "*" {
                if elements.is_empty() {
                    return Err("a phrase cannot start with `*`: start it with a word".to_string());
                }
                elements.push(Element::Any);
                continue;
            }
            let (stem, prefix) = match piece.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (piece, false),
            };
            if stem.contains(['*', '^', '#']) {
                return Err(format!("`{piece}`: `*` goes only at the end of a word, `^` only at the start of the phrase, `#` stands alone"));
            }
            let words = text::normalised(stem);
            if words.is_empty() {
                return Err(format!("`{piece}` has no letters or digits to match"));
            }
            let last = words.len() - 1;
            for (i, w) in words.into_iter().enumerate() {
                elements.push(if prefix && i == last { Element::Prefix(w) } else { Element::Word(w) });
            }
        }
        if elements.is_empty() {
            return Err("the phrase is empty".to_string());
        }
        Ok(Pattern { elements, sentence_start })
    }
}

/// How phrases are written, for errors about them.
pub const PHRASE_HELP: &str = "a phrase is words separated by spaces; `word*` matches a prefix, `*` any one word, \
     `#` a number, `^` the start of a sentence";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_parse_prefixes_numbers_and_sentence_starts() {
        let p = Pattern::parse("^I'll refund* # euros").unwrap();
        assert!(p.sentence_start);
        assert_eq!(
            p.elements,
            [
                Element::Word("i".into()),
                Element::Word("will".into()),
                Element::Prefix("refund".into()),
                Element::Number,
                Element::Word("euros".into())
            ]
        );
        assert!(Pattern::parse("fr*ustrated").is_err());
        assert_eq!(Pattern::parse("call * back").unwrap().elements[1], Element::Any);
        assert!(Pattern::parse("* back").is_err());
        assert!(Pattern::parse("  ").is_err());
    }
}
