//! What one save writes, in one transaction: the parts of each changed document not stored
//! yet, its manifest and revision, the removal of what it no longer names, and the index; what
//! it checks first (that no other tab saved those documents meanwhile); and what the tab tells
//! the others once it has committed.

use crate::core::storage::entry::{self, EntryWriter, StoredIndex};
use crate::core::storage::keys::{self, doc_key, part_key, parts_prefix, rev_key, INDEX_KEY};
use crate::core::workspace::{Changes, Workspace};
use std::collections::{HashMap, HashSet};

/// One write of a save (all of a save's writes go in one transaction).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Write {
    Put(String, String),
    Delete(String),
    /// Every key starting with this.
    DeletePrefix(String),
}

/// What saving a workspace's changes writes, what it must check first, and what is true once
/// it has committed.
#[derive(Clone, Debug, Default)]
pub struct SavePlan {
    /// The removal of deleted documents: a transaction of its own, run first, so that it
    /// frees room even when the rest does not fit (see [`index_without`]).
    pub removals: Vec<Write>,
    pub writes: Vec<Write>,
    /// For each document written: its id, its revision key, and the revision this tab last
    /// read or wrote (`None`: never stored from here). If what is stored differs, another tab
    /// saved it meanwhile: see [`conflicts`].
    pub checks: Vec<(String, String, Option<u64>)>,
    /// Each written document's revision once the save has committed.
    pub revisions: Vec<(String, u64)>,
    /// Each written document's stored part names once the save has committed.
    pub parts: Vec<(String, HashSet<String>)>,
    /// Shared texts a document named and names no more (deleted, or its text replaced): once
    /// the save has committed, each goes unless another document's manifest names it (see
    /// [`unreferenced`]).
    pub released: Vec<String>,
    /// The document each of `released` was released by, in order.
    released_by: Vec<String>,
}

impl SavePlan {
    /// Keeps what storage holds of the documents another tab's journal names (`ids`): that
    /// tab's unsaved version is read against these parts when it is taken back, so this save
    /// deletes none of them (neither parts it replaces nor a removed document's parts and
    /// text). They stay until a later save of the document once no journal names it.
    pub fn keep_parts_of(&mut self, ids: &HashSet<String>) {
        if ids.is_empty() {
            return;
        }
        let prefixes: Vec<String> = ids.iter().map(|id| parts_prefix(id)).collect();
        let named = |key: &str| prefixes.iter().any(|p| key.starts_with(p.as_str()));
        self.writes
            .retain(|w| !matches!(w, Write::Delete(k) if named(k)));
        self.removals
            .retain(|w| !matches!(w, Write::DeletePrefix(p) if prefixes.contains(p)));
        let mut kept = self.released_by.iter().map(|id| !ids.contains(id));
        self.released.retain(|_| kept.next().unwrap_or(true));
        self.released_by.retain(|id| !ids.contains(id));
    }
}

/// Plans the save of `changes`: for each changed document in memory, the parts of its entry
/// not stored yet (`stored_parts`: the names stored per document), its manifest and its
/// revision, and the removal of parts no longer named; for each removed document, its entry,
/// revision and parts; and the index with every document's summary whenever anything changed
/// (a summary's counts change with every edit).
pub fn plan_save(
    workspace: &Workspace,
    changes: &Changes,
    writer: &mut EntryWriter,
    stored_parts: &HashMap<String, HashSet<String>>,
    revisions: &HashMap<String, u64>,
    tab: &str,
) -> SavePlan {
    let mut plan = SavePlan::default();
    let none = HashSet::new();
    for id in &changes.docs {
        let Some(entry) = workspace.get(id) else {
            continue;
        };
        let known = revisions.get(id).copied();
        let revision = known.unwrap_or(0) + 1;
        let stored = stored_parts.get(id).unwrap_or(&none);
        let parts = writer.write_parts(entry, revision, tab, stored);
        for (name, text) in &parts.parts {
            if let Some(text) = text {
                plan.writes
                    .push(Write::Put(part_key(id, name), text.clone()));
            }
        }
        plan.writes.push(Write::Put(doc_key(id), parts.manifest()));
        plan.writes
            .push(Write::Put(rev_key(id), revision.to_string()));
        let named: HashSet<String> = parts.parts.iter().map(|(name, _)| name.clone()).collect();
        for name in stored.iter().filter(|name| !named.contains(*name)) {
            release(&mut plan, id, name);
        }
        plan.checks.push((id.clone(), rev_key(id), known));
        plan.revisions.push((id.clone(), revision));
        plan.parts.push((id.clone(), named));
    }
    for id in &changes.removed {
        writer.forget(id);
        for name in stored_parts.get(id).unwrap_or(&none) {
            if keys::shared_text(name).is_some() {
                release(&mut plan, id, name);
            }
        }
        plan.removals.push(Write::Delete(doc_key(id)));
        plan.removals.push(Write::Delete(rev_key(id)));
        plan.removals.push(Write::DeletePrefix(parts_prefix(id)));
    }
    if !changes.is_empty() {
        plan.writes.push(Write::Put(
            INDEX_KEY.into(),
            StoredIndex::of_except(workspace, &changes.deferred).to_json(),
        ));
    }
    plan
}

/// How many documents an import added, never stored yet, one save stores: a save of
/// hundreds at once held the page for a quarter of a second.
pub const IMPORTS_PER_SAVE: usize = 100;

/// Leaves the documents an import added beyond the first [`IMPORTS_PER_SAVE`] never stored
/// (`stored` says which are) for the next save: they go out of `changes` (and out of this
/// save's index), and are returned, to put back. A crash between two saves loses only
/// imported documents (their file still holds them), and no index names a document storage
/// does not hold.
pub fn defer_imports(changes: &mut Changes, stored: impl Fn(&str) -> bool) -> Changes {
    let later: std::collections::BTreeSet<String> = changes
        .docs
        .iter()
        .filter(|id| changes.imported.contains(*id) && !stored(id))
        .skip(IMPORTS_PER_SAVE)
        .cloned()
        .collect();
    if later.is_empty() {
        return Changes::default();
    }
    changes.docs.retain(|id| !later.contains(id));
    changes.imported.retain(|id| !later.contains(id));
    changes.deferred = later.clone();
    Changes {
        docs: later.clone(),
        imported: later,
        index: true,
        ..Changes::default()
    }
}

/// The stored index (`raw`) without the documents `removed`, written with their removal (the
/// rest of the index is written with the save that follows). `None` when there is no index
/// or it cannot be read (it is left as it is).
pub fn index_without(raw: Option<String>, removed: &HashSet<String>) -> Option<String> {
    let mut index: StoredIndex = serde_json::from_str(&raw?).ok()?;
    index.order.retain(|id| !removed.contains(id));
    index.docs.retain(|d| !removed.contains(&d.id));
    if index
        .current
        .as_ref()
        .is_some_and(|id| removed.contains(id))
    {
        index.current = index.order.first().cloned();
    }
    Some(index.to_json())
}

/// A part a document no longer names: its own goes with the save; a shared text waits to see
/// whether another document names it.
fn release(plan: &mut SavePlan, id: &str, name: &str) {
    let key = part_key(id, name);
    if keys::shared_text(name).is_some() {
        plan.released.push(key);
        plan.released_by.push(id.to_string());
    } else {
        plan.writes.push(Write::Delete(key));
    }
}

/// Of the shared texts `released`, those no stored manifest names (`manifests`: every
/// document's record, as stored): they can go.
pub fn unreferenced(released: &[String], manifests: &[(String, String)]) -> Vec<String> {
    let named: HashSet<String> = manifests
        .iter()
        .flat_map(|(_, raw)| entry::shared_keys(raw))
        .collect();
    released
        .iter()
        .filter(|key| !named.contains(*key))
        .cloned()
        .collect()
}

/// Of the stored part and text keys (`part_keys`), those nothing names any more: no stored
/// manifest (`manifests`: every document's record, by key) and no journal (`journaled`: every
/// part key a journal record names). Parts of a document whose record is not a manifest in
/// this build's layout are left alone (an earlier build's, moved by its next save).
pub fn orphans(
    manifests: &[(String, String)],
    part_keys: &[String],
    journaled: &HashSet<String>,
) -> Vec<String> {
    let mut named: HashSet<String> = HashSet::new();
    let mut laid_out: HashSet<&str> = HashSet::new();
    for (key, raw) in manifests {
        let Some(kid) = key.strip_prefix(keys::DOC_PREFIX) else {
            continue;
        };
        let Some(names) = entry::manifest_parts(raw) else {
            continue;
        };
        let Some(id) = keys::id_of(kid) else {
            continue;
        };
        if keys::key_id(&id) != kid {
            continue; // an earlier build's key
        }
        laid_out.insert(kid);
        let doc = keys::DocKeys::of(&id);
        named.extend(names.iter().map(|name| doc.part(name)));
    }
    part_keys
        .iter()
        .filter(|key| !named.contains(*key) && !journaled.contains(*key))
        .filter(|key| {
            if key.starts_with(keys::TEXT_PREFIX) {
                return true;
            }
            // An own part: only of a document laid out as this build keeps it.
            key.strip_prefix(keys::PART_PREFIX)
                .and_then(|rest| rest.rsplit_once(':'))
                .is_some_and(|(kid, _)| !kid.contains(':') && laid_out.contains(kid))
        })
        .cloned()
        .collect()
}

/// The documents another tab saved since this one read them: their stored revision (`read`,
/// one per check of a plan, [`SavePlan::checks`], in order) is not the one this tab knows.
pub fn conflicts(checks: &[(String, String, Option<u64>)], read: &[Option<String>]) -> Vec<String> {
    checks
        .iter()
        .zip(read)
        .filter(|((_, _, known), stored)| {
            let stored = stored.as_deref().and_then(|r| r.trim().parse::<u64>().ok());
            stored.is_some() && stored != *known
        })
        .map(|((id, _, _), _)| id.clone())
        .collect()
}

/// What a tab tells the others after each save (IndexedDB fires no storage event): the
/// documents it wrote with their new revisions, and those it removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Saved {
    pub tab: String,
    pub docs: Vec<(String, u64)>,
    pub removed: Vec<String>,
}

/// How a [`Saved`] message begins.
const SAVED_START: &str = "avow-saved ";

impl Saved {
    /// What a committed plan wrote.
    pub fn of(plan: &SavePlan, removed: &[String], tab: &str) -> Self {
        Self {
            tab: tab.into(),
            docs: plan.revisions.clone(),
            removed: removed.to_vec(),
        }
    }

    /// As sent: a line per document (`+<revision> <id>`, `-<id>`), each name a JSON string.
    /// Lines rather than a serde type: this is a few hundred bytes of the app less.
    pub fn to_json(&self) -> String {
        let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let mut out = format!("{SAVED_START}{}", quoted(&self.tab));
        for (id, revision) in &self.docs {
            out.push_str(&format!("\n+{revision} {}", quoted(id)));
        }
        for id in &self.removed {
            out.push_str(&format!("\n-{}", quoted(id)));
        }
        out
    }

    /// A message as received; `None` when it is not one of these.
    pub fn parse(raw: &str) -> Option<Self> {
        let unquote = |s: &str| serde_json::from_str::<String>(s).ok();
        let mut lines = raw.lines();
        let mut saved = Saved {
            tab: unquote(lines.next()?.strip_prefix(SAVED_START)?)?,
            ..Saved::default()
        };
        for line in lines {
            if let Some(rest) = line.strip_prefix('+') {
                let (revision, id) = rest.split_once(' ')?;
                saved.docs.push((unquote(id)?, revision.parse().ok()?));
            } else {
                saved.removed.push(unquote(line.strip_prefix('-')?)?);
            }
        }
        Some(saved)
    }
}
