//! `cooldown calibrate --from-reviews`: the learned layer fitted to the organisation's own
//! reviewers (one shift of each modelled dimension's log-odds, see
//! [`crate::scoring::recalibrate`]), with cross-validated agreement before and after, written
//! to the data folder only when asked and only for dimensions where it helps on held-out
//! answers. The program installs the written weights at start-up ([`install_organisation`]).

use std::path::{Path, PathBuf};

use crate::engine::GivenAnswer;
use crate::report::{gather, Filter};
use crate::scoring::agreement::median;
use crate::scoring::learned::{self, Learned, ORGANISATION_FILE};
use crate::scoring::recalibrate::{fit, logit_of_percent, shifted, Fitted, Sample, MIN_ANSWERS};
use crate::scoring::{Context, Scorer};
use crate::store::{Store, StoreError};
use crate::vocab::Dimension;

/// The fit over the reviewed answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Recalibration {
    /// Each modelled dimension with enough reviewed answers.
    pub fits: Vec<Fitted>,
    /// Modelled dimensions with too few reviewed answers (and how many they had).
    pub too_few: Vec<(Dimension, usize)>,
}

impl Recalibration {
    /// The fits worth applying: those that agree better with reviewers on held-out answers.
    pub fn helping(&self) -> Vec<Fitted> {
        self.fits.iter().copied().filter(Fitted::helps).collect()
    }
}

/// Fits the learned layer in use to the ratings of answers in the trainee's own words (typed,
/// or a recording's transcript) among the sessions `filter` selects. The model's probability
/// is that of the words alone, as the layer judges them.
pub fn from_reviews(store: &Store, filter: &Filter) -> Result<Recalibration, StoreError> {
    let scorer = Scorer::in_use();
    let mut samples: Vec<(Dimension, Sample)> = Vec::new();
    for session in gather(store, filter, |_, _| ())? {
        for turn in &session.turns {
            let words = match &turn.answer {
                GivenAnswer::Text { text, .. } | GivenAnswer::Spoken { transcript: Some(text), .. } => text,
                _ => continue,
            };
            let ratings: Vec<_> = session.ratings.iter().filter(|r| r.turn == turn.number).collect();
            if ratings.is_empty() {
                continue;
            }
            let score = scorer.score(words, &Context::default());
            for d in Dimension::ALL {
                let levels: Vec<u8> = ratings.iter().filter_map(|r| r.level(d)).collect();
                if let (Some(level), Some(percent)) = (median(&levels), score.likelihood[d.index()]) {
                    samples.push((d, Sample { logit: logit_of_percent(percent), level }));
                }
            }
        }
    }
    let mut out = Recalibration { fits: Vec::new(), too_few: Vec::new() };
    for model in &Learned::in_use().weights().models {
        let d = model.dimension;
        let on: Vec<Sample> = samples.iter().filter(|(x, _)| *x == d).map(|(_, s)| *s).collect();
        if on.len() >= MIN_ANSWERS {
            out.fits.push(fit(d, &on));
        } else {
            out.too_few.push((d, on.len()));
        }
    }
    Ok(out)
}

/// Why the fitted weights were not written.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum ApplyError {
    #[error("no dimension agrees better with the reviewers after fitting, so nothing was changed")]
    NothingHelps,
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// Writes the weights in use with the helping fits applied into `data_dir`, where the program
/// installs them from its next start; returns the file.
pub fn apply(recalibration: &Recalibration, data_dir: &Path, date: &str) -> Result<PathBuf, ApplyError> {
    let helping = recalibration.helping();
    if helping.is_empty() {
        return Err(ApplyError::NothingHelps);
    }
    let answers = helping.iter().map(|f| f.before.answers).max().unwrap_or(0);
    let note = format!("Recalibrated on {date} to {answers} reviewed answers (cooldown calibrate --from-reviews).");
    let weights = shifted(Learned::in_use().weights(), &helping, &note);
    let body = ron::ser::to_string_pretty(&weights, ron::ser::PrettyConfig::default()).expect("weights serialise");
    let text = format!(
        "// The learned layer recalibrated to this organisation's reviewers by `cooldown calibrate --from-reviews --apply`.\n\
         // cooldown scores with it from its next start; delete this file to go back to the bundled weights.\n{body}\n"
    );
    let path = data_dir.join(ORGANISATION_FILE);
    let write = |source| ApplyError::Write { path: path.clone(), source };
    crate::paths::create_private_dir(data_dir).map_err(write)?;
    crate::paths::write_whole(&path, |tmp| std::fs::write(tmp, &text)).map_err(write)?;
    Ok(path)
}

/// Installs the organisation's recalibrated weights from `data_dir`, when there are any:
/// `Ok(Some(path))` when installed, `Ok(None)` when there are none, and the file's problem
/// (the bundled weights then stay) when it cannot be used.
pub fn install_organisation(data_dir: &Path) -> Result<Option<PathBuf>, Box<crate::diagnostic::Diagnostic>> {
    let path = data_dir.join(ORGANISATION_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(None) };
    learned::install(&path, &text)?;
    Ok(Some(path))
}
