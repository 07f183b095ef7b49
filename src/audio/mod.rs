//! Audio: WAV analysis with hound (pure, always built); microphone capture through cpal arrives
//! behind the `audio` feature.

pub mod capture;
pub mod source;
pub mod stt;
pub mod synth;
pub mod talk;
pub mod tidy;
#[cfg(feature = "audio")]
pub mod mic;
pub mod wav;
