//! `report.html`: the report as one self-contained page with the charts
//! inlined as SVG.

use super::Report;
use super::sections::{EVOLUTION_TEXT, RANKING_HEADINGS, SUMMARY, SUMMARY_NAME_COLUMNS};
use crate::error::Result;
use crate::output::figures::Figures;
use std::fmt::Write;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An SVG document as an element to inline in HTML (no XML declaration).
fn inline_svg(svg: &str) -> &str {
    let svg = svg.trim_start_matches(|c| c != '<');
    svg.strip_prefix("<?xml")
        .map_or(svg, |rest| rest.split_once("?>").map_or(rest, |(_, r)| r))
        .trim()
}

/// A chart with its heading and explanation.
fn figure(html: &mut String, title: &str, id: &str, svg: &str, text: &str) {
    let _ = write!(
        html,
        "<h2>{}</h2>\n<figure class=\"chart\" id=\"chart-{}\">\n{}\n</figure>\n<p class=\"read\">{}</p>\n",
        escape(title),
        id,
        inline_svg(svg),
        escape(text)
    );
}

/// A table row; cells after the first `names` are numbers (right-aligned).
fn row(html: &mut String, cells: &[String], is_name: impl Fn(usize) -> bool) {
    html.push_str("<tr>");
    for (i, c) in cells.iter().enumerate() {
        let class = if is_name(i) { "" } else { " class=\"n\"" };
        let _ = write!(html, "<td{class}>{}</td>", escape(c));
    }
    html.push_str("</tr>\n");
}

/// The HTML page; `f` gives the charts of the report's sections.
pub(super) fn render(r: &Report, f: &Figures) -> Result<String> {
    let (name, intro) = (&r.name, &r.intro);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>negsim report: {n}</title>\n<style>\n\
         body{{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}}\n\
         figure{{margin:1em 0}} figure svg{{width:100%;height:auto;border:1px solid #ddd}}\n\
         table{{border-collapse:collapse;margin:1em 0;font-size:0.95em}} th,td{{border:1px solid #ccc;padding:4px 8px}} td.n{{text-align:right}}\n\
         th{{background:#f3f3f3}} p.read{{background:#f8f8f4;padding:0.6em 1em;border-left:4px solid #0072B2}}\n\
         </style></head><body>\n<h1>negsim report: {n}</h1>\n<p>{i}</p>\n",
        n = escape(name),
        i = escape(intro)
    );
    html.push_str("<h2>Ranking</h2>\n<table id=\"ranking\"><tr>");
    for h in RANKING_HEADINGS {
        let _ = write!(html, "<th>{}</th>", escape(h));
    }
    html.push_str("</tr>\n");
    for cells in &r.ranking {
        // The strategy name is the one text column.
        row(&mut html, cells, |i| i == 1);
    }
    html.push_str("</table>\n");
    for (s, (_, fig)) in r.sections.iter().zip(&f.list) {
        figure(&mut html, &s.title, s.chart, &fig.svg()?, &s.text);
    }
    if let Some(svg) = &r.evolution_svg {
        figure(
            &mut html,
            "Population dynamics",
            "evolution",
            svg,
            EVOLUTION_TEXT,
        );
    }
    html.push_str("<h2>Summary by pairing</h2>\n<table id=\"summary\"><tr>");
    for (h, _) in SUMMARY {
        let _ = write!(html, "<th>{}</th>", escape(h));
    }
    html.push_str("</tr>\n");
    for cells in &r.summary {
        row(&mut html, cells, |i| i < SUMMARY_NAME_COLUMNS);
    }
    html.push_str("</table>\n<p>All columns are in <code>summary.csv</code>. Produced by <code>negsim report</code>.</p>\n</body></html>\n");
    Ok(html)
}
