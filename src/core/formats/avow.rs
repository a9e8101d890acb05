//! Avow's own JSON file, version 2 (version 1, without relations, is still read): one self-contained document per file (or a whole workspace),
//! pretty-printed with a fixed key order so that two files diff well. Reading is strict: any
//! problem is refused with the place in the file and the reason, and nothing is half-imported.

use crate::core::annotation::gold::{
    Decision, Gold, Info, Input, Provenance, Rejected, Settings, Source,
};
use crate::core::annotation::model::Annotated;
use crate::core::annotation::relation::{
    parse_relation_id, relation_id_text, Relation, RelationId,
};
use crate::core::annotation::span::{Span, SpanId};
use crate::core::schema::{Attribute, Label, RelationKind, SCHEMA_ID, SCHEMA_VERSION};
use crate::core::text::document::{Document, MetaField, Metadata};
use crate::core::time::{iso_from_ms, ms_from_iso};
use crate::core::workspace::{DocEntry, DocStatus};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The `format` of a one-document file.
pub const FORMAT: &str = "avow";
/// The `format` of a whole-workspace file.
pub const WORKSPACE_FORMAT: &str = "avow-workspace";
/// The version this code writes; it reads this one and version 1 (no relations).
pub const VERSION: u64 = 2;

/// Why a file was refused: where in it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// A path into the file such as `annotations[3].end`; empty for the file as a whole.
    pub place: String,
    pub reason: String,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.place.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", self.place, self.reason)
        }
    }
}

fn fail<T>(place: impl Into<String>, reason: impl Into<String>) -> Result<T, FormatError> {
    Err(FormatError {
        place: place.into(),
        reason: reason.into(),
    })
}

/// What an Avow file holds.
#[derive(Clone, Debug)]
pub enum AvowFile {
    /// One document (with the annotator named in the file).
    Document {
        annotator: String,
        entry: Box<DocEntry>,
        /// What was read but changed on the way in (ids given anew), for the import's report.
        warnings: Vec<String>,
    },
    /// A whole workspace.
    Workspace {
        annotator: String,
        entries: Vec<DocEntry>,
        warnings: Vec<String>,
    },
}

// ----- writing -----

#[derive(Serialize)]
struct SchemaOut {
    id: &'static str,
    version: u32,
}

const SCHEMA_OUT: SchemaOut = SchemaOut {
    id: SCHEMA_ID,
    version: SCHEMA_VERSION,
};

#[derive(Serialize)]
struct MetadataOut<'a> {
    title: &'a str,
    source_type: &'a str,
    publisher: &'a str,
    date: &'a str,
    party_a: &'a str,
    party_b: &'a str,
    url: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    id: &'a str,
    status: &'static str,
    created: String,
    modified: String,
    metadata: MetadataOut<'a>,
    length: usize,
    text_sha256: &'a str,
    text: &'a RawValue,
}

#[derive(Serialize)]
struct AnnotationOut<'a> {
    id: String,
    start: usize,
    end: usize,
    label: &'static str,
    quote: &'a str,
    attributes: BTreeMap<&'static str, &'a str>,
    note: &'a str,
    created: String,
    modified: String,
    /// On a gold version: where the span came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<ProvenanceOut<'a>>,
}

#[derive(Serialize)]
struct ProvenanceOut<'a> {
    decision: &'static str,
    sources: &'a [Source],
    agreed_by: &'a [String],
    by: &'a str,
    at: String,
}

fn provenance_out(p: &Provenance) -> ProvenanceOut<'_> {
    ProvenanceOut {
        decision: p.decision.name(),
        sources: &p.sources,
        agreed_by: &p.agreed_by,
        by: &p.by,
        at: iso_from_ms(p.at),
    }
}

#[derive(Serialize)]
struct RejectedOut<'a> {
    sources: &'a [Source],
    by: &'a str,
    at: String,
    note: &'a str,
}

#[derive(Serialize)]
struct SettingsOut {
    iou_percent: u32,
    strategy: &'static str,
    majority: u32,
}

#[derive(Serialize)]
struct InfoOut<'a> {
    adjudicator: &'a str,
    started: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    finished: Option<String>,
    inputs: &'a [Input],
    settings: SettingsOut,
}

fn info_out(info: &Info) -> InfoOut<'_> {
    InfoOut {
        adjudicator: &info.adjudicator,
        started: iso_from_ms(info.started),
        finished: info.finished.map(iso_from_ms),
        inputs: &info.inputs,
        settings: SettingsOut {
            iou_percent: info.settings.iou_percent,
            strategy: info.settings.strategy.name(),
            majority: info.settings.majority,
        },
    }
}

fn rejected_out(rejected: &[Rejected]) -> Vec<RejectedOut<'_>> {
    rejected
        .iter()
        .map(|r| RejectedOut {
            sources: &r.sources,
            by: &r.by,
            at: iso_from_ms(r.at),
            note: &r.note,
        })
        .collect()
}

#[derive(Serialize)]
struct RelationOut<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    from: String,
    to: String,
    note: &'a str,
    created: String,
    modified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<ProvenanceOut<'a>>,
}

/// A one-document file, ready to serialise (also inside a storage entry). The relations
/// come last: a stored entry keeps them in a part of their own after the spans.
#[derive(Serialize)]
pub struct FileOut<'a> {
    format: &'static str,
    version: u64,
    schema: SchemaOut,
    annotator: &'a str,
    document: DocumentOut<'a>,
    annotations: Vec<AnnotationOut<'a>>,
    relations: Vec<RelationOut<'a>>,
    /// A gold version's adjudication and the units it rejected (after the relations: a
    /// stored entry keeps them in the relations' part).
    #[serde(skip_serializing_if = "Option::is_none")]
    adjudication: Option<InfoOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected: Option<Vec<RejectedOut<'a>>>,
}

/// The two keys after the relations, on a gold version.
#[derive(Serialize)]
struct GoldOut<'a> {
    adjudication: InfoOut<'a>,
    rejected: Vec<RejectedOut<'a>>,
}

fn gold_out(doc: &Annotated) -> Option<GoldOut<'_>> {
    doc.gold().map(|g| GoldOut {
        adjudication: info_out(&g.info),
        rejected: rejected_out(&g.rejected),
    })
}

#[derive(Serialize)]
struct WorkspaceOut<'a> {
    format: &'static str,
    version: u64,
    schema: SchemaOut,
    annotator: &'a str,
    documents: Vec<FileOut<'a>>,
}

/// A span id as files write it.
pub fn span_id_text(id: SpanId) -> String {
    format!("s{}", id.0)
}

/// The id that `s<number>` names, when it is written as Avow writes ids (no leading zero) and
/// within [`SpanId::MAX`]; any other id is given a new one on reading.
pub fn parse_span_id(text: &str) -> Option<SpanId> {
    let digits = text.strip_prefix('s')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    digits
        .parse::<u64>()
        .ok()
        .filter(|&n| n <= SpanId::MAX)
        .map(SpanId)
}

/// The file of one document.
pub fn file_out(entry: &DocEntry) -> FileOut<'_> {
    let doc = &entry.doc;
    FileOut {
        annotations: doc
            .spans()
            .iter()
            .map(|span| annotation_out(doc, span))
            .collect(),
        relations: doc
            .relations()
            .iter()
            .map(|r| relation_out(doc, r))
            .collect(),
        adjudication: doc.gold().map(|g| info_out(&g.info)),
        rejected: doc.gold().map(|g| rejected_out(&g.rejected)),
        ..file_out_without_spans(entry)
    }
}

/// One relation as files write it.
fn relation_out<'a>(doc: &'a Annotated, relation: &'a Relation) -> RelationOut<'a> {
    RelationOut {
        id: relation_id_text(relation.id),
        kind: relation.kind.name(),
        from: span_id_text(relation.from),
        to: span_id_text(relation.to),
        note: &relation.note,
        created: iso_from_ms(relation.created),
        modified: iso_from_ms(relation.modified),
        provenance: doc
            .gold()
            .and_then(|g| g.relations.get(&relation.id))
            .map(provenance_out),
    }
}

/// A document's relations as compact JSON (a list), exactly as in a compactly written file,
/// and on a gold version what follows them (`,"adjudication":{..},"rejected":[..]`).
pub fn relations_json(doc: &Annotated) -> String {
    let relations: Vec<RelationOut> = doc
        .relations()
        .iter()
        .map(|r| relation_out(doc, r))
        .collect();
    let mut json = serde_json::to_string(&relations).unwrap_or_default();
    if let Some(gold) = gold_out(doc) {
        let tail = serde_json::to_string(&gold).unwrap_or_default();
        json.push(',');
        json.push_str(tail.trim_start_matches('{').trim_end_matches('}'));
    }
    json
}

/// The file of one document with no spans or relations yet.
fn file_out_without_spans(entry: &DocEntry) -> FileOut<'_> {
    let doc = &entry.doc;
    let meta = doc.meta();
    FileOut {
        format: FORMAT,
        version: VERSION,
        schema: SCHEMA_OUT,
        annotator: &entry.annotator,
        document: DocumentOut {
            id: &entry.id,
            status: entry.status.name(),
            created: iso_from_ms(entry.created),
            modified: iso_from_ms(entry.modified),
            metadata: MetadataOut {
                title: &meta.title,
                source_type: &meta.source_type,
                publisher: &meta.publisher,
                date: &meta.date,
                party_a: &meta.party_a,
                party_b: &meta.party_b,
                url: &meta.url,
                language: &meta.language,
            },
            length: doc.doc().len_cp(),
            text_sha256: entry.text_sha256(),
            text: doc.doc().json(),
        },
        annotations: Vec::new(),
        relations: Vec::new(),
        adjudication: None,
        rejected: None,
    }
}

/// One span as files write it.
fn annotation_out<'a>(doc: &'a Annotated, span: &'a Span) -> AnnotationOut<'a> {
    AnnotationOut {
        id: span_id_text(span.id),
        start: span.start,
        end: span.end,
        label: span.label.name(),
        quote: doc.quote(span),
        attributes: span
            .attrs
            .iter()
            .map(|(attr, value)| (attr.name(), value.as_str()))
            .collect(),
        note: &span.note,
        created: iso_from_ms(span.created),
        modified: iso_from_ms(span.modified),
        provenance: doc
            .gold()
            .and_then(|g| g.spans.get(&span.id))
            .map(provenance_out),
    }
}

/// One span as compact JSON, exactly as it appears in a compactly written file.
pub fn annotation_json(doc: &Annotated, span: &Span) -> Box<RawValue> {
    let json = serde_json::to_string(&annotation_out(doc, span)).unwrap_or_default();
    RawValue::from_string(json).unwrap_or_default()
}

/// A document's file with `text` in place of its text's JSON, and no spans: what comes
/// before the text, when the parts of a stored entry are built one by one.
pub fn file_out_skeleton<'a>(entry: &'a DocEntry, text: &'a RawValue) -> FileOut<'a> {
    let mut file = file_out_without_spans(entry);
    file.document.text = text;
    file
}

fn pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// One document as an Avow file.
pub fn write_document(entry: &DocEntry) -> String {
    pretty(&file_out(entry))
}

/// A whole workspace as one Avow file.
pub fn write_workspace<'a>(
    annotator: &str,
    entries: impl IntoIterator<Item = &'a DocEntry>,
) -> String {
    pretty(&WorkspaceOut {
        format: WORKSPACE_FORMAT,
        version: VERSION,
        schema: SCHEMA_OUT,
        annotator,
        documents: entries.into_iter().map(file_out).collect(),
    })
}

/// A workspace file written a document at a time (the same text as [`write_workspace`]), so
/// that a corpus of hundreds of documents is written between turns of the page. Pretty JSON
/// never breaks a line inside a string, so a document printed alone is indented line by line.
pub struct WorkspaceWriter {
    out: String,
    count: usize,
}

impl WorkspaceWriter {
    /// The file's header, for `annotator`.
    pub fn new(annotator: &str) -> WorkspaceWriter {
        let empty = pretty(&WorkspaceOut {
            format: WORKSPACE_FORMAT,
            version: VERSION,
            schema: SCHEMA_OUT,
            annotator,
            documents: Vec::new(),
        });
        let out = empty.strip_suffix("[]\n}\n").unwrap_or(&empty).to_string();
        WorkspaceWriter { out, count: 0 }
    }

    /// Adds a document.
    pub fn add(&mut self, entry: &DocEntry) {
        self.out
            .push_str(if self.count == 0 { "[\n" } else { ",\n" });
        let doc = serde_json::to_string_pretty(&file_out(entry)).unwrap_or_default();
        for (i, line) in doc.lines().enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            self.out.push_str("    ");
            self.out.push_str(line);
        }
        self.count += 1;
    }

    /// The whole file.
    pub fn finish(mut self) -> String {
        self.out.push_str(if self.count == 0 {
            "[]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        self.out
    }
}

// ----- reading -----

/// A JSON object being read, with its place in the file, refusing fields it does not know.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    place: String,
}

impl<'a> Obj<'a> {
    /// `place` is moved in: a reader of thousands of spans makes one string per span, not two.
    fn new(value: &'a Value, place: String, what: &str) -> Result<Self, FormatError> {
        match value.as_object() {
            Some(map) => Ok(Obj { map, place }),
            None => fail(
                place,
                format!("expected {what} (a JSON object), found {}", kind(value)),
            ),
        }
    }

    fn path(&self, key: &str) -> String {
        if self.place.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.place)
        }
    }

    fn only(&self, allowed: &[&str]) -> Result<(), FormatError> {
        match self.map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(key) => fail(
                self.path(key),
                format!("unknown field (allowed here: {})", allowed.join(", ")),
            ),
            None => Ok(()),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    fn required(&self, key: &str) -> Result<&'a Value, FormatError> {
        match self.map.get(key) {
            Some(v) => Ok(v),
            None => fail(self.path(key), "is missing"),
        }
    }

    fn string(&self, key: &str) -> Result<&'a str, FormatError> {
        let value = self.required(key)?;
        value.as_str().map_or_else(
            || {
                fail(
                    self.path(key),
                    format!("expected text, found {}", kind(value)),
                )
            },
            Ok,
        )
    }

    fn optional_string(&self, key: &str) -> Result<&'a str, FormatError> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(""),
            Some(_) => self.string(key),
        }
    }

    fn count(&self, key: &str) -> Result<usize, FormatError> {
        let value = self.required(key)?;
        match super::offset_value(value) {
            Some(n) => Ok(n),
            None => fail(
                self.path(key),
                format!("expected a whole number of code points, found {value}"),
            ),
        }
    }

    fn time(&self, key: &str, default: i64) -> Result<i64, FormatError> {
        let text = self.optional_string(key)?;
        if text.is_empty() {
            return Ok(default);
        }
        ms_from_iso(text).map_or_else(
            || {
                fail(
                    self.path(key),
                    format!("{text:?} is not a UTC timestamp like 2025-02-07T15:04:05.000Z"),
                )
            },
            Ok,
        )
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Shortens a quote for a message.
fn excerpt(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

fn check_header(obj: &Obj, expected_format: &str) -> Result<(), FormatError> {
    let format = obj.get("format").and_then(Value::as_str);
    match format {
        Some(f) if f == expected_format => {}
        Some(f) => {
            return fail(
                obj.path("format"),
                format!("expected {expected_format:?}, found {f:?}"),
            )
        }
        None => {
            return fail(
                &obj.place,
                "is not an Avow file (it has no \"format\": \"avow\")",
            )
        }
    }
    let version = obj.required("version")?;
    match version.as_u64() {
        Some(1 | VERSION) => {}
        Some(v) if v > VERSION => {
            return fail(
                obj.path("version"),
                format!("this file is version {v}; this Avow reads version {VERSION}: update Avow"),
            )
        }
        _ => {
            return fail(
                obj.path("version"),
                format!("version {version} is not one this Avow reads (it reads 1 and {VERSION})"),
            )
        }
    }
    let schema = Obj::new(
        obj.required("schema")?,
        obj.path("schema"),
        "the schema's id and version",
    )?;
    schema.only(&["id", "version"])?;
    let id = schema.string("id")?;
    if id != SCHEMA_ID {
        return fail(
            schema.path("id"),
            format!("expected {SCHEMA_ID:?}, found {id:?}"),
        );
    }
    let schema_version = schema.required("version")?;
    if schema_version.as_u64() != Some(u64::from(SCHEMA_VERSION)) {
        return fail(
            schema.path("version"),
            format!("this Avow knows schema version {SCHEMA_VERSION}, not {schema_version}"),
        );
    }
    Ok(())
}

fn read_metadata(value: Option<&Value>, place: &str) -> Result<Metadata, FormatError> {
    let mut meta = Metadata::default();
    let Some(value) = value else {
        return Ok(meta);
    };
    let obj = Obj::new(value, place.to_string(), "the metadata")?;
    let keys: Vec<&str> = MetaField::ALL.iter().map(|f| f.key()).collect();
    obj.only(&keys)?;
    for field in MetaField::ALL {
        meta.set(field, obj.optional_string(field.key())?.to_string());
    }
    let source = meta.source_type.as_str();
    if !source.is_empty() && !crate::core::schema::SOURCE_TYPES.contains(&source) {
        return fail(
            obj.path("source_type"),
            format!(
                "{source:?} is not one of {}",
                crate::core::schema::SOURCE_TYPES.join(", ")
            ),
        );
    }
    Ok(meta)
}

fn read_span(
    value: &Value,
    place: String,
    text: &crate::core::text::offsets::IndexedText,
    default_time: i64,
) -> Result<Span, FormatError> {
    let obj = Obj::new(value, place, "an annotation")?;
    obj.only(&[
        "id",
        "start",
        "end",
        "label",
        "quote",
        "attributes",
        "note",
        "created",
        "modified",
        "provenance",
    ])?;
    let id_text = obj.string("id")?;
    if id_text.trim().is_empty() {
        return fail(obj.path("id"), "is empty");
    }
    // An id that is not Avow's own (another tool's "b1", or past SpanId::MAX) is given a new
    // one once every span is read; 0 stands for it until then.
    let id = parse_span_id(id_text).unwrap_or(SpanId(0));
    let start = obj.count("start")?;
    let end = obj.count("end")?;
    let len = text.len_cp();
    // The numbers as the file writes them (an offset too large for usize is saturated).
    let written = |key: &str| obj.get(key).map(super::json_text).unwrap_or_default();
    if start > len {
        return fail(
            obj.path("start"),
            format!(
                "{} is past the end of the text ({len} code points)",
                written("start")
            ),
        );
    }
    if end > len {
        return fail(
            obj.path("end"),
            format!(
                "{} is past the end of the text ({len} code points)",
                written("end")
            ),
        );
    }
    if start >= end {
        return fail(
            obj.path("end"),
            format!("must be greater than start ({start}), found {end}"),
        );
    }
    let label_name = obj.string("label")?;
    let Some(label) = Label::from_name(label_name) else {
        let names: Vec<&str> = Label::ALL.iter().map(|l| l.name()).collect();
        return fail(
            obj.path("label"),
            format!("{label_name:?} is not one of {}", names.join(", ")),
        );
    };
    let quote = obj.string("quote")?;
    let actual = text.slice(start, end);
    if quote != actual {
        return fail(
            obj.path("quote"),
            format!(
                "does not match the text at {start}–{end}: the file quotes {}, the text there is {}",
                excerpt(quote),
                excerpt(actual)
            ),
        );
    }
    let mut attrs = BTreeMap::new();
    if let Some(value) = obj.get("attributes") {
        let attr_obj = Obj::new(value, obj.path("attributes"), "the attributes")?;
        for (key, value) in attr_obj.map {
            let at = || attr_obj.path(key);
            let Some(attr) = Attribute::from_name(key) else {
                return fail(at(), "is not an attribute of the schema");
            };
            if !label.attributes().contains(&attr) {
                return fail(at(), format!("{label} spans have no attribute {attr}"));
            }
            let Some(v) = value.as_str() else {
                return fail(at(), format!("expected text, found {}", kind(value)));
            };
            if !attr.accepts(v) {
                return fail(
                    at(),
                    format!("{v:?} is not one of {}", attr.values().join(", ")),
                );
            }
            attrs.insert(attr, v.to_string());
        }
    }
    let created = obj.time("created", default_time)?;
    Ok(Span {
        id,
        start,
        end,
        label,
        attrs,
        note: obj.optional_string("note")?.to_string(),
        created,
        modified: obj.time("modified", created)?,
    })
}

/// Reads one document that Avow stored itself, from its parsed JSON value; the text is taken
/// out of the value rather than copied (a stored text can be tens of megabytes).
pub fn read_document_value(value: &mut Value) -> Result<(String, DocEntry), FormatError> {
    let text = value
        .pointer_mut("/document/text")
        .and_then(|text| match text.take() {
            Value::String(text) => Some(text),
            other => {
                *text = other;
                None
            }
        });
    read_document_object(value, "", Reading::Stored(text))
}

/// How a document object is read.
enum Reading<'w> {
    /// A file being imported: spans of whitespace only and duplicates are left out, and what
    /// had to change on the way in (those, ids given anew) is said in the warnings.
    File(&'w mut Vec<String>),
    /// What Avow stored itself, with its text already taken out of the value: every span is
    /// kept as stored, and the text's SHA-256 is the one stored beside it. A text is hashed
    /// when a file is imported; hashing a stored one again at every start would cost a 10 M
    /// code point document a tenth of a second, and every span's quote is still checked
    /// against the text.
    Stored(Option<String>),
}

/// Reads one document object (a whole one-document file, or one of a workspace's `documents`).
fn read_document_object(
    value: &Value,
    place: &str,
    reading: Reading,
) -> Result<(String, DocEntry), FormatError> {
    let mut notes = Vec::new();
    let file = Obj::new(value, place.to_string(), "an Avow document")?;
    check_header(&file, FORMAT)?;
    let version = file.get("version").and_then(Value::as_u64);
    file.only(if version == Some(1) {
        &[
            "format",
            "version",
            "schema",
            "annotator",
            "document",
            "annotations",
        ]
    } else {
        &[
            "format",
            "version",
            "schema",
            "annotator",
            "document",
            "annotations",
            "relations",
            "adjudication",
            "rejected",
        ]
    })?;
    let annotator = file.optional_string("annotator")?.to_string();

    let doc = Obj::new(
        file.required("document")?,
        file.path("document"),
        "the document",
    )?;
    doc.only(&[
        "id",
        "status",
        "created",
        "modified",
        "metadata",
        "length",
        "text_sha256",
        "text",
    ])?;
    let digest = doc.string("text_sha256")?;
    // Indexed and hashed once: the document keeps both.
    let (document, warnings) = match reading {
        Reading::Stored(Some(text)) if is_sha256_hex(digest) => (
            Document::with_sha256(text, digest.to_ascii_lowercase()),
            None,
        ),
        Reading::Stored(text) => (
            Document::new(text.map_or_else(|| doc.string("text").map(str::to_string), Ok)?),
            None,
        ),
        Reading::File(warnings) => (
            Document::new(doc.string("text")?.to_string()),
            Some(warnings),
        ),
    };
    let indexed = document.text();
    if !digest.eq_ignore_ascii_case(document.sha256()) {
        return fail(
            doc.path("text_sha256"),
            "does not match the text (the text was changed after the file was written)",
        );
    }
    if doc.get("length").is_some() {
        let length = doc.count("length")?;
        if length != indexed.len_cp() {
            return fail(
                doc.path("length"),
                format!(
                    "says {length} code points, the text has {}",
                    indexed.len_cp()
                ),
            );
        }
    }
    // Any id is read as data; an import keeps it only if Avow would issue it (see
    // `workspace::is_doc_id`), and gives any other a new one.
    let id = doc.string("id")?;
    let status_name = doc.optional_string("status")?;
    let status = if status_name.is_empty() {
        DocStatus::InProgress
    } else {
        match DocStatus::from_name(status_name) {
            Some(s) => s,
            None => {
                return fail(
                    doc.path("status"),
                    format!("{status_name:?} is not in_progress or done"),
                )
            }
        }
    };
    let created = doc.time("created", 0)?;
    let modified = doc.time("modified", created)?;
    let meta = read_metadata(doc.get("metadata"), &doc.path("metadata"))?;

    let list = file.required("annotations")?;
    let Some(items) = list.as_array() else {
        return fail(
            file.path("annotations"),
            format!("expected a list, found {}", kind(list)),
        );
    };
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    let mut spans = Vec::with_capacity(items.len());
    let mut foreign_ids = Vec::new();
    let list_place = file.path("annotations");
    for (i, item) in items.iter().enumerate() {
        let span = read_span(item, format!("{list_place}[{i}]"), indexed, modified)?;
        let id_text = item.get("id").and_then(Value::as_str).unwrap_or_default();
        if let Some(first) = seen.insert(id_text, i) {
            return fail(
                format!("{list_place}[{i}].id"),
                format!("{id_text:?} is used twice (also at annotations[{first}])"),
            );
        }
        if span.id.0 == 0 {
            foreign_ids.push((spans.len(), id_text));
        }
        spans.push(span);
    }
    if !foreign_ids.is_empty() {
        let first_free = spans.iter().map(|s| s.id.0).max().unwrap_or(0) + 1;
        let mut renamed = Vec::new();
        for (next, &(index, old)) in (first_free..).zip(&foreign_ids) {
            spans[index].id = SpanId(next);
            if renamed.len() < 3 {
                renamed.push(format!("{} → {}", excerpt(old), span_id_text(SpanId(next))));
            }
        }
        let more = foreign_ids.len().saturating_sub(renamed.len());
        notes.push(format!(
            "{} span id{} not like \"s12\" given new ids ({}{})",
            foreign_ids.len(),
            if foreign_ids.len() == 1 { "" } else { "s" },
            renamed.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    // Relations name spans by the ids the file gives them (`seen`).
    let relations = match file.get("relations") {
        Some(list) => read_relations(list, &file.path("relations"), &seen, &spans, modified)?,
        None => Vec::new(),
    };
    let gold = read_gold(&file, items, &spans, &relations)?;
    let mut relations = relations;
    if let Some(warnings) = warnings {
        let (kept, left_out) = super::screen(indexed, spans, |s| (s.start, s.end, s.label));
        spans = kept;
        warnings.extend(notes);
        warnings.extend(left_out);
        // Sorted as plain numbers: the one sort of them the app already has.
        let mut kept: Vec<u64> = spans.iter().map(|s| s.id.0).collect();
        kept.sort_unstable();
        let before = relations.len();
        let is_kept = |id: &SpanId| kept.binary_search(&id.0).is_ok();
        relations.retain(|r| is_kept(&r.from) && is_kept(&r.to));
        let dropped = before - relations.len();
        if dropped > 0 {
            warnings.push(format!(
                "{dropped} relation{} of spans left out left out too",
                if dropped == 1 { "" } else { "s" }
            ));
        }
    }
    let mut doc = Annotated::from_document(document, meta, spans);
    if !relations.is_empty() {
        doc.set_relations(relations);
    }
    if gold.is_some() {
        doc.set_gold(gold);
    }
    let entry = DocEntry {
        id: id.to_string(),
        doc,
        status,
        annotator: annotator.clone(),
        created,
        modified,
    };
    Ok((annotator, entry))
}

/// A gold version's record: its `adjudication`, `rejected` and each span's and relation's
/// `provenance` (`items`, `spans` and `relations` in the file's order). None when the file is
/// not a gold version.
fn read_gold(
    file: &Obj,
    items: &[Value],
    spans: &[Span],
    relations: &[Relation],
) -> Result<Option<Gold>, FormatError> {
    let Some(info) = file.get("adjudication") else {
        return Ok(None);
    };
    let mut gold = Gold::new(read_info(info, file.path("adjudication"))?);
    if let Some(rejected) = file.get("rejected") {
        gold.rejected = read_list(rejected, &file.path("rejected"), read_rejected)?;
    }
    let place = file.path("annotations");
    for (i, (item, span)) in items.iter().zip(spans).enumerate() {
        if let Some(p) = item.get("provenance") {
            gold.spans.insert(
                span.id,
                read_provenance(p, format!("{place}[{i}].provenance"))?,
            );
        }
    }
    let place = file.path("relations");
    let listed = file.get("relations").and_then(Value::as_array);
    for (i, (item, relation)) in listed.into_iter().flatten().zip(relations).enumerate() {
        if let Some(p) = item.get("provenance") {
            gold.relations.insert(
                relation.id,
                read_provenance(p, format!("{place}[{i}].provenance"))?,
            );
        }
    }
    Ok(Some(gold))
}

/// A list, each item read by `read` with its place.
fn read_list<T>(
    value: &Value,
    place: &str,
    read: fn(&Value, String) -> Result<T, FormatError>,
) -> Result<Vec<T>, FormatError> {
    let Some(items) = value.as_array() else {
        return fail(place, format!("expected a list, found {}", kind(value)));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read(item, format!("{place}[{i}]")))
        .collect()
}

/// One of `names`, as its index.
fn read_name(obj: &Obj, key: &str, names: &[&str]) -> Result<usize, FormatError> {
    let name = obj.string(key)?;
    match names.iter().position(|n| *n == name) {
        Some(at) => Ok(at),
        None => fail(
            obj.path(key),
            format!("{name:?} is not one of {}", names.join(", ")),
        ),
    }
}

fn read_source(value: &Value, place: String) -> Result<Source, FormatError> {
    let obj = Obj::new(value, place, "a source")?;
    obj.only(&["annotator", "id"])?;
    Ok(Source {
        annotator: obj.string("annotator")?.to_string(),
        id: obj.string("id")?.to_string(),
    })
}

fn read_names(obj: &Obj, key: &str) -> Result<Vec<String>, FormatError> {
    match obj.get(key) {
        None => Ok(Vec::new()),
        Some(list) => read_list(list, &obj.path(key), |v, place| match v.as_str() {
            Some(name) => Ok(name.to_string()),
            None => fail(place, format!("expected a name, found {}", kind(v))),
        }),
    }
}

fn read_provenance(value: &Value, place: String) -> Result<Provenance, FormatError> {
    let obj = Obj::new(value, place, "a provenance")?;
    obj.only(&["decision", "sources", "agreed_by", "by", "at"])?;
    let names = Decision::ALL.map(Decision::name);
    Ok(Provenance {
        decision: Decision::ALL[read_name(&obj, "decision", &names)?],
        sources: read_list(obj.required("sources")?, &obj.path("sources"), read_source)?,
        agreed_by: read_names(&obj, "agreed_by")?,
        by: obj.optional_string("by")?.to_string(),
        at: obj.time("at", 0)?,
    })
}

fn read_rejected(value: &Value, place: String) -> Result<Rejected, FormatError> {
    let obj = Obj::new(value, place, "a rejected unit")?;
    obj.only(&["sources", "by", "at", "note"])?;
    Ok(Rejected {
        sources: read_list(obj.required("sources")?, &obj.path("sources"), read_source)?,
        by: obj.optional_string("by")?.to_string(),
        at: obj.time("at", 0)?,
        note: obj.optional_string("note")?.to_string(),
    })
}

fn read_input(value: &Value, place: String) -> Result<Input, FormatError> {
    let obj = Obj::new(value, place, "an input")?;
    obj.only(&["annotator", "sha256"])?;
    Ok(Input {
        annotator: obj.string("annotator")?.to_string(),
        sha256: obj.string("sha256")?.to_string(),
    })
}

fn read_info(value: &Value, place: String) -> Result<Info, FormatError> {
    let obj = Obj::new(value, place, "the adjudication")?;
    obj.only(&["adjudicator", "started", "finished", "inputs", "settings"])?;
    let mut settings = Settings::default();
    if let Some(value) = obj.get("settings") {
        let set = Obj::new(value, obj.path("settings"), "the settings")?;
        set.only(&["iou_percent", "strategy", "majority"])?;
        let number = |key: &str, default: u32| -> Result<u32, FormatError> {
            match set.get(key) {
                None => Ok(default),
                Some(v) => match v.as_u64().filter(|n| (1..=100).contains(n)) {
                    Some(n) => Ok(n as u32),
                    None => fail(
                        set.path(key),
                        format!("expected a number from 1 to 100, found {v}"),
                    ),
                },
            }
        };
        settings.iou_percent = number("iou_percent", settings.iou_percent)?;
        settings.majority = number("majority", settings.majority)?;
        if set.get("strategy").is_some() {
            use crate::core::annotation::gold::Strategy as Merge;
            let names = Merge::ALL.map(Merge::name);
            settings.strategy = Merge::ALL[read_name(&set, "strategy", &names)?];
        }
    }
    let finished = obj.time("finished", i64::MIN)?;
    Ok(Info {
        adjudicator: obj.optional_string("adjudicator")?.to_string(),
        started: obj.time("started", 0)?,
        finished: (finished != i64::MIN).then_some(finished),
        inputs: match obj.get("inputs") {
            Some(list) => read_list(list, &obj.path("inputs"), read_input)?,
            None => Vec::new(),
        },
        settings,
    })
}

/// Reads a document's `relations` (version 2): each joins two spans the file lists, at most
/// once per kind and direction, never a span to itself or `embeds` in a cycle. A relation
/// whose labels no longer fit its kind is kept (the app marks it invalid). Ids not like
/// `r12` are given new ones.
fn read_relations(
    list: &Value,
    place: &str,
    span_at: &HashMap<&str, usize>,
    spans: &[Span],
    default_time: i64,
) -> Result<Vec<Relation>, FormatError> {
    let Some(items) = list.as_array() else {
        return fail(place, format!("expected a list, found {}", kind(list)));
    };
    let mut set = crate::core::annotation::relation::RelationSet::default();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut relations = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let obj = Obj::new(item, format!("{place}[{i}]"), "a relation")?;
        obj.only(&[
            "id",
            "type",
            "from",
            "to",
            "note",
            "created",
            "modified",
            "provenance",
        ])?;
        let id_text = obj.string("id")?;
        if id_text.trim().is_empty() {
            return fail(obj.path("id"), "is empty");
        }
        if let Some(first) = ids.insert(id_text, i) {
            return fail(
                obj.path("id"),
                format!("{id_text:?} is used twice (also at relations[{first}])"),
            );
        }
        let kind_name = obj.string("type")?;
        let Some(kind) = RelationKind::from_name(kind_name) else {
            let names: Vec<&str> = RelationKind::ALL.iter().map(|k| k.name()).collect();
            return fail(
                obj.path("type"),
                format!("{kind_name:?} is not one of {}", names.join(", ")),
            );
        };
        let end = |key: &str| -> Result<SpanId, FormatError> {
            let text = obj.string(key)?;
            match span_at.get(text) {
                Some(&at) => Ok(spans[at].id),
                None => fail(
                    obj.path(key),
                    format!("{text:?} is not the id of a span in this file"),
                ),
            }
        };
        let (from, to) = (end("from")?, end("to")?);
        if from == to {
            return fail(
                obj.path("to"),
                "is the span it comes from: a span cannot be linked to itself",
            );
        }
        if set.find(kind, from, to).is_some() {
            return fail(
                place_of(&obj),
                format!("links the same two spans as another {kind} relation"),
            );
        }
        if kind == RelationKind::Embeds && set.embeds_cycle(from, to) {
            return fail(place_of(&obj), "closes a cycle of embeds relations");
        }
        let created = obj.time("created", default_time)?;
        let relation = Relation {
            id: parse_relation_id(id_text).unwrap_or(RelationId(0)),
            kind,
            from,
            to,
            note: obj.optional_string("note")?.to_string(),
            created,
            modified: obj.time("modified", created)?,
        };
        set.insert(Relation {
            id: RelationId(i as u64 + 1),
            ..relation.clone()
        });
        relations.push(relation);
    }
    Ok(relations)
}

/// Where an object sits in the file, as errors name it.
fn place_of(obj: &Obj) -> String {
    obj.place.clone()
}

/// Whether `digest` is a SHA-256 written as 64 hex digits.
fn is_sha256_hex(digest: &str) -> bool {
    digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Reads an Avow file (one document or a workspace), refusing it whole at the first problem.
pub fn read(text: &str) -> Result<AvowFile, FormatError> {
    match start_reading(text)? {
        AvowReading::Done(file) => Ok(*file),
        AvowReading::Workspace(mut reader) => {
            while let Some(entry) = reader.next_entry() {
                entry?;
            }
            Ok(reader.finish())
        }
    }
}

/// An Avow file as it begins to be read: a one-document file is read at once, a workspace's
/// documents one at a time ([`WorkspaceReader`]).
pub enum AvowReading {
    Done(Box<AvowFile>),
    Workspace(WorkspaceReader),
}

/// Parses an Avow file and checks its header; a workspace's documents are left to read one
/// at a time, so that a large one can be read in slices.
pub fn start_reading(text: &str) -> Result<AvowReading, FormatError> {
    let mut scan = WorkspaceScan::default();
    while !scan.step(text, usize::MAX) {}
    scan.finish(text)
}

/// A workspace file scanned for its documents a slice at a time, without parsing them: where
/// each one of its `documents` begins and ends (each is parsed when it is read). Strings and
/// brackets are followed byte by byte (JSON's structure is ASCII).
#[derive(Debug, Default)]
pub struct WorkspaceScan {
    pos: usize,
    depth: usize,
    in_string: bool,
    escape: bool,
    string_start: usize,
    /// The last string closed in the top-level object, and the key whose value comes next.
    last_string: Option<(usize, usize)>,
    key: Option<(usize, usize)>,
    /// Inside the `documents` list: where it opened, where the element being scanned began,
    /// whether a comma came last.
    documents: Option<usize>,
    element: Option<usize>,
    after_comma: bool,
    /// Each document's place in the text; the list's extent once it closed.
    elements: Vec<(usize, usize)>,
    list: Option<(usize, usize)>,
    /// Not JSON (or a list with a stray comma): parsed whole at the end, for the message.
    broken: bool,
}

impl WorkspaceScan {
    /// How far the scan is, in bytes of `text`.
    pub fn progress(&self) -> usize {
        self.pos
    }

    /// Scans up to `budget` more bytes of `text`; true once all of it is scanned.
    pub fn step(&mut self, text: &str, budget: usize) -> bool {
        let bytes = text.as_bytes();
        let end = self.pos.saturating_add(budget).min(bytes.len());
        let in_list = |s: &Self| s.documents.is_some() && s.list.is_none() && s.depth == 2;
        for (i, &b) in bytes.iter().enumerate().take(end).skip(self.pos) {
            if self.in_string {
                if self.escape {
                    self.escape = false;
                } else if b == b'\\' {
                    self.escape = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.depth == 1 {
                        self.last_string = Some((self.string_start, i + 1));
                    }
                }
                continue;
            }
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => {}
                b'"' => {
                    if in_list(self) && self.element.is_none() {
                        self.element = Some(i);
                    }
                    self.in_string = true;
                    self.string_start = i;
                }
                b'{' | b'[' => {
                    if in_list(self) && self.element.is_none() {
                        self.element = Some(i);
                    }
                    if self.depth == 1
                        && b == b'['
                        && self.documents.is_none()
                        && self
                            .key
                            .is_some_and(|(s, e)| &text[s..e] == "\"documents\"")
                    {
                        self.documents = Some(i);
                    }
                    self.depth += 1;
                }
                b'}' | b']' => {
                    if in_list(self) && b == b']' {
                        match self.element.take() {
                            Some(start) => self.elements.push((start, i)),
                            None if self.after_comma => self.broken = true,
                            None => {}
                        }
                        self.list = self.documents.map(|start| (start, i + 1));
                    }
                    if self.depth == 0 {
                        self.broken = true;
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                b',' => {
                    if in_list(self) {
                        match self.element.take() {
                            Some(start) => self.elements.push((start, i)),
                            None => self.broken = true,
                        }
                        self.after_comma = true;
                        continue;
                    }
                    if self.depth == 1 {
                        self.key = None;
                    }
                }
                b':' => {
                    if self.depth == 1 {
                        self.key = self.last_string;
                    }
                }
                _ => {
                    if in_list(self) && self.element.is_none() {
                        self.element = Some(i);
                    }
                }
            }
            if in_list(self) && self.element.is_some() {
                self.after_comma = false;
            }
        }
        self.pos = end;
        end == bytes.len()
    }

    /// The file as read so far: a one-document file read at once, or a workspace's header
    /// checked and its documents left to read one at a time.
    pub fn finish(self, text: &str) -> Result<AvowReading, FormatError> {
        let whole = !self.in_string && self.depth == 0 && !self.broken;
        let Some((start, end)) = self.list.filter(|_| whole) else {
            return read_whole(text);
        };
        // The header, with the documents left out (an empty list in their place).
        let head = format!("{}[]{}", &text[..start], &text[end..]);
        let value: Value = match serde_json::from_str(&head) {
            Ok(value) => value,
            Err(_) => return read_whole(text),
        };
        if value.get("format").and_then(Value::as_str) != Some(WORKSPACE_FORMAT) {
            return read_whole(text);
        }
        let items = self
            .elements
            .iter()
            .map(|&(s, e)| text[s..e].to_string())
            .collect();
        workspace_reader(&value, items)
    }
}

/// A workspace's documents to read one at a time (`items`, each one's JSON), once its header
/// (`head`: the file's object, its `documents` a list) is checked.
fn workspace_reader(head: &Value, items: Vec<String>) -> Result<AvowReading, FormatError> {
    let ws = Obj::new(head, String::new(), "an Avow workspace")?;
    check_header(&ws, WORKSPACE_FORMAT)?;
    ws.only(&["format", "version", "schema", "annotator", "documents"])?;
    let annotator = ws.optional_string("annotator")?.to_string();
    let docs = ws.required("documents")?;
    if !docs.is_array() {
        return fail(
            "documents",
            format!("expected a list, found {}", kind(docs)),
        );
    }
    Ok(AvowReading::Workspace(WorkspaceReader {
        annotator,
        items: items.into_iter(),
        read: 0,
        first_at: HashMap::new(),
        entries: Vec::new(),
        warnings: Vec::new(),
    }))
}

/// An Avow file parsed whole: a one-document file, or a workspace the scan could not take
/// apart (its error said with the place).
fn read_whole(text: &str) -> Result<AvowReading, FormatError> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return fail(
                "",
                format!(
                    "is not JSON (line {}, column {}: {e})",
                    e.line(),
                    e.column()
                ),
            )
        }
    };
    if value.get("format").and_then(Value::as_str) == Some(WORKSPACE_FORMAT) {
        let items = value
            .get("documents")
            .and_then(Value::as_array)
            .map(|items| items.iter().map(Value::to_string).collect())
            .unwrap_or_default();
        return workspace_reader(&value, items);
    }
    let mut warnings = Vec::new();
    let (annotator, entry) = read_document_object(&value, "", Reading::File(&mut warnings))?;
    Ok(AvowReading::Done(Box::new(AvowFile::Document {
        annotator,
        entry: Box::new(entry),
        warnings,
    })))
}

/// A workspace file's documents, read one at a time; the first bad one refuses the file.
pub struct WorkspaceReader {
    annotator: String,
    items: std::vec::IntoIter<String>,
    read: usize,
    /// Where each document id was first met (an id used twice refuses the file).
    first_at: HashMap<String, usize>,
    entries: Vec<DocEntry>,
    warnings: Vec<String>,
}

impl WorkspaceReader {
    /// How many documents are read, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.read, self.read + self.items.len())
    }

    /// Reads the next document: `None` once all are read, an error for the first bad one.
    pub fn next_entry(&mut self) -> Option<Result<(), FormatError>> {
        let raw = self.items.next()?;
        let i = self.read;
        self.read += 1;
        let item: Value = match serde_json::from_str(&raw) {
            Ok(item) => item,
            Err(e) => return Some(fail(format!("documents[{i}]"), e.to_string())),
        };
        let mut doc_warnings = Vec::new();
        let entry = match read_document_object(
            &item,
            &format!("documents[{i}]"),
            Reading::File(&mut doc_warnings),
        ) {
            Ok((_, entry)) => entry,
            Err(e) => return Some(Err(e)),
        };
        self.warnings.extend(
            doc_warnings
                .into_iter()
                .map(|w| format!("documents[{i}]: {w}")),
        );
        if let Some(first) = self.first_at.get(&entry.id) {
            return Some(fail(
                format!("documents[{i}].document.id"),
                format!("{:?} is used twice (also at documents[{first}])", entry.id),
            ));
        }
        self.first_at.insert(entry.id.clone(), i);
        self.entries.push(entry);
        Some(Ok(()))
    }

    /// The workspace read (every document, once `next_entry` has said `None`).
    pub fn finish(self) -> AvowFile {
        AvowFile::Workspace {
            annotator: self.annotator,
            entries: self.entries,
            warnings: self.warnings,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
