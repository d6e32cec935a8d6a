//! Bad configs from `tests/bad_configs/` and bad command lines: exit code 2,
//! one `error: ` message naming the file, field and value, no panic,
//! nothing written.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::helpers::*;

/// One file of tests/bad_configs/: what is wrong (`# wrong:`) and what
/// the message must mention (`# expect:` lines).
struct Fixture {
    path: PathBuf,
    expect: Vec<String>,
}

fn fixtures() -> Vec<Fixture> {
    let dir = repo().join("tests").join("bad_configs");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/bad_configs/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "too few bad configs: {paths:?}");
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            assert!(
                text.lines().any(|l| l.starts_with("# wrong: ")),
                "{} has no `# wrong:` line",
                path.display()
            );
            let expect: Vec<String> = text
                .lines()
                .filter_map(|l| l.strip_prefix("# expect: "))
                .map(str::to_string)
                .collect();
            assert!(
                !expect.is_empty(),
                "{} has no `# expect:` line",
                path.display()
            );
            Fixture { path, expect }
        })
        .collect()
}

/// Every bad config makes `check`, `run` (default and explicit --out)
/// and `strategies` fail with exit code 2 and one message that names the
/// file and what its `# expect:` lines say, writing nothing. All
/// failures are collected and reported together.
#[test]
fn bad_configs_are_refused_with_a_precise_message() {
    let mut failures = Vec::new();
    for fx in fixtures() {
        let file = s(&fx.path);
        let mut expected: Vec<&str> = vec![file];
        expected.extend(fx.expect.iter().map(String::as_str));
        let cwd = tmp();
        let out_dir = cwd.path().join("out");
        let commands: [Vec<&str>; 4] = [
            vec!["check", file],
            vec!["run", file, "-q"],
            vec!["run", file, "--out", s(&out_dir)],
            vec!["strategies", file],
        ];
        for args in &commands {
            let out = negsim(cwd.path(), args);
            let mut p = one_user_error_problems(&out, &expected);
            if out.code == Some(2) && !out.stdout.is_empty() {
                p.push(format!("printed on stdout: {:?}", truncate(&out.stdout)));
            }
            let left = entries(cwd.path());
            if !left.is_empty() {
                p.push(format!("left files in the working folder: {left:?}"));
                let _ = fs::remove_dir_all(cwd.path().join("results"));
                let _ = fs::remove_dir_all(&out_dir);
            }
            if !p.is_empty() {
                failures.push(format!(
                    "negsim {}:\n    - {}\n    stderr: {}",
                    args.join(" "),
                    p.join("\n    - "),
                    out.stderr.trim_end().replace('\n', "\n            ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} bad-config checks failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn missing_config_names_path_and_reason() {
    let cwd = tmp();
    let missing = cwd.path().join("no-such-config.toml");
    let reason = fs::read_to_string(&missing).unwrap_err().to_string();
    for cmd in ["check", "run", "strategies"] {
        let out = negsim(cwd.path(), &[cmd, s(&missing)]);
        assert_one_user_error(
            &out,
            &[s(&missing), &reason],
            &format!("negsim {cmd} on a missing file"),
        );
    }
    let out = negsim(
        cwd.path(),
        &["trace", "--a", "open", "--b", "open", s(&missing)],
    );
    assert_one_user_error(&out, &[s(&missing), &reason], "trace on a missing file");
    assert!(entries(cwd.path()).is_empty(), "files written");
}

/// An --out that cannot be written: exit 2 and a message naming the
/// --out path as given, nothing left behind.
#[test]
fn unwritable_out_names_the_path() {
    let cwd = tmp();
    let mut cases: Vec<PathBuf> = Vec::new();
    // Below a regular file.
    let blocker = cwd.path().join("afile");
    fs::write(&blocker, "x").unwrap();
    cases.push(blocker.join("res"));
    // In /proc, where no folder can be made.
    if Path::new("/proc/self").is_dir() {
        cases.push(PathBuf::from(format!(
            "/proc/negsim-cli-test-{}",
            std::process::id()
        )));
    }
    // Below a read-only folder (not enforced for root: skip if writable).
    #[cfg(unix)]
    let ro = {
        use std::os::unix::fs::PermissionsExt;
        let ro = cwd.path().join("ro");
        fs::create_dir(&ro).unwrap();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        if fs::create_dir(ro.join("probe")).is_ok() {
            let _ = fs::remove_dir(ro.join("probe"));
            eprintln!("read-only folder is writable (running as root?): case skipped");
        } else {
            cases.push(ro.join("res"));
        }
        ro
    };
    let mut failures = Vec::new();
    for out_path in &cases {
        let out = negsim(
            cwd.path(),
            &["run", "--runs", "10", "--out", s(out_path), "-q"],
        );
        let p = one_user_error_problems(&out, &[s(out_path)]);
        if !p.is_empty() {
            failures.push(format!(
                "negsim run --out {}: {p:?}\n    stderr: {}",
                out_path.display(),
                out.stderr.trim_end()
            ));
        }
        assert!(!out_path.exists(), "{} was created", out_path.display());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert!(entries(&ro).is_empty(), "leftovers in the read-only folder");
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut left = entries(cwd.path());
    left.retain(|e| e != "afile" && e != "ro");
    assert!(left.is_empty(), "leftovers: {left:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A run count whose k^2 * runs negotiations do not fit in 64 bits is
/// bad input: exit 2 with a message, not an abort.
#[test]
fn impossible_run_counts_are_refused() {
    let text = fs::read_to_string(config("default.toml")).unwrap();
    let runs_line = text
        .lines()
        .find(|l| l.starts_with("runs"))
        .expect("default.toml has a runs line");
    let huge = text.replacen(runs_line, "runs = 9223372036854775807", 1);
    let max = u64::MAX.to_string();
    let cases: [(&[&str], &[&str]); 3] = [
        (&["run", "--runs", &max, "--out", "x", "-q"], &["--runs"]),
        (&["check", "huge.toml"], &["huge.toml", "runs"]),
        (
            &["run", "huge.toml", "--out", "x", "-q"],
            &["huge.toml", "runs"],
        ),
    ];
    let mut failures = Vec::new();
    for (args, expected) in cases {
        let cwd = tmp();
        fs::write(cwd.path().join("huge.toml"), &huge).unwrap();
        let Some(out) = negsim_within(cwd.path(), args, Duration::from_secs(20)) else {
            failures.push(format!(
                "negsim {}: still running after 20 s",
                args.join(" ")
            ));
            continue;
        };
        let mut p = one_user_error_problems(&out, expected);
        let mut left = entries(cwd.path());
        left.retain(|e| e != "huge.toml");
        if !left.is_empty() {
            p.push(format!("left {left:?}"));
        }
        if !p.is_empty() {
            failures.push(format!(
                "negsim {}:\n    - {}\n    {}",
                args.join(" "),
                p.join("\n    - "),
                out.describe().replace('\n', "\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn bad_command_lines_exit_2() {
    let cwd = tmp();
    let cases: [(&[&str], &[&str]); 8] = [
        (&["run", "--runs", "0"], &["--runs"]),
        (&["run", "--threads", "0"], &["--threads"]),
        (&["run", "--seed", "-1"], &["-1"]),
        (&["run", "--seed", "abc"], &["abc"]),
        (&["run", "--bogus"], &["--bogus"]),
        (&["trace", "--b", "open"], &["--a"]),
        (&["frobnicate"], &["frobnicate"]),
        (&["check"], &["CONFIG"]),
    ];
    for (args, expected) in cases {
        let out = negsim(cwd.path(), args);
        assert_one_user_error(&out, expected, &format!("negsim {}", args.join(" ")));
        assert!(
            entries(cwd.path()).is_empty(),
            "negsim {args:?} wrote files"
        );
    }
}

/// Point 8 of issue 10: numeric flags have upper bounds, checked when the
/// command line is parsed (before anything is simulated), and the Moran
/// process a folder would need has a budget.
#[test]
fn numeric_flags_are_bounded() {
    let cwd = tmp();
    let cases: [(&[&str], &[&str]); 8] = [
        (
            &["run", "--threads", "18446744073709551615"],
            &["--threads", "1..=1024"],
        ),
        (&["run", "--threads", "1025"], &["--threads", "1..=1024"]),
        (
            &["sweep", "x.toml", "--threads", "5000"],
            &["--threads", "1..=1024"],
        ),
        (
            &["evolve", "x", "--generations", "4294967295"],
            &["--generations", "1..=10000"],
        ),
        (
            &["evolve", "x", "--population", "100000000"],
            &["--population", "2..=10000"],
        ),
        (
            &["evolve", "x", "--moran-runs", "4000000000"],
            &["--moran-runs", "1..=100000"],
        ),
        (
            &["evolve", "x", "--population", "1"],
            &["--population", "2..=10000"],
        ),
        (&["run", "--runs", "18446744073709551615"], &["--runs"]),
    ];
    for (args, expected) in cases {
        let out = negsim_within(cwd.path(), args, std::time::Duration::from_secs(10))
            .unwrap_or_else(|| panic!("negsim {} did not stop within 10 s", args.join(" ")));
        assert_one_user_error(&out, expected, &format!("negsim {}", args.join(" ")));
        assert!(
            entries(cwd.path()).is_empty(),
            "negsim {args:?} wrote files"
        );
    }
    // Each flag within its range, but together too much work for 4
    // strategies: refused before the Moran process starts.
    assert_ok(
        &negsim(
            cwd.path(),
            &["run", "--runs", "20", "-q", "--no-charts", "--out", "r"],
        ),
        "run",
    );
    let args = [
        "evolve",
        "r",
        "-q",
        "--population",
        "10000",
        "--moran-runs",
        "100000",
    ];
    let out = negsim_within(cwd.path(), &args, std::time::Duration::from_secs(10))
        .expect("evolve over the budget did not stop within 10 s");
    assert_one_user_error(
        &out,
        &["--moran-runs", "--population", "200000000"],
        "evolve over budget",
    );
    assert!(!cwd.path().join("r/evolution.csv").exists());
}

/// A config argument that is no file but a strategy's name (`negsim trace
/// probing --a open --b guarded`) or a shipped config's name without its
/// folder and extension (`negsim run repeated`) is refused with a hint at
/// what was meant; another missing file gets no hint.
#[test]
fn a_missing_config_named_like_a_strategy_or_a_shipped_config_gets_a_hint() {
    let cwd = tmp();
    let out = negsim(
        cwd.path(),
        &["trace", "probing", "--a", "open", "--b", "guarded"],
    );
    assert_one_user_error(
        &out,
        &["probing", "is a strategy, not a config file", "--a and --b"],
        "trace with a strategy for its config",
    );
    // Run in a copy of the repository's layout: configs/repeated.toml.
    fs::create_dir(cwd.path().join("configs")).unwrap();
    fs::copy(
        repo().join("configs").join("repeated.toml"),
        cwd.path().join("configs").join("repeated.toml"),
    )
    .unwrap();
    let out = negsim(cwd.path(), &["run", "repeated", "--runs", "10"]);
    assert_one_user_error(
        &out,
        &["repeated", "did you mean configs/repeated.toml?"],
        "run with a shipped config's bare name",
    );
    assert!(!cwd.path().join("results").exists(), "wrote results");
    let out = negsim(cwd.path(), &["run", "nothere", "--runs", "10"]);
    assert_one_user_error(&out, &["nothere"], "run with a missing config");
    assert!(
        !out.stderr.contains("did you mean") && !out.stderr.contains("is a strategy"),
        "a hint for a name that matches nothing: {}",
        out.stderr
    );
}

#[test]
fn a_sweep_value_of_the_wrong_type_is_refused_in_plain_words() {
    let cwd = tmp();
    let base = fs::read_to_string(repo().join("configs").join("default.toml")).unwrap();
    let cfg = cwd.path().join("s2.toml");
    fs::write(
        &cfg,
        format!("{base}\n[sweep]\n\"exchange.rounds\" = [0, 1, -2]\n"),
    )
    .unwrap();
    for args in [
        vec!["sweep", s(&cfg), "--runs", "10"],
        vec!["check", s(&cfg)],
    ] {
        let out = negsim(cwd.path(), &args);
        assert_one_user_error(
            &out,
            &[
                "s2.toml",
                "sweep cell exchange.rounds = -2",
                "expected a whole number from 0 to 4294967295",
            ],
            args[0],
        );
        assert!(!out.stderr.contains("u32"), "serde's words: {}", out.stderr);
        assert!(!cwd.path().join("results").exists(), "wrote results");
    }
}
