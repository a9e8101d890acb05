//! Spans coming from another file, and re-anchoring them on a text that may differ from the one
//! they were made on (edited, re-extracted, other line endings): by their offsets when the quote
//! is there, else by their quote and its context, else they are orphaned for the user to place.

use crate::core::annotation::span::{Span, SpanId};
use crate::core::schema::{Attribute, Label};
use crate::core::text::offsets::IndexedText;
use std::collections::BTreeMap;

/// A span as another format gives it: offsets (code points), and the quote and context when
/// the format has them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
    pub start: usize,
    pub end: usize,
    /// The quoted text, when the format carries it.
    pub quote: Option<String>,
    pub prefix: String,
    pub suffix: String,
    pub label: Label,
    pub attrs: BTreeMap<Attribute, String>,
    pub note: String,
    pub created: i64,
    pub modified: i64,
    /// A piece of a span the file could not say was whole (a brat span without its text):
    /// which span of the file, and which piece. Pieces placed with only whitespace between
    /// them are one span again ([`rejoin_pieces`]).
    pub piece: Option<(usize, usize)>,
    /// Its place among the file's spans, which the file's relations name it by
    /// ([`super::Foreign::number_spans`]).
    pub source: usize,
}

impl Incoming {
    /// A span with just offsets and a label.
    pub fn new(start: usize, end: usize, label: Label) -> Self {
        Self {
            start,
            end,
            quote: None,
            prefix: String::new(),
            suffix: String::new(),
            label,
            attrs: BTreeMap::new(),
            note: String::new(),
            created: 0,
            modified: 0,
            piece: None,
            source: 0,
        }
    }

    /// The span it becomes at `start..end` with id `id`.
    pub fn to_span(&self, id: SpanId, start: usize, end: usize) -> Span {
        Span {
            id,
            start,
            end,
            label: self.label,
            attrs: self.attrs.clone(),
            note: self.note.clone(),
            created: self.created,
            modified: self.modified,
        }
    }
}

/// How each incoming span was placed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchored {
    /// Placed where the file said, the quote matching.
    pub exact: Vec<(Incoming, usize, usize)>,
    /// Placed elsewhere, found by quote and context.
    pub moved: Vec<(Incoming, usize, usize)>,
    /// Not found: for the user to place or drop.
    pub orphaned: Vec<Incoming>,
}

impl Anchored {
    /// `exact, moved, orphaned` counts for the report.
    pub fn counts(&self) -> (usize, usize, usize) {
        (self.exact.len(), self.moved.len(), self.orphaned.len())
    }
}

/// Joins the placed pieces of a span (see [`Incoming::piece`]) that lie in order with only
/// whitespace between them in `text`; the others stay separate spans. Returns how many spans
/// were kept in several pieces (for the report).
pub fn rejoin_pieces(text: &IndexedText, anchored: &mut Anchored) -> usize {
    let mut placed: Vec<(bool, (Incoming, usize, usize))> = anchored
        .exact
        .drain(..)
        .map(|p| (true, p))
        .chain(anchored.moved.drain(..).map(|p| (false, p)))
        .collect();
    // Pieces next to each other, each span's in order.
    crate::core::sort::sort_by_key(&mut placed, |(_, (inc, s, _))| {
        (inc.piece.map(|p| (p.0, p.1)), *s)
    });
    let mut out: Vec<(bool, (Incoming, usize, usize))> = Vec::with_capacity(placed.len());
    let mut apart = std::collections::BTreeSet::new();
    for (exact, (inc, start, end)) in placed {
        if let (Some((span, _)), Some((last_exact, (last, _, last_end)))) =
            (inc.piece, out.last_mut())
        {
            if last.piece.map(|p| p.0) == Some(span) {
                let between = (*last_end <= start).then(|| text.slice(*last_end, start));
                if between.is_some_and(|b| b.chars().all(char::is_whitespace)) {
                    *last_end = end;
                    *last_exact &= exact;
                    continue;
                }
                apart.insert(span);
            }
        }
        out.push((exact, (inc, start, end)));
    }
    for (exact, placed) in out {
        if exact {
            anchored.exact.push(placed);
        } else {
            anchored.moved.push(placed);
        }
    }
    apart.len()
}

/// Places every incoming span on `text`. The text is normalised and indexed once, and only
/// when some span is not at its offsets; each span is then looked for near its old place first,
/// so that a whole import costs about as much as reading the text once.
pub fn anchor_all(text: &IndexedText, incoming: Vec<Incoming>) -> Anchored {
    let mut finder = Finder::new(text);
    let mut out = Anchored::default();
    for span in incoming {
        match finder.place(&span) {
            Placement::Exact(s, e) => out.exact.push((span, s, e)),
            Placement::Moved(s, e) => out.moved.push((span, s, e)),
            Placement::Orphan => out.orphaned.push(span),
        }
    }
    out
}

enum Placement {
    Exact(usize, usize),
    Moved(usize, usize),
    Orphan,
}

/// At most this many code points of a prefix or suffix are compared: more context than this
/// tells candidates apart no better, and comparing it for every candidate is what froze tabs.
const CONTEXT_CAP: usize = 64;
/// At most this many places are tried for one quote (nearest the old offset first).
const CANDIDATES_CAP: usize = 20_000;
/// Approximate search: the window around the old place searched first, and how many
/// characters one import may scan approximately in all (each whole-text search scans the text).
const FUZZY_WINDOW: usize = 4_096;
const FUZZY_BUDGET: usize = 16_000_000;

/// Finds incoming spans in one text.
struct Finder<'t> {
    text: &'t IndexedText,
    /// Made on first use: most imports place every span at its offsets.
    normalized: Option<Normalized>,
    fuzzy_left: usize,
}

impl<'t> Finder<'t> {
    fn new(text: &'t IndexedText) -> Self {
        Self {
            text,
            normalized: None,
            fuzzy_left: FUZZY_BUDGET,
        }
    }

    fn place(&mut self, span: &Incoming) -> Placement {
        let text = self.text;
        let fits = span.start < span.end && span.end <= text.len_cp();
        let Some(quote) = span.quote.as_deref().filter(|q| !q.is_empty()) else {
            // No quote to check against: the offsets are all there is.
            return if fits {
                Placement::Exact(span.start, span.end)
            } else {
                Placement::Orphan
            };
        };
        // Exact means exactly this: the quote is the text at the file's offsets.
        if fits && text.slice(span.start, span.end) == quote {
            return Placement::Exact(span.start, span.end);
        }
        let normalized = self
            .normalized
            .get_or_insert_with(|| Normalized::new(text.as_str()));
        let needle: Vec<char> = squash(quote).chars().collect();
        if needle.is_empty() || needle.len() > normalized.chars.len() {
            return Placement::Orphan;
        }
        let near = normalized.index_of(span.start.min(text.len_cp()));
        let context = Context::of(span);
        let found = normalized
            .find_near(&needle, near, &context)
            .or_else(|| {
                let (found, scanned) = normalized.fuzzy_near(&needle, near, self.fuzzy_left);
                self.fuzzy_left = self.fuzzy_left.saturating_sub(scanned);
                found
            })
            .map(|(s, e)| normalized.original(s, e, quote));
        match found {
            Some((s, e)) => Placement::Moved(s, e),
            None => Placement::Orphan,
        }
    }
}

/// A span's prefix and suffix, squashed and capped, for telling candidates apart.
struct Context {
    /// The prefix's last characters, nearest the quote first.
    before: Vec<char>,
    /// The suffix's first characters.
    after: Vec<char>,
}

impl Context {
    fn of(span: &Incoming) -> Self {
        let tail: String = {
            let chars: Vec<char> = span.prefix.chars().collect();
            chars[chars.len().saturating_sub(CONTEXT_CAP * 2)..]
                .iter()
                .collect()
        };
        let head: String = span.suffix.chars().take(CONTEXT_CAP * 2).collect();
        Self {
            before: squash(&tail).chars().rev().take(CONTEXT_CAP).collect(),
            after: squash(&head).chars().take(CONTEXT_CAP).collect(),
        }
    }

    /// How many characters of context match around `chars[start..end]`, and the most there are.
    fn score(&self, chars: &[char], start: usize, end: usize) -> (usize, usize) {
        let before = chars[..start]
            .iter()
            .rev()
            .zip(&self.before)
            .take_while(|(a, b)| a == b)
            .count();
        let after = chars[end..]
            .iter()
            .zip(&self.after)
            .take_while(|(a, b)| a == b)
            .count();
        (before + after, self.before.len() + self.after.len())
    }
}

/// Characters of a bigram folded into 16 bits each: a fold that collides only makes a
/// candidate that the comparison then turns down.
fn bigram(a: char, b: char) -> u64 {
    let fold = |c: char| u64::from((c as u32 ^ (c as u32 >> 16)) & 0xFFFF);
    (fold(a) << 16) | fold(b)
}

/// Whitespace runs as one space, nothing else changed: the form texts are compared in.
fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// A text with whitespace runs squashed to one space, the way back to code points, and an
/// index of where each bigram occurs (made on first use).
struct Normalized {
    chars: Vec<char>,
    /// `origin[i]` is the code point in the original text of normalized character `i`; one more
    /// entry holds the original length. A normalized space's run ends where the next begins.
    origin: Vec<usize>,
    /// `bigram << 32 | position` for every position, sorted: the positions of a bigram are one
    /// run of it, in text order.
    bigrams: Option<Vec<u64>>,
}

impl Normalized {
    fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        let mut space = false;
        for (cp, c) in text.chars().enumerate() {
            if c.is_whitespace() {
                if !space {
                    chars.push(' ');
                    origin.push(cp);
                }
                space = true;
            } else {
                chars.push(c);
                origin.push(cp);
                space = false;
            }
        }
        origin.push(text.chars().count());
        Self {
            chars,
            origin,
            bigrams: None,
        }
    }

    /// The normalized index of original code point `cp` (of the character holding it).
    fn index_of(&self, cp: usize) -> usize {
        self.origin
            .partition_point(|&o| o <= cp)
            .saturating_sub(1)
            .min(self.chars.len())
    }

    /// Makes the bigram index, once.
    fn index_bigrams(&mut self) {
        let chars = &self.chars;
        self.bigrams.get_or_insert_with(|| {
            let mut index: Vec<u64> = chars
                .windows(2)
                .enumerate()
                .map(|(i, w)| (bigram(w[0], w[1]) << 32) | (i as u64 & 0xFFFF_FFFF))
                .collect();
            index.sort_unstable();
            index
        });
    }

    /// The exact occurrence of `needle` (squashed) whose context matches best, nearest `near`
    /// among equals; candidates are tried outward from `near`, and the search stops at the first
    /// whose whole context matches (no farther one can beat it).
    fn find_near(
        &mut self,
        needle: &[char],
        near: usize,
        context: &Context,
    ) -> Option<(usize, usize)> {
        let n = needle.len();
        let last_start = self.chars.len() - n;
        let mut best: Option<((usize, std::cmp::Reverse<usize>), usize)> = None;
        let mut consider = |chars: &[char], start: usize| -> bool {
            if chars[start..start + n] != *needle {
                return false;
            }
            let (score, most) = context.score(chars, start, start + n);
            let key = (score, std::cmp::Reverse(start.abs_diff(near)));
            if best.is_none_or(|(b, _)| key > b) {
                best = Some((key, start));
            }
            score == most
        };
        if n == 1 {
            // One character: walk outward through the text itself.
            let chars = &self.chars;
            for step in 0..=last_start.max(near) {
                if step > CANDIDATES_CAP * 8 {
                    break;
                }
                let hits = [
                    near.checked_sub(step),
                    near.checked_add(step).filter(|_| step > 0),
                ];
                for at in hits.into_iter().flatten().filter(|&a| a <= last_start) {
                    if consider(chars, at) {
                        return Some((at, at + 1));
                    }
                }
            }
            return best.map(|(_, s)| (s, s + n));
        }
        // The rarest bigram of the needle names the fewest candidates.
        self.index_bigrams();
        let (index, chars) = (self.bigrams.as_deref().unwrap_or_default(), &self.chars);
        let run_of = |k: u64| {
            let lo = index.partition_point(|&e| e >> 32 < k);
            let hi = index.partition_point(|&e| e >> 32 <= k);
            (lo, hi)
        };
        let step = (n / 16).max(1);
        let (offset, (lo, hi)) = (0..n - 1)
            .step_by(step)
            .chain(std::iter::once(n - 2))
            .map(|j| (j, run_of(bigram(needle[j], needle[j + 1]))))
            .min_by_key(|(_, (lo, hi))| hi - lo)?;
        let run = &index[lo..hi];
        let start_of = |e: u64| ((e & 0xFFFF_FFFF) as usize).checked_sub(offset);
        // Outward from the candidate nearest `near`: `run[..down]` start before it.
        let mut down = run.partition_point(|&e| start_of(e).is_none_or(|s| s < near));
        let mut up = down;
        for _ in 0..CANDIDATES_CAP {
            let below = down.checked_sub(1).and_then(|d| start_of(run[d]));
            let above = run.get(up).and_then(|&e| start_of(e));
            let at = match (below, above) {
                (Some(b), Some(a)) if near - b < a - near => {
                    down -= 1;
                    b
                }
                (_, Some(a)) => {
                    up += 1;
                    a
                }
                (Some(b), None) => {
                    down -= 1;
                    b
                }
                (None, None) => break,
            };
            if at <= last_start && consider(chars, at) {
                return Some((at, at + n));
            }
        }
        best.map(|(_, s)| (s, s + n))
    }

    /// An approximate occurrence of `needle` (a word or two changed): the window around `near`
    /// first, then the whole text while `budget` characters of scanning are left. Returns it and
    /// the characters scanned.
    fn fuzzy_near(
        &self,
        needle: &[char],
        near: usize,
        budget: usize,
    ) -> (Option<(usize, usize)>, usize) {
        if needle.len() < 8 {
            return (None, 0);
        }
        let reach = FUZZY_WINDOW + needle.len() * 2;
        let from = near.saturating_sub(reach);
        let to = (near + reach).min(self.chars.len());
        let mut scanned = to - from;
        if let Some((s, e)) = fuzzy_find(&self.chars[from..to], needle, near - from) {
            return (Some((from + s, from + e)), scanned);
        }
        if to - from == self.chars.len() || budget < scanned + self.chars.len() {
            return (None, scanned);
        }
        scanned += self.chars.len();
        (fuzzy_find(&self.chars, needle, near), scanned)
    }

    /// The original code points of normalized `start..end`, for a quote that may begin or end
    /// with whitespace: only as much of a whitespace run is taken as the quote has.
    fn original(&self, start: usize, end: usize, quote: &str) -> (usize, usize) {
        let lead = quote.chars().take_while(|c| c.is_whitespace()).count();
        let trail = quote
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        let mut from = self.origin[start];
        if lead > 0 {
            from = from.max(self.origin[start + 1].saturating_sub(lead));
        }
        let mut to = self.origin[end];
        if trail > 0 && trail < quote.chars().count() {
            to = to.min(self.origin[end - 1] + trail);
        }
        (from, to.max(from + 1))
    }
}

/// The longest piece of a quote matched approximately in one pass (bits of a `u64`).
const FUZZY_PIECE: usize = 64;

/// Finds a quote that was edited a little (up to a quarter of its characters changed), in the
/// manner of Hypothesis's TextQuoteSelector matching: Myers' bit-parallel approximate search
/// for its first and last characters, the match nearest `near` winning among the best.
fn fuzzy_find(chars: &[char], quote: &[char], near: usize) -> Option<(usize, usize)> {
    if quote.len() < 8 {
        return None;
    }
    let budget = quote.len() / 4;
    let head = &quote[..quote.len().min(FUZZY_PIECE)];
    let tail = &quote[quote.len().saturating_sub(FUZZY_PIECE)..];
    let piece_budget = (head.len() / 4).min(budget);
    let head_rev: Vec<char> = head.iter().rev().copied().collect();
    // Ends of the tail's best matches: the span's end.
    let ends = approximate_ends(chars.iter().copied(), tail, piece_budget);
    let best = ends.iter().map(|(_, score)| *score).min()?;
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for &(end_at, score) in ends.iter().filter(|(_, s)| *s == best) {
        let end = end_at + 1;
        // The start: the head matched backwards, within the quote's length (and budget) before.
        let from = end.saturating_sub(quote.len() + budget);
        let backwards = chars[from..end].iter().rev().copied();
        let starts = approximate_ends(backwards, &head_rev, piece_budget);
        let Some(&(back, _)) = starts
            .iter()
            .min_by_key(|(pos, s)| (*s, std::cmp::Reverse(*pos)))
        else {
            continue;
        };
        let start = end - back - 1;
        let length = end - start;
        if score <= piece_budget && length.abs_diff(quote.len()) <= budget {
            candidates.push((start, end));
        }
    }
    candidates.into_iter().min_by_key(|(s, _)| s.abs_diff(near))
}

/// Myers (1999) bit-parallel approximate matching, in Sellers' search form: every position of
/// `text` where a match of `pattern` (at most 64 characters) ends with at most `k` edits, with
/// its edit distance.
fn approximate_ends(
    text: impl IntoIterator<Item = char>,
    pattern: &[char],
    k: usize,
) -> Vec<(usize, usize)> {
    let m = pattern.len();
    if m == 0 || m > FUZZY_PIECE {
        return Vec::new();
    }
    // Where each character occurs in the pattern: a table for ASCII, a map for the rest.
    let mut ascii = [0u64; 128];
    let mut other: std::collections::HashMap<char, u64> = std::collections::HashMap::new();
    for (i, &c) in pattern.iter().enumerate() {
        match ascii.get_mut(c as usize) {
            Some(bits) => *bits |= 1 << i,
            None => *other.entry(c).or_insert(0) |= 1 << i,
        }
    }
    let peq = |c: char| match ascii.get(c as usize) {
        Some(&bits) => bits,
        None => other.get(&c).copied().unwrap_or(0),
    };
    let top = 1u64 << (m - 1);
    let mask = if m == 64 { u64::MAX } else { (1u64 << m) - 1 };
    let (mut pv, mut mv, mut score) = (mask, 0u64, m);
    let mut out = Vec::new();
    for (j, c) in text.into_iter().enumerate() {
        let eq = peq(c);
        let xv = eq | mv;
        let xh = (((eq & pv).wrapping_add(pv)) ^ pv) | eq;
        let ph = mv | !(xh | pv);
        let mh = pv & xh;
        if ph & top != 0 {
            score += 1;
        } else if mh & top != 0 {
            score -= 1;
        }
        let ph = (ph << 1) & mask;
        let mh = (mh << 1) & mask;
        pv = (mh | !(xv | ph)) & mask;
        mv = ph & xv;
        if score <= k {
            out.push((j, score));
        }
    }
    out
}

/// The context of a span for a TextQuoteSelector: up to `n` code points before and after.
pub fn context(text: &IndexedText, start: usize, end: usize, n: usize) -> (String, String) {
    (
        text.slice(start.saturating_sub(n), start).to_string(),
        text.slice(end, end + n).to_string(),
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn incoming(text: &str, quote: &str, label: Label) -> Incoming {
        let byte = text.find(quote).unwrap();
        let start = text[..byte].chars().count();
        let end = start + quote.chars().count();
        let indexed = IndexedText::new(text.to_string());
        let (prefix, suffix) = context(&indexed, start, end, 32);
        Incoming {
            quote: Some(quote.into()),
            prefix,
            suffix,
            ..Incoming::new(start, end, label)
        }
    }

    const ORIGINAL: &str = "The leaders met.\nThey will expand cooperation in space.\nThey will expand cooperation in cyberspace.\n";

    #[test]
    fn unchanged_text_anchors_exactly() {
        let spans = vec![incoming(
            ORIGINAL,
            "will expand cooperation in cyberspace",
            Label::Commitment,
        )];
        let got = anchor_all(&IndexedText::new(ORIGINAL.into()), spans);
        assert_eq!(got.counts(), (1, 0, 0));
    }

    #[test]
    fn edited_text_moves_spans_by_quote_and_context() {
        let spans = vec![
            incoming(
                ORIGINAL,
                "will expand cooperation in cyberspace",
                Label::Commitment,
            ),
            incoming(
                ORIGINAL,
                "will expand cooperation in space",
                Label::Commitment,
            ),
        ];
        let edited = "Summary added at the top.\n\nThe leaders met.\r\nThey will expand cooperation in space.\r\nThey  will expand\r\ncooperation in cyberspace.\r\n";
        let text = IndexedText::new(edited.into());
        let got = anchor_all(&text, spans);
        assert_eq!(got.counts(), (0, 2, 0));
        let quotes: Vec<&str> = got
            .moved
            .iter()
            .map(|(_, s, e)| text.slice(*s, *e))
            .collect();
        assert_eq!(
            quotes,
            vec![
                "will expand\r\ncooperation in cyberspace",
                "will expand cooperation in space"
            ]
        );
    }

    #[test]
    fn repeated_quotes_are_told_apart_by_context() {
        let text = "A: they will act. B: they will act. C: they will act.";
        let mut span = incoming(text, "they will act", Label::Commitment);
        // The file's span was the second one (after "B: ").
        span.start += 18;
        span.end += 18;
        span.prefix = "x A: they will act. B: ".into();
        span.suffix = ". C: they".into();
        let edited = format!("Intro. {text}");
        let indexed = IndexedText::new(edited.clone());
        let got = anchor_all(&indexed, vec![span]);
        let (_, s, _) = got.moved[0];
        assert_eq!(&edited[s..s + 4], "they");
        assert_eq!(&edited[s - 3..s], "B: ");
    }

    #[test]
    fn a_quote_edited_a_little_is_found_fuzzily() {
        let spans = vec![incoming(
            ORIGINAL,
            "will expand cooperation in cyberspace",
            Label::Commitment,
        )];
        let edited = "The leaders met.\nThey will expand their cooperation in cyber space.\n";
        let text = IndexedText::new(edited.into());
        let got = anchor_all(&text, spans);
        assert_eq!(got.counts(), (0, 1, 0), "{got:?}");
        let (_, s, e) = got.moved[0];
        assert_eq!(
            text.slice(s, e),
            "will expand their cooperation in cyber space"
        );
    }

    #[test]
    fn approximate_search_counts_edits() {
        let text: Vec<char> = "xx kitten yy".chars().collect();
        let pattern: Vec<char> = "sitting".chars().collect();
        let best = approximate_ends(text.iter().copied(), &pattern, 3)
            .into_iter()
            .map(|(_, s)| s)
            .min();
        assert_eq!(best, Some(3), "kitten -> sitting is 3 edits");
        assert!(approximate_ends(text.iter().copied(), &pattern, 2).is_empty());
    }

    #[test]
    fn a_quote_no_longer_in_the_text_is_orphaned() {
        let spans = vec![incoming(ORIGINAL, "The leaders met", Label::Party)];
        let got = anchor_all(&IndexedText::new("Entirely different.".into()), spans);
        assert_eq!(got.counts(), (0, 0, 1));
    }

    #[test]
    fn without_a_quote_offsets_are_trusted_if_they_fit() {
        let text = IndexedText::new("short".into());
        let got = anchor_all(
            &text,
            vec![
                Incoming::new(0, 5, Label::Party),
                Incoming::new(3, 9, Label::Party),
            ],
        );
        assert_eq!(got.counts(), (1, 0, 1));
    }

    #[test]
    fn exact_means_the_quote_is_at_the_offsets() {
        // The file's offsets hold a slightly different text: found there, but not exact.
        let original = "The leaders will expand cooperation in cyberspace today.";
        let span = incoming(
            original,
            "will expand cooperation in cyberspace",
            Label::Commitment,
        );
        let edited = "The leaders will expand cooperatoin in cyberspace today.";
        let got = anchor_all(&IndexedText::new(edited.into()), vec![span.clone()]);
        assert_eq!(got.counts(), (0, 1, 0), "{got:?}");
        assert_eq!((got.moved[0].1, got.moved[0].2), (span.start, span.end));
        // Only whitespace differs at the same offsets: moved too, never exact.
        let spaced = "The leaders will expand  cooperation in cyberspace today.";
        let got = anchor_all(&IndexedText::new(spaced.into()), vec![span]);
        assert_eq!(got.counts(), (0, 1, 0), "{got:?}");
    }

    #[test]
    fn a_quote_ending_or_starting_in_whitespace_takes_only_its_own() {
        let text = IndexedText::new("Intro. They will act    now.".into());
        let mut span = Incoming::new(50, 60, Label::Commitment);
        span.quote = Some("will act ".into());
        let got = anchor_all(&text, vec![span.clone()]);
        let (_, s, e) = &got.moved[0];
        assert_eq!(text.slice(*s, *e), "will act ");
        span.quote = Some(" now".into());
        let got = anchor_all(&text, vec![span]);
        let (_, s, e) = &got.moved[0];
        assert_eq!(text.slice(*s, *e), " now");
    }

    #[test]
    fn the_occurrence_nearest_the_old_offset_wins_among_equals() {
        let unit = "They will act. ";
        let text: String = unit.repeat(400);
        let indexed = IndexedText::new(format!("Added. {text}"));
        // The 300th copy, its context the same as every other copy's.
        let at = unit.chars().count() * 300 + 5;
        let mut span = Incoming::new(at, at + 8, Label::Commitment);
        span.quote = Some("will act".into());
        span.prefix = "They ".into();
        span.suffix = ". They".into();
        let got = anchor_all(&indexed, vec![span]);
        assert_eq!(got.counts(), (0, 1, 0));
        assert_eq!(got.moved[0].1, at + 7);
    }

    #[test]
    fn a_short_and_a_one_character_quote_are_found() {
        let text = IndexedText::new("Added at the top. The US and Japan; the EU, and §.".into());
        let mut us = Incoming::new(4, 6, Label::Party);
        us.quote = Some("US".into());
        let mut section = Incoming::new(31, 32, Label::Party);
        section.quote = Some("§".into());
        let got = anchor_all(&text, vec![us, section]);
        assert_eq!(got.counts(), (0, 2, 0), "{got:?}");
        assert_eq!(text.slice(got.moved[0].1, got.moved[0].2), "US");
        assert_eq!(text.slice(got.moved[1].1, got.moved[1].2), "§");
    }

    proptest::proptest! {
        #[test]
        fn spans_follow_text_added_at_the_top_and_changed_line_endings(
            words in proptest::collection::vec("[a-zA-Z]{2,9}", 40..200),
            breaks in proptest::collection::vec(0usize..7, 40..200),
            picks in proptest::collection::vec((0usize..200, 1usize..6), 1..20),
            added in "[A-Z][a-z ]{0,40}\n",
        ) {
            // A text with CRLF line breaks, spans over whole words.
            let mut text = String::new();
            let mut word_at = Vec::new();
            for (i, w) in words.iter().enumerate() {
                word_at.push((text.chars().count(), w.chars().count()));
                text.push_str(w);
                text.push_str(if breaks.get(i) == Some(&0) { "\r\n" } else { " " });
            }
            let spans: Vec<Incoming> = picks
                .iter()
                .map(|&(first, n)| {
                    let first = first % words.len();
                    let last = (first + n).min(words.len()) - 1;
                    let (start, _) = word_at[first];
                    let end = word_at[last].0 + word_at[last].1;
                    let indexed = IndexedText::new(text.clone());
                    let (prefix, suffix) = context(&indexed, start, end, 32);
                    Incoming {
                        quote: Some(indexed.slice(start, end).to_string()),
                        prefix,
                        suffix,
                        ..Incoming::new(start, end, Label::Commitment)
                    }
                })
                .collect();
            let edited = format!("{added}{}", text.replace("\r\n", "\n"));
            let indexed = IndexedText::new(edited);
            let got = anchor_all(&indexed, spans.clone());
            proptest::prop_assert_eq!(got.orphaned.len(), 0);
            for (span, s, e) in got.exact.iter().chain(&got.moved) {
                // The same words, squashed the same way.
                proptest::prop_assert_eq!(
                    squash(indexed.slice(*s, *e)),
                    squash(span.quote.as_deref().unwrap())
                );
            }
        }
    }
}
