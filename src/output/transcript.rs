//! The readable transcript of one negotiation (`negsim trace`): what each
//! side said, asked and believed, the offers, and the outcome.

use crate::config::Experiment;
use crate::model::negotiation::Event;
use crate::model::rules::Protocol;
use crate::model::scenario::Scenario;
use crate::run::trace::Trace;
use std::fmt::Write;

/// Format a number with thousands separators and `decimals` decimals.
pub fn money(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 && out.chars().any(|c| c != '0' && c != '.' && c != ',') {
        out.insert(0, '-');
    }
    out
}

/// The transcript as text.
pub fn transcript(exp: &Experiment, t: &Trace) -> String {
    let price = matches!(exp.scenario, Scenario::Price { .. });
    // Decimals: money in whole units when the prior spread is large.
    let spread = exp.scenario.prior(0).reservation.1;
    let dec = if !price || spread < 10.0 { 2 } else { 0 };
    let v = |x: f64| money(x, dec);
    let o = &t.outcome;
    let auction = matches!(exp.protocol, Protocol::DoubleAuction { .. });
    let who = |s: usize| format!("{} ({})", ["A", "B"][s], t.names[s]);
    let role = |s: usize| match (price, s) {
        (true, 0) => "buyer",
        (true, _) => "seller",
        _ => "party",
    };
    let mut w = String::new();
    let _ = writeln!(
        w,
        "negsim trace: {} vs {}, {} scenario, seed {}, run {}",
        who(0),
        who(1),
        exp.scenario.kind(),
        exp.seed,
        t.run
    );
    let _ = writeln!(w, "\nPrivate values (each side knows only its own):");
    let r = o.private.reservation;
    if price {
        let _ = writeln!(
            w,
            "  {}, the buyer: worth {} to it; it pays no more than that",
            who(0),
            v(r[0])
        );
        let _ = writeln!(
            w,
            "  {}, the seller: costs it {}; it sells for no less",
            who(1),
            v(r[1])
        );
        if o.zopa {
            let _ = writeln!(
                w,
                "  Zone of agreement: {} .. {} ({} to share)",
                v(r[1]),
                v(r[0]),
                v(r[0] - r[1])
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
                who(s),
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
    if exp.exchange.rounds > 0 || exp.exchange.every > 0 {
        let _ = writeln!(w, "\nOff the record");
    }
    let mut last_round = 0;
    let mut formal = false;
    for e in &t.events {
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
                header(&mut w, &mut last_round, round, formal);
                let words = if price {
                    if side == 0 {
                        format!("I can't go above {}", v(claimed))
                    } else {
                        format!("I can't go below {}", v(claimed))
                    }
                } else {
                    format!("my alternative is worth {:.2} to me", claimed)
                };
                let vague = if sigma > 0.5 * exp.scenario.prior(side).reservation.1 {
                    format!(", give or take {}", v(sigma))
                } else {
                    String::new()
                };
                let truth = if bluff {
                    format!("[bluff: true value {}]", v(truth))
                } else {
                    format!("[true value {}]", v(truth))
                };
                if answer {
                    let _ = writeln!(
                        w,
                        "    {} answers: \"on my side? {words}{vague}\" {truth}",
                        who(side)
                    );
                } else {
                    let _ = writeln!(
                        w,
                        "    {}, in confidence: \"between us, {words}{vague}\" {truth}",
                        who(side)
                    );
                }
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
                header(&mut w, &mut last_round, round, formal);
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
                let _ = writeln!(
                    w,
                    "    {}{how}: \"what matters to me: {}\" [true weights {}]",
                    who(side),
                    said.join(", "),
                    real.join(", ")
                );
            }
            Event::Ask { round, side } => {
                header(&mut w, &mut last_round, round, formal);
                let _ = writeln!(w, "    {} asks: \"how is it on your side?\"", who(side));
            }
            Event::Decline { round, side } => {
                header(&mut w, &mut last_round, round, formal);
                let _ = writeln!(w, "    {} declines: \"I'd rather not say.\"", who(side));
            }
            Event::Silent { round, side } => {
                header(&mut w, &mut last_round, round, formal);
                let _ = writeln!(w, "    {} says nothing.", who(side));
            }
            Event::Leak {
                round,
                side,
                signal,
                truth,
            } => {
                header(&mut w, &mut last_round, round, formal);
                let _ = writeln!(
                    w,
                    "    (body language) {} gives away a hint: its limit looks like about {} [true {}]",
                    who(side),
                    v(signal),
                    v(truth)
                );
            }
            Event::FormalStart { beliefs } => {
                formal = true;
                match exp.protocol {
                    Protocol::DoubleAuction { k, .. } => {
                        let _ = writeln!(
                            w,
                            "\nSealed bids (k-double auction, k = {k}): trade if the bid reaches the ask, at price k*bid + (1-k)*ask"
                        );
                    }
                    Protocol::AlternatingOffers { deadline, .. } => {
                        let _ = writeln!(w, "\nFormal phase (deadline {deadline} rounds)");
                    }
                }
                let what = |s: usize| {
                    if price {
                        ["value", "cost"][s]
                    } else {
                        "alternative"
                    }
                };
                for s in 0..2 {
                    let _ = writeln!(
                        w,
                        "  {} believes {}'s {} is {} ± {}  (truth {}; learned {:.2} bits, error {:.2} sd)",
                        who(s),
                        ["A", "B"][1 - s],
                        what(1 - s),
                        v(beliefs[s].0),
                        v(beliefs[s].1),
                        v(r[1 - s]),
                        o.bits[s],
                        o.error[s]
                    );
                }
            }
            Event::Offer {
                round,
                side,
                value,
                x,
                ..
            } => {
                if price {
                    let verb = match (side, auction) {
                        (0, false) => "offers",
                        (0, true) => "bids",
                        _ => "asks",
                    };
                    let _ = writeln!(w, "  round {round:>2}: {} {verb} {}", who(side), v(value));
                } else {
                    let xs: Vec<String> =
                        x[..o.issues].iter().map(|s| format!("{:.2}", s)).collect();
                    let ub: f64 = (0..o.issues)
                        .map(|k| o.private.weights[1][k] * (1.0 - x[k]))
                        .sum();
                    let _ = writeln!(
                        w,
                        "  round {round:>2}: {} proposes A's shares [{}]  (utility A {:.3}, B {:.3})",
                        who(side),
                        xs.join(", "),
                        value,
                        ub
                    );
                }
            }
            Event::LieDetected {
                round,
                by,
                claimed,
                revealed,
                trust,
            } => {
                let liar = 1 - by;
                let what = if price {
                    format!(
                        "{}'s claims put its limit {} {} (allowing for their stated margin), yet it went to {}",
                        ["A", "B"][liar],
                        if liar == 0 { "at most" } else { "at least" },
                        v(claimed),
                        v(revealed)
                    )
                } else {
                    format!(
                        "{} claimed an alternative worth about {:.2}, yet it settles for {:.2}",
                        ["A", "B"][liar],
                        claimed,
                        revealed
                    )
                };
                let _ = writeln!(
                    w,
                    "  round {round:>2}: {} catches a lie: {what}. It forgets what it was told; its trust in {} is now {:.2}.",
                    who(by),
                    ["A", "B"][liar],
                    trust
                );
            }
            Event::Accept { round, side } => {
                if auction {
                    let _ = writeln!(w, "  the bid reaches the ask: trade.");
                } else {
                    let _ = writeln!(w, "  round {round:>2}: {} accepts.", who(side));
                }
            }
        }
    }
    let _ = writeln!(w, "\nOutcome");
    if o.deal {
        let d = o.rounds.saturating_sub(1);
        if price {
            let _ = writeln!(w, "  Deal at {} in round {}.", v(o.price), o.rounds);
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
                who(s),
                role(s),
                v(o.surplus[s])
            );
        }
        if d > 0 {
            let _ = writeln!(w, "  (gains are discounted for {d} rounds of delay)");
        }
        let _ = writeln!(
            w,
            "  Joint gain {} of {} possible: efficiency {:.2}; A's share {:.2}.",
            v(o.joint),
            v(o.max_joint),
            o.efficiency,
            o.share_a
        );
    } else {
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
    }
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
    w
}

fn header(w: &mut String, last: &mut u32, round: u32, formal: bool) {
    if round != *last {
        *last = round;
        let _ = writeln!(
            w,
            "  {}round {round}",
            if formal { "off-the-record " } else { "" }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_format() {
        assert_eq!(money(52310.4, 0), "52,310");
        assert_eq!(money(-1234567.891, 2), "-1,234,567.89");
        assert_eq!(money(999.0, 0), "999");
        assert_eq!(money(-0.001, 0), "0");
    }
}
