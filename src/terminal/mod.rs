//! The terminal player: plays scenarios with no display, interactively or over a pipe.

mod player;
pub mod render;

pub use player::{Finish, PlayError, Player, QUIT_COMMANDS};
pub use render::Style;
