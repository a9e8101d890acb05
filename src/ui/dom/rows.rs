//! A list whose rows are drawn from markup, redrawing only the rows whose markup changed (the
//! plan is `view::keyed`'s). Kept rows are never touched, so the browser keeps their layout.

use crate::ui::dom::insert_html;
use crate::view::keyed::{plan_rows, RowOp};
use crate::view::markup::{Html, Markup};
use web_sys::Element;

/// The rows drawn in one list element, with the markup each was drawn from.
#[derive(Default)]
pub struct DrawnRows {
    rows: Vec<(Html, Element)>,
}

impl DrawnRows {
    /// Makes `list` show `markup` (one row's HTML each, a single element per row).
    pub fn update(&mut self, list: &Element, markup: Vec<Html>) {
        if self.rows.is_empty() {
            // Rows drawn by an earlier owner of this element (a view rebuilt in place keeps
            // its elements) are not ours to keep: start from an empty list.
            while let Some(row) = list.first_element_child() {
                row.remove();
            }
        }
        let old: Vec<&str> = self.rows.iter().map(|(html, _)| html.as_str()).collect();
        let new: Vec<&str> = markup.iter().map(Html::as_str).collect();
        let ops = plan_rows(&old, &new);
        let mut next: Vec<Option<Element>> = vec![None; markup.len()];
        // Consecutive new rows go in with one parse, before the next kept row (or last).
        let mut pending: Vec<usize> = Vec::new();
        // Kept and inserted rows come in the new list's order.
        let mut slot = 0;
        for op in ops {
            match op {
                RowOp::Keep(i) => {
                    let element = &self.rows[i].1;
                    insert_rows(list, Some(element), &markup, &mut pending, &mut next);
                    next[slot] = Some(element.clone());
                    slot += 1;
                }
                RowOp::Remove(i) => self.rows[i].1.remove(),
                RowOp::Insert(i) => {
                    pending.push(i);
                    slot += 1;
                }
            }
        }
        insert_rows(list, None, &markup, &mut pending, &mut next);
        self.rows = markup
            .into_iter()
            .zip(next)
            .filter_map(|(html, element)| Some((html, element?)))
            .collect();
    }
}

/// Parses the pending rows' markup in one go before `before` (or at the end of `list`), and
/// records their elements.
fn insert_rows(
    list: &Element,
    before: Option<&Element>,
    markup: &[Html],
    pending: &mut Vec<usize>,
    next: &mut [Option<Element>],
) {
    if pending.is_empty() {
        return;
    }
    let mut html = Markup::new();
    for &i in pending.iter() {
        html.push(&markup[i]);
    }
    let html = html.finish();
    let placed = match before {
        Some(element) => insert_html(element, "beforebegin", &html),
        None => insert_html(list, "beforeend", &html),
    };
    if placed {
        // The new elements are the ones just before `before` (or the list's last ones).
        let mut element = match before {
            Some(element) => element.previous_element_sibling(),
            None => list.last_element_child(),
        };
        for &i in pending.iter().rev() {
            let Some(current) = element else { break };
            element = current.previous_element_sibling();
            next[i] = Some(current);
        }
    }
    pending.clear();
}
