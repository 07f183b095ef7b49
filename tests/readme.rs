//! The README's examples must stay valid as the formats evolve: its scenario and its assessment.

use std::path::Path;

use cooldown::scenario::{lint, load_str};

/// The README's ```ron blocks, in order.
fn ron_blocks() -> Vec<String> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    readme.split("```ron\n").skip(1).map(|rest| rest[..rest.find("```").unwrap()].to_string()).collect()
}

#[test]
fn the_readme_example_scenario_loads_and_has_no_lint_errors() {
    let blocks = ron_blocks();
    let example = blocks.iter().find(|b| !cooldown::assessment::is_assessment(b)).expect("README has a scenario example");
    let loaded = load_str(Path::new("README.md"), example).unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<_> = lint::lint_scenario(&loaded).into_iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(loaded.scenario.endings.len(), 2);
}

#[test]
fn the_readme_example_assessment_is_the_bundled_one_and_lints_clean() {
    let blocks = ron_blocks();
    let example = blocks.iter().find(|b| cooldown::assessment::is_assessment(b)).expect("README has an assessment example");
    // Read as if it sat beside the bundled one, so its pack is the bundled scenarios.
    let loaded = cooldown::assessment::load_str(Path::new("assessments/readme.ron"), example).unwrap_or_else(|e| panic!("{e}"));
    let (pack, _) = cooldown::scenario::pack::load_pack(&loaded.pack_dir());
    let findings = cooldown::assessment::lint_with(&loaded, &pack);
    assert!(findings.is_empty(), "{findings:#?}");
    let bundled = cooldown::assessment::load_file(Path::new("assessments/support-agent.ron")).unwrap();
    assert_eq!(loaded.assessment, bundled.assessment, "the README shows the bundled assessment");
}
