//! The readable transcript of one negotiation (`negsim trace`): what each
//! side said, asked and believed, the offers, and the outcome. This file
//! writes the beginning (the private values) and the end (the outcome);
//! `events.rs` writes what happened in between.

mod events;

use crate::config::Experiment;
use crate::model::rules::Protocol;
use crate::model::scenario::Scenario;
use crate::output::format::{money, money_decimals};
use crate::run::trace::Trace;
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

    fn role(&self, s: usize) -> &'static str {
        match (self.price, s) {
            (true, 0) => "buyer",
            (true, _) => "seller",
            _ => "party",
        }
    }

    /// What each side knows only of itself.
    fn private_values(&mut self) {
        let o = &self.t.outcome;
        let r = o.private.reservation;
        let mut w = String::new();
        let _ = writeln!(w, "\nPrivate values (each side knows only its own):");
        if self.price {
            let _ = writeln!(
                w,
                "  {}, the buyer: worth {} to it; it pays no more than that",
                self.who(0),
                self.v(r[0])
            );
            let _ = writeln!(
                w,
                "  {}, the seller: costs it {}; it sells for no less",
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

    /// The deal or its absence, and who gained what.
    fn outcome(&mut self) {
        let o = &self.t.outcome;
        let mut w = String::from("\nOutcome\n");
        if !o.deal {
            let _ = writeln!(
                w,
                "  No deal after {} round(s): both keep their alternatives (no gain){}.",
                o.rounds,
                if o.zopa {
                    "; a deal was possible"
                } else {
                    "; none was possible"
                }
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
            let _ = writeln!(
                w,
                "  {}, the {}, gains {}",
                self.who(s),
                self.role(s),
                self.v(o.surplus[s])
            );
        }
        if d > 0 {
            let _ = writeln!(w, "  (gains are discounted for {d} rounds of delay)");
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
        let w = &mut self.text;
        let _ = writeln!(
            w,
            "  Information asymmetry {:+.2} ({}).",
            o.asymmetry,
            if o.asymmetry > 0.05 {
                "A knew more about B than B about A"
            } else if o.asymmetry < -0.05 {
                "B knew more about A than A about B"
            } else {
                "both knew about as much"
            }
        );
        let _ = writeln!(
            w,
            "  Confidences A {} / B {}, answers {} / {}, bluffs {} / {}, lies caught by A {} / by B {}; trust at the end A->B {:.2}, B->A {:.2}.",
            o.confidences[0],
            o.confidences[1],
            o.answers[0],
            o.answers[1],
            o.bluffs[0],
            o.bluffs[1],
            o.lies_detected[0],
            o.lies_detected[1],
            o.trust[0],
            o.trust[1]
        );
    }
}
