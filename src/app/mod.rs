//! The use cases that the command line, the terminal player and the window share, each written
//! once here: they take and return typed values and errors, and each front end words them its
//! own way (the CLI adds its commands as advice, the window shows them on the picker).

pub mod export;
pub mod pack;
pub mod review;
pub mod session;
