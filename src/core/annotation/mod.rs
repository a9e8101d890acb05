//! What an annotator makes of a text: spans, relations, the edits that change them (with
//! undo), the annotated document they live in, and a gold version's record of decisions.

pub mod edit;
pub mod gold;
pub mod model;
pub mod relation;
pub mod span;
