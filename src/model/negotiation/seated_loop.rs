//! The loops of a seated play, one for both scenarios: the off-the-record
//! round ([`Table::seated_exchange`]) and alternating offers
//! ([`Table::seated_formal`]). What differs between `price` and
//! `multi_issue` is behind [`Moves`]: what a seated side's moves are, how
//! its offer becomes an [`Offer`] (a price, or a package) and when an offer
//! repeats the last. A claim is a [`MultiClaim`] in both (in `price` it
//! never speaks of weights). Everything an engine side does, and every
//! event recorded, is the same code for both.

use super::Table;
use super::decide::{Responder, same_offer};
use super::events::{Event, Observer};
use super::exchange::WeightsSaid;
use super::human::{Cause, Decision, HumanMove, Statement};
use super::knowledge::Side;
use super::offers::{Formal, Offer};
use super::seated::{Engine, Game, Stop};
use super::seated_multi::MultiClaim;
use crate::model::rules::Protocol;
use crate::model::scenario::{MAX_ISSUES, Private};
use crate::model::strategy::Memory;
use rand::{Rng, RngExt};

/// A seated side's answer to an offer on the table.
pub(super) enum Reply {
    Accept,
    Reject,
    WalkAway,
}

/// What a seated side's moves are in one scenario: [`PriceMoves`] (a
/// student's or an agent's [`HumanMove`]s) and `MultiMoves` (an agent's
/// `MultiMove`s, in `seated_multi`).
pub(super) trait Moves {
    /// Side `i`'s turn in off-the-record round `round`: what it confides
    /// (in `price` never weights) and whether it asks.
    fn talk(game: &mut Game, i: usize, round: u32) -> Result<(MultiClaim, bool), Stop>;

    /// Side `j`'s reply to the other's question.
    fn answer(game: &mut Game, j: usize, round: u32) -> Result<MultiClaim, Stop>;

    /// Side `i`'s offer in formal round `round` (`None`: it walks away).
    fn offer(
        table: &Table,
        private: &Private,
        game: &mut Game,
        i: usize,
        round: u32,
    ) -> Result<Option<Offer>, Stop>;

    /// Side `j`'s answer to `offer` in formal round `round`.
    fn respond(game: &mut Game, j: usize, round: u32, offer: &Offer) -> Result<Reply, Stop>;
}

/// The `price` scenario: a claim is a [`Statement`] about one's limit, an
/// offer a price.
pub(super) struct PriceMoves;

/// A claim about one's limit, as a claim that says nothing of weights.
fn reservation(claim: Option<Statement>) -> MultiClaim {
    MultiClaim {
        reservation: claim,
        weights: None,
    }
}

impl Moves for PriceMoves {
    fn talk(game: &mut Game, i: usize, round: u32) -> Result<(MultiClaim, bool), Stop> {
        let HumanMove::Talk { claim, ask } = game.take(i, Decision::Talk { round })? else {
            unreachable!("take checks the move")
        };
        Ok((reservation(claim), ask))
    }

    fn answer(game: &mut Game, j: usize, round: u32) -> Result<MultiClaim, Stop> {
        let HumanMove::Answer(reply) = game.take(j, Decision::Answer { round })? else {
            unreachable!("take checks the move")
        };
        Ok(reservation(reply))
    }

    fn offer(
        _: &Table,
        _: &Private,
        game: &mut Game,
        i: usize,
        round: u32,
    ) -> Result<Option<Offer>, Stop> {
        Ok(match game.take(i, Decision::Offer { round })? {
            HumanMove::Offer(value) => Some(Offer {
                value,
                x: [0.0; MAX_ISSUES],
            }),
            _ => None,
        })
    }

    fn respond(game: &mut Game, j: usize, round: u32, offer: &Offer) -> Result<Reply, Stop> {
        let d = Decision::Respond {
            round,
            offer: offer.value,
        };
        Ok(match game.take(j, d)? {
            HumanMove::Accept => Reply::Accept,
            HumanMove::WalkAway => Reply::WalkAway,
            _ => Reply::Reject,
        })
    }
}

impl Table<'_> {
    /// Seated side `h` states `claim` (a confidence, or an answer): about
    /// its reservation, as [`Table::seated_claim`], and about its weights,
    /// as a strategy does. Returns whether it said anything that counts
    /// (nothing is said about a reservation that is common knowledge).
    #[allow(clippy::too_many_arguments)]
    fn seated_says(
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
    pub(super) fn seated_exchange<K: Moves, R: Rng + ?Sized>(
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
                let (claim, ask) = K::talk(game, i, round)?;
                let said = self.seated_says(round, i, claim, false, private, sides, game);
                sides[i].disclosed_last = said;
                if said {
                    sides[i].confidences += 1;
                } else if !ask {
                    game.rec.on(Event::Silent { round, side: i });
                }
                (said, ask)
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
                let claim = K::answer(game, j, round)?;
                if self.seated_says(round, j, claim, true, private, sides, game) {
                    sides[j].answers += 1;
                } else {
                    game.rec.on(Event::Decline { round, side: j });
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

    /// Alternating offers (A proposes in odd rounds), or the double
    /// auction's one round (`seated_auction`); an engine side plans (in
    /// `multi_issue` on its believed frontier), offers, accepts and walks
    /// away as in [`Table::play`].
    pub(super) fn seated_formal<K: Moves, R: Rng + ?Sized>(
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
            let (offer, belief) = match &mut eng[i] {
                Some(e) => {
                    if e.fresh && self.walks(i, &e.plan, &e.belief, &sides[i]) {
                        return Ok(self.walk(i, t, &mut game.rec));
                    }
                    e.fresh = false;
                    let offer = self.offer(i, t, private, &e.plan);
                    (offer, (e.belief.mean(), e.belief.sd()))
                }
                None => {
                    let Some(offer) = K::offer(self, private, game, i, t)? else {
                        return Ok(self.walk(i, t, &mut game.rec));
                    };
                    let mine = self.belief(i, &sides[i]);
                    (offer, (mine.mean(), mine.sd()))
                }
            };
            game.rec.on(Event::Offer {
                round: t,
                side: i,
                value: offer.value,
                x: offer.x,
                belief,
            });
            let caught = self.hear_offer(t, j, &offer, sides, &mut game.rec);
            let accepted = match &mut eng[j] {
                None => match K::respond(game, j, t, &offer)? {
                    Reply::Accept => true,
                    Reply::WalkAway => return Ok(self.walk(j, t, &mut game.rec)),
                    Reply::Reject => false,
                },
                Some(e) => {
                    if caught {
                        // It caught a lie: it rethinks its target.
                        *e = self.engine(j, t + 1, private, &sides[j]);
                        self.note(i, Cause::Caught, private, sides, game);
                    } else if !sides[j].known {
                        self.note(i, Cause::Offer, private, sides, game);
                    }
                    // An offer repeated is taken to be held (by the rule
                    // of batch play).
                    let scale = self.sd[0].max(self.sd[1]);
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
                game.rec.on(Event::Accept { round: t, side: j });
                return Ok(Formal {
                    deal: Some(offer),
                    rounds: t,
                    walk_away: None,
                });
            }
            if every > 0 && t % every == 0 && t < deadline {
                xround += 1;
                self.seated_exchange::<K, R>(xround, private, sides, memory, rng, game)?;
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
