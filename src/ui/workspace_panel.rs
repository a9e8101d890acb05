//! The workspace panel: the annotator's name, the list of documents (open, rename, mark done,
//! delete), and entries of storage that could not be read.

use crate::browser::download::download;
use crate::core::time::iso_from_ms;
use crate::core::workspace::DocStatus;
use crate::ui::state::Editor;
use crate::ui::store::Store;
use crate::ui::ui_state::{Panel, Ui};
use leptos::html;
use leptos::prelude::*;

/// What one row of the document list shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct DocRow {
    id: String,
    title: String,
    spans: usize,
    modified: i64,
    done: bool,
    current: bool,
}

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
    let rows = move || {
        store.track_docs();
        store.with_workspace(|w| {
            let current = w.current().id.clone();
            // From summaries: a document not read from storage yet is listed all the same.
            w.summaries()
                .into_iter()
                .map(|e| DocRow {
                    current: e.id == current,
                    id: e.id,
                    title: e.title,
                    spans: e.spans,
                    modified: e.modified,
                    done: e.status == DocStatus::Done,
                })
                .collect::<Vec<_>>()
        })
    };
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
            <ul class="doc-list" data-testid="doc-list">
                <For each=rows key=|row| row.clone() let(row)>
                    <DocItem row />
                </For>
            </ul>
            <DamagedEntries />
            <StorageStatus />
        </section>
    }
}

/// One document in the list.
#[component]
fn DocItem(
    /// What the row shows.
    row: DocRow,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let store = editor.store;
    let renaming = RwSignal::new(false);
    let id = StoredValue::new(row.id.clone());
    let title = row.title.clone();
    let when = iso_from_ms(row.modified).replace('T', " ")[..16].to_string();
    let rename_input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if renaming.get() {
            if let Some(input) = rename_input.get() {
                let _ = input.focus();
                input.select();
            }
        }
    });
    // Asking whether to delete: the question takes the keyboard.
    let confirming = RwSignal::new(false);
    let confirm_title = StoredValue::new(row.title.clone());
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if confirming.get() {
            if let Some(button) = confirm_button.get() {
                let _ = button.focus();
            }
        }
    });
    let finish_rename = move |value: String| {
        renaming.set(false);
        let value = value.trim().to_string();
        if !value.is_empty() {
            editor.rename(&id.get_value(), value);
        }
    };
    view! {
        <li
            class="doc-item"
            class:current=row.current
            class:done=row.done
            data-testid="doc-item"
            data-id=row.id.clone()
        >
            <Show
                when=move || renaming.get()
                fallback={
                    let title = title.clone();
                    move || {
                        view! {
                            <button
                                class="doc-open link-like"
                                data-testid="doc-item-open"
                                title="Open this document"
                                on:click=move |_| store.switch_to(&id.get_value())
                            >
                                <span class="doc-name" data-testid="doc-item-title">{title.clone()}</span>
                            </button>
                        }
                    }
                }
            >
                <input
                    class="rename"
                    data-testid="doc-rename-input"
                    value=row.title.clone()
                    node_ref=rename_input
                    on:keydown=move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                        "Enter" => finish_rename(event_target_value(&ev)),
                        "Escape" => renaming.set(false),
                        _ => {}
                    }
                    on:blur=move |ev| finish_rename(event_target_value(&ev))
                />
            </Show>
            <span class="doc-meta">
                <span data-testid="doc-item-spans">{format!("{} spans", row.spans)}</span>
                " · "
                <span title="last edited (UTC)">{when}</span>
            </span>
            <span class="doc-actions">
                <label class="done-toggle" title="Mark this document done">
                    <input
                        type="checkbox"
                        data-testid="doc-status"
                        prop:checked=row.done
                        on:change=move |ev| {
                            let status = if event_target_checked(&ev) { DocStatus::Done } else { DocStatus::InProgress };
                            store.set_status(&id.get_value(), status);
                        }
                    />
                    " done"
                </label>
                <button data-testid="doc-rename" title="Rename" on:click=move |_| renaming.set(true)>"Rename"</button>
                <button
                    data-testid="doc-delete"
                    class="danger"
                    title="Delete (asks first; you can undo)"
                    class:hidden=move || confirming.get()
                    on:click=move |_| confirming.set(true)
                >
                    "Delete"
                </button>
            </span>
            // Deleting asks first, in the row itself.
            <Show when=move || confirming.get()>
                <div class="doc-confirm" role="group" aria-label="Confirm deletion" data-testid="doc-delete-ask">
                    <span>{format!("Delete “{}” from this browser?", confirm_title.get_value())}</span>
                    <button
                        class="danger"
                        data-testid="doc-delete-confirm"
                        node_ref=confirm_button
                        on:click=move |_| {
                            confirming.set(false);
                            editor.delete_doc(&id.get_value());
                        }
                    >
                        "Delete"
                    </button>
                    <button data-testid="doc-delete-cancel" on:click=move |_| confirming.set(false)>
                        "Keep"
                    </button>
                </div>
            </Show>
        </li>
    }
}

/// Entries of storage that could not be read: kept untouched, offered as downloads.
#[component]
fn DamagedEntries() -> impl IntoView {
    let saver = expect_context::<Store>().saver();
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
        if ui.panel.get() != Panel::Workspace {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let persistent = crate::browser::quota::persisted().await;
            let (used, allowed) = crate::browser::quota::estimate()
                .await
                .unwrap_or((0.0, 0.0));
            status.set(crate::core::store::storage_status(
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
