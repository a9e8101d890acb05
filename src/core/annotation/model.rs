//! An annotated document: text, metadata, spans and history, changed only through edits.

use crate::core::annotation::edit::{Edit, History, MergeKey};
use crate::core::annotation::gold::{Gold, Mark};
use crate::core::annotation::relation::{LinkError, Relation, RelationId, RelationSet};
use crate::core::annotation::span::{exact_selection, snap_to_words, Span, SpanId, SpanSet};
use crate::core::schema::{Attribute, Label, RelationKind};
use crate::core::text::document::{Document, MetaField, Metadata};
use std::collections::BTreeMap;

/// What an edit changed, so the view can redraw only that.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    /// Code point ranges whose highlights changed.
    pub ranges: Vec<(usize, usize)>,
    /// The span to select afterwards (the one created or changed; none after a delete).
    pub select: Option<SpanId>,
    /// Whether the metadata changed.
    pub meta: bool,
    /// Whether the relations changed (the arcs are drawn again).
    pub relations: bool,
}

/// Why an annotation was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnnotateError {
    /// The selection is empty or whitespace only.
    Blank,
    /// The selection is outside the text.
    OutOfRange,
    /// A span with this label and extent exists already.
    Duplicate(SpanId),
    /// No span with this id.
    NoSuchSpan(SpanId),
    /// The attribute does not belong to the span's label, or the value to the attribute.
    BadAttribute(String),
}

impl std::fmt::Display for AnnotateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnnotateError::Blank => write!(f, "Select some text first (not just spaces)."),
            AnnotateError::OutOfRange => write!(f, "The selection is outside the document."),
            AnnotateError::Duplicate(_) => {
                write!(f, "That text already has a span with this label.")
            }
            AnnotateError::NoSuchSpan(id) => write!(f, "There is no span {}.", id.0),
            AnnotateError::BadAttribute(why) => write!(f, "{why}"),
        }
    }
}

/// A span an edit touched: its id, and where it was before (`None`: it is new). The autosave
/// reads these to write only what changed, without walking every span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Touch {
    pub id: SpanId,
    pub before: Option<(usize, usize)>,
}

/// The most touches kept; older ones are dropped (a reader that far behind walks every span).
const MOST_TOUCHES: usize = 4096;

/// Tells documents apart, clones included (a clone's record of touches starts afresh).
static INSTANCES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_instance() -> u64 {
    INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A document with its annotations and its undo history.
#[derive(Debug)]
pub struct Annotated {
    doc: Document,
    meta: Metadata,
    spans: SpanSet,
    relations: RelationSet,
    /// What a gold version records beside its spans (none on an annotator's version).
    gold: Option<Box<Gold>>,
    history: History,
    next_id: u64,
    next_relation_id: u64,
    /// Counts the edits to the relations: the autosave writes them again when it moves.
    relations_revision: u64,
    /// This document's own number, and the spans its edits touched since `touched_base`.
    instance: u64,
    touched: Vec<Touch>,
    touched_base: usize,
}

impl Clone for Annotated {
    fn clone(&self) -> Self {
        Self {
            doc: self.doc.clone(),
            meta: self.meta.clone(),
            spans: self.spans.clone(),
            relations: self.relations.clone(),
            gold: self.gold.clone(),
            history: self.history.clone(),
            next_id: self.next_id,
            next_relation_id: self.next_relation_id,
            relations_revision: self.relations_revision,
            instance: next_instance(),
            touched: Vec::new(),
            touched_base: 0,
        }
    }
}

impl Default for Annotated {
    fn default() -> Self {
        Self::new(String::new(), Metadata::default())
    }
}

impl Annotated {
    /// A new document with no spans.
    pub fn new(text: String, meta: Metadata) -> Self {
        Self::from_document(Document::new(text), meta, Vec::new())
    }

    /// A document with these spans (as loaded); the history starts empty.
    pub fn with_spans(text: String, meta: Metadata, spans: Vec<Span>) -> Self {
        Self::from_document(Document::new(text), meta, spans)
    }

    /// A document with these spans, over a text already indexed (and perhaps hashed) by the
    /// caller, so a large text is not indexed twice.
    pub fn from_document(text: Document, meta: Metadata, spans: Vec<Span>) -> Self {
        let mut doc = Self {
            doc: text,
            meta,
            spans: SpanSet::new(),
            relations: RelationSet::default(),
            gold: None,
            history: History::default(),
            next_id: 1,
            next_relation_id: 1,
            relations_revision: 0,
            instance: next_instance(),
            touched: Vec::new(),
            touched_base: 0,
        };
        // Ids past `SpanId::MAX`, the unused id 0 and repeated ids get fresh ids after the
        // others, so that no span replaces another and the next id cannot overflow. Readers
        // report such renumbering themselves; this keeps the model whole whatever it is given.
        let mut renumber = Vec::new();
        let mut seen = std::collections::HashSet::with_capacity(spans.len());
        for span in spans {
            if span.id.0 == 0 || span.id.0 > SpanId::MAX || !seen.insert(span.id) {
                renumber.push(span);
                continue;
            }
            doc.next_id = doc.next_id.max(span.id.next().0);
            doc.spans.insert(span);
        }
        for mut span in renumber {
            span.id = SpanId(doc.next_id);
            doc.next_id += 1;
            doc.spans.insert(span);
        }
        doc
    }

    /// The document.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The metadata.
    pub fn meta(&self) -> &Metadata {
        &self.meta
    }

    /// The spans.
    pub fn spans(&self) -> &SpanSet {
        &self.spans
    }

    /// The relations.
    pub fn relations(&self) -> &RelationSet {
        &self.relations
    }

    /// Where the relations stand: this document's own number and the count of edits to its
    /// relations (the autosave writes them again when it moves; a clone has a mark of its own).
    pub fn relations_mark(&self) -> (u64, u64) {
        (self.instance, self.relations_revision)
    }

    /// Puts in the relations a file or the storage holds (no history): the readers have
    /// checked that each joins two of the document's spans. Ids past `u32::MAX` or repeated
    /// get fresh ones.
    pub fn set_relations(&mut self, relations: Vec<Relation>) {
        self.relations = RelationSet::default();
        let mut renumber = Vec::new();
        for relation in relations {
            if relation.id.0 == 0
                || relation.id.0 > u64::from(u32::MAX)
                || self.relations.get(relation.id).is_some()
            {
                renumber.push(relation);
            } else {
                self.relations.insert(relation);
            }
        }
        self.next_relation_id = self.relations.max_id() + 1;
        for mut relation in renumber {
            relation.id = RelationId(self.next_relation_id);
            self.next_relation_id += 1;
            self.relations.insert(relation);
        }
        self.relations_revision += 1;
    }

    /// Adds relations a file holds to a document just read from it (no history), each
    /// under the rules of [`Annotated::link`] (those it breaks are left out); `(kind, from,
    /// to)`. Returns how many were added.
    pub fn put_relations(&mut self, relations: &[(RelationKind, SpanId, SpanId)]) -> usize {
        let mut added = 0;
        for &(kind, from, to) in relations {
            if self.check_link(None, kind, from, to).is_ok() {
                self.relations.insert(self.new_relation(kind, from, to, 0));
                self.next_relation_id += 1;
                self.relations_revision += 1;
                added += 1;
            }
        }
        added
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The text a span covers.
    pub fn quote(&self, span: &Span) -> &str {
        self.doc.slice(span.start, span.end)
    }

    /// Turns a selection into the extent a new span gets: snapped to words, or exact.
    pub fn selection_extent(
        &self,
        start: usize,
        end: usize,
        snap: bool,
    ) -> Result<(usize, usize), AnnotateError> {
        let (start, end) = (start.min(end), start.max(end));
        if end > self.doc.len_cp() {
            return Err(AnnotateError::OutOfRange);
        }
        let extent = if snap {
            snap_to_words(self.doc.text(), start, end)
        } else {
            exact_selection(self.doc.text(), start, end)
        };
        extent.ok_or(AnnotateError::Blank)
    }

    /// Labels a selection: a new span, snapped to words when `snap` is set.
    pub fn annotate(
        &mut self,
        start: usize,
        end: usize,
        label: Label,
        snap: bool,
        now: i64,
    ) -> Result<Changed, AnnotateError> {
        let (start, end) = self.selection_extent(start, end, snap)?;
        if let Some(existing) = self
            .spans
            .overlapping(start, end)
            .into_iter()
            .find(|s| s.start == start && s.end == end && s.label == label)
        {
            return Err(AnnotateError::Duplicate(existing.id));
        }
        let span = Span {
            id: SpanId(self.next_id),
            start,
            end,
            label,
            attrs: BTreeMap::new(),
            note: String::new(),
            created: now,
            modified: now,
        };
        // In a gold version, a span the adjudicator makes says so.
        let added = self.added_mark(Mark::Span, span.id, now);
        let edit = match added {
            Some(mark) => Edit::Batch(vec![Edit::Create(span), mark]),
            None => Edit::Create(span),
        };
        Ok(self.perform(edit, None, now))
    }

    /// Changes a span's label; attributes the new label does not carry are dropped.
    pub fn relabel(
        &mut self,
        id: SpanId,
        label: Label,
        now: i64,
    ) -> Result<Changed, AnnotateError> {
        let before = self.span(id)?.clone();
        if before.label == label {
            return Ok(Changed::default());
        }
        let mut after = before.clone();
        after.label = label;
        after.retain_attributes_of(label);
        after.modified = now;
        Ok(self.perform(Edit::Update { before, after }, None, now))
    }

    /// Sets (or, with `None`, clears) an attribute of a span.
    pub fn set_attribute(
        &mut self,
        id: SpanId,
        attr: Attribute,
        value: Option<&str>,
        now: i64,
    ) -> Result<Changed, AnnotateError> {
        let before = self.span(id)?.clone();
        if !before.label.attributes().contains(&attr) {
            return Err(AnnotateError::BadAttribute(format!(
                "{} spans have no attribute {}.",
                before.label, attr
            )));
        }
        if let Some(value) = value {
            if !attr.accepts(value) {
                return Err(AnnotateError::BadAttribute(format!(
                    "{value:?} is not a value of {attr}."
                )));
            }
        }
        if before.attrs.get(&attr).map(String::as_str) == value {
            return Ok(Changed::default());
        }
        let mut after = before.clone();
        match value {
            Some(value) => after.attrs.insert(attr, value.to_string()),
            None => after.attrs.remove(&attr),
        };
        after.modified = now;
        Ok(self.perform(Edit::Update { before, after }, None, now))
    }

    /// Sets a span's note. Typing merges into one undo step.
    pub fn set_note(
        &mut self,
        id: SpanId,
        note: String,
        now: i64,
    ) -> Result<Changed, AnnotateError> {
        let before = self.span(id)?.clone();
        if before.note == note {
            return Ok(Changed::default());
        }
        let mut after = before.clone();
        after.note = note;
        after.modified = now;
        Ok(self.perform(
            Edit::Update { before, after },
            Some(MergeKey::Note(id)),
            now,
        ))
    }

    /// Removes a span, and its relations with it in the same undoable step.
    pub fn delete(&mut self, id: SpanId, now: i64) -> Result<Changed, AnnotateError> {
        let span = self.span(id)?.clone();
        let relations: Vec<Relation> = self.relations.of(id).into_iter().cloned().collect();
        if relations.is_empty() {
            return Ok(self.perform(Edit::Delete(span), None, now));
        }
        let mut edits: Vec<Edit> = relations.into_iter().map(Edit::Unlink).collect();
        edits.push(Edit::Delete(span));
        Ok(self.perform(Edit::Batch(edits), None, now))
    }

    /// Links two spans with a relation of `kind`, from `from` to `to`. Refused when the
    /// schema does not allow the kind between their labels, for a span and itself, when the
    /// same link exists, and for an `embeds` that would close a cycle. A `committer` link to
    /// a PARTY span that names party A or party B sets the act's committer attribute, when
    /// it is not set, to what its committers say (see [`Annotated::implied_committer`]), in
    /// the same undoable step.
    pub fn link(
        &mut self,
        from: SpanId,
        to: SpanId,
        kind: RelationKind,
        now: i64,
    ) -> Result<Changed, LinkError> {
        self.check_link(None, kind, from, to)?;
        let relation = self.new_relation(kind, from, to, now);
        let committer = (kind == RelationKind::Committer)
            .then(|| self.committer_update(from, &relation, now))
            .flatten();
        let added = self.added_mark(Mark::Relation, relation.id, now);
        let mut edits = vec![Edit::Link(relation)];
        edits.extend(committer);
        edits.extend(added);
        let edit = match edits.len() {
            1 => edits.remove(0),
            _ => Edit::Batch(edits),
        };
        Ok(self.perform(edit, None, now))
    }

    /// Links a relation begun at `first` and ended at `second`, in whichever direction the
    /// schema allows between their labels (see [`RelationKind::linking`]), or says why none
    /// fits. Schema version 1 allows at most one kind and direction between two labels;
    /// should a later one allow more, the first in [`RelationKind::ALL`]'s order is made
    /// (and can be retyped).
    pub fn link_between(
        &mut self,
        first: SpanId,
        second: SpanId,
        now: i64,
    ) -> Result<Changed, LinkError> {
        let (a, b) = self.labels(first, second)?;
        if first == second {
            return Err(LinkError::SelfLink);
        }
        match RelationKind::linking(a, b).first() {
            None => Err(LinkError::NoKind {
                first: a,
                second: b,
            }),
            Some(&(kind, _)) => self.link_kind_between(first, second, kind, now),
        }
    }

    /// Links a relation of `kind` begun at `first` and ended at `second`, in whichever
    /// direction `kind` allows between their labels; refused (with the reason) when it allows
    /// neither.
    pub fn link_kind_between(
        &mut self,
        first: SpanId,
        second: SpanId,
        kind: RelationKind,
        now: i64,
    ) -> Result<Changed, LinkError> {
        let (a, b) = self.labels(first, second)?;
        if kind.allows(a, b) || !kind.allows(b, a) {
            self.link(first, second, kind, now)
        } else {
            self.link(second, first, kind, now)
        }
    }

    /// The span a click at code point `cp` links to, when linking from `from`: the innermost
    /// span there (other than `from`) that some kind links with `from`, else the innermost.
    pub fn link_target_at(&self, from: SpanId, cp: usize) -> Option<SpanId> {
        let source = self.spans.get(from)?.label;
        let here: Vec<&Span> = self
            .spans
            .at(cp)
            .into_iter()
            .filter(|s| s.id != from)
            .collect();
        here.iter()
            .find(|s| !RelationKind::linking(source, s.label).is_empty())
            .or(here.first())
            .map(|s| s.id)
    }

    /// Changes a relation's kind, under the same rules as making it.
    pub fn retype(
        &mut self,
        id: RelationId,
        kind: RelationKind,
        now: i64,
    ) -> Result<Changed, LinkError> {
        let before = self.relation(id)?.clone();
        if before.kind == kind {
            return Ok(Changed::default());
        }
        self.check_link(Some(id), kind, before.from, before.to)?;
        let mut after = before.clone();
        after.kind = kind;
        after.modified = now;
        Ok(self.perform(Edit::Relink { before, after }, None, now))
    }

    /// Sets a relation's note. Typing merges into one undo step.
    pub fn set_relation_note(
        &mut self,
        id: RelationId,
        note: String,
        now: i64,
    ) -> Result<Changed, LinkError> {
        let before = self.relation(id)?.clone();
        if before.note == note {
            return Ok(Changed::default());
        }
        let mut after = before.clone();
        after.note = note;
        after.modified = now;
        Ok(self.perform(
            Edit::Relink { before, after },
            Some(MergeKey::RelationNote(id)),
            now,
        ))
    }

    /// Removes a relation.
    pub fn unlink(&mut self, id: RelationId, now: i64) -> Result<Changed, LinkError> {
        let relation = self.relation(id)?.clone();
        Ok(self.perform(Edit::Unlink(relation), None, now))
    }

    /// Why a relation no longer fits the schema (a span was relabelled since), if it does not.
    pub fn relation_problem(&self, relation: &Relation) -> Option<String> {
        let (Some(from), Some(to)) = (self.spans.get(relation.from), self.spans.get(relation.to))
        else {
            return Some("one of its spans is gone".into());
        };
        (!relation.kind.allows(from.label, to.label)).then(|| {
            format!(
                "a {} relation runs {}, not {} → {}",
                relation.kind,
                relation.kind.info().ends,
                from.label,
                to.label
            )
        })
    }

    /// The relations that no longer fit the schema, by id: marked invalid until they are
    /// fixed (the span relabelled back, the relation retyped) or deleted.
    pub fn invalid_relations(&self) -> Vec<&Relation> {
        self.relations
            .iter()
            .filter(|r| self.relation_problem(r).is_some())
            .collect()
    }

    /// The committer attribute an act's `committer` relations imply: `party_a` or `party_b`
    /// when every linked PARTY span names that party of the metadata, `joint` when they name
    /// both, none when no linked PARTY span names either (see [`Annotated::names_party`]).
    pub fn implied_committer(&self, act: SpanId) -> Option<&'static str> {
        self.committer_implied_with(act, None)
    }

    /// The committer attribute `act`'s committer relations imply, `new` among them.
    fn committer_implied_with(&self, act: SpanId, new: Option<&Relation>) -> Option<&'static str> {
        let mut named = self
            .relations
            .iter()
            .chain(new)
            .filter(|r| r.kind == RelationKind::Committer && r.from == act)
            .filter_map(|r| self.names_party(r.to));
        let first = named.next()?;
        Some(if named.all(|other| other == first) {
            first
        } else {
            "joint"
        })
    }

    /// Which party of the metadata a PARTY span's text names: `party_a` or `party_b` when it
    /// contains that party's name (or the name contains it), ignoring the case of ASCII
    /// letters (Unicode's case tables cost the app kilobytes); none when it names neither or
    /// both, or the metadata names no parties.
    pub fn names_party(&self, party: SpanId) -> Option<&'static str> {
        let span = self.spans.get(party)?;
        let quote = self.quote(span).trim().to_ascii_lowercase();
        let names = |name: &str| {
            let name = name.trim().to_ascii_lowercase();
            !name.is_empty()
                && !quote.is_empty()
                && (quote.contains(&name) || name.contains(&quote))
        };
        match (names(&self.meta.party_a), names(&self.meta.party_b)) {
            (true, false) => Some("party_a"),
            (false, true) => Some("party_b"),
            _ => None,
        }
    }

    /// What the span editor says when an act's committer attribute and its `committer`
    /// relations disagree.
    pub fn committer_disagreement(&self, act: SpanId) -> Option<String> {
        let span = self.spans.get(act)?;
        let set = span.attrs.get(&Attribute::Committer)?;
        let implied = self.implied_committer(act)?;
        (set != implied).then(|| {
            format!("The committer attribute says {set}, its committer relations say {implied}.")
        })
    }

    /// The update that sets an act's committer attribute from its committer relations (with
    /// `new`, about to be made), when the attribute is not set and they imply a value.
    fn committer_update(&self, act: SpanId, new: &Relation, now: i64) -> Option<Edit> {
        let before = self.spans.get(act)?;
        if before.attrs.contains_key(&Attribute::Committer) {
            return None;
        }
        let value = self.committer_implied_with(act, Some(new))?;
        let mut after = before.clone();
        after.attrs.insert(Attribute::Committer, value.to_string());
        after.modified = now;
        Some(Edit::Update {
            before: before.clone(),
            after,
        })
    }

    /// Whether a relation of `kind` from `from` to `to` may be made (or relation `except`
    /// retyped so).
    fn check_link(
        &self,
        except: Option<RelationId>,
        kind: RelationKind,
        from: SpanId,
        to: SpanId,
    ) -> Result<(), LinkError> {
        let from_span = self.spans.get(from).ok_or(LinkError::NoSuchSpan(from))?;
        let to_span = self.spans.get(to).ok_or(LinkError::NoSuchSpan(to))?;
        if from == to {
            return Err(LinkError::SelfLink);
        }
        if !kind.allows(from_span.label, to_span.label) {
            return Err(LinkError::NotAllowed {
                kind,
                from: from_span.label,
                to: to_span.label,
            });
        }
        if let Some(existing) = self.relations.find(kind, from, to) {
            if Some(existing.id) != except {
                return Err(LinkError::Duplicate(existing.id));
            }
        }
        if kind == RelationKind::Embeds && self.relations.embeds_cycle(from, to) {
            return Err(LinkError::Cycle);
        }
        Ok(())
    }

    /// A new relation with the next free id.
    fn new_relation(&self, kind: RelationKind, from: SpanId, to: SpanId, now: i64) -> Relation {
        Relation {
            id: RelationId(self.next_relation_id),
            kind,
            from,
            to,
            note: String::new(),
            created: now,
            modified: now,
        }
    }

    /// The labels of two spans.
    fn labels(&self, a: SpanId, b: SpanId) -> Result<(Label, Label), LinkError> {
        let label = |id| {
            self.spans
                .get(id)
                .map(|s| s.label)
                .ok_or(LinkError::NoSuchSpan(id))
        };
        Ok((label(a)?, label(b)?))
    }

    fn relation(&self, id: RelationId) -> Result<&Relation, LinkError> {
        self.relations.get(id).ok_or(LinkError::NoSuchRelation(id))
    }

    /// Sets a metadata field. Typing merges into one undo step.
    pub fn set_meta(&mut self, field: MetaField, value: String, now: i64) -> Changed {
        let before = self.meta.get(field).to_string();
        if before == value {
            return Changed::default();
        }
        let edit = Edit::Meta {
            field,
            before,
            after: value,
        };
        self.perform(edit, Some(MergeKey::Meta(field)), now)
    }

    /// Adds spans made elsewhere with the relations between them (`relations`: kind and the
    /// places of its two ends in `spans`), all as one undoable step. A span with the extent
    /// and label of one already here is not added again, and its relations join that one. A
    /// relation the schema refuses (its labels, a duplicate, a cycle) is left out. Returns
    /// what changed, how many spans and how many relations were added, and each given span's
    /// id here (new, or the one it duplicates; none when it was out of range).
    pub fn add_spans_linked(
        &mut self,
        spans: Vec<Span>,
        relations: &[(RelationKind, usize, usize)],
        now: i64,
    ) -> (Changed, usize, usize, Vec<Option<SpanId>>) {
        self.add_spans_then_link(
            spans,
            |ids| {
                relations
                    .iter()
                    .filter_map(|&(kind, from, to)| {
                        Some((kind, (*ids.get(from)?)?, (*ids.get(to)?)?))
                    })
                    .collect()
            },
            now,
        )
    }

    /// Places one span (an orphan of an import) and, in the same undoable step, the
    /// relations that waited for it: `waiting` gives them once the span's id here is known
    /// (new, or that of the span it duplicates). Returns what changed, how many relations
    /// were made, and the span's id (none when it was out of range).
    pub fn place_linked(
        &mut self,
        span: Span,
        waiting: impl FnOnce(SpanId) -> Vec<(RelationKind, SpanId, SpanId)>,
        now: i64,
    ) -> (Changed, usize, Option<SpanId>) {
        let (changed, _, linked, ids) = self.add_spans_then_link(
            vec![span],
            |ids| ids[0].map(waiting).unwrap_or_default(),
            now,
        );
        (changed, linked, ids[0])
    }

    /// [`Self::add_spans_linked`] with the relations given by `relations_of` from each span's
    /// id here.
    fn add_spans_then_link(
        &mut self,
        spans: Vec<Span>,
        relations_of: impl FnOnce(&[Option<SpanId>]) -> Vec<(RelationKind, SpanId, SpanId)>,
        now: i64,
    ) -> (Changed, usize, usize, Vec<Option<SpanId>>) {
        let mut edits = Vec::new();
        // Each given span's id here: new, or the one it duplicates.
        let mut ids: Vec<Option<SpanId>> = Vec::with_capacity(spans.len());
        for mut span in spans {
            let existing = self
                .spans
                .overlapping(span.start, span.end)
                .into_iter()
                .find(|s| s.start == span.start && s.end == span.end && s.label == span.label)
                .map(|s| s.id);
            let earlier = edits.iter().find_map(|e: &Edit| match e {
                Edit::Create(s)
                    if s.start == span.start && s.end == span.end && s.label == span.label =>
                {
                    Some(s.id)
                }
                _ => None,
            });
            if let Some(id) = existing.or(earlier) {
                ids.push(Some(id));
                continue;
            }
            if span.end > self.doc.len_cp() || span.start >= span.end {
                ids.push(None);
                continue;
            }
            span.id = SpanId(self.next_id.saturating_add(edits.len() as u64));
            if span.created == 0 {
                span.created = now;
                span.modified = now;
            }
            ids.push(Some(span.id));
            edits.push(Edit::Create(span));
        }
        let added = edits.len();
        // The spans first, so that the relations can be checked against them; the whole is
        // then recorded as one step.
        let mut changed = self.apply_all(&edits);
        let mut linked = 0;
        for (kind, from, to) in relations_of(&ids) {
            if self.check_link(None, kind, from, to).is_err() {
                continue;
            }
            let link = Edit::Link(self.new_relation(kind, from, to, now));
            changed.relations |= self.apply(&link).relations;
            edits.push(link);
            linked += 1;
        }
        if edits.is_empty() {
            return (Changed::default(), 0, 0, ids);
        }
        self.history.record(Edit::Batch(edits), None, now);
        (changed, added, linked, ids)
    }

    /// Sets the title outside the history (a document renamed in the workspace).
    pub fn put_title(&mut self, title: String) {
        self.meta.title = title;
    }

    /// On a gold version, the record that the adjudicator made item `id` by hand ("added").
    fn added_mark<K>(
        &self,
        mark: fn(K, crate::core::annotation::gold::Provenance) -> Mark,
        id: K,
        now: i64,
    ) -> Option<Edit> {
        let gold = self.gold.as_ref()?;
        let provenance = crate::core::annotation::gold::Provenance {
            decision: crate::core::annotation::gold::Decision::Added,
            sources: Vec::new(),
            agreed_by: Vec::new(),
            by: gold.info.adjudicator.clone(),
            at: now,
        };
        Some(crate::core::annotation::gold::record(mark(id, provenance)))
    }

    /// The gold version's record, on a gold version.
    pub fn gold(&self) -> Option<&Gold> {
        self.gold.as_deref()
    }

    /// Makes this a gold version with this record (started or loaded), outside the history.
    pub fn set_gold(&mut self, gold: Option<Gold>) {
        self.gold = gold.map(Box::new);
        self.relations_revision += 1;
    }

    /// Notes when a gold version's last unit was decided (none: some are undecided again),
    /// outside the history: it follows the decisions, which undo on their own.
    pub fn set_finished(&mut self, at: Option<i64>) -> Changed {
        if let Some(gold) = self.gold.as_mut() {
            gold.info.finished = at;
            self.relations_revision += 1;
        }
        Changed {
            relations: true,
            ..Changed::default()
        }
    }

    /// The id the next new span gets.
    pub fn next_span_id(&self) -> SpanId {
        SpanId(self.next_id)
    }

    /// A new relation of `kind` from `from` to `to`, if the document allows it (as `link`
    /// checks), not yet added: a decision adds it with its provenance.
    pub fn new_link(
        &self,
        kind: RelationKind,
        from: SpanId,
        to: SpanId,
        now: i64,
    ) -> Result<Relation, LinkError> {
        self.check_link(None, kind, from, to)?;
        Ok(self.new_relation(kind, from, to, now))
    }

    /// Applies a decision's edits as one undoable step.
    pub fn decide(&mut self, edits: Vec<Edit>, now: i64) -> Changed {
        self.perform(Edit::Batch(edits), None, now)
    }

    /// Applies edits outside the history: what adjudication merges when it starts.
    pub fn settle(&mut self, edits: &[Edit]) -> Changed {
        self.apply_all(edits)
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> Option<Changed> {
        let edit = self.history.pop_undo()?;
        Some(self.apply(&edit.inverse()))
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Option<Changed> {
        let edit = self.history.pop_redo()?;
        Some(self.apply(&edit))
    }

    fn span(&self, id: SpanId) -> Result<&Span, AnnotateError> {
        self.spans.get(id).ok_or(AnnotateError::NoSuchSpan(id))
    }

    fn perform(&mut self, edit: Edit, merge: Option<MergeKey>, now: i64) -> Changed {
        let changed = self.apply(&edit);
        self.history.record(edit, merge, now);
        changed
    }

    /// Where this document's record of touched spans stands now.
    pub fn touch_mark(&self) -> (u64, usize) {
        (self.instance, self.touched_base + self.touched.len())
    }

    /// The spans touched since `mark` (from [`Annotated::touch_mark`]), if `mark` is this
    /// document's and the record reaches back that far.
    pub fn touched_since(&self, mark: (u64, usize)) -> Option<&[Touch]> {
        let (instance, at) = mark;
        let end = self.touched_base + self.touched.len();
        (instance == self.instance && at >= self.touched_base && at <= end)
            .then(|| &self.touched[at - self.touched_base..])
    }

    fn touch(&mut self, id: SpanId, before: Option<(usize, usize)>) {
        if self.touched.len() >= MOST_TOUCHES {
            self.touched_base += self.touched.len();
            self.touched.clear();
        }
        self.touched.push(Touch { id, before });
    }

    /// Applies an edit to the state (no history).
    fn apply(&mut self, edit: &Edit) -> Changed {
        match edit {
            Edit::Create(span) => {
                self.touch(span.id, None);
                self.next_id = self.next_id.max(span.id.next().0);
                self.spans.insert(span.clone());
                Changed {
                    ranges: vec![(span.start, span.end)],
                    select: Some(span.id),
                    meta: false,
                    relations: false,
                }
            }
            Edit::Delete(span) => {
                self.touch(span.id, Some((span.start, span.end)));
                self.spans.remove(span.id);
                Changed {
                    ranges: vec![(span.start, span.end)],
                    select: None,
                    meta: false,
                    relations: false,
                }
            }
            Edit::Update { before, after } => {
                self.touch(after.id, Some((before.start, before.end)));
                self.spans.insert(after.clone());
                Changed {
                    ranges: vec![(before.start, before.end), (after.start, after.end)],
                    select: Some(after.id),
                    meta: false,
                    relations: false,
                }
            }
            Edit::Meta { field, after, .. } => {
                self.meta.set(*field, after.clone());
                Changed {
                    ranges: Vec::new(),
                    select: None,
                    meta: true,
                    relations: false,
                }
            }
            Edit::Link(relation)
            | Edit::Relink {
                after: relation, ..
            } => {
                self.next_relation_id = self.next_relation_id.max(relation.id.0 + 1);
                self.relations.insert(relation.clone());
                self.relations_revision += 1;
                Changed {
                    select: Some(relation.from),
                    relations: true,
                    ..Changed::default()
                }
            }
            Edit::Unlink(relation) => {
                self.relations.remove(relation.id);
                self.relations_revision += 1;
                Changed {
                    relations: true,
                    ..Changed::default()
                }
            }
            Edit::Gold { before, after } => {
                let mut changed = Changed::default();
                for (mark, put) in [(before, false), (after, true)] {
                    let (Some(mark), Some(gold)) = (mark, self.gold.as_mut()) else {
                        continue;
                    };
                    if put {
                        gold.put(mark);
                    } else {
                        gold.take(mark);
                    }
                    if let Mark::Span(id, _) = &**mark {
                        // The span's JSON carries its provenance: written again.
                        if let Some((start, end)) = self.spans.get(*id).map(|s| (s.start, s.end)) {
                            changed.ranges.push((start, end));
                            self.touch(*id, Some((start, end)));
                        }
                    } else {
                        // Relations' and rejections' records are stored with the relations.
                        self.relations_revision += 1;
                        changed.relations = true;
                    }
                }
                changed
            }
            Edit::Batch(edits) => self.apply_all(edits),
        }
    }

    /// Applies edits in order (no history); what they changed, together.
    fn apply_all(&mut self, edits: &[Edit]) -> Changed {
        let mut all = Changed::default();
        for edit in edits {
            let changed = self.apply(edit);
            all.ranges.extend(changed.ranges);
            all.meta |= changed.meta;
            all.relations |= changed.relations;
            all.select = changed.select.or(all.select);
        }
        all
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
impl Annotated {
    /// For tests: `text` with an act over `act` and a PARTY over `party` (code points), the
    /// act's committer relation running to the PARTY; gives the document, the act and the
    /// PARTY.
    pub(crate) fn act_and_committer(
        text: &str,
        act: (usize, usize),
        party: (usize, usize),
    ) -> (Annotated, SpanId, SpanId) {
        use crate::core::schema::RelationKind;
        let mut d = Annotated::new(text.into(), Metadata::default());
        let party = d
            .annotate(party.0, party.1, Label::Party, false, 0)
            .unwrap()
            .select
            .unwrap();
        let act = d
            .annotate(act.0, act.1, Label::Commitment, false, 0)
            .unwrap()
            .select
            .unwrap();
        d.link(act, party, RelationKind::Committer, 0).unwrap();
        (d, act, party)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn edits_record_the_spans_they_touch_for_the_autosave() {
        let mut doc = Annotated::new("one two three".into(), Metadata::default());
        let mark = doc.touch_mark();
        let a = doc
            .annotate(0, 3, Label::Party, false, 1)
            .unwrap()
            .select
            .unwrap();
        doc.relabel(a, Label::Stance, 2).unwrap();
        doc.delete(a, 3).unwrap();
        doc.undo();
        let touched = doc.touched_since(mark).unwrap();
        assert_eq!(touched.len(), 4);
        assert_eq!(
            touched[0],
            Touch {
                id: a,
                before: None
            }
        );
        assert_eq!(
            touched[2],
            Touch {
                id: a,
                before: Some((0, 3))
            }
        );
        assert_eq!(doc.touched_since(doc.touch_mark()).unwrap().len(), 0);
        // A clone is another document: its record starts afresh, and an old mark is refused.
        let copy = doc.clone();
        assert!(copy.touched_since(mark).is_none());
        // A record that no longer reaches back that far is refused too.
        for i in 0..MOST_TOUCHES + 1 {
            doc.set_note(a, format!("{i}"), 4).unwrap();
        }
        assert!(doc.touched_since(mark).is_none());
    }
    use proptest::prelude::*;

    const SAMPLE: &str =
        "The two leaders intend to expand bilateral security cooperation in cyberspace by FY 2027.";

    fn doc() -> Annotated {
        Annotated::new(SAMPLE.to_string(), Metadata::default())
    }

    fn cp(needle: &str) -> (usize, usize) {
        let byte = SAMPLE.find(needle).unwrap();
        let start = SAMPLE[..byte].chars().count();
        (start, start + needle.chars().count())
    }

    #[test]
    fn annotating_snaps_and_rejects_blank_and_duplicates() {
        let mut d = doc();
        let (s, e) = cp("intend to expand bilateral security cooperation in cyberspace");
        // The selection starts mid-word and ends mid-word: it snaps out.
        let changed = d
            .annotate(s + 2, e - 3, Label::Commitment, true, 1)
            .unwrap();
        let id = changed.select.unwrap();
        let span = d.spans().get(id).unwrap();
        assert_eq!((span.start, span.end), (s, e));
        assert_eq!(
            d.quote(span),
            "intend to expand bilateral security cooperation in cyberspace"
        );
        assert_eq!(
            d.annotate(s, e, Label::Commitment, true, 2),
            Err(AnnotateError::Duplicate(id))
        );
        let (sp, _) = cp(" intend");
        assert_eq!(
            d.annotate(sp, sp + 1, Label::Party, true, 3),
            Err(AnnotateError::Blank)
        );
        assert_eq!(
            d.annotate(0, 1000, Label::Party, true, 3),
            Err(AnnotateError::OutOfRange)
        );
        // Exact mode keeps the partial word.
        let changed = d.annotate(s + 2, s + 5, Label::Party, false, 4).unwrap();
        let span = d.spans().get(changed.select.unwrap()).unwrap();
        assert_eq!(d.quote(span), "ten");
    }

    #[test]
    fn nested_spans_coexist() {
        let mut d = doc();
        let (s, e) = cp("intend to expand bilateral security cooperation in cyberspace by FY 2027");
        let (cs, ce) = cp("by FY 2027");
        let outer = d
            .annotate(s, e, Label::Commitment, true, 1)
            .unwrap()
            .select
            .unwrap();
        let inner = d
            .annotate(cs, ce, Label::Constraint, true, 2)
            .unwrap()
            .select
            .unwrap();
        let at = d.spans().at(cs + 1);
        assert_eq!(
            at.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![inner, outer]
        );
        assert!(d
            .spans()
            .get(outer)
            .unwrap()
            .contains(d.spans().get(inner).unwrap()));
    }

    #[test]
    fn every_change_undoes_and_redoes() {
        let mut d = doc();
        let (s, e) = cp("intend to expand");
        let id = d
            .annotate(s, e, Label::Commitment, true, 1)
            .unwrap()
            .select
            .unwrap();
        d.set_attribute(id, Attribute::Committer, Some("joint"), 2)
            .unwrap();
        d.set_attribute(id, Attribute::Strength, Some("intent"), 3)
            .unwrap();
        d.set_note(id, "first".into(), 4).unwrap();
        d.relabel(id, Label::Stance, 10_000).unwrap();
        d.set_meta(MetaField::Title, "US-Japan".into(), 20_000);
        let final_span = d.spans().get(id).unwrap().clone();
        assert_eq!(final_span.attrs.len(), 2, "STANCE keeps act attributes");
        let mut undone = 0;
        while d.undo().is_some() {
            undone += 1;
        }
        assert_eq!(undone, 6);
        assert!(d.spans().is_empty());
        assert_eq!(d.meta().title, "");
        while d.redo().is_some() {}
        assert_eq!(d.spans().get(id), Some(&final_span));
        assert_eq!(d.meta().title, "US-Japan");
        d.delete(id, 30_000).unwrap();
        assert!(d.spans().is_empty());
        d.undo();
        assert_eq!(d.spans().get(id), Some(&final_span));
    }

    #[test]
    fn typing_a_note_is_one_undo_step_and_new_edits_clear_redo() {
        let mut d = doc();
        let id = d
            .annotate(0, 3, Label::Party, true, 0)
            .unwrap()
            .select
            .unwrap();
        for (i, note) in ["a", "ab", "abc"].into_iter().enumerate() {
            d.set_note(id, note.into(), 100 + i as i64 * 100).unwrap();
        }
        d.undo();
        assert_eq!(d.spans().get(id).unwrap().note, "");
        assert!(d.history().redo_description().is_some());
        d.set_attribute(id, Attribute::Kind, None, 1000)
            .unwrap_err();
        d.relabel(id, Label::Constraint, 1000).unwrap();
        assert!(d.history().redo_description().is_none());
        assert!(d
            .set_attribute(id, Attribute::Kind, Some("soon"), 1001)
            .is_err());
        d.set_attribute(id, Attribute::Kind, Some("time"), 1002)
            .unwrap();
    }

    #[test]
    fn relabel_to_a_support_label_drops_act_attributes_and_undo_restores_them() {
        let mut d = doc();
        let id = d
            .annotate(0, 3, Label::Commitment, true, 0)
            .unwrap()
            .select
            .unwrap();
        d.set_attribute(id, Attribute::Domain, Some("cyber"), 1)
            .unwrap();
        d.relabel(id, Label::Party, 2).unwrap();
        assert!(d.spans().get(id).unwrap().attrs.is_empty());
        d.undo();
        assert_eq!(
            d.spans().get(id).unwrap().attrs[&Attribute::Domain],
            "cyber"
        );
    }

    #[test]
    fn imported_spans_are_one_undo_step_and_skip_duplicates() {
        let mut d = doc();
        d.annotate(0, 3, Label::Party, true, 0).unwrap();
        let span = |start, end, label| Span::bare(99, start, end, label);
        let (_, added, _, _) = d.add_spans_linked(
            vec![
                span(0, 3, Label::Party),
                span(4, 7, Label::Party),
                span(4, 7, Label::Party),
                span(8, 15, Label::Party),
            ],
            &[],
            5,
        );
        assert_eq!(added, 2);
        assert_eq!(d.spans().len(), 3);
        let ids: Vec<u64> = d.spans().iter().map(|s| s.id.0).collect();
        assert_eq!(ids, vec![1, 2, 3], "fresh ids");
        d.undo();
        assert_eq!(d.spans().len(), 1);
        d.redo();
        assert_eq!(d.spans().len(), 3);
    }

    /// A document with an act, a PARTY, an ATTRIBUTION, a CONSTRAINT and a second act.
    fn linked_doc() -> (Annotated, [SpanId; 5]) {
        let mut d = doc();
        d.set_meta(MetaField::PartyA, "Japan".into(), 0);
        d.set_meta(MetaField::PartyB, "United States".into(), 0);
        let mut make = |text: &str, label| {
            let (s, e) = cp(text);
            d.annotate(s, e, label, false, 1).unwrap().select.unwrap()
        };
        let ids = [
            make(
                "intend to expand bilateral security cooperation",
                Label::Commitment,
            ),
            make("The two leaders", Label::Party),
            make("intend", Label::Attribution),
            make("by FY 2027", Label::Constraint),
            make(
                "expand bilateral security cooperation in cyberspace",
                Label::Stance,
            ),
        ];
        (d, ids)
    }

    #[test]
    fn each_kind_links_the_labels_the_schema_allows_and_nothing_else() {
        let (mut d, [act, party, attribution, constraint, act2]) = linked_doc();
        d.link(act, party, RelationKind::Committer, 2).unwrap();
        d.link(act, attribution, RelationKind::Source, 2).unwrap();
        d.link(constraint, act, RelationKind::Constrains, 2)
            .unwrap();
        d.link(act2, act, RelationKind::Embeds, 2).unwrap();
        assert_eq!(d.relations().len(), 4);
        assert_eq!(d.relations().of(act).len(), 4);
        // Wrong ends, itself, twice, a cycle.
        assert!(matches!(
            d.link(party, act, RelationKind::Committer, 3),
            Err(LinkError::NotAllowed { .. })
        ));
        assert!(matches!(
            d.link(act, constraint, RelationKind::Constrains, 3),
            Err(LinkError::NotAllowed { .. })
        ));
        assert_eq!(
            d.link(act, act, RelationKind::Embeds, 3),
            Err(LinkError::SelfLink)
        );
        assert!(matches!(
            d.link(act, party, RelationKind::Committer, 3),
            Err(LinkError::Duplicate(_))
        ));
        assert_eq!(
            d.link(act, act2, RelationKind::Embeds, 3),
            Err(LinkError::Cycle)
        );
        assert_eq!(
            d.link(act, SpanId(99), RelationKind::Embeds, 3),
            Err(LinkError::NoSuchSpan(SpanId(99)))
        );
        assert_eq!(d.relations().len(), 4);
        assert!(d.invalid_relations().is_empty());
    }

    #[test]
    fn deleting_a_span_deletes_its_relations_in_one_step_and_undo_brings_them_back() {
        let (mut d, [act, party, attribution, _, act2]) = linked_doc();
        d.link(act, party, RelationKind::Committer, 2).unwrap();
        d.link(act, attribution, RelationKind::Source, 2).unwrap();
        d.link(act2, act, RelationKind::Embeds, 2).unwrap();
        let before = snapshot(&d);
        assert_eq!(
            d.history().undo_description().as_deref(),
            Some("link (embeds)")
        );
        d.delete(act, 3).unwrap();
        assert!(d.spans().get(act).is_none());
        assert!(d.relations().is_empty());
        assert_eq!(
            d.history().undo_description().as_deref(),
            Some("delete COMMITMENT and 3 relations")
        );
        d.undo();
        assert_eq!(snapshot(&d), before);
        d.redo();
        assert!(d.relations().is_empty());
    }

    #[test]
    fn a_link_begun_at_either_end_runs_the_schemas_way() {
        let (mut d, [act, party, _, constraint, _]) = linked_doc();
        // Begun at the act, ended at its CONSTRAINT: constrains runs from the CONSTRAINT.
        d.link_between(act, constraint, 2).unwrap();
        let r = d.relations().iter().next().unwrap();
        assert_eq!(
            (r.kind, r.from, r.to),
            (RelationKind::Constrains, constraint, act)
        );
        // Begun at the PARTY: committer still runs from the act.
        d.link_between(party, act, 3).unwrap();
        assert!(d
            .relations()
            .find(RelationKind::Committer, act, party)
            .is_some());
        assert_eq!(
            d.link_between(party, constraint, 4),
            Err(LinkError::NoKind {
                first: Label::Party,
                second: Label::Constraint
            })
        );
        // A click on the PARTY's text, when linking from the act, picks the PARTY.
        let (s, _) = cp("two leaders");
        assert_eq!(d.link_target_at(act, s), Some(party));
    }

    #[test]
    fn spans_added_with_their_relations_are_one_step_and_join_duplicates() {
        let (mut d, [act, party, ..]) = linked_doc();
        let act_span = d.spans().get(act).unwrap().clone();
        let (s, e) = cp("cyberspace");
        let new_party = Span::bare(0, s, e, Label::Party);
        let before = snapshot(&d);
        // The act again (a duplicate: its relation joins the one here), a new PARTY, and a
        // relation the schema refuses (PARTY -> act committer).
        let (changed, added, linked, _) = d.add_spans_linked(
            vec![act_span, new_party],
            &[
                (RelationKind::Committer, 0, 1),
                (RelationKind::Committer, 1, 0),
            ],
            9,
        );
        assert!(changed.relations);
        assert_eq!((added, linked), (1, 1));
        let r = d.relations().iter().next().unwrap();
        assert_eq!((r.from, r.kind), (act, RelationKind::Committer));
        assert_ne!(r.to, party);
        d.undo();
        assert_eq!(snapshot(&d), before);
    }

    #[test]
    fn an_orphan_placed_with_its_waiting_relation_is_one_step() {
        let (mut d, [act, ..]) = linked_doc();
        let (s, e) = cp("cyberspace");
        let before = snapshot(&d);
        let (changed, linked, id) = d.place_linked(
            Span::bare(0, s, e, Label::Party),
            |placed| vec![(RelationKind::Committer, act, placed)],
            9,
        );
        let placed = id.unwrap();
        assert!(changed.relations);
        assert_eq!(linked, 1);
        assert!(d
            .relations()
            .find(RelationKind::Committer, act, placed)
            .is_some());
        // One undo takes the span and its relation back.
        d.undo();
        assert_eq!(snapshot(&d), before);
    }

    #[test]
    fn a_kind_chosen_first_runs_its_own_way_or_is_refused() {
        let (mut d, [act, party, _, constraint, _]) = linked_doc();
        d.link_kind_between(act, constraint, RelationKind::Constrains, 2)
            .unwrap();
        assert!(d
            .relations()
            .find(RelationKind::Constrains, constraint, act)
            .is_some());
        assert!(matches!(
            d.link_kind_between(act, party, RelationKind::Embeds, 3),
            Err(LinkError::NotAllowed { .. })
        ));
    }

    #[test]
    fn retyping_unlinking_and_notes_undo() {
        let (mut d, [act, _, _, _, act2]) = linked_doc();
        let id = RelationId(d.relations().max_id() + 1);
        d.link(act2, act, RelationKind::Embeds, 2).unwrap();
        // No other kind fits two acts.
        assert!(matches!(
            d.retype(id, RelationKind::Committer, 3),
            Err(LinkError::NotAllowed { .. })
        ));
        d.set_relation_note(id, "a".into(), 10).unwrap();
        d.set_relation_note(id, "ab".into(), 11).unwrap();
        assert_eq!(d.relations().get(id).unwrap().note, "ab");
        d.undo();
        assert_eq!(
            d.relations().get(id).unwrap().note,
            "",
            "typing is one step"
        );
        d.unlink(id, 12).unwrap();
        assert!(d.relations().is_empty());
        d.undo();
        assert_eq!(d.relations().get(id).unwrap().kind, RelationKind::Embeds);
    }

    #[test]
    fn relabelling_an_end_marks_the_relation_invalid_until_fixed() {
        let (mut d, [act, party, ..]) = linked_doc();
        d.link(act, party, RelationKind::Committer, 2).unwrap();
        d.relabel(party, Label::Attribution, 3).unwrap();
        let invalid = d.invalid_relations();
        assert_eq!(invalid.len(), 1, "kept, not dropped");
        let why = d.relation_problem(invalid[0]).unwrap();
        assert!(why.contains("act → PARTY"), "{why}");
        d.relabel(party, Label::Party, 4).unwrap();
        assert!(d.invalid_relations().is_empty());
    }

    #[test]
    fn a_committer_link_sets_the_attribute_from_the_party_metadata() {
        let mut d = doc();
        d.set_meta(MetaField::PartyA, "leaders".into(), 0);
        d.set_meta(MetaField::PartyB, "USA".into(), 0);
        let (s, e) = cp("intend to expand");
        let act = d
            .annotate(s, e, Label::Commitment, false, 1)
            .unwrap()
            .select
            .unwrap();
        let (s, e) = cp("The two leaders");
        let party = d
            .annotate(s, e, Label::Party, false, 1)
            .unwrap()
            .select
            .unwrap();
        d.link(act, party, RelationKind::Committer, 2).unwrap();
        let committer = |d: &Annotated| {
            d.spans()
                .get(act)
                .unwrap()
                .attrs
                .get(&Attribute::Committer)
                .cloned()
        };
        assert_eq!(committer(&d).as_deref(), Some("party_a"));
        assert_eq!(d.names_party(party), Some("party_a"));
        // One undo takes back the link and the attribute.
        d.undo();
        assert_eq!(committer(&d), None);
        assert!(d.relations().is_empty());
        d.redo();
        // Set by hand to another value: the span editor is told they disagree.
        d.set_attribute(act, Attribute::Committer, Some("party_b"), 3)
            .unwrap();
        let why = d.committer_disagreement(act).unwrap();
        assert!(why.contains("party_b") && why.contains("party_a"), "{why}");
        // A PARTY span that names neither party sets nothing.
        let mut plain = doc();
        let act = plain
            .annotate(s, e, Label::Commitment, false, 1)
            .unwrap()
            .select
            .unwrap();
        let (s2, e2) = cp("cyberspace");
        let party = plain
            .annotate(s2, e2, Label::Party, false, 1)
            .unwrap()
            .select
            .unwrap();
        plain.link(act, party, RelationKind::Committer, 2).unwrap();
        assert_eq!(
            plain
                .spans()
                .get(act)
                .unwrap()
                .attrs
                .get(&Attribute::Committer),
            None
        );
        assert_eq!(plain.committer_disagreement(act), None);
    }

    #[derive(Clone, Debug)]
    enum Op {
        Annotate(usize, usize, usize),
        Relabel(usize, usize),
        Delete(usize),
        Note(usize, String),
        Link(usize, usize, usize),
        Unlink(usize),
        Undo,
        Redo,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0usize..90, 0usize..90, 0usize..8).prop_map(|(a, b, l)| Op::Annotate(a, b, l)),
            (0usize..10, 0usize..8).prop_map(|(i, l)| Op::Relabel(i, l)),
            (0usize..10).prop_map(Op::Delete),
            (0usize..10, "[a-z]{0,3}").prop_map(|(i, n)| Op::Note(i, n)),
            (0usize..10, 0usize..10, 0usize..4).prop_map(|(a, b, k)| Op::Link(a, b, k)),
            (0usize..10).prop_map(Op::Unlink),
            Just(Op::Undo),
            Just(Op::Redo),
        ]
    }

    fn snapshot(d: &Annotated) -> (Vec<Span>, Vec<Relation>) {
        (
            d.spans().iter().cloned().collect(),
            d.relations().iter().cloned().collect(),
        )
    }

    /// Every relation joins two spans of the document, and `embeds` never forms a cycle.
    fn relations_hold(d: &Annotated) -> bool {
        d.relations().iter().all(|r| {
            d.spans().get(r.from).is_some()
                && d.spans().get(r.to).is_some()
                && (r.kind != RelationKind::Embeds || {
                    let mut others = d.relations().clone();
                    others.remove(r.id);
                    !others.embeds_cycle(r.from, r.to)
                })
        })
    }

    proptest! {
        /// Undoing everything gets back to the start; as many redos get back to the end.
        #[test]
        fn undo_all_then_redo_all_is_the_identity(ops in prop::collection::vec(op(), 0..30)) {
            let mut d = doc();
            for (t, op) in ops.into_iter().enumerate() {
                let now = t as i64 * 5000;
                let ids: Vec<SpanId> = d.spans().iter().map(|s| s.id).collect();
                let pick = |i: usize| ids.get(i % ids.len().max(1)).copied();
                match op {
                    Op::Annotate(a, b, l) => { let _ = d.annotate(a, b, Label::ALL[l], t % 2 == 0, now); }
                    Op::Relabel(i, l) => if let Some(id) = pick(i) { d.relabel(id, Label::ALL[l], now).unwrap(); },
                    Op::Delete(i) => if let Some(id) = pick(i) { d.delete(id, now).unwrap(); },
                    Op::Note(i, n) => if let Some(id) = pick(i) { d.set_note(id, n, now).unwrap(); },
                    Op::Link(a, b, k) => if let (Some(a), Some(b)) = (pick(a), pick(b)) { let _ = d.link(a, b, RelationKind::ALL[k], now); },
                    Op::Unlink(i) => {
                        let rels: Vec<RelationId> = d.relations().iter().map(|r| r.id).collect();
                        if let Some(id) = rels.get(i % rels.len().max(1)) { d.unlink(*id, now).unwrap(); }
                    }
                    Op::Undo => { d.undo(); }
                    Op::Redo => { d.redo(); }
                }
                prop_assert!(relations_hold(&d));
            }
            let end = snapshot(&d);
            let mut undone = 0;
            while d.undo().is_some() {
                undone += 1;
            }
            prop_assert!(d.spans().is_empty());
            prop_assert!(d.relations().is_empty());
            for _ in 0..undone {
                prop_assert!(d.redo().is_some());
            }
            prop_assert_eq!(snapshot(&d), end);
        }
    }
}
