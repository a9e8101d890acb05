//! Other tabs: their saves are shown here (a document unchanged here takes their version), and
//! a document they saved while it had unsaved changes here is held (see
//! `core::storage::held`), one row per document, each answered on its own.

use super::{Saver, CHANNEL};
use crate::browser::stored::read_document;
use crate::core::storage::entry::StoredIndex;
use crate::core::storage::held::{copy_title, Answer};
use crate::core::storage::journal::Apart;
use crate::core::storage::keys::{rev_key, shared_text, INDEX_KEY};
use crate::core::storage::open::summaries_in_order;
use crate::core::storage::plan::Saved;
use crate::ui::context::ui::Notice;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

impl Saver {
    /// Holds document `id` for the user's answer. Its stored parts may be replaced by the other
    /// tab's, so this tab's journal and its eventual save write all of its own.
    pub(super) fn hold(&self, id: &str) {
        // A version taken back from a gone tab's journal is kept as that tab's copy.
        if self.journal.with_value(|j| j.taken_back.contains(id)) {
            self.keep_taken_back_apart(id);
            return;
        }
        self.parts.update_value(|p| {
            if let Some(names) = p.get_mut(id) {
                names.retain(|name| shared_text(name).is_some());
            }
        });
        self.held.update(|h| {
            h.hold(id);
        });
        self.journal_soon();
    }

    /// Another tab saved a document whose unsaved version here came from a gone tab's journal:
    /// that version is kept as a copy, and the stored one taken.
    fn keep_taken_back_apart(&self, id: &str) {
        let store = self.store;
        let Some(db) = self.db() else {
            return;
        };
        let saver = *self;
        let id = id.to_string();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(Some(read)) = read_document(&db, &id).await else {
                return; // kept as it is: saved again with the next save
            };
            let title = store
                .with_workspace(|w| w.get(&id).map(|e| e.display_title()))
                .unwrap_or_default();
            let copy = Apart::OtherTab.copy_title(&title);
            store.keep_copy(&id, copy.clone());
            saver.journal.update_value(|j| {
                j.taken_back.remove(&id);
            });
            let entry = saver.take_read(&id, read);
            store.adopt_stored(entry);
            saver.journal_soon();
            store.tell(Notice::Info(format!(
                "“{title}” had unsaved changes in more than one tab: the newest saved are in “{title}”, the others are kept as “{copy}”."
            )));
        });
    }

    /// Answers the row of held document `id`. The row goes once the answer is carried out;
    /// when it cannot be, it stays, with a message.
    pub fn answer(&self, id: &str, answer: Answer) {
        let store = self.store;
        if !self.held.with_untracked(|h| h.contains(id)) {
            return;
        }
        let saver = *self;
        let id = id.to_string();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(db) = saver.db() else {
                store.tell(Notice::Error(
                    "The other tab's version cannot be read now: this browser's storage for Avow is not open. Your version is kept.".into(),
                ));
                return;
            };
            match answer {
                Answer::Mine => {
                    // Saved over the other tab's version: based on its revision, replacing
                    // its parts.
                    match read_document(&db, &id).await {
                        Ok(Some(read)) => saver.note_stored(&id, read.stored.revision, read.parts),
                        Ok(None) => saver.forget_stored(&id),
                        Err(_) => {
                            let stored = db.get(&rev_key(&id)).await.ok().flatten();
                            match stored.and_then(|r| r.trim().parse::<u64>().ok()) {
                                Some(revision) => {
                                    saver.note_stored(&id, revision, Default::default())
                                }
                                None => saver.forget_stored(&id),
                            }
                        }
                    }
                    saver.held.update(|h| {
                        h.release(&id);
                    });
                    store.mark_changed(&id);
                    saver.flush();
                }
                Answer::Theirs | Answer::Both => {
                    let read = match read_document(&db, &id).await {
                        Ok(Some(read)) => read,
                        _ => {
                            store.tell(Notice::Error(
                                "The other tab's version could not be read; your version is kept, and you are asked again.".into(),
                            ));
                            return;
                        }
                    };
                    if answer == Answer::Both {
                        let title = store
                            .with_workspace(|w| w.get(&id).map(|e| e.display_title()))
                            .unwrap_or_default();
                        store.keep_copy(&id, copy_title(&title));
                    }
                    let entry = saver.take_read(&id, read);
                    saver.held.update(|h| {
                        h.release(&id);
                    });
                    store.adopt_stored(entry);
                    saver.save_leftovers(&id);
                    saver.journal_soon();
                }
            }
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
                    || saver.held.with_untracked(|h| h.contains(id))
                {
                    saver.hold(id);
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

    /// Listens to the other tabs' saves.
    pub(super) fn listen(&self) {
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
