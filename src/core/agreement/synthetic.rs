//! Annotators' versions made up from a seed, like real ones: a common set of spans that each
//! annotator keeps, drops, moves, relabels or adds to. For the property tests, the reference
//! check against the Python packages (`examples/agreement_reference.rs`) and the benchmark.

use super::{Text, Version};
use crate::core::annotation::relation::{Relation, RelationId};
use crate::core::annotation::span::{Span, SpanId};
use crate::core::schema::{Attribute, Label, RelationKind};

/// A small, seeded generator (SplitMix64): the same seed gives the same data everywhere.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Seeded {
        Seeded(seed)
    }

    /// The next number below `n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// One annotator's spans and relations.
#[derive(Clone, Debug, Default)]
pub struct Made {
    pub spans: Vec<Span>,
    pub relations: Vec<Relation>,
}

fn span(id: u64, start: usize, end: usize, label: Label) -> Span {
    Span {
        id: SpanId(id),
        start,
        end,
        label,
        attrs: Default::default(),
        note: String::new(),
        created: 0,
        modified: 0,
    }
}

/// `annotators` versions of a text of `length` code points with about `spans` spans each.
pub fn versions(seed: u64, annotators: usize, length: usize, spans: usize) -> Vec<Made> {
    let mut rng = Seeded::new(seed);
    let slot = (length / spans.max(1)).max(4);
    // The common spans: one per slot, of a random label and act attributes.
    let mut common = Vec::new();
    for k in 0..spans {
        let base = k * slot;
        if base + 3 >= length {
            break;
        }
        let start = base + rng.below((slot / 4).max(1) as u64) as usize;
        let end = (start + 2 + rng.below((slot / 2).max(1) as u64) as usize).min(length);
        let label = Label::ALL[rng.below(8) as usize];
        let mut s = span(k as u64 + 1, start, end, label);
        for attribute in label.attributes() {
            if rng.chance(70) {
                let values = attribute.values();
                s.attrs.insert(
                    *attribute,
                    values[rng.below(values.len() as u64) as usize].to_string(),
                );
            }
        }
        common.push(s);
    }
    (0..annotators)
        .map(|_| {
            let mut made = Made::default();
            for s in &common {
                if rng.chance(10) {
                    continue;
                }
                let mut mine = s.clone();
                if rng.chance(15) {
                    // Boundaries differ by a little.
                    mine.start = mine.start.saturating_sub(rng.below(2) as usize);
                    mine.end = (mine.end + rng.below(3) as usize).min(length);
                }
                if rng.chance(15) {
                    mine.label = Label::ALL[rng.below(8) as usize];
                    mine.attrs
                        .retain(|a, _| mine.label.attributes().contains(a));
                }
                let carried = mine.label.attributes();
                if rng.chance(30) && !carried.is_empty() {
                    let attribute = carried[rng.below(carried.len() as u64) as usize];
                    {
                        let values = attribute.values();
                        mine.attrs.insert(
                            attribute,
                            values[rng.below(values.len() as u64) as usize].to_string(),
                        );
                    }
                }
                if rng.chance(5) {
                    mine.attrs.remove(&Attribute::Strength);
                }
                made.spans.push(mine);
            }
            // An extra span of the annotator's own, now and then.
            let extras = rng.below((spans / 10 + 1) as u64) as usize;
            for e in 0..extras {
                let start = rng.below(length.saturating_sub(4).max(1) as u64) as usize;
                let end = (start + 2 + rng.below(6) as usize).min(length);
                made.spans.push(span(
                    10_000 + e as u64,
                    start,
                    end,
                    Label::ALL[rng.below(8) as usize],
                ));
            }
            // Relations the schema allows between neighbouring spans.
            let mut id = 1;
            for pair in made.spans.windows(2) {
                let kinds = RelationKind::between(pair[0].label, pair[1].label);
                if let Some(kind) = kinds.first().filter(|_| rng.chance(60)) {
                    made.relations.push(Relation {
                        id: RelationId(id),
                        kind: *kind,
                        from: pair[0].id,
                        to: pair[1].id,
                        note: String::new(),
                        created: 0,
                        modified: 0,
                    });
                    id += 1;
                }
            }
            made
        })
        .collect()
}

/// A text of `length` code points with the made-up versions, `made[i]` by `names[i]` (no body,
/// no entry ids: what the measures need).
pub fn text<'a>(made: &'a [Made], names: &'a [String], length: usize) -> Text<'a> {
    Text {
        sha256: "0",
        title: "t",
        body: "",
        length,
        versions: made
            .iter()
            .zip(names)
            .map(|(m, n)| Version {
                id: "",
                annotator: n,
                spans: &m.spans,
                relations: &m.relations,
            })
            .collect(),
    }
}
