//! A smooth density as a piecewise polynomial: on each panel, the
//! polynomial through its values at the 8 Gauss-Legendre nodes. Its
//! distribution function `F`, `Psi = int F` and `Psi2 = int Psi` are then
//! polynomials, summed from the panel's left end, so every term of the
//! CRPS of the representation is exact: `E|X - x| = 2 Psi(x) - (x -
//! mean)`, its antiderivative `2 Psi2(x) - (x - mean)^2 / 2`, and the Gini
//! term by Gauss-Legendre on each panel (degree 15 against the 16 of `F (1
//! - F)`). Panels follow the shape: for a skew-normal, its range cut where
//! the density is below `1e-10` of its peak, broken at its edge (for a
//! steep `Phi` factor) and into pieces at most [`BULK`] sds of its
//! Gaussian factor wide; 8 nodes on such a piece keep the distribution
//! function within about `1e-9`.

use super::lanes::{VI_T, WITHIN_T, combine, sum_start};
use super::rules::{GW, GX, HW, HX, N};
use crate::model::dist::exp::{ceil, exp_shifted, to_index};
use crate::model::dist::special::{cdf_slice, phi};
use crate::model::posterior::component::{Component, Ramp, Skew, TruncNormal};

/// `1 / sqrt(2 pi)`, as `phi` takes it.
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
/// Most panels.
const MAX_PANELS: usize = 16;
/// Most Gauss nodes of a density (all its panels').
pub(super) const MAX_NODES: usize = N * MAX_PANELS;
/// Widest panel of a skew-normal's bulk, in sds of its Gaussian factor.
const BULK: f64 = 2.0;

/// Gauss-Legendre nodes and weights on `[-1, 1]` (8 points).
pub(super) fn gauss_legendre(n: usize) -> (&'static [f64], &'static [f64]) {
    assert_eq!(n, N, "8-point rule");
    (&GX, &GW)
}

/// `1 / (k + 1)`, `1 / ((k + 1)(k + 2))`, `1 / ((k + 1)(k + 2)(k + 3))`.
const R: [[f64; N]; 3] = {
    let mut r = [[0.0; N]; 3];
    let mut k = 0;
    while k < N {
        let k1 = (k + 1) as f64;
        r[0][k] = 1.0 / k1;
        r[1][k] = 1.0 / (k1 * (k1 + 1.0));
        r[2][k] = 1.0 / (k1 * (k1 + 1.0) * (k1 + 2.0));
        k += 1;
    }
    r
};

/// The k-th power's terms of degree below 2 in `P2` and below 3 in `P3`
/// (see [`Smooth::new`]), by power: the coefficients of `t^0`, `t^1` in
/// `P2`, then of `t^0`, `t^1`, `t^2` in `P3`, each `sg` times a constant
/// (`sg = (-1)^(k+1)`), as the terms were once added one by one (a sign
/// and a halving are exact, so the products have the same bits).
const LOW: [[f64; 5]; N] = {
    let mut low = [[0.0; 5]; N];
    let mut sg = -1.0;
    let mut k = 0;
    while k < N {
        let (r0, r1, r2) = (R[0][k], R[1][k], R[2][k]);
        low[k] = [
            sg * (r1 - r0),
            -(sg * r0),
            sg * (r1 - r2 - 0.5 * r0),
            sg * (r1 - r0),
            -(0.5 * sg * r0),
        ];
        sg = -sg;
        k += 1;
    }
    low
};

/// `sum_k c_k t^k`.
#[inline]
fn horner(c: &[f64], t: f64) -> f64 {
    c.iter().rev().fold(0.0, |s, c| s * t + c)
}

/// One panel: left end and half-width (from the origin), `F`, `Psi` and
/// `Psi2` at the left end, and the coefficients in `t in [-1, 1]` of
/// `P2(t) = int_{-1}^t P1` and `P3 = int_{-1}^t P2`, `P1(t) = int_{-1}^t
/// p`, `p` the density on the panel (so `Psi = psi + f dx + h^2 P2`, and
/// `p = P2''`).
#[derive(Debug, Clone, Copy)]
struct Panel {
    x0: f64,
    h: f64,
    f: f64,
    psi: f64,
    psi2: f64,
    q2: [f64; N + 2],
    q3: [f64; N + 3],
}

/// A piecewise polynomial density (see the module doc).
#[derive(Debug, Clone)]
pub(super) struct Smooth {
    origin: f64,
    p: Vec<Panel>,
    /// Right end (from the origin) and `Psi`, `Psi2` there.
    end: f64,
    psi_end: f64,
    psi2_end: f64,
    mean: f64,
    gini: f64,
}

thread_local! {
    /// The panel storage of the last [`Smooth`] dropped on this thread,
    /// emptied, for the next one (an allocation and a free fewer per
    /// density).
    static SPARE: std::cell::Cell<Vec<Panel>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Drop for Smooth {
    fn drop(&mut self) {
        let mut p = std::mem::take(&mut self.p);
        p.clear();
        SPARE.set(p);
    }
}

impl Smooth {
    /// The density `dens` (unnormalised, absolute `x`) on the panels
    /// between `breaks` (from `origin`, increasing).
    fn new(origin: f64, breaks: &[f64], dens: impl Fn(&[f64; N]) -> [f64; N]) -> Smooth {
        let np = breaks.len() - 1;
        debug_assert!((1..=MAX_PANELS).contains(&np), "{np} panels");
        let mut p = SPARE.take();
        p.reserve(MAX_PANELS);
        let mut s = Smooth {
            origin,
            p,
            end: breaks[np],
            psi_end: 0.0,
            psi2_end: 0.0,
            mean: 0.0,
            gini: 0.0,
        };
        let (mut f, mut psi, mut psi2) = (0.0, 0.0, 0.0);
        // Gauss-Legendre sums of F and F^2 (unnormalised) for the Gini term.
        let (mut s1, mut s2) = (0.0, 0.0);
        for x in breaks.windows(2) {
            let (x0, h) = (x[0], 0.5 * (x[1] - x[0]));
            let d = dens(&GX.map(|t| origin + x0 + h * (t + 1.0)));
            let mut mass = 0.0;
            // Row i of WITHIN times d, and of VI, all rows at once.
            let within = combine(sum_start(), &d, &WITHIN_T);
            let vi = combine(sum_start(), &d, &VI_T);
            for (wi, (w, dj)) in within.iter().zip(GW.iter().zip(&d)) {
                let c = f + h * wi;
                s1 += h * w * c;
                s2 += h * w * c * c;
                mass += h * w * dj;
            }
            // Density coefficients, then those of P2 and P3: with `s = t +
            // 1`, `sg = (-1)^(k+1)`, the k-th power's are `(t^(k+2) + sg) /
            // ((k+1)(k+2)) - sg s / (k+1)` and `(t^(k+3) - sg) /
            // ((k+1)(k+2)(k+3)) + sg s / ((k+1)(k+2)) - sg s^2 / (2 (k+1))`.
            let (mut q2, mut q3) = ([0.0; N + 2], [0.0; N + 3]);
            for (k, &a) in vi.iter().enumerate() {
                q2[k + 2] += a * R[1][k];
                q3[k + 3] += a * R[2][k];
            }
            let low = combine(0.0, &vi, &LOW);
            (q2[0], q2[1], q3[0], q3[1], q3[2]) = (low[0], low[1], low[2], low[3], low[4]);
            let (p2, p3) = (q2.iter().sum::<f64>(), q3.iter().sum::<f64>());
            s.p.push(Panel {
                x0,
                h,
                f,
                psi,
                psi2,
                q2,
                q3,
            });
            let w = 2.0 * h;
            psi2 += psi * w + 0.5 * f * w * w + h * h * h * p3;
            psi += f * w + h * h * p2;
            f += mass;
        }
        let inv = 1.0 / f;
        for pan in &mut s.p {
            pan.q2.iter_mut().for_each(|q| *q *= inv);
            pan.q3.iter_mut().for_each(|q| *q *= inv);
            pan.f *= inv;
            pan.psi *= inv;
            pan.psi2 *= inv;
        }
        (s.psi_end, s.psi2_end) = (psi * inv, psi2 * inv);
        s.mean = origin + s.end - s.psi_end;
        s.gini = (s1 * inv - s2 * inv * inv).max(0.0);
        s
    }

    /// The panel holding `xi` (from the origin, inside the range).
    fn panel(&self, xi: f64) -> &Panel {
        let mut k = self.p.len() - 1;
        while k > 0 && xi < self.p[k].x0 {
            k -= 1;
        }
        &self.p[k]
    }

    /// `Psi(x) = int F`.
    fn psi(&self, x: f64) -> f64 {
        let xi = x - self.origin;
        if xi <= self.p[0].x0 {
            return 0.0;
        }
        if xi >= self.end {
            return self.psi_end + (xi - self.end);
        }
        let p = self.panel(xi);
        let dx = xi - p.x0;
        p.psi + p.f * dx + p.h * p.h * horner(&p.q2, dx / p.h - 1.0)
    }

    /// `Psi2(x) = int Psi`.
    fn psi2(&self, x: f64) -> f64 {
        let xi = x - self.origin;
        if xi <= self.p[0].x0 {
            return 0.0;
        }
        if xi >= self.end {
            let d = xi - self.end;
            return self.psi2_end + self.psi_end * d + 0.5 * d * d;
        }
        let p = self.panel(xi);
        let dx = xi - p.x0;
        let h3 = p.h * p.h * p.h;
        p.psi2 + p.psi * dx + 0.5 * p.f * dx * dx + h3 * horner(&p.q3, dx / p.h - 1.0)
    }

    /// `E|X - x|`.
    pub(super) fn abs_dev(&self, x: f64) -> f64 {
        2.0 * self.psi(x) - (x - self.mean)
    }

    /// An antiderivative of `E|X - x|` in `x`.
    pub(super) fn abs_dev_int(&self, x: f64) -> f64 {
        let e = x - self.mean;
        2.0 * self.psi2(x) - 0.5 * e * e
    }

    /// Its mean.
    pub(super) fn mean(&self) -> f64 {
        self.mean
    }

    /// The range of its density.
    pub(super) fn support(&self) -> (f64, f64) {
        (self.origin + self.p[0].x0, self.origin + self.end)
    }

    /// `int F (1 - F)`.
    pub(super) fn gini(&self) -> f64 {
        self.gini
    }

    /// Width of its narrowest panel.
    pub(super) fn finest(&self) -> f64 {
        self.p
            .iter()
            .map(|p| 2.0 * p.h)
            .fold(f64::INFINITY, f64::min)
    }

    /// Gauss-Legendre nodes `(x, weight)` of the panels, in increasing
    /// `x` (the weight carries the density, `P2''`).
    pub(super) fn nodes(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.p.iter().flat_map(move |p| {
            GX.iter().zip(GW).map(move |(t, w)| {
                let dens: f64 = (2..N + 2)
                    .rev()
                    .fold(0.0, |s, m| s * t + (m * (m - 1)) as f64 * p.q2[m]);
                (self.origin + p.x0 + p.h * (t + 1.0), w * p.h * dens)
            })
        })
    }

    /// A skew-normal: its range cut where the density is below about
    /// `1e-10` of its peak (`Phi(a z + d)` 8.5 sds into its tail, `phi(z)`
    /// `sqrt(46)` past the mean), broken about its edge when `|a| > 3`,
    /// elsewhere into pieces at most [`BULK`] wide.
    pub(super) fn skew(s: &Skew, c: &Component) -> Smooth {
        let (mu, sigma, a, d) = s.shape();
        let (lo, hi) = c.range();
        let mz = (c.mean() - mu) / sigma;
        let (za, zb) = ((lo - mu) / sigma, (hi - mu) / sigma);
        let mut l = za.max(-(mz.min(0.0).powi(2) + 46.0).sqrt());
        let mut u = zb.min((mz.max(0.0).powi(2) + 46.0).sqrt());
        let z0 = -d / a;
        if a > 0.0 {
            l = l.max(z0 - 8.5 / a);
        } else if a < 0.0 {
            u = u.min(z0 + 8.5 / -a);
        }
        if u.is_nan() || l.is_nan() || u <= l {
            (l, u) = (za, zb);
        }
        let mut marks = [l, u, l, l, l, l, l];
        let (ka, kb) = if a.abs() > 3.0 {
            for (m, k) in marks[2..].iter_mut().zip([-4.0, -1.5, 0.0, 1.5, 4.0]) {
                *m = (z0 + k / a.abs()).clamp(l, u);
            }
            (z0 - 4.0 / a.abs(), z0 + 4.0 / a.abs())
        } else {
            (f64::NAN, f64::NAN)
        };
        let origin = c.mean();
        let width = BULK / a.abs().clamp(1.0, 3.0);
        let br = breaks(
            &mut marks,
            |p, q| p >= ka && q <= kb,
            width,
            |z| mu + sigma * z - origin,
        );
        Smooth::new(origin, &br.0[..=br.1], |xs| skew_density(s, c, xs))
    }

    /// A ramp (density `Phi(v)`, `v = alpha x + beta`): broken every 2
    /// units of `v` up to 8.5, past which it is flat.
    pub(super) fn ramp(r: &Ramp, c: &Component) -> Smooth {
        let (alpha, beta) = r.slope();
        let (lo, hi) = c.range();
        let (va, vb) = (alpha * lo + beta, alpha * hi + beta);
        let (l, u) = (va.min(vb), va.max(vb));
        let mut marks = [l, u, -6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.5];
        for m in &mut marks[2..] {
            *m = m.clamp(l, u);
        }
        let origin = c.mean();
        let (mut br, n) = breaks(
            &mut marks,
            |_, _| true,
            f64::INFINITY,
            |v| (v - beta) / alpha - origin,
        );
        if alpha < 0.0 {
            br[..=n].reverse();
        }
        Smooth::new(origin, &br[..=n], |xs| {
            let mut v = [0.0; N];
            cdf_slice(&xs.map(|x| alpha * x + beta), &mut v);
            v
        })
    }

    /// A truncated normal (where its closed form loses precision): its
    /// range within 8.5 sds, in pieces at most 1.5 sds wide.
    pub(super) fn trunc(t: &TruncNormal) -> Smooth {
        let (m, s, lo, hi) = t.params();
        let (mut l, mut u) = (((lo - m) / s).max(-8.5), ((hi - m) / s).min(8.5));
        if u.is_nan() || l.is_nan() || u <= l {
            (l, u) = ((lo - m) / s, (hi - m) / s);
        }
        let mut marks = [l, u];
        let (br, n) = breaks(&mut marks, |_, _| false, 1.5, |z| s * z);
        Smooth::new(m, &br[..=n], |xs| xs.map(|x| phi((x - m) / s)))
    }
}

/// `s.density_unnormalised` at each of `xs` (`c` is `s`), the same bits,
/// with the exponentials of `phi` four at a time ([`exp_shifted`]).
fn skew_density(s: &Skew, c: &Component, xs: &[f64; N]) -> [f64; N] {
    let (mu, sigma, a, d) = s.shape();
    let (lo, hi) = c.range();
    let z = xs.map(|x| (x - mu) / sigma);
    let mut e = [0.0; N];
    exp_shifted(&z.map(|z| -0.5 * z * z), 0.0, &mut e);
    let mut skew = [0.0; N];
    cdf_slice(&z.map(|z| a * z + d), &mut skew);
    // Outside its range 0, as `density_unnormalised` gives it (a select,
    // so that the eight lanes go at once).
    std::array::from_fn(|j| {
        let v = INV_SQRT_2PI * e[j] * skew[j];
        if xs[j] >= lo && xs[j] <= hi { v } else { 0.0 }
    })
}

/// Panel breaks from `marks` (in some variable `z`; the first two are the
/// ends, the rest inside): segments between marks split into equal pieces
/// at most `width` wide (wider if there would be more than
/// [`MAX_PANELS`]), except those `whole(p, q)` says to keep; mapped to `x`
/// by `to_x`.
fn breaks(
    marks: &mut [f64],
    whole: impl Fn(f64, f64) -> bool,
    width: f64,
    to_x: impl Fn(f64) -> f64,
) -> ([f64; MAX_PANELS + 1], usize) {
    marks.sort_unstable_by(f64::total_cmp);
    let pieces = |width: f64| {
        marks
            .windows(2)
            .filter(|p| p[1] > p[0])
            .map(|p| {
                if whole(p[0], p[1]) {
                    1
                } else {
                    to_index(ceil((p[1] - p[0]) / width).max(1.0))
                }
            })
            .sum::<usize>()
    };
    let mut width = width;
    while pieces(width) > MAX_PANELS {
        width *= 1.25;
    }
    let mut br = [0.0; MAX_PANELS + 1];
    br[0] = to_x(marks[0]);
    let mut n = 0;
    for p in marks.windows(2).filter(|p| p[1] > p[0]) {
        let k = if whole(p[0], p[1]) {
            1
        } else {
            to_index(ceil((p[1] - p[0]) / width).max(1.0))
        };
        for j in 1..=k {
            n += 1;
            br[n] = to_x(if j == k {
                p[1]
            } else {
                p[0] + (p[1] - p[0]) * j as f64 / k as f64
            });
        }
    }
    (br, n)
}

/// Half-width, in sds, of [`STANDARD`]'s nodes, and their panels' width.
const REACH: f64 = 6.0;
const STEP: f64 = 2.0;
pub(super) const STANDARD_NODES: usize = N * (2.0 * REACH / STEP) as usize;

/// Nodes of `N(0, 1)` on `[-6, 6]`: 8-point Gauss-Legendre on pieces 2
/// wide, weights times the density (for expectations of functions with
/// kinks, such as a grid's `E|G - x|`, a finer rule than Gauss-Hermite).
pub(super) static STANDARD: std::sync::LazyLock<[(f64, f64); STANDARD_NODES]> =
    std::sync::LazyLock::new(|| {
        let mut out = [(0.0, 0.0); STANDARD_NODES];
        let h = 0.5 * STEP;
        for (k, o) in out.iter_mut().enumerate() {
            let c = -REACH + (2 * (k / N) + 1) as f64 * h;
            let z = c + h * GX[k % N];
            *o = (z, GW[k % N] * h * phi(z));
        }
        let total: f64 = out.iter().map(|o| o.1).sum();
        out.iter_mut().for_each(|o| o.1 /= total);
        out
    });

/// Gauss nodes `(x, weight)` in increasing `x` of a normal `N(m, s^2)`
/// cut to `[a, b]` in units reflected by `sign` (weights summing to
/// about 1: divide by their sum), into `xs` and `ws`; their number. When
/// whole, 20-point Gauss-Hermite for smooth integrands or the finer
/// [`STANDARD`] for ones with kinks; else 8-point Gauss-Legendre on pieces
/// at most 2 sds wide of its range within 6 sds, weighted by the density
/// (its exponentials four at a time, [`exp_shifted`]).
pub(super) fn normal_nodes(
    (m, s, sign): (f64, f64, f64),
    (a, b): (f64, f64),
    kinks: bool,
    xs: &mut [f64],
    ws: &mut [f64],
) -> usize {
    let whole = a <= -REACH && b >= REACH;
    let mut put = |k: usize, (x, w): (f64, f64)| (xs[k], ws[k]) = (x, w);
    if whole && !kinks {
        HX.iter()
            .zip(HW)
            .enumerate()
            .for_each(|(k, (z, w))| put(k, (m + s * z, w)));
        return HX.len();
    }
    if whole {
        STANDARD
            .iter()
            .enumerate()
            .for_each(|(k, &(z, w))| put(k, (m + s * z, w)));
        return STANDARD_NODES;
    }
    let (l, u) = (a.max(-REACH), b.min(REACH));
    let np = to_index(ceil((u - l) / STEP).max(1.0));
    let h = 0.5 * (u - l) / np as f64;
    let n = np * N;
    debug_assert!(n <= STANDARD_NODES, "{np} pieces");
    // In increasing x: in reflected units, decreasing z when sign < 0.
    let at = |k: usize| if sign > 0.0 { k } else { n - 1 - k };
    let (mut z, mut nz, mut e) = (
        [0.0; STANDARD_NODES],
        [0.0; STANDARD_NODES],
        [0.0; STANDARD_NODES],
    );
    for (k, (z, nz)) in z[..n].iter_mut().zip(&mut nz[..n]).enumerate() {
        let k = at(k);
        *z = l + (2 * (k / N) + 1) as f64 * h + h * GX[k % N];
        *nz = -0.5 * *z * *z;
    }
    exp_shifted(&nz[..n], 0.0, &mut e[..n]);
    for (k, (z, e)) in z[..n].iter().zip(&e[..n]).enumerate() {
        put(
            k,
            (m + sign * s * z, GW[at(k) % N] * h * (INV_SQRT_2PI * e)),
        );
    }
    n
}

/// Gauss nodes of a uniform on `[lo, hi]`: 8-point Gauss-Legendre on 8
/// pieces.
pub(super) fn uniform_nodes(lo: f64, hi: f64) -> impl Iterator<Item = (f64, f64)> {
    let h = (hi - lo) / 16.0;
    (0..8 * N).map(move |k| {
        let c = lo + (2 * (k / N) + 1) as f64 * h;
        (c + h * GX[k % N], GW[k % N] / 16.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The skew-normal's density taken eight nodes at a time has the bits
    /// of the component's own, at nodes inside its range, at its ends and
    /// outside it, for skews of both signs and every size.
    #[test]
    fn densities_at_the_nodes_have_the_components_bits() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..3_000 {
            let (mu, sigma) = (40.0 + 20.0 * next(), 0.1 + 8.0 * next());
            let alpha = (next() - 0.5) * 10f64.powf(4.0 * next() - 2.0) / sigma;
            let (lo, hi) = (40.0 + 5.0 * next(), 55.0 + 5.0 * next());
            let Some(sk) = Skew::new(mu, sigma, alpha, -alpha * (mu + next()), lo, hi) else {
                continue;
            };
            let c = Component::Skew(Box::new(sk));
            let (x0, h) = (lo - 2.0 + 4.0 * next(), (hi - lo) * next());
            let mut xs = GX.map(|t| x0 + h * (t + 1.0));
            xs[0] = lo;
            xs[7] = if next() < 0.5 { hi } else { hi + 1.0 };
            let got = skew_density(&sk, &c, &xs);
            for (x, g) in xs.iter().zip(got) {
                let want = sk.density_unnormalised(*x);
                assert_eq!(g.to_bits(), want.to_bits(), "at {x}: {g} vs {want}");
            }
        }
    }
}
