//! What is selected: the selected span (and its copy the side panel shows, a frame later), the
//! keyboard's word caret, the text selected on the page as a new span would take it, and
//! whether selections snap to whole words.

use crate::core::annotation::model::Annotated;
use crate::core::annotation::span::SpanId;
use crate::ui::context::clock::{after_render, next_frame};
use crate::ui::context::redraw::Redraw;
use crate::ui::context::workspace::Store;
use crate::ui::dom::selection;
use crate::view::caret::{cycle_nested, WordCaret};
use crate::view::layers::{Annotation, Layer, Layers};
use crate::view::words::elide;
use leptos::prelude::*;

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

/// A piece of the text for showing: whole when short, else its head and tail.
fn shown_piece(doc: &Annotated, start: usize, end: usize) -> String {
    if end - start <= 160 {
        return elide(doc.doc().slice(start, end));
    }
    let head = elide(doc.doc().slice(start, start + 60));
    let tail = elide(doc.doc().slice(end - 30, end));
    format!("{head} … {tail}")
}

/// The preview of selecting `start..end` in `doc`, and where it snaps to when that differs.
pub fn preview(
    doc: &Annotated,
    start: usize,
    end: usize,
    snap: bool,
) -> (SelectionPreview, Option<(usize, usize)>) {
    let selected = shown_piece(doc, start, end);
    match doc.selection_extent(start, end, snap) {
        Ok((s, e)) => {
            let moved = (s, e) != (start, end);
            (
                SelectionPreview {
                    snapped: moved.then(|| shown_piece(doc, s, e)),
                    selected,
                    blank: false,
                },
                moved.then_some((s, e)),
            )
        }
        Err(_) => (
            SelectionPreview {
                selected,
                snapped: None,
                blank: true,
            },
            None,
        ),
    }
}

/// The selection, `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Selection {
    store: Store,
    redraw: Redraw,
    /// The selected span.
    selected: RwSignal<Option<SpanId>>,
    /// The selected span as the side panel shows it: `selected`, a frame later after a change.
    panel_selected: RwSignal<Option<SpanId>>,
    /// The keyboard's caret: the words selected with the arrows.
    caret: StoredValue<Option<WordCaret>>,
    /// Snap selections to whole words.
    snap: RwSignal<bool>,
    /// The text selected in the document, as a new span would take it (the side panel says
    /// so in place of the selected span's editor).
    text_selection: RwSignal<Option<SelectionPreview>>,
    /// A look at the page's selection is scheduled (see `check_text_selection_soon`).
    selection_check: StoredValue<bool>,
}

impl Selection {
    /// Nothing selected; the panel's copy of the selection follows `redraw`'s catch-ups.
    pub fn new(store: Store, redraw: Redraw) -> Self {
        let selection = Self {
            store,
            redraw,
            selected: RwSignal::new(None),
            panel_selected: RwSignal::new(None),
            caret: StoredValue::new(None),
            snap: RwSignal::new(true),
            text_selection: RwSignal::new(None),
            selection_check: StoredValue::new(false),
        };
        redraw.on_panel_catch_up(move || {
            let selected = selection.selected.get_untracked();
            if selection.panel_selected.get_untracked() != selected {
                selection.panel_selected.set(selected);
            }
        });
        selection
    }

    /// The selected span, untracked (the side panel follows [`Selection::panel_selected`]).
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

    /// Whether selections snap to whole words, untracked.
    pub fn snap_untracked(&self) -> bool {
        self.snap.get_untracked()
    }

    /// Snaps selections to whole words, or not.
    pub fn set_snap(&self, snap: bool) {
        self.snap.set(snap);
    }

    /// The text selected in the document, as a new span would take it (tracked).
    pub fn text_selection(&self) -> Option<SelectionPreview> {
        self.text_selection.get()
    }

    /// Whether text is selected in the document (tracked).
    pub fn has_text_selection(&self) -> bool {
        self.text_selection.with(Option::is_some)
    }

    /// Redraws the blocks of span `id`.
    fn redraw_span(&self, id: Option<SpanId>) {
        let extent = id.and_then(|id| {
            self.store
                .with_doc(|d| d.spans().get(id).map(|s| (s.start, s.end)))
        });
        if let Some((start, end)) = extent {
            self.redraw.range(start, end);
        }
    }

    /// Selects a span (or none), redrawing the blocks of the old and the new one.
    pub fn select(&self, id: Option<SpanId>) {
        let old = self.selected.get_untracked();
        if old == id {
            return;
        }
        self.selected.set(id);
        self.redraw_span(old);
        self.redraw_span(id);
        self.redraw.panel_later(false);
    }

    /// Selects a span and brings it into view.
    pub fn reveal(&self, id: SpanId) {
        // The list shows an edit a frame after the text: a row clicked in that frame may name
        // a span just deleted.
        if self.store.with_doc(|d| d.spans().get(id).is_none()) {
            return;
        }
        self.select(Some(id));
        let selection = *self;
        after_render(move || {
            if let Some(start) = selection
                .store
                .with_doc(|d| d.spans().get(id).map(|s| s.start))
            {
                selection.redraw.scroll_to(start);
            }
        });
    }

    /// Selects the next (or previous) span in text order; gives it.
    pub fn select_adjacent(&self, forward: bool) -> Option<SpanId> {
        let current = self.selected.get_untracked();
        let next = self.store.with_doc(|d| {
            if forward {
                d.spans().next_after(current)
            } else {
                d.spans().prev_before(current)
            }
        })?;
        self.redraw.clear_page_selection();
        self.reveal(next);
        Some(next)
    }

    /// A click on the text at code point `cp`: selects the innermost span there, or the next
    /// one out when that is already selected, so every nested span can be reached.
    pub fn click_at(&self, cp: usize) {
        let current = self.selected.get_untracked();
        let ids: Vec<SpanId> = self
            .store
            .with_doc(|d| d.spans().at(cp).iter().map(|s| s.id).collect());
        self.select(cycle_nested(&ids, current));
    }

    /// What a label would be put on: the page's selection, else the keyboard caret's words.
    pub fn chosen_range(&self) -> Option<(usize, usize)> {
        self.redraw
            .page_selection()
            .or_else(|| self.caret.get_value().map(|c| c.shown))
    }

    /// The page's selection and the caret, joined: what must stay drawn.
    pub fn pinned(&self) -> Option<(usize, usize)> {
        let caret = self.caret.get_value().map(|c| c.shown);
        match (self.redraw.page_selection(), caret) {
            (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
            (a, b) => a.or(b),
        }
    }

    /// Forgets the keyboard caret (the mouse is selecting).
    pub fn forget_caret(&self) {
        self.caret.set_value(None);
    }

    /// The keyboard caret for a selected range: its first and last whole words.
    pub fn caret_for_range(&self, start: usize, end: usize) -> WordCaret {
        self.store
            .with_doc(|d| WordCaret::for_range(d.doc().text(), start, end))
    }

    /// The keyboard caret, unless the user has since selected something else with the mouse.
    fn current_caret(&self) -> Option<WordCaret> {
        let page = self.redraw.page_selection();
        match self.caret.get_value() {
            Some(caret) if page.is_none() || page == Some(caret.shown) => Some(caret),
            _ => page.map(|(start, end)| self.caret_for_range(start, end)),
        }
    }

    /// The keyboard caret, as it stands.
    pub fn caret(&self) -> Option<WordCaret> {
        self.caret.get_value()
    }

    /// Moves the keyboard caret one word: `extend` keeps the anchor (Shift).
    pub fn move_caret(&self, forward: bool, extend: bool) {
        let moved = match self.current_caret() {
            Some(caret) => self
                .store
                .with_doc(|d| caret.step(d.doc().text(), forward, extend)),
            None => {
                // Start from the selected span, or from the top of the document.
                let from = self
                    .selected
                    .get_untracked()
                    .and_then(|id| {
                        self.store.with_doc(|d| {
                            d.spans()
                                .get(id)
                                .map(|s| if forward { s.end } else { s.start })
                        })
                    })
                    .unwrap_or(0);
                self.store
                    .with_doc(|d| WordCaret::start(d.doc().text(), from, forward))
            }
        };
        if let Some(caret) = moved {
            self.show_caret(caret);
        }
    }

    /// Shift+Alt+arrow: the selection's moving end goes one character (to take in a closing
    /// quotation mark or bracket the word steps leave out). A caret is made first if none.
    pub fn extend_caret_by_char(&self, forward: bool) {
        let caret = match self.current_caret() {
            Some(caret) => Some(caret),
            None => self
                .store
                .with_doc(|d| WordCaret::start(d.doc().text(), 0, true)),
        };
        let moved = caret.and_then(|c| {
            self.store
                .with_doc(|d| c.step_char(d.doc().len_cp(), forward))
        });
        if let Some(caret) = moved {
            self.show_caret(caret);
        }
    }

    /// Makes the caret the page's selection: now, and again once pending redraws are done
    /// (a redraw replaces the text nodes a selection sits in).
    pub fn show_caret(&self, caret: WordCaret) {
        self.caret.set_value(Some(caret));
        self.redraw.put_selection(caret.shown.0, caret.shown.1);
        self.redraw.scroll_to(caret.focus.0);
        let selection = *self;
        after_render(move || {
            if let Some(caret) = selection.caret.get_value() {
                selection.redraw.put_selection(caret.shown.0, caret.shown.1);
            }
        });
    }

    /// Selects the whole text, as far as a label's key is concerned, even where it is not drawn.
    pub fn select_all_text(&self) {
        if let Some(root) = self.redraw.text_root().get_untracked() {
            self.caret.set_value(None);
            selection::select_all_in(&root);
        }
    }

    /// The exact text of the page's selection (undrawn pages included), for the clipboard.
    pub fn selected_text(&self) -> Option<String> {
        let (start, end) = self.redraw.page_selection()?;
        Some(
            self.store
                .with_doc(|d| d.doc().slice(start, end).to_string()),
        )
    }

    /// Clears the text selection, the keyboard caret and the selected span.
    pub fn clear(&self) {
        self.redraw.clear_page_selection();
        self.text_selection.set(None);
        self.caret.set_value(None);
        self.select(None);
    }

    /// After a label: the page's selection and the caret go (the hint with the
    /// selectionchange this causes, a frame on).
    pub fn labelled(&self) {
        self.redraw.clear_page_selection();
        self.caret.set_value(None);
    }

    /// Looks at the page's selection in the frame after the next (called on every selection
    /// change, so a drag costs one look per frame). Not the next: a label clears the selection,
    /// and the frame that shows the new span in the text must not lay out the side panel too
    /// (it follows a frame later, as the panel's catch-up does).
    pub fn check_text_selection_soon(&self) {
        if self.selection_check.get_value() {
            return;
        }
        self.selection_check.set_value(true);
        let selection = *self;
        next_frame(move || {
            next_frame(move || {
                selection.selection_check.set_value(false);
                selection.check_text_selection();
            });
        });
    }

    /// Updates [`Selection::text_selection`] from the page's selection.
    fn check_text_selection(&self) {
        let snap = self.snap.get_untracked();
        let found = self
            .redraw
            .page_selection()
            .map(|(start, end)| self.store.with_doc(|d| preview(d, start, end, snap)));
        let (shown, snapped) = match found {
            Some((shown, snapped)) => (Some(shown), snapped),
            None => (None, None),
        };
        // Where the selection will snap to, drawn in the text itself (the page's highlight
        // draws the selection layer: the text is not redrawn under a selection being made).
        let layers = Layers::new().snap(snapped);
        match layers.of(Layer::Selection).next() {
            Some(&Annotation { start, end, .. }) => {
                self.redraw
                    .when_drawn(start, end, move |root, blocks, pages| {
                        selection::show_snap_preview(root, blocks, pages, start, end);
                    })
            }
            None if self.redraw.on_page() => selection::clear_snap_preview(),
            None => {}
        }
        if self.text_selection.with_untracked(|p| *p != shown) {
            self.text_selection.set(shown);
        }
    }

    /// Forgets the selection of a document no longer shown (another is opened).
    pub fn reset(&self) {
        self.caret.set_value(None);
        self.selected.set(None);
        self.redraw.clear_page_selection();
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::schema::Label;
    use crate::ui::context::clock::run_scheduled;
    use crate::ui::context::tests::contexts;

    #[test]
    fn a_selection_reaches_the_panel_a_frame_later() {
        let c = contexts("The two leaders will deepen cooperation.");
        let id = c.add_span(4, 15, Label::Party);
        c.selection.select(Some(id));
        assert_eq!(c.selection.selected_untracked(), Some(id));
        assert_eq!(c.selection.panel_selected.get_untracked(), None, "not yet");
        run_scheduled();
        assert_eq!(c.selection.panel_selected.get_untracked(), Some(id));
        c.selection.clear();
        run_scheduled();
        assert_eq!(c.selection.panel_selected.get_untracked(), None);
    }

    #[test]
    fn clicks_reach_every_nested_span_and_j_k_walk_in_order() {
        let c = contexts("The two leaders will deepen cooperation.");
        let outer = c.add_span(0, 40, Label::Commitment);
        let inner = c.add_span(4, 15, Label::Party);
        c.selection.click_at(5);
        assert_eq!(c.selection.selected_untracked(), Some(inner));
        c.selection.click_at(5);
        assert_eq!(c.selection.selected_untracked(), Some(outer));
        c.selection.select(None);
        assert_eq!(c.selection.select_adjacent(true), Some(outer));
        assert_eq!(c.selection.select_adjacent(true), Some(inner));
        assert_eq!(c.selection.select_adjacent(false), Some(outer));
    }

    #[test]
    fn the_caret_moves_by_words_and_extends_with_shift() {
        let c = contexts("The two leaders will deepen cooperation.");
        c.selection.move_caret(true, false);
        assert_eq!(c.selection.caret().unwrap().shown, (0, 3));
        c.selection.move_caret(true, false);
        assert_eq!(c.selection.caret().unwrap().shown, (4, 7));
        c.selection.move_caret(true, true);
        assert_eq!(c.selection.caret().unwrap().shown, (4, 15));
        assert_eq!(c.selection.chosen_range(), Some((4, 15)));
        c.selection.forget_caret();
        assert_eq!(c.selection.chosen_range(), None);
    }

    #[test]
    fn a_preview_says_what_a_label_would_cover() {
        let c = contexts("The two leaders will deepen cooperation.");
        let (shown, snapped) = c.store.with_doc(|d| preview(d, 5, 9, true));
        assert_eq!(shown.selected, "wo l");
        assert_eq!(shown.snapped.as_deref(), Some("two leaders"));
        assert_eq!(snapped, Some((4, 15)));
        let (blank, _) = c.store.with_doc(|d| preview(d, 3, 4, true));
        assert!(blank.blank);
    }
}
