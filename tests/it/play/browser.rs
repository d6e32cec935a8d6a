//! The web page in headless Chromium: `negsim serve` on 127.0.0.1 (an
//! ephemeral port, stopped by this test and bounded by `--stop-after`),
//! and a whole negotiation played through the page's controls (the page's
//! `?auto=` demo mode fills the inputs and clicks the buttons a student
//! would), then the debrief and the class view checked in the DOM.

use super::json;
use crate::charts::chromium::chromium;
use crate::helpers::{negsim_command, tmp};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

/// A `negsim serve` of this test, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(cwd: &std::path::Path) -> Server {
    let mut child = negsim_command(
        cwd,
        &[
            "serve",
            "--port",
            "0",
            "--stop-after",
            "60",
            "--out",
            "plays",
        ],
    )
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .expect("start negsim serve");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a line").expect("read");
    let port = first
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no 127.0.0.1 address in {first:?}"));
    // Keep reading its output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

/// A plain HTTP request to the server; the response body.
fn http(port: u16, method: &str, path: &str, body: &str) -> (String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut r = String::new();
    s.read_to_string(&mut r).unwrap();
    let (head, body) = r.split_once("\r\n\r\n").expect("a response");
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn the_server_listens_on_loopback_and_refuses_bad_moves() {
    let t = tmp();
    let srv = serve(t.path());
    let (status, page) = http(srv.port, "GET", "/", "");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(page.contains("<title>negsim play"), "{page}");
    let (_, start) = http(
        srv.port,
        "POST",
        "/api/start",
        r#"{"name":"web","strategy":"guarded","role":"buyer","seed":"7"}"#,
    );
    let v: serde_json::Value = serde_json::from_str(&start).unwrap();
    assert_eq!(v["decision"]["kind"], "talk");
    assert!(
        v["briefing"]
            .as_str()
            .unwrap()
            .contains("The item is worth 43,749 to you")
    );
    let id = v["id"].as_u64().unwrap();
    let (status, bad) = http(
        srv.port,
        "POST",
        "/api/move",
        &format!(r#"{{"id":{id},"line":"confide 70000 exact"}}"#),
    );
    assert_eq!(status, "HTTP/1.1 400 Bad Request");
    assert!(bad.contains("out of range"), "{bad}");
    let (status, _) = http(srv.port, "GET", "/nothing", "");
    assert_eq!(status, "HTTP/1.1 404 Not Found");
}

#[test]
fn a_whole_negotiation_through_the_page_in_chromium() {
    let t = tmp();
    let srv = serve(t.path());
    let moves = [
        "confide 45000 exact ask",
        "silent",
        "ask",
        "offer 46000",
        "reject",
        "offer 48000",
        "accept",
    ]
    .join("|")
    .replace(' ', "%20");
    let url = format!(
        "http://127.0.0.1:{}/?auto=web,guarded,buyer,7&moves={moves}",
        srv.port
    );
    let o = chromium(&["--virtual-time-budget=30000", "--dump-dom"], &url);
    assert_eq!(o.code, Some(0), "chromium:\n{}", o.describe());
    let dom = &o.stdout;
    assert!(
        dom.contains(r#"data-auto="done""#),
        "the page did not finish:\n{dom}"
    );
    for want in [
        // The negotiation, in the words of the trace.
        "B (guarded) declines: \"I'd rather not say.\"",
        "round  4: A (you) accepts.",
        // The debrief with its chart.
        "guarded's cost was 52,085; your value was 43,749.",
        "Deal at 56,669 in round 4",
        "Record: plays/web-guarded-buyer-seed7.json",
        "One negotiation: you (A) vs guarded (B)",
        // The class view.
        "1 play so far",
        "The class against the strategies: 1 play",
        "guarded (buyers)",
    ] {
        let html = want.replace('"', "&quot;").replace('\'', "&#39;");
        assert!(
            dom.contains(want) || dom.contains(&html),
            "no {want:?} in the page's DOM"
        );
    }
    // The page's record is the scripted play's.
    let v = json(&t.path().join("plays/web-guarded-buyer-seed7.json"));
    assert_eq!(v["moves"].as_array().unwrap().len(), 7);
    assert_eq!(v["outcome"]["rounds"], 4);
    drop(srv);
}
