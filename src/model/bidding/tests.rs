//! Tests of the exact best response: the linear equilibrium as a fixed
//! point, THEORY.md section 1 by Monte Carlo, and a brute-force grid search.

use super::*;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

const UNIT: (f64, f64) = (0.0, 1.0);

/// Streaming mean and standard error.
#[derive(Default)]
struct Stat {
    n: f64,
    sum: f64,
    sum2: f64,
}

impl Stat {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        self.sum += x;
        self.sum2 += x * x;
    }

    fn mean(&self) -> f64 {
        self.sum / self.n
    }

    fn se(&self) -> f64 {
        let var = (self.sum2 / self.n - self.mean().powi(2)) * self.n / (self.n - 1.0);
        (var / self.n).sqrt()
    }
}

/// Checks a mean against theory within 3.3 standard errors.
fn within(name: &str, s: &Stat, expected: f64) {
    let z = (s.mean() - expected) / s.se();
    eprintln!(
        "{name}: {:.5} (theory {expected:.5}, se {:.5}, z {z:+.2})",
        s.mean(),
        s.se()
    );
    assert!(z.abs() <= 3.3, "{name}: {} vs {expected}", s.mean());
}

/// Checks the ratio of two means (efficiency) within 3.3 standard errors
/// (delta method).
fn ratio_within(name: &str, num: &[f64], den: &[f64], expected: f64) {
    let n = num.len() as f64;
    let (sn, sd) = (num.iter().sum::<f64>(), den.iter().sum::<f64>());
    let r = sn / sd;
    let mut resid = Stat::default();
    for (a, b) in num.iter().zip(den) {
        resid.push(a - r * b);
    }
    let se = resid.se() / (sd / n);
    let z = (r - expected) / se;
    eprintln!("{name}: {r:.5} (theory {expected:.5}, se {se:.5}, z {z:+.2})");
    assert!(z.abs() <= 3.3, "{name}: {r} vs {expected}");
}

#[test]
fn linear_equilibrium_is_its_own_best_response() {
    for range in [UNIT, (2.0, 5.0)] {
        let (lo, hi) = range;
        let w = hi - lo;
        let belief = CellBelief::uniform(lo, hi, 64);
        for k in [0.25, 0.5, 0.75] {
            let lowest_ask = linear_equilibrium(Side::Seller, lo, k, range);
            let highest_bid = linear_equilibrium(Side::Buyer, hi, k, range);
            for i in 0..=200 {
                let x = lo + w * i as f64 / 200.0;
                let b = best_bid(Side::Buyer, x, k, &belief, 0.0, range);
                let s = best_bid(Side::Seller, x, k, &belief, 0.0, range);
                if x >= lowest_ask {
                    let eq = linear_equilibrium(Side::Buyer, x, k, range);
                    assert!((b - eq).abs() <= 1e-9 * w, "k {k} v {x}: {b} vs {eq}");
                } else {
                    assert_eq!(b, x, "no trade possible: bid the value");
                }
                if x <= highest_bid {
                    let eq = linear_equilibrium(Side::Seller, x, k, range);
                    assert!((s - eq).abs() <= 1e-9 * w, "k {k} c {x}: {s} vs {eq}");
                } else {
                    assert_eq!(s, x, "no trade possible: ask the cost");
                }
            }
        }
    }
    let belief = CellBelief::uniform(0.0, 1.0, 64);
    for i in 0..=100 {
        let x = i as f64 / 100.0;
        if x >= 0.25 {
            let b = best_bid(Side::Buyer, x, 0.5, &belief, 0.0, UNIT);
            assert!((b - (2.0 * x / 3.0 + 1.0 / 12.0)).abs() <= 1e-9);
        }
        if x <= 0.75 {
            let s = best_bid(Side::Seller, x, 0.5, &belief, 0.0, UNIT);
            assert!((s - (2.0 * x / 3.0 + 0.25)).abs() <= 1e-9);
        }
    }
}

#[test]
fn two_best_responders_reach_the_chatterjee_samuelson_outcome() {
    let belief = CellBelief::uniform(0.0, 1.0, 64);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let n = 200_000;
    let (mut trade, mut realised, mut first_best) = (Stat::default(), vec![], vec![]);
    for _ in 0..n {
        let (v, c): (f64, f64) = (rng.random(), rng.random());
        let b = best_bid(Side::Buyer, v, 0.5, &belief, 0.0, UNIT);
        let s = best_bid(Side::Seller, c, 0.5, &belief, 0.0, UNIT);
        let deal = b >= s;
        if deal {
            assert!(v - c >= 0.25 - 1e-9, "trade with v - c = {}", v - c);
        } else {
            assert!(v - c < 0.25 + 1e-9, "no trade with v - c = {}", v - c);
        }
        trade.push(f64::from(u8::from(deal)));
        realised.push(if deal { v - c } else { 0.0 });
        first_best.push((v - c).max(0.0));
    }
    within("P(trade)", &trade, 9.0 / 32.0);
    ratio_within("efficiency", &realised, &first_best, 27.0 / 32.0);
}

#[test]
fn exploiting_a_truthful_side_pays_t_and_leaves_s() {
    let belief = CellBelief::uniform(0.0, 1.0, 64);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(12);
    let n = 200_000;
    let [mut exploiter, mut exploited] = [Stat::default(), Stat::default()];
    let [mut exploiter_s, mut exploited_s] = [Stat::default(), Stat::default()];
    for _ in 0..n {
        let (v, c): (f64, f64) = (rng.random(), rng.random());
        // A strategic buyer facing a seller known to ask its cost.
        let b = best_bid(Side::Buyer, v, 0.5, &belief, 1.0, UNIT);
        assert!((b - 2.0 * v / 3.0).abs() <= 1e-9);
        let price = (b + c) / 2.0;
        exploiter.push(if b >= c { v - price } else { 0.0 });
        exploited.push(if b >= c { price - c } else { 0.0 });
        // A strategic seller facing a buyer known to bid its value.
        let s = best_bid(Side::Seller, c, 0.5, &belief, 1.0, UNIT);
        let price = (v + s) / 2.0;
        exploiter_s.push(if v >= s { price - c } else { 0.0 });
        exploited_s.push(if v >= s { v - price } else { 0.0 });
    }
    within("T (buyer exploits)", &exploiter, 1.0 / 9.0);
    within("S (truthful seller)", &exploited, 1.0 / 27.0);
    within("T (seller exploits)", &exploiter_s, 1.0 / 9.0);
    within("S (truthful buyer)", &exploited_s, 1.0 / 27.0);
}

/// k = 0: the seller's ask is the price. A truthful buyer (q = 1) whose
/// value the seller does not know gets a take-it-or-leave-it price
/// `(1 + c)/2`; one whose value it knows (a point mass) is asked `v`.
#[test]
fn take_it_or_leave_it_at_k_zero() {
    let uniform = CellBelief::uniform(0.0, 1.0, 64);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(13);
    let n = 200_000;
    let mut private = [(); 3].map(|_| Stat::default());
    let (mut realised, mut first_best) = (vec![], vec![]);
    let mut disclosed = [(); 3].map(|_| Stat::default());
    for _ in 0..n {
        let (v, c): (f64, f64) = (rng.random(), rng.random());
        let ask = best_bid(Side::Seller, c, 0.0, &uniform, 1.0, UNIT);
        assert!((ask - (1.0 + c) / 2.0).abs() <= 1e-9, "c {c}: {ask}");
        let deal = v >= ask;
        private[0].push(f64::from(u8::from(deal)));
        private[1].push(if deal { ask - c } else { 0.0 });
        private[2].push(if deal { v - ask } else { 0.0 });
        realised.push(if deal { v - c } else { 0.0 });
        first_best.push((v - c).max(0.0));

        let ask = best_bid(Side::Seller, c, 0.0, &CellBelief::point(v), 1.0, UNIT);
        assert_eq!(ask, if v >= c { v } else { c });
        let deal = v >= ask;
        assert_eq!(deal, v >= c, "disclosure: every efficient trade happens");
        disclosed[0].push(f64::from(u8::from(deal)));
        disclosed[1].push(if deal { ask - c } else { 0.0 });
        disclosed[2].push(if deal { v - ask } else { 0.0 });
    }
    within("private: P(trade)", &private[0], 0.25);
    within("private: seller", &private[1], 1.0 / 12.0);
    within("private: buyer", &private[2], 1.0 / 24.0);
    ratio_within("private: efficiency", &realised, &first_best, 0.75);
    within("disclosed: P(trade)", &disclosed[0], 0.5);
    within("disclosed: seller", &disclosed[1], 1.0 / 6.0);
    assert_eq!(
        disclosed[2].mean(),
        0.0,
        "disclosed: the buyer gets nothing"
    );
}

/// A random belief: 64 cells on a random part of `range`, equal or random
/// edges (sometimes with a point mass), random masses with some zeros.
fn random_belief(rng: &mut Xoshiro256PlusPlus, range: (f64, f64), case: usize) -> CellBelief {
    let (lo, hi) = range;
    let w = hi - lo;
    let (a, b) = (
        lo + 0.3 * w * rng.random::<f64>(),
        hi - 0.3 * w * rng.random::<f64>(),
    );
    let mut masses = [0.0; MAX_CELLS];
    for m in &mut masses {
        *m = if rng.random::<f64>() < 0.2 {
            0.0
        } else {
            rng.random()
        };
    }
    if case.is_multiple_of(2) {
        return CellBelief::from_masses(a, b, &masses);
    }
    let mut edges = [0.0; MAX_CELLS + 1];
    for e in &mut edges {
        *e = a + (b - a) * rng.random::<f64>();
    }
    edges.sort_by(f64::total_cmp);
    if case % 4 == 1 {
        let j = rng.random_range(0..MAX_CELLS);
        edges[j + 1] = edges[j];
        masses[j] = 0.2;
    }
    CellBelief::new(&edges, &masses)
}

/// The best of `steps + 1` equally spaced points on `[from, to]`: `(x, f(x))`.
fn grid_max(from: f64, to: f64, steps: usize, f: impl Fn(f64) -> f64) -> (f64, f64) {
    (0..=steps)
        .map(|i| {
            let x = from + (to - from) * i as f64 / steps as f64;
            (x, f(x))
        })
        .fold(
            (from, f64::NEG_INFINITY),
            |a, b| if b.1 > a.1 { b } else { a },
        )
}

#[test]
fn exact_maximum_beats_a_fine_grid_search() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(14);
    let (mut worst_gap, mut worst_excess) = (0.0f64, f64::NEG_INFINITY);
    for case in 0..40 {
        let lo = 2.0 * rng.random::<f64>() - 1.0;
        let range = (lo, lo + 0.5 + 2.5 * rng.random::<f64>());
        let belief = random_belief(&mut rng, range, case);
        let q = match case % 5 {
            0 => 0.0,
            1 => 1.0,
            _ => rng.random(),
        };
        let k = rng.random::<f64>();
        let side = if case % 3 == 0 {
            Side::Seller
        } else {
            Side::Buyer
        };
        let value = range.0 + (range.1 - range.0) * rng.random::<f64>();
        let (bid, u) = best_response(side, value, k, &belief, q, range);
        let direct = expected_payoff(side, value, bid, k, &belief, q, range);
        assert!(
            (u - direct).abs() <= 1e-12,
            "case {case}: sweep {u} vs {direct}"
        );
        // Every bid the other might make lies within these bounds.
        let eq = |x| linear_equilibrium(side.other(), x, k, range);
        let (first, last) = (belief.edges()[0], belief.edges()[belief.cells()]);
        let (from, to) = match side {
            Side::Buyer => (first.min(eq(first)).min(value), value),
            Side::Seller => (value, last.max(eq(last)).max(value)),
        };
        match side {
            Side::Buyer => assert!(bid <= value),
            Side::Seller => assert!(bid >= value),
        }
        // 10^5 points, then 10^3 more within a step of the best of them.
        let payoff = |x| expected_payoff(side, value, x, k, &belief, q, range);
        let step = (to - from) / 100_000.0;
        let coarse = grid_max(from, to, 100_000, payoff);
        let lo = (coarse.0 - step).max(from);
        let grid = grid_max(lo, (coarse.0 + step).min(to), 1000, payoff).1;
        assert!(
            direct >= grid - 1e-12,
            "case {case}: grid {grid} beats {direct}"
        );
        assert!(
            direct - grid <= 1e-6,
            "case {case}: {direct} vs grid {grid}"
        );
        worst_gap = worst_gap.max(direct - grid);
        worst_excess = worst_excess.max(grid - direct);
    }
    eprintln!("exact - grid: at most {worst_gap:.2e}; grid - exact: at most {worst_excess:.2e}");
}

#[test]
fn nothing_to_gain_means_bidding_the_value() {
    let belief = CellBelief::uniform(0.6, 0.9, 16);
    for q in [0.0, 0.5, 1.0] {
        // Every ask is above 0.5: the buyer cannot gain.
        assert_eq!(best_bid(Side::Buyer, 0.5, 0.5, &belief, q, (0.6, 0.9)), 0.5);
    }
    let belief = CellBelief::uniform(0.1, 0.4, 16);
    assert_eq!(best_bid(Side::Seller, 0.45, 0.5, &belief, 1.0, UNIT), 0.45);
    // Bids never pass the own value in the losing direction.
    let belief = CellBelief::uniform(0.0, 1.0, 64);
    for i in 0..=20 {
        let x = i as f64 / 20.0;
        for k in [0.0, 0.3, 1.0] {
            assert!(best_bid(Side::Buyer, x, k, &belief, 0.5, UNIT) <= x);
            assert!(best_bid(Side::Seller, x, k, &belief, 0.5, UNIT) >= x);
        }
    }
}

#[test]
fn beliefs_are_normalised_cells() {
    let b = CellBelief::uniform(1.0, 3.0, 4);
    assert_eq!(b.cells(), 4);
    assert_eq!(b.edges(), &[1.0, 1.5, 2.0, 2.5, 3.0]);
    assert_eq!(b.masses(), &[0.25; 4]);
    let b = CellBelief::from_masses(0.0, 1.0, &[0.0, 2.0, 2.0, 0.0]);
    assert_eq!(b.masses(), &[0.0, 0.5, 0.5, 0.0]);
    assert_eq!(b.support(), (0.25, 0.75));
    let p = CellBelief::point(0.3);
    assert_eq!(
        (p.edges(), p.masses(), p.support()),
        (&[0.3, 0.3][..], &[1.0][..], (0.3, 0.3))
    );
}

#[test]
fn a_belief_cut_at_a_point_keeps_its_mass_on_each_side() {
    let b = CellBelief::uniform(0.0, 1.0, 4);
    let [below, above] = b.split_at(0.3);
    let (below, mb) = below.unwrap();
    let (above, ma) = above.unwrap();
    assert!((mb - 0.3).abs() < 1e-15 && (ma - 0.7).abs() < 1e-15);
    assert_eq!(below.edges(), &[0.0, 0.25, 0.3]);
    assert_eq!(above.edges(), &[0.3, 0.5, 0.75, 1.0]);
    assert!((below.masses()[0] - 0.25 / 0.3).abs() < 1e-15);
    assert!((above.masses()[0] - 0.2 / 0.7).abs() < 1e-15);
    // Nothing on one side: no part there; a point mass at the cut goes below.
    assert!(b.split_at(1.0)[1].is_none() && b.split_at(0.0)[0].is_none());
    let [p, q] = CellBelief::point(0.4).split_at(0.4);
    assert_eq!(p.unwrap().1, 1.0);
    assert!(q.is_none());
}

#[test]
fn both_told_exactly_best_responders_bid_the_k_split_and_tie() {
    // Each knows both values (point beliefs, told value m = the truth): the
    // buyer and the seller bid exactly k c + (1 - k) v, for any k.
    for k in [0.0, 0.3, 0.5, 0.8, 1.0] {
        for (v, c) in [(0.8, 0.2), (0.61, 0.6), (0.9, 0.1)] {
            let split = k * c + (1.0 - k) * v;
            let b = informed_bid(
                Side::Buyer,
                v,
                k,
                &CellBelief::point(c),
                0.0,
                v,
                Told::Both,
                UNIT,
            );
            let s = informed_bid(
                Side::Seller,
                c,
                k,
                &CellBelief::point(v),
                0.0,
                c,
                Told::Both,
                UNIT,
            );
            assert_eq!((b, s), (split, split), "k {k}, v {v}, c {c}");
        }
    }
    // No zone: nothing to gain, each bids its value.
    let b = informed_bid(
        Side::Buyer,
        0.3,
        0.5,
        &CellBelief::point(0.4),
        0.0,
        0.3,
        Told::Both,
        UNIT,
    );
    assert_eq!(b, 0.3);
    // Believing the other bids its value (q = 1) instead, a buyer takes all.
    let b = informed_bid(
        Side::Buyer,
        0.8,
        0.5,
        &CellBelief::point(0.2),
        1.0,
        0.8,
        Told::Both,
        UNIT,
    );
    assert_eq!(b, 0.2);
}

#[test]
fn told_alone_a_bidder_expects_the_other_to_bid_exactly_what_it_believes_it_bids() {
    let belief = CellBelief::uniform(0.0, 1.0, 64);
    // Told exactly and truthfully (m = v): the seller is expected to ask
    // v whenever c <= v, so nothing can be gained: the buyer bids its value
    // (and trades at it: the listener takes the whole gain).
    for v in [0.2, 0.5, 0.9] {
        let told = Told::Alone { precise: true };
        assert_eq!(
            informed_bid(Side::Buyer, v, 0.5, &belief, 0.0, v, told, UNIT),
            v
        );
        assert_eq!(
            informed_bid(Side::Seller, v, 0.5, &belief, 0.0, v, told, UNIT),
            v
        );
    }
    // Told 0.5 with value 0.7 (a bluff): asks of 0.5 for c <= 0.5, c above.
    // Bidding x in [0.5, 0.7] pays 0.5 (0.7 - x/2 - 0.25) + (x - 0.5)(0.7 -
    // x/2) - (x^2 - 0.25)/4, falling from x = 0.5 (slope 0.7 - 1.5 x): it
    // bids exactly 0.5.
    let told = Told::Alone { precise: true };
    let b = informed_bid(Side::Buyer, 0.7, 0.5, &belief, 0.0, 0.5, told, UNIT);
    assert_eq!(b, 0.5);
    // Known without a precise claim (common knowledge): the other takes it
    // to bid its linear-equilibrium bid z at m and asks z; bidding z is best
    // (above z the payoff's slope v - 3x/2 is negative), so it bids z
    // exactly.
    for v in [0.3, 0.6, 1.0] {
        let z = linear_equilibrium(Side::Buyer, v, 0.5, UNIT);
        let told = Told::Alone { precise: false };
        assert_eq!(
            informed_bid(Side::Buyer, v, 0.5, &belief, 0.0, v, told, UNIT),
            z
        );
        assert!((z - (2.0 * v / 3.0 + 1.0 / 12.0)).abs() < 1e-15);
    }
}

#[test]
fn best_response_to_several_parts_beats_a_fine_grid_search() {
    // Three parts, one of them a point bid (slope 0), on random beliefs cut
    // at a random point: the sweep's maximum is the direct payoff's.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(15);
    for case in 0..30 {
        let belief = random_belief(&mut rng, UNIT, case);
        let t = rng.random::<f64>();
        let [below, above] = belief.split_at(t);
        let (Some((lb, mb)), Some((ub, ma))) = (below, above) else {
            continue;
        };
        let (q, k, slope) = (
            rng.random::<f64>(),
            rng.random::<f64>(),
            rng.random::<f64>(),
        );
        let slope = if case % 3 == 0 { 0.0 } else { slope };
        let parts = [
            BidPart {
                belief: &belief,
                weight: q,
                slope: 1.0,
                intercept: 0.0,
            },
            BidPart {
                belief: &lb,
                weight: (1.0 - q) * mb,
                slope,
                intercept: t * (1.0 - slope),
            },
            BidPart {
                belief: &ub,
                weight: (1.0 - q) * ma,
                slope: 1.0,
                intercept: 0.0,
            },
        ];
        let side = if case % 2 == 0 {
            Side::Buyer
        } else {
            Side::Seller
        };
        let value = rng.random::<f64>();
        let (bid, u) = best_response_to(side, value, k, &parts);
        let direct = payoff_against(side, value, bid, k, &parts);
        assert!((u - direct).abs() <= 1e-12, "case {case}: {u} vs {direct}");
        let (from, to) = match side {
            Side::Buyer => (0.0, value),
            Side::Seller => (value, 1.0),
        };
        let grid = grid_max(from, to, 100_000, |x| {
            payoff_against(side, value, x, k, &parts)
        })
        .1;
        assert!(
            direct >= grid - 1e-12,
            "case {case}: grid {grid} beats {direct}"
        );
    }
}
