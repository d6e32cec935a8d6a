//! [`exp`](super::exp) of four arguments at once with AVX2: the same
//! operations in the same order (no fused multiply-adds), so the same
//! values bit for bit. Lanes outside the fast path (NaN, `|x| >= 708`,
//! `-inf`) are recomputed by the scalar function.

use super::{INV_LN2_128, LN2_128_HI, LN2_128_LO, SHIFT, TABLE, exp};
use crate::model::dist::simd::fix_lanes;
use std::arch::x86_64::*;

/// `e^(x - shift)` for each `x` of `xs`, into `out` (of the same length).
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn exp_shifted(xs: &[f64], shift: f64, out: &mut [f64]) {
    let n = xs.len().min(out.len());
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: lanes i..i + 4 are within both slices.
        let x = _mm256_sub_pd(
            unsafe { _mm256_loadu_pd(xs.as_ptr().add(i)) },
            _mm256_set1_pd(shift),
        );
        // SAFETY: AVX2 is enabled in this function.
        let v = unsafe { exp4(x) };
        // SAFETY: lanes i..i + 4 are within `out`.
        unsafe { _mm256_storeu_pd(out.as_mut_ptr().add(i), v) };
        i += 4;
    }
    for k in i..n {
        out[k] = exp(xs[k] - shift);
    }
}

/// [`exp`] of each lane of `x`. Inlined always (without a target feature of
/// its own, which would forbid that) into the AVX2 functions that call it:
/// `exp_shifted` here and Plackett's sum (`special::bivariate::avx2`); a
/// copy called out of line costs the loops more than it saves.
///
/// # Safety
/// The processor must support AVX2; call it from a function with AVX2
/// enabled, where the intrinsics are inlined.
#[inline(always)]
pub(crate) unsafe fn exp4(x: __m256d) -> __m256d {
    // SAFETY: the caller runs with AVX2 enabled (this function's
    // contract); every index of the gather is below 128, the table's length.
    unsafe {
        let set = _mm256_set1_pd;
        let fast = _mm256_cmp_pd::<_CMP_LT_OQ>(_mm256_andnot_pd(set(-0.0), x), set(708.0));
        let shifted = _mm256_add_pd(_mm256_mul_pd(x, set(INV_LN2_128)), set(SHIFT));
        let bits = _mm256_castpd_si256(shifted);
        let kf = _mm256_sub_pd(shifted, set(SHIFT));
        let r = _mm256_sub_pd(
            _mm256_sub_pd(x, _mm256_mul_pd(kf, set(LN2_128_HI))),
            _mm256_mul_pd(kf, set(LN2_128_LO)),
        );
        let j = _mm256_and_si256(bits, _mm256_set1_epi64x(127));
        let t = _mm256_i64gather_epi64::<8>(TABLE.as_ptr().cast::<i64>(), j);
        let e = _mm256_slli_epi64::<52>(_mm256_srli_epi64::<7>(bits));
        let scale = _mm256_castsi256_pd(_mm256_add_epi64(t, e));
        let p = _mm256_add_pd(set(1.0 / 24.0), _mm256_mul_pd(r, set(1.0 / 120.0)));
        let p = _mm256_add_pd(set(1.0 / 6.0), _mm256_mul_pd(r, p));
        let p = _mm256_add_pd(set(0.5), _mm256_mul_pd(r, p));
        let p = _mm256_add_pd(r, _mm256_mul_pd(_mm256_mul_pd(r, r), p));
        let v = _mm256_add_pd(scale, _mm256_mul_pd(scale, p));
        fix_lanes(v, x, fast, exp)
    }
}
