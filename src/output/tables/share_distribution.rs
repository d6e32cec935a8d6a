//! `share_distribution.csv`: per strategy, the distribution of its share of
//! the joint surplus over its deals (both sides; from 100-bin histograms, so
//! quantiles are exact to 0.01).

use crate::output::format::csv_num;
use crate::run::stats::{Moments, SHARE_BINS};
use crate::run::tournament::TournamentResult;
use serde::{Deserialize, Serialize};

/// One row of `share_distribution.csv`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ShareRow {
    /// Strategy name.
    pub strategy: String,
    /// Index of the strategy in the experiment.
    pub index: usize,
    /// Its deals.
    pub deals: u64,
    /// Mean share.
    #[serde(with = "csv_num")]
    pub mean: f64,
    /// 5th percentile.
    #[serde(with = "csv_num")]
    pub p05: f64,
    /// First quartile.
    #[serde(with = "csv_num")]
    pub q1: f64,
    /// Median.
    #[serde(with = "csv_num")]
    pub median: f64,
    /// Third quartile.
    #[serde(with = "csv_num")]
    pub q3: f64,
    /// 95th percentile.
    #[serde(with = "csv_num")]
    pub p95: f64,
}

/// The rows of `share_distribution.csv`, one per strategy in run order.
pub fn share_rows(res: &TournamentResult) -> Vec<ShareRow> {
    let k = res.names.len();
    (0..k)
        .map(|s| {
            let mut h = [0u64; SHARE_BINS];
            let mut mean = Moments::default();
            for o in 0..k {
                let as_a = &res.pair(s, o).stats;
                let as_b = &res.pair(o, s).stats;
                for b in 0..SHARE_BINS {
                    h[b] += as_a.share_hist[b] + as_b.share_hist[SHARE_BINS - 1 - b];
                }
                mean.merge(&as_a.share_a);
                let mut m = as_b.share_a;
                m.mean = 1.0 - m.mean;
                mean.merge(&m);
            }
            ShareRow {
                strategy: res.names[s].clone(),
                index: s,
                deals: h.iter().sum(),
                mean: mean.mean(),
                p05: hist_quantile(&h, 0.05),
                q1: hist_quantile(&h, 0.25),
                median: hist_quantile(&h, 0.5),
                q3: hist_quantile(&h, 0.75),
                p95: hist_quantile(&h, 0.95),
            }
        })
        .collect()
}

/// Quantile `q` of a histogram on [0, 1] with linear interpolation inside bins.
fn hist_quantile(h: &[u64], q: f64) -> f64 {
    let total: u64 = h.iter().sum();
    if total == 0 {
        return f64::NAN;
    }
    let target = q * total as f64;
    let mut acc = 0.0;
    for (b, &c) in h.iter().enumerate() {
        let next = acc + c as f64;
        if next >= target && c > 0 {
            let frac = ((target - acc) / c as f64).clamp(0.0, 1.0);
            return (b as f64 + frac) / h.len() as f64;
        }
        acc = next;
    }
    1.0
}
