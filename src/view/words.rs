//! Words and numbers as the page shows them: quotes on one line, counts with their nouns, sizes
//! and lengths, and the storage status line.

/// Longest quote a list row holds before eliding the middle.
pub const QUOTE_CHARS: usize = 120;

/// A quote on one line (whitespace runs as one space), its middle elided past [`QUOTE_CHARS`].
pub fn elide(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let count = flat.chars().count();
    if count <= QUOTE_CHARS {
        return flat;
    }
    let head: String = flat.chars().take(QUOTE_CHARS * 2 / 3).collect();
    let tail: String = flat.chars().skip(count - QUOTE_CHARS / 3).collect();
    format!("{head} … {tail}")
}

/// A quote cut in two for a list row: its last words (about [`ROW_TAIL_CHARS`]), always drawn,
/// and the rest, which the row cuts where it ends. A short quote is all head.
pub fn split_tail(quote: &str) -> (&str, &str) {
    let count = quote.chars().count();
    if count <= ROW_TAIL_CHARS * 2 {
        return (quote, "");
    }
    let at = quote
        .char_indices()
        .nth(count - ROW_TAIL_CHARS)
        .map_or(quote.len(), |(i, _)| i);
    // Back to the start of the word, if one starts near.
    let at = quote[..at]
        .rfind(' ')
        .filter(|&space| at - space <= 12)
        .map_or(at, |space| space);
    quote.split_at(at)
}

/// About how many characters of a quote's end a list row always shows.
pub const ROW_TAIL_CHARS: usize = 18;

/// A count with its noun: "1 span", "2 spans".
pub fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// A CSS length in pixels, to a hundredth ("12px", "12.5px", "-3.25px"), written with integer
/// arithmetic: formatting a float would cost the app 4 KB.
pub fn px(value: f64) -> String {
    let hundredths = (value * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, frac) = (hundredths.abs() / 100, hundredths.abs() % 100);
    match frac {
        0 => format!("{sign}{whole}px"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}px", f / 10),
        f => format!("{sign}{whole}.{f:02}px"),
    }
}

/// A size in bytes as people read it: "840 bytes", "12 KB", "3.4 MB", "1.2 GB".
pub fn byte_size(bytes: f64) -> String {
    // Integer arithmetic rather than `{:.1}`: formatting a float costs the app 4 KB.
    let bytes = bytes.max(0.0);
    if bytes < 1000.0 {
        return format!("{} bytes", bytes.round() as u64);
    }
    let (value, unit) = if bytes < 1e6 {
        (bytes / 1e3, "KB")
    } else if bytes < 1e9 {
        (bytes / 1e6, "MB")
    } else {
        (bytes / 1e9, "GB")
    };
    let tenths = (value * 10.0).round() as u64;
    if tenths < 100 && !tenths.is_multiple_of(10) {
        format!("{}.{} {unit}", tenths / 10, tenths % 10)
    } else {
        format!("{} {unit}", (value).round() as u64)
    }
}

/// The Workspace tab's line about storage: where work is kept, how much is used of what the
/// browser allows, and whether the browser keeps it when space runs short (`None`: unknown).
pub fn storage_status(place: &str, used: f64, allowed: f64, persistent: Option<bool>) -> String {
    let room = format!("{} used of about {}", byte_size(used), byte_size(allowed));
    let kept = match persistent {
        Some(true) => "Persistent: the browser keeps it even when space runs short.",
        Some(false) => "Not persistent: the browser may clear it when space runs short, so download the workspace now and then.",
        None => "Download the workspace now and then to keep a copy.",
    };
    format!("Saved in {place}: {room}. {kept}")
}

/// Titles quoted and listed: “A”, “B” and 3 more.
pub fn quoted_titles(titles: &[String], at_most: usize) -> String {
    let mut out: Vec<String> = titles
        .iter()
        .take(at_most)
        .map(|t| format!("“{t}”"))
        .collect();
    if titles.len() > at_most {
        out.push(format!("{} more", titles.len() - at_most));
    }
    out.join(", ")
}

/// The warning when storage refused a save for lack of room: what is unsaved, how much room
/// it needs, and how much of the browser's quota is used (`room`: used and allowed, when known).
pub fn storage_full(unsaved: &[String], needed: f64, room: Option<(f64, f64)>) -> String {
    let what = if unsaved.is_empty() {
        "Your latest changes are".to_string()
    } else {
        format!("Changes to {} are", quoted_titles(unsaved, 5))
    };
    let used = match room {
        Some((used, allowed)) if allowed > 0.0 => format!(
            " ({} used of about {})",
            byte_size(used),
            byte_size(allowed)
        ),
        _ => String::new(),
    };
    format!(
        "This browser's storage for Avow is full{used}. {what} kept in this tab only, and would be lost if it closed: saving them needs about {} more. Download the workspace to keep them, or delete documents you no longer need: they go at once, and the rest is saved as soon as it fits.",
        byte_size(needed)
    )
}

/// The warning when this browser's storage for Avow was cleared under the open page:
/// `gone`, the documents stored but not in memory here (lost with it), and whether the work
/// in this tab has been saved again since (`resaved`).
pub fn storage_cleared(gone: &[String], resaved: bool) -> String {
    let mut text = "This browser's storage for Avow was cleared (site data was cleared, or it was deleted from another tab or the browser's tools).".to_string();
    if !gone.is_empty() {
        text.push_str(&format!(
            " The documents not open in this tab went with it: {}.",
            quoted_titles(gone, 5)
        ));
    }
    text.push_str(if resaved {
        " Everything this tab holds has been saved again; download the workspace to keep a copy."
    } else {
        " Everything this tab holds is kept here: download the workspace to keep it."
    });
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_storage_warnings_say_what_is_unsaved_and_what_went() {
        let full = storage_full(
            &["Doc A".into(), "Doc B".into()],
            2_400_000.0,
            Some((4.9e6, 5e6)),
        );
        assert!(
            full.contains("Changes to “Doc A”, “Doc B” are kept in this tab only"),
            "{full}"
        );
        assert!(
            full.contains("about 2.4 MB more") && full.contains("4.9 MB used of about 5 MB"),
            "{full}"
        );
        let cleared = storage_cleared(&["Old".into()], false);
        assert!(
            cleared.contains("was cleared") && cleared.contains("“Old”"),
            "{cleared}"
        );
        assert!(!cleared.contains("another version"), "{cleared}");
        let titles: Vec<String> = (0..8).map(|i| i.to_string()).collect();
        assert_eq!(quoted_titles(&titles, 2), "“0”, “1”, 6 more");
    }

    #[test]
    fn sizes_and_the_status_line_read_as_people_say_them() {
        assert_eq!(byte_size(840.0), "840 bytes");
        assert_eq!(byte_size(12_345.0), "12 KB");
        assert_eq!(byte_size(3_400_000.0), "3.4 MB");
        assert_eq!(byte_size(1.2e9), "1.2 GB");
        assert_eq!(
            storage_status("this browser", 2.5e6, 5e6, Some(true)),
            "Saved in this browser: 2.5 MB used of about 5 MB. Persistent: the browser keeps it even when space runs short."
        );
        assert!(storage_status("x", 0.0, 1.0, Some(false)).contains("may clear it"));
    }

    #[test]
    fn quotes_are_one_line_and_long_ones_elided() {
        assert_eq!(elide("a\n b\tc"), "a b c");
        assert_eq!(elide(&"word ".repeat(100)).chars().count(), QUOTE_CHARS + 3);
        assert_eq!(plural(1, "span"), "1 span");
        assert_eq!(plural(2, "span"), "2 spans");
    }
}
