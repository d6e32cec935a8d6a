//! `negsim validate`: the results of bargaining theory negsim must
//! reproduce, THEORY.md section 6 (T1 to T12), each measured with a fixed
//! seed on the documented presets and judged at 3.3 standard errors of the
//! measured quantity (99.9% two-sided). Every check can fail: the tests
//! show each one failing on a deliberately broken model, which a caller
//! builds by passing a [`Tweak`] to [`run_check`].
//!
//! Comparisons use common random numbers: run `i` of every set-up draws
//! the same private values, so differences are paired, run by run.

use crate::config::{Experiment, parse};

use crate::error::{Error, Result};
use crate::model::negotiation::{Observer, Outcome, Quiet};
use crate::model::scenario::Private;
use crate::run::tournament::run_rngs;
use rayon::prelude::*;

mod auction;
mod bargaining;
mod deadline;
mod talk;

pub use bargaining::subgame_perfect_check;

/// Standard errors a measured value may be off (99.9% two-sided).
pub const Z: f64 = 3.3;

/// The checks, in order.
pub const IDS: [&str; 13] = [
    "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12", "FD",
];

/// The checks of formulas with no agents in them (THEORY.md: unit tests,
/// not model checks); `validate` labels them.
pub const UNIT_CHECKS: [&str; 2] = ["T6", "FD"];

/// Changes to a check's configs before it runs them, as sweep-style config
/// paths and TOML values (`("strategy.probing.walk_away", "0.0")`,
/// `("protocol.claims_commit", "false")`): none for the real model, a
/// deliberate break in the tests.
pub type Tweak<'a> = &'a [(&'a str, &'a str)];

/// One check: what theory says, what negsim measured.
#[derive(Debug, Clone)]
pub struct Check {
    /// Test id (T1 ... T12, FD).
    pub id: &'static str,
    /// What is measured.
    pub what: String,
    /// The theoretical value (or the bound).
    pub expected: f64,
    /// The measured value.
    pub measured: f64,
    /// Standard error of the measured value (0 when it is exact).
    pub se: f64,
    /// Numerical tolerance on top of the sampling error (exact quantities).
    pub tolerance: f64,
    /// How to compare.
    pub kind: Kind,
}

/// How a check compares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// `|measured - expected| <= Z se + tolerance`.
    Equal,
    /// `measured - Z se <= expected + tolerance` (an upper bound).
    AtMost,
    /// `measured + Z se >= expected - tolerance` (a lower bound).
    AtLeast,
    /// `measured - Z se > expected` (a difference beyond sampling error).
    Above,
    /// Shown beside a check for comparison; not judged.
    Report,
}

impl Check {
    /// Whether the check passes.
    pub fn pass(&self) -> bool {
        let band = Z * self.se;
        match self.kind {
            Kind::Equal => (self.measured - self.expected).abs() <= band + self.tolerance,
            Kind::AtMost => self.measured - band <= self.expected + self.tolerance,
            Kind::AtLeast => self.measured + band >= self.expected - self.tolerance,
            Kind::Above => self.measured - band > self.expected,
            Kind::Report => true,
        }
    }

    /// A unit check: it tests a formula of the code with no agents in it
    /// (T6's subgame-perfect recursion, FD's fixed-domain geometry), not the
    /// model's behaviour.
    pub fn unit(&self) -> bool {
        UNIT_CHECKS.contains(&self.id)
    }

    fn new(id: &'static str, what: impl Into<String>, kind: Kind, expected: f64, m: Est) -> Self {
        Check {
            id,
            what: what.into(),
            expected,
            measured: m.0,
            se: m.1,
            tolerance: 0.0,
            kind,
        }
    }

    fn tol(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }
}

/// An estimate and its standard error.
#[derive(Debug, Clone, Copy)]
struct Est(f64, f64);

/// Mean and standard error of `x`.
fn mean(x: &[f64]) -> Est {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0).max(1.0);
    Est(m, (v / n).sqrt())
}

/// Ratio of means `x / y` and its standard error (delta method).
fn ratio(x: &[f64], y: &[f64]) -> Est {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let r = mx / my;
    let v = x
        .iter()
        .zip(y)
        .map(|(a, b)| (a - r * b).powi(2))
        .sum::<f64>()
        / (n - 1.0).max(1.0);
    Est(r, (v / n).sqrt() / my)
}

/// Paired difference of means `a - b` (same run indices).
fn paired(a: &[f64], b: &[f64]) -> Est {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    mean(&d)
}

/// A built-in config with `tweak` applied.
fn exp(text: &str, tweak: Tweak) -> Result<Experiment> {
    let file = "validate";
    let mut root: toml::Value = parse(text, file).and_then(|c| {
        toml::Value::try_from(&c).map_err(|e| Error::Usage(format!("{file}: {e}")))
    })?;
    for (path, value) in tweak {
        let v: toml::Table = toml::from_str(&format!("v = {value}"))
            .map_err(|e| Error::Usage(format!("validate tweak {path} = {value}: {e}")))?;
        crate::run::sweep::set(&mut root, path, v["v"].clone(), file)?;
    }
    let c: crate::config::Config = root
        .try_into()
        .map_err(|e: toml::de::Error| Error::Usage(format!("{file}: {e}")))?;
    c.validate(file)
}

/// Play runs `0..n` of pairing (a, b) in parallel (each run on its own
/// generators, so the result does not depend on the threads), each watched
/// by a fresh observer from `watch`, and map each outcome with its observer
/// to `f`, in run order.
fn observed<O: Observer, T: Send>(
    exp: &Experiment,
    a: &str,
    b: &str,
    n: u64,
    watch: impl Fn(&Private) -> O + Sync,
    f: impl Fn(&Outcome, O) -> T + Sync,
) -> Vec<T> {
    let idx = |s: &str| {
        exp.strategy_index(s)
            .unwrap_or_else(|| panic!("validate uses strategy {s}"))
    };
    let table = exp.table(idx(a), idx(b));
    (0..n as usize)
        .into_par_iter()
        .with_min_len(256)
        .map(|i| {
            let (mut v, mut r) = run_rngs(exp.seed, i as u64);
            let p = exp.scenario.draw(&mut v);
            let mut w = watch(&p);
            let o = table.play(&p, &mut table.new_memories(), &mut r, &mut w);
            f(&o, w)
        })
        .collect()
}

/// [`observed`] with no observer: each outcome mapped to `f`'s numbers.
fn per_run<const K: usize>(
    exp: &Experiment,
    a: &str,
    b: &str,
    n: u64,
    f: impl Fn(&Outcome) -> [f64; K] + Sync,
) -> Vec<[f64; K]> {
    observed(exp, a, b, n, |_| Quiet, |o, _| f(o))
}

/// Column `k` of per-run records.
fn col<const K: usize>(rows: &[[f64; K]], k: usize) -> Vec<f64> {
    rows.iter().map(|r| r[k]).collect()
}

/// Run the checks of test `id` (`T1` ... `T12`, `FD`) with `seed`, each
/// experiment changed by `tweak` first.
pub fn run_check(id: &str, seed: u64, tweak: Tweak) -> Result<Vec<Check>> {
    let mut out = Vec::new();
    match id {
        "T1" => auction::t1(&mut out, seed, tweak)?,
        "T2" => auction::t2(&mut out, seed, tweak)?,
        "T3" => auction::t3(&mut out, seed, tweak)?,
        "T4" => auction::t4(&mut out, seed, tweak)?,
        "T5" => talk::t5(&mut out, seed, tweak)?,
        "T6" => bargaining::t6(&mut out, seed)?,
        "T7" => talk::t7(&mut out, seed, tweak)?,
        "T8" => talk::t8(&mut out, seed, tweak)?,
        "T9" => talk::t9(&mut out, seed, tweak)?,
        "T10" => talk::t10(&mut out, seed, tweak)?,
        "T11" => deadline::t11(&mut out, seed, tweak)?,
        "T12" => auction::t12(&mut out, seed, tweak)?,
        "FD" => bargaining::fixed_domain(&mut out),
        _ => {
            return Err(Error::Usage(format!(
                "unknown check '{id}'; the checks are {}",
                IDS.join(", ")
            )));
        }
    }
    Ok(out)
}

/// Run every check with `seed` on the real model.
pub fn run_all(seed: u64) -> Result<Vec<Check>> {
    let mut out = Vec::new();
    for id in IDS {
        out.extend(run_check(id, seed, &[])?);
    }
    Ok(out)
}

/// The checks as a table.
pub fn table(checks: &[Check]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let w = checks.iter().map(|c| c.what.len()).max().unwrap_or(10);
    let _ = writeln!(
        s,
        "{:<4}  {:<w$}  {:>10}  {:>10}  {:>10}  result",
        "test", "check", "expected", "measured", "±3.3 SE"
    );
    for c in checks {
        let rel = match c.kind {
            Kind::Equal => "=",
            Kind::AtMost => "<=",
            Kind::AtLeast => ">=",
            Kind::Above => ">",
            Kind::Report => " ",
        };
        let result = match (c.kind, c.pass(), c.unit()) {
            (Kind::Report, _, _) => "(shown for comparison)",
            (_, true, false) => "pass",
            (_, false, false) => "FAIL",
            (_, true, true) => "pass (unit check: a formula, no agents)",
            (_, false, true) => "FAIL (unit check: a formula, no agents)",
        };
        let _ = writeln!(
            s,
            "{:<4}  {:<w$}  {rel}{:>9.5}  {:>10.5}  {:>10.5}  {result}",
            c.id,
            c.what,
            c.expected,
            c.measured,
            Z * c.se,
        );
    }
    s
}
