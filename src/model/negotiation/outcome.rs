//! What one run reports (MODEL.md section 8) and how it is computed from
//! the end of the formal phase.

use super::Table;
use super::knowledge::{Knowledge, Side};
use super::offers::Formal;
use crate::model::geometry::Frontier;
use crate::model::posterior::Posterior;
use crate::model::scenario::{MAX_ISSUES, Private, Scenario};
use crate::model::strategy::Memory;

/// What one run reports (MODEL.md section 8). Index 0 is side A, 1 side B.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Whether they agreed.
    pub deal: bool,
    /// Whether an agreement both prefer to no deal existed.
    pub zopa: bool,
    /// Formal rounds played (the agreement round, or the deadline).
    pub rounds: u32,
    /// Agreed price (`price`; NaN otherwise or without a deal).
    pub price: f64,
    /// A's share of each issue in the agreement (`multi_issue`; NaN without a deal).
    pub x: [f64; MAX_ISSUES],
    /// Number of issues.
    pub issues: usize,
    /// The private values of the run.
    pub private: Private,
    /// Surplus over the reservation, discounted: buyer `v_b - p`, seller
    /// `p - v_s`; utility minus reservation utility in `multi_issue`.
    pub surplus: [f64; 2],
    /// Sum of the surpluses.
    pub joint: f64,
    /// Largest joint surplus of an individually rational agreement.
    pub max_joint: f64,
    /// `joint / max_joint` (NaN without a zone of agreement).
    pub efficiency: f64,
    /// A's share of the joint surplus (NaN without a deal or gain).
    pub share_a: f64,
    /// Distance of the outcome to the Pareto frontier (NaN without a zone).
    pub pareto_distance: f64,
    /// Distance of the outcome to the Nash point (NaN without a zone).
    pub nash_distance: f64,
    /// Who walked away (0 = A, 1 = B), if anyone; `rounds` is then the
    /// round it walked away in (0: before the first offer).
    pub walk_away: Option<usize>,
    /// Bits each side learned about the other's private values at the start
    /// of the formal phase: the log-score gain about the truth (MODEL.md
    /// section 8), negative when misled, 0 when nothing was said or leaked.
    pub info_bits: [f64; 2],
    /// The same at the end of the run (talk and leaks only).
    pub info_bits_end: [f64; 2],
    /// How sure each side was at the start of the formal phase.
    pub confidence_bits: [f64; 2],
    /// Each side's belief error about the other at the start of the formal
    /// phase (`|mean - truth|` in prior sds, mean over facets).
    pub error: [f64; 2],
    /// The same error of the prior (what talk and leaks could reduce).
    pub prior_error: [f64; 2],
    /// CRPS of each side's belief about the other's reservation at the
    /// truth, at the start of the formal phase (talk and leaks only), in
    /// prior sds: a proper score that, unlike `info_bits`, grows with how
    /// far the belief is from the truth (lower is better).
    pub crps: [f64; 2],
    /// The same score of the prior; `prior_crps - crps` is the `crps_gain`
    /// (positive: learned; negative: misled; exactly 0 when nothing was
    /// said or leaked).
    pub prior_crps: [f64; 2],
    /// Bits each side gave away by its words (to a fully trusting listener).
    pub bits_given: [f64; 2],
    /// `info_bits[0] - info_bits[1]`: positive when A learned more.
    pub asymmetry: f64,
    /// Confidences volunteered.
    pub confidences: [u32; 2],
    /// Questions answered.
    pub answers: [u32; 2],
    /// Questions asked.
    pub asks: [u32; 2],
    /// Bluffed claims made.
    pub bluffs: [u32; 2],
    /// Body-language leaks.
    pub leaks: [u32; 2],
    /// Lies each side caught the other in, when the other was bluffing.
    pub lies_detected: [u32; 2],
    /// Lies each side "caught" an honest other in (false accusations).
    pub false_detections: [u32; 2],
    /// Each side's trust in the other at the end of the run (after the
    /// debrief in a match).
    pub trust: [f64; 2],
}

impl Outcome {
    /// Side `i`'s `crps_gain`: the prior's CRPS minus its belief's (prior
    /// sds; positive: learned, negative: misled).
    pub fn crps_gain(&self, i: usize) -> f64 {
        self.prior_crps[i] - self.crps[i]
    }
}

impl Table<'_> {
    /// The outcome of a run from the formal phase's result and what each
    /// side knew at its start and end (`[start, end]`) and its latest
    /// beliefs; updates the match memories.
    pub(super) fn outcome(
        &self,
        private: &Private,
        sides: &[Side; 2],
        memory: &mut [Memory; 2],
        formal: Formal,
        [start, end]: [[Knowledge; 2]; 2],
        beliefs: &[Posterior; 2],
    ) -> Outcome {
        let n = self.scenario.issues();
        let r = private.reservation;
        // (the frontier, 280 bytes, made where it stays: out of a tuple)
        let frontier = match self.scenario {
            Scenario::Price { .. } => {
                let z = (r[0] - r[1]).max(0.0);
                Frontier::segment((0.0, z), (z, 0.0))
            }
            Scenario::MultiIssue { .. } => {
                Frontier::linear(&private.weights[0][..n], &private.weights[1][..n])
            }
        };
        let reservation_point = match self.scenario {
            Scenario::Price { .. } => (0.0, 0.0),
            Scenario::MultiIssue { .. } => (r[0], r[1]),
        };
        let zopa = match self.scenario {
            Scenario::Price { .. } => r[0] >= r[1],
            Scenario::MultiIssue { .. } => frontier.has_zopa(reservation_point),
        };
        let max_joint = frontier.max_joint_surplus(reservation_point);
        let mut surplus = [0.0; 2];
        let mut price = f64::NAN;
        let mut x = [f64::NAN; MAX_ISSUES];
        if let Some(offer) = &formal.deal {
            let delay = formal.rounds as i32 - 1;
            surplus = [0, 1]
                .map(|i| self.protocol.discount(i).powi(delay) * self.surplus(i, private, offer));
            match self.scenario {
                Scenario::Price { .. } => price = offer.value,
                Scenario::MultiIssue { .. } => x[..n].copy_from_slice(&offer.x[..n]),
            }
        }
        let joint = surplus[0] + surplus[1];
        let point = (
            reservation_point.0 + surplus[0],
            reservation_point.1 + surplus[1],
        );
        let (efficiency, pareto_distance, nash_distance) = if zopa && max_joint > 0.0 {
            let nash = frontier
                .nash(reservation_point)
                .unwrap_or(reservation_point);
            (
                joint / max_joint,
                frontier.distance(point),
                ((point.0 - nash.0).powi(2) + (point.1 - nash.1).powi(2)).sqrt(),
            )
        } else {
            (f64::NAN, f64::NAN, f64::NAN)
        };
        let trust = [0, 1].map(|i| self.trust_after(i, &sides[i], &beliefs[i]));
        for i in 0..2 {
            let m = &mut memory[i];
            m.runs += 1;
            m.trust = trust[i];
            m.bits_given += sides[i].given;
            m.bits_received += sides[i].received;
            m.lies_detected += sides[i].caught();
        }
        Outcome {
            deal: formal.deal.is_some(),
            zopa,
            rounds: formal.rounds,
            price,
            x,
            issues: n,
            private: *private,
            surplus,
            joint,
            max_joint,
            efficiency,
            share_a: if formal.deal.is_some() && joint > 0.0 {
                surplus[0] / joint
            } else {
                f64::NAN
            },
            pareto_distance,
            nash_distance,
            walk_away: formal.walk_away.map(|(i, _)| i),
            info_bits: [start[0].info_bits, start[1].info_bits],
            info_bits_end: [end[0].info_bits, end[1].info_bits],
            confidence_bits: [start[0].confidence_bits, start[1].confidence_bits],
            error: [start[0].error, start[1].error],
            prior_error: [start[0].prior_error, start[1].prior_error],
            crps: [start[0].crps, start[1].crps],
            prior_crps: [start[0].prior_crps, start[1].prior_crps],
            bits_given: [sides[0].given, sides[1].given],
            asymmetry: start[0].info_bits - start[1].info_bits,
            confidences: [sides[0].confidences, sides[1].confidences],
            answers: [sides[0].answers, sides[1].answers],
            asks: [sides[0].asks, sides[1].asks],
            bluffs: [sides[0].bluffs, sides[1].bluffs],
            leaks: [sides[0].leaks, sides[1].leaks],
            lies_detected: [sides[0].detections[0], sides[1].detections[0]],
            false_detections: [sides[0].detections[1], sides[1].detections[1]],
            trust,
        }
    }

    /// Side `i`'s trust in the other after the run: updated by Bayes on the
    /// run's claims once the other's reservation is revealed (the debrief),
    /// or its posterior trust without one, read off its latest belief
    /// `belief` (the evidence since then is offer bounds and penalties).
    fn trust_after(&self, i: usize, side: &Side, belief: &Posterior) -> f64 {
        if side.known || side.debriefed || !side.res.has_claims() {
            return side.res.trust();
        }
        self.facets[1 - i].trust_given(&side.res, belief)
    }
}
