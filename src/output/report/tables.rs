//! The tables of a tournament's report: the ranking (with the paired
//! verdict against the next rank) and its paragraph, and the summary by
//! pairing; surplus in the scale of its values.

use super::DESIGN_NOTE;
use super::Table;
use super::compare;
use super::numbers::Scale;
use crate::output::tables::{ComparisonRow, RankRow, SummaryRow};
use std::fmt::Write;

/// A rate or a number of bits in a table: three decimals; empty when
/// undefined.
fn number(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.3}")
    } else {
        String::new()
    }
}

/// The ranking table: rank, strategy, mean surplus and its interval (in
/// the scale of the means), rates, bits, and the paired verdict against
/// the strategy ranked next (`tie` for identical means).
pub(super) fn ranking_table(id: &str, ranking: &[RankRow], cmp: &[&ComparisonRow]) -> Table {
    let scale = Scale::of(ranking.iter().map(|r| r.surplus_mean));
    let rows = ranking
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                r.rank.to_string(),
                r.strategy.clone(),
                scale.fmt(r.surplus_mean),
                scale.half(r.surplus_ci95),
                number(r.deal_rate),
                number(r.deal_rate_given_zopa),
                number(r.walk_away_rate),
                number(r.info_bits_mean),
                number(r.crps_gain_mean),
                compare::versus_next(ranking, i, cmp),
            ]
        })
        .collect();
    let mut t = Table::text(
        id,
        &[
            "rank",
            "strategy",
            "mean surplus",
            "95% CI ±",
            "deal rate",
            "given a zone",
            "walked away",
            "info bits",
            "CRPS gain (sd)",
            "paired test against the next",
        ],
        rows,
    );
    t.numeric = vec![true, false, true, true, true, true, true, true, true, false];
    t
}

/// The paragraph under the ranking table: who is first and last, and
/// what the paired comparisons say.
pub(super) fn ranking_words(ranking: &[RankRow], cmp: &[&ComparisonRow]) -> String {
    let scale = Scale::of(ranking.iter().map(|r| r.surplus_mean));
    let mut t = String::from(
        "Mean surplus per negotiation over all opponents and both sides, a negotiation without a \
         deal counting as 0 (the payoff the strategies are ranked by); the interval is clustered \
         by match. Info bits and the CRPS gain (in prior sds) measure what a strategy learned \
         about the opponent's reservation; both are negative when it was misled. ",
    );
    if let (Some(first), Some(last)) = (ranking.first(), ranking.last()) {
        if compare::tie_at_top(ranking) {
            let tied: Vec<&str> = ranking
                .iter()
                .filter(|r| r.surplus_mean == first.surplus_mean)
                .map(|r| r.strategy.as_str())
                .collect();
            let _ = write!(
                t,
                "{} tie for first ({} each). ",
                tied.join(" and "),
                scale.fmt(first.surplus_mean)
            );
        } else {
            let _ = write!(
                t,
                "{} ranks first ({}), {} last ({}), in this design: {DESIGN_NOTE} ",
                first.strategy,
                scale.pm(first.surplus_mean, first.surplus_ci95),
                last.strategy,
                scale.pm(last.surplus_mean, last.surplus_ci95)
            );
        }
    }
    t.push_str(&compare::verdicts_short(cmp));
    t
}

/// A column of the summary table: its heading and its cell (surplus in
/// the given scale).
type SummaryColumn = (&'static str, fn(&SummaryRow, Scale) -> String);

/// The columns of the summary table (a few of `summary.csv`'s).
const SUMMARY: [SummaryColumn; 15] = [
    ("A", |r, _| r.strategy_a.clone()),
    ("B", |r, _| r.strategy_b.clone()),
    ("deal rate", |r, _| number(r.deal_rate)),
    ("given a zone", |r, _| number(r.deal_rate_given_zopa)),
    ("walked away", |r, _| number(r.walk_away_rate)),
    ("surplus A", |r, s| s.fmt(r.surplus_a_mean)),
    ("surplus B", |r, s| s.fmt(r.surplus_b_mean)),
    ("efficiency (pooled)", |r, _| number(r.efficiency)),
    ("A's share of a deal", |r, _| number(r.share_a_mean)),
    ("bits A", |r, _| number(r.info_bits_a_mean)),
    ("bits B", |r, _| number(r.info_bits_b_mean)),
    ("CRPS gain A", |r, _| number(r.crps_gain_a_mean)),
    ("CRPS gain B", |r, _| number(r.crps_gain_b_mean)),
    ("lies caught", |r, _| number(r.lies_detected_mean)),
    ("false accusations", |r, _| number(r.false_detections_mean)),
];

/// The summary table, one row per ordered pairing.
pub(super) fn summary_table(rows: &[SummaryRow], scale: Scale) -> Table {
    let cells = rows
        .iter()
        .map(|r| SUMMARY.iter().map(|(_, c)| c(r, scale)).collect())
        .collect();
    let head: Vec<&str> = SUMMARY.iter().map(|(h, _)| *h).collect();
    let mut t = Table::text("summary", &head, cells);
    // The first two columns are names.
    t.numeric = (0..SUMMARY.len()).map(|i| i >= 2).collect();
    t
}
