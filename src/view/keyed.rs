//! Plans how to turn one list of drawn rows into another while keeping every row that did not
//! change. Redrawing a whole list window on each edit makes the browser parse, style and lay
//! out every row again (about 4 ms for the span list's thirty rows); an edit changes one or two
//! rows, and a scroll by one row adds one and drops one.
//!
//! Rows are compared by their markup: a row is kept only when it would be drawn exactly the
//! same. The plan never moves a kept row (moving a node makes the browser rebuild it), so a
//! row that changed place is drawn anew.

use std::collections::HashSet;

/// One step of a plan, applied in order while walking the old rows from the first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowOp {
    /// The old row at this index stays where it is.
    Keep(usize),
    /// The old row at this index goes.
    Remove(usize),
    /// The new row at this index is drawn before the next old row still in place (or last).
    Insert(usize),
}

/// The steps that turn `old` into `new` (both in display order, each row's markup unique).
/// Every old row is kept or removed exactly once, in order; every new row is kept or inserted
/// exactly once, in order.
pub fn plan_rows<S: AsRef<str>, T: AsRef<str>>(old: &[S], new: &[T]) -> Vec<RowOp> {
    let wanted: HashSet<&str> = new.iter().map(AsRef::as_ref).collect();
    let mut ops = Vec::with_capacity(old.len() + new.len());
    let mut cursor = 0;
    for (index, row) in new.iter().enumerate() {
        // Old rows that are drawn nowhere in the new list go before anything is placed.
        while cursor < old.len() && !wanted.contains(old[cursor].as_ref()) {
            ops.push(RowOp::Remove(cursor));
            cursor += 1;
        }
        if cursor < old.len() && old[cursor].as_ref() == row.as_ref() {
            ops.push(RowOp::Keep(cursor));
            cursor += 1;
        } else {
            ops.push(RowOp::Insert(index));
        }
    }
    ops.extend((cursor..old.len()).map(RowOp::Remove));
    ops
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Applies a plan to plain values: what the DOM ends up holding, for tests.
    fn apply_plan<T: Clone>(old: &[T], new: &[T], ops: &[RowOp]) -> Vec<T> {
        ops.iter()
            .filter_map(|op| match *op {
                RowOp::Keep(i) => Some(old[i].clone()),
                RowOp::Insert(i) => Some(new[i].clone()),
                RowOp::Remove(_) => None,
            })
            .collect()
    }
    use proptest::prelude::*;

    fn rows(ids: &[u32]) -> Vec<String> {
        ids.iter().map(|i| format!("<li>{i}</li>")).collect()
    }

    fn inserted(ops: &[RowOp]) -> usize {
        ops.iter()
            .filter(|op| matches!(op, RowOp::Insert(_)))
            .count()
    }

    #[test]
    fn an_added_row_is_the_only_one_drawn() {
        let old = rows(&[1, 2, 3, 4, 5]);
        let new = rows(&[1, 2, 9, 3, 4]);
        let ops = plan_rows(&old, &new);
        assert_eq!(apply_plan(&old, &new, &ops), new);
        assert_eq!(inserted(&ops), 1);
    }

    #[test]
    fn scrolling_by_one_row_draws_one_row() {
        let old = rows(&[1, 2, 3, 4, 5]);
        let new = rows(&[2, 3, 4, 5, 6]);
        let ops = plan_rows(&old, &new);
        assert_eq!(ops[0], RowOp::Remove(0));
        assert_eq!(inserted(&ops), 1);
        let back = plan_rows(&new, &old);
        assert_eq!(inserted(&back), 1);
    }

    #[test]
    fn a_changed_row_is_redrawn_in_place() {
        let old = rows(&[1, 2, 3]);
        let mut new = old.clone();
        new[1] = "<li class=\"selected\">2</li>".into();
        let ops = plan_rows(&old, &new);
        assert_eq!(
            ops,
            vec![
                RowOp::Keep(0),
                RowOp::Remove(1),
                RowOp::Insert(1),
                RowOp::Keep(2)
            ]
        );
    }

    #[test]
    fn nothing_to_something_and_back() {
        let none: Vec<String> = Vec::new();
        let some = rows(&[1, 2]);
        assert_eq!(
            plan_rows(&none, &some),
            vec![RowOp::Insert(0), RowOp::Insert(1)]
        );
        assert_eq!(
            plan_rows(&some, &none),
            vec![RowOp::Remove(0), RowOp::Remove(1)]
        );
    }

    proptest! {
        /// Whatever the two lists, the plan yields the new one and touches every row once.
        #[test]
        fn a_plan_yields_the_new_rows(
            old in proptest::sample::subsequence((0u32..40).collect::<Vec<_>>(), 0..40),
            new in proptest::sample::subsequence((0u32..40).collect::<Vec<_>>(), 0..40).prop_shuffle(),
        ) {
            let (old, new) = (rows(&old), rows(&new));
            let ops = plan_rows(&old, &new);
            prop_assert_eq!(apply_plan(&old, &new, &ops), new.clone());
            let olds: Vec<usize> = ops.iter().filter_map(|op| match op {
                RowOp::Keep(i) | RowOp::Remove(i) => Some(*i),
                RowOp::Insert(_) => None,
            }).collect();
            prop_assert_eq!(olds, (0..old.len()).collect::<Vec<_>>());
            let news: Vec<usize> = ops.iter().filter_map(|op| match op {
                RowOp::Keep(_) | RowOp::Remove(_) => None,
                RowOp::Insert(i) => Some(*i),
            }).collect();
            prop_assert!(news.windows(2).all(|w| w[0] < w[1]));
        }

        /// A window moved over a list in order (a scroll, an added or removed row) redraws
        /// only the rows it did not show before.
        #[test]
        fn a_moved_window_draws_only_new_rows(start in 0u32..50, len in 0u32..30, shift in 0u32..40) {
            let old: Vec<u32> = (start..start + len).collect();
            let new: Vec<u32> = (start + shift..start + shift + len).collect();
            let ops = plan_rows(&rows(&old), &rows(&new));
            let fresh = new.iter().filter(|i| !old.contains(i)).count();
            prop_assert_eq!(inserted(&ops), fresh);
        }
    }
}
