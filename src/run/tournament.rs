//! The batch runner (MODEL.md section 7): every ordered pairing of the
//! experiment's strategies plays `runs` negotiations in matches of
//! `match_runs`, in parallel with rayon. Run `i` of every pairing draws its
//! private values from a generator seeded only by (master seed, i), so the
//! pairings face the same values (common random numbers) and the results are
//! byte-identical whatever the number of threads: work is cut into fixed
//! chunks whose statistics are merged in chunk order.

use crate::config::Experiment;
use crate::error::{Error, Result};
use crate::model::negotiation::{Outcome, Quiet, Table};
use crate::model::strategy::Memory;
use crate::run::stats::{ClusterSums, Clustered, Location, PairStats, Paired};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rayon::prelude::*;
use std::sync::Arc;
use std::time::Instant;

/// Negotiations per chunk of work (a chunk is a range of runs, whole
/// matches, played by every pairing).
const CHUNK: u64 = 4096;
/// Chunks handed to the thread pool at a time (bounds memory and lets
/// per-run rows stream out in order).
pub(crate) const WAVE: usize = 64;

/// Whole-match chunks of more than this many times [`CHUNK`] negotiations
/// (long matches) are played in lock step instead: see [`lockstep`].
const LONG: u64 = 4;

/// Most worker threads a run takes.
pub const MAX_THREADS: usize = 1024;

/// Options of a batch run that do not change its results.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Worker threads (0: all cores).
    pub threads: usize,
}

/// The statistics of one ordered pairing.
#[derive(Debug, Clone, PartialEq)]
pub struct PairResult {
    /// Index of the strategy on side A.
    pub a: usize,
    /// Index of the strategy on side B.
    pub b: usize,
    /// Its statistics.
    pub stats: PairStats,
}

/// A finished tournament.
#[derive(Debug, Clone)]
pub struct TournamentResult {
    /// Strategy names, in order.
    pub names: Vec<String>,
    /// One entry per ordered pairing, A-major.
    pub pairs: Vec<PairResult>,
    /// Per-strategy means over all opponents and both sides, clustered by
    /// match, and paired differences between strategies.
    pub clustered: Clustered,
    /// Negotiations played.
    pub negotiations: u64,
    /// Wall-clock seconds of the simulation.
    pub elapsed: f64,
    /// Threads used.
    pub threads: usize,
}

impl TournamentResult {
    /// The pairing with `a` on side A and `b` on side B.
    pub fn pair(&self, a: usize, b: usize) -> &PairResult {
        &self.pairs[a * self.names.len() + b]
    }

    /// Strategies `s` and `t` compared on mean surplus, paired by run and
    /// clustered by match.
    pub fn paired(&self, s: usize, t: usize) -> Paired {
        self.clustered.paired(s, t)
    }
}

/// The 64-bit seed of stream `stream` of run `run` (SplitMix64 finaliser over
/// the master seed and the run index).
pub fn run_seed(master: u64, run: u64, stream: u64) -> u64 {
    let mut z = master
        ^ run.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Generators of run `run`: one for the private values, one for behaviour.
pub fn run_rngs(master: u64, run: u64) -> (Xoshiro256PlusPlus, Xoshiro256PlusPlus) {
    (
        Xoshiro256PlusPlus::seed_from_u64(run_seed(master, run, 0)),
        Xoshiro256PlusPlus::seed_from_u64(run_seed(master, run, 1)),
    )
}

/// Receives each run as it finishes, in run order per pairing (for
/// `runs.csv`). Called from the coordinating thread only.
pub trait RunSink {
    /// Called with a finished chunk of runs: pairing (a, b), the index of
    /// its first run, and the outcomes.
    fn runs(&mut self, a: usize, b: usize, first: u64, outcomes: &[Outcome]) -> Result<()>;

    /// A formatter the worker threads call on each chunk, so that rows are
    /// formatted in parallel; its bytes then go to
    /// [`RunSink::write_formatted`] in run order. `None` (the default):
    /// every chunk goes to [`RunSink::runs`].
    fn formatter(&self) -> Option<Arc<dyn ChunkFormat>> {
        None
    }

    /// Write the bytes [`RunSink::formatter`] made of one chunk (every
    /// pairing, A-major).
    fn write_formatted(&mut self, bytes: &[u8]) -> Result<()> {
        let _ = bytes;
        Err(Error::Usage(
            "this run sink has no formatter: it takes outcomes".into(),
        ))
    }
}

/// Formats the runs of a chunk into bytes, on any worker thread.
pub trait ChunkFormat: Sync {
    /// Append the rows of pairing (a, b)'s runs `first..` to `out`.
    fn format(
        &self,
        a: usize,
        b: usize,
        first: u64,
        outcomes: &[Outcome],
        out: &mut Vec<u8>,
    ) -> Result<()>;
}

/// How the runs of an experiment are cut into chunks of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Runs per chunk (whole matches).
    pub chunk: u64,
    /// Chunks (the last may be short).
    pub chunks: u64,
    /// Matches too long for whole-match chunks: played in lock step (see
    /// [`lockstep`]), as one piece of work.
    pub lockstep: bool,
}

/// The chunks of `exp`: a chunk is a range of runs (whole matches) played
/// by every pairing: run i's private values meet all pairings in one place,
/// so that the per-match means of each strategy stream into `Clustered`.
pub fn layout(exp: &Experiment) -> Layout {
    let k = exp.strategies.len();
    let e = exp.match_runs as u64;
    let chunk = (CHUNK / (k * k) as u64).max(1).div_ceil(e) * e;
    Layout {
        chunk,
        chunks: exp.runs.div_ceil(chunk),
        lockstep: chunk * ((k * k) as u64) > LONG * CHUNK,
    }
}

/// The thread pool of a run: `threads` workers (0: all cores).
pub fn pool(threads: usize) -> Result<(rayon::ThreadPool, usize)> {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else if threads > MAX_THREADS {
        return Err(Error::Usage(format!(
            "--threads {threads}: give between 1 and {MAX_THREADS} threads"
        )));
    } else {
        threads
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    Ok((pool, threads))
}

/// The statistics of chunks folded in chunk order: the one place where
/// chunks are combined, by a run and by `negsim merge` alike, so that both
/// add the same floating-point numbers in the same order.
pub struct Fold {
    k: usize,
    pairs: Vec<PairResult>,
    clustered: Clustered,
    done: u64,
}

impl Fold {
    /// Nothing folded yet.
    pub fn new(exp: &Experiment) -> Self {
        let k = exp.strategies.len();
        Fold {
            k,
            pairs: (0..k * k)
                .map(|p| PairResult {
                    a: p / k,
                    b: p % k,
                    stats: new_stats(exp),
                })
                .collect(),
            clustered: Clustered::new(k),
            done: 0,
        }
    }

    /// Fold the next chunk: its clustered means and each pairing's
    /// statistics (A-major).
    pub fn add<'a>(
        &mut self,
        clustered: &Clustered,
        pairs: impl IntoIterator<Item = &'a PairStats>,
    ) {
        self.clustered.merge(clustered);
        for (p, stats) in pairs.into_iter().enumerate() {
            self.done += stats.runs;
            self.pairs[p].stats.merge(stats);
        }
    }

    /// Negotiations folded so far.
    pub fn negotiations(&self) -> u64 {
        self.done
    }

    /// The finished tournament.
    pub fn finish(self, exp: &Experiment, elapsed: f64, threads: usize) -> TournamentResult {
        debug_assert_eq!(self.pairs.len(), self.k * self.k);
        TournamentResult {
            names: exp
                .strategies
                .iter()
                .map(|s| s.name().to_string())
                .collect(),
            pairs: self.pairs,
            clustered: self.clustered,
            negotiations: self.done,
            elapsed,
            threads,
        }
    }
}

/// Play chunks `chunks` of `exp` (not in lock step) on `pool` in waves of
/// parallel work, and hand each to `each` in chunk order with the index of
/// its first run. With `keep` the outcomes are kept, or, when `format` is
/// given, formatted by the workers into [`Chunk::rows`].
#[allow(clippy::too_many_arguments)]
pub fn play_chunks(
    exp: &Experiment,
    layout: Layout,
    pool: &rayon::ThreadPool,
    threads: usize,
    chunks: std::ops::Range<u64>,
    keep: bool,
    format: Option<&dyn ChunkFormat>,
    each: &mut dyn FnMut(u64, Chunk) -> Result<()>,
) -> Result<()> {
    let k = exp.strategies.len();
    // With per-run output the outcomes of a wave are held until written:
    // keep waves small then.
    let wave_len = if keep { 2 * threads } else { WAVE } as u64;
    let tables = tables(exp);
    let mut next = chunks.start;
    while next < chunks.end {
        let wave: Vec<u64> = (next..(next + wave_len).min(chunks.end)).collect();
        next += wave.len() as u64;
        let results: Vec<Result<Chunk>> = pool.install(|| {
            wave.par_iter()
                .map(|&c| {
                    let lo = c * layout.chunk;
                    let hi = (lo + layout.chunk).min(exp.runs);
                    let mut played = play_chunk_at(exp, &tables, lo, hi, keep);
                    if let Some(f) = format {
                        let mut rows = Vec::new();
                        for (p, (_, outcomes)) in played.pairs.iter_mut().enumerate() {
                            f.format(p / k, p % k, lo, outcomes, &mut rows)?;
                            *outcomes = Vec::new();
                        }
                        played.rows = Some(rows);
                    }
                    Ok(played)
                })
                .collect()
        });
        for (&c, played) in wave.iter().zip(results) {
            each(c * layout.chunk, played?)?;
        }
    }
    Ok(())
}

/// Play the whole tournament. `progress` is called with the number of
/// negotiations finished so far; `sink`, if given, sees every run.
pub fn run(
    exp: &Experiment,
    opts: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    mut sink: Option<&mut dyn RunSink>,
) -> Result<TournamentResult> {
    let (pool, threads) = pool(opts.threads)?;
    let k = exp.strategies.len();
    let layout = layout(exp);
    let keep = sink.is_some();
    let start = Instant::now();
    if layout.lockstep {
        // Matches too long for whole-match chunks.
        let mut fold = Fold::new(exp);
        let done = lockstep(
            exp,
            &pool,
            &mut fold.pairs,
            &mut fold.clustered,
            progress,
            &mut sink,
        )?;
        fold.done = done;
        return Ok(fold.finish(exp, start.elapsed().as_secs_f64(), threads));
    }
    let mut fold = Fold::new(exp);
    let format = sink.as_deref().and_then(|s| s.formatter());
    play_chunks(
        exp,
        layout,
        &pool,
        threads,
        0..layout.chunks,
        keep,
        format.as_deref(),
        &mut |first, played| {
            fold.add(&played.clustered, played.pairs.iter().map(|(s, _)| s));
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
            progress(fold.negotiations());
            Ok(())
        },
    )?;
    Ok(fold.finish(exp, start.elapsed().as_secs_f64(), threads))
}

/// The facets a side's `info_bits` add up (MODEL.md section 8): the
/// reservation, and in `multi_issue` with weights the first n - 1 weights.
pub fn info_facets(exp: &Experiment) -> usize {
    if exp.scenario.has_weights() {
        exp.scenario.issues()
    } else {
        1
    }
}

/// Play a tournament of long matches in lock step: every pairing plays the
/// same range of runs at a time (at most [`CHUNK`] negotiations in all, and
/// never across the end of a match), in parallel over pairings, each
/// carrying its statistics and memories from range to range; a match's
/// per-strategy sums are complete when every pairing has played its last
/// range. Memory stays constant in the length of a match, also with
/// per-run output. Returns the negotiations played.
fn lockstep(
    exp: &Experiment,
    pool: &rayon::ThreadPool,
    pairs: &mut [PairResult],
    clustered: &mut Clustered,
    progress: &(dyn Fn(u64) + Sync),
    sink: &mut Option<&mut dyn RunSink>,
) -> Result<u64> {
    let k = exp.strategies.len();
    let e = exp.match_runs as u64;
    let step = (CHUNK / (k * k) as u64).max(1);
    let keep = sink.is_some();
    let tables = tables(exp);
    let mut memories: Vec<[Memory; 2]> = tables.iter().map(|t| t.new_memories()).collect();
    let mut sums = ClusterSums::new(k);
    let mut done = 0;
    let mut lo = 0;
    while lo < exp.runs {
        let match_end = (lo / e + 1) * e;
        let hi = (lo + step).min(match_end).min(exp.runs);
        let mut states: Vec<(PairStats, [Memory; 2])> = pairs
            .iter_mut()
            .zip(&memories)
            .map(|(p, m)| (std::mem::replace(&mut p.stats, PairStats::new(1)), *m))
            .collect();
        let played: Vec<(Vec<Outcome>, ClusterSums)> = pool.install(|| {
            states
                .par_iter_mut()
                .enumerate()
                .map(|(p, (stats, memory))| {
                    let mut part = ClusterSums::new(k);
                    let mut kept = Vec::new();
                    for i in lo..hi {
                        if i % e == 0 {
                            *memory = tables[p].new_memories();
                        }
                        let (mut values, mut behaviour) = run_rngs(exp.seed, i);
                        let private = exp.scenario.draw(&mut values);
                        let o = tables[p].play(&private, memory, &mut behaviour, &mut Quiet);
                        part.push(p / k, p % k, &o);
                        stats.push(&o, (i % e) as u32);
                        if keep {
                            kept.push(o);
                        }
                    }
                    (kept, part)
                })
                .collect()
        });
        for (p, ((stats, memory), (outcomes, part))) in states.into_iter().zip(played).enumerate() {
            pairs[p].stats = stats;
            memories[p] = memory;
            sums.add(&part);
            if let Some(s) = sink.as_deref_mut() {
                s.runs(p / k, p % k, lo, &outcomes)?;
            }
        }
        done += (hi - lo) * (k * k) as u64;
        if hi == match_end || hi == exp.runs {
            clustered.push(&sums);
            sums.clear();
        }
        progress(done);
        lo = hi;
    }
    for p in pairs.iter_mut() {
        p.stats.close_match();
    }
    Ok(done)
}

/// What one chunk of runs left: per pairing (A-major) its statistics and,
/// if kept, its outcomes in run order; and the per-match means.
pub struct Chunk {
    /// Statistics and outcomes of each ordered pairing.
    pub pairs: Vec<(PairStats, Vec<Outcome>)>,
    /// Per-strategy per-match means and their paired differences.
    pub clustered: Clustered,
    /// The runs formatted by a [`ChunkFormat`] (the outcomes are then
    /// dropped).
    pub rows: Option<Vec<u8>>,
}

/// Empty statistics of one pairing of `exp`, with the private values
/// located by the scenario's priors for the within-pairing fit.
pub fn new_stats(exp: &Experiment) -> PairStats {
    let prior = [0, 1].map(|i| exp.scenario.prior(i).reservation);
    let sd = prior.map(|(_, s)| if s > 0.0 && s.is_finite() { s } else { 1.0 });
    let loc = Location {
        mean: prior.map(|(m, _)| m),
        sd,
        unit: sd[0],
    };
    PairStats::located(exp.match_runs, info_facets(exp), loc)
}

/// The table of every ordered pairing, pairing `p` = (`p / k`, `p % k`).
fn tables(exp: &Experiment) -> Vec<Table<'_>> {
    let k = exp.strategies.len();
    (0..k * k)
        .map(|p| {
            Table::new(
                exp.rules(),
                exp.strategies[p / k].as_ref(),
                exp.strategies[p % k].as_ref(),
            )
        })
        .collect()
}

/// Play runs `lo..hi` (whole matches) in every pairing; keep the outcomes
/// if `keep`.
pub fn play_chunk(exp: &Experiment, lo: u64, hi: u64, keep: bool) -> Chunk {
    play_chunk_at(exp, &tables(exp), lo, hi, keep)
}

/// [`play_chunk`] at the tables of `exp` (built once for many chunks: a
/// table's priors and bluff kernels take about 0.3 million instructions).
fn play_chunk_at(exp: &Experiment, tables: &[Table], lo: u64, hi: u64, keep: bool) -> Chunk {
    let k = exp.strategies.len();
    let mut pairs: Vec<(PairStats, Vec<Outcome>)> = (0..k * k)
        .map(|_| {
            (
                new_stats(exp),
                Vec::with_capacity(if keep { (hi - lo) as usize } else { 0 }),
            )
        })
        .collect();
    let mut clustered = Clustered::new(k);
    let mut sums = ClusterSums::new(k);
    let e = exp.match_runs as u64;
    let mut memories: Vec<_> = tables.iter().map(|t| t.new_memories()).collect();
    for i in lo..hi {
        let position = i % e;
        if position == 0 {
            for (m, t) in memories.iter_mut().zip(tables) {
                *m = t.new_memories();
            }
        }
        let mut values = run_rngs(exp.seed, i).0;
        let private = exp.scenario.draw(&mut values);
        for (p, table) in tables.iter().enumerate() {
            // Each pairing's behaviour draws from its own copy of run i's
            // generator, as when the pairings were played one by one.
            let mut behaviour = run_rngs(exp.seed, i).1;
            let o = table.play(&private, &mut memories[p], &mut behaviour, &mut Quiet);
            sums.push(p / k, p % k, &o);
            pairs[p].0.push(&o, position as u32);
            if keep {
                pairs[p].1.push(o);
            }
        }
        if position + 1 == e || i + 1 == hi {
            clustered.push(&sums);
            sums.clear();
        }
    }
    for (stats, _) in &mut pairs {
        stats.close_match();
    }
    Chunk {
        pairs,
        clustered,
        rows: None,
    }
}
/// Play runs `lo..hi` (whole matches) of pairing (a, b) alone (the same
/// outcomes as in a tournament).
pub fn play_pairing(
    exp: &Experiment,
    a: usize,
    b: usize,
    lo: u64,
    hi: u64,
    keep: bool,
) -> (PairStats, Vec<Outcome>) {
    let table = Table::new(
        exp.rules(),
        exp.strategies[a].as_ref(),
        exp.strategies[b].as_ref(),
    );
    let mut stats = new_stats(exp);
    let mut kept = Vec::with_capacity(if keep { (hi - lo) as usize } else { 0 });
    let e = exp.match_runs as u64;
    let mut memory = table.new_memories();
    for i in lo..hi {
        let position = i % e;
        if position == 0 {
            memory = table.new_memories();
        }
        let (mut values, mut behaviour) = run_rngs(exp.seed, i);
        let private = exp.scenario.draw(&mut values);
        let o = table.play(&private, &mut memory, &mut behaviour, &mut Quiet);
        stats.push(&o, position as u32);
        if keep {
            kept.push(o);
        }
    }
    stats.close_match();
    (stats, kept)
}
