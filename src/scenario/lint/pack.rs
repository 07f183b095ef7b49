//! Checks across the scenarios of one pack folder: C001 a scenario id used twice, C009 a line id
//! used twice (line ids key the recorded audio, which the pack's scenarios share).

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::scenario::load::LoadedScenario;

use super::line_paths;

pub fn run(scenarios: &[&LoadedScenario], out: &mut Vec<Diagnostic>) {
    let mut scenario_ids: HashMap<&str, &LoadedScenario> = HashMap::new();
    for s in scenarios {
        match scenario_ids.get(s.scenario.id.as_str()) {
            Some(first) => out.push(
                s.diagnostic(Code::C001, "id", format!("scenario id `{}` is also used by {}", s.scenario.id, first.source.path.display()))
                    .with_label("duplicate scenario id")
                    .with_help("give each scenario in the pack its own id"),
            ),
            None => {
                scenario_ids.insert(&s.scenario.id, s);
            }
        }
    }

    let mut line_ids: HashMap<&str, (&LoadedScenario, String)> = HashMap::new();
    for s in scenarios {
        for (path, line) in line_paths(s) {
            match line_ids.get(line.id.as_str()) {
                Some((first, first_path)) => {
                    let (l, c) = first.source.line_col(first.map().nearest(&format!("{first_path}.id")).start);
                    out.push(
                        s.diagnostic(Code::C009, &format!("{path}.id"), format!("line id `{}` is already used", line.id))
                            .with_label("duplicate line id")
                            .with_help(format!(
                                "first used at {}:{l}:{c}; give this line its own id (ids key the recorded audio)",
                                first.source.path.display()
                            )),
                    );
                }
                None => {
                    line_ids.insert(&line.id, (s, path));
                }
            }
        }
    }
}
