//! A document's text: kept exactly, indexed by code point, searched and hashed.

pub mod document;
pub mod hash;
pub mod offsets;
pub mod search;
