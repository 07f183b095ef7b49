//! The README's example scenario must stay valid as the format evolves.

use std::path::Path;

use cooldown::scenario::{lint, load_str};

#[test]
fn the_readme_example_scenario_loads_and_has_no_lint_errors() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("```ron\n").expect("README has a ron example") + "```ron\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let loaded = load_str(Path::new("README.md"), &readme[start..end]).unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<_> = lint::lint_scenario(&loaded).into_iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(loaded.scenario.endings.len(), 2);
}
