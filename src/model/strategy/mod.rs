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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim {
    /// Stated noise of the claim (how precise it sounds). The actual noise
    /// added to the truth has the same size.
    pub sigma: f64,
    /// Shift in the sender's favour (a bluff when > 0): the buyer understates
    /// its value, the seller overstates its cost, a multi-issue agent
    /// overstates its alternative. Applies to the reservation only.
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

/// What an agent keeps about one opponent over the runs of a match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// How much it believes what the opponent says, in (0, 1].
    pub trust: f64,
    /// Bits it has given away by confiding and answering (as an ideal
    /// listener would receive them), over the match.
    pub bits_given: f64,
    /// Bits it has learned from the opponent's words and body language.
    pub bits_received: f64,
    /// Lies of the opponent it has caught, over the match.
    pub lies_detected: u32,
    /// Runs of the match played so far.
    pub runs: u32,
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
        }
    }
    /// Bits received minus bits given: positive when the opponent has told
    /// more than it has been told.
    pub fn balance(&self) -> f64 {
        self.bits_received - self.bits_given
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
    /// Its memory of this opponent.
    pub memory: &'a Memory,
    /// Whether the opponent disclosed anything in its last turn.
    pub opponent_disclosed: bool,
    /// A uniform draw in [0, 1) for mixed decisions (seeded per run, so a
    /// strategy needs no random generator of its own).
    pub u: f64,
}

/// A negotiation strategy. Implement this to add behaviour that the
/// parameters of [`Policy`] cannot express; see `examples/custom_strategy.rs`.
pub trait Strategy: Send + Sync {
    /// Short name used in tables and on the command line.
    fn name(&self) -> &str;
    /// One line on what it does.
    fn description(&self) -> String;
    /// Its parameters as (name, value) pairs, for `negsim strategies`.
    fn parameters(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// Trust in a new opponent, in (0, 1].
    fn initial_trust(&self) -> f64 {
        1.0
    }
    /// Concession exponent `e` of the time-dependent tactic (1 linear,
    /// < 1 Boulware, > 1 conceder).
    fn concession(&self) -> f64 {
        1.0
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
    /// Called when it catches the opponent in a lie (after the engine has
    /// counted it in `memory.lies_detected`): lower trust here.
    fn on_lie_detected(&self, memory: &mut Memory) {
        memory.trust *= 0.5;
    }
}
