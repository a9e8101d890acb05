use super::*;
use crate::core::text::hash::sha256_hex;
use crate::core::text::offsets::tests::tricky_text;
use proptest::prelude::*;

const TEXT: &str = "😀 The leaders\r\nwill meet in 東京.";

fn entry() -> DocEntry {
    let mut doc = Annotated::new(
        TEXT.into(),
        Metadata {
            title: "Test".into(),
            source_type: "readout".into(),
            party_a: "USA".into(),
            ..Metadata::default()
        },
    );
    let id = doc
        .annotate(2, 13, Label::Party, true, 1_000)
        .unwrap()
        .select
        .unwrap();
    doc.set_attribute(id, Attribute::Committer, Some("joint"), 2_000)
        .unwrap_err();
    let act = doc
        .annotate(15, 24, Label::Commitment, true, 3_000)
        .unwrap()
        .select
        .unwrap();
    doc.set_attribute(act, Attribute::Committer, Some("joint"), 4_000)
        .unwrap();
    doc.set_note(act, "a \"quoted\" note".into(), 5_000)
        .unwrap();
    doc.link(act, id, RelationKind::Committer, 5_000).unwrap();
    DocEntry {
        id: "d-test-0001".into(),
        doc,
        status: DocStatus::Done,
        annotator: "Ana".into(),
        created: 1_000,
        modified: 5_000,
    }
}

fn spans(entry: &DocEntry) -> Vec<Span> {
    entry.doc.spans().iter().cloned().collect()
}

fn same(a: &DocEntry, b: &DocEntry) {
    assert_eq!(a.id, b.id);
    assert_eq!(a.doc.doc().as_str(), b.doc.doc().as_str());
    assert_eq!(a.doc.meta(), b.doc.meta());
    assert_eq!(spans(a), spans(b));
    let relations = |e: &DocEntry| e.doc.relations().iter().cloned().collect::<Vec<_>>();
    assert_eq!(relations(a), relations(b));
    assert_eq!(
        (a.status, &a.annotator, a.created, a.modified),
        (b.status, &b.annotator, b.created, b.modified)
    );
}

const GOLDEN: &str = r#"{
  "format": "avow",
  "version": 2,
  "schema": {
    "id": "commitments",
    "version": 1
  },
  "annotator": "Ana",
  "document": {
    "id": "d-test-0001",
    "status": "done",
    "created": "1970-01-01T00:00:01.000Z",
    "modified": "1970-01-01T00:00:05.000Z",
    "metadata": {
      "title": "Test",
      "source_type": "readout",
      "publisher": "",
      "date": "",
      "party_a": "USA",
      "party_b": "",
      "url": "",
      "language": ""
    },
    "length": 31,
    "text_sha256": "SHA",
    "text": "😀 The leaders\r\nwill meet in 東京."
  },
  "annotations": [
    {
      "id": "s1",
      "start": 2,
      "end": 13,
      "label": "PARTY",
      "quote": "The leaders",
      "attributes": {},
      "note": "",
      "created": "1970-01-01T00:00:01.000Z",
      "modified": "1970-01-01T00:00:01.000Z"
    },
    {
      "id": "s2",
      "start": 15,
      "end": 24,
      "label": "COMMITMENT",
      "quote": "will meet",
      "attributes": {
        "committer": "joint"
      },
      "note": "a \"quoted\" note",
      "created": "1970-01-01T00:00:03.000Z",
      "modified": "1970-01-01T00:00:05.000Z"
    }
  ],
  "relations": [
    {
      "id": "r1",
      "type": "committer",
      "from": "s2",
      "to": "s1",
      "note": "",
      "created": "1970-01-01T00:00:05.000Z",
      "modified": "1970-01-01T00:00:05.000Z"
    }
  ]
}
"#;

#[test]
fn writes_the_documented_shape_in_a_fixed_order() {
    let e = entry();
    let expected = GOLDEN.replace("SHA", &sha256_hex(TEXT));
    assert_eq!(write_document(&e), expected);
}

#[test]
fn reads_back_what_it_writes() {
    let e = entry();
    match read(&write_document(&e)).unwrap() {
        AvowFile::Document {
            annotator, entry, ..
        } => {
            assert_eq!(annotator, "Ana");
            same(&e, &entry);
        }
        other => panic!("expected a document, got {other:?}"),
    }
    let mut second = entry();
    second.id = "d-test-0002".into();
    match read(&write_workspace("Ana", &[e.clone(), second])).unwrap() {
        AvowFile::Workspace {
            annotator, entries, ..
        } => {
            assert_eq!(annotator, "Ana");
            assert_eq!(entries.len(), 2);
            same(&e, &entries[0]);
            assert_eq!(entries[1].id, "d-test-0002");
        }
        other => panic!("expected a workspace, got {other:?}"),
    }
}

/// The golden file with one change applied through its JSON value.
fn altered(change: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(&write_document(&entry())).unwrap();
    change(&mut value);
    serde_json::to_string_pretty(&value).unwrap()
}

fn refusal(text: &str) -> String {
    match read(text) {
        Ok(_) => panic!("accepted a bad file"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn refuses_what_is_not_an_avow_file() {
    assert!(refusal("{ not json").starts_with("is not JSON (line 1"));
    assert_eq!(
        refusal("[1, 2]"),
        "expected an Avow document (a JSON object), found a list"
    );
    assert!(refusal(r#"{"text": "x", "label": []}"#).contains("is not an Avow file"));
    assert!(refusal(&altered(|v| v["format"] = "doccano".into()))
        .starts_with("format: expected \"avow\""));
}

#[test]
fn refuses_other_versions_and_schemas() {
    assert!(refusal(&altered(|v| v["version"] = 3.into()))
        .starts_with("version: this file is version 3"));
    // Version 1 has no relations.
    assert!(refusal(&altered(|v| v["version"] = 1.into())).starts_with("relations: unknown field"));
    assert!(refusal(&altered(|v| v["version"] = "1".into())).starts_with("version: version \"1\""));
    assert!(refusal(&altered(|v| v["schema"]["id"] = "pledges".into()))
        .starts_with("schema.id: expected \"commitments\""));
    assert!(refusal(&altered(|v| v["schema"]["version"] = 3.into())).starts_with("schema.version:"));
}

#[test]
fn reads_version_1_files_without_relations() {
    let v1 = altered(|v| {
        v["version"] = 1.into();
        v.as_object_mut().unwrap().remove("relations");
    });
    match read(&v1).unwrap() {
        AvowFile::Document { entry, .. } => {
            assert_eq!(entry.doc.spans().len(), 2);
            assert!(entry.doc.relations().is_empty());
        }
        other => panic!("expected a document, got {other:?}"),
    }
}

#[test]
fn refuses_relations_that_do_not_join_two_spans_of_the_file() {
    use serde_json::json;
    assert_eq!(
        refusal(&altered(|v| v["relations"][0]["to"] = "s9".into())),
        "relations[0].to: \"s9\" is not the id of a span in this file"
    );
    assert!(refusal(&altered(|v| v["relations"][0]["to"] = "s2".into()))
        .contains("cannot be linked to itself"));
    assert!(
        refusal(&altered(|v| v["relations"][0]["type"] = "owns".into()))
            .starts_with("relations[0].type: \"owns\" is not one of committer, source")
    );
    let twice = altered(|v| {
        let copy = v["relations"][0].clone();
        v["relations"].as_array_mut().unwrap().push(copy);
    });
    assert!(refusal(&twice).contains("is used twice"));
    let same_link = altered(|v| {
        let mut copy = v["relations"][0].clone();
        copy["id"] = "r2".into();
        v["relations"].as_array_mut().unwrap().push(copy);
    });
    assert!(refusal(&same_link).contains("links the same two spans"));
    // Two acts embedding each other.
    let cycle = altered(|v| {
        v["annotations"][0]["label"] = "STANCE".into();
        v["relations"] = json!([
            {"id": "r1", "type": "embeds", "from": "s1", "to": "s2"},
            {"id": "r2", "type": "embeds", "from": "s2", "to": "s1"}
        ]);
    });
    assert!(refusal(&cycle).contains("cycle"));
    // A relation whose labels no longer fit is kept, to be shown as invalid.
    let misfit = altered(|v| v["annotations"][0]["label"] = "ATTRIBUTION".into());
    match read(&misfit).unwrap() {
        AvowFile::Document { entry, .. } => assert_eq!(entry.doc.invalid_relations().len(), 1),
        other => panic!("expected a document, got {other:?}"),
    }
}

#[test]
fn relations_follow_spans_given_new_ids_and_spans_left_out() {
    let file = altered(|v| {
        v["annotations"][1]["id"] = "T7".into();
        v["relations"][0]["from"] = "T7".into();
    });
    match read(&file).unwrap() {
        AvowFile::Document { entry, .. } => {
            let relation = entry.doc.relations().iter().next().unwrap().clone();
            let act = entry.doc.spans().get(relation.from).unwrap();
            assert_eq!(act.label, Label::Commitment);
        }
        other => panic!("expected a document, got {other:?}"),
    }
    // The act duplicated: the copy is left out, and so is a relation from it.
    let file = altered(|v| {
        let mut copy = v["annotations"][1].clone();
        copy["id"] = "s5".into();
        v["annotations"].as_array_mut().unwrap().push(copy);
        let mut link = v["relations"][0].clone();
        link["id"] = "r2".into();
        link["from"] = "s5".into();
        v["relations"].as_array_mut().unwrap().push(link);
    });
    match read(&file).unwrap() {
        AvowFile::Document {
            entry, warnings, ..
        } => {
            assert_eq!(entry.doc.relations().len(), 1);
            assert!(
                warnings
                    .iter()
                    .any(|w| w.contains("1 relation of spans left out")),
                "{warnings:?}"
            );
        }
        other => panic!("expected a document, got {other:?}"),
    }
}

#[test]
fn refuses_offsets_out_of_range_or_not_whole_code_points() {
    assert_eq!(
        refusal(&altered(|v| v["annotations"][1]["end"] = 99.into())),
        "annotations[1].end: 99 is past the end of the text (31 code points)"
    );
    assert_eq!(
        refusal(&altered(
            |v| v["annotations"][0]["start"] = serde_json::json!(2.5)
        )),
        "annotations[0].start: expected a whole number of code points, found 2.5"
    );
    assert_eq!(
        refusal(&altered(
            |v| v["annotations"][0]["start"] = serde_json::json!(-1)
        )),
        "annotations[0].start: expected a whole number of code points, found -1"
    );
    assert_eq!(
        refusal(&altered(|v| v["annotations"][0]["end"] = 2.into())),
        "annotations[0].end: must be greater than start (2), found 2"
    );
}

#[test]
fn refuses_a_quote_that_does_not_match_the_text() {
    let message = refusal(&altered(|v| {
        v["annotations"][0]["start"] = 3.into();
        v["annotations"][0]["end"] = 14.into();
    }));
    assert_eq!(
        message,
        "annotations[0].quote: does not match the text at 3–14: the file quotes \"The leaders\", the text there is \"he leaders\\r\""
    );
}

#[test]
fn refuses_unknown_labels_attributes_and_values() {
    assert!(
        refusal(&altered(|v| v["annotations"][0]["label"] = "PROMISE".into()))
            .starts_with("annotations[0].label: \"PROMISE\" is not one of COMMITMENT")
    );
    assert_eq!(
        refusal(&altered(
            |v| v["annotations"][1]["attributes"]["strength"] = "certain".into()
        )),
        "annotations[1].attributes.strength: \"certain\" is not one of firm, intent, exploratory"
    );
    assert_eq!(
        refusal(&altered(
            |v| v["annotations"][1]["attributes"]["mood"] = "firm".into()
        )),
        "annotations[1].attributes.mood: is not an attribute of the schema"
    );
    assert_eq!(
        refusal(&altered(
            |v| v["annotations"][0]["attributes"]["committer"] = "joint".into()
        )),
        "annotations[0].attributes.committer: PARTY spans have no attribute committer"
    );
    assert!(
        refusal(&altered(|v| v["annotations"][0]["colour"] = "red".into()))
            .starts_with("annotations[0].colour: unknown field")
    );
    assert!(refusal(&altered(
        |v| v["document"]["metadata"]["source_type"] = "tweet".into()
    ))
    .starts_with("document.metadata.source_type: \"tweet\" is not one of"));
    assert!(
        refusal(&altered(|v| v["document"]["status"] = "finished".into()))
            .starts_with("document.status:")
    );
}

#[test]
fn refuses_duplicate_ids() {
    assert_eq!(
        refusal(&altered(|v| v["annotations"][1]["id"] = "s1".into())),
        "annotations[1].id: \"s1\" is used twice (also at annotations[0])"
    );
    // Another tool's id is mapped to one of Avow's (see another_tools_span_ids_are_mapped).
    assert!(read(&altered(|v| {
        v["annotations"][1]["id"] = "T1".into();
        v["relations"][0]["from"] = "T1".into();
    }))
    .is_ok());
    let mut a = entry();
    let b = entry();
    a.status = DocStatus::InProgress;
    assert_eq!(
        refusal(&write_workspace("x", &[a, b])),
        "documents[1].document.id: \"d-test-0001\" is used twice (also at documents[0])"
    );
}

#[test]
fn refuses_a_text_changed_after_writing() {
    let message = refusal(&altered(|v| {
        v["document"]["text"] = TEXT.replace("meet", "mete").into()
    }));
    assert!(
        message.starts_with("document.text_sha256: does not match the text"),
        "{message}"
    );
    let message = refusal(&altered(|v| v["document"]["length"] = 32.into()));
    assert_eq!(
        message,
        "document.length: says 32 code points, the text has 31"
    );
}

#[test]
fn workspace_errors_name_the_document() {
    let mut value: Value = serde_json::from_str(&write_workspace("x", &[entry()])).unwrap();
    value["documents"][0]["annotations"][1]["label"] = "NOPE".into();
    let message = refusal(&value.to_string());
    assert!(
        message.starts_with("documents[0].annotations[1].label:"),
        "{message}"
    );
}

fn arbitrary_entry() -> impl Strategy<Value = DocEntry> {
    (
        tricky_text(),
        prop::collection::vec(
            (0usize..200, 1usize..40, 0usize..8, 0usize..4, ".{0,12}"),
            0..12,
        ),
        any::<bool>(),
    )
        .prop_map(|(text, raw, done)| {
            let len = text.chars().count();
            let mut spans = Vec::new();
            if len > 0 {
                for (i, (start, width, label, attr_pick, note)) in raw.into_iter().enumerate() {
                    let start = start % len;
                    let end = (start + width).min(len).max(start + 1);
                    let label = Label::ALL[label];
                    // Files' blank and duplicate spans are left out on reading: make none.
                    let quote: String = text.chars().skip(start).take(end - start).collect();
                    if quote.chars().all(char::is_whitespace)
                        || spans
                            .iter()
                            .any(|s: &Span| (s.start, s.end, s.label) == (start, end, label))
                    {
                        continue;
                    }
                    let mut attrs = BTreeMap::new();
                    for (k, attr) in label.attributes().iter().enumerate() {
                        if (attr_pick + k) % 2 == 0 {
                            attrs.insert(
                                *attr,
                                attr.values()[(attr_pick + k) % attr.values().len()].to_string(),
                            );
                        }
                    }
                    spans.push(Span {
                        id: SpanId(i as u64 + 1),
                        start,
                        end,
                        label,
                        attrs,
                        note,
                        created: 1_700_000_000_000 + i as i64,
                        modified: 1_700_000_100_000 + i as i64,
                    });
                }
            }
            let meta = Metadata {
                title: "t\u{2003}é".into(),
                date: "2025-02-07".into(),
                ..Metadata::default()
            };
            DocEntry {
                id: "d-prop".into(),
                doc: Annotated::with_spans(text, meta, spans),
                status: if done {
                    DocStatus::Done
                } else {
                    DocStatus::InProgress
                },
                annotator: "Zoë".into(),
                created: 1_600_000_000_000,
                modified: 1_700_000_000_000,
            }
        })
}

proptest! {
    #[test]
    fn round_trip_is_the_identity(e in arbitrary_entry()) {
        let text = write_document(&e);
        match read(&text) {
            Ok(AvowFile::Document { entry, .. }) => {
                same(&e, &entry);
                // Writing again gives the same bytes: files diff cleanly.
                prop_assert_eq!(write_document(&entry), text);
            }
            other => prop_assert!(false, "not read back: {other:?}"),
        }
    }
}

/// The JSON Schema shipped in public/ must say what the code says: the same labels, attribute
/// values, source types and keys.
#[test]
fn the_shipped_json_schema_matches_the_code() {
    let schema: Value =
        serde_json::from_str(include_str!("../../../../public/avow-v2.schema.json")).unwrap();
    let defs = &schema["$defs"];
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let labels: Vec<String> = Label::ALL.iter().map(|l| l.name().to_string()).collect();
    assert_eq!(
        strings(&defs["annotation"]["properties"]["label"]["enum"]),
        labels
    );
    for attr in Attribute::ALL {
        let values = strings(&defs["attributes"]["properties"][attr.name()]["enum"]);
        assert_eq!(values, attr.values(), "{attr}");
    }
    let mut sources = vec![String::new()];
    sources.extend(
        crate::core::schema::SOURCE_TYPES
            .iter()
            .map(|s| s.to_string()),
    );
    assert_eq!(
        strings(&defs["metadata"]["properties"]["source_type"]["enum"]),
        sources
    );
    // Every key the writer emits is one the schema allows.
    let written: Value = serde_json::from_str(&write_document(&entry())).unwrap();
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let allowed = |d: &Value| -> Vec<String> { keys(&d["properties"]) };
    for key in keys(&written) {
        assert!(allowed(&defs["documentFile"]).contains(&key), "{key}");
    }
    for key in keys(&written["document"]) {
        assert!(
            allowed(&defs["documentFile"]["properties"]["document"]).contains(&key),
            "{key}"
        );
    }
    for key in keys(&written["annotations"][0]) {
        assert!(allowed(&defs["annotation"]).contains(&key), "{key}");
    }
    let kinds: Vec<String> = RelationKind::ALL
        .iter()
        .map(|k| k.name().to_string())
        .collect();
    assert_eq!(
        strings(&defs["relation"]["properties"]["type"]["enum"]),
        kinds
    );
    for key in keys(&written["relations"][0]) {
        assert!(allowed(&defs["relation"]).contains(&key), "{key}");
    }
}

/// The golden file with its span ids replaced.
fn with_ids(ids: &[&str]) -> String {
    let mut value: serde_json::Value =
        serde_json::from_str(&GOLDEN.replace("SHA", &sha256_hex(TEXT))).unwrap();
    for (span, id) in value["annotations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(ids)
    {
        span["id"] = serde_json::Value::String((*id).to_string());
    }
    // The relation follows its spans to their new ids.
    let relation = &mut value["relations"][0];
    relation["from"] = serde_json::Value::String(ids[1].to_string());
    relation["to"] = serde_json::Value::String(ids[0].to_string());
    value.to_string()
}

fn read_one(text: &str) -> (DocEntry, Vec<String>) {
    match read(text).unwrap() {
        AvowFile::Document {
            entry, warnings, ..
        } => (*entry, warnings),
        other => panic!("expected a document, got {other:?}"),
    }
}

#[test]
fn a_huge_span_id_never_makes_new_spans_replace_each_other() {
    // u64::MAX - 1: the next id used to overflow (and, without overflow checks, every new span
    // got the same id and replaced the one before).
    let (mut entry, warnings) = read_one(&with_ids(&["s18446744073709551614", "s2"]));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("s18446744073709551614"),
        "{warnings:?}"
    );
    let before = entry.doc.spans().len();
    let doc = &mut entry.doc;
    let a = doc.annotate(0, 1, Label::Party, false, 9).unwrap().select;
    let b = doc.annotate(2, 5, Label::Party, false, 9).unwrap().select;
    assert_ne!(a, b);
    assert_eq!(doc.spans().len(), before + 2);
    assert!(doc.spans().iter().all(|s| s.id.0 <= SpanId::MAX + 2));
}

#[test]
fn another_tools_span_ids_are_mapped_not_refused() {
    let (entry, warnings) = read_one(&with_ids(&["b1", "T7"]));
    let ids: Vec<u64> = entry.doc.spans().iter().map(|s| s.id.0).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert!(
        warnings[0].starts_with("2 span ids not like"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("\"b1\" → s"), "{warnings:?}");
    // One of Avow's own ids is kept as it is; the other is given the next one.
    let (entry, _) = read_one(&with_ids(&["s5", "x"]));
    let mut ids: Vec<u64> = entry.doc.spans().iter().map(|s| s.id.0).collect();
    ids.sort_unstable();
    assert_eq!(ids, vec![5, 6]);
    // The same id twice is still refused: which span would it name?
    let err = read(&with_ids(&["b1", "b1"])).unwrap_err();
    assert!(err.reason.contains("used twice"), "{err}");
    assert!(read(&with_ids(&["", "s2"])).is_err());
}

#[test]
fn an_offset_past_usize_on_any_target_is_refused_not_wrapped() {
    let mut value: serde_json::Value =
        serde_json::from_str(&GOLDEN.replace("SHA", &sha256_hex(TEXT))).unwrap();
    value["annotations"][0]["start"] = serde_json::json!(4_294_967_296u64);
    value["annotations"][0]["end"] = serde_json::json!(4_294_967_311u64);
    let err = read(&value.to_string()).unwrap_err();
    assert_eq!(err.place, "annotations[0].start");
    assert!(
        err.reason.starts_with("4294967296 is past the end"),
        "{err}"
    );
}

#[test]
fn blank_and_duplicate_spans_in_a_file_are_left_out_with_a_word() {
    let text = altered(|v| {
        let annotations = v["annotations"].as_array_mut().unwrap();
        let mut twin = annotations[1].clone();
        twin["id"] = "s7".into();
        let mut blank = annotations[1].clone();
        blank["id"] = "s8".into();
        blank["start"] = 13.into();
        blank["end"] = 15.into();
        blank["quote"] = "\r\n".into();
        annotations.push(twin);
        annotations.push(blank);
    });
    let (entry, warnings) = read_one(&text);
    assert_eq!(entry.doc.spans().len(), 2);
    assert_eq!(
        warnings,
        [
            "1 span of whitespace only left out",
            "1 span with the extent and label of another left out"
        ]
    );
    // What Avow stored itself is kept as it is.
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (_, stored) = read_document_value(&mut value).unwrap();
    assert_eq!(stored.doc.spans().len(), 4);
}

/// ana's documents of these texts, each with one span on its first character.
fn ana_entries(texts: &[&str]) -> Vec<DocEntry> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut doc = Annotated::new(t.to_string(), Metadata::default());
            doc.annotate(0, 1, Label::Party, false, 0).unwrap();
            DocEntry::new(format!("d-{i}"), doc, "ana".into(), 0)
        })
        .collect()
}

/// A workspace scanned a few bytes at a time reads as one read at once; brackets, quotes and
/// escapes inside its texts do not fool the scan, and a broken file is refused with its place.
#[test]
fn a_workspace_scanned_in_slices_reads_as_it_does_at_once() {
    let texts = [
        "a [tricky] {text} with \"quotes\" \\ and ], commas,",
        "日本と米国 😀",
    ];
    let entries = ana_entries(&texts);
    let text = write_workspace("ana", entries.iter());
    let read_back = |budget: usize| -> Vec<DocEntry> {
        let mut scan = WorkspaceScan::default();
        while !scan.step(&text, budget) {}
        let AvowReading::Workspace(mut reader) = scan.finish(&text).unwrap() else {
            panic!("a workspace");
        };
        while let Some(entry) = reader.next_entry() {
            entry.unwrap();
        }
        match reader.finish() {
            AvowFile::Workspace { entries, .. } => entries,
            AvowFile::Document { .. } => panic!("a workspace"),
        }
    };
    for budget in [1, 7, usize::MAX] {
        let back = read_back(budget);
        assert_eq!(back.len(), 2, "budget {budget}");
        for (b, e) in back.iter().zip(&entries) {
            assert_eq!(b.doc.doc().as_str(), e.doc.doc().as_str());
            assert_eq!(b.doc.spans().len(), 1);
        }
    }
    // A stray comma, a file cut short, a bad document: refused, never half read.
    let stray = text.replacen("\n  ]", ",\n  ]", 1);
    assert!(read(&stray).is_err(), "a stray comma");
    assert!(read(&text[..text.len() / 2]).is_err(), "cut short");
    let bad = text.replacen("\"start\": 0", "\"start\": -4", 1);
    let error = read(&bad).unwrap_err();
    assert!(error.place.starts_with("documents["), "{error}");
}

/// Written a document at a time, a workspace file is the same text as written at once.
#[test]
fn a_workspace_written_a_document_at_a_time_is_the_same_file() {
    let texts = ["a \"quoted\"\nline", "日本と米国 😀", "three"];
    let entries = ana_entries(&texts);
    for n in [0, 1, 3] {
        let mut writer = WorkspaceWriter::new("ana");
        for e in &entries[..n] {
            writer.add(e);
        }
        assert_eq!(
            writer.finish(),
            write_workspace("ana", entries[..n].iter()),
            "{n}"
        );
    }
}
