//! The checks of a results folder's reports: `report.html` (one figure
//! with an inline, well-formed SVG per chart, each with its explanation,
//! the `ranking` and `summary` tables, nothing outside the file) and
//! `report.md` (a link to every chart PNG, a table row per strategy).

use std::fs;
use std::path::Path;

use crate::helpers::svg::svg_problems;
use crate::helpers::{PRESETS, assert_ok, entries, negsim, s};

/// The text between `start` (inclusive) and the next `end` (inclusive).
fn section<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = html.find(start)?;
    let j = html[i..].find(end)?;
    Some(&html[i..i + j + end.len()])
}

/// Figure ids (`chart-NAME`) of a report in document order.
pub(super) fn figure_ids(html: &str) -> Vec<String> {
    html.match_indices("<figure")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            let k = tag.find("id=\"")? + 4;
            Some(tag[k..k + tag[k..].find('"')?].to_string())
        })
        .collect()
}

/// Problems of the structure of a report's HTML (as written or as a
/// browser's DOM): one figure `chart-NAME` per chart, each holding one
/// well-formed inline `<svg>` with the chart's title, both tables with
/// every strategy.
pub(super) fn report_html_problems(html: &str, charts: &[(&str, &str)], what: &str) -> Vec<String> {
    let mut p = Vec::new();
    let svgs = html.matches("<svg").count();
    if svgs != charts.len() {
        p.push(format!(
            "{what}: {svgs} <svg elements, expected one per chart ({})",
            charts.len()
        ));
    }
    let ids = figure_ids(html);
    for (name, title) in charts {
        let id = format!("chart-{name}");
        if !ids.contains(&id) {
            p.push(format!("{what}: no figure id=\"{id}\" (figures: {ids:?})"));
            continue;
        }
        let start = format!("id=\"{id}\"");
        let Some(fig) = section(html, &start, "</figure>") else {
            p.push(format!("{what}: figure {id} is not closed"));
            continue;
        };
        let Some(svg) = section(fig, "<svg", "</svg>") else {
            p.push(format!("{what}: figure {id} holds no <svg>...</svg>"));
            continue;
        };
        // A browser's HTML serialiser writes U+00A0 as &nbsp;.
        let svg = svg.replace("&nbsp;", "\u{a0}");
        p.extend(svg_problems(
            &svg,
            &format!("{what}, figure {id}"),
            title,
            4,
        ));
    }
    for table in ["ranking", "summary"] {
        match section(html, &format!("<table id=\"{table}\""), "</table>") {
            None => p.push(format!("{what}: no <table id=\"{table}\">...</table>")),
            Some(t) => {
                let rows = t.matches("<tr").count();
                let want = if table == "ranking" { 1 + 4 } else { 1 + 16 };
                if rows != want {
                    p.push(format!(
                        "{what}: table {table} has {rows} rows, expected {want}"
                    ));
                }
                for st in PRESETS {
                    if !t.contains(&format!("<td>{st}</td>")) {
                        p.push(format!("{what}: table {table} does not name {st}"));
                    }
                }
            }
        }
    }
    p
}

/// References to anything outside the HTML file.
fn external_references(html: &str) -> Vec<String> {
    let lower = html.to_lowercase();
    let mut p = Vec::new();
    for bad in [
        "<img", "<script", "<link", "<iframe", "<object", "<embed", "@import", " src=",
    ] {
        if lower.contains(bad) {
            p.push(format!("contains `{bad}`"));
        }
    }
    for (i, _) in lower.match_indices("url(") {
        let target = lower[i + 4..].trim_start_matches(['"', '\'', ' ']);
        if !target.starts_with('#') {
            p.push(format!(
                "url() not inside the page: {}",
                &target[..target.len().min(60)]
            ));
        }
    }
    let cleaned = lower
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace("xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    for scheme in ["http://", "https://", "href=\"//", "file:"] {
        if let Some(i) = cleaned.find(scheme) {
            p.push(format!(
                "refers outside the file: ...{}...",
                &cleaned[i.saturating_sub(40)..(i + 60).min(cleaned.len())]
            ));
        }
    }
    for (i, _) in cleaned.match_indices("href=\"") {
        let target = &cleaned[i + 6..];
        if !target.starts_with('#') {
            p.push(format!(
                "link not inside the page: {}",
                &target[..target.len().min(60)]
            ));
        }
    }
    p
}

/// Image links `](target)` of a Markdown text.
fn md_links(md: &str) -> Vec<String> {
    md.match_indices("](")
        .filter_map(|(i, _)| {
            let rest = &md[i + 2..];
            Some(rest[..rest.find(')')?].to_string())
        })
        .collect()
}

pub(super) fn negsim_report(dir: &Path) {
    let o = negsim(dir, &["report", s(dir)]);
    assert_ok(&o, "negsim report");
}

/// Problems of the `report.html` and `report.md` of `dir`.
pub(super) fn report_problems(dir: &Path, charts: &[(&str, &str)]) -> Vec<String> {
    let mut p = Vec::new();
    let html = match fs::read_to_string(dir.join("report.html")) {
        Ok(h) => h,
        Err(e) => return vec![format!("report.html: {e}")],
    };
    p.extend(report_html_problems(&html, charts, "report.html"));
    for e in external_references(&html) {
        p.push(format!("report.html is not self-contained: {e}"));
    }
    let paragraphs = html.matches("<p class=\"read\">").count();
    if paragraphs != charts.len() {
        p.push(format!(
            "report.html: {paragraphs} explanation paragraphs, expected one per chart"
        ));
    }
    for (name, _) in charts {
        let fig = format!("id=\"chart-{name}\"");
        let para = html
            .find(&fig)
            .and_then(|i| html[i..].find("</figure>").map(|j| &html[i + j..]))
            .map(|after| after.trim_start_matches("</figure>").trim_start());
        match para {
            Some(a) if a.starts_with("<p class=\"read\">") => {
                let text = &a[16..a.find("</p>").unwrap_or(16)];
                if text.trim().len() < 80 {
                    p.push(format!(
                        "report.html: the paragraph under {name} is too short: {text:?}"
                    ));
                }
            }
            _ => p.push(format!(
                "report.html: no <p class=\"read\"> right under figure {name}"
            )),
        }
    }
    for (open, close) in [("<figure", "</figure>"), ("<table", "</table>")] {
        if html.matches(open).count() != html.matches(close).count() {
            p.push(format!("report.html: unbalanced {open}"));
        }
    }
    let md = match fs::read_to_string(dir.join("report.md")) {
        Ok(m) => m,
        Err(e) => return [p, vec![format!("report.md: {e}")]].concat(),
    };
    let links = md_links(&md);
    for png in entries(&dir.join("charts")) {
        if png.ends_with(".png") && !links.contains(&format!("charts/{png}")) {
            p.push(format!("report.md does not link charts/{png}"));
        }
    }
    for (name, _) in charts {
        if !links.contains(&format!("charts/{name}.png")) {
            p.push(format!("report.md does not link charts/{name}.png"));
        }
    }
    for st in PRESETS {
        if !md.contains(&format!("| {st} |")) {
            p.push(format!("report.md has no table row naming {st}"));
        }
    }
    p
}

/// Links of `report.md` that do not resolve to a file in `dir`.
pub(super) fn broken_md_links(dir: &Path) -> Vec<String> {
    let md = fs::read_to_string(dir.join("report.md")).expect("report.md");
    md_links(&md)
        .into_iter()
        .filter(|l| !dir.join(l).is_file())
        .collect()
}
