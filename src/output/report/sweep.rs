//! The report of a sweep folder (`negsim sweep`): the set-up with the
//! swept parameters, the sweep charts already drawn in `charts/` (drawn
//! first if missing) each with a paragraph, and for each cell of the grid
//! its ranking and, concisely, its paired comparisons (Holm within the
//! cell).

use super::numbers::Scale;
use super::{Block, Report, compare, setup, tables};
use crate::error::{Error, Result};
use crate::output::format::money;
use crate::output::manifest::{Manifest, SweptParameter};
use crate::output::results_dir::redraw;
use crate::output::tables::{self as csv, ComparisonRow, RankRow};
use std::path::Path;

/// Rows of a led table: the cell's parameter values and the row.
type Led<T> = Vec<(Vec<String>, T)>;

/// The cells in file order: their parameter values.
fn cells<T>(rows: &Led<T>) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for (lead, _) in rows {
        if !out.contains(lead) {
            out.push(lead.clone());
        }
    }
    out
}

/// The chart files (base names) of the sweep in `charts/`, in the order
/// they are drawn: lines first, then grids.
fn chart_names(charts: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(charts)
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    let f = e.file_name().to_string_lossy().into_owned();
                    let base = f.strip_suffix(".svg")?.to_string();
                    (base.starts_with("sweep_") && charts.join(format!("{base}.png")).is_file())
                        .then_some(base)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort_by_key(|n| {
        let order = [
            "sweep_strategies",
            "sweep_outcomes",
            "sweep_grid_efficiency",
            "sweep_grid",
        ];
        (
            order.iter().position(|o| n.starts_with(o)).unwrap_or(9),
            n.clone(),
        )
    });
    names
}

/// The paragraph under a sweep chart: what it shows, and for the strategy
/// charts where each strategy does best.
fn chart_text(name: &str, params: &[SweptParameter], rank: &Led<RankRow>) -> (String, String) {
    let at = |lead: &[String]| {
        params
            .iter()
            .zip(lead)
            .map(|(p, v)| format!("{} = {v}", p.path))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // The parameter a line chart is drawn for and its value (its file name
    // ends in `_COLUMN_VALUE`); the other one is on its x axis (`--x`).
    let fixed = params.iter().enumerate().find_map(|(i, p)| {
        let v = p
            .values
            .iter()
            .find(|v| name.ends_with(&format!("_{}_{}", p.column, v.replace(['.', '-'], "_"))))?;
        Some((i, format!(" ({} = {v})", p.path)))
    });
    let x = match (&fixed, params.len()) {
        (Some((i, _)), 2) => 1 - i,
        _ => 0,
    };
    let tag = fixed.map(|(_, t)| t).unwrap_or_default();
    let p0 = &params[x].path;
    // The heatmaps: the first parameter in rows, the second in columns.
    let (rows, p1) = (
        &params[0].path,
        params.get(1).map(|p| p.path.as_str()).unwrap_or(""),
    );
    if name.starts_with("sweep_strategies") {
        let scale = Scale::of(rank.iter().map(|(_, r)| r.surplus_mean));
        let mut best: Vec<(String, String, f64)> = Vec::new();
        for (lead, r) in rank {
            match best.iter_mut().find(|(s, _, _)| *s == r.strategy) {
                Some(b) if r.surplus_mean > b.2 => {
                    *b = (r.strategy.clone(), at(lead), r.surplus_mean)
                }
                Some(_) => {}
                None => best.push((r.strategy.clone(), at(lead), r.surplus_mean)),
            }
        }
        let peaks: Vec<String> = best
            .iter()
            .map(|(s, at, v)| format!("{s} at {at} ({})", scale.fmt(*v)))
            .collect();
        (
            format!("Strategies against {p0}{tag}"),
            format!(
                "Per strategy, against {p0}{}: its mean surplus with a 95% band (clustered by match), \
                 its share of the joint surplus in its deals, and the bits it learned about the \
                 opponent (below 0: misled). Bands that overlap do not settle which strategy earns \
                 more in a cell: the paired comparisons of each cell below do. Highest mean surplus \
                 over the grid: {}.",
                tag,
                peaks.join("; ")
            ),
        )
    } else if name.starts_with("sweep_outcomes") {
        (
            format!("Deals and efficiency against {p0}{tag}"),
            format!(
                "Against {p0}{tag}: for each strategy, over its pairings, the deal rate among the runs \
                 where a deal was possible and the efficiency (the share of the possible surplus \
                 realised), with 95% bands. The pairings play the same runs (common random \
                 numbers), so a band's half-width is the mean of the pairings' half-widths, which \
                 holds whatever their correlation."
            ),
        )
    } else if name == "sweep_grid_efficiency" {
        (
            "Efficiency over the grid".into(),
            format!(
                "A heatmap over both swept parameters ({rows} in rows, {p1} in columns): the mean \
                 efficiency over all pairings of each cell."
            ),
        )
    } else {
        (
            format!(
                "Mean surplus over the grid: {}",
                name.trim_start_matches("sweep_grid_")
            ),
            format!(
                "A heatmap over both swept parameters ({rows} in rows, {p1} in columns): this \
                 strategy's mean surplus over all opponents and both sides in each cell."
            ),
        )
    }
}

/// The report of the sweep folder `dir`.
pub(super) fn report(dir: &Path, m: &Manifest) -> Result<Report> {
    let params = m.parameters.clone().unwrap_or_default();
    if params.is_empty() {
        return Err(Error::Results {
            path: dir.join("manifest.json"),
            message: "says kind sweep but lists no swept parameters".into(),
        });
    }
    let cols: Vec<String> = params.iter().map(|p| p.column.clone()).collect();
    let rank: Led<RankRow> = csv::read_led(dir, "sweep_ranking.csv", &cols)?;
    let cmp: Led<ComparisonRow> = csv::read_led(dir, "sweep_comparisons.csv", &cols)?;
    let charts = dir.join("charts");
    if chart_names(&charts).is_empty() {
        redraw(dir)?;
    }
    let swept: Vec<(String, Vec<String>)> = params
        .iter()
        .map(|p| (p.path.clone(), p.values.clone()))
        .collect();
    let mut blocks = setup::setup(m, &swept);
    for name in chart_names(&charts) {
        let svg =
            std::fs::read_to_string(charts.join(format!("{name}.svg"))).map_err(|source| {
                Error::Read {
                    path: charts.join(format!("{name}.svg")),
                    source,
                }
            })?;
        let (title, text) = chart_text(&name, &params, &rank);
        blocks.push(Block::Chart {
            title,
            id: name,
            svg,
            text,
        });
    }
    blocks.push(Block::Heading(
        "Each cell: ranking and paired comparisons".into(),
    ));
    blocks.push(Block::Paragraph(format!(
        "Each cell is a whole tournament with the same per-run seeds. Its ranking shows the mean \
         surplus with its 95% interval (clustered by match) and the paired test against the \
         strategy ranked next; the sentence under it lists what the paired comparisons of the cell \
         say (paired by run, clustered by match, Holm's correction over the cell's comparisons). \
         All rows: sweep_ranking.csv and sweep_comparisons.csv. {}",
        compare::method_short()
    )));
    for (k, cell) in cells(&rank).iter().enumerate() {
        let title: Vec<String> = params
            .iter()
            .zip(cell)
            .map(|(p, v)| format!("{} = {v}", p.path))
            .collect();
        blocks.push(Block::Subheading(title.join(", ")));
        let ranking: Vec<RankRow> = rank
            .iter()
            .filter(|(l, _)| l == cell)
            .map(|(_, r)| r.clone())
            .collect();
        let rows: Vec<&ComparisonRow> = cmp
            .iter()
            .filter(|(l, r)| l == cell && r.metric == "surplus")
            .map(|(_, r)| r)
            .collect();
        let mut table = tables::ranking_table(&format!("ranking-cell-{}", k + 1), &ranking, &rows);
        // Concise: rank, strategy, mean, CI, deal rate, the paired test.
        let keep = [0, 1, 2, 3, 4, 8];
        table.head = keep.iter().map(|&i| table.head[i].clone()).collect();
        table.numeric = keep.iter().map(|&i| table.numeric[i]).collect();
        table.rows = table
            .rows
            .iter()
            .map(|r| keep.iter().map(|&i| r[i].clone()).collect())
            .collect();
        blocks.push(Block::Table(table));
        blocks.push(Block::Paragraph(compare::verdicts_short(&rows)));
    }
    blocks.extend(setup::parameters(m));
    blocks.push(Block::Paragraph("Produced by negsim report.".into()));
    let intro = format!(
        "A sweep of {} over {} cells: {} negotiations ({} runs per ordered pairing in each cell), \
         {} strategies ({}), seed {}, negsim {}. Confidence intervals are 95%, clustered by match; \
         which strategy beats which is decided in each cell by paired tests with Holm's correction.",
        params
            .iter()
            .map(|p| p.path.as_str())
            .collect::<Vec<_>>()
            .join(" and "),
        m.cells.unwrap_or(0),
        money(m.negotiations as f64, 0),
        money(m.runs_per_pairing as f64, 0),
        m.strategies.len(),
        m.names().join(", "),
        m.seed,
        m.negsim_version
    );
    Ok(Report {
        name: m.name.clone(),
        intro,
        blocks,
    })
}
