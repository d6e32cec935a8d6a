//! `negsim serve`: the game as a local web page. One self-contained HTML
//! page (embedded) talks JSON to this small HTTP server (std threads;
//! socket2 only for the listening socket's backlog): start a play, send
//! moves in the words of `negsim play`, read the debrief with the trace
//! chart, and the teacher's class view of every record in the plays
//! folder. It listens on 127.0.0.1 unless `--bind` says otherwise.
//!
//! Bounded against careless or hostile clients: requests ([`http`]),
//! connections ([`conns`]), plays under way ([`sessions`]), computing
//! requests ([`work`]); Host and Origin checked ([`guard`]); each play moved
//! only with its token, the class view only with the teacher's ([`api`]).

mod api;
mod conns;
mod guard;
mod http;
mod sessions;
mod work;

use super::load;
use anyhow::Result;
use api::App;
use clap::Args;
use conns::Conns;
use guard::Listen;
use http::{ReadError, Reply};
use negsim::Error;
use negsim::play::Play;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    /// Let everyone see the class view (default: only with the teacher's
    /// token, printed at start).
    #[arg(long)]
    pub open_class: bool,
    /// Connections open at once (lowered to fit the open-files limit); a
    /// newcomer beyond it takes the place of the oldest still sending.
    #[arg(long, value_name = "N", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_connections: u64,
    /// Seconds a client has to send its whole request.
    #[arg(long, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,
    /// Plays under way at once (a finished play makes room).
    #[arg(long, value_name = "N", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_sessions: u64,
    /// Seconds after which an idle play expires.
    #[arg(long, value_name = "SECONDS", default_value_t = 7200,
          value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub session_idle: u64,
    /// The strategies students may play against, comma-separated (default:
    /// every strategy of the config).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub strategies: Vec<String>,
    /// Every play uses this seed: the whole class negotiates the same
    /// private values and chance events (the page's seed field is ignored).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Every draw has a zone of agreement (the buyer's value at least the
    /// seller's cost): a seed without one is moved to the next seed that
    /// has one (the play's record shows the seed played).
    #[arg(long)]
    pub zone: bool,
}

/// The teacher's choices for the class: see [`ServeArgs`].
pub struct Class {
    /// The strategies students may face (every one of the config's if
    /// none was named).
    pub strategies: Vec<String>,
    /// The seed every play uses.
    pub seed: Option<u64>,
    /// Whether every draw has a zone of agreement.
    pub zone: bool,
}

/// The teacher's choices checked against the config: unknown strategy
/// names (with the nearest name), a fixed seed moved to one with a zone.
fn class_rules(args: &ServeArgs, exp: &negsim::config::Experiment) -> Result<Class> {
    let mut strategies = Vec::new();
    for name in &args.strategies {
        let name = name.trim();
        let k = negsim::run::trace::strategy_index(exp, name, "--strategies").map_err(|e| {
            let line = format!("negsim serve --strategies {}", args.strategies.join(","));
            super::unknown_without_config(e, args.config.is_some(), &line)
        })?;
        let name = exp.strategies[k].name().to_string();
        if !strategies.contains(&name) {
            strategies.push(name);
        }
    }
    if strategies.is_empty() {
        strategies = exp
            .strategies
            .iter()
            .map(|s| s.name().to_string())
            .collect();
    }
    let seed = match (args.seed, args.zone) {
        (Some(s), true) => Some(negsim::play::zone_seed(exp, s).ok_or_else(|| no_zone(s))?),
        (s, _) => s,
    };
    if args.zone && seed.is_none() {
        negsim::play::zone_seed(exp, 0).ok_or_else(|| no_zone(0))?;
    }
    Ok(Class {
        strategies,
        seed,
        zone: args.zone,
    })
}

fn no_zone(from: u64) -> Error {
    Error::Usage(format!(
        "--zone: none of the {} seeds from {from} on draws a buyer's value at least the seller's cost under this config; its value and cost ranges hardly overlap",
        negsim::play::ZONE_TRIES
    ))
}

/// Computing requests at once (moves, the class view): one per core, up
/// to 4, so that the small requests always find a processor.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4))
}
/// Connections waiting to be accepted. std's `TcpListener::bind` asks for
/// 128: a burst of browsers beyond that is dropped by the system and its
/// clients try again only a second later.
const BACKLOG: i32 = 1024;

/// A socket listening on `ip:port`.
fn listen(ip: IpAddr, port: u16) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let addr = SocketAddr::new(ip, port);
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    // As std does: a restarted server can listen on its port at once.
    #[cfg(not(windows))]
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(BACKLOG)?;
    Ok(socket.into())
}

pub fn serve(args: ServeArgs) -> Result<()> {
    let (cfg, file) = load(args.config.as_deref())?;
    let exp = cfg.validate(&file)?;
    // Fail now, not at the first play, on rules a student cannot play.
    let first = exp.strategies[0].name().to_string();
    Play::new(&exp, &first, 0, 0)?;
    let class = class_rules(&args, &exp)?;
    // Fail now, not when the first student's play is saved.
    super::play::folder_can_be_made(&args.out)?;
    let listener = listen(args.bind, args.port).map_err(|e| {
        Error::Usage(format!(
            "--bind {} --port {}: cannot listen there: {e}",
            args.bind, args.port
        ))
    })?;
    let addr = listener.local_addr()?;
    let teacher = if args.open_class {
        None
    } else {
        Some(sessions::token()?)
    };
    let (max_conns, fd_note) = fit_open_files(args.max_connections as usize);
    println!("Serving negsim play on http://{addr}/ (Ctrl-C stops it)");
    if !args.bind.is_loopback() {
        println!(
            "Listening on {}: browsers on the network can reach it; students open http://<this computer's address>:{}/",
            args.bind,
            addr.port()
        );
    }
    // On every address: the teacher opens it on this computer.
    let here = if addr.ip().is_unspecified() {
        let lo = match addr {
            SocketAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
            SocketAddr::V6(_) => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        };
        SocketAddr::new(lo, addr.port())
    } else {
        addr
    };
    match &teacher {
        Some(t) => {
            println!("Teacher view (keep this address to yourself): http://{here}/class?token={t}")
        }
        None => println!("Class view open to all: http://{here}/class"),
    }
    if let Some(note) = fd_note {
        println!("{note}");
    }
    println!(
        "Limits: {max_conns} connections, {} plays under way, a play idle {} s expires, {} s per request",
        args.max_sessions, args.session_idle, args.request_timeout
    );
    println!("Students play against: {}", class.strategies.join(", "));
    match (class.seed, args.seed) {
        (Some(s), Some(asked)) if s != asked => println!(
            "Every play uses seed {s} (seed {asked} draws no zone of agreement; {s} is the next that does)"
        ),
        (Some(s), _) => println!("Every play uses seed {s}"),
        (None, _) => {}
    }
    if class.zone {
        println!("Every draw has a zone of agreement (--zone)");
    }
    println!("Records go to {}", args.out.display());
    std::io::stdout().flush()?;
    if let Some(s) = args.stop_after {
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(s));
            // Not println!: with standard output closed it would panic this
            // thread, and the server would never stop.
            let _ = writeln!(std::io::stdout(), "Stopped after {s} s (--stop-after).");
            std::process::exit(0);
        });
    }
    let app = Arc::new(App {
        exp,
        out: args.out,
        sessions: sessions::Sessions::new(
            args.max_sessions as usize,
            Duration::from_secs(args.session_idle),
        ),
        teacher,
        listen: Listen {
            ip: args.bind,
            port: addr.port(),
            host_name: guard::host_name(args.bind),
        },
        work: work::Work::new(workers()),
        class,
    });
    let conns = Conns::new(max_conns);
    let timeout = Duration::from_secs(args.request_timeout);
    for stream in listener.incoming() {
        match stream {
            Ok(s) => accept(s, &app, &conns, timeout),
            // Out of file descriptors, say: wait a little, go on.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    Ok(())
}

/// A connection: its own thread while there is room, else a quick 503.
fn accept(stream: TcpStream, app: &Arc<App>, conns: &Arc<Conns>, timeout: Duration) {
    let stream = Arc::new(stream);
    let Some(ticket) = conns.admit(&stream) else {
        let _ = stream.set_nonblocking(true);
        http::write_reply(
            &stream,
            &Reply::text("503 Service Unavailable", "the server is busy: try again"),
        );
        return;
    };
    let app = Arc::clone(app);
    let deadline = Instant::now() + timeout;
    // If no thread can be made, the connection is closed.
    let _ = std::thread::Builder::new()
        .name("negsim-connection".into())
        .spawn(move || {
            match http::read_request(&stream, deadline) {
                Ok(req) => {
                    ticket.done_reading();
                    http::write_reply(&stream, &api::respond(&app, &req));
                }
                Err(ReadError::Refuse(r)) => http::refuse_and_close(&stream, &r),
                Err(ReadError::Gone) => {}
            }
            drop(ticket);
        });
}

/// `want` connections, or fewer to leave 64 of the open-files limit (one
/// per connection) for the records and the rest; and a note if fewer.
fn fit_open_files(want: usize) -> (usize, Option<String>) {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|v| v.parse::<usize>().ok())
        });
    match soft {
        Some(n) if n < want + 64 => {
            let fit = n.saturating_sub(64).max(16);
            let note = format!(
                "Open-files limit {n} (ulimit -n): serving {fit} connections at once, not {want}"
            );
            (fit, Some(note))
        }
        _ => (want, None),
    }
}
