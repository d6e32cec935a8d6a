//! Every chart from the realistic samples and from awkward inputs: files written, pixels
//! where the data should be, the labels in the SVG texts.

use super::{Render, colourful, pixel, regions_with_data, render_and_check, svg_texts};
use crate::samples::{self, awkward};
use crate::*;
use std::path::Path;

#[test]
fn every_chart_renders_realistic_samples() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let cases: Vec<(&str, String, Render, usize)> = vec![
        (
            "asymmetry",
            samples::asymmetry().title,
            Box::new(|p| render_asymmetry(&samples::asymmetry(), p)),
            6,
        ),
        (
            "within",
            samples::within().title,
            Box::new(|p| render_within(&samples::within(), p)),
            6,
        ),
        (
            "matrix",
            samples::matrix_surplus().title,
            Box::new(|p| render_matrix(&samples::matrix_surplus(), p)),
            6,
        ),
        (
            "deals",
            samples::matrix_deals().title,
            Box::new(|p| render_matrix(&samples::matrix_deals(), p)),
            6,
        ),
        (
            "ranking",
            samples::ranking().title,
            Box::new(|p| render_ranking(&samples::ranking(), p)),
            5,
        ),
        (
            "distribution",
            samples::distribution().title,
            Box::new(|p| render_distribution(&samples::distribution(), p)),
            4,
        ),
        (
            "information",
            samples::information().title,
            Box::new(|p| render_information(&samples::information(), p)),
            4,
        ),
        (
            "trust",
            samples::trust().title,
            Box::new(|p| render_trust(&samples::trust(), p)),
            6,
        ),
        (
            "trace",
            samples::trace().title,
            Box::new(|p| render_trace(&samples::trace(), p)),
            6,
        ),
        (
            "sweep",
            samples::sweep().title,
            Box::new(|p| render_sweep(&samples::sweep(), p)),
            6,
        ),
        (
            "evolution",
            samples::evolution().title,
            Box::new(|p| render_evolution(&samples::evolution(), p)),
            9,
        ),
        (
            "grid",
            samples::grid().title,
            Box::new(|p| render_grid(&samples::grid(), p)),
            6,
        ),
    ];
    for (name, title, render, min_regions) in cases {
        let rgb = render_and_check(d, name, &title, render);
        let regions = regions_with_data(&rgb);
        assert!(
            regions >= min_regions,
            "{name}: data in only {regions} of 9 regions"
        );
    }
    // Nothing half-written is left behind.
    for entry in std::fs::read_dir(d).expect("read tempdir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(!name.ends_with(".tmp"), "leftover temporary file {name}");
    }
}

#[test]
fn svg_texts_carry_the_labels() {
    let svg = svg_string(&samples::trace()).expect("svg");
    for needle in [
        "off the record",
        "A&apos;s limit (value 52,310)",
        "B&apos;s limit (cost 47,120)",
        "deal at 49,900",
        "Formal round",
    ] {
        assert!(svg.contains(needle), "trace svg lacks {needle}");
    }
    let svg = svg_string(&samples::within()).expect("svg");
    for needle in [
        "guarded / guarded",
        "no variation in asymmetry: nothing to estimate",
        "price units per bit",
    ] {
        assert!(svg.contains(needle), "within svg lacks {needle}");
    }
    // The ranking's subtitle fits whole (it ended "(comp…").
    let svg = svg_string(&samples::ranking()).expect("svg");
    assert!(
        svg.contains("paired differences: comparisons.png") && !svg.contains('\u{2026}'),
        "ranking subtitle cut short"
    );
    let svg = svg_string(&samples::matrix_surplus()).expect("svg");
    assert!(
        svg.contains("4,812") || svg.contains("5,395"),
        "thousands separators in cells"
    );
    let svg = svg_string(&samples::matrix_deals()).expect("svg");
    assert!(svg.contains("94%"));
    let svg = svg_string(&samples::information()).expect("svg");
    assert!(svg.contains("balanced") && svg.contains("extracts") && svg.contains("leaks"));
    assert!(
        svg.contains("stroke-dasharray") || svg.matches("<polyline").count() > 20,
        "dashed diagonal"
    );
}

#[test]
fn awkward_inputs_render_without_panicking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    render_matrix(&awkward::matrix(), &d.join("m")).expect("matrix");
    render_matrix(&awkward::matrix_single(), &d.join("m1")).expect("matrix 1x1");
    render_ranking(&awkward::ranking(), &d.join("r")).expect("ranking");
    render_distribution(&awkward::distribution(), &d.join("b")).expect("boxes");
    render_asymmetry(&awkward::asymmetry_single(), &d.join("a")).expect("asymmetry");
    render_information(&awkward::information(), &d.join("i")).expect("information");
    render_trust(&awkward::trust(), &d.join("t")).expect("trust");
    render_trace(&awkward::trace(), &d.join("tr")).expect("trace");
    render_sweep(&awkward::sweep(), &d.join("s")).expect("sweep");
    render_trust(&samples::trust_all_pairings(), &d.join("t16")).expect("16 pairings");
    render_evolution(&awkward::evolution(), &d.join("e")).expect("evolution");
    render_evolution(&awkward::evolution_single(), &d.join("e1")).expect("one generation");
    render_grid(&awkward::grid(), &d.join("g")).expect("grid");
    render_grid(&awkward::grid_single(), &d.join("g1")).expect("grid 1x1");
    // Huge shares, a strategy with no shares at all, and ragged grid rows.
    let mut wild = samples::evolution();
    wild.strategies[0].shares[10] = 1e308;
    wild.strategies[1].shares[10] = 1e308;
    wild.strategies[2].shares.clear();
    wild.generations[20] = f64::INFINITY;
    render_evolution(&wild, &d.join("wild_evolution")).expect("wild evolution");
    let mut wild = samples::grid();
    wild.values[0].clear();
    wild.values[1][2] = f64::INFINITY;
    wild.values.truncate(3);
    render_grid(&wild, &d.join("wild_grid")).expect("wild grid");
    // Infinite and huge values are skipped or clamped, never a panic.
    let mut wild = samples::trace();
    wild.a_offers.push((f64::INFINITY, 1.0));
    wild.b_offers.push((3.0, f64::NEG_INFINITY));
    wild.a_limit = 1e300;
    wild.events.push(TraceEvent {
        x: -1e9,
        y: Some(f64::NAN),
        side: 'B',
        kind: EventKind::Leak,
        label: "far away".into(),
    });
    render_trace(&wild, &d.join("wild")).expect("wild trace");
    let mut wild = samples::information();
    wild.points[0].bits_given = 1e12;
    render_information(&wild, &d.join("wild_info")).expect("wild info");
    let long = RankingData {
        title: "x".repeat(400),
        y_label: "y".repeat(300),
        entries: vec![RankingEntry {
            name: "n".repeat(200),
            color_index: 99,
            surplus: Ci::new(1.0, 0.5, 1.5),
            deal_rate: 2.0,
        }],
    };
    render_ranking(&long, &d.join("long")).expect("long texts");
}

#[test]
fn evolution_shows_names_and_a_full_stack() {
    let data = samples::evolution();
    let svg = svg_string(&data).expect("svg");
    for name in samples::STRATEGIES {
        assert!(svg.contains(name), "evolution svg lacks {name}");
    }
    for needle in [
        "Generation",
        "Share of the population",
        "100%",
        "300",
        &data.subtitle,
    ] {
        assert!(svg.contains(needle), "evolution svg lacks {needle}");
    }
    // The bands fill the plot from 0% to 100%: no white gap between the axis frame edges.
    let rgb = rgb_pixels(&data).expect("png");
    for y in [230, 400, 600, 850] {
        let column: Vec<u32> = (200..1500)
            .step_by(50)
            .filter(|&x| {
                let (r, g, b) = pixel(&rgb, x, y);
                r > 245 && g > 245 && b > 245
            })
            .collect();
        assert!(column.is_empty(), "white at y {y}, x {column:?}");
    }
    // Bottom band is the first strategy's colour, the taken-over top right the third's.
    let c = |i: usize| {
        let s = strategy_color(i);
        (s.0, s.1, s.2)
    };
    assert_eq!(pixel(&rgb, 1500, 880), c(0));
    assert_eq!(pixel(&rgb, 1500, 400), c(2));
}

#[test]
fn a_single_generation_is_one_column() {
    let rgb = rgb_pixels(&awkward::evolution_single()).expect("png");
    // Data in the middle third of the plot, none near its left and right edges.
    assert!(colourful(&rgb, 700, 250, 900, 850) > 10_000);
    assert_eq!(colourful(&rgb, 160, 250, 450, 850), 0);
    assert_eq!(colourful(&rgb, 1200, 250, 1500, 850), 0);
    let svg = svg_string(&awkward::evolution_single()).expect("svg");
    let texts = svg_texts(&svg);
    // Each name in the legend and inside its band; one tick, at generation 0.
    assert_eq!(texts.iter().filter(|t| *t == "mirroring").count(), 2);
    assert!(texts.iter().any(|t| t == "0") && !texts.iter().any(|t| t == "1"));
}

#[test]
fn grid_writes_values_and_parameter_names() {
    let data = samples::grid();
    let svg = svg_string(&data).expect("svg");
    for needle in [
        "Noise in confided values (prior SDs)",
        "Off-the-record exchange rounds",
        "Deal rate",
        "0.75",
    ] {
        assert!(svg.contains(needle), "grid svg lacks {needle}");
    }
    let texts = svg_texts(&svg);
    assert!(
        (0..6).all(|c| texts.contains(&c.to_string())),
        "column names"
    );
    assert!(
        svg.matches('%').count() >= 30,
        "every cell carries a percentage"
    );
    // Dense columns: every other parameter value is written, none is shortened.
    let svg = svg_string(&awkward::grid()).expect("svg");
    let texts = svg_texts(&svg);
    let has = |t: &str| texts.iter().any(|x| x == t);
    assert!(has("0") && has("2000") && has("24000"));
    assert!(!has("1000") && !has("23000"));
    assert!(svg.contains("n/a"));
}

#[test]
fn bad_output_path_is_an_error_naming_the_file() {
    let err = render_ranking(
        &samples::ranking(),
        Path::new("/nonexistent-chart-dir/sub/ranking"),
    )
    .expect_err("cannot write there");
    assert!(
        err.to_string()
            .contains("/nonexistent-chart-dir/sub/ranking.png"),
        "{err}"
    );
}

#[test]
fn rerendering_replaces_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("chart.old");
    render_ranking(&samples::ranking(), &base).expect("first");
    let first = std::fs::read(dir.path().join("chart.svg")).expect("svg");
    let mut other = samples::ranking();
    other.title = "Another title".into();
    render_ranking(&other, &base).expect("second");
    let second = std::fs::read_to_string(dir.path().join("chart.svg")).expect("svg");
    assert_ne!(first, second.as_bytes());
    assert!(second.contains("Another title"));
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 2);
}

/// Each off-the-record round's column is named under the axis ("talk 1" ...), so that a
/// class can tell the rounds of talk apart; with too many rounds for the words, the numbers.
#[test]
fn the_talk_columns_are_named() {
    let svg = svg_string(&samples::trace()).expect("svg");
    let texts = svg_texts(&svg);
    for name in ["talk 1", "talk 2", "talk 3"] {
        assert!(texts.iter().any(|t| t == name), "no {name:?} in {texts:?}");
    }
    assert!(!texts.iter().any(|t| t == "before round 1"), "{texts:?}");
    // Two formal rounds, so that the x ticks are 1 and 2 only.
    let mut many = samples::trace();
    many.a_offers.truncate(2);
    many.b_offers.truncate(2);
    many.a_belief.retain(|b| b.0 <= 2.0);
    many.b_belief.retain(|b| b.0 <= 2.0);
    many.events.retain(|e| e.x <= 0.5);
    many.deal = Some((2.0, 50_000.0));
    many.exchange_rounds = 12;
    for (k, e) in many.events.iter_mut().enumerate() {
        if e.x <= 0.5 {
            e.x = -((k % 12) as f64);
        }
    }
    let texts = svg_texts(&svg_string(&many).expect("svg"));
    assert!(
        texts.iter().any(|t| t == "12") && !texts.iter().any(|t| t == "talk 12"),
        "{texts:?}"
    );
}

/// The centres of the plus markers ("no deal", a walk-away) of an SVG: a horizontal and a
/// vertical two-point arm that cross at their middles.
fn plus_centres(svg: &str) -> Vec<(f64, f64)> {
    let arms: Vec<[f64; 4]> = svg
        .split("<polyline")
        .skip(1)
        .filter_map(|p| {
            let pts = p.split("points=\"").nth(1)?.split('"').next()?;
            let v: Vec<f64> = pts
                .split([' ', ','])
                .filter(|t| !t.is_empty())
                .map(|t| t.parse().ok())
                .collect::<Option<_>>()?;
            (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
        })
        .collect();
    let mid = |a: &[f64; 4]| ((a[0] + a[2]) / 2.0, (a[1] + a[3]) / 2.0);
    let short = |a: &[f64; 4]| (a[0] - a[2]).abs() + (a[1] - a[3]).abs() < 60.0;
    arms.iter()
        .filter(|a| a[1] == a[3] && a[0] != a[2] && short(a))
        .filter(|h| {
            arms.iter().any(|v| {
                v[0] == v[2] && v[1] != v[3] && short(v) && {
                    let (m, n) = (mid(h), mid(v));
                    (m.0 - n.0).abs() < 1.0 && (m.1 - n.1).abs() < 1.0
                }
            })
        })
        .map(mid)
        .collect()
}

/// The white halo boxes drawn under labels, with the label's text: (x0, y0, x1, y1, text).
fn label_boxes(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    let attr = |s: &str, name: &str| -> Option<f64> {
        s.split(&format!(" {name}=\""))
            .nth(1)?
            .split('"')
            .next()?
            .parse()
            .ok()
    };
    svg.split("<rect")
        .skip(1)
        .filter_map(|r| {
            let (rect, after) = r.split_once("/>")?;
            let text = after.trim_start().strip_prefix("<text")?;
            let body = text.split_once('>')?.1.split("</text>").next()?.trim();
            let (x, y) = (attr(rect, "x")?, attr(rect, "y")?);
            let (w, h) = (attr(rect, "width")?, attr(rect, "height")?);
            Some((x, y, x + w, y + h, body.to_string()))
        })
        .collect()
}

/// A limit line's label is placed before the formal rounds' event markers are drawn; it
/// must keep off them: here "no deal" sits just over A's limit line at the right end, where
/// that label would go first (it was drawn under the marker).
#[test]
fn limit_labels_keep_off_the_no_deal_marker() {
    // A offers low, B high, neither near the marker (so that they do not keep the label
    // away themselves); "no deal" between the last two offers (49,500); A's limit line,
    // the higher of the two, about 15 px under it: its label goes above the line first.
    let a_offers: Vec<(f64, f64)> = (0..10)
        .map(|k| (f64::from(2 * k + 1), 42_000.0 + 222.0 * f64::from(k)))
        .collect();
    let b_offers: Vec<(f64, f64)> = (1..=10)
        .map(|k| (f64::from(2 * k), 58_000.0 - 333.0 * f64::from(k)))
        .collect();
    let mid = (a_offers[9].1 + b_offers[9].1) / 2.0;
    let d = TraceData {
        title: "No deal".into(),
        a_name: "guarded".into(),
        b_name: "probing".into(),
        a_color: 1,
        b_color: 3,
        a_role: "buyer".into(),
        b_role: "seller".into(),
        a_offers,
        b_offers,
        a_limit: mid - 450.0,
        b_limit: 45_000.0,
        events: vec![TraceEvent {
            x: 20.0,
            y: None,
            side: ' ',
            kind: EventKind::NoDeal,
            label: "no deal".into(),
        }],
        ..Default::default()
    };
    let svg = svg_string(&d).expect("svg");
    // Each marker's arms are drawn twice (white outline, then colour); the legend's
    // "no deal" comes first.
    let mut plus = plus_centres(&svg);
    plus.dedup();
    assert_eq!(
        plus.len(),
        2,
        "the legend's and the chart's no-deal marker: {plus:?}"
    );
    let (px, py) = plus[1];
    let boxes = label_boxes(&svg);
    assert!(
        boxes.iter().any(|b| b.4.contains("A&apos;s limit")),
        "no label box for A's limit: {boxes:?}"
    );
    // The marker's own label sits beside it; the canvas's white background is no label.
    let labels = boxes
        .iter()
        .filter(|b| b.4 != "no deal" && b.2 - b.0 < 1000.0);
    for (x0, y0, x1, y1, text) in labels {
        let covers = px > x0 - 8.0 && px < x1 + 8.0 && py > y0 - 8.0 && py < y1 + 8.0;
        assert!(
            !covers,
            "label {text:?} ({x0}, {y0})-({x1}, {y1}) covers the marker at ({px}, {py})"
        );
    }
}
