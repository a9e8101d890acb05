//! A block of the document as HTML, built as one string: the browser parses it in one call,
//! where building it node by node costs hundreds of calls across the wasm boundary (the
//! dominant cost of opening a page and of redrawing a block after an edit).
//!
//! The markup is exactly what `ui::dom::selection` reads: each run of text is a
//! `span.run[data-s][data-e]` holding one text node, wrapped in one `span.hl` per span over it,
//! innermost lane nearest the text. The text is written through [`Markup`], so the characters
//! the HTML parser would change are references and the DOM's text is the document's text.

use crate::core::annotation::span::{Span, SpanId};
use crate::core::schema::Attribute;
use crate::core::text::document::Metadata;
use crate::core::text::offsets::IndexedText;
use crate::markup;
use crate::view::layers::Layers;
use crate::view::layout::{segments, Block};
use crate::view::markup::{text, Html, Markup};

/// The hover text of a highlight: label and attributes, so colour is never the only cue.
pub fn span_title(span: &Span, meta: &Metadata) -> String {
    let mut title = span.label.name().to_string();
    for (attr, value) in &span.attrs {
        let shown = if *attr == Attribute::Committer {
            meta.committer_caption(value)
        } else {
            value.clone()
        };
        title.push('\n');
        title.push_str(attr.name());
        title.push_str(": ");
        title.push_str(&shown);
    }
    if !span.note.is_empty() {
        title.push_str("\nnote: ");
        title.push_str(&span.note);
    }
    title
}

/// What a block's HTML depends on besides its text.
pub struct BlockMarks<'a> {
    /// The layers over the block: the spans and the search matches are drawn inline.
    pub layers: &'a Layers<'a>,
    /// The selected span.
    pub selected: Option<SpanId>,
    /// For the committer's caption in hover texts.
    pub meta: &'a Metadata,
}

/// The inner HTML of a block.
pub fn block_html(doc_text: &IndexedText, block: Block, marks: &BlockMarks) -> Html {
    let segs = segments(block, marks.layers);
    let spans = marks.layers.spans_of();
    let by_id = |id: SpanId| spans.iter().find(|s| s.id == id).copied();
    let mut m = Markup::with_capacity((block.end - block.start) * 2 + segs.len() * 160);
    for seg in &segs {
        // Outermost lane first, so the innermost wrapper is nearest the text.
        for layer in &seg.spans {
            let Some(span) = by_id(layer.id) else {
                continue;
            };
            let label = span.label;
            markup!(
                m,
                "<span class=\"hl lbl-",
                label.index(),
                " lane-",
                layer.lane.min(7),
                (Some(span.id) == marks.selected).then_some(" sel"),
                layer.starts_here.then_some(" first"),
                layer.ends_here.then_some(" last"),
                "\" data-id=\"",
                span.id.0,
                "\" data-label=\"",
                label.name(),
                "\" data-code=\"",
                label.code(),
                "\" title=\"",
                text(&span_title(span, marks.meta)),
                "\">"
            );
        }
        markup!(
            m,
            "<span class=\"run",
            seg.matched.then_some(" match"),
            seg.current_match.then_some(" current"),
            "\" data-s=\"",
            seg.start,
            "\" data-e=\"",
            seg.end,
            "\">",
            text(doc_text.slice(seg.start, seg.end)),
            "</span>"
        );
        for _ in seg.spans.iter().filter(|l| by_id(l.id).is_some()) {
            m.push("</span>");
        }
    }
    m.finish()
}

/// Reading markup back in tests: its text, as the browser would show it.
#[cfg(test)]
pub mod read_back {
    /// Reads back what [`crate::view::markup::Markup`] escapes (the references it writes).
    pub fn unescape(html: &str) -> String {
        html.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#13;", "\r")
            .replace("&#65533;", "\u{fffd}")
            .replace("&amp;", "&")
    }

    /// The text nodes of markup, joined (tags dropped, references read).
    pub fn text_of(html: &str) -> String {
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
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::read_back::text_of;
    use super::*;
    use crate::core::schema::Label;
    use crate::core::text::offsets::tests::tricky_text;
    use proptest::prelude::*;

    #[test]
    fn a_block_nests_highlights_innermost_nearest_the_text() {
        let text = IndexedText::new("We will <act> now.\r\n".into());
        let mut outer = Span::bare(1, 0, 13, Label::Commitment);
        outer.note = "a \"quoted\" <note>".into();
        let inner = Span::bare(2, 3, 7, Label::Constraint);
        let layers = Layers::new().spans(&[&outer, &inner]);
        let meta = Metadata::default();
        let marks = BlockMarks {
            layers: &layers,
            selected: Some(SpanId(2)),
            meta: &meta,
        };
        let html = block_html(&text, Block::lines(0, 20), &marks).into_string();
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
            let layers = Layers::new().spans(&refs);
            let marks = BlockMarks { layers: &layers, selected: None, meta: &meta };
            let html = block_html(&text, Block::lines(0, len), &marks).into_string();
            prop_assert_eq!(text_of(&html), text.as_str().replace('\0', "\u{fffd}"));
            prop_assert_eq!(html.matches("<span").count(), html.matches("</span>").count());
        }
    }
}
