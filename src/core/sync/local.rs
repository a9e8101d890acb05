//! The local side of a sync: documents with their revision histories, as CouchDB keeps them
//! (every leaf of a document's revision tree; the winner picked as CouchDB picks it), and a
//! sequence that numbers each change, so a push resumes where it stopped.

use super::rev::Rev;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

/// How many ancestors a revision keeps (CouchDB's default `revs_limit`).
pub const REVS_LIMIT: usize = 1000;

/// One leaf of a document's revision tree: a revision with its history and content.
#[derive(Clone, Debug, PartialEq)]
pub struct Leaf {
    pub rev: Rev,
    /// Its ancestors' hashes and its own, newest first (`history[0] == rev.hash`).
    pub history: Vec<String>,
    /// The content, without `_id`, `_rev` and the other underscore fields.
    pub body: Value,
    pub deleted: bool,
}

impl Leaf {
    /// Whether `rev` is this leaf or one of its ancestors.
    pub fn descends_from(&self, rev: &Rev) -> bool {
        rev.pos <= self.rev.pos
            && self
                .history
                .get((self.rev.pos - rev.pos) as usize)
                .is_some_and(|h| *h == rev.hash)
    }

    /// The document as the server takes it with `new_edits: false`: content, id, revision
    /// and history.
    pub fn to_json(&self, id: &str) -> Value {
        let mut doc = match &self.body {
            Value::Object(map) => map.clone(),
            _ => Map::new(),
        };
        doc.insert("_id".into(), Value::from(id));
        doc.insert("_rev".into(), Value::from(self.rev.to_string()));
        doc.insert(
            "_revisions".into(),
            serde_json::json!({"start": self.rev.pos, "ids": self.history}),
        );
        if self.deleted {
            doc.insert("_deleted".into(), Value::Bool(true));
        }
        Value::Object(doc)
    }

    /// A leaf from a document as the server sends it with `revs=true`; `None` when it lacks
    /// its id or revision.
    pub fn from_json(doc: &Value) -> Option<(String, Leaf)> {
        let map = doc.as_object()?;
        let id = map.get("_id")?.as_str()?.to_string();
        let rev = Rev::parse(map.get("_rev")?.as_str()?)?;
        let history = match map.get("_revisions") {
            Some(r) => r
                .get("ids")?
                .as_array()?
                .iter()
                .filter_map(|h| h.as_str().map(str::to_string))
                .collect(),
            None => vec![rev.hash.clone()],
        };
        if history.first() != Some(&rev.hash) {
            return None;
        }
        let body: Map<String, Value> = map
            .iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let deleted = map.get("_deleted").and_then(Value::as_bool) == Some(true);
        Some((
            id,
            Leaf {
                rev,
                history,
                body: Value::Object(body),
                deleted,
            },
        ))
    }
}

/// A document: its leaves, the winner first, and the sequence of its last change.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub leaves: Vec<Leaf>,
    pub seq: u64,
}

impl Doc {
    /// The revision CouchDB shows: not deleted first, then the longest history, then the
    /// greatest hash.
    pub fn winner(&self) -> &Leaf {
        &self.leaves[0]
    }

    /// The other leaves: conflicts to resolve (deleted ones left out).
    pub fn conflicts(&self) -> impl Iterator<Item = &Leaf> {
        self.leaves[1..].iter().filter(|l| !l.deleted)
    }

    fn sort(&mut self) {
        self.leaves.sort_by(|a, b| {
            (!a.deleted, a.rev.pos, &a.rev.hash)
                .cmp(&(!b.deleted, b.rev.pos, &b.rev.hash))
                .reverse()
        });
    }
}

/// The local database of a sync.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalDb {
    docs: BTreeMap<String, Doc>,
    seq: u64,
}

impl LocalDb {
    /// The document with this id.
    pub fn get(&self, id: &str) -> Option<&Doc> {
        self.docs.get(id)
    }

    /// Every document, by id.
    pub fn docs(&self) -> impl Iterator<Item = (&String, &Doc)> {
        self.docs.iter()
    }

    /// The sequence of the last change.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// A local edit: `body` becomes the next revision of the winner (or the first). Its
    /// revision.
    pub fn put(&mut self, id: &str, body: Value) -> Rev {
        self.write(id, body, false)
    }

    /// A local deletion of the winner.
    pub fn delete(&mut self, id: &str) -> Rev {
        self.write(id, Value::Object(Map::new()), true)
    }

    fn write(&mut self, id: &str, body: Value, deleted: bool) -> Rev {
        self.seq += 1;
        let seq = self.seq;
        let doc = self.docs.entry(id.to_string()).or_insert(Doc {
            leaves: Vec::new(),
            seq,
        });
        let parent = doc.leaves.first().cloned();
        let rev = Rev::next(parent.as_ref().map(|l| &l.rev), &body);
        let mut history = vec![rev.hash.clone()];
        if let Some(parent) = &parent {
            history.extend(parent.history.iter().cloned());
            history.truncate(REVS_LIMIT);
        }
        let leaf = Leaf {
            rev: rev.clone(),
            history,
            body,
            deleted,
        };
        match parent {
            Some(_) => doc.leaves[0] = leaf,
            None => doc.leaves.push(leaf),
        }
        doc.seq = seq;
        doc.sort();
        rev
    }

    /// Takes a leaf as the server sends it (`new_edits: false`): it replaces a leaf it
    /// descends from, is dropped when a leaf here already descends from it, and is kept beside
    /// the others otherwise (a conflict). Whether anything changed.
    pub fn merge(&mut self, id: &str, leaf: Leaf) -> bool {
        let next = self.seq + 1;
        let doc = self.docs.entry(id.to_string()).or_insert(Doc {
            leaves: Vec::new(),
            seq: next,
        });
        if doc.leaves.iter().any(|l| l.descends_from(&leaf.rev)) {
            return false;
        }
        doc.leaves.retain(|l| !leaf.descends_from(&l.rev));
        doc.leaves.push(leaf);
        doc.sort();
        self.seq = next;
        doc.seq = next;
        true
    }

    /// Of the revisions asked about (by document id), those not here: neither a leaf nor an
    /// ancestor of one (`_revs_diff`).
    pub fn missing(&self, asked: &BTreeMap<String, Vec<Rev>>) -> BTreeMap<String, Vec<Rev>> {
        asked
            .iter()
            .filter_map(|(id, revs)| {
                let have = |rev: &Rev| {
                    self.docs
                        .get(id)
                        .is_some_and(|d| d.leaves.iter().any(|l| l.descends_from(rev)))
                };
                let missing: Vec<Rev> = revs.iter().filter(|r| !have(r)).cloned().collect();
                (!missing.is_empty()).then(|| (id.clone(), missing))
            })
            .collect()
    }

    /// The documents changed after `seq`, oldest change first, with their sequences.
    pub fn changes_since(&self, seq: u64) -> Vec<(&str, u64)> {
        let mut changed: Vec<(&str, u64)> = self
            .docs
            .iter()
            .filter(|(_, d)| d.seq > seq)
            .map(|(id, d)| (id.as_str(), d.seq))
            .collect();
        changed.sort_by_key(|&(_, s)| s);
        changed
    }

    /// The ids of documents with conflicts.
    pub fn conflicted(&self) -> HashSet<&str> {
        self.docs
            .iter()
            .filter(|(_, d)| d.conflicts().next().is_some())
            .map(|(id, _)| id.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn edits_on_two_machines_are_both_kept_and_the_same_winner_is_shown() {
        let mut a = LocalDb::default();
        a.put("doc", json!({"n": 1}));
        let mut b = a.clone();
        a.put("doc", json!({"n": "a"}));
        b.put("doc", json!({"n": "b"}));
        // Each takes the other's leaf: a conflict, kept on both, with one winner.
        let from_b = b.get("doc").unwrap().winner().clone();
        let from_a = a.get("doc").unwrap().winner().clone();
        assert!(a.merge("doc", from_b.clone()));
        assert!(b.merge("doc", from_a));
        assert_eq!(a.get("doc").unwrap().leaves.len(), 2);
        assert_eq!(
            a.get("doc").unwrap().winner().rev,
            b.get("doc").unwrap().winner().rev
        );
        assert_eq!(a.conflicted().len(), 1);
        // Taking an old revision again changes nothing; a descendant replaces its ancestor.
        assert!(!a.merge("doc", from_b));
        let winner = a.get("doc").unwrap().winner().rev.clone();
        let mut c = a.clone();
        c.put("doc", json!({"n": "resolved"}));
        let resolved = c.get("doc").unwrap().winner().clone();
        assert!(resolved.descends_from(&winner));
        assert!(a.merge("doc", resolved));
        assert_eq!(a.get("doc").unwrap().leaves.len(), 2);
    }

    #[test]
    fn a_leaf_survives_its_trip_through_json() {
        let mut db = LocalDb::default();
        db.put("x", json!({"text": "é"}));
        db.put("x", json!({"text": "è"}));
        let leaf = db.get("x").unwrap().winner().clone();
        let (id, back) = Leaf::from_json(&leaf.to_json("x")).unwrap();
        assert_eq!((id.as_str(), back), ("x", leaf));
        let mut missing = BTreeMap::new();
        missing.insert("x".to_string(), vec![Rev::parse("1-abc").unwrap()]);
        assert_eq!(db.missing(&missing).len(), 1);
        let first = Rev::parse(&format!("1-{}", db.get("x").unwrap().winner().history[1])).unwrap();
        missing.insert("x".to_string(), vec![first]);
        assert!(db.missing(&missing).is_empty(), "an ancestor is here");
    }
}
