//! C013 usable ids, C001 an id defined twice in one scenario (nodes and endings share one
//! namespace, since `next` can name either).

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};

use super::Check;

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, sc) = (c.s, &c.s.scenario);
    // C013: ids must be simple so they work as file names and on the command line.
    let mut ids: Vec<(String, &str)> = vec![("id".into(), sc.id.as_str())];
    ids.extend(sc.nodes.iter().enumerate().map(|(i, n)| (format!("nodes[{i}].id"), n.id.as_str())));
    ids.extend(sc.endings.iter().enumerate().map(|(i, e)| (format!("endings[{i}].id"), e.id.as_str())));
    let lines = &c.lines;
    ids.extend(lines.iter().map(|(p, l)| (format!("{p}.id"), l.id.as_str())));
    for (path, id) in &ids {
        if id.is_empty() || !id.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_') {
            out.push(
                s.diagnostic(Code::C013, path, format!("`{id}` is not a usable id"))
                    .with_label("bad id")
                    .with_help("use letters, digits, `-` and `_` only, e.g. `refund-offer`"),
            );
        }
    }

    // C001: nodes and endings share one namespace, since `next` can name either.
    let mut seen: HashMap<&str, String> = HashMap::new();
    let places = sc.nodes.iter().enumerate().map(|(i, n)| (format!("nodes[{i}].id"), n.id.as_str()));
    let places = places.chain(sc.endings.iter().enumerate().map(|(i, e)| (format!("endings[{i}].id"), e.id.as_str())));
    for (path, id) in places {
        if let Some(first) = seen.get(id) {
            let (l, c) = s.source.line_col(s.map().nearest(first).start);
            out.push(
                s.diagnostic(Code::C001, &path, format!("id `{id}` is defined twice"))
                    .with_label("second definition")
                    .with_help(format!("the first is at line {l}, column {c}; rename one of them")),
            );
        } else {
            seen.insert(id, path);
        }
    }
}
