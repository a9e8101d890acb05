//! The relations drawn beside the text (see `view::arcs`): arcs in the text's left margin for
//! the relations of the span under the mouse, else of the selected one (or of every span on
//! screen), and stubs for those whose other end is off screen. After each change, scroll or
//! draw, the ends of the relations are measured and only the arcs that differ from those drawn
//! are replaced.

use crate::core::annotation::span::SpanId;
use crate::ui::context::clock::after_render;
use crate::ui::context::linking::Linking;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::selection::Selection;
use crate::ui::context::workspace::Store;
use crate::ui::dom::{action_at, insert_html, set_html};
use crate::view::actions::Action;
use crate::view::arcs::{changes, overlay, DrawnEnd, Overlay};
use crate::view::layers::{Layer, Layers, Mark};
use crate::view::markup::Html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The arcs drawn now, by relation id, as the core made them (one text view per page).
    static DRAWN: std::cell::RefCell<Vec<(u64, Html)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The arcs, placed in the text's scrolling box after the text; they set `stubs` (see
/// [`Stubs`]).
#[component]
pub fn Arcs(
    /// The stubs' markup, shown by [`Stubs`] outside the scrolling box.
    stubs: RwSignal<Html>,
) -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let selection = expect_context::<Selection>();
    let linking = expect_context::<Linking>();
    let store = expect_context::<Store>();
    let layer = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        redraw.track_spans();
        redraw.track_text_moved();
        // The span under the mouse, else the selected one.
        let focus = linking.hovered().or(selection.panel_selected());
        let all = linking.all_relations();
        // Once the blocks this change redraws are drawn.
        after_render(move || draw(redraw, store, focus, all, layer, stubs));
    });
    view! { <div class="arcs" data-testid="arcs" node_ref=layer></div> }
}

/// The stubs of relations whose other end is off screen, above the text (never over it);
/// each jumps there.
#[component]
pub fn Stubs(
    /// The stubs' markup, set by [`Arcs`].
    stubs: RwSignal<Html>,
) -> impl IntoView {
    let selection = expect_context::<Selection>();
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some((Action::Jump(id), _)) = action_at(&ev) {
            selection.reveal(id);
        }
    };
    view! { <div class="stubs" data-testid="relation-stubs" inner_html=move || stubs.get().into_string() on:click=on_click></div> }
}

/// Measures where the ends of the relations to draw are, and replaces the arcs that differ
/// from those drawn.
fn draw(
    redraw: Redraw,
    store: Store,
    focus: Option<SpanId>,
    all: bool,
    layer: NodeRef<leptos::html::Div>,
    stubs: RwSignal<Html>,
) {
    let (Some(root), Some(layer)) = (redraw.text_root().get_untracked(), layer.get_untracked())
    else {
        return;
    };
    let Some(scroller) = root.parent_element() else {
        return;
    };
    // Only the ends of relations are measured (reading a box costs a layout).
    let mut ends: Vec<u64> = store.with_doc(|d| {
        Layers::new()
            .relation_ends(d, focus, all)
            .of(Layer::Relations)
            .filter_map(|a| match a.mark {
                Mark::RelationEnd(id) => Some(id.0),
                _ => None,
            })
            .collect()
    });
    ends.sort_unstable();
    if ends.is_empty() {
        if !DRAWN.with_borrow(Vec::is_empty) {
            set_html(&layer, &Html::empty());
            DRAWN.with_borrow_mut(Vec::clear);
        }
        if !stubs.with_untracked(Html::is_empty) {
            stubs.set(Html::empty());
        }
        return;
    }
    let frame = scroller.get_bounding_client_rect();
    let (top, scrolled) = (frame.top(), f64::from(scroller.scroll_top()));
    let mut measured = Vec::new();
    if let Ok(nodes) = root.query_selector_all(".hl.first") {
        for i in 0..nodes.length() {
            let Some(el) = nodes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let Some(id) = el.get_attribute("data-id").and_then(|v| v.parse().ok()) else {
                continue;
            };
            if ends.binary_search(&id).is_ok() {
                let r = el.get_bounding_client_rect();
                measured.push(DrawnEnd {
                    id: SpanId(id),
                    y: (r.top() + r.bottom()) / 2.0 - top + scrolled,
                });
            }
        }
    }
    let view = (scrolled, scrolled + f64::from(scroller.client_height()));
    let wanted = store.with_doc(|d| overlay(d, focus, all, &measured, view));
    patch(&layer, &root, &scroller, &wanted);
    if stubs.with_untracked(|s| *s != wanted.stubs) {
        stubs.set(wanted.stubs);
    }
}

/// Shows `wanted`'s arcs in `layer`, where those in `DRAWN` are shown: only the arcs that
/// differ are taken out and put in.
fn patch(
    layer: &web_sys::HtmlDivElement,
    root: &web_sys::HtmlElement,
    scroller: &web_sys::Element,
    wanted: &Overlay,
) {
    let svg = layer.first_element_child();
    let svg = match svg {
        Some(svg) if !wanted.arcs.is_empty() => svg,
        _ => {
            // None drawn, or none wanted: the whole SVG at once.
            set_html(layer, &wanted.svg());
            DRAWN.set(wanted.arcs.clone());
            place(layer, root, scroller);
            return;
        }
    };
    let (gone, new) = DRAWN.with_borrow(|drawn| {
        let (gone, new) = changes(drawn, &wanted.arcs);
        (
            gone,
            new.into_iter()
                .map(|(_, arc)| arc.clone())
                .collect::<Vec<_>>(),
        )
    });
    for id in gone {
        if let Ok(Some(arc)) = svg.query_selector(&format!("g[data-rel=\"{id}\"]")) {
            arc.remove();
        }
    }
    for arc in new {
        insert_html(&svg, "beforeend", &arc);
    }
    let height = wanted.height.to_string();
    if svg.get_attribute("height").as_deref() != Some(height.as_str()) {
        let _ = svg.set_attribute("height", &height);
    }
    DRAWN.set(wanted.arcs.clone());
    place(layer, root, scroller);
}

/// Puts the layer in the text's left margin (its left padding).
fn place(
    layer: &web_sys::HtmlDivElement,
    root: &web_sys::HtmlElement,
    scroller: &web_sys::Element,
) {
    let frame = scroller.get_bounding_client_rect();
    let left =
        root.get_bounding_client_rect().left() - frame.left() + f64::from(scroller.scroll_left());
    let _ = web_sys::HtmlElement::style(layer)
        .set_property("left", &format!("{}px", left.round() as i64));
}
