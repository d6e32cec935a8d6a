//! Issue 19, items 4 and 8: the commands that read a results folder and
//! write into it (`report`, `evolve`, `plot`) hold the folder's lock (the
//! lock `negsim run` takes to commit) for their whole read-compute-write,
//! so that a `run --force` cannot swap the folder under them; a folder
//! left missing by a kill between the two renames of a commit is put back
//! by the next command that reads it; a failed write leaves no temporary
//! file.

use crate::helpers::*;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// A small tournament's results folder `d/x`, with charts.
fn results(d: &Path) {
    let out = negsim(d, &["run", "--runs", "100", "--out", "x", "-q"]);
    assert_ok(&out, "negsim run");
}

/// The lock `negsim run` takes to commit `d/x`: on its parent folder.
fn hold_lock(d: &Path) -> fs::File {
    let f = fs::File::open(d).unwrap();
    f.lock().unwrap();
    f
}

const READERS: [&[&str]; 3] = [
    &["report", "x"],
    &[
        "evolve",
        "x",
        "--generations",
        "20",
        "--moran-runs",
        "50",
        "-q",
    ],
    &["plot", "x"],
];

/// Item 4: while the folder's lock is held (as by a `run --force`
/// committing), report, evolve and plot do not read and write the folder:
/// they wait for the lock and, if it is not released in time, refuse with
/// exit 2 saying so, having written nothing. Before, each ran through
/// (exit 0) and wrote a report or an evolution.csv of the experiment being
/// replaced.
#[test]
fn readers_of_a_results_folder_refuse_while_it_is_locked() {
    let dir = tmp();
    let d = dir.path();
    results(d);
    let before = snapshot(&d.join("x"));
    let lock = hold_lock(d);
    for args in READERS {
        let mut c = negsim_command(d, args);
        c.env("NEGSIM_LOCK_WAIT", "1");
        let start = Instant::now();
        let out = run(c, LIMIT);
        assert_one_user_error(&out, &["x", "locked"], &args.join(" "));
        assert!(
            start.elapsed() >= Duration::from_millis(900),
            "{}: did not wait for the lock",
            args.join(" ")
        );
        assert!(
            snapshot(&d.join("x")) == before,
            "{}: wrote into the locked folder",
            args.join(" ")
        );
    }
    drop(lock);
    for args in READERS {
        assert_ok(&negsim(d, args), &args.join(" "));
    }
    assert!(d.join("x/report.html").is_file() && d.join("x/evolution.csv").is_file());
}

/// Item 4: a command that finds the folder locked waits for it, then
/// reads the folder as the committing run left it.
#[test]
fn a_reader_waits_for_the_lock() {
    let dir = tmp();
    let d = dir.path();
    results(d);
    let lock = hold_lock(d);
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        let released = SystemTime::now();
        drop(lock);
        released
    });
    let out = negsim(d, &["report", "x"]);
    let released = releaser.join().unwrap();
    assert_ok(&out, "report after the lock was released");
    let written = fs::metadata(d.join("x/report.html"))
        .and_then(|m| m.modified())
        .unwrap();
    assert!(
        written >= released,
        "report.html was written before the lock was released"
    );
    assert!(d.join("x/report.html").is_file());
}

/// Item 8: a kill between the two renames of a commit (the old folder
/// moved to its backup name, the new one not yet in place) left the folder
/// missing until the next write. Now report, evolve and plot put the backup
/// back and go on.
#[test]
fn a_folder_missing_after_a_killed_commit_is_recovered_by_readers() {
    let dir = tmp();
    let d = dir.path();
    results(d);
    let summary = fs::read(d.join("x/summary.csv")).unwrap();
    for args in READERS {
        // The backup name of a commit by a process that no longer exists.
        fs::rename(d.join("x"), d.join(".x.tmp-4000000000-0.old")).unwrap();
        assert_ok(&negsim(d, args), &args.join(" "));
        assert_eq!(entries(d), ["x"], "{}", args.join(" "));
        assert_eq!(fs::read(d.join("x/summary.csv")).unwrap(), summary);
    }
}

/// Item 8: a write that fails midway (here: past a file-size limit, as on
/// a full disk) leaves no temporary file behind, and no half report.
#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let dir = tmp();
    let d = dir.path();
    results(d);
    let negsim_bin = assert_cmd::cargo::cargo_bin("negsim");
    // 1 block (512 bytes) per file at most; SIGXFSZ ignored so that the
    // write fails with EFBIG instead of killing the process.
    let mut c = Command::new("sh");
    c.args([
        "-c",
        "trap '' XFSZ; ulimit -f 1 && exec \"$0\" report x",
        s(&negsim_bin),
    ])
    .current_dir(d)
    .env_remove("RUST_BACKTRACE");
    let out = run(c, LIMIT);
    assert_one_user_error(&out, &["report.html"], "report on a full disk");
    assert!(!d.join("x/report.html").exists());
    assert_eq!(leftovers_inside(&d.join("x")), Vec::<String>::new());
}
