//! [`cdf`](super::cdf) of four arguments at once with AVX2: each of Cody's
//! three ranges computed (for the lanes in it, when any lane is) by the
//! same operations in the same order as the scalar function (no fused
//! multiply-adds; the exponential by [`exp4`], which gives `exp`'s bits),
//! so the same values bit for bit.

use super::{CODY_A, CODY_B, CODY_C, CODY_D, CODY_P, CODY_Q, INV_SQRT_2PI};
use crate::model::dist::exp::avx2::exp4;
use std::arch::x86_64::*;

/// The scalar function's range limits and underflow bound.
const CENTRAL: f64 = 0.674_489_75;
const MIDDLE: f64 = 5.656_854_249_492_38;
const UNDERFLOW: f64 = -746.0;

/// `cdf` of each of `xs`, into `out` (of the same length).
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn cdf_slice(xs: &[f64], out: &mut [f64]) {
    let n = xs.len().min(out.len());
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: lanes i..i + 4 are within both slices; AVX2 is enabled.
        unsafe {
            let v = cdf4(_mm256_loadu_pd(xs.as_ptr().add(i)));
            _mm256_storeu_pd(out.as_mut_ptr().add(i), v);
        }
        i += 4;
    }
    for k in i..n {
        out[k] = super::cdf(xs[k]);
    }
}

/// `cdf` of each of four values.
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn cdf_four(xs: [f64; 4]) -> [f64; 4] {
    let mut out = [0.0; 4];
    // SAFETY: both arrays hold four values; AVX2 is enabled.
    unsafe { _mm256_storeu_pd(out.as_mut_ptr(), cdf4(_mm256_loadu_pd(xs.as_ptr()))) };
    out
}

/// [`cdf`](super::cdf) of each lane of `x`.
///
/// # Safety
/// The processor must support AVX2; call it from a function with AVX2
/// enabled, where the intrinsics are inlined.
#[inline(always)]
pub(super) unsafe fn cdf4(x: __m256d) -> __m256d {
    // SAFETY: the caller runs with AVX2 enabled (this function's contract).
    unsafe {
        let set = _mm256_set1_pd;
        let (add, mul, div, sub) = (_mm256_add_pd, _mm256_mul_pd, _mm256_div_pd, _mm256_sub_pd);
        let y = _mm256_andnot_pd(set(-0.0), x);
        let central = _mm256_cmp_pd::<_CMP_LE_OQ>(y, set(CENTRAL));
        let central_bits = _mm256_movemask_pd(central);
        let mut v = set(0.0);
        if central_bits != 0 {
            let xsq = mul(x, x);
            let (mut num, mut den) = (mul(set(CODY_A[4]), xsq), xsq);
            for i in 0..3 {
                num = mul(add(num, set(CODY_A[i])), xsq);
                den = mul(add(den, set(CODY_B[i])), xsq);
            }
            v = add(
                set(0.5),
                div(mul(x, add(num, set(CODY_A[3]))), add(den, set(CODY_B[3]))),
            );
            if central_bits == 0b1111 {
                return v;
            }
        }
        // exp(-y^2 / 2) as the scalar function splits it (truncation of a
        // non-negative `t`: what its cast and `trunc` give).
        let t = mul(y, set(16.0));
        let ysq = div(
            _mm256_round_pd::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(t),
            set(16.0),
        );
        let big = mul(mul(set(-0.5), ysq), ysq);
        let small = mul(mul(set(-0.5), sub(y, ysq)), add(y, ysq));
        let e = add(big, small);
        let live = _mm256_cmp_pd::<_CMP_GT_OQ>(e, set(UNDERFLOW));
        let gauss = if _mm256_movemask_pd(live) != 0 {
            let g = mul(exp4(e), add(set(1.0), sub(small, sub(e, big))));
            _mm256_and_pd(g, live)
        } else {
            set(0.0)
        };
        let middle = _mm256_cmp_pd::<_CMP_LE_OQ>(y, set(MIDDLE));
        let middle_bits = _mm256_movemask_pd(middle);
        let mut tail = set(0.0);
        if middle_bits & !central_bits & 0b1111 != 0 {
            let (mut num, mut den) = (mul(set(CODY_C[8]), y), y);
            for i in 0..7 {
                num = mul(add(num, set(CODY_C[i])), y);
                den = mul(add(den, set(CODY_D[i])), y);
            }
            tail = mul(
                div(add(num, set(CODY_C[7])), add(den, set(CODY_D[7]))),
                gauss,
            );
        }
        if middle_bits != 0b1111 {
            // (NaN lanes too: the scalar function takes this branch for them)
            let xsq = div(set(1.0), mul(y, y));
            let (mut num, mut den) = (mul(set(CODY_P[5]), xsq), xsq);
            for i in 0..4 {
                num = mul(add(num, set(CODY_P[i])), xsq);
                den = mul(add(den, set(CODY_Q[i])), xsq);
            }
            let r = div(mul(xsq, add(num, set(CODY_P[4]))), add(den, set(CODY_Q[4])));
            let far = mul(div(sub(set(INV_SQRT_2PI), r), y), gauss);
            tail = _mm256_blendv_pd(far, tail, middle);
        }
        let positive = _mm256_cmp_pd::<_CMP_GT_OQ>(x, set(0.0));
        let res = _mm256_blendv_pd(tail, sub(set(1.0), tail), positive);
        _mm256_blendv_pd(res, v, central)
    }
}
