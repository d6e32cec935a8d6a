//! The load test of `negsim serve` the issue asks for: 200 players playing
//! whole negotiations at once on 127.0.0.1 beside 500 idle connections
//! (kept open: one the server cuts at its request timeout is opened anew),
//! while a probe checks every 100 ms that a normal request is answered
//! within a second. Bounded in time; the server is killed by the test's
//! guard however the test ends.
//!
//! File descriptors: this process holds about 710 sockets at once and so
//! does the server, under the usual soft limit of 1,024.

use super::server::{Server, connect, ending_move, http, move_in, serve, start};
use crate::helpers::tmp;
use std::io::Write;
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const PLAYERS: u64 = 200;
const IDLE: usize = 500;
/// The whole test's bound (it takes a few seconds).
const BOUND: Duration = Duration::from_secs(60);

/// The soft limit on open files of this process.
fn open_files_limit() -> u64 {
    let text = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse().ok())
        .unwrap_or(u64::MAX)
}

/// One player's whole negotiation: start, then the quickest moves to the
/// end. Whether it ended with its record saved.
fn player(port: u16, k: u64, until: Instant) -> Result<(), String> {
    let r = start(
        port,
        &format!("p{k}"),
        ["open", "guarded"][(k % 2) as usize],
        k,
    );
    if r.status != 200 {
        return Err(format!("player {k}: start: {r:?}"));
    }
    let mut state = r.json();
    let token = state["token"].as_str().unwrap_or("").to_string();
    while state["over"] != true {
        if Instant::now() > until {
            return Err(format!("player {k}: out of time"));
        }
        let r = move_in(port, &token, ending_move(&state));
        if r.status != 200 {
            return Err(format!("player {k}: move: {r:?}"));
        }
        state = r.json();
    }
    match state["record"].as_str() {
        Some(_) => Ok(()),
        None => Err(format!("player {k}: no record: {state}")),
    }
}

/// Keep `IDLE` connections open (half of them with half a request) until
/// `stop`.
fn keep_idle(port: u16, stop: &AtomicBool) {
    let open = |k: usize| {
        let mut s = connect(port);
        if k.is_multiple_of(2) {
            let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        }
        s.set_nonblocking(true).expect("non-blocking");
        s
    };
    let mut idle: Vec<TcpStream> = (0..IDLE).map(open).collect();
    while !stop.load(Ordering::Relaxed) {
        for (k, s) in idle.iter_mut().enumerate() {
            let mut b = [0u8; 1];
            // Anything from the server (its 408, or the end) means it cut
            // this one: open another.
            if !matches!(s.peek(&mut b), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock) {
                *s = open(k);
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Every 100 ms, `GET /api/setup`: the slowest answer, and how many.
fn probe(port: u16, stop: &AtomicBool, slowest: &AtomicU64, count: &AtomicU64) {
    while !stop.load(Ordering::Relaxed) {
        let t = Instant::now();
        let r = http(port, "GET", "/api/setup", "");
        let ms = if r.status == 200 {
            t.elapsed().as_millis() as u64
        } else {
            u64::MAX
        };
        slowest.fetch_max(ms, Ordering::Relaxed);
        count.fetch_add(1, Ordering::Relaxed);
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn two_hundred_players_beside_five_hundred_idle_connections() {
    let limit = open_files_limit();
    assert!(
        limit >= 1024,
        "this test needs 1,024 open files (ulimit -n); the soft limit is {limit}"
    );
    let t = tmp();
    let srv: Server = serve(t.path(), &[]);
    let port = srv.port;
    let began = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let slowest = Arc::new(AtomicU64::new(0));
    let count = Arc::new(AtomicU64::new(0));
    let idler = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || keep_idle(port, &stop))
    };
    // The idle connections are open before the players start.
    std::thread::sleep(Duration::from_millis(500));
    let prober = {
        let (stop, slowest, count) = (Arc::clone(&stop), Arc::clone(&slowest), Arc::clone(&count));
        std::thread::spawn(move || probe(port, &stop, &slowest, &count))
    };
    let until = began + BOUND;
    let players: Vec<_> = (0..PLAYERS)
        .map(|k| std::thread::spawn(move || player(port, k, until)))
        .collect();
    let results: Vec<Result<(), String>> = players
        .into_iter()
        .map(|p| p.join().unwrap_or_else(|_| Err("a player panicked".into())))
        .collect();
    stop.store(true, Ordering::Relaxed);
    let _ = prober.join();
    let _ = idler.join();
    let elapsed = began.elapsed();
    let failed: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failed.is_empty(),
        "{} players failed: {:?}",
        failed.len(),
        &failed[..failed.len().min(5)]
    );
    let slowest = slowest.load(Ordering::Relaxed);
    eprintln!(
        "{PLAYERS} players beside {IDLE} idle connections: {elapsed:?}, {} probes, the slowest {slowest} ms",
        count.load(Ordering::Relaxed)
    );
    assert!(
        slowest < 1000,
        "a normal request took {slowest} ms (u64::MAX: refused) during the load"
    );
    assert!(count.load(Ordering::Relaxed) >= 3, "too few probes");
    let records = std::fs::read_dir(t.path().join("plays")).unwrap().count();
    assert_eq!(records as u64, PLAYERS, "one record per player");
    assert!(elapsed < BOUND, "the load took {elapsed:?}");
    drop(srv);
}
