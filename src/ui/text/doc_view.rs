//! The document view: the text, block by block, with its spans drawn over it.

use crate::browser::events::number_at_target;
use crate::core::annotation::span::SpanId;
use crate::ui::context::commands::Commands;
use crate::ui::context::linking::Linking;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::search::Search;
use crate::ui::context::selection::Selection;
use crate::ui::context::workspace::Store;
use crate::view::layers::Layers;
use crate::view::markup::Html;
use crate::view::text::{block_html, BlockMarks};
use leptos::prelude::*;

/// The rendered document: its pages, drawn when near the viewport. Each block redraws only
/// when an edit touches it.
#[component]
pub fn DocView() -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let selection = expect_context::<Selection>();
    let linking = expect_context::<Linking>();
    let commands = expect_context::<Commands>();
    let pinned = move || selection.pinned();
    let pages = move || {
        redraw.track_doc();
        (0..redraw.viewport().page_count())
            .map(|index| view! { <PageView index /> })
            .collect_view()
    };
    // Which pages are near the view changes when it scrolls or resizes, and when another
    // document's pages are drawn.
    Effect::new(move |_| {
        redraw.track_doc();
        redraw.check_viewport_soon(pinned);
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        redraw.check_viewport_soon(pinned)
    });
    on_cleanup(move || resize.remove());
    // A click (not a drag) on the text selects the span there; clicking again reaches the
    // spans around it.
    let on_click = move |ev: web_sys::MouseEvent| {
        if redraw.page_selection().is_some() {
            return;
        }
        match number_at_target::<usize>(&ev, "[data-s]", "data-s") {
            Some(cp) => commands.click_at(cp),
            None => selection.select(None),
        }
    };
    // Copying puts the document's exact text on the clipboard, pages not drawn included (the
    // browser would copy only what is drawn, and the labels' code badges are not text).
    let on_copy = move |ev: web_sys::ClipboardEvent| {
        if let (Some(text), Some(data)) = (selection.selected_text(), ev.clipboard_data()) {
            if data.set_data("text/plain", &text).is_ok() {
                ev.prevent_default();
            }
        }
    };
    let empty = move || {
        redraw.track_doc();
        redraw.block_count() == 0
    };
    let stubs = RwSignal::new(Html::empty());
    let pointer = std::cell::Cell::new((0, 0));
    view! {
        <crate::ui::text::arcs::Stubs stubs />
        <div class="doc-scroll" on:scroll=move |_| {
            redraw.check_viewport_soon(pinned);
            redraw.text_moved();
        }>
            <Show when=empty>
                <p class="doc-empty">"This document is empty. Paste or open a text to annotate."</p>
            </Show>
            <div
                class="doc-text"
                class:linking=move || linking.from().is_some()
                data-testid="doc-view"
                tabindex="0"
                role="document"
                aria-label="Document text: select text and press a label's key"
                node_ref=redraw.text_root()
                on:click=on_click
                on:mousedown=move |_| selection.forget_caret()
                on:mouseover=move |ev| {
                    // A redraw under a still mouse fires one too: that may end a hover (the
                    // span went, or scrolled away) but never starts one (Esc cleared it).
                    let at = (ev.client_x(), ev.client_y());
                    let moved = pointer.replace(at) != at;
                    let under = number_at_target::<u64>(&ev, ".hl", "data-id").map(SpanId);
                    if moved || under.is_none() {
                        linking.set_hovered(under);
                    }
                }
                on:mouseleave=move |_| linking.set_hovered(None)
                on:copy=on_copy
            >
                {pages}
            </div>
            <crate::ui::text::arcs::Arcs stubs />
            <crate::ui::text::lanes::Lanes />
        </div>
    }
}

/// A page of blocks: drawn, or a placeholder of its height while far from the viewport.
#[component]
fn PageView(
    /// The page's position in the document's page list.
    index: usize,
) -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let Some(page) = redraw.viewport().page(index) else {
        return ().into_any();
    };
    let live = redraw.viewport().live(index);
    let drawn = live.clone();
    let height = move || {
        if live.get() {
            String::new()
        } else {
            redraw.viewport().placeholder_height(index)
        }
    };
    let blocks = move || {
        drawn.get().then(|| {
            (page.first_block..page.end_block)
                .map(|index| view! { <BlockView index /> })
                .collect_view()
        })
    };
    view! {
        <div
            class="page"
            data-page=index
            data-ps=page.start
            data-pe=page.end
            style:height=height
        >
            {blocks}
        </div>
    }
    .into_any()
}

/// One block of text, drawn from the markup the view makes of it (see `view::text`).
#[component]
fn BlockView(
    /// The block's position in the document's block list.
    index: usize,
) -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let selection = expect_context::<Selection>();
    let search = expect_context::<Search>();
    let store = expect_context::<Store>();
    let html = move || {
        let Some(block) = redraw.track_block(index) else {
            return Html::empty();
        };
        let selected = selection.selected_untracked();
        let matches = search.matches_in(block.start, block.end);
        store.with_doc(|doc| {
            let spans = doc.spans().overlapping(block.start, block.end);
            let layers = Layers::new().spans(&spans).matches(&matches);
            let marks = BlockMarks {
                layers: &layers,
                selected,
                meta: doc.meta(),
            };
            block_html(doc.doc().text(), block, &marks)
        })
    };
    // The chunks of a long line flow as one line.
    let class = if redraw.block_in_long_line(index) {
        "blk chunk"
    } else {
        "blk"
    };
    view! { <div class=class inner_html=move || html().into_string()></div> }
}
