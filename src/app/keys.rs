//! The organisation's signing key for screening results (ed25519): made once by `cooldown keys
//! init`, kept in the data folder readable by its owner only, never overwritten.

use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};

/// Why the key could not be made or read.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum KeyError {
    #[error("a signing key already exists at {}; it is never replaced, since results signed with it could no longer be checked", path.display())]
    Exists { path: PathBuf },
    #[error("there is no signing key at {}; make one with `cooldown keys init`", path.display())]
    Missing { path: PathBuf },
    #[error("{} is not a signing key cooldown made (expected 64 hexadecimal digits)", path.display())]
    Unreadable { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("no random source for the key: {0}")]
    Random(#[from] getrandom::Error),
}

/// The folder keys live in.
pub fn dir() -> PathBuf {
    crate::paths::data_dir().join("keys")
}

fn secret_path(dir: &Path) -> PathBuf {
    dir.join("results.key")
}

/// Where the public half is written, for anyone who checks results.
pub fn public_path(dir: &Path) -> PathBuf {
    dir.join("results.pub")
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hexadecimal; `None` when it is not exactly `N` bytes of it.
pub fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim();
    if text.len() != N * 2 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

/// Makes the organisation's key in `dir` (created owner-only when missing): the secret key,
/// mode 0600, and its public half beside it. Refuses to replace a key.
pub fn init(dir: &Path) -> Result<VerifyingKey, KeyError> {
    let path = secret_path(dir);
    if path.exists() {
        return Err(KeyError::Exists { path });
    }
    crate::paths::create_private_dir(dir).map_err(|source| KeyError::Write { path: dir.to_path_buf(), source })?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)?;
    let key = SigningKey::from_bytes(&secret);
    let write = |path: &Path, text: String, private: bool| {
        crate::paths::write_whole(path, |tmp| {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            if private {
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            }
            #[cfg(not(unix))]
            let _ = private;
            std::io::Write::write_all(&mut options.open(tmp)?, text.as_bytes())
        })
        .map_err(|source| KeyError::Write { path: path.to_path_buf(), source })
    };
    write(&path, hex(&secret) + "\n", true)?;
    write(&public_path(dir), hex(key.verifying_key().as_bytes()) + "\n", false)?;
    Ok(key.verifying_key())
}

/// The organisation's signing key.
pub fn signing(dir: &Path) -> Result<SigningKey, KeyError> {
    let path = secret_path(dir);
    let text = std::fs::read_to_string(&path).map_err(|_| KeyError::Missing { path: path.clone() })?;
    unhex::<32>(&text).map(|b| SigningKey::from_bytes(&b)).ok_or(KeyError::Unreadable { path })
}

/// The organisation's public key, from the public file (all that a checker needs).
pub fn public(dir: &Path) -> Result<VerifyingKey, KeyError> {
    let path = public_path(dir);
    let text = std::fs::read_to_string(&path).map_err(|_| KeyError::Missing { path: path.clone() })?;
    unhex::<32>(&text).and_then(|b| VerifyingKey::from_bytes(&b).ok()).ok_or(KeyError::Unreadable { path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let public_key = init(&keys).unwrap();
        assert_eq!(signing(&keys).unwrap().verifying_key(), public_key);
        assert_eq!(public(&keys).unwrap(), public_key);
        assert!(matches!(init(&keys), Err(KeyError::Exists { .. })), "never replaced");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&secret_path(&keys)), 0o600);
            assert_eq!(mode(&keys), 0o700);
        }
        assert_eq!(unhex::<2>("0aFf"), Some([10, 255]));
        assert_eq!(unhex::<2>("0aF"), None);
    }
}
