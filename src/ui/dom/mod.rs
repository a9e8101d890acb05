//! Where the app meets the page's DOM: the markup the views make ([`Html`]) goes into an
//! element here (or through a component's `inner_html`, from an `Html` made into a string at
//! that spot), and the controls' typed actions are read back here; the text's selection as code
//! points (`selection`), which pages of the text are drawn (`viewport`), and lists drawn row by
//! row (`rows`). A native test checks the
//! source for any other way into the page (`tests/no_markup_outside_view.rs`).

pub mod rows;
pub mod selection;
pub mod viewport;

use crate::view::actions::Action;
use crate::view::markup::Html;
use wasm_bindgen::JsCast;

/// Puts `html` into `element` in place of its children.
pub fn set_html(element: &web_sys::Element, html: &Html) {
    element.set_inner_html(html.as_str());
}

/// Puts `html` next to `element` (`position` as `insertAdjacentHTML` takes it: "beforebegin",
/// "beforeend", …).
pub fn insert_html(element: &web_sys::Element, position: &str, html: &Html) -> bool {
    element
        .insert_adjacent_html(position, html.as_str())
        .is_ok()
}

/// The action of the control an event reached (the nearest element with `data-act` from the
/// event's target), with that element.
pub fn action_at(ev: &web_sys::Event) -> Option<(Action, web_sys::Element)> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let control = target.closest("[data-act]").ok()??;
    let action = Action::parse(&control.get_attribute("data-act")?)?;
    Some((action, control))
}

/// Tab and Shift+Tab move among `root`'s inputs and buttons, round from the last to the first
/// (a modal dialog keeps the keyboard).
pub fn keep_tab_inside(root: &web_sys::Element, ev: &web_sys::KeyboardEvent) {
    let Ok(list) = root.query_selector_all("input, button, select") else {
        return;
    };
    let controls: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let at = controls.iter().position(|c| {
        active
            .as_ref()
            .is_some_and(|a| a == c.unchecked_ref::<web_sys::Element>())
    });
    let next = match (at, ev.shift_key()) {
        (Some(0) | None, true) => controls.len().checked_sub(1),
        (Some(i), true) => Some(i - 1),
        (Some(i), false) if i + 1 < controls.len() => Some(i + 1),
        _ => Some(0),
    };
    if let Some(control) = next.and_then(|i| controls.get(i)) {
        ev.prevent_default();
        let _ = control.focus();
    }
}
