//! Trust and disclosure over the runs of a match, side A's view
//! (`match_trace.csv`; matches of several runs only).

use super::context::Context;
use crate::error::Result;
use crate::output::tables::{self, MatchTraceRow};
use negsim_chart as chart;
use std::path::Path;

/// The chart's data from `dir/match_trace.csv`: one line per pairing, coloured by side
/// B's strategy (the chart draws one panel per side-A strategy).
pub(super) fn trust(dir: &Path, ctx: &Context) -> Result<chart::TrustData> {
    let rows: Vec<MatchTraceRow> = tables::read(dir, "match_trace.csv")?;
    let mut trust: Vec<chart::Series> = Vec::new();
    let mut disclosure: Vec<chart::Series> = Vec::new();
    for r in &rows {
        let (a, b) = (&r.strategy_a, &r.strategy_b);
        let label = format!("{a} vs {b}");
        let x = r.position as f64;
        for (list, y) in [
            (&mut trust, r.trust_a_mean),
            (&mut disclosure, r.disclosures_a_mean),
        ] {
            match list.iter_mut().find(|s| s.label == label) {
                Some(s) => s.points.push((x, y)),
                None => list.push(chart::Series {
                    label: label.clone(),
                    color_index: ctx.color(b),
                    dashed: false,
                    points: vec![(x, y)],
                }),
            }
        }
    }
    Ok(chart::TrustData {
        title: "Trust and disclosure over the runs of a match (side A's view)".into(),
        trust,
        disclosure,
    })
}
