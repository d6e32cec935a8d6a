//! `negsim trace --chart`: the picture of one negotiation as PNG or SVG.

use std::fs;

use super::check::png_problems;
use crate::helpers::svg::svg_problems;
use crate::helpers::{assert_no_problems, assert_ok, assert_user_error, entries, negsim, tmp};

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
