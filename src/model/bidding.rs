//! Exact best-response bidding in the sealed-bid k-double auction (MODEL.md
//! section 6, THEORY.md section 1).
//!
//! # The game
//! The buyer bids `b`, the seller asks `s`; they trade iff `b >= s`, at the
//! price `k b + (1 - k) s`. The buyer (value `v`) gets `v - price`, the seller
//! (cost `c`) gets `price - c`; without trade both get zero.
//!
//! # The belief
//! A bidder believes the other side's *value* has a piecewise-uniform density
//! ([`CellBelief`]: sorted edges `x_0 <= ... <= x_n`, cell masses `m_j`
//! summing to 1; a cell whose two edges are equal is a point mass), and that
//! the other bids its value with probability `q` and otherwise plays the
//! Chatterjee-Samuelson linear equilibrium for this `k` on the common prior's
//! range `[lo, hi]`. On `[0, 1]` that equilibrium is
//! `b(v) = v/(1+k) + k(1-k)/(2(1+k))` and `s(c) = c/(2-k) + (1-k)/2`. The
//! game is unchanged by the affine change of variables `u = (x - lo)/w`,
//! `w = hi - lo`, applied to values and bids alike (who trades is the same,
//! prices map the same way, payoffs scale by `w`), so on `[lo, hi]` it is
//! `b(v) = lo + (v - lo)/(1+k) + w k(1-k)/(2(1+k))` and
//! `s(c) = lo + (c - lo)/(2-k) + w (1-k)/2` ([`linear_equilibrium`]).
//!
//! Both maps are affine and increasing, so they carry each value cell onto a
//! bid cell with the same mass: the other's bid `Y` has a mixture of two
//! piecewise-uniform densities (weights `q` and `1 - q`), at most `2n`
//! uniform *pieces*. That is version 2's belief ([`best_response`]). In
//! general ([`best_response_to`]) the other's bid is a mixture of up to
//! [`MAX_PARTS`] [`BidPart`]s, each an affine, non-decreasing map of a cell
//! belief (slope 0 is one known bid); version 2.1's belief for a bidder
//! that told its value ([`informed_bid`], MODEL.md 10.3) is built from the
//! belief cut at a point ([`CellBelief::split_at`]).
//!
//! # The payoff is piecewise quadratic
//! A buyer bidding `x` against a piece `[a, b]` of mass `m` and density
//! `d = m/(b - a)` expects `0` if `x < a`,
//! `d (x - a) (v - k x - (1-k)(a + x)/2)` if `a <= x < b` (it trades with the
//! part below `x`, whose mean is `(a + x)/2`), and
//! `m (v - k x - (1-k)(a + b)/2)` if `x >= b`. Each is a polynomial of degree
//! at most 2 in `x`, so the expected payoff `U(x)` (the sum over pieces) is one
//! quadratic between consecutive piece ends (*breakpoints*). It is
//! continuous except at a point mass `y`, where it jumps up by `m (v - y)`
//! (a tie trades), which is `>= 0` where it matters: bidding above `v` is
//! dominated (it only adds trades at a price above `v` and raises the price of
//! the others), so a buyer never bids above its value.
//!
//! The seller is the buyer's mirror image: with `x' = -x`, `Y' = -Y`,
//! `c' = -c`, its payoff `E[(k Y + (1-k) x - c) 1{Y >= x}]` is
//! `E[(c' - (1-k) x' - k Y') 1{Y' <= x'}]`, a buyer's with value `c'` and
//! weight `1 - k`. One routine serves both sides.
//!
//! # Exact maximisation
//! The breakpoints are walked upwards up to the own value, in coordinates
//! relative to it (so the coefficients stay of the order of the range however
//! far it is from 0), updating the quadratic's coefficients as pieces start
//! and end. `U` is evaluated at every breakpoint (its value there, ties
//! included), at the stationary point `-B/(2A)` of each concave piece that
//! falls inside its interval, and at the own value; the best of these is the
//! exact maximum of `U` over the bids on the favourable side of the own value.
//! That is `O(n)` and allocates nothing: both cell lists are already sorted,
//! so they are merged on the fly. A bidder whose maximum is `<= 0` (nothing to
//! gain, e.g. no mass on the favourable side of its value) bids its value.
//!
//! Treating cells as point masses at their centres instead is not a small
//! approximation: the payoff then jumps at every point and its maximum moves
//! onto them, and in a prototype it pushed the efficiency of two
//! best-responders to 0.880, above the Myerson-Satterthwaite bound of 27/32.
//!
//! # Point masses
//! A known value is a zero-width cell ([`CellBelief::point`]); its jump is
//! handled exactly. A very narrow cell of positive width also works, but its
//! density `m/width` enters the coefficients and costs about
//! `1e-16 * m * range^2 / width` of precision in the payoff.

/// Most cells a [`CellBelief`] holds.
pub const MAX_CELLS: usize = 64;

/// A side of the auction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Has value `v`, bids `b`.
    Buyer,
    /// Has cost `c`, asks `s`.
    Seller,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Buyer => Side::Seller,
            Side::Seller => Side::Buyer,
        }
    }
}

/// A piecewise-uniform belief about the other side's value: cells
/// `[x_j, x_{j+1}]` of uniform density with masses `m_j` summing to 1. A cell
/// with `x_j == x_{j+1}` is a point mass at `x_j`. Fixed size
/// ([`MAX_CELLS`]), `Copy`, no allocation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellBelief {
    n: usize,
    edges: [f64; MAX_CELLS + 1],
    masses: [f64; MAX_CELLS],
    /// `m_j / (x_{j+1} - x_j)`, 0 for a point mass (saves the sweep a division).
    density: [f64; MAX_CELLS],
}

impl CellBelief {
    /// The uniform belief on `[lo, hi]`, as `n` equal cells.
    ///
    /// # Panics
    /// If `n` is 0 or above [`MAX_CELLS`], or `lo > hi`, or a bound is not finite.
    pub fn uniform(lo: f64, hi: f64, n: usize) -> Self {
        assert!(
            (1..=MAX_CELLS).contains(&n),
            "1 to {MAX_CELLS} cells, not {n}"
        );
        Self::from_masses(lo, hi, &[1.0; MAX_CELLS][..n])
    }

    /// `masses.len()` equal cells on `[lo, hi]` with the given masses
    /// (normalised to sum 1).
    ///
    /// # Panics
    /// As [`CellBelief::new`].
    pub fn from_masses(lo: f64, hi: f64, masses: &[f64]) -> Self {
        let n = masses.len();
        assert!(
            (1..=MAX_CELLS).contains(&n),
            "1 to {MAX_CELLS} cells, not {n}"
        );
        let mut edges = [hi; MAX_CELLS + 1];
        for (j, e) in edges.iter_mut().enumerate().take(n) {
            *e = lo + (hi - lo) * j as f64 / n as f64;
        }
        Self::new(&edges[..=n], masses)
    }

    /// Cells with arbitrary sorted `edges` (one more than `masses`) and the
    /// given masses (normalised to sum 1). Equal consecutive edges make a
    /// point mass.
    ///
    /// # Panics
    /// If there are no cells or more than [`MAX_CELLS`], if `edges` is not
    /// one longer than `masses`, not finite or not sorted, or if a mass is
    /// negative or not finite, or they sum to 0.
    pub fn new(edges: &[f64], masses: &[f64]) -> Self {
        let n = masses.len();
        assert!(
            (1..=MAX_CELLS).contains(&n),
            "1 to {MAX_CELLS} cells, not {n}"
        );
        assert_eq!(edges.len(), n + 1, "one more edge than cells");
        assert!(edges.iter().all(|e| e.is_finite()), "finite edges");
        assert!(edges.windows(2).all(|w| w[0] <= w[1]), "sorted edges");
        assert!(
            masses.iter().all(|m| m.is_finite() && *m >= 0.0),
            "masses >= 0"
        );
        let total: f64 = masses.iter().sum();
        assert!(total > 0.0, "the masses sum to a positive number");
        let mut belief = CellBelief {
            n,
            edges: [0.0; MAX_CELLS + 1],
            masses: [0.0; MAX_CELLS],
            density: [0.0; MAX_CELLS],
        };
        belief.edges[..=n].copy_from_slice(edges);
        for (j, &m) in masses.iter().enumerate() {
            let (m, width) = (m / total, edges[j + 1] - edges[j]);
            belief.masses[j] = m;
            belief.density[j] = if width > 0.0 { m / width } else { 0.0 };
        }
        belief
    }

    /// A point mass at `x`: the other's value is known.
    pub fn point(x: f64) -> Self {
        Self::new(&[x, x], &[1.0])
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.n
    }

    /// The cells' edges (one more than cells).
    pub fn edges(&self) -> &[f64] {
        &self.edges[..=self.n]
    }

    /// The cells' masses (summing to 1).
    pub fn masses(&self) -> &[f64] {
        &self.masses[..self.n]
    }

    /// The smallest and largest value with positive density or mass.
    pub fn support(&self) -> (f64, f64) {
        let m = self.masses();
        let first = m.iter().position(|&x| x > 0.0).unwrap_or(0);
        let last = m.iter().rposition(|&x| x > 0.0).unwrap_or(self.n - 1);
        (self.edges[first], self.edges[last + 1])
    }
}

/// One part of a belief about the other side's bid: with probability
/// `weight` the other's value is believed as `belief` and it bids
/// `slope * value + intercept` (`slope >= 0`; 0 is one bid whatever its
/// value).
#[derive(Debug, Clone, Copy)]
pub struct BidPart<'a> {
    /// The other's value, as believed.
    pub belief: &'a CellBelief,
    /// Probability of this part.
    pub weight: f64,
    /// Bid per unit of the other's value.
    pub slope: f64,
    /// Bid at value 0.
    pub intercept: f64,
}

/// Most parts of a belief about the other's bid.
pub const MAX_PARTS: usize = 3;

/// Version 2's belief about the other's bid: its value with probability
/// `q`, otherwise the linear equilibrium for `k` on `range`.
fn equilibrium_parts(
    side: Side,
    k: f64,
    belief: &CellBelief,
    q: f64,
    range: (f64, f64),
) -> [BidPart<'_>; 2] {
    let (slope, intercept) = equilibrium_map(side.other(), k, range);
    [
        BidPart {
            belief,
            weight: q,
            slope: 1.0,
            intercept: 0.0,
        },
        BidPart {
            belief,
            weight: 1.0 - q,
            slope,
            intercept,
        },
    ]
}

/// The Chatterjee-Samuelson linear equilibrium as `(slope, intercept)`:
/// `bid = slope * value + intercept` on the common range `(lo, hi)`.
fn equilibrium_map(side: Side, k: f64, (lo, hi): (f64, f64)) -> (f64, f64) {
    let w = hi - lo;
    let (slope, offset) = match side {
        Side::Buyer => (1.0 / (1.0 + k), k * (1.0 - k) / (2.0 * (1.0 + k))),
        Side::Seller => (1.0 / (2.0 - k), (1.0 - k) / 2.0),
    };
    (slope, lo * (1.0 - slope) + w * offset)
}

/// The Chatterjee-Samuelson linear-equilibrium bid of `side` with `value`,
/// for weight `k` of the buyer's bid in the price, values uniform on
/// `range = (lo, hi)`: on `[0, 1]`, buyer `v/(1+k) + k(1-k)/(2(1+k))`,
/// seller `c/(2-k) + (1-k)/2`, carried to `[lo, hi]` by the affine change of
/// variables `u = (x - lo)/(hi - lo)` (see the module documentation).
pub fn linear_equilibrium(side: Side, value: f64, k: f64, range: (f64, f64)) -> f64 {
    let (slope, intercept) = equilibrium_map(side, k, range);
    slope * value + intercept
}

/// The exact best response of `side` with `value` (its value or cost): the
/// bid (or ask) maximising [`expected_payoff`] against the other side's value
/// believed as `belief`, bidding its value with probability `q` and
/// otherwise the linear equilibrium for `k` on the common prior's `range`.
/// Never beyond the own value in the losing direction; the own value when
/// nothing can be gained. `k` and `q` in `[0, 1]`.
pub fn best_bid(
    side: Side,
    value: f64,
    k: f64,
    belief: &CellBelief,
    q: f64,
    range: (f64, f64),
) -> f64 {
    best_response(side, value, k, belief, q, range).0
}

/// [`best_bid`] with its expected payoff: `(bid, payoff)`.
pub fn best_response(
    side: Side,
    value: f64,
    k: f64,
    belief: &CellBelief,
    q: f64,
    range: (f64, f64),
) -> (f64, f64) {
    debug_assert!((0.0..=1.0).contains(&q), "q = {q} outside [0, 1]");
    // Version 2's arithmetic, kept bit for bit (the ablation reproduces it).
    respond(
        side,
        value,
        k,
        &equilibrium_parts(side, k, belief, q, range),
        false,
    )
}

/// The exact best response of `side` with `value` against the other's bid
/// believed as `parts` (at most [`MAX_PARTS`], weights summing to 1):
/// `(bid, payoff)`, never beyond the own value in the losing direction; the
/// own value when nothing can be gained.
///
/// A maximum on an edge of the other's predicted bids is that bid as the
/// other computes it (`slope * value + intercept`), so that a bid placed on
/// a known bid ties exactly.
///
/// # Panics
/// If `parts` is empty or longer than [`MAX_PARTS`].
pub fn best_response_to(side: Side, value: f64, k: f64, parts: &[BidPart]) -> (f64, f64) {
    respond(side, value, k, parts, true)
}

/// [`best_response_to`], placing a maximum on an edge at that edge's bid
/// (`snap`) or at the own value plus the sweep's offset (version 2).
fn respond(side: Side, value: f64, k: f64, parts: &[BidPart], snap: bool) -> (f64, f64) {
    debug_assert!((0.0..=1.0).contains(&k), "k = {k} outside [0, 1]");
    assert!(
        (1..=MAX_PARTS).contains(&parts.len()),
        "1 to {MAX_PARTS} parts, not {}",
        parts.len()
    );
    let first = parts[0].belief;
    let mut streams = [0, 1, 2].map(|p| match parts.get(p) {
        Some(b) => Stream::new(b.belief, b.weight, (b.slope, b.intercept), side, value),
        None => Stream::new(first, 0.0, (1.0, 0.0), side, value),
    });
    let k = match side {
        Side::Buyer => k,
        Side::Seller => 1.0 - k,
    };
    let (x, u, edge) = sweep(&mut streams, k);
    match (side, edge.filter(|_| snap)) {
        (Side::Buyer, Some(b)) => (b.min(value), u),
        (Side::Seller, Some(b)) => (b.max(value), u),
        (Side::Buyer, None) => (value + x, u),
        (Side::Seller, None) => (value - x, u),
    }
}

/// A quadratic `a x^2 + b x + c`.
#[derive(Clone, Copy)]
struct Quad {
    a: f64,
    b: f64,
    c: f64,
}

impl Quad {
    const ZERO: Quad = Quad {
        a: 0.0,
        b: 0.0,
        c: 0.0,
    };

    fn eval(&self, x: f64) -> f64 {
        (self.a * x + self.b) * x + self.c
    }

    fn add(&mut self, o: Quad) {
        self.a += o.a;
        self.b += o.b;
        self.c += o.c;
    }
}

/// Buyer-frame (own value 0) payoff against a piece starting at `a` with
/// density `d`, for bids inside it: `d (x - a)(-k x - (1-k)(a+x)/2)`.
fn inside(a: f64, d: f64, k: f64) -> Quad {
    Quad {
        a: -d * (1.0 + k) / 2.0,
        b: d * k * a,
        c: d * (1.0 - k) * a * a / 2.0,
    }
}

/// Buyer-frame payoff against a whole piece `[a, b]` of mass `m`, for bids
/// above it: `m (-k x - (1-k)(a+b)/2)`.
fn after(a: f64, b: f64, m: f64, k: f64) -> Quad {
    Quad {
        a: 0.0,
        b: -m * k,
        c: -m * (1.0 - k) * (a + b) / 2.0,
    }
}

/// One mixture component of the other's bid (a [`BidPart`]), in
/// the buyer's frame of the sweep: positions relative to the own value,
/// mirrored for a seller, so that sweep edge `i` runs upwards.
struct Stream<'a> {
    belief: &'a CellBelief,
    weight: f64,
    slope: f64,
    shift: f64,
    /// The bid map as the other computes it: `(slope, intercept)`.
    map: (f64, f64),
    mirror: bool,
    /// Converts a value density to a bid density with the mixture weight.
    scale: f64,
    /// The next sweep edge to pass.
    next: usize,
    /// Its position (infinite when all are passed).
    here: f64,
    /// What passing the end of the open cell adds (after minus inside).
    close: Quad,
}

impl<'a> Stream<'a> {
    /// The bids `slope * value + intercept` of values in `belief`, with
    /// mixture weight `weight`, seen by `side` with `own` value.
    fn new(
        belief: &'a CellBelief,
        weight: f64,
        (slope, intercept): (f64, f64),
        side: Side,
        own: f64,
    ) -> Self {
        let map = (slope, intercept);
        let (slope, shift, mirror) = match side {
            Side::Buyer => (slope, intercept - own, false),
            Side::Seller => (-slope, own - intercept, true),
        };
        let mut s = Stream {
            belief,
            weight,
            slope,
            shift,
            map,
            mirror,
            // A point bid (slope 0) has no density.
            scale: if slope != 0.0 {
                weight / slope.abs()
            } else {
                0.0
            },
            next: 0,
            here: f64::INFINITY,
            close: Quad::ZERO,
        };
        if weight > 0.0 {
            s.here = s.pos(0);
        }
        s
    }

    /// Position of sweep edge `i`.
    fn pos(&self, i: usize) -> f64 {
        let j = if self.mirror { self.belief.n - i } else { i };
        self.slope * self.belief.edges[j] + self.shift
    }

    /// The bid at sweep edge `i` as the other computes it (`slope * value +
    /// intercept`, not relative to the own value), so that a bid placed on
    /// it ties exactly.
    fn bid_at(&self, i: usize) -> f64 {
        let j = if self.mirror { self.belief.n - i } else { i };
        self.map.0 * self.belief.edges[j] + self.map.1
    }

    /// Mass and bid density of sweep cell `i` (between sweep edges `i` and
    /// `i + 1`).
    fn cell(&self, i: usize) -> (f64, f64) {
        let j = if self.mirror {
            self.belief.n - 1 - i
        } else {
            i
        };
        (
            self.weight * self.belief.masses[j],
            self.scale * self.belief.density[j],
        )
    }

    /// Passes the edges at `t`, updating `u`'s coefficients for bids just
    /// above `t`: the cell below ends (inside -> after), the cell above
    /// starts (before -> inside), or a point mass is passed (before -> after).
    fn pass(&mut self, t: f64, k: f64, u: &mut Quad) {
        while self.here == t {
            u.add(self.close);
            self.close = Quad::ZERO;
            let i = self.next;
            self.next += 1;
            if i == self.belief.n {
                self.here = f64::INFINITY;
                break;
            }
            let (b, (m, d)) = (self.pos(i + 1), self.cell(i));
            if m > 0.0 {
                let whole = after(t, b, m, k);
                if b > t {
                    let part = inside(t, d, k);
                    u.add(part);
                    self.close = Quad {
                        a: whole.a - part.a,
                        b: whole.b - part.b,
                        c: whole.c - part.c,
                    };
                } else {
                    u.add(whole);
                }
            }
            self.here = b;
        }
    }
}

/// Position of the next breakpoint of either stream, capped at the own value 0.
fn next_breakpoint(streams: &[Stream; MAX_PARTS]) -> f64 {
    streams.iter().fold(0.0, |t, s| s.here.min(t))
}

/// Maximises the buyer-frame payoff (own value at 0, weight `k` of the own
/// bid in the price) over bids `<= 0`: returns `(bid, payoff)`, `(0, 0)` when
/// nothing positive can be had, and the bid as the other computes it when
/// the maximum is on one of its bids' edges (a known bid: ties then trade).
fn sweep(streams: &mut [Stream; MAX_PARTS], k: f64) -> (f64, f64, Option<f64>) {
    let mut u = Quad::ZERO;
    let (mut best_x, mut best_u, mut best_bid) = (0.0, 0.0, None);
    let mut t = next_breakpoint(streams);
    loop {
        let edge = streams
            .iter()
            .find(|s| s.here == t)
            .map(|s| s.bid_at(s.next));
        for s in streams.iter_mut() {
            s.pass(t, k, &mut u);
        }
        let at = u.eval(t);
        if at > best_u {
            (best_x, best_u, best_bid) = (t, at, edge);
        }
        if t >= 0.0 {
            break;
        }
        let t2 = next_breakpoint(streams);
        // A maximum strictly inside (t, t2): the slope turns from + to -
        // (tested first, to divide only there).
        if u.a < 0.0 && 2.0 * u.a * t + u.b > 0.0 && 2.0 * u.a * t2 + u.b < 0.0 {
            let x = (-u.b / (2.0 * u.a)).clamp(t, t2);
            let top = u.eval(x);
            if top > best_u {
                (best_x, best_u, best_bid) = (x, top, None);
            }
        }
        t = t2;
    }
    (best_x, best_u, best_bid)
}

mod direct;
mod informed;
pub use direct::{expected_payoff, payoff_against};
pub use informed::{Told, informed_bid};

#[cfg(test)]
mod tests;
