//! A tab's unsaved changes, kept synchronously in localStorage as the page is hidden or
//! closed. An IndexedDB save is asynchronous, and a page being unloaded may be torn down
//! before its transaction commits; so the documents a save has not yet committed are also
//! written here, at once, and removed once a save commits. At the next start, a journal
//! entry whose document is still stored at the revision it was based on is taken as a change
//! (and saved); one whose document moved on meanwhile is compared, and kept as a copy when
//! it differs. Nothing the user typed is lost, even when the tab closes mid-save.

use crate::core::storage::entry::{read_doc_entry, write_doc_entry, StoredIndex};
use crate::core::storage::keys::{tab_prefix, JOURNAL_PREFIX};
use crate::core::workspace::{Changes, DocEntry, Workspace};
use std::collections::HashMap;

/// What to write for changes not yet committed: each changed document in memory, stamped
/// with the revision it was based on, and the index when anything changed.
pub fn write_journal(
    workspace: &Workspace,
    changes: &Changes,
    revisions: &HashMap<String, u64>,
    tab: &str,
) -> Vec<(String, String)> {
    let prefix = tab_prefix(tab);
    let mut out: Vec<(String, String)> = changes
        .docs
        .iter()
        .filter_map(|id| workspace.get(id))
        .map(|entry| {
            let base = revisions.get(&entry.id).copied().unwrap_or(0);
            (
                format!("{prefix}doc:{}", entry.id),
                write_doc_entry(entry, base, tab),
            )
        })
        .collect();
    if !changes.is_empty() {
        out.push((
            format!("{prefix}index"),
            StoredIndex::of(workspace).to_json(),
        ));
    }
    out
}

/// What a journal left by a closed page holds.
#[derive(Clone, Debug, Default)]
pub struct Recovered {
    /// Documents still stored at the revision they were based on: taken as they are.
    pub docs: Vec<DocEntry>,
    /// Documents stored at a later revision: to compare with what is stored, and keep as a
    /// copy if they differ.
    pub later: Vec<DocEntry>,
    /// The open document and the annotator as the page left them.
    pub current: Option<String>,
    pub annotator: Option<String>,
    /// Every journal key read (to remove once taken).
    pub keys: Vec<String>,
}

/// Reads the journal entries of a localStorage snapshot against the revisions stored now.
pub fn read_journal(snapshot: &[(String, String)], revisions: &HashMap<String, u64>) -> Recovered {
    let mut recovered = Recovered::default();
    for (key, value) in snapshot {
        let Some(rest) = key.strip_prefix(JOURNAL_PREFIX) else {
            continue;
        };
        recovered.keys.push(key.clone());
        let Some((_tab, what)) = rest.split_once(':') else {
            continue;
        };
        if what == "index" {
            if let Ok(index) = serde_json::from_str::<StoredIndex>(value) {
                recovered.current = index.current;
                recovered.annotator = Some(index.annotator);
            }
        } else if what.starts_with("doc:") {
            let Ok(stored) = read_doc_entry(value) else {
                continue;
            };
            let now = revisions.get(&stored.entry.id).copied().unwrap_or(0);
            if now == stored.revision {
                recovered.docs.push(stored.entry);
            } else {
                recovered.later.push(stored.entry);
            }
        }
    }
    recovered
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::annotation::model::Annotated;
    use crate::core::schema::Label;
    use crate::core::text::document::Metadata;

    fn entry(id: &str, spans: usize) -> DocEntry {
        let mut doc = Annotated::new("one two three four five".into(), Metadata::default());
        for i in 0..spans {
            doc.annotate(i * 4, i * 4 + 3, Label::Party, false, 5)
                .unwrap();
        }
        DocEntry::new(id.into(), doc, "Ana".into(), 5)
    }

    #[test]
    fn unsaved_documents_come_back_at_their_base_revision_or_as_later() {
        let mut ws = Workspace::new(vec![entry("a", 1), entry("b", 2)], Some("b"), "Ana".into());
        ws.get_mut("a")
            .unwrap()
            .doc
            .annotate(8, 13, Label::Party, false, 6)
            .unwrap();
        ws.get_mut("b");
        let changes = ws.take_changes();
        let revisions = HashMap::from([("a".to_string(), 3), ("b".to_string(), 7)]);
        let journal = write_journal(&ws, &changes, &revisions, "t-1");
        assert_eq!(journal.len(), 3, "two documents and the index");
        assert!(journal
            .iter()
            .all(|(k, _)| k.starts_with("avow:v2:journal:t-1:")));

        // "a" is still at revision 3; "b" was saved again meanwhile (by this tab's commit or
        // another tab's).
        let now = HashMap::from([("a".to_string(), 3), ("b".to_string(), 8)]);
        let mut snapshot = journal.clone();
        snapshot.push(("avow:v1:index".into(), "{}".into()));
        let back = read_journal(&snapshot, &now);
        assert_eq!(back.docs.len(), 1);
        assert_eq!(back.docs[0].id, "a");
        assert_eq!(
            back.docs[0].doc.spans().len(),
            2,
            "the unsaved span is there"
        );
        assert_eq!(back.later.len(), 1);
        assert_eq!(back.later[0].id, "b");
        assert_eq!(back.current.as_deref(), Some("b"));
        assert_eq!(back.annotator.as_deref(), Some("Ana"));
        assert_eq!(back.keys.len(), 3, "only journal keys");
    }

    #[test]
    fn nothing_changed_writes_nothing_and_a_broken_entry_is_skipped() {
        let ws = Workspace::new(vec![entry("a", 1)], None, String::new());
        assert!(write_journal(&ws, &Changes::default(), &HashMap::new(), "t").is_empty());
        let snapshot = vec![("avow:v2:journal:t:doc:a".to_string(), "{broken".to_string())];
        let back = read_journal(&snapshot, &HashMap::new());
        assert!(back.docs.is_empty() && back.later.is_empty());
        assert_eq!(back.keys.len(), 1, "read, so removed");
    }

    #[test]
    fn a_document_never_stored_is_based_on_revision_zero() {
        let ws = Workspace::new(vec![entry("new", 1)], None, String::new());
        let changes = Changes {
            docs: ["new".to_string()].into(),
            ..Changes::default()
        };
        let journal = write_journal(&ws, &changes, &HashMap::new(), "t");
        let back = read_journal(&journal, &HashMap::new());
        assert_eq!(back.docs.len(), 1);
    }
}
