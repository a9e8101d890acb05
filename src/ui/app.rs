//! The app shell: header and toolbar, the document with its palette, and the side panel.

use crate::browser::files::files_of;
use crate::core::model::Annotated;
use crate::ui::doc_view::DocView;
use crate::ui::guidelines::Guidelines;
use crate::ui::keyboard;
use crate::ui::metadata::MetadataForm;
use crate::ui::palette::Palette;
use crate::ui::span_editor::SpanEditor;
use crate::ui::span_list::SpanList;
use crate::ui::state::{sample_metadata, Editor, Notice, Panel, SAMPLE_TEXT};
use crate::ui::toolbar::{open_files, OpenDocument, Search, SnapToggle, UndoRedo};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The whole application. Opens on the built-in sample document.
#[component]
pub fn App() -> impl IntoView {
    let editor = Editor::new(Annotated::new(SAMPLE_TEXT.to_string(), sample_metadata()));
    provide_context(editor);

    let keys = window_event_listener(ev::keydown, move |e| keyboard::on_keydown(editor, &e));
    // Files dropped anywhere on the page open; the browser must not navigate to them.
    let drag = window_event_listener(ev::dragover, |e| e.prevent_default());
    let drop = window_event_listener(ev::drop, move |e| {
        e.prevent_default();
        open_files(editor, files_of(e.data_transfer().and_then(|d| d.files())));
    });
    on_cleanup(move || {
        keys.remove();
        drag.remove();
        drop.remove();
    });
    // The text takes the keyboard at start, so annotating needs no mouse.
    Effect::new(move |_| {
        if let Some(root) = editor.text_root.get() {
            let _ = root.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
    });

    let title = move || {
        editor.meta_version.track();
        editor.with_doc(|d| d.meta().title.clone())
    };
    view! {
        <header class="app-header">
            <h1 class="brand">"Avow"</h1>
            <span class="doc-title" data-testid="doc-title">{title}</span>
            <OpenDocument />
            <UndoRedo />
            <SnapToggle />
            <Search />
        </header>
        <NoticeBar />
        <main class="workspace">
            <section class="doc-pane" aria-label="Document">
                <Palette />
                <DocView />
            </section>
            <aside class="side-panel">
                <SidePanel />
            </aside>
        </main>
    }
}

/// The message line: errors stay until dismissed, information too (so tests and people can
/// read it), and a new message replaces the old.
#[component]
fn NoticeBar() -> impl IntoView {
    let editor = expect_context::<Editor>();
    move || {
        editor.notice.get().map(|notice| {
            let (class, testid, text) = match notice {
                Notice::Error(text) => ("notice error", "error-message", text),
                Notice::Info(text) => ("notice info", "info-message", text),
            };
            view! {
                <div class=class data-testid=testid role="status">
                    <span>{text}</span>
                    <button class="dismiss" aria-label="Dismiss" on:click=move |_| editor.notice.set(None)>"×"</button>
                </div>
            }
        })
    }
}

/// The side panel's tabs: spans (list and editor), document metadata, guidelines.
#[component]
fn SidePanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let tab = move |panel: Panel, caption: &'static str, testid: &'static str| {
        view! {
            <button
                role="tab"
                data-testid=testid
                class:active=move || editor.panel.get() == panel
                aria-selected=move || (editor.panel.get() == panel).to_string()
                on:click=move |_| editor.panel.set(panel)
            >
                {caption}
            </button>
        }
    };
    view! {
        <div class="tabs" role="tablist">
            {tab(Panel::Spans, "Spans", "tab-spans")}
            {tab(Panel::Document, "Document", "tab-document")}
            {tab(Panel::Guidelines, "Guidelines", "guidelines")}
        </div>
        <div class="tab-body">
            {move || match editor.panel.get() {
                Panel::Spans => view! { <SpanEditor /> <SpanList /> }.into_any(),
                Panel::Document => view! { <MetadataForm /> }.into_any(),
                Panel::Guidelines => view! { <Guidelines /> }.into_any(),
            }}
        </div>
    }
}
