//! Bayesian beliefs about one scalar facet of the other side (its
//! reservation, or a weight), MODEL.md version 2, sections 3, 4 and 8.
//!
//! # The model
//!
//! A facet `r` has a common-knowledge prior on a bounded support `[lo, hi]`
//! ([`Prior`]; an unbounded normal lives on `mean +- 4 sd`). The listener
//! holds the speaker honest with probability `tau` (trust):
//!
//! - **honest**: each claim is `y = r + s z` with its stated noise `s` (an
//!   exact claim, `s = 0`, is `r` itself); a noisy value beyond an edge is
//!   stated as the edge, so such a claim is *censored*: its likelihood is
//!   `P(r + s z >= hi)` (or `<= lo`), and a claim outside the support is a
//!   certain lie;
//! - **bluffer**: every reservation claim of the run is `y = r + f u + s z`
//!   with one shift `u ~ half-normal(bluff_scale)` (default one prior sd) in
//!   the direction `f` that favours the speaker ([`Favour`]), clamped to the
//!   support the same way.
//!
//! Leaks (`y = r + sigma_L z`, truthful, censored at the edges) and offer
//! bounds (`r >= p` for a buyer's offer, `r <= p` for a seller's) are the
//! same in both branches. The posterior is the trust-weighted mixture of the
//! two branches' posteriors, with the posterior trust
//! `P(honest | evidence)` as weight; it never puts mass outside the support.
//!
//! # Representation
//!
//! [`Evidence`] keeps sufficient statistics, updated in O(1) without
//! allocation: the noisy claims' precision-weighted mean and precision (the
//! likelihood of the claims depends on `r` and `u` only through them, in
//! both branches), an exact claim, censored claims grouped by edge and noise,
//! the same for leaks, the offer bounds, and the trust. [`Facet::belief`]
//! turns them into a [`Posterior`] at a decision point:
//!
//! - no claims and no leaks: the prior itself (cut by the offer bounds);
//! - honest branch: a point mass at an exact claim; a truncated normal for
//!   Gaussian evidence and a uniform or normal prior; with one censored
//!   observation (count 1, a claim or a leak) a truncated extended
//!   skew-normal given Gaussian evidence or a normal prior, and a ramp
//!   (`Phi` alone, closed antiderivatives) on a uniform prior; otherwise
//!   cells (the belief without claims likewise, for one censored leak);
//! - bluff branch: given noisy claims with sufficient statistic `(m_c,
//!   s_c)`, `u` integrates out in closed form: the density of `f u + s_c z`
//!   at `x = m_c - r` is the skew-normal `2 phi(x; 0, w) Phi(f b x / (s_c
//!   w))`, `w^2 = s_c^2 + b^2`; for an exact claim (the limit `s_c = 0`) it
//!   is the half-normal density of `f (y - r)`, which cuts the support at
//!   `y`. With Gaussian leaks (or none) and a uniform or normal prior the
//!   branch is then closed too: a truncated normal on the cut interval for
//!   an exact claim, and for noisy claims (or an exact claim at the
//!   favoured edge, given a Gaussian factor) a truncated extended
//!   skew-normal `N(r; mu, sigma^2) Phi(alpha r + beta)` on `[l, u]`, whose
//!   mass on an interval is a bivariate normal probability
//!   ([`crate::model::dist::special::SkewIntegral`], Genz's method, absolute
//!   error about 1e-15) and whose moments follow by parts. A skew-normal
//!   with under 1e-10 of its Gaussian's mass on `[l, u]` (relative precision
//!   lost) falls back to cells. With censored claims the claims do not
//!   reduce to one statistic: the bluffed value `t = r + f u` gets its own
//!   grid beyond the support, the honest likelihood of the claims is
//!   averaged over its cells and convolved with the cell-averaged
//!   half-normal kernel; censored leaks and cell priors also take cells;
//! - cells: the prior's fixed 64-cell equal-width partition, clipped to the
//!   offer bounds (and to an exact claim's side in the bluff branch), each of
//!   uniform density, with mass = prior mass of the cell x the likelihood's
//!   average over the cell. The average integrates the sharpest factor
//!   exactly (a Gaussian by normal masses, a `Phi` by its antiderivative)
//!   and evaluates the others at its mean in the cell, so claims far more
//!   precise than a cell still give every cell its right mass. Smooth cells
//!   (`w^2 |q''| <= 0.25` for the log-likelihood `q`) take a cheaper rule,
//!   exact for a log-linear likelihood plus a curvature correction; sharp
//!   cells that log-concavity proves negligible are skipped.
//!
//! Accuracy is tested in `tests.rs` against a brute-force reference (1,024
//! cells of 8 points each, exact prior density, raw observations, the bluff
//! shift integrated on a lattice): posterior trust within 1e-3, mean within
//! 2e-3 and sd within 4e-3 prior sd, cdf within 5e-3. In 14 scenarios the
//! worst measured on cells are 3e-4, 8e-4, 1.8e-3 and 2.3e-3 (the cdf error
//! is the uniform density within a cell). The closed forms meet the
//! reference to within its own resolution in those and 16 more scenarios
//! (both directions, leaks, offers cutting the support, normal priors):
//! skew-normal 5e-7, truncated normal 6e-5 (the reference's cell at the
//! cut). On 600 random cases they agree with cells or, where the two
//! disagree, with the reference (closed forms within 3e-4 in trust and mean,
//! 4e-5 in sd, 1.7e-3 in cdf): cells cannot resolve a belief narrower than a
//! cell, and misjudge the trust by up to 5e-2 for claims far sharper than
//! one.
//!
//! Functionals (mean, sd, cdf, conditional means, trust, the metrics of
//! MODEL.md section 8) are answered by the [`Posterior`]; on cells in O(1),
//! from cumulative tables of mass and first moment.
//!
//! # Speed
//!
//! A belief is built where a side decides, so its cost is the simulator's:
//! - the per-cell loops use an inlined exponential within 1 ulp
//!   ([`crate::model::dist::exp`]) and tables for `ln Phi` and the inverse
//!   Mills ratio (absolute error below 1e-8, down to `z = -64`);
//! - the bluff convolution of censored claims (the costliest step: up to 212
//!   cells of bluffed values) skips values below 1e-30 of the largest,
//!   takes a plateau (a censored claim's likelihood beyond the edge) as one
//!   value, evaluates only the cells inside the offer bounds, and is kept
//!   with the belief: [`Facet::belief_after`] reuses it when offers have
//!   only narrowed the bounds since (re-planning within a run);
//! - a grid is boxed, so beliefs are cheap to move.
//!
//! # Lie detection
//!
//! [`LieDetector`] and the functions of [`lie`] test a claim against earlier
//! claims and offers, and an offer against claims, at level
//! [`lie::level`]`(k)` for the k-th test on a speaker in a run.
//!
//! # Example
//!
//! ```
//! use negsim::model::posterior::{Evidence, Facet, Favour, Prior};
//! // A seller hears a buyer claim, exactly, that its value is 0.4.
//! let facet = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::Low);
//! let mut ev = Evidence::new(&facet, 0.3);
//! ev.claim(0.4, 0.0).unwrap();
//! let belief = facet.belief(&ev);
//! assert_eq!(belief.prob_below(0.4), 0.0); // a buyer bluffs low, never high
//! assert!(belief.trust() > 0.3 && belief.cdf(0.4) == belief.trust());
//! ```

mod component;
mod crps;
mod debrief;
mod engine;
mod evidence;
mod factors;
pub mod lie;
mod mixture;
mod prior;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod trust_tests;

pub use crps::normal as crps_normal;
pub use evidence::{Bound, Evidence, Lie};
pub use lie::LieDetector;
pub use mixture::{INFO_FLOOR, Posterior};
pub use prior::{Facet, Favour, Prior};

/// Cells of the fixed partition of a prior's support.
pub const CELLS: usize = 64;
