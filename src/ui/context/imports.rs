//! What an import leaves to the user: documents whose text is already here (asked about one
//! at a time), and spans that could not be placed on the open document (orphans, to place on a
//! selection or drop) with the relations that wait for them.

use crate::core::annotation::span::SpanId;
use crate::core::formats::anchor::Incoming;
use crate::core::formats::import::{BatchQuestion, Plan, Question};
use crate::core::formats::{LinkEnd, PendingLink};
use crate::core::schema::RelationKind;
use leptos::prelude::*;
use std::collections::VecDeque;

/// An import's loose ends, `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Imports {
    /// Questions waiting; the one shown.
    queue: StoredValue<VecDeque<Question>>,
    shown: RwSignal<Option<Question>>,
    /// Imported spans that could not be placed on the open document: to place or drop. Each
    /// has a key of its own in `Incoming::source`.
    orphans: RwSignal<Vec<Incoming>>,
    /// Relations that wait for an orphan to be placed (dropped with it).
    pending: StoredValue<Vec<PendingLink>>,
    /// The next key an orphan is listed under.
    next_key: StoredValue<u64>,
    /// An import under way: how far it is (shown once it takes a while).
    progress: RwSignal<Option<ImportProgress>>,
    /// An import is under way (a second waits for it).
    busy: StoredValue<bool>,
    /// Cancel was pressed: the import under way stops and changes nothing.
    cancelled: StoredValue<bool>,
    /// An import planned, held until its one question is answered, with its refusals.
    held: StoredValue<Option<(Plan, Vec<String>)>, LocalStorage>,
    /// That question, while it is asked.
    batch: RwSignal<Option<BatchQuestion>>,
}

/// How far an import is, as its progress bar shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportProgress {
    /// From 0 to 1.
    pub fraction: f64,
    /// What it is doing, in words.
    pub doing: String,
    /// Whether Cancel still changes nothing (not once documents are being added).
    pub can_cancel: bool,
}

impl Default for Imports {
    fn default() -> Self {
        Self::new()
    }
}

impl Imports {
    /// Nothing waiting.
    pub fn new() -> Self {
        Self {
            queue: StoredValue::new(VecDeque::new()),
            shown: RwSignal::new(None),
            orphans: RwSignal::new(Vec::new()),
            pending: StoredValue::new(Vec::new()),
            next_key: StoredValue::new(1),
            progress: RwSignal::new(None),
            busy: StoredValue::new(false),
            cancelled: StoredValue::new(false),
            held: StoredValue::new_local(None),
            batch: RwSignal::new(None),
        }
    }

    /// Starts an import: false when one is already under way.
    pub fn begin(&self) -> bool {
        if self.busy.get_value() || self.batch.with_untracked(Option::is_some) {
            return false;
        }
        self.busy.set_value(true);
        self.cancelled.set_value(false);
        true
    }

    /// The import under way is over (done or cancelled): its progress bar goes.
    pub fn end(&self) {
        self.busy.set_value(false);
        self.progress.set(None);
    }

    /// Shows how far the import is.
    pub fn show_progress(&self, progress: ImportProgress) {
        self.progress.set(Some(progress));
    }

    /// The import's progress, while shown (tracked).
    pub fn progress(&self) -> Option<ImportProgress> {
        self.progress.get()
    }

    /// Cancel pressed: the import stops at its next slice.
    pub fn cancel(&self) {
        self.cancelled.set_value(true);
    }

    /// Whether Cancel was pressed since the import began.
    pub fn cancelled(&self) -> bool {
        self.cancelled.get_value()
    }

    /// Holds a planned import until its one question is answered.
    pub fn hold(&self, plan: Plan, errors: Vec<String>) {
        let question = plan.batch.clone();
        self.held.set_value(Some((plan, errors)));
        self.batch.set(question);
    }

    /// The one question of a held import (tracked).
    pub fn batch(&self) -> Option<BatchQuestion> {
        self.batch.get()
    }

    /// The held import, to carry out with its answer.
    pub fn take_held(&self) -> Option<(Plan, Vec<String>)> {
        self.batch.set(None);
        self.held.try_update_value(Option::take).flatten()
    }

    /// Queues a question (shown at once when none is).
    pub fn ask(&self, question: Question) {
        self.queue.update_value(|q| q.push_back(question));
        if self.shown.get_untracked().is_none() {
            self.next();
        }
    }

    /// The question shown (tracked).
    pub fn question(&self) -> Option<Question> {
        self.shown.get()
    }

    /// The question shown, untracked.
    pub fn question_untracked(&self) -> Option<Question> {
        self.shown.get_untracked()
    }

    /// Whether a question is shown (tracked).
    pub fn asking(&self) -> bool {
        self.shown.with(Option::is_some)
    }

    /// How many questions wait behind the one shown (tracked: it grows as files are read).
    pub fn waiting(&self) -> usize {
        self.shown.track();
        self.queue.with_value(VecDeque::len)
    }

    /// Takes every question waiting behind the one shown (to answer them alike).
    pub fn take_waiting(&self) -> Vec<Question> {
        self.queue
            .try_update_value(|q| q.drain(..).collect())
            .unwrap_or_default()
    }

    /// Shows the next question, if any (the one shown is answered).
    pub fn next(&self) {
        let next = self.queue.try_update_value(VecDeque::pop_front).flatten();
        self.shown.set(next);
    }

    /// Imported spans that could not be placed (tracked).
    pub fn orphans(&self) -> Vec<Incoming> {
        self.orphans.get()
    }

    /// Imported spans that could not be placed, untracked.
    #[cfg(test)]
    pub fn orphans_untracked(&self) -> Vec<Incoming> {
        self.orphans.get_untracked()
    }

    /// The `index`th orphan, untracked.
    pub fn orphan(&self, index: usize) -> Option<Incoming> {
        self.orphans.with_untracked(|o| o.get(index).cloned())
    }

    /// Lists spans an import could not place, with the relations that wait for them
    /// (`pending` names orphans by their place in `orphans`): each orphan gets a key of its
    /// own, in `Incoming::source`.
    pub fn add_orphans(&self, mut orphans: Vec<Incoming>, mut pending: Vec<PendingLink>) {
        let base = self.next_key.get_value();
        self.next_key.set_value(base + orphans.len() as u64);
        for (i, orphan) in orphans.iter_mut().enumerate() {
            orphan.source = (base + i as u64) as usize;
        }
        for link in &mut pending {
            for end in [&mut link.from, &mut link.to] {
                if let LinkEnd::Orphan(place) = *end {
                    *end = LinkEnd::Orphan(base + place);
                }
            }
        }
        self.pending.update_value(|links| links.extend(pending));
        self.orphans.update(|o| o.extend(orphans));
    }

    /// Drops the `index`th orphan, and the relations that waited for it.
    pub fn drop_orphan(&self, index: usize) {
        let pending = self.pending;
        self.orphans.update(|o| {
            if index < o.len() {
                let key = o.remove(index).source as u64;
                pending.update_value(|links| links.retain(|l| !l.waits_for(key)));
            }
        });
    }

    /// The `index`th orphan was placed: it leaves the list (its relations were made with it).
    pub fn placed(&self, index: usize) {
        self.orphans.update(|o| {
            if index < o.len() {
                o.remove(index);
            }
        });
    }

    /// The relations that wait for orphan `key`, ready now that it is span `id` (those still
    /// waiting for another orphan stay).
    pub fn ready_links(&self, key: u64, id: SpanId) -> Vec<(RelationKind, SpanId, SpanId)> {
        self.pending
            .try_update_value(|links| {
                let ready = links
                    .iter_mut()
                    .filter(|l| l.waits_for(key))
                    .filter_map(|l| l.place(key, id))
                    .collect();
                links.retain(|l| !l.is_ready());
                ready
            })
            .unwrap_or_default()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::schema::Label;

    #[test]
    fn questions_come_one_at_a_time() {
        let imports = Imports::new();
        assert!(imports.question_untracked().is_none());
        let doc = crate::core::annotation::model::Annotated::new(
            "x".into(),
            crate::core::text::document::Metadata::default(),
        );
        for file in ["a.json", "b.json"] {
            imports.ask(Question {
                file: file.into(),
                entry: crate::core::workspace::DocEntry::new(
                    "d-1".into(),
                    doc.clone(),
                    String::new(),
                    0,
                ),
                existing_id: "d-2".into(),
                existing_title: "x".into(),
                same_annotator: false,
            });
        }
        assert_eq!(imports.question_untracked().unwrap().file, "a.json");
        imports.next();
        assert_eq!(imports.question_untracked().unwrap().file, "b.json");
        imports.next();
        assert!(imports.question_untracked().is_none());
    }

    #[test]
    fn an_orphans_relations_wait_for_it_and_go_with_it() {
        let imports = Imports::new();
        let orphan = |l| Incoming::new(0, 1, l);
        // A relation between the two orphans (places 0 and 1).
        let link = PendingLink {
            kind: RelationKind::Committer,
            from: LinkEnd::Orphan(0),
            to: LinkEnd::Orphan(1),
        };
        imports.add_orphans(
            vec![orphan(Label::Commitment), orphan(Label::Party)],
            vec![link],
        );
        assert_eq!(imports.orphans.get_untracked().len(), 2);
        let keys: Vec<u64> = imports
            .orphans
            .get_untracked()
            .iter()
            .map(|o| o.source as u64)
            .collect();
        // The first placed: the relation still waits for the second.
        assert!(imports.ready_links(keys[0], SpanId(7)).is_empty());
        imports.placed(0);
        // The second placed: the relation is ready.
        assert_eq!(
            imports.ready_links(keys[1], SpanId(8)),
            vec![(RelationKind::Committer, SpanId(7), SpanId(8))]
        );
        imports.placed(0);
        assert!(imports.orphans.get_untracked().is_empty());
        // Dropping an orphan drops what waited for it.
        let link = PendingLink {
            kind: RelationKind::Committer,
            from: LinkEnd::Span(SpanId(1)),
            to: LinkEnd::Orphan(0),
        };
        imports.add_orphans(vec![orphan(Label::Party)], vec![link]);
        imports.drop_orphan(0);
        assert!(imports.pending.with_value(Vec::is_empty));
    }
}
