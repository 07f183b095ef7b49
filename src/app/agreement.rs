//! How far reviewers agree, and the automatic scorer with them, over the sessions a reader
//! picks (the figures themselves: [`crate::report::agreement`]).

use crate::report::agreement::{self, Agreement};
use crate::report::{gather, Filter};
use crate::store::{Store, StoreError};

/// The agreement figures over the ratings of the sessions `filter` selects.
pub fn agreement(store: &Store, filter: &Filter) -> Result<Agreement, StoreError> {
    Ok(agreement::of(&gather(store, filter, |_, _| ())?))
}
