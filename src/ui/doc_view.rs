//! The document view: the text, block by block, with its spans drawn over it.

use crate::core::layout::segments;
use crate::ui::state::Editor;
use leptos::prelude::*;

/// The rendered document. Each block redraws only when an edit touches it.
#[component]
pub fn DocView() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let blocks = move || {
        editor.doc_version.track();
        (0..editor.block_count())
            .map(|index| view! { <BlockView index /> })
            .collect_view()
    };
    // A click (not a drag) on the text selects the span there; clicking again reaches the
    // spans around it.
    let on_click = move |ev: web_sys::MouseEvent| {
        if editor.page_selection().is_some() {
            return;
        }
        let run = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest("[data-s]").ok().flatten());
        match run.and_then(|r| r.get_attribute("data-s")?.parse::<usize>().ok()) {
            Some(cp) => editor.click_at(cp),
            None => editor.select(None),
        }
    };
    let empty = move || {
        editor.doc_version.track();
        editor.block_count() == 0
    };
    view! {
        <div class="doc-scroll">
            <Show when=empty>
                <p class="doc-empty">"This document is empty. Paste or open a text to annotate."</p>
            </Show>
            <div
                class="doc-text"
                data-testid="doc-view"
                tabindex="0"
                role="document"
                aria-label="Document text: select text and press a label's key"
                node_ref=editor.text_root
                on:click=on_click
                on:mousedown=move |_| editor.forget_caret()
            >
                {blocks}
            </div>
        </div>
    }
}

/// One block of text: its runs, each wrapped in one highlight element per span over it.
#[component]
fn BlockView(
    /// The block's position in the document's block list.
    index: usize,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let runs = move || {
        let Some(block) = editor.track_block(index) else {
            return Vec::new();
        };
        let selected = editor.selected.get_untracked();
        let matches = editor.matches_in(block.start, block.end);
        editor.with_doc(|doc| {
            let spans = doc.spans().overlapping(block.start, block.end);
            segments(block, &spans, &matches)
                .into_iter()
                .map(|seg| {
                    let mut class = String::from("run");
                    if seg.matched {
                        class.push_str(" match");
                    }
                    if seg.current_match {
                        class.push_str(" current");
                    }
                    let text = doc.doc().slice(seg.start, seg.end).to_string();
                    let mut run = view! {
                        <span class=class data-s=seg.start.to_string() data-e=seg.end.to_string()>
                            {text}
                        </span>
                    }
                    .into_any();
                    // Wrap from the innermost lane outwards.
                    for layer in seg.spans.iter().rev() {
                        let Some(span) = doc.spans().get(layer.id) else {
                            continue;
                        };
                        let label = span.label;
                        let class = format!(
                            "hl lbl-{} lane-{}{}{}",
                            label.index(),
                            layer.lane.min(7),
                            if Some(span.id) == selected {
                                " sel"
                            } else {
                                ""
                            },
                            if layer.starts_here { " first" } else { "" },
                        );
                        let title = span_title(span, doc.meta());
                        run = view! {
                            <span
                                class=class
                                data-id=span.id.0.to_string()
                                data-label=label.name()
                                data-initial=label.initial().to_string()
                                title=title
                            >
                                {run}
                            </span>
                        }
                        .into_any();
                    }
                    run
                })
                .collect::<Vec<_>>()
        })
    };
    view! { <div class="blk">{runs}</div> }
}

/// The hover text of a highlight: label and attributes, so colour is never the only cue.
fn span_title(span: &crate::core::span::Span, meta: &crate::core::document::Metadata) -> String {
    let mut title = span.label.name().to_string();
    for (attr, value) in &span.attrs {
        let shown = if *attr == crate::core::schema::Attribute::Committer {
            meta.committer_caption(value)
        } else {
            value.clone()
        };
        title.push_str(&format!("\n{attr}: {shown}"));
    }
    if !span.note.is_empty() {
        title.push_str(&format!("\nnote: {}", span.note));
    }
    title
}
