//! `negsim report`: self-contained HTML and Markdown that link or hold
//! every chart, and sentences that follow the numbers.

use std::fs;

use super::report_check::{broken_md_links, negsim_report, report_problems};
use super::{report_charts, tournament};
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
    assert_no_problems(
        &report_problems(&dir, &report_charts(false)),
        "report of default",
    );
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
        &report_problems(&dir, &report_charts(true)),
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

/// The paragraph of report.md under the chart `chart` (its text line).
fn paragraph(md: &str, chart: &str) -> String {
    let link = format!("](charts/{chart}.png)");
    let i = md
        .find(&link)
        .unwrap_or_else(|| panic!("report.md lacks {link}"));
    md[i + link.len()..]
        .trim_start()
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

/// The report describes the within-pairing chart and counts the clear
/// deal-rate slopes exactly as `asymmetry_within.csv` has them.
#[test]
fn report_phrases_the_asymmetry_from_its_numbers() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &["--no-charts"]);
    negsim_report(&dir);
    let md = fs::read_to_string(dir.join("report.md")).expect("report.md");
    let text = paragraph(&md, "asymmetry");
    for want in [
        "bits",
        "misled",
        "held fixed",
        "per ordered pairing",
        "clustered by run",
    ] {
        assert!(text.contains(want), "lacks {want:?}: {text}");
    }
    let csv = fs::read_to_string(dir.join("asymmetry_within.csv")).expect("csv");
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |c: &str| head.iter().position(|h| *h == c).expect(c);
    let (mut with, mut up, mut down) = (0, 0, 0);
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f[col("outcome")] != "deal_rate" || f[col("slope")].is_empty() {
            continue;
        }
        with += 1;
        let lo: f64 = f[col("ci_low")].parse().expect("ci_low");
        let hi: f64 = f[col("ci_high")].parse().expect("ci_high");
        up += usize::from(lo > 0.0);
        down += usize::from(hi < 0.0);
    }
    let claim = format!(
        "Of the {with} pairings with a slope, a bit more for A raised the deal rate clearly in \
         {up} and lowered it clearly in {down}"
    );
    assert!(text.contains(&claim), "lacks {claim:?}: {text}");
}

/// Without talk or leaks every run has symmetric information, and the
/// report says so instead of comparing who learned more.
#[test]
fn report_of_a_silent_tournament_compares_nobody() {
    let t = tmp();
    let text = fs::read_to_string(config("default.toml")).expect("default.toml");
    let text = text
        .replace("rounds = 3 ", "rounds = 0 ")
        .replace("leak_probability = 0.2", "leak_probability = 0.0")
        .replacen("name = \"default\"", "name = \"silent\"", 1);
    assert!(text.contains("rounds = 0 ") && text.contains("leak_probability = 0.0"));
    let cfg = t.path().join("silent.toml");
    fs::write(&cfg, text).expect("write silent.toml");
    let dir = tournament(t.path(), "silent", Some(&cfg), &["--no-charts"]);
    negsim_report(&dir);
    let md = fs::read_to_string(dir.join("report.md")).expect("report.md");
    let text = paragraph(&md, "asymmetry");
    assert!(
        text.contains("16 of the 16 pairings have no slope"),
        "{text}"
    );
    assert!(text.contains("their asymmetry never varies"), "{text}");
    assert!(!text.contains("raised the deal rate"), "{text}");
}
