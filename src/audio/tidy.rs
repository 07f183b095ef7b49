//! Turning a raw take into a prompt: cut the silence before and after the speech (keeping a
//! little air so words are not clipped), and bring the peak to a standard level so every line
//! of a pack plays equally loud.

use super::wav::analyse_samples;

/// Where the loudest sample lands after normalising: -1 dBFS, headroom for resampling.
pub const TARGET_PEAK: f32 = 0.891;
/// Kept before the first word and after the last one, in seconds.
const LEAD: f32 = 0.15;
const TAIL: f32 = 0.30;
/// More gain than this would mostly amplify noise: +30 dB.
const MAX_GAIN: f32 = 31.6;

/// A take after tidying, with what was done to it (shown to the trainer).
#[derive(Debug, Clone, PartialEq)]
pub struct Tidied {
    /// The samples after trimming and normalising.
    pub samples: Vec<f32>,
    /// Seconds cut from the start and from the end.
    pub cut_start: f32,
    /// Seconds cut from the end.
    pub cut_end: f32,
    /// The factor every sample was multiplied by.
    pub gain: f32,
    /// The peak before normalising (0-1), to warn about clipping or a far-away microphone.
    pub raw_peak: f32,
}

impl Tidied {
    /// The tidied take's length at `sample_rate`.
    pub fn seconds(&self, sample_rate: u32) -> f32 {
        self.samples.len() as f32 / sample_rate.max(1) as f32
    }
}

/// Trims and normalises mono samples; `None` when there is no speech in them at all.
pub fn tidy(samples: &[f32], sample_rate: u32) -> Option<Tidied> {
    let analysis = analyse_samples(samples, sample_rate);
    let first = analysis.voiced.first()?.0;
    let last = analysis.voiced.last()?.1;
    let rate = sample_rate.max(1) as f32;
    let index = |seconds: f32| ((seconds.max(0.0) * rate) as usize).min(samples.len());
    let (start, end) = (index(first - LEAD), index(last + TAIL));
    let kept = &samples[start..end];
    let raw_peak = kept.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    let gain = if raw_peak > 0.0 { (TARGET_PEAK / raw_peak).min(MAX_GAIN) } else { 1.0 };
    Some(Tidied {
        samples: kept.iter().map(|s| s * gain).collect(),
        cut_start: start as f32 / rate,
        cut_end: (samples.len() - end) as f32 / rate,
        gain,
        raw_peak,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 16_000;

    /// `silence` seconds of quiet hiss, `tone` seconds of a 200 Hz tone at `level`, then
    /// `silence` again.
    fn take(silence: f32, tone: f32, level: f32) -> Vec<f32> {
        let n = |s: f32| (s * RATE as f32) as usize;
        let hiss = |i: usize| if i.is_multiple_of(2) { 0.002 } else { -0.002 };
        let mut out: Vec<f32> = (0..n(silence)).map(hiss).collect();
        out.extend((0..n(tone)).map(|i| level * (i as f32 * 200.0 * std::f32::consts::TAU / RATE as f32).sin()));
        out.extend((0..n(silence)).map(hiss));
        out
    }

    #[test]
    fn silence_is_cut_to_a_little_air_and_the_peak_normalised() {
        let t = tidy(&take(2.0, 1.5, 0.2), RATE).expect("speech found");
        assert!((t.cut_start - (2.0 - LEAD)).abs() < 0.03, "cut {} s at the start", t.cut_start);
        assert!((t.cut_end - (2.0 - TAIL)).abs() < 0.03, "cut {} s at the end", t.cut_end);
        assert!((t.seconds(RATE) - (1.5 + LEAD + TAIL)).abs() < 0.05, "{} s left", t.seconds(RATE));
        let peak = t.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!((peak - TARGET_PEAK).abs() < 1e-3, "peak {peak}");
        assert!((t.raw_peak - 0.2).abs() < 1e-3);
        assert!((t.gain - TARGET_PEAK / t.raw_peak).abs() < 1e-3);
    }

    #[test]
    fn speech_at_the_very_edges_is_not_cut_into() {
        let t = tidy(&take(0.0, 1.0, 0.5), RATE).unwrap();
        assert_eq!(t.samples.len(), RATE as usize);
        assert_eq!((t.cut_start, t.cut_end), (0.0, 0.0));
    }

    #[test]
    fn nothing_but_hiss_is_no_take() {
        assert_eq!(tidy(&take(3.0, 0.0, 0.0), RATE), None);
        assert_eq!(tidy(&[], RATE), None);
    }

    #[test]
    fn a_whisper_is_not_blown_up_into_noise() {
        let t = tidy(&take(0.5, 1.0, 0.015), RATE).unwrap();
        assert_eq!(t.gain, MAX_GAIN);
    }
}
