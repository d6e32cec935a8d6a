//! [`Plackett::excess`](super::Plackett::excess) four nodes at a time with
//! AVX2: the exponents, the exponentials and the weighted terms in lanes,
//! the terms summed in node order, so the same operations in the same order
//! as the scalar loop (no fused multiply-adds) and the same bits. A rule of
//! 6 nodes takes two groups; its two unused lanes are never summed.

use super::{PLACKETT_MAX, Plackett};
use crate::model::dist::exp::avx2::exp4;
use std::arch::x86_64::*;

/// Below this exponent `e^x` is 0 (it is under half the least subnormal,
/// `e^-745.13`): such lanes are set to 0 without the scalar call that
/// [`exp4`] makes for every lane beyond `-708`.
const UNDERFLOW: f64 = -746.0;

// Groups of four nodes read within the stored arrays.
const _: () = assert!(PLACKETT_MAX.is_multiple_of(4));

/// `sum_i w_i exp((sn_i hk - hs) inv_i)` over the rule's nodes (an even
/// number: a rule's nodes come in pairs).
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn excess(rule: &Plackett, hk: f64, hs: f64) -> f64 {
    let n = rule.n.min(PLACKETT_MAX);
    debug_assert!(n.is_multiple_of(2), "{n}");
    let (vhk, vhs) = (_mm256_set1_pd(hk), _mm256_set1_pd(hs));
    let mut s = 0.0;
    let mut i = 0;
    while i < n {
        // SAFETY: `i + 4 <= PLACKETT_MAX` (a multiple of 4 above `i`), the
        // arrays' length.
        let (sn, inv, w) = unsafe {
            (
                _mm256_loadu_pd(rule.sn.as_ptr().add(i)),
                _mm256_loadu_pd(rule.inv.as_ptr().add(i)),
                _mm256_loadu_pd(rule.w.as_ptr().add(i)),
            )
        };
        let x = _mm256_mul_pd(_mm256_sub_pd(_mm256_mul_pd(sn, vhk), vhs), inv);
        let deep = _mm256_cmp_pd::<_CMP_LT_OQ>(x, _mm256_set1_pd(UNDERFLOW));
        // SAFETY: AVX2 is enabled in this function.
        let e = unsafe { exp4(_mm256_andnot_pd(deep, x)) };
        let t = _mm256_mul_pd(w, _mm256_andnot_pd(deep, e));
        // The terms in node order, from the registers (a group holds 2 or 4
        // of them).
        let (lo, hi) = (_mm256_castpd256_pd128(t), _mm256_extractf128_pd::<1>(t));
        s += _mm_cvtsd_f64(lo);
        s += _mm_cvtsd_f64(_mm_unpackhi_pd(lo, lo));
        if n - i >= 4 {
            s += _mm_cvtsd_f64(hi);
            s += _mm_cvtsd_f64(_mm_unpackhi_pd(hi, hi));
        }
        i += 4;
    }
    s
}
