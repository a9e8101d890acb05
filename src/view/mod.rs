//! The view: every piece of markup and on-screen layout as pure functions (no DOM types),
//! tested natively. Components in `ui` hand what these make to the page.

pub mod adjudication;
pub mod agreement;
pub mod arcs;
pub mod caret;
pub mod guide;
pub mod html;
pub mod keyed;
pub mod layout;
pub mod paging;
