//! Autosave: every change is written to the browser's storage within a fraction of a second
//! (and at once when the page is hidden), with a revision per document so that a change made in
//! another tab is shown here, or the user is asked, and never silently overwritten.

use crate::browser::storage::{self, WriteError};
use crate::core::persist::{
    self, assemble, doc_key, manifest_parts, part_key, read_doc_entry, rev_key, Damaged,
    EntryParts, EntryWriter, StoredDoc, StoredIndex, DOC_PREFIX, INDEX_KEY,
};
use crate::core::workspace::{DocEntry, Workspace};
use crate::ui::state::{now, Editor, Notice};
use leptos::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use wasm_bindgen::JsCast;

/// How long after a change it is written (typing merges into one write).
pub const SAVE_DELAY_MS: u32 = 250;
/// The longest a change waits while more keep coming (so steady typing is saved too).
pub const SAVE_MAX_WAIT_MS: f64 = 1000.0;
/// Once due, a save waits for an idle moment of the page, but no longer than this.
pub const SAVE_IDLE_WAIT_MS: u32 = 500;

/// What the autosave knows: which documents have unsaved changes, the revision of each as last
/// read or written here, and what went wrong.
#[derive(Clone, Copy)]
pub struct Saver {
    /// This tab's id, written with each save.
    tab: StoredValue<String>,
    dirty: StoredValue<BTreeSet<String>>,
    index_dirty: StoredValue<bool>,
    revisions: StoredValue<HashMap<String, u64>>,
    /// Bumped by each change; a scheduled save runs only if no change came after it.
    generation: StoredValue<u64>,
    /// When the oldest unsaved change was made.
    pending_since: StoredValue<Option<f64>>,
    /// Storage refused a write for lack of space: work is kept in memory only.
    pub storage_full: RwSignal<bool>,
    /// Entries that could not be read, kept as they are.
    pub damaged: RwSignal<Vec<Damaged>>,
    /// A document changed in another tab while it had unsaved changes here.
    pub conflict: RwSignal<Option<String>>,
    /// The document deleted last, with its place, for Undo.
    pub last_deleted: StoredValue<Option<(DocEntry, usize)>>,
    /// Writes entries, remembering each span's JSON between saves.
    writer: StoredValue<EntryWriter>,
    /// Persistent storage was asked for (see `ask_to_persist_once`).
    persist_asked: StoredValue<bool>,
}

impl Default for Saver {
    fn default() -> Self {
        Self::new()
    }
}

impl Saver {
    /// Nothing saved yet.
    pub fn new() -> Self {
        let tab = format!(
            "t-{:08x}",
            (js_sys::Math::random() * 4_294_967_296.0) as u32
        );
        Self {
            tab: StoredValue::new(tab),
            dirty: StoredValue::new(BTreeSet::new()),
            index_dirty: StoredValue::new(false),
            revisions: StoredValue::new(HashMap::new()),
            generation: StoredValue::new(0),
            pending_since: StoredValue::new(None),
            storage_full: RwSignal::new(false),
            damaged: RwSignal::new(Vec::new()),
            conflict: RwSignal::new(None),
            last_deleted: StoredValue::new(None),
            writer: StoredValue::new(EntryWriter::default()),
            persist_asked: StoredValue::new(false),
        }
    }

    /// Notes that a document is to be written again (this tab's version kept in a conflict),
    /// and schedules a save.
    fn mark_dirty(&self, editor: Editor, id: &str) {
        self.dirty.update_value(|d| {
            d.insert(id.to_string());
        });
        self.schedule(editor);
    }

    /// A deleted document: its entry goes from storage.
    fn forget_doc(&self, id: &str) {
        self.dirty.update_value(|d| {
            d.remove(id);
        });
        self.revisions.update_value(|r| {
            r.remove(id);
        });
        self.writer.update_value(|w| w.forget(id));
        for name in stored_parts(&doc_key(id)) {
            storage::remove(&part_key(id, &name));
        }
        storage::remove(&doc_key(id));
        storage::remove(&rev_key(id));
        self.index_dirty.set_value(true);
    }

    /// Schedules a save of what the workspace recorded as changed (`Editor` calls this after
    /// every change).
    pub fn schedule(&self, editor: Editor) {
        // A save never runs inside an edit: it waits for a pause in the changes, but no longer
        // than SAVE_MAX_WAIT_MS after the first unsaved one; then for an idle moment, so that
        // it never delays the frame that shows the next edit.
        let now = js_sys::Date::now();
        let since = *self.pending_since.get_value().get_or_insert(now);
        self.pending_since.set_value(Some(since));
        let delay = f64::from(SAVE_DELAY_MS).min((since + SAVE_MAX_WAIT_MS - now).max(0.0));
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        let saver = *self;
        gloo::timers::callback::Timeout::new(delay as u32, move || {
            if saver.generation.get_value() == generation {
                saver.flush_when_idle(editor);
            }
        })
        .forget();
    }

    /// Writes what is unsaved at the page's next idle moment (at once where the browser has no
    /// idle callbacks). A change made meanwhile is written too.
    fn flush_when_idle(&self, editor: Editor) {
        let saver = *self;
        let flush = move || {
            if saver.pending_since.get_value().is_some() {
                saver.flush(editor);
            }
        };
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(SAVE_IDLE_WAIT_MS);
        let asked = web_sys::window().and_then(|w| {
            let callback = wasm_bindgen::closure::Closure::once_into_js(flush);
            w.request_idle_callback_with_options(callback.unchecked_ref(), &options)
                .ok()
        });
        if asked.is_none() {
            flush();
        }
    }

    /// Writes every unsaved change now.
    pub fn flush(&self, editor: Editor) {
        self.pending_since.set_value(None);
        let changes = editor.take_changes();
        self.dirty.update_value(|d| d.extend(changes.docs));
        for id in &changes.removed {
            self.forget_doc(id);
        }
        if changes.index {
            self.index_dirty.set_value(true);
        }
        // A document saved for the first time goes into the index; and when the index is
        // written, every document it names is stored too, so it never names a missing entry.
        let unknown: Vec<String> = editor.with_workspace(|w| {
            self.revisions.with_value(|r| {
                w.order()
                    .into_iter()
                    .filter(|id| !r.contains_key(id))
                    .collect()
            })
        });
        if self
            .dirty
            .with_value(|d| unknown.iter().any(|id| d.contains(id)))
        {
            self.index_dirty.set_value(true);
        }
        if self.index_dirty.get_value() {
            self.dirty.update_value(|d| d.extend(unknown));
        }
        let ids: Vec<String> = self.dirty.with_value(|d| d.iter().cloned().collect());
        for id in ids {
            if self.conflict.get_untracked().as_deref() == Some(id.as_str()) {
                continue; // the user decides first
            }
            let key = doc_key(&id);
            let known = self.revisions.with_value(|r| r.get(&id).copied());
            let stored = stored_revision(&id);
            if stored.is_some() && stored != known {
                // Another tab saved this document since this tab read it.
                self.conflict.set(Some(id));
                continue;
            }
            let revision = known.unwrap_or(0) + 1;
            let tab = self.tab.get_value();
            let written = editor.with_workspace(|w| {
                w.get(&id).map(|e| {
                    // What is stored already need not be built again.
                    let stored = stored_parts(&key);
                    let parts = self
                        .writer
                        .try_update_value(|writer| writer.write_parts(e, revision, &tab, &stored));
                    parts
                        .map_or(Ok(()), |parts| store_parts(&id, &key, &stored, &parts))
                        .and_then(|()| storage::write(&rev_key(&id), &revision))
                })
            });
            let Some(written) = written else {
                self.dirty.update_value(|d| {
                    d.remove(&id);
                });
                continue;
            };
            match written {
                Ok(()) => {
                    self.revisions.update_value(|r| {
                        r.insert(id.clone(), revision);
                    });
                    self.dirty.update_value(|d| {
                        d.remove(&id);
                    });
                }
                Err(error) => return self.failed(editor, error),
            }
        }
        if self.index_dirty.get_value() {
            let index = editor.with_workspace(|w| {
                StoredIndex::new(w.annotator(), w.order(), Some(w.current().id.clone())).to_json()
            });
            match storage::write_json(INDEX_KEY, &index) {
                Ok(()) => self.index_dirty.set_value(false),
                Err(error) => return self.failed(editor, error),
            }
        }
        crate::browser::crash::note_saved();
        self.ask_to_persist_once();
        if self.storage_full.get_untracked() {
            self.storage_full.set(false);
            editor.tell(Notice::Info(
                "Storage has room again: all your work is saved.".into(),
            ));
        }
    }

    /// Once the workspace holds real work (something was saved), asks the browser to keep
    /// this site's storage even when space runs short; once per page load.
    fn ask_to_persist_once(&self) {
        if self.persist_asked.get_value() {
            return;
        }
        self.persist_asked.set_value(true);
        wasm_bindgen_futures::spawn_local(async {
            if crate::browser::quota::persisted().await == Some(false) {
                crate::browser::quota::persist().await;
            }
        });
    }

    fn failed(&self, editor: Editor, error: WriteError) {
        match error {
            WriteError::Full => self.storage_full.set(true),
            WriteError::Other(why) => editor.tell(Notice::Error(format!(
                "Your work could not be saved in this browser ({why}). It is kept in this tab: download the workspace to keep it."
            ))),
        }
    }

    /// The other tab's version of the document in conflict replaces this tab's.
    pub fn load_theirs(&self, editor: Editor) {
        let Some(id) = self.conflict.get_untracked() else {
            return;
        };
        match read_stored(&id) {
            Some(Ok(stored)) => {
                self.revisions.update_value(|r| {
                    r.insert(id.clone(), stored.revision);
                });
                self.dirty.update_value(|d| {
                    d.remove(&id);
                });
                editor.adopt_stored(stored.entry);
            }
            _ => editor.tell(Notice::Error(
                "The other tab's version could not be read.".into(),
            )),
        }
        self.conflict.set(None);
    }

    /// This tab's version of the document in conflict is kept and saved over the other's.
    pub fn keep_mine(&self, editor: Editor) {
        let Some(id) = self.conflict.get_untracked() else {
            return;
        };
        let stored = stored_revision(&id);
        self.revisions.update_value(|r| {
            if let Some(rev) = stored {
                r.insert(id.clone(), rev);
            } else {
                r.remove(&id);
            }
        });
        self.conflict.set(None);
        self.mark_dirty(editor, &id);
        self.flush(editor);
    }

    /// Another tab changed storage (`key` is `None` when it cleared it).
    pub fn on_external_change(&self, editor: Editor, key: Option<String>, value: Option<String>) {
        let Some(key) = key else {
            return;
        };
        if key == INDEX_KEY {
            self.on_external_index(editor, value);
        } else if let Some(id) = key.strip_prefix(DOC_PREFIX) {
            self.on_external_doc(editor, id, value);
        }
    }

    fn on_external_doc(&self, editor: Editor, id: &str, value: Option<String>) {
        // Unsaved here: changes the workspace recorded and the autosave has not taken yet, or
        // took and could not write.
        let dirty = self.dirty.with_value(|d| d.contains(id))
            || editor.with_workspace(|w| w.is_changed(id));
        let known = editor.with_workspace(|w| w.get(id).is_some());
        let Some(raw) = value else {
            // Deleted in the other tab.
            if known && !dirty {
                self.revisions.update_value(|r| {
                    r.remove(id);
                });
                let was_current = editor.current_id() == id;
                if editor.update_workspace(|w| w.forget(id)) == Some(true) && was_current {
                    editor.show_current();
                }
            }
            return;
        };
        // Its parts were written before its manifest, so they are all there.
        let Ok(stored) = parse_stored(id, &raw) else {
            return;
        };
        if dirty {
            self.conflict.set(Some(id.to_string()));
            return;
        }
        self.revisions.update_value(|r| {
            r.insert(id.to_string(), stored.revision);
        });
        if known {
            let is_current = editor.current_id() == id;
            editor.adopt_stored(stored.entry);
            if is_current {
                editor.tell(Notice::Info(
                    "This document was changed in another tab: showing those changes.".into(),
                ));
            }
        } else {
            add_in_background(editor, stored.entry);
        }
    }

    fn on_external_index(&self, editor: Editor, value: Option<String>) {
        let Some(index) = value.and_then(|raw| serde_json::from_str::<StoredIndex>(&raw).ok())
        else {
            return;
        };
        if index.annotator != editor.annotator.get_untracked() {
            editor.annotator.set(index.annotator.clone());
            editor.update_workspace(|w| w.adopt_annotator(index.annotator.clone()));
        }
        for id in &index.order {
            if editor.with_workspace(|w| w.get(id).is_none()) {
                if let Some(Ok(stored)) = read_stored(id) {
                    self.revisions.update_value(|r| {
                        r.insert(id.clone(), stored.revision);
                    });
                    add_in_background(editor, stored.entry);
                }
            }
        }
    }
}

/// The revision last stored for a document: its small revision entry, or for an entry written
/// before those existed, the entry itself.
fn stored_revision(id: &str) -> Option<u64> {
    match storage::read(&rev_key(id)).and_then(|r| r.trim().parse().ok()) {
        Some(rev) => Some(rev),
        None => read_stored(id).and_then(Result::ok).map(|d| d.revision),
    }
}

/// A document's stored entry, its parts joined; `None` when there is none.
fn read_stored(id: &str) -> Option<Result<StoredDoc, String>> {
    storage::read(&doc_key(id)).map(|raw| parse_stored(id, &raw))
}

/// A document's entry from what its key holds (`raw`), its parts read and joined.
fn parse_stored(id: &str, raw: &str) -> Result<StoredDoc, String> {
    assemble(id, raw, storage::read).and_then(|e| read_doc_entry(&e))
}

/// The names of the parts a document's key lists.
fn stored_parts(key: &str) -> HashSet<String> {
    storage::read(key)
        .and_then(|raw| manifest_parts(&raw))
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// Stores a document's entry under `key` (which names the `stored` parts): the parts not
/// stored yet, then the manifest naming them all, then it removes the parts no longer named.
/// Whenever a save stops (a full storage), the key names parts that are all there.
fn store_parts(
    id: &str,
    key: &str,
    stored: &HashSet<String>,
    parts: &EntryParts,
) -> Result<(), WriteError> {
    for (name, text) in &parts.parts {
        if let Some(text) = text {
            storage::write_json(&part_key(id, name), text)?;
        }
    }
    storage::write_json(key, &parts.manifest())?;
    let named: HashSet<&str> = parts.parts.iter().map(|(name, _)| name.as_str()).collect();
    for name in stored.iter().filter(|name| !named.contains(name.as_str())) {
        storage::remove(&part_key(id, name));
    }
    Ok(())
}

/// Adds a document another tab stored to the list, without opening it (not a change here).
fn add_in_background(editor: Editor, entry: DocEntry) {
    editor.update_workspace(|w| w.add_stored(crate::core::workspace::Slot::Loaded(entry)));
}

/// What was found in storage at start.
pub struct Restored {
    pub workspace: Workspace,
    pub revisions: HashMap<String, u64>,
    pub damaged: Vec<Damaged>,
    pub messages: Vec<String>,
}

/// Reads the workspace from storage; an empty storage gives the built-in sample (saved once it
/// is edited).
pub fn restore(sample: impl FnOnce() -> DocEntry) -> Restored {
    let mut loaded = persist::load(&storage::snapshot(), now());
    let mut messages = std::mem::take(&mut loaded.messages);
    for (key, value) in &loaded.writes {
        if let Err(e) = storage::write_json(key, value) {
            messages.push(format!("Could not write {key} ({e:?})."));
        }
    }
    for key in &loaded.removes {
        storage::remove(key);
    }
    let revisions = loaded
        .docs
        .iter()
        .map(|(d, r)| (d.id.clone(), *r))
        .collect();
    let mut docs: Vec<DocEntry> = loaded.docs.into_iter().map(|(d, _)| d).collect();
    if docs.is_empty() {
        docs.push(sample());
    }
    Restored {
        workspace: Workspace::new(docs, loaded.current.as_deref(), loaded.annotator),
        revisions,
        damaged: loaded.damaged,
        messages,
    }
}

impl Saver {
    /// Starts from what [`restore`] found.
    pub fn adopt(&self, restored_revisions: HashMap<String, u64>, damaged: Vec<Damaged>) {
        self.revisions.set_value(restored_revisions);
        self.damaged.set(damaged);
    }

    /// Deletes a damaged entry from storage (the user's explicit choice).
    pub fn discard_damaged(&self, key: &str) {
        storage::remove(key);
        self.damaged.update(|d| d.retain(|x| x.key != key));
    }
}
