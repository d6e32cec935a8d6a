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

/// The texts of an SVG file with the `y` attribute of each `<text>` element
/// (pixels from the top), in document order.
fn svg_texts_at(svg: &str) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    for piece in svg.split("<text ").skip(1) {
        let Some(y) = piece
            .split(" y=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse::<f64>().ok())
        else {
            continue;
        };
        let Some(body) = piece.split_once('>').map(|(_, b)| b) else {
            continue;
        };
        let text = body
            .split("</text>")
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        out.push((y, text));
    }
    out
}

/// The number a "51,374"-style text stands for.
fn plain_number(text: &str) -> Option<f64> {
    let t = text.replace(',', "");
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Off the record, A's claimed maximum ("between us, I can't go above X")
/// is drawn at X on the price axis: a line of its label lies within 40 px
/// of where the price ticks put X (markers and labels are ~20 px tall) (it used to sit in a column at the top,
/// e.g. "A: max 52,735" at about 63,000).
#[test]
fn trace_chart_draws_claims_at_their_value() {
    let t = tmp();
    let o = negsim(
        t.path(),
        &[
            "trace", "--a", "probing", "--b", "open", "--run", "0", "--chart", "c.svg",
        ],
    );
    assert_ok(&o, "negsim trace --chart c.svg");
    let claims: Vec<String> = o
        .stdout
        .split("can't go above ")
        .skip(1)
        .filter_map(|r| r.split('"').next().map(str::to_string))
        .collect();
    assert!(
        !claims.is_empty(),
        "no claimed maximum in the transcript:\n{}",
        o.describe()
    );
    let svg = fs::read_to_string(t.path().join("c.svg")).expect("c.svg written");
    let texts = svg_texts_at(&svg);
    // The y-axis ticks: round numbers drawn right-aligned on the left.
    let ticks: Vec<(f64, f64)> = svg
        .split("<text ")
        .skip(1)
        .filter(|p| p.contains("text-anchor=\"end\""))
        .filter_map(|p| {
            let y: f64 = p.split(" y=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let v = plain_number(p.split_once('>')?.1.split("</text>").next()?.trim())?;
            Some((v, y))
        })
        .collect();
    assert!(ticks.len() >= 3, "fewer than 3 price ticks: {ticks:?}");
    let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
    let px = |v: f64| lo.1 + (v - lo.0) * (hi.1 - lo.1) / (hi.0 - lo.0);
    let mut p = Vec::new();
    for claim in &claims {
        let v = plain_number(claim).expect("claim is a number");
        // The label's lines: "A: max 51,374", or "A: max" over "51,374".
        let mut found: Vec<f64> = Vec::new();
        for (i, (y, s)) in texts.iter().enumerate() {
            if s.ends_with(&format!("max {claim}")) {
                found.push(*y);
            } else if s == claim && i > 0 && texts[i - 1].1.ends_with("max") {
                found.push(*y);
                found.push(texts[i - 1].0);
            }
        }
        if found.is_empty() {
            p.push(format!("no label for the claim {claim}"));
        } else if !found.iter().any(|y| (y - px(v)).abs() < 40.0) {
            p.push(format!(
                "claim {claim}: label at y {found:?}, its value is at y {:.0}",
                px(v)
            ));
        }
    }
    assert_no_problems(&p, "claims off the record");
}

/// Guarded declines every question: the picture marks each decline
/// ("B: declines") and lists the marker in the legend.
#[test]
fn trace_chart_marks_declined_questions() {
    let t = tmp();
    let o = negsim(
        t.path(),
        &[
            "trace", "--a", "probing", "--b", "guarded", "--run", "0", "--chart", "d.svg",
        ],
    );
    assert_ok(&o, "negsim trace --chart d.svg");
    let declines = o.stdout.matches("B (guarded) declines").count();
    assert!(
        declines > 0,
        "no decline in the transcript:\n{}",
        o.describe()
    );
    let texts = svg_texts(&t.path().join("d.svg"));
    let drawn = texts.iter().filter(|s| *s == "B: declines").count();
    assert_eq!(drawn, declines, "decline labels; texts: {texts:?}");
    assert!(
        texts.iter().any(|s| s == "declines"),
        "no 'declines' legend entry: {texts:?}"
    );
}

/// A double auction's picture speaks of bids and asks (bidder, asker), not
/// of a buyer and a seller or formal rounds, and has no off-the-record zone
/// when neither side said anything.
#[test]
fn auction_trace_chart_words_and_no_empty_zone() {
    let t = tmp();
    let o = negsim(
        t.path(),
        &[
            "trace",
            "--a",
            "guarded",
            "--b",
            "guarded",
            "--run",
            "0",
            "--chart",
            "a.svg",
            s(&config("disclosure-dilemma.toml")),
        ],
    );
    assert_ok(&o, "negsim trace --chart on disclosure-dilemma.toml");
    assert!(
        !o.stdout.contains("in confidence") && !o.stdout.contains(" asks: "),
        "the test run has talk after all:\n{}",
        o.describe()
    );
    let texts = svg_texts(&t.path().join("a.svg"));
    let all = texts.join(" | ");
    let mut p = Vec::new();
    for bad in [
        "buyer",
        "seller",
        "Formal round",
        "off the record",
        "before round 1",
        "talk 1",
    ] {
        if all.contains(bad) {
            p.push(format!("{bad:?} in the auction chart"));
        }
    }
    for want in [
        "A's bid (guarded)",
        "B's ask (guarded)",
        "bidder",
        "asker",
        "Sealed bids",
    ] {
        if !all.contains(want) {
            p.push(format!("no {want:?} in the auction chart"));
        }
    }
    assert_no_problems(&p, &format!("auction trace chart; texts: {all}"));
}
