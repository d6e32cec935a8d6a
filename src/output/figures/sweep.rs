//! The charts of a sweep results folder (`sweep.csv`, `sweep_ranking.csv`):
//! per strategy, mean surplus, share of the surplus and bits learned
//! (`sweep_strategies`), deal rate given a zone of agreement and efficiency
//! over its pairings (`sweep_outcomes`), against the swept parameter chosen
//! for the x axis (`--x`; the first by default). With two parameters these
//! are drawn once per value of the other, and heatmaps over the grid are
//! added (`sweep_grid_*`, the first parameter in rows).

use super::context::Context;
use super::design::draw_design;
use super::matrix::{NOISE_SPAN, largest, noise_label};
use super::{ci, draw, units};
use crate::error::{Error, Result};
use crate::output::manifest::Manifest;
use crate::output::results::DESIGN_CSV;
use crate::output::tables::{self, RankRow, SummaryRow};
use negsim_chart::{self as chart, Ci};
use std::path::{Path, PathBuf};

/// What the sweep charts are drawn from.
struct Sweep {
    ctx: Context,
    /// (config path, CSV column) of each swept parameter.
    params: Vec<(String, String)>,
    /// The parameter on the x axis of the line charts (an index of `params`).
    x: usize,
    /// `sweep_ranking.csv`: parameter values and a ranking row.
    rank: Vec<(Vec<String>, RankRow)>,
    /// `sweep.csv`: parameter values and a summary row.
    summary: Vec<(Vec<String>, SummaryRow)>,
    /// Values of the x parameter, in file order.
    xs: Vec<String>,
    /// Whether they are all numbers (else they are drawn at their index).
    numeric: bool,
}

/// Draw the charts of a sweep results folder into `out`, the first swept
/// parameter on the x axis.
pub fn draw_sweep(dir: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    draw_sweep_x(dir, out, None)
}

/// Which of the swept `params` (config path, CSV column) of the sweep
/// `source` (its config or folder, for messages) `x` names, by path or
/// column (`None`: the first). Anything else is an error that names the
/// swept parameters and the nearest one.
pub fn x_index(params: &[(String, String)], x: Option<&str>, source: &str) -> Result<usize> {
    let Some(x) = x else { return Ok(0) };
    if let Some(i) = params.iter().position(|(p, c)| p == x || c == x) {
        return Ok(i);
    }
    let names = params.iter().flat_map(|(p, c)| [p.as_str(), c.as_str()]);
    let hint = crate::error::nearest(x, names)
        .map(|n| format!("did you mean '{n}'? "))
        .unwrap_or_default();
    let list: Vec<&str> = params.iter().map(|(p, _)| p.as_str()).collect();
    Err(Error::Usage(format!(
        "--x '{x}': not a swept parameter of {source}; {hint}give one of: {}",
        list.join(", ")
    )))
}

/// Draw the charts of a sweep results folder into `out`, the swept
/// parameter `x` (config path or CSV column; `None`: the first) on the x
/// axis of the line charts.
pub fn draw_sweep_x(dir: &Path, out: &Path, x: Option<&str>) -> Result<Vec<PathBuf>> {
    let s = Sweep::read(dir, x)?;
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let seconds: Vec<Option<String>> = if s.params.len() > 1 {
        distinct(&s.rank, s.other()).into_iter().map(Some).collect()
    } else {
        vec![None]
    };
    let mut drawn = Vec::new();
    for second in &seconds {
        drawn.extend(s.draw_lines(second.as_deref(), out)?);
    }
    if s.params.len() > 1 {
        drawn.extend(s.draw_grids(out)?);
    }
    if dir.join(DESIGN_CSV).is_file() {
        drawn.push(draw_design(dir, out, &s.params, s.ctx.price)?);
    }
    Ok(drawn)
}

/// The distinct values of lead column `i`, in file order.
fn distinct<T>(rows: &[(Vec<String>, T)], i: usize) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for (lead, _) in rows {
        if !v.contains(&lead[i]) {
            v.push(lead[i].clone());
        }
    }
    v
}

impl Sweep {
    fn read(dir: &Path, x: Option<&str>) -> Result<Self> {
        let manifest = Manifest::read(dir)?;
        let ctx = Context::of(&manifest, dir)?;
        let params: Vec<(String, String)> = manifest
            .parameters
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.path, p.column))
            .collect();
        if params.is_empty() {
            return Err(Error::Results {
                path: dir.join("manifest.json"),
                message: "lists no swept parameters: is this the folder of `negsim sweep`?".into(),
            });
        }
        let x = x_index(&params, x, &dir.display().to_string())?;
        let cols: Vec<String> = params.iter().map(|(_, c)| c.clone()).collect();
        let rank = tables::read_led(dir, "sweep_ranking.csv", &cols)?;
        let summary = tables::read_led(dir, "sweep.csv", &cols)?;
        let xs = distinct(&rank, x);
        let numeric = xs.iter().all(|s| s.parse::<f64>().is_ok());
        Ok(Sweep {
            ctx,
            params,
            x,
            rank,
            summary,
            xs,
            numeric,
        })
    }

    /// The index of the other swept parameter (with two; else the x one).
    fn other(&self) -> usize {
        if self.params.len() > 1 {
            1 - self.x
        } else {
            self.x
        }
    }

    /// Where value `s` of the x parameter is drawn.
    fn x(&self, s: &str) -> f64 {
        if self.numeric {
            s.parse::<f64>().unwrap_or(f64::NAN)
        } else {
            self.xs.iter().position(|v| v == s).unwrap_or(0) as f64
        }
    }

    /// Whether the x parameter takes whole values only (every value is a
    /// whole number, or they are drawn at their index): whole-number ticks.
    fn x_integer(&self) -> bool {
        !self.numeric
            || self
                .xs
                .iter()
                .all(|s| s.parse::<f64>().is_ok_and(|v| v.fract() == 0.0))
    }

    fn x_label(&self) -> String {
        if self.numeric {
            self.params[self.x].0.clone()
        } else {
            format!("{} (values: {})", self.params[self.x].0, self.xs.join(", "))
        }
    }

    /// One strategy's line, in its colour.
    fn band(&self, s: &str, points: Vec<(f64, Ci)>) -> chart::BandSeries {
        chart::BandSeries {
            label: s.to_string(),
            color_index: self.ctx.color(s),
            points,
        }
    }

    /// The two line charts, for the rows whose other parameter is
    /// `second` (all rows with one parameter).
    fn draw_lines(&self, second: Option<&str>, out: &Path) -> Result<Vec<PathBuf>> {
        let (xi, oi) = (self.x, self.other());
        let keep = |lead: &[String]| second.is_none_or(|v| lead[oi] == v);
        let suffix = second
            .map(|v| format!("_{}_{}", self.params[oi].1, v.replace(['.', '-'], "_")))
            .unwrap_or_default();
        let tag = second
            .map(|v| format!(" ({} = {v})", self.params[oi].0))
            .unwrap_or_default();
        // Per strategy: surplus, share and bits learned from sweep_ranking.csv.
        let (mut surplus, mut share, mut bits) = (Vec::new(), Vec::new(), Vec::new());
        for s in &self.ctx.names {
            let (mut ps, mut pshare, mut pbits) = (Vec::new(), Vec::new(), Vec::new());
            for (lead, r) in &self.rank {
                if &r.strategy == s && keep(lead) {
                    let x = self.x(&lead[xi]);
                    ps.push((x, ci(r.surplus_mean, r.surplus_ci95)));
                    // sweep_ranking.csv has no CI of these: no band.
                    pshare.push((x, ci(r.share_given_deal_mean, f64::NAN)));
                    pbits.push((x, ci(r.info_bits_mean, f64::NAN)));
                }
            }
            surplus.push(self.band(s, ps));
            share.push(self.band(s, pshare));
            bits.push(self.band(s, pbits));
        }
        let strategies = chart::SweepData {
            title: format!("Strategies against {}{tag}", self.params[xi].0),
            x_label: self.x_label(),
            x_integer: self.x_integer(),
            panels: vec![
                chart::Panel {
                    y_label: format!("mean surplus ({})", units(self.ctx.price)),
                    series: surplus,
                },
                chart::Panel {
                    y_label: "share, given a deal".into(),
                    series: share,
                },
                chart::Panel {
                    y_label: "bits learned (below 0: misled)".into(),
                    series: bits,
                },
            ],
        };
        // Per strategy, over its pairings: deal rate and efficiency.
        let (mut deal, mut eff) = (Vec::new(), Vec::new());
        for s in &self.ctx.names {
            let (mut pd, mut pe) = (Vec::new(), Vec::new());
            for x in &self.xs {
                let rows: Vec<&SummaryRow> = self
                    .summary
                    .iter()
                    .filter(|(lead, r)| {
                        &lead[xi] == x && keep(lead) && (&r.strategy_a == s || &r.strategy_b == s)
                    })
                    .map(|(_, r)| r)
                    .collect();
                if rows.is_empty() {
                    continue;
                }
                pd.push((
                    self.x(x),
                    mean_ci(&rows, |r| {
                        (r.deal_rate_given_zopa, r.deal_rate_given_zopa_ci95)
                    }),
                ));
                pe.push((
                    self.x(x),
                    mean_ci(&rows, |r| (r.efficiency, r.efficiency_ci95)),
                ));
            }
            deal.push(self.band(s, pd));
            eff.push(self.band(s, pe));
        }
        let outcomes = chart::SweepData {
            title: format!(
                "Deal rate (given a zone) and efficiency against {}{tag}",
                self.params[xi].0
            ),
            x_label: self.x_label(),
            x_integer: self.x_integer(),
            panels: vec![
                chart::Panel {
                    y_label: "deal rate where a deal was possible".into(),
                    series: deal,
                },
                chart::Panel {
                    y_label: "efficiency (pooled; mean over its pairings)".into(),
                    series: eff,
                },
            ],
        };
        Ok(vec![
            draw(&strategies, out, &format!("sweep_strategies{suffix}"))?,
            draw(&outcomes, out, &format!("sweep_outcomes{suffix}"))?,
        ])
    }

    /// Two parameters: heatmaps over the grid, of efficiency and of each
    /// strategy's mean surplus.
    fn draw_grids(&self, out: &Path) -> Result<Vec<PathBuf>> {
        let rows_v = &distinct(&self.rank, 0);
        let cols_v = distinct(&self.rank, 1);
        let cell = |lead: &[String]| -> Option<(usize, usize)> {
            Some((
                rows_v.iter().position(|v| *v == lead[0])?,
                cols_v.iter().position(|v| *v == lead[1])?,
            ))
        };
        // Colour scales span at least ±2 of the widest 95% CI of a cell.
        let grid = |title: String,
                    label: &str,
                    (percent, ci): (bool, f64),
                    values: Vec<Vec<f64>>| chart::GridData {
            title,
            row_label: self.params[0].0.clone(),
            col_label: self.params[1].0.clone(),
            value_label: noise_label(label),
            rows: rows_v.clone(),
            cols: cols_v.clone(),
            values,
            percent,
            min_span: NOISE_SPAN * ci,
        };
        // (sum, count, sum of CI half-widths) per cell: the pairings of a
        // cell play the same runs, so their half-widths add (mean_of_estimates).
        let mut eff = vec![vec![(0.0, 0.0, 0.0); cols_v.len()]; rows_v.len()];
        for (lead, r) in &self.summary {
            if let Some((i, j)) = cell(lead)
                && r.efficiency.is_finite()
            {
                eff[i][j].0 += r.efficiency;
                eff[i][j].1 += 1.0;
                if r.efficiency_ci95.is_finite() {
                    eff[i][j].2 += r.efficiency_ci95;
                }
            }
        }
        let eff_ci = largest(eff.iter().flatten().map(|(_, n, h)| h / n));
        let eff = eff
            .iter()
            .map(|row| row.iter().map(|(s, n, _)| s / n).collect())
            .collect();
        let data = grid(
            "Efficiency over the sweep (pooled; mean over all pairings)".into(),
            "efficiency",
            (true, eff_ci),
            eff,
        );
        let mut drawn = vec![draw(&data, out, "sweep_grid_efficiency")?];
        for s in &self.ctx.names {
            let mut v = vec![vec![f64::NAN; cols_v.len()]; rows_v.len()];
            let mut ci = 0.0_f64;
            for (lead, r) in &self.rank {
                if &r.strategy == s
                    && let Some((i, j)) = cell(lead)
                {
                    v[i][j] = r.surplus_mean;
                    ci = largest([ci, r.surplus_ci95]);
                }
            }
            let data = grid(
                format!("Mean surplus of {s} over the sweep"),
                &format!("mean surplus ({})", units(self.ctx.price)),
                (false, ci),
                v,
            );
            let name = format!("sweep_grid_{}", s.replace(['.', '-'], "_"));
            drawn.push(draw(&data, out, &name)?);
        }
        Ok(drawn)
    }
}

/// The mean over `rows` (a strategy's pairings in one cell) of a value,
/// with a 95% interval that holds whatever the pairings' correlation.
fn mean_ci(rows: &[&SummaryRow], f: impl Fn(&SummaryRow) -> (f64, f64)) -> Ci {
    let (mean, half) = mean_of_estimates(rows.iter().map(|r| f(r)));
    ci(mean, half)
}

/// The mean of `m` estimates `(value, 95% half-width)` and the half-width
/// of its interval: the mean of the half-widths. The pairings of a cell
/// play the same runs (common random numbers: run `i` of every pairing draws
/// the same private values), so their estimates are correlated, positively
/// in practice, and the half-width of independent estimates
/// (`sqrt(sum h^2) / m`) is too narrow: for `m` pairings that play the same
/// negotiations it is `1 / sqrt(m)` of the right one. By the triangle
/// inequality for standard deviations, `sd(sum) <= sum sd`, so the mean of
/// the half-widths covers any correlation, and is exact for identical ones.
/// An undefined half-width (no runs to estimate it from) counts as 0.
fn mean_of_estimates(estimates: impl Iterator<Item = (f64, f64)>) -> (f64, f64) {
    let (mut m, mut sum, mut half) = (0.0, 0.0, 0.0);
    for (v, h) in estimates {
        m += 1.0;
        sum += v;
        half += if h.is_finite() { h } else { 0.0 };
    }
    (sum / m, half / m)
}

#[cfg(test)]
mod tests {
    use super::mean_of_estimates;

    #[test]
    fn pairings_of_the_same_negotiations_get_the_interval_of_one_of_them() {
        // Four pairings that are the same negotiations (a pool of one
        // strategy under two names): their mean is any one of them, and so
        // is its interval.
        let (mean, half) = mean_of_estimates([(0.9, 0.02); 4].into_iter());
        assert!((mean - 0.9).abs() < 1e-12);
        assert!(
            (half - 0.02).abs() < 1e-12,
            "half-width {half}, one pairing's is 0.02"
        );
    }

    #[test]
    fn the_interval_of_a_mean_of_estimates_is_the_mean_of_their_half_widths() {
        let (mean, half) = mean_of_estimates([(1.0, 0.1), (3.0, 0.3), (2.0, f64::NAN)].into_iter());
        assert!((mean - 2.0).abs() < 1e-12);
        assert!((half - 0.4 / 3.0).abs() < 1e-12, "half-width {half}");
    }
}
