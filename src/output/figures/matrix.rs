//! The two strategy-by-opponent heatmaps: mean surplus (`matrix.csv`) and
//! deal rate (`deal_matrix.csv`).

use super::context::Context;
use super::units;
use crate::error::Result;
use crate::output::tables::{self, SummaryRow, read_matrix};
use negsim_chart as chart;
use std::path::Path;

/// How many 95% CI half-widths the colour scale spans at least (±2).
pub(super) const NOISE_SPAN: f64 = 4.0;

/// The colour-bar label of a heatmap whose scale spans at least ±2 CIs.
pub(super) fn noise_label(what: &str) -> String {
    format!("{what}; colours span at least \u{b1}2 \u{d7} 95% CI")
}

/// The largest finite value of `xs` (0 if none).
pub(super) fn largest(xs: impl IntoIterator<Item = f64>) -> f64 {
    xs.into_iter().filter(|x| x.is_finite()).fold(0.0, f64::max)
}

/// The surplus and the deal-rate heatmaps. Their colour scales span at
/// least ±2 of the widest 95% CI of a pairing (`summary.csv`), so cells
/// that differ only by noise share a colour.
pub(super) fn matrices(dir: &Path, ctx: &Context) -> Result<[chart::MatrixData; 2]> {
    let summary: Vec<SummaryRow> = tables::read(dir, "summary.csv")?;
    let surplus_ci = largest(
        summary
            .iter()
            .flat_map(|r| [r.surplus_a_ci95, r.surplus_b_ci95]),
    );
    let deal_ci = largest(summary.iter().map(|r| r.deal_rate_ci95));
    Ok([
        matrix(
            dir,
            ctx,
            "matrix.csv",
            "Mean surplus of each strategy (row) against each opponent (column)",
            noise_label(&format!("mean surplus ({})", units(ctx.price))),
            (false, NOISE_SPAN * surplus_ci),
        )?,
        matrix(
            dir,
            ctx,
            "deal_matrix.csv",
            "Deal rate of each strategy (row) against each opponent (column)",
            noise_label("deal rate"),
            (true, NOISE_SPAN * deal_ci),
        )?,
    ])
}

fn matrix(
    dir: &Path,
    ctx: &Context,
    file: &str,
    title: &str,
    value_label: String,
    (percent, min_span): (bool, f64),
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
        min_span,
    })
}
