//! Microphones through cpal (feature `audio`): listing, choosing by name, and recording into
//! the capture pipeline. Every failure is an error that says what to try, never a panic
//! (hosts are opened with `host_from_id`, as `default_host()` can panic).

use std::path::Path;
use std::time::Duration;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use super::capture::{self, CaptureSink, Recording, Summary};
use super::source::{LiveTake, Source, SourceError};

/// What went wrong with a microphone, and what to do about it.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum MicError {
    #[error("no audio system is available here; type your answers instead, or check that ALSA/PulseAudio/PipeWire is installed")]
    NoHost,
    #[error("no microphone was found; plug one in (then check `cooldown devices`), or type your answers instead")]
    NoInputDevice,
    #[error("no microphone called `{name}`; available: {}", if available.is_empty() { "none".to_string() } else { available.join(", ") })]
    NotFound { name: String, available: Vec<String> },
    #[error("the microphone `{name}` is busy (another program may be using it); close that program or choose another device with --device")]
    Busy { name: String },
    #[error("the microphone `{name}` cannot record in a format cooldown reads ({detail}); choose another device with --device")]
    Unsupported { name: String, detail: String },
    #[error("the microphone `{name}` failed: {detail}")]
    Device { name: String, detail: String },
    #[error(transparent)]
    Capture(#[from] capture::CaptureError),
}

/// The hosts cpal can open here, the platform's preferred one first.
fn hosts() -> Vec<cpal::Host> {
    cpal::available_hosts().into_iter().filter_map(|id| cpal::host_from_id(id).ok()).collect()
}

fn name_of(device: &cpal::Device) -> String {
    device.description().map_or_else(|_| device.to_string(), |d| d.name().to_string())
}

/// ALSA's stand-ins that never hear anything, offered as inputs all the same: the `null`
/// device ("Discard all samples (playback) or generate zero samples (capture)"). Recording
/// from one gives silence, so it is not listed or chosen as a microphone.
fn is_stand_in(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.starts_with("discard all samples") || lower == "null"
}

/// Runs `probe` with standard error silenced (Unix): while cpal looks through ALSA's devices,
/// the ALSA library prints a dozen lines of its own about ones that are not there, which
/// would bury cooldown's message. Only around probing, before any recording starts; standard
/// error is restored when `probe` returns or unwinds.
#[cfg(unix)]
fn quietly<T>(probe: impl FnOnce() -> T) -> T {
    use std::os::fd::AsRawFd;
    struct Restore(i32);
    impl Drop for Restore {
        fn drop(&mut self) {
            // SAFETY: puts back the descriptor saved below and closes the copy.
            unsafe {
                libc::dup2(self.0, libc::STDERR_FILENO);
                libc::close(self.0);
            }
        }
    }
    let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") else { return probe() };
    // SAFETY: duplicates our own standard error; checked before use.
    let saved = unsafe { libc::dup(libc::STDERR_FILENO) };
    if saved < 0 {
        return probe();
    }
    let _restore = Restore(saved);
    // SAFETY: points standard error at /dev/null until `_restore` is dropped.
    unsafe { libc::dup2(null.as_raw_fd(), libc::STDERR_FILENO) };
    probe()
}

#[cfg(not(unix))]
fn quietly<T>(probe: impl FnOnce() -> T) -> T {
    probe()
}

/// Names of the input devices, for `cooldown devices` and `--device`.
pub fn input_devices() -> Result<Vec<String>, MicError> {
    quietly(|| {
        let hosts = hosts();
        if hosts.is_empty() {
            return Err(MicError::NoHost);
        }
        let mut names: Vec<String> =
            hosts.iter().filter_map(|h| h.input_devices().ok()).flatten().map(|d| name_of(&d)).filter(|n| !is_stand_in(n)).collect();
        names.dedup();
        Ok(names)
    })
}

/// The named microphone (the default input when `None`) as something to record takes from.
pub fn open_source(name: Option<&str>) -> Result<Box<dyn Source>, MicError> {
    Ok(Box::new(Mic::open(name)?))
}

/// A chosen microphone with the format it records in.
pub struct Mic {
    device: cpal::Device,
    name: String,
    config: cpal::SupportedStreamConfig,
}

impl Mic {
    /// The named device, or the default input device.
    pub fn open(name: Option<&str>) -> Result<Mic, MicError> {
        quietly(|| Mic::probe(name))
    }

    fn probe(name: Option<&str>) -> Result<Mic, MicError> {
        let hosts = hosts();
        if hosts.is_empty() {
            return Err(MicError::NoHost);
        }
        let device = match name {
            Some(wanted) => hosts
                .iter()
                .filter_map(|h| h.input_devices().ok())
                .flatten()
                .find(|d| name_of(d) == wanted && !is_stand_in(wanted))
                .ok_or_else(|| MicError::NotFound { name: wanted.to_string(), available: input_devices().unwrap_or_default() })?,
            None => hosts.iter().find_map(|h| h.default_input_device()).ok_or(MicError::NoInputDevice)?,
        };
        if is_stand_in(&name_of(&device)) {
            return Err(MicError::NoInputDevice);
        }
        let name = name_of(&device);
        let config = choose_config(&device).map_err(|e| {
            // ALSA names a "default" input even where there is nothing behind it; with no
            // devices listed at all, the honest message is that there is no microphone.
            if is_absent(&e) && input_devices().is_ok_and(|d| d.is_empty()) {
                MicError::NoInputDevice
            } else {
                classify(&name, e)
            }
        })?;
        Ok(Mic { device, name, config })
    }

    /// The device's name, as `cooldown devices` lists it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The recording format, for diagnostics: "48000 Hz, 2 channels, i16".
    pub fn describe(&self) -> String {
        format!("{} Hz, {} channels, {}", self.config.sample_rate(), self.config.channels(), self.config.sample_format())
    }

    /// Samples per second the device records at.
    pub fn sample_rate(&self) -> u32 {
        self.config.sample_rate()
    }

    /// Starts recording into `path` (16-bit mono WAV at the device's rate). Drop the returned
    /// stream, then call [`Recording::finish`], to stop.
    pub fn record(&self, path: &Path) -> Result<(cpal::Stream, Recording), MicError> {
        self.record_buffered(path, Duration::from_secs(2))
    }

    /// [`Mic::record`] with a ring buffer holding `ring` of audio.
    pub fn record_buffered(&self, path: &Path, ring: Duration) -> Result<(cpal::Stream, Recording), MicError> {
        let channels = usize::from(self.config.channels());
        let (sink, recording) = capture::start(path, self.sample_rate(), channels, ring)?;
        let config = self.config.config();
        let name = self.name.clone();
        let on_error = move |e: cpal::Error| eprintln!("microphone error: {e}");
        let stream = match self.config.sample_format() {
            cpal::SampleFormat::F32 => {
                let mut sink = sink;
                self.device.build_input_stream(config, move |data: &[f32], _: &_| sink.push_interleaved(data), on_error, None)
            }
            cpal::SampleFormat::I16 => {
                let mut converter = Converter::new(sink);
                self.device.build_input_stream(config, move |data: &[i16], _: &_| converter.push_i16(data), on_error, None)
            }
            other => return Err(MicError::Unsupported { name, detail: format!("{other} samples") }),
        }
        .map_err(|e| classify(&self.name, e))?;
        stream.play().map_err(|e| classify(&self.name, e))?;
        Ok((stream, recording))
    }
}

/// The device's default rate, but in the format the WAV is written in (16-bit mono) when the
/// device offers it at that rate: no conversion, no mixdown, and exactly the samples the device
/// produced. Otherwise the device's default configuration.
fn choose_config(device: &cpal::Device) -> Result<cpal::SupportedStreamConfig, cpal::Error> {
    let default = device.default_input_config()?;
    let rate = default.sample_rate();
    let preferred = device.supported_input_configs().ok().and_then(|configs| {
        configs
            .filter(|c| c.min_sample_rate() <= rate && rate <= c.max_sample_rate())
            .filter(|c| matches!(c.sample_format(), cpal::SampleFormat::I16 | cpal::SampleFormat::F32))
            .min_by_key(|c| (c.channels() != 1, c.sample_format() != cpal::SampleFormat::I16))
            .and_then(|c| c.try_with_sample_rate(rate))
    });
    Ok(preferred.unwrap_or(default))
}

/// A take from the microphone: the stream runs until the take is stopped.
struct MicTake {
    stream: cpal::Stream,
    recording: Recording,
    sample_rate: u32,
}

impl LiveTake for MicTake {
    fn stats(&self) -> &super::capture::Stats {
        self.recording.stats()
    }

    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn stop(self: Box<Self>) -> Result<Summary, SourceError> {
        // Dropping the stream stops the callbacks; then the writer drains what is left.
        drop(self.stream);
        Ok(self.recording.finish()?)
    }
}

impl Source for Mic {
    fn start(&mut self, path: &Path) -> Result<Box<dyn LiveTake>, SourceError> {
        let (stream, recording) = self.record(path).map_err(|e| SourceError::Device(Box::new(e)))?;
        Ok(Box::new(MicTake { stream, recording, sample_rate: self.sample_rate() }))
    }

    fn describe(&self) -> String {
        format!("{} ({})", self.name, Mic::describe(self))
    }
}

/// Turns 16-bit callbacks into floats without allocating in the callback: the buffer is
/// allocated once, up front.
struct Converter {
    sink: CaptureSink,
    buffer: Vec<f32>,
}

impl Converter {
    fn new(sink: CaptureSink) -> Self {
        Converter { sink, buffer: Vec::with_capacity(1 << 16) }
    }

    fn push_i16(&mut self, data: &[i16]) {
        for chunk in data.chunks(self.buffer.capacity().max(1)) {
            self.buffer.clear();
            self.buffer.extend(chunk.iter().map(|s| f32::from(*s) / f32::from(i16::MAX)));
            self.sink.push_interleaved(&self.buffer);
        }
    }
}

/// Whether opening failed because the device is not there (rather than busy or unsuitable).
fn is_absent(e: &cpal::Error) -> bool {
    matches!(e.kind(), cpal::ErrorKind::DeviceNotAvailable)
}

fn classify(name: &str, e: cpal::Error) -> MicError {
    let detail = e.to_string();
    match e.kind() {
        cpal::ErrorKind::DeviceBusy => MicError::Busy { name: name.to_string() },
        cpal::ErrorKind::UnsupportedConfig => MicError::Unsupported { name: name.to_string(), detail },
        _ => MicError::Device { name: name.to_string(), detail },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alsas_null_device_is_not_a_microphone() {
        assert!(is_stand_in("Discard all samples (playback) or generate zero samples (capture)"));
        assert!(is_stand_in("null"));
        assert!(!is_stand_in("Default Audio Device"));
        assert!(!is_stand_in("USB Headset Microphone"));
    }
}
