//! `negsim run`: a tournament into a results folder, and the ranking on the console.

use super::args::{RunArgs, TableFormat};
use super::{load, overrides, progress};
use anyhow::Result;
use negsim::config::{Config, Experiment};
use negsim::output::manifest::{EvolutionRecord, Kind};
use negsim::output::tables::RunsParquet;
use negsim::output::{self, Manifest, ResultsDir, RunsCsv};
use negsim::run::tournament::{self, RunOptions, RunSink};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: RunArgs) -> Result<()> {
    run_tournament(args).map(|_| ())
}

/// What to run: a config, or the experiment a manifest records.
struct Source {
    cfg: Config,
    /// Names the config in messages.
    file: String,
    per_run: bool,
    /// The format of the per-run table.
    format: TableFormat,
    charts: bool,
    evolution: Option<EvolutionRecord>,
}

/// The per-run table being written: runs.csv or runs.parquet.
enum RunsFile {
    Csv(RunsCsv),
    Parquet(Box<RunsParquet>),
}

impl RunsFile {
    /// The file name of the per-run table in `format`.
    fn name(format: TableFormat) -> &'static str {
        match format {
            TableFormat::Csv => "runs.csv",
            TableFormat::Parquet => "runs.parquet",
        }
    }

    fn create(dir: &ResultsDir, exp: &Experiment, format: TableFormat) -> Result<Self> {
        let path = dir.file(Self::name(format));
        Ok(match format {
            TableFormat::Csv => RunsFile::Csv(RunsCsv::create(path, exp)?),
            TableFormat::Parquet => RunsFile::Parquet(Box::new(RunsParquet::create(path, exp)?)),
        })
    }

    fn sink(&mut self) -> &mut dyn RunSink {
        match self {
            RunsFile::Csv(s) => s,
            RunsFile::Parquet(s) => s.as_mut(),
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            RunsFile::Csv(s) => s.finish()?,
            RunsFile::Parquet(s) => s.finish()?,
        }
        Ok(())
    }
}

/// The config of `negsim run`: from `--from MANIFEST` (with its runs.csv,
/// charts and evolution as recorded) or from a config file; a config with a
/// `[sweep]` table is refused (`negsim sweep` runs it).
fn source(args: &RunArgs) -> Result<Source> {
    if let Some(from) = &args.from {
        let m = Manifest::read_path(from)?;
        let shown = from.display().to_string();
        if m.kind == Some(Kind::Sweep) {
            return Err(negsim::Error::Usage(format!(
                "--from {shown}: this is the manifest of a sweep; rerun it with `negsim sweep --from {shown}`"
            ))
            .into());
        }
        let listed = |f: &str| m.files.iter().any(|x| x == f);
        let parquet = listed(RunsFile::name(TableFormat::Parquet));
        return Ok(Source {
            per_run: args.per_run || listed("runs.csv") || parquet,
            format: if parquet {
                TableFormat::Parquet
            } else {
                args.format
            },
            charts: listed("charts") && !args.common.no_charts,
            evolution: m.evolution,
            file: format!("{shown} (config)"),
            cfg: m.config,
        });
    }
    let (cfg, file) = load(args.config.as_deref())?;
    if cfg.sweep.is_some() {
        return Err(negsim::Error::Usage(format!(
            "{file} has a [sweep] table, which `negsim run` does not sweep: run `negsim sweep {file}` (or remove the table to run its base config once)"
        ))
        .into());
    }
    if args.format != TableFormat::Csv && !args.per_run {
        return Err(negsim::Error::Usage(
            "--format parquet sets the format of the per-run table: add --per-run to write runs.parquet (the other tables are always CSV)".into(),
        )
        .into());
    }
    Ok(Source {
        cfg,
        file,
        per_run: args.per_run,
        format: args.format,
        charts: !args.common.no_charts,
        evolution: None,
    })
}

/// The config of a results folder as TOML, with a header saying how to
/// rerun it.
fn config_toml(exp: &Experiment) -> Result<String> {
    let body = toml::to_string_pretty(&exp.config)
        .map_err(|e| anyhow::anyhow!("cannot render the config as TOML: {e}"))?;
    Ok(format!(
        "# The config of this results folder, every default filled in:\n# `negsim run config.toml` reruns it (byte-identical CSV files).\n{body}"
    ))
}

/// Run a tournament and write its results folder; returns the folder.
pub fn run_tournament(args: RunArgs) -> Result<PathBuf> {
    let Source {
        mut cfg,
        file,
        per_run,
        format,
        charts,
        evolution,
    } = source(&args)?;
    let common = &args.common;
    overrides(&mut cfg, common)?;
    let exp = cfg.validate(&file)?;
    // Before anything is allocated: the memory the run needs, in all.
    negsim::run::resources::Estimate::run(&exp).check(&file)?;
    if let Some(shard) = &args.shard.shard {
        if per_run && format != TableFormat::Csv {
            return Err(negsim::Error::Usage(
                "--format parquet with --shard: shards write runs.csv, which `negsim merge` joins; drop --format parquet".into(),
            )
            .into());
        }
        return super::shard::run_shard(
            shard,
            &args.shard,
            &cfg,
            &exp,
            per_run,
            charts,
            evolution,
            common,
        );
    }
    let target = common
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&exp.name));
    let dir = ResultsDir::create(&target, &output::fingerprint(&exp), common.force)?;
    let mut runs_file = if per_run {
        Some(RunsFile::create(&dir, &exp, format)?)
    } else {
        None
    };
    let total = exp
        .runs
        .saturating_mul((exp.strategies.len() * exp.strategies.len()) as u64);
    let bar = progress::bar(total, "negotiations ({per_sec}, eta {eta})", common.quiet);
    let progress = |done: u64| progress::set(&bar, done);
    let res = tournament::run(
        &exp,
        RunOptions {
            threads: common.threads.unwrap_or(0),
        },
        &progress,
        runs_file.as_mut().map(RunsFile::sink),
    )?;
    progress::finish(bar);
    if let Some(s) = runs_file {
        s.finish()?;
    }
    let runs_name = per_run.then(|| RunsFile::name(format));
    let agents = exp.strategies.iter().any(|s| s.outside().is_some());
    let forfeits = negsim::agent::take_forfeits();
    let mut extra = Vec::new();
    if agents {
        extra.push(("forfeits.csv", super::agents::forfeits_csv(&forfeits)));
    }
    let path = finish_folder(dir, &exp, &res, charts, runs_name, &extra)?;
    if !forfeits.is_empty() {
        let list = path.join("forfeits.csv");
        super::agents::warn(
            &forfeits,
            res.negotiations,
            Some(&list.display().to_string()),
        );
    }
    if !common.quiet {
        print_ranking(&exp, &res, &path)?;
    }
    if let Some(settings) = evolution {
        super::evolve::evolve_folder(&path, &settings.into(), common.quiet)?;
    }
    Ok(path)
}

/// Write the rest of a tournament's results folder (config.toml, the CSV
/// files, the manifest, the charts; the per-run table `runs_file`, if
/// any, is written) and move it into place: for `negsim run` and `negsim
/// merge` alike. `files` are written as they are (name, text).
pub(crate) fn finish_folder(
    dir: ResultsDir,
    exp: &Experiment,
    res: &tournament::TournamentResult,
    charts: bool,
    runs_file: Option<&str>,
    files: &[(&'static str, String)],
) -> Result<PathBuf> {
    let config_path = dir.file("config.toml");
    std::fs::write(&config_path, config_toml(exp)?).map_err(|source| negsim::Error::Write {
        path: config_path,
        source,
    })?;
    let mut extra = vec!["config.toml"];
    for (name, text) in files {
        let path = dir.file(name);
        std::fs::write(&path, text).map_err(|source| negsim::Error::Write { path, source })?;
        extra.push(name);
    }
    if charts {
        extra.push("charts");
    }
    if let Some(name) = runs_file {
        extra.push(name);
    }
    output::write_results(&dir, exp, res, &extra)?;
    if charts {
        negsim::output::figures::draw_results(dir.path(), &dir.file("charts"))?;
    }
    Ok(dir.commit()?)
}

pub(crate) fn print_ranking(
    exp: &Experiment,
    res: &tournament::TournamentResult,
    path: &Path,
) -> Result<()> {
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
