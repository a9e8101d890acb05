//! The agreement report: per text and for the chosen texts together, every measure with the
//! counts it comes from, as the JSON of `export-agreement` (`format: "avow-agreement"`,
//! version 1; README defines each key).
//!
//! Micro scores pool the texts' material (counts summed, units pooled); `macro` is the mean of
//! the per-text scores.

use super::align::{align, unit_of_spans};
use super::measures::{
    alpha_nominal, cohen_kappa, fleiss_kappa, gwet_ac1, mean_sd, merge_overlapping, unitizing,
    Counts, Score, Segments,
};
use super::{Settings, Text};
use crate::core::schema::{Attribute, Label, RelationKind};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The confusion matrices' row and column for "no span in this unit".
const ABSENT: usize = 8;

/// What one text (or several, pooled) gives the measures; annotators by their index in the
/// report's list.
#[derive(Clone, Debug, Default)]
pub struct Material {
    pairs: BTreeMap<(usize, usize), PairMaterial>,
    /// Units every annotator labelled: counts per label, with how many annotators.
    fleiss: Vec<Vec<usize>>,
    fleiss_raters: usize,
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

/// Matches two multisets of keys: how many each has, and how many they share.
fn match_counts<K: Ord + Clone>(a: &[K], b: &[K]) -> Counts {
    let mut remaining: BTreeMap<K, usize> = BTreeMap::new();
    for k in b {
        *remaining.entry(k.clone()).or_default() += 1;
    }
    let mut tp = 0;
    for k in a {
        if let Some(n) = remaining.get_mut(k).filter(|n| **n > 0) {
            *n -= 1;
            tp += 1;
        }
    }
    Counts {
        tp,
        fp: a.len() - tp,
        fn_: b.len() - tp,
    }
}

/// The material of one text; `present[i]` is the report's index of the annotator of the
/// text's version i (versions in the report's order).
pub fn material(text: &Text, present: &[usize], settings: Settings) -> Material {
    let versions: Vec<&[crate::core::span::Span]> = text.versions.iter().map(|v| v.spans).collect();
    let units = align(&versions, settings.iou);
    let unit_of = unit_of_spans(&units, &versions);
    let mut m = Material {
        fleiss_raters: versions.len(),
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
    let relation_keys: Vec<Vec<(RelationKind, usize, usize)>> = text
        .versions
        .iter()
        .enumerate()
        .map(|(a, v)| {
            let index: HashMap<_, _> = v.spans.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
            v.relations
                .iter()
                .filter_map(|r| {
                    Some((
                        r.kind,
                        unit_of[a][*index.get(&r.from)?],
                        unit_of[a][*index.get(&r.to)?],
                    ))
                })
                .collect()
        })
        .collect();

    for a in 0..versions.len() {
        for b in a + 1..versions.len() {
            let mut p = PairMaterial::default();
            let key = |x: usize, s: &crate::core::span::Span| (s.start, s.end, s.label.index(), x);
            let exact_a: Vec<_> = versions[a].iter().map(|s| key(0, s)).collect();
            let exact_b: Vec<_> = versions[b].iter().map(|s| key(0, s)).collect();
            p.exact = match_counts(&exact_a, &exact_b);
            for l in 0..8 {
                let only = |keys: &[(usize, usize, usize, usize)]| -> Vec<_> {
                    keys.iter().filter(|k| k.2 == l).cloned().collect()
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
            let both = |(_, from, to): &&(RelationKind, usize, usize)| {
                units[*from].members[a].is_some()
                    && units[*from].members[b].is_some()
                    && units[*to].members[a].is_some()
                    && units[*to].members[b].is_some()
            };
            let aligned_a: Vec<_> = relation_keys[a].iter().filter(both).cloned().collect();
            let aligned_b: Vec<_> = relation_keys[b].iter().filter(both).cloned().collect();
            p.relations_aligned = match_counts(&aligned_a, &aligned_b);
            let (x, y) = (present[a], present[b]);
            let key = if x < y { (x, y) } else { (y, x) };
            if x > y {
                p = p.swapped();
            }
            m.pairs.insert(key, p);
        }
    }
    m
}

impl PairMaterial {
    /// The same comparison seen from B: FP and FN trade places, the confusion transposes.
    fn swapped(mut self) -> PairMaterial {
        let swap = |c: &mut Counts| std::mem::swap(&mut c.fp, &mut c.fn_);
        swap(&mut self.exact);
        swap(&mut self.overlap);
        swap(&mut self.relations);
        swap(&mut self.relations_aligned);
        self.exact_label.iter_mut().for_each(swap);
        self.overlap_label.iter_mut().for_each(swap);
        self.kappa
            .iter_mut()
            .for_each(|(x, y)| std::mem::swap(x, y));
        let mut t = [[0; 9]; 9];
        for (i, row) in self.confusion.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                t[j][i] = *v;
            }
        }
        self.confusion = t;
        self
    }
}

impl Material {
    /// Pools another text's material into this one (micro averaging); the continuum of α_u
    /// grows by the text's length when both have the same annotators.
    pub fn pool(&mut self, other: &Material) {
        for (key, p) in &other.pairs {
            self.pairs.entry(*key).or_default().add(p);
        }
        // Fleiss' κ needs the same annotators in every row: the report pools it only over
        // texts every chosen annotator has.
        self.fleiss_raters = other.fleiss_raters;
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

/// Puts a score under `key`: its value, or null and why (under `why`).
fn put(object: &mut Map<String, Value>, key: &str, score: &Score, why: &str) {
    match score {
        Score::Value(v) => {
            object.insert(key.into(), json!(v));
        }
        Score::Undefined(reason) => {
            object.insert(key.into(), Value::Null);
            object.insert(why.into(), json!(reason));
        }
    }
}

/// An object holding one score and its `n`.
fn scored(key: &str, score: &Score, n: usize) -> Value {
    let mut o = Map::new();
    put(&mut o, key, score, "why");
    o.insert("n".into(), json!(n));
    Value::Object(o)
}

/// `{"mean", "sd", "pairs": [{"a", "b", "tp", "fp", "fn", "f1"}]}` for counts per pair.
fn f1_block(names: &[String], pairs: &[((usize, usize), Counts)]) -> (Value, Score) {
    let mut rows = Vec::new();
    let mut scores = Vec::new();
    for ((a, b), c) in pairs {
        let f1 = c.f1();
        let mut o = Map::new();
        o.insert("a".into(), json!(names[*a]));
        o.insert("b".into(), json!(names[*b]));
        o.insert("tp".into(), json!(c.tp));
        o.insert("fp".into(), json!(c.fp));
        o.insert("fn".into(), json!(c.fn_));
        put(&mut o, "f1", &f1, "why");
        rows.push(Value::Object(o));
        scores.push(f1);
    }
    let (mean, sd) = mean_sd(&scores);
    let mut o = Map::new();
    put(&mut o, "mean", &mean, "why");
    put(&mut o, "sd", &sd, "sd_why");
    o.insert("pairs".into(), Value::Array(rows));
    (Value::Object(o), mean)
}

/// The headline figures of one scores object, for the macro means.
#[derive(Clone, Debug, Default)]
pub struct Headline {
    pub values: Vec<(&'static str, Score)>,
}

/// The scores of some material, as the report writes them, and their headline figures.
pub fn scores(m: &Material, names: &[String]) -> (Value, Headline) {
    let pairs: Vec<(&(usize, usize), &PairMaterial)> = m.pairs.iter().collect();
    let pick = |f: &dyn Fn(&PairMaterial) -> Counts| -> Vec<((usize, usize), Counts)> {
        pairs.iter().map(|(k, p)| (**k, f(p))).collect()
    };
    let (exact, exact_mean) = f1_block(names, &pick(&|p| p.exact));
    let (overlap, overlap_mean) = f1_block(names, &pick(&|p| p.overlap));

    let cohen: Vec<Value> = pairs
        .iter()
        .map(|((a, b), p)| {
            let mut o = Map::new();
            o.insert("a".into(), json!(names[*a]));
            o.insert("b".into(), json!(names[*b]));
            put(&mut o, "kappa", &cohen_kappa(&p.kappa), "why");
            o.insert("n".into(), json!(p.kappa.len()));
            Value::Object(o)
        })
        .collect();
    let confusion: Vec<Value> = pairs
        .iter()
        .map(|((a, b), p)| {
            json!({"a": names[*a], "b": names[*b], "matrix": p.confusion.iter().map(|r| r.to_vec()).collect::<Vec<_>>()})
        })
        .collect();
    let fleiss = fleiss_kappa(&m.fleiss);
    let alpha = alpha_nominal(&m.label_units);
    let ac1 = gwet_ac1(&m.label_units);
    let ac1_n = m.label_units.iter().filter(|u| u.len() >= 2).count();
    let mut alpha_o = Map::new();
    put(&mut alpha_o, "alpha", &alpha.alpha, "why");
    alpha_o.insert("n".into(), json!(alpha.n));
    alpha_o.insert("observed".into(), json!(alpha.observed));
    alpha_o.insert("expected".into(), json!(alpha.expected));
    let mut axis: Vec<&str> = Label::ALL.iter().map(|l| l.name()).collect();
    axis.push("");
    let labels = json!({
        "cohen_kappa": cohen,
        "fleiss_kappa": scored("kappa", &fleiss, m.fleiss.len()),
        "alpha": alpha_o,
        "ac1": scored("ac1", &ac1, ac1_n),
        "confusion": {"labels": axis, "pairs": confusion},
    });

    let mut attributes = Map::new();
    for (k, attribute) in Attribute::ALL.into_iter().enumerate() {
        let units = m.attribute_units.get(k).map_or(&[][..], |u| &u[..]);
        let a = alpha_nominal(units);
        attributes.insert(attribute.name().into(), scored("alpha", &a.alpha, a.n));
    }

    // α_u per label present, and overall over them.
    let mut per_label = Map::new();
    let mut per_label_why = Map::new();
    let (mut observed, mut expected, mut present) = (0.0, 0.0, 0usize);
    for (l, label) in Label::ALL.into_iter().enumerate() {
        let Some(coders) = m.segments.get(l) else {
            continue;
        };
        if coders.iter().all(Vec::is_empty) {
            continue;
        }
        let u = unitizing(coders, m.length);
        observed += u.observed;
        expected += u.expected;
        present += 1;
        match u.alpha() {
            Score::Value(v) => {
                per_label.insert(label.name().into(), json!(v));
            }
            Score::Undefined(why) => {
                per_label.insert(label.name().into(), Value::Null);
                per_label_why.insert(label.name().into(), json!(why));
            }
        }
    }
    let overall = if present == 0 {
        Score::Undefined("no label has a span")
    } else if m.segments.first().is_none_or(|c| c.len() < 2) {
        Score::Undefined("α_u needs two annotators or more")
    } else if expected <= 0.0 {
        Score::Undefined("no expected disagreement")
    } else {
        Score::Value(1.0 - (observed / present as f64) / (expected / present as f64))
    };
    let mut alpha_u = Map::new();
    put(&mut alpha_u, "overall", &overall, "why");
    alpha_u.insert("per_label".into(), Value::Object(per_label));
    if !per_label_why.is_empty() {
        alpha_u.insert("per_label_why".into(), Value::Object(per_label_why));
    }

    let (relations_raw, relations_mean) = f1_block(names, &pick(&|p| p.relations));
    let (relations_aligned, aligned_mean) = f1_block(names, &pick(&|p| p.relations_aligned));
    let mut relations = Map::new();
    put(&mut relations, "f1", &relations_mean, "why");
    put(
        &mut relations,
        "f1_aligned_ends",
        &aligned_mean,
        "aligned_why",
    );
    relations.insert("raw".into(), relations_raw);
    relations.insert("aligned_ends".into(), relations_aligned);

    let mut by_label = Map::new();
    for (l, label) in Label::ALL.into_iter().enumerate() {
        let (e, _) = f1_block(names, &pick(&|p| p.exact_label[l]));
        let (o, _) = f1_block(names, &pick(&|p| p.overlap_label[l]));
        by_label.insert(
            label.name().into(),
            json!({"span_f1": {"exact": e, "overlap": o}}),
        );
    }

    let value = json!({
        "span_f1": {"exact": exact, "overlap": overlap},
        "labels": labels,
        "attributes": attributes,
        "alpha_u": alpha_u,
        "relations": relations,
        "per_label": by_label,
    });
    let headline = Headline {
        values: vec![
            ("span_f1_exact", exact_mean),
            ("span_f1_overlap", overlap_mean),
            ("fleiss_kappa", fleiss),
            ("alpha", alpha.alpha),
            ("ac1", ac1),
            ("alpha_u", overall),
            ("relations_f1", relations_mean),
        ],
    };
    (value, headline)
}

/// The whole report over `texts` for the `annotators` chosen (a text's versions by other
/// annotators are left out).
pub fn report(texts: &[Text], annotators: &[String], settings: Settings) -> Value {
    let mut corpus = Material::default();
    let mut full = Material::default();
    let mut per_text = Vec::new();
    let mut headlines: Vec<Headline> = Vec::new();
    for text in texts {
        let mut chosen = text.clone();
        chosen
            .versions
            .retain(|v| annotators.iter().any(|a| a == v.annotator));
        chosen
            .versions
            .sort_by_key(|v| annotators.iter().position(|a| a == v.annotator));
        chosen.versions.dedup_by(|x, y| x.annotator == y.annotator);
        let present: Vec<usize> = chosen
            .versions
            .iter()
            .filter_map(|v| annotators.iter().position(|a| a == v.annotator))
            .collect();
        let m = material(&chosen, &present, settings);
        let (mut scores_value, headline) = scores(&m, annotators);
        if let Value::Object(o) = &mut scores_value {
            o.insert("sha256".into(), json!(text.sha256));
            o.insert("title".into(), json!(text.title));
            o.insert(
                "annotators".into(),
                json!(present.iter().map(|i| &annotators[*i]).collect::<Vec<_>>()),
            );
        }
        per_text.push(scores_value);
        headlines.push(headline);
        if present.len() == annotators.len() {
            full.pool(&m);
        }
        corpus.pool(&m);
    }
    // Fleiss' κ and α_u pool only texts that every chosen annotator has.
    corpus.fleiss = full.fleiss.clone();
    corpus.fleiss_raters = full.fleiss_raters;
    corpus.segments = full.segments.clone();
    corpus.length = full.length;
    let (mut corpus_value, _) = scores(&corpus, annotators);
    let mut macro_means = Map::new();
    if let Some(first) = headlines.first() {
        for (k, (name, _)) in first.values.iter().enumerate() {
            let values: Vec<Score> = headlines.iter().map(|h| h.values[k].1.clone()).collect();
            let (mean, _) = mean_sd(&values);
            put(&mut macro_means, name, &mean, &format!("{name}_why"));
        }
    }
    if let Value::Object(o) = &mut corpus_value {
        o.insert("texts".into(), json!(texts.len()));
        o.insert("macro".into(), Value::Object(macro_means));
    }
    json!({
        "format": "avow-agreement",
        "version": 1,
        "settings": {"iou": settings.iou, "unset_is_value": settings.unset_is_value},
        "annotators": annotators,
        "corpus": corpus_value,
        "texts": per_text,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::agreement::synthetic::{versions, Made};
    use crate::core::agreement::Version;
    use proptest::prelude::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("ann{i}")).collect()
    }

    fn text<'a>(made: &'a [Made], names: &'a [String], length: usize) -> Text<'a> {
        Text {
            sha256: "0",
            title: "t",
            length,
            versions: made
                .iter()
                .zip(names)
                .map(|(m, n)| Version {
                    annotator: n,
                    spans: &m.spans,
                    relations: &m.relations,
                })
                .collect(),
        }
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
        assert!((r["corpus"]["macro"]["span_f1_exact"].as_f64().unwrap() - mean).abs() < 1e-12);
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
