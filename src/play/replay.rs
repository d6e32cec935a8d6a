//! Feedback on the student's own draw: the same private values, the same
//! opponent and the same chance events (common random numbers: the
//! play's seed, run 0) replayed with each strategy of the config in the
//! student's seat. What the student got is then measured against what was
//! possible on that very draw, not against simulated games on other
//! private values.

use super::Play;
use crate::config::Experiment;
use crate::model::negotiation::{Outcome, Quiet, Table};
use crate::run::tournament::run_rngs;
use serde::{Deserialize, Serialize};

/// One strategy's result in the student's seat on the student's draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatResult {
    /// The strategy in the student's seat.
    pub strategy: String,
    /// Its gain (discounted; 0 without a deal).
    pub gain: f64,
    /// The price agreed, if any.
    pub price: Option<f64>,
    /// Formal rounds played.
    pub rounds: u32,
}

/// What each strategy of the config got in the student's seat on the
/// student's own draw, against the same opponent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnDraw {
    /// Each strategy, in the config's order.
    pub seats: Vec<SeatResult>,
    /// The most any of them gained: what was possible in practice on this
    /// draw against this opponent (0 when no deal was possible).
    pub best: f64,
    /// The strategy that gained it (the first, on a tie).
    pub best_by: String,
}

/// Play one negotiation of `exp` as the tournament plays run 0 of seed
/// `seed`: strategy `a` as side A (the buyer) and `b` as side B (the
/// seller), fresh match memories, the private values and chance events of
/// `run_rngs(seed, 0)`. `negsim play` draws a play's values and chance
/// events from the same generators, so with the student's seat taken by
/// `a` (or `b`) this is the student's own draw with a strategy in its
/// place. Equal to run 0 of `play_pairing` with `exp.seed = seed`.
pub fn replay_run(exp: &Experiment, a: usize, b: usize, seed: u64) -> Outcome {
    let table = Table::new(
        exp.rules(),
        exp.strategies[a].as_ref(),
        exp.strategies[b].as_ref(),
    );
    let (mut values, mut behaviour) = run_rngs(seed, 0);
    let private = exp.scenario.draw(&mut values);
    let mut memory = table.new_memories();
    table.play(&private, &mut memory, &mut behaviour, &mut Quiet)
}

impl Play {
    /// Each strategy of the config (not the student) in the student's seat
    /// on the play's draw, against the same agent: see [`replay_run`].
    pub fn own_draw(&self) -> OwnDraw {
        let h = self.human;
        let mut seats = Vec::new();
        for k in 0..self.exp.strategies.len() {
            if k == self.you {
                continue;
            }
            let (a, b) = if h == 0 {
                (k, self.agent)
            } else {
                (self.agent, k)
            };
            let o = replay_run(&self.exp, a, b, self.seed);
            seats.push(SeatResult {
                strategy: self.exp.strategies[k].name().to_string(),
                gain: o.surplus[h],
                price: o.deal.then_some(o.price),
                rounds: o.rounds,
            });
        }
        let (best, best_by) =
            seats
                .iter()
                .fold((f64::NEG_INFINITY, String::new()), |(b, who), s| {
                    if s.gain > b {
                        (s.gain, s.strategy.clone())
                    } else {
                        (b, who)
                    }
                });
        OwnDraw {
            seats,
            best: best.max(0.0),
            best_by,
        }
    }
}
