//! The agent protocol (docs/PROTOCOL.md), version [`VERSION`]: JSON lines
//! over the agent's stdin and stdout. negsim writes one request per line
//! and reads one reply per line: a `hello` first, then one `decide` per
//! decision. Each request carries only what the deciding side may know:
//! its own value, the public priors and rules, the transcript as that side
//! saw it, and a seed for the negotiation.
//!
//! This file builds the requests and reads the replies; it does no I/O.

use crate::model::negotiation::{Decision, Event, HumanMove, PublicRules, Statement};
use serde::Deserialize;
use serde_json::{Value, json};

/// The protocol version negsim speaks.
pub const VERSION: u32 = 1;

/// The longest reply line read (bytes); a longer one is malformed.
pub const MAX_LINE: usize = 1 << 20;

/// Most points in a belief report.
pub const MAX_BELIEF_POINTS: usize = 1000;

/// What a side knows at the start of a negotiation.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// Its side (0 = A, the buyer; 1 = B, the seller).
    pub side: usize,
    /// Its own value (the buyer's value or the seller's cost).
    pub value: f64,
    /// The public prior of each side's value: mean, sd, lowest, highest.
    pub priors: [[f64; 4]; 2],
    /// The public rules.
    pub rules: PublicRules,
    /// The negotiation's seed for the agent.
    pub seed: u64,
}

/// A reply read: the move, and the belief report if any (cdf points
/// `(x, P(other's value <= x))`, sorted by x).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The decision.
    pub mv: HumanMove,
    /// The belief about the other's value, if reported.
    pub belief: Option<Vec<(f64, f64)>>,
}

/// "buyer" or "seller".
fn role(side: usize) -> &'static str {
    ["buyer", "seller"][side]
}

/// The first line negsim sends.
pub fn hello() -> String {
    json!({"type": "hello", "protocol": "negsim-agent", "version": VERSION}).to_string()
}

/// Check the agent's answer to [`hello`].
pub fn check_hello(line: &str) -> Result<(), String> {
    let v: Value = serde_json::from_str(line)
        .map_err(|e| format!("its reply to hello is not JSON ({e}): {}", excerpt(line)))?;
    if v.get("type").and_then(Value::as_str) != Some("hello") {
        return Err(format!(
            "its reply to hello must be {{\"type\": \"hello\", \"version\": {VERSION}}}, got: {}",
            excerpt(line)
        ));
    }
    match v.get("version").and_then(Value::as_u64) {
        Some(n) if n == u64::from(VERSION) => Ok(()),
        other => Err(format!(
            "it speaks protocol version {}; negsim speaks version {VERSION}",
            other.map_or_else(|| "(none given)".to_string(), |n| n.to_string())
        )),
    }
}

/// The name of a decision in requests.
pub fn decision_name(d: &Decision) -> &'static str {
    match d {
        Decision::Talk { .. } => "talk",
        Decision::Answer { .. } => "answer",
        Decision::Offer { .. } => "offer",
        Decision::Respond { .. } => "respond",
        Decision::Bid { .. } => "bid",
    }
}

/// A prior as JSON.
fn prior(p: &[f64; 4]) -> Value {
    json!({"mean": p[0], "sd": p[1], "low": p[2], "high": p[3]})
}

/// One event as side `me` saw it, or `None` for what it does not see (the
/// other's beliefs, true values and trust; the engine's inferences).
pub fn seen(e: &Event, me: usize) -> Option<Value> {
    let by = |s: usize| if s == me { "you" } else { "other" };
    Some(match *e {
        Event::Reservation {
            round,
            side,
            claimed,
            sigma,
            answer,
            ..
        } => json!({"kind": if answer {"answer"} else {"confide"}, "round": round, "by": by(side),
                    "value": claimed, "sd": sigma}),
        Event::Ask { round, side } => json!({"kind": "ask", "round": round, "by": by(side)}),
        Event::Decline { round, side } => {
            json!({"kind": "decline", "round": round, "by": by(side)})
        }
        Event::Silent { round, side } => json!({"kind": "silent", "round": round, "by": by(side)}),
        Event::Leak {
            round,
            side,
            signal,
            ..
        } => {
            if side == me {
                // It knows that it showed something, not what was read.
                json!({"kind": "hint", "round": round, "about": "you"})
            } else {
                json!({"kind": "hint", "round": round, "about": "other", "value": signal})
            }
        }
        Event::FormalStart { .. } => json!({"kind": "formal_start"}),
        Event::Offer {
            round, side, value, ..
        } => json!({"kind": "offer", "round": round, "by": by(side), "value": value}),
        Event::LieDetected { round, by: b, .. } => {
            json!({"kind": "lie_detected", "round": round, "by": by(b)})
        }
        Event::WalkAway { round, side } => {
            json!({"kind": "walk_away", "round": round, "by": by(side)})
        }
        Event::Accept { round, side } => json!({"kind": "accept", "round": round, "by": by(side)}),
        Event::Weights { .. } | Event::Holds { .. } | Event::Learns { .. } => return None,
    })
}

/// The public rules as the side of `ctx` is told them: under alternating
/// offers the deadline, discounts and who offers first; under the double
/// auction `protocol` and `k` instead (there is one sealed bid each).
pub(crate) fn rules(ctx: &Context) -> Value {
    let (me, r) = (ctx.side, &ctx.rules);
    let mut v = json!({
        "talk_rounds": r.talk_rounds,
        "talk_every": r.talk_every,
        "leak_probability": r.leak_probability,
        "hint_sd": r.leak_sd[1 - me],
    });
    match r.auction_k {
        Some(k) => {
            v["protocol"] = json!("double_auction");
            v["k"] = json!(k);
        }
        None => {
            v["deadline"] = json!(r.deadline);
            v["discount"] = json!(r.discount[me]);
            v["other_discount"] = json!(r.discount[1 - me]);
            v["first_offer"] = json!("buyer");
        }
    }
    v
}

/// The request for decision `d` of the side of `ctx`, after `events`.
pub fn request(id: u64, ctx: &Context, d: &Decision, events: &[Event]) -> String {
    let me = ctx.side;
    let round = match *d {
        Decision::Talk { round }
        | Decision::Answer { round }
        | Decision::Offer { round }
        | Decision::Respond { round, .. }
        | Decision::Bid { round, .. } => round,
    };
    let transcript: Vec<Value> = events.iter().filter_map(|e| seen(e, me)).collect();
    let mut v = json!({
        "type": "decide",
        "id": id,
        "decision": decision_name(d),
        "round": round,
        "seed": ctx.seed,
        "you": {"role": role(me), "value": ctx.value, "prior": prior(&ctx.priors[me])},
        "other": {"role": role(1 - me), "prior": prior(&ctx.priors[1 - me])},
        "rules": rules(ctx),
        "transcript": transcript,
    });
    if let Decision::Respond { offer, .. } = d {
        v["offer"] = json!(offer);
    }
    v.to_string()
}

/// A reply as written.
#[derive(Deserialize)]
struct Raw {
    id: Option<u64>,
    action: Option<String>,
    value: Option<f64>,
    sd: Option<f64>,
    ask: Option<bool>,
    belief: Option<RawBelief>,
}

/// A belief report as written: quantiles `[p, x]` or cdf points `[x, p]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBelief {
    quantiles: Option<Vec<[f64; 2]>>,
    cdf: Option<Vec<[f64; 2]>>,
}

/// The start of a line, for messages.
pub fn excerpt(line: &str) -> String {
    let t: String = line.chars().take(120).collect();
    let more = if t.len() < line.len() { "..." } else { "" };
    format!("{t:?}{more}")
}

/// Read the reply `line` to request `id` for decision `d`; `own_sd` is the
/// prior sd of the deciding side's value (a stated sd becomes prior sds).
pub fn parse_reply(line: &str, id: u64, d: &Decision, own_sd: f64) -> Result<Reply, String> {
    let raw: Raw = serde_json::from_str(line)
        .map_err(|e| format!("its reply is not a JSON object of the protocol ({e})"))?;
    if raw.id != Some(id) {
        return Err(format!(
            "its reply carries id {}, the request had id {id}",
            raw.id.map_or("(none)".into(), |n| n.to_string())
        ));
    }
    let action = raw.action.as_deref().unwrap_or("(none)");
    let number = |name: &str, x: Option<f64>| -> Result<f64, String> {
        match x {
            Some(v) if v.is_finite() => Ok(v),
            Some(v) => Err(format!("\"{name}\" = {v} is not a finite number")),
            None => Err(format!("action \"{action}\" needs a number \"{name}\"")),
        }
    };
    let statement = || -> Result<Statement, String> {
        let value = number("value", raw.value)?;
        let sd = raw.sd.unwrap_or(0.0);
        if !(sd.is_finite() && sd >= 0.0) {
            return Err(format!("\"sd\" = {sd} must be a number >= 0 (0: exact)"));
        }
        Ok(Statement {
            value,
            sigma: if own_sd > 0.0 { sd / own_sd } else { 0.0 },
        })
    };
    let mv = match (d, action) {
        (Decision::Talk { .. }, "confide") => HumanMove::Talk {
            claim: Some(statement()?),
            ask: raw.ask.unwrap_or(false),
        },
        (Decision::Talk { .. }, "ask") => HumanMove::Talk {
            claim: None,
            ask: true,
        },
        (Decision::Talk { .. }, "silent") => HumanMove::Talk {
            claim: None,
            ask: false,
        },
        (Decision::Answer { .. }, "answer") => HumanMove::Answer(Some(statement()?)),
        (Decision::Answer { .. }, "decline") => HumanMove::Answer(None),
        (Decision::Offer { .. }, "offer") => HumanMove::Offer(number("value", raw.value)?),
        (Decision::Offer { .. } | Decision::Respond { .. } | Decision::Bid { .. }, "walk_away") => {
            HumanMove::WalkAway
        }
        (Decision::Bid { low, high, .. }, "bid") => {
            let x = number("value", raw.value)?;
            if !(*low..=*high).contains(&x) {
                return Err(format!(
                    "\"value\" = {x} is outside [{low}, {high}], the support of the values: a bid (or ask) lies in it"
                ));
            }
            HumanMove::Bid(x)
        }
        (Decision::Respond { .. }, "accept") => HumanMove::Accept,
        (Decision::Respond { .. }, "reject") => HumanMove::Reject,
        _ => {
            return Err(format!(
                "action \"{action}\" does not answer a \"{}\" decision (allowed: {})",
                decision_name(d),
                allowed(d)
            ));
        }
    };
    let belief = raw.belief.map(belief_points).transpose()?;
    Ok(Reply { mv, belief })
}

/// The actions that answer `d`.
pub fn allowed(d: &Decision) -> &'static str {
    match d {
        Decision::Talk { .. } => "confide, ask, silent",
        Decision::Answer { .. } => "answer, decline",
        Decision::Offer { .. } => "offer, walk_away",
        Decision::Respond { .. } => "accept, reject, walk_away",
        Decision::Bid { .. } => "bid, walk_away",
    }
}

/// A belief report as cdf points sorted by x, checked.
pub(crate) fn belief_points(b: RawBelief) -> Result<Vec<(f64, f64)>, String> {
    let mut pts: Vec<(f64, f64)> = match (b.quantiles, b.cdf) {
        (Some(q), None) => q.iter().map(|&[p, x]| (x, p)).collect(),
        (None, Some(c)) => c.iter().map(|&[x, p]| (x, p)).collect(),
        _ => return Err("\"belief\" takes one of \"quantiles\" or \"cdf\"".into()),
    };
    if pts.is_empty() || pts.len() > MAX_BELIEF_POINTS {
        return Err(format!(
            "\"belief\" has {} points; give 1 to {MAX_BELIEF_POINTS}",
            pts.len()
        ));
    }
    if pts
        .iter()
        .any(|&(x, p)| !x.is_finite() || !(0.0..=1.0).contains(&p))
    {
        return Err("\"belief\": every x must be finite and every probability in [0, 1]".into());
    }
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    if pts.windows(2).any(|w| w[1].1 < w[0].1) {
        return Err("\"belief\": probabilities must not fall as x grows".into());
    }
    Ok(pts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TALK: Decision = Decision::Talk { round: 1 };
    const RESPOND: Decision = Decision::Respond {
        round: 2,
        offer: 50_000.0,
    };

    #[test]
    fn replies_become_moves() {
        let r = parse_reply(
            r#"{"id": 3, "action": "confide", "value": 51000, "sd": 500, "ask": true}"#,
            3,
            &TALK,
            1000.0,
        )
        .unwrap();
        assert_eq!(
            r.mv,
            HumanMove::Talk {
                claim: Some(Statement {
                    value: 51000.0,
                    sigma: 0.5
                }),
                ask: true
            }
        );
        let r = parse_reply(r#"{"id": 4, "action": "walk_away"}"#, 4, &RESPOND, 1.0).unwrap();
        assert_eq!(r.mv, HumanMove::WalkAway);
        let r = parse_reply(
            r#"{"id": 5, "action": "reject", "belief": {"quantiles": [[0.5, 3], [0.1, 1]]}}"#,
            5,
            &RESPOND,
            1.0,
        )
        .unwrap();
        assert_eq!(r.mv, HumanMove::Reject);
        assert_eq!(r.belief, Some(vec![(1.0, 0.1), (3.0, 0.5)]));
    }

    #[test]
    fn replies_out_of_protocol_are_refused_with_the_reason() {
        let bad = |line: &str, d: &Decision, want: &str| {
            let e = parse_reply(line, 7, d, 1.0).unwrap_err();
            assert!(e.contains(want), "{line}: {e}");
        };
        bad("hello there", &TALK, "not a JSON object");
        bad(
            r#"{"id": 6, "action": "silent"}"#,
            &TALK,
            "id 6, the request had id 7",
        );
        bad(
            r#"{"id": 7, "action": "accept"}"#,
            &TALK,
            "allowed: confide, ask, silent",
        );
        bad(
            r#"{"id": 7, "action": "confide"}"#,
            &TALK,
            "needs a number \"value\"",
        );
        bad(
            r#"{"id": 7, "action": "confide", "value": 1, "sd": -1}"#,
            &TALK,
            "\"sd\"",
        );
        bad(
            r#"{"id": 7, "action": "reject", "belief": {"cdf": [[1, 0.6], [2, 0.4]]}}"#,
            &RESPOND,
            "must not fall",
        );
        bad(
            r#"{"id": 7, "action": "reject", "belief": {"cdf": [[1, 1.5]]}}"#,
            &RESPOND,
            "in [0, 1]",
        );
    }

    #[test]
    fn a_bid_is_a_number_inside_the_support_or_walking_away() {
        let bid = Decision::Bid {
            round: 1,
            low: 0.0,
            high: 1.0,
        };
        let r = parse_reply(
            r#"{"id": 2, "action": "bid", "value": 0.25, "belief": {"cdf": [[0.5, 1]]}}"#,
            2,
            &bid,
            0.3,
        )
        .unwrap();
        assert_eq!(r.mv, HumanMove::Bid(0.25));
        assert_eq!(r.belief, Some(vec![(0.5, 1.0)]));
        let r = parse_reply(r#"{"id": 2, "action": "walk_away"}"#, 2, &bid, 0.3).unwrap();
        assert_eq!(r.mv, HumanMove::WalkAway);
        for (line, want) in [
            (
                r#"{"id": 2, "action": "bid", "value": 1.5}"#,
                "outside [0, 1]",
            ),
            (
                r#"{"id": 2, "action": "bid", "value": "high"}"#,
                "not a JSON object",
            ),
            (r#"{"id": 2, "action": "bid"}"#, "needs a number \"value\""),
            (
                r#"{"id": 2, "action": "offer", "value": 0.5}"#,
                "allowed: bid, walk_away",
            ),
        ] {
            let e = parse_reply(line, 2, &bid, 0.3).unwrap_err();
            assert!(e.contains(want), "{line}: {e}");
        }
    }

    #[test]
    fn the_rules_of_an_auction_name_it_and_k_instead_of_a_deadline() {
        let ctx = Context {
            side: 1,
            value: 0.4,
            priors: [[0.5, 0.29, 0.0, 1.0]; 2],
            rules: PublicRules {
                talk_rounds: 1,
                talk_every: 0,
                deadline: 1,
                discount: [1.0; 2],
                leak_probability: 0.0,
                leak_sd: [0.1, 0.2],
                auction_k: Some(0.25),
            },
            seed: 9,
        };
        let bid = Decision::Bid {
            round: 1,
            low: 0.0,
            high: 1.0,
        };
        let v: Value = serde_json::from_str(&request(4, &ctx, &bid, &[])).unwrap();
        assert_eq!(v["decision"], "bid");
        assert_eq!(v["rules"]["protocol"], "double_auction");
        assert_eq!(v["rules"]["k"], 0.25);
        assert_eq!(v["rules"]["hint_sd"], 0.1);
        assert!(v["rules"].get("deadline").is_none(), "{v}");
    }

    #[test]
    fn the_hello_names_the_version() {
        assert!(check_hello(r#"{"type": "hello", "version": 1}"#).is_ok());
        let e = check_hello(r#"{"type": "hello", "version": 2}"#).unwrap_err();
        assert!(e.contains("version 2; negsim speaks version 1"), "{e}");
        assert!(check_hello("garbage").unwrap_err().contains("not JSON"));
    }

    /// What a side sees of an event never holds the other's true value,
    /// beliefs or trust.
    #[test]
    fn a_side_sees_no_true_value_nor_belief_of_the_other() {
        let truth = 12345.678;
        let events = [
            Event::Reservation {
                round: 1,
                side: 1,
                claimed: 111.0,
                truth,
                sigma: 0.0,
                bluff: true,
                answer: false,
            },
            Event::Leak {
                round: 1,
                side: 1,
                signal: 222.0,
                truth,
            },
            Event::FormalStart {
                beliefs: [(truth, 1.0), (truth, 2.0)],
            },
            Event::Offer {
                round: 1,
                side: 1,
                value: 333.0,
                x: [0.0; crate::model::scenario::MAX_ISSUES],
                belief: (truth, 5.0),
            },
            Event::LieDetected {
                round: 1,
                by: 1,
                claimed: 1.0,
                revealed: 2.0,
                trust: 0.123,
            },
        ];
        for e in &events {
            let v = seen(e, 0).map(|v| v.to_string()).unwrap_or_default();
            assert!(!v.contains("12345.678"), "{e:?} shows {v}");
            assert!(!v.contains("0.123"), "{e:?} shows the trust: {v}");
            assert!(
                !v.contains("bluff"),
                "{e:?} says whether it was a bluff: {v}"
            );
        }
    }
}
