//! Terminal player.
