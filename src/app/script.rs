//! `cooldown script`: the voice actor's script. Every spoken form of every customer line (its
//! text, then each variant) is a take to record, named by the file it goes in (`gift-01`,
//! `gift-01.1`): who says it, how, the words, and whether it has a recording yet. As CSV for a
//! spreadsheet or a studio's tracker, or as a printable HTML page. `cooldown record --import
//! DIR` takes the WAVs back, named by the same keys.

use std::io::Write;

use crate::report::csv::text_cell;
use crate::report::html::esc;
use crate::scenario::takes::{key, spoken_forms, TakeState, Voice};
use crate::scenario::{Emotion, LoadedScenario};

/// Where a take stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nobody has recorded it.
    None,
    /// Only a synthesised placeholder speaks it.
    Placeholder,
    /// A person recorded these words.
    Recorded,
    /// Recorded from earlier words: to record again.
    Stale,
    /// Listed as recorded, but its WAV is gone: to record again.
    FileMissing,
}

impl Status {
    /// The status as the script says it.
    pub fn name(self) -> &'static str {
        match self {
            Status::None => "none",
            Status::Placeholder => "placeholder",
            Status::Recorded => "recorded",
            Status::Stale => "stale",
            Status::FileMissing => "file missing",
        }
    }

    /// Whether the take still needs a person to record it.
    pub fn to_record(self) -> bool {
        self != Status::Recorded
    }
}

/// One take of the script.
#[derive(Debug, Clone)]
pub struct ScriptLine {
    /// The take's key: the WAV's name without `.wav`.
    pub take: String,
    /// The line's id.
    pub line: String,
    /// 0 for the line's text, then its variants.
    pub variant: usize,
    /// The scenario it is in.
    pub scenario: String,
    /// The node or ending that says it.
    pub at: String,
    /// Who says it.
    pub character: String,
    /// Their persona, in words.
    pub persona: String,
    /// How it is said.
    pub emotion: Emotion,
    /// The words.
    pub text: String,
    /// Where its recording stands.
    pub status: Status,
}

/// Every take of the scenarios, in file order.
pub fn script(scenarios: &[LoadedScenario]) -> Vec<ScriptLine> {
    let mut out = Vec::new();
    for loaded in scenarios {
        let sc = &loaded.scenario;
        for (at, line) in sc.spoken_lines() {
            for (variant, text) in spoken_forms(line) {
                let own_file = variant == 0 && line.audio.as_ref().is_some_and(|a| crate::paths::inside_pack(loaded.pack_dir(), a).is_some_and(|p| p.is_file()));
                let status = if own_file {
                    Status::Recorded
                } else {
                    match loaded.takes.state(loaded.pack_dir(), line, variant, text) {
                        TakeState::Missing | TakeState::Outside(_) => Status::None,
                        TakeState::Stale(_) => Status::Stale,
                        TakeState::FileMissing(_) => Status::FileMissing,
                        TakeState::Fresh(t) if t.by == Voice::Recorded => Status::Recorded,
                        TakeState::Fresh(_) => Status::Placeholder,
                    }
                };
                out.push(ScriptLine {
                    take: key(&line.id, variant),
                    line: line.id.clone(),
                    variant,
                    scenario: sc.id.clone(),
                    at: at.to_string(),
                    character: sc.customer.name.clone(),
                    persona: sc.customer.persona.describe().to_string(),
                    emotion: line.emotion,
                    text: text.to_string(),
                    status,
                });
            }
        }
    }
    out
}

/// The columns of the CSV script.
pub const HEADER: [&str; 10] = ["take", "line", "variant", "scenario", "at", "character", "persona", "emotion", "text", "status"];

/// The script as CSV, one row per take.
pub fn write_csv(out: impl Write, lines: &[ScriptLine]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for l in lines {
        let emotion = format!("{:?}", l.emotion);
        let variant = l.variant.to_string();
        w.write_record([
            text_cell(&l.take).as_str(),
            &text_cell(&l.line),
            &variant,
            &text_cell(&l.scenario),
            &text_cell(&l.at),
            &text_cell(&l.character),
            &text_cell(&l.persona),
            &emotion,
            &text_cell(&l.text),
            l.status.name(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The script as a printable page: per scenario, who calls and every take with its words.
pub fn html(lines: &[ScriptLine]) -> String {
    let to_record = lines.iter().filter(|l| l.status.to_record()).count();
    let mut out = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Voice script</title><style>\
body{font-family:'DejaVu Sans',sans-serif;margin:2em;color:#1f2430}table{border-collapse:collapse;width:100%;margin-bottom:2em}\
th,td{border-bottom:1px solid #d5d9e3;padding:.45em .6em;text-align:left;vertical-align:top}th{background:#f4f6fb}\
.take{font-family:monospace;white-space:nowrap}.text{font-size:1.1em}.status{white-space:nowrap}.none,.stale,.file-missing{color:#b03a2e;font-weight:bold}\
.placeholder{color:#a0700f}.recorded{color:#2e8b57}@media print{body{margin:0}}</style></head><body><h1>Voice script</h1>",
    );
    out.push_str(&format!("<p>{} takes, {to_record} to record. Save each as <code>TAKE.wav</code> (the take column) and bring them in with <code>cooldown record --import FOLDER</code>.</p>", lines.len()));
    let mut scenario = None;
    for l in lines {
        if scenario != Some(&l.scenario) {
            if scenario.is_some() {
                out.push_str("</table>");
            }
            scenario = Some(&l.scenario);
            out.push_str(&format!(
                "<h2>{}</h2><p>{}: {}</p><table><tr><th>take</th><th>at</th><th>emotion</th><th>words</th><th>recording</th></tr>",
                esc(&l.scenario),
                esc(&l.character),
                esc(&l.persona)
            ));
        }
        let class = l.status.name().replace(' ', "-");
        out.push_str(&format!(
            "<tr><td class=\"take\">{}</td><td>{}</td><td>{:?}</td><td class=\"text\">{}</td><td class=\"status {class}\">{}</td></tr>",
            esc(&l.take),
            esc(&l.at),
            l.emotion,
            esc(&l.text),
            l.status.name()
        ));
    }
    if scenario.is_some() {
        out.push_str("</table>");
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::takes::{text_hash, Take, Takes};

    #[test]
    fn every_spoken_form_is_a_take_with_its_status() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(root.join("scenarios/late-gift.ron"), dir.path().join("late-gift.ron")).unwrap();
        std::fs::create_dir_all(dir.path().join("audio")).unwrap();
        std::fs::write(dir.path().join("audio/gift-01.wav"), b"RIFF").unwrap();
        std::fs::write(dir.path().join("audio/gift-01.1.wav"), b"RIFF").unwrap();
        let loaded0 = crate::scenario::load_file(&dir.path().join("late-gift.ron")).unwrap();
        let first = &loaded0.scenario.nodes[0].lines[0];
        let mut takes = Takes::default();
        takes.takes.insert("gift-01".into(), Take { file: "audio/gift-01.wav".into(), text: text_hash(&first.text), by: Voice::Recorded });
        takes.takes.insert("gift-01.1".into(), Take { file: "audio/gift-01.1.wav".into(), text: text_hash(&first.variants[0]), by: Voice::Synthesised("espeak-ng".into()) });
        takes.takes.insert("gift-01.2".into(), Take { file: "audio/gift-01.2.wav".into(), text: text_hash("old words"), by: Voice::Recorded });
        takes.save(dir.path()).unwrap();
        let loaded = crate::scenario::load_file(&dir.path().join("late-gift.ron")).unwrap();
        let lines = script(std::slice::from_ref(&loaded));
        let forms: usize = loaded.scenario.spoken_lines().map(|(_, l)| 1 + l.variants.len()).sum();
        assert_eq!(lines.len(), forms);
        let status = |take: &str| lines.iter().find(|l| l.take == take).unwrap().status;
        assert_eq!((status("gift-01"), status("gift-01.1"), status("gift-01.2"), status("gift-02")), (Status::Recorded, Status::Placeholder, Status::Stale, Status::None));
        assert_eq!(lines[0].character, "Dana Whitfield");

        let mut csv = Vec::new();
        write_csv(&mut csv, &lines).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.starts_with("take,line,variant,scenario,at,character,persona,emotion,text,status\ngift-01,gift-01,0,late-gift,outburst,Dana Whitfield,"), "{csv}");
        assert_eq!(csv.lines().count(), forms + 1);
        let page = html(&lines);
        assert!(page.contains("<td class=\"take\">gift-01.2</td>") && page.contains("class=\"status stale\""), "{page}");
        assert!(page.contains(&format!("{} takes, {} to record", forms, forms - 1)));
    }
}
