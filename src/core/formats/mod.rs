//! File formats: Avow's own, and those of the tools Avow trades files with. Every offset in
//! every format here is in Unicode code points (brat's too: it counts Python characters).

pub mod anchor;
pub mod avow;
pub mod brat;
pub mod conll;
pub mod deflate;
pub mod detect;
pub mod doccano;
pub mod import;
pub mod inflate;
pub mod labelstudio;
pub mod w3c;
pub mod zip;

use crate::core::schema::{Attribute, Label, RelationKind};
use crate::core::text::document::Metadata;
use anchor::Incoming;
pub use avow::FormatError;
use std::collections::BTreeMap;

/// A document as another format gives it: its text when the format carries one (then it opens
/// as a document), else only spans (then they go onto the open document, re-anchored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Foreign {
    pub text: Option<String>,
    pub meta: Metadata,
    pub spans: Vec<Incoming>,
    /// The relations between those spans (by their place in `spans`).
    pub relations: Vec<ForeignRelation>,
    /// What the format could not hold or what was skipped, for the report.
    pub warnings: Vec<String>,
    /// Whose version it is, where the file says (a corpus: a task's annotations, a line's
    /// annotator); else it is the importer's.
    pub annotator: Option<String>,
}

/// A relation as another format gives it: its kind, and its two ends by their place in the
/// file's spans ([`Foreign::spans`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignRelation {
    pub kind: RelationKind,
    pub from: usize,
    pub to: usize,
}

impl Foreign {
    /// Spans only, for the open document.
    pub fn spans(spans: Vec<Incoming>) -> Self {
        Self {
            text: None,
            meta: Metadata::default(),
            spans,
            relations: Vec::new(),
            warnings: Vec::new(),
            annotator: None,
        }
    }

    /// Numbers the spans by their place (`Incoming::source`), so that the relations still
    /// find their ends once the spans are anchored, screened and given ids.
    pub fn number_spans(&mut self) {
        for (i, span) in self.spans.iter_mut().enumerate() {
            span.source = i;
        }
    }
}

/// The relations of an import whose spans were placed in `placed` order (each span's
/// `Incoming::source`): kind and the ends' places in `placed`, for those whose two ends were
/// placed; and how many were not (an end orphaned or left out).
pub fn relations_among(
    relations: &[ForeignRelation],
    placed_sources: &[usize],
) -> (Vec<(RelationKind, usize, usize)>, usize) {
    // (source, place), by source: a sorted list, not a map (a map's code costs the app more).
    let mut by_source: Vec<(usize, usize)> = placed_sources
        .iter()
        .enumerate()
        .map(|(place, source)| (*source, place))
        .collect();
    crate::core::sort::sort_by_key(&mut by_source, |p| p.0);
    let place = |source: usize| {
        by_source
            .binary_search_by_key(&source, |p| p.0)
            .ok()
            .map(|i| by_source[i].1)
    };
    let kept: Vec<(RelationKind, usize, usize)> = relations
        .iter()
        .filter_map(|r| Some((r.kind, place(r.from)?, place(r.to)?)))
        .collect();
    let lost = relations.len() - kept.len();
    (kept, lost)
}

/// An end of a relation waiting for an orphaned span: a span of the document, or an orphan
/// (by the key it is listed under).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkEnd {
    Span(crate::core::annotation::span::SpanId),
    Orphan(u64),
}

/// A relation of an import that waits for an orphaned span to be placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingLink {
    pub kind: RelationKind,
    pub from: LinkEnd,
    pub to: LinkEnd,
}

impl PendingLink {
    /// Whether one of its ends is the orphan `key`.
    pub fn waits_for(&self, key: u64) -> bool {
        self.from == LinkEnd::Orphan(key) || self.to == LinkEnd::Orphan(key)
    }

    /// Whether both its ends are placed (then it has been made, or refused).
    pub fn is_ready(&self) -> bool {
        matches!((self.from, self.to), (LinkEnd::Span(_), LinkEnd::Span(_)))
    }

    /// Takes the orphan `key`'s placing as span `id`; gives the relation's kind and ends
    /// once both are spans.
    pub fn place(
        &mut self,
        key: u64,
        id: crate::core::annotation::span::SpanId,
    ) -> Option<(
        RelationKind,
        crate::core::annotation::span::SpanId,
        crate::core::annotation::span::SpanId,
    )> {
        for end in [&mut self.from, &mut self.to] {
            if *end == LinkEnd::Orphan(key) {
                *end = LinkEnd::Span(id);
            }
        }
        match (self.from, self.to) {
            (LinkEnd::Span(from), LinkEnd::Span(to)) => Some((self.kind, from, to)),
            _ => None,
        }
    }
}

/// The relations of an import with an end orphaned and none left out: `placed`, each placed
/// span's source and its id; `orphans`, each orphan's source and its key.
pub fn pending_links(
    relations: &[ForeignRelation],
    placed: &[(usize, Option<crate::core::annotation::span::SpanId>)],
    orphans: &[(usize, u64)],
) -> Vec<PendingLink> {
    if orphans.is_empty() {
        // Nothing waits: no need to look up every relation's ends.
        return Vec::new();
    }
    let end = |source: usize| {
        placed
            .iter()
            .find(|(s, _)| *s == source)
            .and_then(|(_, id)| id.map(LinkEnd::Span))
            .or_else(|| {
                orphans
                    .iter()
                    .find(|(s, _)| *s == source)
                    .map(|(_, key)| LinkEnd::Orphan(*key))
            })
    };
    relations
        .iter()
        .filter_map(|r| {
            let (from, to) = (end(r.from)?, end(r.to)?);
            if matches!((from, to), (LinkEnd::Span(_), LinkEnd::Span(_))) {
                return None;
            }
            Some(PendingLink {
                kind: r.kind,
                from,
                to,
            })
        })
        .collect()
}

/// The relations of a document by the places of their ends among its spans in text order
/// (as the exporters list them): what the exporters write.
pub fn relations_by_place(doc: &crate::core::annotation::model::Annotated) -> Vec<ForeignRelation> {
    let mut by_id: Vec<(crate::core::annotation::span::SpanId, usize)> = doc
        .spans()
        .iter()
        .enumerate()
        .map(|(place, s)| (s.id, place))
        .collect();
    crate::core::sort::sort_by_key(&mut by_id, |p| p.0);
    let place = |id| {
        by_id
            .binary_search_by_key(&id, |p| p.0)
            .ok()
            .map(|i| by_id[i].1)
    };
    doc.relations()
        .iter()
        .filter_map(|r| {
            Some(ForeignRelation {
                kind: r.kind,
                from: place(r.from)?,
                to: place(r.to)?,
            })
        })
        .collect()
}

/// A file to download: name and content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl OutFile {
    /// A text file.
    pub fn text(name: impl Into<String>, text: String) -> Self {
        Self {
            name: name.into(),
            bytes: text.into_bytes(),
        }
    }
}

/// A JSON value as a file writes it, for messages: through the serializer the writers use
/// (`Display` would bring a second copy of it, 4.9 KB of wasm).
pub fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A number from a file as a code point offset. A number too large for this platform's `usize`
/// (2^32 and more in wasm32) becomes `usize::MAX`, past the end of any text, so it is refused
/// or re-anchored like any other offset past the end: never wrapped to a small one.
pub fn offset_value(value: &serde_json::Value) -> Option<usize> {
    value.as_u64().map(offset_from_u64)
}

/// The whole number under `key` of `object`, as the file writes it (compare offsets in this
/// form before [`offset_from_u64`] saturates them); `place` names the object in messages.
fn whole_number(object: &serde_json::Value, key: &str, place: &str) -> Result<u64, FormatError> {
    match object.get(key).and_then(serde_json::Value::as_u64) {
        Some(n) => Ok(n),
        None => fail(
            format!("{place}.{key}"),
            "expected a whole number of code points",
        ),
    }
}

/// A `u64` offset as a `usize`, saturating (see [`offset_value`]).
pub fn offset_from_u64(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn fail<T>(place: impl Into<String>, reason: impl Into<String>) -> Result<T, FormatError> {
    Err(FormatError {
        place: place.into(),
        reason: reason.into(),
    })
}

/// A label from another tool's name for it (case-insensitive, `-` or space for `_` allowed).
fn label_named(name: &str, place: &str) -> Result<Label, FormatError> {
    // ASCII only: label names are ASCII, and Unicode's upper-case tables cost the app 8.8 KB.
    let upper = name.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    Label::from_name(&upper).map_or_else(
        || {
            let names: Vec<&str> = Label::ALL.iter().map(|l| l.name()).collect();
            fail(
                place,
                format!("{name:?} is not one of {}", names.join(", ")),
            )
        },
        Ok,
    )
}

/// Checks and adds an attribute to a span's attributes.
fn add_attribute(
    attrs: &mut BTreeMap<Attribute, String>,
    label: Label,
    name: &str,
    value: &str,
    place: &str,
) -> Result<(), FormatError> {
    let Some(attr) = Attribute::from_name(name) else {
        return fail(place, format!("{name:?} is not an attribute of the schema"));
    };
    if !label.attributes().contains(&attr) {
        return fail(place, format!("{label} spans have no attribute {attr}"));
    }
    if !attr.accepts(value) {
        return fail(
            place,
            format!("{value:?} is not one of {}", attr.values().join(", ")),
        );
    }
    attrs.insert(attr, value.to_string());
    Ok(())
}

/// The incoming spans of a document's spans, with quotes and context, as every exporter needs.
pub fn incoming_of(doc: &crate::core::annotation::model::Annotated) -> Vec<Incoming> {
    doc.spans()
        .iter()
        .map(|s| {
            let (prefix, suffix) = anchor::context(doc.doc().text(), s.start, s.end, 32);
            Incoming {
                start: s.start,
                end: s.end,
                quote: Some(doc.quote(s).to_string()),
                prefix,
                suffix,
                label: s.label,
                attrs: s.attrs.clone(),
                note: s.note.clone(),
                created: s.created,
                modified: s.modified,
                piece: None,
                source: 0,
            }
        })
        .collect()
}

/// Leaves out of an import the spans that cover only whitespace, and those with the extent and
/// label of one before them, and says how many of each were left out (for the import's report).
/// `key` gives an item's start, end and label.
pub fn screen<T>(
    text: &crate::core::text::offsets::IndexedText,
    items: Vec<T>,
    key: impl Fn(&T) -> (usize, usize, Label),
) -> (Vec<T>, Vec<String>) {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    let (mut blank, mut duplicate) = (0, 0);
    let mut kept = Vec::with_capacity(items.len());
    for item in items {
        let (start, end, label) = key(&item);
        if text.slice(start, end).chars().all(char::is_whitespace) {
            blank += 1;
        } else if !seen.insert((start, end, label)) {
            duplicate += 1;
        } else {
            kept.push(item);
        }
    }
    let mut warnings = Vec::new();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if blank > 0 {
        warnings.push(format!(
            "{blank} span{} of whitespace only left out",
            plural(blank)
        ));
    }
    if duplicate > 0 {
        warnings.push(format!(
            "{duplicate} span{} with the extent and label of another left out",
            plural(duplicate)
        ));
    }
    (kept, warnings)
}

/// A base file name for a document's exports.
pub fn base_name(entry: &crate::core::workspace::DocEntry) -> String {
    match crate::core::workspace::slug(&entry.display_title(), 60) {
        s if s.is_empty() => "document".into(),
        s => s,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod peers;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
