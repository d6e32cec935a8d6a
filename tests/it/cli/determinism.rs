//! Results do not depend on `--threads` and do depend on `--seed`.

use std::fs;
use std::path::Path;

use crate::helpers::*;

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
