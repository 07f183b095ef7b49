//! The model card (docs/scoring.md) tells the truth about the shipped scorer: the weights load,
//! the card's cross-validated figures meet the targets, and the shipped scorer's figures on the
//! human-rated data are no worse than the card says. The data lives outside the repository
//! (`../shared/data/scoring-dev`, or `COOLDOWN_SCORING_DATA`); where it is absent, the figure
//! check says so and checks the card alone.

use std::path::{Path, PathBuf};

use cooldown::scenario::Dimension;
use cooldown::scoring::calibration::{parse_table, shipped, Data};
use cooldown::scoring::learned::Learned;
use cooldown::scoring::Scorer;

fn card() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scoring.md")).unwrap()
}

/// The rows between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
fn block(name: &str) -> Vec<(String, String, String, f64)> {
    let card = card();
    let start = card.find(&format!("<!-- {name}:start -->")).unwrap_or_else(|| panic!("no {name} block"));
    let end = card.find(&format!("<!-- {name}:end -->")).unwrap_or_else(|| panic!("no end of the {name} block"));
    parse_table(&card[start..end])
}

fn figure(rows: &[(String, String, String, f64)], data: &str, measure: &str) -> f64 {
    rows.iter().find(|r| r.0 == data && r.2 == measure).unwrap_or_else(|| panic!("the card has no {data} {measure}")).3
}

#[test]
fn the_shipped_weights_load_with_their_version() {
    let learned = Learned::bundled();
    for d in [Dimension::Empathy, Dimension::Patience] {
        let model = learned.model(d).unwrap_or_else(|| panic!("no {d:?} model"));
        assert!(model.per_rule_point > 0.0 && !model.phrases.is_empty());
    }
    assert_ne!(learned.version, 0);
    assert!(Scorer::bundled().learned().is_some(), "the bundled scorer uses them");
}

#[test]
fn the_cards_cross_validated_figures_meet_the_targets() {
    let cv = block("cv-figures");
    assert!(figure(&cv, "wikipedia", "spearman") >= 0.50);
    assert!(figure(&cv, "wikipedia", "quartile accuracy") >= 0.80);
    assert!(figure(&cv, "receptiveness", "pearson") >= 0.40);
    assert!(figure(&cv, "goemotions caring", "auc") >= 0.75);
}

#[test]
fn the_shipped_scorer_does_no_worse_than_the_card_says() {
    let dir = std::env::var_os("COOLDOWN_SCORING_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/scoring-dev"));
    let recorded = block("shipped-figures");
    assert!(recorded.len() >= 15, "the card records the shipped figures");
    if !dir.join("wikipedia.annotated.csv").exists() {
        eprintln!("no rated data at {}: only the card was checked", dir.display());
        return;
    }
    let data = Data::read(&dir).unwrap();
    let measured = shipped(&data, &Scorer::bundled());
    let mut worse = Vec::new();
    for (data_set, dimension, measure, value) in &recorded {
        let now = measured
            .iter()
            .find(|f| &f.data == data_set && f.dimension.name() == dimension && f.measure == measure)
            .unwrap_or_else(|| panic!("{data_set} {dimension} {measure} is in the card but no longer measured"));
        if now.value < value - 0.005 {
            worse.push(format!("{data_set} {dimension} {measure}: {:.3}, the card says {value:.3}", now.value));
        }
    }
    assert!(worse.is_empty(), "the scorer fell below its model card (run `make train` or fix the scorer):\n{}", worse.join("\n"));
}
