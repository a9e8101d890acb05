//! The workspace: every document the annotator has open in this browser, with its status, and
//! the annotator's name.

pub use crate::core::document::sha256_hex;
use crate::core::model::Annotated;

/// Whether the annotator has finished a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DocStatus {
    #[default]
    InProgress,
    Done,
}

impl DocStatus {
    /// As files write it.
    pub fn name(self) -> &'static str {
        match self {
            DocStatus::InProgress => "in_progress",
            DocStatus::Done => "done",
        }
    }

    /// Parses [`DocStatus::name`].
    pub fn from_name(name: &str) -> Option<DocStatus> {
        match name {
            "in_progress" => Some(DocStatus::InProgress),
            "done" => Some(DocStatus::Done),
            _ => None,
        }
    }
}

/// One document of the workspace.
#[derive(Clone, Debug)]
pub struct DocEntry {
    /// Stable within the workspace, e.g. `d-m3x1k2-4f9a`.
    pub id: String,
    pub doc: Annotated,
    pub status: DocStatus,
    /// Who annotated it (stamped when they edit it).
    pub annotator: String,
    /// Milliseconds since the epoch.
    pub created: i64,
    pub modified: i64,
}

impl DocEntry {
    /// A new entry for `doc`, made now.
    pub fn new(id: String, doc: Annotated, annotator: String, now: i64) -> Self {
        Self {
            id,
            doc,
            status: DocStatus::InProgress,
            annotator,
            created: now,
            modified: now,
        }
    }

    /// The SHA-256 of the text, in lowercase hex.
    pub fn text_sha256(&self) -> &str {
        self.doc.doc().sha256()
    }

    /// The title, or a stand-in when there is none.
    pub fn display_title(&self) -> String {
        let title = self.doc.meta().title.trim();
        if title.is_empty() {
            "Untitled".into()
        } else {
            title.to_string()
        }
    }
}

/// Every document open in this browser, one of them current.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    entries: Vec<DocEntry>,
    current: usize,
    pub annotator: String,
}

impl Workspace {
    /// A workspace of these documents, `current` open (the first when it is not among them).
    pub fn new(entries: Vec<DocEntry>, current: Option<&str>, annotator: String) -> Self {
        let current = current
            .and_then(|id| entries.iter().position(|e| e.id == id))
            .unwrap_or(0);
        Self {
            entries,
            current,
            annotator,
        }
    }

    /// The documents, in list order.
    pub fn entries(&self) -> &[DocEntry] {
        &self.entries
    }

    /// The open document. A workspace always has one (see [`Workspace::remove`]).
    pub fn current(&self) -> &DocEntry {
        &self.entries[self.current]
    }

    /// The open document, to change.
    pub fn current_mut(&mut self) -> &mut DocEntry {
        &mut self.entries[self.current]
    }

    /// The document with this id.
    pub fn get(&self, id: &str) -> Option<&DocEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The document with this id, to change.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut DocEntry> {
        self.entries.iter_mut().find(|e| e.id == id)
    }

    /// Opens the document with this id; false if there is none.
    pub fn switch_to(&mut self, id: &str) -> bool {
        match self.entries.iter().position(|e| e.id == id) {
            Some(i) => {
                self.current = i;
                true
            }
            None => false,
        }
    }

    /// Adds a document at `index` (clamped), or at the end, and opens it. An id already in use
    /// is replaced by `fresh_id`.
    pub fn insert(
        &mut self,
        mut entry: DocEntry,
        index: Option<usize>,
        fresh_id: String,
    ) -> &DocEntry {
        if self.get(&entry.id).is_some() {
            entry.id = fresh_id;
        }
        let at = index.unwrap_or(self.entries.len()).min(self.entries.len());
        self.entries.insert(at, entry);
        self.current = at;
        &self.entries[at]
    }

    /// Replaces the document with this id (keeping its place), and opens it.
    pub fn replace(&mut self, id: &str, mut entry: DocEntry) -> bool {
        match self.entries.iter().position(|e| e.id == id) {
            Some(i) => {
                entry.id = id.to_string();
                self.entries[i] = entry;
                self.current = i;
                true
            }
            None => false,
        }
    }

    /// Removes a document and returns it with its place. The last document cannot be removed
    /// (there is always one open); `None` then.
    pub fn remove(&mut self, id: &str) -> Option<(DocEntry, usize)> {
        if self.entries.len() <= 1 {
            return None;
        }
        let i = self.entries.iter().position(|e| e.id == id)?;
        let entry = self.entries.remove(i);
        if self.current > i || self.current >= self.entries.len() {
            self.current = self.current.saturating_sub(1);
        }
        Some((entry, i))
    }

    /// The documents whose text is exactly `text` (compared by SHA-256).
    pub fn same_text(&self, sha256: &str) -> Vec<&DocEntry> {
        self.entries
            .iter()
            .filter(|e| e.text_sha256() == sha256)
            .collect()
    }

    /// The ids in list order.
    pub fn order(&self) -> Vec<String> {
        self.entries.iter().map(|e| e.id.clone()).collect()
    }
}

/// A new document id from the time and a random number (the caller supplies both, so the core
/// stays deterministic in tests).
pub fn new_doc_id(now: i64, random: u32) -> String {
    format!("d-{}-{:04x}", to_base36(now.max(0) as u64), random & 0xffff)
}

fn to_base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A file name part from free text: lowercase ASCII letters and digits joined by hyphens.
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The file name of one document's Avow file: title, annotator and date.
pub fn doc_file_name(entry: &DocEntry, annotator: &str, now: i64) -> String {
    export_file_name(entry, annotator, now, "avow.json")
}

/// The file name of one document's export with the extension `ext` (`w3c.jsonld`,
/// `brat.zip`, …): title, annotator and date, so two colleagues' files never share a name.
pub fn export_file_name(entry: &DocEntry, annotator: &str, now: i64, ext: &str) -> String {
    let mut parts = vec![match slug(&entry.display_title(), 60) {
        s if s.is_empty() => "document".to_string(),
        s => s,
    }];
    let who = slug(annotator, 30);
    if !who.is_empty() {
        parts.push(who);
    }
    parts.push(crate::core::time::date_from_ms(now));
    format!("{}.{ext}", parts.join("_"))
}

/// The file name of a whole-workspace file.
pub fn workspace_file_name(annotator: &str, now: i64) -> String {
    let who = slug(annotator, 30);
    let date = crate::core::time::date_from_ms(now);
    if who.is_empty() {
        format!("avow-workspace_{date}.json")
    } else {
        format!("avow-workspace_{who}_{date}.json")
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::document::Metadata;

    #[test]
    fn sha256_of_known_texts() {
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn file_names_say_title_annotator_and_date() {
        let doc = Annotated::new(
            "x".into(),
            Metadata {
                title: "United States–Japan Joint Leaders' Statement".into(),
                ..Metadata::default()
            },
        );
        let entry = DocEntry::new("d-1".into(), doc, String::new(), 0);
        assert_eq!(
            doc_file_name(&entry, "Ana Müller", 1_738_940_645_123),
            "united-states-japan-joint-leaders-statement_ana-m-ller_2025-02-07.avow.json"
        );
        assert_eq!(workspace_file_name("", 0), "avow-workspace_1970-01-01.json");
        assert_eq!(slug("  --  ", 10), "");
    }

    fn doc(id: &str, text: &str) -> DocEntry {
        DocEntry::new(
            id.into(),
            Annotated::new(text.into(), Metadata::default()),
            String::new(),
            0,
        )
    }

    #[test]
    fn a_workspace_always_has_a_current_document() {
        let mut ws = Workspace::new(
            vec![doc("a", "one"), doc("b", "two")],
            Some("b"),
            "Ana".into(),
        );
        assert_eq!(ws.current().id, "b");
        assert_eq!(
            ws.remove("b").map(|(e, i)| (e.id, i)),
            Some(("b".to_string(), 1))
        );
        assert_eq!(ws.current().id, "a");
        assert!(ws.remove("a").is_none(), "the last document stays");
        ws.insert(doc("a", "three"), None, "c".into());
        assert_eq!(ws.order(), vec!["a", "c"], "a taken id is replaced");
        assert_eq!(ws.current().id, "c");
        assert!(ws.switch_to("a"));
        assert_eq!(ws.same_text(&sha256_hex("three")).len(), 1);
        assert!(ws.replace("c", doc("x", "four")));
        assert_eq!(ws.current().doc.doc().as_str(), "four");
        assert_eq!(ws.current().id, "c");
        let unknown = Workspace::new(vec![doc("a", "one")], Some("zz"), String::new());
        assert_eq!(unknown.current().id, "a");
    }

    #[test]
    fn ids_are_short_and_distinct() {
        assert_eq!(new_doc_id(0, 0x1234), "d-0-1234");
        assert_ne!(
            new_doc_id(1_700_000_000_000, 1),
            new_doc_id(1_700_000_000_000, 2)
        );
        assert_eq!(
            DocStatus::from_name(DocStatus::Done.name()),
            Some(DocStatus::Done)
        );
    }
}
