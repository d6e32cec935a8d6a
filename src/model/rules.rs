//! The rules of the game an experiment fixes for every negotiation: the
//! scenario, the off-the-record phase and the formal protocol.

use crate::model::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// The `[exchange]` table: the off-the-record phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Exchange {
    /// Exchange rounds before the formal phase (0 switches the phase off).
    pub rounds: u32,
    /// Also hold one exchange round every `every` formal rounds (0: never).
    pub every: u32,
    /// Probability per round that body language leaks a side's reservation.
    pub leak_probability: f64,
    /// Noise of a leak, in prior standard deviations.
    pub leak_sigma: f64,
    /// A claim counts as contradicted when formal behaviour goes beyond it
    /// by more than this many stated standard deviations.
    pub lie_tolerance: f64,
}

impl Default for Exchange {
    fn default() -> Self {
        Exchange {
            rounds: 3,
            every: 0,
            leak_probability: 0.2,
            leak_sigma: 2.0,
            lie_tolerance: 3.0,
        }
    }
}

/// The validated formal protocol.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Protocol {
    /// Alternating offers.
    AlternatingOffers {
        /// Deadline in rounds (>= 1).
        deadline: u32,
        /// Discount factor in (0, 1].
        discount: f64,
        /// Opening margin in belief standard deviations (>= 0).
        anchor_margin: f64,
    },
    /// Sealed-bid k-double auction on uniform values on `[low, high]`.
    DoubleAuction {
        /// Weight of the buyer's bid in the price.
        k: f64,
        /// Lower end of both value ranges.
        low: f64,
        /// Upper end of both value ranges.
        high: f64,
    },
}

impl Protocol {
    /// Number of formal rounds at most.
    pub fn deadline(&self) -> u32 {
        match *self {
            Protocol::AlternatingOffers { deadline, .. } => deadline,
            Protocol::DoubleAuction { .. } => 1,
        }
    }
    /// Discount factor per round.
    pub fn discount(&self) -> f64 {
        match *self {
            Protocol::AlternatingOffers { discount, .. } => discount,
            Protocol::DoubleAuction { .. } => 1.0,
        }
    }
}

/// The rules one negotiation is played under, borrowed from an experiment.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// What is negotiated.
    pub scenario: &'a Scenario,
    /// The off-the-record phase.
    pub exchange: &'a Exchange,
    /// The formal phase.
    pub protocol: Protocol,
}
