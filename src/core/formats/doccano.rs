//! doccano sequence labelling JSONL: one document per line, `{"text": .., "label": [[start, end,
//! "LABEL"], ..]}` (offsets in code points), or the `entities` / `relations` shape
//! (`{"text", "entities": [{"id", "start_offset", "end_offset", "label"}], "relations": []}`).
//! A document with relations is written in the `entities` shape, its relations as
//! `{"id", "from_id", "to_id", "type"}` naming the entities' ids (the schema's direction);
//! one without, in the `label` shape as before. Both shapes are read, relations too.
//! doccano has no span attributes or notes: Avow writes them, with the metadata, under an extra
//! key `avow` (doccano keeps unknown keys as metadata), so a round trip loses nothing.

use super::anchor::Incoming;
use super::{add_attribute, fail, label_named, Foreign, ForeignRelation, FormatError};
use crate::core::schema::RelationKind;
use crate::core::text::document::{MetaField, Metadata};
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
            // Keyed by extent and label: doccano re-orders spans on its own export.
            json!({"start": s.start, "end": s.end, "label": s.label.name(), "attributes": attrs, "note": s.note})
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
    let avow = json!({"id": entry.id, "metadata": meta, "spans": details});
    let line = if doc.relations().is_empty() {
        json!({"text": doc.doc().as_str(), "label": labels, "avow": avow})
    } else {
        // Entities numbered from 1 in text order; relations name them by those ids.
        let entities: Vec<Value> = doc
            .spans()
            .iter()
            .enumerate()
            .map(|(i, s)| json!({"id": i + 1, "label": s.label.name(), "start_offset": s.start, "end_offset": s.end}))
            .collect();
        let relations: Vec<Value> = super::relations_by_place(doc)
            .iter()
            .enumerate()
            .map(|(i, r)| json!({"id": i + 1, "from_id": r.from + 1, "to_id": r.to + 1, "type": r.kind.name()}))
            .collect();
        json!({"text": doc.doc().as_str(), "entities": entities, "relations": relations, "avow": avow})
    };
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
    // The entities' own ids (the `entities` shape), by place, for the relations.
    let mut entity_ids: Vec<Option<i64>> = Vec::new();
    let num = |v: Option<&Value>, place: String| -> Result<usize, FormatError> {
        match v.and_then(super::offset_value) {
            Some(n) => Ok(n),
            None => fail(place, "expected a whole number of code points"),
        }
    };
    // Spans under `label` or `entities`, each `[start, end, "LABEL"]` or an object with
    // `start_offset` / `end_offset` (or `start` / `end`) and `label`.
    let (key, items) = match (value.get("label"), value.get("entities")) {
        (Some(Value::Array(items)), _) => ("label", items.as_slice()),
        (_, Some(Value::Array(items))) => ("entities", items.as_slice()),
        _ => ("label", &[][..]),
    };
    for (i, item) in items.iter().enumerate() {
        let place = format!("{at}: {key}[{i}]");
        let (start, end, name) = match item {
            Value::Array(parts) if parts.len() == 3 => (parts.first(), parts.get(1), &parts[2]),
            Value::Object(obj) => (
                obj.get("start_offset").or_else(|| obj.get("start")),
                obj.get("end_offset").or_else(|| obj.get("end")),
                obj.get("label").unwrap_or(&Value::Null),
            ),
            _ => return fail(
                place,
                "expected [start, end, \"LABEL\"] or {\"start_offset\", \"end_offset\", \"label\"}",
            ),
        };
        let name = name.as_str().unwrap_or("").to_string();
        entity_ids.push(item.get("id").and_then(Value::as_i64));
        raw.push((
            num(start, format!("{place}: start"))?,
            num(end, format!("{place}: end"))?,
            name,
            place,
        ));
    }
    let details = value.pointer("/avow/spans").and_then(Value::as_array);
    // Avow's details by extent and label; files written before they carried those are matched
    // by position.
    let keyed = details.is_some_and(|d| d.iter().all(|x| x.get("start").is_some()));
    let detail_of = |i: usize, start: usize, end: usize, label: &str| -> Option<&Value> {
        let details = details?;
        if !keyed {
            return details.get(i);
        }
        details.iter().find(|d| {
            d.get("start").and_then(super::offset_value) == Some(start)
                && d.get("end").and_then(super::offset_value) == Some(end)
                && d.get("label").and_then(Value::as_str) == Some(label)
        })
    };
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
        if let Some(detail) = detail_of(i, start, end, label.name()) {
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
    let (relations, skipped) = read_relations(value, at, &entity_ids)?;
    let mut warnings = Vec::new();
    if skipped > 0 {
        warnings.push(format!(
            "{skipped} relation(s) of types not in the schema skipped"
        ));
    }
    // A corpus's line names whose version it is (Avow's corpus export writes it).
    let annotator = value
        .get("annotator")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from);
    Ok(Foreign {
        relations,
        text: Some(text.to_string()),
        meta,
        spans,
        warnings,
        annotator,
    })
}

/// The `relations` of an `entities` line, `{"from_id", "to_id", "type"}` naming entities by
/// their ids; and how many were of types the schema does not have.
fn read_relations(
    value: &Value,
    at: &str,
    entity_ids: &[Option<i64>],
) -> Result<(Vec<ForeignRelation>, usize), FormatError> {
    let Some(items) = value.get("relations").and_then(Value::as_array) else {
        return Ok((Vec::new(), 0));
    };
    let mut relations = Vec::new();
    let mut skipped = 0;
    for (i, item) in items.iter().enumerate() {
        let place = format!("{at}: relations[{i}]");
        let end = |key: &str| -> Result<usize, FormatError> {
            let id = item.get(key).and_then(Value::as_i64);
            match entity_ids.iter().position(|e| e.is_some() && *e == id) {
                Some(at) => Ok(at),
                None => fail(
                    format!("{place}.{key}"),
                    "does not name an entity of this line",
                ),
            }
        };
        let (from, to) = (end("from_id")?, end("to_id")?);
        let name = item.get("type").and_then(Value::as_str).unwrap_or("");
        match RelationKind::from_name(&name.to_ascii_lowercase()) {
            Some(kind) => relations.push(ForeignRelation { kind, from, to }),
            None => skipped += 1,
        }
    }
    Ok((relations, skipped))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::schema::{Attribute, Label};

    const TEXT: &str = "Japan and the United States will act.";

    #[test]
    fn avow_details_stay_with_their_spans_when_doccano_reorders_them() {
        let line = json!({
            "text": TEXT,
            // doccano wrote the spans back in another order than Avow did.
            "label": [[28, 36, "COMMITMENT"], [0, 5, "PARTY"]],
            "avow": {"spans": [
                {"start": 0, "end": 5, "label": "PARTY", "attributes": {}, "note": "the party"},
                {"start": 28, "end": 36, "label": "COMMITMENT", "attributes": {"strength": "firm"}, "note": "the act"}
            ]}
        });
        let got = read(&line.to_string()).unwrap().remove(0);
        let notes: Vec<(usize, &str)> = got
            .spans
            .iter()
            .map(|s| (s.start, s.note.as_str()))
            .collect();
        assert_eq!(notes, [(28, "the act"), (0, "the party")]);
        assert_eq!(
            got.spans[0]
                .attrs
                .get(&Attribute::Strength)
                .map(String::as_str),
            Some("firm")
        );
    }

    #[test]
    fn both_item_shapes_are_read_under_label_and_entities() {
        for line in [
            json!({"text": TEXT, "entities": [[0, 5, "PARTY"]]}),
            json!({"text": TEXT, "label": [{"start_offset": 0, "end_offset": 5, "label": "PARTY"}]}),
            json!({"text": TEXT, "entities": [{"id": 1, "start_offset": 0, "end_offset": 5, "label": "PARTY"}], "relations": []}),
        ] {
            let got = read(&line.to_string()).unwrap().remove(0);
            assert_eq!(
                (got.spans[0].start, got.spans[0].end, got.spans[0].label),
                (0, 5, Label::Party),
                "{line}"
            );
        }
    }
}
