//! One negotiation (a run): the off-the-record phase (MODEL.md section 4)
//! followed by alternating offers (section 6), and the metrics it reports
//! (section 8). The hot path allocates nothing; an [`Observer`] sees every
//! event when a transcript is wanted and costs nothing when it is not.
//!
//! One concept per file: `events` (what an observer sees),
//! `exchange` (the off-the-record rounds and lie checks), `offers` (the
//! alternating-offers formal phase), `auction` (the double auction) and
//! `outcome` (what a run reports). This file seats the two strategies
//! ([`Table`]) and plays a run.

mod auction;
mod events;
mod exchange;
mod offers;
mod outcome;

pub use events::{Event, Observer, Quiet, Recorder, facet_name};
pub use outcome::Outcome;

use crate::model::belief::Belief;
use crate::model::rules::{Exchange, Information, Protocol, Rules};
use crate::model::scenario::{MAX_ISSUES, Prior, Private, Scenario};
use crate::model::strategy::{Memory, Strategy};
use rand::Rng;

/// Beliefs a side holds about the other.
#[derive(Debug, Clone, Copy)]
struct Beliefs {
    res: Belief,
    w: [Belief; MAX_ISSUES],
}

#[derive(Debug, Clone, Copy)]
struct Side {
    about: Beliefs,
    /// Variance (in prior sds^2) an ideal listener has about my reservation / weights.
    shadow: [f64; 2],
    /// Strongest commitment implied by my claims, in favour coordinates.
    bound: f64,
    /// The other side has caught me lying this run.
    caught: bool,
    disclosed_last: bool,
    bits_given: f64,
    confidences: u32,
    answers: u32,
    asks: u32,
    bluffs: u32,
    leaks: u32,
}

/// A pairing of two strategies, ready to play many runs: the per-pairing
/// work (concession curves, priors) is done once here.
pub struct Table<'a> {
    scenario: &'a Scenario,
    exchange: &'a Exchange,
    protocol: Protocol,
    information: Information,
    agents: [&'a dyn Strategy; 2],
    curves: [Vec<f64>; 2],
    /// Prior about side i, as the other side holds it.
    priors: [Prior; 2],
    /// Favour direction of each side's reservation claims (+1: claiming a
    /// higher reservation helps it; the buyer is -1).
    favour: [f64; 2],
}

impl<'a> Table<'a> {
    /// Seat strategies `a` (side A) and `b` (side B) of an experiment.
    pub fn new(rules: Rules<'a>, a: &'a dyn Strategy, b: &'a dyn Strategy) -> Self {
        let deadline = rules.protocol.deadline();
        let curve = |s: &dyn Strategy| -> Vec<f64> {
            let e = s.concession();
            (0..deadline)
                .map(|t| {
                    if deadline <= 1 {
                        1.0
                    } else {
                        (t as f64 / (deadline - 1) as f64).powf(1.0 / e)
                    }
                })
                .collect()
        };
        let favour = match rules.scenario {
            Scenario::Price { .. } => [-1.0, 1.0],
            Scenario::MultiIssue { .. } => [1.0, 1.0],
        };
        Table {
            scenario: rules.scenario,
            exchange: rules.exchange,
            protocol: rules.protocol,
            information: rules.information,
            agents: [a, b],
            curves: [curve(a), curve(b)],
            priors: [rules.scenario.prior(0), rules.scenario.prior(1)],
            favour,
        }
    }

    /// Fresh memories for a new match.
    pub fn new_memories(&self) -> [Memory; 2] {
        [
            Memory::new(self.agents[0].initial_trust()),
            Memory::new(self.agents[1].initial_trust()),
        ]
    }

    /// Play one run with the given private values. `memory` carries over
    /// between the runs of a match; `rng` drives every chance event.
    pub fn play<R: Rng + ?Sized, O: Observer>(
        &self,
        private: &Private,
        memory: &mut [Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Outcome {
        let n = self.scenario.issues();
        let mut sides = [0, 1].map(|i| {
            let prior = &self.priors[1 - i];
            let mut w = [Belief::prior(0.0, 1.0); MAX_ISSUES];
            for (k, b) in w.iter_mut().enumerate().take(n) {
                *b = Belief::prior(prior.weights[k].0, prior.weights[k].1);
            }
            Side {
                about: Beliefs {
                    res: Belief::prior(prior.reservation.0, prior.reservation.1),
                    w,
                },
                shadow: [1.0, 1.0],
                bound: f64::NEG_INFINITY,
                caught: false,
                disclosed_last: false,
                bits_given: 0.0,
                confidences: 0,
                answers: 0,
                asks: 0,
                bluffs: 0,
                leaks: 0,
            }
        });
        for i in 0..2 {
            // A reservation that is common knowledge: a point mass at the truth.
            if self.information.disclosed(1 - i) {
                let res = &mut sides[i].about.res;
                res.mean = private.reservation[1 - i];
                res.var = res.prior_var * 1e-12;
            }
        }
        let mut round = 0;
        for _ in 0..self.exchange.rounds {
            round += 1;
            self.exchange_round(round, private, &mut sides, memory, rng, obs);
        }
        // Snapshot of what each side knows as the formal phase starts.
        let mut error = [0.0; 2];
        let mut bits = [0.0; 2];
        for i in 0..2 {
            let truth = private.reservation[1 - i];
            let about = &sides[i].about;
            let (mut e, mut b) = (about.res.error(truth), about.res.bits());
            if self.scenario.has_weights() {
                let mut ew = 0.0;
                for k in 0..n {
                    ew += about.w[k].error(private.weights[1 - i][k]);
                    b += about.w[k].bits();
                }
                e = 0.5 * (e + ew / n as f64);
            }
            error[i] = e;
            bits[i] = b;
        }
        if O::ACTIVE {
            obs.on(Event::FormalStart {
                beliefs: [0, 1].map(|i| (sides[i].about.res.mean, sides[i].about.res.sd())),
            });
        }
        let formal = self.formal(round, private, &mut sides, memory, rng, obs);
        self.outcome(private, &sides, memory, formal, error, bits)
    }
}
