//! A likelihood in `r` as a product of factors: a constant, at most one
//! Gaussian `N(r; m, s^2)`, and powers of normal distribution functions
//! `Phi(alpha r + beta)^n` (censored observations, the bluff's skew). Its
//! average over a cell integrates the sharpest factor exactly (a Gaussian by
//! normal masses, a `Phi` by its antiderivative) and evaluates the others at
//! that factor's mean within the cell, so a likelihood far narrower than a
//! cell still gives each cell its right mass.

#[cfg(target_arch = "x86_64")]
mod avx2;

use super::evidence::{Censored, Gaussian};
use crate::model::dist::exp::FastExp;
use crate::model::dist::ln::ln;
use crate::model::dist::special::{
    LN_SQRT_2PI, gauss_interval, ln_cdf_lambda, ln_mass, ln_phi, phi_integral,
};

/// `Phi(z)` rounds to 1 above this.
const PLATEAU: f64 = 8.5;
/// Cells where `h^2 |q''|` is below this, and `h^3 |q'''|` below
/// [`CUBIC`], take the cheap rule.
const SMOOTH: f64 = 1.0;
/// Above this `h^3 |q'''|` a cell is not taken as quadratic.
const CUBIC: f64 = 0.05;
/// Cells below `e^-NEGLIGIBLE` of the best are not integrated.
const NEGLIGIBLE: f64 = 40.0;

/// The first `i` in `0..n` with `pred(i)` (`n` if none), for a `pred`
/// false then true along the index.
fn first_cell(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if pred(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// A log-likelihood and its first three derivatives at a point.
#[derive(Debug, Clone, Copy)]
struct Derivs {
    q: f64,
    d1: f64,
    d2: f64,
    d3: f64,
}

/// Most `Phi` factors: two censored lists and one skew or edge factor.
const MAX_PHI: usize = 2 * super::evidence::CENSORED_CAP + 1;

/// Factors with room for every `Phi` factor (censored evidence, cells).
pub(crate) type Factors = FactorsN<MAX_PHI>;

/// Factors with room for one `Phi` factor: what the closed forms take (a
/// tenth of the size, so building and moving them costs little).
pub(crate) type SmallFactors = FactorsN<1>;

/// Product of likelihood factors (see the module doc), with room for `N`
/// `Phi` factors.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FactorsN<const N: usize> {
    /// Log of the constant factor.
    pub(crate) ln_k: f64,
    /// `(m, s)` of the Gaussian factor.
    pub(crate) gauss: Option<(f64, f64)>,
    /// `ln s` of the Gaussian factor.
    ln_s: f64,
    phis: [(f64, f64, u32); N],
    n: usize,
}

impl<const N: usize> FactorsN<N> {
    /// Room for `Phi` factors.
    pub(crate) const CAPACITY: usize = N;

    /// The constant 1.
    pub(crate) fn one() -> Self {
        FactorsN {
            ln_k: 0.0,
            gauss: None,
            ln_s: 0.0,
            phis: [(0.0, 0.0, 0); N],
            n: 0,
        }
    }

    /// Multiply by the density `N(r; m, s^2)` (combining with an existing
    /// Gaussian: `N(r; m1, v1) N(r; m2, v2) = N(m1; m2, v1 + v2) N(r; m, v)`).
    pub(crate) fn gauss(mut self, m: f64, s: f64) -> Self {
        self.add_gauss(m, s);
        self
    }

    /// [`FactorsN::gauss`] in place.
    fn add_gauss(&mut self, m: f64, s: f64) {
        self.gauss = Some(match self.gauss {
            None => (m, s),
            Some((m0, s0)) => {
                let (v0, v) = (s0 * s0, s * s);
                let vs = v0 + v;
                self.ln_k += ln_phi((m - m0) / vs.sqrt()) - 0.5 * vs.ln();
                ((m0 * v + m * v0) / vs, (v0 * v / vs).sqrt())
            }
        });
        self.ln_s = self.gauss.map_or(0.0, |(_, s)| s.ln());
    }

    /// Multiply by `Phi(alpha r + beta)^count`.
    pub(crate) fn phi(mut self, alpha: f64, beta: f64, count: u32) -> Self {
        self.push_phi(alpha, beta, count);
        self
    }

    /// [`FactorsN::phi`] in place.
    fn push_phi(&mut self, alpha: f64, beta: f64, count: u32) {
        assert!(self.n < N, "room for {N} Phi factors");
        self.phis[self.n] = (alpha, beta, count);
        self.n += 1;
    }

    /// Multiply by the likelihood of Gaussian observations `y_i = r + s_i z`
    /// (their sufficient statistic; the factor common to any `r` is dropped).
    pub(crate) fn observations(mut self, g: &Gaussian) -> Self {
        self.add_observations(g);
        self
    }

    /// [`FactorsN::observations`] in place.
    pub(crate) fn add_observations(&mut self, g: &Gaussian) {
        if let Some((m, s)) = g.get() {
            self.add_gauss(m, s);
        }
    }

    /// Multiply by the censored likelihoods `P(r + s z >= hi)` or `<= lo`.
    pub(crate) fn censored(mut self, c: &Censored, lo: f64, hi: f64) -> Self {
        self.add_censored(c, lo, hi);
        self
    }

    /// [`FactorsN::censored`] in place (for [`Factors`], 830 bytes: the
    /// builders by value copy them).
    pub(crate) fn add_censored(&mut self, c: &Censored, lo: f64, hi: f64) {
        for (high, s, count) in c.iter() {
            if high {
                self.push_phi(1.0 / s, -hi / s, count);
            } else {
                self.push_phi(-1.0 / s, lo / s, count);
            }
        }
    }

    /// Multiply by a constant `e^ln_c`.
    pub(crate) fn times(mut self, ln_c: f64) -> Self {
        self.ln_k += ln_c;
        self
    }

    /// The `Phi` factors `(alpha, beta, count)`.
    pub(crate) fn phis(&self) -> &[(f64, f64, u32)] {
        &self.phis[..self.n]
    }

    /// The same factors without the Gaussian.
    pub(crate) fn without_gauss(&self) -> Self {
        FactorsN {
            gauss: None,
            ..*self
        }
    }

    /// Log of the `Phi` factors except `skip` at `r` (from the table of
    /// [`ln_cdf_lambda`]: absolute error below 1e-8).
    fn ln_phis(&self, r: f64, skip: usize) -> f64 {
        let mut s = 0.0;
        for (j, &(a, b, n)) in self.phis[..self.n].iter().enumerate() {
            if j != skip {
                s += n as f64 * ln_cdf_lambda(a * r + b).0;
            }
        }
        s
    }

    /// Log of the likelihood at `r`.
    pub(crate) fn ln_at(&self, r: f64) -> f64 {
        let g = match self.gauss {
            Some((m, s)) => ln_phi((r - m) / s) - self.ln_s,
            None => 0.0,
        };
        self.ln_k + g + self.ln_phis(r, usize::MAX)
    }

    /// Log of the likelihood at `r` and its first three derivatives.
    fn derivs(&self, r: f64) -> Derivs {
        let (mut q, mut d1, mut d2, mut d3) = (self.ln_k, 0.0, 0.0, 0.0);
        if let Some((m, s)) = self.gauss {
            let inv = s.recip();
            let z = (r - m) * inv;
            q += ln_phi(z) - self.ln_s;
            d1 -= z * inv;
            d2 -= inv * inv;
        }
        for &(a, b, n) in &self.phis[..self.n] {
            let z = a * r + b;
            if z > PLATEAU {
                continue; // Phi(z) = 1 to double precision
            }
            let (lc, lam) = ln_cdf_lambda(z);
            let n = n as f64;
            let zl = z + lam;
            q += n * lc;
            d1 += n * a * lam;
            d2 -= n * a * a * lam * zl;
            // (ln Phi)''' = lambda ((z + lambda) (z + 2 lambda) - 1).
            d3 += n * a * a * a * lam * (zl * (zl + lam) - 1.0);
        }
        Derivs { q, d1, d2, d3 }
    }

    /// [`FactorsN::derivs`] at four points (with AVX2 where the processor
    /// has it: the same values bit for bit).
    fn derivs4(&self, r: [f64; 4]) -> [Derivs; 4] {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { avx2::derivs4(self, r) };
        }
        r.map(|r| self.derivs(r))
    }

    /// Cheap log-average over a cell of width `h` around a point with
    /// derivatives `d`: the log-likelihood taken as quadratic there, its
    /// average under the slope-tilted uniform measure as a cumulant
    /// expansion in the curvature to second order (exact for a log-linear
    /// likelihood). `None` when the curvature or the third derivative is
    /// too strong for it.
    fn ln_avg_smooth(h: f64, d: Derivs) -> Option<f64> {
        let h2 = h * h;
        if h2 * d.d2.abs() > SMOOTH || h2 * h * d.d3.abs() > CUBIC {
            return None;
        }
        let t = (0.5 * d.d1 * h).abs();
        // ln(sinh t / t), and the mean and variance of y^2 for y = x / (h/2)
        // under the density ~ e^(t y) on [-1, 1].
        let (ln_sinhc, ey2, vy2) = if t < 0.5 {
            let t2 = t * t;
            (
                t2 * (1.0 / 6.0 - t2 * (1.0 / 180.0 - t2 * (1.0 / 2835.0))),
                1.0 / 3.0 + t2 * (2.0 / 45.0 - t2 * (4.0 / 945.0 - t2 * (2.0 / 4725.0))),
                4.0 / 45.0 + t2 * (8.0 / 945.0 - t2 * (4.0 / 1575.0 - t2 * (8.0 / 18711.0))),
            )
        } else {
            let e = (-2.0 * t).fast_exp();
            let coth = (1.0 + e) / (1.0 - e);
            let inv = 1.0 / t;
            // E[y^k] = (1 or coth t for k even or odd) - k E[y^(k-1)] / t.
            let e1 = coth - inv;
            let e2 = 1.0 - 2.0 * e1 * inv;
            let e3 = coth - 3.0 * e2 * inv;
            let e4 = 1.0 - 4.0 * e3 * inv;
            (
                // ln(sinh t / t) = t + ln((1 - e^-2t) / 2t), one logarithm
                // (1 - e is exact to an ulp: e <= e^-1 here).
                t + ln((1.0 - e) * (0.5 * inv)),
                e2,
                (e4 - e2 * e2).max(0.0),
            )
        };
        let c = 0.125 * d.d2 * h2;
        Some(d.q + ln_sinhc + c * ey2 + 0.5 * c * c * vy2)
    }

    /// Which of four cells (rows: their lower ends, upper ends and offsets)
    /// lie within reach of the Gaussian factor given by [`FactorsN::far`]
    /// (bit `j` for cell `j`; all without a Gaussian factor), with AVX2
    /// where the processor has it (the same test bit for bit).
    fn near4(&self, cells: &[[f64; 4]; 3], far: Option<(f64, f64, f64)>) -> u8 {
        let Some((m, s, floor)) = far else {
            return 0b1111;
        };
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { avx2::near4(cells, (m, s, floor), self.ln_k, self.ln_s) };
        }
        self.near4_scalar(cells, (m, s, floor))
    }

    /// [`FactorsN::near4`] one cell at a time.
    fn near4_scalar(&self, cells: &[[f64; 4]; 3], (m, s, floor): (f64, f64, f64)) -> u8 {
        let mut near = 0;
        for j in 0..4 {
            let (a, b, off) = (cells[0][j], cells[1][j], cells[2][j]);
            let gap = if m < a { a - m } else { (m - b).max(0.0) };
            // (near unless below the floor: a NaN is near)
            let far = self.ln_k + ln_phi(gap / s) - self.ln_s + off < floor;
            near |= u8::from(!far) << j;
        }
        near
    }

    /// [`FactorsN::ln_avg_smooth`] of four cells of widths `h` (with AVX2
    /// where the processor has it: the same values bit for bit): the
    /// values, and a bit per cell (bit `j` for cell `j`) where the rule
    /// applies (the others' values are meaningless).
    fn ln_avg_smooth4(h: [f64; 4], d: &[Derivs; 4]) -> ([f64; 4], u8) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { avx2::smooth4(h, d) };
        }
        let mut ok = 0;
        let v = std::array::from_fn(|j| {
            let v = Self::ln_avg_smooth(h[j], d[j]);
            ok |= u8::from(v.is_some()) << j;
            v.unwrap_or(0.0)
        });
        (v, ok)
    }

    /// Log-average over a cell of width `h` of the quadratic through the
    /// derivatives at its middle (a Gaussian, as `d2 < 0`), integrated
    /// exactly: for strong curvature with a small third derivative.
    fn ln_avg_quadratic(h: f64, d: Derivs) -> Option<f64> {
        if d.d2 >= 0.0 || h * h * h * d.d3.abs() > CUBIC {
            return None;
        }
        let sd = (-d.d2).sqrt().recip();
        let mu = d.d1 * sd * sd;
        let (za, zb) = ((-0.5 * h - mu) / sd, (0.5 * h - mu) / sd);
        let lm = ln_mass(za, zb);
        lm.is_finite()
            .then(|| d.q + 0.5 * d.d1 * mu + sd.ln() + LN_SQRT_2PI + lm - h.ln())
    }

    /// Log-average over `[a, b]` as the mean of `k` equal parts, each by the
    /// smooth or quadratic rule, with `k` (at most 8) chosen from the
    /// curvature and third derivative `d` at the middle; `None` when the
    /// likelihood is too sharp for that (a narrow Gaussian or step).
    fn ln_avg_split(&self, a: f64, b: f64, d: Derivs) -> Option<f64> {
        let h = b - a;
        let (k2, k3) = (h * h * d.d2.abs() / SMOOTH, h * h * h * d.d3.abs() / CUBIC);
        // Parts of h / k bring both under their limits (with room, as the
        // derivatives change within the cell).
        let k = crate::model::dist::exp::ceil(1.25 * k2.sqrt().max(k3.cbrt()));
        if k.is_nan() || k > 8.0 {
            return None;
        }
        let k = (k as usize).max(2);
        let hk = h / k as f64;
        let mut v = [f64::NEG_INFINITY; 8];
        for (j, vj) in v.iter_mut().enumerate().take(k) {
            let dj = self.derivs(a + (j as f64 + 0.5) * hk);
            *vj = Self::ln_avg_smooth(hk, dj).or_else(|| Self::ln_avg_quadratic(hk, dj))?;
        }
        let top = v[..k].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !top.is_finite() {
            return None;
        }
        let sum: f64 = v[..k].iter().map(|&x| (x - top).fast_exp()).sum();
        Some(top + (sum / k as f64).ln())
    }

    /// The Gaussian factor `(m, s)` and the floor of [`FactorsN::ln_avgs`]:
    /// the log-likelihood at the point nearest `m` of the cells `0..n`, plus
    /// that cell's offset, less `NEGLIGIBLE`.
    fn far(&self, n: usize, cell: &impl Fn(usize) -> (f64, f64, f64)) -> Option<(f64, f64, f64)> {
        let (m, s) = self.gauss.filter(|_| n > 0)?;
        // The first cell ending at or after m (ends increase with i).
        let i = first_cell(n, |i| cell(i).1 >= m).min(n - 1);
        let (a, b, off) = cell(i);
        Some((m, s, self.ln_at(m.clamp(a, b)) + off - NEGLIGIBLE))
    }

    /// For cells `0..n` of one offset (ends increasing with the index):
    /// the range of them that [`FactorsN::ln_avgs`] evaluates, give or take
    /// a cell. Those outside it lie so far beyond the Gaussian factor's
    /// reach that `ln_avgs` gives them `-inf` without evaluating them, so
    /// `ln_avgs` on the range alone gives the same values (and `-inf`
    /// stands for the others): the range's search costs two bisections
    /// against a test of every cell.
    pub(crate) fn near_cells(
        &self,
        n: usize,
        cell: impl Fn(usize) -> (f64, f64, f64),
    ) -> std::ops::Range<usize> {
        let Some((m, s, floor)) = self.far(n, &cell) else {
            return 0..n;
        };
        // A cell at distance `gap` from m is left out when
        // `ln_k + ln_phi(gap / s) - ln_s + off < floor` (`off` is the
        // floor's own): when `gap > reach`.
        let (_, _, off) = cell(0);
        let reach = s * (2.0 * (self.ln_k - self.ln_s - LN_SQRT_2PI + off - floor)).sqrt();
        if !reach.is_finite() {
            return 0..n;
        }
        // Cells within `reach` of m, and one more on each side: rounding
        // cannot carry a cell's test across a whole cell.
        let first = first_cell(n, |i| cell(i).1 >= m - reach);
        let end = first_cell(n, |i| cell(i).0 > m + reach);
        first.saturating_sub(1)..(end + 1).min(n)
    }

    /// Log-averages over `n` cells plus an offset per cell (`cell(i)` gives
    /// its ends and offset), into `out`. Smooth cells take the cheap rule;
    /// sharp ones are integrated exactly. Cells that the log-concavity bound
    /// `q(mid) + |q'| h / 2` shows negligible (below `e^-40` of the best so
    /// far) keep that bound and are not integrated.
    pub(crate) fn ln_avgs(
        &self,
        n: usize,
        cell: impl Fn(usize) -> (f64, f64, f64),
        out: &mut [f64],
    ) {
        if self.gauss.is_none() && self.n == 0 {
            // A constant: every cell's average is the constant (what the
            // rules below give, without evaluating them).
            for (i, o) in out.iter_mut().enumerate().take(n) {
                *o = self.ln_k + cell(i).2;
            }
            return;
        }
        let mut best = f64::NEG_INFINITY;
        let mut sharp = [false; super::prior::T_CELLS];
        let mut top_sharp = (f64::NEG_INFINITY, usize::MAX);
        // A Gaussian factor bounds the likelihood (every `Phi` is at most
        // 1): cells where that bound is negligible against the likelihood at
        // the Gaussian's mean (or the nearest cell to it) are not evaluated
        // at all, and get no weight (`-inf`; under e^-40 of that cell's).
        let far = self.far(n, &cell);
        // Cells four at a time: their derivatives at once (`derivs4`), then
        // each by its rule, in order.
        for g in (0..n).step_by(4) {
            let k = (n - g).min(4);
            // Ends and offsets of the four (a short last group repeats its
            // last cell).
            let mut cells = [[0.0; 4]; 3];
            for j in 0..4 {
                let (a, b, off) = cell(g + j.min(k - 1));
                (cells[0][j], cells[1][j], cells[2][j]) = (a, b, off);
            }
            let near = self.near4(&cells, far) & ((1u8 << k) - 1);
            if near == 0 {
                out[g..g + k].fill(f64::NEG_INFINITY);
                continue;
            }
            let [a4, b4, off4] = cells;
            let ds = self.derivs4(std::array::from_fn(|j| 0.5 * (a4[j] + b4[j])));
            // (the cheap rule for the four at once: it is pure, so taking it
            // for a cell that turns out negligible changes nothing)
            let (smooth, smooth_ok) =
                Self::ln_avg_smooth4(std::array::from_fn(|j| b4[j] - a4[j]), &ds);
            for (j, d) in ds.into_iter().enumerate().take(k) {
                let (i, a, b, off) = (g + j, a4[j], b4[j], off4[j]);
                if near & (1 << j) == 0 {
                    out[i] = f64::NEG_INFINITY;
                    continue;
                }
                let upper = d.q + 0.5 * d.d1.abs() * (b - a) + off;
                if upper < best - NEGLIGIBLE {
                    out[i] = upper;
                    continue;
                }
                match (smooth_ok & (1 << j) != 0).then_some(smooth[j]) {
                    Some(v) => {
                        out[i] = v + off;
                        best = best.max(out[i]);
                    }
                    None => {
                        if let Some(v) = Self::ln_avg_quadratic(b - a, d) {
                            out[i] = v + off;
                            best = best.max(out[i]);
                            continue;
                        }
                        sharp[i] = true;
                        out[i] = upper;
                        if out[i] > top_sharp.0 {
                            top_sharp = (out[i], i);
                        }
                    }
                }
            }
        }
        if top_sharp.1 == usize::MAX {
            return;
        }
        let exact = |i: usize| {
            let (a, b, off) = cell(i);
            let d = self.derivs(0.5 * (a + b));
            self.ln_avg_split(a, b, d)
                .unwrap_or_else(|| self.ln_avg(a, b))
                + off
        };
        out[top_sharp.1] = exact(top_sharp.1);
        best = best.max(out[top_sharp.1]);
        for i in (0..n).filter(|&i| sharp[i] && i != top_sharp.1) {
            if out[i] > best - NEGLIGIBLE {
                out[i] = exact(i);
                best = best.max(out[i]);
            }
        }
    }

    /// Log of the likelihood's average over `[a, b]`.
    pub(crate) fn ln_avg(&self, a: f64, b: f64) -> f64 {
        if b <= a {
            return self.ln_at(a);
        }
        // The sharpest factor integrable in closed form.
        let mut best = (f64::INFINITY, usize::MAX);
        if let Some((_, s)) = self.gauss {
            best = (s, usize::MAX - 1);
        }
        for (j, &(alpha, _, n)) in self.phis[..self.n].iter().enumerate() {
            if n == 1 && 1.0 / alpha.abs() < best.0 {
                best = (1.0 / alpha.abs(), j);
            }
        }
        let width = (b - a).ln();
        match best.1 {
            usize::MAX => self.ln_at(0.5 * (a + b)),
            j if j == usize::MAX - 1 => {
                let (m, s) = self.gauss.expect("gauss");
                let (lm, zbar) = gauss_interval((a - m) / s, (b - m) / s);
                self.ln_k + lm - width + self.ln_phis(m + s * zbar, usize::MAX)
            }
            j => {
                let (alpha, beta, _) = self.phis[j];
                let (z0, z1) = (alpha * a + beta, alpha * b + beta);
                let (li, zbar) = phi_integral(z0.min(z1), z0.max(z1));
                let rbar = ((zbar - beta) / alpha).clamp(a, b);
                let g = match self.gauss {
                    Some((m, s)) => ln_phi((rbar - m) / s) - self.ln_s,
                    None => 0.0,
                };
                self.ln_k + li - alpha.abs().ln() - width + g + self.ln_phis(rbar, j)
            }
        }
    }
}

#[cfg(test)]
mod tests;
