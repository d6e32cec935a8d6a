//! The one parameterised policy behind every built-in and config-defined
//! strategy.

use super::{Bidding, Claim, Facets, Move, Params, Strategy, View, sigma_for_bits};

/// A named point in the parameter space, played as a [`Strategy`].
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Name used in tables.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Its parameters.
    pub params: Params,
}

impl Policy {
    /// A policy with the given name, description and parameters.
    pub fn new(name: impl Into<String>, description: impl Into<String>, params: Params) -> Self {
        Policy {
            name: name.into(),
            description: description.into(),
            params,
        }
    }

    /// The built-in preset `name` (`open`, `guarded`, `mirroring`, `probing`).
    pub fn preset(name: &str) -> Option<Self> {
        super::preset(name).map(|(d, p)| Policy::new(name, d, p))
    }

    /// Which facets it talks about in this scenario: (reservation, weights).
    fn topics(&self, has_weights: bool) -> (bool, bool) {
        match self.params.facets {
            Facets::All => (true, has_weights),
            Facets::Reservation => (true, false),
            Facets::Weights => (false, has_weights),
            Facets::InterestsFirst => (!has_weights, has_weights),
        }
    }

    /// A disclosure at noise `sigma` (prior sds). A reciprocal policy
    /// instead confides at the noise that brings the bits it has given to
    /// the bits it believes it received plus its slack (never more precise
    /// than `sigma`), and stays silent when that budget is spent.
    fn disclose(&self, view: &View, sigma: f64) -> Move {
        let p = &self.params;
        if p.grudge && view.lies_detected > 0 {
            return Move::SILENT;
        }
        let (res, w) = self.topics(view.has_weights);
        let scalars = usize::from(res) + if w { view.issues } else { 0 };
        if scalars == 0 {
            return Move::SILENT;
        }
        let claim = |sigma: f64| Claim {
            sigma,
            bluff: p.bluff,
        };
        if !p.reciprocity {
            return Move {
                reservation: res.then_some(claim(sigma)),
                weights: w.then_some(claim(sigma)),
                ask: false,
            };
        }
        let budget = view.balance() + p.slack;
        if budget < 0.01 {
            return Move::SILENT;
        }
        // The budget is spread evenly over the scalars it talks about.
        let each = budget / scalars as f64;
        let noise = |k: usize| {
            let given = view.given_precision[k];
            sigma_for_bits(given, super::claim_bits(given) + each).map(|s| s.max(sigma))
        };
        Move {
            reservation: if res { noise(0).map(claim) } else { None },
            weights: if w { noise(1).map(claim) } else { None },
            ask: false,
        }
    }
}

impl Strategy for Policy {
    fn name(&self) -> &str {
        &self.name
    }

    fn description(&self) -> String {
        self.description.clone()
    }

    fn parameters(&self) -> Vec<(&'static str, String)> {
        self.params.listing()
    }

    fn initial_trust(&self) -> f64 {
        self.params.trust
    }

    fn trust_penalty(&self) -> f64 {
        self.params.trust_penalty
    }

    fn reciprocal(&self) -> bool {
        self.params.reciprocity
    }

    fn concession(&self) -> f64 {
        self.params.concession
    }

    fn concession_speed(&self) -> f64 {
        self.params.concession_speed
    }

    fn walk_away(&self) -> f64 {
        self.params.walk_away
    }

    fn toughness(&self) -> f64 {
        self.params.toughness
    }

    fn bidding(&self) -> Bidding {
        self.params.bidding
    }

    fn exchange(&self, view: &View) -> Move {
        let p = &self.params;
        let mut m = if view.u < p.disclose {
            self.disclose(view, p.precision)
        } else {
            Move::SILENT
        };
        // Reciprocal agents ask only when they have given more than received.
        let behind = !p.reciprocity || m.discloses() || view.balance() < 0.0;
        m.ask = p.ask > 0.0 && behind && u2(view.u) < p.ask;
        m
    }

    fn answer(&self, view: &View) -> Move {
        if view.u < self.params.answer {
            self.disclose(view, self.params.answer_precision)
        } else {
            Move::SILENT
        }
    }
}

/// A second uniform draw derived from the first (its low-order digits), so
/// that the ask decision is independent of the disclose decision.
fn u2(u: f64) -> f64 {
    (u * 65536.0).fract()
}
