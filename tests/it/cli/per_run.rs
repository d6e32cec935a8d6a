//! `--per-run`: the per-run `runs.csv`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::facts;
use crate::helpers::*;

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
        assert_one_user_error(&out, &["comma.toml", "strategy[0].name"], "comma name");
        assert!(!dir.path().join("r").exists());
        return;
    }
    assert_ok(&out, "run with a strategy named \"soft,prober\"");
    let (header, rows) = read_csv(&dir.path().join("r/runs.csv"));
    let ia = col(&header, "strategy_a", "runs.csv");
    assert!(
        rows.iter().any(|r| r[ia] == "soft,prober"),
        "runs.csv does not read back the name \"soft,prober\""
    );
}
