//! Which pages of the text are drawn. An IntersectionObserver on the pages says which are near
//! the viewport; those are drawn, and when too much is drawn the furthest go back to being
//! placeholders (`core::paging` decides which). A placeholder keeps the height its page had, or
//! an estimate calibrated on the pages measured so far, so the scrollbar stays true.

use crate::core::layout::Block;
use crate::core::paging::{opening_pages, pages_to_release, pages_touching, split_pages, Page};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, IntersectionObserver, IntersectionObserverEntry};

/// How far beyond the visible part of the text pages are drawn: one and a half screens.
const NEAR_MARGIN: &str = "150% 0px";
/// The height of a line before any is measured (the text's 17px × 2.35 line height).
const DEFAULT_LINE_PX: f64 = 40.0;

type ObserverCallback = Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>;

/// The drawn state of the open document's pages. `Copy`; part of the editor.
#[derive(Clone, Copy)]
pub struct Viewport {
    pages: StoredValue<Vec<Page>>,
    live: StoredValue<Vec<ArcRwSignal<bool>>>,
    near: StoredValue<Vec<bool>>,
    /// Each page's height when it was last measured drawn.
    measured: StoredValue<Vec<Option<f64>>>,
    /// The height of an estimated line, calibrated on measured pages.
    line_px: StoredValue<f64>,
    observer: StoredValue<Option<IntersectionObserver>, LocalStorage>,
    callback: StoredValue<Option<ObserverCallback>, LocalStorage>,
}

impl Viewport {
    /// The pages of a text split into `blocks`, the first screens drawn.
    pub fn new(blocks: &[Block]) -> Self {
        let viewport = Self {
            pages: StoredValue::new(Vec::new()),
            live: StoredValue::new(Vec::new()),
            near: StoredValue::new(Vec::new()),
            measured: StoredValue::new(Vec::new()),
            line_px: StoredValue::new(DEFAULT_LINE_PX),
            observer: StoredValue::new_local(None),
            callback: StoredValue::new_local(None),
        };
        viewport.reset(blocks);
        viewport
    }

    /// Starts over for a newly opened text (its pages are about to be drawn afresh).
    pub fn reset(&self, blocks: &[Block]) {
        if let Some(observer) = self.observer.get_value() {
            observer.disconnect();
        }
        let pages = split_pages(blocks);
        let live = opening_pages(&pages);
        self.near.set_value(vec![false; pages.len()]);
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
            return format!("{px}px");
        }
        let lines = self.page(index).map_or(1, |p| p.lines);
        format!("calc(var(--line-px, {DEFAULT_LINE_PX}px) * {lines})")
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

    /// Starts watching which pages are near the visible part of `scroller`. `on_change` is
    /// called with the reports (pass them to [`Viewport::update`]).
    pub fn connect(
        &self,
        scroller: &Element,
        on_change: impl Fn(Vec<IntersectionObserverEntry>) + 'static,
    ) {
        if let Some(old) = self.observer.get_value() {
            old.disconnect();
        }
        let callback: ObserverCallback = Closure::new(move |entries: js_sys::Array, _| {
            on_change(entries.iter().filter_map(|e| e.dyn_into().ok()).collect());
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root(Some(scroller));
        options.set_root_margin(NEAR_MARGIN);
        let observer =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
                .ok();
        self.observer.set_value(observer);
        self.callback.set_value(Some(callback));
    }

    /// Watches a page's element (it carries `data-page`).
    pub fn observe(&self, page: &Element) {
        if let Some(observer) = self.observer.get_value() {
            observer.observe(page);
        }
    }

    /// Takes the observer's reports: draws the pages that came near, measures the drawn ones,
    /// and releases the furthest if too much is drawn, keeping the pages of `pinned` (code
    /// points of the selection) drawn. `text_root` holds the page elements in order.
    pub fn update(
        &self,
        entries: &[IntersectionObserverEntry],
        text_root: &Element,
        pinned: Option<(usize, usize)>,
    ) {
        let count = self.page_count();
        for entry in entries {
            let target = entry.target();
            if !target.is_connected() {
                continue;
            }
            let Some(index) = target
                .get_attribute("data-page")
                .and_then(|p| p.parse::<usize>().ok())
                .filter(|&i| i < count)
            else {
                continue;
            };
            let near = entry.is_intersecting();
            self.near.update_value(|n| n[index] = near);
            let live = self.live(index);
            if live.get_untracked() {
                self.measure(index, entry.bounding_client_rect().height());
            } else if near {
                live.set(true);
            }
        }
        let pinned = pinned.map(|(s, e)| self.with_pages(|p| pages_touching(p, s, e)));
        let live: Vec<bool> = self
            .live
            .with_value(|l| l.iter().map(|s| s.get_untracked()).collect());
        let release = self.with_pages(|pages| {
            self.near
                .with_value(|near| pages_to_release(pages, &live, near, pinned))
        });
        let children = text_root.children();
        for index in release {
            if let Some(el) = children.item(index as u32) {
                self.measure(index, el.get_bounding_client_rect().height());
            }
            self.live(index).set(false);
        }
        self.calibrate(text_root);
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
                    .set_property("--line-px", &format!("{line_px:.2}px"));
            }
        }
    }
}
