//! Which pages of the text are drawn. The pages near the visible part of the text are drawn,
//! and when too much is drawn the furthest go back to being placeholders (`view::paging`
//! decides which). A placeholder keeps the height its page had, or an estimate calibrated on
//! the pages measured so far, so the scrollbar stays true.
//!
//! Which pages are near is worked out when the view scrolls or changes size, from a binary
//! search over the pages' boxes. An IntersectionObserver on every page did this before, but it
//! worked over all the pages in every frame, an edit's included: about a millisecond at 1 MB.

use crate::view::layout::Block;
use crate::view::paging::{
    opening_pages, pages_in_band, pages_to_release, pages_touching, split_pages, Page,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// How far beyond the visible part of the text pages are drawn, in heights of that part.
const NEAR_SCREENS: f64 = 1.5;
/// The height of a line before any is measured (the text's 17px × 2.35 line height).
const DEFAULT_LINE_PX: f64 = 40.0;

/// The drawn state of the open document's pages. `Copy`; part of `context::redraw`.
#[derive(Clone, Copy)]
pub struct Viewport {
    pages: StoredValue<Vec<Page>>,
    live: StoredValue<Vec<ArcRwSignal<bool>>>,
    /// Each page's height when it was last measured drawn.
    measured: StoredValue<Vec<Option<f64>>>,
    /// The height of an estimated line, calibrated on measured pages.
    line_px: StoredValue<f64>,
    /// Whether a check of the view is already asked for the next frame.
    check_pending: StoredValue<bool>,
}

impl Viewport {
    /// The pages of a text split into `blocks`, the first screens drawn.
    pub fn new(blocks: &[Block]) -> Self {
        let viewport = Self {
            pages: StoredValue::new(Vec::new()),
            live: StoredValue::new(Vec::new()),
            measured: StoredValue::new(Vec::new()),
            line_px: StoredValue::new(DEFAULT_LINE_PX),
            check_pending: StoredValue::new(false),
        };
        viewport.reset(blocks);
        viewport
    }

    /// Starts over for a newly opened text (its pages are about to be drawn afresh).
    pub fn reset(&self, blocks: &[Block]) {
        let pages = split_pages(blocks);
        let live = opening_pages(&pages);
        self.measured.set_value(vec![None; pages.len()]);
        self.live
            .set_value(live.into_iter().map(ArcRwSignal::new).collect());
        self.pages.set_value(pages);
    }

    /// How many pages there are.
    pub fn page_count(&self) -> usize {
        self.pages.with_value(Vec::len)
    }

    /// Page `index`.
    pub fn page(&self, index: usize) -> Option<Page> {
        self.pages.with_value(|p| p.get(index).copied())
    }

    /// Reads the pages.
    pub fn with_pages<R>(&self, f: impl FnOnce(&[Page]) -> R) -> R {
        self.pages.with_value(|p| f(p))
    }

    /// Whether page `index` is drawn (a signal: its view follows it).
    pub fn live(&self, index: usize) -> ArcRwSignal<bool> {
        self.live
            .with_value(|l| l.get(index).cloned())
            .unwrap_or_else(|| ArcRwSignal::new(false))
    }

    /// How many pages are drawn now.
    pub fn drawn_count(&self) -> usize {
        self.live
            .with_value(|l| l.iter().filter(|s| s.get_untracked()).count())
    }

    /// The CSS height of page `index` as a placeholder.
    pub fn placeholder_height(&self, index: usize) -> String {
        if let Some(px) = self
            .measured
            .with_value(|m| m.get(index).copied().flatten())
        {
            return crate::view::words::px(px);
        }
        let lines = self.page(index).map_or(1, |p| p.lines);
        format!(
            "calc(var(--line-px, {}) * {lines})",
            crate::view::words::px(DEFAULT_LINE_PX)
        )
    }

    /// Draws the pages holding code points `start..end`; returns whether any was not drawn yet
    /// (then the caller waits for the redraw before touching their DOM).
    pub fn draw(&self, start: usize, end: usize) -> bool {
        let range = self.with_pages(|p| pages_touching(p, start, end));
        self.live.with_value(|live| {
            let mut drew = false;
            for signal in &live[range.start.min(live.len())..range.end.min(live.len())] {
                if !signal.get_untracked() {
                    signal.set(true);
                    drew = true;
                }
            }
            drew
        })
    }

    /// Asks for a check of the view in the next frame; returns false if one is already asked
    /// for (however often the view scrolls in a frame, it is checked once).
    pub fn ask_check(&self) -> bool {
        let pending = self.check_pending.get_value();
        self.check_pending.set_value(true);
        !pending
    }

    /// Notes that the asked-for check is running (a later scroll asks anew).
    pub fn check_running(&self) {
        self.check_pending.set_value(false);
    }

    /// Checks which pages are near the visible part of `scroller`: draws those that are not
    /// drawn, measures those that are, and releases the furthest if too much is drawn, keeping
    /// the pages of `pinned` (code points of the selection) drawn. `text_root` holds the page
    /// elements in order. Returns whether it drew a page: the layout then changes, so the view
    /// is to be checked again once it is drawn.
    pub fn check(
        &self,
        scroller: &Element,
        text_root: &Element,
        pinned: Option<(usize, usize)>,
    ) -> bool {
        let view = scroller.get_bounding_client_rect();
        if view.height() <= 0.0 {
            // Not laid out (hidden): nothing can be told.
            return false;
        }
        let margin = view.height() * NEAR_SCREENS;
        let children = text_root.children();
        let count = self.page_count().min(children.length() as usize);
        let page_rect = |index: usize| {
            children
                .item(index as u32)
                .map(|el| el.get_bounding_client_rect())
        };
        let band = pages_in_band(count, view.top() - margin, view.bottom() + margin, |i| {
            page_rect(i).map_or((0.0, 0.0), |r| (r.top(), r.bottom()))
        });
        let mut near = vec![false; self.page_count()];
        let mut drew = false;
        for index in band {
            near[index] = true;
            let live = self.live(index);
            if live.get_untracked() {
                if let Some(rect) = page_rect(index) {
                    self.measure(index, rect.height());
                }
            } else {
                live.set(true);
                drew = true;
            }
        }
        let pinned = pinned.map(|(s, e)| self.with_pages(|p| pages_touching(p, s, e)));
        let live: Vec<bool> = self
            .live
            .with_value(|l| l.iter().map(|s| s.get_untracked()).collect());
        let release = self.with_pages(|pages| pages_to_release(pages, &live, &near, pinned));
        for index in release {
            if let Some(rect) = page_rect(index) {
                self.measure(index, rect.height());
            }
            self.live(index).set(false);
        }
        self.calibrate(text_root);
        drew
    }

    /// Notes a drawn page's height (none while the text is not laid out, e.g. hidden).
    fn measure(&self, index: usize, height: f64) {
        if height > 0.0 {
            self.measured.update_value(|m| m[index] = Some(height));
        }
    }

    /// Sets the estimated line height from the pages measured so far, so placeholders of pages
    /// never drawn are about as tall as they will be.
    fn calibrate(&self, text_root: &Element) {
        let (height, lines) = self.with_pages(|pages| {
            self.measured.with_value(|m| {
                pages
                    .iter()
                    .zip(m)
                    .filter_map(|(p, h)| h.map(|h| (h, p.lines)))
                    .fold((0.0, 0usize), |(h, l), (ph, pl)| (h + ph, l + pl))
            })
        });
        if lines == 0 || height <= 0.0 {
            return;
        }
        let line_px = height / lines as f64;
        let old = self.line_px.get_value();
        if (line_px - old).abs() / old > 0.03 {
            self.line_px.set_value(line_px);
            if let Some(root) = text_root.dyn_ref::<HtmlElement>() {
                let _ = root
                    .style()
                    .set_property("--line-px", &crate::view::words::px(line_px));
            }
        }
    }
}
