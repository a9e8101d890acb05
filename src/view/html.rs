//! A block of the document as HTML, built as one string: the browser parses it in one call,
//! where building it node by node costs hundreds of calls across the wasm boundary (the
//! dominant cost of opening a page and of redrawing a block after an edit).
//!
//! The markup is exactly what `ui::text::selection` reads: each run of text is a
//! `span.run[data-s][data-e]` holding one text node, wrapped in one `span.hl` per span over it,
//! innermost lane nearest the text. Everything from the text or the user is escaped, and the
//! characters the HTML parser would change (CR, which it folds into LF) are written as
//! character references, so the DOM's text is the document's text exactly.

use crate::core::annotation::span::{Span, SpanId};
use crate::core::schema::Attribute;
use crate::core::text::document::Metadata;
use crate::core::text::offsets::IndexedText;
use crate::view::layout::{segments, Block};
use std::fmt::Write;

/// Appends `text` escaped for HTML text or a double-quoted attribute value.
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\r', '\0']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\r' => "&#13;",
            // The parser drops a raw NUL from text; a reference gives U+FFFD. Text with NUL
            // is refused when a file is opened, so this only keeps the markup well-formed.
            _ => "&#65533;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// The hover text of a highlight: label and attributes, so colour is never the only cue.
pub fn span_title(span: &Span, meta: &Metadata) -> String {
    let mut title = span.label.name().to_string();
    for (attr, value) in &span.attrs {
        let shown = if *attr == Attribute::Committer {
            meta.committer_caption(value)
        } else {
            value.clone()
        };
        let _ = write!(title, "\n{attr}: {shown}");
    }
    if !span.note.is_empty() {
        let _ = write!(title, "\nnote: {}", span.note);
    }
    title
}

/// What a block's HTML depends on besides its text.
pub struct BlockMarks<'a> {
    /// The spans over the block.
    pub spans: &'a [&'a Span],
    /// Search matches in the block, `(start, end, is_current)`.
    pub matches: &'a [(usize, usize, bool)],
    /// The selected span.
    pub selected: Option<SpanId>,
    /// For the committer's caption in hover texts.
    pub meta: &'a Metadata,
}

/// The inner HTML of a block.
pub fn block_html(text: &IndexedText, block: Block, marks: &BlockMarks) -> String {
    let segs = segments(block, marks.spans, marks.matches);
    let by_id = |id: SpanId| marks.spans.iter().find(|s| s.id == id).copied();
    let mut out = String::with_capacity((block.end - block.start) * 2 + segs.len() * 160);
    for seg in &segs {
        // Outermost lane first, so the innermost wrapper is nearest the text.
        for layer in &seg.spans {
            let Some(span) = by_id(layer.id) else {
                continue;
            };
            let label = span.label;
            let _ = write!(
                out,
                "<span class=\"hl lbl-{} lane-{}{}{}{}\" data-id=\"{}\" data-label=\"{}\" data-code=\"{}\" title=\"",
                label.index(),
                layer.lane.min(7),
                if Some(span.id) == marks.selected { " sel" } else { "" },
                if layer.starts_here { " first" } else { "" },
                if layer.ends_here { " last" } else { "" },
                span.id.0,
                label.name(),
                label.code(),
            );
            escape_into(&mut out, &span_title(span, marks.meta));
            out.push_str("\">");
        }
        let _ = write!(
            out,
            "<span class=\"run{}{}\" data-s=\"{}\" data-e=\"{}\">",
            if seg.matched { " match" } else { "" },
            if seg.current_match { " current" } else { "" },
            seg.start,
            seg.end
        );
        escape_into(&mut out, text.slice(seg.start, seg.end));
        out.push_str("</span>");
        for _ in seg.spans.iter().filter(|l| by_id(l.id).is_some()) {
            out.push_str("</span>");
        }
    }
    out
}

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

/// What a row of the span list shows about its span.
pub struct RowText<'a> {
    pub span: &'a Span,
    /// The span's text.
    pub quote: &'a str,
    /// Its attribute values as shown (committer with the party's name).
    pub details: String,
    pub selected: bool,
}

/// The element id of a span's row in the list (for the listbox's active descendant).
pub fn row_id(id: SpanId) -> String {
    format!("span-row-{}", id.0)
}

/// Appends the HTML of one row of the span list (the list draws its visible rows as one
/// string, and handles clicks on the list as a whole).
pub fn list_row_html(out: &mut String, row: &RowText) {
    let label = row.span.label;
    let _ = write!(
        out,
        "<li class=\"annotation-item lbl-{}{}\" data-testid=\"annotation-item\" data-id=\"{}\" data-label=\"{}\" \
         role=\"option\" id=\"{}\" aria-selected=\"{}\">\
         <span class=\"chip\" data-testid=\"item-label\">{}</span><q class=\"quote\" data-testid=\"item-quote\">",
        label.index(),
        if row.selected { " selected" } else { "" },
        row.span.id.0,
        label.name(),
        row_id(row.span.id),
        row.selected,
        label.name(),
    );
    // The quote's end is drawn apart from its head, which alone is cut where the row ends, so
    // a long span's end always shows.
    let shown = elide(row.quote);
    let (head, tail) = split_tail(&shown);
    out.push_str("<span class=\"q-head\">");
    escape_into(out, head);
    out.push_str("</span><span class=\"q-tail\">");
    escape_into(out, tail);
    out.push_str("</span></q><span class=\"details\" data-testid=\"item-details\">");
    escape_into(out, &row.details);
    out.push_str("</span>");
    if !row.span.note.is_empty() {
        out.push_str("<span class=\"note-mark\" title=\"has a note\">✎</span>");
    }
    out.push_str("</li>");
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

/// The span editor's list of a span's relations, in and out, as markup: each row names the
/// kind and direction, the other end (a button that jumps there: `data-jump`, its span id)
/// and a delete button (`data-unlink`, the relation's id); a relation that no longer fits the
/// schema says why. Then, when the committer attribute and the committer relations
/// disagree, a line saying so. Empty when there is nothing to list.
pub fn relations_html(doc: &crate::core::annotation::model::Annotated, id: SpanId) -> String {
    let mut out = String::new();
    let relations = doc.relations().of(id);
    if !relations.is_empty() {
        out.push_str("<h3>Relations</h3><ul>");
    }
    for r in relations {
        let out_of = r.from == id;
        let other = if out_of { r.to } else { r.from };
        let Some(span) = doc.spans().get(other) else {
            continue;
        };
        let problem = doc.relation_problem(r);
        let _ = write!(
            out,
            "<li data-testid=\"relation-item\"{}><span class=\"relation-kind\">{}</span> <button class=\"link\" data-jump=\"{}\" title=\"Go to the other end\">{} “",
            if problem.is_some() { " class=\"invalid\"" } else { "" },
            if out_of { format!("{} →", r.kind) } else { format!("← {}", r.kind) },
            other.0,
            span.label
        );
        escape_into(&mut out, &elide(doc.quote(span)));
        out.push_str("”</button>");
        if let Some(why) = problem {
            out.push_str(" <span class=\"warning\">invalid: ");
            escape_into(&mut out, &why);
            out.push_str("</span>");
        }
        let _ = write!(
            out,
            " <button class=\"danger small\" data-testid=\"relation-delete\" data-unlink=\"{0}\" title=\"Delete this relation\" aria-label=\"Delete this relation\">×</button><input class=\"relation-note\" data-testid=\"relation-note\" data-note=\"{0}\" placeholder=\"Note\" aria-label=\"Note on this relation\" value=\"",
            r.id.0
        );
        escape_into(&mut out, &r.note);
        out.push_str("\"></li>");
    }
    if out.starts_with("<h3>") {
        out.push_str("</ul>");
    }
    if let Some(why) = doc.committer_disagreement(id) {
        out.push_str("<p class=\"warning\" data-testid=\"committer-disagreement\">");
        escape_into(&mut out, &why);
        out.push_str("</p>");
    }
    out
}

/// The span editor's buttons that begin a relation of one kind at a span of `label`: one for
/// each kind a span of that label can take part in, at either end (`data-kind`: its place in
/// `RelationKind::ALL`).
pub fn link_kinds_html(label: crate::core::schema::Label) -> String {
    use crate::core::schema::{Label, RelationKind};
    let mut out = String::new();
    for (i, kind) in RelationKind::ALL.into_iter().enumerate() {
        if Label::ALL
            .iter()
            .any(|other| kind.allows(label, *other) || kind.allows(*other, label))
        {
            let _ = write!(
                out,
                "<button class=\"small\" data-testid=\"relation-type-{0}\" data-kind=\"{i}\" title=\"Link this span by a {0} relation ({1})\">{0}</button> ",
                kind.name(),
                kind.info().ends
            );
        }
    }
    out
}

/// The Spans tab's list of the document's relations (of `kind`, or all), by id, at most
/// `most` of them: each row names its two ends (buttons that jump there: `data-jump`) and its
/// kind; an invalid one says so. Then a line with how many more there are, if any.
pub fn relation_list_html(
    doc: &crate::core::annotation::model::Annotated,
    kind: Option<crate::core::schema::RelationKind>,
    most: usize,
) -> String {
    let mut out = String::new();
    let mut shown = 0;
    let mut more = 0;
    for r in doc
        .relations()
        .iter()
        .filter(|r| kind.is_none_or(|k| r.kind == k))
    {
        if shown == most {
            more += 1;
            continue;
        }
        let (Some(from), Some(to)) = (doc.spans().get(r.from), doc.spans().get(r.to)) else {
            continue;
        };
        shown += 1;
        out.push_str("<li data-testid=\"relation-row\">");
        for (i, span) in [from, to].into_iter().enumerate() {
            if i == 1 {
                let _ = write!(
                    out,
                    " <span class=\"relation-kind{}\">—{}→</span> ",
                    if doc.relation_problem(r).is_some() {
                        " invalid"
                    } else {
                        ""
                    },
                    r.kind
                );
            }
            let _ = write!(
                out,
                "<button class=\"link\" data-jump=\"{}\">{} “",
                span.id.0, span.label
            );
            let quote: String = elide(doc.quote(span)).chars().take(40).collect();
            escape_into(&mut out, &quote);
            out.push_str("”</button>");
        }
        out.push_str("</li>");
    }
    if more > 0 {
        let _ = write!(
            out,
            "<li class=\"hint\">and {more} more: choose a type to narrow the list</li>"
        );
    }
    out
}

/// A select's options: `(value, caption)` each (the values and captions are the schema's own
/// names, never user text).
pub fn options_html<'a>(options: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (value, caption) in options {
        let _ = write!(out, "<option value=\"{value}\">{caption}</option>");
    }
    out
}

/// The imported spans that could not be placed, a row each: label, quote, and the buttons
/// that place it on the selection (`data-place`) or drop it (`data-drop`), by its place in
/// the list.
pub fn orphans_html(orphans: &[crate::core::formats::anchor::Incoming]) -> String {
    let mut out = String::new();
    for (i, orphan) in orphans.iter().enumerate() {
        let _ = write!(
            out,
            "<li class=\"orphan lbl-{}\" data-testid=\"orphan\"><span class=\"chip\">{}</span> <q>",
            orphan.label.index(),
            orphan.label.name()
        );
        escape_into(&mut out, &elide(orphan.quote.as_deref().unwrap_or("")));
        let _ = write!(
            out,
            "</q> <button data-testid=\"orphan-place\" data-place=\"{i}\">Place</button> <button data-testid=\"orphan-drop\" data-drop=\"{i}\">Drop</button></li>"
        );
    }
    out
}

/// One row of the Workspace tab's document list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRow {
    pub id: String,
    pub title: String,
    pub spans: usize,
    /// Last edited, milliseconds since the epoch.
    pub modified: i64,
    pub done: bool,
    pub current: bool,
    pub annotator: String,
    /// Its text's SHA-256: documents with the same text are versions of it.
    pub text: String,
    pub relations: usize,
    /// A gold version (adjudicated).
    pub gold: bool,
}

/// The order the list shows `rows` in: as given, except that the versions of a text follow
/// the first of them; each with how many versions its text has.
fn grouped_by_text(rows: &[DocRow]) -> Vec<(&DocRow, usize)> {
    let mut out = Vec::with_capacity(rows.len());
    let mut listed = vec![false; rows.len()];
    for (i, row) in rows.iter().enumerate() {
        if listed[i] {
            continue;
        }
        let versions: Vec<usize> = (i..rows.len())
            .filter(|&j| rows[j].text == row.text)
            .collect();
        for &j in &versions {
            listed[j] = true;
            out.push((&rows[j], versions.len()));
        }
    }
    out
}

/// A count with its noun: "1 span", "2 spans".
pub fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// The selected span's attribute fields as markup: a drop-down per attribute of its label
/// (`data-attr` names it), "not set" first; `caption` words each value (the committer's name
/// the document's parties). The values chosen are set on the page, field by field, so that an
/// edit never redraws the field being used.
pub fn attribute_fields_html(
    attrs: &[Attribute],
    caption: impl Fn(Attribute, &str) -> String,
) -> String {
    let mut out = String::new();
    for &attr in attrs {
        let name = attr.name();
        let _ = write!(
            out,
            "<div class=\"field\"><label for=\"attr-{name}\" title=\""
        );
        escape_into(&mut out, attr.question());
        let _ = write!(out, "\">{name}</label><select id=\"attr-{name}\" data-testid=\"attr-{name}\" data-attr=\"{name}\" title=\"");
        escape_into(&mut out, attr.question());
        out.push_str("\"><option value=\"\">— not set —</option>");
        for value in attr.values() {
            let _ = write!(out, "<option value=\"{value}\">");
            escape_into(&mut out, &caption(attr, value));
            out.push_str("</option>");
        }
        out.push_str("</select></div>");
    }
    out
}

/// What the import dialog asks about: a file whose text is already in the workspace.
pub struct ImportQuestion<'a> {
    pub file: &'a str,
    /// The file's annotator (trimmed; empty when it names none).
    pub annotator: &'a str,
    pub title: &'a str,
    /// The title of the document here with the same text, and its spans.
    pub existing_title: &'a str,
    pub spans_here: usize,
    pub spans_in_file: usize,
    /// It can be added as a version: this annotator has none of this text here.
    pub can_add_version: bool,
}

/// The import dialog as markup: each choice is a button naming it in `data-choice` (replace,
/// both, version, cancel); a version of a file that names no annotator asks for the name.
pub fn import_dialog_html(q: &ImportQuestion) -> String {
    let mut out = String::from(
        "<div class=\"dialog-backdrop\"><div class=\"dialog\" role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"import-dialog-title\" aria-describedby=\"import-dialog-what\" data-testid=\"import-dialog\"><h2 id=\"import-dialog-title\">This document is already in your workspace</h2><p id=\"import-dialog-what\">",
    );
    escape_into(&mut out, q.file);
    if !q.annotator.is_empty() {
        out.push_str(" (annotated by ");
        escape_into(&mut out, q.annotator);
        out.push(')');
    }
    out.push_str(" holds “");
    escape_into(&mut out, q.title);
    out.push_str("”, whose text is the same as “");
    escape_into(&mut out, q.existing_title);
    let _ = write!(
        out,
        "” ({} here, {} in the file).</p>",
        plural(q.spans_here, "span"),
        q.spans_in_file
    );
    if q.can_add_version {
        out.push_str("<p class=\"dialog-version\">");
        if q.annotator.is_empty() {
            out.push_str("<label>Annotator of this version: <input data-testid=\"import-annotator\"></label><button data-testid=\"import-add-version\" data-choice=\"version\">Add as their version");
        } else {
            out.push_str(
                "<button data-testid=\"import-add-version\" data-choice=\"version\">Add as ",
            );
            escape_into(&mut out, q.annotator);
            out.push_str("'s version");
        }
        out.push_str("</button></p>");
    }
    out.push_str("<div class=\"dialog-actions\"><button data-testid=\"import-replace\" data-choice=\"replace\">Replace mine</button><button data-testid=\"import-keep-both\" data-choice=\"both\">Keep both</button><button data-testid=\"import-cancel\" data-choice=\"cancel\">Cancel</button></div></div></div>");
    out
}

/// The document list's rows as markup: open, rename (in place), mark done, delete (asking in
/// the row). Each control names its action in `data-action`; the row holds the id.
pub fn doc_rows_html(rows: &[DocRow], renaming: Option<&str>, confirming: Option<&str>) -> String {
    let mut out = String::new();
    let mut text = None;
    for (row, versions) in grouped_by_text(rows) {
        // A text with several versions: its title, then its versions, indented under it.
        let grouped = versions > 1;
        if grouped && text != Some(&row.text) {
            out.push_str(
                "<li class=\"doc-group\" data-testid=\"doc-group\"><span class=\"doc-name\">",
            );
            escape_into(&mut out, &row.title);
            let _ = write!(out, "</span> · {versions} versions of this text</li>");
        }
        text = Some(&row.text);
        out.push_str("<li class=\"doc-item");
        if grouped {
            out.push_str(" in-group");
        }
        if row.current {
            out.push_str(" current");
        }
        if row.done {
            out.push_str(" done");
        }
        out.push_str("\" data-testid=\"doc-item\" data-id=\"");
        escape_into(&mut out, &row.id);
        out.push_str("\">");
        if renaming == Some(row.id.as_str()) {
            out.push_str("<input class=\"rename\" data-testid=\"doc-rename-input\" data-action=\"rename-input\" aria-label=\"New title\" value=\"");
            escape_into(&mut out, &row.title);
            out.push_str("\">");
        } else {
            out.push_str("<button class=\"doc-open link-like\" data-testid=\"doc-item-open\" data-action=\"open\" title=\"Open this document\"><span class=\"doc-name\" data-testid=\"doc-item-title\">");
            escape_into(&mut out, &row.title);
            out.push_str("</span></button>");
        }
        let when = crate::core::time::iso_from_ms(row.modified).replace('T', " ");
        let _ = write!(
            out,
            "<span class=\"doc-meta\"><span data-testid=\"doc-item-spans\">{}</span>",
            plural(row.spans, "span")
        );
        if row.relations > 0 {
            let _ = write!(
                out,
                " · <span data-testid=\"doc-item-relations\">{}</span>",
                plural(row.relations, "relation")
            );
        }
        let _ = write!(
            out,
            " · <span title=\"last edited (UTC)\">{}</span>",
            when.get(..16).unwrap_or(&when)
        );
        if grouped && (row.gold || !row.annotator.is_empty()) {
            out.push_str(" · <span data-testid=\"doc-item-version\">");
            if row.gold {
                out.push_str("the gold version");
            } else {
                escape_into(&mut out, &row.annotator);
                out.push_str("'s version");
            }
            let _ = write!(out, ", one of {versions}</span>");
        }
        let asking = confirming == Some(row.id.as_str());
        let _ = write!(
            out,
            "</span><span class=\"doc-actions\"><label class=\"done-toggle\" title=\"Mark this document done\"><input type=\"checkbox\" data-testid=\"doc-status\" data-action=\"status\"{}> done</label><button data-testid=\"doc-rename\" data-action=\"rename\" title=\"Rename\">Rename</button><button data-testid=\"doc-delete\" data-action=\"delete\" class=\"danger{}\" title=\"Delete (asks first; you can undo)\">Delete</button></span>",
            if row.done { " checked" } else { "" },
            if asking { " hidden" } else { "" }
        );
        if asking {
            out.push_str("<div class=\"doc-confirm\" role=\"group\" aria-label=\"Confirm deletion\" data-testid=\"doc-delete-ask\"><span>Delete “");
            escape_into(&mut out, &row.title);
            out.push_str("” from this browser?</span><button class=\"danger\" data-testid=\"doc-delete-confirm\" data-action=\"confirm\">Delete</button><button data-testid=\"doc-delete-cancel\" data-action=\"keep\">Keep</button></div>");
        }
        out.push_str("</li>");
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn relations_are_listed_escaped_by_type_and_invalid_ones_say_so() {
        use crate::core::schema::{Label, RelationKind};
        let text = "A <b> act & \"party\" here";
        let mut d =
            crate::core::annotation::model::Annotated::new(text.into(), Metadata::default());
        let act = d
            .annotate(0, 9, Label::Commitment, false, 0)
            .unwrap()
            .select
            .unwrap();
        let party = d
            .annotate(12, 19, Label::Party, false, 0)
            .unwrap()
            .select
            .unwrap();
        d.link(act, party, RelationKind::Committer, 0).unwrap();
        let all = relation_list_html(&d, None, 10);
        assert!(all.contains("COMMITMENT “A &lt;b&gt; act”"), "{all}");
        assert!(
            all.contains("—committer→") && all.contains("PARTY “&quot;party&quot;”"),
            "{all}"
        );
        assert_eq!(relation_list_html(&d, Some(RelationKind::Embeds), 10), "");
        assert!(relation_list_html(&d, None, 0).contains("and 1 more"));
        // The span editor's list, from each end; a relabel makes it invalid, with the reason.
        assert!(relations_html(&d, act).contains("committer →"));
        assert!(relations_html(&d, party).contains("← committer"));
        d.relabel(party, Label::Attribution, 1).unwrap();
        let html = relations_html(&d, act);
        assert!(
            html.contains("class=\"invalid\"")
                && html.contains("invalid: a committer relation runs act → PARTY"),
            "{html}"
        );
    }

    #[test]
    fn a_span_offers_the_kinds_its_label_takes_part_in() {
        use crate::core::schema::Label;
        let kinds = |l| {
            let html = link_kinds_html(l);
            ["committer", "source", "constrains", "embeds"]
                .into_iter()
                .filter(|k| html.contains(&format!("relation-type-{k}")))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds(Label::Commitment),
            ["committer", "source", "constrains", "embeds"]
        );
        assert_eq!(kinds(Label::Party), ["committer"]);
        assert_eq!(kinds(Label::Constraint), ["constrains"]);
        assert_eq!(kinds(Label::Attribution), ["source"]);
    }

    #[test]
    fn pixel_lengths_are_written_to_a_hundredth() {
        assert_eq!(px(12.0), "12px");
        assert_eq!(px(12.5), "12.5px");
        assert_eq!(px(21.333), "21.33px");
        assert_eq!(px(0.004), "0px");
        assert_eq!(px(-3.25), "-3.25px");
        assert_eq!(px(1_234_567.0), "1234567px");
    }
    use crate::core::schema::Label;
    use crate::core::text::offsets::tests::tricky_text;
    use proptest::prelude::*;

    /// Reads back what [`escape_into`] writes (the references it uses, nothing more).
    fn unescape(html: &str) -> String {
        html.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#13;", "\r")
            .replace("&#65533;", "\u{fffd}")
            .replace("&amp;", "&")
    }

    /// The text nodes of markup this module writes, joined (tags dropped, references read).
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            text.push_str(&unescape(&rest[..open]));
            let close = rest[open..].find('>').unwrap();
            rest = &rest[open + close + 1..];
        }
        text.push_str(&unescape(rest));
        text
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut out = String::new();
        escape_into(&mut out, "a<b>&\"c\"\r\n");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&quot;&#13;\n");
    }

    #[test]
    fn a_block_nests_highlights_innermost_nearest_the_text() {
        let text = IndexedText::new("We will <act> now.\r\n".into());
        let mut outer = Span::bare(1, 0, 13, Label::Commitment);
        outer.note = "a \"quoted\" <note>".into();
        let inner = Span::bare(2, 3, 7, Label::Constraint);
        let spans = [&outer, &inner];
        let meta = Metadata::default();
        let marks = BlockMarks {
            spans: &spans,
            matches: &[],
            selected: Some(SpanId(2)),
            meta: &meta,
        };
        let html = block_html(&text, Block::lines(0, 20), &marks);
        assert_eq!(text_of(&html), text.as_str());
        assert!(html.contains(
            "<span class=\"hl lbl-6 lane-0 sel first last\" data-id=\"2\" data-label=\"CONSTRAINT\""
        ));
        // The outer span ends in its last segment only: where screen readers hear its end.
        assert_eq!(html.matches(" last\"").count(), 2);
        assert!(html
            .contains("<span class=\"run\" data-s=\"3\" data-e=\"7\">will</span></span></span>"));
        assert!(html.contains("title=\"COMMITMENT\nnote: a &quot;quoted&quot; &lt;note&gt;\""));
        assert!(
            html.ends_with("<span class=\"run\" data-s=\"13\" data-e=\"20\"> now.&#13;\n</span>")
        );
    }

    #[test]
    fn a_list_row_shows_label_quote_and_details_escaped() {
        let mut span = Span::bare(7, 0, 5, Label::Party);
        span.note = "n".into();
        let mut out = String::new();
        let row = RowText {
            span: &span,
            quote: "<Japan>\n and\tthe \"US\"",
            details: "party A: USA & co".into(),
            selected: true,
        };
        list_row_html(&mut out, &row);
        assert!(out.starts_with(
            "<li class=\"annotation-item lbl-5 selected\" data-testid=\"annotation-item\" data-id=\"7\" data-label=\"PARTY\" role=\"option\" id=\"span-row-7\" aria-selected=\"true\">"
        ));
        assert_eq!(
            text_of(&out),
            "PARTY<Japan> and the \"US\"party A: USA & co✎"
        );
        assert_eq!(elide(&"word ".repeat(100)).chars().count(), QUOTE_CHARS + 3);
        // A long quote's row shows its end.
        let long = format!("{} the very end", "word ".repeat(40));
        let row = RowText {
            span: &span,
            quote: &long,
            details: String::new(),
            selected: false,
        };
        let mut out = String::new();
        list_row_html(&mut out, &row);
        assert!(text_of(&out).contains("word the very end✎"), "{out}");
        let tail = out.split("<span class=\"q-tail\">").nth(1).unwrap();
        assert!(
            tail.starts_with(" word") && tail.contains("the very end</span>"),
            "{out}"
        );
    }

    proptest! {
        #[test]
        fn a_block_holds_its_text_exactly(t in tricky_text(), cuts in prop::collection::vec((0usize..40, 1usize..20), 0..6)) {
            let text = IndexedText::new(t);
            let len = text.len_cp();
            let spans: Vec<Span> = cuts.iter().enumerate()
                .filter(|(_, (s, l))| s + l <= len)
                .map(|(i, (s, l))| Span::bare(i as u64 + 1, *s, s + l, Label::ALL[i % 8]))
                .collect();
            let refs: Vec<&Span> = spans.iter().collect();
            let meta = Metadata::default();
            let marks = BlockMarks { spans: &refs, matches: &[], selected: None, meta: &meta };
            let html = block_html(&text, Block::lines(0, len), &marks);
            prop_assert_eq!(text_of(&html), text.as_str().replace('\0', "\u{fffd}"));
            prop_assert_eq!(html.matches("<span").count(), html.matches("</span>").count());
        }
    }

    #[test]
    fn orphans_are_listed_escaped_with_their_place() {
        use crate::core::formats::anchor::Incoming;
        let orphan = Incoming {
            quote: Some("a <b> quote".into()),
            ..Incoming::new(0, 1, crate::core::schema::Label::Party)
        };
        let html = orphans_html(&[orphan.clone(), orphan]);
        assert!(html.contains("<q>a &lt;b&gt; quote</q>"), "{html}");
        assert!(html.contains("data-place=\"1\"") && html.contains("data-drop=\"1\""));
        assert_eq!(html.matches("data-testid=\"orphan\"").count(), 2);
    }

    #[test]
    fn attribute_fields_are_a_drop_down_each_with_not_set_first() {
        let html = attribute_fields_html(&[Attribute::Committer, Attribute::Strength], |a, v| {
            format!("{}:{v}", a.name())
        });
        assert_eq!(html.matches("<select").count(), 2);
        assert!(html.contains("<label for=\"attr-committer\""), "{html}");
        assert!(
            html.contains("data-testid=\"attr-strength\" data-attr=\"strength\""),
            "{html}"
        );
        assert!(html.contains("title=\"&quot;will / shall"), "{html}");
        assert!(html.contains("<option value=\"\">— not set —</option><option value=\"firm\">strength:firm</option>"), "{html}");
        assert!(attribute_fields_html(&[], |_, v| v.into()).is_empty());
    }

    #[test]
    fn the_import_dialog_names_the_file_and_asks_for_a_version_only_where_one_can_be_added() {
        let mut q = ImportQuestion {
            file: "a<b>.json",
            annotator: "",
            title: "T & U",
            existing_title: "Mine",
            spans_here: 2,
            spans_in_file: 3,
            can_add_version: true,
        };
        let html = import_dialog_html(&q);
        assert!(
            html.contains("a&lt;b&gt;.json holds “T &amp; U”, whose text is the same as “Mine” (2 spans here, 3 in the file)."),
            "{html}"
        );
        // No annotator in the file: the name is asked for.
        assert!(
            html.contains("data-testid=\"import-annotator\"")
                && html.contains(">Add as their version<")
        );
        for choice in ["version", "replace", "both", "cancel"] {
            assert!(
                html.contains(&format!("data-choice=\"{choice}\"")),
                "{choice}"
            );
        }
        q.annotator = "ben";
        let html = import_dialog_html(&q);
        assert!(
            html.contains(".json (annotated by ben) holds")
                && html.contains(">Add as ben's version<")
        );
        assert!(!html.contains("import-annotator"));
        q.can_add_version = false;
        assert!(!import_dialog_html(&q).contains("data-choice=\"version\""));
    }

    #[test]
    fn doc_rows_show_state_versions_and_the_question_in_place() {
        let row = DocRow {
            id: "d-1".into(),
            title: "Joint <statement>".into(),
            spans: 3,
            modified: 0,
            done: true,
            current: true,
            annotator: "ana".into(),
            text: "abc".into(),
            relations: 1,
            gold: false,
        };
        // Three versions of the text: ana's, ben's and the gold one.
        let versions = |row: &DocRow| {
            let ben = DocRow {
                id: "d-2".into(),
                annotator: "ben".into(),
                current: false,
                ..row.clone()
            };
            let gold = DocRow {
                id: "d-3".into(),
                annotator: "cleo".into(),
                gold: true,
                current: false,
                ..row.clone()
            };
            vec![row.clone(), ben, gold]
        };
        let all = doc_rows_html(&versions(&row), None, None);
        assert!(all.starts_with("<li class=\"doc-group\" data-testid=\"doc-group\"><span class=\"doc-name\">Joint &lt;statement&gt;</span> · 3 versions of this text</li>"));
        let plain = all
            .strip_prefix(all.split_inclusive("</li>").next().unwrap())
            .unwrap();
        assert!(plain.starts_with(
            "<li class=\"doc-item in-group current done\" data-testid=\"doc-item\" data-id=\"d-1\">"
        ));
        assert!(plain.contains("Joint &lt;statement&gt;"));
        assert!(plain.contains(
            "3 spans</span> · <span data-testid=\"doc-item-relations\">1 relation</span> · <span title=\"last edited (UTC)\">1970-01-01 00:00</span>"
        ));
        assert!(plain.contains("ana's version, one of 3"));
        assert!(plain.contains("data-action=\"status\" checked>"));
        assert!(!plain.contains("doc-delete-ask") && !plain.contains("doc-rename-input"));
        assert!(
            all.contains("ben's version, one of 3") && all.contains("the gold version, one of 3")
        );
        let busy = doc_rows_html(std::slice::from_ref(&row), Some("d-1"), Some("d-1"));
        assert!(busy.contains("data-testid=\"doc-rename-input\" data-action=\"rename-input\" aria-label=\"New title\" value=\"Joint &lt;statement&gt;\""));
        assert!(busy.contains("class=\"danger hidden\""));
        assert!(busy.contains("Delete “Joint &lt;statement&gt;” from this browser?"));
        // Alone, a document says nothing of versions, and one span is "1 span".
        let alone = DocRow {
            spans: 1,
            relations: 0,
            ..row.clone()
        };
        let html = doc_rows_html(std::slice::from_ref(&alone), None, None);
        assert!(
            !html.contains("version") && !html.contains("doc-group") && !html.contains("relation")
        );
        assert!(html.contains(">1 span<"));
        // Versions of a text follow the first of them; other documents keep their place.
        let other = DocRow {
            id: "d-9".into(),
            text: "xyz".into(),
            ..alone
        };
        let mut rows = versions(&row);
        rows.insert(1, other);
        let html = doc_rows_html(&rows, None, None);
        let ids: Vec<&str> = html
            .split("data-id=\"")
            .skip(1)
            .map(|rest| &rest[..3])
            .collect();
        assert_eq!(ids, ["d-1", "d-2", "d-3", "d-9"]);
    }
}
