//! `report.html`: the report as one self-contained page with the charts
//! inlined as SVG.

use super::{Block, Report, Table};
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
        escape(id),
        inline_svg(svg),
        escape(text)
    );
}

/// A table; numeric columns are right-aligned.
fn table(html: &mut String, t: &Table) {
    let _ = write!(html, "<table id=\"{}\">", escape(&t.id));
    if !t.head.is_empty() {
        html.push_str("<tr>");
        for h in &t.head {
            let _ = write!(html, "<th>{}</th>", escape(h));
        }
        html.push_str("</tr>\n");
    }
    for cells in &t.rows {
        html.push_str("<tr>");
        for (i, c) in cells.iter().enumerate() {
            let class = if t.numeric.get(i) == Some(&true) {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(html, "<td{class}>{}</td>", escape(c));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

/// The HTML page.
pub(super) fn render(r: &Report) -> String {
    let (name, intro) = (&r.name, &r.intro);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>negsim report: {n}</title>\n<style>\n\
         body{{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}}\n\
         figure{{margin:1em 0}} figure svg{{width:100%;height:auto;border:1px solid #ddd}}\n\
         table{{border-collapse:collapse;margin:1em 0;font-size:0.95em}} th,td{{border:1px solid #ccc;padding:4px 8px;vertical-align:top}} td.n{{text-align:right;white-space:nowrap}}\n\
         th{{background:#f3f3f3}} p.read{{background:#f8f8f4;padding:0.6em 1em;border-left:4px solid #0072B2}}\n\
         table#setup td:first-child,table#strategies td:first-child{{white-space:nowrap;font-weight:bold}}\n\
         table#parameters{{font-size:0.85em}}\n\
         </style></head><body>\n<h1>negsim report: {n}</h1>\n<p>{i}</p>\n",
        n = escape(name),
        i = escape(intro)
    );
    for b in &r.blocks {
        match b {
            Block::Heading(h) => {
                let _ = writeln!(html, "<h2>{}</h2>", escape(h));
            }
            Block::Subheading(h) => {
                let _ = writeln!(html, "<h3>{}</h3>", escape(h));
            }
            Block::Paragraph(p) => {
                let _ = writeln!(html, "<p>{}</p>", escape(p));
            }
            Block::Table(t) => table(&mut html, t),
            Block::Chart {
                title,
                id,
                svg,
                text,
            } => figure(&mut html, title, id, svg, text),
        }
    }
    html.push_str("</body></html>\n");
    html
}
