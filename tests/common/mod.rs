//! What the tests that read the source share.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The crate's `src/`.
pub fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, in order.
pub fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A file's code before its test module (tests may say anything).
pub fn code_of(text: &str) -> &str {
    let cut = ["#[cfg(test)]", "#[cfg(all(test", "#![cfg(test)]"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min()
        .unwrap_or(text.len());
    &text[..cut]
}
