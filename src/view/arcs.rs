//! Relations drawn beside the text: an arc in the text's left margin for each relation whose
//! two ends are on screen (never over the text it links), each in a lane of its own where
//! arcs overlap; and, for a relation whose other end is off screen, a stub naming its kind and
//! the other end's first words, which jumps there. Pure: the page measures where the spans
//! are drawn, this decides what to draw, as markup.

use crate::core::annotation::model::Annotated;
use crate::core::annotation::relation::Relation;
use crate::core::annotation::span::SpanId;
use crate::markup;
use crate::view::actions::Action;
use crate::view::markup::{text, Html, Markup};
use crate::view::words::elide;

/// Where a drawn span's first line is, in the text's own coordinates (pixels down from its
/// top, unaffected by scrolling).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DrawnEnd {
    pub id: SpanId,
    /// The middle of its first line.
    pub y: f64,
}

/// What to draw: the margin's arcs and the stubs of relations whose other end is off screen
/// (buttons whose action goes to the other end).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// The margin's height in pixels, to its lowest arc.
    pub height: i64,
    /// Each arc's markup (a `<g data-rel>` with its path and arrowhead), by relation id: the
    /// page replaces only the arcs that differ from those drawn (see [`changes`]).
    pub arcs: Vec<(u64, Html)>,
    pub stubs: Html,
}

impl Overlay {
    /// The margin's SVG as a whole (empty when there is no arc).
    pub fn svg(&self) -> Html {
        if self.arcs.is_empty() {
            return Html::empty();
        }
        let mut svg = Markup::new();
        markup!(
            svg,
            "<svg width=\"",
            MARGIN,
            "\" height=\"",
            self.height,
            "\" aria-hidden=\"true\">"
        );
        for (_, arc) in &self.arcs {
            svg.push(arc);
        }
        svg.push("</svg>");
        svg.finish()
    }
}

/// What to change where the arcs `drawn` are shown so that `wanted` are: the relation ids
/// whose arcs go (gone, or drawn differently), and the arcs to draw (new, or drawn
/// differently). An arc that stays as it is is neither: an edit redraws only what it changed.
pub fn changes<'a>(
    drawn: &[(u64, Html)],
    wanted: &'a [(u64, Html)],
) -> (Vec<u64>, Vec<&'a (u64, Html)>) {
    let gone = drawn
        .iter()
        .filter(|arc| !wanted.contains(arc))
        .map(|(id, _)| *id)
        .collect();
    let new = wanted.iter().filter(|arc| !drawn.contains(arc)).collect();
    (gone, new)
}

/// Ends closer than this (in pixels) are on one line.
const SAME_LINE: f64 = 5.0;

/// How far above and below its line a loop between two ends on one line reaches, and how far
/// into the margin at least: enough to be seen at a glance (a 10-pixel loop was not).
const LOOP_HALF: f64 = 11.0;
const LOOP_REACH: i64 = 18;

/// The widest an arc reaches into the margin, in pixels; lanes are this far apart at most.
const MARGIN: i64 = 30;

/// The overlay for the relations of `focus` (the selected span), or of every relation with an
/// end on screen when `all`; `drawn`: the spans drawn and where, `view`: the top and bottom of
/// the visible part of the text, in the same coordinates.
pub fn overlay(
    doc: &Annotated,
    focus: Option<SpanId>,
    all: bool,
    drawn: &[DrawnEnd],
    view: (f64, f64),
) -> Overlay {
    let y_of = |id: SpanId| {
        drawn
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.y)
            .filter(|y| *y >= view.0 - 400.0 && *y <= view.1 + 400.0)
    };
    let shown: Vec<&Relation> = doc
        .relations()
        .iter()
        .filter(|r| {
            if all {
                y_of(r.from).is_some() || y_of(r.to).is_some()
            } else {
                focus.is_some_and(|f| r.from == f || r.to == f)
            }
        })
        .collect();
    // Arcs: both ends drawn, by their top end, each in the first lane free over its extent.
    let mut arcs: Vec<(f64, f64, &Relation, bool)> = shown
        .iter()
        .filter_map(|r| Some((y_of(r.from)?, y_of(r.to)?, *r)))
        .map(|(from, to, r)| {
            // Both ends on one line: a flat arc would be a dash that says nothing, so it is a
            // small loop from just above the line to its arrowhead just below.
            if (from - to).abs() < SAME_LINE {
                (from - LOOP_HALF, from + LOOP_HALF, r, true)
            } else {
                (from, to, r, false)
            }
        })
        .collect();
    crate::core::sort::sort_by_key(&mut arcs, |(a, b, r, _)| {
        (a.min(*b) as i64, b.max(*a) as i64, r.id)
    });
    let mut lane_ends: Vec<f64> = Vec::new();
    let mut drawn_arcs = Vec::with_capacity(arcs.len());
    let mut height: i64 = 0;
    for (from, to, relation, is_loop) in &arcs {
        let (top, bottom) = (from.min(*to), from.max(*to));
        let lane = match lane_ends.iter().position(|end| *end < top - 2.0) {
            Some(lane) => {
                lane_ends[lane] = bottom;
                lane
            }
            None => {
                lane_ends.push(bottom);
                lane_ends.len() - 1
            }
        };
        // Whole pixels: formatting floats would cost the app 7.6 KB of code.
        let reach = (8 + 6 * lane as i64)
            .max(if *is_loop { LOOP_REACH } else { 0 })
            .min(MARGIN - 2);
        let x = MARGIN - reach;
        let (from, to) = (from.round() as i64, to.round() as i64);
        height = height.max(bottom.round() as i64 + 12);
        let mut svg = Markup::new();
        markup!(
            svg,
            "<g data-rel=\"",
            relation.id.0,
            "\"><path class=\"arc k-",
            relation.kind.name(),
            doc.relation_problem(relation)
                .is_some()
                .then_some(" invalid"),
            "\" d=\"M",
            MARGIN,
            " ",
            from,
            " C",
            x,
            " ",
            from,
            " ",
            x,
            " ",
            to,
            " ",
            MARGIN,
            " ",
            to,
            "\"><title>",
            text(&describe(doc, relation)),
            // The arrowhead at the end it runs to.
            "</title></path><path class=\"head k-",
            relation.kind.name(),
            "\" d=\"M",
            MARGIN,
            " ",
            to,
            " l-5 -3 v6 z\"></path></g>"
        );
        drawn_arcs.push((relation.id.0, svg.finish()));
    }
    // Stubs: one end drawn and in view, the other not: it is above or below.
    let mut stubs = Markup::new();
    for relation in &shown {
        let (from, to) = (y_of(relation.from), y_of(relation.to));
        let (here, other, other_y) = match (from, to) {
            (Some(_), None) => (relation.from, relation.to, None),
            (None, Some(_)) => (relation.to, relation.from, None),
            (Some(a), Some(b)) if !in_view(a, view) || !in_view(b, view) => {
                if in_view(a, view) {
                    (relation.from, relation.to, Some(b))
                } else {
                    (relation.to, relation.from, Some(a))
                }
            }
            _ => continue,
        };
        if !all && focus.is_some_and(|f| f != here) {
            continue;
        }
        let (Some(other_span), Some(here_span)) = (doc.spans().get(other), doc.spans().get(here))
        else {
            continue;
        };
        let above = match other_y {
            Some(y) => y < view.0,
            None => other_span.start < here_span.start,
        };
        let words: String = elide(doc.quote(other_span)).chars().take(32).collect();
        markup!(
            stubs,
            "<button class=\"stub\" data-testid=\"relation-stub\"",
            Action::Jump(other),
            " title=\"Go to the other end\">",
            if above { "↑" } else { "↓" },
            " ",
            relation.kind.name(),
            " ",
            if relation.from == here { "→" } else { "←" },
            " “",
            text(&words),
            "”</button>"
        );
    }
    Overlay {
        height,
        arcs: drawn_arcs,
        stubs: stubs.finish(),
    }
}

fn in_view(y: f64, view: (f64, f64)) -> bool {
    y >= view.0 && y <= view.1
}

/// A relation in words, for an arc's hover text.
fn describe(doc: &Annotated, relation: &Relation) -> String {
    let end = |id| {
        doc.spans()
            .get(id)
            .map(|s| {
                format!(
                    "{} “{}”",
                    s.label,
                    elide(doc.quote(s)).chars().take(40).collect::<String>()
                )
            })
            .unwrap_or_default()
    };
    format!(
        "{} {} {}",
        end(relation.from),
        relation.kind,
        end(relation.to)
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::schema::{Label, RelationKind};
    use crate::core::text::document::Metadata;

    /// Three acts and a PARTY, one per line; the first act embeds the second, the second
    /// embeds the third, and the first's committer is the PARTY.
    fn doc() -> (Annotated, [SpanId; 4]) {
        let text = "alpha act\nbeta act\ngamma act\nparty";
        let mut d = Annotated::new(text.into(), Metadata::default());
        let mut at = |s: usize, e: usize, l| d.annotate(s, e, l, false, 0).unwrap().select.unwrap();
        let ids = [
            at(0, 5, Label::Commitment),
            at(10, 14, Label::Stance),
            at(19, 24, Label::Commitment),
            at(29, 34, Label::Party),
        ];
        d.link(ids[0], ids[1], RelationKind::Embeds, 0).unwrap();
        d.link(ids[1], ids[2], RelationKind::Embeds, 0).unwrap();
        d.link(ids[0], ids[3], RelationKind::Committer, 0).unwrap();
        (d, ids)
    }

    fn drawn(ids: &[SpanId], ys: &[f64]) -> Vec<DrawnEnd> {
        ids.iter()
            .zip(ys)
            .map(|(id, y)| DrawnEnd { id: *id, y: *y })
            .collect()
    }

    #[test]
    fn the_selected_spans_relations_are_arcs_in_lanes_of_their_own() {
        let (d, ids) = doc();
        let on = drawn(&ids, &[10.0, 50.0, 90.0, 130.0]);
        let o = overlay(&d, Some(ids[0]), false, &on, (0.0, 500.0));
        // The first act's two relations: both ends drawn, so two arcs and no stub.
        assert_eq!(o.arcs.len(), 2);
        assert!(o.stubs.is_empty());
        // 10 -> 50 and 10 -> 130 overlap: the second goes further into the margin.
        assert!(
            o.svg().contains("M30 10 C22 10 22 50 30 50"),
            "{:?}",
            o.svg()
        );
        assert!(
            o.svg().contains("M30 10 C16 10 16 130 30 130"),
            "{:?}",
            o.svg()
        );
        // Every relation on screen: three arcs; 10-50 and 50-90 touch but share the lane only
        // when they do not overlap.
        assert_eq!(overlay(&d, None, true, &on, (0.0, 500.0)).arcs.len(), 3);
        assert_eq!(
            overlay(&d, None, false, &on, (0.0, 500.0)),
            Overlay::default()
        );
    }

    #[test]
    fn a_relation_within_one_line_is_a_loop_across_it() {
        let (d, ids) = doc();
        // The two acts the first relation links, drawn on one line: a loop from 11 px above
        // the line to its arrowhead 11 px below, 18 px into the margin, not a flat dash.
        let on = drawn(&ids[..2], &[40.0, 40.0]);
        let o = overlay(&d, Some(ids[0]), false, &on, (0.0, 500.0));
        assert!(
            o.svg().contains("M30 29 C12 29 12 51 30 51"),
            "{:?}",
            o.svg()
        );
        assert!(
            o.svg().contains("d=\"M30 51 l-5 -3 v6 z\""),
            "{:?}",
            o.svg()
        );
        assert_eq!(o.height, 51 + 12);
    }

    #[test]
    fn only_the_arcs_a_change_moved_are_redrawn() {
        let (d, ids) = doc();
        let before = overlay(
            &d,
            None,
            true,
            &drawn(&ids, &[10.0, 50.0, 90.0, 130.0]),
            (0.0, 500.0),
        );
        // Drawn again as it was: nothing to change.
        assert_eq!(changes(&before.arcs, &before.arcs), (vec![], vec![]));
        // The third act moved down a little: only its arc (the second act embeds it) goes
        // and comes back; the other two stay as they are drawn.
        let after = overlay(
            &d,
            None,
            true,
            &drawn(&ids, &[10.0, 50.0, 95.0, 130.0]),
            (0.0, 500.0),
        );
        let (gone, new) = changes(&before.arcs, &after.arcs);
        let moved = d
            .relations()
            .find(RelationKind::Embeds, ids[1], ids[2])
            .unwrap()
            .id
            .0;
        assert_eq!(gone, vec![moved]);
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].0, moved);
        assert!(new[0].1.contains(&format!("data-rel=\"{moved}\"")));
        // Nothing wanted: every drawn arc goes.
        assert_eq!(changes(&before.arcs, &[]).0.len(), 3);
    }

    #[test]
    fn an_end_off_screen_is_a_stub_that_names_the_kind_and_the_other_end() {
        let (d, ids) = doc();
        // The PARTY is not drawn (far below): a stub pointing down.
        let on = drawn(&ids[..3], &[10.0, 50.0, 90.0]);
        let o = overlay(&d, Some(ids[0]), false, &on, (0.0, 500.0));
        assert_eq!(o.arcs.len(), 1);
        assert!(
            o.stubs.contains(&format!("data-act=\"jump:{}\"", ids[3].0))
                && o.stubs.contains("↓ committer → “party”"),
            "{:?}",
            o.stubs
        );
        // Drawn but scrolled out of view (above): a stub pointing up, from the end in view.
        let on = drawn(&ids, &[10.0, 50.0, 90.0, 700.0]);
        let o = overlay(&d, Some(ids[3]), false, &on, (600.0, 900.0));
        assert!(o.stubs.contains("↑ committer ← “alpha”"), "{:?}", o.stubs);
    }
}
