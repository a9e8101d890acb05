//! Agreement data in other tools' shapes, so users can check Avow's numbers: pygamma-agreement's
//! CSV (`annotator,annotation,start,end`) and the reliability matrix the `krippendorff` Python
//! package reads (a row per annotator, a column per aligned unit, empty when missing); and the
//! report as CSV, a row per figure.

use super::align::align;
use super::measures::Score;
use super::report::{fixed, Report, Scores};
use super::{Settings, Text};
use crate::core::schema::{Attribute, Label};
use std::fmt::Write;

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
/// The report as CSV: one row per figure, with its counts.
pub fn report_csv(report: &Report) -> String {
    let names = &report.annotators;
    let mut out = String::from("scope,measure,a,b,label,value,n,tp,fp,fn,why\n");
    let mut line = |scope: &str,
                    measure: &str,
                    a: &str,
                    b: &str,
                    label: &str,
                    score: &Score,
                    counts: [String; 4]| {
        let value = score.value().map_or(String::new(), |v| fixed(v, 9));
        let _ = writeln!(
            out,
            "{},{measure},{},{},{label},{value},{},{},{},{},{}",
            csv_field(scope),
            csv_field(a),
            csv_field(b),
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            csv_field(score.why().unwrap_or(""))
        );
    };
    let none = || [String::new(), String::new(), String::new(), String::new()];
    let mut scopes: Vec<(String, &Scores)> = vec![("corpus".into(), &report.corpus)];
    for t in &report.texts {
        scopes.push((t.sha256.clone(), &t.scores));
    }
    for (scope, s) in scopes {
        for (measure, block, label) in [
            ("span_f1_exact", &s.exact, ""),
            ("span_f1_overlap", &s.overlap, ""),
        ]
        .into_iter()
        .chain(
            Label::ALL
                .into_iter()
                .zip(&s.per_label)
                .flat_map(|(l, (e, o))| {
                    [
                        ("span_f1_exact", e, l.name()),
                        ("span_f1_overlap", o, l.name()),
                    ]
                }),
        )
        .chain([
            ("relation_f1", &s.relations, ""),
            ("relation_f1_aligned_ends", &s.relations_aligned, ""),
        ]) {
            for p in &block.pairs {
                line(
                    &scope,
                    measure,
                    &names[p.a],
                    &names[p.b],
                    label,
                    &p.f1,
                    [
                        String::new(),
                        p.counts.tp.to_string(),
                        p.counts.fp.to_string(),
                        p.counts.fn_.to_string(),
                    ],
                );
            }
        }
        for k in &s.cohen {
            line(
                &scope,
                "cohen_kappa",
                &names[k.a],
                &names[k.b],
                "",
                &k.kappa,
                [k.n.to_string(), String::new(), String::new(), String::new()],
            );
        }
        let n = |n: usize| [n.to_string(), String::new(), String::new(), String::new()];
        line(
            &scope,
            "fleiss_kappa",
            "",
            "",
            "",
            &s.fleiss.0,
            n(s.fleiss.1),
        );
        line(&scope, "alpha", "", "", "", &s.alpha.alpha, n(s.alpha.n));
        line(&scope, "ac1", "", "", "", &s.ac1.0, n(s.ac1.1));
        line(&scope, "alpha_u", "", "", "", &s.alpha_u, none());
        for (l, a) in &s.alpha_u_labels {
            line(&scope, "alpha_u", "", "", l.name(), a, none());
        }
        for (attribute, a) in Attribute::ALL.into_iter().zip(&s.attributes) {
            line(&scope, "alpha", "", "", attribute.name(), &a.alpha, n(a.n));
        }
    }
    out
}
