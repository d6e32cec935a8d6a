//! `ranking.csv`: the strategies ranked by their payoff, the expected
//! surplus per run (a run without a deal counts as 0) over all opponents
//! and both sides. The share of the surplus is conditional on a deal (so
//! selected by it) and only describes the deals.

use crate::output::format::csv_num;
use crate::run::stats::Moments;
use crate::run::tournament::TournamentResult;
use serde::{Deserialize, Serialize};

/// One row of `ranking.csv` (and of `sweep_ranking.csv` after the
/// parameters).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RankRow {
    /// 1 = best.
    pub rank: usize,
    /// Strategy name.
    pub strategy: String,
    /// Index of the strategy in the experiment (its colour in charts).
    pub index: usize,
    /// Mean surplus per run over all opponents and both sides (no deal: 0):
    /// the payoff the ranking ranks by.
    #[serde(with = "csv_num")]
    pub surplus_mean: f64,
    /// Half-width of its 95% CI, clustered by match: `1.96 sd / sqrt(m)`
    /// over the `m` per-match means (a match is one run unless `[match]
    /// runs` > 1), since all pairings share a run's private values.
    #[serde(with = "csv_num")]
    pub surplus_ci95: f64,
    /// Standard deviation per negotiation.
    #[serde(with = "csv_num")]
    pub surplus_sd: f64,
    /// Deal rate over its runs.
    #[serde(with = "csv_num")]
    pub deal_rate: f64,
    /// Half-width of its 95% CI, clustered by match like `surplus_ci95`.
    #[serde(with = "csv_num")]
    pub deal_rate_ci95: f64,
    /// Deal rate over its runs with a zone of agreement.
    #[serde(with = "csv_num")]
    pub deal_rate_given_zopa: f64,
    /// Share of its runs in which it walked away.
    #[serde(with = "csv_num")]
    pub walk_away_rate: f64,
    /// Mean share of the joint surplus it took, given a deal (a descriptor
    /// of its deals, not a payoff: runs without a deal are left out).
    #[serde(with = "csv_num")]
    pub share_given_deal_mean: f64,
    /// Mean bits it learned about the opponent at the start of the formal
    /// phase (`info_bits`; negative: misled).
    #[serde(with = "csv_num")]
    pub info_bits_mean: f64,
    /// Mean reduction of the CRPS of its belief about the opponent's
    /// reservation from the prior's (prior sds; negative: misled).
    #[serde(with = "csv_num")]
    pub crps_gain_mean: f64,
    /// Mean bits it gave away by its words.
    #[serde(with = "csv_num")]
    pub bits_given_mean: f64,
    /// Mean lies it caught the opponent in (true detections).
    #[serde(with = "csv_num")]
    pub lies_detected_mean: f64,
    /// Mean false accusations it made (the opponent was honest).
    #[serde(with = "csv_num")]
    pub false_detections_mean: f64,
    /// Runs it played (on either side).
    pub runs: u64,
    /// Independent clusters behind the intervals (matches).
    pub clusters: u64,
}

/// Strategies ranked by mean surplus per run over all opponents (both
/// sides): the expected payoff, no deal counting as 0.
pub fn ranking(res: &TournamentResult) -> Vec<RankRow> {
    let k = res.names.len();
    let mut rows: Vec<RankRow> = (0..k).map(|s| rank_row(res, s)).collect();
    rows.sort_by(|a, b| {
        b.surplus_mean
            .total_cmp(&a.surplus_mean)
            .then(a.index.cmp(&b.index))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    rows
}

/// The (unranked) row of strategy `s`.
fn rank_row(res: &TournamentResult, s: usize) -> RankRow {
    let m = Moments::default;
    let (mut surplus, mut deal, mut deal_zopa, mut share) = (m(), m(), m(), m());
    let mut crps_gain = m();
    let (mut learned, mut given, mut walked, mut caught, mut false_alarms) =
        (m(), m(), m(), m(), m());
    for o in 0..res.names.len() {
        let as_a = &res.pair(s, o).stats;
        let as_b = &res.pair(o, s).stats;
        surplus.merge(&as_a.surplus[0]);
        surplus.merge(&as_b.surplus[1]);
        deal.merge(&as_a.deal);
        deal.merge(&as_b.deal);
        deal_zopa.merge(&as_a.deal_given_zopa);
        deal_zopa.merge(&as_b.deal_given_zopa);
        walked.merge(&as_a.walk_away[0]);
        walked.merge(&as_b.walk_away[1]);
        caught.merge(&as_a.lies_detected[0]);
        caught.merge(&as_b.lies_detected[1]);
        false_alarms.merge(&as_a.false_detections[0]);
        false_alarms.merge(&as_b.false_detections[1]);
        share.merge(&as_a.share_a);
        // B's share is 1 - A's share: same spread, mirrored mean.
        let mut sb = as_b.share_a;
        sb.mean = 1.0 - sb.mean;
        share.merge(&sb);
        learned.merge(&as_a.info_bits[0]);
        learned.merge(&as_b.info_bits[1]);
        crps_gain.merge(&as_a.crps_gain[0]);
        crps_gain.merge(&as_b.crps_gain[1]);
        given.merge(&as_a.bits_given[0]);
        given.merge(&as_b.bits_given[1]);
    }
    RankRow {
        rank: 0,
        strategy: res.names[s].clone(),
        index: s,
        surplus_mean: surplus.mean(),
        surplus_ci95: res.clustered.surplus[s].ci95(),
        surplus_sd: surplus.sd(),
        deal_rate: deal.mean(),
        deal_rate_ci95: res.clustered.deal[s].ci95(),
        deal_rate_given_zopa: deal_zopa.mean(),
        walk_away_rate: walked.mean(),
        share_given_deal_mean: share.mean(),
        info_bits_mean: learned.mean(),
        crps_gain_mean: crps_gain.mean(),
        bits_given_mean: given.mean(),
        lies_detected_mean: caught.mean(),
        false_detections_mean: false_alarms.mean(),
        runs: surplus.n,
        clusters: res.clustered.surplus[s].clusters(),
    }
}
