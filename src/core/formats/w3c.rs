//! W3C Web Annotation Data Model (JSON-LD, context `http://www.w3.org/ns/anno.jsonld`).
//!
//! One Annotation per span: a `tagging` TextualBody with the label, one `classifying` body per
//! attribute with the value `name=value` (e.g. `committer=joint`), and a `commenting` body for
//! the note. The target has a TextQuoteSelector (exact, prefix, suffix: 32 code points of
//! context) and a TextPositionSelector (start, end in code points, as the model requires). A
//! document's spans form an AnnotationCollection with one AnnotationPage. The file carries no
//! text: importing it puts the spans on the open document, re-anchored by quote when needed.

use super::anchor::Incoming;
use super::{add_attribute, fail, label_named, Foreign, FormatError};
use crate::core::time::{iso_from_ms, ms_from_iso};
use crate::core::workspace::DocEntry;
use serde_json::{json, Value};

/// The Web Annotation context.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The document's spans as an AnnotationCollection.
pub fn write(entry: &DocEntry, annotator: &str) -> String {
    let source = if entry.doc.meta().url.trim().is_empty() {
        format!("urn:avow:document:{}", entry.id)
    } else {
        entry.doc.meta().url.trim().to_string()
    };
    let collection_id = format!("urn:avow:document:{}:annotations", entry.id);
    let items: Vec<Value> = super::incoming_of(&entry.doc)
        .into_iter()
        .zip(entry.doc.spans().iter())
        .map(|(span, s)| {
            let mut body = vec![json!({"type": "TextualBody", "purpose": "tagging", "value": span.label.name()})];
            for (attr, value) in &span.attrs {
                body.push(json!({"type": "TextualBody", "purpose": "classifying", "value": format!("{attr}={value}")}));
            }
            if !span.note.is_empty() {
                body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": span.note}));
            }
            let mut annotation = json!({
                "@context": CONTEXT,
                "id": format!("urn:avow:document:{}:{}", entry.id, super::avow::span_id_text(s.id)),
                "type": "Annotation",
                "motivation": "tagging",
                "created": iso_from_ms(span.created),
                "modified": iso_from_ms(span.modified),
                "body": body,
                "target": {
                    "source": source,
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": span.quote, "prefix": span.prefix, "suffix": span.suffix},
                        {"type": "TextPositionSelector", "start": span.start, "end": span.end}
                    ]
                }
            });
            if !annotator.is_empty() {
                annotation["creator"] = json!({"type": "Person", "name": annotator});
            }
            annotation
        })
        .collect();
    let collection = json!({
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": entry.display_title(),
        "total": items.len(),
        "first": {
            "id": format!("{collection_id}:page1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items
        }
    });
    let mut text = serde_json::to_string_pretty(&collection).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether a parsed JSON value looks like Web Annotation.
pub fn looks_like(value: &Value) -> bool {
    let kind = |v: &Value| v.get("type").and_then(Value::as_str).map(str::to_string);
    match value {
        Value::Array(items) => items.first().and_then(kind).as_deref() == Some("Annotation"),
        _ => matches!(
            kind(value).as_deref(),
            Some("Annotation" | "AnnotationPage" | "AnnotationCollection")
        ),
    }
}

/// Reads annotations (a collection, a page, one annotation, or a list of them).
pub fn read(value: &Value) -> Result<Foreign, FormatError> {
    let (items, place): (Vec<&Value>, String) = match value {
        Value::Array(items) => (items.iter().collect(), String::new()),
        _ => match value.get("type").and_then(Value::as_str) {
            Some("Annotation") => (vec![value], String::new()),
            Some("AnnotationPage") => (list(value.get("items"), "items")?, "items".into()),
            Some("AnnotationCollection") => {
                let first = value.get("first").ok_or_else(|| FormatError {
                    place: "first".into(),
                    reason: "is missing (Avow reads collections with their first page inline)"
                        .into(),
                })?;
                (
                    list(first.get("items"), "first.items")?,
                    "first.items".into(),
                )
            }
            _ => {
                return fail(
                    "type",
                    "expected Annotation, AnnotationPage or AnnotationCollection",
                )
            }
        },
    };
    let mut spans = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let at = if place.is_empty() {
            format!("[{i}]")
        } else {
            format!("{place}[{i}]")
        };
        spans.push(read_annotation(item, &at)?);
    }
    Ok(Foreign::spans(spans))
}

fn list<'a>(value: Option<&'a Value>, place: &str) -> Result<Vec<&'a Value>, FormatError> {
    match value.and_then(Value::as_array) {
        Some(items) => Ok(items.iter().collect()),
        None => fail(place, "expected a list of annotations"),
    }
}

/// A value or list of values as a list.
fn one_or_many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

fn read_annotation(value: &Value, at: &str) -> Result<Incoming, FormatError> {
    let Some(obj) = value.as_object() else {
        return fail(at, "expected an annotation object");
    };
    let bodies = one_or_many(obj.get("body"));
    let body_text = |b: &Value| b.get("value").and_then(Value::as_str).map(str::to_string);
    let purpose = |b: &Value| {
        b.get("purpose")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let Some((bi, tag)) = bodies
        .iter()
        .enumerate()
        .find(|(_, b)| purpose(b) == "tagging")
    else {
        return fail(format!("{at}.body"), "has no tagging body with the label");
    };
    let label = label_named(
        &body_text(tag).unwrap_or_default(),
        &format!("{at}.body[{bi}].value"),
    )?;

    let target = one_or_many(obj.get("target")).into_iter().next();
    let Some(target) = target.and_then(Value::as_object) else {
        return fail(format!("{at}.target"), "is missing or not an object");
    };
    let selectors = one_or_many(target.get("selector"));
    let mut span = Incoming::new(0, 0, label);
    let mut has_position = false;
    for (si, selector) in selectors.iter().enumerate() {
        let sat = format!("{at}.target.selector[{si}]");
        match selector.get("type").and_then(Value::as_str) {
            Some("TextPositionSelector") => {
                let num = |key: &str| -> Result<u64, FormatError> {
                    match selector.get(key).and_then(Value::as_u64) {
                        Some(n) => Ok(n),
                        None => fail(
                            format!("{sat}.{key}"),
                            "expected a whole number of code points",
                        ),
                    }
                };
                // Compared as written, before an offset too large for usize is saturated.
                let (start, end) = (num("start")?, num("end")?);
                if start >= end {
                    return fail(format!("{sat}.end"), "must be greater than start");
                }
                span.start = super::offset_from_u64(start);
                span.end = super::offset_from_u64(end);
                has_position = true;
            }
            Some("TextQuoteSelector") => {
                let text = |key: &str| {
                    selector
                        .get(key)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                };
                span.quote = Some(text("exact"));
                span.prefix = text("prefix");
                span.suffix = text("suffix");
            }
            _ => {}
        }
    }
    if !has_position && span.quote.as_deref().is_none_or(str::is_empty) {
        return fail(
            format!("{at}.target.selector"),
            "has neither a TextPositionSelector nor a TextQuoteSelector",
        );
    }
    for (i, body) in bodies.iter().enumerate() {
        let bat = format!("{at}.body[{i}].value");
        match purpose(body).as_str() {
            "classifying" => {
                let value = body_text(body).unwrap_or_default();
                let Some((name, v)) = value.split_once('=') else {
                    return fail(
                        bat,
                        format!("{value:?} is not an attribute like committer=joint"),
                    );
                };
                add_attribute(&mut span.attrs, label, name, v, &bat)?;
            }
            "commenting" | "describing" => span.note = body_text(body).unwrap_or_default(),
            _ => {}
        }
    }
    let time = |key: &str| obj.get(key).and_then(Value::as_str).and_then(ms_from_iso);
    span.created = time("created").unwrap_or(0);
    span.modified = time("modified").unwrap_or(span.created);
    Ok(span)
}
