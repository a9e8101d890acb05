//! Adjudication: several annotators' versions of one text merged into a gold version, each
//! gold span and relation recording where it came from (`Provenance`) and each unit the
//! adjudicator turned down recorded as `Rejected`. The gold version is an ordinary document
//! whose `Gold` record rides along with it; decisions are edits (`Edit::Gold` beside the span
//! and relation edits), so undo, redo and the autosave treat them as any other edit.
//! `board` aligns the versions (with the agreement view's engine) and makes the decisions.

use crate::core::annotation::edit::Edit;
use crate::core::annotation::relation::RelationId;
use crate::core::annotation::span::SpanId;
use serde::Serialize;

/// A span or relation of an annotator's version: the annotator's name and the item's id as
/// files write it (`s12`, `r3`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    pub annotator: String,
    pub id: String,
}

/// How a gold item was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Every annotator had it, identical: merged when adjudication started.
    Unanimous,
    /// One annotator's version taken whole (by its number, or as the proposal / majority).
    Picked,
    /// Built cell by cell from several annotators' versions.
    Cells,
    /// Taken, then changed by the adjudicator.
    Edited,
    /// Made by the adjudicator; no annotator had it.
    Added,
}

impl Decision {
    pub const ALL: [Decision; 5] = [
        Decision::Unanimous,
        Decision::Picked,
        Decision::Cells,
        Decision::Edited,
        Decision::Added,
    ];

    /// Its name in files.
    pub fn name(self) -> &'static str {
        ["unanimous", "picked", "cells", "edited", "added"][self as usize]
    }
}

/// The name a gold version goes by among the annotators' versions (agreement lists it apart,
/// never counted by default; a peer's ground truth is read back under it).
pub const GOLD_NAME: &str = "gold";

/// Where a gold span or relation came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    pub decision: Decision,
    /// The annotators' items it was made from.
    pub sources: Vec<Source>,
    /// The annotators whose item is identical to the gold one.
    pub agreed_by: Vec<String>,
    /// The adjudicator.
    pub by: String,
    /// When it was decided, in milliseconds since the epoch.
    pub at: i64,
}

/// A unit the annotators marked that the adjudicator recorded as "not an annotation".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub sources: Vec<Source>,
    pub by: String,
    pub at: i64,
    pub note: String,
}

/// Which undecided units are filled in as proposals (they still wait for a key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// None: only unanimous units are merged (at the start).
    Unanimous,
    /// Units nobody disagrees on, though someone is missing.
    Incomplete,
    /// Units where at least `majority` annotators have the same span.
    Majority,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [
        Strategy::Unanimous,
        Strategy::Incomplete,
        Strategy::Majority,
    ];

    /// Its name in files.
    pub fn name(self) -> &'static str {
        ["unanimous", "incomplete", "majority"][self as usize]
    }
}

/// What the adjudication was set up with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The least intersection-over-union, in percent, for spans to align.
    pub iou_percent: u32,
    pub strategy: Strategy,
    /// The least number of agreeing annotators for `Strategy::Majority`.
    pub majority: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            iou_percent: 50,
            strategy: Strategy::Unanimous,
            majority: 2,
        }
    }
}

/// One version adjudicated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Input {
    pub annotator: String,
    /// The text's SHA-256: every input has the gold version's text.
    pub sha256: String,
}

/// The file's top-level `adjudication`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Info {
    pub adjudicator: String,
    pub started: i64,
    pub finished: Option<i64>,
    pub inputs: Vec<Input>,
    pub settings: Settings,
}

/// What a gold version holds beside its spans and relations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gold {
    pub info: Info,
    pub spans: Records<SpanId>,
    pub relations: Records<RelationId>,
    pub rejected: Vec<Rejected>,
}

impl Gold {
    /// A gold version just started.
    pub fn new(info: Info) -> Gold {
        Gold {
            info,
            spans: Records::default(),
            relations: Records::default(),
            rejected: Vec::new(),
        }
    }

    /// Adds a record (an edit's `after`).
    pub fn put(&mut self, mark: &Mark) {
        match mark {
            Mark::Span(id, p) => {
                self.spans.insert(*id, p.clone());
            }
            Mark::Relation(id, p) => {
                self.relations.insert(*id, p.clone());
            }
            Mark::Rejected(r) => self.rejected.push(r.clone()),
        }
    }

    /// Removes a record (an edit's `before`).
    pub fn take(&mut self, mark: &Mark) {
        match mark {
            Mark::Span(id, _) => {
                self.spans.remove(id);
            }
            Mark::Relation(id, _) => {
                self.relations.remove(id);
            }
            Mark::Rejected(r) => {
                if let Some(at) = self.rejected.iter().rposition(|x| x == r) {
                    self.rejected.remove(at);
                }
            }
        }
    }
}

/// The edit that adds `mark` to a gold version.
pub fn record(mark: Mark) -> Edit {
    Edit::Gold {
        before: None,
        after: Some(Box::new(mark)),
    }
}

/// The edit that removes `mark` from a gold version.
pub fn unrecord(mark: Mark) -> Edit {
    Edit::Gold {
        before: Some(Box::new(mark)),
        after: None,
    }
}

/// One record of a gold version, as edits add and remove them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    Span(SpanId, Provenance),
    Relation(RelationId, Provenance),
    Rejected(Rejected),
}

/// Provenance by id, in a sorted list: a map's code for two key types would cost the app
/// kilobytes, and a gold version holds a few thousand records at most.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Records<K>(Vec<(K, Provenance)>);

impl<K> Default for Records<K> {
    fn default() -> Self {
        Records(Vec::new())
    }
}

impl<K: Copy + Ord> Records<K> {
    fn at(&self, key: &K) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.cmp(key))
    }

    pub fn get(&self, key: &K) -> Option<&Provenance> {
        self.at(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.at(key).is_ok()
    }

    pub fn insert(&mut self, key: K, value: Provenance) {
        match self.at(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    pub fn remove(&mut self, key: &K) -> Option<Provenance> {
        self.at(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn values(&self) -> impl Iterator<Item = &Provenance> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &Provenance)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Every record, by key order, to change in place (keys stay).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Provenance> {
        self.0.iter_mut().map(|(_, v)| v)
    }
}

impl<K: Copy + Ord> std::ops::Index<&K> for Records<K> {
    type Output = Provenance;
    fn index(&self, key: &K) -> &Provenance {
        self.get(key).expect("no record of this id")
    }
}
