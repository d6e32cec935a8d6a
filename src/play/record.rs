//! The record of a finished play (one JSON file per play: what `negsim
//! class` aggregates) and the debrief the student reads at the end: the
//! agent's value, how its belief about the student moved after each claim,
//! the lies caught on either side, and the outcome against what the
//! strategy's opponents earn in the tournament.

use super::replay::OwnDraw;
use super::verdict::{INSIST, Verdict};
use super::{Play, YOU, format_move, role_name};
use crate::error::{Error, Result};
use crate::model::negotiation::{BeliefStep, Cause, Event, HumanMove, HumanPlay, Outcome, Step};
use crate::output::transcript;
use crate::run::tournament::play_pairing;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Version of the record format: 2 adds the verdict
/// ([`PlayOutcome::result`]) and the replay of the student's own draw
/// ([`Record::own_draw`]), and drops the percentile against other draws.
/// Version 1 records are still read (their verdict worked out from their
/// outcome, no replay).
pub const RECORD_VERSION: u32 = 2;

/// The oldest record version read.
pub const OLDEST_RECORD_VERSION: u32 = 1;

/// Simulated runs per opponent in the tournament reference.
pub const REFERENCE_RUNS: u64 = 1000;

/// One finished play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Format version ([`RECORD_VERSION`]).
    pub negsim_play: u32,
    /// The student's name, or an anonymous id.
    pub student: String,
    /// The strategy played against.
    pub strategy: String,
    /// The student's role: "buyer" or "seller".
    pub role: String,
    /// The seed of the play.
    pub seed: u64,
    /// The experiment's name (its config).
    pub config: String,
    /// The student's moves, in words (`negsim play --moves` reads them).
    pub moves: Vec<String>,
    /// The two private values.
    pub values: Values,
    /// How it ended.
    pub outcome: PlayOutcome,
    /// Lies told and caught.
    pub lies: Lies,
    /// The agent's belief about the student's limit: first its prior, then
    /// after each event that moved it.
    pub beliefs: Vec<BeliefRow>,
    /// What the strategy's opponents in the student's seat earn in the
    /// tournament.
    pub reference: Reference,
    /// Each strategy of the config in the student's seat on the student's
    /// own draw (version 2; `None` in a version 1 record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_draw: Option<OwnDraw>,
    /// The whole negotiation in the words of `negsim trace`, true values
    /// shown.
    pub transcript: String,
}

/// The private values of a play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Values {
    /// The student's limit (value or cost).
    pub student: f64,
    /// The agent's limit.
    pub agent: f64,
}

/// How a play ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlayOutcome {
    /// Whether they agreed.
    pub deal: bool,
    /// The price agreed.
    pub price: Option<f64>,
    /// Formal rounds played.
    pub rounds: u32,
    /// "you" or the strategy's name, if someone walked away.
    pub walked_away: Option<String>,
    /// The student's gain (discounted; 0 without a deal).
    pub student_surplus: f64,
    /// The agent's gain.
    pub agent_surplus: f64,
    /// The student's share of the joint gain (a deal with a gain only).
    pub student_share: Option<f64>,
    /// Whether a deal was possible (the buyer's value at least the cost).
    pub zone: bool,
    /// The gain there was to share.
    pub possible: f64,
    /// How it ended (version 2; worked out from the fields above when a
    /// version 1 record is read).
    #[serde(default = "unknown_verdict")]
    pub result: Verdict,
}

/// A placeholder replaced when a version 1 record is read.
fn unknown_verdict() -> Verdict {
    Verdict::Deal
}

/// Lies told and caught in a play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lies {
    /// The student's bluffed claims.
    pub student_bluffs: u32,
    /// Times the agent caught the student lying.
    pub caught_by_agent: u32,
    /// The agent's bluffed claims.
    pub agent_bluffs: u32,
    /// Times the student's side caught the agent lying (the same tests).
    pub caught_by_student: u32,
    /// Times the agent accused an honest student.
    pub false_by_agent: u32,
}

/// The agent's belief about the student's limit at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeliefRow {
    /// What moved it.
    pub after: String,
    /// Mean and sd of the belief.
    pub mean: f64,
    /// Sd of the belief.
    pub sd: f64,
    /// What it knows about the truth: log-score gain in bits (negative
    /// when misled).
    pub bits: f64,
    /// The agent's trust in the student.
    pub trust: f64,
}

/// A distribution summarised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub p05: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub p95: f64,
    pub mean: f64,
}

/// What the strategy's opponents in the student's seat earn against it in
/// the tournament (every strategy of the config, [`REFERENCE_RUNS`] runs
/// each, the config's seed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Runs simulated.
    pub runs: u64,
    /// The strategies in the student's seat.
    pub opponents: Vec<String>,
    /// Share of runs with a deal.
    pub deal_rate: f64,
    /// Share of the runs with a zone of agreement that ended in a deal
    /// (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_rate_zone: Option<f64>,
    /// Their gain (0 without a deal).
    pub surplus: Spread,
    /// Their share of the joint gain in deals.
    pub share: Option<Spread>,
    /// The strategy's own mean gain in its seat.
    pub agent_mean_surplus: f64,
    /// Fraction of the simulated opponents that gained less than the
    /// student (ties count half): version 1 records only. It compared the
    /// student's gain with games on other private values, which says more
    /// about the draw than about the play; [`Record::own_draw`] replaced it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_percentile: Option<f64>,
}

/// The `q` quantile of sorted values (linear interpolation).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The spread of some values (`None` when there are none).
fn spread(mut v: Vec<f64>) -> Option<Spread> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(Spread {
        p05: quantile(&v, 0.05),
        q1: quantile(&v, 0.25),
        median: quantile(&v, 0.5),
        q3: quantile(&v, 0.75),
        p95: quantile(&v, 0.95),
        mean: v.iter().sum::<f64>() / v.len() as f64,
    })
}

/// Side `h`'s share of the joint gain of a run, if it had a deal with a gain.
fn share(o: &Outcome, h: usize) -> Option<f64> {
    (o.deal && o.share_a.is_finite()).then_some(if h == 0 { o.share_a } else { 1.0 - o.share_a })
}

impl Play {
    /// What the strategy's opponents in the student's seat earn against it
    /// in the tournament (other draws: for context, not for a grade).
    pub fn reference(&self) -> Reference {
        let h = self.human;
        let mut surplus = Vec::new();
        let mut shares = Vec::new();
        let mut agent = 0.0;
        let mut opponents = Vec::new();
        let (mut zone_runs, mut zone_deals) = (0u64, 0u64);
        let mut exp = self.exp.clone();
        exp.seed = self.config_seed;
        for k in 0..self.exp.strategies.len() {
            if k == self.you {
                continue;
            }
            opponents.push(self.exp.strategies[k].name().to_string());
            let (a, b) = if h == 0 {
                (k, self.agent)
            } else {
                (self.agent, k)
            };
            let (_, outcomes) = play_pairing(&exp, a, b, 0, REFERENCE_RUNS, true);
            for o in &outcomes {
                surplus.push(o.surplus[h]);
                agent += o.surplus[1 - h];
                shares.extend(share(o, h));
                zone_runs += u64::from(o.zopa);
                zone_deals += u64::from(o.zopa && o.deal);
            }
        }
        let n = surplus.len();
        let deals = shares.len() as f64 / n as f64;
        Reference {
            runs: n as u64,
            opponents,
            deal_rate: deals,
            deal_rate_zone: (zone_runs > 0).then(|| zone_deals as f64 / zone_runs as f64),
            surplus: spread(surplus).expect("runs were played"),
            share: spread(shares),
            agent_mean_surplus: agent / n as f64,
            student_percentile: None,
        }
    }

    /// What moved the agent's belief at `step`, in words.
    fn belief_cause(&self, hp: &HumanPlay, step: &BeliefStep) -> String {
        let h = self.human;
        let before = &hp.events[..step.event];
        let claim = before.iter().rev().find_map(|e| match *e {
            Event::Reservation {
                round,
                side,
                claimed,
                answer,
                ..
            } if side == h => Some((round, claimed, answer)),
            _ => None,
        });
        let offer = before.iter().rev().find_map(|e| match *e {
            Event::Offer {
                round, side, value, ..
            } if side == h => Some((round, value)),
            _ => None,
        });
        let said = |(round, claimed, answer): (u32, f64, bool)| {
            format!(
                "after your {} in round {round} ({})",
                if answer { "answer" } else { "confidence" },
                self.v(claimed)
            )
        };
        match step.cause {
            Cause::Claim => claim.map(said).unwrap_or_default(),
            Cause::Leak => {
                let round = before.iter().rev().find_map(|e| match *e {
                    Event::Leak { round, .. } => Some(round),
                    _ => None,
                });
                format!("after a body-language hint in round {}", round.unwrap_or(0))
            }
            Cause::Offer => offer
                .map(|(t, v)| format!("after your offer of {} in round {t}", self.v(v)))
                .unwrap_or_default(),
            Cause::Caught => {
                let after_offer = matches!(
                    before
                        .iter()
                        .rev()
                        .find(|e| !matches!(e, Event::LieDetected { .. })),
                    Some(Event::Offer { .. })
                );
                match (after_offer, offer, claim) {
                    (true, Some((t, v)), _) => format!(
                        "after your offer of {} in round {t}: beyond your claims, which it discards",
                        self.v(v)
                    ),
                    (_, _, Some(c)) => format!("{}: caught as a lie, discarded", said(c)),
                    _ => "after a caught lie".to_string(),
                }
            }
        }
    }

    /// The record of a finished play (`None` while it is under way).
    pub fn record(&self, hp: &HumanPlay, moves: &[HumanMove], student: &str) -> Option<Record> {
        let Step::Over(o) = &hp.step else {
            return None;
        };
        let (h, g) = (self.human, self.agent_side());
        let trace = self.trace(hp);
        let moves_made = moves;
        let mut moves: Vec<String> = moves.iter().map(format_move).collect();
        // An accepted loss is written as the student confirmed it, so that
        // the record's moves replay as a script.
        if o.deal
            && o.surplus[h] < 0.0
            && let (Some(HumanMove::Accept), Some(last)) = (moves_made.last(), moves.last_mut())
        {
            *last = format!("accept {INSIST}");
        }
        let student = if student.is_empty() {
            anonymous_id(self, &moves)
        } else {
            student.to_string()
        };
        let mut beliefs = vec![BeliefRow {
            after: "before anything was said (its prior)".to_string(),
            mean: hp.prior.0,
            sd: hp.prior.1,
            bits: 0.0,
            trust: self.strategy().initial_trust(),
        }];
        beliefs.extend(hp.beliefs.iter().map(|b| BeliefRow {
            after: self.belief_cause(hp, b),
            mean: b.mean,
            sd: b.sd,
            bits: b.bits,
            trust: b.trust,
        }));
        let walked_away = o.walk_away.map(|s| {
            if s == h {
                YOU.to_string()
            } else {
                self.strategy().name().to_string()
            }
        });
        Some(Record {
            negsim_play: RECORD_VERSION,
            student,
            strategy: self.strategy().name().to_string(),
            role: role_name(h).to_string(),
            seed: self.seed,
            config: self.exp.name.clone(),
            moves,
            values: Values {
                student: o.private.reservation[h],
                agent: o.private.reservation[g],
            },
            outcome: PlayOutcome {
                deal: o.deal,
                price: o.deal.then_some(o.price),
                rounds: o.rounds,
                walked_away,
                student_surplus: o.surplus[h],
                agent_surplus: o.surplus[g],
                student_share: share(o, h),
                zone: o.zopa,
                possible: o.max_joint,
                result: Verdict::of(
                    o.deal,
                    o.surplus[h],
                    o.zopa,
                    matches!(moves_made.last(), Some(HumanMove::Accept)),
                ),
            },
            lies: Lies {
                student_bluffs: o.bluffs[h],
                caught_by_agent: o.lies_detected[g],
                agent_bluffs: o.bluffs[g],
                caught_by_student: o.lies_detected[h],
                false_by_agent: o.false_detections[g],
            },
            beliefs,
            reference: self.reference(),
            own_draw: Some(self.own_draw()),
            transcript: transcript::transcript(&self.exp, &trace),
        })
    }
}

/// An anonymous student id from the play itself (the same play, the same
/// id): `anon-` and 8 hex digits.
fn anonymous_id(play: &Play, moves: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let text = format!(
        "{}|{}|{}|{}",
        play.seed,
        play.strategy().name(),
        play.human,
        moves.join(";")
    );
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("anon-{:08x}", hash >> 32)
}

/// Largest play record negsim reads (`play --moves`, `class`, `serve`);
/// a record is about 1 KiB per round played (4 KiB for a 4-round play).
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

/// A name made safe for a file name (letters, digits, `-`, `_`).
pub fn file_safe(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "student".to_string()
    } else {
        s
    }
}

impl Record {
    /// The record as JSON (pretty, one trailing newline).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a record serialises");
        s.push('\n');
        s
    }

    /// The file name of the record: student, strategy, role and seed.
    pub fn file_name(&self) -> String {
        format!(
            "{}-{}-{}-seed{}.json",
            file_safe(&self.student),
            file_safe(&self.strategy),
            self.role,
            self.seed
        )
    }

    /// Read a record: a regular file of at most [`MAX_RECORD_BYTES`].
    pub fn read(path: &Path) -> Result<Record> {
        let text = crate::config::read_limited(path, MAX_RECORD_BYTES, "a play record")?;
        let r: Record = serde_json::from_str(&text).map_err(|e| Error::Results {
            path: path.to_path_buf(),
            message: format!("not a negsim play record: {e}"),
        })?;
        if !(OLDEST_RECORD_VERSION..=RECORD_VERSION).contains(&r.negsim_play) {
            return Err(Error::Results {
                path: path.to_path_buf(),
                message: format!(
                    "negsim_play = {}: this negsim reads versions {OLDEST_RECORD_VERSION} to {RECORD_VERSION} (a newer negsim wrote it?)",
                    r.negsim_play
                ),
            });
        }
        Ok(r.upgraded())
    }
}

impl Record {
    /// A record as the current version reads it: a version 1 record gets
    /// its verdict from its outcome (its last move `accept` for a loss it
    /// accepted).
    pub fn upgraded(mut self) -> Record {
        if self.negsim_play < 2 {
            let o = &self.outcome;
            let accepted = self.moves.last().is_some_and(|m| m.starts_with("accept"));
            self.outcome.result = Verdict::of(o.deal, o.student_surplus, o.zone, accepted);
        }
        self
    }
}
