//! Shards that must not be merged, and shards that must not be redone:
//! a missing shard is named in `sbatch --array` syntax; a shard of another
//! config, a shard given twice and the leftovers of a killed shard are
//! refused; `--resume` skips a complete shard folder and plays a killed one
//! again.

use crate::helpers::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Shards `which` of N of the default tournament (2,000 runs: 8 units of
/// work) into `out`.
fn shards(d: &Path, out: &str, n: u32, which: &[u32], extra: &[&str]) {
    for i in which {
        let spec = format!("{i}/{n}");
        let mut a = vec![
            "run",
            "--runs",
            "2000",
            "--no-charts",
            "-q",
            "--shard",
            &spec,
            "--out",
            out,
        ];
        a.extend_from_slice(extra);
        assert_ok(&negsim(d, &a), &format!("shard {spec}"));
    }
}

#[test]
fn a_missing_shard_is_named_for_resubmission() {
    let dir = tmp();
    let d = dir.path();
    shards(d, "s", 8, &[1, 2, 4, 5, 8], &[]);
    let out = negsim(d, &["merge", "s", "--out", "m"]);
    assert_one_user_error(
        &out,
        &["3 of 8 shards missing", "--array=3,6-7", "sbatch"],
        "merge with shards 3, 6, 7 missing",
    );
    assert!(
        !d.join("m").exists(),
        "a failed merge wrote {:?}",
        entries(d)
    );
}

#[test]
fn a_shard_of_another_config_is_refused() {
    let dir = tmp();
    let d = dir.path();
    shards(d, "s", 2, &[1], &[]);
    shards(d, "t", 2, &[2], &["--seed", "7"]);
    let out = negsim(d, &["merge", "s", "t", "--out", "m"]);
    assert_one_user_error(
        &out,
        &["shard-2-of-2", "another experiment", "seed 7", "seed 42"],
        "merge across seeds",
    );
    // Another config entirely: the repeated tournament.
    let c = config("repeated.toml");
    let spec = "2/2";
    assert_ok(
        &negsim(
            d,
            &[
                "run",
                s(&c),
                "--runs",
                "2000",
                "-q",
                "--no-charts",
                "--shard",
                spec,
                "--out",
                "u",
            ],
        ),
        "repeated shard",
    );
    let out = negsim(d, &["merge", "s", "u", "--out", "m"]);
    assert_one_user_error(
        &out,
        &["another experiment", "repeated", "fingerprint"],
        "merge across configs",
    );
    assert!(!d.join("m").exists());
}

#[test]
fn a_duplicated_shard_is_refused() {
    let dir = tmp();
    let d = dir.path();
    shards(d, "s", 3, &[1, 2, 3], &[]);
    copy_files(&d.join("s/shard-2-of-3"), &d.join("copy/shard-2-of-3"));
    let out = negsim(d, &["merge", "s", "copy", "--out", "m"]);
    assert_one_user_error(
        &out,
        &[
            "shard 2/3 is given twice",
            "copy/shard-2-of-3",
            "s/shard-2-of-3",
        ],
        "a shard twice",
    );
    // The same folder twice is a duplicate too.
    let out = negsim(d, &["merge", "s", "s/shard-1-of-3", "--out", "m"]);
    assert_one_user_error(&out, &["shard 1/3 is given twice"], "a folder twice");
    // Shards of two different splits do not mix.
    shards(d, "v", 2, &[2], &[]);
    let out = negsim(
        d,
        &["merge", "s/shard-1-of-3", "v/shard-2-of-2", "--out", "m"],
    );
    assert_one_user_error(&out, &["shard 2/2", "shard 1/3"], "splits mixed");
    assert!(!d.join("m").exists());
}

#[test]
fn a_killed_shard_leaves_nothing_to_merge_and_resume_redoes_only_it() {
    let dir = tmp();
    let d = dir.path();
    let args = |spec: &'static str| {
        vec![
            "run",
            "--runs",
            "400000",
            "--no-charts",
            "-q",
            "--threads",
            "1",
            "--shard",
            spec,
            "--out",
            "s",
        ]
    };
    // Shard 2/2 of a long run is killed while it writes its state.
    let mut child = negsim_command(d, &args("2/2"))
        .spawn()
        .expect("start shard 2/2");
    let start = Instant::now();
    let tmp_name = loop {
        let found = entries(&d.join("s"))
            .into_iter()
            .find(|e| e.starts_with(".shard-2-of-2.tmp-"));
        if let Some(t) = found
            && std::fs::metadata(d.join("s").join(&t).join("state.bin")).is_ok_and(|m| m.len() > 0)
        {
            break t;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "shard 2/2 wrote nothing in 60 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().expect("kill shard 2/2");
    let status = child.wait().expect("wait");
    assert!(
        status.code().is_none(),
        "shard 2/2 finished before it was killed: make it longer"
    );
    // Its lock file stays, unlocked (its process is gone): the next run of
    // that shard takes it.
    let mut left = entries(&d.join("s"));
    left.retain(|e| e != ".shard-2-of-2.lock");
    assert_eq!(
        left,
        vec![tmp_name.clone()],
        "a killed shard left a folder that looks complete"
    );
    // Given the folder of shards, merge sees no shard at all; given the
    // temporary folder, it says what it is.
    let out = negsim(d, &["merge", "s", "--out", "m"]);
    assert_one_user_error(
        &out,
        &[
            "neither a shard folder nor a folder of shard folders",
            "did not finish",
        ],
        "only a killed shard",
    );
    let killed = format!("s/{tmp_name}");
    let out = negsim(d, &["merge", &killed, "--out", "m"]);
    assert_one_user_error(
        &out,
        &["did not finish", "rerun that shard"],
        "the killed shard's folder",
    );
    // Shard 1 of a smaller run finishes; resume then plays shard 2 and
    // skips shard 1.
    let small = |spec: &'static str| {
        vec![
            "run",
            "--runs",
            "3000",
            "--no-charts",
            "-q",
            "--threads",
            "1",
            "--shard",
            spec,
            "--out",
            "r",
            "--resume",
        ]
    };
    assert_ok(&negsim(d, &small("1/2")), "shard 1/2");
    let first = std::fs::read(d.join("r/shard-1-of-2/shard.json")).expect("header");
    let modified = std::fs::metadata(d.join("r/shard-1-of-2/state.bin"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let mut loud = small("1/2");
    loud.retain(|a| *a != "-q");
    let out = negsim(d, &loud);
    assert_ok(&out, "shard 1/2 again");
    assert!(
        out.stdout.contains("shard 1/2 is complete") && out.stdout.contains("skipped"),
        "{}",
        out.stdout
    );
    assert_eq!(
        std::fs::read(d.join("r/shard-1-of-2/shard.json")).expect("header"),
        first,
        "a complete shard was redone"
    );
    assert_eq!(
        std::fs::metadata(d.join("r/shard-1-of-2/state.bin"))
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified
    );
    // Without --resume a complete shard is not silently replaced.
    let mut again = small("1/2");
    again.retain(|a| *a != "--resume");
    assert_one_user_error(
        &negsim(d, &again),
        &["shard 1/2 of this run", "--resume"],
        "a complete shard without --resume",
    );
    // What a shard killed before it finished leaves (its process gone).
    std::fs::create_dir(d.join("r/.shard-2-of-2.tmp-4194999")).unwrap();
    let out = negsim(d, &["merge", "r", "--out", "m"]);
    assert_one_user_error(
        &out,
        &[
            "1 of 2 shards missing",
            "--array=2",
            "unfinished (killed?) shard folders: .shard-2-of-2.tmp-4194999",
        ],
        "merge before shard 2",
    );
    assert_ok(&negsim(d, &small("2/2")), "shard 2/2");
    assert_ok(&negsim(d, &["merge", "r", "--out", "m", "-q"]), "merge");
    assert_ok(
        &negsim(
            d,
            &["run", "--runs", "3000", "--no-charts", "-q", "--out", "one"],
        ),
        "one machine",
    );
    super::assert_same_results(&d.join("one"), &d.join("m"), "resumed shards");
}

#[test]
fn bad_shard_options_are_user_errors() {
    let dir = tmp();
    let d = dir.path();
    for (spec, says) in [
        ("0/4", "numbered from 1"),
        ("5/4", "I out of range"),
        ("3", "no '/'"),
        ("1/0", "N out of range"),
    ] {
        let out = negsim(d, &["run", "--runs", "100", "--shard", spec]);
        assert_one_user_error(&out, &["--shard", spec, says], spec);
    }
    let out = negsim_command(d, &["run", "--runs", "100", "--shard", "auto"])
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not in a Slurm array task"));
    // Auto in a Slurm array task: task 2 of 3.
    let out = negsim_command(
        d,
        &["run", "--runs", "900", "--shard", "auto", "--no-charts"],
    )
    .env("SLURM_ARRAY_TASK_ID", "2")
    .env("SLURM_ARRAY_TASK_COUNT", "3")
    .env_remove("NEGSIM_SHARDS")
    .output()
    .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        d.join("results/default-shards/shard-2-of-3/shard.json")
            .is_file()
    );
    // Matches played in lock step do not split.
    let repeated = std::fs::read_to_string(config("repeated.toml")).unwrap();
    assert!(repeated.contains("[match]\nruns = 20 "));
    std::fs::write(
        d.join("long.toml"),
        repeated.replace("[match]\nruns = 20 ", "[match]\nruns = 5000 "),
    )
    .unwrap();
    let out = negsim(
        d,
        &["run", "long.toml", "--runs", "10000", "--shard", "1/2"],
    );
    assert_one_user_error(&out, &["lock step", "5000 runs"], "lock step");
    let out = negsim(d, &["merge", "nothing-here"]);
    assert_one_user_error(&out, &["nothing-here"], "no such folder");
}
