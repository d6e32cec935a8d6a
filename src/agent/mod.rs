//! External agents: a negotiator in any language, played as a strategy
//! through the protocol of docs/PROTOCOL.md (JSON lines over its stdin and
//! stdout). An [`Agent`] is a strategy the engine does not play: each
//! negotiation gives its side an [`AgentSeat`] that asks the agent's
//! process for every decision, through the same seam as a student's moves
//! ([`Table::play_seated`]).
//!
//! A process is started once per worker thread and reused. An agent that
//! crashes, stays silent past its timeout or answers out of protocol
//! forfeits the negotiation (it walks away at its next formal decision;
//! the forfeit is logged, see [`take_forfeits`]), and its process is
//! started again for the next one; after [`MAX_FAILURES`] failures it is not
//! started again and forfeits the rest of the command's negotiations.
//!
//! An agent may also live in the caller's process ([`Hosted`]: a Python
//! object of the Python package): it gets the same request lines and gives
//! the same reply lines, read by the same parser, with the same forfeits.
//!
//! One concept per file: `protocol` (requests and replies), `multi` (the
//! same in `multi_issue`), `process` (the processes and their pool),
//! `score` (the CRPS of a belief report).

pub mod multi;
pub mod process;
pub mod protocol;
pub mod score;

use crate::model::negotiation::{Decision, Event, HumanMove, MultiSeat, Seat, Table, passive};
use crate::model::scenario::Private;
use crate::model::strategy::{Move, Outside, Policy, Strategy, View, preset};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// A reply read: the move, and the belief report if any (cdf points).
type Answer<T> = Result<(T, Option<Vec<(f64, f64)>>), String>;

/// Failures after which an agent is not started again.
pub const MAX_FAILURES: u32 = 3;

/// How the reason of a forfeit after [`MAX_FAILURES`] starts.
pub const GAVE_UP: &str = "not started again";

/// Default time an agent has for each reply, in seconds.
pub const DEFAULT_TIMEOUT: f64 = 5.0;

/// A forfeited negotiation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Forfeit {
    /// The agent's strategy name.
    pub agent: String,
    /// Its opponent's strategy name.
    pub opponent: String,
    /// Its side (0 = A, the buyer).
    pub side: usize,
    /// The negotiation's seed for the agent.
    pub seed: u64,
    /// What went wrong.
    pub reason: String,
}

static FORFEITS: Mutex<Vec<Forfeit>> = Mutex::new(Vec::new());

/// The forfeits logged since the last call, sorted (the same list whatever
/// the number of threads, for a deterministic agent).
pub fn take_forfeits() -> Vec<Forfeit> {
    let mut v = std::mem::take(&mut *FORFEITS.lock().unwrap_or_else(|e| e.into_inner()));
    v.sort();
    v
}

/// An agent that decides in the caller's process (the Python package's
/// `negsim.Agent`): it answers the protocol's request lines with reply
/// lines, exactly as a process would, without pipes.
pub trait Hosted: Send + Sync {
    /// The reply line to the request line `request` (docs/PROTOCOL.md,
    /// a `decide` request); `Err` with the reason it failed (an exception,
    /// with its message).
    fn decide(&self, request: &str) -> Result<String, String>;
    /// The agent as messages show it, e.g. `Python object Mine`.
    fn shown(&self) -> String;
}

/// Where an agent's decisions come from.
enum Backend {
    /// A process speaking the protocol over its stdin and stdout.
    Process {
        command: Vec<String>,
        timeout: Duration,
    },
    /// An object in this process.
    Hosted(Box<dyn Hosted>),
}

/// A strategy played by an external process or a hosted object.
pub struct Agent {
    name: String,
    description: String,
    backend: Backend,
    /// Stand-in parameters of its side (`open`'s): its trust in a new
    /// opponent shapes the beliefs the engine keeps for the side, which
    /// only its scores use.
    policy: Policy,
    failures: AtomicU32,
}

impl Agent {
    /// The agent `name` running `command` (program and arguments), with
    /// `timeout` seconds for each reply.
    pub fn new(
        name: impl Into<String>,
        description: Option<String>,
        command: Vec<String>,
        timeout: f64,
    ) -> Agent {
        let name = name.into();
        let (_, params) = preset("open").expect("the open preset");
        Agent {
            description: description
                .unwrap_or_else(|| format!("external agent {}", process::shown(&command))),
            policy: Policy::new(name.clone(), "", params),
            name,
            backend: Backend::Process {
                command,
                timeout: Duration::from_secs_f64(timeout),
            },
            failures: AtomicU32::new(0),
        }
    }

    /// The agent `name` deciding in this process through `hosted`.
    pub fn hosted(
        name: impl Into<String>,
        description: Option<String>,
        hosted: Box<dyn Hosted>,
    ) -> Agent {
        let name = name.into();
        let (_, params) = preset("open").expect("the open preset");
        Agent {
            description: description
                .unwrap_or_else(|| format!("in-process agent {}", hosted.shown())),
            policy: Policy::new(name.clone(), "", params),
            name,
            backend: Backend::Hosted(hosted),
            failures: AtomicU32::new(0),
        }
    }

    /// Its command (empty for a hosted agent).
    pub fn command(&self) -> &[String] {
        match &self.backend {
            Backend::Process { command, .. } => command,
            Backend::Hosted(_) => &[],
        }
    }

    /// Its timeout per reply, in seconds (a hosted agent has none: `inf`).
    pub fn timeout(&self) -> f64 {
        match &self.backend {
            Backend::Process { timeout, .. } => timeout.as_secs_f64(),
            Backend::Hosted(_) => f64::INFINITY,
        }
    }

    /// The agent as messages show it: its command, or the hosted object.
    pub fn shown(&self) -> String {
        match &self.backend {
            Backend::Process { command, .. } => process::shown(command),
            Backend::Hosted(h) => h.shown(),
        }
    }

    /// Whether it decides in this process.
    pub fn is_hosted(&self) -> bool {
        matches!(self.backend, Backend::Hosted(_))
    }

    /// A seat for side `side` of one negotiation at `table`.
    pub fn seat<'t>(
        &'t self,
        table: &Table<'_>,
        private: &Private,
        side: usize,
        seed: u64,
    ) -> AgentSeat<'t> {
        let priors = [0, 1].map(|i| {
            let (lo, hi) = table.limit_support(i);
            [table.limit_mean(i), table.limit_sd(i), lo, hi]
        });
        AgentSeat {
            agent: self,
            opponent: table.strategy_name(1 - side).to_string(),
            ctx: protocol::Context {
                side,
                value: private.reservation[side],
                priors,
                rules: table.public_rules(),
                seed,
            },
            forfeit: None,
            belief: None,
            next_id: std::cell::Cell::new(1),
            multi: multi::MultiContext::new(table, private, side),
        }
    }
}

impl Strategy for Agent {
    fn name(&self) -> &str {
        &self.name
    }
    fn description(&self) -> String {
        self.description.clone()
    }
    fn parameters(&self) -> Vec<(&'static str, String)> {
        match &self.backend {
            Backend::Process { command, .. } => vec![
                ("command", process::shown(command)),
                ("timeout", format!("{} s", self.timeout())),
            ],
            Backend::Hosted(h) => vec![("object", h.shown())],
        }
    }
    fn initial_trust(&self) -> f64 {
        self.policy.initial_trust()
    }
    fn exchange(&self, view: &View) -> Move {
        // Never called: the agent's seat decides.
        self.policy.exchange(view)
    }
    fn answer(&self, view: &View) -> Move {
        self.policy.answer(view)
    }
    fn outside(&self) -> Option<&dyn Outside> {
        Some(self)
    }
}

impl Outside for Agent {
    fn seat<'t>(
        &'t self,
        table: &'t Table<'t>,
        private: &Private,
        side: usize,
        seed: u64,
    ) -> Box<dyn Seat + 't> {
        Box::new(Agent::seat(self, table, private, side, seed))
    }
}

/// One side of one negotiation played by an agent.
pub struct AgentSeat<'t> {
    agent: &'t Agent,
    opponent: String,
    ctx: protocol::Context,
    /// Why it forfeited, once it has.
    pub forfeit: Option<String>,
    /// Its last belief report about the other's value (cdf points).
    pub belief: Option<Vec<(f64, f64)>>,
    /// The next request id of a hosted agent (a process counts its own).
    next_id: std::cell::Cell<u64>,
    /// What it knows of a `multi_issue` negotiation (`None` in `price`).
    multi: Option<multi::MultiContext>,
}

impl AgentSeat<'_> {
    fn fail(&mut self, reason: String) {
        let a = self.agent;
        let n = a.failures.fetch_add(1, Ordering::Relaxed) + 1;
        let reason = if n == MAX_FAILURES {
            format!("{reason}; after {MAX_FAILURES} failures the agent is not started again")
        } else {
            reason
        };
        FORFEITS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Forfeit {
                agent: a.name.clone(),
                opponent: self.opponent.clone(),
                side: self.ctx.side,
                seed: self.ctx.seed,
                reason: reason.clone(),
            });
        self.forfeit = Some(reason);
    }

    /// Ask the agent; `Err` with the reason it failed.
    fn ask(&self, d: Decision, events: &[Event]) -> Answer<HumanMove> {
        let own_sd = self.ctx.priors[self.ctx.side][1];
        let ctx = &self.ctx;
        self.call(
            protocol::decision_name(&d),
            |id| protocol::request(id, ctx, &d, events),
            |line, id| protocol::parse_reply(line, id, &d, own_sd).map(|r| (r.mv, r.belief)),
        )
    }

    /// Send the request `request(id)` and read the reply `read(line, id)`
    /// (a move and maybe a belief report), noting the belief; `what`
    /// names the decision in messages. `Err` with the reason it failed.
    fn call<T>(
        &self,
        what: &str,
        request: impl FnOnce(u64) -> String,
        read: impl FnOnce(&str, u64) -> Answer<T>,
    ) -> Answer<T> {
        let read = |line: &str, id: u64| {
            read(line, id).map_err(|e| format!("{e}; the line: {}", protocol::excerpt(line)))
        };
        match &self.agent.backend {
            Backend::Process { command, timeout } => {
                process::with_process(command, *timeout, |p| {
                    let id = p.next_id;
                    p.next_id += 1;
                    let line = p.exchange(&request(id), *timeout, what)?;
                    read(&line, id)
                })
            }
            Backend::Hosted(h) => {
                let id = self.next_id.get();
                self.next_id.set(id + 1);
                let line = h.decide(&request(id))?;
                read(&line, id)
            }
        }
    }

    /// The agent's move for a decision: `passive` once it has forfeited,
    /// else what `ask` gets from it (a failure forfeits: `passive`).
    fn decide_with<T>(&mut self, passive: T, ask: impl FnOnce(&mut Self) -> Answer<T>) -> T {
        if self.forfeit.is_some() {
            return passive;
        }
        if self.agent.failures.load(Ordering::Relaxed) >= MAX_FAILURES {
            self.fail(format!(
                "{GAVE_UP} after {MAX_FAILURES} failures (see the first forfeits)"
            ));
            return passive;
        }
        match ask(self) {
            Ok((mv, belief)) => {
                if belief.is_some() {
                    self.belief = belief;
                }
                mv
            }
            Err(reason) => {
                self.fail(format!("agent {}: {reason}", self.agent.shown()));
                passive
            }
        }
    }
}

impl Seat for AgentSeat<'_> {
    fn decide(&mut self, side: usize, d: Decision, events: &[Event]) -> HumanMove {
        debug_assert_eq!(side, self.ctx.side);
        self.decide_with(passive(d), |s| s.ask(d, events))
    }

    fn multi(&mut self) -> Option<&mut dyn MultiSeat> {
        if self.multi.is_some() {
            Some(self)
        } else {
            None
        }
    }
}

/// Whether `program` can be found: a path that exists, or a name on PATH.
pub fn findable(program: &str) -> bool {
    if program.contains('/') {
        return std::path::Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
