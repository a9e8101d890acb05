//! The app's state, one context per concern, each with private signals and getters, provided
//! at the top and taken by the components that use it:
//!
//! - `ui`: the side panel's tab, the message line, what is said to screen readers;
//! - `workspace`: the documents ([`workspace::Store`]), the only owner of their entries;
//! - `autosave`: what is stored, and writing every change ([`autosave::Saver`]);
//! - `redraw`: the open document's blocks and pages, and what the side panel follows;
//! - `selection`: the selected span, the keyboard caret, the text selected on the page;
//! - `search`: the query and its matches;
//! - `linking`: a relation being made, the relations drawn;
//! - `imports`: questions about imported documents, spans not placed;
//! - `commands`: the one place that runs an edit and tells the others.
//!
//! `clock` is their time and schedule (the browser's, or a test's).

pub mod autosave;
pub mod clock;
pub mod commands;
pub mod imports;
pub mod linking;
pub mod redraw;
pub mod search;
pub mod selection;
pub mod ui;
pub mod workspace;

use crate::core::workspace::Workspace;
use commands::Commands;
use imports::Imports;
use linking::Linking;
use redraw::Redraw;
use search::Search;
use selection::Selection;
use ui::Ui;
use workspace::Store;

/// Every context, made together over one workspace.
#[derive(Clone, Copy)]
pub struct Contexts {
    pub ui: Ui,
    pub store: Store,
    pub redraw: Redraw,
    pub selection: Selection,
    pub search: Search,
    pub linking: Linking,
    pub imports: Imports,
    pub commands: Commands,
}

impl Contexts {
    /// The contexts of `workspace` (its open document shown).
    pub fn new(workspace: Workspace) -> Self {
        let ui = Ui::new();
        let store = Store::new(workspace, ui);
        let redraw = store.with_doc(|d| Redraw::new(d.doc().text()));
        let selection = Selection::new(store, redraw);
        let search = Search::new(store, redraw, selection);
        let linking = Linking::new();
        let imports = Imports::new();
        let commands = Commands::new(store, redraw, selection, search, linking, imports, ui);
        Self {
            ui,
            store,
            redraw,
            selection,
            search,
            linking,
            imports,
            commands,
        }
    }

    /// Provides each as context, for the components below.
    pub fn provide(&self) {
        use leptos::prelude::provide_context;
        provide_context(self.ui);
        provide_context(self.store);
        provide_context(self.redraw);
        provide_context(self.selection);
        provide_context(self.search);
        provide_context(self.linking);
        provide_context(self.imports);
        provide_context(self.commands);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub mod tests {
    use super::*;
    use crate::core::annotation::model::Annotated;
    use crate::core::annotation::span::SpanId;
    use crate::core::schema::Label;
    use crate::core::text::document::Metadata;
    use crate::core::workspace::DocEntry;

    /// Contexts over a workspace of one document holding `text`, for native tests.
    pub struct Test {
        pub contexts: Contexts,
        pub owner: leptos::prelude::Owner,
    }

    impl std::ops::Deref for Test {
        type Target = Contexts;
        fn deref(&self) -> &Contexts {
            &self.contexts
        }
    }

    impl Test {
        /// Adds a span directly (not as an edit of the commands).
        pub fn add_span(&self, start: usize, end: usize, label: Label) -> SpanId {
            self.store
                .mutate(|w| {
                    w.current_mut()
                        .doc
                        .annotate(start, end, label, false, 0)
                        .unwrap()
                        .select
                        .unwrap()
                })
                .unwrap()
        }
    }

    /// Contexts over a workspace of one document holding `text`.
    pub fn contexts(text: &str) -> Test {
        let owner = leptos::prelude::Owner::new();
        owner.set();
        let doc = Annotated::new(text.into(), Metadata::default());
        let entry = DocEntry::new("d-test".into(), doc, "ana".into(), 0);
        let contexts = Contexts::new(Workspace::new(vec![entry], None, "ana".into()));
        Test { contexts, owner }
    }
}
