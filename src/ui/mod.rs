//! Leptos components. Each is thin: it reads state, calls the core and renders.

pub mod adjudication;
pub mod agreement;
pub mod app;
pub mod arcs;
pub mod doc_view;
pub mod files;
pub mod guidelines;
pub mod keyboard;
pub mod lanes;
pub mod metadata;
pub mod palette;
pub mod persistence;
pub mod span_editor;
pub mod span_list;
pub mod state;
pub mod store;
pub mod toolbar;
pub mod ui_state;
pub mod viewport;
pub mod workspace_panel;
