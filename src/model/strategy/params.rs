//! The parameter space of the built-in policy and its four named presets.

use serde::{Deserialize, Serialize};

/// Which facets a policy talks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facets {
    /// Reservation and, where the scenario has them, weights.
    All,
    /// Only its reservation (alternative).
    Reservation,
    /// Only its weights (interests); nothing in `price`.
    Weights,
    /// Weights where the scenario has them, otherwise the reservation.
    InterestsFirst,
}

/// How a strategy bids in a sealed-bid double auction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bidding {
    /// Bids its own value (honest disclosure through the bid).
    Truthful,
    /// Best-responds: the Chatterjee-Samuelson linear equilibrium against a
    /// strategic opponent, the best response to a truthful one, and, when
    /// it knows a truthful opponent's value, bids just inside it.
    Strategic,
    /// Truthful against a truthful opponent, strategic otherwise.
    Reciprocal,
}

/// One point in the strategy space. Precisions and bluffs are in prior
/// standard deviations of the facet talked about.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Probability of confiding in its turn of a round.
    pub disclose: f64,
    /// Noise of its confidences (smaller = more precise).
    pub precision: f64,
    /// What it talks about.
    pub facets: Facets,
    /// Probability of answering when asked (0 declines).
    pub answer: f64,
    /// Noise of its answers.
    pub answer_precision: f64,
    /// Probability of asking "how is it on your side?" in its turn.
    pub ask: f64,
    /// Size of the shift in its favour when it talks about its reservation.
    pub bluff: f64,
    /// Keep bits given close to bits received: disclose only within the
    /// balance plus `slack`, ask only when behind.
    pub reciprocity: bool,
    /// Bits it may be ahead in giving (the size of a reciprocal opening).
    pub slack: f64,
    /// Trust in a new opponent's words, in (0, 1].
    pub trust: f64,
    /// Fraction of trust lost per detected lie, in [0, 1].
    pub trust_penalty: f64,
    /// Stop disclosing for the rest of the match after a detected lie.
    pub grudge: bool,
    /// Concession exponent e (1 linear, < 1 Boulware, > 1 conceder).
    pub concession: f64,
    /// How it bids in a double auction.
    pub bidding: Bidding,
}

/// The built-in presets: name, one-line description, parameters.
pub const PRESETS: [(&str, &str, Params); 4] = [
    (
        "open",
        "tells the truth precisely every round (reservation and weights), answers truthfully, never asks, trusts naively",
        Params {
            disclose: 1.0,
            precision: 0.05,
            facets: Facets::All,
            answer: 1.0,
            answer_precision: 0.05,
            ask: 0.0,
            bluff: 0.0,
            reciprocity: false,
            slack: 0.0,
            trust: 1.0,
            trust_penalty: 0.0,
            grudge: false,
            concession: 1.0,
            bidding: Bidding::Truthful,
        },
    ),
    (
        "guarded",
        "confides nothing, declines to answer, never asks, discounts what it hears",
        Params {
            disclose: 0.0,
            precision: 1.0,
            facets: Facets::All,
            answer: 0.0,
            answer_precision: 1.0,
            ask: 0.0,
            bluff: 0.0,
            reciprocity: false,
            slack: 0.0,
            trust: 0.3,
            trust_penalty: 0.5,
            grudge: false,
            concession: 1.0,
            bidding: Bidding::Strategic,
        },
    ),
    (
        "mirroring",
        "opens with a small truthful signal (interests first), then gives as many bits as it receives, asks when behind, stops disclosing to a detected liar",
        Params {
            disclose: 1.0,
            precision: 0.1,
            facets: Facets::InterestsFirst,
            answer: 1.0,
            answer_precision: 0.1,
            ask: 1.0,
            bluff: 0.0,
            reciprocity: true,
            slack: 0.5,
            trust: 1.0,
            trust_penalty: 0.5,
            grudge: true,
            concession: 1.0,
            bidding: Bidding::Reciprocal,
        },
    ),
    (
        "probing",
        "confides a cheap, bluffed 'between us' about its reservation every round, then always asks; answers vaguely; discounts what it hears",
        Params {
            disclose: 1.0,
            precision: 0.1,
            facets: Facets::Reservation,
            answer: 1.0,
            answer_precision: 1.5,
            ask: 1.0,
            bluff: 0.75,
            reciprocity: false,
            slack: 0.0,
            trust: 0.5,
            trust_penalty: 0.5,
            grudge: false,
            concession: 1.0,
            bidding: Bidding::Strategic,
        },
    ),
];

/// The preset called `name`, if any.
pub fn preset(name: &str) -> Option<(&'static str, Params)> {
    PRESETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, d, p)| (*d, *p))
}

/// Names of the presets, in order.
pub fn preset_names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|(n, _, _)| *n)
}
