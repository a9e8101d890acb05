//! An import planned as data: what the picked or dropped files become (documents to add,
//! documents whose text is already here and the question to ask, spans for the open document)
//! and what the report says, from the files' bytes and the workspace alone. The UI reads the
//! files, then carries the plan out step by step; nothing here touches the page.
//!
//! Ids from a file are data: a document's id is kept only when it is one Avow would issue
//! ([`is_doc_id`]); any other is re-issued and the report says so (span and relation ids are
//! renumbered by the readers themselves).

use crate::core::annotation::model::Annotated;
use crate::core::annotation::span::{Span, SpanId};
use crate::core::formats::anchor::{anchor_all, rejoin_pieces, Anchored, Incoming};
use crate::core::formats::avow::{self, AvowFile};
use crate::core::formats::detect::{detect_one, placed, stem, Detected, NamedFile};
use crate::core::formats::{
    conll, pending_links, relations_among, screen, zip, Foreign, ForeignRelation, PendingLink,
};
use crate::core::schema::RelationKind;
use crate::core::text::document::{decode_text_file, title_from_text, Document, Metadata};
use crate::core::text::offsets::IndexedText;
use crate::core::workspace::{is_doc_id, DocEntry, Workspace};
use std::collections::{HashMap, HashSet};

/// What an import does, in order, and what it reports.
#[derive(Debug, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// Files (or parts of them) refused, each with the reason: nothing of those is imported.
    pub errors: Vec<String>,
    /// The one question asked before anything is done, when several documents of the import
    /// have texts already here.
    pub batch: Option<BatchQuestion>,
    /// For the one question: the annotators with a version here of each text it asks about.
    versions_here: HashMap<String, HashSet<String>>,
}

/// One step of an import.
#[derive(Debug)]
pub enum Step {
    /// A document to add and open, with the report's line for it.
    Add { entry: DocEntry, said: String },
    /// A document whose text is already in the workspace: the user chooses what to do.
    Ask(Question),
    /// A document taking the place of the one with its id that held nothing (no spans, no
    /// relations), with the report's line.
    Replace { entry: DocEntry, said: String },
    /// Spans (and their relations) for the document open when the step is carried out.
    Onto(Onto),
    /// A line of the report alone.
    Say(String),
}

/// A document being imported whose text is already in the workspace.
#[derive(Clone, Debug)]
pub struct Question {
    /// The file it came from.
    pub file: String,
    pub entry: DocEntry,
    /// The document here with the same text: the version by the file's annotator when there
    /// is one (`same_annotator`), else the first.
    pub existing_id: String,
    pub existing_title: String,
    /// `existing_id` is this annotator's own version: the only one "Replace" may replace.
    pub same_annotator: bool,
}

/// The one question of an import of several documents, some with texts already here: asked
/// before anything is done ("12 files hold 4 texts already here: add as versions / keep
/// apart / cancel").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchQuestion {
    /// How many files the documents asking come from.
    pub files: usize,
    /// How many texts already here they hold.
    pub texts: usize,
    /// How many documents ask.
    pub documents: usize,
}

/// The answer to an import's one question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchAnswer {
    /// Each document is added as its annotator's version; one whose annotator has a version
    /// of its text here already is left out, and said.
    Versions,
    /// Each document is added as a copy of its own.
    Apart,
    /// Nothing is imported.
    Cancel,
}

impl BatchQuestion {
    /// The question for `plan`, when it adds several documents and some of them ask, with
    /// the annotators who have a version here of each text it asks about.
    fn of(plan: &Plan, here: &Here) -> Option<(BatchQuestion, HashMap<String, HashSet<String>>)> {
        let documents = plan
            .steps
            .iter()
            .filter(|s| matches!(s, Step::Add { .. } | Step::Replace { .. } | Step::Ask(_)))
            .count();
        let asking: Vec<&Question> = plan
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Ask(q) => Some(q),
                _ => None,
            })
            .collect();
        if asking.is_empty() || documents < 2 {
            return None;
        }
        let files: HashSet<&str> = asking.iter().map(|q| q.file.as_str()).collect();
        let texts: HashSet<&str> = asking.iter().map(|q| q.entry.text_sha256()).collect();
        let versions_here = texts
            .iter()
            .map(|sha| {
                let names = here
                    .same_text(sha)
                    .into_iter()
                    .map(|d| d.annotator)
                    .collect();
                (sha.to_string(), names)
            })
            .collect();
        let question = BatchQuestion {
            files: files.len(),
            texts: texts.len(),
            documents: asking.len(),
        };
        Some((question, versions_here))
    }
}

impl Plan {
    /// Carries the answer to the import's one question into the plan: the documents that
    /// asked are added (as versions, a file that names no annotator as `importer`'s, or
    /// apart), or nothing at all is imported.
    pub fn answer(&mut self, answer: BatchAnswer, importer: &str) {
        if self.batch.take().is_none() {
            return;
        }
        if answer == BatchAnswer::Cancel {
            self.steps = vec![Step::Say("Import cancelled: nothing was changed.".into())];
            return;
        }
        let mut taken = std::mem::take(&mut self.versions_here);
        // Versions left out, by file: the titles.
        let mut left_out: Vec<(String, Vec<String>)> = Vec::new();
        for step in &mut self.steps {
            let Step::Ask(q) = step else {
                continue;
            };
            let mut entry = q.entry.clone();
            if entry.annotator.trim().is_empty() {
                entry.annotator = importer.trim().to_string();
            }
            let who = entry.annotator.trim().to_string();
            let said = match answer {
                BatchAnswer::Apart => format!(
                    "{}: kept apart from “{}”, as a copy of its own.",
                    q.file, q.existing_title
                ),
                _ => {
                    let names = taken.entry(entry.text_sha256().to_string()).or_default();
                    if who.is_empty() || names.contains(&who) {
                        match left_out.iter_mut().find(|(f, _)| *f == q.file) {
                            Some((_, titles)) => titles.push(q.existing_title.clone()),
                            None => left_out.push((q.file.clone(), vec![q.existing_title.clone()])),
                        }
                        *step = Step::Say(String::new());
                        continue;
                    }
                    names.insert(who.clone());
                    format!("Added {who}'s version of “{}”.", q.existing_title)
                }
            };
            *step = Step::Add { entry, said };
        }
        self.steps
            .retain(|s| !matches!(s, Step::Say(line) if line.is_empty()));
        for (file, titles) in left_out {
            let n = titles.len();
            let shown: Vec<String> = titles
                .iter()
                .take(3)
                .map(|t| format!("“{}”", t.chars().take(40).collect::<String>()))
                .collect();
            self.steps.push(Step::Say(format!(
                "{file}: {n} version{} left out, as {} annotator has a version of {} here already ({}{}): import a file alone to replace a version or keep both.",
                if n == 1 { "" } else { "s" },
                if n == 1 { "its" } else { "each one's" },
                if n == 1 { "that text" } else { "those texts" },
                shown.join(", "),
                if n > 3 { ", …" } else { "" }
            )));
        }
    }
}

/// Spans from a file without a text, placed on the open document's text.
#[derive(Debug)]
pub struct Onto {
    pub file: String,
    /// The spans placed (ids given when they are added), in the order of `sources`.
    pub spans: Vec<Span>,
    /// Each placed span's place in the file (`Incoming::source`).
    pub sources: Vec<usize>,
    /// Relations between placed spans: kind and the ends' places in `spans`.
    pub relations: Vec<(RelationKind, usize, usize)>,
    /// The file's relations, for those that wait for an orphan.
    pub file_relations: Vec<ForeignRelation>,
    /// Relations with an end neither placed nor orphaned.
    pub lost: usize,
    /// Spans that could not be placed: listed to place or drop.
    pub orphans: Vec<Incoming>,
    /// How many were placed exactly, moved, orphaned.
    pub counts: (usize, usize, usize),
    pub warnings: Vec<String>,
}

impl Onto {
    /// After the spans were added (`added` of them, `linked` relations, each span's id or
    /// `None` when it was already there): the relations that wait for orphans (their ends by
    /// orphan place), and the report's line, naming the document (`title`).
    pub fn finish(
        mut self,
        added: usize,
        linked: usize,
        ids: Vec<Option<SpanId>>,
        title: &str,
    ) -> (Vec<PendingLink>, Vec<Incoming>, String) {
        let offered = self.spans.len();
        if added < offered {
            self.warnings
                .push(format!("{} already in the document", offered - added));
        }
        let placed: Vec<_> = self.sources.into_iter().zip(ids).collect();
        let orphan_sources: Vec<(usize, u64)> = self
            .orphans
            .iter()
            .enumerate()
            .map(|(place, o)| (o.source, place as u64))
            .collect();
        let pending = pending_links(&self.file_relations, &placed, &orphan_sources);
        let waiting = pending.len();
        say_relations(
            &mut self.warnings,
            linked,
            (self.lost + self.relations.len() - linked).saturating_sub(waiting),
        );
        if waiting > 0 {
            self.warnings.push(format!(
                "{waiting} relation{} wait{} for orphaned spans: placing them makes {}",
                if waiting == 1 { "" } else { "s" },
                if waiting == 1 { "s" } else { "" },
                if waiting == 1 { "it" } else { "them" }
            ));
        }
        let (exact, moved, orphaned) = self.counts;
        let line = format!(
            "{}: {added} span{} added to “{title}”: {exact} exact, {moved} moved, {orphaned} orphaned{}{}.",
            self.file,
            if added == 1 { "" } else { "s" },
            if orphaned > 0 { " (listed under Spans, to place or drop)" } else { "" },
            said(&self.warnings)
        );
        (pending, self.orphans, line)
    }
}

/// A document with the text of one being imported.
#[derive(Clone, Debug)]
struct Same {
    id: String,
    title: String,
    /// Trimmed.
    annotator: String,
    /// No spans and no relations: nothing on it to lose.
    untouched: bool,
}

/// What the import knows of the workspace as it goes: the documents there when it began (a
/// snapshot, so that the import can run in slices), and those it adds before (the open
/// document for spans is the last one added).
struct Here {
    /// Documents by their text's SHA-256, those the import adds after those already here.
    by_text: HashMap<String, Vec<Same>>,
    /// Every document id here or added.
    ids: HashSet<String>,
    /// The open document's text when the import began.
    current_text: IndexedText,
    /// The text spans go onto: the last document added, else the open one.
    open_text: Option<IndexedText>,
}

impl Here {
    fn of(ws: &Workspace) -> Here {
        let mut by_text: HashMap<String, Vec<Same>> = HashMap::new();
        let mut ids = HashSet::new();
        for s in ws.summaries() {
            ids.insert(s.id.clone());
            by_text.entry(s.text_sha256).or_default().push(Same {
                untouched: s.spans == 0 && s.relations == 0,
                id: s.id,
                title: s.title,
                annotator: s.annotator.trim().to_string(),
            });
        }
        Here {
            by_text,
            ids,
            current_text: ws.current().doc.doc().text().clone(),
            open_text: None,
        }
    }

    fn open_text(&self) -> &IndexedText {
        self.open_text.as_ref().unwrap_or(&self.current_text)
    }

    /// The documents with this text, here or added.
    fn same_text(&self, sha: &str) -> Vec<Same> {
        self.by_text.get(sha).cloned().unwrap_or_default()
    }

    fn taken(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Counts `entry` as here (a document this import filled is listed as it is now).
    fn add(&mut self, entry: &DocEntry) {
        let same = self
            .by_text
            .entry(entry.text_sha256().to_string())
            .or_default();
        same.retain(|d| d.id != entry.id);
        same.push(Same {
            id: entry.id.clone(),
            title: entry.display_title(),
            annotator: entry.annotator.trim().to_string(),
            untouched: entry.is_untouched(),
        });
        self.ids.insert(entry.id.clone());
        self.open_text = Some(entry.doc.doc().text().clone());
    }
}

/// Where a dataset ZIP (`core::dataset`) keeps its Avow workspace.
pub const DATASET_WORKSPACE: &str = "avow/workspace.json";

/// Plans the import of `files` (as read: names and bytes; ZIP archives are opened here) into
/// `ws`, for `annotator`; `fresh_id` issues document ids, `now` stamps new documents. At once:
/// [`ImportJob`] does the same in slices.
pub fn plan(
    files: Vec<NamedFile>,
    ws: &Workspace,
    annotator: &str,
    fresh_id: impl FnMut() -> String,
    now: i64,
) -> Plan {
    let mut job = ImportJob::new(files, ws, annotator, fresh_id, now);
    while !job.step() {}
    job.finish()
}

/// A document from another tool's file with its own text, planned once every file is read:
/// versions of one text from files that name no annotator are named together first.
struct ForeignDoc {
    entry: DocEntry,
    said: String,
    file: String,
    /// Its path in the import (the archive's folders and the file's name), to name it by.
    path: String,
    /// Whether the file named its annotator.
    named: bool,
}

/// A step planned, or a document from another tool decided at the end.
enum Planned {
    Ready(Step),
    Foreign(ForeignDoc),
}

/// How many bytes of an Avow file one step scans for its documents.
const SCAN_STEP_BYTES: usize = 1 << 20;

/// About how many bytes one step unpacks (whole DEFLATE blocks: Avow writes 64 KB ones).
const UNPACK_STEP_BYTES: usize = 256 * 1024;

/// An archive being unpacked a file at a time; its files are read once all are unpacked
/// (a damaged one refuses the archive whole).
struct Unpacking {
    archive: NamedFile,
    entries: std::collections::VecDeque<zip::Entry>,
    total: usize,
    /// The file being unpacked, by its path in the archive.
    current: Option<(String, zip::Unpacker)>,
    /// Unpacked so far, by their paths in the archive.
    files: Vec<NamedFile>,
}

/// A file being read a part at a time.
enum Reading {
    /// An Avow file's text, scanned for a workspace's documents.
    AvowText {
        at: usize,
        text: String,
        scan: avow::WorkspaceScan,
    },
    /// An Avow workspace's documents.
    Avow {
        at: usize,
        reader: avow::WorkspaceReader,
    },
    /// Another tool's documents, planned one at a time.
    Foreign {
        at: usize,
        docs: std::collections::VecDeque<Foreign>,
        total: usize,
    },
}

/// An import planned a part at a time (an archive opened, a file read, a document planned),
/// so that a large one never holds the page for long: [`ImportJob::step`] until it says it is
/// done, then [`ImportJob::finish`]. Nothing changes until the plan is carried out, so a
/// cancelled job changes nothing.
pub struct ImportJob<F: FnMut() -> String> {
    /// Files as picked, not opened yet (archives are opened one per step).
    to_open: std::collections::VecDeque<NamedFile>,
    /// An archive being unpacked a file per step.
    unpacking: Option<Unpacking>,
    /// Files opened: each one's name, bytes, the archive it came out of, its path there.
    loaded: Vec<NamedFile>,
    archive: Vec<Option<String>>,
    paths: Vec<String>,
    /// The next loaded file to read.
    next: usize,
    reading: Option<Reading>,
    here: Here,
    planned: Vec<Planned>,
    errors: Vec<String>,
    annotator: String,
    fresh_id: F,
    now: i64,
}

impl<F: FnMut() -> String> ImportJob<F> {
    /// An import of `files` into `ws` (as it is now), nothing read yet.
    pub fn new(
        files: Vec<NamedFile>,
        ws: &Workspace,
        annotator: &str,
        fresh_id: F,
        now: i64,
    ) -> Self {
        ImportJob {
            to_open: files.into(),
            unpacking: None,
            loaded: Vec::new(),
            archive: Vec::new(),
            paths: Vec::new(),
            next: 0,
            reading: None,
            here: Here::of(ws),
            planned: Vec::new(),
            errors: Vec::new(),
            annotator: annotator.to_string(),
            fresh_id,
            now,
        }
    }

    /// How far the job is (0 to 1), and what it is doing, in words.
    pub fn progress(&self) -> (f64, String) {
        if let Some(u) = &self.unpacking {
            let done = u.total - u.entries.len();
            let (out, size) = u.current.as_ref().map_or((0, 0), |(_, c)| c.progress());
            let within = if size > 0 {
                out as f64 / size as f64
            } else {
                0.0
            };
            // Unpacking is counted as the first tenth of the work.
            let fraction = ((done as f64 - 1.0 + within).max(0.0) / u.total.max(1) as f64) / 10.0;
            return (
                fraction,
                format!("Unpacking {}: file {done} of {}", u.archive.name, u.total),
            );
        }
        if let Some(file) = self.to_open.front() {
            return (0.0, format!("Opening {}", file.name));
        }
        let files = self.loaded.len().max(1) as f64;
        // Where the file being read is (0 to 1), and its documents read, of how many.
        let (at, within, documents) = match &self.reading {
            // Scanning a workspace is its first tenth; its documents the rest.
            Some(Reading::AvowText { at, text, scan }) => (
                *at,
                0.1 * scan.progress() as f64 / text.len().max(1) as f64,
                None,
            ),
            Some(Reading::Avow { at, reader }) => {
                let (read, total) = reader.progress();
                let part = 0.1 + 0.9 * read as f64 / total.max(1) as f64;
                (*at, part, Some((read, total)))
            }
            Some(Reading::Foreign { at, docs, total }) => {
                let read = total - docs.len();
                (
                    *at,
                    read as f64 / (*total).max(1) as f64,
                    Some((read, *total)),
                )
            }
            None => (self.next.min(self.loaded.len()), 0.0, None),
        };
        let fraction = (at as f64 + within) / files;
        let name = self.loaded.get(at).map_or("", |f| f.name.as_str());
        let doing = match documents {
            Some((read, total)) if total > 1 => {
                format!("Reading {name}: document {read} of {total}")
            }
            _ => format!("Reading {name} (file {} of {})", at + 1, self.loaded.len()),
        };
        // After an archive was unpacked (the first tenth), reading is the rest.
        let base = if self.archive.iter().any(Option::is_some) {
            0.1
        } else {
            0.0
        };
        ((base + (1.0 - base) * fraction).clamp(0.0, 1.0), doing)
    }

    /// Does one part of the import; true once every file is read.
    pub fn step(&mut self) -> bool {
        if let Some(mut u) = self.unpacking.take() {
            if u.current.is_none() {
                let Some(entry) = u.entries.pop_front() else {
                    self.unpacked(u);
                    return false;
                };
                match entry.unpacker(&u.archive.bytes) {
                    Ok(unpacker) => u.current = Some((entry.name, unpacker)),
                    // A damaged file refuses the whole archive.
                    Err(e) => {
                        self.errors.push(placed(&u.archive.name, &e));
                        return false;
                    }
                }
            }
            if let Some((name, mut unpacker)) = u.current.take() {
                match unpacker.step(&u.archive.bytes, UNPACK_STEP_BYTES) {
                    Ok(Some(bytes)) => u.files.push(NamedFile { name, bytes }),
                    Ok(None) => u.current = Some((name, unpacker)),
                    Err(e) => {
                        self.errors.push(placed(&u.archive.name, &e));
                        return false;
                    }
                }
            }
            self.unpacking = Some(u);
            return false;
        }
        if let Some(file) = self.to_open.pop_front() {
            self.open(file);
            return false;
        }
        match self.reading.take() {
            Some(Reading::AvowText { at, text, mut scan }) => {
                if !scan.step(&text, SCAN_STEP_BYTES) {
                    self.reading = Some(Reading::AvowText { at, text, scan });
                    return false;
                }
                match scan.finish(&text) {
                    Ok(avow::AvowReading::Done(file)) => self.plan_avow_file(at, *file),
                    Ok(avow::AvowReading::Workspace(reader)) => {
                        self.reading = Some(Reading::Avow { at, reader })
                    }
                    Err(e) => {
                        let why = self.from(at, placed(&self.loaded[at].name, &e));
                        self.errors.push(why);
                    }
                }
                return false;
            }
            Some(Reading::Avow { at, mut reader }) => {
                match reader.next_entry() {
                    Some(Ok(())) => self.reading = Some(Reading::Avow { at, reader }),
                    // A bad document refuses the whole file.
                    Some(Err(e)) => {
                        let why = placed(&self.loaded[at].name, &e);
                        self.errors.push(self.from(at, why));
                    }
                    None => self.plan_avow_file(at, reader.finish()),
                }
                return false;
            }
            Some(Reading::Foreign {
                at,
                mut docs,
                total,
            }) => {
                if let Some(foreign) = docs.pop_front() {
                    self.plan_foreign(at, foreign);
                }
                if !docs.is_empty() {
                    self.reading = Some(Reading::Foreign { at, docs, total });
                }
                return false;
            }
            None => {}
        }
        if self.next >= self.loaded.len() {
            return true;
        }
        let at = self.next;
        self.next += 1;
        self.read(at);
        false
    }

    /// Opens a file as picked: the file itself, or an archive, listed to unpack a file per
    /// step (of a dataset Avow exported, only its workspace file).
    fn open(&mut self, file: NamedFile) {
        if !zip::looks_like(&file.bytes) {
            self.paths.push(file.name.clone());
            self.loaded.push(file);
            self.archive.push(None);
            return;
        }
        match zip::list(&file.bytes) {
            Ok(mut entries) => {
                // A dataset Avow exported: its lossless workspace holds all the rest says.
                if let Some(at) = entries.iter().position(|e| e.name == DATASET_WORKSPACE) {
                    entries = vec![entries.swap_remove(at)];
                }
                self.unpacking = Some(Unpacking {
                    current: None,
                    total: entries.len(),
                    entries: entries.into(),
                    files: Vec::new(),
                    archive: file,
                });
            }
            Err(e) => self.errors.push(placed(&file.name, &e)),
        }
    }

    /// An archive unpacked whole: its files are read (a dataset's workspace goes by the
    /// archive's name in the report).
    fn unpacked(&mut self, u: Unpacking) {
        let zip_name = u.archive.name;
        for f in u.files {
            let name = if f.name == DATASET_WORKSPACE {
                zip_name.clone()
            } else {
                f.name.rsplit('/').next().unwrap_or(&f.name).to_string()
            };
            if zip::looks_like(&f.bytes) {
                self.errors.push(format!(
                    "{zip_name}: {name} is an archive inside the archive; unzip it and import the files it holds."
                ));
                continue;
            }
            self.paths.push(f.name);
            self.loaded.push(NamedFile {
                name,
                bytes: f.bytes,
            });
            self.archive.push(Some(zip_name.clone()));
        }
    }

    /// A refusal, naming the archive the file came out of.
    fn from(&self, at: usize, why: String) -> String {
        match &self.archive[at] {
            Some(zip) => format!("{zip}: {why}"),
            None => why,
        }
    }

    /// Reads the `at`th file opened: a document at once, or the start of a longer reading.
    fn read(&mut self, at: usize) {
        let name = self.loaded[at].name.clone();
        let docs = match detect_one(&self.loaded, at) {
            Detected::Skip => return,
            Detected::Refused(why) => return self.errors.push(self.from(at, why)),
            Detected::Text => {
                match decode_text_file(&self.loaded[at].bytes) {
                    Ok(text) => {
                        // The text's own first line names it; the file's name when it has none.
                        let meta = Metadata {
                            title: title_from_text(&text)
                                .unwrap_or_else(|| title_from_file_name(&name)),
                            ..Metadata::default()
                        };
                        let entry = DocEntry::new(
                            (self.fresh_id)(),
                            Annotated::new(text, meta),
                            self.annotator.clone(),
                            self.now,
                        );
                        self.here.add(&entry);
                        self.planned.push(Planned::Ready(Step::Add {
                            entry,
                            said: format!("Opened {name}."),
                        }));
                    }
                    Err(e) => {
                        let why = self.from(at, format!("{name} {e}. Nothing was changed."));
                        self.errors.push(why);
                    }
                }
                return;
            }
            Detected::Avow(text) => {
                // Scanned a slice at a time: a large workspace takes a while.
                self.reading = Some(Reading::AvowText {
                    at,
                    text,
                    scan: avow::WorkspaceScan::default(),
                });
                return;
            }
            Detected::Conll(text) => match conll::read(&text, self.here.open_text().as_str()) {
                Ok(doc) => vec![doc],
                Err(e) => {
                    let why = self.from(at, placed(&name, &e));
                    return self.errors.push(why);
                }
            },
            Detected::Foreign(docs) => docs,
        };
        let total = docs.len();
        self.reading = Some(Reading::Foreign {
            at,
            docs: docs.into(),
            total,
        });
    }

    /// An Avow file read whole: its documents planned.
    fn plan_avow_file(&mut self, at: usize, file: AvowFile) {
        let name = self.loaded[at].name.clone();
        let steps = plan_avow(&mut self.here, &name, file, &mut self.fresh_id);
        self.planned.extend(steps.into_iter().map(Planned::Ready));
    }

    /// One document of another tool's file: a document of its own when it carries the text
    /// (decided at the end), else its spans for the open document, re-anchored.
    fn plan_foreign(&mut self, at: usize, foreign: Foreign) {
        let file = self.loaded[at].name.clone();
        let named = foreign.annotator.is_some();
        match plan_foreign(
            &self.here,
            &file,
            foreign,
            &self.annotator,
            &mut self.fresh_id,
            self.now,
        ) {
            Step::Add { entry, said } => {
                // Spans without a text that come after go onto this document.
                self.here.open_text = Some(entry.doc.doc().text().clone());
                self.planned.push(Planned::Foreign(ForeignDoc {
                    entry,
                    said,
                    file,
                    path: self.paths[at].clone(),
                    named,
                }));
            }
            step => self.planned.push(Planned::Ready(step)),
        }
    }

    /// The plan: every document from other tools' files named (versions of one text from
    /// files that name no annotator, by what tells their files apart) and compared with what
    /// is here; and the question for the whole import, when several documents ask one.
    pub fn finish(mut self) -> Plan {
        name_versions(&mut self.planned, &self.annotator);
        let mut steps = Vec::new();
        for planned in self.planned {
            match planned {
                Planned::Ready(step) => steps.push(step),
                Planned::Foreign(doc) => steps.push(place(
                    &mut self.here,
                    &doc.file,
                    doc.entry,
                    doc.said,
                    doc.named,
                    &self.annotator,
                )),
            }
        }
        let mut plan = Plan {
            steps,
            errors: self.errors,
            ..Plan::default()
        };
        if let Some((question, versions_here)) = BatchQuestion::of(&plan, &self.here) {
            plan.batch = Some(question);
            plan.versions_here = versions_here;
        }
        plan
    }
}

/// Names the versions of one text that come from files naming no annotator, when several
/// do: by the part of their paths that differs (`alice/doc.ann`, `bob/doc.ann`; Avow's own
/// `001-title_alice.ann`), else by their file and a number.
fn name_versions(planned: &mut [Planned], importer: &str) {
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in planned.iter().enumerate() {
        if let Planned::Foreign(doc) = p {
            if !doc.named {
                groups
                    .entry(doc.entry.text_sha256().to_string())
                    .or_default()
                    .push(i);
            }
        }
    }
    for members in groups.into_values().filter(|m| m.len() > 1) {
        let paths: Vec<String> = members
            .iter()
            .map(|&i| match &planned[i] {
                Planned::Foreign(doc) => doc.path.clone(),
                Planned::Ready(_) => String::new(),
            })
            .collect();
        let told = distinct_parts(&paths);
        let told_apart = told.is_some();
        let names = told.unwrap_or_else(|| {
            (1..=members.len())
                .map(|k| format!("{importer} ({k})").trim().to_string())
                .collect()
        });
        for (&i, name) in members.iter().zip(names) {
            if let Planned::Foreign(doc) = &mut planned[i] {
                doc.entry.annotator = name;
                // Numbered names are Avow's guess: such a copy still asks where its text is here.
                doc.named = told_apart;
            }
        }
    }
}

/// What tells `paths` apart: each one without the beginning and the end they all share
/// (trimmed of separators); `None` unless every part is there and they all differ.
pub fn distinct_parts(paths: &[String]) -> Option<Vec<String>> {
    let chars: Vec<Vec<char>> = paths.iter().map(|p| stem(p).chars().collect()).collect();
    let shortest = chars.iter().map(Vec::len).min()?;
    let prefix = (0..shortest)
        .take_while(|&i| chars.iter().all(|c| c[i] == chars[0][i]))
        .count();
    let suffix = (0..shortest - prefix)
        .take_while(|&i| {
            chars
                .iter()
                .all(|c| c[c.len() - 1 - i] == chars[0][chars[0].len() - 1 - i])
        })
        .count();
    let parts: Vec<String> = chars
        .iter()
        .map(|c| {
            c[prefix..c.len() - suffix]
                .iter()
                .collect::<String>()
                .trim_matches(|ch: char| "_-./ ".contains(ch))
                .to_string()
        })
        .collect();
    let distinct: HashSet<&String> = parts.iter().collect();
    (parts.iter().all(|p| !p.is_empty()) && distinct.len() == parts.len()).then_some(parts)
}

/// Where an imported document whose text may be here goes: added; filling a copy that holds
/// nothing; added as its annotator's version; or asked about. A document whose annotator its
/// file did not name (`named` false: Avow guessed, or it is the `importer`'s) is never taken
/// for a version unasked: the question lets the user name it.
fn place(
    here: &mut Here,
    file: &str,
    mut entry: DocEntry,
    said: String,
    named: bool,
    importer: &str,
) -> Step {
    let same = here.same_text(entry.text_sha256());
    let annotator = entry.annotator.trim().to_string();
    let own = same.iter().find(|d| d.annotator == annotator).cloned();
    // A copy here with nothing on it, unnamed or this annotator's (the built-in sample of a
    // fresh workspace, or the user's own file read back): the file fills it. Only once: a
    // filled copy is listed as what filled it.
    let blank = same
        .iter()
        .find(|d| d.untouched && (d.annotator.is_empty() || d.annotator == annotator))
        .cloned();
    match same.first() {
        None => {
            here.add(&entry);
            Step::Add { entry, said }
        }
        // A text already here with nothing on it adds nothing (a workspace file carries the
        // untouched sample under its annotator's name: it is no one's version).
        Some(first) if entry.is_untouched() => Step::Say(format!(
            "{file}: “{}” is already here, and the file's copy holds no spans: nothing to add.",
            first.title
        )),
        Some(_) if blank.is_some() => {
            let blank = blank.unwrap_or_else(|| unreachable!());
            let said = format!("{file} filled “{}”, which held no spans.", blank.title);
            entry.id = blank.id.clone();
            here.add(&entry);
            Step::Replace { entry, said }
        }
        // A named annotator's first version of a text here is added as theirs: no version is
        // ever replaced without a question.
        Some(first) if named && !annotator.is_empty() && own.is_none() => {
            let said = format!("Added {annotator}'s version of “{}”.", first.title);
            here.add(&entry);
            Step::Add { entry, said }
        }
        Some(first) => {
            let existing = own.clone().unwrap_or_else(|| first.clone());
            if !named && annotator == importer.trim() {
                // Whose it is is for the user to say (a numbered guess stays, to change).
                entry.annotator = String::new();
            }
            Step::Ask(Question {
                file: file.to_string(),
                entry,
                existing_id: existing.id,
                existing_title: existing.title,
                same_annotator: named && own.is_some(),
            })
        }
    }
}

/// What an import adds, for its report's first line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Distinct texts among the documents added.
    pub texts: usize,
    pub documents: usize,
    pub spans: usize,
    pub relations: usize,
    /// Documents left to a question of their own.
    pub asking: usize,
}

impl Totals {
    /// What `plan` adds, counted before it is carried out.
    pub fn of(plan: &Plan) -> Totals {
        let mut totals = Totals::default();
        let mut texts = HashSet::new();
        for step in &plan.steps {
            match step {
                Step::Add { entry, .. } | Step::Replace { entry, .. } => {
                    texts.insert(entry.text_sha256());
                    totals.documents += 1;
                    totals.spans += entry.doc.spans().len();
                    totals.relations += entry.doc.relations().len();
                }
                Step::Ask(_) => totals.asking += 1,
                _ => {}
            }
        }
        totals.texts = texts.len();
        totals
    }

    /// The report's first line, for an import of more than one document (`placed`: spans
    /// placed on the open document besides): "Imported 3 texts, 11 versions: 58 spans, 6
    /// relations."
    pub fn headline(&self, placed: usize) -> Option<String> {
        if self.documents + self.asking < 2 {
            return None;
        }
        let mut line = format!("Imported {}", plural(self.texts, "text"));
        if self.documents > self.texts {
            line.push_str(&format!(", {}", plural(self.documents, "version")));
        }
        line.push_str(&format!(
            ": {}, {}",
            plural(self.spans + placed, "span"),
            plural(self.relations, "relation")
        ));
        if self.asking > 0 {
            line.push_str(&format!(
                "; {} ask{} what to do",
                plural(self.asking, "document"),
                if self.asking == 1 { "s" } else { "" }
            ));
        }
        line.push('.');
        Some(line)
    }
}

/// A count with its noun: "1 span", "2 spans".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// At most this many lines of an import's report are listed; the rest are counted.
pub const REPORT_LINES: usize = 12;

/// An import's report lines as shown: all of them, or the first [`REPORT_LINES`] and a line
/// counting the rest (an archive of thousands of files reports in a few lines).
pub fn summarize(lines: Vec<String>) -> Vec<String> {
    if lines.len() <= REPORT_LINES {
        return lines;
    }
    let more = lines.len() - (REPORT_LINES - 1);
    let mut shown: Vec<String> = lines.into_iter().take(REPORT_LINES - 1).collect();
    shown.push(format!("… and {more} more lines like these."));
    shown
}

/// A title from a file name: without its extension.
pub fn title_from_file_name(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// An Avow file read (a bad file was refused whole): every document in it. A document
/// whose text is here is asked about, except that a workspace file adds its annotators'
/// versions at once (a version: every copy here is someone's, none of them theirs).
fn plan_avow(
    here: &mut Here,
    name: &str,
    parsed: AvowFile,
    fresh_id: &mut impl FnMut() -> String,
) -> Vec<Step> {
    let (entries, warnings) = match parsed {
        AvowFile::Document {
            entry, warnings, ..
        } => (vec![*entry], warnings),
        AvowFile::Workspace {
            entries, warnings, ..
        } => (entries, warnings),
    };
    let mut steps = Vec::new();
    let mut added = 0;
    let mut renamed = Vec::new();
    for mut entry in entries {
        if !is_doc_id(&entry.id) {
            renamed.push(entry.display_title());
            entry.id = fresh_id();
        } else if here.taken(&entry.id) {
            entry.id = fresh_id();
        }
        // An Avow file names its annotator (none is a name too).
        let step = place(here, name, entry, String::new(), true, "");
        if matches!(step, Step::Add { .. } | Step::Replace { .. }) {
            added += 1;
        }
        steps.push(step);
    }
    if added > 0 {
        steps.push(Step::Say(format!(
            "Imported {added} document{} from {name}.",
            if added == 1 { "" } else { "s" }
        )));
    }
    steps.extend(warnings.iter().map(|w| Step::Say(format!("{name}: {w}."))));
    if !renamed.is_empty() {
        steps.push(Step::Say(format!(
            "{name}: {} document id{} not one Avow keeps (letters, digits, “-”, “_” and “.”, at most 64) given a new one ({}).",
            renamed.len(),
            if renamed.len() == 1 { "" } else { "s" },
            renamed
                .iter()
                .map(|t| format!("“{}”", t.chars().take(40).collect::<String>()))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    steps
}

/// Another tool's file: a document of its own when it carries the text, else its spans for
/// the open document, re-anchored.
fn plan_foreign(
    here: &Here,
    file: &str,
    mut foreign: Foreign,
    annotator: &str,
    fresh_id: &mut impl FnMut() -> String,
    now: i64,
) -> Step {
    foreign.number_spans();
    if let Some(text) = foreign.text {
        // Indexed (and hashed) once: the document keeps what anchoring used.
        let document = Document::new(text);
        let mut anchored = anchor_all(document.text(), foreign.spans);
        let kept = placed_spans(document.text(), &mut anchored, &mut foreign.warnings);
        let sources: Vec<usize> = kept.iter().map(|(inc, _, _)| inc.source).collect();
        let spans: Vec<_> = kept
            .iter()
            .enumerate()
            .map(|(i, (inc, s, e))| inc.to_span(SpanId(i as u64 + 1), *s, *e))
            .collect();
        let count = spans.len();
        let mut meta = foreign.meta;
        if meta.title.trim().is_empty() {
            meta.title = stem(file).to_string();
        }
        let mut doc = Annotated::from_document(document, meta, spans);
        let (relations, mut lost) = relations_among(&foreign.relations, &sources);
        let ends: Vec<_> = relations
            .iter()
            .map(|&(kind, a, b)| (kind, SpanId(a as u64 + 1), SpanId(b as u64 + 1)))
            .collect();
        let linked = doc.put_relations(&ends);
        lost += relations.len() - linked;
        say_relations(&mut foreign.warnings, linked, lost);
        let whose = foreign.annotator.unwrap_or_else(|| annotator.to_string());
        let entry = DocEntry::new(fresh_id(), doc, whose, now);
        return Step::Add {
            entry,
            said: format!(
                "Opened {file} with {count} span{}{}.",
                if count == 1 { "" } else { "s" },
                said(&foreign.warnings)
            ),
        };
    }
    let text = here.open_text();
    let mut anchored = anchor_all(text, foreign.spans);
    let counts = anchored.counts();
    let kept = placed_spans(text, &mut anchored, &mut foreign.warnings);
    let sources: Vec<usize> = kept.iter().map(|(inc, _, _)| inc.source).collect();
    let spans: Vec<_> = kept
        .iter()
        .map(|(inc, s, e)| inc.to_span(SpanId(0), *s, *e))
        .collect();
    let (relations, lost) = relations_among(&foreign.relations, &sources);
    Step::Onto(Onto {
        file: file.to_string(),
        spans,
        sources,
        relations,
        file_relations: foreign.relations,
        lost,
        orphans: anchored.orphaned,
        counts,
        warnings: foreign.warnings,
    })
}

/// The spans anchoring placed, exactly or moved, after the screen (what cannot be kept is
/// said in `warnings`); pieces of a discontinuous span stay apart.
fn placed_spans(
    text: &IndexedText,
    anchored: &mut Anchored,
    warnings: &mut Vec<String>,
) -> Vec<(Incoming, usize, usize)> {
    let apart = rejoin_pieces(text, anchored);
    if apart > 0 {
        warnings.push(format!(
            "{apart} discontinuous span{} kept as separate spans, never joined",
            if apart == 1 { "" } else { "s" }
        ));
    }
    let all: Vec<_> = anchored
        .exact
        .drain(..)
        .chain(anchored.moved.drain(..))
        .collect();
    let (kept, left_out) = screen(text, all, |(inc, s, e)| (*s, *e, inc.label));
    warnings.extend(left_out);
    kept
}

/// The warnings of a line, in brackets (nothing when there are none).
fn said(warnings: &[String]) -> String {
    if warnings.is_empty() {
        String::new()
    } else {
        format!(" ({})", warnings.join("; "))
    }
}

/// Adds to an import's report how many relations came with it, and how many could not (an
/// end orphaned or left out, or refused by the schema).
fn say_relations(warnings: &mut Vec<String>, linked: usize, lost: usize) {
    if linked > 0 {
        warnings.push(format!(
            "{linked} relation{}",
            if linked == 1 { "" } else { "s" }
        ));
    }
    if lost > 0 {
        warnings.push(format!(
            "{lost} relation{} left out: an end not placed, or refused by the schema",
            if lost == 1 { "" } else { "s" }
        ));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::workspace::Slot;

    /// The documents a plan adds, in order.
    fn added(planned: &Plan) -> Vec<&DocEntry> {
        planned
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Add { entry, .. } => Some(entry),
                _ => None,
            })
            .collect()
    }

    fn file(name: &str, text: &str) -> NamedFile {
        NamedFile {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("d-new-{n}")
        }
    }

    fn workspace() -> Workspace {
        let doc = Annotated::new("The two leaders met.".into(), Metadata::default());
        Workspace::new(
            vec![DocEntry::new("d-1".into(), doc, String::new(), 0)],
            None,
            String::new(),
        )
    }

    fn avow_document(id: &str, text: &str, annotator: &str) -> String {
        let doc = Annotated::new(text.into(), Metadata::default());
        let entry = DocEntry::new(id.into(), doc, annotator.into(), 0);
        avow::write_document(&entry)
    }

    /// An Avow document file with one span on its first three characters.
    fn annotated_document(id: &str, text: &str, annotator: &str) -> String {
        let mut doc = Annotated::new(text.into(), Metadata::default());
        doc.annotate(0, 3, crate::core::schema::Label::Party, false, 0)
            .unwrap();
        let entry = DocEntry::new(id.into(), doc, annotator.into(), 0);
        avow::write_document(&entry)
    }

    #[test]
    fn a_text_file_is_a_document_to_add() {
        let planned = plan(
            vec![file("notes.txt", "Hello world")],
            &workspace(),
            "ana",
            ids(),
            5,
        );
        assert!(planned.errors.is_empty());
        match &planned.steps[..] {
            [Step::Add { entry, said }] => {
                assert_eq!(entry.id, "d-new-1");
                assert_eq!(entry.annotator, "ana");
                assert_eq!(said, "Opened notes.txt.");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hostile_document_ids_are_reissued_and_said() {
        for hostile in [
            "a:b",
            "\"><img src=x>",
            "__proto__x\u{0}",
            &"x".repeat(65),
            "😀",
            " ",
            "",
        ] {
            let text = avow_document(hostile, "Another text altogether.", "ben");
            let planned = plan(vec![file("f.avow.json", &text)], &workspace(), "", ids(), 0);
            let added = added(&planned);
            assert_eq!(added.len(), 1, "{hostile:?}: {:?}", planned.errors);
            assert_eq!(added[0].id, "d-new-1", "{hostile:?}");
            let said: Vec<&String> = planned
                .steps
                .iter()
                .filter_map(|s| match s {
                    Step::Say(line) => Some(line),
                    _ => None,
                })
                .collect();
            assert!(
                said.iter().any(|l| l.contains("given a new one")),
                "{hostile:?}: {said:?}"
            );
        }
        // An id Avow would issue is kept.
        let text = avow_document("d-lx2k9-00af", "Another text altogether.", "ben");
        let planned = plan(vec![file("f.avow.json", &text)], &workspace(), "", ids(), 0);
        assert!(matches!(&planned.steps[0], Step::Add { entry, .. } if entry.id == "d-lx2k9-00af"));
    }

    #[test]
    fn a_text_already_here_is_asked_about_and_later_files_see_earlier_ones() {
        let mut ws = workspace();
        ws.current_mut()
            .doc
            .annotate(4, 7, crate::core::schema::Label::Party, false, 0)
            .unwrap();
        let same = annotated_document("d-9", "The two leaders met.", "");
        let plan1 = plan(vec![file("same.avow.json", &same)], &ws, "", ids(), 0);
        assert!(
            matches!(&plan1.steps[0], Step::Ask(q) if q.existing_id == "d-1" && q.same_annotator)
        );
        // A text added earlier in the same import counts as here.
        let other = annotated_document("d-10", "A new text.", "");
        let again = annotated_document("d-11", "A new text.", "");
        let plan2 = plan(
            vec![file("a.avow.json", &other), file("b.avow.json", &again)],
            &ws,
            "",
            ids(),
            0,
        );
        assert!(matches!(&plan2.steps[0], Step::Add { .. }));
        assert!(matches!(&plan2.steps[2], Step::Ask(q) if q.existing_id == "d-10"));
    }

    #[test]
    fn merging_annotators_files_adds_their_versions_and_never_replaces_one_unasked() {
        // The lead's workspace holds the text, untouched and unnamed: the first file fills it,
        // and the others are added beside it (never filling it again).
        let ws = workspace();
        let files: Vec<_> = ["ana", "ben", "cy"]
            .iter()
            .map(|who| {
                let version = annotated_document("d-7", "The two leaders met.", who);
                file(&format!("{who}.avow.json"), &version)
            })
            .collect();
        let steps = plan(files, &ws, "", ids(), 0).steps;
        let done: Vec<(&str, &str)> = steps
            .iter()
            .filter_map(|s| match s {
                Step::Add { entry, .. } => Some(("add", entry.annotator.as_str())),
                Step::Replace { entry, .. } => {
                    assert_eq!(entry.id, "d-1");
                    Some(("fill", entry.annotator.as_str()))
                }
                Step::Ask(q) => panic!("asked about {}", q.file),
                _ => None,
            })
            .collect();
        assert_eq!(done, [("fill", "ana"), ("add", "ben"), ("add", "cy")]);
        // An untouched copy of a text here (the sample a workspace file carries) adds nothing.
        let untouched = avow_document("d-8", "The two leaders met.", "ana");
        let planned = plan(vec![file("ana.avow.json", &untouched)], &ws, "", ids(), 0);
        assert!(
            matches!(&planned.steps[..], [Step::Say(line)] if line.contains("nothing to add")),
            "{planned:?}"
        );
        // A second version by the same annotator is asked about, naming theirs as the one
        // "Replace" would replace.
        let mut ws = ws;
        ws.current_mut().annotator = String::new();
        ws.current_mut()
            .doc
            .annotate(4, 7, crate::core::schema::Label::Party, false, 0)
            .unwrap();
        let ana = annotated_document("d-7", "The two leaders met.", "ana");
        let first = plan(vec![file("ana.avow.json", &ana)], &ws, "", ids(), 0);
        let Some(Step::Add { entry, .. }) = first.steps.into_iter().next() else {
            panic!("added")
        };
        let anas = entry.id.clone();
        ws.add_stored(Slot::Loaded(entry));
        let again = plan(vec![file("ana-2.avow.json", &ana)], &ws, "", ids(), 0);
        assert!(
            matches!(&again.steps[0], Step::Ask(q) if q.existing_id == anas && q.same_annotator),
            "{again:?}"
        );
    }

    #[test]
    fn spans_without_a_text_go_onto_the_open_document() {
        let doccano = r#"{"text": "leaders", "label": [[0, 7, "PARTY"]]}"#;
        let planned = plan(vec![file("x.jsonl", doccano)], &workspace(), "", ids(), 0);
        // A doccano line carries its text: a document of its own.
        assert!(matches!(&planned.steps[0], Step::Add { .. }), "{planned:?}");
        let conll = "The O\ntwo B-PARTY\nleaders I-PARTY\nmet O\n. O\n";
        let planned = plan(vec![file("x.conll", conll)], &workspace(), "", ids(), 0);
        let Step::Onto(onto) = planned.steps.into_iter().next().unwrap() else {
            panic!("onto the open document")
        };
        assert_eq!(onto.spans.len(), 1);
        let (pending, orphans, line) = onto.finish(1, 0, vec![Some(SpanId(1))], "Doc");
        assert!(pending.is_empty() && orphans.is_empty());
        assert!(
            line.starts_with("x.conll: 1 span added to “Doc”: 1 exact"),
            "{line}"
        );
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_dataset_zip_comes_back_whole_from_its_workspace_file() {
        use crate::core::dataset::{tests::corpus, write, CorpusOptions};
        let entries = corpus();
        let bytes = zip::write(&write(&entries, &CorpusOptions::default()));
        let planned = plan(
            vec![NamedFile {
                name: "corpus-dataset.zip".into(),
                bytes,
            }],
            &workspace(),
            "",
            ids(),
            0,
        );
        assert!(planned.errors.is_empty(), "{:?}", planned.errors);
        let added = added(&planned);
        assert_eq!(added.len(), entries.len(), "{:?}", planned.steps.len());
        let spans =
            |list: Vec<&DocEntry>| -> usize { list.iter().map(|e| e.doc.spans().len()).sum() };
        assert_eq!(spans(added.clone()), spans(entries.iter().collect()));
        assert_eq!(added.iter().filter(|e| e.doc.gold().is_some()).count(), 2);
    }

    #[test]
    fn an_archive_in_an_archive_and_an_archives_bad_file_name_the_archive_picked() {
        let inner = zip::write(&[crate::core::formats::OutFile {
            name: "a.txt".into(),
            bytes: b"text".to_vec(),
        }]);
        let outer = zip::write(&[
            crate::core::formats::OutFile {
                name: "inner.zip".into(),
                bytes: inner,
            },
            crate::core::formats::OutFile {
                name: "null.json".into(),
                bytes: b"null".to_vec(),
            },
        ]);
        let planned = plan(
            vec![NamedFile {
                name: "picked.zip".into(),
                bytes: outer,
            }],
            &workspace(),
            "",
            ids(),
            0,
        );
        assert!(planned.steps.is_empty(), "nothing is added");
        assert_eq!(planned.errors.len(), 2, "{:?}", planned.errors);
        assert!(
            planned.errors.iter().all(|e| e.starts_with("picked.zip: ")),
            "{:?}",
            planned.errors
        );
        assert!(planned.errors[0].contains("inner.zip is an archive inside the archive"));
    }

    #[test]
    fn a_report_of_thousands_of_lines_is_a_few() {
        let lines: Vec<String> = (0..5000).map(|i| format!("e{i}.ann: no spans")).collect();
        let shown = summarize(lines);
        assert_eq!(shown.len(), REPORT_LINES);
        assert_eq!(shown[REPORT_LINES - 1], "… and 4989 more lines like these.");
        assert_eq!(summarize(vec!["one".into()]), ["one"]);
    }

    #[test]
    fn refused_files_are_errors_and_add_nothing() {
        let planned = plan(
            vec![file(
                "bad.avow.json",
                "{\"format\": \"avow\", \"version\": 2}",
            )],
            &workspace(),
            "",
            ids(),
            0,
        );
        assert!(planned.steps.is_empty());
        assert_eq!(planned.errors.len(), 1);
        assert!(
            planned.errors[0].starts_with("bad.avow.json"),
            "{:?}",
            planned.errors
        );
    }

    /// Carries a plan out on a workspace as the UI does (documents added or filled).
    fn apply(ws: &mut Workspace, planned: Plan) {
        for step in planned.steps {
            match step {
                Step::Add { entry, .. } => {
                    ws.insert(entry, None, "d-extra".into());
                }
                Step::Replace { entry, .. } => {
                    let id = entry.id.clone();
                    ws.replace(&id, entry);
                }
                _ => {}
            }
        }
    }

    #[test]
    fn versions_are_named_by_what_tells_their_files_apart() {
        let parts = |paths: &[&str]| {
            distinct_parts(&paths.iter().map(|p| p.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(
            parts(&["alice/doc1.ann", "bob/doc1.ann"]),
            Some(vec!["alice".to_string(), "bob".to_string()])
        );
        assert_eq!(
            parts(&[
                "001-title_ana.ann",
                "001-title_ben.ann",
                "001-title_gold.ann"
            ]),
            Some(vec!["ana".into(), "ben".into(), "gold".into()])
        );
        // Nothing tells them apart, or one is what all share.
        assert_eq!(parts(&["a.ann", "a.ann"]), None);
        assert_eq!(parts(&["doc.ann", "doc_b.ann"]), None);
    }

    /// Avow's own brat collection: every version of every text, named by its file.
    fn brat_collection() -> (Vec<DocEntry>, NamedFile) {
        use crate::core::dataset::corpus::{write, CorpusFormat};
        let entries = crate::core::dataset::tests::corpus();
        let options = crate::core::dataset::CorpusOptions {
            anonymise: false,
            ..Default::default()
        };
        let brat = write(&entries, &options, CorpusFormat::Brat, "d");
        let file = NamedFile {
            name: brat.name,
            bytes: brat.bytes,
        };
        (entries, file)
    }

    #[test]
    fn a_brat_collection_comes_in_as_named_versions_and_again_with_one_question() {
        let (entries, collection) = brat_collection();
        let mut ws = workspace();
        let first = plan(vec![collection.clone()], &ws, "me", ids(), 0);
        assert!(first.errors.is_empty(), "{:?}", first.errors);
        // Nothing here yet: no question, every version added under its file's name.
        assert!(first.batch.is_none());
        let docs = added(&first);
        assert_eq!(docs.len(), entries.len());
        let mut names: Vec<&str> = docs
            .iter()
            .filter(|d| d.text_sha256() == entries[0].text_sha256())
            .map(|d| d.annotator.as_str())
            .collect();
        names.sort();
        assert_eq!(names, ["ana", "ben", "chlo", "gold"]);
        let spans: usize = docs.iter().map(|d| d.doc.spans().len()).sum();
        assert_eq!(
            spans,
            entries.iter().map(|e| e.doc.spans().len()).sum::<usize>()
        );
        apply(&mut ws, first);
        let count = ws.summaries().len();

        // Again: one question for the whole import, nothing done before the answer.
        let again = || plan(vec![collection.clone()], &ws, "me", ids(), 0);
        let batch = again().batch.expect("one question");
        assert_eq!(
            (batch.files, batch.texts, batch.documents),
            (entries.len(), 3, entries.len())
        );
        // As versions: each annotator has theirs already, so all are left out, and said.
        let mut versions = again();
        versions.answer(BatchAnswer::Versions, "me");
        assert!(added(&versions).is_empty());
        let said: Vec<&String> = versions
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Say(line) => Some(line),
                _ => None,
            })
            .collect();
        assert_eq!(said.len(), entries.len(), "a line per file: {said:?}");
        assert!(said[0].contains("1 version left out"), "{said:?}");
        // Apart: every one added as a copy; cancelled: nothing at all.
        let mut apart = again();
        apart.answer(BatchAnswer::Apart, "me");
        assert_eq!(added(&apart).len(), entries.len());
        let mut cancelled = again();
        cancelled.answer(BatchAnswer::Cancel, "me");
        assert!(added(&cancelled).is_empty());
        apply(&mut ws, cancelled);
        assert_eq!(ws.summaries().len(), count);
    }

    #[test]
    fn a_new_annotators_versions_join_without_a_question_and_unnamed_copies_ask() {
        let text = "The two leaders met.";
        let mut mine = Annotated::new(text.into(), Metadata::default());
        mine.annotate(0, 3, crate::core::schema::Label::Party, false, 0)
            .unwrap();
        let mut ws = Workspace::new(
            vec![DocEntry::new("d-1".into(), mine, "me".into(), 0)],
            None,
            "me".into(),
        );
        // A doccano file naming its annotator: a version of the text here, unasked.
        let line =
            |who: &str| format!("{{\"text\": \"{text}\", \"label\": [[4, 7, \"PARTY\"]]{who}}}\n");
        let named = plan(
            vec![file("team.jsonl", &line(", \"annotator\": \"zoe\""))],
            &ws,
            "me",
            ids(),
            0,
        );
        assert!(named.batch.is_none());
        assert_eq!(added(&named)[0].annotator, "zoe");
        apply(&mut ws, named);
        // Two copies naming no one, one file: named by the file and a number, and the
        // workspace's copies ask once for both.
        let unnamed = plan(
            vec![file("all.jsonl", &format!("{}{}", line(""), line("")))],
            &ws,
            "me",
            ids(),
            0,
        );
        let batch = unnamed.batch.clone().expect("one question");
        assert_eq!((batch.files, batch.texts, batch.documents), (1, 1, 2));
        let mut versions = unnamed;
        versions.answer(BatchAnswer::Versions, "me");
        let mut names: Vec<&str> = added(&versions)
            .iter()
            .map(|d| d.annotator.as_str())
            .collect();
        names.sort();
        assert_eq!(names, ["me (1)", "me (2)"]);
    }

    #[test]
    fn a_workspace_is_read_a_document_at_a_time_with_its_progress() {
        let (entries, _) = brat_collection();
        let text = avow::write_workspace("", entries.iter());
        let ws = workspace();
        let mut job = ImportJob::new(vec![file("w.json", &text)], &ws, "me", ids(), 0);
        let mut steps = 0;
        let mut last = 0.0;
        while !job.step() {
            steps += 1;
            let (fraction, doing) = job.progress();
            assert!(
                fraction >= last && fraction <= 1.0,
                "{fraction} after {last}: {doing}"
            );
            last = fraction;
        }
        assert!(steps > entries.len(), "{steps} steps");
        assert_eq!(added(&job.finish()).len(), entries.len());
    }
}
