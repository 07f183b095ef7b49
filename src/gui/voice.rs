//! Push-to-talk in the window: with the text box empty, hold Space to answer aloud and let go
//! to stop. The first take is the calibration sentence; each answer is measured against the
//! customer's line (pressing Space while they still talk is interrupting them), then the box
//! takes what was said (Enter alone leaves the words for a reviewer).
//!
//! The microphone is a non-send resource: a cpal stream stays on the thread that made it.

use std::path::PathBuf;

use bevy::prelude::*;

use crate::audio::source::LiveTake;
use crate::audio::talk::Talk;
use crate::scoring::delivery::{Calibration, Cue, Delivery};

/// The microphone side of answering aloud; present only where answering aloud is possible.
pub struct Voice {
    /// Answering aloud: the microphone, calibration and answer files.
    pub talk: Talk,
    /// Each session's answers go into a folder of their own under this one.
    pub root: PathBuf,
    take: Option<(Box<dyn LiveTake>, Recording)>,
    /// Set when the microphone could not be opened: from then on Space types a space and the
    /// hints stop offering to answer aloud.
    pub unavailable: bool,
    /// The last answer, being transcribed on its own thread.
    pub transcribing: Option<crate::audio::talk::Transcribing>,
}

/// What the take in progress is.
enum Recording {
    Calibration(PathBuf),
    /// An answer, with when it started on the session clock.
    Answer { file: PathBuf, started: f32 },
}

impl Voice {
    /// Answering aloud through `talk`, with each session's answers under `root`.
    pub fn new(talk: Talk, root: PathBuf) -> Voice {
        Voice { talk, root, take: None, unavailable: false, transcribing: None }
    }

    /// Whether answering aloud is on offer (no microphone has failed to open).
    pub fn available(&self) -> bool {
        !self.unavailable
    }

    /// Saves the next answers in a new session's folder.
    pub fn begin_session(&mut self, folder: &str) {
        // An answer of the last call still being transcribed: its words are not this call's.
        if let Some(job) = self.transcribing.take() {
            self.talk.abandon(job);
        }
        let dir = self.root.join(folder);
        self.talk.set_dir(dir);
    }

    /// Whether a take is being recorded.
    pub fn recording(&self) -> bool {
        self.take.is_some()
    }
}

/// Said once when no microphone can be opened.
pub const NO_MICROPHONE: &str =
    "No microphone is working here, so answers are typed. (`cooldown devices` lists microphones; `--device NAME` picks one.)";

/// What a finished take gave.
pub enum Heard {
    /// Calibrated (or not, when the take held no speech); the message says which.
    Calibrated(String),
    /// An answer.
    Answer {
        /// The recording.
        file: PathBuf,
        /// Its latency, talk time and loudness.
        delivery: Delivery,
    },
    /// Nothing usable; the message says why and what to do.
    Nothing(String),
}

/// Starts a take: the calibration first, then answers. Returns the status line to show.
pub fn start(voice: &mut Voice, turn: usize, now: f32) -> String {
    let calibrating = voice.talk.needs_calibration();
    let file = if calibrating { voice.talk.calibration_file() } else { voice.talk.answer_file(turn) };
    let source = match voice.talk.source() {
        Ok(s) => s,
        Err(e) => {
            // The details are for the log; the trainee needs what to do.
            warn!("answering aloud is off: {e}");
            voice.unavailable = true;
            return NO_MICROPHONE.to_string();
        }
    };
    match source.start(&file) {
        Ok(live) => {
            let (what, status) = if calibrating {
                (Recording::Calibration(file), format!("● Calibrating: read \u{201c}{}\u{201d} in your normal voice, then let go of Space.", Calibration::SENTENCE))
            } else {
                (Recording::Answer { file, started: now }, "● Recording your answer: let go of Space to stop.".to_string())
            };
            voice.take = Some((live, what));
            status
        }
        Err(e) => format!("The microphone did not start: {e}. Type your answer instead."),
    }
}

/// Stops the take in progress and measures it against the customer's last line, which
/// started at `line_started` on the session clock and plays for `line_length` seconds.
pub fn stop(voice: &mut Voice, line_started: f32, line_length: f32) -> Option<Heard> {
    let (live, what) = voice.take.take()?;
    if let Err(e) = live.stop() {
        return Some(Heard::Nothing(format!("The recording failed: {e}. Type your answer instead.")));
    }
    Some(match what {
        Recording::Calibration(file) => match voice.talk.calibrate(&file) {
            Ok(true) => Heard::Calibrated("Calibrated. Hold Space to answer aloud.".into()),
            Ok(false) => Heard::Calibrated("Heard nothing, so loudness will not be judged. Hold Space to answer aloud.".into()),
            Err(e) => Heard::Nothing(e.to_string()),
        },
        Recording::Answer { file, started } => {
            let cue = Cue { recording_started: started - line_started, prompt_length: line_length };
            match voice.talk.measure(&file, cue) {
                Ok(Some(delivery)) => Heard::Answer { file, delivery },
                Ok(None) => Heard::Nothing("Heard nothing: is the microphone muted? Hold Space to try again, or type.".into()),
                Err(e) => Heard::Nothing(format!("{e}. Type your answer instead.")),
            }
        }
    })
}
