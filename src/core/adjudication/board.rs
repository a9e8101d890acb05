//! The adjudication of one text: the annotators' versions aligned into units (the agreement
//! view's `align`), what each unit's state is against the gold version, the queue of what is
//! left, and the decisions, each made as one undoable step of edits to the gold version.

use crate::core::agreement::align::{align, unit_of_spans, Unit};
use crate::core::annotation::edit::Edit;
use crate::core::annotation::gold::{
    record, unrecord, Decision, Gold, Info, Input, Mark, Provenance, Rejected, Settings, Source,
    Strategy,
};
use crate::core::annotation::model::{Annotated, Changed};
use crate::core::annotation::relation::{relation_id_text, Relation, RelationId};
use crate::core::annotation::span::{Span, SpanId};
use crate::core::formats::avow::span_id_text;
use crate::core::schema::{Attribute, Label, RelationKind};
use crate::core::workspace::DocEntry;

/// One annotator's version of the text.
#[derive(Clone, Debug)]
pub struct Version {
    pub annotator: String,
    pub spans: Vec<Span>,
    pub relations: Vec<Relation>,
}

/// Relations of several annotators that join the same two units with the same kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkUnit {
    pub kind: RelationKind,
    pub from: usize,
    pub to: usize,
    /// For each annotator, the index of their relation, if any.
    pub members: Vec<Option<usize>>,
}

/// Something to decide: a unit of spans, or a unit of relations (once both ends are decided).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Span(usize),
    Link(usize),
}

/// Where a unit stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// In gold (as this gold span or relation).
    Accepted,
    /// Recorded as not an annotation.
    Rejected,
    /// Undecided; every annotator who has it agrees, and a proposal waits for a key.
    Pending,
    /// Undecided; the annotators differ.
    Disagreeing,
    /// Undecided; those who have it agree, someone is missing.
    Incomplete,
}

impl State {
    /// The class and word the view shows for it.
    pub fn name(self) -> &'static str {
        match self {
            State::Accepted => "accepted",
            State::Rejected => "rejected",
            State::Pending => "pending",
            State::Disagreeing => "disagreeing",
            State::Incomplete => "incomplete",
        }
    }
}

/// Which undecided units the queue lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    Disagreements,
    Incomplete,
    Label(Label),
}

/// A part of a unit that can be taken from one annotator alone (Shift + their number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Extent,
    Label,
    Attribute(Attribute),
    Note,
}

/// A decision the adjudicator makes on the current item (a key, in the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Act {
    /// `1`-`9`: annotator k's version (0-based here).
    Take(usize),
    /// Shift + `1`-`9`: the focused column of the grid (its index) from annotator k.
    Cell(usize, usize),
    /// `A`: the proposal or the majority.
    Accept,
    /// `X`, with a note.
    Reject(String),
    /// The gold span was changed with the usual keys (after `E`).
    Edited,
}

/// How an annotator's item of a unit is decided in gold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Gold(u64),
    Rejected(usize),
}

/// The versions of one text aligned, and what gold says of each unit.
#[derive(Clone, Debug)]
pub struct Board {
    pub versions: Vec<Version>,
    pub units: Vec<Unit>,
    pub links: Vec<LinkUnit>,
    pub settings: Settings,
    /// For each unit, whether it joins near-duplicates: spans that overlap with a label in
    /// common, though below the alignment threshold (decided as one, so gold never gets both).
    pub joined: Vec<bool>,
    /// For each unit: decided as a gold span (its id) or a rejection (its index).
    span_outcome: Vec<Option<Outcome>>,
    /// For each unit, its state while undecided (the versions never change under a board).
    open_state: Vec<State>,
    link_outcome: Vec<Option<Outcome>>,
}

/// Joins aligned units that are near-duplicates: their extents overlap, they share a label,
/// and no annotator has a span in both (else they are that annotator's two spans, and stay
/// two units). Returns the units and, for each, whether it was joined. A sweep over the units
/// by start, so a long text's thousands of units cost little.
fn join_near_duplicates(units: Vec<Unit>, versions: &[&[Span]]) -> (Vec<Unit>, Vec<bool>) {
    let spans_of = |unit: &Unit| -> Vec<&Span> {
        unit.members
            .iter()
            .enumerate()
            .filter_map(|(a, m)| m.map(|i| &versions[a][i]))
            .collect()
    };
    let extent = |unit: &Unit| {
        let spans = spans_of(unit);
        let start = spans.iter().map(|s| s.start).min().unwrap_or(0);
        let end = spans.iter().map(|s| s.end).max().unwrap_or(start);
        (start, end)
    };
    let mut order: Vec<usize> = (0..units.len()).collect();
    crate::core::sort::sort_by_key(&mut order, |&u| extent(&units[u]));
    let mut merged: Vec<Option<Unit>> = units.into_iter().map(Some).collect();
    let mut joined = vec![false; merged.len()];
    for (k, &u) in order.iter().enumerate() {
        let Some(mut unit) = merged[u].take() else {
            continue;
        };
        let (_, mut end) = extent(&unit);
        for &v in &order[k + 1..] {
            let Some(other) = merged[v].as_ref() else {
                continue;
            };
            let (other_start, other_end) = extent(other);
            if other_start >= end {
                break;
            }
            let disjoint = unit
                .members
                .iter()
                .zip(&other.members)
                .all(|(x, y)| x.is_none() || y.is_none());
            let labels: Vec<Label> = spans_of(&unit).iter().map(|s| s.label).collect();
            let shared = spans_of(other).iter().any(|s| labels.contains(&s.label));
            if disjoint && shared {
                for (x, y) in unit.members.iter_mut().zip(&other.members) {
                    *x = x.or(*y);
                }
                unit.exact = false;
                end = end.max(other_end);
                joined[u] = true;
                merged[v] = None;
            }
        }
        merged[u] = Some(unit);
    }
    let mut out = Vec::new();
    let mut flags = Vec::new();
    for (unit, flag) in merged.into_iter().zip(joined) {
        if let Some(unit) = unit {
            out.push(unit);
            flags.push(flag);
        }
    }
    (out, flags)
}

/// A grid column as a message names it.
fn cell_name(cell: Cell) -> String {
    match cell {
        Cell::Extent => "the extent".into(),
        Cell::Label => "the label".into(),
        Cell::Attribute(attr) => format!("{attr}"),
        Cell::Note => "the note".into(),
    }
}

/// Spans equal in everything gold takes from them (not their ids, notes or times).
fn same(a: &Span, b: &Span) -> bool {
    (a.start, a.end, a.label, &a.attrs) == (b.start, b.end, b.label, &b.attrs)
}

impl Board {
    /// Aligns the versions (annotators in this order) and reads what `gold` decided.
    pub fn new(versions: Vec<Version>, settings: Settings, gold: &Annotated) -> Board {
        let slices: Vec<&[Span]> = versions.iter().map(|v| v.spans.as_slice()).collect();
        let theta = f64::from(settings.iou_percent.clamp(1, 100)) / 100.0;
        let (units, near_duplicates) = join_near_duplicates(align(&slices, theta), &slices);
        let unit_of = unit_of_spans(&units, &slices);
        // Relations join through the units of their ends: every relation as (from unit, to
        // unit, kind, annotator, index), sorted, then grouped (sorted lists rather than maps:
        // each map type costs the app kilobytes).
        let mut joined: Vec<(usize, usize, u8, usize, usize)> = Vec::new();
        for (a, version) in versions.iter().enumerate() {
            let mut index: Vec<(u64, usize)> = version
                .spans
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.0, i))
                .collect();
            crate::core::sort::sort_by_key(&mut index, |x| x.0);
            let find = |id: SpanId| {
                index
                    .binary_search_by(|x| x.0.cmp(&id.0))
                    .ok()
                    .map(|at| index[at].1)
            };
            for (r, relation) in version.relations.iter().enumerate() {
                if let (Some(f), Some(t)) = (find(relation.from), find(relation.to)) {
                    joined.push((unit_of[a][f], unit_of[a][t], relation.kind as u8, a, r));
                }
            }
        }
        crate::core::sort::sort_by_key(&mut joined, |x| *x);
        let mut links: Vec<LinkUnit> = Vec::new();
        for (from, to, kind, a, r) in joined {
            let same = links
                .last()
                .is_some_and(|l| (l.from, l.to, l.kind as u8) == (from, to, kind));
            if !same {
                links.push(LinkUnit {
                    kind: RelationKind::ALL[kind as usize],
                    from,
                    to,
                    members: vec![None; versions.len()],
                });
            }
            if let Some(link) = links.last_mut() {
                link.members[a].get_or_insert(r);
            }
        }
        let mut board = Board {
            joined: near_duplicates,
            span_outcome: vec![None; units.len()],
            open_state: Vec::new(),
            link_outcome: vec![None; links.len()],
            versions,
            units,
            links,
            settings,
        };
        board.open_state = (0..board.units.len())
            .map(|u| match () {
                _ if board.proposal(u).is_some() => State::Pending,
                _ if board.groups(u).len() > 1 => State::Disagreeing,
                _ => State::Incomplete,
            })
            .collect();
        board.read(gold);
        board
    }

    /// Reads again what gold decided (after a decision, an undo or a redo).
    pub fn read(&mut self, gold: &Annotated) {
        self.span_outcome.iter_mut().for_each(|o| *o = None);
        self.link_outcome.iter_mut().for_each(|o| *o = None);
        let Some(record) = gold.gold() else { return };
        let names: Vec<&str> = self.versions.iter().map(|v| v.annotator.as_str()).collect();
        // Keyed by annotator, item kind and id number in one sorted list: no string made per
        // span, no map.
        let mut decided: Vec<(u64, Outcome)> = Vec::new();
        let mut put = |sources: &[Source], outcome: Outcome| {
            for s in sources {
                let a = names.iter().position(|n| *n == s.annotator);
                if let (Some(a), Some((kind, id))) = (a, id_key(&s.id)) {
                    decided.push((outcome_key(a, kind, id), outcome));
                }
            }
        };
        for (id, p) in record.spans.iter() {
            if gold.spans().get(*id).is_some() {
                put(&p.sources, Outcome::Gold(id.0));
            }
        }
        for (id, p) in record.relations.iter() {
            if gold.relations().get(*id).is_some() {
                put(&p.sources, Outcome::Gold(id.0));
            }
        }
        for (i, r) in record.rejected.iter().enumerate() {
            put(&r.sources, Outcome::Rejected(i));
        }
        crate::core::sort::sort_by_key(&mut decided, |x| x.0);
        let lookup = |a: usize, kind: u8, id: u64| {
            let key = outcome_key(a, kind, id);
            decided
                .binary_search_by(|x| x.0.cmp(&key))
                .ok()
                .map(|at| decided[at].1)
        };
        for (u, unit) in self.units.iter().enumerate() {
            self.span_outcome[u] = unit.members.iter().enumerate().find_map(|(a, m)| {
                let span = &self.versions[a].spans[(*m)?];
                lookup(a, b's', span.id.0)
            });
        }
        for (l, link) in self.links.iter().enumerate() {
            self.link_outcome[l] = link.members.iter().enumerate().find_map(|(a, m)| {
                let relation = &self.versions[a].relations[(*m)?];
                lookup(a, b'r', relation.id.0)
            });
        }
    }

    /// The columns of unit `u`'s grid: extent, label, the attributes its spans set, note.
    pub fn columns(&self, u: usize) -> Vec<Cell> {
        let mut cells = vec![Cell::Extent, Cell::Label];
        for attr in Attribute::ALL {
            // Only those someone set: a column of blanks would crowd the grid.
            let carried = (0..self.versions.len())
                .filter_map(|a| self.member(u, a))
                .any(|s| s.attrs.contains_key(&attr));
            if carried {
                cells.push(Cell::Attribute(attr));
            }
        }
        cells.push(Cell::Note);
        cells
    }

    /// Annotator `a`'s span in unit `u`.
    pub fn member(&self, u: usize, a: usize) -> Option<&Span> {
        self.units[u].members[a].map(|i| &self.versions[a].spans[i])
    }

    /// The annotators of unit `u` in groups of identical spans, largest group first.
    pub fn groups(&self, u: usize) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for a in self.units[u].annotators() {
            let span = self.member(u, a);
            match groups.iter_mut().find(|g| {
                span.zip(self.member(u, g[0]))
                    .is_some_and(|(x, y)| same(x, y))
            }) {
                Some(group) => group.push(a),
                None => groups.push(vec![a]),
            }
        }
        crate::core::sort::sort_by_key(&mut groups, |g| (std::cmp::Reverse(g.len()), g[0]));
        groups
    }

    /// The annotators of the unit's majority: the one largest group of two or more.
    pub fn majority(&self, u: usize) -> Option<Vec<usize>> {
        let groups = self.groups(u);
        let largest = groups.first()?;
        let unique = groups.get(1).is_none_or(|g| g.len() < largest.len());
        (largest.len() >= 2 && unique).then(|| largest.clone())
    }

    /// The annotators whose version the chosen strategy proposes for unit `u`, if it does.
    pub fn proposal(&self, u: usize) -> Option<Vec<usize>> {
        let groups = self.groups(u);
        let agreeing = groups.len() == 1;
        let everyone = groups.first()?.len() == self.versions.len();
        match self.settings.strategy {
            _ if agreeing && everyone => groups.into_iter().next(),
            Strategy::Incomplete if agreeing => groups.into_iter().next(),
            Strategy::Majority
                if self
                    .majority(u)
                    .is_some_and(|m| m.len() as u32 >= self.settings.majority) =>
            {
                self.majority(u)
            }
            _ => None,
        }
    }

    /// Where unit `u` stands.
    pub fn state(&self, u: usize) -> State {
        match self.span_outcome[u] {
            Some(Outcome::Gold(_)) => State::Accepted,
            Some(Outcome::Rejected(_)) => State::Rejected,
            None => self.open_state[u],
        }
    }

    /// The gold span unit `u` was decided as.
    pub fn gold_span(&self, u: usize) -> Option<SpanId> {
        match self.span_outcome[u] {
            Some(Outcome::Gold(id)) => Some(SpanId(id)),
            _ => None,
        }
    }

    /// Where relation unit `l` stands; `None` while an end is undecided or rejected.
    pub fn link_state(&self, l: usize) -> Option<State> {
        let link = &self.links[l];
        self.gold_span(link.from)?;
        self.gold_span(link.to)?;
        let count = link.members.iter().flatten().count();
        Some(match self.link_outcome[l] {
            Some(Outcome::Gold(_)) => State::Accepted,
            Some(Outcome::Rejected(_)) => State::Rejected,
            None if count == self.versions.len() => State::Pending,
            None => State::Incomplete,
        })
    }

    /// Every item, decided or not, with its state: span units, then relation units whose ends
    /// are in gold.
    fn items(&self) -> impl Iterator<Item = (Item, State)> + '_ {
        let spans = (0..self.units.len()).map(|u| (Item::Span(u), self.state(u)));
        let links =
            (0..self.links.len()).filter_map(|l| self.link_state(l).map(|s| (Item::Link(l), s)));
        spans.chain(links)
    }

    /// How many items are decided, of how many.
    pub fn progress(&self) -> (usize, usize) {
        let mut decided = 0;
        let mut total = 0;
        for (_, state) in self.items() {
            total += 1;
            decided += usize::from(matches!(state, State::Accepted | State::Rejected));
        }
        (decided, total)
    }

    /// The undecided items the filter lets through, in text order (a relation after both its
    /// ends, at its later end).
    pub fn queue(&self, filter: Filter) -> Vec<Item> {
        let mut items: Vec<(usize, Item)> = self
            .items()
            .filter(|(item, state)| {
                let undecided = !matches!(state, State::Accepted | State::Rejected);
                undecided
                    && match (filter, item) {
                        (Filter::All, _) => true,
                        (Filter::Disagreements, _) => *state == State::Disagreeing,
                        (Filter::Incomplete, _) => *state == State::Incomplete,
                        (Filter::Label(label), Item::Span(u)) => (0..self.versions.len())
                            .any(|a| self.member(*u, a).is_some_and(|s| s.label == label)),
                        (Filter::Label(_), Item::Link(_)) => false,
                    }
            })
            .map(|(item, _)| (self.place(item), item))
            .collect();
        crate::core::sort::sort_by_key(&mut items, |(at, item)| {
            (*at, matches!(item, Item::Link(_)))
        });
        items.into_iter().map(|(_, item)| item).collect()
    }

    /// The item after (or before) `current` in `queue` (as [`Board::queue`] gives it),
    /// wrapping around: by its place in the queue while it is there, else (just decided, or
    /// filtered out) the first past its place in the text, so units at one place are never
    /// skipped.
    pub fn step(&self, queue: &[Item], current: Option<Item>, forward: bool) -> Option<Item> {
        step_queue(
            queue,
            current,
            |i| (self.place(*i), matches!(i, Item::Link(_))),
            forward,
        )
    }

    /// Where an item is in the text: its unit's start (a relation's later end's).
    pub fn place(&self, item: Item) -> usize {
        let start = |u: usize| {
            (0..self.versions.len())
                .filter_map(|a| self.member(u, a).map(|s| s.start))
                .min()
                .unwrap_or(0)
        };
        match item {
            Item::Span(u) => start(u),
            Item::Link(l) => start(self.links[l].from).max(start(self.links[l].to)),
        }
    }

    fn source(&self, a: usize, span: &Span) -> Source {
        Source {
            annotator: self.versions[a].annotator.clone(),
            id: span_id_text(span.id),
        }
    }

    fn names(&self, annotators: &[usize]) -> Vec<String> {
        annotators
            .iter()
            .map(|&a| self.versions[a].annotator.clone())
            .collect()
    }

    /// The edits that undo unit `u`'s present decision, if any (a decision replaces it): a
    /// rejection's record, or the gold span's record, to be replaced along with the span.
    fn undecide(&self, gold: &Annotated, u: usize) -> (Vec<Edit>, Option<(Span, Provenance)>) {
        let record = gold.gold();
        match self.span_outcome[u] {
            outcome @ Some(Outcome::Rejected(_)) => {
                (unreject(gold, outcome).into_iter().collect(), None)
            }
            Some(Outcome::Gold(id)) => {
                let id = SpanId(id);
                let span = gold.spans().get(id).cloned();
                let p = record.and_then(|g| g.spans.get(&id)).cloned();
                (Vec::new(), span.zip(p))
            }
            None => (Vec::new(), None),
        }
    }

    /// The edits that put `span` (its id aside) into gold for unit `u` with this provenance,
    /// replacing the unit's present decision.
    fn put_span(
        &self,
        gold: &Annotated,
        u: usize,
        span: &Span,
        provenance: Provenance,
        now: i64,
    ) -> Vec<Edit> {
        let (mut edits, present) = self.undecide(gold, u);
        match present {
            Some((before, old)) => {
                let after = Span {
                    id: before.id,
                    created: before.created,
                    modified: now,
                    ..span.clone()
                };
                let id = after.id;
                edits.push(Edit::Update { before, after });
                edits.push(Edit::Gold {
                    before: Some(Box::new(Mark::Span(id, old))),
                    after: Some(Box::new(Mark::Span(id, provenance))),
                });
            }
            None => {
                let id = gold.next_span_id();
                edits.push(Edit::Create(Span {
                    id,
                    created: now,
                    modified: now,
                    ..span.clone()
                }));
                edits.push(record(Mark::Span(id, provenance)));
            }
        }
        edits
    }

    /// `1`-`9`: annotator `a`'s version of unit `u`, whole.
    pub fn take(
        &self,
        gold: &mut Annotated,
        u: usize,
        a: usize,
        by: &str,
        now: i64,
    ) -> Result<Changed, String> {
        let span = self
            .member(u, a)
            .ok_or_else(|| format!("{} has no span here.", self.versions[a].annotator))?;
        let agreed: Vec<usize> = self
            .groups(u)
            .into_iter()
            .find(|g| g.contains(&a))
            .unwrap_or_default();
        let provenance = Provenance {
            decision: Decision::Picked,
            sources: vec![self.source(a, span)],
            agreed_by: self.names(&agreed),
            by: by.into(),
            at: now,
        };
        let edits = self.put_span(gold, u, span, provenance, now);
        Ok(gold.decide(edits, now))
    }

    /// The spans of unit `u` by `annotators` (those who have one), as gold records sources.
    fn sources(&self, u: usize, annotators: &[usize]) -> Vec<Source> {
        annotators
            .iter()
            .filter_map(|&a| self.member(u, a).map(|s| self.source(a, s)))
            .collect()
    }

    /// The annotators whose span in unit `u` is identical to `span`.
    fn agreeing_with(&self, u: usize, span: &Span) -> Vec<usize> {
        self.units[u]
            .annotators()
            .filter(|&b| self.member(u, b).is_some_and(|s| same(s, span)))
            .collect()
    }

    /// How many annotators drew relation unit `l`.
    pub fn link_votes(&self, l: usize) -> usize {
        self.links[l].members.iter().filter(|m| m.is_some()).count()
    }

    /// How many annotators make a majority of a cell: more than half of them (at least the
    /// threshold a majority strategy names).
    pub fn majority_needed(&self) -> usize {
        let half = self.versions.len() / 2 + 1;
        match self.settings.strategy {
            Strategy::Majority => half.max(self.settings.majority as usize),
            _ => half,
        }
    }

    /// Unit `u` as the grid's majority makes it, cell by cell (extent, label, each attribute
    /// someone set: the value [`Board::majority_needed`] annotators share; the note is left
    /// out), with the annotators whose values it took. `Err` names the first cell without one.
    pub fn cell_majority(&self, u: usize) -> Result<(Span, Vec<usize>), Cell> {
        let needed = self.majority_needed().max(2);
        let members: Vec<(usize, &Span)> = (0..self.versions.len())
            .filter_map(|a| self.member(u, a).map(|s| (a, s)))
            .collect();
        // The annotators sharing the most common value of `key`, if they are enough.
        fn winners<K: PartialEq>(
            members: &[(usize, &Span)],
            key: impl Fn(&Span) -> K,
            needed: usize,
        ) -> Option<Vec<usize>> {
            let mut groups: Vec<(K, Vec<usize>)> = Vec::new();
            for (a, s) in members {
                let k = key(s);
                match groups.iter_mut().find(|(g, _)| *g == k) {
                    Some((_, who)) => who.push(*a),
                    None => groups.push((k, vec![*a])),
                }
            }
            groups.sort_by_key(|(_, who)| std::cmp::Reverse(who.len()));
            let first = groups.first()?;
            let unique = groups.get(1).is_none_or(|g| g.1.len() < first.1.len());
            (unique && first.1.len() >= needed).then(|| first.1.clone())
        }
        let extent = winners(&members, |s| (s.start, s.end), needed).ok_or(Cell::Extent)?;
        let label = winners(&members, |s| s.label, needed).ok_or(Cell::Label)?;
        let base = self.member(u, extent[0]).ok_or(Cell::Extent)?;
        let label_of = self.member(u, label[0]).ok_or(Cell::Label)?.label;
        let mut span = Span {
            note: String::new(),
            ..base.clone()
        };
        span.label = label_of;
        span.attrs.clear();
        let mut used: Vec<usize> = extent.iter().chain(&label).copied().collect();
        for cell in self.columns(u) {
            let Cell::Attribute(attr) = cell else {
                continue;
            };
            if !label_of.attributes().contains(&attr) {
                continue;
            }
            let who = winners(&members, |s| s.attrs.get(&attr).cloned(), needed)
                .ok_or(Cell::Attribute(attr))?;
            if let Some(v) = self.member(u, who[0]).and_then(|s| s.attrs.get(&attr)) {
                span.attrs.insert(attr, v.clone());
            }
            used.extend(who);
        }
        used.sort_unstable();
        used.dedup();
        Ok((span, used))
    }

    /// `A`: the proposal, else the whole-span majority, else the majority cell by cell (the
    /// rule the grid shows). Refused, naming the cell, where a cell has no majority.
    pub fn accept(
        &self,
        gold: &mut Annotated,
        u: usize,
        by: &str,
        now: i64,
    ) -> Result<Changed, String> {
        if let Some(group) = self.proposal(u).or_else(|| self.majority(u)) {
            return self.take(gold, u, group[0], by, now);
        }
        let (span, used) = self.cell_majority(u).map_err(|cell| {
            format!(
                "No majority for {} here ({} of {} needed): take a version by its number, or a cell with Shift and its number.",
                cell_name(cell),
                self.majority_needed().max(2),
                self.versions.len()
            )
        })?;
        let agreed = self.agreeing_with(u, &span);
        let provenance = Provenance {
            decision: Decision::Cells,
            sources: self.sources(u, &used),
            agreed_by: self.names(&agreed),
            by: by.into(),
            at: now,
        };
        let edits = self.put_span(gold, u, &span, provenance, now);
        Ok(gold.decide(edits, now))
    }

    /// Shift + `1`-`9`: one cell of unit `u` from annotator `a`, the rest from what gold has
    /// (else the proposal, the majority or the first version).
    pub fn take_cell(
        &self,
        gold: &mut Annotated,
        u: usize,
        a: usize,
        cell: Cell,
        by: &str,
        now: i64,
    ) -> Result<Changed, String> {
        let from = self
            .member(u, a)
            .ok_or_else(|| format!("{} has no span here.", self.versions[a].annotator))?;
        let present = self
            .gold_span(u)
            .and_then(|id| gold.spans().get(id).cloned());
        let base_annotator = self
            .proposal(u)
            .or_else(|| self.majority(u))
            .map(|g| g[0])
            .or_else(|| self.units[u].annotators().next())
            .unwrap_or(a);
        let mut sources: Vec<Source> = match (&present, self.gold_span(u)) {
            (Some(_), Some(id)) => gold
                .gold()
                .and_then(|g| g.spans.get(&id))
                .map(|p| p.sources.clone())
                .unwrap_or_default(),
            _ => self
                .member(u, base_annotator)
                .map(|s| vec![self.source(base_annotator, s)])
                .unwrap_or_default(),
        };
        let mut span = present
            .or_else(|| self.member(u, base_annotator).cloned())
            .unwrap_or_else(|| from.clone());
        match cell {
            Cell::Extent => (span.start, span.end) = (from.start, from.end),
            Cell::Label => {
                span.label = from.label;
                span.retain_attributes_of(from.label);
            }
            Cell::Attribute(attr) => {
                if !span.label.attributes().contains(&attr) {
                    return Err(format!("{} spans have no {attr}.", span.label));
                }
                match from.attrs.get(&attr) {
                    Some(v) => span.attrs.insert(attr, v.clone()),
                    None => span.attrs.remove(&attr),
                };
            }
            Cell::Note => span.note = from.note.clone(),
        }
        let source = self.source(a, from);
        if !sources.contains(&source) {
            sources.push(source);
        }
        let agreed = self.agreeing_with(u, &span);
        let provenance = Provenance {
            decision: Decision::Cells,
            sources,
            agreed_by: self.names(&agreed),
            by: by.into(),
            at: now,
        };
        let edits = self.put_span(gold, u, &span, provenance, now);
        Ok(gold.decide(edits, now))
    }

    /// `X`: unit `u` is not an annotation (its gold span, if taken before, goes, with the
    /// relations it had in gold).
    pub fn reject(
        &self,
        gold: &mut Annotated,
        u: usize,
        note: &str,
        by: &str,
        now: i64,
    ) -> Result<Changed, String> {
        let (mut edits, present) = self.undecide(gold, u);
        if let Some((span, provenance)) = present {
            for relation in gold.relations().of(span.id) {
                if let Some(p) = gold.gold().and_then(|g| g.relations.get(&relation.id)) {
                    edits.push(unrecord(Mark::Relation(relation.id, p.clone())));
                }
                edits.push(Edit::Unlink(relation.clone()));
            }
            edits.push(unrecord(Mark::Span(span.id, provenance)));
            edits.push(Edit::Delete(span));
        }
        let sources = self.units[u]
            .annotators()
            .filter_map(|a| self.member(u, a).map(|s| self.source(a, s)))
            .collect();
        edits.push(rejection(sources, note, by, now));
        Ok(gold.decide(edits, now))
    }

    /// After the adjudicator changed unit `u`'s gold span with the usual keys (E): its
    /// provenance says "edited", with the annotators it still agrees with (one step).
    pub fn mark_edited(
        &self,
        gold: &mut Annotated,
        u: usize,
        by: &str,
        now: i64,
    ) -> Result<Changed, String> {
        let Some(id) = self.gold_span(u) else {
            return Ok(Changed::default());
        };
        let (Some(span), Some(before)) = (
            gold.spans().get(id).cloned(),
            gold.gold().and_then(|g| g.spans.get(&id)).cloned(),
        ) else {
            return Ok(Changed::default());
        };
        let agreed: Vec<usize> = self.units[u]
            .annotators()
            .filter(|&a| self.member(u, a).is_some_and(|m| same(m, &span)))
            .collect();
        let agreed_by = self.names(&agreed);
        let after = Provenance {
            decision: Decision::Edited,
            agreed_by,
            by: by.into(),
            at: now,
            ..before.clone()
        };
        let edit = Edit::Gold {
            before: Some(Box::new(Mark::Span(id, before))),
            after: Some(Box::new(Mark::Span(id, after))),
        };
        Ok(gold.decide(vec![edit], now))
    }

    /// The annotators who have relation unit `l`, and their relations as sources.
    fn link_sources(&self, l: usize) -> (Vec<usize>, Vec<Source>) {
        let link = &self.links[l];
        (0..self.versions.len())
            .filter_map(|a| {
                let r = link.members[a]?;
                let source = Source {
                    annotator: self.versions[a].annotator.clone(),
                    id: relation_id_text(self.versions[a].relations[r].id),
                };
                Some((a, source))
            })
            .unzip()
    }

    /// The edits that put relation unit `l` into gold, between the gold spans of its ends
    /// (replacing its rejection, if it was rejected).
    fn link_edits(
        &self,
        gold: &Annotated,
        l: usize,
        decision: Decision,
        by: &str,
        now: i64,
    ) -> Result<Vec<Edit>, String> {
        let link = &self.links[l];
        let (Some(from), Some(to)) = (self.gold_span(link.from), self.gold_span(link.to)) else {
            return Err("Decide the relation's two ends first.".into());
        };
        let relation = gold
            .new_link(link.kind, from, to, now)
            .map_err(|e| e.to_string())?;
        let (annotators, sources) = self.link_sources(l);
        let provenance = Provenance {
            decision,
            sources,
            agreed_by: self.names(&annotators),
            by: by.into(),
            at: now,
        };
        let id = relation.id;
        let mut edits: Vec<Edit> = unreject(gold, self.link_outcome[l]).into_iter().collect();
        edits.push(Edit::Link(relation));
        edits.push(record(Mark::Relation(id, provenance)));
        Ok(edits)
    }

    /// `A` or a number on a relation unit: the relation into gold.
    pub fn accept_link(
        &self,
        gold: &mut Annotated,
        l: usize,
        by: &str,
        now: i64,
    ) -> Result<Changed, String> {
        if self.link_outcome[l].is_some_and(|o| matches!(o, Outcome::Gold(_))) {
            return Err("This relation is in gold already.".into());
        }
        let edits = self.link_edits(gold, l, Decision::Picked, by, now)?;
        Ok(gold.decide(edits, now))
    }

    /// `X` on a relation unit: not a relation.
    pub fn reject_link(
        &self,
        gold: &mut Annotated,
        l: usize,
        note: &str,
        by: &str,
        now: i64,
    ) -> Result<Changed, String> {
        let mut edits = Vec::new();
        if let Some(Outcome::Gold(id)) = self.link_outcome[l] {
            let id = RelationId(id);
            if let (Some(relation), Some(p)) = (
                gold.relations().get(id).cloned(),
                gold.gold().and_then(|g| g.relations.get(&id)).cloned(),
            ) {
                edits.push(unrecord(Mark::Relation(id, p)));
                edits.push(Edit::Unlink(relation));
            }
        }
        let (_, sources) = self.link_sources(l);
        edits.push(rejection(sources, note, by, now));
        Ok(gold.decide(edits, now))
    }

    /// Makes decision `act` on `item`: one undoable step of gold, or why not.
    pub fn act(
        &self,
        gold: &mut Annotated,
        item: Item,
        act: &Act,
        by: &str,
        now: i64,
    ) -> Result<Changed, String> {
        let n = self.versions.len();
        if let Act::Take(k) | Act::Cell(k, _) = act {
            if *k >= n {
                return Err(format!("There are {n} versions: press 1 to {n}."));
            }
        }
        match (item, act) {
            (Item::Span(u), Act::Take(k)) => self.take(gold, u, *k, by, now),
            (Item::Span(u), Act::Cell(k, column)) => {
                let cells = self.columns(u);
                let cell = cells[(*column).min(cells.len() - 1)];
                self.take_cell(gold, u, *k, cell, by, now)
            }
            (Item::Span(u), Act::Accept) => self.accept(gold, u, by, now),
            (Item::Span(u), Act::Reject(note)) => self.reject(gold, u, note, by, now),
            (Item::Span(u), Act::Edited) => self.mark_edited(gold, u, by, now),
            (Item::Link(l), Act::Take(k) | Act::Cell(k, _))
                if self.links[l].members[*k].is_none() =>
            {
                Err("That annotator does not have this relation: X rejects it.".into())
            }
            (Item::Link(l), Act::Accept) if self.link_votes(l) < self.majority_needed() => {
                Err(format!(
                    "Only {} of {} annotators drew this relation, and a majority is {}: take it by an annotator's number, or X rejects it.",
                    self.link_votes(l),
                    self.versions.len(),
                    self.majority_needed()
                ))
            }
            (Item::Link(l), Act::Take(_) | Act::Cell(..) | Act::Accept) => {
                self.accept_link(gold, l, by, now)
            }
            (Item::Link(l), Act::Reject(note)) => self.reject_link(gold, l, note, by, now),
            (Item::Link(_), Act::Edited) => Ok(Changed::default()),
        }
    }

    /// Merges what every annotator has identically into gold, outside the history: unanimous
    /// spans, then unanimous relations between them. Returns how many items it merged.
    pub fn merge_unanimous(&mut self, gold: &mut Annotated, by: &str, now: i64) -> usize {
        let everyone: Vec<usize> = (0..self.versions.len()).collect();
        let mut merged = 0;
        for u in 0..self.units.len() {
            let groups = self.groups(u);
            if self.span_outcome[u].is_some() || groups.len() != 1 || groups[0] != everyone {
                continue;
            }
            let Some(span) = self.member(u, 0) else {
                continue;
            };
            let provenance = Provenance {
                decision: Decision::Unanimous,
                sources: self.sources(u, &everyone),
                agreed_by: self.names(&everyone),
                by: by.into(),
                at: now,
            };
            let span = Span {
                note: String::new(),
                ..span.clone()
            };
            let edits = self.put_span(gold, u, &span, provenance, now);
            gold.settle(&edits);
            self.span_outcome[u] = Some(Outcome::Gold(gold.next_span_id().0 - 1));
            merged += 1;
        }
        self.read(gold);
        for l in 0..self.links.len() {
            let all = self.links[l].members.iter().all(Option::is_some);
            if all && self.link_state(l) == Some(State::Pending) {
                if let Ok(edits) = self.link_edits(gold, l, Decision::Unanimous, by, now) {
                    gold.settle(&edits);
                    merged += 1;
                }
            }
        }
        self.read(gold);
        merged
    }
}

/// The edit that records a unit as "not an annotation".
fn rejection(sources: Vec<Source>, note: &str, by: &str, now: i64) -> Edit {
    record(Mark::Rejected(Rejected {
        sources,
        by: by.into(),
        at: now,
        note: note.into(),
    }))
}

/// The edit that takes back a unit's rejection, when `outcome` is one.
fn unreject(gold: &Annotated, outcome: Option<Outcome>) -> Option<Edit> {
    let Some(Outcome::Rejected(i)) = outcome else {
        return None;
    };
    let rejected = gold.gold()?.rejected.get(i)?.clone();
    Some(unrecord(Mark::Rejected(rejected)))
}

/// One number for an annotator's item: annotator, kind (`s` or `r`), id (ids stay below
/// 2^53).
fn outcome_key(a: usize, kind: u8, id: u64) -> u64 {
    ((a as u64) << 56) | (u64::from(kind == b'r') << 55) | (id & ((1 << 55) - 1))
}

/// A source's id as (kind, number): `s12` is (b's', 12), `r3` is (b'r', 3).
fn id_key(id: &str) -> Option<(u8, u64)> {
    let kind = *id.as_bytes().first()?;
    Some((kind, id[1..].parse().ok()?))
}

/// The annotators' versions of the text `sha256` in the workspace (named, not gold; an
/// annotator's latest), and the text's gold version if it has one.
pub fn versions_in<'a>(
    entries: impl Iterator<Item = &'a DocEntry>,
    sha256: &str,
) -> (Vec<&'a DocEntry>, Option<&'a DocEntry>) {
    let mut versions: Vec<&DocEntry> = Vec::new();
    let mut gold = None;
    for entry in entries.filter(|e| e.text_sha256() == sha256) {
        if entry.doc.gold().is_some() {
            gold = gold.or(Some(entry));
        } else if !entry.annotator.trim().is_empty() {
            match versions.iter_mut().find(|v| v.annotator == entry.annotator) {
                Some(same) if same.modified < entry.modified => *same = entry,
                Some(_) => {}
                None => versions.push(entry),
            }
        }
    }
    (versions, gold)
}

/// The versions in the order the gold version's inputs list their annotators (numbered as
/// when adjudication started, whatever order the workspace has them in); others after.
pub fn in_input_order<'a>(mut versions: Vec<&'a DocEntry>, gold: &Annotated) -> Vec<&'a DocEntry> {
    if let Some(record) = gold.gold() {
        let rank = |e: &&DocEntry| {
            let inputs = &record.info.inputs;
            inputs
                .iter()
                .position(|i| i.annotator == e.annotator)
                .unwrap_or(inputs.len())
        };
        crate::core::sort::sort_by_key(&mut versions, rank);
    }
    versions
}

/// The versions as the board takes them.
pub fn version_of(entry: &DocEntry) -> Version {
    Version {
        annotator: entry.annotator.clone(),
        spans: entry.doc.spans().iter().cloned().collect(),
        relations: entry.doc.relations().iter().cloned().collect(),
    }
}

/// Starts adjudicating: a gold version of `text` (an annotator's version's document, its
/// spans left out) with the unanimous units merged, and the board to go on with.
pub fn start(
    template: &Annotated,
    versions: Vec<Version>,
    settings: Settings,
    adjudicator: &str,
    now: i64,
) -> (Annotated, Board) {
    let mut gold =
        Annotated::from_document(template.doc().clone(), template.meta().clone(), Vec::new());
    let sha256 = template.doc().sha256().to_string();
    gold.set_gold(Some(Gold::new(Info {
        adjudicator: adjudicator.into(),
        started: now,
        finished: None,
        inputs: versions
            .iter()
            .map(|v| Input {
                annotator: v.annotator.clone(),
                sha256: sha256.clone(),
            })
            .collect(),
        settings,
    })));
    let mut board = Board::new(versions, settings, &gold);
    board.merge_unanimous(&mut gold, adjudicator, now);
    (gold, board)
}

/// The item after (or before) `current` in `queue`, ordered by `key`, wrapping around (see
/// [`Board::step`]).
pub fn step_queue<T: Copy + PartialEq, K: Ord>(
    queue: &[T],
    current: Option<T>,
    key: impl Fn(&T) -> K,
    forward: bool,
) -> Option<T> {
    let wrap = || {
        if forward {
            queue.first().copied()
        } else {
            queue.last().copied()
        }
    };
    let Some(current) = current else {
        return wrap();
    };
    if let Some(at) = queue.iter().position(|i| *i == current) {
        let next = if forward {
            queue.get(at + 1)
        } else {
            at.checked_sub(1).and_then(|p| queue.get(p))
        };
        return next.copied().or_else(wrap);
    }
    let here = key(&current);
    let found = if forward {
        queue.iter().find(|i| key(i) >= here)
    } else {
        queue.iter().rev().find(|i| key(i) <= here)
    };
    found.copied().or_else(wrap)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::Strategy;
    use super::*;
    use crate::core::text::document::Metadata;
    use proptest::prelude::*;

    #[test]
    fn the_queue_steps_one_by_one_even_among_units_at_one_place() {
        // Three units at place 5 (two relations ending there), one at 9.
        let queue = [(5, 'a'), (5, 'b'), (5, 'c'), (9, 'd')];
        let key = |i: &(usize, char)| i.0;
        let walk: Vec<char> = std::iter::successors(Some((5, 'a')), |c| {
            step_queue(&queue, Some(*c), key, true).filter(|n| n.1 != 'a')
        })
        .map(|i| i.1)
        .collect();
        assert_eq!(walk, ['a', 'b', 'c', 'd'], "none skipped");
        assert_eq!(
            step_queue(&queue, Some((9, 'd')), key, true),
            Some((5, 'a')),
            "wraps"
        );
        assert_eq!(
            step_queue(&queue, Some((5, 'a')), key, false),
            Some((9, 'd'))
        );
        // The current unit just decided (gone from the queue): the next at its place or after.
        let rest = [(5, 'b'), (5, 'c'), (9, 'd')];
        assert_eq!(step_queue(&rest, Some((5, 'a')), key, true), Some((5, 'b')));
        assert_eq!(step_queue(&rest, Some((7, 'x')), key, true), Some((9, 'd')));
        assert_eq!(
            step_queue::<(usize, char), usize>(&[], None, key, true),
            None
        );
    }

    const TEXT: &str =
        "Japan will fund ports. The US welcomed it. Both sides agreed. They may act.";

    fn span(id: u64, start: usize, end: usize, label: Label) -> Span {
        Span::bare(id, start, end, label)
    }

    fn version(name: &str, spans: Vec<Span>) -> Version {
        Version {
            annotator: name.into(),
            spans,
            relations: Vec::new(),
        }
    }

    /// Three annotators: unit 0 unanimous; unit 1 two against one on the label; unit 2 two
    /// agree and one is missing; unit 3 the same label with other boundaries.
    fn three() -> Vec<Version> {
        use Label::*;
        vec![
            version(
                "ana",
                vec![
                    span(1, 0, 5, Party),
                    span(2, 6, 21, Commitment),
                    span(3, 24, 30, Party),
                    span(4, 62, 75, Stance),
                ],
            ),
            version(
                "ben",
                vec![
                    span(7, 0, 5, Party),
                    span(8, 6, 21, Commitment),
                    span(9, 24, 30, Party),
                    span(10, 62, 74, Stance),
                ],
            ),
            version("cy", vec![span(1, 0, 5, Party), span(2, 6, 21, Stance)]),
        ]
    }

    fn template() -> Annotated {
        Annotated::new(TEXT.into(), Metadata::default())
    }

    fn begin(strategy: Strategy) -> (Annotated, Board) {
        let settings = Settings {
            strategy,
            ..Settings::default()
        };
        start(&template(), three(), settings, "judge", 100)
    }

    fn states(board: &Board) -> Vec<State> {
        (0..board.units.len()).map(|u| board.state(u)).collect()
    }

    #[test]
    fn near_duplicates_below_the_threshold_are_one_unit_and_an_annotators_two_spans_stay_two() {
        use Label::*;
        // ana's and ben's commitments overlap with IoU 5/15, below 0.5: one unit, flagged.
        // cy drew two parties that overlap each other: they stay two units.
        let versions = vec![
            version("ana", vec![span(1, 6, 21, Commitment)]),
            version(
                "ben",
                vec![span(1, 6, 11, Commitment), span(2, 40, 45, Party)],
            ),
            version("cy", vec![span(1, 40, 45, Party), span(2, 42, 50, Party)]),
        ];
        let (mut gold, board) = start(&template(), versions, Settings::default(), "judge", 100);
        let commitment = (0..board.units.len())
            .find(|&u| board.member(u, 0).is_some())
            .unwrap();
        assert!(board.joined[commitment]);
        assert_eq!(
            board.units[commitment].annotators().collect::<Vec<_>>(),
            vec![0, 1]
        );
        assert_eq!(board.state(commitment), State::Disagreeing);
        assert_eq!(board.units.len(), 3, "{:?}", board.units);
        assert_eq!(board.joined.iter().filter(|j| **j).count(), 1);
        // Taking ana's version decides both spans: gold gets one commitment, not two.
        let mut board = board;
        board
            .act(
                &mut gold,
                Item::Span(commitment),
                &Act::Take(0),
                "judge",
                200,
            )
            .unwrap();
        board.read(&gold);
        let commitments = gold
            .spans()
            .iter()
            .filter(|s| s.label == Commitment)
            .count();
        assert_eq!(commitments, 1);
        assert_eq!(board.state(commitment), State::Accepted);
    }

    #[test]
    fn a_takes_the_majority_cell_by_cell_where_no_two_spans_are_whole_alike() {
        use Attribute::{Committer, Strength};
        let with = |id, committer: &str, strength: &str| {
            let mut s = span(id, 6, 21, Label::Commitment);
            s.attrs.insert(Committer, committer.into());
            s.attrs.insert(Strength, strength.into());
            s
        };
        let versions = vec![
            version("ana", vec![with(1, "joint", "intent")]),
            version("ben", vec![with(1, "joint", "firm")]),
            version("cy", vec![with(1, "single", "intent")]),
        ];
        let (mut gold, board) = start(&template(), versions, Settings::default(), "judge", 100);
        assert_eq!(board.majority(0), None, "no two spans whole alike");
        board.accept(&mut gold, 0, "judge", 200).unwrap();
        let taken = gold.spans().iter().next().unwrap().clone();
        assert_eq!(
            (taken.start, taken.end, taken.label),
            (6, 21, Label::Commitment)
        );
        assert_eq!(
            taken.attrs.get(&Committer).map(String::as_str),
            Some("joint")
        );
        assert_eq!(
            taken.attrs.get(&Strength).map(String::as_str),
            Some("intent")
        );
        let p = gold.gold().unwrap().spans.values().next().unwrap().clone();
        assert_eq!(p.decision, Decision::Cells);
        assert_eq!(p.sources.len(), 3);
        // A cell with no majority is named, and nothing is taken.
        let split = vec![
            version("ana", vec![with(1, "joint", "intent")]),
            version("ben", vec![with(1, "single", "firm")]),
            version("cy", vec![with(1, "other", "hope")]),
        ];
        let (mut gold, board) = start(&template(), split, Settings::default(), "judge", 100);
        let refused = board.accept(&mut gold, 0, "judge", 200).unwrap_err();
        assert!(refused.contains("No majority for committer"), "{refused}");
        assert!(gold.spans().is_empty());
    }

    #[test]
    fn unanimous_units_are_merged_at_the_start_and_nothing_else() {
        let (gold, board) = begin(Strategy::Unanimous);
        use State::*;
        assert_eq!(
            states(&board),
            [Accepted, Disagreeing, Incomplete, Disagreeing]
        );
        assert_eq!(gold.spans().len(), 1);
        let record = gold.gold().unwrap();
        let p = record.spans.values().next().unwrap();
        assert_eq!(p.decision, Decision::Unanimous);
        assert_eq!(p.agreed_by, ["ana", "ben", "cy"]);
        assert_eq!(p.sources.len(), 3);
        // Not an edit: nothing to undo.
        assert!(gold.history().undo_description().is_none());
        assert_eq!(board.progress(), (1, 4));
        assert_eq!(
            board.queue(Filter::All),
            [Item::Span(1), Item::Span(2), Item::Span(3)]
        );
        assert_eq!(
            board.queue(Filter::Disagreements),
            [Item::Span(1), Item::Span(3)]
        );
        assert_eq!(board.queue(Filter::Incomplete), [Item::Span(2)]);
        assert_eq!(
            board.queue(Filter::Label(Label::Stance)),
            [Item::Span(1), Item::Span(3)]
        );
    }

    #[test]
    fn strategies_propose_but_never_decide_and_boundaries_alone_are_never_proposed() {
        let (gold, board) = begin(Strategy::Majority);
        assert_eq!(board.state(1), State::Pending, "two of three agree");
        assert_eq!(
            board.state(2),
            State::Pending,
            "two of three, the third missing"
        );
        assert_eq!(board.state(3), State::Disagreeing, "boundaries differ");
        assert_eq!(gold.spans().len(), 1);
        let (_, board) = begin(Strategy::Incomplete);
        assert_eq!(board.state(1), State::Disagreeing);
        assert_eq!(board.state(2), State::Pending);
        assert_eq!(board.state(3), State::Disagreeing);
    }

    #[test]
    fn every_decision_is_recorded_and_undone_in_one_step() {
        let (mut gold, mut board) = begin(Strategy::Unanimous);
        // Take cy's STANCE for unit 1.
        board.take(&mut gold, 1, 2, "judge", 200).unwrap();
        board.read(&gold);
        assert_eq!(board.state(1), State::Accepted);
        let id = board.gold_span(1).unwrap();
        assert_eq!(gold.spans().get(id).unwrap().label, Label::Stance);
        let p = &gold.gold().unwrap().spans[&id];
        assert_eq!(
            (p.decision, p.agreed_by.clone()),
            (Decision::Picked, vec!["cy".to_string()])
        );
        // Take it again from ana: the same gold span, changed, one more step.
        board.take(&mut gold, 1, 0, "judge", 210).unwrap();
        board.read(&gold);
        assert_eq!(board.gold_span(1), Some(id));
        assert_eq!(gold.spans().get(id).unwrap().label, Label::Commitment);
        assert_eq!(gold.gold().unwrap().spans[&id].agreed_by, ["ana", "ben"]);
        gold.undo();
        board.read(&gold);
        assert_eq!(gold.spans().get(id).unwrap().label, Label::Stance);
        gold.undo();
        board.read(&gold);
        assert_eq!(board.state(1), State::Disagreeing);
        assert!(!gold.gold().unwrap().spans.contains_key(&id));
        gold.redo();
        board.read(&gold);
        assert_eq!(board.state(1), State::Accepted);

        // Accept the majority of unit 1 (ana and ben).
        board.accept(&mut gold, 1, "judge", 220).unwrap();
        board.read(&gold);
        assert_eq!(gold.spans().get(id).unwrap().label, Label::Commitment);
        // Unit 3 has no majority.
        assert!(board.accept(&mut gold, 3, "judge", 230).is_err());

        // Cells: ben's extent, ana's label, for unit 3.
        board
            .take_cell(&mut gold, 3, 1, Cell::Extent, "judge", 240)
            .unwrap();
        board.read(&gold);
        let id3 = board.gold_span(3).unwrap();
        let s = gold.spans().get(id3).unwrap();
        assert_eq!((s.start, s.end, s.label), (62, 74, Label::Stance));
        let p = &gold.gold().unwrap().spans[&id3];
        assert_eq!(p.decision, Decision::Cells);
        assert_eq!(
            p.sources
                .iter()
                .map(|s| s.annotator.as_str())
                .collect::<Vec<_>>(),
            ["ana", "ben"]
        );
        assert_eq!(p.agreed_by, ["ben"]);

        // A span the adjudicator makes in gold is "added".
        gold.annotate(30, 35, Label::Party, false, 244).unwrap();
        let added = gold.next_span_id().0 - 1;
        assert_eq!(
            gold.gold().unwrap().spans[&SpanId(added)].decision,
            Decision::Added
        );
        // So is a relation: the unanimous PARTY as committer of the gold act of unit 1.
        let party = board.gold_span(0).unwrap();
        let act = board.gold_span(1).unwrap();
        gold.link(act, party, RelationKind::Committer, 244).unwrap();
        let relation = gold.relations().iter().next().unwrap().id;
        assert_eq!(
            gold.gold().unwrap().relations[&relation].decision,
            Decision::Added
        );
        gold.undo();
        assert!(gold.relations().is_empty());
        gold.undo();
        assert!(!gold.gold().unwrap().spans.contains_key(&SpanId(added)));
        // Edited by hand (E): the provenance says so, in one more step.
        gold.relabel(id3, Label::Commitment, 245).unwrap();
        board.mark_edited(&mut gold, 3, "judge", 246).unwrap();
        assert_eq!(gold.gold().unwrap().spans[&id3].decision, Decision::Edited);
        assert!(gold.gold().unwrap().spans[&id3].agreed_by.is_empty());
        gold.undo();
        assert_eq!(gold.gold().unwrap().spans[&id3].decision, Decision::Cells);
        gold.undo();
        board.read(&gold);

        // Reject unit 2: recorded with both sources and the note; the decided span of unit 3
        // rejected afterwards goes from gold.
        board
            .reject(&mut gold, 2, "a place, not a party", "judge", 250)
            .unwrap();
        board.read(&gold);
        assert_eq!(board.state(2), State::Rejected);
        let r = &gold.gold().unwrap().rejected[0];
        assert_eq!(
            (r.sources.len(), r.note.as_str()),
            (2, "a place, not a party")
        );
        board.reject(&mut gold, 3, "", "judge", 260).unwrap();
        board.read(&gold);
        assert!(gold.spans().get(id3).is_none());
        assert_eq!(board.progress(), (4, 4));
        assert!(board.queue(Filter::All).is_empty());
        gold.undo();
        board.read(&gold);
        assert_eq!(board.state(3), State::Accepted);
        assert_eq!(gold.spans().get(id3).unwrap().end, 74);
        // Taking a rejected unit replaces the rejection.
        board.take(&mut gold, 2, 0, "judge", 270).unwrap();
        board.read(&gold);
        assert_eq!(board.state(2), State::Accepted);
        assert!(gold.gold().unwrap().rejected.is_empty());
    }

    #[test]
    fn a_refuses_a_relation_only_one_annotator_drew() {
        let mut versions = three();
        versions[0].relations = vec![Relation {
            id: RelationId(1),
            kind: RelationKind::Committer,
            from: SpanId(2),
            to: SpanId(1),
            note: String::new(),
            created: 0,
            modified: 0,
        }];
        let (mut gold, mut board) = start(&template(), versions, Settings::default(), "judge", 1);
        board.take(&mut gold, 1, 0, "judge", 2).unwrap();
        board.read(&gold);
        let refused = board
            .act(&mut gold, Item::Link(0), &Act::Accept, "judge", 3)
            .unwrap_err();
        assert!(refused.contains("Only 1 of 3 annotators"), "{refused}");
        // Taken by its annotator's number, it goes in.
        board
            .act(&mut gold, Item::Link(0), &Act::Take(0), "judge", 4)
            .unwrap();
        board.read(&gold);
        assert_eq!(board.link_state(0), Some(State::Accepted));
    }

    #[test]
    fn relations_are_decided_after_their_two_ends() {
        let mut versions = three();
        let link = |id, from, to| Relation {
            id: RelationId(id),
            kind: RelationKind::Committer,
            from: SpanId(from),
            to: SpanId(to),
            note: String::new(),
            created: 0,
            modified: 0,
        };
        versions[0].relations = vec![link(1, 2, 1)];
        versions[1].relations = vec![link(5, 8, 7)];
        let (mut gold, mut board) = start(&template(), versions, Settings::default(), "judge", 1);
        assert_eq!(board.links.len(), 1);
        // Unit 1 (the act) is undecided: the relation waits.
        assert_eq!(board.link_state(0), None);
        assert_eq!(
            board.queue(Filter::All),
            [Item::Span(1), Item::Span(2), Item::Span(3)]
        );
        board.take(&mut gold, 1, 0, "judge", 2).unwrap();
        board.read(&gold);
        assert_eq!(board.link_state(0), Some(State::Incomplete));
        // At its later end (the act), before the units after it.
        assert_eq!(
            board.queue(Filter::All)[0..2],
            [Item::Link(0), Item::Span(2)]
        );
        // Two of three drew it: A takes it (a majority).
        assert_eq!(board.link_votes(0), 2);
        board
            .act(&mut gold, Item::Link(0), &Act::Accept, "judge", 3)
            .unwrap();
        board.read(&gold);
        assert_eq!(board.link_state(0), Some(State::Accepted));
        let relation = gold.relations().iter().next().unwrap().clone();
        assert_eq!(
            gold.gold().unwrap().relations[&relation.id].sources.len(),
            2
        );
        // Rejecting the act takes its gold relation with it, in one step.
        board.reject(&mut gold, 1, "", "judge", 4).unwrap();
        board.read(&gold);
        assert!(gold.relations().is_empty());
        assert_eq!(board.link_state(0), None);
        gold.undo();
        board.read(&gold);
        assert_eq!(board.link_state(0), Some(State::Accepted));
        board.reject_link(&mut gold, 0, "no", "judge", 5).unwrap();
        board.read(&gold);
        assert_eq!(board.link_state(0), Some(State::Rejected));
        assert!(gold.relations().is_empty());
    }

    #[test]
    fn a_unanimous_relation_between_unanimous_ends_is_merged_at_the_start() {
        let mut versions = three();
        versions.truncate(2);
        versions[1].spans[1].label = Label::Commitment;
        let link = |from, to| Relation {
            id: RelationId(1),
            kind: RelationKind::Committer,
            from: SpanId(from),
            to: SpanId(to),
            note: String::new(),
            created: 0,
            modified: 0,
        };
        versions[0].relations = vec![link(2, 1)];
        versions[1].relations = vec![link(8, 7)];
        let (gold, board) = start(&template(), versions, Settings::default(), "judge", 1);
        assert_eq!(gold.relations().len(), 1);
        assert_eq!(board.link_state(0), Some(State::Accepted));
        let p = gold.gold().unwrap().relations.values().next().unwrap();
        assert_eq!(p.decision, Decision::Unanimous);
    }

    #[test]
    fn a_gold_file_reads_back_with_its_provenance_and_a_bad_one_is_refused() {
        use crate::core::formats::avow::{read, write_document, AvowFile};
        use crate::core::workspace::DocEntry;
        let (mut gold, mut board) = begin(Strategy::Unanimous);
        board
            .take_cell(&mut gold, 3, 1, Cell::Extent, "judge", 240)
            .unwrap();
        board.read(&gold);
        board
            .reject(&mut gold, 2, "not a party", "judge", 250)
            .unwrap();
        gold.set_finished(Some(260));
        let entry = DocEntry::new("d-g".into(), gold, "judge".into(), 1);
        let file = write_document(&entry);
        let AvowFile::Document { entry: back, .. } = read(&file).unwrap() else {
            panic!()
        };
        assert_eq!(back.doc.gold(), entry.doc.gold());
        assert_eq!(back.doc.gold().unwrap().info.finished, Some(260));
        assert_eq!(write_document(&back), file);
        let bad = file.replacen("\"cells\"", "\"guessed\"", 1);
        let error = read(&bad).unwrap_err().to_string();
        assert!(
            error.contains("annotations[")
                && error.contains("provenance")
                && error.contains("guessed"),
            "{error}"
        );
    }

    #[test]
    fn annotators_keep_their_numbers_whatever_order_the_workspace_has() {
        use crate::core::workspace::DocEntry;
        let (gold, _) = begin(Strategy::Unanimous);
        let entries: Vec<DocEntry> = ["cy", "ben", "ana"]
            .iter()
            .map(|name| DocEntry::new(format!("d-{name}"), template(), name.to_string(), 1))
            .collect();
        let (found, none) = versions_in(entries.iter(), template().doc().sha256());
        assert!(none.is_none());
        let ordered = in_input_order(found, &gold);
        let names: Vec<&str> = ordered.iter().map(|e| e.annotator.as_str()).collect();
        assert_eq!(names, ["ana", "ben", "cy"]);
    }

    /// Every key a gold file has is one the shipped JSON Schema allows, with the same names.
    #[test]
    fn the_shipped_json_schema_allows_a_gold_file() {
        use crate::core::formats::avow::write_document;
        use crate::core::workspace::DocEntry;
        use serde_json::Value;
        let schema: Value =
            serde_json::from_str(include_str!("../../../public/avow-v2.schema.json")).unwrap();
        let defs = &schema["$defs"];
        let (mut gold, mut board) = begin(Strategy::Majority);
        board.take(&mut gold, 1, 0, "judge", 2).unwrap();
        board.read(&gold);
        board.reject(&mut gold, 2, "no", "judge", 3).unwrap();
        let file: Value = serde_json::from_str(&write_document(&DocEntry::new(
            "g".into(),
            gold,
            "judge".into(),
            1,
        )))
        .unwrap();
        let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
        let allowed = |d: &Value, v: &Value| {
            for key in keys(v) {
                assert!(d["properties"].get(&key).is_some(), "{key} in {v}");
            }
        };
        allowed(&defs["documentFile"], &file);
        allowed(&defs["adjudication"], &file["adjudication"]);
        allowed(
            &defs["adjudication"]["properties"]["settings"],
            &file["adjudication"]["settings"],
        );
        allowed(&defs["rejected"], &file["rejected"][0]);
        allowed(&defs["source"], &file["rejected"][0]["sources"][0]);
        for annotation in file["annotations"].as_array().unwrap() {
            allowed(&defs["annotation"], annotation);
            allowed(&defs["provenance"], &annotation["provenance"]);
        }
        let names: Vec<Value> = Decision::ALL
            .iter()
            .map(|d| Value::from(d.name()))
            .collect();
        assert_eq!(
            defs["provenance"]["properties"]["decision"]["enum"],
            Value::from(names)
        );
        let names: Vec<Value> = Strategy::ALL
            .iter()
            .map(|d| Value::from(d.name()))
            .collect();
        assert_eq!(
            defs["adjudication"]["properties"]["settings"]["properties"]["strategy"]["enum"],
            Value::from(names)
        );
    }

    /// Label Studio: gold as the task's ground truth beside each annotator's annotation, and
    /// the ground truth is what reads back, wherever it stands.
    #[test]
    fn label_studio_carries_gold_as_ground_truth_beside_the_versions() {
        use crate::core::formats::labelstudio::{read, write_gold};
        use crate::core::workspace::DocEntry;
        use serde_json::Value;
        let (mut gold, board) = begin(Strategy::Unanimous);
        board.take(&mut gold, 1, 2, "judge", 2).unwrap();
        let versions: Vec<(String, Annotated)> = three()
            .into_iter()
            .map(|v| {
                let doc = Annotated::with_spans(TEXT.into(), Default::default(), v.spans);
                (v.annotator, doc)
            })
            .collect();
        let named: Vec<(&str, &Annotated)> =
            versions.iter().map(|(n, d)| (n.as_str(), d)).collect();
        let entry = DocEntry::new("g".into(), gold, "judge".into(), 1);
        let text = write_gold(&entry, "judge", &named);
        let mut task: Value = serde_json::from_str(&text).unwrap();
        let annotations = task[0]["annotations"].as_array().unwrap().clone();
        assert_eq!(annotations.len(), 4);
        assert_eq!(annotations[0]["ground_truth"], true);
        assert_eq!(annotations[0]["completed_by"]["email"], "judge");
        assert_eq!(annotations[3]["completed_by"]["email"], "cy");
        assert!(annotations[1..].iter().all(|a| a["ground_truth"] == false));
        // Read back, each annotation is a version of its own, named by who completed it; the
        // ground truth is "gold" (never counted as an annotator), wherever it stands.
        let mut moved = annotations.clone();
        moved.rotate_left(1);
        task[0]["annotations"] = Value::from(moved);
        let read_back = read(&task).unwrap();
        let whose: Vec<&str> = read_back
            .iter()
            .map(|f| f.annotator.as_deref().unwrap())
            .collect();
        assert_eq!(whose, ["ana", "ben", "cy", "gold"]);
        assert_eq!(read_back[3].spans.len(), 2, "the gold version's two spans");
        assert_eq!(read_back[2].spans.len(), 2, "cy's two spans");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        /// Adjudicating identical versions gives that version, every decision unanimous.
        #[test]
        fn identical_versions_give_themselves(seed in 0u64..1000, annotators in 2usize..5) {
            let made = crate::core::agreement::synthetic::versions(seed, 1, 400, 30);
            let spans = made[0].spans.clone();
            let text: String = "x".repeat(400);
            let versions: Vec<Version> = (0..annotators)
                .map(|a| Version { annotator: format!("a{a}"), spans: spans.clone(), relations: made[0].relations.clone() })
                .collect();
            let template = Annotated::new(text, Metadata::default());
            let (gold, board) = start(&template, versions, Settings::default(), "judge", 1);
            let key = |s: &Span| (s.start, s.end, s.label, s.attrs.clone());
            let mut want: Vec<_> = spans.iter().map(key).collect();
            let mut got: Vec<_> = gold.spans().iter().map(key).collect();
            want.sort();
            got.sort();
            prop_assert_eq!(got, want);
            prop_assert!(gold.gold().unwrap().spans.values().all(|p| p.decision == Decision::Unanimous));
            prop_assert_eq!(gold.relations().len(), made[0].relations.len());
            prop_assert!(board.queue(Filter::All).is_empty());
        }
    }
}
