//! `negsim play`, `negsim class` and `negsim serve`: a student's play driven
//! by a script (byte-identical records, bluffs caught, declined questions,
//! walking away, bad input), the class table and chart, the terminal game
//! under tmux and the web page in headless Chromium; the server's limits,
//! tokens and checks, and its load test.

mod browser;
mod class;
mod class_names;
mod feedback;
mod limits;
mod scripted;
mod serve_limits;
mod serve_load;
mod serve_security;
mod server;
mod teacher;
mod terminal;
mod typed;

use crate::helpers::{LIMIT, Out, assert_ok, negsim, negsim_command, s};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// `negsim play` with a script of moves written to `moves.txt` in `cwd`;
/// the records go to `cwd/out`.
pub(super) fn play(
    cwd: &Path,
    out: &str,
    against: &str,
    role: &str,
    seed: u64,
    moves: &[&str],
    name: &str,
) -> Out {
    let file = cwd.join(format!("moves-{against}-{role}-{seed}-{name}.txt"));
    std::fs::write(&file, moves.join("\n") + "\n").expect("write the moves");
    let seed = seed.to_string();
    let mut args = vec![
        "play",
        "--against",
        against,
        "--as",
        role,
        "--seed",
        &seed,
        "--moves",
        s(&file),
        "--out",
        out,
    ];
    if !name.is_empty() {
        args.extend(["--name", name]);
    }
    negsim(cwd, &args)
}

/// Like [`play`], and the play must succeed: its record's path.
pub(super) fn record(
    cwd: &Path,
    out: &str,
    against: &str,
    role: &str,
    seed: u64,
    moves: &[&str],
    name: &str,
) -> (Out, PathBuf) {
    let o = play(cwd, out, against, role, seed, moves, name);
    assert_ok(
        &o,
        &format!("negsim play --against {against} --as {role} --seed {seed}"),
    );
    let line = o
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Record: "))
        .unwrap_or_else(|| panic!("no 'Record:' line:\n{}", o.describe()))
        .to_string();
    (o, cwd.join(line))
}

/// The record's JSON.
pub(super) fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `negsim args` in `cwd` with `input` on its standard input (then closed),
/// killed after [`LIMIT`].
pub(super) fn negsim_typed(cwd: &Path, args: &[&str], input: impl AsRef<[u8]>) -> Out {
    let mut child = negsim_command(cwd, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start negsim");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.as_ref().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let start = Instant::now();
    let mut timed_out = false;
    while child.try_wait().expect("poll").is_none() {
        if start.elapsed() > LIMIT {
            timed_out = true;
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = writer.join();
    let o = child.wait_with_output().expect("output");
    assert!(!timed_out, "negsim {} did not finish", args.join(" "));
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        timed_out,
    }
}
