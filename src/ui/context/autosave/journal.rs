//! This tab's journal and session (see `core::storage::journal`): every unsaved change is
//! written to localStorage a moment after it is made, and again as the page is hidden or
//! closed; a record goes once a save has stored what it held. Each tab holds a lock for its
//! life and keeps a session marker, removed when it closes: at start, the journals and markers
//! of tabs that are gone are taken back, merged, under one lock (two tabs starting at once do
//! not both take them), and what happened is said.

use super::Saver;
use crate::browser::locks::{self, Lock};
use crate::browser::stored::read_document;
use crate::core::storage::journal::{
    merge, named_parts, read_journals, resolve, write_journal, Found, Report, Version,
};
use crate::core::storage::keys::{session_key, DOC_PREFIX, PART_PREFIX, TEXT_PREFIX};
use crate::core::storage::plan::orphans;
use crate::core::workspace::DocEntry;
use crate::ui::context::workspace::now;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// The lock each open tab holds, followed by its id.
const TAB_LOCK_PREFIX: &str = "avow-tab-";
/// The lock a starting tab holds while it takes back what gone tabs left.
const TAKE_BACK_LOCK: &str = "avow-take-back";

/// What this tab's journal holds.
#[derive(Clone, Debug, Default)]
pub(super) struct Journal {
    /// Written from the moment start has taken back what gone tabs left.
    started: bool,
    /// A write is asked for (one per moment, however many changes).
    pending: bool,
    /// The keys it holds now.
    keys: HashSet<String>,
    /// The page is closing: its session marker is gone and stays gone (a save committing as
    /// the page goes must not write it again).
    closing: bool,
    /// Documents whose unsaved version came from a gone tab's journal, not yet saved: if
    /// another tab saved them meanwhile, this version is kept as a copy rather than asked
    /// about (it was never typed here).
    pub(super) taken_back: HashSet<String>,
}

/// A time as the user reads it (the browser's locale).
fn local_time(ms: i64) -> String {
    js_sys::Date::new(&(ms as f64).into())
        .to_locale_time_string("default")
        .into()
}

impl Saver {
    /// Asks for this tab's lock, held for its life (asked at once, so that the start's other
    /// work goes on meanwhile: see [`Saver::begin_session`]).
    pub(super) fn ask_tab_lock(&self) -> Lock {
        Lock::request(&format!("{TAB_LOCK_PREFIX}{}", self.tab.get_value()))
    }

    /// Once this tab holds its lock (`tab_lock`, kept for the page's life), writes its
    /// session marker.
    pub(super) async fn begin_session(&self, mut tab_lock: Lock) {
        tab_lock.granted().await;
        self.mark_session();
        // A page shown again from the back/forward cache is open again.
        let saver = *self;
        if let Some(window) = web_sys::window() {
            gloo::events::EventListener::new(&window, "pageshow", move |_| {
                saver.journal.update_value(|j| j.closing = false);
                saver.mark_session();
            })
            .forget();
        }
    }

    /// The session marker says this tab is open and had recorded everything by now.
    fn mark_session(&self) {
        if self.journal.with_value(|j| j.closing) {
            return;
        }
        let _ = crate::browser::storage::write_json(
            &session_key(&self.tab.get_value()),
            &now().to_string(),
        );
    }

    /// The tab closes cleanly: its marker goes.
    pub(super) fn end_session(&self) {
        self.journal.update_value(|j| j.closing = true);
        crate::browser::storage::remove(&session_key(&self.tab.get_value()));
    }

    /// Writes the journal as the change's task ends (a microtask: once for all the changes
    /// one event makes, and before the browser can run anything else, a quit included).
    pub(super) fn journal_soon(&self) {
        let asked = self
            .journal
            .try_update_value(|j| !std::mem::replace(&mut j.pending, true))
            .unwrap_or(false);
        if asked {
            let saver = *self;
            wasm_bindgen_futures::spawn_local(async move {
                if saver.journal.with_value(|j| j.pending) {
                    saver.write_journal_now();
                }
            });
        }
    }

    /// Writes every unsaved change to the journal now (what a save under way has not yet
    /// committed included), and removes the records of what is stored.
    pub(super) fn write_journal_now(&self) {
        let store = self.store;
        let started = self
            .journal
            .try_update_value(|j| {
                j.pending = false;
                j.started
            })
            .unwrap_or(false);
        if !started {
            return;
        }
        let mut changes = store.with_workspace(|w| w.changes().clone());
        if let Some(in_flight) = self.in_flight.with_value(Clone::clone) {
            changes.merge(in_flight);
        }
        let tab = self.tab.get_value();
        let records = store.with_workspace(|w| {
            self.revisions.with_value(|revisions| {
                self.parts.with_value(|parts| {
                    self.writer
                        .try_update_value(|writer| {
                            write_journal(w, &changes, revisions, parts, writer, &tab, now())
                        })
                        .unwrap_or_default()
                })
            })
        });
        let now_keys: HashSet<String> = records.iter().map(|(k, _)| k.clone()).collect();
        for (key, value) in &records {
            // A record storage cannot take leaves the one before it (an older version is
            // better than none); the IndexedDB save is then all there is.
            let _ = crate::browser::storage::write_json(key, value);
        }
        let before = self
            .journal
            .try_update_value(|j| std::mem::replace(&mut j.keys, now_keys.clone()))
            .unwrap_or_default();
        for key in before.difference(&now_keys) {
            crate::browser::storage::remove(key);
        }
        self.mark_session();
    }

    /// Deletes the stored parts nothing names any more: no manifest, and no journal (a save
    /// keeps what another tab's journal names; once that is taken back, it goes here).
    pub(super) fn sweep(&self) {
        let Some(db) = self.db() else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            let _ = db
                .delete_picked_keys(
                    DOC_PREFIX,
                    &[PART_PREFIX, TEXT_PREFIX],
                    |manifests, keys| {
                        let journaled = named_parts(&crate::browser::storage::snapshot());
                        orphans(manifests, keys, &journaled)
                    },
                )
                .await;
        });
    }

    /// Takes back what tabs that are gone left in their journals, merged (see
    /// `core::storage::journal::merge`), and says what happened; from then on this tab's
    /// journal is written.
    pub(super) async fn take_back_journals(&self) -> Option<String> {
        let mut lock = Lock::request(TAKE_BACK_LOCK);
        lock.granted().await;
        let report = self.take_back().await;
        lock.release();
        report
    }

    async fn take_back(&self) -> Option<String> {
        let store = self.store;
        let tab = self.tab.get_value();
        let open: Option<HashSet<String>> = locks::held().await.map(|names| {
            names
                .into_iter()
                .filter_map(|n| n.strip_prefix(TAB_LOCK_PREFIX).map(String::from))
                .collect()
        });
        let snapshot = crate::browser::storage::snapshot();
        // Without Web Locks, every other tab's journal is taken (merged: nothing is lost).
        let journals = read_journals(&snapshot, |t| {
            t == tab || open.as_ref().is_some_and(|o| o.contains(t))
        });
        self.journal.update_value(|j| j.started = true);
        if journals.records.is_empty()
            && journals.unclosed.is_empty()
            && journals.indexes.is_empty()
            && journals.unreadable.is_empty()
        {
            return None;
        }
        let db = self.db();
        let mut versions = Vec::new();
        let mut done = journals.indexes.clone();
        let mut report = Report::default();
        for (key, from, found) in &journals.records {
            let mut fetched = Vec::new();
            if let (Found::Parts(record), Some(db)) = (found, &db) {
                let keys = record.missing_keys();
                let values = db.get_many(&keys).await.unwrap_or_default();
                fetched = keys
                    .into_iter()
                    .zip(values)
                    .filter_map(|(k, v)| Some((k, v?)))
                    .collect();
            }
            match resolve(found, &fetched) {
                Ok((base, entry)) => {
                    let at = match found {
                        Found::Parts(record) => record.at,
                        Found::Whole { .. } => 0,
                    };
                    versions.push(Version {
                        tab: from.clone(),
                        at,
                        base,
                        entry,
                    });
                    done.push(key.clone());
                }
                Err(why) => report.kept.push(format!("{}: {why}", found.id())),
            }
        }
        report.kept.extend(
            journals
                .unreadable
                .iter()
                .map(|k| format!("{k}: not readable")),
        );
        // The stored version of each document a version was based on a replaced revision of.
        let revisions = self.revisions.get_value();
        let mut stored: HashMap<String, DocEntry> = HashMap::new();
        if let Some(db) = &db {
            for v in &versions {
                let id = &v.entry.id;
                let now = revisions.get(id).copied();
                if now.is_some() && now != Some(v.base) && !stored.contains_key(id) {
                    if let Ok(Some(read)) = read_document(db, id).await {
                        stored.insert(id.clone(), read.stored.entry);
                    }
                }
            }
        }
        let recovery = merge(versions, &revisions, &stored);
        // The document the last page had open is read, so that it opens again.
        if let Some(id) = &journals.current {
            if store.with_workspace(|w| w.contains(id) && w.get(id).is_none()) {
                self.load(id).await;
            }
        }
        report.restored = recovery.take.iter().map(DocEntry::display_title).collect();
        let copies: Vec<(DocEntry, String)> = recovery
            .apart
            .into_iter()
            .map(|(entry, why)| {
                let title = entry.display_title();
                let copy = why.copy_title(&title);
                report.copies.push((title, copy.clone(), why));
                (entry, copy)
            })
            .collect();
        let taken: HashSet<String> = recovery.take.iter().map(|e| e.id.clone()).collect();
        self.journal.update_value(|j| j.taken_back.extend(taken));
        store.recover(recovery.take, copies, journals.current, journals.annotator);
        // What was taken is in this tab's journal before the gone tabs' records go.
        self.write_journal_now();
        for key in done.iter().chain(&journals.unclosed) {
            crate::browser::storage::remove(key);
        }
        if !journals.unclosed.is_empty() {
            report.unclosed_at = Some(
                journals
                    .unclosed_at
                    .map_or_else(|| "its last record".to_string(), local_time),
            );
        }
        report.message()
    }
}
