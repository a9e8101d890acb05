//! W3C Web Annotation Data Model (JSON-LD, context `http://www.w3.org/ns/anno.jsonld`).
//!
//! One Annotation per span: a `tagging` TextualBody with the label, one `classifying` body per
//! attribute with the value `name=value` (e.g. `committer=joint`), and a `commenting` body for
//! the note. The target has a TextQuoteSelector (exact, prefix, suffix: 32 code points of
//! context) and a TextPositionSelector (start, end in code points, as the model requires). A
//! document's spans form an AnnotationCollection with one AnnotationPage. The file carries no
//! text: importing it puts the spans on the open document, re-anchored by quote when needed.
//!
//! A relation is an Annotation of its own with motivation `linking`: its `target` is the
//! annotation of the span it runs from (by its id), its `body` the annotation of the span it
//! runs to and a `tagging` TextualBody with the kind (`committer`, `source`, `constrains`,
//! `embeds`).

use super::anchor::Incoming;
use super::{add_attribute, fail, label_named, Foreign, ForeignRelation, FormatError};
use crate::core::schema::RelationKind;
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
    let span_uri = |id| {
        format!(
            "urn:avow:document:{}:{}",
            entry.id,
            super::avow::span_id_text(id)
        )
    };
    let mut items: Vec<Value> = super::incoming_of(&entry.doc)
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
                "id": span_uri(s.id),
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
    for relation in entry.doc.relations().iter() {
        let mut annotation = json!({
            "@context": CONTEXT,
            "id": format!("urn:avow:document:{}:{}", entry.id, crate::core::annotation::relation::relation_id_text(relation.id)),
            "type": "Annotation",
            "motivation": "linking",
            "created": iso_from_ms(relation.created),
            "modified": iso_from_ms(relation.modified),
            "body": [
                span_uri(relation.to),
                {"type": "TextualBody", "purpose": "tagging", "value": relation.kind.name()}
            ],
            "target": span_uri(relation.from),
        });
        if !annotator.is_empty() {
            annotation["creator"] = json!({"type": "Person", "name": annotator});
        }
        items.push(annotation);
    }
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

/// Whether `value`'s `type` (or `@type`; a string or a list) names `name`, plainly or as
/// `oa:<name>` (the vocabulary's compact prefix).
fn is_type(value: &Value, name: &str) -> bool {
    let names = one_or_many(value.get("type").or_else(|| value.get("@type")));
    names.iter().filter_map(|v| v.as_str()).any(|t| {
        t == name || t.strip_prefix("oa:") == Some(name) || t.strip_prefix("as:") == Some(name)
    })
}

/// Whether a parsed JSON value looks like Web Annotation.
pub fn looks_like(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.first().is_some_and(|v| is_type(v, "Annotation")),
        _ => ["Annotation", "AnnotationPage", "AnnotationCollection"]
            .iter()
            .any(|t| is_type(value, t)),
    }
}

/// Reads annotations (a collection, a page, one annotation, or a list of them).
pub fn read(value: &Value) -> Result<Foreign, FormatError> {
    let (items, place): (Vec<&Value>, String) = match value {
        Value::Array(items) => (items.iter().collect(), String::new()),
        _ if is_type(value, "Annotation") => (vec![value], String::new()),
        _ if is_type(value, "AnnotationPage") => {
            (list(value.get("items"), "items")?, "items".into())
        }
        _ if is_type(value, "AnnotationCollection") => {
            let first = value.get("first").ok_or_else(|| FormatError {
                place: "first".into(),
                reason: "is missing (Avow reads collections with their first page inline)".into(),
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
    };
    let mut spans = Vec::with_capacity(items.len());
    // Each span annotation's id, by place; and the linking annotations, read after.
    let mut ids: Vec<Option<&str>> = Vec::with_capacity(items.len());
    let mut links = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let at = if place.is_empty() {
            format!("[{i}]")
        } else {
            format!("{place}[{i}]")
        };
        if is_linking(item) {
            links.push((item, at));
            continue;
        }
        ids.push(item.get("id").and_then(Value::as_str));
        spans.push(read_annotation(item, &at)?);
    }
    let mut relations = Vec::new();
    let mut skipped = 0;
    for (item, at) in links {
        match read_link(item, &at, &ids)? {
            Some(relation) => relations.push(relation),
            None => skipped += 1,
        }
    }
    let mut foreign = Foreign::spans(spans);
    foreign.relations = relations;
    if skipped > 0 {
        foreign.warnings.push(format!(
            "{skipped} linking annotation(s) without a kind of the schema skipped"
        ));
    }
    Ok(foreign)
}

/// Whether an annotation links others (motivation `linking`) rather than marking text.
fn is_linking(value: &Value) -> bool {
    one_or_many(value.get("motivation"))
        .into_iter()
        .filter_map(Value::as_str)
        .any(|m| m.strip_prefix("oa:").unwrap_or(m) == "linking")
}

/// A linking annotation as a relation: from its target's span annotation to its body's,
/// the kind its `tagging` body names; `None` when it names no kind of the schema.
fn read_link(
    value: &Value,
    at: &str,
    ids: &[Option<&str>],
) -> Result<Option<ForeignRelation>, FormatError> {
    // A resource by its id: a string, or an object with `id`.
    let id_of = |v: &Value| -> Option<String> {
        v.as_str()
            .or_else(|| v.get("id").and_then(Value::as_str))
            .map(str::to_string)
    };
    let place_of = |id: &str| ids.iter().position(|i| *i == Some(id));
    let targets = one_or_many(value.get("target"));
    let from = targets
        .iter()
        .find_map(|t| id_of(t).and_then(|id| place_of(&id)));
    let bodies = one_or_many(value.get("body"));
    let to = bodies
        .iter()
        .filter(|b| !is_type(b, "TextualBody"))
        .find_map(|b| id_of(b).and_then(|id| place_of(&id)));
    let kind = bodies
        .iter()
        .filter(|b| is_type(b, "TextualBody"))
        .filter_map(|b| b.get("value").and_then(Value::as_str))
        .find_map(|k| RelationKind::from_name(&k.to_ascii_lowercase()));
    match (from, to) {
        (Some(from), Some(to)) => Ok(kind.map(|kind| ForeignRelation { kind, from, to })),
        _ => fail(
            at,
            "a linking annotation's target and body must name annotations in this file",
        ),
    }
}

/// A target's text selectors: its selectors, and those they are refined by, at any depth.
fn text_selectors(selector: Option<&Value>) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut stack = one_or_many(selector);
    while let Some(selector) = stack.pop() {
        if is_type(selector, "TextPositionSelector") || is_type(selector, "TextQuoteSelector") {
            out.push(selector);
        }
        stack.extend(one_or_many(selector.get("refinedBy")));
    }
    out.reverse();
    out
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
    // The bodies: `body` (one or a list), or the plain text of `bodyValue`.
    let body_value = obj
        .get("bodyValue")
        .and_then(Value::as_str)
        .map(|v| json!({"type": "TextualBody", "value": v}));
    let mut bodies = one_or_many(obj.get("body"));
    if bodies.is_empty() {
        bodies.extend(body_value.as_ref());
    }
    let body_text = |b: &Value| b.get("value").and_then(Value::as_str).map(str::to_string);
    // A body's purposes (one or a list); without one, the annotation's motivations stand in.
    let motivations: Vec<&str> = one_or_many(obj.get("motivation"))
        .into_iter()
        .filter_map(Value::as_str)
        .map(|m| m.strip_prefix("oa:").unwrap_or(m))
        .collect();
    let purposes = |b: &Value| -> Vec<String> {
        let own: Vec<String> = one_or_many(b.get("purpose"))
            .into_iter()
            .filter_map(Value::as_str)
            .map(|p| p.strip_prefix("oa:").unwrap_or(p).to_string())
            .collect();
        if own.is_empty() {
            motivations.iter().map(|m| m.to_string()).collect()
        } else {
            own
        }
    };
    let has = |b: &Value, purpose: &str| purposes(b).iter().any(|p| p == purpose);
    let Some((bi, tag)) = bodies.iter().enumerate().find(|(_, b)| has(b, "tagging")) else {
        return fail(format!("{at}.body"), "has no tagging body with the label");
    };
    let label = label_named(
        &body_text(tag).unwrap_or_default(),
        &format!("{at}.body[{bi}].value"),
    )?;

    // The target: the first with a text selector (a target may also be a bare address).
    let targets = one_or_many(obj.get("target"));
    let target = targets
        .iter()
        .find(|t| !text_selectors(t.get("selector")).is_empty())
        .or_else(|| targets.first());
    let Some(target) = target.and_then(|t| t.as_object()) else {
        return fail(format!("{at}.target"), "is missing or not an object");
    };
    let selectors = text_selectors(target.get("selector"));
    let mut span = Incoming::new(0, 0, label);
    let mut has_position = false;
    for (si, selector) in selectors.iter().enumerate() {
        let sat = format!("{at}.target.selector[{si}]");
        if is_type(selector, "TextPositionSelector") {
            // Compared as written, before an offset too large for usize is saturated.
            let number = |key| super::whole_number(selector, key, &sat);
            let (start, end) = (number("start")?, number("end")?);
            if start >= end {
                return fail(format!("{sat}.end"), "must be greater than start");
            }
            span.start = super::offset_from_u64(start);
            span.end = super::offset_from_u64(end);
            has_position = true;
        } else {
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
    }
    if !has_position && span.quote.as_deref().is_none_or(str::is_empty) {
        return fail(
            format!("{at}.target.selector"),
            "has neither a TextPositionSelector nor a TextQuoteSelector",
        );
    }
    for (i, body) in bodies.iter().enumerate() {
        let bat = format!("{at}.body[{i}].value");
        if i == bi {
            continue;
        }
        let purposes = purposes(body);
        let is = |purpose: &str| purposes.iter().any(|p| p == purpose);
        if is("classifying") {
            let value = body_text(body).unwrap_or_default();
            let Some((name, v)) = value.split_once('=') else {
                return fail(
                    bat,
                    format!("{value:?} is not an attribute like committer=joint"),
                );
            };
            add_attribute(&mut span.attrs, label, name, v, &bat)?;
        } else if is("commenting") || is("describing") {
            span.note = body_text(body).unwrap_or_default();
        }
    }
    let time = |key: &str| obj.get(key).and_then(Value::as_str).and_then(ms_from_iso);
    span.created = time("created").unwrap_or(0);
    span.modified = time("modified").unwrap_or(span.created);
    Ok(span)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::schema::{Attribute, Label};

    fn one(annotation: Value) -> Result<Incoming, FormatError> {
        read(&annotation).map(|mut f| f.spans.remove(0))
    }

    fn target() -> Value {
        json!({"source": "urn:x", "selector": {"type": "TextPositionSelector", "start": 0, "end": 5}})
    }

    #[test]
    fn valid_shapes_refused_before_are_read() {
        // purpose as a list, and a classifying body beside it.
        let span = one(json!({"type": "Annotation", "target": target(), "body": [
            {"type": "TextualBody", "purpose": ["tagging", "identifying"], "value": "COMMITMENT"},
            {"type": "TextualBody", "purpose": ["classifying"], "value": "strength=firm"}
        ]}))
        .unwrap();
        assert_eq!(span.label, Label::Commitment);
        assert_eq!(
            span.attrs.get(&Attribute::Strength).map(String::as_str),
            Some("firm")
        );
        // motivation tagging, a body without a purpose.
        let span = one(
            json!({"type": "Annotation", "motivation": "tagging", "target": target(),
            "body": {"type": "TextualBody", "value": "PARTY"}}),
        )
        .unwrap();
        assert_eq!(span.label, Label::Party);
        // bodyValue.
        let span = one(json!({"type": "Annotation", "motivation": "oa:tagging", "target": target(), "bodyValue": "PARTY"}))
        .unwrap();
        assert_eq!(span.label, Label::Party);
        // type as a list, or oa:Annotation.
        for kind in [json!(["Annotation", "Thing"]), json!("oa:Annotation")] {
            let value = json!({"type": kind, "target": target(),
                "body": {"purpose": "tagging", "value": "PARTY"}});
            assert!(looks_like(&value), "{value}");
            assert_eq!(one(value).unwrap().label, Label::Party);
        }
        // The text target is not the first of several.
        let span = one(
            json!({"type": "Annotation", "body": {"purpose": "tagging", "value": "PARTY"},
            "target": ["https://example.org/page", {"source": "urn:x", "selector":
                {"type": "TextPositionSelector", "start": 3, "end": 9}}]}),
        )
        .unwrap();
        assert_eq!((span.start, span.end), (3, 9));
        // A TextPositionSelector under refinedBy.
        let span = one(
            json!({"type": "Annotation", "body": {"purpose": "tagging", "value": "PARTY"},
            "target": {"source": "urn:x", "selector": {"type": "FragmentSelector", "value": "id=x",
                "refinedBy": {"type": "TextPositionSelector", "start": 4, "end": 8}}}}),
        )
        .unwrap();
        assert_eq!((span.start, span.end), (4, 8));
    }
}
