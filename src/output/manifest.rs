//! `manifest.json`: what a results folder holds and how it was made. One
//! type, written by `negsim run` and `negsim sweep` and read back by
//! everything that looks at a results folder.

use crate::config::{Config, Experiment, ResolvedStrategy, resolved_strategies};
use crate::error::{Error, Result};
use crate::run::evolution::Settings;
use crate::run::sweep::{Sweep, show};
use crate::run::tournament::TournamentResult;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The peak resident memory of this process (`VmHWM` of
/// `/proc/self/status`), where the system tells.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The source revision this negsim was built from (`git rev-parse HEAD`,
/// `-dirty` when tracked files differed; see build.rs), if built from a
/// git checkout.
pub const SOURCE_REVISION: Option<&str> = option_env!("NEGSIM_SOURCE_REVISION");
/// The compiler negsim was built with (`rustc --version`), where the build
/// could tell.
pub const RUSTC_VERSION: Option<&str> = option_env!("NEGSIM_RUSTC_VERSION");

/// The version of the model (docs/MODEL.md) this build simulates.
pub const MODEL_VERSION: &str = "2.1";

/// The generator of every run, as a manifest records it.
pub const RNG: &str = "Xoshiro256++ (rand crate); run i of every pairing draws from two \
    generators, private values and behaviour, seeded by SplitMix64 of (seed, i, stream) only";

/// The time now, UTC, as RFC 3339 to the second (`2026-12-06T21:04:05Z`);
/// `None` when the system clock is before 1970.
pub fn utc_now() -> Option<String> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(utc_from_unix(secs))
}

/// Seconds since 1970 as RFC 3339, UTC (the civil calendar from the day
/// count, Howard Hinnant's `civil_from_days`).
pub fn utc_from_unix(secs: u64) -> String {
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Largest manifest.json negsim reads (a sweep of 2,000 cells writes
/// well under 1 MiB).
pub const MAX_MANIFEST_BYTES: u64 = 64 << 20;

/// The manifest of a results folder. Sweep manifests have `kind`,
/// `parameters` and `cells` and no `match_runs`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Experiment name.
    pub name: String,
    /// `sweep` for the folder of `negsim sweep`; absent for a tournament.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// negsim version.
    pub negsim_version: String,
    /// The version of the model the results come from (docs/MODEL.md;
    /// empty when a manifest lacks it).
    #[serde(default)]
    pub model_version: String,
    /// The source revision negsim was built from (`git rev-parse HEAD`,
    /// `-dirty` when tracked files differed from it); absent when negsim
    /// was not built from a git checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_revision: Option<String>,
    /// The target negsim was built for, `arch-os` (e.g. `x86_64-linux`).
    #[serde(default)]
    pub platform: String,
    /// The compiler negsim was built with (`rustc --version`); absent when
    /// the build could not tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rustc: Option<String>,
    /// Master seed.
    pub seed: u64,
    /// Threads used.
    pub threads: usize,
    /// Runs per ordered pairing.
    pub runs_per_pairing: u64,
    /// Runs per match (tournaments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_runs: Option<u32>,
    /// The swept parameters (sweeps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<SweptParameter>>,
    /// Cells of the sweep grid (sweeps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cells: Option<usize>,
    /// Ordered pairings (per cell in a sweep).
    pub pairings: usize,
    /// Negotiations played.
    pub negotiations: u64,
    /// Seconds the simulation took.
    pub elapsed_seconds: f64,
    /// Negotiations per second.
    pub negotiations_per_second: f64,
    /// Peak resident memory of the process when the manifest was written
    /// (after the simulation and the CSV files, before the charts), in
    /// bytes; where the system tells (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_memory_bytes: Option<u64>,
    /// When the folder's results were written, UTC (RFC 3339, seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_at: Option<String>,
    /// The command line of the process that wrote the folder (the program
    /// and its arguments as given, quoted for a POSIX shell where needed;
    /// for `negsim merge`, the merge's), so that a folder says how to make
    /// it again; absent in older manifests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Identifies the experiment regardless of seed and sample size (empty
    /// when a manifest lacks it).
    #[serde(default)]
    pub config_fingerprint: String,
    /// The random number generator and how each run is seeded (empty when
    /// a manifest lacks it).
    #[serde(default)]
    pub rng: String,
    /// Files in the folder.
    pub files: Vec<String>,
    /// The config as given, with defaults filled in (of a sweep: its
    /// first cell's).
    pub config: Config,
    /// Sweeps: the sweep's config as given (`--seed` and `--runs` applied)
    /// with its `[sweep]` table, which `negsim sweep --from` runs again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep_config: Option<Config>,
    /// Every strategy with its parameters.
    pub strategies: Vec<StrategyEntry>,
    /// The settings of `negsim evolve`, once it has run on the folder, so
    /// that `negsim run --from` reruns it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evolution: Option<EvolutionRecord>,
}

/// The settings `negsim evolve` ran with, as recorded in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EvolutionRecord {
    /// Generations of the replicator dynamics and of each Moran run.
    pub generations: u32,
    /// Population size of the Moran process.
    pub population: u32,
    /// Selection strength.
    pub selection: f64,
    /// Mutation rate per offspring.
    pub mutation: f64,
    /// Moran runs per fixation estimate.
    pub moran_runs: u32,
    /// Seed of the Moran process.
    pub seed: u64,
}

impl From<&Settings> for EvolutionRecord {
    fn from(s: &Settings) -> Self {
        EvolutionRecord {
            generations: s.generations,
            population: s.population,
            selection: s.selection,
            mutation: s.mutation,
            moran_runs: s.runs,
            seed: s.seed,
        }
    }
}

impl From<EvolutionRecord> for Settings {
    fn from(r: EvolutionRecord) -> Self {
        Settings {
            generations: r.generations,
            population: r.population,
            selection: r.selection,
            mutation: r.mutation,
            runs: r.moran_runs,
            seed: r.seed,
        }
    }
}

/// What kind of folder a manifest describes, when not a tournament.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The folder of `negsim sweep`.
    Sweep,
}

/// One swept parameter of a sweep manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweptParameter {
    /// Config path, e.g. `exchange.rounds`.
    pub path: String,
    /// Its column in `sweep.csv`.
    pub column: String,
    /// Its values, as written in the CSV files.
    pub values: Vec<String>,
}

/// A strategy with its description and parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyEntry {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Parameters by name.
    pub parameters: BTreeMap<String, String>,
}

impl From<ResolvedStrategy> for StrategyEntry {
    fn from(s: ResolvedStrategy) -> Self {
        StrategyEntry {
            name: s.name,
            description: s.description,
            parameters: s.parameters,
        }
    }
}

impl Manifest {
    /// The manifest of a tournament folder listing `files`.
    pub fn tournament(exp: &Experiment, res: &TournamentResult, files: Vec<String>) -> Self {
        Manifest {
            match_runs: Some(exp.match_runs),
            pairings: res.pairs.len(),
            ..Self::common(exp, res.threads, res.negotiations, res.elapsed, files)
        }
    }

    /// The manifest of a sweep folder (`base` is the experiment of its
    /// first cell) listing `files`.
    pub fn sweep(
        sweep: &Sweep,
        results: &[TournamentResult],
        base: &Experiment,
        files: Vec<String>,
    ) -> Self {
        let negotiations: u64 = results.iter().map(|r| r.negotiations).sum();
        let elapsed: f64 = results.iter().map(|r| r.elapsed).sum();
        let first = results.first();
        let threads = first.map_or(0, |r| r.threads);
        let parameters = sweep
            .axes
            .iter()
            .map(|a| SweptParameter {
                path: a.path.clone(),
                column: a.column(),
                values: a.values.iter().map(show).collect(),
            })
            .collect();
        Manifest {
            kind: Some(Kind::Sweep),
            parameters: Some(parameters),
            cells: Some(sweep.cells.len()),
            pairings: first.map_or(0, |r| r.pairs.len()),
            config_fingerprint: sweep_fingerprint(sweep),
            sweep_config: Some(sweep.config.clone()),
            ..Self::common(base, threads, negotiations, elapsed, files)
        }
    }

    fn common(
        exp: &Experiment,
        threads: usize,
        negotiations: u64,
        elapsed: f64,
        files: Vec<String>,
    ) -> Self {
        Manifest {
            name: exp.name.clone(),
            kind: None,
            negsim_version: env!("CARGO_PKG_VERSION").to_string(),
            model_version: MODEL_VERSION.to_string(),
            source_revision: SOURCE_REVISION.map(str::to_string),
            platform: format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
            rustc: RUSTC_VERSION.map(str::to_string),
            seed: exp.seed,
            threads,
            runs_per_pairing: exp.runs,
            match_runs: None,
            parameters: None,
            cells: None,
            pairings: 0,
            negotiations,
            elapsed_seconds: elapsed,
            negotiations_per_second: negotiations as f64 / elapsed.max(1e-9),
            peak_memory_bytes: peak_memory_bytes(),
            written_at: utc_now(),
            command: Some(command_line(std::env::args_os())),
            config_fingerprint: fingerprint(exp),
            rng: RNG.to_string(),
            files,
            config: exp.config.clone(),
            sweep_config: None,
            strategies: resolved_strategies(exp)
                .into_iter()
                .map(StrategyEntry::from)
                .collect(),
            evolution: None,
        }
    }

    /// The strategy names, in tournament order.
    pub fn names(&self) -> Vec<String> {
        self.strategies.iter().map(|s| s.name.clone()).collect()
    }

    /// Read `dir/manifest.json`.
    pub fn read(dir: &Path) -> Result<Self> {
        Self::read_file(&dir.join("manifest.json"))
    }

    /// Read a manifest given as its file or as its results folder.
    pub fn read_path(path: &Path) -> Result<Self> {
        if path.is_dir() {
            Self::read(path)
        } else {
            Self::read_file(path)
        }
    }

    /// Read a manifest file.
    pub fn read_file(path: &Path) -> Result<Self> {
        let path = path.to_path_buf();
        let bad = |message: String| Error::Results {
            path: path.clone(),
            message,
        };
        if !path.exists() {
            return Err(bad(
                "is missing: this is not a negsim results folder (run `negsim run` first)".into(),
            ));
        }
        let text = crate::config::read_limited(&path, MAX_MANIFEST_BYTES, "a manifest.json")?;
        serde_json::from_str(&text).map_err(|e| {
            if e.is_data() {
                bad(format!("is not a negsim manifest: {e}"))
            } else {
                bad(format!("malformed JSON: {e}"))
            }
        })
    }

    /// Record `negsim evolve`'s settings and files.
    pub fn record_evolution(&mut self, settings: &Settings) {
        self.evolution = Some(settings.into());
        self.record_files(&["evolution.csv", "fixation.csv"]);
    }

    /// Write `dir/manifest.json`: pretty JSON and a newline. Tournament
    /// manifests keep the field order above; sweep manifests are written
    /// with every key in alphabetical order.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join("manifest.json");
        let werr = |e: serde_json::Error| Error::Write {
            path: path.clone(),
            source: std::io::Error::other(e),
        };
        let text = if self.kind.is_some() {
            serde_json::to_value(self).and_then(|v| serde_json::to_string_pretty(&v))
        } else {
            serde_json::to_string_pretty(self)
        }
        .map_err(werr)?;
        crate::output::results_dir::write_atomic(&path, (text + "\n").as_bytes())
    }

    /// Record files another command wrote into the folder (`report.html`),
    /// so that a rerun of the same experiment keeps them.
    pub fn record_files(&mut self, names: &[&str]) {
        let at = self
            .files
            .iter()
            .position(|f| f == "manifest.json")
            .unwrap_or(self.files.len());
        let mut i = at;
        for f in names {
            if !self.files.iter().any(|x| x == f) {
                self.files.insert(i, f.to_string());
                i += 1;
            }
        }
    }
}

/// A fingerprint of everything that changes an experiment's results: the
/// config with its seed and number of runs, and every strategy's resolved
/// parameters (FNV-1a of their canonical JSON). Threads, `--per-run` and
/// charts do not change results and are not in it.
pub fn fingerprint(exp: &Experiment) -> String {
    // The strategies count by their resolved parameters, however the
    // config spells them (presets, `[[strategy]]` tables, descriptions):
    // `negsim check`'s resolved config is the same experiment.
    let mut config = exp.config.clone();
    config.custom.clear();
    let text = serde_json::to_string(&(
        &config,
        exp.seed,
        exp.runs,
        resolved_strategies(exp)
            .iter()
            .map(|s| (&s.name, &s.parameters))
            .collect::<Vec<_>>(),
    ))
    .unwrap_or_default();
    format!("{:016x}", fnv1a(text.as_bytes()))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A command line as one string a POSIX shell reads back as the same
/// arguments: words of plain characters as they are, others in single
/// quotes (a quote inside as `'\''`).
pub fn command_line(args: impl IntoIterator<Item = std::ffi::OsString>) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
    args.into_iter()
        .map(|a| {
            let a = a.to_string_lossy().into_owned();
            if !a.is_empty() && a.chars().all(plain) {
                a
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fingerprint of a sweep: of every cell's experiment, in grid order.
pub fn sweep_fingerprint(sweep: &Sweep) -> String {
    let cells: Vec<String> = sweep.cells.iter().map(|(_, e)| fingerprint(e)).collect();
    format!("sweep-{:016x}", fnv1a(cells.join(",").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_through_json() {
        let mut exp = Experiment::default_tournament();
        exp.runs = 20;
        let res = crate::run::tournament::run(&exp, Default::default(), &|_| {}, None).unwrap();
        let mut m = Manifest::tournament(&exp, &res, vec!["summary.csv".into()]);
        // Timings aside: serde_json reads back some floats one ulp off.
        (m.elapsed_seconds, m.negotiations_per_second) = (2.0, 160.0);
        m.peak_memory_bytes = Some(1 << 20);
        m.written_at = Some("2026-12-06T21:04:05Z".into());
        let text = serde_json::to_string_pretty(&m).unwrap();
        let back: Manifest = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_string_pretty(&back).unwrap(), text);
        assert_eq!(back.config, exp.config);
        assert_eq!(back.names(), ["open", "guarded", "mirroring", "probing"]);
        assert!(text.starts_with("{\n  \"name\": \"default\",\n  \"negsim_version\""));
        assert!(!text.contains("\"kind\": \"sweep\""));
    }

    #[test]
    fn a_command_line_quotes_only_what_a_shell_would_split_or_expand() {
        let line = |args: &[&str]| command_line(args.iter().map(std::ffi::OsString::from));
        assert_eq!(
            line(&[
                "negsim",
                "run",
                "configs/a.toml",
                "--runs",
                "20",
                "--out=x,y"
            ]),
            "negsim run configs/a.toml --runs 20 --out=x,y"
        );
        assert_eq!(
            line(&["negsim", "run", "my results", "", "it's", "$HOME", "a*"]),
            "negsim run 'my results' '' 'it'\\''s' '$HOME' 'a*'"
        );
    }

    #[test]
    fn unix_seconds_read_as_the_utc_calendar() {
        assert_eq!(utc_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_from_unix(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(utc_from_unix(1_796_590_800 + 3_845), "2026-12-06T22:04:05Z");
    }
}
