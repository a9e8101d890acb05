//! Files in and out: export Avow files (one document or the workspace), import them (strictly:
//! a bad file changes nothing), and decide what to do with a document already in the workspace.

use crate::browser::download::download;
use crate::browser::files::{files_of, read_file, LoadedFile};
use crate::core::document::decode_text_file;
use crate::core::formats::avow::{self, AvowFile};
use crate::core::workspace::{doc_file_name, workspace_file_name, DocEntry};
use crate::ui::state::{now, Editor, Notice};
use crate::ui::toolbar::open_text_file;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::VecDeque;

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
pub fn export_document(editor: Editor) {
    let annotator = editor.annotator.get_untracked();
    let (name, text) = editor.with_workspace(|w| {
        let entry = stamped(w.current(), &annotator);
        (
            doc_file_name(&entry, &annotator, now()),
            avow::write_document(&entry),
        )
    });
    download(&name, &text, "application/json");
}

/// Downloads the whole workspace as one Avow file.
pub fn export_workspace(editor: Editor) {
    let annotator = editor.annotator.get_untracked();
    let text = editor.with_workspace(|w| {
        let entries: Vec<DocEntry> = w.entries().iter().map(|e| stamped(e, &annotator)).collect();
        avow::write_workspace(&annotator, &entries)
    });
    download(
        &workspace_file_name(&annotator, now()),
        &text,
        "application/json",
    );
}

/// Whether a file is to be imported as JSON (rather than opened as a text).
fn is_json(file: &LoadedFile) -> bool {
    let name = file.name.to_ascii_lowercase();
    name.ends_with(".json") || file.bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Reads files (picked or dropped): Avow JSON files are imported, text files opened.
pub fn take_files(editor: Editor, queue: ImportQueue, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    spawn_local(async move {
        let mut errors = Vec::new();
        let mut imported = 0;
        for file in files {
            let loaded = match read_file(file).await {
                Ok(loaded) => loaded,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if !is_json(&loaded) {
                open_text_file(editor, loaded);
                continue;
            }
            match import_json(editor, queue, &loaded) {
                Ok(n) => imported += n,
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            editor.tell(Notice::Error(format!(
                "{}\nNothing was imported from {}.",
                errors.join("\n"),
                if errors.len() == 1 {
                    "that file"
                } else {
                    "those files"
                }
            )));
        } else if imported > 0 {
            editor.tell(Notice::Info(format!(
                "Imported {imported} document{}.",
                if imported == 1 { "" } else { "s" }
            )));
        }
    });
}

/// Imports one Avow file: every document in it, or none. Returns how many were added at once
/// (documents whose text is already in the workspace wait for the user's choice).
fn import_json(editor: Editor, queue: ImportQueue, file: &LoadedFile) -> Result<usize, String> {
    let text = decode_text_file(&file.bytes).map_err(|e| format!("{} {e}", file.name))?;
    let parsed = avow::read(&text).map_err(|e| {
        if e.place.is_empty() {
            format!("{} {}", file.name, e.reason)
        } else {
            format!("{}: {e}", file.name)
        }
    })?;
    let entries = match parsed {
        AvowFile::Document { entry, .. } => vec![*entry],
        AvowFile::Workspace { entries, .. } => entries,
    };
    let mut added = 0;
    for entry in entries {
        let sha = entry.text_sha256();
        let existing = editor.with_workspace(|w| {
            w.same_text(&sha)
                .first()
                .map(|e| (e.id.clone(), e.display_title()))
        });
        match existing {
            Some((existing_id, existing_title)) => queue.push(Pending {
                file: file.name.clone(),
                entry,
                existing_id,
                existing_title,
            }),
            None => {
                editor.add_entry(entry, None);
                added += 1;
            }
        }
    }
    Ok(added)
}

/// The file menu: import, and export the document or the workspace.
#[component]
pub fn FileMenu() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let queue = expect_context::<ImportQueue>();
    let menu = NodeRef::<leptos::html::Details>::new();
    // Choosing an export closes the menu.
    let close = move || {
        if let Some(details) = menu.get_untracked() {
            details.set_open(false);
        }
    };
    let on_import = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        take_files(editor, queue, files_of(input.files()));
        input.set_value("");
    };
    view! {
        <div class="file-menu">
            <label class="button-like" title="Import Avow files (.json), or open text files">
                "Import…"
                <input
                    type="file"
                    class="visually-hidden"
                    data-testid="import-file"
                    multiple
                    accept=".json,application/json,.txt,.md"
                    on:change=on_import
                />
            </label>
            <details class="export-menu" node_ref=menu>
                <summary>"Export"</summary>
                <div class="menu-body">
                    <button data-testid="export-json" on:click=move |_| {
                        close();
                        export_document(editor);
                    }>
                        "This document (.avow.json)"
                    </button>
                    <button data-testid="export-workspace" on:click=move |_| {
                        close();
                        export_workspace(editor);
                    }>
                        "Whole workspace (.json)"
                    </button>
                </div>
            </details>
        </div>
    }
}

/// Asks what to do with an imported document whose text is already in the workspace.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let queue = expect_context::<ImportQueue>();
    let choose = move |choice: &'static str| {
        if let Some(pending) = queue.shown.get_untracked() {
            match choice {
                "replace" => {
                    let id = pending.existing_id.clone();
                    editor.replace_entry(&id, pending.entry);
                    editor.switch_to(&id);
                    editor.saver.mark_dirty(editor, &id);
                    editor.tell(Notice::Info(format!(
                        "Replaced “{}” with the imported copy.",
                        pending.existing_title
                    )));
                }
                "both" => {
                    editor.add_entry(pending.entry, None);
                    editor.tell(Notice::Info("Imported as a second copy.".into()));
                }
                _ => editor.tell(Notice::Info(format!("Did not import {}.", pending.file))),
            }
        }
        queue.next();
    };
    move || {
        queue.shown.get().map(|pending| {
            view! {
                <div class="dialog-backdrop">
                    <div class="dialog" role="dialog" aria-modal="true" data-testid="import-dialog">
                        <h2>"This document is already in your workspace"</h2>
                        <p>
                            {pending.file.clone()} " holds “" {pending.entry.display_title()} "”, whose text is the same as “"
                            {pending.existing_title.clone()} "” ("
                            {format!("{} spans here, {} in the file", editor.with_workspace(|w| w.get(&pending.existing_id).map(|e| e.doc.spans().len()).unwrap_or(0)), pending.entry.doc.spans().len())}
                            ")."
                        </p>
                        <div class="dialog-actions">
                            <button data-testid="import-replace" on:click=move |_| choose("replace")>"Replace mine"</button>
                            <button data-testid="import-keep-both" on:click=move |_| choose("both")>"Keep both"</button>
                            <button data-testid="import-cancel" on:click=move |_| choose("cancel")>"Cancel"</button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
