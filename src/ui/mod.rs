//! Leptos components. Each is thin: it reads state, calls the core and renders.

pub mod app;
pub mod palette;
