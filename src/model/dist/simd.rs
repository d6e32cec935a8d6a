//! Shared pieces of the AVX2 kernels.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// `v` with the lanes outside `fast` (a lane mask) recomputed as `f` of the
/// lane of `x`: the scalar function's special cases.
///
/// # Safety
/// The processor must support AVX2.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
pub(crate) unsafe fn fix_lanes(
    v: __m256d,
    x: __m256d,
    fast: __m256d,
    f: fn(f64) -> f64,
) -> __m256d {
    let slow = !_mm256_movemask_pd(fast) & 0b1111;
    if slow == 0 {
        return v;
    }
    let (mut out, mut xs) = ([0.0; 4], [0.0; 4]);
    // SAFETY: both arrays hold four values.
    unsafe {
        _mm256_storeu_pd(out.as_mut_ptr(), v);
        _mm256_storeu_pd(xs.as_mut_ptr(), x);
    }
    for k in 0..4 {
        if slow & (1 << k) != 0 {
            out[k] = f(xs[k]);
        }
    }
    // SAFETY: `out` holds four values.
    unsafe { _mm256_loadu_pd(out.as_ptr()) }
}
