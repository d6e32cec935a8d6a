//! The continuous ranked probability score of a belief at the truth
//! (MODEL.md version 2.1, section 10.4): `CRPS(F, y) = int (F(x) - 1{x >=
//! y})^2 dx`, a proper score in the units of the facet (0 for a point mass
//! at the truth; lower is better). Unlike `info_bits`, which sees only the
//! cell holding the truth and is floored, it grows with how far the belief
//! is from the truth, so a 3-sd deception scores worse than a 0.5-sd one.
//!
//! # Method
//!
//! `CRPS(F, y) = E|X - y| - E|X - X'| / 2` for independent `X, X'` drawn
//! from `F`, and `E|X - X'| / 2 = int F (1 - F)` (the Gini term). For a
//! belief `F = t F_1 + (1 - t) F_2` this is
//!
//! `t D_1(y) + (1 - t) D_2(y) - t^2 G_1 - (1 - t)^2 G_2 - t (1 - t) E|X_1 - X_2|`
//!
//! with `D_i(x) = E|X_i - x|` (from a component's probability and first
//! moment below `x`) and `G_i` its own Gini term, neither needing a
//! quadrature for the closed forms. What each kind contributes:
//!
//! - a point mass, a uniform, a truncated normal: `D` and `G` in closed
//!   form (`G = s [Phi(sqrt2 b) - Phi(sqrt2 a)] / sqrt(pi) - s P (phi(a) +
//!   phi(b))`, over `P^2`, for a normal cut to `[a, b]` in its own units);
//! - cells (and points and uniforms together): `F` is piecewise linear, so
//!   `int (F - H)^2` is summed exactly, cell by cell ([`cells`]);
//! - an extended skew-normal with a mild skew and its whole mass inside its
//!   range: a series in closed form ([`skew::Near`]);
//! - one whose `Phi` factor makes a sharp edge (the bluff branch after a
//!   claim), alone or with the honest branch's normal lined up on that
//!   edge: closed forms for its normal bulk, and exact integrals against
//!   fixed nodes of the edge region ([`edge::Edge`]);
//! - any other skew-normal, a ramp, or a truncated normal where the closed
//!   form loses precision: a piecewise polynomial density through its
//!   values at Gauss-Legendre nodes on panels fitted to its shape, whose
//!   distribution function and its first two integrals are then exact
//!   polynomials ([`smooth::Smooth`]).
//!
//! Cross terms `E|X_1 - X_2|` use the cheaper side: `D_2` at a point mass;
//! the integral of `D` over each cell for cells (`D` has an antiderivative
//! in closed form for every other kind); for a normal against a smooth
//! density, Gauss nodes of the normal. Everything is exact but for the
//! polynomial densities (about 1e-8 of the prior sd) and the series
//! truncations (below 1e-12 of the component's sd).

use super::component::{Component, TruncNormal};
use crate::model::dist::special::{cdf, phi};

#[path = "crps_cells.rs"]
mod cells;
#[path = "crps_edge.rs"]
mod edge;
#[path = "crps_lanes.rs"]
mod lanes;
#[path = "crps_rules.rs"]
mod rules;
#[path = "crps_skew.rs"]
mod skew;
#[path = "crps_smooth.rs"]
mod smooth;
#[cfg(test)]
#[path = "crps_tests.rs"]
mod tests;

use edge::Edge;
use skew::Near;
use smooth::Smooth;

/// `1 / sqrt(pi)`.
const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;

/// Beyond this many sds, `Phi` is 0 or 1 and `phi` 0 in `f64`.
const Z_MAX: f64 = 40.0;

/// A component whose finest feature is wider than this many cells is
/// integrated over each cell exactly when crossed with cells.
const WIDE: f64 = 2.0;

/// Beyond this many sds `Phi` is 0 or 1 to within `1e-18`.
const Z_FLAT: f64 = 9.0;

/// CRPS of a uniform on `[lo, hi]` at `y` (exact).
pub(crate) fn uniform(lo: f64, hi: f64, y: f64) -> f64 {
    let yc = y.clamp(lo, hi);
    let w = hi - lo;
    ((yc - lo).powi(3) + (hi - yc).powi(3)) / (3.0 * w * w) + (y - yc).abs()
}

/// CRPS of a normal `N(m, s^2)` at `y` (Gneiting and Raftery 2007).
pub fn normal(m: f64, s: f64, y: f64) -> f64 {
    let z = (y - m) / s;
    s * (z * (2.0 * cdf(z) - 1.0) + 2.0 * phi(z) - FRAC_1_SQRT_PI)
}

/// A normal `N(m, s^2)` cut to `[lo, hi]`, in closed form. In its own
/// units it is reflected, if need be, so that `a + b <= 0`: its mass then
/// lies where `Phi` keeps its relative precision.
#[derive(Debug, Clone, Copy)]
struct Normal {
    m: f64,
    s: f64,
    lo: f64,
    hi: f64,
    /// 1, or -1 when reflected; the reflected ends.
    sign: f64,
    a: f64,
    b: f64,
    /// `Phi` and `phi` at the ends, and the mass.
    ca: f64,
    cb: f64,
    pa: f64,
    pb: f64,
    mass: f64,
    /// Mean and Gini term.
    mean: f64,
    gini: f64,
}

impl Normal {
    /// `None` when the interval holds under `1e-6` of the normal.
    fn new(t: &TruncNormal) -> Option<Normal> {
        let (m, s, lo, hi) = t.params();
        let a = ((lo - m) / s).clamp(-Z_MAX, Z_MAX);
        let b = ((hi - m) / s).clamp(-Z_MAX, Z_MAX);
        let (sign, a, b) = if a + b > 0.0 {
            (-1.0, -b, -a)
        } else {
            (1.0, a, b)
        };
        let s2 = std::f64::consts::SQRT_2;
        let (ca, pa, c2a) = if a < -Z_FLAT {
            (0.0, 0.0, 0.0)
        } else {
            (cdf(a), phi(a), cdf(s2 * a))
        };
        let (cb, pb, c2b) = if b > Z_FLAT {
            (1.0, 0.0, 1.0)
        } else {
            (cdf(b), phi(b), cdf(s2 * b))
        };
        let mass = cb - ca;
        if mass.is_nan() || mass <= 1e-6 {
            return None;
        }
        let gini = s * ((c2b - c2a) * FRAC_1_SQRT_PI - mass * (pa + pb)) / (mass * mass);
        let mean = m + sign * s * (pa - pb) / mass;
        // Ends past Z_MAX sds are taken at Z_MAX (beyond, E|X - x| grows
        // linearly).
        let (lo, hi) = if sign > 0.0 {
            (m + s * a, m + s * b)
        } else {
            (m - s * b, m - s * a)
        };
        Some(Normal {
            m,
            s,
            lo,
            hi,
            sign,
            a,
            b,
            ca,
            cb,
            pa,
            pb,
            mass,
            mean: mean.clamp(lo, hi),
            gini: gini.max(0.0),
        })
    }

    /// Whether it is a whole normal for practical purposes.
    fn whole(&self) -> bool {
        self.a < -Z_FLAT && self.b > Z_FLAT
    }

    /// Reflected standard units of `x`, cut to the ends, with `Phi` and
    /// `phi` there.
    fn at(&self, x: f64) -> (f64, f64, f64) {
        let z = (self.sign * (x - self.m) / self.s).clamp(self.a, self.b);
        if z < -Z_FLAT {
            (z, 0.0, 0.0)
        } else if z > Z_FLAT {
            (z, 1.0, 0.0)
        } else {
            (z, cdf(z), phi(z))
        }
    }

    /// `E|X - x|`.
    fn abs_dev(&self, x: f64) -> f64 {
        let xc = x.clamp(self.lo, self.hi);
        let (z, c, p) = self.at(xc);
        // int_a^b |t - z| phi(t) dt = z (2 Phi(z) - Phi(a) - Phi(b)) + 2 phi(z) - phi(a) - phi(b).
        let e = z * (2.0 * c - self.ca - self.cb) + 2.0 * p - self.pa - self.pb;
        self.s * (e / self.mass).max(0.0) + (x - xc).abs()
    }

    /// An antiderivative in `x` of `E|X - x|`: `2 Psi2(x) - (x - mean)^2 /
    /// 2` with `Psi2(x) = E[((x - X)^+)^2] / 2`, from the partial second
    /// moments `P E[(z - Z)^2; Z <= z] = (z^2 + 1)(Phi(z) - Phi(a)) + z
    /// phi(z) + (a - 2z) phi(a)` and its mirror (for the reflected form).
    fn abs_dev_int(&self, x: f64) -> f64 {
        let xc = x.clamp(self.lo, self.hi);
        let (z, c, p) = self.at(xc);
        let half_sq = 0.5 * self.s * self.s / self.mass
            * if self.sign > 0.0 {
                (z * z + 1.0) * (c - self.ca) + z * p + (self.a - 2.0 * z) * self.pa
            } else {
                (z * z + 1.0) * (self.cb - c) - z * p + (2.0 * z - self.b) * self.pb
            };
        // Past the upper end, Psi2 grows as the second integral of 1.
        let d = (x - xc).max(0.0);
        let psi = 0.5 * (self.abs_dev(xc) + xc - self.mean);
        let e = x - self.mean;
        2.0 * (half_sq + psi * d + 0.5 * d * d) - 0.5 * e * e
    }

    /// Where its mass is: outside, `E|X - x| = |x - mean|`.
    fn support(&self) -> (f64, f64) {
        (
            self.lo.max(self.m - Z_FLAT * self.s),
            self.hi.min(self.m + Z_FLAT * self.s),
        )
    }

    /// Gauss nodes `(x, weight)` of its distribution into `xs`, `ws`; their
    /// number (see [`smooth::normal_nodes`]).
    fn nodes(&self, kinks: bool, xs: &mut [f64], ws: &mut [f64]) -> usize {
        let shape = (self.m, self.s, self.sign);
        smooth::normal_nodes(shape, (self.a, self.b), kinks, xs, ws)
    }
}

/// One component, ready for the terms of the decomposition.
enum Part {
    Point(f64),
    Uniform(f64, f64),
    Normal(Normal),
    Near(Near),
    Edge(Edge),
    Smooth(Smooth),
}

impl Part {
    fn new(c: &Component) -> Part {
        match c {
            Component::Point(p) => Part::Point(*p),
            Component::Uniform { lo, hi } => Part::Uniform(*lo, *hi),
            Component::Trunc(t) => {
                Normal::new(t).map_or_else(|| Part::Smooth(Smooth::trunc(t)), Part::Normal)
            }
            Component::Skew(s) => {
                if let Some(n) = Near::new(s, c) {
                    Part::Near(n)
                } else if let Some(e) = Edge::new(s, c) {
                    Part::Edge(e)
                } else {
                    Part::Smooth(Smooth::skew(s, c))
                }
            }
            Component::Ramp(r) => Part::Smooth(Smooth::ramp(r, c)),
            Component::Grid(_) => unreachable!("cells are summed in `cells`"),
        }
    }

    /// A near-normal's or an edge's skew-normal `c` as a piecewise
    /// polynomial density, for the cross terms that need its Gauss nodes.
    fn smooth(c: &Component) -> Part {
        let Component::Skew(s) = c else {
            unreachable!("near-normals and edges are skew-normals")
        };
        Part::Smooth(Smooth::skew(s, c))
    }

    /// `E|X - x|`.
    fn abs_dev(&self, x: f64) -> f64 {
        match self {
            Part::Point(p) => (p - x).abs(),
            Part::Uniform(lo, hi) => uniform_abs_dev(*lo, *hi, x),
            Part::Normal(n) => n.abs_dev(x),
            Part::Near(n) => n.abs_dev(x),
            Part::Edge(e) => e.abs_dev(x),
            Part::Smooth(s) => s.abs_dev(x),
        }
    }

    /// `int F (1 - F)`.
    fn gini(&self) -> f64 {
        match self {
            Part::Point(_) => 0.0,
            Part::Uniform(lo, hi) => (hi - lo) / 6.0,
            Part::Normal(n) => n.gini,
            Part::Near(n) => n.gini(),
            Part::Edge(e) => e.gini(1.0, None).expect("alone, an edge's tables apply"),
            Part::Smooth(s) => s.gini(),
        }
    }

    /// Gauss nodes `(x, weight)` of its distribution, in increasing `x`,
    /// into `out` (for integrands with `kinks` a finer rule for a
    /// normal); their number. `None` for an edge, which has none.
    fn nodes(&self, kinks: bool, out: &mut Nodes) -> Option<usize> {
        let mut k = 0;
        let mut push = |(x, w): (f64, f64)| {
            (out.0[k], out.1[k]) = (x, w);
            k += 1;
        };
        match self {
            Part::Point(p) => push((*p, 1.0)),
            Part::Uniform(lo, hi) => smooth::uniform_nodes(*lo, *hi).for_each(push),
            Part::Normal(n) => return Some(n.nodes(kinks, &mut out.0, &mut out.1)),
            Part::Near(n) => return Some(n.nodes(&mut out.0, &mut out.1)),
            Part::Smooth(s) => s.nodes().for_each(push),
            Part::Edge(_) => return None,
        }
        Some(k)
    }

    /// The scale of its finest feature: a normal's sd, a piecewise
    /// polynomial's narrowest panel, an edge's width.
    fn scale(&self) -> f64 {
        match self {
            Part::Point(_) => 0.0,
            Part::Uniform(lo, hi) => hi - lo,
            Part::Normal(n) => n.s,
            Part::Near(n) => n.scale(),
            Part::Edge(e) => e.width(),
            Part::Smooth(s) => s.finest(),
        }
    }
}

/// Gauss nodes and weights.
type Nodes = ([f64; smooth::MAX_NODES], [f64; smooth::MAX_NODES]);

/// `E|U - x|` for `U` uniform on `[lo, hi]`.
fn uniform_abs_dev(lo: f64, hi: f64, x: f64) -> f64 {
    if x <= lo {
        0.5 * (lo + hi) - x
    } else if x >= hi {
        x - 0.5 * (lo + hi)
    } else {
        ((x - lo) * (x - lo) + (hi - x) * (hi - x)) / (2.0 * (hi - lo))
    }
}

/// CRPS at `y` of the mixture `parts` (weights summing to 1), in the
/// facet's units.
pub(crate) fn mixture(parts: &[(f64, Component)], y: f64) -> f64 {
    let mut active = parts.iter().filter(|p| p.0 > 0.0);
    let Some(first) = active.next() else {
        return 0.0;
    };
    let second = active.next();
    let linear = |c: &Component| {
        matches!(
            c,
            Component::Point(_) | Component::Uniform { .. } | Component::Grid(_)
        )
    };
    if linear(&first.1) && second.is_none_or(|s| linear(&s.1)) {
        return cells::linear(first, second, y);
    }
    let Some(second) = second else {
        return single(&first.1, y);
    };
    pair(first, second, y)
}

/// CRPS of one component.
fn single(c: &Component, y: f64) -> f64 {
    if let Component::Trunc(t) = c
        && let Some(n) = Normal::new(t)
    {
        return (n.abs_dev(y) - n.gini).max(0.0);
    }
    let p = Part::new(c);
    (p.abs_dev(y) - p.gini()).max(0.0)
}

/// CRPS of two components, at least one of them not piecewise linear.
fn pair(first: &(f64, Component), second: &(f64, Component), y: f64) -> f64 {
    // Cells with a smooth density.
    let grid = |p: &(f64, Component)| matches!(p.1, Component::Grid(_));
    if grid(first) || grid(second) {
        let (g, o) = if grid(first) {
            (first, second)
        } else {
            (second, first)
        };
        let Component::Grid(cells) = &g.1 else {
            unreachable!()
        };
        // Wider than a few cells: the exact integral of its E|X - x| over
        // each cell (a near-normal made smooth for that); else its Gauss
        // nodes, fine against the cells. An edge is made smooth.
        let width = cells.layout().w;
        let part = Part::new(&o.1);
        let smooth;
        let p = match &part {
            Part::Edge(_) => {
                smooth = Part::smooth(&o.1);
                &smooth
            }
            n @ Part::Near(_) if n.scale() > WIDE * width => {
                smooth = Part::smooth(&o.1);
                &smooth
            }
            p => p,
        };
        let (dg, gg, cross) = if p.scale() > WIDE * width {
            let int = |x| match &p {
                Part::Normal(n) => n.abs_dev_int(x),
                Part::Smooth(s) => s.abs_dev_int(x),
                _ => unreachable!("points, uniforms are linear; others made smooth"),
            };
            let (support, mean) = match &p {
                Part::Normal(n) => (n.support(), n.mean),
                Part::Smooth(s) => (s.support(), s.mean()),
                _ => unreachable!("points, uniforms are linear; others made smooth"),
            };
            cells::against_cells(cells, y, support, mean, |x| p.abs_dev(x), int)
        } else {
            let mut nodes = ([0.0; smooth::MAX_NODES], [0.0; smooth::MAX_NODES]);
            let k = p.nodes(true, &mut nodes).expect("not an edge");
            cells::against(cells, y, &nodes.0[..k], &nodes.1[..k])
        };
        return (g.0 * dg + o.0 * p.abs_dev(y)
            - g.0 * g.0 * gg
            - o.0 * o.0 * p.gini()
            - g.0 * o.0 * cross)
            .max(0.0);
    }
    // A sharp-edged skew-normal with the normal lined up on its edge.
    if let Some(v) = edge_pair(first, second, y) {
        return v;
    }
    let (w1, w2) = (first.0, second.0);
    let p1 = Part::new(&first.1);
    let p2 = Part::new(&second.1);
    let (d1, d2) = (p1.abs_dev(y), p2.abs_dev(y));
    let (g1, g2) = (p1.gini(), p2.gini());
    let x = cross(&p1, &first.1, &p2, &second.1);
    (w1 * d1 + w2 * d2 - w1 * w1 * g1 - w2 * w2 * g2 - w1 * w2 * x).max(0.0)
}

/// `int F (1 - F)` of the pair when one is a skew-normal with a sharp
/// edge and the other a normal lined up on it (or a point mass).
fn edge_pair(first: &(f64, Component), second: &(f64, Component), y: f64) -> Option<f64> {
    let skew = |p: &(f64, Component)| matches!(p.1, Component::Skew(_));
    let (s, o) = if skew(first) {
        (first, second)
    } else {
        (second, first)
    };
    let Component::Skew(sk) = &s.1 else {
        return None;
    };
    let Component::Trunc(t) = &o.1 else {
        return None;
    };
    let e = Edge::new(sk, &s.1)?;
    let n = Normal::new(t)?;
    let g = e.gini(s.0, Some((&n, o.0)))?;
    Some((s.0 * e.abs_dev(y) + o.0 * n.abs_dev(y) - g).max(0.0))
}

/// `E|X_1 - X_2|` of two components, neither of them cells: in closed form
/// for a whole normal against another or a mild skew-normal; else the
/// average of one's `E|X - x|` over the other's Gauss nodes, the other
/// being the one with the finer features.
fn cross(p1: &Part, c1: &Component, p2: &Part, c2: &Component) -> f64 {
    match (p1, p2) {
        (Part::Point(x), p) | (p, Part::Point(x)) => return p.abs_dev(*x),
        // A uniform's E|U - x| has kinks: the other's is averaged over it.
        (Part::Uniform(lo, hi), p) | (p, Part::Uniform(lo, hi)) => {
            return smooth::uniform_nodes(*lo, *hi)
                .map(|(x, w)| w * p.abs_dev(x))
                .sum();
        }
        (Part::Normal(n), Part::Near(s)) | (Part::Near(s), Part::Normal(n)) if n.whole() => {
            return s.abs_dev_normal(n.m, n.s);
        }
        (Part::Normal(n), Part::Normal(o)) if n.whole() && o.whole() => {
            let s = n.s.hypot(o.s);
            return normal(n.m - o.m, s, 0.0) + s * FRAC_1_SQRT_PI;
        }
        _ => {}
    }
    // Nodes of the one with the finer features (an edge as a piecewise
    // polynomial: it has none), where the other's E|X - x| is smooth.
    let (nodes, eval, cn) = if p1.scale() <= p2.scale() {
        (p1, p2, c1)
    } else {
        (p2, p1, c2)
    };
    let smooth;
    let nodes = match nodes {
        Part::Edge(_) => {
            smooth = Part::smooth(cn);
            &smooth
        }
        p => p,
    };
    let mut buf = ([0.0; smooth::MAX_NODES], [0.0; smooth::MAX_NODES]);
    let k = nodes.nodes(false, &mut buf).expect("not an edge");
    let (mut s, mut w) = (0.0, 0.0);
    for (x, wj) in buf.0[..k].iter().zip(&buf.1[..k]) {
        s += wj * eval.abs_dev(*x);
        w += wj;
    }
    s / w
}
