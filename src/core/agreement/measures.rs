//! The agreement coefficients themselves, on plain numbers: pairwise F1, Cohen's κ, Fleiss' κ,
//! Krippendorff's α (nominal) and α_u (unitizing), Gwet's AC1. Each returns its value with the
//! counts it comes from, or why it is undefined (never NaN).
//!
//! Categories are small integers (`usize`), so these know nothing of labels or attributes.

/// A coefficient's value, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub enum Score {
    Value(f64),
    Undefined(&'static str),
}

impl Score {
    /// The value, if defined.
    pub fn value(&self) -> Option<f64> {
        match self {
            Score::Value(v) => Some(*v),
            Score::Undefined(_) => None,
        }
    }

    /// Why there is no value, if there is none.
    pub fn why(&self) -> Option<&'static str> {
        match self {
            Score::Value(_) => None,
            Score::Undefined(why) => Some(why),
        }
    }
}

/// Why a chance-corrected coefficient is undefined when every value is one category.
pub const ONE_CATEGORY: &str = "every value is the same category, so chance agreement is total";
/// Why a coefficient is undefined without data.
pub const NO_UNITS: &str = "no units to compare";

/// Counts of a span comparison between two annotators.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// F1 = 2TP / (2TP + FP + FN); undefined when neither side has anything.
    pub fn f1(&self) -> Score {
        let denominator = 2 * self.tp + self.fp + self.fn_;
        if denominator == 0 {
            Score::Undefined("neither annotator has a span here")
        } else {
            Score::Value(2.0 * self.tp as f64 / denominator as f64)
        }
    }

    /// Adds another comparison's counts (micro averaging).
    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// The mean and sample standard deviation (n − 1) of the defined values.
pub fn mean_sd(values: &[Score]) -> (Score, Score) {
    let defined: Vec<f64> = values.iter().filter_map(Score::value).collect();
    if defined.is_empty() {
        return (
            Score::Undefined("no defined value to average"),
            Score::Undefined("no defined value to average"),
        );
    }
    let n = defined.len() as f64;
    let mean = defined.iter().sum::<f64>() / n;
    let sd = if defined.len() < 2 {
        Score::Undefined("a standard deviation needs two values or more")
    } else {
        let squares: f64 = defined.iter().map(|v| (v - mean) * (v - mean)).sum();
        Score::Value((squares / (n - 1.0)).sqrt())
    };
    (Score::Value(mean), sd)
}

/// Cohen's κ (1960) from pairs of categories (one pair per unit both coded): the observed
/// agreement, corrected by the chance agreement of the two coders' own marginals.
pub fn cohen_kappa(pairs: &[(usize, usize)]) -> Score {
    if pairs.is_empty() {
        return Score::Undefined(NO_UNITS);
    }
    let categories = pairs.iter().map(|(a, b)| a.max(b) + 1).max().unwrap_or(0);
    let (mut first, mut second) = (vec![0usize; categories], vec![0usize; categories]);
    let mut agreed = 0usize;
    for &(a, b) in pairs {
        first[a] += 1;
        second[b] += 1;
        agreed += usize::from(a == b);
    }
    let n = pairs.len() as f64;
    let observed = agreed as f64 / n;
    let expected: f64 = first
        .iter()
        .zip(&second)
        .map(|(x, y)| (*x as f64 / n) * (*y as f64 / n))
        .sum();
    chance_corrected(observed, expected)
}

/// (observed − expected) / (1 − expected), undefined when chance agreement is total.
fn chance_corrected(observed: f64, expected: f64) -> Score {
    if (1.0 - expected).abs() < 1e-12 {
        Score::Undefined(ONE_CATEGORY)
    } else {
        Score::Value((observed - expected) / (1.0 - expected))
    }
}

/// Fleiss' κ (1971) from a table of units × categories, each row counting how many coders put
/// the unit in each category; every row must have the same number of coders (two or more).
pub fn fleiss_kappa(table: &[Vec<usize>]) -> Score {
    let Some(first) = table.first() else {
        return Score::Undefined(NO_UNITS);
    };
    let raters: usize = first.iter().sum();
    if raters < 2 {
        return Score::Undefined("Fleiss' κ needs two annotators or more");
    }
    let categories = first.len();
    let (n, r) = (table.len() as f64, raters as f64);
    let mut totals = vec![0usize; categories];
    let mut observed = 0.0;
    for row in table {
        let mut same = 0usize;
        for (j, count) in row.iter().enumerate() {
            totals[j] += count;
            same += count * count.saturating_sub(1);
        }
        observed += same as f64 / (r * (r - 1.0));
    }
    observed /= n;
    let expected: f64 = totals
        .iter()
        .map(|t| {
            let p = *t as f64 / (n * r);
            p * p
        })
        .sum();
    chance_corrected(observed, expected)
}

/// The figures behind a Krippendorff α.
#[derive(Clone, Debug, PartialEq)]
pub struct Alpha {
    pub alpha: Score,
    /// Pairable values: those in units with two values or more.
    pub n: usize,
    pub observed: f64,
    pub expected: f64,
}

/// Krippendorff's α for nominal data (Krippendorff 2011, "Computing Krippendorff's
/// Alpha-Reliability"): each unit lists the values it was given, any number of them (a coder
/// who gave none is a missing value). Units with fewer than two values are not pairable.
pub fn alpha_nominal(units: &[Vec<usize>]) -> Alpha {
    let categories = units.iter().flatten().max().map_or(0, |m| m + 1);
    // The coincidence matrix's diagonal and its marginals are all nominal α needs.
    let mut diagonal = vec![0.0f64; categories];
    let mut marginal = vec![0.0f64; categories];
    let mut counts = vec![0usize; categories];
    let mut n = 0usize;
    for unit in units {
        let m = unit.len();
        if m < 2 {
            continue;
        }
        counts.iter_mut().for_each(|c| *c = 0);
        for &v in unit {
            counts[v] += 1;
        }
        for (c, &k) in counts.iter().enumerate() {
            if k > 0 {
                diagonal[c] += (k * (k - 1)) as f64 / (m - 1) as f64;
                marginal[c] += k as f64;
            }
        }
        n += m;
    }
    if n < 2 {
        return Alpha {
            alpha: Score::Undefined("fewer than two pairable values"),
            n,
            observed: 0.0,
            expected: 0.0,
        };
    }
    let total = n as f64;
    let observed = (total - diagonal.iter().sum::<f64>()) / total;
    let same: f64 = marginal.iter().map(|m| m * (m - 1.0)).sum();
    let expected = (total * (total - 1.0) - same) / (total * (total - 1.0));
    let alpha = if expected <= 0.0 {
        Score::Undefined(ONE_CATEGORY)
    } else {
        Score::Value(1.0 - observed / expected)
    };
    Alpha {
        alpha,
        n,
        observed,
        expected,
    }
}

/// Gwet's AC1 (Gwet 2008; the multi-rater form of Gwet 2014, as irrCAC computes it): agreement
/// over units with two values or more, chance from the categories' mean shares over every unit
/// with a value, spread over the `q` categories seen.
pub fn gwet_ac1(units: &[Vec<usize>]) -> Score {
    let categories = units.iter().flatten().max().map_or(0, |m| m + 1);
    let mut shares = vec![0.0f64; categories];
    let mut seen = vec![false; categories];
    let (mut agreement, mut pairable, mut coded) = (0.0f64, 0usize, 0usize);
    let mut counts = vec![0usize; categories];
    for unit in units {
        let m = unit.len();
        if m == 0 {
            continue;
        }
        counts.iter_mut().for_each(|c| *c = 0);
        for &v in unit {
            counts[v] += 1;
            seen[v] = true;
        }
        coded += 1;
        for (c, &k) in counts.iter().enumerate() {
            shares[c] += k as f64 / m as f64;
        }
        if m >= 2 {
            pairable += 1;
            let same: usize = counts.iter().map(|k| k * k.saturating_sub(1)).sum();
            agreement += same as f64 / (m * (m - 1)) as f64;
        }
    }
    if pairable == 0 {
        return Score::Undefined("no unit has two values or more");
    }
    let q = seen.iter().filter(|s| **s).count();
    if q < 2 {
        return Score::Undefined(ONE_CATEGORY);
    }
    let observed = agreement / pairable as f64;
    let expected = shares
        .iter()
        .map(|s| {
            let p = s / coded as f64;
            p * (1.0 - p)
        })
        .sum::<f64>()
        / (q - 1) as f64;
    chance_corrected(observed, expected)
}

/// One coder's units of one category on the continuum: `(start, end)`, sorted, not
/// overlapping (see [`merge_overlapping`]).
pub type Segments = Vec<(usize, usize)>;

/// Sorts and merges a coder's overlapping extents: α_u asks that a coder's units of one
/// category never overlap, so nested or overlapping spans of one label count as their union.
pub fn merge_overlapping(mut extents: Vec<(usize, usize)>) -> Segments {
    crate::core::sort::sort_by_key(&mut extents, |e| *e);
    let mut merged: Segments = Vec::with_capacity(extents.len());
    for (start, end) in extents {
        match merged.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The observed and expected disagreement of one category for α_u.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unitizing {
    pub observed: f64,
    pub expected: f64,
}

impl Unitizing {
    /// α_u = 1 − D_o / D_e.
    pub fn alpha(&self) -> Score {
        if self.expected <= 0.0 {
            Score::Undefined("no expected disagreement: the category covers nothing or everything")
        } else {
            Score::Value(1.0 - self.observed / self.expected)
        }
    }
}

/// A coder's continuum cut into pieces: each of its units, and the gaps between them.
fn pieces(units: &Segments, length: usize) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::with_capacity(units.len() * 2 + 1);
    let mut at = 0;
    for &(start, end) in units {
        if start > at {
            out.push((at, start, false));
        }
        out.push((start, end, true));
        at = end;
    }
    if at < length {
        out.push((at, length, false));
    }
    out
}

/// The distance of two overlapping pieces (Krippendorff 1995): two units, by the squares of
/// their begin and end differences; a unit and a gap, by the unit's square if the gap holds it.
fn piece_distance(a: (usize, usize, bool), b: (usize, usize, bool)) -> f64 {
    if a.0 >= b.1 || b.0 >= a.1 {
        return 0.0;
    }
    let (a0, a1, b0, b1) = (a.0 as f64, a.1 as f64, b.0 as f64, b.1 as f64);
    match (a.2, b.2) {
        (true, true) => (a0 - b0) * (a0 - b0) + (a1 - b1) * (a1 - b1),
        (true, false) if b0 <= a0 && a1 <= b1 => (a1 - a0) * (a1 - a0),
        (false, true) if a0 <= b0 && b1 <= a1 => (b1 - b0) * (b1 - b0),
        _ => 0.0,
    }
}

/// Krippendorff's α_u for one category (Krippendorff 1995, 2004; as DKPro Agreement and
/// INCEpTION compute it): `coders[i]` are coder i's units of the category on the continuum
/// `0..length` (code points).
pub fn unitizing(coders: &[Segments], length: usize) -> Unitizing {
    let raters = coders.len();
    if raters < 2 || length == 0 {
        return Unitizing {
            observed: 0.0,
            expected: 0.0,
        };
    }
    let (r, l) = (raters as f64, length as f64);
    let cut: Vec<Vec<(usize, usize, bool)>> = coders.iter().map(|c| pieces(c, length)).collect();
    let mut observed = 0.0;
    for i in 0..raters {
        for j in i + 1..raters {
            // Every pair of overlapping pieces, by a sweep along the continuum.
            let (a, b) = (&cut[i], &cut[j]);
            let (mut x, mut y) = (0, 0);
            while x < a.len() && y < b.len() {
                observed += piece_distance(a[x], b[y]);
                let (end_a, end_b) = (a[x].1, b[y].1);
                x += usize::from(end_a <= end_b);
                y += usize::from(end_b <= end_a);
            }
        }
    }
    observed = observed * 2.0 / (r * (r - 1.0) * l * l);

    let lengths: Vec<f64> = coders
        .iter()
        .flatten()
        .map(|(s, e)| (e - s) as f64)
        .collect();
    let mut gaps: Vec<usize> = cut
        .iter()
        .flatten()
        .filter(|p| !p.2)
        .map(|p| p.1 - p.0)
        .collect();
    crate::core::sort::sort_by_key(&mut gaps, |g| std::cmp::Reverse(*g));
    let units = lengths.len() as f64;
    let squared: f64 = lengths.iter().map(|x| x * (x - 1.0)).sum();
    // Σ over the gaps at least as long as a unit of (gap − length + 1), for every unit: with
    // the gaps longest first and their running sums, a search per unit rather than a walk
    // (a walk made the report over 200 texts take half a second).
    let mut running = Vec::with_capacity(gaps.len() + 1);
    running.push(0.0f64);
    for g in &gaps {
        running.push(running[running.len() - 1] + *g as f64);
    }
    let mut sum = 0.0;
    for &x in &lengths {
        let within = (units - 1.0) * (2.0 * x * x * x - 3.0 * x * x + x) / 3.0;
        let longer = gaps.partition_point(|g| *g as f64 >= x);
        let fits = running[longer] - longer as f64 * (x - 1.0);
        sum += within + fits * x * x;
    }
    let denominator = r * l * (r * l - 1.0) - squared;
    let expected = if denominator > 0.0 {
        sum * 2.0 / l / denominator
    } else {
        0.0
    };
    Unitizing { observed, expected }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(score: &Score, expected: f64, tolerance: f64) {
        let v = score
            .value()
            .unwrap_or_else(|| panic!("undefined: {score:?}"));
        assert!((v - expected).abs() < tolerance, "{v} is not {expected}");
    }

    #[test]
    fn krippendorff_2011_four_coders_twelve_units_nominal() {
        // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
        // coders A–D, units 1–12, `*` missing; published nominal α = 0.743.
        let rows: [[Option<usize>; 12]; 4] = {
            let n = None;
            let s = Some;
            [
                [
                    s(1),
                    s(2),
                    s(3),
                    s(3),
                    s(2),
                    s(1),
                    s(4),
                    s(1),
                    s(2),
                    n,
                    n,
                    n,
                ],
                [
                    s(1),
                    s(2),
                    s(3),
                    s(3),
                    s(2),
                    s(2),
                    s(4),
                    s(1),
                    s(2),
                    s(5),
                    n,
                    s(3),
                ],
                [
                    n,
                    s(3),
                    s(3),
                    s(3),
                    s(2),
                    s(3),
                    s(4),
                    s(2),
                    s(2),
                    s(5),
                    s(1),
                    n,
                ],
                [
                    s(1),
                    s(2),
                    s(3),
                    s(3),
                    s(2),
                    s(4),
                    s(4),
                    s(1),
                    s(2),
                    s(5),
                    s(1),
                    n,
                ],
            ]
        };
        let units: Vec<Vec<usize>> = (0..12)
            .map(|u| rows.iter().filter_map(|r| r[u]).collect())
            .collect();
        let alpha = alpha_nominal(&units);
        close(&alpha.alpha, 0.743, 0.0005);
        assert_eq!(alpha.n, 40);
    }

    #[test]
    fn cohen_1960_three_by_three() {
        // Cohen (1960): 200 units, observed agreement .70, marginals .60/.30/.10 and
        // .50/.30/.20, chance .41, κ = .492 (κ depends only on the diagonal and marginals).
        let table = [[88, 14, 18], [10, 40, 10], [2, 6, 12]];
        let mut pairs = Vec::new();
        for (a, row) in table.iter().enumerate() {
            for (b, count) in row.iter().enumerate() {
                pairs.extend(std::iter::repeat_n((a, b), *count));
            }
        }
        close(&cohen_kappa(&pairs), 0.4915, 0.0001);
    }

    #[test]
    fn fleiss_1971_fourteen_raters() {
        // The worked example of Fleiss' κ (10 units, 14 raters, 5 categories): κ = 0.210.
        let table = vec![
            vec![0, 0, 0, 0, 14],
            vec![0, 2, 6, 4, 2],
            vec![0, 0, 3, 5, 6],
            vec![0, 3, 9, 2, 0],
            vec![2, 2, 8, 1, 1],
            vec![7, 7, 0, 0, 0],
            vec![3, 2, 6, 3, 0],
            vec![2, 5, 3, 2, 2],
            vec![6, 5, 2, 1, 0],
            vec![0, 2, 2, 3, 7],
        ];
        close(&fleiss_kappa(&table), 0.2099, 0.0001);
    }

    #[test]
    fn gwet_2008_two_raters() {
        // Gwet (2008), table 4's shape: two raters, 100 units, 2 categories; agreement .80
        // with marginals .60/.40 and .50/.50 → π = (.55, .45), Pe = 2·.55·.45 = .495,
        // AC1 = (.80 − .495) / .505.
        let mut units = Vec::new();
        units.extend(std::iter::repeat_n(vec![0, 0], 45));
        units.extend(std::iter::repeat_n(vec![1, 1], 35));
        units.extend(std::iter::repeat_n(vec![0, 1], 15));
        units.extend(std::iter::repeat_n(vec![1, 0], 5));
        close(&gwet_ac1(&units), (0.80 - 0.495) / 0.505, 1e-9);
    }

    #[test]
    fn undefined_measures_say_why_and_never_nan() {
        assert_eq!(cohen_kappa(&[]), Score::Undefined(NO_UNITS));
        assert_eq!(
            cohen_kappa(&[(2, 2), (2, 2)]),
            Score::Undefined(ONE_CATEGORY)
        );
        assert_eq!(
            fleiss_kappa(&[vec![2, 0], vec![2, 0]]),
            Score::Undefined(ONE_CATEGORY)
        );
        assert!(alpha_nominal(&[vec![1]]).alpha.why().is_some());
        assert_eq!(
            alpha_nominal(&[vec![1, 1]]).alpha,
            Score::Undefined(ONE_CATEGORY)
        );
        assert!(gwet_ac1(&[vec![0, 0]]).why().is_some());
        assert!(Counts::default().f1().why().is_some());
        assert!(unitizing(&[vec![], vec![]], 10).alpha().why().is_some());
        let (mean, sd) = mean_sd(&[Score::Value(0.5)]);
        assert_eq!(mean, Score::Value(0.5));
        assert!(sd.why().is_some());
    }

    #[test]
    fn unitizing_is_one_for_identical_coders_and_lower_as_they_part() {
        let same = unitizing(&[vec![(10, 20), (40, 45)], vec![(10, 20), (40, 45)]], 100);
        close(&same.alpha(), 1.0, 1e-12);
        let shifted = unitizing(&[vec![(10, 20), (40, 45)], vec![(12, 22), (40, 45)]], 100);
        let apart = unitizing(&[vec![(10, 20), (40, 45)], vec![(60, 70), (80, 85)]], 100);
        let (s, a) = (
            shifted.alpha().value().unwrap(),
            apart.alpha().value().unwrap(),
        );
        assert!(s < 1.0 && a < s, "{s} {a}");
    }

    #[test]
    fn unitizing_matches_dkpro_on_a_hand_computed_case() {
        // Two coders on a continuum of 10: A has 2..6, B has 3..6.
        // Observed: pieces overlapping: A gap 0..2 / B gap 0..3: 0; A unit 2..6 / B gap 0..3:
        // the gap does not hold it: 0; A unit / B unit 3..6: 1² + 0² = 1; A gap 6..10 /
        // B gap 6..10: 0. D_o = 2·1 / (2·1·100) = 0.01.
        // Expected: lengths 4 and 3, gaps 2, 4 (A) and 3, 4 (B), sorted 4, 4, 3, 2.
        // Unit 4: (2−1)(128−48+4)/3 = 28, fits (1 + 1)·16 = 32 → 60.
        // Unit 3: (2−1)(54−27+3)/3 = 10, fits (2 + 2 + 1)·9 = 45 → 55.
        // D_e = 2/10 · 115 / (2·10·19 − (12 + 6)) = 23 / 362.
        let u = unitizing(&[vec![(2, 6)], vec![(3, 6)]], 10);
        assert!((u.observed - 0.01).abs() < 1e-12, "{}", u.observed);
        assert!((u.expected - 23.0 / 362.0).abs() < 1e-12, "{}", u.expected);
    }

    #[test]
    fn overlapping_units_of_one_coder_merge() {
        assert_eq!(
            merge_overlapping(vec![(5, 9), (0, 3), (2, 4), (9, 10)]),
            vec![(0, 4), (5, 9), (9, 10)]
        );
    }
}
