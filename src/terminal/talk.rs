//! Push-to-talk in the terminal player: what it needs to record spoken answers. The
//! microphone opens on the first `/v`, so a trainee who only types never meets a device error;
//! the first spoken answer is preceded by a calibration sentence read in a normal voice, the
//! reference for "raised voice".

use std::path::{Path, PathBuf};

use crate::audio::source::Source;
use crate::audio::wav;
use crate::scoring::delivery::{self, Calibration, Cue, Delivery};

/// Typed instead of an answer to answer aloud.
pub const TALK_COMMANDS: [&str; 2] = ["/v", "/voice"];

/// Opens the microphone when first needed; the error says what to do instead.
pub type OpenSource = Box<dyn FnOnce() -> Result<Box<dyn Source>, String>>;

/// The microphone (once open), the calibration, and where this session's answers go.
pub struct Talk {
    open: Option<OpenSource>,
    source: Option<Box<dyn Source>>,
    dir: PathBuf,
    /// `Some(None)`: calibrated, but the calibration held no speech.
    calibration: Option<Option<Calibration>>,
}

impl Talk {
    pub fn new(open: OpenSource, dir: PathBuf) -> Talk {
        Talk { open: Some(open), source: None, dir, calibration: None }
    }

    /// The microphone, opening it on first use.
    pub fn source(&mut self) -> Result<&mut dyn Source, String> {
        if self.source.is_none() {
            let open = self.open.take().ok_or("the microphone could not be opened earlier")?;
            self.source = Some(open()?);
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        Ok(self.source.as_deref_mut().expect("opened above"))
    }

    pub fn needs_calibration(&self) -> bool {
        self.calibration.is_none()
    }

    pub fn calibration_file(&self) -> PathBuf {
        self.dir.join("calibration.wav")
    }

    /// Where the answer of turn `n` (1-based) is saved.
    pub fn answer_file(&self, n: usize) -> PathBuf {
        self.dir.join(format!("turn-{n}.wav"))
    }

    /// Takes the calibration from its recording; `false` when it held no speech (loudness
    /// then goes unjudged rather than judged against silence).
    pub fn calibrate(&mut self, recording: &Path) -> Result<bool, wav::WavError> {
        let c = Calibration::from_analysis(&wav::analyse(recording)?);
        self.calibration = Some(c);
        Ok(c.is_some())
    }

    /// Measures an answer recorded after the trainee pressed to talk. The terminal shows the
    /// customer's words at once and plays no audio, so the customer has finished when recording
    /// starts: latency is the silence before speaking, and talking over them cannot happen.
    pub fn measure(&self, recording: &Path) -> Result<Option<Delivery>, wav::WavError> {
        let cue = Cue { recording_started: 0.0, prompt_length: 0.0 };
        Ok(delivery::measure(&wav::analyse(recording)?, cue, self.calibration.flatten()))
    }
}
