//! `negsim report`: one self-contained `report.html` (inline SVG charts, the
//! ranking and summary tables, and a plain-language paragraph under each
//! chart saying what it shows and how to read it) and a `report.md` with the
//! same text linking the PNG charts. Built from the results folder only.

use crate::error::{Error, Result};
use crate::output::figures::{CsvTable, Figure, Figures, figures};
use crate::output::format::{money, pct};
use crate::output::write_atomic;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// A section of the report: a heading, a chart, an explanation.
struct Section {
    title: String,
    chart: &'static str,
    text: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The explanation paragraphs, computed from the data.
fn sections(f: &Figures) -> Vec<Section> {
    let amount = |x: f64| {
        if f.price {
            money(x, 0)
        } else {
            format!("{x:.3}")
        }
    };
    let mut out = Vec::new();
    for (name, fig) in &f.list {
        let (title, text) = match fig {
            Figure::Asymmetry(d) => {
                let mut t = String::from(
                    "Each run has an information asymmetry: how much worse B's belief about A's limit was, \
                     at the start of the formal bargaining, than A's belief about B's (in prior standard \
                     deviations; positive means A knew more). Runs are pooled into bins along the x axis; each \
                     panel shows a bin's mean with its 95% confidence band (bins with fewer than 100 runs are \
                     left out). ",
                );
                let with_share: Vec<_> = d
                    .bins
                    .iter()
                    .filter(|b| b.share_a.mean.is_finite())
                    .collect();
                if let (Some(lo), Some(hi)) = (with_share.first(), with_share.last()) {
                    let _ = write!(
                        t,
                        "Here A's share of the surplus goes from {} when B knew most ({:+.1} sd) to {} when A knew most ({:+.1} sd): ",
                        pct(lo.share_a.mean),
                        lo.center,
                        pct(hi.share_a.mean),
                        hi.center
                    );
                    t.push_str(if hi.share_a.mean > lo.share_a.mean + 0.05 {
                        "knowing more about the other side wins a larger part of the deal. "
                    } else {
                        "in this experiment information hardly moves the split. "
                    });
                }
                let eff: Vec<f64> = d
                    .bins
                    .iter()
                    .map(|b| b.efficiency.mean)
                    .filter(|x| x.is_finite())
                    .collect();
                if !eff.is_empty() {
                    let (mn, mx) = eff
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                            (a.min(x), b.max(x))
                        });
                    let _ = write!(
                        t,
                        "Efficiency (the share of the possible joint gain that was realised) ranges from {} to {} across bins, and the deal rate panel shows whether asymmetry costs deals.",
                        pct(mn),
                        pct(mx)
                    );
                }
                ("Information asymmetry and deal outcomes", t)
            }
            Figure::Matrix(m) if !m.percent => {
                let mut t = String::from(
                    "Read across a row: what the row strategy earns, on average over both sides, against each \
                     opponent. Reading down a column shows how each strategy fares against that opponent. ",
                );
                let k = m.names.len();
                let mut best = (0.0, 0, 0);
                for r in 0..k {
                    for c in 0..k {
                        let gap = m.values[r][c] - m.values[c][r];
                        if gap.is_finite() && gap > best.0 {
                            best = (gap, r, c);
                        }
                    }
                }
                if best.0 > 0.0 {
                    let (_, r, c) = best;
                    let _ = write!(
                        t,
                        "The most one-sided pairing: {} exploits {}: it earns {} against {}, while {} earns {} against it.",
                        m.names[r],
                        m.names[c],
                        amount(m.values[r][c]),
                        m.names[c],
                        m.names[c],
                        amount(m.values[c][r])
                    );
                }
                ("Who exploits whom: mean surplus", t)
            }
            Figure::Matrix(m) => {
                let vals: Vec<f64> = m
                    .values
                    .iter()
                    .flatten()
                    .copied()
                    .filter(|x| x.is_finite())
                    .collect();
                let (mn, mx) = vals
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                        (a.min(x), b.max(x))
                    });
                let range = if mx - mn < 0.0005 {
                    format!("Every pairing reached a deal in {} of its runs.", pct(mx))
                } else {
                    format!("Here deal rates range from {} to {}.", pct(mn), pct(mx))
                };
                (
                    "Deal rates",
                    format!(
                        "The share of negotiations that ended in a deal, for the row strategy against the column \
                         strategy (both sides averaged). {range} A run without a zone of agreement cannot end in a \
                         deal, so compare pairings with each other rather than with 100%."
                    ),
                )
            }
            Figure::Ranking(r) => {
                let mut t = String::from(
                    "Strategies ranked by their mean surplus per negotiation over all opponents and both sides, with \
                     95% confidence intervals (whiskers). Overlapping whiskers mean the difference may be noise. ",
                );
                if let (Some(first), Some(last)) = (r.entries.first(), r.entries.last()) {
                    let _ = write!(
                        t,
                        "{} ranks first ({} ± {}), {} last ({} ± {}).",
                        first.name,
                        amount(first.surplus.mean),
                        amount(first.surplus.hi - first.surplus.mean),
                        last.name,
                        amount(last.surplus.mean),
                        amount(last.surplus.hi - last.surplus.mean)
                    );
                }
                ("Mean surplus per strategy", t)
            }
            Figure::Distribution(d) => {
                let mut t = String::from(
                    "Box plots of the share of the joint surplus each strategy takes in its deals: the box spans the \
                     middle half (quartiles), the line is the median, the whiskers reach the 5th and 95th percentiles. \
                     Means hide spread; this shows it. ",
                );
                let with_deals: Vec<_> = d
                    .boxes
                    .iter()
                    .filter(|b| b.n > 0 && b.median.is_finite())
                    .collect();
                if with_deals.is_empty() {
                    t.push_str("There were no deals in this run, so there is no split to show.");
                }
                if let Some(b) = with_deals
                    .iter()
                    .max_by(|a, b| a.median.total_cmp(&b.median))
                {
                    let _ = write!(
                        t,
                        "{} takes the largest median share ({}). ",
                        b.name,
                        pct(b.median)
                    );
                }
                if let Some(b) = with_deals
                    .iter()
                    .max_by(|a, b| (a.q3 - a.q1).total_cmp(&(b.q3 - b.q1)))
                {
                    let _ = write!(
                        t,
                        "{} is the most variable (middle half from {} to {}).",
                        b.name,
                        pct(b.q1),
                        pct(b.q3)
                    );
                }
                ("How the surplus is split", t)
            }
            Figure::Information(d) => {
                let mut t = String::from(
                    "Each point is a strategy (colour) against one opponent (label): bits it learned about the \
                     opponent before the formal phase (y) against bits its own words gave away (x). Above the \
                     diagonal it extracts more than it gives; below it leaks. ",
                );
                let mut net: Vec<(String, f64)> = f
                    .names
                    .iter()
                    .map(|s| {
                        let pts: Vec<_> = d.points.iter().filter(|p| &p.focal == s).collect();
                        let n = pts.len().max(1) as f64;
                        (
                            s.clone(),
                            pts.iter()
                                .map(|p| p.bits_learned - p.bits_given)
                                .sum::<f64>()
                                / n,
                        )
                    })
                    .collect();
                net.sort_by(|a, b| b.1.total_cmp(&a.1));
                if let (Some(top), Some(bottom)) = (net.first(), net.last()) {
                    let _ = write!(
                        t,
                        "On average {} extracts most ({:+.2} bits learned minus given per negotiation) and {} leaks most ({:+.2}).",
                        top.0, top.1, bottom.0, bottom.1
                    );
                }
                ("Who extracts, who leaks", t)
            }
            Figure::Trust(d) => {
                let mut t = String::from(
                    "Over the runs of a match the same two agents meet again with fresh values but kept memory. \
                     The top panel shows side A's trust in B after each run, the bottom panel how much A discloses \
                     (confidences plus answers per run). ",
                );
                let drop = d
                    .trust
                    .iter()
                    .filter_map(|s| Some((s, s.points.first()?.1 - s.points.last()?.1)))
                    .max_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((s, dv)) = drop
                    && dv > 0.05
                {
                    let _ = write!(
                        t,
                        "Trust falls most in {} (by {:.2} over the match).",
                        s.label, dv
                    );
                }
                ("Trust and disclosure over a match", t)
            }
        };
        out.push(Section {
            title: title.to_string(),
            chart: name,
            text,
        });
    }
    out
}

const EVOLUTION_TEXT: &str = "Drawn by `negsim evolve`: the tournament's payoffs (matrix.csv) drive the \
    replicator dynamics from an even mix of the strategies. Each band is a strategy's share of the population \
    over generations; a band that grows earns more than the population average against the current mix. \
    fixation.csv has the Moran process's fixation probabilities with confidence intervals.";

/// An SVG document as an element to inline in HTML (no XML declaration).
fn inline_svg(svg: &str) -> &str {
    let svg = svg.trim_start_matches(|c| c != '<');
    svg.strip_prefix("<?xml")
        .map_or(svg, |rest| rest.split_once("?>").map_or(rest, |(_, r)| r))
        .trim()
}

/// Columns of the summary table in the report.
const SUMMARY: [(&str, &str); 8] = [
    ("strategy_a", "A"),
    ("strategy_b", "B"),
    ("deal_rate", "deal rate"),
    ("surplus_a_mean", "surplus A"),
    ("surplus_b_mean", "surplus B"),
    ("efficiency_mean", "efficiency"),
    ("share_a_mean", "A's share"),
    ("lies_detected_mean", "lies caught"),
];

fn cell(t: &CsvTable, r: usize, c: &str, price: bool) -> String {
    match t.num(r, c) {
        Ok(x) if x.is_finite() && !c.starts_with("strategy") => {
            if price && c.starts_with("surplus") {
                money(x, 0)
            } else {
                format!("{x:.3}")
            }
        }
        _ => t.str(r, c).to_string(),
    }
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
        crate::output::figures::redraw(dir)?;
    }
    // Charts drawn by `negsim evolve`, if it ran on this folder.
    let evolution_svg = std::fs::read_to_string(charts.join("evolution.svg")).ok();
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("manifest.json")).map_err(|source| Error::Read {
            path: dir.join("manifest.json"),
            source,
        })?,
    )
    .unwrap_or_default();
    let name = manifest["name"].as_str().unwrap_or("negsim").to_string();
    let ranking = CsvTable::read(
        dir,
        "ranking.csv",
        &[
            "rank",
            "strategy",
            "surplus_mean",
            "surplus_ci95",
            "deal_rate",
        ],
    )?;
    let summary = CsvTable::read(dir, "summary.csv", &SUMMARY.map(|(c, _)| c))?;
    let intro = format!(
        "{} negotiations: {} strategies ({}) in every ordered pairing, {} runs each, {} scenario, seed {}, negsim {}. \
         Side A is the buyer in the price scenario. Surplus is in {}; confidence intervals are 95%.",
        manifest["negotiations"].as_u64().unwrap_or(0),
        f.names.len(),
        f.names.join(", "),
        manifest["runs_per_pairing"].as_u64().unwrap_or(0),
        if f.price { "price" } else { "multi-issue" },
        manifest["seed"].as_u64().unwrap_or(0),
        manifest["negsim_version"].as_str().unwrap_or("?"),
        if f.price { "price units" } else { "utility" }
    );
    let secs = sections(&f);

    // Markdown.
    let mut md = format!(
        "# negsim report: {name}\n\n{intro}\n\n## Ranking\n\n| rank | strategy | mean surplus | 95% CI ± | deal rate |\n|---:|---|---:|---:|---:|\n"
    );
    for r in 0..ranking.rows.len() {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            ranking.str(r, "rank"),
            ranking.str(r, "strategy"),
            cell(&ranking, r, "surplus_mean", f.price),
            cell(&ranking, r, "surplus_ci95", f.price),
            cell(&ranking, r, "deal_rate", f.price)
        );
    }
    for s in &secs {
        let _ = write!(
            md,
            "\n## {}\n\n![{}](charts/{}.png)\n\n{}\n",
            s.title, s.title, s.chart, s.text
        );
    }
    if evolution_svg.is_some() {
        let _ = write!(
            md,
            "\n## Population dynamics\n\n![Population dynamics](charts/evolution.png)\n\n{EVOLUTION_TEXT}\n"
        );
    }
    let _ = write!(
        md,
        "\n## Summary by pairing\n\n| {} |\n|{}\n",
        SUMMARY.map(|(_, h)| h).join(" | "),
        "---|".repeat(SUMMARY.len())
    );
    for r in 0..summary.rows.len() {
        let cells: Vec<String> = SUMMARY
            .iter()
            .map(|(c, _)| cell(&summary, r, c, f.price))
            .collect();
        let _ = writeln!(md, "| {} |", cells.join(" | "));
    }
    let _ = write!(
        md,
        "\nAll columns: `summary.csv`. Produced by `negsim report`.\n"
    );

    // HTML.
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>negsim report: {n}</title>\n<style>\n\
         body{{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}}\n\
         figure{{margin:1em 0}} figure svg{{width:100%;height:auto;border:1px solid #ddd}}\n\
         table{{border-collapse:collapse;margin:1em 0;font-size:0.95em}} th,td{{border:1px solid #ccc;padding:4px 8px}} td.n{{text-align:right}}\n\
         th{{background:#f3f3f3}} p.read{{background:#f8f8f4;padding:0.6em 1em;border-left:4px solid #0072B2}}\n\
         </style></head><body>\n<h1>negsim report: {n}</h1>\n<p>{i}</p>\n",
        n = escape(&name),
        i = escape(&intro)
    );
    html.push_str("<h2>Ranking</h2>\n<table id=\"ranking\"><tr><th>rank</th><th>strategy</th><th>mean surplus</th><th>95% CI ±</th><th>deal rate</th></tr>\n");
    for r in 0..ranking.rows.len() {
        let _ = writeln!(
            html,
            "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(ranking.str(r, "rank")),
            escape(ranking.str(r, "strategy")),
            cell(&ranking, r, "surplus_mean", f.price),
            cell(&ranking, r, "surplus_ci95", f.price),
            cell(&ranking, r, "deal_rate", f.price)
        );
    }
    html.push_str("</table>\n");
    for (s, (_, fig)) in secs.iter().zip(&f.list) {
        let svg = fig.svg()?;
        let _ = write!(
            html,
            "<h2>{}</h2>\n<figure class=\"chart\" id=\"chart-{}\">\n{}\n</figure>\n<p class=\"read\">{}</p>\n",
            escape(&s.title),
            s.chart,
            inline_svg(&svg),
            escape(&s.text)
        );
    }
    if let Some(svg) = &evolution_svg {
        let _ = write!(
            html,
            "<h2>Population dynamics</h2>\n<figure class=\"chart\" id=\"chart-evolution\">\n{}\n</figure>\n<p class=\"read\">{}</p>\n",
            inline_svg(svg),
            escape(EVOLUTION_TEXT)
        );
    }
    html.push_str("<h2>Summary by pairing</h2>\n<table id=\"summary\"><tr>");
    for (_, h) in SUMMARY {
        let _ = write!(html, "<th>{}</th>", escape(h));
    }
    html.push_str("</tr>\n");
    for r in 0..summary.rows.len() {
        html.push_str("<tr>");
        for (c, _) in SUMMARY {
            let class = if c.starts_with("strategy") {
                ""
            } else {
                " class=\"n\""
            };
            let _ = write!(
                html,
                "<td{class}>{}</td>",
                escape(&cell(&summary, r, c, f.price))
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n<p>All columns are in <code>summary.csv</code>. Produced by <code>negsim report</code>.</p>\n</body></html>\n");

    let (h, m) = (dir.join("report.html"), dir.join("report.md"));
    write_atomic(&h, html.as_bytes())?;
    write_atomic(&m, md.as_bytes())?;
    Ok((h, m))
}
