//! 64-bit FNV-1a: a small, stable, dependency-free fingerprint of text, for recordings' text
//! hashes, scenario versions and export ids (not for security).

/// The standard FNV-1a offset basis.
pub const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, starting from `basis` (another basis gives an independent hash).
pub fn fnv1a64(bytes: &[u8], basis: u64) -> u64 {
    bytes.iter().fold(basis, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
