//! Files in and out: export Avow files (one document or the workspace), import them (strictly:
//! a bad file changes nothing), and decide what to do with a document already in the workspace.

use crate::browser::download::{download, download_bytes};
use crate::browser::events::{attribute_at_target, painted};
use crate::browser::files::{files_of, read_file, LoadedFile};
use crate::core::adjudication::board::{in_input_order, versions_in};
use crate::core::annotation::model::Annotated;
use crate::core::annotation::span::SpanId;
use crate::core::formats::anchor::{anchor_all, rejoin_pieces, Anchored};
use crate::core::formats::avow::{self, AvowFile};
use crate::core::formats::detect::{detect, placed, stem, Detected};
use crate::core::formats::{
    brat, conll, doccano, labelstudio, pending_links, relations_among, screen, w3c, zip, Foreign,
};
use crate::core::text::document::Document;
use crate::core::text::offsets::IndexedText;
use crate::core::workspace::{doc_file_name, export_file_name, workspace_file_name, DocEntry};
use crate::ui::context::ui::Notice;
use crate::ui::context::workspace::{fresh_doc_id, now, Store};
use crate::ui::editor::Editor;
use crate::ui::toolbar::open_text_file;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::VecDeque;
use wasm_bindgen::JsCast;

/// A document being imported whose text is already in the workspace: the user chooses.
#[derive(Clone, Debug)]
pub struct Pending {
    pub file: String,
    pub entry: DocEntry,
    pub existing_id: String,
    pub existing_title: String,
}

/// Imports waiting for the user's choice, one shown at a time.
#[derive(Clone, Copy)]
pub struct ImportQueue {
    queue: StoredValue<VecDeque<Pending>>,
    pub shown: RwSignal<Option<Pending>>,
}

impl ImportQueue {
    /// An empty queue.
    pub fn new() -> Self {
        Self {
            queue: StoredValue::new(VecDeque::new()),
            shown: RwSignal::new(None),
        }
    }

    fn push(&self, pending: Pending) {
        self.queue.update_value(|q| q.push_back(pending));
        if self.shown.get_untracked().is_none() {
            self.next();
        }
    }

    fn next(&self) {
        let next = self.queue.try_update_value(VecDeque::pop_front).flatten();
        self.shown.set(next);
    }
}

impl Default for ImportQueue {
    fn default() -> Self {
        Self::new()
    }
}

/// The annotator a document's file names: whoever annotated it, or the workspace's annotator.
fn stamped(entry: &DocEntry, annotator: &str) -> DocEntry {
    let mut entry = entry.clone();
    if entry.annotator.trim().is_empty() {
        entry.annotator = annotator.to_string();
    }
    entry
}

/// Downloads the open document as an Avow file.
pub fn export_document(store: Store) {
    let annotator = store.annotator_untracked();
    let (name, text) = store.with_workspace(|w| {
        let entry = stamped(w.current(), &annotator);
        (
            doc_file_name(&entry, &annotator, now()),
            avow::write_document(&entry),
        )
    });
    download(&name, &text, "application/json");
}

/// Downloads the whole workspace as one Avow file.
pub fn export_workspace(store: Store) {
    if store.with_workspace(|w| w.stored_ids().is_empty()) {
        return export_loaded_workspace(store);
    }
    // Documents not yet opened are read from storage first.
    wasm_bindgen_futures::spawn_local(async move {
        store.saver().load_all(store).await;
        export_loaded_workspace(store);
    });
}

fn export_loaded_workspace(store: Store) {
    let annotator = store.annotator_untracked();
    let text = store.with_workspace(|w| {
        let entries: Vec<DocEntry> = w.entries().map(|e| stamped(e, &annotator)).collect();
        avow::write_workspace(&annotator, &entries)
    });
    download(
        &workspace_file_name(&annotator, now()),
        &text,
        "application/json",
    );
}

/// Past this many bytes an import says it is under way before it starts.
const LONG_IMPORT_BYTES: usize = 256 * 1024;

/// Reads files (picked or dropped) and takes each as what it is: an Avow file, another tool's
/// file (W3C, doccano, brat, Label Studio, CoNLL), a ZIP of those, or a text to open.
pub fn take_files(editor: Editor, queue: ImportQueue, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    spawn_local(async move {
        // Files chosen while the workspace is still being read are compared with it (a text
        // already there asks first), so they wait for it.
        editor.store.saver().until_ready().await;
        let mut errors = Vec::new();
        let mut loaded = Vec::new();
        for file in files {
            match read_file(file).await {
                Ok(file) if zip::looks_like(&file.bytes) => match zip::read(&file.bytes) {
                    Ok(inner) => loaded.extend(inner.into_iter().map(|f| LoadedFile {
                        name: f.name.rsplit('/').next().unwrap_or(&f.name).to_string(),
                        bytes: f.bytes,
                    })),
                    Err(e) => errors.push(placed(&file.name, &e)),
                },
                Ok(file) => loaded.push(file),
                Err(e) => errors.push(e),
            }
        }
        // A long import holds the page while it reads and places the spans: say so first.
        let size: usize = loaded.iter().map(|f| f.bytes.len()).sum();
        if size > LONG_IMPORT_BYTES {
            let names: Vec<&str> = loaded.iter().take(3).map(|f| f.name.as_str()).collect();
            editor.tell(Notice::Info(format!(
                "Importing {}{} ({})…",
                names.join(", "),
                if loaded.len() > 3 { ", …" } else { "" },
                crate::core::storage::plan::byte_size(size as f64)
            )));
            painted().await;
        }
        let mut infos = Vec::new();
        take_loaded(editor, queue, loaded, &mut infos, &mut errors);
        if !errors.is_empty() {
            infos.push(format!(
                "{}\nNothing was imported from {}.",
                errors.join("\n"),
                if errors.len() == 1 {
                    "that file"
                } else {
                    "those files"
                }
            ));
            editor.tell(Notice::Error(infos.join("\n")));
        } else if !infos.is_empty() {
            editor.tell(Notice::Info(infos.join("\n")));
        }
    });
}

fn take_loaded(
    editor: Editor,
    queue: ImportQueue,
    files: Vec<LoadedFile>,
    infos: &mut Vec<String>,
    errors: &mut Vec<String>,
) {
    for (file, detected) in files.iter().zip(detect(&files)) {
        let docs = match detected {
            Detected::Skip => continue,
            Detected::Refused(why) => {
                errors.push(why);
                continue;
            }
            Detected::Text => {
                open_text_file(editor.store, file.clone());
                continue;
            }
            Detected::Avow(text) => {
                match import_avow(editor.store, queue, &file.name, &text) {
                    Ok((n, warnings)) => {
                        if n > 0 {
                            infos.push(format!(
                                "Imported {n} document{} from {}.",
                                if n == 1 { "" } else { "s" },
                                file.name
                            ));
                        }
                        infos.extend(warnings.iter().map(|w| format!("{}: {w}.", file.name)));
                    }
                    Err(e) => errors.push(e),
                }
                continue;
            }
            Detected::Conll(text) => {
                let open = editor.with_doc(|d| d.doc().as_str().to_string());
                match conll::read(&text, &open) {
                    Ok(doc) => vec![doc],
                    Err(e) => {
                        errors.push(placed(&file.name, &e));
                        continue;
                    }
                }
            }
            Detected::Foreign(docs) => docs,
        };
        for foreign in docs {
            infos.push(apply_foreign(editor, &file.name, foreign));
        }
    }
}

/// Puts what another tool's file holds into the workspace: a document of its own when it
/// carries the text, else its spans onto the open document, re-anchored. Returns the report.
fn apply_foreign(editor: Editor, file: &str, mut foreign: Foreign) -> String {
    let said = |warnings: &[String]| {
        if warnings.is_empty() {
            String::new()
        } else {
            format!(" ({})", warnings.join("; "))
        }
    };
    let placed = |text: &IndexedText, anchored: &mut Anchored, warnings: &mut Vec<String>| {
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
    };
    foreign.number_spans();
    if let Some(text) = foreign.text {
        // Indexed (and hashed) once: the document keeps what anchoring used.
        let document = Document::new(text);
        let mut anchored = anchor_all(document.text(), foreign.spans);
        let kept = placed(document.text(), &mut anchored, &mut foreign.warnings);
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
        let entry = DocEntry::new(
            fresh_doc_id(),
            doc,
            editor.store.annotator_untracked(),
            now(),
        );
        editor.store.add_entry(entry, None);
        return format!(
            "Opened {file} with {count} span{}{}.",
            if count == 1 { "" } else { "s" },
            said(&foreign.warnings)
        );
    }
    let ((exact, moved, orphaned), orphans, spans, sources) = editor.with_doc(|d| {
        let mut anchored = anchor_all(d.doc().text(), foreign.spans);
        let counts = anchored.counts();
        let kept = placed(d.doc().text(), &mut anchored, &mut foreign.warnings);
        let sources: Vec<usize> = kept.iter().map(|(inc, _, _)| inc.source).collect();
        let spans: Vec<_> = kept
            .iter()
            .map(|(inc, s, e)| inc.to_span(SpanId(0), *s, *e))
            .collect();
        (counts, anchored.orphaned, spans, sources)
    });
    let offered = spans.len();
    let (relations, lost) = relations_among(&foreign.relations, &sources);
    let (added, linked, ids) = editor.add_spans_linked(spans, &relations);
    if added < offered {
        foreign
            .warnings
            .push(format!("{} already in the document", offered - added));
    }
    // Relations with an orphaned end wait for it to be placed.
    let placed: Vec<_> = sources.into_iter().zip(ids).collect();
    let orphan_sources: Vec<(usize, u64)> = orphans
        .iter()
        .enumerate()
        .map(|(place, o)| (o.source, place as u64))
        .collect();
    let pending = pending_links(&foreign.relations, &placed, &orphan_sources);
    let waiting = pending.len();
    say_relations(
        &mut foreign.warnings,
        linked,
        (lost + relations.len() - linked).saturating_sub(waiting),
    );
    if waiting > 0 {
        foreign.warnings.push(format!(
            "{waiting} relation{} wait{} for orphaned spans: placing them makes {}",
            if waiting == 1 { "" } else { "s" },
            if waiting == 1 { "s" } else { "" },
            if waiting == 1 { "it" } else { "them" }
        ));
    }
    editor.add_orphans_linked(orphans, pending);
    let title = editor.store.with_workspace(|w| w.current().display_title());
    format!(
        "{file}: {added} span{} added to “{title}”: {exact} exact, {moved} moved, {orphaned} orphaned{}{}.",
        if added == 1 { "" } else { "s" },
        if orphaned > 0 { " (listed under Spans, to place or drop)" } else { "" },
        said(&foreign.warnings)
    )
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

/// Imports one Avow file: every document in it, or none. Returns how many were added at once
/// (documents whose text is already in the workspace wait for the user's choice), and what the
/// reader had to change on the way in.
fn import_avow(
    store: Store,
    queue: ImportQueue,
    name: &str,
    text: &str,
) -> Result<(usize, Vec<String>), String> {
    let parsed = avow::read(text).map_err(|e| placed(name, &e))?;
    let (entries, warnings, workspace) = match parsed {
        AvowFile::Document {
            entry, warnings, ..
        } => (vec![*entry], warnings, false),
        AvowFile::Workspace {
            entries, warnings, ..
        } => (entries, warnings, true),
    };
    let mut added = 0;
    for entry in entries {
        let sha = entry.text_sha256();
        let (existing, new_version) = store.with_workspace(|w| {
            let same = w.same_text(sha);
            let annotator = entry.annotator.trim();
            // A new version when every copy here is someone's version, none of them theirs
            // (an unnamed copy is the user's own work: the file may be meant to replace it).
            (
                same.first().map(|e| (e.id.clone(), e.title.clone())),
                !annotator.is_empty()
                    && same
                        .iter()
                        .all(|e| !e.annotator.trim().is_empty() && e.annotator.trim() != annotator),
            )
        });
        match existing {
            // A workspace file adds its annotators' versions at once.
            Some(_) if workspace && new_version => {
                store.add_entry(entry, None);
                added += 1;
            }
            Some((existing_id, existing_title)) => queue.push(Pending {
                file: name.to_string(),
                entry,
                existing_id,
                existing_title,
            }),
            None => {
                store.add_entry(entry, None);
                added += 1;
            }
        }
    }
    Ok((added, warnings))
}

/// Downloads the open document in another tool's format (a gold version's Label Studio task
/// once every version is read from storage: it carries them).
pub fn export_as(store: Store, format: &str) {
    if format == "labelstudio" && store.with_doc(|d| d.gold().is_some()) {
        wasm_bindgen_futures::spawn_local(async move {
            store.saver().load_all(store).await;
            export_now(store, "labelstudio");
        });
        return;
    }
    export_now(store, format);
}

fn export_now(store: Store, format: &str) {
    let annotator = store.annotator_untracked();
    let notice = store.with_workspace(|w| {
        let entry = stamped(w.current(), &annotator);
        let file_name = |ext: &str| export_file_name(&entry, &annotator, now(), ext);
        let notice = match format {
            "w3c" => {
                download(
                    &file_name("w3c.jsonld"),
                    &w3c::write(&entry, &annotator),
                    "application/ld+json",
                );
                None
            }
            "doccano" => {
                download(
                    &file_name("doccano.jsonl"),
                    &doccano::write(&entry),
                    "application/jsonl",
                );
                None
            }
            "brat" => {
                let (files, warnings) = brat::write(&entry);
                download_bytes(
                    &file_name("brat.zip"),
                    &zip::write(&files),
                    "application/zip",
                );
                (!warnings.is_empty()).then(|| format!("brat export: {}.", warnings.join("; ")))
            }
            "labelstudio" => {
                // A gold version carries the versions it was made from beside it.
                let text = match entry.doc.gold() {
                    Some(record) => {
                        let (versions, _) = versions_in(w.entries(), entry.text_sha256());
                        let versions = in_input_order(versions, &entry.doc);
                        let named: Vec<(&str, &crate::core::annotation::model::Annotated)> =
                            versions
                                .iter()
                                .map(|v| (v.annotator.as_str(), &v.doc))
                                .collect();
                        labelstudio::write_gold(&entry, &record.info.adjudicator, &named)
                    }
                    None => labelstudio::write(&entry, &annotator),
                };
                download(&file_name("labelstudio.json"), &text, "application/json");
                None
            }
            "conll" => {
                let (text, warnings) = conll::write(&entry);
                download(&file_name("conll"), &text, "text/plain");
                (!warnings.is_empty()).then(|| format!("CoNLL export: {}.", warnings.join("; ")))
            }
            _ => None,
        };
        notice
    });
    if let Some(notice) = notice {
        store.tell(Notice::Info(notice));
    }
}

/// The export menu's items, as markup: each names what it exports in `data-export`.
const EXPORT_ITEMS: &str = concat!(
    "<button data-testid=\"export-json\" data-export=\"document\">This document (.avow.json)</button>",
    "<button data-testid=\"export-workspace\" data-export=\"workspace\">Whole workspace (.json)</button><hr>",
    "<button data-testid=\"export-w3c\" data-export=\"w3c\">W3C Web Annotation (.jsonld)</button>",
    "<button data-testid=\"export-doccano\" data-export=\"doccano\">doccano (.jsonl)</button>",
    "<button data-testid=\"export-brat\" data-export=\"brat\">brat standoff (.zip)</button>",
    "<button data-testid=\"export-labelstudio\" data-export=\"labelstudio\">Label Studio (.json)</button>",
    "<button data-testid=\"export-conll\" data-export=\"conll\">CoNLL / IOB2 (.conll)</button>",
);

/// The file menu: import, and export the document or the workspace.
#[component]
pub fn FileMenu() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let store = expect_context::<Store>();
    let queue = expect_context::<ImportQueue>();
    let menu = NodeRef::<leptos::html::Details>::new();
    // Choosing an export closes the menu.
    let close = move || {
        if let Some(details) = menu.get_untracked() {
            details.set_open(false);
        }
    };
    let on_export = move |ev: web_sys::MouseEvent| {
        let Some(export) = attribute_at_target(&ev, "[data-export]", "data-export") else {
            return;
        };
        close();
        match export.as_str() {
            "document" => export_document(store),
            "workspace" => export_workspace(store),
            format => export_as(store, format),
        }
    };
    let on_import = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        take_files(editor, queue, files_of(input.files()));
        input.set_value("");
    };
    view! {
        <div class="file-menu">
            <label class="button-like" title="Import Avow, W3C, doccano, brat (.ann + .txt, or .zip), Label Studio or CoNLL files, or open text files">
                "Import…"
                <input
                    type="file"
                    class="visually-hidden"
                    data-testid="import-file"
                    multiple
                    accept=".json,.jsonld,.jsonl,.ann,.txt,.md,.zip,.conll,.iob,.tsv,application/json"
                    on:change=on_import
                />
            </label>
            <details class="export-menu" node_ref=menu>
                <summary>"Export"</summary>
                <div class="menu-body" inner_html=EXPORT_ITEMS on:click=on_export></div>
            </details>
        </div>
    }
}

/// Asks what to do with an imported document whose text is already in the workspace. The
/// dialog is markup made in the core (`view::html::import_dialog_html`) with one handler for
/// its buttons.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let store = expect_context::<Store>();
    let queue = expect_context::<ImportQueue>();
    let dialog = NodeRef::<leptos::html::Div>::new();
    // `typed`: the annotator's name typed in the dialog, for a file that names none.
    let choose = move |choice: &str, typed: String| {
        if let Some(pending) = queue.shown.get_untracked() {
            match choice {
                "replace" => {
                    let id = pending.existing_id.clone();
                    store.replace_entry(&id, pending.entry);
                    store.switch_to(&id);
                    store.tell(Notice::Info(format!(
                        "Replaced “{}” with the imported copy.",
                        pending.existing_title
                    )));
                }
                "both" => {
                    store.add_entry(pending.entry, None);
                    store.tell(Notice::Info("Imported as a second copy.".into()));
                }
                "version" => {
                    let mut entry = pending.entry;
                    if entry.annotator.trim().is_empty() {
                        entry.annotator = typed.trim().to_string();
                    }
                    if entry.annotator.is_empty() {
                        // Nothing changes until the version has a name.
                        store.tell(Notice::Error(
                            "Type the annotator's name first: a version is known by its annotator."
                                .into(),
                        ));
                        return;
                    }
                    let who = entry.annotator.clone();
                    store.add_entry(entry, None);
                    store.tell(Notice::Info(format!(
                        "Added as {who}'s version of “{}” (the Agreement tab compares the versions).",
                        pending.existing_title
                    )));
                }
                _ => store.tell(Notice::Info(format!("Did not import {}.", pending.file))),
            }
        }
        queue.next();
        // The keyboard goes back to the text once the last choice is made.
        if queue.shown.get_untracked().is_none() {
            editor.focus_text();
        }
    };
    // Drawn anew only for the next file: the workspace is read untracked, so that a change
    // to it while the dialog is up cannot redraw it and lose a name being typed.
    let markup = move || {
        queue.shown.with(|pending| {
            let Some(pending) = pending else {
                return String::new();
            };
            let annotator = pending.entry.annotator.trim();
            let (spans_here, has_version) = untrack(|| {
                store.with_workspace(|w| {
                    (
                        w.summaries()
                            .into_iter()
                            .find(|d| d.id == pending.existing_id)
                            .map_or(0, |d| d.spans),
                        w.same_text(pending.entry.text_sha256())
                            .iter()
                            .any(|d| d.annotator.trim() == annotator),
                    )
                })
            });
            crate::view::html::import_dialog_html(&crate::view::html::ImportQuestion {
                file: &pending.file,
                annotator,
                title: &pending.entry.display_title(),
                existing_title: &pending.existing_title,
                spans_here,
                spans_in_file: pending.entry.doc.spans().len(),
                can_add_version: annotator.is_empty() || !has_version,
            })
        })
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some(choice) = attribute_at_target(&ev, "[data-choice]", "data-choice") {
            let typed = dialog
                .get_untracked()
                .and_then(|d| d.query_selector("input").ok().flatten())
                .map(|input| input.unchecked_into::<web_sys::HtmlInputElement>().value())
                .unwrap_or_default();
            choose(&choice, typed);
        }
    };
    // The dialog takes the keyboard when it opens (and for each file in turn).
    Effect::new(move |_| {
        if queue.shown.with(Option::is_some) {
            if let Some(button) = dialog
                .get()
                .and_then(|d| d.query_selector("[data-choice=replace]").ok().flatten())
            {
                let _ = button.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    });
    view! { <div node_ref=dialog inner_html=markup on:click=on_click></div> }
}
