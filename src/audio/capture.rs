//! The capture pipeline, independent of where samples come from: a realtime side
//! ([`CaptureSink`], called from the audio callback) pushes into a lock-free ring buffer
//! (rtrb); a writer thread drains it into a 16-bit mono WAV (hound), refreshing the header
//! every quarter second so the file stays readable even if the process is killed.
//!
//! The realtime side never locks, allocates or blocks: when the ring is full it drops the
//! samples and counts them, and the count is reported.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rtrb::{Consumer, Producer, RingBuffer};

/// How often the writer makes the file on disk a complete WAV.
pub const HEADER_REFRESH: Duration = Duration::from_millis(250);

/// Why a recording failed.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum CaptureError {
    #[error("cannot create {path}: {source}")]
    Create { path: PathBuf, source: hound::Error },
    #[error("writing {path} failed: {source}")]
    Write { path: PathBuf, source: hound::Error },
    #[error("cannot start the writer thread: {0}")]
    Thread(std::io::Error),
    #[error("the writer thread stopped unexpectedly")]
    WriterPanicked,
}

/// Counters shared by both sides.
#[derive(Debug, Default)]
pub struct Stats {
    /// Mono samples pushed into the ring.
    pub received: AtomicU64,
    /// Mono samples dropped because the ring was full (overruns).
    pub dropped: AtomicU64,
    /// Mono samples written to the file.
    pub written: AtomicU64,
    /// Peak of the samples the writer last took from the ring (f32 bits), for a level meter.
    level: AtomicU32,
}

impl Stats {
    /// The recent peak level, 0-1: what a level meter shows.
    pub fn level(&self) -> f32 {
        f32::from_bits(self.level.load(Ordering::Relaxed))
    }
}

/// The realtime side: give it the callback's interleaved frames.
pub struct CaptureSink {
    producer: Producer<f32>,
    channels: usize,
    stats: Arc<Stats>,
}

impl CaptureSink {
    /// Mixes interleaved frames down to mono and queues them for the writer. Safe to call
    /// from a realtime audio callback: no locks, no allocation, never waits.
    pub fn push_interleaved(&mut self, data: &[f32]) {
        let channels = self.channels.max(1);
        let scale = 1.0 / channels as f32;
        let mut pushed = 0u64;
        let mut dropped = 0u64;
        for frame in data.chunks_exact(channels) {
            let mono = frame.iter().sum::<f32>() * scale;
            if self.producer.push(mono).is_ok() {
                pushed += 1;
            } else {
                dropped += 1;
            }
        }
        self.stats.received.fetch_add(pushed, Ordering::Relaxed);
        if dropped > 0 {
            self.stats.dropped.fetch_add(dropped, Ordering::Relaxed);
        }
    }

    /// Free room in the ring, in mono samples (a synthetic source uses it to pace itself).
    pub fn room(&self) -> usize {
        self.producer.slots()
    }
}

/// What a finished recording holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The WAV file written.
    pub path: PathBuf,
    /// Samples per second.
    pub sample_rate: u32,
    /// How many samples the file holds.
    pub samples: u64,
    /// Samples lost because the writer fell behind (0 when all went well).
    pub dropped: u64,
}

impl Summary {
    /// The take's length in seconds.
    pub fn seconds(&self) -> f64 {
        self.samples as f64 / f64::from(self.sample_rate.max(1))
    }
}

/// The writer side of a recording in progress.
pub struct Recording {
    stop: Arc<AtomicBool>,
    stats: Arc<Stats>,
    writer: JoinHandle<Result<Summary, CaptureError>>,
}

impl Recording {
    /// Live measurements of the take so far (level, voice).
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Stops after writing everything already captured, and closes the file.
    pub fn finish(self) -> Result<Summary, CaptureError> {
        self.stop.store(true, Ordering::Release);
        self.writer.join().map_err(|_| CaptureError::WriterPanicked)?
    }
}

/// Starts a recording into `path`: returns the realtime sink and the writer's handle. The ring
/// holds `ring` of audio, enough to ride out a slow disk.
pub fn start(path: &Path, sample_rate: u32, channels: usize, ring: Duration) -> Result<(CaptureSink, Recording), CaptureError> {
    let spec = hound::WavSpec { channels: 1, sample_rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let wav = hound::WavWriter::create(path, spec).map_err(|source| CaptureError::Create { path: path.to_path_buf(), source })?;
    let capacity = ((ring.as_secs_f64() * f64::from(sample_rate)) as usize).max(1024);
    let (producer, consumer) = RingBuffer::new(capacity);
    let stats = Arc::new(Stats::default());
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stats, stop, path) = (Arc::clone(&stats), Arc::clone(&stop), path.to_path_buf());
        std::thread::Builder::new()
            .name("cooldown-wav-writer".into())
            .spawn(move || drain(consumer, wav, &stats, &stop, path, sample_rate))
            .map_err(CaptureError::Thread)?
    };
    Ok((CaptureSink { producer, channels, stats: Arc::clone(&stats) }, Recording { stop, stats, writer }))
}

/// The writer thread: ring -> 16-bit PCM, with periodic header refreshes.
fn drain(
    mut consumer: Consumer<f32>,
    mut wav: hound::WavWriter<BufWriter<File>>,
    stats: &Stats,
    stop: &AtomicBool,
    path: PathBuf,
    sample_rate: u32,
) -> Result<Summary, CaptureError> {
    let fail = |source| CaptureError::Write { path: path.clone(), source };
    let mut last_refresh = Instant::now();
    loop {
        // Read the flag before draining, so samples pushed before the stop are all written.
        let stopping = stop.load(Ordering::Acquire);
        let available = consumer.slots();
        if available > 0 {
            // This thread is the only consumer, so the slots counted are still there.
            let Ok(chunk) = consumer.read_chunk(available) else { continue };
            let (a, b) = chunk.as_slices();
            let mut peak = 0.0f32;
            for &s in a.iter().chain(b) {
                peak = peak.max(s.abs());
                wav.write_sample(to_i16(s)).map_err(fail)?;
            }
            stats.level.store(peak.to_bits(), Ordering::Relaxed);
            chunk.commit_all();
            stats.written.fetch_add(available as u64, Ordering::Relaxed);
        }
        if last_refresh.elapsed() >= HEADER_REFRESH {
            wav.flush().map_err(fail)?;
            last_refresh = Instant::now();
        }
        if stopping && consumer.is_empty() {
            break;
        }
        if available == 0 {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let samples = u64::from(wav.len());
    wav.finalize().map_err(fail)?;
    Ok(Summary { path, sample_rate, samples, dropped: stats.dropped.load(Ordering::Relaxed) })
}

/// A float sample in -1..1 as 16-bit PCM (clipped, rounded).
pub fn to_i16(s: f32) -> i16 {
    (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stereo_is_mixed_down_to_mono() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mix.wav");
        let (mut sink, rec) = start(&path, 8_000, 2, Duration::from_secs(1)).unwrap();
        sink.push_interleaved(&[0.5, 0.25, -1.0, 1.0, 0.2, 0.2]);
        let summary = rec.finish().unwrap();
        assert_eq!(summary.samples, 3);
        let samples: Vec<i16> = hound::WavReader::open(&path).unwrap().samples::<i16>().map(Result::unwrap).collect();
        assert_eq!(samples, [to_i16(0.375), 0, to_i16(0.2)]);
    }

    #[test]
    fn a_full_ring_drops_and_counts_instead_of_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let (mut sink, rec) = start(&dir.path().join("full.wav"), 8_000, 1, Duration::from_millis(1)).unwrap();
        // The ring holds 1024 samples; push far more in one go than the writer can take.
        let burst = vec![0.1f32; 100_000];
        sink.push_interleaved(&burst);
        let summary = rec.finish().unwrap();
        assert!(summary.dropped > 0, "overruns are counted");
        assert_eq!(summary.samples + summary.dropped, 100_000, "every sample is written or counted");
    }
}
