//! The toolbar: open a document (paste or file), undo / redo, word snapping, search.

use crate::browser::files::files_of;
use crate::core::annotation::model::Annotated;
use crate::core::text::document::{title_from_text, Metadata};
use crate::ui::context::commands::Commands;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::search::Search as SearchContext;
use crate::ui::context::selection::Selection;
use crate::ui::context::ui::{Notice, Ui};
use crate::ui::context::workspace::Store;
use crate::ui::files::{take_files, Importer};
use leptos::html;
use leptos::prelude::*;

/// Paste a text or pick a file to annotate.
#[component]
pub fn OpenDocument() -> impl IntoView {
    let importer = Importer::from_context();
    let redraw = expect_context::<Redraw>();
    let store = expect_context::<Store>();
    let ui = expect_context::<Ui>();
    let paste_box = NodeRef::<html::Textarea>::new();
    let title_box = NodeRef::<html::Input>::new();
    let popup = NodeRef::<html::Details>::new();
    // Once a document is open the popup closes, so it does not cover the text.
    Effect::new(move |_| {
        redraw.track_doc();
        if let Some(details) = popup.get_untracked() {
            details.set_open(false);
        }
    });
    let open_pasted = move |_| {
        let Some(area) = paste_box.get() else { return };
        let text = area.value();
        if text.trim().is_empty() {
            ui.tell(Notice::Error("Paste some text into the box first.".into()));
            return;
        }
        // The title typed, else the text's first heading-like line.
        let typed = title_box
            .get()
            .map(|t| t.value().split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let title = if typed.is_empty() {
            title_from_text(&text).unwrap_or_else(|| "Untitled".into())
        } else {
            typed
        };
        let meta = Metadata {
            title,
            ..Metadata::default()
        };
        store.open(Annotated::new(text, meta));
        area.set_value("");
        if let Some(t) = title_box.get() {
            t.set_value("");
        }
        ui.tell(Notice::Info("Opened the pasted text.".into()));
    };
    let on_file = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        take_files(importer, files_of(input.files()));
        input.set_value("");
    };
    view! {
        <details class="open-document" data-testid="open-document" node_ref=popup>
            <summary>"Open…"</summary>
            <div class="open-body">
                <label for="doc-input">"Paste a document:"</label>
                <textarea
                    id="doc-input"
                    data-testid="doc-input"
                    rows="6"
                    node_ref=paste_box
                    placeholder="Paste a joint statement or a press report here"
                ></textarea>
                <label for="doc-title-input">"Title (blank: its first heading line):"</label>
                <input id="doc-title-input" data-testid="doc-title-input" type="text" node_ref=title_box />
                <button data-testid="doc-open" on:click=open_pasted>"Open pasted text"</button>
                <label class="file-pick">
                    "…or open a file (.txt, .md), or drop one anywhere on the page: "
                    <input
                        type="file"
                        data-testid="file-input"
                        accept=".txt,.md,.markdown,text/plain,text/markdown"
                        on:change=on_file
                    />
                </label>
            </div>
        </details>
    }
}

/// Undo and redo buttons, with what they would do as their tooltip.
#[component]
pub fn UndoRedo() -> impl IntoView {
    let commands = expect_context::<Commands>();
    let redraw = expect_context::<Redraw>();
    let state = move || {
        redraw.track_history();
        (commands.undo_description(), commands.redo_description())
    };
    let state = Memo::new(move |_| state());
    view! {
        <div class="undo-redo">
            <button
                data-testid="undo"
                title=move || state.get().0.map(|d| format!("Undo {d} (Ctrl+Z)")).unwrap_or("Nothing to undo".into())
                prop:disabled=move || state.get().0.is_none()
                on:click=move |_| commands.undo()
            >
                "↶ Undo"
            </button>
            <button
                data-testid="redo"
                title=move || state.get().1.map(|d| format!("Redo {d} (Ctrl+Shift+Z)")).unwrap_or("Nothing to redo".into())
                prop:disabled=move || state.get().1.is_none()
                on:click=move |_| commands.redo()
            >
                "↷ Redo"
            </button>
        </div>
    }
}

/// The word-snapping toggle.
#[component]
pub fn SnapToggle() -> impl IntoView {
    let selection = expect_context::<Selection>();
    view! {
        <label class="snap" title="Grow selections to whole words; turn off for character-exact spans">
            <input
                type="checkbox"
                data-testid="snap-toggle"
                prop:checked=move || selection.snap()
                on:change=move |ev| selection.set_snap(event_target_checked(&ev))
            />
            " Snap to words"
        </label>
    }
}

/// Search within the document: matches highlighted, next / previous.
#[component]
pub fn Search() -> impl IntoView {
    let search = expect_context::<SearchContext>();
    let redraw = expect_context::<Redraw>();
    let on_input = move |ev: web_sys::Event| search.search(event_target_value(&ev));
    // Enter goes to the next match and hands the keyboard to the text, so a digit labels it.
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            search.step(!ev.shift_key());
            redraw.focus_text();
        }
        "Escape" => redraw.focus_text(),
        _ => {}
    };
    let status = move || {
        let count = search.match_count();
        if search.query().trim().is_empty() {
            String::new()
        } else if count == 0 {
            "no matches".into()
        } else {
            match search.current() {
                Some(i) => format!("{} / {count}", i + 1),
                None => format!("{count} matches"),
            }
        }
    };
    view! {
        <div class="search" role="search">
            <input
                type="search"
                id="search-input"
                data-testid="search-input"
                placeholder="Search (/)"
                aria-label="Search the document"
                prop:value=move || search.query()
                on:input=on_input
                on:keydown=on_keydown
            />
            <button data-testid="search-prev" title="Previous match (Shift+Enter)" on:click=move |_| search.step(false)>"‹"</button>
            <button data-testid="search-next" title="Next match (Enter)" on:click=move |_| search.step(true)>"›"</button>
            <span class="search-status" data-testid="search-status">{status}</span>
        </div>
    }
}
