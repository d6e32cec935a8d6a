//! Special functions of distributions and the belief engine, robust far in the tails: the
//! standard normal in log space, the Mills ratio and its continued-fraction
//! tails, normal masses of intervals, the integral of `Phi` over an interval,
//! the half-normal kernel's second antiderivative, and the regularised
//! incomplete beta function (for beta priors).

use crate::model::dist::exp::{FastExp, index_f64, to_index};
use std::f64::consts::LN_2;

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

/// Positive Gauss-Legendre nodes on `[-1, 1]` and their weights, for the
/// 6-, 12- and 20-point rules of [`bvn_upper`].
const GL6: [(f64, f64); 3] = [
    (0.932_469_514_203_152_2, 0.171_324_492_379_170_5),
    (0.661_209_386_466_264_7, 0.360_761_573_048_138_4),
    (0.238_619_186_083_197, 0.467_913_934_572_690_4),
];
const GL12: [(f64, f64); 6] = [
    (0.981_560_634_246_719_1, 0.047_175_336_386_511_77),
    (0.904_117_256_370_475, 0.106_939_325_995_318_3),
    (0.769_902_674_194_305, 0.160_078_328_543_346_4),
    (0.587_317_954_286_617_1, 0.203_167_426_723_065_9),
    (0.367_831_498_998_180_2, 0.233_492_536_538_354_7),
    (0.125_233_408_511_469_2, 0.249_147_045_813_402_9),
];
#[allow(clippy::excessive_precision)]
const GL20: [(f64, f64); 10] = [
    (0.993_128_599_185_094_9, 0.017_614_007_139_152_12),
    (0.963_971_927_277_913_8, 0.040_601_429_800_386_94),
    (0.912_234_428_251_325_9, 0.062_672_048_334_109_06),
    (0.839_116_971_822_218_8, 0.083_276_741_576_704_75),
    (0.746_331_906_460_150_8, 0.101_930_119_817_240_4),
    (0.636_053_680_726_515, 0.118_194_531_961_518_4),
    (0.510_867_001_950_827_1, 0.131_688_638_449_176_6),
    (0.373_706_088_715_419_6, 0.142_096_109_318_382_1),
    (0.227_785_851_141_645_1, 0.149_172_986_472_603_7),
    (0.076_526_521_133_497_33, 0.152_753_387_130_725_9),
];

/// Most nodes of a stored [`Plackett`] rule.
const PLACKETT_MAX: usize = 12;

/// Plackett's integral for bivariate normal probabilities at one
/// correlation `r` (`|r| < 0.75`), ready for many `(h, k)`:
/// `P(X > h, Y > k) = Phi(-h) Phi(-k) + (1 / 2 pi) int_0^asin(r)
/// exp(-(h^2 + k^2 - 2 h k sin t) / (2 cos^2 t)) dt`, the integral by
/// Gauss-Legendre in `t` with 6 or 12 points by `|r|` (Genz's choice:
/// absolute error about 1e-15).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plackett {
    n: usize,
    /// `sin t_i`, `1 / cos^2 t_i` and the weight times `asin(r) / (4 pi)`.
    sn: [f64; PLACKETT_MAX],
    inv: [f64; PLACKETT_MAX],
    w: [f64; PLACKETT_MAX],
}

/// Gauss-Legendre rule for Plackett's integral at correlation `r`.
fn plackett_rule(r: f64) -> &'static [(f64, f64)] {
    if r.abs() < 0.3 {
        &GL6
    } else if r.abs() < 0.75 {
        &GL12
    } else {
        &GL20
    }
}

/// The nodes `(sin t, 1 / cos^2 t, weight)` of Plackett's integral at
/// correlation `r`.
fn plackett_nodes(r: f64) -> impl Iterator<Item = (f64, f64, f64)> {
    let asr = 0.5 * r.asin();
    plackett_rule(r).iter().flat_map(move |&(x, w)| {
        [1.0 - x, 1.0 + x].map(|t| {
            let sn = (asr * t).sin();
            (
                sn,
                1.0 / ((1.0 - sn) * (1.0 + sn)),
                w * asr / std::f64::consts::TAU,
            )
        })
    })
}

impl Plackett {
    /// The rule for correlation `r`, `|r| < 0.75`.
    pub fn new(r: f64) -> Self {
        debug_assert!(r.abs() < 0.75, "{r}");
        let mut p = Plackett {
            n: 0,
            sn: [0.0; PLACKETT_MAX],
            inv: [0.0; PLACKETT_MAX],
            w: [0.0; PLACKETT_MAX],
        };
        for (i, (sn, inv, w)) in plackett_nodes(r).enumerate() {
            (p.sn[i], p.inv[i], p.w[i]) = (sn, inv, w);
            p.n = i + 1;
        }
        p
    }

    /// `P(X > h, Y > k) - Phi(-h) Phi(-k)`: the part due to the correlation.
    #[inline]
    pub fn excess(&self, h: f64, k: f64) -> f64 {
        let (hk, hs) = (h * k, 0.5 * (h * h + k * k));
        let mut s = 0.0;
        for i in 0..self.n {
            s += self.w[i] * ((self.sn[i] * hk - hs) * self.inv[i]).fast_exp();
        }
        s
    }

    /// `P(X > h, Y > k)`.
    pub fn upper(&self, h: f64, k: f64) -> f64 {
        (self.excess(h, k) + cdf(-h) * cdf(-k)).clamp(0.0, 1.0)
    }
}

/// The integral `F(z) = int_{-inf}^z phi(t) Phi(a t + d) dt` (the
/// distribution function, unnormalised, of an extended skew-normal) for
/// fixed `a` and `d`: `P(Z <= z, Y <= a Z + d)` for independent standard
/// normals, a bivariate normal probability. Its correlation is
/// `-a / sqrt(1 + a^2)` when `|a| <= 1`; a sharper skew swaps the roles of
/// `Z` and `Y`, whose correlation is then `1 / sqrt(1 + a^2)` in size, so
/// [`Plackett`]'s rule never exceeds 12 points. Absolute error about 1e-15.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkewIntegral {
    a: f64,
    d: f64,
    /// `k = d / sqrt(1 + a^2)`; `F(inf) = Phi(k)`.
    k: f64,
    cdf_k: f64,
    rule: Plackett,
}

impl SkewIntegral {
    /// The integral for slope `a` and offset `d` (finite).
    pub fn new(a: f64, d: f64) -> Self {
        let s1 = a.hypot(1.0);
        let k = d / s1;
        let r = if a.abs() <= 1.0 {
            -a / s1
        } else {
            -a.signum() / s1
        };
        SkewIntegral {
            a,
            d,
            k,
            cdf_k: cdf(k),
            rule: Plackett::new(r),
        }
    }

    /// The offset `d`.
    pub fn offset(&self) -> f64 {
        self.d
    }

    /// `k = d / sqrt(1 + a^2)`.
    pub fn k(&self) -> f64 {
        self.k
    }

    /// `F(inf) = Phi(k)`.
    pub fn total(&self) -> f64 {
        self.cdf_k
    }

    /// `F(z)` and `Phi(a z + d)`.
    #[inline]
    pub fn at(&self, z: f64) -> (f64, f64) {
        let g = self.a * z + self.d;
        let (cz, cg) = (cdf(z), cdf(g));
        let f = if self.a.abs() <= 1.0 {
            self.rule.excess(-z, -self.k) + cz * self.cdf_k
        } else if self.a > 0.0 {
            // Z <= z and Z >= (Y - d) / a: the Y-side integral is smooth.
            cg * (cz - (1.0 - self.cdf_k)) - self.rule.excess(-g, self.k)
        } else {
            cz * cg + (1.0 - cg) * self.cdf_k - self.rule.excess(g, self.k)
        };
        (f.clamp(0.0, self.cdf_k), cg)
    }
}

/// `P(X > h, Y > k)` for standard normals with correlation `r`: Genz's
/// BVNU (Drezner and Wesolowsky's method: Plackett's integral for `|r| <
/// 0.925`,
/// an asymptotic expansion plus a 20-point quadrature beyond), absolute
/// error about 1e-15.
pub fn bvn_upper(h: f64, k: f64, r: f64) -> f64 {
    bvn_upper_s(h, k, r, (1.0 - r) * (1.0 + r))
}

/// [`bvn_upper`] given `1 - r^2` as well (accurate when `|r|` is close to 1,
/// where `r` alone loses it; `0` is the limit `|r| = 1`).
pub fn bvn_upper_s(h: f64, k: f64, r: f64, one_minus_r2: f64) -> f64 {
    use std::f64::consts::TAU;
    debug_assert!(h.is_finite() && k.is_finite() && r.abs() <= 1.0);
    if r == 0.0 {
        return cdf(-h) * cdf(-k);
    }
    if r.abs() < 0.75 {
        return Plackett::new(r).upper(h, k);
    }
    if r.abs() < 0.925 {
        let (hk, hs) = (h * k, 0.5 * (h * h + k * k));
        let excess: f64 = plackett_nodes(r)
            .map(|(sn, inv, w)| w * ((sn * hk - hs) * inv).fast_exp())
            .sum();
        return (excess + cdf(-h) * cdf(-k)).clamp(0.0, 1.0);
    }
    let rule = &GL20;
    let mut hk = h * k;
    let mut k = k;
    if r < 0.0 {
        k = -k;
        hk = -hk;
    }
    let mut bvn = 0.0;
    if one_minus_r2 > 0.0 {
        let as_ = one_minus_r2;
        let a = as_.sqrt();
        let bs = (h - k) * (h - k);
        let asr = -0.5 * (bs / as_ + hk);
        let c = (4.0 - hk) / 8.0;
        let d = (12.0 - hk) / 80.0;
        if asr > -100.0 {
            bvn = a
                * asr.fast_exp()
                * (1.0 - c * (bs - as_) * (1.0 - d * bs) / 3.0 + c * d * as_ * as_);
        }
        if hk > -100.0 {
            let b = bs.sqrt();
            let sp = TAU.sqrt() * cdf(-b / a);
            bvn -= (-0.5 * hk).fast_exp() * sp * b * (1.0 - c * bs * (1.0 - d * bs) / 3.0);
        }
        let a = 0.5 * a;
        let mut s = 0.0;
        for &(x, w) in rule {
            for t in [1.0 - x, 1.0 + x] {
                let xs = (a * t) * (a * t);
                let asr = -0.5 * (bs / xs + hk);
                if asr > -100.0 {
                    let sp = 1.0 + c * xs * (1.0 + 5.0 * d * xs);
                    let rs = (1.0 - xs).sqrt();
                    let ep = (-0.5 * hk * xs / ((1.0 + rs) * (1.0 + rs))).fast_exp() / rs;
                    s += w * asr.fast_exp() * (sp - ep);
                }
            }
        }
        bvn = (a * s - bvn) / TAU;
    }
    let p = if r > 0.0 {
        bvn + cdf(-h.max(k))
    } else if h >= k {
        -bvn
    } else {
        let l = if h < 0.0 {
            cdf(k) - cdf(h)
        } else {
            cdf(-h) - cdf(-k)
        };
        l - bvn
    };
    p.clamp(0.0, 1.0)
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

#[cfg(test)]
mod tests {
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
}
