//! An agent's process: started with a clean environment, spoken to in
//! lines with a deadline on every reply, killed when dropped. Processes are
//! kept in a pool, one per command and worker thread, and reused from one
//! negotiation to the next.

use super::protocol;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;
use std::time::Duration;

/// The environment variables an agent inherits (nothing else: no value of
/// a negotiation ever travels by the environment).
const KEPT_ENV: [&str; 6] = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"];

/// The least time a new process has for its hello (starting an
/// interpreter on a loaded machine can take seconds; that is not the
/// agent's time to decide).
pub const START_GRACE: Duration = Duration::from_secs(10);

/// Bytes of the agent's stderr kept for messages.
const STDERR_TAIL: usize = 600;

/// A line from the agent's stdout.
enum Line {
    Text(String),
    TooLong,
    NotUtf8,
    Eof,
}

/// A running agent.
pub struct Process {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<Line>,
    stderr: Arc<Mutex<Vec<u8>>>,
    /// The next request id.
    pub next_id: u64,
}

impl Process {
    /// Start `command` and exchange hellos within `timeout` (at least
    /// [`START_GRACE`]).
    pub fn start(command: &[String], timeout: Duration) -> Result<Process, String> {
        let mut cmd = Command::new(&command[0]);
        cmd.args(&command[1..])
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for k in KEPT_ENV {
            if let Some(v) = std::env::var_os(k) {
                cmd.env(k, v);
            }
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", shown(command)))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut err = child.stderr.take().expect("piped stderr");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut buf = Vec::new();
                let line = match (&mut r)
                    .take(protocol::MAX_LINE as u64 + 1)
                    .read_until(b'\n', &mut buf)
                {
                    Ok(0) | Err(_) => Line::Eof,
                    Ok(_) if buf.last() != Some(&b'\n') && buf.len() > protocol::MAX_LINE => {
                        Line::TooLong
                    }
                    Ok(_) => match String::from_utf8(buf) {
                        Ok(s) => Line::Text(s.trim_end().to_string()),
                        Err(_) => Line::NotUtf8,
                    },
                };
                let stop = !matches!(line, Line::Text(_));
                if tx.send(line).is_err() || stop {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let tail = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    return;
                }
                let mut t = tail.lock().unwrap_or_else(|e| e.into_inner());
                t.extend_from_slice(&buf[..n]);
                if t.len() > STDERR_TAIL {
                    let cut = t.len() - STDERR_TAIL;
                    t.drain(..cut);
                }
            }
        });
        let mut p = Process {
            child,
            stdin,
            lines,
            stderr,
            next_id: 1,
        };
        let reply = p.exchange(&protocol::hello(), timeout.max(START_GRACE), "hello")?;
        protocol::check_hello(&reply)?;
        Ok(p)
    }

    /// Send `line` and read the reply within `timeout`; `what` names the
    /// request in messages.
    pub fn exchange(
        &mut self,
        line: &str,
        timeout: Duration,
        what: &str,
    ) -> Result<String, String> {
        let sent = self
            .stdin
            .write_all(line.as_bytes())
            .and_then(|_| self.stdin.write_all(b"\n"))
            .and_then(|_| self.stdin.flush());
        if sent.is_err() {
            return Err(self.gone(what));
        }
        match self.lines.recv_timeout(timeout) {
            Ok(Line::Text(s)) => Ok(s),
            Ok(Line::TooLong) => Err(format!(
                "its reply to the {what} request is longer than {} bytes",
                protocol::MAX_LINE
            )),
            Ok(Line::NotUtf8) => Err(format!("its reply to the {what} request is not UTF-8")),
            Ok(Line::Eof) | Err(RecvTimeoutError::Disconnected) => Err(self.gone(what)),
            Err(RecvTimeoutError::Timeout) => Err(format!(
                "no reply to the {what} request within {} s",
                timeout.as_secs_f64()
            )),
        }
    }

    /// The message for an agent that closed its output or exited.
    fn gone(&mut self, what: &str) -> String {
        let mut status = None;
        for _ in 0..20 {
            if let Ok(Some(s)) = self.child.try_wait() {
                status = Some(s);
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let status = status.map_or("its output closed".to_string(), |s| {
            format!("it exited ({s})")
        });
        std::thread::sleep(Duration::from_millis(20));
        let tail = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
        let tail = String::from_utf8_lossy(&tail);
        let tail = tail.trim();
        if tail.is_empty() {
            format!("{status} before replying to the {what} request")
        } else {
            let last: Vec<&str> = tail.lines().rev().take(3).collect();
            let last: Vec<&str> = last.into_iter().rev().collect();
            format!(
                "{status} before replying to the {what} request; its stderr ends: {}",
                last.join(" | ")
            )
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A command as shown in messages.
pub fn shown(command: &[String]) -> String {
    format!("{command:?}")
}

/// The live processes: one per command and thread.
type Pool = HashMap<(Vec<String>, ThreadId), Process>;

static POOL: Mutex<Option<Pool>> = Mutex::new(None);

/// Run `f` on this thread's process of `command` (started on first use).
/// A process whose exchange failed is killed, and the next use starts a
/// new one.
pub fn with_process<T>(
    command: &[String],
    timeout: Duration,
    f: impl FnOnce(&mut Process) -> Result<T, String>,
) -> Result<T, String> {
    let key = (command.to_vec(), std::thread::current().id());
    let taken = {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        pool.get_or_insert_with(HashMap::new).remove(&key)
    };
    let mut p = match taken {
        Some(p) => p,
        None => Process::start(command, timeout)?,
    };
    let r = f(&mut p);
    if r.is_ok() {
        CLEANUP.with(|_| {});
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        pool.get_or_insert_with(HashMap::new).insert(key, p);
    }
    r
}

/// Stops this thread's processes when the thread ends (a worker of a
/// finished run).
struct Cleanup(ThreadId);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let me = self.0;
        let mine: Vec<Process> = {
            let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
            let Some(pool) = pool.as_mut() else { return };
            let keys: Vec<_> = pool.keys().filter(|k| k.1 == me).cloned().collect();
            keys.iter().filter_map(|k| pool.remove(k)).collect()
        };
        drop(mine);
    }
}

thread_local! {
    static CLEANUP: Cleanup = Cleanup(std::thread::current().id());
}

/// Stop every agent process (at the end of a command).
pub fn shutdown() {
    let all = POOL.lock().unwrap_or_else(|e| e.into_inner()).take();
    drop(all);
}

/// Processes alive in the pool (for tests).
pub fn live() -> usize {
    POOL.lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .map_or(0, HashMap::len)
}
