//! Keyboard-only annotation: the app's global key bindings.
//!
//! Tab and Shift+Tab move between the page's controls as anywhere else (the text is one stop);
//! Alt+Down / Alt+Up, or J / K, move between spans while the text has the focus; F6 / Shift+F6
//! move between the header, the text and the side panel; Escape clears and keeps the focus in
//! the text.

use crate::core::schema::Label;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::Contexts;
use crate::ui::panels::adjudication::Adjudication;
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
fn text_has_focus(redraw: &Redraw) -> bool {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let root = redraw.text_root().get_untracked();
    match (active, root) {
        (None, _) => true,
        (Some(active), Some(root)) => {
            active.tag_name() == "BODY" || root.contains(Some(active.unchecked_ref()))
        }
        (Some(active), None) => active.tag_name() == "BODY",
    }
}

/// The regions F6 moves between, in order: the first control of the header, the text, and the
/// side panel's selected tab.
const REGIONS: [&str; 3] = [
    ".app-header button, .app-header summary, .app-header input",
    "[data-testid=doc-view]",
    ".side-panel [role=tab][aria-selected=true]",
];

/// Moves the focus to the next (or previous) region of the page.
fn cycle_regions(forward: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let active = document.active_element();
    let inside = |selector: &str| {
        let region = match selector {
            s if s.starts_with(".app-header") => document.query_selector(".app-header"),
            s if s.starts_with(".side-panel") => document.query_selector(".side-panel"),
            s => document.query_selector(s),
        };
        matches!((region, &active), (Ok(Some(r)), Some(a)) if r.contains(Some(a.unchecked_ref())))
    };
    let current = REGIONS.iter().position(|s| inside(s));
    let next = match (current, forward) {
        (Some(i), true) => (i + 1) % REGIONS.len(),
        (Some(i), false) => (i + REGIONS.len() - 1) % REGIONS.len(),
        (None, _) => 1,
    };
    if let Ok(Some(target)) = document.query_selector(REGIONS[next]) {
        let _ = target.unchecked_ref::<HtmlElement>().focus();
    }
}

/// Handles a key press anywhere in the app.
pub fn on_keydown(contexts: Contexts, adjudication: Adjudication, ev: &KeyboardEvent) {
    let Contexts {
        commands,
        redraw,
        selection,
        linking,
        ui,
        ..
    } = contexts;
    let key = ev.key();
    let command = ev.ctrl_key() || ev.meta_key();
    if key == "F6" && !command && !ev.alt_key() {
        ev.prevent_default();
        cycle_regions(!ev.shift_key());
        return;
    }
    // Shift+Alt+arrows: the selection's end by one character, in the text.
    if ev.alt_key()
        && ev.shift_key()
        && !command
        && matches!(key.as_str(), "ArrowRight" | "ArrowLeft")
    {
        if text_has_focus(&redraw) {
            ev.prevent_default();
            selection.extend_caret_by_char(key == "ArrowRight");
        }
        return;
    }
    if ev.alt_key() && !command && matches!(key.as_str(), "ArrowDown" | "ArrowUp") {
        if text_has_focus(&redraw) {
            ev.prevent_default();
            commands.select_adjacent(key == "ArrowDown");
        }
        return;
    }
    if command && !ev.alt_key() && matches!(key.as_str(), "z" | "Z" | "y" | "Y") {
        if in_form_field(ev) {
            return;
        }
        ev.prevent_default();
        if ev.shift_key() || key.eq_ignore_ascii_case("y") {
            commands.redo();
        } else {
            commands.undo();
        }
        return;
    }
    if command && !ev.alt_key() && key.eq_ignore_ascii_case("a") && !in_form_field(ev) {
        if text_has_focus(&redraw) {
            // The whole text, drawn or not: the selection spans the pages, placeholders too.
            ev.prevent_default();
            selection.select_all_text();
        }
        return;
    }
    if command || ev.alt_key() || in_form_field(ev) {
        return;
    }
    // While adjudicating, N, P, the numbers, A, X, E and Enter decide units.
    if adjudication.on_key(ev) {
        return;
    }
    match key.as_str() {
        "Escape" => {
            // Clears, and the keyboard stays in the text (Tab leaves it as it leaves any control).
            commands.clear();
            if text_has_focus(&redraw) {
                redraw.focus_text();
            }
        }
        "ArrowRight" | "ArrowLeft" => {
            ev.prevent_default();
            selection.move_caret(key == "ArrowRight", ev.shift_key());
        }
        "j" | "k" if text_has_focus(&redraw) => {
            ev.prevent_default();
            commands.select_adjacent(key == "j");
        }
        // While a relation is being made: Enter ends it at the span found by search (/), or at
        // the selected span.
        "Enter" if linking.from_untracked().is_some() => {
            ev.prevent_default();
            match commands.link_target_here() {
                Some(to) => commands.finish_linking(to),
                None => ui.tell(crate::ui::context::ui::Notice::Info(
                    "Move to the other span with J / K first, or find its words with / (or click it).".into(),
                )),
            }
        }
        "r" | "R" if text_has_focus(&redraw) || selection.selected_untracked().is_some() => {
            ev.prevent_default();
            commands.start_linking();
        }
        "Enter" if selection.selected_untracked().is_some() => {
            ev.prevent_default();
            ui.focus_span_editor();
        }
        "Delete" | "Backspace" if selection.selected_untracked().is_some() => {
            ev.prevent_default();
            commands.delete_selected();
        }
        "/" => {
            ev.prevent_default();
            if let Some(search) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("search-input"))
            {
                let _ = search.unchecked_ref::<HtmlElement>().focus();
                // The previous query is selected, so what is typed next replaces it.
                if let Some(input) = search.dyn_ref::<web_sys::HtmlInputElement>() {
                    input.select();
                }
            }
        }
        _ => {
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if let Some(label) = Label::from_key(c) {
                    ev.prevent_default();
                    commands.label_selection(label);
                }
            }
        }
    }
}
