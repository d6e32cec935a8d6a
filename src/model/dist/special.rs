//! Special functions of distributions and the belief engine, robust far in the tails: the
//! standard normal in log space, the Mills ratio and its continued-fraction
//! tails, normal masses of intervals, the integral of `Phi` over an interval,
//! the half-normal kernel's second antiderivative, and the regularised
//! incomplete beta function (for beta priors).

use std::f64::consts::{FRAC_1_SQRT_2, LN_2};

/// `ln sqrt(2 pi)`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
/// `1 / sqrt(2 pi)`.
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
/// Below this width (in standard units) an interval is integrated as a point.
const THIN: f64 = 1e-7;

/// Standard normal density.
#[inline]
pub fn phi(x: f64) -> f64 {
    INV_SQRT_2PI * (-0.5 * x * x).exp()
}

/// Logarithm of the standard normal density.
#[inline]
pub fn ln_phi(x: f64) -> f64 {
    -0.5 * x * x - LN_SQRT_2PI
}

/// Standard normal cumulative distribution function.
#[inline]
pub fn cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x * FRAC_1_SQRT_2)
}

/// Mills ratio `R(x) = (1 - Phi(x)) / phi(x)` for `x >= 0`, with the tail
/// `K(x) = 1/R(x) - x` of its continued fraction, so that `1 - x R = K R`
/// without cancellation.
pub fn mills(x: f64) -> (f64, f64) {
    debug_assert!(x >= 0.0 || x.is_nan());
    if x < 20.0 {
        let r = 0.5 * libm::erfc(x * FRAC_1_SQRT_2) / phi(x);
        (r, 1.0 / r - x)
    } else if x.is_finite() {
        // R = 1/(x + 1/(x + 2/(x + 3/(x + ...)))): converges fast for x >= 20.
        let mut t = 0.0;
        for k in (1..=24).rev() {
            t = k as f64 / (x + t);
        }
        (1.0 / (x + t), t)
    } else {
        (0.0, 0.0)
    }
}

/// `ln Phi(x)`, accurate in both tails.
pub fn ln_cdf(x: f64) -> f64 {
    if x > 0.0 {
        (-0.5 * libm::erfc(x * FRAC_1_SQRT_2)).ln_1p()
    } else if x > -20.0 {
        (0.5 * libm::erfc(-x * FRAC_1_SQRT_2)).ln()
    } else if x == f64::NEG_INFINITY {
        f64::NEG_INFINITY
    } else {
        ln_phi(x) + mills(-x).0.ln()
    }
}

/// Table range and step of [`ln_cdf_lambda`].
const TABLE_LO: f64 = -16.0;
const TABLE_HI: f64 = 8.5;
const TABLE_STEP: f64 = 1.0 / 32.0;
const TABLE_N: usize = ((TABLE_HI - TABLE_LO) / TABLE_STEP) as usize + 2;

/// `(ln Phi(z), phi(z) / Phi(z))` at the table's nodes.
static TABLE: std::sync::LazyLock<Box<[(f64, f64)]>> = std::sync::LazyLock::new(|| {
    (0..TABLE_N)
        .map(|i| ln_cdf_lambda_exact(TABLE_LO + i as f64 * TABLE_STEP))
        .collect()
});

fn ln_cdf_lambda_exact(z: f64) -> (f64, f64) {
    let lc = ln_cdf(z);
    (lc, (ln_phi(z) - lc).exp())
}

/// `ln Phi(z)` and the inverse Mills ratio `lambda(z) = phi(z) / Phi(z)`
/// (its derivative), for the per-cell hot path: cubic Hermite interpolation
/// in a table (both derivatives are known exactly: `lambda` and
/// `-lambda (z + lambda)`), absolute error below 1e-8; exact outside it.
#[inline]
pub fn ln_cdf_lambda(z: f64) -> (f64, f64) {
    if !(TABLE_LO..TABLE_HI).contains(&z) {
        return if z >= TABLE_HI {
            (0.0, 0.0)
        } else {
            ln_cdf_lambda_exact(z)
        };
    }
    let x = (z - TABLE_LO) * (1.0 / TABLE_STEP);
    let i = x as usize;
    let t = x - i as f64;
    let ((f0, l0), (f1, l1)) = (TABLE[i], TABLE[i + 1]);
    let (z0, z1) = (
        TABLE_LO + i as f64 * TABLE_STEP,
        TABLE_LO + (i + 1) as f64 * TABLE_STEP,
    );
    let (d0, d1) = (-l0 * (z0 + l0), -l1 * (z1 + l1));
    let h = TABLE_STEP;
    let (t2, t3) = (t * t, t * t * t);
    let (h00, h10, h01, h11) = (
        2.0 * t3 - 3.0 * t2 + 1.0,
        t3 - 2.0 * t2 + t,
        -2.0 * t3 + 3.0 * t2,
        t3 - t2,
    );
    (
        h00 * f0 + h10 * h * l0 + h01 * f1 + h11 * h * l1,
        h00 * l0 + h10 * h * d0 + h01 * l1 + h11 * h * d1,
    )
}

/// `ln(1 - e^d)` for `d <= 0`.
#[inline]
pub fn ln_1m_exp(d: f64) -> f64 {
    if d > -LN_2 {
        (-d.exp_m1()).ln()
    } else {
        (-d.exp()).ln_1p()
    }
}

/// `ln P(a <= Z <= b)` for a standard normal `Z`, robust in the tails.
pub fn ln_mass(a: f64, b: f64) -> f64 {
    if a.partial_cmp(&b) != Some(std::cmp::Ordering::Less) {
        return f64::NEG_INFINITY;
    }
    if b - a < THIN {
        return ln_phi(0.5 * (a + b)) + (b - a).ln();
    }
    if a >= 0.0 {
        if a < 20.0 && b - a > 1e-3 {
            // Upper tails by erfc: no cancellation when the ends are apart.
            return (0.5 * (libm::erfc(a * FRAC_1_SQRT_2) - libm::erfc(b * FRAC_1_SQRT_2))).ln();
        }
        let (la, lb) = (ln_cdf(-a), ln_cdf(-b));
        la + ln_1m_exp(lb - la)
    } else if b <= 0.0 {
        ln_mass(-b, -a)
    } else {
        let out = 0.5 * libm::erfc(b * FRAC_1_SQRT_2) + 0.5 * libm::erfc(-a * FRAC_1_SQRT_2);
        (-out).ln_1p()
    }
}

/// Log-mass and conditional mean (in standard units) of a standard normal on
/// `[a, b]`; the midpoint when the mass underflows.
pub fn gauss_interval(a: f64, b: f64) -> (f64, f64) {
    let lm = ln_mass(a, b);
    if lm == f64::NEG_INFINITY || b - a < THIN {
        return (lm, 0.5 * (a + b));
    }
    let mean = (ln_phi(a) - lm).exp() - (ln_phi(b) - lm).exp();
    (lm, mean.clamp(a, b))
}

/// `ln Psi(z)` with `Psi(z) = z Phi(z) + phi(z)`, the antiderivative of `Phi`.
fn ln_psi(z: f64) -> f64 {
    if z >= 0.0 {
        (z * cdf(z) + phi(z)).ln()
    } else if z == f64::NEG_INFINITY {
        f64::NEG_INFINITY
    } else {
        // Psi(-x) = phi(x) (1 - x R(x)) = phi(x) K R.
        let (r, k) = mills(-z);
        ln_phi(z) + (k * r).ln()
    }
}

/// `Xi(z) / Psi(z_ref)` where `Xi(z) = ((z^2 - 1) Phi(z) + z phi(z)) / 2` is
/// the antiderivative of `z Phi(z)` and `ln_ref = ln Psi(z_ref)`.
fn xi_scaled(z: f64, ln_ref: f64) -> f64 {
    if z >= 0.0 {
        0.5 * ((z * z - 1.0) * cdf(z) + z * phi(z)) * (-ln_ref).exp()
    } else if z == f64::NEG_INFINITY {
        0.0
    } else {
        // Xi(-x) = -phi(x) R (1 + x K) / 2, free of cancellation.
        let x = -z;
        let (r, k) = mills(x);
        -0.5 * r * (1.0 + x * k) * (ln_phi(x) - ln_ref).exp()
    }
}

/// `ln` of the integral of `Phi` over `[z0, z1]` and the `Phi`-weighted mean
/// of `z` there (standard units, `z0 < z1`).
pub fn phi_integral(z0: f64, z1: f64) -> (f64, f64) {
    if z1 - z0 < THIN {
        return (
            ln_cdf(0.5 * (z0 + z1)) + (z1 - z0).max(0.0).ln(),
            0.5 * (z0 + z1),
        );
    }
    let (l0, l1) = (ln_psi(z0), ln_psi(z1));
    let ln_int = l1 + ln_1m_exp((l0 - l1).min(0.0));
    if ln_int == f64::NEG_INFINITY {
        return (ln_int, 0.5 * (z0 + z1));
    }
    let ratio = (l1 - ln_int).exp();
    let mean = (xi_scaled(z1, l1) - xi_scaled(z0, l1)) * ratio;
    let mean = if mean.is_finite() {
        mean.clamp(z0, z1)
    } else {
        0.5 * (z0 + z1)
    };
    (ln_int, mean)
}

/// Second antiderivative (from 0) of the half-normal(`b`) distribution
/// function: `H2(x) = int_0^x P(u <= y) dy`, zero for `x <= 0`.
pub fn half_normal_h2(x: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let z = x / b;
    2.0 * b * (z * cdf(z) + phi(z) - INV_SQRT_2PI) - x
}

/// Regularised incomplete beta function `I_x(a, b)` (continued fraction,
/// Numerical Recipes 6.4).
pub fn beta_inc(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front =
        libm::lgamma(a + b) - libm::lgamma(a) - libm::lgamma(b) + a * x.ln() + b * (-x).ln_1p();
    if x < (a + 1.0) / (a + b + 2.0) {
        (ln_front.exp() * beta_cf(a, b, x) / a).clamp(0.0, 1.0)
    } else {
        (1.0 - ln_front.exp() * beta_cf(b, a, 1.0 - x) / b).clamp(0.0, 1.0)
    }
}

/// Continued fraction of the incomplete beta function (modified Lentz).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        for aa in [
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ] {
            d = 1.0 + aa * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + aa / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!((ln_mass(-1.0, 1.0).exp() - 0.682_689_492_137_085_9).abs() < 1e-15);
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
                let p = (ln_cdf(z) - ln_cdf(z1)).exp();
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
            let z = -17.0 + k as f64 * 26.0 / 100_000.0;
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
}
