//! The formal phase under alternating offers (MODEL.md section 6): each
//! side's concession plan, its offer at a round, the surplus an offer gives,
//! and the alternation itself up to the deadline.

use super::events::{Event, Observer};
use super::{Side, Table};
use crate::model::rules::{Information, Offers, Protocol, subgame_perfect_share};
use crate::model::scenario::{MAX_ISSUES, Private, Scenario};
use crate::model::strategy::Memory;
use rand::Rng;

impl Table<'_> {
    /// The formal phase. Returns (deal round or None, rounds played, agreement).
    pub(super) fn formal<R: Rng + ?Sized, O: Observer>(
        &self,
        mut xround: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Formal {
        let (deadline, anchor_margin) = match self.protocol {
            Protocol::AlternatingOffers {
                deadline,
                discount,
                offers: Offers::SubgamePerfect,
                ..
            } if self.information == Information::Complete
                && matches!(self.scenario, Scenario::Price { .. }) =>
            {
                return self.subgame_perfect(deadline, discount, private, obs);
            }
            Protocol::AlternatingOffers {
                deadline,
                anchor_margin,
                ..
            } => (deadline, anchor_margin),
            Protocol::DoubleAuction { k, low, high } => {
                return self.auction(k, low, high, private, sides, memory, obs);
            }
        };
        let mut plans = [0, 1].map(|i| self.plan(i, private, &sides[i], anchor_margin));
        let every = self.exchange.every;
        for t in 1..=deadline {
            let i = ((t - 1) % 2) as usize;
            let j = 1 - i;
            let offer = self.offer(i, t, private, &plans[i]);
            if O::ACTIVE {
                let b = &sides[i].about.res;
                obs.on(Event::Offer {
                    round: t,
                    side: i,
                    value: offer.value,
                    x: offer.x,
                    belief: (b.mean, b.sd()),
                });
            }
            self.check_lie(t, i, &offer, sides, memory, obs);
            let mine = self.surplus(j, private, &offer);
            let accept = mine >= 0.0
                && (t == deadline
                    || mine >= self.surplus(j, private, &self.offer(j, t + 1, private, &plans[j])));
            if accept {
                if O::ACTIVE {
                    obs.on(Event::Accept { round: t, side: j });
                }
                self.check_lie(t, j, &offer, sides, memory, obs);
                return Formal {
                    deal: Some(offer),
                    rounds: t,
                };
            }
            let lie_seen = sides[0].caught || sides[1].caught;
            if every > 0 && t % every == 0 && t < deadline {
                xround += 1;
                self.exchange_round(xround, private, sides, memory, rng, obs);
            }
            if lie_seen || (every > 0 && t % every == 0) {
                plans = [0, 1].map(|i| self.plan(i, private, &sides[i], anchor_margin));
            }
        }
        Formal {
            deal: None,
            rounds: deadline,
        }
    }

    /// Complete information, subgame-perfect offers (`price` only): A
    /// proposes at round 1 the split of the surplus that the finite game's
    /// backward induction gives it, and B accepts; no zone, no deal.
    fn subgame_perfect<O: Observer>(
        &self,
        deadline: u32,
        discount: [f64; 2],
        private: &Private,
        obs: &mut O,
    ) -> Formal {
        let (v, c) = (private.reservation[0], private.reservation[1]);
        if v < c {
            return Formal {
                deal: None,
                rounds: 1,
            };
        }
        let share = subgame_perfect_share(deadline, discount);
        let offer = Offer {
            value: v - share * (v - c),
            x: [0.0; MAX_ISSUES],
        };
        if O::ACTIVE {
            obs.on(Event::Offer {
                round: 1,
                side: 0,
                value: offer.value,
                x: offer.x,
                belief: (c, 0.0),
            });
            obs.on(Event::Accept { round: 1, side: 1 });
        }
        Formal {
            deal: Some(offer),
            rounds: 1,
        }
    }

    /// Side `i`'s concession plan from its current beliefs.
    pub(super) fn plan(&self, i: usize, private: &Private, side: &Side, margin: f64) -> Plan {
        let res = private.reservation[i];
        let b = &side.about.res;
        match self.scenario {
            Scenario::Price { .. } => {
                // Open beyond the believed reservation of the other side, in
                // the own favour direction (the buyer low, the seller high),
                // never worse than the own limit.
                let g = self.favour[i];
                let mut anchor = b.mean + g * margin * b.sd();
                if g * anchor < g * res {
                    anchor = res;
                }
                Plan {
                    anchor,
                    limit: res,
                    order: [0; MAX_ISSUES],
                }
            }
            &Scenario::MultiIssue { issues: n, .. } => {
                let own = &private.weights[i];
                let mut opp_w = [0.0; MAX_ISSUES];
                let mut total = 0.0;
                for k in 0..n {
                    opp_w[k] = side.about.w[k].mean.max(1e-6);
                    total += opp_w[k];
                }
                for w in opp_w.iter_mut().take(n) {
                    *w /= total;
                }
                let mut order = [0u8; MAX_ISSUES];
                for (k, o) in order.iter_mut().enumerate().take(n) {
                    *o = k as u8;
                }
                for a in 1..n {
                    let mut c = a;
                    while c > 0 && {
                        let (p, q) = (order[c] as usize, order[c - 1] as usize);
                        own[p] * opp_w[q] > own[q] * opp_w[p]
                    } {
                        order.swap(c, c - 1);
                        c -= 1;
                    }
                }
                // Opening: the most it can get while the other side is
                // believed to get its reservation minus the margin.
                let give = (b.mean - margin * b.sd()).max(0.0);
                let mut opp = 1.0;
                let mut mine = 0.0;
                for &k in order.iter().take(n) {
                    let k = k as usize;
                    if opp - opp_w[k] >= give {
                        opp -= opp_w[k];
                        mine += own[k];
                    } else {
                        mine += own[k] * (opp - give) / opp_w[k];
                        break;
                    }
                }
                Plan {
                    anchor: mine.max(res).min(1.0),
                    limit: res,
                    order,
                }
            }
        }
    }

    /// Side `i`'s offer at formal round `t`.
    #[inline]
    pub(super) fn offer(&self, i: usize, t: u32, private: &Private, plan: &Plan) -> Offer {
        let deadline = self.protocol.deadline();
        let c = self.curves[i][(t.min(deadline) - 1) as usize];
        let target = plan.anchor + (plan.limit - plan.anchor) * c;
        match self.scenario {
            Scenario::Price { .. } => Offer {
                value: target,
                x: [0.0; MAX_ISSUES],
            },
            &Scenario::MultiIssue { issues: n, .. } => {
                // On the believed frontier: take issues in order of own weight
                // relative to the other's until the target utility is reached.
                let own = &private.weights[i];
                let mut y = [0.0; MAX_ISSUES];
                let mut got = 0.0;
                for &k in plan.order.iter().take(n) {
                    let k = k as usize;
                    if got >= target {
                        break;
                    }
                    let take = if got + own[k] <= target {
                        1.0
                    } else {
                        (target - got) / own[k]
                    };
                    y[k] = take;
                    got += own[k] * take;
                }
                let mut x = [0.0; MAX_ISSUES];
                for k in 0..n {
                    x[k] = if i == 0 { y[k] } else { 1.0 - y[k] };
                }
                let ua = (0..n).map(|k| private.weights[0][k] * x[k]).sum();
                Offer { value: ua, x }
            }
        }
    }

    /// Surplus of side `i` from an offer (before discounting).
    #[inline]
    pub(super) fn surplus(&self, i: usize, private: &Private, offer: &Offer) -> f64 {
        match self.scenario {
            Scenario::Price { .. } => self.favour[i] * (offer.value - private.reservation[i]),
            &Scenario::MultiIssue { issues: n, .. } => {
                let w = &private.weights[i];
                let u: f64 = if i == 0 {
                    (0..n).map(|k| w[k] * offer.x[k]).sum()
                } else {
                    (0..n).map(|k| w[k] * (1.0 - offer.x[k])).sum()
                };
                u - private.reservation[i]
            }
        }
    }
}

/// A side's concession plan: from `anchor` to `limit`, issues in `order`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    anchor: f64,
    limit: f64,
    order: [u8; MAX_ISSUES],
}

/// An offer on the table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Offer {
    /// Price, or A's utility in multi_issue.
    pub(super) value: f64,
    /// A's share of each issue (`multi_issue`).
    pub(super) x: [f64; MAX_ISSUES],
}

/// What the formal phase ends with.
pub(super) struct Formal {
    /// The agreement, if any.
    pub(super) deal: Option<Offer>,
    /// Formal rounds played.
    pub(super) rounds: u32,
}
