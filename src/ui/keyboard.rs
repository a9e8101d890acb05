//! Keyboard-only annotation: the app's global key bindings.

use crate::core::schema::Label;
use crate::ui::state::Editor;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

/// Whether the key went to a text field (where keys type, and Ctrl+Z is the field's own undo).
fn in_form_field(ev: &KeyboardEvent) -> bool {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

/// Whether the document text (or nothing in particular) has the focus.
fn text_has_focus(editor: &Editor) -> bool {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let root = editor.text_root.get_untracked();
    match (active, root) {
        (None, _) => true,
        (Some(active), Some(root)) => {
            active.tag_name() == "BODY" || root.contains(Some(active.unchecked_ref()))
        }
        (Some(active), None) => active.tag_name() == "BODY",
    }
}

/// Handles a key press anywhere in the app.
pub fn on_keydown(editor: Editor, ev: &KeyboardEvent) {
    let key = ev.key();
    let command = ev.ctrl_key() || ev.meta_key();
    if command && !ev.alt_key() && matches!(key.as_str(), "z" | "Z" | "y" | "Y") {
        if in_form_field(ev) {
            return;
        }
        ev.prevent_default();
        if ev.shift_key() || key.eq_ignore_ascii_case("y") {
            editor.redo();
        } else {
            editor.undo();
        }
        return;
    }
    if command && !ev.alt_key() && key.eq_ignore_ascii_case("a") && !in_form_field(ev) {
        if text_has_focus(&editor) {
            // The whole text, drawn or not: the selection spans the pages, placeholders too.
            ev.prevent_default();
            editor.select_all_text();
        }
        return;
    }
    if command || ev.alt_key() || in_form_field(ev) {
        return;
    }
    match key.as_str() {
        "Escape" => {
            let had_something =
                editor.page_selection().is_some() || editor.selected.get_untracked().is_some();
            editor.clear();
            // A second Escape lets Tab leave the text for the page's controls.
            if !had_something {
                if let Some(root) = editor.text_root.get_untracked() {
                    let _ = root.unchecked_ref::<HtmlElement>().blur();
                }
            }
        }
        "ArrowRight" | "ArrowLeft" => {
            ev.prevent_default();
            editor.move_caret(key == "ArrowRight", ev.shift_key());
        }
        "Tab" if text_has_focus(&editor) => {
            ev.prevent_default();
            editor.select_adjacent(!ev.shift_key());
        }
        "Enter" if editor.selected.get_untracked().is_some() => {
            ev.prevent_default();
            editor.focus_editor.update(|v| *v += 1);
        }
        "Delete" | "Backspace" if editor.selected.get_untracked().is_some() => {
            ev.prevent_default();
            editor.delete_selected();
        }
        "/" => {
            ev.prevent_default();
            if let Some(search) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("search-input"))
            {
                let _ = search.unchecked_ref::<HtmlElement>().focus();
            }
        }
        _ => {
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if let Some(label) = Label::from_key(c) {
                    ev.prevent_default();
                    editor.label_selection(label);
                }
            }
        }
    }
}
