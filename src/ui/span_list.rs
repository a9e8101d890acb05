//! The side panel's list of spans in text order, with a label filter.

use crate::core::schema::Label;
use crate::core::span::SpanId;
use crate::ui::state::Editor;
use leptos::prelude::*;

/// What one row shows; rows are keyed by all of it, so a changed span redraws only its row.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    id: SpanId,
    label: Label,
    quote: String,
    details: String,
    has_note: bool,
}

/// Longest quote a row shows before eliding the middle.
const QUOTE_CHARS: usize = 120;

fn elide(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let count = flat.chars().count();
    if count <= QUOTE_CHARS {
        return flat;
    }
    let head: String = flat.chars().take(QUOTE_CHARS * 2 / 3).collect();
    let tail: String = flat.chars().skip(count - QUOTE_CHARS / 3).collect();
    format!("{head} … {tail}")
}

/// Height of one row of the list, in pixels (rows are fixed-height so the list can draw only
/// the rows in view).
const ROW_PX: f64 = 58.0;
/// Rows drawn above and below the visible ones.
const OVERSCAN: usize = 10;

/// The list of spans, in text order, filterable by label. Only the rows in view are drawn, so
/// a document with thousands of spans lists as fast as one with ten.
#[component]
pub fn SpanList() -> impl IntoView {
    let editor = expect_context::<Editor>();
    // The ids in list order: cheap to recompute on every change.
    let ids = Memo::new(move |_| {
        editor.spans_version.track();
        let filter = editor.filter.get();
        editor.with_doc(|doc| {
            doc.spans()
                .iter()
                .filter(|s| filter.is_none_or(|f| f == s.label))
                .map(|s| s.id)
                .collect::<Vec<_>>()
        })
    });
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(600.0f64);
    let list_box = NodeRef::<leptos::html::Div>::new();
    // The rows in view, each with what it shows (so a changed span redraws its row only).
    let rows = move || {
        editor.meta_version.track();
        editor.spans_version.track();
        let ids = ids.get();
        let first = ((scroll_top.get() / ROW_PX) as usize).saturating_sub(OVERSCAN);
        let last =
            (((scroll_top.get() + viewport.get()) / ROW_PX) as usize + OVERSCAN).min(ids.len());
        editor.with_doc(|doc| {
            ids[first.min(last)..last]
                .iter()
                .filter_map(|id| doc.spans().get(*id))
                .map(|s| Row {
                    id: s.id,
                    label: s.label,
                    quote: elide(doc.quote(s)),
                    details: s
                        .attrs
                        .iter()
                        .map(|(attr, value)| {
                            if *attr == crate::core::schema::Attribute::Committer {
                                doc.meta().committer_caption(value)
                            } else {
                                value.clone()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" · "),
                    has_note: !s.note.is_empty(),
                })
                .collect::<Vec<_>>()
        })
    };
    let pad_top = move || {
        let first = ((scroll_top.get() / ROW_PX) as usize).saturating_sub(OVERSCAN);
        format!("{}px", first.min(ids.with(Vec::len)) as f64 * ROW_PX)
    };
    let full_height = move || format!("{}px", ids.with(Vec::len) as f64 * ROW_PX);
    let total = move || {
        editor.spans_version.track();
        editor.with_doc(|d| d.spans().len())
    };
    // Keep the selected span's row in view.
    Effect::new(move |_| {
        let Some(id) = editor.selected.get() else {
            return;
        };
        let Some(index) = ids.with_untracked(|ids| ids.iter().position(|x| *x == id)) else {
            return;
        };
        if let Some(list) = list_box.get_untracked() {
            let top = index as f64 * ROW_PX;
            let (now, height) = (
                f64::from(list.scroll_top()),
                f64::from(list.client_height()),
            );
            if top < now || top + ROW_PX > now + height {
                list.set_scroll_top((top - height / 2.0).max(0.0) as i32);
            }
        }
    });
    let on_scroll = move |_| {
        if let Some(list) = list_box.get_untracked() {
            scroll_top.set(f64::from(list.scroll_top()));
            viewport.set(f64::from(list.client_height()).max(ROW_PX));
        }
    };
    let on_filter = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        editor.filter.set(Label::from_name(&value));
    };
    view! {
        <Orphans />
        <div class="span-list">
            <div class="list-header">
                <label>
                    "Show "
                    <select data-testid="label-filter" on:change=on_filter>
                        <option value="">"all labels"</option>
                        {Label::ALL
                            .into_iter()
                            .map(|l| view! { <option value=l.name()>{l.name()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <span class="list-total" data-testid="list-total">{move || format!("{} spans", total())}</span>
            </div>
            <Show when=move || total() == 0>
                <p class="hint">
                    "No spans yet. Select text in the document and press a label's key (1-8)."
                </p>
            </Show>
            <div class="list-viewport" node_ref=list_box on:scroll=on_scroll>
                <div class="list-sizer" style:height=full_height>
                    <ol class="annotation-list" data-testid="annotation-list" style:padding-top=pad_top>
                        <For each=rows key=|row| row.clone() let(row)>
                            <SpanRow row />
                        </For>
                    </ol>
                </div>
            </div>
        </div>
    }
}

/// One span in the list.
#[component]
fn SpanRow(
    /// What the row shows.
    row: Row,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let id = row.id;
    view! {
        <li
            class=format!("annotation-item lbl-{}", row.label.index())
            class:selected=move || editor.selected.get() == Some(id)
            data-testid="annotation-item"
            data-id=id.0.to_string()
            data-label=row.label.name()
            on:click=move |_| editor.reveal(id)
        >
            <span class="chip" data-testid="item-label">{row.label.name()}</span>
            <q class="quote" data-testid="item-quote">{row.quote}</q>
            <span class="details" data-testid="item-details">{row.details}</span>
            <Show when=move || row.has_note>
                <span class="note-mark" title="has a note">"✎"</span>
            </Show>
        </li>
    }
}

/// Imported spans that could not be anchored: place each on a selection, or drop it.
#[component]
fn Orphans() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let orphans = editor.orphans;
    view! {
        <Show when=move || !orphans.get().is_empty()>
            <section class="orphans" data-testid="orphans">
                <h2 class="panel-heading">"Imported spans not found in this text"</h2>
                <p class="hint">"Select where one belongs and press Place, or drop it."</p>
                <ul>
                    {move || {
                        orphans
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, o)| {
                                view! {
                                    <li class=format!("orphan lbl-{}", o.label.index()) data-testid="orphan">
                                        <span class="chip">{o.label.name()}</span>
                                        <q>{elide(o.quote.as_deref().unwrap_or(""))}</q>
                                        <button
                                            data-testid="orphan-place"
                                            on:mousedown=|ev| ev.prevent_default()
                                            on:click=move |_| editor.place_orphan(i)
                                        >
                                            "Place"
                                        </button>
                                        <button
                                            data-testid="orphan-drop"
                                            on:click=move |_| orphans.update(|o| { o.remove(i); })
                                        >
                                            "Drop"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </section>
        </Show>
    }
}
