//! The window draws only when something changes: a key, a click, the window itself, or
//! something moving on screen (a caption being revealed, the call ending, a recording, the
//! debrief playing a turn back, a new screen). Waiting on a question it wakes once a second where a clock shows the seconds
//! (screening), a few times a second while a trainer's pack is watched (`play --watch`);
//! otherwise it sleeps.
//! (Drawing every frame kept 1.3-1.9 of this machine's two cores busy with nothing to show.)

use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};

use super::screens::session::Live;
use super::screens::Screen;
use super::voice::Voice;

/// How often an idle window wakes while a clock shows the seconds.
pub const CLOCK_WAKE: Duration = Duration::from_secs(1);

/// How often it wakes otherwise (the text cursor's blink waits for it).
pub const IDLE_WAKE: Duration = Duration::from_secs(30);

fn waking_every(wait: Duration) -> WinitSettings {
    WinitSettings { focused_mode: UpdateMode::reactive_low_power(wait), unfocused_mode: UpdateMode::reactive_low_power(wait) }
}

/// How long an idle window sleeps: a watched pack is read every `watching` (the watcher runs
/// only when the window wakes); a clock on screen (a screening call) ticks once a second.
fn idle_wake(watching: Option<Duration>, clock: bool) -> Duration {
    match (watching, clock) {
        (Some(every), _) => every,
        (None, true) => CLOCK_WAKE,
        (None, false) => IDLE_WAKE,
    }
}

/// Reactive updates, and a redraw asked for whenever something moves.
pub fn plugin(app: &mut App) {
    app.insert_resource(waking_every(IDLE_WAKE)).add_systems(Last, keep_moving);
}

fn keep_moving(
    screen: Res<State<Screen>>,
    next: Res<NextState<Screen>>,
    live: Option<Res<Live>>,
    playback: Option<Res<super::screens::debrief::Playback>>,
    voice: Option<NonSend<Voice>>,
    watching: Option<Res<super::authoring::Watch>>,
    scrolled: Query<(), Changed<ScrollPosition>>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut settings: ResMut<WinitSettings>,
    mut settle: Local<u32>,
) {
    let clock = live.as_ref().is_some_and(|l| l.session.mode() == crate::engine::Mode::Screening);
    let wait = idle_wake(watching.map(|w| w.every), clock);
    if settings.focused_mode != UpdateMode::reactive_low_power(wait) {
        *settings = waking_every(wait);
    }
    // A new screen takes a few frames to lay out its text.
    if screen.is_changed() || matches!(*next, NextState::Pending(_)) {
        *settle = 3;
    }
    let changing = *settle > 0;
    *settle = settle.saturating_sub(1);
    // Moving on its own: the next frame must follow at once.
    let playing = playback.is_some_and(|p| p.playing());
    // A column scrolled after this frame's layout (a control brought into view) moves on the next.
    if changing || playing || !scrolled.is_empty() || voice.is_some_and(|v| v.recording()) || live.is_some_and(|l| l.moving()) {
        redraw.write(RequestRedraw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watched_pack_wakes_the_window_as_often_as_it_is_read() {
        let every = super::super::authoring::WATCH_EVERY;
        assert_eq!(idle_wake(Some(every), false), every);
        assert_eq!(idle_wake(Some(every), true), every);
        assert_eq!(idle_wake(None, true), CLOCK_WAKE);
        assert_eq!(idle_wake(None, false), IDLE_WAKE);
    }
}
