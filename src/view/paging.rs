//! Drawing only what is near the viewport. Blocks are grouped into pages; a page is either
//! drawn (its blocks are in the DOM) or a placeholder of about the same height. Pages near the
//! viewport are drawn; when too much is drawn, the pages furthest from the viewport go back to
//! being placeholders, except those holding the user's selection. This module decides which;
//! the UI reads the pages' boxes when the view scrolls or resizes, and applies it.

use crate::view::layout::Block;
use std::ops::Range;

/// A page aims at about this many code points (it always holds whole blocks).
pub const PAGE_CP: usize = 2048;
/// The most text kept drawn at once, in code points. A document up to this size is drawn whole.
pub const LIVE_BUDGET_CP: usize = 65_536;
/// A larger document opens with about this much drawn from its start (a few screens).
pub const OPENING_CP: usize = 8192;
/// A page ends inside a long line only once it holds this much of it: a line longer than this
/// shows a break where a page ends (pages are boxes stacked one under the other).
pub const LONG_LINE_PAGE_CP: usize = 32_768;
/// Code points per wrapped line assumed before anything is measured.
pub const LINE_CP: usize = 90;

/// Consecutive blocks drawn together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// The blocks `first_block..end_block`.
    pub first_block: usize,
    pub end_block: usize,
    /// The code points `start..end`.
    pub start: usize,
    pub end: usize,
    /// Estimated wrapped lines: a placeholder is this many line heights tall.
    pub lines: usize,
}

impl Page {
    /// Code points on the page.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the page holds no text (never, for pages of a non-empty text).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Lines a block is estimated to wrap to: at least one (an empty line still takes one).
fn estimated_lines(block: &Block) -> usize {
    (block.end - block.start).div_ceil(LINE_CP).max(1)
}

/// Groups blocks into pages of about [`PAGE_CP`] code points, each holding at least one block,
/// and ending where a line ends unless it holds [`LONG_LINE_PAGE_CP`].
pub fn split_pages(blocks: &[Block]) -> Vec<Page> {
    let mut pages = Vec::with_capacity(blocks.len() / 8 + 1);
    let mut first = 0;
    let mut lines = 0;
    for (i, block) in blocks.iter().enumerate() {
        lines += estimated_lines(block);
        let held = block.end - blocks[first].start;
        let full = if block.runs_on {
            held >= LONG_LINE_PAGE_CP
        } else {
            held >= PAGE_CP
        };
        if full || i + 1 == blocks.len() {
            pages.push(Page {
                first_block: first,
                end_block: i + 1,
                start: blocks[first].start,
                end: block.end,
                lines,
            });
            first = i + 1;
            lines = 0;
        }
    }
    pages
}

/// The page holding block `block`.
pub fn page_of_block(pages: &[Page], block: usize) -> usize {
    pages.partition_point(|p| p.end_block <= block)
}

/// The pages sharing a code point with `start..end` (an empty range: the page holding it).
pub fn pages_touching(pages: &[Page], start: usize, end: usize) -> Range<usize> {
    let first = pages.partition_point(|p| p.end <= start);
    let last = pages.partition_point(|p| p.start < end.max(start + 1));
    first..last.max(first)
}

/// Which pages are drawn when a document opens: all of a document within the budget, else the
/// first few screens (the viewport then asks for what it shows).
pub fn opening_pages(pages: &[Page]) -> Vec<bool> {
    let total: usize = pages.iter().map(Page::len).sum();
    let mut drawn = 0;
    pages
        .iter()
        .map(|p| {
            let live = total <= LIVE_BUDGET_CP || drawn < OPENING_CP;
            drawn += p.len();
            live
        })
        .collect()
}

/// The pages to turn back into placeholders: while more than [`LIVE_BUDGET_CP`] is drawn, the
/// drawn pages that are neither `near` the viewport nor `pinned` (holding the selection),
/// furthest from the viewport first.
pub fn pages_to_release(
    pages: &[Page],
    live: &[bool],
    near: &[bool],
    pinned: Option<Range<usize>>,
) -> Vec<usize> {
    let mut drawn: usize = pages
        .iter()
        .zip(live)
        .filter(|(_, l)| **l)
        .map(|(p, _)| p.len())
        .sum();
    if drawn <= LIVE_BUDGET_CP {
        return Vec::new();
    }
    let near_pages: Vec<usize> = (0..pages.len()).filter(|&i| near[i]).collect();
    let distance = |i: usize| {
        let at = near_pages.partition_point(|&n| n < i);
        let after = near_pages.get(at).map(|&n| n - i);
        let before = at.checked_sub(1).map(|b| i - near_pages[b]);
        after.into_iter().chain(before).min().unwrap_or(usize::MAX)
    };
    let is_pinned = |i: usize| pinned.as_ref().is_some_and(|r| r.contains(&i));
    let mut candidates: Vec<usize> = (0..pages.len())
        .filter(|&i| live[i] && !near[i] && !is_pinned(i))
        .collect();
    crate::core::sort::sort_by_key(&mut candidates, |&i| std::cmp::Reverse(distance(i)));
    let mut released = Vec::new();
    for i in candidates {
        if drawn <= LIVE_BUDGET_CP {
            break;
        }
        drawn -= pages[i].len();
        released.push(i);
    }
    released
}

/// The pages that overlap the band `top..bottom` of the screen, given each page's box as
/// `(top, bottom)`. Pages are stacked in order, so a binary search finds the first and only the
/// pages in the band are looked at after it: a few boxes read, however long the document.
pub fn pages_in_band(
    count: usize,
    top: f64,
    bottom: f64,
    page_box: impl Fn(usize) -> (f64, f64),
) -> Range<usize> {
    let (mut first, mut past) = (0, count);
    while first < past {
        let mid = first + (past - first) / 2;
        if page_box(mid).1 <= top {
            first = mid + 1;
        } else {
            past = mid;
        }
    }
    let mut end = first;
    while end < count && page_box(end).0 < bottom {
        end += 1;
    }
    first..end
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::text::offsets::tests::tricky_text;
    use crate::core::text::offsets::IndexedText;
    use crate::view::layout::split_blocks;
    use proptest::prelude::*;

    fn lines(n: usize, len: usize) -> Vec<Block> {
        (0..n)
            .map(|i| Block::lines(i * len, (i + 1) * len))
            .collect()
    }

    #[test]
    fn pages_hold_whole_blocks_of_about_a_page_of_text() {
        let blocks = lines(100, 300);
        let pages = split_pages(&blocks);
        assert_eq!(pages[0].first_block, 0);
        assert_eq!(pages[0].end_block, 7, "7 lines of 300 reach 2048");
        assert_eq!(pages[0].len(), 2100);
        assert_eq!(pages[0].lines, 7 * 4);
        assert_eq!(pages.last().unwrap().end, 30_000);
        assert_eq!(page_of_block(&pages, 6), 0);
        assert_eq!(page_of_block(&pages, 7), 1);
        assert_eq!(pages_touching(&pages, 2099, 2101), 0..2);
        assert_eq!(pages_touching(&pages, 2100, 2100), 1..2);
    }

    #[test]
    fn pages_end_where_lines_end_unless_a_line_is_very_long() {
        let text = format!("{}\n{}\n", "word ".repeat(4000), "word ".repeat(20_000));
        let blocks = split_blocks(&IndexedText::new(text));
        assert!(blocks.iter().filter(|b| b.runs_on).count() > 10);
        let pages = split_pages(&blocks);
        for page in &pages[..pages.len() - 1] {
            let last = blocks[page.end_block - 1];
            assert!(!last.runs_on || page.len() >= LONG_LINE_PAGE_CP, "{page:?}");
        }
        // The first line (20,000 code points) is one page; the second (100,000) is cut only
        // past the cap.
        assert_eq!(pages[0].end, 20_001);
        assert!((3..=1 + 100_001 / LONG_LINE_PAGE_CP + 1).contains(&pages.len()));
    }

    #[test]
    fn small_documents_are_drawn_whole_and_large_ones_from_the_top() {
        let small = split_pages(&lines(200, 300));
        assert!(opening_pages(&small).iter().all(|&l| l));
        let large = split_pages(&lines(4000, 300));
        let live = opening_pages(&large);
        assert!(live[0] && live[1] && live[2] && live[3]);
        assert!(!live[4] && !live[large.len() - 1]);
    }

    #[test]
    fn far_pages_are_released_first_but_never_near_or_pinned_ones() {
        let pages = split_pages(&lines(4000, 300));
        let n = pages.len();
        let live = vec![true; n];
        let mut near = vec![false; n];
        near[100] = true;
        near[101] = true;
        let released = pages_to_release(&pages, &live, &near, Some(0..2));
        assert!(!released.contains(&100) && !released.contains(&101));
        assert!(!released.contains(&0) && !released.contains(&1));
        assert_eq!(released[0], n - 1, "the furthest page goes first");
        let kept: usize = (0..n)
            .filter(|i| !released.contains(i))
            .map(|i| pages[i].len())
            .sum();
        assert!(kept <= LIVE_BUDGET_CP);
        assert!(
            kept + pages[99].len() > LIVE_BUDGET_CP,
            "no more than needed"
        );
        assert!(
            !released.contains(&99) && !released.contains(&102),
            "neighbours of the viewport stay"
        );
        // Within the budget, nothing is released.
        let few: Vec<bool> = (0..n).map(|i| (95..105).contains(&i)).collect();
        assert!(pages_to_release(&pages, &few, &near, None).is_empty());
    }

    #[test]
    fn the_band_finds_the_pages_it_overlaps() {
        // Pages of 100px from y = -1000: page 10 spans 0..100.
        let page_box = |i: usize| (i as f64 * 100.0 - 1000.0, i as f64 * 100.0 - 900.0);
        assert_eq!(pages_in_band(50, 0.0, 250.0, page_box), 10..13);
        assert_eq!(pages_in_band(50, -50.0, 100.0, page_box), 9..11);
        assert_eq!(pages_in_band(50, 5000.0, 6000.0, page_box), 50..50);
        assert_eq!(pages_in_band(50, -9000.0, -1000.0, page_box), 0..0);
        assert_eq!(pages_in_band(0, 0.0, 900.0, page_box), 0..0);
    }

    proptest! {
        #[test]
        fn the_band_matches_a_scan_of_every_page(
            heights in proptest::collection::vec(0.0f64..500.0, 0..200),
            top in -2000.0f64..30_000.0,
            span in 0.0f64..5000.0,
        ) {
            let mut edges = vec![-1000.0];
            for h in &heights {
                edges.push(edges.last().unwrap() + h);
            }
            let page_box = |i: usize| (edges[i], edges[i + 1]);
            let bottom = top + span;
            let band = pages_in_band(heights.len(), top, bottom, page_box);
            let overlapping: Vec<usize> = (0..heights.len())
                .filter(|&i| page_box(i).1 > top && page_box(i).0 < bottom)
                .collect();
            prop_assert_eq!(band.collect::<Vec<_>>(), overlapping);
        }

        #[test]
        fn pages_tile_the_blocks(t in tricky_text()) {
            let blocks = split_blocks(&IndexedText::new(t));
            let pages = split_pages(&blocks);
            let mut block = 0;
            for page in &pages {
                prop_assert_eq!(page.first_block, block);
                prop_assert!(page.end_block > page.first_block);
                prop_assert_eq!(page.start, blocks[page.first_block].start);
                prop_assert_eq!(page.end, blocks[page.end_block - 1].end);
                for b in page.first_block..page.end_block {
                    prop_assert_eq!(page_of_block(&pages, b), pages.iter().position(|p| p == page).unwrap());
                }
                block = page.end_block;
            }
            prop_assert_eq!(block, blocks.len());
        }
    }
}
