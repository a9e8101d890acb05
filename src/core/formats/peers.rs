//! The peers' own files, read by Avow, and Avow's exports, read by the peers' own parsers.
//!
//! Fixtures (`tests/fixtures/peers/`, each with its licence): brat's tutorial files, the W3C
//! model's examples, doccano's example exports. Their labels come from other schemas, so each
//! test maps them onto the commitment schema first, as a user would with a search and replace.
//!
//! The other way round, `tests/peers/check_exports.py` runs in the virtual environment that
//! `.ci/setup` makes (`.venv-peers`): the W3C test suite's JSON schemas (with `jsonschema`),
//! label-studio-converter (which must convert Avow's Label Studio export to JSON-min and CoNLL,
//! both of which Avow must then read back) and seqeval (which must find in Avow's CoNLL export
//! exactly the spans Avow wrote).

use super::anchor::anchor_all;
use super::{brat, conll, doccano, labelstudio, w3c};
use crate::core::schema::Label;
use crate::core::text::offsets::IndexedText;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn fixture(path: &str) -> String {
    let at = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/peers")
        .join(path);
    std::fs::read_to_string(&at).unwrap_or_else(|e| panic!("{}: {e}", at.display()))
}

/// Replaces other schemas' names with the commitment schema's, in brat `T` lines.
fn brat_mapped(ann: &str) -> String {
    ann.lines()
        .map(|line| {
            let mut parts: Vec<String> = line.splitn(3, '\t').map(str::to_string).collect();
            if line.starts_with('T') && parts.len() == 3 {
                let (kind, offsets) = parts[1].split_once(' ').unwrap_or(("", ""));
                let label = match kind {
                    "Person" | "Organization" | "GPE" | "Money" => "PARTY",
                    "Report" => "STANCE",
                    _ => "COMMITMENT",
                };
                parts[1] = format!("{label} {offsets}");
            }
            parts.join("\t") + "\n"
        })
        .collect()
}

#[test]
fn brats_tutorial_files_are_read_with_their_events_attributes_and_notes() {
    for (name, spans, warnings) in [
        ("100-attribute_annotation", 26, 2),
        ("110-note_annotation", 14, 1),
        ("060-relation_annotation", 0, 1),
    ] {
        let ann = brat_mapped(&fixture(&format!("brat/{name}.ann")));
        let txt = fixture(&format!("brat/{name}.txt"));
        let got = brat::read(&ann, Some(&txt)).unwrap_or_else(|e| panic!("{name}: {e}"));
        if spans > 0 {
            assert_eq!(got.spans.len(), spans, "{name}");
        }
        assert_eq!(got.warnings.len(), warnings, "{name}: {:?}", got.warnings);
        // And without the .txt, placed by their quotes onto the same text.
        let alone = brat::read(&ann, None).unwrap();
        let placed = anchor_all(&IndexedText::new(txt.clone()), alone.spans);
        assert_eq!(placed.orphaned.len(), 0, "{name}");
    }
    let got = brat::read(
        &brat_mapped(&fixture("brat/110-note_annotation.ann")),
        Some(&fixture("brat/110-note_annotation.txt")),
    )
    .unwrap();
    assert_eq!(got.spans[0].note, "Should fictional places be annotated?");
}

/// A W3C example with its tags mapped onto a label.
fn w3c_mapped(name: &str) -> Value {
    let text = fixture(&format!("w3c/{name}.json"))
        .replace("\"love\"", "\"PARTY\"")
        .replace("\"important\"", "\"COMMITMENT\"")
        .replace("\"readme\"", "\"STANCE\"");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_w3c_models_examples_are_read_or_refused_with_a_reason() {
    // A TextPositionSelector refining a FragmentSelector, a tagging body beside a Choice.
    let got = w3c::read(&w3c_mapped("anno38")).unwrap();
    assert_eq!(
        (got.spans[0].start, got.spans[0].end, got.spans[0].label),
        (6, 27, Label::Party)
    );
    // A TextQuoteSelector refining a FragmentSelector (its body is a link: given a tag here).
    let mut anno29 = w3c_mapped("anno29");
    anno29["body"] = json!({"purpose": "tagging", "value": "PARTY"});
    let got = w3c::read(&anno29).unwrap();
    assert_eq!(got.spans[0].quote.as_deref(), Some("Selected Text"));
    // motivation tagging, a body without a purpose; its target, a list of pages, has no text.
    let mut anno40 = w3c_mapped("anno40");
    assert!(w3c::read(&anno40).unwrap_err().place.contains("target"));
    anno40["target"] = json!({"source": "urn:x", "selector": {"type": "TextPositionSelector", "start": 1, "end": 4}});
    assert_eq!(
        w3c::read(&anno40).unwrap().spans[0].label,
        Label::Commitment
    );
    // A bookmark of a whole page: no text to place it on.
    let err = w3c::read(&w3c_mapped("anno15")).unwrap_err();
    assert!(err.place.ends_with("target"), "{err}");
}

#[test]
fn doccanos_example_exports_are_read() {
    let map = |text: String| {
        ["ORG", "MISC", "PERSON", "DATE"]
            .iter()
            .fold(text, |t, l| t.replace(&format!("\"{l}\""), "\"PARTY\""))
    };
    let docs = doccano::read(&map(fixture("doccano/sequence_labeling.jsonl"))).unwrap();
    let spans: Vec<usize> = docs.iter().map(|d| d.spans.len()).collect();
    assert_eq!(spans, [2, 1, 1]);
    let docs = doccano::read(&map(fixture("doccano/relation_extraction.jsonl"))).unwrap();
    let got: Vec<(usize, usize)> = docs[0].spans.iter().map(|s| (s.start, s.end)).collect();
    assert_eq!(got, [(0, 6), (22, 39), (44, 54), (59, 70)]);
}

/// Runs `tests/peers/<script>` on `dir` with the peers' Python, and reads the JSON it prints.
pub(crate) fn run_peer_script(script: &str, dir: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers")
        .join(script);
    let out = std::process::Command::new(peers_python())
        .arg(&script)
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The peers' virtual environment, made by `.ci/setup`.
fn peers_python() -> PathBuf {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-peers/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run `bash .ci/setup` (it installs the peers' parsers from PyPI)",
        python.display()
    );
    python
}

#[test]
fn the_peers_parsers_read_avows_exports() {
    let entry = super::tests::sample();
    let dir = std::env::temp_dir().join(format!("avow-peers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (conll_text, _) = conll::write(&entry);
    std::fs::write(dir.join("w3c.jsonld"), w3c::write(&entry, "Ana")).unwrap();
    std::fs::write(
        dir.join("labelstudio.json"),
        labelstudio::write(&entry, "Ana"),
    )
    .unwrap();
    std::fs::write(dir.join("config.xml"), labelstudio::labeling_config()).unwrap();
    std::fs::write(dir.join("avow.conll"), &conll_text).unwrap();
    let report = run_peer_script("check_exports.py", &dir);

    // The W3C test suite's "must" assertions hold for every annotation (the relations'
    // linking annotations too) and the collection.
    assert_eq!(report["w3c"]["failures"], json!([]), "{report}");
    assert!(!entry.doc.relations().is_empty());
    assert_eq!(
        report["w3c"]["annotations"],
        json!(entry.doc.spans().len() + entry.doc.relations().len())
    );

    // label-studio-converter's JSON-min and CoNLL of Avow's export read back as the spans.
    let text = entry.doc.doc().as_str();
    let min: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("min/labelstudio.json")).unwrap())
            .unwrap();
    let docs = labelstudio::read(&min).unwrap();
    assert_eq!(docs[0].text.as_deref(), Some(text));
    let mut expected: Vec<(usize, usize, Label)> = entry
        .doc
        .spans()
        .iter()
        .map(|s| (s.start, s.end, s.label))
        .collect();
    let mut got: Vec<(usize, usize, Label)> = docs[0]
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label))
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "JSON-min");
    let ls_conll = std::fs::read_to_string(dir.join("conll/result.conll")).unwrap();
    assert!(conll::looks_like(&ls_conll), "{ls_conll}");
    let back = conll::read(&ls_conll, text).unwrap();
    assert!(!back.spans.is_empty(), "{ls_conll}");

    // seqeval finds, column by column, the spans Avow's CoNLL export holds.
    let columns = report["seqeval"].as_array().unwrap();
    let ours = conll::read(&conll_text, text).unwrap().spans.len();
    let theirs: usize = columns.iter().map(|c| c.as_array().unwrap().len()).sum();
    assert_eq!(theirs, ours, "{report}");
    std::fs::remove_dir_all(&dir).ok();
}
