//! The document pane: the text drawn page by page, the arcs of relations beside it and the
//! lanes under its lines.

pub mod arcs;
pub mod doc_view;
pub mod lanes;
