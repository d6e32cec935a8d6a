//! Lie detection (MODEL.md section 4): certain lies (a claim outside the
//! support, exact claims that disagree or that an offer goes beyond) and
//! tests of the honest model at level `alpha_k = 0.001 * 6 / (pi^2 k^2)` for
//! the k-th test on a speaker in a run. The levels sum to 0.001, so an honest
//! speaker is falsely accused in at most 0.1% of runs, however many rounds.
//!
//! Every test is exact or conservative under the honest model whatever the
//! truth: differences of claims do not depend on `r`, and an offer bound
//! `r >= p` makes a claim below `p` only less likely. Test before recording
//! the claim or offer in the [`Evidence`].

use super::evidence::{Bound, Evidence, Lie};
use super::special::cdf;

/// Total false-accusation budget per speaker and run.
pub const BUDGET: f64 = 0.001;

/// Level of the k-th test (`k >= 1`) on a speaker in a run.
pub fn level(k: u32) -> f64 {
    let k = k.max(1) as f64;
    BUDGET * 6.0 / (std::f64::consts::PI * std::f64::consts::PI * k * k)
}

/// Tolerance for comparing exact values (relative to the support width).
const EXACT_TOL: f64 = 1e-12;

/// A claim `y` (stated noise `s`) outside the facet's support: a certain lie.
pub fn outside_support(ev: &Evidence, y: f64) -> bool {
    !(ev.lo..=ev.hi).contains(&y)
}

/// Certain contradiction of a new claim with the evidence: outside the
/// support, an exact claim unlike an earlier exact one, or an exact claim
/// beyond an offer bound.
pub fn certain_claim_lie(ev: &Evidence, y: f64, s: f64) -> Option<Lie> {
    if outside_support(ev, y) {
        return Some(Lie::OutsideSupport);
    }
    let tol = EXACT_TOL * (ev.hi - ev.lo);
    if s <= 0.0 {
        let unlike = ev.exact.is_some_and(|e| (e - y).abs() > tol);
        if unlike || y < ev.lower - tol || y > ev.upper + tol {
            return Some(Lie::Certain);
        }
    }
    None
}

/// The p-value of a new claim `y` (noise `s`) under the honest model given
/// the earlier claims and offer bounds, or `None` if nothing tests it. With
/// several sub-tests (claims, bounds) it is the Bonferroni-adjusted minimum.
pub fn claim_p_value(ev: &Evidence, y: f64, s: f64) -> Option<f64> {
    let censored_hi = s > 0.0 && y == ev.hi;
    let censored_lo = s > 0.0 && y == ev.lo;
    // Against earlier claims: the earlier exact value or the noisy mean.
    let earlier = match (ev.exact, ev.claims.get()) {
        (Some(e), _) => Some((e, 0.0)),
        (None, Some((m, sd))) => Some((m, sd)),
        _ => None,
    };
    let mut tests: [Option<f64>; 2] = [None, None];
    if let Some((m, sd)) = earlier {
        let sigma = (s * s + sd * sd).sqrt();
        tests[0] = if sigma <= 0.0 {
            None // exact against exact: certain, see `certain_claim_lie`
        } else if censored_hi {
            Some(1.0 - cdf((ev.hi - m) / sigma))
        } else if censored_lo {
            Some(cdf((ev.lo - m) / sigma))
        } else {
            Some(2.0 * cdf(-(y - m).abs() / sigma))
        };
    }
    // Against the offers: r >= lower makes a claim far below it unlikely.
    if s > 0.0 {
        let below = ev.lower.is_finite().then(|| cdf((y - ev.lower) / s));
        let above = ev.upper.is_finite().then(|| cdf((ev.upper - y) / s));
        tests[1] = match (below, above) {
            (Some(a), Some(b)) => Some(2.0 * a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let n = tests.iter().flatten().count() as f64;
    tests
        .iter()
        .flatten()
        .copied()
        .reduce(f64::min)
        .map(|p| (p * n).min(1.0))
}

/// Certain contradiction of an offer bound with an exact claim.
pub fn certain_offer_lie(ev: &Evidence, bound: Bound) -> bool {
    let tol = EXACT_TOL * (ev.hi - ev.lo);
    match (ev.exact, bound) {
        (Some(e), Bound::AtLeast(p)) => e < p - tol,
        (Some(e), Bound::AtMost(p)) => e > p + tol,
        _ => false,
    }
}

/// The p-value of an offer bound under the honest model given the claims
/// (the noisy claims' mean, or else the least noisy claim censored at the
/// edge the bound contradicts), or `None` if nothing tests it.
pub fn offer_p_value(ev: &Evidence, bound: Bound) -> Option<f64> {
    if ev.exact.is_some() {
        return None; // certain either way, see `certain_offer_lie`
    }
    if let Some((m, sd)) = ev.claims.get() {
        return Some(match bound {
            Bound::AtLeast(p) => cdf((m - p) / sd),
            Bound::AtMost(p) => cdf((p - m) / sd),
        });
    }
    let high = matches!(bound, Bound::AtMost(_));
    let sd = ev
        .claims_censored
        .iter()
        .filter(|&(h, _, _)| h == high)
        .map(|(_, s, _)| s)
        .reduce(f64::min)?;
    Some(match bound {
        // Claimed r + s z <= lo, yet r >= p.
        Bound::AtLeast(p) => cdf((ev.lo - p) / sd),
        // Claimed r + s z >= hi, yet r <= p.
        Bound::AtMost(p) => cdf((p - ev.hi) / sd),
    })
}

/// Counts the tests on one speaker in one run and applies their levels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LieDetector {
    tests: u32,
}

impl LieDetector {
    /// No test yet (start of a run).
    pub fn new() -> Self {
        Self::default()
    }

    /// Statistical tests run so far.
    pub fn tests(&self) -> u32 {
        self.tests
    }

    fn reject(&mut self, p: Option<f64>) -> bool {
        match p {
            Some(p) => {
                self.tests += 1;
                p < level(self.tests)
            }
            None => false,
        }
    }

    /// Test a new claim about the facet of `ev` (before recording it).
    pub fn claim(&mut self, ev: &Evidence, y: f64, s: f64) -> Option<Lie> {
        if let Some(lie) = certain_claim_lie(ev, y, s) {
            return Some(lie);
        }
        self.reject(claim_p_value(ev, y, s))
            .then_some(Lie::Contradiction)
    }

    /// Test an offer's bound against the claims in `ev` (before recording
    /// it). Only a bound tighter than the recorded one is tested.
    pub fn offer(&mut self, ev: &Evidence, bound: Bound) -> Option<Lie> {
        let tighter = match bound {
            Bound::AtLeast(p) => p > ev.lower,
            Bound::AtMost(p) => p < ev.upper,
        };
        if !tighter {
            return None;
        }
        if certain_offer_lie(ev, bound) {
            return Some(Lie::Certain);
        }
        self.reject(offer_p_value(ev, bound))
            .then_some(Lie::Contradiction)
    }
}
