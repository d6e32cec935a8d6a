//! `comparisons.png`: the forest plot of comparisons.csv, drawn by
//! `negsim run` and redrawn by `negsim plot`; one row per pair labelled
//! "open − guarded", filled where the verdict is significant.

use super::tournament;
use crate::helpers::{assert_ok, col, negsim, read_csv, s, set_cell, tmp};
use std::fs;
use std::path::Path;

/// The text of comparisons.svg and, per row, whether its marker is filled
/// (the smaller, inner one of its two circles is not white).
fn rows_of_svg(dir: &Path) -> (String, Vec<bool>) {
    let svg = fs::read_to_string(dir.join("charts/comparisons.svg")).expect("comparisons.svg");
    let circles: Vec<(f64, bool)> = svg
        .split("<circle ")
        .skip(1)
        .map(|c| {
            let attr = |name: &str| {
                c.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .unwrap_or("")
                    .to_string()
            };
            (attr("r").parse().unwrap_or(0.0), attr("fill") != "#FFFFFF")
        })
        .collect();
    // Circles come in pairs (outline, inside); the legend's two keys first.
    let filled = circles
        .chunks(2)
        .skip(2)
        .map(|p| if p[0].0 <= p[1].0 { p[0].1 } else { p[1].1 })
        .collect();
    (svg, filled)
}

#[test]
fn run_draws_comparisons_and_plot_follows_the_verdicts() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &[]);
    assert!(dir.join("charts/comparisons.png").is_file());
    let (h, rows) = read_csv(&dir.join("comparisons.csv"));
    let (a, b, v) = (
        col(&h, "strategy", "comparisons.csv"),
        col(&h, "versus", "comparisons.csv"),
        col(&h, "verdict", "comparisons.csv"),
    );
    assert_eq!(rows.len(), 6, "four strategies: six pairs");
    let (svg, filled) = rows_of_svg(&dir);
    assert!(svg.contains("Holm-adjusted p &lt; 0.05") || svg.contains("Holm-adjusted p < 0.05"));
    assert!(svg.contains("Paired differences in mean surplus"));
    for r in &rows {
        let label = format!("{} \u{2212} {}", r[a], r[b]);
        assert!(svg.contains(&label), "no row labelled {label}");
    }
    let verdicts: Vec<bool> = rows
        .iter()
        .map(|r| r[v] == "higher" || r[v] == "lower")
        .collect();
    assert_eq!(filled, verdicts, "filled markers against verdicts");

    // Change the first verdict: plot draws its marker hollow.
    set_cell(
        &dir.join("comparisons.csv"),
        0,
        "verdict",
        "not significant",
    );
    let o = negsim(t.path(), &["plot", s(&dir)]);
    assert_ok(&o, "negsim plot");
    let (_, filled) = rows_of_svg(&dir);
    assert!(!filled[0], "the first pair is not significant now");
    assert_eq!(filled[1..], verdicts[1..]);
}
