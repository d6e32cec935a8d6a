//! `negsim trace --chart`: the picture of one negotiation as PNG or SVG,
//! walk-aways and claimed limits on it, utilities in `multi_issue`.

use std::fs;

use super::check::png_problems;
use crate::helpers::svg::{parse_svg, svg_problems};
use crate::helpers::{
    assert_no_problems, assert_ok, assert_user_error, col, config, entries, negsim, read_csv, s,
    tmp,
};

/// `trace --chart X.png`: the picture of one negotiation.
#[test]
fn trace_chart_png() {
    let t = tmp();
    let o = negsim(
        t.path(),
        &[
            "trace", "--a", "probing", "--b", "open", "--chart", "one.png",
        ],
    );
    assert_ok(&o, "negsim trace --chart one.png");
    assert!(
        o.stdout.contains("probing"),
        "trace --chart printed no transcript:\n{}",
        o.describe()
    );
    assert_no_problems(&png_problems(&t.path().join("one.png"), true), "trace PNG");
}

/// `trace --chart X.svg`: well-formed, titled "One negotiation".
#[test]
fn trace_chart_svg() {
    let t = tmp();
    let o = negsim(
        t.path(),
        &[
            "trace", "--a", "probing", "--b", "open", "--run", "3", "--chart", "one.svg",
        ],
    );
    assert_ok(&o, "negsim trace --chart one.svg");
    let text = fs::read_to_string(t.path().join("one.svg")).expect("one.svg written");
    assert_no_problems(
        &svg_problems(
            &text,
            "one.svg",
            "One negotiation: probing (A) vs open (B), run 3",
            20,
        ),
        "trace SVG",
    );
}

/// `trace --chart X.jpg`: exit 2, naming the formats; nothing written.
#[test]
fn trace_chart_rejects_other_formats() {
    let t = tmp();
    for file in ["one.jpg", "one"] {
        let o = negsim(
            t.path(),
            &["trace", "--a", "probing", "--b", "open", "--chart", file],
        );
        assert_user_error(
            &o,
            &[file, ".png", ".svg"],
            &format!("trace --chart {file}"),
        );
    }
    assert!(
        entries(t.path()).is_empty(),
        "trace with a bad --chart wrote {:?}",
        entries(t.path())
    );
}

/// The text elements of an SVG file.
fn svg_texts(path: &std::path::Path) -> Vec<String> {
    let text = fs::read_to_string(path).expect("SVG written");
    parse_svg(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .texts
}

/// The picture of a run in which a side walks away shows who walked away
/// (its marker, label and the subtitle), and the bluffer's claimed limit;
/// the run is found in runs.csv.
#[test]
fn trace_chart_shows_a_walk_away_and_a_claimed_limit() {
    let t = tmp();
    let o = negsim(
        t.path(),
        &["run", "--runs", "300", "--per-run", "--out", "r", "-q"],
    );
    assert_ok(&o, "negsim run --per-run");
    let (h, rows) = read_csv(&t.path().join("r/runs.csv"));
    let c = |n: &str| col(&h, n, "runs.csv");
    let row = rows
        .iter()
        .find(|r| {
            r[c("strategy_a")] == "probing"
                && r[c("strategy_b")] == "open"
                && !r[c("walk_away")].is_empty()
        })
        .expect("no probing vs open run with a walk-away in 300 runs");
    let side = &row[c("walk_away")];
    let o = negsim(
        t.path(),
        &[
            "trace",
            "--a",
            "probing",
            "--b",
            "open",
            "--run",
            &row[c("run")],
            "--chart",
            "w.svg",
        ],
    );
    assert_ok(&o, "negsim trace --chart w.svg");
    let texts = svg_texts(&t.path().join("w.svg"));
    let all = texts.join(" | ");
    let mut p = Vec::new();
    for want in [
        format!("{side}: walks away"),
        format!("no deal: {side} walked away"),
        "A's claimed limit".to_string(),
        "(a bluff)".to_string(),
    ] {
        if !all.contains(&want) {
            p.push(format!("no text {want:?}"));
        }
    }
    if texts.iter().any(|t| t == "no deal") {
        p.push("a walk-away drawn as a plain \"no deal\"".into());
    }
    assert_no_problems(&p, &format!("trace chart of a walk-away; texts: {all}"));
}

/// In multi_issue the picture writes utilities with two decimals (not
/// "deal at 1" or "A's limit (value 0)") and names no buyer or seller.
#[test]
fn multi_issue_trace_chart_writes_utilities() {
    let t = tmp();
    let mut p = Vec::new();
    for run in ["0", "1", "2"] {
        let file = format!("m{run}.svg");
        let o = negsim(
            t.path(),
            &[
                "trace",
                "--a",
                "probing",
                "--b",
                "mirroring",
                "--run",
                run,
                "--chart",
                &file,
                s(&config("integrative.toml")),
            ],
        );
        assert_ok(&o, "negsim trace --chart on integrative.toml");
        let texts = svg_texts(&t.path().join(&file));
        let all = texts.join(" | ");
        if !all.contains("A's alternative (utility 0.") {
            p.push(format!(
                "run {run}: A's alternative is not written as a utility: {all}"
            ));
        }
        for bad in ["(value ", "buyer", "seller"] {
            if all.contains(bad) {
                p.push(format!("run {run}: {bad:?} in a multi-issue chart: {all}"));
            }
        }
        let two_decimals =
            |v: &str| v.len() >= 4 && v.as_bytes()[v.len() - 3] == b'.' && v.parse::<f64>().is_ok();
        for text in &texts {
            for (i, _) in text.match_indices("deal at ") {
                let v: String = text[i + 8..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                if !two_decimals(&v) {
                    p.push(format!("run {run}: {text:?} does not give the utility"));
                }
            }
        }
    }
    assert_no_problems(&p, "multi-issue trace charts");
}
