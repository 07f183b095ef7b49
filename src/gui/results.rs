//! Keeps the window's sessions in the results store: the session when it starts, every turn as
//! it is scored, the result when the call ends. A non-send resource: a SQLite connection may
//! move between threads but not be shared by them.

use bevy::prelude::*;

use super::screens::session::Live;
use super::{Pack, Screen, Setup};
use crate::store::{Role, Store};

/// The open store and the session being kept.
pub struct Results {
    pub store: Store,
    current: Option<Current>,
    /// The last session kept to its end, for the debrief to name.
    last_finished: Option<i64>,
}

struct Current {
    id: i64,
    kept: usize,
    finished: bool,
}

impl Results {
    pub fn new(store: Store) -> Results {
        Results { store, current: None, last_finished: None }
    }

    /// The stored id of the last session kept to its end.
    pub fn last_finished(&self) -> Option<i64> {
        self.last_finished
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(Update, keep.run_if(in_state(Screen::Session)))
        .add_systems(OnExit(Screen::Session), |results: Option<NonSendMut<Results>>| {
            if let Some(mut r) = results {
                r.current = None;
            }
        });
}

/// Begins keeping the session on screen, then writes what is new: turns, then the result.
/// A failing write is logged and keeping stops for this session (a gap could not be resumed).
fn keep(results: Option<NonSendMut<Results>>, live: Option<Res<Live>>, pack: Res<Pack>, setup: Res<Setup>) {
    let (Some(mut results), Some(live)) = (results, live) else { return };
    let session = &live.session;
    if results.current.is_none() {
        let Some(scenario) = pack.refs.get(setup.scenario) else { return };
        let role = if session.mode() == crate::engine::Mode::Screening { Role::Candidate } else { Role::Trainee };
        let begun = results
            .store
            .person(if setup.person.trim().is_empty() { "trainee" } else { setup.person.trim() }, role, None)
            .and_then(|person| results.store.begin(&person, scenario, session.mode(), session.seed(), None));
        match begun {
            Ok(id) => results.current = Some(Current { id, kept: 0, finished: false }),
            Err(e) => {
                error!("this session will not be kept: {e}");
                results.current = Some(Current { id: -1, kept: usize::MAX, finished: true });
                return;
            }
        }
    }
    let Results { store, current, last_finished } = &mut *results;
    let Some(current) = current.as_mut() else { return };
    if current.id < 0 {
        return;
    }
    let responses = session.responses();
    while current.kept < session.turns().len() {
        let n = current.kept;
        if let Err(e) = store.add_turn(current.id, &session.turns()[n], &responses[n]) {
            error!("could not keep answer {}: {e}; the rest of this session is not kept", n + 1);
            current.id = -1;
            return;
        }
        current.kept += 1;
    }
    if let (Some(result), false) = (session.result(), current.finished) {
        match store.finish(current.id, result) {
            Ok(()) => {
                current.finished = true;
                *last_finished = Some(current.id);
            }
            Err(e) => error!("could not keep the result: {e}"),
        }
    }
}
