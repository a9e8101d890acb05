//! The workspace panel: the annotator's name, the list of documents (open, rename, mark done,
//! delete), and entries of storage that could not be read.

use crate::browser::download::download;
use crate::core::workspace::DocStatus;
use crate::ui::context::autosave::Saver;
use crate::ui::context::clock::after_render;
use crate::ui::context::commands::Commands;
use crate::ui::context::ui::{Panel, Ui};
use crate::ui::context::workspace::Store;
use crate::ui::dom::action_at;
use crate::view::actions::Action;
use crate::view::workspace::{doc_rows_html, DocRow};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The annotator's name, the documents, and damaged entries.
#[component]
pub fn WorkspacePanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let name_input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        let name = store.annotator();
        if let Some(input) = name_input.get() {
            if input.value() != name {
                input.set_value(&name);
            }
        }
    });
    view! {
        <section class="workspace-panel">
            <div class="field">
                <label for="annotator-name">"Annotator"</label>
                <input
                    id="annotator-name"
                    data-testid="annotator-name"
                    placeholder="Your name, stamped on your work"
                    node_ref=name_input
                    on:change=move |ev| store.set_annotator(event_target_value(&ev).trim().to_string())
                />
            </div>
            <h2 class="panel-heading">"Documents"</h2>
            <DocList />
            <DamagedEntries />
            <StorageStatus />
        </section>
    }
}

/// The documents: a row each, drawn as markup (`view::workspace::doc_rows_html`) with one
/// handler per kind of event for all rows; renaming and the question before deleting happen in
/// the row. A row's controls name it by its place; the ids drawn are kept here.
#[component]
fn DocList() -> impl IntoView {
    let commands = expect_context::<Commands>();
    let store = expect_context::<Store>();
    let renaming = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(None::<String>);
    let list = NodeRef::<html::Ul>::new();
    // The ids of the rows drawn, by place (the markup names rows by place, never by id).
    let drawn_ids = StoredValue::new(Vec::<String>::new());
    let rows = move || {
        store.track_docs();
        let (renaming, confirming) = (renaming.get(), confirming.get());
        store.with_workspace(|w| {
            let current = w.current().id.clone();
            // From summaries: a document not read from storage yet is listed all the same.
            let summaries = w.summaries();
            let rows: Vec<DocRow> = summaries
                .iter()
                .map(|e| DocRow {
                    current: e.id == current,
                    id: e.id.clone(),
                    title: e.title.clone(),
                    spans: e.spans,
                    modified: e.modified,
                    done: e.status == DocStatus::Done,
                    annotator: e.annotator.trim().to_string(),
                    gold: e.gold,
                    text: e.text_sha256.clone(),
                    relations: e.relations,
                })
                .collect();
            drawn_ids.set_value(rows.iter().map(|r| r.id.clone()).collect());
            doc_rows_html(&rows, renaming.as_deref(), confirming.as_deref())
        })
    };
    // The rename box and the question take the keyboard when they appear.
    Effect::new(move |_| {
        let target = if renaming.get().is_some() {
            "[data-testid=doc-rename-input]"
        } else if confirming.get().is_some() {
            "[data-testid=doc-delete-confirm]"
        } else {
            return;
        };
        after_render(move || {
            if let Some(el) = list
                .get_untracked()
                .and_then(|l| l.query_selector(target).ok().flatten())
            {
                let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
                if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                    input.select();
                }
            }
        });
    });
    // The control's action, and the document of its row.
    let acted = move |ev: &web_sys::Event| -> Option<(Action, String, web_sys::Element)> {
        let (action, control) = action_at(ev)?;
        let place = match action {
            Action::OpenDoc(n)
            | Action::RenameDoc(n)
            | Action::RenameBox(n)
            | Action::DeleteDoc(n)
            | Action::ConfirmDelete(n)
            | Action::KeepDoc(n)
            | Action::DocDone(n) => n,
            _ => return None,
        };
        let id = drawn_ids.with_value(|ids| ids.get(place).cloned())?;
        Some((action, id, control))
    };
    let finish_rename = move |id: String, value: String| {
        if renaming.get_untracked().as_deref() != Some(id.as_str()) {
            return;
        }
        renaming.set(None);
        let value = value.trim().to_string();
        if !value.is_empty() {
            commands.rename(&id, value);
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some((action, id, _)) = acted(&ev) else {
            return;
        };
        match action {
            Action::OpenDoc(_) => store.switch_to(&id),
            Action::RenameDoc(_) => renaming.set(Some(id)),
            Action::DeleteDoc(_) => confirming.set(Some(id)),
            Action::ConfirmDelete(_) => {
                confirming.set(None);
                commands.delete_doc(&id);
            }
            Action::KeepDoc(_) => confirming.set(None),
            _ => {}
        }
    };
    let on_change = move |ev: web_sys::Event| {
        if let Some((Action::DocDone(_), id, control)) = acted(&ev) {
            let done = control
                .unchecked_ref::<web_sys::HtmlInputElement>()
                .checked();
            store.set_status(
                &id,
                if done {
                    DocStatus::Done
                } else {
                    DocStatus::InProgress
                },
            );
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if let Some((Action::RenameBox(_), id, control)) = acted(&ev) {
            match ev.key().as_str() {
                "Enter" => finish_rename(
                    id,
                    control.unchecked_ref::<web_sys::HtmlInputElement>().value(),
                ),
                "Escape" => renaming.set(None),
                _ => {}
            }
        }
    };
    let on_focusout = move |ev: web_sys::FocusEvent| {
        if let Some((Action::RenameBox(_), id, control)) = acted(&ev) {
            finish_rename(
                id,
                control.unchecked_ref::<web_sys::HtmlInputElement>().value(),
            );
        }
    };
    view! {
        <ul
            class="doc-list"
            data-testid="doc-list"
            node_ref=list
            inner_html=move || rows().into_string()
            on:click=on_click
            on:change=on_change
            on:keydown=on_keydown
            on:focusout=on_focusout
        ></ul>
    }
}

/// Entries of storage that could not be read: kept untouched, offered as downloads.
#[component]
fn DamagedEntries() -> impl IntoView {
    let saver = expect_context::<Saver>();
    let damaged = saver.damaged;
    view! {
        <Show when=move || !damaged.get().is_empty()>
            <h2 class="panel-heading">"Entries that could not be read"</h2>
            <ul class="damaged-list" data-testid="damaged-list">
                {move || {
                    damaged
                        .get()
                        .into_iter()
                        .map(|d| {
                            let key = StoredValue::new(d.key.clone());
                            let raw = StoredValue::new(d.raw.clone());
                            view! {
                                <li class="damaged-item" data-testid="damaged-item">
                                    <code>{d.key.clone()}</code>
                                    <span class="reason">{d.reason.clone()}</span>
                                    <button
                                        data-testid="damaged-download"
                                        on:click=move |_| {
                                            let name = format!("{}.json", key.get_value().replace([':', '.'], "-"));
                                            download(&name, &raw.get_value(), "application/json");
                                        }
                                    >
                                        "Download as it is"
                                    </button>
                                    <button
                                        data-testid="damaged-delete"
                                        class="danger"
                                        on:click=move |_| saver.discard_damaged(&key.get_value())
                                    >
                                        "Delete it"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

/// Where the work is kept, how much room it takes of what the browser allows, and whether the
/// browser keeps it when space runs short. Read whenever the tab is shown.
#[component]
fn StorageStatus() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let status = RwSignal::new(String::new());
    // Read again each time the tab is shown (not on every edit).
    Effect::new(move |_| {
        if ui.panel() != Panel::Workspace {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let persistent = crate::browser::quota::persisted().await;
            let (used, allowed) = crate::browser::quota::estimate()
                .await
                .unwrap_or((0.0, 0.0));
            status.set(crate::view::words::storage_status(
                "this browser's IndexedDB storage",
                used,
                allowed,
                persistent,
            ));
        });
    });
    view! {
        <p class="storage-status" data-testid="storage-status" aria-live="polite">
            {move || status.get()}
        </p>
    }
}
