//! The browser's local storage, through gloo-storage. Since work moved into IndexedDB it holds
//! only what the v1 Avow left there (read once, for the migration, and left in place) and the
//! journal a page writes synchronously as it is closed (see `core::storage::journal`).

use crate::core::storage::keys::PREFIX;
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
        .filter(|key| key.starts_with(PREFIX) || key == crate::core::storage::keys::LEGACY_V0_KEY)
        .filter_map(|key| {
            storage
                .get_item(&key)
                .ok()
                .flatten()
                .map(|value| (key, value))
        })
        .collect()
}

/// Writes a JSON text as it is (not parsed again: the callers' JSON comes from serde).
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

/// The keys that start with `prefix` (the values are not read).
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let storage = LocalStorage::raw();
    (0..LocalStorage::length())
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect()
}
