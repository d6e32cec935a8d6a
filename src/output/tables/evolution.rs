//! `evolution.csv` and `fixation.csv`, written by `negsim evolve` into a
//! tournament's results folder: population shares over generations, and
//! the Moran process's fixation probabilities.

use crate::error::Result;
use crate::output::format::{csv_num, plain};
use crate::output::results_dir::write_atomic;
use crate::output::tables::io::to_bytes;
use crate::run::evolution::{Analysis, Settings, wilson};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One row of `evolution.csv`: a strategy's share of the population in one
/// generation of one run of a process.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvolutionRow {
    /// `replicator` or `moran`.
    pub process: String,
    /// Run of the process (0 for the replicator dynamics).
    pub run: u32,
    /// Generation (0 = the start).
    pub generation: usize,
    /// Strategy name.
    pub strategy: String,
    /// Its share of the population.
    #[serde(with = "csv_num")]
    pub share: f64,
}

/// One row of `fixation.csv`: how often a single mutant took over a
/// population of residents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FixationRow {
    /// The resident strategy.
    pub resident: String,
    /// The mutant strategy.
    pub mutant: String,
    /// Population size.
    pub population: u32,
    /// Selection strength, as given.
    #[serde(with = "plain")]
    pub selection: f64,
    /// Mutation rate, as given.
    #[serde(with = "plain")]
    pub mutation: f64,
    /// Moran runs.
    pub runs: u32,
    /// Runs in which the mutant fixed.
    pub fixations: u32,
    /// `fixations / runs`.
    #[serde(with = "csv_num")]
    pub probability: f64,
    /// Lower end of its 95% Wilson interval.
    #[serde(with = "csv_num")]
    pub ci95_low: f64,
    /// Upper end.
    #[serde(with = "csv_num")]
    pub ci95_high: f64,
    /// The probability under neutral drift, 1/N.
    #[serde(with = "csv_num")]
    pub neutral: f64,
}

/// What `negsim evolve` computed.
pub struct Evolution<'a> {
    /// Strategy names, in tournament order.
    pub names: &'a [String],
    /// The settings of the processes.
    pub settings: &'a Settings,
    /// What `negsim evolve` computed.
    pub analysis: &'a Analysis,
}

impl Evolution<'_> {
    /// The rows of `evolution.csv`: the replicator dynamics (run 0), then
    /// each Moran run.
    pub fn evolution_rows(&self) -> Vec<EvolutionRow> {
        let mut rows = Vec::new();
        let mut push = |process: &str, run: u32, traj: &[Vec<f64>]| {
            for (g, x) in traj.iter().enumerate() {
                for (i, name) in self.names.iter().enumerate() {
                    rows.push(EvolutionRow {
                        process: process.to_string(),
                        run,
                        generation: g,
                        strategy: name.clone(),
                        share: x[i],
                    });
                }
            }
        };
        push("replicator", 0, &self.analysis.replicator);
        for (r, t) in self.analysis.trajectories.iter().enumerate() {
            push("moran", r as u32, t);
        }
        rows
    }

    /// The rows of `fixation.csv`, one per (resident, mutant) pair.
    pub fn fixation_rows(&self) -> Vec<FixationRow> {
        let s = self.settings;
        self.analysis
            .fixations
            .iter()
            .map(|f| {
                let (r, m, fixed, runs) = (f.resident, f.mutant, f.fixed, f.runs);
                let (lo, hi) = wilson(fixed, runs);
                FixationRow {
                    resident: self.names[r].clone(),
                    mutant: self.names[m].clone(),
                    population: s.population,
                    selection: s.selection,
                    mutation: s.mutation,
                    runs,
                    fixations: fixed,
                    probability: fixed as f64 / runs as f64,
                    ci95_low: lo,
                    ci95_high: hi,
                    neutral: 1.0 / s.population as f64,
                }
            })
            .collect()
    }

    /// Write `evolution.csv` and `fixation.csv` into `dir`, each whole or
    /// not at all.
    pub fn write(&self, dir: &Path) -> Result<()> {
        write_atomic(
            &dir.join("evolution.csv"),
            &to_bytes(&self.evolution_rows())?,
        )?;
        write_atomic(&dir.join("fixation.csv"), &to_bytes(&self.fixation_rows())?)
    }
}
