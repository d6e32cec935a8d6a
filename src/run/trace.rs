//! One negotiation recorded event by event (`negsim trace`, the trace chart):
//! the same run a tournament plays, replayed with a recorder.

use crate::config::Experiment;
use crate::error::{Error, Result, nearest};
use crate::model::negotiation::{Event, Outcome, Quiet, Recorder, Table};
use crate::run::tournament::run_rngs;

/// A recorded negotiation: its events and outcome.
#[derive(Debug, Clone)]
pub struct Trace {
    /// Names of the strategies on sides A and B.
    pub names: [String; 2],
    /// Index of those strategies in the experiment.
    pub indices: [usize; 2],
    /// Run index.
    pub run: u64,
    /// Everything that happened, in order.
    pub events: Vec<Event>,
    /// The result.
    pub outcome: Outcome,
}

/// Index of strategy `name` in the experiment, or a clear error.
pub fn strategy_index(exp: &Experiment, name: &str, flag: &str) -> Result<usize> {
    let names: Vec<&str> = exp.strategies.iter().map(|s| s.name()).collect();
    names
        .iter()
        .position(|n| *n == name)
        .ok_or_else(|| Error::UnknownStrategy {
            name: name.to_string(),
            file: "the command line".to_string(),
            field: flag.to_string(),
            hint: nearest(name, names.iter().copied())
                .map(|n| format!("did you mean '{n}'? "))
                .unwrap_or_default(),
            known: names.join(", "),
        })
}

/// Something that may happen in a run, for `negsim trace --find`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happening {
    /// A side catches the other in a lie (a bluff, not a false accusation).
    CaughtLie,
    /// Body language leaks a side's reservation.
    Leak,
    /// A side walks away.
    WalkAway,
    /// No deal.
    NoDeal,
    /// A side bluffs.
    Bluff,
}

impl Happening {
    /// Whether it happened in a run with this outcome.
    pub fn happened(self, o: &Outcome) -> bool {
        match self {
            Happening::CaughtLie => o.lies_detected.iter().any(|&n| n > 0),
            Happening::Leak => o.leaks.iter().any(|&n| n > 0),
            Happening::WalkAway => o.walk_away.is_some(),
            Happening::NoDeal => !o.deal,
            Happening::Bluff => o.bluffs.iter().any(|&n| n > 0),
        }
    }

    /// In words: "a caught lie", "a leak", ...
    pub fn describe(self) -> &'static str {
        match self {
            Happening::CaughtLie => "a caught lie",
            Happening::Leak => "a leak",
            Happening::WalkAway => "a walk-away",
            Happening::NoDeal => "no deal",
            Happening::Bluff => "a bluff",
        }
    }
}

/// The first run of pairing (a, b), among runs `0..limit`, in which `what`
/// happens; played as a batch plays them (matches with their memory).
pub fn find(exp: &Experiment, a: usize, b: usize, what: Happening, limit: u64) -> Option<u64> {
    let table = Table::new(
        exp.rules(),
        exp.strategies[a].as_ref(),
        exp.strategies[b].as_ref(),
    );
    let e = exp.match_runs as u64;
    let mut memory = table.new_memories();
    for run in 0..limit {
        if run % e == 0 {
            memory = table.new_memories();
        }
        let (mut v, mut r) = run_rngs(exp.seed, run);
        let p = exp.scenario.draw(&mut v);
        let outcome = table.play(&p, &mut memory, &mut r, &mut Quiet);
        if what.happened(&outcome) {
            return Some(run);
        }
    }
    None
}

/// Play run `run` of pairing (a, b) with a recorder attached. Earlier runs
/// of the same match are replayed silently so that memory is as in a batch.
pub fn record(exp: &Experiment, a: usize, b: usize, run: u64) -> Trace {
    let table = Table::new(
        exp.rules(),
        exp.strategies[a].as_ref(),
        exp.strategies[b].as_ref(),
    );
    let e = exp.match_runs as u64;
    let mut memory = table.new_memories();
    for i in (run - run % e)..run {
        let (mut v, mut r) = run_rngs(exp.seed, i);
        let p = exp.scenario.draw(&mut v);
        table.play(&p, &mut memory, &mut r, &mut Quiet);
    }
    let (mut v, mut r) = run_rngs(exp.seed, run);
    let p = exp.scenario.draw(&mut v);
    let mut rec = Recorder::default();
    let outcome = table.play(&p, &mut memory, &mut r, &mut rec);
    Trace {
        names: [
            exp.strategies[a].name().to_string(),
            exp.strategies[b].name().to_string(),
        ],
        indices: [a, b],
        run,
        events: rec.0,
        outcome,
    }
}

/// A side's reservation claims in a run, gathered from its events: the
/// limit they commit it to is their precision-weighted mean, or its first
/// exact claim (as the model computes it).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Claims {
    /// Sum of the precisions (1 / stated noise^2) of the noisy claims.
    precision: f64,
    /// Precision-weighted sum of the noisy claims.
    sum: f64,
    /// Its first exact claim.
    exact: Option<f64>,
    /// Whether its claims were bluffs (shifted in its favour).
    pub bluff: bool,
    /// Number of claims.
    pub count: u32,
}

impl Claims {
    /// Add a claim of `claimed` at stated noise `sigma` (in the facet's
    /// units).
    pub fn add(&mut self, claimed: f64, sigma: f64, bluff: bool) {
        if sigma > 0.0 {
            self.precision += 1.0 / (sigma * sigma);
            self.sum += claimed / (sigma * sigma);
        } else if self.exact.is_none() {
            self.exact = Some(claimed);
        }
        self.bluff |= bluff;
        self.count += 1;
    }

    /// How far beyond [`Claims::limit`] the claims bind under version
    /// 2.1's commitment: 3 sds of their mean (0 for an exact claim).
    pub fn margin(&self) -> f64 {
        if self.exact.is_some() || self.precision <= 0.0 {
            0.0
        } else {
            3.0 / self.precision.sqrt()
        }
    }

    /// The limit the claims state (their precision-weighted mean, or the
    /// first exact claim), if it made any.
    pub fn limit(&self) -> Option<f64> {
        self.exact
            .or_else(|| (self.precision > 0.0).then(|| self.sum / self.precision))
    }
}

impl Trace {
    /// Side `s`'s reservation claims in the run.
    pub fn claims(&self, s: usize) -> Claims {
        let mut c = Claims::default();
        for e in &self.events {
            if let Event::Reservation {
                side,
                claimed,
                sigma,
                bluff,
                ..
            } = *e
                && side == s
            {
                c.add(claimed, sigma, bluff);
            }
        }
        c
    }
}
