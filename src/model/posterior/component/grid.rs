//! A belief on cells: uniform density within each cell of the prior's
//! fixed partition, with cumulative tables for O(1) queries.

use super::super::CELLS;
use super::Side;
use crate::model::dist::exp::{exp_shifted, index_f64, to_index};

/// Uniform-density cells over the prior's fixed 64-cell partition, clipped
/// to `[l, u]`: cell `i` spreads its mass evenly over
/// `[max(l, lo + i w), min(u, lo + (i + 1) w)]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Grid {
    pub(super) lo: f64,
    pub(super) w: f64,
    pub(super) l: f64,
    pub(super) u: f64,
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) mass: [f64; CELLS],
    /// `cum[k]`: the mass of the cells before cell `k`; `cum1[k]`: their
    /// first moment (O(1) distribution function and partial means).
    pub(super) cum: [f64; CELLS + 1],
    pub(super) cum1: [f64; CELLS + 1],
    pub(super) mean: f64,
    pub(super) var: f64,
}

/// A cell that narrower bounds cut ([`Grid::cuts`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct CellCut {
    pub(crate) cell: usize,
    /// The cell's extent in the grid, and the part the bounds keep.
    pub(crate) whole: (f64, f64),
    pub(crate) kept: (f64, f64),
    /// The kept part's mass, the density taken as uniform within the cell.
    pub(crate) mass: f64,
}

impl Grid {
    /// A grid from unnormalised log-weights of the cells `first..=last`
    /// (others are ignored); `None` if no cell has positive weight. Also
    /// returns the log of the total weight.
    /// `ln sum e^w` over log weights `ln_w` (None if all are `-inf`): the
    /// log marginal likelihood [`Grid::from_ln_weights`] gives, bit for bit.
    pub(crate) fn ln_total(ln_w: &[f64]) -> Option<f64> {
        let top = ln_w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !top.is_finite() {
            return None;
        }
        let mut e = [0.0; super::super::prior::T_CELLS];
        let e = &mut e[..ln_w.len()];
        exp_shifted(ln_w, top, e);
        let total: f64 = e.iter().sum();
        Some(top + total.ln())
    }

    pub(crate) fn from_ln_weights(
        lo: f64,
        w: f64,
        (l, u): (f64, f64),
        (first, last): (usize, usize),
        ln_w: &[f64; CELLS],
    ) -> Option<(Box<Grid>, f64)> {
        let top = ln_w[first..=last]
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        if !top.is_finite() {
            return None;
        }
        // Built where it stays (a grid is 1.6 KB: building it on the stack
        // and moving it into its box copied it three times).
        let mut g = Box::new(Grid {
            lo,
            w,
            l,
            u,
            first,
            last,
            mass: [0.0; CELLS],
            cum: [0.0; CELLS + 1],
            cum1: [0.0; CELLS + 1],
            mean: 0.0,
            var: 0.0,
        });
        exp_shifted(&ln_w[first..=last], top, &mut g.mass[first..=last]);
        let total: f64 = g.mass[first..=last].iter().fold(0.0, |t, m| t + m);
        let (mut m1, mut m2) = (0.0, 0.0);
        let inv = 1.0 / total;
        // Each cell's terms at once (they vectorise), then the sums in order.
        let mut t = [[0.0; CELLS]; 2];
        g.moment_terms(inv, &mut t);
        for i in first..=last {
            m1 += t[0][i];
            m2 += t[1][i];
            g.cum[i + 1] = g.cum[i] + g.mass[i];
            g.cum1[i + 1] = m1;
        }
        for k in last + 2..=CELLS {
            g.cum[k] = g.cum[last + 1];
            g.cum1[k] = g.cum1[last + 1];
        }
        g.mean = m1.clamp(l, u);
        g.var = (m2 - m1 * m1).max(0.0);
        Some((g, top + total.ln()))
    }

    /// Normalise the masses of the cells `first..=last` by `inv`, and put
    /// each one's terms of the first and second moments in `t` (with AVX2
    /// where the processor has it: the same values bit for bit).
    pub(super) fn moment_terms(&mut self, inv: f64, t: &mut [[f64; CELLS]; 2]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { self.moment_terms_avx2(inv, t) };
        }
        self.moment_terms_lanes(inv, t);
    }

    /// [`Grid::moment_terms`] four cells at a time: the same operations in
    /// the same order (cell indices as doubles counted up by 4, exactly).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn moment_terms_avx2(&mut self, inv: f64, t: &mut [[f64; CELLS]; 2]) {
        use std::arch::x86_64::*;
        let (first, last) = (self.first, self.last);
        let set = _mm256_set1_pd;
        let (add, mul) = (_mm256_add_pd, _mm256_mul_pd);
        let (lo, w, l, u) = (set(self.lo), set(self.w), set(self.l), set(self.u));
        let f = index_f64(first);
        let mut idx = _mm256_set_pd(f + 3.0, f + 2.0, f + 1.0, f);
        let mut i = first;
        while i + 4 <= last + 1 {
            // SAFETY: cells i..i + 4 are within the arrays (i + 3 <= last).
            unsafe {
                let m = mul(_mm256_loadu_pd(self.mass.as_ptr().add(i)), set(inv));
                _mm256_storeu_pd(self.mass.as_mut_ptr().add(i), m);
                let a = add(lo, mul(idx, w));
                let b = add(a, w);
                let a = _mm256_blendv_pd(a, l, _mm256_cmp_pd::<_CMP_LT_OQ>(a, l));
                let b = _mm256_blendv_pd(b, u, _mm256_cmp_pd::<_CMP_GT_OQ>(b, u));
                let t1 = mul(mul(m, set(0.5)), add(a, b));
                let sq = add(add(mul(a, a), mul(a, b)), mul(b, b));
                let t2 = mul(mul(m, sq), set(1.0 / 3.0));
                _mm256_storeu_pd(t[0].as_mut_ptr().add(i), t1);
                _mm256_storeu_pd(t[1].as_mut_ptr().add(i), t2);
            }
            idx = add(idx, set(4.0));
            i += 4;
        }
        self.moment_terms_from(i, inv, t);
    }

    /// [`Grid::moment_terms`] one cell at a time.
    pub(super) fn moment_terms_lanes(&mut self, inv: f64, t: &mut [[f64; CELLS]; 2]) {
        self.moment_terms_from(self.first, inv, t);
    }

    /// [`Grid::moment_terms`] for the cells `from..=last`.
    #[inline(always)]
    fn moment_terms_from(&mut self, from: usize, inv: f64, t: &mut [[f64; CELLS]; 2]) {
        let [t1, t2] = t;
        for i in from..=self.last {
            let m = self.mass[i] * inv;
            self.mass[i] = m;
            let (a, b) = self.cell(i);
            t1[i] = m * 0.5 * (a + b);
            t2[i] = m * (a * a + a * b + b * b) * (1.0 / 3.0);
        }
    }

    /// `P(r <= x)` (`inclusive`) or `P(r < x)`, from `prefix`, the masses
    /// of the cells before each cell ([`Grid::prefix`]): O(1), where
    /// [`Component::part`] adds up the cells.
    pub(crate) fn cdf_with(&self, prefix: &[f64; CELLS + 1], x: f64, inclusive: bool) -> f64 {
        // Cells outside `first..=last` hold no mass.
        let i =
            crate::model::dist::exp::floor((x - self.lo) / self.w).clamp(0.0, (CELLS - 1) as f64);
        let i = to_index(i);
        (prefix[i] + self.cell_part(i, x, Side::Below { inclusive }).0).min(1.0)
    }

    /// The mass of the cells before each cell, and in all (`[CELLS]`).
    pub(crate) fn prefix(&self) -> [f64; CELLS + 1] {
        self.cum
    }

    /// Probability and first moment of `r` on `side` of `x`: the cells
    /// around `x` one by one, the others from the cumulative sums.
    pub(super) fn part(&self, x: f64, side: Side) -> (f64, f64) {
        let i = crate::model::dist::exp::floor((x - self.lo) / self.w);
        // One cell of margin either side absorbs the rounding of `i`.
        let (first, end) = (index_f64(self.first), index_f64(self.last + 1));
        let a = to_index((i - 1.0).clamp(first, end));
        let b = to_index((i + 2.0).clamp(first, end));
        let (mut p, mut m1) = match side {
            Side::Below { .. } => (self.cum[a], self.cum1[a]),
            Side::Above { .. } => (
                self.cum[CELLS] - self.cum[b],
                self.cum1[CELLS] - self.cum1[b],
            ),
        };
        for k in a..b {
            let (dp, dm) = self.cell_part(k, x, side);
            p += dp;
            m1 += dm;
        }
        (p, m1)
    }

    /// Ends of cell `i`, clipped.
    #[inline]
    pub(crate) fn cell(&self, i: usize) -> (f64, f64) {
        let a = self.lo + index_f64(i) * self.w;
        let b = a + self.w;
        // Plain comparisons (the ends are finite): `max`/`min` would also
        // order NaNs, at several instructions a cell.
        (
            if a < self.l { self.l } else { a },
            if b > self.u { self.u } else { b },
        )
    }

    /// The cells that narrowing this grid to `[l, u]` cuts (each end
    /// strictly inside a cell with mass; one cell when both are): per cell,
    /// its extent now, the part `[l, u]` keeps of it, and the mass that
    /// part holds when the density is taken as uniform within the cell.
    pub(crate) fn cuts(&self, l: f64, u: f64) -> ([CellCut; 2], usize) {
        let mut out = [CellCut::default(); 2];
        let mut n = 0;
        for x in [l, u] {
            if self.cut_mass(x) <= 0.0 {
                continue;
            }
            let i = to_index(crate::model::dist::exp::floor((x - self.lo) / self.w));
            if n == 1 && out[0].cell == i {
                continue; // both ends in one cell
            }
            let (a, b) = self.cell(i);
            let kept = (if l > a { l } else { a }, if u < b { u } else { b });
            out[n] = CellCut {
                cell: i,
                whole: (a, b),
                kept,
                mass: self.mass[i] * (kept.1 - kept.0).max(0.0) / (b - a),
            };
            n += 1;
        }
        (out, n)
    }

    /// Mass of the cell that `x` cuts (strictly inside it); 0 if none.
    pub(super) fn cut_mass(&self, x: f64) -> f64 {
        if !(x > self.l && x < self.u) {
            return 0.0;
        }
        let i = crate::model::dist::exp::floor((x - self.lo) / self.w);
        if i < index_f64(self.first) || i > index_f64(self.last) {
            return 0.0;
        }
        let i = to_index(i);
        let (a, b) = self.cell(i);
        if x > a && x < b { self.mass[i] } else { 0.0 }
    }

    /// Probability and first moment of the part of cell `i` on `side` of `x`.
    fn cell_part(&self, i: usize, x: f64, side: Side) -> (f64, f64) {
        let (a, b) = self.cell(i);
        let m = self.mass[i];
        let (keep_lo, keep_hi) = match side {
            Side::Below { .. } => (a, x.min(b)),
            Side::Above { .. } => (x.max(a), b),
        };
        if b <= a {
            // A degenerate cell is a point mass at a.
            let inside = match side {
                Side::Below { inclusive } => a < x || (inclusive && a == x),
                Side::Above { inclusive } => a > x || (inclusive && a == x),
            };
            return if inside { (m, m * a) } else { (0.0, 0.0) };
        }
        if keep_hi <= keep_lo {
            return (0.0, 0.0);
        }
        let p = m * (keep_hi - keep_lo) / (b - a);
        (p, p * 0.5 * (keep_lo + keep_hi))
    }
}

/// A grid's cells as the CRPS reads them: the partition (`lo`, width
/// `w`), the cells that may hold mass `first..=last` and the masses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout<'a> {
    pub(crate) lo: f64,
    pub(crate) w: f64,
    pub(crate) first: usize,
    pub(crate) last: usize,
    pub(crate) mass: &'a [f64; CELLS],
}

impl Grid {
    /// Its [`Layout`].
    pub(crate) fn layout(&self) -> Layout<'_> {
        Layout {
            lo: self.lo,
            w: self.w,
            first: self.first,
            last: self.last,
            mass: &self.mass,
        }
    }
}
