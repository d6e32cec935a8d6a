//! The formal phase under alternating offers (MODEL.md section 6): each
//! side's target (the generalised Nash split of the zone of agreement it
//! believes in, conditioned on the zone existing), its aspiration and
//! concession path, acceptance, walking away, claims that commit, and
//! subgame-perfect offers under complete information.

use super::Table;
use super::decide::{Responder, same_offer};
use super::events::{Event, Observer};
use super::exchange::Caught;
use super::knowledge::Side;
use crate::model::posterior::{Bound, Posterior};
use crate::model::rules::{
    Commitment, Information, Offers, Protocol, Target, subgame_perfect_share,
};
use crate::model::scenario::{MAX_ISSUES, Private, Scenario};
use crate::model::strategy::Memory;
use rand::Rng;

/// An offer on the table.
#[derive(Debug, Clone, Copy, Default)]
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
    /// Formal rounds played (the agreement round, the walk-away round, or
    /// the deadline).
    pub(super) rounds: u32,
    /// Who walked away, and in which round (0: before the first offer).
    pub(super) walk_away: Option<(usize, u32)>,
}

/// A side's plan from its current beliefs: where it opens, where it is
/// heading, and how fast.
#[derive(Clone, Copy)]
pub(super) struct Plan {
    /// Its limit: its reservation, or the limit its claims committed it to
    /// (a price, or its own utility).
    pub(super) limit: f64,
    /// Its target and its opening (a price, or its own utility).
    pub(super) target: f64,
    pub(super) aspiration: f64,
    /// First formal round of the plan and rounds to reach the target.
    pub(super) start: u32,
    pub(super) rounds: u32,
    /// `multi_issue`: issues in the order it gives them up (its weight
    /// relative to the other's believed weight, descending) and the other's
    /// believed utility at the frontier point that gives it its limit.
    pub(super) order: [u8; MAX_ISSUES],
    pub(super) cap: f64,
    /// `multi_issue`: the other's believed utility at its target.
    pub(super) cap_target: f64,
}

impl<'a> Table<'a> {
    /// The formal phase.
    /// `beliefs`: each side's belief about the other's reservation now.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn formal<R: Rng + ?Sized, O: Observer>(
        &'a self,
        xround: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        beliefs: &mut [Posterior<'a>; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Formal {
        match self.protocol {
            Protocol::AlternatingOffers {
                deadline,
                discount,
                offers: Offers::SubgamePerfect,
                ..
            } if self.information == Information::Complete
                && matches!(self.scenario, Scenario::Price { .. }) =>
            {
                self.subgame_perfect(deadline, discount, private, obs)
            }
            Protocol::AlternatingOffers { .. } => {
                self.alternate(xround, private, sides, memory, beliefs, rng, obs)
            }
            Protocol::DoubleAuction { k, low, high, .. } => {
                self.auction(k, low, high, private, sides, memory, beliefs, obs)
            }
        }
    }

    /// Alternating offers from beliefs, A proposing in odd rounds.
    ///
    /// A side checks its chances (`P(zone)`) when it makes a plan: at the
    /// start (A first) and after every change of its beliefs other than an
    /// offer. Checking again before each offer would change nothing: the
    /// other's offers condition the belief on an event that contains the
    /// zone (a buyer's `c <= ask` with the ask above its limit), which can
    /// only raise `P(zone)`, in both branches of the speaker model and so
    /// in their mixture; an ask within its limit makes it 1.
    #[allow(clippy::too_many_arguments)]
    fn alternate<R: Rng + ?Sized, O: Observer>(
        &'a self,
        mut xround: u32,
        private: &Private,
        sides: &mut [Side; 2],
        memory: &mut [Memory; 2],
        beliefs: &mut [Posterior<'a>; 2],
        rng: &mut R,
        obs: &mut O,
    ) -> Formal {
        let deadline = self.protocol.deadline();
        let mut plans = [0, 1].map(|i| self.plan_from(i, 1, private, &sides[i], &beliefs[i]));
        // Both check their chances before anyone offers, A first.
        for (i, plan) in plans.iter().enumerate() {
            if self.walks(i, plan, &beliefs[i], &sides[i]) {
                return self.walk(i, 0, obs);
            }
        }
        let every = self.exchange.every;
        let mut fresh = [false; 2];
        // Each side's last two offers (made in place, by its turn's parity),
        // and whether the earlier counts: one it repeats, it is taken to hold.
        let mut made = [[Offer::default(); 2]; 2];
        let mut last = [false; 2];
        let mut holding = [false; 2];
        let continuation = self.continuation();
        for t in 1..=deadline {
            let i = ((t - 1) % 2) as usize;
            let j = 1 - i;
            if fresh[i] && self.walks(i, &plans[i], &beliefs[i], &sides[i]) {
                return self.walk(i, t, obs);
            }
            fresh[i] = false;
            let k = ((t - 1) / 2 % 2) as usize;
            self.offer_into(i, t, private, &plans[i], &mut made[i][k]);
            let (offer, previous) = (&made[i][k], &made[i][1 - k]);
            if O::ACTIVE {
                obs.on(Event::Offer {
                    round: t,
                    side: i,
                    value: offer.value,
                    x: offer.x,
                    belief: (beliefs[i].mean(), beliefs[i].sd()),
                });
            }
            if self.hear_offer(t, j, offer, sides, obs) {
                // j caught a lie: it rethinks its target.
                beliefs[j] = self.belief_after(j, &sides[j], &beliefs[j]);
                plans[j] = self.plan_from(j, t + 1, private, &sides[j], &beliefs[j]);
                fresh[j] = true;
            }
            let held =
                continuation && last[i] && same_offer(previous, offer, self.sd[0].max(self.sd[1]));
            if O::ACTIVE && held && !holding[i] {
                obs.on(Event::Holds { round: t, side: j });
            }
            holding[i] = held;
            last[i] = true;
            let view = Responder {
                plan: &plans[j],
                belief: &beliefs[j],
                side: &sides[j],
                held,
            };
            if self.accepts(j, t, offer, private, &view) {
                if O::ACTIVE {
                    obs.on(Event::Accept { round: t, side: j });
                }
                return Formal {
                    deal: Some(*offer),
                    rounds: t,
                    walk_away: None,
                };
            }
            if held && t < deadline && self.learns_from_refusal(j) {
                // i learns that j's limit lies beyond its held offer.
                if O::ACTIVE {
                    obs.on(Event::Learns {
                        round: t,
                        side: i,
                        bound: offer.value,
                    });
                }
                let bound = if i == 0 {
                    Bound::AtLeast(offer.value)
                } else {
                    Bound::AtMost(offer.value)
                };
                sides[i].res.offer(bound);
                beliefs[i] = self.belief_after(i, &sides[i], &beliefs[i]);
                let mut plan = self.plan_from(i, t + 1, private, &sides[i], &beliefs[i]);
                // Its next offers are no worse for j than the refused one.
                plan.aspiration = if self.favour[i] < 0.0 {
                    plan.aspiration.max(offer.value).min(plan.target)
                } else {
                    plan.aspiration.min(offer.value).max(plan.target)
                };
                plans[i] = plan;
                fresh[i] = true;
                last[i] = false;
                holding[i] = false;
            }
            if every > 0 && t % every == 0 && t < deadline {
                xround += 1;
                self.exchange_round(xround, private, sides, memory, rng, obs);
                beliefs[0] = self.belief_after(0, &sides[0], &beliefs[0]);
                beliefs[1] = self.belief_after(1, &sides[1], &beliefs[1]);
                plans = [0, 1].map(|i| self.plan_from(i, t + 1, private, &sides[i], &beliefs[i]));
                fresh = [true; 2];
                last = [false; 2];
                holding = [false; 2];
            }
        }
        Formal {
            deal: None,
            rounds: deadline,
            walk_away: None,
        }
    }

    /// Side `i` walks away in round `t`.
    pub(super) fn walk<O: Observer>(&self, i: usize, t: u32, obs: &mut O) -> Formal {
        if O::ACTIVE {
            obs.on(Event::WalkAway { round: t, side: i });
        }
        Formal {
            deal: None,
            rounds: t,
            walk_away: Some((i, t)),
        }
    }

    /// Side `j` hears offer `offer`: in `price`, a bound on the proposer's
    /// reservation, tested against its claims when claims commit. Returns
    /// whether it caught a lie.
    pub(super) fn hear_offer<O: Observer>(
        &self,
        t: u32,
        j: usize,
        offer: &Offer,
        sides: &mut [Side; 2],
        obs: &mut O,
    ) -> bool {
        let Scenario::Price { .. } = self.scenario else {
            return false;
        };
        let Protocol::AlternatingOffers { claims_commit, .. } = self.protocol else {
            return false;
        };
        if !claims_commit || sides[j].known {
            return false;
        }
        let p = offer.value;
        // A buyer never offers above its value, a seller never below its cost.
        let bound = if j == 1 {
            Bound::AtLeast(p)
        } else {
            Bound::AtMost(p)
        };
        let side = &mut sides[j];
        let lie = side.detector.offer(&side.res, bound);
        let claimed = sides[1 - j].claimed_limit().unwrap_or(p);
        if lie.is_some() {
            self.caught(t, j, Caught::Offer { claimed, offer: p }, sides, obs);
        }
        sides[j].res.offer(bound);
        lie.is_some()
    }

    /// Side `i`'s limit: its reservation, or (when claims commit) the limit
    /// its claims bind it to if that is stricter: the precision-weighted
    /// mean `m` of its reservation claims, pushed `3 s` in its own favour
    /// (`s` the sd of `m` from the stated noises; 0 for an exact claim),
    /// as far as breaking the claim could be caught (MODEL.md section
    /// 10.2). Under `commitment = "full"`, `m` itself (version 2).
    fn limit(&self, i: usize, private: &Private, side: &Side) -> f64 {
        let r = private.reservation[i];
        let Protocol::AlternatingOffers {
            claims_commit: true,
            commitment,
            ..
        } = self.protocol
        else {
            return r;
        };
        let bound = match (side.own_exact, commitment) {
            (Some(c), _) => c,
            (None, _) if side.own.0 <= 0.0 => return r,
            (None, Commitment::Full) => side.own.1 / side.own.0,
            // Buyer (favour -1): m + 3 s; seller (favour +1): m - 3 s.
            (None, Commitment::Catchable) => {
                side.own.1 / side.own.0 - self.favour[i] * 3.0 / side.own.0.sqrt()
            }
        };
        if self.favour[i] * (bound - r) > 0.0 {
            bound
        } else {
            r
        }
    }

    /// Side `i`'s plan from its belief `belief` about the other's
    /// reservation, its offers starting at round `start`.
    pub(super) fn plan_from(
        &self,
        i: usize,
        start: u32,
        private: &Private,
        side: &Side,
        belief: &Posterior,
    ) -> Plan {
        let Protocol::AlternatingOffers {
            deadline,
            anchor_margin,
            target: target_rule,
            ..
        } = self.protocol
        else {
            unreachable!("plans are for alternating offers")
        };
        let agent = self.agents[i];
        let limit = self.limit(i, private, side);
        let weight = self.nash_weight(i) + agent.toughness();
        let sd = belief.sd();
        let mut plan = Plan {
            limit,
            target: limit,
            aspiration: limit,
            start,
            rounds: 0,
            order: [0; MAX_ISSUES],
            cap: 0.0,
            cap_target: 0.0,
        };
        match self.scenario {
            Scenario::Price { .. } => {
                let g = self.favour[i];
                // The other's expected reservation inside the zone it
                // believes in (buyer: E[c | c <= limit]).
                let m = match target_rule {
                    Target::Conditional if g < 0.0 => belief.mean_below(limit),
                    Target::Conditional => belief.mean_above(limit),
                    Target::Unconditional => belief.mean(),
                };
                let target = limit + weight * (m - limit);
                // Never beyond its own limit.
                plan.target = if g < 0.0 {
                    target.min(limit)
                } else {
                    target.max(limit)
                };
                let (lo, hi) = belief.range();
                let asp = plan.target + g * anchor_margin * sd;
                plan.aspiration = if g < 0.0 {
                    asp.max(lo.min(plan.target))
                } else {
                    asp.min(hi.max(plan.target))
                };
            }
            Scenario::MultiIssue { .. } => {
                self.plan_issues(
                    i,
                    private,
                    side,
                    belief,
                    weight,
                    anchor_margin * sd,
                    &mut plan,
                );
            }
        }
        let spread = anchor_margin * sd / self.sd[1 - i] / agent.concession_speed();
        plan.rounds = if spread > 0.0 {
            (spread.ceil() as u32).min(deadline)
        } else {
            0
        };
        plan
    }

    /// Side `i`'s offer at formal round `t`.
    pub(super) fn offer(&self, i: usize, t: u32, private: &Private, plan: &Plan) -> Offer {
        let mut offer = Offer::default();
        self.offer_into(i, t, private, plan, &mut offer);
        offer
    }

    /// [`Table::offer`], made in `out` (an offer is 136 bytes: made where
    /// it is kept, not copied there).
    pub(super) fn offer_into(
        &self,
        i: usize,
        t: u32,
        private: &Private,
        plan: &Plan,
        out: &mut Offer,
    ) {
        let deadline = self.protocol.deadline();
        let level = if t >= deadline || plan.rounds == 0 {
            plan.target
        } else {
            let f = ((t.saturating_sub(plan.start)) as f64 / plan.rounds as f64).min(1.0);
            let e = self.agents[i].concession();
            let f = if e == 1.0 { f } else { f.powf(1.0 / e) };
            plan.aspiration + (plan.target - plan.aspiration) * f
        };
        match self.scenario {
            Scenario::Price { .. } => {
                out.value = if self.favour[i] < 0.0 {
                    level.min(plan.limit)
                } else {
                    level.max(plan.limit)
                };
                out.x = [0.0; MAX_ISSUES];
            }
            Scenario::MultiIssue { .. } => {
                *out = self.frontier_offer(i, level.max(plan.limit), private, plan);
            }
        }
    }

    /// How much better `offer` is for side `i` than `level` (a price, or its
    /// own utility).
    pub(super) fn gain(&self, i: usize, private: &Private, offer: &Offer, level: f64) -> f64 {
        match self.scenario {
            Scenario::Price { .. } => self.favour[i] * (offer.value - level),
            Scenario::MultiIssue { .. } => self.utility(i, private, offer) - level,
        }
    }

    /// Side `i`'s utility of an offer in `multi_issue`.
    fn utility(&self, i: usize, private: &Private, offer: &Offer) -> f64 {
        let n = self.issues();
        let w = &private.weights[i];
        if i == 0 {
            (0..n).map(|k| w[k] * offer.x[k]).sum()
        } else {
            (0..n).map(|k| w[k] * (1.0 - offer.x[k])).sum()
        }
    }

    /// Surplus of side `i` from an offer (before discounting).
    #[inline]
    pub(super) fn surplus(&self, i: usize, private: &Private, offer: &Offer) -> f64 {
        self.gain(i, private, offer, private.reservation[i])
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
                walk_away: None,
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
            walk_away: None,
        }
    }

    /// `multi_issue`: target, aspiration and the believed frontier. The
    /// frontier gives issues to side `i` in the order of its weight relative
    /// to the other's believed weight; the target is the generalised Nash
    /// point on it between its limit and the other's expected reservation
    /// given a zone; the aspiration is `margin` higher in its utility.
    #[allow(clippy::too_many_arguments)]
    fn plan_issues(
        &self,
        i: usize,
        private: &Private,
        side: &Side,
        b: &Posterior,
        weight: f64,
        margin: f64,
        plan: &mut Plan,
    ) {
        let n = self.issues();
        let own = &private.weights[i];
        let other = self.believed_weights(i, side);
        let mut order = [0u8; MAX_ISSUES];
        for (k, o) in order.iter_mut().enumerate().take(n) {
            *o = k as u8;
        }
        order[..n].sort_by(|&p, &q| {
            let (p, q) = (p as usize, q as usize);
            (own[q] * other[p]).total_cmp(&(own[p] * other[q]))
        });
        plan.order = order;
        // Frontier vertices: (mine, theirs) after giving i the first m issues.
        let mut pts = [(0.0, 1.0); MAX_ISSUES + 1];
        for m in 0..n {
            let k = order[m] as usize;
            pts[m + 1] = (pts[m].0 + own[k], pts[m].1 - other[k]);
        }
        // The other's believed utility where i gets exactly its limit.
        let at = |u: f64| -> f64 {
            for m in 0..n {
                let (a, b) = (pts[m], pts[m + 1]);
                if u <= b.0 {
                    let s = if b.0 > a.0 {
                        (u - a.0) / (b.0 - a.0)
                    } else {
                        0.0
                    };
                    return a.1 + s * (b.1 - a.1);
                }
            }
            pts[n].1
        };
        let limit = plan.limit;
        plan.cap = at(limit.max(0.0));
        let d_other = match self.protocol {
            Protocol::AlternatingOffers {
                target: Target::Unconditional,
                ..
            } => b.mean(),
            _ => b.mean_below(plan.cap),
        };
        // Generalised Nash point on the piecewise-linear frontier.
        let mut best = (f64::NEG_INFINITY, limit);
        let wt = weight.clamp(1e-9, 1.0 - 1e-9);
        for m in 0..n {
            let (a, c) = (pts[m], pts[m + 1]);
            let (b1, b2) = (c.0 - a.0, a.1 - c.1);
            let mut cands = [0.0, 1.0, 0.5];
            if b1 > 0.0 && b2 > 0.0 {
                cands[2] = ((wt * b1 * (a.1 - d_other) - (1.0 - wt) * b2 * (a.0 - limit))
                    / (b1 * b2))
                    .clamp(0.0, 1.0);
            }
            for s in cands {
                let (ui, uj) = (a.0 + s * b1, a.1 - s * b2);
                if ui >= limit && uj >= d_other {
                    let v = wt * (ui - limit).max(1e-300).ln()
                        + (1.0 - wt) * (uj - d_other).max(1e-300).ln();
                    if v > best.0 {
                        best = (v, ui);
                    }
                }
            }
        }
        plan.target = best.1.max(limit);
        plan.cap_target = at(plan.target);
        plan.aspiration = (plan.target + margin).min(pts[n].0).max(plan.target);
    }
}
