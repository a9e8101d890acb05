//! brat standoff: the document's `.txt` (exactly the text, CRLF kept) and its `.ann`, with
//! offsets as brat counts them (Python characters, i.e. code points, `\r` included), plus an
//! `annotation.conf` for the commitment schema.
//!
//! - `T` lines: `T3\tCOMMITMENT 2786 2821;2822 2847\tintend … cooperation in cyberspace`. A span
//!   that crosses a line break (any of Python's `splitlines` breaks, U+2028 and VT among them)
//!   is written as fragments, one per line, as brat writes them itself; reading joins fragments
//!   with only whitespace between them back into one span, and keeps a discontinuous span's
//!   pieces as separate spans (never joined), saying so.
//! - `A` lines: `A1\tcommitter T3 joint` (multi-valued attributes of annotation.conf).
//! - `#` lines: `#1\tAnnotatorNotes T3\tnote`, with `\n` and `\\` escaped in the note.
//! - `R` lines: `R1\tcommitter Arg1:T3 Arg2:T1`, a relation from `Arg1` to `Arg2` (the
//!   schema's direction); annotation.conf's `[relations]` gives each kind's endpoint labels.
//!
//! Not held: document metadata (brat has none) and a line break at the very start or end of a
//! span (brat fragments cannot hold one).

use super::anchor::Incoming;
use super::{add_attribute, fail, label_named, Foreign, ForeignRelation, FormatError, OutFile};
use crate::core::schema::{Attribute, Label, RelationKind};
use crate::core::workspace::DocEntry;
use std::collections::HashMap;

/// The annotation.conf of the commitment schema.
pub fn annotation_conf() -> String {
    let mut conf = String::from(
        "# brat configuration for Avow's commitment schema (commitments, version 1)\n[entities]\n",
    );
    for label in Label::ALL {
        conf.push_str(label.name());
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n");
    // Each kind with the labels its two ends may have (brat checks new relations by them).
    for kind in RelationKind::ALL {
        let ends = |first: bool| -> Vec<&str> {
            Label::ALL
                .iter()
                .filter(|l| {
                    Label::ALL.iter().any(|o| {
                        if first {
                            kind.allows(**l, *o)
                        } else {
                            kind.allows(*o, **l)
                        }
                    })
                })
                .map(|l| l.name())
                .collect()
        };
        conf.push_str(&format!(
            "{kind}\tArg1:{}, Arg2:{}\n",
            ends(true).join("|"),
            ends(false).join("|")
        ));
    }
    conf.push_str("\n[events]\n\n[attributes]\n");
    for attr in Attribute::ALL {
        let args: Vec<&str> = Label::ALL
            .iter()
            .filter(|l| l.attributes().contains(&attr))
            .map(|l| l.name())
            .collect();
        conf.push_str(&format!(
            "{attr}\tArg:{}, Value:{}\n",
            args.join("|"),
            attr.values().join("|")
        ));
    }
    conf
}

/// The characters Python's `str.splitlines` breaks lines at, and so brat: a `.ann` line must
/// hold none of them, so a span's text is cut into fragments there.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The fragments of `start..end` between line breaks, as brat writes a multi-line span.
fn fragments(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut frag_start: Option<usize> = None;
    for (i, c) in text.chars().enumerate() {
        let cp = start + i;
        if is_line_break(c) {
            if let Some(s) = frag_start.take() {
                out.push((s, cp));
            }
        } else if frag_start.is_none() {
            frag_start = Some(cp);
        }
    }
    if let Some(s) = frag_start {
        out.push((s, start + text.chars().count()));
    }
    out
}

fn escape_note(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    for c in note.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_line_break(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn unescape_note(note: &str) -> String {
    let mut out = String::new();
    let mut chars = note.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('u') => {
                    let hex: String = chars.clone().take(4).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(c) if hex.len() == 4 => {
                            out.push(c);
                            chars.nth(3);
                        }
                        _ => out.push('u'),
                    }
                }
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The `.ann` of a document.
pub fn write_ann(entry: &DocEntry) -> String {
    write_ann_reporting(entry).0
}

/// The `.ann` of a document, and what it could not hold (spans of line breaks only, which a
/// brat fragment cannot hold).
pub fn write_ann_reporting(entry: &DocEntry) -> (String, Vec<String>) {
    let doc = &entry.doc;
    let mut ann = String::new();
    let (mut a, mut n, mut t) = (0, 0, 0);
    let mut left_out = 0;
    // Each span's T number by its place in text order (none: left out), for the relations.
    let mut t_at: Vec<Option<usize>> = Vec::with_capacity(doc.spans().len());
    for span in doc.spans().iter() {
        let quote = doc.quote(span);
        let frags = fragments(quote, span.start);
        if frags.is_empty() {
            left_out += 1;
            t_at.push(None);
            continue;
        }
        t += 1;
        t_at.push(Some(t));
        let offsets: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let pieces: Vec<&str> = frags.iter().map(|(s, e)| doc.doc().slice(*s, *e)).collect();
        ann.push_str(&format!(
            "T{t}\t{} {}\t{}\n",
            span.label,
            offsets.join(";"),
            pieces.join(" ")
        ));
        for (attr, value) in &span.attrs {
            a += 1;
            ann.push_str(&format!("A{a}\t{attr} T{t} {value}\n"));
        }
        if !span.note.is_empty() {
            n += 1;
            ann.push_str(&format!(
                "#{n}\tAnnotatorNotes T{t}\t{}\n",
                escape_note(&span.note)
            ));
        }
    }
    let mut r = 0;
    for relation in super::relations_by_place(doc) {
        if let (Some(from), Some(to)) = (t_at[relation.from], t_at[relation.to]) {
            r += 1;
            ann.push_str(&format!(
                "R{r}\t{} Arg1:T{from} Arg2:T{to}\n",
                relation.kind
            ));
        }
    }
    let mut warnings = Vec::new();
    if left_out > 0 {
        warnings.push(format!(
            "{left_out} span{} of line breaks only left out (a brat fragment cannot hold one){}",
            if left_out == 1 { "" } else { "s" },
            if r < doc.relations().len() {
                ", and their relations"
            } else {
                ""
            }
        ));
    }
    (ann, warnings)
}

/// The document as brat files: `<name>.txt`, `<name>.ann`, `annotation.conf`, and what the
/// `.ann` could not hold.
pub fn write(entry: &DocEntry) -> (Vec<OutFile>, Vec<String>) {
    let base = super::base_name(entry);
    let (ann, warnings) = write_ann_reporting(entry);
    let files = vec![
        OutFile::text(format!("{base}.txt"), entry.doc.doc().as_str().to_string()),
        OutFile::text(format!("{base}.ann"), ann),
        OutFile::text("annotation.conf", annotation_conf()),
    ];
    (files, warnings)
}

/// Reads a `.ann` against its text (`None`: the spans go to the open document, anchored by
/// their quotes). `R` lines of the schema's kinds are its relations (a discontinuous span's
/// relations go to its first piece); event lines, relations of other kinds and attributes of
/// them are skipped, with a warning.
///
/// A span's fragments separated only by whitespace (the line breaks brat cuts a multi-line span
/// at) are one span again. Fragments with text between them (a discontinuous span, `0 3;8 15`)
/// are never joined: each becomes a span of its own, with the same label, attributes and note,
/// and the report names them.
pub fn read(ann: &str, text: Option<&str>) -> Result<Foreign, FormatError> {
    let mut spans: Vec<Incoming> = Vec::new();
    // A T line's id, and the spans it became (more than one when discontinuous).
    let mut ids: HashMap<String, Vec<usize>> = HashMap::new();
    let mut skipped = 0;
    let mut skipped_attributes = 0;
    let mut discontinuous: Vec<String> = Vec::new();
    // R lines, resolved once every T line is read: kind and the two T ids, with the line.
    let mut relation_lines: Vec<(RelationKind, String, String, String)> = Vec::new();
    let indexed = text.map(|t| crate::core::text::offsets::IndexedText::new(t.to_string()));
    let len = indexed.as_ref().map(|t| t.len_cp());
    for (n, line) in ann.lines().enumerate() {
        let at = format!("line {}", n + 1);
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let id = parts.next().unwrap_or("");
        let middle = parts.next().unwrap_or("");
        let rest = parts.next();
        match id.chars().next() {
            Some('T') => {
                let Some((name, offsets)) = middle.split_once(' ') else {
                    return fail(at, "expected \"T1\\tLABEL start end\\ttext\"");
                };
                let label = label_named(name, &at)?;
                let mut frags: Vec<(usize, usize)> = Vec::new();
                for frag in offsets.split(';') {
                    let nums: Vec<Option<usize>> =
                        frag.split_whitespace().map(|x| x.parse().ok()).collect();
                    let (Some(Some(s)), Some(Some(e)), 2) =
                        (nums.first().copied(), nums.get(1).copied(), nums.len())
                    else {
                        return fail(
                            at,
                            format!("{frag:?} is not \"start end\" in whole code points"),
                        );
                    };
                    if s >= e || len.is_some_and(|l| e > l) {
                        return fail(at, format!("{s}–{e} is not a range inside the text"));
                    }
                    frags.push((s, e));
                }
                // The quoted text must be what the offsets point at, or the offsets were counted
                // some other way (bytes, UTF-16) and the spans would be misplaced.
                if let (Some(indexed), Some(quoted)) = (&indexed, rest) {
                    let pieces: Vec<&str> =
                        frags.iter().map(|&(s, e)| indexed.slice(s, e)).collect();
                    let actual = pieces.join(" ");
                    if actual != quoted {
                        return fail(
                            at,
                            format!("the text at {offsets} is {actual:?}, not {quoted:?} as the line says (are the offsets in characters?)"),
                        );
                    }
                }
                // The fragments' own text, cut from the line's (they are joined by one space).
                let mut quotes: Vec<Option<String>> = Vec::new();
                if indexed.is_none() {
                    let mut chars = rest.unwrap_or("").chars();
                    for (i, &(s, e)) in frags.iter().enumerate() {
                        if i > 0 {
                            chars.next();
                        }
                        quotes.push(Some(chars.by_ref().take(e - s).collect()));
                    }
                }
                let groups = join_fragments(&frags, indexed.as_ref());
                // With the text, the pieces are known; without it, whether they are one span is
                // told once they are placed (anchor::rejoin_pieces).
                let pieces = groups.len();
                if pieces > 1 && indexed.is_some() {
                    discontinuous.push(format!("{id} ({pieces} pieces)"));
                }
                let mut made = Vec::new();
                for (piece, group) in groups.into_iter().enumerate() {
                    let (first, last) = (group[0], group[group.len() - 1]);
                    let mut span = Incoming::new(frags[first].0, frags[last].1, label);
                    if indexed.is_none() {
                        // Without the text, the quote is the fragments' text: anchor by it.
                        let texts: Vec<String> =
                            group.iter().filter_map(|&i| quotes[i].clone()).collect();
                        span.quote = Some(texts.join(" "));
                        if pieces > 1 {
                            span.piece = Some((n, piece));
                        }
                    }
                    made.push(spans.len());
                    spans.push(span);
                }
                ids.insert(id.to_string(), made);
            }
            Some('A') | Some('M') => {
                let words: Vec<&str> = middle.split_whitespace().collect();
                let (Some(name), Some(target)) = (words.first(), words.get(1)) else {
                    return fail(at, "expected \"A1\\tattribute T1 value\"");
                };
                let Some(made) = ids.get(*target) else {
                    if target.starts_with('T') {
                        return fail(at, format!("{target} is not a span above this line"));
                    }
                    // An attribute of an event or relation, which are skipped anyway.
                    skipped_attributes += 1;
                    continue;
                };
                let Some(value) = words.get(2) else {
                    // A binary attribute (present or not): the schema has none.
                    skipped_attributes += 1;
                    continue;
                };
                for &i in made {
                    let label = spans[i].label;
                    add_attribute(&mut spans[i].attrs, label, name, value, &at)?;
                }
            }
            Some('#') => {
                let words: Vec<&str> = middle.split_whitespace().collect();
                if words.first() == Some(&"AnnotatorNotes") {
                    if let Some(made) = words.get(1).and_then(|t| ids.get(*t)) {
                        for &i in made {
                            spans[i].note = unescape_note(rest.unwrap_or(""));
                        }
                    }
                }
            }
            Some('R') => {
                let words: Vec<&str> = middle.split_whitespace().collect();
                let arg = |name: &str| {
                    words
                        .iter()
                        .find_map(|w| w.strip_prefix(name).map(str::to_string))
                };
                let kind = words
                    .first()
                    .and_then(|k| RelationKind::from_name(&k.to_ascii_lowercase()));
                match (kind, arg("Arg1:"), arg("Arg2:")) {
                    (Some(kind), Some(from), Some(to)) => relation_lines.push((kind, from, to, at)),
                    (None, Some(_), Some(_)) => skipped += 1,
                    _ => return fail(at, "expected \"R1\\ttype Arg1:T1 Arg2:T2\""),
                }
            }
            _ => skipped += 1,
        }
    }
    let mut relations = Vec::new();
    for (kind, from, to, at) in relation_lines {
        let first = |t: &str| ids.get(t).and_then(|made| made.first().copied());
        match (first(&from), first(&to)) {
            (Some(from), Some(to)) => relations.push(ForeignRelation { kind, from, to }),
            _ => return fail(at, format!("{from} or {to} is not a span of this file")),
        }
    }
    let mut foreign = Foreign::spans(spans);
    foreign.relations = relations;
    foreign.text = text.map(str::to_string);
    if skipped > 0 {
        foreign.warnings.push(format!(
            "{skipped} event line(s) or relations of kinds not in the schema skipped"
        ));
    }
    if skipped_attributes > 0 {
        foreign.warnings.push(format!(
            "{skipped_attributes} attribute line(s) skipped: binary attributes, or attributes of relations or events, which the schema does not have"
        ));
    }
    if !discontinuous.is_empty() {
        let shown: Vec<&str> = discontinuous.iter().take(5).map(String::as_str).collect();
        foreign.warnings.push(format!(
            "{} discontinuous span{} kept as separate spans, never joined: {}{}",
            discontinuous.len(),
            if discontinuous.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if discontinuous.len() > 5 { ", …" } else { "" }
        ));
    }
    Ok(foreign)
}

/// Groups a span's fragments (indices into `frags`) into the spans they are: consecutive
/// fragments with only whitespace between them in the text (without the text: at most two
/// characters, a line break) are one span.
fn join_fragments(
    frags: &[(usize, usize)],
    text: Option<&crate::core::text::offsets::IndexedText>,
) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, &(start, _)) in frags.iter().enumerate() {
        let continues = i > 0 && {
            let previous_end = frags[i - 1].1;
            start >= previous_end
                && match text {
                    Some(text) => text
                        .slice(previous_end, start)
                        .chars()
                        .all(|c| c.is_whitespace() || is_line_break(c)),
                    None => start - previous_end <= 2,
                }
        };
        match groups.last_mut() {
            Some(group) if continues => group.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::annotation::span::Span;

    const TEXT: &str = "The two leaders met in Tokyo.\nThey agreed.";

    #[test]
    fn a_discontinuous_span_is_never_joined() {
        // "The" and "leaders", with " two " between: two spans, both PARTY, both with the note.
        let ann = "T1\tPARTY 0 3;8 15\tThe leaders\n#1\tAnnotatorNotes T1\tsplit\n";
        let got = read(ann, Some(TEXT)).unwrap();
        let extents: Vec<(usize, usize, &str)> = got
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.note.as_str()))
            .collect();
        assert_eq!(extents, [(0, 3, "split"), (8, 15, "split")]);
        assert!(
            got.warnings[0].contains("1 discontinuous span kept as separate spans"),
            "{:?}",
            got.warnings
        );
        // Without the text, each piece is anchored by its own quote, and stays apart where
        // there is text between the pieces.
        let got = read(ann, None).unwrap();
        let quotes: Vec<&str> = got
            .spans
            .iter()
            .filter_map(|s| s.quote.as_deref())
            .collect();
        assert_eq!(quotes, ["The", "leaders"]);
        let text = crate::core::text::offsets::IndexedText::new(TEXT.into());
        let mut placed = crate::core::formats::anchor::anchor_all(&text, got.spans);
        assert_eq!(
            crate::core::formats::anchor::rejoin_pieces(&text, &mut placed),
            1
        );
        assert_eq!(placed.exact.len(), 2);
        // Pieces across a blank line (a gap brat's offsets alone cannot tell from text) are
        // one span once placed.
        let text =
            crate::core::text::offsets::IndexedText::new("They met.\r\n\r\nThen agreed.".into());
        let got = read("T1\tSTANCE 5 9;13 17\tmet. Then\n", None).unwrap();
        assert_eq!(got.spans.len(), 2);
        let mut placed = crate::core::formats::anchor::anchor_all(&text, got.spans);
        assert_eq!(
            crate::core::formats::anchor::rejoin_pieces(&text, &mut placed),
            0
        );
        assert_eq!(
            (placed.exact.len(), placed.exact[0].1, placed.exact[0].2),
            (1, 5, 17)
        );
        // Fragments cut at a line break are one span again.
        let got = read(
            "T1\tCOMMITMENT 23 29;30 42\tTokyo. They agreed.\n",
            Some(TEXT),
        )
        .unwrap();
        assert_eq!(
            (got.spans.len(), got.spans[0].start, got.spans[0].end),
            (1, 23, 42)
        );
        assert!(got.warnings.is_empty());
    }

    fn entry(text: &str, spans: &[(usize, usize)], note: &str) -> DocEntry {
        let spans = spans
            .iter()
            .enumerate()
            .map(|(i, &(start, end))| Span {
                note: note.into(),
                ..Span::bare(i as u64 + 1, start, end, Label::Party)
            })
            .collect();
        crate::core::formats::tests::generated_entry("d", text.into(), spans)
    }

    #[test]
    fn every_line_break_python_knows_cuts_fragments_and_is_escaped_in_notes() {
        let breaks = [
            '\u{0B}', '\u{0C}', '\u{1C}', '\u{1D}', '\u{1E}', '\u{85}', '\u{2028}', '\u{2029}',
        ];
        for brk in breaks {
            let text = format!("ab{brk}cd");
            let e = entry(&text, &[(0, 5)], &format!("x{brk}y"));
            let ann = write_ann(&e);
            // Python's splitlines (and so brat) sees exactly two lines: the T and the note.
            assert_eq!(ann.lines().count(), 2, "{brk:?}: {ann:?}");
            assert!(!ann.contains(brk), "{brk:?}: {ann:?}");
            assert!(ann.starts_with("T1\tPARTY 0 2;3 5\tab cd\n"), "{ann:?}");
            let back = read(&ann, Some(&text)).unwrap();
            assert_eq!((back.spans[0].start, back.spans[0].end), (0, 5));
            assert_eq!(back.spans[0].note, format!("x{brk}y"));
        }
    }

    #[test]
    fn a_span_of_line_breaks_only_is_left_out_with_a_word() {
        let e = entry("a\n\nb", &[(1, 3), (0, 1)], "");
        let (ann, warnings) = write_ann_reporting(&e);
        assert_eq!(ann, "T1\tPARTY 0 1\ta\n");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn valid_files_refused_before_are_read() {
        // A binary attribute, an attribute of an event, an event and a relation.
        let ann = "T1\tPARTY 0 3\tThe\nT2\tPARTY 8 15\tleaders\nA1\tIndividual T1\nE1\tMeet:T2\nA2\tNegation E1\nR1\tAlly Arg1:T1 Arg2:T2\n";
        let got = read(ann, Some(TEXT)).unwrap();
        assert_eq!(got.spans.len(), 2);
        assert_eq!(got.warnings.len(), 2, "{:?}", got.warnings);
        // An empty .ann: a document with no spans.
        let got = read("", Some(TEXT)).unwrap();
        assert!(got.spans.is_empty() && got.text.as_deref() == Some(TEXT));
        // An attribute of a span that is not there is still refused.
        assert!(read("A1\tcommitter T9 joint\n", Some(TEXT)).is_err());
    }
}
