//! One negotiation (a run): the off-the-record phase (MODEL.md section 4)
//! followed by the formal phase (section 6), and the metrics it reports
//! (section 8). The hot path allocates nothing; an [`Observer`] sees every
//! event when a transcript is wanted and costs nothing when it is not.
//!
//! One concept per file: `events` (what an observer sees), `knowledge`
//! (what a side has heard and claimed, and the beliefs it makes),
//! `exchange` (the off-the-record rounds, leaks and lie detection),
//! `offers` (alternating offers from beliefs), `auction` (the double
//! auction), `outcome` (what a run reports), `seated`, `seated_loop`,
//! `seated_auction` and `seated_multi` (a side decided outside the
//! engine). This file seats the two strategies ([`Table`]) and plays a
//! run.
//!
//! Nothing here reads the other side's strategy, name or parameters: a
//! side's decisions use its own parameters, its own private values and its
//! beliefs, which come from what it observed.

mod auction;
mod decide;
mod events;
mod exchange;
mod human;
mod knowledge;
mod offers;
mod outcome;
mod seated;
mod seated_auction;
mod seated_loop;
mod seated_multi;

pub use events::{Event, Observer, Quiet, Recorder, facet_name};
pub use human::{BeliefStep, Cause, Decision, HumanMove, HumanPlay, PublicRules, Statement, Step};
pub use outcome::Outcome;
pub use seated::{Seat, passive};
pub use seated_multi::{
    MultiClaim, MultiDecision, MultiMove, MultiSeat, WeightsClaim, passive_multi,
};

use crate::model::posterior::{Evidence, Facet, Favour, Prior as FacetPrior};
use crate::model::rules::{Exchange, Information, Protocol, Rules};
use crate::model::scenario::{Private, Scenario};
use crate::model::strategy::{Memory, Strategy};
use knowledge::Side;
use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};

/// A pairing of two strategies, ready to play many runs: the per-pairing
/// work (the facets' priors and speaker models) is done once here.
pub struct Table<'a> {
    scenario: &'a Scenario,
    exchange: &'a Exchange,
    protocol: Protocol,
    information: Information,
    disclosure_noise: f64,
    debrief: bool,
    agents: [&'a dyn Strategy; 2],
    /// The prior and speaker model of side i's reservation, as the other
    /// side holds them.
    facets: [Facet; 2],
    /// The same for side i's weights (`multi_issue`; honest in both
    /// branches of the speaker model).
    weight_facets: [Vec<Facet>; 2],
    /// Prior sd of side i's reservation.
    sd: [f64; 2],
    /// Favour direction of each side's reservation claims (+1: claiming a
    /// higher reservation helps it; the buyer is -1).
    favour: [f64; 2],
    /// Whether a side is played outside the engine ([`Strategy::outside`]).
    outside: bool,
}

impl<'a> Table<'a> {
    /// Seat strategies `a` (side A) and `b` (side B) under `rules`.
    pub fn new(rules: Rules<'a>, a: &'a dyn Strategy, b: &'a dyn Strategy) -> Self {
        let scenario = rules.scenario;
        let favour = match scenario {
            Scenario::Price { .. } => [-1.0, 1.0],
            Scenario::MultiIssue { .. } => [1.0, 1.0],
        };
        let facets = [0, 1].map(|i| {
            let prior = FacetPrior::from_dist(scenario.reservation_dist(i));
            let scale = rules.exchange.bluff_scale * prior.sd();
            let f = if favour[i] > 0.0 {
                Favour::High
            } else {
                Favour::Low
            };
            Facet::new(prior, f, scale)
        });
        let weight_facets = [0, 1].map(|i| match scenario {
            Scenario::MultiIssue { alpha, .. } => {
                let a0: f64 = alpha[i].iter().sum();
                alpha[i]
                    .iter()
                    .map(|&ak| {
                        let prior = FacetPrior::beta(ak, a0 - ak, 0.0, 1.0);
                        let scale = prior.sd();
                        Facet::new(prior, Favour::High, scale)
                    })
                    .collect()
            }
            Scenario::Price { .. } => Vec::new(),
        });
        Table {
            scenario,
            exchange: rules.exchange,
            protocol: rules.protocol,
            information: rules.information,
            disclosure_noise: rules.disclosure_noise,
            debrief: rules.debrief,
            agents: [a, b],
            sd: [facets[0].prior().sd(), facets[1].prior().sd()],
            facets,
            weight_facets,
            favour,
            outside: a.outside().is_some() || b.outside().is_some(),
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
        if self.outside {
            return self.play_outside(private, memory, rng, obs);
        }
        // (not `new_sides`: its local array was copied out, 1.9 KB)
        let mut sides = self.blank_sides(memory);
        self.tell_disclosed(private, &mut sides, rng);
        let mut round = 0;
        for _ in 0..self.exchange.rounds {
            round += 1;
            self.exchange_round(round, private, &mut sides, memory, rng, obs);
        }
        // What each side believes and knows as the formal phase starts (no
        // offers yet: the belief is from talk and leaks only).
        // Built in place: a belief is a few KB, and `map` would copy it.
        let mut beliefs = [self.belief(0, &sides[0]), self.belief(1, &sides[1])];
        let start = [0, 1].map(|i| self.knowledge(i, private, &sides[i], Some(&beliefs[i])));
        if O::ACTIVE {
            obs.on(Event::FormalStart {
                beliefs: beliefs.each_ref().map(|b| (b.mean(), b.sd())),
            });
        }
        let formal = self.formal(round, private, &mut sides, memory, &mut beliefs, rng, obs);
        let end = if self.exchange.every > 0 {
            [0, 1].map(|i| self.knowledge(i, private, &sides[i], None))
        } else {
            start
        };
        if self.debrief {
            self.debrief(private, &mut sides, obs);
        }
        self.outcome(private, &sides, memory, formal, [start, end], &beliefs)
    }

    /// [`Table::play`] with a side played outside the engine: each such
    /// side gets a seat from its strategy and a seed drawn from `rng`.
    #[cold]
    #[inline(never)]
    fn play_outside<R: Rng + ?Sized, O: Observer>(
        &self,
        private: &Private,
        memory: &mut [Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Outcome {
        let seed: u64 = rng.random();
        let mut seats = [0, 1].map(|i| {
            self.agents[i]
                .outside()
                .map(|o| o.seat(self, private, i, seed ^ (i as u64)))
        });
        let [a, b] = &mut seats;
        let seats = [a.as_deref_mut(), b.as_deref_mut()].map(|s| s.map(|s| s as &mut dyn Seat));
        self.play_seated(private, seats, memory, rng, obs)
    }

    /// Each side's state at the start of a run: its trust from memory,
    /// and for a reservation that is disclosed, a trusted signal of it
    /// ([`Table::tell_disclosed`]).
    fn new_sides<R: Rng + ?Sized>(
        &self,
        private: &Private,
        memory: &[Memory; 2],
        rng: &mut R,
    ) -> [Side; 2] {
        let mut sides = self.blank_sides(memory);
        self.tell_disclosed(private, &mut sides, rng);
        sides
    }

    /// Each side's state before anything is heard: its trust from memory.
    /// Built where it is wanted (a side is about 1 KB).
    #[inline(always)]
    fn blank_sides(&self, memory: &[Memory; 2]) -> [Side; 2] {
        [
            Side::new(&self.facets[1], memory[0].trust),
            Side::new(&self.facets[0], memory[1].trust),
        ]
    }

    /// For a reservation that is disclosed, the other side gets a trusted
    /// signal of it: the truth (a point mass) when `disclosure_noise` is 0,
    /// else the truth plus normal noise of that many prior sds, stated
    /// inside the support (the censored likelihood at an edge). Draws from
    /// `rng` only for a noisy disclosure, A's reservation first.
    #[inline]
    fn tell_disclosed<R: Rng + ?Sized>(
        &self,
        private: &Private,
        sides: &mut [Side; 2],
        rng: &mut R,
    ) {
        for j in 0..2 {
            if !self.disclosed(j) {
                continue;
            }
            let truth = private.reservation[j];
            let (y, s) = if self.disclosure_noise <= 0.0 {
                (truth, 0.0)
            } else {
                let s = self.disclosure_noise * self.sd[j];
                let z: f64 = StandardNormal.sample(rng);
                let (lo, hi) = self.facets[j].prior().support();
                ((truth + s * z).clamp(lo, hi), s)
            };
            let side = &mut sides[1 - j];
            side.res = Evidence::new(&self.facets[j], 1.0);
            side.res
                .claim(y, s)
                .expect("the signal is inside the support");
            side.known = true;
        }
    }

    /// Whether side `i`'s reservation is common knowledge.
    fn disclosed(&self, i: usize) -> bool {
        self.information.disclosed(i)
    }

    /// Issues (1 in `price`).
    fn issues(&self) -> usize {
        self.scenario.issues()
    }
}
