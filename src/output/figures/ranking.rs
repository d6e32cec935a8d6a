//! The ranking chart: mean surplus per strategy with its CI (`ranking.csv`).

use super::context::Context;
use super::{ci, units};
use crate::error::Result;
use crate::output::tables::{self, RankRow};
use negsim_chart as chart;
use std::path::Path;

/// The chart's data from `dir/ranking.csv`.
pub(super) fn ranking(dir: &Path, ctx: &Context) -> Result<chart::RankingData> {
    let rows: Vec<RankRow> = tables::read(dir, "ranking.csv")?;
    Ok(chart::RankingData {
        title: "Ranking: mean surplus over all opponents and both sides".into(),
        y_label: format!("mean surplus per negotiation ({})", units(ctx.price)),
        entries: rows
            .iter()
            .map(|r| chart::RankingEntry {
                name: r.strategy.clone(),
                color_index: ctx.color(&r.strategy),
                surplus: ci(r.surplus_mean, r.surplus_ci95),
                deal_rate: r.deal_rate,
            })
            .collect(),
    })
}
