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

/// The percentage right after `after` in `text`.
fn percent_after(text: &str, after: &str) -> Option<f64> {
    let i = text.find(after)? + after.len();
    let v: String = text[i..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    v.parse().ok()
}

/// The report reads the asymmetry in bits and says that learning more won
/// a larger share only when its own numbers say so (and the reverse).
#[test]
fn report_phrases_the_asymmetry_from_its_numbers() {
    let t = tmp();
    let dir = tournament(t.path(), "default", None, &["--no-charts"]);
    negsim_report(&dir);
    let md = fs::read_to_string(dir.join("report.md")).expect("report.md");
    let text = paragraph(&md, "asymmetry");
    for want in ["bits", "misled", "associations"] {
        assert!(text.contains(want), "lacks {want:?}: {text}");
    }
    assert!(
        !text.contains("knowing more about the other side wins"),
        "version-1 conclusion: {text}"
    );
    let a = percent_after(&text, "A's share of the surplus was ");
    let b = percent_after(&text, "% in the deals where A learned more and ");
    let (Some(a), Some(b)) = (a, b) else {
        panic!("no comparison of A's share: {text}");
    };
    if text.contains("the side that learned more took the larger part") {
        assert!(a > b, "claims an advantage that its numbers deny: {text}");
    } else if text.contains("learning more did not win a larger part") {
        assert!(a < b, "denies an advantage that its numbers show: {text}");
    } else {
        assert!(text.contains("no clear difference"), "{text}");
    }
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
        text.contains("100.0% of the runs lie within 0.5 bits of symmetric information"),
        "{text}"
    );
    for bad in [
        "learned more took",
        "did not win",
        "where one side learned more",
    ] {
        assert!(!text.contains(bad), "compares who learned more: {text}");
    }
}
