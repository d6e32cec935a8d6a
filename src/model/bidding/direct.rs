//! The expected payoff of one bid, evaluated directly piece by piece: the
//! reference the exact sweep is tested against.

use super::{BidPart, CellBelief, Side, equilibrium_parts};

/// The expected payoff of bidding (or asking) `bid` for `side` with `value`,
/// against the other side's value believed as `belief`, bidding its value
/// with probability `q` and otherwise the linear equilibrium on `range`.
/// Evaluated directly, piece by piece (`O(n)`); ties trade.
pub fn expected_payoff(
    side: Side,
    value: f64,
    bid: f64,
    k: f64,
    belief: &CellBelief,
    q: f64,
    range: (f64, f64),
) -> f64 {
    payoff_against(
        side,
        value,
        bid,
        k,
        &equilibrium_parts(side, k, belief, q, range),
    )
}

/// The expected payoff of bidding (or asking) `bid` for `side` with `value`
/// against the other's bid believed as `parts`. Evaluated directly, piece by
/// piece; ties trade.
pub fn payoff_against(side: Side, value: f64, bid: f64, k: f64, parts: &[BidPart]) -> f64 {
    let (x, v) = (bid, value);
    let mut total = 0.0;
    for part in parts {
        let (belief, weight, slope, intercept) =
            (part.belief, part.weight, part.slope, part.intercept);
        if weight <= 0.0 {
            continue;
        }
        for j in 0..belief.n {
            let m = weight * belief.masses[j];
            let a = slope * belief.edges[j] + intercept;
            let b = slope * belief.edges[j + 1] + intercept;
            let d = if b > a { m / (b - a) } else { 0.0 };
            total += match side {
                Side::Buyer if x < a => 0.0,
                Side::Buyer if x >= b => m * (v - k * x - (1.0 - k) * (a + b) / 2.0),
                Side::Buyer => d * (x - a) * (v - k * x - (1.0 - k) * (a + x) / 2.0),
                Side::Seller if x > b => 0.0,
                Side::Seller if x <= a => m * (k * (a + b) / 2.0 + (1.0 - k) * x - v),
                Side::Seller => d * (b - x) * (k * (x + b) / 2.0 + (1.0 - k) * x - v),
            };
        }
    }
    total
}
