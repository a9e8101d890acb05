//! Hashes of text: SHA-256 (a text's identity in files and storage) and FNV-1a (a cheap name
//! for content that changes, such as a stored part).

use sha2::{Digest, Sha256};

/// SHA-256 of a text's UTF-8 bytes, in lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// FNV-1a, 64 bits: names parts by their content.
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x100_0000_01b3)
    })
}
