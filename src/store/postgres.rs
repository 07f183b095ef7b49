//! The shared backend: a PostgreSQL server (the `postgres` crate, no TLS: for a server on the
//! team's own network), for many machines keeping results in one place. A connection that drops
//! mid-session is made again, waiting up to [`RECONNECT_WAIT`], and the store is told so it can
//! retry what it was doing and tell the trainee.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use postgres::types::{ToSql, Type};
use postgres::{Client, Config, NoTls, Statement};

use super::database::{Database, DbError, Engine, Row, Value};
use super::{schema, StoreError};

/// How long a dropped connection is tried again before the store gives up on a write.
pub const RECONNECT_WAIT: Duration = Duration::from_secs(15);

/// Any number, the same on every machine: held while migrating, so two machines opening a new
/// database at once migrate it once.
const MIGRATION_LOCK: i64 = 0x636f_6f6c_646f_776e; // "cooldown"

pub struct Postgres {
    config: Config,
    client: Client,
    read_only: bool,
    /// Statements prepared on this connection, by their SQL as the store wrote it.
    prepared: HashMap<String, Statement>,
}

use super::location::redact;

fn config(url: &str) -> Result<Config, StoreError> {
    let mut config: Config =
        url.parse().map_err(|e: postgres::Error| StoreError::Open { at: redact(url), reason: format!("not a PostgreSQL URL: {e}") })?;
    config.application_name("cooldown").connect_timeout(Duration::from_secs(5)).keepalives(true).keepalives_idle(Duration::from_secs(10));
    Ok(config)
}

fn connect(config: &Config, read_only: bool) -> Result<Client, postgres::Error> {
    let mut client = config.connect(NoTls)?;
    if read_only {
        // A reader can never change the results, whatever it runs.
        client.batch_execute("SET default_transaction_read_only = on")?;
    }
    Ok(client)
}

fn unreachable(url: &str, e: &postgres::Error) -> StoreError {
    StoreError::Unreachable { at: redact(url), reason: words(e) }
}

/// The server's own message when it gave one, else the client's.
fn words(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

/// Connects to the server at `url` and migrates its database to the current schema.
pub fn open(url: &str) -> Result<Postgres, StoreError> {
    let config = config(url)?;
    let mut client = connect(&config, false).map_err(|e| unreachable(url, &e))?;
    migrate(&mut client, url)?;
    Ok(Postgres { config, client, read_only: false, prepared: HashMap::new() })
}

/// Connects for reading only; the database must hold cooldown's current schema.
pub fn open_read_only(url: &str) -> Result<Postgres, StoreError> {
    let config = config(url)?;
    let mut client = connect(&config, true).map_err(|e| unreachable(url, &e))?;
    let found = version(&mut client).map_err(|e| StoreError::Open { at: redact(url), reason: words(&e) })?;
    schema::check_readable(&redact(url), found)?;
    Ok(Postgres { config, client, read_only: true, prepared: HashMap::new() })
}

/// How many migrations the database has (0: none, or no cooldown tables at all).
fn version(client: &mut Client) -> Result<u32, postgres::Error> {
    let exists: bool = client.query_one("SELECT to_regclass('cooldown_schema') IS NOT NULL", &[])?.get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i64> = client.query_opt("SELECT version FROM cooldown_schema", &[])?.map(|r| r.get(0));
    Ok(v.unwrap_or(0) as u32)
}

/// Applies the missing migrations in one transaction under a lock every cooldown takes first,
/// so of two machines opening a new database at once, the second finds the work done.
fn migrate(client: &mut Client, url: &str) -> Result<(), StoreError> {
    let failed = |e: postgres::Error| StoreError::Open { at: redact(url), reason: words(&e) };
    let mut tx = client.transaction().map_err(failed)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(failed)?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS cooldown_schema (version BIGINT NOT NULL)").map_err(failed)?;
    let found: i64 = tx.query_opt("SELECT version FROM cooldown_schema", &[]).map_err(failed)?.map_or(0, |r| r.get(0));
    let found = found as u32;
    if found > schema::CURRENT {
        return Err(StoreError::TooNew { at: redact(url), found, known: schema::CURRENT });
    }
    for step in &schema::MIGRATIONS[found as usize..] {
        tx.batch_execute(&schema::for_postgres(step)).map_err(failed)?;
    }
    if found < schema::CURRENT {
        tx.execute("DELETE FROM cooldown_schema", &[]).map_err(failed)?;
        tx.execute("INSERT INTO cooldown_schema (version) VALUES ($1)", &[&i64::from(schema::CURRENT)]).map_err(failed)?;
    }
    tx.commit().map_err(failed)
}

/// The store's `?1` placeholders in PostgreSQL's `$1` spelling. The store's SQL has no `?` in
/// its string literals, so every `?` is a placeholder.
fn dollar_placeholders(sql: &str) -> String {
    sql.replace('?', "$")
}

/// A parameter as the type the server expects in that place.
fn param(v: &Value, ty: &Type) -> Result<Box<dyn ToSql + Sync>, DbError> {
    let wrong = || DbError::Failed(format!("cannot pass {v:?} as {ty}"));
    Ok(match (v, ty) {
        (Value::Null, t) if *t == Type::INT8 => Box::new(None::<i64>),
        (Value::Null, t) if *t == Type::INT4 => Box::new(None::<i32>),
        (Value::Null, t) if *t == Type::FLOAT8 => Box::new(None::<f64>),
        (Value::Null, _) => Box::new(None::<String>),
        (Value::Int(i), t) if *t == Type::INT8 => Box::new(*i),
        (Value::Int(i), t) if *t == Type::INT4 => Box::new(i32::try_from(*i).map_err(|_| wrong())?),
        (Value::Int(i), t) if *t == Type::FLOAT8 => Box::new(*i as f64),
        (Value::Real(f), t) if *t == Type::FLOAT8 => Box::new(*f),
        (Value::Text(s), _) => Box::new(s.clone()),
        _ => return Err(wrong()),
    })
}

fn value(row: &postgres::Row, i: usize) -> Result<Value, postgres::Error> {
    let ty = row.columns()[i].type_();
    Ok(if *ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Int)
    } else if *ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(i)?.map_or(Value::Null, |v| Value::Int(v.into()))
    } else if *ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(i)?.map_or(Value::Null, |v| Value::Int(v.into()))
    } else if *ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(i)?.map_or(Value::Null, |v| Value::Int(v.into()))
    } else if *ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(i)?.map_or(Value::Null, Value::Real)
    } else if *ty == Type::FLOAT4 {
        row.try_get::<_, Option<f32>>(i)?.map_or(Value::Null, |v| Value::Real(v.into()))
    } else {
        row.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text)
    })
}

/// Why work on the connection stopped: the server (or the connection) failed, or a value could
/// not be passed as the type the server expects.
enum Fail {
    Server(postgres::Error),
    Value(DbError),
}

impl From<postgres::Error> for Fail {
    fn from(e: postgres::Error) -> Fail {
        Fail::Server(e)
    }
}

impl Postgres {
    /// Runs `work` on the connection; when the connection was lost, makes it again (waiting up
    /// to [`RECONNECT_WAIT`]) and says so, without running `work` again: only the store knows
    /// whether that is safe.
    fn run<T>(&mut self, work: impl FnOnce(&mut Client, &mut HashMap<String, Statement>) -> Result<T, Fail>) -> Result<T, DbError> {
        match work(&mut self.client, &mut self.prepared) {
            Ok(t) => Ok(t),
            Err(Fail::Value(e)) => Err(e),
            Err(Fail::Server(e)) if e.is_closed() || self.client.is_closed() => self.reconnect(&e),
            Err(Fail::Server(e)) => Err(DbError::Failed(words(&e))),
        }
    }

    fn reconnect<T>(&mut self, cause: &postgres::Error) -> Result<T, DbError> {
        let deadline = Instant::now() + RECONNECT_WAIT;
        let mut pause = Duration::from_millis(100);
        loop {
            match connect(&self.config, self.read_only) {
                Ok(client) => {
                    self.client = client;
                    self.prepared.clear();
                    return Err(DbError::Reconnected);
                }
                Err(e) if Instant::now() + pause >= deadline => {
                    return Err(DbError::Lost(format!("{} (then, trying again: {})", words(cause), words(&e))));
                }
                Err(_) => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
            }
        }
    }
}

/// The statement for `sql`, prepared once per connection, and `values` as its parameters.
fn prepare(
    client: &mut Client,
    prepared: &mut HashMap<String, Statement>,
    sql: &str,
    values: &[Value],
) -> Result<(Statement, Vec<Box<dyn ToSql + Sync>>), Fail> {
    if !prepared.contains_key(sql) {
        let stmt = client.prepare(&dollar_placeholders(sql))?;
        prepared.insert(sql.to_string(), stmt);
    }
    let stmt = prepared[sql].clone();
    let params = values.iter().zip(stmt.params()).map(|(v, ty)| param(v, ty)).collect::<Result<_, _>>().map_err(Fail::Value)?;
    Ok((stmt, params))
}

fn refs(boxed: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    boxed.iter().map(|b| b.as_ref()).collect()
}

impl Database for Postgres {
    fn engine(&self) -> Engine {
        Engine::Postgres
    }

    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64, DbError> {
        self.run(|client, prepared| {
            let (stmt, params) = prepare(client, prepared, sql, values)?;
            Ok(client.execute(&stmt, &refs(&params))?)
        })
    }

    fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<Row>, DbError> {
        self.run(|client, prepared| {
            let (stmt, params) = prepare(client, prepared, sql, values)?;
            let rows = client.query(&stmt, &refs(&params))?;
            Ok(rows.iter().map(|row| (0..row.len()).map(|i| value(row, i)).collect::<Result<Row, _>>()).collect::<Result<_, _>>()?)
        })
    }

    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.run(|client, _| Ok(client.batch_execute(sql)?))
    }

    /// The server checks its own pages; what cooldown can check is that it answers.
    fn integrity(&mut self) -> Result<String, DbError> {
        self.run(|client, _| Ok(client.batch_execute("SELECT 1")?)).map(|()| "ok".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_spelt_for_postgres() {
        assert_eq!(dollar_placeholders("SELECT ?1 WHERE a = ?12"), "SELECT $1 WHERE a = $12");
    }
}
