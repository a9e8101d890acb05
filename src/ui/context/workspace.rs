//! The workspace store: the only owner of the documents' entries and the annotator's name.
//! Every change to the workspace goes through [`Store::mutate`], which tells whoever listens
//! (the autosave, which writes whatever the workspace recorded as changed); no call site marks
//! anything to be saved. The commands edit the open document through it too, and are told when
//! the store puts another document (or another copy of it) in front. A document not yet read
//! from storage is read through the loader the autosave gives ([`Store::set_loader`]).

use crate::core::annotation::model::Annotated;
use crate::core::text::document::Metadata;
use crate::core::workspace::{
    new_doc_id, Changes, DocEntry, DocStatus, DocSummary, Slot, Workspace,
};
use crate::ui::context::clock;
use crate::ui::context::ui::{Notice, Ui};
use leptos::prelude::*;
use std::rc::Rc;

/// The id of the empty document the page is drawn with while the workspace is read.
pub const LOADING_ID: &str = "avow-loading";

pub use crate::ui::context::clock::now;

/// A new document id.
pub fn fresh_doc_id() -> String {
    new_doc_id(clock::now(), clock::random16())
}

/// Reads a stored document into the workspace; gives whether it could.
type Loader = Rc<dyn Fn(String) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool>>>>;

/// The store's handle, `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Store {
    ws: StoredValue<Workspace>,
    /// Bumped when the list of documents, or anything it shows, changes.
    docs_version: RwSignal<u64>,
    /// Who is annotating (stamped on their work).
    annotator: RwSignal<String>,
    /// Told after every change (the autosave).
    changed: StoredValue<Option<Rc<dyn Fn()>>, LocalStorage>,
    /// Reads a document stored but not in memory (the autosave's).
    loader: StoredValue<Option<Loader>, LocalStorage>,
    /// Where the store's messages (storage errors, documents that cannot be read) go.
    ui: Ui,
    /// The session's redraw, run when the store puts another document in front.
    reopen: StoredValue<Option<Rc<dyn Fn()>>, LocalStorage>,
}

impl Store {
    /// A store holding `ws` (nothing read from storage yet: see `persistence::start`).
    pub fn new(ws: Workspace, ui: Ui) -> Self {
        Self {
            annotator: RwSignal::new(ws.annotator().to_string()),
            ws: StoredValue::new(ws),
            docs_version: RwSignal::new(0),
            changed: StoredValue::new_local(None),
            loader: StoredValue::new_local(None),
            ui,
            reopen: StoredValue::new_local(None),
        }
    }

    /// A workspace holding only the empty document the page is drawn with at start.
    pub fn loading() -> Workspace {
        let placeholder = Annotated::new(String::new(), Metadata::default());
        let entry = DocEntry::new(LOADING_ID.into(), placeholder, String::new(), now());
        Workspace::new(vec![entry], None, String::new())
    }

    /// Has `redraw` run whenever another document (or another copy of the open one) is put
    /// in front: the open document's session redraws everything then.
    pub fn on_reopen(&self, redraw: impl Fn() + 'static) {
        self.reopen.set_value(Some(Rc::new(redraw)));
    }

    fn reopened(&self) {
        match self.reopen.with_value(Clone::clone) {
            Some(redraw) => redraw(),
            None => self.docs_changed(),
        }
    }

    /// Has `hook` run after every change (the autosave schedules a save).
    pub fn on_change(&self, hook: impl Fn() + 'static) {
        self.changed.set_value(Some(Rc::new(hook)));
    }

    /// Reads stored documents with `load` (given a document's id, whether it could be read).
    pub fn set_loader<F: std::future::Future<Output = bool> + 'static>(
        &self,
        load: impl Fn(String) -> F + 'static,
    ) {
        let load: Loader = Rc::new(move |id| Box::pin(load(id)));
        self.loader.set_value(Some(load));
    }

    /// Reads every document not yet in memory (for a download of the whole workspace, or
    /// the versions of a text).
    pub async fn load_all(&self) {
        for id in self.with_workspace(Workspace::stored_ids) {
            self.load(&id).await;
        }
    }

    /// Reads the versions of the text `sha256` not yet in memory; whether any was read.
    pub async fn load_text_versions(&self, sha256: &str) -> bool {
        let ids = self.with_workspace(|w| w.stored_ids_with_text(sha256));
        for id in &ids {
            self.load(id).await;
        }
        !ids.is_empty()
    }

    /// Reads a document not yet in memory; whether it is in memory now.
    async fn load(&self, id: &str) -> bool {
        if self.with_workspace(|w| w.get(id).is_some()) {
            return true;
        }
        match self.loader.with_value(Clone::clone) {
            Some(load) => load(id.to_string()).await,
            None => false,
        }
    }

    /// The page around the workspace (panels, notices, announcements).
    pub fn ui(&self) -> Ui {
        self.ui
    }

    /// Shows a message.
    pub fn tell(&self, notice: Notice) {
        self.ui.tell(notice);
    }

    /// Reads the open document.
    pub fn with_doc<R>(&self, f: impl FnOnce(&Annotated) -> R) -> R {
        self.ws.with_value(|w| f(&w.current().doc))
    }

    /// Reads the workspace.
    pub fn with_workspace<R>(&self, f: impl FnOnce(&Workspace) -> R) -> R {
        self.ws.with_value(f)
    }

    /// Tracks the list of documents and what it shows (titles, statuses, counts).
    pub fn track_docs(&self) {
        self.docs_version.track();
    }

    /// Says the list of documents shows something new.
    pub fn docs_changed(&self) {
        self.docs_version.update(|v| *v += 1);
    }

    /// The annotator's name (tracked).
    pub fn annotator(&self) -> String {
        self.annotator.get()
    }

    /// The annotator's name, untracked.
    pub fn annotator_untracked(&self) -> String {
        self.annotator.get_untracked()
    }

    /// Changes the workspace without redrawing the text (the list, statuses, storage sync).
    pub fn update_workspace<R>(&self, f: impl FnOnce(&mut Workspace) -> R) -> Option<R> {
        let result = self.mutate(f);
        self.docs_changed();
        result
    }

    /// Every change to the workspace goes through here: whatever it changed, the workspace
    /// recorded (see `Workspace::take_changes`), and the autosave is told to write it.
    pub fn mutate<R>(&self, f: impl FnOnce(&mut Workspace) -> R) -> Option<R> {
        let result = self.ws.try_update_value(f);
        if self.ws.with_value(Workspace::has_changes) {
            if let Some(changed) = self.changed.with_value(Clone::clone) {
                changed();
            }
        }
        result
    }

    /// After a change to the open document: stamps it with the time, and with the annotator
    /// when it has none (another annotator's version stays theirs when it is corrected here).
    pub fn stamp_current(&self) {
        let annotator = self.annotator.get_untracked();
        self.mutate(|w| {
            let entry = w.current_mut();
            entry.modified = now();
            if entry.annotator.trim().is_empty() {
                entry.annotator = annotator;
            }
        });
        self.docs_changed();
    }

    /// Takes the workspace read from storage at start, in place of the empty one the page
    /// was drawn with (not a change: nothing is saved back). A document opened meanwhile is
    /// kept, and saved.
    pub fn install_workspace(&self, mut ws: Workspace) {
        let opened: Vec<DocEntry> = self.ws.with_value(|w| {
            w.entries()
                .filter(|e| e.id != LOADING_ID)
                .cloned()
                .collect()
        });
        for entry in opened {
            ws.insert(entry, None, fresh_doc_id());
        }
        self.annotator.set(ws.annotator().to_string());
        self.ws.set_value(ws);
        self.reopened();
    }

    /// Puts a document read from storage in memory in place of its summary (not a change).
    pub fn load_stored(&self, entry: DocEntry) {
        self.ws.update_value(|w| {
            w.load(entry);
        });
        self.docs_changed();
    }

    /// Takes summaries as another tab stored them: new documents are listed, and those not in
    /// memory here show their new counts and titles (not a change).
    pub fn refresh_summaries(&self, summaries: Vec<DocSummary>) {
        self.ws.update_value(|w| {
            for summary in summaries {
                if !w.contains(&summary.id) {
                    w.add_stored(Slot::Stored(summary));
                } else if w.get(&summary.id).is_none() {
                    w.refresh(Slot::Stored(summary));
                }
            }
        });
        self.docs_changed();
    }

    /// Takes what closed pages' journals held: `docs` as changes, `copies` beside the stored
    /// documents (each with a new id and the title given, saying what it is), the open
    /// document and the annotator as the last page left them.
    pub fn recover(
        &self,
        docs: Vec<DocEntry>,
        copies: Vec<(DocEntry, String)>,
        current: Option<String>,
        annotator: Option<String>,
    ) {
        self.mutate(|w| {
            for entry in docs {
                w.recover(entry);
            }
            for (mut entry, title) in copies {
                entry.id = fresh_doc_id();
                entry.set_title(title);
                w.recover(entry);
            }
            if let Some(name) = annotator.filter(|n| n != w.annotator()) {
                w.set_annotator(name);
            }
            if let Some(id) = current {
                w.switch_to(&id);
            }
        });
        let name = self.with_workspace(|w| w.annotator().to_string());
        self.annotator.set(name);
        self.reopened();
    }

    /// Keeps a copy of document `id` as this tab holds it, with a new id and `title`, beside
    /// it (a change, saved soon); the copy's id.
    pub fn keep_copy(&self, id: &str, title: String) -> Option<String> {
        let mut copy = self.with_workspace(|w| w.get(id).cloned())?;
        copy.id = fresh_doc_id();
        copy.set_title(title);
        let copy_id = copy.id.clone();
        self.mutate(|w| w.recover(copy));
        Some(copy_id)
    }

    /// Puts back changes a save could not write, so that the next save writes them.
    pub fn put_back_changes(&self, changes: Changes) {
        self.ws.update_value(|w| w.restore_changes(changes));
    }

    /// Records a document as changed, so that it is written again (this tab's version kept in
    /// a conflict).
    pub fn mark_changed(&self, id: &str) {
        self.mutate(|w| {
            w.get_mut(id);
        });
    }

    /// What changed since the autosave last asked (it writes exactly that).
    pub fn take_changes(&self) -> Changes {
        self.ws
            .try_update_value(Workspace::take_changes)
            .unwrap_or_default()
    }

    /// The open document's id.
    pub fn current_id(&self) -> String {
        self.ws.with_value(|w| w.current().id.clone())
    }

    /// Runs `then` once the document is in memory (read from storage if it is not yet); a
    /// document that cannot be read gets a message instead.
    pub fn when_loaded(&self, id: &str, then: impl FnOnce() + 'static) {
        if self.with_workspace(|w| w.get(id).is_some()) {
            then();
            return;
        }
        let store = *self;
        let id = id.to_string();
        wasm_bindgen_futures::spawn_local(async move {
            if store.load(&id).await {
                then();
            }
        });
    }

    /// Adds a document to the workspace and opens it.
    pub fn open(&self, annotated: Annotated) {
        let entry = DocEntry::new(fresh_doc_id(), annotated, self.annotator_untracked(), now());
        self.add_entry(entry, None);
    }

    /// Adds a document entry (at `index`, or at the end) and opens it; it is saved at once.
    pub fn add_entry(&self, entry: DocEntry, index: Option<usize>) -> String {
        let id = self
            .mutate(|w| w.insert(entry, index, fresh_doc_id()).id.clone())
            .unwrap_or_default();
        self.reopened();
        id
    }

    /// Adds the documents an import brought at the end and opens the last: one change and
    /// one redraw for all of them (an import adds hundreds).
    pub fn add_imported(&self, entries: Vec<DocEntry>) {
        if entries.is_empty() {
            return;
        }
        self.mutate(|w| {
            for entry in entries {
                w.insert_imported(entry, fresh_doc_id());
            }
        });
        self.reopened();
    }

    /// Opens the document with this id (reading it from storage first if need be).
    pub fn switch_to(&self, id: &str) {
        if self.current_id() == id {
            return;
        }
        let store = *self;
        let target = id.to_string();
        self.when_loaded(id, move || {
            if store.mutate(|w| w.switch_to(&target)) == Some(true) {
                store.reopened();
            }
        });
    }

    /// Redraws what showed a changed document: everything when it was the open one, else
    /// the list.
    fn redraw(&self, was_current: bool) {
        if was_current {
            self.reopened();
        } else {
            self.docs_changed();
        }
    }

    /// Replaces a document's entry (an import chosen to replace it) and opens it when it is
    /// the open one.
    pub fn replace_entry(&self, id: &str, entry: DocEntry) {
        let current = self.current_id();
        let replaced = self.mutate(|w| {
            let ok = w.replace(id, entry);
            // Replacing a document the user is not looking at must not switch to it.
            if ok && current != id {
                w.switch_to(&current);
            }
            ok
        });
        if replaced == Some(true) {
            self.redraw(current == id);
        }
    }

    /// Takes a document as another tab stored it, in place of this tab's copy: not a change
    /// here, so it is not saved back.
    pub fn adopt_stored(&self, entry: DocEntry) {
        let was_current = self.current_id() == entry.id;
        if self.ws.try_update_value(|w| w.refresh(Slot::Loaded(entry))) == Some(true) {
            self.redraw(was_current);
        }
    }

    /// Forgets a document another tab deleted (not a change here).
    pub fn forget(&self, id: &str) {
        let was_current = self.current_id() == id;
        if self.update_workspace(|w| w.forget(id)) == Some(true) && was_current {
            self.reopened();
        }
    }

    /// Removes a document, with its place, or `None` when it is the last one.
    pub fn remove(&self, id: &str) -> Option<(DocEntry, usize)> {
        let was_current = self.current_id() == id;
        let removed = self.mutate(|w| w.remove(id)).flatten()?;
        self.redraw(was_current);
        Some(removed)
    }

    /// Marks a document done or in progress.
    pub fn set_status(&self, id: &str, status: DocStatus) {
        let store = *self;
        let target = id.to_string();
        self.when_loaded(id, move || {
            store.update_workspace(|w| w.set_status(&target, status));
        });
    }

    /// Renames a document that is not open (the open one is renamed by an undoable edit of
    /// its metadata: `Editor::rename`).
    pub fn rename(&self, id: &str, title: String) {
        let store = *self;
        let target = id.to_string();
        self.when_loaded(id, move || {
            store.update_workspace(|w| w.rename(&target, title, now()));
        });
    }

    /// Sets the annotator's name, kept in storage and stamped on what they edit from now on.
    pub fn set_annotator(&self, name: String) {
        self.annotator.set(name.clone());
        self.mutate(|w| w.set_annotator(name));
    }

    /// Takes the annotator's name another tab set (not a change here).
    pub fn adopt_annotator(&self, name: String) {
        if name != self.annotator.get_untracked() {
            self.annotator.set(name.clone());
            self.update_workspace(|w| w.adopt_annotator(name));
        }
    }
}
