//! The charts of a results folder, drawn from its CSV files only (so
//! `negsim plot` redraws exactly what `negsim run` drew, without simulating
//! again), and the teaching picture of one negotiation. Reading is strict:
//! a missing or malformed file or column is an error naming the file.
//!
//! One file per figure: each reads its CSV file through
//! [`tables`](crate::output::tables) and builds the chart's data.

mod asymmetry;
mod colors;
mod comparisons;
mod context;
mod design;
mod distribution;
mod evolution;
mod information;
mod matrix;
mod ranking;
mod sweep;
mod trace;
mod trust;

pub use asymmetry::CONTROLLED;
pub use colors::{PRESET_COLORS, color_index, color_indices};
pub use evolution::draw_evolution;
pub use sweep::{draw_sweep, draw_sweep_x, x_index};
pub use trace::{trace_chart, write_trace_chart};

use crate::error::{Error, Result};
use crate::output::results_dir::ResultsDir;
use context::Context;
use negsim_chart::{self as chart, Ci};
use std::path::{Path, PathBuf};

fn ci(mean: f64, half: f64) -> Ci {
    Ci {
        mean,
        lo: mean - half,
        hi: mean + half,
    }
}

fn chart_err(e: chart::ChartError) -> Error {
    Error::Usage(format!("cannot draw chart: {e}"))
}

/// Units of surplus in labels.
fn units(price: bool) -> &'static str {
    if price { "price units" } else { "utility" }
}

/// Draw `data` as `out/name.png` and `out/name.svg`; returns the base path.
fn draw<C: chart::Chart>(data: &C, out: &Path, name: &str) -> Result<PathBuf> {
    let base = out.join(name);
    chart::render(data, &base).map_err(chart_err)?;
    Ok(base)
}

/// One chart of a results folder, ready to draw.
pub enum Figure {
    /// Asymmetry's effect within each pairing, values held fixed.
    Asymmetry(chart::WithinData),
    /// A strategy-by-opponent heatmap.
    Matrix(chart::MatrixData),
    /// The ranking with CIs.
    Ranking(chart::RankingData),
    /// Box plots of the surplus share.
    Distribution(chart::DistributionData),
    /// Bits learned against bits given.
    Information(chart::InformationData),
    /// Trust and disclosure over a match.
    Trust(chart::TrustData),
}

impl Figure {
    /// Write `base.png` and `base.svg`.
    pub fn render(&self, base: &Path) -> Result<()> {
        match self {
            Figure::Asymmetry(d) => chart::render(d, base),
            Figure::Matrix(d) => chart::render(d, base),
            Figure::Ranking(d) => chart::render(d, base),
            Figure::Distribution(d) => chart::render(d, base),
            Figure::Information(d) => chart::render(d, base),
            Figure::Trust(d) => chart::render(d, base),
        }
        .map_err(chart_err)
    }

    /// The SVG text (for inlining in HTML).
    pub fn svg(&self) -> Result<String> {
        match self {
            Figure::Asymmetry(d) => chart::svg_string(d),
            Figure::Matrix(d) => chart::svg_string(d),
            Figure::Ranking(d) => chart::svg_string(d),
            Figure::Distribution(d) => chart::svg_string(d),
            Figure::Information(d) => chart::svg_string(d),
            Figure::Trust(d) => chart::svg_string(d),
        }
        .map_err(chart_err)
    }
}

impl Figures {
    /// The SVG text of the comparisons chart (for inlining in HTML).
    pub fn comparisons_svg(&self) -> Result<String> {
        chart::svg_string(&self.comparisons).map_err(chart_err)
    }
}

/// The charts of a results folder, built from its CSV files.
pub struct Figures {
    /// Strategy names in run order.
    pub names: Vec<String>,
    /// Whether the scenario is `price`.
    pub price: bool,
    /// (file name, figure), in report order.
    pub list: Vec<(&'static str, Figure)>,
    /// The forest plot of `comparisons.csv` (`comparisons.png`), drawn
    /// after the charts of `list`.
    pub comparisons: chart::ComparisonsData,
}

/// Build the figures of a results folder from its CSV files.
pub fn figures(dir: &Path) -> Result<Figures> {
    let ctx = Context::read(dir)?;
    // Read in this order: a folder missing several files names the first.
    let asym = asymmetry::asymmetry(dir, ctx.price)?;
    let [surplus, deals] = matrix::matrices(dir, &ctx)?;
    let mut list = vec![
        ("asymmetry", Figure::Asymmetry(asym)),
        ("matrix", Figure::Matrix(surplus)),
        ("matrix_deals", Figure::Matrix(deals)),
        ("ranking", Figure::Ranking(ranking::ranking(dir, &ctx)?)),
        (
            "distribution",
            Figure::Distribution(distribution::distribution(dir, &ctx)?),
        ),
        (
            "information",
            Figure::Information(information::information(dir, &ctx)?),
        ),
    ];
    if ctx.match_runs > 1 {
        list.push(("trust", Figure::Trust(trust::trust(dir, &ctx)?)));
    }
    let comparisons = comparisons::comparisons(dir, &ctx)?;
    Ok(Figures {
        names: ctx.names,
        price: ctx.price,
        list,
        comparisons,
    })
}

/// Draw every chart of a tournament results folder into `out` (PNG + SVG).
/// Returns the chart files' base paths.
pub fn draw_results(dir: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    draw_figures(&figures(dir)?, dir, out)
}

/// Draw `figs` of the results folder `dir` into `out`, and the population
/// charts when `negsim evolve` ran on it.
fn draw_figures(figs: &Figures, dir: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let mut drawn = Vec::new();
    for (name, f) in &figs.list {
        let base = out.join(name);
        f.render(&base)?;
        drawn.push(base);
    }
    drawn.push(draw(&figs.comparisons, out, "comparisons")?);
    if dir.join("evolution.csv").is_file() {
        drawn.extend(draw_evolution(dir, out)?);
    }
    Ok(drawn)
}

/// Draw the charts of a results folder into `dir/charts`, keeping the
/// charts drawn by other commands (evolve's population charts).
pub fn redraw(dir: &Path) -> Result<Vec<PathBuf>> {
    // Read everything first: nothing is created for a folder that is not
    // a results folder.
    let figs = figures(dir)?;
    replace_charts(dir, |out| draw_figures(&figs, dir, out))
}

/// Draw the population charts of `negsim evolve` into `dir/charts`,
/// keeping the other charts.
pub fn redraw_evolution(dir: &Path) -> Result<Vec<PathBuf>> {
    replace_charts(dir, |out| draw_evolution(dir, out))
}

/// Charts drawn by `draw` (returning their base paths) into a temporary
/// folder, then moved into `dir/charts` file by file: each appears whole,
/// and charts not drawn again stay.
pub(crate) fn replace_charts(
    dir: &Path,
    draw: impl FnOnce(&Path) -> Result<Vec<PathBuf>>,
) -> Result<Vec<PathBuf>> {
    let target = dir.join("charts");
    let staged = ResultsDir::stage(&target)?;
    let drawn = draw(staged.path())?;
    let files: Vec<PathBuf> = drawn
        .iter()
        .flat_map(|base| ["png", "svg"].map(|ext| base.with_extension(ext)))
        .collect();
    staged.commit_files(&files)?;
    Ok(drawn
        .iter()
        .map(|base| target.join(base.file_name().unwrap_or_default()))
        .collect())
}
