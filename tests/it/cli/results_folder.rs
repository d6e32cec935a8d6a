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
    let out = run_into(dir.path(), &config("default.toml"), &[]);
    assert_one_user_error(&out, &["--force", "x"], "run into a folder of other files");
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
