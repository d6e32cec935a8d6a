//! The cluster path on a real Slurm: `scripts/slurm-local up` (installing
//! Debian's slurmctld, slurmd, slurm-client and munge if missing: root and
//! apt-get needed, or the test FAILS saying so) starts a one-node cluster;
//! `negsim slurm --shards 4 --submit` submits a job array of 4 shards and a
//! merge job that depends on it (`--dependency=afterok`) with the real
//! sbatch; the test waits for both (squeue; accounting is off, so no sacct)
//! and compares the merged folder with a run on one machine, byte for byte.
//! The cluster is stopped at the end, also when the test fails, unless it
//! was up before the test.

use super::assert_same_results;
use crate::helpers::*;
use std::process::Command;
use std::time::{Duration, Instant};

/// Stops the cluster when dropped (also while a failing test unwinds).
struct Cluster {
    started: bool,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.started {
            let mut down = Command::new(repo().join("scripts/slurm-local"));
            down.arg("down");
            let out = run(down, Duration::from_secs(60));
            if out.code != Some(0) {
                eprintln!("scripts/slurm-local down failed:\n{}", out.describe());
            }
        }
    }
}

/// Whether a Slurm controller answers here.
fn slurm_is_up() -> bool {
    let mut ping = Command::new("scontrol");
    ping.arg("ping");
    Command::new("scontrol").arg("--version").output().is_ok() && {
        let out = run(ping, Duration::from_secs(20));
        out.code == Some(0) && out.stdout.contains("is UP")
    }
}

fn up() -> Cluster {
    if slurm_is_up() {
        return Cluster { started: false };
    }
    let mut cmd = Command::new(repo().join("scripts/slurm-local"));
    cmd.arg("up");
    let cluster = Cluster { started: true };
    let out = run(cmd, Duration::from_secs(300));
    assert!(
        out.code == Some(0),
        "the Slurm test needs a one-node Slurm cluster, and `scripts/slurm-local up` could not start one \
         (it installs Debian's slurmctld, slurmd, slurm-client and munge when missing, which needs root and apt-get; \
         as root: scripts/slurm-local up):\n{}",
        out.describe()
    );
    cluster
}

fn tool(program: &str, args: &[&str]) -> Out {
    let mut c = Command::new(program);
    c.args(args);
    run(c, Duration::from_secs(30))
}

#[test]
fn a_job_array_and_its_dependent_merge_on_a_real_slurm_give_the_one_machine_results() {
    let _cluster = up();
    let dir = tmp();
    let d = dir.path();
    let job = d.join("job");
    let merged = d.join("merged");
    let start = Instant::now();
    let out = negsim(
        d,
        &[
            "slurm",
            s(&config("default.toml")),
            "--shards",
            "4",
            "--runs",
            "2000",
            "--time",
            "10:00",
            "--submit",
            "--dir",
            s(&job),
            "--out",
            s(&merged),
        ],
    );
    assert_ok(&out, "negsim slurm --submit");
    let array = std::fs::read_to_string(job.join("array.sh")).expect("array.sh");
    assert!(
        array.contains("#SBATCH --array=1-4")
            && array.contains("--shard auto --resume")
            && array.contains("#SBATCH --time=10:00"),
        "{array}"
    );
    // "submitted array job 12 (4 tasks) and merge job 13 (afterok:12)"
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("submitted array job "))
        .unwrap_or_else(|| panic!("no job ids in:\n{}", out.stdout));
    let words: Vec<&str> = line.split_whitespace().collect();
    let (array_id, merge_id) = (words[3], words[9]);
    assert!(
        array_id.parse::<u64>().is_ok() && merge_id.parse::<u64>().is_ok(),
        "{line}"
    );
    assert!(line.ends_with(&format!("(afterok:{array_id})")), "{line}");
    assert!(
        out.stdout
            .contains(&format!("results will appear in {}/", merged.display())),
        "{}",
        out.stdout
    );
    let ids = format!("{array_id},{merge_id}");
    // The merge job waits on the array.
    let show = tool("scontrol", &["show", "job", merge_id]);
    assert!(
        show.stdout.contains(&format!("afterok:{array_id}"))
            || show.stdout.contains("JobState=COMPLETED"),
        "{}",
        show.stdout
    );
    loop {
        let q = tool("squeue", &["-h", "-j", &ids, "-o", "%i %T %r"]);
        if q.code == Some(0) && q.stdout.trim().is_empty() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(240),
            "the jobs did not finish within 240 s:\n{}\n{}",
            q.stdout,
            std::fs::read_to_string(job.join("logs/shard-1.out")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    for id in [array_id, merge_id] {
        let show = tool("scontrol", &["show", "job", id]);
        let states: Vec<&str> = show
            .stdout
            .split_whitespace()
            .filter(|w| w.starts_with("JobState="))
            .collect();
        assert!(
            !states.is_empty() && states.iter().all(|s| *s == "JobState=COMPLETED"),
            "job {id}: {states:?}\n{}\nmerge log:\n{}",
            show.stdout,
            std::fs::read_to_string(job.join("logs/merge.out")).unwrap_or_default()
        );
    }
    assert_eq!(
        entries(&job.join("shards")),
        [
            "shard-1-of-4",
            "shard-2-of-4",
            "shard-3-of-4",
            "shard-4-of-4"
        ]
    );
    let log = std::fs::read_to_string(job.join("logs/merge.out")).expect("merge log");
    assert!(log.contains("merged 4 shards"), "{log}");
    assert_ok(
        &negsim(d, &["run", "--runs", "2000", "--out", "one", "-q"]),
        "one machine",
    );
    assert_same_results(&d.join("one"), &merged, "Slurm array of 4 and merge");
}
