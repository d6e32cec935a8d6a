//! Strategies: what an agent says off the record and how it treats what it
//! hears. The four presets of MODEL.md section 5 (`open`, `guarded`,
//! `mirroring`, `probing`) are points in one parameter space ([`Params`]),
//! played by [`Policy`]. Users add strategies in a config (a preset plus
//! overrides) or in Rust by implementing [`Strategy`].

mod params;
mod policy;

pub use params::{
    Bidding, Facets, OutOfRange, PARAMS, PRESETS, Param, ParamValue, Params, Range, param, preset,
    preset_names,
};
pub use policy::Policy;

/// A private quantity an agent can talk about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    /// Its alternative: the buyer's value, the seller's cost, or the
    /// reservation utility in `multi_issue`.
    Reservation,
    /// Its interests: the weights it puts on the issues (`multi_issue` only).
    Weights,
}

/// One claim about an own facet. Values are in prior standard deviations of
/// that facet, so the same strategy means the same thing in every scenario.
/// A claim's value stays inside the prior's support: a noisy or bluffed value
/// beyond an edge is stated as the edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim {
    /// Stated noise of the claim (0: exact). The actual noise added to the
    /// truth has the same size.
    pub sigma: f64,
    /// Shift in the sender's favour (a bluff when > 0): the buyer understates
    /// its value, the seller overstates its cost, a multi-issue agent
    /// overstates its alternative. Applies to the reservation only; the
    /// engine shifts every reservation claim of a run by the first bluff.
    pub bluff: f64,
}

/// What an agent does in its turn of an off-the-record round: confide about
/// some facets (or nothing), then possibly ask "how is it on your side?".
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Move {
    /// A claim about its reservation, if any.
    pub reservation: Option<Claim>,
    /// A claim about its weights, if any (ignored in `price`).
    pub weights: Option<Claim>,
    /// Whether it asks the other side after confiding.
    pub ask: bool,
}

impl Move {
    /// Silence: no confidence, no question.
    pub const SILENT: Move = Move {
        reservation: None,
        weights: None,
        ask: false,
    };
    /// Whether the move discloses anything.
    pub fn discloses(&self) -> bool {
        self.reservation.is_some() || self.weights.is_some()
    }
}

/// Most bits a claim about one facet can carry: the resolution of the
/// fixed 64-cell partition that `info_bits` is measured on.
pub const MAX_BITS: f64 = 6.0;

/// Bits a fully trusting listener that holds the prior receives from claims
/// of total precision `precision` (in 1 / prior variance) about one facet:
/// `min(6, 0.5 log2(1 + precision))`; an exact claim gives 6.
#[inline]
pub fn claim_bits(precision: f64) -> f64 {
    if precision.is_infinite() {
        MAX_BITS
    } else if precision == 0.0 {
        0.0 // nothing claimed yet (what log2(1) gives, without the call)
    } else {
        bits_cached(precision)
    }
}

/// [`claim_bits`] of a finite positive precision, from a small per-thread
/// cache: a strategy's claims have a few stated noises, so a run's
/// precisions (their sums) take few values, and a `log2` is a library
/// call. The value is the one computed, bit for bit.
fn bits_cached(precision: f64) -> f64 {
    use std::cell::Cell;
    /// Precisions kept per thread (direct-mapped by their bits).
    const SLOTS: usize = 16;
    thread_local! {
        static CACHE: [Cell<(u64, f64)>; SLOTS] =
            const { [const { Cell::new((0, 0.0)) }; SLOTS] };
    }
    // (an empty slot's key, 0, is the bits of 0.0, which never comes here)
    let bits = precision.to_bits();
    // (the low bits of a sum's mantissa vary the most)
    let slot = ((bits ^ (bits >> 17) ^ (bits >> 31)) as usize) % SLOTS;
    CACHE.with(|cache| {
        let (key, value) = cache[slot].get();
        if key == bits {
            return value;
        }
        let value = (0.5 * (1.0 + precision).log2()).min(MAX_BITS);
        cache[slot].set((bits, value));
        value
    })
}

/// The stated noise (prior sds) of one more claim that raises the bits of a
/// facet from what claims of total precision `precision` gave to `bits`
/// (0: an exact claim, when `bits` reaches [`MAX_BITS`]); `None` if `bits`
/// is no more than what it already gave.
pub fn sigma_for_bits(precision: f64, bits: f64) -> Option<f64> {
    if bits >= MAX_BITS {
        return (claim_bits(precision) < MAX_BITS).then_some(0.0);
    }
    let needed = (2.0 * bits).exp2() - 1.0 - precision;
    (needed > 0.0).then(|| needed.sqrt().recip())
}

/// What an agent keeps about one opponent over the runs of a match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// The probability it gives the opponent of being honest (trust), in
    /// [0, 1]: its prior for the next run, updated by Bayes on what it
    /// heard and (after a debrief) on the opponent's revealed reservation.
    pub trust: f64,
    /// Bits it has given away by confiding and answering (as a fully
    /// trusting listener would receive them), over the match.
    pub bits_given: f64,
    /// Bits it believes it received from the opponent's claims and answers
    /// (trust-weighted), over the match.
    pub bits_received: f64,
    /// Lies of the opponent it has caught, over the match.
    pub lies_detected: u32,
    /// Runs of the match played so far.
    pub runs: u32,
    /// Its belief that the opponent bids its value in a double auction
    /// (`q`), once earlier runs of the match have shown it; `None` before.
    pub truthful_bids: Option<f64>,
}

impl Memory {
    /// A fresh memory at the start of a match.
    pub fn new(trust: f64) -> Self {
        Memory {
            trust,
            bits_given: 0.0,
            bits_received: 0.0,
            lies_detected: 0,
            runs: 0,
            truthful_bids: None,
        }
    }
}

/// What an agent sees when it decides in the off-the-record phase.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// Exchange round, from 0.
    pub round: u32,
    /// Number of exchange rounds before the formal phase.
    pub rounds: u32,
    /// Whether the scenario has weights to talk about (`multi_issue`).
    pub has_weights: bool,
    /// Number of issues (1 in `price`).
    pub issues: usize,
    /// Its memory of this opponent from earlier runs of the match.
    pub memory: &'a Memory,
    /// Bits given over the match, this run included so far.
    pub bits_given: f64,
    /// Bits believed received over the match, this run included so far.
    pub bits_received: f64,
    /// Precision (1 / prior variance) of its claims so far this run about
    /// its reservation and about each weight: what it has already given.
    pub given_precision: [f64; 2],
    /// Lies of the opponent caught over the match, this run included.
    pub lies_detected: u32,
    /// Whether the opponent disclosed anything in its last turn.
    pub opponent_disclosed: bool,
    /// A uniform draw in [0, 1) for mixed decisions (seeded per run, so a
    /// strategy needs no random generator of its own).
    pub u: f64,
}

impl View<'_> {
    /// Bits believed received minus bits given (positive when the opponent
    /// has told more than it has been told).
    pub fn balance(&self) -> f64 {
        self.bits_received - self.bits_given
    }
}

/// A negotiation strategy. Implement this to add behaviour that the
/// parameters of [`Policy`] cannot express; see `examples/custom_strategy.rs`.
/// Its decisions in the formal phase come from its beliefs (MODEL.md
/// section 6), shaped by the numbers below; nothing tells it the opponent's
/// strategy, name or parameters.
pub trait Strategy: Send + Sync {
    /// Short name used in tables and on the command line.
    fn name(&self) -> &str;
    /// One line on what it does.
    fn description(&self) -> String;
    /// Its parameters as (name, value) pairs, for `negsim strategies`.
    fn parameters(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// Trust in a new opponent: the probability that it is honest, in [0, 1].
    fn initial_trust(&self) -> f64 {
        1.0
    }
    /// Fraction of trust lost when it catches the opponent in a lie.
    fn trust_penalty(&self) -> f64 {
        0.5
    }
    /// Whether its moves depend on the bits it believes it received (then
    /// the engine computes its trust-weighted belief after every claim).
    fn reciprocal(&self) -> bool {
        false
    }
    /// Concession exponent `e` of its path from aspiration to target (1
    /// linear, < 1 Boulware, > 1 conceder).
    fn concession(&self) -> f64 {
        1.0
    }
    /// Prior sds its offers move per formal round on the way to its target.
    fn concession_speed(&self) -> f64 {
        0.1
    }
    /// It walks away when its belief that a deal is possible falls below this.
    fn walk_away(&self) -> f64 {
        0.05
    }
    /// Toughness `kappa`: its target moves this many believed zone widths in
    /// its own favour.
    fn toughness(&self) -> f64 {
        0.0
    }
    /// How it bids in a sealed-bid double auction.
    fn bidding(&self) -> Bidding {
        Bidding::Strategic
    }
    /// Its own turn in an off-the-record round.
    fn exchange(&self, view: &View) -> Move;
    /// Its reply when the opponent asks "how is it on your side?" (the `ask`
    /// field of the reply is ignored). `Move::SILENT` declines.
    fn answer(&self, view: &View) -> Move;
    /// An agent outside the engine (a process speaking docs/PROTOCOL.md)
    /// that takes every decision of its side; `None` (the default) for a
    /// strategy the engine plays.
    fn outside(&self) -> Option<&dyn Outside> {
        None
    }
}

/// A strategy played outside the engine: it gives each negotiation a
/// [`Seat`](crate::model::negotiation::Seat) that takes its side's decisions.
pub trait Outside: Send + Sync {
    /// A seat for side `side` (0 = A) of one negotiation at `table` with
    /// private values `private`; `seed` is the negotiation's seed for the
    /// agent (so that a randomising agent can be reproducible).
    fn seat<'t>(
        &'t self,
        table: &'t crate::model::negotiation::Table<'t>,
        private: &crate::model::scenario::Private,
        side: usize,
        seed: u64,
    ) -> Box<dyn crate::model::negotiation::Seat + 't>;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache gives what the formula gives, bit for bit: many
    /// precisions (more than its slots, so slots are shared and
    /// overwritten), each asked once or twice in a row, three times over.
    #[test]
    fn cached_bits_are_the_bits_of_the_precision_asked_for() {
        let direct = |p: f64| (0.5 * (1.0 + p).log2()).min(MAX_BITS);
        let ps: Vec<f64> = (1..300)
            .map(|k| k as f64 / 7.0)
            .chain((1..50).map(|k| 1e3 * k as f64))
            .collect();
        for round in 0..3 {
            for (k, &p) in ps.iter().enumerate() {
                for _ in 0..1 + k % 2 {
                    assert_eq!(
                        claim_bits(p).to_bits(),
                        direct(p).to_bits(),
                        "round {round} precision {p}"
                    );
                }
            }
        }
        assert_eq!(claim_bits(0.0), 0.0);
        assert_eq!(claim_bits(f64::INFINITY), MAX_BITS);
    }
}
