//! `negsim serve` under a client that does not play fair: an oversize
//! request line, headers or body; idle and trickling connections; a flood
//! of `/api/start`. Each is refused or cut, and the server keeps serving.

use super::server::{
    Reply, connect, ending_move, http, move_in, read_reply, request, serve, start,
};
use crate::helpers::tmp;
use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// `GET /api/setup` answered with 200 within a second.
fn answers_quickly(port: u16, what: &str) {
    let t = Instant::now();
    let r = http(port, "GET", "/api/setup", "");
    assert_eq!(r.status, 200, "{what}: {r:?}");
    assert!(
        t.elapsed() < Duration::from_secs(1),
        "{what}: a normal request took {:?}",
        t.elapsed()
    );
}

#[test]
fn an_oversize_request_line_is_refused_and_the_server_stays_small() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let line = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        "a".repeat(9 * 1024),
        srv.port
    );
    let r = request(srv.port, line.as_bytes());
    assert_eq!(r.status, 414, "a 9 KiB request line: {r:?}");
    assert!(r.head.contains("Connection: close"), "{r:?}");
    // 64 MiB of one request line, no end in sight: the server stops
    // reading it (the 300 MB line grew the server to 457 MB).
    let before = srv.status("VmRSS");
    let mut s = connect(srv.port);
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    if s.write_all(b"GET /").is_ok() {
        while sent < 64 && s.write_all(&chunk).is_ok() {
            sent += 1;
        }
    }
    let after = srv.status("VmRSS");
    assert!(
        after < before + 16 * 1024,
        "the server grew from {before} KiB to {after} KiB on one request line"
    );
    assert!(sent < 64, "the server read all 64 MiB of one request line");
    drop(s);
    answers_quickly(srv.port, "after the oversize line");
}

#[test]
fn oversize_headers_and_bodies_are_refused() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let port = srv.port;
    let pad: String = (0..40)
        .map(|k| format!("X-Pad-{k}: {}\r\n", "b".repeat(1000)))
        .collect();
    let r = request(
        port,
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{pad}\r\n").as_bytes(),
    );
    assert_eq!(r.status, 431, "40 KiB of headers: {r:?}");
    // A body announced at 100,000 bytes and never sent: refused at once.
    let t0 = Instant::now();
    let r = request(
        port,
        format!(
            "POST /api/start HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(r.status, 413, "a 100,000-byte body: {r:?}");
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());
    let r = request(
        port,
        format!(
            "POST /api/start HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: lots\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(r.status, 400, "Content-Length: lots: {r:?}");
    assert!(r.body.contains("Content-Length"), "{r:?}");
    answers_quickly(port, "after the oversize requests");
}

#[test]
fn idle_and_trickling_connections_do_not_starve_normal_requests() {
    let t = tmp();
    let srv = serve(
        t.path(),
        &["--max-connections", "40", "--request-timeout", "2"],
    );
    let port = srv.port;
    // 100 connections that send nothing or half a request, then wait.
    let idle: Vec<TcpStream> = (0..100)
        .map(|k| {
            let mut s = connect(port);
            if k % 2 == 0 {
                let _ = s.write_all(b"GET / HTTP/1.1\r\n");
            }
            s
        })
        .collect();
    for k in 0..5 {
        answers_quickly(
            port,
            &format!("normal request {k} beside 100 idle connections"),
        );
    }
    // One thread per connection kept, and a few more (the idle ones cut
    // for newcomers end at once, or nearly).
    let t0 = Instant::now();
    let mut threads = srv.status("Threads");
    while threads > 40 + 8 && t0.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(50));
        threads = srv.status("Threads");
    }
    assert!(
        threads <= 40 + 8,
        "{threads} threads serve 40 connections at most"
    );
    // A client that sends a byte every 200 ms is cut at the request
    // timeout (2 s), with 408.
    let mut slow = connect(port);
    let _ = slow.write_all(b"GET / HTTP/1.1\r\nX-Slow: ");
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(3) {
        let _ = slow.write_all(b"z");
        std::thread::sleep(Duration::from_millis(200));
    }
    slow.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let r: Reply = read_reply(slow);
    assert_eq!(r.status, 408, "a trickling client: {r:?}");
    answers_quickly(port, "after the trickling client");
    drop(idle);
}

#[test]
fn live_sessions_are_capped() {
    let t = tmp();
    let srv = serve(t.path(), &[]);
    let mut refused = 0;
    for k in 0..1010u64 {
        let r = start(srv.port, "flood", "open", k);
        match r.status {
            200 => assert_eq!(refused, 0, "start {k} accepted after a refusal"),
            503 => refused += 1,
            _ => panic!("start {k}: {r:?}"),
        }
    }
    assert_eq!(refused, 10, "1,010 plays started, 1,000 at most live");
    let r = start(srv.port, "one more", "open", 1);
    assert_eq!(r.status, 503);
    assert!(
        r.json()["error"].as_str().unwrap().contains("1000"),
        "{r:?}"
    );
}

#[test]
fn idle_and_finished_sessions_make_room() {
    let t = tmp();
    let srv = serve(t.path(), &["--max-sessions", "2", "--session-idle", "1"]);
    let port = srv.port;
    let a = start(port, "a", "open", 1).json();
    let token_a = a["token"].as_str().expect("a token").to_string();
    // Play a to its end: its slot is free for the next play.
    let mut state = a;
    for _ in 0..40 {
        if state["over"] == true {
            break;
        }
        let r = move_in(port, &token_a, ending_move(&state));
        assert_eq!(r.status, 200, "{r:?}");
        state = r.json();
    }
    assert_eq!(state["over"], true);
    let b = start(port, "b", "open", 2);
    assert_eq!(b.status, 200, "{b:?}");
    let c = start(port, "c", "open", 3);
    assert_eq!(c.status, 200, "{c:?}");
    let d = start(port, "d", "open", 4);
    assert_eq!(d.status, 503, "a third live play of two: {d:?}");
    // After a second idle, b and c have expired.
    std::thread::sleep(Duration::from_millis(1500));
    let e = start(port, "e", "open", 5);
    assert_eq!(e.status, 200, "{e:?}");
    let token_b = b.json()["token"].as_str().unwrap().to_string();
    let r = move_in(port, &token_b, "silent");
    assert_eq!(r.status, 404, "a move in an expired play: {r:?}");
    assert!(r.json()["error"].as_str().unwrap().contains("no such play"));
}

/// `--stop-after` stops the server even when its standard output is closed
/// (a reader that went away): the closing line cannot be written, and the
/// server still exits, on time.
#[test]
fn stop_after_stops_the_server_with_its_output_closed() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let t = tmp();
    let mut child =
        crate::helpers::negsim_command(t.path(), &["serve", "--port", "0", "--stop-after", "2"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start negsim serve");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("read the banner");
    assert!(first.starts_with("Serving negsim play"), "{first}");
    // The reader is dropped here: standard output is closed.
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("poll") {
            break Some(s);
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let status = status.expect("the server was still running 20 s after --stop-after 2");
    assert!(status.code().is_some(), "killed by a signal: {status:?}");
}
