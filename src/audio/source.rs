//! Where takes come from: the microphone in the product ([`super::mic::Mic`], feature `audio`),
//! a synthetic voice in tests. The recording screens only see this interface.

use std::path::Path;

use super::capture::{CaptureError, Stats, Summary};

/// Why a take could not be recorded.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum SourceError {
    #[error(transparent)]
    Capture(#[from] CaptureError),
    /// The device's own error, which says what to try.
    #[error(transparent)]
    Device(Box<dyn std::error::Error + Send + Sync>),
}

/// Something that records into WAV files.
pub trait Source {
    /// Starts recording into `path` (16-bit mono WAV).
    fn start(&mut self, path: &Path) -> Result<Box<dyn LiveTake>, SourceError>;
    /// What is recording, for the screen: "USB mic (48000 Hz, 1 channels, i16)".
    fn describe(&self) -> String;
}

/// A recording in progress.
pub trait LiveTake {
    /// Counters and the level meter.
    fn stats(&self) -> &Stats;
    /// Samples per second of this take.
    fn sample_rate(&self) -> u32;
    /// Stops, writes everything captured so far and closes the file.
    fn stop(self: Box<Self>) -> Result<Summary, SourceError>;
}

impl dyn LiveTake {
    /// Seconds captured so far.
    pub fn seconds(&self) -> f32 {
        self.stats().received.load(std::sync::atomic::Ordering::Relaxed) as f32 / self.sample_rate().max(1) as f32
    }
}
