//! Every config in `configs/` validates (`negsim check`) and runs into a
//! complete, well-formed results folder (CSV shapes, manifest).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use super::{ConfigFacts, SUMMARY_COLUMNS, SUMMARY_TEXT_COLUMNS, facts};
use crate::helpers::*;

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
        let defined: Vec<&str> = resolved["strategy"]
            .as_array()
            .expect("[[strategy]] is an array")
            .iter()
            .map(|s| s["name"].as_str().expect("name"))
            .collect();
        for name in &f.strategies {
            assert!(
                defined.contains(&name.as_str()),
                "check {}: strategy {name} is not spelled out: {defined:?}",
                path.display()
            );
        }
        for st in resolved["strategy"].as_array().unwrap() {
            for key in ["disclose", "precision", "bluff", "trust", "concession"] {
                assert!(
                    st.get(key).is_some_and(|v| v.is_float()),
                    "check {}: strategy {} has no number {key}",
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

/// Runs per pairing of [`run_writes_a_complete_results_folder`].
const RUNS: u64 = 200;

/// `negsim run FILE --runs 200 --out TMP/x --quiet` writes a complete,
/// well-formed results folder and nothing else. A sweep config is refused
/// by `run` (exit 2, pointing to `negsim sweep`, nothing written); its base
/// config, the file without its `[sweep]` table, runs.
#[test]
fn run_writes_a_complete_results_folder() {
    for original in all_configs() {
        let f = facts(&original);
        let name = original.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tmp();
        let out_dir = dir.path().join("x");
        let mut table: toml::Table =
            toml::from_str(&fs::read_to_string(&original).unwrap()).unwrap();
        let path = if table.remove("sweep").is_some() {
            let out = negsim(dir.path(), &["run", s(&original), "-q"]);
            let suggestion = format!("negsim sweep {}", s(&original));
            assert_one_user_error(&out, &[s(&original), "[sweep]", &suggestion], &name);
            assert!(
                entries(dir.path()).is_empty(),
                "{name}: run on a sweep wrote files"
            );
            let base = dir.path().join("base.toml");
            fs::write(&base, toml::to_string(&table).unwrap()).unwrap();
            base
        } else {
            original.clone()
        };
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
        let mut want = vec!["x"];
        if path != original {
            want.insert(0, "base.toml");
        }
        assert_eq!(
            entries(dir.path()),
            want,
            "{name}: only the results folder should be created"
        );
        let files = entries(&out_dir);
        check_file_list(&name, &f, &files);
        check_summary(&name, &f, &out_dir);
        check_ranking_and_matrix(&name, &f, &out_dir);
        check_every_csv(&name, &f, &out_dir, &files);
        check_manifest(&name, &f, &out_dir, &files);
    }
}

/// The results folder of config `name` holds the files it must hold, and
/// `match_trace.csv` only for matches of several runs.
fn check_file_list(name: &str, f: &ConfigFacts, files: &[String]) {
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
}

/// summary.csv: the required columns, one row per ordered pairing, every
/// row as long as the header (checked by `read_csv`).
fn check_summary(name: &str, f: &ConfigFacts, out_dir: &Path) {
    let k = f.strategies.len();
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
        // Tidy: numbers only in the numeric columns.
        for (h, v) in header.iter().zip(r) {
            if !SUMMARY_TEXT_COLUMNS.contains(&h.as_str()) {
                assert!(
                    v.is_empty() || v.parse::<f64>().is_ok_and(f64::is_finite),
                    "{name}: summary.csv {h} = {v:?} is not a number"
                );
            }
        }
    }
}

/// ranking.csv: one row per strategy, ranks 1..=k; matrix.csv: k x k with
/// names.
fn check_ranking_and_matrix(name: &str, f: &ConfigFacts, out_dir: &Path) {
    let k = f.strategies.len();
    let (header, rows) = read_csv(&out_dir.join("ranking.csv"));
    assert_eq!(rows.len(), k, "{name}: ranking.csv rows");
    let is = col(&header, "strategy", "ranking.csv");
    let irk = col(&header, "rank", "ranking.csv");
    let ranked: BTreeSet<&str> = rows.iter().map(|r| r[is].as_str()).collect();
    let all: BTreeSet<&str> = f.strategies.iter().map(String::as_str).collect();
    assert_eq!(ranked, all, "{name}: ranking.csv strategies");
    let ranks: Vec<String> = rows.iter().map(|r| r[irk].clone()).collect();
    let want: Vec<String> = (1..=k).map(|i| i.to_string()).collect();
    assert_eq!(ranks, want, "{name}: ranking.csv ranks");

    let (header, rows) = read_csv(&out_dir.join("matrix.csv"));
    assert_eq!(header.len(), k + 1, "{name}: matrix.csv columns");
    assert_eq!(&header[1..], f.strategies.as_slice(), "{name}: matrix.csv");
    assert_eq!(rows.len(), k, "{name}: matrix.csv rows");
}

/// match_trace.csv has one row per pairing and position; every CSV file
/// has one header row (snake_case column names, bar the strategy-name
/// columns of the wide matrices) and rows as long as the header (checked
/// by `read_csv`).
fn check_every_csv(name: &str, f: &ConfigFacts, out_dir: &Path, files: &[String]) {
    let k = f.strategies.len();
    if f.match_runs > 1 {
        let (_, rows) = read_csv(&out_dir.join("match_trace.csv"));
        assert_eq!(
            rows.len() as u64,
            (k * k) as u64 * f.match_runs,
            "{name}: match_trace.csv has one row per pairing and position"
        );
    }
    for file in files.iter().filter(|f| f.ends_with(".csv")) {
        let (header, _) = read_csv(&out_dir.join(file));
        for h in &header {
            let a_name = file.ends_with("matrix.csv") && f.strategies.contains(h);
            assert!(
                a_name || is_snake_case(h),
                "{name}: {file} column {h:?} is not snake_case"
            );
        }
    }
}

/// manifest.json: speed, threads, seed, version, negotiation count, and
/// the files it lists are the folder's files.
fn check_manifest(name: &str, f: &ConfigFacts, out_dir: &Path, files: &[String]) {
    let k = f.strategies.len();
    let m = read_manifest(out_dir);
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
