//! Accuracy of the posterior against a brute-force reference: 1,024 cells of
//! the support, each integrated at 8 points, with the exact prior density,
//! the raw observations (not their sufficient statistics) and the bluff
//! shift integrated numerically on a lattice; plus the closed-form examples
//! of MODEL.md and the metrics.

use super::component::Component;
use super::*;
use crate::model::dist::special::{cdf, phi};

/// Fine points per reference cell, and reference cells.
const SUB: usize = 8;
const REF_CELLS: usize = 1024;

/// Raw observations of one scenario.
struct Obs {
    tau: f64,
    claims: Vec<(f64, f64)>,
    leaks: Vec<(f64, f64)>,
    bounds: Vec<Bound>,
}

impl Obs {
    fn evidence(&self, facet: &Facet) -> Evidence {
        let mut ev = Evidence::new(facet, self.tau);
        for &(y, s) in &self.claims {
            ev.claim(y, s).unwrap();
        }
        for &(y, s) in &self.leaks {
            ev.leak(y, s);
        }
        for &b in &self.bounds {
            ev.offer(b);
        }
        ev
    }
}

/// The reference posterior: an optional atom and fine uniform cells.
struct Reference {
    trust: f64,
    atom: Option<(f64, f64)>,
    cells: Vec<(f64, f64, f64)>, // (a, b, mass)
}

/// Likelihood of one observation `(y, s)` given the centre `t`.
fn lik(y: f64, s: f64, t: f64, lo: f64, hi: f64) -> f64 {
    if y == hi {
        cdf((t - hi) / s)
    } else if y == lo {
        cdf((lo - t) / s)
    } else {
        phi((y - t) / s) / s
    }
}

fn reference(facet: &Facet, pdf: &dyn Fn(f64) -> f64, obs: &Obs) -> Reference {
    let (lo, hi) = facet.prior().support();
    let n = REF_CELLS * SUB;
    let d = (hi - lo) / n as f64;
    let (b, f) = (facet.bluff_scale(), facet.favour().sign());
    let mut l = lo;
    let mut u = hi;
    for bd in &obs.bounds {
        match *bd {
            Bound::AtLeast(p) => l = l.max(p),
            Bound::AtMost(p) => u = u.min(p),
        }
    }
    let leaks = |r: f64| {
        obs.leaks
            .iter()
            .map(|&(y, s)| lik(y.clamp(lo, hi), s, r, lo, hi))
            .product::<f64>()
    };
    let exact = obs.claims.iter().find(|c| c.1 == 0.0).map(|c| c.0);
    let noisy: Vec<(f64, f64)> = obs.claims.iter().copied().filter(|c| c.1 > 0.0).collect();
    let g = |t: f64| {
        noisy
            .iter()
            .map(|&(y, s)| lik(y, s, t, lo, hi))
            .product::<f64>()
    };
    // Bluff: E_u[G(r + f u)] on the lattice t = lo + m d, u = (k + 1/2) d.
    let kmax = (8.0 * b / d) as usize;
    let h: Vec<f64> = (0..kmax)
        .map(|k| 2.0 * phi((k as f64 + 0.5) * d / b) / b * d)
        .collect();
    let off = kmax as i64 + 1;
    let gl: Vec<f64> = (0..(n as i64 + 2 * off))
        .map(|m| g(lo + (m - off) as f64 * d))
        .collect();
    let mut cells = Vec::with_capacity(n);
    let (mut zh, mut zb) = (0.0, 0.0);
    let mut hb = Vec::with_capacity(n);
    for j in 0..n {
        let (a0, b0) = (lo + j as f64 * d, lo + (j + 1) as f64 * d);
        let (a, bb) = (a0.max(l), b0.min(u));
        if bb <= a {
            hb.push((a, a, 0.0, 0.0));
            continue;
        }
        let r = 0.5 * (a + bb);
        let w = pdf(r) * leaks(r) * (bb - a);
        let lh = if exact.is_some() { 0.0 } else { g(r) };
        let lb = match exact {
            Some(y) if y == if f > 0.0 { hi } else { lo } => 2.0 * (1.0 - cdf(f * (y - r) / b)),
            Some(y) => {
                let x = f * (y - r);
                if x >= 0.0 { 2.0 * phi(x / b) / b } else { 0.0 }
            }
            None => (0..kmax)
                .map(|k| {
                    let m = j as i64 + off + if f > 0.0 { k as i64 + 1 } else { -(k as i64) };
                    h[k] * gl[m as usize]
                })
                .sum(),
        };
        zh += w * lh;
        zb += w * lb;
        hb.push((a, bb, w * lh, w * lb));
    }
    let atom = exact
        .filter(|&y| y >= l && y <= u)
        .map(|y| (y, pdf(y) * leaks(y)));
    if let Some((_, z)) = atom {
        zh = z;
    }
    let edge = exact.is_some_and(|y| y == if f > 0.0 { hi } else { lo });
    let (wh, wb) = if edge && obs.tau < 1.0 {
        (0.0, 1.0)
    } else {
        (obs.tau * zh, (1.0 - obs.tau) * zb)
    };
    let trust = wh / (wh + wb);
    for &(a, bb, mh, mb) in &hb {
        let m = if atom.is_some() {
            0.0
        } else {
            trust * mh / zh.max(1e-300)
        };
        cells.push((a, bb, m + (1.0 - trust) * mb / zb.max(1e-300)));
    }
    Reference {
        trust,
        atom: atom.map(|(y, _)| (y, trust)),
        cells,
    }
}

impl Reference {
    fn moments(&self) -> (f64, f64) {
        let (mut m1, mut m2) = (0.0, 0.0);
        for &(a, b, m) in &self.cells {
            m1 += m * 0.5 * (a + b);
            m2 += m * (a * a + a * b + b * b) / 3.0;
        }
        if let Some((y, m)) = self.atom {
            m1 += m * y;
            m2 += m * y * y;
        }
        (m1, (m2 - m1 * m1).max(0.0).sqrt())
    }

    fn cdf(&self, x: f64) -> f64 {
        let mut p = self.atom.map_or(0.0, |(y, m)| if y <= x { m } else { 0.0 });
        for &(a, b, m) in &self.cells {
            if b <= x {
                p += m;
            } else if a < x {
                p += m * (x - a) / (b - a);
            }
        }
        p
    }
}

/// Largest errors of a posterior against the reference: (trust, mean and
/// sd in prior sds, cdf at the reference's deciles and a fixed grid).
fn errors(facet: &Facet, pdf: &dyn Fn(f64) -> f64, obs: &Obs) -> [f64; 4] {
    let r = reference(facet, pdf, obs);
    errors_against(&facet.belief(&obs.evidence(facet)), &r)
}

/// Largest errors of a posterior against a reference (as [`errors`]).
fn errors_against(p: &Posterior, r: &Reference) -> [f64; 4] {
    let facet = p.facet();
    let sd0 = facet.prior().sd();
    let (m, s) = r.moments();
    let (lo, hi) = facet.prior().support();
    let mut cdf_err: f64 = 0.0;
    for k in 1..40 {
        let x = lo + (hi - lo) * k as f64 / 40.0;
        cdf_err = cdf_err.max((p.cdf(x) - r.cdf(x)).abs());
    }
    [
        (p.trust() - r.trust).abs(),
        (p.mean() - m).abs() / sd0,
        (p.sd() - s).abs() / sd0,
        cdf_err,
    ]
}

fn uniform01(_: f64) -> f64 {
    1.0
}

fn obs(tau: f64, claims: &[(f64, f64)], leaks: &[(f64, f64)], bounds: &[Bound]) -> Obs {
    Obs {
        tau,
        claims: claims.to_vec(),
        leaks: leaks.to_vec(),
        bounds: bounds.to_vec(),
    }
}

/// Tolerances: posterior trust, mean and sd (prior sds), cdf.
const TOL: [f64; 4] = [1e-3, 2e-3, 4e-3, 5e-3];

fn check(name: &str, facet: &Facet, pdf: &dyn Fn(f64) -> f64, o: &Obs) -> [f64; 4] {
    let e = errors(facet, pdf, o);
    eprintln!(
        "{name}: trust {:.1e} mean {:.1e} sd {:.1e} cdf {:.1e} (bluff branch: {})",
        e[0],
        e[1],
        e[2],
        e[3],
        bluff_kind(&facet.belief(&o.evidence(facet)))
    );
    for k in 0..4 {
        assert!(e[k] <= TOL[k], "{name}: error {k} = {} > {}", e[k], TOL[k]);
    }
    e
}

/// What the bluff branch of a belief is made of.
fn bluff_kind(p: &Posterior) -> &'static str {
    match p.components()[1] {
        (0.0, _) => "none",
        (_, Component::Skew(_)) => "skew-normal",
        (_, Component::Trunc(_)) => "truncated normal",
        (_, Component::Grid(_)) => "cells",
        (_, Component::Uniform { .. }) => "uniform",
        (_, Component::Ramp(_)) => "ramp",
        (_, Component::Point(_)) => "point",
    }
}

/// A prior density.
type Pdf<'a> = &'a dyn Fn(f64) -> f64;

/// Check scenarios whose bluff branch must take the closed form `kind`;
/// returns the worst errors.
fn check_closed(kind: &str, cases: &[(&str, &Facet, Pdf, Obs)]) -> [f64; 4] {
    let mut worst = [0.0f64; 4];
    for (name, facet, pdf, o) in cases {
        let got = bluff_kind(&facet.belief(&o.evidence(facet)));
        assert_eq!(got, kind, "{name}");
        let e = check(name, facet, pdf, o);
        for k in 0..4 {
            worst[k] = worst[k].max(e[k]);
        }
    }
    worst
}

#[test]
fn grid_matches_the_1024_cell_reference() {
    let up = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::High);
    let down = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::Low);
    check(
        "noisy claims",
        &up,
        &uniform01,
        &obs(0.5, &[(0.62, 0.1), (0.7, 0.15)], &[], &[]),
    );
    check(
        "exact claim",
        &down,
        &uniform01,
        &obs(0.3, &[(0.4, 0.0)], &[], &[]),
    );
    check(
        "sharp claim",
        &up,
        &uniform01,
        &obs(0.5, &[(0.3, 0.004)], &[(0.5, 0.3)], &[]),
    );
    check(
        "censored claims and leak",
        &up,
        &uniform01,
        &obs(
            0.7,
            &[(1.0, 0.2), (1.0, 0.2), (0.8, 0.1)],
            &[(1.3, 0.3)],
            &[],
        ),
    );
    check(
        "censored only",
        &down,
        &uniform01,
        &obs(0.5, &[(0.0, 0.05)], &[], &[]),
    );
    check(
        "trusting, bound",
        &up,
        &uniform01,
        &obs(1.0, &[(0.2, 0.05)], &[], &[Bound::AtLeast(0.25)]),
    );
    check(
        "leak only",
        &up,
        &uniform01,
        &obs(0.5, &[], &[(0.3, 0.1)], &[]),
    );
    check(
        "edge bluff",
        &up,
        &uniform01,
        &obs(0.5, &[(1.0, 0.0)], &[(0.7, 0.2)], &[]),
    );
    check(
        "pure bluffer",
        &up,
        &uniform01,
        &obs(0.0, &[(0.55, 0.05)], &[], &[]),
    );
    check(
        "exact claim beyond an offer",
        &down,
        &uniform01,
        &obs(0.5, &[(0.4, 0.0)], &[], &[Bound::AtLeast(0.5)]),
    );
    check(
        "censored against the bluff",
        &up,
        &uniform01,
        &obs(0.5, &[(0.0, 0.1), (0.1, 0.1)], &[], &[]),
    );
    let normal = Facet::with_default_bluff(Prior::normal(0.0, 1.0), Favour::High);
    let npdf = |x: f64| phi(x);
    check(
        "normal prior",
        &normal,
        &npdf,
        &obs(0.6, &[(0.5, 0.02)], &[(-0.2, 0.5)], &[Bound::AtMost(0.9)]),
    );
    let beta = Facet::with_default_bluff(Prior::beta(2.0, 5.0, 0.0, 1.0), Favour::Low);
    let bpdf = |x: f64| 30.0 * x * (1.0 - x).powi(4);
    check(
        "beta prior",
        &beta,
        &bpdf,
        &obs(0.5, &[(0.3, 0.05), (0.0, 0.1)], &[], &[]),
    );
    let wide = Facet::with_default_bluff(Prior::uniform(40_000.0, 60_000.0), Favour::High);
    let wpdf = |_: f64| 1.0 / 20_000.0;
    check(
        "price scale",
        &wide,
        &wpdf,
        &obs(0.4, &[(51_000.0, 50.0)], &[], &[Bound::AtMost(58_000.0)]),
    );
}

/// The facets of the bluff closed forms' reference tests: uniform priors
/// favouring each direction, normal priors favouring each.
fn closed_form_facets() -> [Facet; 4] {
    [
        Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::High),
        Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::Low),
        Facet::with_default_bluff(Prior::normal(0.0, 1.0), Favour::High),
        Facet::with_default_bluff(Prior::normal(10.0, 2.0), Favour::Low),
    ]
}

/// Densities of the priors of [`closed_form_facets`] beyond the uniform.
fn p01(x: f64) -> f64 {
    phi(x)
}
fn p10(x: f64) -> f64 {
    phi((x - 10.0) / 2.0) / 2.0
}

/// The skew-normal closed forms of the bluff branch (noisy claims, an
/// exact claim at the favoured edge) against the reference: both
/// directions, leaks, offer bounds cutting the support, normal priors.
#[test]
fn bluff_skew_closed_forms_match_the_1024_cell_reference() {
    let [up, down, n01, n10] = closed_form_facets();
    let (u, p01, p10): (Pdf, Pdf, Pdf) = (&uniform01, &p01, &p10);
    let skew = check_closed(
        "skew-normal",
        &[
            (
                "seller: noisy claims",
                &up,
                u,
                obs(0.5, &[(0.62, 0.1), (0.7, 0.15)], &[], &[]),
            ),
            (
                "seller: sharp claim and leak",
                &up,
                u,
                obs(0.5, &[(0.3, 0.004)], &[(0.5, 0.3)], &[]),
            ),
            (
                "seller: claim cut by an offer",
                &up,
                u,
                obs(0.3, &[(0.6, 0.03)], &[], &[Bound::AtMost(0.62)]),
            ),
            (
                "buyer: claims, leak, offer",
                &down,
                u,
                obs(
                    0.4,
                    &[(0.35, 0.05), (0.3, 0.08)],
                    &[(0.5, 0.2)],
                    &[Bound::AtLeast(0.3)],
                ),
            ),
            (
                "buyer: vague claims",
                &down,
                u,
                obs(0.3, &[(0.5, 0.4), (0.45, 0.5)], &[], &[]),
            ),
            (
                "buyer: pure bluffer near the edge",
                &down,
                u,
                obs(0.0, &[(0.03, 0.02)], &[], &[]),
            ),
            (
                "seller: edge bluff and leak",
                &up,
                u,
                obs(0.5, &[(1.0, 0.0)], &[(0.7, 0.2)], &[]),
            ),
            (
                "normal seller: claim, leak, offer",
                &n01,
                p01,
                obs(0.6, &[(0.5, 0.02)], &[(-0.2, 0.5)], &[Bound::AtMost(0.9)]),
            ),
            (
                "normal buyer: claims, leak, offer",
                &n10,
                p10,
                obs(
                    0.5,
                    &[(9.0, 0.3), (8.6, 0.5)],
                    &[(10.5, 1.0)],
                    &[Bound::AtLeast(8.5)],
                ),
            ),
            (
                "normal seller: edge bluff",
                &n01,
                p01,
                obs(0.5, &[(4.0, 0.0)], &[], &[]),
            ),
        ],
    );
    eprintln!(
        "worst (trust, mean, sd, cdf): {}",
        skew.map(|x| format!("{x:.1e}")).join(" ")
    );
}

/// The truncated-normal closed forms of the bluff branch (an exact claim
/// off the favoured edge) against the reference.
#[test]
fn bluff_truncated_closed_forms_match_the_1024_cell_reference() {
    let [up, down, n01, n10] = closed_form_facets();
    let (u, p01, p10): (Pdf, Pdf, Pdf) = (&uniform01, &p01, &p10);
    let trunc = check_closed(
        "truncated normal",
        &[
            (
                "buyer: exact claim",
                &down,
                u,
                obs(0.3, &[(0.4, 0.0)], &[], &[]),
            ),
            (
                "buyer: exact claim and leak",
                &down,
                u,
                obs(0.3, &[(0.3, 0.0)], &[(0.45, 0.15)], &[]),
            ),
            (
                "buyer: exact claim beyond an offer",
                &down,
                u,
                obs(0.5, &[(0.4, 0.0)], &[], &[Bound::AtLeast(0.5)]),
            ),
            (
                "seller: exact claim, leak, offer below it",
                &up,
                u,
                obs(0.5, &[(0.7, 0.0)], &[(0.55, 0.1)], &[Bound::AtMost(0.65)]),
            ),
            (
                "normal seller: exact claim, offer",
                &n01,
                p01,
                obs(0.4, &[(0.3, 0.0)], &[], &[Bound::AtMost(1.5)]),
            ),
            (
                "normal buyer: exact claim and leak",
                &n10,
                p10,
                obs(0.2, &[(9.5, 0.0)], &[(11.0, 1.5)], &[]),
            ),
        ],
    );
    eprintln!(
        "worst (trust, mean, sd, cdf): {}",
        trunc.map(|x| format!("{x:.1e}")).join(" ")
    );
}

mod examples;
