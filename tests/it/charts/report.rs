//! `negsim report`: self-contained HTML and Markdown that link or hold
//! every chart.

use std::fs;

use super::report_check::{broken_md_links, negsim_report, report_problems};
use super::{CHARTS, expected_charts, tournament};
use crate::helpers::{assert_no_problems, assert_ok, config, entries, negsim, s, tmp};

/// The report of the default config: self-contained HTML with every
/// chart inline and both tables; Markdown linking every PNG.
#[test]
fn report_is_self_contained_with_every_chart_and_table() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &[]);
    let o = negsim(t.path(), &["report", s(&dir)]);
    assert_ok(&o, "negsim report");
    assert!(
        o.stdout.contains("report.html") && o.stdout.contains("report.md"),
        "negsim report does not say what it wrote:\n{}",
        o.describe()
    );
    assert_no_problems(&report_problems(&dir, &CHARTS), "report of default");
    assert_no_problems(
        &broken_md_links(&dir)
            .into_iter()
            .map(|l| format!("report.md links missing {l}"))
            .collect::<Vec<_>>(),
        "report.md",
    );
}

/// The report of matches includes the trust chart.
#[test]
fn report_of_matches_includes_the_trust_chart() {
    let t = tmp();
    let dir = tournament(t.path(), "repeated", Some(&config("repeated.toml")), &[]);
    negsim_report(&dir);
    assert_no_problems(
        &report_problems(&dir, &expected_charts(true)),
        "report of repeated.toml",
    );
}

/// Every image link of report.md resolves, even when some chart PNGs
/// were deleted after the run (the report draws what is missing, or does
/// not link it).
#[test]
fn report_md_links_resolve_when_a_chart_was_deleted() {
    let t = tmp();
    let dir = tournament(t.path(), "repeated", Some(&config("repeated.toml")), &[]);
    for f in ["asymmetry.png", "trust.png"] {
        fs::remove_file(dir.join("charts").join(f)).expect("remove chart");
    }
    negsim_report(&dir);
    let broken = broken_md_links(&dir);
    assert!(
        broken.is_empty(),
        "report.md links files that do not exist: {broken:?} (charts/: {:?})",
        entries(&dir.join("charts"))
    );
}
