//! Files in and out: export Avow files (one document or the workspace), import them (strictly:
//! a bad file changes nothing), and decide what to do with a document already in the workspace.

use crate::browser::download::{download, download_bytes};
use crate::browser::events::next_task;
// The page's clock in milliseconds (`now` here is the workspace's, for time stamps).
use crate::browser::files::{files_of, read_file};
use crate::browser::timing::now as clock;
use crate::core::adjudication::board::{in_input_order, versions_in};
use crate::core::formats::avow;
use crate::core::formats::import::{self, BatchAnswer, Question, Step};
use crate::core::formats::{brat, conll, doccano, labelstudio, w3c, zip};
use crate::core::workspace::{doc_file_name, export_file_name, workspace_file_name, DocEntry};
use crate::ui::context::autosave::Saver;
use crate::ui::context::commands::Commands;
use crate::ui::context::imports::{ImportProgress, Imports};
use crate::ui::context::redraw::Redraw;
use crate::ui::context::ui::Notice;
use crate::ui::context::ui::Ui;
use crate::ui::context::workspace::{fresh_doc_id, now, Store};
use crate::ui::dom::action_at;
use crate::view::actions::{Action, Export};
use crate::view::import_dialog::{batch_dialog_html, import_dialog_html, ImportQuestion};
use crate::view::markup::Html;
use crate::view::menus::export_items_html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Downloads the open document as an Avow file.
pub fn export_document(store: Store) {
    let annotator = store.annotator_untracked();
    let (name, text) = store.with_workspace(|w| {
        let entry = w.current().stamped(&annotator);
        (
            doc_file_name(&entry, &annotator, now()),
            avow::write_document(&entry),
        )
    });
    download(&name, &text, "application/json");
}

/// Downloads the whole workspace as one Avow file (documents not read yet are read first).
pub fn export_workspace(store: Store) {
    if store.with_workspace(|w| w.stored_ids().is_empty()) {
        return export_loaded_workspace(store);
    }
    // Documents not yet opened are read from storage first.
    wasm_bindgen_futures::spawn_local(async move {
        store.load_all().await;
        export_loaded_workspace(store);
    });
}

fn export_loaded_workspace(store: Store) {
    let annotator = store.annotator_untracked();
    let text = store.with_workspace(|w| {
        let entries: Vec<DocEntry> = w.entries().map(|e| e.stamped(&annotator)).collect();
        avow::write_workspace(&annotator, &entries)
    });
    download(
        &workspace_file_name(&annotator, now()),
        &text,
        "application/json",
    );
}

/// The longest an import holds the page at a time (ms) before it lets it paint and answer.
const IMPORT_SLICE_MS: f64 = 30.0;

/// An import that takes longer than this (ms) shows its progress bar, with Cancel.
const SHOW_PROGRESS_AFTER_MS: f64 = 300.0;

/// What an import reads and changes: the contexts it needs, taken from the components' own.
#[derive(Clone, Copy)]
pub struct Importer {
    store: Store,
    ui: Ui,
    imports: Imports,
    saver: Saver,
    commands: Commands,
}

impl Importer {
    /// The importer of the contexts provided.
    pub fn from_context() -> Self {
        Self {
            store: expect_context(),
            ui: expect_context(),
            imports: expect_context(),
            saver: expect_context(),
            commands: expect_context(),
        }
    }
}

/// Reads files (picked or dropped), plans their import in the core a slice at a time
/// (`core::formats::import::ImportJob`: an Avow file, another tool's file, a ZIP of those, or
/// a text to open), with a progress bar and Cancel once it takes a while, asks the import's
/// one question when several documents have texts here already, and carries the plan out:
/// documents added, questions queued, spans placed on the open document; then one report.
/// Nothing changes before the plan is carried out, so a cancelled import changes nothing.
pub fn take_files(importer: Importer, files: Vec<web_sys::File>) {
    let Importer {
        store,
        ui,
        imports,
        saver,
        ..
    } = importer;
    if files.is_empty() {
        return;
    }
    if !imports.begin() {
        ui.tell(Notice::Error(
            "An import is under way: wait for it to finish, or cancel it, then import these files."
                .into(),
        ));
        return;
    }
    spawn_local(async move {
        let started = clock();
        // Files chosen while the workspace is still being read are compared with it (a text
        // already there asks first), so they wait for it.
        saver.until_ready().await;
        let mut errors = Vec::new();
        let mut loaded = Vec::new();
        let count = files.len();
        for (k, file) in files.into_iter().enumerate() {
            if clock() - started > SHOW_PROGRESS_AFTER_MS {
                imports.show_progress(ImportProgress {
                    fraction: 0.0,
                    doing: format!("Reading file {} of {count}", k + 1),
                    can_cancel: true,
                });
            }
            match read_file(file).await {
                Ok(file) => loaded.push(file),
                Err(e) => errors.push(e),
            }
            if imports.cancelled() {
                return cancelled(ui, imports);
            }
        }
        let annotator = store.annotator_untracked();
        let mut job = store
            .with_workspace(|w| import::ImportJob::new(loaded, w, &annotator, fresh_doc_id, now()));
        loop {
            let slice = clock();
            let mut done = false;
            while clock() - slice < IMPORT_SLICE_MS {
                if job.step() {
                    done = true;
                    break;
                }
            }
            crate::browser::timing::measure("avow-import-plan", slice);
            if done {
                break;
            }
            if clock() - started > SHOW_PROGRESS_AFTER_MS {
                let (fraction, doing) = job.progress();
                imports.show_progress(ImportProgress {
                    fraction,
                    doing,
                    can_cancel: true,
                });
            }
            next_task().await;
            if imports.cancelled() {
                return cancelled(ui, imports);
            }
        }
        let mut plan = job.finish();
        errors.append(&mut plan.errors);
        if plan.batch.is_some() {
            // Nothing is done before the answer (`ImportDialog` carries the plan out).
            imports.end();
            imports.hold(plan, errors);
            return;
        }
        // Adding the documents (and the page redrawn after) is a task of its own.
        next_task().await;
        carry_out(importer, plan, errors).await;
    });
}

/// An import stopped by Cancel: nothing changed, and the report says so.
fn cancelled(ui: Ui, imports: Imports) {
    imports.end();
    ui.tell(Notice::Report {
        text: "Import cancelled: nothing was changed.".into(),
        refused: false,
    });
}

/// Carries a planned import out (a slice at a time, without Cancel: documents are being
/// added), then says one report: what came in, and what was refused, file by file.
pub async fn carry_out(importer: Importer, plan: import::Plan, mut errors: Vec<String>) {
    let Importer {
        store,
        ui,
        imports,
        commands,
        ..
    } = importer;
    let totals = import::Totals::of(&plan);
    let steps = plan.steps.len();
    let started = clock();
    let mut slice = clock();
    let mut infos = Vec::new();
    let mut placed = 0;
    // Documents to add, added together (one change, one redraw) at the end of each slice and
    // before any other step.
    let mut adding = Vec::new();
    for (k, step) in plan.steps.into_iter().enumerate() {
        if !matches!(step, Step::Add { .. }) {
            store.add_imported(std::mem::take(&mut adding));
        }
        if clock() - slice > IMPORT_SLICE_MS {
            store.add_imported(std::mem::take(&mut adding));
            crate::browser::timing::measure("avow-import-add", slice);
            if clock() - started > SHOW_PROGRESS_AFTER_MS {
                imports.show_progress(ImportProgress {
                    fraction: k as f64 / steps as f64,
                    doing: format!("Adding to the workspace: {k} of {steps}"),
                    can_cancel: false,
                });
            }
            next_task().await;
            slice = clock();
        }
        match step {
            Step::Add { entry, said } => {
                adding.push(entry);
                if !said.is_empty() {
                    infos.push(said);
                }
            }
            Step::Ask(question) => imports.ask(question),
            Step::Replace { entry, said } => {
                let id = entry.id.clone();
                store.replace_entry(&id, entry);
                store.switch_to(&id);
                infos.push(said);
            }
            Step::Onto(onto) => {
                let spans = onto.spans.clone();
                let (added, linked, ids) = commands.add_spans_linked(spans, &onto.relations);
                placed += added;
                let title = store.with_workspace(|w| w.current().display_title());
                let (pending, orphans, line) = onto.finish(added, linked, ids, &title);
                commands.add_orphans(orphans, pending);
                infos.push(line);
            }
            Step::Say(line) => infos.push(line),
        }
    }
    store.add_imported(adding);
    crate::browser::timing::measure("avow-import-add", slice);
    imports.end();
    let mut lines = Vec::new();
    if let Some(headline) = totals.headline(placed) {
        lines.push(headline);
    }
    lines.extend(import::summarize(infos));
    let errors = import::summarize(std::mem::take(&mut errors));
    let refused = !errors.is_empty();
    if refused {
        lines.push(format!(
            "{}\nNothing was imported from {}.",
            errors.join("\n"),
            if errors.len() == 1 {
                "that file"
            } else {
                "those files"
            }
        ));
    }
    if !lines.is_empty() {
        ui.tell(Notice::Report {
            text: lines.join("\n"),
            refused,
        });
    }
}

/// Downloads the open document in another tool's format (a gold version's Label Studio task
/// once every version is read from storage: it carries them).
pub fn export_as(store: Store, format: Export) {
    if format == Export::LabelStudio && store.with_doc(|d| d.gold().is_some()) {
        wasm_bindgen_futures::spawn_local(async move {
            store.load_all().await;
            export_now(store, format);
        });
        return;
    }
    export_now(store, format);
}

fn export_now(store: Store, format: Export) {
    let annotator = store.annotator_untracked();
    let notice = store.with_workspace(|w| {
        let entry = w.current().stamped(&annotator);
        let file_name = |ext: &str| export_file_name(&entry, &annotator, now(), ext);
        let notice = match format {
            Export::W3c => {
                download(
                    &file_name("w3c.jsonld"),
                    &w3c::write(&entry, &annotator),
                    "application/ld+json",
                );
                None
            }
            Export::Doccano => {
                download(
                    &file_name("doccano.jsonl"),
                    &doccano::write(&entry),
                    "application/jsonl",
                );
                None
            }
            Export::Brat => {
                let (files, warnings) = brat::write(&entry);
                download_bytes(
                    &file_name("brat.zip"),
                    &zip::write(&files),
                    "application/zip",
                );
                (!warnings.is_empty()).then(|| format!("brat export: {}.", warnings.join("; ")))
            }
            Export::LabelStudio => {
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
            Export::Conll => {
                let (text, warnings) = conll::write(&entry);
                download(&file_name("conll"), &text, "text/plain");
                (!warnings.is_empty()).then(|| format!("CoNLL export: {}.", warnings.join("; ")))
            }
            Export::Document | Export::Workspace | Export::Corpus => None,
        };
        notice
    });
    if let Some(notice) = notice {
        store.tell(Notice::Info(notice));
    }
}

/// The file menu: import, and export the document or the workspace.
#[component]
pub fn FileMenu() -> impl IntoView {
    let importer = Importer::from_context();
    let store = expect_context::<Store>();
    let menu = NodeRef::<leptos::html::Details>::new();
    let corpus = use_context::<crate::ui::corpus::CorpusExport>();
    // Choosing an export closes the menu.
    let close = move || {
        if let Some(details) = menu.get_untracked() {
            details.set_open(false);
        }
    };
    let on_export = move |ev: web_sys::MouseEvent| {
        let Some((Action::Export(export), _)) = action_at(&ev) else {
            return;
        };
        close();
        match export {
            Export::Document => export_document(store),
            Export::Workspace => export_workspace(store),
            Export::Corpus => {
                if let Some(corpus) = corpus {
                    corpus.0.set(true);
                }
            }
            format => export_as(store, format),
        }
    };
    let on_import = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        take_files(importer, files_of(input.files()));
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
                <div class="menu-body" inner_html=export_items_html().into_string() on:click=on_export></div>
            </details>
        </div>
    }
}

/// How a question was answered: done, with what to say; or not applicable to this file
/// (another annotator's version cannot be replaced, a version needs a name), so it is
/// handed back to be asked.
enum Answered {
    Done(String),
    NotHere(Box<Question>, String),
}

/// Does `choice` with a question's file (`typed`: the annotator's name typed for a file that
/// names none).
fn answer(store: Store, pending: Question, choice: Action, typed: &str) -> Answered {
    match choice {
        Action::ImportReplace if pending.same_annotator => {
            let id = pending.existing_id.clone();
            store.replace_entry(&id, pending.entry);
            store.switch_to(&id);
            Answered::Done(format!(
                "Replaced “{}” with the imported copy.",
                pending.existing_title
            ))
        }
        Action::ImportBoth => {
            store.add_entry(pending.entry, None);
            Answered::Done("Imported as a second copy.".into())
        }
        Action::ImportVersion => {
            let mut entry = pending.entry.clone();
            if entry.annotator.trim().is_empty() {
                entry.annotator = typed.trim().to_string();
            }
            let who = entry.annotator.trim().to_string();
            // A name, and none of this text by that annotator here yet (a version each).
            let taken = store.with_workspace(|w| {
                w.same_text(entry.text_sha256())
                    .iter()
                    .any(|d| d.annotator.trim() == who)
            });
            if who.is_empty() {
                return Answered::NotHere(
                    Box::new(pending),
                    "Type the annotator's name first: a version is known by its annotator.".into(),
                );
            }
            if taken {
                return Answered::NotHere(
                    Box::new(pending),
                    format!("{who} has a version of this text here already: keep both, or cancel."),
                );
            }
            store.add_entry(entry, None);
            Answered::Done(format!(
                "Added as {who}'s version of “{}” (the Agreement tab compares the versions).",
                pending.existing_title
            ))
        }
        Action::ImportReplace => Answered::NotHere(
            Box::new(pending),
            "Only the same annotator's version is ever replaced.".into(),
        ),
        _ => Answered::Done(format!("Did not import {}.", pending.file)),
    }
}

/// Asks what to do with an imported document whose text is already in the workspace. The
/// dialog is markup made by the view (`view::import_dialog`) with one handler for its buttons.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let store = expect_context::<Store>();
    let imports = expect_context::<Imports>();
    let dialog = NodeRef::<leptos::html::Div>::new();
    // `typed`: the annotator's name typed in the dialog, for a file that names none; `all`:
    // the same answer for every file still asking, where it applies.
    let importer = Importer::from_context();
    // The import's one question: its answer carries the held plan out (or drops it).
    let answer_batch = move |choice: Action| {
        let Some((mut plan, errors)) = imports.take_held() else {
            return;
        };
        let answer = match choice {
            Action::ImportVersion => BatchAnswer::Versions,
            Action::ImportBoth => BatchAnswer::Apart,
            _ => BatchAnswer::Cancel,
        };
        plan.answer(answer, &store.annotator_untracked());
        imports.begin();
        spawn_local(carry_out(importer, plan, errors));
        redraw.focus_text();
    };
    let choose = move |choice: Action, typed: String, all: bool| {
        if imports.batch().is_some() {
            return answer_batch(choice);
        }
        let Some(pending) = imports.question_untracked() else {
            return;
        };
        match answer(store, pending, choice, &typed) {
            Answered::Done(said) => store.tell(Notice::Info(said)),
            // Nothing changes, and the question stays.
            Answered::NotHere(_, why) => return store.tell(Notice::Error(why)),
        }
        if all {
            let mut done = 1;
            for question in imports.take_waiting() {
                match answer(store, question, choice, "") {
                    Answered::Done(_) => done += 1,
                    Answered::NotHere(question, _) => imports.ask(*question),
                }
            }
            let asking = imports.waiting();
            store.tell(Notice::Info(format!(
                "{} for {done} files{}.",
                match choice {
                    Action::ImportReplace => "Replaced the same annotator's versions",
                    Action::ImportBoth => "Kept both copies",
                    Action::ImportVersion => "Added as versions",
                    _ => "Did not import",
                },
                if asking > 0 {
                    format!("; {asking} still ask, as that did not apply to them")
                } else {
                    String::new()
                }
            )));
        }
        imports.next();
        // The keyboard goes back to the text once the last choice is made.
        if imports.question_untracked().is_none() {
            redraw.focus_text();
        }
    };
    // Drawn anew only for the next file: the workspace is read untracked, so that a change
    // to it while the dialog is up cannot redraw it and lose a name being typed.
    let markup = move || {
        if let Some(batch) = imports.batch() {
            return batch_dialog_html(&batch);
        }
        let Some(pending) = imports.question() else {
            return Html::empty();
        };
        {
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
            import_dialog_html(&ImportQuestion {
                file: &pending.file,
                annotator,
                title: &pending.entry.display_title(),
                existing_title: &pending.existing_title,
                spans_here,
                spans_in_file: pending.entry.doc.spans().len(),
                can_add_version: annotator.is_empty() || !has_version,
                can_replace: pending.same_annotator,
                others: imports.waiting(),
            })
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some((choice, _)) = action_at(&ev) {
            let input = |testid: &str| {
                dialog
                    .get_untracked()
                    .and_then(|d| {
                        d.query_selector(&format!("[data-testid={testid}]"))
                            .ok()
                            .flatten()
                    })
                    .map(|input| input.unchecked_into::<web_sys::HtmlInputElement>())
            };
            let typed = input("import-annotator")
                .map(|i| i.value())
                .unwrap_or_default();
            let all = input("import-same-for-all").is_some_and(|i| i.checked());
            choose(choice, typed, all);
        }
    };
    // The dialog takes the keyboard when it opens (and for each file in turn), on the choice
    // that loses nothing: adding the version, else keeping both.
    Effect::new(move |_| {
        if imports.asking() || imports.batch().is_some() {
            if let Some(first) = dialog.get().and_then(|d| {
                d.query_selector(
                    "[data-testid=import-annotator], [data-testid=import-add-version], [data-testid=import-keep-both], [data-testid=import-batch-versions]",
                )
                .ok()
                .flatten()
            }) {
                let _ = first.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    });
    // Esc cancels this file; Tab stays among the dialog's controls.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if !imports.asking() && imports.batch().is_none() {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                choose(Action::ImportCancel, String::new(), false);
            }
            "Tab" => {
                if let Some(root) = dialog.get_untracked() {
                    crate::ui::dom::keep_tab_inside(&root, &ev);
                }
            }
            _ => {}
        }
    };
    view! {
        <div
            node_ref=dialog
            inner_html=move || markup().into_string()
            on:click=on_click
            on:keydown=on_keydown
        ></div>
    }
}

/// An import under way, once it takes a while: what it is doing, how far it is, and Cancel
/// (which changes nothing) until documents are being added.
#[component]
pub fn ImportProgressBar() -> impl IntoView {
    let imports = expect_context::<Imports>();
    move || {
        imports.progress().map(|p| {
            view! {
                <div class="import-progress" data-testid="import-progress" role="status" aria-live="polite">
                    <span class="import-progress-doing">{p.doing}"…"</span>
                    <progress max="1" value=p.fraction aria-label="Import progress"></progress>
                    {p
                        .can_cancel
                        .then(|| {
                            view! {
                                <button data-testid="import-cancel" on:click=move |_| imports.cancel()>
                                    "Cancel"
                                </button>
                            }
                        })}
                </div>
            }
        })
    }
}
