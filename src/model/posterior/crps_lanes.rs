//! Sums of rows weighted by coefficients, `out[k] = init + c_0 rows[0][k] +
//! c_1 rows[1][k] + ...`, taken in that order for every `k`, so that the
//! `k` are independent lanes: four at a time with AVX2 where the processor
//! has it (a multiplication and an addition per term, never fused), the
//! same bits as one at a time.

use super::rules::{N, VI, WITHIN};

/// `0` as `Iterator::sum` starts from it, so that a row's dot product taken
/// here has the bits of `row.iter().zip(d).map(|(m, x)| m * x).sum()`.
pub(super) fn sum_start() -> f64 {
    std::iter::empty::<f64>().sum()
}

/// `m` transposed.
const fn transpose(m: &[[f64; N]; N]) -> [[f64; N]; N] {
    let mut t = [[0.0; N]; N];
    let mut i = 0;
    while i < N {
        let mut j = 0;
        while j < N {
            t[j][i] = m[i][j];
            j += 1;
        }
        i += 1;
    }
    t
}

/// [`WITHIN`] and [`VI`] by columns: `combine(start, d, &WITHIN_T)[i]` is
/// row `i` of `WITHIN` times `d`.
pub(super) const WITHIN_T: [[f64; N]; N] = transpose(&WITHIN);
pub(super) const VI_T: [[f64; N]; N] = transpose(&VI);

/// `out[k] = init + sum_j c[j] rows[j][k]`, the terms added in the order
/// of `j` (`c` and `rows` zipped: the shorter decides).
pub(super) fn combine<const M: usize>(init: f64, c: &[f64], rows: &[[f64; M]]) -> [f64; M] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2 (checked just above).
        return unsafe { combine_avx2(init, c, rows) };
    }
    combine_lanes(init, c, rows)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn combine_avx2<const M: usize>(init: f64, c: &[f64], rows: &[[f64; M]]) -> [f64; M] {
    combine_lanes(init, c, rows)
}

#[inline(always)]
fn combine_lanes<const M: usize>(init: f64, c: &[f64], rows: &[[f64; M]]) -> [f64; M] {
    let mut out = [init; M];
    for (c, row) in c.iter().zip(rows) {
        for (o, v) in out.iter_mut().zip(row) {
            *o += c * v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit for bit the sums taken one at a time: a row's dot product as
    /// `Iterator::sum` takes it, and a weighted sum of rows from 0, on
    /// random values of mixed signs and scales (zeros and negative zeros
    /// among them).
    #[test]
    fn lanes_give_the_bits_of_sums_taken_one_at_a_time() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            match state % 11 {
                0 => 0.0,
                1 => -0.0,
                k => (u - 0.5) * 10f64.powi(k as i32 - 6),
            }
        };
        for _ in 0..2_000 {
            let d: [f64; N] = std::array::from_fn(|_| next());
            for m in [&WITHIN, &VI] {
                let t = transpose(m);
                let lanes = combine(sum_start(), &d, &t);
                for (row, v) in m.iter().zip(lanes) {
                    let one: f64 = row.iter().zip(&d).map(|(m, x)| m * x).sum();
                    assert_eq!(one.to_bits(), v.to_bits(), "{row:?} . {d:?}");
                }
            }
            let n = 1 + (next().abs() * 1e6) as usize % 24;
            let c: Vec<f64> = (0..n).map(|_| next()).collect();
            let rows: Vec<[f64; 24]> = (0..24).map(|_| std::array::from_fn(|_| next())).collect();
            let lanes = combine(0.0, &c, &rows);
            for (k, v) in lanes.iter().enumerate() {
                let mut one = 0.0;
                for (c, row) in c.iter().zip(&rows) {
                    one += c * row[k];
                }
                assert_eq!(one.to_bits(), v.to_bits(), "lane {k}");
            }
        }
    }
}
