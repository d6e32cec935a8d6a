//! `negsim run`: a tournament into a results folder, and the ranking on the console.

use super::args::RunArgs;
use super::{load, overrides, progress};
use anyhow::Result;
use negsim::config::Experiment;
use negsim::output::{self, ResultsDir, RunsCsv};
use negsim::run::tournament::{self, RunOptions, RunSink};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: RunArgs) -> Result<()> {
    run_tournament(args).map(|_| ())
}

/// Run a tournament and write its results folder; returns the folder.
pub fn run_tournament(args: RunArgs) -> Result<PathBuf> {
    let (mut cfg, file) = load(args.config.as_deref())?;
    overrides(&mut cfg, &args)?;
    if args.threads == Some(0) {
        return Err(negsim::Error::Usage("--threads 0: give at least 1 thread".into()).into());
    }
    let exp = cfg.validate(&file)?;
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&exp.name));
    let dir = ResultsDir::create(&target, &output::fingerprint(&exp), args.force)?;
    let mut runs_csv = if args.per_run {
        Some(RunsCsv::create(dir.file("runs.csv"), &exp)?)
    } else {
        None
    };
    let total = exp
        .runs
        .saturating_mul((exp.strategies.len() * exp.strategies.len()) as u64);
    let bar = progress::bar(total, "negotiations ({per_sec}, eta {eta})", args.quiet);
    let progress = |done: u64| progress::set(&bar, done);
    let res = tournament::run(
        &exp,
        RunOptions {
            threads: args.threads.unwrap_or(0),
        },
        &progress,
        runs_csv.as_mut().map(|s| s as &mut dyn RunSink),
    )?;
    progress::finish(bar);
    let mut extra = Vec::new();
    if !args.no_charts {
        extra.push("charts");
    }
    if let Some(s) = runs_csv {
        s.finish()?;
        extra.push("runs.csv");
    }
    output::write_results(&dir, &exp, &res, &extra)?;
    if !args.no_charts {
        negsim::output::figures::draw_results(dir.path(), &dir.file("charts"))?;
    }
    let path = dir.commit()?;
    if !args.quiet {
        print_ranking(&exp, &res, &path)?;
    }
    Ok(path)
}

fn print_ranking(exp: &Experiment, res: &tournament::TournamentResult, path: &Path) -> Result<()> {
    let rows = output::ranking(res);
    let mut out = std::io::stdout().lock();
    // One precision for the whole column, from the narrowest interval: a
    // surplus of 1,274 ± 87 price units, or 0.084 ± 0.004 on a [0, 1] scale.
    let dec = rows
        .iter()
        .map(|r| output::format::stat_decimals(r.surplus_mean, r.surplus_ci95))
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "{} negotiations ({} per pairing, {} pairings) in {:.2} s: {:.0} per second on {} threads",
        res.negotiations,
        exp.runs,
        res.pairs.len(),
        res.elapsed,
        res.negotiations as f64 / res.elapsed.max(1e-9),
        res.threads
    )?;
    writeln!(out)?;
    let width = rows
        .iter()
        .map(|r| r.strategy.len())
        .max()
        .unwrap_or(8)
        .max(8);
    writeln!(
        out,
        "rank  {:<width$}  {:>12}  {:>10}  {:>9}  {:>11}",
        "strategy", "mean surplus", "95% CI ±", "deal rate", "info bits"
    )?;
    for r in &rows {
        writeln!(
            out,
            "{:>4}  {:<width$}  {:>12}  {:>10}  {:>9.3}  {:>11.2}",
            r.rank,
            r.strategy,
            output::money(r.surplus_mean, dec),
            output::money(r.surplus_ci95, dec),
            r.deal_rate,
            r.info_bits_mean
        )?;
    }
    writeln!(out, "\nResults in {}/", path.display())?;
    Ok(())
}
