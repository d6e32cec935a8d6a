//! Edge-case inputs (long names, many strategies, NaNs, negative values, single points,
//! all-equal values, missing parts) that every renderer must draw without panicking.

use crate::data::*;

const LONG: [&str; 9] = [
    "open",
    "guarded",
    "mirroring",
    "probing",
    "tit-for-tat-with-forgiveness",
    "bluffer",
    "a_really_long_user_defined_strategy_name",
    "x",
    "cautious mirror",
];

fn names() -> Vec<String> {
    LONG.iter().map(|s| s.to_string()).collect()
}

/// 9 strategies, both signs (diverging scale), NaN cells and a short row.
pub fn matrix() -> MatrixData {
    let mut values: Vec<Vec<f64>> = (0..9)
        .map(|r| {
            (0..9)
                .map(|c| (r as f64 - 4.0) * 1_250.0 + (c as f64) * 317.0)
                .collect()
        })
        .collect();
    values[2][3] = f64::NAN;
    values[8].truncate(5);
    MatrixData {
        title: "Mean surplus by matchup with a very long title that needs to be wrapped or shortened somehow".into(),
        row_label: "Strategy (side A)".into(),
        col_label: "Opponent (side B)".into(),
        value_label: "Mean surplus (money units)".into(),
        names: names(),
        values,
        percent: false,
        min_span: 0.0,
    }
}

/// A 1x1 matrix whose single value is 0.
pub fn matrix_single() -> MatrixData {
    MatrixData {
        title: "One strategy".into(),
        row_label: String::new(),
        col_label: String::new(),
        value_label: "Deal rate".into(),
        names: vec!["open".into()],
        values: vec![vec![0.0]],
        percent: true,
        min_span: 0.0,
    }
}

/// Nine entries with a negative mean, a NaN interval and a NaN mean.
pub fn ranking() -> RankingData {
    RankingData {
        title: "Ranking with awkward entries".into(),
        y_label: "Mean surplus (money units)".into(),
        entries: (0..9)
            .map(|i| {
                let m = 4_000.0 - 900.0 * i as f64;
                RankingEntry {
                    name: LONG[i].into(),
                    color_index: i,
                    surplus: match i {
                        3 => Ci::new(m, f64::NAN, f64::NAN),
                        7 => Ci::missing(),
                        _ => Ci::new(m, m - 400.0, m + 400.0),
                    },
                    deal_rate: if i == 2 {
                        f64::NAN
                    } else {
                        0.9 - 0.08 * i as f64
                    },
                }
            })
            .collect(),
    }
}

/// One ordinary box, one with n = 0, one all-equal and one outside [0, 1].
pub fn distribution() -> DistributionData {
    let b = |name: &str, i: usize, n: u64, v: [f64; 6]| BoxStats {
        name: name.into(),
        color_index: i,
        n,
        p05: v[0],
        q1: v[1],
        median: v[2],
        q3: v[3],
        p95: v[4],
        mean: v[5],
    };
    DistributionData {
        title: "Awkward distributions".into(),
        y_label: "Share of joint surplus".into(),
        boxes: vec![
            b("open", 0, 120, [0.2, 0.3, 0.4, 0.5, 0.6, 0.41]),
            b("guarded", 1, 0, [f64::NAN; 6]),
            b("mirroring", 2, 40, [0.5; 6]),
            b(LONG[6], 6, 10, [-0.1, 0.2, 0.5, 0.9, 1.2, f64::NAN]),
        ],
    }
}

/// A single bin with all-equal values.
pub fn asymmetry_single() -> AsymmetryData {
    AsymmetryData {
        title: "A single bin".into(),
        bins: vec![AsymmetryBin {
            center: 0.0,
            runs: 12,
            deal_rate_given_zopa: Ci::new(0.5, 0.5, 0.5),
            efficiency: Ci::missing(),
            share_a: Ci::new(0.5, 0.4, 0.6),
        }],
    }
}

/// Several points on top of each other, some at zero, one NaN.
pub fn information() -> InformationData {
    let p = |f: &str, i: usize, o: &str, g: f64, l: f64| InfoPoint {
        focal: f.into(),
        focal_color: i,
        opponent: o.into(),
        bits_given: g,
        bits_learned: l,
    };
    InformationData {
        title: "Information with coincident points".into(),
        points: vec![
            p("open", 0, "open", 0.0, 0.0),
            p("open", 0, "guarded", 0.0, 0.0),
            p("guarded", 1, "open", 0.0, 0.0),
            p("guarded", 1, "guarded", 0.0, 0.0),
            p("mirroring", 2, LONG[6], 0.0, 0.0),
            p("probing", 3, "open", f64::NAN, 1.0),
        ],
    }
}

/// One run per match (single points) and an empty disclosure panel.
pub fn trust() -> TrustData {
    TrustData {
        title: "Trust after a single run".into(),
        trust: vec![
            Series {
                label: "open vs open".into(),
                color_index: 0,
                dashed: false,
                points: vec![(1.0, 0.5)],
            },
            Series {
                label: "open vs probing".into(),
                color_index: 0,
                dashed: true,
                points: vec![(1.0, 0.52)],
            },
        ],
        disclosure: vec![],
    }
}

/// No deal, no exchanges, NaN limit, non-finite claimed limits, an event with an unknown
/// side and a walk-away.
pub fn trace() -> TraceData {
    TraceData {
        title: "A negotiation without a deal".into(),
        y_label: "Price (money units)".into(),
        a_name: "open".into(),
        a_color: 0,
        b_name: "guarded".into(),
        b_color: 1,
        a_offers: (1..=5)
            .map(|r| (r as f64, 40_000.0 + 500.0 * r as f64))
            .collect(),
        b_offers: (1..=5)
            .map(|r| (r as f64, 60_000.0 - 400.0 * r as f64))
            .collect(),
        a_limit: 50_000.0,
        b_limit: f64::NAN,
        a_belief: vec![],
        b_belief: vec![],
        events: vec![
            TraceEvent {
                x: 3.0,
                y: None,
                side: '?',
                kind: EventKind::NoDeal,
                label: String::new(),
            },
            TraceEvent {
                x: 5.0,
                y: None,
                side: 'B',
                kind: EventKind::WalkAway,
                label: String::new(),
            },
        ],
        exchange_rounds: 0,
        deal: None,
        a_claimed: Some(f64::NAN),
        b_claimed: Some(f64::INFINITY),
        ..Default::default()
    }
}

/// Four panels (2x2), one of them empty, a single series (so no legend).
pub fn sweep() -> SweepData {
    let series = |k: f64| {
        vec![BandSeries {
            label: "open".into(),
            color_index: 0,
            points: (0..5)
                .map(|i| {
                    (
                        i as f64,
                        Ci::new(k * i as f64, k * i as f64 - 0.1, k * i as f64 + 0.1),
                    )
                })
                .collect(),
        }]
    };
    SweepData {
        title: "Four metrics".into(),
        x_label: "Rounds of cheap talk".into(),
        x_integer: true,
        panels: vec![
            Panel {
                y_label: "Deal rate".into(),
                series: series(0.1),
            },
            Panel {
                y_label: "Efficiency".into(),
                series: series(0.0),
            },
            Panel {
                y_label: "Nothing here".into(),
                series: vec![],
            },
            Panel {
                y_label: "Share".into(),
                series: series(-0.05),
            },
        ],
    }
}

/// Nine strategies with long names (legend column), unsorted generations, NaN shares,
/// a NaN generation, a generation with no shares, shares that do not sum to 1, a short
/// share list and a strategy that never appears.
pub fn evolution() -> EvolutionData {
    let generations: Vec<f64> = vec![5.0, 0.0, 1.0, f64::NAN, 2.0, 3.0, 4.0, 6.0];
    let strategies = (0..9)
        .map(|i| StackSeries {
            name: LONG[i].into(),
            color_index: i,
            shares: match i {
                0 => vec![0.1, 4.0, 3.0, 1.0, f64::NAN, 1.0, 0.5, 0.2],
                1 => vec![0.2, 1.0, 1.0, 1.0, f64::NAN, 1.0, 1.0],
                2 => vec![2.0, 0.0, 0.5, 1.0, f64::NAN, 1.5, f64::INFINITY, 3.0],
                5 => vec![0.0; 8],
                6 => vec![-1.0, 0.5, 0.5, 1.0, f64::NAN, 0.5, 0.5, 0.5],
                _ => vec![0.3; 8],
            },
        })
        .collect();
    EvolutionData {
        title: "Awkward evolution with a rather long title that may need two lines to fit".into(),
        subtitle: String::new(),
        generations,
        strategies,
    }
}

/// A single generation whose shares sum to 0.8.
pub fn evolution_single() -> EvolutionData {
    EvolutionData {
        title: "One generation".into(),
        subtitle: "shares 0.5, 0.2 and 0.1".into(),
        generations: vec![0.0],
        strategies: (0..3)
            .map(|i| StackSeries {
                name: super::STRATEGIES[i].into(),
                color_index: i,
                shares: vec![[0.5, 0.2, 0.1][i]],
            })
            .collect(),
    }
}

/// A 12x25 grid (labels thinned), values of both signs, NaN cells, a short row and long
/// labels.
pub fn grid() -> GridData {
    let mut values: Vec<Vec<f64>> = (0..12)
        .map(|r| {
            (0..25)
                .map(|c| (r as f64 - 5.0) * 410.0 + (c as f64 - 12.0) * 97.0)
                .collect()
        })
        .collect();
    values[3][7] = f64::NAN;
    values[11].truncate(10);
    GridData {
        title: "Mean surplus over a fine sweep".into(),
        row_label: "Probability that a confided value is leaked to the other side".into(),
        col_label: "Cost of each off-the-record exchange (money units)".into(),
        value_label: "Mean surplus difference to the baseline (money units)".into(),
        rows: (0..12).map(|r| format!("{:.3}", r as f64 / 11.0)).collect(),
        cols: (0..25).map(|c| format!("{}", 1_000 * c)).collect(),
        values,
        percent: false,
        min_span: 0.0,
    }
}

/// One cell whose value is 1 (100%), and rows/columns of long labels with one cell.
pub fn grid_single() -> GridData {
    GridData {
        title: "A single combination".into(),
        row_label: String::new(),
        col_label: "rounds".into(),
        value_label: String::new(),
        rows: vec!["a_really_long_user_defined_parameter_value_that_goes_on".into()],
        cols: vec!["3".into()],
        values: vec![vec![1.0]],
        percent: true,
        min_span: 0.0,
    }
}

/// A 2x3 grid with every value missing.
pub fn grid_all_nan() -> GridData {
    GridData {
        title: "Nothing ran".into(),
        row_label: "noise".into(),
        col_label: "rounds".into(),
        value_label: "Deal rate".into(),
        rows: vec!["0".into(), "1".into()],
        cols: vec!["0".into(), "1".into(), "2".into()],
        values: vec![vec![f64::NAN; 3], vec![]],
        percent: true,
        min_span: 0.0,
    }
}
