//! The side panel's list of spans in text order, with a label filter.

use crate::browser::events::number_at_target;
use crate::core::annotation::span::SpanId;
use crate::core::schema::Label;
use crate::ui::context::commands::Commands;
use crate::ui::context::imports::Imports;
use crate::ui::context::linking::Linking;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::selection::Selection;
use crate::ui::context::ui::Ui;
use crate::ui::context::workspace::Store;
use crate::ui::dom::action_at;
use crate::ui::dom::rows::DrawnRows;
use crate::view::actions::Action;
use crate::view::markup::Html;
use crate::view::span_list::{
    list_row_html, options_html, orphans_html, relation_list_html, row_id, RowText,
};
use leptos::prelude::*;

/// Height of one row of the list, in pixels (rows are fixed-height so the list can draw only
/// the rows in view).
const ROW_PX: f64 = 58.0;
/// The list's greatest height as a share of the window's (`.list-viewport` in the CSS).
const LIST_HEIGHT_SHARE: f64 = 0.62;
/// Rows drawn above and below the visible ones.
const OVERSCAN: usize = 2;

/// The list of spans, in text order, filterable by label. Only the rows in view are drawn, so
/// a document with thousands of spans lists as fast as one with ten.
#[component]
pub fn SpanList() -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let ui = expect_context::<Ui>();
    let store = expect_context::<Store>();
    let selection = expect_context::<Selection>();
    let commands = expect_context::<Commands>();
    // The ids in list order: cheap to recompute on every change.
    let ids = Memo::new(move |_| {
        redraw.track_spans();
        let filter = ui.filter();
        store.with_doc(|doc| match filter {
            None => doc.spans().ids().collect::<Vec<_>>(),
            Some(label) => doc
                .spans()
                .iter()
                .filter(|s| s.label == label)
                .map(|s| s.id)
                .collect(),
        })
    });
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(600.0f64);
    let list_box = NodeRef::<leptos::html::Div>::new();
    // The rows in view, each as one piece of HTML (see `view::html`): a jump of the list
    // redraws twenty rows in one call rather than a hundred-odd elements one by one, and an
    // edit redraws only the rows it changed (see `ui::dom::rows`).
    let rows_html = move || {
        redraw.track_meta();
        redraw.track_spans();
        let selected = selection.panel_selected();
        let first = ((scroll_top.get() / ROW_PX) as usize).saturating_sub(OVERSCAN);
        let bottom = scroll_top.get() + viewport.get();
        ids.with(|ids| {
            let last = ((bottom / ROW_PX) as usize + OVERSCAN).min(ids.len());
            store.with_doc(|doc| {
                let mut rows = Vec::with_capacity(last - first.min(last));
                for span in ids[first.min(last)..last]
                    .iter()
                    .filter_map(|id| doc.spans().get(*id))
                {
                    let details = span
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
                        .join(" · ");
                    let row = RowText {
                        span,
                        quote: doc.quote(span),
                        details,
                        selected: selected == Some(span.id),
                    };
                    rows.push(list_row_html(&row));
                }
                rows
            })
        })
    };
    let list_element = NodeRef::<leptos::html::Ol>::new();
    let drawn = StoredValue::new_local(DrawnRows::default());
    // Where the list is to scroll once its rows for there are drawn (see below).
    let pending_scroll = StoredValue::new(None::<i32>);
    Effect::new(move |_| {
        let rows = rows_html();
        if let Some(list) = list_element.get() {
            drawn.update_value(|d| d.update(&list, rows));
        }
        // Scrolling makes the browser lay the page out at once: after the rows are in, it
        // does so once, and the frame has nothing left to lay out.
        if let (Some(target), Some(list)) = (pending_scroll.get_value(), list_box.get_untracked()) {
            pending_scroll.set_value(None);
            list.set_scroll_top(target);
        }
    });
    // A click on a row selects its span and shows it in the text.
    let on_row_click = move |ev: web_sys::MouseEvent| {
        if let Some(id) = number_at_target(&ev, "[data-testid=annotation-item]", "data-id") {
            selection.reveal(SpanId(id));
        }
    };
    // The keyboard in the list: the arrows, Home and End move the selection through the rows
    // shown (a filter applies), Enter edits the selected span.
    let on_list_keydown = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if key == "Enter" {
            if selection.selected_untracked().is_some() {
                ev.prevent_default();
                ui.focus_span_editor();
            }
            return;
        }
        let next = ids.with_untracked(|ids| {
            let at = selection
                .selected_untracked()
                .and_then(|id| ids.iter().position(|x| *x == id));
            match (key.as_str(), at) {
                ("ArrowDown", Some(i)) => ids.get(i + 1).copied(),
                ("ArrowUp", Some(i)) => i.checked_sub(1).and_then(|i| ids.get(i)).copied(),
                ("ArrowDown" | "ArrowUp" | "Home", None) | ("Home", _) => ids.first().copied(),
                ("End", _) => ids.last().copied(),
                _ => None,
            }
        });
        if matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
            ev.prevent_default();
            // The list handles these itself: the page's keys (Alt+arrows in the text) do not.
            ev.stop_propagation();
        }
        if let Some(id) = next {
            selection.reveal(id);
            if let Some(described) = commands.describe(id) {
                ui.announce(described);
            }
        }
    };
    // The selected row, for screen readers, when it is in the list.
    let active_row = move || {
        let selected = selection.panel_selected()?;
        ids.with(|ids| ids.contains(&selected))
            .then(|| row_id(selected))
    };
    let pad_top = move || {
        let first = ((scroll_top.get() / ROW_PX) as usize).saturating_sub(OVERSCAN);
        crate::view::words::px(first.min(ids.with(Vec::len)) as f64 * ROW_PX)
    };
    let full_height = move || crate::view::words::px(ids.with(Vec::len) as f64 * ROW_PX);
    let total = move || {
        redraw.track_spans();
        store.with_doc(|d| d.spans().len())
    };
    // Keep the selected span's row in view. The list's scroll position and height are known
    // without asking the browser, so nothing here makes it lay out mid-edit.
    Effect::new(move |_| {
        let Some(id) = selection.panel_selected() else {
            return;
        };
        let Some(index) = ids.with_untracked(|ids| ids.iter().position(|x| *x == id)) else {
            return;
        };
        let top = index as f64 * ROW_PX;
        let (now, height) = (scroll_top.get_untracked(), viewport.get_untracked());
        if top >= now && top + ROW_PX <= now + height {
            return;
        }
        // Centred, within what the list can scroll to.
        let most = ids.with_untracked(Vec::len) as f64 * ROW_PX - height;
        let target = (top - height / 2.0).min(most).max(0.0);
        // This runs in the frame after the one that showed the edit in the text (the panel
        // follows a frame late): the rows for there are drawn now, not when the scroll event
        // comes a frame later, and the list scrolls once they are in.
        let target = target.floor();
        if target == scroll_top.get_untracked() {
            if let Some(list) = list_box.get_untracked() {
                list.set_scroll_top(target as i32);
            }
        } else {
            pending_scroll.set_value(Some(target as i32));
            scroll_top.set(target);
        }
    });
    // The list's height: at most 62% of the window's (its CSS max-height), which is what rows
    // are drawn for; reading the window's size never makes the browser lay out the page.
    let measure = move || {
        let window_height = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(1000.0);
        viewport.set((window_height * LIST_HEIGHT_SHARE).max(ROW_PX));
    };
    measure();
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let on_scroll = move |_| {
        if let Some(list) = list_box.get_untracked() {
            let top = f64::from(list.scroll_top());
            if top != scroll_top.get_untracked() {
                scroll_top.set(top);
            }
        }
    };
    let on_filter = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        ui.set_filter(Label::from_name(&value));
    };
    view! {
        <Orphans />
        <div class="span-list">
            <div class="list-header">
                <label>
                    "Show "
                    <select
                        data-testid="label-filter"
                        on:change=on_filter
                        inner_html=options_html(
                            std::iter::once(("", "all labels"))
                                .chain(Label::ALL.iter().map(|l| (l.name(), l.name()))),
                        )
                        .into_string()
                    ></select>
                </label>
                <span class="list-total" data-testid="list-total">
                    {move || {
                        // With a filter, how many of all are shown: "4 of 12 spans".
                        let all = total();
                        match ui.filter() {
                            Some(label) => {
                                redraw.track_spans();
                                let shown = store.with_doc(|d| d.spans().counts()[label.index()]);
                                format!("{shown} of {all} spans")
                            }
                            None => crate::view::words::plural(all, "span"),
                        }
                    }}
                </span>
            </div>
            <Show when=move || total() == 0>
                <p class="hint">
                    "No spans yet. Select text in the document and press a label's key (1-8)."
                </p>
            </Show>
            <div class="list-viewport" node_ref=list_box on:scroll=on_scroll>
                <div class="list-sizer" style:height=full_height>
                    <ol
                        class="annotation-list"
                        data-testid="annotation-list"
                        role="listbox"
                        aria-label="Spans, in text order"
                        tabindex="0"
                        aria-activedescendant=active_row
                        style:padding-top=pad_top
                        node_ref=list_element
                        on:click=on_row_click
                        on:keydown=on_list_keydown
                    ></ol>
                </div>
            </div>
        </div>
    }
}

/// Imported spans that could not be anchored: place each on a selection, or drop it. The
/// rows are markup (`view::html::orphans_html`) with one handler for their buttons.
#[component]
fn Orphans() -> impl IntoView {
    let imports = expect_context::<Imports>();
    let commands = expect_context::<Commands>();
    let markup = move || orphans_html(&imports.orphans());
    let on_click = move |ev: web_sys::MouseEvent| match action_at(&ev) {
        Some((Action::PlaceOrphan(i), _)) => commands.place_orphan(i),
        Some((Action::DropOrphan(i), _)) => imports.drop_orphan(i),
        _ => {}
    };
    // Pressing Place must not take the text's selection away: it is where the span goes.
    let on_mousedown = move |ev: web_sys::MouseEvent| {
        if let Some((Action::PlaceOrphan(_), _)) = action_at(&ev) {
            ev.prevent_default();
        }
    };
    view! {
        <section class="orphans" data-testid="orphans" class:hidden=move || imports.orphans().is_empty()>
            <h2 class="panel-heading">"Imported spans not found in this text"</h2>
            <p class="hint">"Select where one belongs and press Place, or drop it."</p>
            <ul inner_html=move || markup().into_string() on:click=on_click on:mousedown=on_mousedown></ul>
        </section>
    }
}

/// The document's relations in the Spans tab, by id, filterable by type: each row's two ends
/// jump there. Folded away until opened (drawn only then), and hidden while there are none;
/// beside it, the toggle that draws every relation on screen.
#[component]
pub fn RelationList() -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let store = expect_context::<Store>();
    let selection = expect_context::<Selection>();
    let linking = expect_context::<Linking>();
    let kind = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let count = move || {
        redraw.track_spans();
        store.with_doc(|d| d.relations().len())
    };
    let markup = move || {
        if !open.get() {
            return Html::empty();
        }
        redraw.track_spans();
        let kind = crate::core::schema::RelationKind::from_name(&kind.get());
        store.with_doc(|d| relation_list_html(d, kind, 200))
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some((Action::Jump(id), _)) = action_at(&ev) {
            selection.reveal(id);
        }
    };
    let details = NodeRef::<leptos::html::Details>::new();
    view! {
        <label class="snap" class:hidden=move || count() == 0 title="Draw every relation on screen beside the text, not only the selected span's">
            <input
                type="checkbox"
                data-testid="relations-toggle"
                prop:checked=move || linking.all_relations()
                on:change=move |ev| linking.set_all_relations(event_target_checked(&ev))
            />
            " Draw all relations"
        </label>
        <details
            class="relation-list"
            data-testid="relations-list"
            class:hidden=move || count() == 0
            node_ref=details
            on:toggle=move |_| open.set(details.get_untracked().is_some_and(|d| d.open()))
        >
            <summary>"Relations (" {count} ")"</summary>
            <select
                data-testid="relation-filter"
                aria-label="Show relations of this type"
                on:change=move |ev| kind.set(event_target_value(&ev))
                inner_html=options_html(
                    std::iter::once(("", "all types")).chain(
                        crate::core::schema::RelationKind::ALL.iter().map(|k| (k.name(), k.name())),
                    ),
                )
                .into_string()
            ></select>
            <ul inner_html=move || markup().into_string() on:click=on_click></ul>
        </details>
    }
}
