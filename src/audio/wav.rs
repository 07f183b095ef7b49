//! Facts about WAV files, read with hound.

use std::path::Path;
use std::time::Duration;

/// Why a WAV file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path} as WAV: {source}")]
pub struct WavError {
    pub path: String,
    #[source]
    pub source: hound::Error,
}

/// How long a WAV file plays. Only the header is read.
pub fn duration(path: &Path) -> Result<Duration, WavError> {
    let reader = hound::WavReader::open(path).map_err(|source| WavError { path: path.display().to_string(), source })?;
    let spec = reader.spec();
    let frames = reader.duration();
    Ok(Duration::from_secs_f64(f64::from(frames) / f64::from(spec.sample_rate.max(1))))
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
        assert!(duration(&dir.path().join("missing.wav")).unwrap_err().to_string().contains("missing.wav"));
    }
}
