//! [`ln`](super::ln) of four arguments at once with AVX2: the same
//! operations in the same order (no fused multiply-adds), so the same
//! values bit for bit. Lanes outside the fast path (zero, negatives,
//! subnormals, infinities, NaN) are recomputed by the scalar function.

use super::{INV, LN_HI, LN_LO, LN2_HI, LN2_LO, MANTISSA, ONE, ln};
use crate::model::dist::simd::fix_lanes;
use std::arch::x86_64::*;

/// `ln x + add` for each `x` of `xs`, into `out` (of the same length).
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn ln_slice(xs: &[f64], add: f64, out: &mut [f64]) {
    let n = xs.len().min(out.len());
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: lanes i..i + 4 are within both slices.
        let x = unsafe { _mm256_loadu_pd(xs.as_ptr().add(i)) };
        // SAFETY: AVX2 is enabled in this function.
        let v = _mm256_add_pd(unsafe { ln4(x) }, _mm256_set1_pd(add));
        // SAFETY: lanes i..i + 4 are within `out`.
        unsafe { _mm256_storeu_pd(out.as_mut_ptr().add(i), v) };
        i += 4;
    }
    for k in i..n {
        out[k] = ln(xs[k]) + add;
    }
}

/// [`ln`] of each lane of `x`. Inlined always (without a target feature of
/// its own, which would forbid that) into the AVX2 functions that call it:
/// `ln_slice` here and the cells' smooth rule (`posterior::factors::avx2`).
///
/// # Safety
/// The processor must support AVX2; call it from a function with AVX2
/// enabled, where the intrinsics are inlined.
#[inline(always)]
pub(crate) unsafe fn ln4(x: __m256d) -> __m256d {
    // SAFETY: the caller runs with AVX2 enabled (this function's
    // contract); every index of the gathers is below 128, the tables'
    // length.
    unsafe {
        let set = _mm256_set1_pd;
        let int = |v: u64| _mm256_set1_epi64x(v as i64);
        let fast = _mm256_and_pd(
            _mm256_cmp_pd::<_CMP_GE_OQ>(x, set(f64::MIN_POSITIVE)),
            _mm256_cmp_pd::<_CMP_LT_OQ>(x, set(f64::INFINITY)),
        );
        let bits = _mm256_castpd_si256(x);
        let mantissa = _mm256_and_si256(bits, int(MANTISSA));
        let j = _mm256_srli_epi64::<45>(_mm256_add_epi64(mantissa, int(1 << 44)));
        let top = _mm256_cmpeq_epi64(j, int(128));
        let j = _mm256_andnot_si256(top, j);
        let m = _mm256_castsi256_pd(_mm256_or_si256(mantissa, int(ONE)));
        let m = _mm256_blendv_pd(m, _mm256_mul_pd(m, set(0.5)), _mm256_castsi256_pd(top));
        // The biased exponent (plus 1 where `m` was halved), as a double by the
        // 2^52 trick, then unbiased: exact, as the scalar cast is.
        let e = _mm256_add_epi64(_mm256_srli_epi64::<52>(bits), _mm256_and_si256(top, int(1)));
        let two52 = set(4_503_599_627_370_496.0);
        let biased = _mm256_sub_pd(
            _mm256_castsi256_pd(_mm256_or_si256(e, _mm256_castpd_si256(two52))),
            two52,
        );
        let k = _mm256_sub_pd(biased, set(1023.0));
        let mj = _mm256_castsi256_pd(_mm256_add_epi64(int(ONE), _mm256_slli_epi64::<45>(j)));
        let (inv, ln_hi, ln_lo) = (
            _mm256_i64gather_pd::<8>(INV.as_ptr().cast::<f64>(), j),
            _mm256_i64gather_pd::<8>(LN_HI.as_ptr().cast::<f64>(), j),
            _mm256_i64gather_pd::<8>(LN_LO.as_ptr().cast::<f64>(), j),
        );
        let (add, mul) = (_mm256_add_pd, _mm256_mul_pd);
        let r = mul(_mm256_sub_pd(m, mj), inv);
        let hi = add(mul(k, set(LN2_HI)), ln_hi);
        let lo = add(mul(k, set(LN2_LO)), ln_lo);
        let q = add(
            set(1.0 / 5.0),
            mul(r, add(set(-1.0 / 6.0), mul(r, set(1.0 / 7.0)))),
        );
        let q = add(set(-0.25), mul(r, q));
        let q = add(set(1.0 / 3.0), mul(r, q));
        let q = add(set(-0.5), mul(r, q));
        let p = add(r, mul(mul(r, r), q));
        let v = add(hi, add(lo, p));
        fix_lanes(v, x, fast, ln)
    }
}
