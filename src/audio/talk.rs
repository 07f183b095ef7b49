//! Answering aloud, for the terminal player and the window alike: the microphone, the
//! speaker's calibration, and where a session's answers are saved. The microphone opens on
//! first use, so a trainee who only types never meets a device error;
//! the first spoken answer is preceded by a calibration sentence read in a normal voice, the
//! reference for "raised voice".

use std::path::{Path, PathBuf};

use super::source::Source;
use super::stt::{SttError, Transcriber};
use super::wav;
use crate::scoring::delivery::{Calibration, Cue, Delivery, Heard, Speech};

/// Opens the microphone when first needed; the error says what to do instead.
pub type OpenSource = Box<dyn FnOnce() -> Result<Box<dyn Source>, String>>;

/// Starts the transcriber when first needed (its model takes a moment to load).
pub type OpenTranscriber = Box<dyn FnOnce() -> Result<Box<dyn Transcriber>, SttError> + Send>;

/// The engine (or why there is none) and what it made of a recording, sent back by the thread
/// that transcribed it.
type Done = (Result<Box<dyn Transcriber>, String>, Result<super::stt::Transcript, String>);

/// A recording being transcribed on a thread of its own, so a window keeps drawing meanwhile;
/// [`Talk::transcribed`] collects it.
pub struct Transcribing {
    done: std::sync::mpsc::Receiver<Done>,
    recording: PathBuf,
    delivery: Delivery,
}

impl Transcribing {
    /// The recording being transcribed.
    pub fn recording(&self) -> &Path {
        &self.recording
    }

    /// Its delivery as measured from the sound alone.
    pub fn delivery(&self) -> Delivery {
        self.delivery
    }
}

/// The microphone (once open), the calibration, the transcriber if any, and where this
/// session's answers go.
pub struct Talk {
    open: Option<OpenSource>,
    source: Option<Box<dyn Source>>,
    /// Why the microphone did not open, repeated on later tries.
    failed: Option<String>,
    dir: PathBuf,
    /// `Some(None)`: calibrated, but the calibration held no speech.
    calibration: Option<Option<Calibration>>,
    open_transcriber: Option<OpenTranscriber>,
    /// The started transcriber, or why there is none.
    transcriber: Option<Result<Box<dyn Transcriber>, String>>,
}

impl Talk {
    /// Answering aloud through the source `open` makes on first use, with answers saved in `dir`.
    pub fn new(open: OpenSource, dir: PathBuf) -> Talk {
        Talk { open: Some(open), source: None, failed: None, dir, calibration: None, open_transcriber: None, transcriber: None }
    }

    /// Spoken answers are also transcribed, by the engine `open` starts on the first answer.
    pub fn with_transcriber(mut self, open: OpenTranscriber) -> Talk {
        self.open_transcriber = Some(open);
        self
    }

    /// Whether answers are transcribed (as far as is known before the first try).
    pub fn transcribes(&self) -> bool {
        self.open_transcriber.is_some() || matches!(self.transcriber, Some(Ok(_)))
    }

    /// The words of an answer's `recording`, and its `delivery` measured on them too (rate,
    /// fillers, pauses). `Err` says why not: no engine (how to install one; after that first
    /// try [`Talk::transcribes`] is false, so it is said once), or this take failed.
    pub fn transcribe(&mut self, recording: &Path, delivery: Delivery) -> Result<(Heard, Delivery), String> {
        let job = self.start_transcribing(recording, delivery)?;
        let done = job.done.recv().map_err(|_| "the transcriber stopped".to_string());
        self.finish(&job, done)
    }

    /// As [`Talk::transcribe`], on a thread of its own (the engine starts there on first use):
    /// [`Talk::transcribed`] has the outcome once it is ready.
    pub fn start_transcribing(&mut self, recording: &Path, delivery: Delivery) -> Result<Transcribing, String> {
        let engine: Result<Box<dyn Transcriber>, OpenTranscriber> = match (self.transcriber.take(), self.open_transcriber.take()) {
            (Some(Ok(engine)), _) => Ok(engine),
            (Some(Err(why)), _) => {
                self.transcriber = Some(Err(why.clone()));
                return Err(why);
            }
            (None, Some(open)) => Err(open),
            (None, None) => return Err("this player does not transcribe".into()),
        };
        let (send, done) = std::sync::mpsc::channel();
        let file = recording.to_path_buf();
        std::thread::spawn(move || {
            let engine = engine.or_else(|open| open().map_err(|e| e.to_string()));
            let outcome = match engine {
                Ok(mut engine) => {
                    let heard = engine.transcribe(&file).map_err(|e| e.to_string());
                    (Ok(engine), heard)
                }
                Err(why) => (Err(why.clone()), Err(why)),
            };
            let _ = send.send(outcome);
        });
        Ok(Transcribing { done, recording: recording.to_path_buf(), delivery })
    }

    /// The outcome of `job`, once its thread is done (`None` before); the engine comes back
    /// for the next answer.
    pub fn transcribed(&mut self, job: &Transcribing) -> Option<Result<(Heard, Delivery), String>> {
        let done = match job.done.try_recv() {
            Ok(done) => Ok(done),
            Err(std::sync::mpsc::TryRecvError::Empty) => return None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Err("the transcriber stopped".to_string()),
        };
        Some(self.finish(job, done))
    }

    /// Waits for `job` only to have the engine back for later answers: its words are no longer
    /// wanted (the call it belonged to is gone).
    pub fn abandon(&mut self, job: Transcribing) {
        if let Ok((engine, _)) = job.done.recv() {
            self.transcriber = Some(engine);
        }
    }

    fn finish(&mut self, job: &Transcribing, done: Result<Done, String>) -> Result<(Heard, Delivery), String> {
        let (engine, heard) = done?;
        self.transcriber = Some(engine);
        let transcript = heard?;
        let delivery = job.delivery;
        let speech = Speech::of(&transcript.words, delivery.talk_time, self.calibration.flatten().as_ref());
        let latency = delivery.latency + words_after_sound(&job.recording, &transcript.words);
        Ok((transcript.heard(), Delivery { speech, latency, ..delivery }))
    }

    /// The microphone, opening it on first use.
    pub fn source(&mut self) -> Result<&mut dyn Source, String> {
        if self.source.is_none() {
            // One try: a missing microphone stays missing, and asking again would only stall.
            let open = self.open.take().ok_or_else(|| self.failed.clone().unwrap_or_default())?;
            match open() {
                Ok(source) => self.source = Some(source),
                Err(e) => {
                    self.failed = Some(e.clone());
                    return Err(e);
                }
            }
        }
        crate::paths::create_private_dir(&self.dir).map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        Ok(self.source.as_deref_mut().expect("opened above"))
    }

    /// Whether the trainee still has to read the calibration sentence (their speaking rate and level).
    pub fn needs_calibration(&self) -> bool {
        self.calibration.is_none()
    }

    /// Where the calibration take is saved.
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
        let c = wav::analyse(recording)?.calibration();
        self.calibration = Some(c);
        Ok(c.is_some())
    }

    /// Measures an answer against the customer's line it replies to.
    pub fn measure(&self, recording: &Path, cue: Cue) -> Result<Option<Delivery>, wav::WavError> {
        Ok(wav::analyse(recording)?.delivery(cue, self.calibration.flatten()))
    }

    /// Saves the next answers into `dir` (a new session); the calibration is kept: same speaker.
    pub fn set_dir(&mut self, dir: PathBuf) {
        self.dir = dir;
    }
}

/// Below this gap between the first sound and the first word, the two are the same start
/// (Whisper places a first word up to a quarter second early).
const NOT_SPEECH: f32 = 0.3;

/// How much later the first word began than the first sound of `recording`: a breath, a click
/// or a cough before speaking is not talking over the customer. Only ever later: Whisper's
/// first-word times run early, so they never bring the start forward.
fn words_after_sound(recording: &Path, words: &[super::stt::Word]) -> f32 {
    let (Some(first), Ok(Some(onset))) = (words.first(), wav::analyse(recording).map(|a| a.onset())) else { return 0.0 };
    let gap = first.start - onset;
    if gap > NOT_SPEECH { gap } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::stt::{Transcript, Word};

    /// Hears `words` starting at `at` seconds, whatever the recording.
    struct Scripted(f32);

    impl Transcriber for Scripted {
        fn transcribe(&mut self, _wav: &Path) -> Result<Transcript, SttError> {
            let words = ["sorry", "about", "that"].iter().enumerate().map(|(i, w)| Word { word: w.to_string(), start: self.0 + i as f32 * 0.3, end: self.0 + i as f32 * 0.3 + 0.25, confidence: 0.9 }).collect();
            Ok(Transcript { text: "sorry about that".into(), words, language: "en".into(), engine: "scripted".into() })
        }
    }

    /// A recording with a short click at 0.5 s and a tone (the voice) from 1.5 s to 2.5 s.
    fn click_then_voice(path: &Path) {
        let rate = 16_000;
        let spec = hound::WavSpec { channels: 1, sample_rate: rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..3 * rate {
            let t = i as f32 / rate as f32;
            let on = (0.5..0.6).contains(&t) || (1.5..2.5).contains(&t);
            let s = if on { 0.3 * (t * 440.0 * std::f32::consts::TAU).sin() } else { 0.0 };
            w.write_sample((s * 32767.0) as i16).unwrap();
        }
        w.finalize().unwrap();
    }

    fn talk_hearing(at: f32) -> Talk {
        Talk::new(Box::new(|| Err("unused".into())), PathBuf::from("unused")).with_transcriber(Box::new(move || Ok(Box::new(Scripted(at)) as Box<dyn Transcriber>)))
    }

    #[test]
    fn a_sound_before_the_first_word_is_not_when_the_answer_started() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("take.wav");
        click_then_voice(&file);
        let measured = Delivery { latency: -1.0, talk_time: 1.1, loudness_db: None, speech: None };
        // The words begin with the voice at 1.5 s, a second after the click the energy heard.
        let (_, d) = talk_hearing(1.5).transcribe(&file, measured).unwrap();
        assert!((d.latency - 0.0).abs() < 0.05, "a second later than the click: {}", d.latency);
        assert!(d.speech.is_some());
        // A first word stamped a little early never brings the start forward.
        let (_, d) = talk_hearing(0.4).transcribe(&file, measured).unwrap();
        assert_eq!(d.latency, -1.0);
    }

    #[test]
    fn an_abandoned_transcription_gives_the_engine_back_for_the_next_answer() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("take.wav");
        click_then_voice(&file);
        let measured = Delivery { latency: 0.5, talk_time: 1.1, loudness_db: None, speech: None };
        let mut talk = talk_hearing(1.5);
        let job = talk.start_transcribing(&file, measured).unwrap();
        assert!(!talk.transcribes(), "the engine is away on its thread");
        talk.abandon(job);
        assert!(talk.transcribes());
        let (heard, _) = talk.transcribe(&file, measured).unwrap();
        assert_eq!(heard.text, "sorry about that");
    }
}
