//! The pure core: no DOM or Leptos types, tested natively with `cargo test`.

pub mod adjudication;
pub mod agreement;
pub mod arcs;
pub mod caret;
pub mod document;
pub mod edit;
pub mod formats;
pub mod guide;
pub mod html;
pub mod journal;
pub mod keyed;
pub mod layout;
pub mod model;
pub mod offsets;
pub mod paging;
pub mod persist;
pub mod relation;
pub mod schema;
pub mod search;
pub mod sort;
pub mod span;
pub mod store;
pub mod time;
pub mod workspace;
