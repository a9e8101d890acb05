//! Re-anchoring figures for the cases that froze tabs (issue 12), natively: each case is a real
//! export (W3C or brat) read back onto a changed text. `cargo run --release --example
//! anchor_bench` prints the median and range of five runs per case.

use avow::core::annotation::model::Annotated;
use avow::core::annotation::span::{Span, SpanId};
use avow::core::formats::anchor::anchor_all;
use avow::core::formats::{brat, w3c};
use avow::core::schema::Label;
use avow::core::text::document::Metadata;
use avow::core::text::offsets::IndexedText;
use avow::core::workspace::DocEntry;
use std::collections::BTreeMap;
use std::time::Instant;

const SAMPLE: &str = include_str!("../public/samples/us-japan-joint-leaders-statement-2025.txt");

/// The sample repeated to `len` code points, with CRLF line breaks when `crlf`.
fn text_of(len: usize, crlf: bool) -> String {
    let unit = if crlf {
        SAMPLE.replace('\n', "\r\n")
    } else {
        SAMPLE.to_string()
    };
    unit.chars().cycle().take(len).collect()
}

/// `count` spans over whole words, spread over the text.
fn entry_with_spans(text: String, count: usize) -> DocEntry {
    let words: Vec<(usize, usize)> = {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.chars().enumerate() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        out
    };
    let step = (words.len() / count).max(1);
    let spans: Vec<Span> = (0..count)
        .map(|i| {
            let first = (i * step) % words.len();
            let last = (first + 1 + i % 5).min(words.len() - 1);
            Span {
                id: SpanId(i as u64 + 1),
                start: words[first].0,
                end: words[last].1,
                label: Label::ALL[i % 8],
                attrs: BTreeMap::new(),
                note: String::new(),
                created: 0,
                modified: 0,
            }
        })
        .collect();
    DocEntry::new(
        "d-bench".into(),
        Annotated::with_spans(text, Metadata::default(), spans),
        "bench".into(),
        0,
    )
}

fn time(
    runs: usize,
    mut f: impl FnMut() -> (usize, usize, usize),
) -> (Vec<f64>, (usize, usize, usize)) {
    let mut times = Vec::new();
    let mut counts = (0, 0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        counts = f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times, counts)
}

fn report(name: &str, (times, (exact, moved, orphaned)): (Vec<f64>, (usize, usize, usize))) {
    println!(
        "{name:<58} median {:>8.1} ms  (range {:.1}–{:.1})  exact {exact}, moved {moved}, orphaned {orphaned}",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}

fn w3c_onto(entry: &DocEntry, target: &str) -> (usize, usize, usize) {
    let file: serde_json::Value = serde_json::from_str(&w3c::write(entry, "bench")).unwrap();
    let foreign = w3c::read(&file).unwrap();
    anchor_all(&IndexedText::new(target.to_string()), foreign.spans).counts()
}

fn main() {
    let runs = 5;
    let one_m = entry_with_spans(text_of(1_000_000, false), 5_000);
    let added = format!("Added at top.{}", one_m.doc.doc().as_str());
    report(
        "5,000 W3C spans, 1 M text, 13 characters added at its top",
        time(runs, || w3c_onto(&one_m, &added)),
    );

    let crlf = entry_with_spans(text_of(1_000_000, true), 5_000);
    let lf = crlf.doc.doc().as_str().replace("\r\n", "\n");
    report(
        "5,000 W3C spans, 1 M text, CRLF changed to LF",
        time(runs, || w3c_onto(&crlf, &lf)),
    );

    let ann = brat::write_ann(&crlf);
    println!("  (the brat .ann is {} KB)", ann.len() / 1024);
    report(
        "5,000 brat spans (.ann without its .txt) onto the LF text",
        time(runs, || {
            let foreign = brat::read(&ann, None).unwrap();
            anchor_all(&IndexedText::new(lf.clone()), foreign.spans).counts()
        }),
    );

    let two_k = entry_with_spans(text_of(200_000, false), 500);
    let prefixed = format!("{}{}", "x".repeat(100_000), two_k.doc.doc().as_str());
    report(
        "500 W3C spans, 200 K text, 100,000 characters added at its top",
        time(runs, || w3c_onto(&two_k, &prefixed)),
    );

    let other = text_of(1_000_000, false)
        .replace("the", "THE")
        .replace("and", "AND");
    report(
        "5,000 W3C spans onto a 1 M text where many quotes are gone",
        time(runs, || w3c_onto(&one_m, &other)),
    );
}
