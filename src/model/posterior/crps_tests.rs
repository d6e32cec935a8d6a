//! The CRPS against brute force: the midpoint rule on the distribution
//! function.

use super::*;
use crate::model::posterior::CELLS;
use crate::model::posterior::component::{Grid, Ramp, Side, Skew};

/// The earlier closed form of a truncated normal's CRPS, from `int (Phi(z)
/// - c)^2 dz = z (Phi - c)^2 + 2 phi (Phi - c) - Phi(sqrt 2 z) / sqrt(pi)`
/// on each side of the truth: a check on [`Normal`]'s.
/// `Phi(z) - Phi(r)`, without cancellation in the upper tail.
fn phi_diff(z: f64, r: f64) -> f64 {
    if z + r > 0.0 {
        cdf(-r) - cdf(-z)
    } else {
        cdf(z) - cdf(r)
    }
}

/// `int_r^z (Phi(t) - Phi(r))^2 dt` (negative orientation allowed: `z <
/// r`), in closed form.
fn phi_sq_integral(r: f64, z: f64) -> f64 {
    let d = phi_diff(z, r);
    let s2 = std::f64::consts::SQRT_2;
    z * d * d + 2.0 * phi(z) * d - phi_diff(s2 * z, s2 * r) * FRAC_1_SQRT_PI
}

/// CRPS of a normal `N(m, s^2)` truncated to `[lo, hi]` at `y` (exact;
/// `None` when the interval holds too little of the normal's mass for the
/// closed form to keep its precision).
fn truncated_normal(t: &TruncNormal, y: f64) -> Option<f64> {
    let (m, s, lo, hi) = t.params();
    let outside = (lo - y).max(0.0) + (y - hi).max(0.0);
    let a = ((lo - m) / s).clamp(-Z_MAX, Z_MAX);
    let b = ((hi - m) / s).clamp(-Z_MAX, Z_MAX);
    let mass = phi_diff(b, a);
    if mass.is_nan() || mass <= 1e-6 {
        return None;
    }
    let zy = ((y - m) / s).clamp(a, b);
    let lower = phi_sq_integral(a, zy);
    // int_zy^b (Phi - Phi(b))^2 = -int_b^zy (...)
    let upper = -phi_sq_integral(b, zy);
    Some(s * (lower + upper).max(0.0) / (mass * mass) + outside)
}

/// CRPS by brute force: the midpoint rule on `n` points on each side of
/// `y` (inside `[lo, hi]`), the pieces also broken at `jumps` (point
/// masses).
pub(super) fn reference_jumps(
    cdf: impl Fn(f64) -> f64,
    (lo, hi): (f64, f64),
    y: f64,
    n: usize,
    jumps: &[f64],
) -> f64 {
    let piece = |a: f64, b: f64, step: f64, n: usize| {
        let h = (b - a) / n as f64;
        (0..n)
            .map(|i| {
                let d = cdf(a + (i as f64 + 0.5) * h) - step;
                d * d * h
            })
            .sum::<f64>()
    };
    let yc = y.clamp(lo, hi);
    let side = |a: f64, b: f64, step: f64| {
        if b <= a {
            return 0.0;
        }
        let mut cuts: Vec<f64> = jumps.iter().copied().filter(|&j| j > a && j < b).collect();
        cuts.sort_by(f64::total_cmp);
        cuts.insert(0, a);
        cuts.push(b);
        cuts.windows(2)
            .map(|p| {
                let k = ((n as f64 * (p[1] - p[0]) / (b - a)).ceil() as usize).max(1);
                piece(p[0], p[1], step, k)
            })
            .sum::<f64>()
    };
    side(lo, yc, 0.0) + side(yc, hi, 1.0) + (lo - y).max(0.0) + (y - hi).max(0.0)
}

/// [`reference_jumps`] without point masses.
pub(super) fn reference_n(cdf: impl Fn(f64) -> f64, lo: f64, hi: f64, y: f64, n: usize) -> f64 {
    reference_jumps(cdf, (lo, hi), y, n, &[])
}

/// [`reference_n`] with a million points a side.
pub(super) fn reference(cdf: impl Fn(f64) -> f64, lo: f64, hi: f64, y: f64) -> f64 {
    reference_n(cdf, lo, hi, y, 1_000_000)
}

#[test]
fn normal_closed_form_has_known_values() {
    // At the mean: s (2 phi(0) - 1/sqrt(pi)) = s (sqrt 2 - 1) / sqrt(pi).
    let at_mean = (std::f64::consts::SQRT_2 - 1.0) * FRAC_1_SQRT_PI;
    assert!((normal(0.0, 1.0, 0.0) - at_mean).abs() < 1e-15);
    assert!((normal(3.0, 2.0, 3.0) - 2.0 * at_mean).abs() < 1e-15);
    // One sd off: 2 Phi(1) - 1 + 2 phi(1) - 1/sqrt(pi).
    let one = 0.682_689_492_137_085_9 + 2.0 * 0.241_970_724_519_143_37 - FRAC_1_SQRT_PI;
    assert!((normal(0.0, 1.0, 1.0) - one).abs() < 1e-15);
    assert!((normal(0.0, 1.0, -1.0) - one).abs() < 1e-15);
    // Far off, it tends to |y - m| - s / sqrt(pi).
    assert!((normal(0.0, 1.0, 30.0) - (30.0 - FRAC_1_SQRT_PI)).abs() < 1e-12);
    assert!((normal(0.0, 1.0, 0.7) - reference(cdf, -12.0, 12.0, 0.7)).abs() < 1e-9);
}

#[test]
fn truncated_normal_is_exact() {
    // Untruncated in effect: the normal's closed form.
    let t = TruncNormal::new(0.2, 0.3, -50.0, 50.0).unwrap();
    for y in [-1.0, 0.0, 0.2, 0.5, 1.3] {
        let v = truncated_normal(&t, y).unwrap();
        assert!((v - normal(0.2, 0.3, y)).abs() < 1e-14, "{y}: {v}");
        let d = mixture(
            &[(1.0, Component::Trunc(t)), (0.0, Component::Point(0.0))],
            y,
        );
        assert!((d - normal(0.2, 0.3, y)).abs() < 1e-14, "{y}: {d}");
    }
    // Truncated: against brute force, by both closed forms and by the
    // piecewise polynomial density.
    for (m, s, lo, hi, y) in [
        (0.5, 0.4, 0.0, 1.0, 0.1),
        (0.9, 0.2, 0.0, 1.0, 0.95),
        (-1.0, 1.0, 0.0, 2.0, 1.5),
        (0.0, 1.0, -4.0, 4.0, 2.5),
        (3.0, 0.5, 0.0, 1.0, 0.9),
    ] {
        let t = TruncNormal::new(m, s, lo, hi).unwrap();
        let c = Component::Trunc(t);
        let f = |x: f64| c.prob(x, Side::Below { inclusive: true });
        let r = reference(f, lo, hi, y);
        let v = truncated_normal(&t, y).unwrap();
        assert!(
            (v - r).abs() < 1e-9,
            "{m} {s} [{lo}, {hi}] at {y}: {v} vs {r}"
        );
        let d = mixture(&[(1.0, c.clone()), (0.0, c)], y);
        assert!((d - r).abs() < 1e-9, "decomposed {d} vs {r}");
        let sm = Smooth::trunc(&t);
        let num = sm.abs_dev(y) - sm.gini();
        assert!((num - r).abs() < 1e-7, "smooth {num} vs {r}");
    }
}

#[test]
fn point_mass_and_uniform_are_exact() {
    let p = [(1.0, Component::Point(0.3)), (0.0, Component::Point(0.0))];
    assert_eq!(mixture(&p, 0.3), 0.0);
    assert_eq!(mixture(&p, 0.8), 0.5);
    assert_eq!(mixture(&p, 0.1), 0.3 - 0.1);
    // Uniform on [0, 1]: (y^3 + (1 - y)^3) / 3; 1/12 at the centre.
    assert!((uniform(0.0, 1.0, 0.5) - 1.0 / 12.0).abs() < 1e-16);
    assert!((uniform(0.0, 1.0, 0.0) - 1.0 / 3.0).abs() < 1e-16);
    assert!((uniform(0.0, 1.0, 1.5) - (1.0 / 3.0 + 0.5)).abs() < 1e-15);
    assert!((uniform(2.0, 4.0, 2.5) - (0.125 + 3.375) / 12.0).abs() < 1e-15);
    // Two point masses: F is 0, 0.3, 1; the truth between them.
    let p = [(0.3, Component::Point(0.2)), (0.7, Component::Point(0.6))];
    // int_0.2^0.5 0.3^2 + int_0.5^0.6 0.7^2 = 0.027 + 0.049.
    assert!((mixture(&p, 0.5) - 0.076).abs() < 1e-12);
}

/// Components of every kind on `[0, 1]`, named.
fn kinds() -> Vec<(&'static str, Component)> {
    let skew = |mu, sigma, alpha, beta, lo, hi| {
        Component::Skew(Box::new(
            Skew::new(mu, sigma, alpha, beta, lo, hi).expect("a skew-normal"),
        ))
    };
    let mut ln_w = [f64::NEG_INFINITY; CELLS];
    for (i, w) in ln_w.iter_mut().enumerate().take(50).skip(8) {
        *w = -((i as f64 - 22.0) / 6.0).powi(2) + 0.3 * (i as f64 * 1.7).sin();
    }
    let (grid, _) =
        Grid::from_ln_weights(0.0, 1.0 / 64.0, (0.13, 0.77), (8, 49), &ln_w).expect("cells");
    let mut narrow = [f64::NEG_INFINITY; CELLS];
    for (i, w) in narrow.iter_mut().enumerate().take(35).skip(25) {
        *w = -((i as f64 - 30.0) / 1.5).powi(2);
    }
    let (peak, _) =
        Grid::from_ln_weights(0.0, 1.0 / 64.0, (0.0, 1.0), (25, 34), &narrow).expect("cells");
    vec![
        ("point", Component::Point(0.41)),
        ("uniform", Component::Uniform { lo: 0.2, hi: 0.9 }),
        (
            "normal",
            Component::Trunc(TruncNormal::new(0.45, 0.03, 0.0, 1.0).unwrap()),
        ),
        (
            "cut normal",
            Component::Trunc(TruncNormal::new(0.8, 0.3, 0.0, 1.0).unwrap()),
        ),
        (
            "far normal",
            Component::Trunc(TruncNormal::new(0.97, 0.01, 0.0, 1.0).unwrap()),
        ),
        ("near skew", skew(0.5, 0.04, 1.5, -0.2, 0.0, 1.0)),
        ("edge skew", skew(0.45, 0.6, -40.0, 18.0, 0.0, 1.0)),
        ("clipped edge", skew(0.1, 0.6, -40.0, 4.2, 0.0, 1.0)),
        ("wide skew", skew(0.9, 0.6, -2.0, 1.6, 0.0, 1.0)),
        ("cut skew", skew(0.02, 0.05, 4.0, 0.3, 0.0, 1.0)),
        (
            "ramp",
            Component::Ramp(Ramp::new(-3.0, 0.5, 0.0, 1.0).unwrap()),
        ),
        (
            "steep ramp",
            Component::Ramp(Ramp::new(12.0, -2.0, 0.0, 1.0).unwrap()),
        ),
        ("cells", Component::Grid(grid)),
        ("peak cells", Component::Grid(peak)),
    ]
}

/// Whether the CRPS of `parts` is computed in closed form (point masses,
/// uniforms, cells, truncated normals, alone or with a point mass).
fn exact(parts: &[(f64, Component)]) -> bool {
    let linear = |c: &Component| {
        matches!(
            c,
            Component::Point(_) | Component::Uniform { .. } | Component::Grid(_)
        )
    };
    let normal = |c: &Component| matches!(c, Component::Trunc(_));
    match parts {
        [(_, a), (_, b)] => {
            (linear(a) && linear(b))
                || (normal(a) && matches!(b, Component::Point(_)))
                || (normal(b) && matches!(a, Component::Point(_)))
        }
        _ => false,
    }
}

/// Each kind alone and with each other kind, at truths across `[0, 1]`
/// and outside it: within 1e-6 of the spread (the sd of a uniform on the
/// range, as the prior's) where the method is exact, 1e-5 elsewhere.
/// Brute force: the midpoint rule on 200,000 pieces of `[0, 1]` broken at
/// the truths and the point masses, each kind's distribution function
/// tabulated once.
#[test]
fn every_kind_and_pair_matches_brute_force() {
    let kinds = kinds();
    let sd = 1.0 / 12f64.sqrt();
    let truths = [-0.2, 0.05, 0.3, 0.41, 0.45, 0.62, 0.97, 1.3];
    let mut cuts: Vec<f64> = truths
        .iter()
        .copied()
        .filter(|y| *y > 0.0 && *y < 1.0)
        .collect();
    cuts.extend(kinds.iter().filter_map(|(_, c)| match c {
        Component::Point(p) => Some(*p),
        _ => None,
    }));
    cuts.extend([0.0, 1.0]);
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let n = 200_000;
    let mut mids = Vec::with_capacity(n + cuts.len());
    let mut widths = Vec::with_capacity(n + cuts.len());
    for p in cuts.windows(2) {
        let k = ((n as f64 * (p[1] - p[0])).ceil() as usize).max(1);
        let h = (p[1] - p[0]) / k as f64;
        for i in 0..k {
            mids.push(p[0] + (i as f64 + 0.5) * h);
            widths.push(h);
        }
    }
    let cdfs: Vec<Vec<f64>> = kinds
        .iter()
        .map(|(_, c)| {
            mids.iter()
                .map(|&x| c.prob(x, Side::Below { inclusive: true }))
                .collect()
        })
        .collect();
    let mut worst: (f64, String) = (0.0, String::new());
    let mut check = |name: String, (i, j): (usize, usize), w: f64| {
        let parts = [(w, kinds[i].1.clone()), (1.0 - w, kinds[j].1.clone())];
        let tol = if exact(&parts) || w == 1.0 && exact(&[parts[0].clone(), parts[0].clone()]) {
            1e-6
        } else {
            1e-5
        };
        for y in truths {
            let mut r = (-y).max(0.0) + (y - 1.0).max(0.0);
            for (k, (x, h)) in mids.iter().zip(&widths).enumerate() {
                let f = (w * cdfs[i][k] + (1.0 - w) * cdfs[j][k]).min(1.0);
                let d = f - if *x >= y { 1.0 } else { 0.0 };
                r += d * d * h;
            }
            let v = mixture(&parts, y);
            let e = (v - r).abs() / sd;
            assert!(
                e < tol,
                "{name} at {y}: {v} vs brute force {r} ({e:.1e} sds)"
            );
            if e > worst.0 {
                worst = (e, format!("{name} at {y}"));
            }
        }
    };
    for (i, (a, _)) in kinds.iter().enumerate() {
        check(a.to_string(), (i, i), 1.0);
        for (j, (b, _)) in kinds.iter().enumerate().skip(i + 1) {
            check(format!("{a} + {b}"), (i, j), 0.35);
        }
    }
    eprintln!("worst error {:.1e} sds ({})", worst.0, worst.1);
}

/// The honest branch lined up on the bluff branch's edge (the sharp
/// skew-normal's expansion with the normal's), slightly off it, and near
/// an end of the range, which cuts the edge region (below or above the
/// edge) and the normal with it.
#[test]
fn edge_with_its_normal_matches_brute_force() {
    let sd = 20000.0 / 12f64.sqrt();
    let mut worst = 0.0f64;
    for (edge, m, s, sign) in [
        (44822.0, 44822.0, 333.3, 1.0),
        (44822.0, 44830.0, 320.0, 1.0),
        (44822.0, 44822.0, 600.0, -1.0),
        (44822.0, 45500.0, 333.3, 1.0),
        (40900.0, 40900.0, 333.3, 1.0),
        (40450.0, 40450.0, 333.3, -1.0),
        (59500.0, 59500.0, 333.3, 1.0),
        (59200.0, 59200.0, 333.3, -1.0),
    ] {
        let t = Component::Trunc(TruncNormal::new(m, s, 40000.0, 60000.0).unwrap());
        let alpha = sign * 17.32 / 5783.0;
        let sk = Skew::new(edge, 5783.0, alpha, -alpha * edge, 40000.0, 60000.0);
        let parts = [(0.3, t), (0.7, Component::Skew(Box::new(sk.unwrap())))];
        let cdf = |x: f64| {
            parts
                .iter()
                .map(|(w, c)| w * c.prob(x, Side::Below { inclusive: true }))
                .sum::<f64>()
        };
        for y in [40100.0, 41000.0, 44500.0, edge, 45000.0, 52000.0, 59800.0] {
            let r = reference_n(cdf, 40000.0, 60000.0, y, 400_000);
            let v = mixture(&parts, y);
            worst = worst.max((v - r).abs() / sd);
            assert!(
                (v - r).abs() < 1e-6 * sd,
                "{edge} {m} {s} {sign} at {y}: {v} vs {r}"
            );
            // And each alone.
            for (_, c) in &parts {
                let f = |x: f64| c.prob(x, Side::Below { inclusive: true });
                let r = reference_n(f, 40000.0, 60000.0, y, 400_000);
                let v = mixture(&[(1.0, c.clone())], y);
                worst = worst.max((v - r).abs() / sd);
                assert!(
                    (v - r).abs() < 1e-6 * sd,
                    "{edge} {sign} alone at {y}: {v} vs {r}"
                );
            }
        }
    }
    eprintln!("edge pairs: worst error {worst:.1e} sds");
}

mod beliefs {
    use crate::model::posterior::{Evidence, Facet, Favour, Prior};

    /// A 0.5-sd and a 3-sd deception, believed fully: `info_bits` cannot
    /// tell them apart (both -6), the CRPS can (0.5 and 3 prior sds).
    #[test]
    fn crps_tells_a_small_deception_from_a_large_one() {
        let facet = Facet::with_default_bluff(Prior::uniform(40.0, 60.0), Favour::Low);
        let sd = 20.0 / 12f64.sqrt();
        let truth = 42.0;
        // The prior's CRPS at 42: (2^3 + 18^3) / (3 * 20^2) = 5840 / 1200.
        let prior = 5840.0 / 1200.0 / sd;
        assert!((facet.prior().crps(truth) - prior).abs() < 1e-14);
        let scores = [0.5, 3.0].map(|off| {
            let mut ev = Evidence::new(&facet, 1.0);
            ev.claim(truth + off * sd, 0.0).unwrap();
            let b = facet.belief(&ev);
            (b.info_bits(truth), b.crps(truth))
        });
        assert_eq!(scores[0].0, -6.0);
        assert_eq!(scores[1].0, -6.0);
        assert!((scores[0].1 - 0.5).abs() < 1e-12, "{:?}", scores[0]);
        assert!((scores[1].1 - 3.0).abs() < 1e-12, "{:?}", scores[1]);
        // crps_gain: +0.343 (better than the prior) and -2.157.
        assert!((prior - scores[0].1 - 0.342_931).abs() < 1e-6);
        assert!((prior - scores[1].1 + 2.157_069).abs() < 1e-6);
        // A sceptical listener (trust 0.5, noisy claims) is misled less, but
        // the larger deception still scores clearly worse.
        let sceptical = [0.5, 3.0].map(|off| {
            let mut ev = Evidence::new(&facet, 0.5);
            ev.claim(truth + off * sd, 0.1 * sd).unwrap();
            facet.belief(&ev).crps(truth)
        });
        assert!(sceptical[1] > sceptical[0] + 1.0, "{sceptical:?}");
    }

    /// Beliefs of every shape (mixtures with skew-normals, cells, point
    /// masses) against brute force on their own distribution function.
    #[test]
    fn beliefs_match_brute_force() {
        let uniform = Facet::with_default_bluff(Prior::uniform(40.0, 60.0), Favour::Low);
        let normal = Facet::with_default_bluff(Prior::normal(50.0, 5.0), Favour::High);
        let beta = Facet::with_default_bluff(Prior::beta(2.0, 5.0, 0.0, 1.0), Favour::Low);
        // (facet, trust, claims (value, noise), leaks (value, noise))
        type Case<'a> = (&'a Facet, f64, &'a [(f64, f64)], &'a [(f64, f64)]);
        let cases: [Case; 11] = [
            (&uniform, 0.5, &[(47.0, 0.0)], &[]),
            (&uniform, 0.5, &[(47.0, 2.0)], &[]),
            (&uniform, 0.3, &[(52.0, 0.5)], &[]),
            (&uniform, 0.7, &[(44.0, 1.0), (45.0, 3.0)], &[(50.0, 10.0)]),
            (&uniform, 0.5, &[(60.0, 1.0)], &[]),
            (&normal, 0.5, &[(55.0, 0.2)], &[]),
            (&normal, 0.9, &[(43.0, 4.0)], &[(48.0, 8.0)]),
            (&beta, 0.5, &[(0.3, 0.05)], &[]),
            (&beta, 1.0, &[], &[(0.2, 0.3)]),
            // Censored leaks: cells, with a skew-normal or cells beside.
            (&uniform, 1.0, &[], &[(60.0, 10.0), (40.0, 8.0)]),
            (&uniform, 0.6, &[(50.0, 2.0)], &[(60.0, 10.0), (60.0, 9.0)]),
        ];
        for (i, (facet, trust, claims, leaks)) in cases.iter().enumerate() {
            let mut ev = Evidence::new(facet, *trust);
            for &(y, s) in claims.iter() {
                let _ = ev.claim(y, s);
            }
            for &(y, s) in leaks.iter() {
                ev.leak(y, s);
            }
            let b = facet.belief(&ev);
            let (lo, hi) = facet.prior().support();
            let sd = facet.prior().sd();
            for q in [0.1, 0.35, 0.5, 0.8, 0.97] {
                let truth = lo + q * (hi - lo);
                let r = super::reference(|x| b.cdf(x), lo, hi, truth) / sd;
                let v = b.crps(truth);
                assert!(
                    (v - r).abs() < 1e-5,
                    "case {i} at {truth}: {v} vs brute force {r}"
                );
            }
        }
    }
}

/// The quadrature constants: Gauss-Legendre exact to degree 15, the
/// inverse Vandermonde matrix an inverse, the within-panel integrals those
/// of the Lagrange polynomials, Gauss-Hermite exact to degree 39.
#[test]
fn quadrature_constants_hold() {
    use super::rules::{GW, GX, HW, HX, N, VI, WITHIN};
    for k in 0..16 {
        let gl: f64 = GX.iter().zip(GW).map(|(x, w)| w * x.powi(k)).sum();
        let exact = if k % 2 == 0 {
            2.0 / (k + 1) as f64
        } else {
            0.0
        };
        assert!((gl - exact).abs() < 1e-14, "GL x^{k}");
    }
    for (i, xi) in GX.iter().enumerate() {
        for j in 0..N {
            // sum_k VI[k][j] x_i^k is the Lagrange polynomial j at node i.
            let l: f64 = (0..N).map(|k| VI[k][j] * xi.powi(k as i32)).sum();
            assert!(
                (l - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12,
                "VI {i} {j}"
            );
        }
        // WITHIN[i] integrates any cubic exactly from -1 to x_i.
        let w: f64 = WITHIN[i]
            .iter()
            .zip(GX)
            .map(|(m, x)| m * (1.0 + x * x * x))
            .sum();
        let exact = (xi + 1.0) + (xi.powi(4) - 1.0) / 4.0;
        assert!((w - exact).abs() < 1e-14, "WITHIN {i}");
    }
    let mut moment = 1.0; // (k - 1)!!
    for k in (0..40).step_by(2) {
        let gh: f64 = HX.iter().zip(HW).map(|(x, w)| w * x.powi(k)).sum();
        assert!((gh / moment - 1.0).abs() < 1e-12, "GH z^{k}");
        moment *= (k + 1) as f64;
    }
}
