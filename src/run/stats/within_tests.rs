use super::*;

/// A reproducible stream of numbers in [0, 1) (SplitMix64).
pub(super) struct Stream(pub(super) u64);

impl Stream {
    pub(super) fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

const LOC: Location = Location {
    mean: [50.0, 50.0],
    sd: [10.0, 10.0],
    unit: 10.0,
};

/// A run with values `v`, `c`, asymmetry `asym` and A's surplus `sa`.
fn obs(v: f64, c: f64, asym: f64, deal: bool, sa: f64) -> Obs {
    Obs {
        asymmetry: asym,
        reservation: [v, c],
        max_joint: (v - c).max(0.0),
        deal,
        joint: if deal { (v - c).max(0.0) } else { 0.0 },
        surplus_a: sa,
    }
}

/// Ordinary least squares of `y` on the rows `x` with the CR1 interval of
/// coefficient 1 clustered by `cluster`, the textbook way (two passes).
fn reference(x: &[Vec<f64>], y: &[f64], cluster: &[usize]) -> (f64, f64) {
    let (n, k) = (x.len(), x[0].len());
    // Solve (X'X) b = X'y and invert X'X by Gauss-Jordan.
    let mut a = vec![vec![0.0; 2 * k]; k];
    for r in 0..k {
        for c in 0..k {
            a[r][c] = (0..n).map(|i| x[i][r] * x[i][c]).sum();
        }
        a[r][k + r] = 1.0;
    }
    for p in 0..k {
        let d = a[p][p];
        a[p].iter_mut().for_each(|v| *v /= d);
        for r in 0..k {
            if r != p {
                let f = a[r][p];
                let row_p = a[p].clone();
                a[r].iter_mut().zip(&row_p).for_each(|(v, w)| *v -= f * w);
            }
        }
    }
    let inv: Vec<Vec<f64>> = a.iter().map(|r| r[k..].to_vec()).collect();
    let xty: Vec<f64> = (0..k)
        .map(|r| (0..n).map(|i| x[i][r] * y[i]).sum())
        .collect();
    let b: Vec<f64> = (0..k)
        .map(|r| (0..k).map(|c| inv[r][c] * xty[c]).sum())
        .collect();
    let groups = cluster.iter().max().unwrap() + 1;
    let mut score = vec![0.0; groups];
    for i in 0..n {
        let e = y[i] - (0..k).map(|c| x[i][c] * b[c]).sum::<f64>();
        score[cluster[i]] += (0..k).map(|c| inv[1][c] * x[i][c]).sum::<f64>() * e;
    }
    let (g, nf) = (groups as f64, n as f64);
    let var =
        score.iter().map(|s| s * s).sum::<f64>() * g / (g - 1.0) * (nf - 1.0) / (nf - k as f64);
    (b[1], Z95 * var.sqrt())
}

/// Runs with values, a random asymmetry and a noisy A's surplus of slope
/// 0.8 per bit, pushed in clusters of `size` runs.
fn noisy(runs: usize, size: usize) -> (WithinFit, Vec<Vec<f64>>, Vec<f64>, Vec<usize>) {
    let mut s = Stream(7);
    let mut fit = WithinFit::new(LOC);
    let (mut x, mut y, mut cl) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..runs {
        let (v, c) = (40.0 + 20.0 * s.next(), 40.0 + 20.0 * s.next());
        let asym = 6.0 * s.next() - 3.0 + 0.1 * v;
        let sa = 0.8 * asym + 0.3 * (v - c) + 5.0 * (s.next() - 0.5) * (1.0 + asym.abs());
        fit.push(&obs(v, c, asym, s.next() < 0.5, sa), (i + 1) % size == 0);
        let (za, zb) = ((v - 50.0) / 10.0, (c - 50.0) / 10.0);
        x.push(vec![
            1.0,
            asym,
            za,
            zb,
            za * za,
            zb * zb,
            (v - c).max(0.0) / 10.0,
        ]);
        y.push(sa / 10.0);
        cl.push(i / size);
    }
    (fit, x, y, cl)
}

#[test]
fn an_exact_linear_effect_is_recovered_with_a_zero_width_interval() {
    let mut s = Stream(1);
    let mut fit = WithinFit::new(LOC);
    for _ in 0..500 {
        let (v, c) = (40.0 + 20.0 * s.next(), 40.0 + 20.0 * s.next());
        let asym = 8.0 * s.next() - 4.0;
        let za = (v - 50.0) / 10.0;
        // 2.5 price units per bit, plus terms in the values only.
        let sa = 3.0 + 2.5 * asym + 4.0 * za - 1.5 * za * za + 0.2 * (v - c).max(0.0);
        fit.push(&obs(v, c, asym, true, sa), true);
    }
    let got = fit.slope(Response::SurplusA).unwrap();
    assert!((got.slope - 2.5).abs() < 1e-9, "{got:?}");
    assert!(got.ci95 < 1e-6, "{got:?}");
    assert_eq!((fit.runs(), fit.clusters()), (500, 500));
}

#[test]
fn slope_and_interval_match_least_squares_clustered_by_run_and_by_match() {
    for size in [1, 4] {
        let (fit, x, y, cl) = noisy(2000, size);
        let (b, half) = reference(&x, &y, &cl);
        let got = fit.slope(Response::SurplusA).unwrap();
        // Reported in price units (10 per unit of the fit).
        assert!(
            (got.slope - 10.0 * b).abs() < 1e-8,
            "{size}: {got:?} vs {b}"
        );
        assert!(
            (got.ci95 - 10.0 * half).abs() < 1e-8 * half.max(1.0),
            "{size}: {got:?} vs {half}"
        );
        assert!((got.slope - 0.8).abs() < 3.0 * got.ci95, "{got:?}");
        assert_eq!(fit.clusters() as usize, 2000 / size);
    }
    // Clustering by match widens nothing by itself here (independent runs),
    // but the two intervals differ: the estimator does use the clusters.
    let (one, four) = (noisy(2000, 1).0, noisy(2000, 4).0);
    let (a, b) = (
        one.slope(Response::SurplusA).unwrap(),
        four.slope(Response::SurplusA).unwrap(),
    );
    assert!((a.slope - b.slope).abs() < 1e-10, "{a:?} {b:?}");
    assert!((a.ci95 - b.ci95).abs() > 1e-6, "{a:?} {b:?}");
}

#[test]
fn a_pure_pairing_effect_gives_no_within_slope_where_bins_show_a_sawtooth() {
    // Two pairings, like mirroring/probing and open/guarded: each has its
    // own asymmetry range and its own deal rate, and within each the deal
    // does not depend on the asymmetry (a balanced design: every value of
    // the asymmetry meets every value pattern and the same deal pattern).
    let mut pairings = [WithinFit::new(LOC), WithinFit::new(LOC)];
    let mut bins: std::collections::BTreeMap<i64, (f64, f64)> = Default::default();
    for (p, (asyms, deal_every)) in [([-9.0, -8.0], 5), ([2.0, 3.0], 1)].iter().enumerate() {
        for &asym in asyms {
            for i in 0..100 {
                let v = 40.0 + (i % 10) as f64 * 2.0;
                let c = 40.0 + (i / 10) as f64 * 2.0;
                // Pairing 0 deals in 1 run in 5, pairing 1 in 4 in 5.
                let deal = if *deal_every == 5 {
                    i % 5 == 0
                } else {
                    i % 5 != 0
                };
                pairings[p].push(&obs(v, c, asym, deal, 0.0), true);
                let b = bins.entry(asym as i64).or_default();
                b.0 += f64::from(u8::from(deal));
                b.1 += 1.0;
            }
        }
    }
    for fit in &pairings {
        let s = fit.slope(Response::Deal).unwrap();
        assert!(s.slope.abs() < 1e-12, "{s:?}");
        assert!(s.ci95 > 0.0 && s.ci95 < 0.2, "{s:?}");
    }
    assert!((pairings[0].deal_rate().0 - 0.2).abs() < 1e-12);
    assert!((pairings[1].deal_rate().0 - 0.8).abs() < 1e-12);
    // The old chart's one-bit bins pooled over pairings: 0.2 at -9 and -8,
    // 0.8 at 2 and 3, a jump that is only who played whom.
    let rates: Vec<(i64, f64)> = bins.iter().map(|(k, (d, n))| (*k, d / n)).collect();
    assert_eq!(rates, vec![(-9, 0.2), (-8, 0.2), (2, 0.8), (3, 0.8)]);
}

#[test]
fn no_variation_and_collinearity_are_named_not_estimated() {
    let mut silent = WithinFit::new(LOC);
    let mut by_values = WithinFit::new(LOC);
    for i in 0..50 {
        let (v, c) = (40.0 + i as f64 * 0.4, 60.0 - i as f64 * 0.3);
        silent.push(&obs(v, c, 0.0, i % 2 == 0, 1.0), true);
        // The asymmetry is a function of A's value: not identified.
        by_values.push(&obs(v, c, 0.5 * (v - 50.0) / 10.0, i % 2 == 0, 1.0), true);
    }
    assert_eq!(silent.slope(Response::Deal), Err(NoSlope::NoVariation));
    assert_eq!(silent.asymmetry_sd(), 0.0);
    assert_eq!(by_values.slope(Response::Deal), Err(NoSlope::Collinear));
    assert_eq!(
        WithinFit::new(LOC).slope(Response::Deal),
        Err(NoSlope::TooFewRuns)
    );
    // The means are still there, with intervals.
    let (rate, half) = silent.deal_rate();
    assert_eq!(rate, 0.5);
    assert!(half > 0.0);
}

#[test]
fn means_ratios_and_merges_match_direct_sums() {
    let (fit, ..) = noisy(1000, 1);
    let (mut a, b) = (noisy(1000, 1).0, {
        let mut f = WithinFit::new(LOC);
        f.merge(&fit);
        f
    });
    a.merge(&WithinFit::new(LOC));
    assert_eq!(a, b);
    // Direct sums of the same runs.
    let mut s = Stream(7);
    let (mut joint, mut max, mut sa, mut sb) = (0.0, 0.0, 0.0, 0.0);
    for _ in 0..1000 {
        let (v, c) = (40.0 + 20.0 * s.next(), 40.0 + 20.0 * s.next());
        let asym = 6.0 * s.next() - 3.0 + 0.1 * v;
        let a_surplus = 0.8 * asym + 0.3 * (v - c) + 5.0 * (s.next() - 0.5) * (1.0 + asym.abs());
        let o = obs(v, c, asym, s.next() < 0.5, a_surplus);
        joint += o.joint;
        max += o.max_joint;
        sa += o.surplus_a;
        sb += o.joint - o.surplus_a;
    }
    assert!((fit.efficiency().0 - joint / max).abs() < 1e-12);
    assert!((fit.surplus(0).0 - sa / 1000.0).abs() < 1e-9);
    assert!((fit.surplus(1).0 - sb / 1000.0).abs() < 1e-9);
    assert!(fit.efficiency().1 > 0.0 && fit.surplus(1).1 > 0.0);
}
