//! `negsim trace` transcripts and their agreement with `runs.csv`.

use std::path::Path;

use crate::helpers::*;

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
    assert_one_user_error(
        &out,
        &["probbing", "--a", "did you mean 'probing'"],
        "trace --a probbing",
    );
    assert!(out.stdout.is_empty(), "printed a transcript anyway");
    let out = negsim(cwd.path(), &["trace", "--a", "open", "--b", "gaurded"]);
    assert_one_user_error(
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
        let pair = |label: &str, a: &str, b: &str| format!("{label} {} / {}", row[c(a)], row[c(b)]);
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
