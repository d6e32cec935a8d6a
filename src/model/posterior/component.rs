//! The pieces a posterior is made of: a point mass, a uniform, a truncated
//! normal, an extended skew-normal (closed forms) or a grid of
//! uniform-density cells. Each answers the same questions: moments, tail
//! probabilities and partial first moments, and the mass of one cell of the
//! prior's fixed partition.

use crate::model::dist::exp::FastExp;
use crate::model::dist::special::{SkewIntegral, cdf, ln_mass, ln_phi, phi};

mod grid;
#[cfg(test)]
mod tests;

pub(crate) use grid::{CellCut, Grid, Layout};

/// Beyond this many sds from the mean a truncated normal is left to the grid
/// (its variance would lose precision to cancellation).
const DEEP_TAIL: f64 = 50.0;

/// A truncated normal holding at least `e^LN_DIRECT_MASS` (1e-3) of its
/// normal takes its parts' probabilities as plain differences of `Phi`.
const LN_DIRECT_MASS: f64 = -6.907_755_278_982_137;

/// Which side of a point, and whether the point itself belongs to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// `r <= x` (`inclusive`) or `r < x`.
    Below { inclusive: bool },
    /// `r >= x` (`inclusive`) or `r > x`.
    Above { inclusive: bool },
}

/// A normal `N(m, s^2)` restricted to `[lo, hi]`, with its moments.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TruncNormal {
    m: f64,
    s: f64,
    /// Standardised ends.
    a: f64,
    b: f64,
    /// `ln P(a <= Z <= b)`, and `1 / P` when `P` is at least 1e-3 (else
    /// 0).
    ln_p: f64,
    inv_p: f64,
    /// The interval.
    lo: f64,
    hi: f64,
    mean: f64,
    var: f64,
}

impl TruncNormal {
    /// `None` when the interval lies so deep in a tail (or holds so little
    /// mass) that the closed form loses precision.
    pub(crate) fn new(m: f64, s: f64, lo: f64, hi: f64) -> Option<Self> {
        let (a, b) = ((lo - m) / s, (hi - m) / s);
        if !(s > 0.0 && a < b && a < DEEP_TAIL && b > -DEEP_TAIL) {
            return None;
        }
        let ln_p = ln_mass(a, b);
        if !ln_p.is_finite() {
            return None;
        }
        let (mu, v) = if b - a < 0.1 {
            // The factor is far wider than the interval: the closed form
            // cancels to nothing (an sd of 0); integrate about the midpoint.
            crate::model::dist::special::narrow_truncated_moments(a, b)
        } else {
            let (ea, eb) = ((ln_phi(a) - ln_p).fast_exp(), (ln_phi(b) - ln_p).fast_exp());
            let mu = ea - eb;
            (mu, 1.0 + a * ea - b * eb - mu * mu)
        };
        let var = s * s * v.max(0.0);
        Some(TruncNormal {
            m,
            s,
            a,
            b,
            ln_p,
            inv_p: if ln_p > LN_DIRECT_MASS {
                (-ln_p).fast_exp()
            } else {
                0.0
            },
            lo,
            hi,
            mean: (m + s * mu).clamp(lo, hi),
            var,
        })
    }

    /// Probability and first moment of `[z0, z1]` (standard units, inside `[a, b]`).
    fn part(&self, z0: f64, z1: f64) -> (f64, f64) {
        if z1 <= z0 {
            return (0.0, 0.0);
        }
        if self.inv_p > 0.0 && z1 - z0 > 1e-3 && z0 < 20.0 && z1 > -20.0 {
            // Directly, where no difference cancels: tails taken on their
            // own side (as `ln_mass` does), the mass of the whole interval
            // not small.
            let mass = if z0 >= 0.0 {
                cdf(-z0) - cdf(-z1)
            } else if z1 <= 0.0 {
                cdf(z1) - cdf(z0)
            } else {
                1.0 - (cdf(-z1) + cdf(z0))
            };
            let p = mass * self.inv_p;
            let d = (phi(z0) - phi(z1)) * self.inv_p;
            return (p, self.m * p + self.s * d);
        }
        let p = (ln_mass(z0, z1) - self.ln_p).fast_exp();
        let d = (ln_phi(z0) - self.ln_p).fast_exp() - (ln_phi(z1) - self.ln_p).fast_exp();
        (p, self.m * p + self.s * d)
    }

    /// `ln` of the normal's mass on the interval.
    pub(crate) fn ln_mass(&self) -> f64 {
        self.ln_p
    }

    fn z(&self, x: f64) -> f64 {
        ((x - self.m) / self.s).clamp(self.a, self.b)
    }

    /// The normal's mean and sd, and the interval: `(m, s, lo, hi)`.
    pub(crate) fn params(&self) -> (f64, f64, f64, f64) {
        (self.m, self.s, self.lo, self.hi)
    }
}

impl TruncNormal {
    /// Probability of `[x0, x1]`.
    fn between(&self, x0: f64, x1: f64) -> f64 {
        let (z0, z1) = (self.z(x0), self.z(x1));
        if z1 <= z0 {
            return 0.0;
        }
        (ln_mass(z0, z1) - self.ln_p).fast_exp().min(1.0)
    }
}

/// Beyond this many sds from the Gaussian factor's mean a skew-normal's
/// ends are as good as infinite (its density underflows).
const SKEW_CLAMP: f64 = 40.0;

/// Least mass of a skew-normal on its interval (in units of its Gaussian
/// factor) for the closed form: its bivariate normal probabilities carry
/// absolute errors near 1e-15, so below this the relative error of the mass
/// could pass 1e-5 (the caller falls back to cells).
const SKEW_MIN_MASS: f64 = 1e-10;

/// An extended skew-normal restricted to `[lo, hi]`: density proportional to
/// `N(r; mu, sigma^2) Phi(alpha r + beta)`. In standard units `z = (r - mu)
/// / sigma` the density is `phi(z) Phi(a z + d)` (`a = alpha sigma`, `d =
/// alpha mu + beta`), whose distribution function is a bivariate normal
/// probability ([`SkewIntegral`]); its moments follow by parts:
/// `int z phi(z) Phi(a z + d) = -phi(z) Phi(a z + d) + a phi(k) / s1 Phi(s1 z
/// + a k)` with `s1 = sqrt(1 + a^2)`, `k = d / s1`, and likewise for `z^2`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Skew {
    mu: f64,
    sigma: f64,
    lo: f64,
    hi: f64,
    /// Standardised ends, clamped to `+- SKEW_CLAMP`.
    za: f64,
    zb: f64,
    si: SkewIntegral,
    /// `a`, `s1`, `a k` and `phi(k) / s1`.
    a: f64,
    s1: f64,
    ak: f64,
    pk: f64,
    /// `F` at the ends, and the mass `F(zb) - F(za)`.
    fa: f64,
    fb: f64,
    p: f64,
    /// `phi(z) Phi(a z + d)` and `Phi(s1 z + a k)` at the ends.
    ta: f64,
    tb: f64,
    qa: f64,
    qb: f64,
    mean: f64,
    var: f64,
}

impl Skew {
    /// The density up to a constant factor: `phi(z) Phi(a z + d)` inside
    /// `[lo, hi]`, 0 outside (the CRPS's nodes take it eight at a time;
    /// tests compare them with it).
    #[cfg(test)]
    pub(crate) fn density_unnormalised(&self, x: f64) -> f64 {
        if !(x >= self.lo && x <= self.hi) {
            return 0.0;
        }
        let z = (x - self.mu) / self.sigma;
        phi(z) * cdf(self.a * z + self.si.offset())
    }

    /// `None` when the interval holds too little of the density for the
    /// closed form to keep its precision (or is degenerate).
    pub(crate) fn new(
        mu: f64,
        sigma: f64,
        alpha: f64,
        beta: f64,
        lo: f64,
        hi: f64,
    ) -> Option<Self> {
        let za = ((lo - mu) / sigma).max(-SKEW_CLAMP);
        let zb = ((hi - mu) / sigma).min(SKEW_CLAMP);
        let (a, d) = (alpha * sigma, alpha * mu + beta);
        if !(sigma > 0.0 && za < zb && a.is_finite() && d.is_finite()) {
            return None;
        }
        let si = SkewIntegral::new(a, d);
        let (s1, k) = (a.hypot(1.0), si.k());
        let [(fa, ga), (fb, gb)] = si.at_two(za, zb);
        let p = fb - fa;
        if p.is_nan() || p < SKEW_MIN_MASS {
            return None;
        }
        let ak = a * k;
        let pk = phi(k) / s1;
        let (ta, tb) = (phi(za) * ga, phi(zb) * gb);
        let (qa, qb) = (cdf(s1 * za + ak), cdf(s1 * zb + ak));
        // E[z] and E[z^2] by parts; the Gaussian integral of
        // z phi(z) phi(a z + d) = phi(k) z phi(s1 z + a k) gives the phi terms.
        let dq = qb - qa;
        let e1 = (ta - tb + a * pk * dq) / p;
        let c0 = -ak / s1;
        let dphi = phi(s1 * zb + ak) - phi(s1 * za + ak);
        let e2 = (za * ta - zb * tb + p + a * pk * (c0 * dq - dphi / s1)) / p;
        let (mean, var) = (mu + sigma * e1, sigma * sigma * (e2 - e1 * e1).max(0.0));
        if !(mean.is_finite() && var.is_finite()) {
            return None;
        }
        Some(Skew {
            mu,
            sigma,
            lo,
            hi,
            za,
            zb,
            si,
            a,
            s1,
            ak,
            pk,
            fa,
            fb,
            p,
            ta,
            tb,
            qa,
            qb,
            mean: mean.clamp(lo, hi),
            var,
        })
    }

    /// `ln` of the mass of `N(r; mu, sigma^2) Phi(alpha r + beta)` on the
    /// interval.
    pub(crate) fn ln_mass(&self) -> f64 {
        self.p.ln()
    }

    fn z(&self, x: f64) -> f64 {
        ((x - self.mu) / self.sigma).clamp(self.za, self.zb)
    }

    /// `F` at `z` (the cached value at an end).
    fn f(&self, z: f64) -> f64 {
        if z <= self.za {
            self.fa
        } else if z >= self.zb {
            self.fb
        } else {
            self.si.at(z).0
        }
    }

    /// Probability of `r` on `side` of `x`.
    fn prob(&self, x: f64, side: Side) -> f64 {
        let f = self.f(self.z(x));
        let p = match side {
            Side::Below { .. } => f - self.fa,
            Side::Above { .. } => self.fb - f,
        };
        (p / self.p).clamp(0.0, 1.0)
    }

    /// Probability of `[x0, x1]`.
    fn between(&self, x0: f64, x1: f64) -> f64 {
        let (z0, z1) = (self.z(x0), self.z(x1));
        if z1 <= z0 {
            return 0.0;
        }
        let (f0, f1) = if z0 > self.za && z1 < self.zb {
            let [(f0, _), (f1, _)] = self.si.at_two(z0, z1);
            (f0, f1)
        } else {
            (self.f(z0), self.f(z1))
        };
        ((f1 - f0) / self.p).clamp(0.0, 1.0)
    }

    /// Probability and first moment of `r` on `side` of `x`.
    fn part(&self, x: f64, side: Side) -> (f64, f64) {
        let z = self.z(x);
        let below = matches!(side, Side::Below { .. });
        if z <= self.za || z >= self.zb {
            return if below == (z >= self.zb) {
                (1.0, self.mean)
            } else {
                (0.0, 0.0)
            };
        }
        let ((f, g), q) = self.si.at_and_cdf(z, self.s1 * z + self.ak);
        let t = phi(z) * g;
        let (p, e1) = if below {
            (f - self.fa, self.ta - t + self.a * self.pk * (q - self.qa))
        } else {
            (self.fb - f, t - self.tb + self.a * self.pk * (self.qb - q))
        };
        let p = (p / self.p).clamp(0.0, 1.0);
        (p, self.mu * p + self.sigma * e1 / self.p)
    }
}

/// Below this standardised value a ramp's moments lose precision to
/// cancellation (the caller falls back to cells).
const RAMP_FLOOR: f64 = -6.0;

/// Density proportional to `Phi(alpha r + beta)` on `[lo, hi]` (a uniform
/// prior times one censored observation). In `z = alpha r + beta` the
/// antiderivatives are closed: `int Phi = z Phi + phi`, `int z Phi = ((z^2 -
/// 1) Phi + z phi) / 2`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ramp {
    alpha: f64,
    beta: f64,
    lo: f64,
    hi: f64,
    /// `z` at the ends and the antiderivatives there.
    za: f64,
    zb: f64,
    ia: (f64, f64),
    ib: (f64, f64),
    /// `int_{za}^{zb} Phi(z) dz` (signed as `alpha`).
    p: f64,
    mean: f64,
    var: f64,
}

/// `int Phi`, `int z Phi` at `z`.
fn ramp_ints(z: f64) -> (f64, f64) {
    let (c, d) = (cdf(z), phi(z));
    (z * c + d, 0.5 * ((z * z - 1.0) * c + z * d))
}

impl Ramp {
    /// `None` when the interval is degenerate or reaches so deep into the
    /// lower tail of `Phi` that the moments would lose precision.
    pub(crate) fn new(alpha: f64, beta: f64, lo: f64, hi: f64) -> Option<Self> {
        let (za, zb) = (alpha * lo + beta, alpha * hi + beta);
        if !(hi > lo && alpha != 0.0 && za.min(zb) > RAMP_FLOOR && za.max(zb) < 1e6) {
            return None;
        }
        let (ia, ib) = (ramp_ints(za), ramp_ints(zb));
        let p = ib.0 - ia.0;
        let m2 = |z: f64| (z * z * z * cdf(z) + (z * z + 2.0) * phi(z)) / 3.0;
        let e1 = (ib.1 - ia.1) / p;
        let e2 = (m2(zb) - m2(za)) / p;
        let mean = (e1 - beta) / alpha;
        let var = (e2 - e1 * e1).max(0.0) / (alpha * alpha);
        if !(p != 0.0 && mean.is_finite() && var.is_finite()) {
            return None;
        }
        Some(Ramp {
            alpha,
            beta,
            lo,
            hi,
            za,
            zb,
            ia,
            ib,
            p,
            mean: mean.clamp(lo, hi),
            var,
        })
    }

    /// `ln` of `int_lo^hi Phi(alpha r + beta) dr`.
    pub(crate) fn ln_mass(&self) -> f64 {
        (self.p / self.alpha).ln()
    }

    /// Antiderivatives at `x` (clamped to the interval).
    fn ints(&self, x: f64) -> (f64, f64) {
        if x <= self.lo {
            self.ia
        } else if x >= self.hi {
            self.ib
        } else {
            ramp_ints(self.alpha * x + self.beta)
        }
    }

    /// Probability and first moment of `[lo, x]`.
    fn below(&self, x: f64) -> (f64, f64) {
        let i = self.ints(x);
        let p = ((i.0 - self.ia.0) / self.p).clamp(0.0, 1.0);
        let ez = (i.1 - self.ia.1) / self.p;
        (p, (ez - self.beta * p) / self.alpha)
    }

    fn part(&self, x: f64, side: Side) -> (f64, f64) {
        let (p, m) = self.below(x);
        match side {
            Side::Below { .. } => (p, m),
            Side::Above { .. } => ((1.0 - p).max(0.0), self.mean - m),
        }
    }

    fn between(&self, x0: f64, x1: f64) -> f64 {
        if x1 <= x0 {
            return 0.0;
        }
        let (a, b) = (self.ints(x0).0, self.ints(x1).0);
        ((b - a) / self.p).clamp(0.0, 1.0)
    }
}

/// One piece of a posterior. Unboxed on purpose: a posterior lives on the
/// stack, and building one allocates nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Component {
    /// All mass at one value.
    Point(f64),
    /// Uniform on `[lo, hi]`.
    Uniform { lo: f64, hi: f64 },
    /// A truncated normal.
    Trunc(TruncNormal),
    /// A truncated extended skew-normal (boxed: with its quadrature rule
    /// it is 480 bytes, and beliefs are moved around by value).
    Skew(Box<Skew>),
    /// A uniform times one `Phi`.
    Ramp(Ramp),
    /// Uniform-density cells (boxed: a grid is 1.6 KB).
    Grid(Box<Grid>),
}

impl Component {
    /// What fills the slot of a branch with no weight in a posterior (never
    /// read: posteriors skip zero weights).
    pub(crate) const UNUSED: Component = Component::Point(0.0);

    /// Probability that the uniform-within-cells reading of a cut at `x`
    /// may misplace: the mass of the grid cell `x` falls strictly inside
    /// (0 for closed forms, which are exact).
    pub(crate) fn cut_mass(&self, x: f64) -> f64 {
        match self {
            Component::Grid(g) => g.cut_mass(x),
            _ => 0.0,
        }
    }

    /// Uniform on `[lo, hi]`, a point mass if the interval is degenerate.
    pub(crate) fn uniform(lo: f64, hi: f64) -> Self {
        if hi > lo {
            Component::Uniform { lo, hi }
        } else {
            Component::Point(lo)
        }
    }

    /// Mean.
    pub(crate) fn mean(&self) -> f64 {
        match self {
            Component::Point(x) => *x,
            Component::Uniform { lo, hi } => 0.5 * (lo + hi),
            Component::Trunc(t) => t.mean,
            Component::Skew(s) => s.mean,
            Component::Ramp(r) => r.mean,
            Component::Grid(g) => g.mean,
        }
    }

    /// Variance.
    pub(crate) fn var(&self) -> f64 {
        match self {
            Component::Point(_) => 0.0,
            Component::Uniform { lo, hi } => (hi - lo) * (hi - lo) / 12.0,
            Component::Trunc(t) => t.var,
            Component::Skew(s) => s.var,
            Component::Ramp(r) => r.var,
            Component::Grid(g) => g.var,
        }
    }

    /// Lowest and highest values it can take.
    pub(crate) fn range(&self) -> (f64, f64) {
        match self {
            Component::Point(x) => (*x, *x),
            Component::Uniform { lo, hi } => (*lo, *hi),
            Component::Trunc(t) => (t.lo, t.hi),
            Component::Skew(s) => (s.lo, s.hi),
            Component::Ramp(r) => (r.lo, r.hi),
            Component::Grid(g) => (g.cell(g.first).0, g.cell(g.last).1),
        }
    }

    /// Probability and first moment (`E[r; event]`) of `r` on `side` of `x`.
    pub(crate) fn part(&self, x: f64, side: Side) -> (f64, f64) {
        match self {
            Component::Point(p) => {
                let inside = match side {
                    Side::Below { inclusive } => *p < x || (inclusive && *p == x),
                    Side::Above { inclusive } => *p > x || (inclusive && *p == x),
                };
                if inside { (1.0, *p) } else { (0.0, 0.0) }
            }
            Component::Uniform { lo, hi } => {
                let (k0, k1) = match side {
                    Side::Below { .. } => (*lo, x.clamp(*lo, *hi)),
                    Side::Above { .. } => (x.clamp(*lo, *hi), *hi),
                };
                let p = (k1 - k0) / (hi - lo);
                (p, p * 0.5 * (k0 + k1))
            }
            Component::Trunc(t) => match side {
                Side::Below { .. } => t.part(t.a, t.z(x)),
                Side::Above { .. } => t.part(t.z(x), t.b),
            },
            Component::Skew(s) => s.part(x, side),
            Component::Ramp(r) => r.part(x, side),
            Component::Grid(g) => g.part(x, side),
        }
    }

    /// Mass in `[x0, x1)` of the fixed partition whose cell is `cell`
    /// (a point mass counts in its own cell).
    pub(crate) fn cell_mass(
        &self,
        cell: usize,
        x0: f64,
        x1: f64,
        cell_of: impl Fn(f64) -> usize,
    ) -> f64 {
        match self {
            Component::Point(p) => {
                if cell_of(*p) == cell {
                    1.0
                } else {
                    0.0
                }
            }
            Component::Grid(g) => g.mass[cell],
            Component::Trunc(t) => t.between(x0, x1),
            Component::Skew(s) => s.between(x0, x1),
            Component::Ramp(r) => r.between(x0, x1),
            Component::Uniform { .. } => {
                let below = self.part(x1, Side::Below { inclusive: true }).0;
                let under = self.part(x0, Side::Below { inclusive: true }).0;
                (below - under).max(0.0)
            }
        }
    }

    /// Probability of `r` on `side` of `x` (the first member of
    /// [`Component::part`], cheaper for a skew-normal).
    pub(crate) fn prob(&self, x: f64, side: Side) -> f64 {
        match self {
            Component::Skew(s) => s.prob(x, side),
            _ => self.part(x, side).0,
        }
    }
}

/// What the CRPS (`super::crps`) integrates with.
impl Skew {
    /// `(mu, sigma, a, d)`: the density is `phi(z) Phi(a z + d)`, `z = (r -
    /// mu) / sigma`.
    pub(crate) fn shape(&self) -> (f64, f64, f64, f64) {
        (self.mu, self.sigma, self.a, self.si.offset())
    }
}

impl Ramp {
    /// `(alpha, beta)`: the density is proportional to `Phi(alpha r + beta)`.
    pub(crate) fn slope(&self) -> (f64, f64) {
        (self.alpha, self.beta)
    }
}
