//! An agent hosted in this process (the seam the Python package's
//! `negsim.Agent` plays through): it is given the protocol's request lines,
//! as a process is, its reply lines are read by the same parser, and its
//! name must be new.

use negsim::agent::{Agent, Hosted};
use negsim::config::{self, DEFAULT_CONFIG};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// Tells its exact value and takes any offer within it; keeps every
/// request it was given.
#[derive(Default)]
struct Truthful {
    seen: Mutex<Vec<Value>>,
}

impl Hosted for Truthful {
    fn decide(&self, request: &str) -> Result<String, String> {
        let v: Value = serde_json::from_str(request).map_err(|e| e.to_string())?;
        let value = v["you"]["value"].as_f64().expect("its value");
        let seller = v["you"]["role"] == "seller";
        let mut reply = match v["decision"].as_str().expect("a decision") {
            "talk" => json!({"action": "confide", "value": value, "sd": 0, "ask": true}),
            "answer" => json!({"action": "answer", "value": value}),
            "offer" => json!({"action": "offer", "value": value}),
            _ => {
                let offer = v["offer"].as_f64().expect("the offer");
                let ok = if seller {
                    offer >= value
                } else {
                    offer <= value
                };
                json!({"action": if ok { "accept" } else { "reject" }})
            }
        };
        reply["id"] = v["id"].clone();
        self.seen.lock().unwrap().push(v);
        Ok(reply.to_string())
    }

    fn shown(&self) -> String {
        "test object Truthful".into()
    }
}

/// The shared object behind a boxed [`Hosted`].
struct Shared(Arc<Truthful>);

impl Hosted for Shared {
    fn decide(&self, request: &str) -> Result<String, String> {
        self.0.decide(request)
    }
    fn shown(&self) -> String {
        self.0.shown()
    }
}

#[test]
fn a_hosted_agent_is_benched_on_the_protocols_requests() {
    let mut cfg = config::parse(DEFAULT_CONFIG, "default").unwrap();
    cfg.runs = 6;
    let truthful = Arc::new(Truthful::default());
    let agent = Agent::hosted("truthful", None, Box::new(Shared(Arc::clone(&truthful))));
    assert!(agent.is_hosted());
    let exp = cfg.validate("default").unwrap();
    let rows = negsim::run::bench::bench(&exp, &agent, 2).unwrap().rows();
    let overall = rows.last().unwrap();
    assert_eq!(overall.runs, 6 * 4 * 2);
    assert_eq!(overall.forfeits, 0);
    assert_eq!(overall.lies_told, 0);
    assert!(overall.deal_rate.mean() > 0.0);
    let seen = truthful.seen.lock().unwrap();
    assert!(seen.len() > 48, "{} requests", seen.len());
    for v in seen.iter() {
        assert_eq!(v["type"], "decide");
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "id",
            "decision",
            "round",
            "seed",
            "you",
            "other",
            "rules",
            "transcript",
        ] {
            assert!(keys.contains(&k), "no {k} in {v}");
        }
        assert!(v["other"].get("value").is_none(), "{v}");
    }
}

#[test]
fn a_hosted_agent_joins_a_tournament_under_a_new_name_only() {
    let mut cfg = config::parse(DEFAULT_CONFIG, "default").unwrap();
    cfg.strategies.push("mine".into());
    let mine = Arc::new(Agent::hosted("mine", None, Box::new(Truthful::default())));
    let exp = cfg.validate_with("default", &[mine]).unwrap();
    let names: Vec<&str> = exp.strategies.iter().map(|s| s.name()).collect();
    assert_eq!(names, ["open", "guarded", "mirroring", "probing", "mine"]);
    // Without it, the config names an unknown strategy.
    assert!(cfg.validate("default").is_err());
    let open = Arc::new(Agent::hosted("open", None, Box::new(Truthful::default())));
    let e = cfg
        .validate_with("default", &[open])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("agents[\"open\"]") && e.contains("must be new"),
        "{e}"
    );
}
