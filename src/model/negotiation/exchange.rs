//! The off-the-record phase (MODEL.md section 4): exchange rounds,
//! confidences and answers (bluffed or not, stated inside the support),
//! body-language leaks, the bits given and believed received, and lie
//! detection wherever the evidence allows.

use super::Table;
use super::events::{Event, Observer};
use super::knowledge::Precision;
use super::knowledge::Side;
use crate::model::scenario::{MAX_ISSUES, Private};
use crate::model::strategy::{Claim, Memory, Move, View};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, StandardNormal};

/// What a lie was caught in.
#[derive(Debug, Clone, Copy)]
pub(super) enum Caught {
    /// A claim (not recorded).
    Claim(f64),
    /// An offer beyond the limit the speaker's claims stated.
    Offer {
        /// The claimed limit.
        claimed: f64,
        /// The offer.
        offer: f64,
    },
    /// The run's claims against the reservation the debrief revealed.
    Debrief {
        /// The claimed limit.
        claimed: f64,
        /// The revealed reservation.
        truth: f64,
    },
}

/// A claim about one's weights as stated (`multi_issue`): the weights
/// (first `issues` entries, each in [0, 1]), their stated noise (prior sds
/// of each weight; 0 exact) and whether it answers a question.
#[derive(Debug, Clone, Copy)]
pub(super) struct WeightsSaid {
    pub(super) claimed: [f64; MAX_ISSUES],
    pub(super) sigma: f64,
    pub(super) answer: bool,
}

/// A reservation claim as stated: the value, its stated noise (prior sds;
/// 0 exact), whether it is a bluff and whether it answers a question.
#[derive(Debug, Clone, Copy)]
pub(super) struct Said {
    pub(super) claimed: f64,
    pub(super) sigma: f64,
    pub(super) bluff: bool,
    pub(super) answer: bool,
}

impl Table<'_> {
    /// What side `i` sees when it decides in round `round` (from 1).
    pub(super) fn view<'m>(
        &self,
        round: u32,
        i: usize,
        sides: &[Side; 2],
        memory: &'m [Memory; 2],
        opponent_disclosed: bool,
        u: f64,
    ) -> View<'m> {
        let s = &sides[i];
        View {
            round: round - 1,
            rounds: self.exchange.rounds,
            has_weights: self.scenario.has_weights(),
            issues: self.issues(),
            memory: &memory[i],
            bits_given: memory[i].bits_given + s.given,
            bits_received: memory[i].bits_received + s.received,
            given_precision: s.given_precision.map(|p| p.value),
            lies_detected: memory[i].lies_detected + s.caught(),
            opponent_disclosed,
            u,
        }
    }

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
        for i in 0..2 {
            let j = 1 - i;
            let mv = self.agent_talk(round, i, private, sides, memory, rng, obs);
            if mv.ask {
                sides[i].asks += 1;
                if O::ACTIVE {
                    obs.on(Event::Ask { round, side: i });
                }
                self.agent_answer(round, j, mv.discloses(), private, sides, memory, rng, obs);
            }
        }
        let p = self.exchange.leak_probability;
        if p > 0.0 {
            for i in 0..2 {
                // Nothing leaks about a reservation that is common knowledge.
                if rng.random::<f64>() < p && !self.disclosed(i) {
                    self.leak(round, i, private, sides, rng, obs);
                }
            }
        }
    }

    /// Side `i`'s own turn off the record (a strategy's, also against a
    /// student): confide or stay silent. Returns its move, which says
    /// whether it asks.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    pub(super) fn agent_talk<R: Rng + ?Sized, O: Observer>(
        &self,
        round: u32,
        i: usize,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &[Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Move {
        let view = self.view(
            round,
            i,
            sides,
            memory,
            sides[1 - i].disclosed_last,
            rng.random(),
        );
        let mv = self.sayable(i, self.agents[i].exchange(&view));
        sides[i].disclosed_last = mv.discloses();
        if mv.discloses() {
            sides[i].confidences += 1;
            self.disclose(round, i, mv, false, private, sides, rng, obs);
        } else if O::ACTIVE && !mv.ask {
            obs.on(Event::Silent { round, side: i });
        }
        mv
    }

    /// Strategy side `j` answers the question "how is it on your side?"
    /// (or declines); `confided` says whether the asker just confided.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    pub(super) fn agent_answer<R: Rng + ?Sized, O: Observer>(
        &self,
        round: u32,
        j: usize,
        confided: bool,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &[Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) {
        let view = self.view(round, j, sides, memory, confided, rng.random());
        let reply = self.sayable(j, self.agents[j].answer(&view));
        if reply.discloses() {
            sides[j].answers += 1;
            self.disclose(round, j, reply, true, private, sides, rng, obs);
        } else if O::ACTIVE {
            obs.on(Event::Decline { round, side: j });
        }
    }

    /// What of `mv` side `i` can say: nothing about a reservation that is
    /// common knowledge, nor about weights in `price`.
    pub(super) fn sayable(&self, i: usize, mut mv: Move) -> Move {
        if self.disclosed(i) {
            mv.reservation = None;
        }
        if !self.scenario.has_weights() {
            mv.weights = None;
        }
        mv
    }

    /// Body language leaks side `i`'s reservation: truthful but noisy, and
    /// stated inside the support.
    pub(super) fn leak<R: Rng + ?Sized, O: Observer>(
        &self,
        round: u32,
        i: usize,
        private: &Private,
        sides: &mut [Side; 2],
        rng: &mut R,
        obs: &mut O,
    ) {
        let sigma = self.exchange.leak_sigma * self.sd[i];
        let z: f64 = StandardNormal.sample(rng);
        let truth = private.reservation[i];
        let (lo, hi) = self.facets[i].prior().support();
        let signal = (truth + sigma * z).clamp(lo, hi);
        sides[1 - i].res.leak(signal, sigma);
        sides[i].leaks += 1;
        if O::ACTIVE {
            obs.on(Event::Leak {
                round,
                side: i,
                signal,
                truth,
            });
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
        rng: &mut R,
        obs: &mut O,
    ) {
        if let Some(claim) = mv.reservation {
            self.claim_reservation(round, i, claim, answer, private, sides, rng, obs);
        }
        if let Some(Claim { sigma, .. }) = mv.weights {
            let n = self.issues();
            let mut claimed = [0.0; MAX_ISSUES];
            for (k, c) in claimed.iter_mut().enumerate().take(n) {
                let sd = self.weight_facets[i][k].prior().sd();
                let z: f64 = StandardNormal.sample(rng);
                let s = sigma * sd;
                *c = (private.weights[i][k] + s * z).clamp(0.0, 1.0);
            }
            let said = WeightsSaid {
                claimed,
                sigma,
                answer,
            };
            self.state_weights(round, i, &said, private, sides, obs);
        }
    }

    /// Side `i` states `said` about its weights (`multi_issue`): side `j`
    /// records each claimed weight with the stated noise (weights are
    /// honest in both branches of the speaker model: no test).
    #[inline]
    pub(super) fn state_weights<O: Observer>(
        &self,
        round: u32,
        i: usize,
        said: &WeightsSaid,
        private: &Private,
        sides: &mut [Side; 2],
        obs: &mut O,
    ) {
        let j = 1 - i;
        let n = self.issues();
        let WeightsSaid {
            claimed,
            sigma,
            answer,
        } = *said;
        for (k, &c) in claimed.iter().enumerate().take(n) {
            let sd = self.weight_facets[i][k].prior().sd();
            let s = sigma * sd;
            let w = &mut sides[j].weights[k];
            if s > 0.0 {
                w.0 += 1.0 / (s * s);
                w.1 += c / (s * s);
            } else {
                // An exact weight: a precision far beyond any claim's.
                w.0 += 1e12;
                w.1 += 1e12 * c;
            }
        }
        let given = sides[i].given_precision[1].add(sigma);
        sides[i].given += n as f64 * given;
        sides[j].heard_precision[1].add(sigma);
        self.update_received(j, sides);
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

    /// Side `i` claims its reservation: the truth, shifted in its favour by
    /// the run's bluff, plus noise of the stated size, stated inside the
    /// support; side `j` tests it and, unless it is a lie, records it.
    #[allow(clippy::too_many_arguments)]
    fn claim_reservation<R: Rng + ?Sized, O: Observer>(
        &self,
        round: u32,
        i: usize,
        claim: Claim,
        answer: bool,
        private: &Private,
        sides: &mut [Side; 2],
        rng: &mut R,
        obs: &mut O,
    ) {
        let sd = self.sd[i];
        let shift = *sides[i]
            .shift
            .get_or_insert(self.favour[i] * claim.bluff * sd);
        let truth = private.reservation[i];
        let s = claim.sigma * sd;
        let noise = if s > 0.0 {
            {
                let z: f64 = StandardNormal.sample(rng);
                s * z
            }
        } else {
            0.0
        };
        let (lo, hi) = self.facets[i].prior().support();
        let claimed = (truth + shift + noise).clamp(lo, hi);
        let said = Said {
            claimed,
            sigma: claim.sigma,
            bluff: shift != 0.0,
            answer,
        };
        self.state_reservation(round, i, said, private, sides, obs);
    }

    /// Side `i` states `said` about its reservation: it commits to it, and
    /// side `j` tests it and, unless it is a lie, records it.
    #[inline]
    pub(super) fn state_reservation<O: Observer>(
        &self,
        round: u32,
        i: usize,
        said: Said,
        private: &Private,
        sides: &mut [Side; 2],
        obs: &mut O,
    ) {
        let Said {
            claimed,
            sigma,
            bluff,
            answer,
        } = said;
        let j = 1 - i;
        let truth = private.reservation[i];
        let s = sigma * self.sd[i];
        // What the speaker commits to.
        let me = &mut sides[i];
        if s > 0.0 {
            me.own.0 += 1.0 / (s * s);
            me.own.1 += claimed / (s * s);
        } else if me.own_exact.is_none() {
            me.own_exact = Some(claimed);
        }
        me.given += me.given_precision[0].add(sigma);
        me.told = true;
        me.told_precise |= sigma <= 0.1;
        if bluff {
            me.bluffs += 1;
        }
        if O::ACTIVE {
            obs.on(Event::Reservation {
                round,
                side: i,
                claimed,
                truth,
                sigma: s,
                bluff,
                answer,
            });
        }
        let listener = &mut sides[j];
        listener.heard = true;
        if listener.known {
            return;
        }
        let lie = listener.detector.claim(&listener.res, claimed, s);
        match lie.or_else(|| listener.res.claim(claimed, s).err()) {
            Some(_) => self.caught(round, j, Caught::Claim(claimed), sides, obs),
            None => {
                if sigma <= 0.1 {
                    listener.precise_claim = true;
                }
                listener.heard_precision[0].add(sigma);
                self.update_received(j, sides);
            }
        }
    }

    /// The debrief of a match: each side learns the other's reservation and
    /// tests the other's claims of the run against it, as one more test of
    /// the honest model (an exact claim must be the truth; noisy claims are
    /// tested at the next level of the run's sequence).
    pub(super) fn debrief<O: Observer>(
        &self,
        private: &Private,
        sides: &mut [Side; 2],
        obs: &mut O,
    ) {
        for j in 0..2 {
            let side = &mut sides[j];
            if side.known || !side.res.has_claims() {
                continue;
            }
            let truth = private.reservation[1 - j];
            // Bayes on the run's claims given the truth, then the penalty if
            // the claims fail the test.
            let trust = self.facets[1 - j].debrief(&side.res, truth);
            let lie = side.detector.claim(&side.res, truth, 0.0);
            side.res.set_trust(trust);
            side.debriefed = true;
            if lie.is_some() {
                let round = self.exchange.rounds + self.protocol.deadline() + 1;
                let claimed = sides[1 - j].claimed_limit().unwrap_or(truth);
                self.caught(round, j, Caught::Debrief { claimed, truth }, sides, obs);
            }
        }
    }

    /// Recompute the bits side `j` believes it received this run.
    fn update_received(&self, j: usize, sides: &mut [Side; 2]) {
        let exact = self.agents[j].reciprocal();
        sides[j].received = self.bits_received(j, &sides[j], exact);
    }

    /// Side `j` caught the other in a lie (`what`: in what): it discards the claim (already not recorded) or, for an offer
    /// against its claims, the claims themselves; its trust falls by its
    /// penalty (after the debrief's Bayes update, which keeps the claims).
    pub(super) fn caught<O: Observer>(
        &self,
        round: u32,
        j: usize,
        what: Caught,
        sides: &mut [Side; 2],
        obs: &mut O,
    ) {
        let (claimed, revealed) = match what {
            Caught::Claim(y) => (y, y),
            Caught::Offer { claimed, offer } => (claimed, offer),
            Caught::Debrief { claimed, truth } => (claimed, truth),
        };
        let i = 1 - j;
        let bluffing = sides[i].shift.is_some_and(|s| s != 0.0);
        let penalty = self.agents[j].trust_penalty();
        let side = &mut sides[j];
        side.detections[usize::from(!bluffing)] += 1;
        let trust = side.res.trust() * (1.0 - penalty);
        if matches!(what, Caught::Offer { .. }) {
            // An offer against the claims: the claims go.
            side.res = side.res.without_claims();
            side.heard_precision[0] = Precision::ZERO;
        }
        side.res.set_trust(trust);
        if O::ACTIVE {
            obs.on(Event::LieDetected {
                round,
                by: j,
                claimed,
                revealed,
                trust,
            });
        }
    }
}
