//! The session engine: a pure state machine that takes responses and returns events. The
//! GUI, the terminal player, the tests and batch scoring all drive this same engine.

pub mod mood;
pub mod result;
mod session;
pub mod walk;

pub use crate::scoring::delivery::Heard;
pub use result::{Band, GivenAnswer, Reason, Reviewed, ReviewedTurn, Scores, SessionResult, Turn};
pub use session::{CustomerLine, EngineError, Event, Mode, Prompt, Response, Session, Spoken, MAX_TURNS, TURN_LIMIT_ENDING};

/// A seed for a session nobody asked to replay, short enough to type back in. Players call
/// this and print the seed; the engine itself never reads a clock.
pub fn fresh_seed() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    (nanos % 1_000_000) as u64
}
