//! What one autosave costs natively for a 10 M code point document with 50,000 spans: the
//! plan of the first save (everything) and of a save after one edit. `cargo run --release
//! --example save_bench`. (The browser's figures come from `.ci/bench`.)

use avow::core::annotation::model::Annotated;
use avow::core::schema::Label;
use avow::core::storage::entry::EntryWriter;
use avow::core::storage::plan::plan_save;
use avow::core::text::document::Metadata;
use avow::core::workspace::{DocEntry, Workspace};
use std::collections::HashMap;
use std::time::Instant;

fn main() {
    let word = "cooperation ";
    let line = format!("{}\n", word.repeat(7));
    let text = line.repeat(10_000_000 / line.len());
    let t = Instant::now();
    let mut doc = Annotated::new(text, Metadata::default());
    println!("index the text: {:?}", t.elapsed());
    let t = Instant::now();
    for i in 0..50_000 {
        // One span every 16 words.
        let at = i * 2 * line.len();
        doc.annotate(at, at + 11, Label::Party, false, 1).unwrap();
    }
    println!("50,000 spans: {:?}", t.elapsed());
    let mut ws = Workspace::new(
        vec![DocEntry::new("d".into(), doc, "A".into(), 1)],
        None,
        "A".into(),
    );
    let mut writer = EntryWriter::default();
    let mut parts = HashMap::new();
    let mut revisions = HashMap::new();
    for round in 0..4 {
        if round > 0 {
            let at = 12 * (round * 1000 + 7);
            ws.current_mut()
                .doc
                .annotate(at, at + 11, Label::Stance, false, 2)
                .unwrap();
        }
        let changes = ws.take_changes();
        let changes = if round == 0 {
            avow::core::workspace::Changes {
                docs: ["d".to_string()].into(),
                index: true,
                ..Default::default()
            }
        } else {
            changes
        };
        let t = Instant::now();
        let _ = avow::core::storage::entry::StoredIndex::of(&ws).to_json();
        let index = t.elapsed();
        let t = Instant::now();
        let _ = writer.write_parts(
            ws.current(),
            9,
            "t",
            &parts.get("d").cloned().unwrap_or_default(),
        );
        let parts_took = t.elapsed();
        let t = Instant::now();
        let plan = plan_save(&ws, &changes, &mut writer, &parts, &revisions, "t");
        let took = t.elapsed();
        let bytes: usize = plan
            .writes
            .iter()
            .map(|w| match w {
                avow::core::storage::plan::Write::Put(k, v) => k.len() + v.len(),
                _ => 0,
            })
            .sum();
        println!(
            "save {round}: plan {took:?} (index {index:?}, parts {parts_took:?}), {} writes, {bytes} bytes",
            plan.writes.len()
        );
        parts.extend(plan.parts.clone());
        revisions.extend(plan.revisions.clone());
    }

    // Reading it back, as a reload does: the entry parsed and checked, and where the time goes.
    let whole = avow::core::storage::entry::write_doc_entry(ws.current(), 9, "t");
    let t = Instant::now();
    let value: serde_json::Value = serde_json::from_str(&whole).unwrap();
    println!(
        "read: parse as a JSON value {:?} ({} bytes)",
        t.elapsed(),
        whole.len()
    );
    drop(value);
    let t = Instant::now();
    let text = ws.current().doc.doc().as_str().to_string();
    let document = avow::core::text::document::Document::new(text);
    println!("read: index the text {:?}", t.elapsed());
    let t = Instant::now();
    let _ = document.sha256();
    println!("read: SHA-256 of the text {:?}", t.elapsed());
    let t = Instant::now();
    let back = avow::core::storage::entry::read_doc_entry(&whole).unwrap();
    println!(
        "read: the whole entry {:?} ({} spans)",
        t.elapsed(),
        back.entry.doc.spans().len()
    );
    let spans: Vec<_> = ws.current().doc.spans().iter().cloned().collect();
    let t = Instant::now();
    let again = avow::core::annotation::model::Annotated::from_document(
        document,
        Default::default(),
        spans,
    );
    println!(
        "read: the spans into the model {:?} ({})",
        t.elapsed(),
        again.spans().len()
    );
}
