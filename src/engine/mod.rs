//! The session engine: a pure state machine that takes responses and returns events. The
//! GUI, the terminal player, the tests and batch scoring all drive this same engine.

pub mod mood;
pub mod result;
mod session;

pub use result::{Band, GivenAnswer, Reason, Scores, SessionResult, Turn};
pub use session::{CustomerLine, EngineError, Event, Mode, Prompt, Response, Session};
