//! Issue 9, charts keep annotations clear of data: the information chart
//! draws every point exactly where its data put it (coincident points share
//! a spot as rings, nothing is nudged) and names the diagonal in the legend;
//! the trust chart is small multiples, one titled panel pair per side-A
//! strategy with correct axis labels.

use super::tournament;
use crate::helpers::{col, config, read_csv, tmp};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// (bits given, bits learned) per ordered pairing, as src/output/figures/information.rs
/// computes them from summary.csv (both sides averaged).
fn information_points(dir: &Path) -> Vec<(f64, f64)> {
    let (h, rows) = read_csv(&dir.join("summary.csv"));
    let c = |n: &str| col(&h, n, "summary.csv");
    let (sa, sb) = (c("strategy_a"), c("strategy_b"));
    let (ga, gb) = (c("bits_given_a_mean"), c("bits_given_b_mean"));
    let (la, lb) = (c("info_bits_a_mean"), c("info_bits_b_mean"));
    let num = |r: &Vec<String>, i: usize| r[i].parse::<f64>().expect("number in summary.csv");
    let mut out = Vec::new();
    for ra in &rows {
        let rb = rows
            .iter()
            .find(|r| r[sa] == ra[sb] && r[sb] == ra[sa])
            .expect("summary.csv holds both orders of every pairing");
        out.push((
            0.5 * (num(ra, ga) + num(rb, gb)),
            0.5 * (num(ra, la) + num(rb, lb)),
        ));
    }
    out
}

/// Centres of the coloured (non-white) circles of radius at least `min_r` in `svg`.
fn coloured_circles(svg: &str, min_r: f64) -> Vec<(f64, f64)> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.has_tag_name("circle"))
        .filter(|n| n.attribute("fill").is_some_and(|f| f != "#FFFFFF"))
        .filter(|n| n.attribute("r").and_then(|r| r.parse::<f64>().ok()) >= Some(min_r))
        .map(|n| {
            let a = |k: &str| n.attribute(k).and_then(|v| v.parse::<f64>().ok()).unwrap();
            (a("cx"), a("cy"))
        })
        .collect()
}

/// x of the `<text>` elements whose text is `want`.
fn text_xs(svg: &str, want: &str) -> Vec<f64> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| {
            let t: String = n
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect();
            t.trim() == want
        })
        .filter_map(|n| n.attribute("x").and_then(|x| x.parse().ok()))
        .collect()
}

#[test]
fn information_chart_draws_every_point_at_its_data_and_names_the_diagonal_in_the_legend() {
    let t = tmp();
    let dir = tournament(t.path(), "info", None, &[]);
    let data = information_points(&dir);
    assert_eq!(data.len(), 16, "4 strategies: 16 ordered pairings");
    let svg = fs::read_to_string(dir.join("charts/information.svg")).expect("information.svg");
    // Data markers have a radius of 10 px (9 px coloured inside a white edge), rings more;
    // the legend's markers are smaller.
    let circles = coloured_circles(&svg, 9.0);
    assert_eq!(
        circles.len(),
        data.len(),
        "one marker (or ring) per pairing: {circles:?}"
    );
    // The pixel position is an affine map of the data: fit it on the extremes...
    let ext = |v: &[f64]| {
        (
            v.iter().copied().fold(f64::INFINITY, f64::min),
            v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
    };
    let (gx0, gx1) = ext(&data.iter().map(|p| p.0).collect::<Vec<_>>());
    let (ly0, ly1) = ext(&data.iter().map(|p| p.1).collect::<Vec<_>>());
    let (cx0, cx1) = ext(&circles.iter().map(|p| p.0).collect::<Vec<_>>());
    let (cy0, cy1) = ext(&circles.iter().map(|p| p.1).collect::<Vec<_>>());
    let px = |g: f64| cx0 + (g - gx0) / (gx1 - gx0) * (cx1 - cx0);
    // (screen y grows downwards: the most learned is the topmost)
    let py = |l: f64| cy1 - (l - ly0) / (ly1 - ly0) * (cy1 - cy0);
    // ...and both axes share one scale (the chart is square, y = x at 45 degrees).
    let sx = (cx1 - cx0) / (gx1 - gx0);
    let sy = (cy1 - cy0) / (ly1 - ly0);
    assert!((sx - sy).abs() < 0.02 * sx, "px per bit: x {sx}, y {sy}");
    // ...then every marker sits on a data point and every data point has its marker.
    let near = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).hypot(a.1 - b.1) <= 1.5;
    let expected: Vec<(f64, f64)> = data.iter().map(|&(g, l)| (px(g), py(l))).collect();
    for c in &circles {
        assert!(
            expected.iter().any(|e| near(*c, *e)),
            "a marker at {c:?} is at no data point: {expected:?}"
        );
    }
    for (e, d) in expected.iter().zip(&data) {
        assert!(
            circles.iter().any(|c| near(*c, *e)),
            "no marker at {e:?} for data {d:?}: {circles:?}"
        );
    }
    // The diagonal is named once, in the legend column (right of every point).
    let balanced = text_xs(&svg, "balanced (y = x)");
    let header = text_xs(&svg, "Focal strategy");
    assert_eq!(balanced.len(), 1, "one 'balanced (y = x)' label");
    assert_eq!(header.len(), 1, "one legend header");
    assert!(
        balanced[0] >= header[0] && balanced[0] > cx1 + 20.0,
        "'balanced (y = x)' at x {} is not in the legend (header at {}, points up to {cx1})",
        balanced[0],
        header[0]
    );
}

#[test]
fn trust_chart_has_one_titled_panel_pair_per_side_a_strategy() {
    let t = tmp();
    let dir = tournament(t.path(), "rep", Some(&config("repeated.toml")), &[]);
    let (h, rows) = read_csv(&dir.join("match_trace.csv"));
    let (a, b) = (
        col(&h, "strategy_a", "match_trace.csv"),
        col(&h, "strategy_b", "match_trace.csv"),
    );
    let sides_a: BTreeSet<&str> = rows.iter().map(|r| r[a].as_str()).collect();
    let sides_b: BTreeSet<&str> = rows.iter().map(|r| r[b].as_str()).collect();
    assert_eq!(sides_a.len(), 4, "repeated.toml: 4 strategies");
    let svg = fs::read_to_string(dir.join("charts/trust.svg")).expect("trust.svg");
    let mut titles = Vec::new();
    for s in &sides_a {
        let xs = text_xs(&svg, &format!("A = {s}"));
        assert_eq!(xs.len(), 1, "one panel titled 'A = {s}'");
        titles.push(xs[0]);
    }
    // The panels sit side by side, at distinct places.
    titles.sort_by(f64::total_cmp);
    assert!(
        titles.windows(2).all(|w| w[1] - w[0] > 200.0),
        "panel titles at x {titles:?}"
    );
    for s in &sides_b {
        assert_eq!(
            text_xs(&svg, &format!("B = {s}")).len(),
            1,
            "legend entry 'B = {s}'"
        );
    }
    // Each column has its own run axis; the y labels name what is shown, once per row.
    assert_eq!(text_xs(&svg, "Run within the match").len(), sides_a.len());
    assert_eq!(text_xs(&svg, "A's trust in B").len(), 1);
    assert_eq!(text_xs(&svg, "A's disclosures per run").len(), 1);
    assert!(
        text_xs(&svg, "Confidences per run").is_empty(),
        "the old, wrong label is gone"
    );
}

/// Every column of the trust chart has the same run ticks, every trust
/// panel the same trust ticks and every disclosure panel the same
/// disclosure ticks (the first column had runs 10, 20 where the others had
/// 5, 10, 15, 20: its frames are narrower by the y axis labels).
#[test]
fn trust_chart_panels_share_their_ticks() {
    let t = tmp();
    let dir = tournament(t.path(), "rep", Some(&config("repeated.toml")), &[]);
    let svg = fs::read_to_string(dir.join("charts/trust.svg")).expect("trust.svg");
    let (xs, ys) = crate::helpers::svg::tick_runs(&svg);
    // Run ticks under the disclosure panel of each of the four columns; y
    // ticks of the trust panel, then of the disclosure panel, per column.
    assert_eq!((xs.len(), ys.len()), (4, 8), "x {xs:?}, y {ys:?}");
    assert!(xs[0].len() >= 2, "{xs:?}");
    for (i, x) in xs.iter().enumerate() {
        assert_eq!(x, &xs[0], "run ticks of column {i} and of column 0");
    }
    for (i, y) in ys.iter().enumerate() {
        assert_eq!(y, &ys[i % 2], "y ticks of panel {i} and of panel {}", i % 2);
    }
    assert_ne!(ys[0], ys[1], "trust and disclosures have their own scales");
}
