//! Reading what earlier layouts left: the v1 localStorage entries (one per document, in parts,
//! with an index) and the v0 single-entry workspace of pre-release builds. Used once, to move
//! them into IndexedDB (`migrate`), and by the crash screen's download of what is stored.

use crate::core::storage::entry::{
    join_parts, manifest_parts, read_doc_entry, write_doc_entry, Damaged, StoredIndex,
};
use crate::core::storage::keys::{
    doc_key, id_of, DocKeys, DAMAGED_PREFIX, DOC_PREFIX, INDEX_KEY, LEGACY_V0_KEY, PART_PREFIX,
    STORAGE_VERSION,
};
use crate::core::workspace::DocEntry;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// What loading the storage found.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub annotator: String,
    /// Documents in the index's order, each with its stored revision.
    pub docs: Vec<(DocEntry, u64)>,
    pub current: Option<String>,
    pub damaged: Vec<Damaged>,
    /// Entries to write now (migrations, a rebuilt index), as `(key, value)`.
    pub writes: Vec<(String, String)>,
    /// Keys to remove now (a migrated legacy entry, after its replacement is written).
    pub removes: Vec<String>,
    /// What to tell the user.
    pub messages: Vec<String>,
}

/// Loads the workspace from a snapshot of the storage's Avow entries (`(key, value)` pairs).
/// Pure: the caller performs `writes` and `removes`.
pub fn load(entries: &[(String, String)], now: i64) -> Loaded {
    let mut loaded = Loaded::default();
    let by_key: HashMap<&str, &str> = entries
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let get = |key: &str| by_key.get(key).copied();

    // Version 0: one entry holding the whole workspace. Migrate it to one entry per document.
    if let Some(raw) = get(LEGACY_V0_KEY) {
        match migrate_v0(raw) {
            Ok((annotator, docs)) => {
                loaded.messages.push(format!(
                    "Moved {} document(s) saved by an older Avow to the current storage format.",
                    docs.len()
                ));
                let order: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
                for doc in &docs {
                    loaded
                        .writes
                        .push((doc_key(&doc.id), write_doc_entry(doc, 1, "migration")));
                }
                let index = StoredIndex::new(&annotator, order.clone(), order.first().cloned());
                loaded.writes.push((INDEX_KEY.into(), index.to_json()));
                loaded.removes.push(LEGACY_V0_KEY.into());
                loaded.annotator = annotator;
                loaded.current = order.first().cloned();
                loaded.docs = docs.into_iter().map(|d| (d, 1)).collect();
                return loaded;
            }
            Err(reason) => loaded.damaged.push(Damaged {
                key: LEGACY_V0_KEY.into(),
                raw: raw.into(),
                reason,
            }),
        }
    }

    let index: Option<StoredIndex> = match get(INDEX_KEY) {
        None => None,
        Some(raw) => match serde_json::from_str::<StoredIndex>(raw) {
            Ok(index) if index.version <= STORAGE_VERSION => Some(index),
            Ok(index) => {
                loaded.damaged.push(Damaged {
                    key: INDEX_KEY.into(),
                    raw: raw.into(),
                    reason: format!(
                        "written by a newer Avow (storage version {})",
                        index.version
                    ),
                });
                None
            }
            Err(e) => {
                // Keep a copy before a new index is written over it.
                let backup = format!("{DAMAGED_PREFIX}{now}");
                loaded.writes.push((backup.clone(), raw.into()));
                loaded.damaged.push(Damaged {
                    key: backup,
                    raw: raw.into(),
                    reason: format!("the list of documents was unreadable ({e}); it was rebuilt"),
                });
                None
            }
        },
    };

    // Documents: those the index names, in its order, then any other stored ones (each
    // where this build keeps it, else where an earlier one did).
    let kept = |id: &str| {
        let current = DocKeys::of(id);
        match DocKeys::legacy(id) {
            Some(legacy) if get(&current.doc).is_none() && get(&legacy.doc).is_some() => legacy,
            _ => current,
        }
    };
    let mut keys: Vec<(String, DocKeys)> = index
        .as_ref()
        .map(|i| i.order.iter().map(|id| (id.clone(), kept(id))).collect())
        .unwrap_or_default();
    for (key, _) in entries {
        let Some(id) = key.strip_prefix(DOC_PREFIX).and_then(id_of) else {
            continue;
        };
        if !keys.iter().any(|(_, k)| k.doc == *key) {
            let found = if DocKeys::of(&id).doc == *key {
                DocKeys::of(&id)
            } else {
                DocKeys::legacy(&id).unwrap_or_else(|| DocKeys::of(&id))
            };
            keys.push((id, found));
        }
    }
    // Parts that belong to a document read whole, or to no stored document, are left over
    // from an interrupted save: they go. Those of a damaged document stay with it.
    let mut kept_parts: HashSet<String> = HashSet::new();
    let mut read_ids: HashSet<String> = HashSet::new();
    for (id, doc_keys) in keys {
        let key = doc_keys.doc.clone();
        let Some(raw) = get(&key) else {
            continue;
        };
        let names = manifest_parts(raw);
        let assembled = match &names {
            Some(names) => join_parts(&doc_keys, names, get).map(Cow::Owned),
            None => Ok(Cow::Borrowed(raw)),
        };
        match assembled
            .as_deref()
            .map_err(Clone::clone)
            .and_then(read_doc_entry)
        {
            Ok(stored) => {
                read_ids.insert(id.clone());
                loaded.docs.push((stored.entry, stored.revision));
            }
            // What is kept for download is the entry as far as it could be put together.
            Err(reason) => loaded.damaged.push(Damaged {
                key: key.clone(),
                raw: assembled.map_or_else(|_| raw.into(), Cow::into_owned),
                reason,
            }),
        }
        kept_parts.extend(names.into_iter().flatten().map(|name| doc_keys.part(&name)));
    }
    for (key, _) in entries {
        let Some(rest) = key.strip_prefix(PART_PREFIX) else {
            continue;
        };
        let id = rest.rsplit_once(':').map_or(rest, |(id, _)| id);
        let Some(id) = id_of(id) else {
            continue;
        };
        let orphan = read_ids.contains(&id) || get(&kept(&id).doc).is_none();
        if orphan && !kept_parts.contains(key) {
            loaded.removes.push(key.clone());
        }
    }
    if let Some(index) = index {
        loaded.annotator = index.annotator;
        loaded.current = index.current;
    }
    for damaged in &loaded.damaged {
        loaded.messages.push(format!(
            "A saved entry could not be read ({}): it is kept as it was; download it from the document list.",
            damaged.reason
        ));
    }
    loaded
}

/// Version 0 (pre-release builds): `{"annotator": .., "documents": [{"id", "title", "text",
/// "spans": [{"start", "end", "label", "attrs", "note"}]}]}`.
fn migrate_v0(raw: &str) -> Result<(String, Vec<DocEntry>), String> {
    use crate::core::annotation::model::Annotated;
    use crate::core::annotation::span::{Span, SpanId};
    use crate::core::schema::{Attribute, Label};
    use crate::core::text::document::Metadata;

    let value: Value = serde_json::from_str(raw).map_err(|e| format!("not JSON ({e})"))?;
    let annotator = value["annotator"].as_str().unwrap_or("").to_string();
    let docs = value["documents"].as_array().ok_or("no documents")?;
    let mut out = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let text = doc["text"]
            .as_str()
            .ok_or(format!("documents[{d}]: no text"))?;
        let len = text.chars().count();
        let mut spans = Vec::new();
        for (i, s) in doc["spans"].as_array().into_iter().flatten().enumerate() {
            let place = format!("documents[{d}].spans[{i}]");
            let start = s["start"].as_u64().ok_or(format!("{place}: no start"))? as usize;
            let end = s["end"].as_u64().ok_or(format!("{place}: no end"))? as usize;
            let label = s["label"]
                .as_str()
                .and_then(Label::from_name)
                .ok_or(format!("{place}: bad label"))?;
            if start >= end || end > len {
                return Err(format!("{place}: offsets out of range"));
            }
            let mut attrs = std::collections::BTreeMap::new();
            for (k, v) in s["attrs"].as_object().into_iter().flatten() {
                if let (Some(attr), Some(v)) = (Attribute::from_name(k), v.as_str()) {
                    if label.attributes().contains(&attr) && attr.accepts(v) {
                        attrs.insert(attr, v.to_string());
                    }
                }
            }
            spans.push(Span {
                id: SpanId(i as u64 + 1),
                start,
                end,
                label,
                attrs,
                note: s["note"].as_str().unwrap_or("").to_string(),
                created: 0,
                modified: 0,
            });
        }
        let meta = Metadata {
            title: doc["title"].as_str().unwrap_or("").to_string(),
            ..Metadata::default()
        };
        let id = doc["id"]
            .as_str()
            .map_or_else(|| format!("d-v0-{d}"), str::to_string);
        out.push(DocEntry::new(
            id,
            Annotated::with_spans(text.to_string(), meta, spans),
            annotator.clone(),
            0,
        ));
    }
    Ok((annotator, out))
}
