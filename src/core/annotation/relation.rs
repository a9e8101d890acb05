//! Relations: a typed, directed link from one span to another (schema version 1's
//! `committer`, `source`, `constrains` and `embeds`), and the set of a document's relations
//! with the checks that keep it valid.

use crate::core::annotation::span::SpanId;
use crate::core::schema::{Label, RelationKind};

/// A relation's stable id, unique within its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationId(pub u64);

/// A relation from one span to another, in the schema's direction (an act to its PARTY).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub id: RelationId,
    pub kind: RelationKind,
    pub from: SpanId,
    pub to: SpanId,
    pub note: String,
    /// Milliseconds since the Unix epoch.
    pub created: i64,
    pub modified: i64,
}

/// Why a relation was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// One end is not a span of the document.
    NoSuchSpan(SpanId),
    /// Both ends are the same span.
    SelfLink,
    /// The schema does not allow this kind between these labels.
    NotAllowed {
        kind: RelationKind,
        from: Label,
        to: Label,
    },
    /// The same relation (kind, from, to) exists already.
    Duplicate(RelationId),
    /// An `embeds` that would close a cycle of `embeds`.
    Cycle,
    /// No relation with this id.
    NoSuchRelation(RelationId),
    /// No kind of relation joins spans with these labels, either way.
    NoKind { first: Label, second: Label },
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NoSuchSpan(id) => write!(f, "There is no span s{}.", id.0),
            LinkError::SelfLink => write!(f, "A span cannot be linked to itself."),
            LinkError::NotAllowed { kind, from, to } => write!(
                f,
                "{} {kind} relation cannot run from {} {from} span to {} {to} span (it runs {}).",
                if kind.name().starts_with('e') { "An" } else { "A" },
                article(*from),
                article(*to),
                kind.info().ends
            ),
            LinkError::Duplicate(_) => write!(f, "These two spans are already linked so."),
            LinkError::Cycle => write!(
                f,
                "That embeds would make a cycle: the other span already embeds this one."
            ),
            LinkError::NoSuchRelation(id) => write!(f, "There is no relation r{}.", id.0),
            LinkError::NoKind { first, second } => write!(
                f,
                "No relation of the schema joins {} {first} span and {} {second} span (committer: act → PARTY; source: act → ATTRIBUTION; constrains: CONSTRAINT → act; embeds: act → act).",
                article(*first),
                article(*second)
            ),
        }
    }
}

/// "a" or "an", as a label's name is said.
fn article(label: Label) -> &'static str {
    if label.name().starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// A document's relations, by id. A list kept in id order: a document has hundreds or a few
/// thousand, and a map's code would cost the app more than the searches cost it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RelationSet {
    by_id: Vec<Relation>,
}

impl RelationSet {
    /// How many relations there are.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The relation with this id.
    pub fn get(&self, id: RelationId) -> Option<&Relation> {
        self.position(id).ok().map(|at| &self.by_id[at])
    }

    /// Every relation, by id, as a slice.
    pub fn as_slice(&self) -> &[Relation] {
        &self.by_id
    }

    /// Every relation, by id.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Relation> + '_ {
        self.by_id.iter()
    }

    fn position(&self, id: RelationId) -> Result<usize, usize> {
        self.by_id.binary_search_by_key(&id, |r| r.id)
    }

    /// The relations with `span` at one end or the other, by id.
    pub fn of(&self, span: SpanId) -> Vec<&Relation> {
        self.iter()
            .filter(|r| r.from == span || r.to == span)
            .collect()
    }

    /// The relation of this kind from `from` to `to`, if there is one.
    pub fn find(&self, kind: RelationKind, from: SpanId, to: SpanId) -> Option<&Relation> {
        self.iter()
            .find(|r| r.kind == kind && r.from == from && r.to == to)
    }

    /// Whether `embeds` from `from` to `to` would close a cycle: `to` already reaches `from`
    /// through `embeds` relations.
    pub fn embeds_cycle(&self, from: SpanId, to: SpanId) -> bool {
        let mut stack = vec![to];
        let mut seen = Vec::new();
        while let Some(at) = stack.pop() {
            if at == from {
                return true;
            }
            if !seen.contains(&at) {
                seen.push(at);
                stack.extend(
                    self.iter()
                        .filter(|r| r.kind == RelationKind::Embeds && r.from == at)
                        .map(|r| r.to),
                );
            }
        }
        false
    }

    /// The largest id in use, or 0.
    pub fn max_id(&self) -> u64 {
        self.by_id.last().map_or(0, |r| r.id.0)
    }

    /// Adds a relation, or replaces the one with its id.
    pub(crate) fn insert(&mut self, relation: Relation) {
        match self.position(relation.id) {
            Ok(at) => self.by_id[at] = relation,
            Err(at) => self.by_id.insert(at, relation),
        }
    }

    pub(crate) fn remove(&mut self, id: RelationId) -> Option<Relation> {
        self.position(id).ok().map(|at| self.by_id.remove(at))
    }
}

/// A relation id as files write it: `r12`.
pub fn relation_id_text(id: RelationId) -> String {
    format!("r{}", id.0)
}

/// The id that `r<number>` names, written as Avow writes ids; any other is given a new one.
pub fn parse_relation_id(text: &str) -> Option<RelationId> {
    let digits = text.strip_prefix('r')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    digits
        .parse::<u64>()
        .ok()
        .filter(|&n| n <= u64::from(u32::MAX))
        .map(RelationId)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn rel(id: u64, kind: RelationKind, from: u64, to: u64) -> Relation {
        Relation {
            id: RelationId(id),
            kind,
            from: SpanId(from),
            to: SpanId(to),
            note: String::new(),
            created: 0,
            modified: 0,
        }
    }

    #[test]
    fn embeds_cycles_are_found_through_chains_and_other_kinds_do_not_count() {
        let mut set = RelationSet::default();
        set.insert(rel(1, RelationKind::Embeds, 1, 2));
        set.insert(rel(2, RelationKind::Embeds, 2, 3));
        set.insert(rel(3, RelationKind::Committer, 3, 4));
        assert!(set.embeds_cycle(SpanId(3), SpanId(1)));
        assert!(set.embeds_cycle(SpanId(2), SpanId(1)));
        assert!(!set.embeds_cycle(SpanId(1), SpanId(3)));
        // A committer link back does not make an embeds cycle.
        assert!(!set.embeds_cycle(SpanId(4), SpanId(1)));
        assert_eq!(set.of(SpanId(2)).len(), 2);
        assert_eq!(set.max_id(), 3);
    }

    #[test]
    fn relation_ids_read_as_written() {
        assert_eq!(
            parse_relation_id(&relation_id_text(RelationId(42))),
            Some(RelationId(42))
        );
        for bad in ["r", "r0", "r01", "s3", "r-1", "r99999999999"] {
            assert_eq!(parse_relation_id(bad), None, "{bad}");
        }
    }
}
