//! A bounded fuzz run of every reader, in the test suite: real exports of the sample, mutated
//! (bytes flipped, cut, spliced, and tokens that broke readers before: huge offsets, line
//! separators, nulls, brackets), fed to every reader and to re-anchoring. No input may panic.
//!
//! The suite runs `AVOW_FUZZ_CASES` cases (256 by default: seconds); a longer run is
//! `AVOW_FUZZ_CASES=200000 cargo test --release --lib fuzz` (README).

use super::anchor::anchor_all;
use super::{avow, brat, conll, doccano, labelstudio, w3c, zip};
use proptest::prelude::*;

/// Every format's export of the sample, as bytes.
fn seeds() -> Vec<Vec<u8>> {
    let entry = super::tests::sample();
    let (brat_files, _) = brat::write(&entry);
    let (conll, _) = conll::write(&entry);
    vec![
        avow::write_document(&entry).into_bytes(),
        avow::write_workspace("Ana", std::slice::from_ref(&entry)).into_bytes(),
        w3c::write(&entry, "Ana").into_bytes(),
        doccano::write(&entry).into_bytes(),
        labelstudio::write(&entry, "Ana").into_bytes(),
        brat_files[1].bytes.clone(),
        conll.into_bytes(),
        zip::write(&brat_files),
    ]
}

const TOKENS: &[&str] = &[
    "4294967296",
    "18446744073709551615",
    "-1",
    "0",
    "1e308",
    "null",
    "[]",
    "{}",
    "\"",
    "\u{2028}",
    "\u{85}",
    "\r\n",
    "\t",
    ";",
    " 0 1;2 3",
    "s18446744073709551614",
    "\"type\":[\"Annotation\"]",
    "😀",
];

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, usize),
    Remove(usize, usize),
    Duplicate(usize, usize),
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip(at, bit) => {
                if let Some(b) = bytes.get_mut(at % len) {
                    *b ^= 1 << (bit % 8);
                }
            }
            Mutation::Cut(at) => bytes.truncate(at % len),
            Mutation::Insert(at, token) => {
                let at = (at % len).min(bytes.len());
                let token = TOKENS[token % TOKENS.len()].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            Mutation::Remove(at, n) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n % 64).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Duplicate(at, n) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n % 256).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }
    bytes
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), any::<usize>()).prop_map(|(a, t)| Mutation::Insert(a, t)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, n)| Mutation::Remove(a, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
    ]
}

/// Every reader on one input; spans they give are re-anchored on the sample's text.
fn read_everything(bytes: &[u8]) {
    let text_of_sample = super::tests::sample();
    let doc_text = text_of_sample.doc.doc().text();
    let place = |spans| {
        anchor_all(doc_text, spans);
    };
    let _ = zip::read(bytes);
    let text = String::from_utf8_lossy(bytes);
    let _ = avow::read(&text);
    if let Ok(foreign) = brat::read(&text, None) {
        place(foreign.spans);
    }
    let _ = brat::read(&text, Some(doc_text.as_str()));
    if let Ok(foreign) = conll::read(&text, doc_text.as_str()) {
        place(foreign.spans);
    }
    if let Ok(docs) = doccano::read(&text) {
        docs.into_iter().for_each(|d| place(d.spans));
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
        if let Ok(foreign) = w3c::read(&value) {
            place(foreign.spans);
        }
        if let Ok(docs) = labelstudio::read(&value) {
            docs.into_iter().for_each(|d| place(d.spans));
        }
    }
}

fn cases() -> u32 {
    std::env::var("AVOW_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fuzz_no_reader_panics_on_mutated_exports(
        seed in 0usize..8,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let bytes = apply(seeds[seed % seeds.len()].clone(), &mutations);
        read_everything(&bytes);
    }
}
