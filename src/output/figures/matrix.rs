//! The two strategy-by-opponent heatmaps: mean surplus (`matrix.csv`) and
//! deal rate (`deal_matrix.csv`).

use super::context::Context;
use super::units;
use crate::error::Result;
use crate::output::tables::read_matrix;
use negsim_chart as chart;
use std::path::Path;

/// The surplus and the deal-rate heatmaps.
pub(super) fn matrices(dir: &Path, ctx: &Context) -> Result<[chart::MatrixData; 2]> {
    Ok([
        matrix(
            dir,
            ctx,
            "matrix.csv",
            "Mean surplus of each strategy (row) against each opponent (column)",
            format!("mean surplus ({})", units(ctx.price)),
            false,
        )?,
        matrix(
            dir,
            ctx,
            "deal_matrix.csv",
            "Deal rate of each strategy (row) against each opponent (column)",
            "deal rate".to_string(),
            true,
        )?,
    ])
}

fn matrix(
    dir: &Path,
    ctx: &Context,
    file: &str,
    title: &str,
    value_label: String,
    percent: bool,
) -> Result<chart::MatrixData> {
    let rows = read_matrix(dir, file, &ctx.names)?;
    Ok(chart::MatrixData {
        title: title.into(),
        row_label: "strategy".into(),
        col_label: "opponent".into(),
        value_label,
        names: rows.iter().map(|r| r.strategy.clone()).collect(),
        values: rows.into_iter().map(|r| r.values).collect(),
        percent,
    })
}
