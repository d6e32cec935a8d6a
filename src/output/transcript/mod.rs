//! The readable transcript of one negotiation (`negsim trace`): what each
//! side said, asked and believed, the offers, and the outcome. This file
//! writes the beginning (the private values) and the end (the outcome);
//! `events.rs` writes what happened in between.

mod events;
mod formats;

pub use formats::{html, json, markdown};

use crate::config::Experiment;
use crate::model::rules::Protocol;
use crate::model::scenario::Scenario;
use crate::output::format::{money, money_decimals};
use crate::run::trace::{Claims, Trace};
use std::fmt::Write;

/// The transcript as text.
pub fn transcript(exp: &Experiment, t: &Trace) -> String {
    let mut w = Transcript {
        exp,
        t,
        price: matches!(exp.scenario, Scenario::Price { .. }),
        decimals: money_decimals(&exp.scenario),
        auction: matches!(exp.protocol, Protocol::DoubleAuction { .. }),
        text: String::new(),
        last_round: 0,
        formal: false,
        beliefs: [(f64::NAN, f64::NAN); 2],
        claims: [Claims::default(); 2],
        after_offer: false,
        hide: None,
    };
    let _ = writeln!(
        w.text,
        "negsim trace: {} vs {}, {} scenario, seed {}, run {}",
        w.who(0),
        w.who(1),
        exp.scenario.kind(),
        exp.seed,
        t.run
    );
    w.private_values();
    if exp.exchange.rounds > 0 || exp.exchange.every > 0 {
        let _ = writeln!(w.text, "\nOff the record");
    }
    for e in &t.events {
        w.event(e);
    }
    w.outcome();
    w.counts();
    w.text
}

/// The events of a negotiation under way as side `hide`'s opponent sees
/// them (`negsim play`): the same words as the transcript, without side
/// `hide`'s true values, its beliefs or whether it bluffed. Only `t.names`
/// and `t.events` are read (the outcome is not known yet).
pub fn live(exp: &Experiment, t: &Trace, hide: usize) -> String {
    let mut w = Transcript {
        exp,
        t,
        price: matches!(exp.scenario, Scenario::Price { .. }),
        decimals: money_decimals(&exp.scenario),
        auction: matches!(exp.protocol, Protocol::DoubleAuction { .. }),
        text: String::new(),
        last_round: 0,
        formal: false,
        beliefs: [(f64::NAN, f64::NAN); 2],
        claims: [Claims::default(); 2],
        after_offer: false,
        hide: Some(hide),
    };
    if exp.exchange.rounds > 0 || exp.exchange.every > 0 {
        let _ = writeln!(w.text, "Off the record");
    }
    for e in &t.events {
        w.event(e);
    }
    w.text
}

/// A transcript being written.
struct Transcript<'a> {
    exp: &'a Experiment,
    t: &'a Trace,
    /// The `price` scenario (else `multi_issue`).
    price: bool,
    /// Decimals of values (see [`money_decimals`]).
    decimals: usize,
    /// The formal phase is a double auction.
    auction: bool,
    text: String,
    /// The last off-the-record round with a heading.
    last_round: u32,
    /// Whether the formal phase has started.
    formal: bool,
    /// Each side's latest known belief (mean, sd) about the other's
    /// reservation: at the start of the formal phase, then at its offers.
    beliefs: [(f64, f64); 2],
    /// Each side's reservation claims so far.
    claims: [Claims; 2],
    /// Whether the last event was an offer (a lie caught now is an offer
    /// beyond the claimed limit, not a claim).
    after_offer: bool,
    /// The side whose private values are not shown (a play under way).
    hide: Option<usize>,
}

impl Transcript<'_> {
    /// A value in the units of the scenario.
    fn v(&self, x: f64) -> String {
        money(x, self.decimals)
    }

    /// `A (name)` or `B (name)`.
    fn who(&self, s: usize) -> String {
        format!("{} ({})", ["A", "B"][s], self.t.names[s])
    }

    /// How side `s` is spoken of after its name: "it", or "you" for the
    /// student of `negsim play`.
    fn it(&self, s: usize) -> &'static str {
        if self.t.names[s] == crate::play::YOU {
            "you"
        } else {
            "it"
        }
    }

    /// `A (name), the buyer` in `price`, `A (name)` otherwise.
    fn who_role(&self, s: usize) -> String {
        match (self.price, s) {
            (true, 0) => format!("{}, the buyer,", self.who(s)),
            (true, _) => format!("{}, the seller,", self.who(s)),
            _ => self.who(s),
        }
    }

    /// What side `s`'s reservation is called: value, cost, alternative.
    fn what(&self, s: usize) -> &'static str {
        if self.price {
            ["value", "cost"][s]
        } else {
            "alternative"
        }
    }

    /// What a side learned, in words: "learned 5.45 bits", "was misled:
    /// -6.00 bits", "learned nothing: 0 bits".
    fn learned(bits: f64) -> String {
        if bits >= 0.005 {
            format!("learned {bits:.2} bits")
        } else if bits <= -0.005 {
            format!("was misled: {bits:.2} bits")
        } else {
            "learned nothing: 0 bits".to_string()
        }
    }

    /// What each side knows only of itself.
    fn private_values(&mut self) {
        let o = &self.t.outcome;
        let r = o.private.reservation;
        let mut w = String::new();
        let _ = writeln!(w, "\nPrivate values (each side knows only its own):");
        if self.price {
            let (a, b) = (self.it(0), self.it(1));
            let (pays, sells) = match (a, b) {
                ("you", _) => ("pay", "sells"),
                (_, "you") => ("pays", "sell"),
                _ => ("pays", "sells"),
            };
            let _ = writeln!(
                w,
                "  {}, the buyer: worth {} to {a}; {a} {pays} no more than that",
                self.who(0),
                self.v(r[0])
            );
            let _ = writeln!(
                w,
                "  {}, the seller: costs {b} {}; {b} {sells} for no less",
                self.who(1),
                self.v(r[1])
            );
            if o.zopa {
                let _ = writeln!(
                    w,
                    "  Zone of agreement: {} .. {} ({} to share)",
                    self.v(r[1]),
                    self.v(r[0]),
                    self.v(r[0] - r[1])
                );
            } else {
                let _ = writeln!(
                    w,
                    "  No zone of agreement: the buyer's value is below the seller's cost."
                );
            }
        } else {
            for s in 0..2 {
                let ws: Vec<String> = o.private.weights[s][..o.issues]
                    .iter()
                    .enumerate()
                    .map(|(k, x)| format!("issue {} {:.0}%", k + 1, 100.0 * x))
                    .collect();
                let _ = writeln!(
                    w,
                    "  {}: weights {}; its alternative is worth {:.2}",
                    self.who(s),
                    ws.join(", "),
                    r[s]
                );
            }
            let _ = writeln!(
                w,
                "  Most joint gain possible: {:.3}{}",
                o.max_joint,
                if o.zopa {
                    ""
                } else {
                    " (no zone of agreement)"
                }
            );
        }
        self.text.push_str(&w);
    }

    /// The deal or its absence (who walked away, the deadline, no zone),
    /// and who gained what.
    fn outcome(&mut self) {
        let o = &self.t.outcome;
        let mut w = String::from("\nOutcome\n");
        if !o.deal {
            let how = match o.walk_away {
                Some(s) if o.rounds == 0 => {
                    format!("{} walked away before the first offer", self.who(s))
                }
                Some(s) => format!("{} walked away in round {}", self.who(s), o.rounds),
                None if self.auction => "the bid fell short of the ask".to_string(),
                None => format!("no agreement by the deadline (round {})", o.rounds),
            };
            let possible = if !o.zopa {
                "none was possible".to_string()
            } else if self.price {
                format!(
                    "a deal was possible: {} of surplus lost",
                    self.v(o.max_joint)
                )
            } else {
                format!(
                    "a deal was possible: a joint gain of up to {} lost",
                    self.v(o.max_joint)
                )
            };
            let _ = writeln!(
                w,
                "  No deal: {how}. Both keep their alternatives (no gain); {possible}."
            );
            self.text.push_str(&w);
            return;
        }
        let d = o.rounds.saturating_sub(1);
        if self.price {
            let _ = writeln!(w, "  Deal at {} in round {}.", self.v(o.price), o.rounds);
        } else {
            let xs: Vec<String> = o.x[..o.issues]
                .iter()
                .map(|s| format!("{:.2}", s))
                .collect();
            let _ = writeln!(
                w,
                "  Deal in round {}: A's shares [{}].",
                o.rounds,
                xs.join(", ")
            );
        }
        for s in 0..2 {
            let _ = writeln!(w, "  {} gains {}", self.who_role(s), self.v(o.surplus[s]));
        }
        if d > 0 {
            let _ = writeln!(
                w,
                "  (gains are discounted for {d} round{} of delay)",
                if d == 1 { "" } else { "s" }
            );
        }
        let _ = writeln!(
            w,
            "  Joint gain {} of {} possible: efficiency {:.2}; A's share {:.2}.",
            self.v(o.joint),
            self.v(o.max_joint),
            o.efficiency,
            o.share_a
        );
        self.text.push_str(&w);
    }

    /// The information asymmetry and the counts of the talk.
    fn counts(&mut self) {
        let o = &self.t.outcome;
        let side = |b: f64| {
            if b <= -0.005 {
                format!("{b:+.2} (misled)")
            } else {
                format!("{b:+.2}")
            }
        };
        let reading = if o.asymmetry.abs() < 0.005 {
            "both learned as much".to_string()
        } else if o.asymmetry > 0.0 {
            "A learned more about B than B about A".to_string()
        } else {
            "B learned more about A than A about B".to_string()
        };
        let asym = format!(
            "Information asymmetry {:+.2} bits = A's {} minus B's {}: {reading}.",
            o.asymmetry,
            side(o.info_bits[0]),
            side(o.info_bits[1])
        );
        let w = &mut self.text;
        let _ = writeln!(w, "  {asym}");
        let _ = writeln!(
            w,
            "  Confidences A {} / B {}, answers {} / {}, bluffs {} / {}, lies caught by A {} / by B {}, false accusations by A {} / by B {}; trust at the end A->B {:.2}, B->A {:.2}.",
            o.confidences[0],
            o.confidences[1],
            o.answers[0],
            o.answers[1],
            o.bluffs[0],
            o.bluffs[1],
            o.lies_detected[0],
            o.lies_detected[1],
            o.false_detections[0],
            o.false_detections[1],
            o.trust[0],
            o.trust[1]
        );
    }
}
