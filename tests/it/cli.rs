//! Command-line integration tests for the `negsim` binary: they run the
//! built executable (never the library) and check what a user sees. Covered:
//! every config in `configs/` validates and runs into a complete results
//! folder (CSV shapes, manifest); `negsim run` without a config; results that
//! do not depend on `--threads` and do depend on `--seed`; the per-run
//! `runs.csv`; the safety of the results folder (replace only the same
//! experiment, `--force`, nothing half-written after a failure or an
//! interruption); bad configs from `tests/bad_configs/` and bad command lines
//! (exit code 2, one `error: ` message naming the file, field and value, no
//! panic, nothing written); `negsim trace` transcripts and their agreement
//! with `runs.csv`; `negsim strategies`; `--help`. Every command runs in a
//! temporary folder so nothing is written into the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_negsim");
const PRESETS: [&str; 4] = ["open", "guarded", "mirroring", "probing"];
/// Columns `summary.csv` must have (it may have more).
const SUMMARY_COLUMNS: [&str; 15] = [
    "strategy_a",
    "strategy_b",
    "runs",
    "deal_rate",
    "deal_rate_ci95",
    "surplus_a_mean",
    "surplus_a_ci95",
    "surplus_b_mean",
    "surplus_b_ci95",
    "efficiency_mean",
    "share_a_mean",
    "asymmetry_mean",
    "rounds_mean",
    "bluffs_mean",
    "lies_detected_mean",
];

// ---------------------------------------------------------------- helpers --

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn config(name: &str) -> PathBuf {
    repo().join("configs").join(name)
}

/// Every `.toml` file in `configs/`, sorted.
fn all_configs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(repo().join("configs"))
        .expect("configs/ is readable")
        .map(|e| e.expect("configs/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "configs/ holds no .toml file");
    v
}

fn s(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

/// What a finished `negsim` process left.
#[derive(Debug)]
struct Out {
    /// Exit code; `None` when killed by a signal (abort, segfault...).
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn describe(&self) -> String {
        format!(
            "exit code {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code,
            truncate(&self.stdout),
            truncate(&self.stderr)
        )
    }
}

fn truncate(t: &str) -> &str {
    match t.char_indices().nth(1500) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

fn command(cwd: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .current_dir(cwd)
        // Unset so that a panic prints its "RUST_BACKTRACE" note, which the
        // error checks look for.
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null());
    c
}

/// Run `negsim args` in `cwd` and wait for it.
fn negsim(cwd: &Path, args: &[&str]) -> Out {
    let o = command(cwd, args).output().expect("start negsim");
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Like [`negsim`], but kill it and report `None` if it is not done within
/// `limit` (for commands that a bug could turn into an endless run).
fn negsim_within(cwd: &Path, args: &[&str], limit: Duration) -> Option<Out> {
    let out_file = tempfile::NamedTempFile::new().expect("temp file");
    let err_file = tempfile::NamedTempFile::new().expect("temp file");
    let mut child = command(cwd, args)
        .stdout(out_file.reopen().expect("reopen"))
        .stderr(err_file.reopen().expect("reopen"))
        .spawn()
        .expect("start negsim");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for negsim") {
            return Some(Out {
                code: status.code(),
                stdout: fs::read_to_string(out_file.path()).unwrap_or_default(),
                stderr: fs::read_to_string(err_file.path()).unwrap_or_default(),
            });
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn assert_ok(out: &Out, what: &str) {
    assert_eq!(out.code, Some(0), "{what} failed:\n{}", out.describe());
    assert!(
        panic_marks(&out.stderr).is_empty(),
        "{what} printed panic text:\n{}",
        out.describe()
    );
}

fn panic_marks(stderr: &str) -> Vec<&'static str> {
    [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "memory allocation of",
    ]
    .into_iter()
    .filter(|m| stderr.contains(m))
    .collect()
}

/// Problems with a command that should have failed on bad user input:
/// exit code 2, one message on stderr starting with `error: ` and holding
/// every string in `expected`, no panic text.
fn user_error_problems(out: &Out, expected: &[&str]) -> Vec<String> {
    let mut p = Vec::new();
    if out.code != Some(2) {
        p.push(format!("exit code {:?}, expected 2", out.code));
    }
    if !out.stderr.starts_with("error: ") {
        p.push("stderr does not start with `error: `".to_string());
    } else if out.stderr.matches("error: ").count() != 1 {
        p.push("stderr holds more than one `error: ` message".to_string());
    }
    for m in panic_marks(&out.stderr) {
        p.push(format!("stderr contains panic text `{m}`"));
    }
    for e in expected {
        if !out.stderr.contains(e) {
            p.push(format!("stderr does not mention `{e}`"));
        }
    }
    p
}

fn assert_user_error(out: &Out, expected: &[&str], what: &str) {
    let p = user_error_problems(out, expected);
    assert!(
        p.is_empty(),
        "{what}:\n  - {}\n{}",
        p.join("\n  - "),
        out.describe()
    );
}

/// Names of the entries of a folder, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Hidden leftovers of a results folder `name` in `dir` (`.name.tmp-*`,
/// `.name.old`, ...).
fn leftovers(dir: &Path, name: &str) -> Vec<String> {
    let prefix = format!(".{name}.");
    entries(dir)
        .into_iter()
        .filter(|e| e.starts_with(&prefix))
        .collect()
}

/// A CSV file as header and rows (rows may have any number of fields).
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let header: Vec<String> = r
        .headers()
        .unwrap_or_else(|e| panic!("{}: bad header: {e}", path.display()))
        .iter()
        .map(str::to_string)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            rec.unwrap_or_else(|e| panic!("{}: bad row: {e}", path.display()))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (header, rows)
}

fn col(header: &[String], name: &str, file: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{file} has no column `{name}`: {header:?}"))
}

/// Every row has as many fields as the header.
fn assert_rectangular(header: &[String], rows: &[Vec<String>], file: &str) {
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(
            r.len(),
            header.len(),
            "{file}: data row {} has {} fields, the header {}: {r:?}",
            i + 1,
            r.len(),
            header.len()
        );
    }
}

fn is_snake_case(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('_')
        && !name.contains("__")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What the tests need to know about a config, read independently of negsim.
struct ConfigFacts {
    name: String,
    seed: u64,
    strategies: Vec<String>,
    match_runs: u64,
}

fn facts(path: &Path) -> ConfigFacts {
    let text = fs::read_to_string(path).expect("read config");
    let t: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()));
    let strategies = t["strategies"]
        .as_array()
        .expect("strategies is an array")
        .iter()
        .map(|v| v.as_str().expect("strategy name").to_string())
        .collect();
    let match_runs = t
        .get("match")
        .and_then(|m| m.get("runs"))
        .and_then(|r| r.as_integer())
        .unwrap_or(1) as u64;
    ConfigFacts {
        name: t["name"].as_str().expect("name").to_string(),
        seed: t.get("seed").and_then(|v| v.as_integer()).unwrap_or(42) as u64,
        strategies,
        match_runs,
    }
}

fn read_manifest(dir: &Path) -> serde_json::Value {
    let path = dir.join("manifest.json");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

// ------------------------------------------------------ 1. configs/*.toml --

mod every_config {
    use super::*;

    /// `negsim check FILE` exits 0 and prints the config fully resolved
    /// (valid TOML naming every strategy with its parameters).
    #[test]
    fn check_prints_the_resolved_config() {
        let cwd = tmp();
        for path in all_configs() {
            let f = facts(&path);
            let out = negsim(cwd.path(), &["check", s(&path)]);
            assert_ok(&out, &format!("negsim check {}", path.display()));
            let first = out.stdout.lines().next().unwrap_or("");
            assert!(
                first.starts_with('#') && first.contains(s(&path)) && first.contains("valid"),
                "check {}: first line should say the file is valid: {first:?}",
                path.display()
            );
            let resolved: toml::Table = toml::from_str(&out.stdout).unwrap_or_else(|e| {
                panic!(
                    "check {}: output is not TOML: {e}\n{}",
                    path.display(),
                    out.stdout
                )
            });
            assert_eq!(resolved["name"].as_str(), Some(f.name.as_str()));
            let listed: Vec<&str> = resolved["resolved_strategies"]
                .as_array()
                .expect("resolved_strategies is an array")
                .iter()
                .map(|s| s["name"].as_str().expect("name"))
                .collect();
            assert_eq!(
                listed,
                f.strategies,
                "check {}: resolved strategies",
                path.display()
            );
            for st in resolved["resolved_strategies"].as_array().unwrap() {
                let params = st["parameters"].as_table().expect("parameters table");
                for key in ["disclose", "precision", "bluff", "trust", "concession"] {
                    assert!(
                        params.contains_key(key),
                        "check {}: strategy {} has no parameter {key}",
                        path.display(),
                        st["name"]
                    );
                }
            }
            assert!(
                cwd.path().read_dir().unwrap().next().is_none(),
                "check wrote files"
            );
        }
    }

    /// `negsim run FILE --runs 200 --out TMP/x --quiet` writes a complete,
    /// well-formed results folder and nothing else.
    #[test]
    fn run_writes_a_complete_results_folder() {
        const RUNS: u64 = 200;
        for path in all_configs() {
            let f = facts(&path);
            let k = f.strategies.len();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let dir = tmp();
            let out_dir = dir.path().join("x");
            let out = negsim(
                dir.path(),
                &[
                    "run",
                    s(&path),
                    "--runs",
                    &RUNS.to_string(),
                    "--out",
                    s(&out_dir),
                    "--quiet",
                ],
            );
            assert_ok(&out, &format!("negsim run {name}"));
            assert_eq!(out.stdout, "", "{name}: --quiet should print nothing");
            assert_eq!(
                entries(dir.path()),
                ["x"],
                "{name}: only the results folder should be created"
            );

            let files = entries(&out_dir);
            let mut required = vec!["summary.csv", "matrix.csv", "ranking.csv", "manifest.json"];
            if f.match_runs > 1 {
                required.push("match_trace.csv");
            }
            for r in &required {
                assert!(
                    files.iter().any(|x| x == r),
                    "{name}: {r} missing: {files:?}"
                );
            }
            if f.match_runs == 1 {
                assert!(
                    !files.iter().any(|x| x == "match_trace.csv"),
                    "{name}: match_trace.csv written without [match] runs > 1"
                );
            }

            // summary.csv: the required columns, one row per ordered pairing.
            let (header, rows) = read_csv(&out_dir.join("summary.csv"));
            for c in SUMMARY_COLUMNS {
                assert!(
                    header.iter().any(|h| h == c),
                    "{name}: summary.csv lacks column {c}: {header:?}"
                );
            }
            for h in &header {
                assert!(is_snake_case(h), "{name}: summary.csv column {h:?}");
            }
            assert_rectangular(&header, &rows, "summary.csv");
            assert_eq!(rows.len(), k * k, "{name}: summary.csv rows");
            let (ia, ib, ir) = (
                col(&header, "strategy_a", "summary.csv"),
                col(&header, "strategy_b", "summary.csv"),
                col(&header, "runs", "summary.csv"),
            );
            let idr = col(&header, "deal_rate", "summary.csv");
            let pairs: BTreeSet<(String, String)> = rows
                .iter()
                .map(|r| (r[ia].clone(), r[ib].clone()))
                .collect();
            let expected: BTreeSet<(String, String)> = f
                .strategies
                .iter()
                .flat_map(|a| f.strategies.iter().map(move |b| (a.clone(), b.clone())))
                .collect();
            assert_eq!(pairs, expected, "{name}: summary.csv pairings");
            for r in &rows {
                assert_eq!(r[ir], RUNS.to_string(), "{name}: runs of {r:?}");
                let d: f64 = r[idr].parse().expect("deal_rate is a number");
                assert!((0.0..=1.0).contains(&d), "{name}: deal_rate {d}");
            }

            // ranking.csv: one row per strategy, ranks 1..=k.
            let (header, rows) = read_csv(&out_dir.join("ranking.csv"));
            assert_rectangular(&header, &rows, "ranking.csv");
            assert_eq!(rows.len(), k, "{name}: ranking.csv rows");
            let is = col(&header, "strategy", "ranking.csv");
            let irk = col(&header, "rank", "ranking.csv");
            let ranked: BTreeSet<&str> = rows.iter().map(|r| r[is].as_str()).collect();
            let all: BTreeSet<&str> = f.strategies.iter().map(String::as_str).collect();
            assert_eq!(ranked, all, "{name}: ranking.csv strategies");
            let ranks: Vec<String> = rows.iter().map(|r| r[irk].clone()).collect();
            let want: Vec<String> = (1..=k).map(|i| i.to_string()).collect();
            assert_eq!(ranks, want, "{name}: ranking.csv ranks");

            // matrix.csv: k x k with names.
            let (header, rows) = read_csv(&out_dir.join("matrix.csv"));
            assert_rectangular(&header, &rows, "matrix.csv");
            assert_eq!(header.len(), k + 1, "{name}: matrix.csv columns");
            assert_eq!(&header[1..], f.strategies.as_slice(), "{name}: matrix.csv");
            assert_eq!(rows.len(), k, "{name}: matrix.csv rows");

            if f.match_runs > 1 {
                let (header, rows) = read_csv(&out_dir.join("match_trace.csv"));
                assert_rectangular(&header, &rows, "match_trace.csv");
                assert_eq!(
                    rows.len() as u64,
                    (k * k) as u64 * f.match_runs,
                    "{name}: match_trace.csv has one row per pairing and position"
                );
            }

            // Every CSV file: one header row (snake_case column names, bar
            // the strategy-name columns of the wide matrices) and rows as
            // long as the header.
            for file in files.iter().filter(|f| f.ends_with(".csv")) {
                let (header, rows) = read_csv(&out_dir.join(file));
                assert_rectangular(&header, &rows, file);
                for h in &header {
                    let a_name = file.ends_with("matrix.csv") && f.strategies.contains(h);
                    assert!(
                        a_name || is_snake_case(h),
                        "{name}: {file} column {h:?} is not snake_case"
                    );
                }
            }

            // manifest.json
            let m = read_manifest(&out_dir);
            let nps = m["negotiations_per_second"].as_f64();
            assert!(
                nps.is_some_and(|x| x > 0.0 && x.is_finite()),
                "{name}: negotiations_per_second = {:?}",
                m["negotiations_per_second"]
            );
            assert!(
                m["threads"].as_u64().is_some_and(|t| t >= 1),
                "{name}: threads = {:?}",
                m["threads"]
            );
            assert_eq!(m["seed"].as_u64(), Some(f.seed), "{name}: seed");
            assert_eq!(
                m["negsim_version"].as_str(),
                Some(env!("CARGO_PKG_VERSION")),
                "{name}: negsim_version"
            );
            assert_eq!(
                m["negotiations"].as_u64(),
                Some((k * k) as u64 * RUNS),
                "{name}: negotiations = k^2 * runs"
            );
            if let Some(listed) = m["files"].as_array() {
                let listed: BTreeSet<&str> = listed.iter().filter_map(|v| v.as_str()).collect();
                let present: BTreeSet<&str> = files.iter().map(String::as_str).collect();
                assert_eq!(
                    listed, present,
                    "{name}: manifest `files` vs the folder's files"
                );
            }
        }
    }
}

// ------------------------------------------------ 2. run without a config --

mod default_run {
    use super::*;

    /// `negsim run` in an empty folder writes results/default/, prints a
    /// ranking of the four presets and the results path; the embedded
    /// default is the same experiment as configs/default.toml.
    #[test]
    fn run_without_config_writes_results_default() {
        let dir = tmp();
        let out = negsim(dir.path(), &["run", "--runs", "200"]);
        assert_ok(&out, "negsim run");
        let results = dir.path().join("results").join("default");
        for f in ["summary.csv", "matrix.csv", "ranking.csv", "manifest.json"] {
            assert!(results.join(f).is_file(), "results/default/{f} missing");
        }
        assert_eq!(entries(dir.path()), ["results"], "stray files in cwd");
        assert_eq!(entries(&dir.path().join("results")), ["default"]);
        for name in PRESETS {
            let row = out.stdout.lines().any(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.len() >= 3 && w[0].parse::<usize>().is_ok() && w[1] == name
            });
            assert!(row, "no ranking row for {name}:\n{}", out.stdout);
        }
        assert!(
            out.stdout.contains("results/default"),
            "the results path is not printed:\n{}",
            out.stdout
        );

        let explicit = tmp();
        let out = negsim(
            explicit.path(),
            &[
                "run",
                s(&config("default.toml")),
                "--runs",
                "200",
                "--out",
                "y",
                "-q",
            ],
        );
        assert_ok(&out, "negsim run configs/default.toml");
        assert_eq!(
            fs::read(results.join("summary.csv")).unwrap(),
            fs::read(explicit.path().join("y/summary.csv")).unwrap(),
            "the embedded default differs from configs/default.toml"
        );
    }
}

// ---------------------------------------------------------- 3. determinism --

mod determinism {
    use super::*;

    fn run_files(cfg: Option<&Path>, extra: &[&str], files: &[&str]) -> Vec<Vec<u8>> {
        let dir = tmp();
        let mut args = vec!["run"];
        if let Some(c) = cfg {
            args.push(s(c));
        }
        args.extend_from_slice(&["--out", "r", "-q"]);
        args.extend_from_slice(extra);
        let out = negsim(dir.path(), &args);
        assert_ok(&out, &format!("negsim {}", args.join(" ")));
        files
            .iter()
            .map(|f| fs::read(dir.path().join("r").join(f)).expect("results file"))
            .collect()
    }

    #[test]
    fn threads_do_not_change_the_default_summary() {
        let files = ["summary.csv", "ranking.csv", "matrix.csv"];
        let one = run_files(None, &["--runs", "3000", "--threads", "1"], &files);
        for t in ["2", "3"] {
            let more = run_files(None, &["--runs", "3000", "--threads", t], &files);
            for (i, f) in files.iter().enumerate() {
                assert!(one[i] == more[i], "{f} differs for --threads 1 and {t}");
            }
        }
    }

    #[test]
    fn threads_do_not_change_repeated_matches() {
        let cfg = config("repeated.toml");
        let files = ["summary.csv", "match_trace.csv"];
        let one = run_files(Some(&cfg), &["--runs", "3000", "--threads", "1"], &files);
        let two = run_files(Some(&cfg), &["--runs", "3000", "--threads", "2"], &files);
        for (i, f) in files.iter().enumerate() {
            assert!(
                one[i] == two[i],
                "repeated.toml: {f} differs for --threads 1 and 2"
            );
        }
    }

    #[test]
    fn seed_changes_the_summary_and_is_recorded() {
        let a = run_files(None, &["--runs", "3000"], &["summary.csv"]);
        let b = run_files(None, &["--runs", "3000", "--seed", "43"], &["summary.csv"]);
        let a2 = run_files(None, &["--runs", "3000", "--seed", "42"], &["summary.csv"]);
        assert!(a[0] != b[0], "--seed 43 gives the same summary as seed 42");
        assert!(a[0] == a2[0], "--seed 42 differs from the default seed 42");
        let dir = tmp();
        let out = negsim(
            dir.path(),
            &["run", "--runs", "50", "--seed", "7", "--out", "r", "-q"],
        );
        assert_ok(&out, "negsim run --seed 7");
        assert_eq!(
            read_manifest(&dir.path().join("r"))["seed"].as_u64(),
            Some(7)
        );
    }
}

// --------------------------------------------------------------- 4. --per-run --

mod per_run {
    use super::*;

    fn run_per_run(cfg: &Path, runs: u64, threads: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tmp();
        let out = negsim(
            dir.path(),
            &[
                "run",
                s(cfg),
                "--runs",
                &runs.to_string(),
                "--threads",
                threads,
                "--per-run",
                "--out",
                "r",
                "-q",
            ],
        );
        assert_ok(&out, &format!("negsim run --per-run --threads {threads}"));
        let r = dir.path().join("r");
        (dir, r)
    }

    /// runs.csv: k^2 * runs rows (more than one chunk of work per pairing),
    /// snake_case header, each (pairing, run) once, identical for 1 and 2
    /// threads, listed in the manifest, and agreeing with summary.csv.
    #[test]
    fn runs_csv_has_every_run_once_whatever_the_threads() {
        const RUNS: u64 = 4200;
        let cfg = config("default.toml");
        let f = facts(&cfg);
        let k = f.strategies.len();
        let (_d1, r1) = run_per_run(&cfg, RUNS, "1");
        let (_d2, r2) = run_per_run(&cfg, RUNS, "2");

        let (header, rows) = read_csv(&r1.join("runs.csv"));
        for h in &header {
            assert!(is_snake_case(h), "runs.csv column {h:?} is not snake_case");
        }
        assert_rectangular(&header, &rows, "runs.csv");
        assert_eq!(rows.len() as u64, (k * k) as u64 * RUNS, "runs.csv rows");
        let (ia, ib, ir, id) = (
            col(&header, "strategy_a", "runs.csv"),
            col(&header, "strategy_b", "runs.csv"),
            col(&header, "run", "runs.csv"),
            col(&header, "deal", "runs.csv"),
        );
        let mut seen = BTreeSet::new();
        let mut deals: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
        for r in &rows {
            let run: u64 = r[ir].parse().expect("run is an integer");
            assert!(run < RUNS, "run index {run} out of range");
            assert!(
                seen.insert((r[ia].clone(), r[ib].clone(), run)),
                "run listed twice: {r:?}"
            );
            let e = deals.entry((r[ia].clone(), r[ib].clone())).or_default();
            e.0 += 1;
            e.1 += r[id].parse::<u64>().expect("deal is 0 or 1");
        }
        assert!(
            fs::read(r1.join("runs.csv")).unwrap() == fs::read(r2.join("runs.csv")).unwrap(),
            "runs.csv differs for --threads 1 and 2"
        );
        let m = read_manifest(&r1);
        let listed: Vec<&str> = m["files"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        assert!(
            listed.contains(&"runs.csv"),
            "manifest files lack runs.csv: {listed:?}"
        );

        // The per-run deals add up to summary.csv's deal rates.
        let (sh, srows) = read_csv(&r1.join("summary.csv"));
        let (sa, sb, sd) = (
            col(&sh, "strategy_a", "summary.csv"),
            col(&sh, "strategy_b", "summary.csv"),
            col(&sh, "deal_rate", "summary.csv"),
        );
        for r in &srows {
            let (n, d) = deals[&(r[sa].clone(), r[sb].clone())];
            let rate: f64 = r[sd].parse().unwrap();
            assert!(
                (rate - d as f64 / n as f64).abs() < 1e-9,
                "{} vs {}: summary deal_rate {rate}, runs.csv {d}/{n}",
                r[sa],
                r[sb]
            );
        }
    }

    /// In a repeated config, `match` and `position` follow from `run`.
    #[test]
    fn runs_csv_numbers_matches_and_positions() {
        let cfg = config("repeated.toml");
        let e = facts(&cfg).match_runs;
        assert!(e > 1, "repeated.toml should have [match] runs > 1");
        let (_d, r) = run_per_run(&cfg, 3 * e, "2");
        let (header, rows) = read_csv(&r.join("runs.csv"));
        let (ir, im, ip) = (
            col(&header, "run", "runs.csv"),
            col(&header, "match", "runs.csv"),
            col(&header, "position", "runs.csv"),
        );
        for row in &rows {
            let run: u64 = row[ir].parse().unwrap();
            assert_eq!(row[im], (run / e).to_string(), "match of {row:?}");
            assert_eq!(row[ip], (run % e + 1).to_string(), "position of {row:?}");
        }
    }

    /// A strategy name is free text: runs.csv must stay valid CSV (quoted
    /// like summary.csv) or the config must be refused with a clear message.
    #[test]
    fn strategy_names_with_commas_do_not_corrupt_runs_csv() {
        let dir = tmp();
        let text = fs::read_to_string(config("custom-strategy.toml"))
            .unwrap()
            .replace("soft-prober", "soft,prober");
        assert!(text.contains("\"soft,prober\""));
        let cfg = dir.path().join("comma.toml");
        fs::write(&cfg, text).unwrap();
        let out = negsim(
            dir.path(),
            &[
                "run",
                s(&cfg),
                "--runs",
                "20",
                "--per-run",
                "--out",
                "r",
                "-q",
            ],
        );
        if out.code == Some(2) {
            assert_user_error(&out, &["comma.toml", "strategy[0].name"], "comma name");
            assert!(!dir.path().join("r").exists());
            return;
        }
        assert_ok(&out, "run with a strategy named \"soft,prober\"");
        let (header, rows) = read_csv(&dir.path().join("r/runs.csv"));
        assert_rectangular(&header, &rows, "runs.csv");
        let ia = col(&header, "strategy_a", "runs.csv");
        assert!(
            rows.iter().any(|r| r[ia] == "soft,prober"),
            "runs.csv does not read back the name \"soft,prober\""
        );
    }
}

// --------------------------------------------------- 5. results folder safety --

mod results_folder {
    use super::*;

    /// `negsim run CFG --out x -q EXTRA`, with `--runs 100` unless EXTRA
    /// gives `--runs`.
    fn run_into(cwd: &Path, cfg: &Path, extra: &[&str]) -> Out {
        let mut args = vec!["run", s(cfg), "--out", "x", "-q"];
        if !extra.contains(&"--runs") {
            args.extend_from_slice(&["--runs", "100"]);
        }
        args.extend_from_slice(extra);
        negsim(cwd, &args)
    }

    #[test]
    fn same_experiment_is_replaced() {
        let dir = tmp();
        let cfg = config("default.toml");
        assert_ok(&run_into(dir.path(), &cfg, &[]), "first run");
        let out = run_into(dir.path(), &cfg, &["--seed", "5", "--runs", "150"]);
        assert_ok(&out, "rerun of the same config into the same --out");
        let m = read_manifest(&dir.path().join("x"));
        assert_eq!(m["seed"].as_u64(), Some(5), "the folder was not replaced");
        assert_eq!(m["runs_per_pairing"].as_u64(), Some(150));
        assert_eq!(entries(dir.path()), ["x"], "leftovers next to x");
    }

    #[test]
    fn different_experiment_needs_force() {
        let dir = tmp();
        assert_ok(
            &run_into(dir.path(), &config("default.toml"), &[]),
            "first run",
        );
        let before = fs::read(dir.path().join("x/summary.csv")).unwrap();
        let manifest_before = fs::read(dir.path().join("x/manifest.json")).unwrap();

        let out = run_into(dir.path(), &config("integrative.toml"), &[]);
        assert_user_error(&out, &["--force", "x"], "different config into x");
        assert_eq!(
            fs::read(dir.path().join("x/summary.csv")).unwrap(),
            before,
            "the old results were touched"
        );
        assert_eq!(
            fs::read(dir.path().join("x/manifest.json")).unwrap(),
            manifest_before
        );
        assert_eq!(entries(dir.path()), ["x"], "leftovers after the refusal");

        let out = run_into(dir.path(), &config("integrative.toml"), &["--force"]);
        assert_ok(&out, "different config with --force");
        assert_eq!(
            read_manifest(&dir.path().join("x"))["name"].as_str(),
            Some("integrative")
        );
        assert_eq!(entries(dir.path()), ["x"], "leftovers after --force");
    }

    #[test]
    fn folder_without_manifest_is_not_replaced() {
        let dir = tmp();
        let x = dir.path().join("x");
        fs::create_dir(&x).unwrap();
        fs::write(x.join("notes.txt"), "my notes").unwrap();
        let out = run_into(dir.path(), &config("default.toml"), &[]);
        assert_user_error(&out, &["--force", "x"], "run into a folder of other files");
        assert_eq!(entries(&x), ["notes.txt"]);
        assert_eq!(fs::read_to_string(x.join("notes.txt")).unwrap(), "my notes");
        assert_eq!(entries(dir.path()), ["x"], "leftovers after the refusal");
    }

    /// `--force` replaces a results *folder*; a regular file at the --out
    /// path must be refused, not swapped for a folder.
    #[test]
    fn force_does_not_replace_a_file() {
        let dir = tmp();
        let file = dir.path().join("data.txt");
        fs::write(&file, "precious").unwrap();
        for extra in [&[][..], &["--force"][..]] {
            let mut args = vec!["run", "--runs", "50", "--out", s(&file), "-q"];
            args.extend_from_slice(extra);
            let out = negsim(dir.path(), &args);
            let problems = user_error_problems(&out, &["data.txt"]);
            assert!(
                file.is_file() && fs::read_to_string(&file).unwrap() == "precious",
                "negsim {}: the file at --out was replaced or changed; folder now holds {:?}\n{}",
                args.join(" "),
                entries(dir.path()),
                out.describe()
            );
            assert!(
                problems.is_empty(),
                "negsim {}: {problems:?}\n{}",
                args.join(" "),
                out.describe()
            );
            assert_eq!(entries(dir.path()), ["data.txt"], "leftovers");
        }
    }

    /// Ctrl-C (SIGINT) to `child`; if it is still running 5 s later (SIGINT
    /// ignored in this environment), SIGTERM, then SIGKILL. Returns how it
    /// ended.
    #[cfg(unix)]
    fn interrupt(child: &mut std::process::Child) -> std::process::ExitStatus {
        let pid = child.id().to_string();
        for signal in ["-INT", "-TERM"] {
            if let Some(st) = child.try_wait().expect("poll negsim") {
                return st;
            }
            let _ = Command::new("kill").args([signal, &pid]).status();
            let t = Instant::now();
            while t.elapsed() < Duration::from_secs(5) {
                if let Some(st) = child.try_wait().expect("poll negsim") {
                    return st;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = child.kill();
        child.wait().expect("wait for negsim")
    }

    /// An interrupted run leaves neither the results folder nor, once the
    /// next run into the same --out has finished, any `.x.tmp-*` folder.
    #[cfg(unix)]
    #[test]
    fn interrupted_run_leaves_nothing_behind() {
        let dir = tmp();
        let mut child = command(
            dir.path(),
            &[
                "run",
                "--runs",
                "5000000",
                "--threads",
                "1",
                "--per-run",
                "--out",
                "x",
                "-q",
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start negsim");
        // Wait until it is writing.
        let start = Instant::now();
        while leftovers(dir.path(), "x").is_empty() && start.elapsed() < Duration::from_secs(10) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let status = interrupt(&mut child);
        assert!(!status.success(), "the run finished before it was stopped");
        assert!(
            !dir.path().join("x").exists(),
            "an interrupted run created the results folder"
        );
        let after_interrupt = leftovers(dir.path(), "x");

        let out = negsim(dir.path(), &["run", "--runs", "50", "--out", "x", "-q"]);
        assert_ok(&out, "run after the interrupted one");
        assert!(
            leftovers(dir.path(), "x").is_empty(),
            "half-written folders left: {after_interrupt:?} after the interrupted run, {:?} \
             after a later successful run into the same --out",
            leftovers(dir.path(), "x")
        );
    }
}

// ------------------------------------------------------- 6. bad input --

mod bad_input {
    use super::*;

    /// One file of tests/bad_configs/: what is wrong (`# wrong:`) and what
    /// the message must mention (`# expect:` lines).
    struct Fixture {
        path: PathBuf,
        expect: Vec<String>,
    }

    fn fixtures() -> Vec<Fixture> {
        let dir = repo().join("tests").join("bad_configs");
        let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
            .expect("tests/bad_configs/ exists")
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        assert!(paths.len() >= 20, "too few bad configs: {paths:?}");
        paths
            .into_iter()
            .map(|path| {
                let text = fs::read_to_string(&path).unwrap();
                assert!(
                    text.lines().any(|l| l.starts_with("# wrong: ")),
                    "{} has no `# wrong:` line",
                    path.display()
                );
                let expect: Vec<String> = text
                    .lines()
                    .filter_map(|l| l.strip_prefix("# expect: "))
                    .map(str::to_string)
                    .collect();
                assert!(
                    !expect.is_empty(),
                    "{} has no `# expect:` line",
                    path.display()
                );
                Fixture { path, expect }
            })
            .collect()
    }

    /// Every bad config makes `check`, `run` (default and explicit --out)
    /// and `strategies` fail with exit code 2 and one message that names the
    /// file and what its `# expect:` lines say, writing nothing. All
    /// failures are collected and reported together.
    #[test]
    fn bad_configs_are_refused_with_a_precise_message() {
        let mut failures = Vec::new();
        for fx in fixtures() {
            let file = s(&fx.path);
            let mut expected: Vec<&str> = vec![file];
            expected.extend(fx.expect.iter().map(String::as_str));
            let cwd = tmp();
            let out_dir = cwd.path().join("out");
            let commands: [Vec<&str>; 4] = [
                vec!["check", file],
                vec!["run", file, "-q"],
                vec!["run", file, "--out", s(&out_dir)],
                vec!["strategies", file],
            ];
            for args in &commands {
                let out = negsim(cwd.path(), args);
                let mut p = user_error_problems(&out, &expected);
                if out.code == Some(2) && !out.stdout.is_empty() {
                    p.push(format!("printed on stdout: {:?}", truncate(&out.stdout)));
                }
                let left = entries(cwd.path());
                if !left.is_empty() {
                    p.push(format!("left files in the working folder: {left:?}"));
                    let _ = fs::remove_dir_all(cwd.path().join("results"));
                    let _ = fs::remove_dir_all(&out_dir);
                }
                if !p.is_empty() {
                    failures.push(format!(
                        "negsim {}:\n    - {}\n    stderr: {}",
                        args.join(" "),
                        p.join("\n    - "),
                        out.stderr.trim_end().replace('\n', "\n            ")
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} bad-config checks failed:\n\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }

    #[test]
    fn missing_config_names_path_and_reason() {
        let cwd = tmp();
        let missing = cwd.path().join("no-such-config.toml");
        let reason = fs::read_to_string(&missing).unwrap_err().to_string();
        for cmd in ["check", "run", "strategies"] {
            let out = negsim(cwd.path(), &[cmd, s(&missing)]);
            assert_user_error(
                &out,
                &[s(&missing), &reason],
                &format!("negsim {cmd} on a missing file"),
            );
        }
        let out = negsim(
            cwd.path(),
            &["trace", "--a", "open", "--b", "open", s(&missing)],
        );
        assert_user_error(&out, &[s(&missing), &reason], "trace on a missing file");
        assert!(entries(cwd.path()).is_empty(), "files written");
    }

    /// An --out that cannot be written: exit 2 and a message naming the
    /// --out path as given, nothing left behind.
    #[test]
    fn unwritable_out_names_the_path() {
        let cwd = tmp();
        let mut cases: Vec<PathBuf> = Vec::new();
        // Below a regular file.
        let blocker = cwd.path().join("afile");
        fs::write(&blocker, "x").unwrap();
        cases.push(blocker.join("res"));
        // In /proc, where no folder can be made.
        if Path::new("/proc/self").is_dir() {
            cases.push(PathBuf::from(format!(
                "/proc/negsim-cli-test-{}",
                std::process::id()
            )));
        }
        // Below a read-only folder (not enforced for root: skip if writable).
        #[cfg(unix)]
        let ro = {
            use std::os::unix::fs::PermissionsExt;
            let ro = cwd.path().join("ro");
            fs::create_dir(&ro).unwrap();
            fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
            if fs::create_dir(ro.join("probe")).is_ok() {
                let _ = fs::remove_dir(ro.join("probe"));
                eprintln!("read-only folder is writable (running as root?): case skipped");
            } else {
                cases.push(ro.join("res"));
            }
            ro
        };
        let mut failures = Vec::new();
        for out_path in &cases {
            let out = negsim(
                cwd.path(),
                &["run", "--runs", "10", "--out", s(out_path), "-q"],
            );
            let p = user_error_problems(&out, &[s(out_path)]);
            if !p.is_empty() {
                failures.push(format!(
                    "negsim run --out {}: {p:?}\n    stderr: {}",
                    out_path.display(),
                    out.stderr.trim_end()
                ));
            }
            assert!(!out_path.exists(), "{} was created", out_path.display());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert!(entries(&ro).is_empty(), "leftovers in the read-only folder");
            fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
        }
        let mut left = entries(cwd.path());
        left.retain(|e| e != "afile" && e != "ro");
        assert!(left.is_empty(), "leftovers: {left:?}");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// A run count whose k^2 * runs negotiations do not fit in 64 bits is
    /// bad input: exit 2 with a message, not an abort.
    #[test]
    fn impossible_run_counts_are_refused() {
        let text = fs::read_to_string(config("default.toml")).unwrap();
        let runs_line = text
            .lines()
            .find(|l| l.starts_with("runs"))
            .expect("default.toml has a runs line");
        let huge = text.replacen(runs_line, "runs = 9223372036854775807", 1);
        let max = u64::MAX.to_string();
        let cases: [(&[&str], &[&str]); 3] = [
            (&["run", "--runs", &max, "--out", "x", "-q"], &["--runs"]),
            (&["check", "huge.toml"], &["huge.toml", "runs"]),
            (
                &["run", "huge.toml", "--out", "x", "-q"],
                &["huge.toml", "runs"],
            ),
        ];
        let mut failures = Vec::new();
        for (args, expected) in cases {
            let cwd = tmp();
            fs::write(cwd.path().join("huge.toml"), &huge).unwrap();
            let Some(out) = negsim_within(cwd.path(), args, Duration::from_secs(20)) else {
                failures.push(format!(
                    "negsim {}: still running after 20 s",
                    args.join(" ")
                ));
                continue;
            };
            let mut p = user_error_problems(&out, expected);
            let mut left = entries(cwd.path());
            left.retain(|e| e != "huge.toml");
            if !left.is_empty() {
                p.push(format!("left {left:?}"));
            }
            if !p.is_empty() {
                failures.push(format!(
                    "negsim {}:\n    - {}\n    {}",
                    args.join(" "),
                    p.join("\n    - "),
                    out.describe().replace('\n', "\n    ")
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    #[test]
    fn bad_command_lines_exit_2() {
        let cwd = tmp();
        let cases: [(&[&str], &[&str]); 8] = [
            (&["run", "--runs", "0"], &["--runs"]),
            (&["run", "--threads", "0"], &["--threads"]),
            (&["run", "--seed", "-1"], &["-1"]),
            (&["run", "--seed", "abc"], &["abc"]),
            (&["run", "--bogus"], &["--bogus"]),
            (&["trace", "--b", "open"], &["--a"]),
            (&["frobnicate"], &["frobnicate"]),
            (&["check"], &["CONFIG"]),
        ];
        for (args, expected) in cases {
            let out = negsim(cwd.path(), args);
            assert_user_error(&out, expected, &format!("negsim {}", args.join(" ")));
            assert!(
                entries(cwd.path()).is_empty(),
                "negsim {args:?} wrote files"
            );
        }
    }
}

// -------------------------------------------------------------- 7. trace --

mod trace {
    use super::*;

    fn trace(cwd: &Path, args: &[&str]) -> String {
        let mut all = vec!["trace"];
        all.extend_from_slice(args);
        let out = negsim(cwd, &all);
        assert_ok(&out, &format!("negsim {}", all.join(" ")));
        out.stdout
    }

    #[test]
    fn probing_against_open_reads_as_a_negotiation() {
        let cwd = tmp();
        let t = trace(cwd.path(), &["--a", "probing", "--b", "open"]);
        for needle in [
            "in confidence",
            "asks: \"how is it on your side?\"",
            "[bluff: true value",
            "Formal phase",
            "Outcome",
            "probing",
            "open",
        ] {
            assert!(t.contains(needle), "transcript lacks {needle:?}:\n{t}");
        }
        assert!(
            t.find("Formal phase") < t.find("Outcome"),
            "phases out of order"
        );
        assert!(entries(cwd.path()).is_empty(), "trace wrote files");
    }

    #[test]
    fn same_command_same_transcript_seed_changes_it() {
        let cwd = tmp();
        let args = ["--a", "probing", "--b", "open"];
        let a = trace(cwd.path(), &args);
        let b = trace(cwd.path(), &args);
        assert_eq!(a, b, "the same trace twice differs");
        let c = trace(
            cwd.path(),
            &["--a", "probing", "--b", "open", "--seed", "1"],
        );
        assert_ne!(a, c, "--seed 1 gives the same transcript");
        let d = trace(cwd.path(), &["--a", "probing", "--b", "open", "--run", "1"]);
        assert_ne!(a, d, "--run 1 gives the same transcript as run 0");
    }

    #[test]
    fn unknown_strategy_suggests_the_nearest() {
        let cwd = tmp();
        let out = negsim(cwd.path(), &["trace", "--a", "probbing", "--b", "open"]);
        assert_user_error(
            &out,
            &["probbing", "--a", "did you mean 'probing'"],
            "trace --a probbing",
        );
        assert!(out.stdout.is_empty(), "printed a transcript anyway");
        let out = negsim(cwd.path(), &["trace", "--a", "open", "--b", "gaurded"]);
        assert_user_error(
            &out,
            &["gaurded", "--b", "did you mean 'guarded'"],
            "trace --b gaurded",
        );
    }

    #[test]
    fn integrative_trace_talks_about_interests() {
        let cwd = tmp();
        let t = trace(
            cwd.path(),
            &[
                "--a",
                "open",
                "--b",
                "probing",
                s(&config("integrative.toml")),
            ],
        );
        for needle in ["what matters to me", "Formal phase", "Outcome"] {
            assert!(t.contains(needle), "transcript lacks {needle:?}:\n{t}");
        }
    }

    #[test]
    fn custom_strategies_can_be_traced() {
        let cwd = tmp();
        let t = trace(
            cwd.path(),
            &[
                "--a",
                "soft-prober",
                "--b",
                "tough-guard",
                s(&config("custom-strategy.toml")),
            ],
        );
        assert!(
            t.contains("soft-prober") && t.contains("tough-guard"),
            "{t}"
        );
    }

    /// A price rounded to whole units with thousands separators, as the
    /// transcript writes it.
    fn money0(x: f64) -> String {
        let digits = format!("{:.0}", x.abs());
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if x < 0.0 && digits.chars().any(|c| c != '0') {
            out.insert(0, '-');
        }
        out
    }

    /// `--run I` shows run I exactly as the batch played it (runs.csv),
    /// including memory carried over within a match.
    #[test]
    fn trace_replays_the_batch_run() {
        let cwd = tmp();
        let cfg = config("repeated.toml");
        let out = negsim(
            cwd.path(),
            &[
                "run",
                s(&cfg),
                "--runs",
                "40",
                "--per-run",
                "--out",
                "r",
                "-q",
            ],
        );
        assert_ok(&out, "run repeated.toml --per-run");
        let (h, rows) = read_csv(&cwd.path().join("r/runs.csv"));
        let c = |n: &str| col(&h, n, "runs.csv");
        for run in [0u64, 1, 19, 20, 27, 39] {
            let row = rows
                .iter()
                .find(|r| {
                    r[c("strategy_a")] == "probing"
                        && r[c("strategy_b")] == "mirroring"
                        && r[c("run")] == run.to_string()
                })
                .unwrap_or_else(|| panic!("runs.csv has no probing/mirroring run {run}"));
            let t = trace(
                cwd.path(),
                &[
                    "--a",
                    "probing",
                    "--b",
                    "mirroring",
                    "--run",
                    &run.to_string(),
                    s(&cfg),
                ],
            );
            let rounds = &row[c("rounds")];
            let f = |n: &str| -> f64 { row[c(n)].parse().unwrap() };
            let mut wanted = vec![format!("run {run}")];
            if row[c("deal")] == "1" {
                wanted.push(format!("Deal at {} in round {rounds}.", money0(f("price"))));
            } else {
                wanted.push(format!("No deal after {rounds} round"));
            }
            let pair =
                |label: &str, a: &str, b: &str| format!("{label} {} / {}", row[c(a)], row[c(b)]);
            wanted.push(format!(
                "Confidences A {} / B {}",
                row[c("confidences_a")],
                row[c("confidences_b")]
            ));
            wanted.push(pair("answers", "answers_a", "answers_b"));
            wanted.push(pair("bluffs", "bluffs_a", "bluffs_b"));
            wanted.push(format!(
                "lies caught by A {} / by B {}",
                row[c("lies_detected_a")],
                row[c("lies_detected_b")]
            ));
            wanted.push(format!(
                "A->B {:.2}, B->A {:.2}",
                f("trust_a"),
                f("trust_b")
            ));
            for want in &wanted {
                assert!(
                    t.contains(want.as_str()),
                    "trace --run {run} disagrees with runs.csv: expected {want:?} in\n{t}"
                );
            }
        }
    }
}

// --------------------------------------------------------- 8. strategies --

mod strategies {
    use super::*;

    /// `negsim strategies [CONFIG]` as name -> (description line, key=value
    /// parameters).
    fn listing(out: &str) -> BTreeMap<String, (String, BTreeMap<String, String>)> {
        let mut m = BTreeMap::new();
        let lines: Vec<&str> = out.lines().collect();
        for w in lines.windows(2) {
            let (head, params) = (w[0], w[1]);
            if head.starts_with(' ') || head.is_empty() || !params.starts_with(' ') {
                continue;
            }
            let kv: BTreeMap<String, String> = params
                .split_whitespace()
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            if kv.is_empty() {
                continue;
            }
            let (name, desc) = head.split_once(' ').unwrap_or((head, ""));
            m.insert(name.to_string(), (desc.trim().to_string(), kv));
        }
        m
    }

    /// Parameters of every strategy as `negsim check` resolves them.
    fn resolved(cwd: &Path, cfg: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
        let out = negsim(cwd, &["check", s(cfg)]);
        assert_ok(&out, "negsim check");
        let t: toml::Table = toml::from_str(&out.stdout).expect("check prints TOML");
        t["resolved_strategies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|st| {
                let p = st["parameters"]
                    .as_table()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect();
                (st["name"].as_str().unwrap().to_string(), p)
            })
            .collect()
    }

    #[test]
    fn presets_are_listed_with_their_parameters() {
        let cwd = tmp();
        let out = negsim(cwd.path(), &["strategies"]);
        assert_ok(&out, "negsim strategies");
        let l = listing(&out.stdout);
        let names: Vec<&str> = l.keys().map(String::as_str).collect();
        let mut want = PRESETS.to_vec();
        want.sort();
        assert_eq!(names, want, "listed strategies:\n{}", out.stdout);
        let res = resolved(cwd.path(), &config("default.toml"));
        for name in PRESETS {
            let (desc, params) = &l[name];
            assert!(!desc.is_empty(), "{name} has no description");
            for key in [
                "disclose",
                "precision",
                "ask",
                "bluff",
                "trust",
                "concession",
            ] {
                assert!(params.contains_key(key), "{name} lacks {key}: {params:?}");
            }
            assert_eq!(
                params, &res[name],
                "{name}: `strategies` and `check` disagree on its parameters"
            );
        }
    }

    #[test]
    fn config_strategies_are_listed_too() {
        let cwd = tmp();
        let cfg = config("custom-strategy.toml");
        let out = negsim(cwd.path(), &["strategies", s(&cfg)]);
        assert_ok(&out, "negsim strategies custom-strategy.toml");
        let l = listing(&out.stdout);
        for name in PRESETS {
            assert!(l.contains_key(name), "preset {name} not listed");
        }
        let text = fs::read_to_string(&cfg).unwrap();
        let t: toml::Table = toml::from_str(&text).unwrap();
        let defs = t["strategy"].as_array().expect("[[strategy]] entries");
        assert!(!defs.is_empty());
        for d in defs {
            let name = d["name"].as_str().unwrap();
            let (desc, params) = l
                .get(name)
                .unwrap_or_else(|| panic!("custom strategy {name} not listed:\n{}", out.stdout));
            if let Some(want) = d.get("description").and_then(|v| v.as_str()) {
                assert_eq!(desc, want, "{name}: description");
            }
            for (key, value) in d.as_table().unwrap() {
                if ["name", "base", "description"].contains(&key.as_str()) {
                    continue;
                }
                let got = params
                    .get(key)
                    .unwrap_or_else(|| panic!("{name}: parameter {key} not listed: {params:?}"));
                let same = match value {
                    toml::Value::Float(x) => got.parse::<f64>().ok() == Some(*x),
                    toml::Value::Integer(x) => got.parse::<f64>().ok() == Some(*x as f64),
                    toml::Value::Boolean(b) => got == &b.to_string(),
                    toml::Value::String(v) => got == v,
                    _ => false,
                };
                assert!(
                    same,
                    "{name}: {key} listed as {got}, the config says {value}"
                );
            }
        }
    }
}

// --------------------------------------------------------------- 9. help --

mod help {
    use super::*;

    #[test]
    fn help_exits_0_and_lists_commands() {
        let cwd = tmp();
        let out = negsim(cwd.path(), &["--help"]);
        assert_ok(&out, "negsim --help");
        for c in ["run", "strategies", "trace", "check"] {
            assert!(out.stdout.contains(c), "--help lacks {c}:\n{}", out.stdout);
        }
        let out = negsim(cwd.path(), &["run", "--help"]);
        assert_ok(&out, "negsim run --help");
        for o in [
            "--out",
            "--seed",
            "--threads",
            "--runs",
            "--per-run",
            "--force",
            "--quiet",
        ] {
            assert!(
                out.stdout.contains(o),
                "run --help lacks {o}:\n{}",
                out.stdout
            );
        }
        for sub in ["trace", "check", "strategies"] {
            assert_ok(
                &negsim(cwd.path(), &[sub, "--help"]),
                &format!("{sub} --help"),
            );
        }
        let out = negsim(cwd.path(), &["--version"]);
        assert_ok(&out, "negsim --version");
        assert!(out.stdout.contains(env!("CARGO_PKG_VERSION")));
        assert!(entries(cwd.path()).is_empty());
    }
}
