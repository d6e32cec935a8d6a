//! T11 (model version 2.1): agents decide on offers from what refusing is
//! worth, so nobody refuses an offer and later takes the same one, deals do
//! not pile up at the deadline, and they keep coming in every round band
//! while runs are open.

use super::{Check, Est, Kind, Tweak, observed, talk};
use crate::config::Experiment;
use crate::error::Result;
use crate::model::negotiation::{Event, Observer};

/// The four presets of the default tournament.
const PRESETS: [&str; 4] = ["open", "guarded", "mirroring", "probing"];

/// Runs per ordered pairing.
const RUNS: u64 = 20_000;

/// What one run's formal phase showed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timing {
    /// Round of the agreement (0: no deal).
    pub deal_round: u32,
    /// Last round in which the run was still open (the agreement's, the
    /// walk-away's, or the deadline).
    pub last_round: u32,
    /// The responder accepted an offer at least as bad for it as one it had
    /// refused, with nothing learned in between: a dead plateau.
    pub regret: bool,
    /// The same, whatever it learned in between.
    pub regret_any: bool,
}

/// One step of a run's formal phase, as T11 reads it.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// An offer: proposer, price.
    Offer(usize, f64),
    /// Side `0` learned something: it saw the other hold its offer, read a
    /// refusal, caught a lie, or heard talk in a formal-phase exchange.
    Learn(Option<usize>),
}

/// Watches one run.
#[derive(Default)]
struct Watch {
    steps: Vec<Step>,
    formal: bool,
    timing: Timing,
    /// Prices closer than this are the same offer.
    tol: f64,
}

impl Watch {
    /// Side `side` accepted the last offer: did it refuse one at least as
    /// good before (with and without learning in between)?
    fn accepted(&mut self, side: usize) {
        // The accepted offer: the last one (a side may note a hold after it).
        let Some((n, accepted)) = self
            .steps
            .iter()
            .enumerate()
            .rev()
            .find_map(|(k, s)| match *s {
                Step::Offer(_, p) => Some((k, p)),
                Step::Learn(_) => None,
            })
        else {
            return;
        };
        // The buyer (A) prefers lower prices.
        let as_good = |p: f64| {
            if side == 0 {
                p <= accepted + self.tol
            } else {
                p >= accepted - self.tol
            }
        };
        let mut learned = false;
        // Walk back from the acceptance: `learned` says whether the side
        // learned anything after the offer at hand.
        for (k, step) in self.steps.iter().enumerate().rev() {
            if k == n {
                continue;
            }
            match *step {
                Step::Learn(who) if who.is_none_or(|w| w == side) => learned = true,
                Step::Offer(by, p) if by != side && as_good(p) => {
                    self.timing.regret_any = true;
                    self.timing.regret |= !learned;
                }
                _ => {}
            }
        }
    }
}

impl Observer for Watch {
    const ACTIVE: bool = true;
    fn on(&mut self, event: Event) {
        match event {
            Event::FormalStart { .. } => self.formal = true,
            Event::Offer {
                round, side, value, ..
            } => {
                self.steps.push(Step::Offer(side, value));
                self.timing.last_round = round;
            }
            Event::Accept { round, side } => {
                self.timing.deal_round = round;
                self.accepted(side);
            }
            Event::WalkAway { round, .. } => self.timing.last_round = round,
            Event::Holds { side, .. } | Event::Learns { side, .. } => {
                self.steps.push(Step::Learn(Some(side)))
            }
            Event::LieDetected { by, .. } => self.steps.push(Step::Learn(Some(by))),
            _ if self.formal => self.steps.push(Step::Learn(None)),
            _ => {}
        }
    }
}

/// Play runs `0..n` of pairing (a, b) and time each run's formal phase.
pub fn timings(exp: &Experiment, a: &str, b: &str, n: u64) -> Vec<Timing> {
    observed(
        exp,
        a,
        b,
        n,
        |p| Watch {
            tol: 1e-9 * (p.reservation[0].abs() + p.reservation[1].abs() + 1.0),
            ..Watch::default()
        },
        |_, w| w.timing,
    )
}

/// The round bands of T11 for deadline `t`: 1-5, 6-10, 11-15, 16-(T-1).
fn bands(t: u32) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut lo = 1;
    while lo < t {
        let hi = (lo + 4).min(t - 1);
        out.push((lo, hi));
        lo = hi + 1;
    }
    out
}

/// T11 on the default price set-up, every ordered pairing of the presets.
pub(super) fn t11(out: &mut Vec<Check>, seed: u64, tweak: Tweak) -> Result<()> {
    let e = talk::price(seed, "", tweak)?;
    let deadline = e.rules().protocol.deadline();
    let mut all = Vec::new();
    for a in PRESETS {
        for b in PRESETS {
            all.extend(timings(&e, a, b, RUNS));
        }
    }
    let count = |f: fn(&Timing) -> bool| all.iter().filter(|t| f(t)).count() as f64;
    out.push(Check::new(
        "T11",
        "runs where a side takes an offer it refused (or a better one) with nothing learned since",
        Kind::Equal,
        0.0,
        Est(count(|t| t.regret), 0.0),
    ));
    out.push(Check::new(
        "T11",
        "  the same after learning (the other holds its offer or refused its own)",
        Kind::Report,
        0.0,
        Est(count(|t| t.regret_any), 0.0),
    ));
    let deals = count(|t| t.deal_round > 0);
    let at_t = all.iter().filter(|t| t.deal_round == deadline).count() as f64;
    let p = at_t / deals.max(1.0);
    out.push(Check::new(
        "T11",
        format!("share of deals made at the deadline (round {deadline})"),
        Kind::AtMost,
        0.15,
        Est(p, (p * (1.0 - p) / deals.max(1.0)).sqrt()),
    ));
    for (lo, hi) in bands(deadline) {
        // Runs still open when the band starts, and deals made within it.
        let open = all.iter().filter(|t| t.last_round >= lo).count() as f64;
        if open == 0.0 {
            continue;
        }
        let made = all
            .iter()
            .filter(|t| (lo..=hi).contains(&t.deal_round))
            .count() as f64;
        let q = made / open;
        out.push(Check::new(
            "T11",
            format!("rounds {lo}-{hi}: deals per run still open ({open:.0} open)"),
            Kind::Above,
            0.0,
            Est(q, (q * (1.0 - q) / open).sqrt()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::bands;

    #[test]
    fn bands_of_the_default_deadline() {
        assert_eq!(bands(20), vec![(1, 5), (6, 10), (11, 15), (16, 19)]);
        assert_eq!(bands(1), vec![]);
        assert_eq!(bands(7), vec![(1, 5), (6, 6)]);
    }
}
