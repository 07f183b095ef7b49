//! Shared words at the bottom of the stack: points and dimensions, behaviours, personas and
//! emotions, phrase patterns, text normalisation and "did you mean". Every other module may use
//! these; they use none of them.

mod behaviour;
mod persona;
pub mod phrase;
mod points;
mod score;
mod suggest;
pub mod text;

pub use behaviour::Behaviour;
pub use persona::{Emotion, Persona};
pub use phrase::{Element, Pattern, PHRASE_HELP};
pub use points::{Dimension, Points};
pub use score::{Band, Scores};
pub use suggest::closest;
