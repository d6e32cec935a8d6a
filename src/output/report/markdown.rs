//! `report.md`: the report as Markdown, linking the PNG charts.

use super::{Block, Report, Table};
use std::fmt::Write;

/// A table cell: pipes escaped, no line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn table(md: &mut String, t: &Table) {
    let head: Vec<String> = if t.head.is_empty() {
        vec![String::new(); t.rows.first().map_or(0, Vec::len)]
    } else {
        t.head.iter().map(|h| cell(h)).collect()
    };
    let _ = writeln!(md, "\n| {} |", head.join(" | "));
    let align: Vec<&str> = (0..head.len())
        .map(|i| {
            if t.numeric.get(i) == Some(&true) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    let _ = writeln!(md, "|{}|", align.join("|"));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        let _ = writeln!(md, "| {} |", cells.join(" | "));
    }
}

/// The Markdown text.
pub(super) fn render(r: &Report) -> String {
    let mut md = format!("# negsim report: {}\n\n{}\n", r.name, r.intro);
    for b in &r.blocks {
        match b {
            Block::Heading(h) => {
                let _ = write!(md, "\n## {h}\n");
            }
            Block::Subheading(h) => {
                let _ = write!(md, "\n### {h}\n");
            }
            Block::Paragraph(p) => {
                let _ = write!(md, "\n{p}\n");
            }
            Block::Table(t) => table(&mut md, t),
            Block::Chart {
                title, id, text, ..
            } => {
                let _ = write!(
                    md,
                    "\n## {title}\n\n![{title}](charts/{id}.png)\n\n{text}\n"
                );
            }
        }
    }
    md
}
