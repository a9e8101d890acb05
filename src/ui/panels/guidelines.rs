//! The guidelines: each label's definition, cue words and examples, the attributes, the
//! annotation rules, the relations and the keys, all generated from `core::schema` by
//! `view::guide` (no second copy in HTML).

use leptos::prelude::*;

/// The annotation guidelines of the commitment schema.
#[component]
pub fn Guidelines() -> impl IntoView {
    view! { <article class="guidelines" data-testid="guidelines-panel" inner_html=crate::view::guide::html().into_string()></article> }
}
