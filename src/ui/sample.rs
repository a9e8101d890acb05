//! The built-in sample: the 2025 US-Japan Joint Leaders' Statement (a US government work,
//! public domain), the document Avow opens on when nothing is stored.

use crate::core::text::document::Metadata;

/// The sample's text.
pub const SAMPLE_TEXT: &str =
    include_str!("../../public/samples/us-japan-joint-leaders-statement-2025.txt");

/// The sample's metadata.
pub fn sample_metadata() -> Metadata {
    Metadata {
        title: "United States-Japan Joint Leaders' Statement".into(),
        source_type: "joint_statement".into(),
        publisher: "The White House".into(),
        date: "2025-02-07".into(),
        party_a: "USA".into(),
        party_b: "JPN".into(),
        url: String::new(),
        language: "en".into(),
    }
}
