//! The `cooldown` binary driven as a user or a script would: lint exit codes and positions, and
//! a whole terminal session played over a pipe.

mod common;

use std::process::{Command, Output, Stdio};

fn cooldown(args: &[&str], stdin: &str) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_cooldown"))
        .args(args)
        .env("NO_COLOR", "1")
        // Sessions are kept: in a scratch data folder, never the tester's own.
        .env("COOLDOWN_DATA_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/cli-data"))
        // As on CI: no display, so `play` falls back to the terminal.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cooldown starts");
    common::converse(child, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_bundled_pack_lints_clean() {
    let out = cooldown(&["lint", "scenarios/"], "");
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("0 error(s), 0 warning(s)"));
}

#[test]
fn each_broken_fixture_fails_with_its_code_and_position() {
    let mut fixtures: Vec<_> = std::fs::read_dir("tests/fixtures/lint")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e == "ron"))
        .collect();
    fixtures.sort();
    for fixture in fixtures {
        let name = fixture.file_name().unwrap().to_str().unwrap().to_string();
        let code: cooldown::diagnostic::Code = name[..4].parse().unwrap();
        let out = cooldown(&["lint", fixture.to_str().unwrap()], "");
        let stdout = text(&out.stdout);
        let is_error = code.severity() == cooldown::diagnostic::Severity::Error;
        assert_eq!(out.status.code(), Some(if is_error { 1 } else { 0 }), "{name}:\n{stdout}");
        assert!(stdout.contains(&format!("[{code}]")), "{name}:\n{stdout}");
        // miette's frame header: `╭─[path:line:col]`
        let header = stdout.lines().find(|l| l.contains(&format!("[{}", fixture.display())));
        let header = header.unwrap_or_else(|| panic!("{name}: no file position in\n{stdout}"));
        let position = header.rsplit('[').next().unwrap().trim_end_matches(']');
        let mut parts = position.rsplitn(3, ':');
        let (col, line) = (parts.next().unwrap(), parts.next().unwrap());
        assert!(col.parse::<u32>().is_ok() && line.parse::<u32>().is_ok(), "{name}: `{position}` is file:line:col");
    }
}

#[test]
fn json_output_gives_code_line_and_column() {
    let out = cooldown(&["lint", "--format", "json", "tests/fixtures/lint/C002-missing-next.ron"], "");
    assert_eq!(out.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let findings = findings.as_array().expect("a JSON array");
    let first = findings.iter().find(|f| f["code"] == "C002").expect("a C002 finding");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 17);
    assert_eq!(first["column"], 27);
    assert!(first["help"].as_str().unwrap().contains("add a node or ending"));
}

#[test]
fn explain_prints_the_meaning_of_a_code() {
    let out = cooldown(&["lint", "--explain", "c008"], "");
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("C008 (Error): a free-text answer has no `fallback`"));
}

#[test]
fn a_piped_session_reaches_an_ending_and_prints_the_debrief() {
    let answers = "1\nSo just to confirm: the LEGO castle, order 58213, was due on Tuesday?\n1\n\
                   Thank you, Dana. Is there anything else I can help with?\n";
    let out = cooldown(&["play", "late-gift", "--terminal", "--seed", "5"], answers);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("Dana: “"), "the customer speaks:\n{stdout}");
    assert!(stdout.contains("Mood  "), "a mood meter is shown");
    assert!(stdout.contains("═══ Debrief ═══"));
    assert!(stdout.contains("Outcome  resolved"));
    assert!(stdout.contains("Band     Gold (overall 100)"));
    for dim in ["patience", "empathy", "clarification", "resolution"] {
        assert!(stdout.lines().any(|l| l.trim_start().starts_with(dim) && l.ends_with("100")), "{dim} at 100:\n{stdout}");
    }
    assert!(stdout.contains("Replay this exact session with --seed 5"));
}

#[test]
fn screening_mode_keeps_feedback_for_the_debrief() {
    let out = cooldown(&["play", "hurried-billing", "--mode", "screening", "--seed", "2"], "1\nok\n1\nbye\n");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("(answer recorded)"), "{stdout}");
    assert!(!stdout.contains("  ↳ "), "no per-answer feedback in screening:\n{stdout}");
    let (call, debrief) = stdout.split_once("═══ Debrief ═══").expect("a debrief");
    assert!(!call.contains("Mood  "), "no mood meter during a screening call either:\n{call}");
    assert!(debrief.contains("Mood over the call"), "the debrief shows the mood:\n{debrief}");
}

#[test]
fn no_arguments_picks_from_the_pack_and_plays() {
    // The pack is listed alphabetically: 1 = callback. Then: acknowledge, call back, own it,
    // the plan, and close.
    let answers = "1\n1\n1\nI'm sorry, Alex. I will fix this myself. Can I have two minutes?\n1\nThanks, Alex.\n";
    let out = cooldown(&[], answers);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("Pick a scenario [1-6]"), "{stdout}");
    assert!(stdout.contains("Outcome  resolved"), "{stdout}");
    if cfg!(feature = "gui") {
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "one line says why there is no window: {stderr}");
        assert!(stderr.starts_with("No display found"), "{stderr}");
    }
}

#[test]
fn bad_input_is_refused_with_a_reason_and_the_session_goes_on() {
    let answers = "7\nhello there\n1\nI will sort it.\n1\nThanks.\n";
    let out = cooldown(&["play", "late-gift", "--seed", "1"], answers);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("There is no option 7; pick 1 to 3."), "{stdout}");
    assert!(stdout.contains("Pick an option by its number, 1 to 3."), "{stdout}");
    assert!(stdout.contains("═══ Debrief ═══"), "{stdout}");
}

#[test]
fn closing_the_input_leaves_the_call_without_a_result() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("left.db");
    let db = db.to_str().unwrap();
    let out = cooldown(&["--db", db, "play", "late-gift", "--seed", "1", "--as", "Lea"], "1\n");
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("You left the call after 1 answer; it is kept. Go on later with `cooldown play --resume"), "{stdout}");
    // Leaving at the first question keeps nothing: no empty unfinished session in the history.
    let out = cooldown(&["--db", db, "play", "late-gift", "--seed", "2", "--as", "Lea"], "/quit\n");
    assert!(text(&out.stdout).contains("You left before answering; nothing was kept."), "{}", text(&out.stdout));
    let store = cooldown::store::Store::open_read_only(std::path::Path::new(db)).unwrap();
    let sessions = store.sessions(None).unwrap();
    assert_eq!(sessions.len(), 1, "only the session with an answer: {sessions:?}");
    assert_eq!(sessions[0].turns, 1);
}

#[test]
fn a_broken_scenario_is_refused_with_its_diagnostics() {
    let out = cooldown(&["play", "tests/fixtures/lint/C002-missing-next.ron"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("[C002]"), "{stderr}");
    assert!(stderr.contains("has errors; fix them"), "{stderr}");
}

#[test]
fn an_unknown_scenario_id_suggests_the_closest() {
    let out = cooldown(&["play", "late-gfit"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Did you mean `late-gift`?"), "{}", text(&out.stderr));
}

#[test]
fn score_explains_an_answer_at_a_scenario_node() {
    let out = cooldown(&["score", "--scenario", "late-gift", "--node", "facts", "What's the order number?"], "");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("asked again for what the customer already said:"), "{stdout}");
    assert!(stdout.contains("\"order number\" (11..23)"), "the evidence quotes its words and span:\n{stdout}");
    assert!(stdout.contains("missed: check your understanding"), "{stdout}");
}

#[test]
fn score_batch_reads_json_lines_and_reports_bad_ones() {
    let input = "{\"id\": \"a\", \"text\": \"I'm so sorry, that sounds awful.\", \"context\": \"My order is late!\"}\n\
                 not json\n\
                 {\"id\": \"b\", \"text\": \"Calm down.\"}\n";
    let out = cooldown(&["score", "--batch", "-"], input);
    assert_eq!(out.status.code(), Some(1), "a bad line makes the exit code 1");
    let lines: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("each output line is JSON")).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert!(lines[0]["scores"]["empathy"].as_u64().unwrap() > 50);
    assert_eq!(lines[1]["id"], "b");
    assert!(lines[1]["scores"]["empathy"].as_u64().unwrap() < 50);
    assert!(text(&out.stderr).contains("-:2:"), "{}", text(&out.stderr));
}

#[test]
fn a_broken_rubric_is_reported_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rubric.ron");
    let bundled = std::fs::read_to_string("assets/rubric.ron").unwrap();
    std::fs::write(&path, bundled.replacen("negation_window: 3,", "negation_window: three,", 1)).unwrap();
    let out = cooldown(&["score", "--rubric", path.to_str().unwrap(), "hello"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("[C000]") && stderr.contains("rubric.ron:"), "{stderr}");
}

#[test]
#[cfg(feature = "gui")]
fn forcing_the_window_without_a_display_is_a_clear_error() {
    let out = cooldown(&["play", "--gui"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no display found") && stderr.contains("--terminal"), "{stderr}");
}

#[test]
#[cfg(feature = "audio")]
fn no_microphone_is_a_clear_error_that_suggests_the_alternative() {
    // An ALSA configuration that defines no devices at all, and a home without ~/.asoundrc:
    // this is a machine with no microphone, wherever the test runs.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("asound.conf");
    std::fs::write(&config, "").unwrap();
    let without_devices = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_cooldown"))
            .args(args)
            .env("ALSA_CONFIG_PATH", &config)
            .env("HOME", dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        text(&out.stderr).lines().last().unwrap_or_default().to_string()
    };
    assert_eq!(
        without_devices(&["devices"]),
        "error: no microphone was found; plug one in (then check `cooldown devices`), or type your answers instead"
    );
    // A trainer voicing lines is pointed at the synthesiser instead (and nothing is written).
    assert_eq!(
        without_devices(&["record", "late-gift", "--line", "gift-01"]),
        "error: no microphone was found; plug one in (then check `cooldown devices`), or give the lines \
         placeholder voices with `cooldown record late-gift --synthesise`"
    );
}

#[test]
fn record_names_an_unknown_line_and_suggests_the_closest() {
    let out = cooldown(&["record", "late-gift", "--line", "gift-1"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no line `gift-1`") && stderr.contains("did you mean `gift-01`?"), "{stderr}");
}

#[test]
fn record_synthesise_voices_a_new_pack_and_the_lint_agrees() {
    if std::process::Command::new("espeak-ng").arg("--version").output().is_err() {
        eprintln!("espeak-ng is not installed (make prompts installs it); skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("late-gift.ron");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/late-gift.ron"), &scenario).unwrap();
    let scenario = scenario.to_str().unwrap();
    let lint = cooldown(&["lint", scenario], "");
    assert!(text(&lint.stdout).contains("C017"), "no recordings yet");

    let out = cooldown(&["record", scenario, "--synthesise"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("11 kept, 0 skipped."), "{stdout}");
    let wavs = std::fs::read_dir(dir.path().join("audio")).unwrap().filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "wav")).count();
    assert_eq!(wavs, 11);
    let lint = cooldown(&["lint", scenario], "");
    assert!(text(&lint.stdout).contains("0 error(s), 0 warning(s)"), "{}", text(&lint.stdout));

    // Nothing is left to do, and a second run says so instead of overwriting.
    let again = cooldown(&["record", scenario, "--synthesise"], "");
    assert!(text(&again.stdout).contains("every line has a current recording"), "{}", text(&again.stdout));
}

#[test]
fn history_and_report_on_an_empty_database_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    let db = path.to_str().unwrap();
    // Before anyone has played there is no database, and reading does not make one.
    let history = cooldown(&["--db", db, "history"], "");
    assert_eq!(history.status.code(), Some(1));
    assert!(text(&history.stderr).contains("no results database") && text(&history.stderr).contains("once someone plays"), "{}", text(&history.stderr));
    assert!(!path.exists(), "a reader creates nothing");
    drop(cooldown::store::Store::open(&path).unwrap());
    let history = cooldown(&["--db", db, "history"], "");
    assert_eq!(history.status.code(), Some(0));
    assert!(text(&history.stdout).contains("No sessions yet: play one with `cooldown play --as NAME`."));
    let report = cooldown(&["--db", db, "report", "--person", "Nobody", "--out", "never.html"], "");
    assert_eq!(report.status.code(), Some(1));
    assert!(text(&report.stderr).contains("no sessions for `Nobody`"), "{}", text(&report.stderr));
    assert!(!std::path::Path::new("never.html").exists(), "nothing is written");
    let resume = cooldown(&["--db", db, "play", "--resume", "--as", "Nobody"], "");
    assert_eq!(resume.status.code(), Some(1));
    assert!(text(&resume.stderr).contains("Nobody has no unfinished session"), "{}", text(&resume.stderr));
}

#[test]
fn a_closed_output_ends_the_command_quietly() {
    // `cooldown lint --explain all | head -1`, at its most abrupt: the reader is gone before
    // the first line is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_cooldown"))
        .args(["lint", "--explain", "all"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cooldown starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "no panic: {stderr}");
    assert!(stderr.is_empty(), "nothing said about the closed pipe: {stderr}");
}

#[test]
fn small_wording_and_empty_folder_mends() {
    // A broken scenario's finding is printed as it is, not after a second "error:".
    let out = cooldown(&["play", "tests/fixtures/lint/C000-syntax.ron", "--terminal"], "");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[C000]") && !stderr.contains("error:"), "{stderr}");
    // Linting a folder without scenarios is a failure that says so.
    let dir = tempfile::tempdir().unwrap();
    let out = cooldown(&["lint", dir.path().to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no scenario files"), "{}", text(&out.stderr));
}

#[test]
fn explore_reports_ranges_endings_and_paths_as_json() {
    let out = cooldown(&["explore", "late-gift", "--format", "json"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(e["scenario"], "late-gift");
    let dims = e["dimensions"].as_array().unwrap();
    assert_eq!(dims.len(), 4);
    assert!(dims.iter().all(|d| d["measured"] == true && d["min"].as_i64() < d["max"].as_i64()), "{dims:?}");
    assert!(e["paths"].as_u64().unwrap() > 1 && e["paths_exact"] == true);
    let resolved = e["endings"].as_array().unwrap().iter().find(|x| x["outcome"] == "Resolved").unwrap();
    assert_eq!(resolved["reachable"], true);
    let best = resolved["best"]["overall"].as_u64().unwrap();
    let worst = resolved["worst"]["overall"].as_u64().unwrap();
    assert!(best > worst, "best {best} worst {worst}");
    assert_eq!(resolved["best"]["answers"][0]["node"], "outburst");
    let human = cooldown(&["explore", "scenarios/late-gift.ron"], "");
    assert!(text(&human.stdout).contains("best call: overall"), "{}", text(&human.stdout));
}

#[test]
fn test_runs_the_plans_and_fails_with_the_position_of_what_did_not_hold() {
    let ok = cooldown(&["test", "scenarios/"], "");
    assert!(ok.status.success(), "{}", text(&ok.stdout));
    assert!(text(&ok.stdout).contains("test result: ok."), "{}", text(&ok.stdout));

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("scenarios/late-gift.ron", dir.path().join("late-gift.ron")).unwrap();
    let plan = dir.path().join("late-gift.plan.ron");
    std::fs::write(&plan, "Plan(tests: [\n  Test(name: \"hopes for gold\", answers: [Pick(3), Pick(2)], expect: (band: Gold)),\n])\n").unwrap();
    let out = cooldown(&["test", plan.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(said.contains("test late-gift / hopes for gold ... FAILED"), "{said}");
    assert!(said.contains("expected the band Gold, got Bronze"), "{said}");
    assert!(said.contains(&format!("--> {}:2:76", plan.display())), "{said}");
    assert!(said.contains("test result: FAILED. 0 passed; 1 failed"), "{said}");

    // A plan that does not read is a lint error too, with its position.
    std::fs::write(&plan, "Plan(tests: [Test(name: \"x\", answer: [])])").unwrap();
    let lint = cooldown(&["lint", dir.path().to_str().unwrap()], "");
    assert_eq!(lint.status.code(), Some(1), "{}", text(&lint.stdout));
    assert!(text(&lint.stdout).contains("answer"), "{}", text(&lint.stdout));
}

#[test]
fn walk_counts_random_calls_and_the_same_seed_gives_the_same_counts() {
    let run = || cooldown(&["walk", "vet-emergency", "--n", "5000", "--seed", "3", "--format", "json"], "");
    let out = run();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let w: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(w["calls"], 5000);
    let endings: u64 = w["endings"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum();
    let outcomes: u64 = w["outcomes"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(outcomes, 5000);
    assert_eq!(endings + w["turn_limit"].as_u64().unwrap(), 5000);
    assert_eq!(w["never_reached"].as_array().unwrap().len(), 0);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&run().stdout).unwrap(), w, "same seed, same counts");
    let human = cooldown(&["walk", "vet-emergency", "--n", "1000"], "");
    assert!(text(&human.stdout).contains("million answers a second"), "{}", text(&human.stdout));
    let refused = cooldown(&["walk", "tests/fixtures/lint/C002-missing-next.ron"], "");
    assert_eq!(refused.status.code(), Some(1), "a scenario with errors is not walked");
}

#[test]
fn new_writes_a_scenario_that_lints_and_tests_clean_and_explain_format_prints_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let made = cooldown(&["--pack", dir.path().to_str().unwrap(), "new", "double-charge"], "");
    assert!(made.status.success(), "{}", text(&made.stderr));
    let file = dir.path().join("double-charge.ron");
    let lint = cooldown(&["lint", file.to_str().unwrap()], "");
    assert!(lint.status.success(), "{}", text(&lint.stdout));
    assert!(text(&lint.stdout).contains("0 error(s), 1 warning(s)"), "only the recordings are missing: {}", text(&lint.stdout));
    let tested = cooldown(&["test", file.to_str().unwrap()], "");
    assert!(tested.status.success(), "{}", text(&tested.stdout));
    let again = cooldown(&["--pack", dir.path().to_str().unwrap(), "new", "double-charge"], "");
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("already exists"), "{}", text(&again.stderr));

    let reference = cooldown(&["lint", "--explain", "format"], "");
    assert!(reference.status.success());
    assert!(text(&reference.stdout).starts_with("# The scenario format"), "{}", text(&reference.stdout));
}
