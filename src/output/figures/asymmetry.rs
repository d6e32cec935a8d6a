//! The asymmetry chart: information asymmetry's effect within each ordered
//! pairing (`asymmetry_within.csv`), values held fixed, so that neither who
//! played whom nor how extreme the private values were shows up as an
//! effect of asymmetry (MODEL.md section 10.4). One row per pairing, one
//! panel per outcome (deal rate, pooled efficiency, A's surplus); a pairing
//! whose asymmetry never varies keeps its row, with the reason.

use super::units;
use crate::error::{Error, Result};
use crate::output::tables::{self, WithinRow};
use crate::run::stats::Response;
use negsim_chart::{self as chart, Ci};
use std::path::Path;

/// What the chart holds fixed and how its intervals are computed.
pub const CONTROLLED: &str = "Per pairing, with both private values held fixed (z, z\u{b2}, zone \
     width) \u{b7} bars: 95% intervals clustered by run";

/// The chart's data from `dir/asymmetry_within.csv`.
pub(super) fn asymmetry(dir: &Path, price: bool) -> Result<chart::WithinData> {
    let rows: Vec<WithinRow> = tables::read(dir, "asymmetry_within.csv")?;
    let mut entries: Vec<chart::WithinEntry> = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    for r in &rows {
        let key = (r.strategy_a.clone(), r.strategy_b.clone());
        let i = match keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                keys.push(key);
                entries.push(chart::WithinEntry {
                    label: format!("{} / {}", r.strategy_a, r.strategy_b),
                    slopes: vec![Ci::missing(); Response::ALL.len()],
                    note: None,
                });
                entries.len() - 1
            }
        };
        let Some(k) = Response::ALL.iter().position(|x| x.name() == r.outcome) else {
            return Err(Error::Results {
                path: dir.join("asymmetry_within.csv"),
                message: format!("unknown outcome '{}'", r.outcome),
            });
        };
        // Rates in percentage points.
        let f = if Response::ALL[k] == Response::SurplusA {
            1.0
        } else {
            100.0
        };
        entries[i].slopes[k] = Ci::new(f * r.slope, f * r.ci_low, f * r.ci_high);
        if !r.note.is_empty() {
            let why = if r.asymmetry_sd == 0.0 {
                format!(
                    "{}: every run {:.2} bits, nothing to estimate",
                    r.note, r.asymmetry_mean
                )
            } else {
                r.note.clone()
            };
            entries[i].note = Some(why);
        }
    }
    Ok(chart::WithinData {
        title: "What one more bit of asymmetry does, within each pairing".into(),
        subtitle: CONTROLLED.into(),
        panels: vec![
            ("Deal rate".into(), "% points per bit".into()),
            ("Efficiency (pooled)".into(), "% points per bit".into()),
            (
                "A's surplus per run".into(),
                format!("{} per bit", units(price)),
            ),
        ],
        rows: entries,
    })
}
