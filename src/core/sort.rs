//! Sorting through one copy of the standard library's stable sort. Every `sort_by_key` with a
//! new item type or key is compiled into a copy of its own, about 3 KB of wasm each (a dozen
//! of them were 45 KB); these helpers sort positions with a comparison passed by reference,
//! so every caller shares one copy. For the short lists they sort, the indirect call costs
//! nothing measurable; the long sorts of plain numbers (re-anchoring's index) keep
//! `sort_unstable`.

use std::cmp::Ordering;

/// The positions `0..len` in the order `compare` gives them; stable.
#[inline(never)]
fn order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Sorts `items` by `key`, stably: what `items.sort_by_key(key)` does.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let order = order(items.len(), &|a, b| key(&items[a]).cmp(&key(&items[b])));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_stable_sort_does(items in proptest::collection::vec((0u8..5, 0u16..1000), 0..200)) {
            let mut expected = items.clone();
            expected.sort_by_key(|(k, _)| *k);
            let mut got = items;
            sort_by_key(&mut got, |(k, _)| *k);
            prop_assert_eq!(got, expected);
        }
    }
}
