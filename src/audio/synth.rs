//! Placeholder voices from espeak-ng, so a pack speaks before anyone has recorded it. Each
//! persona gets its own voice and pitch, and a line's emotion shades the delivery (faster and
//! louder when furious, slower when calmer). A trainer's recording replaces them.

use std::path::Path;
use std::process::Command;

use crate::scenario::{Emotion, Persona};

/// The program that speaks.
pub const PROGRAM: &str = "espeak-ng";

/// Why synthesis failed.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum SynthError {
    #[error("espeak-ng is not installed; install it (`sudo apt-get install espeak-ng`) or record the lines yourself with `cooldown record`")]
    Missing,
    #[error("espeak-ng failed ({status}): {stderr}")]
    Failed { status: std::process::ExitStatus, stderr: String },
    #[error("cannot run espeak-ng: {0}")]
    Io(std::io::Error),
}

/// How espeak-ng says a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voice {
    /// Language and variant, e.g. "en-us+m3".
    pub name: &'static str,
    /// 0-99; 50 is the voice's own.
    pub pitch: u32,
    /// Words per minute.
    pub speed: u32,
    /// 0-200; 100 is normal.
    pub amplitude: u32,
}

impl Voice {
    /// The persona's voice, shaded by the line's emotion.
    pub fn for_line(persona: Persona, emotion: Emotion) -> Voice {
        let mut v = match persona {
            Persona::Reasonable => Voice { name: "en-gb+m1", pitch: 45, speed: 165, amplitude: 100 },
            Persona::Irate => Voice { name: "en-us+m3", pitch: 35, speed: 180, amplitude: 120 },
            Persona::Hurried => Voice { name: "en-us+f2", pitch: 55, speed: 210, amplitude: 100 },
            Persona::Languid => Voice { name: "en-gb+m7", pitch: 40, speed: 135, amplitude: 100 },
            Persona::Upset => Voice { name: "en-us+f4", pitch: 62, speed: 155, amplitude: 100 },
        };
        let (pitch, speed, amplitude): (i32, i32, i32) = match emotion {
            Emotion::Neutral => (0, 0, 0),
            Emotion::Annoyed | Emotion::Sarcastic => (-3, 5, 10),
            Emotion::Angry => (-5, 12, 30),
            Emotion::Furious => (-8, 20, 50),
            Emotion::Impatient => (0, 25, 20),
            Emotion::Upset | Emotion::Anxious => (8, 5, 0),
            Emotion::Confused => (5, -15, 0),
            Emotion::Calmer | Emotion::Relieved | Emotion::Grateful => (4, -10, -10),
        };
        let shade = |base: u32, by: i32, max: i32| (base as i32 + by).clamp(0, max) as u32;
        v.pitch = shade(v.pitch, pitch, 99);
        v.speed = shade(v.speed, speed, 400);
        v.amplitude = shade(v.amplitude, amplitude, 200);
        v
    }

    /// The settings as written into the recordings manifest.
    pub fn describe(&self) -> String {
        format!("{PROGRAM} {} -p {} -s {} -a {}", self.name, self.pitch, self.speed, self.amplitude)
    }

    /// Speaks `text` into a WAV file at `path` (espeak-ng's own format: 22,050 Hz mono).
    pub fn speak(&self, text: &str, path: &Path) -> Result<(), SynthError> {
        let output = Command::new(PROGRAM)
            .args(["-v", self.name, "-p", &self.pitch.to_string(), "-s", &self.speed.to_string()])
            .args(["-a", &self.amplitude.to_string(), "-w"])
            .arg(path)
            // `--` keeps a line that starts with a dash from being read as an option.
            .arg("--")
            .arg(text)
            .output()
            .map_err(|e| if e.kind() == std::io::ErrorKind::NotFound { SynthError::Missing } else { SynthError::Io(e) })?;
        if !output.status.success() {
            return Err(SynthError::Failed { status: output.status, stderr: String::from_utf8_lossy(&output.stderr).trim().to_string() });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personas_sound_different_and_emotion_shades_the_delivery() {
        let calm = Voice::for_line(Persona::Irate, Emotion::Neutral);
        let furious = Voice::for_line(Persona::Irate, Emotion::Furious);
        assert!(furious.speed > calm.speed && furious.amplitude > calm.amplitude && furious.pitch < calm.pitch);
        let personas = [Persona::Reasonable, Persona::Irate, Persona::Hurried, Persona::Languid, Persona::Upset];
        let mut names: Vec<_> = personas.iter().map(|p| Voice::for_line(*p, Emotion::Neutral).name).collect();
        names.dedup();
        assert_eq!(names.len(), personas.len(), "one voice per persona");
        assert_eq!(calm.describe(), "espeak-ng en-us+m3 -p 35 -s 180 -a 120");
    }
}
