//! Who extracts, who leaks: bits learned against bits given away, per
//! focal strategy and opponent, over both sides (`summary.csv`).

use super::context::Context;
use crate::error::Result;
use crate::output::tables::{self, SummaryRow};
use negsim_chart as chart;
use std::collections::HashMap;
use std::path::Path;

/// The chart's data from `dir/summary.csv`.
pub(super) fn information(dir: &Path, ctx: &Context) -> Result<chart::InformationData> {
    let rows: Vec<SummaryRow> = tables::read(dir, "summary.csv")?;
    let pair: HashMap<(&str, &str), &SummaryRow> = rows
        .iter()
        .map(|r| ((r.strategy_a.as_str(), r.strategy_b.as_str()), r))
        .collect();
    let mut points = Vec::new();
    for s in &ctx.names {
        for o in &ctx.names {
            let (Some(ra), Some(rb)) = (
                pair.get(&(s.as_str(), o.as_str())),
                pair.get(&(o.as_str(), s.as_str())),
            ) else {
                continue;
            };
            points.push(chart::InfoPoint {
                focal: s.clone(),
                focal_color: ctx.color(s),
                opponent: o.clone(),
                bits_given: 0.5 * (ra.bits_given_a_mean + rb.bits_given_b_mean),
                bits_learned: 0.5 * (ra.info_bits_a_mean + rb.info_bits_b_mean),
            });
        }
    }
    Ok(chart::InformationData {
        title: "Who extracts, who leaks: bits learned against bits given away".into(),
        points,
    })
}
