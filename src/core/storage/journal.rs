//! A tab's unsaved changes, kept synchronously in localStorage: written as the event that made
//! a change ends and again as the page is hidden or closed, removed once a save has stored
//! them. An IndexedDB save is asynchronous, and a page being closed (or a browser quitting, or
//! a tab crashing) may be torn down before its transaction commits; the journal is what
//! survives.
//!
//! **Any size.** A document's journal record holds its entry *in parts*, as storage keeps it:
//! its manifest and the parts not stored yet (after an edit, a group of spans: kilobytes, even
//! for a text of ten million code points). A part the record does not hold is read from
//! storage when the record is taken back: the parts of the revision it is based on stay while
//! a journal names the document (a save does not delete them then: see `plan_save`'s
//! `journaled`), and a text is stored once, by its SHA-256, while a document names it. A
//! document held in a conflict has all its own parts in its record (its stored ones may be
//! another tab's by then).
//!
//! **Merged, not overwritten.** At the next start every tab's records are read. For each
//! document, the newest version based on the revision still stored is taken as a change; every
//! other version that differs (another tab's, or one based on a revision since replaced) is kept
//! beside it as a copy; nothing is dropped. Records are removed only once a save has stored
//! what they held.

use crate::core::formats::avow::write_document;
use crate::core::storage::entry::{assemble, read_doc_entry, EntryWriter, StoredIndex};
use crate::core::storage::keys::{
    key_id, shared_text, tab_prefix, DocKeys, JOURNAL_PREFIX, SESSION_PREFIX,
};
use crate::core::workspace::{Changes, DocEntry, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One document's journal record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The record's layout (2: in parts).
    pub journal: u64,
    pub id: String,
    /// The revision the unsaved version is based on (0: never stored).
    pub base: u64,
    pub tab: String,
    /// When it was written (milliseconds since the epoch).
    pub at: i64,
    /// The entry's manifest: its parts' names in order.
    pub manifest: String,
    /// The parts' texts it holds, by name.
    pub parts: BTreeMap<String, String>,
}

impl Record {
    /// The keys of the parts its manifest names that it does not hold (read from storage
    /// when the record is taken back).
    pub fn missing_keys(&self) -> Vec<String> {
        let keys = DocKeys::of(&self.id);
        crate::core::storage::entry::manifest_parts(&self.manifest)
            .unwrap_or_default()
            .into_iter()
            .filter(|name| !self.parts.contains_key(name))
            .map(|name| keys.part(&name))
            .collect()
    }
}

/// A document never stored whose text is longer than this (in bytes of UTF-8) is not
/// journaled until its first save has stored the text: a record would not fit in local storage
/// (Chromium allows a site about 5 M characters there), and building it on every change would
/// cost each edit its frame. Its first save comes a fraction of a second after it is opened.
pub const JOURNAL_TEXT_MAX: usize = 1_000_000;

/// The key of a tab's record of document `id`.
pub fn record_key(tab: &str, id: &str) -> String {
    format!("{}doc:{}", tab_prefix(tab), key_id(id))
}

/// The key of a tab's journal index (the open document and the annotator as it left them).
pub fn index_key(tab: &str) -> String {
    format!("{}index", tab_prefix(tab))
}

/// What to write for the changes not yet stored: each changed document's record (its manifest
/// and its parts not in `stored`), and the index (the open document and the annotator) when
/// anything changed. `stored`: each document's part names as storage holds them.
pub fn write_journal(
    workspace: &Workspace,
    changes: &Changes,
    revisions: &HashMap<String, u64>,
    stored: &HashMap<String, HashSet<String>>,
    writer: &mut EntryWriter,
    tab: &str,
    now: i64,
) -> Vec<(String, String)> {
    let none = HashSet::new();
    let stored_texts: HashSet<String> = stored
        .values()
        .flatten()
        .filter(|name| shared_text(name).is_some())
        .cloned()
        .collect();
    let mut out: Vec<(String, String)> = changes
        .docs
        .iter()
        .filter(|id| !changes.imported.contains(*id))
        .filter_map(|id| workspace.get(id))
        .filter(|entry| {
            entry.doc.doc().text().as_str().len() <= JOURNAL_TEXT_MAX
                || stored_texts.contains(&format!("T{}", entry.doc.doc().sha256()))
        })
        .map(|entry| {
            let base = revisions.get(&entry.id).copied().unwrap_or(0);
            // A text is never copied while storage holds it (under its SHA-256, for whichever
            // document names it).
            let mut leave_out = stored_texts.clone();
            leave_out.extend(stored.get(&entry.id).unwrap_or(&none).iter().cloned());
            let parts = writer.write_parts(entry, base, tab, &leave_out);
            let record = Record {
                journal: 2,
                id: entry.id.clone(),
                base,
                tab: tab.to_string(),
                at: now,
                manifest: parts.manifest(),
                parts: parts
                    .parts
                    .into_iter()
                    .filter_map(|(name, text)| Some((name, text?)))
                    .collect(),
            };
            (
                record_key(tab, &entry.id),
                serde_json::to_string(&record).unwrap_or_default(),
            )
        })
        .collect();
    if !changes.is_empty() {
        // Only what a start takes back (the summaries come with the documents' saves).
        let index = StoredIndex::new(
            workspace.annotator(),
            Vec::new(),
            Some(workspace.current().id.clone()),
        );
        out.push((index_key(tab), index.to_json()));
    }
    out
}

/// A record read back: the whole entry as an earlier build wrote it, or the parts it holds.
#[derive(Clone, Debug)]
pub enum Found {
    /// Boxed: an entry is several times the size of a record's header.
    Whole {
        base: u64,
        entry: Box<DocEntry>,
    },
    Parts(Record),
}

impl Found {
    /// The document's id.
    pub fn id(&self) -> &str {
        match self {
            Found::Whole { entry, .. } => &entry.id,
            Found::Parts(record) => &record.id,
        }
    }
}

/// What the journals in a localStorage snapshot hold, not yet resolved against storage.
#[derive(Clone, Debug, Default)]
pub struct Journals {
    /// Each record, with its key and the tab that wrote it.
    pub records: Vec<(String, String, Found)>,
    /// The open document and the annotator as the last page written left them.
    pub current: Option<String>,
    pub annotator: Option<String>,
    /// The keys of the indexes read (removed with the records).
    pub indexes: Vec<String>,
    /// Records that could not be read, with their keys (kept, and said).
    pub unreadable: Vec<String>,
    /// The session markers of tabs that ended without closing (their keys), and the latest
    /// time any of them had recorded everything.
    pub unclosed: Vec<String>,
    pub unclosed_at: Option<i64>,
}

/// Reads the journals and session markers of a localStorage snapshot left by tabs no longer
/// open (`open`: whether a tab is; an open tab's journal is its own business).
pub fn read_journals(snapshot: &[(String, String)], open: impl Fn(&str) -> bool) -> Journals {
    let mut journals = Journals::default();
    for (key, value) in snapshot {
        if let Some(tab) = key.strip_prefix(SESSION_PREFIX) {
            if !open(tab) {
                journals.unclosed.push(key.clone());
                let at = value.trim().parse::<i64>().ok();
                journals.unclosed_at = journals.unclosed_at.max(at);
            }
            continue;
        }
        let Some(rest) = key.strip_prefix(JOURNAL_PREFIX) else {
            continue;
        };
        let Some((tab, what)) = rest.split_once(':') else {
            continue;
        };
        if open(tab) {
            continue;
        }
        if what == "index" {
            journals.indexes.push(key.clone());
            if let Ok(index) = serde_json::from_str::<StoredIndex>(value) {
                journals.current = index.current;
                journals.annotator = Some(index.annotator);
            }
        } else if what.starts_with("doc:") {
            let found = match serde_json::from_str::<Record>(value) {
                Ok(record) if record.journal == 2 => Found::Parts(record),
                _ => match read_doc_entry(value) {
                    // An earlier build's record: the whole entry.
                    Ok(stored) => Found::Whole {
                        base: stored.revision,
                        entry: Box::new(stored.entry),
                    },
                    Err(_) => {
                        journals.unreadable.push(key.clone());
                        continue;
                    }
                },
            };
            journals.records.push((key.clone(), tab.to_string(), found));
        }
    }
    journals
}

/// Every stored part key a journal record in a localStorage snapshot names (any tab's, open or
/// gone): storage keeps them while it does (see `plan::orphans`).
pub fn named_parts(snapshot: &[(String, String)]) -> HashSet<String> {
    snapshot
        .iter()
        .filter(|(key, _)| key.starts_with(JOURNAL_PREFIX) && key.contains(":doc:"))
        .filter_map(|(_, value)| serde_json::from_str::<Record>(value).ok())
        .flat_map(|record| {
            let keys = DocKeys::of(&record.id);
            crate::core::storage::entry::manifest_parts(&record.manifest)
                .unwrap_or_default()
                .into_iter()
                .map(move |name| keys.part(&name))
        })
        .collect()
}

/// The documents the journal records of other tabs than `tab` name (their unsaved versions
/// are read against what storage holds of them: see `SavePlan::keep_parts_of`).
pub fn journaled_docs(keys: &[String], tab: &str) -> HashSet<String> {
    let own = tab_prefix(tab);
    keys.iter()
        .filter(|key| !key.starts_with(&own))
        .filter_map(|key| key.strip_prefix(JOURNAL_PREFIX))
        .filter_map(|rest| rest.split_once(":doc:"))
        .filter_map(|(_, kid)| crate::core::storage::keys::id_of(kid))
        .collect()
}

/// A record's entry, its parts it does not hold taken from `stored` (the document's records as
/// storage holds them, by key: its own parts and its text). The error names a missing part.
pub fn resolve(found: &Found, stored: &[(String, String)]) -> Result<(u64, DocEntry), String> {
    match found {
        Found::Whole { base, entry } => Ok((*base, (**entry).clone())),
        Found::Parts(record) => {
            let keys = DocKeys::of(&record.id);
            let by_name: HashMap<String, &str> = record
                .parts
                .iter()
                .map(|(name, text)| (keys.part(name), text.as_str()))
                .collect();
            let by_key: HashMap<&str, &str> = stored
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let whole = assemble(&keys, &record.manifest, |key| {
                by_name.get(key).or_else(|| by_key.get(key)).copied()
            })?;
            let entry = read_doc_entry(&whole)?.entry;
            Ok((record.base, entry))
        }
    }
}

/// A version a journal held, resolved: the tab that wrote it, when, the revision it was based
/// on, and the entry.
#[derive(Clone, Debug)]
pub struct Version {
    pub tab: String,
    pub at: i64,
    pub base: u64,
    pub entry: DocEntry,
}

/// Why a version is kept as a copy rather than taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Apart {
    /// Another tab's unsaved version of a document a newer version was taken for.
    OtherTab,
    /// Based on a revision another tab has since replaced, and different from what is stored.
    Replaced,
}

/// What to do with what the journals held.
#[derive(Clone, Debug, Default)]
pub struct Recovery {
    /// Versions to take in place of the stored document (saved soon).
    pub take: Vec<DocEntry>,
    /// Versions to keep beside it, as copies, each with why.
    pub apart: Vec<(DocEntry, Apart)>,
}

/// Merges the versions the journals held (several tabs' records of one document included)
/// against what is stored now (`revisions`; `stored`: the stored entry of each document a
/// version was based on a replaced revision of, to compare with). For each document, the
/// newest version based on the revision still stored is taken; every other version that
/// differs from it and from what is stored is kept as a copy. Nothing is dropped but exact
/// duplicates.
pub fn merge(
    versions: Vec<Version>,
    revisions: &HashMap<String, u64>,
    stored: &HashMap<String, DocEntry>,
) -> Recovery {
    let mut by_doc: BTreeMap<String, Vec<Version>> = BTreeMap::new();
    for v in versions {
        by_doc.entry(v.entry.id.clone()).or_default().push(v);
    }
    let mut recovery = Recovery::default();
    for (id, mut versions) in by_doc {
        // Newest first.
        versions.sort_by_key(|v| std::cmp::Reverse(v.at));
        let now = revisions.get(&id).copied().unwrap_or(0);
        let mut kept: Vec<String> = Vec::new();
        if let Some(stored) = stored.get(&id) {
            kept.push(write_document(stored));
        }
        let taken = versions.iter().position(|v| v.base == now);
        if let Some(at) = taken {
            let v = versions.remove(at);
            kept.push(write_document(&v.entry));
            recovery.take.push(v.entry);
        }
        for v in versions {
            let text = write_document(&v.entry);
            if kept.contains(&text) {
                continue;
            }
            kept.push(text);
            let why = if taken.is_some() && v.base == now {
                Apart::OtherTab
            } else {
                Apart::Replaced
            };
            recovery.apart.push((v.entry, why));
        }
    }
    recovery
}

impl Apart {
    /// The title the copy takes.
    pub fn copy_title(self, title: &str) -> String {
        match self {
            Apart::OtherTab => format!("{title} (unsaved copy from another tab)"),
            Apart::Replaced => format!("{title} (unsaved copy)"),
        }
    }
}

/// What a start took back from the journals, for the user.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// When a tab ended without closing: the time (as shown) it had last recorded everything.
    pub unclosed_at: Option<String>,
    /// The titles of the documents whose unsaved version was taken back.
    pub restored: Vec<String>,
    /// Each copy kept: the document's title, the copy's, and why.
    pub copies: Vec<(String, String, Apart)>,
    /// Why each record that could not be taken back (kept in the browser) could not.
    pub kept: Vec<String>,
}

impl Report {
    /// The message, in plain words; `None` when there is nothing to say.
    pub fn message(&self) -> Option<String> {
        let quoted = |titles: &[String]| {
            titles
                .iter()
                .map(|t| format!("“{t}”"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut lines = Vec::new();
        match &self.unclosed_at {
            Some(at) => {
                let mut line = "Avow did not close properly last time (its page crashed, or the browser stopped it without closing it).".to_string();
                if !self.restored.is_empty() {
                    line.push_str(&format!(
                        " Restored from its journal: {}.",
                        quoted(&self.restored)
                    ));
                }
                line.push_str(&format!(
                    " Every change up to its last record ({at}) was kept; only an edit made in the instant before it ended could be missing."
                ));
                lines.push(line);
            }
            None if !self.restored.is_empty() => lines.push(format!(
                "Restored unsaved changes to {} from a page closed before they were saved.",
                quoted(&self.restored)
            )),
            None => {}
        }
        for (title, copy, why) in &self.copies {
            lines.push(match why {
                Apart::OtherTab => format!(
                    "“{title}” had unsaved changes in more than one tab: the newest are in “{title}”, the others are kept as “{copy}”."
                ),
                Apart::Replaced => format!(
                    "Unsaved changes to “{title}” were made to a version another tab has since replaced: they are kept as “{copy}”."
                ),
            });
        }
        if !self.kept.is_empty() {
            lines.push(format!(
                "{} record(s) of unsaved changes could not be taken back ({}); they are kept in this browser.",
                self.kept.len(),
                self.kept.join("; ")
            ));
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::annotation::model::Annotated;
    use crate::core::schema::Label;
    use crate::core::storage::plan::{plan_save, Write};
    use crate::core::text::document::Metadata;

    fn entry(id: &str, spans: usize) -> DocEntry {
        let mut doc = Annotated::new("one two three four five".into(), Metadata::default());
        for i in 0..spans {
            doc.annotate(i * 4, i * 4 + 3, Label::Party, false, 5)
                .unwrap();
        }
        DocEntry::new(id.into(), doc, "Ana".into(), 5)
    }

    /// What a save stores and what the tab then knows: records, revisions, parts.
    type Saved = (
        Vec<(String, String)>,
        HashMap<String, u64>,
        HashMap<String, HashSet<String>>,
    );

    /// The journal records tab `tab` writes at `at` of the changes made to `ws` since the last
    /// call (taken), knowing what is stored (`revisions`, `parts`).
    fn journal_changes(
        ws: &mut Workspace,
        revisions: &HashMap<String, u64>,
        parts: &HashMap<String, HashSet<String>>,
        tab: &str,
        at: i64,
    ) -> Vec<(String, String)> {
        let changes = ws.take_changes();
        write_journal(
            ws,
            &changes,
            revisions,
            parts,
            &mut EntryWriter::default(),
            tab,
            at,
        )
    }

    /// The records a save of `ws` stores, and what this tab then knows of them.
    fn saved(ws: &Workspace) -> Saved {
        let changes = Changes {
            docs: ws.order().into_iter().collect(),
            index: true,
            ..Changes::default()
        };
        let plan = plan_save(
            ws,
            &changes,
            &mut EntryWriter::default(),
            &HashMap::new(),
            &HashMap::new(),
            "t-0",
        );
        let records = plan
            .writes
            .into_iter()
            .filter_map(|w| match w {
                Write::Put(k, v) => Some((k, v)),
                _ => None,
            })
            .collect();
        (
            records,
            plan.revisions.into_iter().collect(),
            plan.parts.into_iter().collect(),
        )
    }

    fn versions_of(journals: &Journals, stored: &[(String, String)]) -> Vec<Version> {
        journals
            .records
            .iter()
            .map(|(_, tab, found)| {
                let (base, entry) = resolve(found, stored).unwrap();
                let at = match found {
                    Found::Parts(r) => r.at,
                    Found::Whole { .. } => 0,
                };
                Version {
                    tab: tab.clone(),
                    at,
                    base,
                    entry,
                }
            })
            .collect()
    }

    #[test]
    fn a_record_holds_what_is_unsaved_and_comes_back_whole() {
        let mut ws = Workspace::new(vec![entry("a", 1), entry("b", 2)], Some("b"), "Ana".into());
        let (stored, revisions, parts) = saved(&ws);
        ws.get_mut("a")
            .unwrap()
            .doc
            .annotate(8, 13, Label::Party, false, 6)
            .unwrap();
        let journal = journal_changes(&mut ws, &revisions, &parts, "t-1", 100);
        assert_eq!(journal.len(), 2, "the document and the index");
        let record: Record = serde_json::from_str(&journal[0].1).unwrap();
        assert_eq!((record.id.as_str(), record.base, record.at), ("a", 1, 100));
        assert!(
            !record.parts.keys().any(|n| n.starts_with('T')),
            "the stored text is not copied"
        );
        let read = read_journals(&journal, |_| false);
        assert_eq!(read.current.as_deref(), Some("b"));
        let back = versions_of(&read, &stored);
        assert_eq!(
            back[0].entry.doc.spans().len(),
            2,
            "the unsaved span is there"
        );
    }

    #[test]
    fn a_large_documents_record_holds_only_its_unsaved_parts() {
        let mut big = Annotated::new("word ".repeat(3000), Metadata::default());
        for i in 0..2010 {
            big.annotate(i * 5, i * 5 + 4, Label::Party, false, 5)
                .unwrap();
        }
        let mut ws = Workspace::new(
            vec![DocEntry::new("big".into(), big, "Ana".into(), 5)],
            None,
            "Ana".into(),
        );
        let (stored, revisions, parts) = saved(&ws);
        ws.get_mut("big")
            .unwrap()
            .doc
            .annotate(14_990, 14_994, Label::Stance, false, 6)
            .unwrap();
        let journal = journal_changes(&mut ws, &revisions, &parts, "t-1", 7);
        assert!(
            journal[0].1.len() < 20_000,
            "kilobytes: {}",
            journal[0].1.len()
        );
        let back = versions_of(&read_journals(&journal, |_| false), &stored);
        assert_eq!(back[0].entry.doc.spans().len(), 2011);
    }

    #[test]
    fn two_tabs_versions_of_one_document_are_both_kept() {
        let ws = Workspace::new(vec![entry("a", 1)], None, "Ana".into());
        let (stored, revisions, parts) = saved(&ws);
        // Two tabs, each with its own unsaved edit of "a", both based on revision 1.
        let edit = |tab: &str, at: i64, from: usize| {
            let mut ws = ws.clone();
            ws.get_mut("a")
                .unwrap()
                .doc
                .annotate(from, from + 3, Label::Stance, false, 9)
                .unwrap();
            journal_changes(&mut ws, &revisions, &parts, tab, at)
        };
        let mut snapshot = edit("t-1", 10, 8);
        snapshot.extend(edit("t-2", 20, 14));
        let journals = read_journals(&snapshot, |_| false);
        let recovery = merge(versions_of(&journals, &stored), &revisions, &HashMap::new());
        assert_eq!(recovery.take.len(), 1, "the newest is taken");
        assert!(recovery.take[0].doc.spans().iter().any(|s| s.start == 14));
        assert_eq!(recovery.apart.len(), 1, "the other tab's is kept as a copy");
        assert_eq!(recovery.apart[0].1, Apart::OtherTab);
        assert!(recovery.apart[0].0.doc.spans().iter().any(|s| s.start == 8));
        // The same version twice (a tab journaled it at hide and at close) is one.
        let mut twice = edit("t-1", 10, 8);
        twice.extend(edit("t-3", 11, 8));
        let recovery = merge(
            versions_of(&read_journals(&twice, |_| false), &stored),
            &revisions,
            &HashMap::new(),
        );
        assert_eq!((recovery.take.len(), recovery.apart.len()), (1, 0));
    }

    #[test]
    fn a_version_based_on_a_replaced_revision_is_a_copy_unless_it_is_what_is_stored() {
        let ws = Workspace::new(vec![entry("a", 1)], None, "Ana".into());
        let (_, _, _) = saved(&ws);
        let old = Version {
            tab: "t-1".into(),
            at: 5,
            base: 1,
            entry: entry("a", 2),
        };
        let revisions = HashMap::from([("a".to_string(), 2)]);
        let stored = HashMap::from([("a".to_string(), entry("a", 3))]);
        let recovery = merge(vec![old.clone()], &revisions, &stored);
        assert!(recovery.take.is_empty());
        assert_eq!(recovery.apart[0].1, Apart::Replaced);
        let same = HashMap::from([("a".to_string(), entry("a", 2))]);
        assert!(
            merge(vec![old], &revisions, &same).apart.is_empty(),
            "nothing new in it"
        );
    }

    #[test]
    fn an_earlier_builds_record_of_the_whole_entry_is_read() {
        let whole = crate::core::storage::entry::write_doc_entry(&entry("a", 2), 4, "t-9");
        let journals = read_journals(&[("avow:v2:journal:t-9:doc:a".into(), whole)], |_| false);
        let (base, back) = resolve(&journals.records[0].2, &[]).unwrap();
        assert_eq!((base, back.doc.spans().len()), (4, 2));
        let broken = read_journals(
            &[("avow:v2:journal:t-9:doc:b".into(), "{broken".into())],
            |_| false,
        );
        assert_eq!(broken.unreadable.len(), 1);
    }

    #[test]
    fn a_new_document_too_long_for_local_storage_waits_for_its_first_save() {
        let long = Annotated::new(
            "word ".repeat(JOURNAL_TEXT_MAX / 5 + 1),
            Metadata::default(),
        );
        let mut ws = Workspace::new(vec![entry("a", 1)], None, "Ana".into());
        ws.insert(
            DocEntry::new("long".into(), long, "Ana".into(), 5),
            None,
            "x".into(),
        );
        let journal = journal_changes(&mut ws, &HashMap::new(), &HashMap::new(), "t", 1);
        assert!(
            journal.iter().all(|(k, _)| !k.ends_with(":doc:long")),
            "not journaled before it is stored"
        );
        // Once its text is stored, its unsaved parts are.
        let (_, revisions, parts) = saved(&ws);
        ws.get_mut("long")
            .unwrap()
            .doc
            .annotate(0, 4, Label::Party, false, 6)
            .unwrap();
        let journal = journal_changes(&mut ws, &revisions, &parts, "t", 2);
        assert!(journal
            .iter()
            .any(|(k, v)| k.ends_with(":doc:long") && v.len() < 10_000));
    }

    #[test]
    fn an_open_tabs_journal_is_left_alone_and_an_unclosed_tab_is_noticed() {
        let snapshot = vec![
            ("avow:v2:journal:t-live:index".to_string(), "{}".to_string()),
            ("avow:v2:session:t-live".to_string(), "100".to_string()),
            ("avow:v2:session:t-gone".to_string(), "250".to_string()),
            ("avow:v2:session:t-old".to_string(), "200".to_string()),
            ("avow:v2:journal:t-gone:index".to_string(), "{}".to_string()),
        ];
        let journals = read_journals(&snapshot, |tab| tab == "t-live");
        assert_eq!(journals.indexes, ["avow:v2:journal:t-gone:index"]);
        assert_eq!(journals.unclosed.len(), 2);
        assert_eq!(
            journals.unclosed_at,
            Some(250),
            "the latest a tab recorded everything"
        );
    }

    #[test]
    fn a_record_names_the_stored_parts_it_needs() {
        let mut ws = Workspace::new(vec![entry("a", 1)], None, "Ana".into());
        let (_, revisions, parts) = saved(&ws);
        ws.get_mut("a")
            .unwrap()
            .doc
            .annotate(8, 13, Label::Party, false, 6)
            .unwrap();
        let journal = journal_changes(&mut ws, &revisions, &parts, "t-1", 1);
        let record: Record = serde_json::from_str(&journal[0].1).unwrap();
        let missing = record.missing_keys();
        assert!(
            missing.iter().any(|k| k.starts_with("avow:v1:text:")),
            "{missing:?}"
        );
        assert!(
            record.parts.keys().all(|name| !parts["a"].contains(name)),
            "only unsaved parts"
        );
        // Another tab saves its own edit of "a" while this record names it: the parts the
        // record reads stay, and it comes back whole.
        let (mut stored, _, _) = saved(&ws);
        stored.retain(|(k, _)| !k.starts_with("avow:v1:part:a:"));
        let (before, _, _) = saved(&Workspace::new(vec![entry("a", 1)], None, "Ana".into()));
        stored.extend(
            before
                .into_iter()
                .filter(|(k, _)| k.starts_with("avow:v1:part:a:")),
        );
        let mut other = Workspace::new(vec![entry("a", 1)], None, "Ana".into());
        other
            .get_mut("a")
            .unwrap()
            .doc
            .annotate(14, 17, Label::Stance, false, 7)
            .unwrap();
        let changes = other.take_changes();
        let mut plan = plan_save(
            &other,
            &changes,
            &mut EntryWriter::default(),
            &parts,
            &revisions,
            "t-2",
        );
        plan.keep_parts_of(&HashSet::from(["a".to_string()]));
        assert!(
            !plan.writes.iter().any(|w| matches!(w, Write::Delete(_))),
            "nothing of a is deleted"
        );
        let mut after: BTreeMap<String, String> = stored.into_iter().collect();
        for w in plan.writes {
            if let Write::Put(k, v) = w {
                after.insert(k, v);
            }
        }
        let after: Vec<(String, String)> = after.into_iter().collect();
        let (_, back) = resolve(&Found::Parts(record), &after).unwrap();
        assert_eq!(back.doc.spans().len(), 2, "this tab's version, whole");
    }

    #[test]
    fn the_report_says_what_came_back_and_what_could_be_missing() {
        let crash = Report {
            unclosed_at: Some("14:03:11".into()),
            restored: vec!["Doc A".into()],
            copies: vec![(
                "Doc B".into(),
                Apart::OtherTab.copy_title("Doc B"),
                Apart::OtherTab,
            )],
            kept: vec![],
        };
        let text = crash.message().unwrap();
        assert!(text.contains("did not close properly"), "{text}");
        assert!(
            text.contains("Restored from its journal: “Doc A”."),
            "{text}"
        );
        assert!(
            text.contains("instant before it ended could be missing")
                && text.contains("(14:03:11)"),
            "{text}"
        );
        assert!(
            text.contains("“Doc B (unsaved copy from another tab)”"),
            "{text}"
        );
        assert!(Report::default().message().is_none());
        let clean = Report {
            restored: vec!["A".into()],
            ..Report::default()
        };
        assert!(clean
            .message()
            .unwrap()
            .starts_with("Restored unsaved changes to “A”"));
    }

    #[test]
    fn imported_documents_are_left_to_the_save_until_they_are_changed() {
        let mut ws = Workspace::new(vec![entry("a", 1)], None, "Ana".into());
        let none = HashMap::new();
        let _ = ws.take_changes();
        ws.insert_imported(entry("b", 2), "b2".into());
        ws.insert_imported(entry("c", 2), "c2".into());
        let changes = ws.changes().clone();
        assert!(changes.docs.contains("b") && changes.imported.contains("b"));
        let records = write_journal(
            &ws,
            &changes,
            &none,
            &HashMap::new(),
            &mut EntryWriter::default(),
            "t-1",
            9,
        );
        let documents = |records: &[(String, String)]| -> Vec<String> {
            records
                .iter()
                .filter(|(key, _)| !key.ends_with(":index"))
                .map(|(_, value)| value.clone())
                .collect()
        };
        assert!(documents(&records).is_empty(), "{records:?}");
        // An edit of one makes it the user's: journaled, even merged with a save in flight
        // that still counts it as imported.
        let in_flight = ws.take_changes();
        ws.switch_to("b");
        let doc = ws.current_mut();
        doc.doc.annotate(16, 20, Label::Party, false, 9).unwrap();
        let mut live = ws.changes().clone();
        live.merge(in_flight);
        assert!(!live.imported.contains("b") && live.imported.contains("c"));
        let records = write_journal(
            &ws,
            &live,
            &none,
            &HashMap::new(),
            &mut EntryWriter::default(),
            "t-1",
            9,
        );
        let written = documents(&records);
        assert_eq!(written.len(), 1, "{records:?}");
        assert!(written[0].contains("\"b\""));
    }
}
