//! A grid's `E|G - x|` ([`Table::abs_dev`]) at four points at once with
//! AVX2: the same operations in the same order in each lane (a
//! multiplication and an addition never fused), so the same bits.

use super::Table;
use std::arch::x86_64::*;

/// `t.abs_dev(x)` for each of `xs`.
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn abs_dev4(t: &Table, xs: [f64; 4]) -> [f64; 4] {
    // SAFETY: AVX2 is enabled in this function; the gathers' indices are
    // in first..=last, below CELLS, the length of `mass` and less than
    // that of `p` and `q`; `xs` and `res` hold four lanes.
    unsafe {
        let x = _mm256_loadu_pd(xs.as_ptr());
        let (lo, w) = (_mm256_set1_pd(t.lo), _mm256_set1_pd(t.w));
        // The cell: to_index((x - lo) / w).clamp(first, last). Truncation is
        // `as u32` for the values it takes inside the range (below CELLS);
        // below 0, NaN or out of range it gives 0 or i32::MIN, clamped up to
        // `first` as `as u32` gives 0 and the clamp does. (Lanes outside the
        // range are replaced below; their index is only kept in bounds.)
        let v = _mm256_div_pd(_mm256_sub_pd(x, lo), w);
        let i = _mm256_cvttpd_epi32(v);
        let (first, last) = (t.first as i32, t.last as i32);
        let i = _mm_min_epi32(
            _mm_max_epi32(i, _mm_set1_epi32(first)),
            _mm_set1_epi32(last),
        );
        // Its ends: an inner cell's from the lattice, an end cell's as
        // `Table::cell` takes them.
        let fi = _mm256_cvtepi32_pd(i);
        let a_in = _mm256_add_pd(lo, _mm256_mul_pd(fi, w));
        let b_in = _mm256_add_pd(a_in, w);
        let ((af, bf), (al, bl)) = (t.cell(t.first), t.cell(t.last));
        let is_first = _mm256_cvtepi32_pd(_mm_cmpeq_epi32(i, _mm_set1_epi32(first)));
        let is_last = _mm256_cvtepi32_pd(_mm_cmpeq_epi32(i, _mm_set1_epi32(last)));
        // (-1 as f64 has the sign bit set: a blend mask.)
        let a = _mm256_blendv_pd(a_in, _mm256_set1_pd(al), is_last);
        let a = _mm256_blendv_pd(a, _mm256_set1_pd(af), is_first);
        let b = _mm256_blendv_pd(b_in, _mm256_set1_pd(bl), is_last);
        let b = _mm256_blendv_pd(b, _mm256_set1_pd(bf), is_first);
        // t: ((x - a) / (b - a)).clamp(0, 1) when b > a, else 1 if x >= a.
        let (zero, one) = (_mm256_setzero_pd(), _mm256_set1_pd(1.0));
        let bma = _mm256_sub_pd(b, a);
        let tv = _mm256_div_pd(_mm256_sub_pd(x, a), bma);
        let tv = _mm256_blendv_pd(tv, zero, _mm256_cmp_pd::<_CMP_LT_OQ>(tv, zero));
        let tv = _mm256_blendv_pd(tv, one, _mm256_cmp_pd::<_CMP_GT_OQ>(tv, one));
        let step = _mm256_blendv_pd(zero, one, _mm256_cmp_pd::<_CMP_GE_OQ>(x, a));
        let tt = _mm256_blendv_pd(step, tv, _mm256_cmp_pd::<_CMP_GT_OQ>(b, a));
        // Mass and moment below x.
        let wide = _mm256_cvtepi32_epi64(i);
        let m = _mm256_i64gather_pd::<8>(t.mass.as_ptr(), wide);
        let pi = _mm256_i64gather_pd::<8>(t.p.as_ptr(), wide);
        let qi = _mm256_i64gather_pd::<8>(t.q.as_ptr(), wide);
        let d = _mm256_mul_pd(m, tt);
        let p = _mm256_add_pd(pi, d);
        let half_t = _mm256_mul_pd(_mm256_set1_pd(0.5), tt);
        let q = _mm256_add_pd(
            qi,
            _mm256_mul_pd(d, _mm256_add_pd(a, _mm256_mul_pd(half_t, bma))),
        );
        // (x (2 p - 1) + mean - 2 q).max(|x - mean|), max as f64::max is
        // compiled: the other when the first is NaN, else the larger, the
        // first when equal.
        let (two, mean) = (_mm256_set1_pd(2.0), _mm256_set1_pd(t.mean));
        let r = _mm256_mul_pd(x, _mm256_sub_pd(_mm256_mul_pd(two, p), one));
        let r = _mm256_sub_pd(_mm256_add_pd(r, mean), _mm256_mul_pd(two, q));
        let xm = _mm256_sub_pd(x, mean);
        let ab = _mm256_andnot_pd(_mm256_set1_pd(-0.0), xm);
        let mx = _mm256_max_pd(ab, r);
        let inside = _mm256_blendv_pd(mx, ab, _mm256_cmp_pd::<_CMP_UNORD_Q>(r, r));
        // Outside the cells' range: |x - mean| as `mean - x` or `x - mean`.
        let above = _mm256_cmp_pd::<_CMP_GE_OQ>(x, _mm256_set1_pd(t.u));
        let below = _mm256_cmp_pd::<_CMP_LE_OQ>(x, _mm256_set1_pd(t.l));
        let out = _mm256_blendv_pd(inside, xm, above);
        let out = _mm256_blendv_pd(out, _mm256_sub_pd(mean, x), below);
        let mut res = [0.0; 4];
        _mm256_storeu_pd(res.as_mut_ptr(), out);
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::posterior::CELLS;
    use crate::model::posterior::component::Grid;

    /// Four lanes at once have the bits of `Table::abs_dev` one at a time:
    /// grids of one cell or many, clipped anywhere in their end cells, with
    /// empty cells among them; points below, at and above the range, on
    /// cell edges, at the clip points and the mean, and anywhere inside.
    #[test]
    fn four_lanes_give_the_bits_of_abs_dev() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        use rand::{RngExt, SeedableRng, rngs::StdRng};
        let mut rng = StdRng::seed_from_u64(0x2545_f491_4f6c_dd1d);
        let mut next = || rng.random::<f64>();
        let mut checked = 0;
        for _ in 0..3_000 {
            let (lo, w) = (-50.0 + 100.0 * next(), 0.01 + 3.0 * next());
            let first = (next() * CELLS as f64) as usize % CELLS;
            let last = (first + (next() * 12.0) as usize).min(CELLS - 1);
            let edge = |i: usize| lo + i as f64 * w;
            let l = edge(first) + w * if next() < 0.3 { 0.0 } else { next() };
            let u = edge(last + 1) - w * if next() < 0.3 { 0.0 } else { next() };
            if u <= l {
                continue;
            }
            let mut ln_w = [f64::NEG_INFINITY; CELLS];
            for v in &mut ln_w[first..=last] {
                if next() > 0.2 {
                    *v = 4.0 * (next() - 0.5);
                }
            }
            let Some((g, _)) = Grid::from_ln_weights(lo, w, (l, u), (first, last), &ln_w) else {
                continue;
            };
            let t = Table::new(&g);
            let mut pick = || match (next() * 8.0) as usize {
                0 => l - 5.0 * w * next(),
                1 => u + 5.0 * w * next(),
                2 => edge(first + (next() * (last - first + 2) as f64) as usize),
                3 => [l, u, t.mean][(next() * 3.0) as usize],
                _ => l + (u - l) * next(),
            };
            for _ in 0..8 {
                let xs = [pick(), pick(), pick(), pick()];
                // SAFETY: the processor supports AVX2 (checked above).
                let got = unsafe { abs_dev4(&t, xs) };
                for (x, g) in xs.iter().zip(got) {
                    let want = t.abs_dev(*x);
                    assert_eq!(g.to_bits(), want.to_bits(), "at {x}: {g} vs {want}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 50_000, "{checked} points");
    }
}
