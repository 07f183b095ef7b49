//! A scenario's branch graph drawn for people: Graphviz DOT, Mermaid, or an SVG laid out here
//! (no Graphviz needed). Nodes show their id and the customer's first line (a node that takes
//! the trainee's own words says so), endings are coloured by outcome, and each arrow is labelled
//! with the answers that take it and their points: `1 +2P +3E +1R` is choice 1 earning 2
//! patience, 3 empathy and 1 resolution; `r2` is free-text route 2, `fb` the fallback. A loop's
//! closing answer is dashed. A path (a session's answers) can be drawn highlighted.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::explore::{AnswerRef, Graph, Target};
use super::model::{Outcome, Scenario};
use crate::vocab::text::{clip, escape_markup as xml};
use crate::vocab::{Dimension, Points};

/// A box of the drawing: a node or an ending, where it goes, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Which node or ending.
    pub target: Target,
    /// Its id.
    pub id: String,
    /// What it says under the id: the customer's first line, or the ending's outcome.
    pub caption: String,
    /// Whether the node takes the trainee's own words.
    pub free_text: bool,
    /// The ending's outcome (None for a node).
    pub outcome: Option<Outcome>,
    /// Whether the start reaches it.
    pub reachable: bool,
    /// Column (0: the start) and row in it.
    pub column: usize,
    /// Row within the column.
    pub row: usize,
}

/// An arrow: every answer from one box to another, with their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    /// Index of the box it leaves (in [`Layout::boxes`]).
    pub from: usize,
    /// Index of the box it reaches.
    pub to: usize,
    /// One label per answer, e.g. `1 +2P +3E`.
    pub labels: Vec<String>,
    /// It closes a loop (leads back to a node on the way here).
    pub closes_loop: bool,
    /// One of its answers is on the highlighted path.
    pub highlighted: bool,
}

/// The graph as boxes in columns and arrows between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Nodes, then endings, in the scenario's order.
    pub boxes: Vec<Placed>,
    /// Arrows in the order of the nodes' answers.
    pub arrows: Vec<Arrow>,
    /// Columns used.
    pub columns: usize,
    /// Most rows in a column.
    pub rows: usize,
}

/// A short label for an answer: `1` (choice 1), `r2` (route 2), `fb` (the fallback).
pub fn answer_label(answer: AnswerRef) -> String {
    match answer {
        AnswerRef::Choice(i) => format!("{}", i + 1),
        AnswerRef::Route(i) => format!("r{}", i + 1),
        AnswerRef::Fallback => "fb".to_string(),
    }
}

/// Points in a few characters: `+2P +3E -1C`; empty when all are 0.
pub fn points_label(p: Points) -> String {
    Dimension::ALL
        .iter()
        .filter(|d| p.get(**d) != 0)
        .map(|d| format!("{:+}{}", p.get(*d), d.name()[..1].to_uppercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Node `n`'s box: its id and the customer's first line there.
fn node_box(sc: &Scenario, n: usize, reachable: bool, column: usize, row: usize) -> Placed {
    let node = &sc.nodes[n];
    Placed {
        target: Target::Node(n),
        id: node.id.clone(),
        caption: node.lines.first().map_or(String::new(), |l| l.text.clone()),
        free_text: node.free_text.is_some(),
        outcome: None,
        reachable,
        column,
        row,
    }
}

/// Lays the graph out: a node's column is the longest run of answers from the start to it
/// (loops not taken), so every arrow but a loop's goes rightwards; endings take the last column;
/// nodes the start never reaches take one after that.
pub fn layout(sc: &Scenario, path: &[(usize, AnswerRef)]) -> Layout {
    let graph = Graph::new(sc);
    let dag = graph.dag();
    let reach = graph.reachable();
    let nodes = sc.nodes.len();
    let mut column = vec![0usize; nodes];
    for &n in &dag.order {
        for step in &dag.steps[n] {
            if let Target::Node(m) = step.to {
                column[m] = column[m].max(column[n] + 1);
            }
        }
    }
    let last = dag.order.iter().map(|n| column[*n]).max().map_or(0, |c| c + 1);
    let mut rows_in: BTreeMap<usize, usize> = BTreeMap::new();
    let mut place = |c: usize| {
        let r = rows_in.entry(c).or_insert(0);
        *r += 1;
        *r - 1
    };
    // Rows: column by column, each node goes by the mean row of the nodes that lead to it
    // (fewer crossings), ties in the file's order.
    let mut row_of = vec![0f64; nodes];
    let mut order: Vec<usize> = dag.order.clone();
    order.sort_by_key(|n| column[*n]);
    let mut boxes = Vec::new();
    for c in 0..last {
        let mut here: Vec<(f64, usize)> = order
            .iter()
            .filter(|n| column[**n] == c)
            .map(|&n| {
                let before: Vec<f64> = dag.order.iter().filter(|m| dag.steps[**m].iter().any(|s| s.to == Target::Node(n))).map(|m| row_of[*m]).collect();
                let mean = if before.is_empty() { 0.0 } else { before.iter().sum::<f64>() / before.len() as f64 };
                (mean, n)
            })
            .collect();
        here.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, n) in here {
            let row = place(c);
            row_of[n] = row as f64;
            boxes.push((n, node_box(sc, n, true, c, row)));
        }
    }
    for (e, ending) in sc.endings.iter().enumerate() {
        boxes.push((nodes + e, Placed {
            target: Target::Ending(e),
            id: ending.id.clone(),
            caption: format!("{:?}", ending.outcome),
            free_text: false,
            outcome: Some(ending.outcome),
            reachable: reach.endings[e],
            column: last,
            row: place(last),
        }));
    }
    for n in (0..nodes).filter(|n| !reach.nodes[*n]) {
        boxes.push((n, node_box(sc, n, false, last + 1, place(last + 1))));
    }
    // Boxes in the scenario's order: nodes, then endings.
    boxes.sort_by_key(|(key, _)| *key);
    let boxes: Vec<Placed> = boxes.into_iter().map(|(_, b)| b).collect();
    let index_of = |t: Target| boxes.iter().position(|b| b.target == t);

    let loops: Vec<(usize, AnswerRef)> = dag.loops.clone();
    let mut arrows: Vec<Arrow> = Vec::new();
    for (n, node) in sc.nodes.iter().enumerate() {
        for (answer, effect) in super::explore::answers(node) {
            let (Some(from), Some(to)) = (index_of(Target::Node(n)), graph.resolve(effect.next).and_then(index_of)) else { continue };
            let label = [answer_label(answer), points_label(effect.points)].join(" ").trim().to_string();
            let closes_loop = loops.contains(&(n, answer));
            let on_path = path.contains(&(n, answer));
            match arrows.iter_mut().find(|a| a.from == from && a.to == to && a.closes_loop == closes_loop) {
                Some(a) => {
                    a.labels.push(label);
                    a.highlighted |= on_path;
                }
                None => arrows.push(Arrow { from, to, labels: vec![label], closes_loop, highlighted: on_path }),
            }
        }
    }
    let columns = boxes.iter().map(|b| b.column + 1).max().unwrap_or(0);
    let rows = boxes.iter().map(|b| b.row + 1).max().unwrap_or(0);
    Layout { boxes, arrows, columns, rows }
}

/// An ending's colour, by outcome (as `#rrggbb`).
pub fn outcome_colour(o: Outcome) -> &'static str {
    match o {
        Outcome::Resolved => "#2e8b57",
        Outcome::Escalated => "#c98a1b",
        Outcome::HungUp => "#c0392b",
        Outcome::Unresolved => "#7f8c8d",
    }
}

/// Graphviz DOT: `dot -Tsvg` draws it.
pub fn dot(sc: &Scenario, path: &[(usize, AnswerRef)]) -> String {
    let l = layout(sc, path);
    // A DOT string: quotes and backslashes escaped, line breaks as DOT's `\n`.
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"));
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", q(&sc.id));
    let _ = writeln!(out, "  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f6fb\", fontname=\"DejaVu Sans\", fontsize=10];\n  edge [fontname=\"DejaVu Sans\", fontsize=9];");
    for b in &l.boxes {
        let mut attrs = vec![format!("label={}", q(&format!("{}\n{}", b.id, clip(&b.caption, 40))))];
        if let Some(o) = b.outcome {
            attrs.push(format!("shape=octagon, fillcolor=\"{}\", fontcolor=white", outcome_colour(o)));
        } else if b.free_text {
            attrs.push("peripheries=2".to_string());
        }
        if !b.reachable {
            attrs.push("style=\"rounded,dashed\"".to_string());
        }
        let _ = writeln!(out, "  {} [{}];", q(&b.id), attrs.join(", "));
    }
    for a in &l.arrows {
        let mut attrs = vec![format!("label={}", q(&a.labels.join("\n")))];
        if a.closes_loop {
            attrs.push("style=dashed, constraint=false".to_string());
        }
        if a.highlighted {
            attrs.push("color=\"#3867d6\", penwidth=3".to_string());
        }
        let _ = writeln!(out, "  {} -> {} [{}];", q(&l.boxes[a.from].id), q(&l.boxes[a.to].id), attrs.join(", "));
    }
    out.push_str("}\n");
    out
}

/// Mermaid (`flowchart LR`), which GitHub and many wikis draw.
pub fn mermaid(sc: &Scenario, path: &[(usize, AnswerRef)]) -> String {
    let l = layout(sc, path);
    // Mermaid ids must be plain; labels are quoted with `"` written as `#quot;`.
    let id = |i: usize| format!("b{i}");
    let q = |s: &str| s.replace('"', "#quot;");
    let mut out = String::from("flowchart LR\n");
    for (i, b) in l.boxes.iter().enumerate() {
        let label = q(&format!("{}<br/>{}", b.id, clip(&b.caption, 40)));
        let _ = match b.outcome {
            Some(_) => writeln!(out, "  {}([\"{label}\"])", id(i)),
            None => writeln!(out, "  {}[\"{label}\"]", id(i)),
        };
    }
    let mut highlighted = Vec::new();
    for (k, a) in l.arrows.iter().enumerate() {
        let arrow = if a.closes_loop { "-.->" } else { "-->" };
        let _ = writeln!(out, "  {} {arrow}|\"{}\"| {}", id(a.from), q(&a.labels.join("; ")), id(a.to));
        if a.highlighted {
            highlighted.push(k.to_string());
        }
    }
    for (i, b) in l.boxes.iter().enumerate() {
        if let Some(o) = b.outcome {
            let _ = writeln!(out, "  style {} fill:{},color:#fff", id(i), outcome_colour(o));
        }
    }
    if !highlighted.is_empty() {
        let _ = writeln!(out, "  linkStyle {} stroke:#3867d6,stroke-width:3px", highlighted.join(","));
    }
    out
}

/// Sizes of the drawing, in pixels.
pub const BOX_W: f64 = 190.0;
/// A box's height.
pub const BOX_H: f64 = 58.0;
const COL_GAP: f64 = 120.0;
const ROW_GAP: f64 = 36.0;
const MARGIN: f64 = 24.0;
/// Room for the title above the boxes.
const TITLE: f64 = 18.0;

/// The shape of an arrow's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Two points, to the next column: an S-curve between them.
    Next,
    /// Four points: down into a lane under the columns it passes, along it, and up again.
    Lane,
    /// Four points: a loop back, under the boxes (the middle two are a curve's handles).
    Back,
}

/// An arrow placed: its points, shape and where its label goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// From the box it leaves to the box it reaches.
    pub points: Vec<(f64, f64)>,
    /// How to draw between the points.
    pub shape: Shape,
    /// Where the label starts (or its middle, for a loop).
    pub label: (f64, f64),
}

/// The graph placed on a page: each box's top-left corner, each arrow's line, the page's size.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// What is drawn.
    pub layout: Layout,
    /// Per box (as `layout.boxes`), its top-left corner.
    pub corners: Vec<(f64, f64)>,
    /// Per arrow (as `layout.arrows`), its line.
    pub lines: Vec<Line>,
    /// The page's width.
    pub width: f64,
    /// The page's height.
    pub height: f64,
}

/// Places the layout on a page. An arrow that skips columns runs in a lane under the boxes of
/// the columns it passes, so it never crosses a box; each such arrow takes the next free lane.
pub fn drawing(sc: &Scenario, path: &[(usize, AnswerRef)]) -> Drawing {
    let l = layout(sc, path);
    let corner = |b: &Placed| (MARGIN + b.column as f64 * (BOX_W + COL_GAP), MARGIN + TITLE + b.row as f64 * (BOX_H + ROW_GAP));
    let corners: Vec<(f64, f64)> = l.boxes.iter().map(corner).collect();
    let mut lane_free: Vec<f64> = (0..l.columns)
        .map(|c| {
            let rows = l.boxes.iter().filter(|b| b.column == c).count();
            MARGIN + TITLE + rows as f64 * (BOX_H + ROW_GAP) - ROW_GAP / 2.0
        })
        .collect();
    let mut lowest: f64 = 0.0;
    let mut lines = Vec::new();
    for a in &l.arrows {
        let (f, t) = (&l.boxes[a.from], &l.boxes[a.to]);
        let ((fx, fy), (tx, ty)) = (corners[a.from], corners[a.to]);
        let line = if a.closes_loop || t.column <= f.column {
            let (x1, y1) = (fx + BOX_W / 2.0, fy + BOX_H);
            let (x2, y2) = (tx + BOX_W / 2.0, ty + BOX_H);
            let dip = y1.max(y2) + ROW_GAP * 0.9;
            lowest = lowest.max(dip);
            Line { points: vec![(x1, y1), (x1, dip), (x2, dip), (x2, y2)], shape: Shape::Back, label: ((x1 + x2) / 2.0, dip - 2.0) }
        } else if t.column == f.column + 1 {
            let (x1, y1) = (fx + BOX_W, fy + BOX_H / 2.0);
            let (x2, y2) = (tx, ty + BOX_H / 2.0);
            Line { points: vec![(x1, y1), (x2, y2)], shape: Shape::Next, label: (x1 + 6.0, y1 + (y2 - y1) * 0.12 - 4.0) }
        } else {
            let passed = f.column + 1..t.column;
            let lane = passed.clone().map(|c| lane_free[c]).fold(0.0, f64::max);
            for c in passed {
                lane_free[c] = lane + 16.0;
            }
            lowest = lowest.max(lane);
            let (x1, y1) = (fx + BOX_W, fy + BOX_H / 2.0);
            let (x2, y2) = (tx, ty + BOX_H / 2.0);
            let (in1, in2) = (x1 + COL_GAP / 2.0, x2 - COL_GAP / 2.0);
            Line { points: vec![(x1, y1), (in1, lane), (in2, lane), (x2, y2)], shape: Shape::Lane, label: (in1 + 6.0, lane - 3.0) }
        };
        lines.push(line);
    }
    let width = MARGIN * 2.0 + l.columns as f64 * (BOX_W + COL_GAP) - COL_GAP;
    let boxes_end = MARGIN + TITLE + l.rows as f64 * (BOX_H + ROW_GAP);
    let height = boxes_end.max(lowest + 16.0) + MARGIN + 14.0;
    Drawing { layout: l, corners, lines, width, height }
}

/// An SVG path for a line.
fn svg_path(line: &Line) -> String {
    let p = &line.points;
    match line.shape {
        Shape::Next => {
            let ((x1, y1), (x2, y2)) = (p[0], p[1]);
            let bend = (x2 - x1) / 2.0;
            format!("M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}", x1 + bend, x2 - bend)
        }
        Shape::Back => format!("M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", p[0].0, p[0].1, p[1].0, p[1].1, p[2].0, p[2].1, p[3].0, p[3].1),
        Shape::Lane => {
            let ((x1, y1), (in1, lane), (in2, _), (x2, y2)) = (p[0], p[1], p[2], p[3]);
            format!("M{x1:.1},{y1:.1} C{in1:.1},{y1:.1} {x1:.1},{lane:.1} {in1:.1},{lane:.1} L{in2:.1},{lane:.1} C{x2:.1},{lane:.1} {in2:.1},{y2:.1} {x2:.1},{y2:.1}")
        }
    }
}

/// A self-contained SVG of [`drawing`]: no Graphviz needed.
pub fn svg(sc: &Scenario, path: &[(usize, AnswerRef)]) -> String {
    let d = drawing(sc, path);
    let (width, height) = (d.width, d.height);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" font-family=\"DejaVu Sans, sans-serif\" role=\"img\" aria-label=\"branch graph of {}\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
        xml(&sc.id)
    );
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#7a8194\"/></marker>\
<marker id=\"arrow-hi\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#3867d6\"/></marker></defs>\n");
    let _ = writeln!(out, "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" fill=\"#1f2430\">{}</text>", MARGIN + 4.0, xml(&sc.title));
    // Arrows first, so boxes sit on top of their ends.
    for (a, line) in d.layout.arrows.iter().zip(&d.lines) {
        let (colour, wide, marker) = if a.highlighted { ("#3867d6", 3.0, "arrow-hi") } else { ("#7a8194", 1.3, "arrow") };
        let dash = if a.closes_loop { " stroke-dasharray=\"5 4\"" } else { "" };
        let anchor = if line.shape == Shape::Back { "middle" } else { "start" };
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{wide}\"{dash} marker-end=\"url(#{marker})\"><title>{}</title></path>",
            svg_path(line),
            xml(&a.labels.join("; "))
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"{colour}\" text-anchor=\"{anchor}\">{}</text>",
            line.label.0,
            line.label.1,
            xml(&clip(&a.labels.join("; "), 30))
        );
    }
    for (b, &(bx, by)) in d.layout.boxes.iter().zip(&d.corners) {
        let (fill, ink, stroke) = match b.outcome {
            Some(o) => (outcome_colour(o), "#ffffff", outcome_colour(o)),
            None => ("#f4f6fb", "#1f2430", "#aab2c5"),
        };
        let dash = if b.reachable { "" } else { " stroke-dasharray=\"4 3\" opacity=\"0.6\"" };
        let double = if b.free_text {
            format!("<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"10\" fill=\"none\" stroke=\"{stroke}\"/>", bx - 3.0, by - 3.0, BOX_W + 6.0, BOX_H + 6.0)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<g>{double}<rect x=\"{bx:.1}\" y=\"{by:.1}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\"{dash}/>\
<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" fill=\"{ink}\">{}</text>\
<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9.5\" fill=\"{ink}\">{}</text><title>{}</title></g>",
            bx + 10.0,
            by + 22.0,
            xml(&clip(&b.id, 24)),
            bx + 10.0,
            by + 42.0,
            xml(&clip(&b.caption, 32)),
            xml(&b.caption)
        );
    }
    let _ = writeln!(out, "<text x=\"{MARGIN}\" y=\"{:.0}\" font-size=\"9.5\" fill=\"#5b6275\">{}</text>", height - MARGIN + 6.0, xml(KEY));
    out.push_str("</svg>\n");
    out
}

/// What the drawing's marks mean, for its foot.
pub const KEY: &str = "1, 2: choices · r1: own-words route · fb: fallback · P E C R: patience, empathy, clarification, resolution · double border: takes own words · dashed: closes a loop";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;
    use std::path::Path;

    const LOOPED: &str = r#"Scenario(format: 1, id: "g", title: "G \"quoted\" <b>", difficulty: Easy,
    customer: (name: "C", persona: Reasonable, anger: 50),
    start: "a",
    nodes: [
        Node(id: "a", lines: [Line(id: "g1", text: "Say \"hi\" & <go>")], choices: [
            Choice(text: "kind", points: (empathy: 3), next: "b"),
            Choice(text: "also kind", points: (patience: 1), next: "b"),
        ]),
        Node(id: "b", lines: [], choices: [
            Choice(text: "fix", points: (resolution: 1), next: "done"),
            Choice(text: "again", points: (patience: -1), next: "a"),
        ], free_text: (routes: [], fallback: (next: "done"))),
        Node(id: "island", lines: [], choices: [Choice(text: "x", next: "done")]),
    ],
    endings: [Ending(id: "done", outcome: Resolved), Ending(id: "gone", outcome: HungUp)],
)"#;

    fn sc() -> Scenario {
        load_str(Path::new("g.ron"), LOOPED).unwrap().scenario
    }

    #[test]
    fn columns_follow_the_longest_run_and_arrows_merge_answers_between_the_same_boxes() {
        let l = layout(&sc(), &[]);
        let col = |id: &str| l.boxes.iter().find(|b| b.id == id).unwrap().column;
        assert_eq!((col("a"), col("b"), col("done"), col("gone"), col("island")), (0, 1, 2, 2, 3));
        assert!(!l.boxes.iter().find(|b| b.id == "island").unwrap().reachable);
        let a_to_b = l.arrows.iter().find(|a| l.boxes[a.from].id == "a" && l.boxes[a.to].id == "b").unwrap();
        assert_eq!(a_to_b.labels, ["1 +3E", "2 +1P"]);
        let back = l.arrows.iter().find(|a| l.boxes[a.from].id == "b" && l.boxes[a.to].id == "a").unwrap();
        assert!(back.closes_loop);
        assert_eq!(back.labels, ["2 -1P"]);
    }

    #[test]
    fn every_format_names_every_node_and_ending_and_escapes_text() {
        let sc = sc();
        let path = [(0, AnswerRef::Choice(0)), (1, AnswerRef::Choice(0))];
        let d = dot(&sc, &path);
        assert!(d.contains("\"a\" -> \"b\" [label=\"1 +3E\\n2 +1P\", color=\"#3867d6\", penwidth=3];"), "{d}");
        assert!(d.contains("Say \\\"hi\\\""), "{d}");
        assert!(d.contains("\"b\" -> \"a\" [label=\"2 -1P\", style=dashed, constraint=false];"), "{d}");
        let m = mermaid(&sc, &path);
        assert!(m.starts_with("flowchart LR\n") && m.contains("#quot;hi#quot;") && m.contains("-.->"), "{m}");
        assert!(m.contains("linkStyle"), "{m}");
        let s = svg(&sc, &path);
        assert!(s.starts_with("<svg") && s.trim_end().ends_with("</svg>"));
        assert!(s.contains("&lt;go&gt;") && !s.contains("<go>"), "text is escaped");
        for id in ["a", "b", "island", "done", "gone"] {
            assert!(s.contains(&format!(">{id}</text>")), "{id} drawn");
        }
        assert!(s.contains("stroke-dasharray=\"5 4\""), "the loop is dashed");
        assert_eq!(s.matches("marker-end=\"url(#arrow-hi)\"").count(), 2, "the path's two arrows are highlighted");
    }
}
