//! Fast phrase matching over normalised words. Every word in any phrase gets a number once, when
//! the rubric is compiled; an answer's words are looked up once each, and phrases are tried only
//! where their first word occurs. This keeps scoring in the microseconds per answer.

use crate::hash::FastMap;

use crate::vocab::{Element, Pattern};
use super::text::{word_key, Word};

const NONE: u32 = u32::MAX;


/// Word numbering shared by every phrase set of a scorer.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// Whole words by their key ([`word_key`]): an answer's words are looked up without hashing
    /// their text again (64-bit keys of a few thousand words do not collide in practice).
    exact: FastMap<u64, u32>,
    /// Prefix patterns of two bytes or more by their first two bytes, longest first, so a word
    /// takes the most specific one; a word looks at one short list.
    prefixes: FastMap<u16, Vec<(String, u32)>>,
    /// One-byte prefix patterns.
    short_prefixes: Vec<(String, u32)>,
    next: u32,
}

/// How a word of an answer relates to the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordClass {
    exact: u32,
    prefix: u32,
    number: bool,
}

/// One element of a compiled phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Exact(u32),
    Prefix(u32),
    Number,
    Any,
}

impl Vocab {
    fn key(&mut self, element: &Element) -> Key {
        match element {
            Element::Word(w) => Key::Exact(self.intern(w, false)),
            Element::Prefix(p) => Key::Prefix(self.intern(p, true)),
            Element::Number => Key::Number,
            Element::Any => Key::Any,
        }
    }

    fn intern(&mut self, word: &str, prefix: bool) -> u32 {
        if prefix {
            let bucket = match two_bytes(word) {
                Some(key) => self.prefixes.entry(key).or_default(),
                None => &mut self.short_prefixes,
            };
            if let Some((_, id)) = bucket.iter().find(|(p, _)| p == word) {
                return *id;
            }
            let id = self.next;
            self.next += 1;
            bucket.push((word.to_string(), id));
            bucket.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
            id
        } else {
            let next = &mut self.next;
            *self.exact.entry(word_key(word)).or_insert_with(|| {
                *next += 1;
                *next - 1
            })
        }
    }

    /// Looks each word of an answer up once.
    pub fn classify(&self, words: &[Word]) -> Vec<WordClass> {
        words
            .iter()
            .map(|w| WordClass {
                exact: self.exact.get(&w.key).copied().unwrap_or(NONE),
                prefix: two_bytes(&w.text)
                    .and_then(|key| self.prefixes.get(&key))
                    .and_then(|bucket| bucket.iter().find(|(p, _)| w.text.starts_with(p.as_str())))
                    .or_else(|| self.short_prefixes.iter().find(|(p, _)| w.text.starts_with(p.as_str())))
                    .map_or(NONE, |(_, id)| *id),
                number: w.number,
            })
            .collect()
    }
}

/// The first two bytes of a word, as a bucket key.
fn two_bytes(word: &str) -> Option<u16> {
    match word.as_bytes() {
        [a, b, ..] => Some(u16::from_le_bytes([*a, *b])),
        _ => None,
    }
}

impl WordClass {
    fn fits(&self, key: Key) -> bool {
        match key {
            Key::Exact(id) => self.exact == id,
            Key::Prefix(id) => self.prefix == id,
            Key::Number => self.number,
            Key::Any => true,
        }
    }
}

/// A phrase match: which tag, over which words (`start..end`, word indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<T> {
    pub tag: T,
    pub start: usize,
    pub end: usize,
}

struct Entry<T> {
    keys: Vec<Key>,
    sentence_start: bool,
    tag: T,
}

/// A compiled set of tagged phrases.
pub struct PhraseSet<T> {
    entries: Vec<Entry<T>>,
    /// Phrases by their first key: a word's or prefix's vocabulary number indexes this list
    /// directly (no hashing), and `Number` has its own.
    by_first: Vec<Vec<usize>>,
    by_first_number: Vec<usize>,
    /// The same phrases by their first two keys (one-word phrases under `Key::Any`), for words
    /// that start many phrases ("i", "you"): a lookup instead of a scan.
    by_pair: FastMap<(Key, Key), Vec<usize>>,
}

/// A first word that starts more phrases than this is looked up by pair, not scanned.
const SCAN_AT_MOST: usize = 8;

impl<T: Copy> PhraseSet<T> {
    pub fn new() -> Self {
        PhraseSet { entries: Vec::new(), by_first: Vec::new(), by_first_number: Vec::new(), by_pair: FastMap::default() }
    }

    /// Adds a phrase; earlier phrases win ties of equal length.
    pub fn add(&mut self, vocab: &mut Vocab, pattern: &Pattern, tag: T) {
        let keys: Vec<Key> = pattern.elements.iter().map(|e| vocab.key(e)).collect();
        let index = self.entries.len();
        self.entries.push(Entry { keys, sentence_start: pattern.sentence_start, tag });
        // Each list is kept in the order `longest` prefers (longest, then sentence-start, then
        // added first), so the first phrase that fits is the best one from that list.
        let entries = &self.entries;
        let rank = |e: usize| (std::cmp::Reverse(entries[e].keys.len()), std::cmp::Reverse(entries[e].sentence_start), e);
        let keys = &entries[index].keys;
        let pair = (keys[0], keys.get(1).copied().unwrap_or(Key::Any));
        let list = match keys[0] {
            Key::Exact(id) | Key::Prefix(id) => {
                let id = id as usize;
                if self.by_first.len() <= id {
                    self.by_first.resize_with(id + 1, Vec::new);
                }
                &mut self.by_first[id]
            }
            Key::Number => &mut self.by_first_number,
            // `Pattern::parse` refuses a phrase that starts with `*`.
            Key::Any => return,
        };
        let at = list.partition_point(|&e| rank(e) < rank(index));
        list.insert(at, index);
        let list = self.by_pair.entry(pair).or_default();
        let at = list.partition_point(|&e| rank(e) < rank(index));
        list.insert(at, index);
    }

    /// Whether entry `e` matches starting at word `i`; its end if so.
    fn fits(&self, classes: &[WordClass], words: &[Word], i: usize, e: usize) -> Option<usize> {
        let entry = &self.entries[e];
        if entry.sentence_start && !words[i].sentence_start {
            return None;
        }
        let end = i + entry.keys.len();
        (end <= classes.len() && entry.keys[1..].iter().zip(&classes[i + 1..end]).all(|(k, c)| c.fits(*k))).then_some(end)
    }

    /// The lists of phrases that can start at word `i`, each in `longest`'s order. A first key
    /// that starts many phrases ("i", "you") gives only the phrases whose second key can match
    /// the next word, and its one-word ones (filed under `Any`, with phrases whose second
    /// element is `*`): a lookup instead of a scan.
    fn candidates(&self, classes: &[WordClass], i: usize, mut each: impl FnMut(&[usize])) {
        let c = classes[i];
        let firsts = [
            (c.exact != NONE).then_some(Key::Exact(c.exact)),
            (c.prefix != NONE).then_some(Key::Prefix(c.prefix)),
            c.number.then_some(Key::Number),
        ];
        for first in firsts.into_iter().flatten() {
            let list = match first {
                Key::Exact(id) | Key::Prefix(id) => self.by_first.get(id as usize).map_or(&[][..], Vec::as_slice),
                _ => &self.by_first_number,
            };
            if list.is_empty() {
                continue;
            }
            if list.len() <= SCAN_AT_MOST {
                each(list);
                continue;
            }
            let next = classes.get(i + 1);
            let seconds = [
                next.filter(|n| n.exact != NONE).map(|n| Key::Exact(n.exact)),
                next.filter(|n| n.prefix != NONE).map(|n| Key::Prefix(n.prefix)),
                next.filter(|n| n.number).map(|_| Key::Number),
                Some(Key::Any),
            ];
            for second in seconds.into_iter().flatten() {
                if let Some(sub) = self.by_pair.get(&(first, second)) {
                    each(sub);
                }
            }
        }
    }

    /// The best phrase starting at word `i` (as `longest` ranks them), as (entry, end).
    fn best_at(&self, classes: &[WordClass], words: &[Word], i: usize) -> Option<(usize, usize)> {
        let rank = |(e, end): (usize, usize)| (end, self.entries[e].sentence_start, std::cmp::Reverse(e));
        let mut best: Option<(usize, usize)> = None;
        self.candidates(classes, i, |list| {
            // Each list is in rank order, so its first fit is its best.
            let found = list.iter().find_map(|&e| self.fits(classes, words, i, e).map(|end| (e, end)));
            if let Some(f) = found {
                if best.is_none_or(|b| rank(f) > rank(b)) {
                    best = Some(f);
                }
            }
        });
        best
    }

    /// Leftmost-longest matching: at each word the longest phrase wins and its words are used
    /// up, so "not your fault" is one match, not also "your fault". `skip` words start nothing.
    /// Ties go to a sentence-start phrase, then to the phrase added first.
    pub fn longest(&self, classes: &[WordClass], words: &[Word], skip: impl Fn(&Word) -> bool) -> Vec<Hit<T>> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if skip(&words[i]) {
                i += 1;
                continue;
            }
            // Longest first; at equal length a sentence-start phrase is the more specific.
            match self.best_at(classes, words, i) {
                Some((e, end)) => {
                    hits.push(Hit { tag: self.entries[e].tag, start: i, end });
                    i = end;
                }
                None => i += 1,
            }
        }
        hits
    }

    /// Every match, overlapping or not: in word order, the longest first at each word, then
    /// the phrase added first.
    pub fn all(&self, classes: &[WordClass], words: &[Word]) -> Vec<Hit<T>> {
        let mut found = Vec::new();
        for i in 0..words.len() {
            let from = found.len();
            self.candidates(classes, i, |list| {
                for &e in list {
                    if let Some(end) = self.fits(classes, words, i, e) {
                        found.push((i, std::cmp::Reverse(end), e));
                    }
                }
            });
            found[from..].sort_unstable();
        }
        found.into_iter().map(|(start, end, e)| Hit { tag: self.entries[e].tag, start, end: end.0 }).collect()
    }
}

impl<T: Copy> Default for PhraseSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::text::split;

    fn set(phrases: &[(&str, u8)]) -> (Vocab, PhraseSet<u8>) {
        let mut vocab = Vocab::default();
        let mut set = PhraseSet::new();
        for (p, tag) in phrases {
            set.add(&mut vocab, &Pattern::parse(p).unwrap(), *tag);
        }
        (vocab, set)
    }

    #[test]
    fn longest_match_wins_and_uses_its_words_up() {
        let (vocab, set) = set(&[("your fault", 1), ("not your fault", 2), ("fault", 3)]);
        let words = split("It's not your fault.").words;
        let hits = set.longest(&vocab.classify(&words), &words, |_| false);
        assert_eq!(hits, [Hit { tag: 2, start: 2, end: 5 }]);
    }

    #[test]
    fn prefixes_numbers_and_sentence_starts() {
        let (vocab, set) = set(&[("frustrat*", 1), ("within # days", 2), ("^listen", 3)]);
        let words = split("So frustrating. I'll fix it within 3 days, listen. Listen!").words;
        let tags: Vec<u8> = set.longest(&vocab.classify(&words), &words, |_| false).iter().map(|h| h.tag).collect();
        assert_eq!(tags, [1, 2, 3], "the mid-sentence `listen` does not count");
    }

    #[test]
    fn skipped_words_start_no_match() {
        let (vocab, set) = set(&[("calm down", 1)]);
        let words = split("You said \"calm down\" to me").words;
        assert!(set.longest(&vocab.classify(&words), &words, |w| w.quoted).is_empty());
    }
}
