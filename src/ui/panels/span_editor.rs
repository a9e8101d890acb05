//! The selected span's editor: label, attributes, note, its relations, link, delete.

use crate::core::annotation::span::SpanId;
use crate::core::schema::{Attribute, Label};
use crate::ui::context::commands::Commands;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::selection::Selection;
use crate::ui::context::ui::Ui;
use crate::ui::context::workspace::Store;
use crate::ui::dom::action_at;
use crate::view::actions::Action;
use crate::view::span_editor::{
    attribute_fields_html, link_kinds_html, provenance_text, relations_html,
};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Edits the selected span. It stays mounted (hidden while no span is selected) and its
/// fields follow the selected span reactively: selecting or creating a span fills the fields
/// rather than building the editor anew, and typing a note never loses focus.
#[component]
pub fn SpanEditor() -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let ui = expect_context::<Ui>();
    let store = expect_context::<Store>();
    let selection = expect_context::<Selection>();
    let commands = expect_context::<Commands>();
    let selected = Memo::new(move |_| selection.panel_selected());
    let span = Memo::new(move |_| {
        redraw.track_spans();
        let id = selected.get()?;
        store.with_doc(|d| d.spans().get(id).cloned())
    });
    let quote = move || {
        store.with_doc(|d| {
            span.get()
                .map(|s| d.quote(&s).to_string())
                .unwrap_or_default()
        })
    };
    // Where a gold span came from (decision, sources, by, at).
    let provenance = move || {
        redraw.track_spans();
        let id = selected.get()?;
        store.with_doc(|d| provenance_text(d, id))
    };
    // A memo, so that the attribute fields redraw only when the label changes, not on every
    // attribute change (which would take the keyboard focus away from the field).
    let label = Memo::new(move |_| span.get().map(|s| s.label));
    // The attribute fields follow the label's attribute list, so a relabel between labels
    // that carry the same attributes keeps the fields as they are (and so does a moment with
    // nothing selected, when the editor is hidden).
    let attributes = Memo::new(move |previous: Option<&&'static [Attribute]>| {
        label
            .get()
            .map(|l| l.attributes())
            .or(previous.copied())
            .unwrap_or(&[])
    });
    // The fields as markup, drawn anew only when the label's attributes or the parties'
    // names change; the values are set field by field (below).
    let fields_markup = Memo::new(move |_| {
        let attrs = attributes.get();
        redraw.track_meta();
        store.with_doc(|d| {
            attribute_fields_html(attrs, |attr, value| {
                if attr == Attribute::Committer {
                    d.meta().committer_caption(value)
                } else {
                    value.replace('_', " ")
                }
            })
        })
    });
    let fields = NodeRef::<html::Div>::new();
    // Each field shows the span's value; one that already does is left alone, so the field
    // being used keeps the keyboard.
    Effect::new(move |_| {
        fields_markup.track();
        span.track();
        let Some(fields) = fields.get() else { return };
        let selects = fields.get_elements_by_tag_name("select");
        span.with(|span| {
            for i in 0..selects.length() {
                let Some(select) = selects.item(i) else {
                    continue;
                };
                let value = select
                    .get_attribute("data-act")
                    .and_then(|act| match Action::parse(&act) {
                        Some(Action::SetAttribute(attr)) => span.as_ref()?.attrs.get(&attr),
                        _ => None,
                    })
                    .map_or("", String::as_str);
                let select = select.unchecked_into::<web_sys::HtmlSelectElement>();
                if select.value() != value {
                    select.set_value(value);
                }
            }
        });
    });
    let on_attribute = move |ev: web_sys::Event| {
        let attr = match action_at(&ev) {
            Some((Action::SetAttribute(attr), _)) => Some(attr),
            _ => None,
        };
        if let (Some(id), Some(attr)) = (selected.get_untracked(), attr) {
            let chosen = event_target_value(&ev);
            commands.set_attribute(id, attr, (!chosen.is_empty()).then_some(chosen));
        }
    };
    let label_select = NodeRef::<html::Select>::new();
    let note_box = NodeRef::<html::Textarea>::new();
    // Enter on a selected span (keyboard) focuses the editor.
    Effect::new(move |first: Option<()>| {
        ui.track_span_editor_focus();
        if first.is_some() {
            if let Some(select) = label_select.get() {
                let _ = select.focus();
            }
        }
    });
    // Mirror the note into the box only when it differs, so the caret never jumps.
    Effect::new(move |_| {
        let note = span.get().map(|s| s.note).unwrap_or_default();
        if let Some(area) = note_box.get() {
            if area.value() != note {
                area.set_value(&note);
            }
        }
    });
    let on_label = move |ev: web_sys::Event| {
        if let (Some(id), Some(label)) = (
            selected.get_untracked(),
            Label::from_name(&event_target_value(&ev)),
        ) {
            commands.relabel(id, label);
        }
    };
    let on_note = move |ev: web_sys::Event| {
        if let Some(id) = selected.get_untracked() {
            commands.set_note(id, event_target_value(&ev));
        }
    };
    // Escape leaves the editor for the text, where the keyboard annotates.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            redraw.focus_text();
        }
    };
    let offsets = move || {
        span.get()
            .map(|s| format!("{}–{}", s.start, s.end))
            .unwrap_or_default()
    };
    // A kind's button begins a relation of that kind at the span.
    let on_link_kind = move |ev: web_sys::MouseEvent| {
        if let Some((Action::LinkAs(kind), _)) = action_at(&ev) {
            commands.start_linking_as(kind);
        }
    };
    let on_delete = move |_| {
        if let Some(id) = selected.get_untracked() {
            commands.delete(id);
        }
    };
    // A text selection is a state of its own: what a label would make of it, in place of the
    // editor of a span selected before.
    let hint = move || {
        selection.text_selection().map(|p| {
            if p.blank {
                format!("Selected “{}”: only spaces, nothing to label.", p.selected)
            } else {
                match p.snapped {
                    Some(snapped) => format!(
                        "Selected “{}”: press 1–8 to label it; it snaps to whole words: “{snapped}”.",
                        p.selected
                    ),
                    None => format!("Selected “{}”: press 1–8 to label it.", p.selected),
                }
            }
        })
    };
    view! {
        <p class="selection-hint" data-testid="selection-hint" class:hidden=move || !selection.has_text_selection()>
            {hint}
        </p>
        <p
            class="hint"
            data-testid="span-editor-empty"
            class:hidden=move || span.with(Option::is_some) || selection.has_text_selection()
        >
            "Select a span (click it, or Alt+↓ / Alt+↑ through them) to edit it."
        </p>
        <section
            class="span-editor"
            class:hidden=move || span.with(Option::is_none) || selection.has_text_selection()
            data-testid="span-editor"
            data-id=move || selected.get().map(|id| id.0.to_string())
            on:keydown=on_keydown
        >
            <blockquote class="editor-quote" data-testid="editor-quote">{quote}</blockquote>
            <p class="hint provenance" data-testid="span-provenance" class:hidden=move || provenance().is_none()>
                {move || provenance().unwrap_or_default()}
            </p>
            <div class="field">
                <label for="span-label">"Label"</label>
                <select
                    id="span-label"
                    data-testid="span-label"
                    node_ref=label_select
                    prop:value=move || label.get().map(|l| l.name()).unwrap_or_default()
                    on:change=on_label
                >
                    {Label::ALL
                        .into_iter()
                        .map(|l| {
                            view! {
                                <option value=l.name()>{format!("{} {}", l.key(), l.name())}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="attribute-fields" node_ref=fields inner_html=move || fields_markup.get().into_string() on:change=on_attribute></div>
            <div class="field">
                <label for="span-note">"Note"</label>
                <textarea
                    id="span-note"
                    data-testid="span-note"
                    rows="3"
                    node_ref=note_box
                    placeholder="Free text: doubts, reasons, references"
                    on:input=on_note
                ></textarea>
            </div>
            <Relations selected />
            <p class="link-kinds" on:click=on_link_kind>
                "Link as: "
                <span inner_html=move || label.get().map(link_kinds_html).unwrap_or_default().into_string()></span>
            </p>
            <div class="editor-actions">
                <span class="offsets" data-testid="span-offsets" title="Start and end in Unicode code points">
                    {offsets}
                </span>
                <button
                    data-testid="relation-start"
                    title="Link this span to another (R)"
                    on:click=move |_| commands.start_linking()
                >
                    "Link…"
                </button>
                <button data-testid="span-delete" class="danger" on:click=on_delete>
                    "Delete span"
                </button>
            </div>
        </section>
    }
}

/// The selected span's relations, in and out: each to jump to (its other end), note or delete;
/// a relation made invalid by a relabel says why; the committer attribute and the committer
/// relations, when they disagree, say so. Drawn from markup (`view::html::relations_html`),
/// with one click handler for the list.
#[component]
fn Relations(
    /// The selected span's id.
    selected: Memo<Option<SpanId>>,
) -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let store = expect_context::<Store>();
    let selection = expect_context::<Selection>();
    let commands = expect_context::<Commands>();
    let markup = Memo::new(move |_| {
        redraw.track_spans();
        selected
            .get()
            .map(|id| store.with_doc(|d| relations_html(d, id)))
            .unwrap_or_default()
    });
    let on_click = move |ev: web_sys::MouseEvent| match action_at(&ev) {
        Some((Action::Jump(span), _)) => selection.reveal(span),
        Some((Action::Unlink(id), _)) => commands.unlink(id),
        _ => {}
    };
    // A relation's note is kept when the box is left (or Enter pressed).
    let on_change = move |ev: web_sys::Event| {
        if let Some((Action::RelationNote(id), _)) = action_at(&ev) {
            commands.set_relation_note(id, event_target_value(&ev));
        }
    };
    view! {
        <div class="relations" data-testid="relations" inner_html=move || markup.get().into_string() on:click=on_click on:change=on_change></div>
    }
}
