//! The chart of a sweep that sets information asymmetry by design
//! (`asymmetry_design.csv`): deal rate, pooled efficiency and each side's
//! surplus per run against the asymmetry the design produced, one line per
//! value of `scenario.information` (or of the other swept parameter), one
//! point per cell. The asymmetry is caused by the design, so the lines read
//! as its effect.

use super::{ci, draw, units};
use crate::error::Result;
use crate::output::results::DESIGN_CSV;
use crate::output::tables::{self, DesignRow};
use negsim_chart::{self as chart, Ci};
use std::path::{Path, PathBuf};

/// A value of a row and its 95% half-width.
type Metric = fn(&DesignRow) -> (f64, f64);

/// How a value of `scenario.information` is named in the legend.
fn legend(param: &str, value: &str) -> String {
    match (param, value) {
        ("scenario.information", "a_disclosed") => "A's limit disclosed (B learns)".into(),
        ("scenario.information", "b_disclosed") => "B's limit disclosed (A learns)".into(),
        ("scenario.information", "private") => "private (nothing disclosed)".into(),
        ("scenario.information", "complete") => "both disclosed".into(),
        _ => format!("{param} = {value}"),
    }
}

/// Draw `asymmetry_design` into `out` from the sweep folder `dir` whose
/// swept parameters are `params` (config path, CSV column).
pub(super) fn draw_design(
    dir: &Path,
    out: &Path,
    params: &[(String, String)],
    price: bool,
) -> Result<PathBuf> {
    let cols: Vec<String> = params.iter().map(|(_, c)| c.clone()).collect();
    let rows = tables::read_led::<DesignRow>(dir, DESIGN_CSV, &cols)?;
    // Lines by the information setting when it is swept, else by the
    // second parameter, else one line.
    let by = params
        .iter()
        .position(|(p, _)| p == "scenario.information")
        .or((params.len() > 1).then_some(1));
    let mut groups: Vec<String> = Vec::new();
    let mut cells: Vec<Vec<String>> = Vec::new();
    for (lead, _) in &rows {
        let g = by.map(|i| lead[i].clone()).unwrap_or_default();
        if !groups.contains(&g) {
            groups.push(g);
        }
        if !cells.contains(lead) {
            cells.push(lead.clone());
        }
    }
    let metrics: [Metric; 4] = [
        |r| (r.deal_rate, r.deal_rate_ci95),
        |r| (r.efficiency_pooled, r.efficiency_pooled_ci95),
        |r| (r.surplus_a_mean, r.surplus_a_ci95),
        |r| (r.surplus_b_mean, r.surplus_b_ci95),
    ];
    let mut series: Vec<Vec<chart::BandSeries>> = vec![Vec::new(); metrics.len()];
    for (gi, g) in groups.iter().enumerate() {
        let mut points: Vec<Vec<(f64, Ci)>> = vec![Vec::new(); metrics.len()];
        for cell in cells.iter().filter(|c| by.is_none_or(|i| c[i] == *g)) {
            let in_cell: Vec<&DesignRow> = rows
                .iter()
                .filter(|(lead, _)| lead == cell)
                .map(|(_, r)| r)
                .collect();
            let x = pooled(&in_cell, |r| (r.asymmetry_mean, 0.0)).mean;
            for (k, m) in metrics.iter().enumerate() {
                points[k].push((x, pooled(&in_cell, m)));
            }
        }
        let label = match by {
            Some(i) => legend(&params[i].0, g),
            None => "all cells".into(),
        };
        for (k, p) in points.into_iter().enumerate() {
            series[k].push(chart::BandSeries {
                label: label.clone(),
                color_index: gi,
                points: p,
            });
        }
    }
    let names = [
        "deal rate (all runs)".to_string(),
        "efficiency (pooled: E[joint] / E[max])".to_string(),
        format!("A's surplus per run ({})", units(price)),
        format!("B's surplus per run ({})", units(price)),
    ];
    let data = chart::SweepData {
        title: "Information asymmetry set by design: what it does to the deal".into(),
        x_label: "Asymmetry the design produced (bits): A's info bits minus B's, mean per cell"
            .into(),
        // Measured bits: not whole-valued even where a cell's mean is.
        x_integer: false,
        panels: names
            .into_iter()
            .zip(series)
            .map(|(y_label, series)| chart::Panel { y_label, series })
            .collect(),
    };
    draw(&data, out, "asymmetry_design")
}

/// The mean over the pairings of a cell, with a 95% half-width that holds
/// whatever their correlation (the pairings face the same values): the
/// mean of their half-widths.
fn pooled(rows: &[&DesignRow], f: impl Fn(&DesignRow) -> (f64, f64)) -> Ci {
    let m = rows.len() as f64;
    let (sum, half) = rows
        .iter()
        .map(|r| f(r))
        .fold((0.0, 0.0), |(s, h), (v, c)| {
            (s + v, h + if c.is_finite() { c } else { f64::NAN })
        });
    ci(sum / m, half / m)
}
