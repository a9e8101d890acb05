//! Agreement data in other tools' shapes, so users can check Avow's numbers: pygamma-agreement's
//! CSV (`annotator,annotation,start,end`) and the reliability matrix the `krippendorff` Python
//! package reads (a row per annotator, a column per aligned unit, empty when missing).

use super::align::align;
use super::{Settings, Text};
use crate::core::schema::Attribute;

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// pygamma-agreement's CSV of a text: one row per span, by annotator.
pub fn pygamma_csv(text: &Text) -> String {
    let mut out = String::from("annotator,annotation,start,end\n");
    for v in &text.versions {
        for s in v.spans {
            out.push_str(&format!(
                "{},{},{},{}\n",
                csv_field(v.annotator),
                s.label.name(),
                s.start,
                s.end
            ));
        }
    }
    out
}

/// The reliability matrix of a text over its aligned units: a header of unit numbers, then a
/// row per annotator (the annotator's name first), with per unit the label of their span, or
/// with `attribute` its value (empty when missing: no span, a label without the attribute, or
/// unset unless `settings.unset_is_value`, which writes `not set`).
pub fn reliability_csv(text: &Text, settings: Settings, attribute: Option<Attribute>) -> String {
    let versions: Vec<&[crate::core::annotation::span::Span]> =
        text.versions.iter().map(|v| v.spans).collect();
    let units = align(&versions, settings.iou);
    let mut out = String::from("annotator");
    for u in 1..=units.len() {
        out.push_str(&format!(",u{u}"));
    }
    out.push('\n');
    for (a, v) in text.versions.iter().enumerate() {
        out.push_str(&csv_field(v.annotator));
        for unit in &units {
            out.push(',');
            let Some(span) = unit.members[a].map(|i| &versions[a][i]) else {
                continue;
            };
            match attribute {
                None => out.push_str(span.label.name()),
                Some(at) if span.label.attributes().contains(&at) => match span.attrs.get(&at) {
                    Some(value) => out.push_str(value),
                    None if settings.unset_is_value => out.push_str("not set"),
                    None => {}
                },
                Some(_) => {}
            }
        }
        out.push('\n');
    }
    out
}
