//! `negsim run --shard I/N`, `negsim sweep --shard I/N` and `negsim merge`:
//! one machine's slice of a run into a shard folder, and the shard folders
//! into the results folder one machine would have written
//! (`negsim::run::shard` does the work).

use super::args::{CommonArgs, MergeArgs, ShardArgs};
use super::progress;
use anyhow::Result;
use negsim::config::{self, Config, Experiment};
use negsim::output::manifest::EvolutionRecord;
use negsim::output::{self, ResultsDir, RunsCsv};
use negsim::run::shard::{self, Header, Kind, Loaded, Spec};
use negsim::run::sweep::Sweep;
use negsim::run::tournament::{RunOptions, RunSink};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `--shard I/N` or `--shard auto`.
fn spec(text: &str) -> Result<Spec> {
    Ok(if text == "auto" {
        Spec::from_env(|k| std::env::var(k).ok())?
    } else {
        Spec::parse(text)?
    })
}

/// One shard of `negsim run`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_shard(
    text: &str,
    args: &ShardArgs,
    cfg: &Config,
    exp: &Experiment,
    per_run: bool,
    charts: bool,
    evolution: Option<EvolutionRecord>,
    common: &CommonArgs,
) -> Result<PathBuf> {
    if evolution.is_some() {
        return Err(negsim::Error::Usage(
            "--shard with --from a folder that `negsim evolve` ran on: merge the shards first, then run `negsim evolve` on the merged folder".into(),
        )
        .into());
    }
    write_shard(
        Kind::Run,
        spec(text)?,
        args,
        cfg,
        &[exp],
        output::fingerprint(exp),
        per_run,
        charts,
        common,
    )
}

/// One shard of `negsim sweep`.
pub(crate) fn sweep_shard(
    text: &str,
    args: &ShardArgs,
    cfg: &Config,
    sweep: &Sweep,
    common: &CommonArgs,
) -> Result<PathBuf> {
    let cells: Vec<&Experiment> = sweep.cells.iter().map(|(_, e)| e).collect();
    write_shard(
        Kind::Sweep,
        spec(text)?,
        args,
        cfg,
        &cells,
        output::sweep_fingerprint(sweep),
        false,
        !common.no_charts,
        common,
    )
}

/// Play shard `spec` of `cells` into `<out>/shard-I-of-N` (out defaults
/// to results/<name>-shards), whole or not at all.
#[allow(clippy::too_many_arguments)]
fn write_shard(
    kind: Kind,
    spec: Spec,
    args: &ShardArgs,
    cfg: &Config,
    cells: &[&Experiment],
    fingerprint: String,
    per_run: bool,
    charts: bool,
    common: &CommonArgs,
) -> Result<PathBuf> {
    let name = &cells[0].name;
    let base = common
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(format!("{name}-shards")));
    let target = base.join(spec.folder());
    let config_text = toml::to_string_pretty(cfg)
        .map_err(|e| anyhow::anyhow!("cannot render the config as TOML: {e}"))?;
    let units = shard::total_units(cells, spec.count)?;
    let range = spec.units(units);
    let mut header = Header {
        negsim_shard: shard::FORMAT,
        negsim_version: env!("CARGO_PKG_VERSION").to_string(),
        source_revision: negsim::output::manifest::SOURCE_REVISION.map(str::to_string),
        kind,
        name: name.clone(),
        shard: spec.index,
        shards: spec.count,
        config_fingerprint: fingerprint.clone(),
        config_hash: shard::text_hash(&config_text),
        seed: cells[0].seed,
        runs: cells[0].runs,
        units,
        first_unit: range.start,
        end_unit: range.end,
        per_run,
        charts,
        negotiations: 0,
        elapsed_seconds: 0.0,
        threads: 0,
        state_bytes: 0,
    };
    // One copy of this shard at a time, from the check to the commit.
    let _claim = shard::claim(&base, spec)?;
    if target.exists() && !common.force {
        already_there(&target, &header, args.resume, common.quiet)?;
        return Ok(target);
    }
    // --force replays a shard folder in place (keeping files that are
    // not negsim's); a folder that is not a shard's is never replaced.
    let dir = if shard::is_shard(&target) {
        ResultsDir::create_named(&target, shard::FILES)?
    } else {
        ResultsDir::create(&target, &fingerprint, true)?
    };
    let config_path = dir.file(shard::CONFIG);
    std::fs::write(&config_path, &config_text).map_err(|source| negsim::Error::Write {
        path: config_path,
        source,
    })?;
    let mut runs_csv = if per_run {
        Some(RunsCsv::create(dir.file("runs.csv"), cells[0])?)
    } else {
        None
    };
    let state = shard::StateWriter::create(&dir.file(shard::STATE))?;
    // Negotiations in this shard, about: its share of the units.
    let all: u64 = cells
        .iter()
        .map(|e| {
            e.runs
                .saturating_mul((e.strategies.len() * e.strategies.len()) as u64)
        })
        .sum();
    let total = (all as u128 * (range.end - range.start) as u128 / units.max(1) as u128) as u64;
    let bar = progress::bar(total, "negotiations ({per_sec}, eta {eta})", common.quiet);
    let played = shard::play(
        cells,
        spec.count,
        range.clone(),
        RunOptions {
            threads: common.threads.unwrap_or(0),
        },
        state,
        runs_csv.as_mut().map(|s| s as &mut dyn RunSink),
        &|done| progress::set(&bar, done),
    )?;
    progress::finish(bar);
    if let Some(s) = runs_csv {
        s.finish()?;
    }
    header.negotiations = played.negotiations;
    header.elapsed_seconds = played.elapsed;
    header.threads = played.threads;
    header.state_bytes = played.bytes;
    let header_path = dir.file(shard::HEADER);
    let text = serde_json::to_string_pretty(&header)? + "\n";
    std::fs::write(&header_path, text).map_err(|source| negsim::Error::Write {
        path: header_path,
        source,
    })?;
    let path = dir.commit()?;
    if !common.quiet {
        println!(
            "shard {}/{}: units {}..{} of {} ({} negotiations in {:.2} s on {} threads, {} of state) in {}/",
            spec.index,
            spec.count,
            range.start,
            range.end,
            units,
            played.negotiations,
            played.elapsed,
            played.threads,
            bytes(played.bytes),
            path.display()
        );
    }
    Ok(path)
}

/// A folder at `target` (without --force): `Ok` (skip it) if it holds
/// this very shard, complete, and `resume`; an error saying what to pass
/// otherwise.
fn already_there(target: &Path, header: &Header, resume: bool, quiet: bool) -> Result<()> {
    let same = |h: &Header| {
        Header {
            negotiations: 0,
            elapsed_seconds: 0.0,
            threads: 0,
            state_bytes: 0,
            ..h.clone()
        } == *header
    };
    let (i, n) = (header.shard, header.shards);
    let reason = match shard::read(target) {
        Ok(done) if same(&done.header) => {
            if !resume {
                return Err(negsim::Error::Usage(format!(
                    "{} holds shard {i}/{n} of this run, complete: pass --resume to skip it, or --force to play it again",
                    target.display(),
                ))
                .into());
            }
            if !quiet {
                println!(
                    "shard {i}/{n} is complete in {}/: skipped (--resume)",
                    target.display()
                );
            }
            return Ok(());
        }
        Ok(other) => format!(
            "it holds shard {}/{} of another run or split",
            other.header.shard, other.header.shards
        ),
        Err(e) => format!("it is not a complete shard folder: {e}"),
    };
    Err(negsim::Error::ResultsExist {
        path: target.to_path_buf(),
        reason,
    }
    .into())
}

fn bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}

/// The shard folders named by the arguments: a shard folder, a temporary
/// folder of a killed shard (refused by `shard::read`), or a folder whose
/// sub-folders are shards.
fn shard_folders(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if shard::is_shard(p) || !p.is_dir() || name.contains(".tmp-") {
            out.push(p.clone());
            continue;
        }
        let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|source| negsim::Error::Read {
                path: p.clone(),
                source,
            })?
            .flatten()
            .map(|e| e.path())
            .filter(|q| shard::is_shard(q))
            .collect();
        if inside.is_empty() {
            let unfinished: Vec<String> = unfinished(p);
            let note = if unfinished.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} did not finish, killed while writing? rerun those shards)",
                    unfinished.join(", ")
                )
            };
            return Err(negsim::Error::Results {
                path: p.clone(),
                message: format!("is neither a shard folder nor a folder of shard folders{note}"),
            }
            .into());
        }
        inside.sort();
        out.extend(inside);
    }
    Ok(out)
}

/// The temporary folders of shards that did not finish, in `dir`.
fn unfinished(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".shard-") && n.contains(".tmp-"))
        .collect();
    v.sort();
    v
}

/// `negsim merge`.
pub fn merge(args: MergeArgs) -> Result<()> {
    let start = Instant::now();
    let loaded: Vec<Loaded> = shard_folders(&args.shards)?
        .iter()
        .map(|p| shard::read(p))
        .collect::<negsim::Result<_>>()?;
    let shards = shard::check(loaded).map_err(|e| match e {
        // Name the leftovers of killed shards next to the missing ones.
        negsim::Error::Usage(m) if m.contains("shards missing") => {
            let left: Vec<String> = args
                .shards
                .iter()
                .filter(|p| p.is_dir() && !shard::is_shard(p))
                .flat_map(|p| unfinished(p))
                .collect();
            negsim::Error::Usage(if left.is_empty() {
                m
            } else {
                format!(
                    "{m}; unfinished (killed?) shard folders: {}",
                    left.join(", ")
                )
            })
        }
        e => e,
    })?;
    let first = &shards[0];
    let h = first.header.clone();
    let config_path = first.path.join(shard::CONFIG);
    let file = config_path.display().to_string();
    let text = std::fs::read_to_string(&config_path).map_err(|source| negsim::Error::Read {
        path: config_path.clone(),
        source,
    })?;
    let cfg = config::parse(&text, &file)?;
    let mismatch = |fp: &str, exp: &Experiment| -> Result<()> {
        if fp != h.config_fingerprint || exp.seed != h.seed || exp.runs != h.runs {
            return Err(negsim::Error::Results {
                path: config_path.clone(),
                message: format!(
                    "does not match its shard.json (fingerprint {fp}, seed {}, runs {}; the header says {}, {}, {})",
                    exp.seed, exp.runs, h.config_fingerprint, h.seed, h.runs
                ),
            }
            .into());
        }
        Ok(())
    };
    let target = |name: &str| {
        args.out
            .clone()
            .unwrap_or_else(|| PathBuf::from("results").join(name))
    };
    let (path, negotiations) = match h.kind {
        Kind::Run => {
            let exp = cfg.validate(&file)?;
            let fp = output::fingerprint(&exp);
            mismatch(&fp, &exp)?;
            let mut results = shard::fold(&[&exp], &shards)?;
            let res = results.remove(0);
            let dir = ResultsDir::create(&target(&exp.name), &fp, args.force)?;
            if h.per_run {
                shard::concat_runs(&shards, &dir.file("runs.csv"))?;
            }
            let path = super::run::finish_folder(
                dir,
                &exp,
                &res,
                h.charts,
                h.per_run.then_some("runs.csv"),
                &[],
            )?;
            if !args.quiet {
                super::run::print_ranking(&exp, &res, &path)?;
            }
            (path, res.negotiations)
        }
        Kind::Sweep => {
            let sweep = negsim::run::sweep::build(&cfg, &file)?;
            let base = sweep.cells[0].1.clone();
            let fp = output::sweep_fingerprint(&sweep);
            mismatch(&fp, &base)?;
            let cells: Vec<&Experiment> = sweep.cells.iter().map(|(_, e)| e).collect();
            let results = shard::fold(&cells, &shards)?;
            let dir = ResultsDir::create(&target(&cfg.name), &fp, args.force)?;
            output::write_sweep(&dir, &sweep, &results, &base)?;
            if h.charts {
                negsim::output::figures::draw_sweep(dir.path(), &dir.file("charts"))?;
            }
            let path = dir.commit()?;
            (path, results.iter().map(|r| r.negotiations).sum())
        }
    };
    if !args.quiet {
        let state: u64 = shards.iter().map(|s| s.header.state_bytes).sum();
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "merged {} shards ({} units, {} negotiations, {} of state) in {:.2} s into {}/",
            shards.len(),
            h.units,
            negotiations,
            bytes(state),
            start.elapsed().as_secs_f64(),
            path.display()
        )?;
    }
    Ok(())
}
