//! The bivariate normal's upper tail (Gauss-Legendre rules on Owen's /
//! Genz's form), Plackett's reduction for a fixed correlation, and the
//! skew-normal's integral built on it.

use super::{cdf, cdf_four};
use crate::model::dist::exp::{FastExp, exp};

#[cfg(target_arch = "x86_64")]
mod avx2;
mod cache;

/// Positive Gauss-Legendre nodes on `[-1, 1]` and their weights, for the
/// 6-, 12- and 20-point rules of [`bvn_upper`].
pub(super) const GL6: [(f64, f64); 3] = [
    (0.932_469_514_203_152_2, 0.171_324_492_379_170_5),
    (0.661_209_386_466_264_7, 0.360_761_573_048_138_4),
    (0.238_619_186_083_197, 0.467_913_934_572_690_4),
];
pub(super) const GL12: [(f64, f64); 6] = [
    (0.981_560_634_246_719_1, 0.047_175_336_386_511_77),
    (0.904_117_256_370_475, 0.106_939_325_995_318_3),
    (0.769_902_674_194_305, 0.160_078_328_543_346_4),
    (0.587_317_954_286_617_1, 0.203_167_426_723_065_9),
    (0.367_831_498_998_180_2, 0.233_492_536_538_354_7),
    (0.125_233_408_511_469_2, 0.249_147_045_813_402_9),
];
#[allow(clippy::excessive_precision)]
pub(super) const GL20: [(f64, f64); 10] = [
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
    /// The node's `sin t` farthest from 0 (all have the sign of `r`).
    sn_far: f64,
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
            sn_far: 0.0,
            sn: [0.0; PLACKETT_MAX],
            inv: [0.0; PLACKETT_MAX],
            w: [0.0; PLACKETT_MAX],
        };
        for (i, (sn, inv, w)) in plackett_nodes(r).enumerate() {
            (p.sn[i], p.inv[i], p.w[i]) = (sn, inv, w);
            p.n = i + 1;
            if sn.abs() > p.sn_far.abs() {
                p.sn_far = sn;
            }
        }
        p
    }

    /// [`Plackett::new`], from a per-thread table of rules (`cache.rs`).
    pub fn cached(r: f64) -> Self {
        cache::rule(r)
    }

    /// `P(X > h, Y > k) - Phi(-h) Phi(-k)`: the part due to the correlation.
    #[inline]
    pub fn excess(&self, h: f64, k: f64) -> f64 {
        self.sum(h * k, 0.5 * (h * h + k * k))
    }

    /// [`Plackett::excess`] where it is to be added to (or taken from) `c`,
    /// or 0 where the sum would not change `c`: the sum's exponents
    /// `(sn hk - hs) / cos^2 t` are at most `max(sn_far hk, 0) - hs` (a
    /// numerator at most 0, divided by at most 1), its weights total under
    /// 0.14, so below `(E - 1078) ln 2` (`E` the biased exponent of `c`)
    /// the excess is under a sixteenth of `c`'s last place, and
    /// `c +- excess` rounds to `c`: the same value as the sum taken (where
    /// `c` is 0 or subnormal, every exponential underflows to 0).
    #[inline]
    pub fn excess_beside(&self, h: f64, k: f64, c: f64) -> f64 {
        let (hk, hs) = (h * k, 0.5 * (h * h + k * k));
        let top = (self.sn_far * hk).max(0.0) - hs;
        let biased = (c.to_bits() >> 52) & 0x7ff;
        // (a finite hs: no infinite h or k, whose sum can be NaN)
        if top < (biased as i32 - 1078) as f64 * std::f64::consts::LN_2 && hs < f64::INFINITY {
            return 0.0;
        }
        self.sum(hk, hs)
    }

    /// The sum of Plackett's rule given `h k` and `(h^2 + k^2) / 2`.
    #[inline]
    fn sum(&self, hk: f64, hs: f64) -> f64 {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { avx2::excess(self, hk, hs) };
        }
        self.excess_scalar(hk, hs)
    }

    /// [`Plackett::excess`] one node at a time (the values the four-lane
    /// version gives bit for bit), given `h k` and `(h^2 + k^2) / 2`.
    pub(super) fn excess_scalar(&self, hk: f64, hs: f64) -> f64 {
        let mut s = 0.0;
        for i in 0..self.n {
            s += self.w[i] * exp((self.sn[i] * hk - hs) * self.inv[i]);
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
            rule: Plackett::cached(r),
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
        self.at_given(z, g, cdf(z), cdf(g))
    }

    /// [`SkewIntegral::at`] at two points (their four `Phi`s at once).
    pub fn at_two(&self, z0: f64, z1: f64) -> [(f64, f64); 2] {
        let (g0, g1) = (self.a * z0 + self.d, self.a * z1 + self.d);
        let c = cdf_four([z0, g0, z1, g1]);
        [
            self.at_given(z0, g0, c[0], c[1]),
            self.at_given(z1, g1, c[2], c[3]),
        ]
    }

    /// [`SkewIntegral::at`] `z`, and `Phi(x)` (the three `Phi`s at once).
    pub fn at_and_cdf(&self, z: f64, x: f64) -> ((f64, f64), f64) {
        let g = self.a * z + self.d;
        let c = cdf_four([z, g, x, x]);
        (self.at_given(z, g, c[0], c[1]), c[2])
    }

    /// [`SkewIntegral::at`] from `g = a z + d`, `Phi(z)` and `Phi(g)`.
    #[inline]
    fn at_given(&self, z: f64, g: f64, cz: f64, cg: f64) -> (f64, f64) {
        let f = if self.a.abs() <= 1.0 {
            let c = cz * self.cdf_k;
            self.rule.excess_beside(-z, -self.k, c) + c
        } else if self.a > 0.0 {
            // Z <= z and Z >= (Y - d) / a: the Y-side integral is smooth.
            let c = cg * (cz - (1.0 - self.cdf_k));
            c - self.rule.excess_beside(-g, self.k, c)
        } else {
            let c = cz * cg + (1.0 - cg) * self.cdf_k;
            c - self.rule.excess_beside(g, self.k, c)
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
