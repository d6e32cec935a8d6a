//! A negotiation with one side's decisions, or both sides', taken from
//! outside the engine: a student's moves ([`Table::play_human`]) or an
//! external agent ([`Seat`], [`Table::play_seated`]). The decisions go
//! through the same exchange, belief and offer machinery as a strategy's
//! (claim tests, leaks, plans, acceptance and walk-away of an engine side);
//! only the decisions of a seated side come from outside.
//!
//! This is a separate code path from [`Table::play`]'s batch loop, which it
//! leaves untouched. Price scenario (under alternating offers, or the
//! double auction, whose formal phase is `seated_auction`'s); a seat in
//! `multi_issue` is played by `seated_multi`.

use super::decide::Responder;
use super::events::{Event, Observer, Recorder};
use super::exchange::Said;
use super::human::{BeliefStep, Cause, Decision, HumanMove, Statement};
use super::knowledge::Side;
use super::offers::{Formal, Offer, Plan};
use super::seated_multi::MultiSeat;
use super::{Outcome, Table};
use crate::model::posterior::Posterior;
use crate::model::rules::Protocol;
use crate::model::scenario::{MAX_ISSUES, Private};
use crate::model::strategy::Memory;
use rand::{Rng, RngExt};

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
    /// event. Requires [`Table::seatable`]; `multi_issue` is played by
    /// [`Table::play_seated_multi`] through each seat's [`Seat::multi`].
    pub fn play_seated<R: Rng + ?Sized, O: Observer>(
        &self,
        private: &Private,
        seats: [Option<&mut dyn Seat>; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Outcome {
        if self.scenario.has_weights() {
            return self.play_seated_multi(private, seats, memory, rng, obs);
        }
        assert!(self.seatable(), "play_seated: the price scenario");
        let ctl = seats.map(|s| match s {
            Some(seat) => Control::Seat(seat),
            None => Control::Engine,
        });
        let mut game = Game::new(ctl, None);
        let mut sides = self.new_sides(private, memory, rng);
        game.debrief = self.debrief;
        let Ok(o) = self.seated_run(private, &mut sides, memory, rng, &mut game) else {
            unreachable!("a seat always answers")
        };
        if O::ACTIVE {
            for e in game.rec.0 {
                obs.on(e);
            }
        }
        o
    }

    pub(super) fn seated_run<R: Rng + ?Sized>(
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
            self.seated_exchange(round, private, sides, memory, rng, game)?;
        }
        let mut beliefs = [0, 1].map(|i| self.belief(i, &sides[i]));
        let start = [0, 1].map(|i| self.knowledge(i, private, &sides[i], Some(&beliefs[i])));
        game.rec.on(Event::FormalStart {
            beliefs: beliefs.map(|b| (b.mean(), b.sd())),
        });
        let formal = self.seated_formal(round, private, sides, memory, rng, game)?;
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
    fn note(&self, h: usize, cause: Cause, private: &Private, sides: &[Side; 2], game: &mut Game) {
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

    /// One off-the-record round: A's turn, B's turn, then body language.
    fn seated_exchange<R: Rng + ?Sized>(
        &self,
        round: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        game: &mut Game,
    ) -> Result<(), Stop> {
        for i in 0..2 {
            let j = 1 - i;
            let (confided, ask) = if game.outside(i) {
                let HumanMove::Talk { claim, ask } = game.take(i, Decision::Talk { round })? else {
                    unreachable!("take checks the move")
                };
                let claim = claim.filter(|_| !self.disclosed(i));
                sides[i].disclosed_last = claim.is_some();
                if let Some(st) = claim {
                    sides[i].confidences += 1;
                    self.seated_claim(round, i, st, false, private, sides, game);
                } else if !ask {
                    game.rec.on(Event::Silent { round, side: i });
                }
                (claim.is_some(), ask)
            } else {
                let mv = self.agent_talk(round, i, private, sides, memory, rng, &mut game.rec);
                (mv.discloses(), mv.ask)
            };
            if !ask {
                continue;
            }
            sides[i].asks += 1;
            game.rec.on(Event::Ask { round, side: i });
            if game.outside(j) {
                let HumanMove::Answer(reply) = game.take(j, Decision::Answer { round })? else {
                    unreachable!("take checks the move")
                };
                match reply.filter(|_| !self.disclosed(j)) {
                    Some(st) => {
                        sides[j].answers += 1;
                        self.seated_claim(round, j, st, true, private, sides, game);
                    }
                    None => game.rec.on(Event::Decline { round, side: j }),
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
                    &mut game.rec,
                );
            }
        }
        let p = self.exchange.leak_probability;
        if p > 0.0 {
            for i in 0..2 {
                if rng.random::<f64>() < p && !self.disclosed(i) {
                    self.leak(round, i, private, sides, rng, &mut game.rec);
                    self.note(i, Cause::Leak, private, sides, game);
                }
            }
        }
        Ok(())
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

    /// Alternating offers (A proposes in odd rounds); an engine side plans,
    /// offers, accepts and walks away as in [`Table::play`].
    fn seated_formal<R: Rng + ?Sized>(
        &self,
        mut xround: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        game: &mut Game,
    ) -> Result<Formal, Stop> {
        if let Protocol::DoubleAuction { k, low, high, .. } = self.protocol {
            return self.seated_auction(k, (low, high), private, sides, memory, game);
        }
        let deadline = self.protocol.deadline();
        let mut eng: [Option<Engine>; 2] = [None, None];
        for i in 0..2 {
            if !game.outside(i) {
                let e = self.engine(i, 1, private, &sides[i]);
                if self.walks(i, &e.plan, &e.belief, &sides[i]) {
                    return Ok(self.walk(i, 0, &mut game.rec));
                }
                eng[i] = Some(Engine { fresh: false, ..e });
            }
        }
        let every = self.exchange.every;
        // Each side's last offer (an engine responder takes a repeated one
        // as held).
        let mut last: [Option<Offer>; 2] = [None, None];

        for t in 1..=deadline {
            let i = ((t - 1) % 2) as usize;
            let j = 1 - i;
            let offer = match &mut eng[i] {
                Some(e) => {
                    if e.fresh && self.walks(i, &e.plan, &e.belief, &sides[i]) {
                        return Ok(self.walk(i, t, &mut game.rec));
                    }
                    e.fresh = false;
                    let offer = self.offer(i, t, private, &e.plan);
                    game.rec.on(Event::Offer {
                        round: t,
                        side: i,
                        value: offer.value,
                        x: offer.x,
                        belief: (e.belief.mean(), e.belief.sd()),
                    });
                    offer
                }
                None => {
                    let value = match game.take(i, Decision::Offer { round: t })? {
                        HumanMove::Offer(v) => v,
                        _ => return Ok(self.walk(i, t, &mut game.rec)),
                    };
                    let offer = Offer {
                        value,
                        x: [0.0; MAX_ISSUES],
                    };
                    let mine = self.belief(i, &sides[i]);
                    game.rec.on(Event::Offer {
                        round: t,
                        side: i,
                        value,
                        x: offer.x,
                        belief: (mine.mean(), mine.sd()),
                    });
                    offer
                }
            };
            let caught = self.hear_offer(t, j, &offer, sides, &mut game.rec);
            let accepted = match &mut eng[j] {
                None => match game.take(
                    j,
                    Decision::Respond {
                        round: t,
                        offer: offer.value,
                    },
                )? {
                    HumanMove::Accept => true,
                    HumanMove::WalkAway => return Ok(self.walk(j, t, &mut game.rec)),
                    _ => false,
                },
                Some(e) => {
                    if caught {
                        // It caught a lie: it rethinks its target.
                        *e = self.engine(j, t + 1, private, &sides[j]);
                        self.note(i, Cause::Caught, private, sides, game);
                    } else if !sides[j].known {
                        self.note(i, Cause::Offer, private, sides, game);
                    }
                    // An offer repeated is taken to be held.
                    let held = self.continuation()
                        && last[i].is_some_and(|p: Offer| {
                            (p.value - offer.value).abs() <= 1e-9 * self.sd[i]
                        });
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
                game.rec.on(Event::Accept { round: t, side: j });
                return Ok(Formal {
                    deal: Some(offer),
                    rounds: t,
                    walk_away: None,
                });
            }
            if every > 0 && t % every == 0 && t < deadline {
                xround += 1;
                self.seated_exchange(xround, private, sides, memory, rng, game)?;
                for (k, e) in eng.iter_mut().enumerate() {
                    if let Some(e) = e {
                        *e = self.engine(k, t + 1, private, &sides[k]);
                    }
                }
                last = [None, None];
            }
        }
        Ok(Formal {
            deal: None,
            rounds: deadline,
            walk_away: None,
        })
    }
}
