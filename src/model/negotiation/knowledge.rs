//! What a side has heard and said in a run, and the beliefs and metrics it
//! makes of it (MODEL.md sections 3 and 8). Evidence is kept as sufficient
//! statistics; beliefs are computed only at decision points.

use super::Table;
use crate::model::posterior::{Evidence, Facet, LieDetector, Posterior};
use crate::model::scenario::{MAX_ISSUES, Private};
use crate::model::strategy::claim_bits;

/// One side's state in a run.
#[derive(Debug, Clone, Copy)]
pub(super) struct Side {
    /// What it observed about the other's reservation.
    pub(super) res: Evidence,
    /// The other's reservation is common knowledge (a point mass).
    pub(super) known: bool,
    /// The debrief has set its trust for the next run.
    pub(super) debriefed: bool,
    /// Claims heard about the other's weights: precision and
    /// precision-weighted sum per issue (weights are honest in both branches
    /// of the speaker model).
    pub(super) weights: [(f64, f64); MAX_ISSUES],
    /// Its tests on the other's claims and offers.
    pub(super) detector: LieDetector,
    /// Its own reservation claims this run: precision and precision-weighted
    /// sum of the noisy ones, and an exact one.
    pub(super) own: (f64, f64),
    pub(super) own_exact: Option<f64>,
    /// The shift of its reservation claims this run (fixed by the first
    /// bluffed claim; 0 when honest).
    pub(super) shift: Option<f64>,
    /// Precision (1 / prior variance) of its claims this run about its
    /// reservation and about each weight.
    pub(super) given_precision: [Precision; 2],
    /// Precision of the claims it heard this run (reservation, each weight).
    pub(super) heard_precision: [Precision; 2],
    /// Bits given and believed received this run.
    pub(super) given: f64,
    pub(super) received: f64,
    /// Lies of the other it caught: (true, false) detections.
    pub(super) detections: [u32; 2],
    /// The other confided its reservation at stated noise <= 0.1 prior sd.
    pub(super) precise_claim: bool,
    /// It stated its reservation this run (a confidence or an answer), and
    /// whether at stated noise <= 0.1 prior sd.
    pub(super) told: bool,
    pub(super) told_precise: bool,
    /// The other stated its reservation to it this run (a lie it caught
    /// included: the other does not know it was caught).
    pub(super) heard: bool,
    pub(super) confidences: u32,
    pub(super) answers: u32,
    pub(super) asks: u32,
    pub(super) bluffs: u32,
    pub(super) leaks: u32,
    pub(super) disclosed_last: bool,
}

/// The precision (1 / prior variance) of a facet's claims in a run, and
/// the bits they give a fully trusting listener ([`claim_bits`] of it,
/// kept so that each precision's bits are computed once).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Precision {
    pub(super) value: f64,
    pub(super) bits: f64,
}

impl Precision {
    /// Nothing claimed.
    pub(super) const ZERO: Precision = Precision {
        value: 0.0,
        bits: 0.0,
    };

    /// Add a claim of stated noise `sigma` (prior sds; 0 exact) and return
    /// the bits it added.
    pub(super) fn add(&mut self, sigma: f64) -> f64 {
        let before = self.bits;
        self.value += if sigma > 0.0 {
            1.0 / (sigma * sigma)
        } else {
            f64::INFINITY
        };
        self.bits = claim_bits(self.value);
        self.bits - before
    }
}

impl Side {
    /// Nothing heard yet about a facet, held with trust `trust`.
    #[inline]
    pub(super) fn new(about: &Facet, trust: f64) -> Self {
        Side {
            res: Evidence::new(about, trust),
            known: false,
            debriefed: false,
            weights: [(0.0, 0.0); MAX_ISSUES],
            detector: LieDetector::new(),
            own: (0.0, 0.0),
            own_exact: None,
            shift: None,
            given_precision: [Precision::ZERO; 2],
            heard_precision: [Precision::ZERO; 2],
            given: 0.0,
            received: 0.0,
            detections: [0; 2],
            precise_claim: false,
            told: false,
            told_precise: false,
            heard: false,
            confidences: 0,
            answers: 0,
            asks: 0,
            bluffs: 0,
            leaks: 0,
            disclosed_last: false,
        }
    }

    /// The limit its reservation claims commit it to: their precision-weighted
    /// mean (an exact claim if it made one).
    pub(super) fn claimed_limit(&self) -> Option<f64> {
        self.own_exact
            .or_else(|| (self.own.0 > 0.0).then(|| self.own.1 / self.own.0))
    }

    /// Lies it caught this run.
    pub(super) fn caught(&self) -> u32 {
        self.detections[0] + self.detections[1]
    }
}

/// What a side knows about the other at one moment (MODEL.md section 8):
/// from talk and leaks only, not offers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct Knowledge {
    /// Log-score gain about the truth (negative when misled).
    pub(super) info_bits: f64,
    /// How sure it is.
    pub(super) confidence_bits: f64,
    /// `|posterior mean - truth|` in prior sds (mean over facets).
    pub(super) error: f64,
    /// The same for the prior mean.
    pub(super) prior_error: f64,
    /// CRPS of its belief about the other's reservation at the truth
    /// (prior sds; lower is better).
    pub(super) crps: f64,
    /// The same for the prior (`crps` when nothing was said or leaked).
    pub(super) prior_crps: f64,
}

impl Table<'_> {
    /// Side `i`'s belief about the other's reservation, from everything it
    /// observed (claims, leaks, offers).
    pub(super) fn belief<'s>(&'s self, i: usize, side: &Side) -> Posterior<'s> {
        self.facets[1 - i].belief(&side.res)
    }

    /// Side `i`'s belief now, reusing the work of its `earlier` belief in
    /// this run ([`Facet::belief_after`]).
    pub(super) fn belief_after<'s>(
        &'s self,
        i: usize,
        side: &Side,
        earlier: &Posterior,
    ) -> Posterior<'s> {
        self.facets[1 - i].belief_after(&side.res, earlier)
    }

    /// Side `i`'s believed weights of the other (posterior means of an
    /// honest Gaussian update on the prior mean and variance, kept in [0, 1]
    /// and normalised).
    pub(super) fn believed_weights(&self, i: usize, side: &Side) -> [f64; MAX_ISSUES] {
        let n = self.issues();
        let mut w = [0.0; MAX_ISSUES];
        let mut total = 0.0;
        for (k, wk) in w.iter_mut().enumerate().take(n) {
            let prior = self.weight_facets[1 - i][k].prior();
            let p0 = 1.0 / prior.var();
            let (p, sum) = side.weights[k];
            *wk = ((prior.mean() * p0 + sum) / (p0 + p)).clamp(1e-6, 1.0);
            total += *wk;
        }
        for wk in w.iter_mut().take(n) {
            *wk /= total;
        }
        w
    }

    /// What side `i` knows about the other now (talk and leaks only);
    /// `belief`, if given, is its belief from evidence without offers.
    pub(super) fn knowledge(
        &self,
        i: usize,
        private: &Private,
        side: &Side,
        belief: Option<&Posterior>,
    ) -> Knowledge {
        let j = 1 - i;
        let facet = &self.facets[j];
        let truth = private.reservation[j];
        let prior = facet.prior();
        let prior_error = (prior.mean() - truth).abs() / prior.sd();
        let prior_crps = prior.crps(truth);
        // (offer bounds do not make evidence informative: the copy without
        // them is made only when the belief must be computed)
        let mut k = if side.res.is_informative() {
            let computed;
            let b = match belief {
                Some(b) => b,
                None => {
                    computed = facet.belief(&side.res.without_offers());
                    &computed
                }
            };
            Knowledge {
                info_bits: b.info_bits(truth),
                confidence_bits: b.confidence_bits(),
                error: b.belief_error(truth),
                prior_error,
                crps: b.crps(truth),
                prior_crps,
            }
        } else {
            Knowledge {
                info_bits: 0.0,
                confidence_bits: 0.0,
                error: prior_error,
                prior_error,
                crps: prior_crps,
                prior_crps,
            }
        };
        if self.scenario.has_weights() {
            let n = self.issues();
            let (mut err, mut err0) = (0.0, 0.0);
            for kk in 0..n {
                let facet = &self.weight_facets[j][kk];
                let truth = private.weights[j][kk];
                let prior = facet.prior();
                let e0 = (prior.mean() - truth).abs() / prior.sd();
                let (p, sum) = side.weights[kk];
                if p > 0.0 {
                    let mut ev = Evidence::new(facet, 1.0);
                    let y = (sum / p).clamp(prior.support().0, prior.support().1);
                    // The noisy claims' sufficient statistic, as one claim.
                    let _ = ev.claim(y, p.sqrt().recip());
                    let b = facet.belief(&ev);
                    // The weights sum to 1: the last one adds nothing new.
                    if kk + 1 < n {
                        k.info_bits += b.info_bits(truth);
                        k.confidence_bits += b.confidence_bits();
                    }
                    err += b.belief_error(truth);
                } else {
                    err += e0;
                }
                err0 += e0;
            }
            k.error = 0.5 * (k.error + err / n as f64);
            k.prior_error = 0.5 * (k.prior_error + err0 / n as f64);
        }
        k
    }

    /// Bits side `i` believes it received this run: its trust in the other
    /// times what the reservation claims would give a trusting listener,
    /// plus the weights' bits. `exact_trust` computes the posterior trust
    /// (for reciprocal listeners); otherwise the trust it holds before the
    /// run's evidence is used.
    pub(super) fn bits_received(&self, i: usize, side: &Side, exact_trust: bool) -> f64 {
        let trust = if exact_trust && side.res.trust() < 1.0 && side.res.has_claims() {
            self.belief(i, side).trust()
        } else {
            side.res.trust()
        };
        let n = if self.scenario.has_weights() {
            self.issues() as f64
        } else {
            0.0
        };
        trust * side.heard_precision[0].bits + n * side.heard_precision[1].bits
    }
}
