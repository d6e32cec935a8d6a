//! Charts given no data (or only NaNs) draw their title and a centred note instead.

use super::{Render, check_svg, dark, decode, outputs, regions_with_data};
use crate::samples::awkward;
use crate::*;

/// A chart without data: file name, the note it must show, and its renderer.
type Case = (&'static str, &'static str, Render);

/// The charts of a tournament's results folder, each without data.
fn tournament_cases() -> Vec<Case> {
    let t = |s: &str| s.to_string();
    vec![
        (
            "asymmetry",
            "no asymmetry bins",
            Box::new(move |p| {
                render_asymmetry(
                    &AsymmetryData {
                        title: t("Asymmetry"),
                        bins: vec![],
                    },
                    p,
                )
            }),
        ),
        (
            "matrix",
            "no matchups",
            Box::new(move |p| {
                render_matrix(
                    &MatrixData {
                        title: t("Matrix"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "ranking",
            "no strategies",
            Box::new(move |p| {
                render_ranking(
                    &RankingData {
                        title: t("Ranking"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "distribution",
            "no deals in this run",
            Box::new(move |p| {
                render_distribution(
                    &DistributionData {
                        title: t("Distribution"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "information",
            "no information",
            Box::new(move |p| {
                render_information(
                    &InformationData {
                        title: t("Information"),
                        points: vec![],
                    },
                    p,
                )
            }),
        ),
        (
            "trust",
            "no matches",
            Box::new(move |p| {
                render_trust(
                    &TrustData {
                        title: t("Trust"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
    ]
}

/// The trace, sweep, evolution and grid charts without data (or with only NaNs).
fn other_cases() -> Vec<Case> {
    let t = |s: &str| s.to_string();
    vec![
        (
            "trace",
            "no offers",
            Box::new(move |p| {
                render_trace(
                    &TraceData {
                        title: t("Trace"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "sweep",
            "no sweep results",
            Box::new(move |p| {
                render_sweep(
                    &SweepData {
                        title: t("Sweep"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "evolution",
            "no strategies",
            Box::new(move |p| {
                render_evolution(
                    &EvolutionData {
                        title: t("Evolution"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "evolution_nan",
            "no generations",
            Box::new(move |p| {
                render_evolution(
                    &EvolutionData {
                        title: t("Evolution"),
                        subtitle: t("all shares missing"),
                        generations: vec![0.0, 1.0, f64::NAN],
                        strategies: vec![StackSeries {
                            name: t("open"),
                            color_index: 0,
                            shares: vec![f64::NAN, 0.0, 1.0],
                        }],
                    },
                    p,
                )
            }),
        ),
        (
            "grid",
            "no parameter combinations",
            Box::new(move |p| {
                render_grid(
                    &GridData {
                        title: t("Grid"),
                        ..Default::default()
                    },
                    p,
                )
            }),
        ),
        (
            "grid_nan",
            "no results in this sweep",
            Box::new(|p| render_grid(&awkward::grid_all_nan(), p)),
        ),
    ]
}

#[test]
fn empty_inputs_draw_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let cases = tournament_cases().into_iter().chain(other_cases());
    for (name, note, render) in cases {
        render(&d.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (png_path, svg_path) = outputs(d, name);
        let (w, h, rgb) = decode(&png_path);
        assert_eq!((w, h), (WIDTH, HEIGHT));
        check_svg(&svg_path, note);
        assert!(
            dark(&rgb, 500, 420, 1100, 580) > 300,
            "{name}: no centred note"
        );
        assert_eq!(regions_with_data(&rgb), 0, "{name}: unexpected data");
    }
}

#[test]
fn nan_inputs_are_empty_too() {
    // Bins that are all NaN, and boxes with no data, count as no data.
    let nan_bins = AsymmetryData {
        title: "NaN".into(),
        bins: vec![AsymmetryBin {
            center: f64::NAN,
            runs: 0,
            deal_rate_given_zopa: Ci::missing(),
            efficiency: Ci::missing(),
            share_a: Ci::missing(),
        }],
    };
    assert!(
        svg_string(&nan_bins)
            .expect("svg")
            .contains("no asymmetry bins")
    );
    let nan_boxes = DistributionData {
        title: "none".into(),
        y_label: "share".into(),
        boxes: vec![BoxStats {
            name: "open".into(),
            color_index: 0,
            n: 0,
            p05: f64::NAN,
            q1: f64::NAN,
            median: f64::NAN,
            q3: f64::NAN,
            p95: f64::NAN,
            mean: f64::NAN,
        }],
    };
    assert!(
        svg_string(&nan_boxes)
            .expect("svg")
            .contains("no deals in this run")
    );
}
