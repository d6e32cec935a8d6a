//! Model tests (MODEL.md version 2), from the library's side:
//!
//! - [`presets`]: each preset does what MODEL.md section 5's table promises,
//!   scripted turn by turn against every opponent;
//! - [`support`]: claims, leaks, offers and beliefs stay inside the prior's
//!   support (section 3);
//! - [`metrics`]: the identities of section 8 on every run, and no
//!   information without talk or leaks;
//! - [`lies`]: lie detection's false-accusation budget (section 4) and the
//!   mirroring grudge;
//! - [`bargaining`]: decisions from beliefs (section 6): the Nash split under
//!   full knowledge, failed deals, walking away, talk creating value and
//!   bluffs destroying it;
//! - [`matches`]: repeated play (section 7): trust learned at the debrief;
//! - [`auction`]: the double auction's bids as best responses;
//! - [`statistics`]: intervals clustered by match and paired comparisons;
//! - [`design`]: common random numbers, thread-count independence, silent
//!   observers, and that nothing reads the other side's name or parameters.
//!
//! Deterministic behaviour is asserted exactly; random behaviour with
//! 3.3-standard-error bounds (99.9% two-sided). Runs with the same index
//! face the same private values in every pairing (common random numbers), so
//! set-ups are compared by paired differences run by run.

mod auction;
mod bargaining;
mod design;
mod lies;
mod matches;
mod metrics;
mod presets;
mod statistics;
mod support;

use negsim::config::{Experiment, parse};
use negsim::model::negotiation::{Event, Outcome};
use negsim::run::stats::PairStats;
use negsim::run::tournament::play_pairing;

/// Standard errors a statistical assertion allows (99.9% two-sided).
const Z: f64 = 3.3;

/// The default price set-up (values uniform on [40000, 60000]).
const LO: f64 = 40000.0;
const HI: f64 = 60000.0;

/// Prior sd of either side's value in the default set-up.
fn sd() -> f64 {
    (HI - LO) / 12f64.sqrt()
}

/// The embedded default tournament (the four presets, price, 3 rounds).
fn default_exp() -> Experiment {
    Experiment::default_tournament()
}

/// A price experiment on the default values with the four presets, then
/// `strategies` (extra names defined in `extra`), and `extra` TOML after the
/// scenario (`[exchange]`, `[protocol]`, `[match]`, `[[strategy]]` tables).
fn price(extra: &str, strategies: &[&str]) -> Experiment {
    let mut names = vec!["open", "guarded", "mirroring", "probing"];
    names.extend_from_slice(strategies);
    let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let text = format!(
        r#"
name = "model-test"
seed = 42
runs = 1000
strategies = [{}]
[scenario]
kind = "price"
buyer_value = {{ dist = "uniform", low = {LO}, high = {HI} }}
seller_cost = {{ dist = "uniform", low = {LO}, high = {HI} }}
{extra}
"#,
        list.join(", ")
    );
    from_toml(&text)
}

/// Parse and validate a config text.
fn from_toml(text: &str) -> Experiment {
    parse(text, "test.toml")
        .and_then(|c| c.validate("test.toml"))
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// A config file of the repository, validated.
fn config_file(name: &str) -> Experiment {
    let text = std::fs::read_to_string(crate::helpers::config(name)).unwrap();
    parse(&text, name).unwrap().validate(name).unwrap()
}

/// Index of strategy `name` in the experiment.
fn idx(exp: &Experiment, name: &str) -> usize {
    exp.strategies
        .iter()
        .position(|s| s.name() == name)
        .unwrap_or_else(|| panic!("no strategy {name}"))
}

/// Play run `i` of pairing (a, b) with a recorder (earlier runs of its match
/// replayed silently, as in a batch).
fn record(exp: &Experiment, a: &str, b: &str, i: u64) -> (Vec<Event>, Outcome) {
    let t = negsim::run::trace::record(exp, idx(exp, a), idx(exp, b), i);
    (t.events, t.outcome)
}

/// Outcomes of runs `0..n` of pairing (a, b), in run order.
fn outcomes(exp: &Experiment, a: &str, b: &str, n: u64) -> Vec<Outcome> {
    play_pairing(exp, idx(exp, a), idx(exp, b), 0, n, true).1
}

/// Statistics of runs `0..n` of pairing (a, b), as a tournament keeps them.
fn stats(exp: &Experiment, a: &str, b: &str, n: u64) -> PairStats {
    play_pairing(exp, idx(exp, a), idx(exp, b), 0, n, false).0
}

/// Events of side `s` in exchange round `r` (before the formal phase),
/// including its answers to the other side's questions in that round.
fn turn(events: &[Event], s: usize, r: u32) -> Vec<Event> {
    events
        .iter()
        .take_while(|e| !matches!(e, Event::FormalStart { .. }))
        .filter(|e| match **e {
            Event::Reservation { round, side, .. }
            | Event::Weights { round, side, .. }
            | Event::Ask { round, side }
            | Event::Decline { round, side }
            | Event::Silent { round, side } => round == r && side == s,
            _ => false,
        })
        .copied()
        .collect()
}

/// A mean and its standard error.
#[derive(Debug, Clone, Copy)]
struct Est {
    mean: f64,
    se: f64,
}

impl Est {
    /// Lower end of the 3.3-SE interval.
    fn lo(self) -> f64 {
        self.mean - Z * self.se
    }
    /// Upper end of the 3.3-SE interval.
    fn hi(self) -> f64 {
        self.mean + Z * self.se
    }
    /// Whether `x` lies within 3.3 standard errors (plus `tol`).
    fn covers(self, x: f64, tol: f64) -> bool {
        (self.mean - x).abs() <= Z * self.se + tol
    }
}

/// Mean and standard error of `x`.
fn mean(x: &[f64]) -> Est {
    let n = x.len() as f64;
    assert!(n >= 2.0, "too few values");
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
    Est {
        mean: m,
        se: (v / n).sqrt(),
    }
}

/// Paired difference of means `a - b` (same run indices).
fn paired(a: &[f64], b: &[f64]) -> Est {
    assert_eq!(a.len(), b.len());
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    mean(&d)
}

/// 1 or 0.
fn ind(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}
