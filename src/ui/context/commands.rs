//! The one place that runs an edit and tells the others (as xi-editor's `do_edit` then
//! `after_edit`): every change to the open document (a label, a relabel, an attribute, a
//! relation, undo, a decision of adjudication) is run here through the workspace store, and
//! what it changed is passed on to what redraws, what is selected, and what is said. So are
//! the workspace's own commands that need several contexts (deleting a document and bringing
//! it back, opening one).

use crate::core::annotation::model::{AnnotateError, Annotated, Changed};
use crate::core::annotation::relation::RelationId;
use crate::core::annotation::span::{Span, SpanId};
use crate::core::formats::anchor::Incoming;
use crate::core::formats::PendingLink;
use crate::core::schema::{Attribute, Label, RelationKind};
use crate::core::text::document::MetaField;
use crate::core::workspace::DocEntry;
use crate::ui::context::clock::{next_frame, now};
use crate::ui::context::imports::Imports;
use crate::ui::context::linking::Linking;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::search::Search;
use crate::ui::context::selection::Selection;
use crate::ui::context::ui::{Notice, Ui};
use crate::ui::context::workspace::Store;
use crate::view::words::elide;
use leptos::prelude::*;

/// A span's text for a message: on one line, shortened to at most `most` characters.
fn short_quote(doc: &Annotated, span: &Span, most: usize) -> String {
    elide(doc.quote(span)).chars().take(most).collect()
}

/// The commands, `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Commands {
    store: Store,
    redraw: Redraw,
    selection: Selection,
    search: Search,
    linking: Linking,
    imports: Imports,
    ui: Ui,
    /// A document's deletion came last, so Ctrl+Z brings it back (not an older edit of the
    /// document that is open now).
    undo_restores_document: StoredValue<bool>,
    /// The document deleted last, with its place, for Undo.
    last_deleted: StoredValue<Option<(DocEntry, usize)>>,
}

impl Commands {
    /// The commands over these contexts; the open document is shown afresh whenever the store
    /// puts another in front.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Store,
        redraw: Redraw,
        selection: Selection,
        search: Search,
        linking: Linking,
        imports: Imports,
        ui: Ui,
    ) -> Self {
        let commands = Self {
            store,
            redraw,
            selection,
            search,
            linking,
            imports,
            ui,
            undo_restores_document: StoredValue::new(false),
            last_deleted: StoredValue::new(None),
        };
        store.on_reopen(move || commands.show_current());
        commands
    }

    /// Shows the (new) open document: everything redraws, nothing stays selected or found.
    pub fn show_current(&self) {
        self.selection.reset();
        self.search.reset();
        self.store.with_doc(|d| self.redraw.show(d.doc().text()));
        self.store.docs_changed();
    }

    // ---- running an edit ----

    fn edit_current<R>(&self, edit: impl FnOnce(&mut Annotated) -> R) -> Option<R> {
        self.store.mutate(|w| edit(&mut w.current_mut().doc))
    }

    /// Runs an edit of the open document and tells the others; a refusal is said.
    fn run(&self, edit: impl FnOnce(&mut Annotated) -> Result<Changed, AnnotateError>) -> bool {
        match self.edit_current(edit) {
            Some(Ok(changed)) => {
                self.after_edit(changed);
                true
            }
            Some(Err(AnnotateError::Duplicate(id))) => {
                self.selection.reveal(id);
                self.ui
                    .tell(Notice::Info(AnnotateError::Duplicate(id).to_string()));
                false
            }
            Some(Err(e)) => {
                self.ui.tell(Notice::Error(e.to_string()));
                false
            }
            None => false,
        }
    }

    /// After any edit: the blocks it touched redraw, the selection follows, the side panel
    /// catches up a frame later, the history and the metadata say so, and the document is
    /// stamped (and so saved).
    fn after_edit(&self, changed: Changed) {
        // An edit after a document's deletion: Ctrl+Z now undoes the edit.
        self.undo_restores_document.set_value(false);
        for (start, end) in &changed.ranges {
            self.redraw.range(*start, *end);
        }
        if !changed.ranges.is_empty() {
            self.selection.select(changed.select);
            self.redraw.panel_later(true);
        }
        if changed.meta {
            self.redraw.meta_changed();
        }
        if changed.relations {
            // The span editor lists the relations: it catches up a frame later.
            if changed.ranges.is_empty() {
                self.selection
                    .select(changed.select.or(self.selection.selected_untracked()));
            }
            self.redraw.panel_later(true);
        }
        self.redraw.history_changed();
        self.store.stamp_current();
    }

    /// Makes an adjudication decision on the open (gold) document: shown and saved as any
    /// edit, or its reason told.
    pub fn decide(&self, decision: impl FnOnce(&mut Annotated) -> Result<Changed, String>) -> bool {
        match self.edit_current(decision) {
            Some(Ok(changed)) => {
                self.after_edit(changed);
                true
            }
            Some(Err(why)) => {
                self.ui.tell(Notice::Info(why));
                false
            }
            None => false,
        }
    }

    // ---- what is said ----

    /// Shows a message about an edit in the frame after the edit's (the edit's frame draws
    /// the text alone).
    fn tell_after_edit(&self, notice: Notice) {
        let ui = self.ui;
        next_frame(move || ui.tell(notice));
    }

    /// A span as the live region names it: label, place among the spans, and its text.
    pub fn describe(&self, id: SpanId) -> Option<String> {
        self.store.with_doc(|d| {
            let spans = d.spans();
            let span = spans.get(id)?;
            let place = spans.rank(id)? + 1;
            let quote = short_quote(d, span, 80);
            Some(format!(
                "{}, {place} of {}: “{quote}”",
                span.label,
                spans.len()
            ))
        })
    }

    /// A span's label and text, shortened for a message.
    fn label_and_quote(&self, id: SpanId) -> Option<(Label, String)> {
        self.store.with_doc(|d| {
            let span = d.spans().get(id)?;
            Some((span.label, short_quote(d, span, 60)))
        })
    }

    /// Announces `what` was done ("Labelled", "Undone", …), with the selected span.
    fn announce_selected(&self, what: &str) {
        let described = self
            .selection
            .selected_untracked()
            .and_then(|id| self.describe(id));
        self.ui.announce(match described {
            Some(span) => format!("{what}: {span}"),
            None => format!("{what}."),
        });
    }

    // ---- spans ----

    /// Labels the selected text (the page's selection, else the keyboard caret's words);
    /// without either, relabels the selected span.
    pub fn label_selection(&self, label: Label) {
        self.label(label, self.selection.chosen_range());
    }

    /// Labels `range` (none: relabels the selected span, or says what to do).
    pub fn label(&self, label: Label, range: Option<(usize, usize)>) {
        if let Some((start, end)) = range {
            let snap = self.selection.snap_untracked();
            if self.run(|d| d.annotate(start, end, label, snap, now())) {
                self.selection.labelled();
                self.search.labelled(start, end);
                // An older message goes a frame on too.
                let ui = self.ui;
                next_frame(move || ui.dismiss());
                self.announce_selected("Labelled");
            }
        } else if let Some(id) = self.selection.selected_untracked() {
            self.relabel(id, label);
        } else {
            self.ui.tell(Notice::Info(format!(
                "Select some text, then press {} or click {label}.",
                label.key()
            )));
        }
    }

    /// Changes the label of a span.
    pub fn relabel(&self, id: SpanId, label: Label) {
        let before = self.label_and_quote(id);
        if before.as_ref().map(|(l, _)| *l) != Some(label)
            && self.run(|d| d.relabel(id, label, now()))
        {
            self.announce_selected("Relabelled");
            if let Some((before, quote)) = before {
                self.tell_after_edit(Notice::Info(format!(
                    "Relabelled “{quote}” from {before} to {label} (Ctrl+Z undoes)."
                )));
            }
        }
    }

    /// Sets or clears an attribute of a span.
    pub fn set_attribute(&self, id: SpanId, attr: Attribute, value: Option<String>) {
        let said = format!("{attr}: {}", value.as_deref().unwrap_or("not set"));
        if self.run(|d| d.set_attribute(id, attr, value.as_deref(), now())) {
            self.ui.announce(said);
        }
    }

    /// Sets a span's note.
    pub fn set_note(&self, id: SpanId, note: String) {
        self.run(|d| d.set_note(id, note, now()));
    }

    /// Deletes a span.
    pub fn delete(&self, id: SpanId) {
        let described = self.describe(id);
        let shown = self.label_and_quote(id);
        if self.run(|d| d.delete(id, now())) {
            if let Some((label, quote)) = shown {
                self.tell_after_edit(Notice::Info(format!(
                    "Deleted the {label} span “{quote}” (Ctrl+Z undoes)."
                )));
            }
            self.ui.announce(match described {
                Some(span) => format!("Deleted: {span}"),
                None => "Deleted.".into(),
            });
        }
    }

    /// Deletes the selected span.
    pub fn delete_selected(&self) {
        if let Some(id) = self.selection.selected_untracked() {
            self.delete(id);
        }
    }

    /// Sets a metadata field.
    pub fn set_meta(&self, field: MetaField, value: String) {
        self.run(|d| Ok(d.set_meta(field, value, now())));
    }

    // ---- imports ----

    /// Adds imported spans with the relations between them (kind and the places of its ends
    /// in `spans`) as one undoable step; gives how many spans and relations were added, and
    /// each span's id (`None`: it was there already).
    pub fn add_spans_linked(
        &self,
        spans: Vec<Span>,
        relations: &[(RelationKind, usize, usize)],
    ) -> (usize, usize, Vec<Option<SpanId>>) {
        let mut added = (0, 0, Vec::new());
        self.run(|d| {
            let (changed, spans, linked, ids) = d.add_spans_linked(spans, relations, now());
            added = (spans, linked, ids);
            Ok(changed)
        });
        added
    }

    /// Lists spans an import could not place, with the relations that wait for them.
    pub fn add_orphans(&self, orphans: Vec<Incoming>, pending: Vec<PendingLink>) {
        self.imports.add_orphans(orphans, pending);
    }

    /// Places the `index`th orphan on the page's selection (exactly as selected).
    pub fn place_orphan(&self, index: usize) {
        let range = self.redraw.page_selection();
        self.place_orphan_at(index, range);
    }

    /// Places the `index`th orphan on `range`: the span and the relations that waited for it
    /// (made once both their ends are placed) are one undoable step.
    pub fn place_orphan_at(&self, index: usize, range: Option<(usize, usize)>) {
        let Some(orphan) = self.imports.orphan(index) else {
            return;
        };
        let Some((start, end)) = range else {
            self.ui.tell(Notice::Info(
                "Select the text where this span belongs, then press Place.".into(),
            ));
            return;
        };
        let key = orphan.source as u64;
        let imports = self.imports;
        let mut placed = None;
        self.run(|d| {
            let (changed, _, id) = d.place_linked(
                orphan.to_span(SpanId(0), start, end),
                |id| imports.ready_links(key, id),
                now(),
            );
            placed = id;
            Ok(changed)
        });
        if placed.is_some() {
            self.imports.placed(index);
            self.redraw.clear_page_selection();
        }
    }

    // ---- relations ----

    /// Begins a relation at the selected span: the next span clicked, or moved to with J / K
    /// and confirmed with Enter, is its other end; Esc cancels.
    pub fn start_linking(&self) {
        self.begin_linking(None);
    }

    /// Begins a relation of `kind` at the selected span.
    pub fn start_linking_as(&self, kind: RelationKind) {
        self.begin_linking(Some(kind));
    }

    fn begin_linking(&self, kind: Option<RelationKind>) {
        let Some(from) = self.selection.selected_untracked() else {
            self.ui.tell(Notice::Info(
                "Select a span first, then press R (or Link…) to link it to another.".into(),
            ));
            return;
        };
        let Some((label, quote)) = self.label_and_quote(from) else {
            return;
        };
        self.linking.begin(from, kind);
        self.ui.tell(Notice::Info(match kind {
            Some(kind) => format!(
                "Linking by {kind} ({}): click the other span, or move to it with J / K and press Enter. Esc cancels.",
                kind.info().ends
            ),
            None => format!(
                "Linking from the {label} span “{quote}”: click the other span, or move to it with J / K and press Enter. Esc cancels."
            ),
        }));
        self.redraw.focus_text();
    }

    /// Where a relation being made would end if Enter were pressed now: at the span moved to
    /// with J / K, else at the span under the text found by search (anywhere in the
    /// document, drawn or not).
    pub fn link_target_here(&self) -> Option<SpanId> {
        let from = self.linking.from_untracked()?;
        if let Some(moved) = self.selection.selected_untracked().filter(|id| *id != from) {
            return Some(moved);
        }
        let found = self.selection.chosen_range()?;
        self.store.with_doc(|d| d.link_target_at(from, found.0))
    }

    /// Stops making a relation, and says so.
    pub fn cancel_linking(&self) {
        if self.linking.from_untracked().is_some() {
            self.linking.end();
            self.ui.tell(Notice::Info("No relation made.".into()));
        }
    }

    /// Ends the relation being made at `to`, in the one kind and direction the schema allows
    /// between the two spans' labels (schema version 1 never allows two: see
    /// `RelationKind::linking`).
    pub fn finish_linking(&self, to: SpanId) {
        let Some(from) = self.linking.from_untracked() else {
            return;
        };
        let kind = self.linking.kind_untracked();
        let made = self.edit_current(|d| match kind {
            Some(kind) => d.link_kind_between(from, to, kind, now()),
            None => d.link_between(from, to, now()),
        });
        match made {
            Some(Ok(changed)) => self.after_link(from, changed),
            Some(Err(e)) => self.ui.tell(Notice::Error(e.to_string())),
            None => {}
        }
    }

    /// After a relation is made: the span it was begun at stays selected, its relations
    /// listed; says which relation, and what Ctrl+Z does.
    fn after_link(&self, begun: SpanId, changed: Changed) {
        self.linking.end();
        self.after_edit(changed);
        self.selection.select(Some(begun));
        let said = self.store.with_doc(|d| {
            let r = d.relations().iter().max_by_key(|r| r.id)?;
            Some(format!(
                "Linked {} “{}” —{}→ {} “{}” (Ctrl+Z undoes).",
                d.spans().get(r.from)?.label,
                short_quote(d, d.spans().get(r.from)?, 40),
                r.kind,
                d.spans().get(r.to)?.label,
                short_quote(d, d.spans().get(r.to)?, 40)
            ))
        });
        if let Some(said) = said {
            self.ui.announce(said.clone());
            self.tell_after_edit(Notice::Info(said));
        }
    }

    /// Deletes a relation.
    pub fn unlink(&self, id: RelationId) {
        match self.edit_current(|d| d.unlink(id, now())) {
            Some(Ok(changed)) => {
                self.after_edit(changed);
                self.ui.announce("Relation deleted.".into());
            }
            Some(Err(e)) => self.ui.tell(Notice::Error(e.to_string())),
            None => {}
        }
    }

    /// Sets a relation's note (one undo step while it is typed).
    pub fn set_relation_note(&self, id: RelationId, note: String) {
        if let Some(Ok(changed)) = self.edit_current(|d| d.set_relation_note(id, note, now())) {
            self.after_edit(changed);
        }
    }

    // ---- moving and clearing ----

    /// A click on the text at code point `cp`: while a relation is being made, its other end;
    /// else the span there (see `Selection::click_at`).
    pub fn click_at(&self, cp: usize) {
        if let Some(from) = self.linking.from_untracked() {
            match self.store.with_doc(|d| d.link_target_at(from, cp)) {
                Some(to) => self.finish_linking(to),
                None => self.ui.tell(Notice::Info(
                    "That is not a span: click the span to link to, or press Esc.".into(),
                )),
            }
            return;
        }
        self.selection.click_at(cp);
    }

    /// Selects the next (or previous) span in text order, and says which.
    pub fn select_adjacent(&self, forward: bool) {
        if let Some(id) = self.selection.select_adjacent(forward) {
            if let Some(described) = self.describe(id) {
                self.ui.announce(described);
            }
        }
    }

    /// Esc: while a relation is being made, stops it; else clears the text selection, the
    /// keyboard caret, the selected span and the arcs of the span under the mouse.
    pub fn clear(&self) {
        if self.linking.from_untracked().is_some() {
            self.cancel_linking();
            return;
        }
        self.selection.clear();
        // The arcs of the span under the mouse go too, until the mouse moves to a span.
        self.linking.set_hovered(None);
    }

    // ---- history ----

    /// What Ctrl+Z would undo: a document's deletion when that came last, else the open
    /// document's last edit.
    pub fn undo_description(&self) -> Option<String> {
        if self.undo_restores_document.get_value() {
            let title = self
                .last_deleted
                .with_value(|d| d.as_ref().map(|(e, _)| e.display_title()));
            return title.map(|t| format!("deleting “{t}”"));
        }
        self.store.with_doc(|d| d.history().undo_description())
    }

    /// What Ctrl+Shift+Z would redo.
    pub fn redo_description(&self) -> Option<String> {
        self.store.with_doc(|d| d.history().redo_description())
    }

    /// Undoes the last change: the deletion of a document when that came last, else the open
    /// document's last edit.
    pub fn undo(&self) {
        if self.undo_restores_document.get_value() {
            let undone = self.undo_description();
            self.restore_deleted();
            if let Some(undone) = undone {
                self.ui.announce(format!("Undone: {undone}"));
            }
            return;
        }
        if let Some(Some(changed)) = self.edit_current(Annotated::undo) {
            let meta = changed.meta;
            self.after_edit(changed);
            self.announce_selected("Undone");
            if meta {
                // Shown in the Document tab, which may not be open.
                self.ui.tell(Notice::Info(
                    "Undone: a change to the document's details (see the Document tab).".into(),
                ));
            }
        }
    }

    /// Redoes the last undone change.
    pub fn redo(&self) {
        if let Some(Some(changed)) = self.edit_current(Annotated::redo) {
            self.after_edit(changed);
            self.announce_selected("Redone");
        }
    }

    // ---- documents ----

    /// Removes a document from the workspace; it can be brought back with
    /// [`Commands::restore_deleted`] until another is deleted.
    pub fn delete_doc(&self, id: &str) {
        let commands = *self;
        let target = id.to_string();
        // The open document gives way to a neighbour, read first when none is in memory.
        let first = self
            .store
            .with_workspace(|w| w.to_read_before_removing(id))
            .unwrap_or_else(|| target.clone());
        self.store
            .when_loaded(&first, move || commands.delete_loaded(&target));
    }

    fn delete_loaded(&self, id: &str) {
        let Some((entry, index)) = self.store.remove(id) else {
            self.ui.tell(Notice::Error(
                "The last document cannot be deleted: open or paste another first.".into(),
            ));
            return;
        };
        let title = entry.display_title();
        self.last_deleted.set_value(Some((entry, index)));
        self.undo_restores_document.set_value(true);
        self.redraw.history_changed();
        self.ui.announce(format!("Deleted the document “{title}”"));
        self.ui.tell(Notice::Deleted(title));
    }

    /// Brings back the document deleted last.
    pub fn restore_deleted(&self) {
        if let Some((entry, index)) = self.last_deleted.try_update_value(Option::take).flatten() {
            self.store.add_entry(entry, Some(index));
            self.ui.dismiss();
        }
        self.undo_restores_document.set_value(false);
        self.redraw.history_changed();
    }

    /// Renames a document (its metadata title). On the open document this is an undoable edit.
    pub fn rename(&self, id: &str, title: String) {
        if self.store.current_id() == id {
            self.set_meta(MetaField::Title, title);
        } else {
            self.store.rename(id, title);
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::ui::context::clock::run_scheduled;
    use crate::ui::context::tests::contexts;

    #[test]
    fn a_label_is_one_edit_that_redraws_selects_and_says_so() {
        let c = contexts("The two leaders will deepen cooperation.");
        let drawn = c.redraw.blocks_drawn();
        c.commands.label(Label::Party, Some((4, 15)));
        let id = c.store.with_doc(|d| d.spans().iter().next().unwrap().id);
        assert_eq!(c.selection.selected_untracked(), Some(id));
        assert_eq!(
            c.redraw.blocks_drawn(),
            drawn,
            "redraws are the views' work"
        );
        run_scheduled();
        assert_eq!(
            c.ui.announcement_untracked(),
            "Labelled: PARTY, 1 of 1: “two leaders”"
        );
        assert!(c.store.with_workspace(|w| w.has_changes()), "to be saved");
        // Undo and redo, each one step.
        c.commands.undo();
        assert_eq!(c.store.with_doc(|d| d.spans().len()), 0);
        c.commands.redo();
        assert_eq!(c.store.with_doc(|d| d.spans().len()), 1);
        // A refused edit changes nothing and says why.
        c.commands.label(Label::Party, Some((3, 4)));
        assert_eq!(c.store.with_doc(|d| d.spans().len()), 1);
        assert!(c.ui.notice_untracked().is_some());
    }

    #[test]
    fn without_a_selection_a_label_relabels_the_selected_span_or_says_what_to_do() {
        let c = contexts("The two leaders will deepen cooperation.");
        c.commands.label(Label::Party, None);
        assert!(
            matches!(c.ui.notice_untracked(), Some(Notice::Info(t)) if t.contains("Select some text"))
        );
        c.commands.label(Label::Party, Some((4, 15)));
        c.commands.label(Label::Stance, None);
        assert_eq!(
            c.store.with_doc(|d| d.spans().iter().next().unwrap().label),
            Label::Stance
        );
    }

    #[test]
    fn a_relation_is_begun_ended_and_undone_and_esc_stops_one() {
        let c = contexts("The two leaders will deepen cooperation.");
        c.commands.label(Label::Party, Some((4, 15)));
        let party = c.selection.selected_untracked().unwrap();
        c.commands.label(Label::Commitment, Some((16, 40)));
        let act = c.selection.selected_untracked().unwrap();
        c.commands.start_linking();
        assert_eq!(c.linking.from_untracked(), Some(act));
        c.commands.clear();
        assert_eq!(c.linking.from_untracked(), None, "Esc stops it");
        c.commands.start_linking();
        c.commands.click_at(5);
        assert_eq!(c.store.with_doc(|d| d.relations().len()), 1);
        assert_eq!(c.linking.from_untracked(), None);
        assert_eq!(c.selection.selected_untracked(), Some(act));
        let relation = c
            .store
            .with_doc(|d| d.relations().iter().next().unwrap().id);
        c.commands.unlink(relation);
        assert_eq!(c.store.with_doc(|d| d.relations().len()), 0);
        c.commands.undo();
        assert_eq!(c.store.with_doc(|d| d.relations().len()), 1);
        assert!(c.store.with_doc(|d| d.spans().get(party).is_some()));
    }

    #[test]
    fn an_orphan_is_placed_with_its_waiting_relation_in_one_step() {
        use crate::core::formats::LinkEnd;
        let c = contexts("The two leaders will deepen cooperation.");
        c.commands.label(Label::Commitment, Some((16, 40)));
        let act = c.selection.selected_untracked().unwrap();
        let link = PendingLink {
            kind: RelationKind::Committer,
            from: LinkEnd::Span(act),
            to: LinkEnd::Orphan(0),
        };
        c.commands
            .add_orphans(vec![Incoming::new(0, 1, Label::Party)], vec![link]);
        c.commands.place_orphan_at(0, None);
        assert_eq!(
            c.imports.orphans_untracked().len(),
            1,
            "nothing selected: kept"
        );
        c.commands.place_orphan_at(0, Some((4, 15)));
        assert!(c.imports.orphans_untracked().is_empty());
        assert_eq!(
            c.store.with_doc(|d| (d.spans().len(), d.relations().len())),
            (2, 1)
        );
        c.commands.undo();
        assert_eq!(
            c.store.with_doc(|d| (d.spans().len(), d.relations().len())),
            (1, 0)
        );
    }

    #[test]
    fn a_deleted_document_comes_back_with_ctrl_z() {
        let c = contexts("First text.");
        c.store.open(Annotated::new(
            "Second text.".into(),
            crate::core::text::document::Metadata {
                title: "Second text.".into(),
                ..Default::default()
            },
        ));
        let second = c.store.current_id();
        c.commands.delete_doc(&second);
        assert!(!c.store.with_workspace(|w| w.contains(&second)));
        assert_eq!(
            c.commands.undo_description().as_deref(),
            Some("deleting “Second text.”")
        );
        c.commands.undo();
        assert!(c.store.with_workspace(|w| w.contains(&second)));
        // The last document cannot go.
        c.commands.delete_doc(&second);
        let first = c.store.current_id();
        c.commands.delete_doc(&first);
        assert!(matches!(c.ui.notice_untracked(), Some(Notice::Error(_))));
    }
}
