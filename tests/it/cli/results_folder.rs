//! The safety of the results folder: only the same experiment is replaced,
//! `--force`, nothing half-written after a failure or an interruption.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::*;

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
    let before = fs::read(dir.path().join("x/summary.csv")).unwrap();
    let out = run_into(dir.path(), &cfg, &[]);
    assert_ok(&out, "rerun of the same experiment into the same --out");
    assert_eq!(fs::read(dir.path().join("x/summary.csv")).unwrap(), before);
    assert_eq!(entries(dir.path()), ["x"], "leftovers next to x");
}

/// Point 3 of issue 10: the fingerprint covers the seed and the runs, so a
/// smaller rerun does not silently replace a bigger one.
#[test]
fn another_seed_or_run_count_is_another_experiment() {
    let dir = tmp();
    let cfg = config("default.toml");
    assert_ok(&run_into(dir.path(), &cfg, &["--runs", "200"]), "first run");
    let before = fs::read(dir.path().join("x/summary.csv")).unwrap();
    for extra in [
        &["--runs", "100"][..],
        &["--runs", "200", "--seed", "7"][..],
    ] {
        let out = run_into(dir.path(), &cfg, extra);
        assert_one_user_error(&out, &["x", "--force", "seed or runs"], "smaller rerun");
        assert_eq!(fs::read(dir.path().join("x/summary.csv")).unwrap(), before);
    }
    let out = run_into(
        dir.path(),
        &cfg,
        &["--seed", "5", "--runs", "150", "--force"],
    );
    assert_ok(&out, "rerun with --force");
    let m = read_manifest(&dir.path().join("x"));
    assert_eq!(m["seed"].as_u64(), Some(5), "the folder was not replaced");
    assert_eq!(m["runs_per_pairing"].as_u64(), Some(150));
    assert_eq!(entries(dir.path()), ["x"], "leftovers next to x");
}

/// Point 2 of issue 10: a rerun keeps every file negsim did not write, and
/// of the same experiment also the files other commands added (report,
/// evolution); `--force` to another experiment drops those but keeps the
/// user's files.
#[test]
fn rerun_keeps_files_negsim_did_not_write() {
    let dir = tmp();
    let cfg = config("default.toml");
    let x = dir.path().join("x");
    assert_ok(&run_into(dir.path(), &cfg, &[]), "first run");
    fs::write(x.join("notes.txt"), "my notes").unwrap();
    fs::create_dir_all(x.join("analysis/out")).unwrap();
    fs::write(x.join("analysis/out/fit.R"), "lm()").unwrap();
    fs::write(x.join("charts/README.txt"), "my chart notes").unwrap();
    assert_ok(&negsim(dir.path(), &["report", "x"]), "report");
    let evolve = [
        "evolve",
        "x",
        "-q",
        "--generations",
        "20",
        "--moran-runs",
        "5",
        "--population",
        "10",
    ];
    assert_ok(&negsim(dir.path(), &evolve), "evolve");
    let report = fs::read(x.join("report.html")).unwrap();
    let evolution = fs::read(x.join("evolution.csv")).unwrap();
    let recorded = read_manifest(&x)["evolution"].clone();
    assert!(recorded.is_object(), "evolve did not record its settings");

    assert_ok(
        &run_into(dir.path(), &cfg, &[]),
        "rerun of the same experiment",
    );
    let mine = |rel: &str| fs::read_to_string(x.join(rel)).ok();
    assert_eq!(mine("notes.txt").as_deref(), Some("my notes"));
    assert_eq!(mine("analysis/out/fit.R").as_deref(), Some("lm()"));
    assert_eq!(mine("charts/README.txt").as_deref(), Some("my chart notes"));
    assert_eq!(fs::read(x.join("report.html")).unwrap(), report);
    assert_eq!(fs::read(x.join("evolution.csv")).unwrap(), evolution);
    assert!(
        x.join("charts/evolution.png").is_file(),
        "evolve's chart was dropped"
    );
    let m = read_manifest(&x);
    let files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    for f in [
        "report.html",
        "report.md",
        "evolution.csv",
        "fixation.csv",
        "manifest.json",
    ] {
        assert!(
            files.contains(&f),
            "the new manifest does not list {f}: {files:?}"
        );
    }
    assert!(
        !files.contains(&"notes.txt"),
        "a file of the user's is listed as negsim's"
    );
    assert_eq!(m["evolution"], recorded, "evolve's settings were lost");
    assert!(
        leftovers_inside(&x).is_empty(),
        "{:?}",
        leftovers_inside(&x)
    );

    let out = run_into(dir.path(), &config("integrative.toml"), &["--force"]);
    assert_ok(&out, "another experiment with --force");
    assert_eq!(mine("notes.txt").as_deref(), Some("my notes"));
    assert_eq!(mine("analysis/out/fit.R").as_deref(), Some("lm()"));
    assert_eq!(mine("charts/README.txt").as_deref(), Some("my chart notes"));
    for stale in [
        "report.html",
        "report.md",
        "evolution.csv",
        "charts/evolution.png",
    ] {
        assert!(
            !x.join(stale).exists(),
            "{stale} of the other experiment was kept"
        );
    }
    assert_eq!(read_manifest(&x)["name"].as_str(), Some("integrative"));
    assert_eq!(entries(dir.path()), ["x"], "leftovers next to x");
}

/// Point 1 of issue 10: `--force` never replaces a folder negsim did not
/// write (a thesis, a git clone).
#[test]
fn force_never_replaces_a_folder_negsim_did_not_write() {
    let dir = tmp();
    let thesis = dir.path().join("mythesis");
    fs::create_dir_all(thesis.join(".git")).unwrap();
    fs::write(thesis.join(".git/HEAD"), "ref: refs/heads/main").unwrap();
    fs::write(thesis.join("chapter1.tex"), "\\chapter{One}").unwrap();
    let before = snapshot(&thesis);
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["run", "--runs", "50", "--out", "mythesis", "-q"];
        args.extend_from_slice(extra);
        let out = negsim(dir.path(), &args);
        assert_one_user_error(
            &out,
            &[
                "mythesis",
                "not a folder negsim wrote",
                "manifest.json",
                "--out",
            ],
            &args.join(" "),
        );
        assert_eq!(
            snapshot(&thesis),
            before,
            "negsim {} touched the folder",
            args.join(" ")
        );
        assert_eq!(entries(dir.path()), ["mythesis"], "leftovers");
    }
}

/// Point 5 of issue 10: leftovers of other processes never block a folder;
/// concurrent runs into one folder end with one complete result.
#[cfg(unix)]
#[test]
fn concurrent_runs_and_leftovers_never_block_the_folder() {
    let dir = tmp();
    // What older versions and killed processes left: a shared backup name
    // and the temporaries of a process that no longer exists.
    fs::create_dir_all(dir.path().join(".x.old/charts")).unwrap();
    fs::create_dir_all(dir.path().join(".x.tmp-4000000000.old")).unwrap();
    fs::create_dir_all(dir.path().join(".x.tmp-4000000001")).unwrap();
    let cfg = config("default.toml");
    assert_ok(&run_into(dir.path(), &cfg, &[]), "first run");
    assert_eq!(
        entries(dir.path()),
        [".x.old", "x"],
        "dead temporaries were not removed"
    );
    fs::remove_dir_all(dir.path().join(".x.old")).unwrap();
    let children: Vec<_> = (0..3)
        .map(|_| {
            negsim_command(
                dir.path(),
                &["run", s(&cfg), "--runs", "100", "--out", "x", "-q"],
            )
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start negsim")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a concurrent run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let x = dir.path().join("x");
    assert_eq!(read_manifest(&x)["runs_per_pairing"].as_u64(), Some(100));
    let listed: Vec<String> = read_manifest(&x)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    assert_eq!(
        entries(&x),
        listed_sorted,
        "the folder is not one complete result"
    );
    assert_eq!(
        entries(dir.path()),
        ["x"],
        "leftovers after concurrent runs"
    );
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
    assert_one_user_error(&out, &["--force", "x"], "different config into x");
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
    for extra in [&[][..], &["--force"][..]] {
        let out = run_into(dir.path(), &config("default.toml"), extra);
        assert_one_user_error(&out, &["--force", "x"], "run into a folder of other files");
    }
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
        let problems = one_user_error_problems(&out, &["data.txt"]);
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
    let mut child = negsim_command(
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
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("start negsim");
    // Wait until it is writing.
    let start = Instant::now();
    while leftovers_beside(dir.path(), "x").is_empty() && start.elapsed() < Duration::from_secs(10)
    {
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
    let after_interrupt = leftovers_beside(dir.path(), "x");

    let out = negsim(dir.path(), &["run", "--runs", "50", "--out", "x", "-q"]);
    assert_ok(&out, "run after the interrupted one");
    assert!(
        leftovers_beside(dir.path(), "x").is_empty(),
        "half-written folders left: {after_interrupt:?} after the interrupted run, {:?} \
         after a later successful run into the same --out",
        leftovers_beside(dir.path(), "x")
    );
}
