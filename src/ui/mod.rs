//! Leptos components and the contexts they share. Each component is thin: it reads a context,
//! calls the core or the view, and hands the result to the page.

pub mod app;
pub mod banners;
pub mod context;
pub mod corpus;
pub mod dom;
pub mod files;
pub mod keyboard;
pub mod palette;
pub mod panels;
pub mod popovers;
pub mod sample;
pub mod text;
pub mod toolbar;
