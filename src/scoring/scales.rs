//! The anchored rating scales human reviewers rate answers on (`assets/scales.ron`, or an
//! organisation's own file): five levels per dimension, each with the behaviour that earns it,
//! and how a level becomes points at one question (and points become a level, to set the
//! automatic scorer beside reviewers).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::scenario::source_map::SourceMap;
use crate::scenario::{Node, Points};
use crate::vocab::Dimension;

/// The scales file format this program reads.
pub const SCALES_FORMAT: u32 = 1;

/// The bundled scales, compiled into the binary.
pub const BUNDLED: &str = include_str!("../../assets/scales.ron");

/// Levels run from 1 (worst) to this (best); 3 is neither helping nor hurting.
pub const LEVELS: u8 = 5;

/// Where an organisation's own scales are looked for, in the data folder.
pub const FILE_NAME: &str = "scales.ron";

/// Five anchored levels for each dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "RatingScales", deny_unknown_fields)]
pub struct RatingScales {
    /// The file format's version.
    pub format: u32,
    /// Each dimension's levels, best first as written (any order is read).
    pub scales: BTreeMap<Dimension, Vec<Level>>,
}

/// One level of one dimension's scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// 1 to 5.
    pub level: u8,
    /// A short name ("Empathic").
    pub name: String,
    /// What an answer at this level does, in observable terms.
    pub anchor: String,
}

impl RatingScales {
    /// The scales shipped in `assets/scales.ron`.
    pub fn bundled() -> RatingScales {
        // A broken bundled file is a build defect, caught by this module's tests.
        load_str(Path::new("assets/scales.ron"), BUNDLED).unwrap_or_else(|d| panic!("bundled scales: {d}"))
    }

    /// The anchor of one level of one dimension.
    pub fn level(&self, d: Dimension, level: u8) -> Option<&Level> {
        self.scales.get(&d)?.iter().find(|l| l.level == level)
    }
}

/// Whether a file holds rating scales: its value is `RatingScales(...)`.
pub fn is_scales(text: &str) -> bool {
    SourceMap::opens_with(text, "RatingScales")
}

/// The scales reviewers use: `explicit` when given, else `scales.ron` in `data_dir` when there
/// is one, else the bundled ones; with the file they came from (`None` for the bundled).
pub fn for_organisation(explicit: Option<&Path>, data_dir: &Path) -> Result<(RatingScales, Option<PathBuf>), Box<Diagnostic>> {
    let own = data_dir.join(FILE_NAME);
    match explicit.map(Path::to_path_buf).or_else(|| own.is_file().then_some(own)) {
        Some(path) => Ok((load_file(&path)?, Some(path))),
        None => Ok((RatingScales::bundled(), None)),
    }
}

/// Reads a scales file; the first finding that makes it unusable is the error.
pub fn load_file(path: &Path) -> Result<RatingScales, Box<Diagnostic>> {
    load_str(path, &Diagnostic::read_file(path, "the rating scales", "check the path given to --scales")?)
}

/// Parses scales text and checks it (see [`lint_str`]).
pub fn load_str(path: &Path, text: &str) -> Result<RatingScales, Box<Diagnostic>> {
    let (scales, mut findings) = parse_and_check(path, text);
    match scales {
        Some(scales) if findings.is_empty() => Ok(scales),
        _ => Err(Box::new(findings.remove(0))),
    }
}

/// Every finding in a scales file: C000 when it cannot be read, R001 for each dimension whose
/// levels are not exactly 5 to 1, each named and anchored.
pub fn lint_str(path: &Path, text: &str) -> Vec<Diagnostic> {
    parse_and_check(path, text).1
}

fn parse_and_check(path: &Path, text: &str) -> (Option<RatingScales>, Vec<Diagnostic>) {
    let source = SourceText::new(path, text);
    let scales: RatingScales = match Diagnostic::parse_ron(&source, example) {
        Ok(s) => s,
        Err(d) => return (None, vec![*d]),
    };
    let map = SourceMap::index(text);
    let at = |code: Code, path: &str, message: String| Diagnostic::at(code, &source, map.nearest(path), message);
    if scales.format != SCALES_FORMAT {
        let message = format!("rating scales format {} is not supported; this version reads format {SCALES_FORMAT}", scales.format);
        return (None, vec![at(Code::C000, "format", message).with_label("unsupported format")]);
    }
    let mut findings = Vec::new();
    for d in Dimension::ALL {
        let Some(levels) = scales.scales.get(&d) else {
            findings.push(
                at(Code::R001, "scales", format!("no scale for {}", d.name()))
                    .with_label("missing dimension")
                    .with_help(format!("add `{d:?}: [(level: 5, name: \"...\", anchor: \"...\"), ...]` with levels 5 down to 1")),
            );
            continue;
        };
        let mut given: Vec<u8> = levels.iter().map(|l| l.level).collect();
        given.sort_unstable();
        if given != (1..=LEVELS).collect::<Vec<u8>>() {
            let listed: Vec<String> = levels.iter().map(|l| l.level.to_string()).collect();
            findings.push(
                at(Code::R001, &format!("scales.{d:?}"), format!("the {} scale has levels [{}]; it needs each of 1 to {LEVELS} once", d.name(), listed.join(", ")))
                    .with_label("levels 1-5 needed")
                    .with_help("reviews are compared across reviewers and mapped to points on the same five levels; give each level exactly once"),
            );
        }
        for (i, l) in levels.iter().enumerate() {
            if l.name.trim().is_empty() || l.anchor.trim().is_empty() {
                findings.push(
                    at(Code::R001, &format!("scales.{d:?}[{i}]"), format!("level {} of {} has no {}", l.level, d.name(), if l.name.trim().is_empty() { "name" } else { "anchor" }))
                        .with_label("empty")
                        .with_help("an anchor says what an answer at this level does, in words a reviewer can observe"),
                );
            }
        }
    }
    (Some(scales), findings)
}

fn example(field: &str) -> &'static str {
    match field {
        "format" => "1",
        "level" => "5",
        "name" => "\"Empathic\"",
        "anchor" => "\"Names the customer's feeling and apologises before solving.\"",
        _ => "...",
    }
}

/// How much one question can earn or cost on each dimension: the best and the worst of its
/// authored answers. Reviewers' levels are mapped to points on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scale {
    /// The most any authored answer earns here (never below 0).
    pub ceiling: Points,
    /// The most any authored answer costs here (never above 0).
    pub floor: Points,
}

impl Scale {
    /// The scale of a node's answers.
    pub fn of(node: &Node) -> Scale {
        Scale { ceiling: node.ceiling(), floor: node.floor() }
    }

    /// What a level (a median may fall between two) is worth on `d` here: 3 is 0; 5 is the
    /// best authored answer's points, so a reviewed answer never earns more than the scenario
    /// allows; 1 costs as much as the worst authored answer, or as much as the best earns if
    /// that is more, and at least 1, so a poor answer costs something everywhere. Levels
    /// between are linear.
    pub fn points(&self, d: Dimension, level: f64) -> i32 {
        let level = level.clamp(1.0, f64::from(LEVELS));
        if level >= 3.0 {
            ((level - 3.0) / 2.0 * f64::from(self.up(d))).round() as i32
        } else {
            -((3.0 - level) / 2.0 * f64::from(self.down(d))).round() as i32
        }
    }

    /// The level `points` on `d` stand for here, 1.0 to 5.0 (the inverse of [`Scale::points`]),
    /// to set the automatic score beside reviewers' levels.
    pub fn level(&self, d: Dimension, points: i32) -> f64 {
        let p = f64::from(points);
        if points >= 0 {
            let up = f64::from(self.up(d));
            if up == 0.0 { 3.0 } else { 3.0 + 2.0 * (p / up).min(1.0) }
        } else {
            3.0 - 2.0 * (-p / f64::from(self.down(d))).min(1.0)
        }
    }

    fn up(&self, d: Dimension) -> i32 {
        self.ceiling.get(d).max(0)
    }

    fn down(&self, d: Dimension) -> i32 {
        (-self.floor.get(d)).max(self.up(d)).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_scales_anchor_five_levels_of_every_dimension() {
        let scales = RatingScales::bundled();
        for d in Dimension::ALL {
            for level in 1..=LEVELS {
                let l = scales.level(d, level).unwrap_or_else(|| panic!("{d:?} {level}"));
                assert!(l.anchor.len() > 20, "{d:?} {level}: {}", l.anchor);
            }
        }
        assert!(scales.level(Dimension::Empathy, 5).unwrap().anchor.contains("apologises"));
        assert!(lint_str(Path::new("assets/scales.ron"), BUNDLED).is_empty());
        assert!(is_scales(BUNDLED) && !is_scales("Scenario(format: 1)"));
    }

    #[test]
    fn a_missing_level_and_an_empty_anchor_are_found_where_they_are() {
        let text = BUNDLED.replace("            (level: 2, name: \"Minimising\"", "            (level: 3, name: \"Minimising\"");
        let found = lint_str(Path::new("scales.ron"), &text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].code, Code::R001);
        assert!(found[0].message.contains("the empathy scale has levels [5, 4, 3, 3, 1]"), "{}", found[0].message);
        let line = BUNDLED.lines().position(|l| l.trim_start().starts_with("Empathy: [")).unwrap() + 1;
        assert!(found[0].position().starts_with(&format!("scales.ron:{line}:")), "{}", found[0].position());

        let text = BUNDLED.replace("name: \"Calm\", anchor: \"Stays calm and lets the customer finish; one brisk or rushed moment.\"", "name: \"Calm\", anchor: \" \"");
        let d = load_str(Path::new("scales.ron"), &text).unwrap_err();
        assert_eq!((d.code, d.message.as_str()), (Code::R001, "level 4 of patience has no anchor"));
        let d = load_str(Path::new("scales.ron"), &BUNDLED.replace("Resolution: [", "Resolve: [")).unwrap_err();
        assert_eq!(d.code, Code::C000);
        assert!(d.help.as_deref().unwrap_or("").contains("Resolution"), "{d:?}");
    }

    #[test]
    fn an_organisations_file_in_the_data_folder_replaces_the_bundled_one() {
        let dir = tempfile::tempdir().unwrap();
        let (scales, from) = for_organisation(None, dir.path()).unwrap();
        assert_eq!((scales, from), (RatingScales::bundled(), None));
        let own = BUNDLED.replace("name: \"Empathic\"", "name: \"Warm\"");
        std::fs::write(dir.path().join(FILE_NAME), own).unwrap();
        let (scales, from) = for_organisation(None, dir.path()).unwrap();
        assert_eq!(scales.level(Dimension::Empathy, 5).unwrap().name, "Warm");
        assert_eq!(from, Some(dir.path().join(FILE_NAME)));
        std::fs::write(dir.path().join("broken.ron"), "RatingScales(format: 1, scales: {})").unwrap();
        assert_eq!(for_organisation(Some(&dir.path().join("broken.ron")), dir.path()).unwrap_err().code, Code::R001);
    }

    #[test]
    fn levels_map_to_points_within_what_the_question_allows_and_back() {
        let scale = Scale {
            ceiling: Points { patience: 0, empathy: 4, clarification: 2, resolution: 3 },
            floor: Points { patience: -2, empathy: -6, clarification: 0, resolution: 0 },
        };
        let e = Dimension::Empathy;
        let got: Vec<i32> = [1.0, 2.0, 3.0, 3.5, 4.0, 5.0].iter().map(|&l| scale.points(e, l)).collect();
        assert_eq!(got, [-6, -3, 0, 1, 2, 4]);
        // No authored answer costs clarification: a 1 still costs what the best earns.
        assert_eq!(scale.points(Dimension::Clarification, 1.0), -2);
        // Nothing earns patience here: a 5 earns nothing, a 1 still costs a point... or two.
        assert_eq!((scale.points(Dimension::Patience, 5.0), scale.points(Dimension::Patience, 1.0)), (0, -2));
        assert_eq!(scale.points(Dimension::Resolution, 1.0), -3);
        for level in [1.0, 2.0, 3.0, 4.0, 5.0] {
            assert_eq!(scale.level(e, scale.points(e, level)), level);
        }
        assert_eq!(scale.level(e, 40), 5.0, "above the best is the top level");
        assert_eq!(scale.level(Dimension::Patience, 0), 3.0);
    }
}
