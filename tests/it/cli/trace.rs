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
        let walk = &row[c("walk_away")];
        if row[c("deal")] == "1" {
            wanted.push(format!("Deal at {} in round {rounds}.", money0(f("price"))));
        } else if walk.is_empty() {
            wanted.push(format!(
                "No deal: no agreement by the deadline (round {rounds})."
            ));
        } else {
            let who = if walk == "A" {
                "A (probing)"
            } else {
                "B (mirroring)"
            };
            let when = if rounds == "0" {
                "before the first offer".to_string()
            } else {
                format!("in round {rounds}")
            };
            wanted.push(format!("{who} walks away {when}"));
            wanted.push(format!("No deal: {who} walked away {when}."));
        }
        wanted.push(format!(
            "Information asymmetry {:+.2} bits = A's {:+.2}",
            f("asymmetry"),
            f("info_bits_a")
        ));
        wanted.push(format!(
            "B's {:+.2}{}",
            f("info_bits_b"),
            if f("info_bits_b") <= -0.005 {
                " (misled)"
            } else {
                ""
            }
        ));
        let pair = |label: &str, a: &str, b: &str| format!("{label} {} / {}", row[c(a)], row[c(b)]);
        wanted.push(format!(
            "Confidences A {} / B {}",
            row[c("confidences_a")],
            row[c("confidences_b")]
        ));
        wanted.push(pair("answers", "answers_a", "answers_b"));
        wanted.push(pair("bluffs", "bluffs_a", "bluffs_b"));
        wanted.push(format!(
            "lies caught by A {} / by B {}, false accusations by A {} / by B {}",
            row[c("lies_detected_a")],
            row[c("lies_detected_b")],
            row[c("false_detections_a")],
            row[c("false_detections_b")]
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

/// `negsim run CFG --runs N --per-run` in `cwd` (into `cwd/NAME`); the
/// rows of its runs.csv.
fn runs_of(cwd: &Path, cfg: &Path, runs: u64, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let out = negsim(
        cwd,
        &[
            "run",
            s(cfg),
            "--runs",
            &runs.to_string(),
            "--per-run",
            "--out",
            name,
            "-q",
        ],
    );
    assert_ok(&out, &format!("run {} --per-run", cfg.display()));
    read_csv(&cwd.join(name).join("runs.csv"))
}

/// The default config with only the strategies `list`.
fn default_with(cwd: &Path, name: &str, list: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(config("default.toml")).expect("read default.toml");
    let line = text
        .lines()
        .find(|l| l.starts_with("strategies"))
        .expect("default.toml lists strategies");
    let text = text
        .replacen(line, &format!("strategies = [{list}]"), 1)
        .replacen("name = \"default\"", &format!("name = \"{name}\""), 1);
    let path = cwd.join(format!("{name}.toml"));
    std::fs::write(&path, text).expect("write config");
    path
}

/// The transcript of a run in which a side walks away names it and when,
/// with what it believed; a side with negative info bits "was misled"; a
/// lie caught from a bluffer is told as such ([B was bluffing]), found in
/// runs.csv of open against probing.
#[test]
fn transcripts_tell_walk_aways_misleading_and_caught_lies() {
    let cwd = tmp();
    let cfg = default_with(cwd.path(), "bluff", "\"open\", \"probing\"");
    let (h, rows) = runs_of(cwd.path(), &cfg, 20000, "r");
    let c = |n: &str| col(&h, n, "runs.csv");
    let num = |r: &Vec<String>, n: &str| -> f64 { r[c(n)].parse().unwrap() };
    let pick = |what: &str, f: &dyn Fn(&Vec<String>) -> bool| -> Vec<String> {
        rows.iter()
            .find(|r| r[c("strategy_a")] == "open" && r[c("strategy_b")] == "probing" && f(r))
            .unwrap_or_else(|| panic!("no open vs probing run in runs.csv {what}"))
            .clone()
    };
    let tell = |r: &Vec<String>| {
        trace(
            cwd.path(),
            &[
                "--a",
                "open",
                "--b",
                "probing",
                "--run",
                &r[c("run")],
                s(&cfg),
            ],
        )
    };

    let walk = pick("where B walks away before the first offer", &|r| {
        r[c("walk_away")] == "B" && r[c("rounds")] == "0"
    });
    let t = tell(&walk);
    for want in [
        "B (probing) walks away before the first offer: it believes A's value is about",
        "No deal: B (probing) walked away before the first offer.",
    ] {
        assert!(t.contains(want), "transcript lacks {want:?}:\n{t}");
    }

    let misled = pick("where A was misled", &|r| num(r, "info_bits_a") <= -0.005);
    let t = tell(&misled);
    let want = format!("was misled: {:.2} bits", num(&misled, "info_bits_a"));
    assert!(t.contains(&want), "transcript lacks {want:?}:\n{t}");
    assert!(
        t.contains("[a bluff: its true cost is"),
        "the bluffer's claimed limit is not told:\n{t}"
    );

    let caught = pick("where A caught B lying", &|r| {
        num(r, "lies_detected_a") > 0.0
    });
    let t = tell(&caught);
    for want in ["A (open) catches B lying: ", "[B was bluffing]"] {
        assert!(t.contains(want), "transcript lacks {want:?}:\n{t}");
    }
    assert!(
        !t.contains("a false accusation"),
        "a true detection told as a false one:\n{t}"
    );
}

/// A false accusation of an honest side (mirroring's noisy claims) is told
/// as one, and counted as such, never as a caught lie.
#[test]
fn transcripts_tell_false_accusations_as_such() {
    let cwd = tmp();
    let cfg = default_with(cwd.path(), "mirror", "\"mirroring\"");
    let (h, rows) = runs_of(cwd.path(), &cfg, 20000, "r");
    let c = |n: &str| col(&h, n, "runs.csv");
    let row = rows
        .iter()
        .find(|r| r[c("false_detections_a")] != "0")
        .expect("mirroring never accused an honest mirroring side in 20,000 runs");
    let t = trace(
        cwd.path(),
        &[
            "--a",
            "mirroring",
            "--b",
            "mirroring",
            "--run",
            &row[c("run")],
            s(&cfg),
        ],
    );
    for want in [
        "A (mirroring) accuses B of lying: ",
        "[a false accusation: B was honest, its claims only noisy]",
        &format!(
            "lies caught by A 0 / by B {}, false accusations by A {} / by B {}",
            row[c("lies_detected_b")],
            row[c("false_detections_a")],
            row[c("false_detections_b")]
        ),
    ] {
        assert!(t.contains(want), "transcript lacks {want:?}:\n{t}");
    }
    assert!(!t.contains("catches B lying"), "{t}");
}

#[test]
fn the_transcript_says_what_a_claim_commits_to_and_when_an_offer_is_held() {
    // Model 2.1: mirroring's honest, noisy claims (precision-weighted mean
    // 53,243) bind it only 3 sds of their noise further, at 54,780, beyond
    // its value of 53,383; B repeats its ask and A takes it as final.
    let cwd = tmp();
    let t = trace(
        cwd.path(),
        &["--a", "mirroring", "--b", "mirroring", "--run", "1"],
    );
    assert!(
        t.contains("claimed a limit of 53,243 (it pays no more; its 4 claims combined, each weighted by 1 / its noise\u{b2}) [honest but noisy: its true value is 53,383]; its claims commit it as far as breaking them could be caught: 54,780"),
        "{t}"
    );
    assert!(
        t.contains("round  4: A (mirroring) takes B (mirroring)'s repeated offer as final (held to the deadline).")
            && t.contains("round  4: A (mirroring) accepts."),
        "{t}"
    );
}
