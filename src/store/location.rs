//! Where a results database is: an SQLite file, or a database on a PostgreSQL server named by
//! its URL. `--db` and `COOLDOWN_DB` take either.

use std::ffi::OsStr;
use std::fmt;
use std::path::PathBuf;

/// The environment variable naming the results database when `--db` is not given: a team
/// sets it once on every machine (and so keeps a server's password out of command lines).
pub const ENV: &str = "COOLDOWN_DB";

/// A results database's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file.
    File(PathBuf),
    /// A `postgres://` or `postgresql://` URL.
    Server(String),
}

impl Location {
    /// A `--db` value: a PostgreSQL URL, else a file path (kept exactly, whatever its bytes).
    pub fn parse(arg: &OsStr) -> Location {
        match arg.to_str() {
            Some(s) if s.starts_with("postgres://") || s.starts_with("postgresql://") => Location::Server(s.to_string()),
            _ => Location::File(PathBuf::from(arg)),
        }
    }

    /// `COOLDOWN_DB` when set (and not empty), else `cooldown.db` in the data folder.
    pub fn from_env_or_default() -> Location {
        match std::env::var_os(ENV) {
            Some(v) if !v.is_empty() => Location::parse(&v),
            _ => Location::File(super::Store::default_path()),
        }
    }

    /// The value `--db` takes for this location, as given (a server's URL with its password).
    pub fn to_arg(&self) -> std::ffi::OsString {
        match self {
            Location::File(path) => path.clone().into_os_string(),
            Location::Server(url) => url.into(),
        }
    }

    /// Whether this is the default file in the data folder, whose folder cooldown may create.
    pub fn is_default_file(&self) -> bool {
        matches!(self, Location::File(p) if *p == super::Store::default_path())
    }
}

/// `cooldown.db` in the data folder.
impl Default for Location {
    fn default() -> Location {
        Location::File(super::Store::default_path())
    }
}

/// A file's path, or a server's URL without its password.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Server(url) => f.write_str(&redact(url)),
        }
    }
}

/// The URL as it may be shown: without a password, in the user part or the query.
pub fn redact(url: &str) -> String {
    let (url, query) = url.split_once('?').map_or((url, None), |(u, q)| (u, Some(q)));
    let query = query.map(|q| {
        let kept: Vec<&str> = q.split('&').map(|kv| if kv.starts_with("password=") { "password=…" } else { kv }).collect();
        format!("?{}", kept.join("&"))
    });
    redact_user(url) + query.as_deref().unwrap_or("")
}

fn redact_user(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let user = &rest[..at];
            let user = user.split_once(':').map_or(user, |(u, _)| u);
            format!("{scheme}://{user}@{}", &rest[at + 1..])
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_servers_and_anything_else_is_a_file() {
        assert_eq!(Location::parse(OsStr::new("postgres://a@h/db")), Location::Server("postgres://a@h/db".into()));
        assert_eq!(Location::parse(OsStr::new("postgresql://h/db")), Location::Server("postgresql://h/db".into()));
        assert_eq!(Location::parse(OsStr::new("postgres.db")), Location::File("postgres.db".into()));
        assert_eq!(Location::parse(OsStr::new("./postgres://x")), Location::File("./postgres://x".into()));
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(redact("postgres://ann:s3cr@t@db.example/results"), "postgres://ann@db.example/results");
        assert_eq!(redact("postgresql://ann@db:5433/r"), "postgresql://ann@db:5433/r");
        assert_eq!(redact("postgres://db/r?user=x"), "postgres://db/r?user=x");
        assert_eq!(redact("postgres://db/r?user=x&password=y"), "postgres://db/r?user=x&password=…");
    }

}
