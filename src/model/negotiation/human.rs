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
//! untouched. Price scenario under alternating offers only. The same path
//! (`seated`) seats an external agent ([`Seat`](super::Seat)) on either
//! side or both, also under the double auction (`seated_auction`).

use super::events::Event;
use super::seated::{Control, Game, Stop};
use super::seated_loop::PriceMoves;
use super::{Outcome, Table};
use crate::model::rules::Protocol;
use crate::model::scenario::{Private, Scenario};
use rand::Rng;

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
    /// Its sealed bid (a buyer) or ask (a seller) in a double auction.
    Bid(f64),
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
    /// Its sealed bid or ask in a double auction: [`HumanMove::Bid`] in
    /// `[low, high]` or [`HumanMove::WalkAway`] (no bid: no trade).
    Bid {
        /// Formal round (1: the auction has one).
        round: u32,
        /// The support of both sides' values: a bid lies in it.
        low: f64,
        /// Its upper end.
        high: f64,
    },
}

impl Decision {
    /// Whether `mv` answers this decision.
    pub fn fits(&self, mv: &HumanMove) -> bool {
        if let (Decision::Bid { low, high, .. }, HumanMove::Bid(x)) = (self, mv) {
            return (*low..=*high).contains(x);
        }
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
                | (Decision::Bid { .. }, HumanMove::WalkAway)
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

/// The rules of a run that both sides know.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PublicRules {
    /// Off-the-record rounds before the formal phase.
    pub talk_rounds: u32,
    /// One more off-the-record round after every this many formal rounds
    /// (0: none).
    pub talk_every: u32,
    /// Formal rounds at most (A offers in odd rounds).
    pub deadline: u32,
    /// Discount factor per formal round of each side.
    pub discount: [f64; 2],
    /// Chance per off-the-record round that body language gives a hint of
    /// each side's limit.
    pub leak_probability: f64,
    /// Sd of such a hint about each side's limit, in its units.
    pub leak_sd: [f64; 2],
    /// `Some(k)` when the formal phase is the sealed-bid k-double auction
    /// (then `deadline` is 1 and the discounts 1).
    pub auction_k: Option<f64>,
}

impl Table<'_> {
    /// Whether a student can play under these rules (the `price` scenario
    /// under alternating offers).
    pub fn playable(&self) -> bool {
        matches!(self.scenario, Scenario::Price { .. })
            && matches!(self.protocol, Protocol::AlternatingOffers { .. })
    }

    /// Whether an external agent can take a seat under these rules: the
    /// `price` scenario (under alternating offers or the double auction) or
    /// `multi_issue` under alternating offers (every valid config).
    pub fn seatable(&self) -> bool {
        matches!(self.scenario, Scenario::Price { .. })
            || matches!(self.protocol, Protocol::AlternatingOffers { .. })
    }

    /// The support of side `i`'s limit (claims are stated inside it).
    pub fn limit_support(&self, i: usize) -> (f64, f64) {
        self.facets[i].prior().support()
    }

    /// Prior sd of side `i`'s limit.
    pub fn limit_sd(&self, i: usize) -> f64 {
        self.sd[i]
    }

    /// The name of side `i`'s strategy.
    pub fn strategy_name(&self, i: usize) -> &str {
        self.agents[i].name()
    }

    /// Prior mean of side `i`'s limit.
    pub fn limit_mean(&self, i: usize) -> f64 {
        self.facets[i].prior().mean()
    }

    /// The rules both sides know (what an outside agent is told).
    pub fn public_rules(&self) -> PublicRules {
        PublicRules {
            talk_rounds: self.exchange.rounds,
            talk_every: self.exchange.every,
            deadline: self.protocol.deadline(),
            discount: [self.protocol.discount(0), self.protocol.discount(1)],
            leak_probability: self.exchange.leak_probability,
            leak_sd: [0, 1].map(|i| self.exchange.leak_sigma * self.sd[i]),
            auction_k: match self.protocol {
                Protocol::DoubleAuction { k, .. } => Some(k),
                Protocol::AlternatingOffers { .. } => None,
            },
        }
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
        let mut ctl = [Control::Engine, Control::Engine];
        ctl[human] = Control::Moves { moves, next: 0 };
        let mut game = Game::new(ctl, Some(human));
        let mut memory = self.new_memories();
        let mut sides = self.new_sides(private, &memory, rng);
        let prior = {
            let b = self.belief(g, &sides[g]);
            (b.mean(), b.sd())
        };
        let result =
            self.seated_run::<PriceMoves, R>(private, &mut sides, &mut memory, rng, &mut game);
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
}
