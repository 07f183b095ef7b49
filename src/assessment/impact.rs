//! Adverse impact: whether an assessment's cut score selects some groups of candidates less
//! often than others. Per group: the selection rate, its ratio to the highest group's rate, the
//! four-fifths rule's flag (a ratio below 0.8, as the US Uniform Guidelines put it), and Fisher's
//! exact test of the group against the highest group. Descriptive, not causal: a flag says where
//! to look, not why.

/// Below this many candidates, a group's rate says little; the figures say so.
pub const SMALL_GROUP: usize = 30;

/// One group's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The self-identified answer that makes the group.
    pub name: String,
    /// Candidates in it.
    pub size: usize,
    /// Of them, those at or above the cut.
    pub selected: usize,
    /// `selected / size`.
    pub rate: f64,
    /// `rate` over the highest group's rate (1 for the highest).
    pub ratio: f64,
    /// The ratio is below four fifths.
    pub flagged: bool,
    /// Fisher's exact test (two-sided) of this group against the highest group; `None` for it.
    pub p_value: Option<f64>,
    /// Fewer than [`SMALL_GROUP`] candidates.
    pub small: bool,
}

/// The figures for each group, highest selection rate first, from (group, selected) pairs.
pub fn groups(candidates: &[(String, bool)]) -> Vec<Group> {
    let mut tally: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (group, selected) in candidates {
        let t = tally.entry(group.as_str()).or_default();
        t.0 += 1;
        t.1 += usize::from(*selected);
    }
    let rate = |(n, s): (usize, usize)| if n == 0 { 0.0 } else { s as f64 / n as f64 };
    let Some((&top_name, &top)) = tally.iter().max_by(|a, b| rate(*a.1).total_cmp(&rate(*b.1)).then(b.0.cmp(a.0))) else { return Vec::new() };
    let mut out: Vec<Group> = tally
        .iter()
        .map(|(&name, &(size, selected))| {
            let r = rate((size, selected));
            let ratio = if rate(top) > 0.0 { r / rate(top) } else { 1.0 };
            let p_value = (name != top_name).then(|| fisher_exact([[selected, size - selected], [top.1, top.0 - top.1]]));
            Group { name: name.to_string(), size, selected, rate: r, ratio, flagged: ratio < 0.8, p_value, small: size < SMALL_GROUP }
        })
        .collect();
    out.sort_by(|a, b| b.rate.total_cmp(&a.rate).then(a.name.cmp(&b.name)));
    out
}

/// ln(n!) by summing logarithms: exact enough for candidate counts.
fn ln_factorial(n: usize) -> f64 {
    (2..=n).map(|k| (k as f64).ln()).sum()
}

/// Fisher's exact test, two-sided, of a 2x2 table `[[a, b], [c, d]]`: the probability, with the
/// margins fixed, of a table at most as likely as this one.
pub fn fisher_exact(table: [[usize; 2]; 2]) -> f64 {
    let [[a, b], [c, d]] = table;
    let (row1, row2, col1) = (a + b, c + d, a + c);
    let n = row1 + row2;
    let ln_p = |x: usize| {
        ln_factorial(row1) + ln_factorial(row2) + ln_factorial(col1) + ln_factorial(n - col1)
            - ln_factorial(n)
            - ln_factorial(x)
            - ln_factorial(row1 - x)
            - ln_factorial(col1 - x)
            - ln_factorial(row2 + x - col1)
    };
    let low = col1.saturating_sub(row2);
    let high = row1.min(col1);
    let observed = ln_p(a);
    // A relative tolerance, as R's fisher.test uses, so equally likely tables count as such.
    let p: f64 = (low..=high).map(ln_p).filter(|lp| *lp <= observed + 1e-7).map(f64::exp).sum();
    p.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published worked examples of Fisher's exact test.
    #[test]
    fn fisher_matches_worked_examples() {
        // Fisher's lady tasting tea (Fisher 1935): 3 of 4 cups right each way; p = 0.4857.
        assert!((fisher_exact([[3, 1], [1, 3]]) - 0.485714).abs() < 1e-5);
        // Wikipedia's dieting example, [[1, 9], [11, 3]]: two-sided p = 0.002759.
        assert!((fisher_exact([[1, 9], [11, 3]]) - 0.002759).abs() < 1e-5);
        // A table exactly as expected: p = 1.
        assert!((fisher_exact([[5, 5], [5, 5]]) - 1.0).abs() < 1e-9);
    }

    fn candidates(groups: &[(&str, usize, usize)]) -> Vec<(String, bool)> {
        groups.iter().flat_map(|&(g, n, s)| (0..n).map(move |i| (g.to_string(), i < s))).collect()
    }

    #[test]
    fn the_four_fifths_rule_flags_a_ratio_of_0_6_and_not_0_9() {
        // 50 of 100 selected in A; 30 of 100 in B (0.6 of A's rate); 45 of 100 in C (0.9).
        let found = groups(&candidates(&[("A", 100, 50), ("B", 100, 30), ("C", 100, 45)]));
        let get = |name: &str| found.iter().find(|g| g.name == name).unwrap().clone();
        assert_eq!(found[0].name, "A", "highest rate first");
        assert!((get("B").ratio - 0.6).abs() < 1e-9 && get("B").flagged);
        assert!((get("C").ratio - 0.9).abs() < 1e-9 && !get("C").flagged);
        assert!(get("A").p_value.is_none() && !get("A").flagged);
        assert!(get("B").p_value.unwrap() < 0.01, "{:?}", get("B"));
        assert!(get("C").p_value.unwrap() > 0.4, "{:?}", get("C"));
        assert!(!get("B").small);
        assert!(groups(&candidates(&[("A", 10, 5), ("B", 5, 1)]))[1].small, "a small group is said to be small");
    }
}
