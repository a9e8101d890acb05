//! The header's menus (`<details>`: *Open…*, *Export*) close as popovers do: on Esc, with
//! the focus back on their button, and on a click outside them.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The menus this closes.
const MENUS: &str = "details.open-document[open], details.export-menu[open]";

/// Listens on the window for as long as the app lives.
pub fn close_on_escape_or_outside_click() {
    let keys = window_event_listener(ev::keydown, |e| {
        if e.key() != "Escape" {
            return;
        }
        let active = document().active_element();
        for menu in open_menus() {
            // Only a menu the focus is in (a click does not put the focus in a summary on
            // every platform): Esc elsewhere keeps its meaning in the text.
            if active.as_ref().is_some_and(|a| menu.contains(Some(a))) {
                e.prevent_default();
                e.stop_propagation();
                close(&menu, true);
            }
        }
    });
    let clicks = window_event_listener(ev::pointerdown, |e| {
        let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        for menu in open_menus() {
            if !menu.contains(target.as_ref()) {
                close(&menu, false);
            }
        }
    });
    on_cleanup(move || {
        keys.remove();
        clicks.remove();
    });
}

fn open_menus() -> Vec<Element> {
    let Ok(list) = document().query_selector_all(MENUS) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn close(menu: &Element, focus_button: bool) {
    let _ = menu.remove_attribute("open");
    if focus_button {
        if let Ok(Some(summary)) = menu.query_selector("summary") {
            let _ = summary.unchecked_into::<HtmlElement>().focus();
        }
    }
}
