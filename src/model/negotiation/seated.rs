//! A negotiation with one side's decisions, or both sides', taken from
//! outside the engine: a student's moves ([`Table::play_human`]) or an
//! external agent ([`Seat`], [`Table::play_seated`]). The decisions go
//! through the same exchange, belief and offer machinery as a strategy's
//! (claim tests, leaks, plans, acceptance and walk-away of an engine side);
//! only the decisions of a seated side come from outside.
//!
//! This is a separate code path from [`Table::play`]'s batch loop, which it
//! leaves untouched. This file holds who decides for a side (`Game`) and
//! the run; its loops are `seated_loop`'s, one for both scenarios, with
//! what differs behind its `Moves`: `price` (under alternating offers, or
//! the double auction, whose formal phase is `seated_auction`'s) and
//! `multi_issue` (`seated_multi`).

use super::events::{Event, Observer, Recorder};
use super::exchange::Said;
use super::human::{BeliefStep, Cause, Decision, HumanMove, Statement};
use super::knowledge::Side;
use super::offers::Plan;
use super::seated_loop::{Moves, PriceMoves};
use super::seated_multi::{MultiMoves, MultiSeat};
use super::{Outcome, Table};
use crate::model::posterior::Posterior;
use crate::model::scenario::Private;
use crate::model::strategy::Memory;
use rand::Rng;

/// Where one side's decisions come from when it is not a strategy: an
/// external agent. `decide` must return a move that
/// [`Decision::fits`]; a move that does not is taken as the passive one
/// (silence, a declined answer, walking away).
pub trait Seat {
    /// The move of side `side` (0 = A, the buyer) for `decision`, given
    /// every event of the run so far (the seat shows its agent only what
    /// that side may know).
    fn decide(&mut self, side: usize, decision: Decision, events: &[Event]) -> HumanMove;

    /// The same seat for the `multi_issue` scenario, if it can play there
    /// (a seat that cannot is passive: it stays silent and walks away).
    fn multi(&mut self) -> Option<&mut dyn MultiSeat> {
        None
    }
}

/// The passive answer to a decision: silence, a declined answer, walking
/// away, no bid (what a forfeiting agent does).
pub fn passive(d: Decision) -> HumanMove {
    match d {
        Decision::Talk { .. } => HumanMove::Talk {
            claim: None,
            ask: false,
        },
        Decision::Answer { .. } => HumanMove::Answer(None),
        // In a double auction, no bid: no trade.
        Decision::Offer { .. } | Decision::Respond { .. } | Decision::Bid { .. } => {
            HumanMove::WalkAway
        }
    }
}

/// Why a replay stopped early.
pub(super) enum Stop {
    Waiting(Decision),
    Invalid(usize, Decision),
}

/// Who decides for a side.
pub(super) enum Control<'m> {
    /// Its strategy, in the engine.
    Engine,
    /// A student's moves so far (replayed).
    Moves { moves: &'m [HumanMove], next: usize },
    /// An external agent.
    Seat(&'m mut dyn Seat),
}

/// The state of a seated play.
pub(super) struct Game<'m> {
    ctl: [Control<'m>; 2],
    /// The student, whose listener's beliefs are noted step by step.
    student: Option<usize>,
    /// Whether the run ends with a debrief (matches of several runs).
    debrief: bool,
    pub(super) rec: Recorder,
    pub(super) beliefs: Vec<BeliefStep>,
}

impl<'m> Game<'m> {
    pub(super) fn new(ctl: [Control<'m>; 2], student: Option<usize>) -> Self {
        Game {
            ctl,
            student,
            debrief: false,
            rec: Recorder::default(),
            beliefs: Vec::new(),
        }
    }

    /// Whether side `i` decides from outside.
    pub(super) fn outside(&self, i: usize) -> bool {
        !matches!(self.ctl[i], Control::Engine)
    }

    /// Side `i`'s next move, which must answer `d`.
    pub(super) fn take(&mut self, i: usize, d: Decision) -> Result<HumanMove, Stop> {
        match &mut self.ctl[i] {
            Control::Engine => unreachable!("an engine side decides in the engine"),
            Control::Moves { moves, next } => {
                let Some(mv) = moves.get(*next) else {
                    return Err(Stop::Waiting(d));
                };
                if !d.fits(mv) {
                    return Err(Stop::Invalid(*next, d));
                }
                *next += 1;
                Ok(*mv)
            }
            Control::Seat(seat) => {
                let mv = seat.decide(i, d, &self.rec.0);
                Ok(if d.fits(&mv) { mv } else { passive(d) })
            }
        }
    }

    /// The seat of side `i`, an external agent, with every event so far.
    pub(super) fn seat(&mut self, i: usize) -> (&mut dyn Seat, &[Event]) {
        match &mut self.ctl[i] {
            Control::Seat(seat) => (&mut **seat, &self.rec.0),
            _ => unreachable!("side {i} is not an agent's seat"),
        }
    }
}

/// What an engine side keeps through the formal phase.
pub(super) struct Engine<'b> {
    pub(super) belief: Posterior<'b>,
    pub(super) plan: Plan,
    /// Whether its plan is new (it then checks whether to walk away).
    pub(super) fresh: bool,
}

impl<'a> Table<'a> {
    /// Play one run with the decisions of each side that has a seat taken
    /// from it (the other side's from its strategy). `memory` carries over
    /// between the runs of a match as in [`Table::play`]; `obs` sees every
    /// event. Requires [`Table::seatable`]; in `multi_issue` a seat plays
    /// through its [`Seat::multi`].
    pub fn play_seated<R: Rng + ?Sized, O: Observer>(
        &self,
        private: &Private,
        seats: [Option<&mut dyn Seat>; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Outcome {
        assert!(
            self.seatable(),
            "play_seated: price, or multi_issue under alternating offers"
        );
        let ctl = seats.map(|s| match s {
            Some(seat) => Control::Seat(seat),
            None => Control::Engine,
        });
        let mut game = Game::new(ctl, None);
        let mut sides = self.new_sides(private, memory, rng);
        game.debrief = self.debrief;
        let run = if self.scenario.has_weights() {
            self.seated_run::<MultiMoves, R>(private, &mut sides, memory, rng, &mut game)
        } else {
            self.seated_run::<PriceMoves, R>(private, &mut sides, memory, rng, &mut game)
        };
        let Ok(o) = run else {
            unreachable!("a seat always answers")
        };
        if O::ACTIVE {
            for e in game.rec.0 {
                obs.on(e);
            }
        }
        o
    }

    /// The run: the off-the-record rounds, the formal phase and the
    /// outcome, with the seated sides' moves read as `K`'s.
    pub(super) fn seated_run<K: Moves, R: Rng + ?Sized>(
        &self,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        game: &mut Game,
    ) -> Result<Outcome, Stop> {
        let mut round = 0;
        for _ in 0..self.exchange.rounds {
            round += 1;
            self.seated_exchange::<K, R>(round, private, sides, memory, rng, game)?;
        }
        let mut beliefs = [0, 1].map(|i| self.belief(i, &sides[i]));
        let start = [0, 1].map(|i| self.knowledge(i, private, &sides[i], Some(&beliefs[i])));
        game.rec.on(Event::FormalStart {
            beliefs: beliefs.map(|b| (b.mean(), b.sd())),
        });
        let formal = self.seated_formal::<K, R>(round, private, sides, memory, rng, game)?;
        beliefs = [0, 1].map(|i| self.belief(i, &sides[i]));
        let end = if self.exchange.every > 0 {
            [0, 1].map(|i| self.knowledge(i, private, &sides[i], None))
        } else {
            start
        };
        if game.debrief {
            self.debrief(private, sides, &mut game.rec);
        }
        Ok(self.outcome(private, sides, memory, formal, [start, end], &beliefs))
    }

    /// Note the listener's belief about the student `h` after an event.
    pub(super) fn note(
        &self,
        h: usize,
        cause: Cause,
        private: &Private,
        sides: &[Side; 2],
        game: &mut Game,
    ) {
        if game.student != Some(h) {
            return;
        }
        let g = 1 - h;
        let b = self.belief(g, &sides[g]);
        game.beliefs.push(BeliefStep {
            event: game.rec.0.len(),
            cause,
            mean: b.mean(),
            sd: b.sd(),
            bits: b.info_bits(private.reservation[h]),
            trust: sides[g].res.trust(),
        });
    }

    /// Seated side `h` states `st` (as a confidence, or an answer).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn seated_claim(
        &self,
        round: u32,
        h: usize,
        st: Statement,
        answer: bool,
        private: &Private,
        sides: &mut [Side; 2],
        game: &mut Game,
    ) {
        let (lo, hi) = self.facets[h].prior().support();
        let claimed = st.value.clamp(lo, hi);
        let sigma = st.sigma.max(0.0);
        let truth = private.reservation[h];
        // A bluff: a claim further in its own favour than its stated noise
        // allows (an exact claim: at all, beyond a rounding of 1e-4 sd).
        let slack = (sigma * self.sd[h]).max(1e-4 * self.sd[h]);
        let bluff = self.favour[h] * (claimed - truth) > slack;
        if bluff {
            sides[h].shift = Some(claimed - truth);
        } else {
            sides[h].shift.get_or_insert(0.0);
        }
        let before = sides[1 - h].caught();
        let said = Said {
            claimed,
            sigma,
            bluff,
            answer,
        };
        self.state_reservation(round, h, said, private, sides, &mut game.rec);
        if sides[1 - h].known {
            return;
        }
        let cause = if sides[1 - h].caught() > before {
            Cause::Caught
        } else {
            Cause::Claim
        };
        self.note(h, cause, private, sides, game);
    }

    /// Engine side `i`'s belief and plan from round `t` on.
    pub(super) fn engine<'s>(
        &'s self,
        i: usize,
        t: u32,
        private: &Private,
        side: &Side,
    ) -> Engine<'s> {
        let belief = self.belief(i, side);
        let plan = self.plan_from(i, t, private, side, &belief);
        Engine {
            belief,
            plan,
            fresh: true,
        }
    }
}
