//! Agreement as a team reports it: each figure with a one-line plain explanation and the
//! counts behind it (the table the Agreement tab shows), each annotator against the gold
//! version (never counted among the annotators), and "for a paper": that table as CSV and a
//! paragraph with the measures, units and counts, ready to paste.

use super::corpus::GOLD_NAME;
use super::export::csv_field;
use super::measures::Score;
use super::report::{fixed, report, F1Block, Report, Scores};
use super::{Settings, Text};
use crate::core::schema::Attribute;
use std::fmt::Write;

/// One figure of the table: what it measures, its value, the counts it comes from, and what
/// it means in a line.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub measure: String,
    pub score: Score,
    pub basis: String,
    pub meaning: &'static str,
    /// The attribute it measures, if it is an attribute's α (its disagreements can be listed).
    pub attribute: Option<Attribute>,
}

/// The counts behind an F1 block, summed over its pairs.
pub fn f1_basis(block: &F1Block) -> String {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for p in &block.pairs {
        tp += p.counts.tp;
        fp += p.counts.fp;
        fn_ += p.counts.fn_;
    }
    let sd = match &block.sd {
        Score::Value(v) => format!("SD {} · ", fixed(*v, 3)),
        Score::Undefined(_) => String::new(),
    };
    format!(
        "{sd}mean of {} pair{}; TP {tp}, FP {fp}, FN {fn_} in all",
        block.pairs.len(),
        if block.pairs.len() == 1 { "" } else { "s" }
    )
}

/// The figures of `s`, in the table's order (`names`: the annotators the pairs index).
pub fn figures(s: &Scores, names: &[String]) -> Vec<Figure> {
    let figure = |measure: &str, score: &Score, basis: String, meaning: &'static str| Figure {
        measure: measure.to_string(),
        score: score.clone(),
        basis,
        meaning,
        attribute: None,
    };
    let mut out = vec![
        figure(
            "Span F1, exact",
            &s.exact.mean,
            f1_basis(&s.exact),
            "How often two annotators drew the same span: same start, end and label (1 = always).",
        ),
        figure(
            "Span F1, overlap",
            &s.overlap.mean,
            f1_basis(&s.overlap),
            "The same, counting spans that overlap enough to align (the IoU threshold) and share the label.",
        ),
    ];
    for k in &s.cohen {
        out.push(figure(
            &format!("Cohen's κ, {} – {}", names[k.a], names[k.b]),
            &k.kappa,
            format!("n = {} units both labelled", k.n),
            "This pair's label agreement on the units both labelled, beyond chance (0 = chance, 1 = perfect).",
        ));
    }
    out.extend([
        figure(
            "Fleiss' κ",
            &s.fleiss.0,
            format!("n = {} units every annotator labelled", s.fleiss.1),
            "Label agreement of all annotators on the units everyone labelled, beyond chance.",
        ),
        figure(
            "Krippendorff's α, labels",
            &s.alpha.alpha,
            format!(
                "n = {} pairable values; D_o {}, D_e {}",
                s.alpha.n,
                fixed(s.alpha.observed, 3),
                fixed(s.alpha.expected, 3)
            ),
            "Label agreement over every aligned unit, a missing annotator allowed, beyond chance.",
        ),
        figure(
            "Gwet's AC1",
            &s.ac1.0,
            format!("n = {} units with two labels or more", s.ac1.1),
            "Label agreement beyond chance, less pulled down than κ when one label is frequent.",
        ),
        figure(
            "α_u, unitizing",
            &s.alpha_u,
            format!(
                "over the {} labels present, the text as the continuum",
                s.alpha_u_labels.len()
            ),
            "Agreement on which stretches of text carry which label, with no alignment of spans.",
        ),
        figure(
            "Relation F1",
            &s.relations.mean,
            f1_basis(&s.relations),
            "How often two annotators drew the same relation, of the same kind, between the same units.",
        ),
        figure(
            "Relation F1, ends aligned",
            &s.relations_aligned.mean,
            f1_basis(&s.relations_aligned),
            "The same, over relations whose two ends both annotators marked: relations alone.",
        ),
    ]);
    for (attribute, a) in Attribute::ALL.into_iter().zip(&s.attributes) {
        out.push(Figure {
            attribute: Some(attribute),
            ..figure(
                &format!("α of {attribute}"),
                &a.alpha,
                format!("n = {} values over aligned units", a.n),
                "Agreement on this attribute's value where aligned spans carry it, beyond chance.",
            )
        });
    }
    out
}

/// One annotator against the gold version.
#[derive(Clone, Debug)]
pub struct AgainstGold {
    pub annotator: String,
    /// The texts with both this annotator's version and gold.
    pub texts: usize,
    /// The pair's scores (annotator first, gold second).
    pub scores: Scores,
}

/// Each of `annotators` (gold left out) against the gold version, over `texts`; empty when no
/// text has a gold version.
pub fn against_gold(texts: &[Text], annotators: &[String], settings: Settings) -> Vec<AgainstGold> {
    let has_gold = texts
        .iter()
        .any(|t| t.versions.iter().any(|v| v.annotator == GOLD_NAME));
    if !has_gold {
        return Vec::new();
    }
    annotators
        .iter()
        .filter(|a| a.as_str() != GOLD_NAME)
        .map(|a| {
            let pair = [a.clone(), GOLD_NAME.to_string()];
            let r = report(texts, &pair, settings);
            AgainstGold {
                annotator: a.clone(),
                texts: r.texts.iter().filter(|t| t.annotators.len() == 2).count(),
                scores: r.corpus,
            }
        })
        .collect()
}

/// A score with three decimals, or "undefined (why)".
fn said(score: &Score) -> String {
    match score {
        Score::Value(v) => fixed(*v, 3),
        Score::Undefined(why) => format!("undefined ({why})"),
    }
}

/// The counts of an F1 block, summed: (TP, FP, FN).
fn totals(block: &F1Block) -> (usize, usize, usize) {
    block.pairs.iter().fold((0, 0, 0), |(tp, fp, fn_), p| {
        (tp + p.counts.tp, fp + p.counts.fp, fn_ + p.counts.fn_)
    })
}

/// The report as a paragraph for a paper's methods section: the corpus, the annotators, the
/// alignment, each measure with its units and counts, and each annotator against gold.
pub fn paragraph(report: &Report, gold: &[AgainstGold]) -> String {
    let s = &report.corpus;
    let names = &report.annotators;
    let texts = report.texts.len();
    let mut out = String::new();
    let _ = write!(
        out,
        "Inter-annotator agreement was computed with Avow over {texts} text{} annotated independently by {} annotators ({})",
        if texts == 1 { "" } else { "s" },
        names.len(),
        names.join(", ")
    );
    if !gold.is_empty() && !names.iter().any(|n| n == GOLD_NAME) {
        out.push_str("; the adjudicated gold version was not counted as an annotator");
    }
    let (tp, fp, fn_) = totals(&s.overlap);
    let pairs = s.overlap.pairs.len();
    let _ = write!(
        out,
        ". Spans were aligned when their intersection over union was at least {}. Span F1, the mean over the {pairs} annotator pair{}, was {} with exact boundaries and {} for aligned spans with the same label (TP {tp}, FP {fp}, FN {fn_} in all).",
        fixed(report.settings.iou, 2),
        if pairs == 1 { "" } else { "s" },
        said(&s.exact.mean),
        said(&s.overlap.mean),
    );
    let _ = write!(
        out,
        " On the labels of aligned units, Krippendorff's α was {} (n = {} pairable values), Fleiss' κ {} (n = {} units labelled by every annotator) and Gwet's AC1 {} (n = {} units); unitizing α_u was {}.",
        said(&s.alpha.alpha),
        s.alpha.n,
        said(&s.fleiss.0),
        s.fleiss.1,
        said(&s.ac1.0),
        s.ac1.1,
        said(&s.alpha_u),
    );
    let (rtp, rfp, rfn) = totals(&s.relations);
    let _ = write!(
        out,
        " Relation F1 was {} (TP {rtp}, FP {rfp}, FN {rfn}), {} over relations whose ends both annotators marked.",
        said(&s.relations.mean),
        said(&s.relations_aligned.mean),
    );
    let attributes: Vec<String> = Attribute::ALL
        .into_iter()
        .zip(&s.attributes)
        .filter(|(_, a)| a.n > 0)
        .map(|(attribute, a)| format!("{attribute} {} (n = {})", said(&a.alpha), a.n))
        .collect();
    if !attributes.is_empty() {
        let _ = write!(
            out,
            " Krippendorff's α of the attributes was: {}.",
            attributes.join("; ")
        );
    }
    if !gold.is_empty() {
        let each: Vec<String> = gold
            .iter()
            .map(|g| {
                let (tp, fp, fn_) = totals(&g.scores.overlap);
                format!(
                    "{} {} (TP {tp}, FP {fp}, FN {fn_})",
                    g.annotator,
                    said(&g.scores.overlap.mean)
                )
            })
            .collect();
        let _ = write!(
            out,
            " Against the adjudicated gold version, span F1 for aligned spans was: {}.",
            each.join("; ")
        );
    }
    out
}

/// The table for a paper as CSV: every figure with its value, counts and meaning, then each
/// annotator against gold.
pub fn paper_csv(report: &Report, gold: &[AgainstGold]) -> String {
    let mut out = String::from("table,measure,value,from,meaning\n");
    let value = |score: &Score| score.value().map_or(String::new(), |v| fixed(v, 3));
    for f in figures(&report.corpus, &report.annotators) {
        let from = match f.score.why() {
            Some(why) => format!("{why} · {}", f.basis),
            None => f.basis.clone(),
        };
        let _ = writeln!(
            out,
            "agreement,{},{},{},{}",
            csv_field(&f.measure),
            value(&f.score),
            csv_field(&from),
            csv_field(f.meaning)
        );
    }
    for g in gold {
        for (measure, block) in [
            ("Span F1, exact", &g.scores.exact),
            ("Span F1, overlap", &g.scores.overlap),
            ("Relation F1", &g.scores.relations),
        ] {
            let _ = writeln!(
                out,
                "against gold,{},{},{},This annotator's version against the adjudicated gold version.",
                csv_field(&format!("{measure}, {} – gold", g.annotator)),
                value(&block.mean),
                csv_field(&format!("{} texts; {}", g.texts, f1_basis(block))),
            );
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::agreement::Version;
    use crate::core::annotation::span::Span;
    use crate::core::schema::Label;

    fn spans(list: &[(u64, usize, usize, Label)]) -> Vec<Span> {
        list.iter()
            .map(|&(id, s, e, l)| Span::bare(id, s, e, l))
            .collect()
    }

    #[test]
    fn gold_is_its_own_table_and_the_paragraph_says_every_measure_with_its_counts() {
        use Label::*;
        let ana = spans(&[(1, 0, 5, Party), (2, 10, 20, Commitment)]);
        let ben = spans(&[(1, 0, 5, Party), (2, 10, 20, Stance)]);
        let gold = spans(&[(1, 0, 5, Party), (2, 10, 20, Commitment)]);
        let version = |annotator, spans| Version {
            id: annotator,
            annotator,
            spans,
            relations: &[],
        };
        let texts = vec![Text {
            sha256: "abc",
            title: "T",
            body: "0123456789012345678901234",
            length: 25,
            versions: vec![
                version("ana", &ana),
                version("ben", &ben),
                version(GOLD_NAME, &gold),
            ],
        }];
        let names = vec!["ana".to_string(), "ben".to_string()];
        let r = report(&texts, &names, Settings::default());
        let rows = against_gold(
            &texts,
            &[names.clone(), vec![GOLD_NAME.into()]].concat(),
            Settings::default(),
        );
        assert_eq!(rows.len(), 2, "gold is never a row of its own table");
        assert_eq!(rows[0].annotator, "ana");
        assert_eq!(rows[0].texts, 1);
        assert_eq!(rows[0].scores.overlap.mean, Score::Value(1.0));
        assert_eq!(rows[1].scores.overlap.mean, Score::Value(0.5));
        let text = paragraph(&r, &rows);
        for part in [
            "over 1 text annotated independently by 2 annotators (ana, ben)",
            "the adjudicated gold version was not counted as an annotator",
            "at least 0.5",
            "Span F1, the mean over the 1 annotator pair, was 0.5 with exact boundaries",
            "(TP 1, FP 1, FN 1 in all)",
            "Krippendorff's α was",
            "Against the adjudicated gold version, span F1 for aligned spans was: ana 1.0 (TP 2, FP 0, FN 0); ben 0.5 (TP 1, FP 1, FN 1).",
        ] {
            assert!(text.contains(part), "{part:?} in {text}");
        }
        let csv = paper_csv(&r, &rows);
        assert!(csv.starts_with("table,measure,value,from,meaning\n"));
        assert!(csv.contains("agreement,\"Span F1, exact\",0.5,"));
        assert!(csv.contains("against gold,\"Span F1, overlap, ben – gold\",0.5,"));
        // Every figure of the table has its meaning.
        assert!(figures(&r.corpus, &names)
            .iter()
            .all(|f| !f.meaning.is_empty()));
    }

    #[test]
    fn no_gold_no_gold_table() {
        assert!(against_gold(&[], &["ana".to_string()], Settings::default()).is_empty());
    }
}
