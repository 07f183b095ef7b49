//! Whisper tiny.en (faster-whisper, CTranslate2, int8) in a long-lived sidecar: the Python of the
//! environment `make stt` made, running `assets/stt/serve.py` (built into cooldown), one JSON
//! line per request and reply. Started on first use, its model loaded once; it ends when the
//! [`Whisper`] is dropped (its input closes).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde::Deserialize;

use super::{SttError, Transcriber, Transcript, Word};

/// The sidecar's program, carried inside cooldown so an installed binary needs no source tree.
const SERVE: &str = include_str!("../../../assets/stt/serve.py");

/// The Python to run: `$COOLDOWN_STT_PYTHON`, else the environment `make stt` makes in the
/// cache folder (`$XDG_CACHE_HOME/cooldown/stt`, else `~/.cache/cooldown/stt`).
pub fn python() -> Option<PathBuf> {
    let from = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(p) = from("COOLDOWN_STT_PYTHON") {
        return Some(p);
    }
    let cache = from("XDG_CACHE_HOME").or_else(|| from("HOME").map(|h| h.join(".cache")))?;
    Some(cache.join("cooldown/stt/bin/python")).filter(|p| p.is_file())
}

/// A running Whisper sidecar.
pub struct Whisper {
    child: Child,
    input: Option<ChildStdin>,
    output: BufReader<ChildStdout>,
    python: String,
    model: String,
    load_seconds: f32,
}

#[derive(Deserialize)]
struct Ready {
    #[serde(default)]
    model: String,
    #[serde(default)]
    load_s: f32,
    error: Option<String>,
}

#[derive(Deserialize)]
struct Reply {
    #[serde(default)]
    text: String,
    #[serde(default)]
    words: Vec<(String, f32, f32, f32)>,
    #[serde(default)]
    language: String,
    error: Option<String>,
}

impl Whisper {
    /// Starts the sidecar and waits for its model to load.
    pub fn start() -> Result<Whisper, SttError> {
        let python = python().ok_or(SttError::NotInstalled)?;
        let shown = python.display().to_string();
        let failed = |why: String| SttError::Engine { python: shown.clone(), why };
        let mut child = Command::new(&python)
            .args(["-u", "-c", SERVE])
            .env("HF_HUB_OFFLINE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| failed(format!("cannot start it: {e}")))?;
        let input = child.stdin.take();
        let output = BufReader::new(child.stdout.take().expect("stdout was piped"));
        let mut whisper = Whisper { child, input, output, python: shown.clone(), model: String::new(), load_seconds: 0.0 };
        let ready: Ready = whisper.reply()?;
        if let Some(why) = ready.error {
            return Err(failed(why));
        }
        whisper.model = ready.model;
        whisper.load_seconds = ready.load_s;
        Ok(whisper)
    }

    /// The model it runs ("whisper tiny.en").
    pub fn model(&self) -> &str {
        &self.model
    }

    /// Seconds the sidecar took to load its model.
    pub fn load_seconds(&self) -> f32 {
        self.load_seconds
    }

    fn failed(&self, why: String) -> SttError {
        SttError::Engine { python: self.python.clone(), why }
    }

    /// The sidecar's next line, read as `T`.
    fn reply<T: for<'de> Deserialize<'de>>(&mut self) -> Result<T, SttError> {
        let mut line = String::new();
        match self.output.read_line(&mut line) {
            Ok(0) => Err(self.failed("it stopped".into())),
            Ok(_) => serde_json::from_str(&line).map_err(|e| self.failed(format!("it answered {:?}: {e}", line.trim()))),
            Err(e) => Err(self.failed(format!("cannot read its answer: {e}"))),
        }
    }
}

impl Transcriber for Whisper {
    fn transcribe(&mut self, wav: &Path) -> Result<Transcript, SttError> {
        // The sidecar's working folder is not ours: give it the whole path.
        let path = std::path::absolute(wav).unwrap_or_else(|_| wav.to_path_buf());
        let request = serde_json::json!({ "wav": path.to_string_lossy() }).to_string();
        let sent = match &mut self.input {
            Some(input) => writeln!(input, "{request}").and_then(|()| input.flush()),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        sent.map_err(|e| self.failed(format!("cannot send it the recording: {e}")))?;
        let reply: Reply = self.reply()?;
        if let Some(why) = reply.error {
            return Err(SttError::Recording { path: wav.to_path_buf(), why });
        }
        let words = reply.words.into_iter().map(|(word, start, end, confidence)| Word { word, start, end, confidence }).collect();
        Ok(Transcript { text: reply.text, words, language: reply.language, engine: self.model.clone() })
    }
}

impl Drop for Whisper {
    fn drop(&mut self) {
        // Closing its input ends it; wait so no process is left behind.
        drop(self.input.take());
        let _ = self.child.wait();
    }
}
