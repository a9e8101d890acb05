//! The app's state and the actions on it. Components call these; they call the core. The
//! document lives in a non-reactive store; fine-grained triggers say what to redraw: one per
//! block of text, so an edit redraws only the blocks it touches.

use crate::core::annotation::model::{AnnotateError, Annotated, Changed};
use crate::core::annotation::span::SpanId;
use crate::core::schema::{Attribute, Label};
use crate::core::text::document::{MetaField, Metadata};
use crate::core::text::search::find_all;
use crate::core::workspace::DocEntry;
use crate::ui::context::workspace::{now, Store};
use crate::ui::text::selection;
use crate::view::caret::{cycle_nested, step_match, WordCaret};
use crate::view::layout::{blocks_touching, split_blocks, Block};
use leptos::html;
use leptos::prelude::*;

use crate::ui::context::ui::{Notice, Ui};

/// The built-in sample: the 2025 US-Japan Joint Leaders' Statement (a US government work,
/// public domain).
pub const SAMPLE_TEXT: &str =
    include_str!("../../public/samples/us-japan-joint-leaders-statement-2025.txt");

/// The sample's metadata.
pub fn sample_metadata() -> Metadata {
    Metadata {
        title: "United States-Japan Joint Leaders' Statement".into(),
        source_type: "joint_statement".into(),
        publisher: "The White House".into(),
        date: "2025-02-07".into(),
        party_a: "USA".into(),
        party_b: "JPN".into(),
        url: String::new(),
        language: "en".into(),
    }
}

/// The open document's session: its blocks, viewport, caret, search and selection, and the
/// actions on it. `Copy`, provided as context. It edits the document through the store.
#[derive(Clone, Copy)]
pub struct Editor {
    /// The workspace the document belongs to (the only owner of its entry).
    pub store: Store,
    blocks: StoredValue<Vec<Block>>,
    block_ticks: StoredValue<Vec<ArcTrigger>>,
    matches: StoredValue<Vec<(usize, usize)>>,
    caret: StoredValue<Option<WordCaret>>,
    /// How many times a block has been drawn: tests and the benchmark check that an edit
    /// redraws only the blocks it touches.
    blocks_drawn: StoredValue<u64>,
    /// The rendered text (holds the pages as its children, in order; each holds its blocks).
    text_root: NodeRef<html::Div>,
    /// Which pages of the text are drawn.
    pub viewport: crate::ui::text::viewport::Viewport,
    /// Bumped when another document is opened: everything redraws.
    doc_version: RwSignal<u64>,
    /// Bumped when any span changes: what the side panel (list, counts, span editor) follows.
    /// After an edit it is bumped a frame later than the text redraws (see `sync_panel_later`).
    spans_version: RwSignal<u64>,
    /// Bumped when the metadata changes.
    meta_version: RwSignal<u64>,
    /// Bumped when the undo history changes.
    history_version: RwSignal<u64>,
    /// The selected span.
    selected: RwSignal<Option<SpanId>>,
    /// The selected span as the side panel shows it: `selected`, a frame later after a change.
    panel_selected: RwSignal<Option<SpanId>>,
    /// What the side panel has yet to catch up with, once a frame is drawn.
    panel_pending: StoredValue<PanelPending>,
    /// Snap selections to whole words.
    snap: RwSignal<bool>,
    /// Show only spans of this label in the list.
    filter: RwSignal<Option<Label>>,
    /// The text selected in the document, as a new span would take it (the side panel says
    /// so in place of the selected span's editor).
    text_selection: RwSignal<Option<SelectionPreview>>,
    /// A look at the page's selection is scheduled (see `check_text_selection_soon`).
    selection_check: StoredValue<bool>,
    /// A document's deletion came last, so Ctrl+Z brings it back (not an older edit of the
    /// document that is open now).
    undo_restores_document: StoredValue<bool>,
    /// The document deleted last, with its place, for Undo.
    last_deleted: StoredValue<Option<(DocEntry, usize)>>,
    search_query: RwSignal<String>,
    /// Number of search matches and the current one.
    match_count: RwSignal<usize>,
    current_match: RwSignal<Option<usize>>,
    /// Imported spans that could not be placed on the open document: to place or drop.
    orphans: RwSignal<Vec<crate::core::formats::anchor::Incoming>>,
    /// A relation being made: the span it was begun at (R, or Link… in the span editor).
    /// Signals of types the app already has: each new type costs the wasm kilobytes.
    linking: RwSignal<Option<SpanId>>,
    /// The kind chosen for the relation being made (its name; empty: whichever fits).
    linking_kind: RwSignal<String>,
    /// Draw every relation on screen, not only the selected span's.
    all_relations: RwSignal<bool>,
    /// The span under the mouse, if any (its relations are drawn while it is).
    hovered: RwSignal<Option<SpanId>>,
    /// Bumped when the text scrolls or its pages are drawn: the arcs are measured again.
    text_moved: RwSignal<u64>,
}

thread_local! {
    /// Relations of imports that wait for an orphaned span to be placed (dropped with it).
    static PENDING_LINKS: std::cell::RefCell<Vec<crate::core::formats::PendingLink>> =
        const { std::cell::RefCell::new(Vec::new()) };
    /// The next key an orphan is listed under.
    static NEXT_ORPHAN_KEY: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// A text selection as a new span would take it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectionPreview {
    /// What is selected, shortened for showing.
    pub selected: String,
    /// What a label would cover when snapping changes it (whole words), shortened.
    pub snapped: Option<String>,
    /// Only whitespace: nothing to label.
    pub blank: bool,
}

/// A span's text for a message: on one line, shortened to at most `most` characters.
fn short_quote(doc: &Annotated, span: &crate::core::annotation::span::Span, most: usize) -> String {
    crate::view::words::elide(doc.quote(span))
        .chars()
        .take(most)
        .collect()
}

/// A piece of the text for showing: whole when short, else its head and tail.
fn shown_piece(doc: &Annotated, start: usize, end: usize) -> String {
    if end - start <= 160 {
        return crate::view::words::elide(doc.doc().slice(start, end));
    }
    let head = crate::view::words::elide(doc.doc().slice(start, start + 60));
    let tail = crate::view::words::elide(doc.doc().slice(end - 30, end));
    format!("{head} … {tail}")
}

/// Changes the side panel has yet to show (see `Editor::sync_panel_later`).
#[derive(Clone, Copy, Default)]
struct PanelPending {
    /// A catch-up is scheduled.
    scheduled: bool,
    /// Spans changed (not only the selection).
    spans: bool,
}

/// Runs `f` once the redraws already scheduled have happened (Leptos runs them in microtasks;
/// a zero timeout comes after those), e.g. to select or scroll to freshly drawn text.
pub fn after_render(f: impl FnOnce() + 'static) {
    gloo::timers::callback::Timeout::new(0, f).forget();
}

impl Editor {
    /// The session of the store's open document; it redraws whenever the store puts
    /// another in front.
    // Not inlined into `App`: the wasm is smaller so.
    #[inline(never)]
    pub fn new(store: Store) -> Self {
        let blocks = store.with_doc(|d| split_blocks(d.doc().text()));
        let ticks = blocks.iter().map(|_| ArcTrigger::new()).collect();
        let viewport = crate::ui::text::viewport::Viewport::new(&blocks);
        let editor = Self {
            store,
            viewport,
            blocks: StoredValue::new(blocks),
            block_ticks: StoredValue::new(ticks),
            matches: StoredValue::new(Vec::new()),
            caret: StoredValue::new(None),
            blocks_drawn: StoredValue::new(0),
            text_root: NodeRef::new(),
            doc_version: RwSignal::new(0),
            spans_version: RwSignal::new(0),
            meta_version: RwSignal::new(0),
            history_version: RwSignal::new(0),
            selected: RwSignal::new(None),
            panel_selected: RwSignal::new(None),
            panel_pending: StoredValue::new(PanelPending::default()),
            snap: RwSignal::new(true),
            filter: RwSignal::new(None),
            text_selection: RwSignal::new(None),
            selection_check: StoredValue::new(false),
            undo_restores_document: StoredValue::new(false),
            last_deleted: StoredValue::new(None),
            search_query: RwSignal::new(String::new()),
            match_count: RwSignal::new(0),
            current_match: RwSignal::new(None),
            orphans: RwSignal::new(Vec::new()),
            linking: RwSignal::new(None),
            linking_kind: RwSignal::new(String::new()),
            all_relations: RwSignal::new(false),
            hovered: RwSignal::new(None),
            text_moved: RwSignal::new(0),
        };
        store.on_reopen(move || editor.show_current());
        editor
    }

    /// The rendered text's root (holds the pages, each holding its blocks).
    pub fn text_root(&self) -> NodeRef<html::Div> {
        self.text_root
    }

    /// The page around the document (panels, notices, announcements).
    pub fn ui(&self) -> Ui {
        self.store.ui()
    }

    /// Tracks which document is open (everything redraws when another is).
    pub fn track_doc(&self) {
        self.doc_version.track();
    }

    /// Tracks the spans as the side panel shows them (a frame after the text).
    pub fn track_spans(&self) {
        self.spans_version.track();
    }

    /// Tracks the document's metadata.
    pub fn track_meta(&self) {
        self.meta_version.track();
    }

    /// Tracks the undo history.
    pub fn track_history(&self) {
        self.history_version.track();
    }

    /// The selected span, untracked (the side panel follows `panel_selected`).
    pub fn selected_untracked(&self) -> Option<SpanId> {
        self.selected.get_untracked()
    }

    /// The selected span as the side panel shows it (tracked).
    pub fn panel_selected(&self) -> Option<SpanId> {
        self.panel_selected.get()
    }

    /// Whether selections snap to whole words (tracked).
    pub fn snap(&self) -> bool {
        self.snap.get()
    }

    /// Snaps selections to whole words, or not.
    pub fn set_snap(&self, snap: bool) {
        self.snap.set(snap);
    }

    /// The label the span list is filtered to (tracked).
    pub fn filter(&self) -> Option<Label> {
        self.filter.get()
    }

    /// Lists only spans of this label (or all).
    pub fn set_filter(&self, label: Option<Label>) {
        self.filter.set(label);
    }

    /// The text selected in the document, as a new span would take it (tracked).
    pub fn text_selection(&self) -> Option<SelectionPreview> {
        self.text_selection.get()
    }

    /// Whether text is selected in the document (tracked).
    pub fn has_text_selection(&self) -> bool {
        self.text_selection.with(Option::is_some)
    }

    /// The search's query (tracked).
    pub fn search_query(&self) -> String {
        self.search_query.get()
    }

    /// How many matches the search has (tracked).
    pub fn match_count(&self) -> usize {
        self.match_count.get()
    }

    /// The current match (tracked).
    pub fn current_match(&self) -> Option<usize> {
        self.current_match.get()
    }

    /// Imported spans that could not be placed on the open document (tracked).
    pub fn orphans(&self) -> Vec<crate::core::formats::anchor::Incoming> {
        self.orphans.get()
    }

    /// Drops the `index`th span an import could not place.
    pub fn drop_orphan(&self, index: usize) {
        self.orphans.update(|o| {
            if index < o.len() {
                let key = o.remove(index).source as u64;
                // Its relations go with it.
                PENDING_LINKS.with_borrow_mut(|links| links.retain(|l| !l.waits_for(key)));
            }
        });
    }

    /// Lists spans an import could not place, to place or drop.
    pub fn add_orphans(&self, orphans: Vec<crate::core::formats::anchor::Incoming>) {
        self.orphans.update(|o| o.extend(orphans));
    }

    /// Reads the open document.
    pub fn with_doc<R>(&self, f: impl FnOnce(&Annotated) -> R) -> R {
        self.store.with_doc(f)
    }

    /// The open document's id.
    pub fn current_id(&self) -> String {
        self.store.current_id()
    }

    /// How many blocks the text has.
    pub fn block_count(&self) -> usize {
        self.blocks.with_value(Vec::len)
    }

    /// How many block draws there have been so far.
    pub fn blocks_drawn(&self) -> u64 {
        self.blocks_drawn.get_value()
    }

    /// Whether block `index` is a chunk of a long line, shown inline with the other chunks.
    pub fn block_in_long_line(&self, index: usize) -> bool {
        self.blocks.with_value(|b| {
            b.get(index).is_some_and(|b| b.runs_on)
                || index
                    .checked_sub(1)
                    .and_then(|i| b.get(i))
                    .is_some_and(|b| b.runs_on)
        })
    }

    /// Block `index`, and subscribes the caller to its redraws (counted as one draw).
    pub fn track_block(&self, index: usize) -> Option<Block> {
        self.blocks_drawn.update_value(|n| *n += 1);
        if let Some(tick) = self.block_ticks.with_value(|t| t.get(index).cloned()) {
            tick.track();
        }
        self.blocks.with_value(|b| b.get(index).copied())
    }

    /// The search matches inside `start..end`, each with whether it is the current one.
    pub fn matches_in(&self, start: usize, end: usize) -> Vec<(usize, usize, bool)> {
        let current = self.current_match.get_untracked();
        self.matches.with_value(|all| {
            let first = all.partition_point(|m| m.1 <= start);
            all[first..]
                .iter()
                .enumerate()
                .take_while(|(_, m)| m.0 < end)
                .map(|(i, m)| (m.0, m.1, Some(first + i) == current))
                .collect()
        })
    }

    fn notify_range(&self, start: usize, end: usize) {
        let range = self.blocks.with_value(|b| blocks_touching(b, start, end));
        self.block_ticks.with_value(|ticks| {
            for tick in &ticks[range] {
                tick.notify();
            }
        });
    }

    fn notify_span(&self, id: Option<SpanId>) {
        let extent =
            id.and_then(|id| self.with_doc(|d| d.spans().get(id).map(|s| (s.start, s.end))));
        if let Some((start, end)) = extent {
            self.notify_range(start, end);
        }
    }

    /// Gives the keyboard to the document text (where the annotation keys work).
    pub fn focus_text(&self) {
        if let Some(root) = self.text_root.get_untracked() {
            let _ = root.focus();
        }
    }

    /// Runs `f` on the rendered text once code points `start..end` are drawn: at once if they
    /// are, else after their pages have been drawn.
    pub fn when_drawn(
        &self,
        start: usize,
        end: usize,
        f: impl FnOnce(&web_sys::Element, &[Block], &[crate::view::paging::Page]) + 'static,
    ) {
        let editor = *self;
        let run = move || {
            if let Some(root) = editor.text_root.get_untracked() {
                editor.blocks.with_value(|blocks| {
                    editor.viewport.with_pages(|pages| f(&root, blocks, pages))
                });
            }
        };
        if self.viewport.draw(start, end) {
            after_render(run);
        } else {
            run();
        }
    }

    /// Scrolls the text at code point `cp` into view (drawing it first if need be).
    pub fn scroll_to(&self, cp: usize) {
        self.when_drawn(cp, cp + 1, move |root, blocks, pages| {
            selection::scroll_to_cp(root, blocks, pages, cp)
        });
    }

    /// Selects code points `start..end` on the page, as a mouse selection would (drawing them
    /// first if need be).
    pub fn put_selection(&self, start: usize, end: usize) {
        self.when_drawn(start, end, move |root, blocks, pages| {
            selection::set_selection(root, blocks, pages, start, end);
        });
    }

    /// Checks in the next frame which pages are near the visible text (once per frame, however
    /// often asked): called when the text scrolls, the window resizes or a document opens.
    pub fn check_viewport_soon(&self) {
        if self.viewport.ask_check() {
            let editor = *self;
            request_animation_frame(move || editor.check_viewport());
        }
    }

    /// Draws what is near the visible text and releases what is far, but never the pages
    /// holding the selection or the keyboard caret; checks again once new pages are drawn.
    fn check_viewport(&self) {
        self.viewport.check_running();
        let Some(root) = self.text_root.get_untracked() else {
            return;
        };
        let Some(scroller) = root.parent_element() else {
            return;
        };
        let caret = self.caret.get_value().map(|c| c.shown);
        let pinned = match (self.page_selection(), caret) {
            (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
            (a, b) => a.or(b),
        };
        if self.viewport.check(&scroller, &root, pinned) {
            self.check_viewport_soon();
        }
    }

    /// Selects a span (or none), redrawing the blocks of the old and the new one.
    pub fn select(&self, id: Option<SpanId>) {
        let old = self.selected.get_untracked();
        if old == id {
            return;
        }
        self.selected.set(id);
        self.notify_span(old);
        self.notify_span(id);
        self.sync_panel_later(false);
    }

    /// Has the side panel catch up with the spans (`spans`) and the selection in the frame
    /// after the next. The text shows an edit in the next frame on its own: at 1 MB with 5,000
    /// spans, drawing the list, the counts and the editor in the same frame would double its
    /// work and miss the display's refresh. Edits within a frame are caught up together.
    fn sync_panel_later(&self, spans: bool) {
        let already = self.panel_pending.with_value(|p| p.scheduled);
        self.panel_pending.update_value(|p| {
            p.scheduled = true;
            p.spans |= spans;
        });
        if already {
            return;
        }
        let editor = *self;
        request_animation_frame(move || {
            // This frame draws the text; the panel follows in the next.
            request_animation_frame(move || editor.sync_panel());
        });
    }

    /// Brings the side panel up to date now.
    fn sync_panel(&self) {
        let pending = self.panel_pending.with_value(|p| *p);
        self.panel_pending.set_value(PanelPending::default());
        if pending.spans {
            self.spans_version.update(|v| *v += 1);
        }
        let selected = self.selected.get_untracked();
        if self.panel_selected.get_untracked() != selected {
            self.panel_selected.set(selected);
        }
    }

    /// Selects a span and brings it into view.
    pub fn reveal(&self, id: SpanId) {
        // The list shows an edit a frame after the text: a row clicked in that frame may name
        // a span just deleted.
        if self.with_doc(|d| d.spans().get(id).is_none()) {
            return;
        }
        self.select(Some(id));
        let editor = *self;
        after_render(move || {
            if let Some(start) = editor.with_doc(|d| d.spans().get(id).map(|s| s.start)) {
                editor.scroll_to(start);
            }
        });
    }

    fn after_change(&self, changed: Changed) {
        // An edit after a document's deletion: Ctrl+Z now undoes the edit.
        self.undo_restores_document.set_value(false);
        for (start, end) in &changed.ranges {
            self.notify_range(*start, *end);
        }
        if !changed.ranges.is_empty() {
            self.select(changed.select);
            self.sync_panel_later(true);
        }
        if changed.meta {
            self.meta_version.update(|v| *v += 1);
        }
        if changed.relations {
            // The span editor lists the relations: it catches up a frame later.
            if changed.ranges.is_empty() {
                self.select(changed.select.or(self.selected.get_untracked()));
            }
            self.sync_panel_later(true);
        }
        self.history_version.update(|v| *v += 1);
        self.changed();
    }

    /// After any change to the open document: stamp it and have it saved.
    fn changed(&self) {
        self.store.stamp_current();
    }

    fn edit_current<R>(&self, edit: impl FnOnce(&mut Annotated) -> R) -> Option<R> {
        self.store.mutate(|w| edit(&mut w.current_mut().doc))
    }

    fn run(&self, edit: impl FnOnce(&mut Annotated) -> Result<Changed, AnnotateError>) -> bool {
        let result = self.edit_current(edit);
        match result {
            Some(Ok(changed)) => {
                self.after_change(changed);
                true
            }
            Some(Err(AnnotateError::Duplicate(id))) => {
                self.reveal(id);
                self.tell(Notice::Info(AnnotateError::Duplicate(id).to_string()));
                false
            }
            Some(Err(e)) => {
                self.tell(Notice::Error(e.to_string()));
                false
            }
            None => false,
        }
    }

    /// Makes an adjudication decision on the open (gold) document: shown and saved as any
    /// edit, or its reason told.
    pub fn decide(&self, decision: impl FnOnce(&mut Annotated) -> Result<Changed, String>) -> bool {
        match self.edit_current(decision) {
            Some(Ok(changed)) => {
                self.after_change(changed);
                true
            }
            Some(Err(why)) => {
                self.tell(Notice::Info(why));
                false
            }
            None => false,
        }
    }

    /// Looks at the page's selection in the frame after the next (called on every selection
    /// change, so a drag costs one look per frame). Not the next: a label clears the selection,
    /// and the frame that shows the new span in the text must not lay out the side panel too
    /// (it follows a frame later, as `sync_panel_later` does).
    pub fn check_text_selection_soon(&self) {
        if self.selection_check.get_value() {
            return;
        }
        self.selection_check.set_value(true);
        let editor = *self;
        request_animation_frame(move || {
            request_animation_frame(move || {
                editor.selection_check.set_value(false);
                editor.check_text_selection();
            });
        });
    }

    /// Updates [`Editor::text_selection`] from the page's selection.
    fn check_text_selection(&self) {
        let snap = self.snap.get_untracked();
        let mut snapped_extent = None;
        let preview = self.page_selection().map(|(start, end)| {
            self.with_doc(|d| {
                let selected = shown_piece(d, start, end);
                match d.selection_extent(start, end, snap) {
                    Ok((s, e)) => SelectionPreview {
                        snapped: ((s, e) != (start, end)).then(|| {
                            snapped_extent = Some((s, e));
                            shown_piece(d, s, e)
                        }),
                        selected,
                        blank: false,
                    },
                    Err(_) => SelectionPreview {
                        selected,
                        snapped: None,
                        blank: true,
                    },
                }
            })
        });
        // Where the selection will snap to, drawn in the text itself.
        match snapped_extent {
            Some((from, to)) => self.when_drawn(from, to, move |root, blocks, pages| {
                selection::show_snap_preview(root, blocks, pages, from, to);
            }),
            None => selection::clear_snap_preview(),
        }
        if self.text_selection.with_untracked(|p| *p != preview) {
            self.text_selection.set(preview);
        }
    }

    /// Shows a message.
    pub fn tell(&self, notice: Notice) {
        self.ui().tell(notice);
    }

    /// Says `text` to screen readers (the polite live region).
    pub fn announce(&self, text: String) {
        self.ui().announce(text);
    }

    /// Shows a message about an edit in the frame after the edit's (the edit's frame draws
    /// the text alone).
    fn tell_after_edit(&self, notice: Notice) {
        let editor = *self;
        request_animation_frame(move || editor.tell(notice));
    }

    /// A span as the live region names it: label, place among the spans, and its text.
    pub fn describe(&self, id: SpanId) -> Option<String> {
        self.with_doc(|d| {
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
        self.with_doc(|d| {
            let span = d.spans().get(id)?;
            Some((span.label, short_quote(d, span, 60)))
        })
    }

    /// Announces `what` was done ("Labelled", "Undone", …), with the selected span.
    fn announce_selected(&self, what: &str) {
        let described = self
            .selected
            .get_untracked()
            .and_then(|id| self.describe(id));
        self.announce(match described {
            Some(span) => format!("{what}: {span}"),
            None => format!("{what}."),
        });
    }

    /// The page's text selection as code points, if any.
    pub fn page_selection(&self) -> Option<(usize, usize)> {
        selection::read_selection(&self.text_root.get_untracked()?.into())
    }

    /// Labels the selected text; without a text selection, relabels the selected span.
    pub fn label_selection(&self, label: Label) {
        let chosen = self
            .page_selection()
            .or_else(|| self.caret.get_value().map(|c| c.shown));
        if let Some((start, end)) = chosen {
            let snap = self.snap.get_untracked();
            if self.run(|d| d.annotate(start, end, label, snap, now())) {
                // The selection's hint goes with the selectionchange this causes, a frame on.
                selection::clear_selection();
                self.caret.set_value(None);
                // An older message goes a frame on too.
                let ui = self.ui();
                request_animation_frame(move || ui.dismiss());
                self.announce_selected("Labelled");
            }
        } else if let Some(id) = self.selected.get_untracked() {
            self.relabel(id, label);
        } else {
            self.tell(Notice::Info(format!(
                "Select some text, then press {} or click {label}.",
                label.key()
            )));
        }
    }

    /// Adds imported spans to the open document as one undoable step; returns how many.
    pub fn add_spans(&self, spans: Vec<crate::core::annotation::span::Span>) -> usize {
        self.add_spans_linked(spans, &[]).0
    }

    /// Lists spans an import could not place, with the relations that wait for them (see
    /// `PENDING_LINKS`): each orphan gets a key of its own, in `Incoming::source`, and
    /// `pending` names orphans by their place in `orphans`.
    pub fn add_orphans_linked(
        &self,
        mut orphans: Vec<crate::core::formats::anchor::Incoming>,
        mut pending: Vec<crate::core::formats::PendingLink>,
    ) {
        use crate::core::formats::LinkEnd;
        let base = NEXT_ORPHAN_KEY.with(|next| {
            let base = next.get();
            next.set(base + orphans.len() as u64);
            base
        });
        for (i, orphan) in orphans.iter_mut().enumerate() {
            orphan.source = (base + i as u64) as usize;
        }
        for link in &mut pending {
            for end in [&mut link.from, &mut link.to] {
                if let LinkEnd::Orphan(place) = *end {
                    *end = LinkEnd::Orphan(base + place);
                }
            }
        }
        PENDING_LINKS.with_borrow_mut(|links| links.extend(pending));
        self.add_orphans(orphans);
    }

    /// Adds imported spans with the relations between them (kind and the places of its ends
    /// in `spans`) as one undoable step; returns how many spans and relations were added.
    pub fn add_spans_linked(
        &self,
        spans: Vec<crate::core::annotation::span::Span>,
        relations: &[(crate::core::schema::RelationKind, usize, usize)],
    ) -> (usize, usize, Vec<Option<SpanId>>) {
        let mut added = (0, 0, Vec::new());
        self.run(|d| {
            let (changed, spans, linked, ids) = d.add_spans_linked(spans, relations, now());
            added = (spans, linked, ids);
            Ok(changed)
        });
        added
    }

    /// Places an orphaned span on the page's selection (exactly as selected).
    pub fn place_orphan(&self, index: usize) {
        let Some(orphan) = self.orphans.with_untracked(|o| o.get(index).cloned()) else {
            return;
        };
        let Some((start, end)) = self.page_selection() else {
            self.tell(Notice::Info(
                "Select the text where this span belongs, then press Place.".into(),
            ));
            return;
        };
        // The span and the relations that waited for it (made once both their ends are
        // placed) are one undoable step.
        let key = orphan.source as u64;
        let waiting = |id: SpanId| {
            PENDING_LINKS.with_borrow_mut(|links| {
                let ready = links
                    .iter_mut()
                    .filter(|l| l.waits_for(key))
                    .filter_map(|l| l.place(key, id))
                    .collect();
                links.retain(|l| !l.is_ready());
                ready
            })
        };
        let mut placed = None;
        self.run(|d| {
            let (changed, _, id) =
                d.place_linked(orphan.to_span(SpanId(0), start, end), waiting, now());
            placed = id;
            Ok(changed)
        });
        if placed.is_some() {
            self.orphans.update(|o| {
                o.remove(index);
            });
            selection::clear_selection();
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
            self.announce(said);
        }
    }

    /// Sets a span's note.
    pub fn set_note(&self, id: SpanId, note: String) {
        self.run(|d| d.set_note(id, note, now()));
    }

    /// Whether every relation on screen is drawn (tracked).
    pub fn all_relations(&self) -> bool {
        self.all_relations.get()
    }

    /// The span under the mouse, if any (tracked).
    pub fn hovered(&self) -> Option<SpanId> {
        self.hovered.get()
    }

    /// Notes the span under the mouse (none: the mouse is over plain text or left it).
    pub fn set_hovered(&self, id: Option<SpanId>) {
        if self.hovered.get_untracked() != id {
            self.hovered.set(id);
        }
    }

    /// Draws every relation on screen, or only the selected span's.
    pub fn set_all_relations(&self, all: bool) {
        self.all_relations.set(all);
    }

    /// Tracks the text's scrolling and drawing (the arcs follow it).
    pub fn track_text_moved(&self) {
        self.text_moved.track();
    }

    /// Says the text scrolled or was drawn anew.
    pub fn text_moved(&self) {
        self.text_moved.update(|n| *n += 1);
    }

    /// The span a relation being made was begun at, if any (tracked: for views).
    pub fn linking(&self) -> Option<SpanId> {
        self.linking.get()
    }

    /// The span a relation being made was begun at, if any (for handlers).
    pub fn linking_untracked(&self) -> Option<SpanId> {
        self.linking.get_untracked()
    }

    /// Begins a relation of `kind` at the selected span (see [`Editor::start_linking`]).
    pub fn start_linking_as(&self, kind: crate::core::schema::RelationKind) {
        self.start_linking();
        if self.linking.get_untracked().is_some() {
            self.linking_kind.set(kind.name().to_string());
            self.tell(Notice::Info(format!(
                "Linking by {kind} ({}): click the other span, or move to it with J / K and press Enter. Esc cancels.",
                kind.info().ends
            )));
        }
    }

    /// Begins a relation at the selected span: the next span clicked, or moved to with J / K
    /// and confirmed with Enter, is its other end; Esc cancels.
    pub fn start_linking(&self) {
        let Some(from) = self.selected.get_untracked() else {
            self.tell(Notice::Info(
                "Select a span first, then press R (or Link…) to link it to another.".into(),
            ));
            return;
        };
        let Some((label, quote)) = self.label_and_quote(from) else {
            return;
        };
        self.linking.set(Some(from));
        // R pressed during a "Link as" starts over without its kind.
        self.linking_kind.set(String::new());
        self.tell(Notice::Info(format!(
            "Linking from the {label} span “{quote}”: click the other span, or move to it with J / K and press Enter. Esc cancels."
        )));
        self.focus_text();
    }

    /// Where a relation being made would end if Enter were pressed now: at the span moved to
    /// with J / K, else at the span under the text found by search (anywhere in the
    /// document, drawn or not).
    pub fn link_target_here(&self) -> Option<SpanId> {
        let from = self.linking.get_untracked()?;
        if let Some(moved) = self.selected.get_untracked().filter(|id| *id != from) {
            return Some(moved);
        }
        let found = self
            .page_selection()
            .or_else(|| self.caret.get_value().map(|c| c.shown))?;
        self.with_doc(|d| d.link_target_at(from, found.0))
    }

    /// Stops making a relation.
    pub fn cancel_linking(&self) {
        if self.linking.get_untracked().is_some() {
            self.end_linking();
            self.tell(Notice::Info("No relation made.".into()));
        }
    }

    fn end_linking(&self) {
        self.linking.set(None);
        self.linking_kind.set(String::new());
    }

    /// Ends the relation being made at `to`, in the one kind and direction the schema allows
    /// between the two spans' labels (schema version 1 never allows two: see
    /// `RelationKind::linking`).
    pub fn finish_linking(&self, to: SpanId) {
        let Some(from) = self.linking.get_untracked() else {
            return;
        };
        let kind = crate::core::schema::RelationKind::from_name(&self.linking_kind.get_untracked());
        let made = self.edit_current(|d| match kind {
            Some(kind) => d.link_kind_between(from, to, kind, now()),
            None => d.link_between(from, to, now()),
        });
        match made {
            Some(Ok(changed)) => self.after_link(from, changed),
            Some(Err(e)) => self.tell(Notice::Error(e.to_string())),
            None => {}
        }
    }

    /// After a relation is made: the span it was begun at stays selected, its relations
    /// listed; says which relation, and what Ctrl+Z does.
    fn after_link(&self, begun: SpanId, changed: Changed) {
        self.end_linking();
        self.after_change(changed);
        self.select(Some(begun));
        let said = self.with_doc(|d| {
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
            self.announce(said.clone());
            self.tell_after_edit(Notice::Info(said));
        }
    }

    /// Deletes a relation.
    pub fn unlink(&self, id: crate::core::annotation::relation::RelationId) {
        match self.edit_current(|d| d.unlink(id, now())) {
            Some(Ok(changed)) => {
                self.after_change(changed);
                self.announce("Relation deleted.".into());
            }
            Some(Err(e)) => self.tell(Notice::Error(e.to_string())),
            None => {}
        }
    }

    /// Sets a relation's note (one undo step while it is typed).
    pub fn set_relation_note(
        &self,
        id: crate::core::annotation::relation::RelationId,
        note: String,
    ) {
        if let Some(Ok(changed)) = self.edit_current(|d| d.set_relation_note(id, note, now())) {
            self.after_change(changed);
        }
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
            self.announce(match described {
                Some(span) => format!("Deleted: {span}"),
                None => "Deleted.".into(),
            });
        }
    }

    /// Deletes the selected span.
    pub fn delete_selected(&self) {
        if let Some(id) = self.selected.get_untracked() {
            self.delete(id);
        }
    }

    /// Sets a metadata field.
    pub fn set_meta(&self, field: MetaField, value: String) {
        self.run(|d| Ok(d.set_meta(field, value, now())));
    }

    /// What Ctrl+Z would undo: a document's deletion when that came last, else the open
    /// document's last edit.
    pub fn undo_description(&self) -> Option<String> {
        if self.undo_restores_document.get_value() {
            let title = self
                .last_deleted
                .with_value(|d| d.as_ref().map(|(e, _)| e.display_title()));
            return title.map(|t| format!("deleting “{t}”"));
        }
        self.with_doc(|d| d.history().undo_description())
    }

    /// Undoes the last change: the deletion of a document when that came last, else the open
    /// document's last edit.
    pub fn undo(&self) {
        if self.undo_restores_document.get_value() {
            let undone = self.undo_description();
            self.restore_deleted();
            if let Some(undone) = undone {
                self.announce(format!("Undone: {undone}"));
            }
            return;
        }
        if let Some(Some(changed)) = self.edit_current(Annotated::undo) {
            let meta = changed.meta;
            self.after_change(changed);
            self.announce_selected("Undone");
            if meta {
                // Shown in the Document tab, which may not be open.
                self.tell(Notice::Info(
                    "Undone: a change to the document's details (see the Document tab).".into(),
                ));
            }
        }
    }

    /// Redoes the last undone change.
    pub fn redo(&self) {
        if let Some(Some(changed)) = self.edit_current(Annotated::redo) {
            self.after_change(changed);
            self.announce_selected("Redone");
        }
    }

    /// Removes a document from the workspace; it can be brought back with
    /// [`Editor::restore_deleted`] until another is deleted.
    pub fn delete_doc(&self, id: &str) {
        let editor = *self;
        let target = id.to_string();
        // The open document gives way to a neighbour, read first when none is in memory.
        let first = self
            .store
            .with_workspace(|w| w.to_read_before_removing(id))
            .unwrap_or_else(|| target.clone());
        self.store
            .when_loaded(&first, move || editor.delete_loaded(&target));
    }

    fn delete_loaded(&self, id: &str) {
        let Some((entry, index)) = self.store.remove(id) else {
            self.tell(Notice::Error(
                "The last document cannot be deleted: open or paste another first.".into(),
            ));
            return;
        };
        let title = entry.display_title();
        self.last_deleted.set_value(Some((entry, index)));
        self.undo_restores_document.set_value(true);
        self.history_version.update(|v| *v += 1);
        self.announce(format!("Deleted the document “{title}”"));
        self.ui().tell(Notice::Deleted(title));
    }

    /// Brings back the document deleted last.
    pub fn restore_deleted(&self) {
        if let Some((entry, index)) = self.last_deleted.try_update_value(Option::take).flatten() {
            self.store.add_entry(entry, Some(index));
            self.ui().dismiss();
        }
        self.undo_restores_document.set_value(false);
        self.history_version.update(|v| *v += 1);
    }

    /// Renames a document (its metadata title). On the open document this is an undoable edit.
    pub fn rename(&self, id: &str, title: String) {
        if self.current_id() == id {
            self.set_meta(MetaField::Title, title);
        } else {
            self.store.rename(id, title);
        }
    }

    /// Redraws everything for the (new) open document.
    pub fn show_current(&self) {
        let blocks = self.with_doc(|d| split_blocks(d.doc().text()));
        self.viewport.reset(&blocks);
        self.block_ticks
            .set_value(blocks.iter().map(|_| ArcTrigger::new()).collect());
        self.blocks.set_value(blocks);
        self.caret.set_value(None);
        self.selected.set(None);
        self.matches.set_value(Vec::new());
        self.match_count.set(0);
        self.current_match.set(None);
        self.search_query.set(String::new());
        selection::clear_selection();
        self.doc_version.update(|v| *v += 1);
        self.store.docs_changed();
        // Another document: the panel redraws at once, with the text.
        self.spans_version.update(|v| *v += 1);
        self.sync_panel();
        self.meta_version.update(|v| *v += 1);
        self.history_version.update(|v| *v += 1);
    }

    /// Selects the next (or previous) span in text order.
    pub fn select_adjacent(&self, forward: bool) {
        let current = self.selected.get_untracked();
        let next = self.with_doc(|d| {
            if forward {
                d.spans().next_after(current)
            } else {
                d.spans().prev_before(current)
            }
        });
        if let Some(id) = next {
            selection::clear_selection();
            self.reveal(id);
            if let Some(described) = self.describe(id) {
                self.announce(described);
            }
        }
    }

    /// Handles a click on the text at code point `cp`: selects the innermost span there, or the
    /// next one out when that is already selected, so every nested span can be reached.
    pub fn click_at(&self, cp: usize) {
        if let Some(from) = self.linking.get_untracked() {
            match self.with_doc(|d| d.link_target_at(from, cp)) {
                Some(to) => self.finish_linking(to),
                None => self.tell(Notice::Info(
                    "That is not a span: click the span to link to, or press Esc.".into(),
                )),
            }
            return;
        }
        let current = self.selected.get_untracked();
        let ids: Vec<SpanId> = self.with_doc(|d| d.spans().at(cp).iter().map(|s| s.id).collect());
        let next = cycle_nested(&ids, current);
        self.select(next);
    }

    /// The keyboard caret for a selected range: its first and last whole words.
    fn caret_for_range(&self, start: usize, end: usize) -> WordCaret {
        self.with_doc(|d| WordCaret::for_range(d.doc().text(), start, end))
    }

    /// The keyboard caret, unless the user has since selected something else with the mouse.
    fn current_caret(&self) -> Option<WordCaret> {
        let page = self.page_selection();
        match self.caret.get_value() {
            Some(caret) if page.is_none() || page == Some(caret.shown) => Some(caret),
            _ => page.map(|(start, end)| self.caret_for_range(start, end)),
        }
    }

    /// Forgets the keyboard caret (the mouse is selecting).
    pub fn forget_caret(&self) {
        self.caret.set_value(None);
    }

    /// Moves the keyboard caret one word: `extend` keeps the anchor (Shift).
    pub fn move_caret(&self, forward: bool, extend: bool) {
        let moved = match self.current_caret() {
            Some(caret) => self.with_doc(|d| caret.step(d.doc().text(), forward, extend)),
            None => {
                // Start from the selected span, or from the top of the document.
                let from = self
                    .selected
                    .get_untracked()
                    .and_then(|id| {
                        self.with_doc(|d| {
                            d.spans()
                                .get(id)
                                .map(|s| if forward { s.end } else { s.start })
                        })
                    })
                    .unwrap_or(0);
                self.with_doc(|d| WordCaret::start(d.doc().text(), from, forward))
            }
        };
        if let Some(caret) = moved {
            self.show_caret(caret);
        }
    }

    /// Makes the caret the page's selection: now, and again once pending redraws are done
    /// (a redraw replaces the text nodes a selection sits in).
    fn show_caret(&self, caret: WordCaret) {
        self.caret.set_value(Some(caret));
        self.put_selection(caret.shown.0, caret.shown.1);
        self.scroll_to(caret.focus.0);
        let editor = *self;
        after_render(move || {
            if let Some(caret) = editor.caret.get_value() {
                editor.put_selection(caret.shown.0, caret.shown.1);
            }
        });
    }

    /// Selects the whole text, as far as a label's key is concerned, even where it is not drawn.
    pub fn select_all_text(&self) {
        if let Some(root) = self.text_root.get_untracked() {
            self.caret.set_value(None);
            selection::select_all_in(&root);
        }
    }

    /// The exact text of the page's selection (undrawn pages included), for the clipboard.
    pub fn selected_text(&self) -> Option<String> {
        let (start, end) = self.page_selection()?;
        Some(self.with_doc(|d| d.doc().slice(start, end).to_string()))
    }

    /// Clears the text selection, the keyboard caret and the selected span (or, while a
    /// relation is being made, only that).
    pub fn clear(&self) {
        if self.linking.get_untracked().is_some() {
            self.cancel_linking();
            return;
        }
        selection::clear_selection();
        self.text_selection.set(None);
        self.caret.set_value(None);
        self.select(None);
        // The arcs of the span under the mouse go too, until the mouse moves to a span.
        self.set_hovered(None);
    }

    /// Runs a search and highlights its matches.
    pub fn search(&self, query: String) {
        let found = self.with_doc(|d| find_all(d.doc().text(), &query));
        let old = self.matches.with_value(|m| m.clone());
        self.search_query.set(query);
        self.matches.set_value(found.clone());
        self.match_count.set(found.len());
        self.current_match.set(None);
        for (start, end) in old.into_iter().chain(found) {
            self.notify_range(start, end);
        }
    }

    /// Goes to the next (or previous) search match and selects its text, so a hotkey labels it.
    pub fn step_match(&self, forward: bool) {
        let old = self.current_match.get_untracked();
        let Some(next) = step_match(old, self.match_count.get_untracked(), forward) else {
            return;
        };
        self.current_match.set(Some(next));
        let ranges: Vec<(usize, usize)> = self.matches.with_value(|m| {
            old.into_iter()
                .chain([next])
                .filter_map(|i| m.get(i).copied())
                .collect()
        });
        for (start, end) in &ranges {
            self.notify_range(*start, *end);
        }
        if let Some(&(start, end)) = ranges.last() {
            // The match becomes the keyboard caret, so Shift+arrows extend it at once.
            self.show_caret(self.caret_for_range(start, end));
        }
    }
}
