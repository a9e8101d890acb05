//! The label palette: one button per schema label, with its hotkey.

use crate::core::schema::Label;
use leptos::prelude::*;

/// The eight labels of the commitment schema as buttons, each showing its hotkey.
#[component]
pub fn Palette() -> impl IntoView {
    view! {
        <nav class="palette" aria-label="Labels" data-testid="palette">
            {Label::ALL
                .into_iter()
                .map(|label| {
                    view! {
                        <button
                            class=format!("label-button lbl-{}", label.index())
                            data-testid=format!("label-{}", label.name())
                            title=label.info().definition
                        >
                            <kbd class="hotkey">{label.key().to_string()}</kbd>
                            <span class="label-name">{label.name()}</span>
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
