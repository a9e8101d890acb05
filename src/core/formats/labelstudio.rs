//! Label Studio JSON for text: a list of tasks, each `{"data": {"text": ..}, "annotations":
//! [{"result": [..]}]}`. Each span is a `labels` region (`value.start`, `end`, `text`, `labels`,
//! code points); each attribute a per-region `choices` result with the region's id and
//! `from_name` the attribute's name; the note a per-region `textarea` result (`from_name` `note`).
//! Each relation is a `relation` result `{"from_id", "to_id", "type": "relation",
//! "direction": "right", "labels": [kind]}` between two regions, in the schema's direction.
//! The labelling config that matches is in README. A task with `data.text` opens as a document;
//! results alone (no task) go onto the open document, anchored by their `text`.

use super::anchor::Incoming;
use super::{add_attribute, fail, label_named, Foreign, ForeignRelation, FormatError};
use crate::core::annotation::model::Annotated;
use crate::core::schema::{Attribute, Label, RelationKind};
use crate::core::text::document::{MetaField, Metadata};
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
    xml.push_str("  <TextArea name=\"note\" toName=\"text\" perRegion=\"true\"/>\n  <Relations>\n");
    for kind in RelationKind::ALL {
        xml.push_str(&format!("    <Relation value=\"{kind}\"/>\n"));
    }
    xml.push_str("  </Relations>\n</View>\n");
    xml
}

/// The document as one Label Studio task, pretty-printed.
pub fn write(entry: &DocEntry, annotator: &str) -> String {
    write_task(entry, &[(annotator, &entry.doc)])
}

/// A gold version as one Label Studio task: gold as the task's ground truth, then each
/// annotator's version as an annotation of its own (`versions`: name and document).
pub fn write_gold(entry: &DocEntry, adjudicator: &str, versions: &[(&str, &Annotated)]) -> String {
    let mut all = vec![(adjudicator, &entry.doc)];
    all.extend_from_slice(versions);
    write_task(entry, &all)
}

/// One task of `entry`'s text as a Label Studio import file.
fn write_task(entry: &DocEntry, annotations: &[(&str, &Annotated)]) -> String {
    let gold = entry.doc.gold().is_some() && annotations.len() > 1;
    let mut text = serde_json::to_string_pretty(&json!([task(entry, annotations, 1, gold)]))
        .unwrap_or_default();
    text.push('\n');
    text
}

/// Tasks as one Label Studio import file (a corpus: a task per text).
pub fn write_tasks(tasks: &[Value]) -> String {
    let mut text = serde_json::to_string_pretty(tasks).unwrap_or_default();
    text.push('\n');
    text
}

/// One task (numbered `id`) of `entry`'s text and metadata with an annotation per
/// (annotator, document); the first is the ground truth when `gold`.
pub fn task(entry: &DocEntry, annotations: &[(&str, &Annotated)], id: usize, gold: bool) -> Value {
    let doc = &entry.doc;
    let annotations: Vec<Value> = annotations
        .iter()
        .enumerate()
        .map(|(i, (annotator, version))| {
            json!({
                "id": i + 1,
                "completed_by": {"email": annotator},
                "result": results(version),
                "was_cancelled": false,
                "ground_truth": gold && i == 0,
            })
        })
        .collect();
    let meta: Map<String, Value> = MetaField::ALL
        .iter()
        .map(|f| (format!("avow_{}", f.key()), json!(doc.meta().get(*f))))
        .collect();
    let mut data = Map::new();
    data.insert("text".into(), json!(doc.doc().as_str()));
    data.insert("avow_id".into(), json!(entry.id));
    data.extend(meta);
    // Label Studio and its converter need ids on the task and its annotations.
    json!({
        "id": id,
        "data": Value::Object(data),
        "annotations": annotations,
        "predictions": [],
    })
}

/// A document's spans, attributes, notes and relations as Label Studio results.
fn results(doc: &Annotated) -> Vec<Value> {
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
    for relation in doc.relations().iter() {
        result.push(json!({
            "from_id": super::avow::span_id_text(relation.from),
            "to_id": super::avow::span_id_text(relation.to),
            "type": "relation",
            "direction": "right",
            "labels": [relation.kind.name()],
        }));
    }
    result
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
            || v.get("predictions").is_some()
            || (v.get("from_name").is_some() && v.get("value").is_some())
            || v.get("result").is_some()
            || min_regions(v).is_some()
    })
}

/// The regions of a JSON-min task (`{"text", "<from_name>": [{"start", "end", "text",
/// "labels"}], "id", "annotator", ..}`): the first key holding a list of labelled regions.
fn min_regions(task: &Value) -> Option<(&str, &Vec<Value>)> {
    let obj = task.as_object()?;
    obj.get("text")?.as_str()?;
    obj.iter().find_map(|(key, value)| {
        let list = value.as_array()?;
        let regions = !list.is_empty()
            && list.iter().all(|r| {
                r.get("start").is_some()
                    && r.get("end").is_some()
                    && (r.get("labels").is_some() || r.get("hypertextlabels").is_some())
            });
        regions.then_some((key.as_str(), list))
    })
}

/// A JSON-min task as the full format's results, so one reader reads both.
fn results_of_min(key: &str, regions: &[Value]) -> Vec<Value> {
    regions
        .iter()
        .enumerate()
        .map(|(i, region)| json!({"id": format!("min{i}"), "from_name": key, "to_name": "text", "type": "labels", "value": region}))
        .collect()
}

/// The task's text: `data.text`, else the one string of `data` its regions quote (Label
/// Studio names the key in the labelling config, `$text` or any other), and that key.
fn task_text<'a>(data: Option<&'a Value>, results: &[&Value]) -> Option<(&'a str, &'a str)> {
    let data = data?.as_object()?;
    if let Some(text) = data.get("text").and_then(Value::as_str) {
        return Some(("text", text));
    }
    let strings: Vec<(&str, &str)> = data
        .iter()
        .filter(|(k, _)| !k.starts_with("avow_"))
        .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
        .collect();
    let quotes_match = |text: &str| {
        let indexed = crate::core::text::offsets::IndexedText::new(text.to_string());
        results.iter().all(|r| {
            let value = r.get("value");
            let (Some(start), Some(end)) = (
                value
                    .and_then(|v| v.get("start"))
                    .and_then(super::offset_value),
                value
                    .and_then(|v| v.get("end"))
                    .and_then(super::offset_value),
            ) else {
                return true;
            };
            let quote = value.and_then(|v| v.get("text")).and_then(Value::as_str);
            end <= indexed.len_cp() && quote.is_none_or(|q| indexed.slice(start.min(end), end) == q)
        })
    };
    strings
        .iter()
        .copied()
        .find(|(_, t)| quotes_match(t))
        .or_else(|| strings.iter().copied().max_by_key(|(_, t)| t.len()))
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
        if task.get("data").is_none() {
            if let Some((key, regions)) = min_regions(task) {
                // JSON-min: the text and the regions side by side.
                let results = results_of_min(key, regions);
                let results: Vec<&Value> = results.iter().collect();
                let text = task.get("text").and_then(Value::as_str);
                docs.push(read_results(&results, &format!("{at}.{key}"), text)?);
                continue;
            }
        }
        let annotations = task
            .get("annotations")
            .or_else(|| task.get("completions"))
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty());
        let kept = |x: &&Value| x.get("was_cancelled") != Some(&Value::Bool(true));
        // Several annotators' annotations of a task (a project's export): a version each,
        // named by who completed it ("gold" for the ground truth), so agreement and
        // adjudication see them as Avow's versions.
        let several: Vec<&Value> =
            annotations.map_or(Vec::new(), |a| a.iter().filter(kept).collect());
        if several.len() > 1 {
            for (k, annotation) in several.iter().enumerate() {
                let results: Vec<&Value> = annotation
                    .get("result")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().collect())
                    .unwrap_or_default();
                let text = task_text(task.get("data"), &results).map(|(_, t)| t);
                let mut foreign =
                    read_results(&results, &format!("{at}.annotations[{k}].result"), text)?;
                foreign.annotator = Some(annotator_of(annotation, k));
                foreign.meta = task_meta(task);
                docs.push(foreign);
            }
            continue;
        }
        // The ground truth (a gold version, as Avow and Label Studio mark it), else the first
        // annotation not cancelled.
        let first = annotations.and_then(|a| {
            a.iter()
                .filter(kept)
                .find(|x| x.get("ground_truth") == Some(&Value::Bool(true)))
                .or_else(|| a.iter().find(kept))
        });
        // A task with only predictions (pre-annotations): the first prediction.
        let prediction = first.is_none().then(|| {
            task.get("predictions")
                .and_then(Value::as_array)
                .and_then(|p| p.first())
        });
        let (source, place) = match (first, prediction.flatten()) {
            (Some(a), _) => (Some(a), "annotations[0]"),
            (None, Some(p)) => (Some(p), "predictions[0]"),
            _ => (None, "annotations[0]"),
        };
        let results: Vec<&Value> = source
            .and_then(|a| a.get("result"))
            .and_then(Value::as_array)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        let text_key = task_text(task.get("data"), &results);
        let text = text_key.map(|(_, t)| t);
        let mut foreign = read_results(&results, &format!("{at}.{place}.result"), text)?;
        if place == "predictions[0]" {
            foreign
                .warnings
                .push("the task has no annotations: its first prediction was imported".into());
        }
        if let Some((key, _)) = text_key.filter(|(k, _)| *k != "text") {
            foreign
                .warnings
                .push(format!("the text was read from data.{key}"));
        }
        foreign.meta = task_meta(task);
        docs.push(foreign);
    }
    Ok(docs)
}

/// The metadata Avow's export keeps in a task's data (`avow_title`, …).
fn task_meta(task: &Value) -> Metadata {
    let mut meta = Metadata::default();
    for field in MetaField::ALL {
        if let Some(v) = task
            .pointer(&format!("/data/avow_{}", field.key()))
            .and_then(Value::as_str)
        {
            meta.set(field, v.to_string());
        }
    }
    meta
}

/// Whose annotation it is: "gold" for the ground truth, else who completed it (an e-mail, a
/// name or a user number), else its place.
fn annotator_of(annotation: &Value, k: usize) -> String {
    if annotation.get("ground_truth") == Some(&Value::Bool(true)) {
        return crate::core::annotation::gold::GOLD_NAME.into();
    }
    let by = annotation.get("completed_by");
    let named = by
        .and_then(|b| b.get("email").or(Some(b)))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from);
    named
        .or_else(|| {
            by.and_then(|b| b.get("id").or(Some(b)))
                .and_then(Value::as_u64)
                .map(|id| format!("user-{id}"))
        })
        .unwrap_or_else(|| format!("annotator-{}", k + 1))
}

fn read_results(results: &[&Value], at: &str, text: Option<&str>) -> Result<Foreign, FormatError> {
    let len = text.map(|t| t.chars().count());
    // Regions by id, in the order they first appear.
    let mut order: Vec<String> = Vec::new();
    // A region with several labels is a span per label, all at its extent.
    let mut regions: BTreeMap<String, Vec<Incoming>> = BTreeMap::new();
    let mut extras: Vec<(String, String, String, String)> = Vec::new();
    let mut document_level = 0;
    // Relations: kind and the two regions' ids, in the schema's direction.
    let mut links: Vec<(RelationKind, String, String, String)> = Vec::new();
    let mut other_links = 0;
    for (i, result) in results.iter().enumerate() {
        let place = format!("{at}[{i}]");
        let id = result
            .get("id")
            .map(|v| {
                v.as_str()
                    .map_or_else(|| super::json_text(v), str::to_string)
            })
            .unwrap_or_else(|| format!("r{i}"));
        let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
        let value = result.get("value").cloned().unwrap_or(Value::Null);
        match kind {
            "labels" | "hypertextlabels" => {
                let names = value
                    .get("labels")
                    .or_else(|| value.get("hypertextlabels"))
                    .and_then(Value::as_array);
                let names: Vec<&str> = names
                    .map(|n| n.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut labels = Vec::new();
                for name in if names.is_empty() { vec![""] } else { names } {
                    let label = label_named(name, &format!("{place}.value.labels"))?;
                    if !labels.contains(&label) {
                        labels.push(label);
                    }
                }
                let number = |key| super::whole_number(&value, key, &format!("{place}.value"));
                let (start, end) = (
                    super::offset_from_u64(number("start")?),
                    super::offset_from_u64(number("end")?),
                );
                if start >= end || len.is_some_and(|l| end > l) {
                    let written =
                        |key: &str| value.get(key).map(super::json_text).unwrap_or_default();
                    return fail(
                        format!("{place}.value"),
                        format!(
                            "{}–{} is not a range inside the text",
                            written("start"),
                            written("end")
                        ),
                    );
                }
                let quote = value
                    .get("text")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let spans = labels.into_iter().map(|label| Incoming {
                    quote: quote.clone(),
                    ..Incoming::new(start, end, label)
                });
                if !regions.contains_key(&id) {
                    order.push(id.clone());
                }
                regions.insert(id, spans.collect());
            }
            // A classification of the whole text, not of a region: the schema has none.
            "choices" | "textarea"
                if value.get("start").is_none()
                    && !results.iter().any(|r| {
                        r.get("id") == result.get("id")
                            && r.get("type").and_then(Value::as_str) == Some("labels")
                    }) =>
            {
                document_level += 1;
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
            "relation" => {
                let end = |key: &str| {
                    result.get(key).map(|v| {
                        v.as_str()
                            .map_or_else(|| super::json_text(v), str::to_string)
                    })
                };
                let kind = result
                    .get("labels")
                    .and_then(Value::as_array)
                    .and_then(|l| l.first())
                    .and_then(Value::as_str)
                    .and_then(|k| RelationKind::from_name(&k.to_ascii_lowercase()));
                let (Some(from), Some(to)) = (end("from_id"), end("to_id")) else {
                    return fail(place, "a relation needs from_id and to_id");
                };
                match (kind, result.get("direction").and_then(Value::as_str)) {
                    (Some(kind), Some("left")) => links.push((kind, to, from, place)),
                    (Some(kind), _) => links.push((kind, from, to, place)),
                    (None, _) => other_links += 1,
                }
            }
            _ => {}
        }
    }
    for (id, name, value, place) in extras {
        let Some(spans) = regions.get_mut(&id) else {
            return fail(
                place,
                format!("belongs to region {id:?}, which has no label"),
            );
        };
        if name == "\u{0}note" {
            spans.iter_mut().for_each(|s| s.note = value.clone());
            continue;
        }
        // The attribute goes to the region's labels that carry it (all of them, or refused).
        let carriers = spans
            .iter()
            .filter(|s| {
                Attribute::from_name(&name).is_some_and(|a| s.label.attributes().contains(&a))
            })
            .count();
        for span in spans.iter_mut() {
            let label = span.label;
            if carriers == 0
                || Attribute::from_name(&name).is_some_and(|a| label.attributes().contains(&a))
            {
                add_attribute(&mut span.attrs, label, &name, &value, &place)?;
            }
        }
    }
    let several = order
        .iter()
        .filter(|id| regions.get(*id).is_some_and(|s| s.len() > 1))
        .count();
    // Each region's first span's place, for its relations.
    let mut first_of: Vec<(String, usize)> = Vec::new();
    let mut spans: Vec<Incoming> = Vec::new();
    for id in order {
        if let Some(made) = regions.remove(&id) {
            first_of.push((id, spans.len()));
            spans.extend(made);
        }
    }
    let place = |id: &str| first_of.iter().find(|(r, _)| r == id).map(|(_, at)| *at);
    let mut relations = Vec::new();
    for (kind, from, to, place_in_file) in links {
        match (place(&from), place(&to)) {
            (Some(from), Some(to)) => relations.push(ForeignRelation { kind, from, to }),
            _ => {
                return fail(
                    place_in_file,
                    format!("{from:?} or {to:?} is not a labelled region"),
                )
            }
        }
    }
    let mut foreign = Foreign::spans(spans);
    foreign.relations = relations;
    if other_links > 0 {
        foreign.warnings.push(format!(
            "{other_links} relation{} without a kind of the schema skipped",
            if other_links == 1 { "" } else { "s" }
        ));
    }
    if several > 0 {
        foreign.warnings.push(format!(
            "{several} region{} with several labels became a span per label",
            if several == 1 { "" } else { "s" }
        ));
    }
    if document_level > 0 {
        foreign.warnings.push(format!(
            "{document_level} classification{} of the whole text skipped: the schema has none",
            if document_level == 1 { "" } else { "s" }
        ));
    }
    if let Some(text) = text {
        // The task's own text: every region must quote it exactly.
        let indexed = crate::core::text::offsets::IndexedText::new(text.to_string());
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const TEXT: &str = "Japan and the United States will act.";

    fn region(id: &str, start: usize, end: usize, labels: &[&str]) -> Value {
        json!({"id": id, "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": start, "end": end, "text": &TEXT[start..end], "labels": labels}})
    }

    #[test]
    fn the_export_has_task_and_annotation_ids() {
        let entry = DocEntry::new(
            "d".into(),
            crate::core::annotation::model::Annotated::new(TEXT.into(), Metadata::default()),
            "".into(),
            0,
        );
        let tasks: Value = serde_json::from_str(&write(&entry, "Ana")).unwrap();
        assert!(tasks[0]["id"].is_u64() && tasks[0]["annotations"][0]["id"].is_u64());
    }

    #[test]
    fn json_min_is_read() {
        let min = json!([{"id": 3, "text": TEXT, "label": [
            {"start": 0, "end": 5, "text": "Japan", "labels": ["PARTY"]}
        ], "annotator": 1, "annotation_id": 2}]);
        assert!(looks_like(&min));
        let doc = read(&min).unwrap().remove(0);
        assert_eq!(doc.text.as_deref(), Some(TEXT));
        assert_eq!((doc.spans[0].start, doc.spans[0].end), (0, 5));
    }

    #[test]
    fn a_document_level_choice_beside_regions_is_skipped_not_refused() {
        let tasks = json!([{"id": 1, "data": {"text": TEXT}, "annotations": [{"result": [
            region("a", 0, 5, &["PARTY"]),
            {"id": "doc", "from_name": "topic", "to_name": "text", "type": "choices",
             "value": {"choices": ["security"]}}
        ]}]}]);
        let doc = read(&tasks).unwrap().remove(0);
        assert_eq!(doc.spans.len(), 1);
        assert!(
            doc.warnings.iter().any(|w| w.contains("whole text")),
            "{:?}",
            doc.warnings
        );
    }

    #[test]
    fn a_region_with_two_labels_is_two_spans_with_a_word() {
        let tasks = json!([{"id": 1, "data": {"text": TEXT}, "annotations": [{"result": [
            region("a", 28, 36, &["COMMITMENT", "STANCE"]),
            {"id": "a", "from_name": "strength", "to_name": "text", "type": "choices",
             "value": {"start": 28, "end": 36, "choices": ["firm"]}}
        ]}]}]);
        let doc = read(&tasks).unwrap().remove(0);
        let labels: Vec<Label> = doc.spans.iter().map(|s| s.label).collect();
        assert_eq!(labels, [Label::Commitment, Label::Stance]);
        assert!(doc
            .spans
            .iter()
            .all(|s| s.attrs.contains_key(&Attribute::Strength)));
        assert!(
            doc.warnings.iter().any(|w| w.contains("several labels")),
            "{:?}",
            doc.warnings
        );
    }

    #[test]
    fn predictions_alone_and_another_data_key_are_read() {
        let tasks = json!([{"id": 1, "data": {"content": TEXT, "meta_info": "x"}, "predictions": [
            {"model_version": "m", "result": [region("p", 0, 5, &["PARTY"])]}
        ]}]);
        assert!(looks_like(&tasks));
        let doc = read(&tasks).unwrap().remove(0);
        assert_eq!(doc.text.as_deref(), Some(TEXT));
        assert_eq!(doc.spans.len(), 1);
        assert_eq!(doc.warnings.len(), 2, "{:?}", doc.warnings);
    }
}
