//! Agents that sleep past their timeout, crash, or print garbage forfeit
//! their negotiations (forfeits.csv, a warning naming what went wrong) and
//! the run finishes.

use super::*;
use std::time::{Duration, Instant};

/// Run `open` against the misbehaving `script` (timeout 0.5 s), 10 runs a
/// pairing; check the run finishes, every negotiation of the agent is
/// forfeited without a deal, and `expected` is in the reasons and on
/// stderr.
fn forfeits(script: &str, expected: &[&str]) {
    let dir = tmp();
    let tables = agent_table("broken", &fixture(script), &[], Some(0.5));
    let cfg = write_config(dir.path(), script, &["open", "broken"], 10, None, &tables);
    let out_dir = dir.path().join("out");
    let start = Instant::now();
    let out = negsim(dir.path(), &per_run_args(&cfg, &out_dir));
    assert_ok(&out, &format!("run with the {script} agent"));
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "the run took {:?}",
        start.elapsed()
    );
    let list = out_dir.join("forfeits.csv");
    // open-broken, broken-open: one seat; broken-broken: two.
    let agents = column(&list, "agent");
    assert_eq!(
        agents.len(),
        10 + 10 + 2 * 10,
        "{}",
        std::fs::read_to_string(&list).unwrap()
    );
    assert!(agents.iter().all(|a| a == "broken"));
    let reasons = column(&list, "reason").join("\n");
    // After three failures it is not started again: the run stays short.
    assert!(reasons.contains("not started again"), "{reasons}");
    for e in expected {
        assert!(reasons.contains(e), "no forfeit says `{e}`:\n{reasons}");
        assert!(
            out.stderr.contains(e),
            "stderr does not say `{e}`:\n{}",
            out.stderr
        );
    }
    assert!(
        out.stderr
            .contains("warning: agent 'broken' forfeited 40 of 40 negotiations")
            || out
                .stderr
                .contains("warning: agent 'broken' forfeited 40 of"),
        "no warning on stderr:\n{}",
        out.stderr
    );
    for (_, m) in runs_of(&out_dir.join("runs.csv"), "broken") {
        assert_eq!(m["deal"], "0", "a forfeited negotiation made a deal: {m:?}");
    }
    // The open/open pairing played as usual.
    let open: Vec<_> = runs_of(&out_dir.join("runs.csv"), "open")
        .into_iter()
        .filter(|(_, m)| m["strategy_a"] == "open" && m["strategy_b"] == "open")
        .collect();
    assert!(open.iter().any(|(_, m)| m["deal"] == "1"));
}

#[test]
fn a_sleeping_agent_forfeits_and_the_run_finishes() {
    forfeits("sleeper", &["no reply to the talk request within 0.5 s"]);
}

#[test]
fn a_crashing_agent_forfeits_and_the_run_finishes() {
    forfeits(
        "crasher",
        &["it exited", "something broke inside the agent"],
    );
}

#[test]
fn a_garbage_printing_agent_forfeits_and_the_run_finishes() {
    forfeits(
        "garbage",
        &["not a JSON object of the protocol", "I'd rather not say"],
    );
}

/// bench of a broken agent: its forfeits are counted in bench.csv and
/// listed in forfeits.csv, and the bench finishes.
#[test]
fn bench_of_a_crashing_agent_records_forfeits() {
    let dir = tmp();
    let out_dir = dir.path().join("bench");
    let agent = format!("python3 {}", s(&fixture("crasher")));
    let out = negsim(
        dir.path(),
        &[
            "bench",
            "--agent",
            &agent,
            "--runs",
            "5",
            "--out",
            s(&out_dir),
            "--timeout",
            "1",
            "-q",
        ],
    );
    assert_ok(&out, "bench of the crashing agent");
    let forfeits = column(&out_dir.join("bench.csv"), "forfeits");
    assert_eq!(
        forfeits.last().map(String::as_str),
        Some("40"),
        "{forfeits:?}"
    );
    assert_eq!(column(&out_dir.join("forfeits.csv"), "agent").len(), 40);
    assert!(
        out.stderr.contains("something broke inside the agent"),
        "{}",
        out.stderr
    );
}
