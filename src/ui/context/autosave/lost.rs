//! The database ended under the open page: deleted (site data cleared, another tab, the
//! browser's tools), closed by the browser, or taken over by a newer Avow. Noticed at once
//! (the connection's `versionchange` and `close` events), said in plain words, and every
//! change this tab holds is kept in memory (and in its journal); a cleared store is made again
//! and everything this tab holds saved in it.

use super::Saver;
use crate::browser::idb::{Db, Lost};
use crate::core::workspace::Workspace;
use crate::ui::context::clock::after_ms;
use crate::ui::context::ui::Notice;
use leptos::prelude::*;

/// How long a cleared store is left before it is made again (the deletion finishes first).
const REOPEN_AFTER_MS: u32 = 300;

/// This browser's storage for Avow was cleared under the open page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cleared {
    /// The titles of the documents that were stored but not in memory here: gone with it.
    pub gone: Vec<String>,
    /// Everything this tab holds has been saved in a new store since.
    pub resaved: bool,
}

impl Saver {
    /// The database ended without the page asking (see [`Lost`]).
    pub(super) fn database_lost(&self, why: Lost) {
        let store = self.store;
        if self.db.with_value(Option::is_none) {
            return; // already said
        }
        self.db.set_value(None);
        if why == Lost::Upgraded {
            store.tell(Notice::Error(
                "A newer version of Avow, opened in another tab, took over this browser's storage: reload this tab to use it. Until then your work here is kept in this tab only; download the workspace to keep it.".into(),
            ));
            return;
        }
        // What was only stored is gone with it; what is in memory stays, all of it unsaved now.
        let gone: Vec<(String, String)> = store.with_workspace(|w| {
            w.summaries()
                .into_iter()
                .filter(|d| w.get(&d.id).is_none())
                .map(|d| (d.id, d.title))
                .collect()
        });
        for (id, _) in &gone {
            store.forget(id);
        }
        self.revisions.set_value(Default::default());
        self.parts.set_value(Default::default());
        self.leftovers.set_value(Vec::new());
        self.damaged.set(Vec::new());
        // The other tabs' versions went too: nothing is left to choose between.
        self.held.set(Default::default());
        store.mutate(|w: &mut Workspace| {
            let loaded: Vec<String> = w.entries().map(|e| e.id.clone()).collect();
            for id in loaded {
                w.get_mut(&id);
            }
        });
        self.cleared.set(Some(Cleared {
            gone: gone.into_iter().map(|(_, title)| title).collect(),
            resaved: false,
        }));
        self.write_journal_now();
        let saver = *self;
        after_ms(REOPEN_AFTER_MS, move || saver.reopen());
    }

    /// Makes the store again and saves everything this tab holds in it.
    fn reopen(&self) {
        let saver = *self;
        wasm_bindgen_futures::spawn_local(async move {
            match Db::open().await {
                Ok(db) => {
                    saver.use_db(db);
                    saver.flush();
                }
                Err(error) => saver.store.tell(Notice::Error(format!(
                    "This browser's storage for Avow cannot be opened again ({error}): your work is kept in this tab only. Download the workspace to keep it."
                ))),
            }
        });
    }

    /// A save committed after the store was made again: the warning says so.
    pub(super) fn note_resaved(&self) {
        let store = self.store;
        if self
            .cleared
            .with_untracked(|c| c.as_ref().is_some_and(|c| !c.resaved))
            && !store.with_workspace(Workspace::has_changes)
        {
            self.cleared.update(|c| {
                if let Some(c) = c {
                    c.resaved = true;
                }
            });
        }
    }
}
