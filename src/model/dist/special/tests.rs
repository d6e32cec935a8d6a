use super::bivariate::{GL6, GL12, GL20};
use super::*;
use std::f64::consts::FRAC_1_SQRT_2;

#[test]
#[allow(clippy::excessive_precision)]
fn cody_cdf_is_accurate() {
    // Phi(-x) to 18 digits (erf's series, or the Mills ratio's continued
    // fraction past 12, in 120-digit arithmetic).
    let exact = [
        (0.1, 4.601_721_627_229_710_16e-1),
        (0.5, 3.085_375_387_259_868_96e-1),
        (0.674, 2.501_556_568_403_225_77e-1),
        (0.675, 2.498_378_824_717_769_97e-1),
        (1.0, 1.586_552_539_314_570_51e-1),
        (1.5, 6.680_720_126_885_806_6e-2),
        (2.0, 2.275_013_194_817_920_72e-2),
        (3.0, 1.349_898_031_630_094_53e-3),
        (4.5, 3.397_673_124_730_060_4e-6),
        (5.65, 8.022_391_850_663_497_6e-9),
        (5.66, 7.568_649_751_997_713_71e-9),
        (6.0, 9.865_876_450_376_981_41e-10),
        (8.0, 6.220_960_574_271_784_12e-16),
        (10.0, 7.619_853_024_160_526_07e-24),
        (15.0, 3.670_966_199_312_750_89e-51),
        (20.0, 2.753_624_118_606_233_7e-89),
        (25.0, 3.056_696_706_382_560_92e-138),
        (30.0, 4.906_713_927_148_187_06e-198),
        (37.0, 5.725_571_222_524_576_82e-300),
    ];
    for (x, want) in exact {
        let err = (cdf(-x) / want - 1.0).abs();
        assert!(err < 5e-16, "{x}: {:e} vs {want:e} ({err:.1e})", cdf(-x));
        assert!((cdf(x) - (1.0 - want)).abs() < 3e-16);
    }
    // Everywhere: against libm's erfc (itself off by up to 1e-13,
    // relative, in the far tail).
    for i in 0..=200_000 {
        let x = -37.0 + 37.0 * i as f64 / 200_000.0;
        let (got, want) = (cdf(x), 0.5 * libm::erfc(-x * FRAC_1_SQRT_2));
        let tol = if x.abs() < 5.0 { 1e-14 } else { 2e-13 };
        assert!((got - want).abs() < tol * want, "{x}: {got:e} vs {want:e}");
        assert!((cdf(-x) - (1.0 - got)).abs() <= f64::EPSILON);
    }
    assert_eq!(cdf(0.0), 0.5);
    assert_eq!(cdf(f64::INFINITY), 1.0);
    assert_eq!(cdf(f64::NEG_INFINITY), 0.0);
    assert!(cdf(f64::NAN).is_nan());
}

#[test]
fn mills_branches_agree() {
    // The erfc branch and the continued fraction meet at 20.
    let x = 20.0;
    let (r_erfc, k_erfc) = (
        0.5 * libm::erfc(x * FRAC_1_SQRT_2) / phi(x),
        1.0 / (0.5 * libm::erfc(x * FRAC_1_SQRT_2) / phi(x)) - x,
    );
    let mut t = 0.0;
    for k in (1..=24).rev() {
        t = k as f64 / (x + t);
    }
    assert!((r_erfc * (x + t) - 1.0).abs() < 1e-13);
    assert!((k_erfc / t - 1.0).abs() < 1e-9);
    assert!((mills(0.0).0 - 1.253_314_137_315_500_3).abs() < 1e-15);
}

#[test]
fn log_cdf_and_masses_in_the_tails() {
    let direct = (0.5 * libm::erfc(30.0 * FRAC_1_SQRT_2)).ln();
    assert!((ln_cdf(-30.0) - direct).abs() < 1e-12);
    assert!((ln_cdf(-1.0) - cdf(-1.0).ln()).abs() < 1e-15);
    assert!((ln_cdf(3.0) - cdf(3.0).ln()).abs() < 1e-15);
    // Mass of [40, 41] ~ phi(40)/40: finite in log space.
    let lm = ln_mass(40.0, 41.0);
    assert!((lm - (ln_phi(40.0) + mills(40.0).0.ln())).abs() < 1e-12);
    assert!((ln_mass(-1.0, 1.0).fast_exp() - 0.682_689_492_137_085_9).abs() < 1e-15);
    assert!((ln_mass(1.0, 2.0) - ln_mass(-2.0, -1.0)).abs() < 1e-15);
}

#[test]
fn phi_integral_matches_quadrature() {
    for (z0, z1) in [(-3.0, -1.0), (-0.5, 2.0), (1.0, 4.0), (-40.0, -39.5)] {
        let n = 200_000;
        let h = (z1 - z0) / n as f64;
        let (mut s, mut sz) = (0.0, 0.0);
        for i in 0..n {
            let z = z0 + (i as f64 + 0.5) * h;
            let p = (ln_cdf(z) - ln_cdf(z1)).fast_exp();
            s += p * h;
            sz += p * z * h;
        }
        let (li, m) = phi_integral(z0, z1);
        assert!((li - ln_cdf(z1) - s.ln()).abs() < 1e-8, "{z0} {z1}");
        assert!((m - sz / s).abs() < 1e-8, "{z0} {z1}: {m} vs {}", sz / s);
    }
}

#[test]
fn tabulated_log_cdf_is_accurate() {
    let mut worst: (f64, f64) = (0.0, 0.0);
    for k in 0..100_000 {
        // The tail table (down to -64), the fine one and above it.
        let z = -66.0 + k as f64 * 75.0 / 100_000.0;
        let (a, b) = ln_cdf_lambda(z);
        let (ea, eb) = ln_cdf_lambda_exact(z);
        let eb = if z >= TABLE_HI { 0.0 } else { eb };
        let ea = if z >= TABLE_HI { 0.0 } else { ea };
        worst = (
            worst.0.max((a - ea).abs()),
            worst.1.max((b - eb).abs() / (1.0 + eb)),
        );
    }
    assert!(worst.0 < 1e-8 && worst.1 < 1e-8, "{worst:?}");
}

/// `P(X > h, Y > k)` by composite 20-point Gauss-Legendre over `x`
/// (panels of width 0.02, finer around the kink of `P(Y > k | x)` at
/// `x = k / r`), summed from the smallest terms.
fn bvn_brute(h: f64, k: f64, r: f64) -> f64 {
    let s = ((1.0 - r) * (1.0 + r)).sqrt();
    let f = |x: f64| phi(x) * cdf((r * x - k) / s);
    let mut terms = Vec::new();
    let mut panels = |a: f64, b: f64, n: usize| {
        if b <= a {
            return;
        }
        let dx = (b - a) / n as f64;
        for i in 0..n {
            let (c, half) = (a + (i as f64 + 0.5) * dx, 0.5 * dx);
            for &(x, w) in &GL20 {
                terms.push(w * half * f(c - half * x));
                terms.push(w * half * f(c + half * x));
            }
        }
    };
    let (lo, hi) = (h.max(-40.0), 40.0);
    let kink = (k / r).clamp(lo, hi);
    let w = (30.0 * s).min(1.0);
    let cuts = [lo, (kink - w).max(lo), (kink + w).clamp(lo, hi), hi];
    for i in 0..3 {
        let n = ((cuts[i + 1] - cuts[i]) / if i == 1 { w / 50.0 } else { 0.02 }).ceil();
        panels(cuts[i], cuts[i + 1], n as usize);
    }
    terms.sort_by(|a, b| a.abs().partial_cmp(&b.abs()).unwrap());
    terms.iter().sum()
}

#[test]
fn skew_integral_matches_brute_force() {
    let mut worst = 0.0f64;
    for a in [0.0, 0.2, -0.7, 1.0, -1.0, 1.5, -3.0, 17.0, -250.0, 1e6] {
        for d in [-4.0, -1.0, 0.0, 0.5, 3.0] {
            let si = SkewIntegral::new(a, d);
            let r = -a / (1.0 + a * a).sqrt();
            let s = (1.0 + a * a).sqrt().recip();
            for z in [-7.0, -2.0, -0.5, 0.0, 0.3, 1.0, 2.5, 9.0] {
                // P(Z <= z, W <= k) = P(-Z > -z, -W > -k); brute force
                // unless the correlation is too close to -1 for it.
                let want = if a == 0.0 {
                    cdf(z) * cdf(d)
                } else if s > 1e-3 {
                    bvn_brute(-z, -si.k(), r)
                } else {
                    // A step at -d/a: the normal mass beyond it.
                    let t = -d / a;
                    if a > 0.0 {
                        (cdf(z) - cdf(t)).max(0.0)
                    } else {
                        cdf(z.min(t))
                    }
                };
                let (got, g) = si.at(z);
                assert_eq!(g, cdf(a * z + d));
                // The batched forms give the same bits.
                let bits = |(f, g): (f64, f64)| (f.to_bits(), g.to_bits());
                for z1 in [-3.0, 0.1, 4.0] {
                    let [p0, p1] = si.at_two(z, z1);
                    assert_eq!((bits(p0), bits(p1)), (bits(si.at(z)), bits(si.at(z1))));
                    let (p, c) = si.at_and_cdf(z, z1);
                    assert_eq!((bits(p), c.to_bits()), (bits(si.at(z)), cdf(z1).to_bits()));
                }
                if s > 1e-3 {
                    worst = worst.max((got - want).abs());
                }
                let tol = if s > 1e-3 { 5e-15 } else { 1e-6 };
                assert!(
                    (got - want).abs() < tol,
                    "a {a} d {d} z {z}: {got:e} vs {want:e}"
                );
            }
            assert!((si.total() - cdf(si.k())).abs() < 1e-16);
        }
    }
    eprintln!("skew integral: worst absolute error {worst:.1e}");
}

#[test]
fn gauss_legendre_rules_integrate_polynomials() {
    for rule in [&GL6[..], &GL12[..], &GL20[..]] {
        let n = 2 * rule.len();
        for p in (0..2 * n).step_by(2) {
            // Even powers: int_{-1}^{1} x^p = 2 / (p + 1).
            let got: f64 = rule.iter().map(|&(x, w)| 2.0 * w * x.powi(p as i32)).sum();
            assert!((got - 2.0 / (p as f64 + 1.0)).abs() < 1e-14, "{n} {p}");
        }
    }
}

#[test]
fn bivariate_normal_matches_brute_force() {
    let hs = [-6.0, -2.5, -1.0, -0.3, 0.0, 0.4, 1.3, 3.0, 6.5];
    let rs = [
        -0.999_999, -0.999, -0.95, -0.9, -0.6, -0.2, 0.1, 0.5, 0.8, 0.93, 0.99, 0.999_99,
    ];
    let (mut worst, mut worst_rel) = (0.0f64, 0.0f64);
    for &h in &hs {
        for &k in &hs {
            for &r in &rs {
                let (got, want) = (bvn_upper(h, k, r), bvn_brute(h, k, r));
                let err = (got - want).abs();
                worst = worst.max(err);
                if want > 1e-12 {
                    worst_rel = worst_rel.max(err / want);
                }
                assert!(err < 5e-15, "h {h} k {k} r {r}: {got:e} vs {want:e}");
            }
        }
    }
    eprintln!("bvn: worst absolute error {worst:.1e}, relative {worst_rel:.1e} (above 1e-12)");
    // The limits and a symmetry.
    assert_eq!(bvn_upper(0.3, -0.2, 0.0), cdf(-0.3) * cdf(0.2));
    assert!((bvn_upper(0.0, 0.0, 0.5) - 1.0 / 3.0).abs() < 1e-15);
    assert!((bvn_upper_s(0.2, 0.5, 1.0, 0.0) - cdf(-0.5)).abs() < 1e-15);
    assert!((bvn_upper_s(-0.7, -0.5, -1.0, 0.0) - (cdf(0.7) - cdf(-0.5))).abs() < 1e-15);
}

#[test]
fn incomplete_beta_known_values() {
    assert!((beta_inc(1.0, 1.0, 0.3) - 0.3).abs() < 1e-14);
    // I_x(2, 3) = 1 - (1-x)^3 (1 + 3x)... check at x = 0.4: 0.5248.
    assert!((beta_inc(2.0, 3.0, 0.4) - 0.5248).abs() < 1e-13);
    assert!((beta_inc(0.5, 0.5, 0.5) - 0.5).abs() < 1e-13);
}

#[test]
fn half_normal_h2_derivative_is_the_cdf() {
    let b = 0.7;
    for x in [0.1, 0.5, 2.0] {
        let e = 1e-5;
        let d = (half_normal_h2(x + e, b) - half_normal_h2(x - e, b)) / (2.0 * e);
        assert!((d - (2.0 * cdf(x / b) - 1.0)).abs() < 1e-8);
    }
}

/// The per-thread table of Plackett's rules gives the rule for the
/// correlation asked, never another one that shares its slot: many
/// correlations in turn (more than the table keeps, so that it is emptied
/// and filled again), each asked again later.
#[test]
fn cached_plackett_rules_are_the_rules_asked_for() {
    use super::bivariate::Plackett;
    let rs: Vec<f64> = (0..200).map(|k| -0.74 + 1.48 * k as f64 / 199.0).collect();
    for round in 0..3 {
        for (k, &r) in rs.iter().enumerate() {
            // (every other one twice in a row: a hit right after a miss)
            for _ in 0..1 + k % 2 {
                assert_eq!(
                    Plackett::cached(r),
                    Plackett::new(r),
                    "round {round} r = {r}"
                );
            }
        }
    }
}

/// Plackett's sum four nodes at a time (AVX2, where the processor has it)
/// gives the scalar loop's bits: rules of 6 and 12 nodes, exponents from
/// ordinary to beyond the underflow (`-708` and `-746`), both signs of the
/// correlation.
#[test]
fn plackett_lanes_give_the_scalar_sum_bit_for_bit() {
    use super::bivariate::Plackett;
    use rand::{RngExt, SeedableRng, rngs::StdRng};
    let mut rng = StdRng::seed_from_u64(18);
    let mut deep = 0;
    for _ in 0..200_000 {
        let r = rng.random_range(-0.749..0.749);
        let scale: f64 = [1.0, 5.0, 40.0, 60.0][rng.random_range(0..4)];
        let (h, k) = (
            scale * rng.random_range(-1.0..1.0),
            scale * rng.random_range(-1.0..1.0),
        );
        let rule = Plackett::new(r);
        let (hk, hs) = (h * k, 0.5 * (h * h + k * k));
        if (hs - r.abs() * hk.abs()) > 708.0 {
            deep += 1;
        }
        let (got, want) = (rule.excess(h, k), rule.excess_scalar(hk, hs));
        assert_eq!(
            got.to_bits(),
            want.to_bits(),
            "r {r} h {h} k {k}: {got:e} vs {want:e}"
        );
    }
    // (the underflowing lanes were reached)
    assert!(deep > 10_000, "{deep}");
}

/// Leaving out Plackett's excess where it cannot change the sum it is added
/// to (or taken from) gives the bits of the sum taken: sums `c` from far
/// above the excess to far below it (the boundary is near `2^53` times
/// it), zeros and subnormals, both signs, exponents from ordinary to
/// beyond the underflow.
#[test]
fn an_excess_left_out_leaves_the_sum_it_joins_unchanged() {
    use super::bivariate::Plackett;
    use rand::{RngExt, SeedableRng, rngs::StdRng};
    let mut rng = StdRng::seed_from_u64(19);
    let (mut skipped, mut cases) = (0, 0);
    for _ in 0..40_000 {
        let r = rng.random_range(-0.749..0.749);
        let scale: f64 = [1.0, 5.0, 12.0, 40.0][rng.random_range(0..4)];
        let (h, k) = (
            scale * rng.random_range(-1.0..1.0),
            scale * rng.random_range(-1.0..1.0),
        );
        let rule = Plackett::new(r);
        let e = rule.excess(h, k);
        for _ in 0..8 {
            let c = match rng.random_range(0..4) {
                0 => 0.0,
                1 => f64::from_bits(rng.random_range(1..1u64 << 52)),
                _ => e.abs().max(1e-300) * 2f64.powi(rng.random_range(30..80)),
            } * if rng.random_bool(0.5) { 1.0 } else { -1.0 };
            let got = rule.excess_beside(h, k, c);
            skipped += usize::from(got == 0.0 && e != 0.0);
            cases += 1;
            for (g, w) in [(got + c, e + c), (c - got, c - e)] {
                assert_eq!(
                    g.to_bits(),
                    w.to_bits(),
                    "r {r} h {h} k {k} c {c:e}: excess {e:e}"
                );
            }
        }
    }
    eprintln!("excess left out (nonzero) in {skipped} of {cases} cases");
    assert!(skipped > cases / 10, "{skipped} of {cases}");
}

/// `cdf_slice` (four lanes at a time with AVX2) gives `cdf`'s bits: in each
/// of Cody's ranges and at their limits, where the exponential underflows,
/// at signed zeros, infinities and NaN, and in slices whose length leaves a
/// scalar tail; lanes of one group mixing every range.
#[test]
fn a_slice_of_cdfs_is_cdf_bit_for_bit() {
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    let mut rng = StdRng::seed_from_u64(41);
    let special = [
        0.0,
        -0.0,
        0.674_489_75,
        -0.674_489_75,
        5.656_854_249_492_38,
        -5.656_854_249_492_38,
        38.5,
        -38.6,
        -40.0,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1e-300,
    ];
    let mut xs = Vec::new();
    for k in 0..200_000 {
        xs.push(match k % 4 {
            0 => rng.random_range(-0.7..0.7),
            1 => rng.random_range(-6.0..6.0),
            2 => rng.random_range(-45.0..45.0),
            _ => special[k / 4 % special.len()],
        });
    }
    // Groups of one range only (the central range's early return).
    for range in [-0.6..0.6, 1.0..5.0, -30.0..-6.0] {
        for _ in 0..400 {
            xs.push(rng.random_range(range.clone()));
        }
    }
    for n in [xs.len(), 7, 3] {
        let mut out = vec![0.0; n];
        cdf_slice(&xs[..n], &mut out);
        for (k, (&x, &v)) in xs.iter().zip(&out).enumerate() {
            assert_eq!(v.to_bits(), cdf(x).to_bits(), "x {x} at {k}: {v}");
        }
    }
}
