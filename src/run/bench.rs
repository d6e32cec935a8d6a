//! `negsim bench`: an external agent against every preset, in both roles,
//! on common random numbers. Run `i` draws its private values and its
//! behaviour generator from (seed, i) exactly as a tournament does, so the
//! agent and every preset in its seat meet the same draws; the best
//! response to an opponent in a role is the preset that earns the most in
//! the agent's seat on those draws, and the gap is its surplus minus the
//! agent's, run by run. Intervals are clustered by match (by run when a
//! match is one run), as in a tournament.

use crate::agent::{Agent, score};
use crate::config::Experiment;
use crate::error::Result;
use crate::model::negotiation::{Event, Outcome, Quiet, Recorder, Seat, Table};
use crate::model::scenario::MAX_ISSUES;
use crate::model::strategy::{Memory, Policy, Strategy, preset_names};
use crate::run::stats::ClusterMean;
use crate::run::tournament::{pool, run_rngs};
use rand::RngExt;
use rayon::prelude::*;

/// What one negotiation of the agent left, with the presets' surpluses in
/// its seat on the same draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BenchRun {
    /// Its surplus.
    pub surplus: f64,
    /// Whether they agreed.
    pub deal: bool,
    /// Each preset's surplus in its seat (order of [`preset_names`]).
    pub presets: [f64; 4],
    /// Bluffed claims it made, and the sum of their sizes in prior sds.
    pub lies: u32,
    pub lie_size: f64,
    /// Bits it gave away; bits it gained (its side's `info_bits`).
    pub bits_given: f64,
    pub bits_gained: f64,
    /// Whether it believed a bluff: NaN when the opponent did not bluff or
    /// it made no offer and no deal; else 1 when its final position (the
    /// price, or its last offer) conceded as far as the bluffed claim.
    pub believed: f64,
    /// CRPS of its last belief report at the truth, in prior sds of the
    /// other's value (NaN: no report), and the prior's.
    pub crps: f64,
    pub prior_crps: f64,
    /// Its offers beyond its own value.
    pub beyond: u32,
    /// Whether it forfeited.
    pub forfeit: bool,
}

/// The bench of one agent: per opponent (in preset order) and role (0: the
/// agent is A, the buyer), its runs in run order.
pub struct Bench {
    /// The opponents (the presets).
    pub opponents: Vec<String>,
    /// `runs[o][r]`: the runs against opponent `o` in role `r`.
    pub runs: Vec<[Vec<BenchRun>; 2]>,
    /// Runs per match (the clusters of the intervals).
    pub match_runs: u32,
    /// Wall-clock seconds.
    pub elapsed: f64,
    /// Threads used.
    pub threads: usize,
    /// The agent's roles as tables name them (`buyer`/`seller` in `price`,
    /// `A`/`B` in `multi_issue`).
    pub roles: [&'static str; 2],
}

/// Play the bench of `agent` under the rules of `exp` (its strategies are
/// not used): `exp.runs` runs per opponent and role, on `threads` threads
/// (0: all cores). Results do not depend on the thread count when the
/// agent is deterministic.
pub fn bench(exp: &Experiment, agent: &Agent, threads: usize) -> Result<Bench> {
    let presets: Vec<Policy> = preset_names()
        .map(|n| Policy::preset(n).expect("a preset"))
        .collect();
    let (pool, threads) = pool(threads)?;
    let e = u64::from(exp.match_runs);
    // Chunks of whole matches, played in parallel and joined in order.
    let chunk = (64u64).div_ceil(e) * e;
    let chunks: Vec<u64> = (0..exp.runs.div_ceil(chunk)).collect();
    let start = std::time::Instant::now();
    let played: Vec<Vec<[Vec<BenchRun>; 2]>> = pool.install(|| {
        chunks
            .par_iter()
            .map(|&c| {
                let lo = c * chunk;
                let hi = (lo + chunk).min(exp.runs);
                presets
                    .iter()
                    .map(|o| [0, 1].map(|r| play_range(exp, agent, &presets, o, r, lo, hi)))
                    .collect()
            })
            .collect()
    });
    let mut runs: Vec<[Vec<BenchRun>; 2]> = presets.iter().map(|_| [vec![], vec![]]).collect();
    for part in played {
        for (o, [a, b]) in part.into_iter().enumerate() {
            runs[o][0].extend(a);
            runs[o][1].extend(b);
        }
    }
    Ok(Bench {
        opponents: presets.iter().map(|p| p.name().to_string()).collect(),
        runs,
        match_runs: exp.match_runs,
        elapsed: start.elapsed().as_secs_f64(),
        threads,
        roles: if exp.scenario.has_weights() {
            ["A", "B"]
        } else {
            ["buyer", "seller"]
        },
    })
}

/// The two strategies seated with `mine` on side `r`.
fn seated<'s>(r: usize, mine: &'s dyn Strategy, other: &'s dyn Strategy) -> [&'s dyn Strategy; 2] {
    if r == 0 { [mine, other] } else { [other, mine] }
}

/// Runs `lo..hi` (whole matches) of the agent in role `r` against `o`, and
/// of every preset in its seat.
fn play_range(
    exp: &Experiment,
    agent: &Agent,
    presets: &[Policy],
    o: &Policy,
    r: usize,
    lo: u64,
    hi: u64,
) -> Vec<BenchRun> {
    let [a, b] = seated(r, agent, o);
    let table = Table::new(exp.rules(), a, b);
    let others: Vec<Table> = presets
        .iter()
        .map(|p| {
            let [a, b] = seated(r, p, o);
            Table::new(exp.rules(), a, b)
        })
        .collect();
    let e = u64::from(exp.match_runs);
    let mut memory = table.new_memories();
    let mut memories: Vec<[Memory; 2]> = others.iter().map(|t| t.new_memories()).collect();
    let mut out = Vec::with_capacity((hi - lo) as usize);
    for i in lo..hi {
        if i % e == 0 {
            memory = table.new_memories();
            for (m, t) in memories.iter_mut().zip(&others) {
                *m = t.new_memories();
            }
        }
        let private = exp.scenario.draw(&mut run_rngs(exp.seed, i).0);
        let mut presets_surplus = [0.0; 4];
        for (k, t) in others.iter().enumerate() {
            let mut behaviour = run_rngs(exp.seed, i).1;
            let o = t.play(&private, &mut memories[k], &mut behaviour, &mut Quiet);
            presets_surplus[k] = o.surplus[r];
        }
        // As `Table::play` seats an agent: its seed first, then the play.
        let mut behaviour = run_rngs(exp.seed, i).1;
        let seed: u64 = behaviour.random();
        let mut seat = agent.seat(&table, &private, r, seed ^ (r as u64));
        let mut rec = Recorder::default();
        let mut seats: [Option<&mut dyn Seat>; 2] = [None, None];
        seats[r] = Some(&mut seat);
        let outcome = table.play_seated(&private, seats, &mut memory, &mut behaviour, &mut rec);
        let crps = seat.belief.as_ref().map_or(f64::NAN, |pts| {
            score::crps(pts, private.reservation[1 - r]) / table.limit_sd(1 - r)
        });
        let mut run = measure(&table, r, &outcome, &rec.0);
        run.presets = presets_surplus;
        run.crps = crps;
        run.forfeit = seat.forfeit.is_some();
        out.push(run);
    }
    out
}

/// Side `side`'s utility of package `x` (A's share of each issue) in a
/// `multi_issue` run.
fn utility(o: &Outcome, side: usize, x: &[f64]) -> f64 {
    let w = &o.private.weights[side][..o.issues];
    w.iter()
        .zip(x)
        .map(|(w, x)| if side == 0 { w * x } else { w * (1.0 - x) })
        .sum()
}

/// What the transcript and outcome say about side `r`. In `price` a
/// position is a price; in `multi_issue` a package, and what matters is a
/// side's utility of it (a claim in its favour is a higher reservation
/// utility for both sides).
fn measure(table: &Table, r: usize, o: &Outcome, events: &[Event]) -> BenchRun {
    let multi = table.scenario().has_weights();
    let own = o.private.reservation[r];
    // +1: a higher price (or its own utility) helps side r.
    let favour = if r == 1 || multi { 1.0 } else { -1.0 };
    let sd = table.limit_sd(r);
    let (mut lies, mut lie_size, mut beyond) = (0, 0.0, 0);
    let mut bluffed_claim: Option<f64> = None;
    // Its last offer: the price, or (multi_issue) the package.
    let mut last_offer: Option<(f64, [f64; MAX_ISSUES])> = None;
    for e in events {
        match *e {
            Event::Reservation {
                side,
                claimed,
                truth,
                bluff,
                ..
            } => {
                if side == r && bluff {
                    lies += 1;
                    lie_size += (claimed - truth).abs() / sd;
                } else if side != r && bluff {
                    bluffed_claim = Some(claimed);
                }
            }
            Event::Offer { side, value, x, .. } if side == r => {
                last_offer = Some((value, x));
                let mine = if multi {
                    utility(o, r, &x[..o.issues])
                } else {
                    value
                };
                if favour * (mine - own) < 0.0 {
                    beyond += 1;
                }
            }
            _ => {}
        }
    }
    let position = if o.deal {
        Some((o.price, o.x))
    } else {
        last_offer
    };
    let believed = match (bluffed_claim, position) {
        // multi_issue: it believed the other's overstated reservation
        // utility when its position gave the other at least the claim.
        (Some(c), Some((_, x))) if multi => {
            f64::from(u8::from(utility(o, 1 - r, &x[..o.issues]) >= c))
        }
        // A seller (favour +1) believed a buyer's understated value when
        // it asked no more than the claim; a buyer, when it bid at least
        // the seller's overstated cost.
        (Some(c), Some((p, _))) => f64::from(u8::from(favour * (p - c) <= 0.0)),
        _ => f64::NAN,
    };
    BenchRun {
        surplus: o.surplus[r],
        deal: o.deal,
        presets: [0.0; 4],
        lies,
        lie_size,
        bits_given: o.bits_given[r],
        bits_gained: o.info_bits[r],
        believed,
        crps: f64::NAN,
        prior_crps: o.prior_crps[r],
        beyond,
        forfeit: false,
    }
}

/// One row of bench.csv: against one opponent (both roles) or overall.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRow {
    /// The opponent, or "overall".
    pub opponent: String,
    /// The agent's negotiations.
    pub runs: u64,
    pub deal_rate: ClusterMean,
    pub surplus: ClusterMean,
    /// The best response in each role ("buyer: X, seller: Y").
    pub best_response: String,
    pub best_response_surplus: ClusterMean,
    /// Best response's surplus minus the agent's, run by run.
    pub gap: ClusterMean,
    pub lies_told: u64,
    /// Mean size of its lies in prior sds (NaN without lies).
    pub lie_size_sd: f64,
    pub bits_given: ClusterMean,
    pub bits_gained: ClusterMean,
    /// Share of the runs where the opponent bluffed in which it believed
    /// the bluff, and how many such runs.
    pub believed_bluff: ClusterMean,
    pub bluffs_faced: u64,
    pub crps: ClusterMean,
    pub prior_crps: ClusterMean,
    pub belief_reports: u64,
    pub offers_beyond_reservation: u64,
    pub forfeits: u64,
}

impl Bench {
    /// The best response to opponent `o` in role `r`: the preset with the
    /// highest mean surplus in the agent's seat (the first on a tie).
    pub fn best(&self, o: usize, r: usize) -> usize {
        let runs = &self.runs[o][r];
        let mean = |k: usize| runs.iter().map(|x| x.presets[k]).sum::<f64>();
        (0..4).fold(0, |b, k| if mean(k) > mean(b) { k } else { b })
    }

    /// The rows of bench.csv: one per opponent, then overall.
    pub fn rows(&self) -> Vec<BenchRow> {
        let names: Vec<&str> = preset_names().collect();
        let best: Vec<[usize; 2]> = (0..self.opponents.len())
            .map(|o| [self.best(o, 0), self.best(o, 1)])
            .collect();
        let mut rows: Vec<BenchRow> = self
            .opponents
            .iter()
            .enumerate()
            .map(|(o, name)| {
                let b = best[o].map(|k| names[k]);
                self.row(
                    name,
                    &[o],
                    &format!("{}: {}, {}: {}", self.roles[0], b[0], self.roles[1], b[1]),
                    &best,
                )
            })
            .collect();
        let all: Vec<usize> = (0..self.opponents.len()).collect();
        rows.push(self.row("overall", &all, "per opponent and role", &best));
        rows
    }

    /// A row over opponents `os`, both roles, clustered by match.
    fn row(&self, name: &str, os: &[usize], best_name: &str, best: &[[usize; 2]]) -> BenchRow {
        let mut row = BenchRow {
            opponent: name.to_string(),
            runs: 0,
            deal_rate: ClusterMean::default(),
            surplus: ClusterMean::default(),
            best_response: best_name.to_string(),
            best_response_surplus: ClusterMean::default(),
            gap: ClusterMean::default(),
            lies_told: 0,
            lie_size_sd: f64::NAN,
            bits_given: ClusterMean::default(),
            bits_gained: ClusterMean::default(),
            believed_bluff: ClusterMean::default(),
            bluffs_faced: 0,
            crps: ClusterMean::default(),
            prior_crps: ClusterMean::default(),
            belief_reports: 0,
            offers_beyond_reservation: 0,
            forfeits: 0,
        };
        let n = self.runs.first().map_or(0, |r| r[0].len());
        let e = self.match_runs.max(1) as usize;
        let mut lie_size = 0.0;
        for i in 0..n {
            for &o in os {
                for r in 0..2 {
                    let x = &self.runs[o][r][i];
                    let br = x.presets[best[o][r]];
                    row.runs += 1;
                    row.deal_rate.push(f64::from(u8::from(x.deal)));
                    row.surplus.push(x.surplus);
                    row.best_response_surplus.push(br);
                    row.gap.push(br - x.surplus);
                    row.lies_told += u64::from(x.lies);
                    lie_size += x.lie_size;
                    row.bits_given.push(x.bits_given);
                    row.bits_gained.push(x.bits_gained);
                    row.believed_bluff.push(x.believed);
                    row.bluffs_faced += u64::from(!x.believed.is_nan());
                    row.crps.push(x.crps);
                    if !x.crps.is_nan() {
                        row.prior_crps.push(x.prior_crps);
                        row.belief_reports += 1;
                    }
                    row.offers_beyond_reservation += u64::from(x.beyond);
                    row.forfeits += u64::from(x.forfeit);
                }
            }
            if (i + 1) % e == 0 || i + 1 == n {
                for m in [
                    &mut row.deal_rate,
                    &mut row.surplus,
                    &mut row.best_response_surplus,
                    &mut row.gap,
                    &mut row.bits_given,
                    &mut row.bits_gained,
                    &mut row.believed_bluff,
                    &mut row.crps,
                    &mut row.prior_crps,
                ] {
                    m.close();
                }
            }
        }
        if row.lies_told > 0 {
            row.lie_size_sd = lie_size / row.lies_told as f64;
        }
        row
    }
}
