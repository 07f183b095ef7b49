//! C019 numbers out of range, C011 a customer who hangs up before the call starts.

use crate::scenario::explore::answers;
use crate::vocab::{Dimension, Points};

use super::answer_path;
use crate::diagnostic::{Code, Diagnostic};

use super::Check;

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, sc) = (c.s, &c.s.scenario);
    // C019: numbers beyond what a scenario needs, which would otherwise swamp every score.
    let mut numbers: Vec<(String, i64, i64, i64)> = vec![
        ("customer.anger".into(), i64::from(sc.customer.anger), 0, 100),
        ("customer.hangs_up_at".into(), i64::from(sc.customer.hangs_up_at), 1, 100),
    ];
    let limit = i64::from(Points::LIMIT);
    let mut points = |path: String, p: &Points, anger: Option<i32>| {
        for d in Dimension::ALL {
            numbers.push((format!("{path}.points.{}", d.name()), i64::from(p.get(d)), -limit, limit));
        }
        if let Some(a) = anger {
            numbers.push((format!("{path}.anger"), i64::from(a), -limit, limit));
        }
    };
    for (i, node) in sc.nodes.iter().enumerate() {
        for (answer, effect) in answers(node) {
            points(answer_path(i, answer), &effect.points, effect.anger);
        }
    }
    for (i, ending) in sc.endings.iter().enumerate() {
        points(format!("endings[{i}]"), &ending.points, None);
    }
    for (path, value, low, high) in numbers {
        if !(low..=high).contains(&value) {
            out.push(
                s.diagnostic(Code::C019, &path, format!("{value} is out of range: {} runs from {low} to {high}", path.rsplit('.').next().unwrap_or(&path)))
                    .with_label("out of range")
                    .with_help(format!("use a number from {low} to {high}; points and anger changes are small steps (a strong answer earns 2 or 3)")),
            );
        }
    }

    // C011: the call would end before it starts.
    if sc.customer.anger >= sc.customer.hangs_up_at {
        out.push(
            s.diagnostic(Code::C011, "customer.anger", format!("starting anger {} is at or above hangs_up_at {}", sc.customer.anger, sc.customer.hangs_up_at))
                .with_label("hangs up at once")
                .with_help("lower `anger` or raise `hangs_up_at` (both 0-100)"),
        );
    }
}
