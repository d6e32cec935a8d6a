//! `negsim report`: one self-contained `report.html` (inline SVG charts, the
//! ranking and summary tables, and a plain-language paragraph under each
//! chart saying what it shows and how to read it) and a `report.md` with the
//! same text linking the PNG charts. Built from the results folder only:
//! `sections.rs` says what to say, `html.rs` and `markdown.rs` lay it out.

mod html;
mod markdown;
mod sections;

use crate::error::Result;
use crate::output::figures::{figures, redraw};
use crate::output::manifest::Manifest;
use crate::output::results_dir::write_atomic;
use crate::output::tables::{self, AsymmetryRow, RankRow, SummaryRow};
use sections::Section;
use std::path::{Path, PathBuf};

/// Everything the report says, ready to lay out.
struct Report {
    /// Experiment name.
    name: String,
    /// The first paragraph.
    intro: String,
    /// Cells of the ranking table, row by row.
    ranking: Vec<[String; 8]>,
    /// One per chart, in order.
    sections: Vec<Section>,
    /// The population chart of `negsim evolve`, if it ran on the folder.
    evolution_svg: Option<String>,
    /// Cells of the summary table, row by row.
    summary: Vec<Vec<String>>,
}

/// Write `report.html` and `report.md` into a results folder (drawing the
/// PNG charts first if they are missing). Returns the two paths.
pub fn write(dir: &Path) -> Result<(PathBuf, PathBuf)> {
    let f = figures(dir)?;
    let charts = dir.join("charts");
    if f.list
        .iter()
        .any(|(name, _)| !charts.join(format!("{name}.png")).is_file())
    {
        redraw(dir)?;
    }
    let manifest = Manifest::read(dir)?;
    let ranking: Vec<RankRow> = tables::read(dir, "ranking.csv")?;
    let summary: Vec<SummaryRow> = tables::read(dir, "summary.csv")?;
    let asymmetry: Vec<AsymmetryRow> = tables::read(dir, "asymmetry.csv")?;
    let data = sections::Tables {
        summary: &summary,
        ranking: &ranking,
        asymmetry: &asymmetry,
    };
    let report = Report {
        name: manifest.name.clone(),
        intro: sections::intro(&manifest, &f),
        ranking: ranking
            .iter()
            .map(|r| sections::ranking_cells(r, f.price))
            .collect(),
        sections: sections::sections(&f, &data),
        evolution_svg: std::fs::read_to_string(charts.join("evolution.svg")).ok(),
        summary: summary
            .iter()
            .map(|r| {
                sections::SUMMARY
                    .iter()
                    .map(|(_, c)| c(r, f.price))
                    .collect()
            })
            .collect(),
    };
    let md = markdown::render(&report);
    let html = html::render(&report, &f)?;
    let (h, m) = (dir.join("report.html"), dir.join("report.md"));
    write_atomic(&h, html.as_bytes())?;
    write_atomic(&m, md.as_bytes())?;
    Ok((h, m))
}
