//! Where each value of a RON file sits, by path (`nodes[2].choices[0].next`).
//!
//! serde forgets positions once a file is parsed, but lint findings must point at the exact
//! text to fix. This is a small RON reader that records the byte span of every value. It only
//! runs on files the real parser has already accepted, so it can be forgiving: on anything it
//! does not understand it stops and later lookups fall back to the whole file.

use std::collections::HashMap;
use std::ops::Range;

/// Byte spans of the values in one RON document, keyed by path.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    spans: HashMap<String, Range<usize>>,
}

impl SourceMap {
    /// Indexes a RON document.
    pub fn index(text: &str) -> Self {
        let mut reader = Reader { text, pos: 0, spans: HashMap::new() };
        reader.skip_trivia();
        // `#![enable(...)]` attributes come before the value.
        while reader.text[reader.pos..].starts_with("#!") {
            match reader.text[reader.pos..].find(']') {
                Some(i) => reader.pos += i + 1,
                None => break,
            }
            reader.skip_trivia();
        }
        let _ = reader.value(String::new());
        SourceMap { spans: reader.spans }
    }

    /// Whether a RON document's value is a struct named `name` (`Assessment(...)`), past any
    /// comments and `#![enable(...)]` attributes: how a file says what it holds.
    pub fn opens_with(text: &str, name: &str) -> bool {
        let mut rest = text;
        loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix("//") {
                rest = after.split_once('\n').map_or("", |(_, r)| r);
            } else if rest.starts_with("#!") {
                rest = rest.split_once(']').map_or("", |(_, r)| r);
            } else {
                return rest.strip_prefix(name).is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'));
            }
        }
    }

    /// The span of the value at `path`, e.g. `nodes[0].lines[1].id`; `""` is the whole document.
    pub fn span(&self, path: &str) -> Option<Range<usize>> {
        self.spans.get(path).cloned()
    }

    /// The span of `path`, or of the closest enclosing value that was recorded.
    pub fn nearest(&self, path: &str) -> Range<usize> {
        let mut p = path;
        loop {
            if let Some(span) = self.spans.get(p) {
                return span.clone();
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return self.spans.get("").cloned().unwrap_or(0..0),
            }
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    spans: HashMap<String, Range<usize>>,
}

/// The reader gave up: the text is not RON it understands.
struct Stop;

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            let skipped = rest.len() - rest.trim_start().len();
            self.pos += skipped;
            let rest = self.rest();
            if rest.starts_with("//") {
                self.pos += rest.find('\n').unwrap_or(rest.len());
            } else if rest.starts_with("/*") {
                self.skip_block_comment();
            } else {
                return;
            }
        }
    }

    /// Block comments nest in RON.
    fn skip_block_comment(&mut self) {
        let mut depth = 0usize;
        while !self.rest().is_empty() {
            if self.rest().starts_with("/*") {
                depth += 1;
                self.pos += 2;
            } else if self.rest().starts_with("*/") {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.bump();
            }
        }
    }

    fn identifier(&mut self) -> Option<&str> {
        let start = self.pos;
        let rest = self.rest();
        let rest = rest.strip_prefix("r#").unwrap_or(rest);
        let skipped = self.rest().len() - rest.len();
        let len: usize = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').map(char::len_utf8).sum();
        if len == 0 {
            return None;
        }
        self.pos += skipped + len;
        Some(&self.text[start + skipped..self.pos])
    }

    /// Reads one value, records its span under `path`, and returns it.
    fn value(&mut self, path: String) -> Result<(), Stop> {
        self.skip_trivia();
        let start = self.pos;
        match self.peek().ok_or(Stop)? {
            '"' => self.string()?,
            'r' if self.rest().starts_with("r\"") || self.rest().starts_with("r#\"") || self.rest().starts_with("r##") => {
                self.raw_string()?
            }
            '\'' => self.char_literal()?,
            '[' => {
                self.bump();
                self.sequence(&path, ']')?;
            }
            '{' => {
                self.bump();
                self.map(&path)?;
            }
            '(' => {
                self.bump();
                self.parenthesised(&path)?;
            }
            c if c.is_alphabetic() || c == '_' => {
                let name = self.identifier().ok_or(Stop)?.to_string();
                self.skip_trivia();
                if self.eat('(') {
                    if name == "Some" {
                        // `Some(x)` is the same value as an implicit `x`: keep the path.
                        self.value(path.clone())?;
                        self.skip_trivia();
                        self.eat(',');
                        self.skip_trivia();
                        if !self.eat(')') {
                            return Err(Stop);
                        }
                    } else {
                        self.parenthesised(&path)?;
                    }
                }
            }
            _ => {
                // Numbers and other scalars: up to the next delimiter.
                let len = self.rest().find([',', ')', ']', '}', '\n']).unwrap_or(self.rest().len());
                self.pos += self.rest()[..len].trim_end().len();
                if len == 0 {
                    return Err(Stop);
                }
            }
        }
        self.spans.insert(path, start..self.pos);
        Ok(())
    }

    fn string(&mut self) -> Result<(), Stop> {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return Ok(()),
                _ => {}
            }
        }
        Err(Stop)
    }

    fn raw_string(&mut self) -> Result<(), Stop> {
        self.bump(); // r
        let hashes = self.rest().chars().take_while(|c| *c == '#').count();
        self.pos += hashes;
        if !self.eat('"') {
            return Err(Stop);
        }
        let close = format!("\"{}", "#".repeat(hashes));
        let end = self.rest().find(&close).ok_or(Stop)?;
        self.pos += end + close.len();
        Ok(())
    }

    fn char_literal(&mut self) -> Result<(), Stop> {
        self.bump();
        if self.bump() == Some('\\') {
            self.bump();
        }
        if self.eat('\'') {
            Ok(())
        } else {
            Err(Stop)
        }
    }

    fn sequence(&mut self, path: &str, close: char) -> Result<(), Stop> {
        let mut index = 0;
        loop {
            self.skip_trivia();
            if self.eat(close) {
                return Ok(());
            }
            self.value(format!("{path}[{index}]"))?;
            index += 1;
            self.skip_trivia();
            if !self.eat(',') {
                self.skip_trivia();
                return if self.eat(close) { Ok(()) } else { Err(Stop) };
            }
        }
    }

    fn map(&mut self, path: &str) -> Result<(), Stop> {
        loop {
            self.skip_trivia();
            if self.eat('}') {
                return Ok(());
            }
            let key_start = self.pos;
            self.value(format!("{path}{{key}}"))?;
            let key = self.text[key_start..self.pos].trim_matches('"').to_string();
            self.skip_trivia();
            if !self.eat(':') {
                return Err(Stop);
            }
            self.value(join(path, &key))?;
            self.skip_trivia();
            if !self.eat(',') {
                self.skip_trivia();
                return if self.eat('}') { Ok(()) } else { Err(Stop) };
            }
        }
    }

    /// After `(`: either struct fields (`name: value, ...`) or tuple items.
    fn parenthesised(&mut self, path: &str) -> Result<(), Stop> {
        self.skip_trivia();
        let save = self.pos;
        let is_struct = self.identifier().is_some() && {
            self.skip_trivia();
            self.rest().starts_with(':') && !self.rest().starts_with("::")
        };
        self.pos = save;
        if !is_struct {
            return self.sequence(path, ')');
        }
        loop {
            self.skip_trivia();
            if self.eat(')') {
                return Ok(());
            }
            let field = self.identifier().ok_or(Stop)?.to_string();
            self.skip_trivia();
            if !self.eat(':') {
                return Err(Stop);
            }
            self.value(join(path, &field))?;
            self.skip_trivia();
            if !self.eat(',') {
                self.skip_trivia();
                return if self.eat(')') { Ok(()) } else { Err(Stop) };
            }
        }
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"#![enable(implicit_some)]
// a comment
Scenario(
    id: "gift", /* block /* nested */ */
    nodes: [
        Node(id: "a", choices: [Choice(text: "Hi, \"you\"", next: "b")]),
        (id: "b", audio: Some("x.wav"), when: All([Has(Question), Mentions(["a", "b"])])),
    ],
    points: (patience: -2),
    raw: r#"x"#,
)"##;

    fn at<'a>(map: &SourceMap, path: &str) -> &'a str {
        let span = map.span(path).unwrap_or_else(|| panic!("no span for {path}"));
        &DOC[span]
    }

    #[test]
    fn records_the_span_of_every_value() {
        let map = SourceMap::index(DOC);
        assert_eq!(at(&map, "id"), "\"gift\"");
        assert_eq!(at(&map, "nodes[0].id"), "\"a\"");
        assert_eq!(at(&map, "nodes[0].choices[0].text"), r#""Hi, \"you\"""#);
        assert_eq!(at(&map, "nodes[0].choices[0].next"), "\"b\"");
        assert_eq!(at(&map, "nodes[1].audio"), "Some(\"x.wav\")");
        assert_eq!(at(&map, "nodes[1].when[0]"), "[Has(Question), Mentions([\"a\", \"b\"])]");
        assert_eq!(at(&map, "points.patience"), "-2");
        assert_eq!(at(&map, "raw"), "r#\"x\"#");
    }

    #[test]
    fn nearest_falls_back_to_the_enclosing_value() {
        let map = SourceMap::index(DOC);
        assert_eq!(&DOC[map.nearest("nodes[0].choices[0].feedback")], "Choice(text: \"Hi, \\\"you\\\"\", next: \"b\")");
        assert_eq!(map.nearest("nothing.here"), map.span("").unwrap());
    }
}
