//! Realistic sample inputs for every chart (four strategies, 15 asymmetry bins, a 20-round
//! trace, ...), generated deterministically, and edge cases in [`awkward`]. Compiled for the
//! unit tests only.

use crate::data::*;

pub mod awkward;

/// The strategies of the samples, in strategy-list order (their colour indices).
pub const STRATEGIES: [&str; 4] = ["open", "guarded", "mirroring", "probing"];

/// Small deterministic pseudo-random source (xorshift), so samples need no `rand`.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly normal, mean 0, sd 1.
    fn gauss(&mut self) -> f64 {
        (0..6).map(|_| self.next()).sum::<f64>() - 3.0
    }
}

fn prop_ci(p: f64, n: u64) -> Ci {
    let p = p.clamp(0.0, 1.0);
    let h = 1.96 * (p * (1.0 - p) / n.max(1) as f64).sqrt();
    Ci::new(p, (p - h).max(0.0), (p + h).min(1.0))
}

/// 25 one-bit bins from -12 to 12 bits.
pub fn asymmetry() -> AsymmetryData {
    let mut rng = Noise(0x9E37_79B9_7F4A_7C15);
    let bins = (0..25)
        .map(|i| {
            let x = -12.0 + i as f64;
            let runs = (1400.0 * (-x * x / 30.0).exp()).round() as u64 + 40;
            let deal = 0.80 - 0.03 * x.abs() + 0.01 * rng.gauss();
            let eff = 0.86 - 0.02 * x.abs() - 0.004 * x + 0.01 * rng.gauss();
            let share = 0.5 + 0.14 * (0.2 * x).tanh() + 0.008 * rng.gauss();
            AsymmetryBin {
                center: x,
                runs,
                deal_rate_given_zopa: prop_ci(deal, runs),
                efficiency: prop_ci(eff, runs),
                share_a: prop_ci(share, runs),
            }
        })
        .collect();
    AsymmetryData {
        title: "Who knows more wins more: outcomes against information asymmetry".into(),
        bins,
    }
}

fn names() -> Vec<String> {
    STRATEGIES.iter().map(|s| s.to_string()).collect()
}

/// Mean surplus of each strategy (row, side A) against each opponent (column), money units.
pub fn matrix_surplus() -> MatrixData {
    let base = [3620.0, 4390.0, 5240.0, 4812.0];
    let values = (0..4)
        .map(|r| {
            (0..4)
                .map(|c| base[r] + 310.0 * (c as f64 - 1.5) - 180.0 * ((r * 7 + c * 3) % 5) as f64)
                .collect()
        })
        .collect();
    MatrixData {
        title: "Mean surplus by matchup".into(),
        row_label: "Strategy (side A)".into(),
        col_label: "Opponent (side B)".into(),
        value_label: "Mean surplus (money units)".into(),
        names: names(),
        values,
        percent: false,
        min_span: 0.0,
    }
}

/// Deal rate of each matchup, as fractions.
pub fn matrix_deals() -> MatrixData {
    let values = (0..4)
        .map(|r| {
            (0..4)
                .map(|c| 0.52 + 0.09 * r as f64 + 0.05 * c as f64 - 0.04 * ((r + 2 * c) % 3) as f64)
                .collect()
        })
        .collect();
    MatrixData {
        title: "Deal rate by matchup".into(),
        row_label: "Strategy (side A)".into(),
        col_label: "Opponent (side B)".into(),
        value_label: "Deal rate (%)".into(),
        names: names(),
        values,
        percent: true,
        min_span: 0.0,
    }
}

/// Ranking, best first.
pub fn ranking() -> RankingData {
    let rows = [
        (2usize, 5240.0, 180.0, 0.81),
        (3, 4812.0, 210.0, 0.77),
        (1, 4390.0, 160.0, 0.69),
        (0, 3620.0, 240.0, 0.86),
    ];
    RankingData {
        title: "Strategy ranking by mean surplus".into(),
        y_label: "Mean surplus per negotiation (money units)".into(),
        entries: rows
            .iter()
            .map(|&(i, m, h, d)| RankingEntry {
                name: STRATEGIES[i].into(),
                color_index: i,
                surplus: Ci::new(m, m - h, m + h),
                deal_rate: d,
            })
            .collect(),
    }
}

/// Distribution of the share of the joint surplus each strategy captured, over its deals.
pub fn distribution() -> DistributionData {
    let rows = [
        (0usize, 0.18, 0.36, 0.44, 0.52, 0.66, 0.44),
        (1, 0.26, 0.43, 0.51, 0.58, 0.71, 0.50),
        (2, 0.30, 0.46, 0.53, 0.61, 0.76, 0.53),
        (3, 0.22, 0.44, 0.55, 0.66, 0.83, 0.55),
    ];
    DistributionData {
        title: "Share of the joint surplus captured per deal".into(),
        y_label: "Share of joint surplus (0\u{2013}1)".into(),
        boxes: rows
            .iter()
            .map(|&(i, p05, q1, median, q3, p95, mean)| BoxStats {
                name: STRATEGIES[i].into(),
                color_index: i,
                n: 2400 + 137 * i as u64,
                p05,
                q1,
                median,
                q3,
                p95,
                mean,
            })
            .collect(),
    }
}

/// Bits given and learned for every ordered pairing.
pub fn information() -> InformationData {
    let give = [2.1, 0.7, 1.2, 0.9];
    let learn = [0.6, 0.8, 1.3, 1.9];
    let mut points = Vec::new();
    for f in 0..4 {
        for o in 0..4 {
            points.push(InfoPoint {
                focal: STRATEGIES[f].into(),
                focal_color: f,
                opponent: STRATEGIES[o].into(),
                bits_given: give[f] * (0.8 + 0.15 * o as f64) * (1.0 + 0.3 * learn[o] / 2.0),
                bits_learned: learn[f] * (0.7 + 0.25 * give[o]),
            });
        }
    }
    InformationData {
        title: "Information given away vs learned".into(),
        points,
    }
}

fn trust_series(focals: &[usize], opponents: &[usize], runs: usize) -> TrustData {
    let mut rng = Noise(0xD1B5_4A32_D192_ED03);
    let mut trust = Vec::new();
    let mut disclosure = Vec::new();
    for &f in focals {
        for (k, &o) in opponents.iter().enumerate() {
            let label = format!("{} vs {}", STRATEGIES[f], STRATEGIES[o]);
            let target = 0.25 + 0.15 * f as f64 + 0.1 * o as f64;
            let t: Vec<(f64, f64)> = (1..=runs)
                .map(|e| {
                    let v = 0.5
                        + (target - 0.5) * (1.0 - (-(e as f64) / 4.0).exp())
                        + 0.02 * rng.gauss();
                    (e as f64, v.clamp(0.0, 1.0))
                })
                .collect();
            let d: Vec<(f64, f64)> = t
                .iter()
                .map(|(e, v)| (*e, (3.2 * v + 0.15 * rng.gauss()).max(0.0)))
                .collect();
            let dashed = k % 2 == 1;
            trust.push(Series {
                label: label.clone(),
                color_index: f,
                dashed,
                points: t,
            });
            disclosure.push(Series {
                label,
                color_index: f,
                dashed,
                points: d,
            });
        }
    }
    TrustData {
        title: "Trust and disclosure over the runs of a match".into(),
        trust,
        disclosure,
    }
}

/// Each strategy against mirroring and probing, 12 runs per match.
pub fn trust() -> TrustData {
    trust_series(&[0, 1, 2, 3], &[2, 3], 12)
}

/// All 16 ordered pairings (a crowded legend).
pub fn trust_all_pairings() -> TrustData {
    trust_series(&[0, 1, 2, 3], &[0, 1, 2, 3], 12)
}

/// One 20-round negotiation between mirroring (A, buyer) and probing (B, seller).
pub fn trace() -> TraceData {
    let (a_limit, b_limit) = (52_310.0, 47_120.0);
    let deal_round = 17.0;
    let a_offers: Vec<(f64, f64)> = (1..=17)
        .map(|r| {
            (
                r as f64,
                42_000.0
                    + 7_900.0 * (1.0 - (-(r as f64) / 6.0).exp()) / (1.0 - (-17.0f64 / 6.0).exp()),
            )
        })
        .collect();
    let b_offers: Vec<(f64, f64)> = (1..=16)
        .map(|r| {
            (
                r as f64,
                58_500.0
                    - 8_300.0 * (1.0 - (-(r as f64) / 5.0).exp()) / (1.0 - (-17.0f64 / 5.0).exp()),
            )
        })
        .collect();
    let deal_price = 49_900.0;
    let a_belief = (-2..=20)
        .map(|x| {
            let t = (f64::from(x) + 2.0) / 22.0;
            (
                f64::from(x),
                50_000.0 - 2_300.0 * t.sqrt(),
                3_200.0 - 2_300.0 * t.sqrt(),
            )
        })
        .collect();
    let b_belief = (-2..=20)
        .map(|x| {
            let t = (f64::from(x) + 2.0) / 22.0;
            (f64::from(x), 50_500.0 + 1_200.0 * t, 3_000.0 - 1_600.0 * t)
        })
        .collect();
    let ev = |x: f64, side: char, kind: EventKind, label: &str, y: Option<f64>| TraceEvent {
        x,
        y,
        side,
        kind,
        label: label.into(),
    };
    TraceData {
        title: "One negotiation, round by round".into(),
        y_label: "Price (money units)".into(),
        a_name: "mirroring".into(),
        a_color: 2,
        b_name: "probing".into(),
        b_color: 3,
        a_offers,
        b_offers,
        a_limit,
        b_limit,
        a_belief,
        b_belief,
        events: vec![
            ev(-2.0, 'A', EventKind::Ask, "asks B's cost", None),
            ev(-2.0, 'B', EventKind::Answer, "cost about 49k", None),
            ev(-1.0, 'B', EventKind::Ask, "asks A's budget", None),
            ev(-1.0, 'A', EventKind::Confide, "budget near 52k", None),
            ev(
                0.0,
                'B',
                EventKind::Bluff,
                "claims cost 51k",
                Some(51_000.0),
            ),
            ev(0.0, 'A', EventKind::Leak, "leaks deadline", None),
            ev(6.0, 'A', EventKind::DetectedLie, "spots B's bluff", None),
        ],
        exchange_rounds: 3,
        deal: Some((deal_round, deal_price)),
        a_role: "buyer".into(),
        b_role: "seller".into(),
        b_claimed: Some(51_000.0),
        b_claimed_label: "B's claimed limit 51,000 (a bluff)".into(),
        ..Default::default()
    }
}

/// Deal rate, efficiency and A's share against a noise parameter, one line per strategy.
pub fn sweep() -> SweepData {
    let xs: Vec<f64> = (0..9).map(|i| i as f64 * 0.125).collect();
    let metric = |f: &dyn Fn(usize, f64) -> f64, h: f64| -> Vec<BandSeries> {
        (0..4)
            .map(|s| BandSeries {
                label: STRATEGIES[s].into(),
                color_index: s,
                points: xs
                    .iter()
                    .map(|&x| {
                        let m = f(s, x);
                        (x, Ci::new(m, m - h * (1.0 + x), m + h * (1.0 + x)))
                    })
                    .collect(),
            })
            .collect()
    };
    SweepData {
        title: "Sensitivity to noise in the off-the-record channel".into(),
        x_label: "Noise in confided values (prior SDs)".into(),
        x_integer: false,
        panels: vec![
            Panel {
                y_label: "Deal rate".into(),
                series: metric(
                    &|s, x| 0.86 - 0.05 * s as f64 - 0.18 * x * (1.0 + 0.2 * s as f64),
                    0.02,
                ),
            },
            Panel {
                y_label: "Efficiency".into(),
                series: metric(&|s, x| 0.9 - 0.03 * s as f64 - 0.12 * x, 0.015),
            },
            Panel {
                y_label: "A's share of surplus".into(),
                series: metric(&|s, x| 0.5 + 0.03 * (s as f64 - 1.5) * (1.0 - x), 0.012),
            },
        ],
    }
}

/// Population shares over 300 generations of replicator dynamics with mutation and drift:
/// probing first profits from the open majority, then mirroring takes over.
pub fn evolution() -> EvolutionData {
    let payoff = [
        [3.0, 1.0, 2.0, 0.5],
        [3.2, 2.0, 1.8, 2.2],
        [3.3, 2.3, 3.0, 2.8],
        [4.2, 1.6, 2.0, 1.8],
    ];
    let mut rng = Noise(0x2545_F491_4F6C_DD1D);
    let mut x = [0.55, 0.25, 0.05, 0.15];
    let mut rows = Vec::with_capacity(301);
    for _ in 0..=300 {
        rows.push(x);
        let fit: Vec<f64> = (0..4)
            .map(|i| (0..4).map(|j| payoff[i][j] * x[j]).sum())
            .collect();
        let mean: f64 = (0..4).map(|i| fit[i] * x[i]).sum();
        for i in 0..4 {
            x[i] *= (0.028 * (fit[i] - mean) + 0.012 * rng.gauss()).exp();
        }
        let total: f64 = x.iter().sum();
        for v in &mut x {
            *v = 0.997 * *v / total + 0.003 / 4.0;
        }
    }
    EvolutionData {
        title: "Evolution of the strategy mix".into(),
        subtitle: "Replicator dynamics with 0.3% mutation, population of 2,000, 300 generations"
            .into(),
        generations: (0..=300).map(f64::from).collect(),
        strategies: (0..4)
            .map(|s| StackSeries {
                name: STRATEGIES[s].into(),
                color_index: s,
                shares: rows.iter().map(|r| r[s]).collect(),
            })
            .collect(),
    }
}

/// Deal rate over a 5x6 sweep of channel noise (rows) and off-the-record rounds (columns).
pub fn grid() -> GridData {
    let noise = [0.0, 0.25, 0.5, 0.75, 1.0];
    let mut rng = Noise(0xD1B5_4A32_D192_ED03);
    let values = noise
        .iter()
        .map(|&z| {
            (0..6)
                .map(|k| {
                    let talk = 1.0 - (-0.55 * k as f64).exp();
                    0.58 + 0.3 * talk * (1.0 - 0.7 * z) - 0.08 * z + 0.006 * rng.gauss()
                })
                .collect()
        })
        .collect();
    GridData {
        title: "Deal rate by channel noise and cheap talk".into(),
        row_label: "Noise in confided values (prior SDs)".into(),
        col_label: "Off-the-record exchange rounds".into(),
        value_label: "Deal rate".into(),
        rows: noise.iter().map(|z| format!("{z:.2}")).collect(),
        cols: (0..6).map(|k| k.to_string()).collect(),
        values,
        percent: true,
        min_span: 0.0,
    }
}

/// Within-pairing slopes of the 16 ordered pairings; guarded/guarded never varies.
pub fn within() -> WithinData {
    let mut rng = Noise(0x2545_F491_4F6C_DD1D);
    let mut rows = Vec::new();
    for a in STRATEGIES {
        for b in STRATEGIES {
            let label = format!("{a} / {b}");
            if a == "guarded" && b == "guarded" {
                rows.push(WithinEntry {
                    label,
                    slopes: vec![Ci::missing(); 3],
                    note: Some("no variation in asymmetry: nothing to estimate".into()),
                });
                continue;
            }
            let slopes = [1.5, 0.8, 120.0]
                .iter()
                .map(|s| {
                    let m = s * rng.gauss();
                    let h = s * (0.3 + rng.next());
                    Ci::new(m, m - h, m + h)
                })
                .collect();
            rows.push(WithinEntry {
                label,
                slopes,
                note: None,
            });
        }
    }
    WithinData {
        title: "What one more bit of asymmetry does, within each pairing".into(),
        subtitle: "Values held fixed \u{b7} bars: 95% intervals clustered by run".into(),
        panels: vec![
            ("Deal rate".into(), "% points per bit".into()),
            ("Efficiency".into(), "% points per bit".into()),
            ("A's surplus".into(), "price units per bit".into()),
        ],
        rows,
    }
}
