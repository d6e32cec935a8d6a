//! `negsim bench --agent CMD [CONFIG]`: an external agent against every
//! preset in both roles on common random numbers; bench.csv, the gap
//! chart, report.md/html and forfeits.csv in the out folder.

use super::load;
use anyhow::Result;
use clap::Args;
use negsim::agent::{Agent, DEFAULT_TIMEOUT, findable, process::shown};
use negsim::output::ResultsDir;
use negsim::output::report::bench::BenchReport;
use negsim::run::tournament::MAX_THREADS;
use std::io::Write;
use std::path::PathBuf;

/// The files a bench folder holds (replaced; anything else is kept).
const FILES: &[&str] = &[
    "bench.csv",
    "forfeits.csv",
    "report.md",
    "report.html",
    "charts",
];

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The agent's command: program and arguments, split as a shell does
    /// (quotes keep a path with spaces whole; e.g. "python3
    /// examples/agents/bluffer.py"); docs/PROTOCOL.md.
    #[arg(long, value_name = "CMD")]
    pub agent: String,
    /// The rules (scenario, exchange, protocol) come from this config; its
    /// strategies are not used (default: the embedded default config).
    pub config: Option<PathBuf>,
    /// Runs per opponent and role (default 1000).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub runs: u64,
    /// Master seed (overrides the config).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Output folder (default: results/bench-<name>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The agent's name in tables (default: its script's or program's name).
    #[arg(long)]
    pub name: Option<String>,
    /// Seconds the agent has for each reply.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TIMEOUT)]
    pub timeout: f64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_THREADS as u64))]
    pub threads: Option<usize>,
    /// Do not print the table.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The agent's default name: its script's file stem, or its program's.
fn default_name(command: &[String]) -> String {
    let last = command
        .iter()
        .rev()
        .find(|a| !a.starts_with('-'))
        .unwrap_or(&command[0]);
    let stem = std::path::Path::new(last)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("agent");
    let name: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .take(40)
        .collect();
    if name.is_empty() {
        "agent".into()
    } else {
        name
    }
}

pub fn bench(args: BenchArgs) -> Result<()> {
    let usage = |m: String| anyhow::Error::from(negsim::Error::Usage(m));
    // Split as a shell would (quotes keep a path with spaces whole).
    let Some(command) = shlex::split(&args.agent) else {
        return Err(usage(format!(
            "--agent {}: an unclosed quote or a trailing backslash; quote the program and arguments as in a shell",
            args.agent
        )));
    };
    if command.is_empty() {
        return Err(usage(
            "--agent: give the agent's command, e.g. --agent \"python3 examples/agents/bluffer.py\"".into(),
        ));
    }
    if !findable(&command[0]) {
        return Err(usage(format!(
            "--agent {}: the program '{}' is not found: give an existing file or a program on PATH",
            shown(&command),
            command[0]
        )));
    }
    if !(args.timeout > 0.0 && args.timeout <= 600.0) {
        return Err(usage(format!(
            "--timeout {}: give the seconds an agent has for each reply, above 0 and at most 600",
            args.timeout
        )));
    }
    if args.runs == 0 || args.runs > 10_000_000 {
        return Err(usage(format!(
            "--runs {}: give between 1 and 10000000 runs per opponent and role",
            args.runs
        )));
    }
    let (mut cfg, file) = load(args.config.as_deref())?;
    if let Some(seed) = args.seed {
        cfg.seed = seed;
    }
    cfg.runs = args.runs;
    let exp = cfg.validate(&file)?;
    let name = args.name.clone().unwrap_or_else(|| default_name(&command));
    let agent = Agent::new(name.clone(), None, command.clone(), args.timeout);
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(format!("bench-{name}")));
    let dir = ResultsDir::create_named(&target, FILES)?;
    let b = negsim::run::bench::bench(&exp, &agent, args.threads.unwrap_or(0))?;
    let forfeits = negsim::agent::take_forfeits();
    negsim::agent::process::shutdown();
    let rows = b.rows();
    let csv = negsim::output::bench::csv(&rows, &name, exp.seed, exp.runs);
    write(&dir.file("bench.csv"), csv.as_bytes())?;
    write(
        &dir.file("forfeits.csv"),
        super::agents::forfeits_csv(&forfeits).as_bytes(),
    )?;
    let chart = negsim::output::bench::gap_chart(&rows, &name);
    let charts = dir.file("charts");
    std::fs::create_dir_all(&charts).map_err(|source| negsim::Error::Write {
        path: charts.clone(),
        source,
    })?;
    let chart_err = |e: negsim_chart::ChartError| usage(format!("cannot draw chart: {e}"));
    negsim_chart::render_comparisons(&chart, &charts.join("bench_gap")).map_err(chart_err)?;
    let svg = negsim_chart::svg_string(&chart).map_err(chart_err)?;
    let played = rows.last().map_or(0, |r| r.runs);
    negsim::output::report::bench::write(
        dir.path(),
        &BenchReport {
            agent: &format!("{name} ({})", shown(&command)),
            runs: exp.runs,
            seed: exp.seed,
            rows: &rows,
            svg,
            forfeits: forfeits.len(),
            first_forfeit: forfeits
                .iter()
                .find(|f| !f.reason.starts_with(negsim::agent::GAVE_UP))
                .or(forfeits.first())
                .map(|f| f.reason.as_str()),
            per_second: played as f64 / b.elapsed.max(1e-9),
            multi_issue: exp.scenario.has_weights(),
        },
    )?;
    let path = dir.commit()?;
    if !forfeits.is_empty() {
        let list = path.join("forfeits.csv");
        super::agents::warn(&forfeits, played, Some(&list.display().to_string()));
    }
    if !args.quiet {
        // Utilities (multi_issue) to three decimals, as in the report.
        let decimals = if exp.scenario.has_weights() {
            3
        } else {
            negsim::output::format::money_decimals(&exp.scenario)
        };
        print_table(&rows, &path, played, b.elapsed, b.threads, decimals)?;
    }
    Ok(())
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|source| negsim::Error::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(())
}

fn print_table(
    rows: &[negsim::run::bench::BenchRow],
    path: &std::path::Path,
    played: u64,
    elapsed: f64,
    threads: usize,
    decimals: usize,
) -> Result<()> {
    use negsim::output::format::money;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{played} negotiations of the agent in {elapsed:.2} s: {:.0} per second on {threads} threads\n",
        played as f64 / elapsed.max(1e-9)
    )?;
    writeln!(
        out,
        "{:<10} {:>9} {:>16} {:>16} {:>16} {:>9}  best response",
        "opponent", "deal rate", "surplus", "best response", "gap", "lies told"
    )?;
    for r in rows {
        let pm = |c: &negsim::run::stats::ClusterMean| {
            format!(
                "{} ± {}",
                money(c.mean(), decimals),
                money(c.ci95(), decimals)
            )
        };
        writeln!(
            out,
            "{:<10} {:>9.3} {:>16} {:>16} {:>16} {:>9}  {}",
            r.opponent,
            r.deal_rate.mean(),
            pm(&r.surplus),
            pm(&r.best_response_surplus),
            pm(&r.gap),
            r.lies_told,
            r.best_response
        )?;
    }
    writeln!(out, "\nResults in {}/", path.display())?;
    Ok(())
}
