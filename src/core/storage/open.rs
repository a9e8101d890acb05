//! Reading the workspace back: at start the index with every document's summary and the
//! open document alone ([`Opening`]); any document later, where this build keeps it or where an
//! earlier build did ([`document_from_records`]). Nothing that cannot be read is thrown away:
//! it is listed as damaged and left as it is.

use crate::core::storage::entry::{self, Damaged, StoredIndex};
use crate::core::storage::keys::{self, shared_text, DocKeys};
use crate::core::storage::migrate::read_damaged_record;
use crate::core::workspace::{DocSummary, Slot, Workspace};
use std::collections::{HashMap, HashSet};

/// The summaries an index keeps, by id, in its order; ids without one are listed apart (their
/// documents must be read to be listed).
pub fn summaries_in_order(index: &StoredIndex) -> (Vec<DocSummary>, Vec<String>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for id in &index.order {
        match index.docs.iter().find(|d| &d.id == id) {
            Some(summary) => found.push(summary.clone()),
            None => missing.push(id.clone()),
        }
    }
    (found, missing)
}

/// A document read back from its records (kept under `keys`): the manifest (or whole entry)
/// under its key and the parts stored under its part prefix. Gives the document with its
/// stored part names, or why it is damaged.
pub fn read_document(
    keys: &DocKeys,
    raw: &str,
    parts: &[(String, String)],
) -> Result<(entry::StoredDoc, HashSet<String>), String> {
    let by_key: HashMap<&str, &str> = parts
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let whole = entry::assemble(keys, raw, |key| by_key.get(key).copied())?;
    let stored = entry::read_doc_entry(&whole)?;
    let names = entry::manifest_parts(raw)
        .unwrap_or_default()
        .into_iter()
        .collect();
    Ok((stored, names))
}

/// A document as read from its records (`raw`: under its key, `None` when there is none;
/// `parts`: under its part prefix): `Ok(None)` when it is not stored, the entry listed as
/// damaged (kept as it is) when it cannot be read.
pub fn document_from_records(
    keys: &DocKeys,
    raw: Option<String>,
    parts: &[(String, String)],
) -> Result<Option<Read>, Damaged> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    match read_document(keys, &raw, parts) {
        Ok((stored, names)) => Ok(Some(if keys.legacy {
            // Written anew under this build's keys (every part: none is stored there yet),
            // and the earlier build's records go, key by key.
            let mut leftovers = vec![keys.doc.clone(), keys.rev.clone()];
            leftovers.extend(
                names
                    .iter()
                    .filter(|name| shared_text(name).is_none())
                    .map(|name| keys.part(name)),
            );
            Read {
                stored,
                parts: HashSet::new(),
                leftovers,
            }
        } else {
            Read {
                stored,
                parts: names,
                leftovers: Vec::new(),
            }
        })),
        Err(reason) => Err(Damaged {
            key: keys.doc.clone(),
            raw,
            reason,
        }),
    }
}

/// A document read from storage.
#[derive(Debug)]
pub struct Read {
    pub stored: entry::StoredDoc,
    /// Its parts stored where this build keeps them (none for a document an earlier build
    /// kept elsewhere: all are written at its next save).
    pub parts: HashSet<String>,
    /// Records an earlier build kept it in, to delete once it is saved where this build
    /// keeps it (see [`DocKeys::legacy`]); when there are any, it is to be saved.
    pub leftovers: Vec<String>,
}

/// Reading the workspace at start, step by step: planned from the index (every document's
/// summary), the revisions and the damaged entries' listings; then fed the documents it asks
/// for ([`Opening::next_to_read`]) until the open one is read. Only the open document is read
/// (and any the index lists without a summary).
#[derive(Debug, Default)]
pub struct Opening {
    order: Vec<String>,
    slots: HashMap<String, Slot>,
    annotator: String,
    /// Which to open: the index's open document first, then the others in order.
    candidates: Vec<String>,
    unsummarised: Vec<String>,
    tried: HashSet<String>,
    opened: Option<String>,
    pub revisions: HashMap<String, u64>,
    pub parts: HashMap<String, HashSet<String>>,
    pub damaged: Vec<Damaged>,
    /// Documents read from where an earlier build kept them, with the records to delete once
    /// each is saved anew (see [`Read::leftovers`]).
    pub leftovers: Vec<(String, Vec<String>)>,
}

impl Opening {
    /// Plans the reading from the index as stored (`None`: no index, or not one) and the
    /// revision and damaged-listing records.
    pub fn plan(
        index: Option<&str>,
        revisions: &[(String, String)],
        damaged: &[(String, String)],
    ) -> Option<Self> {
        let index: StoredIndex = serde_json::from_str(index?).ok()?;
        let (summaries, mut unsummarised) = summaries_in_order(&index);
        // A document an earlier build may have kept under its id as it was is read at start
        // (so the first save moves it): under a prefix of another document's parts, it could
        // otherwise go with that document's deletion.
        unsummarised.extend(
            index
                .order
                .iter()
                .filter(|id| DocKeys::legacy(id).is_some() && !unsummarised.contains(*id))
                .cloned()
                .collect::<Vec<_>>(),
        );
        let candidates = index.current.iter().chain(&index.order).cloned().collect();
        Some(Self {
            slots: summaries
                .into_iter()
                .map(|s| (s.id.clone(), Slot::Stored(s)))
                .collect(),
            order: index.order,
            annotator: index.annotator,
            candidates,
            unsummarised,
            revisions: revisions_of(revisions),
            damaged: damaged
                .iter()
                .filter_map(|(_, v)| read_damaged_record(v))
                .collect(),
            ..Self::default()
        })
    }

    /// The next document to read, or `None` when the workspace can be made.
    pub fn next_to_read(&mut self) -> Option<String> {
        if let Some(id) = self
            .unsummarised
            .iter()
            .find(|id| !self.tried.contains(*id))
        {
            return Some(id.clone());
        }
        if self.opened.is_some() {
            return None;
        }
        for id in &self.candidates {
            match self.slots.get(id) {
                Some(Slot::Loaded(_)) => {
                    self.opened = Some(id.clone());
                    return None;
                }
                Some(Slot::Stored(_)) if !self.tried.contains(id) => return Some(id.clone()),
                _ => {} // gone, damaged, or read already
            }
        }
        None
    }

    /// Takes a document's records as read from `keys` (see [`document_from_records`]).
    pub fn take(
        &mut self,
        id: &str,
        keys: &DocKeys,
        raw: Option<String>,
        parts: &[(String, String)],
    ) {
        self.tried.insert(id.to_string());
        match document_from_records(keys, raw, parts) {
            Ok(Some(read)) => {
                self.revisions.insert(id.to_string(), read.stored.revision);
                self.parts.insert(id.to_string(), read.parts);
                if !read.leftovers.is_empty() {
                    self.leftovers.push((id.to_string(), read.leftovers));
                }
                self.slots
                    .insert(id.to_string(), Slot::Loaded(read.stored.entry));
            }
            Ok(None) => {
                self.slots.remove(id);
            }
            Err(damaged) => {
                self.slots.remove(id);
                if !self.damaged.iter().any(|d| d.key == damaged.key) {
                    self.damaged.push(damaged);
                }
            }
        }
    }

    /// The workspace, its open document read; `None` when no document could be read.
    pub fn finish(mut self) -> Option<(Workspace, Self)> {
        let opened = self.opened.take()?;
        let slots = self
            .order
            .iter()
            .filter_map(|id| self.slots.remove(id))
            .collect();
        let workspace =
            Workspace::with_slots(slots, Some(&opened), std::mem::take(&mut self.annotator));
        Some((workspace, self))
    }
}

/// The revisions stored, from the revision records (`avow:v1:rev:<id>` → number).
pub fn revisions_of(records: &[(String, String)]) -> HashMap<String, u64> {
    records
        .iter()
        .filter_map(|(key, value)| {
            let id = key.strip_prefix(keys::REV_PREFIX)?;
            Some((id.to_string(), value.trim().parse().ok()?))
        })
        .collect()
}
