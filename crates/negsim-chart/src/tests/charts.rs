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
    let mut many = samples::trace();
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
