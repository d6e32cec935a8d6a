//! `asymmetry_within.csv`: information asymmetry's effect within each
//! ordered pairing, the data of the asymmetry chart. Per pairing and
//! outcome, the least-squares slope of the outcome on the run's asymmetry
//! (A's `info_bits` minus B's, bits) with the private values held fixed
//! (each side's standardised reservation, its square, and the zone width),
//! and its 95% interval clustered by run (by match in matches of several
//! runs). A pairing whose asymmetry never varies (nobody talked or leaked)
//! has a row with an empty slope and a `note` saying so.
//!
//! Units of `slope`: `deal_rate` and `efficiency` (pooled, `E[joint] /
//! E[max joint]`) in fractions per bit, `surplus_a` in surplus units per bit.

use crate::output::format::csv_num;
use crate::run::stats::{Response, WithinFit};
use crate::run::tournament::TournamentResult;
use serde::{Deserialize, Serialize};

/// One row of `asymmetry_within.csv`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WithinRow {
    /// Strategy of side A.
    pub strategy_a: String,
    /// Strategy of side B.
    pub strategy_b: String,
    /// `deal_rate`, `efficiency` or `surplus_a`.
    pub outcome: String,
    /// Change of the outcome per bit of asymmetry, values held fixed.
    #[serde(with = "csv_num")]
    pub slope: f64,
    /// Lower end of its 95% interval.
    #[serde(with = "csv_num")]
    pub ci_low: f64,
    /// Upper end.
    #[serde(with = "csv_num")]
    pub ci_high: f64,
    /// Runs in the fit.
    pub n: u64,
    /// Clusters of the interval (runs, or matches).
    pub clusters: u64,
    /// Mean asymmetry of the pairing (bits).
    #[serde(with = "csv_num")]
    pub asymmetry_mean: f64,
    /// Its standard deviation over the runs (0: no variation).
    #[serde(with = "csv_num")]
    pub asymmetry_sd: f64,
    /// Empty when the slope was estimated; else why not.
    pub note: String,
}

/// The rows of one pairing's fit.
pub fn fit_rows(a: &str, b: &str, fit: &WithinFit) -> Vec<WithinRow> {
    Response::ALL
        .iter()
        .map(|&r| {
            let (slope, half, note) = match fit.slope(r) {
                Ok(s) => (s.slope, s.ci95, String::new()),
                Err(why) => (f64::NAN, f64::NAN, why.phrase().to_string()),
            };
            WithinRow {
                strategy_a: a.to_string(),
                strategy_b: b.to_string(),
                outcome: r.name().to_string(),
                slope,
                ci_low: slope - half,
                ci_high: slope + half,
                n: fit.runs(),
                clusters: fit.clusters(),
                asymmetry_mean: fit.asymmetry().0,
                asymmetry_sd: fit.asymmetry_sd(),
                note,
            }
        })
        .collect()
}

/// The rows of `asymmetry_within.csv`: every ordered pairing, A-major, three
/// outcomes each.
pub fn within_rows(res: &TournamentResult) -> Vec<WithinRow> {
    let empty = WithinFit::default();
    res.pairs
        .iter()
        .flat_map(|p| {
            let fit = p.stats.within.as_deref().unwrap_or(&empty);
            fit_rows(&res.names[p.a], &res.names[p.b], fit)
        })
        .collect()
}
