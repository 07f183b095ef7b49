//! Readers for the human-rated data sets the scorer is trained and checked on (the formats of
//! `../shared/data/scoring-dev/`, see its README): politeness and receptiveness ratings (CSV)
//! and GoEmotions (TSV: text, comma-separated label ids, comment id).

use std::path::Path;

/// A text with a continuous human rating.
#[derive(Debug, Clone)]
pub struct Rated {
    /// What was rated.
    pub text: String,
    /// The raters' score.
    pub rating: f64,
}

/// A text with the labels raters gave it.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// What was labelled.
    pub text: String,
    /// Every label raters gave it.
    pub labels: Vec<String>,
}

/// Why a data file could not be read.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum RatingsError {
    #[error("{path}: {message}")]
    Bad { path: String, message: String },
}

fn bad(path: &Path, message: impl std::fmt::Display) -> RatingsError {
    RatingsError::Bad { path: path.display().to_string(), message: message.to_string() }
}

/// Reads a CSV of texts and ratings by column name.
pub fn read_rated(path: &Path, text_col: &str, rating_col: &str) -> Result<Vec<Rated>, RatingsError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| bad(path, e))?;
    let headers = reader.headers().map_err(|e| bad(path, e))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name).ok_or_else(|| bad(path, format!("no column {name}")));
    let (t, r) = (col(text_col)?, col(rating_col)?);
    let mut items = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| bad(path, e))?;
        let rating: f64 = row[r].trim().parse().map_err(|e| bad(path, format!("rating `{}`: {e}", &row[r])))?;
        items.push(Rated { text: row[t].to_string(), rating });
    }
    Ok(items)
}

/// Reads a GoEmotions split, naming each label id by `labels.txt` in the same folder.
pub fn read_goemotions(path: &Path) -> Result<Vec<Labelled>, RatingsError> {
    let names_path = path.with_file_name("labels.txt");
    let names: Vec<String> =
        std::fs::read_to_string(&names_path).map_err(|e| bad(&names_path, e))?.lines().map(|l| l.trim().to_string()).collect();
    let text = std::fs::read_to_string(path).map_err(|e| bad(path, e))?;
    let mut items = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (Some(words), Some(ids)) = (cols.next(), cols.next()) else {
            return Err(bad(path, format!("line {}: expected text<TAB>label ids<TAB>id", n + 1)));
        };
        let labels = ids
            .split(',')
            .map(|id| {
                id.trim().parse::<usize>().ok().and_then(|i| names.get(i)).cloned().ok_or_else(|| bad(path, format!("line {}: unknown label id `{id}`", n + 1)))
            })
            .collect::<Result<Vec<String>, RatingsError>>()?;
        items.push(Labelled { text: words.to_string(), labels });
    }
    Ok(items)
}
