//! Spans coming from another file, and re-anchoring them on a text that may differ from the one
//! they were made on (edited, re-extracted, other line endings): by their offsets when the quote
//! is there, else by their quote and its context, else they are orphaned for the user to place.

use crate::core::offsets::IndexedText;
use crate::core::schema::{Attribute, Label};
use crate::core::span::{Span, SpanId};
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

/// Places every incoming span on `text`.
pub fn anchor_all(text: &IndexedText, incoming: Vec<Incoming>) -> Anchored {
    let normalized = Normalized::new(text.as_str());
    let mut out = Anchored::default();
    let mut fuzzy = Fuzzy {
        chars: Vec::new(),
        left: FUZZY_SEARCHES,
    };
    for span in incoming {
        match anchor(text, &normalized, &mut fuzzy, &span) {
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

/// Approximate search, the last resort: the text as characters (made on first use) and how many
/// searches are left (each scans the whole text).
struct Fuzzy {
    chars: Vec<char>,
    left: usize,
}

/// At most this many spans of one import are searched approximately.
const FUZZY_SEARCHES: usize = 200;

fn anchor(
    text: &IndexedText,
    normalized: &Normalized,
    fuzzy: &mut Fuzzy,
    span: &Incoming,
) -> Placement {
    let fits = span.start < span.end && span.end <= text.len_cp();
    let Some(quote) = span.quote.as_deref().filter(|q| !q.is_empty()) else {
        // No quote to check against: the offsets are all there is.
        return if fits {
            Placement::Exact(span.start, span.end)
        } else {
            Placement::Orphan
        };
    };
    if fits && text.slice(span.start, span.end) == quote {
        return Placement::Exact(span.start, span.end);
    }
    // Every place the quote occurs, ignoring differences of whitespace and line endings; the one
    // whose context matches best wins, then the one nearest the old position.
    let candidates = normalized.find_all(quote);
    let best = candidates.into_iter().max_by_key(|&(s, e)| {
        let before = text.slice(s.saturating_sub(span.prefix.chars().count() + 8), s);
        let after = text.slice(e, e + span.suffix.chars().count() + 8);
        let context = common_suffix(&squash(before), &squash(&span.prefix))
            + common_prefix(&squash(after), &squash(&span.suffix));
        (context, std::cmp::Reverse(s.abs_diff(span.start)))
    });
    let best = best.or_else(|| {
        if fuzzy.left == 0 {
            return None;
        }
        fuzzy.left -= 1;
        if fuzzy.chars.is_empty() {
            fuzzy.chars = text.as_str().chars().collect();
        }
        fuzzy_find(&fuzzy.chars, quote, span.start)
    });
    match best {
        Some((s, e)) if (s, e) == (span.start, span.end) => Placement::Exact(s, e),
        Some((s, e)) => Placement::Moved(s, e),
        None => Placement::Orphan,
    }
}

/// The longest piece of a quote matched approximately in one pass (bits of a `u64`).
const FUZZY_PIECE: usize = 64;

/// Finds a quote that was edited a little (up to a quarter of its characters changed), in the
/// manner of Hypothesis's TextQuoteSelector matching: Myers' bit-parallel approximate search
/// for its first and last characters, the match nearest `near` winning among the best.
fn fuzzy_find(chars: &[char], quote: &str, near: usize) -> Option<(usize, usize)> {
    let quote: Vec<char> = quote.chars().collect();
    if quote.len() < 8 {
        return None;
    }
    let budget = quote.len() / 4;
    let head = &quote[..quote.len().min(FUZZY_PIECE)];
    let tail = &quote[quote.len().saturating_sub(FUZZY_PIECE)..];
    let piece_budget = (head.len() / 4).min(budget);
    // Ends of the tail's best matches: the span's end.
    let ends = approximate_ends(chars, tail, piece_budget);
    let best = ends.iter().map(|(_, score)| *score).min()?;
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for &(end_at, score) in ends.iter().filter(|(_, s)| *s == best) {
        let end = end_at + 1;
        // The start: the head matched backwards, within the quote's length (and budget) before.
        let from = end.saturating_sub(quote.len() + budget);
        let window: Vec<char> = chars[from..end].iter().rev().copied().collect();
        let head_rev: Vec<char> = head.iter().rev().copied().collect();
        let starts = approximate_ends(&window, &head_rev, piece_budget);
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
fn approximate_ends(text: &[char], pattern: &[char], k: usize) -> Vec<(usize, usize)> {
    let m = pattern.len();
    if m == 0 || m > FUZZY_PIECE {
        return Vec::new();
    }
    let mut peq: std::collections::HashMap<char, u64> = std::collections::HashMap::new();
    for (i, c) in pattern.iter().enumerate() {
        *peq.entry(*c).or_insert(0) |= 1 << i;
    }
    let top = 1u64 << (m - 1);
    let mask = if m == 64 { u64::MAX } else { (1u64 << m) - 1 };
    let (mut pv, mut mv, mut score) = (mask, 0u64, m);
    let mut out = Vec::new();
    for (j, c) in text.iter().enumerate() {
        let eq = peq.get(c).copied().unwrap_or(0);
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

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// A text with whitespace runs squashed to one space, and the way back to code points.
struct Normalized {
    chars: Vec<char>,
    /// `origin[i]` is the code point in the original text of normalized character `i`;
    /// one more entry holds the original length.
    origin: Vec<usize>,
    /// For a normalized space, where its whitespace run ends in the original.
    run_end: Vec<usize>,
}

impl Normalized {
    fn new(text: &str) -> Self {
        let mut chars = Vec::new();
        let mut origin = Vec::new();
        let mut run_end = Vec::new();
        let mut cp = 0;
        for c in text.chars() {
            if c.is_whitespace() {
                if chars.last() == Some(&' ') && run_end.last() == Some(&cp) {
                    *run_end.last_mut().unwrap_or(&mut 0) = cp + 1;
                } else {
                    chars.push(' ');
                    origin.push(cp);
                    run_end.push(cp + 1);
                }
            } else {
                chars.push(c);
                origin.push(cp);
                run_end.push(cp + 1);
            }
            cp += 1;
        }
        origin.push(cp);
        Self {
            chars,
            origin,
            run_end,
        }
    }

    /// Every occurrence of `quote` (squashed), as code point ranges of the original text.
    fn find_all(&self, quote: &str) -> Vec<(usize, usize)> {
        let needle: Vec<char> = squash(quote).chars().collect();
        if needle.is_empty() || needle.len() > self.chars.len() {
            return Vec::new();
        }
        let mut found = Vec::new();
        for i in 0..=self.chars.len() - needle.len() {
            if self.chars[i..i + needle.len()] == needle[..] {
                let last = i + needle.len() - 1;
                found.push((self.origin[i], self.run_end[last]));
            }
        }
        found
    }
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
        let best = approximate_ends(&text, &pattern, 3)
            .into_iter()
            .map(|(_, s)| s)
            .min();
        assert_eq!(best, Some(3), "kitten -> sitting is 3 edits");
        assert!(approximate_ends(&text, &pattern, 2).is_empty());
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
}
