//! Lanes under the text's lines, as markup: for one unit of several annotators' spans, a thin
//! line per annotator under the extent of their span (adjudication's current unit, or a
//! disagreement followed from the Agreement tab). The page measures where each extent is
//! drawn; this writes the SVG.

use crate::markup;
use crate::view::markup::{text, Html, Markup};

/// One annotator's span of the unit: their lane (0 first), its extent in code points, and
/// their name when the lane says it on hover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    pub lane: usize,
    pub start: usize,
    pub end: usize,
    pub name: Option<String>,
}

/// A piece of a lane as drawn: its lane, and its left, bottom and right edges in the text's
/// scrolled box (pixels, rounded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaneBox {
    pub lane: usize,
    pub left: i64,
    pub bottom: i64,
    pub right: i64,
}

/// The lanes' SVG: a 2 px line per box, under its line of text (3 px further down per lane),
/// of the class `lane` and `s-<state>` (its colour), named by `names[lane]` on hover. Placed by
/// SVG attributes: the Content Security Policy refuses inline styles.
pub fn lanes_svg(state: &'static str, boxes: &[LaneBox], names: &[Option<String>]) -> Html {
    let mut m = Markup::new();
    m.push("<svg width=\"1\" height=\"1\">");
    for b in boxes {
        markup!(
            m,
            "<rect class=\"lane s-",
            state,
            "\" data-lane=\"",
            b.lane + 1,
            "\" x=\"",
            b.left,
            "\" y=\"",
            b.bottom + 1 + 3 * b.lane as i64,
            "\" width=\"",
            b.right - b.left,
            "\" height=\"2\">"
        );
        if let Some(Some(name)) = names.get(b.lane) {
            markup!(m, "<title>", text(name), "</title>");
        }
        m.push("</rect>");
    }
    m.push("</svg>");
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_box_is_a_line_under_its_lane_named_escaped() {
        let html = lanes_svg(
            "disagreeing",
            &[
                LaneBox {
                    lane: 0,
                    left: 10,
                    bottom: 20,
                    right: 50,
                },
                LaneBox {
                    lane: 1,
                    left: 12,
                    bottom: 20,
                    right: 40,
                },
            ],
            &[Some("<ana>".into()), None],
        );
        assert_eq!(
            html.as_str(),
            "<svg width=\"1\" height=\"1\"><rect class=\"lane s-disagreeing\" data-lane=\"1\" x=\"10\" y=\"21\" width=\"40\" height=\"2\"><title>&lt;ana&gt;</title></rect><rect class=\"lane s-disagreeing\" data-lane=\"2\" x=\"12\" y=\"24\" width=\"28\" height=\"2\"></rect></svg>"
        );
    }
}
