//! A `multi_issue` negotiation with one side's decisions, or both sides',
//! taken from outside the engine (an external agent's [`Seat`], through
//! [`Seat::multi`]): what a seated side is asked and answers there
//! ([`MultiDecision`], [`MultiMove`]) and how its moves are read
//! (`MultiMoves`, for `seated_loop`'s loops, which serve `price` too). As in
//! `seated`, the decisions go through the engine's own machinery: a seated
//! side's claims about its reservation utility are tested and recorded as
//! a strategy's ([`Table::seated_claim`]), its claims about its weights as
//! a strategy's ([`Table::state_weights`]); an engine side talks, answers,
//! plans on its believed Pareto frontier, offers, accepts and walks away
//! exactly as in [`Table::play`] (MODEL.md section 6). Only the seated
//! side's decisions come from outside; an offer is a package `x` (side A's
//! share of each issue, in [0, 1]).
//!
//! A separate code path from the batch loop, which it leaves untouched.

use super::Table;
use super::events::Event;
use super::human::Statement;
use super::offers::Offer;
use super::seated::{Game, Stop};
use super::seated_loop::{Moves, Reply};
use crate::model::scenario::{MAX_ISSUES, Private, Scenario};

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

impl<'a> Table<'a> {
    /// The scenario (what a seat tells its agent about the issues and
    /// priors).
    pub fn scenario(&self) -> &Scenario {
        self.scenario
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
}

/// The `multi_issue` scenario: a claim is a [`MultiClaim`] (about one's
/// reservation utility, one's weights, or both), an offer a package.
pub(super) struct MultiMoves;

impl MultiMoves {
    /// Seated side `i`'s move for `d` (passive if its seat cannot play here
    /// or answers out of turn).
    fn take(game: &mut Game, i: usize, d: MultiDecision) -> MultiMove {
        let (seat, events) = game.seat(i);
        let mv = match seat.multi() {
            Some(m) => m.decide_multi(i, d, events),
            None => passive_multi(d),
        };
        if d.fits(&mv) { mv } else { passive_multi(d) }
    }
}

impl Moves for MultiMoves {
    fn talk(game: &mut Game, i: usize, round: u32) -> Result<(MultiClaim, bool), Stop> {
        let MultiMove::Talk { claim, ask } = Self::take(game, i, MultiDecision::Talk { round })
        else {
            unreachable!("take checks the move")
        };
        Ok((claim, ask))
    }

    fn answer(game: &mut Game, j: usize, round: u32) -> Result<MultiClaim, Stop> {
        let MultiMove::Answer(claim) = Self::take(game, j, MultiDecision::Answer { round }) else {
            unreachable!("take checks the move")
        };
        Ok(claim)
    }

    fn offer(
        table: &Table,
        private: &Private,
        game: &mut Game,
        i: usize,
        round: u32,
    ) -> Result<Option<Offer>, Stop> {
        Ok(match Self::take(game, i, MultiDecision::Offer { round }) {
            MultiMove::Offer(x) => Some(table.package(private, x)),
            _ => None,
        })
    }

    fn respond(game: &mut Game, j: usize, round: u32, offer: &Offer) -> Result<Reply, Stop> {
        let d = MultiDecision::Respond {
            round,
            offer: offer.x,
        };
        Ok(match Self::take(game, j, d) {
            MultiMove::Accept => Reply::Accept,
            MultiMove::WalkAway => Reply::WalkAway,
            _ => Reply::Reject,
        })
    }
}
