//! Scenarios: the RON model trainers write, loading with positioned errors, the linter, and
//! path analysis over the branch graph.

pub mod explore;
pub mod graph;
pub mod lint;
pub mod load;
pub mod model;
pub mod pack;
pub mod plan;
pub mod source_map;
pub mod takes;

pub use load::{load_file, load_str, LoadError, LoadedScenario};
pub use model::*;
pub use crate::vocab::{closest, Dimension, Emotion, Persona, Points};
