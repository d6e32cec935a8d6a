//! The validated [`Experiment`]: what actually runs.

use super::{Config, DEFAULT_CONFIG, parse};
use crate::error::{Error, Result};
use crate::model::negotiation::Table;
use crate::model::rules::{Exchange, Information, Protocol, Rules};
use crate::model::scenario::Scenario;
use crate::model::strategy::Strategy;
use std::sync::Arc;

/// The validated experiment: what actually runs.
#[derive(Clone)]
pub struct Experiment {
    /// Name (results folder).
    pub name: String,
    /// Master seed.
    pub seed: u64,
    /// Runs per ordered pairing.
    pub runs: u64,
    /// Runs per match.
    pub match_runs: u32,
    /// Whether both sides learn each other's reservation after each run of
    /// a match.
    pub debrief: bool,
    /// The scenario.
    pub scenario: Scenario,
    /// The off-the-record phase.
    pub exchange: Exchange,
    /// The formal phase.
    pub protocol: Protocol,
    /// What each side knows of the other's reservation from the start.
    pub information: Information,
    /// The noise on a disclosed reservation, in prior sds (0: exact).
    pub disclosure_noise: f64,
    /// The strategies, in tournament order.
    pub strategies: Vec<Arc<dyn Strategy>>,
    /// The config it came from, with every strategy spelled out (for the
    /// manifest and `negsim check`).
    pub config: Config,
}

impl std::fmt::Debug for Experiment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Experiment")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Experiment {
    /// Add a strategy implemented in Rust to the tournament (it is listed in
    /// the manifest by name; its parameters come from
    /// [`Strategy::parameters`]).
    pub fn add_strategy(&mut self, strategy: Arc<dyn Strategy>) -> Result<()> {
        let name = strategy.name().to_string();
        if self.strategies.iter().any(|s| s.name() == name) {
            return Err(Error::Usage(format!(
                "a strategy named '{name}' is already in the tournament"
            )));
        }
        self.config.strategies.push(name);
        self.strategies.push(strategy);
        Ok(())
    }

    /// The table of the pairing with strategy `a` (by index) on side A and
    /// `b` on side B.
    pub fn table(&self, a: usize, b: usize) -> Table<'_> {
        Table::new(
            self.rules(),
            self.strategies[a].as_ref(),
            self.strategies[b].as_ref(),
        )
    }

    /// The index of the strategy named `name`, if the experiment has it.
    pub fn strategy_index(&self, name: &str) -> Option<usize> {
        self.strategies.iter().position(|s| s.name() == name)
    }

    /// The rules every negotiation of this experiment is played under.
    pub fn rules(&self) -> Rules<'_> {
        Rules {
            scenario: &self.scenario,
            exchange: &self.exchange,
            protocol: self.protocol,
            information: self.information,
            disclosure_noise: self.disclosure_noise,
            // A debrief informs the next run of a match: none after a
            // single run.
            debrief: self.debrief && self.match_runs > 1,
        }
    }

    /// Parse and validate the embedded default config.
    pub fn default_tournament() -> Self {
        parse(DEFAULT_CONFIG, "configs/default.toml")
            .and_then(|c| c.validate("configs/default.toml"))
            .expect("the embedded default config is valid")
    }
}
