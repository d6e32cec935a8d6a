//! `comparisons.csv`: every two strategies compared on the same runs
//! (paired by run index, clustered by match), the difference of their mean
//! surplus with its interval, a p-value and the Holm-adjusted p-value.

use crate::output::format::csv_num;
use crate::run::stats::Paired;
use crate::run::tournament::TournamentResult;
use serde::{Deserialize, Serialize};

/// Family-wise error rate of the verdicts (Holm).
pub const ALPHA: f64 = 0.05;

/// One row of `comparisons.csv` (and of `sweep_comparisons.csv` after the
/// parameters): `strategy` against `versus` on `metric`, the first ranked
/// at least as high as the second.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    /// Compared quantity: `surplus` (mean surplus per negotiation over all
    /// opponents and both sides, as in `ranking.csv`).
    pub metric: String,
    /// The strategy ranked higher (or first, on a tie).
    pub strategy: String,
    /// The other strategy.
    pub versus: String,
    /// `strategy`'s mean.
    #[serde(with = "csv_num")]
    pub mean: f64,
    /// `versus`'s mean.
    #[serde(with = "csv_num")]
    pub versus_mean: f64,
    /// `mean - versus_mean`.
    #[serde(with = "csv_num")]
    pub difference: f64,
    /// Half-width of the 95% interval of the difference: paired by run
    /// (both strategies face the same private values in run i) and clustered
    /// by match (`1.96 sd(d) / sqrt(clusters)` with `d` the per-match
    /// difference of the two strategies' means).
    #[serde(with = "csv_num")]
    pub difference_ci95: f64,
    /// Two-sided p-value of "no difference" (paired t test on the per-match
    /// differences; empty on a tie).
    #[serde(with = "csv_num")]
    pub p_value: f64,
    /// The p-value after Holm's correction over all the comparisons of this
    /// metric (family-wise error rate).
    #[serde(with = "csv_num")]
    pub p_holm: f64,
    /// `higher` (`strategy` beats `versus` at family-wise level 5%),
    /// `not significant`, or `tie` (identical in every match).
    pub verdict: String,
    /// Independent clusters (matches; runs when a match is one run).
    pub clusters: u64,
}

/// Every two strategies of a tournament compared on mean surplus, in
/// ranking order (best first), Holm-corrected.
pub fn comparison_rows(res: &TournamentResult) -> Vec<ComparisonRow> {
    let order: Vec<usize> = super::ranking(res).iter().map(|r| r.index).collect();
    let mut rows = Vec::new();
    for (x, &s) in order.iter().enumerate() {
        for &t in &order[x + 1..] {
            let p: Paired = res.paired(s, t);
            rows.push(ComparisonRow {
                metric: "surplus".into(),
                strategy: res.names[s].clone(),
                versus: res.names[t].clone(),
                mean: p.mean[0],
                versus_mean: p.mean[1],
                difference: p.diff.mean(),
                difference_ci95: p.diff.ci95(),
                p_value: p.p_value(),
                p_holm: f64::NAN, // set by holm()
                verdict: String::new(),
                clusters: p.diff.clusters(),
            });
        }
    }
    holm(&mut rows);
    rows
}

/// Holm's step-down adjustment of `p` (a NaN stays NaN and does not
/// count): each p-value times the number of p-values not below it, made
/// monotone, at most 1.
pub fn holm_adjust(p: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_finite()).collect();
    idx.sort_by(|&i, &j| p[i].total_cmp(&p[j]).then(i.cmp(&j)));
    let m = idx.len();
    let mut out = vec![f64::NAN; p.len()];
    let mut running = 0.0f64;
    for (k, &i) in idx.iter().enumerate() {
        running = running.max(((m - k) as f64 * p[i]).min(1.0));
        out[i] = running;
    }
    out
}

/// Holm's step-down adjustment of the rows' p-values (ties keep NaN), and
/// their verdicts.
pub fn holm(rows: &mut [ComparisonRow]) {
    let p: Vec<f64> = rows.iter().map(|r| r.p_value).collect();
    for (r, adjusted) in rows.iter_mut().zip(holm_adjust(&p)) {
        r.p_holm = adjusted;
    }
    for r in rows.iter_mut() {
        r.verdict = if !r.p_value.is_finite() {
            "tie"
        } else if r.p_holm < ALPHA {
            if r.difference >= 0.0 {
                "higher"
            } else {
                "lower"
            }
        } else {
            "not significant"
        }
        .into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(p: f64, d: f64) -> ComparisonRow {
        ComparisonRow {
            p_value: p,
            difference: d,
            ..Default::default()
        }
    }

    #[test]
    fn holm_steps_down_and_stays_monotone() {
        // p = 0.01, 0.04, 0.03, tie: sorted 0.01 (x3), 0.03 (x2), 0.04 (x1).
        let mut rows = vec![
            row(0.01, 5.0),
            row(0.04, 1.0),
            row(0.03, 2.0),
            row(f64::NAN, 0.0),
        ];
        holm(&mut rows);
        let got: Vec<f64> = rows.iter().map(|r| r.p_holm).collect();
        assert!((got[0] - 0.03).abs() < 1e-15);
        assert!((got[2] - 0.06).abs() < 1e-15);
        // 0.04 alone would be 0.04, but Holm keeps the sequence monotone.
        assert!((got[1] - 0.06).abs() < 1e-15);
        assert!(got[3].is_nan());
        let v: Vec<&str> = rows.iter().map(|r| r.verdict.as_str()).collect();
        assert_eq!(v, ["higher", "not significant", "not significant", "tie"]);
    }
}
