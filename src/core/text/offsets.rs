//! The one place offsets are converted. The core counts Unicode code points everywhere (the
//! numbers Python's `str` indexing, doccano, brat, Label Studio and the W3C
//! TextPositionSelector use); the DOM counts UTF-16 code units; Rust's `str` indexes bytes.

/// Code point offset of UTF-16 offset `unit` in `text`. An offset inside a surrogate pair (which
/// the DOM can report) rounds down to the start of that character; past the end gives the length.
pub fn utf16_to_cp(text: &str, unit: usize) -> usize {
    let mut units = 0;
    for (cp, c) in text.chars().enumerate() {
        let next = units + c.len_utf16();
        if next > unit {
            return cp;
        }
        units = next;
    }
    text.chars().count()
}

/// UTF-16 offset of code point `cp` in `text`; past the end gives the UTF-16 length.
pub fn cp_to_utf16(text: &str, cp: usize) -> usize {
    text.chars().take(cp).map(char::len_utf16).sum()
}

/// A text with a sparse index from code points to bytes, so that slicing a large document by
/// code points does not scan it from the start each time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexedText {
    text: String,
    /// Byte offset of every `STRIDE`-th code point.
    checkpoints: Vec<usize>,
    len_cp: usize,
}

const STRIDE: usize = 64;

impl IndexedText {
    /// Indexes `text`, which is kept exactly as given.
    pub fn new(text: String) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut len_cp = 0;
        for (byte, _) in text.char_indices() {
            if len_cp % STRIDE == 0 {
                checkpoints.push(byte);
            }
            len_cp += 1;
        }
        Self {
            text,
            checkpoints,
            len_cp,
        }
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in code points.
    pub fn len_cp(&self) -> usize {
        self.len_cp
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len_cp == 0
    }

    /// Byte offset of code point `cp`, clamped to the end.
    pub fn byte_of(&self, cp: usize) -> usize {
        if cp >= self.len_cp {
            return self.text.len();
        }
        let base = self.checkpoints[cp / STRIDE];
        let rest = cp % STRIDE;
        if rest == 0 {
            return base;
        }
        self.text[base..]
            .char_indices()
            .nth(rest)
            .map_or(self.text.len(), |(b, _)| base + b)
    }

    /// The text between two code point offsets (clamped to the text).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let start_byte = self.byte_of(start);
        let end_byte = self.byte_of(end.max(start));
        &self.text[start_byte..end_byte]
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    // Plain scans: the references the indexed conversions are checked against.
    /// Byte offset of code point `cp` in `text`, or `None` past the end. `cp == len` gives `text.len()`.
    fn cp_to_byte(text: &str, cp: usize) -> Option<usize> {
        if cp == 0 {
            return Some(0);
        }
        match text.char_indices().nth(cp) {
            Some((byte, _)) => Some(byte),
            None => (text.chars().count() == cp).then_some(text.len()),
        }
    }

    /// Code point offset of byte `byte`, or `None` if it is not on a character boundary.
    fn byte_to_cp(text: &str, byte: usize) -> Option<usize> {
        if !text.is_char_boundary(byte) {
            return None;
        }
        Some(text[..byte].chars().count())
    }

    /// UTF-16 length of a string (what JavaScript's `String.length` gives).
    fn utf16_len(text: &str) -> usize {
        text.chars().map(char::len_utf16).sum()
    }

    #[test]
    fn astral_characters_count_once_as_code_points_twice_as_utf16() {
        let text = "a😀b";
        assert_eq!(utf16_len(text), 4);
        assert_eq!(utf16_to_cp(text, 0), 0);
        assert_eq!(utf16_to_cp(text, 1), 1);
        assert_eq!(
            utf16_to_cp(text, 2),
            1,
            "inside the surrogate pair rounds down"
        );
        assert_eq!(utf16_to_cp(text, 3), 2);
        assert_eq!(utf16_to_cp(text, 4), 3);
        assert_eq!(cp_to_utf16(text, 2), 3);
        assert_eq!(cp_to_byte(text, 2), Some(5));
        assert_eq!(cp_to_byte(text, 3), Some(6));
        assert_eq!(cp_to_byte(text, 4), None);
        assert_eq!(byte_to_cp(text, 2), None, "not a character boundary");
        assert_eq!(byte_to_cp(text, 5), Some(2));
    }

    #[test]
    fn crlf_and_combining_marks_are_separate_code_points() {
        let text = "e\u{301}\r\n日本";
        let indexed = IndexedText::new(text.to_string());
        assert_eq!(indexed.len_cp(), 6);
        assert_eq!(indexed.slice(2, 4), "\r\n");
        assert_eq!(indexed.slice(4, 6), "日本");
        assert_eq!(indexed.slice(1, 2), "\u{301}");
    }

    /// Text with the characters that break offsets elsewhere: astral emoji, CJK, combining
    /// marks, CRLF, tabs, non-breaking and em spaces.
    pub(crate) fn tricky_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("a".to_string()),
                Just("word ".to_string()),
                Just("😀".to_string()),
                Just("👩‍👩‍👧".to_string()),
                Just("日本".to_string()),
                Just("e\u{301}".to_string()),
                Just("\r\n".to_string()),
                Just("\n".to_string()),
                Just("\t".to_string()),
                Just("\u{a0}".to_string()),
                Just("\u{2003}".to_string()),
                any::<char>().prop_map(String::from),
            ],
            0..80,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn utf16_and_code_points_round_trip(text in tricky_text()) {
            let n = text.chars().count();
            for cp in 0..=n {
                prop_assert_eq!(utf16_to_cp(&text, cp_to_utf16(&text, cp)), cp);
            }
            prop_assert_eq!(cp_to_utf16(&text, n), utf16_len(&text));
            prop_assert_eq!(utf16_len(&text), text.encode_utf16().count());
        }

        #[test]
        fn bytes_and_code_points_round_trip(text in tricky_text()) {
            let n = text.chars().count();
            for cp in 0..=n {
                let byte = cp_to_byte(&text, cp).unwrap();
                prop_assert_eq!(byte_to_cp(&text, byte), Some(cp));
            }
        }

        #[test]
        fn indexed_text_agrees_with_a_plain_scan(text in tricky_text(), a in 0usize..120, b in 0usize..120) {
            let indexed = IndexedText::new(text.clone());
            let chars: Vec<char> = text.chars().collect();
            prop_assert_eq!(indexed.len_cp(), chars.len());
            let (start, end) = (a.min(b).min(chars.len()), a.max(b).min(chars.len()));
            let expected: String = chars[start..end].iter().collect();
            prop_assert_eq!(indexed.slice(start, end), expected.as_str());
            let byte = indexed.byte_of(start);
            prop_assert_eq!(byte_to_cp(&text, byte), Some(start));
            prop_assert_eq!(indexed.slice(start, start + 1).chars().next(), chars.get(start).copied());
        }
    }
}
