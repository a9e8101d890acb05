//! Relations drawn beside the text: an arc in the text's left margin for each relation whose
//! two ends are on screen (never over the text it links), each in a lane of its own where
//! arcs overlap; and, for a relation whose other end is off screen, a stub naming its kind and
//! the other end's first words, which jumps there. Pure: the page measures where the spans
//! are drawn, this decides what to draw, as markup.

use crate::core::html::{elide, escape_into};
use crate::core::model::Annotated;
use crate::core::relation::Relation;
use crate::core::span::SpanId;
use std::fmt::Write;

/// Where a drawn span's first line is, in the text's own coordinates (pixels down from its
/// top, unaffected by scrolling).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DrawnEnd {
    pub id: SpanId,
    /// The middle of its first line.
    pub y: f64,
}

/// What to draw: the margin's arcs (an SVG) and the stubs of relations whose other end is off
/// screen (buttons with `data-jump`, the other end's span id).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    pub svg: String,
    pub stubs: String,
    /// How many arcs the SVG holds (tests and the live region).
    pub arcs: usize,
}

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
    let mut arcs: Vec<(f64, f64, &Relation)> = shown
        .iter()
        .filter_map(|r| Some((y_of(r.from)?, y_of(r.to)?, *r)))
        .collect();
    crate::core::sort::sort_by_key(&mut arcs, |(a, b, r)| {
        (a.min(*b) as i64, b.max(*a) as i64, r.id)
    });
    let mut lane_ends: Vec<f64> = Vec::new();
    let mut svg = String::new();
    let mut height: i64 = 0;
    for (from, to, relation) in &arcs {
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
        let reach = (8 + 6 * lane as i64).min(MARGIN - 2);
        let x = MARGIN - reach;
        let (from, to) = (from.round() as i64, to.round() as i64);
        height = height.max(bottom.round() as i64 + 12);
        let _ = write!(
            svg,
            "<path class=\"arc k-{}{}\" d=\"M{MARGIN} {from} C{x} {from} {x} {to} {MARGIN} {to}\"><title>",
            relation.kind,
            if doc.relation_problem(relation).is_some() { " invalid" } else { "" },
        );
        escape_into(&mut svg, &describe(doc, relation));
        // The arrowhead at the end it runs to.
        let _ = write!(
            svg,
            "</title></path><path class=\"head k-{}\" d=\"M{MARGIN} {to} l-5 -3 v6 z\"></path>",
            relation.kind
        );
    }
    let svg = if arcs.is_empty() {
        String::new()
    } else {
        format!("<svg width=\"{MARGIN}\" height=\"{height}\" aria-hidden=\"true\">{svg}</svg>")
    };
    // Stubs: one end drawn and in view, the other not: it is above or below.
    let mut stubs = String::new();
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
        let _ = write!(
            stubs,
            "<button class=\"stub\" data-testid=\"relation-stub\" data-jump=\"{}\" title=\"Go to the other end\">{} {} {} “",
            other.0,
            if above { "↑" } else { "↓" },
            relation.kind,
            if relation.from == here { "→" } else { "←" },
        );
        escape_into(&mut stubs, &words);
        stubs.push_str("”</button>");
    }
    Overlay {
        svg,
        stubs,
        arcs: arcs.len(),
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
    use crate::core::document::Metadata;
    use crate::core::schema::{Label, RelationKind};

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
        assert_eq!(o.arcs, 2);
        assert!(o.stubs.is_empty());
        // 10 -> 50 and 10 -> 130 overlap: the second goes further into the margin.
        assert!(o.svg.contains("M30 10 C22 10 22 50 30 50"), "{}", o.svg);
        assert!(o.svg.contains("M30 10 C16 10 16 130 30 130"), "{}", o.svg);
        // Every relation on screen: three arcs; 10-50 and 50-90 touch but share the lane only
        // when they do not overlap.
        assert_eq!(overlay(&d, None, true, &on, (0.0, 500.0)).arcs, 3);
        assert_eq!(
            overlay(&d, None, false, &on, (0.0, 500.0)),
            Overlay::default()
        );
    }

    #[test]
    fn an_end_off_screen_is_a_stub_that_names_the_kind_and_the_other_end() {
        let (d, ids) = doc();
        // The PARTY is not drawn (far below): a stub pointing down.
        let on = drawn(&ids[..3], &[10.0, 50.0, 90.0]);
        let o = overlay(&d, Some(ids[0]), false, &on, (0.0, 500.0));
        assert_eq!(o.arcs, 1);
        assert!(
            o.stubs.contains(&format!("data-jump=\"{}\"", ids[3].0))
                && o.stubs.contains("↓ committer → “party”"),
            "{}",
            o.stubs
        );
        // Drawn but scrolled out of view (above): a stub pointing up, from the end in view.
        let on = drawn(&ids, &[10.0, 50.0, 90.0, 700.0]);
        let o = overlay(&d, Some(ids[3]), false, &on, (600.0, 900.0));
        assert!(o.stubs.contains("↑ committer ← “alpha”"), "{}", o.stubs);
    }
}
