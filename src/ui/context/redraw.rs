//! What redraws, and when: the open document's blocks (each with a trigger, so an edit
//! redraws only the blocks it touches), which pages are drawn, and the versions the side panel
//! follows (spans, metadata, history), which catch up a frame after the text. Also the text's
//! element and what needs it drawn first (scrolling to, selecting in).

use crate::ui::context::clock::{after_render, next_frame};
use crate::ui::dom::selection;
use crate::ui::dom::viewport::Viewport;
use crate::view::layout::{blocks_touching, split_blocks, Block};
use crate::view::paging::Page;
use leptos::html;
use leptos::prelude::*;

/// The open document's drawing, `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Redraw {
    blocks: StoredValue<Vec<Block>>,
    block_ticks: StoredValue<Vec<ArcTrigger>>,
    /// How many times a block has been drawn: tests and the benchmark check that an edit
    /// redraws only the blocks it touches.
    blocks_drawn: StoredValue<u64>,
    /// The rendered text (holds the pages as its children, in order; each holds its blocks).
    text_root: NodeRef<html::Div>,
    /// Which pages of the text are drawn.
    viewport: Viewport,
    /// Bumped when another document is opened: everything redraws.
    doc_version: RwSignal<u64>,
    /// Bumped when any span changes: what the side panel (list, counts, span editor) follows,
    /// a frame later than the text redraws (see [`Redraw::panel_later`]).
    spans_version: RwSignal<u64>,
    /// Bumped when the metadata changes.
    meta_version: RwSignal<u64>,
    /// Bumped when the undo history changes.
    history_version: RwSignal<u64>,
    /// Bumped when the text scrolls or its pages are drawn: the arcs are measured again.
    text_moved: RwSignal<u64>,
    /// A catch-up of the side panel is scheduled; what it brings (spans, or the selection
    /// alone), and what runs with it.
    panel_pending: StoredValue<Option<bool>>,
    panel_hooks: StoredValue<Vec<std::rc::Rc<dyn Fn()>>, LocalStorage>,
}

impl Redraw {
    /// The drawing of a text.
    pub fn new(text: &crate::core::text::offsets::IndexedText) -> Self {
        let blocks = split_blocks(text);
        let ticks = blocks.iter().map(|_| ArcTrigger::new()).collect();
        Self {
            viewport: Viewport::new(&blocks),
            blocks: StoredValue::new(blocks),
            block_ticks: StoredValue::new(ticks),
            blocks_drawn: StoredValue::new(0),
            text_root: NodeRef::new(),
            doc_version: RwSignal::new(0),
            spans_version: RwSignal::new(0),
            meta_version: RwSignal::new(0),
            history_version: RwSignal::new(0),
            text_moved: RwSignal::new(0),
            panel_pending: StoredValue::new(None),
            panel_hooks: StoredValue::new_local(Vec::new()),
        }
    }

    /// Draws another text from scratch (another document, or another copy of it).
    pub fn show(&self, text: &crate::core::text::offsets::IndexedText) {
        let blocks = split_blocks(text);
        self.viewport.reset(&blocks);
        self.block_ticks
            .set_value(blocks.iter().map(|_| ArcTrigger::new()).collect());
        self.blocks.set_value(blocks);
        self.doc_version.update(|v| *v += 1);
        // Another document: the panel redraws at once, with the text.
        self.panel_pending.set_value(Some(true));
        self.catch_up_panel();
        self.meta_changed();
        self.history_changed();
    }

    /// The rendered text's root (holds the pages, each holding its blocks).
    pub fn text_root(&self) -> NodeRef<html::Div> {
        self.text_root
    }

    /// Which pages are drawn.
    pub fn viewport(&self) -> Viewport {
        self.viewport
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

    /// Says the metadata changed.
    pub fn meta_changed(&self) {
        self.meta_version.update(|v| *v += 1);
    }

    /// Tracks the undo history.
    pub fn track_history(&self) {
        self.history_version.track();
    }

    /// Says the undo history changed.
    pub fn history_changed(&self) {
        self.history_version.update(|v| *v += 1);
    }

    /// Tracks the text's scrolling and drawing (the arcs follow it).
    pub fn track_text_moved(&self) {
        self.text_moved.track();
    }

    /// Says the text scrolled or was drawn anew.
    pub fn text_moved(&self) {
        self.text_moved.update(|n| *n += 1);
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

    /// Redraws the blocks that show code points `start..end`.
    pub fn range(&self, start: usize, end: usize) {
        let range = self.blocks.with_value(|b| blocks_touching(b, start, end));
        self.block_ticks.with_value(|ticks| {
            for tick in ticks.get(range).unwrap_or_default() {
                tick.notify();
            }
        });
    }

    /// Has the side panel catch up in the frame after the next: with the spans (`spans`), or
    /// only with the selection (the hooks run then: see [`Redraw::on_panel_catch_up`]). The
    /// text shows an edit in the next frame on its own: at 1 MB with 5,000 spans, drawing the
    /// list, the counts and the editor in the same frame would double its work and miss the
    /// display's refresh. Edits within a frame are caught up together.
    pub fn panel_later(&self, spans: bool) {
        let already = self.panel_pending.get_value();
        self.panel_pending
            .set_value(Some(spans || already.unwrap_or(false)));
        if already.is_some() {
            return;
        }
        let redraw = *self;
        next_frame(move || {
            // This frame draws the text; the panel follows in the next.
            next_frame(move || redraw.catch_up_panel());
        });
    }

    /// Runs `hook` whenever the side panel catches up (the selection's panel copy follows).
    pub fn on_panel_catch_up(&self, hook: impl Fn() + 'static) {
        self.panel_hooks
            .update_value(|h| h.push(std::rc::Rc::new(hook)));
    }

    /// Brings the side panel up to date now.
    pub fn catch_up_panel(&self) {
        let pending = self.panel_pending.get_value();
        self.panel_pending.set_value(None);
        if pending == Some(true) {
            self.spans_version.update(|v| *v += 1);
        }
        let hooks = self.panel_hooks.with_value(Clone::clone);
        for hook in hooks {
            hook();
        }
    }

    /// Gives the keyboard to the document text (where the annotation keys work).
    pub fn focus_text(&self) {
        if let Some(root) = self.text_root.get_untracked() {
            let _ = root.focus();
        }
    }

    /// Whether the text is on the page (it is not in native tests).
    pub fn on_page(&self) -> bool {
        self.text_root.get_untracked().is_some()
    }

    /// Runs `f` on the rendered text once code points `start..end` are drawn: at once if they
    /// are, else after their pages have been drawn.
    pub fn when_drawn(
        &self,
        start: usize,
        end: usize,
        f: impl FnOnce(&web_sys::Element, &[Block], &[Page]) + 'static,
    ) {
        let redraw = *self;
        let run = move || {
            if let Some(root) = redraw.text_root.get_untracked() {
                redraw.blocks.with_value(|blocks| {
                    redraw.viewport.with_pages(|pages| f(&root, blocks, pages))
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

    /// The page's text selection as code points, if any.
    pub fn page_selection(&self) -> Option<(usize, usize)> {
        selection::read_selection(&self.text_root.get_untracked()?.into())
    }

    /// Clears the page's text selection (nothing when the text is not on the page).
    pub fn clear_page_selection(&self) {
        if self.on_page() {
            selection::clear_selection();
        }
    }

    /// Checks in the next frame which pages are near the visible text (once per frame, however
    /// often asked): called when the text scrolls, the window resizes or a document opens.
    /// `pinned`: what must stay drawn (the selection, the caret), asked then.
    pub fn check_viewport_soon(&self, pinned: impl Fn() -> Option<(usize, usize)> + 'static) {
        if self.viewport.ask_check() {
            let redraw = *self;
            next_frame(move || redraw.check_viewport(pinned));
        }
    }

    /// Draws what is near the visible text and releases what is far, but never the pages
    /// holding `pinned`; checks again once new pages are drawn.
    fn check_viewport(&self, pinned: impl Fn() -> Option<(usize, usize)> + 'static) {
        self.viewport.check_running();
        let Some(root) = self.text_root.get_untracked() else {
            return;
        };
        let Some(scroller) = root.parent_element() else {
            return;
        };
        let keep = pinned();
        if self.viewport.check(&scroller, &root, keep) {
            self.check_viewport_soon(pinned);
        }
    }
}
