//! How a side decides in the formal phase (MODEL.md section 6 and
//! version 2.1's section 10.1): whether it walks away, and whether it
//! accepts an offer, by the continuation value of refusing it.

use super::Table;
use super::knowledge::Side;
use super::offers::{Offer, Plan};
use crate::model::posterior::Posterior;
use crate::model::rules::{Acceptance, Protocol};
use crate::model::scenario::{MAX_ISSUES, Private, Scenario};

/// What a responder decides from: its plan, its belief about the other's
/// reservation and what it heard, and whether the other repeated its offer.
pub(super) struct Responder<'p, 'b> {
    pub(super) plan: &'p Plan,
    pub(super) belief: &'p Posterior<'b>,
    pub(super) side: &'p Side,
    pub(super) held: bool,
}

/// Whether two offers are the same (to rounding; `scale` the values' sd).
pub(super) fn same_offer(a: &Offer, b: &Offer, scale: f64) -> bool {
    (a.value - b.value).abs() <= 1e-9 * scale
        && a.x.iter().zip(&b.x).all(|(p, q)| (p - q).abs() <= 1e-9)
}

impl Table<'_> {
    /// Whether side `i` walks away: its belief that the other's reservation
    /// lies on the agreeable side of its limit, given the other's offers so
    /// far, is below its `walk_away`.
    pub(super) fn walks(&self, i: usize, plan: &Plan, belief: &Posterior, side: &Side) -> bool {
        let w = self.agents[i].walk_away();
        w > 0.0 && self.zone_probability(i, plan, belief, side) < w
    }

    /// `P(zone)`: buyer `P(c <= limit | c <= lowest ask)`, seller
    /// `P(v >= limit | v >= highest bid)`; in `multi_issue`, the probability
    /// that the other's reservation utility is at most its believed utility
    /// at the frontier point that gives this side its limit.
    pub(super) fn zone_probability(
        &self,
        i: usize,
        plan: &Plan,
        b: &Posterior,
        side: &Side,
    ) -> f64 {
        match self.scenario {
            Scenario::Price { .. } => self.agreeable(i, plan.limit, b, side),
            Scenario::MultiIssue { .. } => b.prob_below(plan.cap),
        }
    }

    /// `price`: side `i`'s belief that the other's reservation lies on the
    /// agreeable side of price `level` (buyer `P(c <= level | c <= lowest
    /// ask)`, seller `P(v >= level | v >= highest bid)`): one cdf query,
    /// the denominator from the offers heard.
    pub(super) fn agreeable(&self, i: usize, level: f64, b: &Posterior, side: &Side) -> f64 {
        let (lower, upper) = side.res.bounds();
        let (num, den, inside) = if self.favour[i] < 0.0 {
            (
                b.prob_below(level.min(upper)),
                b.prob_below(upper),
                upper <= level,
            )
        } else {
            (
                b.prob_above(level.max(lower)),
                b.prob_above(lower),
                lower >= level,
            )
        };
        if den > 1e-300 {
            (num / den).min(1.0)
        } else if inside {
            1.0
        } else {
            0.0
        }
    }

    /// Side `i`'s weight in the generalised Nash split:
    /// `ln d_j / (ln d_i + ln d_j)` (1/2 for equal discount factors).
    pub(super) fn nash_weight(&self, i: usize) -> f64 {
        let (di, dj) = (self.protocol.discount(i), self.protocol.discount(1 - i));
        if di == dj {
            return 0.5;
        }
        let (li, lj) = (di.ln(), dj.ln());
        lj / (li + lj)
    }

    /// Whether responders decide by continuation value (version 2.1).
    pub(super) fn continuation(&self) -> bool {
        matches!(
            self.protocol,
            Protocol::AlternatingOffers {
                acceptance: Acceptance::Continuation,
                ..
            }
        )
    }

    /// The side that proposes at the deadline (A proposes in odd rounds).
    pub(super) fn last_proposer(&self) -> usize {
        ((self.protocol.deadline() - 1) % 2) as usize
    }

    /// Under continuation acceptance in `price`, whether a refusal by `j` of
    /// the other's held offer shows that the offer is beyond `j`'s limit:
    /// `j` takes a held offer within its limit whenever it does not propose
    /// last (refusing it can only bring the same offer later).
    pub(super) fn learns_from_refusal(&self, j: usize) -> bool {
        self.continuation()
            && matches!(self.scenario, Scenario::Price { .. })
            && j != self.last_proposer()
    }

    /// Whether side `j` accepts `offer` at round `t` (MODEL.md section
    /// 10.1): never beyond its limit; at the deadline, or at least its
    /// target, always; otherwise iff its surplus now is at least the
    /// discounted expected surplus of refusing. While the other still
    /// concedes, that is its own next offer discounted by one round (version
    /// 2's rule). An offer the other repeated is taken to be held to the
    /// deadline: if the other proposes at the deadline, refusing brings at
    /// best the same offer later, so it accepts now; if it proposes last
    /// itself, refusing is worth its final offer (its target), discounted to
    /// the deadline and weighted by its belief that the other accepts it
    /// (one cdf query). `held` is only ever set under continuation
    /// acceptance. `acceptance = "next_offer"` is version 2's rule.
    pub(super) fn accepts(
        &self,
        j: usize,
        t: u32,
        offer: &Offer,
        private: &Private,
        view: &Responder,
    ) -> bool {
        let plan = view.plan;
        let eps = 1e-12 * self.sd[j];
        if self.gain(j, private, offer, plan.limit) < -eps {
            return false;
        }
        let deadline = self.protocol.deadline();
        if t >= deadline || self.gain(j, private, offer, plan.target) >= -eps {
            return true;
        }
        let d = self.protocol.discount(j);
        let now = self.surplus(j, private, offer);
        if view.held {
            if self.last_proposer() != j {
                return true;
            }
            let last = self.offer(j, deadline, private, plan);
            let p = match self.scenario {
                Scenario::Price { .. } => self.agreeable(j, last.value, view.belief, view.side),
                Scenario::MultiIssue { .. } => view.belief.prob_below(plan.cap_target),
            };
            let later = d.powi((deadline - t) as i32) * p * self.surplus(j, private, &last);
            return now >= later - eps;
        }
        let next = self.offer(j, t + 1, private, plan);
        now >= d * self.surplus(j, private, &next) - eps
    }

    /// The offer on side `i`'s believed frontier that gives it utility `u`.
    pub(super) fn frontier_offer(&self, i: usize, u: f64, private: &Private, plan: &Plan) -> Offer {
        let n = self.issues();
        let own = &private.weights[i];
        let mut y = [0.0; MAX_ISSUES];
        let mut got = 0.0;
        for &k in plan.order.iter().take(n) {
            let k = k as usize;
            if got >= u {
                break;
            }
            let take = if got + own[k] <= u {
                1.0
            } else {
                (u - got) / own[k]
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
