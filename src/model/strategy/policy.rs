//! The one parameterised policy behind every built-in and config-defined
//! strategy.

use super::{Bidding, Claim, Facets, Memory, Move, Params, Strategy, View};
use crate::model::belief::{bits_of_signal, sigma_for_bits};

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

    /// Build a disclosure at noise `sigma` (prior sds), limited by the
    /// reciprocity budget if the policy keeps one. Returns the move and, for
    /// reciprocal policies, the bits it gives away (0 otherwise).
    fn disclose(&self, view: &View, sigma: f64) -> (Move, f64) {
        let p = &self.params;
        if p.grudge && view.memory.lies_detected > 0 {
            return (Move::SILENT, 0.0);
        }
        let (res, w) = self.topics(view.has_weights);
        let scalars = usize::from(res) + if w { view.issues } else { 0 };
        if scalars == 0 {
            return (Move::SILENT, 0.0);
        }
        let mut sigma = sigma;
        if p.reciprocity {
            let budget = view.memory.balance() + p.slack;
            if budget < 0.01 {
                return (Move::SILENT, 0.0);
            }
            sigma = sigma.max(sigma_for_bits(budget / scalars as f64));
        }
        let claim = Claim {
            sigma,
            bluff: p.bluff,
        };
        let m = Move {
            reservation: res.then_some(claim),
            weights: w.then_some(claim),
            ask: false,
        };
        // Only reciprocal policies keep a ledger: spare the others the logarithm.
        let given = if p.reciprocity {
            scalars as f64 * bits_of_signal(sigma)
        } else {
            0.0
        };
        (m, given)
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

    fn concession(&self) -> f64 {
        self.params.concession
    }

    fn bidding(&self) -> Bidding {
        self.params.bidding
    }

    fn exchange(&self, view: &View) -> Move {
        let p = &self.params;
        let (mut m, given) = if view.u < p.disclose {
            self.disclose(view, p.precision)
        } else {
            (Move::SILENT, 0.0)
        };
        // Reciprocal agents ask only when they have given more than received.
        let behind = view.memory.bits_given + given > view.memory.bits_received;
        m.ask = p.ask > 0.0 && (!p.reciprocity || behind) && u2(view.u) < p.ask;
        m
    }

    fn answer(&self, view: &View) -> Move {
        if view.u < self.params.answer {
            self.disclose(view, self.params.answer_precision).0
        } else {
            Move::SILENT
        }
    }

    fn on_lie_detected(&self, memory: &mut Memory) {
        memory.trust = (memory.trust * (1.0 - self.params.trust_penalty)).max(1e-3);
    }
}

/// A second uniform draw derived from the first (its low-order digits), so
/// that the ask decision is independent of the disclose decision.
fn u2(u: f64) -> f64 {
    (u * 65536.0).fract()
}
