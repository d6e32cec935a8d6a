//! An extended skew-normal with a sharp edge (`|a| >= 8.5`, the bluff
//! branch after a claim; density `phi(z) Phi(a z + d)` on `[za, zb]`, `z =
//! (x - mu) / sigma`). Reflected so that `a > 0`, in `u = a (z - z0)`, `z0
//! = -d / a`, the density on the edge region `|u| <= U` is `phi(z0) e(u)
//! Phi(u) / a` with `e(u) = exp(-z0 u / a - u^2 / (2 a^2))`, a short Taylor
//! series, so its distribution function is a sum of `I_j(u) = int_{-U}^u
//! t^j Phi(t) dt`, tabulated at fixed Gauss nodes of the region; above the
//! region `Phi(u)` is 1 and the density a normal's, in closed form. The
//! range may end inside the region (the claim near an end of the prior):
//! `F` is then `I` clamped to the end's, and the region's panels that the
//! end cuts take fresh nodes. A normal lined up on the edge (the honest
//! branch: `x = m + s v`, `v = beta + gamma u` with `beta`, `gamma - 1`
//! small) has the same expansion with `K_j(u) = int_{-U}^u t^j phi(t) dt`,
//! so the Gini term of the pair, cross term included, needs no special
//! function past the region.

use super::Normal;
use super::lanes::combine;
use super::rules::{GW, GX, N, WITHIN};
use crate::model::dist::special::{cdf, phi};
use crate::model::posterior::component::{Component, Skew};

/// Half-width of the edge region in `u` (`Phi(-6.5)` is `4e-11`).
const U: f64 = 6.5;
/// `Phi(-U)` and `phi(U)`.
const CDF_U: f64 = 4.016_000_583_859_125e-11;
const PHI_U: f64 = 2.669_556_614_762_852e-10;
/// Most Taylor terms of an edge expansion.
const J: usize = 24;
/// Past this many sds of its Gaussian factor an [`Edge`]'s bulk is taken
/// as ended (`Phi(-9)` is `1e-19`).
const Z_TOP: f64 = 9.0;
/// Where an edge's series stop: the distribution function is then exact
/// to about this.
const SERIES_TOL: f64 = 1e-11;
/// Widest piece of a panel cut by a range's end.
const PIECE: f64 = 2.5;
/// `1 / sqrt(2 pi)`.
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
/// Least `|a|` of an [`Edge`] (the region is at most one unit of `z` wide).
const MIN_EDGE: f64 = 8.5;
/// Breaks of the edge region's panels in `u`, and their Gauss-Legendre order.
const EDGE_BREAKS: [f64; 4] = [-U, -1.5, 1.5, U];
const EDGE_ORDER: usize = 8;
const EDGE_NODES: usize = EDGE_ORDER * (EDGE_BREAKS.len() - 1);

/// Integrals over the edge region at its nodes, by power (`j`) then node.
struct Tables {
    /// Weights of the nodes in `u`.
    w: [f64; EDGE_NODES],
    /// `I_j` and `K_j` at the nodes.
    i: [[f64; EDGE_NODES]; J],
    k: [[f64; EDGE_NODES]; J],
    /// `I_j(U)`.
    i_end: [f64; J + 1],
    /// `I_j` and `K_j` at each panel's start.
    start_i: [[f64; J + 1]; EDGE_BREAKS.len() - 1],
    start_k: [[f64; J + 2]; EDGE_BREAKS.len() - 1],
}

/// `I_j(u)` for `j <= n` and `K_j(u)` for `j <= n + 1` (the rest 0), by
/// parts: `K_j = (j - 1) K_(j-2) + (-U)^(j-1) phi(U) - u^(j-1) phi(u)`,
/// `I_j = ([t^(j+1) Phi(t)] - K_(j+1)) / (j + 1)`.
fn moments(u: f64, n: usize) -> ([f64; J + 1], [f64; J + 2]) {
    let n = n.min(J);
    let (mut i, mut k) = ([0.0; J + 1], [0.0; J + 2]);
    let (pu, cu) = (phi(u), cdf(u));
    k[0] = cu - CDF_U;
    k[1] = PHI_U - pu;
    let (mut lp, mut up) = (-U, u); // (-U)^(j-1), u^(j-1)
    for j in 2..n + 2 {
        k[j] = (j - 1) as f64 * k[j - 2] + lp * PHI_U - up * pu;
        lp *= -U;
        up *= u;
    }
    let (mut lq, mut uq) = (-U, u); // (-U)^(j+1), u^(j+1)
    for j in 0..=n {
        i[j] = (uq * cu - lq * CDF_U - k[j + 1]) / (j + 1) as f64;
        lq *= -U;
        uq *= u;
    }
    (i, k)
}

static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(|| {
    let (gx, gw) = super::smooth::gauss_legendre(EDGE_ORDER);
    let mut t = Tables {
        w: [0.0; EDGE_NODES],
        i: [[0.0; EDGE_NODES]; J],
        k: [[0.0; EDGE_NODES]; J],
        i_end: moments(U, J).0,
        start_i: [[0.0; J + 1]; EDGE_BREAKS.len() - 1],
        start_k: [[0.0; J + 2]; EDGE_BREAKS.len() - 1],
    };
    let mut n = 0;
    for (q, p) in EDGE_BREAKS.windows(2).enumerate() {
        (t.start_i[q], t.start_k[q]) = moments(p[0], J);
        let (c, h) = (0.5 * (p[0] + p[1]), 0.5 * (p[1] - p[0]));
        for (&x, &w) in gx.iter().zip(gw) {
            let (i, k) = moments(c + h * x, J);
            for j in 0..J {
                (t.i[j][n], t.k[j][n]) = (i[j], k[j]);
            }
            t.w[n] = w * h;
            n += 1;
        }
    }
    t
});

/// Taylor coefficients of `exp(c1 u + c2 u^2)` until the terms are
/// negligible over `|u| <= U` (`None` if they are not within [`J`]).
fn exp_series(c1: f64, c2: f64, out: &mut [f64; J]) -> Option<usize> {
    out[0] = 1.0;
    let (mut prev2, mut prev, mut up) = (0.0, 1.0, 1.0);
    for n in 1..J {
        // (j + 1) e_(j+1) = c1 e_j + 2 c2 e_(j-1), j = n - 1
        let e = (c1 * prev + 2.0 * c2 * prev2) / n as f64;
        out[n] = e;
        up *= U;
        if e.abs() * up + prev.abs() * up / U < SERIES_TOL {
            return Some(n + 1);
        }
        (prev2, prev) = (prev, e);
    }
    None
}

/// `sum_j c_j v_j`.
#[inline]
fn dot(c: &[f64], v: &[f64]) -> f64 {
    c.iter().zip(v).map(|(c, v)| c * v).sum()
}

/// A series' distribution function in the region: `scale (clamp(sum_j c_j
/// I_j(u), lo, hi) - lo)`, `lo`, `hi` the sums at the ends of the range.
#[derive(Clone, Copy)]
struct Cdf {
    scale: f64,
    lo: f64,
    hi: f64,
}

impl Cdf {
    #[inline]
    fn at(&self, raw: f64) -> f64 {
        self.scale * (raw.clamp(self.lo, self.hi) - self.lo)
    }
}

/// A skew-normal with a sharp edge in its range (see the module doc).
#[derive(Debug, Clone, Copy)]
pub(super) struct Edge {
    /// 1, or -1 when reflected; the mean and `Psi = int F` at the end of
    /// the edge region (reflected); `mu`, `sigma` (reflected); the edge
    /// `z0` and its width `1 / a`.
    sign: f64,
    mean: f64,
    psi_k: f64,
    mu: f64,
    sigma: f64,
    z0: f64,
    sk: f64,
    /// The range within the region, in `u`; `sum_j e_j I_j` at its ends,
    /// and `sum_j e_j I_(j+1)` at the lower.
    ua: f64,
    ub: f64,
    s_lo: f64,
    s_hi: f64,
    s_next: f64,
    /// Upper end of the range (`z`, reflected, at most 9).
    zb: f64,
    /// The series of `e(u)` and its length.
    e: [f64; J],
    ne: usize,
    /// Masses (unnormalised, in `z`) of the edge region and of the rest.
    mk: f64,
    mb: f64,
    /// `Q = 1 - Phi` at the region's end and at `zb`.
    q0: f64,
    q1: f64,
}

impl Edge {
    pub(super) fn new(sk: &Skew, c: &Component) -> Option<Edge> {
        let (mu, sigma, a, d) = sk.shape();
        if a.abs() < MIN_EDGE {
            return None;
        }
        let (lo, hi) = c.range();
        // Reflect so that a > 0.
        let (sign, mu, a, lo, hi) = if a > 0.0 {
            (1.0, mu, a, lo, hi)
        } else {
            (-1.0, -mu, -a, -hi, -lo)
        };
        let (za, zb) = ((lo - mu) / sigma, (hi - mu) / sigma);
        let (z0, w) = (-d / a, 1.0 / a);
        let (ua, ub) = (((za - z0) / w).max(-U), ((zb - z0) / w).min(U));
        // The range must hold the steep part of the edge.
        if !(ua < -1.0 && ub > 1.0 && z0.abs() * U * w <= 2.0) {
            return None;
        }
        let mut e = [0.0; J];
        let ne = exp_series(-z0 * w, -0.5 * w * w, &mut e)?;
        let tab = &*TABLES;
        let ia = if ua > -U {
            moments(ua, ne).0
        } else {
            [0.0; J + 1]
        };
        let ib = if ub < U { moments(ub, ne).0 } else { tab.i_end };
        let mk = phi(z0) * w * (dot(&e[..ne], &ib) - dot(&e[..ne], &ia));
        // Psi at ub: int_ua^ub (I_j - I_j(ua)) = [t I_j - I_(j+1)] - (ub - ua) I_j(ua).
        let psi_k: f64 = (0..ne)
            .map(|j| e[j] * (ub * (ib[j] - ia[j]) - ib[j + 1] + ia[j + 1]))
            .sum();
        let zbk = z0 + ub * w;
        let zb = if ub < U { zbk } else { zb.min(Z_TOP).max(zbk) };
        let (q0, q1) = (cdf(-zbk), cdf(-zb));
        let mb = if ub < U { 0.0 } else { (q0 - q1).max(0.0) };
        let mass = mk + mb;
        Some(Edge {
            sign,
            mean: sign * c.mean(),
            psi_k: sigma * w * w * phi(z0) * psi_k / mass,
            mu,
            sigma,
            z0,
            sk: w,
            ua,
            ub,
            s_lo: dot(&e[..ne], &ia),
            s_hi: dot(&e[..ne], &ib),
            s_next: dot(&e[..ne], &ia[1..]),
            zb,
            e,
            ne,
            mk,
            mb,
            q0,
            q1,
        })
    }

    /// Width of the edge, `sigma / a`.
    pub(super) fn width(&self) -> f64 {
        self.sigma * self.sk
    }

    /// `E|S - y|`: `2 Psi(y) - (y - mean)` with `Psi = int F` from the
    /// edge region's series (`int I_j = u I_j - I_(j+1)`) or the normal
    /// bulk above it (`int Q = z Q - phi`).
    pub(super) fn abs_dev(&self, y: f64) -> f64 {
        let yr = self.sign * y;
        let z = (yr - self.mu) / self.sigma;
        let (w, sigma) = (self.sk, self.sigma);
        let ps = self.mk + self.mb;
        let zbk = self.z0 + self.ub * w;
        let u = (z - self.z0) / w;
        let psi = if u <= self.ua {
            0.0
        } else if u < self.ub {
            let (i, _) = moments(u, self.ne);
            let s = u * (dot(&self.e[..self.ne], &i) - self.s_lo)
                - dot(&self.e[..self.ne], &i[1..])
                + self.s_next;
            sigma * w * w * phi(self.z0) * s / ps
        } else {
            let zt = z.min(self.zb);
            let q = cdf(-zt);
            let iq = |z: f64, q: f64| z * q - phi(z);
            let bulk = ((self.mk + self.q0) * (zt - zbk) - (iq(zt, q) - iq(zbk, self.q0))) / ps;
            self.psi_k + sigma * bulk + sigma * (z - zt)
        };
        (2.0 * psi - (yr - self.mean)).max((yr - self.mean).abs())
    }

    /// `int F (1 - F)` of `ws S + wt T` for a normal `T` lined up on the
    /// edge (or of `S` alone, `ws` 1); `None` when `T` is not.
    pub(super) fn gini(&self, ws: f64, t: Option<(&Normal, f64)>) -> Option<f64> {
        let tab = &*TABLES;
        let (w, sigma) = (self.sk, self.sigma);
        let ps = self.mk + self.mb;
        let ne = self.ne;
        let s_cdf = Cdf {
            scale: ws * phi(self.z0) * w / ps,
            lo: self.s_lo,
            hi: if self.ub < U {
                self.s_hi
            } else {
                f64::INFINITY
            },
        };
        let mut et = [0.0; J];
        let mut nt = 0;
        let mut t_cdf = Cdf {
            scale: 0.0,
            lo: 0.0,
            hi: f64::INFINITY,
        };
        let mut wt = 0.0;
        let mut cuts = [self.ua, self.ub, -U, U];
        let mut t_shape = (0.0, 0.0);
        if let Some((n, wn)) = t {
            // In reflected x, T is N(sign m, s^2); x(u) = x0 + sigma w u.
            let x0 = self.mu + sigma * self.z0;
            let (m, s) = (self.sign * n.m, n.s);
            let (beta, gamma) = ((x0 - m) / s, sigma * w / s);
            if !(beta + gamma * U >= U - 0.2 && beta - gamma * U <= 0.2 - U) {
                return None;
            }
            let (tl, th) = if self.sign > 0.0 {
                (n.lo, n.hi)
            } else {
                (-n.hi, -n.lo)
            };
            let to_u = |x: f64| (x - x0) / (sigma * w);
            let (ta, tb) = (to_u(tl).max(-U), to_u(th).min(U));
            if tb.is_nan() || ta.is_nan() || tb <= ta {
                return None;
            }
            // phi(beta + gamma u) gamma = gamma e^(-beta^2/2) phi(u) exp(-beta gamma u - (gamma^2 - 1) u^2 / 2)
            t_shape = (-beta * gamma, -0.5 * (gamma * gamma - 1.0));
            nt = exp_series(t_shape.0, t_shape.1, &mut et)?;
            let k_at = |u: f64| dot(&et[..nt], &moments(u, nt).1);
            t_cdf = Cdf {
                scale: wn * gamma * (-0.5 * beta * beta).exp() / n.mass,
                lo: if ta > -U { k_at(ta) } else { 0.0 },
                hi: if tb < U { k_at(tb) } else { f64::INFINITY },
            };
            wt = wn;
            (cuts[2], cuts[3]) = (ta, tb);
        }
        let f = |rs: f64, rt: f64| (s_cdf.at(rs) + t_cdf.at(rt)).min(1.0);
        // Raw sums at the table's nodes.
        let rs = combine(0.0, &self.e[..ne], &tab.i);
        let rt = combine(0.0, &et[..nt], &tab.k);
        let mut g = 0.0;
        for (p, b) in EDGE_BREAKS.windows(2).enumerate() {
            // The range's ends inside the panel cut it into pieces with
            // fresh nodes.
            let mut ends = [b[0], b[1], b[1], b[1], b[1], b[1]];
            let mut cut = false;
            for (slot, c) in ends[1..5].iter_mut().zip(cuts) {
                if c > b[0] && c < b[1] {
                    (*slot, cut) = (c, true);
                }
            }
            if !cut {
                let idx = p * EDGE_ORDER..(p + 1) * EDGE_ORDER;
                for ((r, s), wn) in rs[idx.clone()]
                    .iter()
                    .zip(&rt[idx.clone()])
                    .zip(&tab.w[idx])
                {
                    let fv = f(*r, *s);
                    g += wn * fv * (1.0 - fv);
                }
                continue;
            }
            ends.sort_unstable_by(f64::total_cmp);
            let raw = (
                dot(&self.e[..ne], &tab.start_i[p]),
                dot(&et[..nt], &tab.start_k[p]),
            );
            g += self.cut_panel(&ends, raw, (&s_cdf, &t_cdf), &cuts, t_shape);
        }
        g *= sigma * w;
        // Above the region F = alpha - beta Q(z), 1 - F = beta (Q(z) - Q(zb)).
        let zbk = self.z0 + U * w;
        if self.ub >= U && self.zb > zbk {
            let beta = ws / ps;
            let alpha = wt + ws * (self.mk + self.q0) / ps;
            let gamma = beta * self.q1;
            // int Q = z Q - phi, int Q^2 = z Q^2 - 2 phi Q + Q(sqrt2 z) / sqrt(pi).
            let ints = |z: f64, q: f64| {
                let p = phi(z);
                let q2 = cdf(-std::f64::consts::SQRT_2 * z) * super::FRAC_1_SQRT_PI;
                (z * q - p, z * q * q - 2.0 * p * q + q2)
            };
            let (a0, b0) = ints(zbk, self.q0);
            let (a1, b1) = ints(self.zb, self.q1);
            let gb = -alpha * gamma * (self.zb - zbk) + beta * (alpha + gamma) * (a1 - a0)
                - beta * beta * (b1 - b0);
            g += sigma * gb;
        }
        Some(g)
    }

    /// `int F (1 - F)` over one panel of the region cut at the range's
    /// ends (`ends`, sorted; the ends of S's and T's ranges in `cuts`):
    /// pieces at most [`PIECE`] wide, `F` at their Gauss nodes from the
    /// polynomials through the densities there (`WITHIN`), carried from the
    /// sums `raw` tabulated at the panel's start.
    fn cut_panel(
        &self,
        ends: &[f64],
        raw: (f64, f64),
        (sc, tc): (&Cdf, &Cdf),
        cuts: &[f64; 4],
        (t1, t2): (f64, f64),
    ) -> f64 {
        let (c1, c2) = (-self.z0 * self.sk, -0.5 * self.sk * self.sk);
        let (mut rs, mut rt) = raw;
        let mut g = 0.0;
        for q in ends.windows(2).filter(|q| q[1] > q[0] + 1e-9) {
            let m = crate::model::dist::exp::ceil((q[1] - q[0]) / PIECE);
            let h = 0.5 * (q[1] - q[0]) / m;
            for k in 0..m as usize {
                let x0 = q[0] + 2.0 * h * k as f64;
                let inside = |a: f64, b: f64| x0 >= a - 1e-9 && x0 + 2.0 * h <= b + 1e-9;
                // Past a range's start its sum is the start's.
                let (s_in, t_in) = (
                    inside(cuts[0], cuts[1]),
                    inside(cuts[2], cuts[3]) && tc.scale > 0.0,
                );
                if s_in {
                    rs = rs.max(sc.lo);
                }
                if t_in {
                    rt = rt.max(tc.lo);
                }
                let (mut ds, mut dt) = ([0.0; N], [0.0; N]);
                for ((x, ds), dt) in GX.iter().zip(&mut ds).zip(&mut dt) {
                    let u = x0 + h * (x + 1.0);
                    if s_in {
                        *ds = (c1 * u + c2 * u * u).exp() * cdf(u);
                    }
                    if t_in {
                        *dt = (t1 * u + (t2 - 0.5) * u * u).exp() * INV_SQRT_2PI;
                    }
                }
                for (row, w) in WITHIN.iter().zip(GW) {
                    let fv =
                        (sc.at(rs + h * dot(row, &ds)) + tc.at(rt + h * dot(row, &dt))).min(1.0);
                    g += h * w * fv * (1.0 - fv);
                }
                rs += h * dot(&GW, &ds);
                rt += h * dot(&GW, &dt);
            }
        }
        g
    }
}
