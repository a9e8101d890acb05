//! The app shell: header, document area, label palette.

use crate::ui::palette::Palette;
use leptos::prelude::*;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="app-header">
            <h1 class="brand">"Avow"</h1>
            <span class="tagline">"Commitments in diplomatic texts"</span>
        </header>
        <Palette />
        <main class="workspace">
            <section class="doc-area" data-testid="doc-view" aria-label="Document"></section>
        </main>
    }
}
