//! The transcript of what happened: the off-the-record talk, the formal
//! offers, detected lies and the acceptance, event by event.

use super::Transcript;
use crate::model::negotiation::Event;
use crate::model::rules::Protocol;
use crate::model::scenario::MAX_ISSUES;
use std::fmt::Write;

impl Transcript<'_> {
    /// Write one event.
    pub(super) fn event(&mut self, e: &Event) {
        match *e {
            Event::Reservation {
                round,
                side,
                claimed,
                truth,
                sigma,
                bluff,
                answer,
            } => {
                self.header(round);
                self.reservation(side, claimed, truth, sigma, bluff, answer);
            }
            Event::Weights {
                round,
                side,
                claimed,
                truth,
                issues,
                answer,
                ..
            } => {
                self.header(round);
                self.weights(side, &claimed, &truth, issues, answer);
            }
            Event::Ask { round, side } => {
                self.header(round);
                let line = format!("    {} asks: \"how is it on your side?\"", self.who(side));
                self.line(line);
            }
            Event::Decline { round, side } => {
                self.header(round);
                let line = format!("    {} declines: \"I'd rather not say.\"", self.who(side));
                self.line(line);
            }
            Event::Silent { round, side } => {
                self.header(round);
                let line = format!("    {} says nothing.", self.who(side));
                self.line(line);
            }
            Event::Leak {
                round,
                side,
                signal,
                truth,
            } => {
                self.header(round);
                let line = format!(
                    "    (body language) {} gives away a hint: its limit looks like about {} [true {}]",
                    self.who(side),
                    self.v(signal),
                    self.v(truth)
                );
                self.line(line);
            }
            Event::FormalStart { beliefs } => self.formal_start(beliefs),
            Event::Offer {
                round,
                side,
                value,
                x,
                ..
            } => self.offer(round, side, value, &x),
            Event::LieDetected {
                round,
                by,
                claimed,
                revealed,
                trust,
            } => self.lie_detected(round, by, claimed, revealed, trust),
            Event::WalkAway { round, side } => {
                let when = if round == 0 {
                    "before the first offer".to_string()
                } else {
                    format!("in round {round}")
                };
                let line = format!(
                    "  {} walks away {when}: it believes a deal too unlikely.",
                    self.who(side)
                );
                self.line(line);
            }
            Event::Accept { round, side } => {
                let line = if self.auction {
                    "  the bid reaches the ask: trade.".to_string()
                } else {
                    format!("  round {round:>2}: {} accepts.", self.who(side))
                };
                self.line(line);
            }
        }
    }

    fn line(&mut self, line: String) {
        self.text.push_str(&line);
        self.text.push('\n');
    }

    /// The heading of an off-the-record round, once per round.
    fn header(&mut self, round: u32) {
        if round != self.last_round {
            self.last_round = round;
            let _ = writeln!(
                self.text,
                "  {}round {round}",
                if self.formal { "off-the-record " } else { "" }
            );
        }
    }

    fn reservation(
        &mut self,
        side: usize,
        claimed: f64,
        truth: f64,
        sigma: f64,
        bluff: bool,
        answer: bool,
    ) {
        let words = if self.price {
            if side == 0 {
                format!("I can't go above {}", self.v(claimed))
            } else {
                format!("I can't go below {}", self.v(claimed))
            }
        } else {
            format!("my alternative is worth {:.2} to me", claimed)
        };
        let vague = if sigma > 0.5 * self.exp.scenario.prior(side).reservation.1 {
            format!(", give or take {}", self.v(sigma))
        } else {
            String::new()
        };
        let truth = if bluff {
            format!("[bluff: true value {}]", self.v(truth))
        } else {
            format!("[true value {}]", self.v(truth))
        };
        let line = if answer {
            format!(
                "    {} answers: \"on my side? {words}{vague}\" {truth}",
                self.who(side)
            )
        } else {
            format!(
                "    {}, in confidence: \"between us, {words}{vague}\" {truth}",
                self.who(side)
            )
        };
        self.line(line);
    }

    fn weights(
        &mut self,
        side: usize,
        claimed: &[f64; MAX_ISSUES],
        truth: &[f64; MAX_ISSUES],
        issues: usize,
        answer: bool,
    ) {
        let total: f64 = claimed[..issues]
            .iter()
            .map(|c| c.max(0.0))
            .sum::<f64>()
            .max(1e-9);
        let said: Vec<String> = (0..issues)
            .map(|k| {
                format!(
                    "issue {} {:.0}%",
                    k + 1,
                    100.0 * claimed[k].max(0.0) / total
                )
            })
            .collect();
        let real: Vec<String> = (0..issues)
            .map(|k| format!("{:.0}%", 100.0 * truth[k]))
            .collect();
        let how = if answer {
            " answers"
        } else {
            ", in confidence"
        };
        let line = format!(
            "    {}{how}: \"what matters to me: {}\" [true weights {}]",
            self.who(side),
            said.join(", "),
            real.join(", ")
        );
        self.line(line);
    }

    /// The start of the formal phase: its rules and what each side believes.
    fn formal_start(&mut self, beliefs: [(f64, f64); 2]) {
        self.formal = true;
        match self.exp.protocol {
            Protocol::DoubleAuction { k, .. } => {
                let _ = writeln!(
                    self.text,
                    "\nSealed bids (k-double auction, k = {k}): trade if the bid reaches the ask, at price k*bid + (1-k)*ask"
                );
            }
            Protocol::AlternatingOffers { deadline, .. } => {
                let _ = writeln!(self.text, "\nFormal phase (deadline {deadline} rounds)");
            }
        }
        let price = self.price;
        let what = |s: usize| {
            if price {
                ["value", "cost"][s]
            } else {
                "alternative"
            }
        };
        let o = &self.t.outcome;
        let r = o.private.reservation;
        for s in 0..2 {
            let line = format!(
                "  {} believes {}'s {} is {} ± {}  (truth {}; learned {:.2} bits, error {:.2} sd)",
                self.who(s),
                ["A", "B"][1 - s],
                what(1 - s),
                self.v(beliefs[s].0),
                self.v(beliefs[s].1),
                self.v(r[1 - s]),
                o.info_bits[s],
                o.error[s]
            );
            self.line(line);
        }
    }

    fn offer(&mut self, round: u32, side: usize, value: f64, x: &[f64; MAX_ISSUES]) {
        let line = if self.price {
            let verb = match (side, self.auction) {
                (0, false) => "offers",
                (0, true) => "bids",
                _ => "asks",
            };
            format!(
                "  round {round:>2}: {} {verb} {}",
                self.who(side),
                self.v(value)
            )
        } else {
            let o = &self.t.outcome;
            let xs: Vec<String> = x[..o.issues].iter().map(|s| format!("{:.2}", s)).collect();
            let ub: f64 = (0..o.issues)
                .map(|k| o.private.weights[1][k] * (1.0 - x[k]))
                .sum();
            format!(
                "  round {round:>2}: {} proposes A's shares [{}]  (utility A {:.3}, B {:.3})",
                self.who(side),
                xs.join(", "),
                value,
                ub
            )
        };
        self.line(line);
    }

    fn lie_detected(&mut self, round: u32, by: usize, claimed: f64, revealed: f64, trust: f64) {
        let liar = 1 - by;
        let what = if self.price {
            format!(
                "{}'s claims put its limit {} {} (allowing for their stated margin), yet it went to {}",
                ["A", "B"][liar],
                if liar == 0 { "at most" } else { "at least" },
                self.v(claimed),
                self.v(revealed)
            )
        } else {
            format!(
                "{} claimed an alternative worth about {:.2}, yet it settles for {:.2}",
                ["A", "B"][liar],
                claimed,
                revealed
            )
        };
        let line = format!(
            "  round {round:>2}: {} catches a lie: {what}. It forgets what it was told; its trust in {} is now {:.2}.",
            self.who(by),
            ["A", "B"][liar],
            trust
        );
        self.line(line);
    }
}
