//! The formal phase as a sealed-bid k-double auction (MODEL.md section 6,
//! THEORY.md section 1): each bid is its value or a numerical best response
//! to the bidder's belief about the other's bid. Nothing reads the other's
//! type: the belief comes from what was said and from earlier bids. Version
//! 2.1 (the default, `protocol.auction_belief = "informed"`): a bidder that
//! told its value predicts the other's best response to what it told
//! (docs/MODEL.md, k-double auction); `"equilibrium"` is version 2's belief.

use super::Table;
use super::events::{Event, Observer};
use super::knowledge::Side;
use super::offers::{Formal, Offer};
use crate::model::bidding::{self, CellBelief, Told, best_bid, informed_bid, linear_equilibrium};
use crate::model::posterior::{CELLS, Evidence, Posterior};
use crate::model::rules::{AuctionBelief, Protocol};
use crate::model::scenario::{MAX_ISSUES, Private};
use crate::model::strategy::{Bidding, Memory};

impl Table<'_> {
    /// The sealed-bid k-double auction on the common range `[low, high]`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn auction<O: Observer>(
        &self,
        k: f64,
        low: f64,
        high: f64,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        beliefs: &[Posterior<'_>; 2],
        obs: &mut O,
    ) -> Formal {
        let range = (low, high);
        let bid = [0, 1].map(|i| self.engine_bid(i, k, range, private, sides, memory, beliefs));
        self.settle_bids(k, range, private, memory, beliefs, bid, obs)
    }

    /// Side `i`'s bid (the buyer) or ask (the seller) as its strategy
    /// makes it: its value, or a numerical best response to its belief
    /// about the other's bid (also the engine side's bid against an
    /// external agent).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn engine_bid(
        &self,
        i: usize,
        k: f64,
        range: (f64, f64),
        private: &Private,
        sides: &[Side; 2],
        memory: &[Memory; 2],
        beliefs: &[Posterior<'_>; 2],
    ) -> f64 {
        let roles = [bidding::Side::Buyer, bidding::Side::Seller];
        let informed = matches!(
            self.protocol,
            Protocol::DoubleAuction {
                belief: AuctionBelief::Informed,
                ..
            }
        );
        let value = private.reservation[i];
        let q = self.truthful_belief(&beliefs[i], &sides[i], &memory[i]);
        let truthful = match self.agents[i].bidding() {
            Bidding::Truthful => true,
            Bidding::Strategic => false,
            Bidding::Reciprocal => q >= 0.5,
        };
        if truthful {
            return value;
        }
        let belief = self.cell_belief(i, &sides[i], &beliefs[i]);
        let me = &sides[i];
        let (told, knows) = (
            me.told || self.disclosed(i),
            me.told_precise || self.disclosed(i),
        );
        let heard = me.heard || self.disclosed(1 - i);
        let (told, q) = match (told && heard, knows) {
            // Both told: talk showed values, not how the other bids, so
            // only earlier bids of the match make `q`.
            (true, _) if informed => (Told::Both, memory[i].truthful_bids.unwrap_or(0.0)),
            // Only this bidder told, and precisely: the other knows its value.
            (false, true) if informed && !heard => (
                Told::Alone {
                    precise: me.told_precise,
                },
                q,
            ),
            // The other knows nothing (or too little) of this bidder, or
            // the ablation: version 2's belief.
            _ => return best_bid(roles[i], value, k, &belief, q, range),
        };
        let m = self.told_estimate(i, private, me);
        informed_bid(roles[i], value, k, &belief, q, m, told, range)
    }

    /// The bids are opened: each is shown to `obs`, after a debrief each
    /// side learns from the other's bid whether it bid its value, and they
    /// trade at `k * bid + (1 - k) * ask` when the bid is at least the ask.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn settle_bids<O: Observer>(
        &self,
        k: f64,
        range: (f64, f64),
        private: &Private,
        memory: &mut [Memory; 2],
        beliefs: &[Posterior<'_>; 2],
        bid: [f64; 2],
        obs: &mut O,
    ) -> Formal {
        let (low, high) = range;
        let roles = [bidding::Side::Buyer, bidding::Side::Seller];
        for i in 0..2 {
            if O::ACTIVE {
                let b = &beliefs[i];
                obs.on(Event::Offer {
                    round: 1,
                    side: i,
                    value: bid[i],
                    x: [0.0; MAX_ISSUES],
                    belief: (b.mean(), b.sd()),
                });
            }
            // After the debrief, the other's value is known: its bid shows
            // whether it bid its value or the linear equilibrium.
            if self.debrief {
                let j = 1 - i;
                let v = private.reservation[j];
                let eq = linear_equilibrium(roles[j], v, k, range);
                // Where the equilibrium bid cannot trade, any bid that does
                // not trade is as good: such a bid shows nothing.
                let idle = match roles[j] {
                    bidding::Side::Buyer => eq < linear_equilibrium(roles[i], low, k, range),
                    bidding::Side::Seller => eq > linear_equilibrium(roles[i], high, k, range),
                };
                let tol = 1e-12 * (high - low);
                let m = &mut memory[i].truthful_bids;
                let (truthful, equilibrium) =
                    ((bid[j] - v).abs() <= tol, (bid[j] - eq).abs() <= tol);
                if !idle && truthful != equilibrium {
                    *m = Some(if truthful { 1.0 } else { 0.0 });
                }
            }
        }
        if bid[0] >= bid[1] {
            if O::ACTIVE {
                obs.on(Event::Accept { round: 1, side: 1 });
            }
            Formal {
                deal: Some(Offer {
                    value: k * bid[0] + (1.0 - k) * bid[1],
                    x: [0.0; MAX_ISSUES],
                }),
                rounds: 1,
                walk_away: None,
            }
        } else {
            Formal {
                deal: None,
                rounds: 1,
                walk_away: None,
            }
        }
    }

    /// `q`: side `i`'s belief that the other bids its value. Its trust in
    /// the other if the other confided its reservation precisely (stated
    /// noise <= 0.1 prior sd) and was not caught lying; otherwise what
    /// earlier bids of the match showed; 0 to start with.
    fn truthful_belief(&self, belief: &Posterior, side: &Side, memory: &Memory) -> f64 {
        if side.precise_claim && side.caught() == 0 {
            belief.trust()
        } else {
            memory.truthful_bids.unwrap_or(0.0)
        }
    }

    /// What the other believes side `i`'s value is, as far as side `i` can
    /// tell from what it said: its value if common knowledge, its exact
    /// claim, or the posterior mean a fully trusting listener holding the
    /// prior forms from its noisy claims (their precision-weighted mean at
    /// their combined precision).
    fn told_estimate(&self, i: usize, private: &Private, side: &Side) -> f64 {
        if self.disclosed(i) {
            return private.reservation[i];
        }
        if let Some(x) = side.own_exact {
            return x;
        }
        let (precision, sum) = side.own;
        let facet = &self.facets[i];
        let (lo, hi) = facet.prior().support();
        let y = (sum / precision).clamp(lo, hi);
        let mut ev = Evidence::new(facet, 1.0);
        match ev.claim(y, precision.sqrt().recip()) {
            Ok(()) => facet.belief(&ev).mean(),
            Err(_) => y,
        }
    }

    /// Side `i`'s belief about the other's value as cells of uniform
    /// density on the prior's fixed partition (a point mass when exact).
    fn cell_belief(&self, i: usize, side: &Side, b: &Posterior) -> CellBelief {
        let (lo, hi) = self.facets[1 - i].prior().support();
        if side.res.is_empty() {
            return CellBelief::uniform(lo, hi, 1);
        }
        if b.var() <= 0.0 {
            return CellBelief::point(b.mean());
        }
        let mut masses = [0.0; CELLS];
        for (c, m) in masses.iter_mut().enumerate() {
            *m = b.cell_prob(c);
        }
        CellBelief::from_masses(lo, hi, &masses)
    }
}
