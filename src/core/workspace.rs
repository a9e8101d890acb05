//! The workspace: every document the annotator has open in this browser, with its status, and
//! the annotator's name.

use crate::core::annotation::model::Annotated;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
    /// Whether it has nothing on it: no spans and no relations, so no one's version of
    /// anything (an import of it adds nothing; an export leaves it unnamed).
    pub fn is_untouched(&self) -> bool {
        self.doc.spans().is_empty() && self.doc.relations().is_empty()
    }

    /// The entry as an export writes it: an unnamed entry with something on it is named for
    /// `annotator` (the workspace's); an untouched one stays unnamed, so a lead merging
    /// annotators' workspace files never takes the built-in sample for their version.
    pub fn stamped(&self, annotator: &str) -> DocEntry {
        let mut entry = self.clone();
        if entry.annotator.trim().is_empty() && !entry.is_untouched() {
            entry.annotator = annotator.to_string();
        }
        entry
    }

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

    /// Gives the document another title (its metadata's), keeping everything else: text,
    /// spans, relations, a gold version's record and the history.
    pub fn set_title(&mut self, title: String) {
        self.doc.put_title(title);
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

/// What the document list shows of a document, and what the index keeps of it, so the list is
/// drawn before any document's text is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSummary {
    pub id: String,
    /// The title as the list shows it ([`DocEntry::display_title`]).
    pub title: String,
    #[serde(with = "status_name")]
    pub status: DocStatus,
    pub annotator: String,
    pub created: i64,
    pub modified: i64,
    /// How many spans it has.
    pub spans: usize,
    /// How many relations it has (0 in an index written before relations were counted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub relations: usize,
    /// How long its text is, in code points.
    pub chars: usize,
    pub text_sha256: String,
    /// Whether it is a gold version (adjudicated).
    #[serde(default, skip_serializing_if = "is_false")]
    pub gold: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl DocSummary {
    /// The summary of a document in memory.
    pub fn of(entry: &DocEntry) -> Self {
        Self {
            id: entry.id.clone(),
            title: entry.display_title(),
            status: entry.status,
            annotator: entry.annotator.clone(),
            created: entry.created,
            modified: entry.modified,
            spans: entry.doc.spans().len(),
            relations: entry.doc.relations().len(),
            chars: entry.doc.doc().len_cp(),
            text_sha256: entry.text_sha256().to_string(),
            gold: entry.doc.gold().is_some(),
        }
    }
}

/// A status as files write it ([`DocStatus::name`]).
mod status_name {
    use super::DocStatus;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(status: &DocStatus, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(status.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DocStatus, D::Error> {
        let name = String::deserialize(d)?;
        Ok(DocStatus::from_name(&name).unwrap_or_default())
    }
}

/// One document of the workspace: in memory, or only summarised until it is opened (its text
/// and spans are in storage).
// A workspace holds hundreds of slots, not millions: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Slot {
    Loaded(DocEntry),
    Stored(DocSummary),
}

impl Slot {
    /// The document's id.
    pub fn id(&self) -> &str {
        match self {
            Slot::Loaded(entry) => &entry.id,
            Slot::Stored(summary) => &summary.id,
        }
    }

    /// What the list shows of it.
    pub fn summary(&self) -> DocSummary {
        match self {
            Slot::Loaded(entry) => DocSummary::of(entry),
            Slot::Stored(summary) => summary.clone(),
        }
    }

    /// The document, if it is in memory.
    pub fn entry(&self) -> Option<&DocEntry> {
        match self {
            Slot::Loaded(entry) => Some(entry),
            Slot::Stored(_) => None,
        }
    }
}

/// What changed in a workspace since its changes were last taken: what the autosave writes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Documents whose content, status or metadata changed (or that are new).
    pub docs: BTreeSet<String>,
    /// Documents removed from the workspace.
    pub removed: BTreeSet<String>,
    /// The index changed: the order, the open document, the annotator.
    pub index: bool,
    /// New documents an import brought, not changed since: the file still holds them, so the
    /// journal leaves them to the save (hundreds of them would hold the page while they are
    /// copied to localStorage, past what it takes).
    pub imported: BTreeSet<String>,
    /// Imported documents a save leaves for the next one (see
    /// `core::storage::plan::defer_imports`): out of its index until they are stored.
    pub deferred: BTreeSet<String>,
}

impl Changes {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.removed.is_empty() && !self.index
    }

    /// Adds `other` (changes not yet saved, put back after a failed save).
    pub fn merge(&mut self, other: Changes) {
        // A document stays "imported" only if neither side changed it since.
        let edited =
            |c: &Changes| -> BTreeSet<String> { c.docs.difference(&c.imported).cloned().collect() };
        let (mine, theirs) = (edited(self), edited(&other));
        self.imported.retain(|id| !theirs.contains(id));
        self.imported.extend(
            other
                .imported
                .iter()
                .filter(|id| !mine.contains(*id))
                .cloned(),
        );
        for id in other.removed {
            self.docs.remove(&id);
            self.removed.insert(id);
        }
        for id in other.docs {
            self.removed.remove(&id);
            self.docs.insert(id);
        }
        self.index |= other.index;
    }
}

/// Every document in this browser's workspace, one of them open (and so in memory). Every
/// change goes through a method that records it (see [`Workspace::take_changes`]): nothing
/// can change a document without the autosave knowing.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    slots: Vec<Slot>,
    current: usize,
    annotator: String,
    changes: Changes,
}

impl Workspace {
    /// A workspace of these documents, `current` open (the first when it is not among them).
    pub fn new(entries: Vec<DocEntry>, current: Option<&str>, annotator: String) -> Self {
        Self::with_slots(
            entries.into_iter().map(Slot::Loaded).collect(),
            current,
            annotator,
        )
    }

    /// A workspace of these slots, `current` open. The open one must be in memory: if it is
    /// not, the first one in memory is opened. `slots` must hold at least one loaded entry.
    pub fn with_slots(slots: Vec<Slot>, current: Option<&str>, annotator: String) -> Self {
        let loaded = |i: &usize| slots[*i].entry().is_some();
        let current = current
            .and_then(|id| slots.iter().position(|s| s.id() == id))
            .filter(loaded)
            .or_else(|| (0..slots.len()).find(loaded))
            .unwrap_or(0);
        Self {
            slots,
            current,
            annotator,
            changes: Changes::default(),
        }
    }

    /// Who annotates.
    pub fn annotator(&self) -> &str {
        &self.annotator
    }

    /// Sets who annotates.
    pub fn set_annotator(&mut self, name: String) {
        if self.annotator != name {
            self.annotator = name;
            self.changes.index = true;
        }
    }

    /// The documents in memory, in list order.
    pub fn entries(&self) -> impl Iterator<Item = &DocEntry> {
        self.slots.iter().filter_map(Slot::entry)
    }

    /// The ids of the documents not in memory.
    pub fn stored_ids(&self) -> Vec<String> {
        self.slots
            .iter()
            .filter(|s| s.entry().is_none())
            .map(|s| s.id().to_string())
            .collect()
    }

    /// The documents not in memory whose text is `sha256` (versions of a text still to read).
    pub fn stored_ids_with_text(&self, sha256: &str) -> Vec<String> {
        self.slots
            .iter()
            .filter_map(|s| match s {
                Slot::Stored(summary) if summary.text_sha256 == sha256 => Some(summary.id.clone()),
                _ => None,
            })
            .collect()
    }

    /// What the list shows of every document.
    pub fn summaries(&self) -> Vec<DocSummary> {
        self.slots.iter().map(Slot::summary).collect()
    }

    /// A fingerprint of every document as the list knows it (id, text, annotator, counts,
    /// last edit): what was drawn from the documents is stale when it changes.
    pub fn stamp(&self) -> u64 {
        let mut all = String::new();
        for s in self.slots.iter().map(Slot::summary) {
            all.push_str(&format!(
                "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{1}",
                s.id, s.text_sha256, s.annotator, s.modified, s.spans, s.relations
            ));
        }
        crate::core::text::hash::fnv64(all.as_bytes())
    }

    fn slot(&self, id: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.id() == id)
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.slots.iter().position(|s| s.id() == id)
    }

    /// Whether there is a document with this id (in memory or not).
    pub fn contains(&self, id: &str) -> bool {
        self.position(id).is_some()
    }

    /// The open document. A workspace always has one (see [`Workspace::remove`]), in memory.
    pub fn current(&self) -> &DocEntry {
        match &self.slots[self.current] {
            Slot::Loaded(entry) => entry,
            Slot::Stored(_) => unreachable!("the open document is always in memory"),
        }
    }

    /// The open document, to change (recorded as changed).
    pub fn current_mut(&mut self) -> &mut DocEntry {
        let index = self.current;
        self.entry_mut_at(index)
            .expect("the open document is always in memory")
    }

    fn entry_mut_at(&mut self, index: usize) -> Option<&mut DocEntry> {
        match self.slots.get_mut(index)? {
            Slot::Loaded(entry) => {
                self.changes.docs.insert(entry.id.clone());
                self.changes.imported.remove(&entry.id);
                Some(entry)
            }
            Slot::Stored(_) => None,
        }
    }

    /// The document with this id, if it is in memory.
    pub fn get(&self, id: &str) -> Option<&DocEntry> {
        self.slot(id).and_then(Slot::entry)
    }

    /// The document with this id, to change (recorded as changed); `None` if it is not in
    /// memory.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut DocEntry> {
        let index = self.position(id)?;
        self.entry_mut_at(index)
    }

    /// Marks a document done or in progress; false if that is what it was (nothing changes
    /// then) or it is not in memory.
    pub fn set_status(&mut self, id: &str, status: DocStatus) -> bool {
        if self.get(id).is_none_or(|e| e.status == status) {
            return false;
        }
        self.get_mut(id).map(|e| e.status = status).is_some()
    }

    /// Gives a document another title (its metadata's), at `now`; false if it had that one
    /// or it is not in memory.
    pub fn rename(&mut self, id: &str, title: String, now: i64) -> bool {
        if self.get(id).is_none_or(|e| e.doc.meta().title == title) {
            return false;
        }
        let Some(entry) = self.get_mut(id) else {
            return false;
        };
        entry.set_title(title);
        entry.modified = now;
        true
    }

    /// Takes the annotator's name as stored by another tab (not a change).
    pub fn adopt_annotator(&mut self, name: String) {
        self.annotator = name;
    }

    /// Whether a document has changes not yet taken by the autosave.
    pub fn is_changed(&self, id: &str) -> bool {
        self.changes.docs.contains(id)
    }

    /// Puts a document read from storage in memory in place of its summary (not a change).
    /// False if there is no such document.
    pub fn load(&mut self, entry: DocEntry) -> bool {
        match self.position(&entry.id) {
            Some(i) => {
                self.slots[i] = Slot::Loaded(entry);
                true
            }
            None => false,
        }
    }

    /// Takes a change made elsewhere (another tab): the document as stored, or only its
    /// summary when it is not in memory here. Not recorded as a change; a document taken as
    /// stored has no unsaved change left here (the user chose the other tab's version).
    pub fn refresh(&mut self, slot: Slot) -> bool {
        let Some(i) = self.position(slot.id()) else {
            return false;
        };
        if i == self.current && slot.entry().is_none() {
            return false;
        }
        if slot.entry().is_some() {
            self.changes.docs.remove(slot.id());
        }
        self.slots[i] = match (&self.slots[i], slot) {
            (Slot::Loaded(_), Slot::Stored(_)) => return false,
            (_, slot) => slot,
        };
        true
    }

    /// Opens the document with this id; false if there is none or it is not in memory.
    pub fn switch_to(&mut self, id: &str) -> bool {
        match self.position(id) {
            Some(i) if self.slots[i].entry().is_some() => {
                if self.current != i {
                    self.current = i;
                    self.changes.index = true;
                }
                true
            }
            _ => false,
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
        if self.contains(&entry.id) {
            entry.id = fresh_id;
        }
        self.insert_slot(Slot::Loaded(entry), index);
        self.changes.index = true;
        self.current()
    }

    /// Adds a document an import brought ([`Workspace::insert`] at the end), marked as such
    /// until it is changed (see [`Changes::imported`]).
    pub fn insert_imported(&mut self, entry: DocEntry, fresh_id: String) {
        let id = self.insert(entry, None, fresh_id).id.clone();
        self.changes.imported.insert(id);
    }

    /// Adds a document (from storage, written by another tab) without opening it; not a
    /// change. False if its id is taken.
    pub fn add_stored(&mut self, slot: Slot) -> bool {
        if self.contains(slot.id()) {
            return false;
        }
        let current = self.current;
        self.slots.push(slot);
        self.current = current;
        true
    }

    fn insert_slot(&mut self, slot: Slot, index: Option<usize>) {
        let at = index.unwrap_or(self.slots.len()).min(self.slots.len());
        let id = slot.id().to_string();
        self.slots.insert(at, slot);
        self.current = at;
        self.changes.removed.remove(&id);
        self.changes.docs.insert(id);
    }

    /// Replaces the document with this id (keeping its place), and opens it.
    pub fn replace(&mut self, id: &str, mut entry: DocEntry) -> bool {
        match self.position(id) {
            Some(i) => {
                entry.id = id.to_string();
                self.slots[i] = Slot::Loaded(entry);
                self.current = i;
                self.changes.docs.insert(id.to_string());
                self.changes.index = true;
                true
            }
            None => false,
        }
    }

    /// Removes a document and returns it with its place. The last document cannot be removed
    /// (there is always one open); `None` then. Only documents in memory are removed (so that
    /// they can be brought back).
    pub fn remove(&mut self, id: &str) -> Option<(DocEntry, usize)> {
        if self.slots.len() <= 1 {
            return None;
        }
        let i = self.position(id)?;
        self.slots[i].entry()?;
        if i == self.current && self.loaded_count() <= 1 {
            return None;
        }
        let Slot::Loaded(entry) = self.remove_at(i) else {
            return None;
        };
        self.changes.docs.remove(id);
        self.changes.removed.insert(id.to_string());
        self.changes.index = true;
        Some((entry, i))
    }

    /// The document that must be read before `id` can be removed: when `id` is the open one
    /// and no other is in memory, its nearest neighbour (before it, else after), which opens
    /// in its place.
    pub fn to_read_before_removing(&self, id: &str) -> Option<String> {
        let i = self.position(id)?;
        if i != self.current || self.loaded_count() > 1 {
            return None;
        }
        let j = if i > 0 { i - 1 } else { i + 1 };
        self.slots.get(j).map(|s| s.id().to_string())
    }

    fn loaded_count(&self) -> usize {
        self.slots.iter().filter(|s| s.entry().is_some()).count()
    }

    /// Removes a document deleted elsewhere (another tab); not recorded as a change.
    pub fn forget(&mut self, id: &str) -> bool {
        if self.slots.len() <= 1 {
            return false;
        }
        let Some(i) = self.position(id) else {
            return false;
        };
        if i == self.current && self.loaded_count() <= 1 {
            return false; // the open one stays, as nothing else is in memory to open
        }
        self.remove_at(i);
        true
    }

    /// Removes slot `i`, keeping a document in memory open.
    fn remove_at(&mut self, i: usize) -> Slot {
        let was_current = i == self.current;
        let slot = self.slots.remove(i);
        if self.current > i {
            self.current -= 1;
        }
        if was_current {
            // The nearest document in memory before it, else after it.
            let before = (0..i.min(self.slots.len())).rev();
            let after = i..self.slots.len();
            self.current = before
                .chain(after)
                .find(|&j| self.slots[j].entry().is_some())
                .unwrap_or(0);
        }
        slot
    }

    /// The documents whose text is exactly `text` (compared by SHA-256).
    pub fn same_text(&self, sha256: &str) -> Vec<DocSummary> {
        self.slots
            .iter()
            .map(Slot::summary)
            .filter(|s| s.text_sha256 == sha256)
            .collect()
    }

    /// The ids in list order.
    pub fn order(&self) -> Vec<String> {
        self.slots.iter().map(|s| s.id().to_string()).collect()
    }

    /// Whether anything changed since the changes were last taken.
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// What changed and is not yet taken by the autosave.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// Takes a document recovered from a closed page's journal as a change: in place of the
    /// stored one with its id (the open document stays open), or added at the end.
    pub fn recover(&mut self, entry: DocEntry) {
        let id = entry.id.clone();
        match self.position(&id) {
            Some(i) => self.slots[i] = Slot::Loaded(entry),
            None => {
                self.slots.push(Slot::Loaded(entry));
                self.changes.index = true;
            }
        }
        self.changes.docs.insert(id);
    }

    /// What changed since this was last called (the autosave writes it).
    pub fn take_changes(&mut self) -> Changes {
        std::mem::take(&mut self.changes)
    }

    /// Puts back changes a save could not write, so the next save writes them.
    pub fn restore_changes(&mut self, changes: Changes) {
        let newer = std::mem::take(&mut self.changes);
        self.changes = changes;
        self.changes.merge(newer);
    }
}

/// The longest document id an import keeps.
pub const DOC_ID_MAX: usize = 64;

/// Whether a document id from a file is kept as it is: 1 to [`DOC_ID_MAX`] ASCII letters,
/// digits, `-`, `_` and `.`, beginning with a letter or a digit (as every id Avow issues). Any
/// other is re-issued on import: ids are data, never markup or a piece of another key.
pub fn is_doc_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= DOC_ID_MAX
        && id.as_bytes()[0].is_ascii_alphanumeric()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
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
    use crate::core::text::document::Metadata;
    use crate::core::text::hash::sha256_hex;

    #[test]
    fn a_rename_keeps_the_relations_and_the_history() {
        use crate::core::annotation::span::SpanId;
        use crate::core::schema::{Label, RelationKind};
        let mut doc = Annotated::new("Japan will act.".into(), Metadata::default());
        doc.annotate(0, 5, Label::Party, true, 1).unwrap();
        doc.annotate(6, 15, Label::Commitment, true, 2).unwrap();
        let (party, act) = (SpanId(1), SpanId(2));
        doc.link(act, party, RelationKind::Committer, 3).unwrap();
        let mut ws = Workspace::new(
            vec![DocEntry::new("a".into(), doc, String::new(), 1)],
            None,
            String::new(),
        );
        assert!(ws.rename("a", "Renamed".into(), 4));
        let entry = ws.current();
        assert_eq!(entry.doc.meta().title, "Renamed");
        assert_eq!(entry.doc.relations().len(), 1);
        assert!(entry.doc.history().undo_description().is_some());
    }

    #[test]
    fn the_open_document_is_removed_once_a_neighbour_is_read() {
        let entry = |id: &str| {
            let doc = Annotated::new(format!("text of {id}"), Metadata::default());
            DocEntry::new(id.into(), doc, String::new(), 1)
        };
        // "a" open, "b" listed but not read yet.
        let mut ws = Workspace::with_slots(
            vec![
                Slot::Loaded(entry("a")),
                Slot::Stored(DocSummary::of(&entry("b"))),
            ],
            Some("a"),
            String::new(),
        );
        assert!(
            ws.remove("a").is_none(),
            "nothing in memory to open in its place"
        );
        assert_eq!(ws.to_read_before_removing("a").as_deref(), Some("b"));
        assert_eq!(ws.to_read_before_removing("b"), None);
        assert!(ws.load(entry("b")));
        assert_eq!(ws.to_read_before_removing("a"), None);
        assert!(ws.remove("a").is_some());
        assert_eq!(ws.current().id, "b");
    }

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
    fn an_export_names_a_version_for_the_annotator_but_never_an_untouched_text() {
        use crate::core::schema::Label;
        let untouched = doc("a", "The two leaders met.");
        assert_eq!(untouched.stamped("ana").annotator, "", "no one's version");
        let mut annotated = doc("b", "The two leaders met.");
        annotated
            .doc
            .annotate(4, 15, Label::Party, false, 0)
            .unwrap();
        assert_eq!(annotated.stamped("ana").annotator, "ana");
        // A version someone else made stays theirs.
        annotated.annotator = "ben".into();
        assert_eq!(annotated.stamped("ana").annotator, "ben");
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

    /// The record of changes, after each kind of change.
    fn changed(ws: &mut Workspace) -> (Vec<String>, Vec<String>, bool) {
        let c = ws.take_changes();
        (
            c.docs.into_iter().collect(),
            c.removed.into_iter().collect(),
            c.index,
        )
    }

    #[test]
    fn every_change_is_recorded_against_exactly_its_document() {
        use crate::core::schema::{Attribute, Label};
        use crate::core::text::document::MetaField;
        let mut ws = Workspace::new(
            vec![doc("a", "The parties will meet."), doc("b", "two")],
            Some("a"),
            "Ana".into(),
        );
        let none = (vec![], vec![], false);
        assert_eq!(
            changed(&mut ws),
            none,
            "a new workspace has nothing to save"
        );
        let only_a = (vec!["a".to_string()], vec![], false);
        // Every kind of edit of the open document.
        let id = ws
            .current_mut()
            .doc
            .annotate(12, 16, Label::Commitment, false, 1)
            .unwrap()
            .select
            .unwrap();
        assert_eq!(changed(&mut ws), only_a, "label");
        ws.current_mut().doc.relabel(id, Label::Stance, 2).unwrap();
        assert_eq!(changed(&mut ws), only_a, "relabel");
        ws.current_mut()
            .doc
            .set_attribute(id, Attribute::Committer, Some("joint"), 3)
            .unwrap();
        assert_eq!(changed(&mut ws), only_a, "attribute");
        ws.current_mut().doc.set_note(id, "n".into(), 4).unwrap();
        assert_eq!(changed(&mut ws), only_a, "note");
        ws.current_mut()
            .doc
            .set_meta(MetaField::Publisher, "P".into(), 5);
        assert_eq!(changed(&mut ws), only_a, "metadata");
        ws.current_mut().doc.undo();
        assert_eq!(changed(&mut ws), only_a, "undo");
        ws.current_mut().doc.redo();
        assert_eq!(changed(&mut ws), only_a, "redo");
        ws.current_mut().doc.delete(id, 6).unwrap();
        assert_eq!(changed(&mut ws), only_a, "delete");
        // Workspace changes.
        let only_b = (vec!["b".to_string()], vec![], false);
        assert!(ws.set_status("b", DocStatus::Done));
        assert_eq!(changed(&mut ws), only_b, "status");
        assert!(!ws.set_status("b", DocStatus::Done));
        assert_eq!(changed(&mut ws), none, "the same status is no change");
        assert!(ws.rename("b", "Two".into(), 9));
        assert_eq!(changed(&mut ws), only_b, "rename");
        assert!(!ws.rename("b", "Two".into(), 9));
        assert_eq!(changed(&mut ws), none);
        ws.set_annotator("Ben".into());
        assert_eq!(changed(&mut ws), (vec![], vec![], true), "annotator");
        assert!(ws.switch_to("b"));
        assert_eq!(
            changed(&mut ws),
            (vec![], vec![], true),
            "the open document"
        );
        ws.insert(doc("c", "three"), None, "c2".into());
        assert_eq!(changed(&mut ws), (vec!["c".into()], vec![], true), "insert");
        assert!(ws.replace("a", doc("x", "four")));
        assert_eq!(
            changed(&mut ws),
            (vec!["a".into()], vec![], true),
            "replace"
        );
        ws.remove("c").unwrap();
        assert_eq!(changed(&mut ws), (vec![], vec!["c".into()], true), "remove");
        // What another tab stored is not a change here (it would be saved back).
        assert!(ws.refresh(Slot::Loaded(doc("b", "newer"))));
        assert!(ws.add_stored(Slot::Loaded(doc("d", "from the other tab"))));
        assert!(ws.forget("d"));
        ws.adopt_annotator("Cy".into());
        assert_eq!(changed(&mut ws), none, "changes from elsewhere");
    }

    #[test]
    fn changes_a_save_could_not_write_are_put_back_under_newer_ones() {
        let mut ws = Workspace::new(vec![doc("a", "one"), doc("b", "two")], None, String::new());
        ws.set_status("a", DocStatus::Done);
        let failed = ws.take_changes();
        ws.remove("b");
        ws.restore_changes(failed);
        let c = ws.take_changes();
        assert_eq!(c.docs.into_iter().collect::<Vec<_>>(), vec!["a"]);
        assert_eq!(c.removed.into_iter().collect::<Vec<_>>(), vec!["b"]);
        assert!(c.index);
    }

    #[test]
    fn documents_not_in_memory_are_listed_from_their_summaries() {
        let open = doc("a", "one");
        let mut stored = DocSummary::of(&doc("b", "two"));
        stored.title = "Second".into();
        let mut ws = Workspace::with_slots(
            vec![Slot::Stored(stored.clone()), Slot::Loaded(open)],
            Some("b"),
            String::new(),
        );
        assert_eq!(ws.current().id, "a", "the open one is one in memory");
        assert_eq!(ws.summaries()[0], stored);
        assert_eq!(ws.stored_ids(), vec!["b"]);
        assert!(ws.get("b").is_none() && ws.contains("b"));
        assert!(!ws.switch_to("b"), "it must be read first");
        assert!(!ws.set_status("b", DocStatus::Done));
        assert!(
            ws.remove("a").is_none(),
            "the only one in memory stays open"
        );
        assert!(ws.load(doc("b", "two")));
        assert!(ws.switch_to("b"));
        assert_eq!(ws.same_text(&sha256_hex("two")).len(), 1);
    }

    #[test]
    fn a_recovered_document_is_a_change_and_the_open_one_stays_open() {
        let stored = DocSummary::of(&doc("b", "two"));
        let mut ws = Workspace::with_slots(
            vec![Slot::Loaded(doc("a", "one")), Slot::Stored(stored)],
            Some("a"),
            String::new(),
        );
        ws.recover(doc("b", "two, edited"));
        ws.recover(doc("c", "three"));
        assert_eq!(ws.current().id, "a");
        assert_eq!(
            ws.get("b").unwrap().doc.doc().text().as_str(),
            "two, edited"
        );
        assert_eq!(ws.order(), vec!["a", "b", "c"]);
        let changes = ws.take_changes();
        assert_eq!(changes.docs.len(), 2);
        assert!(changes.index, "a new document changes the index");
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
