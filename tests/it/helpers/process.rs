//! Running the `negsim` binary (found by `assert_cmd`) and other programs,
//! with a time limit, and judging how it ended: success without panic text,
//! or a user error (exit code 2, one `error: ` message naming what is
//! wrong).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// How long one command may run before it is killed and its test fails:
/// every command of these tests takes seconds; a bug could make one endless.
pub const LIMIT: Duration = Duration::from_secs(60);

/// What a finished (or killed) process left.
#[derive(Debug)]
pub struct Out {
    /// Exit code; `None` when killed by a signal (abort, segfault, time limit).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// Killed because it ran past its time limit.
    pub timed_out: bool,
}

impl Out {
    /// Exit code, stdout and stderr (both truncated) for a failure message.
    pub fn describe(&self) -> String {
        format!(
            "exit code {:?}{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code,
            if self.timed_out {
                " (killed at the time limit)"
            } else {
                ""
            },
            truncate(&self.stdout),
            truncate(&self.stderr)
        )
    }
}

/// The first 3000 characters of `t`.
pub fn truncate(t: &str) -> &str {
    match t.char_indices().nth(3000) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

/// `negsim args` in `cwd`, not yet started (for tests that signal it).
/// `RUST_BACKTRACE` is unset so that a panic prints its "RUST_BACKTRACE"
/// note, which the checks below look for.
pub fn negsim_command(cwd: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("negsim"));
    c.args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    c
}

/// Run `cmd` with an empty stdin and captured output; kill it if it is not
/// done within `limit`. The limit is kept here, by polling the child, so
/// that `timed_out` says exactly whether this function killed it (a child
/// killed by any other signal has `code: None` and `timed_out: false`).
pub fn run(mut cmd: Command, limit: Duration) -> Out {
    use std::io::Read;
    use std::process::Stdio;
    let what = format!("{:?}", cmd.get_program());
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let pipe = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let stdout = pipe(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = pipe(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(st) = child.try_wait().expect("poll child") {
            break st;
        }
        if start.elapsed() >= limit {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait for killed child");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Out {
        code: status.code(),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        timed_out,
    }
}

/// Run `negsim args` in `cwd`; the test fails if it takes longer than
/// [`LIMIT`].
pub fn negsim(cwd: &Path, args: &[&str]) -> Out {
    let out = run(negsim_command(cwd, args), LIMIT);
    assert!(
        !out.timed_out,
        "negsim {} did not finish within {} s (killed):\n{}",
        args.join(" "),
        LIMIT.as_secs(),
        out.describe()
    );
    out
}

/// Like [`negsim`], but `None` if it is not done within `limit` (for
/// commands that a bug could turn into an endless run).
pub fn negsim_within(cwd: &Path, args: &[&str], limit: Duration) -> Option<Out> {
    let out = run(negsim_command(cwd, args), limit);
    (!out.timed_out).then_some(out)
}

/// The signs of a panic or an abort found in `stderr`.
pub fn panic_marks(stderr: &str) -> Vec<&'static str> {
    [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "memory allocation of",
    ]
    .into_iter()
    .filter(|m| stderr.contains(m))
    .collect()
}

/// Exit code 0 and no panic text.
pub fn assert_ok(out: &Out, what: &str) {
    assert_eq!(out.code, Some(0), "{what} failed:\n{}", out.describe());
    assert!(
        panic_marks(&out.stderr).is_empty(),
        "{what} printed panic text:\n{}",
        out.describe()
    );
}

/// Problems with a command that should have failed on bad user input:
/// exit code 2, stderr starting with `error: ` and holding every string in
/// `expected`, no panic text.
pub fn user_error_problems(out: &Out, expected: &[&str]) -> Vec<String> {
    let mut p = Vec::new();
    if out.code != Some(2) {
        p.push(format!("exit code {:?}, expected 2", out.code));
    }
    if !out.stderr.starts_with("error: ") {
        p.push("stderr does not start with `error: `".to_string());
    }
    for m in panic_marks(&out.stderr) {
        p.push(format!("stderr contains panic text `{m}`"));
    }
    for e in expected {
        if !out.stderr.contains(e) {
            p.push(format!("stderr does not mention `{e}`"));
        }
    }
    p
}

/// [`user_error_problems`], and `error: ` only once on stderr: one
/// message, not several, nor one stacked on another.
pub fn one_user_error_problems(out: &Out, expected: &[&str]) -> Vec<String> {
    let mut p = user_error_problems(out, expected);
    if out.stderr.starts_with("error: ") && out.stderr.matches("error: ").count() != 1 {
        p.push("stderr holds more than one `error: ` message".to_string());
    }
    p
}

/// The command failed on bad user input (see [`user_error_problems`]).
pub fn assert_user_error(out: &Out, expected: &[&str], what: &str) {
    report_user_error(&user_error_problems(out, expected), out, what);
}

/// The command failed on bad user input with one message (see
/// [`one_user_error_problems`]).
pub fn assert_one_user_error(out: &Out, expected: &[&str], what: &str) {
    report_user_error(&one_user_error_problems(out, expected), out, what);
}

fn report_user_error(p: &[String], out: &Out, what: &str) {
    assert!(
        p.is_empty(),
        "{what}:\n  - {}\n{}",
        p.join("\n  - "),
        out.describe()
    );
}

/// Fail with every problem listed, if there are any.
pub fn assert_no_problems(p: &[String], what: &str) {
    assert!(p.is_empty(), "{what}:\n  - {}", p.join("\n  - "));
}

/// The runner's time limit works: a command past it is killed, and said so.
#[test]
fn run_kills_a_command_past_its_limit() {
    let start = Instant::now();
    let mut sleep = Command::new("sleep");
    sleep.arg("30");
    let out = run(sleep, Duration::from_millis(300));
    assert!(out.timed_out && out.code.is_none(), "{out:?}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "killed after {:?}",
        start.elapsed()
    );
}
