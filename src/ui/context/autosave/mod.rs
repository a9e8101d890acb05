//! Autosave into IndexedDB: every change is written within a fraction of a second (and at once
//! when the page is hidden), one save being one transaction, with a revision per document so
//! that a change made in another tab is shown here, or the user is asked, and never silently
//! overwritten. Other tabs are told of each save through a BroadcastChannel.
//!
//! At start the workspace's index is read (every document's summary), then only the open
//! document; another document is read when it is opened. The v1 localStorage entries are the
//! source of a one-time migration (`core::storage::migrate::migrate_v1`) and are left in place.

use crate::browser::idb::{Batch, Db, DbError};
use crate::browser::stored::{migrate, open_workspace, read_document};
use crate::core::storage::autosave::{Begin, SaveTiming, Timer, SAVE_DELAY_MS, SAVE_IDLE_WAIT_MS};
use crate::core::storage::entry::{Damaged, EntryWriter, StoredIndex};
use crate::core::storage::journal::{read_journal, write_journal};
use crate::core::storage::keys::{rev_key, tab_prefix, DAMAGED_RECORD, DOC_PREFIX, INDEX_KEY};
use crate::core::storage::open::{summaries_in_order, Read};
use crate::core::storage::plan::{self as stored, conflicts, plan_save, Saved, Write};
use crate::core::workspace::{Changes, DocEntry, Workspace};
use crate::ui::context::clock::after_ms;
use crate::ui::context::ui::Notice;
use crate::ui::context::workspace::{now, Store};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The channel tabs tell each other their saves on.
const CHANNEL: &str = "avow-saves";

/// What the autosave knows: the revision and stored parts of each document as last read or
/// written here, whether a save is under way, and what went wrong.
#[derive(Clone, Copy)]
pub struct Saver {
    /// The workspace it saves.
    store: Store,
    /// This tab's id, written with each save.
    tab: StoredValue<String>,
    /// The database, once open (`None` before, or where IndexedDB is unavailable).
    db: StoredValue<Option<Db>, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    revisions: StoredValue<HashMap<String, u64>>,
    parts: StoredValue<HashMap<String, HashSet<String>>>,
    /// When it writes (see `core::storage::autosave`).
    timing: StoredValue<SaveTiming>,
    /// What the save under way writes (until it commits).
    in_flight: StoredValue<Option<Changes>>,
    /// This tab wrote a journal (see `core::storage::journal`) that a commit has not cleared yet.
    journaled: StoredValue<bool>,
    /// The workspace was read from storage (saves wait until then).
    pub ready: RwSignal<bool>,
    /// Storage refused a write for lack of space: work is kept in memory only.
    pub storage_full: RwSignal<bool>,
    /// Entries that could not be read, kept as they are.
    pub damaged: RwSignal<Vec<Damaged>>,
    /// A document changed in another tab while it had unsaved changes here.
    pub conflict: RwSignal<Option<String>>,
    /// Writes entries, remembering each span's JSON between saves.
    writer: StoredValue<EntryWriter>,
    /// Persistent storage was asked for (see `ask_to_persist_once`).
    persist_asked: StoredValue<bool>,
    /// Records of documents an earlier build kept elsewhere (see `DocKeys::legacy`), deleted
    /// by the save that writes those documents anew.
    leftovers: StoredValue<Vec<String>>,
}

impl Saver {
    /// The autosave of `store`, nothing read or saved yet: every change the store records is
    /// scheduled to be written.
    pub fn new(store: Store) -> Self {
        let tab = format!(
            "t-{:08x}",
            (js_sys::Math::random() * 4_294_967_296.0) as u32
        );
        let saver = Self {
            store,
            tab: StoredValue::new(tab),
            db: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
            revisions: StoredValue::new(HashMap::new()),
            parts: StoredValue::new(HashMap::new()),
            timing: StoredValue::new(SaveTiming::default()),
            in_flight: StoredValue::new(None),
            journaled: StoredValue::new(false),
            ready: RwSignal::new(false),
            storage_full: RwSignal::new(false),
            damaged: RwSignal::new(Vec::new()),
            conflict: RwSignal::new(None),
            writer: StoredValue::new(EntryWriter::default()),
            persist_asked: StoredValue::new(false),
            leftovers: StoredValue::new(Vec::new()),
        };
        store.on_change(move || saver.schedule());
        store.set_loader(move |id| async move { saver.load(&id).await });
        saver
    }

    /// Done once the workspace has been read (at once after that).
    pub async fn until_ready(&self) {
        while !self.ready.get_untracked() {
            crate::browser::events::painted().await;
        }
    }

    /// Remembers a document as read from storage: its revision and its stored parts.
    fn note_stored(&self, id: &str, revision: u64, parts: HashSet<String>) {
        self.revisions.update_value(|r| {
            r.insert(id.to_string(), revision);
        });
        self.parts.update_value(|p| {
            p.insert(id.to_string(), parts);
        });
    }

    /// Takes a document as read from storage: remembers its revision and stored parts, and
    /// the records an earlier build kept it in (deleted by its next save); gives its entry.
    fn take_read(&self, id: &str, read: Read) -> DocEntry {
        self.note_stored(id, read.stored.revision, read.parts);
        if !read.leftovers.is_empty() {
            self.leftovers.update_value(|l| l.extend(read.leftovers));
        }
        read.stored.entry
    }

    /// A document read from where an earlier build kept it is saved where this build keeps it
    /// (its leftovers go with that save).
    fn save_leftovers(&self, id: &str) {
        let store = self.store;
        if !self.leftovers.with_value(Vec::is_empty) {
            store.mark_changed(id);
        }
    }

    /// Forgets what was known of a document's storage (it is gone, or to be written whole).
    fn forget_stored(&self, id: &str) {
        self.revisions.update_value(|r| {
            r.remove(id);
        });
        self.parts.update_value(|p| {
            p.remove(id);
        });
    }

    fn db(&self) -> Option<Db> {
        self.db.with_value(Clone::clone)
    }

    /// Schedules a save of what the workspace recorded as changed (`Store` calls this after
    /// every change).
    pub fn schedule(&self) {
        // A save never runs inside an edit: see `core::storage::autosave` for when it does.
        let timer = self
            .timing
            .try_update_value(|t| t.changed(now() as f64))
            .unwrap_or(Timer {
                generation: 0,
                delay_ms: SAVE_DELAY_MS,
            });
        let saver = *self;
        after_ms(timer.delay_ms, move || {
            if saver.timing.with_value(|t| t.timer_fired(timer.generation)) {
                saver.flush_when_idle();
            }
        });
    }

    /// Writes what is unsaved at the page's next idle moment (at once where the browser has no
    /// idle callbacks). A change made meanwhile is written too.
    fn flush_when_idle(&self) {
        let saver = *self;
        let flush = move || {
            if saver.timing.with_value(SaveTiming::idle) {
                saver.flush();
            }
        };
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(SAVE_IDLE_WAIT_MS);
        let asked = web_sys::window().and_then(|w| {
            let callback = Closure::once_into_js(flush);
            w.request_idle_callback_with_options(callback.unchecked_ref(), &options)
                .ok()
        });
        if asked.is_none() {
            flush();
        }
    }

    /// Writes every unsaved change now, in one transaction (begun before this returns, so a
    /// page being hidden or closed still commits it).
    pub fn flush(&self) {
        let started = crate::browser::timing::now();
        self.flush_now();
        crate::browser::timing::measure("avow-save-plan", started);
    }

    fn flush_now(&self) {
        let store = self.store;
        let begin = self
            .timing
            .try_update_value(SaveTiming::begin)
            .unwrap_or(Begin::Wait);
        if !self.ready.get_untracked() {
            return; // the changes stay recorded until the workspace is read
        }
        let Some(db) = self.db() else {
            return;
        };
        if begin == Begin::Wait {
            return; // written when the save under way ends
        }
        let mut changes = store.take_changes();
        // The document in conflict waits for the user's choice.
        if let Some(held) = self.conflict.get_untracked() {
            changes.docs.remove(&held);
        }
        // Every document the index names is stored: one never saved (the sample, a document
        // added before the database opened) goes with the first save.
        let unsaved: Vec<String> = store.with_workspace(|w| {
            self.revisions.with_value(|r| {
                w.entries()
                    .map(|e| e.id.clone())
                    .filter(|id| !r.contains_key(id))
                    .collect()
            })
        });
        changes.docs.extend(unsaved);
        if changes.is_empty() {
            return;
        }
        let mut plan = store.with_workspace(|w| {
            self.parts.with_value(|parts| {
                self.revisions.with_value(|revisions| {
                    self.writer
                        .try_update_value(|writer| {
                            plan_save(w, &changes, writer, parts, revisions, &self.tab.get_value())
                        })
                        .unwrap_or_default()
                })
            })
        });
        let leftovers = self
            .leftovers
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        plan.writes
            .extend(leftovers.iter().cloned().map(Write::Delete));
        let checks: Vec<String> = plan.checks.iter().map(|(_, key, _)| key.clone()).collect();
        // The records move into the batch (a first save of a long text is megabytes).
        let batch = Batch::from(std::mem::take(&mut plan.writes));
        let found = Rc::new(RefCell::new(Vec::new()));
        let decide = {
            let found = found.clone();
            let expected = plan.checks.clone();
            move |read: &[Option<String>]| {
                *found.borrow_mut() = conflicts(&expected, read);
                found.borrow().is_empty()
            }
        };
        self.timing.update_value(SaveTiming::writing);
        self.in_flight.set_value(Some(changes.clone()));
        let saver = *self;
        wasm_bindgen_futures::spawn_local(async move {
            // The part of the save on the main thread after the revisions are read: handing
            // the records to IndexedDB (`write_checked` puts them as it resumes), then the
            // bookkeeping once it has committed.
            let result = db.write_checked(batch, checks, decide).await;
            let finishing = crate::browser::timing::now();
            let again = saver
                .timing
                .try_update_value(SaveTiming::finished)
                .unwrap_or(false);
            saver.in_flight.set_value(None);
            match result {
                Ok(true) => {
                    saver.saved(&plan, &changes.removed.iter().cloned().collect::<Vec<_>>());
                    // A text no document holds any more goes (checked against every stored
                    // document in the same transaction: another tab's version may hold it).
                    if !plan.released.is_empty() {
                        let released = std::mem::take(&mut plan.released);
                        let _ = db
                            .delete_picked(DOC_PREFIX, |manifests| {
                                stored::unreferenced(&released, manifests)
                            })
                            .await;
                    }
                }
                Ok(false) => {
                    // Another tab saved some of these documents since this tab read them:
                    // nothing was written; the user is asked about the first, the rest are
                    // written again without it.
                    let clashing = found.borrow().clone();
                    if let Some(first) = clashing.first() {
                        saver.conflict.set(Some(first.clone()));
                    }
                    store.put_back_changes(changes);
                    saver.leftovers.update_value(|l| l.extend(leftovers));
                    saver.schedule();
                }
                Err(error) => {
                    store.put_back_changes(changes);
                    saver.leftovers.update_value(|l| l.extend(leftovers));
                    saver.failed(error);
                }
            }
            crate::browser::timing::measure("avow-save-commit", finishing);
            if again {
                saver.flush();
            }
        });
    }

    /// A save committed: what is stored now, and the other tabs are told.
    fn saved(&self, plan: &stored::SavePlan, removed: &[String]) {
        let store = self.store;
        self.revisions
            .update_value(|r| r.extend(plan.revisions.iter().cloned()));
        self.parts
            .update_value(|p| p.extend(plan.parts.iter().cloned()));
        for id in removed {
            self.forget_stored(id);
        }
        let message = Saved::of(plan, removed, &self.tab.get_value()).to_json();
        self.channel.with_value(|c| {
            if let Some(channel) = c {
                let _ = channel.post_message(&message.into());
            }
        });
        crate::browser::crash::note_saved();
        if self.journaled.get_value() && !store.with_workspace(Workspace::has_changes) {
            // Everything the journal held is committed now.
            crate::browser::storage::remove_prefix(&tab_prefix(&self.tab.get_value()));
            self.journaled.set_value(false);
        }
        self.ask_to_persist_once();
        if self.storage_full.get_untracked() {
            self.storage_full.set(false);
            store.tell(Notice::Info(
                "Storage has room again: all your work is saved.".into(),
            ));
        }
    }

    /// The page is being hidden or closed: a save is begun, and what no save has committed
    /// yet is also written to localStorage at once (a closing page may be torn down before
    /// IndexedDB commits). Taken back at the next start if it was not committed.
    pub fn flush_and_journal(&self) {
        let store = self.store;
        self.flush();
        let mut changes = self.in_flight.with_value(|c| c.clone()).unwrap_or_default();
        store.with_workspace(|w| changes.merge(w.changes().clone()));
        if changes.is_empty() || !self.ready.get_untracked() {
            return;
        }
        let tab = self.tab.get_value();
        let records = store.with_workspace(|w| {
            self.revisions
                .with_value(|r| write_journal(w, &changes, r, &tab))
        });
        for (key, value) in &records {
            // A document too large for localStorage relies on the IndexedDB save alone.
            let _ = crate::browser::storage::write_json(key, value);
        }
        self.journaled.set_value(true);
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

    fn failed(&self, error: DbError) {
        let store = self.store;
        match error {
            DbError::Full => self.storage_full.set(true),
            DbError::Other(why) => store.tell(Notice::Error(format!(
                "Your work could not be saved in this browser ({why}). It is kept in this tab: download the workspace to keep it."
            ))),
        }
    }

    /// Reads a document stored but not yet in memory, and puts it in the workspace (not a
    /// change). False, with a message, when it cannot be read.
    pub async fn load(&self, id: &str) -> bool {
        let store = self.store;
        if store.with_workspace(|w| w.get(id).is_some()) {
            return true;
        }
        let Some(db) = self.db() else {
            return false;
        };
        match read_document(&db, id).await {
            Ok(Some(read)) => {
                let entry = self.take_read(id, read);
                store.load_stored(entry);
                self.save_leftovers(id);
                true
            }
            Ok(None) => {
                store.tell(Notice::Error(
                    "This document is no longer stored (another tab deleted it).".into(),
                ));
                false
            }
            Err(damaged) => {
                store.tell(Notice::Error(format!(
                    "This document could not be read ({}). Its entry is kept: see the Workspace tab.",
                    damaged.reason
                )));
                self.damaged.update(|d| {
                    if !d.iter().any(|x| x.key == damaged.key) {
                        d.push(damaged);
                    }
                });
                false
            }
        }
    }

    /// The other tab's version of the document in conflict replaces this tab's.
    pub fn load_theirs(&self) {
        let store = self.store;
        let Some(id) = self.conflict.get_untracked() else {
            return;
        };
        let saver = *self;
        wasm_bindgen_futures::spawn_local(async move {
            let read = match saver.db() {
                Some(db) => read_document(&db, &id).await,
                None => Ok(None),
            };
            match read {
                Ok(Some(read)) => {
                    let entry = saver.take_read(&id, read);
                    store.adopt_stored(entry);
                    saver.save_leftovers(&id);
                }
                _ => store.tell(Notice::Error(
                    "The other tab's version could not be read.".into(),
                )),
            }
            saver.conflict.set(None);
        });
    }

    /// This tab's version of the document in conflict is kept and saved over the other's.
    pub fn keep_mine(&self) {
        let store = self.store;
        let Some(id) = self.conflict.get_untracked() else {
            return;
        };
        let saver = *self;
        wasm_bindgen_futures::spawn_local(async move {
            let stored = match saver.db() {
                Some(db) => db.get(&rev_key(&id)).await.ok().flatten(),
                None => None,
            };
            let stored = stored.and_then(|r| r.trim().parse::<u64>().ok());
            saver.revisions.update_value(|r| match stored {
                Some(rev) => {
                    r.insert(id.clone(), rev);
                }
                None => {
                    r.remove(&id);
                }
            });
            // Its parts may have changed under it: all are written again.
            saver.parts.update_value(|p| {
                p.remove(&id);
            });
            saver.conflict.set(None);
            store.mark_changed(&id);
            saver.flush();
        });
    }

    /// Another tab saved (`raw`: its [`Saved`] message).
    fn on_message(&self, raw: &str) {
        let store = self.store;
        let Some(saved) = Saved::parse(raw) else {
            return;
        };
        if saved.tab == self.tab.get_value() {
            return;
        }
        let saver = *self;
        wasm_bindgen_futures::spawn_local(async move {
            let Some(db) = saver.db() else {
                return;
            };
            for id in &saved.removed {
                saver.on_external_delete(id);
            }
            for (id, revision) in &saved.docs {
                if saver.revisions.with_value(|r| r.get(id) == Some(revision)) {
                    continue;
                }
                if store.with_workspace(|w| w.is_changed(id))
                    || saver.conflict.get_untracked().as_deref() == Some(id.as_str())
                {
                    saver.conflict.set(Some(id.clone()));
                    continue;
                }
                if store.with_workspace(|w| w.get(id).is_none()) {
                    // Not in memory here: its summary comes with the index, its text when
                    // it is opened.
                    saver.revisions.update_value(|r| {
                        r.insert(id.clone(), *revision);
                    });
                    continue;
                }
                if let Ok(Some(read)) = read_document(&db, id).await {
                    let entry = saver.take_read(id, read);
                    let is_current = store.current_id() == *id;
                    store.adopt_stored(entry);
                    saver.save_leftovers(id);
                    if is_current {
                        store.tell(Notice::Info(
                            "This document was changed in another tab: showing those changes."
                                .into(),
                        ));
                    }
                }
            }
            if let Ok(Some(raw)) = db.get(INDEX_KEY).await {
                saver.on_external_index(&raw);
            }
        });
    }

    fn on_external_delete(&self, id: &str) {
        let store = self.store;
        if store.with_workspace(|w| w.is_changed(id)) {
            return; // kept here, and saved again with this tab's next save
        }
        self.forget_stored(id);
        store.forget(id);
    }

    fn on_external_index(&self, raw: &str) {
        let store = self.store;
        let Ok(index) = serde_json::from_str::<StoredIndex>(raw) else {
            return;
        };
        store.adopt_annotator(index.annotator.clone());
        let (summaries, _) = summaries_in_order(&index);
        store.refresh_summaries(summaries);
    }

    /// Deletes a damaged entry (the user's explicit choice): its record and its listing.
    pub fn discard_damaged(&self, key: &str) {
        if let Some(db) = self.db() {
            let writes = vec![
                Write::Delete(key.to_string()),
                Write::Delete(format!("{DAMAGED_RECORD}{key}")),
            ];
            wasm_bindgen_futures::spawn_local(async move {
                let _ = db.write(Batch::from(writes)).await;
            });
        }
        self.damaged.update(|d| d.retain(|x| x.key != key));
    }

    /// Listens to the other tabs' saves.
    fn listen(&self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
            return;
        };
        let saver = *self;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(raw) = e.data().as_string() {
                    saver.on_message(&raw);
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget(); // for the page's life
        self.channel.set_value(Some(channel));
    }
}

/// Opens the database, moves the v1 storage into it once, and reads the workspace into the
/// store (the built-in sample when nothing is stored). Where IndexedDB cannot be used, the
/// v1 storage is read and work stays in this tab, with a message saying so.
pub async fn start(saver: Saver, sample: impl FnOnce() -> DocEntry) {
    let store = saver.store;
    let db = match Db::open().await {
        Ok(db) => db,
        Err(error) => {
            // Work goes on in memory; what an earlier Avow left in local storage stays there.
            store.install_workspace(Workspace::new(vec![sample()], None, String::new()));
            // Shown and worked on; nothing is saved (there is no database to save in).
            saver.ready.set(true);
            store.tell(Notice::Error(format!(
                "This browser does not let Avow save here ({error}): your work is kept in this tab only. Download the workspace to keep it."
            )));
            return;
        }
    };
    saver.db.set_value(Some(db.clone()));
    let mut messages = match migrate(&db, &crate::browser::storage::snapshot(), now()).await {
        Ok(messages) => messages,
        Err(why) => vec![format!(
            "Your earlier work could not be moved into this browser's database ({why}); it is left where it was, and moving it is tried again at the next start."
        )],
    };
    let opened = open_workspace(&db).await;
    if crate::browser::crash::crashed() {
        return;
    }
    match opened {
        Ok(Some((workspace, opening))) => {
            saver.revisions.set_value(opening.revisions);
            saver.parts.set_value(opening.parts);
            if !opening.damaged.is_empty() && messages.is_empty() {
                messages.push(format!(
                    "A saved entry could not be read; it is kept untouched (see the Workspace tab): {}",
                    opening.damaged.iter().map(|d| format!("{} ({})", d.key, d.reason)).collect::<Vec<_>>().join("; ")
                ));
            }
            saver.damaged.set(opening.damaged);
            store.install_workspace(workspace);
            // Documents an earlier build kept elsewhere are saved where this one keeps them.
            for (id, leftovers) in opening.leftovers {
                saver.leftovers.update_value(|l| l.extend(leftovers));
                store.mark_changed(&id);
            }
        }
        Ok(None) => {
            store.install_workspace(Workspace::new(vec![sample()], None, String::new()));
        }
        Err(error) => {
            messages.push(format!(
                "Your saved work could not be read ({error}). Nothing is changed in storage; reload to try again."
            ));
            store.install_workspace(Workspace::new(vec![sample()], None, String::new()));
            // Saving over what could not be read is not done.
            saver.db.set_value(None);
        }
    }
    recover_journal(saver).await;
    saver.listen();
    saver.ready.set(true);
    if !messages.is_empty() {
        store.tell(Notice::Error(messages.join("\n")));
    }
    // A change made while the workspace was being read is saved now.
    if store.with_workspace(Workspace::has_changes) {
        saver.schedule();
    }
}

/// Takes back what a page closed mid-save left in its journal (see `core::storage::journal`): a
/// document still stored at the revision it was based on becomes a change (saved soon); one
/// stored at a later revision that differs is kept as a copy beside it.
async fn recover_journal(saver: Saver) {
    let store = saver.store;
    let snapshot = crate::browser::storage::snapshot();
    let recovered = saver.revisions.with_value(|r| read_journal(&snapshot, r));
    if recovered.keys.is_empty() {
        return;
    }
    let mut copies = Vec::new();
    if let Some(db) = saver.db() {
        for entry in recovered.later {
            let same = match read_document(&db, &entry.id).await {
                Ok(Some(read)) => {
                    crate::core::formats::avow::write_document(&read.stored.entry)
                        == crate::core::formats::avow::write_document(&entry)
                }
                _ => false,
            };
            if !same {
                copies.push(entry);
            }
        }
    }
    // The document that page had open is read, so that it opens again.
    if let Some(id) = &recovered.current {
        if store.with_workspace(|w| w.contains(id)) {
            saver.load(id).await;
        }
    }
    let copied = copies.len();
    store.recover(
        recovered.docs,
        copies,
        recovered.current,
        recovered.annotator,
    );
    for key in &recovered.keys {
        crate::browser::storage::remove(key);
    }
    if copied > 0 {
        store.tell(Notice::Info(format!(
            "Recovered unsaved changes to {copied} document(s) from a page closed before they were saved; another tab had changed them meanwhile, so they are kept as copies."
        )));
    }
}
