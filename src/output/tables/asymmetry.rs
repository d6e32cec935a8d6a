//! `asymmetry.csv`: the data of the asymmetry chart, per pairing and bin of
//! information asymmetry, A's `info_bits` minus B's, in bits (bins without
//! runs are left out).

use crate::output::format::csv_num;
use crate::run::tournament::TournamentResult;
use serde::{Deserialize, Serialize};

/// One row of `asymmetry.csv`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AsymmetryRow {
    /// Strategy of side A.
    pub strategy_a: String,
    /// Strategy of side B.
    pub strategy_b: String,
    /// Lower edge of the bin (bits).
    #[serde(with = "csv_num")]
    pub bin_lo: f64,
    /// Upper edge of the bin.
    #[serde(with = "csv_num")]
    pub bin_hi: f64,
    /// Runs in the bin.
    pub runs: u64,
    /// Deal rate.
    #[serde(with = "csv_num")]
    pub deal_rate: f64,
    /// Its standard deviation.
    #[serde(with = "csv_num")]
    pub deal_rate_sd: f64,
    /// Runs with a zone of agreement.
    pub zopa_n: u64,
    /// Their deal rate.
    #[serde(with = "csv_num")]
    pub deal_rate_given_zopa: f64,
    /// Its standard deviation.
    #[serde(with = "csv_num")]
    pub deal_rate_given_zopa_sd: f64,
    /// Share of runs in which someone walked away.
    #[serde(with = "csv_num")]
    pub walk_away_rate: f64,
    /// Runs with a zone of agreement.
    pub efficiency_n: u64,
    /// Their mean efficiency.
    #[serde(with = "csv_num")]
    pub efficiency_mean: f64,
    /// Its standard deviation.
    #[serde(with = "csv_num")]
    pub efficiency_sd: f64,
    /// Deals.
    pub share_a_n: u64,
    /// A's mean share of the joint surplus in them.
    #[serde(with = "csv_num")]
    pub share_a_mean: f64,
    /// Its standard deviation.
    #[serde(with = "csv_num")]
    pub share_a_sd: f64,
}

/// The rows of `asymmetry.csv`, by pairing then bin.
pub fn asymmetry_rows(res: &TournamentResult) -> Vec<AsymmetryRow> {
    let mut rows = Vec::new();
    for p in &res.pairs {
        let (lo0, width) = p.stats.asym_edges();
        for (b, bin) in p.stats.asym_bins.iter().enumerate() {
            if bin.deal.n == 0 {
                continue;
            }
            let lo = lo0 + b as f64 * width;
            rows.push(AsymmetryRow {
                strategy_a: res.names[p.a].clone(),
                strategy_b: res.names[p.b].clone(),
                bin_lo: lo,
                bin_hi: lo + width,
                runs: bin.deal.n,
                deal_rate: bin.deal.mean(),
                deal_rate_sd: bin.deal.sd(),
                zopa_n: bin.deal_given_zopa.n,
                deal_rate_given_zopa: bin.deal_given_zopa.mean(),
                deal_rate_given_zopa_sd: bin.deal_given_zopa.sd(),
                walk_away_rate: bin.walk_away.mean(),
                efficiency_n: bin.efficiency.n,
                efficiency_mean: bin.efficiency.mean(),
                efficiency_sd: bin.efficiency.sd(),
                share_a_n: bin.share_a.n,
                share_a_mean: bin.share_a.mean(),
                share_a_sd: bin.share_a.sd(),
            });
        }
    }
    rows
}
