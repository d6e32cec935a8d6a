//! `negsim validate`: the results of bargaining theory negsim must reproduce
//! (THEORY.md section 6, T1-T7, and the disclosure Prisoner's Dilemma), each
//! measured with a fixed seed and compared with its tolerance. Sample sizes
//! follow THEORY.md's rule with 3.3 standard errors instead of 2.576, so a
//! correct model passes each check for at least 999 seeds in 1000.

use crate::config::{Experiment, parse};
use crate::error::Result;
use crate::model::geometry::Frontier;
use crate::model::negotiation::{Outcome, Quiet, Table};
use crate::run::tournament::{self, RunOptions, run_rngs};

mod bargaining;

pub use bargaining::subgame_perfect_check;
use bargaining::{fixed_domain, t6_subgame_perfect};

/// Standard errors a measured value may be off (99.9% two-sided).
pub const Z: f64 = 3.3;

/// One check: what theory says, what negsim measured.
#[derive(Debug, Clone)]
pub struct Check {
    /// Test id (T1 ... T7, PD).
    pub id: &'static str,
    /// What is measured.
    pub what: String,
    /// The theoretical value.
    pub expected: f64,
    /// The measured value.
    pub measured: f64,
    /// Half-width of the measured value's 99.9% interval (0 when exact).
    pub ci: f64,
    /// Allowed distance from the expected value (besides sampling error
    /// where the check says so).
    pub tolerance: f64,
    /// How to compare: `=` within tolerance, `<=` at most expected + ci.
    pub kind: Kind,
}

/// How a check compares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// |measured - expected| <= tolerance.
    Equal,
    /// measured - ci <= expected (an upper bound up to sampling error).
    AtMost,
}

impl Check {
    /// Whether the check passes.
    pub fn pass(&self) -> bool {
        match self.kind {
            Kind::Equal => (self.measured - self.expected).abs() <= self.tolerance,
            Kind::AtMost => self.measured - self.ci <= self.expected,
        }
    }
}

/// Running sums for means, variances and the ratio of two means.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    n: f64,
    x: f64,
    xx: f64,
    y: f64,
    yy: f64,
    xy: f64,
}

impl Sums {
    fn push(&mut self, x: f64, y: f64) {
        self.n += 1.0;
        self.x += x;
        self.xx += x * x;
        self.y += y;
        self.yy += y * y;
        self.xy += x * y;
    }
    fn mean(&self) -> f64 {
        self.x / self.n
    }
    /// Z standard errors of the mean of x.
    fn ci(&self) -> f64 {
        let m = self.mean();
        Z * ((self.xx / self.n - m * m).max(0.0) / self.n).sqrt()
    }
    /// Ratio of means x/y and Z standard errors (delta method).
    fn ratio(&self) -> (f64, f64) {
        let (mx, my) = (self.x / self.n, self.y / self.n);
        let r = mx / my;
        let var = (self.xx / self.n - mx * mx) - 2.0 * r * (self.xy / self.n - mx * my)
            + r * r * (self.yy / self.n - my * my);
        (r, Z * (var.max(0.0) / self.n).sqrt() / my)
    }
}

fn exp(text: &str) -> Experiment {
    parse(text, "validate")
        .and_then(|c| c.validate("validate"))
        .expect("built-in validation config is valid")
}

/// A double auction on U[0, 1] values.
fn auction(k: f64, rounds: u32, seed: u64) -> Experiment {
    exp(&format!(
        r#"
name = "validate"
seed = {seed}
runs = 1
strategies = ["open", "guarded", "probing", "mirroring", "full-disclosure"]
[scenario]
kind = "price"
buyer_value = {{ dist = "uniform", low = 0.0, high = 1.0 }}
seller_cost = {{ dist = "uniform", low = 0.0, high = 1.0 }}
[exchange]
rounds = {rounds}
leak_probability = 0.0
[protocol]
kind = "double_auction"
k = {k}
[[strategy]]
name = "full-disclosure"
base = "open"
precision = 0.0001
answer_precision = 0.0001
"#
    ))
}

/// Play `n` runs of pairing (a, b) and pass each outcome to `f`.
fn simulate(exp: &Experiment, a: &str, b: &str, n: u64, mut f: impl FnMut(&Outcome)) {
    let idx = |s: &str| {
        exp.strategies
            .iter()
            .position(|x| x.name() == s)
            .expect("known strategy")
    };
    let (a, b) = (idx(a), idx(b));
    let table = Table::new(
        exp.rules(),
        exp.strategies[a].as_ref(),
        exp.strategies[b].as_ref(),
    );
    for i in 0..n {
        let (mut v, mut r) = run_rngs(exp.seed, i);
        let p = exp.scenario.draw(&mut v);
        let o = table.play(&p, &mut table.new_memories(), &mut r, &mut Quiet);
        f(&o);
    }
}

struct Measured {
    deal: Sums,
    joint: Sums,
    buyer: Sums,
    seller: Sums,
    eff: Sums,
    small_gap_trades: u64,
}

fn measure(exp: &Experiment, a: &str, b: &str, n: u64) -> Measured {
    let mut m = Measured {
        deal: Sums::default(),
        joint: Sums::default(),
        buyer: Sums::default(),
        seller: Sums::default(),
        eff: Sums::default(),
        small_gap_trades: 0,
    };
    simulate(exp, a, b, n, |o| {
        m.deal.push(o.deal as u8 as f64, 0.0);
        m.joint.push(o.joint, 0.0);
        m.buyer.push(o.surplus[0], 0.0);
        m.seller.push(o.surplus[1], 0.0);
        m.eff.push(o.joint, o.max_joint);
        let gap = o.private.reservation[0] - o.private.reservation[1];
        if o.deal && gap < 0.25 {
            m.small_gap_trades += 1;
        }
    });
    m
}

fn eq(id: &'static str, what: impl Into<String>, expected: f64, s: &Sums, tolerance: f64) -> Check {
    Check {
        id,
        what: what.into(),
        expected,
        measured: s.mean(),
        ci: s.ci(),
        tolerance,
        kind: Kind::Equal,
    }
}

/// Run every check. `seed` fixes the samples; `threads` is used by T7.
pub fn run_all(seed: u64) -> Result<Vec<Check>> {
    let mut out = Vec::new();
    let half = auction(0.5, 3, seed);
    t1_truthful_auction(&mut out, &half);
    t2_linear_equilibrium(&mut out, &half);
    t3_seller_names_the_price(&mut out, seed);
    t4_no_profile_beats_the_bound(&mut out, &half);
    disclosure_dilemma(&mut out, seed);
    t5_weight_disclosure(&mut out, seed);
    t6_subgame_perfect(&mut out, seed);
    fixed_domain(&mut out);
    t7_thread_count(&mut out, seed)?;
    Ok(out)
}

/// T1: both sides bid truthfully in the k = 1/2 auction.
fn t1_truthful_auction(out: &mut Vec<Check>, half: &Experiment) {
    let n = 160_000;
    let m = measure(half, "open", "open", n);
    out.push(eq(
        "T1",
        "k=1/2 auction, open/open: P(trade)",
        0.5,
        &m.deal,
        0.005,
    ));
    out.push(eq(
        "T1",
        "k=1/2 auction, open/open: E[joint surplus]",
        1.0 / 6.0,
        &m.joint,
        0.002,
    ));
    let (r, ci) = m.eff.ratio();
    out.push(Check {
        id: "T1",
        what: "k=1/2 auction, open/open: efficiency".into(),
        expected: 1.0,
        measured: r,
        ci,
        tolerance: 1e-9,
        kind: Kind::Equal,
    });
}

/// T2: both strategic: the linear equilibrium of the k = 1/2 auction.
fn t2_linear_equilibrium(out: &mut Vec<Check>, half: &Experiment) {
    let n = 400_000;
    let m = measure(half, "guarded", "guarded", n);
    out.push(eq(
        "T2",
        "k=1/2 auction, guarded/guarded: P(trade)",
        9.0 / 32.0,
        &m.deal,
        0.005,
    ));
    let (r, ci) = m.eff.ratio();
    out.push(Check {
        id: "T2",
        what: "k=1/2 auction, guarded/guarded: efficiency".into(),
        expected: 27.0 / 32.0,
        measured: r,
        ci,
        tolerance: 0.0035,
        kind: Kind::Equal,
    });
    out.push(Check {
        id: "T2",
        what: "k=1/2 auction, guarded/guarded: trades with v - c < 1/4".into(),
        expected: 0.0,
        measured: m.small_gap_trades as f64,
        ci: 0.0,
        tolerance: 0.0,
        kind: Kind::Equal,
    });
}

/// T3: the seller names the price (k = 0); the buyer keeps its value
/// private, or discloses it exactly off the record.
fn t3_seller_names_the_price(out: &mut Vec<Check>, seed: u64) {
    let tioli = auction(0.0, 3, seed);
    let n = 160_000;
    let m = measure(&tioli, "guarded", "guarded", n);
    out.push(eq(
        "T3",
        "seller names the price, value private: P(trade)",
        0.25,
        &m.deal,
        0.005,
    ));
    out.push(eq(
        "T3",
        "seller names the price, value private: seller",
        1.0 / 12.0,
        &m.seller,
        0.002,
    ));
    out.push(eq(
        "T3",
        "seller names the price, value private: buyer",
        1.0 / 24.0,
        &m.buyer,
        0.002,
    ));
    let (r, ci) = m.eff.ratio();
    out.push(Check {
        id: "T3",
        what: "seller names the price, value private: efficiency".into(),
        expected: 0.75,
        measured: r,
        ci,
        tolerance: 0.01,
        kind: Kind::Equal,
    });
    let m = measure(&tioli, "full-disclosure", "guarded", n);
    out.push(eq(
        "T3",
        "seller names the price, value disclosed: P(trade)",
        0.5,
        &m.deal,
        0.005,
    ));
    out.push(eq(
        "T3",
        "seller names the price, value disclosed: seller",
        1.0 / 6.0,
        &m.seller,
        0.002,
    ));
    out.push(eq(
        "T3",
        "seller names the price, value disclosed: buyer",
        0.0,
        &m.buyer,
        0.001,
    ));
}

/// T4: no profile of strategic agents beats 27/32.
fn t4_no_profile_beats_the_bound(out: &mut Vec<Check>, half: &Experiment) {
    for (a, b) in [
        ("guarded", "guarded"),
        ("guarded", "probing"),
        ("probing", "guarded"),
        ("probing", "probing"),
    ] {
        let m = measure(half, a, b, 100_000);
        let (r, ci) = m.eff.ratio();
        out.push(Check {
            id: "T4",
            what: format!("k=1/2 auction, {a}/{b}: efficiency at most 27/32"),
            expected: 27.0 / 32.0,
            measured: r,
            ci,
            tolerance: 0.0,
            kind: Kind::AtMost,
        });
    }
}

/// The disclosure Prisoner's Dilemma (no talk: disclosure = bidding truthfully).
fn disclosure_dilemma(out: &mut Vec<Check>, seed: u64) {
    let silent = auction(0.5, 0, seed);
    let n = 200_000;
    let open_guarded = measure(&silent, "open", "guarded", n);
    let guarded_open = measure(&silent, "guarded", "open", n);
    let both_open = measure(&silent, "open", "open", n);
    let both_guarded = measure(&silent, "guarded", "guarded", n);
    let avg = |x: &Sums, y: &Sums| {
        let mut s = *x;
        s.n += y.n;
        s.x += y.x;
        s.xx += y.xx;
        s
    };
    let t = avg(&guarded_open.buyer, &open_guarded.seller);
    let r = avg(&both_open.buyer, &both_open.seller);
    let p = avg(&both_guarded.buyer, &both_guarded.seller);
    let s = avg(&open_guarded.buyer, &guarded_open.seller);
    out.push(eq(
        "PD",
        "T: best response to a truthful side",
        1.0 / 9.0,
        &t,
        0.002,
    ));
    out.push(eq("PD", "R: both truthful", 1.0 / 12.0, &r, 0.002));
    out.push(eq("PD", "P: both strategic", 9.0 / 128.0, &p, 0.002));
    out.push(eq("PD", "S: truthful, exploited", 1.0 / 27.0, &s, 0.002));
}

/// T5: two issues, a, b ~ U[0, 1], no disclosure (50/50) vs full weight disclosure.
fn t5_weight_disclosure(out: &mut Vec<Check>, seed: u64) {
    let two = exp(&format!(
        r#"
name = "validate"
seed = {seed}
runs = 1
strategies = ["open"]
[scenario]
kind = "multi_issue"
weights_a = [1.0, 1.0]
weights_b = [1.0, 1.0]
reservation_a = {{ dist = "uniform", low = 0.0, high = 0.001 }}
reservation_b = {{ dist = "uniform", low = 0.0, high = 0.001 }}
"#
    ));
    let (mut fifty, mut best, mut nash) = (Sums::default(), Sums::default(), Sums::default());
    for i in 0..60_000u64 {
        let (mut v, _) = run_rngs(two.seed, i);
        let p = two.scenario.draw(&mut v);
        let (wa, wb) = (&p.weights[0][..2], &p.weights[1][..2]);
        fifty.push(0.5 * (wa[0] + wa[1]) + 0.5 * (wb[0] + wb[1]), 0.0);
        let f = Frontier::linear(wa, wb);
        best.push(f.max_joint_surplus((0.0, 0.0)), 0.0);
        let n = f.nash((0.0, 0.0)).unwrap_or((0.0, 0.0));
        nash.push(n.0 + n.1, 0.0);
    }
    out.push(eq(
        "T5",
        "2 issues, no disclosure (50/50): welfare",
        1.0,
        &fifty,
        1e-9,
    ));
    out.push(eq(
        "T5",
        "2 issues, full disclosure, welfare rule: welfare",
        4.0 / 3.0,
        &best,
        0.005,
    ));
    out.push(eq(
        "T5",
        "2 issues, full disclosure, Nash agreement: welfare",
        1.318,
        &nash,
        0.005,
    ));
}

/// T7: the thread count does not change results.
fn t7_thread_count(out: &mut Vec<Check>, seed: u64) -> Result<()> {
    let mut t7 = Experiment::default_tournament();
    t7.seed = seed;
    t7.runs = 5000;
    let one = tournament::run(&t7, RunOptions { threads: 1 }, &|_| {}, None)?;
    let two = tournament::run(&t7, RunOptions { threads: 2 }, &|_| {}, None)?;
    let same = one.pairs == two.pairs;
    out.push(Check {
        id: "T7",
        what: "default tournament: summary.csv identical with 1 and 2 threads".into(),
        expected: 1.0,
        measured: same as u8 as f64,
        ci: 0.0,
        tolerance: 0.0,
        kind: Kind::Equal,
    });
    Ok(())
}

/// The checks as a table.
pub fn table(checks: &[Check]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let w = checks.iter().map(|c| c.what.len()).max().unwrap_or(10);
    let _ = writeln!(
        s,
        "{:<4}  {:<w$}  {:>10}  {:>10}  {:>10}  {:>10}  result",
        "test", "check", "expected", "measured", "±99.9% CI", "tolerance"
    );
    for c in checks {
        let tol = match c.kind {
            Kind::Equal => format!("{:.4}", c.tolerance),
            Kind::AtMost => "<= + CI".to_string(),
        };
        let _ = writeln!(
            s,
            "{:<4}  {:<w$}  {:>10.5}  {:>10.5}  {:>10.5}  {:>10}  {}",
            c.id,
            c.what,
            c.expected,
            c.measured,
            c.ci,
            tol,
            if c.pass() { "pass" } else { "FAIL" }
        );
    }
    s
}
