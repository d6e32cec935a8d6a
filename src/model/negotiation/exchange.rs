//! The off-the-record phase (MODEL.md section 4): exchange rounds,
//! disclosure with its bits given and received, body-language leaks, and
//! the lie checks that compare formal behaviour with what was claimed.

use super::events::{Event, Observer};
use super::offers::Offer;
use super::{Side, Table};
use crate::model::scenario::{MAX_ISSUES, Private, Scenario};
use crate::model::strategy::{Claim, Memory, Move, View};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};

impl Table<'_> {
    /// One off-the-record round: A's turn, B's turn, then body language.
    pub(super) fn exchange_round<R: Rng + ?Sized, O: Observer>(
        &self,
        round: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) {
        let n = self.scenario.issues();
        let has_weights = self.scenario.has_weights();
        for i in 0..2 {
            let j = 1 - i;
            let view = View {
                round: round - 1,
                rounds: self.exchange.rounds,
                has_weights,
                issues: n,
                memory: &memory[i],
                opponent_disclosed: sides[j].disclosed_last,
                u: rng.random(),
            };
            let mv = self.agents[i].exchange(&view);
            sides[i].disclosed_last = mv.discloses();
            if mv.discloses() {
                sides[i].confidences += 1;
                self.disclose(round, i, mv, false, private, sides, memory, rng, obs);
            } else if O::ACTIVE && !mv.ask {
                obs.on(Event::Silent { round, side: i });
            }
            if mv.ask {
                sides[i].asks += 1;
                if O::ACTIVE {
                    obs.on(Event::Ask { round, side: i });
                }
                let view = View {
                    round: round - 1,
                    rounds: self.exchange.rounds,
                    has_weights,
                    issues: n,
                    memory: &memory[j],
                    opponent_disclosed: mv.discloses(),
                    u: rng.random(),
                };
                let reply = self.agents[j].answer(&view);
                if reply.discloses() {
                    sides[j].answers += 1;
                    self.disclose(round, j, reply, true, private, sides, memory, rng, obs);
                } else if O::ACTIVE {
                    obs.on(Event::Decline { round, side: j });
                }
            }
        }
        let p = self.exchange.leak_probability;
        if p > 0.0 {
            for i in 0..2 {
                // Nothing leaks about a reservation that is common knowledge.
                if rng.random::<f64>() < p && !self.information.disclosed(i) {
                    let sd = self.priors[i].reservation.1;
                    let sigma = self.exchange.leak_sigma * sd;
                    let z: f64 = StandardNormal.sample(rng);
                    let signal = private.reservation[i] + sigma * z;
                    let gained = sides[1 - i].about.res.update(signal, sigma, 1.0);
                    memory[1 - i].bits_received += gained;
                    sides[i].leaks += 1;
                    if O::ACTIVE {
                        obs.on(Event::Leak {
                            round,
                            side: i,
                            signal,
                            truth: private.reservation[i],
                        });
                    }
                }
            }
        }
    }

    /// Side `i` tells side `j` about the facets in `mv`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn disclose<R: Rng + ?Sized, O: Observer>(
        &self,
        round: u32,
        i: usize,
        mv: Move,
        answer: bool,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) {
        let j = 1 - i;
        let trust = memory[j].trust;
        let mut given = 0.0;
        let mut received = 0.0;
        // A reservation that is common knowledge is not talked about.
        let reservation = mv.reservation.filter(|_| !self.information.disclosed(i));
        if let Some(Claim { sigma, bluff }) = reservation {
            let sd = self.priors[i].reservation.1;
            let z: f64 = StandardNormal.sample(rng);
            let truth = private.reservation[i];
            let claimed = truth + sd * (self.favour[i] * bluff + sigma * z);
            let stated = sigma * sd;
            received += sides[j].about.res.update(claimed, stated, trust);
            given += shadow_update(&mut sides[i].shadow[0], sigma);
            let bound = self.favour[i] * claimed - self.exchange.lie_tolerance * stated;
            sides[i].bound = sides[i].bound.max(bound);
            if bluff > 0.0 {
                sides[i].bluffs += 1;
            }
            if O::ACTIVE {
                obs.on(Event::Reservation {
                    round,
                    side: i,
                    claimed,
                    truth,
                    sigma: stated,
                    bluff: bluff > 0.0,
                    answer,
                });
            }
        }
        if let (Some(Claim { sigma, .. }), true) = (mv.weights, self.scenario.has_weights()) {
            let n = self.scenario.issues();
            let mut claimed = [0.0; MAX_ISSUES];
            for k in 0..n {
                let sd = self.priors[i].weights[k].1;
                let z: f64 = StandardNormal.sample(rng);
                claimed[k] = private.weights[i][k] + sd * sigma * z;
                received += sides[j].about.w[k].update(claimed[k], sd * sigma, trust);
            }
            given += n as f64 * shadow_update(&mut sides[i].shadow[1], sigma);
            if O::ACTIVE {
                obs.on(Event::Weights {
                    round,
                    side: i,
                    claimed,
                    truth: private.weights[i],
                    issues: n,
                    sigma,
                    answer,
                });
            }
        }
        sides[i].bits_given += given;
        memory[i].bits_given += given;
        memory[j].bits_received += received;
    }

    /// Whether side `i`'s offering or accepting `offer` contradicts what it
    /// claimed; if so the other side catches the lie once per run.
    pub(super) fn check_lie<O: Observer>(
        &self,
        t: u32,
        i: usize,
        offer: &Offer,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        obs: &mut O,
    ) {
        if sides[i].caught || sides[i].bound == f64::NEG_INFINITY {
            return;
        }
        let j = 1 - i;
        // What the behaviour reveals about i's reservation, as j sees it.
        let revealed = match self.scenario {
            Scenario::Price { .. } => offer.value,
            &Scenario::MultiIssue { issues: n, .. } => {
                let w = &sides[j].about.w;
                let total: f64 = (0..n).map(|k| w[k].mean.max(1e-6)).sum();
                (0..n)
                    .map(|k| {
                        let share = if i == 0 { offer.x[k] } else { 1.0 - offer.x[k] };
                        w[k].mean.max(1e-6) / total * share
                    })
                    .sum()
            }
        };
        if self.favour[i] * revealed < sides[i].bound {
            sides[i].caught = true;
            memory[j].lies_detected += 1;
            self.agents[j].on_lie_detected(&mut memory[j]);
            // What it was told is worthless: back to the prior, but consistent
            // with what the behaviour showed.
            let b = &mut sides[j].about.res;
            b.reset();
            if self.favour[i] * b.mean > self.favour[i] * revealed {
                b.mean = revealed;
            }
            if O::ACTIVE {
                obs.on(Event::LieDetected {
                    round: t,
                    by: j,
                    claimed: self.favour[i] * sides[i].bound,
                    revealed,
                    trust: memory[j].trust,
                });
            }
        }
    }
}

/// An ideal listener's variance about one facet (in prior sds squared)
/// after a claim with noise `sigma`; returns the bits it gained.
#[inline]
fn shadow_update(var: &mut f64, sigma: f64) -> f64 {
    let new = 1.0 / (1.0 / *var + 1.0 / (sigma * sigma));
    let bits = 0.5 * (*var / new).log2();
    *var = new;
    bits
}
