//! An agent cannot read the other side's value: a spy agent writes down
//! everything it receives (every request line, its environment, its
//! arguments) and none of it holds the other side's value.

use super::*;

/// Every number in a JSON value, with its path.
fn numbers(v: &serde_json::Value, path: &str, out: &mut Vec<(String, f64)>) {
    match v {
        serde_json::Value::Number(n) => out.push((path.to_string(), n.as_f64().unwrap())),
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                numbers(x, &format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                numbers(x, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn an_agent_cannot_read_the_other_sides_value() {
    let seen = spy("[exchange]\nrounds = 2\nleak_probability = 0.5\n");
    assert!(seen["offer"] + seen["respond"] > 0, "{seen:?}");
}

/// The same under the double auction: its `bid` request holds its own
/// value and nothing of the other's (bids are sealed).
#[test]
fn an_agent_asked_for_its_bid_cannot_read_the_other_sides_value() {
    let seen = spy(
        "[exchange]\nrounds = 2\nleak_probability = 0.5\n\n[protocol]\nkind = \"double_auction\"\nk = 0.5\n",
    );
    // Every negotiation of the spy asks for its bid: 25 + 25 + 2 * 25.
    assert_eq!(seen["bid"], 100, "{seen:?}");
    assert_eq!(seen["offer"] + seen["respond"], 0, "{seen:?}");
}

/// Run the spy against an opponent that confides and answers with noise,
/// under `exchange` (the [exchange] table and possibly [protocol]); check
/// that no request holds a private value other than the spy's own and
/// that its environment is cleared; return the requests by decision.
fn spy(exchange: &str) -> std::collections::HashMap<String, usize> {
    let dir = tmp();
    let dump = dir.path().join("seen.jsonl");
    // The opponent confides and answers with noise (half a prior sd) and
    // body language leaks often: the spy hears about the other's value,
    // but never the value itself.
    let tables = agent_table("spy", &fixture("spy"), &[s(&dump)], None)
        + "\n[[strategy]]\nname = \"quiet\"\nbase = \"guarded\"\ndisclose = 1\nanswer = 1\nprecision = 0.5\nanswer_precision = 0.5\n";
    let cfg = write_config(
        dir.path(),
        "privacy",
        &["quiet", "spy"],
        25,
        Some(exchange),
        &tables,
    );
    let out_dir = dir.path().join("out");
    let mut cmd = negsim_command(dir.path(), &per_run_args(&cfg, &out_dir));
    cmd.env("NEGSIM_TEST_SECRET", "54321.5");
    let out = run(cmd, LIMIT);
    assert_ok(&out, "run with the spy");
    // Every private value of every run.
    let runs = out_dir.join("runs.csv");
    let mut values: Vec<f64> = column(&runs, "reservation_a")
        .iter()
        .chain(column(&runs, "reservation_b").iter())
        .map(|v| v.parse().unwrap())
        .collect();
    values.sort_by(f64::total_cmp);
    let is_private = |x: f64| {
        values
            .iter()
            .any(|v| (x - v).abs() <= 1e-9 * v.abs().max(1.0))
    };
    let text = std::fs::read_to_string(&dump).expect("the spy wrote what it saw");
    let mut requests = 0;
    let mut starts = 0;
    let mut by_decision = std::collections::HashMap::new();
    for d in ["talk", "answer", "offer", "respond", "bid"] {
        by_decision.insert(d.to_string(), 0);
    }
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
        if let Some(env) = v.get("env") {
            starts += 1;
            let keys: Vec<&String> = env.as_object().unwrap().keys().collect();
            // What negsim passes on, and what a launcher such as a pyenv
            // shim (a shell script) sets itself.
            let launcher = |k: &str| {
                ["PWD", "SHLVL", "_", "LC_CTYPE"].contains(&k)
                    || k.starts_with("PYENV")
                    || k.starts_with("_PYENV")
            };
            for k in &keys {
                assert!(
                    ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"]
                        .contains(&k.as_str())
                        || launcher(k),
                    "the agent inherited the environment variable {k}: {keys:?}"
                );
            }
            assert!(
                !line.contains("54321.5"),
                "the agent saw negsim's environment"
            );
            continue;
        }
        if v["type"] != "decide" {
            continue;
        }
        requests += 1;
        *by_decision
            .entry(v["decision"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
        let mut found = Vec::new();
        numbers(&v, "", &mut found);
        for (path, x) in found {
            // Its own value is its own to know.
            if path == ".you.value" {
                assert!(is_private(x), "its own value {x} is not a private value");
                continue;
            }
            assert!(
                !is_private(x),
                "the request holds a private value at {path} ({x}):\n{line}"
            );
        }
    }
    assert!(requests > 100, "the spy saw only {requests} requests");
    // One process per worker thread, reused from negotiation to negotiation.
    assert!(
        (1..=2).contains(&starts),
        "{starts} spy processes started for 75 negotiations on 2 threads"
    );
    by_decision
}
