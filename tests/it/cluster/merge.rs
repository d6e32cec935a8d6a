//! A run cut into N shards and merged is the unsharded run, byte for byte
//! (CSV files, charts, runs.csv, config.toml; manifest.json but for its
//! timing fields), for N in {1, 2, 3, 7}: the default tournament,
//! configs/repeated.toml (matches of 20 runs), a sweep and `--per-run`.
//! The run sizes are chosen so that N = 7 cuts inside matches' chunks of
//! work unevenly, across sweep cells, and (per-run, 4 units) leaves some
//! shards empty.

use super::assert_same_results;
use crate::helpers::*;
use std::path::Path;

/// Run `args` on one machine into `one`, then as N shards (1 thread each,
/// the reference on 2) merged into `merged-N`, and compare.
fn check(cmd: &str, args: &[&str], what: &str) {
    let dir = tmp();
    let d = dir.path();
    let mut one = vec![cmd];
    one.extend_from_slice(args);
    one.extend_from_slice(&["--out", "one", "--threads", "2", "-q"]);
    assert_ok(
        &negsim(d, &one),
        &format!("{what}: negsim {}", one.join(" ")),
    );
    for n in [1u32, 2, 3, 7] {
        let shards = format!("shards-{n}");
        for i in 1..=n {
            let spec = format!("{i}/{n}");
            let mut a = vec![cmd];
            a.extend_from_slice(args);
            a.extend_from_slice(&["--shard", &spec, "--out", &shards, "--threads", "1", "-q"]);
            assert_ok(&negsim(d, &a), &format!("{what}: shard {spec}"));
        }
        let merged = format!("merged-{n}");
        let out = negsim(d, &["merge", &shards, "--out", &merged, "-q"]);
        assert_ok(&out, &format!("{what}: merge of {n}"));
        assert_same_results(
            &d.join("one"),
            &d.join(&merged),
            &format!("{what}, {n} shards"),
        );
        assert!(
            leftovers_beside(d, &merged).is_empty()
                && entries(&d.join(&shards)).len() == n as usize,
            "{what}: leftovers {:?}",
            entries(d)
        );
    }
}

#[test]
fn default_tournament_merges_byte_identical() {
    check("run", &["--runs", "2000"], "default");
}

#[test]
fn repeated_matches_merge_byte_identical() {
    let c = config("repeated.toml");
    check("run", &[s(&c), "--runs", "2000", "--no-charts"], "repeated");
}

#[test]
fn sweep_merges_byte_identical() {
    let c = config("bluff-sweep.toml");
    check("sweep", &[s(&c), "--runs", "600"], "bluff sweep");
}

#[test]
fn per_run_merges_runs_csv_in_run_order() {
    check(
        "run",
        &["--per-run", "--runs", "1000", "--no-charts"],
        "per-run",
    );
}

/// A merged folder is a results folder like any other: `negsim report`
/// and `negsim compare` take it.
#[test]
fn a_merged_folder_is_an_ordinary_results_folder() {
    let dir = tmp();
    let d = dir.path();
    for i in 1..=2 {
        let spec = format!("{i}/2");
        let out = negsim(
            d,
            &["run", "--runs", "600", "--shard", &spec, "--no-charts"],
        );
        assert_ok(&out, "shard");
        assert!(
            out.stdout.contains(&format!("shard {i}/2: units"))
                && out
                    .stdout
                    .contains(&format!("results/default-shards/shard-{i}-of-2")),
            "{}",
            out.stdout
        );
    }
    let out = negsim(
        d,
        &[
            "merge",
            "results/default-shards/shard-1-of-2",
            "results/default-shards/shard-2-of-2",
        ],
    );
    assert_ok(&out, "merge");
    assert!(
        out.stdout.contains("rank  strategy") && out.stdout.contains("merged 2 shards"),
        "{}",
        out.stdout
    );
    assert!(Path::new(d).join("results/default/summary.csv").is_file());
    assert_ok(
        &negsim(d, &["compare", "results/default", "results/default", "-q"]),
        "compare",
    );
}
