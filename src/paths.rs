//! Where cooldown keeps what it records for a trainee: one data folder per user.

use std::path::PathBuf;

/// `$COOLDOWN_DATA_DIR`, else `$XDG_DATA_HOME/cooldown`, else `~/.local/share/cooldown`, else
/// `./cooldown-data` (a machine without a home still keeps its recordings somewhere visible).
pub fn data_dir() -> PathBuf {
    let from = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from);
    from("COOLDOWN_DATA_DIR")
        .or_else(|| from("XDG_DATA_HOME").map(|d| d.join("cooldown")))
        .or_else(|| from("HOME").map(|h| h.join(".local/share/cooldown")))
        .unwrap_or_else(|| PathBuf::from("cooldown-data"))
}

/// Where spoken answers are kept, one folder per session.
pub fn answers_root() -> PathBuf {
    data_dir().join("answers")
}

/// The name of one session's folder: `<scenario>-<unix time>-seed<seed>`.
pub fn session_folder(scenario_id: &str, seed: u64) -> String {
    format!("{scenario_id}-{}-seed{seed}", crate::clock::now_ms() / 1000)
}
