//! Writing a results folder: `summary.csv`, `matrix.csv`, `ranking.csv`,
//! `asymmetry.csv`, `match_trace.csv`, `manifest.json` and the opt-in
//! streamed `runs.csv`. Everything is written into a temporary folder next to
//! the target and renamed into place when complete, so results appear whole
//! or not at all. Exporters only read finished results.

use crate::config::{Experiment, resolved_strategies};
use crate::error::{Error, Result};
use crate::model::negotiation::Outcome;
use crate::output::format::num;
use crate::run::stats::{ASYM_BINS, ASYM_HI, ASYM_LO, Moments, PairStats};
use crate::run::tournament::{RunSink, TournamentResult};
use serde::Serialize;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Minimum runs in an asymmetry bin for it to be written.
pub const MIN_BIN_RUNS: u64 = 30;

fn csv_writer(path: &Path) -> Result<csv::Writer<BufWriter<fs::File>>> {
    let f = fs::File::create(path).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(csv::Writer::from_writer(BufWriter::new(f)))
}

fn csv_err(path: &Path, e: csv::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    }
}

fn write_rows(path: &Path, header: &[String], rows: &[Vec<String>]) -> Result<()> {
    let mut w = csv_writer(path)?;
    w.write_record(header).map_err(|e| csv_err(path, e))?;
    for r in rows {
        w.write_record(r).map_err(|e| csv_err(path, e))?;
    }
    w.flush().map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Columns of `asymmetry.csv` after `strategy_a, strategy_b`.
pub const ASYMMETRY_COLUMNS: &[&str] = &[
    "bin_lo",
    "bin_hi",
    "runs",
    "deal_rate",
    "deal_rate_sd",
    "efficiency_n",
    "efficiency_mean",
    "efficiency_sd",
    "share_a_n",
    "share_a_mean",
    "share_a_sd",
];

/// Columns of `ranking.csv` (and of `sweep_ranking.csv` after the parameters).
pub const RANKING_COLUMNS: [&str; 11] = [
    "rank",
    "strategy",
    "index",
    "surplus_mean",
    "surplus_ci95",
    "surplus_sd",
    "deal_rate",
    "share_mean",
    "bits_learned_mean",
    "bits_given_mean",
    "runs",
];

/// Columns of `summary.csv`, in order, with how each is computed.
type Column = (&'static str, fn(&PairStats) -> f64);

/// The metrics of `summary.csv` after the two name columns and `runs`.
pub const SUMMARY_COLUMNS: &[Column] = &[
    ("deal_rate", |s| s.deal.mean()),
    ("deal_rate_ci95", |s| s.deal.ci95()),
    ("deal_rate_given_zopa", |s| s.deal_given_zopa.mean()),
    ("surplus_a_mean", |s| s.surplus[0].mean()),
    ("surplus_a_sd", |s| s.surplus[0].sd()),
    ("surplus_a_ci95", |s| s.surplus[0].ci95()),
    ("surplus_b_mean", |s| s.surplus[1].mean()),
    ("surplus_b_sd", |s| s.surplus[1].sd()),
    ("surplus_b_ci95", |s| s.surplus[1].ci95()),
    ("joint_surplus_mean", |s| s.joint.mean()),
    ("joint_surplus_ci95", |s| s.joint.ci95()),
    ("efficiency_mean", |s| s.efficiency.mean()),
    ("efficiency_ci95", |s| s.efficiency.ci95()),
    ("efficiency_pooled", |s| s.efficiency_pooled()),
    ("share_a_mean", |s| s.share_a.mean()),
    ("share_a_ci95", |s| s.share_a.ci95()),
    ("price_mean", |s| s.price.mean()),
    ("pareto_distance_mean", |s| s.pareto_distance.mean()),
    ("nash_distance_mean", |s| s.nash_distance.mean()),
    ("error_a_mean", |s| s.error[0].mean()),
    ("error_b_mean", |s| s.error[1].mean()),
    ("bits_a_mean", |s| s.bits[0].mean()),
    ("bits_b_mean", |s| s.bits[1].mean()),
    ("bits_given_a_mean", |s| s.bits_given[0].mean()),
    ("bits_given_b_mean", |s| s.bits_given[1].mean()),
    ("asymmetry_mean", |s| s.asymmetry.mean()),
    ("asymmetry_ci95", |s| s.asymmetry.ci95()),
    ("rounds_mean", |s| s.rounds.mean()),
    ("confidences_a_mean", |s| s.confidences[0].mean()),
    ("confidences_b_mean", |s| s.confidences[1].mean()),
    ("answers_a_mean", |s| s.answers[0].mean()),
    ("answers_b_mean", |s| s.answers[1].mean()),
    ("asks_a_mean", |s| s.asks[0].mean()),
    ("asks_b_mean", |s| s.asks[1].mean()),
    ("bluffs_mean", |s| s.bluffs[0].mean() + s.bluffs[1].mean()),
    ("bluffs_a_mean", |s| s.bluffs[0].mean()),
    ("bluffs_b_mean", |s| s.bluffs[1].mean()),
    ("lies_detected_mean", |s| {
        s.lies_detected[0].mean() + s.lies_detected[1].mean()
    }),
    ("lies_detected_a_mean", |s| s.lies_detected[0].mean()),
    ("lies_detected_b_mean", |s| s.lies_detected[1].mean()),
    ("trust_a_mean", |s| s.trust[0].mean()),
    ("trust_b_mean", |s| s.trust[1].mean()),
];

/// One row of `ranking.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    /// 1 = best.
    pub rank: usize,
    /// Strategy name.
    pub strategy: String,
    /// Index of the strategy in the experiment (its colour in charts).
    pub index: usize,
    /// Mean surplus over all opponents and both sides.
    pub surplus_mean: f64,
    /// Half-width of its 95% CI.
    pub surplus_ci95: f64,
    /// Standard deviation per run.
    pub surplus_sd: f64,
    /// Deal rate over its runs.
    pub deal_rate: f64,
    /// Mean share of the joint surplus it took (deals).
    pub share_mean: f64,
    /// Mean bits it learned about the opponent.
    pub bits_learned_mean: f64,
    /// Mean bits it gave away by its words.
    pub bits_given_mean: f64,
    /// Runs it played (on either side).
    pub runs: u64,
}

/// The cells of a ranking row, as in `ranking.csv`.
pub fn rank_cells(r: &RankRow) -> Vec<String> {
    vec![
        r.rank.to_string(),
        r.strategy.clone(),
        r.index.to_string(),
        num(r.surplus_mean),
        num(r.surplus_ci95),
        num(r.surplus_sd),
        num(r.deal_rate),
        num(r.share_mean),
        num(r.bits_learned_mean),
        num(r.bits_given_mean),
        r.runs.to_string(),
    ]
}

/// Strategies ranked by mean surplus over all opponents (both sides).
pub fn ranking(res: &TournamentResult) -> Vec<RankRow> {
    let k = res.names.len();
    let mut rows: Vec<RankRow> = (0..k)
        .map(|s| {
            let (mut surplus, mut deal, mut share) =
                (Moments::default(), Moments::default(), Moments::default());
            let (mut learned, mut given) = (Moments::default(), Moments::default());
            for o in 0..k {
                let as_a = &res.pair(s, o).stats;
                let as_b = &res.pair(o, s).stats;
                surplus.merge(&as_a.surplus[0]);
                surplus.merge(&as_b.surplus[1]);
                deal.merge(&as_a.deal);
                deal.merge(&as_b.deal);
                share.merge(&as_a.share_a);
                // B's share is 1 - A's share: same spread, mirrored mean.
                let mut sb = as_b.share_a;
                sb.mean = 1.0 - sb.mean;
                share.merge(&sb);
                learned.merge(&as_a.bits[0]);
                learned.merge(&as_b.bits[1]);
                given.merge(&as_a.bits_given[0]);
                given.merge(&as_b.bits_given[1]);
            }
            RankRow {
                rank: 0,
                strategy: res.names[s].clone(),
                index: s,
                surplus_mean: surplus.mean(),
                surplus_ci95: surplus.ci95(),
                surplus_sd: surplus.sd(),
                deal_rate: deal.mean(),
                share_mean: share.mean(),
                bits_learned_mean: learned.mean(),
                bits_given_mean: given.mean(),
                runs: surplus.n,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.surplus_mean
            .total_cmp(&a.surplus_mean)
            .then(a.index.cmp(&b.index))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    rows
}

/// Mean surplus of row strategy `r` against column strategy `c`, averaged
/// over both sides: `(surplus_A(r vs c) + surplus_B(c vs r)) / 2`.
pub fn surplus_matrix(res: &TournamentResult) -> Vec<Vec<f64>> {
    let k = res.names.len();
    (0..k)
        .map(|r| {
            (0..k)
                .map(|c| {
                    0.5 * (res.pair(r, c).stats.surplus[0].mean()
                        + res.pair(c, r).stats.surplus[1].mean())
                })
                .collect()
        })
        .collect()
}

/// Deal rate of row strategy against column strategy, over both sides.
pub fn deal_matrix(res: &TournamentResult) -> Vec<Vec<f64>> {
    let k = res.names.len();
    (0..k)
        .map(|r| {
            (0..k)
                .map(|c| {
                    0.5 * (res.pair(r, c).stats.deal.mean() + res.pair(c, r).stats.deal.mean())
                })
                .collect()
        })
        .collect()
}

/// The manifest of a run.
#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    /// Experiment name.
    pub name: &'a str,
    /// negsim version.
    pub negsim_version: &'static str,
    /// Master seed.
    pub seed: u64,
    /// Threads used.
    pub threads: usize,
    /// Runs per ordered pairing.
    pub runs_per_pairing: u64,
    /// Runs per match.
    pub match_runs: u32,
    /// Ordered pairings.
    pub pairings: usize,
    /// Negotiations played.
    pub negotiations: u64,
    /// Seconds the simulation took.
    pub elapsed_seconds: f64,
    /// Negotiations per second.
    pub negotiations_per_second: f64,
    /// Identifies the experiment regardless of seed and sample size.
    pub config_fingerprint: String,
    /// Files in the folder.
    pub files: Vec<String>,
    /// The config as given, with defaults filled in.
    pub config: &'a crate::config::Config,
    /// Every strategy with its parameters.
    pub strategies: Vec<crate::config::ResolvedStrategy>,
}

/// A fingerprint of the experiment that ignores the seed and the number of
/// runs (FNV-1a of the canonical JSON of the rest of the config).
pub fn fingerprint(exp: &Experiment) -> String {
    let mut c = exp.config.clone();
    c.seed = 0;
    c.runs = 0;
    let text = serde_json::to_string(&(
        c,
        resolved_strategies(exp)
            .iter()
            .map(|s| &s.parameters)
            .collect::<Vec<_>>(),
    ))
    .unwrap_or_default();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A results folder being written: a temporary folder that becomes `target`
/// on [`ResultsDir::commit`], or disappears if dropped uncommitted.
pub struct ResultsDir {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl ResultsDir {
    /// Prepare to write `target`. Refuses when `target` holds results of a
    /// different experiment (or anything that is not a negsim results
    /// folder) unless `force`.
    pub fn create(target: &Path, fingerprint: &str, force: bool) -> Result<Self> {
        // Never replace a file, a device or a link, even with --force.
        if let Ok(meta) = fs::symlink_metadata(target)
            && !meta.is_dir()
        {
            return Err(Error::Write {
                path: target.to_path_buf(),
                source: std::io::Error::other(
                    "it exists and is not a folder; choose another --out",
                ),
            });
        }
        if target.exists() && !force {
            let manifest = target.join("manifest.json");
            let reason = match fs::read_to_string(&manifest) {
                Ok(text) => {
                    let old = serde_json::from_str::<serde_json::Value>(&text)
                        .ok()
                        .and_then(|v| v.get("config_fingerprint")?.as_str().map(str::to_string));
                    match old {
                        Some(f) if f == fingerprint => None,
                        Some(f) => {
                            Some(format!("config fingerprint {f}, this config {fingerprint}"))
                        }
                        None => Some("its manifest.json has no config fingerprint".to_string()),
                    }
                }
                Err(_) => {
                    let empty = fs::read_dir(target)
                        .map(|mut d| d.next().is_none())
                        .unwrap_or(false);
                    (!empty).then(|| "it has no manifest.json".to_string())
                }
            };
            if let Some(reason) = reason {
                return Err(Error::ResultsExist {
                    path: target.to_path_buf(),
                    reason,
                });
            }
        }
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let fail = |reason: String| Error::Write {
            path: target.to_path_buf(),
            source: std::io::Error::other(reason),
        };
        if let Some(bad) = parent.ancestors().find(|a| a.exists() && !a.is_dir()) {
            return Err(fail(format!("{} is not a folder", bad.display())));
        }
        fs::create_dir_all(parent)
            .map_err(|e| fail(format!("cannot create {}: {e}", parent.display())))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "results".into());
        remove_stale(parent, &name);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            let _ = fs::remove_dir_all(&tmp);
        }
        fs::create_dir(&tmp).map_err(|e| {
            fail(format!(
                "cannot create a folder in {}: {e}",
                parent.display()
            ))
        })?;
        Ok(ResultsDir {
            target: target.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// The folder being written (temporary until committed).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Path of a file inside the folder being written.
    pub fn file(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    /// Move the finished folder into place, replacing an older one.
    pub fn commit(mut self) -> Result<PathBuf> {
        let werr = |path: &Path, source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        if self.target.exists() {
            let old = self.tmp.with_extension("old");
            fs::rename(&self.target, &old).map_err(|e| werr(&self.target, e))?;
            fs::rename(&self.tmp, &self.target).map_err(|e| werr(&self.target, e))?;
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&self.tmp, &self.target).map_err(|e| werr(&self.target, e))?;
        }
        self.committed = true;
        Ok(self.target.clone())
    }
}

/// Remove temporary folders `.NAME.tmp-PID[.old]` left next to `NAME` by
/// runs that were killed (their process no longer exists).
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.trim_end_matches(".old");
        let alive = match pid.parse::<u32>() {
            Ok(p) if p == std::process::id() => true,
            // Without /proc (not Linux) liveness is unknown: leave it.
            Ok(p) => !Path::new("/proc/self").exists() || Path::new(&format!("/proc/{p}")).exists(),
            Err(_) => true,
        };
        if !alive {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

impl Drop for ResultsDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// The header and rows of `summary.csv`, as written.
pub fn summary_rows(res: &TournamentResult) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = ["strategy_a", "strategy_b", "runs"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(SUMMARY_COLUMNS.iter().map(|(n, _)| n.to_string()));
    let rows = res
        .pairs
        .iter()
        .map(|p| {
            let mut r = vec![
                res.names[p.a].clone(),
                res.names[p.b].clone(),
                p.stats.runs.to_string(),
            ];
            r.extend(SUMMARY_COLUMNS.iter().map(|(_, f)| num(f(&p.stats))));
            r
        })
        .collect();
    (header, rows)
}

/// Write the CSV files and the manifest of a finished tournament into `dir`.
pub fn write_results(
    dir: &ResultsDir,
    exp: &Experiment,
    res: &TournamentResult,
    extra_files: &[&str],
) -> Result<()> {
    let (header, rows) = summary_rows(res);
    write_rows(&dir.file("summary.csv"), &header, &rows)?;

    // matrix.csv and deal_matrix.csv (wide: one row per strategy)
    for (file, m) in [
        ("matrix.csv", surplus_matrix(res)),
        ("deal_matrix.csv", deal_matrix(res)),
    ] {
        let mut header = vec!["strategy".to_string()];
        header.extend(res.names.iter().cloned());
        let rows: Vec<Vec<String>> = m
            .iter()
            .enumerate()
            .map(|(i, row)| {
                std::iter::once(res.names[i].clone())
                    .chain(row.iter().map(|&v| num(v)))
                    .collect()
            })
            .collect();
        write_rows(&dir.file(file), &header, &rows)?;
    }

    // ranking.csv (written by hand so that undefined values are empty fields)
    let header: Vec<String> = RANKING_COLUMNS.map(String::from).to_vec();
    let rows: Vec<Vec<String>> = ranking(res).iter().map(rank_cells).collect();
    write_rows(&dir.file("ranking.csv"), &header, &rows)?;

    // asymmetry.csv: the data of the asymmetry chart, per pairing and bin.
    let header: Vec<String> = ["strategy_a", "strategy_b"]
        .iter()
        .chain(ASYMMETRY_COLUMNS)
        .map(|s| s.to_string())
        .collect();
    let width = (ASYM_HI - ASYM_LO) / ASYM_BINS as f64;
    let mut rows = Vec::new();
    for p in &res.pairs {
        for (b, bin) in p.stats.asym_bins.iter().enumerate() {
            if bin.deal.n == 0 {
                continue;
            }
            let lo = ASYM_LO + b as f64 * width;
            rows.push(vec![
                res.names[p.a].clone(),
                res.names[p.b].clone(),
                num(lo),
                num(lo + width),
                bin.deal.n.to_string(),
                num(bin.deal.mean()),
                num(bin.deal.sd()),
                bin.efficiency.n.to_string(),
                num(bin.efficiency.mean()),
                num(bin.efficiency.sd()),
                bin.share_a.n.to_string(),
                num(bin.share_a.mean()),
                num(bin.share_a.sd()),
            ]);
        }
    }
    write_rows(&dir.file("asymmetry.csv"), &header, &rows)?;

    write_share_distribution(&dir.file("share_distribution.csv"), res)?;
    let mut files = vec![
        "summary.csv",
        "matrix.csv",
        "deal_matrix.csv",
        "ranking.csv",
        "asymmetry.csv",
        "share_distribution.csv",
    ];
    if exp.match_runs > 1 {
        write_match_trace(&dir.file("match_trace.csv"), res)?;
        files.push("match_trace.csv");
    }
    files.extend_from_slice(extra_files);
    files.push("manifest.json");
    let manifest = Manifest {
        name: &exp.name,
        negsim_version: env!("CARGO_PKG_VERSION"),
        seed: exp.seed,
        threads: res.threads,
        runs_per_pairing: exp.runs,
        match_runs: exp.match_runs,
        pairings: res.pairs.len(),
        negotiations: res.negotiations,
        elapsed_seconds: res.elapsed,
        negotiations_per_second: res.negotiations as f64 / res.elapsed.max(1e-9),
        config_fingerprint: fingerprint(exp),
        files: files.iter().map(|s| s.to_string()).collect(),
        config: &exp.config,
        strategies: resolved_strategies(exp),
    };
    let path = dir.file("manifest.json");
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Write {
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    fs::write(&path, text + "\n").map_err(|source| Error::Write { path, source })
}

/// `match_trace.csv`: per pairing and position in the match, the means of
/// trust, disclosures, bluffs, detected lies and surplus of each side.
fn write_match_trace(path: &Path, res: &TournamentResult) -> Result<()> {
    let header: Vec<String> = [
        "strategy_a",
        "strategy_b",
        "position",
        "runs",
        "trust_a_mean",
        "trust_b_mean",
        "disclosures_a_mean",
        "disclosures_b_mean",
        "bluffs_a_mean",
        "bluffs_b_mean",
        "lies_detected_a_mean",
        "lies_detected_b_mean",
        "surplus_a_mean",
        "surplus_b_mean",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut rows = Vec::new();
    for p in &res.pairs {
        for (pos, m) in p.stats.by_position.iter().enumerate() {
            rows.push(vec![
                res.names[p.a].clone(),
                res.names[p.b].clone(),
                (pos + 1).to_string(),
                m.trust[0].n.to_string(),
                num(m.trust[0].mean()),
                num(m.trust[1].mean()),
                num(m.disclosures[0].mean()),
                num(m.disclosures[1].mean()),
                num(m.bluffs[0].mean()),
                num(m.bluffs[1].mean()),
                num(m.lies_detected[0].mean()),
                num(m.lies_detected[1].mean()),
                num(m.surplus[0].mean()),
                num(m.surplus[1].mean()),
            ]);
        }
    }
    write_rows(path, &header, &rows)
}

/// Streams `runs.csv`, one row per negotiation, as chunks finish.
pub struct RunsCsv {
    out: BufWriter<fs::File>,
    path: PathBuf,
    names: Vec<String>,
    issues: usize,
    match_runs: u64,
}

impl RunsCsv {
    /// Create the file and write its header.
    pub fn create(path: PathBuf, exp: &Experiment) -> Result<Self> {
        let f = fs::File::create(&path).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        let issues = if exp.scenario.has_weights() {
            exp.scenario.issues()
        } else {
            0
        };
        let mut s = RunsCsv {
            out: BufWriter::with_capacity(1 << 20, f),
            path,
            names: exp
                .strategies
                .iter()
                .map(|s| s.name().to_string())
                .collect(),
            issues,
            match_runs: exp.match_runs as u64,
        };
        let mut h = String::from(
            "strategy_a,strategy_b,run,match,position,deal,zopa,rounds,reservation_a,reservation_b,price",
        );
        for k in 1..=issues {
            h.push_str(&format!(",x_{k}"));
        }
        h.push_str(",surplus_a,surplus_b,joint_surplus,max_joint_surplus,efficiency,share_a,pareto_distance,nash_distance,error_a,error_b,bits_a,bits_b,bits_given_a,bits_given_b,asymmetry,confidences_a,confidences_b,answers_a,answers_b,asks_a,asks_b,bluffs_a,bluffs_b,leaks_a,leaks_b,lies_detected_a,lies_detected_b,trust_a,trust_b\n");
        s.write(h.as_bytes())?;
        Ok(s)
    }

    fn write(&mut self, b: &[u8]) -> Result<()> {
        self.out.write_all(b).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }

    /// Flush to disk.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }
}

impl RunSink for RunsCsv {
    fn runs(&mut self, a: usize, b: usize, first: u64, outcomes: &[Outcome]) -> Result<()> {
        use std::fmt::Write as _;
        let mut line = String::with_capacity(512);
        for (k, o) in outcomes.iter().enumerate() {
            let run = first + k as u64;
            line.clear();
            let _ = write!(
                line,
                "{},{},{},{},{},{},{},{},{},{},{}",
                self.names[a],
                self.names[b],
                run,
                run / self.match_runs,
                run % self.match_runs + 1,
                o.deal as u8,
                o.zopa as u8,
                o.rounds,
                num(o.private.reservation[0]),
                num(o.private.reservation[1]),
                num(o.price)
            );
            for x in &o.x[..self.issues] {
                let _ = write!(line, ",{}", num(*x));
            }
            for v in [
                o.surplus[0],
                o.surplus[1],
                o.joint,
                o.max_joint,
                o.efficiency,
                o.share_a,
                o.pareto_distance,
                o.nash_distance,
                o.error[0],
                o.error[1],
                o.bits[0],
                o.bits[1],
                o.bits_given[0],
                o.bits_given[1],
                o.asymmetry,
            ] {
                let _ = write!(line, ",{}", num(v));
            }
            for v in [
                o.confidences,
                o.answers,
                o.asks,
                o.bluffs,
                o.leaks,
                o.lies_detected,
            ] {
                let _ = write!(line, ",{},{}", v[0], v[1]);
            }
            let _ = writeln!(line, ",{},{}", num(o.trust[0]), num(o.trust[1]));
            self.write(line.as_bytes())?;
        }
        Ok(())
    }
}

/// Write `sweep.csv` (one row per cell and ordered pairing), `sweep_ranking.csv`
/// (one row per cell and strategy) and the manifest of a sweep.
pub fn write_sweep(
    dir: &ResultsDir,
    sweep: &crate::run::sweep::Sweep,
    results: &[TournamentResult],
    base: &Experiment,
) -> Result<()> {
    use crate::run::sweep::show;
    let params: Vec<String> = sweep.axes.iter().map(|a| a.column()).collect();
    let mut header = params.clone();
    let (summary_header, _) = summary_rows(&results[0]);
    header.extend(summary_header);
    let mut rows = Vec::new();
    let mut rank_rows = Vec::new();
    for ((point, _), res) in sweep.cells.iter().zip(results) {
        let lead: Vec<String> = point.iter().map(show).collect();
        for r in summary_rows(res).1 {
            rows.push(lead.iter().cloned().chain(r).collect::<Vec<_>>());
        }
        for r in ranking(res) {
            let mut row = lead.clone();
            row.extend(rank_cells(&r));
            rank_rows.push(row);
        }
    }
    write_rows(&dir.file("sweep.csv"), &header, &rows)?;
    let mut rh = params.clone();
    rh.extend(RANKING_COLUMNS.map(String::from));
    write_rows(&dir.file("sweep_ranking.csv"), &rh, &rank_rows)?;
    let negotiations: u64 = results.iter().map(|r| r.negotiations).sum();
    let elapsed: f64 = results.iter().map(|r| r.elapsed).sum();
    let manifest = serde_json::json!({
        "name": base.name,
        "kind": "sweep",
        "negsim_version": env!("CARGO_PKG_VERSION"),
        "seed": base.seed,
        "threads": results[0].threads,
        "runs_per_pairing": base.runs,
        "parameters": sweep.axes.iter().map(|a| serde_json::json!({
            "path": a.path,
            "column": a.column(),
            "values": a.values.iter().map(show).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "cells": sweep.cells.len(),
        "pairings": results[0].pairs.len(),
        "negotiations": negotiations,
        "elapsed_seconds": elapsed,
        "negotiations_per_second": negotiations as f64 / elapsed.max(1e-9),
        "config_fingerprint": fingerprint(base),
        "files": ["sweep.csv", "sweep_ranking.csv", "manifest.json"],
        "config": base.config,
        "strategies": resolved_strategies(base),
    });
    let path = dir.file("manifest.json");
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Write {
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    fs::write(&path, text + "\n").map_err(|source| Error::Write { path, source })
}

/// Write a file whole or not at all: a temporary name in the same folder,
/// then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let werr = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    fs::write(&tmp, bytes).map_err(werr)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        werr(e)
    })
}

/// Quantile `q` of a histogram on [0, 1] with linear interpolation inside bins.
fn hist_quantile(h: &[u64], q: f64) -> f64 {
    let total: u64 = h.iter().sum();
    if total == 0 {
        return f64::NAN;
    }
    let target = q * total as f64;
    let mut acc = 0.0;
    for (b, &c) in h.iter().enumerate() {
        let next = acc + c as f64;
        if next >= target && c > 0 {
            let frac = ((target - acc) / c as f64).clamp(0.0, 1.0);
            return (b as f64 + frac) / h.len() as f64;
        }
        acc = next;
    }
    1.0
}

/// `share_distribution.csv`: per strategy, the distribution of its share of
/// the joint surplus over its deals (both sides; from 100-bin histograms, so
/// quantiles are exact to 0.01).
fn write_share_distribution(path: &Path, res: &TournamentResult) -> Result<()> {
    use crate::run::stats::SHARE_BINS;
    let k = res.names.len();
    let header: Vec<String> = [
        "strategy", "index", "deals", "mean", "p05", "q1", "median", "q3", "p95",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for s in 0..k {
        let mut h = [0u64; SHARE_BINS];
        let mut mean = Moments::default();
        for o in 0..k {
            let as_a = &res.pair(s, o).stats;
            let as_b = &res.pair(o, s).stats;
            for b in 0..SHARE_BINS {
                h[b] += as_a.share_hist[b] + as_b.share_hist[SHARE_BINS - 1 - b];
            }
            mean.merge(&as_a.share_a);
            let mut m = as_b.share_a;
            m.mean = 1.0 - m.mean;
            mean.merge(&m);
        }
        let n: u64 = h.iter().sum();
        rows.push(vec![
            res.names[s].clone(),
            s.to_string(),
            n.to_string(),
            num(mean.mean()),
            num(hist_quantile(&h, 0.05)),
            num(hist_quantile(&h, 0.25)),
            num(hist_quantile(&h, 0.5)),
            num(hist_quantile(&h, 0.75)),
            num(hist_quantile(&h, 0.95)),
        ]);
    }
    write_rows(path, &header, &rows)
}
