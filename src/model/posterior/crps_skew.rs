//! A mildly skewed extended skew-normal in closed form (density `phi(z)
//! Phi(a z + d)` on `[za, zb]`, `z = (x - mu) / sigma`).
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

use super::lanes::combine;
use super::smooth::STANDARD_NODES;
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
    /// smooth: `E g(X) = E[g(c + s N) R(N)]` with `R(z) = 1 + sum_n coef_n
    /// He_n(z) / s^n` (Gaussian integration by parts turns the series'
    /// derivatives into Hermite weights), on the fixed nodes of
    /// [`super::smooth::STANDARD`]; terms below `1e-11` dropped.
    pub(super) fn nodes(&self, xs: &mut [f64], ws: &mut [f64]) -> usize {
        let (st, he) = (&*super::smooth::STANDARD, &*HERMITE);
        let (mut cs, mut terms) = ([0.0; MAX_N + 1], 0);
        let mut sp = self.inv_s;
        for n in 2..=self.n {
            sp *= self.inv_s;
            let c = self.coef[n] * sp;
            if n > 2 && c.abs() < 1e-11 {
                break;
            }
            (cs[terms], terms) = (c, terms + 1);
        }
        let r = combine(1.0, &cs[..terms], &he[2..]);
        for (((x, w), r), (z, wz)) in xs.iter_mut().zip(ws.iter_mut()).zip(r).zip(st.iter()) {
            (*x, *w) = (self.c + self.s * z, wz * r);
        }
        STANDARD_NODES
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

/// `He_n` at [`super::smooth::STANDARD`]'s nodes, `n <= MAX_N`.
static HERMITE: std::sync::LazyLock<[[f64; STANDARD_NODES]; MAX_N + 1]> =
    std::sync::LazyLock::new(|| {
        let mut h = [[0.0; STANDARD_NODES]; MAX_N + 1];
        for (j, (z, _)) in super::smooth::STANDARD.iter().enumerate() {
            (h[0][j], h[1][j]) = (1.0, *z);
            for n in 2..=MAX_N {
                h[n][j] = z * h[n - 1][j] - (n - 1) as f64 * h[n - 2][j];
            }
        }
        h
    });
