//! Two extended skew-normals in closed form (density `phi(z) Phi(a z + d)`
//! on `[za, zb]`, `z = (x - mu) / sigma`).
//!
//! [`Near`]: a mild skew (`|a| <= 0.2`) with the whole mass inside the
//! range. With `s1 = sqrt(1 + a^2)`, `Z = rho V + tau N` for a standard
//! normal `N` and `V` a standard normal cut above at `k` (`rho = -a / s1`,
//! `tau = 1 / s1`, `k = d / s1`), so `X = c + b (V - E V) + s N` with `b =
//! sigma rho` and `s = sigma tau`. An expectation of a function of `X`
//! smooth in its location is a series in the central moments `mu_n` of
//! `V`, `E g(X) = sum_n b^n mu_n / n! E g^(n)(c + s N)`, whose terms shrink
//! like `a^n` (`b / s = -a`); for `g = |x - y|` the derivatives are
//! `psi(c - y) = E|c - y + s N|`, `2 Phi(u) - 1` and Hermite polynomials
//! times `phi(u)`, `u = (c - y) / s`. The Gini term is the same series for
//! `E|b (V - V') + s sqrt2 N| / 2`.
//!
//! [`Edge`]: a sharp edge (`|a| >= 8.5`, the bluff branch after a claim)
//! inside the range. Reflected so that `a > 0`, in `u = a (z - z0)`, `z0 =
//! -d / a`, the density on the edge region `|u| <= U` is `phi(z0) e(u)
//! Phi(u) / a` with `e(u) = exp(-z0 u / a - u^2 / (2 a^2))`, a short Taylor
//! series, so its distribution function at fixed nodes is a sum of
//! tabulated `int t^j Phi(t) dt`; above the region `Phi(u)` is 1 and the
//! density a normal's, in closed form. A normal lined up on the edge (the
//! honest branch: `x = m + s v`, `v = beta + gamma u` with `beta`, `gamma -
//! 1` small) has the same expansion with `int t^j phi(t) dt`, so the Gini
//! term of the pair, cross term included, needs no special function past
//! the region.

use super::Normal;
use crate::model::dist::special::{cdf, mills, phi};
use crate::model::posterior::component::{Component, Skew};

/// Largest `|a|` of a [`Near`] (its series then needs at most [`MAX_N`]
/// terms).
const MAX_SKEW: f64 = 0.2;
/// Most series terms of a [`Near`].
const MAX_N: usize = 14;
/// A [`Near`]'s range must reach this many sds of its Gaussian factor past
/// its mean (`Phi(-8.3)` is `5e-17`).
const REACH: f64 = 8.3;
/// `sqrt(2 / pi)`.
const SQRT_2_PI: f64 = 0.797_884_560_802_865_4;

/// A mildly skewed normal on the whole line (see the module doc).
#[derive(Debug, Clone, Copy)]
pub(super) struct Near {
    /// Mean, the scale of `V - E V`, and the sd of the normal part.
    c: f64,
    b: f64,
    s: f64,
    /// Terms of `E|X - y|` and of the Gini series.
    n: usize,
    ng: usize,
    /// `1 / s`.
    inv_s: f64,
    /// `b^n mu_n / n!`.
    coef: [f64; MAX_N + 1],
    /// Central moments of `V`.
    mu: [f64; 2 * MAX_N + 1],
}

impl Near {
    /// `None` unless the skew is mild and the range holds all the mass.
    pub(super) fn new(sk: &Skew, c: &Component) -> Option<Near> {
        let (mu, sigma, a, d) = sk.shape();
        if a.abs() > MAX_SKEW {
            return None;
        }
        let s1 = a.hypot(1.0);
        let (rho, k) = (-a / s1, d / s1);
        // The inverse Mills ratio phi(k) / Phi(k) (E V = -lambda).
        let lambda = if k > -5.0 {
            phi(k) / cdf(k)
        } else {
            1.0 / mills(-k).0
        };
        let zc = -rho * lambda;
        let (lo, hi) = c.range();
        if !((lo - mu) / sigma <= zc - REACH && (hi - mu) / sigma >= zc + REACH) {
            return None;
        }
        // Series lengths: the n-th term of `E|X - y|` is at most about
        // `|a|^n (n - 1)!! sqrt((n - 2)!) / n!` of `s`, that of the Gini
        // series about `(a^2 / 2)^n (2n - 3)!! / n!`.
        let (mut n, mut t) = (2, 0.8 * a * a);
        while n < MAX_N && t > 1e-13 {
            n += 1;
            t *= a.abs()
                * if n % 2 == 0 {
                    ((n - 1) as f64 / (n - 2) as f64).sqrt()
                } else {
                    1.0
                };
        }
        let (mut ng, mut tg) = (1, 0.5 * a * a);
        while ng < MAX_N && tg > 1e-13 {
            ng += 1;
            tg *= 0.5 * a * a * (2 * ng - 3) as f64 / ng as f64;
        }
        let mut near = Near {
            c: mu + sigma * zc,
            b: sigma * rho,
            s: sigma / s1,
            inv_s: s1 / sigma,
            n,
            ng,
            coef: [0.0; MAX_N + 1],
            mu: [0.0; 2 * MAX_N + 1],
        };
        // Central moments by parts: mu_j = (j - 1) mu_(j-2) + lambda
        // mu_(j-1) - (k + lambda)^(j-1) lambda.
        near.mu[0] = 1.0;
        let kl = k + lambda;
        let mut kp = 1.0;
        for j in 2..=n.max(2 * ng) {
            kp *= kl;
            near.mu[j] = (j - 1) as f64 * near.mu[j - 2] + lambda * near.mu[j - 1] - kp * lambda;
        }
        let (mut bn, mut fact) = (1.0, 1.0);
        for j in 0..=n {
            if j > 0 {
                bn *= near.b;
                fact *= j as f64;
            }
            near.coef[j] = bn * near.mu[j] / fact;
        }
        Some(near)
    }

    /// `E|X - y|` with the normal part widened to sd `s`.
    fn abs_dev_s(&self, y: f64, s: f64) -> f64 {
        let c = self.c - y;
        let u = c / s;
        let (cu, pu) = (cdf(u), phi(u));
        let psi = c * (2.0 * cu - 1.0) + 2.0 * s * pu;
        let (mut he0, mut he1) = (1.0, u);
        let (mut sum, mut sp) = (0.0, s);
        for n in 2..=self.n {
            let term = self.coef[n] * he0 / sp;
            sum += if n % 2 == 0 { term } else { -term };
            sp *= s;
            let he2 = u * he1 - (n - 1) as f64 * he0;
            (he0, he1) = (he1, he2);
        }
        psi + 2.0 * pu * sum
    }

    /// `E|X - y|`.
    pub(super) fn abs_dev(&self, y: f64) -> f64 {
        self.abs_dev_s(y, self.s)
    }

    /// `E|X - Y|` for an independent `Y ~ N(m, s^2)`.
    pub(super) fn abs_dev_normal(&self, m: f64, s: f64) -> f64 {
        self.abs_dev_s(m, self.s.hypot(s))
    }

    /// Sd of its normal part.
    pub(super) fn scale(&self) -> f64 {
        self.s
    }

    /// Nodes `(x, weight)` for expectations of functions that need not be
    /// smooth: `E g(X) = E[g(c + s N) R(N)]` with `R(z) = sum_n coef_n
    /// He_n(z) / s^n` (Gaussian integration by parts turns the series'
    /// derivatives into Hermite weights), on the fixed nodes of
    /// [`super::smooth::STANDARD`].
    pub(super) fn nodes(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        // R in powers of z: He_n by its recurrence, as polynomials; terms
        // below 1e-11 dropped.
        let mut r = [0.0; MAX_N + 1];
        let (mut h0, mut h1) = ([0.0; MAX_N + 1], [0.0; MAX_N + 1]);
        (h0[0], h1[1], r[0]) = (1.0, 1.0, 1.0);
        let mut sp = self.inv_s;
        let mut nr = 1;
        for n in 2..=self.n {
            sp *= self.inv_s;
            let c = self.coef[n] * sp;
            if n > 2 && c.abs() < 1e-11 {
                break;
            }
            // He_n = z He_(n-1) - (n - 1) He_(n-2)
            let mut h2 = [0.0; MAX_N + 1];
            h2[1..=n].copy_from_slice(&h1[..n]);
            for j in 0..n - 1 {
                h2[j] -= (n - 1) as f64 * h0[j];
            }
            (h0, h1) = (h1, h2);
            for j in 0..=n {
                r[j] += c * h1[j];
            }
            nr = n;
        }
        super::smooth::STANDARD.iter().map(move |&(z, w)| {
            let rz = r[..=nr].iter().rev().fold(0.0, |s, c| s * z + c);
            (self.c + self.s * z, w * rz)
        })
    }

    /// `int F (1 - F)`: `E|b D + s' N| / 2` for `D = V - V'`, `s' = s
    /// sqrt 2`, is `s' sqrt(2 / pi) sum_n c_n (b / s')^(2n) E D^(2n) / 2`
    /// with `c_0 = 1`, `c_n = (-1)^(n+1) / ((2n - 1) 2^n n!)` (the series of
    /// `E|u + N|`).
    pub(super) fn gini(&self) -> f64 {
        let sp = self.s * std::f64::consts::SQRT_2;
        let r2 = (self.b / sp) * (self.b / sp);
        let (mut total, mut rp, mut fact, mut pow2) = (1.0, 1.0, 1.0, 1.0);
        for n in 1..=self.ng {
            rp *= r2;
            fact *= n as f64;
            pow2 *= 2.0;
            let cn = if n % 2 == 1 { 1.0 } else { -1.0 } / ((2 * n - 1) as f64 * pow2 * fact);
            // E D^(2n) = sum_j C(2n, j) (-1)^j mu_j mu_(2n - j)
            let m = 2 * n;
            let (mut e, mut binom) = (0.0, 1.0);
            for j in 0..=m {
                let t = binom * self.mu[j] * self.mu[m - j];
                e += if j % 2 == 0 { t } else { -t };
                binom = binom * (m - j) as f64 / (j + 1) as f64;
            }
            total += cn * rp * e;
        }
        0.5 * sp * SQRT_2_PI * total
    }
}

/// Half-width of the edge region in `u` (`Phi(-6.5)` is `4e-11`).
const U: f64 = 6.5;
/// Most Taylor terms of an edge expansion.
const J: usize = 24;
/// Past this many sds of its Gaussian factor an [`Edge`]'s bulk is taken
/// as ended (`Phi(-9)` is `1e-19`).
const Z_TOP: f64 = 9.0;
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
    /// `int_{-U}^{u_i} t^j Phi(t) dt` and `int_{-U}^{u_i} t^j phi(t) dt`.
    i: [[f64; EDGE_NODES]; J],
    k: [[f64; EDGE_NODES]; J],
    /// At `U`: the first, and `int_{-U}^U int_{-U}^t s^j Phi(s) ds dt`.
    i_end: [f64; J],
    i2_end: [f64; J],
}

/// `int_{-U}^u t^j Phi(t) dt` for `j <= J` and `int_{-U}^u t^j phi(t) dt`
/// for `j < J`, by parts: `K_j = (j - 1) K_(j-2) + (-U)^(j-1) phi(U) -
/// u^(j-1) phi(u)`, `I_j = ([t^(j+1) Phi(t)] - K_(j+1)) / (j + 1)`.
fn moments(u: f64) -> ([f64; J + 1], [f64; J + 2]) {
    let (pu, pl, cu, cl) = (phi(u), phi(U), cdf(u), cdf(-U));
    let mut k = [0.0; J + 2];
    k[0] = cu - cl;
    k[1] = pl - pu;
    let (mut lp, mut up) = (-U, u); // (-U)^(j-1), u^(j-1)
    for j in 2..J + 2 {
        k[j] = (j - 1) as f64 * k[j - 2] + lp * pl - up * pu;
        lp *= -U;
        up *= u;
    }
    let mut i = [0.0; J + 1];
    let (mut lq, mut uq) = (-U, u); // (-U)^(j+1), u^(j+1)
    for (j, ij) in i.iter_mut().enumerate() {
        *ij = (uq * cu - lq * cl - k[j + 1]) / (j + 1) as f64;
        lq *= -U;
        uq *= u;
    }
    (i, k)
}

static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(|| {
    let (gx, gw) = super::smooth::gauss_legendre(EDGE_ORDER);
    let (ie, _) = moments(U);
    let mut t = Tables {
        w: [0.0; EDGE_NODES],
        i: [[0.0; EDGE_NODES]; J],
        k: [[0.0; EDGE_NODES]; J],
        i_end: [0.0; J],
        i2_end: [0.0; J],
    };
    for j in 0..J {
        t.i_end[j] = ie[j];
        // int I_j = u I_j - I_(j+1)
        t.i2_end[j] = U * ie[j] - ie[j + 1];
    }
    let mut n = 0;
    for p in EDGE_BREAKS.windows(2) {
        let (c, h) = (0.5 * (p[0] + p[1]), 0.5 * (p[1] - p[0]));
        for (&x, &w) in gx.iter().zip(gw) {
            let (i, k) = moments(c + h * x);
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
        if e.abs() * up + prev.abs() * up / U < 1e-14 {
            return Some(n + 1);
        }
        (prev2, prev) = (prev, e);
    }
    None
}

/// A skew-normal with a sharp edge inside its range (see the module doc).
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
        if !(za <= z0 - U * w && zb >= z0 + U * w && z0.abs() * U * w <= 2.0) {
            return None;
        }
        let mut e = [0.0; J];
        let ne = exp_series(-z0 * w, -0.5 * w * w, &mut e)?;
        let tab = &*TABLES;
        let sum: f64 = e[..ne].iter().zip(&tab.i_end).map(|(a, b)| a * b).sum();
        let mk = phi(z0) * w * sum;
        let psi_k: f64 = e[..ne].iter().zip(&tab.i2_end).map(|(a, b)| a * b).sum();
        let zbk = z0 + U * w;
        let zb = zb.min(Z_TOP);
        let (q0, q1) = (cdf(-zbk), cdf(-zb));
        let mass = mk + (q0 - q1).max(0.0);
        Some(Edge {
            sign,
            mean: sign * c.mean(),
            psi_k: sigma * w * w * phi(z0) * psi_k / mass,
            mu,
            sigma,
            z0,
            sk: w,
            zb,
            e,
            ne,
            mk,
            mb: (q0 - q1).max(0.0),
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
        let zbk = self.z0 + U * w;
        let psi = if z <= self.z0 - U * w {
            0.0
        } else if z < zbk {
            let u = (z - self.z0) / w;
            let (i, _) = moments(u);
            let s: f64 = self.e[..self.ne]
                .iter()
                .enumerate()
                .map(|(j, e)| e * (u * i[j] - i[j + 1]))
                .sum();
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
        let mut et = [0.0; J];
        let (mut nt, mut tscale, mut wt) = (0, 0.0, 0.0);
        if let Some((n, wn)) = t {
            // In reflected x, T is N(sign m, s^2); x(u) = x0 + sigma w u.
            let x0 = self.mu + sigma * self.z0;
            let (m, s) = (self.sign * n.m, n.s);
            let (beta, gamma) = ((x0 - m) / s, sigma * w / s);
            let (xl, xh) = (x0 - U * sigma * w, x0 + U * sigma * w);
            let (tl, th) = if self.sign > 0.0 {
                (n.lo, n.hi)
            } else {
                (-n.hi, -n.lo)
            };
            if !(tl <= xl && th >= xh && beta + gamma * U >= U - 0.2 && beta - gamma * U <= 0.2 - U)
            {
                return None;
            }
            // phi(beta + gamma u) gamma = gamma e^(-beta^2/2) phi(u) exp(-beta gamma u - (gamma^2 - 1) u^2 / 2)
            nt = exp_series(-beta * gamma, -0.5 * (gamma * gamma - 1.0), &mut et)?;
            tscale = gamma * (-0.5 * beta * beta).exp() / n.mass;
            wt = wn;
        }
        // F at the nodes: sums of the tabulated integrals.
        let sscale = ws * phi(self.z0) * w / ps;
        let mut f = [0.0; EDGE_NODES];
        for (c, row) in self.e[..self.ne].iter().zip(&tab.i) {
            if *c != 0.0 {
                let c = sscale * c;
                f.iter_mut().zip(row).for_each(|(fi, r)| *fi += c * r);
            }
        }
        for (c, row) in et[..nt].iter().zip(&tab.k) {
            if *c != 0.0 {
                let c = wt * tscale * c;
                f.iter_mut().zip(row).for_each(|(fi, r)| *fi += c * r);
            }
        }
        let mut g: f64 = f.iter().zip(&tab.w).map(|(f, w)| w * f * (1.0 - f)).sum();
        g *= sigma * w;
        // Above the region F = alpha - beta Q(z), 1 - F = beta (Q(z) - Q(zb)).
        let zbk = self.z0 + U * w;
        if self.zb > zbk {
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
}
