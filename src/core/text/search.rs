//! Search within the document: case-insensitive matches as code point ranges.

use crate::core::text::offsets::IndexedText;

/// Every match of `query` in the text, case-insensitively (simple case folding per character,
/// so offsets stay those of the text), as code point ranges that do not overlap.
pub fn find_all(text: &IndexedText, query: &str) -> Vec<(usize, usize)> {
    let needle: Vec<char> = query.chars().map(fold).collect();
    if needle.is_empty() || needle.iter().all(|c| c.is_whitespace()) {
        return Vec::new();
    }
    let hay: Vec<char> = text.as_str().chars().map(fold).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == needle[..] {
            found.push((i, i + needle.len()));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    found
}

/// One character's lowercase form, for the scripts whose case is a fixed offset or a pairing
/// of neighbours: Latin (ASCII, Latin-1, Latin Extended-A and Extended Additional, so
/// Vietnamese too), Greek and Cyrillic; any other character is itself. Written out rather
/// than Unicode's full tables, which cost the app 7.7 KB; the tests check every character here
/// against the standard library's lowercase.
fn fold(c: char) -> char {
    let n = c as u32;
    let lower = match n {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            n + 32
        }
        0x400..=0x40F => n + 80,
        0x386 => 0x3AC,
        0x388..=0x38A => n + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => n + 63,
        0x178 => 0xFF,
        // Pairs, the capital first: at even code points here, at odd ones there.
        0x100..=0x12F
        | 0x132..=0x137
        | 0x14A..=0x177
        | 0x460..=0x481
        | 0x48A..=0x4BF
        | 0x4D0..=0x52F
        | 0x1E00..=0x1E95
        | 0x1EA0..=0x1EFF
            if n.is_multiple_of(2) =>
        {
            n + 1
        }
        0x139..=0x148 | 0x179..=0x17E | 0x4C1..=0x4CE if !n.is_multiple_of(2) => n + 1,
        _ => n,
    };
    char::from_u32(lower).unwrap_or(c)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn finds_case_insensitively_in_code_points() {
        let text = IndexedText::new("😀 Japan and JAPAN; japanese".to_string());
        assert_eq!(find_all(&text, "japan"), vec![(2, 7), (12, 17), (19, 24)]);
        assert_eq!(find_all(&text, ""), vec![]);
        assert_eq!(find_all(&text, "  "), vec![]);
        assert_eq!(find_all(&text, "aa"), vec![]);
        let text = IndexedText::new("Ελλάδα, РОССИЯ, Việt Nam, Łódź".to_string());
        assert_eq!(find_all(&text, "ΕΛΛΆΔΑ").len(), 1);
        assert_eq!(find_all(&text, "россия").len(), 1);
        assert_eq!(find_all(&text, "VIỆT").len(), 1);
        assert_eq!(find_all(&text, "łÓDŹ").len(), 1);
    }

    /// Every character the fold changes is lowered as the standard library lowers it, and
    /// every capital of the scripts it covers is lowered.
    #[test]
    fn the_fold_agrees_with_unicode_where_it_folds() {
        let std_lower = |c: char| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        };
        for n in 0..0x2000u32 {
            let Some(c) = char::from_u32(n) else { continue };
            if fold(c) != c {
                assert_eq!(fold(c), std_lower(c), "U+{n:04X}");
            }
        }
        let covered = |n: u32| {
            n < 0x250
                || (0x370..0x400).contains(&n)
                || (0x400..0x530).contains(&n)
                || (0x1E00..0x1F00).contains(&n)
        };
        let missed: Vec<u32> = (0..0x2000u32)
            .filter_map(char::from_u32)
            .filter(|c| covered(*c as u32) && std_lower(*c) != *c && fold(*c) == *c)
            .map(|c| c as u32)
            .collect();
        // Matched exactly, not folded: Latin Extended-B, archaic Greek and Coptic letters,
        // Cyrillic palochka, capital sharp s, dotted capital I (lowered to two characters).
        let exact = |n: u32| {
            (0x180..0x250).contains(&n)
                || (0x370..0x380).contains(&n)
                || (0x3CF..0x400).contains(&n)
                || [0x130, 0x4C0, 0x1E9E].contains(&n)
        };
        assert!(missed.iter().all(|n| exact(*n)), "{missed:X?}");
    }
}
