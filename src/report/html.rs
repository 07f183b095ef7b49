//! The HTML report: one self-contained page (inline CSS and SVG, no scripts, no network) that
//! opens anywhere and can be mailed or printed. A person's report shows their progress over
//! attempts, then every session with its dimension bars, mood timeline and annotated
//! transcript; a cohort report ranks people and shows how each dimension spreads.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Filter, Session};
use crate::clock::date;
use crate::engine::{GivenAnswer, Scores};
use crate::scenario::Dimension;

pub use crate::vocab::text::escape_markup as esc;

const STYLE: &str = "
body { font-family: 'DejaVu Sans', system-ui, sans-serif; background: #11141b; color: #e6e9f0; margin: 0; padding: 32px 48px; }
h1 { font-size: 30px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 36px 0 10px; border-bottom: 1px solid #2a3040; padding-bottom: 6px; }
h3 { font-size: 17px; margin: 24px 0 8px; }
.muted { color: #9aa3b5; } .good { color: #5cc98a; } .bad { color: #ec6b6b; }
.cards { display: flex; gap: 14px; flex-wrap: wrap; margin: 18px 0; }
.card { background: #1d212c; border-radius: 10px; padding: 12px 18px; min-width: 130px; }
.card .n { font-size: 26px; font-weight: bold; }
.session { background: #181c25; border-radius: 12px; padding: 6px 22px 18px; margin: 18px 0; }
.row { display: flex; gap: 28px; flex-wrap: wrap; align-items: flex-start; }
table { border-collapse: collapse; margin: 8px 0; } th, td { text-align: left; padding: 6px 12px; border-bottom: 1px solid #2a3040; }
th { color: #9aa3b5; font-weight: normal; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
ol.turns { padding-left: 22px; } ol.turns li { margin: 10px 0; }
.said { font-weight: bold; } ul.reasons { margin: 4px 0; padding-left: 18px; } ul.reasons li { margin: 2px 0; }
.band { display: inline-block; border-radius: 6px; padding: 1px 8px; font-size: 13px; color: #11141b; }
.Gold { background: #f2c94c; } .Silver { background: #c9d1dc; } .Bronze { background: #d49a6a; }
.reviewed { border-left: 3px solid #6fa8ff; padding: 4px 10px; margin: 6px 0; background: #1d212c; }
.review { background: #ec6b6b; color: #11141b; border-radius: 6px; padding: 0 6px; font-size: 12px; }
svg text { fill: #9aa3b5; font-size: 12px; font-family: 'DejaVu Sans', sans-serif; }
a { color: #8ab8ff; } td.signals { min-width: 300px; max-width: 460px; font-size: 13px; }
";

const DIM_COLOURS: [&str; 4] = ["#6fa8ff", "#f28cb1", "#5cc98a", "#f2c94c"];

fn band(b: Option<&str>) -> String {
    b.map_or(String::new(), |b| format!("<span class=\"band {0}\">{0}</span>", esc(b)))
}

/// Horizontal bars, 0-100, one per dimension.
fn dimension_bars(scores: &Scores) -> String {
    let mut svg = String::from("<svg width=\"360\" height=\"112\" role=\"img\" aria-label=\"scores per dimension\">");
    for (i, d) in Dimension::ALL.iter().enumerate() {
        let y = 4 + i * 27;
        let _ = write!(svg, "<text x=\"0\" y=\"{}\">{}</text>", y + 14, d.name());
        let _ = write!(svg, "<rect x=\"100\" y=\"{y}\" width=\"220\" height=\"18\" rx=\"4\" fill=\"#2a3040\"/>");
        match scores.get(*d) {
            Some(v) => {
                let w = f32::from(v) / 100.0 * 220.0;
                let _ = write!(svg, "<rect x=\"100\" y=\"{y}\" width=\"{w:.1}\" height=\"18\" rx=\"4\" fill=\"{}\"/>", DIM_COLOURS[i]);
                let _ = write!(svg, "<text x=\"328\" y=\"{}\">{v}</text>", y + 14);
            }
            None => {
                let _ = write!(svg, "<text x=\"328\" y=\"{}\">n/a</text>", y + 14);
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A line through points (x = index, y = 0-100 value), with dots and value labels.
fn line_chart(values: &[(String, u8)], width: usize, label: &str, colour: &str) -> String {
    let (h, pad) = (150.0f32, 28.0f32);
    let n = values.len().max(2) - 1;
    let x = |i: usize| pad + i as f32 / n as f32 * (width as f32 - 2.0 * pad);
    let y = |v: u8| h - 20.0 - f32::from(v.min(100)) / 100.0 * (h - 40.0);
    let mut svg = format!("<svg width=\"{width}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">", esc(label));
    for grid in [0u8, 50, 100] {
        let _ = write!(svg, "<line x1=\"{pad}\" x2=\"{}\" y1=\"{1:.1}\" y2=\"{1:.1}\" stroke=\"#2a3040\"/>", width as f32 - pad, y(grid));
        let _ = write!(svg, "<text x=\"0\" y=\"{:.1}\">{grid}</text>", y(grid) + 4.0);
    }
    let points: Vec<String> = values.iter().enumerate().map(|(i, (_, v))| format!("{:.1},{:.1}", x(i), y(*v))).collect();
    let _ = write!(svg, "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"/>", points.join(" "));
    for (i, (name, v)) in values.iter().enumerate() {
        let _ = write!(svg, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4.5\" fill=\"{colour}\"><title>{}: {v}</title></circle>", x(i), y(*v), esc(name));
        let _ = write!(svg, "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{v}</text>", x(i), y(*v) - 9.0);
    }
    svg.push_str("</svg>");
    svg
}

/// Anger after each answer (the customer's mood through the call): where it started, then
/// after each turn, as the engine's result records it.
fn mood_timeline(s: &Session) -> String {
    let mood: Vec<u8> = std::iter::once(s.turns.first().map_or(0, |t| t.anger_before)).chain(s.turns.iter().map(|t| t.anger_after)).collect();
    let values: Vec<(String, u8)> = mood.iter().enumerate().map(|(i, a)| (if i == 0 { "start".into() } else { format!("after answer {i}") }, *a)).collect();
    format!("<div><div class=\"muted\">Customer's anger, start to end</div>{}</div>", line_chart(&values, 420, "anger over the call", "#ec6b6b"))
}

fn transcript(s: &Session) -> String {
    let mut out = String::from("<ol class=\"turns\">");
    for t in &s.turns {
        let reviewed = s.reviews.iter().any(|r| r.turn == Some(t.number));
        let review = if t.answer.needs_review() && !reviewed { " <span class=\"review\">needs a reviewer</span>" } else { "" };
        let _ = write!(out, "<li><div class=\"said\">You {} \u{201c}{}\u{201d}{review}</div>", t.answer.verb(), esc(t.answer.text()));
        if let GivenAnswer::Spoken { audio, .. } = &t.answer {
            let _ = write!(out, "<div class=\"muted\">recording: {}</div>", esc(audio));
        }
        out.push_str("<ul class=\"reasons\">");
        for r in &t.reasons {
            let total = r.points.total();
            let class = if total > 0 { "good" } else if total < 0 { "bad" } else { "muted" };
            let _ = write!(out, "<li><span class=\"{class}\">{}</span>: {}</li>", esc(&super::points_in_words(&r.points, |_, text| text.to_string())), esc(&r.why));
        }
        let _ = write!(out, "</ul><div class=\"muted\">mood {} → {}</div>", t.anger_before, t.anger_after);
        if let Some(r) = s.meta.reviewed.as_ref().and_then(|r| r.turns.iter().find(|r| r.number == t.number)) {
            let words = |p: &crate::vocab::Points| super::points_in_words(p, |_, text| text.to_string());
            let by = if r.reviewers == 1 { "1 reviewer".to_string() } else { format!("{} reviewers", r.reviewers) };
            let _ = write!(
                out,
                "<div class=\"reviewed\">Rated by {by}: their consensus stands, {} (the automatic score was {})</div>",
                esc(&words(&r.consensus)),
                esc(&words(&r.automatic))
            );
        }
        out.push_str(&reviews(s.reviews.iter().filter(|r| r.turn == Some(t.number))));
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    out.push_str(&reviews(s.reviews.iter().filter(|r| r.turn.is_none())));
    out
}

fn reviews<'a>(list: impl Iterator<Item = &'a crate::store::Review>) -> String {
    list.map(|r| format!("<div class=\"reviewed\">Reviewed by {} ({}): {}</div>", esc(&r.reviewer), date(r.created_ms), esc(&r.note))).collect()
}

fn session_block(s: &Session) -> String {
    let m = &s.meta;
    let mode = m.mode.name();
    let mut out = format!("<section class=\"session\"><h3>{} <span class=\"muted\">· {} · {mode} · seed {} · session {}</span></h3>", esc(&m.scenario_id), date(m.started_ms), m.seed, m.id);
    match (&m.outcome, m.overall) {
        (Some(outcome), Some(overall)) => {
            let _ = write!(out, "<p>{} · overall <b>{overall}</b> {}</p>", esc(outcome), band(m.band.as_deref()));
            if let Some(r) = &m.reviewed {
                let _ = write!(out, "<p class=\"reviewed\">Reviewed: {}. The scores shown are the reviewers'.</p>", esc(&r.summary()));
            }
        }
        _ => {
            let _ = write!(out, "<p class=\"bad\">Unfinished after {}: resume with <code>cooldown play --resume {}</code></p>", crate::vocab::text::counted(m.turns, "answer"), m.id);
        }
    }
    let _ = write!(out, "<div class=\"row\">{}{}</div>", dimension_bars(&m.scores), mood_timeline(s));
    out.push_str(&transcript(s));
    out.push_str("</section>");
    out
}

fn page(title: &str, body: &str, generated_ms: i64) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title><style>{STYLE}</style></head>\n<body><h1>{t}</h1><div class=\"muted\">cooldown report · generated {} UTC</div>\n{body}\n</body></html>\n",
        date(generated_ms),
        t = esc(title)
    )
}

/// One person's report.
pub fn person(filter: &Filter, sessions: &[Session], generated_ms: i64) -> String {
    let mut body = String::new();
    let complete: Vec<&Session> = sessions.iter().filter(|s| s.meta.is_complete()).collect();
    let best = complete.iter().max_by_key(|s| s.meta.overall);
    let mean = if complete.is_empty() { 0 } else { complete.iter().map(|s| u32::from(s.meta.overall.unwrap_or(0))).sum::<u32>() / complete.len() as u32 };
    let _ = write!(
        body,
        "<div class=\"cards\"><div class=\"card\"><div class=\"muted\">sessions</div><div class=\"n\">{}</div></div><div class=\"card\"><div class=\"muted\">finished</div><div class=\"n\">{}</div></div><div class=\"card\"><div class=\"muted\">mean overall</div><div class=\"n\">{mean}</div></div><div class=\"card\"><div class=\"muted\">best</div><div class=\"n\">{} {}</div></div></div>",
        sessions.len(),
        complete.len(),
        best.and_then(|s| s.meta.overall).map_or("–".into(), |o| o.to_string()),
        band(best.and_then(|s| s.meta.band.as_deref())),
    );
    if complete.len() > 1 {
        body.push_str("<h2>Progress over attempts</h2>");
        let values: Vec<(String, u8)> = complete.iter().map(|s| (format!("{} {}", s.meta.scenario_id, date(s.meta.started_ms)), s.meta.overall.unwrap_or(0))).collect();
        body.push_str(&line_chart(&values, 760, "overall score per attempt", "#6fa8ff"));
        body.push_str(&first_versus_best(&complete));
    }
    if sessions.is_empty() {
        body.push_str("<p>No sessions match.</p>");
    }
    body.push_str("<h2>Sessions</h2>");
    for s in sessions.iter().rev() {
        body.push_str(&session_block(s));
    }
    page(&format!("{}: customer calls", filter.title()), &body, generated_ms)
}

fn first_versus_best(complete: &[&Session]) -> String {
    let mut out = String::from("<table><tr><th>scenario</th><th>attempts</th><th>first</th><th>best</th><th>change</th></tr>");
    for a in super::attempts(complete.iter().map(|s| &s.meta)) {
        let (first, best) = (a.first.overall.unwrap_or(0), a.best.overall.unwrap_or(0));
        let _ = write!(out, "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{first}</td><td class=\"num\">{best}</td><td class=\"num\">{:+}</td></tr>", esc(a.scenario), a.count, a.gain());
    }
    out.push_str("</table>");
    out
}

/// How one dimension spreads over the cohort: people per 10-point bin.
fn distribution(d: Dimension, colour: &str, values: &[u8]) -> String {
    let mut bins = [0usize; 10];
    for v in values {
        bins[(usize::from(*v) / 10).min(9)] += 1;
    }
    let most = bins.iter().copied().max().unwrap_or(0).max(1);
    let (w, h) = (330.0f32, 130.0f32);
    let mut svg = format!("<svg width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{} distribution\"><text x=\"0\" y=\"14\">{}</text>", d.name(), d.name());
    for (i, count) in bins.iter().enumerate() {
        let bar = *count as f32 / most as f32 * (h - 50.0);
        let x = 10.0 + i as f32 * 31.0;
        let _ = write!(svg, "<rect x=\"{x}\" y=\"{:.1}\" width=\"26\" height=\"{bar:.1}\" rx=\"3\" fill=\"{colour}\"/>", h - 22.0 - bar);
        if *count > 0 {
            let _ = write!(svg, "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{count}</text>", x + 13.0, h - 26.0 - bar);
        }
    }
    let _ = write!(svg, "<text x=\"10\" y=\"{}\">0</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">100</text></svg>", h - 6.0, 10.0 + 10.0 * 31.0, h - 6.0);
    svg
}

/// One person's standing in a cohort: means over their finished sessions.
struct Standing<'a> {
    person: &'a str,
    role: &'static str,
    sessions: usize,
    mean: u8,
    dims: [Option<u8>; 4],
    best: &'a Session,
}

fn standings(sessions: &[Session]) -> Vec<Standing<'_>> {
    let mut by_person: BTreeMap<&str, Vec<&Session>> = BTreeMap::new();
    for s in sessions.iter().filter(|s| s.meta.is_complete()) {
        by_person.entry(s.meta.person.as_str()).or_default().push(s);
    }
    let mean = |values: Vec<u8>| (!values.is_empty()).then(|| (values.iter().map(|v| u32::from(*v)).sum::<u32>() as f32 / values.len() as f32).round() as u8);
    let mut out: Vec<Standing<'_>> = by_person
        .into_iter()
        .map(|(person, list)| Standing {
            person,
            role: list[0].meta.role.as_str(),
            sessions: list.len(),
            mean: mean(list.iter().filter_map(|s| s.meta.overall).collect()).unwrap_or(0),
            dims: Dimension::ALL.map(|d| mean(list.iter().filter_map(|s| s.meta.scores.get(d)).collect())),
            best: list.iter().copied().max_by_key(|s| (s.meta.overall, std::cmp::Reverse(s.meta.started_ms))).expect("a non-empty list"),
        })
        .collect();
    out.sort_by(|a, b| b.mean.cmp(&a.mean).then(a.person.cmp(b.person)));
    out
}

/// How far reviewers agree and the scorer with them: a table per dimension, drift and
/// calibration; said plainly when nobody has rated anything yet.
fn agreement_section(a: &super::agreement::Agreement) -> String {
    let mut out = String::from("<h2>Reviewers and the scorer</h2>");
    if a.ratings == 0 {
        out.push_str("<p class=\"muted\">No answer has been rated by a reviewer yet: the scores are the automatic scorer's alone.</p>");
        return out;
    }
    use super::agreement::{coefficient, percent, scorer_figures, shares};
    let _ = write!(
        out,
        "<p>{} ratings of {} answers by {} reviewers. Where an answer is rated, the reviewers' consensus stands in the scores above.</p>",
        a.ratings,
        a.turns,
        a.reviewers.len()
    );
    out.push_str("<table><tr><th>dimension</th><th>answers</th><th>rated twice or more</th><th>alpha</th><th>exact</th><th>within one</th><th>scorer ρ</th><th>scorer within one</th></tr>");
    for d in &a.dimensions {
        let (exact, within) = shares(d.pairwise, "–");
        let (rho, scorer) = scorer_figures(d.scorer, "–");
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{exact}</td><td class=\"num\">{within}</td><td class=\"num\">{rho}</td><td class=\"num\">{scorer}</td></tr>",
            d.dimension.name(),
            d.turns,
            d.shared,
            coefficient(d.alpha, "–")
        );
    }
    out.push_str("</table>");
    if !a.drift.is_empty() {
        out.push_str("<table><tr><th>reviewer</th><th>shared answers</th><th>against the group</th><th>within one</th><th></th></tr>");
        for d in &a.drift {
            let flag = if d.drifting { "<span class=\"bad\">drifting: recalibrate</span>" } else { "" };
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:+.2} levels</td><td class=\"num\">{}</td><td>{flag}</td></tr>",
                esc(&d.rater),
                d.shared,
                d.mean_difference,
                percent(d.within_one)
            );
        }
        out.push_str("</table>");
    }
    if !a.calibration.is_empty() {
        out.push_str("<table><tr><th>reviewer</th><th>calibration ratings</th><th>exact with the lead</th><th>within one</th></tr>");
        for c in &a.calibration {
            let (exact, within) = shares(c.agreement, "–");
            let _ = write!(out, "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{exact}</td><td class=\"num\">{within}</td></tr>", esc(&c.reviewer), c.rated);
        }
        out.push_str("</table>");
    }
    let _ = write!(out, "<p class=\"muted\">{}</p>", esc(&super::agreement::reading_guide()));
    out
}

/// A cohort's report: people ranked by their mean over finished sessions, and the spread on
/// each dimension.
pub fn cohort(filter: &Filter, sessions: &[Session], generated_ms: i64) -> String {
    let ranked = standings(sessions);
    let unfinished = sessions.iter().filter(|s| !s.meta.is_complete()).count();
    let mut body = format!(
        "<div class=\"cards\"><div class=\"card\"><div class=\"muted\">people</div><div class=\"n\">{}</div></div><div class=\"card\"><div class=\"muted\">sessions</div><div class=\"n\">{}</div></div><div class=\"card\"><div class=\"muted\">unfinished</div><div class=\"n\">{unfinished}</div></div></div>",
        ranked.len(),
        sessions.len()
    );
    body.push_str("<h2>Ranking</h2><p class=\"muted\">By the mean overall score of each person's finished sessions; dimensions are means too.</p><table><tr><th>#</th><th>person</th><th>role</th><th>sessions</th><th>mean</th>");
    for d in Dimension::ALL {
        let _ = write!(body, "<th>{}</th>", d.name());
    }
    body.push_str("<th>best</th></tr>");
    for (i, p) in ranked.iter().enumerate() {
        let _ = write!(body, "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\"><b>{}</b></td>", i + 1, esc(p.person), p.role, p.sessions, p.mean);
        for v in p.dims {
            let _ = write!(body, "<td class=\"num\">{}</td>", v.map_or("–".into(), |v| v.to_string()));
        }
        let b = &p.best.meta;
        let _ = write!(body, "<td>{} {} <span class=\"muted\">{}</span></td></tr>", b.overall.unwrap_or(0), band(b.band.as_deref()), esc(&b.scenario_id));
    }
    body.push_str("</table><h2>Distribution per dimension</h2><p class=\"muted\">People per 10-point band of their mean score.</p><div class=\"row\">");
    for (i, d) in Dimension::ALL.iter().enumerate() {
        let values: Vec<u8> = ranked.iter().filter_map(|p| p.dims[i]).collect();
        body.push_str(&distribution(*d, DIM_COLOURS[i], &values));
    }
    body.push_str("</div>");
    body.push_str(&agreement_section(&super::agreement::of(sessions)));
    body.push_str("<h2>Sessions</h2>");
    for s in sessions.iter().rev() {
        let _ = write!(body, "<div class=\"muted\" style=\"margin-top:18px\">{}</div>", esc(&s.meta.person));
        body.push_str(&session_block(s));
    }
    page(&format!("{}: customer calls", filter.title()), &body, generated_ms)
}

/// The hiring team's page for one assessment: the distribution of overall scores with the cut
/// score marked, and every candidate ranked with pass or fail, band, the four dimensions and
/// what awaits a reviewer; each candidate's name and scores link to the evidence: their calls
/// (by invitation code in `evidence`), every answer with the reasons for its points.
pub fn assessment_page(
    title: &str,
    cut: Option<u8>,
    standings: &[crate::assessment::Standing],
    evidence: &std::collections::HashMap<String, Vec<Session>>,
    generated_ms: i64,
) -> String {
    use crate::assessment::Status;
    let mut body = String::new();
    let finished: Vec<u8> = standings.iter().filter(|s| s.status == Status::Finished).filter_map(|s| s.overall).collect();
    let passed = standings.iter().filter(|s| s.pass == Some(true)).count();
    let _ = write!(
        body,
        "<p>{} candidates invited, {} finished, {passed} at or above the cut score{}.</p>",
        standings.len(),
        finished.len(),
        cut.map_or(String::new(), |c| format!(" ({c} overall)"))
    );
    // Overall scores in tens, with the cut score drawn across.
    let mut bins = [0usize; 10];
    for o in &finished {
        bins[usize::from(*o / 10).min(9)] += 1;
    }
    let tallest = bins.iter().copied().max().unwrap_or(0).max(1);
    let (w, h) = (420.0, 120.0);
    let mut svg = format!("<svg role=\"img\" aria-label=\"distribution of overall scores\" viewBox=\"0 0 {w} {}\" width=\"{w}\">", h + 20.0);
    for (i, n) in bins.iter().enumerate() {
        let bh = *n as f64 / tallest as f64 * h;
        let _ = write!(svg, "<rect x=\"{}\" y=\"{}\" width=\"38\" height=\"{bh}\" fill=\"#67a3ff\"><title>{}-{}: {n}</title></rect>", i as f64 * 42.0, h - bh, i * 10, i * 10 + 9);
        let _ = write!(svg, "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#9ea6b8\">{}</text>", i as f64 * 42.0 + 12.0, h + 14.0, i * 10);
    }
    if let Some(c) = cut {
        let x = f64::from(c) / 100.0 * w;
        let _ = write!(svg, "<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{h}\" stroke=\"#ef6868\" stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>cut score {c}</title></line>");
    }
    svg.push_str("</svg>");
    let _ = write!(body, "<section><h2>Overall scores of finished candidates</h2>{svg}<div class=\"muted\">The dashed line is the cut score.</div></section>");
    body.push_str("<section><h2>Candidates</h2><table><tr><th>#</th><th>candidate</th><th>id</th><th>status</th><th>calls</th><th>overall</th><th>band</th><th>patience</th><th>empathy</th><th>clarification</th><th>resolution</th><th>result</th><th>review</th><th>integrity signals</th></tr>");
    // Codes are letters, digits and dashes, so they make anchors as they are.
    let anchor = |code: &str| format!("evidence-{code}");
    for (i, s) in standings.iter().enumerate() {
        let linked = evidence.get(&s.code).is_some_and(|calls| !calls.is_empty());
        let score = |v: Option<u8>| match (v, linked) {
            (Some(v), true) => format!("<a href=\"#{}\">{v}</a>", anchor(&s.code)),
            (Some(v), false) => v.to_string(),
            (None, _) => "–".to_string(),
        };
        let name = if linked { format!("<a href=\"#{}\">{}</a>", anchor(&s.code), esc(&s.name)) } else { esc(&s.name) };
        let result = match s.pass {
            Some(true) => "<span class=\"good\">pass</span>".to_string(),
            Some(false) => format!("<span class=\"bad\">below the cut</span>: {}", esc(&s.short_of.join(", "))),
            None => "<span class=\"muted\">not finished</span>".to_string(),
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}/{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{result}</td><td>{}</td><td class=\"signals\">{}</td></tr>",
            i + 1,
            name,
            esc(s.external_id.as_deref().unwrap_or("")),
            s.status.describe(),
            s.calls.0,
            s.calls.1,
            score(s.overall),
            esc(s.band.as_deref().unwrap_or("–")),
            score(s.dimensions[0]),
            score(s.dimensions[1]),
            score(s.dimensions[2]),
            score(s.dimensions[3]),
            match (s.awaiting_review, s.reviewed) {
                (0, 0) => String::new(),
                (0, r) => format!("{r} answer(s) rated by reviewers"),
                (w, 0) => format!("{w} spoken answer(s)"),
                (w, r) => format!("{w} spoken answer(s); {r} rated by reviewers"),
            },
            if s.integrity.reasons.is_empty() {
                "none".to_string()
            } else {
                format!("{}: {}", s.integrity.level.describe(), esc(&s.integrity.reasons.join("; ")))
            }
        );
    }
    body.push_str("</table><p class=\"muted\">Integrity signals are worth a human look, never proof: an answer near-identical to another candidate's, one given before the customer's line could have been read, typing faster than people type, a refused paste, time away from the window.</p></section>");
    for s in standings {
        let Some(calls) = evidence.get(&s.code).filter(|c| !c.is_empty()) else { continue };
        let _ = write!(body, "<section id=\"{}\"><h2>Evidence: {}</h2>", anchor(&s.code), esc(&s.name));
        for call in calls {
            body.push_str(&session_block(call));
        }
        body.push_str("</section>");
    }
    page(title, &body, generated_ms)
}

/// The adverse-impact figures as a page: per measure, a table and a bar per group with the
/// four-fifths line, and the plain reading.
pub fn impact_page(title: &str, field: &str, by_measure: &[(String, Vec<crate::assessment::impact::Group>)], unanswered: usize, generated_ms: i64) -> String {
    let mut body = String::new();
    for (measure, groups) in by_measure {
        if !groups.is_empty() && groups.iter().all(|g| g.selected == 0) {
            let _ = write!(body, "<section><h2>{}</h2><p class=\"muted\">{}</p></section>", esc(measure), super::NOBODY_SELECTED);
            continue;
        }
        let _ = write!(body, "<section><h2>{}</h2><table><tr><th>group</th><th>candidates</th><th>selected</th><th>rate</th><th>ratio to highest</th><th>Fisher p</th><th></th></tr>", esc(measure));
        for g in groups {
            let flag = match (g.flagged, g.small) {
                (true, true) => "<span class=\"bad\">below four fifths</span> <span class=\"muted\">· small group</span>",
                (true, false) => "<span class=\"bad\">below four fifths</span>",
                (false, true) => "<span class=\"muted\">small group</span>",
                (false, false) => "",
            };
            let bar = format!(
                "<svg width=\"160\" height=\"12\" role=\"img\" aria-label=\"ratio {r:.2}\"><rect width=\"{w}\" height=\"12\" fill=\"{c}\"/><line x1=\"128\" y1=\"0\" x2=\"128\" y2=\"12\" stroke=\"#ef6868\"/></svg>",
                r = g.ratio,
                w = (g.ratio * 160.0).min(160.0),
                c = if g.flagged { "#ef6868" } else { "#67a3ff" }
            );
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{bar} {:.2}</td><td>{}</td><td>{flag}</td></tr>",
                esc(&g.name),
                g.size,
                g.selected,
                g.rate,
                g.ratio,
                g.p_value.map_or("–".to_string(), |p| format!("{p:.3}"))
            );
        }
        body.push_str("</table></section>");
    }
    if unanswered > 0 {
        let _ = write!(body, "<p class=\"muted\">{unanswered} finished candidate(s) did not answer and are left out.</p>");
    }
    let _ = write!(body, "<section><h2>How to read it</h2><p>{}</p></section>", esc(super::IMPACT_READING));
    page(&format!("{title}: adverse impact by {field}"), &body, generated_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("<b>\"Tom & Jerry's\"</b>"), "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;");
    }

    #[test]
    fn bars_scale_to_the_score_and_say_when_a_dimension_is_unmeasured() {
        let svg = dimension_bars(&Scores { patience: Some(50), empathy: None, clarification: Some(100), resolution: Some(0) });
        assert!(svg.contains("width=\"110.0\""), "50 of 220 px: {svg}");
        assert!(svg.contains("width=\"220.0\""));
        assert!(svg.contains("n/a"));
    }
}

