//! The free-text scorer against human ratings from outside this project (see docs/scoring.md):
//! k-fold figures of fitting the learned layer, and the figures of the scorer that ships.
//!
//!     cargo run --release --no-default-features --example calibrate -- [DATA_DIR] [--write]
//!
//! `make calibrate` prints both. `make train` adds `--write`: the learned layer is fitted on all
//! the data (fixed seed) into assets/learned.ron, and the figures go into docs/scoring.md
//! between its `figures` markers. Run `make calibrate` after training to see the new weights'
//! shipped figures; the test tests/model_card.rs holds the card to them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cooldown::scoring::calibration::{cross_validated, shipped, table, train, Data};
use cooldown::scoring::learned::{load_str, Learned};
use cooldown::scoring::train::Options;
use cooldown::scoring::{Rubric, Scorer};

const CARD: &str = "docs/scoring.md";

/// Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` in the card.
fn replace_block(card: &str, name: &str, body: &str) -> Result<String, String> {
    let (start, end) = (format!("<!-- {name}:start -->\n"), format!("<!-- {name}:end -->"));
    let a = card.find(&start).ok_or(format!("{CARD} has no `{start}` marker"))? + start.len();
    let b = card[a..].find(&end).ok_or(format!("{CARD} has no `{end}` marker"))? + a;
    Ok(format!("{}{body}{}", &card[..a], &card[b..]))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let write = args.iter().any(|a| a == "--write");
    // `--l2 X`, `--epochs N`, `--keep N` try other options (figures only: the shipped weights use the defaults).
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let dir = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || !args[i - 1].starts_with("--") || args[i - 1] == "--write"))
        .map_or_else(|| PathBuf::from("../shared/data/scoring-dev"), |(_, a)| PathBuf::from(a));
    let data = Data::read(&dir).map_err(|e| format!("{e}\n(the data folder is ../shared/data/scoring-dev; pass another as the first argument)"))?;
    let mut options = Options::default();
    let parse = |name: &str, v: String| v.parse::<f64>().map_err(|e| format!("{name} {v}: {e}"));
    if let Some(v) = value("--l2") {
        options.l2 = parse("--l2", v)?;
    }
    if let Some(v) = value("--epochs") {
        options.epochs = parse("--epochs", v)? as usize;
    }
    if let Some(v) = value("--keep") {
        options.keep = parse("--keep", v)? as usize;
    }
    if write && (value("--l2").is_some() || value("--epochs").is_some() || value("--keep").is_some()) {
        return Err("--write ships the default options; try others without it, then change Options::default".into());
    }

    let started = std::time::Instant::now();
    let folds = cross_validated(&data, &options);
    println!("## {}-fold cross-validated (fitted without the scored fold)\n", cooldown::scoring::calibration::FOLDS);
    println!("{}", table(&folds));
    eprintln!("cross-validation took {:.1} s", started.elapsed().as_secs_f64());

    let scorer = if write {
        let started = std::time::Instant::now();
        let weights = train(&data, &options);
        let text = ron::ser::to_string_pretty(&weights, ron::ser::PrettyConfig::default().depth_limit(3)).map_err(|e| e.to_string())?;
        let text = format!(
            "// The learned layer's weights, written by `make train` (examples/calibrate.rs --write).\n\
             // Do not edit by hand: docs/scoring.md says what they were fitted to and how.\n{text}\n"
        );
        // What is written must load, or the binary would not start; the loaded weights (rounded
        // as written) are the ones measured below.
        let loaded = load_str(Path::new("assets/learned.ron"), &text).map_err(|d| d.to_string())?;
        std::fs::write("assets/learned.ron", &text).map_err(|e| format!("assets/learned.ron: {e}"))?;
        eprintln!("trained and wrote assets/learned.ron in {:.1} s", started.elapsed().as_secs_f64());
        // The scorer borrows its weights for the program's life, as it does the bundled ones.
        let learned: &'static Learned = Box::leak(Box::new(Learned::new(loaded, 0)));
        Arc::new(Scorer::new(Rubric::bundled()).with_learned(learned))
    } else {
        Scorer::bundled()
    };
    let figures = shipped(&data, &scorer);
    println!("## The shipped scorer (training sets in-sample; GoEmotions test held out)\n");
    println!("{}", table(&figures));
    // The same measures for the rubric alone: what the learned layer adds.
    let rules = shipped(&data, &Scorer::new(Rubric::bundled()));
    println!("## The rubric alone (no learned layer; nothing fitted)\n");
    println!("{}", table(&rules));
    if write {
        let card = std::fs::read_to_string(CARD).map_err(|e| format!("{CARD}: {e}"))?;
        let card = replace_block(&card, "cv-figures", &table(&folds))?;
        let card = replace_block(&card, "shipped-figures", &table(&figures))?;
        let card = replace_block(&card, "rules-figures", &table(&rules))?;
        std::fs::write(CARD, card).map_err(|e| format!("{CARD}: {e}"))?;
        eprintln!("figures written to {CARD}");
    }
    Ok(())
}
