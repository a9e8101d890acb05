//! Lanes under the text's lines: for one unit of several annotators' spans, a thin line per
//! annotator under the extent of their span. Adjudication draws its current unit's; a
//! disagreement followed from the Agreement tab draws that unit's on the version it opens.

use crate::ui::context::redraw::Redraw;
use crate::ui::context::workspace::Store;
use crate::ui::dom::selection::range_boxes;
use crate::view::lanes::{lanes_svg, Lane, LaneBox};
use crate::view::layers::{Layer, Layers, Mark};
use crate::view::markup::Html;
use leptos::prelude::*;
use std::cell::RefCell;

/// What the lanes under the text show, provided as context: adjudication's current unit
/// (`unit`), else a disagreement followed from the Agreement tab, on the version it was drawn
/// on (`doc`, `markup`: shown while that version is open). The tabs write them; the text
/// draws them.
#[derive(Clone, Copy)]
pub struct TextLanes {
    pub unit: RwSignal<Html>,
    pub doc: RwSignal<Option<String>>,
    pub markup: RwSignal<Html>,
}

impl TextLanes {
    /// None drawn yet.
    pub fn new() -> Self {
        Self {
            unit: RwSignal::new(Html::empty()),
            doc: RwSignal::new(None),
            markup: RwSignal::new(Html::empty()),
        }
    }
}

impl Default for TextLanes {
    fn default() -> Self {
        Self::new()
    }
}

/// What was last drawn into each output, and on which document: drawn again when the window
/// resizes, as the lines rewrap under the lanes.
type Drawn = (RwSignal<Html>, String, &'static str, Vec<Lane>);

thread_local! {
    static DRAWN: RefCell<Vec<Drawn>> = const { RefCell::new(Vec::new()) };
}

/// Draws `lanes` under the text once their lines are drawn, each rectangle of the class
/// `lane` and `state` (its colour), and sets `out` to the markup.
pub fn draw_lanes(
    redraw: Redraw,
    store: Store,
    state: &'static str,
    lanes: Vec<Lane>,
    out: RwSignal<Html>,
) {
    let doc = store.current_id();
    DRAWN.with_borrow_mut(|drawn| {
        drawn.retain(|(o, ..)| *o != out);
        drawn.push((out, doc, state, lanes.clone()));
    });
    let (Some(first), Some(last)) = (
        lanes.iter().map(|l| l.start).min(),
        lanes.iter().map(|l| l.end).max(),
    ) else {
        return out.set(Html::empty());
    };
    redraw.when_drawn(first, last, move |root, blocks, pages| {
        let Some(scroller) = root.parent_element() else {
            return;
        };
        let frame = scroller.get_bounding_client_rect();
        let (dx, dy) = (
            f64::from(scroller.scroll_left()) - frame.left(),
            f64::from(scroller.scroll_top()) - frame.top(),
        );
        let mut boxes = Vec::new();
        let layers = Layers::new().versions(&lanes);
        for annotation in layers.of(Layer::Versions) {
            let Mark::Version(lane) = annotation.mark else {
                continue;
            };
            for (left, _, right, bottom) in
                range_boxes(root, blocks, pages, annotation.start, annotation.end)
            {
                boxes.push(LaneBox {
                    lane: lane.lane,
                    left: (left + dx).round() as i64,
                    bottom: (bottom + dy).round() as i64,
                    right: (left + dx).round() as i64 + (right - left).round() as i64,
                });
            }
        }
        let mut names = vec![None; lanes.iter().map(|l| l.lane + 1).max().unwrap_or(0)];
        for lane in lanes {
            names[lane.lane] = lane.name;
        }
        let markup = lanes_svg(state, &boxes, &names);
        out.set(markup);
    });
}

/// The lanes in the text's scrolling box: adjudication's current unit, else a disagreement
/// followed from the Agreement tab on the version it opened (none where neither is
/// provided, as in a document view on its own).
#[component]
pub fn Lanes() -> impl IntoView {
    let lanes = use_context::<TextLanes>();
    let redraw = expect_context::<Redraw>();
    let store = expect_context::<Store>();
    // The lines rewrap when the window resizes: the lanes on the open document follow them.
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        let current = store.current_id();
        let again: Vec<Drawn> = DRAWN.with_borrow(|drawn| {
            drawn
                .iter()
                .filter(|(_, doc, ..)| *doc == current)
                .cloned()
                .collect()
        });
        for (out, _, state, lanes) in again {
            draw_lanes(redraw, store, state, lanes, out);
        }
    });
    on_cleanup(move || resize.remove());
    let markup = move || {
        let own = lanes.map(|l| l.unit.get()).unwrap_or_default();
        if !own.is_empty() {
            return own;
        }
        redraw.track_doc();
        lanes
            .filter(|f| f.doc.get().is_some_and(|id| id == store.current_id()))
            .map(|f| f.markup.get())
            .unwrap_or_default()
    };
    view! { <div class="lanes" data-testid="text-lanes" inner_html=move || markup().into_string()></div> }
}
