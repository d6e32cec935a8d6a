//! Version 2.1's belief about the other's bid (MODEL.md section 6 and
//! 10.3) for a bidder that told the other its value: the other's best
//! response to what it knows, one step deep.

use super::{
    BidPart, CellBelief, MAX_CELLS, MAX_PARTS, Side, best_response_to, linear_equilibrium,
};

impl CellBelief {
    /// The belief cut at `t`: the part on values `<= t` and the part above,
    /// each normalised, with its mass (`None` for a part without mass). A
    /// cell across `t` is cut in two with its mass shared by length; a
    /// point mass at `t` goes below.
    pub fn split_at(&self, t: f64) -> [Option<(CellBelief, f64)>; 2] {
        let mut edges = [[0.0; MAX_CELLS + 1]; 2];
        let mut masses = [[0.0; MAX_CELLS]; 2];
        let mut n = [0usize; 2];
        let mut push = |part: usize, a: f64, b: f64, m: f64| {
            let c = n[part];
            if c == 0 {
                edges[part][0] = a;
            }
            edges[part][c + 1] = b;
            masses[part][c] = m;
            n[part] += 1;
        };
        for j in 0..self.n {
            let (a, b, m) = (self.edges[j], self.edges[j + 1], self.masses[j]);
            if b <= t {
                push(0, a, b, m);
            } else if a >= t {
                push(1, a, b, m);
            } else {
                push(0, a, t, m * (t - a) / (b - a));
                push(1, t, b, m * (b - t) / (b - a));
            }
        }
        [0, 1].map(|p| {
            let total: f64 = masses[p][..n[p]].iter().sum();
            (total > 0.0).then(|| {
                (
                    CellBelief::new(&edges[p][..=n[p]], &masses[p][..n[p]]),
                    total,
                )
            })
        })
    }
}

/// What the other knows of a bidder that told it its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    /// Both sides told: each knows the other's value (as well as the talk
    /// showed it).
    Both,
    /// Only this bidder told, `precise` if at stated noise <= 0.1 prior sd.
    Alone {
        /// Whether it confided precisely.
        precise: bool,
    },
}

/// The best response of `side` with `value` when it told the other its
/// value, which the other takes to be `m` (version 2.1; `belief` is its
/// belief about the other's value, `q` its belief that the other bids its
/// value). Otherwise (probability `1 - q`) the other bids its best response
/// to what it knows, one step deep:
/// - [`Told::Both`]: the complete-information k-split by what it knows,
///   `k c + (1 - k) v` with this bidder's value at `m`: a seller with cost
///   `y <= m` asks `k y + (1 - k) m`, a buyer with value `y >= m` bids
///   `k m + (1 - k) y`;
/// - [`Told::Alone`]: it believes this bidder bids `z`, which is `m` if it
///   confided precisely (the other's `q` would make it bid its value) and
///   otherwise its linear-equilibrium bid at `m`, and bids exactly `z`, as
///   the best response to a known bid that leaves it a gain;
///
/// and where it has nothing to gain it bids its value.
#[allow(clippy::too_many_arguments)]
pub fn informed_bid(
    side: Side,
    value: f64,
    k: f64,
    belief: &CellBelief,
    q: f64,
    m: f64,
    told: Told,
    range: (f64, f64),
) -> f64 {
    // The other's bid where it gains (its value beyond `t`): `slope y +
    // intercept`. The split is written as both sides compute it, `k c +
    // (1 - k) v`, so that two sides with the same knowledge tie exactly.
    let (t, slope, intercept) = match (told, side) {
        (Told::Both, Side::Buyer) => (m, k, (1.0 - k) * m),
        (Told::Both, Side::Seller) => (m, 1.0 - k, k * m),
        (Told::Alone { precise: true }, _) => (m, 0.0, m),
        (Told::Alone { precise: false }, _) => {
            let z = linear_equilibrium(side, m, k, range);
            (z, 0.0, z)
        }
    };
    let [below, above] = belief.split_at(t);
    // A seller gains from a bid `t` with cost `y <= t`, a buyer from an ask
    // `t` with value `y >= t` (at `y = t` bidding `t` is bidding its value).
    let (gains, not) = match side {
        Side::Buyer => (below, above),
        Side::Seller => (above, below),
    };
    let truthful = BidPart {
        belief,
        weight: q,
        slope: 1.0,
        intercept: 0.0,
    };
    let mut parts = [truthful; MAX_PARTS];
    let mut n = 1;
    if let Some((b, mass)) = &gains {
        parts[n] = BidPart {
            belief: b,
            weight: (1.0 - q) * mass,
            slope,
            intercept,
        };
        n += 1;
    }
    if let Some((b, mass)) = &not {
        parts[n] = BidPart {
            belief: b,
            weight: (1.0 - q) * mass,
            ..truthful
        };
        n += 1;
    }
    best_response_to(side, value, k, &parts[..n]).0
}
