//! The browser's local storage, through gloo-storage: Avow's entries in and out, exactly as
//! strings, and telling a full storage apart from other failures.

use crate::core::persist::PREFIX;
use gloo::storage::errors::StorageError;
use gloo::storage::{LocalStorage, Storage};
use serde_json::value::RawValue;

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

/// Writes a value, serialised once by gloo.
pub fn write<T: serde::Serialize>(key: &str, value: &T) -> Result<(), WriteError> {
    LocalStorage::set(key, value).map_err(classify)
}

fn classify(e: StorageError) -> WriteError {
    match e {
        StorageError::JsError(js) if js.name == "QuotaExceededError" => WriteError::Full,
        other => WriteError::Other(other.to_string()),
    }
}

/// Writes a JSON text as it is (gloo serialises a `RawValue` verbatim).
pub fn write_json(key: &str, json: &str) -> Result<(), WriteError> {
    let raw = RawValue::from_string(json.to_string())
        .map_err(|e| WriteError::Other(format!("not JSON: {e}")))?;
    LocalStorage::set(key, &raw).map_err(classify)
}

/// Removes an entry.
pub fn remove(key: &str) {
    LocalStorage::delete(key);
}
