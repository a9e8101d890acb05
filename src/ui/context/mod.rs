//! The app's state, one context per concern, each with private signals and getters, provided
//! at the top and taken by the components that use it.

pub mod autosave;
pub mod ui;
pub mod workspace;
