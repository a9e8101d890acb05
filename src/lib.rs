//! Avow: a browser-only annotator for commitments in diplomatic texts.
//!
//! The rooms, each depending only on those after it: `ui` (Leptos components and contexts) ->
//! `view` (markup and layout, pure) -> `core` (the domain, pure); `browser` (the page's APIs)
//! -> `core`. See docs/architecture.md.

pub mod browser;
pub mod core;
pub mod ui;
pub mod view;

pub use ui::app::App;
