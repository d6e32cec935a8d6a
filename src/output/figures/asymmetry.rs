//! The asymmetry chart: outcomes against information asymmetry (A's
//! `info_bits` minus B's, in bits), pooled over pairings per bin
//! (`asymmetry.csv`). Its deal-rate panel shows the deal rate among runs
//! with a zone of agreement: a run without one cannot end in a deal.

use super::ci;
use crate::error::Result;
use crate::output::tables::{self, AsymmetryRow};
use crate::run::stats::Moments;
use negsim_chart as chart;
use std::path::Path;

/// Fewest runs in an asymmetry bin (pooled over pairings) for it to be
/// drawn. (`asymmetry.csv` keeps every bin with at least one run.)
pub const MIN_BIN_RUNS_DRAWN: u64 = 100;

/// The chart's data from `dir/asymmetry.csv`.
pub(super) fn asymmetry(dir: &Path) -> Result<chart::AsymmetryData> {
    let rows: Vec<AsymmetryRow> = tables::read(dir, "asymmetry.csv")?;
    let mut bins: Vec<(f64, [Moments; 4])> = Vec::new();
    for r in &rows {
        let center = 0.5 * (r.bin_lo + r.bin_hi);
        let m = [
            Moments::from_summary(r.runs, r.deal_rate, r.deal_rate_sd),
            Moments::from_summary(r.zopa_n, r.deal_rate_given_zopa, r.deal_rate_given_zopa_sd),
            Moments::from_summary(r.efficiency_n, r.efficiency_mean, r.efficiency_sd),
            Moments::from_summary(r.share_a_n, r.share_a_mean, r.share_a_sd),
        ];
        match bins.iter_mut().find(|(c, _)| (*c - center).abs() < 1e-9) {
            Some((_, acc)) => {
                for (a, b) in acc.iter_mut().zip(&m) {
                    a.merge(b);
                }
            }
            None => bins.push((center, m)),
        }
    }
    bins.sort_by(|a, b| a.0.total_cmp(&b.0));
    let to_ci = |m: &Moments| {
        if m.n >= 2 {
            ci(m.mean(), m.ci95())
        } else {
            ci(f64::NAN, f64::NAN)
        }
    };
    Ok(chart::AsymmetryData {
        title: "Deal outcomes against information asymmetry".into(),
        bins: bins
            .iter()
            .filter(|(_, m)| m[0].n >= MIN_BIN_RUNS_DRAWN)
            .map(|(c, m)| chart::AsymmetryBin {
                center: *c,
                runs: m[0].n,
                deal_rate_given_zopa: to_ci(&m[1]),
                efficiency: to_ci(&m[2]),
                share_a: to_ci(&m[3]),
            })
            .collect(),
    })
}
