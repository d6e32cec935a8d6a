//! What each command does, in terms of the library.

mod args;

use anyhow::Result;
pub use args::Cli;
use args::{Command, EvolveArgs, RunArgs, TraceArgs};
use negsim::config::{self, Config, DEFAULT_CONFIG, Experiment};
use negsim::model::strategy::{PRESETS, Policy, Strategy};
use negsim::output::transcript;
use negsim::output::{self, ResultsDir, RunsCsv};
use negsim::run::tournament::{self, RunOptions, RunSink};
use negsim::run::trace;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Sweep(args) => sweep(args),
        Command::Evolve(args) => evolve(args),
        Command::Strategies { config } => strategies(config.as_deref()),
        Command::Trace(args) => trace_cmd(args),
        Command::Check { config } => check(&config),
        Command::Plot { results } => plot(&results),
        Command::Report { results } => {
            let (h, m) = negsim::output::report::write(&results)?;
            println!("Wrote {} and {}", h.display(), m.display());
            Ok(())
        }
        Command::Validate { seed } => validate(seed),
    }
}

/// Load a config file, or the embedded default; returns it with its name
/// for messages.
fn load(path: Option<&Path>) -> Result<(Config, String)> {
    Ok(match path {
        Some(p) => (config::load(p)?, p.display().to_string()),
        None => (
            config::parse(DEFAULT_CONFIG, "configs/default.toml (embedded)")?,
            "configs/default.toml (embedded)".to_string(),
        ),
    })
}

/// Apply --seed and --runs to a config.
fn overrides(cfg: &mut Config, args: &RunArgs) -> Result<()> {
    if let Some(seed) = args.seed {
        cfg.seed = seed;
    }
    if let Some(runs) = args.runs {
        if runs == 0 || runs > config::MAX_RUNS {
            return Err(negsim::Error::Usage(format!(
                "--runs {runs}: give between 1 and {} runs per pairing",
                config::MAX_RUNS
            ))
            .into());
        }
        cfg.runs = runs;
    }
    Ok(())
}

fn run(args: RunArgs) -> Result<()> {
    run_tournament(args).map(|_| ())
}

/// Run a tournament and write its results folder; returns the folder.
fn run_tournament(args: RunArgs) -> Result<PathBuf> {
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
    let bar = if !args.quiet && std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(total);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} negotiations ({per_sec}, eta {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let progress = |done: u64| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    };
    let res = tournament::run(
        &exp,
        RunOptions {
            threads: args.threads.unwrap_or(0),
        },
        &progress,
        runs_csv.as_mut().map(|s| s as &mut dyn RunSink),
    )?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
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
    let price = exp.scenario.kind() == "price";
    let dec = if price { 0 } else { 3 };
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
        "strategy", "mean surplus", "95% CI ±", "deal rate", "bits learned"
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
            r.bits_learned_mean
        )?;
    }
    writeln!(out, "\nResults in {}/", path.display())?;
    Ok(())
}

fn strategies(config: Option<&Path>) -> Result<()> {
    let mut list: Vec<Box<dyn Strategy>> = PRESETS
        .iter()
        .map(|(n, d, p)| Box::new(Policy::new(*n, *d, *p)) as Box<dyn Strategy>)
        .collect();
    if let Some(path) = config {
        let (cfg, file) = load(Some(path))?;
        let exp = cfg.validate(&file)?;
        for s in exp.strategies {
            if !PRESETS.iter().any(|(n, _, _)| *n == s.name()) {
                let p = s.parameters();
                list.push(Box::new(CustomListing {
                    name: s.name().to_string(),
                    description: s.description(),
                    params: p,
                }));
            }
        }
    }
    let mut out = std::io::stdout().lock();
    for s in &list {
        writeln!(out, "{:<10} {}", s.name(), s.description())?;
        let params: Vec<String> = s
            .parameters()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        writeln!(out, "{:<10} {}\n", "", params.join(" "))?;
    }
    writeln!(
        out,
        "Precisions and bluffs are in prior standard deviations of the facet talked about.\nDefine your own in a config: [[strategy]] name = \"soft-prober\", base = \"probing\", bluff = 0.2"
    )?;
    Ok(())
}

/// A strategy from a config, listed by name and parameters.
struct CustomListing {
    name: String,
    description: String,
    params: Vec<(&'static str, String)>,
}

impl Strategy for CustomListing {
    fn name(&self) -> &str {
        &self.name
    }
    fn description(&self) -> String {
        self.description.clone()
    }
    fn parameters(&self) -> Vec<(&'static str, String)> {
        self.params.clone()
    }
    fn exchange(&self, _: &negsim::model::strategy::View) -> negsim::model::strategy::Move {
        negsim::model::strategy::Move::SILENT
    }
    fn answer(&self, _: &negsim::model::strategy::View) -> negsim::model::strategy::Move {
        negsim::model::strategy::Move::SILENT
    }
}

fn trace_cmd(args: TraceArgs) -> Result<()> {
    let (mut cfg, file) = load(args.config.as_deref())?;
    if let Some(seed) = args.seed {
        cfg.seed = seed;
    }
    let exp = cfg.validate(&file)?;
    let a = trace::strategy_index(&exp, &args.a, "--a")?;
    let b = trace::strategy_index(&exp, &args.b, "--b")?;
    let t = trace::record(&exp, a, b, args.run);
    if let Some(file) = &args.chart {
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if ext != "png" && ext != "svg" {
            return Err(negsim::Error::Usage(format!(
                "--chart {}: give a file name ending in .png or .svg",
                file.display()
            ))
            .into());
        }
        let data = negsim::output::figures::trace_chart(&exp, &t);
        let bytes = match ext.as_str() {
            "png" => negsim::chart::png_bytes(&data),
            _ => negsim::chart::svg_string(&data).map(String::into_bytes),
        }
        .map_err(|e| negsim::Error::Usage(format!("cannot draw {}: {e}", file.display())))?;
        output::write_atomic(file, &bytes)?;
    }
    std::io::stdout()
        .lock()
        .write_all(transcript::transcript(&exp, &t).as_bytes())?;
    if let Some(file) = &args.chart {
        eprintln!("Chart written to {}", file.display());
    }
    Ok(())
}

fn check(path: &Path) -> Result<()> {
    let (cfg, file) = load(Some(path))?;
    let exp = cfg.validate(&file)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "# {file}: valid. Fully resolved:")?;
    write!(out, "{}", config::resolved_toml(&exp))?;
    Ok(())
}

fn validate(seed: u64) -> Result<()> {
    let start = std::time::Instant::now();
    let checks = negsim::run::theory::run_all(seed)?;
    let mut out = std::io::stdout().lock();
    write!(out, "{}", negsim::run::theory::table(&checks))?;
    let failed = checks.iter().filter(|c| !c.pass()).count();
    writeln!(
        out,
        "\n{} checks, {} failed, seed {seed}, {:.1} s",
        checks.len(),
        failed,
        start.elapsed().as_secs_f64()
    )?;
    if failed > 0 {
        anyhow::bail!("{failed} of {} theory checks failed", checks.len());
    }
    Ok(())
}

fn sweep(args: RunArgs) -> Result<()> {
    let Some(path) = args.config.as_deref() else {
        return Err(negsim::Error::Usage(
            "negsim sweep needs a config with a [sweep] table, e.g. configs/asymmetry-sweep.toml"
                .into(),
        )
        .into());
    };
    if args.per_run {
        return Err(negsim::Error::Usage("--per-run is not available for sweeps".into()).into());
    }
    let (mut cfg, file) = load(Some(path))?;
    overrides(&mut cfg, &args)?;
    let sweep = negsim::run::sweep::build(&cfg, &file)?;
    let base = sweep.cells[0].1.clone();
    let mut base_cfg = cfg.clone();
    base_cfg.sweep = None;
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&cfg.name));
    let fp = output::sweep_fingerprint(&base);
    let dir = ResultsDir::create(&target, &fp, args.force)?;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(sweep.cells.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} cells (eta {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let results = negsim::run::sweep::run(
        &sweep,
        RunOptions {
            threads: args.threads.unwrap_or(0),
        },
        &|done, _| {
            if let Some(b) = &bar {
                b.set_position(done as u64);
            }
        },
    )?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
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

fn evolve(args: EvolveArgs) -> Result<()> {
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
    let a = payoffs.normalised();
    let k = payoffs.names.len();
    let uniform = vec![1.0 / k as f64; k];
    let rep = evolution::replicator(&a, &uniform, &settings);
    let trajectories: Vec<Vec<Vec<f64>>> = (0..5u64)
        .map(|r| {
            evolution::moran_trajectory(
                &a,
                &settings,
                negsim::run::tournament::run_seed(settings.seed, r, 2),
            )
        })
        .collect();
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|r| (0..k).filter(move |&m| m != r).map(move |m| (r, m)))
        .collect();
    use rayon::prelude::*;
    let results: Vec<(u32, u32)> = pairs
        .par_iter()
        .map(|&(r, m)| {
            evolution::fixation(
                &a,
                r,
                m,
                &settings,
                negsim::run::tournament::run_seed(settings.seed, (r * k + m) as u64, 3),
            )
        })
        .collect();
    output::Evolution {
        names: &payoffs.names,
        settings: &settings,
        replicator: &rep,
        moran: &trajectories,
        pairs: &pairs,
        fixations: &results,
    }
    .write(&dir)?;
    negsim::output::figures::redraw_evolution(&dir)?;
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        let last = rep.last().map(|v| v.as_slice()).unwrap_or(&[]);
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
        for (&(r, m), &(fixed, runs)) in pairs.iter().zip(&results) {
            writeln!(
                out,
                "  {:<12} invading {:<12} {:>6.3}",
                payoffs.names[m],
                payoffs.names[r],
                fixed as f64 / runs as f64
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

fn plot(results: &Path) -> Result<()> {
    let start = std::time::Instant::now();
    let drawn = negsim::output::figures::redraw(results)?;
    println!(
        "Redrew {} charts (PNG and SVG) in {}/charts/ in {:.2} s",
        drawn.len(),
        results.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
