//! The posterior: the trust-weighted mixture of the honest and the bluff
//! branch, and its functionals (moments, distribution function, conditional
//! means) and metrics (MODEL.md section 8).

use super::component::{CellCut, Component, Side};
use super::evidence::{Censored, Gaussian};
use super::prior::Facet;
use crate::model::dist::exp::{FastExp, index_f64};

/// Floor of [`Posterior::info_bits`] (bits).
pub const INFO_FLOOR: f64 = -6.0;

/// A belief about one facet: a mixture of at most two components (the
/// honest branch with weight equal to the posterior trust, the bluff branch
/// with the rest; one component when nothing was claimed), each a point
/// mass, a uniform, a truncated normal, a truncated extended skew-normal or
/// 64 cells of uniform density.
/// Functionals are computed on demand; the moments are cached.
#[derive(Debug, Clone)]
pub struct Posterior<'a> {
    facet: &'a Facet,
    trust: f64,
    /// The trust held before the evidence (the prior probability of
    /// honesty), when known.
    pub(crate) prior_trust: Option<f64>,
    parts: [(f64, Component); 2],
    informed: bool,
    /// Whether the trust is 0 or 1 because the other branch is impossible
    /// or was not computed (the prior trust was 0 or 1), not because its
    /// weight underflowed: narrower bounds cannot bring it back.
    sure: bool,
    mean: f64,
    var: f64,
    /// The bluff convolution this belief was built with (censored claims),
    /// for a later belief from the same claims.
    pub(crate) conv: Option<Box<Conv>>,
}

/// A bluff branch's convolution (`Facet::bluff_convolution`) and the claims
/// it was computed from: valid for any evidence with the same claims whose
/// active cells lie within `first..=last`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Conv {
    pub(crate) claims: Gaussian,
    pub(crate) censored: Censored,
    pub(crate) first: usize,
    pub(crate) last: usize,
    pub(crate) values: [f64; super::CELLS],
}

impl<'a> Posterior<'a> {
    /// The belief from its trust and whether it is sure (see the field
    /// `sure`), its branches, whether it is informed and its prior trust,
    /// and the bluff convolution it was built with.
    pub(crate) fn new(
        facet: &'a Facet,
        (trust, sure): (f64, bool),
        parts: [(f64, Component); 2],
        (informed, prior_trust): (bool, Option<f64>),
        conv: Option<Box<Conv>>,
    ) -> Self {
        let mut mean = 0.0;
        let mut m2 = 0.0;
        for (w, c) in parts.iter().filter(|p| p.0 > 0.0) {
            let m = c.mean();
            mean += w * m;
            m2 += w * (c.var() + m * m);
        }
        let (lo, hi) = facet.prior.support();
        let mut var = (m2 - mean * mean).max(0.0);
        if let [(1.0, c), _] | [_, (1.0, c)] = &parts {
            // One component: its own moments, free of rounding.
            mean = c.mean();
            var = c.var();
        }
        Posterior {
            facet,
            trust,
            prior_trust,
            parts,
            informed,
            sure,
            mean: mean.clamp(lo, hi),
            var,
            conv,
        }
    }

    fn active(&self) -> impl Iterator<Item = &(f64, Component)> {
        self.parts.iter().filter(|p| p.0 > 0.0)
    }

    /// Probability and first moment of the event `side` of `x`.
    fn part(&self, x: f64, side: Side) -> (f64, f64) {
        self.active().fold((0.0, 0.0), |(p, m), (w, c)| {
            let (dp, dm) = c.part(x, side);
            (p + w * dp, m + w * dm)
        })
    }

    /// Probability of the event `side` of `x`.
    fn prob(&self, x: f64, side: Side) -> f64 {
        self.active().map(|(w, c)| w * c.prob(x, side)).sum()
    }

    /// The kinds of the two branches' components (for tests: whether two
    /// beliefs represent their branches alike).
    #[cfg(test)]
    pub(crate) fn kinds(&self) -> [std::mem::Discriminant<Component>; 2] {
        self.parts
            .each_ref()
            .map(|(_, c)| std::mem::discriminant(c))
    }

    /// The posterior trust after more evidence of the kind that only cuts
    /// the support to `[l, u]` (offer bounds) and a prior trust now `tau`
    /// (after penalties), without recomputing the belief: each branch's
    /// marginal likelihood is multiplied by the probability it gives
    /// `[l, u]`, so the posterior odds become
    /// `t / (1 - t) * [tau (1 - tau0)] / [tau0 (1 - tau)] * P_h / P_b`.
    /// Exact for closed forms. On cells it would take the density uniform
    /// within a cut cell, where the belief re-averages the likelihood over
    /// the cut part; so it answers only when the cut cells hold under 1e-4
    /// of each branch's mass inside `[l, u]` (a trust error below 1e-4).
    /// `None` otherwise, and when this belief has one branch only and the
    /// new evidence could change that (a prior trust lowered from 1, a
    /// weight that only underflowed, bounds that leave the branch no mass):
    /// then compute the belief.
    pub fn trust_within(&self, l: f64, u: f64, tau: f64) -> Option<f64> {
        self.trust_within_recut(l, u, tau, |_, _| None)
    }

    /// [`Posterior::trust_within`], where cut cells holding more than 1e-4
    /// of a branch's mass are re-averaged rather than refused: `recut(k,
    /// cut)` gives, for branch `k` (0 honest, 1 bluff), the log of the
    /// likelihood's average over the kept part of the cell less its
    /// average over the whole cell (the prior's and the convolution's
    /// per-cell factors cancel), or `None` to refuse. The branch's mass
    /// inside `[l, u]` is then what the belief recomputed on the new
    /// bounds would give its cells, up to rounding and cells under e^-40
    /// of the largest.
    pub(crate) fn trust_within_recut(
        &self,
        l: f64,
        u: f64,
        tau: f64,
        recut: impl Fn(usize, &CellCut) -> Option<f64>,
    ) -> Option<f64> {
        let tau0 = self.prior_trust?;
        if l > u {
            return None;
        }
        let inside = |c: &Component| {
            (c.prob(l, Side::Above { inclusive: true })
                - c.prob(u, Side::Above { inclusive: false }))
            .clamp(0.0, 1.0)
        };
        let t = self.trust;
        if t <= 0.0 || t >= 1.0 {
            let all = self.active().all(|(_, c)| inside(c) >= 1.0);
            if all && tau == tau0 {
                return Some(t);
            }
            if self.sure && t <= 0.0 && tau <= tau0 {
                // Certain of a bluff (or of claims no honest speaker makes):
                // narrower bounds and a lower prior trust keep it so.
                return Some(0.0);
            }
            // Certain of honesty at the same prior trust, while the honest
            // branch keeps mass within the bounds.
            let kept = self.active().all(|(_, c)| inside(c) > 1e-9);
            return (self.sure && t >= 1.0 && tau == tau0 && kept).then_some(1.0);
        }
        let [(_, h), (_, b)] = &self.parts;
        let (mut ph, mut pb) = (inside(h), inside(b));
        if ph <= 0.0 && pb <= 0.0 {
            return None;
        }
        let cut = |c: &Component, p: f64| c.cut_mass(l) + c.cut_mass(u) > 1e-4 * p;
        if cut(h, ph) || cut(b, pb) {
            // The cut cells' kept parts, re-averaged.
            let fix = |k: usize, c: &Component, p: f64| -> Option<f64> {
                let Component::Grid(g) = c else {
                    return Some(p);
                };
                let (cuts, n) = g.cuts(l, u);
                let mut p = p;
                for c in &cuts[..n] {
                    p += c.mass * (recut(k, c)?.fast_exp() - 1.0);
                }
                Some(p.clamp(0.0, 1.0))
            };
            (ph, pb) = (fix(0, h, ph)?, fix(1, b, pb)?);
            // A branch the bounds leave almost nothing of is left to the
            // belief: its cells under e^-40 of its largest (taken at a
            // bound, or left out) would then be what is left.
            let scant = |p: f64| p < 1e-6;
            if scant(ph) || scant(pb) {
                return None;
            }
        }
        if tau <= 0.0 || ph <= 0.0 {
            return Some(0.0);
        }
        if tau >= 1.0 || pb <= 0.0 {
            return Some(1.0);
        }
        let ln_odds = (t / (1.0 - t)).ln() + (tau * (1.0 - tau0)).ln() - (tau0 * (1.0 - tau)).ln()
            + ph.ln()
            - pb.ln();
        Some(1.0 / (1.0 + (-ln_odds).fast_exp()))
    }

    /// Posterior trust: `P(honest | claims, leaks, offers)` (the prior trust
    /// when nothing was claimed; 0 when the claims are impossible for an
    /// honest speaker).
    pub fn trust(&self) -> f64 {
        self.trust
    }

    /// Posterior mean.
    pub fn mean(&self) -> f64 {
        self.mean
    }

    /// Posterior variance.
    pub fn var(&self) -> f64 {
        self.var
    }

    /// Posterior standard deviation.
    pub fn sd(&self) -> f64 {
        self.var.sqrt()
    }

    /// `P(r <= x)`.
    pub fn cdf(&self, x: f64) -> f64 {
        self.prob(x, Side::Below { inclusive: true }).min(1.0)
    }

    /// `P(r < x)` (differs from [`Posterior::cdf`] only at a point mass).
    pub fn prob_below(&self, x: f64) -> f64 {
        self.prob(x, Side::Below { inclusive: false }).min(1.0)
    }

    /// `P(r >= x)`.
    pub fn prob_above(&self, x: f64) -> f64 {
        self.prob(x, Side::Above { inclusive: true }).min(1.0)
    }

    /// Lowest and highest values the belief allows.
    pub fn range(&self) -> (f64, f64) {
        self.active()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (_, c)| {
                let (lo, hi) = c.range();
                (a.min(lo), b.max(hi))
            })
    }

    /// `E[r | r <= x]`; when that event has no mass, its limit, the lowest
    /// value the belief allows.
    pub fn mean_below(&self, x: f64) -> f64 {
        let (p, m) = self.part(x, Side::Below { inclusive: true });
        let (lo, _) = self.range();
        if p > 1e-300 {
            (m / p).clamp(lo, x.max(lo))
        } else {
            lo
        }
    }

    /// `E[r | r >= x]`; when that event has no mass, its limit, the highest
    /// value the belief allows.
    pub fn mean_above(&self, x: f64) -> f64 {
        let (p, m) = self.part(x, Side::Above { inclusive: true });
        let (_, hi) = self.range();
        if p > 1e-300 {
            (m / p).clamp(x.min(hi), hi)
        } else {
            hi
        }
    }

    /// Posterior probability of cell `cell` of the prior's fixed partition.
    pub fn cell_prob(&self, cell: usize) -> f64 {
        let prior = &self.facet.prior;
        let x0 = prior.lo + index_f64(cell) * prior.w;
        let x1 = if cell + 1 == super::CELLS {
            prior.hi
        } else {
            x0 + prior.w
        };
        self.active()
            .map(|(w, c)| w * c.cell_mass(cell, x0, x1, |x| prior.cell_of(x)))
            .sum()
    }

    /// Bits learned about the truth: `max(-6, log2(P_post(C) / P_prior(C)))`,
    /// `C` the cell of the fixed 64-cell partition holding `truth` (a point
    /// mass counts fully in its cell). Exactly 0 when nothing was observed;
    /// negative when misled. MODEL.md measures it from talk and leaks only:
    /// compute it on a belief from [`super::Evidence::without_offers`].
    pub fn info_bits(&self, truth: f64) -> f64 {
        if !self.informed {
            return 0.0;
        }
        let prior = &self.facet.prior;
        let c = prior.cell_of(truth);
        let ratio = self.cell_prob(c) / prior.cells[c];
        if ratio > 0.0 {
            ratio.log2().max(INFO_FLOOR)
        } else {
            INFO_FLOOR
        }
    }

    /// How sure the belief is: `0.5 log2(prior var / max(post var, w^2/12))`,
    /// `w` the width of a cell of the fixed partition.
    pub fn confidence_bits(&self) -> f64 {
        let prior = &self.facet.prior;
        let floor = prior.w * prior.w / 12.0;
        0.5 * (prior.var() / self.var.max(floor)).log2()
    }

    /// The continuous ranked probability score of the belief at `truth`,
    /// in prior sds: `int (F(x) - 1{x >= truth})^2 dx / prior sd` (0 for a
    /// point mass at the truth, `|m - truth|` for one at `m`; lower is
    /// better). Unlike [`Posterior::info_bits`] it is not floored and
    /// grows with how far the belief is from the truth. Computed as
    /// `E|X - truth| - E|X - X'| / 2` (`super::crps`): closed forms for
    /// points, uniforms, truncated normals and cells, fixed quadrature rules
    /// for the other shapes and for cross terms of a mixture. The prior's
    /// own score is [`super::Prior::crps`].
    pub fn crps(&self, truth: f64) -> f64 {
        super::crps::mixture(&self.parts, truth) / self.facet.prior.sd()
    }

    /// `|mean - truth|` in prior sds.
    pub fn belief_error(&self, truth: f64) -> f64 {
        (self.mean - truth).abs() / self.facet.prior.sd()
    }

    /// The weighted components (tests: which closed form was taken).
    #[cfg(test)]
    pub(crate) fn components(&self) -> &[(f64, Component); 2] {
        &self.parts
    }

    /// The facet this belief is about.
    pub fn facet(&self) -> &'a Facet {
        self.facet
    }
}
