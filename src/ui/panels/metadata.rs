//! The document metadata form.

use crate::core::schema::SOURCE_TYPES;
use crate::core::text::document::MetaField;
use crate::ui::context::commands::Commands;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::workspace::Store;
use leptos::html;
use leptos::prelude::*;

/// The metadata of the open document. Every change is an undoable edit; typing in one field
/// merges into one undo step.
#[component]
pub fn MetadataForm() -> impl IntoView {
    view! {
        <form class="metadata" data-testid="metadata" on:submit=|ev| ev.prevent_default()>
            {MetaField::ALL.into_iter().map(|field| view! { <MetaInput field /> }).collect_view()}
        </form>
    }
}

/// One metadata field.
#[component]
fn MetaInput(
    /// The field this input edits.
    field: MetaField,
) -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let store = expect_context::<Store>();
    let commands = expect_context::<Commands>();
    let value = Memo::new(move |_| {
        redraw.track_meta();
        store.with_doc(|d| d.meta().get(field).to_string())
    });
    let on_input = move |ev: web_sys::Event| commands.set_meta(field, event_target_value(&ev));
    let id = format!("meta-{}", field.key());
    let testid = id.clone();
    let control = if field == MetaField::SourceType {
        view! {
            <select id=id data-testid=testid prop:value=move || value.get() on:change=on_input>
                <option value="">"— not set —"</option>
                {SOURCE_TYPES
                    .iter()
                    .map(|t| view! { <option value=*t>{t.replace('_', " ")}</option> })
                    .collect_view()}
            </select>
        }
        .into_any()
    } else {
        let input = NodeRef::<html::Input>::new();
        // Mirror the value only when it differs, so the caret never jumps while typing.
        Effect::new(move |_| {
            let v = value.get();
            if let Some(el) = input.get() {
                if el.value() != v {
                    el.set_value(&v);
                }
            }
        });
        let (kind, placeholder) = match field {
            MetaField::Date => ("text", "YYYY-MM-DD"),
            MetaField::Url => ("url", "https://…"),
            MetaField::PartyA | MetaField::PartyB => ("text", "name or ISO code, e.g. USA"),
            MetaField::Language => ("text", "e.g. en"),
            _ => ("text", ""),
        };
        view! {
            <input
                id=id
                data-testid=testid
                type=kind
                placeholder=placeholder
                node_ref=input
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=format!("meta-{}", field.key())>{field.caption()}</label>
            {control}
        </div>
    }
}
