use super::super::CELLS;
use super::*;

#[test]
fn truncated_normal_moments_match_quadrature() {
    for (m, s, lo, hi) in [
        (0.5, 0.1, 0.0, 1.0),
        (0.0, 1.0, 0.5, 3.0),
        (2.0, 0.01, 0.0, 1.9),
    ] {
        let t = TruncNormal::new(m, s, lo, hi).unwrap();
        let n = 400_000;
        let h = (hi - lo) / n as f64;
        let (mut z, mut s1, mut s2) = (0.0, 0.0, 0.0);
        for i in 0..n {
            let x = lo + (i as f64 + 0.5) * h;
            let d = (-0.5 * ((x - m) / s).powi(2)).fast_exp();
            z += d;
            s1 += d * x;
            s2 += d * x * x;
        }
        let (mean, var) = (s1 / z, s2 / z - (s1 / z).powi(2));
        let c = Component::Trunc(t);
        assert!(
            (c.mean() - mean).abs() < 1e-9 * (1.0 + mean.abs()),
            "{m} {s}"
        );
        assert!(
            (c.var() / var - 1.0).abs() < 1e-4,
            "{m} {s}: {} {var}",
            c.var()
        );
        let (p, m1) = c.part(c.mean(), Side::Below { inclusive: true });
        let (q, m2) = c.part(c.mean(), Side::Above { inclusive: true });
        assert!((p + q - 1.0).abs() < 1e-12);
        assert!((m1 + m2 - c.mean()).abs() < 1e-9);
    }
}

#[test]
fn skew_normal_matches_quadrature() {
    // (mu, sigma, alpha, beta, lo, hi): mild and sharp skews both ways,
    // the kink inside or outside, intervals in a tail, a narrow one.
    let cases = [
        (0.5, 0.3, -3.0, 1.5, 0.0, 1.0),
        (0.4, 0.29, 60.0, -30.0, 0.0, 1.0),
        (0.4, 0.29, -60.0, 30.0, 0.1, 0.7),
        (0.2, 0.05, 1e4, -3e3, 0.0, 1.0),
        (10.0, 2.0, 0.5, -5.5, 2.0, 18.0),
        (0.0, 1.0, 2.0, 1.0, 3.0, 6.0),
        (0.0, 1.0, -2.0, 1.0, -7.0, -3.5),
        (0.3, 0.2, 5.0, -1.0, 0.45, 0.4501),
        (0.6, 0.01, -40.0, 25.0, 0.0, 1.0),
    ];
    for (mu, sigma, alpha, beta, lo, hi) in cases {
        let s = Skew::new(mu, sigma, alpha, beta, lo, hi).expect("closed form");
        let c = Component::Skew(Box::new(s));
        let n = 1_000_000;
        let h = (hi - lo) / n as f64;
        let dens = |r: f64| phi((r - mu) / sigma) / sigma * cdf(alpha * r + beta);
        let (mut z, mut s1, mut s2) = (0.0, 0.0, 0.0);
        let xs = [
            lo + 0.3 * (hi - lo),
            lo + 0.5 * (hi - lo),
            lo + 0.77 * (hi - lo),
        ];
        let mut below = [(0.0, 0.0); 3];
        for i in 0..n {
            let r = lo + (i as f64 + 0.5) * h;
            let d = dens(r) * h;
            z += d;
            s1 += d * r;
            s2 += d * r * r;
            for (k, &x) in xs.iter().enumerate() {
                if r < x {
                    below[k].0 += d;
                    below[k].1 += d * r;
                }
            }
        }
        let name = format!("{mu} {sigma} {alpha} {beta} [{lo}, {hi}]");
        let (mean, var) = (s1 / z, s2 / z - (s1 / z).powi(2));
        assert!(
            (s.ln_mass() - z.ln()).abs() < 1e-6,
            "{name}: mass {} vs {z}",
            s.ln_mass().fast_exp()
        );
        let width = hi - lo;
        assert!(
            (c.mean() - mean).abs() < 1e-7 * width,
            "{name}: mean {} vs {mean}",
            c.mean()
        );
        assert!(
            (c.var().sqrt() - var.sqrt()).abs() < 1e-6 * width,
            "{name}: sd {} vs {}",
            c.var().sqrt(),
            var.sqrt()
        );
        for (k, &x) in xs.iter().enumerate() {
            let (p, m1) = c.part(x, Side::Below { inclusive: true });
            let (q, m2) = c.part(x, Side::Above { inclusive: true });
            assert!(
                (p - below[k].0 / z).abs() < 1e-6,
                "{name}: P(r <= {x}) {p} vs {}",
                below[k].0 / z
            );
            assert!(
                (m1 - below[k].1 / z).abs() < 1e-6 * width.max(mean.abs()),
                "{name}: E[r; r <= {x}]"
            );
            assert!(
                (p + q - 1.0).abs() < 1e-12
                    && (m1 + m2 - c.mean()).abs() < 1e-9 * (1.0 + mean.abs())
            );
            assert_eq!(c.prob(x, Side::Below { inclusive: false }), p);
            let cell = c.cell_mass(0, x, x + 0.05 * width, |_| 0);
            let p2 = c.part(x + 0.05 * width, Side::Below { inclusive: true }).0;
            assert!((cell - (p2 - p)).abs() < 1e-12, "{name}: cell mass");
        }
        assert_eq!(
            c.part(lo - 1.0, Side::Below { inclusive: true }),
            (0.0, 0.0)
        );
        assert_eq!(
            c.part(hi + 1.0, Side::Below { inclusive: true }),
            (1.0, c.mean())
        );
        assert_eq!(c.range(), (lo, hi));
    }
    // Too little mass for the closed form: left to cells.
    assert!(Skew::new(0.0, 1.0, 1.0, -40.0, -1.0, 1.0).is_none());
    assert!(Skew::new(0.0, 1.0, 0.0, 0.0, 45.0, 46.0).is_none());
}

#[test]
fn grid_parts_are_consistent() {
    let mut ln_w = [f64::NEG_INFINITY; CELLS];
    for (i, w) in ln_w.iter_mut().enumerate().take(39).skip(10) {
        *w = -((i as f64 - 20.0) / 5.0).powi(2);
    }
    let (g, _) = Grid::from_ln_weights(0.0, 1.0 / 64.0, (0.17, 0.6), (10, 38), &ln_w).unwrap();
    let c = Component::Grid(g);
    assert_eq!(c.range(), (0.17, 0.6));
    let (p, m1) = c.part(0.3, Side::Below { inclusive: true });
    let (q, m2) = c.part(0.3, Side::Above { inclusive: false });
    assert!((p + q - 1.0).abs() < 1e-12);
    assert!((m1 + m2 - c.mean()).abs() < 1e-12);
    assert_eq!(c.part(0.17, Side::Below { inclusive: true }).0, 0.0);
}

/// A truncated normal's parts taken as plain differences of `Phi` (when it
/// holds at least 1e-3 of its normal) agree with the log-space
/// route, which keeps its relative precision in any tail.
#[test]
fn direct_parts_of_a_truncated_normal_agree_with_the_log_space_ones() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(18);
    let (mut worst_p, mut worst_m, mut direct) = (0.0_f64, 0.0_f64, 0);
    for _ in 0..200_000 {
        let m = rng.random_range(-3.0..3.0);
        let s = 10f64.powf(rng.random_range(-2.0..1.0));
        let lo = rng.random_range(-4.0..2.0);
        let hi = lo + 10f64.powf(rng.random_range(-2.5..0.8));
        let Some(t) = TruncNormal::new(m, s, lo, hi) else {
            continue;
        };
        let z0 = rng.random_range(t.a..t.b);
        let z1 = rng.random_range(z0..t.b);
        let (p, m1) = t.part(z0, z1);
        let lp = (ln_mass(z0, z1) - t.ln_p).fast_exp();
        let d = (ln_phi(z0) - t.ln_p).fast_exp() - (ln_phi(z1) - t.ln_p).fast_exp();
        let (p_log, m_log) = (lp, t.m * lp + t.s * d);
        direct += usize::from(t.inv_p > 0.0 && z1 - z0 > 1e-3);
        // Probabilities: absolute (they weigh outcomes); moments: in the
        // normal's sd, beside the mean's size.
        worst_p = worst_p.max((p - p_log).abs());
        worst_m = worst_m.max((m1 - m_log).abs() / (t.s + m.abs()));
    }
    println!("{direct} direct parts; worst |dp| {worst_p:.1e}, |dm| {worst_m:.1e}");
    assert!(direct > 50_000, "the direct route was taken {direct} times");
    // (Upper tails taken as `Phi(z1) - Phi(z0)` cancel: 1.1e-13.)
    assert!(worst_p < 4e-15, "probability off by {worst_p:e}");
    assert!(worst_m < 1e-12, "first moment off by {worst_m:e}");
}

mod moment_terms_tests {
    use super::super::Grid;
    use crate::model::posterior::CELLS;
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    /// The cells' moment terms four at a time are the one-at-a-time terms
    /// bit for bit (normalised masses too), on grids of random extent,
    /// bounds cutting their end cells, and any number of cells.
    #[test]
    fn four_cells_at_once_are_the_scalar_terms() {
        let mut rng = StdRng::seed_from_u64(37);
        for case in 0..20_000 {
            let lo: f64 = rng.random_range(-1e5..1e5);
            let w: f64 = rng.random_range(1e-3..1e3);
            let first = rng.random_range(0..CELLS);
            let last = rng.random_range(first..CELLS);
            let (a, b) = (lo + first as f64 * w, lo + (last + 1) as f64 * w);
            let l = a + rng.random_range(0.0..w);
            let u = (b - rng.random_range(0.0..w)).max(l);
            let mut g = Grid {
                lo,
                w,
                l,
                u,
                first,
                last,
                mass: std::array::from_fn(|_| rng.random_range(0.0..1.0)),
                cum: [0.0; CELLS + 1],
                cum1: [0.0; CELLS + 1],
                mean: 0.0,
                var: 0.0,
            };
            let inv = rng.random_range(0.01..100.0);
            let mut h = g;
            let (mut t, mut s) = ([[0.0; CELLS]; 2], [[0.0; CELLS]; 2]);
            g.moment_terms(inv, &mut t);
            h.moment_terms_lanes(inv, &mut s);
            let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&g.mass), bits(&h.mass), "case {case}");
            assert_eq!(bits(&t[0]), bits(&s[0]), "case {case}");
            assert_eq!(bits(&t[1]), bits(&s[1]), "case {case}");
        }
    }
}
