//! Export → Corpus…: the whole corpus (its chosen versions) in one download, in any format,
//! the Hugging Face dataset first. The dialog is markup (`view::corpus_dialog`) with one
//! click handler; the files are made by `core::dataset::corpus`.

use crate::browser::download::download_bytes;
use crate::browser::events::next_task;
use crate::core::dataset::corpus::{self, CorpusFormat};
use crate::core::dataset::{annotator_names, CorpusOptions, DatasetJob, Versions};
use crate::core::formats::zip;
use crate::core::time::date_from_ms;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::ui::{Notice, Ui};
use crate::ui::context::workspace::{now, Store};
use crate::ui::dom::{action_at, keep_tab_inside};
use crate::view::actions::Action;
use crate::view::corpus_dialog::{
    corpus_dialog_html, CorpusSummary, DONE_FIELD, NAMES_FIELD, VERSIONS_FIELD,
};
use crate::view::markup::Html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whether the corpus dialog is open, provided as context (the export menu opens it).
#[derive(Clone, Copy)]
pub struct CorpusExport(pub RwSignal<bool>);

/// The options the dialog's controls say.
fn options_in(root: &web_sys::Element) -> CorpusOptions {
    let field = |id: &str| {
        root.query_selector(&format!("#{id}"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    };
    let versions = root
        .query_selector(&format!("#{VERSIONS_FIELD}"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value());
    let mut annotators = Vec::new();
    if let Ok(boxes) = root.query_selector_all("input[data-annotator]") {
        for i in 0..boxes.length() {
            let Some(input) = boxes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                continue;
            };
            if input.checked() {
                annotators.extend(input.get_attribute("data-annotator"));
            }
        }
    }
    CorpusOptions {
        versions: match versions.as_deref() {
            Some("gold") => Versions::Gold,
            Some("annotators") => Versions::Annotators,
            _ => Versions::Both,
        },
        anonymise: !field(NAMES_FIELD).is_some_and(|f| f.checked()),
        done_only: field(DONE_FIELD).is_some_and(|f| f.checked()),
        annotators: Some(annotators),
        ..CorpusOptions::default()
    }
}

/// Texts written between two turns of the page (a turn lets it paint and answer).
const TEXTS_PER_TURN: usize = 10;

/// Texts measured for the agreement summary between two turns of the page.
const AGREEMENT_TEXTS_PER_TURN: usize = 20;

/// Versions written into the workspace file between two turns of the page.
const VERSIONS_PER_TURN: usize = 25;

/// Bytes of a file compressed between two turns of the page.
const COMPRESS_STEP_BYTES: usize = 512 * 1024;

/// The dataset, written a few texts at a time and zipped a file at a time, with its progress
/// said, so that the page stays responsive for a corpus of hundreds of texts.
async fn export_dataset(
    ui: Ui,
    entries: &[crate::core::workspace::DocEntry],
    options: &CorpusOptions,
    stamp: &str,
) -> corpus::CorpusFile {
    let mut job = DatasetJob::new(entries, options);
    while !job.step(TEXTS_PER_TURN) {
        let (done, of) = job.progress();
        ui.tell(Notice::Info(format!(
            "Writing the dataset: {done} of {of} texts…"
        )));
        next_task().await;
    }
    // The lossless workspace file, a few versions per turn; then the agreement summary.
    while !job.write_workspace(VERSIONS_PER_TURN) {
        let (done, of) = job.workspace_progress();
        ui.tell(Notice::Info(format!(
            "Writing the workspace file: {done} of {of} versions…"
        )));
        next_task().await;
    }
    while !job.measure_agreement(AGREEMENT_TEXTS_PER_TURN) {
        ui.tell(Notice::Info("Measuring the agreement summary…".into()));
        next_task().await;
    }
    next_task().await;
    let files = job.finish();
    let mut archive = zip::Writer::default();
    for (k, file) in files.iter().enumerate() {
        // A large file (the workspace) compresses a slice at a time.
        let mut adding = zip::Adding::new(file);
        while !adding.step(file, COMPRESS_STEP_BYTES) {
            ui.tell(Notice::Info(format!(
                "Compressing the dataset: file {} of {} ({}%)…",
                k + 1,
                files.len(),
                adding.position() * 100 / file.bytes.len().max(1)
            )));
            next_task().await;
        }
        archive.add_compressed(file, adding);
        ui.tell(Notice::Info(format!(
            "Compressing the dataset: file {} of {}…",
            k + 1,
            files.len()
        )));
        next_task().await;
    }
    corpus::CorpusFile {
        name: corpus::file_name(CorpusFormat::Dataset, stamp),
        bytes: archive.finish(),
        mime: "application/zip",
    }
}

/// The corpus dialog (`corpus-dialog`), while open.
#[component]
pub fn CorpusDialog() -> impl IntoView {
    let CorpusExport(open) = expect_context::<CorpusExport>();
    let store = expect_context::<Store>();
    let ui = expect_context::<Ui>();
    let redraw = expect_context::<Redraw>();
    let dialog = NodeRef::<leptos::html::Div>::new();
    let close = move || {
        open.set(false);
        redraw.focus_text();
    };
    // Drawn when it opens, from the workspace as it is then (untracked: a save meanwhile
    // must not redraw it and lose the choices made).
    let markup = move || {
        if !open.get() {
            return Html::empty();
        }
        untrack(|| {
            store.with_workspace(|w| {
                let entries: Vec<_> = w.entries().collect();
                let mut texts: Vec<&str> = entries.iter().map(|e| e.text_sha256()).collect();
                texts.sort();
                texts.dedup();
                let gold = entries.iter().filter(|e| e.doc.gold().is_some()).count();
                let versions = entries
                    .iter()
                    .filter(|e| e.doc.gold().is_none() && !e.is_untouched())
                    .count();
                corpus_dialog_html(&CorpusSummary {
                    texts: texts.len(),
                    gold,
                    versions,
                    annotators: &annotator_names(entries.iter().copied()),
                })
            })
        })
    };
    // Every version is read from storage first (the workspace may hold them unopened).
    let export = move |format: CorpusFormat, options: CorpusOptions| {
        wasm_bindgen_futures::spawn_local(async move {
            store.load_all().await;
            let entries: Vec<_> = store.with_workspace(|w| w.entries().cloned().collect());
            let stamp = date_from_ms(now());
            let file = if format == CorpusFormat::Dataset {
                export_dataset(ui, &entries, &options, &stamp).await
            } else {
                corpus::write(&entries, &options, format, &stamp)
            };
            download_bytes(&file.name, &file.bytes, file.mime);
            ui.tell(Notice::Info(format!(
                "Exported the corpus as {}.",
                file.name
            )));
        });
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some((action, _)) = action_at(&ev) else {
            return;
        };
        match action {
            Action::CorpusExport(i) => {
                let (Some(format), Some(root)) =
                    (CorpusFormat::ALL.get(i).copied(), dialog.get_untracked())
                else {
                    return;
                };
                let options = options_in(&root);
                close();
                export(format, options);
            }
            Action::CorpusCancel => close(),
            _ => {}
        }
    };
    // Esc closes; Tab stays among the dialog's controls; it opens on the dataset.
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            close();
        }
        "Tab" => {
            if let Some(root) = dialog.get_untracked() {
                keep_tab_inside(&root, &ev);
            }
        }
        _ => {}
    };
    Effect::new(move |_| {
        if open.get() {
            crate::ui::context::clock::after_render(move || {
                if let Some(first) = dialog.get_untracked().and_then(|d| {
                    d.query_selector("[data-testid=export-corpus-dataset]")
                        .ok()
                        .flatten()
                }) {
                    let _ = first.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        }
    });
    view! {
        <div node_ref=dialog inner_html=move || markup().into_string() on:click=on_click on:keydown=on_keydown></div>
    }
}
