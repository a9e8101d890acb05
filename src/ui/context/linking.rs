//! Relations on screen and in the making: the span a relation is begun at (R, or Link… in the
//! span editor) and the kind chosen for it, the span under the mouse (its relations are drawn
//! while it is), and whether every relation on screen is drawn.

use crate::core::annotation::span::SpanId;
use crate::core::schema::RelationKind;
use leptos::prelude::*;

/// Relations being made and drawn, `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Linking {
    /// The span the relation being made was begun at.
    from: RwSignal<Option<SpanId>>,
    /// The kind chosen for it (none: whichever the two labels allow).
    kind: RwSignal<Option<RelationKind>>,
    /// Draw every relation on screen, not only the selected span's.
    all_relations: RwSignal<bool>,
    /// The span under the mouse, if any.
    hovered: RwSignal<Option<SpanId>>,
}

impl Default for Linking {
    fn default() -> Self {
        Self::new()
    }
}

impl Linking {
    /// No relation being made; the selected span's relations drawn.
    pub fn new() -> Self {
        Self {
            from: RwSignal::new(None),
            kind: RwSignal::new(None),
            all_relations: RwSignal::new(false),
            hovered: RwSignal::new(None),
        }
    }

    /// The span a relation being made was begun at, if any (tracked: for views).
    pub fn from(&self) -> Option<SpanId> {
        self.from.get()
    }

    /// The span a relation being made was begun at, if any (for handlers).
    pub fn from_untracked(&self) -> Option<SpanId> {
        self.from.get_untracked()
    }

    /// The kind chosen for the relation being made.
    pub fn kind_untracked(&self) -> Option<RelationKind> {
        self.kind.get_untracked()
    }

    /// Begins a relation at `from`, of `kind` (or whichever fits).
    pub fn begin(&self, from: SpanId, kind: Option<RelationKind>) {
        self.from.set(Some(from));
        self.kind.set(kind);
    }

    /// Stops making a relation.
    pub fn end(&self) {
        self.from.set(None);
        self.kind.set(None);
    }

    /// Whether every relation on screen is drawn (tracked).
    pub fn all_relations(&self) -> bool {
        self.all_relations.get()
    }

    /// Draws every relation on screen, or only the selected span's.
    pub fn set_all_relations(&self, all: bool) {
        self.all_relations.set(all);
    }

    /// The span under the mouse, if any (tracked).
    pub fn hovered(&self) -> Option<SpanId> {
        self.hovered.get()
    }

    /// Notes the span under the mouse (none: the mouse is over plain text or left it).
    pub fn set_hovered(&self, id: Option<SpanId>) {
        if self.hovered.get_untracked() != id {
            self.hovered.set(id);
        }
    }
}
