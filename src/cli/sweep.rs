//! `negsim sweep`: the whole tournament per grid cell.

use super::args::SweepArgs;
use super::{load, overrides, progress};
use anyhow::Result;
use negsim::config::Config;
use negsim::output::manifest::Kind;
use negsim::output::{self, Manifest, ResultsDir};
use negsim::run::tournament::RunOptions;
use std::io::Write;
use std::path::PathBuf;

/// The config of `negsim sweep`: from `--from MANIFEST` (a sweep folder's
/// manifest, or the folder) or from a config file.
fn source(args: &SweepArgs) -> Result<(Config, String)> {
    let Some(from) = &args.from else {
        return load(args.config.as_deref());
    };
    let m = Manifest::read_path(from)?;
    let shown = from.display();
    if m.kind != Some(Kind::Sweep) {
        return Err(negsim::Error::Usage(format!(
            "--from {shown}: this is the manifest of a tournament, not of a sweep; rerun it with \
             `negsim run --from {shown}`"
        ))
        .into());
    }
    let Some(cfg) = m.sweep_config.filter(|c| c.sweep.is_some()) else {
        return Err(negsim::Error::Usage(format!(
            "--from {shown}: this sweep's manifest does not record its config with the [sweep] \
             table (it was written by an older negsim); rerun it with `negsim sweep CONFIG` and \
             its config"
        ))
        .into());
    };
    Ok((cfg, format!("{shown} (sweep_config)")))
}

pub fn sweep(args: SweepArgs) -> Result<()> {
    let x = args.x.clone();
    let (mut cfg, file) = source(&args)?;
    let shard_args = &args.shard;
    let args = &args.common;
    overrides(&mut cfg, args)?;
    let sweep = negsim::run::sweep::build(&cfg, &file)?;
    // Before anything runs: --x names a swept parameter.
    let params: Vec<(String, String)> = sweep
        .axes
        .iter()
        .map(|a| (a.path.clone(), a.column()))
        .collect();
    negsim::output::figures::x_index(&params, x.as_deref(), &file)?;
    // Before anything is allocated: the memory of every cell's results.
    negsim::run::resources::Estimate::sweep(&sweep).check(&file)?;
    if let Some(shard) = &shard_args.shard {
        return super::shard::sweep_shard(shard, shard_args, &cfg, &sweep, args).map(|_| ());
    }
    let base = sweep.cells[0].1.clone();
    let mut base_cfg = cfg.clone();
    base_cfg.sweep = None;
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&cfg.name));
    let fp = output::sweep_fingerprint(&sweep);
    let dir = ResultsDir::create(&target, &fp, args.force)?;
    let bar = progress::bar(sweep.cells.len() as u64, "cells (eta {eta})", args.quiet);
    let results = negsim::run::sweep::run(
        &sweep,
        RunOptions {
            threads: args.threads.unwrap_or(0),
        },
        &|done, _| progress::set(&bar, done as u64),
    )?;
    progress::finish(bar);
    output::write_sweep(&dir, &sweep, &results, &base)?;
    if !args.no_charts {
        negsim::output::figures::draw_sweep_x(dir.path(), &dir.file("charts"), x.as_deref())?;
    }
    let path = dir.commit()?;
    if !args.quiet {
        let n: u64 = results.iter().map(|r| r.negotiations).sum();
        let secs: f64 = results.iter().map(|r| r.elapsed).sum();
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "{} cells x {} pairings: {} negotiations in {:.2} s ({:.0} per second)",
            sweep.cells.len(),
            results[0].pairs.len(),
            n,
            secs,
            n as f64 / secs.max(1e-9)
        )?;
        let cols: Vec<String> = sweep.axes.iter().map(|a| a.path.clone()).collect();
        writeln!(
            out,
            "\n{:<30}  best strategy (mean surplus)",
            cols.join(", ")
        )?;
        for ((point, _), res) in sweep.cells.iter().zip(&results) {
            let best = &output::ranking(res)[0];
            let label: Vec<String> = point.iter().map(negsim::run::sweep::show).collect();
            writeln!(
                out,
                "{:<30}  {} ({:.3})",
                label.join(", "),
                best.strategy,
                best.surplus_mean
            )?;
        }
        writeln!(out, "\nResults in {}/", path.display())?;
    }
    Ok(())
}
