//! From evidence to a posterior: each branch of the speaker model (honest,
//! bluffer) becomes a component and a marginal likelihood, and the branches
//! mix by the posterior trust.

mod convolution;

use super::CELLS;
use super::component::{CellCut, Component, Grid, Ramp, Skew, TruncNormal};
use super::evidence::{Censored, Evidence};
use super::factors::{Factors, FactorsN, SmallFactors};
use super::mixture::{Conv, Posterior};
use super::prior::{Facet, Shape};
use crate::model::dist::exp::{FastExp, index_f64};

/// A branch's belief and the log of its marginal likelihood.
type Branch = Option<(Component, f64)>;

/// What a belief is built for: its functionals, or only the posterior
/// trust (grids then give their marginal likelihood and no cells).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    Belief,
    Trust,
}

/// The bluff branch's likelihood (times the leaks') on an interval.
enum BluffLikelihood<const N: usize> {
    /// A Gaussian (leaks) times one `Phi` factor: noisy claims, or an exact
    /// claim at the favoured edge.
    Skew(FactorsN<N>, f64, f64),
    /// A Gaussian: an exact claim, which cuts the interval at the claim.
    Normal(FactorsN<N>, f64, f64),
    /// An exact claim on the wrong side of the interval.
    Impossible,
    /// Censored claims: the convolution on cells.
    Censored,
}

impl Facet {
    /// The belief about this facet given the evidence: computed on demand
    /// (closed forms for Gaussian evidence and uniform or normal priors, a
    /// microsecond for a sceptical listener; O(64) cells otherwise, more
    /// when a bluffer's claims are censored), so build it at decision points.
    pub fn belief(&self, ev: &Evidence) -> Posterior<'_> {
        self.belief_from(ev, None)
    }

    /// [`Facet::belief`], reusing the work of `earlier`, a belief about this
    /// facet from the same claims (the bluff convolution of censored claims,
    /// when the offer bounds have only narrowed since): for re-planning
    /// within a run, where offers add bounds and claims stay.
    pub fn belief_after(&self, ev: &Evidence, earlier: &Posterior) -> Posterior<'_> {
        self.belief_from(ev, earlier.conv.as_deref())
    }

    fn belief_from(&self, ev: &Evidence, reuse: Option<&Conv>) -> Posterior<'_> {
        // (built in place, prior trust and convolution included: setting
        // them on the returned belief copied it, 304 bytes, at every belief)
        self.belief_with(ev, true, reuse, Want::Belief)
    }

    /// The posterior trust given `ev`, read off `earlier` (this facet's
    /// belief from evidence that `ev` only adds offer bounds to, or changes
    /// the prior trust of; see [`Posterior::trust_within`]) when it can be,
    /// else from the belief.
    pub fn trust_given(&self, ev: &Evidence, earlier: &Posterior) -> f64 {
        let (lo, hi) = self.prior.support();
        let (l, u) = (lo.max(ev.lower), hi.min(ev.upper));
        // Contradictory bounds are ignored by the belief: compute it.
        (l <= u)
            .then(|| earlier.trust_within_recut(l, u, ev.trust, |k, c| self.recut(ev, k, c)))
            .flatten()
            .unwrap_or_else(|| {
                // Only the trust: the branches' marginal likelihoods.
                self.belief_with(ev, true, earlier.conv.as_deref(), Want::Trust)
                    .trust()
            })
    }

    /// For [`Posterior::trust_within_recut`]: the log of branch `k`'s
    /// likelihood averaged over the part of a cell that new bounds keep,
    /// less its average over the whole cell, by the cell rules the belief
    /// uses. The honest branch's cells carry the leaks, claims and
    /// censored claims; the bluff branch's (censored claims: on cells by
    /// the convolution) the leaks, its convolution a constant per cell.
    /// `None` for other cells (a bluff branch on cells when its closed
    /// form lost precision) and for a part without width.
    pub(crate) fn recut(&self, ev: &Evidence, k: usize, c: &CellCut) -> Option<f64> {
        if c.kept.1 <= c.kept.0 || c.whole.1 <= c.whole.0 {
            return None;
        }
        let (lo, hi) = self.prior.support();
        let f: Factors = match k {
            0 => {
                let mut f = self.leak_factors(ev);
                f.add_observations(&ev.claims);
                f.add_censored(&ev.claims_censored, lo, hi);
                f
            }
            _ if ev.exact.is_none() && ev.claims_censored.n > 0 => self.leak_factors(ev),
            _ => return None,
        };
        let avg = |(a, b): (f64, f64)| {
            let mut out = [0.0];
            f.ln_avgs(1, |_| (a, b, 0.0), &mut out);
            out[0]
        };
        let d = avg(c.kept) - avg(c.whole);
        d.is_finite().then_some(d)
    }

    /// [`Facet::belief`] with the bluff branch always on cells (the
    /// reference for its closed forms).
    #[cfg(test)]
    pub(crate) fn belief_on_cells(&self, ev: &Evidence) -> Posterior<'_> {
        let mut b = self.belief_with(ev, false, None, Want::Belief);
        (b.prior_trust, b.conv) = (None, None);
        b
    }

    /// The belief, with the bluff branch's closed forms (`closed`) or not;
    /// a bluff convolution is taken from `reuse` if it fits, and kept in
    /// the belief (with the prior trust). For [`Want::Trust`] only its trust
    /// is meaningful: grid branches are placeholders.
    fn belief_with(
        &self,
        ev: &Evidence,
        closed: bool,
        reuse: Option<&Conv>,
        want: Want,
    ) -> Posterior<'_> {
        let (l, u) = self.interval(ev);
        let info = (!ev.is_empty(), Some(ev.trust));
        if !ev.has_claims() {
            let c = self.without_claims(ev, l, u, want);
            let parts = [(1.0, c), (0.0, Component::UNUSED)];
            return Posterior::new(self, (ev.trust, true), parts, info, None);
        }
        let tau = ev.trust;
        // A bluffer's exact claim at the edge it favours is censored (the
        // bluff went beyond it): a probability, against a density for the
        // honest branch, which therefore loses all weight.
        let edge_atom = ev.exact.is_some_and(|y| y == self.favoured_edge());
        let honest = if tau > 0.0 && !(edge_atom && tau < 1.0) {
            self.honest(ev, l, u, want)
        } else {
            None
        };
        let mut conv = None;
        let bluff = if tau < 1.0 {
            self.bluff(ev, (l, u), closed, reuse, &mut conv, want)
        } else {
            None
        };
        let lt = honest
            .as_ref()
            .map_or(f64::NEG_INFINITY, |(_, z)| tau.ln() + z);
        let lb = bluff
            .as_ref()
            .map_or(f64::NEG_INFINITY, |(_, z)| (1.0 - tau).ln() + z);
        let unused = (0.0, Component::UNUSED);
        match (honest, bluff) {
            (Some((h, _)), Some((b, _))) if lt.is_finite() && lb.is_finite() => {
                let t = 1.0 / (1.0 + (lb - lt).fast_exp());
                Posterior::new(self, (t, false), [(t, h), (1.0 - t, b)], info, conv)
            }
            (Some((h, _)), _) if lt.is_finite() => {
                Posterior::new(self, (1.0, true), [(1.0, h), unused], info, conv)
            }
            (_, Some((b, _))) if lb.is_finite() => {
                Posterior::new(self, (0.0, true), [unused, (1.0, b)], info, conv)
            }
            _ => {
                // Claims impossible under both branches: believe the rest.
                let c = self.without_claims(ev, l, u, want);
                Posterior::new(self, (0.0, true), [(1.0, c), unused], info, conv)
            }
        }
    }

    /// The support cut by the offer bounds (ignored if they leave nothing).
    fn interval(&self, ev: &Evidence) -> (f64, f64) {
        let (lo, hi) = self.prior.support();
        let (l, u) = (lo.max(ev.lower), hi.min(ev.upper));
        if l <= u { (l, u) } else { (lo, hi) }
    }

    /// The support's edge in the favoured direction.
    fn favoured_edge(&self) -> f64 {
        let (lo, hi) = self.prior.support();
        if self.favour.sign() > 0.0 { hi } else { lo }
    }

    /// Leaks (both branches share them), in factors with room for `N` `Phi`
    /// factors ([`SmallFactors`] only when no leak is censored).
    fn leak_factors<const N: usize>(&self, ev: &Evidence) -> FactorsN<N> {
        let (lo, hi) = self.prior.support();
        let mut f = FactorsN::one();
        f.add_observations(&ev.leaks);
        f.add_censored(&ev.leaks_censored, lo, hi);
        f
    }

    /// Log-likelihood of the leaks at `r`.
    fn leaks_ln_at(&self, ev: &Evidence, r: f64) -> f64 {
        if ev.leaks_censored.n == 0 {
            let f: SmallFactors = self.leak_factors(ev);
            f.ln_at(r)
        } else {
            let f: Factors = self.leak_factors(ev);
            f.ln_at(r)
        }
    }

    /// The belief from leaks and offers only (no claims: both branches agree).
    fn without_claims(&self, ev: &Evidence, l: f64, u: f64, want: Want) -> Component {
        let (lo, hi) = self.prior.support();
        if ev.leaks.prec == 0.0 && ev.leaks_censored.n == 0 && (l, u) == (lo, hi) {
            return self.prior.component().clone();
        }
        if ev.leaks_censored.n == 0 {
            let f: SmallFactors = self.leak_factors(ev);
            if let Some((c, _)) = self.closed(f, l, u) {
                return c;
            }
        } else if single(&ev.leaks_censored) {
            // One censored leak: a skew-normal, given a Gaussian factor.
            let f: SmallFactors = self.leak_factors(ev);
            if let Some((c, _)) = self.closed_skew(f, l, u) {
                return c;
            }
        }
        let leaks: Factors = self.leak_factors(ev);
        self.grid(&leaks, l, u, want)
            .map_or(Component::Point(l), |(c, _)| c)
    }

    /// A Gaussian (or constant) likelihood times a uniform or normal prior on
    /// `[l, u]`: a truncated normal (or the prior cut to `[l, u]`), with the
    /// log marginal likelihood.
    fn closed<const N: usize>(&self, f: FactorsN<N>, l: f64, u: f64) -> Branch {
        let (f, ln_norm) = match self.prior.shape {
            Shape::Uniform => (f, -self.prior.ln_width),
            Shape::Normal { mean, sd, ln_mass } => (f.gauss(mean, sd), -ln_mass),
            Shape::Cells => return None,
        };
        match f.gauss {
            Some((m, s)) => {
                let t = TruncNormal::new(m, s, l, u)?;
                let z = f.ln_k + ln_norm + t.ln_mass();
                Some((Component::Trunc(t), z))
            }
            None if u > l => Some((Component::uniform(l, u), f.ln_k + ln_norm + (u - l).ln())),
            None => None,
        }
    }

    /// A Gaussian times one `Phi` factor (times a uniform or normal prior)
    /// on `[l, u]`: a truncated extended skew-normal, with the log marginal
    /// likelihood; `None` for other likelihoods, or when the closed form
    /// would lose precision.
    fn closed_skew<const N: usize>(&self, f: FactorsN<N>, l: f64, u: f64) -> Branch {
        let (f, ln_norm) = match self.prior.shape {
            Shape::Uniform => (f, -self.prior.ln_width),
            Shape::Normal { mean, sd, ln_mass } => (f.gauss(mean, sd), -ln_mass),
            Shape::Cells => return None,
        };
        let &[(alpha, beta, 1)] = f.phis() else {
            return None;
        };
        let Some((mu, sigma)) = f.gauss else {
            // A uniform prior times one `Phi`.
            let r = Ramp::new(alpha, beta, l, u)?;
            return Some((Component::Ramp(r), f.ln_k + ln_norm + r.ln_mass()));
        };
        let s = Skew::new(mu, sigma, alpha, beta, l, u)?;
        Some((Component::Skew(Box::new(s)), f.ln_k + ln_norm + s.ln_mass()))
    }

    /// Cells of `[l, u]` weighted by prior mass times the likelihood's cell
    /// average (plus `extra[i]`, a log-likelihood per cell, if given).
    fn grid_with(
        &self,
        f: &Factors,
        (l, u): (f64, f64),
        extra: Option<&[f64; CELLS]>,
        want: Want,
    ) -> Branch {
        if u < l {
            return None;
        }
        let (first, last) = self.prior.active(l, u);
        let (lo, w) = (self.prior.lo, self.prior.w);
        let mut ln_w = [f64::NEG_INFINITY; CELLS];
        let ends = |i: usize| {
            let (a, b) = (lo + index_f64(i) * w, lo + index_f64(i + 1) * w);
            // (finite ends: plain comparisons for `max` and `min`)
            (if a < l { l } else { a }, if b > u { u } else { b })
        };
        // A clipped cell keeps its share of the prior mass; a degenerate
        // one (bounds pinning r) weighs by density, as a point mass does.
        let frac = |(a, b): (f64, f64)| {
            if b <= a {
                -w.ln()
            } else if b - a < w {
                ((b - a) / w).ln()
            } else {
                0.0
            }
        };
        // (the bounds clip the end cells: their logarithms once, not at
        // every look at the cell)
        let (frac_first, frac_last) = (frac(ends(first)), frac(ends(last)));
        let cell = |k: usize| {
            let i = first + k;
            let (a, b) = ends(i);
            let frac = if i == first {
                frac_first
            } else if i == last {
                frac_last
            } else {
                frac((a, b))
            };
            (
                a,
                b,
                self.prior.ln_cells[i] + frac + extra.map_or(0.0, |e| e[i]),
            )
        };
        f.ln_avgs(last - first + 1, cell, &mut ln_w[first..=last]);
        if want == Want::Trust {
            let z = Grid::ln_total(&ln_w[first..=last])?;
            return Some((Component::UNUSED, z));
        }
        // Cells without weight at either end (beyond a Gaussian factor's
        // reach) are left out of the grid.
        let live = |i: &usize| ln_w[*i] > f64::NEG_INFINITY;
        let first = (first..=last).find(live)?;
        let last = (first..=last).rev().find(live)?;
        let (g, z) = Grid::from_ln_weights(self.prior.lo, w, (l, u), (first, last), &ln_w)?;
        Some((Component::Grid(g), z))
    }

    fn grid(&self, f: &Factors, l: f64, u: f64, want: Want) -> Branch {
        self.grid_with(f, (l, u), None, want)
    }

    /// The honest branch: claims are `r + s z` (exact: `r` itself).
    fn honest(&self, ev: &Evidence, l: f64, u: f64, want: Want) -> Branch {
        if let Some(y) = ev.exact {
            // Other claims then measure the known r: the same constant in
            // both branches.
            return ((l..=u).contains(&y)).then(|| {
                (
                    Component::Point(y),
                    self.prior.ln_density(y) + self.leaks_ln_at(ev, y),
                )
            });
        }
        if ev.claims_censored.n == 0 && ev.leaks_censored.n == 0 {
            let f: SmallFactors = self.leak_factors(ev);
            let f = f.observations(&ev.claims);
            if let Some(b) = self.closed(f, l, u) {
                return Some(b);
            }
        } else if let Some(c) = one_of(&ev.claims_censored, &ev.leaks_censored) {
            // One censored observation: Gaussian evidence (or a normal
            // prior) times one `Phi` is a truncated extended skew-normal.
            let (lo, hi) = self.prior.support();
            let f: SmallFactors = FactorsN::one()
                .observations(&ev.leaks)
                .observations(&ev.claims)
                .censored(c, lo, hi);
            if let Some(b) = self.closed_skew(f, l, u) {
                return Some(b);
            }
        }
        let (lo, hi) = self.prior.support();
        let mut f: Factors = self.leak_factors(ev);
        f.add_observations(&ev.claims);
        f.add_censored(&ev.claims_censored, lo, hi);
        self.grid(&f, l, u, want)
    }

    /// The bluff branch: claims are `r + f u + s z` with one half-normal `u`.
    /// Without censored claims or leaks, and with a uniform or normal prior,
    /// it has closed forms (if `closed`): a truncated normal for an exact
    /// claim, a truncated extended skew-normal for noisy claims (and for an
    /// exact claim at the favoured edge given a Gaussian factor); otherwise,
    /// or when the closed form would lose precision, cells.
    fn bluff(
        &self,
        ev: &Evidence,
        (l, u): (f64, f64),
        closed: bool,
        reuse: Option<&Conv>,
        out: &mut Option<Box<Conv>>,
        want: Want,
    ) -> Branch {
        if closed && ev.leaks_censored.n == 0 {
            let branch = match self.bluff_likelihood::<{ SmallFactors::CAPACITY }>(ev, l, u) {
                BluffLikelihood::Skew(f, l, u) => self.closed_skew(f, l, u),
                BluffLikelihood::Normal(f, l, u) => self.closed(f, l, u),
                BluffLikelihood::Impossible => return None,
                BluffLikelihood::Censored => None,
            };
            if branch.is_some() {
                return branch;
            }
        } else if closed && single(&ev.leaks_censored) {
            // One censored leak: closed only beside an exact claim off the
            // favoured edge (a Gaussian times the leak's `Phi`).
            if let BluffLikelihood::Normal(f, l, u) = self.bluff_likelihood::<2>(ev, l, u)
                && let Some(b) = self.closed_skew(f, l, u)
            {
                return Some(b);
            }
        }
        match self.bluff_likelihood::<{ Factors::CAPACITY }>(ev, l, u) {
            BluffLikelihood::Skew(f, l, u) | BluffLikelihood::Normal(f, l, u) => {
                self.grid(&f, l, u, want)
            }
            BluffLikelihood::Impossible => None,
            BluffLikelihood::Censored => {
                let (first, last) = self.prior.active(l, u);
                let fits = |c: &&Conv| {
                    c.claims == ev.claims
                        && c.censored == ev.claims_censored
                        && c.first <= first
                        && last <= c.last
                };
                let conv = match reuse.filter(fits) {
                    Some(c) => Box::new(c.clone()),
                    None => Box::new(Conv {
                        claims: ev.claims,
                        censored: ev.claims_censored,
                        first,
                        last,
                        values: self.bluff_convolution(ev, (first, last)),
                    }),
                };
                let leaks: Factors = self.leak_factors(ev);
                let branch = self.grid_with(&leaks, (l, u), Some(&conv.values), want);
                *out = Some(conv);
                branch
            }
        }
    }

    /// The bluff branch's likelihood times the leaks', and the interval it
    /// lives on, unless claims are censored.
    fn bluff_likelihood<const N: usize>(
        &self,
        ev: &Evidence,
        l: f64,
        u: f64,
    ) -> BluffLikelihood<N> {
        if ev.exact.is_none() && ev.claims_censored.n > 0 {
            return BluffLikelihood::Censored;
        }
        let sign = self.favour.sign();
        let b = self.bluff_scale;
        let leaks = self.leak_factors::<N>(ev).times(std::f64::consts::LN_2);
        match ev.exact {
            // P(r + f u beyond the edge) = 2 Phi(f (r - edge) / b).
            Some(y) if y == self.favoured_edge() => {
                BluffLikelihood::Skew(leaks.phi(sign / b, -sign * y / b, 1), l, u)
            }
            Some(y) => {
                // u = f (y - r) >= 0 with density 2 N(r; y, b^2).
                let (l, u) = if sign > 0.0 {
                    (l, u.min(y))
                } else {
                    (l.max(y), u)
                };
                if u <= l {
                    BluffLikelihood::Impossible
                } else {
                    BluffLikelihood::Normal(leaks.gauss(y, b), l, u)
                }
            }
            None => {
                // Density of f u + s_c z at x = m_c - r: skew-normal,
                // 2 phi(x; 0, w) Phi(f b x / (s_c w)) with w^2 = s_c^2 + b^2.
                let (m, s) = ev.claims.get().expect("claims");
                let omega = (s * s + b * b).sqrt();
                let lambda = sign * b / (s * omega);
                let f = leaks.gauss(m, omega).phi(-lambda, lambda * m, 1);
                BluffLikelihood::Skew(f, l, u)
            }
        }
    }
}

/// Whether censored observations are exactly one (count 1).
fn single(c: &Censored) -> bool {
    c.n == 1 && c.count[0] == 1
}

/// The one censored observation among two lists, if that is all there is.
fn one_of<'c>(a: &'c Censored, b: &'c Censored) -> Option<&'c Censored> {
    match (a.n, b.n) {
        (0, _) if single(b) => Some(b),
        (_, 0) if single(a) => Some(a),
        _ => None,
    }
}
