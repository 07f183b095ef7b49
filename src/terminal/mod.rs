//! The terminal: the player (scenarios with no display, interactively or over a pipe) and the
//! trainer's recording of the customer's lines; push-to-talk answers in the player.

pub mod history;
mod player;
pub mod record;
pub mod render;
pub mod review;

pub use player::{Finish, PasteMarks, PlayError, Player, PASTE_END, PASTE_START, QUIT_COMMANDS};
pub use render::Style;
