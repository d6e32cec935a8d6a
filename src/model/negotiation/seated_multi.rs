//! A `multi_issue` negotiation with one side's decisions, or both sides',
//! taken from outside the engine (an external agent's [`Seat`], through
//! [`Seat::multi`]). As in `seated`, the decisions go through the engine's
//! own machinery: a seated side's claims about its reservation utility are
//! tested and recorded as a strategy's ([`Table::seated_claim`]), its
//! claims about its weights as a strategy's ([`Table::state_weights`]);
//! an engine side talks, answers, plans on its believed Pareto frontier,
//! offers, accepts and walks away exactly as in [`Table::play`] (MODEL.md
//! section 6). Only the seated side's decisions come from outside; an
//! offer is a package `x` (side A's share of each issue, in [0, 1]).
//!
//! A separate code path from the batch loop, which it leaves untouched.

use super::decide::{Responder, same_offer};
use super::events::{Event, Observer};
use super::exchange::WeightsSaid;
use super::human::Statement;
use super::knowledge::Side;
use super::offers::{Formal, Offer};
use super::seated::{Control, Engine, Game, Seat};
use super::{Outcome, Table};
use crate::model::rules::Protocol;
use crate::model::scenario::{MAX_ISSUES, Private, Scenario};
use crate::model::strategy::Memory;
use rand::{Rng, RngExt};

/// What a seated side is asked to decide in `multi_issue`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MultiDecision {
    /// Its turn in off-the-record round `round`: [`MultiMove::Talk`].
    Talk {
        /// Exchange round (from 1).
        round: u32,
    },
    /// The other asked: [`MultiMove::Answer`].
    Answer {
        /// Exchange round.
        round: u32,
    },
    /// Its offer in formal round `round`: [`MultiMove::Offer`] or
    /// [`MultiMove::WalkAway`].
    Offer {
        /// Formal round (from 1).
        round: u32,
    },
    /// The other offered package `offer` (A's share of each issue; the
    /// first `issues` entries): [`MultiMove::Accept`],
    /// [`MultiMove::Reject`] or [`MultiMove::WalkAway`].
    Respond {
        /// Formal round.
        round: u32,
        /// The package on the table.
        offer: [f64; MAX_ISSUES],
    },
}

impl MultiDecision {
    /// Its round (exchange or formal).
    pub fn round(&self) -> u32 {
        match *self {
            MultiDecision::Talk { round }
            | MultiDecision::Answer { round }
            | MultiDecision::Offer { round }
            | MultiDecision::Respond { round, .. } => round,
        }
    }

    /// Whether `mv` answers this decision (an offer: a package of numbers
    /// in [0, 1]).
    pub fn fits(&self, mv: &MultiMove) -> bool {
        match (self, mv) {
            (MultiDecision::Talk { .. }, MultiMove::Talk { .. })
            | (MultiDecision::Answer { .. }, MultiMove::Answer(_))
            | (MultiDecision::Offer { .. }, MultiMove::WalkAway)
            | (
                MultiDecision::Respond { .. },
                MultiMove::Accept | MultiMove::Reject | MultiMove::WalkAway,
            ) => true,
            (MultiDecision::Offer { .. }, MultiMove::Offer(x)) => {
                x.iter().all(|v| (0.0..=1.0).contains(v))
            }
            _ => false,
        }
    }
}

/// A claim about one's weights: a weight per issue (the first `issues`
/// entries, each stated inside [0, 1]) and the stated noise, in prior sds
/// of each weight (0: exact).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightsClaim {
    /// The weights stated.
    pub values: [f64; MAX_ISSUES],
    /// Stated noise in prior sds (0: exact).
    pub sigma: f64,
}

/// What a seated side says about itself in one turn: its reservation
/// utility, its weights, both, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MultiClaim {
    /// A claim about its reservation utility.
    pub reservation: Option<Statement>,
    /// A claim about its weights.
    pub weights: Option<WeightsClaim>,
}

impl MultiClaim {
    /// Whether it says anything.
    pub fn says(&self) -> bool {
        self.reservation.is_some() || self.weights.is_some()
    }
}

/// One decision of a seated side in `multi_issue`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MultiMove {
    /// Its turn off the record: a confidence (or none), then possibly
    /// "how is it on your side?". No claim and no question is silence.
    Talk {
        /// What it confides.
        claim: MultiClaim,
        /// Whether it asks.
        ask: bool,
    },
    /// Its reply to the other's question (an empty claim declines).
    Answer(MultiClaim),
    /// Its offer: A's share of each issue.
    Offer([f64; MAX_ISSUES]),
    /// It accepts the package on the table.
    Accept,
    /// It rejects it (its own offer comes in its round).
    Reject,
    /// It walks away.
    WalkAway,
}

/// The passive answer to a decision: silence, a declined answer, walking
/// away (what a forfeiting agent does).
pub fn passive_multi(d: MultiDecision) -> MultiMove {
    match d {
        MultiDecision::Talk { .. } => MultiMove::Talk {
            claim: MultiClaim::default(),
            ask: false,
        },
        MultiDecision::Answer { .. } => MultiMove::Answer(MultiClaim::default()),
        MultiDecision::Offer { .. } | MultiDecision::Respond { .. } => MultiMove::WalkAway,
    }
}

/// Where a seated side's `multi_issue` decisions come from (an external
/// agent). A move that does not [`MultiDecision::fits`] is taken as the
/// passive one.
pub trait MultiSeat {
    /// The move of side `side` for `decision`, given every event of the
    /// run so far (the seat shows its agent only what that side may know).
    fn decide_multi(&mut self, side: usize, decision: MultiDecision, events: &[Event])
    -> MultiMove;
}

/// The seats of a play: `None` for an engine side.
struct Seats<'s> {
    seats: [Option<&'s mut dyn Seat>; 2],
    game: Game<'s>,
}

impl Seats<'_> {
    /// Seated side `i`'s move for `d` (passive if it cannot play here or
    /// answers out of turn).
    fn take(&mut self, i: usize, d: MultiDecision) -> MultiMove {
        let seat = self.seats[i]
            .as_deref_mut()
            .expect("an engine side decides in the engine");
        let mv = match seat.multi() {
            Some(m) => m.decide_multi(i, d, &self.game.rec.0),
            None => passive_multi(d),
        };
        if d.fits(&mv) { mv } else { passive_multi(d) }
    }

    fn outside(&self, i: usize) -> bool {
        self.seats[i].is_some()
    }
}

impl<'a> Table<'a> {
    /// The scenario (what a seat tells its agent about the issues and
    /// priors).
    pub fn scenario(&self) -> &Scenario {
        self.scenario
    }

    /// [`Table::play_seated`] in `multi_issue`.
    pub(super) fn play_seated_multi<R: Rng + ?Sized, O: Observer>(
        &self,
        private: &Private,
        seats: [Option<&mut dyn Seat>; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Outcome {
        assert!(
            matches!(self.protocol, Protocol::AlternatingOffers { .. })
                && self.scenario.has_weights(),
            "play_seated_multi: multi_issue under alternating offers"
        );
        let mut st = Seats {
            seats,
            game: Game::new([Control::Engine, Control::Engine], None),
        };
        let mut sides = self.new_sides(private, memory, rng);
        let mut round = 0;
        for _ in 0..self.exchange.rounds {
            round += 1;
            self.multi_exchange(round, private, &mut sides, memory, rng, &mut st);
        }
        let beliefs = [0, 1].map(|i| self.belief(i, &sides[i]));
        let start = [0, 1].map(|i| self.knowledge(i, private, &sides[i], Some(&beliefs[i])));
        st.game.rec.on(Event::FormalStart {
            beliefs: beliefs.map(|b| (b.mean(), b.sd())),
        });
        let formal = self.multi_formal(round, private, &mut sides, memory, rng, &mut st);
        let beliefs = [0, 1].map(|i| self.belief(i, &sides[i]));
        let end = if self.exchange.every > 0 {
            [0, 1].map(|i| self.knowledge(i, private, &sides[i], None))
        } else {
            start
        };
        if self.debrief {
            self.debrief(private, &mut sides, &mut st.game.rec);
        }
        let o = self.outcome(private, &sides, memory, formal, [start, end], &beliefs);
        if O::ACTIVE {
            for e in st.game.rec.0 {
                obs.on(e);
            }
        }
        o
    }

    /// Seated side `h` states `claim` (a confidence, or an answer); returns
    /// whether it said anything that counts (nothing is said about a
    /// reservation that is common knowledge).
    #[allow(clippy::too_many_arguments)]
    fn multi_claim(
        &self,
        round: u32,
        h: usize,
        claim: MultiClaim,
        answer: bool,
        private: &Private,
        sides: &mut [Side; 2],
        game: &mut Game,
    ) -> bool {
        let reservation = claim.reservation.filter(|_| !self.disclosed(h));
        if let Some(st) = reservation {
            self.seated_claim(round, h, st, answer, private, sides, game);
        }
        if let Some(w) = claim.weights {
            let mut claimed = [0.0; MAX_ISSUES];
            for (c, v) in claimed.iter_mut().zip(&w.values).take(self.issues()) {
                *c = v.clamp(0.0, 1.0);
            }
            let said = WeightsSaid {
                claimed,
                sigma: w.sigma.max(0.0),
                answer,
            };
            self.state_weights(round, h, &said, private, sides, &mut game.rec);
        }
        reservation.is_some() || claim.weights.is_some()
    }

    /// One off-the-record round: A's turn, B's turn, then body language.
    fn multi_exchange<R: Rng + ?Sized>(
        &self,
        round: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        st: &mut Seats,
    ) {
        for i in 0..2 {
            let j = 1 - i;
            let (confided, ask) = if st.outside(i) {
                let MultiMove::Talk { claim, ask } = st.take(i, MultiDecision::Talk { round })
                else {
                    unreachable!("take checks the move")
                };
                let said = self.multi_claim(round, i, claim, false, private, sides, &mut st.game);
                sides[i].disclosed_last = said;
                if said {
                    sides[i].confidences += 1;
                } else if !ask {
                    st.game.rec.on(Event::Silent { round, side: i });
                }
                (said, ask)
            } else {
                let mv = self.agent_talk(round, i, private, sides, memory, rng, &mut st.game.rec);
                (mv.discloses(), mv.ask)
            };
            if !ask {
                continue;
            }
            sides[i].asks += 1;
            st.game.rec.on(Event::Ask { round, side: i });
            if st.outside(j) {
                let MultiMove::Answer(claim) = st.take(j, MultiDecision::Answer { round }) else {
                    unreachable!("take checks the move")
                };
                if self.multi_claim(round, j, claim, true, private, sides, &mut st.game) {
                    sides[j].answers += 1;
                } else {
                    st.game.rec.on(Event::Decline { round, side: j });
                }
            } else {
                self.agent_answer(
                    round,
                    j,
                    confided,
                    private,
                    sides,
                    memory,
                    rng,
                    &mut st.game.rec,
                );
            }
        }
        let p = self.exchange.leak_probability;
        if p > 0.0 {
            for i in 0..2 {
                if rng.random::<f64>() < p && !self.disclosed(i) {
                    self.leak(round, i, private, sides, rng, &mut st.game.rec);
                }
            }
        }
    }

    /// The offer of package `x` (A's share of each issue): its value is A's
    /// utility, as the engine's offers.
    fn package(&self, private: &Private, x: [f64; MAX_ISSUES]) -> Offer {
        let n = self.issues();
        let mut y = [0.0; MAX_ISSUES];
        y[..n].copy_from_slice(&x[..n]);
        let value = (0..n).map(|k| private.weights[0][k] * y[k]).sum();
        Offer { value, x: y }
    }

    /// Alternating offers (A proposes in odd rounds); an engine side plans
    /// on its believed frontier, offers, accepts and walks away as in
    /// [`Table::play`].
    fn multi_formal<R: Rng + ?Sized>(
        &self,
        mut xround: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        st: &mut Seats,
    ) -> Formal {
        let deadline = self.protocol.deadline();
        let mut eng: [Option<Engine>; 2] = [None, None];
        for i in 0..2 {
            if !st.outside(i) {
                let e = self.engine(i, 1, private, &sides[i]);
                if self.walks(i, &e.plan, &e.belief, &sides[i]) {
                    return self.walk(i, 0, &mut st.game.rec);
                }
                eng[i] = Some(Engine { fresh: false, ..e });
            }
        }
        let every = self.exchange.every;
        let scale = self.sd[0].max(self.sd[1]);
        // Each side's last offer (an engine responder takes a repeated one
        // as held).
        let mut last: [Option<Offer>; 2] = [None, None];
        for t in 1..=deadline {
            let i = ((t - 1) % 2) as usize;
            let j = 1 - i;
            let offer = match &mut eng[i] {
                Some(e) => {
                    if e.fresh && self.walks(i, &e.plan, &e.belief, &sides[i]) {
                        return self.walk(i, t, &mut st.game.rec);
                    }
                    e.fresh = false;
                    let offer = self.offer(i, t, private, &e.plan);
                    st.game.rec.on(Event::Offer {
                        round: t,
                        side: i,
                        value: offer.value,
                        x: offer.x,
                        belief: (e.belief.mean(), e.belief.sd()),
                    });
                    offer
                }
                None => {
                    let MultiMove::Offer(x) = st.take(i, MultiDecision::Offer { round: t }) else {
                        return self.walk(i, t, &mut st.game.rec);
                    };
                    let offer = self.package(private, x);
                    let mine = self.belief(i, &sides[i]);
                    st.game.rec.on(Event::Offer {
                        round: t,
                        side: i,
                        value: offer.value,
                        x: offer.x,
                        belief: (mine.mean(), mine.sd()),
                    });
                    offer
                }
            };
            let caught = self.hear_offer(t, j, &offer, sides, &mut st.game.rec);
            let accepted = match &mut eng[j] {
                None => {
                    let d = MultiDecision::Respond {
                        round: t,
                        offer: offer.x,
                    };
                    match st.take(j, d) {
                        MultiMove::Accept => true,
                        MultiMove::WalkAway => return self.walk(j, t, &mut st.game.rec),
                        _ => false,
                    }
                }
                Some(e) => {
                    if caught {
                        *e = self.engine(j, t + 1, private, &sides[j]);
                    }
                    let held = self.continuation()
                        && last[i].is_some_and(|p| same_offer(&p, &offer, scale));
                    let view = Responder {
                        plan: &e.plan,
                        belief: &e.belief,
                        side: &sides[j],
                        held,
                    };
                    self.accepts(j, t, &offer, private, &view)
                }
            };
            last[i] = Some(offer);
            if accepted {
                st.game.rec.on(Event::Accept { round: t, side: j });
                return Formal {
                    deal: Some(offer),
                    rounds: t,
                    walk_away: None,
                };
            }
            if every > 0 && t % every == 0 && t < deadline {
                xround += 1;
                self.multi_exchange(xround, private, sides, memory, rng, st);
                for (k, e) in eng.iter_mut().enumerate() {
                    if let Some(e) = e {
                        *e = self.engine(k, t + 1, private, &sides[k]);
                    }
                }
                last = [None, None];
            }
        }
        Formal {
            deal: None,
            rounds: deadline,
            walk_away: None,
        }
    }
}
