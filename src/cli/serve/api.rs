//! What the server answers: the page, and the page's JSON API (the setup,
//! starting a play, a move, the class view), each request checked first
//! (Host, Origin, JSON body, the play's token, the teacher's token).

use super::guard::{self, Listen};
use super::http::{Reply, Request};
use super::sessions::{Full, Sessions, TOKEN_LEN};
use super::work::Work;
use crate::cli::play::save;
use negsim::config::Experiment;
use negsim::model::negotiation::{Decision, HumanMove, HumanPlay, Step};
use negsim::output::figures::{color_index, trace_chart};
use negsim::play::{self, Play, class, moves};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::MutexGuard;
use std::time::Duration;

/// The page, one self-contained file.
const PAGE: &str = include_str!("../serve.html");
/// The longest a request waits for a permit to compute.
const WORK_WAIT: Duration = Duration::from_secs(20);

/// A play under way in the browser.
pub struct Session {
    play: Play,
    moves: Vec<HumanMove>,
    name: String,
    /// The record's file once the play is over.
    saved: Option<PathBuf>,
}

/// The server's state, shared by the connections.
pub struct App {
    pub exp: Experiment,
    pub out: PathBuf,
    pub sessions: Sessions<Session>,
    /// The teacher's token; `None`: the class view is open to all.
    pub teacher: Option<String>,
    pub listen: Listen,
    pub work: Work,
    /// The teacher's choices: strategies, seed, zone.
    pub class: super::Class,
}

/// A refusal: its status and message.
type Refusal = (&'static str, String);

fn bad(message: impl Into<String>) -> Refusal {
    ("400 Bad Request", message.into())
}

/// The answer to `req`.
pub fn respond(app: &App, req: &Request) -> Reply {
    let api = req.path.starts_with("/api/");
    match route(app, req) {
        Ok(r) => r,
        Err((status, e)) if api => Reply {
            status,
            kind: "application/json",
            body: json!({ "error": e }).to_string(),
        },
        Err((status, e)) => Reply::text(status, e),
    }
}

fn route(app: &App, req: &Request) -> Result<Reply, Refusal> {
    let forbidden = |e| ("403 Forbidden", e);
    let host = guard::check_host(req.header("host"), &app.listen).map_err(forbidden)?;
    guard::check_origin(req.header("origin"), host).map_err(forbidden)?;
    let work = |f: &dyn Fn() -> Result<Value, Refusal>| {
        let v = app.work.run(WORK_WAIT, f).unwrap_or_else(|| {
            Err((
                "503 Service Unavailable",
                "the server is busy: try again".into(),
            ))
        })?;
        Ok(Reply {
            status: "200 OK",
            kind: "application/json",
            body: v.to_string(),
        })
    };
    match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/") => Ok(page()),
        ("GET", "/class") => teacher(app, req).map(|()| page()),
        ("GET", "/api/setup") => Ok(Reply {
            status: "200 OK",
            kind: "application/json",
            body: setup(app).to_string(),
        }),
        ("GET", "/api/class") => {
            teacher(app, req)?;
            work(&|| class_view(app))
        }
        ("GET", "/api/class.csv") => {
            teacher(app, req)?;
            class_csv(app)
        }
        ("POST", "/api/start" | "/api/move") => {
            guard::check_json(req.header("content-type"))
                .map_err(|e| ("415 Unsupported Media Type", e))?;
            let body: Value = serde_json::from_slice(&req.body)
                .map_err(|e| bad(format!("the request is not JSON: {e}")))?;
            if req.path == "/api/start" {
                work(&|| start(app, &body))
            } else {
                work(&|| step(app, &body))
            }
        }
        (
            _,
            "/" | "/class" | "/api/setup" | "/api/class" | "/api/class.csv" | "/api/start"
            | "/api/move",
        ) => Err((
            "405 Method Not Allowed",
            format!(
                "{} {}: not this method",
                class::shown(&req.method, 20),
                req.path
            ),
        )),
        _ => Err(("404 Not Found", "not found".into())),
    }
}

fn page() -> Reply {
    Reply {
        status: "200 OK",
        kind: "text/html; charset=utf-8",
        body: PAGE.to_string(),
    }
}

/// The class view is the teacher's: the token printed at start, unless
/// the server was started with `--open-class`.
fn teacher(app: &App, req: &Request) -> Result<(), Refusal> {
    match &app.teacher {
        None => Ok(()),
        Some(t) if req.param("token").is_some_and(|g| same(g, t)) => Ok(()),
        Some(_) => Err((
            "403 Forbidden",
            "the class view needs the teacher's token (the address negsim serve printed)".into(),
        )),
    }
}

/// Whether two tokens are equal, in a time that does not tell where they
/// differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |d, (x, y)| d | (x ^ y)) == 0
}

/// What the page needs to offer a play: the strategies and roles.
fn setup(app: &App) -> Value {
    let strategies: Vec<Value> = app
        .exp
        .strategies
        .iter()
        .filter(|st| app.class.strategies.iter().any(|n| n == st.name()))
        .map(|st| json!({ "name": st.name(), "description": st.description() }))
        .collect();
    json!({
        "config": app.exp.name,
        "strategies": strategies,
        "roles": ["buyer", "seller"],
        "class_open": app.teacher.is_none(),
        "seed": app.class.seed,
        "zone": app.class.zone,
    })
}

/// Start a play: `{name, strategy, role, seed?}`; its state and token.
fn start(app: &App, b: &Value) -> Result<Value, Refusal> {
    let strategy = b["strategy"].as_str().unwrap_or("");
    if !app.class.strategies.iter().any(|n| n == strategy) {
        return Err(bad(format!(
            "strategy '{}': this class plays against {}",
            class::shown(strategy, 80),
            app.class.strategies.join(", ")
        )));
    }
    let human = match b["role"].as_str().unwrap_or("buyer") {
        "buyer" => 0,
        "seller" => 1,
        other => {
            return Err(bad(format!(
                "role '{}': buyer or seller",
                class::shown(other, 80)
            )));
        }
    };
    let seed = match &b["seed"] {
        Value::Null => clock_seed(),
        Value::String(t) if t.trim().is_empty() => clock_seed(),
        Value::String(t) => t
            .trim()
            .parse()
            .map_err(|_| bad(format!("seed '{}': a whole number", class::shown(t, 80))))?,
        v => v.as_u64().ok_or_else(|| {
            bad(format!(
                "seed {}: a whole number",
                class::shown(&v.to_string(), 80)
            ))
        })?,
    };
    // The teacher's seed for everyone; a draw with a zone if asked.
    let seed = app.class.seed.unwrap_or(seed);
    let seed = if app.class.zone {
        play::zone_seed(&app.exp, seed)
            .ok_or_else(|| bad(format!("seed {seed}: no seed from it on draws a zone")))?
    } else {
        seed
    };
    // A name is kept without control characters, and short.
    let name: String = b["name"]
        .as_str()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(negsim::play::NAME_LEN)
        .collect();
    let play = Play::new(&app.exp, strategy, human, seed).map_err(|e| bad(e.to_string()))?;
    let session = Session {
        play,
        moves: Vec::new(),
        name,
        saved: None,
    };
    let token = app.sessions.insert(session).map_err(|e| match e {
        Full::Busy(n) => (
            "503 Service Unavailable",
            format!(
                "{n} plays are under way, the most this server keeps: try again when one ends or expires"
            ),
        ),
        Full::Random(e) => ("500 Internal Server Error", format!("no random token: {e}")),
    })?;
    let sess = app.sessions.get(&token).ok_or_else(gone)?;
    let mut sess = lock(&sess);
    state(app, &token, &mut sess)
}

fn gone() -> Refusal {
    (
        "404 Not Found",
        "no such play (it may have expired): start a new one".into(),
    )
}

fn lock(s: &std::sync::Mutex<Session>) -> MutexGuard<'_, Session> {
    s.lock().unwrap_or_else(|e| e.into_inner())
}

/// One move of a play: `{token, line}` (the words of `negsim play`).
fn step(app: &App, b: &Value) -> Result<Value, Refusal> {
    let Some(token) = b["token"].as_str() else {
        return Err((
            "403 Forbidden",
            "no play token: a move needs the token its play started with".into(),
        ));
    };
    if token.len() != TOKEN_LEN || !token.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(gone());
    }
    let sess = app.sessions.get(token).ok_or_else(gone)?;
    let mut sess = lock(&sess);
    let line = b["line"].as_str().unwrap_or("");
    let hp = sess.play.replay(&sess.moves);
    let Step::Waiting(d) = hp.step else {
        return Err(bad("the negotiation is over"));
    };
    let mvs = play::parse_move(line, &d).map_err(bad)?;
    for m in &mvs {
        sess.play.check(m).map_err(bad)?;
    }
    // Accepting at a loss: a warning first; 'accept anyway' insists.
    if !play::verdict::insists(line)
        && let Some(w) = mvs.iter().find_map(|m| sess.play.loss_warning(&d, m))
    {
        let mut v = state(app, token, &mut sess)?;
        v["warning"] = json!(w);
        v["confirm"] = json!(format!("accept {}", play::verdict::INSIST));
        return Ok(v);
    }
    let mut trial = sess.moves.clone();
    trial.extend(&mvs);
    if let Step::Invalid { decision, .. } = sess.play.replay(&trial).step {
        return Err(bad(format!(
            "not now: {} ({})",
            sess.play.prompt(&decision),
            moves::choices(&decision)
        )));
    }
    sess.moves = trial;
    state(app, token, &mut sess)
}

/// The decision asked, for the page.
fn decision(p: &Play, d: &Decision) -> Value {
    let (kind, round, offer) = match *d {
        Decision::Talk { round } => ("talk", round, None),
        Decision::Answer { round } => ("answer", round, None),
        Decision::Offer { round } => ("offer", round, None),
        Decision::Respond { round, offer } => ("respond", round, Some(offer)),
        Decision::Bid { round, .. } => ("bid", round, None),
    };
    json!({
        "kind": kind,
        "round": round,
        "offer": offer,
        "prompt": p.prompt(d),
        "choices": moves::choices(d),
    })
}

/// Where the play of `token` stands: the live transcript and the decision,
/// or the debrief (the record is saved when the play ends).
fn state(app: &App, token: &str, sess: &mut Session) -> Result<Value, Refusal> {
    let fail = |e: String| ("500 Internal Server Error", e);
    let p = &sess.play;
    let hp: HumanPlay = p.replay(&sess.moves);
    let mut v = json!({
        "token": token,
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
                .ok_or_else(|| fail("the play is over but has no record".into()))?;
            if sess.saved.is_none() {
                sess.saved = Some(save(&app.out, &record).map_err(|e| fail(e.to_string()))?);
                app.sessions.finish(token);
            }
            let chart = negsim_chart::svg_string(&trace_chart(&p.exp, &p.trace(&hp)))
                .map_err(|e| fail(e.to_string()))?;
            let val = |x: f64| p.v(x);
            v["over"] = json!(true);
            v["debrief"] = json!(record.debrief(&val));
            v["full"] = json!(record.transcript);
            v["chart"] = json!(chart);
            v["student"] = json!(class::shown(&record.student, 80));
            v["record"] = json!(sess.saved.as_ref().map(|p| p.display().to_string()));
        }
        Step::Invalid { .. } => return Err(bad("the moves do not fit the play")),
    }
    Ok(v)
}

/// Every record in the plays folder: the table and the chart; a file that
/// is not a record is skipped and named.
fn class_view(app: &App) -> Result<Value, Refusal> {
    let none = json!({ "plays": 0, "table": "No plays yet.", "chart": "", "skipped": [] });
    if !app.out.is_dir() {
        return Ok(none);
    }
    let fail = |e: String| ("500 Internal Server Error", e);
    let found = class::read_folder(&app.out).map_err(|e| fail(e.to_string()))?;
    let skipped: Vec<String> = found.skipped.iter().map(class::Skipped::line).collect();
    let mut notes = String::new();
    for s in &skipped {
        notes.push('\n');
        notes.push_str(s);
    }
    if found.records.is_empty() {
        return Ok(json!({
            "plays": 0, "table": format!("No plays yet.{notes}"), "chart": "", "skipped": skipped,
        }));
    }
    let names: Vec<String> = app
        .exp
        .strategies
        .iter()
        .map(|st| st.name().to_string())
        .collect();
    let data = class::chart(&found.records, &|st| color_index(&names, st));
    let chart = negsim_chart::svg_string(&data).map_err(|e| fail(e.to_string()))?;
    Ok(json!({
        "plays": found.records.len(),
        "table": format!("{}{notes}", class::table(&found.records)),
        "chart": chart,
        "skipped": skipped,
    }))
}

/// Every record in the plays folder as CSV (the teacher's export).
fn class_csv(app: &App) -> Result<Reply, Refusal> {
    let records = if app.out.is_dir() {
        class::read_folder(&app.out)
            .map_err(|e| ("500 Internal Server Error", e.to_string()))?
            .records
    } else {
        Vec::new()
    };
    Ok(Reply {
        status: "200 OK",
        kind: "text/csv; charset=utf-8",
        body: play::export::csv(&records),
    })
}

/// A seed for a play started without one.
fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 % 1_000_000)
        .unwrap_or(1)
}
