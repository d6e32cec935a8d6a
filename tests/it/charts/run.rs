//! `negsim run` draws every chart; `--no-charts` draws none and
//! `negsim report` draws them afterwards.

use super::check::chart_problems;
use super::report_check::{negsim_report, report_problems};
use super::{report_charts, tournament};
use crate::helpers::{assert_no_problems, config, entries, read_manifest, snapshot, tmp};

/// Every chart of the default config, as PNG (decodes, 1600x1000, drawn
/// plot area, axis labels, title) and SVG (well-formed, with its title).
#[test]
fn run_draws_every_chart_of_the_default_config() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &[]);
    assert_no_problems(&chart_problems(&dir, false, true), "default config");
    let files = read_manifest(&dir)["files"].clone();
    assert!(
        files
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x == "charts")),
        "manifest.json does not list charts: {files}"
    );
}

/// The same for the multi-issue scenario (utility units, no prices).
#[test]
fn run_draws_every_chart_of_the_integrative_config() {
    let t = tmp();
    let dir = tournament(
        t.path(),
        "integrative",
        Some(&config("integrative.toml")),
        &[],
    );
    assert_no_problems(&chart_problems(&dir, false, true), "integrative.toml");
}

/// Matches of several runs add the trust chart.
#[test]
fn run_draws_every_chart_of_the_repeated_config_including_trust() {
    let t = tmp();
    let dir = tournament(t.path(), "repeated", Some(&config("repeated.toml")), &[]);
    assert_no_problems(&chart_problems(&dir, true, true), "repeated.toml");
}

/// `--no-charts` writes no charts; `negsim report` then draws them.
#[test]
fn no_charts_then_report_draws_the_charts() {
    let t = tmp();
    let dir = tournament(t.path(), "plain", None, &["--no-charts"]);
    assert!(
        !dir.join("charts").exists(),
        "--no-charts wrote {:?}",
        entries(&dir.join("charts"))
    );
    let files = read_manifest(&dir)["files"].clone();
    assert!(
        files
            .as_array()
            .is_some_and(|f| !f.iter().any(|x| x == "charts")),
        "manifest.json lists charts after --no-charts: {files}"
    );
    let data = snapshot(&dir);
    negsim_report(&dir);
    assert_no_problems(&chart_problems(&dir, false, true), "charts drawn by report");
    assert_no_problems(
        &report_problems(&dir, &report_charts(false)),
        "report after --no-charts",
    );
    let after = snapshot(&dir);
    for (name, bytes) in &data {
        if name != "manifest.json" {
            assert!(
                after.get(name) == Some(bytes),
                "negsim report changed {name}"
            );
        }
    }
    // The manifest only gains the files report wrote, so that a rerun of
    // the experiment keeps them.
    let mut before: serde_json::Value = serde_json::from_slice(&data["manifest.json"]).unwrap();
    let files = before["files"].as_array_mut().unwrap();
    let at = files.len() - 1;
    for (i, f) in ["report.html", "report.md", "charts"].iter().enumerate() {
        files.insert(at + i, serde_json::json!(f));
    }
    assert_eq!(
        read_manifest(&dir),
        before,
        "report changed manifest.json beyond its files"
    );
}
