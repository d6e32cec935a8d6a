//! [`FactorsN::derivs`] at four points at once with AVX2: the same
//! operations in the same order (no fused multiply-adds), so the same
//! values bit for bit. A `Phi` factor that leaves the table of
//! [`ln_cdf_lambda`] at an active point (its far lower tail) is looked up
//! one point at a time by the scalar function.

use super::{CUBIC, Derivs, FactorsN, PLATEAU, SMOOTH};
use crate::model::dist::exp::avx2::exp4;
use crate::model::dist::ln::avx2::ln4;
use crate::model::dist::special::{LN_SQRT_2PI, ln_cdf_lambda, ln_cdf_lambda_table};
use std::arch::x86_64::*;

/// The derivatives at each of `r`.
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn derivs4<const N: usize>(f: &FactorsN<N>, r: [f64; 4]) -> [Derivs; 4] {
    let (table, lo, hi, scale) = ln_cdf_lambda_table();
    let base = table.as_ptr().cast::<f64>();
    // The last entry: lanes beyond the table (inactive) look it up instead.
    let top = _mm256_set1_pd((table.len() - 1) as f64);
    let set = _mm256_set1_pd;
    // SAFETY: `r` holds four values.
    let rv = unsafe { _mm256_loadu_pd(r.as_ptr()) };
    let mut q = set(f.ln_k);
    let (mut d1, mut d2, mut d3) = (
        _mm256_setzero_pd(),
        _mm256_setzero_pd(),
        _mm256_setzero_pd(),
    );
    if let Some((m, s)) = f.gauss {
        let inv = s.recip();
        let z = _mm256_mul_pd(_mm256_sub_pd(rv, set(m)), set(inv));
        // ln_phi(z) - ln s, as `-0.5 * z * z - LN_SQRT_2PI - ln_s`.
        let lp = _mm256_sub_pd(
            _mm256_mul_pd(_mm256_mul_pd(set(-0.5), z), z),
            set(LN_SQRT_2PI),
        );
        q = _mm256_add_pd(q, _mm256_sub_pd(lp, set(f.ln_s)));
        d1 = _mm256_sub_pd(d1, _mm256_mul_pd(z, set(inv)));
        d2 = _mm256_sub_pd(d2, set(inv * inv));
    }
    for &(a, b, n) in f.phis() {
        let z = _mm256_add_pd(_mm256_mul_pd(set(a), rv), set(b));
        // Points where `Phi(z)` is not 1 (NaN included, as in the scalar
        // code), and those the table covers.
        let active = _mm256_cmp_pd::<_CMP_NGT_UQ>(z, set(PLATEAU));
        let in_table = _mm256_and_pd(
            _mm256_cmp_pd::<_CMP_GE_OQ>(z, set(lo)),
            _mm256_cmp_pd::<_CMP_LT_OQ>(z, set(hi)),
        );
        if _mm256_movemask_pd(active) == 0 {
            continue;
        }
        let (lc, lam) = if _mm256_movemask_pd(_mm256_andnot_pd(in_table, active)) != 0 {
            // An active point beyond the table (its far lower tail, or
            // NaN): this factor's values one point at a time by the scalar
            // function (the rest stays four at a time).
            let mut zs = [0.0; 4];
            // SAFETY: `zs` holds four values.
            unsafe { _mm256_storeu_pd(zs.as_mut_ptr(), z) };
            let v = zs.map(ln_cdf_lambda);
            (
                _mm256_set_pd(v[3].0, v[2].0, v[1].0, v[0].0),
                _mm256_set_pd(v[3].1, v[2].1, v[1].1, v[0].1),
            )
        } else {
            let x = _mm256_mul_pd(_mm256_sub_pd(z, set(lo)), set(scale));
            let i = _mm256_cvttpd_epi32(_mm256_min_pd(x, top));
            let t = _mm256_sub_pd(x, _mm256_cvtepi32_pd(i));
            let at = _mm_slli_epi32::<3>(i);
            // SAFETY: every index is within the table (inactive lanes at
            // its last entry), each entry holding 8 coefficients.
            let c = |k: usize| unsafe { _mm256_i32gather_pd::<8>(base.add(k), at) };
            let horner = |k: usize| {
                let u = _mm256_add_pd(c(k + 2), _mm256_mul_pd(t, c(k + 3)));
                let u = _mm256_add_pd(c(k + 1), _mm256_mul_pd(t, u));
                _mm256_add_pd(c(k), _mm256_mul_pd(t, u))
            };
            (horner(0), horner(4))
        };
        let n = n as f64;
        let (na, naa) = (n * a, n * a * a);
        let naaa = naa * a;
        let zl = _mm256_add_pd(z, lam);
        let qn = _mm256_add_pd(q, _mm256_mul_pd(set(n), lc));
        let d1n = _mm256_add_pd(d1, _mm256_mul_pd(set(na), lam));
        let d2n = _mm256_sub_pd(d2, _mm256_mul_pd(_mm256_mul_pd(set(naa), lam), zl));
        let curve = _mm256_sub_pd(_mm256_mul_pd(zl, _mm256_add_pd(zl, lam)), set(1.0));
        let d3n = _mm256_add_pd(d3, _mm256_mul_pd(_mm256_mul_pd(set(naaa), lam), curve));
        q = _mm256_blendv_pd(q, qn, active);
        d1 = _mm256_blendv_pd(d1, d1n, active);
        d2 = _mm256_blendv_pd(d2, d2n, active);
        d3 = _mm256_blendv_pd(d3, d3n, active);
    }
    let lanes = |v: __m256d| {
        let mut o = [0.0; 4];
        // SAFETY: `o` holds four values.
        unsafe { _mm256_storeu_pd(o.as_mut_ptr(), v) };
        o
    };
    let (q, d1, d2, d3) = (lanes(q), lanes(d1), lanes(d2), lanes(d3));
    std::array::from_fn(|j| Derivs {
        q: q[j],
        d1: d1[j],
        d2: d2[j],
        d3: d3[j],
    })
}

/// [`FactorsN::ln_avg_smooth`] of four cells (widths `h`, derivatives `d`)
/// at once: its value per cell, and a bit per cell (bit `j` for cell `j`)
/// where the rule applies (where the scalar rule gives `Some`). The same
/// operations in the same order, with [`exp4`] and [`ln4`] for the scalar
/// `exp` and `ln`, so the same values bit for bit.
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn smooth4(h: [f64; 4], d: &[Derivs; 4]) -> ([f64; 4], u8) {
    let set = _mm256_set1_pd;
    let (add, sub, mul) = (_mm256_add_pd, _mm256_sub_pd, _mm256_mul_pd);
    let abs = |v: __m256d| _mm256_andnot_pd(set(-0.0), v);
    let field = |f: fn(&Derivs) -> f64| _mm256_set_pd(f(&d[3]), f(&d[2]), f(&d[1]), f(&d[0]));
    let (q, d1, d2, d3) = (
        field(|d| d.q),
        field(|d| d.d1),
        field(|d| d.d2),
        field(|d| d.d3),
    );
    // SAFETY: `h` holds four values.
    let h = unsafe { _mm256_loadu_pd(h.as_ptr()) };
    let h2 = mul(h, h);
    // `None` where `h2 |d2| > SMOOTH || h2 h |d3| > CUBIC` (false for NaN,
    // as `>` is).
    let bad = _mm256_or_pd(
        _mm256_cmp_pd::<_CMP_GT_OQ>(mul(h2, abs(d2)), set(SMOOTH)),
        _mm256_cmp_pd::<_CMP_GT_OQ>(mul(mul(h2, h), abs(d3)), set(CUBIC)),
    );
    let ok = !_mm256_movemask_pd(bad) & 0b1111;
    if ok == 0 {
        return ([0.0; 4], 0);
    }
    let t = abs(mul(mul(set(0.5), d1), h));
    let small = _mm256_cmp_pd::<_CMP_LT_OQ>(t, set(0.5));
    let t2 = mul(t, t);
    let poly3 = |c0: f64, c1: f64, c2: f64, c3: f64| {
        // c0 + t2 (c1 - t2 (c2 - t2 c3)), as written in the scalar rule.
        add(
            set(c0),
            mul(t2, sub(set(c1), mul(t2, sub(set(c2), mul(t2, set(c3)))))),
        )
    };
    let mut ln_sinhc = mul(
        t2,
        sub(
            set(1.0 / 6.0),
            mul(t2, sub(set(1.0 / 180.0), mul(t2, set(1.0 / 2835.0)))),
        ),
    );
    let mut ey2 = poly3(1.0 / 3.0, 2.0 / 45.0, 4.0 / 945.0, 2.0 / 4725.0);
    let mut vy2 = poly3(4.0 / 45.0, 8.0 / 945.0, 4.0 / 1575.0, 8.0 / 18711.0);
    if ok & !_mm256_movemask_pd(small) != 0 {
        // SAFETY: AVX2 is enabled in this function.
        let e = unsafe { exp4(mul(set(-2.0), t)) };
        let coth = _mm256_div_pd(add(set(1.0), e), sub(set(1.0), e));
        let inv = _mm256_div_pd(set(1.0), t);
        let e1 = sub(coth, inv);
        let e2 = sub(set(1.0), mul(mul(set(2.0), e1), inv));
        let e3 = sub(coth, mul(mul(set(3.0), e2), inv));
        let e4 = sub(set(1.0), mul(mul(set(4.0), e3), inv));
        // SAFETY: AVX2 is enabled in this function.
        let lnv = unsafe { ln4(mul(sub(set(1.0), e), mul(set(0.5), inv))) };
        // (`max` returns its second operand, 0, for a NaN, as `f64::max` does)
        let v_e = _mm256_max_pd(sub(e4, mul(e2, e2)), _mm256_setzero_pd());
        ln_sinhc = _mm256_blendv_pd(add(t, lnv), ln_sinhc, small);
        ey2 = _mm256_blendv_pd(e2, ey2, small);
        vy2 = _mm256_blendv_pd(v_e, vy2, small);
    }
    let c = mul(mul(set(0.125), d2), h2);
    let v = add(
        add(add(q, ln_sinhc), mul(c, ey2)),
        mul(mul(mul(set(0.5), c), c), vy2),
    );
    let mut out = [0.0; 4];
    // SAFETY: `out` holds four values.
    unsafe { _mm256_storeu_pd(out.as_mut_ptr(), v) };
    (out, ok as u8)
}

/// The cells among four (ends `a`, `b`, offsets `off`) that the Gaussian
/// factor `(m, s)` does not put below `floor` (bit `j` for cell `j`): the
/// test of [`FactorsN::ln_avgs`], the same operations in the same order.
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn near4(
    cells: &[[f64; 4]; 3],
    (m, s, floor): (f64, f64, f64),
    ln_k: f64,
    ln_s: f64,
) -> u8 {
    let set = _mm256_set1_pd;
    let (add, sub, mul) = (_mm256_add_pd, _mm256_sub_pd, _mm256_mul_pd);
    // SAFETY: each row holds four values.
    let [a, b, off] = cells
        .each_ref()
        .map(|c| unsafe { _mm256_loadu_pd(c.as_ptr()) });
    let m = set(m);
    // gap = a - m where m < a, else max(m - b, 0) (0 for a NaN, as `f64::max`)
    let gap = _mm256_blendv_pd(
        _mm256_max_pd(sub(m, b), _mm256_setzero_pd()),
        sub(a, m),
        _mm256_cmp_pd::<_CMP_LT_OQ>(m, a),
    );
    let z = _mm256_div_pd(gap, set(s));
    let ln_phi = sub(mul(mul(set(-0.5), z), z), set(LN_SQRT_2PI));
    let v = add(sub(add(set(ln_k), ln_phi), set(ln_s)), off);
    let far = _mm256_movemask_pd(_mm256_cmp_pd::<_CMP_LT_OQ>(v, set(floor)));
    (!far & 0b1111) as u8
}
