//! The view: every piece of markup and on-screen layout as pure functions (no DOM types),
//! tested natively. All markup is written through `markup::Markup`, which escapes by type;
//! the controls in it carry typed `actions::Action`s. Components in `ui` hand the results to
//! the page.

pub mod actions;
pub mod adjudication;
pub mod agreement;
pub mod arcs;
pub mod caret;
pub mod corpus_dialog;
pub mod guide;
pub mod import_dialog;
pub mod keyed;
pub mod lanes;
pub mod layers;
pub mod layout;
pub mod markup;
pub mod menus;
pub mod paging;
pub mod span_editor;
pub mod span_list;
pub mod text;
pub mod words;
pub mod workspace;

#[cfg(test)]
mod hostile;
