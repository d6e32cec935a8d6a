//! One negotiation with one side's decisions supplied from outside: a
//! student in `negsim play`. The student's words and offers go through the
//! same exchange, belief and offer machinery as a strategy's (the same
//! claim tests, leaks, plans, acceptance and walk-away of the agent); only
//! the decisions of the student's side come from a list of [`HumanMove`]s
//! instead of a [`Strategy`](crate::model::strategy::Strategy).
//!
//! The play is replayed from its start with the moves made so far (a run is
//! microseconds), so a game is fully described by its seed and moves: it
//! stops at the first decision the moves do not cover ([`Step::Waiting`]).
//! This is a separate code path from [`Table::play`]: the batch path is
//! untouched. Price scenario under alternating offers only.

use super::decide::Responder;
use super::events::{Event, Observer, Recorder};
use super::exchange::Said;
use super::knowledge::Side;
use super::offers::{Formal, Offer};
use super::{Outcome, Table};
use crate::model::rules::Protocol;
use crate::model::scenario::{MAX_ISSUES, Private, Scenario};
use crate::model::strategy::Memory;
use rand::{Rng, RngExt};

/// A claim of the student about its limit: the value it states and how sure
/// it sounds (its stated noise, in prior sds of its limit; 0 exact).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Statement {
    /// The value stated.
    pub value: f64,
    /// Stated noise in prior sds (0: exact).
    pub sigma: f64,
}

/// One decision of the student.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HumanMove {
    /// Its turn off the record: a confidence about its limit (or none),
    /// then possibly "how is it on your side?". No claim and no question
    /// is silence.
    Talk {
        /// What it confides, if anything.
        claim: Option<Statement>,
        /// Whether it asks.
        ask: bool,
    },
    /// Its reply to the agent's question (`None` declines).
    Answer(Option<Statement>),
    /// Its offer in a round it proposes (a price).
    Offer(f64),
    /// It accepts the agent's offer on the table.
    Accept,
    /// It rejects the agent's offer (its own offer comes in its round).
    Reject,
    /// It walks away.
    WalkAway,
}

/// What the student is asked to decide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// Its turn in off-the-record round `round`: [`HumanMove::Talk`].
    Talk {
        /// Exchange round (from 1).
        round: u32,
    },
    /// The agent asked: [`HumanMove::Answer`].
    Answer {
        /// Exchange round.
        round: u32,
    },
    /// Its offer in formal round `round`: [`HumanMove::Offer`] or
    /// [`HumanMove::WalkAway`].
    Offer {
        /// Formal round (from 1).
        round: u32,
    },
    /// The agent offered `offer`: [`HumanMove::Accept`],
    /// [`HumanMove::Reject`] or [`HumanMove::WalkAway`].
    Respond {
        /// Formal round.
        round: u32,
        /// The agent's offer (a price).
        offer: f64,
    },
}

impl Decision {
    /// Whether `mv` answers this decision.
    pub fn fits(&self, mv: &HumanMove) -> bool {
        matches!(
            (self, mv),
            (Decision::Talk { .. }, HumanMove::Talk { .. })
                | (Decision::Answer { .. }, HumanMove::Answer(_))
                | (
                    Decision::Offer { .. },
                    HumanMove::Offer(_) | HumanMove::WalkAway
                )
                | (
                    Decision::Respond { .. },
                    HumanMove::Accept | HumanMove::Reject | HumanMove::WalkAway
                )
        )
    }
}

/// What changed the agent's belief about the student's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The student confided or answered.
    Claim,
    /// The agent caught the student in a lie (the claim is discarded, or
    /// the claims when an offer went beyond them).
    Caught,
    /// Body language leaked the student's limit.
    Leak,
    /// The student's offer (a bound on its limit).
    Offer,
}

/// The agent's belief about the student's limit after one event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BeliefStep {
    /// Number of events before it (it follows event `event - 1`).
    pub event: usize,
    /// What moved it.
    pub cause: Cause,
    /// Mean and sd of the belief.
    pub mean: f64,
    /// Sd of the belief.
    pub sd: f64,
    /// Log-score gain about the student's true limit (MODEL.md section 8),
    /// negative when misled.
    pub bits: f64,
    /// The agent's trust in the student.
    pub trust: f64,
}

/// Where a play stands after the moves given.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The next decision of the student.
    Waiting(Decision),
    /// The negotiation is over.
    Over(Box<Outcome>),
    /// Move `index` does not answer `decision`.
    Invalid {
        /// Index of the move.
        index: usize,
        /// What was asked.
        decision: Decision,
    },
}

/// A play as far as the moves go.
#[derive(Debug, Clone, PartialEq)]
pub struct HumanPlay {
    /// Every event so far, in order.
    pub events: Vec<Event>,
    /// The agent's belief about the student after each event that moved it.
    pub beliefs: Vec<BeliefStep>,
    /// The agent's belief before anything was said (its prior).
    pub prior: (f64, f64),
    /// Where it stands.
    pub step: Step,
}

/// Why the replay stopped early.
enum Stop {
    Waiting(Decision),
    Invalid(usize, Decision),
}

/// The state of a play being replayed.
struct Game<'m> {
    /// The student's side.
    h: usize,
    moves: &'m [HumanMove],
    next: usize,
    rec: Recorder,
    beliefs: Vec<BeliefStep>,
}

impl Game<'_> {
    /// The student's next move, which must answer `d`.
    fn take(&mut self, d: Decision) -> Result<HumanMove, Stop> {
        let Some(mv) = self.moves.get(self.next) else {
            return Err(Stop::Waiting(d));
        };
        if !d.fits(mv) {
            return Err(Stop::Invalid(self.next, d));
        }
        self.next += 1;
        Ok(*mv)
    }
}

impl Table<'_> {
    /// Whether a student can play under these rules (the `price` scenario
    /// under alternating offers).
    pub fn playable(&self) -> bool {
        matches!(self.scenario, Scenario::Price { .. })
            && matches!(self.protocol, Protocol::AlternatingOffers { .. })
    }

    /// The support of side `i`'s limit (claims are stated inside it).
    pub fn limit_support(&self, i: usize) -> (f64, f64) {
        self.facets[i].prior().support()
    }

    /// Prior sd of side `i`'s limit.
    pub fn limit_sd(&self, i: usize) -> f64 {
        self.sd[i]
    }

    /// Play one run with side `human`'s decisions taken from `moves`, until
    /// the moves run out or the negotiation ends. `rng` drives every chance
    /// event (pass a fresh generator of the same seed to replay). Requires
    /// [`Table::playable`].
    pub fn play_human<R: Rng + ?Sized>(
        &self,
        private: &Private,
        human: usize,
        moves: &[HumanMove],
        rng: &mut R,
    ) -> HumanPlay {
        assert!(
            self.playable(),
            "play_human: price under alternating offers"
        );
        let g = 1 - human;
        let mut game = Game {
            h: human,
            moves,
            next: 0,
            rec: Recorder::default(),
            beliefs: Vec::new(),
        };
        let mut memory = self.new_memories();
        let mut sides = self.new_sides(private, &memory, rng);
        let prior = {
            let b = self.belief(g, &sides[g]);
            (b.mean(), b.sd())
        };
        let result = self.human_run(private, &mut sides, &mut memory, rng, &mut game);
        let step = match result {
            Ok(o) => Step::Over(Box::new(o)),
            Err(Stop::Waiting(d)) => Step::Waiting(d),
            Err(Stop::Invalid(index, decision)) => Step::Invalid { index, decision },
        };
        HumanPlay {
            events: game.rec.0,
            beliefs: game.beliefs,
            prior,
            step,
        }
    }

    fn human_run<R: Rng + ?Sized>(
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
            self.human_exchange(round, private, sides, memory, rng, game)?;
        }
        let mut beliefs = [0, 1].map(|i| self.belief(i, &sides[i]));
        let start = [0, 1].map(|i| self.knowledge(i, private, &sides[i], Some(&beliefs[i])));
        game.rec.on(Event::FormalStart {
            beliefs: beliefs.map(|b| (b.mean(), b.sd())),
        });
        let formal = self.human_formal(round, private, sides, memory, rng, game)?;
        beliefs = [0, 1].map(|i| self.belief(i, &sides[i]));
        let end = if self.exchange.every > 0 {
            [0, 1].map(|i| self.knowledge(i, private, &sides[i], None))
        } else {
            start
        };
        Ok(self.outcome(private, sides, memory, formal, [start, end], &beliefs))
    }

    /// Note the agent's belief about the student after an event.
    fn note(&self, cause: Cause, private: &Private, sides: &[Side; 2], game: &mut Game) {
        let g = 1 - game.h;
        let b = self.belief(g, &sides[g]);
        game.beliefs.push(BeliefStep {
            event: game.rec.0.len(),
            cause,
            mean: b.mean(),
            sd: b.sd(),
            bits: b.info_bits(private.reservation[game.h]),
            trust: sides[g].res.trust(),
        });
    }

    /// The student states `st` (as a confidence, or an answer).
    fn human_claim(
        &self,
        round: u32,
        st: Statement,
        answer: bool,
        private: &Private,
        sides: &mut [Side; 2],
        game: &mut Game,
    ) {
        let h = game.h;
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
        self.note(cause, private, sides, game);
    }

    /// One off-the-record round with the student on side `game.h`.
    fn human_exchange<R: Rng + ?Sized>(
        &self,
        round: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        game: &mut Game,
    ) -> Result<(), Stop> {
        let h = game.h;
        for i in 0..2 {
            let j = 1 - i;
            if i == h {
                let HumanMove::Talk { claim, ask } = game.take(Decision::Talk { round })? else {
                    unreachable!("take checks the move")
                };
                let claim = claim.filter(|_| !self.disclosed(h));
                sides[h].disclosed_last = claim.is_some();
                if let Some(st) = claim {
                    sides[h].confidences += 1;
                    self.human_claim(round, st, false, private, sides, game);
                } else if !ask {
                    game.rec.on(Event::Silent { round, side: h });
                }
                if ask {
                    sides[h].asks += 1;
                    game.rec.on(Event::Ask { round, side: h });
                    self.agent_answer(
                        round,
                        j,
                        claim.is_some(),
                        private,
                        sides,
                        memory,
                        rng,
                        &mut game.rec,
                    );
                }
            } else {
                let mv = self.agent_talk(round, i, private, sides, memory, rng, &mut game.rec);
                if mv.ask {
                    sides[i].asks += 1;
                    game.rec.on(Event::Ask { round, side: i });
                    let HumanMove::Answer(reply) = game.take(Decision::Answer { round })? else {
                        unreachable!("take checks the move")
                    };
                    match reply.filter(|_| !self.disclosed(h)) {
                        Some(st) => {
                            sides[h].answers += 1;
                            self.human_claim(round, st, true, private, sides, game);
                        }
                        None => game.rec.on(Event::Decline { round, side: h }),
                    }
                }
            }
        }
        let p = self.exchange.leak_probability;
        if p > 0.0 {
            for i in 0..2 {
                if rng.random::<f64>() < p && !self.disclosed(i) {
                    self.leak(round, i, private, sides, rng, &mut game.rec);
                    if i == h {
                        self.note(Cause::Leak, private, sides, game);
                    }
                }
            }
        }
        Ok(())
    }

    /// Alternating offers with the student on side `game.h` (A proposes in
    /// odd rounds); the agent plans, offers, accepts and walks away as in
    /// [`Table::play`].
    fn human_formal<R: Rng + ?Sized>(
        &self,
        mut xround: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        game: &mut Game,
    ) -> Result<Formal, Stop> {
        let h = game.h;
        let g = 1 - h;
        let deadline = self.protocol.deadline();
        let mut belief = self.belief(g, &sides[g]);
        let mut plan = self.plan_from(g, 1, private, &sides[g], &belief);
        if self.walks(g, &plan, &belief, &sides[g]) {
            return Ok(self.walk(g, 0, &mut game.rec));
        }
        let every = self.exchange.every;
        let mut fresh = false;
        let mut last: Option<Offer> = None;

        for t in 1..=deadline {
            let i = ((t - 1) % 2) as usize;
            if i == g {
                if fresh && self.walks(g, &plan, &belief, &sides[g]) {
                    return Ok(self.walk(g, t, &mut game.rec));
                }
                fresh = false;
                let offer = self.offer(g, t, private, &plan);

                game.rec.on(Event::Offer {
                    round: t,
                    side: g,
                    value: offer.value,
                    x: offer.x,
                    belief: (belief.mean(), belief.sd()),
                });
                self.hear_offer(t, h, &offer, sides, &mut game.rec);
                match game.take(Decision::Respond {
                    round: t,
                    offer: offer.value,
                })? {
                    HumanMove::Accept => {
                        game.rec.on(Event::Accept { round: t, side: h });
                        return Ok(Formal {
                            deal: Some(offer),
                            rounds: t,
                            walk_away: None,
                        });
                    }
                    HumanMove::WalkAway => return Ok(self.walk(h, t, &mut game.rec)),
                    _ => {}
                }
            } else {
                let value = match game.take(Decision::Offer { round: t })? {
                    HumanMove::Offer(v) => v,
                    _ => return Ok(self.walk(h, t, &mut game.rec)),
                };
                let offer = Offer {
                    value,
                    x: [0.0; MAX_ISSUES],
                };
                let mine = self.belief(h, &sides[h]);
                game.rec.on(Event::Offer {
                    round: t,
                    side: h,
                    value,
                    x: offer.x,
                    belief: (mine.mean(), mine.sd()),
                });
                if self.hear_offer(t, g, &offer, sides, &mut game.rec) {
                    // The agent caught a lie: it rethinks its target.
                    belief = self.belief(g, &sides[g]);
                    plan = self.plan_from(g, t + 1, private, &sides[g], &belief);
                    fresh = true;
                    self.note(Cause::Caught, private, sides, game);
                } else if !sides[g].known {
                    self.note(Cause::Offer, private, sides, game);
                }
                // The student repeating an offer is taken to hold it.
                let held = self.continuation()
                    && last
                        .is_some_and(|p: Offer| (p.value - offer.value).abs() <= 1e-9 * self.sd[h]);
                last = Some(offer);
                let view = Responder {
                    plan: &plan,
                    belief: &belief,
                    side: &sides[g],
                    held,
                };
                if self.accepts(g, t, &offer, private, &view) {
                    game.rec.on(Event::Accept { round: t, side: g });
                    return Ok(Formal {
                        deal: Some(offer),
                        rounds: t,
                        walk_away: None,
                    });
                }
            }
            if every > 0 && t % every == 0 && t < deadline {
                xround += 1;
                self.human_exchange(xround, private, sides, memory, rng, game)?;
                belief = self.belief(g, &sides[g]);
                plan = self.plan_from(g, t + 1, private, &sides[g], &belief);
                fresh = true;
                last = None;
            }
        }
        Ok(Formal {
            deal: None,
            rounds: deadline,
            walk_away: None,
        })
    }
}
