//! The agreement report: per text and for the chosen texts together, every measure with the
//! counts it comes from, as the JSON of `export-agreement` (`format: "avow-agreement"`,
//! version 1; README defines each key).
//!
//! Micro scores pool the texts' material (counts summed, units pooled); `macro` is the mean of
//! the per-text scores.

use super::align::{align, unit_of_spans};
use super::measures::{
    alpha_nominal, cohen_kappa, fleiss_kappa, gwet_ac1, mean_sd, merge_overlapping, unitizing,
    Alpha, Counts, Score, Segments,
};
use super::{Settings, Text};
use crate::core::annotation::span::SpanIdMap;
use crate::core::schema::{Attribute, Label};

/// The confusion matrices' row and column for "no span in this unit".
const ABSENT: usize = 8;

/// What one text (or several, pooled) gives the measures; annotators by their index in the
/// report's list.
#[derive(Clone, Debug, Default)]
pub struct Material {
    /// By pair of annotators (a < b), in order.
    pairs: Vec<((usize, usize), PairMaterial)>,
    /// Units every annotator labelled: counts per label, with how many annotators.
    fleiss: Vec<Vec<usize>>,
    /// Each unit's labels (as indices), one per annotator with a span in it.
    label_units: Vec<Vec<usize>>,
    /// Per attribute (of [`Attribute::ALL`]): each act unit's values.
    attribute_units: Vec<Vec<Vec<usize>>>,
    /// Per label: each annotator's units of it on the continuum; and its length.
    segments: Vec<Vec<Segments>>,
    length: usize,
}

/// What a pair of annotators gives the measures.
#[derive(Clone, Debug, Default)]
struct PairMaterial {
    exact: Counts,
    overlap: Counts,
    exact_label: [Counts; 8],
    overlap_label: [Counts; 8],
    /// The two labels of each unit both labelled.
    kappa: Vec<(usize, usize)>,
    /// Labels of A (rows) by labels of B (columns), [`ABSENT`] last.
    confusion: [[usize; 9]; 9],
    relations: Counts,
    relations_aligned: Counts,
}

impl PairMaterial {
    fn add(&mut self, other: &PairMaterial) {
        self.exact.add(other.exact);
        self.overlap.add(other.overlap);
        for l in 0..8 {
            self.exact_label[l].add(other.exact_label[l]);
            self.overlap_label[l].add(other.overlap_label[l]);
        }
        self.kappa.extend_from_slice(&other.kappa);
        for (row, other_row) in self.confusion.iter_mut().zip(&other.confusion) {
            for (cell, o) in row.iter_mut().zip(other_row) {
                *cell += o;
            }
        }
        self.relations.add(other.relations);
        self.relations_aligned.add(other.relations_aligned);
    }
}

/// A value's index among an attribute's values; "not set" is the last, if it counts.
fn attribute_value(
    attribute: Attribute,
    value: Option<&String>,
    unset_is_value: bool,
) -> Option<usize> {
    match value {
        Some(v) => attribute.values().iter().position(|x| x == v),
        None if unset_is_value => Some(attribute.values().len()),
        None => None,
    }
}

/// A span's or relation's key for matching: three numbers.
type Key = [usize; 3];

/// Matches two multisets of keys: how many each has, and how many they share.
fn match_counts(a: &[Key], b: &[Key]) -> Counts {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    crate::core::sort::sort_by_key(&mut a, |k| *k);
    crate::core::sort::sort_by_key(&mut b, |k| *k);
    let (mut i, mut j, mut tp) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                tp += 1;
                i += 1;
                j += 1;
            }
        }
    }
    Counts {
        tp,
        fp: a.len() - tp,
        fn_: b.len() - tp,
    }
}

/// The material of one text; `present[i]` is the report's index of the annotator of the
/// text's version i, increasing (versions in the report's order), so each pair is (a, b)
/// with a < b.
pub fn material(text: &Text, present: &[usize], settings: Settings) -> Material {
    debug_assert!(present.windows(2).all(|w| w[0] < w[1]));
    let versions: Vec<&[crate::core::annotation::span::Span]> =
        text.versions.iter().map(|v| v.spans).collect();
    let units = align(&versions, settings.iou);
    let unit_of = unit_of_spans(&units, &versions);
    let mut m = Material {
        attribute_units: vec![Vec::new(); Attribute::ALL.len()],
        length: text.length,
        ..Material::default()
    };
    let label = |a: usize, i: usize| versions[a].get(i).map(|s| s.label.index());

    for unit in &units {
        let labels: Vec<usize> = unit
            .members
            .iter()
            .enumerate()
            .filter_map(|(a, s)| label(a, (*s)?))
            .collect();
        if labels.len() == versions.len() && versions.len() >= 2 {
            let mut row = vec![0; 8];
            for l in &labels {
                row[*l] += 1;
            }
            m.fleiss.push(row);
        }
        m.label_units.push(labels);
        // Attributes: over act units, each member whose label carries the attribute.
        for (k, attribute) in Attribute::ALL.into_iter().enumerate() {
            let values: Vec<usize> = unit
                .members
                .iter()
                .enumerate()
                .filter_map(|(a, s)| {
                    let span = versions[a].get((*s)?)?;
                    if !span.label.attributes().contains(&attribute) {
                        return None;
                    }
                    attribute_value(
                        attribute,
                        span.attrs.get(&attribute),
                        settings.unset_is_value,
                    )
                })
                .collect();
            if !values.is_empty() {
                m.attribute_units[k].push(values);
            }
        }
    }

    // α_u: each annotator's units of each label.
    m.segments = Label::ALL
        .into_iter()
        .map(|l| {
            versions
                .iter()
                .map(|spans| {
                    merge_overlapping(
                        spans
                            .iter()
                            .filter(|s| s.label == l)
                            .map(|s| (s.start, s.end))
                            .collect(),
                    )
                })
                .collect()
        })
        .collect();

    // Relations by the units of their ends and their type.
    let relation_keys: Vec<Vec<Key>> = text
        .versions
        .iter()
        .enumerate()
        .map(|(a, v)| {
            let index: SpanIdMap<usize> =
                v.spans.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
            v.relations
                .iter()
                .filter_map(|r| {
                    Some([
                        r.kind as usize,
                        unit_of[a][*index.get(&r.from)?],
                        unit_of[a][*index.get(&r.to)?],
                    ])
                })
                .collect()
        })
        .collect();

    for a in 0..versions.len() {
        for b in a + 1..versions.len() {
            let mut p = PairMaterial::default();
            let key = |s: &crate::core::annotation::span::Span| [s.start, s.end, s.label.index()];
            let exact_a: Vec<Key> = versions[a].iter().map(key).collect();
            let exact_b: Vec<Key> = versions[b].iter().map(key).collect();
            p.exact = match_counts(&exact_a, &exact_b);
            for l in 0..8 {
                let only = |keys: &[Key]| -> Vec<Key> {
                    keys.iter().filter(|k| k[2] == l).copied().collect()
                };
                p.exact_label[l] = match_counts(&only(&exact_a), &only(&exact_b));
            }
            let mut count_a = [0usize; 8];
            let mut count_b = [0usize; 8];
            let mut agreed = [0usize; 8];
            for unit in &units {
                let la = unit.members[a].and_then(|i| label(a, i));
                let lb = unit.members[b].and_then(|i| label(b, i));
                if let Some(x) = la {
                    count_a[x] += 1;
                }
                if let Some(y) = lb {
                    count_b[y] += 1;
                }
                match (la, lb) {
                    (Some(x), Some(y)) => {
                        p.kappa.push((x, y));
                        p.confusion[x][y] += 1;
                        if x == y {
                            agreed[x] += 1;
                        }
                    }
                    (Some(x), None) => p.confusion[x][ABSENT] += 1,
                    (None, Some(y)) => p.confusion[ABSENT][y] += 1,
                    (None, None) => {}
                }
            }
            for l in 0..8 {
                p.overlap_label[l] = Counts {
                    tp: agreed[l],
                    fp: count_a[l] - agreed[l],
                    fn_: count_b[l] - agreed[l],
                };
                p.overlap.add(p.overlap_label[l]);
            }
            p.relations = match_counts(&relation_keys[a], &relation_keys[b]);
            let both = |key: &&Key| {
                [key[1], key[2]]
                    .iter()
                    .all(|u| units[*u].members[a].is_some() && units[*u].members[b].is_some())
            };
            let aligned_a: Vec<_> = relation_keys[a].iter().filter(both).cloned().collect();
            let aligned_b: Vec<_> = relation_keys[b].iter().filter(both).cloned().collect();
            p.relations_aligned = match_counts(&aligned_a, &aligned_b);
            m.pairs.push(((present[a], present[b]), p));
        }
    }
    m
}

impl Material {
    /// Pools another text's material into this one (micro averaging); the continuum of α_u
    /// grows by the text's length when both have the same annotators.
    pub fn pool(&mut self, other: &Material) {
        for (key, p) in &other.pairs {
            match self.pairs.iter_mut().find(|(k, _)| k == key) {
                Some((_, mine)) => mine.add(p),
                None => self.pairs.push((*key, p.clone())),
            }
        }
        crate::core::sort::sort_by_key(&mut self.pairs, |(k, _)| *k);
        self.fleiss.extend(other.fleiss.iter().cloned());
        self.label_units.extend(other.label_units.iter().cloned());
        if self.attribute_units.is_empty() {
            self.attribute_units = vec![Vec::new(); Attribute::ALL.len()];
        }
        for (mine, theirs) in self.attribute_units.iter_mut().zip(&other.attribute_units) {
            mine.extend(theirs.iter().cloned());
        }
        if self.segments.is_empty() {
            self.segments = other.segments.clone();
            self.length = other.length;
        } else if self.segments[0].len() == other.segments[0].len() {
            let shift = self.length;
            for (mine, theirs) in self.segments.iter_mut().zip(&other.segments) {
                for (coder, more) in mine.iter_mut().zip(theirs) {
                    coder.extend(more.iter().map(|(s, e)| (s + shift, e + shift)));
                }
            }
            self.length += other.length;
        }
    }
}

/// A pair's F1 with its counts.
#[derive(Clone, Debug)]
pub struct PairF1 {
    pub a: usize,
    pub b: usize,
    pub counts: Counts,
    pub f1: Score,
}

/// F1 per annotator pair, with the mean and SD over the pairs.
#[derive(Clone, Debug)]
pub struct F1Block {
    pub mean: Score,
    pub sd: Score,
    pub pairs: Vec<PairF1>,
}

impl F1Block {
    fn of(pairs: Vec<((usize, usize), Counts)>) -> F1Block {
        let pairs: Vec<PairF1> = pairs
            .into_iter()
            .map(|((a, b), counts)| PairF1 {
                a,
                b,
                counts,
                f1: counts.f1(),
            })
            .collect();
        let scores: Vec<Score> = pairs.iter().map(|p| p.f1.clone()).collect();
        let (mean, sd) = mean_sd(&scores);
        F1Block { mean, sd, pairs }
    }
}

/// Cohen's κ of a pair, over the `n` units both labelled.
#[derive(Clone, Debug)]
pub struct PairKappa {
    pub a: usize,
    pub b: usize,
    pub kappa: Score,
    pub n: usize,
}

/// Every measure of some material (one text, or the texts pooled).
#[derive(Clone, Debug)]
pub struct Scores {
    pub exact: F1Block,
    pub overlap: F1Block,
    pub cohen: Vec<PairKappa>,
    /// Confusion per pair: labels of A (rows) by labels of B, "no span" last.
    pub confusion: Vec<(usize, usize, [[usize; 9]; 9])>,
    pub fleiss: (Score, usize),
    pub alpha: Alpha,
    pub ac1: (Score, usize),
    /// Per attribute of [`Attribute::ALL`].
    pub attributes: Vec<Alpha>,
    pub alpha_u: Score,
    /// α_u of each label present.
    pub alpha_u_labels: Vec<(Label, Score)>,
    pub relations: F1Block,
    pub relations_aligned: F1Block,
    /// Exact and overlap F1 per label (of [`Label::ALL`]).
    pub per_label: Vec<(F1Block, F1Block)>,
}

/// Computes every measure of some material.
pub fn scores(m: &Material) -> Scores {
    let pick = |f: &dyn Fn(&PairMaterial) -> Counts| -> Vec<((usize, usize), Counts)> {
        m.pairs.iter().map(|(k, p)| (*k, f(p))).collect()
    };
    // α_u per label present, and overall over them: 1 − mean D_o / mean D_e.
    let mut alpha_u_labels = Vec::new();
    let (mut observed, mut expected) = (0.0, 0.0);
    for (l, label) in Label::ALL.into_iter().enumerate() {
        let Some(coders) = m
            .segments
            .get(l)
            .filter(|c| c.iter().any(|s| !s.is_empty()))
        else {
            continue;
        };
        let u = unitizing(coders, m.length);
        observed += u.observed;
        expected += u.expected;
        alpha_u_labels.push((label, u.alpha()));
    }
    let alpha_u = if alpha_u_labels.is_empty() {
        Score::Undefined("no label has a span")
    } else if m.segments.first().is_none_or(|c| c.len() < 2) {
        Score::Undefined("α_u needs two annotators or more")
    } else if expected <= 0.0 {
        Score::Undefined("no expected disagreement")
    } else {
        Score::Value(1.0 - observed / expected)
    };
    Scores {
        exact: F1Block::of(pick(&|p| p.exact)),
        overlap: F1Block::of(pick(&|p| p.overlap)),
        cohen: m
            .pairs
            .iter()
            .map(|((a, b), p)| PairKappa {
                a: *a,
                b: *b,
                kappa: cohen_kappa(&p.kappa),
                n: p.kappa.len(),
            })
            .collect(),
        confusion: m
            .pairs
            .iter()
            .map(|((a, b), p)| (*a, *b, p.confusion))
            .collect(),
        fleiss: (fleiss_kappa(&m.fleiss), m.fleiss.len()),
        alpha: alpha_nominal(&m.label_units),
        ac1: (
            gwet_ac1(&m.label_units),
            m.label_units.iter().filter(|u| u.len() >= 2).count(),
        ),
        attributes: (0..Attribute::ALL.len())
            .map(|k| alpha_nominal(m.attribute_units.get(k).map_or(&[][..], |u| &u[..])))
            .collect(),
        alpha_u,
        alpha_u_labels,
        relations: F1Block::of(pick(&|p| p.relations)),
        relations_aligned: F1Block::of(pick(&|p| p.relations_aligned)),
        per_label: (0..8)
            .map(|l| {
                (
                    F1Block::of(pick(&|p| p.exact_label[l])),
                    F1Block::of(pick(&|p| p.overlap_label[l])),
                )
            })
            .collect(),
    }
}

impl Scores {
    /// The headline figures, for the macro means over texts.
    fn headline(&self) -> [(&'static str, &Score); 7] {
        [
            ("span_f1_exact", &self.exact.mean),
            ("span_f1_overlap", &self.overlap.mean),
            ("fleiss_kappa", &self.fleiss.0),
            ("alpha", &self.alpha.alpha),
            ("ac1", &self.ac1.0),
            ("alpha_u", &self.alpha_u),
            ("relations_f1", &self.relations.mean),
        ]
    }
}

/// `v` with `decimals` decimals, by integer arithmetic (formatting floats would add kilobytes
/// of code to the app); at least one decimal, trailing zeros dropped.
pub fn fixed(v: f64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let scaled = (v * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, part) = (
        scaled.unsigned_abs() / scale as u64,
        scaled.unsigned_abs() % scale as u64,
    );
    let mut digits = format!("{part:0width$}", width = decimals as usize);
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    format!("{sign}{whole}.{digits}")
}

/// A small JSON writer: the report is written as text, its numbers by [`fixed`].
struct Json {
    out: String,
    /// Whether the current object or array has a member yet.
    first: Vec<bool>,
}

impl Json {
    fn comma(&mut self) {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.out.push(',');
            }
            *first = false;
        }
    }
    fn key(&mut self, key: &str) -> &mut Self {
        self.comma();
        self.string(key);
        self.out.push(':');
        // The value that follows is not a new member.
        if let Some(first) = self.first.last_mut() {
            *first = true;
        }
        self
    }
    fn open(&mut self, bracket: char) -> &mut Self {
        self.comma();
        self.out.push(bracket);
        self.first.push(true);
        self
    }
    fn close(&mut self, bracket: char) -> &mut Self {
        self.first.pop();
        if let Some(first) = self.first.last_mut() {
            *first = false;
        }
        self.out.push(bracket);
        self
    }
    fn raw(&mut self, text: &str) -> &mut Self {
        self.comma();
        self.out.push_str(text);
        self
    }
    fn string(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
    fn text(&mut self, text: &str) -> &mut Self {
        self.comma();
        self.string(text);
        self
    }
    fn uint(&mut self, n: usize) -> &mut Self {
        self.raw(&n.to_string())
    }
    fn num(&mut self, v: f64) -> &mut Self {
        self.raw(&fixed(v, 9))
    }
    /// `"key": value` or `"key": null, "<why>": "…"`.
    fn score(&mut self, key: &str, score: &Score, why: &str) -> &mut Self {
        match score {
            Score::Value(v) => self.key(key).num(*v),
            Score::Undefined(reason) => self.key(key).raw("null").key(why).text(reason),
        }
    }
    fn f1_block(&mut self, block: &F1Block, names: &[String]) -> &mut Self {
        self.open('{');
        self.score("mean", &block.mean, "why")
            .score("sd", &block.sd, "sd_why");
        self.key("pairs").open('[');
        for p in &block.pairs {
            self.open('{');
            self.key("a").text(&names[p.a]).key("b").text(&names[p.b]);
            self.key("tp").uint(p.counts.tp).key("fp").uint(p.counts.fp);
            self.key("fn").uint(p.counts.fn_);
            self.score("f1", &p.f1, "why").close('}');
        }
        self.close(']').close('}')
    }
    fn scored(&mut self, key: &str, score: &Score, n: usize) -> &mut Self {
        self.open('{')
            .score(key, score, "why")
            .key("n")
            .uint(n)
            .close('}')
    }
    /// The members of a scores object (inside an open object).
    fn scores(&mut self, s: &Scores, names: &[String]) -> &mut Self {
        self.key("span_f1").open('{');
        self.key("exact").f1_block(&s.exact, names);
        self.key("overlap").f1_block(&s.overlap, names).close('}');

        self.key("labels").open('{').key("cohen_kappa").open('[');
        for k in &s.cohen {
            self.open('{')
                .key("a")
                .text(&names[k.a])
                .key("b")
                .text(&names[k.b]);
            self.score("kappa", &k.kappa, "why")
                .key("n")
                .uint(k.n)
                .close('}');
        }
        self.close(']');
        self.key("fleiss_kappa")
            .scored("kappa", &s.fleiss.0, s.fleiss.1);
        self.key("alpha")
            .open('{')
            .score("alpha", &s.alpha.alpha, "why");
        self.key("n").uint(s.alpha.n);
        self.key("observed").num(s.alpha.observed);
        self.key("expected").num(s.alpha.expected).close('}');
        self.key("ac1").scored("ac1", &s.ac1.0, s.ac1.1);
        self.key("confusion").open('{').key("labels").open('[');
        for label in Label::ALL {
            self.text(label.name());
        }
        self.text("").close(']').key("pairs").open('[');
        for (a, b, matrix) in &s.confusion {
            self.open('{')
                .key("a")
                .text(&names[*a])
                .key("b")
                .text(&names[*b]);
            self.key("matrix").open('[');
            for row in matrix {
                self.open('[');
                for cell in row {
                    self.uint(*cell);
                }
                self.close(']');
            }
            self.close(']').close('}');
        }
        self.close(']').close('}').close('}');

        self.key("attributes").open('{');
        for (attribute, a) in Attribute::ALL.into_iter().zip(&s.attributes) {
            self.key(attribute.name()).scored("alpha", &a.alpha, a.n);
        }
        self.close('}');

        self.key("alpha_u")
            .open('{')
            .score("overall", &s.alpha_u, "why");
        self.key("per_label").open('{');
        for (label, score) in &s.alpha_u_labels {
            self.score(label.name(), score, &format!("{}_why", label.name()));
        }
        self.close('}').close('}');

        self.key("relations").open('{');
        self.score("f1", &s.relations.mean, "why");
        self.score("f1_aligned_ends", &s.relations_aligned.mean, "aligned_why");
        self.key("raw").f1_block(&s.relations, names);
        self.key("aligned_ends")
            .f1_block(&s.relations_aligned, names);
        self.close('}');

        self.key("per_label").open('{');
        for (label, (exact, overlap)) in Label::ALL.into_iter().zip(&s.per_label) {
            self.key(label.name()).open('{').key("span_f1").open('{');
            self.key("exact").f1_block(exact, names);
            self.key("overlap").f1_block(overlap, names);
            self.close('}').close('}');
        }
        self.close('}')
    }
}

/// The report: the corpus's scores (micro) and each text's.
#[derive(Clone, Debug)]
pub struct Report {
    pub settings: Settings,
    pub annotators: Vec<String>,
    pub corpus: Scores,
    /// The mean of the texts' headline figures.
    pub macro_means: Vec<(&'static str, Score)>,
    pub texts: Vec<TextScores>,
}

/// One text's scores.
#[derive(Clone, Debug)]
pub struct TextScores {
    pub sha256: String,
    pub title: String,
    /// The report's indices of the annotators with a version of the text.
    pub annotators: Vec<usize>,
    pub scores: Scores,
}

/// The whole report over `texts` for the `annotators` chosen (a text's versions by other
/// annotators are left out).
pub fn report(texts: &[Text], annotators: &[String], settings: Settings) -> Report {
    let mut job = ReportJob::new(annotators, settings);
    job.step(texts, usize::MAX);
    job.finish()
}

/// A report measured a few texts at a time (the same as [`report`]), so that a corpus of
/// hundreds of texts is measured between turns of the page.
pub struct ReportJob {
    annotators: Vec<String>,
    settings: Settings,
    corpus: Material,
    full: Material,
    per_text: Vec<TextScores>,
}

impl ReportJob {
    /// A report for the `annotators` chosen, no text measured yet.
    pub fn new(annotators: &[String], settings: Settings) -> ReportJob {
        ReportJob {
            annotators: annotators.to_vec(),
            settings,
            corpus: Material::default(),
            full: Material::default(),
            per_text: Vec::new(),
        }
    }

    /// How many texts are measured.
    pub fn measured(&self) -> usize {
        self.per_text.len()
    }

    /// Measures up to `n` more of `texts` (the same list at every step); true once all are.
    pub fn step(&mut self, texts: &[Text], n: usize) -> bool {
        let annotators = &self.annotators;
        let from = self.per_text.len();
        for text in texts.iter().skip(from).take(n) {
            let mut chosen = text.clone();
            chosen
                .versions
                .retain(|v| annotators.iter().any(|a| a == v.annotator));
            crate::core::sort::sort_by_key(&mut chosen.versions, |v| {
                annotators.iter().position(|a| a == v.annotator)
            });
            chosen.versions.dedup_by(|x, y| x.annotator == y.annotator);
            let present: Vec<usize> = chosen
                .versions
                .iter()
                .filter_map(|v| annotators.iter().position(|a| a == v.annotator))
                .collect();
            let m = material(&chosen, &present, self.settings);
            self.per_text.push(TextScores {
                sha256: text.sha256.to_string(),
                title: text.title.to_string(),
                scores: scores(&m),
                annotators: present.clone(),
            });
            if present.len() == annotators.len() {
                self.full.pool(&m);
            }
            self.corpus.pool(&m);
        }
        self.per_text.len() >= texts.len()
    }

    /// The report of the texts measured.
    pub fn finish(self) -> Report {
        let ReportJob {
            annotators,
            settings,
            mut corpus,
            full,
            per_text,
        } = self;
        // Fleiss' κ and α_u pool only texts that every chosen annotator has.
        corpus.fleiss = full.fleiss;
        corpus.segments = full.segments;
        corpus.length = full.length;
        let corpus = scores(&corpus);
        let macro_means = (0..7)
            .map(|k| {
                let values: Vec<Score> = per_text
                    .iter()
                    .map(|t| t.scores.headline()[k].1.clone())
                    .collect();
                (corpus.headline()[k].0, mean_sd(&values).0)
            })
            .collect();
        Report {
            settings,
            annotators,
            corpus,
            macro_means,
            texts: per_text,
        }
    }
}

impl Report {
    /// The report as the JSON of `export-agreement` (README documents it).
    pub fn to_json(&self) -> String {
        let names = &self.annotators;
        let mut j = Json {
            out: String::new(),
            first: Vec::new(),
        };
        j.open('{').key("format").text("avow-agreement");
        j.key("version").uint(1);
        j.key("settings")
            .open('{')
            .key("iou")
            .num(self.settings.iou);
        j.key("unset_is_value")
            .raw(if self.settings.unset_is_value {
                "true"
            } else {
                "false"
            })
            .close('}');
        j.key("annotators").open('[');
        for name in names {
            j.text(name);
        }
        j.close(']');
        j.key("corpus")
            .open('{')
            .key("texts")
            .uint(self.texts.len());
        j.scores(&self.corpus, names);
        j.key("macro").open('{');
        for (name, score) in &self.macro_means {
            j.score(name, score, &format!("{name}_why"));
        }
        j.close('}').close('}');
        j.key("texts").open('[');
        for t in &self.texts {
            j.open('{')
                .key("sha256")
                .text(&t.sha256)
                .key("title")
                .text(&t.title);
            j.key("annotators").open('[');
            for a in &t.annotators {
                j.text(&names[*a]);
            }
            j.close(']');
            j.scores(&t.scores, names).close('}');
        }
        j.close(']').close('}');
        j.out
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::agreement::synthetic::{text, versions, Made};
    use proptest::prelude::*;
    use serde_json::Value;

    fn report(texts: &[Text], annotators: &[String], settings: Settings) -> Value {
        let json = super::report(texts, annotators, settings).to_json();
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
    }

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("ann{i}")).collect()
    }

    fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
        path.split('.').fold(v, |v, k| match k.parse::<usize>() {
            Ok(i) => &v[i],
            Err(_) => &v[k],
        })
    }

    /// The figures that must not depend on the annotators' order or the labels' names.
    const INVARIANT: [&str; 8] = [
        "corpus.span_f1.exact.mean",
        "corpus.span_f1.overlap.mean",
        "corpus.labels.alpha.alpha",
        "corpus.labels.fleiss_kappa.kappa",
        "corpus.labels.ac1.ac1",
        "corpus.alpha_u.overall",
        "corpus.relations.f1",
        "corpus.attributes.strength.alpha",
    ];

    fn same(a: &Value, b: &Value, path: &str) {
        match (at(a, path).as_f64(), at(b, path).as_f64()) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{path}: {x} vs {y}"),
            (x, y) => assert_eq!(x, y, "{path}"),
        }
    }

    #[test]
    fn fixed_decimals_without_float_formatting() {
        assert_eq!(fixed(0.742857142857, 3), "0.743");
        assert_eq!(fixed(1.0, 9), "1.0");
        assert_eq!(fixed(-0.25, 2), "-0.25");
        assert_eq!(fixed(-0.0000000001, 9), "0.0");
        assert_eq!(fixed(0.5, 0), "1.0");
        assert_eq!(fixed(12.05, 1), "12.1");
    }

    #[test]
    fn the_report_has_the_documented_keys_with_counts() {
        let made = versions(7, 3, 2_000, 40);
        let names = names(3);
        let r = report(&[text(&made, &names, 2_000)], &names, Settings::default());
        assert_eq!(r["format"], "avow-agreement");
        assert_eq!(r["version"], 1);
        assert_eq!(r["settings"]["iou"], 0.5);
        for scope in ["corpus", "texts.0"] {
            let s = at(&r, scope);
            let pairs = s["span_f1"]["exact"]["pairs"].as_array().unwrap();
            assert_eq!(pairs.len(), 3);
            for p in pairs {
                for k in ["a", "b", "tp", "fp", "fn", "f1"] {
                    assert!(!p[k].is_null(), "{scope} pair lacks {k}: {p}");
                }
            }
            assert_eq!(s["labels"]["cohen_kappa"].as_array().unwrap().len(), 3);
            for k in [
                "labels.fleiss_kappa.n",
                "labels.alpha.n",
                "labels.ac1.n",
                "attributes.committer.n",
            ] {
                assert!(at(s, k).as_u64().unwrap() > 0, "{scope}.{k}");
            }
            assert!(at(s, "alpha_u.overall").as_f64().is_some());
            assert!(at(s, "alpha_u.per_label.COMMITMENT").as_f64().is_some());
            assert!(at(s, "relations.f1").as_f64().is_some());
            assert!(at(s, "relations.f1_aligned_ends").as_f64().is_some());
            assert!(at(s, "per_label.PARTY.span_f1.overlap.mean")
                .as_f64()
                .is_some());
        }
        assert_eq!(r["texts"][0]["annotators"], serde_json::json!(names));
        assert!(r["corpus"]["macro"]["alpha"].as_f64().is_some());
    }

    #[test]
    fn an_undefined_measure_is_null_with_why() {
        // Two annotators who each marked one PARTY, at the same place: one category only.
        let made = versions(1, 2, 100, 1);
        let mut made = made;
        for m in &mut made {
            m.spans.truncate(1);
            m.relations.clear();
            m.spans[0].label = Label::Party;
            m.spans[0].start = 10;
            m.spans[0].end = 20;
        }
        let names = names(2);
        let r = report(&[text(&made, &names, 100)], &names, Settings::default());
        let kappa = &r["corpus"]["labels"]["cohen_kappa"][0];
        assert!(kappa["kappa"].is_null());
        assert!(kappa["why"].as_str().unwrap().contains("same category"));
        assert!(r["corpus"]["labels"]["alpha"]["alpha"].is_null());
        assert!(r["corpus"]["relations"]["f1"].is_null());
        assert!(r["corpus"]["relations"]["why"].is_string());
        assert_eq!(r["corpus"]["span_f1"]["exact"]["mean"], 1.0);
        assert!(r["corpus"]["span_f1"]["exact"]["sd"].is_null());
        assert!(!serde_json::to_string(&r).unwrap().contains("NaN"));
    }

    #[test]
    fn micro_pools_counts_and_macro_averages_texts() {
        let first = versions(3, 2, 1_000, 20);
        let second = versions(4, 2, 1_000, 30);
        let names = names(2);
        let texts = [text(&first, &names, 1_000), text(&second, &names, 1_000)];
        let r = report(&texts, &names, Settings::default());
        let tp = |s: &Value| s["span_f1"]["exact"]["pairs"][0]["tp"].as_u64().unwrap();
        assert_eq!(tp(&r["corpus"]), tp(&r["texts"][0]) + tp(&r["texts"][1]));
        let f = |s: &Value| s["span_f1"]["exact"]["mean"].as_f64().unwrap();
        let mean = (f(&r["texts"][0]) + f(&r["texts"][1])) / 2.0;
        assert!((r["corpus"]["macro"]["span_f1_exact"].as_f64().unwrap() - mean).abs() < 2e-9);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn identical_versions_agree_perfectly(seed in any::<u64>()) {
            let one = versions(seed, 1, 1_500, 30).remove(0);
            let made = vec![one.clone(), one.clone(), one];
            let names = names(3);
            let r = report(&[text(&made, &names, 1_500)], &names, Settings::default());
            for path in INVARIANT {
                if let Some(v) = at(&r, path).as_f64() {
                    prop_assert!((v - 1.0).abs() < 1e-9, "{}: {}", path, v);
                }
            }
            prop_assert_eq!(at(&r, "corpus.span_f1.exact.mean").as_f64(), Some(1.0));
        }

        #[test]
        fn the_annotators_order_changes_nothing(seed in any::<u64>()) {
            let made = versions(seed, 3, 1_500, 30);
            let names = names(3);
            let r = report(&[text(&made, &names, 1_500)], &names, Settings::default());
            let turned: Vec<Made> = vec![made[2].clone(), made[0].clone(), made[1].clone()];
            let turned_names = vec![names[2].clone(), names[0].clone(), names[1].clone()];
            let t = report(&[text(&turned, &turned_names, 1_500)], &turned_names, Settings::default());
            for path in INVARIANT {
                same(&r, &t, path);
            }
        }

        #[test]
        fn renaming_the_labels_changes_nothing(seed in any::<u64>(), shift in 1usize..5) {
            let made = versions(seed, 3, 1_500, 30);
            let names = names(3);
            let r = report(&[text(&made, &names, 1_500)], &names, Settings::default());
            // A permutation of the act labels (the attributes stay theirs).
            let renamed: Vec<Made> = made
                .iter()
                .map(|m| {
                    let mut m = m.clone();
                    for s in &mut m.spans {
                        if s.label.is_act() {
                            s.label = Label::ALL[(s.label.index() + shift) % 5];
                        }
                    }
                    m
                })
                .collect();
            let t = report(&[text(&renamed, &names, 1_500)], &names, Settings::default());
            // Relations depend on the labels' names (which kinds fit), so not them.
            for path in INVARIANT.iter().filter(|p| !p.contains("relations")) {
                same(&r, &t, path);
            }
        }
    }
}
