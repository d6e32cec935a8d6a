//! The charts and reports of the `negsim` binary: the tests run the built
//! executable (never the library) in temporary folders and check what a
//! user gets. Covered: `negsim run` draws every chart of the default,
//! integrative and repeated configs as a 1600x1000 PNG with drawn content
//! (plot area, axis labels, title) and a well-formed SVG holding its title
//! ([`run`]); `negsim plot` redraws the same pictures from the CSV files
//! without touching the data, and refuses (exit 2, naming the file and the
//! problem) folders that are not results folders, missing files and
//! malformed CSV or JSON ([`plot`]); a run without a single deal still draws
//! every chart and reports ([`no_deals`]); `--no-charts` and `negsim report`
//! drawing the charts afterwards; `report.html` (self-contained: one inline
//! SVG per chart, the `ranking` and `summary` tables, no external
//! references) and `report.md` (links to every PNG, all resolving)
//! ([`report`]); the report as headless Chromium sees it, DOM and screenshot
//! ([`chromium`]); what the report says: paired comparisons as in
//! comparisons.csv, `tie`, numbers at the scale of the values, the set-up
//! ([`report_stats`]); plot and report on sweep folders and evolve
//! folders, and on a file ([`report_kinds`]); the set-up, comparisons and
//! a sweep's report in Chromium ([`report_browser`]); and `negsim trace
//! --chart` in PNG and SVG ([`trace`]).
//! SVGs are parsed with `roxmltree` (well-formed XML, one `<svg>` root);
//! PNGs are decoded with the `png` crate.

mod annotations;
mod check;
pub(crate) mod chromium;
mod comparisons;
mod console_ranking;
mod csv_numbers;
mod no_deals;
mod plot;
mod plot_limits;
mod report;
mod report_browser;
mod report_check;
mod report_kinds;
mod report_stats;
mod run;
mod six_strategies;
mod sweep_report;
mod trace;

use std::fs;
use std::path::{Path, PathBuf};

use crate::helpers::{assert_ok, config, negsim, s};

/// Runs per pairing: enough for every chart to have data, fast to simulate.
const RUNS: &str = "2000";
/// The charts of every tournament (file name, title as in src/charts.rs).
const CHARTS: [(&str, &str); 6] = [
    (
        "asymmetry",
        "What one more bit of asymmetry does, within each pairing",
    ),
    (
        "matrix",
        "Mean surplus of each strategy (row) against each opponent (column)",
    ),
    (
        "matrix_deals",
        "Deal rate of each strategy (row) against each opponent (column)",
    ),
    (
        "ranking",
        "Ranking: mean surplus over all opponents and both sides",
    ),
    (
        "distribution",
        "How each strategy splits the surplus in its deals",
    ),
    (
        "information",
        "Who extracts, who leaks: bits learned against bits given away",
    ),
];
/// The extra chart of a config with `[match] runs > 1`.
const TRUST_CHART: (&str, &str) = (
    "trust",
    "Trust and disclosure over the runs of a match (side A's view)",
);
/// The files `negsim plot` reads (besides `match_trace.csv` for matches).
const RESULT_FILES: [&str; 8] = [
    "manifest.json",
    "comparisons.csv",
    "summary.csv",
    "matrix.csv",
    "deal_matrix.csv",
    "ranking.csv",
    "asymmetry_within.csv",
    "share_distribution.csv",
];

/// The forest plot of comparisons.csv (in the report after the paired
/// comparisons table, before the other charts).
const COMPARISONS_CHART: (&str, &str) = (
    "comparisons",
    "Paired differences in mean surplus, every two strategies",
);

/// Every chart `negsim run` and `negsim plot` draw into charts/.
fn drawn_charts(trust: bool) -> Vec<(&'static str, &'static str)> {
    let mut v = expected_charts(trust);
    v.push(COMPARISONS_CHART);
    v
}

/// The charts a tournament folder should hold (and its report show).
fn expected_charts(trust: bool) -> Vec<(&'static str, &'static str)> {
    let mut v = CHARTS.to_vec();
    if trust {
        v.push(TRUST_CHART);
    }
    v
}

/// The charts a tournament's report shows, in document order.
fn report_charts(trust: bool) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![COMPARISONS_CHART];
    v.extend(expected_charts(trust));
    v
}

/// `negsim run [config] --out parent/name --runs RUNS -q [extra]`; returns the folder.
fn tournament(parent: &Path, name: &str, cfg: Option<&Path>, extra: &[&str]) -> PathBuf {
    let out = parent.join(name);
    let mut args = vec!["run"];
    if let Some(c) = cfg {
        args.push(s(c));
    }
    args.extend(["--out", s(&out), "--runs", RUNS, "-q"]);
    args.extend_from_slice(extra);
    let o = negsim(parent, &args);
    assert_ok(&o, &format!("negsim {}", args.join(" ")));
    assert!(out.is_dir(), "negsim run wrote no folder {}", out.display());
    out
}

/// The default config with value and cost ranges that never overlap: no
/// deal is possible in any run.
fn no_deal_config(dir: &Path) -> PathBuf {
    let text = fs::read_to_string(config("default.toml")).expect("read configs/default.toml");
    let mut seen = (false, false);
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("buyer_value") {
                seen.0 = true;
                r#"buyer_value = { dist = "uniform", low = 10, high = 20 }"#.to_string()
            } else if l.starts_with("seller_cost") {
                seen.1 = true;
                r#"seller_cost = { dist = "uniform", low = 30, high = 40 }"#.to_string()
            } else if l.starts_with("name ") {
                r#"name = "no-deal""#.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(
        seen.0 && seen.1,
        "configs/default.toml no longer has top-level buyer_value / seller_cost lines"
    );
    let path = dir.join("no-deal.toml");
    fs::write(&path, lines.join("\n") + "\n").expect("write no-deal.toml");
    path
}
