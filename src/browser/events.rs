//! What an event happened on, for handlers set on a whole list or text rather than each item.

use wasm_bindgen::JsCast;

/// The attribute `attribute` of the nearest element matching `selector` at or above the
/// event's target (e.g. the choice a clicked button names).
pub fn attribute_at_target(ev: &web_sys::Event, selector: &str, attribute: &str) -> Option<String> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    target.closest(selector).ok()??.get_attribute(attribute)
}

/// The number in that attribute (e.g. the code point of the clicked text run, the id of a
/// clicked row).
pub fn number_at_target<T: std::str::FromStr>(
    ev: &web_sys::Event,
    selector: &str,
    attribute: &str,
) -> Option<T> {
    attribute_at_target(ev, selector, attribute)?.parse().ok()
}

/// Resolves once the page has painted what was changed before the call (two animation frames),
/// so that a notice shows before long work that holds the page.
pub async fn painted() {
    let frame = || {
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
            let resolve = move || {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            };
            leptos::prelude::request_animation_frame(resolve);
        }))
    };
    let _ = frame().await;
    let _ = frame().await;
}

/// Resolves in a task of its own (a timeout of no delay), so that the page can paint and
/// answer between two slices of long work without waiting for a frame.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
