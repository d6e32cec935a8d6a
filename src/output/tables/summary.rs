//! `summary.csv`: one row per ordered pairing, every metric of its runs.

use crate::output::format::csv_num;
use crate::output::tables::io::to_bytes;
use crate::run::stats::PairStats;
use crate::run::tournament::TournamentResult;
use serde::{Deserialize, Serialize};

/// One row of `summary.csv` (and of `sweep.csv` after the parameters).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SummaryRow {
    /// Strategy of side A.
    pub strategy_a: String,
    /// Strategy of side B.
    pub strategy_b: String,
    /// Runs played.
    pub runs: u64,
    /// Share of runs with a deal.
    #[serde(with = "csv_num")]
    pub deal_rate: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub deal_rate_ci95: f64,
    /// Share of runs with a zone of agreement.
    #[serde(with = "csv_num")]
    pub zopa_rate: f64,
    /// Deal rate over runs with a zone of agreement.
    #[serde(with = "csv_num")]
    pub deal_rate_given_zopa: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub deal_rate_given_zopa_ci95: f64,
    /// Share of runs in which someone walked away.
    #[serde(with = "csv_num")]
    pub walk_away_rate: f64,
    /// Share of the runs with a zone of agreement in which someone walked
    /// away (from a possible deal).
    #[serde(with = "csv_num")]
    pub walk_away_rate_given_zopa: f64,
    /// Share of runs in which A walked away.
    #[serde(with = "csv_num")]
    pub walk_away_a_rate: f64,
    /// Share of runs in which B walked away.
    #[serde(with = "csv_num")]
    pub walk_away_b_rate: f64,
    /// A's mean surplus.
    #[serde(with = "csv_num")]
    pub surplus_a_mean: f64,
    /// Its standard deviation.
    #[serde(with = "csv_num")]
    pub surplus_a_sd: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub surplus_a_ci95: f64,
    /// B's mean surplus.
    #[serde(with = "csv_num")]
    pub surplus_b_mean: f64,
    /// Its standard deviation.
    #[serde(with = "csv_num")]
    pub surplus_b_sd: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub surplus_b_ci95: f64,
    /// Mean joint surplus.
    #[serde(with = "csv_num")]
    pub joint_surplus_mean: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub joint_surplus_ci95: f64,
    /// Efficiency, pooled: mean joint surplus over mean possible joint
    /// surplus, `E[joint] / E[max joint]` (THEORY.md's definition; the
    /// headline efficiency).
    #[serde(with = "csv_num")]
    pub efficiency: f64,
    /// Half-width of its 95% CI: the ratio estimator's delta-method
    /// interval over runs (over matches, clustered, in matches of several
    /// runs).
    #[serde(with = "csv_num")]
    pub efficiency_ci95: f64,
    /// The per-run efficiency `joint / max joint` averaged over the runs
    /// with a zone of agreement (the mean of ratios: weighs a narrow zone
    /// like a wide one).
    #[serde(with = "csv_num")]
    pub efficiency_mean_of_ratios: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub efficiency_mean_of_ratios_ci95: f64,
    /// A's mean share of the joint surplus, given a deal (a descriptor of
    /// the deals, selected by them; not a payoff).
    #[serde(with = "csv_num")]
    pub share_a_mean: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub share_a_ci95: f64,
    /// Mean price of the deals.
    #[serde(with = "csv_num")]
    pub price_mean: f64,
    /// Mean distance of the deal to the Pareto frontier.
    #[serde(with = "csv_num")]
    pub pareto_distance_mean: f64,
    /// Mean distance of the deal to the Nash bargaining solution.
    #[serde(with = "csv_num")]
    pub nash_distance_mean: f64,
    /// Mean bits A learned about B at the start of the formal phase
    /// (negative: misled).
    #[serde(with = "csv_num")]
    pub info_bits_a_mean: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub info_bits_a_ci95: f64,
    /// Mean bits B learned about A at the start of the formal phase.
    #[serde(with = "csv_num")]
    pub info_bits_b_mean: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub info_bits_b_ci95: f64,
    /// Mean bits A had learned about B at the end of the run.
    #[serde(with = "csv_num")]
    pub info_bits_end_a_mean: f64,
    /// Mean bits B had learned about A at the end of the run.
    #[serde(with = "csv_num")]
    pub info_bits_end_b_mean: f64,
    /// Mean CRPS of A's belief about B's reservation at the truth, at the
    /// start of the formal phase (prior sds; lower is better).
    #[serde(with = "csv_num")]
    pub crps_a_mean: f64,
    /// Mean CRPS of B's belief about A's reservation (prior sds).
    #[serde(with = "csv_num")]
    pub crps_b_mean: f64,
    /// Mean reduction of A's CRPS from the prior's (prior sds; positive:
    /// learned, negative: misled, 0 when nothing was said or leaked).
    #[serde(with = "csv_num")]
    pub crps_gain_a_mean: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub crps_gain_a_ci95: f64,
    /// Mean reduction of B's CRPS from the prior's (prior sds).
    #[serde(with = "csv_num")]
    pub crps_gain_b_mean: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub crps_gain_b_ci95: f64,
    /// Mean confidence of A's belief (bits: how sure it was).
    #[serde(with = "csv_num")]
    pub confidence_bits_a_mean: f64,
    /// Mean confidence of B's belief (bits).
    #[serde(with = "csv_num")]
    pub confidence_bits_b_mean: f64,
    /// Mean error of A's belief about B (prior sd).
    #[serde(with = "csv_num")]
    pub error_a_mean: f64,
    /// Mean error of B's belief about A (prior sd).
    #[serde(with = "csv_num")]
    pub error_b_mean: f64,
    /// Mean reduction of A's belief error from the prior's (prior sd).
    #[serde(with = "csv_num")]
    pub error_reduction_a_mean: f64,
    /// Mean reduction of B's belief error from the prior's (prior sd).
    #[serde(with = "csv_num")]
    pub error_reduction_b_mean: f64,
    /// Mean bits A's words gave away.
    #[serde(with = "csv_num")]
    pub bits_given_a_mean: f64,
    /// Mean bits B's words gave away.
    #[serde(with = "csv_num")]
    pub bits_given_b_mean: f64,
    /// Mean information asymmetry: A's info bits minus B's (positive: A
    /// learned more).
    #[serde(with = "csv_num")]
    pub asymmetry_mean: f64,
    /// Half-width of its 95% CI.
    #[serde(with = "csv_num")]
    pub asymmetry_ci95: f64,
    /// Mean formal rounds.
    #[serde(with = "csv_num")]
    pub rounds_mean: f64,
    /// Mean confidences by A.
    #[serde(with = "csv_num")]
    pub confidences_a_mean: f64,
    /// Mean confidences by B.
    #[serde(with = "csv_num")]
    pub confidences_b_mean: f64,
    /// Mean answers by A.
    #[serde(with = "csv_num")]
    pub answers_a_mean: f64,
    /// Mean answers by B.
    #[serde(with = "csv_num")]
    pub answers_b_mean: f64,
    /// Mean questions by A.
    #[serde(with = "csv_num")]
    pub asks_a_mean: f64,
    /// Mean questions by B.
    #[serde(with = "csv_num")]
    pub asks_b_mean: f64,
    /// Mean bluffs by both sides.
    #[serde(with = "csv_num")]
    pub bluffs_mean: f64,
    /// Mean bluffs by A.
    #[serde(with = "csv_num")]
    pub bluffs_a_mean: f64,
    /// Mean bluffs by B.
    #[serde(with = "csv_num")]
    pub bluffs_b_mean: f64,
    /// Mean lies caught by both sides (true detections: the other was
    /// bluffing).
    #[serde(with = "csv_num")]
    pub lies_detected_mean: f64,
    /// Mean lies A caught B in.
    #[serde(with = "csv_num")]
    pub lies_detected_a_mean: f64,
    /// Mean lies B caught A in.
    #[serde(with = "csv_num")]
    pub lies_detected_b_mean: f64,
    /// Mean false accusations by both sides (the other was honest).
    #[serde(with = "csv_num")]
    pub false_detections_mean: f64,
    /// Mean false accusations by A.
    #[serde(with = "csv_num")]
    pub false_detections_a_mean: f64,
    /// Mean false accusations by B.
    #[serde(with = "csv_num")]
    pub false_detections_b_mean: f64,
    /// A's mean trust in B at the end of a run.
    #[serde(with = "csv_num")]
    pub trust_a_mean: f64,
    /// B's mean trust in A at the end of a run.
    #[serde(with = "csv_num")]
    pub trust_b_mean: f64,
}

impl SummaryRow {
    /// The row of a pairing.
    pub fn new(strategy_a: &str, strategy_b: &str, s: &PairStats) -> Self {
        SummaryRow {
            strategy_a: strategy_a.to_string(),
            strategy_b: strategy_b.to_string(),
            runs: s.runs,
            deal_rate: s.deal.mean(),
            deal_rate_ci95: s.ci95(&s.deal, |m| &m.deal),
            zopa_rate: if s.runs > 0 {
                s.deal_given_zopa.n as f64 / s.runs as f64
            } else {
                f64::NAN
            },
            deal_rate_given_zopa: s.deal_given_zopa.mean(),
            deal_rate_given_zopa_ci95: s.ci95(&s.deal_given_zopa, |m| &m.deal_given_zopa),
            walk_away_rate: s.walk_away[0].mean() + s.walk_away[1].mean(),
            walk_away_rate_given_zopa: s.walk_away_given_zopa.mean(),
            walk_away_a_rate: s.walk_away[0].mean(),
            walk_away_b_rate: s.walk_away[1].mean(),
            surplus_a_mean: s.surplus[0].mean(),
            surplus_a_sd: s.surplus[0].sd(),
            surplus_a_ci95: s.ci95(&s.surplus[0], |m| &m.surplus[0]),
            surplus_b_mean: s.surplus[1].mean(),
            surplus_b_sd: s.surplus[1].sd(),
            surplus_b_ci95: s.ci95(&s.surplus[1], |m| &m.surplus[1]),
            joint_surplus_mean: s.joint.mean(),
            joint_surplus_ci95: s.ci95(&s.joint, |m| &m.joint),
            efficiency: s.efficiency_pooled(),
            efficiency_ci95: s.efficiency_pooled_ci95(),
            efficiency_mean_of_ratios: s.efficiency.mean(),
            efficiency_mean_of_ratios_ci95: s.ci95(&s.efficiency, |m| &m.efficiency),
            share_a_mean: s.share_a.mean(),
            share_a_ci95: s.ci95(&s.share_a, |m| &m.share_a),
            price_mean: s.price.mean(),
            pareto_distance_mean: s.pareto_distance.mean(),
            nash_distance_mean: s.nash_distance.mean(),
            info_bits_a_mean: s.info_bits[0].mean(),
            info_bits_a_ci95: s.ci95(&s.info_bits[0], |m| &m.info_bits[0]),
            info_bits_b_mean: s.info_bits[1].mean(),
            info_bits_b_ci95: s.ci95(&s.info_bits[1], |m| &m.info_bits[1]),
            info_bits_end_a_mean: s.info_bits_end[0].mean(),
            info_bits_end_b_mean: s.info_bits_end[1].mean(),
            crps_a_mean: s.crps[0].mean(),
            crps_b_mean: s.crps[1].mean(),
            crps_gain_a_mean: s.crps_gain[0].mean(),
            crps_gain_a_ci95: s.ci95(&s.crps_gain[0], |m| &m.crps_gain[0]),
            crps_gain_b_mean: s.crps_gain[1].mean(),
            crps_gain_b_ci95: s.ci95(&s.crps_gain[1], |m| &m.crps_gain[1]),
            confidence_bits_a_mean: s.confidence_bits[0].mean(),
            confidence_bits_b_mean: s.confidence_bits[1].mean(),
            error_a_mean: s.error[0].mean(),
            error_b_mean: s.error[1].mean(),
            error_reduction_a_mean: s.error_reduction[0].mean(),
            error_reduction_b_mean: s.error_reduction[1].mean(),
            bits_given_a_mean: s.bits_given[0].mean(),
            bits_given_b_mean: s.bits_given[1].mean(),
            asymmetry_mean: s.asymmetry.mean(),
            asymmetry_ci95: s.ci95(&s.asymmetry, |m| &m.asymmetry),
            rounds_mean: s.rounds.mean(),
            confidences_a_mean: s.confidences[0].mean(),
            confidences_b_mean: s.confidences[1].mean(),
            answers_a_mean: s.answers[0].mean(),
            answers_b_mean: s.answers[1].mean(),
            asks_a_mean: s.asks[0].mean(),
            asks_b_mean: s.asks[1].mean(),
            bluffs_mean: s.bluffs[0].mean() + s.bluffs[1].mean(),
            bluffs_a_mean: s.bluffs[0].mean(),
            bluffs_b_mean: s.bluffs[1].mean(),
            lies_detected_mean: s.lies_detected[0].mean() + s.lies_detected[1].mean(),
            lies_detected_a_mean: s.lies_detected[0].mean(),
            lies_detected_b_mean: s.lies_detected[1].mean(),
            false_detections_mean: s.false_detections[0].mean() + s.false_detections[1].mean(),
            false_detections_a_mean: s.false_detections[0].mean(),
            false_detections_b_mean: s.false_detections[1].mean(),
            trust_a_mean: s.trust[0].mean(),
            trust_b_mean: s.trust[1].mean(),
        }
    }
}

/// Rows are equal when `summary.csv` shows them identically (so an
/// undefined value, NaN, equals another).
impl PartialEq for SummaryRow {
    fn eq(&self, other: &Self) -> bool {
        let bytes = |r: &Self| to_bytes(std::slice::from_ref(r)).ok();
        bytes(self) == bytes(other)
    }
}

/// The rows of `summary.csv`, one per ordered pairing in run order.
pub fn summary_rows(res: &TournamentResult) -> Vec<SummaryRow> {
    res.pairs
        .iter()
        .map(|p| SummaryRow::new(&res.names[p.a], &res.names[p.b], &p.stats))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_compare_as_written() {
        let a = SummaryRow {
            price_mean: f64::NAN,
            ..Default::default()
        };
        let mut b = a.clone();
        assert_eq!(a, b);
        b.price_mean = 1.0;
        assert_ne!(a, b);
    }
}
