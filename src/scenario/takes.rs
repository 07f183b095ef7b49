//! Recordings of the customers' lines. Each spoken form of a line (its text, then each variant)
//! is a *take*, keyed by the line's id (`gift-01`, then `gift-01.1`, `gift-01.2`, ...). The
//! pack's `audio/takes.ron` says which WAV speaks which take and keeps a hash of the text it was
//! recorded from, so editing a line's text marks its recording stale instead of playing words
//! that no longer match the captions.
//!
//! `cooldown record` writes the WAVs and this file; trainers never need to edit it. A line's own
//! `audio: "..."` field, when given, still wins for its main text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::load::LoadError;
use super::model::Line;
use crate::diagnostic::{Diagnostic, SourceText};

/// Where the manifest lives, relative to the pack folder.
pub const TAKES_FILE: &str = "audio/takes.ron";

/// The pack's recordings, by take key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Takes {
    /// Each take by its key (`line-id`, or `line-id~N` for variant N).
    pub takes: BTreeMap<String, Take>,
}

/// One recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Take {
    /// WAV file relative to the pack folder.
    pub file: String,
    /// [`text_hash`] of the words the recording speaks.
    pub text: String,
    /// Who spoke it: a person at a microphone, or a speech synthesiser standing in.
    pub by: Voice,
}

/// Who spoke a take. Synthesised takes are placeholders: recording over them is the point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Voice {
    /// A person at a microphone.
    Recorded,
    /// The synthesiser and its voice settings, e.g. "espeak-ng en-us+m3 -p 30 -s 185".
    Synthesised(String),
}

/// Whether a take has a usable recording.
#[derive(Debug, Clone, PartialEq)]
pub enum TakeState<'a> {
    /// No recording of it.
    Missing,
    /// Recorded from other words than the line says now.
    Stale(&'a Take),
    /// Listed, but its WAV is not there.
    FileMissing(&'a Take),
    /// Listed with a file outside the pack (an absolute path, `..`, or a link out): never
    /// read or played.
    Outside(&'a Take),
    /// Recorded from the words the line says now: it plays.
    Fresh(&'a Take),
}

fn take_example(_field: &str) -> &'static str {
    "(file: \"audio/line-id.wav\", text: \"fnv1a64:...\", by: Recorded)"
}

/// The key of a line's spoken form: 0 is its text, n its n-th variant.
pub fn key(line_id: &str, variant: usize) -> String {
    if variant == 0 {
        line_id.to_string()
    } else {
        format!("{line_id}.{variant}")
    }
}

/// The line's spoken forms, in variant order (0: `text`).
pub fn spoken_forms(line: &Line) -> impl Iterator<Item = (usize, &str)> {
    std::iter::once(line.text.as_str()).chain(line.variants.iter().map(String::as_str)).enumerate()
}

/// A stable fingerprint of a text (64-bit FNV-1a), written into the manifest. Whitespace at the
/// ends is ignored, so reformatting the scenario file does not make recordings stale.
pub fn text_hash(text: &str) -> String {
    format!("fnv1a64:{:016x}", crate::hash::fnv1a64(text.trim().as_bytes(), crate::hash::FNV_BASIS))
}

impl Takes {
    /// The manifest of the pack at `pack_dir`; none there means no recordings yet.
    pub fn load(pack_dir: &Path) -> Result<Takes, LoadError> {
        let path = pack_dir.join(TAKES_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Takes::default()),
            Err(source) => return Err(LoadError::Io { path, source }),
        };
        ron::from_str(&text).map_err(|e| {
            let source = SourceText::new(&path, text.as_str());
            // The file is written by `cooldown record`; the usual fix is deleting the bad entry
            // and recording that line again, which from_ron's field help leads to.
            LoadError::Invalid(Box::new(Diagnostic::from_ron(&source, &e, take_example)))
        })
    }

    /// Writes the manifest atomically (a temporary file renamed over the old one), so an
    /// interrupted write never leaves a half-written manifest behind.
    pub fn save(&self, pack_dir: &Path) -> std::io::Result<PathBuf> {
        let path = pack_dir.join(TAKES_FILE);
        let body = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default().struct_names(true))
            .map_err(std::io::Error::other)?;
        let text = format!(
            "// The recordings of this pack's lines, written by `cooldown record`: which WAV speaks\n\
             // which line, and a hash of the text it was recorded from (a changed line is stale).\n{body}\n"
        );
        std::fs::create_dir_all(pack_dir.join("audio"))?;
        crate::paths::write_whole(&path, |temp| std::fs::write(temp, text))?;
        Ok(path)
    }

    /// The state of one spoken form of a line.
    pub fn state(&self, pack_dir: &Path, line: &Line, variant: usize, text: &str) -> TakeState<'_> {
        match self.takes.get(&key(&line.id, variant)) {
            None => TakeState::Missing,
            Some(take) => match crate::paths::inside_pack(pack_dir, &take.file) {
                None => TakeState::Outside(take),
                Some(_) if take.text != text_hash(text) => TakeState::Stale(take),
                Some(file) if !file.is_file() => TakeState::FileMissing(take),
                Some(_) => TakeState::Fresh(take),
            },
        }
    }

    /// The WAV to play for each spoken form of the line (index = variant): its own `audio` field
    /// for the text, else a fresh take. Stale and missing takes give none: captions only.
    pub fn recordings(&self, pack_dir: &Path, line: &Line) -> Vec<Option<String>> {
        spoken_forms(line)
            .map(|(variant, text)| match (&line.audio, variant) {
                (Some(audio), 0) => crate::paths::inside_pack(pack_dir, audio).map(|_| audio.clone()),
                _ => match self.state(pack_dir, line, variant, text) {
                    TakeState::Fresh(take) => Some(take.file.clone()),
                    _ => None,
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, variants: &[&str]) -> Line {
        Line {
            id: "l-1".into(),
            text: text.into(),
            audio: None,
            emotion: Default::default(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
            recordings: Vec::new(),
        }
    }

    #[test]
    fn keys_name_the_line_and_its_variant() {
        assert_eq!(key("gift-01", 0), "gift-01");
        assert_eq!(key("gift-01", 2), "gift-01.2");
    }

    #[test]
    fn the_hash_changes_with_the_words_but_not_the_surrounding_space() {
        assert_eq!(text_hash("Where is it?"), text_hash("  Where is it?\n"));
        assert_ne!(text_hash("Where is it?"), text_hash("Where is it!"));
        assert_eq!(text_hash(""), "fnv1a64:cbf29ce484222325");
    }

    #[test]
    fn fresh_stale_and_missing_takes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("audio")).unwrap();
        std::fs::write(dir.path().join("audio/l-1.wav"), b"RIFF").unwrap();
        let mut takes = Takes::default();
        let take = |file: &str, text: &str| Take { file: file.into(), text: text_hash(text), by: Voice::Recorded };
        takes.takes.insert("l-1".into(), take("audio/l-1.wav", "Hello?"));
        takes.takes.insert("l-1.1".into(), take("audio/l-1.1.wav", "Hi?"));
        takes.takes.insert("l-1.2".into(), take("audio/l-1.2.wav", "Old words"));

        let l = line("Hello?", &["Hi?", "New words", "Hey?"]);
        assert!(matches!(takes.state(dir.path(), &l, 0, "Hello?"), TakeState::Fresh(_)));
        assert!(matches!(takes.state(dir.path(), &l, 1, "Hi?"), TakeState::FileMissing(_)));
        assert!(matches!(takes.state(dir.path(), &l, 2, "New words"), TakeState::Stale(_)));
        assert_eq!(takes.state(dir.path(), &l, 3, "Hey?"), TakeState::Missing);
        assert_eq!(takes.recordings(dir.path(), &l), vec![Some("audio/l-1.wav".to_string()), None, None, None]);

        // Files outside the pack are never followed, whatever the manifest says.
        let mut outside = takes.clone();
        outside.takes.insert("l-1".into(), take("/etc/passwd", "Hello?"));
        outside.takes.insert("l-1.1".into(), take("../../../../etc/passwd", "Hi?"));
        assert!(matches!(outside.state(dir.path(), &l, 0, "Hello?"), TakeState::Outside(_)));
        assert!(matches!(outside.state(dir.path(), &l, 1, "Hi?"), TakeState::Outside(_)));
        assert_eq!(outside.recordings(dir.path(), &l), vec![None, None, None, None]);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("audio/link.wav")).unwrap();
            outside.takes.insert("l-1".into(), take("audio/link.wav", "Hello?"));
            assert!(matches!(outside.state(dir.path(), &l, 0, "Hello?"), TakeState::Outside(_)), "a link out of the pack");
        }

        // The manifest survives a save and load unchanged.
        takes.save(dir.path()).unwrap();
        assert_eq!(Takes::load(dir.path()).unwrap(), takes);
    }

    #[test]
    fn a_broken_manifest_is_an_error_with_a_position() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("audio")).unwrap();
        std::fs::write(dir.path().join(TAKES_FILE), "Takes(takes: {\"a\": (file: \"a.wav\", txt: \"x\", by: Recorded)})").unwrap();
        let Err(LoadError::Invalid(d)) = Takes::load(dir.path()) else { panic!("expected an error") };
        assert!(d.position().contains("takes.ron:1:"), "{}", d.position());
        assert_eq!(Takes::load(&dir.path().join("nowhere")).unwrap(), Takes::default());
    }
}
