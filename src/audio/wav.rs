//! Facts about WAV files, read with hound.

use std::path::Path;
use std::time::Duration;

use crate::scoring::delivery::{Calibration, Cue, Delivery};

/// Why a WAV file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path} as WAV: {source}")]
pub struct WavError {
    /// The file that could not be read.
    pub path: String,
    /// What hound said.
    #[source]
    pub source: hound::Error,
}

/// How long a WAV file plays. Only the header is read.
pub fn duration(path: &Path) -> Result<Duration, WavError> {
    let reader = hound::WavReader::open(path).map_err(|source| WavError { path: path.display().to_string(), source })?;
    Ok(length(&reader))
}

/// How long WAV bytes already in memory play (for a file read once to be both timed and played).
pub fn duration_of_bytes(bytes: &[u8]) -> Result<Duration, hound::Error> {
    Ok(length(&hound::WavReader::new(std::io::Cursor::new(bytes))?))
}

fn length<R: std::io::Read>(reader: &hound::WavReader<R>) -> Duration {
    Duration::from_secs_f64(f64::from(reader.duration()) / f64::from(reader.spec().sample_rate.max(1)))
}

/// Frame length for loudness and voice activity.
pub const FRAME: Duration = Duration::from_millis(20);
/// Quieter gaps than this inside speech do not split it.
const BRIDGE: Duration = Duration::from_millis(250);
/// Shorter bursts than this are clicks, not speech.
const MIN_VOICE: Duration = Duration::from_millis(100);

/// Loudness and speech in a recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// How long the recording plays.
    pub duration: Duration,
    /// Samples per second.
    pub sample_rate: u32,
    /// Root mean square over the whole file, 0-1 of full scale.
    pub rms: f32,
    /// Largest absolute sample, 0-1.
    pub peak: f32,
    /// Where someone is speaking, in seconds from the start.
    pub voiced: Vec<(f32, f32)>,
    /// RMS of the voiced frames only (how loud the speech itself is), 0-1.
    pub voiced_rms: f32,
}

impl Analysis {
    /// The speaker's calibration from this recording; `None` when it holds no speech.
    pub fn calibration(&self) -> Option<Calibration> {
        (!self.voiced.is_empty() && self.voiced_rms > 0.0).then(|| Calibration::of_reading(self.voiced_rms, self.talk_time()))
    }

    /// How this recording of an answer was delivered; `None` when it holds no speech.
    pub fn delivery(&self, cue: Cue, calibration: Option<Calibration>) -> Option<Delivery> {
        let onset = self.onset()?;
        let loudness_db = calibration.filter(|c| c.voiced_rms > 0.0).map(|c| decibels(self.voiced_rms / c.voiced_rms));
        Some(Delivery { latency: cue.recording_started + onset - cue.prompt_length, talk_time: self.talk_time(), loudness_db, speech: None })
    }

    /// When speech first starts, if it does.
    pub fn onset(&self) -> Option<f32> {
        self.voiced.first().map(|v| v.0)
    }

    /// Seconds of speech.
    pub fn talk_time(&self) -> f32 {
        self.voiced.iter().map(|(a, b)| b - a).sum()
    }
}

/// Reads and analyses a WAV file (any channel count: channels are averaged).
pub fn analyse(path: &Path) -> Result<Analysis, WavError> {
    let (mono, rate) = read_mono(path)?;
    Ok(analyse_samples(&mono, rate))
}

/// A WAV file's samples, channels averaged to mono, as -1..1, with its sample rate.
pub fn read_mono(path: &Path) -> Result<(Vec<f32>, u32), WavError> {
    let fail = |source| WavError { path: path.display().to_string(), source };
    let mut reader = hound::WavReader::open(path).map_err(fail)?;
    let spec = reader.spec();
    let channels = usize::from(spec.channels.max(1));
    let interleaved: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Float => reader.samples::<f32>().collect::<Result<_, _>>().map_err(fail)?,
        hound::SampleFormat::Int => {
            let full = (1i64 << (spec.bits_per_sample - 1)) as f32;
            reader.samples::<i32>().map(|s| s.map(|v| v as f32 / full)).collect::<Result<_, _>>().map_err(fail)?
        }
    };
    let mono = interleaved.chunks_exact(channels).map(|f| f.iter().sum::<f32>() / channels as f32).collect();
    Ok((mono, spec.sample_rate))
}

/// Writes mono samples as a 16-bit PCM WAV.
pub fn write_mono(path: &Path, samples: &[f32], sample_rate: u32) -> Result<(), WavError> {
    let fail = |source| WavError { path: path.display().to_string(), source };
    let spec = hound::WavSpec { channels: 1, sample_rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut writer = hound::WavWriter::create(path, spec).map_err(fail)?;
    for s in samples {
        writer.write_sample(super::capture::to_i16(*s)).map_err(fail)?;
    }
    writer.finalize().map_err(fail)
}

/// Analyses mono samples: loudness, and speech found by frame energy against the recording's
/// own level (a frame is voiced above a tenth of the loudest frame's RMS, and above a fixed
/// floor so silence with hiss stays silent).
pub fn analyse_samples(samples: &[f32], sample_rate: u32) -> Analysis {
    let rate = sample_rate.max(1) as f32;
    let frame = ((FRAME.as_secs_f32() * rate) as usize).max(1);
    let energies: Vec<f32> = samples.chunks(frame).map(rms).collect();
    let loudest = energies.iter().copied().fold(0.0f32, f32::max);
    let threshold = (loudest * 0.1).max(0.01);
    let seconds = |frames: usize| (frames * frame) as f32 / rate;

    let mut voiced: Vec<(f32, f32)> = Vec::new();
    let mut voiced_sq = 0.0f64;
    let mut voiced_n = 0usize;
    for (i, e) in energies.iter().enumerate() {
        if *e < threshold {
            continue;
        }
        voiced_sq += f64::from(e * e);
        voiced_n += 1;
        let (start, end) = (seconds(i), seconds(i + 1).min(samples.len() as f32 / rate));
        match voiced.last_mut() {
            Some(last) if start - last.1 <= BRIDGE.as_secs_f32() => last.1 = end,
            _ => voiced.push((start, end)),
        }
    }
    voiced.retain(|(a, b)| b - a >= MIN_VOICE.as_secs_f32());
    Analysis {
        duration: Duration::from_secs_f64(samples.len() as f64 / f64::from(rate)),
        sample_rate,
        rms: rms(samples),
        peak: samples.iter().fold(0.0f32, |m, s| m.max(s.abs())),
        voiced,
        voiced_rms: if voiced_n == 0 { 0.0 } else { (voiced_sq / voiced_n as f64).sqrt() as f32 },
    }
}

/// A level or a ratio of levels in decibels (silence floors at -120 dB rather than -inf).
pub fn decibels(level: f32) -> f32 {
    20.0 * level.max(1e-6).log10()
}

fn rms(samples: &[f32]) -> f32 {
    if samples.is_empty() {
        return 0.0;
    }
    let sum: f64 = samples.iter().map(|s| f64::from(*s) * f64::from(*s)).sum();
    (sum / samples.len() as f64).sqrt() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_comes_from_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tone.wav");
        let spec = hound::WavSpec { channels: 2, sample_rate: 16_000, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for _ in 0..(16_000 * 3 / 2) {
            w.write_sample(0i16).unwrap();
            w.write_sample(0i16).unwrap();
        }
        w.finalize().unwrap();
        assert_eq!(duration(&path).unwrap(), Duration::from_millis(1500));
        assert_eq!(duration_of_bytes(&std::fs::read(&path).unwrap()).unwrap(), Duration::from_millis(1500));
        assert!(duration_of_bytes(b"not a wav").is_err());
        assert!(duration(&dir.path().join("missing.wav")).unwrap_err().to_string().contains("missing.wav"));
    }

    /// `silence` seconds, then a 220 Hz tone of `amplitude` for `tone` seconds, then silence.
    fn constructed(rate: u32, silence: f32, tone: f32, amplitude: f32) -> Vec<f32> {
        let n = |s: f32| (s * rate as f32) as usize;
        let mut v = vec![0.0; n(silence)];
        v.extend((0..n(tone)).map(|i| amplitude * (i as f32 * 220.0 * std::f32::consts::TAU / rate as f32).sin()));
        v.extend(vec![0.0; n(0.5)]);
        v
    }

    #[test]
    fn onset_talk_time_and_loudness_of_a_known_signal() {
        let a = analyse_samples(&constructed(16_000, 1.2, 2.0, 0.5), 16_000);
        let onset = a.onset().unwrap();
        assert!((onset - 1.2).abs() <= 0.021, "onset {onset}");
        assert!((a.talk_time() - 2.0).abs() <= 0.05, "talk time {}", a.talk_time());
        assert!((a.peak - 0.5).abs() < 0.01);
        // A sine's RMS is amplitude / sqrt(2).
        assert!((a.voiced_rms - 0.5 / 2f32.sqrt()).abs() < 0.01, "{}", a.voiced_rms);
        assert_eq!(a.duration, Duration::from_millis(3700));
    }

    #[test]
    fn silence_and_clicks_are_not_speech() {
        let mut samples = vec![0.001f32; 16_000];
        samples[8_000] = 0.9;
        let a = analyse_samples(&samples, 16_000);
        assert!(a.voiced.is_empty(), "{:?}", a.voiced);
        assert_eq!(a.onset(), None);
    }

    #[test]
    fn a_written_file_analyses_like_its_samples() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("speech.wav");
        let samples = constructed(8_000, 0.5, 1.0, 0.8);
        let spec = hound::WavSpec { channels: 1, sample_rate: 8_000, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for s in &samples {
            w.write_sample(crate::audio::capture::to_i16(*s)).unwrap();
        }
        w.finalize().unwrap();
        let from_file = analyse(&path).unwrap();
        assert!((from_file.onset().unwrap() - 0.5).abs() <= 0.021);
        assert!((from_file.peak - 0.8).abs() < 0.001);
    }
}
