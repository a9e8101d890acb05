//! The workspace's texts with versions by two named annotators or more, grouped for the
//! report and the Agreement tab.

use crate::core::agreement::{Text, Version};
use crate::core::annotation::span::Span;
use crate::core::workspace::DocEntry;

/// The workspace's texts that have versions by two named annotators or more: every annotator's
/// name (in the order first met) and, per text, its entries (one per annotator, the last
/// edited), with copies of their spans in text order.
pub struct Corpus<'a> {
    pub names: Vec<String>,
    groups: Vec<Vec<&'a DocEntry>>,
    spans: Vec<Vec<Vec<Span>>>,
}

impl<'a> Corpus<'a> {
    /// Groups `entries` by their text (SHA-256).
    pub fn of(entries: impl Iterator<Item = &'a DocEntry>) -> Corpus<'a> {
        let mut groups: Vec<Vec<&DocEntry>> = Vec::new();
        // A version is known by its annotator: unnamed work is not one.
        for entry in entries.filter(|e| !e.annotator.trim().is_empty()) {
            let sha = entry.text_sha256();
            match groups.iter_mut().find(|g| g[0].text_sha256() == sha) {
                Some(group) => match group
                    .iter_mut()
                    .find(|e| version_name(e) == version_name(entry))
                {
                    Some(same) if same.modified < entry.modified => *same = entry,
                    Some(_) => {}
                    None => group.push(entry),
                },
                None => groups.push(vec![entry]),
            }
        }
        groups.retain(|g| g.len() >= 2);
        let mut names: Vec<String> = Vec::new();
        for entry in groups.iter().flatten() {
            if !names.iter().any(|n| n == version_name(entry)) {
                names.push(version_name(entry).to_string());
            }
        }
        let spans = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|e| e.doc.spans().iter().cloned().collect())
                    .collect()
            })
            .collect();
        Corpus {
            names,
            groups,
            spans,
        }
    }

    /// The texts and their versions, for the report and the view.
    pub fn texts(&self) -> Vec<Text<'_>> {
        self.groups
            .iter()
            .zip(&self.spans)
            .map(|(group, spans)| Text {
                sha256: group[0].text_sha256(),
                title: &group[0].doc.meta().title,
                body: group[0].doc.doc().as_str(),
                length: group[0].doc.doc().len_cp(),
                versions: group
                    .iter()
                    .zip(spans)
                    .map(|(e, s)| Version {
                        id: &e.id,
                        annotator: version_name(e),
                        spans: s,
                        relations: e.doc.relations().as_slice(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// The name gold versions go by among the annotators' (see `annotation::gold`).
pub use crate::core::annotation::gold::GOLD_NAME;

/// Which of `names` are counted by default: every annotator, never gold (agreement after
/// adjudication would be flattered by the version made from the others).
pub fn counted_by_default(names: &[String]) -> Vec<bool> {
    names.iter().map(|n| n != GOLD_NAME).collect()
}

/// The name a version goes by: its annotator's, or "gold" for a gold version (so each
/// annotator is scored against it as against another annotator).
pub fn version_name(entry: &DocEntry) -> &str {
    if entry.doc.gold().is_some() {
        GOLD_NAME
    } else {
        &entry.annotator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_is_not_counted_as_an_annotator_by_default() {
        let names: Vec<String> = ["ana", GOLD_NAME, "ben"].map(String::from).to_vec();
        assert_eq!(counted_by_default(&names), vec![true, false, true]);
    }
}
