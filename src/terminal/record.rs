//! `cooldown record`: a trainer voices the customer's lines. Goes through every spoken form
//! that has no recording, a stale one (the text changed) or only a synthesised placeholder;
//! shows the line and its emotion, counts in, shows a live level meter, stops on Enter, trims
//! the silence, normalises the peak, and lets the trainer keep or redo. Each kept take is
//! written beside the scenario (`audio/<line>.wav`) and entered in `audio/takes.ron` at once,
//! so quitting half-way keeps everything recorded so far.
//!
//! `--synthesise` fills the gaps with espeak-ng placeholder voices instead (no microphone).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use super::render::{self, Style};
use crate::audio::source::{Source, SourceError};
use crate::audio::stt::{word_error_rate, Transcriber};
use crate::audio::synth::{self, SynthError};
use crate::audio::tidy::{tidy, Tidied};
use crate::audio::wav::{self, decibels, WavError};
use crate::scenario::takes::{self, spoken_forms, Take, TakeState, Takes, Voice};
use crate::scenario::{closest, Emotion, Line, LoadedScenario};

/// Why recording stopped.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum RecordError {
    #[error("no line `{id}` in {scenario}{}", suggestion.as_ref().map_or(String::new(), |s| format!("; did you mean `{s}`?")))]
    NoSuchLine { id: String, scenario: String, suggestion: Option<String> },
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Synth(#[from] SynthError),
    #[error(transparent)]
    Wav(#[from] WavError),
    #[error("`{key}` is a person's recording; the synthesiser does not replace it unless asked with --replace-recordings")]
    PersonsTake { key: String },
    #[error("the recordings manifest is unreadable: {0}")]
    Manifest(#[from] crate::scenario::LoadError),
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("terminal I/O failed: {0}")]
    Io(#[from] io::Error),
}

/// Why a spoken form is on the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The line has no recording yet.
    Missing,
    /// The text changed since it was recorded.
    Stale,
    /// Listed in the manifest, but the WAV is gone.
    FileMissing,
    /// Only a synthesised placeholder so far.
    Placeholder,
    /// Named with `--line`.
    Asked,
    /// Its manifest entry named a file outside the pack, which is never played.
    Outside,
}

impl Why {
    fn describe(self) -> &'static str {
        match self {
            Why::Missing => "no recording yet",
            Why::Stale => "the text changed since it was recorded",
            Why::FileMissing => "its WAV file is missing",
            Why::Placeholder => "replaces the synthesised placeholder",
            Why::Asked => "asked for",
            Why::Outside => "its listed file was outside the pack",
        }
    }
}

/// One spoken form of a line to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The take's key (`line-id` or `line-id~N`).
    pub key: String,
    /// The line's id.
    pub line_id: String,
    /// Which spoken form: 0 for the text, then the variants.
    pub variant: usize,
    /// How many spoken forms the line has (text + variants).
    pub forms: usize,
    /// The words to say.
    pub text: String,
    /// How to say them.
    pub emotion: Emotion,
    /// Why it needs recording.
    pub why: Why,
}

impl Job {
    /// The job of one spoken form of `line` (0: its text, then its variants).
    fn new(line: &Line, variant: usize, text: &str, why: Why) -> Job {
        let forms = 1 + line.variants.len();
        Job { key: takes::key(&line.id, variant), line_id: line.id.clone(), variant, forms, text: text.to_string(), emotion: line.emotion, why }
    }
}

/// Who will speak the takes: a person at a microphone replaces placeholders too; the
/// synthesiser only fills gaps and never overwrites a person's recording, unless told to with
/// [`Speaker::SynthesiserOverPeople`] (`--replace-recordings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// A person at the microphone.
    Person,
    /// espeak-ng placeholder voices, for lines nobody has recorded.
    Synthesiser,
    /// espeak-ng, replacing people's recordings too.
    SynthesiserOverPeople,
}

/// The spoken forms to record: those of `line` when given, else every one that needs it.
/// A person's take (fresh or stale) is left alone by the synthesiser: skipped when filling
/// gaps, an error when asked for by `line`, unless the speaker is `SynthesiserOverPeople`.
pub fn jobs(loaded: &LoadedScenario, line: Option<&str>, speaker: Speaker) -> Result<Vec<Job>, RecordError> {
    let sc = &loaded.scenario;
    let lines: Vec<&Line> = sc.spoken_lines().map(|(_, l)| l).collect();
    if let Some(id) = line {
        if !lines.iter().any(|l| l.id == id) {
            return Err(RecordError::NoSuchLine {
                id: id.to_string(),
                scenario: loaded.source.path.display().to_string(),
                suggestion: closest(id, lines.iter().map(|l| l.id.as_str())).map(str::to_string),
            });
        }
    }
    let mut out = Vec::new();
    for l in lines.into_iter().filter(|l| line.is_none_or(|id| l.id == id)) {
        for (variant, text) in spoken_forms(l) {
            // A line's own `audio:` field plays instead of any take, so recording it is pointless.
            if variant == 0 && l.audio.is_some() {
                continue;
            }
            let state = loaded.takes.state(loaded.pack_dir(), l, variant, text);
            let persons = matches!(state, TakeState::Fresh(t) | TakeState::Stale(t) if t.by == Voice::Recorded);
            if persons && speaker == Speaker::Synthesiser {
                if line.is_some() {
                    return Err(RecordError::PersonsTake { key: takes::key(&l.id, variant) });
                }
                continue;
            }
            let why = match state {
                _ if line.is_some() => Some(Why::Asked),
                TakeState::Outside(_) => Some(Why::Outside),
                TakeState::Missing => Some(Why::Missing),
                TakeState::Stale(_) => Some(Why::Stale),
                TakeState::FileMissing(_) => Some(Why::FileMissing),
                TakeState::Fresh(Take { by: Voice::Synthesised(_), .. }) if speaker == Speaker::Person => Some(Why::Placeholder),
                TakeState::Fresh(_) => None,
            };
            if let Some(why) = why {
                out.push(Job::new(l, variant, text, why));
            }
        }
    }
    Ok(out)
}

/// Writes a tidied take as `audio/<key>.wav` in the pack and enters it in the manifest, both
/// by rename so an interruption leaves the old state or the new one, never half of either.
pub fn keep(pack_dir: &Path, job: &Job, samples: &[f32], sample_rate: u32, by: Voice) -> Result<PathBuf, RecordError> {
    let file = format!("audio/{}.wav", job.key);
    let path = pack_dir.join(&file);
    // The pack's own audio folder is the one folder recording makes, and it must be in the
    // pack: a folder that links elsewhere would have takes written outside it.
    std::fs::create_dir_all(pack_dir.join("audio")).map_err(|source| RecordError::Write { path: path.clone(), source })?;
    if crate::paths::inside_pack(pack_dir, &file).is_none() || crate::paths::inside_pack(pack_dir, "audio").is_none() {
        let source = io::Error::other("the pack's audio folder leads outside the pack");
        return Err(RecordError::Write { path, source });
    }
    crate::paths::write_whole(&path, |temp| wav::write_mono(temp, samples, sample_rate).map_err(io::Error::other))
        .map_err(|source| RecordError::Write { path: path.clone(), source })?;
    // Read the manifest afresh: every scenario of the pack shares it, and the copy loaded with
    // this scenario does not have the takes just kept for the others.
    let mut takes = Takes::load(pack_dir)?;
    takes.takes.insert(job.key.clone(), Take { file, text: takes::text_hash(&job.text), by });
    takes.save(pack_dir).map_err(|source| RecordError::Write { path: pack_dir.join(takes::TAKES_FILE), source })?;
    Ok(path)
}

/// What happened to one WAV offered by `cooldown record --import` (`file`: its name; `take`:
/// the take it became; `suggestion`: the take its name is closest to).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Imported {
    /// Kept as the take of its name, in the pack of `scenario`.
    Kept { take: String, scenario: String },
    /// Its name is no take of these scenarios.
    Unknown { file: String, suggestion: Option<String> },
    /// It holds no speech (only silence) or could not be read.
    Refused { file: String, why: String },
}

/// Takes recordings made elsewhere (a studio, a voice actor at home): every `TAKE.wav` in
/// `dir` whose name is a take of the scenarios (see `cooldown script`) is read, trimmed and
/// normalised as a take recorded here, written into its pack and entered in `audio/takes.ron`
/// as a person's recording. Other files are reported, never guessed at.
pub fn import(scenarios: &[LoadedScenario], dir: &Path) -> Result<Vec<Imported>, RecordError> {
    let mut wavs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| RecordError::Write { path: dir.to_path_buf(), source })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("wav")))
        .collect();
    wavs.sort();
    // Every take of the scenarios, by key.
    let known: Vec<(Job, &LoadedScenario)> = scenarios
        .iter()
        .flat_map(|loaded| loaded.scenario.spoken_lines().map(move |(_, l)| (l, loaded)))
        .flat_map(|(l, loaded)| spoken_forms(l).map(move |(variant, text)| (Job::new(l, variant, text, Why::Asked), loaded)))
        .collect();
    let mut out = Vec::new();
    for wav_path in wavs {
        let file = wav_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = wav_path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some((job, loaded)) = known.iter().find(|(j, _)| j.key == stem) else {
            let suggestion = closest(&stem, known.iter().map(|(j, _)| j.key.as_str())).map(str::to_string);
            out.push(Imported::Unknown { file, suggestion });
            continue;
        };
        let (samples, rate) = match wav::read_mono(&wav_path) {
            Ok(read) => read,
            Err(e) => {
                out.push(Imported::Refused { file, why: e.to_string() });
                continue;
            }
        };
        let Some(tidied) = tidy(&samples, rate) else {
            out.push(Imported::Refused { file, why: "it holds no speech, only silence".to_string() });
            continue;
        };
        keep(loaded.pack_dir(), job, &tidied.samples, rate, Voice::Recorded)?;
        out.push(Imported::Kept { take: job.key.clone(), scenario: loaded.scenario.id.clone() });
    }
    Ok(out)
}

/// What a recording run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Takes kept.
    pub kept: usize,
    /// Takes skipped.
    pub skipped: usize,
    /// The trainer quit (or the input closed) before the end of the list.
    pub quit: bool,
}

/// Speaks every job with the persona's synthesised voice.
pub fn synthesise(loaded: &LoadedScenario, jobs: &[Job], out: &mut impl Write) -> Result<Report, RecordError> {
    let dir = loaded.pack_dir();
    let mut report = Report::default();
    let scratch = tempfile_path(dir, "synth");
    for job in jobs {
        let voice = synth::Voice::for_line(loaded.scenario.customer.persona, job.emotion);
        voice.speak(&job.text, &scratch)?;
        let (samples, rate) = wav::read_mono(&scratch)?;
        let Some(t) = tidy(&samples, rate) else {
            writeln!(out, "  {:<16} espeak-ng produced silence; skipped", job.key)?;
            report.skipped += 1;
            continue;
        };
        keep(dir, job, &t.samples, rate, Voice::Synthesised(voice.describe()))?;
        writeln!(out, "  {:<16} {:>5.1} s  {}", job.key, t.seconds(rate), voice.describe())?;
        report.kept += 1;
    }
    let _ = std::fs::remove_file(&scratch);
    Ok(report)
}

/// Timing of the interactive recording.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// Length of each of the three count-in beats.
    pub beat: Duration,
    /// How often the level meter redraws.
    pub meter: Duration,
}

impl Default for Pace {
    fn default() -> Self {
        Pace { beat: Duration::from_millis(700), meter: Duration::from_millis(50) }
    }
}

/// What the trainer answered at a prompt.
enum Reply {
    Line(String),
    /// End of input: treated as quitting.
    Closed,
}

fn ask(input: &Receiver<String>) -> Reply {
    match input.recv() {
        Ok(line) => Reply::Line(line.trim().to_lowercase()),
        Err(_) => Reply::Closed,
    }
}

/// Records every job from `source`, reading the trainer's keys (one line per Enter) from
/// `input` while the meter runs.
pub fn record(
    loaded: &LoadedScenario,
    jobs: &[Job],
    studio: Studio<'_>,
    input: &Receiver<String>,
    out: &mut impl Write,
    style: &Style,
    pace: Pace,
) -> Result<Report, RecordError> {
    let Studio { source, mut checker } = studio;
    let dir = loaded.pack_dir();
    let mut report = Report::default();
    let raw = tempfile_path(dir, "raw");
    writeln!(out, "Recording {} take(s) for {} with {}.", jobs.len(), loaded.scenario.title, source.describe())?;
    'jobs: for (n, job) in jobs.iter().enumerate() {
        writeln!(out)?;
        let form = if job.forms > 1 { format!(", wording {} of {}", job.variant + 1, job.forms) } else { String::new() };
        writeln!(out, "{} {} ({:?}{form}; {})", style.bold(&format!("[{}/{}]", n + 1, jobs.len())), job.key, job.emotion, job.why.describe())?;
        writeln!(out, "{}", render::wrap(&format!("\u{201c}{}\u{201d}", job.text), 76, 2))?;
        loop {
            write!(out, "  Enter: record · s: skip · q: quit > ")?;
            out.flush()?;
            match ask(input) {
                Reply::Line(l) if l.is_empty() => {}
                Reply::Line(l) if l == "s" => {
                    report.skipped += 1;
                    continue 'jobs;
                }
                Reply::Line(l) if l == "q" => break 'jobs,
                Reply::Line(_) => continue,
                Reply::Closed => break 'jobs,
            }
            for beat in ["3", "2", "1"] {
                write!(out, "  {beat}…")?;
                out.flush()?;
                std::thread::sleep(pace.beat);
            }
            writeln!(out, "  speak now ({:?}); Enter stops", job.emotion)?;
            let Some(Captured { rate, dropped, tidied }) = capture(source, &raw, input, out, pace)? else { break 'jobs };
            let Some(tidied) = tidied else {
                writeln!(out, "  Heard nothing: is the microphone muted or the wrong one? (`cooldown devices` lists them)")?;
                continue;
            };
            writeln!(out, "  {}", describe_take(&tidied, rate, dropped))?;
            if let Some(engine) = checker.as_deref_mut() {
                writeln!(out, "  {}", check_reading(engine, &raw, &job.text))?;
            }
            write!(out, "  Enter/k: keep · r: redo · s: skip · q: quit > ")?;
            out.flush()?;
            match ask(input) {
                Reply::Line(l) if l.is_empty() || l == "k" => {
                    let path = keep(dir, job, &tidied.samples, rate, Voice::Recorded)?;
                    writeln!(out, "  Kept: {}", path.display())?;
                    report.kept += 1;
                    continue 'jobs;
                }
                Reply::Line(l) if l == "s" => {
                    report.skipped += 1;
                    continue 'jobs;
                }
                Reply::Line(l) if l == "q" => break 'jobs,
                Reply::Line(_) => continue, // redo
                Reply::Closed => break 'jobs,
            }
        }
    }
    let _ = std::fs::remove_file(&raw);
    report.quit = report.kept + report.skipped < jobs.len();
    Ok(report)
}

/// What a recording session records with, and what listens to each take.
pub struct Studio<'a> {
    /// The microphone (or a synthetic voice in tests).
    pub source: &'a mut dyn Source,
    /// Checks each take against its line's text, where speech-to-text is installed.
    pub checker: Option<&'a mut dyn Transcriber>,
}

/// The take at `take` heard by the transcriber against the line's `text`: a misreading (more
/// than [`MISREAD`] of the words differ) is a warning with what was heard.
fn check_reading(engine: &mut dyn Transcriber, take: &Path, text: &str) -> String {
    match engine.transcribe(take) {
        Ok(heard) => {
            let wer = word_error_rate(text, &heard.text);
            if wer > MISREAD {
                format!("warning: misread? heard \u{201c}{}\u{201d}: {:.0}% of the words differ from the line; r records it again", heard.text, wer * 100.0)
            } else {
                format!("read as written ({:.0}% of the words differ, as the transcriber heard it)", wer * 100.0)
            }
        }
        Err(e) => format!("(the take could not be checked against the line: {e})"),
    }
}

/// More than this share of a line's words heard differently is taken as a misreading (the
/// transcriber itself gets about 8% wrong on clear speech).
pub const MISREAD: f64 = 0.25;

/// A take as captured: its rate, samples lost, and the tidied speech (none if silent).
struct Captured {
    rate: u32,
    dropped: u64,
    tidied: Option<Tidied>,
}

/// Records one take until Enter, drawing the level meter; `None` when the input closed.
fn capture(source: &mut dyn Source, raw: &Path, input: &Receiver<String>, out: &mut impl Write, pace: Pace) -> Result<Option<Captured>, RecordError> {
    let take = source.start(raw)?;
    let mut shown = 0.0f32;
    let closed = loop {
        // A meter that falls back slowly is readable; one that jumps per frame is not.
        shown = take.stats().level().max(shown * 0.85);
        write!(out, "\r  ● REC {}  {:>4.1} s ", level_meter(shown, 30), take.seconds())?;
        out.flush()?;
        match input.recv_timeout(pace.meter) {
            Ok(_) => break false,
            Err(RecvTimeoutError::Disconnected) => break true,
            Err(RecvTimeoutError::Timeout) => {}
        }
    };
    let summary = take.stop()?;
    writeln!(out)?;
    if closed {
        return Ok(None);
    }
    let (samples, rate) = wav::read_mono(raw)?;
    Ok(Some(Captured { rate, dropped: summary.dropped, tidied: tidy(&samples, rate) }))
}

/// `▕██████░░░░▏ -12 dB`: the peak as a bar on a -60..0 dBFS scale.
pub fn level_meter(peak: f32, width: usize) -> String {
    let db = decibels(peak);
    let filled = (((db + 60.0) / 60.0).clamp(0.0, 1.0) * width as f32).round() as usize;
    format!("▕{}{}▏ {:>4} dB", "█".repeat(filled), "░".repeat(width - filled), if peak > 0.0 { format!("{db:.0}") } else { "-∞".into() })
}

/// "3.1 s kept (cut 0.8 s before, 1.2 s after; peak -9 dB, raised 8 dB)" plus any warnings.
fn describe_take(t: &Tidied, rate: u32, dropped: u64) -> String {
    let mut s = format!(
        "{:.1} s kept (cut {:.1} s before, {:.1} s after; peak was {:.0} dB, raised {:.0} dB)",
        t.seconds(rate),
        t.cut_start,
        t.cut_end,
        decibels(t.raw_peak),
        decibels(t.gain)
    );
    if t.raw_peak >= 0.99 {
        s.push_str("\n  It clipped: move back from the microphone or lower its input level, then redo.");
    }
    if t.raw_peak < 0.05 {
        s.push_str("\n  Very quiet: move closer to the microphone or raise its input level, then redo.");
    }
    if dropped > 0 {
        s.push_str(&format!("\n  {dropped} samples were lost (the computer fell behind); redo if you hear a gap."));
    }
    s
}

/// A scratch file in the pack's audio folder (same disk, so the final rename is atomic).
fn tempfile_path(pack_dir: &Path, what: &str) -> PathBuf {
    let dir = pack_dir.join("audio");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(format!(".{what}-{}.wav", std::process::id()))
}
