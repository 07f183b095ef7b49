//! Keeps the window's sessions in the results store: the session when it starts, every turn as
//! it is scored, the result when the call ends. A non-send resource: a SQLite connection may
//! move between threads but not be shared by them.

use bevy::prelude::*;

use super::screens::session::Live;
use super::{Pack, Screen, Setup};
use crate::store::{Kept, Store};

/// The open store and the session being kept.
pub struct Results {
    /// Where sessions are kept.
    pub store: Store,
    current: Current,
    /// The last session kept to its end, for the debrief to name.
    last_finished: Option<i64>,
    /// How far the session was (turns, ended) when keeping it last failed.
    failed_at: Option<(usize, bool)>,
}

/// Where keeping the session on screen stands.
enum Current {
    /// Not begun: the next session frame begins it.
    Idle,
    Keeping(Kept),
    /// Beginning it failed; this session is not kept.
    Off,
}

impl Results {
    /// Keeps the window's sessions in `store`.
    pub fn new(store: Store) -> Results {
        Results { store, current: Current::Idle, last_finished: None, failed_at: None }
    }

    /// Keeps the next session in `kept` (begun or resumed by an assessment's sitting) rather
    /// than beginning a new one.
    pub fn keep_as(&mut self, kept: Kept) {
        self.current = Current::Keeping(kept);
        self.failed_at = None;
    }

    /// The stored id of the last session kept to its end.
    pub fn last_finished(&self) -> Option<i64> {
        self.last_finished
    }
}

/// Keeps sessions while the session screen is up.
pub fn plugin(app: &mut App) {
    app.add_systems(Update, keep.run_if(in_state(Screen::Session)))
        .add_systems(OnExit(Screen::Session), |results: Option<NonSendMut<Results>>| {
            if let Some(mut r) = results {
                // Left before the first answer: nothing to resume, so no unfinished session
                // is left in the history (the store keeps any session with a turn).
                if let Current::Keeping(kept) = &r.current {
                    if let Err(e) = r.store.discard_if_empty(kept.session) {
                        warn!("an unanswered session stays in the history: {e}");
                    }
                }
                r.current = Current::Idle;
                r.failed_at = None;
            }
        });
}

/// Begins keeping the session on screen, then writes what is new: turns, then the result.
fn keep(results: Option<NonSendMut<Results>>, live: Option<ResMut<Live>>, pack: Res<Pack>, setup: Res<Setup>) {
    let (Some(mut results), Some(mut live)) = (results, live) else { return };
    let Results { store, current, last_finished, failed_at } = &mut *results;
    let session = &live.session;
    if let Current::Idle = current {
        let Some(scenario) = pack.refs.get(setup.scenario) else { return };
        let who = crate::app::session::Player { name: crate::app::session::player_name(Some(&setup.person)), role: None, external_id: None };
        *current = match crate::app::session::begin(store, &who, scenario, session.mode(), session.seed(), None) {
            Ok(kept) => Current::Keeping(kept),
            Err(e) => {
                error!("this session will not be kept: {e}");
                Current::Off
            }
        };
    }
    let Current::Keeping(kept) = current else { return };
    // What the screen noticed while an answer was given (a sitting's integrity signals).
    for (turn, what) in std::mem::take(&mut live.noticed) {
        if let Err(e) = store.observe(kept.session, turn, what) {
            warn!("could not note what was noticed during answer {turn}: {e}");
        }
    }
    let session = &live.session;
    // After a failure, wait for the next answer (or the end) before trying again: a server
    // that is down would otherwise be waited for in every frame.
    let progress = (session.turns().len(), session.is_over());
    if *failed_at == Some(progress) {
        return;
    }
    let saved = store.sync(kept, session);
    for notice in store.take_notices() {
        warn!("{notice}");
    }
    *failed_at = None;
    match saved {
        Ok(()) if kept.is_finished() => *last_finished = Some(kept.session),
        Ok(()) => {}
        // Turns are kept in order, so once the database is back nothing is skipped.
        Err(e) => {
            error!("could not keep this session's latest answer yet: {e}; trying again after the next answer");
            *failed_at = Some(progress);
        }
    }
}
