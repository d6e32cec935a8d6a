//! `asymmetry_design.csv`: the outcomes of a sweep that sets information
//! asymmetry by design (it sweeps `scenario.information` or
//! `scenario.disclosure_noise`), one row per cell and ordered pairing after
//! the swept parameters' columns: the asymmetry the design produced (A's
//! `info_bits` minus B's, mean over the runs), deal rate, pooled efficiency
//! (`E[joint] / E[max joint]`) and each side's surplus per run, each with
//! its 95% half-width clustered by run (by match in matches).

use crate::output::format::csv_num;
use crate::run::stats::WithinFit;
use crate::run::tournament::TournamentResult;
use serde::{Deserialize, Serialize};

/// One row of `asymmetry_design.csv` (after the parameter columns).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DesignRow {
    /// Strategy of side A.
    pub strategy_a: String,
    /// Strategy of side B.
    pub strategy_b: String,
    /// Runs.
    pub runs: u64,
    /// Mean information asymmetry (bits).
    #[serde(with = "csv_num")]
    pub asymmetry_mean: f64,
    /// Its 95% half-width.
    #[serde(with = "csv_num")]
    pub asymmetry_ci95: f64,
    /// Deal rate.
    #[serde(with = "csv_num")]
    pub deal_rate: f64,
    /// Its 95% half-width.
    #[serde(with = "csv_num")]
    pub deal_rate_ci95: f64,
    /// Pooled efficiency.
    #[serde(with = "csv_num")]
    pub efficiency_pooled: f64,
    /// Its 95% half-width (ratio estimator).
    #[serde(with = "csv_num")]
    pub efficiency_pooled_ci95: f64,
    /// A's mean surplus per run (0 without a deal).
    #[serde(with = "csv_num")]
    pub surplus_a_mean: f64,
    /// Its 95% half-width.
    #[serde(with = "csv_num")]
    pub surplus_a_ci95: f64,
    /// B's mean surplus per run.
    #[serde(with = "csv_num")]
    pub surplus_b_mean: f64,
    /// Its 95% half-width.
    #[serde(with = "csv_num")]
    pub surplus_b_ci95: f64,
}

/// The rows of one cell, one per ordered pairing (A-major).
pub fn design_rows(res: &TournamentResult) -> Vec<DesignRow> {
    let empty = WithinFit::default();
    res.pairs
        .iter()
        .map(|p| {
            let f = p.stats.within.as_deref().unwrap_or(&empty);
            let [asym, deal, eff, sa, sb] = [
                f.asymmetry(),
                f.deal_rate(),
                f.efficiency(),
                f.surplus(0),
                f.surplus(1),
            ];
            DesignRow {
                strategy_a: res.names[p.a].clone(),
                strategy_b: res.names[p.b].clone(),
                runs: f.runs(),
                asymmetry_mean: asym.0,
                asymmetry_ci95: asym.1,
                deal_rate: deal.0,
                deal_rate_ci95: deal.1,
                efficiency_pooled: eff.0,
                efficiency_pooled_ci95: eff.1,
                surplus_a_mean: sa.0,
                surplus_a_ci95: sa.1,
                surplus_b_mean: sb.0,
                surplus_b_ci95: sb.1,
            }
        })
        .collect()
}
