//! What Avow keeps in the browser's storage, as pure functions over keys and strings: the keys
//! (`keys`), a document's entry in parts (`entry`), what one save writes (`plan`), reading back
//! (`open`), moving older layouts (`migrate`, and `legacy` for v0 and v1), the journal of
//! unsaved changes (`journal`) and when the autosave writes (`autosave`). The browser glue
//! (`browser::idb`, `browser::stored`) only carries them out.

pub mod autosave;
pub mod entry;
pub mod held;
pub mod journal;
pub mod keys;
pub mod legacy;
pub mod migrate;
pub mod open;
pub mod plan;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
