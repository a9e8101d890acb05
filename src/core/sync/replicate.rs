//! One replication, one way, between the local database and a database on the server, as
//! CouchDB's replication protocol runs it: read the checkpoint (`_local/<id>`), list what
//! changed since (`_changes`, or the local sequence), ask the other side which revisions it
//! lacks (`_revs_diff`), copy those with their histories (`_bulk_get`, falling back to
//! `open_revs`; `_bulk_docs` with `new_edits: false`), write the checkpoint, and again until
//! nothing is left. Sans IO: [`Replication::start`] and [`Replication::on_response`] say
//! which request to send next, or that it is done.

use super::local::{Leaf, LocalDb};
use super::rev::Rev;
use super::{error_of, segment, Method, Request, Response, SyncError};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, VecDeque};

/// Which way a replication copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From the local database to the server's.
    Push,
    /// From the server's database to the local one.
    Pull,
}

/// What a replication did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Documents (revisions) copied.
    pub docs: usize,
    /// Revisions the server refused (`validate_doc_update`), with the reason.
    pub refused: Vec<(String, String)>,
    /// The checkpoint reached: the server's sequence (pull) or the local one (push).
    pub checkpoint: String,
}

/// What to do next.
#[derive(Clone, Debug, PartialEq)]
pub enum Next {
    Send(Request),
    Done(Stats),
    Failed(SyncError),
}

/// Where a replication stands: which answer it waits for.
#[derive(Clone, Debug)]
enum Waiting {
    Checkpoint,
    Changes,
    /// The server's `_revs_diff` (push), for the changes up to this local sequence.
    RevsDiff {
        upto: u64,
    },
    /// `_bulk_docs` (push) of a batch, then the checkpoint `upto`.
    Written {
        upto: String,
    },
    /// `_bulk_get` (pull) of a batch, then the checkpoint `upto`; `more` when the server
    /// has more changes.
    Fetched {
        upto: String,
        more: bool,
        asked: Vec<(String, Rev)>,
    },
    /// `open_revs` one document at a time, where `_bulk_get` is missing.
    OpenRevs {
        upto: String,
        more: bool,
        queue: VecDeque<(String, Vec<Rev>)>,
    },
    SavedCheckpoint {
        upto: String,
        more: bool,
    },
    Over,
}

/// A replication under way.
#[derive(Clone, Debug)]
pub struct Replication {
    direction: Direction,
    /// The server's database, as a path segment.
    db: String,
    /// The checkpoint document's id (`_local/` not included).
    id: String,
    /// The checkpoint's revision on the server, to update it.
    checkpoint_rev: Option<String>,
    since: String,
    batch: usize,
    waiting: Waiting,
    stats: Stats,
}

impl Replication {
    /// A replication of the server's database `db`, its checkpoint kept under
    /// `_local/<checkpoint>` (one per local database and direction), `batch` documents at a
    /// time.
    pub fn new(direction: Direction, db: &str, checkpoint: &str, batch: usize) -> Self {
        Replication {
            direction,
            db: segment(db),
            id: checkpoint.to_string(),
            checkpoint_rev: None,
            since: "0".into(),
            batch: batch.max(1),
            waiting: Waiting::Checkpoint,
            stats: Stats::default(),
        }
    }

    fn checkpoint_path(&self) -> String {
        format!("/{}/_local/{}", self.db, segment(&self.id))
    }

    /// The first request: the checkpoint.
    pub fn start(&mut self) -> Next {
        self.waiting = Waiting::Checkpoint;
        Next::Send(Request {
            method: Method::Get,
            path: self.checkpoint_path(),
            body: None,
        })
    }

    /// Takes the server's answer to the last request: the next request, or the end.
    pub fn on_response(&mut self, local: &mut LocalDb, response: Response) -> Next {
        let waiting = std::mem::replace(&mut self.waiting, Waiting::Over);
        let ok = (200..300).contains(&response.status);
        match waiting {
            Waiting::Checkpoint => {
                if ok {
                    self.checkpoint_rev = response
                        .body
                        .get("_rev")
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    self.since = seq_text(response.body.get("last_seq"));
                } else if response.status != 404 {
                    return Next::Failed(error_of(&response));
                }
                self.next_batch(local)
            }
            Waiting::Changes => {
                if !ok {
                    return Next::Failed(error_of(&response));
                }
                self.pull_changes(local, &response.body)
            }
            Waiting::RevsDiff { upto } => {
                if !ok {
                    return Next::Failed(error_of(&response));
                }
                let docs: Vec<Value> = response
                    .body
                    .as_object()
                    .into_iter()
                    .flatten()
                    .flat_map(|(id, diff)| {
                        let missing: Vec<Rev> = diff
                            .get("missing")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                            .filter_map(|r| r.as_str().and_then(Rev::parse))
                            .collect();
                        local
                            .get(id)
                            .into_iter()
                            .flat_map(|d| d.leaves.iter())
                            .filter(move |l| missing.contains(&l.rev))
                            .map(move |l| l.to_json(id))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                let upto = upto.to_string();
                if docs.is_empty() {
                    return self.save_checkpoint(upto, true);
                }
                self.stats.docs += docs.len();
                self.waiting = Waiting::Written { upto };
                Next::Send(Request {
                    method: Method::Post,
                    path: format!("/{}/_bulk_docs", self.db),
                    body: Some(json!({"new_edits": false, "docs": docs})),
                })
            }
            Waiting::Written { upto } => {
                if !ok {
                    return Next::Failed(error_of(&response));
                }
                // With new_edits false, only refusals come back.
                for item in response.body.as_array().into_iter().flatten() {
                    if let Some(error) = item.get("error").and_then(Value::as_str) {
                        let id = item.get("id").and_then(Value::as_str).unwrap_or("");
                        let reason = item.get("reason").and_then(Value::as_str).unwrap_or(error);
                        self.stats.docs = self.stats.docs.saturating_sub(1);
                        self.stats
                            .refused
                            .push((id.to_string(), reason.to_string()));
                    }
                }
                self.save_checkpoint(upto, true)
            }
            Waiting::Fetched { upto, more, asked } => {
                if matches!(response.status, 400 | 404 | 405 | 501) {
                    // No _bulk_get here: each document's revisions by open_revs.
                    let mut by_doc: BTreeMap<String, Vec<Rev>> = BTreeMap::new();
                    for (id, rev) in asked {
                        by_doc.entry(id).or_default().push(rev);
                    }
                    return self.open_revs(upto, more, by_doc.into_iter().collect());
                }
                if !ok {
                    return Next::Failed(error_of(&response));
                }
                for result in response
                    .body
                    .get("results")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    for doc in result
                        .get("docs")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let Some(found) = doc.get("ok") {
                            self.take(local, found);
                        }
                    }
                }
                self.save_checkpoint(upto, more)
            }
            Waiting::OpenRevs { upto, more, queue } => {
                if !ok {
                    return Next::Failed(error_of(&response));
                }
                for doc in response.body.as_array().into_iter().flatten() {
                    if let Some(found) = doc.get("ok") {
                        self.take(local, found);
                    }
                }
                self.open_revs(upto, more, queue)
            }
            Waiting::SavedCheckpoint { upto, more } => {
                if !ok {
                    return Next::Failed(error_of(&response));
                }
                self.checkpoint_rev = response
                    .body
                    .get("rev")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                self.since = upto;
                if more {
                    self.next_batch(local)
                } else {
                    self.done()
                }
            }
            Waiting::Over => self.done(),
        }
    }

    fn done(&mut self) -> Next {
        self.waiting = Waiting::Over;
        self.stats.checkpoint = self.since.clone();
        Next::Done(self.stats.clone())
    }

    /// A document the server sent: kept with its history.
    fn take(&mut self, local: &mut LocalDb, doc: &Value) {
        if let Some((id, leaf)) = Leaf::from_json(doc) {
            if local.merge(&id, leaf) {
                self.stats.docs += 1;
            }
        }
    }

    /// The next batch: the server's changes (pull) or the local ones (push).
    fn next_batch(&mut self, local: &LocalDb) -> Next {
        match self.direction {
            Direction::Pull => {
                self.waiting = Waiting::Changes;
                Next::Send(Request {
                    method: Method::Get,
                    path: format!(
                        "/{}/_changes?style=all_docs&limit={}&since={}",
                        self.db,
                        self.batch,
                        segment(&self.since)
                    ),
                    body: None,
                })
            }
            Direction::Push => {
                let since: u64 = self.since.parse().unwrap_or(0);
                let changed: Vec<(&str, u64)> = local
                    .changes_since(since)
                    .into_iter()
                    .take(self.batch)
                    .collect();
                let Some(&(_, upto)) = changed.last() else {
                    return self.done();
                };
                let mut asked = Map::new();
                for (id, _) in &changed {
                    let revs: Vec<Value> = local
                        .get(id)
                        .into_iter()
                        .flat_map(|d| d.leaves.iter())
                        .map(|l| Value::from(l.rev.to_string()))
                        .collect();
                    asked.insert(id.to_string(), Value::Array(revs));
                }
                self.waiting = Waiting::RevsDiff { upto };
                Next::Send(Request {
                    method: Method::Post,
                    path: format!("/{}/_revs_diff", self.db),
                    body: Some(Value::Object(asked)),
                })
            }
        }
    }

    /// The server's changes: the revisions missing here are fetched.
    fn pull_changes(&mut self, local: &LocalDb, body: &Value) -> Next {
        let results = body
            .get("results")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let upto = seq_text(body.get("last_seq"));
        if results.is_empty() {
            return self.done();
        }
        let more = results.len() >= self.batch;
        let mut asked: BTreeMap<String, Vec<Rev>> = BTreeMap::new();
        for change in &results {
            // Design documents are the server's rules, not the project's data.
            let Some(id) = change
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| !id.starts_with("_design/"))
            else {
                continue;
            };
            let revs = change
                .get("changes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|c| c.get("rev").and_then(Value::as_str).and_then(Rev::parse));
            asked.entry(id.to_string()).or_default().extend(revs);
        }
        let missing: Vec<(String, Rev)> = local
            .missing(&asked)
            .into_iter()
            .flat_map(|(id, revs)| revs.into_iter().map(move |r| (id.clone(), r)))
            .collect();
        if missing.is_empty() {
            return self.save_checkpoint(upto, more);
        }
        let docs: Vec<Value> = missing
            .iter()
            .map(|(id, rev)| json!({"id": id, "rev": rev.to_string()}))
            .collect();
        // The checkpoint moves once this batch is in.
        self.waiting = Waiting::Fetched {
            upto,
            more,
            asked: missing,
        };
        Next::Send(Request {
            method: Method::Post,
            path: format!("/{}/_bulk_get?revs=true", self.db),
            body: Some(json!({ "docs": docs })),
        })
    }

    /// Asks for the next document's revisions with `open_revs`, or saves the checkpoint.
    fn open_revs(
        &mut self,
        upto: String,
        more: bool,
        mut queue: VecDeque<(String, Vec<Rev>)>,
    ) -> Next {
        let Some((id, revs)) = queue.pop_front() else {
            return self.save_checkpoint(upto, more);
        };
        let revs: Vec<String> = revs.iter().map(Rev::to_string).collect();
        let list = serde_json::to_string(&revs).unwrap_or_default();
        let path = format!(
            "/{}/{}?revs=true&open_revs={}",
            self.db,
            segment(&id),
            segment(&list)
        );
        self.waiting = Waiting::OpenRevs { upto, more, queue };
        Next::Send(Request {
            method: Method::Get,
            path,
            body: None,
        })
    }

    /// Writes the checkpoint `upto`; then another batch when `more`.
    fn save_checkpoint(&mut self, upto: String, more: bool) -> Next {
        let mut doc = json!({ "last_seq": upto });
        if let Some(rev) = &self.checkpoint_rev {
            doc["_rev"] = Value::from(rev.clone());
        }
        self.waiting = Waiting::SavedCheckpoint { upto, more };
        Next::Send(Request {
            method: Method::Put,
            path: self.checkpoint_path(),
            body: Some(doc),
        })
    }
}

/// The checkpoint of the replications one way between a local database (`replica`: its own
/// lasting id) and a server's database: each local copy resumes from where it stopped.
pub fn checkpoint_id(direction: Direction, replica: &str) -> String {
    let way = match direction {
        Direction::Push => "push",
        Direction::Pull => "pull",
    };
    format!("avow-{way}-{replica}")
}

/// A sequence as text (CouchDB 2+ sends strings, PouchDB Server numbers).
fn seq_text(seq: Option<&Value>) -> String {
    match seq {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => "0".into(),
    }
}
