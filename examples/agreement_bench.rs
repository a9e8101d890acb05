//! Times the agreement report natively over 3 annotators × 200 texts × about 100 spans
//! (`cargo run --release --example agreement_bench`); the browser's figure is `.ci/bench`'s.

use avow::core::agreement::report::report;
use avow::core::agreement::synthetic::{text, versions};
use avow::core::agreement::{Settings, Text};
use std::time::Instant;

fn main() {
    let names: Vec<String> = (1..=3).map(|i| format!("annotator {i}")).collect();
    let made: Vec<_> = (0..200).map(|t| versions(t, 3, 5_000, 100)).collect();
    let texts: Vec<Text> = made.iter().map(|m| text(m, &names, 5_000)).collect();
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let json = report(&texts, &names, Settings::default()).to_json();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(json.len() > 1000);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "agreement report, 200 texts × 3 annotators × ~100 spans: median {:.1} ms (min {:.1}, max {:.1})",
        times[3], times[0], times[6]
    );
}
