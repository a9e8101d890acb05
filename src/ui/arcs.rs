//! The relations drawn beside the text (see `core::arcs`): arcs in the text's left margin for
//! the relations of the span under the mouse, else of the selected one (or of every span on
//! screen), and stubs for those whose other end is off screen. Measured from the drawn spans
//! after each change, scroll or draw.

use crate::browser::events::number_at_target;
use crate::core::arcs::{overlay, DrawnEnd};
use crate::core::span::SpanId;
use crate::ui::state::{after_render, Editor};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The arcs, placed in the text's scrolling box after the text; they set `stubs` (see
/// [`Stubs`]).
#[component]
pub fn Arcs(
    /// The stubs' markup, shown by [`Stubs`] outside the scrolling box.
    stubs: RwSignal<String>,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let svg = RwSignal::new(String::new());
    let layer = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        editor.track_spans();
        editor.track_text_moved();
        // The span under the mouse, else the selected one.
        let focus = editor.hovered().or(editor.panel_selected());
        let all = editor.all_relations();
        // Once the blocks this change redraws are drawn.
        after_render(move || draw(editor, focus, all, layer, svg, stubs));
    });
    view! { <div class="arcs" data-testid="arcs" node_ref=layer inner_html=move || svg.get()></div> }
}

/// The stubs of relations whose other end is off screen, above the text (never over it);
/// each jumps there.
#[component]
pub fn Stubs(
    /// The stubs' markup, set by [`Arcs`].
    stubs: RwSignal<String>,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some(id) = number_at_target::<u64>(&ev, "[data-jump]", "data-jump") {
            editor.reveal(SpanId(id));
        }
    };
    view! { <div class="stubs" data-testid="relation-stubs" inner_html=move || stubs.get() on:click=on_click></div> }
}

/// Measures where the spans are drawn and sets the overlay.
fn draw(
    editor: Editor,
    focus: Option<SpanId>,
    all: bool,
    layer: NodeRef<leptos::html::Div>,
    svg: RwSignal<String>,
    stubs: RwSignal<String>,
) {
    let clear = || {
        svg.set(String::new());
        stubs.set(String::new());
    };
    let wanted = all || focus.is_some_and(|f| editor.with_doc(|d| !d.relations().of(f).is_empty()));
    let (Some(root), Some(layer)) = (editor.text_root().get_untracked(), layer.get_untracked())
    else {
        return;
    };
    let Some(scroller) = root.parent_element() else {
        return;
    };
    if !wanted {
        clear();
        return;
    }
    let frame = scroller.get_bounding_client_rect();
    let (top, scrolled) = (frame.top(), f64::from(scroller.scroll_top()));
    let mut ends = Vec::new();
    if let Ok(nodes) = root.query_selector_all(".hl.first") {
        for i in 0..nodes.length() {
            let Some(el) = nodes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            if let Some(id) = el.get_attribute("data-id").and_then(|v| v.parse().ok()) {
                let r = el.get_bounding_client_rect();
                ends.push(DrawnEnd {
                    id: SpanId(id),
                    y: (r.top() + r.bottom()) / 2.0 - top + scrolled,
                });
            }
        }
    }
    let view = (scrolled, scrolled + f64::from(scroller.client_height()));
    let drawn = editor.with_doc(|d| overlay(d, focus, all, &ends, view));
    // The margin is the text's left padding.
    let left =
        root.get_bounding_client_rect().left() - frame.left() + f64::from(scroller.scroll_left());
    let _ = web_sys::HtmlElement::style(&layer)
        .set_property("left", &format!("{}px", left.round() as i64));
    svg.set(drawn.svg);
    stubs.set(drawn.stubs);
}
