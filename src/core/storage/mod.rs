//! What Avow keeps in the browser's storage, as pure functions over keys and strings: the
//! entries and their parts, the save plan, reading at start, the move from older layouts and
//! the journal of unsaved changes. The browser glue (`browser::idb`) only carries them out.

pub mod entry;
pub mod journal;
pub mod keys;
pub mod plan;
