//! Moving through a document from the keyboard, as pure functions: the word caret (whole
//! words, an anchor and a focus, Shift extending), a click cycling through nested spans, and
//! stepping through search matches.

use crate::core::annotation::span::{word_at_or_after, word_before, SpanId};
use crate::core::text::offsets::IndexedText;

/// The keyboard caret: whole words, an anchor word and a focus word, each `(start, end)` in
/// code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordCaret {
    pub anchor: (usize, usize),
    pub focus: (usize, usize),
    /// The selection this caret last put on the page, to notice a mouse selection since.
    pub shown: (usize, usize),
}

impl WordCaret {
    /// The caret from `anchor` to `focus`, showing every word between them.
    pub fn between(anchor: (usize, usize), focus: (usize, usize)) -> Self {
        Self {
            anchor,
            focus,
            shown: (anchor.0.min(focus.0), anchor.1.max(focus.1)),
        }
    }

    /// The caret for a selected range: the first and last whole words in it (the range itself
    /// where it holds no word).
    pub fn for_range(text: &IndexedText, start: usize, end: usize) -> Self {
        let first = word_at_or_after(text, start.saturating_sub(1))
            .filter(|w| w.0 < end)
            .unwrap_or((start, end));
        let last = word_before(text, end + 1)
            .filter(|w| w.1 > start)
            .unwrap_or(first);
        Self {
            anchor: first,
            focus: last,
            shown: (start, end),
        }
    }

    /// A caret on one word, where there is none yet: the word at or after `from` going
    /// forward (or from the top), else the one before it.
    pub fn start(text: &IndexedText, from: usize, forward: bool) -> Option<Self> {
        let word = if forward || from == 0 {
            word_at_or_after(text, from)
        } else {
            word_before(text, from)
        }?;
        Some(Self::between(word, word))
    }

    /// The caret moved one word: `extend` keeps the anchor (Shift); otherwise it collapses to
    /// the next word past the whole selection. `None` at either end of the text.
    pub fn step(self, text: &IndexedText, forward: bool, extend: bool) -> Option<Self> {
        let (anchor, focus) = (self.anchor, self.focus);
        let next = if forward {
            let from = if extend {
                focus.1
            } else {
                anchor.1.max(focus.1)
            };
            word_at_or_after(text, from)
        } else {
            let from = if extend {
                focus.0
            } else {
                anchor.0.min(focus.0)
            };
            word_before(text, from)
        }?;
        Some(if extend {
            Self::between(anchor, next)
        } else {
            Self::between(next, next)
        })
    }
}

impl WordCaret {
    /// The selection's moving end one character on (Shift+Alt+arrow) in a text of `len` code
    /// points: the end after the anchor moves its end, one before it its start. Never empty;
    /// `None` when it cannot move.
    pub fn step_char(self, len: usize, forward: bool) -> Option<Self> {
        let (mut anchor, mut focus) = (self.anchor, self.focus);
        // The moving end shrinks the anchor word too when it passes into it.
        if focus.0 >= anchor.0 {
            let end = if forward {
                focus.1 + 1
            } else {
                focus.1.checked_sub(1)?
            };
            if end > len || end <= anchor.0 {
                return None;
            }
            focus = (focus.0.min(end - 1), end);
            anchor.1 = anchor.1.min(end);
        } else {
            let start = if forward {
                focus.0 + 1
            } else {
                focus.0.checked_sub(1)?
            };
            if start >= anchor.1 {
                return None;
            }
            focus = (start, focus.1.max(start + 1));
            anchor.0 = anchor.0.max(start);
        }
        Some(Self::between(anchor, focus))
    }
}

/// What a click selects among the spans at a point (`here`, innermost first): the innermost,
/// or the next one out when `selected` is already one of them, so every nested span can be
/// reached by clicking again.
pub fn cycle_nested(here: &[SpanId], selected: Option<SpanId>) -> Option<SpanId> {
    match selected.and_then(|c| here.iter().position(|id| *id == c)) {
        Some(i) => here.get((i + 1) % here.len()).copied(),
        None => here.first().copied(),
    }
}

/// The match after (or before) `current` among `count`, wrapping around; from none, the first
/// (or the last). `None` when there are no matches.
pub fn step_match(current: Option<usize>, count: usize, forward: bool) -> Option<usize> {
    if count == 0 {
        return None;
    }
    Some(match current {
        Some(i) if forward => (i + 1) % count,
        Some(i) => (i + count - 1) % count,
        None if forward => 0,
        None => count - 1,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn text(s: &str) -> IndexedText {
        IndexedText::new(s.to_string())
    }

    #[test]
    fn the_caret_walks_and_extends_by_whole_words() {
        let t = text("The two leaders  met.");
        let caret = WordCaret::start(&t, 0, true).unwrap();
        assert_eq!(caret.shown, (0, 3));
        let next = caret.step(&t, true, false).unwrap();
        assert_eq!(next.shown, (4, 7), "to “two”");
        let wider = next.step(&t, true, true).unwrap();
        assert_eq!(
            (wider.anchor, wider.focus, wider.shown),
            ((4, 7), (8, 15), (4, 15))
        );
        let back = wider.step(&t, false, true).unwrap();
        assert_eq!(back.shown, (4, 7), "Shift+Left shrinks from the focus");
        let collapsed = wider.step(&t, true, false).unwrap();
        assert_eq!(
            collapsed.shown,
            (17, 20),
            "past the whole selection, over two spaces"
        );
        assert_eq!(collapsed.step(&t, true, false), None, "the last word");
        assert_eq!(WordCaret::start(&t, 17, false).unwrap().shown, (8, 15));
    }

    #[test]
    fn shift_alt_takes_in_a_closing_quote_one_character_at_a_time() {
        let s = "They said “we will act” today.";
        let t = text(s);
        let cp = |needle: &str| s[..s.find(needle).unwrap()].chars().count();
        // From “we” to “act”, Shift+Alt+Right takes in the closing quote, and Left gives it back.
        let caret = WordCaret::between((cp("we"), cp("we") + 2), (cp("act"), cp("act") + 3));
        let wider = caret.step_char(t.len_cp(), true).unwrap();
        assert_eq!(wider.shown, (cp("we"), cp("”") + 1));
        assert_eq!(
            wider.step_char(t.len_cp(), false).unwrap().shown,
            caret.shown
        );
        // And the opening quote, with the focus before the anchor.
        let back = WordCaret::between((cp("act"), cp("act") + 3), (cp("we"), cp("we") + 2));
        assert_eq!(
            back.step_char(t.len_cp(), false).unwrap().shown,
            (cp("“"), cp("act") + 3)
        );
        // Never empty, never past the text.
        let one = WordCaret::between((0, 4), (0, 4));
        assert_eq!(one.step_char(t.len_cp(), false).unwrap().shown, (0, 3));
        assert_eq!(
            WordCaret::between((0, 1), (0, 1)).step_char(t.len_cp(), false),
            None
        );
        let last = t.len_cp();
        assert_eq!(
            WordCaret::between((0, last), (0, last)).step_char(last, true),
            None
        );
    }

    #[test]
    fn a_range_becomes_its_first_and_last_words() {
        let t = text("Japan 🇯🇵 and the United States");
        // From the space after the flag to inside “United”: the whole words inside.
        let caret = WordCaret::for_range(&t, 8, 19);
        assert_eq!(caret.anchor, (9, 12), "“and”");
        assert_eq!(caret.focus, (13, 16), "“the”, the last whole word");
        assert_eq!(caret.shown, (8, 19));
        let blank = WordCaret::for_range(&t, 5, 6);
        assert_eq!(blank.anchor, (5, 6), "no word inside: the range itself");
    }

    #[test]
    fn clicks_cycle_through_nested_spans_and_matches_wrap() {
        let (a, b, c) = (SpanId(1), SpanId(2), SpanId(3));
        assert_eq!(cycle_nested(&[a, b, c], None), Some(a));
        assert_eq!(cycle_nested(&[a, b, c], Some(a)), Some(b));
        assert_eq!(cycle_nested(&[a, b, c], Some(c)), Some(a));
        assert_eq!(cycle_nested(&[a, b], Some(SpanId(9))), Some(a));
        assert_eq!(cycle_nested(&[], Some(a)), None);
        assert_eq!(step_match(None, 3, true), Some(0));
        assert_eq!(step_match(None, 3, false), Some(2));
        assert_eq!(step_match(Some(2), 3, true), Some(0));
        assert_eq!(step_match(Some(0), 3, false), Some(2));
        assert_eq!(step_match(Some(0), 0, true), None);
    }
}
