//! The side panel's tabs.

pub mod adjudication;
pub mod agreement;
pub mod guidelines;
pub mod metadata;
pub mod span_editor;
pub mod span_list;
pub mod workspace;
