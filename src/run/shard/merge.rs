//! The merge side of shards: reading shard folders, checking that they
//! form one whole run, and folding their chunks in unit order.

use super::{FORMAT, HEADER, Header, STATE, StateReader, layouts, offsets};
use crate::config::Experiment;
use crate::error::{Error, Result};
use crate::run::tournament::{self, Fold, TournamentResult};
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A shard folder and its header.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The folder.
    pub path: PathBuf,
    /// Its `shard.json`.
    pub header: Header,
}

/// Whether `dir` is a shard folder (has `shard.json`).
pub fn is_shard(dir: &Path) -> bool {
    dir.join(HEADER).is_file()
}

/// Read a shard folder's header. A temporary folder (a shard killed while
/// writing) or a folder without `shard.json` is an error saying so.
pub fn read(dir: &Path) -> Result<Loaded> {
    let bad = |message: String| Error::Results {
        path: dir.to_path_buf(),
        message,
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with('.') && name.contains(".tmp-") {
        return Err(bad(
            "is the temporary folder of a shard that did not finish (killed while writing?): it is never merged; rerun that shard".into(),
        ));
    }
    if !dir.is_dir() {
        return Err(bad("no such shard folder".into()));
    }
    let path = dir.join(HEADER);
    let text = std::fs::read_to_string(&path).map_err(|_| {
        bad(format!(
            "has no {HEADER}: not a shard folder of `negsim run --shard` or `negsim sweep --shard`"
        ))
    })?;
    let header: Header = serde_json::from_str(&text).map_err(|e| Error::Results {
        path: path.clone(),
        message: format!("is not a negsim shard header: {e}"),
    })?;
    if header.negsim_shard != FORMAT || header.negsim_version != env!("CARGO_PKG_VERSION") {
        return Err(Error::Results {
            path,
            message: format!(
                "written by negsim {} (shard format {}), this is negsim {} (format {FORMAT}): rerun the shard with this version",
                header.negsim_version,
                header.negsim_shard,
                env!("CARGO_PKG_VERSION")
            ),
        });
    }
    let this = crate::output::manifest::SOURCE_REVISION;
    if header.source_revision.as_deref() != this {
        let show = |r: Option<&str>| r.unwrap_or("an unrecorded revision").to_string();
        return Err(Error::Results {
            path,
            message: format!(
                "played by negsim built from {}, this negsim is built from {}: its results may differ; rerun the shard with this build (or merge with the build that played it)",
                show(header.source_revision.as_deref()),
                show(this)
            ),
        });
    }
    let state = dir.join(STATE);
    let size = std::fs::metadata(&state).map(|m| m.len()).ok();
    if size != Some(header.state_bytes) {
        return Err(Error::Results {
            path: state,
            message: format!(
                "{} bytes, its header says {}: incomplete; rerun shard {}/{}",
                size.map_or("missing, not".into(), |s| s.to_string()),
                header.state_bytes,
                header.shard,
                header.shards
            ),
        });
    }
    Ok(Loaded {
        path: dir.to_path_buf(),
        header,
    })
}

/// Shard indices as in `sbatch --array`: `3,5-7`.
pub fn array_syntax(indices: &[u64]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < indices.len() {
        let mut j = i;
        while j + 1 < indices.len() && indices[j + 1] == indices[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            indices[i].to_string()
        } else {
            format!("{}-{}", indices[i], indices[j])
        });
        i = j + 1;
    }
    parts.join(",")
}

/// Check that `shards` are of one experiment and cover every unit exactly
/// once; returns them in shard order.
pub fn check(mut shards: Vec<Loaded>) -> Result<Vec<Loaded>> {
    let Some(first) = shards.first().cloned() else {
        return Err(Error::Usage("negsim merge: no shard folders given".into()));
    };
    for s in &shards[1..] {
        if s.header.experiment() != first.header.experiment() {
            return Err(Error::Results {
                path: s.path.clone(),
                message: format!(
                    "is a shard of another experiment ({}), not of {} ({}): merge the shards of one run only",
                    s.header.describe(),
                    first.path.display(),
                    first.header.describe()
                ),
            });
        }
        if s.header.shards != first.header.shards {
            return Err(Error::Results {
                path: s.path.clone(),
                message: format!(
                    "is shard {}/{}, but {} is shard {}/{}: shards of one split into {} only",
                    s.header.shard,
                    s.header.shards,
                    first.path.display(),
                    first.header.shard,
                    first.header.shards,
                    first.header.shards
                ),
            });
        }
        if (s.header.per_run, s.header.charts) != (first.header.per_run, first.header.charts) {
            return Err(Error::Results {
                path: s.path.clone(),
                message: format!(
                    "was run with per-run output {} and charts {}, {} with {} and {}: run every shard with the same options",
                    s.header.per_run,
                    s.header.charts,
                    first.path.display(),
                    first.header.per_run,
                    first.header.charts
                ),
            });
        }
    }
    shards.sort_by_key(|s| s.header.shard);
    for w in shards.windows(2) {
        if w[0].header.shard == w[1].header.shard {
            return Err(Error::Usage(format!(
                "shard {}/{} is given twice: {} and {}; give each shard once",
                w[0].header.shard,
                w[0].header.shards,
                w[0].path.display(),
                w[1].path.display()
            )));
        }
    }
    let n = first.header.shards;
    let have: Vec<u64> = shards.iter().map(|s| s.header.shard).collect();
    let missing: Vec<u64> = (1..=n).filter(|i| have.binary_search(i).is_err()).collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "{} of {n} shards missing: --array={} (rerun them, e.g. `sbatch --array={} array.sh` in the job folder of `negsim slurm`, or `negsim run CONFIG --shard I/{n}`)",
            missing.len(),
            array_syntax(&missing),
            array_syntax(&missing)
        )));
    }
    // Every unit exactly once: the slices tile 0..units.
    let mut next = 0;
    for s in &shards {
        let h = &s.header;
        let expected = h.spec().units(h.units);
        if (h.first_unit..h.end_unit) != expected || h.first_unit != next {
            return Err(Error::Results {
                path: s.path.clone(),
                message: format!(
                    "holds units {}..{}, but shard {}/{} of {} units is {}..{}",
                    h.first_unit,
                    h.end_unit,
                    h.shard,
                    h.shards,
                    h.units,
                    expected.start,
                    expected.end
                ),
            });
        }
        next = h.end_unit;
    }
    if next != first.header.units {
        return Err(Error::Usage(format!(
            "the shards cover units 0..{next} of {}",
            first.header.units
        )));
    }
    Ok(shards)
}

/// Fold the chunks of checked `shards` (in shard order) into one
/// tournament per cell, exactly as the unsharded run folds them.
pub fn fold(cells: &[&Experiment], shards: &[Loaded]) -> Result<Vec<TournamentResult>> {
    let n = shards.first().map_or(1, |s| s.header.shards);
    let layouts = layouts(cells, n)?;
    let (offsets, total) = offsets(&layouts);
    if shards.first().is_some_and(|s| s.header.units != total) {
        return Err(Error::Results {
            path: shards[0].path.clone(),
            message: format!(
                "says {} units, its config has {total}: written by another negsim?",
                shards[0].header.units
            ),
        });
    }
    let elapsed: f64 = shards.iter().map(|s| s.header.elapsed_seconds).sum();
    let threads = shards.iter().map(|s| s.header.threads).max().unwrap_or(1);
    let mut out = Vec::with_capacity(cells.len());
    let mut shard = shards.iter();
    let mut current: Option<(StateReader, u64)> = None;
    for ((exp, layout), &offset) in cells.iter().zip(&layouts).zip(&offsets) {
        let mut fold = Fold::new(exp);
        let units = if layout.lockstep { 1 } else { layout.chunks };
        for u in offset..offset + units {
            // The shard holding unit u.
            loop {
                match &current {
                    Some((_, end)) if u < *end => break,
                    _ => {
                        let s = shard
                            .next()
                            .ok_or_else(|| Error::Usage(format!("no shard holds unit {u}")))?;
                        if let Some((done, _)) = current.take() {
                            done.finish()?;
                        }
                        current =
                            Some((StateReader::open(&s.path.join(STATE))?, s.header.end_unit));
                    }
                }
            }
            let (reader, _) = current.as_mut().expect("a shard is open");
            let chunk = reader.next_chunk()?;
            if chunk.pairs.len() != exp.strategies.len() * exp.strategies.len() {
                return Err(Error::Usage(format!(
                    "unit {u}: {} pairings, the config has {}",
                    chunk.pairs.len(),
                    exp.strategies.len() * exp.strategies.len()
                )));
            }
            if layout.lockstep {
                let res = TournamentResult {
                    names: exp
                        .strategies
                        .iter()
                        .map(|s| s.name().to_string())
                        .collect(),
                    pairs: chunk
                        .pairs
                        .into_iter()
                        .enumerate()
                        .map(|(p, stats)| tournament::PairResult {
                            a: p / exp.strategies.len(),
                            b: p % exp.strategies.len(),
                            stats,
                        })
                        .collect(),
                    clustered: chunk.clustered,
                    negotiations: 0,
                    elapsed: 0.0,
                    threads,
                };
                let negotiations = res.pairs.iter().map(|p| p.stats.runs).sum();
                out.push(TournamentResult {
                    negotiations,
                    ..res
                });
                continue;
            }
            fold.add(&chunk.clustered, &chunk.pairs);
        }
        if !layout.lockstep {
            out.push(fold.finish(exp, 0.0, threads));
        }
    }
    if let Some((done, _)) = current.take() {
        done.finish()?;
    }
    // Shards after the last unit (empty ones) hold only a header.
    for s in shard {
        StateReader::open(&s.path.join(STATE))?.finish()?;
    }
    // The time is the shards' total (machine-seconds), spread over the
    // cells by their negotiations.
    let all: u64 = out.iter().map(|r| r.negotiations).sum();
    for r in &mut out {
        r.elapsed = elapsed * r.negotiations as f64 / all.max(1) as f64;
    }
    Ok(out)
}

/// Concatenate the shards' `runs.csv` (each with the header) into `out`:
/// the header once, then every shard's rows in shard order.
pub fn concat_runs(shards: &[Loaded], out: &Path) -> Result<()> {
    let werr = |source| Error::Write {
        path: out.to_path_buf(),
        source,
    };
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out).map_err(werr)?);
    for (i, s) in shards.iter().enumerate() {
        let path = s.path.join("runs.csv");
        let rerr = |source| Error::Read {
            path: path.clone(),
            source,
        };
        let mut r = BufReader::with_capacity(1 << 20, File::open(&path).map_err(rerr)?);
        let mut header = Vec::new();
        std::io::BufRead::read_until(&mut r, b'\n', &mut header).map_err(rerr)?;
        if i == 0 {
            w.write_all(&header).map_err(werr)?;
        }
        std::io::copy(&mut r, &mut w).map_err(werr)?;
    }
    w.flush().map_err(werr)
}
