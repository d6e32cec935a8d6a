//! `negsim serve`: the game as a local web page. One self-contained HTML
//! page (embedded) talks JSON to this small HTTP server (std only): start a
//! play, send moves in the words of `negsim play`, read the debrief with
//! the trace chart, and the class view of every record in the plays folder.
//! It listens on 127.0.0.1 unless `--bind` says otherwise.

use super::load;
use super::play::save;
use anyhow::Result;
use clap::Args;
use negsim::Error;
use negsim::config::Experiment;
use negsim::model::negotiation::{Decision, HumanMove, HumanPlay, Step};
use negsim::output::figures::{color_index, trace_chart};
use negsim::play::{self, Play, class, moves};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The page, one self-contained file.
const PAGE: &str = include_str!("serve.html");

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Config file (default: the embedded four-strategy price tournament).
    pub config: Option<PathBuf>,
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, value_name = "P", default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. The default serves this computer only; give
    /// the laptop's address on the class network (or 0.0.0.0) to let
    /// students' browsers in.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Folder of the play records (read for the class view too).
    #[arg(long, value_name = "DIR", default_value = "plays")]
    pub out: PathBuf,
    /// Stop serving after this many seconds (default: until Ctrl-C).
    #[arg(long, value_name = "SECONDS")]
    pub stop_after: Option<u64>,
}

/// A play under way in the browser.
struct Session {
    play: Play,
    moves: Vec<HumanMove>,
    name: String,
    /// The record's file once the play is over.
    saved: Option<PathBuf>,
}

struct Server {
    exp: Experiment,
    out: PathBuf,
    sessions: HashMap<u64, Session>,
    next: u64,
}

pub fn serve(args: ServeArgs) -> Result<()> {
    let (cfg, file) = load(args.config.as_deref())?;
    let exp = cfg.validate(&file)?;
    // Fail now, not at the first play, on rules a student cannot play.
    let first = exp.strategies[0].name().to_string();
    Play::new(&exp, &first, 0, 0)?;
    let listener = TcpListener::bind((args.bind, args.port)).map_err(|e| {
        Error::Usage(format!(
            "--bind {} --port {}: cannot listen there: {e}",
            args.bind, args.port
        ))
    })?;
    let addr = listener.local_addr()?;
    println!("Serving negsim play on http://{addr}/ (Ctrl-C stops it)");
    if !args.bind.is_loopback() {
        println!(
            "Listening on {}: browsers on the network can reach it; students open http://<this computer's address>:{}/",
            args.bind,
            addr.port()
        );
    }
    println!("Records go to {}", args.out.display());
    std::io::stdout().flush()?;
    if let Some(s) = args.stop_after {
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(s));
            println!("Stopped after {s} s (--stop-after).");
            std::process::exit(0);
        });
    }
    let server = Arc::new(Mutex::new(Server {
        exp,
        out: args.out,
        sessions: HashMap::new(),
        next: 1,
    }));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let server = Arc::clone(&server);
        std::thread::spawn(move || {
            let _ = handle(stream, &server);
        });
    }
    Ok(())
}

/// One request, one response, then the connection closes.
fn handle(stream: TcpStream, server: &Mutex<Server>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let mut length = 0usize;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    let path = path.split('?').next().unwrap_or("/");
    let (status, kind, text) = match (method.as_str(), path) {
        ("GET", "/") => ("200 OK", "text/html; charset=utf-8", PAGE.to_string()),
        ("GET", "/api/setup") => json_reply(Ok(setup(&lock(server)))),
        ("GET", "/api/class") => json_reply(class_view(&lock(server))),
        ("POST", "/api/start") => {
            json_reply(parse_body(&body).and_then(|b| start(&mut lock(server), &b)))
        }
        ("POST", "/api/move") => {
            json_reply(parse_body(&body).and_then(|b| step(&mut lock(server), &b)))
        }
        _ => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            "not found\n".to_string(),
        ),
    };
    let mut s = stream;
    write!(
        s,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        text.len()
    )?;
    s.write_all(text.as_bytes())?;
    s.flush()
}

fn lock(server: &Mutex<Server>) -> std::sync::MutexGuard<'_, Server> {
    server.lock().unwrap_or_else(|e| e.into_inner())
}

/// A JSON reply: the value, or `{"error": ...}` with status 400.
fn json_reply(r: std::result::Result<Value, String>) -> (&'static str, &'static str, String) {
    match r {
        Ok(v) => ("200 OK", "application/json", v.to_string()),
        Err(e) => (
            "400 Bad Request",
            "application/json",
            json!({ "error": e }).to_string(),
        ),
    }
}

fn parse_body(body: &[u8]) -> std::result::Result<Value, String> {
    serde_json::from_slice(body).map_err(|e| format!("the request is not JSON: {e}"))
}

/// What the page needs to offer a play: the strategies and roles.
fn setup(s: &Server) -> Value {
    let strategies: Vec<Value> = s
        .exp
        .strategies
        .iter()
        .map(|st| json!({ "name": st.name(), "description": st.description() }))
        .collect();
    json!({ "config": s.exp.name, "strategies": strategies, "roles": ["buyer", "seller"] })
}

/// Start a play: `{name, strategy, role, seed?}`.
fn start(s: &mut Server, b: &Value) -> std::result::Result<Value, String> {
    let strategy = b["strategy"].as_str().unwrap_or("").to_string();
    let human = match b["role"].as_str().unwrap_or("buyer") {
        "buyer" => 0,
        "seller" => 1,
        other => return Err(format!("role '{other}': buyer or seller")),
    };
    let seed = match &b["seed"] {
        Value::Null => clock_seed(s.next),
        Value::String(t) if t.trim().is_empty() => clock_seed(s.next),
        Value::String(t) => t
            .trim()
            .parse()
            .map_err(|_| format!("seed '{t}': a whole number"))?,
        v => v.as_u64().ok_or(format!("seed {v}: a whole number"))?,
    };
    let name: String = b["name"]
        .as_str()
        .unwrap_or("")
        .trim()
        .chars()
        .take(40)
        .collect();
    let play = Play::new(&s.exp, &strategy, human, seed).map_err(|e| e.to_string())?;
    let id = s.next;
    s.next += 1;
    s.sessions.insert(
        id,
        Session {
            play,
            moves: Vec::new(),
            name,
            saved: None,
        },
    );
    state(s, id)
}

/// One move of a play: `{id, line}` (the words of `negsim play`).
fn step(s: &mut Server, b: &Value) -> std::result::Result<Value, String> {
    let id = b["id"].as_u64().ok_or("no play id")?;
    let line = b["line"].as_str().unwrap_or("");
    let sess = s.sessions.get_mut(&id).ok_or("no such play (restart it)")?;
    let hp = sess.play.replay(&sess.moves);
    let Step::Waiting(d) = hp.step else {
        return Err("the negotiation is over".into());
    };
    let mvs = play::parse_move(line, &d)?;
    for m in &mvs {
        sess.play.check(m)?;
    }
    let mut trial = sess.moves.clone();
    trial.extend(&mvs);
    if let Step::Invalid { decision, .. } = sess.play.replay(&trial).step {
        return Err(format!(
            "not now: {} ({})",
            sess.play.prompt(&decision),
            moves::choices(&decision)
        ));
    }
    sess.moves = trial;
    state(s, id)
}

/// The decision asked, for the page.
fn decision(p: &Play, d: &Decision) -> Value {
    let (kind, round, offer) = match *d {
        Decision::Talk { round } => ("talk", round, None),
        Decision::Answer { round } => ("answer", round, None),
        Decision::Offer { round } => ("offer", round, None),
        Decision::Respond { round, offer } => ("respond", round, Some(offer)),
    };
    json!({
        "kind": kind,
        "round": round,
        "offer": offer,
        "prompt": p.prompt(d),
        "choices": moves::choices(d),
    })
}

/// Where play `id` stands: the live transcript and the decision, or the
/// debrief (the record is saved when the play ends).
fn state(s: &mut Server, id: u64) -> std::result::Result<Value, String> {
    let out = s.out.clone();
    let sess = s.sessions.get_mut(&id).ok_or("no such play")?;
    let p = &sess.play;
    let hp: HumanPlay = p.replay(&sess.moves);
    let mut v = json!({
        "id": id,
        "seed": p.seed,
        "strategy": p.strategy().name(),
        "role": play::role_name(p.human),
        "briefing": p.briefing(),
        "claim_range": [p.claim_range().0, p.claim_range().1],
        "offer_range": [p.offer_range().0, p.offer_range().1],
        "transcript": p.live(&hp),
        "moves": sess.moves.iter().map(play::format_move).collect::<Vec<_>>(),
    });
    match &hp.step {
        Step::Waiting(d) => v["decision"] = decision(p, d),
        Step::Over(_) => {
            let record = p
                .record(&hp, &sess.moves, &sess.name)
                .expect("the play is over");
            if sess.saved.is_none() {
                sess.saved = Some(save(&out, &record).map_err(|e| e.to_string())?);
            }
            let chart = negsim_chart::svg_string(&trace_chart(&p.exp, &p.trace(&hp)))
                .map_err(|e| e.to_string())?;
            let val = |x: f64| p.v(x);
            v["over"] = json!(true);
            v["debrief"] = json!(record.debrief(&val));
            v["full"] = json!(record.transcript);
            v["chart"] = json!(chart);
            v["student"] = json!(record.student);
            v["record"] = json!(sess.saved.as_ref().map(|p| p.display().to_string()));
        }
        Step::Invalid { .. } => return Err("the moves do not fit the play".into()),
    }
    Ok(v)
}

/// Every record in the plays folder: the table and the chart.
fn class_view(s: &Server) -> std::result::Result<Value, String> {
    if !s.out.is_dir() {
        return Ok(json!({ "plays": 0, "table": "No plays yet.", "chart": "" }));
    }
    let records = match class::read_records(std::slice::from_ref(&s.out)) {
        Ok(r) => r,
        Err(Error::Usage(_)) => {
            return Ok(json!({ "plays": 0, "table": "No plays yet.", "chart": "" }));
        }
        Err(e) => return Err(e.to_string()),
    };
    let names: Vec<String> = s
        .exp
        .strategies
        .iter()
        .map(|st| st.name().to_string())
        .collect();
    let data = class::chart(&records, &|st| color_index(&names, st));
    let chart = negsim_chart::svg_string(&data).map_err(|e| e.to_string())?;
    Ok(json!({
        "plays": records.len(),
        "table": class::table(&records),
        "chart": chart,
    }))
}

/// A seed from the clock, different for each play started.
fn clock_seed(k: u64) -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| (d.as_nanos() as u64).wrapping_add(k * 7919) % 1_000_000)
        .unwrap_or(k)
}
