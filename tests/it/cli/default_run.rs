//! `negsim run` without a config: the embedded default tournament.

use std::fs;

use crate::helpers::*;

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
