//! Agents in the `multi_issue` scenario (docs/PROTOCOL.md, "Multi-issue
//! negotiation"): the truthful example plays through `run`, `trace` and
//! `bench`; a malformed package forfeits; the agent never receives the
//! other side's weights or reservation utility; results are byte-identical
//! across thread counts.

use super::*;
use std::collections::HashMap;

/// A `multi_issue` config (three issues, the integrative example's priors)
/// with `strategies` and the tables `tables`, `runs` per pairing, written
/// to `dir/NAME.toml`; `exchange` replaces the [exchange] table.
fn write_multi(
    dir: &Path,
    name: &str,
    strategies: &[&str],
    runs: u64,
    exchange: &str,
    tables: &str,
) -> PathBuf {
    let list: Vec<String> = strategies.iter().map(|s| format!("{s:?}")).collect();
    let text = format!(
        "name = \"{name}\"\nruns = {runs}\nstrategies = [{}]\n\n[scenario]\nkind = \"multi_issue\"\n\
         weights_a = [1.0, 1.0, 1.0]\nweights_b = [1.0, 1.0, 1.0]\n\
         reservation_a = {{ dist = \"uniform\", low = 0.0, high = 0.5 }}\n\
         reservation_b = {{ dist = \"uniform\", low = 0.0, high = 0.5 }}\n\n{exchange}\n{tables}",
        list.join(", ")
    );
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).expect("write the config");
    path
}

const EXCHANGE: &str = "[exchange]\nrounds = 2\nleak_probability = 0.2\n";

fn sum_of(runs: &Path, who: &str, columns: [&str; 2]) -> f64 {
    runs_of(runs, who)
        .iter()
        .map(|(side, m)| m[columns[*side]].parse::<f64>().unwrap())
        .sum()
}

/// The truthful example plays `multi_issue` as one more strategy: it
/// confides, never bluffs, reaches deals, and forfeits nothing.
#[test]
fn an_agent_plays_multi_issue_through_run() {
    let dir = tmp();
    let tables = agent_table("truthful", &example("truthful"), &[], None);
    let cfg = write_multi(
        dir.path(),
        "multi",
        &["open", "probing", "truthful"],
        20,
        EXCHANGE,
        &tables,
    );
    let out_dir = dir.path().join("out");
    let out = negsim(dir.path(), &per_run_args(&cfg, &out_dir));
    assert_ok(&out, "run of an agent in multi_issue");
    let runs = out_dir.join("runs.csv");
    assert_eq!(column(&runs, "run").len(), 9 * 20);
    assert_eq!(column(&out_dir.join("forfeits.csv"), "agent").len(), 0);
    assert_eq!(sum_of(&runs, "truthful", ["bluffs_a", "bluffs_b"]), 0.0);
    assert!(sum_of(&runs, "truthful", ["confidences_a", "confidences_b"]) > 0.0);
    let (header, rows) = read_csv(&runs);
    let (a, b, deal) = (
        col(&header, "strategy_a", "runs.csv"),
        col(&header, "strategy_b", "runs.csv"),
        col(&header, "deal", "runs.csv"),
    );
    let deals = rows
        .iter()
        .filter(|r| (r[a] == "truthful") != (r[b] == "truthful") && r[deal] == "1")
        .count();
    assert!(
        deals >= 20,
        "the truthful agent made {deals} deals in 80 negotiations with presets"
    );
}

/// The engine's side hears an agent's weights through the model's own
/// channel: after the truthful agent tells its exact weights, every
/// package an engine side proposes and the agent accepts lies on the true
/// Pareto frontier (the issues go to A in the order of `w_A / w_B`).
#[test]
fn an_engine_side_offers_on_the_frontier_of_the_weights_an_agent_told() {
    let dir = tmp();
    let tables = agent_table("truthful", &example("truthful"), &[], None);
    let cfg = write_multi(
        dir.path(),
        "frontier",
        &["open", "probing", "truthful"],
        30,
        "[exchange]\nrounds = 2\n",
        &tables,
    );
    let out_dir = dir.path().join("out");
    assert_ok(
        &negsim(dir.path(), &per_run_args(&cfg, &out_dir)),
        "run of an agent in multi_issue",
    );
    let (header, rows) = read_csv(&out_dir.join("runs.csv"));
    let c = |name: &str| col(&header, name, "runs.csv");
    let num = |r: &Vec<String>, name: &str| -> f64 { r[c(name)].parse().unwrap() };
    let mut checked = 0;
    for r in &rows {
        let (a, b) = (&r[c("strategy_a")], &r[c("strategy_b")]);
        if r[c("deal")] != "1" || (a == "truthful") == (b == "truthful") {
            continue;
        }
        // A proposes in odd rounds: keep the engine side's proposals.
        let by_a = num(r, "rounds") as u32 % 2 == 1;
        if by_a != (b == "truthful") {
            continue;
        }
        let x: Vec<f64> = (1..=3).map(|k| num(r, &format!("x_{k}"))).collect();
        let wa: Vec<f64> = (1..=3).map(|k| num(r, &format!("weight_a_{k}"))).collect();
        let wb: Vec<f64> = (1..=3).map(|k| num(r, &format!("weight_b_{k}"))).collect();
        for k in 0..3 {
            for l in 0..3 {
                // Some of k stays with B while A holds some of l: then A
                // must value k relative to B no more than l.
                if x[k] < 1.0 - 1e-9 && x[l] > 1e-9 {
                    assert!(
                        wa[k] * wb[l] <= wa[l] * wb[k] * (1.0 + 1e-6),
                        "{a} vs {b}: package {x:?} is off the frontier of {wa:?} / {wb:?}"
                    );
                }
            }
        }
        checked += 1;
    }
    assert!(
        checked >= 20,
        "only {checked} deals proposed by an engine side"
    );
}

/// `sweep` and `evolve` take an agent in `multi_issue`: with no talk it
/// confides nothing, with two rounds it does.
#[test]
fn sweep_and_evolve_take_an_agent_in_multi_issue() {
    let dir = tmp();
    let tables = agent_table("truthful", &example("truthful"), &[], None)
        + "\n[sweep]\n\"exchange.rounds\" = [0, 2]\n";
    let cfg = write_multi(dir.path(), "sweep", &["open", "truthful"], 8, "", &tables);
    let out_dir = dir.path().join("sweep");
    let out = negsim(
        dir.path(),
        &["sweep", s(&cfg), "--out", s(&out_dir), "--no-charts", "-q"],
    );
    assert_ok(&out, "sweep with an agent in multi_issue");
    let (h, rows) = read_csv(&out_dir.join("sweep.csv"));
    let (r, a, c) = (
        col(&h, "exchange_rounds", "sweep.csv"),
        col(&h, "strategy_a", "sweep.csv"),
        col(&h, "confidences_a_mean", "sweep.csv"),
    );
    let confided = |rounds: &str| -> f64 {
        rows.iter()
            .filter(|x| x[r] == rounds && x[a] == "truthful")
            .map(|x| x[c].parse::<f64>().unwrap())
            .sum()
    };
    assert_eq!(confided("0"), 0.0);
    assert!(confided("2") > 0.0);

    let tables = agent_table("truthful", &example("truthful"), &[], None);
    let cfg = write_multi(
        dir.path(),
        "evolve",
        &["open", "truthful"],
        8,
        EXCHANGE,
        &tables,
    );
    let run_dir = dir.path().join("run");
    assert_ok(
        &negsim(
            dir.path(),
            &["run", s(&cfg), "--out", s(&run_dir), "--no-charts", "-q"],
        ),
        "run",
    );
    let out = negsim(dir.path(), &["evolve", s(&run_dir), "-q"]);
    assert_ok(&out, "evolve on a multi_issue run with an agent");
    assert!(run_dir.join("evolution.csv").is_file());
}

/// `trace` shows an agent's negotiation in `multi_issue`, with its claims
/// about its weights.
#[test]
fn trace_shows_an_agent_in_multi_issue() {
    let dir = tmp();
    let tables = agent_table("truthful", &example("truthful"), &[], None);
    let cfg = write_multi(
        dir.path(),
        "trace",
        &["open", "truthful"],
        5,
        EXCHANGE,
        &tables,
    );
    let out = negsim(
        dir.path(),
        &["trace", "--a", "open", "--b", "truthful", s(&cfg)],
    );
    assert_ok(&out, "trace of an agent in multi_issue");
    assert!(out.stdout.contains("B (truthful)"), "{}", out.stdout);
    assert!(out.stdout.contains("weights"), "{}", out.stdout);
}

/// `bench` of the truthful agent in `multi_issue`: every preset in both
/// roles, no lie, no forfeit, a gap with an interval.
#[test]
fn bench_of_an_agent_in_multi_issue() {
    let dir = tmp();
    let cfg = write_multi(dir.path(), "bench", &["open"], 1, EXCHANGE, "");
    let out_dir = dir.path().join("bench");
    let agent = format!("python3 {}", s(&example("truthful")));
    let out = negsim(
        dir.path(),
        &[
            "bench",
            "--agent",
            &agent,
            s(&cfg),
            "--runs",
            "15",
            "--out",
            s(&out_dir),
        ],
    );
    assert_ok(&out, "bench in multi_issue");
    let (header, rows) = read_csv(&out_dir.join("bench.csv"));
    let rows: Vec<HashMap<String, String>> = rows
        .into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect();
    let opponents: Vec<&str> = rows.iter().map(|r| r["opponent"].as_str()).collect();
    assert_eq!(
        opponents,
        ["open", "guarded", "mirroring", "probing", "overall"]
    );
    // The roles are A and B.
    let br = &rows[0]["best_response"];
    assert!(br.starts_with("A: ") && br.contains(", B: "), "{br}");
    let all = rows.last().unwrap();
    let num = |k: &str| -> f64 { all[k].parse().unwrap() };
    assert_eq!(num("runs"), 4.0 * 2.0 * 15.0);
    assert_eq!(num("lies_told"), 0.0);
    assert_eq!(num("forfeits"), 0.0);
    assert!(num("deal_rate") > 0.2, "deal rate {}", all["deal_rate"]);
    assert!(num("gap_ci95") > 0.0);
    // Utilities live in [0, 1]: so does every surplus.
    for k in ["surplus", "best_response_surplus"] {
        assert!((-1.0..=1.0).contains(&num(k)), "{k} = {}", all[k]);
    }
    assert!(out_dir.join("charts/bench_gap.png").is_file());
}

/// A package of the wrong length, with a share outside [0, 1], or with a
/// share that is not a number forfeits the negotiation with the reason;
/// the run finishes.
#[test]
fn a_malformed_package_forfeits() {
    let dir = tmp();
    let modes = ["short", "outside", "text"];
    let mut tables = String::new();
    for m in modes {
        tables += &agent_table(m, &fixture("bad_package"), &[m], None);
    }
    let cfg = write_multi(
        dir.path(),
        "bad",
        &["open", "short", "outside", "text"],
        2,
        EXCHANGE,
        &tables,
    );
    let out_dir = dir.path().join("out");
    let out = negsim(dir.path(), &per_run_args(&cfg, &out_dir));
    assert_ok(&out, "run with agents whose packages are malformed");
    assert!(out.stderr.contains("forfeited"), "{}", out.stderr);
    let forfeits = out_dir.join("forfeits.csv");
    let (header, rows) = read_csv(&forfeits);
    let (agent, reason) = (
        col(&header, "agent", "forfeits.csv"),
        col(&header, "reason", "forfeits.csv"),
    );
    for (mode, want) in [
        (
            "short",
            "\"package\" has 2 numbers; this negotiation has 3 issues",
        ),
        ("outside", "\"package\"[2] = 1.5 is outside [0, 1]"),
        ("text", "\"package\"[0] = \"half\" is not a number"),
    ] {
        let mine: Vec<&Vec<String>> = rows.iter().filter(|r| r[agent] == mode).collect();
        assert!(!mine.is_empty(), "no forfeit of {mode}");
        assert!(
            mine.iter().any(|r| r[reason].contains(want)),
            "{mode}: no reason with {want:?}: {:?}",
            mine.iter().map(|r| &r[reason]).collect::<Vec<_>>()
        );
    }
    // Nobody agreed with an agent that forfeited at its first offer (or
    // walked away after).
    let runs = out_dir.join("runs.csv");
    for mode in modes {
        for (side, m) in runs_of(&runs, mode) {
            let other = if side == 0 {
                "strategy_b"
            } else {
                "strategy_a"
            };
            if m[other] == "open" {
                assert_eq!(m["deal"], "0", "{mode} agreed: {m:?}");
            }
        }
    }
}

/// Every number of a JSON value, with its path.
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

/// The spy in `multi_issue`: the opponent confides its weights and
/// reservation utility with noise and body language leaks often, yet no
/// request holds the other side's weights or reservation utility, nor an
/// offer's utility to A; its own are there.
#[test]
fn an_agent_cannot_read_the_other_sides_weights_or_reservation() {
    let dir = tmp();
    let dump = dir.path().join("seen.jsonl");
    let tables = agent_table("spy", &fixture("spy"), &[s(&dump)], None)
        + "\n[[strategy]]\nname = \"quiet\"\nbase = \"guarded\"\nfacets = \"all\"\ndisclose = 1\nanswer = 1\nprecision = 0.5\nanswer_precision = 0.5\n";
    let cfg = write_multi(
        dir.path(),
        "privacy",
        &["quiet", "spy"],
        20,
        "[exchange]\nrounds = 2\nleak_probability = 0.5\n",
        &tables,
    );
    let out_dir = dir.path().join("out");
    let out = negsim(dir.path(), &per_run_args(&cfg, &out_dir));
    assert_ok(&out, "run with the spy in multi_issue");
    let runs = out_dir.join("runs.csv");
    let mut private: Vec<f64> = Vec::new();
    for c in ["reservation_a", "reservation_b"]
        .into_iter()
        .map(String::from)
        .chain((1..=3).flat_map(|k| [format!("weight_a_{k}"), format!("weight_b_{k}")]))
    {
        private.extend(column(&runs, &c).iter().map(|v| v.parse::<f64>().unwrap()));
    }
    let is_private = |x: f64| {
        private
            .iter()
            .any(|v| (x - v).abs() <= 1e-9 * v.abs().max(1.0))
    };
    let text = std::fs::read_to_string(&dump).expect("the spy wrote what it saw");
    let (mut requests, mut weights_heard) = (0, 0);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
        if v.get("type").is_none_or(|t| t != "decide") {
            continue;
        }
        requests += 1;
        assert_eq!(v["scenario"], "multi_issue");
        assert!(v["other"].get("weights").is_none(), "{line}");
        for e in v["transcript"].as_array().unwrap() {
            if e["kind"] == "confide_weights" && e["by"] == "other" {
                weights_heard += 1;
            }
            if e["kind"] == "offer" {
                assert!(e.get("value").is_none(), "an offer's utility: {line}");
            }
        }
        let mut found = Vec::new();
        numbers(&v, "", &mut found);
        for (path, x) in found {
            // Its own values are its own to know.
            if path == ".you.value" || path.starts_with(".you.weights[") {
                assert!(is_private(x), "its own {path} = {x} is not a private value");
                continue;
            }
            assert!(
                !is_private(x),
                "the request holds a private value at {path} ({x}):\n{line}"
            );
        }
    }
    assert!(requests > 100, "the spy saw only {requests} requests");
    assert!(
        weights_heard > 10,
        "the spy heard {weights_heard} weight claims"
    );
}

/// A deterministic agent in `multi_issue` gives byte-identical results on
/// 1 and 2 threads.
#[test]
fn multi_issue_agent_results_are_byte_identical_across_thread_counts() {
    let dir = tmp();
    let tables = agent_table("truthful", &example("truthful"), &[], None);
    let cfg = write_multi(
        dir.path(),
        "threads",
        &["guarded", "mirroring", "truthful"],
        25,
        EXCHANGE,
        &tables,
    );
    let mut folders = Vec::new();
    for threads in ["1", "2"] {
        let out_dir = dir.path().join(format!("t{threads}"));
        let mut args = per_run_args(&cfg, &out_dir).to_vec();
        args.extend(["--threads", threads]);
        assert_ok(&negsim(dir.path(), &args), "run with an agent");
        folders.push(out_dir);
    }
    for f in [
        "runs.csv",
        "summary.csv",
        "matrix.csv",
        "ranking.csv",
        "forfeits.csv",
    ] {
        let a = std::fs::read(folders[0].join(f)).unwrap();
        let b = std::fs::read(folders[1].join(f)).unwrap();
        assert!(a == b, "{f} differs between 1 and 2 threads");
    }
}
