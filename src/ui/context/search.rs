//! Search within the open document: the query, its matches (highlighted in the text) and the
//! current one, which becomes the keyboard caret so a label's key labels it.

use crate::core::text::search::find_all;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::selection::Selection;
use crate::ui::context::workspace::Store;
use crate::view::caret::step_match;
use leptos::prelude::*;

/// The search, `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Search {
    store: Store,
    redraw: Redraw,
    selection: Selection,
    matches: StoredValue<Vec<(usize, usize)>>,
    query: RwSignal<String>,
    /// Number of search matches and the current one.
    match_count: RwSignal<usize>,
    current: RwSignal<Option<usize>>,
}

impl Search {
    /// No search.
    pub fn new(store: Store, redraw: Redraw, selection: Selection) -> Self {
        Self {
            store,
            redraw,
            selection,
            matches: StoredValue::new(Vec::new()),
            query: RwSignal::new(String::new()),
            match_count: RwSignal::new(0),
            current: RwSignal::new(None),
        }
    }

    /// The search's query (tracked).
    pub fn query(&self) -> String {
        self.query.get()
    }

    /// How many matches the search has (tracked).
    pub fn match_count(&self) -> usize {
        self.match_count.get()
    }

    /// The current match (tracked).
    pub fn current(&self) -> Option<usize> {
        self.current.get()
    }

    /// The matches inside `start..end`, each with whether it is the current one.
    pub fn matches_in(&self, start: usize, end: usize) -> Vec<(usize, usize, bool)> {
        let current = self.current.get_untracked();
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

    /// Runs a search and highlights its matches.
    pub fn search(&self, query: String) {
        let found = self.store.with_doc(|d| find_all(d.doc().text(), &query));
        let old = self.matches.with_value(|m| m.clone());
        self.query.set(query);
        self.matches.set_value(found.clone());
        self.match_count.set(found.len());
        self.current.set(None);
        for (start, end) in old.into_iter().chain(found) {
            self.redraw.range(start, end);
        }
    }

    /// Goes to the next (or previous) match and makes it the keyboard caret, so a hotkey
    /// labels it and Shift+arrows extend it.
    pub fn step(&self, forward: bool) {
        let old = self.current.get_untracked();
        let Some(next) = step_match(old, self.match_count.get_untracked(), forward) else {
            return;
        };
        self.current.set(Some(next));
        let ranges: Vec<(usize, usize)> = self.matches.with_value(|m| {
            old.into_iter()
                .chain([next])
                .filter_map(|i| m.get(i).copied())
                .collect()
        });
        for (start, end) in &ranges {
            self.redraw.range(*start, *end);
        }
        if let Some(&(start, end)) = ranges.last() {
            self.selection
                .show_caret(self.selection.caret_for_range(start, end));
        }
    }

    /// A match was labelled: it is no longer highlighted (its span shows instead), and the
    /// next step goes to the match after it.
    pub fn labelled(&self, start: usize, end: usize) {
        let Some(first) = self.matches.try_update_value(|m| {
            let first = m.iter().position(|x| x.0 < end && start < x.1)?;
            m.retain(|x| !(x.0 < end && start < x.1));
            Some(first)
        }) else {
            return;
        };
        let Some(first) = first else { return };
        self.match_count.set(self.matches.with_value(Vec::len));
        self.current.set(first.checked_sub(1));
        self.redraw.range(start, end);
    }

    /// Forgets the search (another document is opened).
    pub fn reset(&self) {
        self.matches.set_value(Vec::new());
        self.match_count.set(0);
        self.current.set(None);
        self.query.set(String::new());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::ui::context::tests::contexts;
    use leptos::prelude::*;

    #[test]
    fn matches_are_found_stepped_through_and_become_the_caret() {
        let c = contexts("The two leaders met. The leaders agreed.");
        c.search.search("leaders".into());
        assert_eq!(c.search.match_count.get_untracked(), 2);
        assert_eq!(c.search.matches_in(0, 20), vec![(8, 15, false)]);
        c.search.step(true);
        assert_eq!(c.search.current.get_untracked(), Some(0));
        assert_eq!(c.selection.caret().unwrap().shown, (8, 15));
        c.search.step(true);
        c.search.step(true);
        assert_eq!(c.search.current.get_untracked(), Some(0), "round again");
        c.search.step(false);
        assert_eq!(c.selection.caret().unwrap().shown, (25, 32));
        c.search.search("nothing".into());
        assert_eq!(c.search.match_count.get_untracked(), 0);
        c.search.step(true);
        assert_eq!(c.search.current.get_untracked(), None);
    }

    #[test]
    fn a_labelled_match_is_no_longer_highlighted_and_the_next_step_goes_past_it() {
        let c = contexts("The leaders met. The leaders agreed. The leaders left.");
        c.search.search("leaders".into());
        c.search.step(true);
        c.search.step(true);
        let (start, end) = c.selection.caret().unwrap().shown;
        c.commands
            .label(crate::core::schema::Label::Party, Some((start, end)));
        assert_eq!(c.search.match_count.get_untracked(), 2);
        assert_eq!(c.search.matches_in(start, end), vec![]);
        c.search.step(true);
        assert_eq!(c.selection.caret().unwrap().shown, (41, 48));
    }
}
