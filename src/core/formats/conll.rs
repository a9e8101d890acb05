//! CoNLL / IOB2: one token per line, a blank line between sentences. Columns: the token, its
//! start and end (code points), then one IOB2 tag column per nesting level, the outermost spans
//! in the first. IOB cannot hold two spans on one token in one column, so nested (and crossing)
//! spans go to further columns; a span that starts or ends inside a token is widened to whole
//! tokens (the export says how many). Attributes and notes are not in CoNLL.
//!
//! Reading takes this layout, or plain `TOKEN TAG [TAG ..]` lines, whose tokens are then found
//! in the open document in order. The spans go onto the open document.

use super::anchor::Incoming;
use super::{fail, label_named, Foreign, FormatError};
use crate::core::annotation::span::{is_word_char, Span};
use crate::core::text::offsets::IndexedText;
use crate::core::workspace::DocEntry;

/// A token: its code point range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Token {
    start: usize,
    end: usize,
    /// A sentence ends after it.
    sentence_end: bool,
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let joins = |i: usize| {
        matches!(chars[i], '\'' | '\u{2019}' | '-' | '.')
            && i > 0
            && is_word_char(chars[i - 1])
            && chars.get(i + 1).is_some_and(|c| is_word_char(*c))
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            // A blank line ends a sentence.
            if c == '\n' {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '\n' && chars[j].is_whitespace() {
                    j += 1;
                }
                if chars.get(j) == Some(&'\n') {
                    if let Some(last) = tokens.last_mut() {
                        let last: &mut Token = last;
                        last.sentence_end = true;
                    }
                }
            }
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            while i < chars.len() && (is_word_char(chars[i]) || joins(i)) {
                i += 1;
            }
        } else {
            i += 1;
        }
        let sentence_end = matches!(c, '.' | '!' | '?') && start + 1 == i;
        tokens.push(Token {
            start,
            end: i,
            sentence_end,
        });
    }
    if let Some(last) = tokens.last_mut() {
        last.sentence_end = true;
    }
    tokens
}

/// Columns for spans, given as the token ranges they cover (widened to whole tokens): outer
/// spans first; a span goes to the first column where it shares no token with a span already
/// there (two spans inside one token share it though they do not overlap).
fn columns(ranges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    crate::core::sort::sort_by_key(&mut order, |&i| {
        (ranges[i].0, std::cmp::Reverse(ranges[i].1))
    });
    let shares = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
    let mut cols: Vec<Vec<usize>> = Vec::new();
    for i in order.into_iter().filter(|&i| ranges[i].0 < ranges[i].1) {
        let free = cols
            .iter()
            .position(|col| col.iter().all(|&j| !shares(ranges[j], ranges[i])));
        match free {
            Some(c) => cols[c].push(i),
            None => cols.push(vec![i]),
        }
    }
    cols
}

/// The document in CoNLL, and the warnings to show (what IOB could not hold).
pub fn write(entry: &DocEntry) -> (String, Vec<String>) {
    let doc = &entry.doc;
    let text = doc.doc().as_str();
    let tokens = tokenize(text);
    let spans: Vec<&Span> = doc.spans().iter().collect();
    // The tokens each span covers, first..last.
    let ranges: Vec<(usize, usize)> = spans
        .iter()
        .map(|span| {
            (
                tokens.partition_point(|t| t.end <= span.start),
                tokens.partition_point(|t| t.start < span.end),
            )
        })
        .collect();
    let cols = columns(&ranges);
    let mut widened = 0;
    // tags[c][t]
    let mut tags: Vec<Vec<String>> = vec![vec!["O".to_string(); tokens.len()]; cols.len().max(1)];
    for (c, col) in cols.iter().enumerate() {
        for &i in col {
            let span = spans[i];
            let (first, last) = ranges[i];
            if tokens[first].start != span.start || tokens[last - 1].end != span.end {
                widened += 1;
            }
            for (k, tag) in tags[c][first..last].iter_mut().enumerate() {
                *tag = format!("{}-{}", if k == 0 { "B" } else { "I" }, span.label);
            }
        }
    }
    let mut out = format!(
        "# avow conll: columns = TOKEN START END then IOB2 tags, one column per nesting level (outermost first): {} level(s)\n# document = {}\n",
        tags.len(),
        entry.display_title()
    );
    let indexed = doc.doc().text();
    let mut sentence_start = true;
    for (t, token) in tokens.iter().enumerate() {
        if sentence_start {
            let end = tokens[t..]
                .iter()
                .position(|x| x.sentence_end)
                .map_or(tokens.len(), |p| t + p);
            // The sentence's own text, its line breaks as spaces (a comment is one line).
            let last = &tokens[end.min(tokens.len() - 1)];
            let sentence: String = indexed
                .slice(token.start, last.end)
                .chars()
                .map(|c| {
                    if super::brat::is_line_break(c) {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            out.push_str(&format!("# text = {sentence}\n"));
        }
        let columns: Vec<&str> = tags.iter().map(|c| c[t].as_str()).collect();
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            indexed.slice(token.start, token.end),
            token.start,
            token.end,
            columns.join("\t")
        ));
        sentence_start = token.sentence_end;
        if token.sentence_end {
            out.push('\n');
        }
    }
    let mut warnings = Vec::new();
    if cols.len() > 1 {
        warnings.push(format!(
            "IOB holds one span per token per column: nested and overlapping spans are in {} tag columns, outermost first",
            cols.len()
        ));
    }
    if widened > 0 {
        warnings.push(format!(
            "{widened} span(s) start or end inside a word and were widened to whole tokens"
        ));
    }
    if doc
        .spans()
        .iter()
        .any(|s| !s.attrs.is_empty() || !s.note.is_empty())
    {
        warnings.push("attributes and notes are not in CoNLL".into());
    }
    let relations = doc.relations().len();
    if relations > 0 {
        warnings.push(format!(
            "CoNLL cannot hold relations: this file leaves out the document's {relations} (Avow's JSON, brat, doccano, Label Studio and W3C keep them)"
        ));
    }
    (out, warnings)
}

fn is_tag(t: &str) -> bool {
    t == "O" || t.starts_with("B-") || t.starts_with("I-")
}

/// A line's columns: split at tabs, or at spaces where it has no tab (CoNLL 2003, as Label
/// Studio exports it: `TOKEN -X- _ TAG`).
fn cells(line: &str) -> Vec<&str> {
    if line.contains('\t') {
        line.split('\t').collect()
    } else {
        line.split(' ').filter(|c| !c.is_empty()).collect()
    }
}

/// Whether a line is a token row: a token and at least one IOB tag, the last column a tag.
fn is_row(line: &str) -> bool {
    let cols = cells(line);
    cols.len() >= 2 && cols.last().is_some_and(|t| is_tag(t))
}

/// A line that holds no token: blank, `-DOCSTART-`, or a comment (a `#` line that is not a
/// token row: `#G7<TAB>B-PARTY` is a token).
fn is_skipped(line: &str) -> bool {
    line.trim().is_empty()
        || line.starts_with("-DOCSTART-")
        || (line.starts_with('#') && !is_row(line))
}

/// Whether a text looks like CoNLL (token lines with IOB tags, tab- or space-separated).
pub fn looks_like(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().filter(|l| !is_skipped(l)).take(20).collect();
    !lines.is_empty() && lines.iter().all(|l| is_row(l))
}

/// Reads CoNLL onto `doc_text` (the open document).
pub fn read(conll: &str, doc_text: &str) -> Result<Foreign, FormatError> {
    let indexed = IndexedText::new(doc_text.to_string());
    let mut cursor = 0usize;
    // Tokens with offsets, and their tags.
    let mut rows: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (n, line) in conll.lines().enumerate() {
        let at = format!("line {}", n + 1);
        if is_skipped(line) {
            continue;
        }
        let cols = cells(line);
        let with_offsets =
            cols.len() >= 4 && cols[1].parse::<usize>().is_ok() && cols[2].parse::<usize>().is_ok();
        let (start, end, tags) = if with_offsets {
            let (s, e) = (
                cols[1].parse::<usize>().unwrap_or(0),
                cols[2].parse::<usize>().unwrap_or(0),
            );
            if s >= e || e > indexed.len_cp() || indexed.slice(s, e) != cols[0] {
                return fail(
                    at,
                    format!("token {:?} is not at {s}–{e} in the open document", cols[0]),
                );
            }
            (s, e, cols[3..].to_vec())
        } else {
            // Find the token in the text, after the previous one.
            let token = cols[0];
            let rest = indexed.slice(cursor, indexed.len_cp());
            let Some(byte) = rest.find(token) else {
                return fail(
                    at,
                    format!("token {token:?} is not in the open document after the previous token"),
                );
            };
            let s = cursor + rest[..byte].chars().count();
            // The tags are the trailing columns (CoNLL 2003's `-X- _` before them are not).
            let first_tag = cols.len() - cols[1..].iter().rev().take_while(|t| is_tag(t)).count();
            (s, s + token.chars().count(), cols[first_tag..].to_vec())
        };
        cursor = end;
        rows.push((start, end, tags.into_iter().map(str::to_string).collect()));
    }
    let width = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
    let mut spans = Vec::new();
    for c in 0..width {
        let mut open: Option<(usize, usize, String)> = None;
        for (r, (start, end, tags)) in rows.iter().enumerate() {
            let tag = tags.get(c).map(String::as_str).unwrap_or("O");
            let (prefix, name) = tag.split_once('-').unwrap_or((tag, ""));
            let continues = prefix == "I" && open.as_ref().is_some_and(|o| o.2 == name);
            if !continues {
                if let Some((s, e, label)) = open.take() {
                    spans.push(Incoming::new(
                        s,
                        e,
                        label_named(&label, &format!("column {}", c + 4))?,
                    ));
                }
                if prefix == "B" || prefix == "I" {
                    label_named(name, &format!("token {} column {}", r + 1, c + 4))?;
                    open = Some((*start, *end, name.to_string()));
                }
            } else if let Some(o) = open.as_mut() {
                o.1 = *end;
            }
        }
        if let Some((s, e, label)) = open.take() {
            spans.push(Incoming::new(
                s,
                e,
                label_named(&label, &format!("column {}", c + 4))?,
            ));
        }
    }
    crate::core::sort::sort_by_key(&mut spans, |s| (s.start, std::cmp::Reverse(s.end)));
    Ok(Foreign::spans(spans))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::schema::Label;

    fn entry(text: &str, spans: &[(usize, usize, Label)]) -> DocEntry {
        let spans = spans
            .iter()
            .enumerate()
            .map(|(i, &(s, e, l))| Span::bare(i as u64 + 1, s, e, l))
            .collect();
        crate::core::formats::tests::generated_entry("d", text.into(), spans)
    }

    #[test]
    fn a_token_starting_with_a_hash_keeps_its_span() {
        let text = "The #G7 leaders met.";
        let (out, _) = write(&entry(text, &[(4, 7, Label::Party)]));
        // The tokenizer cuts "#" from "G7": the "#" row is a token, not a comment.
        assert!(
            out.contains("#\t4\t5\tB-PARTY\nG7\t5\t7\tI-PARTY\n"),
            "{out}"
        );
        let back = read(&out, text).unwrap();
        assert_eq!((back.spans[0].start, back.spans[0].end), (4, 7));
        // Comments are still comments.
        assert!(
            read("# text = x\n#G7\tB-PARTY\n", text)
                .unwrap()
                .spans
                .len()
                == 1
        );
    }

    #[test]
    fn spans_sharing_a_token_go_to_two_columns() {
        // "US" and "Japan" inside the one token "US-Japan": widened, they would overwrite.
        let text = "The US-Japan alliance.";
        let (out, warnings) = write(&entry(text, &[(4, 6, Label::Party), (7, 12, Label::Party)]));
        assert!(out.contains("US-Japan\t4\t12\tB-PARTY\tB-PARTY\n"), "{out}");
        assert!(
            warnings.iter().any(|w| w.contains("2 span(s)")),
            "{warnings:?}"
        );
    }

    #[test]
    fn the_text_comment_is_the_sentences_own_text() {
        let text = "They met in  Tokyo,\r\nand agreed.";
        let (out, _) = write(&entry(text, &[]));
        assert!(
            out.contains("# text = They met in  Tokyo,  and agreed.\n"),
            "{out}"
        );
    }

    #[test]
    fn label_studio_conll_2003_is_read_as_conll() {
        let text = "Japan and the United States will act.";
        let exported = "-DOCSTART- -X- O\nJapan -X- _ B-PARTY\nand -X- _ O\nthe -X- _ O\nUnited -X- _ B-PARTY\nStates -X- _ I-PARTY\nwill -X- _ O\nact -X- _ O\n. -X- _ O\n";
        assert!(looks_like(exported));
        let back = read(exported, text).unwrap();
        let got: Vec<(usize, usize)> = back.spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(got, [(0, 5), (14, 27)]);
        // A plain text is not CoNLL.
        assert!(!looks_like("Japan and the United States will act.\n"));
    }
}
