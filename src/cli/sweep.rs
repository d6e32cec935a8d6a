//! `negsim sweep`: the whole tournament per grid cell.

use super::args::SweepArgs;
use super::{load, overrides, progress};
use anyhow::Result;
use negsim::output::{self, ResultsDir};
use negsim::run::tournament::RunOptions;
use std::io::Write;
use std::path::PathBuf;

pub fn sweep(args: SweepArgs) -> Result<()> {
    let path = args.config.as_path();
    let shard_args = &args.shard;
    let args = &args.common;
    let (mut cfg, file) = load(Some(path))?;
    overrides(&mut cfg, args)?;
    let sweep = negsim::run::sweep::build(&cfg, &file)?;
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
        negsim::output::figures::draw_sweep(dir.path(), &dir.file("charts"))?;
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
