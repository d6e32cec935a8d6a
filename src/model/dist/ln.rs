//! A fast natural logarithm for the belief engine's per-cell loops: inlined,
//! no call into the C library, within 1 ulp of `f64::ln` on the tests'
//! 600,000 arguments (its error bound is below 2 ulp of the exact value),
//! and the same bits from the scalar function and the four-lane AVX2 one
//! ([`ln_slice`]).
//!
//! The method: `x = 2^k m`, `m` in `[1, 2)`, rounded to the nearest
//! `m_j = 1 + j / 128`; `ln x = k ln 2 + ln m_j + ln(1 + r)` with
//! `r = (m - m_j) / m_j`, `|r| <= 2^-8`. `m - m_j` is exact (the two are
//! within a factor of two), `k ln 2 + ln m_j` is exact in its high part
//! (both rounded to multiples of `2^-42`), and `ln(1 + r)` is its Taylor
//! polynomial to `r^7` (truncation below `2^-67`). `m` within `2^-8` below
//! 2 is taken as `m / 2` near 1 with `k + 1`, so that arguments near 1 have
//! `k = 0`, `j = 0` and an exact `r`. No fused multiply-adds, so that
//! processors with and without them give the same bits. Zero, negatives,
//! subnormals, infinities and NaN go to `f64::ln`.

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;

/// `ln 2` rounded down to a multiple of `2^-42`: `k * LN2_HI` is exact for
/// every exponent `k`.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fefa_3800);
/// `ln 2 - LN2_HI`, rounded.
const LN2_LO: f64 = f64::from_bits(0x3d2e_f357_93c7_6730);
/// The mantissa's field.
const MANTISSA: u64 = (1 << 52) - 1;
/// Bits of `1.0`.
const ONE: u64 = 0x3ff0_0000_0000_0000;

/// `ln(1 + j / 128)` rounded to a multiple of `2^-42` (bit patterns).
static LN_HI: [u64; 128] = [
    0x0000000000000000,
    0x3f7fe02a6b100000,
    0x3f8fc0a8b0fc0000,
    0x3f97b91b07d60000,
    0x3f9f829b0e780000,
    0x3fa39e87b9fe8000,
    0x3fa77458f6330000,
    0x3fab42dd71198000,
    0x3faf0a30c0118000,
    0x3fb16536eea38000,
    0x3fb341d7961bc000,
    0x3fb51b073f060000,
    0x3fb6f0d28ae58000,
    0x3fb8c345d6318000,
    0x3fba926d3a4ac000,
    0x3fbc5e548f5bc000,
    0x3fbe27076e2b0000,
    0x3fbfec9131dc0000,
    0x3fc0d77e7cd08000,
    0x3fc1b72ad52f6000,
    0x3fc29552f8200000,
    0x3fc371fc201e8000,
    0x3fc44d2b6ccb8000,
    0x3fc526e5e3a1c000,
    0x3fc5ff3070a7a000,
    0x3fc6d60fe719e000,
    0x3fc7ab890210e000,
    0x3fc87fa06520c000,
    0x3fc9525a9cf46000,
    0x3fca23bc1fe2c000,
    0x3fcaf3c94e80c000,
    0x3fcbc286742d8000,
    0x3fcc8ff7c79aa000,
    0x3fcd5c216b4fc000,
    0x3fce27076e2b0000,
    0x3fcef0adcbdc6000,
    0x3fcfb9186d5e4000,
    0x3fd0402594b4d000,
    0x3fd0a324e2739000,
    0x3fd1058bf9ae5000,
    0x3fd1675cababa000,
    0x3fd1c898c169a000,
    0x3fd22941fbcf8000,
    0x3fd2895a13de8000,
    0x3fd2e8e2bae12000,
    0x3fd347dd9a988000,
    0x3fd3a64c55694000,
    0x3fd404308686a000,
    0x3fd4618bc21c6000,
    0x3fd4be5f95778000,
    0x3fd51aad872e0000,
    0x3fd5767717456000,
    0x3fd5d1bdbf581000,
    0x3fd62c82f2b9c000,
    0x3fd686c81e9b1000,
    0x3fd6e08eaa2ba000,
    0x3fd739d7f6bbd000,
    0x3fd792a55fdd4000,
    0x3fd7eaf83b82b000,
    0x3fd842d1da1e9000,
    0x3fd89a3386c14000,
    0x3fd8f11e87366000,
    0x3fd947941c211000,
    0x3fd99d958117e000,
    0x3fd9f323ecbfa000,
    0x3fda484090e5c000,
    0x3fda9cec9a9a1000,
    0x3fdaf12932478000,
    0x3fdb44f77bcc9000,
    0x3fdb985896931000,
    0x3fdbeb4d9da72000,
    0x3fdc3dd7a7cdb000,
    0x3fdc8ff7c79aa000,
    0x3fdce1af0b85f000,
    0x3fdd32fe7e00f000,
    0x3fdd83e7258a3000,
    0x3fddd46a04c1c000,
    0x3fde24881a7c7000,
    0x3fde744261d68000,
    0x3fdec399d2469000,
    0x3fdf128f5faf0000,
    0x3fdf6123fa703000,
    0x3fdfaf588f78f000,
    0x3fdffd2e0857f000,
    0x3fe02552a5a5d000,
    0x3fe04bdf9da92800,
    0x3fe0723e5c1ce000,
    0x3fe0986f4f573800,
    0x3fe0be72e4252800,
    0x3fe0e44985d1d000,
    0x3fe109f39e2d5000,
    0x3fe12f719593f000,
    0x3fe154c3d2f4d800,
    0x3fe179eabbd89800,
    0x3fe19ee6b467c800,
    0x3fe1c3b81f714000,
    0x3fe1e85f5e704000,
    0x3fe20cdcd192a800,
    0x3fe23130d7bec000,
    0x3fe2555bce98f800,
    0x3fe2795e1289b000,
    0x3fe29d37fec2b000,
    0x3fe2c0e9ed449000,
    0x3fe2e47436e40000,
    0x3fe307d7334f1000,
    0x3fe32b1339122000,
    0x3fe34e289d9ce000,
    0x3fe37117b5474800,
    0x3fe393e0d3562800,
    0x3fe3b6844a000000,
    0x3fe3d9026a715800,
    0x3fe3fb5b84d17000,
    0x3fe41d8fe8467000,
    0x3fe43f9fe2f9d000,
    0x3fe4618bc21c6000,
    0x3fe48353d1ea8800,
    0x3fe4a4f85db04000,
    0x3fe4c679afccf000,
    0x3fe4e7d811b75800,
    0x3fe50913cc016800,
    0x3fe52a2d265bc800,
    0x3fe54b2467999800,
    0x3fe56bf9d5b3f000,
    0x3fe58cadb5cd7800,
    0x3fe5ad404c35a000,
    0x3fe5cdb1dc6c1800,
    0x3fe5ee02a9241800,
    0x3fe60e32f4478800,
];
/// The rest of `ln(1 + j / 128)`, rounded (bit patterns).
static LN_LO: [u64; 128] = [
    0x0000000000000000,
    0x3d19e23f0dda40e4,
    0x3cdf1e7cf6d3a69c,
    0xbd33b955b602ace4,
    0x3d2980267c7e09e4,
    0x3d3eafd480ad9015,
    0xbd3181dce586af09,
    0xbd1c827ae5d6704c,
    0xbd2d599e83368e91,
    0xbd147c5e768fa309,
    0x3d31d09299837610,
    0x3d383f69278e686a,
    0xbd34b4641b664613,
    0x3d3b20f5acb42a66,
    0x3d3563650bd22a9c,
    0x3d1d0c57585fbe06,
    0xbd2a342c2af0003c,
    0xbd354555d1ae6607,
    0x3d3cb2cd2ee2f482,
    0x3d2e80a41811a396,
    0xbd35b967f4471dfc,
    0x3d3ee8779b2d8abc,
    0xbd170cc16135783c,
    0xbd3790ba37fc5238,
    0xbd38586f183bebf2,
    0xbd3bc6e557134767,
    0xbd2bdb9072534a58,
    0x3d322120401202fc,
    0xbd3297137d9f158f,
    0xbd3539cd91dc9f0b,
    0xbcba4e633fcd9066,
    0x3d39ac53f39d121c,
    0xbd27794f689f8434,
    0xbd21ba91bbca681b,
    0xbd3a342c2af0003c,
    0xbd2b26b79c86af24,
    0xbd0d572aab993c87,
    0x3cf036b89ef42d7f,
    0x3d0c6bee7ef4030e,
    0xbd34ab9d817d52cd,
    0x3d38380e731f55c4,
    0xbd381410e5c62aff,
    0xbd3a6976f5eb0963,
    0x3d3a8d7ad24c13f0,
    0xbd267b1e99b72bd8,
    0xbd25594dd4c58092,
    0x3d37a71cbcd735d0,
    0x3d3f8ef43049f7d3,
    0xbd13d82f484c84cc,
    0xbd3d7c92cd9ad824,
    0xbd3f4bd8db0a7cc1,
    0xbd364ead9524d7ca,
    0xbd38d6bdc9c7c238,
    0x3d3e54bdbd7c8a98,
    0x3d32bb110af84054,
    0x3d1e38c139318d71,
    0x3cba7389314feb50,
    0x3d3e89f057691fea,
    0xbcee4da62d0c25ad,
    0xbd33a2db13ae687c,
    0x3d22d5ad38c40882,
    0x3d263bf0bb4eab4c,
    0x3d3beae9337451f4,
    0x3d01597525dd88f0,
    0xbd3ed03525ca2643,
    0xbd33d7500d6523c5,
    0xbd3ed9cadec02b43,
    0xbd3e53bb31eed7a9,
    0xbd03ae68224aa2ce,
    0x3d0f6b31f629f11e,
    0xbd321021e78b2151,
    0xbd25946261f5a42b,
    0xbd37794f689f8434,
    0x3d2f5bdbe95e5568,
    0xbd30aa7884dcd050,
    0xbd0835f5d48ba26d,
    0x3d3282fb989a9274,
    0xbd2ecf1a1385d356,
    0x3d3e1f8df68dbcf3,
    0xbd29ff45188d6065,
    0x3d3bb2cd720ec44c,
    0xbd3d4e7aea4f0d25,
    0x3d28f6cd7d9f2754,
    0x3d3261565f40d932,
    0x3d1fd8d38d2bafdd,
    0xbd22d9a033eff74e,
    0xbd17f6350d38eddd,
    0xbd36fa37012b5806,
    0x3d3415b4c4bdd99f,
    0xbd3ba048a8d10b4b,
    0xbd3b4810e09b27a4,
    0xbd00eb3fb7398e0c,
    0xbd30b2b38662e34d,
    0x3d2a0bfc60e6fa08,
    0x3d26ecc5cbdd7782,
    0xbd3eda1b58389902,
    0x3d1a07bd8b34be7c,
    0x3d3b6c9a81e87bae,
    0xbd17afa4392f1ba7,
    0xbcfa61fde292977e,
    0x3d21aeb783f3db97,
    0x3d11590b9ad974ba,
    0xbd274468563ce45d,
    0x3d334202a10c3491,
    0x3d17c3f6b2143ead,
    0xbd34766fd54a4c27,
    0x3d2d316eb92d885d,
    0xbd028e88bf6deec9,
    0x3d30cd4e221301b7,
    0xbd3eea838909f3d3,
    0xbd2055bfbd9c2f53,
    0xbd17b4962c55f46b,
    0x3d35732325e617a3,
    0xbd298858d84649f1,
    0xbd23d82f484c84cc,
    0x3d1bee7abd176604,
    0xbd244fdd840b8591,
    0xbd2c64e971322ce8,
    0x3d3d84e584c2b22c,
    0x3d0ad2f2ce96c2d6,
    0xbd32a88c41ba8752,
    0xbd3b42b755eba5e1,
    0x3d3cca08e310b9b2,
    0x3d2893092f25d931,
    0xbd1a609acaab41fc,
    0xbd136e612387451f,
    0xbd28a8f29f6a02dc,
    0x3d1b194f912b416a,
];
/// `1 / (1 + j / 128)`, rounded (bit patterns).
static INV: [u64; 128] = [
    0x3ff0000000000000,
    0x3fefc07f01fc07f0,
    0x3fef81f81f81f820,
    0x3fef44659e4a4271,
    0x3fef07c1f07c1f08,
    0x3feecc07b301ecc0,
    0x3fee9131abf0b767,
    0x3fee573ac901e574,
    0x3fee1e1e1e1e1e1e,
    0x3fede5d6e3f8868a,
    0x3fedae6076b981db,
    0x3fed77b654b82c34,
    0x3fed41d41d41d41d,
    0x3fed0cb58f6ec074,
    0x3fecd85689039b0b,
    0x3feca4b3055ee191,
    0x3fec71c71c71c71c,
    0x3fec3f8f01c3f8f0,
    0x3fec0e070381c0e0,
    0x3febdd2b899406f7,
    0x3febacf914c1bad0,
    0x3feb7d6c3dda338b,
    0x3feb4e81b4e81b4f,
    0x3feb2036406c80d9,
    0x3feaf286bca1af28,
    0x3feac5701ac5701b,
    0x3fea98ef606a63be,
    0x3fea6d01a6d01a6d,
    0x3fea41a41a41a41a,
    0x3fea16d3f97a4b02,
    0x3fe9ec8e951033d9,
    0x3fe9c2d14ee4a102,
    0x3fe999999999999a,
    0x3fe970e4f80cb872,
    0x3fe948b0fcd6e9e0,
    0x3fe920fb49d0e229,
    0x3fe8f9c18f9c18fa,
    0x3fe8d3018d3018d3,
    0x3fe8acb90f6bf3aa,
    0x3fe886e5f0abb04a,
    0x3fe8618618618618,
    0x3fe83c977ab2bedd,
    0x3fe8181818181818,
    0x3fe7f405fd017f40,
    0x3fe7d05f417d05f4,
    0x3fe7ad2208e0ecc3,
    0x3fe78a4c8178a4c8,
    0x3fe767dce434a9b1,
    0x3fe745d1745d1746,
    0x3fe724287f46debc,
    0x3fe702e05c0b8170,
    0x3fe6e1f76b4337c7,
    0x3fe6c16c16c16c17,
    0x3fe6a13cd1537290,
    0x3fe6816816816817,
    0x3fe661ec6a5122f9,
    0x3fe642c8590b2164,
    0x3fe623fa77016240,
    0x3fe6058160581606,
    0x3fe5e75bb8d015e7,
    0x3fe5c9882b931057,
    0x3fe5ac056b015ac0,
    0x3fe58ed2308158ed,
    0x3fe571ed3c506b3a,
    0x3fe5555555555555,
    0x3fe5390948f40feb,
    0x3fe51d07eae2f815,
    0x3fe5015015015015,
    0x3fe4e5e0a72f0539,
    0x3fe4cab88725af6e,
    0x3fe4afd6a052bf5b,
    0x3fe49539e3b2d067,
    0x3fe47ae147ae147b,
    0x3fe460cbc7f5cf9a,
    0x3fe446f86562d9fb,
    0x3fe42d6625d51f87,
    0x3fe4141414141414,
    0x3fe3fb013fb013fb,
    0x3fe3e22cbce4a902,
    0x3fe3c995a47babe7,
    0x3fe3b13b13b13b14,
    0x3fe3991c2c187f63,
    0x3fe3813813813814,
    0x3fe3698df3de0748,
    0x3fe3521cfb2b78c1,
    0x3fe33ae45b57bcb2,
    0x3fe323e34a2b10bf,
    0x3fe30d190130d190,
    0x3fe2f684bda12f68,
    0x3fe2e025c04b8097,
    0x3fe2c9fb4d812ca0,
    0x3fe2b404ad012b40,
    0x3fe29e4129e4129e,
    0x3fe288b01288b013,
    0x3fe27350b8812735,
    0x3fe25e22708092f1,
    0x3fe2492492492492,
    0x3fe23456789abcdf,
    0x3fe21fb78121fb78,
    0x3fe20b470c67c0d9,
    0x3fe1f7047dc11f70,
    0x3fe1e2ef3b3fb874,
    0x3fe1cf06ada2811d,
    0x3fe1bb4a4046ed29,
    0x3fe1a7b9611a7b96,
    0x3fe19453808ca29c,
    0x3fe1811811811812,
    0x3fe16e0689427379,
    0x3fe15b1e5f75270d,
    0x3fe1485f0e0acd3b,
    0x3fe135c81135c811,
    0x3fe12358e75d3033,
    0x3fe1111111111111,
    0x3fe0fef010fef011,
    0x3fe0ecf56be69c90,
    0x3fe0db20a88f4696,
    0x3fe0c9714fbcda3b,
    0x3fe0b7e6ec259dc8,
    0x3fe0a6810a6810a7,
    0x3fe0953f39010954,
    0x3fe0842108421084,
    0x3fe073260a47f7c6,
    0x3fe0624dd2f1a9fc,
    0x3fe05197f7d73404,
    0x3fe0410410410410,
    0x3fe03091b51f5e1a,
    0x3fe0204081020408,
    0x3fe0101010101010,
];

/// `ln x`, within 2 ulp (1 ulp of `f64::ln` where measured).
#[inline]
pub fn ln(x: f64) -> f64 {
    if !(f64::MIN_POSITIVE..f64::INFINITY).contains(&x) {
        return x.ln();
    }
    let bits = x.to_bits();
    // The nearest `j / 128` to the mantissa's fraction (128: `m` near 2).
    let j = ((bits & MANTISSA) + (1 << 44)) >> 45;
    let mut m = f64::from_bits((bits & MANTISSA) | ONE);
    let mut e = (bits >> 52) as i64 - 1023;
    let j = if j == 128 {
        m *= 0.5;
        e += 1;
        0
    } else {
        j as usize
    };
    let k = e as f64;
    let r = (m - f64::from_bits(ONE + ((j as u64) << 45))) * f64::from_bits(INV[j]);
    let hi = k * LN2_HI + f64::from_bits(LN_HI[j]);
    let lo = k * LN2_LO + f64::from_bits(LN_LO[j]);
    hi + (lo + poly(r))
}

/// `ln(1 + r)` for `|r| <= 2^-8`: its Taylor polynomial to `r^7`.
#[inline(always)]
fn poly(r: f64) -> f64 {
    let q = 1.0 / 5.0 + r * (-1.0 / 6.0 + r * (1.0 / 7.0));
    let q = -0.5 + r * (1.0 / 3.0 + r * (-0.25 + r * q));
    r + r * r * q
}

/// [`ln`] of each `x` of `xs` plus `add`, into `out` (of the same length):
/// four at a time with AVX2 where the processor has it, the same values
/// bit for bit.
pub fn ln_slice(xs: &[f64], add: f64, out: &mut [f64]) {
    assert_eq!(xs.len(), out.len(), "one output per argument");
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2 (checked just above).
        return unsafe { avx2::ln_slice(xs, add, out) };
    }
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = ln(x) + add;
    }
}

#[cfg(test)]
mod tests {
    use super::{ln, ln_slice};

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    /// Arguments: a deterministic sweep over the whole normal range, near 1
    /// on both sides, near powers of two, and near the table's points.
    fn arguments() -> Vec<f64> {
        let mut xs = Vec::new();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for i in 0..600_000 {
            let u = next();
            xs.push(match i % 6 {
                0 => (1416.0 * u - 708.0).exp(),
                1 => 1.0 + (u - 0.5) * 0.02,
                2 => 1.0 + (u - 0.5) * 1e-9,
                3 => 2f64.powi(i % 200 - 100) * (1.0 + (u - 0.5) * 0.01),
                4 => 1.0 + ((i / 6) % 129) as f64 / 128.0 + (u - 0.5) * 1e-5,
                _ => 1e-300 + u * 4.0,
            });
        }
        xs
    }

    #[test]
    fn within_one_ulp_of_the_library() {
        let mut worst = 0;
        let mut worst_at = 0.0;
        for x in arguments() {
            let d = ulps(ln(x), x.ln());
            if d > worst {
                (worst, worst_at) = (d, x);
            }
        }
        eprintln!("worst {worst} ulps at {worst_at:e}");
        assert!(worst <= 1, "worst {worst} ulps at {worst_at:e}");
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(2.0), std::f64::consts::LN_2);
        for x in [
            0.0,
            -0.0,
            -1.0,
            1e-310,
            f64::INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let (a, b) = (ln(x), x.ln());
            assert!(a == b || (a.is_nan() && b.is_nan()), "{x:e}: {a} {b}");
        }
        assert!(ln(f64::NAN).is_nan());
    }

    #[test]
    fn ln_slice_is_the_scalar_ln_bit_for_bit() {
        let xs = arguments();
        let mut specials = vec![0.0, -0.0, -3.0, 1e-310, f64::INFINITY, f64::NAN, 1.0, 2.0];
        specials.extend_from_slice(&xs[..29]);
        for (chunk, add) in [(&xs[..], 0.0), (&specials[..], -1.25)] {
            for len in [chunk.len(), 1, 3, 5, 7] {
                let xs = &chunk[..len.min(chunk.len())];
                let mut out = vec![0.0; xs.len()];
                ln_slice(xs, add, &mut out);
                for (&x, &o) in xs.iter().zip(&out) {
                    let want = ln(x) + add;
                    assert!(
                        o.to_bits() == want.to_bits() || (o.is_nan() && want.is_nan()),
                        "{x:e}: {o} against {want}"
                    );
                }
            }
        }
    }
}
