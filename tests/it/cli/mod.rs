//! The command line of the `negsim` binary: the tests run the built
//! executable (never the library) and check what a user sees. Covered:
//! every config in `configs/` validates and runs into a complete results
//! folder, CSV shapes and manifest ([`every_config`]); `negsim run` without
//! a config ([`default_run`]); results that do not depend on `--threads` and
//! do depend on `--seed` ([`determinism`]); the per-run `runs.csv`
//! ([`per_run`]) and `runs.parquet` against it ([`per_run_parquet`]); the version-2 metrics: columns, their agreement between
//! runs.csv and the summaries, no information without talk, deals that fail
//! ([`metrics`]); the safety of the results folder: replace only the same
//! experiment, `--force`, nothing half-written after a failure or an
//! interruption ([`results_folder`]); bad configs from `tests/bad_configs/`
//! and bad command lines: exit code 2, one `error: ` message naming the
//! file, field and value, no panic, nothing written ([`bad_input`]);
//! `negsim trace` transcripts and their agreement with `runs.csv`
//! ([`trace`]); `negsim strategies` ([`strategies`]); `--help` ([`help`]).
//! Every command runs in a temporary folder so nothing is written into the
//! repository.

mod bad_input;
mod columns;
mod compare;
mod compare_paired;
mod default_run;
mod design;
mod determinism;
mod every_config;
mod folder_lock;
mod help;
mod hostile;
mod metrics;
mod per_run;
mod per_run_parquet;
mod per_run_weights;
mod provenance;
mod reproduce;
mod resources;
mod results_folder;
mod strategies;
mod strategy_words;
mod sweep_from;
mod symlinks;
mod trace;
mod trace_find;
mod validate_only;

use std::fs;
use std::path::Path;

/// Columns `summary.csv` must have (it may have more): version 2's
/// information in bits, walk-aways, and true and false lie detections.
const SUMMARY_COLUMNS: [&str; 40] = [
    "strategy_a",
    "strategy_b",
    "runs",
    "deal_rate",
    "deal_rate_ci95",
    "zopa_rate",
    "deal_rate_given_zopa",
    "deal_rate_given_zopa_ci95",
    "walk_away_rate",
    "walk_away_rate_given_zopa",
    "walk_away_a_rate",
    "walk_away_b_rate",
    "surplus_a_mean",
    "surplus_a_ci95",
    "surplus_b_mean",
    "surplus_b_ci95",
    "efficiency",
    "efficiency_ci95",
    "efficiency_mean_of_ratios",
    "share_a_mean",
    "info_bits_a_mean",
    "info_bits_b_mean",
    "info_bits_end_a_mean",
    "info_bits_end_b_mean",
    "crps_a_mean",
    "crps_b_mean",
    "crps_gain_a_mean",
    "crps_gain_b_mean",
    "confidence_bits_a_mean",
    "confidence_bits_b_mean",
    "error_reduction_a_mean",
    "error_reduction_b_mean",
    "asymmetry_mean",
    "rounds_mean",
    "bluffs_mean",
    "lies_detected_mean",
    "lies_detected_a_mean",
    "false_detections_mean",
    "false_detections_a_mean",
    "false_detections_b_mean",
];

/// Columns of `summary.csv` that hold text; every other one is a number or
/// empty (undefined).
const SUMMARY_TEXT_COLUMNS: [&str; 2] = ["strategy_a", "strategy_b"];

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
