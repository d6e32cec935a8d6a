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
use crate::model::dist::special::cdf;

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

/// Whether a new claim `y` (noise `s`) is taken as a lie at level `alpha`:
/// a certain lie, or a rejected test against earlier claims and offers.
pub fn rejects_claim(ev: &Evidence, y: f64, s: f64, alpha: f64) -> bool {
    certain_claim_lie(ev, y, s).is_some() || claim_p_value(ev, y, s).is_some_and(|p| p < alpha)
}

/// Whether an offer's bound is taken as a lie about the claims at level
/// `alpha`: beyond an exact claim, or a rejected test against noisy claims.
pub fn rejects_offer(ev: &Evidence, bound: Bound, alpha: f64) -> bool {
    certain_offer_lie(ev, bound) || offer_p_value(ev, bound).is_some_and(|p| p < alpha)
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

#[cfg(test)]
mod tests {
    use super::super::{Facet, Favour, Prior};
    use super::*;
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};
    use rand_distr::StandardNormal;

    #[test]
    fn levels_sum_to_the_budget() {
        let total: f64 = (1..200_000).map(level).sum();
        assert!(total < BUDGET && total > 0.99999 * BUDGET, "{total}");
        assert!((level(1) - 0.000_607_927_101_854_026_6).abs() < 1e-15);
    }

    #[test]
    fn certain_lies() {
        let facet = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::High);
        let mut ev = Evidence::new(&facet, 0.5);
        let mut det = LieDetector::new();
        assert_eq!(det.claim(&ev, 1.2, 0.1), Some(Lie::OutsideSupport));
        assert_eq!(det.claim(&ev, 0.6, 0.0), None);
        ev.claim(0.6, 0.0).unwrap();
        assert_eq!(det.claim(&ev, 0.7, 0.0), Some(Lie::Certain));
        assert_eq!(det.offer(&ev, Bound::AtMost(0.55)), Some(Lie::Certain));
        assert_eq!(det.offer(&ev, Bound::AtMost(0.65)), None);
        // None of these was a statistical test.
        assert_eq!(det.tests(), 0);
    }

    /// One run of a buyer (value `r`, favour low) that claims `rounds` times
    /// with noise `s` and shift `shift`, and offers `offers[t]`; whether
    /// the listener accuses it.
    fn accused(
        rng: &mut Xoshiro256PlusPlus,
        facet: &Facet,
        r: f64,
        shift: f64,
        offers: &[f64],
    ) -> bool {
        let mut ev = Evidence::new(facet, 0.5);
        let mut det = LieDetector::new();
        for &p in offers {
            let s = [0.02, 0.05, 0.1, 0.3][rng.random_range(0..4)];
            let z: f64 = rng.sample(StandardNormal);
            let y = (r - shift + s * z).clamp(0.0, 1.0);
            if det.claim(&ev, y, s).is_some() {
                return true;
            }
            ev.claim(y, s).unwrap();
            let bound = Bound::AtLeast(p);
            if det.offer(&ev, bound).is_some() {
                return true;
            }
            ev.offer(bound);
        }
        false
    }

    #[test]
    fn honest_speakers_are_rarely_accused_and_bluffers_often() {
        let facet = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::Low);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let runs = 200_000;
        let mut false_accusations = 0;
        for _ in 0..runs {
            let r: f64 = rng.random();
            // Honest offers rise to the value itself by round 12.
            let offers: Vec<f64> = (1..=12).map(|t| r * (0.5 + t as f64 / 24.0)).collect();
            false_accusations += accused(&mut rng, &facet, r, 0.0, &offers) as u32;
        }
        let rate = false_accusations as f64 / runs as f64;
        let se = (BUDGET * (1.0 - BUDGET) / runs as f64).sqrt();
        eprintln!("honest noisy speakers, 12 rounds: false accusations {rate:.5} (se {se:.5})");
        assert!(rate <= BUDGET + 3.0 * se, "{rate}");
        // Claims only (no offers to share the budget): the tests use nearly
        // all of it, and no more.
        let mut false_accusations = 0;
        for _ in 0..runs {
            let r: f64 = rng.random();
            false_accusations += accused(&mut rng, &facet, r, 0.0, &[f64::NEG_INFINITY; 12]) as u32;
        }
        let rate = false_accusations as f64 / runs as f64;
        eprintln!("honest noisy speakers, 12 claims, no offers: false accusations {rate:.5}");
        assert!(rate <= BUDGET + 3.0 * se && rate > 0.3 * BUDGET, "{rate}");

        // A 1-sd bluffer (claims 1 prior sd below its value) whose offers
        // rise to halfway between its claims and its value.
        let sd = facet.prior().sd();
        let (mut caught_noisy, mut caught_exact) = (0, 0);
        let runs = 20_000;
        for _ in 0..runs {
            let r: f64 = rng.random();
            let claimed = (r - sd).max(0.0);
            let offers: Vec<f64> = (1..=12)
                .map(|t| claimed + (0.5 * (r - claimed)) * t as f64 / 12.0)
                .collect();
            caught_noisy += accused(&mut rng, &facet, r, sd, &offers) as u32;
            let mut ev = Evidence::new(&facet, 0.5);
            let mut det = LieDetector::new();
            ev.claim(claimed, 0.0).unwrap();
            caught_exact += offers
                .iter()
                .any(|&p| det.offer(&ev, Bound::AtLeast(p)).is_some())
                as u32;
        }
        let (noisy, exact) = (
            caught_noisy as f64 / runs as f64,
            caught_exact as f64 / runs as f64,
        );
        eprintln!("1-sd bluffer caught: noisy claims {noisy:.3}, exact claims {exact:.3}");
        assert!(exact > 0.99 && noisy > 0.5, "{exact} {noisy}");
    }
}
