//! The continuous ranked probability score of a belief at the truth
//! (MODEL.md version 2.1, section 10.4): `CRPS(F, y) = int (F(x) - 1{x >=
//! y})^2 dx`, a proper score in the units of the facet (0 for a point mass
//! at the truth; lower is better). Unlike `info_bits`, which sees only the
//! cell holding the truth and is floored, it grows with how far the belief
//! is from the truth, so a 3-sd deception scores worse than a 0.5-sd one.
//!
//! Closed forms: a point mass at `m` scores `|m - y|`; a uniform on `[l,
//! u]` scores `((y - l)^3 + (u - y)^3) / (3 (u - l)^2)` for `y` inside; a
//! normal truncated to `[l, u]` scores, in standard units `z = (x - m) /
//! s` with ends `a`, `b` and mass `P = Phi(b) - Phi(a)`,
//! `s / P^2 [int_a^zy (Phi - Phi(a))^2 + int_zy^b (Phi - Phi(b))^2]`,
//! from `int (Phi(z) - c)^2 dz = z (Phi - c)^2 + 2 phi (Phi - c) -
//! Phi(sqrt 2 z) / sqrt(pi)`; untruncated this is Gneiting's `s [z (2
//! Phi(z) - 1) + 2 phi(z) - 1 / sqrt(pi)]`. A mixture, a skew-normal, a ramp
//! or cells are integrated numerically from the distribution function:
//! Gauss-Legendre on panels that break at the truth, at every component's
//! ends, about every smooth component's bulk and (for cells) at every cell
//! edge, where the distribution function is linear between edges, so cells
//! alone are integrated exactly.

use super::CELLS;
use super::component::{Component, Side, TruncNormal};
use crate::model::dist::special::{cdf, phi};

/// `1 / sqrt(pi)`.
const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;

/// Beyond this many sds, `Phi` is 0 or 1 and `phi` 0 in `f64`.
const Z_MAX: f64 = 40.0;

/// `Phi(z) - Phi(r)`, without cancellation in the upper tail.
fn phi_diff(z: f64, r: f64) -> f64 {
    if z + r > 0.0 {
        cdf(-r) - cdf(-z)
    } else {
        cdf(z) - cdf(r)
    }
}

/// `int_r^z (Phi(t) - Phi(r))^2 dt` (negative orientation allowed: `z <
/// r`), in closed form.
fn phi_sq_integral(r: f64, z: f64) -> f64 {
    let d = phi_diff(z, r);
    let s2 = std::f64::consts::SQRT_2;
    z * d * d + 2.0 * phi(z) * d - phi_diff(s2 * z, s2 * r) * FRAC_1_SQRT_PI
}

/// CRPS of a normal `N(m, s^2)` truncated to `[lo, hi]` at `y` (exact;
/// `None` when the interval holds too little of the normal's mass for the
/// closed form to keep its precision).
pub(crate) fn truncated_normal(t: &TruncNormal, y: f64) -> Option<f64> {
    let (m, s, lo, hi) = t.params();
    let outside = (lo - y).max(0.0) + (y - hi).max(0.0);
    let a = ((lo - m) / s).clamp(-Z_MAX, Z_MAX);
    let b = ((hi - m) / s).clamp(-Z_MAX, Z_MAX);
    let mass = phi_diff(b, a);
    if mass.is_nan() || mass <= 1e-6 {
        return None;
    }
    let zy = ((y - m) / s).clamp(a, b);
    let lower = phi_sq_integral(a, zy);
    // int_zy^b (Phi - Phi(b))^2 = -int_b^zy (...)
    let upper = -phi_sq_integral(b, zy);
    Some(s * (lower + upper).max(0.0) / (mass * mass) + outside)
}

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

/// A component's CRPS in closed form, where it has one.
fn closed(c: &Component, y: f64) -> Option<f64> {
    match c {
        Component::Point(m) => Some((m - y).abs()),
        Component::Uniform { lo, hi } => Some(uniform(*lo, *hi, y)),
        Component::Trunc(t) => truncated_normal(t, y),
        _ => None,
    }
}

/// Nodes and weights of 4-point Gauss-Legendre on `[-1, 1]`.
const GL4: [(f64, f64); 4] = [
    (-0.861_136_311_594_052_6, 0.347_854_845_137_453_85),
    (-0.339_981_043_584_856_26, 0.652_145_154_862_546_1),
    (0.339_981_043_584_856_26, 0.652_145_154_862_546_1),
    (0.861_136_311_594_052_6, 0.347_854_845_137_453_85),
];

/// CRPS at `y` of the mixture `parts` (weights summing to 1), in the
/// facet's units.
pub(crate) fn mixture(parts: &[(f64, Component)], y: f64) -> f64 {
    let mut active = parts.iter().filter(|p| p.0 > 0.0);
    if let (Some((_, c)), None) = (active.next(), active.next())
        && let Some(v) = closed(c, y)
    {
        return v;
    }
    numeric(parts, y)
}

/// Nodes and weights of 2-point Gauss-Legendre on `[-1, 1]` (exact for
/// the quadratic integrand between cell edges where every component is
/// linear).
const GL2: [(f64, f64); 2] = [
    (-0.577_350_269_189_625_8, 1.0),
    (0.577_350_269_189_625_8, 1.0),
];

/// `GL2_WITHIN[i][j]`: the integral from -1 to node `i` of the Lagrange
/// polynomial of node `j` of [`GL2`] (a density's integral up to each node
/// from its values at the nodes).
const GL2_WITHIN: [&[f64]; 2] = [
    &[0.499_999_999_999_999_8, -0.077_350_269_189_625_7],
    &[1.077_350_269_189_625_7, 0.500_000_000_000_000_2],
];

/// The same for [`GL4`].
const GL4_WITHIN: [&[f64]; 4] = [
    &[
        0.173_927_422_568_726_95,
        -0.053_208_360_169_997_526,
        0.025_254_925_378_809_467,
        -0.007_110_299_371_591_383,
    ],
    &[
        0.376_236_234_999_736_2,
        0.326_072_577_431_272_9,
        -0.055_760_857_204_941_74,
        0.013_471_001_189_076_3,
    ],
    &[
        0.334_383_843_948_377_56,
        0.707_906_012_067_487_8,
        0.326_072_577_431_273_2,
        -0.028_381_389_862_282_322,
    ],
    &[
        0.354_965_144_509_045_26,
        0.626_890_229_483_736_6,
        0.705_353_515_032_543_6,
        0.173_927_422_568_726_87,
    ],
];

/// Most breakpoints of the numeric integral.
const MAX_BREAKS: usize = CELLS + 16;

/// The window of a component outside which it holds no mass worth
/// integrating: a normal-like one's mean +- 8 sd (cut to its range),
/// otherwise its range.
fn window(c: &Component) -> (f64, f64) {
    let (l, h) = c.range();
    match c {
        Component::Trunc(_) | Component::Skew(_) => {
            let (m, s) = (c.mean(), c.var().sqrt());
            (l.max(m - 8.0 * s), h.min(m + 8.0 * s))
        }
        _ => (l, h),
    }
}

/// The numeric integral of [`mixture`]: Gauss-Legendre (4 points; 2
/// between cell edges) on the panels between the truth, the components' ends, a smooth component's
/// `mean +- 1 sd` and `+- 3 sd` and (with cells) the cell edges, over the
/// components' windows. The distribution function at the nodes is exact
/// for every component but a skew-normal, whose bivariate normal
/// probabilities are costly: its distribution function is taken exactly at
/// the ends of the window and in between by integrating its density (the
/// polynomial through its values at a panel's nodes), scaled to the exact
/// mass.
fn numeric(parts: &[(f64, Component)], y: f64) -> f64 {
    let active = || parts.iter().filter(|p| p.0 > 0.0);
    let (mut rlo, mut rhi) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (_, c) in active() {
        let (l, h) = c.range();
        let (wl, wh) = window(c);
        (rlo, rhi, lo, hi) = (rlo.min(l), rhi.max(h), lo.min(wl), hi.max(wh));
    }
    // Outside the belief's range the integrand is 1 between it and y.
    let mut total = (rlo - y).max(0.0) + (y - rhi).max(0.0);
    let (lo, hi) = (rlo.max(lo.min(y)), rhi.min(hi.max(y)));
    if hi <= lo || hi.is_nan() || lo.is_nan() {
        // Point masses at one place.
        return total;
    }
    let mut breaks = [0.0; MAX_BREAKS];
    let mut n = 0;
    let mut add = |x: f64| {
        if x > lo && x < hi && n < MAX_BREAKS {
            breaks[n] = x;
            n += 1;
        }
    };
    add(y);
    let mut edges = false;
    for (_, c) in active() {
        let (l, h) = c.range();
        add(l);
        add(h);
        match c {
            // All grids of a belief share the prior's cell edges, between
            // which the distribution function is linear.
            Component::Grid(g) if !edges => {
                (0..CELLS).for_each(|i| add(g.cell(i).0));
                edges = true;
            }
            Component::Trunc(_) | Component::Skew(_) => {
                let (m, s) = (c.mean(), c.var().sqrt());
                for k in [-3.0, -1.0, 1.0, 3.0] {
                    add(m + k * s);
                }
            }
            _ => {}
        }
    }
    let breaks = &mut breaks[..n];
    breaks.sort_unstable_by(f64::total_cmp);
    let linear = active().all(|(_, c)| {
        matches!(
            c,
            Component::Grid(_) | Component::Uniform { .. } | Component::Point(_)
        )
    });
    if linear {
        return total + piecewise_linear(parts, breaks, lo, hi, y);
    }
    let nodes = Nodes::new(breaks, lo, hi, y, edges);
    // Sized to the nodes (zeroing the largest array costs more than the
    // integral).
    let mut f = vec![0.0; nodes.k];
    for (w, c) in active() {
        add_cdf(&mut f, *w, c, &nodes, lo, hi);
    }
    for i in 0..nodes.k {
        let e = f[i].min(1.0) - nodes.hs[i];
        total += nodes.ws[i] * e * e;
    }
    total
}

/// Quadrature nodes on the panels between breaks, in increasing order.
struct Nodes {
    /// Nodes, weights, and the step `1{x >= y}` on their panel.
    xs: Vec<f64>,
    ws: Vec<f64>,
    hs: Vec<f64>,
    k: usize,
    /// Panel half-widths.
    half: Vec<f64>,
    panels: usize,
    rule: &'static [(f64, f64)],
    within: &'static [&'static [f64]],
}

impl Nodes {
    /// Gauss-Legendre nodes (2 points a panel between cell edges, else 4)
    /// on the panels of `[lo, hi]` between `breaks` (sorted).
    fn new(breaks: &[f64], lo: f64, hi: f64, y: f64, edges: bool) -> Self {
        let (rule, within): (&'static [(f64, f64)], &'static [&'static [f64]]) = if edges {
            (&GL2, &GL2_WITHIN)
        } else {
            (&GL4, &GL4_WITHIN)
        };
        let cap = (breaks.len() + 1) * rule.len();
        let mut n = Nodes {
            xs: Vec::with_capacity(cap),
            ws: Vec::with_capacity(cap),
            hs: Vec::with_capacity(cap),
            k: 0,
            half: Vec::with_capacity(breaks.len() + 1),
            panels: 0,
            rule,
            within,
        };
        let mut prev = lo;
        for &b in breaks.iter().chain(std::iter::once(&hi)) {
            if b > prev {
                let (h, c) = (0.5 * (b - prev), 0.5 * (prev + b));
                for &(t, w) in rule {
                    n.xs.push(c + h * t);
                    n.ws.push(w * h);
                    n.hs.push(if c < y { 0.0 } else { 1.0 });
                    n.k += 1;
                }
                n.half.push(h);
                n.panels += 1;
                prev = b;
            }
        }
        n
    }
}

/// Add `w` times component `c`'s distribution function at the nodes to
/// `f` (`[lo, hi]`: the nodes' span).
fn add_cdf(f: &mut [f64], w: f64, c: &Component, nodes: &Nodes, lo: f64, hi: f64) {
    let xs = &nodes.xs[..nodes.k];
    let below = Side::Below { inclusive: true };
    match c {
        Component::Grid(g) => {
            let p = g.prefix();
            xs.iter()
                .zip(f)
                .for_each(|(&x, f)| *f += w * g.cdf_with(&p, x, true));
        }
        Component::Skew(s) => {
            // Its density at the nodes, integrated within each panel by the
            // interpolating polynomial (exact for degree < the rule's
            // nodes; panels break at its ends, where the density jumps),
            // then scaled to its exact mass.
            let mut cum = vec![0.0; nodes.k];
            let (f0, f1) = (c.prob(lo, below), c.prob(hi, below));
            let r = nodes.rule.len();
            let mut acc = 0.0;
            for (p, &h) in nodes.half[..nodes.panels].iter().enumerate() {
                let mut d = [0.0; 4];
                for (j, dj) in d[..r].iter_mut().enumerate() {
                    *dj = s.density_unnormalised(xs[p * r + j]);
                }
                for (i, row) in nodes.within.iter().enumerate() {
                    let v: f64 = row.iter().zip(&d).map(|(m, dj)| m * dj).sum();
                    cum[p * r + i] = acc + h * v;
                }
                acc += h * nodes
                    .rule
                    .iter()
                    .zip(&d)
                    .map(|((_, w), dj)| w * dj)
                    .sum::<f64>();
            }
            for (cm, f) in cum[..nodes.k].iter().zip(f) {
                let p = if acc > 0.0 { cm / acc } else { 0.0 };
                *f += w * (f0 + (f1 - f0) * p);
            }
        }
        Component::Trunc(t) => {
            // (Phi(z) - Phi(a)) / (Phi(b) - Phi(a)): one Phi a node.
            let (m, s, l, h) = t.params();
            let (a, b) = ((l - m) / s, (h - m) / s);
            let mass = phi_diff(b, a);
            let (ca, cna) = (cdf(a), cdf(-a));
            for (&x, f) in xs.iter().zip(f) {
                let z = ((x - m) / s).clamp(a, b);
                let d = if z + a > 0.0 {
                    cna - cdf(-z)
                } else {
                    cdf(z) - ca
                };
                *f += w * (d / mass).clamp(0.0, 1.0);
            }
        }
        _ => xs
            .iter()
            .zip(f)
            .for_each(|(&x, f)| *f += w * c.prob(x, below)),
    }
}

/// The integral of [`numeric`] when every component is linear between the
/// breaks (cells, uniforms, point masses): on a panel `[a, b]` where `F -
/// H` goes linearly from `e_a` to `e_b`, it is `(b - a) (e_a^2 + e_a e_b +
/// e_b^2) / 3`, exactly.
fn piecewise_linear(parts: &[(f64, Component)], breaks: &[f64], lo: f64, hi: f64, y: f64) -> f64 {
    debug_assert!(parts.len() <= 2, "a belief has at most two branches");
    let mut prefixes = [[0.0; CELLS + 1]; 2];
    for ((_, c), p) in parts.iter().zip(&mut prefixes) {
        if let Component::Grid(g) = c {
            *p = g.prefix();
        }
    }
    let points = parts
        .iter()
        .any(|(w, c)| *w > 0.0 && matches!(c, Component::Point(_)));
    // F at `x`, with or without an atom at `x`.
    let cdf = |x: f64, inclusive: bool| {
        let side = Side::Below { inclusive };
        parts
            .iter()
            .zip(&prefixes)
            .filter(|((w, _), _)| *w > 0.0)
            .map(|((w, c), p)| {
                w * match c {
                    Component::Grid(g) => g.cdf_with(p, x, inclusive),
                    c => c.prob(x, side),
                }
            })
            .sum::<f64>()
            .min(1.0)
    };
    let (mut total, mut a) = (0.0, lo);
    let mut fa = cdf(lo, true);
    for &b in breaks.iter().chain(std::iter::once(&hi)) {
        if b > a {
            let step = if 0.5 * (a + b) < y { 0.0 } else { 1.0 };
            let fb = cdf(b, false);
            let (ea, eb) = (fa - step, fb - step);
            total += (b - a) / 3.0 * (ea * ea + ea * eb + eb * eb);
            fa = if points { cdf(b, true) } else { fb };
            a = b;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CRPS by brute force: the midpoint rule on a million points on each
    /// side of `y` (inside `[lo, hi]`).
    pub(super) fn reference(cdf: impl Fn(f64) -> f64, lo: f64, hi: f64, y: f64) -> f64 {
        let n = 1_000_000;
        let side = |a: f64, b: f64, step: f64| {
            let h = (b - a) / n as f64;
            (0..n)
                .map(|i| {
                    let d = cdf(a + (i as f64 + 0.5) * h) - step;
                    d * d * h
                })
                .sum::<f64>()
        };
        side(lo, y, 0.0) + side(y, hi, 1.0)
    }

    #[test]
    fn normal_closed_form_has_known_values() {
        // At the mean: s (2 phi(0) - 1/sqrt(pi)) = s (sqrt 2 - 1) / sqrt(pi).
        let at_mean = (std::f64::consts::SQRT_2 - 1.0) * FRAC_1_SQRT_PI;
        assert!((normal(0.0, 1.0, 0.0) - at_mean).abs() < 1e-15);
        assert!((normal(3.0, 2.0, 3.0) - 2.0 * at_mean).abs() < 1e-15);
        // One sd off: 2 Phi(1) - 1 + 2 phi(1) - 1/sqrt(pi).
        let one = 0.682_689_492_137_085_9 + 2.0 * 0.241_970_724_519_143_37 - FRAC_1_SQRT_PI;
        assert!((normal(0.0, 1.0, 1.0) - one).abs() < 1e-15);
        assert!((normal(0.0, 1.0, -1.0) - one).abs() < 1e-15);
        // Far off, it tends to |y - m| - s / sqrt(pi).
        assert!((normal(0.0, 1.0, 30.0) - (30.0 - FRAC_1_SQRT_PI)).abs() < 1e-12);
        assert!((normal(0.0, 1.0, 0.7) - reference(cdf, -12.0, 12.0, 0.7)).abs() < 1e-9);
    }

    #[test]
    fn truncated_normal_is_exact() {
        // Untruncated in effect: the normal's closed form.
        let t = TruncNormal::new(0.2, 0.3, -50.0, 50.0).unwrap();
        for y in [-1.0, 0.0, 0.2, 0.5, 1.3] {
            let v = truncated_normal(&t, y).unwrap();
            assert!((v - normal(0.2, 0.3, y)).abs() < 1e-14, "{y}: {v}");
        }
        // Truncated: against brute force.
        for (m, s, lo, hi, y) in [
            (0.5, 0.4, 0.0, 1.0, 0.1),
            (0.9, 0.2, 0.0, 1.0, 0.95),
            (-1.0, 1.0, 0.0, 2.0, 1.5),
            (0.0, 1.0, -4.0, 4.0, 2.5),
        ] {
            let t = TruncNormal::new(m, s, lo, hi).unwrap();
            let c = Component::Trunc(t);
            let f = |x: f64| c.prob(x, Side::Below { inclusive: true });
            let v = truncated_normal(&t, y).unwrap();
            let r = reference(f, lo, hi, y);
            assert!(
                (v - r).abs() < 1e-9,
                "{m} {s} [{lo}, {hi}] at {y}: {v} vs {r}"
            );
            // And the numeric path agrees.
            let num = numeric(&[(1.0, c.clone()), (0.0, c)], y);
            assert!((num - r).abs() < 5e-5, "numeric {num} vs {r}");
        }
    }

    #[test]
    fn point_mass_and_uniform_are_exact() {
        let p = [(1.0, Component::Point(0.3)), (0.0, Component::Point(0.0))];
        assert_eq!(mixture(&p, 0.3), 0.0);
        assert_eq!(mixture(&p, 0.8), 0.5);
        assert_eq!(mixture(&p, 0.1), 0.3 - 0.1);
        // Uniform on [0, 1]: (y^3 + (1 - y)^3) / 3; 1/12 at the centre.
        assert!((uniform(0.0, 1.0, 0.5) - 1.0 / 12.0).abs() < 1e-16);
        assert!((uniform(0.0, 1.0, 0.0) - 1.0 / 3.0).abs() < 1e-16);
        assert!((uniform(0.0, 1.0, 1.5) - (1.0 / 3.0 + 0.5)).abs() < 1e-15);
        assert!((uniform(2.0, 4.0, 2.5) - (0.125 + 3.375) / 12.0).abs() < 1e-15);
    }

    #[test]
    fn mixtures_match_brute_force() {
        // Two point masses: F is 0, 0.3, 1; the truth between them.
        let p = [(0.3, Component::Point(0.2)), (0.7, Component::Point(0.6))];
        // int_0.2^0.5 0.3^2 + int_0.5^0.6 0.7^2 = 0.027 + 0.049.
        assert!((mixture(&p, 0.5) - 0.076).abs() < 1e-12);
        // A narrow normal and a wide uniform.
        let t = TruncNormal::new(0.4, 0.02, 0.0, 1.0).unwrap();
        let parts = [
            (0.6, Component::Trunc(t)),
            (0.4, Component::Uniform { lo: 0.0, hi: 1.0 }),
        ];
        let f = |x: f64| {
            parts
                .iter()
                .map(|(w, c)| w * c.prob(x, Side::Below { inclusive: true }))
                .sum::<f64>()
        };
        for y in [0.05, 0.4, 0.41, 0.7, 1.0] {
            let v = mixture(&parts, y);
            let r = reference(f, 0.0, 1.0, y);
            assert!((v - r).abs() < 2e-5, "at {y}: {v} vs {r}");
        }
    }
}

#[cfg(test)]
mod belief_tests {
    use crate::model::posterior::{Evidence, Facet, Favour, Prior};

    /// A 0.5-sd and a 3-sd deception, believed fully: `info_bits` cannot
    /// tell them apart (both -6), the CRPS can (0.5 and 3 prior sds).
    #[test]
    fn crps_tells_a_small_deception_from_a_large_one() {
        let facet = Facet::with_default_bluff(Prior::uniform(40.0, 60.0), Favour::Low);
        let sd = 20.0 / 12f64.sqrt();
        let truth = 42.0;
        // The prior's CRPS at 42: (2^3 + 18^3) / (3 * 20^2) = 5840 / 1200.
        let prior = 5840.0 / 1200.0 / sd;
        assert!((facet.prior().crps(truth) - prior).abs() < 1e-14);
        let scores = [0.5, 3.0].map(|off| {
            let mut ev = Evidence::new(&facet, 1.0);
            ev.claim(truth + off * sd, 0.0).unwrap();
            let b = facet.belief(&ev);
            (b.info_bits(truth), b.crps(truth))
        });
        assert_eq!(scores[0].0, -6.0);
        assert_eq!(scores[1].0, -6.0);
        assert!((scores[0].1 - 0.5).abs() < 1e-12, "{:?}", scores[0]);
        assert!((scores[1].1 - 3.0).abs() < 1e-12, "{:?}", scores[1]);
        // crps_gain: +0.343 (better than the prior) and -2.157.
        assert!((prior - scores[0].1 - 0.342_931).abs() < 1e-6);
        assert!((prior - scores[1].1 + 2.157_069).abs() < 1e-6);
        // A sceptical listener (trust 0.5, noisy claims) is misled less, but
        // the larger deception still scores clearly worse.
        let sceptical = [0.5, 3.0].map(|off| {
            let mut ev = Evidence::new(&facet, 0.5);
            ev.claim(truth + off * sd, 0.1 * sd).unwrap();
            facet.belief(&ev).crps(truth)
        });
        assert!(sceptical[1] > sceptical[0] + 1.0, "{sceptical:?}");
    }

    /// Beliefs of every shape (mixtures with skew-normals, cells, point
    /// masses) against brute force on their own distribution function.
    #[test]
    fn beliefs_match_brute_force() {
        let uniform = Facet::with_default_bluff(Prior::uniform(40.0, 60.0), Favour::Low);
        let normal = Facet::with_default_bluff(Prior::normal(50.0, 5.0), Favour::High);
        let beta = Facet::with_default_bluff(Prior::beta(2.0, 5.0, 0.0, 1.0), Favour::Low);
        // (facet, trust, claims (value, noise), leaks (value, noise))
        type Case<'a> = (&'a Facet, f64, &'a [(f64, f64)], &'a [(f64, f64)]);
        let cases: [Case; 11] = [
            (&uniform, 0.5, &[(47.0, 0.0)], &[]),
            (&uniform, 0.5, &[(47.0, 2.0)], &[]),
            (&uniform, 0.3, &[(52.0, 0.5)], &[]),
            (&uniform, 0.7, &[(44.0, 1.0), (45.0, 3.0)], &[(50.0, 10.0)]),
            (&uniform, 0.5, &[(60.0, 1.0)], &[]),
            (&normal, 0.5, &[(55.0, 0.2)], &[]),
            (&normal, 0.9, &[(43.0, 4.0)], &[(48.0, 8.0)]),
            (&beta, 0.5, &[(0.3, 0.05)], &[]),
            (&beta, 1.0, &[], &[(0.2, 0.3)]),
            // Censored leaks: cells, with a skew-normal or cells beside.
            (&uniform, 1.0, &[], &[(60.0, 10.0), (40.0, 8.0)]),
            (&uniform, 0.6, &[(50.0, 2.0)], &[(60.0, 10.0), (60.0, 9.0)]),
        ];
        for (i, (facet, trust, claims, leaks)) in cases.iter().enumerate() {
            let mut ev = Evidence::new(facet, *trust);
            for &(y, s) in claims.iter() {
                let _ = ev.claim(y, s);
            }
            for &(y, s) in leaks.iter() {
                ev.leak(y, s);
            }
            let b = facet.belief(&ev);
            let (lo, hi) = facet.prior().support();
            let sd = facet.prior().sd();
            for q in [0.1, 0.35, 0.5, 0.8, 0.97] {
                let truth = lo + q * (hi - lo);
                let r = super::tests::reference(|x| b.cdf(x), lo, hi, truth) / sd;
                let v = b.crps(truth);
                assert!(
                    (v - r).abs() < 2e-4,
                    "case {i} at {truth}: {v} vs brute force {r}"
                );
            }
        }
    }
}
