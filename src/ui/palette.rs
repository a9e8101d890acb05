//! The label palette: one button per schema label, with its hotkey and how many spans have it.

use crate::core::schema::Label;
use crate::ui::context::commands::Commands;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::workspace::Store;
use leptos::prelude::*;

/// The eight labels of the commitment schema as buttons. Clicking one labels the selected
/// text (or relabels the selected span), as its hotkey does.
#[component]
pub fn Palette() -> impl IntoView {
    let commands = use_context::<Commands>();
    let redraw = use_context::<Redraw>();
    let store = use_context::<Store>();
    let counts = move || {
        let (redraw, store) = (redraw?, store?);
        redraw.track_spans();
        Some(store.with_doc(|d| d.spans().counts()))
    };
    let counts = Memo::new(move |_| counts().unwrap_or_default());
    view! {
        <nav class="palette" aria-label="Labels" data-testid="palette">
            {Label::ALL
                .into_iter()
                .map(|label| {
                    view! {
                        <button
                            class=format!("label-button lbl-{}", label.index())
                            data-testid=format!("label-{}", label.name())
                            title=format!("{} (key {})", label.info().definition, label.key())
                            // Keep the text selection: a button takes focus on mousedown.
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| {
                                if let Some(commands) = commands {
                                    commands.label_selection(label);
                                }
                            }
                        >
                            <kbd class="hotkey">{label.key().to_string()}</kbd>
                            <span class="label-name">{label.name()}</span>
                            <span
                                class="count"
                                data-testid=format!("count-{}", label.name())
                                aria-label="spans with this label"
                            >
                                {move || counts.get()[label.index()]}
                            </span>
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
