//! One model of what is drawn over the text, as helix's `TextAnnotations` and xi's annotation
//! layers are: every layer gives annotations (a range of code points and a mark), and every
//! renderer draws through them. The blocks draw the spans (nested in lanes) and the search
//! matches inline; the page's highlight draws where a selection would snap to; the lanes under
//! the lines draw annotators' versions of a unit (adjudication, a disagreement followed); the
//! arcs in the margin anchor at the ends of the relations shown. A new kind of mark (a
//! suggestion, say) is a layer here and a case in the renderer that draws it.

use crate::core::annotation::model::Annotated;
use crate::core::annotation::span::{Span, SpanId};
use crate::view::lanes::Lane;

/// The layers, each drawn by one renderer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// The document's spans, inline in the blocks, nested by lane.
    Spans,
    /// Search matches, inline in the blocks.
    Search,
    /// Where a selection would snap to, in the page's highlight.
    Selection,
    /// Annotators' versions of one unit, in lanes under the lines.
    Versions,
    /// The spans relations shown run between, where the arcs anchor.
    Relations,
}

/// What an annotation marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark<'a> {
    /// A span.
    Span(&'a Span),
    /// A search match, the current one or not.
    Match { current: bool },
    /// Where the selection would snap to.
    Snap,
    /// An annotator's span of the unit shown in lanes.
    Version(&'a Lane),
    /// The span at one end of a relation shown.
    RelationEnd(SpanId),
}

impl Mark<'_> {
    /// The layer the mark is drawn in.
    pub fn layer(&self) -> Layer {
        match self {
            Mark::Span(_) => Layer::Spans,
            Mark::Match { .. } => Layer::Search,
            Mark::Snap => Layer::Selection,
            Mark::Version(_) => Layer::Versions,
            Mark::RelationEnd(_) => Layer::Relations,
        }
    }
}

/// A range of the text (code points, end exclusive) and what marks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Annotation<'a> {
    pub start: usize,
    pub end: usize,
    pub mark: Mark<'a>,
}

/// The annotations over (part of) the text, gathered layer by layer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layers<'a> {
    annotations: Vec<Annotation<'a>>,
}

impl<'a> Layers<'a> {
    /// No annotation.
    pub fn new() -> Self {
        Self::default()
    }

    /// With the spans' layer.
    pub fn spans(mut self, spans: &[&'a Span]) -> Self {
        self.annotations.extend(spans.iter().map(|s| Annotation {
            start: s.start,
            end: s.end,
            mark: Mark::Span(s),
        }));
        self
    }

    /// With the search layer: `(start, end, is_current)` matches.
    pub fn matches(mut self, matches: &[(usize, usize, bool)]) -> Self {
        self.annotations
            .extend(matches.iter().map(|&(start, end, current)| Annotation {
                start,
                end,
                mark: Mark::Match { current },
            }));
        self
    }

    /// With the selection layer: where a selection would snap to, if anywhere.
    pub fn snap(mut self, range: Option<(usize, usize)>) -> Self {
        self.annotations
            .extend(range.map(|(start, end)| Annotation {
                start,
                end,
                mark: Mark::Snap,
            }));
        self
    }

    /// With the versions layer: a unit's spans, a lane per annotator.
    pub fn versions(mut self, lanes: &'a [Lane]) -> Self {
        self.annotations.extend(lanes.iter().map(|l| Annotation {
            start: l.start,
            end: l.end,
            mark: Mark::Version(l),
        }));
        self
    }

    /// With the relations layer: the ends of the relations shown (those of `focus`, or every
    /// one when `all`), each at its span's extent.
    pub fn relation_ends(mut self, doc: &Annotated, focus: Option<SpanId>, all: bool) -> Self {
        for r in doc
            .relations()
            .iter()
            .filter(|r| all || focus.is_some_and(|f| r.from == f || r.to == f))
        {
            for end in [r.from, r.to] {
                if let Some(span) = doc.spans().get(end) {
                    self.annotations.push(Annotation {
                        start: span.start,
                        end: span.end,
                        mark: Mark::RelationEnd(end),
                    });
                }
            }
        }
        self
    }

    /// The annotations of `layer`, in the order they were given.
    pub fn of(&self, layer: Layer) -> impl Iterator<Item = &Annotation<'a>> {
        self.annotations
            .iter()
            .filter(move |a| a.mark.layer() == layer)
    }

    /// The spans of the spans' layer.
    pub fn spans_of(&self) -> Vec<&'a Span> {
        self.annotations
            .iter()
            .filter_map(|a| match a.mark {
                Mark::Span(s) => Some(s),
                _ => None,
            })
            .collect()
    }

    /// Every annotation.
    pub fn all(&self) -> &[Annotation<'a>] {
        &self.annotations
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::schema::Label;

    #[test]
    fn each_layer_gives_its_own_annotations() {
        let a = Span::bare(1, 0, 5, Label::Party);
        let lane = Lane {
            lane: 0,
            start: 2,
            end: 4,
            name: None,
        };
        let lanes = [lane];
        let layers = Layers::new()
            .spans(&[&a])
            .matches(&[(1, 3, true)])
            .snap(Some((0, 6)))
            .versions(&lanes);
        assert_eq!(layers.all().len(), 4);
        assert_eq!(layers.spans_of(), vec![&a]);
        let search: Vec<_> = layers.of(Layer::Search).collect();
        assert_eq!(search[0].mark, Mark::Match { current: true });
        assert_eq!(layers.of(Layer::Selection).next().unwrap().end, 6);
        assert_eq!(layers.of(Layer::Versions).count(), 1);
    }

    #[test]
    fn the_relations_layer_marks_the_ends_shown() {
        let (d, _, party) =
            Annotated::act_and_committer("The two leaders will meet.", (16, 26), (4, 15));
        let ends = |focus, all| {
            Layers::new()
                .relation_ends(&d, focus, all)
                .of(Layer::Relations)
                .map(|a| (a.start, a.end))
                .collect::<Vec<_>>()
        };
        assert_eq!(ends(Some(party), false), vec![(16, 26), (4, 15)]);
        assert!(ends(None, false).is_empty());
        assert_eq!(ends(None, true).len(), 2);
    }
}
