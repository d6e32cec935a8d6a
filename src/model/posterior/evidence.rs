//! What a listener has observed about one facet of the speaker in a run,
//! kept as sufficient statistics: O(1) per update, no allocation.

use super::prior::Facet;

/// Distinct censored observations (by edge and stated noise) kept per kind.
pub(crate) const CENSORED_CAP: usize = 16;

/// Why a claim or an offer is taken as a lie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lie {
    /// A claim outside the support (honest claims beyond an edge are stated
    /// as the edge): certain.
    OutsideSupport,
    /// An exact claim that differs from an earlier exact claim, or an exact
    /// claim against an offer beyond it: certain.
    Certain,
    /// A test of the honest model rejected it (a claim against earlier
    /// claims or offers, an offer against claims).
    Contradiction,
}

/// Which way an offer bounds the speaker's reservation `r`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// `r >= p` (a buyer never offers above its value).
    AtLeast(f64),
    /// `r <= p` (a seller never offers below its cost).
    AtMost(f64),
}

/// Observations stated at an edge of the support: `r + s z >= hi` (`high`)
/// or `<= lo`, grouped by identical edge and noise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Censored {
    pub(crate) n: usize,
    pub(crate) high: [bool; CENSORED_CAP],
    pub(crate) sd: [f64; CENSORED_CAP],
    pub(crate) count: [u32; CENSORED_CAP],
}

impl Censored {
    /// Nothing observed. (A function, not a constant: the arrays are then
    /// zeroed where the value is built, where a constant was built aside
    /// and copied.)
    #[inline(always)]
    const fn empty() -> Censored {
        Censored {
            n: 0,
            high: [false; CENSORED_CAP],
            sd: [0.0; CENSORED_CAP],
            count: [0; CENSORED_CAP],
        }
    }

    fn add(&mut self, high: bool, sd: f64) {
        let same = (0..self.n).find(|&j| self.high[j] == high && self.sd[j] == sd);
        let j = match same {
            Some(j) => j,
            None if self.n < CENSORED_CAP => {
                self.n += 1;
                self.high[self.n - 1] = high;
                self.sd[self.n - 1] = sd;
                self.n - 1
            }
            // Full: count it with the nearest noise on the same edge (or any).
            None => (0..self.n)
                .min_by(|&i, &j| {
                    let key = |k: usize| ((self.high[k] != high) as u8, (self.sd[k] - sd).abs());
                    key(i).partial_cmp(&key(j)).expect("finite")
                })
                .expect("full"),
        };
        self.count[j] += 1;
    }

    /// Entries `(high, sd, count)`.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (bool, f64, u32)> + '_ {
        (0..self.n).map(|j| (self.high[j], self.sd[j], self.count[j]))
    }
}

/// Precision-weighted Gaussian observations: `sum 1/s^2` and `sum y/s^2`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Gaussian {
    pub(crate) prec: f64,
    pub(crate) sum: f64,
}

impl Gaussian {
    const EMPTY: Gaussian = Gaussian {
        prec: 0.0,
        sum: 0.0,
    };

    fn add(&mut self, y: f64, s: f64) {
        let p = 1.0 / (s * s);
        self.prec += p;
        self.sum += p * y;
    }

    /// `(mean, sd)`, if any observation.
    pub(crate) fn get(&self) -> Option<(f64, f64)> {
        (self.prec > 0.0).then(|| (self.sum / self.prec, self.prec.sqrt().recip()))
    }
}

/// The evidence about one facet of a speaker in one run, as sufficient
/// statistics: the speaker's claims about it (noisy ones as their
/// precision-weighted mean and precision, an exact one, ones censored at an
/// edge), truthful leaks (likewise), the bounds its offers imply, and the
/// listener's trust before the run. Turn it into a belief with
/// [`Facet::belief`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) trust: f64,
    pub(crate) claims: Gaussian,
    pub(crate) exact: Option<f64>,
    pub(crate) claims_censored: Censored,
    pub(crate) leaks: Gaussian,
    pub(crate) leaks_censored: Censored,
    pub(crate) lower: f64,
    pub(crate) upper: f64,
}

impl Evidence {
    /// No evidence yet about a facet, held with trust `trust` in `[0, 1]`
    /// (the probability that the speaker is honest).
    pub fn new(facet: &Facet, trust: f64) -> Self {
        let (lo, hi) = facet.prior.support();
        Evidence {
            lo,
            hi,
            trust: trust.clamp(0.0, 1.0),
            claims: Gaussian::EMPTY,
            exact: None,
            claims_censored: Censored::empty(),
            leaks: Gaussian::EMPTY,
            leaks_censored: Censored::empty(),
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
        }
    }

    /// Record the speaker's claim `y` with stated noise `s` (0: exact). A
    /// noisy claim at an edge is censored (the honest speaker's noisy value
    /// was beyond it). A certain lie (outside the support, or an exact claim
    /// unlike an earlier one) is not recorded.
    pub fn claim(&mut self, y: f64, s: f64) -> Result<(), Lie> {
        if !(self.lo..=self.hi).contains(&y) {
            return Err(Lie::OutsideSupport);
        }
        if s <= 0.0 {
            match self.exact {
                Some(e) if e != y => return Err(Lie::Certain),
                _ => self.exact = Some(y),
            }
        } else if y == self.hi || y == self.lo {
            self.claims_censored.add(y == self.hi, s);
        } else {
            self.claims.add(y, s);
        }
        Ok(())
    }

    /// Record a truthful leak `y` with noise `s` (> 0; a leak beyond an edge
    /// is stated as the edge and censored).
    pub fn leak(&mut self, y: f64, s: f64) {
        let s = s.max(1e-9 * (self.hi - self.lo));
        if y >= self.hi || y <= self.lo {
            self.leaks_censored.add(y >= self.hi, s);
        } else {
            self.leaks.add(y, s);
        }
    }

    /// Record the bound an offer of the speaker implies about its reservation.
    pub fn offer(&mut self, bound: Bound) {
        match bound {
            Bound::AtLeast(p) => self.lower = self.lower.max(p),
            Bound::AtMost(p) => self.upper = self.upper.min(p),
        }
    }

    /// Trust before this run's claims (the prior probability of honesty).
    pub fn trust(&self) -> f64 {
        self.trust
    }

    /// Set the trust (e.g. multiply by `1 - penalty` after a detected lie).
    pub fn set_trust(&mut self, trust: f64) {
        self.trust = trust.clamp(0.0, 1.0);
    }

    /// The same evidence without the offer bounds (for `info_bits`, which
    /// offers must not move).
    pub fn without_offers(&self) -> Self {
        Evidence {
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
            ..*self
        }
    }

    /// The same evidence without the claims (leaks and offers only).
    pub fn without_claims(&self) -> Self {
        Evidence {
            claims: Gaussian::EMPTY,
            exact: None,
            claims_censored: Censored::empty(),
            ..*self
        }
    }

    /// Whether the speaker has made any (recorded) claim.
    pub fn has_claims(&self) -> bool {
        self.claims.prec > 0.0 || self.exact.is_some() || self.claims_censored.n > 0
    }

    /// Whether anything was claimed or leaked.
    pub fn is_informative(&self) -> bool {
        self.has_claims() || self.leaks.prec > 0.0 || self.leaks_censored.n > 0
    }

    /// Whether anything at all was observed (claims, leaks or offers).
    pub fn is_empty(&self) -> bool {
        !self.is_informative() && self.lower == f64::NEG_INFINITY && self.upper == f64::INFINITY
    }

    /// The precision-weighted mean and the sd of the noisy (uncensored)
    /// claims, if any.
    pub fn claims_mean_sd(&self) -> Option<(f64, f64)> {
        self.claims.get()
    }

    /// The exact claim, if any.
    pub fn exact_claim(&self) -> Option<f64> {
        self.exact
    }

    /// The offer bounds `(lower, upper)` (infinite when none).
    pub fn bounds(&self) -> (f64, f64) {
        (self.lower, self.upper)
    }
}

#[cfg(test)]
mod tests {
    use super::super::prior::{Favour, Prior};
    use super::*;

    #[test]
    fn sufficient_statistics() {
        let f = Facet::with_default_bluff(Prior::uniform(0.0, 1.0), Favour::High);
        let mut e = Evidence::new(&f, 0.5);
        assert!(e.is_empty());
        e.claim(0.4, 0.1).unwrap();
        e.claim(0.6, 0.2).unwrap();
        let (m, s) = e.claims_mean_sd().unwrap();
        // Precisions 100 and 25: mean (40 + 15) / 125 = 0.44, sd 1/sqrt(125).
        assert!((m - 0.44).abs() < 1e-15 && (s - 125f64.sqrt().recip()).abs() < 1e-15);
        assert_eq!(e.claim(1.2, 0.1), Err(Lie::OutsideSupport));
        e.claim(1.0, 0.1).unwrap();
        e.claim(1.0, 0.1).unwrap();
        assert_eq!(
            e.claims_censored.iter().collect::<Vec<_>>(),
            vec![(true, 0.1, 2)]
        );
        e.claim(0.5, 0.0).unwrap();
        assert_eq!(e.claim(0.5, 0.0), Ok(()));
        assert_eq!(e.claim(0.51, 0.0), Err(Lie::Certain));
        e.offer(Bound::AtMost(0.9));
        e.offer(Bound::AtMost(0.95));
        assert_eq!(e.bounds(), (f64::NEG_INFINITY, 0.9));
        assert_eq!(e.without_offers().bounds().1, f64::INFINITY);
        assert!(!e.without_claims().has_claims());
    }

    #[test]
    fn censored_overflow_merges_into_nearest() {
        let mut c = Censored::empty();
        for k in 0..CENSORED_CAP {
            c.add(true, 0.1 + k as f64 * 0.01);
        }
        c.add(true, 0.1001);
        assert_eq!(c.n, CENSORED_CAP);
        assert_eq!(c.count[0], 2);
    }
}
