//! Opening the results database for what each use needs: to keep sessions (created when
//! missing), to add to results that exist (a review, a resumed session: a mistyped location is
//! an error, not a new empty database), or to read them (never created or changed). The CLI,
//! the terminal player and the window open it only through here.

use crate::store::{Copied, Location, Store, StoreError};

/// For keeping sessions: a file is created when missing (with the data folder, at the default
/// place only); a server's database is migrated to the current schema.
pub fn for_keeping(at: &Location) -> Result<Store, StoreError> {
    if at.is_default_file() {
        return Store::open_default();
    }
    Store::open_at(at)
}

/// For adding to results that must exist already.
pub fn existing(at: &Location) -> Result<Store, StoreError> {
    if let Location::File(path) = at {
        if !path.is_file() {
            return Err(StoreError::Missing { at: at.to_string() });
        }
    }
    Store::open_at(at)
}

/// For reading: the database must exist and hold this cooldown's schema.
pub fn for_reading(at: &Location) -> Result<Store, StoreError> {
    Store::read_at(at)
}

/// `db migrate`: brings the database at `at` to this cooldown's schema (creating it when it is
/// a new file or an empty server database); the schema version it is at afterwards.
pub fn migrate(at: &Location) -> Result<Store, StoreError> {
    for_keeping(at)
}

/// `db copy`: every person, session, turn and review of `from` into `to`, which must be empty.
pub fn copy(from: &Location, to: &Location) -> Result<Copied, StoreError> {
    let source = for_reading(from)?;
    let target = for_keeping(to)?;
    crate::store::copy(&source, &target)
}
