//! What the charts need to know about a run, from its manifest.

use crate::config::ScenarioKind;
use crate::error::{Error, Result};
use crate::output::manifest::Manifest;
use std::path::Path;

/// The strategies, the units and the match length of a results folder.
pub(super) struct Context {
    /// Strategy names in run order.
    pub names: Vec<String>,
    /// Whether the scenario is `price`.
    pub price: bool,
    /// Runs per match.
    pub match_runs: u64,
}

impl Context {
    /// From `dir/manifest.json`.
    pub fn read(dir: &Path) -> Result<Self> {
        Self::of(&Manifest::read(dir)?, dir)
    }

    /// From a manifest read from `dir`.
    pub fn of(m: &Manifest, dir: &Path) -> Result<Self> {
        if m.strategies.is_empty() {
            return Err(Error::Results {
                path: dir.join("manifest.json"),
                message: "lists no strategies".into(),
            });
        }
        Ok(Context {
            names: m.names(),
            price: m.config.scenario.kind != ScenarioKind::MultiIssue,
            match_runs: m.match_runs.map_or(1, u64::from),
        })
    }

    /// The palette colour of strategy `name` (see [`super::colors`]): a
    /// preset's own, a custom strategy's by its place among the others.
    pub fn color(&self, name: &str) -> usize {
        super::colors::color_index(&self.names, name)
    }
}
