//! brat standoff: the document's `.txt` (exactly the text, CRLF kept) and its `.ann`, with
//! offsets as brat counts them (Python characters, i.e. code points, `\r` included), plus an
//! `annotation.conf` for the commitment schema.
//!
//! - `T` lines: `T3\tCOMMITMENT 2786 2821;2822 2847\tintend … cooperation in cyberspace`. A span
//!   that crosses a line break is written as fragments, one per line, as brat writes them
//!   itself; reading joins the fragments back into one span.
//! - `A` lines: `A1\tcommitter T3 joint` (multi-valued attributes of annotation.conf).
//! - `#` lines: `#1\tAnnotatorNotes T3\tnote`, with `\n` and `\\` escaped in the note.
//!
//! Not held: document metadata (brat has none) and a line break at the very start or end of a
//! span (brat fragments cannot hold one).

use super::anchor::Incoming;
use super::{add_attribute, fail, label_named, Foreign, FormatError, OutFile};
use crate::core::schema::{Attribute, Label};
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
    conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
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

/// The fragments of `start..end` between line breaks, as brat writes a multi-line span.
fn fragments(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut frag_start: Option<usize> = None;
    for (i, c) in text.chars().enumerate() {
        let cp = start + i;
        if c == '\n' || c == '\r' {
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
    note.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape_note(note: &str) -> String {
    let mut out = String::new();
    let mut chars = note.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
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
    let doc = &entry.doc;
    let mut ann = String::new();
    let (mut a, mut n) = (0, 0);
    for (t, span) in doc.spans().iter().enumerate() {
        let t = t + 1;
        let quote = doc.quote(span);
        let frags = fragments(quote, span.start);
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
    ann
}

/// The document as brat files: `<name>.txt`, `<name>.ann`, `annotation.conf`.
pub fn write(entry: &DocEntry) -> Vec<OutFile> {
    let base = super::base_name(entry);
    vec![
        OutFile::text(format!("{base}.txt"), entry.doc.doc().as_str().to_string()),
        OutFile::text(format!("{base}.ann"), write_ann(entry)),
        OutFile::text("annotation.conf", annotation_conf()),
    ]
}

/// Reads a `.ann` against its text (`None`: the spans go to the open document, anchored by
/// their quotes). Relation and event lines are skipped, with a warning.
pub fn read(ann: &str, text: Option<&str>) -> Result<Foreign, FormatError> {
    let mut spans: Vec<Incoming> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut skipped = 0;
    let indexed = text.map(|t| crate::core::offsets::IndexedText::new(t.to_string()));
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
                let mut start = usize::MAX;
                let mut end = 0;
                let mut pieces: Vec<String> = Vec::new();
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
                    start = start.min(s);
                    end = end.max(e);
                    if let Some(indexed) = &indexed {
                        pieces.push(indexed.slice(s, e).to_string());
                    }
                }
                // The quoted text must be what the offsets point at, or the offsets were counted
                // some other way (bytes, UTF-16) and the spans would be misplaced.
                if let (Some(_), Some(quoted)) = (text, rest) {
                    let actual = pieces.join(" ");
                    if actual != quoted {
                        return fail(
                            at,
                            format!("the text at {offsets} is {actual:?}, not {quoted:?} as the line says (are the offsets in characters?)"),
                        );
                    }
                }
                let mut span = Incoming::new(start, end, label);
                if text.is_none() {
                    // Without the text, the quote is the fragments' text: anchor by it.
                    span.quote = rest.map(str::to_string);
                }
                ids.insert(id.to_string(), spans.len());
                spans.push(span);
            }
            Some('A') | Some('M') => {
                let words: Vec<&str> = middle.split_whitespace().collect();
                let (Some(name), Some(target), Some(value)) =
                    (words.first(), words.get(1), words.get(2))
                else {
                    return fail(at, "expected \"A1\\tattribute T1 value\"");
                };
                let Some(&i) = ids.get(*target) else {
                    return fail(at, format!("{target} is not a span above this line"));
                };
                let label = spans[i].label;
                add_attribute(&mut spans[i].attrs, label, name, value, &at)?;
            }
            Some('#') => {
                let words: Vec<&str> = middle.split_whitespace().collect();
                if words.first() == Some(&"AnnotatorNotes") {
                    if let Some(&i) = words.get(1).and_then(|t| ids.get(*t)) {
                        spans[i].note = unescape_note(rest.unwrap_or(""));
                    }
                }
            }
            _ => skipped += 1,
        }
    }
    let mut foreign = Foreign::spans(spans);
    foreign.text = text.map(str::to_string);
    if skipped > 0 {
        foreign.warnings.push(format!(
            "{skipped} relation or event line(s) skipped: Avow does not hold them yet"
        ));
    }
    Ok(foreign)
}
