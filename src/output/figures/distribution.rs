//! Box plots of the share of the surplus each strategy takes in its deals
//! (`share_distribution.csv`).

use super::context::Context;
use crate::error::Result;
use crate::output::tables::{self, ShareRow};
use negsim_chart as chart;
use std::path::Path;

/// The chart's data from `dir/share_distribution.csv`.
pub(super) fn distribution(dir: &Path, ctx: &Context) -> Result<chart::DistributionData> {
    let rows: Vec<ShareRow> = tables::read(dir, "share_distribution.csv")?;
    Ok(chart::DistributionData {
        title: "How each strategy splits the surplus in its deals".into(),
        y_label: "share of the joint surplus it takes, given a deal".into(),
        boxes: rows
            .iter()
            .map(|r| chart::BoxStats {
                name: r.strategy.clone(),
                color_index: ctx.color(&r.strategy),
                n: r.deals,
                p05: r.p05,
                q1: r.q1,
                median: r.median,
                q3: r.q3,
                p95: r.p95,
                mean: r.mean,
            })
            .collect(),
    })
}
