//! `negsim evolve`: replicator dynamics and a Moran process on a tournament's payoffs.

use super::args::{CommonArgs, EvolveArgs, RunArgs};
use super::run::run_tournament;
use anyhow::Result;
use negsim::output::Manifest;
use negsim::run::evolution::{self, Payoffs, Settings};
use std::io::Write;
use std::path::Path;

pub fn evolve(args: EvolveArgs) -> Result<()> {
    let settings = Settings {
        generations: args.generations,
        population: args.population,
        selection: args.selection,
        mutation: args.mutation,
        runs: args.moran_runs,
        seed: args.seed,
    };
    settings.check()?;
    // A folder a killed commit left under its backup name is put back
    // before the target is told from a config.
    if !args.target.exists() {
        drop(super::plot::hold(&args.target, &[])?);
    }
    let dir = if args.target.is_dir() {
        args.target.clone()
    } else if args.target.is_file() {
        run_tournament(RunArgs {
            config: Some(args.target.clone()),
            from: None,
            per_run: false,
            format: Default::default(),
            common: CommonArgs {
                force: args.force,
                quiet: args.quiet,
                ..CommonArgs::default()
            },
            shard: Default::default(),
        })?
    } else {
        return Err(negsim::Error::Read {
            path: args.target.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such results folder or config",
            ),
        }
        .into());
    };
    evolve_folder(&dir, &settings, args.quiet)
}

/// Evolution on the payoffs of the results folder `dir`: writes
/// evolution.csv, fixation.csv and their charts, and records the settings in
/// the manifest (so that `negsim run --from` reruns it).
pub fn evolve_folder(dir: &Path, settings: &Settings, quiet: bool) -> Result<()> {
    settings.check()?;
    // The folder's lock from reading the payoffs to writing the manifest.
    let held = super::plot::hold(
        dir,
        &["evolution.csv", "fixation.csv", "manifest.json", "charts"],
    )?;
    negsim::output::results_dir::refuse_sweep(dir, "evolve")?;
    let payoffs = Payoffs::read(dir)?;
    settings.check_for(payoffs.names.len())?;
    let analysis = evolution::analyse(&payoffs, settings);
    let k = payoffs.names.len();
    held.check_unchanged()?;
    negsim::output::Evolution {
        names: &payoffs.names,
        settings,
        analysis: &analysis,
    }
    .write(dir)?;
    negsim::output::figures::redraw_evolution(dir)?;
    let mut manifest = Manifest::read(dir)?;
    manifest.record_evolution(settings);
    manifest.write(dir)?;
    if !quiet {
        let mut out = std::io::stdout().lock();
        let last = analysis
            .replicator
            .last()
            .map(|v| v.as_slice())
            .unwrap_or(&[]);
        writeln!(
            out,
            "Replicator dynamics after {} generations (from an even mix):",
            settings.generations
        )?;
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&x, &y| last[y].total_cmp(&last[x]));
        for i in order {
            writeln!(out, "  {:<12} {:>6.1}%", payoffs.names[i], 100.0 * last[i])?;
        }
        writeln!(
            out,
            "Moran fixation (population {}, selection {}): a single mutant fixes with probability 1/N = {:.3} if neutral",
            settings.population,
            settings.selection,
            1.0 / settings.population as f64
        )?;
        for f in &analysis.fixations {
            writeln!(
                out,
                "  {:<12} invading {:<12} {:>6.3}",
                payoffs.names[f.mutant],
                payoffs.names[f.resident],
                f.fixed as f64 / f.runs as f64
            )?;
        }
        writeln!(
            out,
            "\nWrote evolution.csv and fixation.csv in {}/",
            dir.display()
        )?;
    }
    Ok(())
}
