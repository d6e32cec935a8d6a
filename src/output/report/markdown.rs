//! `report.md`: the report as Markdown, linking the PNG charts.

use super::Report;
use super::sections::{EVOLUTION_TEXT, RANKING_HEADINGS, SUMMARY};
use std::fmt::Write;

/// The Markdown text.
pub(super) fn render(r: &Report) -> String {
    let mut md = format!(
        "# negsim report: {}\n\n{}\n\n## Ranking\n\n| {} |\n|---:|---|{}\n",
        r.name,
        r.intro,
        RANKING_HEADINGS.join(" | "),
        "---:|".repeat(RANKING_HEADINGS.len() - 2)
    );
    for row in &r.ranking {
        let _ = writeln!(md, "| {} |", row.join(" | "));
    }
    for s in &r.sections {
        let _ = write!(
            md,
            "\n## {}\n\n![{}](charts/{}.png)\n\n{}\n",
            s.title, s.title, s.chart, s.text
        );
    }
    md.push_str("\n## Paired comparisons\n\n![Paired differences in mean surplus](charts/comparisons.png)\n");
    if r.evolution_svg.is_some() {
        let _ = write!(
            md,
            "\n## Population dynamics\n\n![Population dynamics](charts/evolution.png)\n\n{EVOLUTION_TEXT}\n"
        );
    }
    let _ = write!(
        md,
        "\n## Summary by pairing\n\n| {} |\n|{}\n",
        SUMMARY.map(|(h, _)| h).join(" | "),
        "---|".repeat(SUMMARY.len())
    );
    for row in &r.summary {
        let _ = writeln!(md, "| {} |", row.join(" | "));
    }
    md.push_str("\nAll columns: `summary.csv`. Produced by `negsim report`.\n");
    md
}
