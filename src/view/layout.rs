//! How the text is laid out for display: blocks that redraw independently, and within a block,
//! segments cut at every boundary of the inline layers (spans and search matches: see
//! `view::layers`), each knowing the spans over it and their nesting lanes.

use crate::core::annotation::span::{Span, SpanId};
use crate::core::text::offsets::IndexedText;
use crate::view::layers::{Layer, Layers, Mark};
use std::collections::HashMap;
use std::ops::Range;

/// A block: whole lines (with their line terminators) or, for a very long line, a chunk of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    /// Whether the line goes on in the next block (this block is a chunk of a long line, not
    /// its last): the two are shown on one line.
    pub runs_on: bool,
}

impl Block {
    /// A block of whole lines.
    pub fn lines(start: usize, end: usize) -> Self {
        Self {
            start,
            end,
            runs_on: false,
        }
    }
}

/// A line longer than this is cut into chunks (at a space where there is one), so that one
/// edit never redraws more than about this many code points. The chunks of a line are still
/// shown as one line (see [`Block::runs_on`]).
pub const MAX_BLOCK: usize = 8192;

/// Splits the text into blocks, one per line (the terminator stays with its line), long lines cut
/// into chunks. Every code point is in exactly one block; an empty text has none.
pub fn split_blocks(text: &IndexedText) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(text.len_cp() / 80 + 1);
    let mut start = 0;
    let mut cp = 0;
    let mut last_space: Option<usize> = None;
    let mut chars = text.as_str().chars().peekable();
    while let Some(c) = chars.next() {
        cp += 1;
        let line_end = c == '\n' || (c == '\r' && chars.peek() != Some(&'\n'));
        if line_end {
            blocks.push(Block::lines(start, cp));
            start = cp;
            last_space = None;
            continue;
        }
        if c.is_whitespace() {
            last_space = Some(cp);
        }
        if cp - start >= MAX_BLOCK && c != '\r' {
            let cut = last_space
                .filter(|&s| s > start + MAX_BLOCK / 2)
                .unwrap_or(cp);
            blocks.push(Block {
                start,
                end: cut,
                runs_on: true,
            });
            start = cut;
            last_space = None;
        }
    }
    if start < cp {
        blocks.push(Block::lines(start, cp));
    }
    blocks
}

/// The blocks that share a code point with `start..end` (an empty range: the block holding it).
pub fn blocks_touching(blocks: &[Block], start: usize, end: usize) -> Range<usize> {
    let first = blocks.partition_point(|b| b.end <= start);
    let last = blocks.partition_point(|b| b.start < end.max(start + 1));
    first..last.max(first)
}

/// A piece of a block with the same spans over all of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// The spans over this segment, outermost lane first (the order to nest wrappers in).
    pub spans: Vec<Nesting>,
    /// Whether a search match covers the segment, and whether it is the current match.
    pub matched: bool,
    pub current_match: bool,
}

/// One span's presence on a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nesting {
    pub id: SpanId,
    /// The nesting lane: 0 is drawn nearest the text, higher lanes further out.
    pub lane: usize,
    /// Whether the span starts in this segment (where its label's code is shown).
    pub starts_here: bool,
    /// Whether the span ends in this segment (where screen readers hear its end).
    pub ends_here: bool,
}

/// Assigns each span a lane so that spans that overlap never share one. Shorter spans get
/// lower lanes, so an inner span is drawn inside the one around it.
pub fn assign_lanes(spans: &[&Span]) -> HashMap<SpanId, usize> {
    let mut order: Vec<&Span> = spans.to_vec();
    crate::core::sort::sort_by_key(&mut order, |s| (s.len(), s.start, s.id));
    let mut lanes: HashMap<SpanId, usize> = HashMap::with_capacity(order.len());
    let mut placed: Vec<(&Span, usize)> = Vec::with_capacity(order.len());
    for span in order {
        let mut taken: Vec<usize> = placed
            .iter()
            .filter(|(other, _)| other.overlaps(span))
            .map(|(_, lane)| *lane)
            .collect();
        crate::core::sort::sort_by_key(&mut taken, |lane| *lane);
        let lane = (0..).find(|l| taken.binary_search(l).is_err()).unwrap_or(0);
        lanes.insert(span.id, lane);
        placed.push((span, lane));
    }
    lanes
}

/// Cuts `block` into segments at every boundary of the inline layers over it: the spans (each
/// segment knows the spans over it, in lanes) and the search matches.
pub fn segments(block: Block, layers: &Layers) -> Vec<Segment> {
    let spans = layers.spans_of();
    let matches: Vec<(usize, usize, bool)> = layers
        .of(Layer::Search)
        .filter_map(|a| match a.mark {
            Mark::Match { current } => Some((a.start, a.end, current)),
            _ => None,
        })
        .collect();
    let lanes = assign_lanes(&spans);
    let mut cuts: Vec<usize> = vec![block.start, block.end];
    for a in layers.of(Layer::Spans).chain(layers.of(Layer::Search)) {
        cuts.extend([a.start, a.end]);
    }
    cuts.retain(|&c| c >= block.start && c <= block.end);
    crate::core::sort::sort_by_key(&mut cuts, |cut| *cut);
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let mut nesting: Vec<Nesting> = spans
                .iter()
                .filter(|s| s.start < end && start < s.end)
                .map(|s| Nesting {
                    id: s.id,
                    lane: lanes[&s.id],
                    starts_here: s.start == start,
                    ends_here: s.end == end,
                })
                .collect();
            crate::core::sort::sort_by_key(&mut nesting, |l| std::cmp::Reverse(l.lane));
            let hit = matches.iter().find(|(s, e, _)| *s < end && start < *e);
            Segment {
                start,
                end,
                spans: nesting,
                matched: hit.is_some(),
                current_match: hit.is_some_and(|h| h.2),
            }
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::schema::Label;
    use crate::core::text::offsets::tests::tricky_text;
    use proptest::prelude::*;

    fn span(id: u64, start: usize, end: usize) -> Span {
        Span::bare(id, start, end, Label::Commitment)
    }

    #[test]
    fn lines_keep_their_terminators() {
        let text = IndexedText::new("one\r\ntwo\n\nthree\rfour".to_string());
        let blocks = split_blocks(&text);
        let pieces: Vec<&str> = blocks.iter().map(|b| text.slice(b.start, b.end)).collect();
        assert_eq!(pieces, vec!["one\r\n", "two\n", "\n", "three\r", "four"]);
        assert_eq!(blocks_touching(&blocks, 4, 7), 0..2);
        assert_eq!(blocks_touching(&blocks, 9, 9), 2..3);
    }

    #[test]
    fn long_lines_are_cut_at_spaces() {
        let line = "word ".repeat(MAX_BLOCK);
        let text = IndexedText::new(line);
        let blocks = split_blocks(&text);
        assert!(blocks.len() >= 4);
        for b in &blocks {
            assert!(b.end - b.start <= MAX_BLOCK);
            assert!(text.slice(b.start, b.end).ends_with(' '));
        }
        // Every chunk but the last runs on into the next.
        let (last, chunks) = blocks.split_last().unwrap();
        assert!(chunks.iter().all(|b| b.runs_on) && !last.runs_on);
        let lines = split_blocks(&IndexedText::new("short\nlines\n".into()));
        assert!(lines.iter().all(|b| !b.runs_on));
    }

    #[test]
    fn nested_and_crossing_spans_get_distinct_lanes() {
        let outer = span(1, 0, 20);
        let inner = span(2, 5, 10);
        let crossing = span(3, 8, 30);
        let lanes = assign_lanes(&[&outer, &inner, &crossing]);
        assert_eq!(lanes[&SpanId(2)], 0);
        assert_ne!(lanes[&SpanId(1)], lanes[&SpanId(3)]);
        assert_ne!(lanes[&SpanId(1)], lanes[&SpanId(2)]);
        let layers = Layers::new().spans(&[&outer, &inner, &crossing]);
        let segs = segments(Block::lines(0, 40), &layers);
        let bounds: Vec<(usize, usize)> = segs.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(
            bounds,
            vec![(0, 5), (5, 8), (8, 10), (10, 20), (20, 30), (30, 40)]
        );
        assert_eq!(segs[2].spans.len(), 3);
        assert!(segs[2].spans.windows(2).all(|w| w[0].lane > w[1].lane));
        assert!(segs[1]
            .spans
            .iter()
            .any(|l| l.id == SpanId(2) && l.starts_here));
    }

    #[test]
    fn search_matches_cut_segments() {
        let layers = Layers::new().matches(&[(2, 4, false), (6, 8, true)]);
        let segs = segments(Block::lines(0, 10), &layers);
        let flags: Vec<(usize, bool, bool)> = segs
            .iter()
            .map(|s| (s.start, s.matched, s.current_match))
            .collect();
        assert_eq!(
            flags,
            vec![
                (0, false, false),
                (2, true, false),
                (4, false, false),
                (6, true, true),
                (8, false, false)
            ]
        );
    }

    proptest! {
        #[test]
        fn blocks_tile_the_text(t in tricky_text()) {
            let text = IndexedText::new(t);
            let blocks = split_blocks(&text);
            let mut at = 0;
            for b in &blocks {
                prop_assert_eq!(b.start, at);
                prop_assert!(b.end > b.start);
                at = b.end;
            }
            prop_assert_eq!(at, text.len_cp());
            let joined: String = blocks.iter().map(|b| text.slice(b.start, b.end)).collect();
            prop_assert_eq!(joined.as_str(), text.as_str());
        }

        #[test]
        fn segments_tile_the_block(
            ranges in prop::collection::vec((0usize..50, 1usize..30), 0..8)
        ) {
            let spans: Vec<Span> = ranges.iter().enumerate()
                .map(|(i, (s, l))| span(i as u64, *s, s + l)).collect();
            let refs: Vec<&Span> = spans.iter().collect();
            let block = Block::lines(10, 60);
            let within: Vec<&Span> = refs.iter().copied()
                .filter(|s| s.start < block.end && block.start < s.end).collect();
            let segs = segments(block, &Layers::new().spans(&within));
            let mut at = block.start;
            for seg in &segs {
                prop_assert_eq!(seg.start, at);
                at = seg.end;
                for layer in &seg.spans {
                    let s = &spans[layer.id.0 as usize];
                    prop_assert!(s.start < seg.end && seg.start < s.end);
                }
            }
            prop_assert_eq!(at, block.end);
        }
    }
}
