//! Search within the document: case-insensitive matches as code point ranges.

use crate::core::offsets::IndexedText;

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

/// One character's lowercase form, when that is one character (else the character itself).
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
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
    }
}
