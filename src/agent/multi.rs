//! The agent protocol in the `multi_issue` scenario (docs/PROTOCOL.md,
//! "Multi-issue negotiation"): the same four decisions as in `price`, with
//! what a side knows there (its weights and reservation utility, the public
//! Dirichlet alphas and reservation priors, the transcript) and packages
//! for offers. Still version 1: a request of this scenario carries
//! `"scenario": "multi_issue"`, and a `price` request is unchanged, so an
//! agent that plays only `price` never sees one.
//!
//! Builds the requests and reads the replies; the exchange of lines is the
//! seat's ([`AgentSeat`]).

use super::AgentSeat;
use super::protocol::{self, Context, RawBelief, belief_points};
use crate::model::negotiation::{
    Event, MultiClaim, MultiDecision, MultiMove, MultiSeat, Statement, Table, WeightsClaim,
    passive_multi,
};
use crate::model::scenario::{MAX_ISSUES, Private, Scenario};
use serde_json::{Value, json};

/// What a side knows of a `multi_issue` negotiation beyond a price
/// [`Context`]: the issues, its own weights, both sides' public priors of
/// weights.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiContext {
    /// Number of issues.
    pub issues: usize,
    /// Its own weights (first `issues` entries).
    pub weights: [f64; MAX_ISSUES],
    /// Dirichlet alpha of each side's weights.
    pub alpha: [Vec<f64>; 2],
    /// Root mean square of the prior sds of each side's weights: a stated
    /// `weights_sd` (in weight units) is this many prior sds.
    pub weights_sd: [f64; 2],
}

impl MultiContext {
    /// Side `side`'s context at `table` (`None` outside `multi_issue`).
    pub fn new(table: &Table<'_>, private: &Private, side: usize) -> Option<MultiContext> {
        let scenario = table.scenario();
        let Scenario::MultiIssue { issues, alpha, .. } = scenario else {
            return None;
        };
        let n = *issues;
        let weights_sd = [0, 1].map(|i| {
            let p = scenario.prior(i);
            let ms = p.weights[..n].iter().map(|w| w.1 * w.1).sum::<f64>() / n as f64;
            ms.sqrt()
        });
        Some(MultiContext {
            issues: n,
            weights: private.weights[side],
            alpha: alpha.clone(),
            weights_sd,
        })
    }
}

/// "A" or "B".
fn role(side: usize) -> &'static str {
    ["A", "B"][side]
}

/// The decision's name in requests.
fn decision_name(d: &MultiDecision) -> &'static str {
    match d {
        MultiDecision::Talk { .. } => "talk",
        MultiDecision::Answer { .. } => "answer",
        MultiDecision::Offer { .. } => "offer",
        MultiDecision::Respond { .. } => "respond",
    }
}

/// The actions that answer `d`.
fn allowed(d: &MultiDecision) -> &'static str {
    match d {
        MultiDecision::Talk { .. } => "confide, ask, silent",
        MultiDecision::Answer { .. } => "answer, decline",
        MultiDecision::Offer { .. } => "offer, walk_away",
        MultiDecision::Respond { .. } => "accept, reject, walk_away",
    }
}

/// Side `i`'s public prior: its reservation utility's and its weights'.
fn prior(ctx: &Context, m: &MultiContext, i: usize) -> Value {
    let p = &ctx.priors[i];
    json!({"mean": p[0], "sd": p[1], "low": p[2], "high": p[3], "alpha": m.alpha[i]})
}

/// One event as side `me` saw it: as in `price`, with claims about
/// weights, and offers as packages (never their utility to A, which
/// would tell B about A's weights).
pub fn seen(e: &Event, me: usize, m: &MultiContext) -> Option<Value> {
    let by = |s: usize| if s == me { "you" } else { "other" };
    match *e {
        Event::Weights {
            round,
            side,
            claimed,
            issues,
            sigma,
            answer,
            ..
        } => Some(json!({
            "kind": if answer { "answer_weights" } else { "confide_weights" },
            "round": round, "by": by(side),
            "weights": claimed[..issues], "weights_sd": sigma * m.weights_sd[side],
        })),
        Event::Offer { round, side, x, .. } => Some(json!({
            "kind": "offer", "round": round, "by": by(side), "package": x[..m.issues],
        })),
        _ => protocol::seen(e, me),
    }
}

/// The request for decision `d` of the side of `ctx`, after `events`.
pub fn request(
    id: u64,
    ctx: &Context,
    m: &MultiContext,
    d: &MultiDecision,
    events: &[Event],
) -> String {
    let me = ctx.side;
    let transcript: Vec<Value> = events.iter().filter_map(|e| seen(e, me, m)).collect();
    let mut rules = protocol::rules(ctx);
    rules["first_offer"] = json!("A");
    let mut v = json!({
        "type": "decide",
        "id": id,
        "decision": decision_name(d),
        "round": d.round(),
        "seed": ctx.seed,
        "scenario": "multi_issue",
        "issues": m.issues,
        "you": {"role": role(me), "value": ctx.value, "weights": m.weights[..m.issues],
                "prior": prior(ctx, m, me)},
        "other": {"role": role(1 - me), "prior": prior(ctx, m, 1 - me)},
        "rules": rules,
        "transcript": transcript,
    });
    if let MultiDecision::Respond { offer, .. } = d {
        v["offer"] = json!(offer[..m.issues]);
    }
    v.to_string()
}

/// A reply read: the move and the belief report, if any.
pub type MultiReply = (MultiMove, Option<Vec<(f64, f64)>>);

/// Field `name` of the reply `v`: `None` when absent, else a finite number.
fn number(v: &Value, name: &str) -> Result<Option<f64>, String> {
    match v.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => match x.as_f64() {
            Some(f) if f.is_finite() => Ok(Some(f)),
            _ => Err(format!("\"{name}\" = {x} is not a finite number")),
        },
    }
}

/// Field `name` of `v`: one number in [0, 1] per issue.
fn per_issue(v: &Value, name: &str, n: usize, what: &str) -> Result<[f64; MAX_ISSUES], String> {
    let Some(list) = v.get(name).and_then(Value::as_array) else {
        return Err(format!(
            "\"{name}\" must be a list of {n} numbers in [0, 1] ({what}), got {}",
            v.get(name).map_or("nothing".to_string(), Value::to_string)
        ));
    };
    if list.len() != n {
        return Err(format!(
            "\"{name}\" has {} numbers; this negotiation has {n} issues ({what})",
            list.len()
        ));
    }
    let mut out = [0.0; MAX_ISSUES];
    for (k, x) in list.iter().enumerate() {
        match x.as_f64() {
            Some(f) if (0.0..=1.0).contains(&f) => out[k] = f,
            Some(f) => return Err(format!("\"{name}\"[{k}] = {f} is outside [0, 1]")),
            None => return Err(format!("\"{name}\"[{k}] = {x} is not a number")),
        }
    }
    Ok(out)
}

/// The claim of a `confide` or `answer`: its reservation utility (`value`,
/// `sd`), its weights (`weights`, `weights_sd`), or both.
fn claim(
    v: &Value,
    action: &str,
    own_sd: f64,
    m: &MultiContext,
    me: usize,
) -> Result<MultiClaim, String> {
    let sd = |name: &str| -> Result<f64, String> {
        let s = number(v, name)?.unwrap_or(0.0);
        if s < 0.0 {
            return Err(format!("\"{name}\" = {s} must be a number >= 0 (0: exact)"));
        }
        Ok(s)
    };
    let reservation = match number(v, "value")? {
        Some(value) => Some(Statement {
            value,
            sigma: if own_sd > 0.0 {
                sd("sd")? / own_sd
            } else {
                0.0
            },
        }),
        None => None,
    };
    let weights = if v.get("weights").is_some() {
        let values = per_issue(v, "weights", m.issues, "its weight of each issue")?;
        let s = sd("weights_sd")?;
        let unit = m.weights_sd[me];
        Some(WeightsClaim {
            values,
            sigma: if unit > 0.0 { s / unit } else { 0.0 },
        })
    } else {
        None
    };
    if reservation.is_none() && weights.is_none() {
        return Err(format!(
            "action \"{action}\" needs \"value\" (its reservation utility), \"weights\" (one per issue), or both"
        ));
    }
    Ok(MultiClaim {
        reservation,
        weights,
    })
}

/// Read the reply `line` to request `id` for decision `d` of side `me`;
/// `own_sd` is the prior sd of its reservation utility.
pub fn parse_reply(
    line: &str,
    id: u64,
    d: &MultiDecision,
    own_sd: f64,
    m: &MultiContext,
    me: usize,
) -> Result<MultiReply, String> {
    let v: Value = serde_json::from_str(line)
        .map_err(|e| format!("its reply is not a JSON object of the protocol ({e})"))?;
    if !v.is_object() {
        return Err("its reply is not a JSON object of the protocol".into());
    }
    let got = v.get("id").and_then(Value::as_u64);
    if got != Some(id) {
        return Err(format!(
            "its reply carries id {}, the request had id {id}",
            got.map_or("(none)".into(), |n| n.to_string())
        ));
    }
    let action = v.get("action").and_then(Value::as_str).unwrap_or("(none)");
    let ask = v.get("ask").and_then(Value::as_bool).unwrap_or(false);
    let silent = MultiClaim::default();
    let mv = match (d, action) {
        (MultiDecision::Talk { .. }, "confide") => MultiMove::Talk {
            claim: claim(&v, action, own_sd, m, me)?,
            ask,
        },
        (MultiDecision::Talk { .. }, "ask") => MultiMove::Talk {
            claim: silent,
            ask: true,
        },
        (MultiDecision::Talk { .. }, "silent") => MultiMove::Talk {
            claim: silent,
            ask: false,
        },
        (MultiDecision::Answer { .. }, "answer") => {
            MultiMove::Answer(claim(&v, action, own_sd, m, me)?)
        }
        (MultiDecision::Answer { .. }, "decline") => MultiMove::Answer(silent),
        (MultiDecision::Offer { .. }, "offer") => MultiMove::Offer(per_issue(
            &v,
            "package",
            m.issues,
            "side A's share of each issue",
        )?),
        (MultiDecision::Offer { .. } | MultiDecision::Respond { .. }, "walk_away") => {
            MultiMove::WalkAway
        }
        (MultiDecision::Respond { .. }, "accept") => MultiMove::Accept,
        (MultiDecision::Respond { .. }, "reject") => MultiMove::Reject,
        _ => {
            return Err(format!(
                "action \"{action}\" does not answer a \"{}\" decision (allowed: {})",
                decision_name(d),
                allowed(d)
            ));
        }
    };
    let belief = match v.get("belief") {
        None | Some(Value::Null) => None,
        Some(b) => {
            let raw: RawBelief = serde_json::from_value(b.clone())
                .map_err(|e| format!("\"belief\" is malformed ({e})"))?;
            Some(belief_points(raw)?)
        }
    };
    Ok((mv, belief))
}

impl MultiSeat for AgentSeat<'_> {
    fn decide_multi(&mut self, side: usize, d: MultiDecision, events: &[Event]) -> MultiMove {
        debug_assert_eq!(side, self.ctx.side);
        self.decide_with(passive_multi(d), |s| {
            let m = s.multi.as_ref().expect("a multi_issue seat");
            let ctx = &s.ctx;
            let own_sd = ctx.priors[ctx.side][1];
            s.call(
                decision_name(&d),
                |id| request(id, ctx, m, &d, events),
                |line, id| parse_reply(line, id, &d, own_sd, m, ctx.side),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> (Context, MultiContext) {
        let rules = crate::model::negotiation::PublicRules {
            talk_rounds: 1,
            talk_every: 0,
            deadline: 10,
            discount: [0.98, 0.98],
            leak_probability: 0.0,
            leak_sd: [0.1, 0.1],
            auction_k: None,
        };
        let mut weights = [0.0; MAX_ISSUES];
        weights[..3].copy_from_slice(&[0.5, 0.3, 0.2]);
        (
            Context {
                side: 1,
                value: 0.25,
                priors: [[0.25, 0.1, 0.0, 0.5]; 2],
                rules,
                seed: 9,
            },
            MultiContext {
                issues: 3,
                weights,
                alpha: [vec![1.0; 3], vec![1.0; 3]],
                weights_sd: [0.2, 0.2],
            },
        )
    }

    const OFFER: MultiDecision = MultiDecision::Offer { round: 2 };
    const TALK: MultiDecision = MultiDecision::Talk { round: 1 };

    #[test]
    fn replies_become_moves() {
        let (c, m) = ctx();
        let (mv, _) = parse_reply(
            r#"{"id": 1, "action": "offer", "package": [0, 0.5, 1]}"#,
            1,
            &OFFER,
            0.1,
            &m,
            1,
        )
        .unwrap();
        let mut x = [0.0; MAX_ISSUES];
        x[..3].copy_from_slice(&[0.0, 0.5, 1.0]);
        assert_eq!(mv, MultiMove::Offer(x));
        let (mv, belief) = parse_reply(
            r#"{"id": 2, "action": "confide", "value": 0.3, "sd": 0.05, "weights": [0.5, 0.3, 0.2], "weights_sd": 0.1, "ask": true, "belief": {"quantiles": [[0.5, 0.2]]}}"#,
            2,
            &TALK,
            c.priors[1][1],
            &m,
            1,
        )
        .unwrap();
        let MultiMove::Talk { claim, ask } = mv else {
            panic!("{mv:?}")
        };
        assert!(ask);
        let r = claim.reservation.unwrap();
        assert!((r.value - 0.3).abs() < 1e-12 && (r.sigma - 0.5).abs() < 1e-12);
        let w = claim.weights.unwrap();
        assert_eq!(&w.values[..3], &[0.5, 0.3, 0.2]);
        assert!((w.sigma - 0.5).abs() < 1e-12);
        assert_eq!(belief, Some(vec![(0.2, 0.5)]));
    }

    #[test]
    fn malformed_packages_and_claims_are_refused_with_the_reason() {
        let (_, m) = ctx();
        let bad = |line: &str, d: &MultiDecision, want: &str| {
            let e = parse_reply(line, 7, d, 0.1, &m, 1).unwrap_err();
            assert!(e.contains(want), "{line}: {e}");
        };
        bad(
            r#"{"id": 7, "action": "offer", "package": [0.5, 0.5]}"#,
            &OFFER,
            "has 2 numbers; this negotiation has 3 issues",
        );
        bad(
            r#"{"id": 7, "action": "offer", "package": [0.5, 1.5, 0]}"#,
            &OFFER,
            "\"package\"[1] = 1.5 is outside [0, 1]",
        );
        bad(
            r#"{"id": 7, "action": "offer", "package": [0.5, "half", 0]}"#,
            &OFFER,
            "\"package\"[1] = \"half\" is not a number",
        );
        bad(
            r#"{"id": 7, "action": "offer", "value": 0.4}"#,
            &OFFER,
            "\"package\" must be a list of 3 numbers",
        );
        bad(
            r#"{"id": 7, "action": "confide", "ask": true}"#,
            &TALK,
            "needs \"value\"",
        );
        bad(
            r#"{"id": 7, "action": "confide", "weights": [1, 0, 0], "weights_sd": -1}"#,
            &TALK,
            "\"weights_sd\" = -1",
        );
        bad(
            r#"{"id": 7, "action": "accept"}"#,
            &TALK,
            "allowed: confide, ask, silent",
        );
        bad(r#"[1, 2]"#, &TALK, "not a JSON object");
    }

    /// A request holds its own weights and value, and of the other side
    /// only the public prior; an offer in the transcript is a package
    /// without its utility to A.
    #[test]
    fn a_request_holds_no_private_value_of_the_other() {
        let (c, m) = ctx();
        let mut other = [0.0; MAX_ISSUES];
        other[..3].copy_from_slice(&[0.123_456, 0.654_321, 0.222_223]);
        let events = [
            Event::Weights {
                round: 1,
                side: 0,
                claimed: [0.4; MAX_ISSUES],
                truth: other,
                issues: 3,
                sigma: 0.5,
                answer: false,
            },
            Event::Offer {
                round: 1,
                side: 0,
                value: 0.987_654,
                x: [0.5; MAX_ISSUES],
                belief: (0.111_111, 0.1),
            },
        ];
        let line = request(
            3,
            &c,
            &m,
            &MultiDecision::Respond {
                round: 1,
                offer: [0.5; MAX_ISSUES],
            },
            &events,
        );
        for secret in ["0.123456", "0.654321", "0.222223", "0.987654", "0.111111"] {
            assert!(!line.contains(secret), "{secret} in {line}");
        }
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["scenario"], "multi_issue");
        assert_eq!(v["you"]["role"], "B");
        assert_eq!(v["offer"], json!([0.5, 0.5, 0.5]));
        assert_eq!(v["transcript"][0]["kind"], "confide_weights");
        assert_eq!(v["transcript"][0]["weights_sd"], json!(0.5 * 0.2));
        assert_eq!(v["transcript"][1]["package"], json!([0.5, 0.5, 0.5]));
    }
}
