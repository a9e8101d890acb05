//! Label Studio JSON for text: a list of tasks, each `{"data": {"text": ..}, "annotations":
//! [{"result": [..]}]}`. Each span is a `labels` region (`value.start`, `end`, `text`, `labels`,
//! code points); each attribute a per-region `choices` result with the region's id and
//! `from_name` the attribute's name; the note a per-region `textarea` result (`from_name` `note`).
//! The labelling config that matches is in README. A task with `data.text` opens as a document;
//! results alone (no task) go onto the open document, anchored by their `text`.

use super::anchor::Incoming;
use super::{add_attribute, fail, label_named, Foreign, FormatError};
use crate::core::document::{MetaField, Metadata};
use crate::core::schema::{Attribute, Label};
use crate::core::workspace::DocEntry;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The labelling config (Label Studio XML) for the commitment schema.
pub fn labeling_config() -> String {
    let mut xml = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for label in Label::ALL {
        xml.push_str(&format!(
            "    <Label value=\"{}\" hotkey=\"{}\"/>\n",
            label.name(),
            label.key()
        ));
    }
    xml.push_str("  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n");
    for attr in Attribute::ALL {
        xml.push_str(&format!(
            "  <Choices name=\"{attr}\" toName=\"text\" perRegion=\"true\" choice=\"single\">\n"
        ));
        for value in attr.values() {
            xml.push_str(&format!("    <Choice value=\"{value}\"/>\n"));
        }
        xml.push_str("  </Choices>\n");
    }
    xml.push_str("  <TextArea name=\"note\" toName=\"text\" perRegion=\"true\"/>\n</View>\n");
    xml
}

/// The document as one Label Studio task, pretty-printed.
pub fn write(entry: &DocEntry, annotator: &str) -> String {
    let doc = &entry.doc;
    let mut result = Vec::new();
    for span in doc.spans().iter() {
        let id = super::avow::span_id_text(span.id);
        let quote = doc.quote(span);
        let value = |extra: (&str, Value)| {
            let mut v = Map::new();
            v.insert("start".into(), json!(span.start));
            v.insert("end".into(), json!(span.end));
            v.insert("text".into(), json!(quote));
            v.insert(extra.0.into(), extra.1);
            Value::Object(v)
        };
        result.push(
            json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
            "origin": "manual", "value": value(("labels", json!([span.label.name()])))}),
        );
        for (attr, v) in &span.attrs {
            result.push(
                json!({"id": id, "from_name": attr.name(), "to_name": "text", "type": "choices",
                "origin": "manual", "value": value(("choices", json!([v])))}),
            );
        }
        if !span.note.is_empty() {
            // A textarea's value.text is the list of entered texts.
            let mut v = Map::new();
            v.insert("start".into(), json!(span.start));
            v.insert("end".into(), json!(span.end));
            v.insert("text".into(), json!([span.note]));
            result.push(
                json!({"id": id, "from_name": "note", "to_name": "text", "type": "textarea",
                "origin": "manual", "value": Value::Object(v)}),
            );
        }
    }
    let meta: Map<String, Value> = MetaField::ALL
        .iter()
        .map(|f| (format!("avow_{}", f.key()), json!(doc.meta().get(*f))))
        .collect();
    let mut data = Map::new();
    data.insert("text".into(), json!(doc.doc().as_str()));
    data.insert("avow_id".into(), json!(entry.id));
    data.extend(meta);
    let task = json!([{
        "data": Value::Object(data),
        "annotations": [{
            "completed_by": {"email": annotator},
            "result": result,
            "was_cancelled": false,
        }],
        "predictions": [],
    }]);
    let mut text = serde_json::to_string_pretty(&task).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether a parsed JSON value looks like Label Studio tasks or results.
pub fn looks_like(value: &Value) -> bool {
    let first = match value {
        Value::Array(items) => items.first(),
        other => Some(other),
    };
    first.is_some_and(|v| {
        v.get("annotations").is_some()
            || v.get("completions").is_some()
            || (v.get("from_name").is_some() && v.get("value").is_some())
            || v.get("result").is_some()
    })
}

/// Reads tasks (each opens as a document) or bare results (spans for the open document).
pub fn read(value: &Value) -> Result<Vec<Foreign>, FormatError> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    if items.first().is_some_and(|v| v.get("from_name").is_some()) {
        return Ok(vec![read_results(&items, "", None)?]);
    }
    let mut docs = Vec::new();
    for (i, task) in items.iter().enumerate() {
        let at = format!("[{i}]");
        if task.get("result").is_some() && task.get("data").is_none() {
            let results: Vec<&Value> = task["result"]
                .as_array()
                .map(|r| r.iter().collect())
                .unwrap_or_default();
            docs.push(read_results(&results, &format!("{at}.result"), None)?);
            continue;
        }
        let text = task.pointer("/data/text").and_then(Value::as_str);
        let annotations = task
            .get("annotations")
            .or_else(|| task.get("completions"))
            .and_then(Value::as_array);
        let first = annotations.and_then(|a| {
            a.iter()
                .find(|x| x.get("was_cancelled") != Some(&Value::Bool(true)))
        });
        let results: Vec<&Value> = first
            .and_then(|a| a.get("result"))
            .and_then(Value::as_array)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        let mut foreign = read_results(&results, &format!("{at}.annotations[0].result"), text)?;
        if annotations.is_some_and(|a| a.len() > 1) {
            foreign
                .warnings
                .push("only the first annotation of a task was imported".into());
        }
        let mut meta = Metadata::default();
        for field in MetaField::ALL {
            if let Some(v) = task
                .pointer(&format!("/data/avow_{}", field.key()))
                .and_then(Value::as_str)
            {
                meta.set(field, v.to_string());
            }
        }
        foreign.meta = meta;
        docs.push(foreign);
    }
    Ok(docs)
}

fn read_results(results: &[&Value], at: &str, text: Option<&str>) -> Result<Foreign, FormatError> {
    let len = text.map(|t| t.chars().count());
    // Regions by id, in the order they first appear.
    let mut order: Vec<String> = Vec::new();
    let mut regions: BTreeMap<String, Incoming> = BTreeMap::new();
    let mut extras: Vec<(String, String, String, String)> = Vec::new();
    for (i, result) in results.iter().enumerate() {
        let place = format!("{at}[{i}]");
        let id = result
            .get("id")
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_else(|| format!("r{i}"));
        let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
        let value = result.get("value").cloned().unwrap_or(Value::Null);
        match kind {
            "labels" | "hypertextlabels" => {
                let names = value
                    .get("labels")
                    .or_else(|| value.get("hypertextlabels"))
                    .and_then(Value::as_array);
                let name = names
                    .and_then(|n| n.first())
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let label = label_named(name, &format!("{place}.value.labels"))?;
                let num = |key: &str| -> Result<usize, FormatError> {
                    match value.get(key).and_then(super::offset_value) {
                        Some(n) => Ok(n),
                        None => fail(
                            format!("{place}.value.{key}"),
                            "expected a whole number of code points",
                        ),
                    }
                };
                let (start, end) = (num("start")?, num("end")?);
                if start >= end || len.is_some_and(|l| end > l) {
                    let written =
                        |key: &str| value.get(key).map(Value::to_string).unwrap_or_default();
                    return fail(
                        format!("{place}.value"),
                        format!(
                            "{}–{} is not a range inside the text",
                            written("start"),
                            written("end")
                        ),
                    );
                }
                let mut span = Incoming::new(start, end, label);
                span.quote = value
                    .get("text")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                if !regions.contains_key(&id) {
                    order.push(id.clone());
                }
                regions.insert(id, span);
            }
            "choices" => {
                let choice = value
                    .get("choices")
                    .and_then(Value::as_array)
                    .and_then(|c| c.first())
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let name = result
                    .get("from_name")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                extras.push((
                    id,
                    name.into(),
                    choice.into(),
                    format!("{place}.value.choices"),
                ));
            }
            "textarea" => {
                let texts: Vec<&str> = value
                    .get("text")
                    .and_then(Value::as_array)
                    .map(|t| t.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                extras.push((id, "\u{0}note".into(), texts.join("\n"), place));
            }
            _ => {}
        }
    }
    for (id, name, value, place) in extras {
        let Some(span) = regions.get_mut(&id) else {
            return fail(
                place,
                format!("belongs to region {id:?}, which has no label"),
            );
        };
        if name == "\u{0}note" {
            span.note = value;
        } else {
            let label = span.label;
            add_attribute(&mut span.attrs, label, &name, &value, &place)?;
        }
    }
    let spans: Vec<Incoming> = order
        .into_iter()
        .filter_map(|id| regions.remove(&id))
        .collect();
    let mut foreign = Foreign::spans(spans);
    if let Some(text) = text {
        // The task's own text: every region must quote it exactly.
        let indexed = crate::core::offsets::IndexedText::new(text.to_string());
        for (i, span) in foreign.spans.iter().enumerate() {
            if let Some(quote) = &span.quote {
                if indexed.slice(span.start, span.end) != quote {
                    return fail(
                        format!("{at}: region {}", i + 1),
                        format!("value.text {quote:?} is not the text at {}–{} (are the offsets in characters?)", span.start, span.end),
                    );
                }
            }
        }
        foreign.text = Some(text.to_string());
    }
    Ok(foreign)
}
