//! The span editor's parts as markup: the selected span's relations, the kinds of relation it
//! can begin, and its attribute fields.

use crate::core::annotation::gold::Decision;
use crate::core::annotation::model::Annotated;
use crate::core::annotation::span::SpanId;
use crate::core::schema::{Attribute, Label, RelationKind};
use crate::core::time::iso_from_ms;
use crate::markup;
use crate::view::actions::Action;
use crate::view::markup::{text, Html, Markup};
use crate::view::words::elide;

/// Where a gold span came from, in a line: how it was decided, from whose spans, by whom and
/// when (`None` for a span that is not gold's or has no record).
pub fn provenance_text(doc: &Annotated, id: SpanId) -> Option<String> {
    let p = doc.gold()?.spans.get(&id)?;
    let how = match p.decision {
        Decision::Unanimous => "Unanimous: every annotator had it",
        Decision::Picked => "Taken whole from one version",
        Decision::Cells => "Built cell by cell (the majority of each cell)",
        Decision::Edited => "Taken, then edited by the adjudicator",
        Decision::Added => "Added by the adjudicator",
    };
    let mut from: Vec<&str> = p.sources.iter().map(|s| s.annotator.as_str()).collect();
    from.dedup();
    let mut line = how.to_string();
    if !from.is_empty() {
        line.push_str(&format!("; from {}", from.join(", ")));
    }
    if !p.agreed_by.is_empty() {
        line.push_str(&format!("; identical in {}", p.agreed_by.join(", ")));
    }
    line.push_str(&format!(
        "; decided by {} at {}.",
        if p.by.trim().is_empty() {
            "the adjudicator"
        } else {
            p.by.trim()
        },
        iso_from_ms(p.at)
    ));
    Some(line)
}

/// The span editor's list of a span's relations, in and out: each row names the kind and
/// direction, the other end (a button that goes there) and a delete button; a relation that no
/// longer fits the schema says why. Then, when the committer attribute and the committer
/// relations disagree, a line saying so. Empty when there is nothing to list.
pub fn relations_html(doc: &Annotated, id: SpanId) -> Html {
    let mut m = Markup::new();
    let relations = doc.relations().of(id);
    if !relations.is_empty() {
        m.push("<h2 class=\"panel-heading\">Relations</h2><ul>");
    }
    for r in &relations {
        let out_of = r.from == id;
        let other = if out_of { r.to } else { r.from };
        let Some(span) = doc.spans().get(other) else {
            continue;
        };
        let problem = doc.relation_problem(r);
        markup!(
            m,
            "<li data-testid=\"relation-item\"",
            problem.is_some().then_some(" class=\"invalid\""),
            "><span class=\"relation-kind\">",
            (!out_of).then_some("← "),
            r.kind.name(),
            out_of.then_some(" →"),
            "</span> <button class=\"link\"",
            Action::Jump(other),
            " title=\"Go to the other end\">",
            span.label.name(),
            " “",
            text(&elide(doc.quote(span))),
            "”</button>"
        );
        if let Some(why) = problem {
            markup!(
                m,
                " <span class=\"warning\">invalid: ",
                text(&why),
                "</span>"
            );
        }
        markup!(
            m,
            " <button class=\"danger small\" data-testid=\"relation-delete\"",
            Action::Unlink(r.id),
            " title=\"Delete this relation\" aria-label=\"Delete this relation\">×</button><input class=\"relation-note\" data-testid=\"relation-note\"",
            Action::RelationNote(r.id),
            " placeholder=\"Note\" aria-label=\"Note on this relation\" value=\"",
            text(&r.note),
            "\"></li>"
        );
    }
    if !relations.is_empty() {
        m.push("</ul>");
    }
    if let Some(why) = doc.committer_disagreement(id) {
        markup!(
            m,
            "<p class=\"warning\" data-testid=\"committer-disagreement\">",
            text(&why),
            "</p>"
        );
    }
    m.finish()
}

/// The span editor's buttons that begin a relation of one kind at a span of `label`: one for
/// each kind a span of that label can take part in, at either end.
pub fn link_kinds_html(label: Label) -> Html {
    let mut m = Markup::new();
    for kind in RelationKind::ALL {
        if Label::ALL
            .iter()
            .any(|other| kind.allows(label, *other) || kind.allows(*other, label))
        {
            markup!(
                m,
                "<button class=\"small\" data-testid=\"relation-type-",
                kind.name(),
                "\"",
                Action::LinkAs(kind),
                " title=\"Link this span by a ",
                kind.name(),
                " relation (",
                kind.info().ends,
                ")\">",
                kind.name(),
                "</button> "
            );
        }
    }
    m.finish()
}

/// The selected span's attribute fields as markup: a drop-down per attribute of its label,
/// "not set" first; `caption` words each value (the committer's name the document's parties).
/// The values chosen are set on the page, field by field, so that an edit never redraws the
/// field being used.
pub fn attribute_fields_html(
    attrs: &[Attribute],
    caption: impl Fn(Attribute, &str) -> String,
) -> Html {
    let mut m = Markup::new();
    for &attr in attrs {
        let name = attr.name();
        markup!(
            m,
            "<div class=\"field\"><label for=\"attr-",
            name,
            "\" title=\"",
            text(attr.question()),
            "\">",
            name,
            "</label><select id=\"attr-",
            name,
            "\" data-testid=\"attr-",
            name,
            "\"",
            Action::SetAttribute(attr),
            " title=\"",
            text(attr.question()),
            "\"><option value=\"\">— not set —</option>"
        );
        for value in attr.values() {
            markup!(
                m,
                "<option value=\"",
                *value,
                "\">",
                text(&caption(attr, value)),
                "</option>"
            );
        }
        m.push("</select></div>");
    }
    m.finish()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_gold_span_says_where_it_came_from() {
        use crate::core::adjudication::board::{start, Version};
        use crate::core::annotation::span::Span;
        let template = Annotated::new("Japan will fund ports.".into(), Default::default());
        let version = |who: &str| Version {
            annotator: who.into(),
            spans: vec![Span::bare(1, 0, 5, Label::Party)],
            relations: Vec::new(),
        };
        let (gold, _) = start(
            &template,
            vec![version("ana"), version("ben <i>")],
            Default::default(),
            "dana",
            0,
        );
        let id = gold.spans().iter().next().unwrap().id;
        let line = provenance_text(&gold, id).unwrap();
        assert_eq!(
            line,
            "Unanimous: every annotator had it; from ana, ben <i>; identical in ana, ben <i>; decided by dana at 1970-01-01T00:00:00.000Z."
        );
        // An annotator's own span has none.
        let (plain, _, _) = Annotated::act_and_committer("A act here", (0, 5), (6, 10));
        let first = plain.spans().iter().next().unwrap().id;
        assert_eq!(provenance_text(&plain, first), None);
    }

    #[test]
    fn relations_are_listed_from_each_end_and_invalid_ones_say_so() {
        let (mut d, act, party) =
            Annotated::act_and_committer("A <b> act & \"party\" here", (0, 9), (12, 19));
        assert!(relations_html(&d, act).contains("committer →"));
        assert!(relations_html(&d, party).contains("← committer"));
        d.relabel(party, Label::Attribution, 1).unwrap();
        let html = relations_html(&d, act);
        assert!(
            html.contains("class=\"invalid\"")
                && html.contains("invalid: a committer relation runs act → PARTY"),
            "{html:?}"
        );
    }

    #[test]
    fn a_span_offers_the_kinds_its_label_takes_part_in() {
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
    fn attribute_fields_are_a_drop_down_each_with_not_set_first() {
        let html = attribute_fields_html(&[Attribute::Committer, Attribute::Strength], |a, v| {
            format!("{}:{v}", a.name())
        });
        assert_eq!(html.as_str().matches("<select").count(), 2);
        assert!(html.contains("<label for=\"attr-committer\""), "{html:?}");
        assert!(
            html.contains("data-testid=\"attr-strength\" data-act=\"attribute:1\""),
            "{html:?}"
        );
        assert!(html.contains("title=\"&quot;will / shall"), "{html:?}");
        assert!(html.contains("<option value=\"\">— not set —</option><option value=\"firm\">strength:firm</option>"), "{html:?}");
        assert!(attribute_fields_html(&[], |_, v| v.into()).is_empty());
    }
}
