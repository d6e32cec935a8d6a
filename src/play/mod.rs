//! Play it yourself (`negsim play`, `negsim serve`): a student negotiates
//! off the record against a strategy. The student is one more participant:
//! its moves go through the same exchange, belief and offer machinery as a
//! strategy's ([`Table::play_human`]); a play is its seed and its moves,
//! replayed from the start at every step.
//!
//! `moves` reads and writes moves in words, `record` turns a finished play
//! into its record and debrief, `class` aggregates the records of a class.

pub mod class;
mod debrief;
pub mod export;
pub mod hints;
pub mod replay;
pub mod verdict;
pub mod wrap;

/// The longest student name kept in a record (the terminal game's
/// `--name`, the classroom page's name field).
pub const NAME_LEN: usize = 40;
pub mod moves;
pub mod record;

use crate::config::Experiment;
use crate::error::{Error, Result};
use crate::model::negotiation::{Decision, HumanMove, HumanPlay, Outcome, Step, Table};
use crate::model::scenario::Private;
use crate::model::strategy::{Policy, Strategy};
use crate::output::format::{money, money_decimals};
use crate::output::transcript;
use crate::run::tournament::run_rngs;
use crate::run::trace::{Trace, strategy_index};
use std::sync::Arc;

pub use moves::{format_move, parse as parse_move};
pub use record::{Record, Reference};
pub use replay::{OwnDraw, SeatResult, replay_run};
pub use verdict::Verdict;

/// The name of the student in transcripts and charts.
pub const YOU: &str = "you";

/// A play being set up or under way: the experiment (with the student as
/// one more strategy, for names and colours), who plays whom, and the
/// private values of its seed.
#[derive(Clone)]
pub struct Play {
    /// The experiment, the student appended as strategy [`YOU`].
    pub exp: Experiment,
    /// Index of the agent's strategy in `exp.strategies`.
    pub agent: usize,
    /// Index of the student in `exp.strategies`.
    pub you: usize,
    /// The student's side: 0 buyer (A), 1 seller (B).
    pub human: usize,
    /// The seed of the play.
    pub seed: u64,
    /// The private values drawn from the seed.
    pub private: Private,
    /// The config's seed (of the tournament reference); `exp.seed` is the
    /// play's, for the transcript.
    pub config_seed: u64,
}

/// How many seeds [`zone_seed`] tries before giving up.
pub const ZONE_TRIES: u64 = 100_000;

/// The first seed from `from` on (wrapping) whose draw has a zone of
/// agreement (the buyer's value at least the seller's cost), for a class
/// where every play should have one; `None` if none of [`ZONE_TRIES`]
/// seeds has (a config whose value and cost ranges barely overlap).
pub fn zone_seed(exp: &Experiment, from: u64) -> Option<u64> {
    (0..ZONE_TRIES).map(|k| from.wrapping_add(k)).find(|&seed| {
        let (mut values, _) = run_rngs(seed, 0);
        let p = exp.scenario.draw(&mut values);
        p.reservation[0] >= p.reservation[1]
    })
}

/// "buyer" or "seller".
pub fn role_name(side: usize) -> &'static str {
    ["buyer", "seller"][side]
}

impl Play {
    /// The student plays side `human` against strategy `strategy` of
    /// `exp`, with values drawn from `seed`. Errors: an unknown strategy, or
    /// rules a student cannot play (the `price` scenario under alternating
    /// offers only).
    pub fn new(exp: &Experiment, strategy: &str, human: usize, seed: u64) -> Result<Play> {
        let agent = strategy_index(exp, strategy, "--against")?;
        if exp.strategies[agent].outside().is_some() {
            return Err(Error::Usage(format!(
                "--against {strategy}: '{strategy}' is an external agent; a student plays against a strategy negsim plays (a preset or a [[strategy]] without a command)"
            )));
        }
        let config_seed = exp.seed;
        let mut exp = exp.clone();
        exp.seed = seed;
        // A single run: no match memory, no debrief between runs.
        exp.match_runs = 1;
        let (_, params) = crate::model::strategy::preset("open").expect("the open preset");
        let you = Policy::new(YOU, "the student", params);
        if exp.strategies.iter().any(|s| s.name() == YOU) {
            return Err(Error::Usage(format!(
                "the config defines a strategy named '{YOU}', the name of the student; rename it"
            )));
        }
        exp.add_strategy(Arc::new(you))?;
        let you = exp.strategies.len() - 1;
        let (mut values, _) = run_rngs(seed, 0);
        let private = exp.scenario.draw(&mut values);
        let play = Play {
            exp,
            agent,
            you,
            human,
            seed,
            private,
            config_seed,
        };
        if !play.table().playable() {
            return Err(Error::Usage(format!(
                "negsim play: the config's scenario is '{}' with {}; a student can play the 'price' scenario under alternating offers",
                play.exp.scenario.kind(),
                match play.exp.protocol {
                    crate::model::rules::Protocol::DoubleAuction { .. } => "a double auction",
                    _ => "alternating offers",
                }
            )));
        }
        Ok(play)
    }

    /// The strategy indices of side A and side B.
    pub fn indices(&self) -> [usize; 2] {
        if self.human == 0 {
            [self.you, self.agent]
        } else {
            [self.agent, self.you]
        }
    }

    /// The table the play is played at.
    pub fn table(&self) -> Table<'_> {
        let [a, b] = self.indices();
        Table::new(
            self.exp.rules(),
            self.exp.strategies[a].as_ref(),
            self.exp.strategies[b].as_ref(),
        )
    }

    /// The agent's strategy.
    pub fn strategy(&self) -> &dyn Strategy {
        self.exp.strategies[self.agent].as_ref()
    }

    /// The agent's side.
    pub fn agent_side(&self) -> usize {
        1 - self.human
    }

    /// The play as far as `moves` go.
    pub fn replay(&self, moves: &[HumanMove]) -> HumanPlay {
        let (_, mut behaviour) = run_rngs(self.seed, 0);
        self.table()
            .play_human(&self.private, self.human, moves, &mut behaviour)
    }

    /// The play as a trace (for the transcript and the trace chart): its
    /// outcome once over, else a placeholder that nothing reads.
    pub fn trace(&self, hp: &HumanPlay) -> Trace {
        let outcome = match &hp.step {
            Step::Over(o) => **o,
            _ => placeholder(self.private),
        };
        let idx = self.indices();
        Trace {
            names: idx.map(|i| self.exp.strategies[i].name().to_string()),
            indices: idx,
            run: 0,
            events: hp.events.clone(),
            outcome,
        }
    }

    /// What happened so far, as the student sees it (the agent's values
    /// hidden), in the words of `negsim trace`, each body-language hint
    /// with how rough it is ([`Play::hint_note`]).
    pub fn live(&self, hp: &HumanPlay) -> String {
        let text = transcript::live(&self.exp, &self.trace(hp), self.agent_side());
        self.with_hint_notes(&text, &hp.events)
    }

    /// Whether the play's draw has a zone of agreement (the buyer's value
    /// at least the seller's cost).
    pub fn has_zone(&self) -> bool {
        self.private.reservation[0] >= self.private.reservation[1]
    }

    /// A value in the units of the scenario.
    pub fn v(&self, x: f64) -> String {
        money(x, money_decimals(&self.exp.scenario))
    }

    /// The range a claim about the student's limit must be in.
    pub fn claim_range(&self) -> (f64, f64) {
        self.table().limit_support(self.human)
    }

    /// The range an offer must be in (both limits' supports).
    pub fn offer_range(&self) -> (f64, f64) {
        let t = self.table();
        let (a, b) = (t.limit_support(0), t.limit_support(1));
        (a.0.min(b.0), a.1.max(b.1))
    }

    /// Whether the values of `mv` are in range, or a hint.
    pub fn check(&self, mv: &HumanMove) -> std::result::Result<(), String> {
        let inside = |x: f64, (lo, hi): (f64, f64), what: &str| {
            if x >= lo && x <= hi {
                Ok(())
            } else {
                Err(format!(
                    "{} is out of range: {what} must be between {} and {}",
                    self.v(x),
                    self.v(lo),
                    self.v(hi)
                ))
            }
        };
        match mv {
            HumanMove::Talk { claim: Some(s), .. } | HumanMove::Answer(Some(s)) => {
                inside(s.value, self.claim_range(), "a claim about your limit")
            }
            HumanMove::Offer(v) => inside(*v, self.offer_range(), "an offer"),
            _ => Ok(()),
        }
    }

    /// What the student knows at the start: its role and private value, and
    /// the common knowledge (the distributions and the rules).
    pub fn briefing(&self) -> String {
        let h = self.human;
        let g = self.agent_side();
        let you_are = ["A, the buyer", "B, the seller"][h];
        let value = if h == 0 {
            format!(
                "The item is worth {} to you: you pay no more than that.",
                self.v(self.private.reservation[0])
            )
        } else {
            format!(
                "The item costs you {}: you sell for no less than that.",
                self.v(self.private.reservation[1])
            )
        };
        let dist = |s: usize| {
            let d = self.exp.scenario.reservation_dist(s);
            let (lo, hi) = self.table().limit_support(s);
            let (m, sd) = self.exp.scenario.prior(s).reservation;
            format!(
                "{} ({}..{}, mean {}, sd {})",
                if d.uniform_bounds().is_some() {
                    "a uniform distribution"
                } else {
                    "a known distribution"
                },
                self.v(lo),
                self.v(hi),
                self.v(m),
                self.v(sd)
            )
        };
        let deadline = self.exp.protocol.deadline();
        let discount = self.exp.protocol.discount(h);
        let other = ["buyer's value", "seller's cost"][g];
        let mine = ["buyer's value", "seller's cost"][h];
        format!(
            "You are {you_are}, against {} ({}) as the {}.\n\
             {value}\n\
             Common knowledge: the {mine} is drawn from {}; the {other} from {}.\n\
             {} off-the-record round{} (A speaks first, then B), then up to {deadline} rounds of offers \
             (A offers in odd rounds, B in even); every round of delay shrinks your gain by a factor {discount}.\n\
             A chance of {:.0}% per round that body language gives a hint of each side's limit.\n",
            self.strategy().name(),
            self.strategy().description(),
            role_name(g),
            dist(h),
            dist(g),
            self.exp.exchange.rounds,
            if self.exp.exchange.rounds == 1 {
                ""
            } else {
                "s"
            },
            100.0 * self.exp.exchange.leak_probability
        )
    }

    /// The question of decision `d`, in words.
    pub fn prompt(&self, d: &Decision) -> String {
        let agent = ["A", "B"][self.agent_side()];
        match d {
            Decision::Talk { round } => format!("Off the record, round {round}: your turn."),
            Decision::Answer { round } => {
                format!("Off the record, round {round}: {agent} asks how it is on your side.")
            }
            Decision::Offer { round } => format!(
                "Round {round}: your offer (your {} is {}).",
                ["value", "cost"][self.human],
                self.v(self.private.reservation[self.human])
            ),
            Decision::Respond { round, offer } => format!(
                "Round {round}: {agent} {} {} (your {} is {}).",
                if self.human == 0 { "asks" } else { "offers" },
                self.v(*offer),
                ["value", "cost"][self.human],
                self.v(self.private.reservation[self.human])
            ),
            // Never asked of a student (`play` is under alternating offers).
            Decision::Bid { .. } => format!(
                "Your sealed {} (your {} is {}).",
                ["bid", "ask"][self.human],
                ["value", "cost"][self.human],
                self.v(self.private.reservation[self.human])
            ),
        }
    }
}

/// An outcome that nothing reads (a play under way).
fn placeholder(private: Private) -> Outcome {
    let nan2 = [f64::NAN; 2];
    Outcome {
        deal: false,
        zopa: false,
        rounds: 0,
        price: f64::NAN,
        x: [f64::NAN; crate::model::scenario::MAX_ISSUES],
        issues: 1,
        private,
        surplus: nan2,
        joint: f64::NAN,
        max_joint: f64::NAN,
        efficiency: f64::NAN,
        share_a: f64::NAN,
        pareto_distance: f64::NAN,
        nash_distance: f64::NAN,
        walk_away: None,
        info_bits: nan2,
        info_bits_end: nan2,
        confidence_bits: nan2,
        error: nan2,
        prior_error: nan2,
        crps: nan2,
        prior_crps: nan2,
        bits_given: nan2,
        asymmetry: f64::NAN,
        confidences: [0; 2],
        answers: [0; 2],
        asks: [0; 2],
        bluffs: [0; 2],
        leaks: [0; 2],
        lies_detected: [0; 2],
        false_detections: [0; 2],
        trust: nan2,
    }
}
