//! Avow: a browser-only annotator for commitments in diplomatic texts.
//!
//! `core` holds the logic (schema, document, spans, edits, formats) with no DOM types;
//! `ui` holds thin Leptos components that read state and call the core.

pub mod browser;
pub mod core;
pub mod ui;

pub use ui::app::App;
