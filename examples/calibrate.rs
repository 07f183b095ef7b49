//! Checks the free-text scorer against human ratings from outside this project
//! (`../shared/data/scoring-dev/`): politeness of requests (Wikipedia, Stack Exchange) and
//! receptiveness of replies in disagreements. Politeness and receptiveness inform patience
//! (courtesy, no hostility) and partly empathy, so the score compared is patience + empathy.
//!
//!     cargo run --release --example calibrate -- [DATA_DIR] [--only wikipedia|stack-exchange|receptiveness]
//!
//! Measures, as in the data's README: Spearman and Pearson correlation with the mean rating,
//! and top-vs-bottom quartile accuracy (items rated in the top or bottom quarter; the scorer
//! calls an item polite when it scores above the median of those items; ties count half).
//! Nothing is fitted: the rubric's weights are set by hand, so every figure is held-out.

use std::path::{Path, PathBuf};

use cooldown::scoring::{Context, Scorer};

struct Item {
    text: String,
    rating: f64,
}

fn read(path: &Path, text_col: &str, rating_col: &str) -> Result<Vec<Item>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name).ok_or(format!("{}: no column {name}", path.display()));
    let (t, r) = (col(text_col)?, col(rating_col)?);
    let mut items = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| format!("{}: {e}", path.display()))?;
        let rating: f64 = row[r].trim().parse().map_err(|e| format!("{}: rating `{}`: {e}", path.display(), &row[r]))?;
        items.push(Item { text: row[t].to_string(), rating });
    }
    Ok(items)
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

/// Ranks with ties averaged.
fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

/// Top-vs-bottom quartile accuracy with the median of the scores as the threshold.
fn quartile_accuracy(scores: &[f64], ratings: &[f64]) -> f64 {
    let mut sorted = ratings.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (q1, q3) = (sorted[sorted.len() / 4], sorted[sorted.len() * 3 / 4]);
    let picked: Vec<(f64, bool)> =
        scores.iter().zip(ratings).filter(|(_, r)| **r <= q1 || **r >= q3).map(|(s, r)| (*s, *r >= q3)).collect();
    let mut s: Vec<f64> = picked.iter().map(|p| p.0).collect();
    s.sort_by(f64::total_cmp);
    let threshold = s[s.len() / 2];
    let correct: f64 = picked
        .iter()
        .map(|&(score, top)| if score == threshold { 0.5 } else if (score > threshold) == top { 1.0 } else { 0.0 })
        .sum();
    correct / picked.len() as f64
}

fn report(name: &str, items: &[Item], scorer: &Scorer) {
    let ctx = Context::default();
    let scores: Vec<f64> = items
        .iter()
        .map(|i| {
            let s = scorer.score(&i.text, &ctx);
            f64::from(s.points.patience + s.points.empathy)
        })
        .collect();
    let ratings: Vec<f64> = items.iter().map(|i| i.rating).collect();
    let covered = scores.iter().filter(|s| **s != 0.0).count() as f64 / scores.len() as f64;
    println!(
        "{name:<16} n={:<5} spearman {:.3}  pearson {:.3}  quartile accuracy {:.3}  (scored non-zero: {:.0}%)",
        items.len(),
        spearman(&scores, &ratings),
        pearson(&scores, &ratings),
        quartile_accuracy(&scores, &ratings),
        covered * 100.0
    );
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).cloned();
    let dir = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--only"))
        .map_or_else(|| PathBuf::from("../shared/data/scoring-dev"), |(_, a)| PathBuf::from(a));
    let scorer = Scorer::bundled();
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    if wanted("wikipedia") {
        report("wikipedia", &read(&dir.join("wikipedia.annotated.csv"), "Request", "Normalized Score")?, &scorer);
    }
    if wanted("stack-exchange") {
        report("stack-exchange", &read(&dir.join("stack-exchange.annotated.csv"), "Request", "Normalized Score")?, &scorer);
    }
    if wanted("receptiveness") {
        report("receptiveness", &read(&dir.join("receptiveness.csv"), "text", "receptive")?, &scorer);
    }
    Ok(())
}
