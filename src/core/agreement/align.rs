//! Aligning several annotators' spans of one text into units, label-blind; the agreement
//! measures and adjudication both work on these units.
//!
//! 1. Spans with identical offsets form a unit (one span per annotator; an annotator's second
//!    span of the same extent stays for step 2).
//! 2. The spans left are matched by character overlap, greatest intersection-over-union
//!    first, when IoU ≥ θ: a span joins another span's unit when every span of the joined
//!    units overlaps every other by IoU ≥ θ and no annotator would have two spans in it.
//! 3. What is left forms single-annotator units.

use crate::core::annotation::span::Span;

/// A unit: for each annotator (by position), the index of their span in it, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub members: Vec<Option<usize>>,
    /// Whether step 1 made it: every member has the same offsets.
    pub exact: bool,
}

impl Unit {
    /// The annotators with a span in the unit.
    pub fn annotators(&self) -> impl Iterator<Item = usize> + '_ {
        self.members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.map(|_| i))
    }
}

/// Intersection over union of two extents, in code points.
pub fn iou(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    if inter == 0 {
        return 0.0;
    }
    let union = a.1.max(b.1) - a.0.min(b.0);
    inter as f64 / union as f64
}

/// Aligns the annotators' spans (`versions[i]` are annotator i's) with the threshold `theta`
/// (0 < θ ≤ 1; spans must overlap whatever θ is). Units come in text order.
pub fn align(versions: &[&[Span]], theta: f64) -> Vec<Unit> {
    let annotators = versions.len();
    // Every span as (annotator, index); its cluster, and each cluster's members.
    let mut cluster_of: Vec<Vec<usize>> = versions.iter().map(|v| vec![0; v.len()]).collect();
    let mut clusters: Vec<Vec<Option<usize>>> = Vec::new();
    let mut exact: Vec<bool> = Vec::new();

    // Every span as (start, end, annotator, index), in text order (one shared sort: a sort of
    // its own would add kilobytes to the app).
    let mut all: Vec<(usize, usize, usize, usize)> = versions
        .iter()
        .enumerate()
        .flat_map(|(a, spans)| {
            spans
                .iter()
                .enumerate()
                .map(move |(i, s)| (s.start, s.end, a, i))
        })
        .collect();
    crate::core::sort::sort_by_key(&mut all, |x| *x);

    // 1. Identical offsets: each run of one extent, one span per annotator per round.
    let mut extents: Vec<Vec<Vec<usize>>> = Vec::new();
    for (k, &(start, end, a, i)) in all.iter().enumerate() {
        if k == 0 || (all[k - 1].0, all[k - 1].1) != (start, end) {
            extents.push(vec![Vec::new(); annotators]);
        }
        if let Some(lists) = extents.last_mut() {
            lists[a].push(i);
        }
    }
    for lists in extents {
        let rounds = lists.iter().map(Vec::len).max().unwrap_or(0);
        for round in 0..rounds {
            let members: Vec<Option<usize>> = lists.iter().map(|l| l.get(round).copied()).collect();
            if members.iter().flatten().count() >= 2 {
                for (a, m) in members.iter().enumerate() {
                    if let Some(i) = m {
                        cluster_of[a][*i] = clusters.len();
                    }
                }
                clusters.push(members);
                exact.push(true);
            } else {
                // A singleton: its own cluster.
                for (a, m) in members.iter().enumerate() {
                    if let Some(i) = m {
                        let mut alone = vec![None; annotators];
                        alone[a] = Some(*i);
                        cluster_of[a][*i] = clusters.len();
                        clusters.push(alone);
                        exact.push(false);
                    }
                }
            }
        }
    }
    let extent = |a: usize, i: usize| (versions[a][i].start, versions[a][i].end);

    // 2. Overlap, greatest IoU first, between spans of different annotators of which at least
    // one was left by step 1.
    let mut candidates: Vec<(f64, usize, usize, usize, usize)> = Vec::new();
    for (k, &(start, end, a, i)) in all.iter().enumerate() {
        for &(other_start, other_end, b, j) in &all[k + 1..] {
            if other_start >= end {
                break;
            }
            if a == b || (exact[cluster_of[a][i]] && exact[cluster_of[b][j]]) {
                continue;
            }
            let overlap = iou((start, end), (other_start, other_end));
            if overlap >= theta && overlap > 0.0 {
                candidates.push((overlap, a, i, b, j));
            }
        }
    }
    // Greatest IoU first (compared as a fraction of 2^32, exact enough to order), then text
    // order, then annotators: the same input always aligns the same way.
    crate::core::sort::sort_by_key(&mut candidates, |c| {
        (
            std::cmp::Reverse((c.0 * 4_294_967_296.0) as u64),
            extent(c.1, c.2),
            (c.1, c.2, c.3, c.4),
        )
    });
    for (_, a, i, b, j) in candidates {
        let (ca, cb) = (cluster_of[a][i], cluster_of[b][j]);
        if ca == cb {
            continue;
        }
        let (left, right) = (&clusters[ca], &clusters[cb]);
        let disjoint = left
            .iter()
            .zip(right)
            .all(|(x, y)| x.is_none() || y.is_none());
        let close = disjoint
            && left.iter().enumerate().all(|(x, m)| {
                m.is_none_or(|m| {
                    right
                        .iter()
                        .enumerate()
                        .all(|(y, n)| n.is_none_or(|n| iou(extent(x, m), extent(y, n)) >= theta))
                })
            });
        if !close {
            continue;
        }
        let moved = std::mem::take(&mut clusters[cb]);
        for (y, n) in moved.iter().enumerate() {
            if let Some(n) = n {
                clusters[ca][y] = Some(*n);
                cluster_of[y][*n] = ca;
            }
        }
        exact[ca] = false;
    }

    // 3. Every cluster left is a unit, in text order.
    let mut units: Vec<Unit> = clusters
        .into_iter()
        .zip(exact)
        .filter(|(members, _)| members.iter().any(Option::is_some))
        .map(|(members, exact)| Unit { members, exact })
        .collect();
    let first = |u: &Unit| {
        u.members
            .iter()
            .enumerate()
            .filter_map(|(a, m)| m.map(|i| extent(a, i)))
            .min()
    };
    crate::core::sort::sort_by_key(&mut units, |u| first(u));
    units
}

/// For each annotator, the unit of each of their spans (by index).
pub fn unit_of_spans(units: &[Unit], versions: &[&[Span]]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = versions.iter().map(|v| vec![0; v.len()]).collect();
    for (u, unit) in units.iter().enumerate() {
        for (a, m) in unit.members.iter().enumerate() {
            if let Some(i) = m {
                out[a][*i] = u;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::span::SpanId;
    use crate::core::schema::Label;

    fn span(id: u64, start: usize, end: usize) -> Span {
        Span {
            id: SpanId(id),
            start,
            end,
            label: Label::Commitment,
            attrs: Default::default(),
            note: String::new(),
            created: 0,
            modified: 0,
        }
    }

    fn extents(units: &[Unit], versions: &[&[Span]]) -> Vec<Vec<Option<(usize, usize)>>> {
        units
            .iter()
            .map(|u| {
                u.members
                    .iter()
                    .enumerate()
                    .map(|(a, m)| m.map(|i| (versions[a][i].start, versions[a][i].end)))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn identical_offsets_then_greatest_overlap_then_singletons() {
        let a = [span(1, 0, 10), span(2, 20, 30), span(3, 50, 60)];
        let b = [span(1, 0, 10), span(2, 21, 30), span(3, 80, 90)];
        let c = [span(1, 0, 9), span(2, 22, 31), span(3, 20, 30)];
        let versions: [&[Span]; 3] = [&a, &b, &c];
        let units = align(&versions, 0.5);
        assert_eq!(
            extents(&units, &versions),
            vec![
                // Exact for A and B; C's 0..9 joins (IoU .9 with both).
                vec![Some((0, 10)), Some((0, 10)), Some((0, 9))],
                // A's 20..30 and C's 20..30 are exact; B's 21..30 joins.
                vec![Some((20, 30)), Some((21, 30)), Some((20, 30))],
                // C's 22..31 could only pair with spans already in a unit with C.
                vec![None, None, Some((22, 31))],
                vec![Some((50, 60)), None, None],
                vec![None, Some((80, 90)), None],
            ]
        );
        assert!(units.iter().all(|u| !u.exact));
    }

    #[test]
    fn below_the_threshold_spans_stay_apart_and_no_unit_chains() {
        // A 0..10 and B 3..13 (IoU 7/13), B and C 6..16 (7/13), but A and C only 4/16.
        let a = [span(1, 0, 10)];
        let b = [span(1, 3, 13)];
        let c = [span(1, 6, 16)];
        let versions: [&[Span]; 3] = [&a, &b, &c];
        let units = align(&versions, 0.5);
        assert_eq!(units.len(), 2);
        assert_eq!(
            units.iter().filter(|u| u.annotators().count() == 2).count(),
            1
        );
        assert_eq!(align(&versions, 0.9).len(), 3);
    }

    #[test]
    fn two_spans_of_one_annotator_never_share_a_unit() {
        let a = [span(1, 0, 10), span(2, 0, 10)];
        let b = [span(1, 0, 10)];
        let versions: [&[Span]; 2] = [&a, &b];
        let units = align(&versions, 0.5);
        assert_eq!(units.len(), 2);
        assert!(units[0].exact);
        assert_eq!(units[1].members, vec![Some(1), None]);
    }

    #[test]
    fn iou_counts_code_points() {
        assert_eq!(iou((0, 10), (5, 15)), 5.0 / 15.0);
        assert_eq!(iou((0, 10), (10, 20)), 0.0);
        assert_eq!(iou((0, 10), (0, 10)), 1.0);
    }
}
