//! The Spans tab's lists as markup: a row per span (the list draws the rows in view), the
//! document's relations, the spans an import could not place, and a select's options.

use crate::core::annotation::model::Annotated;
use crate::core::annotation::span::{Span, SpanId};
use crate::core::formats::anchor::Incoming;
use crate::core::schema::RelationKind;
use crate::markup;
use crate::view::actions::Action;
use crate::view::markup::{text, Html, Markup};
use crate::view::words::{elide, split_tail};

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

/// One row of the span list (the list draws its visible rows, each as one piece of markup, and
/// handles clicks on the list as a whole: a row names its span in `data-id`).
pub fn list_row_html(row: &RowText) -> Html {
    let label = row.span.label;
    let mut m = Markup::with_capacity(400);
    markup!(
        m,
        "<li class=\"annotation-item lbl-",
        label.index(),
        row.selected.then_some(" selected"),
        "\" data-testid=\"annotation-item\" data-id=\"",
        row.span.id.0,
        "\" data-label=\"",
        label.name(),
        "\" role=\"option\" id=\"span-row-",
        row.span.id.0,
        "\" aria-selected=\"",
        row.selected,
        "\"><span class=\"chip\" data-testid=\"item-label\">",
        label.name(),
        "</span><q class=\"quote\" data-testid=\"item-quote\">"
    );
    // The quote's end is drawn apart from its head, which alone is cut where the row ends, so
    // a long span's end always shows.
    let shown = elide(row.quote);
    let (head, tail) = split_tail(&shown);
    markup!(
        m,
        "<span class=\"q-head\">",
        text(head),
        "</span><span class=\"q-tail\">",
        text(tail),
        "</span></q><span class=\"details\" data-testid=\"item-details\">",
        text(&row.details),
        "</span>",
        (!row.span.note.is_empty())
            .then_some("<span class=\"note-mark\" title=\"has a note\">✎</span>"),
        "</li>"
    );
    m.finish()
}

/// The Spans tab's list of the document's relations (of `kind`, or all), by id, at most
/// `most` of them: each row names its two ends (buttons that go there) and its kind; an
/// invalid one says so. Then a line with how many more there are, if any.
pub fn relation_list_html(doc: &Annotated, kind: Option<RelationKind>, most: usize) -> Html {
    let mut m = Markup::new();
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
        m.push("<li data-testid=\"relation-row\">");
        for (i, span) in [from, to].into_iter().enumerate() {
            if i == 1 {
                markup!(
                    m,
                    " <span class=\"relation-kind",
                    doc.relation_problem(r).is_some().then_some(" invalid"),
                    "\">—",
                    r.kind.name(),
                    "→</span> "
                );
            }
            let quote: String = elide(doc.quote(span)).chars().take(40).collect();
            markup!(
                m,
                "<button class=\"link\"",
                Action::Jump(span.id),
                ">",
                span.label.name(),
                " “",
                text(&quote),
                "”</button>"
            );
        }
        m.push("</li>");
    }
    if more > 0 {
        markup!(
            m,
            "<li class=\"hint\">and ",
            more,
            " more: choose a type to narrow the list</li>"
        );
    }
    m.finish()
}

/// A select's options: `(value, caption)` each, the schema's own names (program text).
pub fn options_html(options: impl IntoIterator<Item = (&'static str, &'static str)>) -> Html {
    let mut m = Markup::new();
    for (value, caption) in options {
        markup!(m, "<option value=\"", value, "\">", caption, "</option>");
    }
    m.finish()
}

/// The imported spans that could not be placed, a row each: label, quote, and the buttons
/// that place it on the selection or drop it, by its place in the list.
pub fn orphans_html(orphans: &[Incoming]) -> Html {
    let mut m = Markup::new();
    for (i, orphan) in orphans.iter().enumerate() {
        markup!(
            m,
            "<li class=\"orphan lbl-",
            orphan.label.index(),
            "\" data-testid=\"orphan\"><span class=\"chip\">",
            orphan.label.name(),
            "</span> <q>",
            text(&elide(orphan.quote.as_deref().unwrap_or(""))),
            "</q> <button data-testid=\"orphan-place\"",
            Action::PlaceOrphan(i),
            ">Place</button> <button data-testid=\"orphan-drop\"",
            Action::DropOrphan(i),
            ">Drop</button></li>"
        );
    }
    m.finish()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::schema::Label;

    use crate::view::text::read_back::text_of;
    use crate::view::words::QUOTE_CHARS;

    #[test]
    fn a_list_row_shows_label_quote_and_details_escaped() {
        let mut span = Span::bare(7, 0, 5, Label::Party);
        span.note = "n".into();
        let row = RowText {
            span: &span,
            quote: "<Japan>\n and\tthe \"US\"",
            details: "party A: USA & co".into(),
            selected: true,
        };
        let out = list_row_html(&row).into_string();
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
        let out = list_row_html(&row).into_string();
        assert!(text_of(&out).contains("word the very end✎"), "{out}");
        let tail = out.split("<span class=\"q-tail\">").nth(1).unwrap();
        assert!(
            tail.starts_with(" word") && tail.contains("the very end</span>"),
            "{out}"
        );
    }

    #[test]
    fn relations_are_listed_escaped_by_type() {
        let (d, _, party) =
            Annotated::act_and_committer("A <b> act & \"party\" here", (0, 9), (12, 19));
        let all = relation_list_html(&d, None, 10);
        assert!(all.contains("COMMITMENT “A &lt;b&gt; act”"), "{all:?}");
        assert!(
            all.contains("—committer→") && all.contains("PARTY “&quot;party&quot;”"),
            "{all:?}"
        );
        assert!(all.contains(&format!("data-act=\"jump:{}\"", party.0)));
        assert!(relation_list_html(&d, Some(RelationKind::Embeds), 10).is_empty());
        assert!(relation_list_html(&d, None, 0).contains("and 1 more"));
    }

    #[test]
    fn orphans_are_listed_escaped_with_their_place() {
        let orphan = Incoming {
            quote: Some("a <b> quote".into()),
            ..Incoming::new(0, 1, Label::Party)
        };
        let html = orphans_html(&[orphan.clone(), orphan]);
        assert!(html.contains("<q>a &lt;b&gt; quote</q>"), "{html:?}");
        assert!(
            html.contains("data-act=\"place-orphan:1\"")
                && html.contains("data-act=\"drop-orphan:1\"")
        );
        assert_eq!(html.as_str().matches("data-testid=\"orphan\"").count(), 2);
    }
}
