//! The bluff branch's likelihood of censored claims: the honest
//! likelihood of the claims as a function of the bluffed value, averaged
//! over the half-normal shift (a convolution on cells).

use super::super::CELLS;
use super::super::evidence::Evidence;
use super::super::factors::Factors;
use super::super::prior::{Facet, T_CELLS};
use crate::model::dist::exp::{exp_shifted, index_f64};
use crate::model::dist::ln::ln_slice;

impl Facet {
    /// Log of `E_u[G(r + f u)]` per cell, `G` the honest likelihood of the
    /// claims as a function of the bluffed value `t = r + f u`: cell
    /// averages of `G` over a grid of `t` extending past the support,
    /// convolved with the cell-averaged half-normal kernel.
    /// Only the r-cells `first..=last` (those inside the offer bounds) are
    /// computed, from the t-cells they reach.
    pub(super) fn bluff_convolution(
        &self,
        ev: &Evidence,
        (first, last): (usize, usize),
    ) -> [f64; CELLS] {
        let (lo, hi) = self.prior.support();
        let (w, extra) = (self.prior.w, self.extra);
        let up = self.favour.sign() > 0.0;
        let mut g = Factors::one();
        g.add_observations(&ev.claims);
        g.add_censored(&ev.claims_censored, lo, hi);
        let n_t = CELLS + extra;
        let t0 = if up { lo } else { lo - extra as f64 * w };
        let mut ln_g = [f64::NEG_INFINITY; T_CELLS];
        // r-cell i reaches t-cells i.. (up) or ..=extra + i (down).
        let (t_first, t_end) = if up {
            (first, n_t)
        } else {
            (0, extra + last + 1)
        };
        let cell = |k: usize| {
            let a = t0 + index_f64(k) * w;
            (a, a + w, 0.0)
        };
        // Only the t-cells within a claim's reach are evaluated: the others
        // keep -inf (G = 0), as `ln_avgs` would give them.
        let near = g.near_cells(t_end - t_first, |k| cell(t_first + k));
        let (t_first, t_end) = (t_first + near.start, t_first + near.end);
        g.ln_avgs(
            t_end - t_first,
            |k| cell(t_first + k),
            &mut ln_g[t_first..t_end],
        );
        let top = ln_g[t_first..t_end]
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        // Values of G ordered in the favoured direction, so that r-cell i
        // sees t-cells start(i), start(i) + 1, ... at kernel offsets 0, 1, ...
        let mut gv = [0.0; T_CELLS];
        exp_shifted(&ln_g[t_first..t_end], top, &mut gv[t_first..t_end]);
        if !up {
            gv[..n_t].reverse();
        }
        // Only cells that matter enter the dot products: values below
        // NEGLIGIBLE of the largest are left out, and a plateau of equal
        // values at the far end (a censored claim's likelihood, 1 beyond
        // the edge) is one value times the kernel's remaining mass.
        const NEGLIGIBLE: f64 = 1e-30;
        let gv = &gv[..n_t];
        let first_t = gv.iter().position(|&v| v > NEGLIGIBLE).unwrap_or(n_t);
        let last_value = gv[n_t - 1];
        let (end, plateau) = if last_value > NEGLIGIBLE {
            let run = gv.iter().rev().take_while(|&&v| v == last_value).count();
            (n_t - run, last_value)
        } else {
            let end = gv
                .iter()
                .rposition(|&v| v > NEGLIGIBLE)
                .map_or(0, |j| j + 1);
            (end, 0.0)
        };
        // The kernel-weighted sums, then their logarithms at once.
        let mut sums = [0.0; CELLS];
        let span = Span {
            kernel: &self.kernel,
            kernel_cum: &self.kernel_cum,
            gv,
            up,
            first_t,
            end,
            plateau,
        };
        span.sums(first, last, &mut sums);
        let mut out = [f64::NEG_INFINITY; CELLS];
        ln_slice(&sums[first..=last], top, &mut out[first..=last]);
        out
    }
}

/// The values of `G` the r-cells see and the kernel they see them through.
struct Span<'a> {
    kernel: &'a [f64; T_CELLS],
    kernel_cum: &'a [f64; T_CELLS],
    /// `G` ordered in the favoured direction; `first_t..end` the values
    /// that matter, `plateau` the value from `end` on (0 if none).
    gv: &'a [f64],
    up: bool,
    first_t: usize,
    end: usize,
    plateau: f64,
}

impl Span<'_> {
    /// The kernel-weighted sum of each r-cell `first..=last` into `sums`
    /// (with AVX2 where the processor has it: the dot products with one
    /// accumulator per lane, so the same sums bit for bit).
    fn sums(&self, first: usize, last: usize, sums: &mut [f64; CELLS]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { self.sums_avx2(first, last, sums) };
        }
        self.sums_lanes(first, last, sums);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn sums_avx2(&self, first: usize, last: usize, sums: &mut [f64; CELLS]) {
        self.sums_lanes(first, last, sums);
    }

    #[inline(always)]
    fn sums_lanes(&self, first: usize, last: usize, sums: &mut [f64; CELLS]) {
        let (first_t, end, plateau) = (self.first_t, self.end, self.plateau);
        for (i, o) in sums.iter_mut().enumerate().take(last + 1).skip(first) {
            let start = if self.up { i } else { CELLS - 1 - i };
            let a = start.max(first_t);
            let mut s = if a < end {
                dot_lanes(&self.kernel[a - start..end - start], &self.gv[a..end])
            } else {
                0.0
            };
            if plateau > 0.0 {
                // The kernel's mass from the plateau on (and beyond the grid).
                let q = end.max(start) - start;
                let mass = if q == 0 {
                    1.0
                } else {
                    1.0 - self.kernel_cum[q - 1]
                };
                s += mass.max(0.0) * plateau;
            }
            *o = s;
        }
    }
}

/// Dot product with four accumulators (independent chains vectorise: with
/// AVX2, one accumulator per lane, so the result is the same bit for bit).
#[inline(always)]
fn dot_lanes(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for j in 0..4 {
            acc[j] += x[j] * y[j];
        }
    }
    acc[0] + acc[1] + acc[2] + acc[3] + tail
}
