//! The sealed-bid k-double auction with a side decided from outside (an
//! external agent, [`Seat`](super::Seat)): after the off-the-record phase,
//! a seated side is asked for its bid (the buyer) or ask (the seller)
//! before any bid is shown; an engine side bids exactly as in the batch
//! auction ([`Table::engine_bid`]), and the bids are settled by the same
//! rule ([`Table::settle_bids`]). A seated side that walks away (the
//! passive move of a forfeit) bids nothing: there is no trade.

use super::Table;
use super::events::{Event, Observer};
use super::human::{Decision, HumanMove};
use super::knowledge::Side;
use super::offers::Formal;
use super::seated::{Game, Stop};
use crate::model::posterior::Posterior;
use crate::model::scenario::{MAX_ISSUES, Private};
use crate::model::strategy::Memory;

impl Table<'_> {
    /// The auction's one formal round: each side's bid, from its seat or
    /// its strategy, then the settlement.
    pub(super) fn seated_auction(
        &self,
        k: f64,
        range: (f64, f64),
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        game: &mut Game,
    ) -> Result<Formal, Stop> {
        let beliefs: [Posterior; 2] = [0, 1].map(|i| self.belief(i, &sides[i]));
        // Sealed: every seated side is asked before any bid is recorded.
        let mut bid: [Option<f64>; 2] = [None, None];
        for (i, b) in bid.iter_mut().enumerate() {
            *b = if game.outside(i) {
                let (low, high) = range;
                match game.take(
                    i,
                    Decision::Bid {
                        round: 1,
                        low,
                        high,
                    },
                )? {
                    HumanMove::Bid(x) => Some(x),
                    _ => None,
                }
            } else {
                Some(self.engine_bid(i, k, range, private, sides, memory, &beliefs))
            };
        }
        if let [Some(a), Some(b)] = bid {
            return Ok(self.settle_bids(
                k,
                range,
                private,
                memory,
                &beliefs,
                [a, b],
                &mut game.rec,
            ));
        }
        // A side bid nothing: the bids made are shown, no one trades, and
        // the other learns nothing of how it bids.
        let mut walked = None;
        for (i, b) in bid.iter().enumerate() {
            match *b {
                Some(value) => game.rec.on(Event::Offer {
                    round: 1,
                    side: i,
                    value,
                    x: [0.0; MAX_ISSUES],
                    belief: (beliefs[i].mean(), beliefs[i].sd()),
                }),
                None => {
                    game.rec.on(Event::WalkAway { round: 1, side: i });
                    walked.get_or_insert(i);
                }
            }
        }
        Ok(Formal {
            deal: None,
            rounds: 1,
            walk_away: walked.map(|i| (i, 1)),
        })
    }
}
