//! The command line, as clap parses it. Meaning is given in `commands.rs`.

use clap::{Args, Parser, Subcommand};
use negsim::run::evolution;
use std::path::PathBuf;

/// Most worker threads `--threads` takes.
const MAX_THREADS: u64 = negsim::run::tournament::MAX_THREADS as u64;

/// Simulate off-the-record negotiation: strategies, tournaments, and how
/// information asymmetry shapes deals.
#[derive(Debug, Parser)]
#[command(name = "negsim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a tournament and write results/<name>/ (CSV, manifest).
    Run(RunArgs),
    /// Sweep one or two parameters ([sweep] table): the whole tournament per grid cell.
    Sweep(SweepArgs),
    /// Replicator dynamics and a Moran process on a tournament's payoffs.
    Evolve(EvolveArgs),
    /// List the strategies with a one-line description and their parameters.
    Strategies {
        /// Also list the strategies a config defines.
        config: Option<PathBuf>,
    },
    /// Show one negotiation as a readable transcript.
    Trace(TraceArgs),
    /// Reproduce the results of bargaining theory (docs/THEORY.md T1-T12); exit 1 if any check fails.
    Validate {
        /// Seed of the samples.
        #[arg(long, value_name = "N", default_value_t = 2026)]
        seed: u64,
        /// Run only these checks (e.g. `--only T11,T12`); all by default.
        #[arg(long, value_name = "IDS", value_delimiter = ',')]
        only: Vec<String>,
    },
    /// How often a bluff of each size is caught, in a single run and over a match (table, optional CSV).
    Lies(LiesArgs),
    /// Whether the ranking and the findings survive a change of design: the tournament under each design and ablation.
    Sensitivity(SensitivityArgs),
    /// Redraw every chart of a results folder from its CSV files (no simulation).
    Plot {
        /// A results folder written by `negsim run` or `negsim sweep`.
        results: PathBuf,
        /// Sweep folders: the swept parameter on the x axis of the line
        /// charts (its config path or CSV column; default: the first).
        #[arg(long = "x", value_name = "PARAM")]
        x: Option<String>,
    },
    /// Write report.html (self-contained) and report.md into a results folder.
    Report {
        /// A results folder written by `negsim run`.
        results: PathBuf,
    },
    /// Validate a config and print it fully resolved, every strategy an editable [[strategy]] table.
    Check {
        /// The config file.
        config: PathBuf,
    },
    /// Per-strategy differences between two results folders, with 95% intervals.
    Compare(CompareArgs),
    /// Print a shell completion script (e.g. `negsim completions bash > /etc/bash_completion.d/negsim`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Merge the shard folders of `run --shard` or `sweep --shard` into the results folder one machine would write.
    Merge(MergeArgs),
    /// Write (and with --submit, submit) a Slurm job array of shards and a merge job that depends on it.
    Slurm(SlurmArgs),
    /// Play it yourself: negotiate off the record against a strategy, then read the debrief.
    Play(super::play::PlayArgs),
    /// A class's play records: each student's gain and share against each strategy, a table and a chart.
    Class(super::class::ClassArgs),
    /// The game as a local web page for a class: play, debrief, and the class view.
    Serve(super::serve::ServeArgs),
    /// An external agent (docs/PROTOCOL.md) against every preset in both roles: bench.csv, a chart, a report.
    Bench(super::bench::BenchArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Config file (default: the embedded four-strategy price tournament,
    /// the same as configs/default.toml). A config with a [sweep] table is
    /// run by `negsim sweep`.
    #[arg(conflicts_with = "from")]
    pub config: Option<PathBuf>,
    /// Rerun the experiment recorded in a manifest.json (or a results
    /// folder): same config, seed, runs, runs.csv, charts and `evolve`.
    #[arg(long, value_name = "MANIFEST")]
    pub from: Option<PathBuf>,
    /// Also write runs.csv, one row per negotiation.
    #[arg(long)]
    pub per_run: bool,
    /// The format of the per-run table of --per-run: runs.csv, or
    /// runs.parquet for tables too large for CSV (the other tables stay CSV).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = TableFormat::Csv)]
    pub format: TableFormat,
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(flatten)]
    pub shard: ShardArgs,
}

/// The file format of the per-run table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TableFormat {
    /// runs.csv.
    #[default]
    Csv,
    /// runs.parquet: the same columns, typed, Snappy-compressed.
    Parquet,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Config file with a [sweep] table (e.g. configs/bluff-sweep.toml).
    #[arg(conflicts_with = "from", required_unless_present = "from")]
    pub config: Option<PathBuf>,
    /// Rerun the sweep recorded in a sweep folder's manifest.json (or the
    /// folder): same config, grid, seed and runs (byte-identical CSV files).
    #[arg(long, value_name = "MANIFEST")]
    pub from: Option<PathBuf>,
    /// The swept parameter on the x axis of the line charts (its config
    /// path or CSV column; default: the first); with two parameters, one
    /// chart is drawn per value of the other.
    #[arg(long = "x", value_name = "PARAM")]
    pub x: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(flatten)]
    pub shard: ShardArgs,
}

/// The options `run` and `sweep` share.
#[derive(Debug, Args, Default)]
pub struct CommonArgs {
    /// Results folder (default: results/<name>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Master seed (overrides the config).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores; 1 to 1024). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_THREADS))]
    pub threads: Option<usize>,
    /// Runs per ordered pairing (overrides the config).
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// Replace a results folder that holds a different experiment (other
    /// config, seed or runs). Never replaces a folder negsim did not write,
    /// and keeps the files in it that negsim did not write.
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no ranking table.
    #[arg(long, short)]
    pub quiet: bool,
    /// Do not draw the charts.
    #[arg(long)]
    pub no_charts: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first results folder (A).
    pub a: PathBuf,
    /// The second results folder (B); differences are B - A.
    pub b: PathBuf,
    /// Where to write compare.csv (default: results/compare-<a>-<b>/);
    /// other files in the folder are kept.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Do not print the table.
    #[arg(long, short)]
    pub quiet: bool,
}

/// What `negsim trace --find` looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Find {
    /// A side catches a lie of the other.
    CaughtLie,
    /// Body language leaks a side's reservation.
    Leak,
    /// A side walks away.
    WalkAway,
    /// The negotiation ends without a deal.
    NoDeal,
    /// A side bluffs.
    Bluff,
}

/// How `negsim trace` prints the negotiation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text for the terminal.
    Text,
    /// Markdown, for handouts and notes.
    Md,
    /// A self-contained HTML page.
    Html,
    /// JSON: the transcript's lines and the outcome, for other tools.
    Json,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Config file (default: the embedded default); it must list the four presets.
    pub config: Option<PathBuf>,
    /// Master seed (default: the config's).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Runs per pairing and design.
    #[arg(long, value_name = "N", default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(2..=10_000_000))]
    pub runs: u64,
    /// Worker threads (0: all cores).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=1024))]
    pub threads: u64,
    /// Also write the table as tidy CSV (one line per design and preset) to FILE.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Also write the table as Markdown to FILE.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LiesArgs {
    /// Config file (default: the embedded default); probing is the bluffer, its other strategies listen.
    pub config: Option<PathBuf>,
    /// Master seed (default: the config's).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Single runs per cell (and runs per cell in matches).
    #[arg(long, value_name = "N", default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(2..=10_000_000))]
    pub runs: u64,
    /// Runs per match.
    #[arg(long, value_name = "E", default_value_t = 20, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub match_runs: u32,
    /// Bluff sizes, in prior sds of the bluffer's reservation.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "0,0.25,0.5,1,2,3"
    )]
    pub bluffs: Vec<f64>,
    /// Also write the table as CSV to FILE.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// Strategy on side A (the buyer in `price`).
    #[arg(long = "a", value_name = "STRATEGY")]
    pub a: String,
    /// Strategy on side B (the seller in `price`).
    #[arg(long = "b", value_name = "STRATEGY")]
    pub b: String,
    /// Master seed (default: the config's).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Which run of the pairing to show (matches `run` in runs.csv).
    #[arg(long, value_name = "I", default_value_t = 0, conflicts_with = "find")]
    pub run: u64,
    /// Show the first run of the pairing where this happens (searching runs 0, 1, ...).
    #[arg(long, value_name = "EVENT")]
    pub find: Option<Find>,
    /// How many runs --find searches before giving up (1 to 100,000,000).
    #[arg(long, value_name = "N", default_value_t = 100_000, requires = "find")]
    pub limit: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Config file (default: the embedded default).
    pub config: Option<PathBuf>,
    /// Also draw the negotiation (offers, limits, beliefs, events) to FILE.png or FILE.svg.
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvolveArgs {
    /// A results folder of `negsim run`, or a config (the tournament is run first).
    pub target: PathBuf,
    /// Generations of the replicator dynamics and of each Moran run (1 to 10000).
    #[arg(long, value_name = "G", default_value_t = 500,
          value_parser = clap::value_parser!(u32).range(1..=evolution::MAX_GENERATIONS as i64))]
    pub generations: u32,
    /// Population size of the Moran process (2 to 10000).
    #[arg(long, value_name = "N", default_value_t = 50,
          value_parser = clap::value_parser!(u32).range(2..=evolution::MAX_POPULATION as i64))]
    pub population: u32,
    /// Selection strength w in [0, 1] (fitness = 1 - w + w * normalised payoff).
    #[arg(long, value_name = "W", default_value_t = 0.1)]
    pub selection: f64,
    /// Mutation rate per offspring.
    #[arg(long, value_name = "MU", default_value_t = 0.001)]
    pub mutation: f64,
    /// Moran runs per fixation estimate (and 5 trajectories; 1 to 100000).
    #[arg(long, value_name = "R", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(1..=evolution::MAX_MORAN_RUNS as i64))]
    pub moran_runs: u32,
    /// Seed of the Moran process.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
    /// With a config: replace a results folder of a different experiment.
    #[arg(long)]
    pub force: bool,
    /// No summary on stdout.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Running one shard of a run or sweep (`run` and `sweep`).
#[derive(Debug, Args, Default)]
pub struct ShardArgs {
    /// Play only shard I of N (1-based) and write its folder into --out
    /// (default results/<name>-shards) for `negsim merge`; `auto` reads
    /// SLURM_ARRAY_TASK_ID (or JOB_COMPLETION_INDEX) and the count from
    /// NEGSIM_SHARDS or SLURM_ARRAY_TASK_COUNT.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// With --shard: skip the shard if its folder is already complete.
    #[arg(long, requires = "shard")]
    pub resume: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard folders, or folders that hold them (e.g. results/default-shards).
    #[arg(required = true, value_name = "SHARDS")]
    pub shards: Vec<PathBuf>,
    /// Results folder (default: results/<name>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace a results folder that holds a different experiment.
    #[arg(long)]
    pub force: bool,
    /// No ranking table.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SlurmArgs {
    /// Config file (a [sweep] table makes it a sweep).
    pub config: PathBuf,
    /// Shards (array tasks).
    #[arg(long, value_name = "N")]
    pub shards: u64,
    /// Slurm partition (default: the cluster's default).
    #[arg(long, value_name = "P")]
    pub partition: Option<String>,
    /// Time limit of each task and of the merge (Slurm syntax, e.g. 1:00:00).
    #[arg(long, value_name = "T")]
    pub time: Option<String>,
    /// CPUs per task (negsim --threads).
    #[arg(long, value_name = "C", default_value_t = 1)]
    pub cpus: u32,
    /// Memory per task (Slurm syntax, e.g. 2G).
    #[arg(long, value_name = "M")]
    pub mem: Option<String>,
    /// Submit both jobs with sbatch and print their ids.
    #[arg(long)]
    pub submit: bool,
    /// Folder of the job scripts, logs and shards (default: slurm/<name>).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Results folder of the merge (default: results/<name>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write runs.csv (runs only).
    #[arg(long)]
    pub per_run: bool,
    /// Runs per ordered pairing (overrides the config).
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// Master seed (overrides the config).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Do not draw the charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Replace a results folder that holds a different experiment.
    #[arg(long)]
    pub force: bool,
}
