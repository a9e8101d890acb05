//! The readers on the 32-bit target, where `usize` is 32 bits: an offset of 2^32 or more from a
//! file must never wrap to a small one (it used to: doccano's 4294967296 opened as 0), and a huge
//! span id must never make new spans collide. Run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use avow::core::formats::anchor::anchor_all;
use avow::core::formats::avow::{self as avow_file, AvowFile};
use avow::core::formats::{doccano, labelstudio, w3c};
use avow::core::schema::Label;
use avow::core::text::hash::sha256_hex;
use avow::core::text::offsets::IndexedText;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TEXT: &str = "Japan and the United States will act.";

#[wasm_bindgen_test]
fn the_target_is_32_bit() {
    assert_eq!(usize::BITS, 32);
}

#[wasm_bindgen_test]
fn doccano_offsets_past_u32_are_refused() {
    let line = json!({"text": TEXT, "label": [[4_294_967_296u64, 4_294_967_311u64, "PARTY"]]});
    let err = doccano::read(&line.to_string()).unwrap_err();
    assert!(err.reason.contains("not a range inside the text"), "{err}");
}

#[wasm_bindgen_test]
fn label_studio_offsets_past_u32_are_refused() {
    let tasks = json!([{"id": 1, "data": {"text": TEXT}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 4_294_967_296u64, "end": 4_294_967_301u64, "labels": ["PARTY"]}}
    ]}]}]);
    let err = labelstudio::read(&tasks).unwrap_err();
    assert!(err.reason.contains("4294967296–4294967301"), "{err}");
}

#[wasm_bindgen_test]
fn w3c_offsets_past_u32_are_not_placed_at_the_start() {
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [{
            "type": "Annotation",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": "PARTY"}],
            "target": {"source": "urn:x", "selector": [
                {"type": "TextPositionSelector", "start": 4_294_967_296u64, "end": 4_294_967_301u64}
            ]}
        }]
    });
    let foreign = w3c::read(&collection).unwrap();
    let placed = anchor_all(&IndexedText::new(TEXT.into()), foreign.spans);
    // No quote and offsets past the end: orphaned, never 0..5.
    assert_eq!(placed.counts(), (0, 0, 1));
}

#[wasm_bindgen_test]
fn avow_offsets_past_u32_are_refused_and_huge_ids_do_not_collide() {
    let sha = sha256_hex(TEXT);
    let file = |start: u64, end: u64, id: &str| {
        json!({
            "format": "avow", "version": 1, "schema": {"id": "commitments", "version": 1},
            "annotator": "", "document": {"id": "d-1", "text_sha256": sha, "text": TEXT},
            "annotations": [{"id": id, "start": start, "end": end, "label": "PARTY",
                             "quote": "Japan"}]
        })
        .to_string()
    };
    let err = avow_file::read(&file(4_294_967_296, 4_294_967_301, "s1")).unwrap_err();
    assert_eq!(err.place, "annotations[0].start");
    let Ok(AvowFile::Document { mut entry, .. }) =
        avow_file::read(&file(0, 5, "s18446744073709551614"))
    else {
        panic!("a huge id is given a new one, not refused");
    };
    let a = entry.doc.annotate(10, 13, Label::Party, false, 1).unwrap();
    let b = entry.doc.annotate(14, 20, Label::Party, false, 1).unwrap();
    assert_ne!(a.select, b.select);
    assert_eq!(entry.doc.spans().len(), 3);
}
