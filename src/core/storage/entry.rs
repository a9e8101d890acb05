//! What Avow keeps in the browser's storage, as pure functions over keys and strings: one entry
//! per document (an Avow file in an envelope with a revision, so two tabs never overwrite each
//! other silently) and an index (the annotator, the order of documents, the open one).
//! Loading never throws away what it cannot read: damaged entries are reported and left alone.
//!
//! A document's entry is stored in parts (see [`EntryParts`]): the browser's storage takes
//! about 45 ms to write a 2 MB value (a 1 MB text with 5,000 spans), and far more than twice
//! as long as for half of it, so an autosave writes only the parts an edit changed: a few
//! kilobytes. The document's key holds a small manifest naming the parts; joined, they are
//! the entry exactly as [`write_doc_entry`] writes it.

use crate::core::annotation::model::{Annotated, Touch};
use crate::core::annotation::span::{order_key_of, Span, SpanId};
use crate::core::formats::avow::{
    annotation_json, file_out, file_out_skeleton, read_document_value, relations_json, FileOut,
};
use crate::core::storage::keys::{part_key, shared_text, DocKeys, STORAGE_VERSION};
use crate::core::text::hash::fnv64;
use crate::core::workspace::{DocEntry, DocSummary, Workspace};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The keys of the shared parts (texts) a document's manifest names.
pub fn shared_keys(raw: &str) -> Vec<String> {
    manifest_parts(raw)
        .unwrap_or_default()
        .iter()
        .filter(|name| shared_text(name).is_some())
        .map(|name| part_key("", name))
        .collect()
}

/// The index: who annotates, the documents in order, which one is open.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredIndex {
    pub storage: String,
    pub version: u64,
    pub annotator: String,
    pub order: Vec<String>,
    pub current: Option<String>,
    /// What the list shows of each document, in `order` (written since storage moved to
    /// IndexedDB, so the list is drawn before any document is read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub docs: Vec<DocSummary>,
}

impl StoredIndex {
    /// An index of these documents.
    pub fn new(annotator: &str, order: Vec<String>, current: Option<String>) -> Self {
        Self {
            storage: "avow".into(),
            version: STORAGE_VERSION,
            annotator: annotator.into(),
            order,
            current,
            docs: Vec::new(),
        }
    }

    /// The index of a workspace without the documents `left_out` (not stored yet): an index
    /// never names a document storage does not hold.
    pub fn of_except(workspace: &Workspace, left_out: &std::collections::BTreeSet<String>) -> Self {
        let mut index = Self::of(workspace);
        if left_out.is_empty() {
            return index;
        }
        index.docs.retain(|d| !left_out.contains(&d.id));
        index.order.retain(|id| !left_out.contains(id));
        if index
            .current
            .as_ref()
            .is_some_and(|id| left_out.contains(id))
        {
            index.current = index.order.first().cloned();
        }
        index
    }

    /// The index of a workspace, with every document's summary.
    pub fn of(workspace: &Workspace) -> Self {
        Self {
            docs: workspace.summaries(),
            ..Self::new(
                workspace.annotator(),
                workspace.order(),
                Some(workspace.current().id.clone()),
            )
        }
    }

    /// As stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A document entry as stored: the Avow file in an envelope with its revision and the tab
/// that wrote it. Serialised compactly, once (by the storage layer).
#[derive(Serialize)]
pub struct StoredEntry<'a> {
    pub storage: &'static str,
    pub version: u64,
    pub revision: u64,
    pub tab: &'a str,
    pub file: FileOut<'a>,
}

/// The entry to store for a document.
pub fn doc_entry<'a>(entry: &'a DocEntry, revision: u64, tab: &'a str) -> StoredEntry<'a> {
    StoredEntry {
        storage: "avow",
        version: STORAGE_VERSION,
        revision,
        tab,
        file: file_out(entry),
    }
}

/// A document entry as stored, as text.
pub fn write_doc_entry(entry: &DocEntry, revision: u64, tab: &str) -> String {
    serde_json::to_string(&doc_entry(entry, revision, tab)).unwrap_or_default()
}

/// What the writer keeps of a document: its text's digest, its spans as last written, its
/// record of touched spans as it stood then, and its relations' JSON with the mark of the
/// relations it was written from (`Annotated::relations_mark`).
type WrittenDoc = (
    String,
    SpanJson,
    Option<(u64, usize)>,
    Option<((u64, u64), String)>,
);

/// Each span as last written, in text order: the span, its JSON and that JSON's hash.
type SpanJson = Vec<(Span, Box<RawValue>, u64)>;

/// Writes document entries as [`write_doc_entry`] does, byte for byte, but remembers each
/// span's JSON: an autosave after one edit serialises one span again, not thousands.
#[derive(Default)]
pub struct EntryWriter {
    /// Per document id: the text's digest, each span as last written with its JSON (a span's
    /// quote comes from the text, so another text under the same id starts afresh), and the
    /// document's record of touched spans as it stood then (`Annotated::touch_mark`).
    spans: HashMap<String, WrittenDoc>,
}

impl EntryWriter {
    /// The stored entry of a document, as text.
    pub fn write(&mut self, entry: &DocEntry, revision: u64, tab: &str) -> String {
        let parts = self.write_parts(entry, revision, tab, &HashSet::new());
        parts
            .parts
            .into_iter()
            .filter_map(|(_, text)| text)
            .collect()
    }

    /// The parts of a document's stored entry, in order: each one's name, and its text unless
    /// `stored` names it already (a part's name stands for its content). Only those texts are
    /// built: after an edit, the envelope and a group of spans, not the megabyte of text.
    pub fn write_parts(
        &mut self,
        entry: &DocEntry,
        revision: u64,
        tab: &str,
        stored: &HashSet<String>,
    ) -> EntryParts {
        let doc = &entry.doc;
        let (digest, cache, mark, relations) = self.spans.entry(entry.id.clone()).or_default();
        // The relations are written again only when they changed.
        if relations.as_ref().map(|(m, _)| *m) != Some(doc.relations_mark()) {
            *relations = Some((doc.relations_mark(), relations_json(doc)));
        }
        let relations = relations.as_ref().map_or("[]", |(_, json)| json.as_str());
        if digest.as_str() != doc.doc().sha256() {
            *digest = doc.doc().sha256().to_string();
            cache.clear();
            *mark = None;
        }
        // The spans as last written are kept in text order. When the document says which
        // spans its edits touched since then, only those are looked up and moved (a binary
        // search each); otherwise every span is walked.
        let touched = mark.and_then(|m| doc.touched_since(m));
        let incremental = touched.is_some_and(|t| t.len() <= MOST_TOUCHED_AT_ONCE);
        *mark = Some(doc.touch_mark());
        if let (true, Some(touched)) = (incremental, touched) {
            update_touched(doc, cache, touched);
        } else {
            walk_all(doc, cache);
        }
        let items: Vec<Item> = cache
            .iter()
            .map(|(span, json, hash)| Item {
                id: span.id.0,
                json: json.as_ref(),
                hash: *hash,
            })
            .collect();
        finish_parts(entry, revision, tab, stored, &items, relations)
    }

    /// Forgets a document (deleted).
    pub fn forget(&mut self, id: &str) {
        self.spans.remove(id);
    }
}

/// The parts of an entry whose spans' JSON is `items`, in text order.
fn finish_parts(
    entry: &DocEntry,
    revision: u64,
    tab: &str,
    stored: &HashSet<String>,
    items: &[Item],
    relations: &str,
) -> EntryParts {
    let doc = &entry.doc;
    let part = |name: String, text: &dyn Fn() -> String| {
        let text = (!stored.contains(&name)).then(text);
        (name, text)
    };
    // Everything before the text: the entry with an empty text and no spans, cut there.
    let empty: &RawValue = serde_json::from_str(EMPTY_TEXT).unwrap_or_else(|_| doc.doc().json());
    let skeleton = serde_json::to_string(&StoredEntry {
        storage: "avow",
        version: STORAGE_VERSION,
        revision,
        tab,
        file: file_out_skeleton(entry, empty),
    })
    .unwrap_or_default();
    let Some(head) = skeleton.strip_suffix(SKELETON_END) else {
        // Not laid out as expected: one part, always right, only slower to save.
        let whole = write_doc_entry(entry, revision, tab);
        let name = format!("w{:016x}", fnv64(whole.as_bytes()));
        return EntryParts {
            parts: vec![part(name, &|| whole.clone())],
        };
    };
    let text = doc.doc().json().get();
    let mut parts = vec![
        part(format!("h{:016x}", fnv64(head.as_bytes())), &|| {
            head.to_string()
        }),
        // Stored once for every version of the text (see `part_key`).
        part(format!("T{}", doc.doc().sha256()), &|| text.to_string()),
    ];
    // The spans in groups, each item with its comma; the first group opens the list, the
    // last closes the entry. A group's name hashes its items' hashes and where it sits.
    let mut start = 0;
    loop {
        let end = items[start..]
            .iter()
            .position(|item| ends_group(item.id))
            .map_or(items.len(), |at| (start + at + 1).min(items.len()));
        let group = &items[start..end];
        let (first, last) = (start == 0, end == items.len());
        let mut hashes = vec![u8::from(first), u8::from(last), GROUP_LAYOUT];
        for item in group {
            hashes.extend_from_slice(&item.hash.to_le_bytes());
        }
        parts.push(part(format!("g{:016x}", fnv64(&hashes)), &|| {
            let mut text = String::with_capacity(
                group.iter().map(|i| i.json.get().len() + 1).sum::<usize>() + 32,
            );
            if first {
                text.push_str(LIST_OPEN);
            }
            for (index, item) in group.iter().enumerate() {
                if index > 0 {
                    text.push(',');
                }
                text.push_str(item.json.get());
            }
            text.push_str(if last { LIST_CLOSE } else { "," });
            text
        }));
        if end == items.len() {
            break;
        }
        start = end;
    }
    // The relations close the entry, in a part of their own: a span's edit leaves it alone.
    parts.push(part(
        format!("r{:016x}", fnv64(relations.as_bytes())),
        &|| format!(",\"relations\":{relations}}}}}"),
    ));
    EntryParts { parts }
}

/// Brings the cache (each span as last written, in text order) up to date by walking every
/// span beside it.
fn walk_all(doc: &Annotated, cache: &mut SpanJson) {
    // While the spans match the cached ones place by place (a document read again, renamed,
    // or taken from another tab), each is kept or rewritten in place; from the first that
    // does not, the rest are written afresh (the same JSON, only slower).
    let mut matched = 0;
    let mut rest: Vec<&Span> = Vec::new();
    for span in doc.spans().iter() {
        if rest.is_empty() && cache.get(matched).is_some_and(|c| c.0.id == span.id) {
            if cache[matched].0 != *span {
                cache[matched] = written_span(doc, span);
            }
            matched += 1;
        } else {
            rest.push(span);
        }
    }
    cache.truncate(matched);
    cache.extend(rest.into_iter().map(|span| written_span(doc, span)));
}

/// Brings the cache up to date from the spans the document's edits touched: each one's old
/// entry (where it was) goes, and it comes back as it is now, at its place in text order.
fn update_touched(doc: &Annotated, cache: &mut SpanJson, touched: &[Touch]) {
    let at = |cache: &SpanJson, key| cache.binary_search_by(|c| c.0.order_key().cmp(&key));
    for touch in touched {
        if let Some((start, end)) = touch.before {
            if let Ok(k) = at(cache, order_key_of(start, end, touch.id)) {
                cache.remove(k);
            }
        }
    }
    // Sorted as plain numbers: the one sort of them the app already has.
    let mut ids: Vec<u64> = touched.iter().map(|t| t.id.0).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids.into_iter().map(SpanId) {
        if let Some(span) = doc.spans().get(id) {
            match at(cache, span.order_key()) {
                Ok(k) if cache[k].0 == *span => {}
                Ok(k) => cache[k] = written_span(doc, span),
                Err(k) => cache.insert(k, written_span(doc, span)),
            }
        }
    }
}

/// More touches than this at once (an import, a long undo) and every span is walked.
const MOST_TOUCHED_AT_ONCE: usize = 256;

/// A span as written: itself, its JSON and that JSON's hash. Not inlined: it is called from
/// three places of the writer, and its body (the span's JSON) is large.
#[inline(never)]
fn written_span(doc: &Annotated, span: &Span) -> (Span, Box<RawValue>, u64) {
    let json = annotation_json(doc, span);
    let hash = fnv64(json.get().as_bytes());
    (span.clone(), json, hash)
}

/// One span's JSON in an entry being written.
struct Item<'a> {
    id: u64,
    json: &'a RawValue,
    hash: u64,
}

/// A document's entry as the parts it is stored in.
#[derive(Clone, Debug)]
pub struct EntryParts {
    /// The parts in order: each one's name (see [`part_key`]), and its text where it is to be
    /// written (not already stored).
    pub parts: Vec<(String, Option<String>)>,
}

impl EntryParts {
    /// The manifest stored under the document's key: the parts' names, in order.
    pub fn manifest(&self) -> String {
        let manifest = Manifest {
            storage: "avow".into(),
            version: STORAGE_VERSION,
            parts: self.parts.iter().map(|(name, _)| name.clone()).collect(),
        };
        serde_json::to_string(&manifest).unwrap_or_default()
    }
}

/// The JSON of an empty text, put in the text's place to find where the text goes.
const EMPTY_TEXT: &str = "\"\"";
/// How an entry with an empty text, no spans and no relations ends: the empty text, the end
/// of the document, the empty lists of spans and relations, the end of the file and of the
/// entry.
const SKELETON_END: &str = "\"\"},\"annotations\":[],\"relations\":[]}}";
/// What comes between the text and the first span.
const LIST_OPEN: &str = "},\"annotations\":[";
/// What comes after the last span (the relations' part follows).
const LIST_CLOSE: &str = "]";
/// Names the layout of the span groups, in each group's name: groups that closed the whole
/// entry (version 1 files, before relations) are never taken for groups of this layout.
const GROUP_LAYOUT: u8 = 2;

/// What a document's key holds when its entry is stored in parts.
#[derive(Serialize, Deserialize)]
struct Manifest {
    storage: String,
    version: u64,
    parts: Vec<String>,
}

/// How every manifest begins (serde writes the fields in order); an entry stored whole, as
/// before parts, begins otherwise.
const MANIFEST_START: &str = "{\"storage\":\"avow\",\"version\":1,\"parts\":";

/// The part names a document's key lists, if it holds a manifest.
pub fn manifest_parts(raw: &str) -> Option<Vec<String>> {
    if !raw.starts_with(MANIFEST_START) {
        return None;
    }
    serde_json::from_str::<Manifest>(raw).ok().map(|m| m.parts)
}

/// The entry a document's key stands for: the value itself when stored whole, or its parts
/// joined (each read with `get`, given the part's key). The error names a missing part.
pub fn assemble<'a, S: AsRef<str>>(
    keys: &DocKeys,
    raw: &'a str,
    get: impl Fn(&str) -> Option<S>,
) -> Result<Cow<'a, str>, String> {
    match manifest_parts(raw) {
        Some(names) => join_parts(keys, &names, get).map(Cow::Owned),
        None => Ok(Cow::Borrowed(raw)),
    }
}

/// A document's parts, named in its manifest, joined into its entry.
pub(crate) fn join_parts<S: AsRef<str>>(
    keys: &DocKeys,
    names: &[String],
    get: impl Fn(&str) -> Option<S>,
) -> Result<String, String> {
    let mut whole = String::new();
    for name in names {
        let key = keys.part(name);
        let part = get(&key).ok_or_else(|| format!("its part {key} is missing"))?;
        whole.push_str(part.as_ref());
    }
    Ok(whole)
}

/// Whether a group of spans ends after this span: one span in 64, picked by id, so adding or
/// removing a span changes only its own group.
fn ends_group(id: u64) -> bool {
    id.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58 == 0
}

/// A stored document entry, read and checked.
#[derive(Clone, Debug)]
pub struct StoredDoc {
    pub entry: DocEntry,
    pub revision: u64,
    /// The tab that wrote it.
    pub tab: String,
}

/// Reads a stored document entry (migrating older layouts). The error says why it is damaged.
pub fn read_doc_entry(raw: &str) -> Result<StoredDoc, String> {
    let mut value: Value = serde_json::from_str(raw).map_err(|e| format!("not JSON ({e})"))?;
    let version = value.get("version").and_then(Value::as_u64);
    if value.get("storage").and_then(Value::as_str) != Some("avow") {
        return Err("not an Avow storage entry".into());
    }
    match version {
        Some(STORAGE_VERSION) => {}
        Some(v) if v > STORAGE_VERSION => {
            return Err(format!(
                "written by a newer Avow (storage version {v}); this one reads {STORAGE_VERSION}"
            ))
        }
        _ => return Err("unknown storage version".into()),
    }
    let revision = value.get("revision").and_then(Value::as_u64).unwrap_or(0);
    let tab = value
        .get("tab")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let file = value.get_mut("file").ok_or("no document in the entry")?;
    let (_, entry) = read_document_value(file).map_err(|e| e.to_string())?;
    Ok(StoredDoc {
        entry,
        revision,
        tab,
    })
}

/// An entry that could not be read: kept as it is, offered for download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damaged {
    pub key: String,
    pub raw: String,
    pub reason: String,
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::annotation::model::Annotated;
    use crate::core::schema::Label;
    use crate::core::storage::keys::{doc_key, rev_key, DAMAGED_PREFIX, INDEX_KEY, LEGACY_V0_KEY};
    use crate::core::storage::legacy::load;
    use crate::core::text::document::Metadata;

    fn entry(id: &str, text: &str) -> DocEntry {
        let mut doc = Annotated::new(text.into(), Metadata::default());
        doc.annotate(0, 3, Label::Party, true, 5).unwrap();
        DocEntry::new(id.into(), doc, "Ana".into(), 5)
    }

    fn stored(entries: &[(&str, String)]) -> Vec<(String, String)> {
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn loads_what_was_saved_in_the_index_order() {
        let a = entry("d-a", "One two three");
        let b = entry("d-b", "Four five six");
        let index = StoredIndex::new("Ana", vec!["d-b".into(), "d-a".into()], Some("d-a".into()));
        let loaded = load(
            &stored(&[
                (&doc_key("d-a"), write_doc_entry(&a, 3, "t1")),
                (&doc_key("d-b"), write_doc_entry(&b, 7, "t1")),
                (INDEX_KEY, index.to_json()),
            ]),
            0,
        );
        let ids: Vec<(&str, u64)> = loaded
            .docs
            .iter()
            .map(|(d, r)| (d.id.as_str(), *r))
            .collect();
        assert_eq!(ids, vec![("d-b", 7), ("d-a", 3)]);
        assert_eq!(loaded.current.as_deref(), Some("d-a"));
        assert_eq!(loaded.annotator, "Ana");
        assert!(
            loaded.damaged.is_empty() && loaded.writes.is_empty() && loaded.messages.is_empty()
        );
        assert_eq!(loaded.docs[1].0.doc.spans().len(), 1);
    }

    #[test]
    fn a_damaged_document_is_kept_untouched_and_reported() {
        let a = entry("d-a", "One two three");
        let index = StoredIndex::new("", vec!["d-a".into(), "d-bad".into()], None);
        let raw_bad =
            "{\"storage\":\"avow\",\"version\":1,\"revision\":2,\"file\":{\"format\":\"avow\""
                .to_string();
        let loaded = load(
            &stored(&[
                (&doc_key("d-a"), write_doc_entry(&a, 1, "t")),
                (&doc_key("d-bad"), raw_bad.clone()),
                (INDEX_KEY, index.to_json()),
            ]),
            0,
        );
        assert_eq!(loaded.docs.len(), 1);
        assert_eq!(loaded.damaged.len(), 1);
        assert_eq!(loaded.damaged[0].key, doc_key("d-bad"));
        assert_eq!(loaded.damaged[0].raw, raw_bad);
        assert!(
            loaded.writes.is_empty(),
            "nothing is written over a damaged entry"
        );
        assert_eq!(loaded.messages.len(), 1);
    }

    #[test]
    fn a_damaged_index_is_backed_up_and_rebuilt_from_the_documents() {
        let a = entry("d-a", "One two three");
        let loaded = load(
            &stored(&[
                (&doc_key("d-a"), write_doc_entry(&a, 1, "t")),
                (INDEX_KEY, "{oops".into()),
            ]),
            42,
        );
        assert_eq!(loaded.docs.len(), 1);
        assert_eq!(
            loaded.writes,
            vec![(format!("{DAMAGED_PREFIX}42"), "{oops".to_string())]
        );
        assert_eq!(loaded.damaged[0].key, format!("{DAMAGED_PREFIX}42"));
    }

    #[test]
    fn a_newer_storage_version_is_not_read_or_overwritten() {
        let raw = "{\"storage\":\"avow\",\"version\":9,\"revision\":1,\"file\":{}}".to_string();
        let loaded = load(&stored(&[(&doc_key("d-new"), raw)]), 0);
        assert!(loaded.docs.is_empty());
        assert!(loaded.damaged[0].reason.contains("newer Avow"));
        assert!(loaded.writes.is_empty());
    }

    #[test]
    fn version_0_storage_is_migrated() {
        let v0 = r#"{"annotator": "Ben", "documents": [{"id": "old-1", "title": "Old", "text": "We will act now.",
            "spans": [{"start": 3, "end": 11, "label": "COMMITMENT", "attrs": {"strength": "firm", "bogus": "x"}, "note": "n"}]}]}"#;
        let loaded = load(&stored(&[(LEGACY_V0_KEY, v0.to_string())]), 0);
        assert_eq!(loaded.annotator, "Ben");
        assert_eq!(loaded.docs.len(), 1);
        let (doc, _) = &loaded.docs[0];
        assert_eq!(doc.doc.meta().title, "Old");
        let span = doc.doc.spans().iter().next().unwrap();
        assert_eq!(
            (span.start, span.end, span.label),
            (3, 11, Label::Commitment)
        );
        assert_eq!(span.attrs.len(), 1);
        assert_eq!(span.note, "n");
        assert_eq!(loaded.removes, vec![LEGACY_V0_KEY.to_string()]);
        // The migrated entries read back with the current reader.
        let written = load(&loaded.writes, 0);
        assert_eq!(written.docs.len(), 1);
        assert_eq!(written.current.as_deref(), Some("old-1"));
    }

    #[test]
    fn an_entry_reads_back_with_its_revision_and_tab() {
        let a = entry("d-a", &"long text ".repeat(10_000));
        let raw = write_doc_entry(&a, 12345, "tab-1");
        assert!(!raw.contains('\n'), "stored compactly");
        let back = read_doc_entry(&raw).unwrap();
        assert_eq!((back.revision, back.tab.as_str()), (12345, "tab-1"));
        assert_eq!(back.entry.doc.spans().len(), 1);
        assert_eq!(rev_key("d-a"), "avow:v1:rev:d-a");
    }

    #[test]
    fn a_stored_entry_keeps_its_text_and_stored_digest_and_still_checks_quotes() {
        let a = entry("d-a", "alpha beta\ngamma \"quoted\" ünïcode");
        let raw = write_doc_entry(&a, 3, "t");
        let back = read_doc_entry(&raw).unwrap();
        assert_eq!(back.entry.doc.doc().as_str(), a.doc.doc().as_str());
        assert_eq!(back.entry.doc.doc().sha256(), a.doc.doc().sha256());
        // A digest that is not 64 hex digits is not trusted: the text is hashed and compared.
        let bad = raw.replace(a.doc.doc().sha256(), "not-a-digest");
        assert!(read_doc_entry(&bad).unwrap_err().contains("text_sha256"));
        // A span's quote that no longer matches the text still makes the entry damaged.
        let quote = a
            .doc
            .quote(a.doc.spans().iter().next().unwrap())
            .to_string();
        let moved = raw.replace(&format!("\"quote\":\"{quote}\""), "\"quote\":\"xyz\"");
        assert_ne!(moved, raw);
        assert!(read_doc_entry(&moved).unwrap_err().contains("quote"));
    }

    /// Stores an entry as the autosave does: its parts, then its manifest under its key.
    fn store_parts(
        writer: &mut EntryWriter,
        entry: &DocEntry,
        revision: u64,
    ) -> Vec<(String, String)> {
        let parts = writer.write_parts(entry, revision, "t", &HashSet::new());
        let mut out: Vec<(String, String)> = parts
            .parts
            .iter()
            .map(|(name, text)| (part_key(&entry.id, name), text.clone().unwrap_or_default()))
            .collect();
        out.push((doc_key(&entry.id), parts.manifest()));
        out
    }

    fn many_spans(id: &str, count: usize) -> DocEntry {
        let text = "Each party will act on energy and trade. ".repeat(count);
        let mut doc = Annotated::new(text, Metadata::default());
        for i in 0..count {
            doc.annotate(i * 41, i * 41 + 11, Label::ALL[i % 8], false, 5)
                .unwrap();
        }
        DocEntry::new(id.into(), doc, "Ana".into(), 5)
    }

    #[test]
    fn an_entry_stored_in_parts_loads_back() {
        let a = many_spans("d-a", 500);
        let mut writer = EntryWriter::default();
        let mut entries = store_parts(&mut writer, &a, 4);
        assert!(entries.len() > 4, "the spans are split into groups");
        entries.push((
            INDEX_KEY.into(),
            StoredIndex::new("Ana", vec!["d-a".into()], None).to_json(),
        ));
        // Left over from a save that was cut short: removed on loading.
        let stray = part_key("d-a", "g0000000000000000");
        entries.push((stray.clone(), "[".into()));
        let loaded = load(&entries, 0);
        assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
        assert_eq!(loaded.docs.len(), 1);
        assert_eq!(loaded.docs[0].1, 4);
        assert_eq!(loaded.docs[0].0.doc.spans().len(), 500);
        assert_eq!(
            write_doc_entry(&loaded.docs[0].0, 4, "t"),
            write_doc_entry(&a, 4, "t")
        );
        assert_eq!(loaded.removes, vec![stray]);
    }

    #[test]
    fn a_gold_version_is_stored_with_its_provenance_and_each_decision_is_saved() {
        use crate::core::adjudication::board::{start, Version};
        use crate::core::annotation::gold::Settings;
        let a = many_spans("d-a", 40);
        let spans: Vec<_> = a.doc.spans().iter().cloned().collect();
        let mut other = spans.clone();
        other[3].label = if other[3].label == Label::Party {
            Label::Stance
        } else {
            Label::Party
        };
        let versions = vec![
            Version {
                annotator: "ana".into(),
                spans,
                relations: Vec::new(),
            },
            Version {
                annotator: "ben".into(),
                spans: other,
                relations: Vec::new(),
            },
        ];
        let (gold, mut board) = start(&a.doc, versions, Settings::default(), "judge", 9);
        let mut g = DocEntry::new("d-g".into(), gold, "judge".into(), 9);
        let mut writer = EntryWriter::default();
        let mut entries = store_parts(&mut writer, &g, 1);
        let u = board.queue(crate::core::adjudication::board::Filter::All)[0];
        let crate::core::adjudication::board::Item::Span(u) = u else {
            panic!()
        };
        board.reject(&mut g.doc, u, "why", "judge", 10).unwrap();
        // The rejection writes the envelope and the relations' part, no span group.
        let again = store_parts(&mut writer, &g, 2);
        let new: Vec<_> = again
            .iter()
            .filter(|e| !entries.contains(e))
            .map(|e| e.0.clone())
            .collect();
        assert!(
            new.iter().all(|k| !k.contains(":g") && !k.contains(":t")),
            "no span group: {new:?}"
        );
        assert!(new.iter().any(|k| k.contains(":r")), "{new:?}");
        board.read(&g.doc);
        board.take(&mut g.doc, u, 1, "judge", 11).unwrap();
        entries = store_parts(&mut writer, &g, 3);
        entries.push((
            INDEX_KEY.into(),
            StoredIndex::new("judge", vec!["d-g".into()], None).to_json(),
        ));
        let loaded = load(&entries, 0);
        assert!(loaded.damaged.is_empty(), "{:?}", loaded.damaged);
        let back = &loaded.docs[0].0;
        assert_eq!(back.doc.gold(), g.doc.gold());
        assert_eq!(write_doc_entry(back, 3, "t"), write_doc_entry(&g, 3, "t"));
        let file = crate::core::formats::avow::write_document(&g);
        assert!(file.contains("\"decision\": \"picked\""), "{file}");
        assert!(file.contains("\"adjudicator\": \"judge\""));
    }

    #[test]
    fn relations_are_stored_in_a_part_of_their_own_after_the_spans() {
        use crate::core::schema::RelationKind;
        let mut a = many_spans("d-a", 300);
        let act = a.doc.spans().iter().find(|s| s.label.is_act()).unwrap().id;
        let party = a
            .doc
            .spans()
            .iter()
            .find(|s| s.label == Label::Party)
            .unwrap()
            .id;
        a.doc.link(act, party, RelationKind::Committer, 6).unwrap();
        let mut writer = EntryWriter::default();
        let first = writer.write_parts(&a, 1, "t", &HashSet::new());
        let stored: HashSet<String> = first.parts.iter().map(|(n, _)| n.clone()).collect();
        assert!(first.parts.last().unwrap().0.starts_with('r'));
        // A relation's edit writes the envelope and the relations' part, no span group.
        let relation = a.doc.relations().iter().next().unwrap().id;
        a.doc.set_relation_note(relation, "n".into(), 7).unwrap();
        let after = writer.write_parts(&a, 2, "t", &stored);
        let written: Vec<&str> = after
            .parts
            .iter()
            .filter(|(_, text)| text.is_some())
            .map(|(name, _)| &name[..1])
            .collect();
        assert_eq!(written, ["h", "r"]);
        let whole: String = writer.write(&a, 2, "t");
        assert_eq!(whole, write_doc_entry(&a, 2, "t"));
        let back = read_doc_entry(&whole).unwrap();
        assert_eq!(back.entry.doc.relations().iter().next().unwrap().note, "n");
    }

    #[test]
    fn a_missing_part_makes_the_document_damaged_and_its_parts_are_kept() {
        let a = many_spans("d-a", 200);
        let mut writer = EntryWriter::default();
        let mut entries = store_parts(&mut writer, &a, 1);
        let text_part = entries.iter().position(|(k, _)| k.contains(":t")).unwrap();
        entries.remove(text_part);
        let loaded = load(&entries, 0);
        assert!(loaded.docs.is_empty());
        assert_eq!(loaded.damaged.len(), 1);
        assert!(
            loaded.damaged[0].reason.contains("missing"),
            "{}",
            loaded.damaged[0].reason
        );
        assert!(
            loaded.removes.is_empty(),
            "nothing of a damaged document is removed"
        );
    }

    proptest::proptest! {
        // Each case saves a few hundred spans a score of times: fewer cases suffice.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Stored in parts, an entry is exactly what `write_doc_entry` writes; the text's part
        /// never changes, and an edit changes at most three parts (the envelope, and the group
        /// of spans it touched, split in two or joined with the next).
        #[test]
        fn an_edit_rewrites_only_a_few_parts(
            edits in proptest::collection::vec((0u8..4, 0usize..4000, 0usize..8), 1..25)
        ) {
            let mut entry = many_spans("d-p", 300);
            let mut writer = EntryWriter::default();
            let mut before: HashSet<String> = HashSet::new();
            for (step, (op, at, pick)) in edits.into_iter().enumerate() {
                let now = step as i64 * 1000 + 10;
                let doc = &mut entry.doc;
                let ids: Vec<crate::core::annotation::span::SpanId> = doc.spans().iter().map(|s| s.id).collect();
                let id = ids[at % ids.len()];
                let label = Label::ALL[pick];
                let _ = match op {
                    0 => doc.annotate(at * 3, at * 3 + 7, label, false, now).map(|_| ()),
                    1 => doc.relabel(id, label, now).map(|_| ()),
                    2 => doc.delete(id, now).map(|_| ()),
                    _ => doc.set_note(id, format!("n{step}"), now).map(|_| ()),
                };
                let whole = writer.write(&entry, step as u64, "t");
                proptest::prop_assert_eq!(&whole, &write_doc_entry(&entry, step as u64, "t"));
                // Saved after the last save: only the new parts are built.
                let parts = writer.write_parts(&entry, step as u64, "t", &before);
                proptest::prop_assert!(parts.parts.len() > 3);
                let built: Vec<&String> = parts.parts.iter().filter_map(|(_, t)| t.as_ref()).collect();
                let names: HashSet<String> = parts.parts.iter().map(|(n, _)| n.clone()).collect();
                if !before.is_empty() {
                    proptest::prop_assert!(names.difference(&before).count() <= 3);
                    proptest::prop_assert_eq!(built.len(), names.difference(&before).count());
                    // The text, stored once, is never built again.
                    proptest::prop_assert!(parts.parts.iter().all(|(n, t)| !n.starts_with('t') || t.is_none()));
                }
                before = names;
            }
        }
    }

    proptest::proptest! {
        /// The remembering writer writes exactly what the plain one does, edit after edit.
        #[test]
        fn the_entry_writer_writes_what_write_doc_entry_does(
            edits in proptest::collection::vec((0u8..6, 0usize..60, 1usize..12, 0usize..8), 1..40)
        ) {
            let text = "The two leaders will deepen cooperation on energy — 日本 😀 and trade.\r\n".repeat(3);
            let mut entry = DocEntry::new("d-w".into(), Annotated::new(text, Metadata::default()), "Ana".into(), 1);
            let mut writer = EntryWriter::default();
            for (step, (op, at, len, pick)) in edits.into_iter().enumerate() {
                let now = step as i64 * 1000;
                let doc = &mut entry.doc;
                let ids: Vec<crate::core::annotation::span::SpanId> = doc.spans().iter().map(|s| s.id).collect();
                let some_id = ids.get(pick % ids.len().max(1)).copied();
                let label = Label::ALL[pick % Label::ALL.len()];
                let _ = match (op, some_id) {
                    (0, _) | (_, None) => doc.annotate(at, at + len, label, pick % 2 == 0, now).map(|_| ()),
                    (1, Some(id)) => doc.relabel(id, label, now).map(|_| ()),
                    (2, Some(id)) => doc.set_note(id, format!("note \"{pick}\"\n"), now).map(|_| ()),
                    (3, Some(id)) => doc.delete(id, now).map(|_| ()),
                    (4, _) => { doc.undo(); Ok(()) }
                    (_, Some(_)) => { doc.redo(); Ok(()) }
                };
                let plain = write_doc_entry(&entry, step as u64, "t");
                proptest::prop_assert_eq!(writer.write(&entry, step as u64, "t"), plain);
            }
            writer.forget("d-w");
            proptest::prop_assert!(writer.spans.is_empty());
        }
    }
}
