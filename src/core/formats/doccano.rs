//! doccano sequence labelling JSONL: one document per line, `{"text": .., "label": [[start, end,
//! "LABEL"], ..]}` (offsets in code points), or the `entities` / `relations` shape
//! (`{"text", "entities": [{"id", "start_offset", "end_offset", "label"}], "relations": []}`).
//! doccano has no span attributes or notes: Avow writes them, with the metadata, under an extra
//! key `avow` (doccano keeps unknown keys as metadata), so a round trip loses nothing.

use super::anchor::Incoming;
use super::{add_attribute, fail, label_named, Foreign, FormatError};
use crate::core::document::{MetaField, Metadata};
use crate::core::workspace::DocEntry;
use serde_json::{json, Map, Value};

/// One document as a JSONL line (with its newline).
pub fn write(entry: &DocEntry) -> String {
    let doc = &entry.doc;
    let labels: Vec<Value> = doc
        .spans()
        .iter()
        .map(|s| json!([s.start, s.end, s.label.name()]))
        .collect();
    let details: Vec<Value> = doc
        .spans()
        .iter()
        .map(|s| {
            let attrs: Map<String, Value> = s
                .attrs
                .iter()
                .map(|(a, v)| (a.name().to_string(), Value::String(v.clone())))
                .collect();
            json!({"attributes": attrs, "note": s.note})
        })
        .collect();
    let meta: Map<String, Value> = MetaField::ALL
        .iter()
        .map(|f| {
            (
                f.key().to_string(),
                Value::String(doc.meta().get(*f).to_string()),
            )
        })
        .collect();
    let line = json!({
        "text": doc.doc().as_str(),
        "label": labels,
        "avow": {"id": entry.id, "metadata": meta, "spans": details},
    });
    let mut out = serde_json::to_string(&line).unwrap_or_default();
    out.push('\n');
    out
}

/// Whether a text looks like doccano JSONL (a JSON object with `text` on its first line).
pub fn looks_like(text: &str) -> bool {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    serde_json::from_str::<Value>(first).ok().is_some_and(|v| {
        v.get("text").is_some_and(Value::is_string)
            && (v.get("label").is_some() || v.get("entities").is_some())
    })
}

/// Reads every line as a document.
pub fn read(text: &str) -> Result<Vec<Foreign>, FormatError> {
    let mut docs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("line {}", n + 1);
        let value: Value = serde_json::from_str(line).map_err(|e| FormatError {
            place: at.clone(),
            reason: format!("is not JSON ({e})"),
        })?;
        docs.push(read_line(&value, &at)?);
    }
    if docs.is_empty() {
        return fail("", "has no documents");
    }
    Ok(docs)
}

fn read_line(value: &Value, at: &str) -> Result<Foreign, FormatError> {
    let Some(text) = value.get("text").and_then(Value::as_str) else {
        return fail(format!("{at}: text"), "is missing");
    };
    let len = text.chars().count();
    let mut raw: Vec<(usize, usize, String, String)> = Vec::new();
    let num = |v: Option<&Value>, place: String| -> Result<usize, FormatError> {
        match v.and_then(super::offset_value) {
            Some(n) => Ok(n),
            None => fail(place, "expected a whole number of code points"),
        }
    };
    if let Some(labels) = value.get("label").and_then(Value::as_array) {
        for (i, item) in labels.iter().enumerate() {
            let place = format!("{at}: label[{i}]");
            let parts = item.as_array().filter(|p| p.len() == 3);
            let Some(parts) = parts else {
                return fail(place, "expected [start, end, \"LABEL\"]");
            };
            let name = parts[2].as_str().unwrap_or("").to_string();
            raw.push((
                num(parts.first(), place.clone())?,
                num(parts.get(1), place.clone())?,
                name,
                place,
            ));
        }
    } else if let Some(entities) = value.get("entities").and_then(Value::as_array) {
        for (i, item) in entities.iter().enumerate() {
            let place = format!("{at}: entities[{i}]");
            let name = item
                .get("label")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            raw.push((
                num(item.get("start_offset"), format!("{place}.start_offset"))?,
                num(item.get("end_offset"), format!("{place}.end_offset"))?,
                name,
                place,
            ));
        }
    }
    let details = value.pointer("/avow/spans").and_then(Value::as_array);
    let mut spans = Vec::with_capacity(raw.len());
    for (i, (start, end, name, place)) in raw.into_iter().enumerate() {
        if start >= end || end > len {
            return fail(
                place,
                format!("{start}–{end} is not a range inside the text ({len} code points)"),
            );
        }
        let label = label_named(&name, &place)?;
        let mut span = Incoming::new(start, end, label);
        if let Some(detail) = details.and_then(|d| d.get(i)) {
            if let Some(attrs) = detail.get("attributes").and_then(Value::as_object) {
                for (k, v) in attrs {
                    let v = v.as_str().unwrap_or("");
                    add_attribute(
                        &mut span.attrs,
                        label,
                        k,
                        v,
                        &format!("{at}: avow.spans[{i}].attributes.{k}"),
                    )?;
                }
            }
            span.note = detail
                .get("note")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
        }
        spans.push(span);
    }
    let mut meta = Metadata::default();
    if let Some(m) = value.pointer("/avow/metadata").and_then(Value::as_object) {
        for field in MetaField::ALL {
            if let Some(v) = m.get(field.key()).and_then(Value::as_str) {
                meta.set(field, v.to_string());
            }
        }
    }
    Ok(Foreign {
        text: Some(text.to_string()),
        meta,
        spans,
        warnings: Vec::new(),
    })
}
