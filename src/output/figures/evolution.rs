//! The population charts of `negsim evolve`: shares over generations under
//! the replicator dynamics (`evolution`) and in the first Moran run
//! (`evolution_moran`), from `evolution.csv` and `fixation.csv`.

use super::context::Context;
use super::draw;
use crate::error::Result;
use crate::output::tables::{self, EvolutionRow, FixationRow};
use negsim_chart as chart;
use std::path::{Path, PathBuf};

/// Draw the population charts of `negsim evolve` (`evolution`,
/// `evolution_moran`) from `evolution.csv` and `fixation.csv` into `out`.
pub fn draw_evolution(dir: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    let ctx = Context::read(dir)?;
    let rows: Vec<EvolutionRow> = tables::read(dir, "evolution.csv")?;
    let fix: Vec<FixationRow> = tables::read(dir, "fixation.csv")?;
    let (population, selection, mutation) = match fix.first() {
        None => ("?".to_string(), "?".to_string(), "?".to_string()),
        Some(f) => (
            f.population.to_string(),
            f.selection.to_string(),
            f.mutation.to_string(),
        ),
    };
    let mut drawn = Vec::new();
    for (process, file, title, subtitle) in [
        (
            "replicator",
            "evolution",
            "Replicator dynamics: population shares over generations".to_string(),
            format!(
                "from an even mix; selection {selection}, mutation {mutation}; payoffs from matrix.csv"
            ),
        ),
        (
            "moran",
            "evolution_moran",
            format!("Moran process, population {population}: shares over generations (run 1)"),
            format!("selection {selection}, mutation {mutation} per offspring"),
        ),
    ] {
        let (generations, strategies) = shares(&ctx, &rows, process);
        let data = chart::EvolutionData {
            title,
            subtitle,
            generations,
            strategies,
        };
        drawn.push(draw(&data, out, file)?);
    }
    Ok(drawn)
}

/// The generations of run 0 of `process` and each strategy's share in them
/// (NaN where a generation lacks the strategy).
fn shares(
    ctx: &Context,
    rows: &[EvolutionRow],
    process: &str,
) -> (Vec<f64>, Vec<chart::StackSeries>) {
    let mut generations: Vec<f64> = Vec::new();
    let mut strategies: Vec<chart::StackSeries> = ctx
        .names
        .iter()
        .map(|n| chart::StackSeries {
            name: n.clone(),
            color_index: ctx.color(n),
            shares: Vec::new(),
        })
        .collect();
    for r in rows.iter().filter(|r| r.process == process && r.run == 0) {
        let g = r.generation as f64;
        if generations.last() != Some(&g) {
            generations.push(g);
            for s in strategies.iter_mut() {
                s.shares.push(f64::NAN);
            }
        }
        if let Some(s) = strategies.iter_mut().find(|s| s.name == r.strategy)
            && let Some(last) = s.shares.last_mut()
        {
            *last = r.share;
        }
    }
    (generations, strategies)
}
