//! Spans: a labelled range of the text, the set of them with an interval index, snapping
//! selections to word boundaries and moving by words.

use crate::core::schema::{Attribute, Label};
use crate::core::text::offsets::IndexedText;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A span's stable id, unique within its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SpanId(pub u64);

impl SpanId {
    /// The largest id a span keeps from a file. Larger ids (and ids not like `s<number>`) are
    /// renumbered on reading, so that making the next id can never overflow, and every id stays
    /// exact as a JavaScript number in the page.
    pub const MAX: u64 = u32::MAX as u64;

    /// The id after this one (saturating: with ids bounded by [`SpanId::MAX`] it never is).
    pub fn next(self) -> SpanId {
        SpanId(self.0.saturating_add(1))
    }
}

/// Hashes span ids by one multiplication: they are small distinct integers, so the default
/// hasher's protection against crafted keys buys nothing and costs every lookup.
#[derive(Clone, Copy, Default)]
pub struct SpanIdHasher(u64);

impl std::hash::Hasher for SpanIdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Where a span at `start..end` with this id sits in text order (see `Span::order_key`).
pub(crate) fn order_key_of(
    start: usize,
    end: usize,
    id: SpanId,
) -> (usize, Reverse<usize>, SpanId) {
    (start, Reverse(end), id)
}

/// A map keyed by span id.
pub type SpanIdMap<V> = HashMap<SpanId, V, std::hash::BuildHasherDefault<SpanIdHasher>>;

/// A labelled span of the document. `start` and `end` are code points, `start < end`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub id: SpanId,
    pub start: usize,
    pub end: usize,
    pub label: Label,
    /// Attribute values; only those the label carries, each from its closed set.
    pub attrs: BTreeMap<Attribute, String>,
    pub note: String,
    /// Milliseconds since the Unix epoch.
    pub created: i64,
    pub modified: i64,
}

impl Span {
    /// Whether the two spans share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies within this span (and is not the same extent).
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end && self.len() > other.len()
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty (never true of a valid span).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Keeps only the attributes a label carries, e.g. after a relabel.
    pub fn retain_attributes_of(&mut self, label: Label) {
        let allowed = label.attributes();
        self.attrs.retain(|attr, _| allowed.contains(attr));
    }

    /// Text order: by start, then the longer (outer) span first, then by id.
    pub(crate) fn order_key(&self) -> (usize, Reverse<usize>, SpanId) {
        order_key_of(self.start, self.end, self.id)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
impl Span {
    /// A span with no attributes, note or times, for tests.
    pub(crate) fn bare(id: u64, start: usize, end: usize, label: Label) -> Span {
        Span {
            id: SpanId(id),
            start,
            end,
            label,
            attrs: BTreeMap::new(),
            note: String::new(),
            created: 0,
            modified: 0,
        }
    }
}

/// Code points per bucket of the interval index.
const BUCKET: usize = 1024;

/// The spans of one document: by id, in text order, and indexed by position so that finding
/// the spans over a range costs the spans near it, not all of them.
#[derive(Clone, Debug, Default)]
pub struct SpanSet {
    by_id: SpanIdMap<Span>,
    in_order: BTreeSet<(usize, Reverse<usize>, SpanId)>,
    /// How many spans have each label (kept up to date: the palette shows them after every edit).
    label_counts: [usize; 8],
    /// `buckets[i]` holds the ids of the spans touching code points `i*BUCKET .. (i+1)*BUCKET`.
    buckets: Vec<Vec<SpanId>>,
}

impl SpanSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many spans there are.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The span with this id.
    pub fn get(&self, id: SpanId) -> Option<&Span> {
        self.by_id.get(&id)
    }

    /// Adds a span (replacing one with the same id).
    pub fn insert(&mut self, span: Span) {
        self.remove(span.id);
        self.in_order.insert(span.order_key());
        let (first, last) = bucket_range(span.start, span.end);
        if self.buckets.len() <= last {
            self.buckets.resize_with(last + 1, Vec::new);
        }
        for bucket in &mut self.buckets[first..=last] {
            bucket.push(span.id);
        }
        self.label_counts[span.label.index()] += 1;
        self.by_id.insert(span.id, span);
    }

    /// Removes and returns the span with this id.
    pub fn remove(&mut self, id: SpanId) -> Option<Span> {
        let span = self.by_id.remove(&id)?;
        self.label_counts[span.label.index()] -= 1;
        self.in_order.remove(&span.order_key());
        let (first, last) = bucket_range(span.start, span.end);
        for bucket in &mut self.buckets[first..=last] {
            bucket.retain(|other| *other != id);
        }
        Some(span)
    }

    /// Every span's id in text order (without looking the spans up).
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = SpanId> + '_ {
        self.in_order.iter().map(|(_, _, id)| *id)
    }

    /// A span's place in text order (0 for the first), without looking the others up.
    pub fn rank(&self, id: SpanId) -> Option<usize> {
        let key = self.get(id)?.order_key();
        Some(self.in_order.range(..key).count())
    }

    /// Every span in text order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Span> + '_ {
        self.in_order.iter().map(|(_, _, id)| &self.by_id[id])
    }

    /// The spans that share a code point with `start..end`, in text order. An empty range
    /// (`start == end`) finds the spans that contain that position strictly inside or at start.
    pub fn overlapping(&self, start: usize, end: usize) -> Vec<&Span> {
        let end = end.max(start + 1);
        let (first, last) = bucket_range(start, end);
        let mut found: Vec<&Span> = self
            .buckets
            .get(first..=last.min(self.buckets.len().saturating_sub(1)))
            .unwrap_or_default()
            .iter()
            .flatten()
            .filter_map(|id| self.by_id.get(id))
            .filter(|span| span.start < end && start < span.end)
            .collect();
        crate::core::sort::sort_by_key(&mut found, |span| span.order_key());
        found.dedup_by_key(|span| span.id);
        found
    }

    /// The spans that contain code point `at`, innermost (shortest) first.
    pub fn at(&self, at: usize) -> Vec<&Span> {
        let mut found = self.overlapping(at, at + 1);
        crate::core::sort::sort_by_key(&mut found, |span| (span.len(), span.start, span.id));
        found
    }

    /// The span after `id` in text order (the first span when `id` is none), wrapping around.
    pub fn next_after(&self, id: Option<SpanId>) -> Option<SpanId> {
        let key = id.and_then(|id| self.get(id)).map(Span::order_key);
        let next = match key {
            Some(key) => self
                .in_order
                .range((std::ops::Bound::Excluded(key), std::ops::Bound::Unbounded))
                .next(),
            None => None,
        };
        next.or_else(|| self.in_order.iter().next()).map(|k| k.2)
    }

    /// The span before `id` in text order (the last span when `id` is none), wrapping around.
    pub fn prev_before(&self, id: Option<SpanId>) -> Option<SpanId> {
        let key = id.and_then(|id| self.get(id)).map(Span::order_key);
        let prev = match key {
            Some(key) => self.in_order.range(..key).next_back(),
            None => None,
        };
        prev.or_else(|| self.in_order.iter().next_back())
            .map(|k| k.2)
    }

    /// Whether a span of this label and extent already exists.
    pub fn has_duplicate(&self, start: usize, end: usize, label: Label) -> bool {
        self.overlapping(start, end)
            .iter()
            .any(|s| s.start == start && s.end == end && s.label == label)
    }

    /// Span counts per label, in [`Label::ALL`] order.
    pub fn counts(&self) -> [usize; 8] {
        self.label_counts
    }

    /// The largest id in use.
    pub fn max_id(&self) -> Option<SpanId> {
        self.by_id.keys().max().copied()
    }
}

fn bucket_range(start: usize, end: usize) -> (usize, usize) {
    (start / BUCKET, end.saturating_sub(1).max(start) / BUCKET)
}

/// Whether a character belongs to a word: letters, digits, and combining marks.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x200D | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F
        | 0x1F3FB..=0x1F3FF | 0xE0100..=0xE01EF)
}

/// Characters that join two word characters into one word: "Japan's", "co-operation".
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}' | '.' | '\u{00B7}'
    )
}

/// Whether the character at `i` is part of a word, counting a joiner between two word characters.
fn in_word(chars: &[char], i: usize) -> bool {
    match chars.get(i) {
        Some(&c) if is_word_char(c) => true,
        Some(&c) if is_joiner(c) => {
            i > 0
                && chars.get(i - 1).is_some_and(|&p| is_word_char(p))
                && chars.get(i + 1).is_some_and(|&n| is_word_char(n))
        }
        _ => false,
    }
}

/// A window of characters around a range, so word scans do not copy a large document.
struct Window {
    offset: usize,
    chars: Vec<char>,
}

/// How far a snap looks beyond a selection's edges for the rest of a word.
const WORD_REACH: usize = 256;

impl Window {
    fn around(text: &IndexedText, start: usize, end: usize, reach: usize) -> Window {
        let offset = start.saturating_sub(reach);
        let stop = (end + reach).min(text.len_cp());
        Window {
            offset,
            chars: text.slice(offset, stop).chars().collect(),
        }
    }

    fn in_word(&self, cp: usize) -> bool {
        cp >= self.offset && in_word(&self.chars, cp - self.offset)
    }

    fn is_space(&self, cp: usize) -> bool {
        self.chars
            .get(cp - self.offset)
            .is_none_or(|c| c.is_whitespace())
    }
}

/// Snaps a selection to whole words: whitespace at its edges is dropped, and an edge inside a
/// word moves out to that word's boundary. `None` for a selection of whitespace only.
pub fn snap_to_words(text: &IndexedText, start: usize, end: usize) -> Option<(usize, usize)> {
    let (mut start, mut end) = trim_whitespace(text, start, end)?;
    let window = Window::around(text, start, end, WORD_REACH);
    while start > window.offset && window.in_word(start) && window.in_word(start - 1) {
        start -= 1;
    }
    let limit = window.offset + window.chars.len();
    while end < limit && window.in_word(end - 1) && window.in_word(end) {
        end += 1;
    }
    Some((start, end))
}

/// A character-exact selection: kept as it is, but `None` when it is empty or only whitespace.
pub fn exact_selection(text: &IndexedText, start: usize, end: usize) -> Option<(usize, usize)> {
    let end = end.min(text.len_cp());
    if start >= end || text.slice(start, end).chars().all(char::is_whitespace) {
        return None;
    }
    Some((start, end))
}

/// Drops whitespace at both edges; `None` if nothing is left.
pub fn trim_whitespace(text: &IndexedText, start: usize, end: usize) -> Option<(usize, usize)> {
    let end = end.min(text.len_cp());
    if start >= end {
        return None;
    }
    let window = Window::around(text, start, end, 0);
    let (mut start, mut end) = (start, end);
    while start < end && window.is_space(start) {
        start += 1;
    }
    while end > start && window.is_space(end - 1) {
        end -= 1;
    }
    (start < end).then_some((start, end))
}

/// The first word that starts at or after `from`, as `(start, end)`.
pub fn word_at_or_after(text: &IndexedText, from: usize) -> Option<(usize, usize)> {
    let mut offset = from;
    // Scan forward in windows so a long stretch without words does not copy the document.
    while offset < text.len_cp() {
        let stop = (offset + 4096).min(text.len_cp());
        let window = Window::around(text, offset, stop, WORD_REACH);
        let mut cp = offset;
        // Skip the rest of a word that `from` falls inside.
        if cp == from {
            while cp < stop && cp > window.offset && window.in_word(cp) && window.in_word(cp - 1) {
                cp += 1;
            }
        }
        while cp < stop && !window.in_word(cp) {
            cp += 1;
        }
        if cp < stop {
            let mut end = cp;
            let limit = window.offset + window.chars.len();
            while end < limit && window.in_word(end) {
                end += 1;
            }
            return Some((cp, end));
        }
        offset = stop;
    }
    None
}

/// The last word that ends at or before `before`, as `(start, end)`.
pub fn word_before(text: &IndexedText, before: usize) -> Option<(usize, usize)> {
    let mut offset = before.min(text.len_cp());
    while offset > 0 {
        let from = offset.saturating_sub(4096);
        let window = Window::around(text, from, offset, WORD_REACH);
        let mut cp = offset;
        // Skip the part of a word that `before` falls inside.
        if cp == before.min(text.len_cp()) {
            while cp > from && window.in_word(cp - 1) && window.in_word(cp) {
                cp -= 1;
            }
        }
        while cp > from && !window.in_word(cp - 1) {
            cp -= 1;
        }
        if cp > from || (cp == from && from > 0 && window.in_word(cp - 1)) {
            let end = cp;
            let mut start = cp;
            while start > window.offset && window.in_word(start - 1) {
                start -= 1;
            }
            return Some((start, end));
        }
        offset = from;
    }
    None
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::text::offsets::tests::tricky_text;
    use proptest::prelude::*;

    fn span(id: u64, start: usize, end: usize, label: Label) -> Span {
        Span::bare(id, start, end, label)
    }

    fn text(s: &str) -> IndexedText {
        IndexedText::new(s.to_string())
    }

    #[test]
    fn snapping_grows_to_whole_words_and_trims_spaces() {
        let t = text("The leaders intend to expand cooperation.");
        // "aders int" -> "leaders intend"
        assert_eq!(snap_to_words(&t, 6, 15), Some((4, 18)));
        // " intend " -> "intend"
        assert_eq!(snap_to_words(&t, 11, 19), Some((12, 18)));
        // whitespace only
        assert_eq!(snap_to_words(&t, 11, 12), None);
        // punctuation at the edge stays as selected
        assert_eq!(snap_to_words(&t, 29, 41), Some((29, 41)));
    }

    #[test]
    fn snapping_keeps_apostrophes_and_hyphens_inside_words() {
        let t = text("welcomed Japan's long-standing role");
        assert_eq!(snap_to_words(&t, 10, 12), Some((9, 16)));
        assert_eq!(snap_to_words(&t, 19, 20), Some((17, 30)));
    }

    #[test]
    fn snapping_across_a_line_break_keeps_it() {
        let t = text("expand bilateral\r\nsecurity cooperation");
        assert_eq!(snap_to_words(&t, 9, 20), Some((7, 26)));
    }

    #[test]
    fn exact_selection_keeps_partial_words_but_refuses_blank() {
        let t = text("commitment \t\n here");
        assert_eq!(exact_selection(&t, 2, 5), Some((2, 5)));
        assert_eq!(exact_selection(&t, 10, 14), None);
        assert_eq!(exact_selection(&t, 3, 3), None);
    }

    #[test]
    fn words_forward_and_back() {
        let t = text("  one, two😀 three");
        assert_eq!(word_at_or_after(&t, 0), Some((2, 5)));
        assert_eq!(
            word_at_or_after(&t, 3),
            Some((7, 10)),
            "from inside a word: the next one"
        );
        assert_eq!(word_at_or_after(&t, 5), Some((7, 10)));
        assert_eq!(word_at_or_after(&t, 12), Some((12, 17)));
        assert_eq!(word_at_or_after(&t, 17), None);
        assert_eq!(word_before(&t, 17), Some((12, 17)));
        assert_eq!(word_before(&t, 12), Some((7, 10)));
        assert_eq!(
            word_before(&t, 8),
            Some((2, 5)),
            "from inside a word: the previous one"
        );
        assert_eq!(word_before(&t, 2), None);
    }

    #[test]
    fn span_set_finds_overlaps_in_text_order_and_navigates() {
        let mut set = SpanSet::new();
        set.insert(span(1, 10, 20, Label::Commitment));
        set.insert(span(2, 0, 30, Label::Endorsement));
        set.insert(span(3, 15, 40, Label::Stance));
        set.insert(span(4, 3000, 3010, Label::Party));
        let ids = |v: Vec<&Span>| v.iter().map(|s| s.id.0).collect::<Vec<_>>();
        assert_eq!(ids(set.overlapping(12, 16)), vec![2, 1, 3]);
        assert_eq!(ids(set.overlapping(20, 21)), vec![2, 3]);
        assert_eq!(ids(set.overlapping(40, 2999)), Vec::<u64>::new());
        assert_eq!(ids(set.at(16)), vec![1, 3, 2], "innermost first");
        assert_eq!(set.next_after(None), Some(SpanId(2)));
        assert_eq!(set.next_after(Some(SpanId(2))), Some(SpanId(1)));
        assert_eq!(set.next_after(Some(SpanId(4))), Some(SpanId(2)), "wraps");
        assert_eq!(set.prev_before(Some(SpanId(2))), Some(SpanId(4)), "wraps");
        assert!(set.has_duplicate(10, 20, Label::Commitment));
        assert!(!set.has_duplicate(10, 20, Label::Stance));
        set.remove(SpanId(2));
        assert_eq!(ids(set.overlapping(0, 11)), vec![1]);
        assert_eq!(set.counts()[Label::Commitment.index()], 1);
        assert!(set
            .get(SpanId(1))
            .unwrap()
            .overlaps(set.get(SpanId(3)).unwrap()));
    }

    #[test]
    fn relabel_drops_attributes_the_new_label_does_not_carry() {
        let mut s = span(1, 0, 5, Label::Commitment);
        s.attrs.insert(Attribute::Strength, "firm".into());
        s.retain_attributes_of(Label::Party);
        assert!(s.attrs.is_empty());
    }

    proptest! {
        #[test]
        fn snapped_selections_are_trimmed_and_contain_the_selection(
            t in tricky_text(), a in 0usize..100, b in 0usize..100
        ) {
            let t = IndexedText::new(t);
            let (a, b) = (a.min(b).min(t.len_cp()), a.max(b).min(t.len_cp()));
            if let Some((s, e)) = snap_to_words(&t, a, b) {
                prop_assert!(s < e && e <= t.len_cp());
                let inner = t.slice(s, e);
                prop_assert!(!inner.starts_with(char::is_whitespace));
                prop_assert!(!inner.ends_with(char::is_whitespace));
                let (ts, te) = trim_whitespace(&t, a, b).unwrap();
                prop_assert!(s <= ts && te <= e);
            } else {
                prop_assert!(t.slice(a, b).chars().all(char::is_whitespace));
            }
        }

        #[test]
        fn overlap_queries_match_a_linear_scan(
            ranges in prop::collection::vec((0usize..5000, 1usize..3000), 0..40),
            q in (0usize..8000, 0usize..3000)
        ) {
            let mut set = SpanSet::new();
            for (i, (start, len)) in ranges.iter().enumerate() {
                set.insert(span(i as u64, *start, start + len, Label::Party));
            }
            let (qs, qe) = (q.0, q.0 + q.1.max(1));
            let mut expected: Vec<u64> = ranges.iter().enumerate()
                .filter(|(_, (s, l))| *s < qe && qs < s + l)
                .map(|(i, _)| i as u64).collect();
            expected.sort();
            let mut got: Vec<u64> = set.overlapping(qs, qe).iter().map(|s| s.id.0).collect();
            got.sort();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn rank_is_the_place_in_text_order(
            raw in prop::collection::vec((0usize..200, 1usize..20), 1..40),
        ) {
            let mut set = SpanSet::new();
            for (i, (start, len)) in raw.iter().enumerate() {
                set.insert(span(i as u64 + 1, *start, start + len, Label::Party));
            }
            for (place, span) in set.iter().enumerate() {
                prop_assert_eq!(set.rank(span.id), Some(place));
            }
            prop_assert_eq!(set.rank(SpanId(9999)), None);
        }

        #[test]
        fn label_counts_follow_inserts_replacements_and_removals(
            ops in prop::collection::vec((0u64..12, 0usize..8, any::<bool>()), 0..60)
        ) {
            let mut set = SpanSet::new();
            for (id, label, remove) in ops {
                if remove {
                    set.remove(SpanId(id));
                } else {
                    set.insert(span(id, id as usize * 10, id as usize * 10 + 5, Label::ALL[label]));
                }
                let mut naive = [0; 8];
                for s in set.iter() {
                    naive[s.label.index()] += 1;
                }
                prop_assert_eq!(set.counts(), naive);
            }
        }
    }
}
