//! The DOM selection as code point offsets, and back. Every rendered text run of the document
//! is a `[data-s][data-e]` element holding exactly one text node: its code point range. DOM
//! offsets are UTF-16 and are converted here, through `core::text::offsets`, and nowhere else.

use crate::core::text::offsets::{cp_to_utf16, utf16_to_cp};
use crate::view::layout::Block;
use crate::view::paging::{page_of_block, Page};
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// The selector of a text run.
const RUN: &str = "[data-s]";

fn run_range(run: &Element) -> Option<(usize, usize)> {
    let start = run.get_attribute("data-s")?.parse().ok()?;
    let end = run.get_attribute("data-e")?.parse().ok()?;
    Some((start, end))
}

/// The code point a DOM point (`node`, `offset`) stands for, if it lies inside `root`.
pub fn dom_point_to_cp(root: &Element, node: &Node, offset: u32) -> Option<usize> {
    if !root.contains(Some(node)) {
        return None;
    }
    if node.node_type() == Node::TEXT_NODE {
        let parent = node.parent_element()?;
        let Some(run) = parent.closest(RUN).ok()? else {
            // A text node outside the runs (a framework marker): the point just before it.
            let siblings = parent.child_nodes();
            let index =
                (0..siblings.length()).find(|&i| siblings.item(i).as_ref() == Some(node))?;
            return dom_point_to_cp(root, &parent, index);
        };
        let (start, end) = run_range(&run)?;
        let text = node.text_content().unwrap_or_default();
        return Some((start + utf16_to_cp(&text, offset as usize)).min(end));
    }
    let element: &Element = node.dyn_ref()?;
    if let Some(run) = element.closest(RUN).ok().flatten() {
        let (start, end) = run_range(&run)?;
        return Some(if offset == 0 { start } else { end });
    }
    // An element around runs (a block, a page, the text): the point is before child `offset`,
    // so it is where the next text starts, or else where the last text before it ends.
    let children = element.child_nodes();
    let count = children.length();
    let after = (offset..count).find_map(|i| children.item(i).and_then(|c| boundary(&c, true)));
    let before = || {
        (0..offset.min(count))
            .rev()
            .find_map(|i| children.item(i).and_then(|c| boundary(&c, false)))
    };
    after
        .or_else(before)
        .or_else(|| boundary(element, true))
        .or(Some(0))
}

/// Where the text of `node` starts (or ends): a run's own range, a page's (drawn or not, it
/// carries `data-ps`/`data-pe`), or else that of the first (or last) run inside.
fn boundary(node: &Node, start: bool) -> Option<usize> {
    let element: &Element = node.dyn_ref()?;
    let (run_attr, page_attr) = if start {
        ("data-s", "data-ps")
    } else {
        ("data-e", "data-pe")
    };
    for attr in [run_attr, page_attr] {
        if let Some(cp) = element.get_attribute(attr).and_then(|v| v.parse().ok()) {
            return Some(cp);
        }
    }
    let run = if start {
        element.query_selector(RUN).ok()?
    } else {
        let all = element.query_selector_all(RUN).ok()?;
        all.item(all.length().checked_sub(1)?)?.dyn_into().ok()
    };
    run_range(&run?).map(|(s, e)| if start { s } else { e })
}

/// The document's current selection as `(start, end)` code points, if it is a non-empty range
/// inside `root`.
pub fn read_selection(root: &Element) -> Option<(usize, usize)> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.range_count() == 0 || selection.is_collapsed() {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let start = dom_point_to_cp(
        root,
        &range.start_container().ok()?,
        range.start_offset().ok()?,
    )?;
    let end = dom_point_to_cp(root, &range.end_container().ok()?, range.end_offset().ok()?)?;
    (start < end).then_some((start, end))
}

/// The text run and UTF-16 offset of code point `cp`. `at_end` prefers the run that ends at
/// `cp` (for the end of a range) over the one that starts there. `root`'s element children are
/// the `pages`, in order, and a drawn page's are its blocks, so the block is found by index,
/// then the run within it. None if its page is not drawn.
fn cp_to_dom_point(
    root: &Element,
    blocks: &[Block],
    pages: &[Page],
    cp: usize,
    at_end: bool,
) -> Option<(Node, u32)> {
    let index = if at_end {
        blocks.partition_point(|b| b.end < cp)
    } else {
        blocks.partition_point(|b| b.end <= cp)
    };
    let page_index = page_of_block(pages, index);
    let page = pages.get(page_index)?;
    let block = root
        .children()
        .item(page_index as u32)?
        .children()
        .item((index - page.first_block) as u32)?;
    let runs = block.query_selector_all(RUN).ok()?;
    for i in 0..runs.length() {
        let run: Element = runs.item(i)?.dyn_into().ok()?;
        let (start, end) = run_range(&run)?;
        let inside = if at_end {
            start < cp && cp <= end
        } else {
            start <= cp && cp < end
        };
        if inside {
            let text_node = run.first_child()?;
            let text = text_node.text_content().unwrap_or_default();
            return Some((text_node, cp_to_utf16(&text, cp - start) as u32));
        }
    }
    None
}

/// Selects code points `start..end` in the page, as if the user had selected them.
pub fn set_selection(
    root: &Element,
    blocks: &[Block],
    pages: &[Page],
    start: usize,
    end: usize,
) -> Option<()> {
    let selection = web_sys::window()?.get_selection().ok()??;
    let (start_node, start_offset) = cp_to_dom_point(root, blocks, pages, start, false)?;
    let (end_node, end_offset) = cp_to_dom_point(root, blocks, pages, end, true)?;
    selection
        .set_base_and_extent(&start_node, start_offset, &end_node, end_offset)
        .ok()
}

/// Selects everything inside `root`.
pub fn select_all_in(root: &Element) {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.select_all_children(root);
    }
}

/// Clears the page's selection.
pub fn clear_selection() {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.remove_all_ranges();
    }
}

/// Scrolls the text run holding code point `cp` into view (centred).
pub fn scroll_to_cp(root: &Element, blocks: &[Block], pages: &[Page], cp: usize) {
    if let Some((node, _)) = cp_to_dom_point(root, blocks, pages, cp, false) {
        if let Some(run) = node.parent_element() {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            run.scroll_into_view_with_scroll_into_view_options(&options);
        }
    }
}

/// The name of the highlight that shows where a selection will snap to.
const SNAP_HIGHLIGHT: &str = "avow-snap";

/// Shows code points `start..end` as where the selection will snap to, drawn by the CSS Custom
/// Highlight API (`::highlight(avow-snap)`): nothing in the DOM changes, so the text's blocks
/// are not redrawn. A browser without the API shows nothing.
pub fn show_snap_preview(
    root: &Element,
    blocks: &[Block],
    pages: &[Page],
    start: usize,
    end: usize,
) {
    let range = (|| {
        let (start_node, start_offset) = cp_to_dom_point(root, blocks, pages, start, false)?;
        let (end_node, end_offset) = cp_to_dom_point(root, blocks, pages, end, true)?;
        let range = web_sys::window()?.document()?.create_range().ok()?;
        range.set_start(&start_node, start_offset).ok()?;
        range.set_end(&end_node, end_offset).ok()?;
        let constructor = js_sys::Reflect::get(&js_sys::global(), &"Highlight".into()).ok()?;
        let constructor = constructor.dyn_into::<js_sys::Function>().ok()?;
        js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&range)).ok()
    })();
    match range {
        Some(highlight) => call_highlights(
            "set",
            &js_sys::Array::of2(&SNAP_HIGHLIGHT.into(), &highlight),
        ),
        None => clear_snap_preview(),
    }
}

/// Shows no snapping preview.
pub fn clear_snap_preview() {
    call_highlights("delete", &js_sys::Array::of1(&SNAP_HIGHLIGHT.into()));
}

/// Calls a method of `CSS.highlights`, where the browser has it.
fn call_highlights(method: &str, args: &js_sys::Array) {
    let registry = js_sys::Reflect::get(&js_sys::global(), &"CSS".into())
        .and_then(|css| js_sys::Reflect::get(&css, &"highlights".into()));
    let Ok(registry) = registry else {
        return;
    };
    if let Ok(f) = js_sys::Reflect::get(&registry, &method.into()) {
        if let Ok(f) = f.dyn_into::<js_sys::Function>() {
            let _ = f.apply(&registry, args);
        }
    }
}

/// The boxes, one per line, of code points `start..end` on the page, as `(left, top, right,
/// bottom)` in the viewport; none when they are not drawn.
pub fn range_boxes(
    root: &Element,
    blocks: &[Block],
    pages: &[Page],
    start: usize,
    end: usize,
) -> Vec<(f64, f64, f64, f64)> {
    let range = || -> Option<web_sys::Range> {
        let (start_node, start_offset) = cp_to_dom_point(root, blocks, pages, start, false)?;
        let (end_node, end_offset) = cp_to_dom_point(root, blocks, pages, end, true)?;
        let range = web_sys::window()?.document()?.create_range().ok()?;
        range.set_start(&start_node, start_offset).ok()?;
        range.set_end(&end_node, end_offset).ok()?;
        Some(range)
    };
    let Some(rects) = range().and_then(|r| r.get_client_rects()) else {
        return Vec::new();
    };
    (0..rects.length())
        .filter_map(|i| rects.get(i))
        .filter(|r| r.width() > 0.5)
        .map(|r| (r.left(), r.top(), r.right(), r.bottom()))
        .collect()
}
