//! `match_trace.csv` (matches of several runs): per pairing and position in
//! the match, the deal rate and the means of trust, disclosures, bluffs,
//! detected lies (true and false), bits learned and surplus of each side.

use crate::output::format::csv_num;
use crate::run::tournament::TournamentResult;
use serde::{Deserialize, Serialize};

/// One row of `match_trace.csv`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MatchTraceRow {
    /// Strategy of side A.
    pub strategy_a: String,
    /// Strategy of side B.
    pub strategy_b: String,
    /// Position of the run in its match (1 = first); for matches longer
    /// than 100 runs, the first of a group of consecutive positions.
    pub position: usize,
    /// The last position of the group (`position` itself for matches of
    /// at most 100 runs).
    pub position_last: usize,
    /// Runs at this position.
    pub runs: u64,
    /// Deal rate.
    #[serde(with = "csv_num")]
    pub deal_rate: f64,
    /// A's mean trust in B after the run.
    #[serde(with = "csv_num")]
    pub trust_a_mean: f64,
    /// B's mean trust in A after the run.
    #[serde(with = "csv_num")]
    pub trust_b_mean: f64,
    /// A's mean confidences plus answers.
    #[serde(with = "csv_num")]
    pub disclosures_a_mean: f64,
    /// B's mean confidences plus answers.
    #[serde(with = "csv_num")]
    pub disclosures_b_mean: f64,
    /// A's mean bluffs.
    #[serde(with = "csv_num")]
    pub bluffs_a_mean: f64,
    /// B's mean bluffs.
    #[serde(with = "csv_num")]
    pub bluffs_b_mean: f64,
    /// Mean lies caught by A.
    #[serde(with = "csv_num")]
    pub lies_detected_a_mean: f64,
    /// Mean lies caught by B.
    #[serde(with = "csv_num")]
    pub lies_detected_b_mean: f64,
    /// Mean false accusations by A (B was honest).
    #[serde(with = "csv_num")]
    pub false_detections_a_mean: f64,
    /// Mean false accusations by B.
    #[serde(with = "csv_num")]
    pub false_detections_b_mean: f64,
    /// Mean bits A learned about B before the formal phase.
    #[serde(with = "csv_num")]
    pub info_bits_a_mean: f64,
    /// Mean bits B learned about A.
    #[serde(with = "csv_num")]
    pub info_bits_b_mean: f64,
    /// A's mean surplus.
    #[serde(with = "csv_num")]
    pub surplus_a_mean: f64,
    /// B's mean surplus.
    #[serde(with = "csv_num")]
    pub surplus_b_mean: f64,
}

/// The rows of `match_trace.csv`, by pairing then position.
pub fn match_trace_rows(res: &TournamentResult) -> Vec<MatchTraceRow> {
    let mut rows = Vec::new();
    for p in &res.pairs {
        for (pos, m) in p.stats.by_position.iter().enumerate() {
            rows.push(MatchTraceRow {
                strategy_a: res.names[p.a].clone(),
                strategy_b: res.names[p.b].clone(),
                position: p.stats.positions(pos).0 as usize,
                position_last: p.stats.positions(pos).1 as usize,
                runs: m.trust[0].n,
                deal_rate: m.deal.mean(),
                trust_a_mean: m.trust[0].mean(),
                trust_b_mean: m.trust[1].mean(),
                disclosures_a_mean: m.disclosures[0].mean(),
                disclosures_b_mean: m.disclosures[1].mean(),
                bluffs_a_mean: m.bluffs[0].mean(),
                bluffs_b_mean: m.bluffs[1].mean(),
                lies_detected_a_mean: m.lies_detected[0].mean(),
                lies_detected_b_mean: m.lies_detected[1].mean(),
                false_detections_a_mean: m.false_detections[0].mean(),
                false_detections_b_mean: m.false_detections[1].mean(),
                info_bits_a_mean: m.info_bits[0].mean(),
                info_bits_b_mean: m.info_bits[1].mean(),
                surplus_a_mean: m.surplus[0].mean(),
                surplus_b_mean: m.surplus[1].mean(),
            });
        }
    }
    rows
}
