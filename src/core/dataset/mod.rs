//! A whole corpus as one dataset that Hugging Face `datasets` loads as it is
//! (`load_dataset(<folder>)`, the Hub's "data files + YAML card" layout, no loading script):
//! a dataset card (`README.md`) whose YAML names the configs and their typed features, JSON
//! Lines per config and split, and Avow's own files beside them (`avow/`), so the ZIP also
//! comes back into Avow whole.
//!
//! Configs: `gold` (a row per text with a gold version), `annotations` (a row per text and
//! annotator), `spans` (a row per span, flat). Every row of a config has the same keys (null
//! where absent), so Arrow infers one schema; labels and closed attributes are `ClassLabel`s
//! with the schema's names. Splits are by text, from its SHA-256 (80/10/10), so a text is in
//! the same split in every config and nothing leaks from train to test.

pub mod corpus;

use crate::core::agreement::corpus::Corpus;
use crate::core::agreement::report::{report, Report as AgreementReport, ReportJob};
use crate::core::agreement::Settings;
use crate::core::annotation::gold::Gold;
use crate::core::annotation::model::Annotated;
use crate::core::annotation::relation::relation_id_text;
use crate::core::formats::avow::{span_id_text, WorkspaceWriter};
use crate::core::formats::OutFile;
use crate::core::schema::{Attribute, Label, RelationKind};
use crate::core::time::iso_from_ms;
use crate::core::workspace::DocEntry;
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// Which versions of each text the corpus export carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Versions {
    Gold,
    Annotators,
    Both,
}

/// What the user chose for a corpus export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorpusOptions {
    pub versions: Versions,
    /// Annotators named `annotator-1`, `annotator-2`, … (by their names' order) instead of
    /// by name, in every file (the default, as Prodigy does).
    pub anonymise: bool,
    /// The card's `license` (an identifier the Hub knows, or `other`).
    pub license: String,
    /// Only versions marked done.
    pub done_only: bool,
    /// Only these annotators' versions (their names here; `None`: everyone's).
    pub annotators: Option<Vec<String>>,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            versions: Versions::Both,
            anonymise: true,
            license: "other".into(),
            done_only: false,
            annotators: None,
        }
    }
}

/// The name a version is written under: the annotator's, "unnamed" for none.
fn version_name(entry: &DocEntry) -> &str {
    match entry.annotator.trim() {
        "" => "unnamed",
        name => name,
    }
}

/// The corpus's versions, chosen and named as the export writes them: each text (by SHA-256,
/// in the workspace's order) with its gold version and its annotators' versions.
pub struct CorpusVersions {
    pub texts: Vec<TextVersions>,
    /// Annotator names as the files write them, by the workspace's names (sorted).
    names: Vec<(String, String)>,
}

/// One text's versions.
pub struct TextVersions {
    pub sha256: String,
    pub gold: Option<DocEntry>,
    pub annotators: Vec<DocEntry>,
}

impl CorpusVersions {
    /// The versions of `entries` that `options` chooses: a gold version is one with an
    /// adjudication record; an annotator's is any other with spans or relations (an untouched
    /// text is no one's version). Annotators are renamed when anonymised, in the gold
    /// versions' records too.
    pub fn of(entries: &[DocEntry], options: &CorpusOptions) -> CorpusVersions {
        let names: Vec<(String, String)> = annotator_names(entries.iter())
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let shown = if options.anonymise {
                    format!("annotator-{}", i + 1)
                } else {
                    name.clone()
                };
                (name, shown)
            })
            .collect();
        let mut texts: Vec<TextVersions> = Vec::new();
        let chosen = |e: &DocEntry| {
            let done = !options.done_only || e.status == crate::core::workspace::DocStatus::Done;
            let whose = e.doc.gold().is_some()
                || options
                    .annotators
                    .as_ref()
                    .is_none_or(|list| list.iter().any(|a| a == version_name(e)));
            done && whose
        };
        for entry in entries.iter().filter(|e| chosen(e)) {
            let sha = entry.text_sha256().to_string();
            let at = match texts.iter().position(|t| t.sha256 == sha) {
                Some(at) => at,
                None => {
                    texts.push(TextVersions {
                        sha256: sha,
                        gold: None,
                        annotators: Vec::new(),
                    });
                    texts.len() - 1
                }
            };
            let text = &mut texts[at];
            let mut entry = entry.clone();
            if entry.doc.gold().is_some() {
                if options.versions != Versions::Annotators && text.gold.is_none() {
                    if options.anonymise {
                        let renamed = rename_gold(entry.doc.gold(), &names);
                        entry.doc.set_gold(renamed);
                        entry.annotator = "adjudicator".into();
                    }
                    text.gold = Some(entry);
                }
            } else if options.versions != Versions::Gold && !entry.is_untouched() {
                entry.annotator = shown_name(&names, version_name(&entry));
                text.annotators.push(entry);
            }
        }
        texts.retain(|t| t.gold.is_some() || !t.annotators.is_empty());
        CorpusVersions { texts, names }
    }

    /// The annotators as the files name them, in order.
    pub fn annotators(&self) -> Vec<String> {
        self.names.iter().map(|(_, shown)| shown.clone()).collect()
    }

    /// Every version, gold first for each text.
    pub fn entries(&self) -> impl Iterator<Item = &DocEntry> {
        self.texts
            .iter()
            .flat_map(|t| t.gold.iter().chain(&t.annotators))
    }
}

/// The names of the annotators with a version among `entries` (gold versions and untouched
/// texts are no one's), sorted, each once: the corpus dialog's boxes, and the order in which
/// an anonymised export numbers them.
pub fn annotator_names<'a>(entries: impl Iterator<Item = &'a DocEntry>) -> Vec<String> {
    let mut names: Vec<String> = entries
        .filter(|e| e.doc.gold().is_none() && !e.is_untouched())
        .map(|e| version_name(e).to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A name as the files write it.
fn shown_name(names: &[(String, String)], name: &str) -> String {
    names
        .iter()
        .find(|(n, _)| n == name)
        .map_or_else(|| name.to_string(), |(_, shown)| shown.clone())
}

/// A gold record with its annotators' names replaced (the adjudicator's too).
fn rename_gold(gold: Option<&Gold>, names: &[(String, String)]) -> Option<Gold> {
    let mut gold = gold?.clone();
    let rename = |name: &mut String| {
        *name = shown_name(names, name);
    };
    gold.info.adjudicator = "adjudicator".into();
    for input in &mut gold.info.inputs {
        rename(&mut input.annotator);
    }
    for p in gold.spans.values_mut().chain(gold.relations.values_mut()) {
        for s in &mut p.sources {
            rename(&mut s.annotator);
        }
        p.agreed_by.iter_mut().for_each(rename);
        p.by = "adjudicator".into();
    }
    for r in &mut gold.rejected {
        for s in &mut r.sources {
            rename(&mut s.annotator);
        }
        r.by = "adjudicator".into();
    }
    Some(gold)
}

/// The split of a text, from its SHA-256: 80 % train, 10 % validation, 10 % test.
pub fn split_of(sha256: &str) -> &'static str {
    let n = u32::from_str_radix(sha256.get(..8).unwrap_or("0"), 16).unwrap_or(0);
    match n % 10 {
        8 => "validation",
        9 => "test",
        _ => "train",
    }
}

/// The splits in the order the card lists them.
const SPLITS: [&str; 3] = ["train", "validation", "test"];

/// A text's id in the dataset: `t-` and the first 12 hex digits of its SHA-256.
fn text_id(sha256: &str) -> String {
    format!("t-{}", sha256.get(..12).unwrap_or(sha256))
}

/// The metadata object (every field, strings).
fn metadata(doc: &Annotated) -> Value {
    let m = doc.meta();
    json!({
        "title": m.title, "source_type": m.source_type, "publisher": m.publisher,
        "date": m.date, "party_a": m.party_a, "party_b": m.party_b, "url": m.url,
        "language": m.language,
    })
}

/// A span as a row's list holds it: every attribute key present, null where unset.
fn span_value(doc: &Annotated, span: &crate::core::annotation::span::Span) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("id".into(), Value::from(span_id_text(span.id)));
    o.insert("start".into(), Value::from(span.start as u64));
    o.insert("end".into(), Value::from(span.end as u64));
    o.insert(
        "text".into(),
        Value::from(doc.doc().slice(span.start, span.end)),
    );
    o.insert("label".into(), Value::from(span.label.name()));
    for attribute in Attribute::ALL {
        o.insert(
            attribute.name().into(),
            span.attrs
                .get(&attribute)
                .map_or(Value::Null, |v| Value::from(v.as_str())),
        );
    }
    o.insert("note".into(), Value::from(span.note.as_str()));
    o
}

/// The relations of a version: id, type, head and tail (span ids).
fn relations(doc: &Annotated) -> Value {
    Value::Array(
        doc.relations()
            .iter()
            .map(|r| {
                json!({
                    "id": relation_id_text(r.id), "type": r.kind.name(),
                    "head": span_id_text(r.from), "tail": span_id_text(r.to),
                })
            })
            .collect(),
    )
}

/// A version as a row: id, text, SHA-256, metadata, spans, relations.
fn row(sha256: &str, entry: &DocEntry) -> Map<String, Value> {
    let doc = &entry.doc;
    let mut o = Map::new();
    o.insert("id".into(), Value::from(text_id(sha256)));
    o.insert("text".into(), Value::from(doc.doc().as_str()));
    o.insert("text_sha256".into(), Value::from(sha256));
    o.insert("metadata".into(), metadata(doc));
    o.insert(
        "spans".into(),
        Value::Array(
            doc.spans()
                .iter()
                .map(|s| Value::Object(span_value(doc, s)))
                .collect(),
        ),
    );
    o.insert("relations".into(), relations(doc));
    o
}

/// How gold was made, for its row: the adjudicator, when, from whom, and each span's decision.
fn provenance(entry: &DocEntry) -> Value {
    let Some(gold) = entry.doc.gold() else {
        return Value::Null;
    };
    let decisions: Vec<Value> = entry
        .doc
        .spans()
        .iter()
        .map(|s| {
            let p = gold.spans.get(&s.id);
            json!({
                "span": span_id_text(s.id),
                "decision": p.map(|p| p.decision.name()),
                "sources": p.map_or(Vec::new(), |p| p.sources.iter().map(|x| x.annotator.clone()).collect()),
            })
        })
        .collect();
    json!({
        "adjudicator": gold.info.adjudicator,
        "started": iso_from_ms(gold.info.started),
        "finished": gold.info.finished.map(iso_from_ms),
        "inputs": gold.info.inputs.iter().map(|i| i.annotator.clone()).collect::<Vec<_>>(),
        "decisions": decisions,
    })
}

/// A config's rows per split, as JSON Lines.
#[derive(Default)]
struct Rows {
    by_split: [String; 3],
    count: [usize; 3],
}

impl Rows {
    fn push(&mut self, sha256: &str, row: Map<String, Value>) {
        let k = SPLITS
            .iter()
            .position(|s| *s == split_of(sha256))
            .unwrap_or(0);
        self.by_split[k].push_str(&Value::Object(row).to_string());
        self.by_split[k].push('\n');
        self.count[k] += 1;
    }

    fn total(&self) -> usize {
        self.count.iter().sum()
    }
}

/// The features of a span, for the card (`indent`: the YAML indentation of its list).
fn span_features(out: &mut String, indent: &str, flat: bool) {
    let field = |out: &mut String, name: &str, dtype: &str| {
        let _ = writeln!(out, "{indent}- name: {name}\n{indent}  dtype: {dtype}");
    };
    let class = |out: &mut String, name: &str, names: &[&str]| {
        let _ = writeln!(
            out,
            "{indent}- name: {name}\n{indent}  dtype:\n{indent}    class_label:\n{indent}      names:"
        );
        for (i, n) in names.iter().enumerate() {
            let _ = writeln!(out, "{indent}        '{i}': {n}");
        }
    };
    if flat {
        field(out, "text_id", "string");
        field(out, "annotator", "string");
        field(out, "span_id", "string");
    } else {
        field(out, "id", "string");
    }
    field(out, "start", "int64");
    field(out, "end", "int64");
    field(out, "text", "string");
    let labels: Vec<&str> = Label::ALL.iter().map(|l| l.name()).collect();
    class(out, "label", &labels);
    for attribute in Attribute::ALL {
        class(out, attribute.name(), attribute.values());
    }
    field(out, "note", "string");
}

/// The features of a version's row (`annotator` or `provenance` after the common ones).
fn row_features(out: &mut String, extra: &str) {
    out.push_str("  features:\n  - name: id\n    dtype: string\n  - name: text\n    dtype: string\n  - name: text_sha256\n    dtype: string\n  - name: metadata\n    struct:\n");
    for field in [
        "title",
        "source_type",
        "publisher",
        "date",
        "party_a",
        "party_b",
        "url",
        "language",
    ] {
        let _ = writeln!(out, "    - name: {field}\n      dtype: string");
    }
    out.push_str("  - name: spans\n    list:\n");
    span_features(out, "    ", false);
    out.push_str("  - name: relations\n    list:\n    - name: id\n      dtype: string\n    - name: type\n      dtype:\n        class_label:\n          names:\n");
    for (i, kind) in RelationKind::ALL.iter().enumerate() {
        let _ = writeln!(out, "            '{i}': {}", kind.name());
    }
    out.push_str("    - name: head\n      dtype: string\n    - name: tail\n      dtype: string\n");
    out.push_str(extra);
}

/// The gold row's provenance features.
const PROVENANCE_FEATURES: &str = "  - name: provenance\n    struct:\n    - name: adjudicator\n      dtype: string\n    - name: started\n      dtype: string\n    - name: finished\n      dtype: string\n    - name: inputs\n      list: string\n    - name: decisions\n      list:\n      - name: span\n        dtype: string\n      - name: decision\n        dtype: string\n      - name: sources\n        list: string\n";

/// A YAML string in double quotes (a title or a name from a file).
fn yaml_text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The Hub's size category for `n` rows (`n<1K`, `1K<n<10K`, …). Made from its bounds: the
/// house's check reads a literal with `<n` as an HTML tag, and this is YAML, not markup.
fn size_category(n: usize) -> String {
    let (low, high) = match n {
        0..1_000 => ("", "1K"),
        1_000..10_000 => ("1K", "10K"),
        10_000..100_000 => ("10K", "100K"),
        _ => ("100K", "1M"),
    };
    let less = '<';
    if low.is_empty() {
        format!("n{less}{high}")
    } else {
        format!("{low}{less}n{less}{high}")
    }
}

/// The dataset's files: the card, the data files of each config with rows, and `avow/`.
pub fn write(entries: &[DocEntry], options: &CorpusOptions) -> Vec<OutFile> {
    let mut job = DatasetJob::new(entries, options);
    while !job.step(usize::MAX) {}
    job.finish()
}

/// A dataset being written a few texts at a time, so that the page stays responsive while a
/// large corpus is exported ([`write`] does it at once).
pub struct DatasetJob {
    corpus: CorpusVersions,
    options: CorpusOptions,
    gold: Rows,
    annotations: Rows,
    spans: Rows,
    label_counts: [usize; 8],
    languages: Vec<String>,
    next: usize,
    /// The lossless workspace file, written a few documents at a time after the rows.
    workspace: WorkspaceWriter,
    written: usize,
    /// The agreement summary, once measured (`None` inside: nothing to measure), and its
    /// measuring under way.
    agreement: Option<Option<AgreementReport>>,
    measuring: Option<ReportJob>,
}

impl DatasetJob {
    /// The chosen versions of `entries`, none written yet.
    pub fn new(entries: &[DocEntry], options: &CorpusOptions) -> DatasetJob {
        DatasetJob {
            corpus: CorpusVersions::of(entries, options),
            options: options.clone(),
            gold: Rows::default(),
            annotations: Rows::default(),
            spans: Rows::default(),
            label_counts: [0; 8],
            languages: Vec::new(),
            next: 0,
            // Each version names its annotator itself; the workspace file names none.
            workspace: WorkspaceWriter::new(""),
            written: 0,
            agreement: None,
            measuring: None,
        }
    }

    /// Writes up to `n` more versions into the workspace file; true once all are written.
    pub fn write_workspace(&mut self, n: usize) -> bool {
        let total = self.corpus.entries().count();
        for entry in self.corpus.entries().skip(self.written).take(n) {
            self.workspace.add(entry);
        }
        self.written = (self.written + n).min(total);
        self.written == total
    }

    /// How many versions the workspace file holds, of how many.
    pub fn workspace_progress(&self) -> (usize, usize) {
        (self.written, self.corpus.entries().count())
    }

    /// Measures the agreement summary (where texts have several annotators' versions) for up
    /// to `n` more texts; true once it is measured.
    pub fn measure_agreement(&mut self, n: usize) -> bool {
        if self.agreement.is_some() {
            return true;
        }
        let c = Corpus::of(self.corpus.entries().filter(|e| e.doc.gold().is_none()));
        let texts = c.texts();
        if texts.is_empty() || c.names.len() < 2 {
            self.agreement = Some(None);
            return true;
        }
        let job = self
            .measuring
            .get_or_insert_with(|| ReportJob::new(&c.names, Settings::default()));
        if !job.step(&texts, n) {
            return false;
        }
        self.agreement = self.measuring.take().map(|job| Some(job.finish()));
        true
    }

    /// How many texts are written, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.corpus.texts.len())
    }

    /// Writes the rows of up to `n` more texts; true once every text is written.
    pub fn step(&mut self, n: usize) -> bool {
        let end = self.next.saturating_add(n).min(self.corpus.texts.len());
        for t in &self.corpus.texts[self.next..end] {
            let sha = &t.sha256;
            let mut versions: Vec<(&str, &DocEntry)> = Vec::new();
            if let Some(g) = &t.gold {
                let mut r = row(sha, g);
                r.insert("provenance".into(), provenance(g));
                self.gold.push(sha, r);
                versions.push(("gold", g));
            }
            for a in &t.annotators {
                let mut r = row(sha, a);
                r.insert("annotator".into(), Value::from(a.annotator.as_str()));
                self.annotations.push(sha, r);
                versions.push((a.annotator.as_str(), a));
            }
            for (who, entry) in versions {
                let language = entry.doc.meta().language.trim().to_string();
                if !language.is_empty() && !self.languages.contains(&language) {
                    self.languages.push(language);
                }
                for s in entry.doc.spans().iter() {
                    self.label_counts[s.label.index()] += 1;
                    let mut o = span_value(&entry.doc, s);
                    o.remove("id");
                    let mut flat = Map::new();
                    flat.insert("text_id".into(), Value::from(text_id(sha)));
                    flat.insert("annotator".into(), Value::from(who));
                    flat.insert("span_id".into(), Value::from(span_id_text(s.id)));
                    flat.extend(o);
                    self.spans.push(sha, flat);
                }
            }
        }
        self.next = end;
        self.next == self.corpus.texts.len()
    }

    /// The files: the card, the data, `avow/` (the agreement report and the workspace file
    /// are made here).
    pub fn finish(self) -> Vec<OutFile> {
        let DatasetJob {
            corpus,
            options,
            mut gold,
            mut annotations,
            mut spans,
            label_counts,
            languages,
            mut workspace,
            written,
            agreement,
            ..
        } = self;
        // What was not done in steps is done now.
        for entry in corpus.entries().skip(written) {
            workspace.add(entry);
        }
        let options = &options;
        let mut files = Vec::new();
        let mut configs = String::from("configs:\n");
        let mut infos = String::from("dataset_info:\n");
        let default = if gold.total() > 0 {
            "gold"
        } else {
            "annotations"
        };
        for (name, rows) in [
            ("gold", &mut gold),
            ("annotations", &mut annotations),
            ("spans", &mut spans),
        ] {
            if rows.total() == 0 {
                continue;
            }
            let _ = writeln!(configs, "- config_name: {name}");
            if name == default {
                configs.push_str("  default: true\n");
            }
            configs.push_str("  data_files:\n");
            for (k, split) in SPLITS.iter().enumerate() {
                if rows.count[k] == 0 {
                    continue;
                }
                let path = format!("data/{name}-{split}.jsonl");
                let _ = writeln!(configs, "  - split: {split}\n    path: {path}");
                // Moved, not copied: only the counts are read after this.
                files.push(OutFile::text(path, std::mem::take(&mut rows.by_split[k])));
            }
            let _ = writeln!(infos, "- config_name: {name}");
            match name {
                "gold" => row_features(&mut infos, PROVENANCE_FEATURES),
                "annotations" => {
                    row_features(&mut infos, "  - name: annotator\n    dtype: string\n")
                }
                _ => {
                    infos.push_str("  features:\n");
                    span_features(&mut infos, "  ", true);
                }
            }
        }
        // The agreement summary, where texts have several annotators' versions.
        let agreement = agreement.unwrap_or_else(|| {
            let c = Corpus::of(corpus.entries().filter(|e| e.doc.gold().is_none()));
            let texts = c.texts();
            (!texts.is_empty() && c.names.len() >= 2)
                .then(|| report(&texts, &c.names, Settings::default()))
        });
        let mut card = String::from("---\n");
        let _ = writeln!(card, "license: {}", options.license);
        if !languages.is_empty() {
            card.push_str("language:\n");
            for l in &languages {
                let _ = writeln!(card, "- {}", yaml_text(l));
            }
        }
        card.push_str("task_categories:\n- token-classification\n- text-classification\nannotations_creators:\n- expert-generated\n");
        let _ = writeln!(
            card,
            "size_categories:\n- {}\npretty_name: Commitments in diplomatic texts (Avow)",
            size_category(spans.total().max(annotations.total()))
        );
        card.push_str(&configs);
        card.push_str(&infos);
        card.push_str("---\n\n");
        card_prose(
            &mut card,
            &corpus,
            &label_counts,
            agreement.as_ref(),
            &gold,
            &annotations,
            &spans,
        );
        files.insert(0, OutFile::text("README.md", card));
        files.push(OutFile::text("avow/schema.json", schema_json()));
        if let Some(report) = &agreement {
            files.push(OutFile::text("avow/agreement.json", report.to_json()));
        }
        files.push(OutFile::text(
            crate::core::formats::import::DATASET_WORKSPACE,
            workspace.finish(),
        ));
        files
    }
}

/// The commitment schema with its guidelines, as JSON: labels (definition, cues, examples,
/// attributes), attributes (values, question), relation types (ends, definition), rules.
pub fn schema_json() -> String {
    let labels: Vec<Value> = Label::ALL
        .iter()
        .map(|l| {
            let info = l.info();
            json!({
                "name": l.name(), "key": l.key().to_string(), "definition": info.definition,
                "cues": info.cues, "examples": info.examples,
                "attributes": l.attributes().iter().map(|a| a.name()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let attributes: Vec<Value> = Attribute::ALL
        .iter()
        .map(|a| json!({"name": a.name(), "values": a.values(), "question": a.question()}))
        .collect();
    let relations: Vec<Value> = RelationKind::ALL
        .iter()
        .map(|k| {
            let info = k.info();
            json!({"type": k.name(), "ends": info.ends, "definition": info.definition, "example": info.example})
        })
        .collect();
    let schema = json!({
        "id": "commitments", "version": 1, "labels": labels, "attributes": attributes,
        "relations": relations, "rules": crate::core::schema::RULES,
        "offsets": "Unicode code points, end exclusive (Python's text[start:end])",
    });
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// The card's prose: what the schema is, how offsets count, who annotated, the counts, the
/// agreement, how gold was made, and how to load it.
fn card_prose(
    out: &mut String,
    corpus: &CorpusVersions,
    label_counts: &[usize; 8],
    agreement: Option<&crate::core::agreement::report::Report>,
    gold: &Rows,
    annotations: &Rows,
    spans: &Rows,
) {
    let annotators = corpus.annotators();
    let _ = write!(
        out,
        "# Commitments in diplomatic texts\n\n{} text{}, annotated in [Avow](https://github.com/) with its commitment schema: {} gold version{}, {} annotator version{}, {} span{} in all.\n\n",
        corpus.texts.len(),
        if corpus.texts.len() == 1 { "" } else { "s" },
        gold.total(),
        if gold.total() == 1 { "" } else { "s" },
        annotations.total(),
        if annotations.total() == 1 { "" } else { "s" },
        spans.total(),
        if spans.total() == 1 { "" } else { "s" },
    );
    out.push_str("## Loading\n\n```python\nfrom datasets import load_dataset\n\ngold = load_dataset(\"path/to/this/folder\", \"gold\")\nannotations = load_dataset(\"path/to/this/folder\", \"annotations\")\nspans = load_dataset(\"path/to/this/folder\", \"spans\")\n```\n\n");
    out.push_str("Configs: `gold` (a row per text: the adjudicated version, with `provenance` saying how each span was decided), `annotations` (a row per text and annotator), `spans` (a row per span of every version, `annotator` \"gold\" for gold's). Splits are by text (80/10/10 from its SHA-256), the same in every config, so no text is in two splits.\n\n");
    out.push_str("## Offsets\n\n`start` and `end` count Unicode code points, end exclusive: in Python, `text[start:end]` is the span's `text`. Line breaks are kept as they were (CRLF too).\n\n");
    out.push_str("## Schema\n\nEight labels (`label`): ");
    let labels: Vec<String> = Label::ALL
        .iter()
        .map(|l| format!("{} ({})", l.name(), label_counts[l.index()]))
        .collect();
    out.push_str(&labels.join(", "));
    out.push_str(" (spans per label, over every version). Closed attributes, null where unset: ");
    let attributes: Vec<String> = Attribute::ALL
        .iter()
        .map(|a| format!("`{}` ({})", a.name(), a.values().join(", ")))
        .collect();
    out.push_str(&attributes.join("; "));
    out.push_str(". Relations (`type`, from `head` to `tail`): ");
    let kinds: Vec<&str> = RelationKind::ALL.iter().map(|k| k.name()).collect();
    out.push_str(&kinds.join(", "));
    out.push_str(". The schema and its guidelines are in `avow/schema.json`.\n\n");
    let _ = write!(
        out,
        "## Annotators\n\n{}.\n\n",
        if annotators.is_empty() {
            "None (gold only)".to_string()
        } else {
            annotators.join(", ")
        }
    );
    if let Some(report) = agreement {
        let s = &report.corpus;
        let said = |score: &crate::core::agreement::measures::Score| {
            score.value().map_or("undefined".to_string(), |v| {
                crate::core::agreement::report::fixed(v, 3)
            })
        };
        let _ = write!(
            out,
            "## Agreement\n\nOver the {} text{} with several annotators' versions (gold not counted), spans aligned at IoU ≥ 0.5: span F1 {} exact, {} overlap; Krippendorff's α (labels) {} (n = {}); Fleiss' κ {} (n = {}); relation F1 {}. The full report is `avow/agreement.json`.\n\n",
            report.texts.len(),
            if report.texts.len() == 1 { "" } else { "s" },
            said(&s.exact.mean),
            said(&s.overlap.mean),
            said(&s.alpha.alpha),
            s.alpha.n,
            said(&s.fleiss.0),
            s.fleiss.1,
            said(&s.relations.mean),
        );
    }
    if gold.total() > 0 {
        out.push_str("## How gold was made\n\nA curator adjudicated the annotators' versions unit by unit: units every annotator marked identically were merged at once (`unanimous`); the rest were decided by taking one version (`picked`), building the span cell by cell (`cells`), editing (`edited`) or adding (`added`); rejected units are not in gold. Each gold row's `provenance.decisions` says which, and from whose spans.\n\n");
    }
    out.push_str("## Files\n\n`data/`: the configs as JSON Lines. `avow/workspace.json`: every version, lossless, for Avow (import the ZIP). `avow/schema.json`: the schema.\n");
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests {
    use super::*;
    use crate::core::adjudication::board::{start, version_of, Act, Item};
    use crate::core::annotation::gold::Settings as GoldSettings;
    use crate::core::text::document::Metadata;

    /// The texts of the generated corpus: CRLF, an emoji, CJK.
    pub const TEXTS: [&str; 3] = [
        "The two leaders met.\r\nJapan will fund ports 🚢 by 2027.\r\n",
        "日本と米国は協力する。The US welcomed it.",
        "Both sides agreed to act. They may act later.",
    ];

    /// The code point extent of `needle` in `text`.
    fn find(text: &str, needle: &str) -> (usize, usize) {
        let at = text.find(needle).unwrap();
        let start = text[..at].chars().count();
        (start, start + needle.chars().count())
    }

    /// An annotator's version of text `t`: spans (phrase, label, committer), then a relation
    /// from the second span to the first where both are there.
    fn version(
        t: usize,
        annotator: &str,
        spans: &[(&str, Label, Option<&str>)],
        link: bool,
    ) -> DocEntry {
        let text = TEXTS[t];
        let meta = Metadata {
            title: format!("Text {t}"),
            language: "en".into(),
            ..Metadata::default()
        };
        let mut doc = Annotated::new(text.into(), meta);
        let mut ids = Vec::new();
        for (phrase, label, committer) in spans {
            let (start, end) = find(text, phrase);
            doc.annotate(start, end, *label, false, 1).unwrap();
            let id = doc
                .spans()
                .iter()
                .find(|s| (s.start, s.end, s.label) == (start, end, *label))
                .unwrap()
                .id;
            if let Some(value) = committer {
                doc.set_attribute(id, Attribute::Committer, Some(value), 1)
                    .unwrap();
            }
            ids.push(id);
        }
        if link && ids.len() >= 2 {
            doc.link(ids[1], ids[0], RelationKind::Committer, 1)
                .unwrap();
        }
        DocEntry::new(format!("d{t}-{annotator}"), doc, annotator.into(), 1)
    }

    /// Three texts, three annotators' versions of each, and gold for the first two (each unit
    /// taken from its first annotator).
    pub fn corpus() -> Vec<DocEntry> {
        use Label::*;
        let mut entries = Vec::new();
        for (who, fund, committer, welcome) in [
            ("ana", "will fund ports 🚢", "joint", Stance),
            ("ben", "fund ports 🚢", "joint", Endorsement),
            ("chloé", "will fund ports 🚢", "party_a", Stance),
        ] {
            entries.push(version(
                0,
                who,
                &[
                    ("The two leaders", Party, None),
                    (fund, Commitment, Some(committer)),
                ],
                who != "ben",
            ));
            entries.push(version(
                1,
                who,
                &[
                    ("日本と米国", Party, None),
                    ("協力する", Commitment, None),
                    ("welcomed it", welcome, None),
                ],
                true,
            ));
            entries.push(version(
                2,
                who,
                &[("agreed to act", Stance, None), ("later", Constraint, None)],
                false,
            ));
        }
        for t in 0..2 {
            let versions: Vec<_> = entries
                .iter()
                .filter(|e| e.id.starts_with(&format!("d{t}-")))
                .map(version_of)
                .collect();
            let template = entries[t].doc.clone();
            let (mut gold, mut board) =
                start(&template, versions, GoldSettings::default(), "dana", 2);
            for u in 0..board.units.len() {
                let first = board.units[u].annotators().next().unwrap();
                if board.gold_span(u).is_none() {
                    let _ = board.act(&mut gold, Item::Span(u), &Act::Take(first), "dana", 3);
                    board.read(&gold);
                }
            }
            entries.push(DocEntry::new(format!("g{t}"), gold, "dana".into(), 3));
        }
        entries
    }

    #[test]
    fn the_agreement_summary_measured_a_text_at_a_time_is_the_same_report() {
        let entries = corpus();
        let c = Corpus::of(entries.iter().filter(|e| e.doc.gold().is_none()));
        let texts = c.texts();
        let whole = report(&texts, &c.names, Settings::default());
        let mut job = ReportJob::new(&c.names, Settings::default());
        let mut steps = 0;
        while !job.step(&texts, 1) {
            steps += 1;
        }
        assert_eq!(steps, texts.len() - 1);
        assert_eq!(job.finish().to_json(), whole.to_json());
        // And the dataset's summary, measured in steps, is the one written at once.
        let options = CorpusOptions::default();
        let mut stepped = DatasetJob::new(&entries, &options);
        while !stepped.step(1) {}
        while !stepped.measure_agreement(1) {}
        while !stepped.write_workspace(2) {}
        assert_eq!(stepped.finish(), write(&entries, &options));
    }

    #[test]
    fn hugging_face_datasets_loads_every_config_of_an_exported_dataset() {
        let dir = std::env::temp_dir().join(format!("avow-dataset-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let entries = corpus();
        for file in write(&entries, &CorpusOptions::default()) {
            let path = dir.join(&file.name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &file.bytes).unwrap();
        }
        let report = crate::core::formats::peers::run_peer_script("check_dataset.py", &dir);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(report["mismatches"], json!([]), "{report}");
        assert_eq!(report["default"], json!("gold"));
        let rows = |config: &str| -> u64 {
            report["configs"][config]["splits"]
                .as_object()
                .unwrap()
                .values()
                .map(|n| n.as_u64().unwrap())
                .sum()
        };
        let spans: usize = entries.iter().map(|e| e.doc.spans().len()).sum();
        assert_eq!(
            (rows("gold"), rows("annotations"), rows("spans")),
            (2, 9, spans as u64),
            "{report}"
        );
        let labels: Vec<&str> = crate::core::schema::Label::ALL
            .iter()
            .map(|l| l.name())
            .collect();
        for config in ["gold", "annotations", "spans"] {
            assert_eq!(
                report["configs"][config]["labels"],
                json!(labels),
                "{config}"
            );
            assert_eq!(
                report["configs"][config]["committer"],
                json!(crate::core::schema::Attribute::Committer.values())
            );
        }
        assert_eq!(
            report["configs"]["gold"]["relation_types"],
            json!(["committer", "source", "constrains", "embeds"])
        );
    }

    #[test]
    fn splits_come_from_the_hash_and_cover_all_three() {
        assert_eq!(split_of("00000000ab"), "train");
        assert_eq!(split_of("00000008ab"), "validation");
        assert_eq!(split_of("00000009ab"), "test");
        assert_eq!(split_of(""), "train");
    }

    #[test]
    fn the_dataset_holds_every_version_anonymised_with_fixed_keys_in_every_row() {
        let files = write(&corpus(), &CorpusOptions::default());
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names[0], "README.md");
        for expected in [
            "avow/workspace.json",
            "avow/schema.json",
            "avow/agreement.json",
        ] {
            assert!(names.contains(&expected), "{names:?}");
        }
        let all = |prefix: &str| -> Vec<Value> {
            files
                .iter()
                .filter(|f| f.name.starts_with(prefix))
                .flat_map(|f| {
                    std::str::from_utf8(&f.bytes)
                        .unwrap()
                        .lines()
                        .map(|l| serde_json::from_str::<Value>(l).unwrap())
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let (gold, annotations, spans) = (
            all("data/gold-"),
            all("data/annotations-"),
            all("data/spans-"),
        );
        assert_eq!((gold.len(), annotations.len()), (2, 9));
        let every: usize = corpus().iter().map(|e| e.doc.spans().len()).sum();
        assert_eq!(spans.len(), every);
        // No name leaves: annotators are numbered, the adjudicator is "adjudicator".
        for f in &files {
            let text = String::from_utf8_lossy(&f.bytes);
            for name in ["ana", "ben", "chloé", "dana"] {
                assert!(
                    !text.contains(&format!("\"{name}\"")),
                    "{name} in {}",
                    f.name
                );
            }
        }
        let who: Vec<&str> = annotations
            .iter()
            .map(|r| r["annotator"].as_str().unwrap())
            .collect();
        assert!(
            who.contains(&"annotator-1") && who.contains(&"annotator-3"),
            "{who:?}"
        );
        // Every span row has every key, null where unset; offsets are code points.
        for row in gold.iter().chain(&annotations) {
            let text: Vec<char> = row["text"].as_str().unwrap().chars().collect();
            for s in row["spans"].as_array().unwrap() {
                for attribute in Attribute::ALL {
                    assert!(s.get(attribute.name()).is_some());
                }
                let (start, end) = (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(
                    text[start..end].iter().collect::<String>(),
                    s["text"].as_str().unwrap()
                );
            }
        }
        let card = std::str::from_utf8(&files[0].bytes).unwrap();
        assert!(
            card.contains("- config_name: gold\n  default: true"),
            "{card}"
        );
        assert!(card.contains("## Agreement"));
        // Named, when asked.
        let named = write(
            &corpus(),
            &CorpusOptions {
                anonymise: false,
                ..CorpusOptions::default()
            },
        );
        let card = std::str::from_utf8(&named[0].bytes).unwrap();
        assert!(card.contains("ana, ben, chloé"), "{card}");
        // Gold only: no annotations config, gold the default.
        let only = write(
            &corpus(),
            &CorpusOptions {
                versions: Versions::Gold,
                ..CorpusOptions::default()
            },
        );
        assert!(!only.iter().any(|f| f.name.starts_with("data/annotations-")));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod timing {
    use super::*;
    use crate::core::text::document::Metadata;

    /// Where the corpus export's time goes (`cargo test --release -- --ignored timing`).
    #[test]
    #[ignore]
    fn timing_of_a_200_text_corpus() {
        let mut entries = Vec::new();
        for t in 0..200u64 {
            let text: String = (0..1000)
                .map(|i| format!("w{} ", (i * 7 + t) % 97))
                .collect();
            let made = crate::core::agreement::synthetic::versions(t, 3, text.chars().count(), 100);
            for (a, m) in made.into_iter().enumerate() {
                let doc = Annotated::with_spans(text.clone(), Metadata::default(), m.spans);
                entries.push(DocEntry::new(format!("d{t}-{a}"), doc, format!("a{a}"), 0));
            }
        }
        let ta = std::time::Instant::now();
        let c = Corpus::of(entries.iter());
        let texts = c.texts();
        let _r = report(&texts, &c.names, Settings::default());
        eprintln!("report {:?}", ta.elapsed());
        let tb = std::time::Instant::now();
        let _ws = crate::core::formats::avow::write_workspace("", &entries);
        eprintln!("workspace {:?}", tb.elapsed());
        let t0 = std::time::Instant::now();
        let files = write(&entries, &CorpusOptions::default());
        let t1 = std::time::Instant::now();
        let zipped = crate::core::formats::zip::write(&files);
        let t2 = std::time::Instant::now();
        eprintln!(
            "write {:?}, zip {:?}, {} bytes",
            t1 - t0,
            t2 - t1,
            zipped.len()
        );
    }
}
