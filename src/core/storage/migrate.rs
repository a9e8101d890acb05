//! Moving a workspace from localStorage (storage layout v1) into IndexedDB, as pure functions:
//! what to write, and whether what was read back is exactly that. The keys stay those of v1
//! (`avow:v1:doc:…`, parts, revisions, the index), now with every document's summary in the
//! index so the list can be drawn before any text is read. Nothing is dropped: every v1 entry
//! is copied as it is, and a damaged one is copied and also listed under [`DAMAGED_RECORD`].

use crate::core::storage::entry::{Damaged, StoredIndex};
use crate::core::storage::keys::{self, DAMAGED_RECORD, INDEX_KEY, LEGACY_V0_KEY, V2_PREFIX};
use crate::core::workspace::Workspace;
use serde::{Deserialize, Serialize};

/// What moving the v1 storage into IndexedDB writes, and what it found.
#[derive(Clone, Debug, Default)]
pub struct Migration {
    /// Every record to write, as `(key, value)`, in one transaction.
    pub records: Vec<(String, String)>,
    /// How many documents it moves.
    pub documents: usize,
    /// The entries that could not be read (kept, and listed).
    pub damaged: Vec<Damaged>,
    /// What to tell the user.
    pub messages: Vec<String>,
}

/// A damaged entry as IndexedDB lists it.
#[derive(Serialize, Deserialize)]
struct DamagedRecord {
    key: String,
    reason: String,
    raw: String,
}

/// The record listing a damaged entry.
pub fn damaged_record(damaged: &Damaged) -> (String, String) {
    let record = DamagedRecord {
        key: damaged.key.clone(),
        reason: damaged.reason.clone(),
        raw: damaged.raw.clone(),
    };
    (
        format!("{DAMAGED_RECORD}{}", damaged.key),
        serde_json::to_string(&record).unwrap_or_default(),
    )
}

/// A damaged entry from its record; `None` when the record itself cannot be read.
pub fn read_damaged_record(value: &str) -> Option<Damaged> {
    let record: DamagedRecord = serde_json::from_str(value).ok()?;
    Some(Damaged {
        key: record.key,
        raw: record.raw,
        reason: record.reason,
    })
}

/// What to write into IndexedDB for a snapshot of the v1 localStorage entries (`(key, value)`
/// pairs, as `browser::storage::snapshot` gives them). Reads them as v1 loading does, then
/// copies every entry as it is (so a damaged one is kept byte for byte), adds what loading
/// would have written (a migrated v0 workspace, a rebuilt index), and writes the index with
/// every document's summary. Returns `None` when there is nothing to move.
pub fn migrate_v1(snapshot: &[(String, String)], now: i64) -> Option<Migration> {
    // This version's own localStorage entries (the journal) are not v1's.
    let snapshot: Vec<(String, String)> = snapshot
        .iter()
        .filter(|(key, _)| !key.starts_with(V2_PREFIX))
        .cloned()
        .collect();
    let snapshot = snapshot.as_slice();
    if snapshot.is_empty() {
        return None;
    }
    let loaded = crate::core::storage::legacy::load(snapshot, now);
    let mut records: Vec<(String, String)> = snapshot
        .iter()
        .filter(|(key, _)| key != LEGACY_V0_KEY && !loaded.removes.contains(key))
        .cloned()
        .collect();
    for (key, value) in &loaded.writes {
        match records.iter_mut().find(|(k, _)| k == key) {
            Some(record) => record.1 = value.clone(),
            None => records.push((key.clone(), value.clone())),
        }
    }
    for (entry, revision) in &loaded.docs {
        let rev = (keys::rev_key(&entry.id), revision.to_string());
        match records.iter_mut().find(|(k, _)| *k == rev.0) {
            Some(record) => record.1 = rev.1,
            None => records.push(rev),
        }
    }
    records.extend(loaded.damaged.iter().map(damaged_record));
    let documents = loaded.docs.len();
    if documents > 0 {
        let entries = loaded.docs.iter().map(|(d, _)| d.clone()).collect();
        let workspace = Workspace::new(entries, loaded.current.as_deref(), loaded.annotator);
        let index = StoredIndex::of(&workspace).to_json();
        records.retain(|(k, _)| k != INDEX_KEY);
        records.push((INDEX_KEY.into(), index));
    }
    Some(Migration {
        records,
        documents,
        damaged: loaded.damaged,
        messages: loaded.messages,
    })
}

/// Checks what was read back (each record's key read again, in order) against what was
/// written. The error names the first record that differs.
pub fn verify(records: &[(String, String)], read_back: &[Option<String>]) -> Result<(), String> {
    if records.len() != read_back.len() {
        return Err(format!(
            "{} records written, {} read back",
            records.len(),
            read_back.len()
        ));
    }
    for ((key, value), back) in records.iter().zip(read_back) {
        match back {
            Some(back) if back == value => {}
            Some(_) => return Err(format!("{key} reads back differently")),
            None => return Err(format!("{key} is missing")),
        }
    }
    Ok(())
}
