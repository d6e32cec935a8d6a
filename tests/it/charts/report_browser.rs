//! The new parts of the report as headless Chromium sees them: the set-up
//! and the paired comparisons of a tournament's report, and the report of
//! a sweep (its charts and a ranking per cell), DOM and screenshot.

use super::chromium::{chromium, file_url};
use super::report_check::{figure_ids, negsim_report};
use super::report_kinds::sweep_folder;
use super::report_stats::html_table;
use super::tournament;
use crate::helpers::image::Image;
use crate::helpers::{s, tmp};

/// Chromium's DOM of the default report holds the set-up, the strategy
/// definitions and the paired comparisons, with the numbers of the files.
#[test]
fn chromium_shows_the_setup_and_the_paired_comparisons() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &["--no-charts"]);
    negsim_report(&dir);
    let o = chromium(&["--dump-dom"], &file_url(&dir.join("report.html")));
    assert_eq!(o.code, Some(0), "chromium --dump-dom:\n{}", o.describe());
    let dom = &o.stdout;
    let setup = html_table(dom, "setup");
    assert_eq!(setup[0][0], "scenario");
    assert!(
        setup[0][1].contains("uniform on [40,000, 60,000]"),
        "{setup:?}"
    );
    let strategies = html_table(dom, "strategies");
    assert_eq!(strategies.len(), 4);
    assert!(strategies.iter().all(|r| r[1] == "preset"));
    let cmp = html_table(dom, "comparisons");
    assert_eq!(cmp.len(), 6, "six paired comparisons in the DOM");
    assert!(cmp.iter().all(|r| r[4].contains(" ± ") && !r[6].is_empty()));
    assert!(!dom.contains("Overlapping whiskers"));
}

/// The report of a sweep in Chromium: both sweep charts, a ranking per
/// cell, and a screenshot with coloured charts in it.
#[test]
fn chromium_shows_the_report_of_a_sweep() {
    let t = tmp();
    let dir = sweep_folder(t.path());
    negsim_report(&dir);
    let url = file_url(&dir.join("report.html"));
    let o = chromium(&["--dump-dom"], &url);
    assert_eq!(o.code, Some(0), "chromium --dump-dom:\n{}", o.describe());
    assert_eq!(
        figure_ids(&o.stdout),
        ["chart-sweep_strategies", "chart-sweep_outcomes"]
    );
    for k in 1..=5 {
        assert_eq!(
            html_table(&o.stdout, &format!("ranking-cell-{k}")).len(),
            4,
            "cell {k}: one row per strategy"
        );
    }
    let shot = t.path().join("sweep.png");
    let o = chromium(
        &[
            "--window-size=1200,3000",
            &format!("--screenshot={}", s(&shot)),
        ],
        &url,
    );
    assert_eq!(o.code, Some(0), "chromium --screenshot:\n{}", o.describe());
    let img = Image::load(&shot).unwrap_or_else(|e| panic!("screenshot: {e}"));
    assert_eq!((img.w, img.h), (1200, 3000));
    let charts = img.stats(0.0, 0.25, 1.0, 0.85);
    assert!(
        charts.colourful > 20_000 && charts.colours >= 8,
        "no coloured sweep chart on screen: {charts:?}"
    );
    assert!(
        img.stats(0.0, 0.0, 1.0, 0.25).dark > 5_000,
        "no text at the top"
    );
}
