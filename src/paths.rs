//! Where cooldown keeps what it records for a trainee (one data folder per user), how it
//! writes files that must never be seen half-written, and which paths from a pack's own files
//! it will follow (none that leave the pack: packs from others are untrusted input).

use std::path::{Path, PathBuf};

/// `$COOLDOWN_DATA_DIR`, else `$XDG_DATA_HOME/cooldown`, else `~/.local/share/cooldown`, else
/// `./cooldown-data` (a machine without a home still keeps its recordings somewhere visible).
pub fn data_dir() -> PathBuf {
    let from = |var: &str| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from);
    from("COOLDOWN_DATA_DIR")
        .or_else(|| from("XDG_DATA_HOME").map(|d| d.join("cooldown")))
        .or_else(|| from("HOME").map(|h| h.join(".local/share/cooldown")))
        .unwrap_or_else(|| PathBuf::from("cooldown-data"))
}

/// Creates a folder for what people said and scored (the data folder, spoken answers) and
/// its missing parents, readable by its owner only: hiring results and voices are personal
/// data. An existing folder keeps the permissions it has.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Writes `path` whole or not at all: `write` fills a temporary file beside it (same folder,
/// so same disk), which is then renamed over `path`; on failure the temporary file is removed
/// and `path` is untouched. The folder must exist: a writer creates only the file it was asked
/// for, so a mistyped folder is an error, not a new folder.
pub fn write_whole(path: &Path, write: impl FnOnce(&Path) -> std::io::Result<()>) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("the folder {} does not exist", dir.display())));
    }
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.part"));
    let written = write(&temp).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Where spoken answers are kept, one folder per session.
pub fn answers_root() -> PathBuf {
    data_dir().join("answers")
}

/// The name of one session's folder: `<scenario>-<unix time>-seed<seed>`.
pub fn session_folder(scenario_id: &str, seed: u64) -> String {
    format!("{scenario_id}-{}-seed{seed}", crate::clock::now_ms() / 1000)
}

/// True for a path from a pack's files that would reach outside the pack: absolute, or
/// climbing out with `..`. Checked on the text alone, so it holds whether or not the file exists.
pub fn leaves_pack(relative: &str) -> bool {
    use std::path::Component;
    let p = Path::new(relative);
    p.is_absolute()
        || relative.starts_with('/')
        || relative.starts_with('\\')
        || p.components().any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
}

/// The file a pack's relative path names, if it stays inside the pack: not absolute, no `..`,
/// and, where it exists, not a link that resolves outside the pack folder.
pub fn inside_pack(pack_dir: &Path, relative: &str) -> Option<PathBuf> {
    if leaves_pack(relative) {
        return None;
    }
    let path = pack_dir.join(relative);
    match (path.canonicalize(), pack_dir.canonicalize()) {
        (Ok(real), Ok(pack)) if !real.starts_with(&pack) => None,
        _ => Some(path),
    }
}
