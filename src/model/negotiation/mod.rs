//! One negotiation (a run): the off-the-record phase (MODEL.md section 4)
//! followed by alternating offers (section 6), and the metrics it reports
//! (section 8). The hot path allocates nothing; an [`Observer`] sees every
//! event when a transcript is wanted and costs nothing when it is not.

use crate::model::belief::Belief;
use crate::model::geometry::Frontier;
use crate::model::rules::{Exchange, Protocol, Rules};
use crate::model::scenario::{MAX_ISSUES, Prior, Private, Scenario};
use crate::model::strategy::{Bidding, Claim, Facet, Memory, Move, Strategy, View};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};

/// Everything that happens in a run, for transcripts and pictures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// A side confides (or answers) about its reservation.
    Reservation {
        /// Exchange round (from 1; formal-phase exchanges continue the count).
        round: u32,
        /// 0 = A, 1 = B.
        side: usize,
        /// The value claimed.
        claimed: f64,
        /// The true value.
        truth: f64,
        /// The stated noise, in the facet's units.
        sigma: f64,
        /// Whether it was shifted in the sender's favour.
        bluff: bool,
        /// Whether it answered a question (rather than volunteered).
        answer: bool,
    },
    /// A side confides (or answers) about its weights.
    Weights {
        /// Exchange round.
        round: u32,
        /// Side.
        side: usize,
        /// Claimed weights (first `issues` entries).
        claimed: [f64; MAX_ISSUES],
        /// True weights.
        truth: [f64; MAX_ISSUES],
        /// Number of issues.
        issues: usize,
        /// Stated noise in prior sds.
        sigma: f64,
        /// Whether it answered a question.
        answer: bool,
    },
    /// A side asks "how is it on your side?".
    Ask {
        /// Exchange round.
        round: u32,
        /// Side.
        side: usize,
    },
    /// A side declines to answer.
    Decline {
        /// Exchange round.
        round: u32,
        /// Side.
        side: usize,
    },
    /// A side says nothing in its turn.
    Silent {
        /// Exchange round.
        round: u32,
        /// Side.
        side: usize,
    },
    /// Body language leaks a side's reservation.
    Leak {
        /// Exchange round.
        round: u32,
        /// Side that leaks.
        side: usize,
        /// The signal the other side reads.
        signal: f64,
        /// The true value.
        truth: f64,
    },
    /// The formal phase starts; beliefs about the other's reservation.
    FormalStart {
        /// (mean, sd) of A's belief about B and of B's belief about A.
        beliefs: [(f64, f64); 2],
    },
    /// A formal offer.
    Offer {
        /// Formal round, from 1.
        round: u32,
        /// Proposer.
        side: usize,
        /// Price (`price`) or A's utility of the offer (`multi_issue`).
        value: f64,
        /// A's share of each issue (`multi_issue`).
        x: [f64; MAX_ISSUES],
        /// Proposer's belief (mean, sd) about the other's reservation.
        belief: (f64, f64),
    },
    /// A side catches the other in a lie.
    LieDetected {
        /// Formal round.
        round: u32,
        /// The side that notices.
        by: usize,
        /// What the liar's claims allowed at most (in its favour direction).
        claimed: f64,
        /// What its behaviour revealed.
        revealed: f64,
        /// The catcher's trust in the liar afterwards.
        trust: f64,
    },
    /// The responder accepts the offer on the table.
    Accept {
        /// Formal round.
        round: u32,
        /// Side that accepts.
        side: usize,
    },
}

/// Receives the events of a negotiation.
pub trait Observer {
    /// False for the no-op observer: events are then not even built.
    const ACTIVE: bool;
    /// One event.
    fn on(&mut self, event: Event);
}

/// Observer that ignores everything (batch runs).
pub struct Quiet;
impl Observer for Quiet {
    const ACTIVE: bool = false;
    fn on(&mut self, _: Event) {}
}

/// Observer that records every event (transcripts).
#[derive(Default, Debug)]
pub struct Recorder(pub Vec<Event>);
impl Observer for Recorder {
    const ACTIVE: bool = true;
    fn on(&mut self, event: Event) {
        self.0.push(event);
    }
}

/// What one run reports (MODEL.md section 8). Index 0 is side A, 1 side B.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Whether they agreed.
    pub deal: bool,
    /// Whether an agreement both prefer to no deal existed.
    pub zopa: bool,
    /// Formal rounds played (the agreement round, or the deadline).
    pub rounds: u32,
    /// Agreed price (`price`; NaN otherwise or without a deal).
    pub price: f64,
    /// A's share of each issue in the agreement (`multi_issue`; NaN without a deal).
    pub x: [f64; MAX_ISSUES],
    /// Number of issues.
    pub issues: usize,
    /// The private values of the run.
    pub private: Private,
    /// Surplus over the reservation, discounted: buyer `v_b - p`, seller
    /// `p - v_s`; utility minus reservation utility in `multi_issue`.
    pub surplus: [f64; 2],
    /// Sum of the surpluses.
    pub joint: f64,
    /// Largest joint surplus of an individually rational agreement.
    pub max_joint: f64,
    /// `joint / max_joint` (NaN without a zone of agreement).
    pub efficiency: f64,
    /// A's share of the joint surplus (NaN without a deal or gain).
    pub share_a: f64,
    /// Distance of the outcome to the Pareto frontier (NaN without a zone).
    pub pareto_distance: f64,
    /// Distance of the outcome to the Nash point (NaN without a zone).
    pub nash_distance: f64,
    /// Each side's normalised belief error about the other at the start of
    /// the formal phase (mean over facets, in prior sds).
    pub error: [f64; 2],
    /// Bits each side gained about the other before the formal phase.
    pub bits: [f64; 2],
    /// Bits each side gave away by its words (to an ideal listener).
    pub bits_given: [f64; 2],
    /// `error[1] - error[0]`: positive when A knows more.
    pub asymmetry: f64,
    /// Confidences volunteered.
    pub confidences: [u32; 2],
    /// Questions answered.
    pub answers: [u32; 2],
    /// Questions asked.
    pub asks: [u32; 2],
    /// Bluffed claims made.
    pub bluffs: [u32; 2],
    /// Body-language leaks.
    pub leaks: [u32; 2],
    /// Lies each side caught the other in.
    pub lies_detected: [u32; 2],
    /// Each side's trust in the other at the end of the run.
    pub trust: [f64; 2],
}

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

    /// One off-the-record round: A's turn, B's turn, then body language.
    fn exchange_round<R: Rng + ?Sized, O: Observer>(
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
                if rng.random::<f64>() < p {
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
    fn disclose<R: Rng + ?Sized, O: Observer>(
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
        if let Some(Claim { sigma, bluff }) = mv.reservation {
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

    /// The formal phase. Returns (deal round or None, rounds played, agreement).
    fn formal<R: Rng + ?Sized, O: Observer>(
        &self,
        mut xround: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Formal {
        let (deadline, anchor_margin) = match self.protocol {
            Protocol::AlternatingOffers {
                deadline,
                anchor_margin,
                ..
            } => (deadline, anchor_margin),
            Protocol::DoubleAuction { k, low, high } => {
                return self.auction(k, low, high, private, sides, memory, obs);
            }
        };
        let mut plans = [0, 1].map(|i| self.plan(i, private, &sides[i], anchor_margin));
        let every = self.exchange.every;
        for t in 1..=deadline {
            let i = ((t - 1) % 2) as usize;
            let j = 1 - i;
            let offer = self.offer(i, t, private, &plans[i]);
            if O::ACTIVE {
                let b = &sides[i].about.res;
                obs.on(Event::Offer {
                    round: t,
                    side: i,
                    value: offer.value,
                    x: offer.x,
                    belief: (b.mean, b.sd()),
                });
            }
            self.check_lie(t, i, &offer, sides, memory, obs);
            let mine = self.surplus(j, private, &offer);
            let accept = mine >= 0.0
                && (t == deadline
                    || mine >= self.surplus(j, private, &self.offer(j, t + 1, private, &plans[j])));
            if accept {
                if O::ACTIVE {
                    obs.on(Event::Accept { round: t, side: j });
                }
                self.check_lie(t, j, &offer, sides, memory, obs);
                return Formal {
                    deal: Some(offer),
                    rounds: t,
                };
            }
            let lie_seen = sides[0].caught || sides[1].caught;
            if every > 0 && t % every == 0 && t < deadline {
                xround += 1;
                self.exchange_round(xround, private, sides, memory, rng, obs);
            }
            if lie_seen || (every > 0 && t % every == 0) {
                plans = [0, 1].map(|i| self.plan(i, private, &sides[i], anchor_margin));
            }
        }
        Formal {
            deal: None,
            rounds: deadline,
        }
    }

    /// The sealed-bid k-double auction (THEORY.md section 1), in values
    /// normalised to [0, 1] on the common uniform range.
    #[allow(clippy::too_many_arguments)]
    fn auction<O: Observer>(
        &self,
        k: f64,
        low: f64,
        high: f64,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        obs: &mut O,
    ) -> Formal {
        let w = high - low;
        let own = [0, 1].map(|i| (private.reservation[i] - low) / w);
        let types = [self.agents[0].bidding(), self.agents[1].bidding()];
        let truthful = |i: usize| match types[i] {
            Bidding::Truthful => true,
            Bidding::Strategic => false,
            Bidding::Reciprocal => types[1 - i] != Bidding::Strategic,
        };
        let bid = [0, 1].map(|i| {
            if truthful(i) {
                return own[i];
            }
            if !truthful(1 - i) {
                // Both strategic: the Chatterjee-Samuelson linear equilibrium.
                // Claims of a strategic opponent are cheap talk and ignored.
                return if i == 0 {
                    own[0] / (1.0 + k) + k * (1.0 - k) / (2.0 * (1.0 + k))
                } else {
                    own[1] / (2.0 - k) + (1.0 - k) / 2.0
                };
            }
            let b = &sides[i].about.res;
            let (mu, sd) = ((b.mean - low) / w, b.sd() / w);
            if b.var < 0.0625 * b.prior_var {
                // It knows the truthful opponent's value: bid just inside it.
                if i == 0 {
                    own[0].min(mu + 2.0 * sd)
                } else {
                    own[1].max(mu - 2.0 * sd)
                }
            } else if i == 0 {
                // Best response to a truthful seller.
                own[0] / (1.0 + k)
            } else {
                // Best response to a truthful buyer.
                (own[1] + 1.0 - k) / (2.0 - k)
            }
        });
        for i in 0..2 {
            let offer = Offer {
                value: low + w * bid[i],
                x: [0.0; MAX_ISSUES],
            };
            if O::ACTIVE {
                let b = &sides[i].about.res;
                obs.on(Event::Offer {
                    round: 1,
                    side: i,
                    value: offer.value,
                    x: offer.x,
                    belief: (b.mean, b.sd()),
                });
            }
            self.check_lie(1, i, &offer, sides, memory, obs);
        }
        if bid[0] >= bid[1] {
            if O::ACTIVE {
                obs.on(Event::Accept { round: 1, side: 1 });
            }
            Formal {
                deal: Some(Offer {
                    value: low + w * (k * bid[0] + (1.0 - k) * bid[1]),
                    x: [0.0; MAX_ISSUES],
                }),
                rounds: 1,
            }
        } else {
            Formal {
                deal: None,
                rounds: 1,
            }
        }
    }

    /// Side `i`'s concession plan from its current beliefs.
    fn plan(&self, i: usize, private: &Private, side: &Side, margin: f64) -> Plan {
        let res = private.reservation[i];
        let b = &side.about.res;
        match self.scenario {
            Scenario::Price { .. } => {
                // Open beyond the believed reservation of the other side, in
                // the own favour direction (the buyer low, the seller high),
                // never worse than the own limit.
                let g = self.favour[i];
                let mut anchor = b.mean + g * margin * b.sd();
                if g * anchor < g * res {
                    anchor = res;
                }
                Plan {
                    anchor,
                    limit: res,
                    order: [0; MAX_ISSUES],
                }
            }
            &Scenario::MultiIssue { issues: n, .. } => {
                let own = &private.weights[i];
                let mut opp_w = [0.0; MAX_ISSUES];
                let mut total = 0.0;
                for k in 0..n {
                    opp_w[k] = side.about.w[k].mean.max(1e-6);
                    total += opp_w[k];
                }
                for w in opp_w.iter_mut().take(n) {
                    *w /= total;
                }
                let mut order = [0u8; MAX_ISSUES];
                for (k, o) in order.iter_mut().enumerate().take(n) {
                    *o = k as u8;
                }
                for a in 1..n {
                    let mut c = a;
                    while c > 0 && {
                        let (p, q) = (order[c] as usize, order[c - 1] as usize);
                        own[p] * opp_w[q] > own[q] * opp_w[p]
                    } {
                        order.swap(c, c - 1);
                        c -= 1;
                    }
                }
                // Opening: the most it can get while the other side is
                // believed to get its reservation minus the margin.
                let give = (b.mean - margin * b.sd()).max(0.0);
                let mut opp = 1.0;
                let mut mine = 0.0;
                for &k in order.iter().take(n) {
                    let k = k as usize;
                    if opp - opp_w[k] >= give {
                        opp -= opp_w[k];
                        mine += own[k];
                    } else {
                        mine += own[k] * (opp - give) / opp_w[k];
                        break;
                    }
                }
                Plan {
                    anchor: mine.max(res).min(1.0),
                    limit: res,
                    order,
                }
            }
        }
    }

    /// Side `i`'s offer at formal round `t`.
    #[inline]
    fn offer(&self, i: usize, t: u32, private: &Private, plan: &Plan) -> Offer {
        let deadline = self.protocol.deadline();
        let c = self.curves[i][(t.min(deadline) - 1) as usize];
        let target = plan.anchor + (plan.limit - plan.anchor) * c;
        match self.scenario {
            Scenario::Price { .. } => Offer {
                value: target,
                x: [0.0; MAX_ISSUES],
            },
            &Scenario::MultiIssue { issues: n, .. } => {
                // On the believed frontier: take issues in order of own weight
                // relative to the other's until the target utility is reached.
                let own = &private.weights[i];
                let mut y = [0.0; MAX_ISSUES];
                let mut got = 0.0;
                for &k in plan.order.iter().take(n) {
                    let k = k as usize;
                    if got >= target {
                        break;
                    }
                    let take = if got + own[k] <= target {
                        1.0
                    } else {
                        (target - got) / own[k]
                    };
                    y[k] = take;
                    got += own[k] * take;
                }
                let mut x = [0.0; MAX_ISSUES];
                for k in 0..n {
                    x[k] = if i == 0 { y[k] } else { 1.0 - y[k] };
                }
                let ua = (0..n).map(|k| private.weights[0][k] * x[k]).sum();
                Offer { value: ua, x }
            }
        }
    }

    /// Surplus of side `i` from an offer (before discounting).
    #[inline]
    fn surplus(&self, i: usize, private: &Private, offer: &Offer) -> f64 {
        match self.scenario {
            Scenario::Price { .. } => self.favour[i] * (offer.value - private.reservation[i]),
            &Scenario::MultiIssue { issues: n, .. } => {
                let w = &private.weights[i];
                let u: f64 = if i == 0 {
                    (0..n).map(|k| w[k] * offer.x[k]).sum()
                } else {
                    (0..n).map(|k| w[k] * (1.0 - offer.x[k])).sum()
                };
                u - private.reservation[i]
            }
        }
    }

    /// Whether side `i`'s offering or accepting `offer` contradicts what it
    /// claimed; if so the other side catches the lie once per run.
    fn check_lie<O: Observer>(
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

    fn outcome(
        &self,
        private: &Private,
        sides: &[Side; 2],
        memory: &mut [Memory; 2],
        formal: Formal,
        error: [f64; 2],
        bits: [f64; 2],
    ) -> Outcome {
        let discount = self.protocol.discount();
        let n = self.scenario.issues();
        let r = private.reservation;
        let (frontier, reservation_point) = match self.scenario {
            Scenario::Price { .. } => {
                let z = (r[0] - r[1]).max(0.0);
                (Frontier::segment((0.0, z), (z, 0.0)), (0.0, 0.0))
            }
            Scenario::MultiIssue { .. } => (
                Frontier::linear(&private.weights[0][..n], &private.weights[1][..n]),
                (r[0], r[1]),
            ),
        };
        let zopa = match self.scenario {
            Scenario::Price { .. } => r[0] >= r[1],
            Scenario::MultiIssue { .. } => frontier.has_zopa(reservation_point),
        };
        let max_joint = frontier.max_joint_surplus(reservation_point);
        let mut surplus = [0.0; 2];
        let mut price = f64::NAN;
        let mut x = [f64::NAN; MAX_ISSUES];
        if let Some(offer) = formal.deal {
            let d = discount.powi(formal.rounds as i32 - 1);
            surplus = [0, 1].map(|i| d * self.surplus(i, private, &offer));
            match self.scenario {
                Scenario::Price { .. } => price = offer.value,
                Scenario::MultiIssue { .. } => x[..n].copy_from_slice(&offer.x[..n]),
            }
        }
        let joint = surplus[0] + surplus[1];
        let point = (
            reservation_point.0 + surplus[0],
            reservation_point.1 + surplus[1],
        );
        let (efficiency, pareto_distance, nash_distance) = if zopa && max_joint > 0.0 {
            let nash = frontier
                .nash(reservation_point)
                .unwrap_or(reservation_point);
            (
                joint / max_joint,
                frontier.distance(point),
                ((point.0 - nash.0).powi(2) + (point.1 - nash.1).powi(2)).sqrt(),
            )
        } else {
            (f64::NAN, f64::NAN, f64::NAN)
        };
        for m in memory.iter_mut() {
            m.runs += 1;
        }
        Outcome {
            deal: formal.deal.is_some(),
            zopa,
            rounds: formal.rounds,
            price,
            x,
            issues: n,
            private: *private,
            surplus,
            joint,
            max_joint,
            efficiency,
            share_a: if formal.deal.is_some() && joint > 0.0 {
                surplus[0] / joint
            } else {
                f64::NAN
            },
            pareto_distance,
            nash_distance,
            error,
            bits,
            bits_given: [sides[0].bits_given, sides[1].bits_given],
            asymmetry: error[1] - error[0],
            confidences: [sides[0].confidences, sides[1].confidences],
            answers: [sides[0].answers, sides[1].answers],
            asks: [sides[0].asks, sides[1].asks],
            bluffs: [sides[0].bluffs, sides[1].bluffs],
            leaks: [sides[0].leaks, sides[1].leaks],
            lies_detected: [sides[1].caught as u32, sides[0].caught as u32],
            trust: [memory[0].trust, memory[1].trust],
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

#[derive(Debug, Clone, Copy)]
struct Plan {
    anchor: f64,
    limit: f64,
    order: [u8; MAX_ISSUES],
}

#[derive(Debug, Clone, Copy)]
struct Offer {
    /// Price, or A's utility in multi_issue.
    value: f64,
    x: [f64; MAX_ISSUES],
}

struct Formal {
    deal: Option<Offer>,
    rounds: u32,
}

/// Which facet an event or claim is about (re-exported for transcripts).
pub fn facet_name(f: Facet) -> &'static str {
    match f {
        Facet::Reservation => "reservation",
        Facet::Weights => "weights",
    }
}
