//! C006 a missing recording, C007 one outside the pack, C017 lines with no recording, C018 a
//! recording of other words: the customer's voice.

use crate::scenario::takes::{self, spoken_forms, TakeState};

use crate::diagnostic::{Code, Diagnostic};

use super::Check;

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, lines) = (c.s, &c.lines);
    // C006 / C007: audio files.
    for (path, line) in lines.iter() {
        if let Some(audio) = &line.audio {
            if crate::paths::inside_pack(s.pack_dir(), audio).is_none() {
                out.push(
                    s.diagnostic(Code::C007, &format!("{path}.audio"), format!("audio path `{audio}` leaves the pack"))
                        .with_label("outside the pack")
                        .with_help("use a path relative to the scenario's folder, without `..`, e.g. \"audio/line-id.wav\""),
                );
            } else if !s.pack_dir().join(audio).is_file() {
                out.push(
                    s.diagnostic(Code::C006, &format!("{path}.audio"), format!("audio file `{audio}` does not exist"))
                        .with_label("missing file")
                        .with_help(format!(
                            "put the WAV file at {}, or fix the path (it is relative to the scenario's folder)",
                            s.pack_dir().join(audio).display()
                        )),
                );
            }
        }
    }

    // C006 / C017 / C018: the pack's recordings of each spoken form.
    let mut unrecorded = Vec::new();
    let mut spoken = 0;
    for (path, line) in lines.iter() {
        for (variant, text) in spoken_forms(line) {
            spoken += 1;
            if variant == 0 && line.audio.is_some() {
                continue; // its own `audio` field, checked above
            }
            let at = if variant == 0 { format!("{path}.text") } else { format!("{path}.variants[{}]", variant - 1) };
            let key = takes::key(&line.id, variant);
            let again = format!("record it again: `cooldown record {} --line {}`", s.source.path.display(), line.id);
            match s.takes.state(s.pack_dir(), line, variant, text) {
                TakeState::Missing => unrecorded.push((at, key)),
                TakeState::Stale(_) => out.push(
                    s.diagnostic(Code::C018, &at, format!("`{key}` was recorded saying other words; its recording is not played"))
                        .with_label("text changed since it was recorded")
                        .with_help(again),
                ),
                TakeState::FileMissing(take) => out.push(
                    s.diagnostic(Code::C006, &at, format!("the recording of `{key}`, `{}`, does not exist", take.file))
                        .with_label("recording missing")
                        .with_help(again),
                ),
                TakeState::Outside(take) => out.push(
                    s.diagnostic(Code::C007, &at, format!("the recording of `{key}` is listed as `{}`, outside the pack; it is never played", take.file))
                        .with_label("recording outside the pack")
                        .with_help(format!("{again} (it is kept in the pack's audio/ folder)")),
                ),
                TakeState::Fresh(_) => {}
            }
        }
    }
    if let Some((first, _)) = unrecorded.first() {
        let keys: Vec<&str> = unrecorded.iter().map(|(_, k)| k.as_str()).collect();
        let listed = if keys.len() > 6 { format!("{}, ...", keys[..6].join(", ")) } else { keys.join(", ") };
        out.push(
            s.diagnostic(Code::C017, first, format!("{} of {spoken} spoken lines {} no recording: {listed}", keys.len(), if keys.len() == 1 { "has" } else { "have" }))
                .with_label("no recording")
                .with_help(format!(
                    "record them with `cooldown record {}` (or `--synthesise` for placeholder voices); until then they are captions only",
                    s.source.path.display()
                )),
        );
    }
}
