//! `negsim report`: one self-contained `report.html` (inline SVG charts,
//! the set-up, the ranking, the paired comparisons and the summary tables,
//! and a plain-language paragraph under each chart saying what it shows)
//! and a `report.md` with the same text linking the PNG charts. Built from
//! the results folder only, a tournament's (`negsim run`, with the
//! population charts when `negsim evolve` ran on it) or a sweep's
//! (`negsim sweep`): `sections.rs`, `tables.rs`, `setup.rs`, `compare.rs`,
//! `evolution.rs` and `sweep.rs` say what to say, `html.rs` and
//! `markdown.rs` lay it out.

pub mod bench;
mod compare;
mod evolution;
mod html;
mod markdown;
mod numbers;
mod sections;
mod setup;
mod sweep;
mod tables;

use crate::error::Result;
use crate::output::figures::{figures, redraw};
use crate::output::manifest::{Kind, Manifest};
use crate::output::results_dir::{results_folder, write_atomic};
use crate::output::tables::{self as csv, ComparisonRow, RankRow, SummaryRow, WithinRow};
use numbers::Scale;
use std::path::{Path, PathBuf};

/// A table of the report.
pub(super) struct Table {
    /// Its HTML id.
    pub id: String,
    /// Column headings.
    pub head: Vec<String>,
    /// Cells, row by row.
    pub rows: Vec<Vec<String>>,
    /// Which columns hold numbers (right-aligned).
    pub numeric: Vec<bool>,
}

impl Table {
    /// A table of text columns.
    fn text(id: &str, head: &[&str], rows: Vec<Vec<String>>) -> Self {
        Table {
            id: id.to_string(),
            head: head.iter().map(|h| h.to_string()).collect(),
            numeric: vec![false; head.len()],
            rows,
        }
    }
}

/// A piece of the report, in order.
pub(super) enum Block {
    /// A section heading.
    Heading(String),
    /// A heading within a section.
    Subheading(String),
    /// A paragraph of text.
    Paragraph(String),
    /// A table.
    Table(Table),
    /// A chart (`charts/<id>.png`, inlined as SVG in HTML) with its
    /// heading and the paragraph that explains it.
    Chart {
        title: String,
        id: String,
        svg: String,
        text: String,
    },
}

/// Everything the report says, ready to lay out.
struct Report {
    /// Experiment name.
    name: String,
    /// The first paragraph.
    intro: String,
    /// The rest, in order.
    blocks: Vec<Block>,
}

/// Write `report.html` and `report.md` into a results folder of a
/// tournament or a sweep (drawing the PNG charts first if they are
/// missing). Returns the two paths.
pub fn write(dir: &Path) -> Result<(PathBuf, PathBuf)> {
    write_checked(dir, &|| Ok(()))
}

/// [`write`], calling `check` after reading the folder and before writing
/// the report: a command holding the folder refuses there if it changed.
pub fn write_checked(dir: &Path, check: &dyn Fn() -> Result<()>) -> Result<(PathBuf, PathBuf)> {
    let manifest = results_folder(dir)?;
    let report = match manifest.kind {
        Some(Kind::Sweep) => sweep::report(dir, &manifest)?,
        None => tournament(dir, &manifest)?,
    };
    let md = markdown::render(&report);
    let html = html::render(&report);
    let (h, m) = (dir.join("report.html"), dir.join("report.md"));
    check()?;
    write_atomic(&h, html.as_bytes())?;
    write_atomic(&m, md.as_bytes())?;
    // Recorded as negsim's, so that a rerun of the experiment keeps them.
    let mut manifest = manifest;
    manifest.record_files(&["report.html", "report.md"]);
    if dir.join("charts").is_dir() {
        manifest.record_files(&["charts"]);
    }
    manifest.write(dir)?;
    Ok((h, m))
}

/// The report of a tournament folder.
fn tournament(dir: &Path, manifest: &Manifest) -> Result<Report> {
    let f = figures(dir)?;
    let charts = dir.join("charts");
    if f.list
        .iter()
        .map(|(name, _)| *name)
        .chain(["comparisons"])
        .any(|name| !charts.join(format!("{name}.png")).is_file())
    {
        redraw(dir)?;
    }
    let ranking: Vec<RankRow> = csv::read(dir, "ranking.csv")?;
    let summary: Vec<SummaryRow> = csv::read(dir, "summary.csv")?;
    let asymmetry: Vec<WithinRow> = csv::read(dir, "asymmetry_within.csv")?;
    let comparisons: Vec<ComparisonRow> = csv::read(dir, "comparisons.csv")?;
    let evolution = evolution::read(dir)?;
    let cmp = compare::surplus(&comparisons);
    let data = sections::Tables {
        summary: &summary,
        ranking: &ranking,
        asymmetry: &asymmetry,
        comparisons: &cmp,
    };
    let mut blocks = setup::setup(manifest, &[]);
    blocks.push(Block::Heading("Ranking".into()));
    blocks.push(Block::Table(tables::ranking_table(
        "ranking", &ranking, &cmp,
    )));
    blocks.push(Block::Paragraph(tables::ranking_words(&ranking, &cmp)));
    blocks.push(Block::Heading("Paired comparisons".into()));
    blocks.push(Block::Paragraph(compare::method(cmp.len())));
    blocks.push(Block::Table(compare::table("comparisons", &cmp)));
    blocks.push(Block::Paragraph(compare::verdicts(&cmp)));
    blocks.push(Block::Chart {
        title: "Paired differences in mean surplus".into(),
        id: "comparisons".into(),
        svg: f.comparisons_svg()?,
        text: "Each row is one pair of strategies, the better-ranked first: the \
               difference of their mean surplus on the same runs with its 95% \
               interval (paired by run). A filled marker means the difference \
               holds at the 5% family-wise level (Holm); a hollow one that these \
               runs cannot tell the two strategies apart."
            .into(),
    });
    for (s, (_, fig)) in sections::sections(&f, &data).into_iter().zip(&f.list) {
        blocks.push(Block::Chart {
            title: s.title,
            id: s.chart.to_string(),
            svg: fig.svg()?,
            text: s.text,
        });
    }
    if let Some(e) = evolution {
        blocks.extend(e.blocks(&charts));
    }
    blocks.push(Block::Heading("Summary by pairing".into()));
    let scale = Scale::of(
        summary
            .iter()
            .flat_map(|r| [r.surplus_a_mean, r.surplus_b_mean]),
    );
    blocks.push(Block::Table(tables::summary_table(&summary, scale)));
    blocks.push(Block::Paragraph("All columns are in summary.csv.".into()));
    blocks.extend(setup::parameters(manifest));
    blocks.push(Block::Paragraph("Produced by negsim report.".into()));
    Ok(Report {
        name: manifest.name.clone(),
        intro: sections::intro(manifest, &f),
        blocks,
    })
}

/// What the report says beside a winner: a ranking holds in the design it
/// was measured in (MODEL.md 10.5).
pub(crate) const DESIGN_NOTE: &str = "a ranking is a property of the design \
     (the pool, the rounds, the deadline, the opening margin, walking away, the target rule); \
     `negsim sensitivity CONFIG` shows whether it survives a change of each.";
