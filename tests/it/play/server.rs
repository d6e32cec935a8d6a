//! A `negsim serve` of a test on 127.0.0.1 (an ephemeral port, bounded by
//! `--stop-after` and killed when the test's guard is dropped, even when the
//! test fails), and plain HTTP requests to it over `TcpStream`.

use crate::helpers::negsim_command;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

/// A `negsim serve` of this test, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// The teacher's token from the "Teacher view:" line, if printed.
    pub teacher: Option<String>,
    /// What it printed on starting.
    pub banner: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A line of `/proc/PID/status` as a number (`VmRSS` in KiB, `Threads`).
    pub fn status(&self, field: &str) -> u64 {
        let text = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .expect("the server's /proc status");
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc/PID/status"))
    }
}

/// `negsim serve --port 0 --stop-after 120 --out plays EXTRA...` in `cwd`,
/// once it has printed where it listens.
pub fn serve(cwd: &std::path::Path, extra: &[&str]) -> Server {
    let mut args = vec![
        "serve",
        "--port",
        "0",
        "--stop-after",
        "120",
        "--out",
        "plays",
    ];
    args.extend(extra);
    let mut child = negsim_command(cwd, &args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start negsim serve");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut banner = String::new();
    for line in lines.by_ref() {
        let line = line.expect("read the server's output");
        banner.push_str(&line);
        banner.push('\n');
        if line.starts_with("Records go to") {
            break;
        }
    }
    // Keep reading its output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let port = banner
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no 127.0.0.1 address in {banner:?}"));
    let teacher = banner
        .split("/class?token=")
        .nth(1)
        .map(|r| r.split_whitespace().next().unwrap_or("").to_string());
    Server {
        child,
        port,
        teacher,
        banner,
    }
}

/// A response: the status code, the head and the body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

/// A connection to the server.
pub fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// The response read from `s` until the server closes it.
pub fn read_reply(mut s: TcpStream) -> Reply {
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let r = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = r.split_once("\r\n\r\n").unwrap_or((&r, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Send `raw` as it is; the response.
pub fn request(port: u16, raw: &[u8]) -> Reply {
    let mut s = connect(port);
    let _ = s.write_all(raw);
    read_reply(s)
}

/// A request as the page sends it (Host 127.0.0.1:PORT, a JSON body for
/// a POST), with extra header lines.
pub fn http_with(port: u16, method: &str, path: &str, body: &str, extra: &str) -> Reply {
    let raw = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}\r\n{body}",
        body.len()
    );
    request(port, raw.as_bytes())
}

pub fn http(port: u16, method: &str, path: &str, body: &str) -> Reply {
    http_with(port, method, path, body, "")
}

/// Start a play; its reply.
pub fn start(port: u16, name: &str, strategy: &str, seed: u64) -> Reply {
    let body = serde_json::json!({
        "name": name, "strategy": strategy, "role": "buyer", "seed": seed.to_string(),
    });
    http(port, "POST", "/api/start", &body.to_string())
}

/// A move in the play of `token`.
pub fn move_in(port: u16, token: &str, line: &str) -> Reply {
    let body = serde_json::json!({ "token": token, "line": line });
    http(port, "POST", "/api/move", &body.to_string())
}

/// The quickest move that ends a play: silent, decline, walk away.
pub fn ending_move(state: &serde_json::Value) -> &'static str {
    match state["decision"]["kind"].as_str() {
        Some("talk") => "silent",
        Some("answer") => "decline",
        _ => "walk",
    }
}
