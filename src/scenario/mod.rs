//! Scenarios: the RON model trainers write, loading with positioned errors, the linter, and
//! path analysis over the branch graph.

pub mod explore;
pub mod lint;
pub mod load;
pub mod model;
pub mod pack;
pub mod source_map;
pub mod takes;
mod suggest;

pub use load::{load_file, load_str, LoadError, LoadedScenario};
pub use model::*;
pub use suggest::closest;
