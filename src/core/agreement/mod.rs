//! Inter-annotator agreement: several annotators' versions of the same texts, aligned into
//! units (`align`), scored with the measures papers report (`measures`), as a report whose
//! every number comes with the counts behind it (`report`), and exported for other tools
//! (`export`), and as a team reports it (`paper`).

pub mod align;
pub mod corpus;
pub mod export;
pub mod measures;
pub mod paper;
pub mod report;
pub mod synthetic;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod reference;

use crate::core::annotation::relation::Relation;
use crate::core::annotation::span::Span;

/// One annotator's version of a text.
#[derive(Clone, Copy, Debug)]
pub struct Version<'a> {
    /// The workspace entry holding it (to open it from a disagreement).
    pub id: &'a str,
    pub annotator: &'a str,
    pub spans: &'a [Span],
    pub relations: &'a [Relation],
}

/// A text and its versions (at most one per annotator).
#[derive(Clone, Debug)]
pub struct Text<'a> {
    pub sha256: &'a str,
    pub title: &'a str,
    /// The text itself (for the quotes of disagreements).
    pub body: &'a str,
    /// The text's length in code points: the continuum of α_u.
    pub length: usize,
    pub versions: Vec<Version<'a>>,
}

/// What the report is computed with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The least intersection-over-union for two spans to align (step 2 of `align`).
    pub iou: f64,
    /// Count an unset attribute as the value "not set" rather than as missing.
    pub unset_is_value: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            iou: 0.5,
            unset_is_value: false,
        }
    }
}
