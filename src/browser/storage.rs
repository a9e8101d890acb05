//! The browser's local storage, through gloo-storage: Avow's entries in and out, exactly as
//! strings, and telling a full storage apart from other failures.

use crate::core::persist::PREFIX;
use gloo::storage::{LocalStorage, Storage};

/// Why a write failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The browser's quota for this site is used up.
    Full,
    /// Storage is unavailable (private mode, disabled) or failed otherwise.
    Other(String),
}

/// Every Avow entry in storage, as `(key, value)`.
pub fn snapshot() -> Vec<(String, String)> {
    let storage = LocalStorage::raw();
    let count = LocalStorage::length();
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(PREFIX) || key == crate::core::persist::LEGACY_V0_KEY)
        .filter_map(|key| {
            storage
                .get_item(&key)
                .ok()
                .flatten()
                .map(|value| (key, value))
        })
        .collect()
}

/// One entry's raw text.
pub fn read(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Writes a value as JSON (through [`write_json`], which tells a full storage apart).
pub fn write<T: serde::Serialize>(key: &str, value: &T) -> Result<(), WriteError> {
    let json = serde_json::to_string(value).map_err(|e| WriteError::Other(e.to_string()))?;
    write_json(key, &json)
}

/// Writes a JSON text as it is. It is not parsed again: a megabyte document entry would cost
/// a frame's worth of time for nothing (the callers' JSON comes from serde).
pub fn write_json(key: &str, json: &str) -> Result<(), WriteError> {
    LocalStorage::raw().set_item(key, json).map_err(|error| {
        let name = js_sys::Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            WriteError::Full
        } else {
            let message = js_sys::Reflect::get(&error, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            WriteError::Other(format!("{name}: {message}"))
        }
    })
}

/// Removes an entry.
pub fn remove(key: &str) {
    LocalStorage::delete(key);
}
