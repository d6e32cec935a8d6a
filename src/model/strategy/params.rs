//! The parameter space of the built-in policy: [`Params`], the one table
//! of its parameters ([`PARAMS`]: name, description, allowed values,
//! getter and setter) that the config, `negsim strategies`, `negsim check`,
//! sweeps and manifests all read, and the four named presets.

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

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
    /// Best-responds to its belief about the other's bid: the other bids its
    /// value with probability `q` (learned from talk and earlier bids),
    /// otherwise the linear equilibrium; its value believed as cells.
    Strategic,
    /// Bids its value when it believes the other does (`q >= 1/2`),
    /// otherwise best-responds.
    Reciprocal,
}

impl Facets {
    /// Its name in configs and listings.
    pub fn name(self) -> &'static str {
        match self {
            Facets::All => "all",
            Facets::Reservation => "reservation",
            Facets::Weights => "weights",
            Facets::InterestsFirst => "interests_first",
        }
    }
}

impl Bidding {
    /// Its name in configs and listings.
    pub fn name(self) -> &'static str {
        match self {
            Bidding::Truthful => "truthful",
            Bidding::Strategic => "strategic",
            Bidding::Reciprocal => "reciprocal",
        }
    }
}

/// One point in the strategy space. Precisions and bluffs are in prior
/// standard deviations of the facet talked about. [`PARAMS`] describes each
/// field.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Probability of confiding in its turn of a round.
    pub disclose: f64,
    /// Noise of its confidences in prior sds (0 = exact; for a reciprocal
    /// policy the least noise it uses).
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
    /// Keep bits given close to bits believed received: confide at the
    /// noise that brings what it gave to what it received plus `slack`,
    /// answer while the balance allows, ask only when behind.
    pub reciprocity: bool,
    /// Bits it may be ahead in giving (the size of a reciprocal opening).
    pub slack: f64,
    /// Trust in a new opponent: the probability that it is honest, in [0, 1].
    pub trust: f64,
    /// Fraction of trust lost per detected lie, in [0, 1].
    pub trust_penalty: f64,
    /// Stop disclosing (from its next turn, for the rest of the match) after
    /// catching a lie.
    pub grudge: bool,
    /// Concession exponent e (1 linear, < 1 Boulware, > 1 conceder).
    pub concession: f64,
    /// Prior sds its offers move per formal round towards its target.
    pub concession_speed: f64,
    /// Walk away when the believed probability of a zone of agreement is
    /// below this.
    pub walk_away: f64,
    /// Toughness kappa: the target moves this many believed zone widths in
    /// its own favour.
    pub toughness: f64,
    /// How it bids in a double auction.
    pub bidding: Bidding,
}

/// The value of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamValue {
    /// A number (probabilities, precisions, bluff, slack, trust, concession).
    Number(f64),
    /// A switch (reciprocity, grudge).
    Flag(bool),
    /// What it talks about.
    Facets(Facets),
    /// How it bids.
    Bidding(Bidding),
}

impl ParamValue {
    fn number(self) -> f64 {
        match self {
            ParamValue::Number(x) => x,
            other => panic!("a number parameter was given {other:?}"),
        }
    }
    fn flag(self) -> bool {
        match self {
            ParamValue::Flag(b) => b,
            other => panic!("a true/false parameter was given {other:?}"),
        }
    }
    fn facets(self) -> Facets {
        match self {
            ParamValue::Facets(f) => f,
            other => panic!("the facets parameter was given {other:?}"),
        }
    }
    fn bidding(self) -> Bidding {
        match self {
            ParamValue::Bidding(b) => b,
            other => panic!("the bidding parameter was given {other:?}"),
        }
    }
}

/// As listed by `negsim strategies` and in manifests: numbers as Rust
/// prints them, names as in configs.
impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Number(x) => x.fmt(f),
            ParamValue::Flag(b) => b.fmt(f),
            ParamValue::Facets(x) => f.write_str(x.name()),
            ParamValue::Bidding(x) => f.write_str(x.name()),
        }
    }
}

/// As written in configs.
impl Serialize for ParamValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ParamValue::Number(x) => x.serialize(s),
            ParamValue::Flag(b) => b.serialize(s),
            ParamValue::Facets(x) => x.serialize(s),
            ParamValue::Bidding(x) => x.serialize(s),
        }
    }
}

/// The values a parameter (or another number of the config) may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// A probability in [0, 1].
    Probability,
    /// A finite number greater than 0.
    Positive,
    /// A finite number, 0 or more.
    NonNegative,
    /// A number in (0, 1].
    PositiveFraction,
    /// `true` or `false`.
    Flag,
    /// A [`Facets`] name.
    Facets,
    /// A [`Bidding`] name.
    Bidding,
}

impl Range {
    /// The numeric ranges, in the order [`Params::check`] checks them (so
    /// that of several bad values the same one is reported first).
    pub const CHECK_ORDER: [Range; 4] = [
        Range::Probability,
        Range::Positive,
        Range::NonNegative,
        Range::PositiveFraction,
    ];

    /// Whether the parameter is a number.
    pub fn is_number(self) -> bool {
        Range::CHECK_ORDER.contains(&self)
    }

    /// `Err` with what is allowed (the end of an error message) if the
    /// number `v` is outside the range; names and switches are always valid.
    pub fn check(self, v: f64) -> Result<(), &'static str> {
        let ok = match self {
            Range::Probability => (0.0..=1.0).contains(&v),
            Range::Positive => v.is_finite() && v > 0.0,
            Range::NonNegative => v.is_finite() && v >= 0.0,
            Range::PositiveFraction => v > 0.0 && v <= 1.0,
            Range::Flag | Range::Facets | Range::Bidding => true,
        };
        if ok { Ok(()) } else { Err(self.allowed()) }
    }

    /// What is allowed, as error messages say it.
    pub fn allowed(self) -> &'static str {
        match self {
            Range::Probability => "must be a probability in [0, 1]",
            Range::Positive => "must be a finite number greater than 0",
            Range::NonNegative => "must be a finite number >= 0",
            Range::PositiveFraction => "must be in (0, 1]",
            Range::Flag => "must be true or false",
            Range::Facets => "must be one of all, reservation, weights, interests_first",
            Range::Bidding => "must be one of truthful, strategic, reciprocal",
        }
    }
}

/// One parameter of the policy: the one place that names it, says what it
/// means and what values it takes, and reads and writes it in [`Params`].
#[derive(Clone, Copy)]
pub struct Param {
    /// Its name in configs, listings, sweeps (`strategy.probing.bluff`) and
    /// manifests.
    pub name: &'static str,
    /// What it means, in one line.
    pub description: &'static str,
    /// The values it takes.
    pub range: Range,
    get: fn(&Params) -> ParamValue,
    set: fn(&mut Params, ParamValue),
}

impl Param {
    /// Its value in `p`.
    pub fn get(&self, p: &Params) -> ParamValue {
        (self.get)(p)
    }

    /// Set it in `p`. Panics if `v` is not of its kind (a number for a
    /// numeric range, a flag for [`Range::Flag`], ...).
    pub fn set(&self, p: &mut Params, v: ParamValue) {
        (self.set)(p, v)
    }
}

impl fmt::Debug for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Param")
            .field("name", &self.name)
            .field("range", &self.range)
            .finish_non_exhaustive()
    }
}

/// The parameters of the policy, in the order of [`Params`] (the order of
/// listings and of the config's `[[strategy]]` keys).
pub const PARAMS: [Param; 17] = [
    Param {
        name: "disclose",
        description: "probability of confiding in its turn of a round",
        range: Range::Probability,
        get: |p| ParamValue::Number(p.disclose),
        set: |p, v| p.disclose = v.number(),
    },
    Param {
        name: "precision",
        description: "noise of its confidences in prior sds (0 = exact; reciprocal: the least noise it uses)",
        range: Range::NonNegative,
        get: |p| ParamValue::Number(p.precision),
        set: |p, v| p.precision = v.number(),
    },
    Param {
        name: "facets",
        description: "what it talks about: all, reservation, weights, interests_first (weights if there are any, else reservation)",
        range: Range::Facets,
        get: |p| ParamValue::Facets(p.facets),
        set: |p, v| p.facets = v.facets(),
    },
    Param {
        name: "answer",
        description: "probability of answering \"how is it on your side?\"",
        range: Range::Probability,
        get: |p| ParamValue::Number(p.answer),
        set: |p, v| p.answer = v.number(),
    },
    Param {
        name: "answer_precision",
        description: "noise of its answers in prior sds (0 = exact)",
        range: Range::NonNegative,
        get: |p| ParamValue::Number(p.answer_precision),
        set: |p, v| p.answer_precision = v.number(),
    },
    Param {
        name: "ask",
        description: "probability of asking in its turn",
        range: Range::Probability,
        get: |p| ParamValue::Number(p.ask),
        set: |p, v| p.ask = v.number(),
    },
    Param {
        name: "bluff",
        description: "shift of its reservation claims in its own favour",
        range: Range::NonNegative,
        get: |p| ParamValue::Number(p.bluff),
        set: |p, v| p.bluff = v.number(),
    },
    Param {
        name: "reciprocity",
        description: "true: give as many bits as it believes it received (+ slack): confide at that noise, answer while the balance allows, ask only when behind",
        range: Range::Flag,
        get: |p| ParamValue::Flag(p.reciprocity),
        set: |p, v| p.reciprocity = v.flag(),
    },
    Param {
        name: "slack",
        description: "bits it may be ahead in giving (the size of a reciprocal opening)",
        range: Range::NonNegative,
        get: |p| ParamValue::Number(p.slack),
        set: |p, v| p.slack = v.number(),
    },
    Param {
        name: "trust",
        description: "trust in a new opponent: the probability that it is honest",
        range: Range::Probability,
        get: |p| ParamValue::Number(p.trust),
        set: |p, v| p.trust = v.number(),
    },
    Param {
        name: "trust_penalty",
        description: "fraction of trust lost per detected lie",
        range: Range::Probability,
        get: |p| ParamValue::Number(p.trust_penalty),
        set: |p, v| p.trust_penalty = v.number(),
    },
    Param {
        name: "grudge",
        description: "true: stop disclosing (from its next turn, for the rest of the match) after catching a lie",
        range: Range::Flag,
        get: |p| ParamValue::Flag(p.grudge),
        set: |p, v| p.grudge = v.flag(),
    },
    Param {
        name: "concession",
        description: "concession exponent e of its path from aspiration to target (1 linear, < 1 Boulware, > 1 conceder)",
        range: Range::Positive,
        get: |p| ParamValue::Number(p.concession),
        set: |p, v| p.concession = v.number(),
    },
    Param {
        name: "concession_speed",
        description: "prior sds its offers move per formal round towards its target",
        range: Range::Positive,
        get: |p| ParamValue::Number(p.concession_speed),
        set: |p, v| p.concession_speed = v.number(),
    },
    Param {
        name: "walk_away",
        description: "walk away when its belief that a deal is possible is below this (0 = never)",
        range: Range::Probability,
        get: |p| ParamValue::Number(p.walk_away),
        set: |p, v| p.walk_away = v.number(),
    },
    Param {
        name: "toughness",
        description: "kappa: its target moves this many believed zone widths in its own favour",
        range: Range::NonNegative,
        get: |p| ParamValue::Number(p.toughness),
        set: |p, v| p.toughness = v.number(),
    },
    Param {
        name: "bidding",
        description: "how it bids in a double auction: truthful (its value), strategic (best response to its belief about the other's bid), reciprocal (its value when it believes the other bids its value with probability >= 1/2)",
        range: Range::Bidding,
        get: |p| ParamValue::Bidding(p.bidding),
        set: |p, v| p.bidding = v.bidding(),
    },
];

/// The parameter called `name`, if any.
pub fn param(name: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.name == name)
}

/// A parameter outside its range, found by [`Params::check`].
#[derive(Debug, Clone, Copy)]
pub struct OutOfRange {
    /// The parameter.
    pub param: &'static Param,
    /// Its value.
    pub value: ParamValue,
    /// What is allowed (the end of an error message).
    pub allowed: &'static str,
}

impl Params {
    /// The first parameter outside its range, checking range by range in
    /// [`Range::CHECK_ORDER`] and within a range in table order.
    pub fn check(&self) -> Result<(), OutOfRange> {
        for range in Range::CHECK_ORDER {
            for param in PARAMS.iter().filter(|p| p.range == range) {
                let value = param.get(self);
                if let ParamValue::Number(x) = value {
                    range.check(x).map_err(|allowed| OutOfRange {
                        param,
                        value,
                        allowed,
                    })?;
                }
            }
        }
        Ok(())
    }

    /// The parameters as (name, value) pairs, in table order.
    pub fn listing(&self) -> Vec<(&'static str, String)> {
        PARAMS
            .iter()
            .map(|p| (p.name, p.get(self).to_string()))
            .collect()
    }
}

/// The built-in presets: name, one-line description, parameters.
pub const PRESETS: [(&str, &str, Params); 4] = [
    (
        "open",
        "tells the truth exactly every round and when asked, never asks, never bluffs, believes what it hears (ignores a claim it caught as a lie), bids its value",
        Params {
            disclose: 1.0,
            precision: 0.0,
            facets: Facets::All,
            answer: 1.0,
            answer_precision: 0.0,
            ask: 0.0,
            bluff: 0.0,
            reciprocity: false,
            slack: 0.0,
            trust: 1.0,
            trust_penalty: 0.0,
            grudge: false,
            concession: 1.0,
            concession_speed: 0.1,
            walk_away: 0.05,
            toughness: 0.0,
            bidding: Bidding::Truthful,
        },
    ),
    (
        "guarded",
        "confides nothing, declines to answer, never asks; sceptical of what it hears; bids a best response",
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
            concession_speed: 0.1,
            walk_away: 0.05,
            toughness: 0.0,
            bidding: Bidding::Strategic,
        },
    ),
    (
        "mirroring",
        "gives as many truthful bits as it believes it received (+0.5-bit opening, interests first), asks when behind, trusts until it catches a lie, then goes silent (grudge); bids its value to a bidder it believes truthful",
        Params {
            disclose: 1.0,
            precision: 0.0,
            facets: Facets::InterestsFirst,
            answer: 1.0,
            answer_precision: 0.0,
            ask: 1.0,
            bluff: 0.0,
            reciprocity: true,
            slack: 0.5,
            trust: 1.0,
            trust_penalty: 0.5,
            grudge: true,
            concession: 1.0,
            concession_speed: 0.1,
            walk_away: 0.05,
            toughness: 0.0,
            bidding: Bidding::Reciprocal,
        },
    ),
    (
        "probing",
        "confides a bluffed 'between us' about its reservation every round, then always asks; answers vaguely; sceptical of what it hears; bids a best response",
        Params {
            disclose: 1.0,
            precision: 0.1,
            facets: Facets::Reservation,
            answer: 1.0,
            answer_precision: 1.5,
            ask: 1.0,
            bluff: 0.5,
            reciprocity: false,
            slack: 0.0,
            trust: 0.3,
            trust_penalty: 0.5,
            grudge: false,
            concession: 1.0,
            concession_speed: 0.1,
            walk_away: 0.05,
            toughness: 0.0,
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

#[cfg(test)]
mod tests;
