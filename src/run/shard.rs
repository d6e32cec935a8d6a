//! Shards: one machine's slice of a run or a sweep (`--shard I/N`), and
//! their merge into the results an unsharded run writes.
//!
//! Run `i` depends only on (seed, i) and the runner folds fixed chunks of
//! runs in chunk order ([`tournament::Fold`]). The units of work are those
//! chunks, cell by cell in a sweep; shard `I` of `N` plays the contiguous
//! units `(I-1)U/N .. IU/N` of the `U` in all and keeps each chunk's
//! statistics apart, serialised losslessly (postcard: every `f64` as its
//! 8-byte bit pattern). The merge folds the chunks of shards 1..N in unit
//! order with the same [`tournament::Fold`] as the unsharded run, so it
//! adds the same floating-point numbers in the same order: the CSV files
//! are byte-identical for any N.
//!
//! A shard folder is written whole or not at all (a temporary folder
//! renamed into place), so a killed shard leaves only a `.NAME.tmp-PID`
//! folder, which the merge never takes for a shard.

mod claim;
mod merge;
mod state;

pub use claim::{Claim, claim, lock_path};
pub use merge::{Loaded, array_syntax, check, concat_runs, fold, is_shard, read};
pub use state::{ChunkState, MAX_CHUNK, STATE_FORMAT, StateReader, StateWriter};

use crate::config::Experiment;
use crate::error::{Error, Result};
use crate::run::stats::PairStats;
use crate::run::tournament::{self, Layout, RunOptions, RunSink};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::time::Instant;

/// Version of the shard folder format.
pub const FORMAT: u32 = 3;
/// Most shards of one run or sweep.
pub const MAX_SHARDS: u64 = 100_000;
/// The header of a shard folder.
pub const HEADER: &str = "shard.json";
/// The statistics of a shard's chunks.
pub const STATE: &str = "state.bin";
/// The config of a shard (overrides applied), as TOML.
pub const CONFIG: &str = "config.toml";
/// Every file negsim writes in a shard folder (replaced by `--force`;
/// anything else in the folder is kept).
pub const FILES: &[&str] = &[HEADER, STATE, CONFIG, "runs.csv"];

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// 1-based index.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl Spec {
    /// Parse `I/N` (1 <= I <= N <= [`MAX_SHARDS`]).
    pub fn parse(text: &str) -> Result<Spec> {
        let bad = |why: &str| {
            Error::Usage(format!(
                "--shard {text}: {why}; give I/N with 1 <= I <= N <= {MAX_SHARDS} (e.g. --shard 3/8), or --shard auto"
            ))
        };
        let (i, n) = text.split_once('/').ok_or_else(|| bad("no '/'"))?;
        let i: u64 = i
            .trim()
            .parse()
            .map_err(|_| bad("I is not a whole number"))?;
        let n: u64 = n
            .trim()
            .parse()
            .map_err(|_| bad("N is not a whole number"))?;
        if n == 0 || n > MAX_SHARDS {
            return Err(bad("N out of range"));
        }
        if i == 0 || i > n {
            return Err(bad("I out of range (shards are numbered from 1)"));
        }
        Ok(Spec { index: i, count: n })
    }

    /// The shard of this task from the environment (`--shard auto`): a
    /// Slurm array task (`SLURM_ARRAY_TASK_ID`, counted from 1, or from 0
    /// when `SLURM_ARRAY_TASK_MIN` is 0; the count from `NEGSIM_SHARDS`, else
    /// `SLURM_ARRAY_TASK_COUNT`), or a Kubernetes indexed job
    /// (`JOB_COMPLETION_INDEX`, counted from 0; the count from
    /// `NEGSIM_SHARDS`).
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Result<Spec> {
        let num = |name: &str| -> Result<Option<u64>> {
            match get(name) {
                None => Ok(None),
                Some(v) => v.trim().parse().map(Some).map_err(|_| {
                    Error::Usage(format!("--shard auto: {name}={v} is not a whole number"))
                }),
            }
        };
        let count = num("NEGSIM_SHARDS")?;
        let (index, count) = if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
            let zero_based = num("SLURM_ARRAY_TASK_MIN")? == Some(0);
            let count = match count {
                Some(c) => c,
                None => num("SLURM_ARRAY_TASK_COUNT")?.ok_or_else(|| {
                    Error::Usage(
                        "--shard auto: SLURM_ARRAY_TASK_ID is set but neither NEGSIM_SHARDS nor SLURM_ARRAY_TASK_COUNT".into(),
                    )
                })?,
            };
            (id + u64::from(zero_based), count)
        } else if let Some(idx) = num("JOB_COMPLETION_INDEX")? {
            let count = count.ok_or_else(|| {
                Error::Usage(
                    "--shard auto: a Kubernetes indexed job (JOB_COMPLETION_INDEX) needs NEGSIM_SHARDS, the number of completions".into(),
                )
            })?;
            (idx + 1, count)
        } else {
            return Err(Error::Usage(
                "--shard auto: not in a Slurm array task (SLURM_ARRAY_TASK_ID) nor a Kubernetes indexed job (JOB_COMPLETION_INDEX); give --shard I/N".into(),
            ));
        };
        Spec::parse(&format!("{index}/{count}"))
    }

    /// The name of the shard's folder: `shard-0003-of-0008` (as many digits
    /// as N has, so that the folders sort in shard order).
    pub fn folder(&self) -> String {
        let w = self.count.to_string().len();
        format!("shard-{:0w$}-of-{:0w$}", self.index, self.count)
    }

    /// The units `(I-1)U/N .. IU/N` of `units`.
    pub fn units(&self, units: u64) -> Range<u64> {
        let at = |i: u64| (i as u128 * units as u128 / self.count as u128) as u64;
        at(self.index - 1)..at(self.index)
    }
}

/// What a shard is a slice of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A tournament (`negsim run`).
    Run,
    /// A sweep (`negsim sweep`).
    Sweep,
}

/// `shard.json`: what a shard folder holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// [`FORMAT`].
    pub negsim_shard: u32,
    /// negsim version (shards of other versions do not merge).
    pub negsim_version: String,
    /// The source revision of the negsim that played it (`manifest.json`'s
    /// `source_revision`): shards of another build do not merge, since
    /// `negsim_version` is the same at every commit while the model is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_revision: Option<String>,
    /// A tournament's or a sweep's.
    pub kind: Kind,
    /// Experiment name.
    pub name: String,
    /// This shard (1-based).
    pub shard: u64,
    /// Shards in all.
    pub shards: u64,
    /// The config fingerprint (of the first cell of a sweep).
    pub config_fingerprint: String,
    /// FNV-1a of `config.toml`.
    pub config_hash: String,
    /// Master seed.
    pub seed: u64,
    /// Runs per pairing (per cell).
    pub runs: u64,
    /// Units of work (chunks of runs, over every cell) in all.
    pub units: u64,
    /// The units this shard played: `first_unit..end_unit`.
    pub first_unit: u64,
    /// End (exclusive) of its units.
    pub end_unit: u64,
    /// Whether it wrote `runs.csv`.
    pub per_run: bool,
    /// Whether the merged folder gets charts.
    pub charts: bool,
    /// Negotiations played.
    pub negotiations: u64,
    /// Seconds the simulation took.
    pub elapsed_seconds: f64,
    /// Threads used.
    pub threads: usize,
    /// Size of `state.bin`.
    pub state_bytes: u64,
}

impl Header {
    /// Which shard this is, as `I/N`.
    pub fn spec(&self) -> Spec {
        Spec {
            index: self.shard,
            count: self.shards,
        }
    }

    /// What must agree between the shards of one run.
    fn experiment(&self) -> impl PartialEq + std::fmt::Debug + '_ {
        (
            self.kind,
            &self.config_fingerprint,
            &self.config_hash,
            self.seed,
            self.runs,
        )
    }

    fn describe(&self) -> String {
        format!(
            "{} {} fingerprint {} config {} seed {} runs {}",
            match self.kind {
                Kind::Run => "run",
                Kind::Sweep => "sweep",
            },
            self.name,
            self.config_fingerprint,
            self.config_hash,
            self.seed,
            self.runs
        )
    }
}

/// FNV-1a 64 of some text, in hex.
pub fn text_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The chunks of each cell (one cell for a run): the units of work.
/// Matches too long for whole-match chunks are played in lock step, one
/// pairing's statistics carried from run to run, which cannot be cut:
/// refused with more than one shard.
pub fn layouts(cells: &[&Experiment], shards: u64) -> Result<Vec<Layout>> {
    let layouts: Vec<Layout> = cells.iter().map(|e| tournament::layout(e)).collect();
    if shards > 1
        && let Some((e, _)) = cells.iter().zip(&layouts).find(|(_, l)| l.lockstep)
    {
        let k = e.strategies.len();
        return Err(Error::Usage(format!(
            "--shard: matches of {} runs over {} pairings ({} negotiations a match) are played in lock step, which does not split into shards; use matches of at most {} negotiations (match.runs x pairings), or run on one machine",
            e.match_runs,
            k * k,
            e.match_runs as u64 * (k * k) as u64,
            4 * 4096
        )));
    }
    Ok(layouts)
}

/// What playing a shard took.
#[derive(Debug, Clone, Copy)]
pub struct Played {
    /// Negotiations played.
    pub negotiations: u64,
    /// Seconds.
    pub elapsed: f64,
    /// Threads.
    pub threads: usize,
    /// Chunks written.
    pub chunks: u64,
    /// Bytes of state written.
    pub bytes: u64,
}

/// Where cell `c`'s units start among all units, for every cell, and the
/// total.
fn offsets(layouts: &[Layout]) -> (Vec<u64>, u64) {
    let mut at = 0;
    let offsets = layouts
        .iter()
        .map(|l| {
            let o = at;
            at += l.chunks;
            o
        })
        .collect();
    (offsets, at)
}

/// Units in all of `cells`.
pub fn total_units(cells: &[&Experiment], shards: u64) -> Result<u64> {
    Ok(offsets(&layouts(cells, shards)?).1)
}

/// Play units `units` of `cells` (their chunks, cell by cell), writing each
/// chunk's statistics to `state` and, with a sink, its runs. `progress`
/// gets the negotiations played so far.
pub fn play(
    cells: &[&Experiment],
    shards: u64,
    units: Range<u64>,
    opts: RunOptions,
    mut state: StateWriter,
    mut sink: Option<&mut dyn RunSink>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Played> {
    let layouts = layouts(cells, shards)?;
    let (offsets, _) = offsets(&layouts);
    let (pool, threads) = tournament::pool(opts.threads)?;
    let start = Instant::now();
    let mut done = 0u64;
    let format = sink.as_deref().and_then(|s| s.formatter());
    for ((exp, layout), &offset) in cells.iter().zip(&layouts).zip(&offsets) {
        let lo = units.start.clamp(offset, offset + layout.chunks) - offset;
        let hi = units.end.clamp(offset, offset + layout.chunks) - offset;
        if lo >= hi {
            continue;
        }
        if layout.lockstep {
            // One shard: the whole lock-step tournament is its one chunk.
            let again: Option<&mut dyn RunSink> = match sink.as_mut() {
                Some(s) => Some(&mut **s),
                None => None,
            };
            let res = tournament::run(exp, opts, &|_| {}, again)?;
            done += res.negotiations;
            state.push(&ChunkState {
                pairs: res.pairs.into_iter().map(|p| p.stats).collect(),
                clustered: res.clustered,
            })?;
            progress(done);
            continue;
        }
        let k = exp.strategies.len();
        tournament::play_chunks(
            exp,
            *layout,
            &pool,
            threads,
            lo..hi,
            sink.is_some(),
            format.as_deref(),
            &mut |first, played| {
                if let Some(s) = sink.as_deref_mut() {
                    match &played.rows {
                        Some(rows) => s.write_formatted(rows)?,
                        None => {
                            for (p, (_, outcomes)) in played.pairs.iter().enumerate() {
                                s.runs(p / k, p % k, first, outcomes)?;
                            }
                        }
                    }
                }
                let pairs: Vec<PairStats> = played.pairs.into_iter().map(|(s, _)| s).collect();
                done += pairs.iter().map(|s| s.runs).sum::<u64>();
                state.push(&ChunkState {
                    pairs,
                    clustered: played.clustered,
                })?;
                progress(done);
                Ok(())
            },
        )?;
    }
    let (chunks, bytes) = state.finish()?;
    Ok(Played {
        negotiations: done,
        elapsed: start.elapsed().as_secs_f64(),
        threads,
        chunks,
        bytes,
    })
}

#[cfg(test)]
mod tests;
