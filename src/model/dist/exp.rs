//! A fast exponential for the belief engine's per-cell loops: inlined, no
//! call into the C library, within 1 ulp of the exact value (measured
//! against `f64::exp` in the tests). The method of most libm's: `x = (k /
//! 128) ln 2 + r` with `|r| <= ln 2 / 256`, `e^x = 2^(k / 128) (1 + p(r))`,
//! a table of `2^(j / 128)` correctly rounded and a degree-5 Taylor
//! polynomial (its truncation error is below 1e-18 relative). Arguments
//! whose result is not a normal number (and NaN) go to `f64::exp`.

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;

/// `128 / ln 2`.
const INV_LN2_128: f64 = 184.664_965_233_787_3;
/// `ln 2 / 128` split so that `k * LN2_128_HI` is exact for `|k| < 2^18`.
const LN2_128_HI: f64 = 0.005_415_212_347_998_022;
const LN2_128_LO: f64 = 1.265_508_608_332_543_8e-13;
/// Adding it rounds to an integer held in the low bits of the mantissa.
const SHIFT: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52

/// `2^(j / 128)`, `j = 0..128`, correctly rounded (bit patterns).
static TABLE: [u64; 128] = [
    0x3ff0000000000000,
    0x3ff0163da9fb3335,
    0x3ff02c9a3e778061,
    0x3ff04315e86e7f85,
    0x3ff059b0d3158574,
    0x3ff0706b29ddf6de,
    0x3ff0874518759bc8,
    0x3ff09e3ecac6f383,
    0x3ff0b5586cf9890f,
    0x3ff0cc922b7247f7,
    0x3ff0e3ec32d3d1a2,
    0x3ff0fb66affed31b,
    0x3ff11301d0125b51,
    0x3ff12abdc06c31cc,
    0x3ff1429aaea92de0,
    0x3ff15a98c8a58e51,
    0x3ff172b83c7d517b,
    0x3ff18af9388c8dea,
    0x3ff1a35beb6fcb75,
    0x3ff1bbe084045cd4,
    0x3ff1d4873168b9aa,
    0x3ff1ed5022fcd91d,
    0x3ff2063b88628cd6,
    0x3ff21f49917ddc96,
    0x3ff2387a6e756238,
    0x3ff251ce4fb2a63f,
    0x3ff26b4565e27cdd,
    0x3ff284dfe1f56381,
    0x3ff29e9df51fdee1,
    0x3ff2b87fd0dad990,
    0x3ff2d285a6e4030b,
    0x3ff2ecafa93e2f56,
    0x3ff306fe0a31b715,
    0x3ff32170fc4cd831,
    0x3ff33c08b26416ff,
    0x3ff356c55f929ff1,
    0x3ff371a7373aa9cb,
    0x3ff38cae6d05d866,
    0x3ff3a7db34e59ff7,
    0x3ff3c32dc313a8e5,
    0x3ff3dea64c123422,
    0x3ff3fa4504ac801c,
    0x3ff4160a21f72e2a,
    0x3ff431f5d950a897,
    0x3ff44e086061892d,
    0x3ff46a41ed1d0057,
    0x3ff486a2b5c13cd0,
    0x3ff4a32af0d7d3de,
    0x3ff4bfdad5362a27,
    0x3ff4dcb299fddd0d,
    0x3ff4f9b2769d2ca7,
    0x3ff516daa2cf6642,
    0x3ff5342b569d4f82,
    0x3ff551a4ca5d920f,
    0x3ff56f4736b527da,
    0x3ff58d12d497c7fd,
    0x3ff5ab07dd485429,
    0x3ff5c9268a5946b7,
    0x3ff5e76f15ad2148,
    0x3ff605e1b976dc09,
    0x3ff6247eb03a5585,
    0x3ff6434634ccc320,
    0x3ff6623882552225,
    0x3ff68155d44ca973,
    0x3ff6a09e667f3bcd,
    0x3ff6c012750bdabf,
    0x3ff6dfb23c651a2f,
    0x3ff6ff7df9519484,
    0x3ff71f75e8ec5f74,
    0x3ff73f9a48a58174,
    0x3ff75feb564267c9,
    0x3ff780694fde5d3f,
    0x3ff7a11473eb0187,
    0x3ff7c1ed0130c132,
    0x3ff7e2f336cf4e62,
    0x3ff80427543e1a12,
    0x3ff82589994cce13,
    0x3ff8471a4623c7ad,
    0x3ff868d99b4492ed,
    0x3ff88ac7d98a6699,
    0x3ff8ace5422aa0db,
    0x3ff8cf3216b5448c,
    0x3ff8f1ae99157736,
    0x3ff9145b0b91ffc6,
    0x3ff93737b0cdc5e5,
    0x3ff95a44cbc8520f,
    0x3ff97d829fde4e50,
    0x3ff9a0f170ca07ba,
    0x3ff9c49182a3f090,
    0x3ff9e86319e32323,
    0x3ffa0c667b5de565,
    0x3ffa309bec4a2d33,
    0x3ffa5503b23e255d,
    0x3ffa799e1330b358,
    0x3ffa9e6b5579fdbf,
    0x3ffac36bbfd3f37a,
    0x3ffae89f995ad3ad,
    0x3ffb0e07298db666,
    0x3ffb33a2b84f15fb,
    0x3ffb59728de5593a,
    0x3ffb7f76f2fb5e47,
    0x3ffba5b030a1064a,
    0x3ffbcc1e904bc1d2,
    0x3ffbf2c25bd71e09,
    0x3ffc199bdd85529c,
    0x3ffc40ab5fffd07a,
    0x3ffc67f12e57d14b,
    0x3ffc8f6d9406e7b5,
    0x3ffcb720dcef9069,
    0x3ffcdf0b555dc3fa,
    0x3ffd072d4a07897c,
    0x3ffd2f87080d89f2,
    0x3ffd5818dcfba487,
    0x3ffd80e316c98398,
    0x3ffda9e603db3285,
    0x3ffdd321f301b460,
    0x3ffdfc97337b9b5f,
    0x3ffe264614f5a129,
    0x3ffe502ee78b3ff6,
    0x3ffe7a51fbc74c83,
    0x3ffea4afa2a490da,
    0x3ffecf482d8e67f1,
    0x3ffefa1bee615a27,
    0x3fff252b376bba97,
    0x3fff50765b6e4540,
    0x3fff7bfdad9cbe14,
    0x3fffa7c1819e90d8,
    0x3fffd3c22b8f71f1,
];

/// `e^x`, within 1 ulp.
#[inline]
pub fn exp(x: f64) -> f64 {
    if x.is_nan() || x.abs() >= 708.0 {
        // (`-inf` is common: cells without weight; the library call is not.)
        return if x == f64::NEG_INFINITY { 0.0 } else { x.exp() };
    }
    let shifted = x * INV_LN2_128 + SHIFT;
    let k = shifted.to_bits() as i64 as i32 as i64;
    let kf = shifted - SHIFT;
    let r = (x - kf * LN2_128_HI) - kf * LN2_128_LO;
    let j = (k & 127) as usize;
    let scale = f64::from_bits(TABLE[j].wrapping_add(((k >> 7) as u64) << 52));
    let p = r + r * r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0))));
    scale + scale * p
}

/// `e^(x - shift)` ([`exp`]) for each `x` of `xs`, into `out`: four at a
/// time with AVX2 where the processor has it, the same values bit for bit.
pub fn exp_shifted(xs: &[f64], shift: f64, out: &mut [f64]) {
    assert_eq!(xs.len(), out.len(), "one output per argument");
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2 (checked just above).
        return unsafe { avx2::exp_shifted(xs, shift, out) };
    }
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = exp(x - shift);
    }
}

/// `x.floor()` by a cast where it is exact (this build targets processors
/// without a rounding instruction, so `floor` is a library call); the same
/// value for every argument, except `-0.0` for `-0.0`, which is `+0.0`.
#[inline]
pub fn floor(x: f64) -> f64 {
    if x.abs() < 4.5e15 {
        let t = x as i64 as f64;
        if t > x { t - 1.0 } else { t }
    } else {
        x.floor()
    }
}

/// `x.ceil()` by [`floor`] (a library call otherwise, as `floor` is); the
/// same value for every argument, but for the sign of a zero result.
#[inline]
pub fn ceil(x: f64) -> f64 {
    -floor(-x)
}

/// `i as f64` for an index below 2^32: one instruction, where a `usize`
/// takes six on this build's target (exact, as `as` is).
#[inline(always)]
pub fn index_f64(i: usize) -> f64 {
    debug_assert!(u32::try_from(i).is_ok(), "index {i} beyond u32");
    i as u32 as f64
}

/// `x as usize` for `x` below 2^32 (NaN and negatives give 0, as `as`
/// does): six instructions where `as usize` takes fifteen.
#[inline(always)]
pub fn to_index(x: f64) -> usize {
    x as u32 as usize
}

/// [`exp`] as a method, for the belief engine's expressions.
pub trait FastExp {
    /// `e^self` within 1 ulp ([`exp`]).
    fn fast_exp(self) -> f64;
}

impl FastExp for f64 {
    #[inline]
    fn fast_exp(self) -> f64 {
        exp(self)
    }
}

#[cfg(test)]
mod tests {
    use super::exp;

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn within_one_ulp_of_the_library() {
        // A deterministic sweep of [-708, 708] plus small arguments.
        let mut worst = 0;
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..1_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            let x = if i % 2 == 0 {
                1416.0 * u - 708.0
            } else {
                2.0 * u - 1.0
            };
            worst = worst.max(ulps(exp(x), x.exp()));
        }
        assert!(worst <= 1, "worst {worst} ulps");
        for x in [0.0, -0.0, 1e-300, -1e-20, 1.0, -1.0, 707.9, -707.9] {
            assert!(ulps(exp(x), x.exp()) <= 1, "{x}");
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-800.0), 0.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(-720.0), (-720.0f64).exp());
    }

    #[test]
    fn floor_and_ceil_are_the_library_ones() {
        for x in [
            0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.999,
            -2.999,
            1e15,
            -1e15 - 0.5,
            4.6e15,
            -7e20,
            1e300,
        ] {
            assert_eq!(super::floor(x), x.floor(), "{x}");
            assert_eq!(super::ceil(x), x.ceil(), "{x}");
            assert_eq!(super::ceil(-x), (-x).ceil(), "{x}");
        }
        assert!(super::ceil(f64::NAN).is_nan());
        assert_eq!(super::ceil(f64::INFINITY), f64::INFINITY);
        assert!(super::floor(f64::NAN).is_nan());
        assert_eq!(super::floor(f64::NEG_INFINITY), f64::NEG_INFINITY);
    }
}

#[cfg(test)]
mod index_tests {
    #[test]
    fn index_casts_are_the_plain_casts() {
        for i in [0usize, 1, 63, 64, 1_000_000, u32::MAX as usize] {
            assert_eq!(super::index_f64(i), i as f64);
        }
        for x in [0.0, 0.4, 1.0, 63.99, 64.0, 1e6 + 0.5, -0.5, -3.0, f64::NAN] {
            assert_eq!(super::to_index(x), x as usize, "{x}");
        }
    }
}

#[cfg(test)]
mod exp_shifted_tests {
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    /// Four at a time gives the scalar values bit for bit, with the slow
    /// lanes (NaN, infinities, beyond +-708) and a short tail mixed in.
    #[test]
    fn exp_shifted_is_the_scalar_exp_bit_for_bit() {
        let mut rng = StdRng::seed_from_u64(5);
        let special = [
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NAN,
            708.5,
            -709.0,
            -745.5,
            0.0,
            -0.0,
        ];
        for len in [0, 1, 3, 4, 7, 64, 67] {
            for _ in 0..2_000 {
                let xs: Vec<f64> = (0..len)
                    .map(|_| {
                        if rng.random_bool(0.1) {
                            special[rng.random_range(0..special.len())]
                        } else {
                            rng.random_range(-60.0..2.0)
                        }
                    })
                    .collect();
                let shift = rng.random_range(-3.0..3.0);
                let mut out = vec![0.0; len];
                super::exp_shifted(&xs, shift, &mut out);
                for (o, x) in out.iter().zip(&xs) {
                    assert_eq!(
                        o.to_bits(),
                        super::exp(x - shift).to_bits(),
                        "{x} - {shift}"
                    );
                }
            }
        }
    }
}
