//! What an event happened on, for handlers set on a whole list or text rather than each item.

use wasm_bindgen::JsCast;

/// The number in attribute `attribute` of the nearest element matching `selector` at or above
/// the event's target (e.g. the code point of the clicked text run, the id of a clicked row).
pub fn number_at_target<T: std::str::FromStr>(
    ev: &web_sys::Event,
    selector: &str,
    attribute: &str,
) -> Option<T> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let element = target.closest(selector).ok()??;
    element.get_attribute(attribute)?.parse().ok()
}
