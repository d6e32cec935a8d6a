//! The forest plot of `comparisons.csv`: every two strategies' paired
//! difference in mean surplus with its 95% interval, the verdict (Holm) as
//! a filled or hollow marker.

use super::context::Context;
use super::{ci, units};
use crate::error::Result;
use crate::output::tables::{self, ComparisonRow};
use negsim_chart as chart;
use std::path::Path;

/// The chart's title.
pub const TITLE: &str = "Paired differences in mean surplus, every two strategies";

/// The chart's data from `dir/comparisons.csv` (its `surplus` rows, in the
/// file's order: best-ranked pairs first).
pub(super) fn comparisons(dir: &Path, ctx: &Context) -> Result<chart::ComparisonsData> {
    let rows: Vec<ComparisonRow> = tables::read(dir, "comparisons.csv")?;
    Ok(chart::ComparisonsData {
        title: TITLE.into(),
        x_label: format!(
            "difference in mean surplus per negotiation ({})",
            units(ctx.price)
        ),
        rows: rows
            .iter()
            .filter(|r| r.metric == "surplus")
            .map(|r| chart::ComparisonEntry {
                label: format!("{} \u{2212} {}", r.strategy, r.versus),
                difference: ci(r.difference, r.difference_ci95),
                significant: r.verdict == "higher" || r.verdict == "lower",
            })
            .collect(),
    })
}
