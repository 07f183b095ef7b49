//! cooldown: practise handling angry customers.
//!
//! The pure core (scenarios, engine, scoring, terminal player) never touches Bevy or cpal;
//! the window lives behind the `gui` feature and microphone capture behind `audio`.

#![warn(missing_docs)]

pub mod app;
pub mod assessment;
pub mod audio;
pub mod clock;
pub mod diagnostic;
pub mod engine;
#[cfg(feature = "gui")]
pub mod gui;
pub mod hash;
pub mod paths;
pub mod report;
pub mod scenario;
pub mod scoring;
pub mod store;
pub mod terminal;
pub mod vocab;
