//! What one run reports (MODEL.md section 8) and how it is computed from
//! the end of the formal phase.

use super::offers::Formal;
use super::{Side, Table};
use crate::model::geometry::Frontier;
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
    /// Each side's normalised belief error about the other at the start of
    /// the formal phase (mean over facets, in prior sds).
    pub error: [f64; 2],
    /// Bits each side gained about the other before the formal phase.
    pub bits: [f64; 2],
    /// Bits each side gave away by its words (to an ideal listener).
    pub bits_given: [f64; 2],
    /// `error[1] - error[0]`: positive when A knows more.
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
    /// Lies each side caught the other in.
    pub lies_detected: [u32; 2],
    /// Each side's trust in the other at the end of the run.
    pub trust: [f64; 2],
}

impl Table<'_> {
    /// The outcome of a run from the formal phase's result and the beliefs
    /// at its start.
    pub(super) fn outcome(
        &self,
        private: &Private,
        sides: &[Side; 2],
        memory: &mut [Memory; 2],
        formal: Formal,
        error: [f64; 2],
        bits: [f64; 2],
    ) -> Outcome {
        let n = self.scenario.issues();
        let r = private.reservation;
        let (frontier, reservation_point) = match self.scenario {
            Scenario::Price { .. } => {
                let z = (r[0] - r[1]).max(0.0);
                (Frontier::segment((0.0, z), (z, 0.0)), (0.0, 0.0))
            }
            Scenario::MultiIssue { .. } => (
                Frontier::linear(&private.weights[0][..n], &private.weights[1][..n]),
                (r[0], r[1]),
            ),
        };
        let zopa = match self.scenario {
            Scenario::Price { .. } => r[0] >= r[1],
            Scenario::MultiIssue { .. } => frontier.has_zopa(reservation_point),
        };
        let max_joint = frontier.max_joint_surplus(reservation_point);
        let mut surplus = [0.0; 2];
        let mut price = f64::NAN;
        let mut x = [f64::NAN; MAX_ISSUES];
        if let Some(offer) = formal.deal {
            let delay = formal.rounds as i32 - 1;
            surplus = [0, 1]
                .map(|i| self.protocol.discount(i).powi(delay) * self.surplus(i, private, &offer));
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
        for m in memory.iter_mut() {
            m.runs += 1;
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
            error,
            bits,
            bits_given: [sides[0].bits_given, sides[1].bits_given],
            asymmetry: error[1] - error[0],
            confidences: [sides[0].confidences, sides[1].confidences],
            answers: [sides[0].answers, sides[1].answers],
            asks: [sides[0].asks, sides[1].asks],
            bluffs: [sides[0].bluffs, sides[1].bluffs],
            leaks: [sides[0].leaks, sides[1].leaks],
            lies_detected: [sides[1].caught as u32, sides[0].caught as u32],
            trust: [memory[0].trust, memory[1].trust],
        }
    }
}
