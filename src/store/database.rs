//! The seam between the store and a database engine. The store's statements are written once,
//! in SQL both engines take, with `?1`-style placeholders; a backend runs them and hands back
//! plain values. Everything that differs between engines (connecting, the schema's column types,
//! keeping the journal small, reconnecting) lives behind this trait.

/// A value going into a statement or coming out of one.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A whole number.
    Int(i64),
    /// A real number.
    Real(f64),
    /// Text.
    Text(String),
}

/// One result row, its columns in the order the statement selected them.
pub type Row = Vec<Value>;

/// The database engine behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Why a statement did not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbError {
    /// The engine refused or failed the statement (a constraint, a read-only database); its words.
    Failed(String),
    /// The connection dropped and is made again: whether the statement took effect is unknown.
    Reconnected,
    /// The connection dropped and could not be made again in time.
    Lost(String),
}

/// An open connection to one results database.
pub trait Database: Send {
    /// Which engine this is.
    fn engine(&self) -> Engine;
    /// Runs a statement that returns no rows; how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Runs a statement and returns every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError>;
    /// Runs statements without parameters, separated by `;` (a transaction's BEGIN, a migration).
    fn batch(&mut self, sql: &str) -> Result<(), DbError>;
    /// Called after each acknowledged write: SQLite empties its journal into the file.
    fn settle(&mut self) {}
    /// The engine's own check of the stored data: "ok", or what is wrong.
    fn integrity(&mut self) -> Result<String, DbError>;
}

/// Reading typed columns out of a row; a column of the wrong type means the database was edited
/// by hand or is damaged.
pub(crate) mod read {
    use super::{Row, Value};

    /// A column held something the store never writes there.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Unexpected {
        pub column: usize,
        pub found: String,
    }

    fn unexpected(row: &Row, column: usize) -> Unexpected {
        Unexpected { column, found: row.get(column).map_or_else(|| "nothing".into(), |v| format!("{v:?}")) }
    }

    pub fn opt_int(row: &Row, column: usize) -> Result<Option<i64>, Unexpected> {
        match row.get(column) {
            Some(Value::Null) => Ok(None),
            Some(Value::Int(i)) => Ok(Some(*i)),
            _ => Err(unexpected(row, column)),
        }
    }

    pub fn int(row: &Row, column: usize) -> Result<i64, Unexpected> {
        opt_int(row, column)?.ok_or_else(|| unexpected(row, column))
    }

    pub fn opt_text(row: &Row, column: usize) -> Result<Option<String>, Unexpected> {
        match row.get(column) {
            Some(Value::Null) => Ok(None),
            Some(Value::Text(t)) => Ok(Some(t.clone())),
            _ => Err(unexpected(row, column)),
        }
    }

    pub fn text(row: &Row, column: usize) -> Result<String, Unexpected> {
        opt_text(row, column)?.ok_or_else(|| unexpected(row, column))
    }

    /// A real number (a whole number is taken as one: an engine may return either).
    pub fn real(row: &Row, column: usize) -> Result<f64, Unexpected> {
        match row.get(column) {
            Some(Value::Real(f)) => Ok(*f),
            Some(Value::Int(i)) => Ok(*i as f64),
            _ => Err(unexpected(row, column)),
        }
    }

    /// A small whole number (a score, a count) that must fit `T`.
    pub fn opt_small<T: TryFrom<i64>>(row: &Row, column: usize) -> Result<Option<T>, Unexpected> {
        opt_int(row, column)?.map(|i| T::try_from(i).map_err(|_| unexpected(row, column))).transpose()
    }

    pub fn small<T: TryFrom<i64>>(row: &Row, column: usize) -> Result<T, Unexpected> {
        opt_small(row, column)?.ok_or_else(|| unexpected(row, column))
    }
}
