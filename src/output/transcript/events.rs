//! The transcript of what happened: the off-the-record talk, the formal
//! offers, detected lies and the acceptance, event by event.

use super::Transcript;
use crate::model::negotiation::Event;
use crate::model::rules::{Commitment, Protocol};
use crate::model::scenario::MAX_ISSUES;
use std::fmt::Write;

impl Transcript<'_> {
    /// Write one event.
    pub(super) fn event(&mut self, e: &Event) {
        self.write_event(e);
        self.after_offer = matches!(e, Event::Offer { .. });
    }

    fn write_event(&mut self, e: &Event) {
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
                self.claims[side].add(claimed, sigma, bluff);
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
                let true_value = if self.hide == Some(side) {
                    String::new()
                } else {
                    format!(" [true {}]", self.v(truth))
                };
                let its = if self.it(side) == "you" {
                    "your"
                } else {
                    "its"
                };
                let line = format!(
                    "    (body language) {} gives away a hint: {its} limit looks like about {}{true_value}",
                    self.who(side),
                    self.v(signal),
                );
                self.line(line);
            }
            Event::FormalStart { beliefs } => self.formal_start(beliefs),
            Event::Offer {
                round,
                side,
                value,
                x,
                belief,
            } => {
                self.beliefs[side] = belief;
                self.offer(round, side, value, &x);
            }
            Event::LieDetected {
                round,
                by,
                claimed,
                revealed,
                trust,
            } => self.lie_detected(round, by, claimed, revealed, trust),
            Event::WalkAway { round, side } => self.walk_away(round, side),
            Event::Holds { round, side } => {
                let line = format!(
                    "  round {round:>2}: {} takes {}'s repeated offer as final (held to the deadline).",
                    self.who(side),
                    self.who(1 - side),
                );
                self.line(line);
            }
            Event::Learns { round, side, bound } => {
                let (what, way) = if side == 0 {
                    ("cost", "above")
                } else {
                    ("value", "below")
                };
                let line = format!(
                    "  round {round:>2}: {} reads the refusal of its repeated offer: {}'s {what} must be {way} {}; it rethinks its target.",
                    self.who(side),
                    self.who(1 - side),
                    self.v(bound),
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
        let truth = if self.hide == Some(side) {
            String::new()
        } else if bluff {
            format!(" [bluff: true value {}]", self.v(truth))
        } else {
            format!(" [true value {}]", self.v(truth))
        };
        let line = if answer {
            format!(
                "    {} answers: \"on my side? {words}{vague}\"{truth}",
                self.who(side)
            )
        } else {
            format!(
                "    {}, in confidence: \"between us, {words}{vague}\"{truth}",
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
        if self.hide.is_some() {
            if let Protocol::AlternatingOffers { deadline, .. } = self.exp.protocol {
                let _ = writeln!(self.text, "\nFormal phase (deadline {deadline} rounds)");
            }
            return;
        }
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
        self.beliefs = beliefs;
        let o = &self.t.outcome;
        let r = o.private.reservation;
        for s in 0..2 {
            let line = format!(
                "  {} believes {}'s {} is {} ± {} (1 sd)  (truth {}; {}, error {:.2} sd)",
                self.who(s),
                ["A", "B"][1 - s],
                self.what(1 - s),
                self.v(beliefs[s].0),
                self.v(beliefs[s].1),
                self.v(r[1 - s]),
                Self::learned(o.info_bits[s]),
                o.error[s]
            );
            self.line(line);
        }
        for s in 0..2 {
            self.claimed_limit(s);
        }
    }

    /// The limit side `s`'s claims committed it to, when it is stricter
    /// than its true limit (a bluffer's claimed limit, or honest noise).
    fn claimed_limit(&mut self, s: usize) {
        let Some(c) = self.claims[s].limit() else {
            return;
        };
        let r = self.t.outcome.private.reservation[s];
        // A buyer claims less than its value, a seller (or a party's
        // alternative) more.
        let stricter = if self.price && s == 0 { c < r } else { c > r };
        if !stricter || self.auction {
            return;
        }
        let commits = matches!(
            self.exp.protocol,
            Protocol::AlternatingOffers {
                claims_commit: true,
                ..
            }
        );
        // Several noisy claims state their precision-weighted mean.
        let n = self.claims[s].count;
        let combined = self.claims[s].margin() > 0.0 && n > 1;
        let how = combined
            .then(|| format!("its {n} claims combined, each weighted by 1 / its noise\u{b2}"));
        let also = how.as_ref().map_or(String::new(), |h| format!("; {h}"));
        let bound = match (self.price, s, &how) {
            (true, 0, _) => format!("a limit of {} (it pays no more{also})", self.v(c)),
            (true, _, _) => format!("a limit of {} (it takes no less{also})", self.v(c)),
            (false, _, Some(h)) => format!("an alternative worth {} ({h})", self.v(c)),
            (false, _, None) => format!("an alternative worth {}", self.v(c)),
        };
        let why = if self.claims[s].bluff {
            format!("a bluff: its true {} is {}", self.what(s), self.v(r))
        } else {
            format!(
                "honest but noisy: its true {} is {}",
                self.what(s),
                self.v(r)
            )
        };
        let catchable = matches!(
            self.exp.protocol,
            Protocol::AlternatingOffers {
                commitment: Commitment::Catchable,
                ..
            }
        );
        let margin = self.claims[s].margin();
        let commit = match (commits, catchable && margin > 0.0) {
            (false, _) => ".".to_string(),
            (true, false) => "; its claims commit it.".to_string(),
            // Buyer: up to m + 3 s; seller (and alternatives): down to m - 3 s.
            (true, true) => {
                let at = if self.price && s == 0 {
                    c + margin
                } else {
                    c - margin
                };
                format!(
                    "; its claims commit it as far as breaking them could be caught: {} (3 sds of {}).",
                    self.v(at),
                    if combined {
                        "the combined claim's noise"
                    } else {
                        "its stated noise"
                    }
                )
            }
        };
        let line = format!("  {} claimed {bound} [{why}]{commit}", self.who(s));
        self.line(line);
    }

    /// Side `side` walks away in formal round `round` (0: before the first
    /// offer), with what it believed then.
    fn walk_away(&mut self, round: u32, side: usize) {
        let when = if round == 0 {
            "before the first offer".to_string()
        } else {
            format!("in round {round}")
        };
        let (m, sd) = self.beliefs[side];
        let belief = if m.is_finite() && sd.is_finite() {
            format!(
                ": it believes {}'s {} is about {} ± {} (1 sd), so a deal looks too unlikely",
                ["A", "B"][1 - side],
                self.what(1 - side),
                self.v(m),
                self.v(sd)
            )
        } else {
            ": it believes a deal too unlikely".to_string()
        };
        let limit = match self.claims[side].limit() {
            Some(c) if self.claims[side].bluff && self.price => {
                format!(" (its claims hold it to {})", self.v(c))
            }
            _ => String::new(),
        };
        let line = format!("  {} walks away {when}{belief}{limit}.", self.who(side));
        self.line(line);
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

    /// Side `by` catches the other in a lie: a claim that does not fit the
    /// other's earlier claims (or offers), or an offer beyond the limit its
    /// claims stated. A true detection when the other bluffed this run, else
    /// a false accusation of an honest side.
    fn lie_detected(&mut self, round: u32, by: usize, claimed: f64, revealed: f64, trust: f64) {
        let liar = 1 - by;
        let l = ["A", "B"][liar];
        let bluffing = self.claims[liar].bluff;
        let verb = if self.hide == Some(liar) {
            format!("finds {l} contradicting itself")
        } else if bluffing {
            format!("catches {l} lying")
        } else {
            format!("accuses {l} of lying")
        };
        let (what, forgets, indent) = if self.after_offer {
            let bound = if self.price {
                format!(
                    "beyond the limit its claims stated ({} {})",
                    if liar == 0 { "at most" } else { "at least" },
                    self.v(claimed)
                )
            } else {
                format!("beyond the alternative it claimed ({})", self.v(claimed))
            };
            (
                format!("{l} offered {}, {bound}", self.v(revealed)),
                format!("It discards what {l} told it"),
                format!("  round {round:>2}: "),
            )
        } else {
            (
                format!(
                    "{l}'s claim of {} does not fit what {l} said before",
                    self.v(claimed)
                ),
                "It discards that claim".to_string(),
                "    ".to_string(),
            )
        };
        let truth = if self.hide == Some(liar) {
            String::new()
        } else if bluffing {
            format!(" [{l} was bluffing]")
        } else {
            format!(" [a false accusation: {l} was honest, its claims only noisy]")
        };
        let line = format!(
            "{indent}{} {verb}: {what}{truth}. {forgets}; its trust in {l} is now {trust:.2}.",
            self.who(by)
        );
        self.line(line);
    }
}
