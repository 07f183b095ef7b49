//! Speech to text for spoken answers, offline: a [`Transcriber`] turns a WAV file into words
//! with their timings and confidences. The one real engine is Whisper tiny.en, run by a
//! long-lived sidecar ([`whisper`], feature `stt`) in the environment `make stt` installs;
//! without it spoken answers wait for a reviewer to type them, as before.
//!
//! Why a sidecar rather than CTranslate2 linked into cooldown (`ct2rs` 0.9.22, tried beside the
//! project on the same model, nothing of it kept): its clean build (CTranslate2 and ruy compiled
//! through cmake) took 8 min 24 s here, on top of Bevy's; with its default options it loaded the
//! model in 0.27 s but ran at a real-time factor of 0.29 and peaked at 408 MB, one of 12 clean
//! espeak answers came back as "x2", and its Whisper API returns text without word timings,
//! which rate, pauses and the first word need. The sidecar installs in about 20 s with nothing
//! to compile, loads in 0.5 s, runs at 0.17, peaks at 263 MB and gives word timings
//! (`make bench-stt`).

#[cfg(feature = "stt")]
pub mod whisper;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::vocab::text;

pub use crate::scoring::delivery::{Word, LOW_CONFIDENCE};

/// What a recording said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// The words as one text.
    pub text: String,
    /// Each word with its timing.
    pub words: Vec<Word>,
    /// The language the engine heard.
    pub language: String,
    /// Which engine made it ("whisper tiny.en"), kept with the turn.
    pub engine: String,
}

impl Transcript {
    /// Mean word confidence (0 for a transcript without words).
    pub fn confidence(&self) -> f32 {
        crate::scoring::delivery::confidence(&self.words)
    }

    /// What the engine heard, kept with a spoken answer.
    pub fn heard(&self) -> crate::scoring::delivery::Heard {
        crate::scoring::delivery::Heard { engine: self.engine.clone(), text: self.text.clone(), words: self.words.clone() }
    }

    /// Whether a person should check the words before they count for much.
    pub fn is_uncertain(&self) -> bool {
        self.confidence() < LOW_CONFIDENCE
    }
}

/// Why a recording could not be transcribed.
#[derive(Debug, thiserror::Error)]
pub enum SttError {
    /// No engine on this machine.
    #[error("speech-to-text is not installed; run `make stt` (a 200 MB download, once; it then runs offline) to transcribe spoken answers")]
    NotInstalled,
    /// This build has no engine.
    #[error("this build of cooldown has no speech-to-text (built without the `stt` feature); build it with its default features, then run `make stt`")]
    NotBuilt,
    /// The engine would not start or stopped.
    #[error("the speech-to-text engine ({python}) failed: {why}; reinstall it with `make stt`")]
    Engine {
        /// The Python it ran with.
        python: String,
        /// What went wrong.
        why: String,
    },
    /// The engine could not read this recording.
    #[error("cannot transcribe {}: {why}", path.display())]
    Recording {
        /// The WAV file.
        path: PathBuf,
        /// What the engine said.
        why: String,
    },
}

/// Something that turns a recording into words (on whichever thread has it: a window
/// transcribes off its drawing thread).
pub trait Transcriber: Send {
    /// The words of the WAV file at `wav`.
    fn transcribe(&mut self, wav: &Path) -> Result<Transcript, SttError>;
}

/// The installed engine, started now (its model loads once): Whisper where `make stt` installed
/// it, else [`SttError::NotInstalled`].
pub fn engine() -> Result<Box<dyn Transcriber>, SttError> {
    #[cfg(feature = "stt")]
    {
        Ok(Box::new(whisper::Whisper::start()?))
    }
    #[cfg(not(feature = "stt"))]
    {
        Err(SttError::NotBuilt)
    }
}

/// Word error rate of `heard` against `said`: the fewest words substituted, dropped or added
/// to turn one into the other, over the words of `said` (after the same normalising the scorer
/// uses: case, punctuation, contractions). 0 is perfect; it can exceed 1.
pub fn word_error_rate(said: &str, heard: &str) -> f64 {
    let said = text::normalised(said);
    let heard = text::normalised(heard);
    if said.is_empty() {
        return if heard.is_empty() { 0.0 } else { 1.0 };
    }
    // Levenshtein distance over words, one row at a time.
    let mut row: Vec<usize> = (0..=heard.len()).collect();
    for (i, s) in said.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, h) in heard.iter().enumerate() {
            let substitute = diagonal + usize::from(s != h);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[heard.len()] as f64 / said.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_error_rate_counts_substitutions_deletions_and_insertions() {
        assert_eq!(word_error_rate("I am sorry about that", "I'm sorry about that!"), 0.0, "normalised alike");
        assert_eq!(word_error_rate("let me check that", "let me chuck that"), 0.25);
        assert_eq!(word_error_rate("let me check that", "let me that"), 0.25);
        assert_eq!(word_error_rate("let me check that", "well let me check that now"), 0.5);
        assert_eq!(word_error_rate("", ""), 0.0);
        assert_eq!(word_error_rate("", "hello"), 1.0);
        assert_eq!(word_error_rate("one two", ""), 1.0);
    }

    #[test]
    fn confidence_is_the_mean_over_words_and_low_means_a_person_checks() {
        let word = |c: f32| Word { word: "w".into(), start: 0.0, end: 0.1, confidence: c };
        let mut t = Transcript { text: "w w".into(), words: vec![word(0.9), word(0.7)], language: "en".into(), engine: "test".into() };
        assert!((t.confidence() - 0.8).abs() < 1e-6);
        assert!(!t.is_uncertain() && !t.heard().is_uncertain());
        t.words[0].confidence = 0.7;
        assert!(t.is_uncertain() && t.heard().is_uncertain());
        t.words.clear();
        assert_eq!(t.confidence(), 0.0);
    }
}
