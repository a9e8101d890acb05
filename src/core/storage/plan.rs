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
        plan.writes.push(Write::Delete(doc_key(id)));
        plan.writes.push(Write::Delete(rev_key(id)));
        plan.writes.push(Write::DeletePrefix(parts_prefix(id)));
    }
    if !changes.is_empty() {
        plan.writes.push(Write::Put(
            INDEX_KEY.into(),
            StoredIndex::of(workspace).to_json(),
        ));
    }
    plan
}

/// A part a document no longer names: its own goes with the save; a shared text waits to see
/// whether another document names it.
fn release(plan: &mut SavePlan, id: &str, name: &str) {
    let key = part_key(id, name);
    if keys::shared_text(name).is_some() {
        plan.released.push(key);
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
