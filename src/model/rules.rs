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
    /// Scale of the bluff shift a listener allows for (the speaker model's
    /// half-normal), in prior standard deviations.
    pub bluff_scale: f64,
}

impl Default for Exchange {
    fn default() -> Self {
        Exchange {
            rounds: 3,
            every: 0,
            leak_probability: 0.2,
            leak_sigma: 2.0,
            bluff_scale: 1.0,
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
        /// Discount factor per round of side A and of side B, in (0, 1].
        discount: [f64; 2],
        /// Opening margin in belief standard deviations (>= 0).
        anchor_margin: f64,
        /// How offers are made.
        offers: Offers,
        /// Claims commit: a side never offers or accepts beyond the limit
        /// its reservation claims stated, and an offer beyond a claim is
        /// tested as a lie. `false` is an ablation: sides concede to their
        /// true reservation and offers are not tested.
        claims_commit: bool,
        /// What the target splits.
        target: Target,
        /// How a responder decides (MODEL.md section 10.1).
        acceptance: Acceptance,
        /// How far a side's claims bind it (MODEL.md section 10.2).
        commitment: Commitment,
    },
    /// Sealed-bid k-double auction on uniform values on `[low, high]`.
    DoubleAuction {
        /// Weight of the buyer's bid in the price.
        k: f64,
        /// Lower end of both value ranges.
        low: f64,
        /// Upper end of both value ranges.
        high: f64,
        /// How a bidder predicts the other's bid.
        belief: AuctionBelief,
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
    /// Discount factor per round of side `i` (0 = A, 1 = B).
    pub fn discount(&self, i: usize) -> f64 {
        match *self {
            Protocol::AlternatingOffers { discount, .. } => discount[i],
            Protocol::DoubleAuction { .. } => 1.0,
        }
    }
}

/// How offers are made under alternating offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Offers {
    /// From each side's beliefs (the default).
    #[default]
    Beliefs,
    /// The subgame-perfect offers of the finite-horizon game (THEORY.md
    /// section 2): effective only under complete information in `price`;
    /// otherwise offers come from beliefs.
    SubgamePerfect,
}

/// How a bidder in the double auction predicts the other's bid (MODEL.md
/// section 6 and 10.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuctionBelief {
    /// Version 2.1 (the default): the other's best response to what it
    /// knows of this bidder from what this bidder told it.
    #[default]
    Informed,
    /// Version 2 (an ablation): whatever was said, the other bids its
    /// value with probability `q` and otherwise the no-information linear
    /// equilibrium.
    Equilibrium,
}

/// What a side's target splits (MODEL.md section 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The zone of agreement as it believes it to be, conditioned on the
    /// zone existing (`E[c | c <= v]` for a buyer): the model.
    #[default]
    Conditional,
    /// The unconditional posterior mean of the other's reservation: an
    /// ablation (uninformed targets then cross and ignorance is generous).
    Unconditional,
}

/// How a responder decides on an offer under alternating offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acceptance {
    /// Version 2.1 (the model): accept iff the surplus now is at least the
    /// discounted expected surplus of refusing, from its belief and the
    /// offer history (MODEL.md section 10.1).
    #[default]
    Continuation,
    /// Version 2, an ablation: accept iff the offer is at least its target
    /// or at least its own next offer discounted by one round, as if that
    /// were sure to be accepted (plateaus of refused offers, deals at T).
    NextOffer,
}

/// How far a side's claims about its reservation bind its offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Commitment {
    /// Version 2.1 (the model): only as far as a lie could be caught, the
    /// precision-weighted claim `m` plus 3 of its sds `s` in the speaker's
    /// favour (`s = 0` for exact claims: an exact bluff binds in full).
    #[default]
    Catchable,
    /// Version 2, an ablation: the claim `m` itself, so an honest noisy
    /// claim binds its speaker to a random, stricter limit.
    Full,
}

/// What each side knows of the other's reservation before anyone talks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Information {
    /// Private values: each side knows only the common prior (the default).
    #[default]
    Private,
    /// Both reservations are common knowledge.
    Complete,
    /// A's reservation is common knowledge (B's stays private).
    ADisclosed,
    /// B's reservation is common knowledge (A's stays private).
    BDisclosed,
}

impl Information {
    /// Whether side `i`'s reservation is known to the other side.
    pub fn disclosed(self, i: usize) -> bool {
        match self {
            Information::Private => false,
            Information::Complete => true,
            Information::ADisclosed => i == 0,
            Information::BDisclosed => i == 1,
        }
    }
}

/// The subgame-perfect share of the surplus that the first proposer (side
/// A) takes in the finite alternating-offers game with `deadline` rounds, A
/// proposing in odd rounds, and per-side discount factors: `x_T = 1`,
/// `x_t = 1 - d_responder(t) x_{t+1}` (THEORY.md section 2).
pub fn subgame_perfect_share(deadline: u32, discount: [f64; 2]) -> f64 {
    let mut x = 1.0;
    for t in (1..deadline).rev() {
        // The responder at round t is the proposer at round t + 1.
        let responder = (t % 2) as usize;
        x = 1.0 - discount[responder] * x;
    }
    x
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
    /// What each side knows of the other's reservation from the start.
    pub information: Information,
    /// The noise on a disclosed reservation, in prior sds of it (0: the
    /// other knows it exactly).
    pub disclosure_noise: f64,
    /// After each run of a match both sides learn the other's reservation
    /// and update their trust on that run's claims.
    pub debrief: bool,
}
