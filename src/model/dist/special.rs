//! Special functions of distributions and the belief engine, robust far in the tails: the
//! standard normal in log space, the Mills ratio and its continued-fraction
//! tails, normal masses of intervals, the integral of `Phi` over an interval,
//! the half-normal kernel's second antiderivative, and the regularised
//! incomplete beta function (for beta priors).

use crate::model::dist::exp::{FastExp, index_f64, to_index};
use std::f64::consts::LN_2;

#[cfg(target_arch = "x86_64")]
mod avx2;
mod bivariate;
#[cfg(test)]
mod tests;

pub use bivariate::{Plackett, SkewIntegral, bvn_upper, bvn_upper_s};

/// `ln sqrt(2 pi)`.
pub(crate) const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
/// `1 / sqrt(2 pi)`.
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
/// Below this width (in standard units) an interval is integrated as a point.
const THIN: f64 = 1e-7;

/// Standard normal density.
#[inline]
pub fn phi(x: f64) -> f64 {
    INV_SQRT_2PI * (-0.5 * x * x).fast_exp()
}

/// Logarithm of the standard normal density.
#[inline]
pub fn ln_phi(x: f64) -> f64 {
    -0.5 * x * x - LN_SQRT_2PI
}

/// Coefficients of W. J. Cody's rational Chebyshev approximations of the
/// normal distribution function (ACM TOMS 715, SPECFUN ANORM; R's `pnorm`),
/// with the digits as published.
#[allow(clippy::excessive_precision)]
const CODY_A: [f64; 5] = [
    2.235_252_035_460_683_928_7,
    161.028_231_068_555_878_81,
    1_067.689_485_460_370_958_2,
    18_154.981_253_343_561_249,
    0.065_682_337_918_207_449_113,
];
#[allow(clippy::excessive_precision)]
const CODY_B: [f64; 4] = [
    47.202_581_904_688_241_87,
    976.098_551_737_776_693_22,
    10_260.932_208_618_978_205,
    45_507.789_335_026_729_956,
];
#[allow(clippy::excessive_precision)]
const CODY_C: [f64; 9] = [
    0.398_941_512_088_134_667_64,
    8.883_149_794_388_375_941_2,
    93.506_656_132_177_855_979,
    597.270_276_394_800_262_26,
    2_494.537_585_290_372_671_1,
    6_848.190_450_536_282_332_6,
    11_602.651_437_647_350_124,
    9_842.714_838_383_978_021_8,
    1.076_557_677_372_019_231_7e-8,
];
#[allow(clippy::excessive_precision)]
const CODY_D: [f64; 8] = [
    22.266_688_044_328_115_691,
    235.387_901_782_624_998_61,
    1_519.377_599_407_554_805,
    6_485.558_298_266_760_755,
    18_615.571_640_885_098_091,
    34_900.952_721_145_977_266,
    38_912.003_286_093_271_411,
    19_685.429_676_859_990_727,
];
#[allow(clippy::excessive_precision)]
const CODY_P: [f64; 6] = [
    0.215_898_534_057_956_99,
    0.127_401_161_160_247_363_9,
    0.022_235_277_870_649_807,
    0.001_421_619_193_227_893_466,
    2.911_287_495_116_879_2e-5,
    0.023_073_441_764_940_173_03,
];
#[allow(clippy::excessive_precision)]
const CODY_Q: [f64; 5] = [
    1.284_260_096_144_911_21,
    0.468_238_212_480_865_118,
    0.065_988_137_868_928_551_5,
    0.003_782_396_332_027_582_44,
    7.297_515_550_839_662_05e-5,
];

/// Standard normal cumulative distribution function: Cody's rational
/// approximations with one exponential, relative error a few ulps in both
/// tails (the tail is computed directly, never as `1 - Phi`).
#[inline]
pub fn cdf(x: f64) -> f64 {
    let y = x.abs();
    if y <= 0.674_489_75 {
        let xsq = x * x;
        let (mut num, mut den) = (CODY_A[4] * xsq, xsq);
        for i in 0..3 {
            num = (num + CODY_A[i]) * xsq;
            den = (den + CODY_B[i]) * xsq;
        }
        return 0.5 + x * (num + CODY_A[3]) / (den + CODY_B[3]);
    }
    // exp(-y^2 / 2) with y^2 split at a multiple of 1/16 (whose square is
    // exact) plus a small rest; the rounding of their sum is carried to
    // first order, so one exponential keeps full precision.
    // Truncation by a cast where exact (`trunc` is a library call here).
    let t = y * 16.0;
    let ysq = if t < 4.5e15 {
        t as i64 as f64
    } else {
        t.trunc()
    } / 16.0;
    let (big, small) = (-0.5 * ysq * ysq, -0.5 * (y - ysq) * (y + ysq));
    let e = big + small;
    let gauss = if e > -746.0 {
        e.fast_exp() * (1.0 + (small - (e - big)))
    } else {
        0.0 // underflow (or an infinite or NaN x, whose y says the rest)
    };
    let tail = if y <= 5.656_854_249_492_38 {
        let (mut num, mut den) = (CODY_C[8] * y, y);
        for i in 0..7 {
            num = (num + CODY_C[i]) * y;
            den = (den + CODY_D[i]) * y;
        }
        (num + CODY_C[7]) / (den + CODY_D[7]) * gauss
    } else {
        let xsq = 1.0 / (y * y);
        let (mut num, mut den) = (CODY_P[5] * xsq, xsq);
        for i in 0..4 {
            num = (num + CODY_P[i]) * xsq;
            den = (den + CODY_Q[i]) * xsq;
        }
        let r = xsq * (num + CODY_P[4]) / (den + CODY_Q[4]);
        (INV_SQRT_2PI - r) / y * gauss
    };
    if x > 0.0 { 1.0 - tail } else { tail }
}

/// [`cdf`] of each of `xs`, into `out` (of the same length), with AVX2
/// where the processor has it: the same values bit for bit.
pub fn cdf_slice(xs: &[f64], out: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2 (checked just above).
        return unsafe { avx2::cdf_slice(xs, out) };
    }
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = cdf(x);
    }
}

/// [`cdf`] of four values at once (with AVX2 where the processor has it:
/// the same values bit for bit).
#[inline]
pub fn cdf_four(xs: [f64; 4]) -> [f64; 4] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2 (checked just above).
        return unsafe { avx2::cdf_four(xs) };
    }
    xs.map(cdf)
}

/// Mills ratio `R(x) = (1 - Phi(x)) / phi(x)` for `x >= 0`, with the tail
/// `K(x) = 1/R(x) - x` of its continued fraction, so that `1 - x R = K R`
/// without cancellation.
pub fn mills(x: f64) -> (f64, f64) {
    debug_assert!(x >= 0.0 || x.is_nan());
    if x < 20.0 {
        let r = cdf(-x) / phi(x);
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
        (-cdf(-x)).ln_1p()
    } else if x > -20.0 {
        cdf(x).ln()
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

/// Cubic coefficients per interval of a table: of a value and of its
/// derivative, in `t` in `[0, 1]` across the interval.
type Cubics = Box<[[f64; 8]]>;

/// The cubic Hermite interpolants between nodes `z_i = lo + i step` where
/// `node(z)` gives `(f, f', lambda, lambda')`, as coefficients (`f` and
/// `lambda`), so that an evaluation is two Horner schemes.
fn cubics(lo: f64, step: f64, n: usize, node: impl Fn(f64) -> [f64; 4]) -> Cubics {
    let coef = |(f0, d0): (f64, f64), (f1, d1): (f64, f64)| {
        [
            f0,
            step * d0,
            3.0 * (f1 - f0) - step * (2.0 * d0 + d1),
            2.0 * (f0 - f1) + step * (d0 + d1),
        ]
    };
    (0..n - 1)
        .map(|i| {
            let [f0, g0, l0, m0] = node(lo + i as f64 * step);
            let [f1, g1, l1, m1] = node(lo + (i + 1) as f64 * step);
            let (a, b) = (coef((f0, g0), (f1, g1)), coef((l0, m0), (l1, m1)));
            [a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]]
        })
        .collect()
}

/// A cubic of [`cubics`] at `t`: `(value, lambda)`.
#[inline(always)]
fn horner(c: &[f64; 8], t: f64) -> (f64, f64) {
    (
        c[0] + t * (c[1] + t * (c[2] + t * c[3])),
        c[4] + t * (c[5] + t * (c[6] + t * c[7])),
    )
}

/// `ln Phi(z)` (derivative `lambda`) and `lambda(z)` (derivative
/// `-lambda (z + lambda)`) between the table's nodes.
static TABLE: std::sync::LazyLock<Cubics> = std::sync::LazyLock::new(|| {
    cubics(TABLE_LO, TABLE_STEP, TABLE_N, |z| {
        let (lc, lam) = ln_cdf_lambda_exact(z);
        [lc, lam, lam, -lam * (z + lam)]
    })
});

/// Range and step of the lower tail's table.
const TAIL_LO: f64 = -64.0;
const TAIL_STEP: f64 = 0.25;
const TAIL_N: usize = ((TABLE_LO - TAIL_LO) / TAIL_STEP) as usize + 2;

/// `ln Phi(z) + z^2 / 2` (smooth there: about `-ln(-z)`; derivative
/// `lambda + z`) and `lambda(z)` between the tail table's nodes.
static TAIL: std::sync::LazyLock<Cubics> = std::sync::LazyLock::new(|| {
    cubics(TAIL_LO, TAIL_STEP, TAIL_N, |z| {
        let (lc, lam) = ln_cdf_lambda_exact(z);
        [lc + 0.5 * z * z, lam + z, lam, -lam * (z + lam)]
    })
});

/// [`ln_cdf_lambda`] on `[TAIL_LO, TABLE_LO)`, from the tail table.
fn ln_cdf_lambda_tail(z: f64) -> (f64, f64) {
    let x = (z - TAIL_LO) * (1.0 / TAIL_STEP);
    let i = to_index(x).min(TAIL_N - 2);
    let (g, lam) = horner(&TAIL[i], x - index_f64(i));
    (g - 0.5 * z * z, lam)
}

fn ln_cdf_lambda_exact(z: f64) -> (f64, f64) {
    let lc = ln_cdf(z);
    (lc, (ln_phi(z) - lc).fast_exp())
}

/// `ln Phi(z)` and the inverse Mills ratio `lambda(z) = phi(z) / Phi(z)`
/// (its derivative), for the per-cell hot path: cubic Hermite interpolation
/// in a table (both derivatives are known exactly: `lambda` and
/// `-lambda (z + lambda)`), absolute error below 1e-8; exact outside it.
/// Below the table, down to [`TAIL_LO`], a coarser one of `ln Phi(z) + z^2
/// / 2` (smooth there: about `-ln(-z)`) serves the same way.
#[inline]
pub fn ln_cdf_lambda(z: f64) -> (f64, f64) {
    if !(TABLE_LO..TABLE_HI).contains(&z) {
        return if z >= TABLE_HI {
            (0.0, 0.0)
        } else if z >= TAIL_LO {
            ln_cdf_lambda_tail(z)
        } else {
            ln_cdf_lambda_exact(z)
        };
    }
    let x = (z - TABLE_LO) * (1.0 / TABLE_STEP);
    let i = to_index(x);
    horner(&TABLE[i], x - index_f64(i))
}

/// The table behind [`ln_cdf_lambda`] on `[lo, hi)`: its cubics (value
/// and lambda, four coefficients each, in the variable `(z - lo) * scale`
/// less its integer part), `lo`, `hi` and `scale`; for vectorised lookups
/// that must give the same values bit for bit.
pub(crate) fn ln_cdf_lambda_table() -> (&'static [[f64; 8]], f64, f64, f64) {
    (&TABLE, TABLE_LO, TABLE_HI, 1.0 / TABLE_STEP)
}

/// `ln(1 - e^d)` for `d <= 0`.
#[inline]
pub fn ln_1m_exp(d: f64) -> f64 {
    if d > -LN_2 {
        (-d.exp_m1()).ln()
    } else {
        (-d.fast_exp()).ln_1p()
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
            // Upper tails: no cancellation when the ends are apart.
            return (cdf(-a) - cdf(-b)).ln();
        }
        let (la, lb) = (ln_cdf(-a), ln_cdf(-b));
        la + ln_1m_exp(lb - la)
    } else if b <= 0.0 {
        ln_mass(-b, -a)
    } else {
        let out = cdf(-b) + cdf(a);
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
    let mean = (ln_phi(a) - lm).fast_exp() - (ln_phi(b) - lm).fast_exp();
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
        0.5 * ((z * z - 1.0) * cdf(z) + z * phi(z)) * (-ln_ref).fast_exp()
    } else if z == f64::NEG_INFINITY {
        0.0
    } else {
        // Xi(-x) = -phi(x) R (1 + x K) / 2, free of cancellation.
        let x = -z;
        let (r, k) = mills(x);
        -0.5 * r * (1.0 + x * k) * (ln_phi(x) - ln_ref).fast_exp()
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
    let ratio = (l1 - ln_int).fast_exp();
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
        (ln_front.fast_exp() * beta_cf(a, b, x) / a).clamp(0.0, 1.0)
    } else {
        (1.0 - ln_front.fast_exp() * beta_cf(b, a, 1.0 - x) / b).clamp(0.0, 1.0)
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

/// Mean and variance of the standard normal truncated to a narrow `[a, b]`,
/// by Simpson's rule on `x - c` about the midpoint `c` (no cancellation:
/// the variance is about `(b - a)^2 / 12`).
pub(crate) fn narrow_truncated_moments(a: f64, b: f64) -> (f64, f64) {
    const N: usize = 64;
    let c = 0.5 * (a + b);
    let h = (b - a) / N as f64;
    let (mut w0, mut w1, mut w2) = (0.0, 0.0, 0.0);
    for i in 0..=N {
        let d = a + i as f64 * h - c;
        let k = if i == 0 || i == N {
            1.0
        } else if i % 2 == 1 {
            4.0
        } else {
            2.0
        };
        let f = k * (-0.5 * (c + d) * (c + d)).fast_exp();
        w0 += f;
        w1 += f * d;
        w2 += f * d * d;
    }
    let m = w1 / w0;
    (c + m, w2 / w0 - m * m)
}
