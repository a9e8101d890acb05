//! Autosave into IndexedDB: every change is written within a fraction of a second (and at once
//! when the page is hidden), one save being one transaction, with a revision per document so
//! that a change made in another tab is shown here, or the user is asked, and never silently
//! overwritten. Other tabs are told of each save through a BroadcastChannel.
//!
//! Unsaved work is held per document until it is stored or the user decides:
//! - `journal`: every change is also written to this tab's journal in localStorage a moment
//!   after it is made (synchronous, so a quit, a crash or a kill right after keeps it), and
//!   taken back, merged, at the next start;
//! - `held`: a document another tab saved while it had unsaved changes here is held, in a list
//!   of its own rows, each answered on its own;
//! - `lost`: a database cleared under the page is noticed at once, the work kept in memory and
//!   saved again in a new one.
//!
//! At start the workspace's index is read (every document's summary), then only the open
//! document; another document is read when it is opened. The v1 localStorage entries are the
//! source of a one-time migration (`core::storage::migrate::migrate_v1`) and are left in place.

mod held;
mod journal;
mod lost;

use crate::browser::idb::{Batch, Db, DbError};
use crate::browser::stored::{migrate, open_workspace, read_document};
use crate::core::storage::autosave::{Begin, SaveTiming, Timer, SAVE_DELAY_MS, SAVE_IDLE_WAIT_MS};
use crate::core::storage::entry::{Damaged, EntryWriter};
use crate::core::storage::held::Held;
use crate::core::storage::journal::journaled_docs;
use crate::core::storage::keys::{DAMAGED_RECORD, DOC_PREFIX, INDEX_KEY, JOURNAL_PREFIX};
use crate::core::storage::open::Read;
use crate::core::storage::plan::{
    self as stored, conflicts, index_without, plan_save, Saved, Write,
};
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

pub use lost::Cleared;

/// The channel tabs tell each other their saves on.
const CHANNEL: &str = "avow-saves";
/// How often a save refused for lack of room is tried again without an edit.
const FULL_RETRY_MS: u32 = 10_000;

/// Storage refused a save for lack of room: what is unsaved, and how much the save needed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Full {
    /// The titles of the documents whose changes are not stored.
    pub unsaved: Vec<String>,
    /// The bytes the refused save would have written.
    pub needed: f64,
}

/// What the autosave knows: the revision and stored parts of each document as last read or
/// written here, whether a save is under way, and what went wrong.
#[derive(Clone, Copy)]
pub struct Saver {
    /// The workspace it saves.
    store: Store,
    /// This tab's id, written with each save and naming its journal.
    tab: StoredValue<String>,
    /// The database, once open (`None` before, where IndexedDB is unavailable, or once it was
    /// cleared and until it is made again).
    db: StoredValue<Option<Db>, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    revisions: StoredValue<HashMap<String, u64>>,
    parts: StoredValue<HashMap<String, HashSet<String>>>,
    /// When it writes (see `core::storage::autosave`).
    timing: StoredValue<SaveTiming>,
    /// What the save under way writes (until it commits).
    in_flight: StoredValue<Option<Changes>>,
    /// This tab's journal (see `journal`).
    journal: StoredValue<journal::Journal>,
    /// The workspace was read from storage (saves wait until then).
    pub ready: RwSignal<bool>,
    /// Storage refused a write for lack of room: work is kept in memory only.
    pub storage_full: RwSignal<Option<Full>>,
    /// Entries that could not be read, kept as they are.
    pub damaged: RwSignal<Vec<Damaged>>,
    /// Documents another tab saved while they had unsaved changes here, each waiting for its
    /// own answer.
    pub held: RwSignal<Held>,
    /// This browser's storage for Avow was cleared under the page (see `lost`).
    pub cleared: RwSignal<Option<Cleared>>,
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
    /// scheduled to be written, and journaled a moment after.
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
            journal: StoredValue::new(journal::Journal::default()),
            ready: RwSignal::new(false),
            storage_full: RwSignal::new(None),
            damaged: RwSignal::new(Vec::new()),
            held: RwSignal::new(Held::default()),
            cleared: RwSignal::new(None),
            writer: StoredValue::new(EntryWriter::default()),
            persist_asked: StoredValue::new(false),
            leftovers: StoredValue::new(Vec::new()),
        };
        store.on_change(move || {
            saver.schedule();
            saver.journal_soon();
        });
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

    /// Writes every unsaved change now (begun before this returns, so a page being hidden or
    /// closed still commits it): deleted documents first, in a transaction of their own (it
    /// frees room even when the rest does not fit), then everything else in one.
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
        // The held documents wait for the user's answer; their changes stay recorded. A held
        // document deleted here is answered (its row goes).
        let changes = store.take_changes();
        if self
            .held
            .with_untracked(|h| h.ids().iter().any(|id| changes.removed.contains(id)))
        {
            self.held.update(|h| {
                h.release_removed(&changes);
            });
        }
        let (mut changes, held) = self.held.with_untracked(|h| h.split(changes));
        store.put_back_changes(held);
        // Every document the index names is stored: one never saved (the sample, a document
        // added before the database opened) goes with the first save.
        let unsaved: Vec<String> = store.with_workspace(|w| {
            self.revisions.with_value(|r| {
                w.entries()
                    .map(|e| e.id.clone())
                    .filter(|id| {
                        !r.contains_key(id) && !self.held.with_untracked(|h| h.contains(id))
                    })
                    .collect()
            })
        });
        changes.docs.extend(unsaved);
        // A large import is stored a hundred documents per save; the rest go with the next.
        let later = self.revisions.with_value(|r| {
            crate::core::storage::plan::defer_imports(&mut changes, |id| r.contains_key(id))
        });
        let more = !later.docs.is_empty();
        if more {
            store.put_back_changes(later);
        }
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
        // What another tab's journal names stays (its unsaved version is read against it).
        let journaled = journaled_docs(
            &crate::browser::storage::keys_with_prefix(JOURNAL_PREFIX),
            &self.tab.get_value(),
        );
        plan.keep_parts_of(&journaled);
        let leftovers = self
            .leftovers
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        plan.writes
            .extend(leftovers.iter().cloned().map(Write::Delete));
        let needed: f64 = plan
            .writes
            .iter()
            .map(|w| match w {
                Write::Put(k, v) => (k.len() + v.len()) as f64,
                _ => 0.0,
            })
            .sum();
        let checks: Vec<String> = plan.checks.iter().map(|(_, key, _)| key.clone()).collect();
        // The records move into the batch (a first save of a long text is megabytes).
        let batch = Batch::from(std::mem::take(&mut plan.writes));
        let removals = Batch::from(std::mem::take(&mut plan.removals));
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
            let removed: Vec<String> = changes.removed.iter().cloned().collect();
            // Deleted documents go first, on their own, with the index's names of them.
            let mut result = Ok(true);
            if !removals.is_empty() {
                let gone: HashSet<String> = changes.removed.iter().cloned().collect();
                result = db
                    .write_editing(removals, INDEX_KEY, |raw| index_without(raw, &gone))
                    .await
                    .map(|_| true);
                if result.is_ok() {
                    saver.removed(&removed);
                    changes.removed.clear();
                    // Their texts go too, now (the rest of the save may not fit: this is the
                    // room the user made). A text a stored manifest still names stays.
                    let released = plan.released.clone();
                    let _ = db
                        .delete_picked(DOC_PREFIX, |manifests| {
                            stored::unreferenced(&released, manifests)
                        })
                        .await;
                }
            }
            // The part of the save on the main thread after the revisions are read: handing
            // the records to IndexedDB (`write_checked` puts them as it resumes), then the
            // bookkeeping once it has committed.
            if result.is_ok() {
                result = db.write_checked(batch, checks, decide).await;
            }
            let finishing = crate::browser::timing::now();
            let again = saver
                .timing
                .try_update_value(SaveTiming::finished)
                .unwrap_or(false);
            saver.in_flight.set_value(None);
            match result {
                Ok(true) => {
                    saver.saved(&plan);
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
                    // nothing was written; each is held for the user's answer, the rest are
                    // written again without them.
                    let clashing = found.borrow().clone();
                    for id in &clashing {
                        saver.hold(id);
                    }
                    store.put_back_changes(changes);
                    saver.leftovers.update_value(|l| l.extend(leftovers));
                    saver.schedule();
                }
                Err(error) => {
                    let unsaved = store.with_workspace(|w| {
                        changes
                            .docs
                            .iter()
                            .filter_map(|id| w.get(id).map(DocEntry::display_title))
                            .collect()
                    });
                    store.put_back_changes(changes);
                    saver.leftovers.update_value(|l| l.extend(leftovers));
                    saver.failed(error, Full { unsaved, needed });
                }
            }
            crate::browser::timing::measure("avow-save-commit", finishing);
            if again || more {
                saver.flush();
            }
        });
    }

    /// Deleted documents are gone from storage: forgotten here, and the other tabs told.
    fn removed(&self, ids: &[String]) {
        for id in ids {
            self.forget_stored(id);
        }
        self.tell_others(&Saved {
            tab: self.tab.get_value(),
            docs: Vec::new(),
            removed: ids.to_vec(),
        });
    }

    fn tell_others(&self, saved: &Saved) {
        let message = saved.to_json();
        self.channel.with_value(|c| {
            if let Some(channel) = c {
                let _ = channel.post_message(&message.into());
            }
        });
    }

    /// A save committed: what is stored now, the other tabs are told, and the journal keeps
    /// only what is still unsaved.
    fn saved(&self, plan: &stored::SavePlan) {
        let store = self.store;
        self.revisions
            .update_value(|r| r.extend(plan.revisions.iter().cloned()));
        self.parts
            .update_value(|p| p.extend(plan.parts.iter().cloned()));
        self.journal.update_value(|j| {
            for (id, _) in &plan.revisions {
                j.taken_back.remove(id);
            }
        });
        if !plan.revisions.is_empty() {
            self.tell_others(&Saved::of(plan, &[], &self.tab.get_value()));
        }
        crate::browser::crash::note_saved();
        self.write_journal_now();
        self.note_resaved();
        self.ask_to_persist_once();
        if self.storage_full.get_untracked().is_some()
            && !store.with_workspace(Workspace::has_changes)
        {
            self.storage_full.set(None);
            store.tell(Notice::Info(
                "Storage has room again: all your work is saved.".into(),
            ));
        }
    }

    /// The page is being hidden: a save is begun, and the journal written at once (a page
    /// may be torn down before IndexedDB commits).
    pub fn flush_and_journal(&self) {
        self.flush();
        self.write_journal_now();
    }

    /// The page is closing: as when hidden, and this tab's session ends cleanly (its marker
    /// goes, so the next start does not report a crash).
    pub fn closing(&self) {
        self.flush_and_journal();
        self.end_session();
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

    fn failed(&self, error: DbError, full: Full) {
        let store = self.store;
        match error {
            DbError::Full => {
                let first = self.storage_full.get_untracked().is_none();
                self.storage_full.set(Some(full));
                if first {
                    self.retry_while_full();
                }
            }
            DbError::Gone(why) => self.database_lost(why),
            DbError::Other(why) => store.tell(Notice::Error(format!(
                "Your work could not be saved in this browser ({why}). It is kept in this tab: download the workspace to keep it."
            ))),
        }
    }

    /// While storage is full the save is tried again now and then without an edit: room may
    /// come from outside the page (another site's data cleared, a file deleted from the disk).
    fn retry_while_full(&self) {
        let saver = *self;
        after_ms(FULL_RETRY_MS, move || {
            if saver.storage_full.get_untracked().is_some() {
                saver.retry_while_full();
                saver.schedule();
            }
        });
    }

    /// Reads a document stored but not yet in memory, and puts it in the workspace (not a
    /// change). False, with a message, when it cannot be read.
    pub async fn load(&self, id: &str) -> bool {
        let store = self.store;
        if store.with_workspace(|w| w.get(id).is_some()) {
            return true;
        }
        let Some(db) = self.db() else {
            if self.cleared.get_untracked().is_some() {
                store.tell(Notice::Error(
                    "This document is no longer stored: this browser's storage for Avow was cleared.".into(),
                ));
            }
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

    /// Takes the database: watched for being cleared under the page.
    fn use_db(&self, db: Db) {
        let saver = *self;
        db.on_lost(move |why| saver.database_lost(why));
        self.db.set_value(Some(db));
    }
}

/// Opens the database, moves the v1 storage into it once, and reads the workspace into the
/// store (the built-in sample when nothing is stored); then takes back what closed tabs left
/// in their journals. Where IndexedDB cannot be used, the v1 storage is read and work stays
/// in this tab, with a message saying so.
pub async fn start(saver: Saver, sample: impl FnOnce() -> DocEntry) {
    let store = saver.store;
    let tab_lock = saver.ask_tab_lock();
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
    saver.use_db(db.clone());
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
    saver.listen();
    saver.begin_session(tab_lock).await;
    // Before any save: a version taken back is based on the revisions read above.
    let report = saver.take_back_journals().await;
    saver.ready.set(true);
    if !messages.is_empty() {
        messages.extend(report);
        store.tell(Notice::Error(messages.join("\n")));
    } else if let Some(report) = report {
        store.tell(Notice::Info(report));
    }
    // A change made while the workspace was being read is saved now.
    if store.with_workspace(Workspace::has_changes) {
        saver.schedule();
    }
    saver.sweep();
}
