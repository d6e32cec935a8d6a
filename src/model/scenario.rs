//! Scenarios (MODEL.md section 2): what the two sides negotiate about and
//! how their private values are drawn each run.

use crate::model::dist::Dist;
use rand::Rng;
use rand_distr::multi::{Dirichlet, MultiDistribution};

/// Most issues a `multi_issue` scenario may have (values live in fixed
/// arrays so that a negotiation allocates nothing).
pub const MAX_ISSUES: usize = 16;

/// A validated scenario.
#[derive(Debug, Clone)]
pub enum Scenario {
    /// One issue, the price. Side A is the buyer with value `v_b`, side B the
    /// seller with cost `v_s`; a deal is possible iff `v_b >= v_s`.
    Price {
        /// Distribution of the buyer's value.
        buyer_value: Dist,
        /// Distribution of the seller's cost.
        seller_cost: Dist,
    },
    /// `n` issues settled at `x_i in [0, 1]` (A's share). Private Dirichlet
    /// weights and a private reservation utility per side.
    MultiIssue {
        /// Number of issues.
        issues: usize,
        /// Dirichlet alpha of A's and B's weights.
        alpha: [Vec<f64>; 2],
        /// Samplers for the weights of A and B.
        weights: [Dirichlet<f64>; 2],
        /// Reservation utility distributions of A and B.
        reservation: [Dist; 2],
    },
}

/// Prior of one side's facets, as the other side holds it.
#[derive(Debug, Clone, Copy)]
pub struct Prior {
    /// Mean and sd of the reservation.
    pub reservation: (f64, f64),
    /// Mean and sd of each weight (multi_issue).
    pub weights: [(f64, f64); MAX_ISSUES],
}

/// The private values of both sides in one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Private {
    /// Reservation of A and B: buyer value and seller cost in `price`,
    /// reservation utilities in `multi_issue`.
    pub reservation: [f64; 2],
    /// Weights of A and B (zero in `price`).
    pub weights: [[f64; MAX_ISSUES]; 2],
}

impl Scenario {
    /// Number of issues (1 for price).
    pub fn issues(&self) -> usize {
        match self {
            Scenario::Price { .. } => 1,
            Scenario::MultiIssue { issues, .. } => *issues,
        }
    }

    /// Whether the sides have weights to talk about.
    pub fn has_weights(&self) -> bool {
        matches!(self, Scenario::MultiIssue { .. })
    }

    /// Short name (`price`, `multi_issue`).
    pub fn kind(&self) -> &'static str {
        match self {
            Scenario::Price { .. } => "price",
            Scenario::MultiIssue { .. } => "multi_issue",
        }
    }

    /// The common prior about side `side` (0 = A, 1 = B).
    pub fn prior(&self, side: usize) -> Prior {
        let mut weights = [(0.0, 1.0); MAX_ISSUES];
        let reservation = match self {
            Scenario::Price {
                buyer_value,
                seller_cost,
            } => {
                let d = if side == 0 { buyer_value } else { seller_cost };
                (d.mean(), d.sd())
            }
            Scenario::MultiIssue {
                alpha, reservation, ..
            } => {
                let a = &alpha[side];
                let a0: f64 = a.iter().sum();
                for (k, &ak) in a.iter().enumerate() {
                    let var = ak * (a0 - ak) / (a0 * a0 * (a0 + 1.0));
                    weights[k] = (ak / a0, var.sqrt());
                }
                (reservation[side].mean(), reservation[side].sd())
            }
        };
        Prior {
            reservation,
            weights,
        }
    }

    /// The distribution of side `side`'s reservation (the buyer's value, the
    /// seller's cost, or a reservation utility).
    pub fn reservation_dist(&self, side: usize) -> &Dist {
        match self {
            Scenario::Price {
                buyer_value,
                seller_cost,
            } => {
                if side == 0 {
                    buyer_value
                } else {
                    seller_cost
                }
            }
            Scenario::MultiIssue { reservation, .. } => &reservation[side],
        }
    }

    /// Draw both sides' private values.
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> Private {
        let mut p = Private {
            reservation: [0.0; 2],
            weights: [[0.0; MAX_ISSUES]; 2],
        };
        match self {
            Scenario::Price {
                buyer_value,
                seller_cost,
            } => {
                p.reservation = [buyer_value.sample(rng), seller_cost.sample(rng)];
            }
            Scenario::MultiIssue {
                issues,
                weights,
                reservation,
                ..
            } => {
                for side in 0..2 {
                    weights[side].sample_to_slice(rng, &mut p.weights[side][..*issues]);
                    p.reservation[side] = reservation[side].sample(rng);
                }
            }
        }
        p
    }
}
