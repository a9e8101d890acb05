//! Edits as values, each with an exact inverse, and the undo / redo stack.

use crate::core::annotation::gold::Mark;
use crate::core::annotation::relation::{Relation, RelationId};
use crate::core::annotation::span::{Span, SpanId};
use crate::core::text::document::MetaField;

/// One change to an annotated document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// A new span.
    Create(Span),
    /// A span removed.
    Delete(Span),
    /// A span changed: label, attributes, note or extent.
    Update { before: Span, after: Span },
    /// A metadata field changed.
    Meta {
        field: MetaField,
        before: String,
        after: String,
    },
    /// A new relation.
    Link(Relation),
    /// A relation removed.
    Unlink(Relation),
    /// A relation changed: its kind or note.
    Relink { before: Relation, after: Relation },
    /// A gold version's record of where an item came from, or of a rejected unit, replaced.
    Gold {
        before: Option<Box<Mark>>,
        after: Option<Box<Mark>>,
    },
    /// Several edits as one step (spans imported together; a span deleted with its relations).
    Batch(Vec<Edit>),
}

impl Edit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Create(span) => Edit::Delete(span.clone()),
            Edit::Delete(span) => Edit::Create(span.clone()),
            Edit::Update { before, after } => Edit::Update {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Meta {
                field,
                before,
                after,
            } => Edit::Meta {
                field: *field,
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Link(relation) => Edit::Unlink(relation.clone()),
            Edit::Unlink(relation) => Edit::Link(relation.clone()),
            Edit::Relink { before, after } => Edit::Relink {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Gold { before, after } => Edit::Gold {
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }

    /// A short description for the undo / redo buttons' tooltips.
    pub fn describe(&self) -> String {
        match self {
            Edit::Create(span) => format!("create {}", span.label),
            Edit::Delete(span) => format!("delete {}", span.label),
            Edit::Update { before, after } if before.label != after.label => {
                format!("relabel {} as {}", before.label, after.label)
            }
            Edit::Update { before, after } if before.note != after.note => "edit note".into(),
            Edit::Update { before, after } if before.attrs != after.attrs => "set attribute".into(),
            Edit::Update { .. } => "move span".into(),
            Edit::Meta { field, .. } => format!("edit {}", field.caption().to_ascii_lowercase()),
            Edit::Link(relation) => format!("link ({})", relation.kind),
            Edit::Unlink(relation) => format!("unlink ({})", relation.kind),
            Edit::Relink { before, after } if before.kind != after.kind => {
                format!("retype {} as {}", before.kind, after.kind)
            }
            Edit::Relink { .. } => "edit relation note".into(),
            Edit::Gold { .. } => "decision".into(),
            // A span deleted with its relations, or linked with its committer set.
            Edit::Batch(edits) => match edits.last() {
                Some(last @ Edit::Delete(_)) => format!(
                    "{} and {} relation{}",
                    last.describe(),
                    edits.len() - 1,
                    if edits.len() == 2 { "" } else { "s" }
                ),
                Some(Edit::Update { .. }) if matches!(edits.first(), Some(Edit::Link(_))) => {
                    edits[0].describe()
                }
                _ if edits.iter().any(|e| matches!(e, Edit::Gold { .. })) => "decision".into(),
                _ => format!("import {} spans", edits.len()),
            },
        }
    }
}

/// What lets successive edits merge into one undo step: typing in one field of one span (a
/// note) or one metadata field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MergeKey {
    Note(SpanId),
    Meta(MetaField),
    RelationNote(RelationId),
}

/// Successive edits with the same merge key closer than this merge into one undo step.
pub const MERGE_WINDOW_MS: i64 = 2000;

#[derive(Clone, Debug)]
struct Entry {
    edit: Edit,
    merge: Option<MergeKey>,
    at: i64,
}

/// The undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
}

impl History {
    /// Records an edit that was just applied; clears the redo stack. Typing merges: an edit with
    /// the same merge key as the last one, within [`MERGE_WINDOW_MS`], joins it.
    pub fn record(&mut self, edit: Edit, merge: Option<MergeKey>, now: i64) {
        self.redo.clear();
        if let (Some(key), Some(last)) = (&merge, self.undo.last_mut()) {
            if last.merge.as_ref() == Some(key) && now - last.at <= MERGE_WINDOW_MS {
                if let Some(merged) = merge_edits(&last.edit, &edit) {
                    last.edit = merged;
                    last.at = now;
                    return;
                }
            }
        }
        self.undo.push(Entry {
            edit,
            merge,
            at: now,
        });
    }

    /// Takes the edit to undo; the caller applies its inverse, then calls [`History::undone`].
    pub fn pop_undo(&mut self) -> Option<Edit> {
        let entry = self.undo.pop()?;
        let edit = entry.edit.clone();
        self.redo.push(entry);
        Some(edit)
    }

    /// Takes the edit to redo; the caller applies it.
    pub fn pop_redo(&mut self) -> Option<Edit> {
        let mut entry = self.redo.pop()?;
        // A redone edit never merges with the next one typed.
        entry.merge = None;
        let edit = entry.edit.clone();
        self.undo.push(entry);
        Some(edit)
    }

    /// What undo would undo.
    pub fn undo_description(&self) -> Option<String> {
        self.undo.last().map(|e| e.edit.describe())
    }

    /// What redo would redo.
    pub fn redo_description(&self) -> Option<String> {
        self.redo.last().map(|e| e.edit.describe())
    }

    /// Forgets everything (a new document).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

/// `first` then `second` as one edit, where both change the same thing.
fn merge_edits(first: &Edit, second: &Edit) -> Option<Edit> {
    match (first, second) {
        (
            Edit::Update { before, after: mid },
            Edit::Update {
                before: mid2,
                after,
            },
        ) if mid == mid2 => Some(Edit::Update {
            before: before.clone(),
            after: after.clone(),
        }),
        (
            Edit::Meta {
                field,
                before,
                after: mid,
            },
            Edit::Meta {
                field: field2,
                before: mid2,
                after,
            },
        ) if field == field2 && mid == mid2 => Some(Edit::Meta {
            field: *field,
            before: before.clone(),
            after: after.clone(),
        }),
        (
            Edit::Relink { before, after: mid },
            Edit::Relink {
                before: mid2,
                after,
            },
        ) if mid == mid2 => Some(Edit::Relink {
            before: before.clone(),
            after: after.clone(),
        }),
        _ => None,
    }
}
