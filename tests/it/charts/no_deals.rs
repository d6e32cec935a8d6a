//! A run without a single deal (value and cost ranges never overlap):
//! every chart and report is still drawn, and no NaN or infinity shows.

use std::fs;

use super::check::chart_problems;
use super::report_check::{negsim_report, report_problems};
use super::{no_deal_config, report_charts, tournament};
use crate::helpers::{assert_no_problems, assert_ok, entries, negsim, read_csv, s, tmp};

/// A run without a single deal (value and cost ranges never overlap)
/// still draws every chart and reports.
#[test]
fn run_without_deals_draws_every_chart_and_reports() {
    let t = tmp();
    let cfg = no_deal_config(t.path());
    let dir = tournament(t.path(), "no-deal", Some(&cfg), &[]);
    let (h, rows) = read_csv(&dir.join("summary.csv"));
    let dr = h.iter().position(|c| c == "deal_rate").expect("deal_rate");
    assert!(
        rows.iter().all(|r| r[dr].parse::<f64>() == Ok(0.0)),
        "the no-deal config made deals: {rows:?}"
    );
    assert_no_problems(&chart_problems(&dir, false, false), "no-deal run");
    fs::remove_dir_all(dir.join("charts")).expect("remove charts/");
    let o = negsim(t.path(), &["plot", s(&dir)]);
    assert_ok(&o, "negsim plot on the no-deal run");
    assert_no_problems(
        &chart_problems(&dir, false, false),
        "no-deal run, replotted",
    );
    negsim_report(&dir);
    assert_no_problems(
        &report_problems(&dir, &report_charts(false)),
        "no-deal report",
    );
}

/// The report of a run without deals says so in words, never "NaN%".
#[test]
fn report_without_deals_prints_no_nan() {
    let t = tmp();
    let cfg = no_deal_config(t.path());
    let dir = tournament(t.path(), "no-deal", Some(&cfg), &["--no-charts"]);
    negsim_report(&dir);
    let mut p = Vec::new();
    for f in ["report.md", "report.html"] {
        let text = fs::read_to_string(dir.join(f)).expect("report");
        // "inf" as a word (not inside "information").
        let word = |i: usize, n: usize| {
            !text[..i].ends_with(|c: char| c.is_alphanumeric())
                && !text[i + n..].starts_with(|c: char| c.is_alphanumeric())
        };
        for bad in ["NaN", "inf", "∞"] {
            for (i, _) in text.match_indices(bad) {
                if bad == "inf" && !word(i, 3) {
                    continue;
                }
                let mut a = i.saturating_sub(70);
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (i + 30).min(text.len());
                while !text.is_char_boundary(b) {
                    b += 1;
                }
                p.push(format!("{f}: `{bad}` in \"...{}...\"", &text[a..b]));
            }
        }
    }
    assert_no_problems(&p, "report of a run without deals");
}

/// (README) an undefined metric is an empty CSV field, also in
/// ranking.csv, which the charts read.
#[test]
fn run_without_deals_leaves_undefined_metrics_empty_in_every_csv() {
    let t = tmp();
    let cfg = no_deal_config(t.path());
    let dir = tournament(t.path(), "no-deal", Some(&cfg), &["--no-charts"]);
    let mut p = Vec::new();
    for f in entries(&dir) {
        if !f.ends_with(".csv") {
            continue;
        }
        let (h, rows) = read_csv(&dir.join(&f));
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let l = v.to_ascii_lowercase();
                if l == "nan" || l.ends_with("inf") || l.ends_with("infinity") {
                    p.push(format!("{f} row {}, column {}: {v:?}", r + 2, h[c]));
                }
            }
        }
    }
    assert_no_problems(&p, "CSV files of a run without deals");
}
