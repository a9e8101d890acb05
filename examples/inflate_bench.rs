//! How fast Avow's DEFLATE decoder reads a large archive entry: `cargo run --release
//! --example inflate_bench` (10 MB of corpus text, packed by Avow's own encoder).
use avow::core::formats::{deflate::compress, inflate::inflate};

fn main() {
    let sample = include_str!("../public/samples/us-japan-joint-leaders-statement-2025.txt");
    // The sample's words in a pseudo-random order: about as compressible as prose.
    let words: Vec<&str> = sample.split_whitespace().collect();
    let mut seed = 7u64;
    let mut text = String::new();
    while text.len() < 10_000_000 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        text.push_str(words[(seed >> 33) as usize % words.len()]);
        text.push(' ');
    }
    let packed = compress(text.as_bytes());
    let t = std::time::Instant::now();
    let out = inflate(&packed, text.len()).expect("inflates");
    assert_eq!(out.len(), text.len());
    println!(
        "{} MB from {} MB in {:?}",
        text.len() / 1_000_000,
        packed.len() / 1_000_000,
        t.elapsed()
    );
}
