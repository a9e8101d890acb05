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
use crate::core::formats::detect::{detect, placed, stem, Detected, NamedFile};
use crate::core::formats::{
    conll, pending_links, relations_among, screen, zip, Foreign, ForeignRelation, PendingLink,
};
use crate::core::schema::RelationKind;
use crate::core::text::document::{decode_text_file, title_from_text, Document, Metadata};
use crate::core::text::offsets::IndexedText;
use crate::core::workspace::{is_doc_id, DocEntry, Workspace};

/// What an import does, in order, and what it reports.
#[derive(Debug, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// Files (or parts of them) refused, each with the reason: nothing of those is imported.
    pub errors: Vec<String>,
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

/// What the import knows of the workspace as it goes: the documents already there, and
/// those this import adds before (the open document for spans is the last one added).
struct Here<'a> {
    ws: &'a Workspace,
    /// Added by this import so far: the text's SHA-256 and the document.
    added: Vec<(String, Same)>,
    /// The text spans go onto: the last document added, else the open one.
    open_text: Option<IndexedText>,
}

impl Here<'_> {
    fn open_text(&self) -> &IndexedText {
        self.open_text
            .as_ref()
            .unwrap_or_else(|| self.ws.current().doc.doc().text())
    }

    /// The documents with this text, here or added.
    fn same_text(&self, sha: &str) -> Vec<Same> {
        let mut same: Vec<Same> = self
            .ws
            .same_text(sha)
            .into_iter()
            // A document this import filled is listed as it is now, with those added.
            .filter(|s| !self.added.iter().any(|(_, d)| d.id == s.id))
            .map(|s| Same {
                untouched: s.spans == 0 && s.relations == 0,
                id: s.id,
                title: s.title,
                annotator: s.annotator.trim().to_string(),
            })
            .collect();
        same.extend(
            self.added
                .iter()
                .filter(|(s, _)| s == sha)
                .map(|(_, doc)| doc.clone()),
        );
        same
    }

    fn taken(&self, id: &str) -> bool {
        self.ws.contains(id) || self.added.iter().any(|(_, d)| d.id == id)
    }

    fn add(&mut self, entry: &DocEntry) {
        self.added.push((
            entry.text_sha256().to_string(),
            Same {
                id: entry.id.clone(),
                title: entry.display_title(),
                annotator: entry.annotator.trim().to_string(),
                untouched: entry.is_untouched(),
            },
        ));
        self.open_text = Some(entry.doc.doc().text().clone());
    }
}

/// Where a dataset ZIP (`core::dataset`) keeps its Avow workspace.
pub const DATASET_WORKSPACE: &str = "avow/workspace.json";

/// Plans the import of `files` (as read: names and bytes; ZIP archives are opened here) into
/// `ws`, for `annotator`; `fresh_id` issues document ids, `now` stamps new documents.
pub fn plan(
    files: Vec<NamedFile>,
    ws: &Workspace,
    annotator: &str,
    mut fresh_id: impl FnMut() -> String,
    now: i64,
) -> Plan {
    let mut plan = Plan::default();
    let mut loaded = Vec::new();
    // The archive each file came out of, to name it (the file the user picked) in the report.
    let mut archive: Vec<Option<String>> = Vec::new();
    for file in files {
        if zip::looks_like(&file.bytes) {
            match zip::read(&file.bytes) {
                Ok(mut inner) => {
                    // A dataset Avow exported: its lossless workspace holds all the rest says.
                    // It goes by the archive's name in the report.
                    if let Some(at) = inner.iter().position(|f| f.name == DATASET_WORKSPACE) {
                        let mut workspace = inner.swap_remove(at);
                        workspace.name = file.name.clone();
                        inner = vec![workspace];
                    }
                    for f in inner {
                        let name = f.name.rsplit('/').next().unwrap_or(&f.name).to_string();
                        if zip::looks_like(&f.bytes) {
                            plan.errors.push(format!(
                                "{}: {name} is an archive inside the archive; unzip it and import the files it holds.",
                                file.name
                            ));
                            continue;
                        }
                        loaded.push(NamedFile {
                            name,
                            bytes: f.bytes,
                        });
                        archive.push(Some(file.name.clone()));
                    }
                }
                Err(e) => plan.errors.push(placed(&file.name, &e)),
            }
        } else {
            loaded.push(file);
            archive.push(None);
        }
    }
    let from = |at: usize, why: String| match &archive[at] {
        Some(zip) => format!("{zip}: {why}"),
        None => why,
    };
    let mut here = Here {
        ws,
        added: Vec::new(),
        open_text: None,
    };
    for (at, (file, detected)) in loaded.iter().zip(detect(&loaded)).enumerate() {
        let docs = match detected {
            Detected::Skip => continue,
            Detected::Refused(why) => {
                plan.errors.push(from(at, why));
                continue;
            }
            Detected::Text => {
                match decode_text_file(&file.bytes) {
                    Ok(text) => {
                        // The text's own first line names it; the file's name when it has none.
                        let meta = Metadata {
                            title: title_from_text(&text)
                                .unwrap_or_else(|| title_from_file_name(&file.name)),
                            ..Metadata::default()
                        };
                        let entry = DocEntry::new(
                            fresh_id(),
                            Annotated::new(text, meta),
                            annotator.to_string(),
                            now,
                        );
                        here.add(&entry);
                        plan.steps.push(Step::Add {
                            entry,
                            said: format!("Opened {}.", file.name),
                        });
                    }
                    Err(e) => plan
                        .errors
                        .push(from(at, format!("{} {e}. Nothing was changed.", file.name))),
                }
                continue;
            }
            Detected::Avow(text) => {
                match plan_avow(&mut here, &file.name, &text, &mut fresh_id) {
                    Ok(steps) => plan.steps.extend(steps),
                    Err(e) => plan.errors.push(from(at, e)),
                }
                continue;
            }
            Detected::Conll(text) => match conll::read(&text, here.open_text().as_str()) {
                Ok(doc) => vec![doc],
                Err(e) => {
                    plan.errors.push(from(at, placed(&file.name, &e)));
                    continue;
                }
            },
            Detected::Foreign(docs) => docs,
        };
        for foreign in docs {
            let step = plan_foreign(&here, &file.name, foreign, annotator, &mut fresh_id, now);
            if let Step::Add { entry, .. } = &step {
                here.add(entry);
            }
            plan.steps.push(step);
        }
    }
    plan
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

/// An Avow file: every document in it, or none (a bad file is refused whole). A document
/// whose text is here is asked about, except that a workspace file adds its annotators'
/// versions at once (a version: every copy here is someone's, none of them theirs).
fn plan_avow(
    here: &mut Here,
    name: &str,
    text: &str,
    fresh_id: &mut impl FnMut() -> String,
) -> Result<Vec<Step>, String> {
    let parsed = avow::read(text).map_err(|e| placed(name, &e))?;
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
            // A text already here with nothing on it adds nothing (a workspace file carries
            // the untouched sample under its annotator's name: it is no one's version).
            Some(first) if entry.is_untouched() => steps.push(Step::Say(format!(
                "{name}: “{}” is already here, and the file's copy holds no spans: nothing to add.",
                first.title
            ))),
            Some(_) if blank.is_some() => {
                let blank = blank.unwrap_or_else(|| unreachable!());
                let said = format!("{name} filled “{}”, which held no spans.", blank.title);
                entry.id = blank.id.clone();
                here.add(&entry);
                steps.push(Step::Replace { entry, said });
                added += 1;
            }
            // A named annotator's first version of a text here is added as theirs: no version
            // is ever replaced without a question.
            Some(first) if !annotator.is_empty() && own.is_none() => {
                let said = format!("Added {annotator}'s version of “{}”.", first.title);
                here.add(&entry);
                steps.push(Step::Add { entry, said });
                added += 1;
            }
            Some(first) => {
                let existing = own.clone().unwrap_or_else(|| first.clone());
                steps.push(Step::Ask(Question {
                    file: name.to_string(),
                    entry,
                    existing_id: existing.id,
                    existing_title: existing.title,
                    same_annotator: own.is_some(),
                }))
            }
            None => {
                here.add(&entry);
                steps.push(Step::Add {
                    entry,
                    said: String::new(),
                });
                added += 1;
            }
        }
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
    Ok(steps)
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

#[cfg(test)]
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
}
