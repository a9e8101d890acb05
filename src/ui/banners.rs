//! Warnings that stay until resolved, above the document: a new version waiting, storage full
//! (what is unsaved, the room it needs, the download), storage cleared under the page, and the
//! documents another tab changed while they had unsaved changes here (one row each, each
//! answered on its own).

use crate::core::storage::held::Answer;
use crate::ui::context::autosave::Saver;
use crate::ui::context::workspace::Store;
use crate::ui::files::export_workspace;
use crate::view::words;
use leptos::prelude::*;

/// Whether a new version of Avow is installed and waiting for a reload.
#[derive(Clone, Copy)]
pub struct UpdateReady(pub RwSignal<bool>);

/// Every warning about the app and its storage.
#[component]
pub fn Banners() -> impl IntoView {
    view! {
        <UpdateBanner />
        <StorageFull />
        <StorageCleared />
        <HeldDocuments />
    }
}

#[component]
fn UpdateBanner() -> impl IntoView {
    let saver = expect_context::<Saver>();
    let update_ready = expect_context::<UpdateReady>().0;
    view! {
        <Show when=move || update_ready.get()>
            <div class="notice info" data-testid="update-ready" role="status">
                <span class="notice-text">
                    "A new version of Avow is ready. Your work is saved; reload to use it."
                </span>
                <button data-testid="update-reload" on:click=move |_| {
                    saver.flush();
                    crate::browser::offline::activate_update();
                }>"Reload"</button>
                <button data-testid="update-later" on:click=move |_| update_ready.set(false)>"Later"</button>
            </div>
        </Show>
    }
}

/// Storage refused a save for lack of room: what is unsaved, the room it needs and what the
/// browser allows (read when the warning comes up), and the download.
#[component]
fn StorageFull() -> impl IntoView {
    let store = expect_context::<Store>();
    let saver = expect_context::<Saver>();
    let room = RwSignal::new(None::<(f64, f64)>);
    Effect::new(move |_| {
        if saver.storage_full.get().is_some() {
            wasm_bindgen_futures::spawn_local(async move {
                room.set(crate::browser::quota::estimate().await);
            });
        }
    });
    view! {
        <Show when=move || saver.storage_full.get().is_some()>
            <div class="notice error" data-testid="storage-warning" role="alert">
                <span class="notice-text">
                    {move || {
                        let full = saver.storage_full.get().unwrap_or_default();
                        words::storage_full(&full.unsaved, full.needed, room.get())
                    }}
                </span>
                <button data-testid="storage-download" on:click=move |_| export_workspace(store)>
                    "Download workspace"
                </button>
            </div>
        </Show>
    }
}

/// This browser's storage for Avow was cleared under the page.
#[component]
fn StorageCleared() -> impl IntoView {
    let store = expect_context::<Store>();
    let saver = expect_context::<Saver>();
    view! {
        <Show when=move || saver.cleared.get().is_some()>
            <div class="notice error" data-testid="storage-cleared" role="alert">
                <span class="notice-text">
                    {move || {
                        let cleared = saver.cleared.get().unwrap_or_default();
                        words::storage_cleared(&cleared.gone, cleared.resaved)
                    }}
                </span>
                <button data-testid="storage-cleared-download" on:click=move |_| export_workspace(store)>
                    "Download workspace"
                </button>
                <button data-testid="storage-cleared-dismiss" on:click=move |_| saver.cleared.set(None)>
                    "Dismiss"
                </button>
            </div>
        </Show>
    }
}

/// The documents another tab saved while they had unsaved changes here: a row each.
#[component]
fn HeldDocuments() -> impl IntoView {
    let store = expect_context::<Store>();
    let saver = expect_context::<Saver>();
    let title = move |id: &str| {
        store.track_docs();
        store
            .with_workspace(|w| w.get(id).map(|e| e.display_title()))
            .unwrap_or_default()
    };
    view! {
        <Show when=move || !saver.held.get().is_empty()>
            <div class="notice error held" data-testid="conflict-message" role="alert">
                <span class="notice-text">
                    "Changed in another tab while you were editing here. Your version is kept until you choose, for each document:"
                </span>
                <ul class="held-list">
                    <For
                        each=move || saver.held.get().ids().to_vec()
                        key=|id| id.clone()
                        let:id
                    >
                        {
                            let id = StoredValue::new(id);
                            let answer = move |a: Answer| saver.answer(&id.get_value(), a);
                            view! {
                                <li class="held-item" data-testid="conflict-item">
                                    <span class="held-title" data-testid="conflict-title">
                                        {move || format!("“{}”", title(&id.get_value()))}
                                    </span>
                                    <button data-testid="conflict-keep" on:click=move |_| answer(Answer::Mine)>
                                        "Mine"
                                    </button>
                                    <button data-testid="conflict-load" on:click=move |_| answer(Answer::Theirs)>
                                        "The other tab's"
                                    </button>
                                    <button data-testid="conflict-both" on:click=move |_| answer(Answer::Both)>
                                        "Keep both"
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </div>
        </Show>
    }
}
