//! `negsim evolve`: replicator dynamics and a Moran process on a tournament's payoffs.

use super::args::{EvolveArgs, RunArgs};
use super::run::run_tournament;
use anyhow::Result;
use negsim::output;
use std::io::Write;

pub fn evolve(args: EvolveArgs) -> Result<()> {
    use negsim::run::evolution::{self, Payoffs, Settings};
    let settings = Settings {
        generations: args.generations,
        population: args.population,
        selection: args.selection,
        mutation: args.mutation,
        runs: args.moran_runs,
        seed: args.seed,
    };
    settings.check()?;
    let dir = if args.target.is_dir() {
        args.target.clone()
    } else if args.target.is_file() {
        run_tournament(RunArgs {
            config: Some(args.target.clone()),
            out: None,
            seed: None,
            threads: None,
            runs: None,
            per_run: false,
            force: args.force,
            quiet: args.quiet,
            no_charts: false,
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
    let payoffs = Payoffs::read(&dir)?;
    let analysis = evolution::analyse(&payoffs, &settings);
    let k = payoffs.names.len();
    let mut evo = String::from("process,run,generation,strategy,share\n");
    let mut push = |process: &str, run: u32, traj: &[Vec<f64>]| {
        for (g, x) in traj.iter().enumerate() {
            for (i, name) in payoffs.names.iter().enumerate() {
                evo.push_str(&format!(
                    "{process},{run},{g},{name},{}\n",
                    output::num(x[i])
                ));
            }
        }
    };
    push("replicator", 0, &analysis.replicator);
    for (r, t) in analysis.trajectories.iter().enumerate() {
        push("moran", r as u32, t);
    }
    let mut fix = String::from(
        "resident,mutant,population,selection,mutation,runs,fixations,probability,ci95_low,ci95_high,neutral\n",
    );
    for f in &analysis.fixations {
        let (r, m, fixed, runs) = (f.resident, f.mutant, f.fixed, f.runs);
        let (lo, hi) = evolution::wilson(fixed, runs);
        fix.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\n",
            payoffs.names[r],
            payoffs.names[m],
            settings.population,
            settings.selection,
            settings.mutation,
            runs,
            fixed,
            output::num(fixed as f64 / runs as f64),
            output::num(lo),
            output::num(hi),
            output::num(1.0 / settings.population as f64)
        ));
    }
    for (name, text) in [("evolution.csv", &evo), ("fixation.csv", &fix)] {
        output::write_atomic(&dir.join(name), text.as_bytes())?;
    }
    let charts = dir.join("charts");
    std::fs::create_dir_all(&charts).map_err(|source| negsim::Error::Write {
        path: charts.clone(),
        source,
    })?;
    negsim::output::figures::draw_evolution(&dir, &charts)?;
    if !args.quiet {
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
